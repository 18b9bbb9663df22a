//! The Grumpkin instance over BN254 Fr, on the crate's short-Weierstrass
//! gadget ([`crate::weierstrass::GrumpkinVar`]: affine points with an
//! identity flag, complete addition, exception-free windowed
//! multiplications).
//!
//! Grumpkin has prime order (cofactor 1), so a decoded point is any curve
//! point or the identity, and every element has one representative: there is
//! no subgroup or canonical-form check, and the transcript absorbs the affine
//! `(x, y)` (`(0, 0)` for the identity), which the gadget holds. The scalar
//! field (BN254 Fq) is *larger* than the constraint field (BN254 Fr), so a
//! scalar is absorbed and given as public input as two limbs, its low 128
//! bits and the rest (`Grumpkin::scalar_limbs`), read off canonical bits.

use alloc::vec::Vec;
use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_verkle::{Grumpkin, GrumpkinPoint};

use super::group::{FixedBaseTerm, GroupScalarVar, VerkleGroupVar};
use super::scalar::{ScalarVar, base_to_scalar};
use crate::weierstrass::GrumpkinVar;

/// The constraint field: Grumpkin's base field (BN254 Fr).
pub type GrumpkinBase = umbra_verkle::GrumpkinBase;
/// Grumpkin's scalar field (BN254 Fq, foreign and larger).
pub type GrumpkinScalar = umbra_verkle::GrumpkinScalar;

/// The Grumpkin commitment group gadget (marker type for
/// [`VerkleGroupVar`]; points are [`GrumpkinVar`]).
#[derive(Clone, Copy, Debug)]
pub struct GrumpkinGadget;

type B = GrumpkinBase;
type S = GrumpkinScalar;

/// `m - 1` for a modulus `m`, as limbs.
fn minus_one<F: PrimeField>() -> F::BigInt {
    let mut m = F::MODULUS;
    m.sub_with_borrow(&1u64.into());
    m
}

impl VerkleGroupVar for GrumpkinGadget {
    type Native = Grumpkin;
    type Base = B;
    type Point = GrumpkinVar;

    /// A curve point or the identity (5 constraints), as `Grumpkin::decode`.
    fn alloc_proof_point(
        cs: ConstraintSystemRef<B>,
        p: impl FnOnce() -> Result<GrumpkinPoint, SynthesisError>,
    ) -> Result<GrumpkinVar, SynthesisError> {
        GrumpkinVar::new_witness(cs, p)
    }

    /// `(x, y)` as public inputs, `(0, 0)` for the identity (the flag is a
    /// witness tied to them; 5 constraints).
    fn alloc_public_point(
        cs: ConstraintSystemRef<B>,
        p: impl FnOnce() -> Result<GrumpkinPoint, SynthesisError>,
    ) -> Result<GrumpkinVar, SynthesisError> {
        GrumpkinVar::new_input(cs, p)
    }

    fn public_coordinates(p: &GrumpkinPoint) -> Vec<B> {
        let (x, y) = ark_ec::AffineRepr::xy(&p.into_affine()).unwrap_or_default();
        alloc::vec![x, y]
    }

    fn constant(p: &GrumpkinPoint) -> GrumpkinVar {
        GrumpkinVar::constant(p.into_affine())
    }

    fn add(a: &GrumpkinVar, b: &GrumpkinVar) -> Result<GrumpkinVar, SynthesisError> {
        a.add(b)
    }

    fn sub(a: &GrumpkinVar, b: &GrumpkinVar) -> Result<GrumpkinVar, SynthesisError> {
        a.sub(b)
    }

    fn scalar_mul_le(p: &GrumpkinVar, bits: &[Boolean<B>]) -> Result<GrumpkinVar, SynthesisError> {
        p.scalar_mul_le(bits)
    }

    /// [`GrumpkinVar::fixed_base_msm_le`]: offset 3-bit windows per base,
    /// one offset subtraction for all.
    fn fixed_base_msm(terms: &[FixedBaseTerm<'_, Self>]) -> Result<GrumpkinVar, SynthesisError> {
        let terms: Vec<&FixedBaseTerm<'_, Self>> =
            terms.iter().filter(|(_, bits)| !bits.is_empty()).collect();
        let bases: Vec<_> = terms.iter().map(|(b, _)| b.into_affine()).collect();
        let bits: Vec<&[Boolean<B>]> = terms.iter().map(|(_, k)| *k).collect();
        if bases.is_empty() {
            return Ok(GrumpkinVar::identity());
        }
        GrumpkinVar::fixed_base_msm_le(&bases, &bits)
    }

    /// Free: the gadget holds the affine `(x, y)`, `(0, 0)` for the identity.
    fn coordinates(p: &GrumpkinVar) -> Result<[FpVar<B>; 2], SynthesisError> {
        Ok(p.absorb_coordinates())
    }

    /// Free: one representative per element.
    fn canonicalize(p: &GrumpkinVar) -> Result<GrumpkinVar, SynthesisError> {
        Ok(p.clone())
    }

    /// The identity flag is set.
    fn enforce_identity(p: &GrumpkinVar) -> Result<(), SynthesisError> {
        p.is_identity().enforce_equal(&Boolean::TRUE)
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
        let l = v.exact_limbs()?;
        l[0].enforce_equal(&lo)?;
        l[1].enforce_equal(&hi)?;
        Ok(v)
    }

    fn public_scalar_inputs(s: &S) -> Vec<B> {
        Grumpkin::scalar_limbs(s).to_vec()
    }

    /// The two limbs (linear combinations of the canonical bits).
    fn absorb_scalar(s: &GroupScalarVar<Self>) -> Result<Vec<FpVar<B>>, SynthesisError> {
        s.exact_limbs()
    }

    /// `m = x / y` ([`GrumpkinVar::map_to_base`], 0 for the identity), and
    /// the scalar whose bits are below `p` and pack to `m` (`m < p < r`: the
    /// native lift, no reduction).
    fn map_to_scalar(p: &GrumpkinVar) -> Result<GroupScalarVar<Self>, SynthesisError> {
        use ark_r1cs_std::GR1CSVar;
        let m = p.map_to_base()?;
        let m_v = m.value();
        let v = ScalarVar::<S, B>::new_witness(p.cs(), || m_v.map(|m| base_to_scalar::<S, B>(&m)))?;
        Boolean::enforce_smaller_or_equal_than_le(&v.bits, minus_one::<B>())?;
        v.native.enforce_equal(&m)?;
        Ok(v)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ark_ff::Zero;
    use ark_r1cs_std::GR1CSVar;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    #[test]
    fn map_to_scalar_matches_native() {
        use umbra_verkle::VerkleGroup;
        let mut rng = ark_std::test_rng();
        let mut pts: Vec<GrumpkinPoint> = (0..6).map(|_| GrumpkinPoint::rand(&mut rng)).collect();
        pts.push(GrumpkinPoint::zero());
        for p in pts {
            let cs = ConstraintSystem::<B>::new_ref();
            let pv = GrumpkinGadget::alloc_proof_point(cs.clone(), || Ok(p)).unwrap();
            let s = GrumpkinGadget::map_to_scalar(&pv).unwrap();
            assert_eq!(s.emu.value().unwrap(), Grumpkin::map_to_scalar(&p));
            assert!(cs.is_satisfied().unwrap());
        }
    }
}
