//! Constant-time field multiplication and scalar multiplication beside
//! arkworks' variable-time ones, in one group per operation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(missing_docs)]

use std::hint::black_box;

use ark_ec::PrimeGroup;
use ark_ff::{Field, PrimeField};
use criterion::{Criterion, criterion_group, criterion_main};
use umbra_ct_curves::{CtField, CtGroup, FixedBaseTable, SwPoint, TePoint};

fn scalar<F: PrimeField>() -> F {
    -F::from(0x0123_4567_89ab_cdefu64).pow([9u64])
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("field_mul");
    let a = scalar::<ark_bn254::Fr>();
    let b = a.square() + a;
    g.bench_function("bn254_fr/umbra_ct", |bn| {
        bn.iter(|| black_box(a).ct_mul(&black_box(b)))
    });
    g.bench_function("bn254_fr/arkworks", |bn| {
        bn.iter(|| black_box(a) * black_box(b))
    });
    let a = scalar::<ark_bls12_381::Fr>();
    let b = a.square() + a;
    g.bench_function("bls12_381_fr/umbra_ct", |bn| {
        bn.iter(|| black_box(a).ct_mul(&black_box(b)))
    });
    g.bench_function("bls12_381_fr/arkworks", |bn| {
        bn.iter(|| black_box(a) * black_box(b))
    });
    g.finish();

    let mut g = c.benchmark_group("scalar_mul");
    let k = scalar::<ark_ed_on_bls12_381::Fr>();
    let p = TePoint::<ark_ed_on_bls12_381::EdwardsConfig>::generator();
    let ark_p = ark_ed_on_bls12_381::EdwardsProjective::generator();
    g.bench_function("jubjub/umbra_ct", |bn| {
        bn.iter(|| black_box(p).ct_mul(&black_box(k)))
    });
    let table = FixedBaseTable::new(&p);
    g.bench_function("jubjub/umbra_ct_fixed_base", |bn| {
        bn.iter(|| table.mul(&black_box(k)))
    });
    g.bench_function("jubjub/arkworks", |bn| {
        bn.iter(|| black_box(ark_p) * black_box(k))
    });
    let k = scalar::<ark_grumpkin::Fr>();
    let p = SwPoint::<ark_grumpkin::GrumpkinConfig>::generator();
    let ark_p = ark_grumpkin::Projective::generator();
    g.bench_function("grumpkin/umbra_ct", |bn| {
        bn.iter(|| black_box(p).ct_mul(&black_box(k)))
    });
    let table = FixedBaseTable::new(&p);
    g.bench_function("grumpkin/umbra_ct_fixed_base", |bn| {
        bn.iter(|| table.mul(&black_box(k)))
    });
    g.bench_function("grumpkin/arkworks", |bn| {
        bn.iter(|| black_box(ark_p) * black_box(k))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
