//! What a witness commitment costs by the bit width of its scalars.
//!
//! Issue #21 asks that committing a witness made of bits, bytes and words
//! not cost a full-width MSM. The engine commits with
//! [`CommitmentKey::commit`], which calls arkworks 0.6's
//! `VariableBaseMSM::msm`; since 0.6 that MSM partitions the scalars by bit
//! width (booleans, ±u8, ±u16, ±u32, ±u64, the rest) and runs a narrower
//! Pippenger on each class. A Pippenger without that partition does the
//! same work for every scalar whatever its size, which is the `full-width`
//! row: the ratio of a row to it is the gain of the bucketing.
//!
//! Each row commits `2^16` values (≈ half the witness of the CPU step at
//! `k = 256`) with a fresh blind, on the same transparent key:
//! - `bits`, `bytes`, `words` (u32): every value of that width;
//! - `cpu-mix`: 60 % bits, 25 % bytes, 10 % words, 5 % full width, near the
//!   mix of the CPU step's witness (bit decompositions, byte lanes,
//!   register words, a few field elements from the transcript and the bus);
//! - `full-width`: uniformly random field elements.
//!
//! Run: `cargo bench -p umbra-folding --bench msm`.
#![allow(missing_docs, clippy::unwrap_used)]

use ark_bn254::{Fr, G1Projective};
use ark_ff::UniformRand;
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{Rng, SeedableRng};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use umbra_folding::CommitmentKey;

const N: usize = 1 << 16;

fn vector(kind: &str, rng: &mut StdRng) -> Vec<Fr> {
    (0..N)
        .map(|_| match kind {
            "bits" => Fr::from(rng.gen_range(0u64..2)),
            "bytes" => Fr::from(rng.gen_range(0u64..256)),
            "words" => Fr::from(u64::from(rng.r#gen::<u32>())),
            "full-width" => Fr::rand(rng),
            _ => match rng.gen_range(0u32..100) {
                0..60 => Fr::from(rng.gen_range(0u64..2)),
                60..85 => Fr::from(rng.gen_range(0u64..256)),
                85..95 => Fr::from(u64::from(rng.r#gen::<u32>())),
                _ => Fr::rand(rng),
            },
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let key =
        CommitmentKey::<G1Projective>::transparent_setup(N, b"umbra-folding/bench/msm").unwrap();
    let mut rng = StdRng::seed_from_u64(21);
    let mut group = c.benchmark_group("commit 2^16 (BN254 G1)");
    group.sample_size(20);
    for kind in ["bits", "bytes", "words", "cpu-mix", "full-width"] {
        let v = vector(kind, &mut rng);
        let blind = Fr::rand(&mut rng);
        group.bench_with_input(BenchmarkId::from_parameter(kind), &v, |b, v| {
            b.iter(|| key.commit(v, &blind).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
