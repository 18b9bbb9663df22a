//! Bit-level building blocks shared by the SHA-2 and Keccak gadgets.
//!
//! Words are little-endian vectors of [`Boolean`]s (`w[i]` has weight `2^i`),
//! so rotations and shifts are re-indexing and cost nothing. Every operation
//! folds constants: a constant operand never allocates a variable, which
//! makes padding blocks, initial values and round constants cheap.
//!
//! Costs (all operands variables): `xor2` 1 constraint, `xor3` 2, `ch` 1,
//! `maj` 2, `and_not` (the Keccak χ term) 1, a modular addition of `k`
//! words of `n` bits `n + ⌈log2 k⌉ + 1` (one booleanity constraint per result
//! and carry bit, one linear packing constraint).

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{
    GR1CSVar,
    alloc::AllocVar,
    boolean::{AllocatedBool, Boolean},
};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

/// A little-endian word of bits.
pub(crate) type Word<F> = Vec<Boolean<F>>;

/// The constraint system of the first non-constant operand (or `None`).
fn cs_of<F: PrimeField>(bits: &[&Boolean<F>]) -> ConstraintSystemRef<F> {
    bits.iter()
        .fold(ConstraintSystemRef::None, |cs, b| cs.or(b.cs()))
}

/// A fresh witness bit whose booleanity the caller's constraint implies.
fn witness<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    f: impl FnOnce() -> Result<bool, SynthesisError>,
) -> Result<Boolean<F>, SynthesisError> {
    Ok(Boolean::Var(
        AllocatedBool::new_witness_without_booleanity_check(cs.clone(), f)?,
    ))
}

fn not<F: PrimeField>(a: &Boolean<F>) -> Result<Boolean<F>, SynthesisError> {
    let mut r = a.clone();
    r.not_in_place()?;
    Ok(r)
}

fn two<F: PrimeField>() -> F {
    F::from(2u64)
}

/// `a ⊕ b`: free if either is constant, else 1 constraint
/// `(2a)·b = a + b − r`.
pub(crate) fn xor2<F: PrimeField>(
    a: &Boolean<F>,
    b: &Boolean<F>,
) -> Result<Boolean<F>, SynthesisError> {
    match (a, b) {
        (Boolean::Constant(k), x) | (x, Boolean::Constant(k)) => {
            if *k {
                not(x)
            } else {
                Ok(x.clone())
            }
        }
        _ => {
            let cs = cs_of(&[a, b]);
            let r = witness(&cs, || Ok(a.value()? ^ b.value()?))?;
            cs.enforce_r1cs_constraint(
                || a.lc() * two::<F>(),
                || b.lc(),
                || a.lc() + b.lc() - r.lc(),
            )?;
            Ok(r)
        }
    }
}

/// `a ⊕ b ⊕ c`: 2 constraints when all are variables (`t = a·b`, then
/// `(2u)·c = u + c − r` with `u = a + b − 2t = a ⊕ b`), fewer with constants.
pub(crate) fn xor3<F: PrimeField>(
    a: &Boolean<F>,
    b: &Boolean<F>,
    c: &Boolean<F>,
) -> Result<Boolean<F>, SynthesisError> {
    match (a, b, c) {
        (Boolean::Constant(_), x, y)
        | (x, Boolean::Constant(_), y)
        | (x, y, Boolean::Constant(_)) => {
            let k = [a, b, c]
                .iter()
                .filter_map(|v| match v {
                    Boolean::Constant(k) => Some(*k),
                    Boolean::Var(_) => None,
                })
                .next()
                .unwrap_or(false);
            let r = xor2(x, y)?;
            if k { not(&r) } else { Ok(r) }
        }
        _ => {
            let cs = cs_of(&[a, b, c]);
            let t = witness(&cs, || Ok(a.value()? & b.value()?))?;
            cs.enforce_r1cs_constraint(|| a.lc(), || b.lc(), || t.lc())?;
            let r = witness(&cs, || Ok(a.value()? ^ b.value()? ^ c.value()?))?;
            let u = || a.lc() + b.lc() - t.lc() * two::<F>();
            cs.enforce_r1cs_constraint(|| u() * two::<F>(), || c.lc(), || u() + c.lc() - r.lc())?;
            Ok(r)
        }
    }
}

/// `a ∧ b`: free with a constant, else 1 constraint.
pub(crate) fn and2<F: PrimeField>(
    a: &Boolean<F>,
    b: &Boolean<F>,
) -> Result<Boolean<F>, SynthesisError> {
    match (a, b) {
        (Boolean::Constant(k), x) | (x, Boolean::Constant(k)) => {
            Ok(if *k { x.clone() } else { Boolean::FALSE })
        }
        _ => {
            let cs = cs_of(&[a, b]);
            let r = witness(&cs, || Ok(a.value()? & b.value()?))?;
            cs.enforce_r1cs_constraint(|| a.lc(), || b.lc(), || r.lc())?;
            Ok(r)
        }
    }
}

/// `a ∨ b`: free with a constant, else 1 constraint `a·b = a + b − r`.
fn or2<F: PrimeField>(a: &Boolean<F>, b: &Boolean<F>) -> Result<Boolean<F>, SynthesisError> {
    match (a, b) {
        (Boolean::Constant(k), x) | (x, Boolean::Constant(k)) => {
            Ok(if *k { Boolean::TRUE } else { x.clone() })
        }
        _ => {
            let cs = cs_of(&[a, b]);
            let r = witness(&cs, || Ok(a.value()? | b.value()?))?;
            cs.enforce_r1cs_constraint(|| a.lc(), || b.lc(), || a.lc() + b.lc() - r.lc())?;
            Ok(r)
        }
    }
}

/// SHA-2 `Ch(e, f, g) = e ? f : g`: 1 constraint `e·(f − g) = r − g`.
pub(crate) fn ch<F: PrimeField>(
    e: &Boolean<F>,
    f: &Boolean<F>,
    g: &Boolean<F>,
) -> Result<Boolean<F>, SynthesisError> {
    match (e, f, g) {
        (Boolean::Constant(true), _, _) => Ok(f.clone()),
        (Boolean::Constant(false), _, _) => Ok(g.clone()),
        (_, Boolean::Constant(x), Boolean::Constant(y)) => match (x, y) {
            (true, true) => Ok(Boolean::TRUE),
            (false, false) => Ok(Boolean::FALSE),
            (true, false) => Ok(e.clone()),
            (false, true) => not(e),
        },
        _ => {
            let cs = cs_of(&[e, f, g]);
            let r = witness(&cs, || Ok(if e.value()? { f.value()? } else { g.value()? }))?;
            cs.enforce_r1cs_constraint(|| e.lc(), || f.lc() - g.lc(), || r.lc() - g.lc())?;
            Ok(r)
        }
    }
}

/// SHA-2 `Maj(a, b, c)`: 2 constraints when all are variables (`t = b·c`,
/// then `(2t − b − c)·a = t − r`), 1 or 0 with constants. One constraint is
/// impossible: the multilinear form `ab + bc + ca − 2abc` is cubic.
pub(crate) fn maj<F: PrimeField>(
    a: &Boolean<F>,
    b: &Boolean<F>,
    c: &Boolean<F>,
) -> Result<Boolean<F>, SynthesisError> {
    match (a, b, c) {
        (Boolean::Constant(k), x, y)
        | (x, Boolean::Constant(k), y)
        | (x, y, Boolean::Constant(k)) => {
            if *k {
                or2(x, y)
            } else {
                and2(x, y)
            }
        }
        _ => {
            let cs = cs_of(&[a, b, c]);
            let t = and2(b, c)?;
            let r = witness(&cs, || {
                let (a, b, c) = (a.value()?, b.value()?, c.value()?);
                Ok((a & b) | (a & c) | (b & c))
            })?;
            cs.enforce_r1cs_constraint(
                || t.lc() * two::<F>() - b.lc() - c.lc(),
                || a.lc(),
                || t.lc() - r.lc(),
            )?;
            Ok(r)
        }
    }
}

/// Keccak χ term `a ⊕ (¬b ∧ c)`: 2 constraints when all are variables
/// (`t = (1 − b)·c`, then `a ⊕ t`).
pub(crate) fn chi<F: PrimeField>(
    a: &Boolean<F>,
    b: &Boolean<F>,
    c: &Boolean<F>,
) -> Result<Boolean<F>, SynthesisError> {
    let t = and2(&not(b)?, c)?;
    xor2(a, &t)
}

/// Rotation right by `n` (free).
pub(crate) fn rotr<F: PrimeField>(x: &[Boolean<F>], n: usize) -> Word<F> {
    let len = x.len();
    (0..len).map(|i| x[(i + n) % len].clone()).collect()
}

/// Logical shift right by `n` (free).
pub(crate) fn shr<F: PrimeField>(x: &[Boolean<F>], n: usize) -> Word<F> {
    let len = x.len();
    (0..len)
        .map(|i| x.get(i + n).cloned().unwrap_or(Boolean::FALSE))
        .collect()
}

/// A three-input bit function (`xor3`, `ch`, `maj`, `chi`).
pub(crate) type BitFn3<F> =
    fn(&Boolean<F>, &Boolean<F>, &Boolean<F>) -> Result<Boolean<F>, SynthesisError>;

/// Bitwise three-input function applied lane by lane.
pub(crate) fn bitwise3<F: PrimeField>(
    x: &[Boolean<F>],
    y: &[Boolean<F>],
    z: &[Boolean<F>],
    f: BitFn3<F>,
) -> Result<Word<F>, SynthesisError> {
    x.iter()
        .zip(y)
        .zip(z)
        .map(|((a, b), c)| f(a, b, c))
        .collect()
}

/// Bitwise XOR of two words.
pub(crate) fn xor_words<F: PrimeField>(
    x: &[Boolean<F>],
    y: &[Boolean<F>],
) -> Result<Word<F>, SynthesisError> {
    x.iter().zip(y).map(|(a, b)| xor2(a, b)).collect()
}

/// The constant word `v` on `n` bits.
pub(crate) fn constant_word<F: PrimeField>(v: u64, n: usize) -> Word<F> {
    (0..n)
        .map(|i| Boolean::Constant((v >> i) & 1 == 1))
        .collect()
}

/// `Σ terms + constant mod 2^n`, `n ≤ 64`.
///
/// The operands are added as field elements (a linear combination, free);
/// the sum is decomposed once into `n` result bits and the few carry bits
/// its maximum needs, each booleanity-constrained, plus one constraint tying
/// the decomposition to the sum. Requires the field to hold the sum without
/// wrapping (checked: `SynthesisError::Unsatisfiable` otherwise).
pub(crate) fn add_mod<F: PrimeField>(
    terms: &[&[Boolean<F>]],
    constant: u64,
    n: usize,
) -> Result<Word<F>, SynthesisError> {
    debug_assert!(n <= 64 && terms.iter().all(|t| t.len() == n));
    let modulus_mask: u128 = (1u128 << n) - 1;
    let mut max: u128 = u128::from(constant);
    let mut cs = ConstraintSystemRef::None;
    let mut pow = Vec::with_capacity(n);
    let mut p = F::ONE;
    for _ in 0..n {
        pow.push(p);
        p.double_in_place();
    }
    let mut lc_terms: Vec<(F, Variable)> = Vec::with_capacity(terms.len() * n + 1);
    let mut known_constant: u128 = u128::from(constant);
    for t in terms {
        for (i, b) in t.iter().enumerate() {
            match b {
                Boolean::Constant(false) => {}
                Boolean::Constant(true) => {
                    max += 1u128 << i;
                    known_constant += 1u128 << i;
                }
                Boolean::Var(v) => {
                    max += 1u128 << i;
                    lc_terms.push((pow[i], v.variable()));
                    cs = cs.or(b.cs());
                }
            }
        }
    }
    if cs.is_none() {
        return Ok(constant_word((known_constant & modulus_mask) as u64, n));
    }
    let carry_bits = (128 - (max >> n).leading_zeros()) as usize;
    if n + carry_bits + 1 >= F::MODULUS_BIT_SIZE as usize {
        return Err(SynthesisError::Unsatisfiable);
    }
    let value = || -> Result<u128, SynthesisError> {
        let mut s = u128::from(constant);
        for t in terms {
            for (i, b) in t.iter().enumerate() {
                s += u128::from(b.value()?) << i;
            }
        }
        Ok(s)
    };
    let sum = if cs.is_in_setup_mode() {
        None
    } else {
        Some(value()?)
    };
    let mut bits = Vec::with_capacity(n + carry_bits);
    for i in 0..n + carry_bits {
        bits.push(Boolean::new_witness(cs.clone(), || {
            sum.map(|s| (s >> i) & 1 == 1)
                .ok_or(SynthesisError::AssignmentMissing)
        })?);
    }
    let mut sum_lc = LinearCombination::from_sum_coeff_vars(&lc_terms);
    if known_constant != 0 {
        sum_lc += (F::from(known_constant), Variable::One);
    }
    let mut p = F::ONE;
    let mut packed_terms = Vec::with_capacity(bits.len());
    for b in &bits {
        if let Boolean::Var(v) = b {
            packed_terms.push((p, v.variable()));
        }
        p.double_in_place();
    }
    let packed = LinearCombination::from_sum_coeff_vars(&packed_terms);
    cs.enforce_r1cs_constraint(|| sum_lc, || Variable::One.into(), || packed)?;
    bits.truncate(n);
    Ok(bits)
}
