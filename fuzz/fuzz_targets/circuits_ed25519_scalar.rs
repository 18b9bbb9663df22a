//! The Ed25519 scalar gadgets agree with curve25519-dalek on every input:
//! `reduce_wide` (64 bytes → `h mod ℓ`) with `Scalar::from_bytes_mod_order_wide`
//! and `lt_ell` (32 bytes → `S < ℓ`) with `Scalar::from_canonical_bytes`;
//! neither panics and the honest witness always satisfies the system.
#![no_main]

use ark_bn254::Fr;
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, uint8::UInt8};
use ark_relations::gr1cs::ConstraintSystem;
use curve25519_dalek::scalar::Scalar;
use libfuzzer_sys::fuzz_target;
use umbra_circuits::ed25519::scalar::{bytes_to_bits_le, lt_ell, reduce_wide};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = <[u8; 96]>::try_from(data.get(..96).unwrap_or(&[])) else {
        return;
    };
    let wide: [u8; 64] = input[..64].try_into().expect("64 bytes");
    let s: [u8; 32] = input[64..].try_into().expect("32 bytes");
    let cs = ConstraintSystem::<Fr>::new_ref();
    let w: Vec<UInt8<Fr>> = input
        .iter()
        .map(|b| UInt8::new_witness(cs.clone(), || Ok(*b)).expect("alloc"))
        .collect();
    let wv: [UInt8<Fr>; 64] = w[..64].to_vec().try_into().expect("64 bytes");
    let k = reduce_wide(&wv).expect("synthesis");
    let lt = lt_ell(&bytes_to_bits_le(&w[64..])).expect("synthesis");
    assert!(
        cs.is_satisfied().expect("assigned"),
        "honest witness unsatisfied"
    );
    let mut got = [0u8; 32];
    for (i, b) in k.to_bits_le().expect("bits").iter().enumerate() {
        got[i / 8] |= u8::from(b.value().expect("assigned")) << (i % 8);
    }
    assert_eq!(got, Scalar::from_bytes_mod_order_wide(&wide).to_bytes());
    assert_eq!(
        lt.value().expect("assigned"),
        bool::from(Scalar::from_canonical_bytes(s).is_some())
    );
});
