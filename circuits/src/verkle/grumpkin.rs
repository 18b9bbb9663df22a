//! The Grumpkin instance over BN254 Fr, on arkworks' short-Weierstrass
//! `ProjectiveVar` (complete Renes–Costello–Batina additions; scalar
//! multiplication with incomplete affine steps only where arkworks proves
//! them exception-free).
//!
//! Grumpkin has prime order (cofactor 1), so a decoded point is any curve
//! point or the identity, and every class has one representative: there is
//! no subgroup or canonical-form check. The scalar field (BN254 Fq) is
//! *larger* than the constraint field (BN254 Fr), so a scalar is absorbed
//! and given as public input as two limbs, its low 128 bits and the rest
//! (`Grumpkin::scalar_limbs`), read off canonical bits.

use alloc::vec;
use alloc::vec::Vec;
use ark_ec::short_weierstrass::SWCurveConfig;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInteger, Field, One, PrimeField, Zero};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::groups::CurveVar;
use ark_r1cs_std::groups::curves::short_weierstrass::ProjectiveVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_verkle::grumpkin::GrumpkinConfig;
use umbra_verkle::{Grumpkin, GrumpkinPoint};

use super::group::{FixedBaseTerm, GroupScalarVar, VerkleGroupVar};
use super::scalar::{ScalarVar, base_to_scalar};

/// The constraint field: Grumpkin's base field (BN254 Fr).
pub type GrumpkinBase = umbra_verkle::GrumpkinBase;
/// Grumpkin's scalar field (BN254 Fq, foreign and larger).
pub type GrumpkinScalar = umbra_verkle::GrumpkinScalar;
/// A Grumpkin point in the circuit.
pub type GrumpkinPointVar = ProjectiveVar<GrumpkinConfig, FpVar<GrumpkinBase>>;

/// The Grumpkin group gadget (marker type for [`VerkleGroupVar`]).
#[derive(Clone, Copy, Debug)]
pub struct GrumpkinVar;

type B = GrumpkinBase;
type S = GrumpkinScalar;

/// `m - 1` for a modulus `m`, as limbs.
fn minus_one<F: PrimeField>() -> F::BigInt {
    let mut m = F::MODULUS;
    m.sub_with_borrow(&1u64.into());
    m
}

/// Affine `(x, y)` (the identity as `(0, 0)`, as the native absorption) and
/// the identity flag.
fn affine_parts(p: &Result<GrumpkinPoint, SynthesisError>) -> Result<(B, B, bool), SynthesisError> {
    match p {
        Ok(p) => Ok(match p.into_affine().xy() {
            None => (B::zero(), B::zero(), true),
            Some((x, y)) => (x, y, false),
        }),
        Err(e) => Err(*e),
    }
}

/// The projective point of affine `(x, y)` and identity flag `inf`:
/// `(x, y + inf, 1 − inf)`, i.e. `(0, 1, 0)` for the identity.
fn from_parts(x: FpVar<B>, y: FpVar<B>, inf: &Boolean<B>) -> GrumpkinPointVar {
    let inf = FpVar::from(inf.clone());
    ProjectiveVar::new(x, y + &inf, FpVar::one() - inf)
}

/// The two scalar limbs (low 128 bits, the rest) of canonical bits.
fn limbs(s: &GroupScalarVar<GrumpkinVar>) -> Result<Vec<FpVar<B>>, SynthesisError> {
    s.exact_limbs()
}

/// Incomplete affine addition on `y² = x³ + b`, 3 constraints:
/// `λ·(x2 − x1) = y2 − y1`, `λ·λ = x1 + x2 + x3`, `λ·(x1 − x3) = y3 + y1`.
/// Sound and complete only for `x1 ≠ x2` (see [`fixed_base_mul_le`]).
fn add_incomplete(
    p: &(FpVar<B>, FpVar<B>),
    q: &(FpVar<B>, FpVar<B>),
) -> Result<(FpVar<B>, FpVar<B>), SynthesisError> {
    let cs = p.0.cs().or(p.1.cs()).or(q.0.cs()).or(q.1.cs());
    let dx = &q.0 - &p.0;
    let dy = &q.1 - &p.1;
    let lambda_val = || Ok(dy.value()? * dx.value()?.inverse().unwrap_or_default());
    let x3_val =
        |l: B| -> Result<B, SynthesisError> { Ok(l.square() - p.0.value()? - q.0.value()?) };
    if cs.is_none() {
        let l = lambda_val()?;
        let x3 = x3_val(l)?;
        let y3 = l * (p.0.value()? - x3) - p.1.value()?;
        return Ok((FpVar::constant(x3), FpVar::constant(y3)));
    }
    let lambda = FpVar::new_witness(cs.clone(), lambda_val)?;
    lambda.mul_equals(&dx, &dy)?;
    let x3 = FpVar::new_witness(cs.clone(), || x3_val(lambda.value()?))?;
    lambda.mul_equals(&lambda, &(&p.0 + &q.0 + &x3))?;
    let y3 = FpVar::new_witness(cs, || {
        Ok(lambda.value()? * (p.0.value()? - x3.value()?) - p.1.value()?)
    })?;
    lambda.mul_equals(&(&p.0 - &x3), &(&y3 + &p.1))?;
    Ok((x3, y3))
}

/// One of 8 constant values by 3 bits (`b0 ∧ b1` shared by the caller).
fn lookup3(t: [B; 8], w: &[Boolean<B>], b0b1: &Boolean<B>) -> Result<FpVar<B>, SynthesisError> {
    crate::edwards::lookup3_field(&t, w, b0b1)
}

/// Digit offset of the incomplete windows (window value `k` is looked up as
/// `k + 2`).
const DIGIT_OFFSET: u64 = 2;

/// Fixed-base scalar multiplication `[k]B` on Grumpkin (prime order `r`),
/// `k = Σ bits_i 2^i` any integer: 3-bit windows, the method of
/// [`crate::edwards::EdwardsVar::fixed_base_mul_le`] on the
/// short-Weierstrass model. All windows but the last are looked up as
/// `(k_j + 2)·8^j·B_s` (3 constraints) and accumulated with incomplete
/// affine additions (3) in segments of `L = ⌊(log₂ r − 2)/3⌋ = 84`
/// windows: before window `j` the accumulator is `m·B_s` with
/// `m ≤ 9(8^j − 1)/7 < 2·8^j ≤` the addend's multiple, and every sum stays
/// below `2^(3L+1) < r`, so the points added are distinct, not opposite and
/// not the identity, and each witness is unique. The last window is a
/// projective lookup (4) whose table also subtracts the offsets `2·Σ 8^i B`;
/// segments are joined by complete additions. About 6 constraints per 3 bits
/// against arkworks' ~15 for a constant base.
pub fn fixed_base_mul_le(
    base: &GrumpkinPoint,
    bits: &[Boolean<B>],
) -> Result<GrumpkinPointVar, SynthesisError> {
    if bits.iter().all(|b| b.is_constant()) || base.is_zero() {
        return GrumpkinPointVar::constant(*base).scalar_mul_le(bits.iter());
    }
    let mut padded: Vec<Boolean<B>> = bits.to_vec();
    while !padded.len().is_multiple_of(3) {
        padded.push(Boolean::FALSE);
    }
    let windows: Vec<&[Boolean<B>]> = padded.chunks(3).collect();
    let segment_len = ((S::MODULUS_BIT_SIZE as usize).saturating_sub(2) / 3).max(1);
    let (last, inc_windows) = windows.split_last().ok_or(SynthesisError::Unsatisfiable)?;
    let mut window_base = *base;
    let mut offset = GrumpkinPoint::zero();
    let mut acc_total: Option<GrumpkinPointVar> = None;
    for segment in inc_windows.chunks(segment_len) {
        let mut acc: Option<(FpVar<B>, FpVar<B>)> = None;
        for w in segment {
            let mut entry = window_base * S::from(DIGIT_OFFSET);
            offset += entry;
            let mut xs = [B::zero(); 8];
            let mut ys = [B::zero(); 8];
            for k in 0..8 {
                let a = entry.into_affine();
                let (x, y) = a.xy().ok_or(SynthesisError::Unsatisfiable)?;
                xs[k] = x;
                ys[k] = y;
                entry += window_base;
            }
            let b0b1 = w[0].clone() & w[1].clone();
            let looked_up = (lookup3(xs, w, &b0b1)?, lookup3(ys, w, &b0b1)?);
            acc = Some(match acc {
                None => looked_up,
                Some(a) => add_incomplete(&a, &looked_up)?,
            });
            for _ in 0..3 {
                window_base = window_base + window_base;
            }
        }
        if let Some((x, y)) = acc {
            let p = ProjectiveVar::new(x, y, FpVar::one());
            acc_total = Some(match acc_total {
                None => p,
                Some(t) => t + p,
            });
        }
    }
    // The last window, projective (the identity may occur), minus the offsets.
    let mut entry = -offset;
    let mut xs = [B::zero(); 8];
    let mut ys = [B::zero(); 8];
    let mut zs = [B::zero(); 8];
    for k in 0..8 {
        match entry.into_affine().xy() {
            Some((x, y)) => (xs[k], ys[k], zs[k]) = (x, y, B::one()),
            None => (xs[k], ys[k], zs[k]) = (B::zero(), B::one(), B::zero()),
        }
        entry += window_base;
    }
    let b0b1 = last[0].clone() & last[1].clone();
    let tail = ProjectiveVar::new(
        lookup3(xs, last, &b0b1)?,
        lookup3(ys, last, &b0b1)?,
        lookup3(zs, last, &b0b1)?,
    );
    Ok(match acc_total {
        None => tail,
        Some(t) => t + tail,
    })
}

impl VerkleGroupVar for GrumpkinVar {
    type Native = Grumpkin;
    type Base = B;
    type Point = GrumpkinPointVar;

    /// Affine witnesses `(x, y)` and a flag `inf`: `inf ⇒ x = y = 0`,
    /// `¬inf ⇒ y² = x³ + b` (7 constraints), as `Grumpkin::decode` (any
    /// curve point or the identity).
    fn alloc_proof_point(
        cs: ConstraintSystemRef<B>,
        p: impl FnOnce() -> Result<GrumpkinPoint, SynthesisError>,
    ) -> Result<GrumpkinPointVar, SynthesisError> {
        let parts = affine_parts(&p());
        let inf = Boolean::new_witness(cs.clone(), || parts.map(|v| v.2))?;
        let x = FpVar::new_witness(cs.clone(), || parts.map(|v| v.0))?;
        let y = FpVar::new_witness(cs, || parts.map(|v| v.1))?;
        let inf_f = FpVar::from(inf.clone());
        inf_f.mul_equals(&x, &FpVar::zero())?;
        inf_f.mul_equals(&y, &FpVar::zero())?;
        let rhs = x.square()? * &x + GrumpkinConfig::COEFF_B;
        let lhs = y.square()?;
        (lhs - rhs).mul_equals(&FpVar::from(!&inf), &FpVar::zero())?;
        Ok(from_parts(x, y, &inf))
    }

    /// `(x, y)` as public inputs, `(0, 0)` for the identity.
    fn alloc_public_point(
        cs: ConstraintSystemRef<B>,
        p: impl FnOnce() -> Result<GrumpkinPoint, SynthesisError>,
    ) -> Result<GrumpkinPointVar, SynthesisError> {
        let parts = affine_parts(&p());
        let x = FpVar::new_input(cs.clone(), || parts.map(|v| v.0))?;
        let y = FpVar::new_input(cs, || parts.map(|v| v.1))?;
        let inf = x.is_zero()? & y.is_zero()?;
        Ok(from_parts(x, y, &inf))
    }

    fn public_coordinates(p: &GrumpkinPoint) -> Vec<B> {
        match affine_parts(&Ok(*p)) {
            Ok((x, y, _)) => vec![x, y],
            Err(_) => vec![B::zero(), B::zero()],
        }
    }

    fn constant(p: &GrumpkinPoint) -> GrumpkinPointVar {
        GrumpkinPointVar::constant(*p)
    }

    fn add(a: &GrumpkinPointVar, b: &GrumpkinPointVar) -> Result<GrumpkinPointVar, SynthesisError> {
        Ok(a.clone() + b)
    }

    fn sub(a: &GrumpkinPointVar, b: &GrumpkinPointVar) -> Result<GrumpkinPointVar, SynthesisError> {
        Ok(a.clone() - b)
    }

    fn scalar_mul_le(
        p: &GrumpkinPointVar,
        bits: &[Boolean<B>],
    ) -> Result<GrumpkinPointVar, SynthesisError> {
        p.scalar_mul_le(bits.iter())
    }

    /// [`fixed_base_mul_le`] per term, joined by complete additions.
    fn fixed_base_msm(
        terms: &[FixedBaseTerm<'_, Self>],
    ) -> Result<GrumpkinPointVar, SynthesisError> {
        let mut acc: Option<GrumpkinPointVar> = None;
        for (base, bits) in terms {
            if bits.is_empty() {
                continue;
            }
            let term = fixed_base_mul_le(base, bits)?;
            acc = Some(match acc {
                None => term,
                Some(a) => a + term,
            });
        }
        Ok(acc.unwrap_or_else(GrumpkinPointVar::zero))
    }

    /// The affine coordinates, `(0, 0)` for the identity (arkworks'
    /// `to_affine`: an inverse of `z` and two selects).
    fn coordinates(p: &GrumpkinPointVar) -> Result<[FpVar<B>; 2], SynthesisError> {
        let a = p.to_affine()?;
        Ok([a.x, a.y])
    }

    /// Free: one representative per element.
    fn canonicalize(p: &GrumpkinPointVar) -> Result<GrumpkinPointVar, SynthesisError> {
        Ok(p.clone())
    }

    /// `z = 0`.
    fn enforce_identity(p: &GrumpkinPointVar) -> Result<(), SynthesisError> {
        p.z.enforce_equal(&FpVar::zero())
    }

    /// Two public inputs, the limbs; the bits canonical (`< r`) and packing
    /// to them.
    fn scalar_input(
        cs: ConstraintSystemRef<B>,
        s: impl FnOnce() -> Result<S, SynthesisError>,
    ) -> Result<GroupScalarVar<Self>, SynthesisError> {
        let s = s();
        let lo = FpVar::new_input(cs.clone(), || s.map(|s| Grumpkin::scalar_limbs(&s)[0]))?;
        let hi = FpVar::new_input(cs.clone(), || s.map(|s| Grumpkin::scalar_limbs(&s)[1]))?;
        let v = ScalarVar::<S, B>::new_witness(cs, || s)?;
        Boolean::enforce_smaller_or_equal_than_le(&v.bits, minus_one::<S>())?;
        let l = limbs(&v)?;
        l[0].enforce_equal(&lo)?;
        l[1].enforce_equal(&hi)?;
        Ok(v)
    }

    fn public_scalar_inputs(s: &S) -> Vec<B> {
        Grumpkin::scalar_limbs(s).to_vec()
    }

    /// The two limbs (linear combinations of the canonical bits).
    fn absorb_scalar(s: &GroupScalarVar<Self>) -> Result<Vec<FpVar<B>>, SynthesisError> {
        limbs(s)
    }

    /// `m = x / y` (`m·y = x`, `inf·m = 0`: 0 for the identity), and the
    /// scalar whose canonical bits are below `p` and pack to `m` (`m < p < r`:
    /// no reduction).
    fn map_to_scalar(p: &GrumpkinPointVar) -> Result<GroupScalarVar<Self>, SynthesisError> {
        let a = p.to_affine()?;
        let cs = a.x.cs().or(a.y.cs());
        let m_val = || -> Result<B, SynthesisError> {
            Ok(a.x.value()? * a.y.value()?.inverse().unwrap_or_default())
        };
        if cs.is_none() {
            let m = m_val()?;
            let v = ScalarVar::<S, B>::new_witness(cs, || Ok(base_to_scalar::<S, B>(&m)))?;
            return Ok(v);
        }
        let m = FpVar::new_witness(cs.clone(), m_val)?;
        m.mul_equals(&a.y, &a.x)?;
        FpVar::from(a.infinity.clone()).mul_equals(&m, &FpVar::zero())?;
        let m_v = m.value();
        let v = ScalarVar::<S, B>::new_witness(cs, || m_v.map(|m| base_to_scalar::<S, B>(&m)))?;
        Boolean::enforce_smaller_or_equal_than_le(&v.bits, minus_one::<B>())?;
        v.native.enforce_equal(&m)?;
        Ok(v)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ark_ec::PrimeGroup;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    fn check(base: GrumpkinPoint, bits: &[bool]) {
        let cs = ConstraintSystem::<B>::new_ref();
        let bv: Vec<Boolean<B>> = bits
            .iter()
            .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
            .collect();
        let got = fixed_base_mul_le(&base, &bv).unwrap().value().unwrap();
        let want = base.mul_bigint(crate::edwards::limbs_from_bits_le(bits));
        assert_eq!(got, want);
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn fixed_base_matches_native() {
        let mut rng = ark_std::test_rng();
        let g = GrumpkinPoint::generator();
        for len in [3usize, 7, 128, 252, 254, 256] {
            check(g, &vec![false; len]);
            check(g, &vec![true; len]);
            for _ in 0..3 {
                let base = GrumpkinPoint::rand(&mut rng);
                let bits: Vec<bool> = (0..len).map(|_| bool::rand(&mut rng)).collect();
                check(base, &bits);
            }
        }
        // the bits of r - 1, r and r + 1 (the accumulated multiple wraps)
        for d in [-1i64, 0, 1] {
            let mut k = S::MODULUS;
            if d < 0 {
                k.sub_with_borrow(&1u64.into());
            } else if d > 0 {
                k.add_with_carry(&1u64.into());
            }
            let bits: Vec<bool> = (0..256).map(|i| k.get_bit(i)).collect();
            check(g, &bits);
        }
    }

    #[test]
    fn fixed_base_witnesses_are_pinned() {
        // a wrong claimed product: the result compared to another point
        let mut rng = ark_std::test_rng();
        let base = GrumpkinPoint::rand(&mut rng);
        let cs = ConstraintSystem::<B>::new_ref();
        let s = S::rand(&mut rng);
        let bits: Vec<Boolean<B>> = (0..254)
            .map(|i| Boolean::new_witness(cs.clone(), || Ok(s.into_bigint().get_bit(i))).unwrap())
            .collect();
        let got = fixed_base_mul_le(&base, &bits).unwrap();
        let other =
            GrumpkinPointVar::new_witness(cs.clone(), || Ok(base * (s + S::from(1u64)))).unwrap();
        let diff = got - other;
        diff.z.enforce_equal(&FpVar::zero()).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn map_to_scalar_matches_native() {
        use umbra_verkle::VerkleGroup;
        let mut rng = ark_std::test_rng();
        let mut pts: Vec<GrumpkinPoint> = (0..6).map(|_| GrumpkinPoint::rand(&mut rng)).collect();
        pts.push(GrumpkinPoint::zero());
        for p in pts {
            let cs = ConstraintSystem::<B>::new_ref();
            let pv = GrumpkinVar::alloc_proof_point(cs.clone(), || Ok(p)).unwrap();
            let s = GrumpkinVar::map_to_scalar(&pv).unwrap();
            assert_eq!(s.emu.value().unwrap(), Grumpkin::map_to_scalar(&p));
            assert!(cs.is_satisfied().unwrap());
        }
    }
}
