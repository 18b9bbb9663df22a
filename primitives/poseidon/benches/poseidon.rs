//! Umbra's Poseidon beside arkworks' sponge and light-poseidon, in one group.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(missing_docs)]

use std::hint::black_box;

use ark_crypto_primitives::sponge::CryptographicSponge;
use ark_crypto_primitives::sponge::poseidon::{PoseidonConfig, PoseidonSponge};
use ark_ff::PrimeField;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use light_poseidon::PoseidonHasher;
use umbra_poseidon::{CtField, FULL_ROUNDS, Poseidon, Poseidon2};

fn ark_config<F: CtField, const T: usize>(p: &Poseidon<F, T>) -> PoseidonConfig<F> {
    let ark = (0..FULL_ROUNDS + p.partial_rounds())
        .map(|r| p.round_constants(r).expect("round").to_vec())
        .collect();
    let mds = p.mds().iter().map(|row| row.to_vec()).collect();
    PoseidonConfig::new(FULL_ROUNDS, p.partial_rounds(), 5, mds, ark, T - 1, 1)
}

fn inputs<F: PrimeField>() -> [F; 3] {
    [
        F::from(0u64),
        F::from(1u64).double() + F::from(7u64),
        -F::from(12345u64),
    ]
}

fn field_benches<F>(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
) where
    F: CtField + ark_crypto_primitives::sponge::Absorb,
{
    let p = Poseidon::<F, 3>::new().expect("t = 3");
    let x = inputs::<F>();
    c.bench_function(format!("{name}/permute/umbra"), |b| {
        b.iter(|| {
            let mut s = black_box(x);
            p.permute(&mut s);
            s
        })
    });
    c.bench_function(format!("{name}/permute_plain/umbra"), |b| {
        b.iter(|| {
            let mut s = black_box(x);
            p.permute_plain(&mut s);
            s
        })
    });
    let p2 = Poseidon2::<F>::new().expect("t = 3");
    c.bench_function(format!("{name}/permute/umbra-poseidon2"), |b| {
        b.iter(|| {
            let mut s = black_box(x);
            p2.permute(&mut s);
            s
        })
    });
    c.bench_function(format!("{name}/hash2/umbra"), |b| {
        b.iter(|| p.hash(black_box(&x[1..])).expect("two inputs"))
    });
    c.bench_function(format!("{name}/compress/umbra"), |b| {
        b.iter(|| p.compress(black_box(&x[1]), black_box(&x[2])))
    });
    let config = ark_config(&p);
    c.bench_function(format!("{name}/hash2/ark-crypto-primitives"), |b| {
        b.iter_batched(
            || PoseidonSponge::new(&config),
            |mut sponge| {
                sponge.absorb(&black_box(&x[1..]).to_vec());
                sponge.squeeze_field_elements::<F>(1)
            },
            BatchSize::SmallInput,
        )
    });
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("poseidon_t3");
    field_benches::<ark_bls12_381::Fr>(&mut g, "bls12_381");
    field_benches::<ark_bn254::Fr>(&mut g, "bn254");
    let x = inputs::<ark_bn254::Fr>();
    let mut light = light_poseidon::Poseidon::<ark_bn254::Fr>::new_circom(2).expect("t = 3");
    g.bench_function("bn254/hash2/light-poseidon", |b| {
        b.iter(|| light.hash(black_box(&x[1..])).expect("two inputs"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
