//! The emulated Edwards25519 arithmetic against curve25519-dalek: additions of every kind of
//! pair (the identity, a point with itself and its negation, the eight-torsion points that
//! ZIP-215 verification meets), doublings, the on-curve check, rows and every witness
//! pinned.
#![allow(clippy::unwrap_used)]

use super::super::tests::{cs_rig, holds, random, rig};
use super::*;
use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;

fn curve() -> Curve {
    Curve::ed25519().unwrap()
}

/// Affine `(x, y)` of a dalek point, recovered from its encoding (`x` from `y` and the sign
/// bit: `x² = (y² − 1)/(d·y² + 1)`, a square root for `p ≡ 5 (mod 8)`).
fn affine_of(c: &Curve, p: &EdwardsPoint) -> (BigUint, BigUint) {
    let m = c.field.m.clone();
    let bytes = p.compress().to_bytes();
    let sign = bytes[31] >> 7;
    let mut yb = bytes;
    yb[31] &= 0x7f;
    let y = BigUint::from_bytes_le(&yb);
    let y2 = &y * &y % &m;
    let num = (&y2 + &m - 1u32) % &m;
    let den = (c.d() * &y2 + 1u32) % &m;
    let u = num * den.modinv(&m).unwrap() % &m;
    let mut x = u.modpow(&((&m + 3u32) >> 3), &m);
    if &x * &x % &m != u {
        let i = BigUint::from(2u32).modpow(&((&m - 1u32) >> 2), &m);
        x = x * i % &m;
    }
    assert_eq!(&x * &x % &m, u);
    if (x.bit(0) as u8) != sign {
        x = (&m - &x) % &m;
    }
    (x, y)
}

/// The dalek encoding of affine `(x, y)`: `y` little-endian, bit 255 the sign of `x`.
fn encode(x: &BigUint, y: &BigUint) -> [u8; 32] {
    let mut out = [0u8; 32];
    let b = y.to_bytes_le();
    out[..b.len()].copy_from_slice(&b);
    out[31] |= (x.bit(0) as u8) << 7;
    out
}

/// `p` as allocated extended coordinates, scaled by `lambda`.
fn alloc(c: &Curve, s: &mut Synth, b: &mut Bus, p: &EdwardsPoint, lambda: u32) -> Point {
    let m = c.field.m.clone();
    let (x, y) = affine_of(c, p);
    let l = BigUint::from(lambda);
    let mut coord = |v: BigUint| c.field.alloc(s, b, &(v % &m)).unwrap();
    Point {
        x: coord(&x * &l),
        y: coord(&y * &l),
        z: coord(l.clone()),
        t: coord(&x * &y % &m * &l),
    }
}

fn encoded(c: &Curve, s: &mut Synth, b: &mut Bus, p: &Point) -> [u8; 32] {
    let (x, y) = c.to_affine(s, b, p).unwrap();
    encode(&x.value(), &y.value())
}

#[test]
fn additions_and_doublings_agree_with_dalek() {
    let c = curve();
    let mut rng = ark_std::test_rng();
    let mut k = || {
        let mut bytes = [0u8; 32];
        let r = random(&mut rng).to_bytes_le();
        bytes[..r.len()].copy_from_slice(&r);
        Scalar::from_bytes_mod_order(bytes)
    };
    let p = ED25519_BASEPOINT_POINT * k();
    let q = ED25519_BASEPOINT_POINT * k();
    let o = EdwardsPoint::default();
    let t4 = EIGHT_TORSION[2];
    let t8 = EIGHT_TORSION[1];
    let mut pairs = vec![
        (o, o, "O + O"),
        (p, o, "P + O"),
        (p, p, "P + P"),
        (p, -p, "P + (-P)"),
        (p, q, "P + Q"),
        (p, t8, "P + T8"),
        (t4, t4, "T4 + T4"),
        (t8, -t8, "T8 + (-T8)"),
    ];
    pairs.push((p + t4, q, "(P + T4) + Q"));
    for (a, bb, name) in pairs {
        let (mut s, mut b) = rig();
        let pa = alloc(&c, &mut s, &mut b, &a, 3);
        let pb = alloc(&c, &mut s, &mut b, &bb, 1);
        let sum = c.add(&mut s, &mut b, &pa, &pb).unwrap();
        let got = encoded(&c, &mut s, &mut b, &sum);
        assert!(holds(&s, &b), "{name}");
        assert_eq!(got, (a + bb).compress().to_bytes(), "{name}");
    }
    for (a, name) in [(o, "2·O"), (p, "2·P"), (t8, "2·T8"), (t4, "2·T4")] {
        let (mut s, mut b) = rig();
        let pa = alloc(&c, &mut s, &mut b, &a, 5);
        let d = c.double(&mut s, &mut b, &pa).unwrap();
        let got = encoded(&c, &mut s, &mut b, &d);
        assert!(holds(&s, &b), "{name}");
        assert_eq!(got, (a + a).compress().to_bytes(), "{name}");
    }
}

#[test]
fn points_off_the_curve_are_rejected() {
    let c = curve();
    let (x, y) = affine_of(&c, &(ED25519_BASEPOINT_POINT * Scalar::from(9u64)));
    for (dy, on) in [(0u32, true), (1, false)] {
        let (mut s, mut b) = rig();
        let fx = c.field.alloc(&mut s, &mut b, &x).unwrap();
        let fy = c.field.alloc(&mut s, &mut b, &(&y + dy)).unwrap();
        c.assert_on_curve(&mut s, &mut b, &fx, &fy).unwrap();
        assert_eq!(holds(&s, &b), on, "y + {dy}");
        // The extended point built from the affine one is the same point.
        if on {
            let pt = c.extend(&mut s, &mut b, &fx, &fy).unwrap();
            let back = encoded(&c, &mut s, &mut b, &pt);
            assert_eq!(
                back,
                (ED25519_BASEPOINT_POINT * Scalar::from(9u64))
                    .compress()
                    .to_bytes()
            );
        }
    }
}

#[test]
fn rows_of_an_addition_and_a_doubling() {
    // Known counts (docs/prover.md, "Emulated arithmetic"): a change of layout shows here.
    let c = curve();
    let (mut s, mut b) = rig();
    let p = alloc(
        &c,
        &mut s,
        &mut b,
        &(ED25519_BASEPOINT_POINT * Scalar::from(3u64)),
        1,
    );
    let q = alloc(
        &c,
        &mut s,
        &mut b,
        &(ED25519_BASEPOINT_POINT * Scalar::from(5u64)),
        1,
    );
    let before = s.counts.total();
    c.add(&mut s, &mut b, &p, &q).unwrap();
    let add = s.counts.total() - before;
    let before = s.counts.total();
    c.double(&mut s, &mut b, &p).unwrap();
    let dbl = s.counts.total() - before;
    assert!(holds(&s, &b));
    println!("ed25519: add {add}, double {dbl} rows");
    assert_eq!((add, dbl), (637, 568));
}

#[test]
fn an_addition_has_every_witness_pinned() {
    let c = curve();
    let (cs, mut s, mut b) = cs_rig();
    let p = alloc(&c, &mut s, &mut b, &EIGHT_TORSION[3], 2);
    let q = alloc(
        &c,
        &mut s,
        &mut b,
        &(ED25519_BASEPOINT_POINT * Scalar::from(13u64)),
        1,
    );
    let sum = c.add(&mut s, &mut b, &p, &q).unwrap();
    c.to_affine(&mut s, &mut b, &sum).unwrap();
    assert!(cs.is_satisfied().unwrap());
    let n = crate::mutation::every_witness_pinned(&cs).unwrap();
    assert!(n > 1_000, "{n} witnesses");
}
