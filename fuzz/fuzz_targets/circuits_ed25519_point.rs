//! The Edwards25519 point gadgets against curve25519-dalek on fuzzed inputs:
//! complete addition and doubling of any two decodable points (small-order and
//! mixed-order ones included) equal dalek's, with a satisfied system; a
//! variable-base multiplication by a small fuzzed scalar equals dalek's; and a
//! witness point satisfies the on-curve check exactly when it is on the curve.
#![no_main]

use ark_bn254::Fr;
use ark_r1cs_std::{alloc::AllocVar, prelude::Boolean};
use ark_relations::gr1cs::ConstraintSystem;
use curve25519_dalek::{Scalar, edwards::CompressedEdwardsY};
use libfuzzer_sys::fuzz_target;
use num_bigint::BigUint;
use umbra_circuits::ed25519::{PointVar, native};

fuzz_target!(|data: &[u8]| {
    if data.len() < 72 {
        return;
    }
    let a: [u8; 32] = data[..32].try_into().expect("32 bytes");
    let b: [u8; 32] = data[32..64].try_into().expect("32 bytes");
    let k = u16::from_le_bytes([data[64], data[65]]);

    // On-curve check on raw coordinates: (x, y) from the bytes, reduced.
    let p = native::p();
    let (x, y) = (
        BigUint::from_bytes_le(&a) % &p,
        BigUint::from_bytes_le(&b) % &p,
    );
    let cs = ConstraintSystem::<Fr>::new_ref();
    PointVar::new_witness(cs.clone(), Some(&(x.clone(), y.clone()))).expect("synthesis");
    assert_eq!(
        cs.is_satisfied().expect("assigned"),
        native::is_on_curve(&(x, y))
    );

    let (Some(pa), Some(pb)) = (
        CompressedEdwardsY(a).decompress(),
        CompressedEdwardsY(b).decompress(),
    ) else {
        return;
    };
    // Decoder agreement with dalek is the circuits_ed25519_decompress target's job.
    let (Some(na), Some(nb)) = (native::decode(&a), native::decode(&b)) else {
        return;
    };
    let cs = ConstraintSystem::<Fr>::new_ref();
    let va = PointVar::new_witness(cs.clone(), Some(&na)).expect("synthesis");
    let vb = PointVar::new_witness(cs.clone(), Some(&nb)).expect("synthesis");
    let sum = va.add(&vb).expect("synthesis");
    let dbl = va.double().expect("synthesis");
    let enc = |v: &PointVar<Fr>| native::encode(&v.value().expect("assigned"));
    assert_eq!(enc(&sum), (pa + pb).compress().to_bytes());
    assert_eq!(enc(&dbl), (pa + pa).compress().to_bytes());
    // [k]A with k < 2^16.
    let bits: Vec<Boolean<Fr>> = (0..16)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok((k >> i) & 1 == 1)).expect("alloc"))
        .collect();
    let prod = va.scalar_mul_le(&bits).expect("synthesis");
    assert_eq!(
        enc(&prod),
        (Scalar::from(u64::from(k)) * pa).compress().to_bytes()
    );
    assert!(
        cs.is_satisfied().expect("assigned"),
        "honest witness unsatisfied"
    );
});
