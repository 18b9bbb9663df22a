//! Poseidon gadgets matching `umbra-poseidon` exactly.
//!
//! Every gadget takes the native instance [`Poseidon<F, T>`] (the reference
//! parameters the native crate generates: `x^5`, `R_F = 8`, `R_P` = 56, 57,
//! 56, 60 for `T` = 2..=5, over BLS12-381 Fr and BN254 Fr) and reads its
//! round constants and MDS matrix, so the two can never drift apart.
//!
//! | native | gadget |
//! |---|---|
//! | [`Poseidon::permute`] | [`PoseidonPermutationVar::permute`] |
//! | [`Poseidon::hash`] (fixed length, circomlib-compatible on BN254) | [`PoseidonPermutationVar::hash`], [`poseidon_hash_var`] |
//! | [`Poseidon::compress`] (2-to-1, capacity [`DOMAIN_MERKLE_2_TO_1`]) | [`PoseidonPermutationVar::compress`], [`poseidon_compress_var`] |
//! | [`umbra_poseidon::Sponge`] over elements / bytes | [`PoseidonSpongeVar`] |
//! | [`Poseidon::hash_elements`] / [`Poseidon::hash_bytes`] | [`PoseidonPermutationVar::hash_elements`] / [`PoseidonPermutationVar::hash_bytes`] |
//! | [`Poseidon::merkle_root`] | [`merkle_root_var`], [`MerklePathVar`] |
//!
//! # Cost
//!
//! An S-box `x^5` costs three constraints (`x^2`, `x^4`, `x^5`); round
//! constants and MDS layers are linear combinations and cost nothing. The
//! permutation of `T` variable cells therefore costs `3 (8 T + R_P)`
//! constraints (243 for `T = 3`). Cells that are constants stay constants
//! (arkworks folds `FpVar::Constant` arithmetic), so a mode whose capacity
//! cell is a constant tag saves the first S-box on it: the fixed-length hash
//! and the 2-to-1 compression cost 240 for `T = 3`. The partial rounds are
//! written in the reference shape (full MDS per round): in R1CS the linear
//! layer is free, so the native crate's sparse-matrix optimisation would
//! change nothing but the code size.
//!
//! All gadgets are deterministic functions of public lengths: the number of
//! permutations depends only on the number of inputs (never on their
//! values), exactly as natively.

mod merkle;
mod sponge;

use alloc::vec::Vec;

use ark_r1cs_std::fields::fp::{AllocatedFp, FpVar};
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;
pub use umbra_poseidon::{CtField, DOMAIN_MERKLE_2_TO_1, FULL_ROUNDS, Poseidon};

pub use merkle::{MerklePathVar, merkle_root_var};
pub use sponge::PoseidonSpongeVar;

/// The Poseidon permutation gadget for the native instance `params`, and the
/// hash modes built on it (see the [module documentation](self)).
///
/// It only borrows the native parameters; build them once with
/// [`Poseidon::new`] and share them between native code and circuits.
#[derive(Clone, Copy, Debug)]
pub struct PoseidonPermutationVar<'a, F: CtField, const T: usize> {
    params: &'a Poseidon<F, T>,
}

impl<'a, F: CtField, const T: usize> PoseidonPermutationVar<'a, F, T> {
    /// The gadget for the native instance `params`.
    pub fn new(params: &'a Poseidon<F, T>) -> Self {
        Self { params }
    }

    /// The native instance.
    pub fn params(&self) -> &'a Poseidon<F, T> {
        self.params
    }

    /// Applies the permutation to `state` in place; equal to
    /// [`Poseidon::permute`] (and [`Poseidon::permute_plain`]).
    ///
    /// Costs `3 (8 T + R_P)` constraints when every cell is a variable,
    /// three fewer per S-box whose input is a constant.
    ///
    /// # Errors
    /// Only the constraint system's own errors (e.g. a missing assignment).
    pub fn permute(&self, state: &mut [FpVar<F>; T]) -> Result<(), SynthesisError> {
        let r_p = self.params.partial_rounds();
        let half = FULL_ROUNDS / 2;
        let mds = self.params.mds();
        for r in 0..FULL_ROUNDS + r_p {
            let rc = self
                .params
                .round_constants(r)
                .ok_or(SynthesisError::Unsatisfiable)?;
            for (x, c) in state.iter_mut().zip(rc.iter()) {
                *x = &*x + *c;
            }
            if r < half || r >= half + r_p {
                for x in state.iter_mut() {
                    *x = sbox(x)?;
                }
            } else {
                state[0] = sbox(&state[0])?;
            }
            *state = mds_mul(mds, state);
        }
        Ok(())
    }

    /// Fixed-length hash of exactly `T - 1` elements, equal to
    /// [`Poseidon::hash`] (circomlib's `Poseidon(T-1)` on BN254): permutes
    /// `[0, inputs...]` and returns cell 0. Costs `3 (8 T + R_P) - 3`
    /// constraints for variable inputs (240 for `T = 3`).
    ///
    /// # Errors
    /// [`SynthesisError::ArityMismatch`] unless `inputs.len() == T - 1`;
    /// otherwise only the constraint system's own errors.
    pub fn hash(&self, inputs: &[FpVar<F>]) -> Result<FpVar<F>, SynthesisError> {
        if inputs.len() + 1 != T {
            return Err(SynthesisError::ArityMismatch);
        }
        let mut state: [FpVar<F>; T] = core::array::from_fn(|i| {
            if i == 0 {
                FpVar::Constant(F::from(0u64))
            } else {
                inputs[i - 1].clone()
            }
        });
        self.permute(&mut state)?;
        Ok(state[0].clone())
    }

    /// One-shot sponge hash of field elements in application `domain`,
    /// equal to [`Poseidon::hash_elements`].
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn hash_elements(
        &self,
        domain: u64,
        elements: &[FpVar<F>],
    ) -> Result<FpVar<F>, SynthesisError> {
        let mut s = PoseidonSpongeVar::new(self.params, domain);
        s.absorb(elements)?;
        s.squeeze()
    }

    /// One-shot sponge hash of bytes in application `domain`, equal to
    /// [`Poseidon::hash_bytes`]. Packing 31 bytes into an element is a
    /// linear combination of their bits (no constraints; a byte witness
    /// costs its 8 booleanity constraints where it is allocated).
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn hash_bytes(&self, domain: u64, bytes: &[UInt8<F>]) -> Result<FpVar<F>, SynthesisError> {
        let mut s = PoseidonSpongeVar::new(self.params, domain);
        s.absorb_bytes(bytes)?;
        s.squeeze()
    }
}

impl<F: CtField> PoseidonPermutationVar<'_, F, 3> {
    /// 2-to-1 compression for Merkle trees, equal to [`Poseidon::compress`]:
    /// permutes `[DOMAIN_MERKLE_2_TO_1, left, right]` and returns cell 0.
    /// Costs 240 constraints for variable inputs.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn compress(&self, left: &FpVar<F>, right: &FpVar<F>) -> Result<FpVar<F>, SynthesisError> {
        let mut state = [
            FpVar::Constant(F::from(DOMAIN_MERKLE_2_TO_1)),
            left.clone(),
            right.clone(),
        ];
        self.permute(&mut state)?;
        let [out, ..] = state;
        Ok(out)
    }
}

/// Fixed-length hash gadget, shorthand for
/// [`PoseidonPermutationVar::hash`]: equal to [`Poseidon::hash`].
///
/// # Errors
/// [`SynthesisError::ArityMismatch`] unless `inputs.len() == T - 1`.
pub fn poseidon_hash_var<F: CtField, const T: usize>(
    params: &Poseidon<F, T>,
    inputs: &[FpVar<F>],
) -> Result<FpVar<F>, SynthesisError> {
    PoseidonPermutationVar::new(params).hash(inputs)
}

/// 2-to-1 compression gadget, shorthand for
/// [`PoseidonPermutationVar::compress`]: equal to [`Poseidon::compress`].
///
/// # Errors
/// Only the constraint system's own errors.
pub fn poseidon_compress_var<F: CtField>(
    params: &Poseidon<F, 3>,
    left: &FpVar<F>,
    right: &FpVar<F>,
) -> Result<FpVar<F>, SynthesisError> {
    PoseidonPermutationVar::new(params).compress(left, right)
}

/// `x^5` in three constraints (none for a constant).
fn sbox<F: CtField>(x: &FpVar<F>) -> Result<FpVar<F>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// `m * s` as one linear combination per cell (no constraints): the
/// constant cells fold into one constant term.
fn mds_mul<F: CtField, const T: usize>(m: &[[F; T]; T], s: &[FpVar<F>; T]) -> [FpVar<F>; T] {
    core::array::from_fn(|i| linear_combination(&m[i], s))
}

/// `sum_j coeffs[j] * vars[j]` with a single new linear combination.
fn linear_combination<F: CtField>(coeffs: &[F], vars: &[FpVar<F>]) -> FpVar<F> {
    let mut constant = F::from(0u64);
    let mut terms: Vec<F> = Vec::with_capacity(vars.len());
    let mut allocated: Vec<AllocatedFp<F>> = Vec::with_capacity(vars.len());
    for (c, v) in coeffs.iter().zip(vars.iter()) {
        match v {
            FpVar::Constant(k) => constant += *c * k,
            FpVar::Var(a) => {
                terms.push(*c);
                allocated.push(a.clone());
            }
        }
    }
    match AllocatedFp::linear_combination(terms, &allocated) {
        Some(lc) => FpVar::Var(lc) + constant,
        None => FpVar::Constant(constant),
    }
}
