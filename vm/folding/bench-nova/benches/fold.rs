//! Per-fold (one IVC step) time of umbra-folding and nova-snark on the same
//! step, a chain of squarings, in one bench group per step size.
//!
//! Both sides fold relaxed R1CS over BN254 with Grumpkin for the
//! secondary curve (nova-snark: `Bn256EngineKZG` + `GrumpkinEngine`;
//! Umbra: Nova + CycleFold). Both parallelise with rayon (umbra-folding
//! through its default `parallel` feature); set `RAYON_NUM_THREADS=1` for a
//! per-core comparison. Step sizes: `UMBRA_BENCH_SIZES=0,32768,131072`
//! (default `0,32768`).
#![allow(missing_docs, clippy::unwrap_used)]

use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use criterion::{Criterion, criterion_group, criterion_main};
use nova_snark::nova::{PublicParams, RecursiveSNARK};
use nova_snark::provider::{Bn256EngineKZG, GrumpkinEngine};
use nova_snark::traits::Engine;
use nova_snark::traits::circuit::NonTrivialCircuit;
use nova_snark::traits::snark::default_ck_hint;
use umbra_folding::ivc::{IvcParams, IvcProver, verify};
use umbra_folding_bench_nova::Squarings;

type E1 = Bn256EngineKZG;
type E2 = GrumpkinEngine;
type NovaC = NonTrivialCircuit<<E1 as Engine>::Scalar>;

fn sizes() -> Vec<usize> {
    std::env::var("UMBRA_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|v| v.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![0, 32768])
}

fn bench(c: &mut Criterion) {
    for n in sizes() {
        let mut group = c.benchmark_group(format!("fold/step-{n}-squarings"));
        group.sample_size(10);

        // nova-snark
        let nc = NovaC::new(n);
        let npp =
            PublicParams::<E1, E2, NovaC>::setup(&nc, &*default_ck_hint(), &*default_ck_hint())
                .unwrap();
        let z0 = [<E1 as Engine>::Scalar::from(2u64)];
        let mut rs = RecursiveSNARK::<E1, E2, NovaC>::new(&npp, &nc, &z0).unwrap();
        for i in 0..3 {
            rs.prove_step(&npp, &nc).unwrap();
            rs.verify(&npp, i + 1, &z0).unwrap();
        }
        let (nova_primary, _) = npp.num_constraints();
        group.bench_function(
            format!("nova-snark ({nova_primary} primary constraints)"),
            |b| b.iter(|| rs.clone().prove_step(&npp, &nc).unwrap()),
        );

        // umbra-folding
        let step = Squarings { num_cons: n };
        let upp = IvcParams::setup(&step, b"bench (insecure dev key)").unwrap();
        let mut rng = StdRng::seed_from_u64(1);
        let mut prover = IvcProver::new(&upp, &step, vec![ark_bn254::Fr::from(2u64)]).unwrap();
        for _ in 0..3 {
            prover.prove_step(&mut rng).unwrap();
        }
        verify(&upp, &prover.proof().unwrap()).unwrap();
        let ucons = upp.primary().shape().num_constraints();
        group.bench_function(
            format!("umbra-folding ({ucons} primary constraints)"),
            |b| b.iter(|| prover.prove_step(&mut rng).unwrap()),
        );
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
