//! The half-size scalar pair of the Ed25519 verifier: for the challenge `k`,
//! integers `(a, b)` with `a ≡ b·k (mod 8ℓ)`, `b` odd and `|a|, |b| <
//! 2^HALF_BITS`, found natively (a witness) by the extended Euclidean
//! algorithm on `(8ℓ, k)` (the half-GCD of GLV-style decompositions).
//!
//! Every remainder `rᵢ` of the algorithm satisfies `rᵢ = sᵢ·8ℓ + tᵢ·k`, so
//! `(rᵢ, tᵢ)` lies in the lattice `L = {(a, b) : a ≡ b·k (mod 8ℓ)}` of
//! determinant `8ℓ ≈ 2²⁵⁵`. Around the index where `rᵢ` first drops below
//! `2¹²⁸`, consecutive pairs are a short basis of `L`; the pair returned is
//! the candidate with odd `b` and the smallest `max(|a|, |b|)` among three
//! consecutive pairs and their sums and differences.
//!
//! An odd-`b` candidate always exists: `b mod 2` is a homomorphism
//! `L → Z/2` that is onto (`(k, 1) ∈ L`), so no basis of `L` has both `b`
//! even, and consecutive `tᵢ` are coprime. It need not be *short*: when `L`
//! is skewed (its shortest vector much shorter than `√(8ℓ)` and with even
//! `b`), every odd-`b` vector is long. Then [`half_scalars`] returns `None`
//! and the gadget cannot be satisfied for that `k` (a completeness gap,
//! never a soundness one; its measured rate is in `docs/circuits.md`).

use alloc::vec;
use num_bigint::{BigInt, BigUint, Sign};

use crate::emulated::{Ed25519Order8, EmulatedModulus};

/// Bits of `|a|` and `|b|` (the joint ladder's length).
pub const HALF_BITS: usize = 144;

/// `8ℓ`.
pub fn order8() -> BigUint {
    Ed25519Order8::modulus()
}

fn bits_of(v: &BigInt) -> u64 {
    v.magnitude().bits()
}

/// `(a, b)` with `a ≡ b·k (mod 8ℓ)`, `b` odd and `|a|, |b| < 2^HALF_BITS`,
/// or `None` when this search finds no such pair (see the module docs).
pub fn half_scalars(k: &BigUint) -> Option<(BigInt, BigInt)> {
    let n = BigInt::from(order8());
    let (mut r0, mut r1) = (n.clone(), BigInt::from(k % order8()));
    let (mut t0, mut t1) = (BigInt::from(0u8), BigInt::from(1u8));
    // pairs (r_{i-1}, t_{i-1}), (r_i, t_i), (r_{i+1}, t_{i+1}) around the
    // first r_i < 2^128
    let half = BigInt::from(1u8) << 128u32;
    let mut prev = (r0.clone(), t0.clone());
    while r1 >= half {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        let t2 = &t0 - &q * &t1;
        prev = (r1.clone(), t1.clone());
        (r0, r1) = (r1, r2);
        (t0, t1) = (t1, t2);
    }
    let cur = (r1.clone(), t1.clone());
    let next = if r1.sign() == Sign::NoSign {
        None
    } else {
        let q = &r0 / &r1;
        Some((&r0 - &q * &r1, &t0 - &q * &t1))
    };
    let mut base = vec![prev, cur];
    base.extend(next);
    let mut cands = base.clone();
    for i in 0..base.len() {
        for j in (i + 1)..base.len() {
            let (x, y) = (&base[i], &base[j]);
            cands.push((&x.0 + &y.0, &x.1 + &y.1));
            cands.push((&x.0 - &y.0, &x.1 - &y.1));
        }
    }
    let two = BigInt::from(2u8);
    cands
        .into_iter()
        .filter(|(_, b)| (b % &two).sign() != Sign::NoSign)
        .filter(|(a, b)| bits_of(a) <= HALF_BITS as u64 && bits_of(b) <= HALF_BITS as u64)
        .min_by_key(|(a, b)| bits_of(a).max(bits_of(b)))
}
