//! Feldman verification of n shares (n = 3..64, degree ⌊(n−1)/2⌋): one
//! check per share vs one random-linear-combination batch, in the one
//! `feldman` group.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::type_complexity,
    missing_docs
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use umbra_tecdsa::feldman::{verify_share, verify_shares_batch};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("feldman");
    let mut rng = support::TestRng::new(5);
    for n in [3u16, 8, 16, 32, 64] {
        let t = usize::from(n - 1) / 2;
        let d = support::deal(&mut rng, t, n);
        group.throughput(Throughput::Elements(u64::from(n)));
        group.bench_with_input(BenchmarkId::new("single", n), &d, |b, d| {
            b.iter(|| {
                for (i, s) in &d.shares {
                    verify_share(black_box(&d.commitments), t, *i, s).unwrap();
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("batched", n), &d, |b, d| {
            b.iter(|| {
                verify_shares_batch(&mut rng, black_box(&d.commitments), t, &d.shares).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
