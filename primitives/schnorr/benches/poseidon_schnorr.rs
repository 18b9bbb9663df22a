//! Schnorr with a Poseidon challenge (Jubjub and Baby Jubjub) sign / verify:
//! Umbra beside the Zcash Foundation's `reddsa` RedJubjub (the Jubjub
//! Schnorr a user would otherwise pick), all in the one `poseidon_schnorr`
//! group. The message is one field element for the Poseidon scheme and its
//! 32-byte encoding for RedJubjub.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use common::TestRng;
use criterion::{Criterion, criterion_group, criterion_main};
use reddsa::sapling;
use umbra_schnorr::poseidon_schnorr::{BabyJubjub, Curve, PoseidonSchnorr, SigningKey};

fn bench_curve<C: Curve>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    label: &str,
    rng: &mut TestRng,
) {
    let scheme = PoseidonSchnorr::<C>::new().unwrap();
    let key = SigningKey::<C>::generate(rng);
    let msg = [C::Base::from(0x5a5a_5a5au64)];
    let aux = [0x11u8; 32];
    group.bench_function(format!("sign/umbra-poseidon-{label}"), |b| {
        b.iter(|| scheme.sign(&key, black_box(&msg), Some(&aux)).unwrap())
    });
    let sig = scheme.sign(&key, &msg, Some(&aux)).unwrap();
    let pk = *key.verifying_key();
    group.bench_function(format!("verify/umbra-poseidon-{label}"), |b| {
        b.iter(|| scheme.verify(&pk, black_box(&msg), &sig).unwrap())
    });
    // From bytes: key and signature parsing (decompression, subgroup checks)
    // included, like reddsa's verify of signature bytes.
    let pk_bytes = pk.to_bytes();
    let sig_bytes = sig.to_bytes();
    group.bench_function(format!("verify_bytes/umbra-poseidon-{label}"), |b| {
        b.iter(|| {
            scheme
                .verify_bytes(black_box(&pk_bytes), black_box(&msg), &sig_bytes)
                .unwrap()
        })
    });
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("poseidon_schnorr");
    let mut rng = TestRng::new(7);

    bench_curve::<umbra_schnorr::poseidon_schnorr::Jubjub>(&mut group, "jubjub", &mut rng);

    let theirs = reddsa::SigningKey::<sapling::SpendAuth>::new(&mut rng);
    let msg = [0x5au8; 32];
    group.bench_function("sign/reddsa-redjubjub", |b| {
        b.iter(|| theirs.sign(&mut rng, black_box(&msg)))
    });
    let sig = theirs.sign(&mut rng, &msg);
    let vk = reddsa::VerificationKey::from(&theirs);
    group.bench_function("verify/reddsa-redjubjub", |b| {
        b.iter(|| vk.verify(black_box(&msg), &sig).unwrap())
    });
    // From bytes: key parsing included.
    let vk_bytes: [u8; 32] = vk.into();
    group.bench_function("verify_bytes/reddsa-redjubjub", |b| {
        b.iter(|| {
            reddsa::VerificationKey::<sapling::SpendAuth>::try_from(black_box(vk_bytes))
                .unwrap()
                .verify(black_box(&msg), &sig)
                .unwrap()
        })
    });

    bench_curve::<BabyJubjub>(&mut group, "babyjubjub", &mut rng);

    group.bench_function("setup/umbra-poseidon-jubjub", |b| {
        b.iter(|| PoseidonSchnorr::<umbra_schnorr::poseidon_schnorr::Jubjub>::new().unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
