//! The BIP-340 gadget on the official vectors (test-vectors/data/bip340.kat,
//! the file umbra-schnorr is tested on): satisfied exactly for the valid ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_r1cs_std::{alloc::AllocVar, uint8::UInt8};
use ark_relations::gr1cs::ConstraintSystem;
use umbra_circuits::secp256k1::bip340::{bip340_verify, bytes_witness};

type Fr = ark_bn254::Fr;

fn gadget_accepts(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let pkv = bytes_witness(&cs, Some(pk)).unwrap();
    let sigv = bytes_witness(&cs, Some(sig)).unwrap();
    let msgv: Vec<UInt8<Fr>> = msg
        .iter()
        .map(|b| UInt8::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect();
    bip340_verify(&cs, &pkv, &msgv, &sigv).unwrap();
    cs.is_satisfied().unwrap()
}

#[test]
fn official_vectors_verdicts_match() {
    let file = umbra_test_vectors::load("bip340").unwrap();
    let recs: Vec<_> = file.records_of("bip340").cloned().collect();
    assert_eq!(recs.len(), 19);
    let mut valid = 0;
    for r in &recs {
        let idx = r.u64("index").unwrap();
        let pk: [u8; 32] = r.hex_array("public_key").unwrap();
        let sig: [u8; 64] = r.hex_array("signature").unwrap();
        let msg = r.hex("message").unwrap();
        let expect = r.bool("valid").unwrap();
        assert_eq!(gadget_accepts(&pk, &msg, &sig), expect, "vector {idx}");
        valid += usize::from(expect);
    }
    assert_eq!(valid, 9, "vectors 0-4 and 15-18 are the valid ones");
}

/// Every single-byte change to a valid signature, key or message is rejected
/// (one position of each).
#[test]
fn tampered_inputs_rejected() {
    let file = umbra_test_vectors::load("bip340").unwrap();
    let r = file.records_of("bip340").nth(1).unwrap().clone();
    let pk: [u8; 32] = r.hex_array("public_key").unwrap();
    let sig: [u8; 64] = r.hex_array("signature").unwrap();
    let msg = r.hex("message").unwrap();
    let mut s2 = sig;
    s2[40] ^= 1;
    assert!(!gadget_accepts(&pk, &msg, &s2));
    let mut m2 = msg.clone();
    m2[0] ^= 0x80;
    assert!(!gadget_accepts(&pk, &m2, &sig));
}
