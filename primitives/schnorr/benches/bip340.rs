//! BIP-340 sign / verify / batch-verify: Umbra beside `k256::schnorr` and
//! libsecp256k1 (`secp256k1`), all in the one `bip340` group.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::type_complexity,
    missing_docs
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use umbra_schnorr::bip340::{BatchItem, Signature, SigningKey, VerifyingKey, verify_batch};

fn secret(i: u32) -> [u8; 32] {
    let mut s = [0x42u8; 32];
    s[..4].copy_from_slice(&i.to_be_bytes());
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("bip340");
    let msg = [0x5au8; 32];
    let aux = [0x17u8; 32];
    let sk = secret(1);

    let umbra = SigningKey::from_bytes(&sk).unwrap();
    let k = k256::schnorr::SigningKey::from_slice(&sk).unwrap();
    let lib = secp256k1::Keypair::from_secret_bytes(sk).unwrap();

    group.bench_function("sign/umbra", |b| {
        b.iter(|| umbra.sign_with_aux_rand(black_box(&msg), &aux).unwrap())
    });
    group.bench_function("sign/k256", |b| {
        b.iter(|| k.sign_raw(black_box(&msg), &aux).unwrap())
    });
    group.bench_function("sign/libsecp256k1", |b| {
        b.iter(|| secp256k1::schnorr::sign_with_aux_rand(black_box(&msg), &lib, &aux))
    });

    let sig = umbra.sign_with_aux_rand(&msg, &aux).unwrap();
    let vk = *umbra.verifying_key();
    let k_vk = *k.verifying_key();
    let k_sig = k256::schnorr::Signature::try_from(&sig.to_bytes()[..]).unwrap();
    let lib_pk = lib.x_only_public_key().0;
    let lib_sig = secp256k1::schnorr::Signature::from_byte_array(sig.to_bytes());

    group.bench_function("verify/umbra", |b| {
        b.iter(|| vk.verify_raw(black_box(&msg), &sig).unwrap())
    });
    group.bench_function("verify/k256", |b| {
        b.iter(|| k_vk.verify_raw(black_box(&msg), &k_sig).unwrap())
    });
    group.bench_function("verify/libsecp256k1", |b| {
        b.iter(|| secp256k1::schnorr::verify(&lib_sig, black_box(&msg), &lib_pk).unwrap())
    });
    // Parsing included (bytes in, verdict out).
    let pk_bytes = vk.to_bytes();
    let sig_bytes = sig.to_bytes();
    group.bench_function("verify-from-bytes/umbra", |b| {
        b.iter(|| umbra_schnorr::bip340::verify(&pk_bytes, black_box(&msg), &sig_bytes).unwrap())
    });

    // Batches: n signatures by n keys on n messages, single loop vs batch.
    let mut rng = common::TestRng::new(1);
    for n in [1usize, 2, 4, 8, 16, 32, 64] {
        let items: Vec<(VerifyingKey, [u8; 32], Signature)> = (0..n as u32)
            .map(|i| {
                let key = SigningKey::from_bytes(&secret(i + 10)).unwrap();
                let mut m = [0u8; 32];
                m[..4].copy_from_slice(&i.to_le_bytes());
                (
                    *key.verifying_key(),
                    m,
                    key.sign_with_aux_rand(&m, &aux).unwrap(),
                )
            })
            .collect();
        let refs: Vec<(&VerifyingKey, &[u8], &Signature)> =
            items.iter().map(|(k, m, s)| (k, &m[..], s)).collect();
        let batch: Vec<BatchItem<'_>> = refs.iter().map(|&t| t.into()).collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("batch-verify/umbra", n),
            &batch,
            |b, batch| b.iter(|| verify_batch(&mut rng, black_box(batch)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("single-verify-loop/umbra", n),
            &refs,
            |b, refs| {
                b.iter(|| {
                    for (k, m, s) in refs {
                        k.verify_raw(m, s).unwrap();
                    }
                })
            },
        );
        let lib_items: Vec<(
            secp256k1::XOnlyPublicKey,
            [u8; 32],
            secp256k1::schnorr::Signature,
        )> = items
            .iter()
            .map(|(k, m, s)| {
                (
                    secp256k1::XOnlyPublicKey::from_byte_array(k.to_bytes()).unwrap(),
                    *m,
                    secp256k1::schnorr::Signature::from_byte_array(s.to_bytes()),
                )
            })
            .collect();
        group.bench_with_input(
            BenchmarkId::new("single-verify-loop/libsecp256k1", n),
            &lib_items,
            |b, items| {
                b.iter(|| {
                    for (k, m, s) in items {
                        secp256k1::schnorr::verify(s, m, k).unwrap();
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
