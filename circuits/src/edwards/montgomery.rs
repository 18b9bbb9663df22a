//! The Montgomery model `B·y² = x³ + A·x² + x` of a twisted Edwards curve,
//! with `A = 2(a + d)/(a − d)` and `B = 4/(a − d)`, and the birational maps
//! `x = (1 + v)/(1 − v)`, `y = x/u` and back `u = x/y`,
//! `v = (x − 1)/(x + 1)`. Its affine addition costs 3 constraints against
//! Edwards' 6 but is incomplete (it needs `x1 ≠ x2`): callers use it only
//! where the points added are distinct non-identity multiples of a
//! prime-order base whose sum stays below the order (the argument of Zcash's
//! windowed Pedersen hash circuit, protocol specification appendix A.3.3).

use alloc::vec::Vec;
use core::marker::PhantomData;

use ark_ec::CurveGroup;
use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ff::{AdditiveGroup, Field, One, PrimeField, Zero};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

use super::{EdwardsVar, enforce_mul, lookup3_field, order_bits, witness_quotient};

/// A point on the Montgomery model of `P`, in affine coordinates.
#[must_use]
pub struct MontgomeryVar<P: TECurveConfig>
where
    P::BaseField: PrimeField,
{
    /// The x-coordinate.
    pub x: FpVar<P::BaseField>,
    /// The y-coordinate.
    pub y: FpVar<P::BaseField>,
    _curve: PhantomData<P>,
}

impl<P: TECurveConfig> Clone for MontgomeryVar<P>
where
    P::BaseField: PrimeField,
{
    fn clone(&self) -> Self {
        Self::new(self.x.clone(), self.y.clone())
    }
}

impl<P: TECurveConfig> core::fmt::Debug for MontgomeryVar<P>
where
    P::BaseField: PrimeField,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MontgomeryVar")
            .field("x", &self.x.value().ok())
            .field("y", &self.y.value().ok())
            .finish()
    }
}

/// `(A, B)` of the Montgomery model.
pub fn montgomery_coeffs<P: TECurveConfig>() -> (P::BaseField, P::BaseField) {
    let a = P::COEFF_A;
    let d = P::COEFF_D;
    let inv = (a - d).inverse().unwrap_or_default();
    ((a + d).double() * inv, inv.double().double())
}

/// The Montgomery coordinates of an Edwards point other than `(0, ±1)`.
pub fn to_montgomery<P: TECurveConfig>(p: &Affine<P>) -> (P::BaseField, P::BaseField) {
    let one = P::BaseField::one();
    let x = (one + p.y) * (one - p.y).inverse().unwrap_or_default();
    let y = x * p.x.inverse().unwrap_or_default();
    (x, y)
}

impl<P: TECurveConfig> MontgomeryVar<P>
where
    P::BaseField: PrimeField,
{
    /// A point from its coordinates, unchecked.
    pub fn new(x: FpVar<P::BaseField>, y: FpVar<P::BaseField>) -> Self {
        Self {
            x,
            y,
            _curve: PhantomData,
        }
    }

    /// The Montgomery image of a constant Edwards point other than `(0, ±1)`.
    pub fn constant_from_edwards(p: &Affine<P>) -> Self {
        let (x, y) = to_montgomery(p);
        Self::new(FpVar::constant(x), FpVar::constant(y))
    }

    /// Incomplete addition, 3 constraints: `λ·(x2 − x1) = y2 − y1`,
    /// `(B·λ)·λ = A + x1 + x2 + x3`, `λ·(x1 − x3) = y3 + y1`.
    ///
    /// Only sound and complete when `x1 ≠ x2` for every assignment the
    /// caller admits; see the module documentation.
    pub fn add_incomplete(&self, other: &Self) -> Result<Self, SynthesisError> {
        let cs = self
            .x
            .cs()
            .or(self.y.cs())
            .or(other.x.cs())
            .or(other.y.cs());
        let (ca, cb) = montgomery_coeffs::<P>();
        let dx = &other.x - &self.x;
        let dy = &other.y - &self.y;
        if cs.is_none() {
            let lambda = dy.value()? * dx.value()?.inverse().unwrap_or_default();
            let x3 = cb * lambda.square() - ca - self.x.value()? - other.x.value()?;
            let y3 = lambda * (self.x.value()? - x3) - self.y.value()?;
            return Ok(Self::new(FpVar::constant(x3), FpVar::constant(y3)));
        }
        let lambda = witness_quotient(&cs, &dy, &dx)?;
        enforce_mul(&lambda, &dx, &dy)?;
        let x3 = FpVar::new_witness(cs.clone(), || {
            let l = lambda.value()?;
            Ok(cb * l.square() - ca - self.x.value()? - other.x.value()?)
        })?;
        enforce_mul(
            &(lambda.clone() * cb),
            &lambda,
            &(FpVar::constant(ca) + &self.x + &other.x + &x3),
        )?;
        let y3 = FpVar::new_witness(cs, || {
            Ok(lambda.value()? * (self.x.value()? - x3.value()?) - self.y.value()?)
        })?;
        enforce_mul(&lambda, &(&self.x - &x3), &(&y3 + &self.y))?;
        Ok(Self::new(x3, y3))
    }

    /// The Edwards point, 2 constraints: `y·u = x`, `(x + 1)·v = x − 1`.
    /// Requires `y ≠ 0` and `x ≠ −1` (no 2-torsion point).
    pub fn to_edwards(&self) -> Result<EdwardsVar<P>, SynthesisError> {
        let cs = self.x.cs().or(self.y.cs());
        if cs.is_none() {
            let x = self.x.value()?;
            let y = self.y.value()?;
            let one = P::BaseField::one();
            let u = x * y.inverse().unwrap_or_default();
            let v = (x - one) * (x + one).inverse().unwrap_or_default();
            return Ok(EdwardsVar::constant(Affine::new_unchecked(u, v)));
        }
        let u = witness_quotient(&cs, &self.x, &self.y)?;
        enforce_mul(&self.y, &u, &self.x)?;
        let xp1 = &self.x + P::BaseField::one();
        let xm1 = &self.x - P::BaseField::one();
        let v = witness_quotient(&cs, &xm1, &xp1)?;
        enforce_mul(&xp1, &v, &xm1)?;
        Ok(EdwardsVar::new(u, v))
    }
}

/// A 3-bit lookup of constant Montgomery points, 3 constraints.
fn lookup3_montgomery<P: TECurveConfig>(
    table: &[(P::BaseField, P::BaseField); 8],
    w: &[Boolean<P::BaseField>],
) -> Result<MontgomeryVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let b0b1 = w[0].clone() & w[1].clone();
    let xs: [P::BaseField; 8] = core::array::from_fn(|i| table[i].0);
    let ys: [P::BaseField; 8] = core::array::from_fn(|i| table[i].1);
    Ok(MontgomeryVar::new(
        lookup3_field(&xs, w, &b0b1)?,
        lookup3_field(&ys, w, &b0b1)?,
    ))
}

/// Digit offset of the Montgomery windows: window value `k ∈ [0, 8)` is
/// looked up as `k + 2`, so that every partial sum is smaller than the next
/// addend and no addend is the identity.
const DIGIT_OFFSET: u64 = 2;

/// Fixed-base multiplication over 3-bit windows (at least 3) of a base of
/// prime order; see [`EdwardsVar::fixed_base_mul_le`].
///
/// Within a segment of `L` windows starting at window `i0`, window `j`
/// contributes `(k_j + 2)·8^j·B_s` with `B_s = [8^i0]B`. Before the addition
/// of window `j` the accumulator is `m·B_s` with
/// `2(8^j − 1)/7 ≤ m ≤ 9(8^j − 1)/7 < 2·8^j ≤` the addend's multiple, and
/// every sum is at most `9(8^L − 1)/7 < 2^(3L+1) ≤ r/2`, so the two points
/// are distinct, not opposite and not the identity: Montgomery addition is
/// exact. The offsets `2·Σ 8^i·B` are subtracted by the last (Edwards)
/// window's table.
pub(super) fn fixed_base_mul_windows<P: TECurveConfig>(
    base: &Affine<P>,
    windows: &[&[Boolean<P::BaseField>]],
) -> Result<EdwardsVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let segment_len = (order_bits::<P>().saturating_sub(2) / 3).max(1);
    let (last, mont_windows) = windows.split_last().ok_or(SynthesisError::Unsatisfiable)?;
    let mut window_base: Projective<P> = (*base).into();
    let mut offset = Projective::<P>::zero();
    let mut segments: Vec<EdwardsVar<P>> = Vec::new();
    for segment in mont_windows.chunks(segment_len) {
        let mut acc: Option<MontgomeryVar<P>> = None;
        for w in segment {
            let mut entry = window_base * P::ScalarField::from(DIGIT_OFFSET);
            offset += entry;
            let table: [(P::BaseField, P::BaseField); 8] = core::array::from_fn(|_| {
                let t = to_montgomery(&entry.into_affine());
                entry += window_base;
                t
            });
            let looked_up = lookup3_montgomery::<P>(&table, w)?;
            acc = Some(match acc {
                None => looked_up,
                Some(a) => a.add_incomplete(&looked_up)?,
            });
            for _ in 0..3 {
                window_base = window_base + window_base;
            }
        }
        if let Some(a) = acc {
            segments.push(a.to_edwards()?);
        }
    }
    // The last window, in Edwards form, minus the digit offsets.
    let mut entry = -offset;
    let table: [Affine<P>; 8] = core::array::from_fn(|_| {
        let t = entry.into_affine();
        entry += window_base;
        t
    });
    let b0b1 = last[0].clone() & last[1].clone();
    let us: [P::BaseField; 8] = core::array::from_fn(|i| table[i].x);
    let vs: [P::BaseField; 8] = core::array::from_fn(|i| table[i].y);
    let mut acc = EdwardsVar::new(
        lookup3_field(&us, last, &b0b1)?,
        lookup3_field(&vs, last, &b0b1)?,
    );
    for s in &segments {
        acc = s.add(&acc)?;
    }
    Ok(acc)
}
