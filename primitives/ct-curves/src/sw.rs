//! Short Weierstrass curves (`y^2 = x^3 + a*x + b`) in homogeneous projective
//! coordinates: Grumpkin, BN254 G1, and any arkworks [`SWCurveConfig`] whose
//! base and scalar fields are 4-limb fields.

use core::fmt;

use ark_ec::AffineRepr;
use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::field::CtField;
use crate::group::CtGroup;
use crate::te::inverse_exponent;

/// A short Weierstrass point in homogeneous projective coordinates
/// `(X : Y : Z)` with `x = X/Z`, `y = Y/Z`; the identity is `(0 : 1 : 0)`.
///
/// Addition uses the complete formulas of Renes–Costello–Batina
/// (eprint 2015/1060): Algorithm 7 when `a = 0` (Grumpkin, BN254) and
/// Algorithm 1 otherwise. They are exception-free on prime-order curves:
/// the identity and doubling are not special cases. Doubling uses the
/// complete Algorithm 9 when `a = 0`, otherwise the addition law itself.
///
/// arkworks uses Jacobian coordinates; [`SwPoint::to_projective`] and the
/// `From` conversions translate (two or three multiplications).
pub struct SwPoint<P: SWCurveConfig> {
    x: P::BaseField,
    y: P::BaseField,
    z: P::BaseField,
}

impl<P: SWCurveConfig> Clone for SwPoint<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: SWCurveConfig> Copy for SwPoint<P> {}

impl<P: SWCurveConfig> fmt::Debug for SwPoint<P> {
    /// Prints nothing about the coordinates (a point may be secret-derived).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SwPoint(..)")
    }
}

impl<P> SwPoint<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
    P::ScalarField: CtField,
{
    /// The arkworks (Jacobian) point: `(X*Z, Y*Z^2, Z)`, or arkworks' own
    /// identity encoding when `Z = 0` (chosen by a mask, not a branch).
    pub fn to_projective(&self) -> Projective<P> {
        let zz = self.z.ct_square();
        let x = self.x.ct_mul(&self.z);
        let y = self.y.ct_mul(&zz);
        let is_id = self.z.ct_is_zero();
        let one = P::BaseField::one_ct();
        Projective::new_unchecked(
            P::BaseField::ct_select(&x, &one, is_id),
            P::BaseField::ct_select(&y, &one, is_id),
            self.z,
        )
    }

    /// Affine coordinates computed with a constant-time inversion, and
    /// whether the point is the identity (then the coordinates are `(0, 0)`).
    pub fn to_affine_coordinates(&self) -> (P::BaseField, P::BaseField, Choice) {
        let zinv = self.z.ct_pow(&inverse_exponent::<P::BaseField>());
        (
            self.x.ct_mul(&zinv),
            self.y.ct_mul(&zinv),
            self.z.ct_is_zero(),
        )
    }

    /// The arkworks affine point. Coordinates are computed in constant time;
    /// building arkworks' value then branches on whether the result is the
    /// identity, which is the only bit this reveals. Use
    /// [`SwPoint::to_affine_coordinates`] to avoid even that.
    pub fn to_affine(&self) -> Affine<P> {
        let (x, y, is_id) = self.to_affine_coordinates();
        if bool::from(is_id) {
            Affine::identity()
        } else {
            Affine::new_unchecked(x, y)
        }
    }

    /// The curve's generator.
    pub fn generator() -> Self {
        Self::from(P::GENERATOR)
    }
}

impl<P> From<Projective<P>> for SwPoint<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
{
    /// From Jacobian `(X, Y, Z)` to homogeneous `(X*Z, Y, Z^3)`; an arkworks
    /// identity (`Z = 0`) becomes `(0 : 1 : 0)` under a mask.
    fn from(p: Projective<P>) -> Self {
        let is_id = p.z.ct_is_zero();
        let x = p.x.ct_mul(&p.z);
        let z = p.z.ct_square().ct_mul(&p.z);
        let y = P::BaseField::ct_select(&p.y, &P::BaseField::one_ct(), is_id);
        Self { x, y, z }
    }
}

impl<P> From<Affine<P>> for SwPoint<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
{
    fn from(p: Affine<P>) -> Self {
        // Affine inputs are public points (bases); the flag is read directly.
        let is_id = Choice::from(u8::from(p.is_zero()));
        let zero = P::BaseField::from(0u64);
        let one = P::BaseField::one_ct();
        Self {
            x: P::BaseField::ct_select(&p.x, &zero, is_id),
            y: P::BaseField::ct_select(&p.y, &one, is_id),
            z: P::BaseField::ct_select(&one, &zero, is_id),
        }
    }
}

impl<P> From<SwPoint<P>> for Projective<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
    P::ScalarField: CtField,
{
    fn from(p: SwPoint<P>) -> Self {
        p.to_projective()
    }
}

impl<P> ConditionallySelectable for SwPoint<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
{
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self {
            x: P::BaseField::ct_select(&a.x, &b.x, choice),
            y: P::BaseField::ct_select(&a.y, &b.y, choice),
            z: P::BaseField::ct_select(&a.z, &b.z, choice),
        }
    }
}

impl<P> ConstantTimeEq for SwPoint<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
{
    /// Projective equality: `X1*Z2 == X2*Z1` and `Y1*Z2 == Y2*Z1` (this also
    /// equates the identity only with itself, since its `Y` is non-zero).
    fn ct_eq(&self, other: &Self) -> Choice {
        let x = self.x.ct_mul(&other.z).ct_eq(&other.x.ct_mul(&self.z));
        let y = self.y.ct_mul(&other.z).ct_eq(&other.y.ct_mul(&self.z));
        x & y
    }
}

impl<P> CtGroup for SwPoint<P>
where
    P: SWCurveConfig,
    P::BaseField: CtField,
    P::ScalarField: CtField,
{
    type Scalar = P::ScalarField;

    fn identity() -> Self {
        let zero = P::BaseField::from(0u64);
        Self {
            x: zero,
            y: P::BaseField::one_ct(),
            z: zero,
        }
    }

    fn ct_add(&self, o: &Self) -> Self {
        // `COEFF_A` is a public curve constant: choosing the formula is not
        // a secret-dependent branch.
        if P::COEFF_A == P::BaseField::from(0u64) {
            add_a0(self, o)
        } else {
            add_generic(self, o)
        }
    }

    fn ct_double(&self) -> Self {
        if P::COEFF_A == P::BaseField::from(0u64) {
            double_a0(self)
        } else {
            self.ct_add(self)
        }
    }

    fn ct_neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.ct_neg(),
            z: self.z,
        }
    }

    fn ct_is_identity(&self) -> Choice {
        self.z.ct_is_zero()
    }
}

fn b3<P: SWCurveConfig>() -> P::BaseField
where
    P::BaseField: CtField,
{
    P::COEFF_B.ct_double().ct_add(&P::COEFF_B)
}

/// Renes–Costello–Batina Algorithm 7 (`a = 0`): 12M + 2 multiplications by `3b`.
fn add_a0<P: SWCurveConfig>(p: &SwPoint<P>, q: &SwPoint<P>) -> SwPoint<P>
where
    P::BaseField: CtField,
{
    let b3 = b3::<P>();
    let t0 = p.x.ct_mul(&q.x);
    let t1 = p.y.ct_mul(&q.y);
    let t2 = p.z.ct_mul(&q.z);
    let t3 = p.x.ct_add(&p.y).ct_mul(&q.x.ct_add(&q.y));
    let t3 = t3.ct_sub(&t0.ct_add(&t1));
    let t4 = p.y.ct_add(&p.z).ct_mul(&q.y.ct_add(&q.z));
    let t4 = t4.ct_sub(&t1.ct_add(&t2));
    let y3 = p.x.ct_add(&p.z).ct_mul(&q.x.ct_add(&q.z));
    let y3 = y3.ct_sub(&t0.ct_add(&t2));
    let t0 = t0.ct_double().ct_add(&t0);
    let t2 = b3.ct_mul(&t2);
    let z3 = t1.ct_add(&t2);
    let t1 = t1.ct_sub(&t2);
    let y3 = b3.ct_mul(&y3);
    let x3 = t3.ct_mul(&t1).ct_sub(&t4.ct_mul(&y3));
    let y3 = t1.ct_mul(&z3).ct_add(&y3.ct_mul(&t0));
    let z3 = z3.ct_mul(&t4).ct_add(&t0.ct_mul(&t3));
    SwPoint {
        x: x3,
        y: y3,
        z: z3,
    }
}

/// Renes–Costello–Batina Algorithm 9 (`a = 0` doubling, complete):
/// `X3 = 2XY (Y^2 - 9bZ^2)`, `Y3 = (Y^2 - 9bZ^2)(Y^2 + 3bZ^2) + 24b Y^2 Z^2`,
/// `Z3 = 8 Y^3 Z`.
fn double_a0<P: SWCurveConfig>(p: &SwPoint<P>) -> SwPoint<P>
where
    P::BaseField: CtField,
{
    let yy = p.y.ct_square();
    let zz = p.z.ct_square();
    let xy2 = p.x.ct_mul(&p.y).ct_double();
    let bzz3 = b3::<P>().ct_mul(&zz);
    let bzz9 = bzz3.ct_double().ct_add(&bzz3);
    let yy_m_bzz9 = yy.ct_sub(&bzz9);
    let yy_p_bzz3 = yy.ct_add(&bzz3);
    // 24 b yy zz = 8 * (3b zz) * yy.
    let t = bzz3.ct_mul(&yy).ct_double().ct_double().ct_double();
    SwPoint {
        x: xy2.ct_mul(&yy_m_bzz9),
        y: yy_m_bzz9.ct_mul(&yy_p_bzz3).ct_add(&t),
        z: yy
            .ct_mul(&p.y)
            .ct_mul(&p.z)
            .ct_double()
            .ct_double()
            .ct_double(),
    }
}

/// Renes–Costello–Batina Algorithm 1 (any `a`): 12M + 3 by `a` + 2 by `3b`.
fn add_generic<P: SWCurveConfig>(p: &SwPoint<P>, q: &SwPoint<P>) -> SwPoint<P>
where
    P::BaseField: CtField,
{
    let a = P::COEFF_A;
    let b3 = b3::<P>();
    let t0 = p.x.ct_mul(&q.x);
    let t1 = p.y.ct_mul(&q.y);
    let t2 = p.z.ct_mul(&q.z);
    let t3 = p.x.ct_add(&p.y).ct_mul(&q.x.ct_add(&q.y));
    let t3 = t3.ct_sub(&t0.ct_add(&t1));
    let t4 = p.x.ct_add(&p.z).ct_mul(&q.x.ct_add(&q.z));
    let t4 = t4.ct_sub(&t0.ct_add(&t2));
    let t5 = p.y.ct_add(&p.z).ct_mul(&q.y.ct_add(&q.z));
    let t5 = t5.ct_sub(&t1.ct_add(&t2));
    let z3 = a.ct_mul(&t4).ct_add(&b3.ct_mul(&t2));
    let x3 = t1.ct_sub(&z3);
    let z3 = t1.ct_add(&z3);
    let y3 = x3.ct_mul(&z3);
    let t1 = t0.ct_double().ct_add(&t0);
    let t2 = a.ct_mul(&t2);
    let t4 = b3.ct_mul(&t4);
    let t1 = t1.ct_add(&t2);
    let t2 = a.ct_mul(&t0.ct_sub(&t2));
    let t4 = t4.ct_add(&t2);
    let y3 = y3.ct_add(&t1.ct_mul(&t4));
    let x3 = t3.ct_mul(&x3).ct_sub(&t5.ct_mul(&t4));
    let z3 = t5.ct_mul(&z3).ct_add(&t3.ct_mul(&t1));
    SwPoint {
        x: x3,
        y: y3,
        z: z3,
    }
}
