//! Affine Edwards25519 point gadgets over the emulated field `2²⁵⁵ − 19`.
//!
//! The curve is `−x² + y² = 1 + d·x²·y²` with `d = −121665/121666`. Because
//! `d` is a non-square modulo `p`, the unified addition law is **complete**:
//! its denominators `1 ± d·x₁x₂y₁y₂` never vanish for points on the curve,
//! so addition has no exceptional cases (no offsets, no special handling
//! of the identity or of doubling). Every [`PointVar`] is on the curve
//! (proven by [`PointVar::new_witness`] or by construction), which is what
//! makes the formulas sound.
//!
//! Each formula is checked, not computed: the result coordinates are
//! witnesses and one lazily reduced identity per coordinate
//! ([`EmFp::enforce_products_eq`]) ties them to the inputs. Constants enter
//! only as factors of a product (free), never as scalings of a product:
//! the curve equation is checked with `121666` cleared from `d`, and an
//! addition witnesses `d·x₁y₁x₂y₂` against the constant `d⁻¹`.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;

use super::native::{self, D_DEN, D_NUM, Point};
use crate::emulated::{Curve25519Fq, EmFp, selectors};

/// An emulated element of `GF(2²⁵⁵ − 19)`.
pub type FqVar<F> = EmFp<F, Curve25519Fq>;

/// Window width of the variable-base scalar multiplication.
pub const VAR_WINDOW: usize = 5;
/// Window width of the fixed-base multiplication by `B`.
pub const FIXED_WINDOW: usize = 8;

/// An affine Edwards25519 point `(x, y)`; always on the curve (any point
/// of the full group `E(GF(p))`, including small-order and mixed-order
/// points and the identity `(0, 1)`). The coordinates are private so that
/// this invariant, on which the soundness of every formula rests, cannot
/// be broken from outside; read them with [`PointVar::x`] / [`PointVar::y`].
#[derive(Clone, Debug)]
pub struct PointVar<F: PrimeField> {
    /// x-coordinate (not necessarily canonical).
    x: FqVar<F>,
    /// y-coordinate (not necessarily canonical).
    y: FqVar<F>,
    /// `x·y` when already known (constants, table entries).
    xy: Option<FqVar<F>>,
}

fn small(v: u64) -> BigUint {
    BigUint::from(v)
}

fn fq_const<F: PrimeField>(v: u64) -> FqVar<F> {
    FqVar::constant(&small(v))
}

/// Whether `a ≡ 0 (mod p)`, as a Boolean determined by `a` (the canonical
/// representative is witnessed and proven `< p`, then its bits are tested).
pub fn fq_is_zero<F: PrimeField>(a: &FqVar<F>) -> Result<Boolean<F>, SynthesisError> {
    if a.is_constant() {
        return Ok(Boolean::constant(
            a.value().unwrap_or_default() == BigUint::default(),
        ));
    }
    let r = FqVar::new_witness(a.cs(), a.value().as_ref())?;
    r.enforce_equal(a)?;
    let r = r.enforce_canonical()?;
    Ok(!Boolean::kary_or(&r.to_bits_le()?)?)
}

impl<F: PrimeField> PointVar<F> {
    /// A constant point (must be on the curve; not checked).
    pub fn constant(pt: &Point) -> Self {
        let xy = &pt.0 * &pt.1 % native::p();
        Self {
            x: FqVar::constant(&pt.0),
            y: FqVar::constant(&pt.1),
            xy: Some(FqVar::constant(&xy)),
        }
    }

    /// The base point `B` of Ed25519.
    pub fn generator() -> Self {
        Self::constant(&native::base_point())
    }

    /// The identity `(0, 1)`.
    pub fn identity() -> Self {
        Self::constant(&native::identity())
    }

    /// A witness point, proven on the curve (two fresh elements, one
    /// product `x·y` and one lazily reduced check of the curve equation).
    /// Unsatisfiable when `value` is not on the curve.
    pub fn new_witness(
        cs: ConstraintSystemRef<F>,
        value: Option<&Point>,
    ) -> Result<Self, SynthesisError> {
        let x = FqVar::new_witness(cs.clone(), value.map(|v| &v.0))?;
        let y = FqVar::new_witness(cs, value.map(|v| &v.1))?;
        let mut pt = Self { x, y, xy: None };
        let xy = pt.enforce_on_curve()?;
        pt.xy = Some(xy);
        Ok(pt)
    }

    /// Builds a point from coordinates the caller has proven on the curve.
    pub(crate) fn from_coordinates_unchecked(x: FqVar<F>, y: FqVar<F>) -> Self {
        Self { x, y, xy: None }
    }

    /// Enforces `−x² + y² = 1 + d·x²·y²`, i.e. (times 121666)
    /// `121666·y² + 121665·t² ≡ 121666·x² + 121666` with `t = x·y`; returns
    /// `t`.
    pub fn enforce_on_curve(&self) -> Result<FqVar<F>, SynthesisError> {
        let t = self.x.mul(&self.y)?;
        let one = FqVar::one();
        let den = fq_const::<F>(D_DEN);
        FqVar::enforce_products_eq(
            &[
                (&self.y, &self.y.mul_small(D_DEN)),
                (&t, &t.mul_small(D_NUM)),
            ],
            &[(&self.x, &self.x.mul_small(D_DEN)), (&den, &one)],
        )?;
        Ok(t)
    }

    /// The x-coordinate (congruent to the point's `x`, not necessarily
    /// canonical).
    pub fn x(&self) -> &FqVar<F> {
        &self.x
    }

    /// The y-coordinate (congruent to the point's `y`, not necessarily
    /// canonical).
    pub fn y(&self) -> &FqVar<F> {
        &self.y
    }

    /// True when both coordinates are constants.
    pub fn is_constant(&self) -> bool {
        self.x.is_constant() && self.y.is_constant()
    }

    /// The point's value (coordinates in `[0, p)`), if assigned.
    pub fn value(&self) -> Option<Point> {
        Some((self.x.value()?, self.y.value()?))
    }

    /// The constraint system of the coordinates.
    pub fn cs(&self) -> ConstraintSystemRef<F> {
        self.x.cs().or(self.y.cs())
    }

    /// `−P = (−x, y)` (no constraint).
    pub fn neg(&self) -> Self {
        Self {
            x: self.x.neg(),
            y: self.y.clone(),
            xy: self.xy.as_ref().map(|t| t.neg()),
        }
    }

    /// `x·y`, from the cache or as one fresh product.
    fn xy(&self) -> Result<FqVar<F>, SynthesisError> {
        match &self.xy {
            Some(t) => Ok(t.clone()),
            None => self.x.mul(&self.y),
        }
    }

    /// Returns the point with `x·y` computed and cached (worth it for a
    /// point that enters several additions, e.g. a table entry).
    pub fn with_xy(mut self) -> Result<Self, SynthesisError> {
        if self.xy.is_none() {
            self.xy = Some(self.x.mul(&self.y)?);
        }
        Ok(self)
    }

    /// Complete addition `P + Q` (no exceptional case):
    /// `x₃ = (x₁y₂ + y₁x₂)/(1 + d·T)`, `y₃ = (y₁y₂ + x₁x₂)/(1 − d·T)` with
    /// `T = (x₁y₁)(x₂y₂)`. Witnesses `td = d·T` (checked as
    /// `td·d⁻¹ ≡ (x₁y₁)·(x₂y₂)`), `x₃`, `y₃`, and two lazily reduced checks
    /// `x₃·(1 + td) ≡ x₁y₂ + y₁x₂`, `y₃·(1 − td) ≡ y₁y₂ + x₁x₂`; plus one
    /// product per operand whose `x·y` is not cached.
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        if self.is_constant() && other.is_constant() {
            let (a, b) = (self.value(), other.value());
            return match (a, b) {
                (Some(a), Some(b)) => Ok(Self::constant(&native::add(&a, &b))),
                _ => Err(SynthesisError::AssignmentMissing),
            };
        }
        let cs = self.cs().or(other.cs());
        let t1 = self.xy()?;
        let t2 = other.xy()?;
        let m = native::p();
        let vals = match (self.value(), other.value(), t1.value(), t2.value()) {
            (Some(a), Some(b), Some(u), Some(v)) => {
                Some((native::d() * u % &m * v % &m, native::add(&a, &b)))
            }
            _ => None,
        };
        // td = d·t₁·t₂, checked as td·d⁻¹ ≡ t₁·t₂ (a constant factor is free)
        let td = FqVar::new_witness(cs.clone(), vals.as_ref().map(|v| &v.0))?;
        let dinv = FqVar::constant(&native::inv(&native::d()));
        FqVar::enforce_products_eq(&[(&td, &dinv)], &[(&t1, &t2)])?;
        let x3 = FqVar::new_witness(cs.clone(), vals.as_ref().map(|v| &v.1.0))?;
        let y3 = FqVar::new_witness(cs, vals.as_ref().map(|v| &v.1.1))?;
        let one = FqVar::one();
        FqVar::enforce_products_eq(
            &[(&x3, &one.add(&td))],
            &[(&self.x, &other.y), (&self.y, &other.x)],
        )?;
        FqVar::enforce_products_eq(
            &[(&y3, &one.sub(&td))],
            &[(&self.y, &other.y), (&self.x, &other.x)],
        )?;
        Ok(Self {
            x: x3,
            y: y3,
            xy: None,
        })
    }

    /// `P − Q`.
    pub fn sub(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.add(&other.neg())
    }

    /// Dedicated doubling: with `W = y² − x²` (`= 1 + d·x²y²` on the curve,
    /// never 0), `x₃ = 2xy/W` and `y₃ = (2y² − W)/(2 − W)`; three checks
    /// (`W`, `x₃`, `y₃`).
    pub fn double(&self) -> Result<Self, SynthesisError> {
        if self.is_constant() {
            return match self.value() {
                Some(a) => Ok(Self::constant(&native::double(&a))),
                None => Err(SynthesisError::AssignmentMissing),
            };
        }
        let cs = self.cs();
        let m = native::p();
        let vals = self.value().map(|(x, y)| {
            let w = native::sub(&(&y * &y % &m), &(&x * &x % &m));
            (w, native::double(&(x, y)))
        });
        let one = FqVar::one();
        let w = FqVar::new_witness(cs.clone(), vals.as_ref().map(|v| &v.0))?;
        FqVar::enforce_products_eq(
            &[(&w, &one)],
            &[(&self.y.sub(&self.x), &self.y.add(&self.x))],
        )?;
        let x3 = FqVar::new_witness(cs.clone(), vals.as_ref().map(|v| &v.1.0))?;
        let y2 = self.y.mul_small(2);
        FqVar::enforce_products_eq(&[(&x3, &w)], &[(&self.x, &y2)])?;
        let y3 = FqVar::new_witness(cs, vals.as_ref().map(|v| &v.1.1))?;
        let two_minus_w = fq_const::<F>(2).sub(&w);
        FqVar::enforce_products_eq(&[(&y3, &two_minus_w), (&w, &one)], &[(&self.y, &y2)])?;
        Ok(Self {
            x: x3,
            y: y3,
            xy: None,
        })
    }

    /// `[8]P` (three doublings).
    pub fn mul_by_cofactor(&self) -> Result<Self, SynthesisError> {
        self.double()?.double()?.double()
    }

    /// `cond ? t : f`.
    pub fn select(cond: &Boolean<F>, t: &Self, f: &Self) -> Result<Self, SynthesisError> {
        let xy = match (&t.xy, &f.xy) {
            (Some(a), Some(b)) => Some(FqVar::select(cond, a, b)?),
            _ => None,
        };
        Ok(Self {
            x: FqVar::select(cond, &t.x, &f.x)?,
            y: FqVar::select(cond, &t.y, &f.y)?,
            xy,
        })
    }

    /// `entries[Σ bitsᵢ·2ⁱ]` (`entries.len() == 2^bits.len()`), a binary
    /// tree of selections (free where both sides are constants).
    pub fn select_table(bits: &[Boolean<F>], entries: &[Self]) -> Result<Self, SynthesisError> {
        if entries.len() != 1 << bits.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut layer: Vec<Self> = entries.to_vec();
        for b in bits {
            let mut next = Vec::with_capacity(layer.len() / 2);
            for pair in layer.chunks(2) {
                next.push(Self::select(b, &pair[1], &pair[0])?);
            }
            layer = next;
        }
        layer.pop().ok_or(SynthesisError::Unsatisfiable)
    }

    /// `entries[Σ bitsᵢ·2ⁱ]` for constant entries: one set of `2^k`
    /// indicators, then every coordinate (and `x·y`) is a linear combination.
    pub fn select_constant_table(
        bits: &[Boolean<F>],
        entries: &[Point],
    ) -> Result<Self, SynthesisError> {
        if entries.len() != 1 << bits.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let sel = selectors(bits)?;
        let m = native::p();
        let xs: Vec<BigUint> = entries.iter().map(|e| e.0.clone()).collect();
        let ys: Vec<BigUint> = entries.iter().map(|e| e.1.clone()).collect();
        let ts: Vec<BigUint> = entries.iter().map(|e| &e.0 * &e.1 % &m).collect();
        Ok(Self {
            x: FqVar::from_constant_table(&sel, &xs)?,
            y: FqVar::from_constant_table(&sel, &ys)?,
            xy: Some(FqVar::from_constant_table(&sel, &ts)?),
        })
    }

    /// Whether the two points are equal, as a Boolean (both coordinate
    /// differences tested for zero via canonical representatives).
    pub fn is_eq(&self, other: &Self) -> Result<Boolean<F>, SynthesisError> {
        let ex = fq_is_zero(&self.x.sub(&other.x))?;
        let ey = fq_is_zero(&self.y.sub(&other.y))?;
        Ok(&ex & &ey)
    }

    /// Whether `P` is the identity `(0, 1)`.
    pub fn is_identity(&self) -> Result<Boolean<F>, SynthesisError> {
        self.is_eq(&Self::identity())
    }

    /// Whether `[8]P` is the identity (P has small order: 1, 2, 4 or 8).
    pub fn is_small_order(&self) -> Result<Boolean<F>, SynthesisError> {
        self.mul_by_cofactor()?.is_identity()
    }

    /// Enforces that the points are equal (coordinates congruent).
    pub fn enforce_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        self.x.enforce_equal(&other.x)?;
        self.y.enforce_equal(&other.y)
    }

    /// `[k]P` for `k = Σ bitsᵢ·2ⁱ` (any length; not reduced modulo the
    /// group order, so `[k]P` is exact for mixed-order `P`).
    ///
    /// Signed radix-2ʷ (Booth) digits, `w = VAR_WINDOW = 5`:
    /// `dᵢ = b_{wi−1} + Σ_{j<w−1} b_{wi+j}·2ʲ − 2^(w−1)·b_{wi+w−1}`, in
    /// `[−16, 16]`, with `Σ dᵢ·2^(wi) = k` (the input is padded with at least
    /// one zero bit so the top digit is non-negative). The table holds only
    /// `0·P … 16·P` (8 doublings, 7 additions); a digit selects `|dᵢ|·P`
    /// with its low bits and carry-in XORed by the sign (5 constraints) and
    /// negates it conditionally (free for `y`). Complete formulas: the zero
    /// digit and equal operands need no special case.
    pub fn scalar_mul_le(&self, bits: &[Boolean<F>]) -> Result<Self, SynthesisError> {
        if bits.is_empty() {
            return Ok(Self::identity());
        }
        let w = VAR_WINDOW;
        let half = 1usize << (w - 1);
        let nw = (bits.len() + 1).div_ceil(w);
        let mut b = bits.to_vec();
        b.resize(w * nw, Boolean::FALSE);
        // T[j] = j·P for j = 0..=2^(w−1)
        let mut t: Vec<Self> = Vec::with_capacity(half + 1);
        t.push(Self::identity());
        t.push(self.clone().with_xy()?);
        for j in 2..=half {
            let next = if j % 2 == 0 {
                t[j / 2].double()?
            } else {
                t[j - 1].add(&t[1])?
            };
            t.push(next.with_xy()?);
        }
        // indexed by (v₀, …, v_{w−2}, c): T[v + c]
        let virt: Vec<Self> = (0..(1usize << w))
            .map(|idx| t[(idx & (half - 1)) + (idx >> (w - 1))].clone())
            .collect();
        let mut acc: Option<Self> = None;
        for i in (0..nw).rev() {
            let sign = &b[w * i + w - 1];
            let cin = if i == 0 {
                Boolean::FALSE
            } else {
                b[w * i - 1].clone()
            };
            let mut idx: Vec<Boolean<F>> = b[w * i..w * i + w - 1]
                .iter()
                .map(|bit| bit ^ sign)
                .collect();
            idx.push(&cin ^ sign);
            let q = Self::select_table(&idx, &virt)?;
            let q = Self {
                x: FqVar::select(sign, &q.x.neg(), &q.x)?,
                xy: match &q.xy {
                    Some(v) => Some(FqVar::select(sign, &v.neg(), v)?),
                    None => None,
                },
                y: q.y,
            };
            acc = Some(match acc {
                None => q,
                Some(mut a) => {
                    for _ in 0..w {
                        a = a.double()?;
                    }
                    a.add(&q)?
                }
            });
        }
        acc.ok_or(SynthesisError::Unsatisfiable)
    }

    /// `[k]B` for the base point `B` and `k = Σ bitsᵢ·2ⁱ` (up to 256 bits;
    /// longer inputs are accepted too). Windows of [`FIXED_WINDOW`] bits
    /// over precomputed constant tables `j·2^(8i)·B`: additions only, no
    /// doubling.
    pub fn generator_mul_le(bits: &[Boolean<F>]) -> Result<Self, SynthesisError> {
        let nw = bits.len().div_ceil(FIXED_WINDOW);
        #[cfg(feature = "std")]
        if nw <= BASE_WINDOWS {
            return Self::windowed_constant_mul(&base_tables()[..nw], bits);
        }
        Self::windowed_constant_mul(&window_tables(&native::base_point(), nw), bits)
    }

    /// `[k]Q` for a constant point `Q` (see [`Self::generator_mul_le`]).
    pub fn fixed_base_mul_le(base: &Point, bits: &[Boolean<F>]) -> Result<Self, SynthesisError> {
        let nw = bits.len().div_ceil(FIXED_WINDOW);
        Self::windowed_constant_mul(&window_tables(base, nw), bits)
    }

    fn windowed_constant_mul(
        tables: &[Vec<Point>],
        bits: &[Boolean<F>],
    ) -> Result<Self, SynthesisError> {
        let mut acc: Option<Self> = None;
        for (win, entries) in padded_windows(bits, FIXED_WINDOW).iter().zip(tables) {
            let sel = if win.iter().all(|b| b.is_constant()) {
                let j = win.iter().enumerate().fold(0usize, |acc, (i, b)| {
                    acc | (usize::from(b.value().unwrap_or(false)) << i)
                });
                Self::constant(&entries[j])
            } else {
                Self::select_constant_table(win, entries)?
            };
            acc = Some(match acc {
                None => sel,
                Some(a) => a.add(&sel)?,
            });
        }
        Ok(acc.unwrap_or_else(Self::identity))
    }

    /// `[a]B + [b]P` (`B` the base point): the fixed-base product plus the
    /// variable-base product. For a verifier, `[S]B − [k]A` is
    /// `double_scalar_mul_le(S_bits, &A.neg(), k_bits)`.
    pub fn double_scalar_mul_le(
        a_bits: &[Boolean<F>],
        p: &Self,
        b_bits: &[Boolean<F>],
    ) -> Result<Self, SynthesisError> {
        let ab = Self::generator_mul_le(a_bits)?;
        let bp = p.scalar_mul_le(b_bits)?;
        ab.add(&bp)
    }
}

/// Windows of the cached base-point tables (256-bit scalars).
#[cfg(feature = "std")]
const BASE_WINDOWS: usize = 32;

/// `nw` tables of `j·2^(w·i)·base` for `j = 0..2^w` (`w = FIXED_WINDOW`).
fn window_tables(base: &Point, nw: usize) -> Vec<Vec<Point>> {
    let mut out = Vec::with_capacity(nw);
    let mut window_base = base.clone();
    for _ in 0..nw {
        let mut entries = native::multiples(&window_base, (1 << FIXED_WINDOW) + 1);
        // the extra entry is 2^w · window_base, the next window's base
        window_base = entries.pop().unwrap_or_default();
        out.push(entries);
    }
    out
}

/// The base point's tables, computed once per process.
#[cfg(feature = "std")]
fn base_tables() -> &'static [Vec<Point>] {
    static TABLES: std::sync::OnceLock<Vec<Vec<Point>>> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| window_tables(&native::base_point(), BASE_WINDOWS))
}

/// `bits` split into little-endian windows of `w`, the last padded with
/// `false`.
fn padded_windows<F: PrimeField>(bits: &[Boolean<F>], w: usize) -> Vec<Vec<Boolean<F>>> {
    bits.chunks(w)
        .map(|c| {
            let mut v = c.to_vec();
            v.resize(w, Boolean::FALSE);
            v
        })
        .collect()
}

impl<F: PrimeField> PointVar<F> {
    /// The signed-window table of [`Self::scalar_mul_le`]: `0·P … 2^(w−1)·P`
    /// arranged so that `(v₀, …, v_{w−2}, c)` indexes `T[v + c]`.
    fn signed_table(&self) -> Result<Vec<Self>, SynthesisError> {
        let w = VAR_WINDOW;
        let half = 1usize << (w - 1);
        let mut t: Vec<Self> = Vec::with_capacity(half + 1);
        t.push(Self::identity());
        t.push(self.clone().with_xy()?);
        for j in 2..=half {
            let next = if j % 2 == 0 {
                t[j / 2].double()?
            } else {
                t[j - 1].add(&t[1])?
            };
            t.push(next.with_xy()?);
        }
        Ok((0..(1usize << w))
            .map(|idx| t[(idx & (half - 1)) + (idx >> (w - 1))].clone())
            .collect())
    }

    /// The signed digit `i` of the padded bits `b` (see
    /// [`Self::scalar_mul_le`]) times the table's point.
    fn signed_digit(b: &[Boolean<F>], i: usize, virt: &[Self]) -> Result<Self, SynthesisError> {
        let w = VAR_WINDOW;
        let sign = &b[w * i + w - 1];
        let cin = if i == 0 {
            Boolean::FALSE
        } else {
            b[w * i - 1].clone()
        };
        let mut idx: Vec<Boolean<F>> = b[w * i..w * i + w - 1]
            .iter()
            .map(|bit| bit ^ sign)
            .collect();
        idx.push(&cin ^ sign);
        let q = Self::select_table(&idx, virt)?;
        Ok(Self {
            x: FqVar::select(sign, &q.x.neg(), &q.x)?,
            xy: match &q.xy {
                Some(v) => Some(FqVar::select(sign, &v.neg(), v)?),
                None => None,
            },
            y: q.y,
        })
    }

    /// `[m]P + [n]Q` for `m = Σ p_bitsᵢ·2ⁱ`, `n = Σ q_bitsᵢ·2ⁱ` (any
    /// lengths, not reduced modulo the group order): the signed-window
    /// method of [`Self::scalar_mul_le`] on both scalars with **shared**
    /// doublings (Straus–Shamir): per window `w` doublings and two
    /// additions, plus both tables.
    pub fn joint_scalar_mul_le(
        p: &Self,
        p_bits: &[Boolean<F>],
        q: &Self,
        q_bits: &[Boolean<F>],
    ) -> Result<Self, SynthesisError> {
        let w = VAR_WINDOW;
        let nw = (p_bits.len().max(q_bits.len()) + 1).div_ceil(w);
        let mut pb = p_bits.to_vec();
        pb.resize(w * nw, Boolean::FALSE);
        let mut qb = q_bits.to_vec();
        qb.resize(w * nw, Boolean::FALSE);
        let pt = p.signed_table()?;
        let qt = q.signed_table()?;
        let mut acc: Option<Self> = None;
        for i in (0..nw).rev() {
            let dp = Self::signed_digit(&pb, i, &pt)?;
            let dq = Self::signed_digit(&qb, i, &qt)?;
            acc = Some(match acc {
                None => dp.add(&dq)?,
                Some(mut a) => {
                    for _ in 0..w {
                        a = a.double()?;
                    }
                    a.add(&dp)?.add(&dq)?
                }
            });
        }
        acc.ok_or(SynthesisError::Unsatisfiable)
    }
}
