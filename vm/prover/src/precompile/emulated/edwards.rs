//! Points of a twisted Edwards curve `−x² + y² = 1 + d·x²·y²` (`a = −1`: Ed25519, and Jubjub
//! over BLS12-381's scalar field) over an emulated field, in extended coordinates
//! `(X : Y : Z : T)` with `x = X/Z`, `y = Y/Z`, `x·y = T/Z`; the identity is `(0 : 1 : 1 : 0)`.
//!
//! Addition is the unified formula of Hisil–Wong–Carter–Dawson (2008, "add-2008-hwcd-3"):
//! complete when `a` is a square and `d` is not, which holds for Ed25519 — every pair of
//! points, the small-order ones included (ZIP-215 verification meets them on purpose), has
//! one formula and no exceptional case. Doubling is "dbl-2008-hwcd".

use ark_ff::One;
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;

use super::{Fe, Field};
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V};

/// An extended point.
#[derive(Clone, Debug)]
pub(crate) struct Point {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
    pub(crate) t: Fe,
}

/// A curve with `a = −1` over an emulated field.
#[derive(Clone, Debug)]
pub(crate) struct Curve {
    pub(crate) field: Field,
    d: BigUint,
}

impl Curve {
    /// Edwards25519: `p = 2²⁵⁵ − 19`, `d = −121665/121666`.
    pub(crate) fn ed25519() -> Option<Self> {
        let p = (BigUint::one() << 255) - 19u32;
        let inv = BigUint::from(121_666u32).modinv(&p)?;
        let d = (&p - BigUint::from(121_665u32)) * inv % &p;
        Some(Self {
            field: Field::new(p)?,
            d,
        })
    }

    /// The constant `d`.
    pub(crate) fn d(&self) -> &BigUint {
        &self.d
    }

    /// The point with affine coordinates `(x, y)` (one product, `T = x·y`).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn extend(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        y: &Fe,
    ) -> Result<Point, SynthesisError> {
        let f = &self.field;
        Ok(Point {
            x: x.clone(),
            y: y.clone(),
            z: f.constant(&BigUint::one()),
            t: f.mul(s, b, x, y)?,
        })
    }

    /// Enforce `−x² + y² ≡ 1 + d·x²·y²`.
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn assert_on_curve(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        y: &Fe,
    ) -> Result<(), SynthesisError> {
        let f = &self.field;
        let x2 = f.mul(s, b, x, x)?;
        let y2 = f.mul(s, b, y, y)?;
        let x2y2 = f.mul(s, b, &x2, &y2)?;
        let dx2y2 = f.mul(s, b, &x2y2, &f.constant(&self.d))?;
        let lhs = f.add(&y2, &f.neg(&x2));
        let rhs = f.add(&dx2y2, &f.constant(&BigUint::one()));
        f.assert_eq(s, b, &lhs, &rhs)
    }

    /// `p + q` (nine products, one of them by the constant `2d`).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn add(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
        q: &Point,
    ) -> Result<Point, SynthesisError> {
        self.add_with(s, b, p, (&q.x, &q.y, &q.t), Some(&q.z))
    }

    /// `2p` (eight products).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn double(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
    ) -> Result<Point, SynthesisError> {
        let f = &self.field;
        let a = f.mul(s, b, &p.x, &p.x)?;
        let bb = f.mul(s, b, &p.y, &p.y)?;
        let c = f.scale(&f.mul(s, b, &p.z, &p.z)?, 2);
        let xy = f.add(&p.x, &p.y);
        let e = f.sub(&f.mul(s, b, &xy, &xy)?, &f.add(&a, &bb));
        // a = −1: D = −A, G = D + B, F = G − C, H = D − B.
        let g = f.sub(&bb, &a);
        let ff = f.sub(&g, &c);
        let h = f.neg(&f.add(&a, &bb));
        Ok(Point {
            x: f.mul(s, b, &e, &ff)?,
            y: f.mul(s, b, &g, &h)?,
            t: f.mul(s, b, &e, &h)?,
            z: f.mul(s, b, &ff, &g)?,
        })
    }

    /// `p + q` for `q` affine, `q = (x, y, x·y)` with `Z = 1` (a constant-table entry):
    /// eight products, [`Curve::add`] without the product of the `Z`s.
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn add_affine(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
        q: (&Fe, &Fe, &Fe),
    ) -> Result<Point, SynthesisError> {
        self.add_with(s, b, p, q, None)
    }

    /// `p + q` for `q = (X, Y, T)` over `q_z` (`None`: 1), "add-2008-hwcd-3".
    fn add_with(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
        (qx, qy, qt): (&Fe, &Fe, &Fe),
        q_z: Option<&Fe>,
    ) -> Result<Point, SynthesisError> {
        let f = &self.field;
        let a = f.mul(s, b, &f.sub(&p.y, &p.x), &f.sub(qy, qx))?;
        let bb = f.mul(s, b, &f.add(&p.y, &p.x), &f.add(qy, qx))?;
        let tt = f.mul(s, b, &p.t, qt)?;
        let c = f.mul(s, b, &tt, &f.constant(&(&self.d * 2u32)))?;
        let zz = match q_z {
            Some(qz) => f.mul(s, b, &p.z, qz)?,
            None => p.z.clone(),
        };
        let dd = f.scale(&zz, 2);
        let (e, h) = (f.sub(&bb, &a), f.add(&bb, &a));
        let (ff, g) = (f.sub(&dd, &c), f.add(&dd, &c));
        Ok(Point {
            x: f.mul(s, b, &e, &ff)?,
            y: f.mul(s, b, &g, &h)?,
            t: f.mul(s, b, &e, &h)?,
            z: f.mul(s, b, &ff, &g)?,
        })
    }

    /// `−p = (−X : Y : Z : −T)` (no row).
    pub(crate) fn neg(&self, p: &Point) -> Point {
        let f = &self.field;
        Point {
            x: f.neg(&p.x),
            y: p.y.clone(),
            z: p.z.clone(),
            t: f.neg(&p.t),
        }
    }

    /// `q` if `bit` else `p` (`bit` boolean, checked by the caller): sixteen rows.
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn select(
        &self,
        s: &mut Synth,
        bit: &V,
        p: &Point,
        q: &Point,
    ) -> Result<Point, SynthesisError> {
        let f = &self.field;
        Ok(Point {
            x: f.select(s, bit, &p.x, &q.x)?,
            y: f.select(s, bit, &p.y, &q.y)?,
            z: f.select(s, bit, &p.z, &q.z)?,
            t: f.select(s, bit, &p.t, &q.t)?,
        })
    }

    /// Whether `p` (a point of the curve, so `Z ≠ 0`) is the identity: `X ≡ 0` and
    /// `Y ≡ Z` (`x = 0` leaves `y = ±1`, and `y = 1` is the identity).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn is_identity(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
    ) -> Result<V, SynthesisError> {
        let f = &self.field;
        let zx = f.is_zero(s, b, &p.x)?;
        let zy = f.is_zero(s, b, &f.sub(&p.y, &p.z))?;
        s.mul(&zx, &zy)
    }

    /// `[8]p` (three doublings).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn mul_by_cofactor(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
    ) -> Result<Point, SynthesisError> {
        let p2 = self.double(s, b, p)?;
        let p4 = self.double(s, b, &p2)?;
        self.double(s, b, &p4)
    }

    /// The affine coordinates of `p`, canonical (`Z ≠ 0` on the curve).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn to_affine(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
    ) -> Result<(Fe, Fe), SynthesisError> {
        let f = &self.field;
        let x = f.div(s, b, &p.x, &p.z)?;
        let y = f.div(s, b, &p.y, &p.z)?;
        Ok((f.canonical(s, b, &x)?, f.canonical(s, b, &y)?))
    }
}

#[cfg(test)]
mod tests;
