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
use ark_ff::{BigInteger, FftField, Field, One, PrimeField, Zero};
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

    /// Decode many encodings. Same result as decoding each in turn (on
    /// failure, the error of the first invalid encoding); implementations
    /// may share work, e.g. one batched field inversion.
    fn decode_batch(
        bytes: &[[u8; ENCODED_LEN]],
    ) -> Result<alloc::vec::Vec<Self::Point>, EncodingError> {
        bytes.iter().map(Self::decode).collect()
    }

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

    /// Seed of this group's CRS generator derivation
    /// ([`crate::crs::derive_generators`]); the EIP-6800 seed by default.
    const CRS_SEED: &'static [u8] = crate::crs::CRS_SEED;
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

/// `base^exp` with fixed 4-bit windows (~exp_bits squarings and
/// exp_bits / 4 multiplications, against exp_bits / 2 for square-and-multiply).
/// Variable time in `exp` (public constants only).
fn pow_w4(base: &Fq, exp: &[u64]) -> Fq {
    let mut table = [Fq::one(); 16];
    for i in 1..16 {
        table[i] = table[i - 1] * base;
    }
    let mut acc = Fq::one();
    let mut started = false;
    for limb in exp.iter().rev() {
        for k in (0..16).rev() {
            let nib = ((limb >> (4 * k)) & 0xf) as usize;
            if started {
                for _ in 0..4 {
                    acc.square_in_place();
                }
            }
            if nib != 0 {
                acc *= &table[nib];
                started = true;
            }
        }
    }
    acc
}

/// `limbs(p) >> shift` for the base-field modulus `p`.
fn modulus_shr(shift: u32) -> [u64; 4] {
    let m = Fq::MODULUS.0;
    let (words, bits) = ((shift / 64) as usize, shift % 64);
    let mut out = [0u64; 4];
    for (i, o) in out.iter_mut().enumerate() {
        let lo = m.get(i + words).copied().unwrap_or(0);
        let hi = m.get(i + words + 1).copied().unwrap_or(0);
        *o = if bits == 0 {
            lo
        } else {
            (lo >> bits) | (hi << (64 - bits))
        };
    }
    out
}

/// Euler's criterion with a windowed exponentiation: whether `v` is a
/// non-zero square.
fn is_nonzero_square(v: &Fq) -> bool {
    // (p - 1) / 2 = p >> 1 for odd p.
    pow_w4(v, &modulus_shr(1)).is_one()
}

/// Tonelli–Shanks square root (the modulus has 2-adicity 32), with the
/// initial exponentiation windowed. Returns `None` for non-squares.
/// Variable time (public inputs only).
fn sqrt_vartime(v: &Fq) -> Option<Fq> {
    if v.is_zero() {
        return Some(Fq::zero());
    }
    let s = <Fq as FftField>::TWO_ADICITY;
    // p - 1 = t 2^s with t odd; (t - 1) / 2 = p >> (s + 1).
    let w = pow_w4(v, &modulus_shr(s + 1));
    let mut x = *v * w; // v^((t+1)/2)
    let mut b = x * w; // v^t, in the subgroup of order 2^s
    let mut z = <Fq as FftField>::TWO_ADIC_ROOT_OF_UNITY; // order exactly 2^s
    let mut m = s;
    while !b.is_one() {
        // least k with b^(2^k) = 1
        let mut k = 0u32;
        let mut b2k = b;
        while !b2k.is_one() {
            b2k.square_in_place();
            k += 1;
            if k >= m {
                return None;
            }
        }
        let mut c = z;
        for _ in 0..(m - k - 1) {
            c.square_in_place();
        }
        z = c.square();
        b *= &z;
        x *= &c;
        m = k;
    }
    Some(x)
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
        let (num, den) = Self::subgroup_check(&x)?;
        let den_inv = den.inverse().ok_or(EncodingError::NotOnCurve)?;
        Self::finish_decode(x, num, den_inv)
    }

    /// `1 - a x^2` (checked to be a non-zero square: the subgroup check) and
    /// `1 - d x^2` (checked non-zero).
    fn subgroup_check(x: &Fq) -> Result<(Fq, Fq), EncodingError> {
        let a = BandersnatchConfig::COEFF_A;
        let d = BandersnatchConfig::COEFF_D;
        let x2 = x.square();
        let num = Fq::one() - a * x2;
        if !is_nonzero_square(&num) {
            return Err(EncodingError::NotInSubgroup);
        }
        let den = Fq::one() - d * x2;
        if den.is_zero() {
            return Err(EncodingError::NotOnCurve);
        }
        Ok((num, den))
    }

    /// `y = sqrt(num / den)` with the positive sign, and the curve check.
    fn finish_decode(x: Fq, num: Fq, den_inv: Fq) -> Result<BanderwagonPoint, EncodingError> {
        let y2 = num * den_inv;
        let mut y = sqrt_vartime(&y2).ok_or(EncodingError::NotOnCurve)?;
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

    fn decode_batch(bytes: &[[u8; 32]]) -> Result<alloc::vec::Vec<Self::Point>, EncodingError> {
        // Cheap checks and the subgroup check in order, stopping at the first
        // failure; then one batched inversion of the `1 - d x^2` and the
        // square roots, in order. A square-root failure before the first
        // stage-one failure is reported first, as sequential decoding would.
        let mut staged: alloc::vec::Vec<(Fq, Fq)> = alloc::vec::Vec::with_capacity(bytes.len());
        let mut dens: alloc::vec::Vec<Fq> = alloc::vec::Vec::with_capacity(bytes.len());
        let mut first_err = None;
        for b in bytes {
            let step = fq_from_be_canonical(b)
                .ok_or(EncodingError::NonCanonical)
                .and_then(|x| Self::subgroup_check(&x).map(|(num, den)| (x, num, den)));
            match step {
                Ok((x, num, den)) => {
                    staged.push((x, num));
                    dens.push(den);
                }
                Err(e) => {
                    first_err = Some(e);
                    break;
                }
            }
        }
        ark_ff::batch_inversion(&mut dens);
        let mut out = alloc::vec::Vec::with_capacity(staged.len());
        for ((x, num), den_inv) in staged.into_iter().zip(dens) {
            out.push(Self::finish_decode(x, num, den_inv)?);
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(out),
        }
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

#[cfg(test)]
mod sqrt_tests {
    use super::*;
    use ark_ff::UniformRand;

    #[test]
    fn windowed_sqrt_and_euler_match_arkworks() {
        let mut rng = ark_std::test_rng();
        let mut squares = 0;
        for i in 0..300u64 {
            let v = if i < 4 {
                Fq::from(i)
            } else {
                Fq::rand(&mut rng)
            };
            let want_sq = v.legendre() == ark_ff::LegendreSymbol::QuadraticResidue;
            assert_eq!(is_nonzero_square(&v), want_sq);
            match sqrt_vartime(&v) {
                Some(r) => {
                    assert_eq!(r.square(), v);
                    squares += 1;
                }
                None => assert!(v.sqrt().is_none()),
            }
            assert_eq!(pow_w4(&v, &[i, 0, 7, 1]), v.pow([i, 0, 7, 1]));
        }
        assert!(squares > 100 && squares < 250);
    }

    #[test]
    fn decode_batch_matches_sequential_decoding() {
        use ark_ec::PrimeGroup;
        let mut rng = ark_std::test_rng();
        let pts: alloc::vec::Vec<BanderwagonPoint> = (0..12)
            .map(|_| BanderwagonPoint::generator() * Fr::rand(&mut rng))
            .collect();
        let good = Banderwagon::encode_batch(&pts);
        let seq = |v: &[[u8; 32]]| -> Result<alloc::vec::Vec<BanderwagonPoint>, EncodingError> {
            v.iter().map(Banderwagon::decode).collect()
        };
        let got = Banderwagon::decode_batch(&good).unwrap();
        for (p, q) in got.iter().zip(&pts) {
            assert!(Banderwagon::points_eq(p, q));
        }
        assert_eq!(Banderwagon::decode_batch(&[]), Ok(alloc::vec::Vec::new()));
        // every single-byte change at a few positions, and mixtures of
        // invalid encodings: batch and sequential agree exactly
        for i in 0..good.len() {
            for (byte, bit) in [(0usize, 0x80u8), (31, 1), (17, 4), (0, 0x20)] {
                let mut v = good.clone();
                v[i][byte] ^= bit;
                assert_eq!(Banderwagon::decode_batch(&v), seq(&v));
                if i + 3 < v.len() {
                    v[i + 3] = [0xff; 32];
                    assert_eq!(Banderwagon::decode_batch(&v), seq(&v));
                }
            }
        }
    }
}
