//! RedJubjub (SpendAuth) sign / verify / batch-verify / randomize: Umbra
//! beside the Zcash Foundation's `reddsa`, all in the one `redjubjub` group.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use common::TestRng;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use group::ff::PrimeField as _;
use reddsa::sapling;
use umbra_schnorr::redjubjub::{BatchItem, Randomizer, SigningKey, SpendAuth, verify_batch};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("redjubjub");
    let mut rng = TestRng::new(1);
    let msg = [0x5au8; 32];

    let umbra = SigningKey::<SpendAuth>::generate(&mut rng);
    let theirs = reddsa::SigningKey::<sapling::SpendAuth>::from_bytes(&umbra.to_bytes()).unwrap();

    group.bench_function("sign/umbra", |b| {
        b.iter(|| umbra.sign(&mut rng, black_box(&msg)))
    });
    group.bench_function("sign/reddsa", |b| {
        b.iter(|| theirs.sign(&mut rng, black_box(&msg)))
    });

    let sig = umbra.sign(&mut rng, &msg);
    let vk = *umbra.verification_key();
    let their_vk = reddsa::VerificationKey::<sapling::SpendAuth>::try_from(vk.to_bytes()).unwrap();
    let their_sig = reddsa::Signature::<sapling::SpendAuth>::from(sig.to_bytes());
    group.bench_function("verify/umbra", |b| {
        b.iter(|| vk.verify(black_box(&msg), &sig).unwrap())
    });
    group.bench_function("verify/reddsa", |b| {
        b.iter(|| their_vk.verify(black_box(&msg), &their_sig).unwrap())
    });

    let alpha = Randomizer::generate(&mut rng);
    let their_alpha =
        reddsa::Randomizer::<sapling::SpendAuth>::from_repr(alpha.to_bytes()).unwrap();
    group.bench_function("randomize_sk/umbra", |b| {
        b.iter(|| umbra.randomize(black_box(&alpha)))
    });
    group.bench_function("randomize_sk/reddsa", |b| {
        b.iter(|| theirs.randomize(black_box(&their_alpha)))
    });

    for n in [16usize, 64] {
        let keys: Vec<_> = (0..n)
            .map(|_| SigningKey::<SpendAuth>::generate(&mut rng))
            .collect();
        let sigs: Vec<_> = keys.iter().map(|k| k.sign(&mut rng, &msg)).collect();
        let items: Vec<_> = keys
            .iter()
            .zip(&sigs)
            .map(|(k, s)| BatchItem::spend_auth(k.verification_key(), &msg, s))
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("verify_batch/umbra", n), &n, |b, _| {
            b.iter(|| verify_batch(&mut rng, black_box(&items)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("verify_batch/reddsa", n), &n, |b, _| {
            b.iter(|| {
                let mut v = reddsa::batch::Verifier::<sapling::SpendAuth, sapling::Binding>::new();
                for (k, s) in keys.iter().zip(&sigs) {
                    let vkb: reddsa::VerificationKeyBytes<sapling::SpendAuth> =
                        k.verification_key().to_bytes().into();
                    v.queue(reddsa::batch::Item::from_spendauth(
                        vkb,
                        s.to_bytes().into(),
                        &msg,
                    ));
                }
                v.verify(&mut rng).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
