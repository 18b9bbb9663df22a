//! The Banderwagon instance over BLS12-381 Fr, on the crate's own
//! twisted-Edwards gadget ([`crate::edwards::EdwardsVar`]).
//!
//! Group elements are affine Bandersnatch points standing for their
//! Banderwagon class (Bandersnatch modulo the 2-torsion point `T = (0, −1)`).
//! Every point the verifiers handle lies in the subgroup `H` of order `2r`
//! (`2E` together with `T`): proof points by the subgroup check, public
//! commitments by the caller's contract, and everything computed from them.
//! `H` contains no point at infinity of the curve's projective closure (its
//! only element of order 2 is the affine `T`), so the Edwards addition and
//! doubling denominators never vanish on it: the formulas are exact there,
//! although Bandersnatch's `a = −5` is not a square. A scalar given as `s + r`
//! instead of `s` moves a point by `[r]P ∈ {O, T}`: the same class.

use alloc::vec;
use alloc::vec::Vec;
use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInteger, Field, One, PrimeField};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::convert::ToBitsGadget;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::group::{FixedBaseTerm, GroupScalarVar, VerkleGroupVar};
use super::scalar::ScalarVar;
use crate::edwards::{EdwardsVar, lookup3_field};
use umbra_verkle::transcript::scalar_to_base;

pub use ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig;

type P = BandersnatchConfig;
/// The constraint field: the base field of Bandersnatch (BLS12-381 Fr).
pub type Base = ark_ed_on_bls12_381_bandersnatch::Fq;
/// The Banderwagon scalar field (foreign to the constraint field).
pub type Scalar = ark_ed_on_bls12_381_bandersnatch::Fr;
/// An affine Bandersnatch point standing for its Banderwagon class.
pub type PointVar = EdwardsVar<P>;

/// The Banderwagon group gadget (marker type for [`VerkleGroupVar`]).
#[derive(Clone, Copy, Debug)]
pub struct BanderwagonGadget;

/// `r - 1` as limbs (for the canonical-bits comparison).
fn r_minus_one() -> <Scalar as PrimeField>::BigInt {
    let mut r = Scalar::MODULUS;
    r.sub_with_borrow(&1u64.into());
    r
}

/// `y` is lexicographically largest (`y > (p-1)/2`).
fn lex_largest<F: PrimeField>(y: &F) -> bool {
    y.into_bigint() > (-*y).into_bigint()
}

/// The canonical representative of the class of `p` (the one whose `x` the
/// 32-byte encoding carries, and the one the Poseidon transcript absorbs).
pub fn canonical_affine(p: &Projective<P>) -> Affine<P> {
    let a = p.into_affine();
    if lex_largest(&a.y) {
        a
    } else {
        Affine::new_unchecked(-a.x, -a.y)
    }
}

/// The representative of the class of `p` of odd order (in the prime-order
/// subgroup), when `p` lies in `H`: `p` or `p + T = (−x, −y)`.
fn odd_order_affine(p: &Projective<P>) -> Affine<P> {
    let a = p.into_affine();
    if a.is_in_correct_subgroup_assuming_on_curve() {
        a
    } else {
        Affine::new_unchecked(-a.x, -a.y)
    }
}

/// `1 - a x^2` is a square (the Banderwagon subgroup check): one witnessed
/// square root.
pub(crate) fn enforce_subgroup(p: &PointVar) -> Result<(), SynthesisError> {
    let one_minus_ax2 = FpVar::constant(Base::one()) - p.u.square()? * P::COEFF_A;
    let root = FpVar::new_witness(p.cs(), || {
        one_minus_ax2
            .value()
            .and_then(|v| v.sqrt().ok_or(SynthesisError::Unsatisfiable))
    })?;
    root.mul_equals(&root, &one_minus_ax2)
}

/// `y > (p-1)/2`, i.e. `-y <= (p-1)/2`.
pub(crate) fn enforce_canonical(p: &PointVar) -> Result<(), SynthesisError> {
    p.v.negate()?
        .enforce_smaller_or_equal_than_mod_minus_one_div_two()
}

impl VerkleGroupVar for BanderwagonGadget {
    type Native = umbra_verkle::Banderwagon;
    type Base = Base;
    type Point = PointVar;

    /// On the curve (3), in the Banderwagon subgroup (`1 − a x²` a square:
    /// 2) and canonical (`y` lexicographically largest), as
    /// `Banderwagon::decode`.
    fn alloc_proof_point(
        cs: ConstraintSystemRef<Base>,
        p: impl FnOnce() -> Result<Projective<P>, SynthesisError>,
    ) -> Result<PointVar, SynthesisError> {
        let p = p().map(|p| canonical_affine(&p));
        let v = PointVar::new_witness(cs, || p)?;
        enforce_subgroup(&v)?;
        enforce_canonical(&v)?;
        Ok(v)
    }

    /// The canonical representative's `(x, y)` as public inputs.
    fn alloc_public_point(
        cs: ConstraintSystemRef<Base>,
        p: impl FnOnce() -> Result<Projective<P>, SynthesisError>,
    ) -> Result<PointVar, SynthesisError> {
        let p = p().map(|p| canonical_affine(&p));
        PointVar::new_variable_omit_on_curve_check(cs, || p, AllocationMode::Input)
    }

    fn public_coordinates(p: &Projective<P>) -> Vec<Base> {
        let a = canonical_affine(p);
        vec![a.x, a.y]
    }

    fn constant(p: &Projective<P>) -> PointVar {
        PointVar::constant(p.into_affine())
    }

    fn add(a: &PointVar, b: &PointVar) -> Result<PointVar, SynthesisError> {
        a.add(b)
    }

    fn sub(a: &PointVar, b: &PointVar) -> Result<PointVar, SynthesisError> {
        a.sub(b)
    }

    fn scalar_mul_le(p: &PointVar, bits: &[Boolean<Base>]) -> Result<PointVar, SynthesisError> {
        p.scalar_mul_le(bits)
    }

    /// Each base replaced by its odd-order representative (same class), so
    /// that [`EdwardsVar::fixed_base_mul_le`] takes its Montgomery path;
    /// the terms joined by complete additions (6 each).
    fn fixed_base_msm(terms: &[FixedBaseTerm<'_, Self>]) -> Result<PointVar, SynthesisError> {
        let mut acc: Option<PointVar> = None;
        for (base, bits) in terms {
            if bits.is_empty() {
                continue;
            }
            let term = PointVar::fixed_base_mul_le(&odd_order_affine(base), bits)?;
            acc = Some(match acc {
                None => term,
                Some(a) => a.add(&term)?,
            });
        }
        Ok(acc.unwrap_or_else(PointVar::identity))
    }

    fn coordinates(p: &PointVar) -> Result<[FpVar<Base>; 2], SynthesisError> {
        Ok([p.u.clone(), p.v.clone()])
    }

    /// One public input, the scalar's integer (`r < p`).
    fn scalar_input(
        cs: ConstraintSystemRef<Base>,
        s: impl FnOnce() -> Result<Scalar, SynthesisError>,
    ) -> Result<GroupScalarVar<Self>, SynthesisError> {
        let v = FpVar::new_input(cs, || s().map(|s| scalar_to_base::<Scalar, Base>(&s)))?;
        let s = ScalarVar::from_native(&v, Scalar::MODULUS_BIT_SIZE as usize)?;
        Boolean::enforce_smaller_or_equal_than_le(&s.bits, r_minus_one())?;
        Ok(s)
    }

    fn public_scalar_inputs(s: &Scalar) -> Vec<Base> {
        vec![scalar_to_base::<Scalar, Base>(s)]
    }

    /// The integer as one element.
    fn absorb_scalar(s: &GroupScalarVar<Self>) -> Result<Vec<FpVar<Base>>, SynthesisError> {
        Ok(vec![s.native.clone()])
    }

    /// A witnessed choice between `(x, y)` and `(−x, −y)` (2 selects) and the
    /// canonical check.
    fn canonicalize(p: &PointVar) -> Result<PointVar, SynthesisError> {
        if p.is_constant() {
            return Ok(PointVar::constant(canonical_affine(
                &p.value()?.into_group(),
            )));
        }
        let keep = Boolean::new_witness(p.cs(), || p.v.value().map(|y| lex_largest(&y)))?;
        let x = keep.select(&p.u, &p.u.negate()?)?;
        let y = keep.select(&p.v, &p.v.negate()?)?;
        let c = PointVar::new(x, y);
        enforce_canonical(&c)?;
        Ok(c)
    }

    /// `x = 0`: `(0, 1)` or `(0, −1)`, the identity class.
    fn enforce_identity(p: &PointVar) -> Result<(), SynthesisError> {
        p.u.enforce_equal(&FpVar::zero())
    }

    /// `m = x / y` (one constraint; `y ≠ 0` on the curve since `a` is not a
    /// square), its canonical bits, `t = (m mod 2^252) + (⌊m / 2^252⌋ · 2^252
    /// mod r)` (a 3-bit lookup of constants, `t < 2r`, exact in the
    /// constraint field), and the scalar `s` with `Σ s.bits + c·r = t` for a
    /// bit `c`.
    fn map_to_scalar(p: &PointVar) -> Result<GroupScalarVar<Self>, SynthesisError> {
        let cs = p.cs();
        let m_val = || -> Result<Base, SynthesisError> {
            Ok(p.u.value()? * p.v.value()?.inverse().unwrap_or_default())
        };
        let m = if cs.is_none() {
            FpVar::constant(m_val()?)
        } else {
            let m = FpVar::new_witness(cs.clone(), m_val)?;
            m.mul_equals(&p.v, &p.u)?;
            m
        };
        const LO: usize = 252;
        let bits = m.to_bits_le()?;
        let (lo, hi) = bits.split_at(LO);
        let r = Base::from_le_bytes_mod_order(&Scalar::MODULUS.to_bytes_le());
        let shift = Scalar::from(2u64).pow([LO as u64]);
        let table: [Base; 8] = core::array::from_fn(|h| {
            let c = shift * Scalar::from(h as u64);
            Base::from_le_bytes_mod_order(&c.into_bigint().to_bytes_le())
        });
        let hi: Vec<Boolean<Base>> = (0..3)
            .map(|i| hi.get(i).cloned().unwrap_or(Boolean::FALSE))
            .collect();
        let b0b1 = hi[0].clone() & hi[1].clone();
        let t = Boolean::le_bits_to_fp(lo)? + lookup3_field(&table, &hi, &b0b1)?;
        let t_val = t.value();
        let s = ScalarVar::<Scalar, Base>::new_witness(cs.clone(), || {
            t_val.map(|t| super::scalar::base_to_scalar::<Scalar, Base>(&t))
        })?;
        let c = Boolean::new_variable(
            cs,
            || t_val.map(|t| t.into_bigint() >= Scalar::MODULUS),
            if t.is_constant() {
                AllocationMode::Constant
            } else {
                AllocationMode::Witness
            },
        )?;
        (s.native.clone() + FpVar::from(c) * r).enforce_equal(&t)?;
        Ok(s)
    }
}
