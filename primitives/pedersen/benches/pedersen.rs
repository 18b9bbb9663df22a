//! Pedersen commitment benches: each group's scalar and vector commitments,
//! with dalek `bulletproofs`' `PedersenGens::commit` (the crate a Ristretto
//! user would otherwise pick) in the same group.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use umbra_pedersen::{
    Commitment, Generators, Opening, PedersenGroup, Ristretto255, Secp256k1, VectorOpening,
};

fn wide(rng: &mut StdRng) -> [u8; 64] {
    let mut b = [0u8; 64];
    rng.fill_bytes(&mut b);
    b
}

fn scalar_commit(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let (v, r) = (wide(&mut rng), wide(&mut rng));
    let mut group = c.benchmark_group("pedersen/commit");

    let gens = Generators::<Ristretto255>::standard();
    let o = Opening::<Ristretto255>::new(
        Ristretto255::scalar_from_wide(&v),
        Ristretto255::scalar_from_wide(&r),
    );
    group.bench_function("umbra/ristretto255", |b| {
        b.iter(|| Commitment::commit(&gens, black_box(&o)))
    });

    let bp = bulletproofs::PedersenGens::default();
    let (bv, br) = (
        curve25519_dalek_v4::Scalar::from_bytes_mod_order_wide(&v),
        curve25519_dalek_v4::Scalar::from_bytes_mod_order_wide(&r),
    );
    group.bench_function("bulletproofs/ristretto255", |b| {
        b.iter(|| bp.commit(black_box(bv), black_box(br)))
    });

    let gens = Generators::<Secp256k1>::standard();
    let o = Opening::<Secp256k1>::new(
        Secp256k1::scalar_from_wide(&v),
        Secp256k1::scalar_from_wide(&r),
    );
    group.bench_function("umbra/secp256k1", |b| {
        b.iter(|| Commitment::commit(&gens, black_box(&o)))
    });
    group.finish();
}

fn vector_commit_for<G: PedersenGroup>(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(2);
    let mut group = c.benchmark_group("pedersen/commit_vector");
    for n in [2u32, 16, 256] {
        let gens = Generators::<G>::with_vector_len(n);
        let values = (0..n)
            .map(|_| G::scalar_from_wide(&wide(&mut rng)))
            .collect();
        let o = VectorOpening::<G>::new(values, G::scalar_from_wide(&wide(&mut rng)));
        group.bench_with_input(
            BenchmarkId::new(format!("umbra/{}", G::NAME), n),
            &o,
            |b, o| b.iter(|| Commitment::commit_vector(&gens, black_box(o))),
        );
    }
    group.finish();
}

fn vector_commit(c: &mut Criterion) {
    vector_commit_for::<Ristretto255>(c);
    vector_commit_for::<Secp256k1>(c);
}

criterion_group!(benches, scalar_commit, vector_commit);
criterion_main!(benches);
