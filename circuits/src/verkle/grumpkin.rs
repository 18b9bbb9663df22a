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
use ark_ff::{BigInteger, Field, PrimeField, Zero};
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

use super::group::{GroupScalarVar, VerkleGroupVar};
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

    fn fixed_base_msm(
        terms: &[(GrumpkinPoint, &[Boolean<B>])],
    ) -> Result<GrumpkinPointVar, SynthesisError> {
        let mut acc = GrumpkinPointVar::zero();
        for (base, bits) in terms {
            if bits.is_empty() {
                continue;
            }
            acc += GrumpkinPointVar::constant(*base).scalar_mul_le(bits.iter())?;
        }
        Ok(acc)
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
