//! The benches' step of adjustable size (included by `#[path]`): it pads the augmented
//! circuit to a chosen row count, because what the measured operations cost depends on a
//! shape's rows, witnesses and non-zeros, not on what the step computes.

use ark_bn254::Fr;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_folding::StepCircuit;

/// `z ↦ z^(2^n)`: `n` rows of padding for the augmented circuit.
pub struct Squarings(pub usize);

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
        for _ in 0..self.0 {
            x = x.square()?;
        }
        Ok(vec![x])
    }
}

/// The step sizes to bench: the comma-separated list in the environment variable `var`, or
/// `default` alone.
pub fn sizes(var: &str, default: usize) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|s| s.split(',').filter_map(|v| v.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![default])
}
