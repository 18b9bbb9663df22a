//! The multiproof verifier, generic over the group gadget.

use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::emulated_fp::{EmulatedFpVar, MulResultVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_verkle::multiproof::MultiProof;
use umbra_verkle::transcript::CHALLENGE_BITS;

use super::group::{GroupScalarVar, PointOf, ScalarOf, VerkleGroupVar};
use super::ipa::{IpaProofVar, VerifierKey, ipa_verify};
use super::transcript::PoseidonTranscriptVar;

/// One opening as the verifier's public input: commitment (canonical),
/// evaluation point (a domain index) and value.
pub struct QueryVar<G: VerkleGroupVar> {
    /// The commitment.
    pub commitment: G::Point,
    /// The evaluation point (its integer).
    pub point: GroupScalarVar<G>,
    /// The value (its canonical integer).
    pub result: GroupScalarVar<G>,
}

impl<G: VerkleGroupVar> Clone for QueryVar<G> {
    fn clone(&self) -> Self {
        Self {
            commitment: self.commitment.clone(),
            point: self.point.clone(),
            result: self.result.clone(),
        }
    }
}

impl<G: VerkleGroupVar> core::fmt::Debug for QueryVar<G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("QueryVar")
            .field("commitment", &self.commitment)
            .finish_non_exhaustive()
    }
}

impl<G: VerkleGroupVar> QueryVar<G> {
    /// Allocate a query as public inputs: the commitment's
    /// [`VerkleGroupVar::public_coordinates`], then the point's and the
    /// value's [`VerkleGroupVar::public_scalar_inputs`].
    ///
    /// # Errors
    /// The constraint system's own errors.
    pub fn new_input(
        cs: ConstraintSystemRef<G::Base>,
        commitment: PointOf<G>,
        point: usize,
        result: ScalarOf<G>,
    ) -> Result<Self, SynthesisError> {
        let commitment = G::alloc_public_point(cs.clone(), || Ok(commitment))?;
        let point = G::scalar_input(cs.clone(), || Ok(ScalarOf::<G>::from(point as u64)))?;
        let result = G::scalar_input(cs, || Ok(result))?;
        Ok(Self {
            commitment,
            point,
            result,
        })
    }
}

/// A multiproof as circuit witnesses.
pub struct MultiProofVar<G: VerkleGroupVar> {
    /// Commitment to the quotient.
    pub d: G::Point,
    /// The IPA opening of `E - D` at `t`.
    pub ipa: IpaProofVar<G>,
}

impl<G: VerkleGroupVar> Clone for MultiProofVar<G> {
    fn clone(&self) -> Self {
        Self {
            d: self.d.clone(),
            ipa: self.ipa.clone(),
        }
    }
}

impl<G: VerkleGroupVar> core::fmt::Debug for MultiProofVar<G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MultiProofVar")
            .field("d", &self.d)
            .field("ipa", &self.ipa)
            .finish()
    }
}

impl<G: VerkleGroupVar> MultiProofVar<G> {
    /// Allocate `proof` as witnesses (`None`: unassigned, `rounds` rounds).
    ///
    /// # Errors
    /// The constraint system's own errors.
    pub fn new_witness(
        cs: ConstraintSystemRef<G::Base>,
        proof: Option<&MultiProof<G::Native>>,
        rounds: usize,
    ) -> Result<Self, SynthesisError> {
        let d = G::alloc_proof_point(cs.clone(), || {
            proof.map(|p| p.d).ok_or(SynthesisError::AssignmentMissing)
        })?;
        let ipa = IpaProofVar::new_witness(cs, proof.map(|p| &p.ipa), rounds)?;
        Ok(Self { d, ipa })
    }
}

/// Enforce that `proof` proves every query: the same transcript and checks
/// as [`umbra_verkle::multiproof::verify`] with a
/// [`umbra_verkle::PoseidonTranscript`]. Repeated commitments are not merged
/// (the native verifier merges them only to save work; the sum is equal).
///
/// # Errors
/// As [`ipa_verify`].
pub fn multiproof_verify<G: VerkleGroupVar>(
    transcript: &mut PoseidonTranscriptVar<'_, G::Base>,
    vk: &VerifierKey<G>,
    queries: &[QueryVar<G>],
    proof: &MultiProofVar<G>,
) -> Result<(), SynthesisError> {
    type Emu<G> = EmulatedFpVar<ScalarOf<G>, <G as VerkleGroupVar>::Base>;
    transcript.domain_sep(b"multiproof")?;
    for q in queries {
        transcript.absorb_coordinates(&G::coordinates(&q.commitment)?)?;
        for v in G::absorb_scalar(&q.point)?
            .iter()
            .chain(&G::absorb_scalar(&q.result)?)
        {
            transcript.absorb(v)?;
        }
    }
    let r = GroupScalarVar::<G>::from_native(&transcript.challenge()?.value, CHALLENGE_BITS)?;
    transcript.absorb_coordinates(&G::coordinates(&proof.d)?)?;
    let t = GroupScalarVar::<G>::from_native(&transcript.challenge()?.value, CHALLENGE_BITS)?;

    // helper_i = r^i / (t - z_i); g2(t) = sum helper_i y_i; E = sum helper_i C_i
    let mut ri = Emu::<G>::one();
    let mut g2 = MulResultVar::<ScalarOf<G>, G::Base>::zero();
    let mut e: Option<G::Point> = None;
    for (i, q) in queries.iter().enumerate() {
        if i > 0 {
            ri = &ri * &r.emu;
        }
        let helper =
            GroupScalarVar::<G>::from_emulated(&(&ri * &(&t.emu - &q.point.emu).inverse()?))?;
        g2 = &g2 + &helper.emu.mul_without_reduce(&q.result.emu)?;
        let term = G::scalar_mul_le(&q.commitment, &helper.bits)?;
        e = Some(match e {
            None => term,
            Some(acc) => G::add(&acc, &term)?,
        });
    }
    let e = match e {
        Some(e) => G::canonicalize(&e)?,
        None => return Err(SynthesisError::Unsatisfiable),
    };
    transcript.absorb_coordinates(&G::coordinates(&e)?)?;
    let g2 = GroupScalarVar::<G>::canonical_from_emulated(&g2.reduce()?)?;
    let c = G::canonicalize(&G::sub(&e, &proof.d)?)?;
    ipa_verify(transcript, vk, &c, &t, &g2, &proof.ipa)
}
