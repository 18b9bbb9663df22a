//! Witness-generation (synthesis with witness values) time of the emulated
//! multiplication beside `ark-r1cs-std`'s `EmulatedFpVar`, and of one
//! secp256k1 ECDSA verification gadget (context: k256's native verify), and
//! of the Feldman (t = 2) and GG20 share-check gadgets (context: umbra-tecdsa's
//! native checks).
#![allow(missing_docs, clippy::unwrap_used)]

use ark_bn254::Fr;
use ark_ff::{MontBackend, MontConfig};
use ark_r1cs_std::{alloc::AllocVar, fields::emulated_fp::EmulatedFpVar};
use ark_relations::gr1cs::ConstraintSystem;
use criterion::{Criterion, criterion_group, criterion_main};
use k256::{
    FieldBytes, ProjectivePoint, Scalar,
    elliptic_curve::{PrimeField as _, point::AffineCoordinates},
};
use num_bigint::BigUint;
use std::hint::black_box;
use umbra_circuits::{
    emulated::{EmFp, Secp256k1Fq},
    secp256k1::{PointVar, ScalarVar, ecdsa_verify, feldman_verify_share, gg20_verify_share},
};

#[derive(MontConfig, Debug)]
#[modulus = "115792089237316195423570985008687907853269984665640564039457584007908834671663"]
#[generator = "3"]
pub struct SecpFqConfig;
pub type SecpFq = ark_ff::Fp256<MontBackend<SecpFqConfig, 4>>;

fn emulated_mul(c: &mut Criterion) {
    let a = BigUint::from(0x1234_5678_9abc_def0u64) << 190u32;
    let b = BigUint::from(0x0fed_cba9_8765_4321u64) << 180u32;
    let (fa, fb) = (SecpFq::from(a.clone()), SecpFq::from(b.clone()));
    let mut g = c.benchmark_group("circuits/emulated_mul_secp256k1_p_bn254");
    g.bench_function("umbra", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let x = EmFp::<Fr, Secp256k1Fq>::new_witness(cs.clone(), Some(&a)).unwrap();
            let y = EmFp::<Fr, Secp256k1Fq>::new_witness(cs.clone(), Some(&b)).unwrap();
            black_box(x.mul(&y).unwrap());
        })
    });
    g.bench_function("ark-r1cs-std EmulatedFpVar", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let x = EmulatedFpVar::<SecpFq, Fr>::new_witness(cs.clone(), || Ok(fa)).unwrap();
            let y = EmulatedFpVar::<SecpFq, Fr>::new_witness(cs.clone(), || Ok(fb)).unwrap();
            let _ = black_box(&x * &y);
        })
    });
    g.finish();
}

fn ecdsa(c: &mut Criterion) {
    let d = Scalar::from(0x1234_5678u64);
    let k = Scalar::from(0x9abc_def0_1234u64);
    let z = Scalar::from(42u64);
    let big_r = (ProjectivePoint::GENERATOR * k).to_affine();
    let r = Option::<Scalar>::from(Scalar::from_repr(big_r.x())).unwrap();
    let s = k.invert().unwrap() * (z + r * d);
    let key = (ProjectivePoint::GENERATOR * d).to_affine();
    let kx = BigUint::from_bytes_be(&key.x());
    let ky = BigUint::from_bytes_be(&key.y());
    let big = |s: &Scalar| BigUint::from_bytes_be(&s.to_repr());
    let mut g = c.benchmark_group("circuits/ecdsa_secp256k1_verify_bn254");
    g.sample_size(10);
    g.bench_function("umbra gadget witness generation", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let q = PointVar::new_witness(cs.clone(), Some(&(kx.clone(), ky.clone()))).unwrap();
            let zv = ScalarVar::new_witness(cs.clone(), Some(&big(&z))).unwrap();
            let rv = ScalarVar::new_witness(cs.clone(), Some(&big(&r))).unwrap();
            let sv = ScalarVar::new_witness(cs.clone(), Some(&big(&s))).unwrap();
            ecdsa_verify(&q, &zv, &rv, &sv).unwrap();
            black_box(cs.num_constraints());
        })
    });
    let sig = k256::ecdsa::Signature::from_scalars(r.to_repr(), s.to_repr()).unwrap();
    let prehash: FieldBytes = z.to_repr();
    let prehash: [u8; 32] = prehash.into();
    let keyp = ProjectivePoint::from(key);
    g.bench_function("k256 native verify (context)", |bn| {
        bn.iter(|| black_box(umbra_tecdsa::ecdsa::verify_prehash(&keyp, &prehash, &sig)))
    });
    g.finish();
}

fn aff(p: &ProjectivePoint) -> (BigUint, BigUint) {
    let a = p.to_affine();
    (
        BigUint::from_bytes_be(&a.x()),
        BigUint::from_bytes_be(&a.y()),
    )
}

fn big(s: &Scalar) -> BigUint {
    BigUint::from_bytes_be(&s.to_repr())
}

fn shares(c: &mut Criterion) {
    // Feldman, t = 2, party 7
    let coeffs = [
        Scalar::from(11u64),
        Scalar::from(22u64),
        Scalar::from(33u64),
    ];
    let cms: Vec<ProjectivePoint> = coeffs
        .iter()
        .map(|a| ProjectivePoint::GENERATOR * a)
        .collect();
    let x = Scalar::from(7u64);
    let share = coeffs[0] + coeffs[1] * x + coeffs[2] * x * x;
    let mut g = c.benchmark_group("circuits/feldman_secp256k1_t2_bn254");
    g.sample_size(10);
    g.bench_function("umbra gadget witness generation", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let cv: Vec<_> = cms
                .iter()
                .map(|p| PointVar::new_witness(cs.clone(), Some(&aff(p))).unwrap())
                .collect();
            let sv = ScalarVar::new_witness(cs.clone(), Some(&big(&share))).unwrap();
            feldman_verify_share(&cv, 7, &sv).unwrap();
            black_box(cs.num_constraints());
        })
    });
    g.bench_function("umbra-tecdsa native verify_share (context)", |bn| {
        bn.iter(|| black_box(umbra_tecdsa::feldman::verify_share(&cms, 2, 7, &share)))
    });
    g.finish();

    // GG20: s = m·k + r·σ, R̄ = k·R, S = σ·R
    let big_r = ProjectivePoint::GENERATOR * Scalar::from(0x5151u64);
    let (k, sigma, m) = (Scalar::from(3u64), Scalar::from(5u64), Scalar::from(42u64));
    let r = Option::<Scalar>::from(Scalar::from_repr(big_r.to_affine().x())).unwrap();
    let sh = umbra_tecdsa::signing::SignatureShare {
        index: 1,
        nonce_share: big_r * k,
        key_share: big_r * sigma,
        s: m * k + r * sigma,
    };
    let ctx = umbra_tecdsa::signing::SigningContext {
        nonce_point: big_r.to_affine(),
        message: m,
        group_key: ProjectivePoint::GENERATOR,
    };
    let mut g = c.benchmark_group("circuits/gg20_share_secp256k1_bn254");
    g.sample_size(10);
    g.bench_function("umbra gadget witness generation", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let rv = PointVar::new_witness(cs.clone(), Some(&aff(&big_r))).unwrap();
            let mv = ScalarVar::new_witness(cs.clone(), Some(&big(&m))).unwrap();
            let nv = PointVar::new_witness(cs.clone(), Some(&aff(&sh.nonce_share))).unwrap();
            let kv = PointVar::new_witness(cs.clone(), Some(&aff(&sh.key_share))).unwrap();
            let sv = ScalarVar::new_witness(cs.clone(), Some(&big(&sh.s))).unwrap();
            gg20_verify_share(&rv, &mv, &nv, &kv, &sv).unwrap();
            black_box(cs.num_constraints());
        })
    });
    g.bench_function(
        "umbra-tecdsa native verify_share_equation (context)",
        |bn| bn.iter(|| black_box(umbra_tecdsa::signing::verify_share_equation(&ctx, &sh))),
    );
    g.finish();
}

criterion_group!(benches, emulated_mul, ecdsa, shares);
criterion_main!(benches);
