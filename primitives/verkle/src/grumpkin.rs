//! The Grumpkin instance of [`VerkleGroup`]: Verkle commitments whose
//! circuits live over the BN254 scalar field.
//!
//! Grumpkin is `y^2 = x^3 - 17` over the BN254 scalar field `Fr` (the
//! group's *base* field, [`GrumpkinBase`]); its order is the BN254 base-field
//! modulus `q` (the group's *scalar* field, [`GrumpkinScalar`]), prime, with
//! no cofactor. Note `q > r`: committed values live in a field larger than
//! the one the curve is defined over.
//!
//! # Encoding (32 bytes)
//!
//! - A point `(x, y)`: `x` as 32 bytes little-endian (`x < r < 2^254`, so
//!   bits 254 and 255 of the string are free), with bit 255 (`0x80` of byte
//!   31) set when `y` is odd (its canonical integer) and bit 254 (`0x40` of
//!   byte 31) clear.
//! - The identity: 31 zero bytes followed by `0x40` (bit 254 set, all other
//!   bits clear).
//!
//! [`VerkleGroup::decode`] accepts exactly the strings [`VerkleGroup::encode`]
//! produces: it rejects a set bit 254 on anything but the exact identity
//! string, `x >= r`, and an `x` with `x^3 - 17` a non-square (off curve).
//! Every on-curve point is in the group (cofactor 1), and `y != 0` on every
//! point (no 2-torsion in a group of odd order), so each `(x, parity)` names
//! exactly one point.
//!
//! # Map to scalar
//!
//! `map_to_scalar(P) = x / y` (in `Fr`, lifted to `Fq` by its integer
//! value, exact because `r < q`), and `0` for the identity. Anyone able to
//! open `C` can open `-C` (to `-v`) and the endomorphism images
//! `[λ]C = (ωx, y)` and `[λ^2]C = (ω^2 x, y)` (to `λv`, `λ^2 v`), so the map
//! must separate those six points. Their images are `t·{1, -1, ω, -ω, ω^2,
//! -ω^2}` for `t = x/y`, the sixth roots of unity times `t`, which are six
//! distinct values as long as `t != 0`. And `t != 0` on every non-identity
//! point: a point `(0, y)` would be fixed by the endomorphism, i.e.
//! `[λ - 1]P = O` with `λ != 1`, impossible in a group of prime order (so
//! `-17` is a non-square in `Fr` and no such point exists). Hence also
//! `map_to_scalar(P) = 0` only for the identity.
//!
//! # CRS
//!
//! Generators come from [`GRUMPKIN_CRS_SEED`] by the shared derivation
//! ([`crate::crs::derive_generators`]); [`VerkleGroup::point_from_seed_hash`]
//! reads the 32-byte digest little-endian, reduces it modulo `r` to get `x`,
//! and keeps the point with the *even* `y` if `x^3 - 17` is a square (else
//! the digest is skipped). `Q` is the standard generator `(1, sqrt(-16))`.
//!
//! # Poseidon absorption
//!
//! A point is absorbed as its affine `(x, y)` (in `Fr`, the constraint field
//! of BN254 circuits); the identity as `(0, 0)`, which is not on the curve.
//! A scalar (`Fq`, up to 254 bits, larger than `r`) is absorbed as two
//! elements, its low 128 bits and its high 126 bits, so the absorption is
//! injective (reducing it modulo `r` would not be).

use ark_ec::short_weierstrass::SWCurveConfig;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInteger, Field, PrimeField, Zero};

use crate::error::EncodingError;
use crate::group::{ENCODED_LEN, VerkleGroup, field_to_le};

pub use ark_grumpkin::GrumpkinConfig;

/// The Grumpkin group (instance of [`VerkleGroup`] and
/// [`crate::PoseidonAbsorb`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Grumpkin;

/// Projective (Jacobian) Grumpkin point.
pub type GrumpkinPoint = ark_grumpkin::Projective;
/// Affine Grumpkin point.
pub type GrumpkinAffine = ark_grumpkin::Affine;
/// Scalar field of Grumpkin (the BN254 base field `Fq`).
pub type GrumpkinScalar = ark_grumpkin::Fr;
/// Base field of Grumpkin (the BN254 scalar field `Fr`).
pub type GrumpkinBase = ark_grumpkin::Fq;

/// Seed of the Grumpkin generator derivation (Umbra-specific: there is no
/// standard Grumpkin Verkle CRS).
pub const GRUMPKIN_CRS_SEED: &[u8] = b"umbra_verkle_grumpkin_v1";

/// Bit 255 of an encoding: `y` is odd.
pub const FLAG_Y_ODD: u8 = 0x80;
/// Bit 254 of an encoding: the identity.
pub const FLAG_IDENTITY: u8 = 0x40;

/// The encoding of the identity.
pub const IDENTITY_ENCODING: [u8; ENCODED_LEN] = {
    let mut e = [0u8; ENCODED_LEN];
    e[31] = FLAG_IDENTITY;
    e
};

fn is_odd(y: &GrumpkinBase) -> bool {
    y.into_bigint().is_odd()
}

/// `x^3 + b` with `b = -17`.
fn rhs(x: &GrumpkinBase) -> GrumpkinBase {
    x.square() * x + GrumpkinConfig::COEFF_B
}

fn encode_xy(xy: Option<(GrumpkinBase, GrumpkinBase)>) -> [u8; ENCODED_LEN] {
    match xy {
        None => IDENTITY_ENCODING,
        Some((x, y)) => {
            let mut out = field_to_le(&x);
            if is_odd(&y) {
                out[31] |= FLAG_Y_ODD;
            }
            out
        }
    }
}

/// Parse a canonical little-endian base-field element (`< r`).
fn base_from_le_canonical(bytes: &[u8; 32]) -> Option<GrumpkinBase> {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[8 * i..8 * i + 8]);
        *limb = u64::from_le_bytes(w);
    }
    GrumpkinBase::from_bigint(ark_ff::BigInt::new(limbs))
}

/// A base-field element as a scalar (its integer value; exact as `r < q`).
fn base_to_scalar(x: &GrumpkinBase) -> GrumpkinScalar {
    GrumpkinScalar::from_le_bytes_mod_order(&field_to_le(x))
}

impl Grumpkin {
    /// The point with x-coordinate `x` and `y` of the given parity, if `x`
    /// is on the curve.
    pub fn point_from_x(x: GrumpkinBase, y_odd: bool) -> Result<GrumpkinPoint, EncodingError> {
        let mut y = rhs(&x).sqrt().ok_or(EncodingError::NotOnCurve)?;
        if is_odd(&y) != y_odd {
            y = -y;
        }
        let p = GrumpkinAffine::new_unchecked(x, y);
        if y.is_zero() || !p.is_on_curve() {
            // y = 0 cannot occur (odd group order); kept as a guard.
            return Err(EncodingError::NotOnCurve);
        }
        Ok(p.into_group())
    }

    /// The base-field value `x / y` of a point (0 for the identity).
    pub fn map_to_field(p: &GrumpkinPoint) -> GrumpkinBase {
        match p.into_affine().xy() {
            Some((x, y)) => x * y.inverse().unwrap_or(GrumpkinBase::zero()),
            None => GrumpkinBase::zero(),
        }
    }

    /// The two base-field elements a scalar is absorbed as by the Poseidon
    /// transcript: its low 128 bits and the remaining high bits.
    pub fn scalar_limbs(s: &GrumpkinScalar) -> [GrumpkinBase; 2] {
        let b = s.into_bigint().to_bytes_le();
        [
            GrumpkinBase::from_le_bytes_mod_order(&b[..16]),
            GrumpkinBase::from_le_bytes_mod_order(&b[16..]),
        ]
    }
}

impl VerkleGroup for Grumpkin {
    type Scalar = GrumpkinScalar;
    type Point = GrumpkinPoint;
    type Affine = GrumpkinAffine;

    const CRS_SEED: &'static [u8] = GRUMPKIN_CRS_SEED;

    fn encode(p: &Self::Point) -> [u8; ENCODED_LEN] {
        encode_xy(p.into_affine().xy())
    }

    fn encode_batch(ps: &[Self::Point]) -> alloc::vec::Vec<[u8; ENCODED_LEN]> {
        Self::Point::normalize_batch(ps)
            .iter()
            .map(|a| encode_xy(a.xy()))
            .collect()
    }

    fn decode(bytes: &[u8; ENCODED_LEN]) -> Result<Self::Point, EncodingError> {
        if bytes[31] & FLAG_IDENTITY != 0 {
            return if *bytes == IDENTITY_ENCODING {
                Ok(Self::Point::zero())
            } else {
                Err(EncodingError::NonCanonical)
            };
        }
        let y_odd = bytes[31] & FLAG_Y_ODD != 0;
        let mut xb = *bytes;
        xb[31] &= !(FLAG_Y_ODD | FLAG_IDENTITY);
        let x = base_from_le_canonical(&xb).ok_or(EncodingError::NonCanonical)?;
        Self::point_from_x(x, y_odd)
    }

    fn points_eq(a: &Self::Point, b: &Self::Point) -> bool {
        a == b
    }

    fn is_identity(p: &Self::Point) -> bool {
        p.is_zero()
    }

    fn map_to_scalar(p: &Self::Point) -> Self::Scalar {
        base_to_scalar(&Self::map_to_field(p))
    }

    fn map_to_scalar_batch(ps: &[Self::Point]) -> alloc::vec::Vec<Self::Scalar> {
        // Jacobian: x = X/Z^2, y = Y/Z^3, so x/y = X Z / Y. The identity has
        // Z = 0 and maps to 0 (a zero Y, only possible on the identity, is
        // left at zero by the batch inversion).
        let mut ys: alloc::vec::Vec<GrumpkinBase> = ps.iter().map(|p| p.y).collect();
        ark_ff::batch_inversion(&mut ys);
        ps.iter()
            .zip(ys)
            .map(|(p, yi)| base_to_scalar(&(p.x * p.z * yi)))
            .collect()
    }

    fn map_to_field_bytes(p: &Self::Point) -> [u8; ENCODED_LEN] {
        field_to_le(&Self::map_to_field(p))
    }

    fn point_from_seed_hash(hash: &[u8; 32]) -> Option<Self::Point> {
        let x = GrumpkinBase::from_le_bytes_mod_order(hash);
        Self::point_from_x(x, false).ok()
    }

    fn q_generator() -> Self::Point {
        GrumpkinConfig::GENERATOR.into_group()
    }
}

impl crate::transcript::PoseidonAbsorb for Grumpkin {
    type Base = GrumpkinBase;

    /// The affine `(x, y)`; the identity gives `(0, 0)` (not on the curve).
    fn absorb_coordinates(ps: &[Self::Point]) -> alloc::vec::Vec<[GrumpkinBase; 2]> {
        Self::Point::normalize_batch(ps)
            .iter()
            .map(|a| match a.xy() {
                Some((x, y)) => [x, y],
                None => [GrumpkinBase::zero(), GrumpkinBase::zero()],
            })
            .collect()
    }

    /// Two elements: the low 128 bits and the high 126 bits ([`Grumpkin::scalar_limbs`]).
    fn absorb_scalar(s: &Self::Scalar) -> alloc::vec::Vec<GrumpkinBase> {
        Self::scalar_limbs(s).to_vec()
    }
}
