//! Plain (variable-time, `BigUint`) secp256k1 affine arithmetic used to
//! compute witnesses and the circuit's constant points. Public data only.

use alloc::vec::Vec;
use num_bigint::BigUint;

use crate::emulated::{EmulatedModulus, Secp256k1Fq, Secp256k1Fr};

/// An affine point; `None` is the point at infinity.
pub type Point = Option<(BigUint, BigUint)>;

/// The base-field modulus `p`.
pub fn p() -> BigUint {
    Secp256k1Fq::modulus()
}

/// The group order `n`.
pub fn n() -> BigUint {
    Secp256k1Fr::modulus()
}

fn hex(s: &str) -> BigUint {
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap_or_default()
}

/// The generator `G`.
pub fn generator() -> (BigUint, BigUint) {
    (
        hex("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"),
        hex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"),
    )
}

/// `a⁻¹ mod m` for prime `m` (0 for 0).
pub fn inv(a: &BigUint, m: &BigUint) -> BigUint {
    a.modpow(&(m - 2u8), m)
}

fn sub(a: &BigUint, b: &BigUint, m: &BigUint) -> BigUint {
    ((a % m) + m - (b % m)) % m
}

/// `-P`.
pub fn neg(a: &Point) -> Point {
    a.as_ref()
        .map(|(x, y)| (x.clone(), sub(&BigUint::default(), y, &p())))
}

/// `P + Q` (complete).
pub fn add(a: &Point, b: &Point) -> Point {
    let m = p();
    match (a, b) {
        (None, _) => b.clone(),
        (_, None) => a.clone(),
        (Some((x1, y1)), Some((x2, y2))) => {
            if x1 == x2 {
                if (y1 + y2) % &m == BigUint::default() {
                    return None;
                }
                return double(a);
            }
            let lam = sub(y2, y1, &m) * inv(&sub(x2, x1, &m), &m) % &m;
            let x3 = sub(&sub(&(&lam * &lam), x1, &m), x2, &m);
            let y3 = sub(&(&lam * sub(x1, &x3, &m)), y1, &m);
            Some((x3, y3))
        }
    }
}

/// `2P`.
pub fn double(a: &Point) -> Point {
    let m = p();
    let (x, y) = a.as_ref()?;
    if *y == BigUint::default() {
        return None;
    }
    let lam = (x * x * 3u8) % &m * inv(&(y * 2u8 % &m), &m) % &m;
    let x3 = sub(&(&lam * &lam), &(x * 2u8), &m);
    let y3 = sub(&(&lam * sub(x, &x3, &m)), y, &m);
    Some((x3, y3))
}

/// `k·P` (double-and-add).
pub fn mul(k: &BigUint, a: &Point) -> Point {
    let mut acc: Point = None;
    for i in (0..k.bits()).rev() {
        acc = double(&acc);
        if k.bit(i) {
            acc = add(&acc, a);
        }
    }
    acc
}

/// The point with x-coordinate `x` and even `y`, if any.
pub fn lift_x(x: &BigUint) -> Point {
    let m = p();
    if *x >= m {
        return None;
    }
    let rhs = (x * x % &m * x + 7u8) % &m;
    let y = rhs.modpow(&((&m + 1u8) >> 2u32), &m);
    if &y * &y % &m != rhs {
        return None;
    }
    let y = if y.bit(0) { &m - y } else { y };
    Some((x.clone(), y))
}

/// A point nobody knows the discrete logarithm of: the first `lift_x`
/// success from the big-endian integer of `tag` upwards (try-and-increment).
pub fn nums_point(tag: &[u8]) -> (BigUint, BigUint) {
    let mut x = BigUint::from_bytes_be(tag) % p();
    loop {
        if let Some(pt) = lift_x(&x) {
            return pt;
        }
        x += 1u8;
    }
}

/// Little-endian bits of `k` padded to `len`.
pub fn bits_le(k: &BigUint, len: usize) -> Vec<bool> {
    (0..len as u64).map(|i| k.bit(i)).collect()
}

/// The GLV eigenvalue `λ` (`λ³ = 1 mod n`, `λ·(x, y) = (β·x, y)`).
pub fn glv_lambda() -> BigUint {
    hex("5363AD4CC05C30E0A5261C028812645A122E22EA20816678DF02967C1B23BD72")
}

/// The cube root of unity `β` mod `p` matching [`glv_lambda`].
pub fn glv_beta() -> BigUint {
    hex("7AE96A2B657C07106E64479EAC3434E99CF0497512F58995C1396C28719501EE")
}

/// Splits `k` into `(k₁, k₂)` with `k ≡ k₁ + k₂·λ (mod n)` and both
/// magnitudes below 2¹²⁹, as `(negative?, magnitude)` pairs (the lattice
/// basis of the GLV paper for secp256k1, rounded divisions).
pub fn glv_split(k: &BigUint) -> [(bool, BigUint); 2] {
    use num_bigint::{BigInt, Sign};
    let n = BigInt::from(n());
    let k = BigInt::from(k % native_n_big());
    let a1 = BigInt::from(hex("3086D221A7D46BCDE86C90E49284EB15"));
    let b1 = -BigInt::from(hex("E4437ED6010E88286F547FA90ABFE4C3"));
    let a2 = BigInt::from(hex("114CA50F7A8E2F3F657C1108D9D44CFD8"));
    let b2 = a1.clone();
    let half = &n >> 1u32;
    let round_div = |num: BigInt| -> BigInt {
        // num ≥ 0 here (k ≥ 0, b2 > 0, −b1 > 0)
        (num + &half) / &n
    };
    let c1 = round_div(&b2 * &k);
    let c2 = round_div(-&b1 * &k);
    let k1 = &k - &c1 * &a1 - &c2 * &a2;
    let k2 = -&c1 * &b1 - &c2 * &b2;
    let part = |v: BigInt| (v.sign() == Sign::Minus, v.magnitude().clone());
    [part(k1), part(k2)]
}

fn native_n_big() -> BigUint {
    n()
}
