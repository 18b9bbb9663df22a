//! Short-Weierstrass arithmetic (`y² = x³ + b`, `a = 0`) for curves embedded
//! in the constraint field.
//!
//! [`SWVar<C>`] is an affine point of a curve `C: SWCurveConfig` whose base
//! field is the constraint field, with an explicit identity flag. Named
//! instance: [`GrumpkinVar`] (Grumpkin, `y² = x³ − 17` over BN254 Fr).
//!
//! **Supported curves**: `a = 0`, `b ≠ 0`, odd group order (odd cofactor), so
//! no point has `y = 0` and `(0, 0)` is not on the curve. The identity is
//! represented as `(0, 0)` with `infinity = true`; every other value has
//! `infinity = false` and `(x, y)` on the curve. Allocation enforces that
//! invariant, every operation preserves it, and the fields are private.
//!
//! | operation | constraints | notes |
//! |---|---:|---|
//! | allocation (may be the identity) | 5 | flag, `x²`, `y²`, curve, `flag·x = 0` |
//! | allocation, not the identity | 3 | [`SWVar::new_variable_nonidentity`] |
//! | [`SWVar::double`] | 4 | complete: `λ·(2y + flag) = 3x²` |
//! | [`SWVar::add`] | 17 | complete (identity, `P = Q`, `P = −Q`) |
//! | [`SWVar::add_nonexceptional`] | 4 (+1 per variable flag) | enforces `x₁ ≠ x₂`, both finite |
//! | [`SWVar::scalar_mul_le`] | 8 per bit + ~15 | signed digits, LSB first |
//! | [`SWVar::fixed_base_mul_le`] | 6 per 3 bits + ~25 | offset 3-bit windows |
//! | [`SWVar::map_to_base`] | 1 | `x / y`, 0 for the identity |
//!
//! Exceptional cases of the affine formulas are never left unconstrained:
//! every incomplete addition either enforces `x₁ ≠ x₂` (the system is then
//! unsatisfiable on an exceptional input, never wrong) or is used only where
//! integer bounds on the multiples of one point of prime order prove
//! `x₁ ≠ x₂` for every assignment of the scalar bits (the variable-base
//! ladder on a cofactor-1 curve, the fixed-base windows). See `docs/circuits.md`, "Short Weierstrass
//! (Grumpkin)".

use alloc::vec::Vec;
use core::borrow::Borrow;
use core::marker::PhantomData;

use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{AdditiveGroup, BigInteger, Field, One, PrimeField, Zero};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::{ConstraintSystemRef, Namespace, SynthesisError};
use num_bigint::BigUint;

/// Grumpkin points in BN254 Fr circuits.
pub type GrumpkinVar = SWVar<ark_grumpkin::GrumpkinConfig>;

/// An affine short-Weierstrass point (or the identity) whose coordinates live
/// in the constraint field. See the module documentation for the invariant.
#[must_use]
pub struct SWVar<C: SWCurveConfig>
where
    C::BaseField: PrimeField,
{
    x: FpVar<C::BaseField>,
    y: FpVar<C::BaseField>,
    infinity: Boolean<C::BaseField>,
    _curve: PhantomData<C>,
}

impl<C: SWCurveConfig> Clone for SWVar<C>
where
    C::BaseField: PrimeField,
{
    fn clone(&self) -> Self {
        Self::raw(self.x.clone(), self.y.clone(), self.infinity.clone())
    }
}

impl<C: SWCurveConfig> core::fmt::Debug for SWVar<C>
where
    C::BaseField: PrimeField,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SWVar")
            .field("x", &self.x.value().ok())
            .field("y", &self.y.value().ok())
            .field("infinity", &self.infinity.value().ok())
            .finish()
    }
}

/// Whether `C` is a curve this module supports (`a = 0`, `b ≠ 0`, odd
/// cofactor).
pub fn is_supported<C: SWCurveConfig>() -> bool {
    C::COEFF_A.is_zero() && !C::COEFF_B.is_zero() && C::COFACTOR.first().is_some_and(|c| c & 1 == 1)
}

fn check_supported<C: SWCurveConfig>() -> Result<(), SynthesisError> {
    if is_supported::<C>() {
        Ok(())
    } else {
        Err(SynthesisError::Unsatisfiable)
    }
}

/// A witness for `num / den` (0 if `den = 0`; the caller constrains it).
fn witness_quotient<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    num: &FpVar<F>,
    den: &FpVar<F>,
) -> Result<FpVar<F>, SynthesisError> {
    FpVar::new_witness(cs.clone(), || {
        Ok(num.value()? * den.value()?.inverse().unwrap_or_default())
    })
}

fn to_biguint<F: PrimeField>(x: &F::BigInt) -> BigUint {
    BigUint::from_bytes_le(&x.to_bytes_le())
}

fn limbs_from_bits_le(bits: &[bool]) -> Vec<u64> {
    let mut limbs = alloc::vec![0u64; bits.len().div_ceil(64).max(1)];
    for (i, b) in bits.iter().enumerate() {
        if *b {
            limbs[i / 64] |= 1 << (i % 64);
        }
    }
    limbs
}

/// Native helper: `[k]P` for little-endian bits `k` (tests and rows).
pub fn native_mul_le<C: SWCurveConfig>(p: &Affine<C>, bits: &[bool]) -> Affine<C> {
    p.mul_bigint(limbs_from_bits_le(bits)).into_affine()
}

impl<C: SWCurveConfig> SWVar<C>
where
    C::BaseField: PrimeField,
{
    fn raw(
        x: FpVar<C::BaseField>,
        y: FpVar<C::BaseField>,
        infinity: Boolean<C::BaseField>,
    ) -> Self {
        Self {
            x,
            y,
            infinity,
            _curve: PhantomData,
        }
    }

    /// The identity, `(0, 0)` with the flag set, as a constant.
    pub fn identity() -> Self {
        Self::raw(FpVar::zero(), FpVar::zero(), Boolean::TRUE)
    }

    /// A constant point (no constraints).
    pub fn constant(p: Affine<C>) -> Self {
        match p.xy() {
            None => Self::identity(),
            Some((x, y)) => Self::raw(FpVar::constant(x), FpVar::constant(y), Boolean::FALSE),
        }
    }

    /// The x-coordinate (0 for the identity).
    pub fn x(&self) -> &FpVar<C::BaseField> {
        &self.x
    }

    /// The y-coordinate (0 for the identity).
    pub fn y(&self) -> &FpVar<C::BaseField> {
        &self.y
    }

    /// Whether this is the identity (the flag itself, free).
    pub fn is_identity(&self) -> &Boolean<C::BaseField> {
        &self.infinity
    }

    /// The constraint system (`None` if constant).
    pub fn cs(&self) -> ConstraintSystemRef<C::BaseField> {
        self.x.cs().or(self.y.cs()).or(self.infinity.cs())
    }

    /// Whether all parts are constants.
    pub fn is_constant(&self) -> bool {
        self.x.is_constant() && self.y.is_constant() && self.infinity.is_constant()
    }

    /// The assigned point.
    pub fn value(&self) -> Result<Affine<C>, SynthesisError> {
        if self.infinity.value()? {
            Ok(Affine::<C>::identity())
        } else {
            Ok(Affine::new_unchecked(self.x.value()?, self.y.value()?))
        }
    }

    /// The coordinates the Poseidon transcript absorbs, as
    /// `umbra_verkle::PoseidonAbsorb` defines them natively for Grumpkin:
    /// the affine `(x, y)`, and `(0, 0)` for the identity. Free.
    pub fn absorb_coordinates(&self) -> [FpVar<C::BaseField>; 2] {
        [self.x.clone(), self.y.clone()]
    }

    /// `x / y`, and 0 for the identity (`umbra_verkle::Grumpkin::map_to_field`),
    /// 1 constraint: `t·(y + flag) = x`. `y + flag` is never 0 (`y ≠ 0` off
    /// the identity, `flag = 1` on it).
    pub fn map_to_base(&self) -> Result<FpVar<C::BaseField>, SynthesisError> {
        let den = &self.y + FpVar::from(self.infinity.clone());
        if self.is_constant() {
            return Ok(FpVar::constant(
                self.x.value()? * den.value()?.inverse().unwrap_or_default(),
            ));
        }
        let t = witness_quotient(&self.cs(), &self.x, &den)?;
        t.mul_equals(&den, &self.x)?;
        Ok(t)
    }

    /// Enforces `y² = x³ + b·(1 − flag)` and `flag·x = 0` (4 constraints):
    /// with the flag set, `x = 0` and then `y = 0`; without it, on the curve.
    fn enforce_valid(&self) -> Result<(), SynthesisError> {
        let b = C::COEFF_B;
        let flag = FpVar::from(self.infinity.clone());
        let xx = self.x.square()?;
        let yy = self.y.square()?;
        let rhs = yy - b + flag.clone() * b;
        xx.mul_equals(&self.x, &rhs)?;
        if self.infinity.is_constant() {
            // A constant flag: `flag·x = 0` is a constant relation (checked
            // natively when the flag is set; nothing to enforce otherwise).
            return if self.infinity.value()? {
                self.x.enforce_equal(&FpVar::zero())
            } else {
                Ok(())
            };
        }
        flag.mul_equals(&self.x, &FpVar::zero())
    }

    /// Allocates a point that must not be the identity: on-curve check only
    /// (3 constraints; an identity value leaves the system unsatisfied).
    pub fn new_variable_nonidentity<T: Borrow<Affine<C>>>(
        cs: impl Into<Namespace<C::BaseField>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        check_supported::<C>()?;
        let ns = cs.into();
        let cs = ns.cs();
        let value = f().map(|p| {
            p.borrow()
                .xy()
                .unwrap_or((C::BaseField::zero(), C::BaseField::zero()))
        });
        if mode == AllocationMode::Constant {
            let (x, y) = value?;
            let p = Affine::<C>::new_unchecked(x, y);
            return if p.is_on_curve() && !p.is_zero() {
                Ok(Self::constant(p))
            } else {
                Err(SynthesisError::Unsatisfiable)
            };
        }
        let x = FpVar::new_variable(cs.clone(), || value.map(|v| v.0), mode)?;
        let y = FpVar::new_variable(cs, || value.map(|v| v.1), mode)?;
        let p = Self::raw(x, y, Boolean::FALSE);
        p.enforce_valid()?;
        Ok(p)
    }

    /// `−P = (x, −y)`, free.
    pub fn negate(&self) -> Self {
        Self::raw(
            self.x.clone(),
            self.y.negate().unwrap_or_else(|_| unreachable!()),
            self.infinity.clone(),
        )
    }

    /// Complete doubling, 4 constraints: `λ·(2y + flag) = 3x²`,
    /// `x₃ = λ² − 2x`, `y₃ = λ·(x − x₃) − y`. On the identity `λ = 0` and the
    /// result is `(0, 0)` again.
    pub fn double(&self) -> Result<Self, SynthesisError> {
        if self.is_constant() {
            let p = self.value()?;
            return Ok(Self::constant((p + p).into_affine()));
        }
        let cs = self.cs();
        let xx3 = self.x.square()? * C::BaseField::from(3u64);
        let den = self.y.double()? + FpVar::from(self.infinity.clone());
        let lambda = witness_quotient(&cs, &xx3, &den)?;
        lambda.mul_equals(&den, &xx3)?;
        let x3 = lambda.square()? - self.x.double()?;
        let y3 = &lambda * &(&self.x - &x3) - &self.y;
        Ok(Self::raw(x3, y3, self.infinity.clone()))
    }

    /// `[2^k]P`, 4·k constraints.
    pub fn double_times(&self, k: usize) -> Result<Self, SynthesisError> {
        let mut p = self.clone();
        for _ in 0..k {
            p = p.double()?;
        }
        Ok(p)
    }

    /// Complete addition, 17 constraints (fewer with a constant operand).
    ///
    /// One slope covers the chord and the tangent: with `e = [x₁ = x₂]`,
    /// `λ·((x₂ − x₁) + e·(2y₁ + flag₁)) = (y₂ − y₁) + e·(3x₁² − y₂ + y₁)`;
    /// the denominator is never 0 (`x₁ ≠ x₂`, or `y₁ ≠ 0`, or `flag₁ = 1`).
    /// The sum is the identity exactly when `e ∧ (y₁ + y₂ = 0)` (covers
    /// `P + (−P)` and `O + O`); an identity operand selects the other one.
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        if self.is_constant() && other.is_constant() {
            let p = (self.value()? + other.value()?).into_affine();
            return Ok(Self::constant(p));
        }
        let cs = self.cs().or(other.cs());
        let (x1, y1, x2, y2) = (&self.x, &self.y, &other.x, &other.y);
        let e = x1.is_eq(x2)?;
        let ef = FpVar::from(e.clone());
        let den = (x2 - x1) + &ef * &(y1.double()? + FpVar::from(self.infinity.clone()));
        let xx3 = x1.square()? * C::BaseField::from(3u64);
        let num = (y2 - y1) + &ef * &(xx3 - y2 + y1);
        let lambda = witness_quotient(&cs, &num, &den)?;
        lambda.mul_equals(&den, &num)?;
        let x3 = lambda.square()? - x1 - x2;
        let y3 = &lambda * &(x1 - &x3) - y1;
        let out_inf = e & (y1 + y2).is_zero()?;
        let masked = Self::raw(
            out_inf.select(&FpVar::zero(), &x3)?,
            out_inf.select(&FpVar::zero(), &y3)?,
            out_inf.clone(),
        );
        // The flag of the result is `out_inf` in every case (an identity
        // operand meets `x = 0` on the other only if that one has `y ≠ 0`).
        let s = Self::raw(
            other.infinity.select(x1, &masked.x)?,
            other.infinity.select(y1, &masked.y)?,
            out_inf.clone(),
        );
        Ok(Self::raw(
            self.infinity.select(x2, &s.x)?,
            self.infinity.select(y2, &s.y)?,
            out_inf,
        ))
    }

    /// `self − other` (complete), 17 constraints.
    pub fn sub(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.add(&other.negate())
    }

    /// Chord addition for operands the caller knows to be finite with
    /// `x₁ ≠ x₂`; 3 constraints. Not public: it is sound only under that
    /// precondition.
    fn add_unchecked(&self, other: &Self) -> Result<Self, SynthesisError> {
        if self.is_constant() && other.is_constant() {
            let p = (self.value()? + other.value()?).into_affine();
            return Ok(Self::constant(p));
        }
        let cs = self.cs().or(other.cs());
        let num = &other.y - &self.y;
        let den = &other.x - &self.x;
        let lambda = witness_quotient(&cs, &num, &den)?;
        lambda.mul_equals(&den, &num)?;
        let x3 = lambda.square()? - &self.x - &other.x;
        let y3 = &lambda * &(&self.x - &x3) - &self.y;
        Ok(Self::raw(x3, y3, Boolean::FALSE))
    }

    /// Incomplete addition that enforces its preconditions: both operands
    /// finite and `x₁ ≠ x₂` (1 constraint for the latter, 1 per variable
    /// flag), then the chord (3): 4 constraints for finite operands. An
    /// exceptional input (`P = ±Q`, an identity) makes the system
    /// unsatisfiable; it can never produce a wrong sum.
    pub fn add_nonexceptional(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.infinity.enforce_equal(&Boolean::FALSE)?;
        other.infinity.enforce_equal(&Boolean::FALSE)?;
        self.x.enforce_not_equal(&other.x)?;
        self.add_unchecked(other)
    }

    /// Variable-base scalar multiplication `[k]P` for `k = Σ bits[i]·2^i`
    /// (any length; `P` and `k` arbitrary, including the identity and 0).
    ///
    /// Signed-digit, least significant bit first, on affine points: with
    /// `h = k >> 1 = Σ_{i≥1} bᵢ 2^(i−1)` and digits `sᵢ = 2bᵢ − 1 ∈ {±1}`,
    /// `Σ_{i=1}^{n−1} sᵢ 2^(i−1) = h − (2^(n−1) − 1)`. Per bit: `T = [2^(i−1)]P`
    /// is doubled (4), `sᵢ·y_T` costs 1 and `acc + (x_T, sᵢ·y_T)` is a
    /// 3-constraint chord: 8 constraints per bit, no select. Then
    /// `[k]P = acc + [2^(n−1)]P − (1 − b₀)P`: one more doubling, one chord,
    /// one select and one complete addition. When `P` is the identity the
    /// ladder runs on the generator and the result is replaced by the
    /// identity.
    ///
    /// Exceptions: at bit `i` the accumulator is `[m]P` with `m` odd and
    /// `|m| ≤ 2^(i−1) − 1`, and `T = [2^(i−1)]P`. On a curve of prime order
    /// `r` (cofactor 1, e.g. Grumpkin), while `2^i < r`, `m ∓ 2^(i−1)` is a
    /// non-zero integer of absolute value below `r`, so `acc ≠ ±T` and the
    /// chord is exact for every assignment: no check is needed (all 253
    /// ladder steps of a 254-bit Grumpkin scalar). Longer scalars use the
    /// complete addition beyond that bound. On curves with a cofactor `P`
    /// may have small order, so every chord there enforces `x₁ ≠ x₂` (+1).
    /// A constant `P` goes to [`SWVar::fixed_base_mul_le`].
    pub fn scalar_mul_le(&self, bits: &[Boolean<C::BaseField>]) -> Result<Self, SynthesisError> {
        check_supported::<C>()?;
        if self.is_constant() {
            return Self::fixed_base_mul_le(&self.value()?, bits);
        }
        if bits.is_empty() {
            return Ok(Self::identity());
        }
        let prime_order = C::COFACTOR.iter().skip(1).all(|l| *l == 0) && C::COFACTOR[0] == 1;
        // 2^i < r holds for every i < MODULUS_BIT_SIZE.
        let exact = |i: usize| i < C::ScalarField::MODULUS_BIT_SIZE as usize;
        let chord = |a: &Self, b: &Self, i: usize| -> Result<Self, SynthesisError> {
            if !exact(i) {
                return a.add(b);
            }
            if !prime_order {
                a.x.enforce_not_equal(&b.x)?;
            }
            a.add_unchecked(b)
        };
        let g = Self::constant(C::GENERATOR);
        let base = Self::conditionally_select(&self.infinity, &g, self)?;
        let base = Self::raw(base.x, base.y, Boolean::FALSE);
        let signed_y = |b: &Boolean<C::BaseField>, y: &FpVar<C::BaseField>| {
            // (2b − 1)·y
            Ok::<_, SynthesisError>((FpVar::from(b.clone()).double()? - C::BaseField::one()) * y)
        };
        let out = if bits.len() == 1 {
            Self::conditionally_select(&bits[0], &base, &Self::identity())?
        } else {
            let mut t = base.clone();
            let mut acc = Self::raw(t.x.clone(), signed_y(&bits[1], &t.y)?, Boolean::FALSE);
            for (i, b) in bits.iter().enumerate().skip(2) {
                t = t.double()?;
                let q = Self::raw(t.x.clone(), signed_y(b, &t.y)?, Boolean::FALSE);
                acc = chord(&acc, &q, i)?;
            }
            // acc = [h − 2^(n−1) + 1]P; add [2^(n−1)]P − (1 − b₀)P.
            let d = t.double()?;
            // D − P is exceptional iff 2^(n−1) ≡ ±1 (mod r).
            let r = to_biguint::<C::ScalarField>(&C::ScalarField::MODULUS);
            let d_minus_p = if (BigUint::one() << (bits.len() - 1)) + 1u32 < r {
                if !prime_order {
                    d.x.enforce_not_equal(&base.x)?;
                }
                d.add_unchecked(&base.negate())?
            } else {
                d.sub(&base)?
            };
            let e = Self::conditionally_select(&bits[0], &d, &d_minus_p)?;
            acc.add(&e)?
        };
        Self::conditionally_select(&self.infinity, &Self::identity(), &out)
    }

    /// Fixed-base scalar multiplication `[k]B` for a constant `B` and
    /// `k = Σ bits[i]·2^i` (any length).
    ///
    /// 3-bit windows; window `w` looks up `[(d + 2)·8^w]B` for its digit
    /// `d ∈ 0..8` (3 constraints: `b₀b₁` and one per coordinate), so no
    /// entry is the identity, and the offset `Σ 2·8^w·B` is subtracted at the
    /// end (one complete addition with a constant). Windows are joined by the
    /// 3-constraint chord wherever integer bounds on the accumulated
    /// multiple `m ∈ [lo, hi]` and the entry `e ∈ [2·8^w, 9·8^w]` prove
    /// `m ≢ ±e (mod r)` for all digits (`hi < 2·8^w` and `hi + 9·8^w < r`),
    /// and by the complete addition otherwise (the last window of a
    /// full-width scalar). 254-bit Grumpkin scalar: 84 chord windows, one
    /// complete, plus the offset.
    pub fn fixed_base_mul_le(
        base: &Affine<C>,
        bits: &[Boolean<C::BaseField>],
    ) -> Result<Self, SynthesisError> {
        let (acc, offset) = Self::fixed_base_offset(base, bits)?;
        if offset.is_zero() {
            return Ok(acc);
        }
        acc.add(&Self::constant((-offset).into_affine()))
    }

    /// `Σ_j [k_j]B_j` for constant bases (e.g. CRS generators), each by the
    /// windows of [`SWVar::fixed_base_mul_le`], joined by complete
    /// additions, with one offset subtraction for all. `scalars[j]` are the
    /// little-endian bits of `k_j`; extra bases or scalars are ignored.
    pub fn fixed_base_msm_le<S: AsRef<[Boolean<C::BaseField>]>>(
        bases: &[Affine<C>],
        scalars: &[S],
    ) -> Result<Self, SynthesisError> {
        let mut acc: Option<Self> = None;
        let mut offset = Projective::<C>::zero();
        for (b, s) in bases.iter().zip(scalars) {
            let (p, o) = Self::fixed_base_offset(b, s.as_ref())?;
            offset += o;
            acc = Some(match acc {
                None => p,
                Some(a) => a.add(&p)?,
            });
        }
        let acc = acc.unwrap_or_else(Self::identity);
        if offset.is_zero() {
            return Ok(acc);
        }
        acc.add(&Self::constant((-offset).into_affine()))
    }

    /// `([k]B + offset, offset)`: the windowed sum before the offset is
    /// removed.
    fn fixed_base_offset(
        base: &Affine<C>,
        bits: &[Boolean<C::BaseField>],
    ) -> Result<(Self, Projective<C>), SynthesisError> {
        check_supported::<C>()?;
        if base.is_zero() || bits.iter().all(|b| b.is_constant()) {
            let k: Vec<bool> = bits.iter().map(|b| b.value()).collect::<Result<_, _>>()?;
            return Ok((Self::constant(native_mul_le(base, &k)), Projective::zero()));
        }
        if !base.is_on_curve() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let prime_order = base.is_in_correct_subgroup_assuming_on_curve();
        let r = to_biguint::<C::ScalarField>(&C::ScalarField::MODULUS);
        let mut padded: Vec<Boolean<C::BaseField>> = bits.to_vec();
        while padded.len() % 3 != 0 {
            padded.push(Boolean::FALSE);
        }
        let mut acc: Option<Self> = None;
        let (mut lo, mut hi) = (BigUint::zero(), BigUint::zero());
        let mut exact = prime_order;
        let mut offset = Projective::<C>::zero();
        let mut window_base: Projective<C> = (*base).into();
        let mut eight_w = BigUint::one();
        for w in padded.chunks(3) {
            let table: Vec<Projective<C>> = (2u64..10)
                .map(|d| window_base * C::ScalarField::from(d))
                .collect();
            let table = Projective::normalize_batch(&table);
            if table.iter().any(|p| p.is_zero()) {
                return Err(SynthesisError::Unsatisfiable);
            }
            let entry = lookup3(&table, w)?;
            offset += window_base.double();
            let (e_lo, e_hi) = (&eight_w * 2u32, &eight_w * 9u32);
            acc = Some(match acc {
                None => {
                    lo = e_lo;
                    hi = e_hi;
                    entry
                }
                Some(a) => {
                    if exact && hi < e_lo && &hi + &e_hi < r && lo > BigUint::zero() {
                        lo += e_lo;
                        hi += e_hi;
                        a.add_unchecked(&entry)?
                    } else {
                        exact = false;
                        a.add(&entry)?
                    }
                }
            });
            for _ in 0..3 {
                window_base.double_in_place();
            }
            eight_w *= 8u32;
        }
        Ok((acc.unwrap_or_else(Self::identity), offset))
    }
}

/// Selects one of 8 constant points by 3 little-endian bits: `b₀ ∧ b₁` and
/// one constraint per coordinate (the multilinear interpolation).
fn lookup3<C: SWCurveConfig>(
    table: &[Affine<C>],
    w: &[Boolean<C::BaseField>],
) -> Result<SWVar<C>, SynthesisError>
where
    C::BaseField: PrimeField,
{
    let b01 = w[0].clone() & w[1].clone();
    let pick =
        |f: &dyn Fn(&Affine<C>) -> C::BaseField| -> Result<FpVar<C::BaseField>, SynthesisError> {
            let t: [C::BaseField; 8] = core::array::from_fn(|i| f(&table[i]));
            let lin = |c: [C::BaseField; 4]| {
                FpVar::constant(c[0])
                    + FpVar::from(w[0].clone()) * c[1]
                    + FpVar::from(w[1].clone()) * c[2]
                    + FpVar::from(b01.clone()) * c[3]
            };
            let lo = [t[0], t[1] - t[0], t[2] - t[0], t[3] - t[2] - t[1] + t[0]];
            let hi = [t[4], t[5] - t[4], t[6] - t[4], t[7] - t[6] - t[5] + t[4]];
            let diff = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], hi[3] - lo[3]];
            Ok(lin(lo) + FpVar::from(w[2].clone()) * lin(diff))
        };
    let x = pick(&|p| p.x)?;
    let y = pick(&|p| p.y)?;
    Ok(SWVar::raw(x, y, Boolean::FALSE))
}

impl<C: SWCurveConfig> GR1CSVar<C::BaseField> for SWVar<C>
where
    C::BaseField: PrimeField,
{
    type Value = Affine<C>;

    fn cs(&self) -> ConstraintSystemRef<C::BaseField> {
        SWVar::cs(self)
    }

    fn value(&self) -> Result<Affine<C>, SynthesisError> {
        SWVar::value(self)
    }
}

impl<C: SWCurveConfig> AllocVar<Affine<C>, C::BaseField> for SWVar<C>
where
    C::BaseField: PrimeField,
{
    /// Constants are taken as they are (an off-curve constant is an
    /// `Unsatisfiable` error). Witnesses and inputs may be the identity: the
    /// coordinates are allocated in `mode` and the flag as a witness, with
    /// 5 constraints (booleanity, `x²`, `y²`, `y² = x³ + b·(1 − flag)`,
    /// `flag·x = 0`). Given `(x, y)`, the flag is determined: `(0, 0)` is
    /// not on the curve and no curve point has `y = 0`.
    fn new_variable<T: Borrow<Affine<C>>>(
        cs: impl Into<Namespace<C::BaseField>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        check_supported::<C>()?;
        let ns = cs.into();
        let cs = ns.cs();
        let value = f().map(|p| *p.borrow());
        if mode == AllocationMode::Constant {
            let p = value?;
            return if p.is_on_curve() {
                Ok(Self::constant(p))
            } else {
                Err(SynthesisError::Unsatisfiable)
            };
        }
        let xy = value.map(|p| {
            p.xy()
                .unwrap_or((C::BaseField::zero(), C::BaseField::zero()))
        });
        let x = FpVar::new_variable(cs.clone(), || xy.map(|v| v.0), mode)?;
        let y = FpVar::new_variable(cs.clone(), || xy.map(|v| v.1), mode)?;
        let inf = Boolean::new_witness(cs, || value.map(|p| p.is_zero()))?;
        let p = Self::raw(x, y, inf);
        p.enforce_valid()?;
        Ok(p)
    }
}

impl<C: SWCurveConfig> AllocVar<Projective<C>, C::BaseField> for SWVar<C>
where
    C::BaseField: PrimeField,
{
    fn new_variable<T: Borrow<Projective<C>>>(
        cs: impl Into<Namespace<C::BaseField>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        Self::new_variable(cs, || f().map(|p| p.borrow().into_affine()), mode)
    }
}

impl<C: SWCurveConfig> EqGadget<C::BaseField> for SWVar<C>
where
    C::BaseField: PrimeField,
{
    /// Coordinate equality (the flag follows from the coordinates), 5
    /// constraints.
    fn is_eq(&self, other: &Self) -> Result<Boolean<C::BaseField>, SynthesisError> {
        Ok(self.x.is_eq(&other.x)? & self.y.is_eq(&other.y)?)
    }

    fn conditional_enforce_equal(
        &self,
        other: &Self,
        should_enforce: &Boolean<C::BaseField>,
    ) -> Result<(), SynthesisError> {
        self.x.conditional_enforce_equal(&other.x, should_enforce)?;
        self.y.conditional_enforce_equal(&other.y, should_enforce)
    }

    fn conditional_enforce_not_equal(
        &self,
        other: &Self,
        should_enforce: &Boolean<C::BaseField>,
    ) -> Result<(), SynthesisError> {
        self.is_eq(other)?
            .conditional_enforce_equal(&Boolean::FALSE, should_enforce)
    }
}

impl<C: SWCurveConfig> CondSelectGadget<C::BaseField> for SWVar<C>
where
    C::BaseField: PrimeField,
{
    fn conditionally_select(
        cond: &Boolean<C::BaseField>,
        true_value: &Self,
        false_value: &Self,
    ) -> Result<Self, SynthesisError> {
        Ok(Self::raw(
            cond.select(&true_value.x, &false_value.x)?,
            cond.select(&true_value.y, &false_value.y)?,
            cond.select(&true_value.infinity, &false_value.infinity)?,
        ))
    }
}
