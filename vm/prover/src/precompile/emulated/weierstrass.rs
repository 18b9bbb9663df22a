//! Points of a short Weierstrass curve `y² = x³ + b` (`a = 0`: secp256k1) over an emulated
//! field, in projective coordinates `(X : Y : Z)` with the identity `(0 : 1 : 0)`.
//!
//! Addition and doubling are the complete formulas of Renes, Costello and Batina (eprint
//! 2015/1060, Algorithms 7 and 9): one formula for every pair of points, the identity and
//! `P + P` and `P + (−P)` included, on a curve of odd order. A verifier's inputs come from
//! the guest (a public key, a signature), so no exceptional case may be left to chance or
//! to a prover's free witness; complete formulas have none. Each emulated product is a
//! fresh almost-reduced element, so the bounds — and with them the rows — are the same at
//! every step of a scalar multiplication.

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;

use super::{Fe, Field, LIMBS};
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V};

/// A projective point.
#[derive(Clone, Debug)]
pub(crate) struct Point {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
}

/// A point in affine coordinates, each canonical with its 16-bit chunks (little-endian),
/// and the identity flag (the identity is `(0, 0)`).
#[derive(Clone, Debug)]
pub(crate) struct AffinePoint {
    pub(crate) x: Fe,
    pub(crate) x_chunks: Vec<V>,
    pub(crate) y: Fe,
    pub(crate) y_chunks: Vec<V>,
    pub(crate) id: V,
}

/// Constant points selected by boolean bits (a window of a fixed-base multiplication).
/// Every coordinate limb of the selected point is a linear combination of the bits'
/// monomials — the table's Möbius transform gives the coefficients — so a selection costs
/// only the monomials of degree ≥ 2, shared by all twelve limbs (`2^w − w − 1` rows).
#[derive(Clone, Debug)]
pub(crate) struct ConstantTable {
    /// Per coordinate (`X`, `Y`, `Z`), per limb: the coefficient of each monomial (index:
    /// the mask of the bits it multiplies).
    coeffs: [[Vec<Fr>; LIMBS]; 3],
    /// Per coordinate, per limb: the largest entry.
    max: [[BigUint; LIMBS]; 3],
}

impl ConstantTable {
    /// The table whose entry `k` (selected by bits spelling `k`, bit `i` the `i`-th) is
    /// `points[k]` (affine, reduced; `None`: the identity). `points.len()` is a power of two.
    pub(crate) fn new(points: &[Option<(BigUint, BigUint)>]) -> Self {
        let coords: Vec<[BigUint; 3]> = points
            .iter()
            .map(|p| match p {
                Some((x, y)) => [x.clone(), y.clone(), BigUint::one()],
                None => [BigUint::zero(), BigUint::one(), BigUint::zero()],
            })
            .collect();
        Self::of_coordinates(&coords)
    }

    /// The table whose entry `k` has the three coordinates `coords[k]` (each below 2²⁵⁶;
    /// an Edwards table uses them for `x`, `y`, `x·y`). `coords.len()` is a power of two.
    pub(crate) fn of_coordinates(coords: &[[BigUint; 3]]) -> Self {
        let limb = |v: &BigUint, i: usize| (v >> (64 * i)) & ((BigUint::one() << 64) - 1u32);
        let coeffs = core::array::from_fn(|c| {
            core::array::from_fn(|i| {
                let mut v: Vec<Fr> = coords.iter().map(|p| Fr::from(limb(&p[c], i))).collect();
                let n = v.len();
                let mut bit = 1;
                while bit < n {
                    for mask in 0..n {
                        if mask & bit != 0 {
                            let lower = v[mask ^ bit];
                            v[mask] -= lower;
                        }
                    }
                    bit <<= 1;
                }
                v
            })
        });
        let max = core::array::from_fn(|c| {
            core::array::from_fn(|i| {
                coords
                    .iter()
                    .map(|p| limb(&p[c], i))
                    .max()
                    .unwrap_or_default()
            })
        });
        Self { coeffs, max }
    }

    /// Whether no entry is the identity (every `Z` is 1: a mixed addition may take any).
    pub(crate) fn has_no_identity(&self) -> bool {
        let z = &self.coeffs[2][0];
        z.first() == Some(&Fr::one()) && z[1..].iter().all(Zero::is_zero)
    }

    /// The coordinates of the entry the boolean `bits` select (`bits.len() = log₂` of the
    /// table's size; booleanity is the caller's).
    ///
    /// # Errors
    /// The constraint system's; `Unsatisfiable` if the sizes disagree.
    pub(crate) fn select(&self, s: &mut Synth, bits: &[V]) -> Result<[Fe; 3], SynthesisError> {
        let n = 1usize << bits.len();
        if self.coeffs[0][0].len() != n {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut mono = Vec::with_capacity(n);
        mono.push(V::constant(Fr::one()));
        for mask in 1..n {
            let rest = mask & (mask - 1);
            let low = &bits[mask.trailing_zeros() as usize];
            mono.push(if rest == 0 {
                low.clone()
            } else {
                s.mul(&mono[rest], low)?
            });
        }
        let coord = |c: usize| {
            let limbs = core::array::from_fn(|i| {
                self.coeffs[c][i]
                    .iter()
                    .zip(&mono)
                    .fold(V::zero(), |acc, (k, m)| acc.plus(&m.scale(*k)))
                    .compact()
            });
            Fe::from_parts(limbs, self.max[c].clone())
        };
        Ok([coord(0), coord(1), coord(2)])
    }
}

/// A curve `y² = x³ + b` over an emulated field.
#[derive(Clone, Debug)]
pub(crate) struct Curve {
    pub(crate) field: Field,
    b: u64,
}

impl Curve {
    /// secp256k1: `p = 2²⁵⁶ − 2³² − 977`, `b = 7`.
    pub(crate) fn secp256k1() -> Self {
        let p = (BigUint::one() << 256) - (BigUint::one() << 32) - 977u32;
        Self {
            field: Field::new(p).unwrap_or_else(|| unreachable!("secp256k1's p is below 2²⁵⁶")),
            b: 7,
        }
    }

    /// The constant affine point `(x, y)`, or the identity.
    pub(crate) fn constant(&self, xy: Option<(&BigUint, &BigUint)>) -> Point {
        let fe = |v: u32| self.field.constant(&BigUint::from(v));
        match xy {
            Some((x, y)) => Point {
                x: self.field.constant(x),
                y: self.field.constant(y),
                z: fe(1),
            },
            None => Point {
                x: fe(0),
                y: fe(1),
                z: fe(0),
            },
        }
    }

    /// Enforce that the affine `(x, y)` is on the curve: `y² ≡ x³ + b`.
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
        let y2 = f.mul(s, b, y, y)?;
        let x2 = f.mul(s, b, x, x)?;
        let x3 = f.mul(s, b, &x2, x)?;
        let rhs = f.add(&x3, &f.constant(&BigUint::from(self.b)));
        f.assert_eq(s, b, &y2, &rhs)
    }

    /// `p + q` (Algorithm 7: twelve products, the last six as three sums of two; the
    /// products by `3b` are free).
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
        let f = &self.field;
        let t0 = f.mul(s, b, &p.x, &q.x)?;
        let t1 = f.mul(s, b, &p.y, &q.y)?;
        let t2 = f.mul(s, b, &p.z, &q.z)?;
        // (X1 + Y1)(X2 + Y2) − X1X2 − Y1Y2 = X1Y2 + X2Y1.
        let t3 = f.mul(s, b, &f.add(&p.x, &p.y), &f.add(&q.x, &q.y))?;
        let t3 = f.sub(&t3, &f.add(&t0, &t1));
        // Y1Z2 + Y2Z1.
        let t4 = f.mul(s, b, &f.add(&p.y, &p.z), &f.add(&q.y, &q.z))?;
        let t4 = f.sub(&t4, &f.add(&t1, &t2));
        // X1Z2 + X2Z1.
        let y3 = f.mul(s, b, &f.add(&p.x, &p.z), &f.add(&q.x, &q.z))?;
        let y3 = f.sub(&y3, &f.add(&t0, &t2));
        self.add_finish(s, b, [t0, t1, t2, t3, t4, y3])
    }

    /// `p + q` for an affine `q` that is not the identity (`Z₂ = 1`; Algorithm 8: eleven
    /// products, the last six as three sums of two). Complete for every `p`.
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn add_affine(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
        (x2, y2): (&Fe, &Fe),
    ) -> Result<Point, SynthesisError> {
        let f = &self.field;
        let t0 = f.mul(s, b, &p.x, x2)?;
        let t1 = f.mul(s, b, &p.y, y2)?;
        let t3 = f.mul(s, b, &f.add(x2, y2), &f.add(&p.x, &p.y))?;
        let t3 = f.sub(&t3, &f.add(&t0, &t1));
        let t4 = f.add(&f.mul(s, b, y2, &p.z)?, &p.y);
        let y3 = f.add(&f.mul(s, b, x2, &p.z)?, &p.x);
        self.add_finish(s, b, [t0, t1, p.z.clone(), t3, t4, y3])
    }

    /// The common end of Algorithms 7 and 8, from `t0 = X1X2`, `t1 = Y1Y2`, `t2 = Z1Z2`,
    /// `t3 = X1Y2 + X2Y1`, `t4 = Y1Z2 + Y2Z1`, `y3 = X1Z2 + X2Z1`: the products by `3b` (free)
    /// and the three sums of two products.
    fn add_finish(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        [t0, t1, t2, t3, t4, y3]: [Fe; 6],
    ) -> Result<Point, SynthesisError> {
        let f = &self.field;
        let b3 = 3 * self.b;
        let t0 = f.scale(&t0, 3);
        let t2 = f.scale(&t2, b3);
        let z3 = f.add(&t1, &t2);
        let t1 = f.sub(&t1, &t2);
        let y3 = f.scale(&y3, b3);
        let x3 = f.sum_of_products(s, b, &[(&t3, &t1), (&f.neg(&t4), &y3)])?;
        let y3 = f.sum_of_products(s, b, &[(&t1, &z3), (&y3, &t0)])?;
        let z3 = f.sum_of_products(s, b, &[(&z3, &t4), (&t0, &t3)])?;
        Ok(Point {
            x: x3,
            y: y3,
            z: z3,
        })
    }

    /// `2p` (Algorithm 9: eight products, two of them as one sum).
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
        let t0 = f.mul(s, b, &p.y, &p.y)?;
        let z8 = f.scale(&t0, 8);
        let t1 = f.mul(s, b, &p.y, &p.z)?;
        let t2 = f.scale(&f.mul(s, b, &p.z, &p.z)?, 3 * self.b);
        let z3 = f.mul(s, b, &t1, &z8)?;
        // Y3 = 3b·Z²·8Y² + (Y² − 9b·Z²)(Y² + 3b·Z²), X3 = 2(Y² − 9b·Z²)·XY.
        let d = f.sub(&t0, &f.scale(&t2, 3));
        let y3 = f.sum_of_products(s, b, &[(&t2, &z8), (&d, &f.add(&t0, &t2))])?;
        let xy = f.mul(s, b, &p.x, &p.y)?;
        let x3 = f.scale(&f.mul(s, b, &d, &xy)?, 2);
        Ok(Point {
            x: x3,
            y: y3,
            z: z3,
        })
    }

    /// `q` if `bit` else `p` (`bit` boolean, checked by the caller): twelve rows.
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
        })
    }

    /// The entry of `table` the boolean `bits` select (`bits.len() = log₂` of the table's
    /// size; booleanity is the caller's).
    ///
    /// # Errors
    /// The constraint system's; `Unsatisfiable` if the sizes disagree.
    pub(crate) fn select_constant(
        &self,
        s: &mut Synth,
        bits: &[V],
        table: &ConstantTable,
    ) -> Result<Point, SynthesisError> {
        let [x, y, z] = table.select(s, bits)?;
        Ok(Point { x, y, z })
    }

    /// `[u]p + [v]q` for scalars given as boolean bits, most significant first, of equal
    /// length: one doubling and one addition of a point of `{O, p, q, p + q}` per bit
    /// (Straus–Shamir).
    ///
    /// # Errors
    /// The constraint system's; `Unsatisfiable` if the bit strings differ in length.
    pub(crate) fn double_mul(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        (u, p): (&[V], &Point),
        (v, q): (&[V], &Point),
    ) -> Result<Point, SynthesisError> {
        if u.len() != v.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let pq = self.add(s, b, p, q)?;
        let id = self.constant(None);
        let mut acc = id.clone();
        for (bu, bv) in u.iter().zip(v) {
            acc = self.double(s, b, &acc)?;
            let lo = self.select(s, bu, &id, p)?;
            let hi = self.select(s, bu, q, &pq)?;
            let t = self.select(s, bv, &lo, &hi)?;
            acc = self.add(s, b, &acc, &t)?;
        }
        Ok(acc)
    }

    /// The affine coordinates of `p`, canonical, and whether it is the identity (then
    /// `(0, 0)`; `Z = 0` is replaced by 1 before dividing, so the division's check holds).
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn to_affine(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        p: &Point,
    ) -> Result<AffinePoint, SynthesisError> {
        let f = &self.field;
        let id = f.is_zero(s, b, &p.z)?;
        let z = f.select(s, &id, &p.z, &f.constant(&BigUint::one()))?;
        let x = f.div(s, b, &p.x, &z)?;
        let y = f.div(s, b, &p.y, &z)?;
        let zero = f.constant(&BigUint::from(0u32));
        let y = f.select(s, &id, &y, &zero)?;
        let (x, x_chunks) = f.canonical_chunks(s, b, &x)?;
        let (y, y_chunks) = f.canonical_chunks(s, b, &y)?;
        Ok(AffinePoint {
            x,
            x_chunks,
            y,
            y_chunks,
            id,
        })
    }
}

#[cfg(test)]
mod tests;
