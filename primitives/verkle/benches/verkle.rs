//! Criterion benches for umbra-verkle. The comparison column is arkworks'
//! own variable-base MSM / scalar multiplication (what a user would
//! otherwise call). rust-verkle is not a dependency (it is not on crates.io);
//! the same-run comparison with it is described in docs/benchmarks.md.
//!
//! Benches always build with the `parallel` feature (the crate's
//! dev-dependency on itself), and every group name carries the rayon thread
//! count, e.g. `verkle/2t/ipa_256`. `RAYON_NUM_THREADS=1` gives the
//! single-thread numbers (the sequential code; arkworks' MSMs also run on
//! one thread then).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::UniformRand;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use umbra_verkle::commit::inner_product;
use umbra_verkle::ipa;
use umbra_verkle::multiproof::{self, ProverQuery, VerifierQuery};
use umbra_verkle::{
    Banderwagon, BanderwagonPoint, BanderwagonScalar as Fr, Committer, Crs, Domain, Transcript,
    VerkleTree,
};

type T = Transcript<Banderwagon>;

/// `verkle/<threads>t/<name>`.
fn group_name(name: &str) -> String {
    format!("verkle/{}t/{name}", rayon::current_num_threads())
}

fn benches(c: &mut Criterion) {
    let committer = Committer::<Banderwagon>::new(Crs::new());
    let crs = committer.crs().clone();
    let domain = Domain::<Fr>::new(256);
    let mut rng = ark_std::test_rng();
    let values: Vec<Fr> = (0..256).map(|_| Fr::rand(&mut rng)).collect();

    {
        let mut g = c.benchmark_group(group_name("commit_256"));
        g.bench_function("umbra_tables", |b| {
            b.iter(|| committer.commit(black_box(&values)))
        });
        g.bench_function("arkworks_msm", |b| {
            b.iter(|| BanderwagonPoint::msm(&crs.g_affine, black_box(&values)).unwrap())
        });
        g.finish();
    }
    {
        let cm = committer.commit(&values).unwrap();
        let new = Fr::rand(&mut rng);
        let mut g = c.benchmark_group(group_name("update_one_slot"));
        g.bench_function("umbra_tables", |b| {
            b.iter(|| committer.update(black_box(&cm), 77, &values[77], black_box(&new)))
        });
        g.bench_function("arkworks_scalar_mul", |b| {
            b.iter(|| cm + crs.g[77] * (black_box(new) - values[77]))
        });
        g.finish();
    }
    {
        let cm = committer.commit(&values).unwrap();
        let z = Fr::from(2101u64);
        let bvec = domain.barycentric_coefficients(&z);
        let y = inner_product(&values, &bvec);
        let proof = ipa::prove(
            &mut T::new(b"b"),
            &crs,
            values.clone(),
            &cm,
            bvec.clone(),
            &z,
        )
        .unwrap();
        let mut g = c.benchmark_group(group_name("ipa_256"));
        g.sample_size(10);
        g.bench_function("prove", |b| {
            b.iter(|| {
                ipa::prove(
                    &mut T::new(b"b"),
                    &crs,
                    values.clone(),
                    &cm,
                    bvec.clone(),
                    &z,
                )
                .unwrap()
            })
        });
        g.bench_function("prove_with_tables", |b| {
            b.iter(|| {
                ipa::prove_with_tables(
                    &mut T::new(b"b"),
                    &committer,
                    values.clone(),
                    &cm,
                    bvec.clone(),
                    &z,
                )
                .unwrap()
            })
        });
        g.bench_function("verify", |b| {
            b.iter(|| ipa::verify(&mut T::new(b"b"), &crs, &cm, &proof, &z, &y, &bvec).unwrap())
        });
        g.finish();
    }
    {
        // 16,000 distinct polynomials (and commitments): 64 random base
        // polynomials, each copy perturbed in one slot (cheap to commit
        // with the O(1) update). Each opening uses its own polynomial at a
        // pseudo-random point, so the verifier's MSM has 16,000 distinct
        // points like rust-verkle's benchmark.
        let base: Vec<Vec<Fr>> = (0..64)
            .map(|_| (0..256).map(|_| Fr::rand(&mut rng)).collect())
            .collect();
        let base_c: Vec<BanderwagonPoint> =
            base.iter().map(|p| committer.commit(p).unwrap()).collect();
        let mut polys: Vec<Vec<Fr>> = Vec::with_capacity(16_000);
        let mut comms: Vec<BanderwagonPoint> = Vec::with_capacity(16_000);
        for i in 0..16_000usize {
            let p = i % 64;
            let slot = (i / 64) % 256;
            let delta = Fr::rand(&mut rng);
            let mut poly = base[p].clone();
            poly[slot] += delta;
            comms.push(base_c[p] + committer.scalar_mul_generator(slot, &delta).unwrap());
            polys.push(poly);
        }
        let comms = BanderwagonPoint::normalize_batch(&comms);
        let mut g = c.benchmark_group(group_name("multiproof"));
        g.sample_size(10);
        for n in [1usize, 1_000, 16_000] {
            let queries: Vec<ProverQuery<'_, Banderwagon>> = (0..n)
                .map(|i| {
                    let p = i;
                    let z = (i * 104_729 + 5) % 256;
                    ProverQuery {
                        commitment: comms[p].into(),
                        poly: &polys[p],
                        point: z,
                        result: polys[p][z],
                    }
                })
                .collect();
            let vq: Vec<VerifierQuery<Banderwagon>> =
                queries.iter().map(ProverQuery::verifier_query).collect();
            let proof =
                multiproof::prove(&committer, &domain, &mut T::new(b"m"), &queries).unwrap();
            g.bench_function(format!("prove/{n}"), |b| {
                b.iter(|| {
                    multiproof::prove(&committer, &domain, &mut T::new(b"m"), &queries).unwrap()
                })
            });
            g.bench_function(format!("verify/{n}"), |b| {
                b.iter(|| {
                    multiproof::verify(&crs, &domain, &mut T::new(b"m"), &vq, &proof).unwrap()
                })
            });
        }
        // rust-verkle's benchmark shape (ipa-multipoint benches
        // `multipoint_verify`): every opening is of one and the same
        // polynomial and commitment, at domain point 1, with the commitments
        // handed to the verifier already decoded.
        {
            let n = 16_000usize;
            let cm: BanderwagonPoint = comms[0].into();
            let queries: Vec<ProverQuery<'_, Banderwagon>> = (0..n)
                .map(|_| ProverQuery {
                    commitment: cm,
                    poly: &polys[0],
                    point: 1,
                    result: polys[0][1],
                })
                .collect();
            let vq: Vec<VerifierQuery<Banderwagon>> =
                queries.iter().map(ProverQuery::verifier_query).collect();
            let proof =
                multiproof::prove(&committer, &domain, &mut T::new(b"m"), &queries).unwrap();
            g.bench_function(format!("verify_one_commitment/{n}"), |b| {
                b.iter(|| {
                    multiproof::verify(&crs, &domain, &mut T::new(b"m"), &vq, &proof).unwrap()
                })
            });
        }
        g.finish();
    }
    {
        let mut tree = VerkleTree::new(&committer);
        let mut key = [0u8; 32];
        for i in 0..1000u32 {
            let h: [u8; 32] = core::array::from_fn(|j| {
                (i.wrapping_mul(2654435761).rotate_left(j as u32) >> 3) as u8 ^ j as u8
            });
            tree.insert(&h, h);
            key = h;
        }
        let mut g = c.benchmark_group(group_name("tree"));
        let mut ctr = 0u64;
        g.bench_function("insert_into_1000", |b| {
            b.iter_batched(
                || {
                    ctr += 1;
                    let mut k = key;
                    k[..8].copy_from_slice(&ctr.to_le_bytes());
                    k
                },
                |k| tree.insert(&k, k),
                BatchSize::SmallInput,
            )
        });
        g.finish();
    }
}

criterion_group!(verkle, benches);
criterion_main!(verkle);
