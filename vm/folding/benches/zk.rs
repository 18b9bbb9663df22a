//! Cost of the zero-knowledge building blocks (`umbra_folding::zk`) at the
//! size of the VM's augmented CPU step: the random satisfying pair, the
//! fold of a running pair with one, and the verifier side.
//!
//! The augmented circuit of the CPU step (16 instructions per step, with
//! its advice block) has ≈ 58k rows; with 64 instructions ≈ 72k (see
//! `docs/prover.md`, "Committed advice" and "Constraint counts"). The
//! bench builds the augmented circuit of a step of `N` squarings whose
//! total row count is the same (`UMBRA_ZK_BENCH_SQUARINGS=N,…`, default
//! `20000`: ≈ 58k rows); the cost of these operations depends on the
//! numbers of rows, witnesses and non-zero entries, not on what the step
//! computes (the bench shape has no advice block; with one, `W` is committed
//! in two parts of the same total length). The running pair is itself a
//! sampled pair: folding reads its values only through one matrix product,
//! whose cost does not depend on them. The CycleFold (Grumpkin) pair is
//! benched on its own shape.
#![allow(missing_docs, clippy::unwrap_used)]

#[path = "common/squarings.rs"]
mod squarings;

use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use criterion::{Criterion, criterion_group, criterion_main};
use squarings::{Squarings, sizes};
use umbra_folding::ivc::IvcParams;
use umbra_folding::transcript::TranscriptCurve;
use umbra_folding::{NovaParams, fold_with_random, sample_random_relaxed, verify_fold_with_random};

fn bench_curve<G: TranscriptCurve>(c: &mut Criterion, name: &str, pp: &NovaParams<G>)
where
    G::ScalarField: ark_ff::PrimeField,
{
    let shape = pp.shape();
    let mut group = c.benchmark_group(format!(
        "zk/{name}-{}-rows-{}-witnesses",
        shape.num_constraints(),
        shape.num_witness()
    ));
    group.sample_size(10);
    let mut rng = StdRng::seed_from_u64(1);
    group.bench_function("sample_random_relaxed", |b| {
        b.iter(|| sample_random_relaxed(pp, &mut rng).unwrap())
    });
    let (big_u, big_w) = sample_random_relaxed(pp, &mut rng).unwrap();
    group.bench_function("fold_with_random", |b| {
        b.iter(|| fold_with_random(pp, (&big_u, &big_w), &mut rng).unwrap())
    });
    let folded = fold_with_random(pp, (&big_u, &big_w), &mut rng).unwrap();
    group.bench_function("verify_fold_with_random", |b| {
        b.iter(|| verify_fold_with_random(pp, &big_u, &folded.proof).unwrap())
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    for n in sizes("UMBRA_ZK_BENCH_SQUARINGS", 20_000) {
        let step = Squarings(n);
        let pp = IvcParams::setup(&step, b"zk bench (insecure dev key)").unwrap();
        bench_curve(c, "primary-g1", pp.primary());
        bench_curve(c, "cyclefold-grumpkin", pp.cyclefold());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
