//! The compressed, zero-knowledge form of an [`IvcProof`] (issue #16, at
//! the engine's level: a uniform IVC).
//!
//! From the final `(U_n, W_n)`, `(u_n, w_n)` and `(cf_U, cf_W)` the prover
//!
//! 1. folds `u_n` into `U_n` with the NIFS (its `T̄` hiding), so that one
//!    running primary pair is left;
//! 2. folds that pair with a random satisfying pair ([`crate::zk`]): the
//!    folded witness is uniform given the instance;
//! 3. proves the folded primary pair satisfiable with the [`decider`]
//!    (commit-and-prove Groth16 + one KZG opening: 297 bytes);
//! 4. folds the CycleFold pair with a random pair on Grumpkin and **sends
//!    the folded witness in the clear** — uniform, so it reveals nothing,
//!    but it is ≈ 2 × 2.3k scalars: the proof is constant in the number of
//!    steps, not yet constant-small (a Grumpkin argument or an in-circuit
//!    check would replace it; `docs/decider.md`).
//!
//! The verifier recomputes the state hash `u_n.x = H(pp, n, z_0, z_n, IC,
//! U_n, cf_U)` from the public `(n, z_0, z_n, IC)` and the running
//! instances, both folds from their proofs, and checks the decider proof and
//! the CycleFold pair. Revealed: the step count, `z_0`, `z_n`, `IC` and the
//! instances (hiding commitments and hashes); no witness value of any step.

use ark_ec::AffineRepr;
use ark_std::rand::{CryptoRng, RngCore};

use crate::decider::{self, DeciderProof, DeciderProvingKey, DeciderVerifyingKey, KzgVerifierKey};
use crate::ivc::{self, IvcParams, IvcProof, get, put};
use crate::nifs::NovaProof;
use crate::nivc::{NivcParams, NivcProof, NivcPublicPart, check_public_part_nivc, verify_nivc};
use crate::zk::{ZkFoldProof, fold_with_random, verify_fold_with_random};
use crate::{
    Error, FoldingScheme, Fr, G1, Grumpkin, Nova, R1csInstance, RelaxedR1csInstance,
    RelaxedR1csWitness,
};

/// Version byte of [`CompressedIvcProof::to_bytes`].
pub const COMPRESSED_PROOF_VERSION: u8 = 1;
/// First bytes of an encoded [`CompressedIvcProof`].
pub const COMPRESSED_PROOF_MAGIC: [u8; 8] = *b"UMBRACIV";

/// A compressed IVC proof (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct CompressedIvcProof {
    /// Number of steps proved (`≥ 1`).
    pub steps: u64,
    /// Initial state.
    pub z0: Vec<Fr>,
    /// Final state.
    pub zn: Vec<Fr>,
    /// The advice chain in the state hash.
    pub ic: Fr,
    /// The running primary instance `U_n`.
    pub big_u: RelaxedR1csInstance<G1>,
    /// The last step's instance `u_n`.
    pub u: R1csInstance<G1>,
    /// The running CycleFold instance.
    pub cf_u: RelaxedR1csInstance<Grumpkin>,
    /// `T̄` of the fold of `u_n` into `U_n`.
    pub last_fold: ark_bn254::G1Affine,
    /// The random pair's instance and `T̄` of the primary ZK fold.
    pub zk_fold: ZkFoldProof<G1>,
    /// The decider proof of the folded primary instance.
    pub decider: DeciderProof,
    /// The same for the CycleFold pair.
    pub cf_zk_fold: ZkFoldProof<Grumpkin>,
    /// The folded (uniformly random) CycleFold witness.
    pub cf_w: RelaxedR1csWitness<Grumpkin>,
}

/// **Insecure** development keys of the decider for `pp`'s primary shape,
/// whose commitment key must be `pp`'s development key of `label`
/// ([`IvcParams::setup`]); see [`DeciderProvingKey::insecure_dev_setup`].
///
/// # Errors
/// [`Error::InvalidKey`] for a key without the powers-of-τ shape (a
/// transparent key: nothing can be opened against it), the errors of the
/// setup.
pub fn insecure_dev_decider_setup(
    pp: &IvcParams,
    label: &[u8],
) -> Result<DeciderProvingKey, Error> {
    let kzg = KzgVerifierKey::insecure_dev(pp.primary().ck(), label)?;
    DeciderProvingKey::insecure_dev_setup(&[pp.primary()], kzg, label)
}

/// Compresses an IVC proof (see the [module documentation](self)).
///
/// # Errors
/// The errors of [`ivc::verify`] (a proof it rejects is not compressed),
/// [`Error::InvalidKey`] when `pk` is not a key of `pp`'s primary shape,
/// and the errors of the folds and the decider.
pub fn compress<R: RngCore + CryptoRng>(
    pp: &IvcParams,
    pk: &DeciderProvingKey,
    proof: &IvcProof,
    rng: &mut R,
) -> Result<CompressedIvcProof, Error> {
    if pk.verifying_key().params_digests() != [pp.primary().digest()] {
        return Err(Error::InvalidKey);
    }
    ivc::verify(pp, proof)?;
    let (last, big_u, big_w, _) = Nova::prove(
        pp.primary(),
        (&proof.big_u, &proof.big_w),
        (&proof.u, &proof.w),
        rng,
    )?;
    let zk = fold_with_random(pp.primary(), (&big_u, &big_w), rng)?;
    let decider = decider::prove(&[pp.primary()], pk, &[(&zk.instance, &zk.witness)], rng)?;
    let cf = fold_with_random(pp.cyclefold(), (&proof.cf_u, &proof.cf_w), rng)?;
    Ok(CompressedIvcProof {
        steps: proof.steps,
        z0: proof.z0.clone(),
        zn: proof.zn.clone(),
        ic: proof.ic,
        big_u: proof.big_u.clone(),
        u: proof.u.clone(),
        cf_u: proof.cf_u.clone(),
        last_fold: last.comm_t,
        zk_fold: zk.proof,
        decider,
        cf_zk_fold: cf.proof,
        cf_w: cf.witness,
    })
}

/// Verifies a compressed IVC proof under the decider key `vk` of `pp`.
///
/// # Errors
/// [`Error::InvalidKey`] when `vk` belongs to other parameters; the
/// checks of [`ivc::verify`] on the public part ([`Error::BaseCase`],
/// [`Error::ArityMismatch`], [`Error::InstanceLength`],
/// [`Error::StateHashMismatch`]); the decider's errors
/// ([`Error::DeciderProofInvalid`], [`Error::OpeningInvalid`]) and the
/// CycleFold pair's ([`Error::CommitmentMismatch`], [`Error::Unsatisfied`],
/// length errors).
pub fn verify_compressed(
    pp: &IvcParams,
    vk: &DeciderVerifyingKey,
    proof: &CompressedIvcProof,
) -> Result<(), Error> {
    if vk.params_digests() != [pp.primary().digest()] {
        return Err(Error::InvalidKey);
    }
    ivc::check_public_part(
        pp,
        proof.steps,
        (&proof.z0, &proof.zn),
        proof.ic,
        (&proof.big_u, &proof.u, &proof.cf_u),
    )?;
    let last = NovaProof {
        comm_t: proof.last_fold,
    };
    let (big_u, _) = Nova::verify(pp.primary(), &proof.big_u, &proof.u, &last)?;
    let (folded, _) = verify_fold_with_random(pp.primary(), &big_u, &proof.zk_fold)?;
    decider::verify(vk, &[&folded], &proof.decider)?;
    let (cf_folded, _) = verify_fold_with_random(pp.cyclefold(), &proof.cf_u, &proof.cf_zk_fold)?;
    pp.cyclefold().check_relaxed(&cf_folded, &proof.cf_w)
}

fn put_instance<G: ark_ec::CurveGroup>(out: &mut Vec<u8>, u: &RelaxedR1csInstance<G>, omega: bool) {
    put(out, &u.comm_w);
    if omega {
        put(out, &u.comm_omega);
    }
    put(out, &u.comm_e);
    put(out, &u.u);
    put(out, &u.x);
}

fn get_instance<G: ark_ec::CurveGroup>(
    r: &mut &[u8],
    omega: bool,
) -> Result<RelaxedR1csInstance<G>, Error> {
    Ok(RelaxedR1csInstance {
        comm_w: get(r)?,
        comm_omega: if omega { get(r)? } else { G::Affine::zero() },
        comm_e: get(r)?,
        u: get(r)?,
        x: get(r)?,
    })
}

/// The common end of both compressed encodings: the decider proof, the
/// CycleFold pair's ZK fold and its folded witness (without `Ω̄`, `r_Ω`).
fn put_end(
    out: &mut Vec<u8>,
    decider: &DeciderProof,
    cf_zk_fold: &ZkFoldProof<Grumpkin>,
    cf_w: &RelaxedR1csWitness<Grumpkin>,
) {
    out.extend_from_slice(&decider.to_bytes());
    put_instance(out, &cf_zk_fold.random, false);
    put(out, &cf_zk_fold.comm_t);
    put(out, &cf_w.w);
    put(out, &cf_w.r_w);
    put(out, &cf_w.e);
    put(out, &cf_w.r_e);
}

/// Decodes [`put_end`], which must end the bytes.
#[allow(clippy::type_complexity)]
fn get_end(
    r: &mut &[u8],
) -> Result<
    (
        DeciderProof,
        ZkFoldProof<Grumpkin>,
        RelaxedR1csWitness<Grumpkin>,
    ),
    Error,
> {
    let len = decider::DECIDER_PROOF_BYTES;
    if r.len() < len {
        return Err(Error::Deserialization);
    }
    let decider = DeciderProof::from_bytes(&r[..len])?;
    *r = &r[len..];
    let cf_zk_fold = ZkFoldProof {
        random: get_instance(r, false)?,
        comm_t: get(r)?,
    };
    let cf_w = RelaxedR1csWitness {
        w: get(r)?,
        r_w: get(r)?,
        r_omega: Default::default(),
        e: get(r)?,
        r_e: get(r)?,
    };
    if !r.is_empty() {
        return Err(Error::Deserialization);
    }
    Ok((decider, cf_zk_fold, cf_w))
}

impl CompressedIvcProof {
    /// Versioned encoding: magic, version, then every field in declaration
    /// order in arkworks' canonical compressed serialization (the decider
    /// proof as [`DeciderProof::to_bytes`]; the CycleFold pairs without
    /// their `Ω̄`, as in [`IvcProof::to_bytes`]). Its length depends on the
    /// parameters only, not on the number of steps.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = COMPRESSED_PROOF_MAGIC.to_vec();
        out.push(COMPRESSED_PROOF_VERSION);
        put(&mut out, &self.steps);
        put(&mut out, &self.z0);
        put(&mut out, &self.zn);
        put(&mut out, &self.ic);
        put_instance(&mut out, &self.big_u, true);
        put(&mut out, &self.u.comm_w);
        put(&mut out, &self.u.comm_omega);
        put(&mut out, &self.u.x);
        put_instance(&mut out, &self.cf_u, false);
        put(&mut out, &self.last_fold);
        put_instance(&mut out, &self.zk_fold.random, true);
        put(&mut out, &self.zk_fold.comm_t);
        put_end(&mut out, &self.decider, &self.cf_zk_fold, &self.cf_w);
        out
    }

    /// Decodes [`CompressedIvcProof::to_bytes`] (every point validated, no
    /// trailing bytes, the canonical encoding only).
    ///
    /// # Errors
    /// [`Error::Deserialization`], [`Error::UnsupportedVersion`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() < 9 || bytes[..8] != COMPRESSED_PROOF_MAGIC {
            return Err(Error::Deserialization);
        }
        if bytes[8] != COMPRESSED_PROOF_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let r = &mut &bytes[9..];
        let (steps, z0, zn, ic) = (get(r)?, get(r)?, get(r)?, get(r)?);
        let big_u = get_instance(r, true)?;
        let u = R1csInstance {
            comm_w: get(r)?,
            comm_omega: get(r)?,
            x: get(r)?,
        };
        let cf_u = get_instance(r, false)?;
        let last_fold = get(r)?;
        let zk_fold = ZkFoldProof {
            random: get_instance(r, true)?,
            comm_t: get(r)?,
        };
        let (decider, cf_zk_fold, cf_w) = get_end(r)?;
        let proof = Self {
            steps,
            z0,
            zn,
            ic,
            big_u,
            u,
            cf_u,
            last_fold,
            zk_fold,
            decider,
            cf_zk_fold,
            cf_w,
        };
        // One encoding per proof (arkworks accepts some non-canonical point
        // encodings): re-encode and compare.
        if proof.to_bytes() != bytes {
            return Err(Error::Deserialization);
        }
        Ok(proof)
    }
}

/// Version byte of [`CompressedNivcProof::to_bytes`].
pub const COMPRESSED_NIVC_PROOF_VERSION: u8 = 1;
/// First bytes of an encoded [`CompressedNivcProof`].
pub const COMPRESSED_NIVC_PROOF_MAGIC: [u8; 8] = *b"UMBRACNV";

/// A compressed non-uniform IVC proof: as [`CompressedIvcProof`], with one
/// running instance per kind, each folded with its own random pair, and
/// one decider proof for all of them together.
#[derive(Clone, Debug, PartialEq)]
pub struct CompressedNivcProof {
    /// Number of steps proved (`≥ 1`).
    pub steps: u64,
    /// Initial program counter (kind).
    pub pc0: u64,
    /// Initial state.
    pub z0: Vec<Fr>,
    /// Final state.
    pub zn: Vec<Fr>,
    /// The kind selected for the next step.
    pub pc: u64,
    /// The kind of the last step.
    pub last: u64,
    /// The advice chain in the state hash.
    pub ic: Fr,
    /// The running instance of every kind.
    pub running: Vec<RelaxedR1csInstance<G1>>,
    /// The last step's instance (of kind `last`).
    pub u: R1csInstance<G1>,
    /// The running CycleFold instance.
    pub cf_u: RelaxedR1csInstance<Grumpkin>,
    /// `T̄` of the fold of `u` into the running instance of kind `last`.
    pub last_fold: ark_bn254::G1Affine,
    /// Per kind, the random pair's instance and `T̄` of its ZK fold.
    pub zk_folds: Vec<ZkFoldProof<G1>>,
    /// The decider proof of every kind's folded instance.
    pub decider: DeciderProof,
    /// The CycleFold pair's ZK fold.
    pub cf_zk_fold: ZkFoldProof<Grumpkin>,
    /// The folded (uniformly random) CycleFold witness.
    pub cf_w: RelaxedR1csWitness<Grumpkin>,
}

/// **Insecure** development keys of the decider for every kind of `pp`
/// (development commitment key of `label`, [`NivcParams::setup`]).
///
/// # Errors
/// As [`insecure_dev_decider_setup`].
pub fn insecure_dev_nivc_decider_setup(
    pp: &NivcParams,
    label: &[u8],
) -> Result<DeciderProvingKey, Error> {
    let primaries = pp.primaries();
    let first = primaries.first().ok_or(Error::InvalidKey)?;
    let kzg = KzgVerifierKey::insecure_dev(first.ck(), label)?;
    DeciderProvingKey::insecure_dev_setup(&primaries, kzg, label)
}

fn digests_match(vk: &DeciderVerifyingKey, pp: &NivcParams) -> bool {
    let digests: Vec<Fr> = pp.primaries().iter().map(|p| p.digest()).collect();
    vk.params_digests() == digests.as_slice()
}

/// Compresses a non-uniform IVC proof: `u` folded into the running
/// instance of its kind, every kind's running pair folded with a random
/// one, all decided by one proof; the CycleFold pair as in [`compress`].
///
/// # Errors
/// The errors of [`verify_nivc`] (a proof it rejects is not compressed),
/// [`Error::InvalidKey`] when `pk` is not a key of `pp`'s kinds, and the
/// errors of the folds and the decider.
pub fn compress_nivc<R: RngCore + CryptoRng>(
    pp: &NivcParams,
    pk: &DeciderProvingKey,
    proof: &NivcProof,
    rng: &mut R,
) -> Result<CompressedNivcProof, Error> {
    if !digests_match(pk.verifying_key(), pp) {
        return Err(Error::InvalidKey);
    }
    verify_nivc(pp, proof)?;
    let primaries = pp.primaries();
    let last = usize::try_from(proof.last).map_err(|_| Error::KindOutOfRange)?;
    let mut pairs = proof.running.clone();
    let (running_last, running_last_w) = pairs.get(last).ok_or(Error::KindOutOfRange)?;
    let (fold, big_u, big_w, _) = Nova::prove(
        primaries[last],
        (running_last, running_last_w),
        (&proof.u, &proof.w),
        rng,
    )?;
    pairs[last] = (big_u, big_w);
    let mut zk_folds = Vec::with_capacity(pairs.len());
    let mut folded = Vec::with_capacity(pairs.len());
    for (p, (u, w)) in primaries.iter().zip(&pairs) {
        let z = fold_with_random(p, (u, w), rng)?;
        zk_folds.push(z.proof);
        folded.push((z.instance, z.witness));
    }
    let refs: Vec<_> = folded.iter().map(|(u, w)| (u, w)).collect();
    let decider = decider::prove(&primaries, pk, &refs, rng)?;
    let cf = fold_with_random(pp.cyclefold(), (&proof.cf_u, &proof.cf_w), rng)?;
    Ok(CompressedNivcProof {
        steps: proof.steps,
        pc0: proof.pc0,
        z0: proof.z0.clone(),
        zn: proof.zn.clone(),
        pc: proof.pc,
        last: proof.last,
        ic: proof.ic,
        running: proof.running.iter().map(|(u, _)| u.clone()).collect(),
        u: proof.u.clone(),
        cf_u: proof.cf_u.clone(),
        last_fold: fold.comm_t,
        zk_folds,
        decider,
        cf_zk_fold: cf.proof,
        cf_w: cf.witness,
    })
}

/// Verifies a compressed non-uniform IVC proof under the decider key `vk`
/// of `pp`'s kinds.
///
/// # Errors
/// [`Error::InvalidKey`] when `vk` belongs to other parameters; the checks
/// of [`verify_nivc`] on the public part ([`Error::InstanceLength`] for a
/// number of running instances or folds other than of kinds,
/// [`Error::KindOutOfRange`], [`Error::StateHashMismatch`], …); the
/// decider's and the CycleFold pair's errors, as [`verify_compressed`].
pub fn verify_compressed_nivc(
    pp: &NivcParams,
    vk: &DeciderVerifyingKey,
    proof: &CompressedNivcProof,
) -> Result<(), Error> {
    if !digests_match(vk, pp) {
        return Err(Error::InvalidKey);
    }
    let last_pp = check_public_part_nivc(
        pp,
        &NivcPublicPart {
            steps: proof.steps,
            pc0: proof.pc0,
            z0: &proof.z0,
            zn: &proof.zn,
            pc: proof.pc,
            last: proof.last,
            ic: proof.ic,
            running: &proof.running,
            u: &proof.u,
            cf_u: &proof.cf_u,
        },
    )?;
    if proof.zk_folds.len() != pp.num_kinds() {
        return Err(Error::InstanceLength);
    }
    let last = usize::try_from(proof.last).map_err(|_| Error::KindOutOfRange)?;
    let mut running = proof.running.clone();
    let fold = NovaProof {
        comm_t: proof.last_fold,
    };
    running[last] = Nova::verify(last_pp, &running[last], &proof.u, &fold)?.0;
    let mut folded = Vec::with_capacity(running.len());
    for ((p, u), zk) in pp.primaries().iter().zip(&running).zip(&proof.zk_folds) {
        folded.push(verify_fold_with_random(p, u, zk)?.0);
    }
    let refs: Vec<_> = folded.iter().collect();
    decider::verify(vk, &refs, &proof.decider)?;
    let (cf_folded, _) = verify_fold_with_random(pp.cyclefold(), &proof.cf_u, &proof.cf_zk_fold)?;
    pp.cyclefold().check_relaxed(&cf_folded, &proof.cf_w)
}

impl CompressedNivcProof {
    /// Versioned encoding: magic, version, then every field in declaration
    /// order in arkworks' canonical compressed serialization (the vectors of
    /// running instances and folds length-prefixed; the decider proof as
    /// [`DeciderProof::to_bytes`]; CycleFold pairs without their `Ω̄`). Its
    /// length depends on the parameters only, not on the number of steps.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = COMPRESSED_NIVC_PROOF_MAGIC.to_vec();
        out.push(COMPRESSED_NIVC_PROOF_VERSION);
        for v in [self.steps, self.pc0] {
            put(&mut out, &v);
        }
        put(&mut out, &self.z0);
        put(&mut out, &self.zn);
        for v in [self.pc, self.last] {
            put(&mut out, &v);
        }
        put(&mut out, &self.ic);
        put(&mut out, &(self.running.len() as u64));
        for u in &self.running {
            put_instance(&mut out, u, true);
        }
        put(&mut out, &self.u.comm_w);
        put(&mut out, &self.u.comm_omega);
        put(&mut out, &self.u.x);
        put_instance(&mut out, &self.cf_u, false);
        put(&mut out, &self.last_fold);
        put(&mut out, &(self.zk_folds.len() as u64));
        for z in &self.zk_folds {
            put_instance(&mut out, &z.random, true);
            put(&mut out, &z.comm_t);
        }
        put_end(&mut out, &self.decider, &self.cf_zk_fold, &self.cf_w);
        out
    }

    /// Decodes [`CompressedNivcProof::to_bytes`] (every point validated, no
    /// trailing bytes, the canonical encoding only).
    ///
    /// # Errors
    /// [`Error::Deserialization`], [`Error::UnsupportedVersion`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() < 9 || bytes[..8] != COMPRESSED_NIVC_PROOF_MAGIC {
            return Err(Error::Deserialization);
        }
        if bytes[8] != COMPRESSED_NIVC_PROOF_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let r = &mut &bytes[9..];
        let (steps, pc0, z0, zn) = (get(r)?, get(r)?, get(r)?, get(r)?);
        let (pc, last, ic) = (get(r)?, get(r)?, get(r)?);
        // Each element takes at least one byte: a count beyond the rest is
        // malformed (and would otherwise reserve memory it names).
        let count = |r: &mut &[u8]| -> Result<usize, Error> {
            let n: u64 = get(r)?;
            usize::try_from(n)
                .ok()
                .filter(|&n| n <= r.len())
                .ok_or(Error::Deserialization)
        };
        let n = count(r)?;
        let running = (0..n)
            .map(|_| get_instance(r, true))
            .collect::<Result<Vec<_>, _>>()?;
        let u = R1csInstance {
            comm_w: get(r)?,
            comm_omega: get(r)?,
            x: get(r)?,
        };
        let cf_u = get_instance(r, false)?;
        let last_fold = get(r)?;
        let n = count(r)?;
        let zk_folds = (0..n)
            .map(|_| {
                Ok(ZkFoldProof {
                    random: get_instance(r, true)?,
                    comm_t: get(r)?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let (decider, cf_zk_fold, cf_w) = get_end(r)?;
        let proof = Self {
            steps,
            pc0,
            z0,
            zn,
            pc,
            last,
            ic,
            running,
            u,
            cf_u,
            last_fold,
            zk_folds,
            decider,
            cf_zk_fold,
            cf_w,
        };
        if proof.to_bytes() != bytes {
            return Err(Error::Deserialization);
        }
        Ok(proof)
    }
}
