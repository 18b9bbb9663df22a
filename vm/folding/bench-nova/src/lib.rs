//! The bench step in Umbra's frontend: `num_cons` squarings of the single
//! state element, the same function as nova-snark's `NonTrivialCircuit`.
#![forbid(unsafe_code)]

use ark_bn254::Fr;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_folding::StepCircuit;

/// `z ↦ z^(2^num_cons)`, one constraint per squaring.
#[derive(Clone, Copy, Debug)]
pub struct Squarings {
    /// Number of squarings (constraints) in the step.
    pub num_cons: usize,
}

impl StepCircuit for Squarings {
    fn arity(&self) -> usize {
        1
    }

    fn generate_step_constraints(
        &self,
        _cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let mut x = z.first().ok_or(SynthesisError::ArityMismatch)?.clone();
        for _ in 0..self.num_cons {
            x = x.square()?;
        }
        Ok(vec![x])
    }
}
