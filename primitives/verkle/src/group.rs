//! The prime-order group the vector commitments live in.
//!
//! [`VerkleGroup`] abstracts what the commitment scheme, the IPA and the tree
//! need from a curve: a canonical 32-byte encoding, equality, a map from a
//! group element to a field element (used to hash a child commitment into its
//! parent), and the deterministic derivation of the CRS generators. The named
//! instance is [`Banderwagon`], the prime-order quotient of Bandersnatch used by
//! Ethereum's Verkle trees (EIP-6800).
//!
//! All arithmetic here is arkworks' variable-time arithmetic. That is fine for
//! Verkle: every point and scalar it handles (commitments, openings, proofs) is
//! public. Do not use these functions on secrets.

use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup, VariableBaseMSM};
use ark_ed_on_bls12_381_bandersnatch::{BandersnatchConfig, Fq, Fr};
use ark_ff::{BigInteger, Field, LegendreSymbol, One, PrimeField, Zero};
use core::fmt;

use crate::error::EncodingError;

/// Length in bytes of an encoded group element and of an encoded scalar.
pub const ENCODED_LEN: usize = 32;

/// What the Verkle construction needs from a prime-order group.
///
/// Implementations are variable time (all inputs are public).
pub trait VerkleGroup: Sized + Clone + fmt::Debug + 'static {
    /// Scalar field: the values a vector commitment commits to.
    type Scalar: PrimeField;
    /// Projective representation used for arithmetic.
    type Point: CurveGroup<ScalarField = Self::Scalar, Affine = Self::Affine>
        + VariableBaseMSM<MulBase = Self::Affine>;
    /// Affine representation used for tables and MSM bases.
    type Affine: AffineRepr<ScalarField = Self::Scalar, Group = Self::Point>;

    /// Canonical 32-byte encoding of a group element.
    fn encode(p: &Self::Point) -> [u8; ENCODED_LEN];

    /// Canonical encodings of many points, sharing one field inversion.
    fn encode_batch(ps: &[Self::Point]) -> alloc::vec::Vec<[u8; ENCODED_LEN]>;

    /// Decode a canonical encoding, rejecting anything that is not one.
    fn decode(bytes: &[u8; ENCODED_LEN]) -> Result<Self::Point, EncodingError>;

    /// Equality in the group (which may be a quotient of the curve group).
    fn points_eq(a: &Self::Point, b: &Self::Point) -> bool;

    /// Whether `p` is the group identity (in the quotient, if any).
    fn is_identity(p: &Self::Point) -> bool;

    /// Map a group element to the scalar field: the value a child
    /// commitment contributes to its parent.
    fn map_to_scalar(p: &Self::Point) -> Self::Scalar;

    /// Many [`Self::map_to_scalar`] at once, sharing one field inversion.
    fn map_to_scalar_batch(ps: &[Self::Point]) -> alloc::vec::Vec<Self::Scalar>;

    /// The 32-byte little-endian serialisation of the base-field value that
    /// [`Self::map_to_scalar`] reduces (the "commitment to field" of EIP-6800).
    fn map_to_field_bytes(p: &Self::Point) -> [u8; ENCODED_LEN];

    /// Try to turn a 32-byte seed hash into a group element (CRS derivation).
    fn point_from_seed_hash(hash: &[u8; 32]) -> Option<Self::Point>;

    /// The extra generator `Q` used by the inner-product argument.
    fn q_generator() -> Self::Point;
}

/// Banderwagon: Bandersnatch modulo its 2-torsion point `(0, -1)`, a group of
/// prime order `r` (the Bandersnatch scalar field) over the BLS12-381 scalar
/// field. Encoding and `map_to_field` follow the Banderwagon specification as
/// used by EIP-6800, go-ipa and rust-verkle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Banderwagon;

/// Projective Bandersnatch point standing for a Banderwagon element.
pub type BanderwagonPoint = Projective<BandersnatchConfig>;
/// Affine Bandersnatch point standing for a Banderwagon element.
pub type BanderwagonAffine = Affine<BandersnatchConfig>;
/// Scalar field of Banderwagon.
pub type BanderwagonScalar = Fr;
/// Base field of Banderwagon (the BLS12-381 scalar field).
pub type BanderwagonBase = Fq;

/// `y` is "positive" when it is lexicographically largest, i.e. `y > (p-1)/2`.
fn lexicographically_largest(y: &Fq) -> bool {
    let neg = -*y;
    y.into_bigint() > neg.into_bigint()
}

/// Parse a canonical big-endian base-field element.
pub(crate) fn fq_from_be_canonical(bytes: &[u8; 32]) -> Option<Fq> {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[32 - 8 * (i + 1)..32 - 8 * i]);
        *limb = u64::from_be_bytes(w);
    }
    Fq::from_bigint(ark_ff::BigInt::new(limbs))
}

fn fq_to_be(x: &Fq) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&x.into_bigint().to_bytes_be());
    out
}

/// 32-byte little-endian serialisation of a prime-field element.
pub fn field_to_le<F: PrimeField>(x: &F) -> [u8; 32] {
    let mut out = [0u8; 32];
    let b = x.into_bigint().to_bytes_le();
    let n = b.len().min(32);
    out[..n].copy_from_slice(&b[..n]);
    out
}

/// Encode an affine point (any representative of the class).
fn encode_affine(x: Fq, y: Fq) -> [u8; 32] {
    let x = if lexicographically_largest(&y) { x } else { -x };
    fq_to_be(&x)
}

impl Banderwagon {
    /// Decode the x-coordinate `x` into the class representative with a
    /// lexicographically largest `y`, checking that `1 - a x^2` is a square
    /// (the Banderwagon subgroup check).
    pub fn point_from_x(x: Fq) -> Result<BanderwagonPoint, EncodingError> {
        let a = BandersnatchConfig::COEFF_A;
        let d = BandersnatchConfig::COEFF_D;
        let x2 = x.square();
        let num = Fq::one() - a * x2;
        if num.legendre() != LegendreSymbol::QuadraticResidue {
            return Err(EncodingError::NotInSubgroup);
        }
        let den = Fq::one() - d * x2;
        let den_inv = den.inverse().ok_or(EncodingError::NotOnCurve)?;
        let y2 = num * den_inv;
        let mut y = y2.sqrt().ok_or(EncodingError::NotOnCurve)?;
        if !lexicographically_largest(&y) {
            y = -y;
        }
        let p = BanderwagonAffine::new_unchecked(x, y);
        if !p.is_on_curve() {
            return Err(EncodingError::NotOnCurve);
        }
        Ok(p.into_group())
    }

    /// The base-field value `x / y` of a point (0 for the identity class).
    pub fn map_to_field(p: &BanderwagonPoint) -> Fq {
        let a = p.into_affine();
        match a.xy() {
            Some((x, y)) => x * y.inverse().unwrap_or(Fq::zero()),
            None => Fq::zero(),
        }
    }
}

impl VerkleGroup for Banderwagon {
    type Scalar = Fr;
    type Point = BanderwagonPoint;
    type Affine = BanderwagonAffine;

    fn encode(p: &Self::Point) -> [u8; 32] {
        let a = p.into_affine();
        let (x, y) = a.xy().unwrap_or((Fq::zero(), Fq::one()));
        encode_affine(x, y)
    }

    fn encode_batch(ps: &[Self::Point]) -> alloc::vec::Vec<[u8; 32]> {
        Self::Point::normalize_batch(ps)
            .iter()
            .map(|a| {
                let (x, y) = a.xy().unwrap_or((Fq::zero(), Fq::one()));
                encode_affine(x, y)
            })
            .collect()
    }

    fn decode(bytes: &[u8; 32]) -> Result<Self::Point, EncodingError> {
        let x = fq_from_be_canonical(bytes).ok_or(EncodingError::NonCanonical)?;
        Self::point_from_x(x)
    }

    fn points_eq(a: &Self::Point, b: &Self::Point) -> bool {
        // (x1, y1) ~ (x2, y2)  <=>  x1 y2 = x2 y1 (projective coordinates
        // share the Z factor, which cancels).
        a.x * b.y == b.x * a.y
    }

    fn is_identity(p: &Self::Point) -> bool {
        p.x.is_zero()
    }

    fn map_to_scalar(p: &Self::Point) -> Fr {
        Fr::from_le_bytes_mod_order(&field_to_le(&Self::map_to_field(p)))
    }

    fn map_to_scalar_batch(ps: &[Self::Point]) -> alloc::vec::Vec<Fr> {
        // x/y = X/Y in projective coordinates.
        let mut ys: alloc::vec::Vec<Fq> = ps.iter().map(|p| p.y).collect();
        ark_ff::batch_inversion(&mut ys);
        ps.iter()
            .zip(ys)
            .map(|(p, yi)| Fr::from_le_bytes_mod_order(&field_to_le(&(p.x * yi))))
            .collect()
    }

    fn map_to_field_bytes(p: &Self::Point) -> [u8; 32] {
        field_to_le(&Self::map_to_field(p))
    }

    fn point_from_seed_hash(hash: &[u8; 32]) -> Option<Self::Point> {
        // The hash is read big-endian and reduced modulo p; the reduced value
        // is then decoded like any serialised point.
        let x = Fq::from_be_bytes_mod_order(hash);
        Self::decode(&fq_to_be(&x)).ok()
    }

    fn q_generator() -> Self::Point {
        Self::Point::generator()
    }
}

impl crate::transcript::PoseidonAbsorb for Banderwagon {
    type Base = Fq;

    /// The representative `(x, y)` of the class with `y` lexicographically
    /// largest: the one whose `x` the 32-byte encoding carries, so the map is
    /// injective on Banderwagon. The identity gives `(0, -1)`.
    fn absorb_coordinates(ps: &[Self::Point]) -> alloc::vec::Vec<[Fq; 2]> {
        Self::Point::normalize_batch(ps)
            .iter()
            .map(|a| {
                let (x, y) = a.xy().unwrap_or((Fq::zero(), Fq::one()));
                if lexicographically_largest(&y) {
                    [x, y]
                } else {
                    [-x, -y]
                }
            })
            .collect()
    }
}
