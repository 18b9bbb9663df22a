//! Emulated prime-field arithmetic for moduli foreign to the constraint field.
//!
//! An element of `Z/pZ` (`p` below 2²⁵⁶, see [`EmulatedModulus`]) is held as
//! four limbs `x = Σ xᵢ·2⁶⁴ⁱ`, each limb one constraint-field variable with a
//! statically known integer upper bound. The representation is **not
//! canonical**: any integer `x ≡ v (mod p)` whose limbs respect their bounds
//! stands for `v`.
//!
//! * Addition, subtraction, negation and multiplication by a small constant
//!   are linear combinations of limbs (no constraint); bounds grow (lazy
//!   reduction). Subtraction adds a multiple of `p` whose limbs dominate the
//!   subtrahend's bounds, so limbs stay non-negative.
//! * A product check `a·b ≡ c (mod p)` ([`EmFp::enforce_mul_eq`]) proves the
//!   integer identity `a·b + K·p = q·p + c` with a quotient witness `q ≥ 0`
//!   (`K·p` is a constant exceeding `c`'s bound, so `q` needs no sign):
//!   1. the `2·4 − 1 = 7` coefficients of the limb polynomial `a(X)·b(X)` are
//!      witnesses, fixed by evaluating `a(x)·b(x) = w(x)` at `x = 0..6`
//!      (7 constraints; a degree-6 polynomial is determined by 7 points);
//!      with a constant factor the coefficients are linear (0 constraints);
//!   2. `q·p` is linear in `q`'s limbs (`p` is a constant);
//!   3. the coefficient differences `eₖ = (ab)ₖ + (Kp)ₖ − cₖ − (qp)ₖ` are
//!      shown to satisfy `Σ eₖ·2⁶⁴ᵏ = 0` over the integers with a carry
//!      chain: coefficients are grouped (as many as fit below `|F|/2`, two
//!      for 72-bit limbs), and each group plus the incoming carry equals the
//!      outgoing carry times `2^(64·len)`, one constraint per group; the
//!      carries are range-checked with an offset for their sign.
//!
//!   Every quantity is bounded below `|F|/2`, so each equation over `F`
//!   is an equation over the integers.
//! * Range checks are bit decompositions (one boolean constraint per bit;
//!   the limb is the linear combination of its bits, no extra constraint).
//!   A fresh multiplication result costs 256 bits, its quotient about 257
//!   bits and the carries about 3 × 69 bits.
//!
//! Cost of one reduced multiplication of two 4-limb elements (`c = a·b`):
//! ≈ 7 + 256 + 257 + 3·69 + 4 ≈ 730 constraints; measured in
//! `docs/circuits.md` beside `ark-r1cs-std`'s `EmulatedFpVar`.
//!
//! Inputs whose limb bounds exceed 2⁷² are reduced (one fresh element and
//! one congruence check) before they enter a product, which keeps every
//! carry-chain group far below the constraint field's size on BN254 and
//! BLS12-381 alike.

mod params;

pub use params::{Curve25519Fq, Ed25519Fr, Secp256k1Fq, Secp256k1Fr};

use alloc::vec::Vec;
use core::{fmt::Debug, marker::PhantomData};

use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::{BigInt, BigUint, Sign};

/// Bits per limb.
pub const LIMB_BITS: usize = 64;
/// Limbs per element.
pub const NUM_LIMBS: usize = 4;
/// Limb bound above which an operand is reduced before a product.
const LAZY_LIMB_BITS: u64 = 72;

/// A prime modulus below 2²⁵⁶ to emulate.
pub trait EmulatedModulus: 'static + Copy + Debug + Send + Sync {
    /// Human-readable name.
    const NAME: &'static str;
    /// The modulus, little-endian 64-bit words.
    const MODULUS: [u64; 4];
    /// The modulus as an integer.
    fn modulus() -> BigUint {
        from_u64s(&Self::MODULUS)
    }
}

/// Integer from little-endian 64-bit words.
pub fn from_u64s(words: &[u64]) -> BigUint {
    words.iter().rev().fold(BigUint::default(), |acc, w| {
        (acc << 64u32) + BigUint::from(*w)
    })
}

fn pow2(bits: usize) -> BigUint {
    BigUint::from(1u8) << bits
}

fn mask64() -> BigUint {
    pow2(64) - 1u8
}

/// `v` in `n` base-2⁶⁴ limbs; the top limb absorbs whatever is left.
fn to_limbs(v: &BigUint, n: usize) -> Vec<BigUint> {
    let m = mask64();
    (0..n)
        .map(|i| {
            let shifted = v >> (64 * i);
            if i + 1 == n { shifted } else { shifted & &m }
        })
        .collect()
}

fn f_to_big<F: PrimeField>(f: F) -> BigUint {
    BigUint::from_bytes_le(&f.into_bigint().to_bytes_le())
}

fn big_to_f<F: PrimeField>(b: &BigUint) -> F {
    F::from_le_bytes_mod_order(&b.to_bytes_le())
}

fn value_bound(bounds: &[BigUint]) -> BigUint {
    bounds
        .iter()
        .enumerate()
        .fold(BigUint::default(), |acc, (i, b)| acc + (b << (64 * i)))
}

fn cs_of<F: PrimeField>(vars: &[FpVar<F>]) -> ConstraintSystemRef<F> {
    vars.iter()
        .fold(ConstraintSystemRef::None, |acc, v| acc.or(v.cs()))
}

/// Allocates `nbits` boolean witnesses for `value` and returns their weighted
/// sum (a linear combination: `nbits` constraints in all).
pub(crate) fn alloc_bits<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    value: Option<&BigUint>,
    nbits: usize,
) -> Result<(FpVar<F>, Vec<Boolean<F>>), SynthesisError> {
    let mut bits = Vec::with_capacity(nbits);
    let mut acc = FpVar::<F>::zero();
    let mut pow = F::one();
    for i in 0..nbits {
        let b = value.map(|v| v.bit(i as u64));
        let bit = Boolean::new_witness(cs.clone(), || b.ok_or(SynthesisError::AssignmentMissing))?;
        acc += FpVar::from(bit.clone()) * pow;
        bits.push(bit);
        pow.double_in_place();
    }
    Ok((acc, bits))
}

/// Proves `Σ termsₖ·2⁶⁴ᵏ = 0` over the integers, given `−neg[k] ≤ termsₖ ≤
/// pos[k]` as integers, with a grouped carry chain. `vals` are the terms'
/// integer values (None in setup mode).
fn enforce_integer_zero<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    terms: &[FpVar<F>],
    pos: &[BigUint],
    neg: &[BigUint],
    vals: Option<&[BigInt]>,
) -> Result<(), SynthesisError> {
    // Group sums stay below 2^(B−4); the enforced carry range (a power of
    // two, at most twice the needed one) times 2^shift then stays below
    // 2^(B−2), so both sides of each group equation lie in (−|F|/2, |F|/2).
    let limit = pow2(F::MODULUS_BIT_SIZE as usize - 4);
    let side_limit = pow2(F::MODULUS_BIT_SIZE as usize - 2);
    let n = terms.len();
    let mut carry = FpVar::<F>::zero();
    let (mut carry_pos, mut carry_neg) = (BigUint::default(), BigUint::default());
    let mut carry_val = BigInt::default();
    let mut k = 0;
    while k < n {
        let mut s = carry.clone();
        let (mut spos, mut sneg) = (carry_pos.clone(), carry_neg.clone());
        let mut sval = carry_val.clone();
        let mut shift = 0usize;
        while k < n {
            let npos = &spos + (&pos[k] << shift);
            let nneg = &sneg + (&neg[k] << shift);
            let fits = npos < limit && nneg < limit;
            if !fits {
                if shift == 0 {
                    // A single coefficient too large for the field: the
                    // caller's bounds are out of range (a bug, not an input).
                    return Err(SynthesisError::Unsatisfiable);
                }
                break;
            }
            s += &terms[k] * big_to_f::<F>(&pow2(shift));
            spos = npos;
            sneg = nneg;
            if let Some(v) = vals {
                sval += &v[k] << shift;
            }
            shift += 64;
            k += 1;
        }
        if k == n {
            s.enforce_equal(&FpVar::zero())?;
        } else {
            let cp = &spos >> shift;
            let cn = &sneg >> shift;
            let range = &cp + &cn;
            let nbits = range.bits() as usize;
            let t_val = vals.map(|_| {
                let t = (&sval + BigInt::from_biguint(Sign::Plus, &cn << shift)) >> shift;
                t.to_biguint().unwrap_or_default()
            });
            // the range actually enforced: c ∈ [−cn, 2^nbits − 1 − cn]
            let cp = (pow2(nbits) - 1u8) - &cn;
            if (&cp << shift) >= side_limit || (&cn << shift) >= side_limit {
                return Err(SynthesisError::Unsatisfiable);
            }
            let (t, _) = alloc_bits(cs, t_val.as_ref(), nbits)?;
            let c = t - FpVar::constant(big_to_f::<F>(&cn));
            s.enforce_equal(&(&c * big_to_f::<F>(&pow2(shift))))?;
            carry = c;
            carry_val = ((sval + BigInt::from_biguint(Sign::Plus, &cn << shift)) >> shift)
                - BigInt::from_biguint(Sign::Plus, cn.clone());
            carry_pos = cp;
            carry_neg = cn;
        }
    }
    Ok(())
}

/// An element of `Z/pZ` (`p` = `P::modulus()`) in constraint field `F`.
#[derive(Clone, Debug)]
pub struct EmFp<F: PrimeField, P: EmulatedModulus> {
    limbs: Vec<FpVar<F>>,
    bounds: Vec<BigUint>,
    bits: Option<Vec<Boolean<F>>>,
    _modulus: PhantomData<P>,
}

impl<F: PrimeField, P: EmulatedModulus> EmFp<F, P> {
    fn from_parts(limbs: Vec<FpVar<F>>, bounds: Vec<BigUint>) -> Self {
        Self {
            limbs,
            bounds,
            bits: None,
            _modulus: PhantomData,
        }
    }

    /// The constant `v mod p`.
    pub fn constant(v: &BigUint) -> Self {
        let v = v % P::modulus();
        let bounds = to_limbs(&v, NUM_LIMBS);
        let limbs = bounds
            .iter()
            .map(|b| FpVar::constant(big_to_f::<F>(b)))
            .collect();
        Self::from_parts(limbs, bounds)
    }

    /// Zero.
    pub fn zero() -> Self {
        Self::constant(&BigUint::default())
    }

    /// One.
    pub fn one() -> Self {
        Self::constant(&BigUint::from(1u8))
    }

    /// A witness `v mod p` with range-checked 64-bit limbs (256 constraints;
    /// the integer it holds is below 2²⁵⁶ but not necessarily below `p`).
    pub fn new_witness(
        cs: ConstraintSystemRef<F>,
        value: Option<&BigUint>,
    ) -> Result<Self, SynthesisError> {
        let v = value.map(|v| v % P::modulus());
        Self::alloc_integer(&cs, v.as_ref())
    }

    /// A witness holding exactly the integer `v < 2²⁵⁶` (no reduction).
    fn alloc_integer(
        cs: &ConstraintSystemRef<F>,
        v: Option<&BigUint>,
    ) -> Result<Self, SynthesisError> {
        let (_, bits) = alloc_bits(cs, v, 64 * NUM_LIMBS)?;
        Ok(Self::from_bits_le(&bits))
    }

    /// A witness `v mod p` proven canonical (`< p`): 256 + 256 range bits
    /// and a carry chain.
    pub fn new_witness_canonical(
        cs: ConstraintSystemRef<F>,
        value: Option<&BigUint>,
    ) -> Result<Self, SynthesisError> {
        let x = Self::new_witness(cs, value)?;
        x.enforce_canonical()?;
        Ok(x)
    }

    /// The element whose integer is `Σ bitsᵢ·2ⁱ` (little-endian, at most 256
    /// bits; no constraint).
    pub fn from_bits_le(bits: &[Boolean<F>]) -> Self {
        let mut limbs = Vec::with_capacity(NUM_LIMBS);
        let mut bounds = Vec::with_capacity(NUM_LIMBS);
        for chunk in 0..NUM_LIMBS {
            let mut acc = FpVar::<F>::zero();
            let mut pow = F::one();
            let mut width = 0;
            for b in bits.iter().skip(64 * chunk).take(64) {
                acc += FpVar::from(b.clone()) * pow;
                pow.double_in_place();
                width += 1;
            }
            limbs.push(acc);
            bounds.push(pow2(width) - 1u8);
        }
        let mut out = Self::from_parts(limbs, bounds);
        if bits.len() == 64 * NUM_LIMBS {
            out.bits = Some(bits.to_vec());
        }
        out
    }

    /// The constraint system of the limbs.
    pub fn cs(&self) -> ConstraintSystemRef<F> {
        cs_of(&self.limbs)
    }

    /// True when every limb is a constant.
    pub fn is_constant(&self) -> bool {
        self.limbs.iter().all(|l| l.is_constant())
    }

    /// The integer the limbs hold (not reduced), if assigned.
    pub fn integer_value(&self) -> Option<BigUint> {
        let mut acc = BigUint::default();
        for l in self.limbs.iter().rev() {
            acc = (acc << 64u32) + f_to_big(l.value().ok()?);
        }
        Some(acc)
    }

    /// The element's value in `[0, p)`, if assigned.
    pub fn value(&self) -> Option<BigUint> {
        self.integer_value().map(|v| v % P::modulus())
    }

    fn limb(&self, i: usize) -> (FpVar<F>, BigUint) {
        match self.limbs.get(i) {
            Some(l) => (l.clone(), self.bounds[i].clone()),
            None => (FpVar::zero(), BigUint::default()),
        }
    }

    /// `self + other` (no constraint).
    pub fn add(&self, other: &Self) -> Self {
        let n = self.limbs.len().max(other.limbs.len());
        let (mut limbs, mut bounds) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let (a, ab) = self.limb(i);
            let (b, bb) = other.limb(i);
            limbs.push(a + b);
            bounds.push(ab + bb);
        }
        Self::from_parts(limbs, bounds)
    }

    /// `k·self` for a small constant `k` (no constraint).
    pub fn mul_small(&self, k: u64) -> Self {
        let kf = F::from(k);
        Self::from_parts(
            self.limbs.iter().map(|l| l * kf).collect(),
            self.bounds.iter().map(|b| b * k).collect(),
        )
    }

    /// `self − other` (no constraint): adds a multiple of `p` whose limbs
    /// dominate `other`'s limb bounds.
    pub fn sub(&self, other: &Self) -> Self {
        let p = P::modulus();
        let s = value_bound(&other.bounds);
        let m = (&s / &p + 1u8) * &p;
        let d = to_limbs(&(m - &s), other.limbs.len());
        let n = self.limbs.len().max(other.limbs.len());
        let (mut limbs, mut bounds) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let (a, ab) = self.limb(i);
            let (b, bb) = other.limb(i);
            let mi = d.get(i).map_or_else(BigUint::default, |di| &bb + di);
            limbs.push(a - b + FpVar::constant(big_to_f::<F>(&mi)));
            bounds.push(ab + mi);
        }
        Self::from_parts(limbs, bounds)
    }

    /// `−self` (no constraint).
    pub fn neg(&self) -> Self {
        Self::zero().sub(self)
    }

    fn needs_reduction(&self) -> bool {
        self.limbs.len() > NUM_LIMBS || self.bounds.iter().any(|b| b.bits() > LAZY_LIMB_BITS)
    }

    /// A fresh element congruent to `self` (range-checked limbs).
    pub fn reduce(&self) -> Result<Self, SynthesisError> {
        if self.is_constant() {
            return Ok(Self::constant(&self.value().unwrap_or_default()));
        }
        let r = Self::new_witness(self.cs(), self.value().as_ref())?;
        Self::enforce_mul_eq(self, &Self::one(), &r)?;
        Ok(r)
    }

    fn bounded(&self) -> Result<Self, SynthesisError> {
        if self.needs_reduction() {
            self.reduce()
        } else {
            Ok(self.clone())
        }
    }

    /// `self·other mod p` as a fresh element.
    pub fn mul(&self, other: &Self) -> Result<Self, SynthesisError> {
        let value = match (self.value(), other.value()) {
            (Some(a), Some(b)) => Some(a * b % P::modulus()),
            _ => None,
        };
        if self.is_constant() && other.is_constant() {
            return Ok(Self::constant(&value.unwrap_or_default()));
        }
        let cs = self.cs().or(other.cs());
        let r = Self::new_witness(cs, value.as_ref())?;
        Self::enforce_mul_eq(self, other, &r)?;
        Ok(r)
    }

    /// `self²`.
    pub fn square(&self) -> Result<Self, SynthesisError> {
        self.mul(self)
    }

    /// `self⁻¹` (unsatisfiable if `self ≡ 0`).
    pub fn inverse(&self) -> Result<Self, SynthesisError> {
        let p = P::modulus();
        let value = self.value().map(|v| v.modpow(&(&p - 2u8), &p));
        if self.is_constant() {
            return Ok(Self::constant(&value.unwrap_or_default()));
        }
        let inv = Self::new_witness(self.cs(), value.as_ref())?;
        Self::enforce_mul_eq(self, &inv, &Self::one())?;
        Ok(inv)
    }

    /// Enforces `self ≢ 0 (mod p)`.
    pub fn enforce_nonzero(&self) -> Result<(), SynthesisError> {
        self.inverse().map(|_| ())
    }

    /// Enforces `self ≡ other (mod p)`.
    pub fn enforce_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        Self::enforce_mul_eq(self, &Self::one(), other)
    }

    /// Enforces `a·b ≡ c (mod p)` (see the module docs for the method).
    pub fn enforce_mul_eq(a: &Self, b: &Self, c: &Self) -> Result<(), SynthesisError> {
        let a = a.bounded()?;
        let b = b.bounded()?;
        let c = c.bounded()?;
        let cs = a.cs().or(b.cs()).or(c.cs());
        let p = P::modulus();
        let p_limbs = to_limbs(&p, NUM_LIMBS);
        let (na, nb) = (a.limbs.len(), b.limbs.len());
        let ncoef = na + nb - 1;
        let setup = cs.is_in_setup_mode();
        let av: Option<Vec<BigUint>> = (!setup)
            .then(|| {
                a.limbs
                    .iter()
                    .map(|l| l.value().ok().map(f_to_big))
                    .collect()
            })
            .flatten();
        let bv: Option<Vec<BigUint>> = (!setup)
            .then(|| {
                b.limbs
                    .iter()
                    .map(|l| l.value().ok().map(f_to_big))
                    .collect()
            })
            .flatten();
        let cv: Option<Vec<BigUint>> = (!setup)
            .then(|| {
                c.limbs
                    .iter()
                    .map(|l| l.value().ok().map(f_to_big))
                    .collect()
            })
            .flatten();

        // 1. product coefficients
        let mut prod_bounds = alloc::vec![BigUint::default(); ncoef];
        let mut prod_vals: Option<Vec<BigUint>> = None;
        if let (Some(av), Some(bv)) = (&av, &bv) {
            let mut pv = alloc::vec![BigUint::default(); ncoef];
            for i in 0..na {
                for j in 0..nb {
                    pv[i + j] += &av[i] * &bv[j];
                }
            }
            prod_vals = Some(pv);
        }
        for i in 0..na {
            for j in 0..nb {
                prod_bounds[i + j] += &a.bounds[i] * &b.bounds[j];
            }
        }
        let prod: Vec<FpVar<F>> = if a.is_constant() || b.is_constant() {
            let mut coefs = alloc::vec![FpVar::<F>::zero(); ncoef];
            for i in 0..na {
                for j in 0..nb {
                    coefs[i + j] += &a.limbs[i] * &b.limbs[j];
                }
            }
            coefs
        } else {
            let mut w = Vec::with_capacity(ncoef);
            for k in 0..ncoef {
                let v = prod_vals.as_ref().map(|pv| big_to_f::<F>(&pv[k]));
                w.push(FpVar::new_witness(cs.clone(), || {
                    v.ok_or(SynthesisError::AssignmentMissing)
                })?);
            }
            for x in 0..ncoef as u64 {
                let xf = F::from(x);
                let eval = |vars: &[FpVar<F>]| {
                    let mut acc = FpVar::<F>::zero();
                    let mut pow = F::one();
                    for v in vars {
                        acc += v * pow;
                        pow *= xf;
                    }
                    acc
                };
                eval(&a.limbs).mul_equals(&eval(&b.limbs), &eval(&w))?;
            }
            w
        };

        // 2. quotient
        let cmax = value_bound(&c.bounds);
        let kp = (&cmax / &p + 1u8) * &p;
        let qmax = (value_bound(&a.bounds) * value_bound(&b.bounds) + &kp) / &p;
        let qbits = (qmax.bits() as usize).max(1);
        let nq = qbits.div_ceil(64);
        let q_val = match (a.integer_value(), b.integer_value(), c.integer_value()) {
            (Some(x), Some(y), Some(z)) if !setup => Some((x * y + &kp - z) / &p),
            _ => None,
        };
        let mut q_limbs = Vec::with_capacity(nq);
        let mut q_bounds = Vec::with_capacity(nq);
        let q_parts = q_val.as_ref().map(|q| to_limbs(q, nq));
        for i in 0..nq {
            let w = if i + 1 == nq {
                qbits - 64 * (nq - 1)
            } else {
                64
            };
            let v = q_parts.as_ref().map(|qp| &qp[i] & (pow2(w) - 1u8));
            let (l, _) = alloc_bits(&cs, v.as_ref(), w)?;
            q_limbs.push(l);
            q_bounds.push(pow2(w) - 1u8);
        }
        let q_vals = q_parts;

        // 3. e_k = (ab)_k + (Kp)_k − c_k − (qp)_k, then the carry chain
        let kp_words = (kp.bits() as usize).div_ceil(64);
        let kp_limbs = to_limbs(&kp, kp_words);
        let ne = ncoef
            .max(nq + NUM_LIMBS - 1)
            .max(c.limbs.len())
            .max(kp_words);
        let mut terms = Vec::with_capacity(ne);
        let mut pos = Vec::with_capacity(ne);
        let mut neg = Vec::with_capacity(ne);
        let have_vals = prod_vals.is_some() && cv.is_some() && q_vals.is_some();
        let mut vals = Vec::with_capacity(ne);
        for k in 0..ne {
            let mut t = FpVar::<F>::zero();
            let mut pk = BigUint::default();
            let mut nk = BigUint::default();
            let mut vk = BigInt::default();
            if k < ncoef {
                t += &prod[k];
                pk += &prod_bounds[k];
                if let Some(pv) = &prod_vals {
                    vk += BigInt::from(pv[k].clone());
                }
            }
            if k < kp_words {
                t += FpVar::constant(big_to_f::<F>(&kp_limbs[k]));
                pk += &kp_limbs[k];
                vk += BigInt::from(kp_limbs[k].clone());
            }
            if k < c.limbs.len() {
                t -= &c.limbs[k];
                nk += &c.bounds[k];
                if let Some(cv) = &cv {
                    vk -= BigInt::from(cv[k].clone());
                }
            }
            for (i, ql) in q_limbs.iter().enumerate() {
                if k >= i && k - i < NUM_LIMBS {
                    let pj = &p_limbs[k - i];
                    t -= ql * big_to_f::<F>(pj);
                    nk += &q_bounds[i] * pj;
                    if let Some(qv) = &q_vals {
                        vk -= BigInt::from(&qv[i] * pj);
                    }
                }
            }
            terms.push(t);
            pos.push(pk);
            neg.push(nk);
            vals.push(vk);
        }
        enforce_integer_zero(&cs, &terms, &pos, &neg, have_vals.then_some(&vals[..]))
    }

    /// Enforces that the integer held is below `p` (the canonical
    /// representative), after reducing if the limbs are not fresh.
    pub fn enforce_canonical(&self) -> Result<Self, SynthesisError> {
        let x = if self.bits.is_some() {
            self.clone()
        } else {
            self.reduce()?
        };
        if x.is_constant() {
            return Ok(x);
        }
        let cs = x.cs();
        let pm1 = P::modulus() - 1u8;
        let d_val = x.integer_value().map(|v| {
            if v <= pm1 {
                &pm1 - v
            } else {
                BigUint::default()
            }
        });
        let d = Self::alloc_integer(&cs, d_val.as_ref())?;
        let pm1_limbs = to_limbs(&pm1, NUM_LIMBS);
        let mut terms = Vec::with_capacity(NUM_LIMBS);
        let mut pos = Vec::with_capacity(NUM_LIMBS);
        let mut neg = Vec::with_capacity(NUM_LIMBS);
        let mut vals = Vec::with_capacity(NUM_LIMBS);
        let xv = x.integer_value();
        for k in 0..NUM_LIMBS {
            terms.push(&x.limbs[k] + &d.limbs[k] - FpVar::constant(big_to_f::<F>(&pm1_limbs[k])));
            pos.push(&x.bounds[k] + &d.bounds[k]);
            neg.push(pm1_limbs[k].clone());
            if let (Some(xv), Some(dv)) = (&xv, &d_val) {
                let xl = to_limbs(xv, NUM_LIMBS);
                let dl = to_limbs(dv, NUM_LIMBS);
                vals.push(
                    BigInt::from(xl[k].clone()) + BigInt::from(dl[k].clone())
                        - BigInt::from(pm1_limbs[k].clone()),
                );
            }
        }
        let have = vals.len() == NUM_LIMBS && !cs.is_in_setup_mode();
        enforce_integer_zero(&cs, &terms, &pos, &neg, have.then_some(&vals[..]))?;
        Ok(x)
    }

    /// 256 little-endian bits of an integer congruent to `self` (reducing
    /// first unless the limbs are fresh). Not canonical unless
    /// [`Self::enforce_canonical`] was applied.
    pub fn to_bits_le(&self) -> Result<Vec<Boolean<F>>, SynthesisError> {
        if let Some(b) = &self.bits {
            return Ok(b.clone());
        }
        if self.is_constant() {
            let v = self.value().unwrap_or_default();
            return Ok((0..64 * NUM_LIMBS)
                .map(|i| Boolean::constant(v.bit(i as u64)))
                .collect());
        }
        let r = self.reduce()?;
        Ok(r.bits.unwrap_or_default())
    }

    /// `cond ? t : f` limb-wise (one constraint per non-constant limb pair).
    pub fn select(cond: &Boolean<F>, t: &Self, f: &Self) -> Result<Self, SynthesisError> {
        let n = t.limbs.len().max(f.limbs.len());
        let (mut limbs, mut bounds) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let (a, ab) = t.limb(i);
            let (b, bb) = f.limb(i);
            limbs.push(FpVar::conditionally_select(cond, &a, &b)?);
            bounds.push(ab.max(bb));
        }
        Ok(Self::from_parts(limbs, bounds))
    }

    /// Reinterprets the integer held as an element of another modulus `Q`
    /// (same limbs; the integer is the same, its residue changes).
    pub fn reinterpret<Q: EmulatedModulus>(&self) -> EmFp<F, Q> {
        EmFp {
            limbs: self.limbs.clone(),
            bounds: self.bounds.clone(),
            bits: self.bits.clone(),
            _modulus: PhantomData,
        }
    }
}

/// One side of [`EmFp::enforce_products_eq`]: summed limb-product
/// coefficients, their bounds and values, and the bound of the integer sum.
type SideSum<F> = (Vec<FpVar<F>>, Vec<BigUint>, Option<Vec<BigInt>>, BigUint);

/// One product `a·b` of [`EmFp::enforce_products_eq`].
pub type Product<'a, F, P> = (&'a EmFp<F, P>, &'a EmFp<F, P>);

/// Operands whose limb bounds exceed this many bits are reduced before they
/// enter [`EmFp::enforce_products_eq`] (wider than the single-product limit
/// so that a fresh element times a small constant, e.g. `121666·y`, needs no
/// reduction).
const SUM_LAZY_LIMB_BITS: u64 = 84;

impl<F: PrimeField, P: EmulatedModulus> EmFp<F, P> {
    fn limb_values(&self) -> Option<Vec<BigUint>> {
        if self.cs().is_in_setup_mode() {
            return None;
        }
        self.limbs
            .iter()
            .map(|l| l.value().ok().map(f_to_big))
            .collect()
    }

    fn bounded_wide(&self) -> Result<Self, SynthesisError> {
        if self.limbs.len() > NUM_LIMBS || self.bounds.iter().any(|b| b.bits() > SUM_LAZY_LIMB_BITS)
        {
            self.reduce()
        } else {
            Ok(self.clone())
        }
    }

    /// Limb-polynomial coefficients of `a·b`: witnesses fixed by evaluation
    /// at `0..=6` (7 constraints), or linear when a factor is constant.
    /// Returns the coefficient variables, their bounds and values.
    #[allow(clippy::type_complexity)]
    fn product_coefficients(
        cs: &ConstraintSystemRef<F>,
        a: &Self,
        b: &Self,
    ) -> Result<(Vec<FpVar<F>>, Vec<BigUint>, Option<Vec<BigUint>>), SynthesisError> {
        let (na, nb) = (a.limbs.len(), b.limbs.len());
        let ncoef = na + nb - 1;
        let mut bounds = alloc::vec![BigUint::default(); ncoef];
        for i in 0..na {
            for j in 0..nb {
                bounds[i + j] += &a.bounds[i] * &b.bounds[j];
            }
        }
        let vals = match (a.limb_values(), b.limb_values()) {
            (Some(av), Some(bv)) => {
                let mut pv = alloc::vec![BigUint::default(); ncoef];
                for i in 0..na {
                    for j in 0..nb {
                        pv[i + j] += &av[i] * &bv[j];
                    }
                }
                Some(pv)
            }
            _ => None,
        };
        if a.is_constant() || b.is_constant() {
            let mut coefs = alloc::vec![FpVar::<F>::zero(); ncoef];
            for i in 0..na {
                for j in 0..nb {
                    coefs[i + j] += &a.limbs[i] * &b.limbs[j];
                }
            }
            return Ok((coefs, bounds, vals));
        }
        let mut w = Vec::with_capacity(ncoef);
        for k in 0..ncoef {
            let v = vals.as_ref().map(|pv| big_to_f::<F>(&pv[k]));
            w.push(FpVar::new_witness(cs.clone(), || {
                v.ok_or(SynthesisError::AssignmentMissing)
            })?);
        }
        for x in 0..ncoef as u64 {
            let xf = F::from(x);
            let eval = |vars: &[FpVar<F>]| {
                let mut acc = FpVar::<F>::zero();
                let mut pow = F::one();
                for v in vars {
                    acc += v * pow;
                    pow *= xf;
                }
                acc
            };
            eval(&a.limbs).mul_equals(&eval(&b.limbs), &eval(&w))?;
        }
        Ok((w, bounds, vals))
    }

    /// Enforces `Σ lhs aᵢ·bᵢ ≡ Σ rhs aⱼ·bⱼ (mod p)` with **one** quotient
    /// and one carry chain (lazy reduction: a sum of products costs about
    /// one product check plus 7 constraints per extra non-constant
    /// product). A linear term `c` is the product `(c, 1)` (free: a constant
    /// factor makes the coefficients linear).
    ///
    /// The integer identity proven is `Σ lhs + K·p = Σ rhs + q·p` with
    /// `K·p` a constant above the bound of `Σ rhs` and a range-checked
    /// quotient `q ≥ 0`.
    pub fn enforce_products_eq(
        lhs: &[Product<'_, F, P>],
        rhs: &[Product<'_, F, P>],
    ) -> Result<(), SynthesisError> {
        let mut cs = ConstraintSystemRef::None;
        for (a, b) in lhs.iter().chain(rhs) {
            cs = cs.or(a.cs()).or(b.cs());
        }
        let p = P::modulus();
        let p_limbs = to_limbs(&p, NUM_LIMBS);
        // (coefficients, bounds, values, integer-value bound) per side
        let mut sides: Vec<SideSum<F>> = Vec::with_capacity(2);
        let mut int_vals: [Option<BigUint>; 2] =
            [Some(BigUint::default()), Some(BigUint::default())];
        for (s, side) in [lhs, rhs].into_iter().enumerate() {
            let mut coefs: Vec<FpVar<F>> = Vec::new();
            let mut bounds: Vec<BigUint> = Vec::new();
            let mut vals: Option<Vec<BigInt>> = Some(Vec::new());
            let mut vbound = BigUint::default();
            for (a, b) in side {
                let a = a.bounded_wide()?;
                let b = b.bounded_wide()?;
                vbound += value_bound(&a.bounds) * value_bound(&b.bounds);
                int_vals[s] = match (&int_vals[s], a.integer_value(), b.integer_value()) {
                    (Some(acc), Some(x), Some(y)) if !cs.is_in_setup_mode() => Some(acc + x * y),
                    _ => None,
                };
                let (c, bd, v) = Self::product_coefficients(&cs, &a, &b)?;
                if coefs.len() < c.len() {
                    coefs.resize(c.len(), FpVar::zero());
                    bounds.resize(c.len(), BigUint::default());
                    if let Some(vs) = vals.as_mut() {
                        vs.resize(c.len(), BigInt::default());
                    }
                }
                for k in 0..c.len() {
                    coefs[k] += &c[k];
                    bounds[k] += &bd[k];
                }
                vals = match (vals, v) {
                    (Some(mut vs), Some(v)) => {
                        for (k, vk) in v.into_iter().enumerate() {
                            vs[k] += BigInt::from(vk);
                        }
                        Some(vs)
                    }
                    _ => None,
                };
            }
            sides.push((coefs, bounds, vals, vbound));
        }
        let (rhs_side, lhs_side) = match (sides.pop(), sides.pop()) {
            (Some(r), Some(l)) => (r, l),
            _ => return Err(SynthesisError::Unsatisfiable),
        };
        let kp = (&rhs_side.3 / &p + 1u8) * &p;
        let qmax = (&lhs_side.3 + &kp) / &p;
        let qbits = (qmax.bits() as usize).max(1);
        let nq = qbits.div_ceil(64);
        let q_val = match (&int_vals[0], &int_vals[1]) {
            (Some(l), Some(r)) => Some((l + &kp - r) / &p),
            _ => None,
        };
        let q_parts = q_val.as_ref().map(|q| to_limbs(q, nq));
        let mut q_limbs = Vec::with_capacity(nq);
        let mut q_bounds = Vec::with_capacity(nq);
        for i in 0..nq {
            let w = if i + 1 == nq {
                qbits - 64 * (nq - 1)
            } else {
                64
            };
            let v = q_parts.as_ref().map(|qp| &qp[i] & (pow2(w) - 1u8));
            let (l, _) = alloc_bits(&cs, v.as_ref(), w)?;
            q_limbs.push(l);
            q_bounds.push(pow2(w) - 1u8);
        }
        let kp_words = (kp.bits() as usize).div_ceil(64);
        let kp_limbs = to_limbs(&kp, kp_words);
        let ne = lhs_side
            .0
            .len()
            .max(rhs_side.0.len())
            .max(nq + NUM_LIMBS - 1)
            .max(kp_words);
        let have_vals = lhs_side.2.is_some() && rhs_side.2.is_some() && q_parts.is_some();
        let (mut terms, mut pos, mut neg, mut vals) = (
            Vec::with_capacity(ne),
            Vec::with_capacity(ne),
            Vec::with_capacity(ne),
            Vec::with_capacity(ne),
        );
        for k in 0..ne {
            let mut t = FpVar::<F>::zero();
            let mut pk = BigUint::default();
            let mut nk = BigUint::default();
            let mut vk = BigInt::default();
            if k < lhs_side.0.len() {
                t += &lhs_side.0[k];
                pk += &lhs_side.1[k];
                if let Some(v) = &lhs_side.2 {
                    vk += &v[k];
                }
            }
            if k < kp_words {
                t += FpVar::constant(big_to_f::<F>(&kp_limbs[k]));
                pk += &kp_limbs[k];
                vk += BigInt::from(kp_limbs[k].clone());
            }
            if k < rhs_side.0.len() {
                t -= &rhs_side.0[k];
                nk += &rhs_side.1[k];
                if let Some(v) = &rhs_side.2 {
                    vk -= &v[k];
                }
            }
            for (i, ql) in q_limbs.iter().enumerate() {
                if k >= i && k - i < NUM_LIMBS {
                    let pj = &p_limbs[k - i];
                    t -= ql * big_to_f::<F>(pj);
                    nk += &q_bounds[i] * pj;
                    if let Some(qp) = &q_parts {
                        vk -= BigInt::from(&qp[i] * pj);
                    }
                }
            }
            terms.push(t);
            pos.push(pk);
            neg.push(nk);
            vals.push(vk);
        }
        enforce_integer_zero(&cs, &terms, &pos, &neg, have_vals.then_some(&vals[..]))
    }

    /// `entries[Σ bitsᵢ·2ⁱ]` for a table of constants (`entries.len() ==
    /// 2^bits.len()`): the `2^k` selector products of the bits cost about
    /// `2^k − k − 1` constraints, after which every limb is a linear
    /// combination (bounded by the largest entry's limb, not the sum).
    pub fn select_constant_table(
        bits: &[Boolean<F>],
        entries: &[BigUint],
    ) -> Result<Self, SynthesisError> {
        if entries.len() != 1 << bits.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let sel = selectors(bits)?;
        Self::from_constant_table(&sel, entries)
    }

    /// `Σ selⱼ·entriesⱼ` for indicator variables `sel` (exactly one is 1, as
    /// returned by [`selectors`]; not checked here) and constant entries: no
    /// constraint. Sharing one set of selectors across several tables (the
    /// coordinates of a point) pays for them once.
    pub fn from_constant_table(
        sel: &[FpVar<F>],
        entries: &[BigUint],
    ) -> Result<Self, SynthesisError> {
        if sel.len() != entries.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let reduced: Vec<Vec<BigUint>> = entries
            .iter()
            .map(|e| to_limbs(&(e % P::modulus()), NUM_LIMBS))
            .collect();
        let mut limbs = Vec::with_capacity(NUM_LIMBS);
        let mut bounds = Vec::with_capacity(NUM_LIMBS);
        for i in 0..NUM_LIMBS {
            let mut acc = FpVar::<F>::zero();
            let mut bound = BigUint::default();
            for (s, e) in sel.iter().zip(&reduced) {
                // limbs below 2⁶⁴ convert without a big-integer reduction
                let c = u64::try_from(&e[i]).map_or_else(|_| big_to_f::<F>(&e[i]), F::from);
                acc += s * c;
                if e[i] > bound {
                    bound = e[i].clone();
                }
            }
            limbs.push(acc);
            bounds.push(bound);
        }
        Ok(Self::from_parts(limbs, bounds))
    }
}

/// The `2^k` indicator variables `[Σ bitsᵢ·2ⁱ = j]` (exactly one is 1).
pub fn selectors<F: PrimeField>(bits: &[Boolean<F>]) -> Result<Vec<FpVar<F>>, SynthesisError> {
    let mut layer: Vec<FpVar<F>> = alloc::vec![FpVar::one()];
    for b in bits {
        let bf = FpVar::from(b.clone());
        let mut next = alloc::vec![FpVar::<F>::zero(); layer.len() * 2];
        for (j, e) in layer.iter().enumerate() {
            let on = if e.is_constant() { &bf * e } else { e * &bf };
            next[j] = e - &on;
            next[j + layer.len()] = on;
        }
        layer = next;
    }
    Ok(layer)
}
