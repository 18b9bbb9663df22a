//! Ed25519 beside ed25519-dalek and ed25519-zebra, in one group:
//! sign, each verification rule, and a batch of 64.
//!
//! `cargo bench -p umbra-eddsa --bench ed25519 -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use umbra_eddsa::batch::{BatchItem, verify_batch};
use umbra_eddsa::{Signature, SigningKey};

const MSG: &[u8] = b"Umbra benchmarks Ed25519 against ed25519-dalek and ed25519-zebra.";

fn bench(c: &mut Criterion) {
    let seed = [0x17u8; 32];
    let sk = SigningKey::from_bytes(&seed);
    let vk = sk.verifying_key();
    let sig = sk.sign(MSG);

    let d_sk = ed25519_dalek::SigningKey::from_bytes(&seed);
    let d_vk = d_sk.verifying_key();
    let d_sig = ed25519_dalek::Signature::from_bytes(&sig.to_bytes());

    let z_sk = ed25519_zebra::SigningKey::from(seed);
    let z_vk = ed25519_zebra::VerificationKey::from(&z_sk);
    let z_sig = ed25519_zebra::Signature::from_bytes(&sig.to_bytes());

    let mut g = c.benchmark_group("ed25519");

    g.bench_function("sign/umbra", |b| {
        b.iter(|| black_box(&sk).sign(black_box(MSG)))
    });
    g.bench_function("sign/ed25519-dalek", |b| {
        use ed25519_dalek::Signer;
        b.iter(|| black_box(&d_sk).sign(black_box(MSG)))
    });
    g.bench_function("sign/ed25519-zebra", |b| {
        b.iter(|| black_box(&z_sk).sign(black_box(MSG)))
    });

    g.bench_function("verify-rfc8032/umbra", |b| {
        b.iter(|| {
            black_box(&vk)
                .verify(black_box(MSG), black_box(&sig))
                .unwrap()
        })
    });
    g.bench_function("verify-rfc8032/ed25519-dalek", |b| {
        use ed25519_dalek::Verifier;
        b.iter(|| {
            black_box(&d_vk)
                .verify(black_box(MSG), black_box(&d_sig))
                .unwrap()
        })
    });
    g.bench_function("verify-strict/umbra", |b| {
        b.iter(|| {
            black_box(&vk)
                .verify_strict(black_box(MSG), black_box(&sig))
                .unwrap()
        })
    });
    g.bench_function("verify-strict/ed25519-dalek", |b| {
        b.iter(|| {
            black_box(&d_vk)
                .verify_strict(black_box(MSG), black_box(&d_sig))
                .unwrap()
        })
    });
    g.bench_function("verify-zip215/umbra", |b| {
        b.iter(|| {
            black_box(&vk)
                .verify_zip215(black_box(MSG), black_box(&sig))
                .unwrap()
        })
    });
    g.bench_function("verify-zip215/ed25519-zebra", |b| {
        b.iter(|| {
            black_box(&z_vk)
                .verify(black_box(&z_sig), black_box(MSG))
                .unwrap()
        })
    });

    // A batch of 64 distinct keys and messages, end to end (hashing included).
    let mut rng = common::TestRng::new(b"bench batch");
    let items: Vec<(SigningKey, Vec<u8>, Signature)> = (0..64)
        .map(|i| {
            let sk = SigningKey::generate(&mut rng);
            let msg = format!("batch message {i}").into_bytes();
            let sig = sk.sign(&msg);
            (sk, msg, sig)
        })
        .collect();
    let vks: Vec<_> = items.iter().map(|(s, _, _)| s.verifying_key()).collect();
    let d_vks: Vec<_> = vks
        .iter()
        .map(|v| ed25519_dalek::VerifyingKey::from_bytes(&v.to_bytes()).unwrap())
        .collect();
    let d_sigs: Vec<_> = items
        .iter()
        .map(|(_, _, s)| ed25519_dalek::Signature::from_bytes(&s.to_bytes()))
        .collect();
    let msgs: Vec<&[u8]> = items.iter().map(|(_, m, _)| m.as_slice()).collect();

    g.bench_function("batch64/umbra", |b| {
        b.iter(|| {
            let batch: Vec<BatchItem<'_>> = vks
                .iter()
                .zip(&items)
                .map(|(vk, (_, m, s))| BatchItem::new(vk, m, s))
                .collect();
            verify_batch(&mut rng, &batch).unwrap();
        })
    });
    g.bench_function("batch64/ed25519-dalek", |b| {
        b.iter(|| ed25519_dalek::verify_batch(&msgs, &d_sigs, &d_vks).unwrap())
    });
    let z_items: Vec<_> = items
        .iter()
        .map(|(s, m, sig)| {
            (
                ed25519_zebra::VerificationKeyBytes::from(s.verifying_key().to_bytes()),
                ed25519_zebra::Signature::from_bytes(&sig.to_bytes()),
                m.clone(),
            )
        })
        .collect();
    g.bench_function("batch64/ed25519-zebra", |b| {
        let mut zrng = common::TestRng::new(b"zebra batch");
        b.iter_batched(
            || {
                let mut v = ed25519_zebra::batch::Verifier::new();
                for (k, s, m) in &z_items {
                    v.queue((*k, *s, m));
                }
                v
            },
            |v| v.verify(&mut zrng).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
