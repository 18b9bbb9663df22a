//! Twisted Edwards curves (`a*x^2 + y^2 = 1 + d*x^2*y^2`) in extended
//! coordinates: Jubjub, Bandersnatch, and any arkworks [`TECurveConfig`]
//! whose base and scalar fields are 4-limb fields.

use core::fmt;

use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::field::CtField;
use crate::group::CtGroup;

/// A twisted Edwards point in extended coordinates `(X : Y : T : Z)` with
/// `x = X/Z`, `y = Y/Z`, `x*y = T/Z`: the representation arkworks uses, so
/// conversions to and from [`Projective`] are free.
///
/// Addition is the unified formula of Hisil–Wong–Carter–Dawson (2008),
/// complete on curves where `a` is a square and `d` is not (Jubjub,
/// Bandersnatch, Baby Jubjub): no input, including the identity and equal
/// points, takes a different path.
pub struct TePoint<P: TECurveConfig> {
    x: P::BaseField,
    y: P::BaseField,
    t: P::BaseField,
    z: P::BaseField,
}

impl<P: TECurveConfig> Clone for TePoint<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: TECurveConfig> Copy for TePoint<P> {}

impl<P: TECurveConfig> fmt::Debug for TePoint<P> {
    /// Prints nothing about the coordinates (a point may be secret-derived).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TePoint(..)")
    }
}

impl<P> TePoint<P>
where
    P: TECurveConfig,
    P::BaseField: CtField,
    P::ScalarField: CtField,
{
    /// The arkworks point with the same coordinates (no normalisation).
    pub fn to_projective(&self) -> Projective<P> {
        Projective::new_unchecked(self.x, self.y, self.t, self.z)
    }

    /// The affine point, normalised with a constant-time inversion.
    pub fn to_affine(&self) -> Affine<P> {
        // Z is never zero on a complete twisted Edwards curve.
        let zinv = self.z.ct_pow(&inverse_exponent::<P::BaseField>());
        Affine::new_unchecked(self.x.ct_mul(&zinv), self.y.ct_mul(&zinv))
    }

    /// The curve's generator.
    pub fn generator() -> Self {
        Self::from(P::GENERATOR)
    }
}

/// `p - 2` of a field, read from arkworks' modulus constant.
pub(crate) fn inverse_exponent<F: CtField>() -> [u64; 4] {
    let modulus = F::MODULUS;
    let m = modulus.as_ref();
    let mut out = [0u64; 4];
    let mut borrow = 2u64;
    for (o, &limb) in out.iter_mut().zip(m.iter()) {
        let (v, b) = limb.overflowing_sub(borrow);
        *o = v;
        borrow = u64::from(b);
    }
    out
}

impl<P: TECurveConfig> From<Projective<P>> for TePoint<P> {
    fn from(p: Projective<P>) -> Self {
        Self {
            x: p.x,
            y: p.y,
            t: p.t,
            z: p.z,
        }
    }
}

impl<P> From<Affine<P>> for TePoint<P>
where
    P: TECurveConfig,
    P::BaseField: CtField,
{
    fn from(p: Affine<P>) -> Self {
        Self {
            x: p.x,
            y: p.y,
            t: p.x.ct_mul(&p.y),
            z: P::BaseField::one_ct(),
        }
    }
}

impl<P> From<TePoint<P>> for Projective<P>
where
    P: TECurveConfig,
    P::BaseField: CtField,
    P::ScalarField: CtField,
{
    fn from(p: TePoint<P>) -> Self {
        p.to_projective()
    }
}

impl<P> ConditionallySelectable for TePoint<P>
where
    P: TECurveConfig,
    P::BaseField: CtField,
{
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self {
            x: P::BaseField::ct_select(&a.x, &b.x, choice),
            y: P::BaseField::ct_select(&a.y, &b.y, choice),
            t: P::BaseField::ct_select(&a.t, &b.t, choice),
            z: P::BaseField::ct_select(&a.z, &b.z, choice),
        }
    }
}

impl<P> ConstantTimeEq for TePoint<P>
where
    P: TECurveConfig,
    P::BaseField: CtField,
{
    /// Projective equality: `X1*Z2 == X2*Z1` and `Y1*Z2 == Y2*Z1`.
    fn ct_eq(&self, other: &Self) -> Choice {
        let x = self.x.ct_mul(&other.z).ct_eq(&other.x.ct_mul(&self.z));
        let y = self.y.ct_mul(&other.z).ct_eq(&other.y.ct_mul(&self.z));
        x & y
    }
}

impl<P> CtGroup for TePoint<P>
where
    P: TECurveConfig,
    P::BaseField: CtField,
    P::ScalarField: CtField,
{
    type Scalar = P::ScalarField;

    fn identity() -> Self {
        let zero = P::BaseField::from(0u64);
        let one = P::BaseField::one_ct();
        Self {
            x: zero,
            y: one,
            t: zero,
            z: one,
        }
    }

    /// `add-2008-hwcd`: 9 multiplications (two by curve constants).
    fn ct_add(&self, o: &Self) -> Self {
        let a = self.x.ct_mul(&o.x);
        let b = self.y.ct_mul(&o.y);
        let c = self.t.ct_mul(&P::COEFF_D).ct_mul(&o.t);
        let d = self.z.ct_mul(&o.z);
        let e = self
            .x
            .ct_add(&self.y)
            .ct_mul(&o.x.ct_add(&o.y))
            .ct_sub(&a)
            .ct_sub(&b);
        let f = d.ct_sub(&c);
        let g = d.ct_add(&c);
        let h = b.ct_sub(&P::COEFF_A.ct_mul(&a));
        Self {
            x: e.ct_mul(&f),
            y: g.ct_mul(&h),
            t: e.ct_mul(&h),
            z: f.ct_mul(&g),
        }
    }

    /// `dbl-2008-hwcd`: 4 squarings, 4 multiplications, one by `a`.
    fn ct_double(&self) -> Self {
        let a = self.x.ct_square();
        let b = self.y.ct_square();
        let c = self.z.ct_square().ct_double();
        let d = P::COEFF_A.ct_mul(&a);
        let e = self.x.ct_add(&self.y).ct_square().ct_sub(&a).ct_sub(&b);
        let g = d.ct_add(&b);
        let f = g.ct_sub(&c);
        let h = d.ct_sub(&b);
        Self {
            x: e.ct_mul(&f),
            y: g.ct_mul(&h),
            t: e.ct_mul(&h),
            z: f.ct_mul(&g),
        }
    }

    fn ct_neg(&self) -> Self {
        Self {
            x: self.x.ct_neg(),
            y: self.y,
            t: self.t.ct_neg(),
            z: self.z,
        }
    }

    fn ct_is_identity(&self) -> Choice {
        self.x.ct_is_zero() & self.y.ct_eq(&self.z)
    }
}
