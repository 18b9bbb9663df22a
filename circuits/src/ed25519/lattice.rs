//! The half-size scalar pair of the Ed25519 verifier: for the challenge `k`,
//! integers `(a, b)` with `a ≡ b·k (mod ℓ)`, `b ≠ 0` and `|a|, |b| <
//! 2^HALF_BITS`, found natively (a witness) by Lagrange–Gauss reduction of
//! the lattice `L = {(a, b) : a ≡ b·k (mod ℓ)}`.
//!
//! `L` has basis `(ℓ, 0), (k, 1)` and determinant `ℓ`. Gauss reduction
//! returns a shortest non-zero vector of `L`, whose Euclidean norm is at
//! most `√(2ℓ/√3)` (Hermite's constant in dimension 2: `γ₂² = 4/3`), about
//! `2^126.1`; its `ℓ∞` norm is no larger, so `|a|, |b| < 2¹²⁷` for **every**
//! `k` (no completeness gap). Its `b` is non-zero: a vector `(a, 0)` of `L`
//! has `ℓ | a`, so it is `0` or has norm `≥ ℓ > 2¹²⁷`. With `0 < |b| < ℓ`,
//! `b` is invertible modulo the prime `ℓ`.
//!
//! (An earlier version worked modulo `8ℓ` and required `b` odd; for some
//! `k` — `ℓ − 1`, `⌊ℓ/2⌋`, about `2⁻³²` of uniform `k` — no odd `b` is short,
//! a completeness gap. The torsion part is now handled separately, see
//! [`super::verify`].)

use num_bigint::{BigInt, BigUint, Sign};

use crate::emulated::{Ed25519Fr, EmulatedModulus};

/// Bits of `|a|` and `|b|` (the joint ladder's length).
pub const HALF_BITS: usize = 127;

/// `ℓ`.
pub fn ell() -> BigUint {
    Ed25519Fr::modulus()
}

fn dot(u: &(BigInt, BigInt), v: &(BigInt, BigInt)) -> BigInt {
    &u.0 * &v.0 + &u.1 * &v.1
}

/// `⌊n/d⌉` (nearest integer, ties up) for `d > 0`.
fn round_div(n: &BigInt, d: &BigInt) -> BigInt {
    // ⌊(2n + d) / 2d⌋, with floor division on signed integers
    let num: BigInt = n * 2 + d;
    let den: BigInt = d * 2;
    let q = &num / &den;
    if num.sign() == Sign::Minus && &q * &den != num {
        q - 1
    } else {
        q
    }
}

/// A shortest non-zero `(a, b)` with `a ≡ b·k (mod ℓ)` (Lagrange–Gauss
/// reduction): `b ≠ 0` and `|a|, |b| < 2^HALF_BITS`, for every `k`.
pub fn half_scalars(k: &BigUint) -> (BigInt, BigInt) {
    let mut u = (BigInt::from(ell()), BigInt::from(0u8));
    let mut v = (BigInt::from(k % ell()), BigInt::from(1u8));
    // invariant: u, v is a basis of L
    loop {
        if dot(&u, &u) < dot(&v, &v) {
            core::mem::swap(&mut u, &mut v);
        }
        // now |v| ≤ |u|: size-reduce u against v
        let q = round_div(&dot(&u, &v), &dot(&v, &v));
        if q.sign() == Sign::NoSign {
            break;
        }
        u = (&u.0 - &q * &v.0, &u.1 - &q * &v.1);
        if dot(&u, &u) >= dot(&v, &v) {
            break;
        }
    }
    if dot(&u, &u) < dot(&v, &v) { u } else { v }
}
