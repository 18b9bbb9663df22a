//! Affine secp256k1 point gadgets over emulated `p`.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::prelude::Boolean;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;

use super::native;
use crate::emulated::{EmFp, Secp256k1Fq};

/// An emulated base-field element.
pub type FqVar<F> = EmFp<F, Secp256k1Fq>;

/// An affine point `(x, y)`, never the point at infinity.
///
/// Every constructor proves the point lies on `y² = x³ + 7`
/// ([`PointVar::new_witness`]) or is a constant on the curve; every
/// operation preserves that, so all points are in the prime-order group.
///
/// Additions are **incomplete** affine formulas: `P + Q` requires
/// `x(P) ≠ x(Q)`, which the gadget *enforces* (an inverse of `x(Q) − x(P)`
/// is a witness). So when an exceptional case occurs the system is
/// unsatisfiable — it can never be satisfied with a wrong sum (this is what
/// makes the formulas sound for verification: without the check, `P = Q`
/// would leave the slope free). Honest inputs hit an exceptional case only
/// with negligible probability because every accumulator is offset by
/// points of unknown discrete logarithm (see [`msm_with_offset`]).
#[derive(Clone, Debug)]
pub struct PointVar<F: PrimeField> {
    /// x-coordinate.
    pub x: FqVar<F>,
    /// y-coordinate.
    pub y: FqVar<F>,
}

fn fq(v: u64) -> BigUint {
    BigUint::from(v)
}

impl<F: PrimeField> PointVar<F> {
    /// A constant point (must be on the curve; not checked).
    pub fn constant(pt: &(BigUint, BigUint)) -> Self {
        Self {
            x: FqVar::constant(&pt.0),
            y: FqVar::constant(&pt.1),
        }
    }

    /// The generator.
    pub fn generator() -> Self {
        Self::constant(&native::generator())
    }

    /// A witness point, proven on the curve (2 product checks).
    pub fn new_witness(
        cs: ConstraintSystemRef<F>,
        value: Option<&(BigUint, BigUint)>,
    ) -> Result<Self, SynthesisError> {
        let x = FqVar::new_witness(cs.clone(), value.map(|v| &v.0))?;
        let y = FqVar::new_witness(cs, value.map(|v| &v.1))?;
        let pt = Self { x, y };
        pt.enforce_on_curve()?;
        Ok(pt)
    }

    /// Enforces `y² = x³ + 7`: `x²` is a fresh product, then `y·y ≡ x²·x + 7`
    /// is one lazily reduced identity (two products, one quotient).
    pub fn enforce_on_curve(&self) -> Result<(), SynthesisError> {
        let x2 = self.x.square()?;
        let seven = FqVar::constant(&fq(7));
        let one = FqVar::one();
        FqVar::enforce_products_eq(&[(&self.y, &self.y)], &[(&x2, &self.x), (&seven, &one)])
    }

    /// True when both coordinates are constants.
    pub fn is_constant(&self) -> bool {
        self.x.is_constant() && self.y.is_constant()
    }

    /// The point's value, if assigned.
    pub fn value(&self) -> Option<(BigUint, BigUint)> {
        Some((self.x.value()?, self.y.value()?))
    }

    fn cs(&self) -> ConstraintSystemRef<F> {
        self.x.cs().or(self.y.cs())
    }

    /// `−P` (no constraint).
    pub fn neg(&self) -> Self {
        Self {
            x: self.x.clone(),
            y: self.y.neg(),
        }
    }

    fn constant_or_none(pt: native::Point) -> Result<Self, SynthesisError> {
        pt.map(|p| Self::constant(&p))
            .ok_or(SynthesisError::Unsatisfiable)
    }

    fn wit(cs: &ConstraintSystemRef<F>, v: Option<BigUint>) -> Result<FqVar<F>, SynthesisError> {
        FqVar::new_witness(cs.clone(), v.as_ref())
    }

    /// `P + Q`, enforcing `x(P) ≠ x(Q)` (4 multiplication checks).
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.add_with_hint(other, None)
    }

    /// [`Self::add`] with prover-chosen witnesses `(λ, x₃, y₃)` (`None`:
    /// the honest ones). Same constraints: for testing that a forged slope
    /// or result leaves the system unsatisfied.
    #[doc(hidden)]
    pub fn add_with_hint(
        &self,
        other: &Self,
        hint: Option<(BigUint, BigUint, BigUint)>,
    ) -> Result<Self, SynthesisError> {
        let (a, b) = (self.value(), other.value());
        if self.is_constant() && other.is_constant() {
            return Self::constant_or_none(native::add(&a, &b));
        }
        let m = native::p();
        let cs = self.cs().or(other.cs());
        if let Some((l, x3, y3)) = hint {
            let dx = other.x.sub(&self.x);
            dx.enforce_nonzero()?;
            let l = Self::wit(&cs, Some(l))?;
            FqVar::enforce_mul_eq(&l, &dx, &other.y.sub(&self.y))?;
            let x3 = Self::wit(&cs, Some(x3))?;
            FqVar::enforce_mul_eq(&l, &l, &x3.add(&self.x).add(&other.x))?;
            let y3 = Self::wit(&cs, Some(y3))?;
            FqVar::enforce_mul_eq(&l, &self.x.sub(&x3), &y3.add(&self.y))?;
            return Ok(Self { x: x3, y: y3 });
        }
        let lam = match (&a, &b) {
            (Some((x1, y1)), Some((x2, y2))) => {
                Some((y2 + &m - y1) % &m * native::inv(&((x2 + &m - x1) % &m), &m) % &m)
            }
            _ => None,
        };
        let x3v = match (&a, &b, &lam) {
            (Some((x1, _)), Some((x2, _)), Some(l)) => Some((l * l + &m * 2u8 - x1 - x2) % &m),
            _ => None,
        };
        let y3v = match (&a, &x3v, &lam) {
            (Some((x1, y1)), Some(x3), Some(l)) => Some((l * ((x1 + &m - x3) % &m) + &m - y1) % &m),
            _ => None,
        };
        let dx = other.x.sub(&self.x);
        dx.enforce_nonzero()?;
        let l = Self::wit(&cs, lam)?;
        FqVar::enforce_mul_eq(&l, &dx, &other.y.sub(&self.y))?;
        let x3 = Self::wit(&cs, x3v)?;
        FqVar::enforce_mul_eq(&l, &l, &x3.add(&self.x).add(&other.x))?;
        let y3 = Self::wit(&cs, y3v)?;
        FqVar::enforce_mul_eq(&l, &self.x.sub(&x3), &y3.add(&self.y))?;
        Ok(Self { x: x3, y: y3 })
    }

    /// `2P` (3 product checks; `y ≠ 0` on this curve, so the slope is
    /// always determined). The slope identity `λ·2y ≡ 3·x·x` is checked
    /// lazily, without a reduced `x²`.
    pub fn double(&self) -> Result<Self, SynthesisError> {
        self.double_with_hint(None)
    }

    /// [`Self::double`] with prover-chosen witnesses `(λ, x₃, y₃)` (`None`:
    /// the honest ones). Same constraints: for testing forged slopes.
    #[doc(hidden)]
    pub fn double_with_hint(
        &self,
        hint: Option<(BigUint, BigUint, BigUint)>,
    ) -> Result<Self, SynthesisError> {
        let a = self.value();
        if self.is_constant() {
            return Self::constant_or_none(native::double(&a));
        }
        let m = native::p();
        let cs = self.cs();
        let lam = a
            .as_ref()
            .map(|(x, y)| x * x * 3u8 % &m * native::inv(&(y * 2u8 % &m), &m) % &m);
        let x3v = match (&a, &lam) {
            (Some((x, _)), Some(l)) => Some((l * l + &m * 2u8 - x * 2u8) % &m),
            _ => None,
        };
        let y3v = match (&a, &x3v, &lam) {
            (Some((x, y)), Some(x3), Some(l)) => Some((l * ((x + &m - x3) % &m) + &m - y) % &m),
            _ => None,
        };
        let (lam, x3v, y3v) = match hint {
            Some((l, x3, y3)) => (Some(l), Some(x3), Some(y3)),
            None => (lam, x3v, y3v),
        };
        let l = Self::wit(&cs, lam)?;
        FqVar::enforce_products_eq(
            &[(&l, &self.y.mul_small(2))],
            &[(&self.x, &self.x.mul_small(3))],
        )?;
        let x3 = Self::wit(&cs, x3v)?;
        FqVar::enforce_mul_eq(&l, &l, &x3.add(&self.x.mul_small(2)))?;
        let y3 = Self::wit(&cs, y3v)?;
        FqVar::enforce_mul_eq(&l, &self.x.sub(&x3), &y3.add(&self.y))?;
        Ok(Self { x: x3, y: y3 })
    }

    /// `2P + Q` in one pass without computing `y(P + Q)` (6 multiplication
    /// checks instead of 8 for a doubling and an addition). Enforces
    /// `x(P) ≠ x(Q)`; the second slope's denominator `x(P+Q) − x(P)` is
    /// non-zero or the system is unsatisfiable (it would need `y(P) = 0`).
    pub fn double_and_add(&self, other: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = (self.value(), other.value());
        if self.is_constant() && other.is_constant() {
            return Self::constant_or_none(native::add(&native::double(&a), &b));
        }
        let m = native::p();
        let cs = self.cs().or(other.cs());
        let sub = |u: &BigUint, v: &BigUint| (u + &m - v) % &m;
        let vals = match (&a, &b) {
            (Some((x1, y1)), Some((x2, y2))) => {
                let l1 = sub(y2, y1) * native::inv(&sub(x2, x1), &m) % &m;
                let x3 = sub(&sub(&(&l1 * &l1), x1), x2);
                let t = y1 * 2u8 % &m * native::inv(&sub(&x3, x1), &m) % &m;
                let l2 = sub(&BigUint::default(), &((&l1 + t) % &m));
                let x4 = sub(&sub(&(&l2 * &l2), x1), &x3);
                let y4 = sub(&(&l2 * sub(x1, &x4)), y1);
                Some((l1, x3, l2, x4, y4))
            }
            _ => None,
        };
        let (x1, y1, x2, y2) = (&self.x, &self.y, &other.x, &other.y);
        let dx = x2.sub(x1);
        dx.enforce_nonzero()?;
        let l1 = Self::wit(&cs, vals.as_ref().map(|v| v.0.clone()))?;
        FqVar::enforce_mul_eq(&l1, &dx, &y2.sub(y1))?;
        let x3 = Self::wit(&cs, vals.as_ref().map(|v| v.1.clone()))?;
        FqVar::enforce_mul_eq(&l1, &l1, &x3.add(x1).add(x2))?;
        let l2 = Self::wit(&cs, vals.as_ref().map(|v| v.2.clone()))?;
        FqVar::enforce_mul_eq(&l1.add(&l2), &x1.sub(&x3), &y1.mul_small(2))?;
        let x4 = Self::wit(&cs, vals.as_ref().map(|v| v.3.clone()))?;
        FqVar::enforce_mul_eq(&l2, &l2, &x4.add(x1).add(&x3))?;
        let y4 = Self::wit(&cs, vals.as_ref().map(|v| v.4.clone()))?;
        FqVar::enforce_mul_eq(&l2, &x1.sub(&x4), &y4.add(y1))?;
        Ok(Self { x: x4, y: y4 })
    }

    /// `cond ? t : f`.
    pub fn select(cond: &Boolean<F>, t: &Self, f: &Self) -> Result<Self, SynthesisError> {
        Ok(Self {
            x: FqVar::select(cond, &t.x, &f.x)?,
            y: FqVar::select(cond, &t.y, &f.y)?,
        })
    }

    /// `entries[Σ bitsᵢ·2ⁱ]` (`entries.len() == 2^bits.len()`).
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

    /// Enforces equality of the represented points (coordinates congruent).
    pub fn enforce_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        self.x.enforce_equal(&other.x)?;
        self.y.enforce_equal(&other.y)
    }
}

/// The accumulator's start point `A` (no known discrete logarithm).
pub fn offset_a() -> (BigUint, BigUint) {
    native::nums_point(b"umbra-circuits secp256k1 msm offset A")
}

/// The table offset `D` (no known discrete logarithm).
pub fn offset_d() -> (BigUint, BigUint) {
    native::nums_point(b"umbra-circuits secp256k1 msm offset D")
}

/// Joint (Straus–Shamir) multi-scalar multiplication with offsets.
///
/// `terms` pairs points with little-endian scalar bits, all of the same
/// length `N`, at most 6 terms (the table has `2^k` entries). The table
/// holds `D + Σ_{j∈S} Pⱼ` for every subset `S`; the accumulator starts at
/// `A` and each step computes `acc ← 2·acc + table[bits]` with
/// [`PointVar::double_and_add`]. Returns `acc = Σ kⱼ·Pⱼ + O` and the
/// constant offset `O = 2ᴺ·A + (2ᴺ − 1)·D`.
///
/// Cost: `2^k − 1` table additions (free when all points involved are
/// constants), then per bit one `double_and_add` (6 multiplication checks)
/// plus the table selection (free for constant bits or constant entries).
pub fn msm_with_offset<F: PrimeField>(
    terms: &[(PointVar<F>, Vec<Boolean<F>>)],
) -> Result<(PointVar<F>, (BigUint, BigUint)), SynthesisError> {
    let k = terms.len();
    let n = terms.first().map_or(0, |t| t.1.len());
    if k == 0 || k > 6 || terms.iter().any(|t| t.1.len() != n) {
        return Err(SynthesisError::Unsatisfiable);
    }
    let d = offset_d();
    let a = offset_a();
    let mut table: Vec<PointVar<F>> = Vec::with_capacity(1 << k);
    table.push(PointVar::constant(&d));
    for mask in 1usize..(1 << k) {
        let top = usize::BITS as usize - 1 - mask.leading_zeros() as usize;
        let prev = table[mask ^ (1 << top)].clone();
        table.push(prev.add(&terms[top].0)?);
    }
    let mut acc = PointVar::constant(&a);
    for i in (0..n).rev() {
        let bits: Vec<Boolean<F>> = terms.iter().map(|t| t.1[i].clone()).collect();
        let sel = PointVar::select_table(&bits, &table)?;
        acc = acc.double_and_add(&sel)?;
    }
    let two_n = BigUint::from(1u8) << n;
    let offset = native::add(
        &native::mul(&two_n, &Some(a)),
        &native::mul(&(two_n - 1u8), &Some(d)),
    )
    .ok_or(SynthesisError::Unsatisfiable)?;
    Ok((acc, offset))
}

/// `Σ kⱼ·Pⱼ` (see [`msm_with_offset`]); unsatisfiable if the result is the
/// point at infinity (or, with negligible probability, `−2·O`).
pub fn msm<F: PrimeField>(
    terms: &[(PointVar<F>, Vec<Boolean<F>>)],
) -> Result<PointVar<F>, SynthesisError> {
    let (acc, offset) = msm_with_offset(terms)?;
    let neg = native::neg(&Some(offset)).ok_or(SynthesisError::Unsatisfiable)?;
    acc.add(&PointVar::constant(&neg))
}

/// One multi-scalar-multiplication term: a point and its scalar's
/// little-endian bits.
pub type MsmTerm<F> = (PointVar<F>, Vec<Boolean<F>>);

/// Bits per GLV half-scalar magnitude (the split bound is below 2¹²⁹).
pub const GLV_BITS: usize = 129;

/// GLV split of `k·P` into two half-length terms for [`msm_with_offset`]:
/// witnesses `(sign₁, |k₁|)`, `(sign₂, |k₂|)` of 129 bits each with
/// `k ≡ ±|k₁| ± |k₂|·λ (mod n)` checked by one emulated product, and the
/// points `±P` and `±φ(P)` with `φ(x, y) = (β·x, y) = λ·P`. Any split that
/// satisfies the congruence gives the same point, so the prover's choice of
/// split does not matter for soundness.
pub fn glv_terms<F: PrimeField>(
    p: &PointVar<F>,
    k: &EmFp<F, crate::emulated::Secp256k1Fr>,
) -> Result<Vec<MsmTerm<F>>, SynthesisError> {
    glv_terms_with_hint(p, k, None)
}

/// A GLV split `[(sign₁, |k₁|), (sign₂, |k₂|)]`: `k ≡ ±|k₁| ± |k₂|·λ (mod n)`.
pub type GlvSplit = [(bool, BigUint); 2];

/// [`glv_terms`] with a prover-chosen split (`None`: the honest
/// [`native::glv_split`]). Same constraints; magnitudes are allocated as
/// [`GLV_BITS`] bits (higher bits are dropped). For testing that a forged
/// split leaves the system unsatisfied.
#[doc(hidden)]
pub fn glv_terms_with_hint<F: PrimeField>(
    p: &PointVar<F>,
    k: &EmFp<F, crate::emulated::Secp256k1Fr>,
    hint: Option<GlvSplit>,
) -> Result<Vec<MsmTerm<F>>, SynthesisError> {
    use crate::emulated::Secp256k1Fr;
    use ark_r1cs_std::alloc::AllocVar;
    type Sc<F> = EmFp<F, Secp256k1Fr>;
    let cs = k.cs().or(p.cs());
    let split = hint.or_else(|| k.value().map(|v| native::glv_split(&v)));
    let mut out = Vec::with_capacity(2);
    let mut parts = Vec::with_capacity(2);
    for i in 0..2 {
        let sign = Boolean::new_witness(cs.clone(), || {
            split
                .as_ref()
                .map(|s| s[i].0)
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let (_, bits) =
            crate::emulated::alloc_bits(&cs, split.as_ref().map(|s| &s[i].1), GLV_BITS)?;
        let mag = Sc::<F>::from_bits_le(&bits);
        parts.push(Sc::<F>::select(&sign, &mag.neg(), &mag)?);
        out.push((sign, bits));
    }
    Sc::<F>::enforce_mul_eq(
        &parts[1],
        &Sc::<F>::constant(&native::glv_lambda()),
        &k.sub(&parts[0]),
    )?;
    let phi = PointVar {
        x: p.x.mul(&FqVar::constant(&native::glv_beta()))?,
        y: p.y.clone(),
    };
    let mut terms = Vec::with_capacity(2);
    for ((sign, bits), base) in out.into_iter().zip([p.clone(), phi]) {
        terms.push((PointVar::select(&sign, &base.neg(), &base)?, bits));
    }
    Ok(terms)
}

/// Window width of [`fixed_base_mul_with_offset`].
pub const FIXED_WINDOW: usize = 8;

/// `nw` constant tables for [`fixed_base_mul_with_offset`]: table `j` holds
/// `d·2^(w·j)·B + 2ʲ·D` for `d = 0..2^w` (`w` = [`FIXED_WINDOW`], `D` =
/// [`offset_d`]).
fn fixed_base_tables(
    base: &(BigUint, BigUint),
    nw: usize,
) -> Result<Vec<Vec<(BigUint, BigUint)>>, SynthesisError> {
    let mut out = Vec::with_capacity(nw);
    let mut step: native::Point = Some(base.clone());
    let mut off: native::Point = Some(offset_d());
    for _ in 0..nw {
        let mut entries = Vec::with_capacity(1 << FIXED_WINDOW);
        let mut e = off.clone();
        for _ in 0..(1usize << FIXED_WINDOW) {
            entries.push(e.clone().ok_or(SynthesisError::Unsatisfiable)?);
            e = native::add(&e, &step);
        }
        out.push(entries);
        step = native::mul(&(BigUint::from(1u8) << FIXED_WINDOW), &step);
        off = native::double(&off);
    }
    Ok(out)
}

/// Windows of the cached generator tables (256-bit scalars).
#[cfg(feature = "std")]
const GENERATOR_WINDOWS: usize = 32;

/// The generator's tables, computed once per process (8192 native
/// additions, most of a Feldman synthesis otherwise).
#[cfg(feature = "std")]
fn generator_tables() -> Result<&'static [Vec<(BigUint, BigUint)>], SynthesisError> {
    static TABLES: std::sync::OnceLock<Vec<Vec<(BigUint, BigUint)>>> = std::sync::OnceLock::new();
    if let Some(t) = TABLES.get() {
        return Ok(t);
    }
    let t = fixed_base_tables(&native::generator(), GENERATOR_WINDOWS)?;
    Ok(TABLES.get_or_init(|| t))
}

/// Fixed-base scalar multiplication by constant windowed tables, without
/// doublings: `bits` (little-endian, any length) are cut into windows of
/// [`FIXED_WINDOW`] bits; window `j` selects `d·2^(w·j)·B + 2ʲ·D` from a
/// constant table (the selector products cost about `2^w − w − 1`
/// constraints, the coordinates are then linear) and the selections are
/// summed with [`PointVar::add`]. Returns `acc = k·B + O` and the constant
/// offset `O = (2^nw − 1)·D` (`nw` windows).
///
/// The offsets make every addition non-exceptional for honest inputs
/// (a collision `x(acc) = x(entry)` would give a discrete-logarithm
/// relation between `D` and `B`); a malicious collision makes the system
/// unsatisfiable, since [`PointVar::add`] enforces `x₁ ≠ x₂`.
pub fn fixed_base_mul_with_offset<F: PrimeField>(
    base: &(BigUint, BigUint),
    bits: &[Boolean<F>],
) -> Result<(PointVar<F>, (BigUint, BigUint)), SynthesisError> {
    let nw = bits.len().div_ceil(FIXED_WINDOW).max(1);
    #[cfg(feature = "std")]
    let cached;
    #[cfg(feature = "std")]
    let tables: &[Vec<(BigUint, BigUint)>] =
        if *base == native::generator() && nw <= GENERATOR_WINDOWS {
            cached = generator_tables()?;
            &cached[..nw]
        } else {
            &fixed_base_tables(base, nw)?
        };
    #[cfg(not(feature = "std"))]
    let tables = &fixed_base_tables(base, nw)?;
    let mut acc: Option<PointVar<F>> = None;
    for (j, entries) in tables.iter().enumerate() {
        let mut win: Vec<Boolean<F>> = bits
            .iter()
            .skip(j * FIXED_WINDOW)
            .take(FIXED_WINDOW)
            .cloned()
            .collect();
        win.resize(FIXED_WINDOW, Boolean::FALSE);
        let sel = crate::emulated::selectors(&win)?;
        let xs: Vec<BigUint> = entries.iter().map(|e| e.0.clone()).collect();
        let ys: Vec<BigUint> = entries.iter().map(|e| e.1.clone()).collect();
        let pt = PointVar {
            x: FqVar::from_constant_table(&sel, &xs)?,
            y: FqVar::from_constant_table(&sel, &ys)?,
        };
        acc = Some(match acc {
            None => pt,
            Some(a) => a.add(&pt)?,
        });
    }
    let offset = native::mul(&((BigUint::from(1u8) << nw) - 1u8), &Some(offset_d()))
        .ok_or(SynthesisError::Unsatisfiable)?;
    Ok((acc.ok_or(SynthesisError::Unsatisfiable)?, offset))
}
