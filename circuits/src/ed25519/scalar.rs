//! Ed25519 scalars in-circuit: the challenge `k = SHA-512(R ‖ A ‖ M) mod ℓ`
//! and the range fact `S < ℓ`.
//!
//! * [`reduce_wide`] reads the 64 digest bytes as a little-endian 512-bit
//!   integer `h = lo + 2²⁵⁶·hi` (free: linear combinations of the digest
//!   bits), computes `t = lo + hi·(2²⁵⁶ mod ℓ)` with one emulated product by
//!   a constant (a check-only identity with a witnessed result), and returns
//!   a fresh 256-bit witness `r`, proven `≡ t ≡ h (mod ℓ)` and canonical
//!   (`r < ℓ`). A
//!   residue that is congruent to `h` and lies in `[0, ℓ)` *is* `h mod ℓ`,
//!   so the prover has no choice: this is the true remainder, as
//!   `Scalar::from_bytes_mod_order_wide` computes it (which matters: for a
//!   mixed-order `A`, `[h]A ≠ [h mod ℓ]A`, so any other representative of
//!   the class would change the verdict).
//! * [`lt_ell`] returns `S < ℓ` as a [`Boolean`] for any 256-bit string
//!   (bits 253..255 may be set), by a constant-comparison chain: one
//!   Boolean AND/OR per bit of `ℓ` above the lowest, no witness choice.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, prelude::Boolean, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;

use crate::emulated::{Ed25519Fr, EmFp, EmulatedModulus};

/// An emulated Ed25519 scalar (mod `ℓ`).
pub type ScalarVar<F> = EmFp<F, Ed25519Fr>;

/// Little-endian bits of the little-endian byte string `bytes`.
pub fn bytes_to_bits_le<F: PrimeField>(bytes: &[UInt8<F>]) -> Vec<Boolean<F>> {
    bytes.iter().flat_map(|b| b.bits.iter().cloned()).collect()
}

/// `h mod ℓ` for the 512-bit little-endian integer `h` of `wide` (e.g. a
/// SHA-512 digest), as a canonical scalar (`< ℓ`, its 256 bits available
/// through [`EmFp::to_bits_le`] at no cost, the top three zero).
///
/// Cost: one product by a constant (≈ 256 result bits, ≈ 257 quotient bits
/// and a carry chain) and one canonical reduction (≈ 2 × 256 bits and two
/// carry chains); about 1.6k constraints, measured in `docs/circuits.md`.
pub fn reduce_wide<F: PrimeField>(wide: &[UInt8<F>; 64]) -> Result<ScalarVar<F>, SynthesisError> {
    reduce_wide_with_hint(wide, None)
}

/// [`reduce_wide`] with the prover's remainder witness supplied by the
/// caller (any integer below 2²⁵⁶) instead of computed. For soundness
/// tests: the constraints are the same, so the system is satisfiable only
/// when the hint is exactly `h mod ℓ` (a congruent but unreduced value such
/// as `h mod ℓ + ℓ` fails the canonicity check, any other value the
/// congruence).
pub fn reduce_wide_with_hint<F: PrimeField>(
    wide: &[UInt8<F>; 64],
    hint: Option<BigUint>,
) -> Result<ScalarVar<F>, SynthesisError> {
    let bits = bytes_to_bits_le(wide);
    let lo = ScalarVar::<F>::from_bits_le(&bits[..256]);
    let hi = ScalarVar::<F>::from_bits_le(&bits[256..]);
    let c = (BigUint::from(1u8) << 256u32) % Ed25519Fr::modulus();
    let t = lo.add(&hi.mul(&ScalarVar::constant(&c))?);
    let cs = wide
        .iter()
        .fold(ConstraintSystemRef::None, |acc, b| acc.or(b.cs()));
    if cs.is_none() {
        // all-constant input: a constant result
        return Ok(ScalarVar::constant(&t.value().unwrap_or_default()));
    }
    let value = hint.or_else(|| t.value());
    let r_bits = (0..256)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value
                    .as_ref()
                    .map(|v| v.bit(i))
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let r = ScalarVar::<F>::from_bits_le(&r_bits);
    t.enforce_equal(&r)?;
    r.enforce_canonical()
}

/// `S < ℓ` for the 256-bit little-endian integer `s` of `bits` (exactly 256
/// bits; `SynthesisError::Unsatisfiable` otherwise).
///
/// Scanning from the least significant bit, `lt` is "the low `i + 1` bits of
/// `S` are below those of `ℓ`": where `ℓ` has a 1, `lt ← ¬sᵢ ∨ lt`; where it
/// has a 0, `lt ← ¬sᵢ ∧ lt` (starting from `false`: strict). Constant bits
/// fold; one constraint per variable bit.
pub fn lt_ell<F: PrimeField>(bits: &[Boolean<F>]) -> Result<Boolean<F>, SynthesisError> {
    if bits.len() != 256 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let ell = Ed25519Fr::modulus();
    let mut lt = Boolean::FALSE;
    for (i, s) in bits.iter().enumerate() {
        let not_s = !s;
        lt = if ell.bit(i as u64) {
            &not_s | &lt
        } else {
            &not_s & &lt
        };
    }
    Ok(lt)
}
