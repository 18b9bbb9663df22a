//! BIP-340 Schnorr verification gadget (`umbra-schnorr`'s `verify`).

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, prelude::Boolean, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;

use super::{
    native,
    point::{FqVar, GlvSplit, PointVar, glv_terms_with_hint, msm_with_offset},
    verify::ScalarVar,
};
use crate::{emulated::EmFp, hash::sha256_var};

/// Little-endian bits of the big-endian integer `bytes` (32 bytes).
fn be_bytes_to_bits_le<F: PrimeField>(bytes: &[UInt8<F>]) -> Vec<Boolean<F>> {
    bytes
        .iter()
        .rev()
        .flat_map(|b| b.bits.iter().cloned())
        .collect()
}

/// `lift_x(x)`: the point with x-coordinate `x` (proven `< p` from its
/// bits) and even `y` (a canonical witness whose low bit is 0). If no such
/// point exists the on-curve check cannot be satisfied.
pub fn lift_x<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    x_bytes: &[UInt8<F>],
) -> Result<PointVar<F>, SynthesisError> {
    let x = FqVar::<F>::from_bits_le(&be_bytes_to_bits_le(x_bytes));
    let x = x.enforce_canonical()?;
    let y_val = x
        .value()
        .map(|xv| native::lift_x(&xv).map_or_else(BigUint::default, |p| p.1));
    let y = FqVar::<F>::new_witness(cs.clone(), y_val.as_ref())?;
    enforce_even(&y)?;
    let pt = PointVar { x, y };
    pt.enforce_on_curve()?;
    Ok(pt)
}

/// Enforces that `y`'s canonical representative is even (proving it
/// canonical first).
fn enforce_even<F: PrimeField>(y: &FqVar<F>) -> Result<(), SynthesisError> {
    let bits = y.enforce_canonical()?.to_bits_le()?;
    bits[0].enforce_equal(&Boolean::FALSE)
}

/// BIP-340 verification of `signature = bytes(r) ‖ bytes(s)` on `message`
/// (any length fixed at synthesis time) under the x-only key `public_key`.
///
/// Satisfiable iff BIP-340 `Verify` accepts: `P = lift_x(pk)` exists
/// (`pk < p`), `r < p`, `s < n`, `e = int(hash_{BIP0340/challenge}(r ‖ pk ‖
/// m)) mod n`, `R = s·G − e·P ≠ O`, `y(R)` even and `x(R) = r`.
///
/// Cost: the challenge hash (two SHA-256 compressions for the 64-byte
/// constant tag prefix fold into constants; the rest are variable), the
/// canonicity checks, two GLV splits and a 129-step joint multi-scalar
/// multiplication (as in ECDSA).
pub fn bip340_verify<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    public_key: &[UInt8<F>; 32],
    message: &[UInt8<F>],
    signature: &[UInt8<F>; 64],
) -> Result<(), SynthesisError> {
    bip340_verify_with_hint(cs, public_key, message, signature, [None, None])
}

/// [`bip340_verify`] with prover-chosen GLV splits of `s` and `e`
/// (`None`: honest). Same constraints; for forged-witness tests.
#[doc(hidden)]
pub fn bip340_verify_with_hint<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    public_key: &[UInt8<F>; 32],
    message: &[UInt8<F>],
    signature: &[UInt8<F>; 64],
    glv: [Option<GlvSplit>; 2],
) -> Result<(), SynthesisError> {
    let [g1, g2] = glv;
    let p = lift_x(cs, public_key)?;
    let r = FqVar::<F>::from_bits_le(&be_bytes_to_bits_le(&signature[..32])).enforce_canonical()?;
    let s =
        ScalarVar::<F>::from_bits_le(&be_bytes_to_bits_le(&signature[32..])).enforce_canonical()?;
    // e = H_tag(r ‖ pk ‖ m) with H_tag(x) = SHA256(SHA256(tag) ‖ SHA256(tag) ‖ x)
    let tag = UInt8::constant_vec(b"BIP0340/challenge");
    let tag_hash = sha256_var(&tag)?;
    let mut pre: Vec<UInt8<F>> = Vec::with_capacity(128 + message.len());
    pre.extend_from_slice(&tag_hash);
    pre.extend_from_slice(&tag_hash);
    pre.extend_from_slice(&signature[..32]);
    pre.extend_from_slice(public_key);
    pre.extend_from_slice(message);
    let e_bytes = sha256_var(&pre)?;
    let e: ScalarVar<F> = EmFp::from_bits_le(&be_bytes_to_bits_le(&e_bytes));
    // R = s·G + e·(−P)
    let mut terms = glv_terms_with_hint(&PointVar::generator(), &s, g1)?;
    terms.extend(glv_terms_with_hint(&p.neg(), &e, g2)?);
    let (acc, offset) = msm_with_offset(&terms)?;
    let neg = native::neg(&Some(offset)).ok_or(SynthesisError::Unsatisfiable)?;
    let big_r = acc.add(&PointVar::constant(&neg))?;
    enforce_even(&big_r.y)?;
    big_r.x.enforce_equal(&r)
}

/// Allocates `N` witness bytes.
pub fn bytes_witness<F: PrimeField, const N: usize>(
    cs: &ConstraintSystemRef<F>,
    bytes: Option<&[u8; N]>,
) -> Result<[UInt8<F>; N], SynthesisError> {
    let v: Vec<UInt8<F>> = (0..N)
        .map(|i| {
            UInt8::new_witness(cs.clone(), || {
                bytes.map(|b| b[i]).ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<_, _>>()?;
    v.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}
