//! Native Edwards25519 arithmetic on `BigUint` coordinates, used to compute
//! witness values and constants (variable time: public data and witness
//! generation only).

use alloc::vec::Vec;
use num_bigint::BigUint;

use crate::emulated::{Curve25519Fq, EmulatedModulus};

/// An affine point `(x, y)` with coordinates in `[0, p)`.
pub type Point = (BigUint, BigUint);

/// `p = 2²⁵⁵ − 19`.
pub fn p() -> BigUint {
    Curve25519Fq::modulus()
}

fn big(v: u64) -> BigUint {
    BigUint::from(v)
}

/// `a − b mod p` (both below `p`).
pub fn sub(a: &BigUint, b: &BigUint) -> BigUint {
    let m = p();
    (a + &m - (b % &m)) % &m
}

/// `a⁻¹ mod p` (0 for 0).
pub fn inv(a: &BigUint) -> BigUint {
    let m = p();
    a.modpow(&(&m - 2u8), &m)
}

/// `121665`, `121666`: `d = −121665/121666`.
pub const D_NUM: u64 = 121_665;
/// See [`D_NUM`].
pub const D_DEN: u64 = 121_666;

/// The curve constant `d = −121665/121666 mod p`.
pub fn d() -> BigUint {
    sub(&BigUint::default(), &(big(D_NUM) * inv(&big(D_DEN)) % p()))
}

/// `√−1 = 2^((p−1)/4) mod p`.
pub fn sqrt_m1() -> BigUint {
    let m = p();
    big(2).modpow(&((&m - 1u8) >> 2), &m)
}

/// The identity `(0, 1)`.
pub fn identity() -> Point {
    (BigUint::default(), big(1))
}

/// The base point `B` (y = 4/5, x even).
pub fn base_point() -> Point {
    let y = big(4) * inv(&big(5)) % p();
    let x = recover_x(&y, false).unwrap_or_default();
    (x, y)
}

/// Whether `(x, y)` satisfies `−x² + y² = 1 + d·x²·y²`.
pub fn is_on_curve(pt: &Point) -> bool {
    let m = p();
    let (x2, y2) = (&pt.0 * &pt.0 % &m, &pt.1 * &pt.1 % &m);
    sub(&y2, &x2) == (big(1) + d() * x2 % &m * y2) % &m
}

/// Complete addition.
pub fn add(a: &Point, b: &Point) -> Point {
    let m = p();
    let t = d() * &a.0 % &m * &b.0 % &m * &a.1 % &m * &b.1 % &m;
    let xn = (&a.0 * &b.1 + &a.1 * &b.0) % &m;
    let yn = (&a.1 * &b.1 + &a.0 * &b.0) % &m;
    let x = xn * inv(&((big(1) + &t) % &m)) % &m;
    let y = yn * inv(&sub(&big(1), &t)) % &m;
    (x, y)
}

/// Doubling.
pub fn double(a: &Point) -> Point {
    add(a, a)
}

/// Negation.
pub fn neg(a: &Point) -> Point {
    (sub(&BigUint::default(), &a.0), a.1.clone())
}

/// `[k]P` (double-and-add, variable time).
pub fn mul(k: &BigUint, pt: &Point) -> Point {
    let mut acc = identity();
    for i in (0..k.bits()).rev() {
        acc = double(&acc);
        if k.bit(i) {
            acc = add(&acc, pt);
        }
    }
    acc
}

/// A square root of `u/v` when it exists (`(true, r)` with `v·r² = u`), else
/// `(false, w)` with `v·w² = 2·u` (`2` is a non-square since `p ≡ 5 mod 8`).
/// The root returned is the even one (canonical, bit 0 clear).
pub fn sqrt_ratio(u: &BigUint, v: &BigUint) -> (bool, BigUint) {
    let m = p();
    let vi = inv(v);
    let a = u * &vi % &m;
    let (is_sq, target) = if is_square(&a) {
        (true, a)
    } else {
        (false, big(2) * a % &m)
    };
    let r = sqrt(&target);
    let r = if r.bit(0) {
        sub(&BigUint::default(), &r)
    } else {
        r
    };
    (is_sq, r)
}

/// Euler's criterion (0 counts as a square).
pub fn is_square(a: &BigUint) -> bool {
    let m = p();
    let e = a.modpow(&((&m - 1u8) >> 1), &m);
    e != &m - 1u8
}

/// A square root of a square `a` (Atkin-style for `p ≡ 5 mod 8`).
pub fn sqrt(a: &BigUint) -> BigUint {
    let m = p();
    let r = a.modpow(&((&m + 3u8) >> 3), &m);
    if &r * &r % &m == a % &m {
        r
    } else {
        r * sqrt_m1() % &m
    }
}

/// `x` from `y` and the sign (parity) of `x`, if `(y² − 1)/(d·y² + 1)` is a
/// square; for `x = 0` the sign is ignored (ZIP-215 / dalek behaviour).
pub fn recover_x(y: &BigUint, sign: bool) -> Option<BigUint> {
    let m = p();
    let y2 = y * y % &m;
    let u = sub(&y2, &big(1));
    let v = (d() * &y2 + 1u8) % &m;
    let (ok, r) = sqrt_ratio(&u, &v);
    if !ok {
        return None;
    }
    Some(if sign && r != BigUint::default() {
        sub(&BigUint::default(), &r)
    } else {
        r
    })
}

/// Decodes 32 bytes the way `CompressedEdwardsY::decompress` does (y
/// reduced mod p, bit 255 the sign of x, sign ignored for x = 0).
pub fn decode(bytes: &[u8; 32]) -> Option<Point> {
    let mut yb = *bytes;
    yb[31] &= 0x7f;
    let y = BigUint::from_bytes_le(&yb) % p();
    let x = recover_x(&y, bytes[31] >> 7 == 1)?;
    Some((x, y))
}

/// The 32-byte encoding (canonical y, sign of x in bit 255).
pub fn encode(pt: &Point) -> [u8; 32] {
    let mut out = [0u8; 32];
    let yb = pt.1.to_bytes_le();
    out[..yb.len()].copy_from_slice(&yb);
    if pt.0.bit(0) {
        out[31] |= 0x80;
    }
    out
}

/// `[base, 2·base, …]`: the `n` multiples `j·base` for `j = 0..n`, computed
/// in projective coordinates and normalised with one inversion (Montgomery's
/// batch trick).
pub fn multiples(base: &Point, n: usize) -> Vec<Point> {
    let m = p();
    let d = d();
    let one = big(1);
    // projective (X : Y : Z), add-2008-bbjlp with a = −1 (Z₂ = 1)
    let mut proj: Vec<(BigUint, BigUint, BigUint)> = Vec::with_capacity(n);
    let (mut x, mut y, mut z) = (BigUint::default(), one.clone(), one.clone());
    for _ in 0..n {
        proj.push((x.clone(), y.clone(), z.clone()));
        let a = z.clone();
        let b = &a * &a % &m;
        let c = &x * &base.0 % &m;
        let dd = &y * &base.1 % &m;
        let e = &d * &c % &m * &dd % &m;
        let f = sub(&b, &e);
        let g = (&b + &e) % &m;
        let h = (&x + &y) * (&base.0 + &base.1) % &m;
        let x3 = &a * &f % &m * sub(&sub(&h, &c), &dd) % &m;
        let y3 = &a * &g % &m * ((&dd + &c) % &m) % &m;
        let z3 = &f * &g % &m;
        (x, y, z) = (x3, y3, z3);
    }
    // batch inversion of the Z's (never 0: the law is complete)
    let mut prefix = Vec::with_capacity(n);
    let mut acc = one.clone();
    for (_, _, z) in &proj {
        prefix.push(acc.clone());
        acc = acc * z % &m;
    }
    let mut inv_acc = inv(&acc);
    let mut out = alloc::vec![(BigUint::default(), BigUint::default()); n];
    for (i, (x, y, z)) in proj.iter().enumerate().rev() {
        let zi = &inv_acc * &prefix[i] % &m;
        inv_acc = inv_acc * z % &m;
        out[i] = (x * &zi % &m, y * &zi % &m);
    }
    out
}
