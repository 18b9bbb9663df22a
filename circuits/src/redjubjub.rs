//! RedJubjub verification gadget (`umbra_schnorr::redjubjub`, Zcash protocol
//! specification §5.4.7), for [`SpendAuth`](umbra_schnorr::redjubjub::SpendAuth)
//! and [`Binding`](umbra_schnorr::redjubjub::Binding) signatures, natively
//! over BLS12-381 Fr (Jubjub's base field).
//!
//! [`enforce_verify`] makes the constraint system satisfiable exactly when
//! the native `VerificationKey::<T>::verify` accepts the same bytes:
//!
//! | native check | in the circuit |
//! |---|---|
//! | `vk` decodes (`abst_J`, ZIP-216: `v < p`, a curve point with `v`, not `u = 0` with the sign bit set; any order) | [`decode_point_var`]: `v`'s 255 bits packed with the in-field check, [`JubjubVar::decompress`] (curve equation, canonical bits of `u`, low bit = sign bit) |
//! | `R` decodes (same rule) | [`decode_point_var`] |
//! | `S < r` | the 256 bits of `S` compared with `r − 1` |
//! | `c = H*(R ‖ vk ‖ M)` = BLAKE2b-512 personalised `"Zcash_RedJubjubH"`, a little-endian integer mod `r` | [`challenge_bits_var`]: [`blake2b512_personal_var`] over the bytes *as given*; the 512-bit integer is used unreduced (below) |
//! | `[8](−[S]B + R + [c]vk) = O` | `Q = R + [c]vk − [S]B` ([`JubjubVar::scalar_mul_le`] on 512 bits, [`JubjubVar::fixed_base_mul_le`] on `B`), `[8]Q` enforced to be `(0, 1)` |
//!
//! The challenge is not reduced mod `r`: with `c' = c mod r`,
//! `[8][c]vk = [c][8]vk = [c'][8]vk` because `[8]vk` lies in the subgroup of
//! order `r` (the Jubjub group is that subgroup times a group of exponent
//! dividing 8), so the cofactored equation has the same truth value for `c`
//! and `c'` whatever the order of `vk`. Jubjub's addition law is complete
//! (`a = −1` a square, `d` a non-square), so small-order and mixed-order
//! `vk` and `R` are handled exactly, as the native verifier does.
//!
//! Every witness is a function of the input bytes (decoded coordinates,
//! bits, quotients with non-zero denominators), so the prover has no
//! freedom; the only exception is the inverse hint of an arkworks `is_eq`
//! inside the comparisons with `p − 1` and `r − 1` when a run of ones is
//! matched bit for bit: it is multiplied by zero and no other wire reads it
//! (`tests/redjubjub.rs` perturbs every witness). Constant inputs fold to a
//! constant verdict, a failing one being [`SynthesisError::Unsatisfiable`].
//! Costs are in `docs/circuits.md`; BLAKE2b dominates (one compression per
//! 128 bytes of `R ‖ vk ‖ M`).

use alloc::vec::Vec;

use ark_ed_on_bls12_381::{EdwardsConfig, Fq, Fr};
use ark_ff::{AdditiveGroup, Field, PrimeField};
use ark_r1cs_std::{
    GR1CSVar, boolean::Boolean, convert::ToBitsGadget, eq::EqGadget, fields::fp::FpVar,
    uint8::UInt8,
};
use ark_relations::gr1cs::SynthesisError;
use umbra_schnorr::redjubjub::SigType;

use crate::edwards::{EdwardsVar, JubjubVar};
use crate::hash::blake2b512_personal_var;

/// The constraint field: BLS12-381 Fr, Jubjub's base field.
pub type ConstraintF = Fq;

/// The BLAKE2b personalisation of `H*`.
pub const H_STAR_PERSONALIZATION: &[u8; 16] = b"Zcash_RedJubjubH";

/// Little-endian bits of bytes (byte `i` gives bits `8i..8i + 8`), free.
fn bytes_to_bits_le(bytes: &[UInt8<Fq>]) -> Result<Vec<Boolean<Fq>>, SynthesisError> {
    let mut bits = Vec::with_capacity(8 * bytes.len());
    for b in bytes {
        bits.extend(b.to_bits_le()?);
    }
    Ok(bits)
}

/// `abst_J` (ZIP-216) in the circuit: the Jubjub point (any order) whose
/// `repr_J` encoding is `bytes`. Enforces `v < p` (the low 255 bits packed
/// with the in-field check), the curve equation, and that the canonical
/// low bit of `u` equals bit 255; so `u = 0` with the sign bit set, a
/// non-canonical `v` or a `v` with no point leave the system unsatisfied,
/// as the native decoder returns `None` for them.
///
/// # Errors
/// Only the constraint system's own errors ([`SynthesisError::Unsatisfiable`]
/// for constant bytes that do not decode).
pub fn decode_point_var(bytes: &[UInt8<Fq>; 32]) -> Result<JubjubVar, SynthesisError> {
    let bits = bytes_to_bits_le(bytes)?;
    let v: FpVar<Fq> = Boolean::le_bits_to_fp(&bits[..255])?;
    EdwardsVar::<EdwardsConfig>::decompress(&v, &bits[255])
}

/// The little-endian bits of `S`, enforcing `S < r` (the Jubjub subgroup
/// order); returns the low `⌈log₂ r⌉ = 252` bits (the others are then zero).
///
/// # Errors
/// Only the constraint system's own errors.
pub fn scalar_bits_var(bytes: &[UInt8<Fq>]) -> Result<Vec<Boolean<Fq>>, SynthesisError> {
    let bits = bytes_to_bits_le(bytes)?;
    let mut r_minus_one = Fr::MODULUS;
    // r is odd: subtracting one only clears the low bit.
    r_minus_one.0[0] -= 1;
    Boolean::enforce_smaller_or_equal_than_le(&bits, r_minus_one)?;
    let r_bits = Fr::MODULUS_BIT_SIZE as usize;
    Ok(bits[..r_bits.min(bits.len())].to_vec())
}

/// The 512 little-endian bits of `BLAKE2b-512("Zcash_RedJubjubH", R ‖ vk ‖ M)`,
/// the integer whose residue mod `r` is the challenge `c` of `H*`.
///
/// # Errors
/// Only the constraint system's own errors.
pub fn challenge_bits_var(
    r_bytes: &[UInt8<Fq>],
    vk_bytes: &[UInt8<Fq>],
    msg: &[UInt8<Fq>],
) -> Result<Vec<Boolean<Fq>>, SynthesisError> {
    let mut pre: Vec<UInt8<Fq>> = Vec::with_capacity(r_bytes.len() + vk_bytes.len() + msg.len());
    pre.extend_from_slice(r_bytes);
    pre.extend_from_slice(vk_bytes);
    pre.extend_from_slice(msg);
    let digest = blake2b512_personal_var(&pre, H_STAR_PERSONALIZATION)?;
    bytes_to_bits_le(&digest)
}

/// Enforces that `signature` (`R ‖ S`, 64 bytes) is a valid RedJubjub
/// signature of type `T` on `msg` (length fixed at synthesis time) under
/// the verification key `vk` (32 bytes): the system is satisfiable iff
/// `umbra_schnorr::redjubjub::verify::<T>(vk, msg, signature)` accepts (see
/// the [module documentation](self) for the checks). Bytes may be
/// witnesses, public inputs or constants.
///
/// # Errors
/// Only the constraint system's own errors ([`SynthesisError::Unsatisfiable`]
/// when constant inputs fail a check).
pub fn enforce_verify<T: SigType>(
    vk: &[UInt8<Fq>; 32],
    signature: &[UInt8<Fq>; 64],
    msg: &[UInt8<Fq>],
) -> Result<(), SynthesisError> {
    let r_bytes: &[UInt8<Fq>; 32] = signature[..32]
        .try_into()
        .map_err(|_| SynthesisError::Unsatisfiable)?;
    let vk_point = decode_point_var(vk)?;
    let r_point = decode_point_var(r_bytes)?;
    let s_bits = scalar_bits_var(&signature[32..])?;
    let c_bits = challenge_bits_var(r_bytes, vk, msg)?;
    // Q = R + [c]vk − [S]B with the unreduced 512-bit c (see the module
    // documentation); [8]Q = O.
    let c_vk = vk_point.scalar_mul_le(&c_bits)?;
    let s_b = JubjubVar::fixed_base_mul_le(&T::BASEPOINT, &s_bits)?;
    let q = r_point.add(&c_vk)?.add(&s_b.negate())?;
    enforce_identity(&q.mul_by_cofactor()?)
}

/// Enforces `p = (0, 1)`. A constant coordinate is compared natively: an
/// unequal one is [`SynthesisError::Unsatisfiable`] (arkworks'
/// `FpVar::enforce_equal` accepts two unequal constants silently).
fn enforce_identity(p: &JubjubVar) -> Result<(), SynthesisError> {
    for (coord, want) in [(&p.u, Fq::ZERO), (&p.v, Fq::ONE)] {
        if coord.is_constant() {
            if coord.value()? != want {
                return Err(SynthesisError::Unsatisfiable);
            }
        } else {
            coord.enforce_equal(&FpVar::Constant(want))?;
        }
    }
    Ok(())
}
