//! Edwards25519 point gadgets against curve25519-dalek (independent oracle).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use num_bigint::BigUint;
use umbra_circuits::ed25519::{PointVar, native};

fn to_native(p: &EdwardsPoint) -> native::Point {
    let enc = p.compress().to_bytes();
    native::decode(&enc).expect("dalek point decodes")
}

fn to_dalek(p: &native::Point) -> EdwardsPoint {
    CompressedEdwardsY(native::encode(p))
        .decompress()
        .expect("on curve")
}

fn cs() -> ConstraintSystemRef<Fr> {
    ConstraintSystem::<Fr>::new_ref()
}

fn scalar(seed: u64) -> Scalar {
    let mut b = [0u8; 64];
    for (i, x) in b.iter_mut().enumerate() {
        *x = (seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(i as u32)
            >> 3) as u8
            ^ i as u8;
    }
    Scalar::from_bytes_mod_order_wide(&b)
}

#[test]
fn add_and_double_match_dalek() {
    let a = EdwardsPoint::mul_base(&scalar(1));
    let b = EdwardsPoint::mul_base(&scalar(2));
    let cs = cs();
    let pa = PointVar::new_witness(cs.clone(), Some(&to_native(&a))).unwrap();
    let pb = PointVar::new_witness(cs.clone(), Some(&to_native(&b))).unwrap();
    let s = pa.add(&pb).unwrap();
    let d = pa.double().unwrap();
    assert_eq!(to_dalek(&s.value().unwrap()), a + b);
    assert_eq!(to_dalek(&d.value().unwrap()), a + a);
    assert!(cs.is_satisfied().unwrap());
    let _ = BigUint::default();
}
