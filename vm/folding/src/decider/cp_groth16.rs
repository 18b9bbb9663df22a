//! Groth16 with a committed witness segment ("commit and prove").
//!
//! The decider must draw its evaluation point after the Groth16 witness is
//! fixed (`docs/decider.md`, "The trap"). Hashing the witness in the circuit
//! does that at ≈ 73 rows per witness variable (measured: a 2.55M-row
//! circuit for a 32.7k-row shape); this module does it for free, with the
//! structure of LegoSNARK's LegoGro16 (Campanelli, Fiore, Querol, eprint
//! 2019/142) and the proof of knowledge that gnark adds to its Groth16
//! commitments.
//!
//! The first `k` private variables form the committed segment `w_J`. For
//! the QAP polynomials `u_j, v_j, w_j` and trapdoors `α, β, γ, δ, τ` the
//! setup gives those variables commitment bases under `γ`, as the public
//! inputs have, instead of the usual `δ`-bases (which are removed from the
//! proving key: a prover that could also use them could split a wire between
//! the commitment and the proof and commit to one value while proving with
//! another):
//!
//! ```text
//! P_j = [(β·u_j(τ) + α·v_j(τ) + w_j(τ)) / γ]₁,   P_η = [η/γ]₁
//! D   = Σ_j w_j·P_j + ν·P_η                        (ν fresh: D hides w_J)
//! K   = σ·D  (from the bases σ·P_j, σ·P_η)          (proof of knowledge)
//! C'  = C − ν·[η/δ]₁
//! ```
//!
//! The verifier checks `e(K, [1]₂) = e(D, [σ]₂)` — `D` lies in the span of
//! the commitment bases: without `σ·IC_i` in the key a prover cannot add a
//! public-input base to `D` and shift a public input — and
//! `e(A, B) = e(α, β)·e(IC(x) + D, γ)·e(C', δ)`. A challenge derived from
//! `D` is therefore derived after `w_J` is fixed, and may be a public input
//! of the same proof.

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup, VariableBaseMSM};
use ark_ff::{Field, UniformRand, Zero};
use ark_groth16::{Groth16, PreparedVerifyingKey, ProvingKey};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, R1CS_PREDICATE_LABEL,
    SynthesisError, SynthesisMode,
};
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use ark_std::rand::{CryptoRng, RngCore};

use crate::Error;

/// The proving key: Groth16's, with the committed variables' `δ`-bases
/// zeroed, and the commitment bases.
#[derive(Clone, Debug)]
pub struct CpProvingKey {
    pub(super) groth16: ProvingKey<Bn254>,
    pub(super) bases: Vec<G1Affine>,
    pub(super) blind_base: G1Affine,
    pub(super) pok_bases: Vec<G1Affine>,
    pub(super) pok_blind_base: G1Affine,
    pub(super) eta_delta: G1Affine,
    pub(super) vk: CpVerifyingKey,
}

/// The verifying key.
#[derive(Clone, Debug)]
pub struct CpVerifyingKey {
    groth16: PreparedVerifyingKey<Bn254>,
    pub(super) g2: G2Affine,
    pub(super) sigma_g2: G2Affine,
}

impl CpVerifyingKey {
    /// A key from its parts (a key file's).
    ///
    /// # Errors
    /// The preparation's synthesis error.
    pub(super) fn from_parts(
        vk: &ark_groth16::VerifyingKey<Bn254>,
        g2: G2Affine,
        sigma_g2: G2Affine,
    ) -> Result<Self, Error> {
        Ok(Self {
            groth16: Groth16::<Bn254>::process_vk(vk)?,
            g2,
            sigma_g2,
        })
    }

    /// The number of public inputs (without the constant one).
    pub fn num_inputs(&self) -> usize {
        // A well-formed key has the constant's base; a crafted one may not.
        self.groth16.vk.gamma_abc_g1.len().saturating_sub(1)
    }

    /// The underlying Groth16 key (its public-input bases `IC_i`).
    pub fn prepared(&self) -> &PreparedVerifyingKey<Bn254> {
        &self.groth16
    }

    /// The canonical compressed encoding of the key's group elements (for
    /// a digest).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.groth16.vk.serialize_compressed(&mut out);
        let _ = self.g2.serialize_compressed(&mut out);
        let _ = self.sigma_g2.serialize_compressed(&mut out);
        out
    }
}

/// The commitment `D` to the committed segment, its proof of knowledge `K`
/// and the blind `ν` the proof needs.
#[derive(Clone, Debug)]
pub struct Commitment {
    /// `D`.
    pub d: G1Affine,
    /// `K = σ·D`.
    pub k: G1Affine,
    /// `ν`.
    pub nu: Fr,
}

/// A proof: Groth16's `(A, B, C')` and the commitment `(D, K)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpProof {
    /// `A`.
    pub a: G1Affine,
    /// `B`.
    pub b: G2Affine,
    /// `C'`.
    pub c: G1Affine,
    /// `D`.
    pub d: G1Affine,
    /// `K`.
    pub k: G1Affine,
}

impl CpProvingKey {
    /// A key from its parts (a key file's).
    pub(super) fn from_parts(
        groth16: ProvingKey<Bn254>,
        (bases, blind_base): (Vec<G1Affine>, G1Affine),
        (pok_bases, pok_blind_base): (Vec<G1Affine>, G1Affine),
        eta_delta: G1Affine,
        vk: CpVerifyingKey,
    ) -> Self {
        Self {
            groth16,
            bases,
            blind_base,
            pok_bases,
            pok_blind_base,
            eta_delta,
            vk,
        }
    }

    /// The setup of `circuit` whose first `committed` private variables are
    /// the committed segment, with trapdoors drawn from `rng`.
    ///
    /// # Errors
    /// [`Error::WitnessLength`] when the circuit has fewer private variables;
    /// the synthesis error of the circuit.
    pub fn setup<C: ConstraintSynthesizer<Fr>, R: RngCore + CryptoRng>(
        circuit: C,
        committed: usize,
        rng: &mut R,
    ) -> Result<Self, Error> {
        let [alpha, beta, gamma, delta, sigma, eta] = [(); 6].map(|()| nonzero(rng));
        let g1 = G1Projective::generator();
        let g2 = G2Projective::generator();
        let mut groth16 = Groth16::<Bn254>::generate_parameters_with_qap(
            circuit, alpha, beta, gamma, delta, g1, g2, rng,
        )?;
        if groth16.l_query.len() < committed {
            return Err(Error::WitnessLength);
        }
        let gamma_inv = gamma.inverse().ok_or(Error::InvalidKey)?;
        let delta_inv = delta.inverse().ok_or(Error::InvalidKey)?;
        // L_j = [(β·u_j + α·v_j + w_j)/δ]₁, so P_j = (δ/γ)·L_j.
        let bases = G1Projective::normalize_batch(&scale_all(
            &groth16.l_query[..committed],
            delta * gamma_inv,
        ));
        let pok = scale_all(&bases, sigma);
        for l in &mut groth16.l_query[..committed] {
            *l = G1Affine::zero();
        }
        let blind_base = g1 * (eta * gamma_inv);
        let vk = CpVerifyingKey {
            groth16: Groth16::<Bn254>::process_vk(&groth16.vk)?,
            g2: g2.into_affine(),
            sigma_g2: (g2 * sigma).into_affine(),
        };
        Ok(Self {
            groth16,
            bases,
            blind_base: blind_base.into_affine(),
            pok_bases: G1Projective::normalize_batch(&pok),
            pok_blind_base: (blind_base * sigma).into_affine(),
            eta_delta: (g1 * (eta * delta_inv)).into_affine(),
            vk,
        })
    }

    /// The verifying key.
    pub fn verifying_key(&self) -> &CpVerifyingKey {
        &self.vk
    }

    /// The number of committed variables.
    pub fn committed(&self) -> usize {
        self.bases.len()
    }

    /// Commits to the segment `w` with a fresh blind.
    ///
    /// # Errors
    /// [`Error::WitnessLength`] unless `w` has the segment's length.
    pub fn commit<R: RngCore + CryptoRng>(
        &self,
        w: &[Fr],
        rng: &mut R,
    ) -> Result<Commitment, Error> {
        if w.len() != self.bases.len() {
            return Err(Error::WitnessLength);
        }
        let nu = Fr::rand(rng);
        let d = G1Projective::msm_unchecked(&self.bases, w) + self.blind_base * nu;
        let k = G1Projective::msm_unchecked(&self.pok_bases, w) + self.pok_blind_base * nu;
        Ok(Commitment {
            d: d.into_affine(),
            k: k.into_affine(),
            nu,
        })
    }

    /// Proves `circuit` as assigned, with `commitment` made by
    /// [`CpProvingKey::commit`] of the assignment's committed segment.
    /// Nothing is checked: an unsatisfied assignment, or a commitment to
    /// other values, gives a proof that does not verify (a malicious-prover
    /// test calls this directly).
    ///
    /// # Errors
    /// The synthesis error of the circuit.
    pub fn prove<C: ConstraintSynthesizer<Fr>, R: RngCore + CryptoRng>(
        &self,
        circuit: C,
        commitment: &Commitment,
        rng: &mut R,
    ) -> Result<CpProof, Error> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove {
            construct_matrices: true,
            generate_lc_assignments: false,
        });
        circuit.generate_constraints(cs.clone())?;
        cs.finalize();
        let inner = cs.borrow().ok_or(SynthesisError::MissingCS)?;
        let matrices = inner.to_matrices()?;
        let matrices = matrices.get(R1CS_PREDICATE_LABEL).ok_or(Error::NotR1cs)?;
        let instance = inner.instance_assignment()?;
        let witness = inner.witness_assignment()?;
        let full: Vec<Fr> = instance.iter().chain(witness.iter()).copied().collect();
        let proof = Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
            &self.groth16,
            Fr::rand(rng),
            Fr::rand(rng),
            matrices,
            inner.num_instance_variables(),
            inner.num_constraints(),
            &full,
        )?;
        Ok(CpProof {
            a: proof.a,
            b: proof.b,
            c: (proof.c.into_group() - self.eta_delta * commitment.nu).into_affine(),
            d: commitment.d,
            k: commitment.k,
        })
    }
}

impl CpVerifyingKey {
    /// Verifies `proof` for `inputs`.
    ///
    /// # Errors
    /// [`Error::InstanceLength`] for a wrong number of inputs;
    /// [`Error::DeciderProofInvalid`] when a pairing check fails.
    pub fn verify(&self, inputs: &[Fr], proof: &CpProof) -> Result<(), Error> {
        if inputs.len() != self.num_inputs() || self.groth16.vk.gamma_abc_g1.is_empty() {
            return Err(Error::InstanceLength);
        }
        // K = σ·D.
        let pok = Bn254::multi_pairing(
            [proof.k, (-proof.d.into_group()).into_affine()],
            [self.g2, self.sigma_g2],
        );
        if !pok.is_zero() {
            return Err(Error::DeciderProofInvalid);
        }
        let ic = Groth16::<Bn254>::prepare_inputs(&self.groth16, inputs)? + proof.d;
        let groth16 = ark_groth16::Proof {
            a: proof.a,
            b: proof.b,
            c: proof.c,
        };
        if !Groth16::<Bn254>::verify_proof_with_prepared_inputs(&self.groth16, &groth16, &ic)? {
            return Err(Error::DeciderProofInvalid);
        }
        Ok(())
    }
}

/// `s·P` for every `P` (both cores with the `parallel` feature).
fn scale_all(points: &[G1Affine], s: Fr) -> Vec<G1Projective> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        points.par_iter().map(|p| *p * s).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        points.iter().map(|p| *p * s).collect()
    }
}

/// A uniformly random non-zero scalar.
fn nonzero<R: RngCore + CryptoRng>(rng: &mut R) -> Fr {
    loop {
        let v = Fr::rand(rng);
        if !v.is_zero() {
            return v;
        }
    }
}
