//! The emulated secp256k1 arithmetic against k256 (RustCrypto's implementation): additions
//! (complete and mixed) of every kind of pair, doubling, a double-scalar multiplication, the on-curve check, the
//! rows and every witness pinned.
#![allow(clippy::unwrap_used)]

use super::super::tests::{cs_rig, holds, random, rig};
use super::*;
use crate::precompile::gadgets::boolean;
use ark_ff::Zero;
use k256::elliptic_curve::PrimeField;
use k256::elliptic_curve::sec1::ToSec1Point;
use k256::{FieldBytes, ProjectivePoint, Scalar};

/// Affine coordinates of a k256 point (`None`: the identity).
fn xy(p: &ProjectivePoint) -> Option<(BigUint, BigUint)> {
    let enc = p.to_affine().to_sec1_point(false);
    let bytes = enc.as_bytes();
    (bytes.len() == 65).then(|| {
        (
            BigUint::from_bytes_be(&bytes[1..33]),
            BigUint::from_bytes_be(&bytes[33..]),
        )
    })
}

fn scalar(k: &BigUint) -> Scalar {
    let mut be = [0u8; 32];
    let bytes = k.to_bytes_be();
    be[32 - bytes.len()..].copy_from_slice(&bytes);
    Option::from(Scalar::from_repr(FieldBytes::from(be))).unwrap()
}

/// `p` as allocated coordinates, scaled by `lambda` (a projective representative).
fn alloc(c: &Curve, s: &mut Synth, b: &mut Bus, p: &ProjectivePoint, lambda: u32) -> Point {
    let f = &c.field;
    let m = f.m.clone();
    let (x, y, z) = match xy(p) {
        Some((x, y)) => (x, y, BigUint::one()),
        None => (BigUint::zero(), BigUint::one(), BigUint::zero()),
    };
    let l = BigUint::from(lambda);
    let mut coord = |v: BigUint| f.alloc(s, b, &((v * &l) % &m)).unwrap();
    Point {
        x: coord(x),
        y: coord(y),
        z: coord(z),
    }
}

/// The affine result of `p` in the circuit, as k256 would print it.
fn affine(c: &Curve, s: &mut Synth, b: &mut Bus, p: &Point) -> Option<(BigUint, BigUint)> {
    let a = c.to_affine(s, b, p).unwrap();
    let (x, y) = (a.x, a.y);
    if a.id.val.is_zero() {
        Some((x.value(), y.value()))
    } else {
        assert_eq!((x.value(), y.value()), (BigUint::zero(), BigUint::zero()));
        None
    }
}

fn k256_point(k: u64) -> ProjectivePoint {
    ProjectivePoint::GENERATOR * Scalar::from(k)
}

#[test]
fn additions_of_every_kind_of_pair_agree_with_k256() {
    let c = Curve::secp256k1();
    let mut rng = ark_std::test_rng();
    let p = ProjectivePoint::GENERATOR * scalar(&(random(&mut rng) >> 1));
    let q = k256_point(0xdead_beef);
    let o = ProjectivePoint::IDENTITY;
    for (a, bb, name) in [
        (o, o, "O + O"),
        (o, p, "O + P"),
        (p, o, "P + O"),
        (p, p, "P + P"),
        (p, -p, "P + (-P)"),
        (p, q, "P + Q"),
    ] {
        for (la, lb) in [(1, 1), (7, 123_456_789)] {
            let (mut s, mut b) = rig();
            let pa = alloc(&c, &mut s, &mut b, &a, la);
            let pb = alloc(&c, &mut s, &mut b, &bb, lb);
            let sum = c.add(&mut s, &mut b, &pa, &pb).unwrap();
            let got = affine(&c, &mut s, &mut b, &sum);
            assert!(holds(&s, &b), "{name}");
            assert_eq!(got, xy(&(a + bb)), "{name} (Z scaled by {la}, {lb})");
            // The mixed addition, for an affine second point that is not the identity.
            if let Some((x2, y2)) = xy(&bb) {
                let (mut s, mut b) = rig();
                let pa = alloc(&c, &mut s, &mut b, &a, la);
                let x2 = c.field.alloc(&mut s, &mut b, &x2).unwrap();
                let y2 = c.field.alloc(&mut s, &mut b, &y2).unwrap();
                let sum = c.add_affine(&mut s, &mut b, &pa, (&x2, &y2)).unwrap();
                let got = affine(&c, &mut s, &mut b, &sum);
                assert!(holds(&s, &b), "{name} (mixed)");
                assert_eq!(got, xy(&(a + bb)), "{name} (mixed, Z scaled by {la})");
            }
        }
    }
    for (a, name) in [(o, "2·O"), (p, "2·P"), (q, "2·Q")] {
        let (mut s, mut b) = rig();
        let pa = alloc(&c, &mut s, &mut b, &a, 5);
        let d = c.double(&mut s, &mut b, &pa).unwrap();
        let got = affine(&c, &mut s, &mut b, &d);
        assert!(holds(&s, &b), "{name}");
        assert_eq!(got, xy(&a.double()), "{name}");
    }
}

#[test]
fn double_scalar_multiplication_agrees_with_k256() {
    let c = Curve::secp256k1();
    let mut rng = ark_std::test_rng();
    let n = BigUint::parse_bytes(
        b"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        16,
    )
    .unwrap();
    let g = ProjectivePoint::GENERATOR;
    let p = g * scalar(&(random(&mut rng) % &n));
    let cases = [
        (random(&mut rng) % &n, random(&mut rng) % &n, p),
        (BigUint::zero(), random(&mut rng) % &n, p),
        (&n - 1u32, BigUint::one(), g),
        (BigUint::from(3u32), &n - 3u32, g),
    ];
    for (u, v, q) in cases {
        let (mut s, mut b) = rig();
        let bits = |s: &mut Synth, k: &BigUint| -> Vec<V> {
            (0..256)
                .rev()
                .map(|i| boolean(s, k.bit(i)).unwrap())
                .collect()
        };
        let (ub, vb) = (bits(&mut s, &u), bits(&mut s, &v));
        let pg = alloc(&c, &mut s, &mut b, &g, 1);
        let pq = alloc(&c, &mut s, &mut b, &q, 1);
        let r = c
            .double_mul(&mut s, &mut b, (&ub, &pg), (&vb, &pq))
            .unwrap();
        let got = affine(&c, &mut s, &mut b, &r);
        assert!(holds(&s, &b), "[{u}]G + [{v}]Q");
        let want = g * scalar(&u) + q * scalar(&v);
        assert_eq!(got, xy(&want), "[{u}]G + [{v}]Q");
    }
}

#[test]
fn points_off_the_curve_are_rejected() {
    let c = Curve::secp256k1();
    let (x, y) = xy(&k256_point(42)).unwrap();
    for (dy, on) in [(0u32, true), (1, false)] {
        let (mut s, mut b) = rig();
        let fx = c.field.alloc(&mut s, &mut b, &x).unwrap();
        let fy = c.field.alloc(&mut s, &mut b, &(&y + dy)).unwrap();
        c.assert_on_curve(&mut s, &mut b, &fx, &fy).unwrap();
        assert_eq!(holds(&s, &b), on, "y + {dy}");
    }
}

#[test]
fn rows_of_an_addition_a_doubling_and_a_bit() {
    // Known counts (docs/prover.md, "Emulated arithmetic"): a change of layout shows here.
    let c = Curve::secp256k1();
    let (mut s, mut b) = rig();
    let p = alloc(&c, &mut s, &mut b, &k256_point(3), 1);
    let q = alloc(&c, &mut s, &mut b, &k256_point(5), 1);
    let mut rows = |f: &mut dyn FnMut(&mut Synth, &mut Bus)| {
        let before = s.counts.total();
        f(&mut s, &mut b);
        s.counts.total() - before
    };
    let add = rows(&mut |s, b| {
        c.add(s, b, &p, &q).unwrap();
    });
    let mixed = rows(&mut |s, b| {
        c.add_affine(s, b, &p, (&q.x, &q.y)).unwrap();
    });
    let dbl = rows(&mut |s, b| {
        c.double(s, b, &p).unwrap();
    });
    // A bit of the double-scalar multiplication once the accumulator is a variable (the
    // first doubling, of the constant identity, is cheaper): two bits less one.
    let mut ladder = |n: usize| {
        rows(&mut |s, b| {
            let u: Vec<V> = (0..n).map(|_| boolean(s, true).unwrap()).collect();
            let v: Vec<V> = (0..n).map(|_| boolean(s, false).unwrap()).collect();
            c.double_mul(s, b, (&u, &p), (&v, &q)).unwrap();
        })
    };
    let bit = ladder(2) - ladder(1);
    assert!(holds(&s, &b));
    println!("secp256k1: add {add}, mixed {mixed}, double {dbl}, double-scalar bit {bit} rows");
    assert_eq!((add, mixed, dbl, bit), (660, 589, 504, 1_202));
}

#[test]
fn an_addition_has_every_witness_pinned() {
    let c = Curve::secp256k1();
    let (cs, mut s, mut b) = cs_rig();
    let p = alloc(&c, &mut s, &mut b, &k256_point(11), 3);
    let q = alloc(&c, &mut s, &mut b, &k256_point(13), 1);
    let sum = c.add(&mut s, &mut b, &p, &q).unwrap();
    c.to_affine(&mut s, &mut b, &sum).unwrap();
    assert!(cs.is_satisfied().unwrap());
    let n = crate::mutation::every_witness_pinned(&cs).unwrap();
    assert!(n > 1_000, "{n} witnesses");
}
