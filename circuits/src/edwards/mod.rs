//! Twisted-Edwards arithmetic for curves embedded in the constraint field.
//!
//! [`EdwardsVar<P>`] is an affine point `(u, v)` of a twisted Edwards curve
//! `a·u² + v² = 1 + d·u²·v²` whose base field is the constraint field (`P:
//! TECurveConfig<BaseField = F>`). Named instances: [`JubjubVar`] and
//! [`BandersnatchVar`] (BLS12-381 Fr), [`BabyJubjubVar`] (BN254 Fr).
//!
//! | operation | constraints | formula |
//! |---|---:|---|
//! | [`EdwardsVar::add`] | 6 | Zcash spec, affine-ctEdwards addition |
//! | [`EdwardsVar::double`] | 5 | Zcash spec, affine-ctEdwards doubling |
//! | [`EdwardsVar::add_constant`] | 3 | addition with constant coordinates |
//! | on-curve check (allocation) | 3 | `u·u`, `v·v`, `(d·uu)·vv = a·uu + vv − 1` |
//! | [`EdwardsVar::fixed_base_mul_le`] | see `docs/circuits.md` | 3-bit windows, Montgomery segments |
//! | [`EdwardsVar::scalar_mul_le`] | 11 per bit | 2-bit windows over `[0, P, 2P, 3P]` |
//! | [`EdwardsVar::enforce_not_small_order`] | 5·log₂h + 1 | `[h]P` has `u ≠ 0` |
//! | [`EdwardsVar::enforce_prime_order`] | 3 + 5·log₂h + 2 | `P = [h]Q` for a witness `Q` |
//!
//! The addition law is complete when `a` is a square and `d` is not (Jubjub,
//! Baby Jubjub). On Bandersnatch `a = −5` is a non-square: the denominators
//! `1 ± d·u1·u2·v1·v2` can vanish only when `P1 ± P2` is a point at infinity
//! of the projective closure (even order), so additions of points of the
//! odd-order subgroup are exact; call [`EdwardsVar::enforce_prime_order`] on
//! Bandersnatch witnesses before adding them (see `docs/circuits.md`), or keep
//! to a subgroup without points at infinity, as the Banderwagon gadget of
//! [`crate::verkle`] does with the order-`2r` subgroup. Scalars are little-endian [`Boolean`] bits; the
//! scalar they encode is used as an integer (it may exceed the group order).

mod montgomery;

pub use montgomery::{MontgomeryVar, montgomery_coeffs, to_montgomery};

use alloc::vec::Vec;
use core::borrow::Borrow;
use core::marker::PhantomData;

use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ec::{AffineRepr, CurveConfig, CurveGroup, PrimeGroup};
use ark_ff::{AdditiveGroup, BigInteger, Field, One, PrimeField, Zero};
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_r1cs_std::{GR1CSVar, convert::ToBitsGadget};
use ark_relations::gr1cs::{ConstraintSystemRef, Namespace, SynthesisError};

/// Jubjub (Zcash Sapling) points in BLS12-381 Fr circuits.
pub type JubjubVar = EdwardsVar<ark_ed_on_bls12_381::EdwardsConfig>;
/// Bandersnatch (Ethereum Verkle) points in BLS12-381 Fr circuits.
pub type BandersnatchVar = EdwardsVar<ark_ed_on_bls12_381_bandersnatch::EdwardsConfig>;
/// Baby Jubjub (`ark-ed-on-bn254`, the `a = 1` model) points in BN254 Fr circuits.
pub type BabyJubjubVar = EdwardsVar<ark_ed_on_bn254::EdwardsConfig>;

/// An affine twisted-Edwards point whose coordinates live in the constraint
/// field. Either coordinate may be a constant.
///
/// Allocating a witness or input with [`AllocVar`] enforces that the point is
/// on the curve (3 constraints) but not that it lies in the prime-order
/// subgroup: call [`EdwardsVar::enforce_prime_order`] or
/// [`EdwardsVar::enforce_not_small_order`] where the protocol needs it.
#[must_use]
pub struct EdwardsVar<P: TECurveConfig>
where
    P::BaseField: PrimeField,
{
    /// The u-coordinate (arkworks' `x`).
    pub u: FpVar<P::BaseField>,
    /// The v-coordinate (arkworks' `y`).
    pub v: FpVar<P::BaseField>,
    _curve: PhantomData<P>,
}

impl<P: TECurveConfig> Clone for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    fn clone(&self) -> Self {
        Self::new(self.u.clone(), self.v.clone())
    }
}

impl<P: TECurveConfig> core::fmt::Debug for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EdwardsVar")
            .field("u", &self.u.value().ok())
            .field("v", &self.v.value().ok())
            .finish()
    }
}

/// Enforces `a · b = c` (one constraint unless everything is constant).
fn enforce_mul<F: PrimeField>(
    a: &FpVar<F>,
    b: &FpVar<F>,
    c: &FpVar<F>,
) -> Result<(), SynthesisError> {
    a.mul_equals(b, c)
}

/// A witness for `num / den` (the constraint tying it is the caller's).
fn witness_quotient<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    num: &FpVar<F>,
    den: &FpVar<F>,
) -> Result<FpVar<F>, SynthesisError> {
    FpVar::new_witness(cs.clone(), || {
        let d = den.value()?;
        Ok(num.value()? * d.inverse().unwrap_or_default())
    })
}

/// The integer whose little-endian bits are `bits`, as 64-bit limbs.
pub(crate) fn limbs_from_bits_le(bits: &[bool]) -> Vec<u64> {
    let mut limbs = alloc::vec![0u64; bits.len().div_ceil(64).max(1)];
    for (i, b) in bits.iter().enumerate() {
        if *b {
            limbs[i / 64] |= 1 << (i % 64);
        }
    }
    limbs
}

impl<P: TECurveConfig> EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    /// A point from its two coordinates, unchecked.
    pub fn new(u: FpVar<P::BaseField>, v: FpVar<P::BaseField>) -> Self {
        Self {
            u,
            v,
            _curve: PhantomData,
        }
    }

    /// A constant point (no constraints, no variables).
    pub fn constant(p: Affine<P>) -> Self {
        Self::new(FpVar::constant(p.x), FpVar::constant(p.y))
    }

    /// The identity `(0, 1)` as a constant.
    pub fn identity() -> Self {
        Self::constant(Affine::<P>::zero())
    }

    /// The constraint system this point belongs to (`None` if constant).
    pub fn cs(&self) -> ConstraintSystemRef<P::BaseField> {
        self.u.cs().or(self.v.cs())
    }

    /// Whether both coordinates are constants.
    pub fn is_constant(&self) -> bool {
        self.u.is_constant() && self.v.is_constant()
    }

    /// The assigned point (not checked to be on the curve).
    pub fn value(&self) -> Result<Affine<P>, SynthesisError> {
        Ok(Affine::new_unchecked(self.u.value()?, self.v.value()?))
    }

    /// Allocates without the on-curve check. Sound only when the caller
    /// constrains the coordinates otherwise.
    pub fn new_variable_omit_on_curve_check<T: Borrow<Affine<P>>>(
        cs: impl Into<Namespace<P::BaseField>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let ns = cs.into();
        let cs = ns.cs();
        let value = f().map(|p| *p.borrow());
        let u = FpVar::new_variable(cs.clone(), || value.map(|p| p.x), mode)?;
        let v = FpVar::new_variable(cs, || value.map(|p| p.y), mode)?;
        Ok(Self::new(u, v))
    }

    /// Enforces `a·u² + v² = 1 + d·u²·v²` (3 constraints).
    pub fn enforce_on_curve(&self) -> Result<(), SynthesisError> {
        let a = P::COEFF_A;
        let d = P::COEFF_D;
        let uu = self.u.square()?;
        let vv = self.v.square()?;
        let lhs = uu.clone() * d;
        let rhs = uu * a + &vv - P::BaseField::one();
        enforce_mul(&lhs, &vv, &rhs)
    }

    /// `−P = (−u, v)`, free.
    pub fn negate(&self) -> Self {
        Self::new(
            self.u.negate().unwrap_or_else(|_| unreachable!()),
            self.v.clone(),
        )
    }

    /// Complete addition, 6 constraints (fewer when an operand is constant):
    /// `A = u1·v2`, `B = v1·u2`, `T = (u1 + v1)·(v2 − a·u2)`, `C = (d·A)·B`,
    /// `(1 + C)·u3 = A + B`, `(1 − C)·v3 = T − A + a·B`.
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        if self.is_constant() && other.is_constant() {
            let p = (self.value()? + other.value()?).into_affine();
            return Ok(Self::constant(p));
        }
        let cs = self.cs().or(other.cs());
        let a = P::COEFF_A;
        let d = P::COEFF_D;
        let (u1, v1, u2, v2) = (&self.u, &self.v, &other.u, &other.v);
        let big_a = u1 * v2;
        let big_b = v1 * u2;
        let t = (u1 + v1) * (v2 - u2.clone() * a);
        let c = (big_a.clone() * d) * &big_b;
        let one = P::BaseField::one();
        let num_u = &big_a + &big_b;
        let den_u = c.clone() + one;
        let num_v = t - &big_a + big_b * a;
        let den_v = c.negate()? + one;
        if cs.is_none() {
            // Unreachable: at least one operand is a variable.
            return Err(SynthesisError::AssignmentMissing);
        }
        let u3 = witness_quotient(&cs, &num_u, &den_u)?;
        enforce_mul(&den_u, &u3, &num_u)?;
        let v3 = witness_quotient(&cs, &num_v, &den_v)?;
        enforce_mul(&den_v, &v3, &num_v)?;
        Ok(Self::new(u3, v3))
    }

    /// `self + q` for a constant `q`, 3 constraints.
    pub fn add_constant(&self, q: &Affine<P>) -> Result<Self, SynthesisError> {
        self.add(&Self::constant(*q))
    }

    /// `self − other`, 6 constraints.
    pub fn sub(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.add(&other.negate())
    }

    /// Doubling, 5 constraints: `T = (u + v)·(v − a·u)`, `A = u·v`,
    /// `C = (d·A)·A`, `(1 + C)·u3 = 2A`, `(1 − C)·v3 = T + (a − 1)·A`.
    pub fn double(&self) -> Result<Self, SynthesisError> {
        if self.is_constant() {
            let p = self.value()?;
            return Ok(Self::constant((p + p).into_affine()));
        }
        let cs = self.cs();
        let a = P::COEFF_A;
        let d = P::COEFF_D;
        let one = P::BaseField::one();
        let t = (&self.u + &self.v) * (self.v.clone() - self.u.clone() * a);
        let big_a = &self.u * &self.v;
        let c = (big_a.clone() * d) * &big_a;
        let num_u = big_a.double()?;
        let den_u = c.clone() + one;
        let num_v = t + big_a * (a - one);
        let den_v = c.negate()? + one;
        let u3 = witness_quotient(&cs, &num_u, &den_u)?;
        enforce_mul(&den_u, &u3, &num_u)?;
        let v3 = witness_quotient(&cs, &num_v, &den_v)?;
        enforce_mul(&den_v, &v3, &num_v)?;
        Ok(Self::new(u3, v3))
    }

    /// `[2^k]P`, 5·k constraints.
    pub fn double_times(&self, k: usize) -> Result<Self, SynthesisError> {
        let mut p = self.clone();
        for _ in 0..k {
            p = p.double()?;
        }
        Ok(p)
    }

    /// Whether this is the identity `(0, 1)`.
    pub fn is_identity(&self) -> Result<Boolean<P::BaseField>, SynthesisError> {
        let zero = FpVar::zero();
        let one = FpVar::one();
        Ok(self.u.is_eq(&zero)? & self.v.is_eq(&one)?)
    }

    /// `[h]P` for the curve's cofactor `h`: doublings when `h` is a power of
    /// two, double-and-add on its constant bits otherwise.
    pub fn mul_by_cofactor(&self) -> Result<Self, SynthesisError> {
        let h = P::COFACTOR;
        let bits: Vec<bool> = (0..64 * h.len())
            .map(|i| (h[i / 64] >> (i % 64)) & 1 == 1)
            .collect();
        let top = bits.iter().rposition(|b| *b).unwrap_or(0);
        let mut acc = self.clone();
        for i in (0..top).rev() {
            acc = acc.double()?;
            if bits[i] {
                acc = acc.add(self)?;
            }
        }
        Ok(acc)
    }

    /// Enforces that `P` is not of small order: `[h]P` has `u ≠ 0`
    /// (5·log₂h + 1 constraints; 16 on Jubjub, as Sapling).
    ///
    /// `[h]P` lies in the prime-order subgroup, where `u = 0` only at the
    /// identity, and `[h]P = O` exactly when `P` has order dividing `h`.
    pub fn enforce_not_small_order(&self) -> Result<(), SynthesisError> {
        let q = self.mul_by_cofactor()?;
        q.u.enforce_not_equal(&FpVar::zero())
    }

    /// Enforces that `P` lies in the prime-order subgroup by exhibiting a
    /// curve point `Q` with `P = [h]Q` (on-curve check, cofactor
    /// multiplication and two equalities: 20 constraints on Jubjub instead
    /// of ~2,000 for `[r]P = O`).
    ///
    /// Sound because `[h]` maps the whole curve group onto the subgroup of
    /// order `r` (the group is the product of that subgroup and a group of
    /// exponent dividing `h`); complete because `Q = [h⁻¹ mod r]P`.
    ///
    /// A constant point is checked natively (no constraints): one outside
    /// the subgroup is a circuit-design error, reported as
    /// `SynthesisError::Unsatisfiable`.
    pub fn enforce_prime_order(&self) -> Result<(), SynthesisError> {
        if self.is_constant() {
            let p = self.value()?;
            return if p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() {
                Ok(())
            } else {
                Err(SynthesisError::Unsatisfiable)
            };
        }
        let cs = self.cs();
        let q = Self::new_witness(cs, || {
            let p = self.value()?;
            Ok((p * P::COFACTOR_INV).into_affine())
        })?;
        q.mul_by_cofactor()?.enforce_equal(self)
    }

    /// Point decompression as the native encodings do it: the point with
    /// v-coordinate `v` whose u-coordinate has low bit `sign` (`repr_J` of
    /// Zcash, arkworks' compressed form). Enforces the curve equation and
    /// the canonical bit decomposition of `u` (the parity needs it).
    ///
    /// A `v` with no matching point, or `u = 0` with `sign = 1`, leaves the
    /// system unsatisfiable (for constant inputs: `Unsatisfiable` error).
    pub fn decompress(
        v: &FpVar<P::BaseField>,
        sign: &Boolean<P::BaseField>,
    ) -> Result<Self, SynthesisError> {
        let solve = || -> Result<(P::BaseField, bool), SynthesisError> {
            let v = v.value()?;
            let s = sign.value()?;
            let v2 = v.square();
            let den = P::COEFF_D * v2 - P::COEFF_A;
            let u2 = (v2 - P::BaseField::one()) * den.inverse().unwrap_or_default();
            let root = u2.sqrt();
            let mut u = root.unwrap_or_default();
            if u.into_bigint().is_odd() != s {
                u = -u;
            }
            let ok = root.is_some() && u.into_bigint().is_odd() == s;
            Ok((u, ok && Affine::<P>::new_unchecked(u, v).is_on_curve()))
        };
        let cs = v.cs().or(sign.cs());
        if cs.is_none() {
            let (u, ok) = solve()?;
            return if ok {
                Ok(Self::new(FpVar::constant(u), v.clone()))
            } else {
                Err(SynthesisError::Unsatisfiable)
            };
        }
        let u = FpVar::new_witness(cs, || solve().map(|(u, _)| u))?;
        let p = Self::new(u, v.clone());
        p.enforce_on_curve()?;
        let bits = p.u.to_bits_le()?;
        bits[0].enforce_equal(sign)?;
        Ok(p)
    }

    /// Variable-base scalar multiplication `[k]P` for `k = Σ bits[i]·2^i`.
    ///
    /// Two-bit windows, most significant first, over the table
    /// `[O, P, 2P, 3P]` (one doubling and one addition to build): each window
    /// costs two doublings, a 2-bit lookup (3 constraints per coordinate)
    /// and one complete addition, 22 constraints per two bits. A constant
    /// base goes to [`EdwardsVar::fixed_base_mul_le`].
    pub fn scalar_mul_le(&self, bits: &[Boolean<P::BaseField>]) -> Result<Self, SynthesisError> {
        if self.is_constant() {
            return Self::fixed_base_mul_le(&self.value()?, bits);
        }
        if bits.is_empty() {
            return Ok(Self::identity());
        }
        let p2 = self.double()?;
        let p3 = p2.add(self)?;
        let table = [Self::identity(), self.clone(), p2, p3];
        let mut padded: Vec<Boolean<P::BaseField>> = bits.to_vec();
        if padded.len() % 2 == 1 {
            padded.push(Boolean::FALSE);
        }
        let mut acc: Option<Self> = None;
        for w in padded.chunks(2).rev() {
            let entry = lookup2(&table, &w[0], &w[1])?;
            acc = Some(match acc {
                None => entry,
                Some(a) => a.double()?.double()?.add(&entry)?,
            });
        }
        Ok(acc.unwrap_or_else(Self::identity))
    }

    /// Fixed-base scalar multiplication `[k]B` for a constant `B` and
    /// `k = Σ bits[i]·2^i`.
    ///
    /// 3-bit windows. When `B` has prime order `r`, all windows but the last
    /// are accumulated on the birationally equivalent Montgomery curve
    /// (lookup 3 + incomplete addition 3 constraints per window) in
    /// segments short enough that no addition meets an exceptional case,
    /// each converted back to Edwards (2); the last window is an Edwards
    /// lookup that also absorbs the constant offset of the Montgomery digits,
    /// and segments are joined by complete additions (6). Otherwise (e.g. a
    /// base with a small-order component) every window is an Edwards lookup
    /// joined by complete additions, Zcash's 3 + 6 per window.
    pub fn fixed_base_mul_le(
        base: &Affine<P>,
        bits: &[Boolean<P::BaseField>],
    ) -> Result<Self, SynthesisError> {
        if bits.iter().all(|b| b.is_constant()) {
            let k: Vec<bool> = bits.iter().map(|b| b.value()).collect::<Result<_, _>>()?;
            return Ok(Self::constant(
                base.mul_bigint(limbs_from_bits_le(&k)).into_affine(),
            ));
        }
        let mut padded: Vec<Boolean<P::BaseField>> = bits.to_vec();
        while padded.len() % 3 != 0 {
            padded.push(Boolean::FALSE);
        }
        let windows: Vec<&[Boolean<P::BaseField>]> = padded.chunks(3).collect();
        let prime_order = !base.is_zero()
            && base.is_on_curve()
            && base.is_in_correct_subgroup_assuming_on_curve();
        if prime_order && windows.len() >= 3 {
            montgomery::fixed_base_mul_windows(base, &windows)
        } else {
            fixed_base_edwards_windows(base, &windows)
        }
    }
}

/// `[8^i · k]B` for the window values `k = 0..8`, then Edwards lookups
/// joined by complete additions (Zcash spec, fixed-base affine-ctEdwards scalar multiplication: 3 + 6 per window).
fn fixed_base_edwards_windows<P: TECurveConfig>(
    base: &Affine<P>,
    windows: &[&[Boolean<P::BaseField>]],
) -> Result<EdwardsVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let mut acc: Option<EdwardsVar<P>> = None;
    let mut window_base: Projective<P> = (*base).into();
    for w in windows {
        let table = window_table(window_base);
        let entry = lookup3_edwards(&table, w)?;
        acc = Some(match acc {
            None => entry,
            Some(a) => a.add(&entry)?,
        });
        for _ in 0..3 {
            window_base.double_in_place();
        }
    }
    Ok(acc.unwrap_or_else(EdwardsVar::identity))
}

/// `[k]B'` for `k = 0..8` in affine form.
fn window_table<P: TECurveConfig>(window_base: Projective<P>) -> [Affine<P>; 8] {
    let mut out = [Affine::<P>::zero(); 8];
    let mut acc = Projective::<P>::zero();
    for entry in out.iter_mut() {
        *entry = acc.into_affine();
        acc += window_base;
    }
    out
}

/// The 8 coefficients of the multilinear polynomial in `(b0, b1, b2)` that
/// takes `table[b0 + 2·b1 + 4·b2]`: `[c0, c_b0, c_b1, c_b0b1]` for
/// `b2 = 0` and the difference polynomial for `b2 = 1`.
pub(crate) fn lookup3_coeffs<F: Field>(t: &[F; 8]) -> ([F; 4], [F; 4]) {
    let lo = [t[0], t[1] - t[0], t[2] - t[0], t[3] - t[2] - t[1] + t[0]];
    let hi = [t[4], t[5] - t[4], t[6] - t[4], t[7] - t[6] - t[5] + t[4]];
    let diff = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], hi[3] - lo[3]];
    (lo, diff)
}

/// `c[0] + c[1]·b0 + c[2]·b1 + c[3]·b0b1`: a linear combination, free.
pub(crate) fn multilinear2<F: PrimeField>(
    c: &[F; 4],
    b0: &Boolean<F>,
    b1: &Boolean<F>,
    b0b1: &Boolean<F>,
) -> FpVar<F> {
    FpVar::constant(c[0])
        + FpVar::from(b0.clone()) * c[1]
        + FpVar::from(b1.clone()) * c[2]
        + FpVar::from(b0b1.clone()) * c[3]
}

/// Selects one of 8 constant field elements by 3 bits, given `b0 ∧ b1`:
/// one constraint (`b2 · diff = out − lo`).
pub(crate) fn lookup3_field<F: PrimeField>(
    t: &[F; 8],
    w: &[Boolean<F>],
    b0b1: &Boolean<F>,
) -> Result<FpVar<F>, SynthesisError> {
    let (lo, diff) = lookup3_coeffs(t);
    let lo = multilinear2(&lo, &w[0], &w[1], b0b1);
    let diff = multilinear2(&diff, &w[0], &w[1], b0b1);
    Ok(lo + FpVar::from(w[2].clone()) * diff)
}

/// A 3-bit lookup of constant Edwards points: `b0 ∧ b1` plus one constraint
/// per coordinate, 3 in all (sapling-crypto's `lookup3_xy`).
fn lookup3_edwards<P: TECurveConfig>(
    table: &[Affine<P>; 8],
    w: &[Boolean<P::BaseField>],
) -> Result<EdwardsVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let b0b1 = w[0].clone() & w[1].clone();
    let us: [P::BaseField; 8] = core::array::from_fn(|i| table[i].x);
    let vs: [P::BaseField; 8] = core::array::from_fn(|i| table[i].y);
    Ok(EdwardsVar::new(
        lookup3_field(&us, w, &b0b1)?,
        lookup3_field(&vs, w, &b0b1)?,
    ))
}

/// Selects `table[b0 + 2·b1]` among four variable points with a mux tree
/// (3 constraints per coordinate).
fn lookup2<P: TECurveConfig>(
    table: &[EdwardsVar<P>; 4],
    b0: &Boolean<P::BaseField>,
    b1: &Boolean<P::BaseField>,
) -> Result<EdwardsVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let lo = EdwardsVar::conditionally_select(b0, &table[1], &table[0])?;
    let hi = EdwardsVar::conditionally_select(b0, &table[3], &table[2])?;
    EdwardsVar::conditionally_select(b1, &hi, &lo)
}

impl<P: TECurveConfig> GR1CSVar<P::BaseField> for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    type Value = Affine<P>;

    fn cs(&self) -> ConstraintSystemRef<P::BaseField> {
        EdwardsVar::cs(self)
    }

    fn value(&self) -> Result<Affine<P>, SynthesisError> {
        EdwardsVar::value(self)
    }
}

impl<P: TECurveConfig> AllocVar<Affine<P>, P::BaseField> for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    /// Constants are taken as they are; witnesses and inputs are checked to
    /// be on the curve (3 constraints).
    fn new_variable<T: Borrow<Affine<P>>>(
        cs: impl Into<Namespace<P::BaseField>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        if mode == AllocationMode::Constant {
            return Ok(Self::constant(*f()?.borrow()));
        }
        let p = Self::new_variable_omit_on_curve_check(cs, f, mode)?;
        p.enforce_on_curve()?;
        Ok(p)
    }
}

impl<P: TECurveConfig> AllocVar<Projective<P>, P::BaseField> for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    fn new_variable<T: Borrow<Projective<P>>>(
        cs: impl Into<Namespace<P::BaseField>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        Self::new_variable(cs, || f().map(|p| p.borrow().into_affine()), mode)
    }
}

impl<P: TECurveConfig> EqGadget<P::BaseField> for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    fn is_eq(&self, other: &Self) -> Result<Boolean<P::BaseField>, SynthesisError> {
        Ok(self.u.is_eq(&other.u)? & self.v.is_eq(&other.v)?)
    }

    fn conditional_enforce_equal(
        &self,
        other: &Self,
        should_enforce: &Boolean<P::BaseField>,
    ) -> Result<(), SynthesisError> {
        self.u.conditional_enforce_equal(&other.u, should_enforce)?;
        self.v.conditional_enforce_equal(&other.v, should_enforce)
    }

    fn conditional_enforce_not_equal(
        &self,
        other: &Self,
        should_enforce: &Boolean<P::BaseField>,
    ) -> Result<(), SynthesisError> {
        self.is_eq(other)?
            .conditional_enforce_equal(&Boolean::FALSE, should_enforce)
    }
}

impl<P: TECurveConfig> CondSelectGadget<P::BaseField> for EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    fn conditionally_select(
        cond: &Boolean<P::BaseField>,
        true_value: &Self,
        false_value: &Self,
    ) -> Result<Self, SynthesisError> {
        Ok(Self::new(
            cond.select(&true_value.u, &false_value.u)?,
            cond.select(&true_value.v, &false_value.v)?,
        ))
    }
}

/// Native helper: `[k]B` for little-endian bits (used by tests and rows).
pub fn native_mul_le<P: TECurveConfig>(base: &Affine<P>, bits: &[bool]) -> Affine<P> {
    base.mul_bigint(limbs_from_bits_le(bits)).into_affine()
}

/// The prime-order generator of `P` (`P::GENERATOR`).
pub fn generator<P: TECurveConfig>() -> Affine<P> {
    Projective::<P>::generator().into_affine()
}

/// The bit length of the scalar field's modulus (the group order `r`).
pub(crate) fn order_bits<P: CurveConfig>() -> usize {
    <P::ScalarField as PrimeField>::MODULUS_BIT_SIZE as usize
}

#[cfg(test)]
mod tests;
