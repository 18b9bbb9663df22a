//! The Edwards25519 decompression gadget agrees with curve25519-dalek's
//! `CompressedEdwardsY::decompress` on every 32-byte string (decodes or
//! not, the decoded point, y < p, the RFC 8032 canonicity formula against
//! `umbra_eddsa::is_canonical_encoding`), never panics, and its honest
//! witness always satisfies the system.
#![no_main]

use ark_bn254::Fr;
use ark_r1cs_std::{GR1CSVar, uint8::UInt8, alloc::AllocVar};
use ark_relations::gr1cs::ConstraintSystem;
use curve25519_dalek::edwards::CompressedEdwardsY;
use libfuzzer_sys::fuzz_target;
use umbra_circuits::ed25519::{decompress, native};

fuzz_target!(|data: &[u8]| {
    let Ok(e) = <[u8; 32]>::try_from(data.get(..32).unwrap_or(&[])) else {
        return;
    };
    let cs = ConstraintSystem::<Fr>::new_ref();
    let bytes: Vec<UInt8<Fr>> = e
        .iter()
        .map(|b| UInt8::new_witness(cs.clone(), || Ok(*b)).expect("alloc"))
        .collect();
    let bytes: [UInt8<Fr>; 32] = bytes.try_into().expect("32 bytes");
    let d = decompress(&bytes).expect("synthesis");
    assert!(cs.is_satisfied().expect("assigned"), "honest witness unsatisfied");
    let oracle = CompressedEdwardsY(e).decompress();
    assert_eq!(d.decodes.value().expect("assigned"), oracle.is_some());
    let mut y = e;
    y[31] &= 0x7f;
    let y = y_below_p(&y);
    assert_eq!(d.y_canonical.value().expect("assigned"), y);
    if let Some(pt) = oracle {
        let got = d.point.value().expect("assigned");
        assert_eq!(native::encode(&got), pt.compress().to_bytes());
        let x_zero = d.x_is_zero.value().expect("assigned");
        let sign = d.sign_bit.value().expect("assigned");
        assert_eq!(
            d.y_canonical.value().expect("assigned") && !(x_zero && sign),
            umbra_eddsa::is_canonical_encoding(&e)
        );
    }
});

/// Whether the little-endian 255-bit `y` is below `p = 2²⁵⁵ − 19`.
fn y_below_p(y: &[u8; 32]) -> bool {
    let high_all_ones = y[31] == 0x7f && y[1..31].iter().all(|b| *b == 0xff);
    !(high_all_ones && y[0] >= 0xed)
}
