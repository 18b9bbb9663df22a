//! Instruction-count probe for callgrind (machine-load independent):
//! `cargo build --profile ctgrind -p umbra-verkle --example perf_probe` then
//! `valgrind --tool=callgrind --toggle-collect='*probe_*' target/ctgrind/examples/perf_probe <mode>`
//! with mode `ipa_prove`, `ipa_verify`, `mp_verify_distinct` (16,000 openings of
//! distinct commitments) or `mp_verify_same` (16,000 openings of one
//! commitment at point 1, rust-verkle's benchmark shape).
//!
//! With `PROBE_ITERS=N` (release-like build, no valgrind) the probe runs `N`
//! times and prints the mean on-CPU time per run, read from
//! `/proc/self/schedstat` (Linux): less sensitive to a loaded machine than
//! wall time, since time spent waiting for a core is not counted.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ark_ec::CurveGroup;
use ark_ff::UniformRand;
use std::hint::black_box;
use umbra_verkle::commit::inner_product;
use umbra_verkle::ipa;
use umbra_verkle::multiproof::{self, ProverQuery, VerifierQuery};
use umbra_verkle::{
    Banderwagon, BanderwagonPoint, BanderwagonScalar as Fr, Committer, Crs, Domain, Transcript,
    VerkleGroup,
};

type T = Transcript<Banderwagon>;

fn iters() -> usize {
    std::env::var("PROBE_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

fn on_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn timed(label: &str, mut f: impl FnMut()) {
    let n = iters();
    f(); // warm-up
    let (c0, t0) = (on_cpu_ns(), std::time::Instant::now());
    for _ in 0..n {
        f();
    }
    let (c1, t1) = (on_cpu_ns(), t0.elapsed());
    if n > 1 {
        println!(
            "{label}: {n} runs, on-CPU {:.2} ms/run, wall {:.2} ms/run",
            (c1 - c0) as f64 / n as f64 / 1e6,
            t1.as_secs_f64() * 1e3 / n as f64
        );
    }
}

#[inline(never)]
fn probe_ipa_prove(
    committer: &Committer<Banderwagon>,
    values: &[Fr],
    cm: &BanderwagonPoint,
    bvec: Vec<Fr>,
) {
    let z = Fr::from(2101u64);
    black_box(
        ipa::prove_with_tables(&mut T::new(b"b"), committer, values.to_vec(), cm, bvec, &z)
            .unwrap(),
    );
}

#[inline(never)]
fn probe_ipa_verify(
    crs: &Crs<Banderwagon>,
    cm: &BanderwagonPoint,
    proof: &ipa::IpaProof<Banderwagon>,
    y: &Fr,
    bvec: &[Fr],
) {
    let z = Fr::from(2101u64);
    ipa::verify(&mut T::new(b"b"), crs, cm, proof, &z, y, bvec).unwrap();
}

#[inline(never)]
fn probe_mp_verify(
    crs: &Crs<Banderwagon>,
    domain: &Domain<Fr>,
    vq: &[VerifierQuery<Banderwagon>],
    proof: &multiproof::MultiProof<Banderwagon>,
) {
    multiproof::verify(crs, domain, &mut T::new(b"m"), vq, proof).unwrap();
}

#[inline(never)]
fn probe_decode(enc: &[[u8; 32]]) {
    for e in enc {
        let _ = black_box(Banderwagon::decode(e).unwrap());
    }
}

#[inline(never)]
fn probe_decode_batch(enc: &[[u8; 32]]) {
    let _ = black_box(Banderwagon::decode_batch(enc).unwrap());
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let committer = Committer::<Banderwagon>::new(Crs::new());
    let crs = committer.crs().clone();
    let domain = Domain::<Fr>::new(256);
    let mut rng = ark_std::test_rng();
    let values: Vec<Fr> = (0..256).map(|_| Fr::rand(&mut rng)).collect();
    let cm = committer.commit(&values).unwrap();
    match mode.as_str() {
        "ipa_prove" => {
            let bvec = domain.barycentric_coefficients(&Fr::from(2101u64));
            timed("ipa_prove", || {
                probe_ipa_prove(&committer, &values, &cm, bvec.clone())
            })
        }
        "ipa_verify" => {
            let z = Fr::from(2101u64);
            let bvec = domain.barycentric_coefficients(&z);
            let y = inner_product(&values, &bvec);
            let proof = ipa::prove_with_tables(
                &mut T::new(b"b"),
                &committer,
                values.clone(),
                &cm,
                bvec.clone(),
                &z,
            )
            .unwrap();
            timed("ipa_verify", || {
                probe_ipa_verify(&crs, &cm, &proof, &y, &bvec)
            });
        }
        "mp_verify_distinct" | "mp_verify_same" => {
            let same = mode == "mp_verify_same";
            let n = 16_000usize;
            let mut comms = Vec::with_capacity(n);
            let mut points = Vec::with_capacity(n);
            for i in 0..n {
                if same {
                    comms.push(cm);
                    points.push(1usize);
                } else {
                    let slot = i % 256;
                    let d = Fr::from(i as u64 + 1);
                    comms.push(cm + committer.scalar_mul_generator(slot, &d).unwrap());
                    points.push((i * 104_729 + 5) % 256);
                }
            }
            let comms = BanderwagonPoint::normalize_batch(&comms);
            let polys: Vec<Vec<Fr>> = if same {
                vec![values.clone()]
            } else {
                (0..n)
                    .map(|i| {
                        let mut p = values.clone();
                        p[i % 256] += Fr::from(i as u64 + 1);
                        p
                    })
                    .collect()
            };
            let queries: Vec<ProverQuery<'_, Banderwagon>> = (0..n)
                .map(|i| {
                    let p = if same { &polys[0] } else { &polys[i] };
                    ProverQuery {
                        commitment: comms[i].into(),
                        poly: p,
                        point: points[i],
                        result: p[points[i]],
                    }
                })
                .collect();
            let proof =
                multiproof::prove(&committer, &domain, &mut T::new(b"m"), &queries).unwrap();
            let vq: Vec<VerifierQuery<Banderwagon>> =
                queries.iter().map(ProverQuery::verifier_query).collect();
            timed(&mode, || probe_mp_verify(&crs, &domain, &vq, &proof));
        }
        "decode_1000" | "decode_batch_1000" => {
            let pts: Vec<BanderwagonPoint> = (1..=1000u64)
                .map(|i| cm + committer.scalar_mul_generator(7, &Fr::from(i)).unwrap())
                .collect();
            let enc = Banderwagon::encode_batch(&pts);
            if mode == "decode_1000" {
                timed(&mode, || probe_decode(&enc));
            } else {
                timed(&mode, || probe_decode_batch(&enc));
            }
        }
        _ => eprintln!("mode: ipa_prove | ipa_verify | mp_verify_distinct | mp_verify_same"),
    }
}
