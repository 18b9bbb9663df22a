//! A constant-size proof that committed relaxed R1CS instances are
//! satisfiable — one instance, or the running instance of every kind of a
//! non-uniform IVC — by a commit-and-prove Groth16 on BN254
//! ([`cp_groth16`]) over the [`circuit`] of the shapes, plus one KZG
//! opening of the instances' own commitments (issue #16; design and the
//! trap it avoids in `docs/decider.md`).
//!
//! For relaxed instances `U_k = (W̄_k, Ω̄_k, Ē_k, u_k, x_k)` of parameters
//! whose commitment keys share one powers-of-τ basis (a `.ptau` key, or the
//! insecure development key) the prover, holding the witnesses `W_k`:
//!
//! 1. commits to every `W_k` inside the Groth16 proof, `D = Σ W·P + ν·P_η`;
//! 2. derives `c = H(digests, U_0, U_1, …, D)` ([`evaluation_point`]) and
//!    `ρ = H(c)` ([`opening_combiner`]): the witnesses are fixed before
//!    either exists;
//! 3. proves with that Groth16 that the committed witnesses give
//!    `Y = Σ_i ρ^i·y_i` for the evaluations `y = (ω_0(c), rest_0(c),
//!    E_0(c), ω_1(c), …)` with `E_k = Az_k ∘ Bz_k − u_k·Cz_k`;
//! 4. opens `Σ_i ρ^i·cm_i` (`cm = (Ω̄_0, W̄_0, Ē_0, Ω̄_1, …)`) at `c` to `Y`
//!    with the combined blind `r = Σ_i ρ^i·r_i` revealed.
//!
//! If some Groth16 witness differs from its committed vector, the
//! polynomial `Σ_i ρ^i·(P_i − P'_i)(X)` is non-zero and vanishes at the
//! random `(c, ρ)` with probability at most `(deg + 3K)/|Fr|`, so the
//! opening fails; if some committed `E_k` is not `Az_k ∘ Bz_k − u_k·Cz_k`
//! of the committed `W_k`, the same. The verifier needs the verifying key
//! and the instances only: three pairing products and two Poseidon hashes.
//!
//! **Privacy.** The proof reveals one evaluation and one blind (`D` is
//! hiding). Apply it to pairs folded with random ones
//! ([`crate::zk::fold_with_random`]): then `W`, `E` and the blinds are
//! uniform given the instances and the revealed values are simulatable.
//! Applied to any other pairs it leaks those values.
//!
//! **Keys.** [`DeciderProvingKey::insecure_dev_setup`] runs the Groth16
//! setup with randomness derived from a public label: anyone can forge
//! proofs under such keys. A production key needs a Groth16 ceremony for the
//! shapes (its phase 2 over the `.ptau` file the commitment key comes from).

pub mod circuit;
pub mod cp_groth16;
pub mod key_file;
pub mod kzg;

use ark_bn254::{G1Affine, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{One, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{CryptoRng, RngCore, SeedableRng};
use sha3::{Digest, Sha3_256};

use crate::transcript::{Transcript, TranscriptPoseidon};
use crate::{Error, Fr, G1, NovaParams, RelaxedR1csInstance, RelaxedR1csWitness};
pub use circuit::{DeciderAssignment, DeciderCircuit, KindAssignment, KindShape};
pub use cp_groth16::{Commitment, CpProof, CpProvingKey, CpVerifyingKey};
pub use key_file::{KeyOrigin, load_or_insecure_dev_setup};
pub use kzg::KzgVerifierKey;

/// Domain of the evaluation point `c` ("umbra_dc").
pub const EVALUATION_DOMAIN: u64 = 0x756d_6272_615f_6463;
/// Domain of the opening combiner `ρ` ("umbra_do").
pub const OPENING_DOMAIN: u64 = 0x756d_6272_615f_646f;

/// First bytes of an encoded [`DeciderProof`].
pub const DECIDER_PROOF_MAGIC: [u8; 8] = *b"UMBRADCD";
/// Version byte of the encoding.
pub const DECIDER_PROOF_VERSION: u8 = 2;
/// Length of an encoded [`DeciderProof`], whatever the shapes and their
/// number: magic, version, the Groth16 `(A, B, C', D, K)` compressed
/// (32 + 64 + 32 + 32 + 32), `Y`, `r` and the opening (32 each).
pub const DECIDER_PROOF_BYTES: usize = 8 + 1 + 192 + 3 * 32;

/// The verifier's half of the keys.
#[derive(Clone, Debug)]
pub struct DeciderVerifyingKey {
    groth16: CpVerifyingKey,
    kzg: KzgVerifierKey,
    params_digests: Vec<Fr>,
    num_io: Vec<usize>,
    digest: [u8; 32],
    poseidon: TranscriptPoseidon,
}

/// SHA3-256 of a verifying key's parts.
fn vk_digest(groth16: &CpVerifyingKey, kzg: &KzgVerifierKey, params_digests: &[Fr]) -> [u8; 32] {
    let mut h = Sha3_256::new();
    h.update(b"umbra-folding/decider-vk/v3");
    h.update(groth16.to_bytes());
    h.update(kzg.digest());
    let mut buf = Vec::new();
    for d in params_digests {
        buf.clear();
        // Writing to a Vec cannot fail.
        let _ = d.serialize_compressed(&mut buf);
        h.update(&buf);
    }
    h.finalize().into()
}

impl DeciderVerifyingKey {
    /// SHA3-256 of the Groth16 verifying key, the KZG key and the folding
    /// parameters' digests: what a proof's statement names the key by.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The digest recomputed from the key's parts (a key file's check).
    fn recomputed_digest(&self) -> [u8; 32] {
        vk_digest(&self.groth16, &self.kzg, &self.params_digests)
    }

    /// The digests of the folding parameters these keys decide, in kind
    /// order.
    pub fn params_digests(&self) -> &[Fr] {
        &self.params_digests
    }
}

/// The prover's half of the keys (it contains the verifier's).
#[derive(Clone, Debug)]
pub struct DeciderProvingKey {
    groth16: CpProvingKey,
    vk: DeciderVerifyingKey,
}

impl DeciderProvingKey {
    /// **Insecure** deterministic keys for the kinds `params` (one, or
    /// every kind of a non-uniform IVC in kind order): the Groth16 setup's
    /// randomness comes from SHA3-256 of `label`, so its trapdoor is public
    /// and anyone can prove anything. Tests and development only; `kzg`
    /// must be the verifier key of the kinds' commitment keys.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] without kinds, or when a kind's key is not the
    /// basis of `kzg` (its `G_0`, `G_1` or `h` differ); the synthesis error
    /// of the circuit.
    pub fn insecure_dev_setup(
        params: &[&NovaParams<G1>],
        kzg: KzgVerifierKey,
        label: &[u8],
    ) -> Result<Self, Error> {
        let first = params.first().ok_or(Error::InvalidKey)?;
        let g1 = first.ck().basis().get(1).copied();
        for p in params {
            let basis = p.ck().basis();
            if basis.first() != Some(&kzg.g)
                || basis.get(1).copied() != g1
                || p.ck().blinding_generator() != kzg.h
            {
                return Err(Error::InvalidKey);
            }
        }
        let seed: [u8; 32] = Sha3_256::new()
            .chain_update(b"umbra-folding/decider/insecure-dev-groth16")
            .chain_update(label)
            .finalize()
            .into();
        let mut rng = StdRng::from_seed(seed);
        let committed = params.iter().map(|p| p.shape().num_witness()).sum();
        let pk = CpProvingKey::setup(
            DeciderCircuit::new(shapes(params), None),
            committed,
            &mut rng,
        )?;
        let params_digests: Vec<Fr> = params.iter().map(|p| p.digest()).collect();
        let digest = vk_digest(pk.verifying_key(), &kzg, &params_digests);
        Ok(Self {
            vk: DeciderVerifyingKey {
                groth16: pk.verifying_key().clone(),
                kzg,
                params_digests,
                num_io: params.iter().map(|p| p.shape().num_io()).collect(),
                digest,
                poseidon: first.poseidon().clone(),
            },
            groth16: pk,
        })
    }

    /// The verifying key.
    pub fn verifying_key(&self) -> &DeciderVerifyingKey {
        &self.vk
    }

    /// The commit-and-prove Groth16 key (a malicious-prover test builds
    /// proofs with it directly).
    pub fn groth16(&self) -> &CpProvingKey {
        &self.groth16
    }
}

/// The kinds' shapes and advice blocks, as the circuit takes them.
pub fn shapes<'a>(params: &[&'a NovaParams<G1>]) -> Vec<KindShape<'a>> {
    params.iter().map(|p| (p.shape(), p.advice())).collect()
}

/// A decider proof: [`DECIDER_PROOF_BYTES`] bytes encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct DeciderProof {
    /// The commit-and-prove Groth16 proof of the [`circuit`].
    pub snark: CpProof,
    /// `Y = Σ ρ^i·y_i`, the combined evaluation at `c`.
    pub y: Fr,
    /// `r = Σ ρ^i·r_i`, the combined blind.
    pub blind: Fr,
    /// The KZG proof of the combined opening at `c`.
    pub opening: G1Affine,
}

impl DeciderProof {
    /// The fixed-length encoding (compressed points, canonical scalars).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(DECIDER_PROOF_BYTES);
        out.extend_from_slice(&DECIDER_PROOF_MAGIC);
        out.push(DECIDER_PROOF_VERSION);
        let s = &self.snark;
        // Writing to a Vec cannot fail.
        let _ = s.a.serialize_compressed(&mut out);
        let _ = s.b.serialize_compressed(&mut out);
        for p in [s.c, s.d, s.k] {
            let _ = p.serialize_compressed(&mut out);
        }
        let _ = self.y.serialize_compressed(&mut out);
        let _ = self.blind.serialize_compressed(&mut out);
        let _ = self.opening.serialize_compressed(&mut out);
        out
    }

    /// Decodes [`DeciderProof::to_bytes`]: exact length, magic, version,
    /// every scalar canonical and every point on the curve and in the
    /// subgroup.
    ///
    /// # Errors
    /// [`Error::Deserialization`], [`Error::UnsupportedVersion`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() != DECIDER_PROOF_BYTES || bytes[..8] != DECIDER_PROOF_MAGIC {
            return Err(Error::Deserialization);
        }
        if bytes[8] != DECIDER_PROOF_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let mut r = &bytes[9..];
        let a = read::<G1Affine>(&mut r)?;
        let b = read::<G2Affine>(&mut r)?;
        let [c, d, k] = [read(&mut r)?, read(&mut r)?, read(&mut r)?];
        let (y, blind, opening) = (read(&mut r)?, read(&mut r)?, read(&mut r)?);
        if !r.is_empty() {
            return Err(Error::Deserialization);
        }
        Ok(Self {
            snark: CpProof { a, b, c, d, k },
            y,
            blind,
            opening,
        })
    }
}

/// One canonical, validated value (compressed points: on the curve and in
/// the subgroup; scalars below the modulus).
fn read<T: CanonicalDeserialize>(r: &mut &[u8]) -> Result<T, Error> {
    T::deserialize_with_mode(r, Compress::Yes, Validate::Yes).map_err(|_| Error::Deserialization)
}

/// The evaluation point `c = H(digest_k, W̄_k, Ω̄_k, Ē_k, u_k, x_k for every
/// kind, D)` for the witness commitment `D` of the Groth16 proof.
pub fn evaluation_point(
    poseidon: &TranscriptPoseidon,
    params_digests: &[Fr],
    instances: &[&RelaxedR1csInstance<G1>],
    witness_commitment: &G1Affine,
) -> Fr {
    let mut t = Transcript::new(poseidon, EVALUATION_DOMAIN);
    t.absorb(&[Fr::from(instances.len() as u64)]);
    for (digest, instance) in params_digests.iter().zip(instances) {
        t.absorb(&[*digest]);
        t.absorb_point::<G1>(&instance.comm_w);
        t.absorb_point::<G1>(&instance.comm_omega);
        t.absorb_point::<G1>(&instance.comm_e);
        t.absorb(&[instance.u]);
        t.absorb(&instance.x);
    }
    t.absorb_point::<G1>(witness_commitment);
    t.hash()
}

/// The combiner `ρ = H(c)` of the evaluations and openings (`c` already
/// absorbed everything).
pub fn opening_combiner(poseidon: &TranscriptPoseidon, c: Fr) -> Fr {
    let mut t = Transcript::new(poseidon, OPENING_DOMAIN);
    t.absorb(&[c]);
    t.hash()
}

/// The Groth16 public inputs: `u_k, x_k` of every kind, `c`, `ρ`, `Y`.
pub fn public_inputs(instances: &[&RelaxedR1csInstance<G1>], c: Fr, rho: Fr, y: Fr) -> Vec<Fr> {
    let mut v = Vec::new();
    for u in instances {
        v.push(u.u);
        v.extend_from_slice(&u.x);
    }
    v.extend_from_slice(&[c, rho, y]);
    v
}

/// `(ω, rest, E)`: the three committed vectors of a witness, in the order
/// of [`opening_order`].
pub fn committed_vectors(params: &NovaParams<G1>, w: &RelaxedR1csWitness<G1>) -> [Vec<Fr>; 3] {
    let adv = params.advice();
    let mut rest = Vec::with_capacity(w.w.len() - adv.len());
    rest.extend_from_slice(&w.w[..adv.start]);
    rest.extend_from_slice(&w.w[adv.end..]);
    [w.w[adv].to_vec(), rest, w.e.clone()]
}

/// The commitments `(Ω̄, W̄, Ē)` of an instance, the order in which the
/// evaluations and commitments of every kind are combined.
pub fn opening_order(u: &RelaxedR1csInstance<G1>) -> [G1Affine; 3] {
    [u.comm_omega, u.comm_w, u.comm_e]
}

/// `Σ_i ρ^i·v_i` coefficient-wise over vectors of any lengths.
fn combine(vectors: &[&[Fr]], rho: Fr) -> Vec<Fr> {
    let len = vectors.iter().map(|v| v.len()).max().unwrap_or(0);
    let mut p = vec![Fr::zero(); len];
    let mut pow = Fr::one();
    for v in vectors {
        for (acc, x) in p.iter_mut().zip(v.iter()) {
            *acc += pow * x;
        }
        pow *= rho;
    }
    p
}

/// `(Y, π)`: the combined evaluation at `c` of `vectors` (in the order of
/// [`opening_order`], kind after kind) and its opening proof.
///
/// # Errors
/// [`Error::KeyTooShort`].
pub fn combined_opening(
    params: &NovaParams<G1>,
    vectors: &[&[Fr]],
    c: Fr,
    rho: Fr,
) -> Result<(Fr, G1Affine), Error> {
    let p = combine(vectors, rho);
    Ok((kzg::evaluate(&p, c), kzg::open(params.ck(), &p, c)?))
}

/// `Σ_i ρ^i·r_i`.
pub fn combined_blind(blinds: &[Fr], rho: Fr) -> Fr {
    blinds.iter().rev().fold(Fr::zero(), |acc, r| acc * rho + r)
}

/// Proves that every `(instance, witness)` in `pairs` is a satisfied
/// relaxed pair of the kind `params` at the same position (see the
/// [module documentation](self)).
///
/// # Errors
/// [`Error::InstanceLength`] / [`Error::WitnessLength`] (also for a number
/// of pairs other than of kinds); [`Error::Unsatisfied`] when some
/// `witness.e` is not `Az ∘ Bz − u·Cz` (the decider could not be
/// convinced); [`Error::InvalidKey`] when `pk` was made for other
/// parameters. Commitments are not re-checked here: a pair whose
/// commitments do not open to the witness gives a proof the verifier
/// rejects.
pub fn prove<R: RngCore + CryptoRng>(
    params: &[&NovaParams<G1>],
    pk: &DeciderProvingKey,
    pairs: &[(&RelaxedR1csInstance<G1>, &RelaxedR1csWitness<G1>)],
    rng: &mut R,
) -> Result<DeciderProof, Error> {
    let digests: Vec<Fr> = params.iter().map(|p| p.digest()).collect();
    if pk.vk.params_digests != digests {
        return Err(Error::InvalidKey);
    }
    if pairs.len() != params.len() {
        return Err(Error::InstanceLength);
    }
    let mut all_w = Vec::new();
    for (p, (u, w)) in params.iter().zip(pairs) {
        let shape = p.shape();
        if u.x.len() != shape.num_io() {
            return Err(Error::InstanceLength);
        }
        if w.w.len() != shape.num_witness() || w.e.len() != shape.num_constraints() {
            return Err(Error::WitnessLength);
        }
        shape.check_relaxed(u.u, &u.x, &w.w, &w.e)?;
        all_w.extend_from_slice(&w.w);
    }
    let commitment = pk.groth16.commit(&all_w, rng)?;
    let instances: Vec<_> = pairs.iter().map(|(u, _)| *u).collect();
    let c = evaluation_point(&pk.vk.poseidon, &digests, &instances, &commitment.d);
    let rho = opening_combiner(&pk.vk.poseidon, c);
    let vectors: Vec<[Vec<Fr>; 3]> = params
        .iter()
        .zip(pairs)
        .map(|(p, (_, w))| committed_vectors(p, w))
        .collect();
    let flat: Vec<&[Fr]> = vectors.iter().flatten().map(Vec::as_slice).collect();
    // The kinds share one basis (checked at setup): the longest key opens all.
    let longest = params
        .iter()
        .max_by_key(|p| p.ck().len())
        .ok_or(Error::InvalidKey)?;
    let (y, opening) = combined_opening(longest, &flat, c, rho)?;
    let blinds: Vec<Fr> = pairs
        .iter()
        .flat_map(|(_, w)| [w.r_omega, w.r_w, w.r_e])
        .collect();
    let assignment = DeciderAssignment {
        kinds: pairs
            .iter()
            .map(|(u, w)| KindAssignment {
                u: u.u,
                x: u.x.clone(),
                w: w.w.clone(),
            })
            .collect(),
        c,
        rho,
        y,
    };
    let circuit = DeciderCircuit::new(shapes(params), Some(assignment));
    let snark = pk.groth16.prove(circuit, &commitment, rng)?;
    Ok(DeciderProof {
        snark,
        y,
        blind: combined_blind(&blinds, rho),
        opening,
    })
}

/// Verifies a decider proof for `instances` (one per kind, in kind order)
/// under `vk` (the statement's parameters are the ones `vk` was made for).
///
/// # Errors
/// [`Error::InstanceLength`]; [`Error::DeciderProofInvalid`] when the
/// Groth16 proof fails; [`Error::OpeningInvalid`] when the commitments do
/// not open to the proved evaluation.
pub fn verify(
    vk: &DeciderVerifyingKey,
    instances: &[&RelaxedR1csInstance<G1>],
    proof: &DeciderProof,
) -> Result<(), Error> {
    if instances.len() != vk.num_io.len()
        || instances
            .iter()
            .zip(&vk.num_io)
            .any(|(u, &n)| u.x.len() != n)
    {
        return Err(Error::InstanceLength);
    }
    let c = evaluation_point(&vk.poseidon, &vk.params_digests, instances, &proof.snark.d);
    let rho = opening_combiner(&vk.poseidon, c);
    let inputs = public_inputs(instances, c, rho, proof.y);
    vk.groth16.verify(&inputs, &proof.snark)?;
    let mut cm = G1::zero();
    let mut pow = Fr::one();
    for u in instances {
        for p in opening_order(u) {
            cm += p.into_group() * pow;
            pow *= rho;
        }
    }
    if !vk
        .kzg
        .verify(cm.into_affine(), proof.blind, c, proof.y, proof.opening)
    {
        return Err(Error::OpeningInvalid);
    }
    Ok(())
}
