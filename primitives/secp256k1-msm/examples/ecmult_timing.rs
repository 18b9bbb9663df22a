//! Min-of-N timings of the pieces of `double_mul_base_vartime` (field
//! product, inversion, GLV split, the whole double multiplication and its
//! generator-only / point-only halves), robust to load on a shared machine.
//! `cargo run --release -p umbra-secp256k1-msm --example ecmult_timing`.
#![allow(missing_docs, clippy::unwrap_used)]
use k256::{ProjectivePoint, Scalar, Secp256k1, elliptic_curve::hazmat::FieldArithmetic};
use std::hint::black_box;
use std::time::Instant;
type Fe = <Secp256k1 as FieldArithmetic>::FieldElement;
fn best<F: FnMut()>(reps: usize, mut f: F) -> f64 {
    let mut b = u128::MAX;
    for _ in 0..200 {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        b = b.min(t.elapsed().as_nanos());
    }
    b as f64 / reps as f64
}
fn main() {
    let x = Fe::from_u64(123456789).square().square().square();
    let mut y = x;
    println!(
        "mul ns {:.1}",
        best(1000, || {
            y = black_box(y).mul(&x);
        })
    );
    println!(
        "sqr ns {:.1}",
        best(1000, || {
            y = black_box(y).square();
        })
    );
    println!(
        "inv ns {:.1}",
        best(10, || {
            y = black_box(y).invert_vartime().unwrap();
        })
    );
    let s = Scalar::from(0x1234_5678_9abc_def1u64).invert().unwrap();
    let e = Scalar::from(0x2234_5678_9abc_def1u64).invert().unwrap();
    let p = (ProjectivePoint::GENERATOR * e).to_affine();
    let _ = umbra_secp256k1_msm::double_mul_base_vartime(&s, &e, &p);
    println!(
        "dmul ns {:.1}",
        best(10, || {
            black_box(umbra_secp256k1_msm::double_mul_base_vartime(
                black_box(&s),
                &e,
                &p,
            ));
        })
    );
    let z = Scalar::ZERO;
    println!(
        "dmul s=0 ns {:.1}",
        best(10, || {
            black_box(umbra_secp256k1_msm::double_mul_base_vartime(
                black_box(&z),
                &e,
                &p,
            ));
        })
    );
    println!(
        "dmul e=0 ns {:.1}",
        best(10, || {
            black_box(umbra_secp256k1_msm::double_mul_base_vartime(
                black_box(&s),
                &z,
                &p,
            ));
        })
    );
    println!(
        "split ns {:.1}",
        best(100, || {
            black_box(umbra_secp256k1_msm::split_lambda_vartime(black_box(&e)));
        })
    );
}
