//! The secp256k1 point gadgets against k256 on fuzzed inputs: a witness point
//! satisfies the on-curve check exactly when k256 decodes it; `add`, `double`
//! and `double_and_add` of points `k1·G`, `k2·G` (small fuzzed scalars, either
//! sign) equal k256's results with a satisfied system, except `add` of points
//! with equal x, which must leave the system unsatisfied (the incomplete
//! formula's exceptional case), never produce a wrong sum.
#![no_main]

use ark_bn254::Fr;
use ark_relations::gr1cs::ConstraintSystem;
use k256::elliptic_curve::point::AffineCoordinates;
use k256::{ProjectivePoint, PublicKey, Scalar};
use libfuzzer_sys::fuzz_target;
use num_bigint::BigUint;
use umbra_circuits::secp256k1::{PointVar, native};

fn aff(p: &ProjectivePoint) -> (BigUint, BigUint) {
    let a = p.to_affine();
    (
        BigUint::from_bytes_be(&a.x()),
        BigUint::from_bytes_be(&a.y()),
    )
}

fn scalar(bytes: &[u8]) -> Scalar {
    let mut b = [0u8; 8];
    b[..bytes.len().min(8)].copy_from_slice(&bytes[..bytes.len().min(8)]);
    let k = Scalar::from(u64::from_le_bytes(b) >> 1);
    if b[0] & 1 == 1 { -k } else { k }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 80 {
        return;
    }
    // On-curve check against k256's SEC1 decoder.
    let (x, y) = (
        BigUint::from_bytes_be(&data[..32]),
        BigUint::from_bytes_be(&data[32..64]),
    );
    if x < native::p() && y < native::p() {
        let mut sec1 = vec![4u8];
        sec1.extend_from_slice(&data[..64]);
        let on_curve = PublicKey::from_sec1_bytes(&sec1).is_ok();
        let cs = ConstraintSystem::<Fr>::new_ref();
        PointVar::new_witness(cs.clone(), Some(&(x, y))).expect("synthesis");
        assert_eq!(cs.is_satisfied().expect("assigned"), on_curve);
    }

    // Group operations on valid points.
    let (k1, k2) = (scalar(&data[64..72]), scalar(&data[72..80]));
    let (p, q) = (
        ProjectivePoint::GENERATOR * k1,
        ProjectivePoint::GENERATOR * k2,
    );
    if p == ProjectivePoint::IDENTITY || q == ProjectivePoint::IDENTITY {
        return;
    }
    let cs = ConstraintSystem::<Fr>::new_ref();
    let pv = PointVar::new_witness(cs.clone(), Some(&aff(&p))).expect("synthesis");
    let qv = PointVar::new_witness(cs.clone(), Some(&aff(&q))).expect("synthesis");
    let d = pv.double().expect("synthesis");
    assert_eq!(d.value(), Some(aff(&p.double())));
    assert!(cs.is_satisfied().expect("assigned"));
    let equal_x = p.to_affine().x() == q.to_affine().x();
    let sum = pv.add(&qv).expect("synthesis");
    if equal_x {
        assert!(
            !cs.is_satisfied().expect("assigned"),
            "x(P) = x(Q) accepted"
        );
        return;
    }
    assert_eq!(sum.value(), Some(aff(&(p + q))));
    assert!(cs.is_satisfied().expect("assigned"));
    if p.double() + q != ProjectivePoint::IDENTITY
        && p.double().to_affine().x() != q.to_affine().x()
    {
        let dq = pv.double_and_add(&qv).expect("synthesis");
        if cs.is_satisfied().expect("assigned") {
            assert_eq!(dq.value(), Some(aff(&(p.double() + q))));
        }
    }
});
