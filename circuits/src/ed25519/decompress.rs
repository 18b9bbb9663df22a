//! Point decompression with every decoding fact as a Boolean.
//!
//! An encoding is 32 bytes, little-endian: bits 0..254 are `y`, bit 255 is
//! the sign (parity) of `x`. With `u = y² − 1` and `v = d·y² + 1`, the
//! point exists iff `u/v` is a square (`x² = u/v`).
//!
//! Both answers are proven, so the prover has no freedom over `decodes`:
//! * `decodes = 1`: a canonical witness `r` with `v·r² ≡ u`, and, unless
//!   `r = 0`, `r`'s parity equals the sign bit (of the two roots `±r`
//!   exactly one is odd, `p` being odd);
//! * `decodes = 0`: a witness `r ≠ 0` with `v·r² ≡ 2·u`. Since
//!   `p ≡ 5 (mod 8)`, 2 is a non-square, so `u/v = (r²/2)` would make 2 a
//!   square unless `u/v` is a non-square; `r ≠ 0` (an inverse is
//!   witnessed) rules out the one value, `u = 0`, where both relations hold.
//!
//! `v` never vanishes: `d·y² = −1` would make `−1/d` a square, but `−1` is
//! a square mod `p` (`p ≡ 1 mod 4`) and `d` is not, so `−1/d` is not.

use ark_ff::PrimeField;
use ark_r1cs_std::{prelude::*, uint8::UInt8};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;

use super::native;
use super::point::{FqVar, PointVar};
use alloc::vec::Vec;

/// The outcome of [`decompress`]; every field is determined by the bytes.
#[derive(Clone, Debug)]
pub struct Decompressed<F: PrimeField> {
    /// The decoded point (`y` reduced modulo `p`, sign ignored when
    /// `x = 0`, exactly like `CompressedEdwardsY::decompress`), or the
    /// identity when the encoding does not decode.
    pub point: PointVar<F>,
    /// Whether the encoding decodes (ZIP-215 sense: `y` is the 255-bit
    /// value reduced mod `p`, and `(y² − 1)/(d·y² + 1)` is a square).
    pub decodes: Boolean<F>,
    /// Whether the 255-bit `y` is below `p`.
    pub y_canonical: Boolean<F>,
    /// Bit 255 of the encoding.
    pub sign_bit: Boolean<F>,
    /// Whether the decoded `x` is 0 (`y ≡ ±1`); false when the encoding
    /// does not decode. RFC 8032 canonicity is
    /// `y_canonical ∧ ¬(x_is_zero ∧ sign_bit)`.
    pub x_is_zero: Boolean<F>,
}

/// Decodes 32 little-endian bytes (see the module docs for the argument).
pub fn decompress<F: PrimeField>(
    bytes: &[UInt8<F>; 32],
) -> Result<Decompressed<F>, SynthesisError> {
    decompress_with_hint(bytes, None)
}

/// [`decompress`] with the prover's witnesses `(decodes, r)` supplied by
/// the caller instead of computed (the other witnesses follow from them
/// honestly). For soundness tests: the constraints are the same, so the
/// system is satisfiable only when the hint is the honest one — a wrong
/// `decodes` bit or a wrong root `r` (wrong sign, not a root) makes it unsatisfiable.
pub fn decompress_with_hint<F: PrimeField>(
    bytes: &[UInt8<F>; 32],
    hint: Option<(bool, BigUint)>,
) -> Result<Decompressed<F>, SynthesisError> {
    let bits: Vec<Boolean<F>> = bytes.iter().flat_map(|b| b.bits.iter().cloned()).collect();
    let sign_bit = bits[255].clone();
    let mut ybits = bits[..255].to_vec();
    ybits.push(Boolean::FALSE);
    let y = FqVar::<F>::from_bits_le(&ybits);

    // y ≥ p = 2²⁵⁵ − 19  ⇔  bits 5..254 all set and the low five bits ≥ 13
    let high = Boolean::kary_and(&bits[5..255])?;
    let low = &bits[4] | &(&(&bits[3] & &bits[2]) & &(&bits[1] | &bits[0]));
    let y_canonical = !(&high & &low);

    // witness values
    let m = native::p();
    let sign_val = sign_bit.value().ok();
    let y_val = y.value();
    let dec = y_val.as_ref().map(|yv| {
        let y2 = yv * yv % &m;
        let u = native::sub(&y2, &BigUint::from(1u8));
        let v = (native::d() * &y2 + 1u8) % &m;
        native::sqrt_ratio(&u, &v)
    });
    let r_val = match (&dec, sign_val) {
        (Some((true, r)), Some(s)) => Some(if s && *r != BigUint::default() {
            native::sub(&BigUint::default(), r)
        } else {
            r.clone()
        }),
        (Some((false, r)), _) => Some(r.clone()),
        _ => None,
    };
    let (dec, r_val) = match hint {
        Some((b, r)) => (Some((b, r.clone())), Some(r)),
        None => (dec, r_val),
    };
    let cs = y.cs().or(sign_bit.cs());
    if cs.is_none() {
        // constant bytes: decode natively, every output a constant
        let mut e = [0u8; 32];
        for (i, b) in bits.iter().enumerate() {
            e[i / 8] |= u8::from(b.value().unwrap_or(false)) << (i % 8);
        }
        let pt = native::decode(&e);
        return Ok(Decompressed {
            x_is_zero: Boolean::constant(pt.as_ref().is_some_and(|p| p.0 == BigUint::default())),
            decodes: Boolean::constant(pt.is_some()),
            point: PointVar::constant(&pt.unwrap_or_else(native::identity)),
            y_canonical,
            sign_bit,
        });
    }
    let decodes = Boolean::new_witness(cs.clone(), || {
        dec.as_ref()
            .map(|d| d.0)
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    let r = FqVar::new_witness_canonical(cs.clone(), r_val.as_ref())?;
    let r_bits = r.to_bits_le()?;

    // v·r² ≡ c·u with c = 1 (decodes) or 2 (does not), i.e.
    // d·(y²·r²) + r² ≡ c·(y² − 1)
    let one = FqVar::<F>::one();
    let y2 = y.square()?;
    let r2 = r.square()?;
    let m_ = y2.mul(&r2)?;
    let c = FqVar::select(&decodes, &one, &FqVar::constant(&BigUint::from(2u8)))?;
    let d = FqVar::constant(&native::d());
    FqVar::enforce_products_eq(&[(&m_, &d), (&r2, &one)], &[(&c, &y2.sub(&one))])?;

    // not decoding ⇒ r ≠ 0: r·s ≡ 1 − decodes
    let not_dec = FqVar::select(&decodes, &FqVar::zero(), &one)?;
    let s_val = match (&r_val, decodes.value().ok()) {
        (Some(rv), Some(false)) => Some(native::inv(rv)),
        (Some(_), Some(true)) => Some(BigUint::default()),
        _ => None,
    };
    let s = FqVar::new_witness(cs, s_val.as_ref())?;
    FqVar::enforce_products_eq(&[(&r, &s)], &[(&not_dec, &one)])?;

    // parity: decodes ∧ r ≠ 0 ⇒ r₀ = sign
    let x_is_zero = !Boolean::kary_or(&r_bits)?;
    let bad = &(&decodes & &!&x_is_zero) & &(&r_bits[0] ^ &sign_bit);
    bad.enforce_equal(&Boolean::FALSE)?;

    let point = PointVar::from_coordinates_unchecked(
        FqVar::select(&decodes, &r, &FqVar::zero())?,
        FqVar::select(&decodes, &y, &one)?,
    );
    Ok(Decompressed {
        point,
        decodes,
        y_canonical,
        sign_bit,
        x_is_zero,
    })
}
