//! A constant-size proof that a committed relaxed R1CS instance is
//! satisfiable: a commit-and-prove Groth16 on BN254 ([`cp_groth16`]) over
//! the [`circuit`] of the shape, plus one batched KZG opening of the
//! instance's own commitments (issue #16; design and the trap it avoids in
//! `docs/decider.md`).
//!
//! For a relaxed instance `U = (W̄, Ω̄, Ē, u, x)` of [`NovaParams`] whose key
//! is a powers-of-τ basis (a `.ptau` key, or the insecure development key)
//! the prover, holding `W = (W, E, r_W, r_Ω, r_E)`:
//!
//! 1. commits to `W` inside the Groth16 proof, `D = Σ W_j·P_j + ν·P_η`;
//! 2. derives `c = H(params digest, U, D)` ([`evaluation_point`]): `W` is
//!    fixed before `c` exists, because `c` depends on its commitment;
//! 3. proves with that Groth16 that the committed `W` gives
//!    `y_Ω = ω(c)`, `y_W = rest(c)`, `y_E = E(c)` for `E = Az ∘ Bz − u·Cz`;
//! 4. opens `Ω̄`, `W̄`, `Ē` at `c` to `y_Ω`, `y_W`, `y_E`: one KZG proof for
//!    the combination with `ρ = H(c, y, r)` ([`kzg`]), the blinds revealed.
//!
//! If the Groth16 witness differs from the committed vectors, the two
//! polynomials differ and agree at the random `c` with probability at most
//! `deg/|Fr|`, so the opening fails; if the committed `E` is not
//! `Az ∘ Bz − u·Cz` of the committed `W`, the same. The verifier needs the
//! verifying key and the instance only: three pairing products and two
//! Poseidon hashes.
//!
//! **Privacy.** The proof reveals three evaluations and three blinds of the
//! witness (`D` is hiding). Apply it to a pair folded with a random one
//! ([`crate::zk::fold_with_random`]): then `W`, `E` and the blinds are
//! uniform given the instance and the revealed values are simulatable.
//! Applied to any other pair it leaks those values.
//!
//! **Keys.** [`DeciderProvingKey::insecure_dev_setup`] runs the Groth16
//! setup with randomness derived from a public label: anyone can forge
//! proofs under such keys. A production key needs a Groth16 ceremony for the
//! shape (its phase 2 over the `.ptau` file the commitment key comes from).

pub mod circuit;
pub mod cp_groth16;
pub mod kzg;

use ark_bn254::G1Affine;
use ark_bn254::G2Affine;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{One, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{CryptoRng, RngCore, SeedableRng};
use sha3::{Digest, Sha3_256};

use crate::transcript::{Transcript, TranscriptPoseidon};
use crate::{Error, Fr, G1, NovaParams, RelaxedR1csInstance, RelaxedR1csWitness};
pub use circuit::{DeciderAssignment, DeciderCircuit};
pub use cp_groth16::{Commitment, CpProof, CpProvingKey, CpVerifyingKey};
pub use kzg::KzgVerifierKey;

/// Domain of the evaluation point `c` ("umbra_dc").
pub const EVALUATION_DOMAIN: u64 = 0x756d_6272_615f_6463;
/// Domain of the opening combiner `ρ` ("umbra_do").
pub const OPENING_DOMAIN: u64 = 0x756d_6272_615f_646f;

/// First bytes of an encoded [`DeciderProof`].
pub const DECIDER_PROOF_MAGIC: [u8; 8] = *b"UMBRADCD";
/// Version byte of the encoding.
pub const DECIDER_PROOF_VERSION: u8 = 1;
/// Length of an encoded [`DeciderProof`], whatever the shape:
/// magic, version, the Groth16 `(A, B, C', D, K)` compressed
/// (32 + 64 + 32 + 32 + 32), three evaluations, three blinds (32 each) and
/// the opening (32).
pub const DECIDER_PROOF_BYTES: usize = 8 + 1 + 192 + 6 * 32 + 32;

/// The verifier's half of the keys.
#[derive(Clone, Debug)]
pub struct DeciderVerifyingKey {
    groth16: CpVerifyingKey,
    kzg: KzgVerifierKey,
    params_digest: Fr,
    num_io: usize,
    digest: [u8; 32],
    poseidon: TranscriptPoseidon,
}

impl DeciderVerifyingKey {
    /// SHA3-256 of the Groth16 verifying key, the KZG key and the folding
    /// parameters' digest: what a proof's statement names the key by.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The digest of the folding parameters these keys decide.
    pub fn params_digest(&self) -> Fr {
        self.params_digest
    }
}

/// The prover's half of the keys (it contains the verifier's).
#[derive(Clone, Debug)]
pub struct DeciderProvingKey {
    groth16: CpProvingKey,
    vk: DeciderVerifyingKey,
}

impl DeciderProvingKey {
    /// **Insecure** deterministic keys for `params`: the Groth16 setup's
    /// randomness comes from SHA3-256 of `label`, so its trapdoor is public
    /// and anyone can prove anything. Tests and development only; `kzg`
    /// must be the verifier key of `params`' commitment key.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] when `kzg` does not belong to `params`' key (its
    /// `G_0` or `h` differ); the synthesis error of the circuit.
    pub fn insecure_dev_setup(
        params: &NovaParams<G1>,
        kzg: KzgVerifierKey,
        label: &[u8],
    ) -> Result<Self, Error> {
        if params.ck().basis().first() != Some(&kzg.g) || params.ck().blinding_generator() != kzg.h
        {
            return Err(Error::InvalidKey);
        }
        let seed: [u8; 32] = Sha3_256::new()
            .chain_update(b"umbra-folding/decider/insecure-dev-groth16")
            .chain_update(label)
            .finalize()
            .into();
        let mut rng = StdRng::from_seed(seed);
        let circuit = DeciderCircuit::new(params.shape(), params.advice(), None);
        let pk = CpProvingKey::setup(circuit, params.shape().num_witness(), &mut rng)?;
        let mut h = Sha3_256::new();
        h.update(b"umbra-folding/decider-vk/v2");
        h.update(pk.verifying_key().to_bytes());
        h.update(kzg.digest());
        let mut buf = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = params.digest().serialize_compressed(&mut buf);
        h.update(&buf);
        let digest = h.finalize().into();
        Ok(Self {
            vk: DeciderVerifyingKey {
                groth16: pk.verifying_key().clone(),
                kzg,
                params_digest: params.digest(),
                num_io: params.shape().num_io(),
                digest,
                poseidon: params.poseidon().clone(),
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

/// A decider proof: [`DECIDER_PROOF_BYTES`] bytes encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct DeciderProof {
    /// The commit-and-prove Groth16 proof of the [`circuit`].
    pub snark: CpProof,
    /// `(ω(c), rest(c), E(c))`.
    pub evals: [Fr; 3],
    /// `(r_Ω, r_W, r_E)`, the blinds of `(Ω̄, W̄, Ē)`.
    pub blinds: [Fr; 3],
    /// The KZG proof of the combined opening at `c`.
    pub opening: G1Affine,
}

impl DeciderProof {
    /// The fixed-length encoding (compressed points, canonical scalars).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(DECIDER_PROOF_BYTES);
        out.extend_from_slice(&DECIDER_PROOF_MAGIC);
        out.push(DECIDER_PROOF_VERSION);
        // Writing to a Vec cannot fail.
        let s = &self.snark;
        let _ = s.a.serialize_compressed(&mut out);
        let _ = s.b.serialize_compressed(&mut out);
        for p in [s.c, s.d, s.k] {
            let _ = p.serialize_compressed(&mut out);
        }
        for v in self.evals.iter().chain(&self.blinds) {
            let _ = v.serialize_compressed(&mut out);
        }
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
        let evals = [read(&mut r)?, read(&mut r)?, read(&mut r)?];
        let blinds = [read(&mut r)?, read(&mut r)?, read(&mut r)?];
        let opening = read(&mut r)?;
        if !r.is_empty() {
            return Err(Error::Deserialization);
        }
        Ok(Self {
            snark: CpProof { a, b, c, d, k },
            evals,
            blinds,
            opening,
        })
    }
}

/// One canonical, validated value (compressed points: on the curve and in
/// the subgroup; scalars below the modulus).
fn read<T: CanonicalDeserialize>(r: &mut &[u8]) -> Result<T, Error> {
    T::deserialize_with_mode(r, Compress::Yes, Validate::Yes).map_err(|_| Error::Deserialization)
}

/// The evaluation point `c = H(params digest, W̄, Ω̄, Ē, u, x, D)` for the
/// witness commitment `D` of the Groth16 proof.
pub fn evaluation_point(
    poseidon: &TranscriptPoseidon,
    params_digest: Fr,
    instance: &RelaxedR1csInstance<G1>,
    witness_commitment: &G1Affine,
) -> Fr {
    let mut t = Transcript::new(poseidon, EVALUATION_DOMAIN);
    t.absorb(&[params_digest]);
    t.absorb_point::<G1>(&instance.comm_w);
    t.absorb_point::<G1>(&instance.comm_omega);
    t.absorb_point::<G1>(&instance.comm_e);
    t.absorb(&[instance.u]);
    t.absorb(&instance.x);
    t.absorb_point::<G1>(witness_commitment);
    t.hash()
}

/// The combiner `ρ = H(c, y, r)` of the three openings.
pub fn opening_combiner(
    poseidon: &TranscriptPoseidon,
    c: Fr,
    evals: &[Fr; 3],
    blinds: &[Fr; 3],
) -> Fr {
    let mut t = Transcript::new(poseidon, OPENING_DOMAIN);
    t.absorb(&[c]);
    t.absorb(evals);
    t.absorb(blinds);
    t.hash()
}

/// The Groth16 public inputs: `u`, `x`, `c`, `y`.
pub fn public_inputs(instance: &RelaxedR1csInstance<G1>, c: Fr, evals: &[Fr; 3]) -> Vec<Fr> {
    let mut v = Vec::with_capacity(instance.x.len() + 5);
    v.push(instance.u);
    v.extend_from_slice(&instance.x);
    v.push(c);
    v.extend_from_slice(evals);
    v
}

/// `(ω, rest, E)`: the three committed vectors of a witness.
fn committed_vectors(params: &NovaParams<G1>, w: &RelaxedR1csWitness<G1>) -> [Vec<Fr>; 3] {
    let adv = params.advice();
    let mut rest = Vec::with_capacity(w.w.len() - adv.len());
    rest.extend_from_slice(&w.w[..adv.start]);
    rest.extend_from_slice(&w.w[adv.end..]);
    [w.w[adv].to_vec(), rest, w.e.clone()]
}

/// The combined opening proof of `vectors` at `c` with combiner `rho`.
///
/// # Errors
/// [`Error::KeyTooShort`].
pub fn combined_opening(
    params: &NovaParams<G1>,
    vectors: &[Vec<Fr>; 3],
    c: Fr,
    rho: Fr,
) -> Result<G1Affine, Error> {
    let len = vectors.iter().map(Vec::len).max().unwrap_or(0);
    let mut p = vec![Fr::zero(); len];
    let mut pow = Fr::one();
    for vec in vectors {
        for (acc, v) in p.iter_mut().zip(vec) {
            *acc += pow * v;
        }
        pow *= rho;
    }
    kzg::open(params.ck(), &p, c)
}

/// Proves that `(instance, witness)` is a satisfied relaxed pair of
/// `params` (see the [module documentation](self)).
///
/// # Errors
/// [`Error::InstanceLength`] / [`Error::WitnessLength`];
/// [`Error::Unsatisfied`] when `witness.e` is not `Az ∘ Bz − u·Cz` (the
/// decider could not be convinced); [`Error::InvalidKey`] when `pk` was made
/// for other parameters. Commitments are not re-checked here: a pair whose
/// commitments do not open to the witness gives a proof the verifier
/// rejects.
pub fn prove<R: RngCore + CryptoRng>(
    params: &NovaParams<G1>,
    pk: &DeciderProvingKey,
    instance: &RelaxedR1csInstance<G1>,
    witness: &RelaxedR1csWitness<G1>,
    rng: &mut R,
) -> Result<DeciderProof, Error> {
    let shape = params.shape();
    if pk.vk.params_digest != params.digest() {
        return Err(Error::InvalidKey);
    }
    if instance.x.len() != shape.num_io() {
        return Err(Error::InstanceLength);
    }
    if witness.w.len() != shape.num_witness() || witness.e.len() != shape.num_constraints() {
        return Err(Error::WitnessLength);
    }
    shape.check_relaxed(instance.u, &instance.x, &witness.w, &witness.e)?;
    let commitment = pk.groth16.commit(&witness.w, rng)?;
    let c = evaluation_point(params.poseidon(), params.digest(), instance, &commitment.d);
    let vectors = committed_vectors(params, witness);
    let evals = [
        kzg::evaluate(&vectors[0], c),
        kzg::evaluate(&vectors[1], c),
        kzg::evaluate(&vectors[2], c),
    ];
    let assignment = DeciderAssignment {
        u: instance.u,
        x: instance.x.clone(),
        w: witness.w.clone(),
        c,
        evals,
    };
    let circuit = DeciderCircuit::new(shape, params.advice(), Some(assignment));
    let snark = pk.groth16.prove(circuit, &commitment, rng)?;
    let blinds = [witness.r_omega, witness.r_w, witness.r_e];
    let rho = opening_combiner(params.poseidon(), c, &evals, &blinds);
    let opening = combined_opening(params, &vectors, c, rho)?;
    Ok(DeciderProof {
        snark,
        evals,
        blinds,
        opening,
    })
}

/// Verifies a decider proof for `instance` under `vk` (the statement's
/// parameters are the ones `vk` was made for).
///
/// # Errors
/// [`Error::InstanceLength`]; [`Error::DeciderProofInvalid`] when the
/// Groth16 proof fails; [`Error::OpeningInvalid`] when the commitments do
/// not open to the proved evaluations.
pub fn verify(
    vk: &DeciderVerifyingKey,
    instance: &RelaxedR1csInstance<G1>,
    proof: &DeciderProof,
) -> Result<(), Error> {
    if instance.x.len() != vk.num_io {
        return Err(Error::InstanceLength);
    }
    let c = evaluation_point(&vk.poseidon, vk.params_digest, instance, &proof.snark.d);
    let inputs = public_inputs(instance, c, &proof.evals);
    vk.groth16.verify(&inputs, &proof.snark)?;
    let rho = opening_combiner(&vk.poseidon, c, &proof.evals, &proof.blinds);
    let cms = [instance.comm_omega, instance.comm_w, instance.comm_e];
    let mut cm = G1::zero();
    let (mut y, mut r, mut pow) = (Fr::zero(), Fr::zero(), Fr::one());
    for ((cm_k, y_k), r_k) in cms.iter().zip(&proof.evals).zip(&proof.blinds) {
        cm += cm_k.into_group() * pow;
        y += *y_k * pow;
        r += *r_k * pow;
        pow *= rho;
    }
    if !vk.kzg.verify(cm.into_affine(), r, c, y, proof.opening) {
        return Err(Error::OpeningInvalid);
    }
    Ok(())
}
