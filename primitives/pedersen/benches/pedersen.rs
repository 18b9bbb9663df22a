//! Pedersen commitment benches: each group's scalar and vector commitments,
//! with dalek `bulletproofs`' `PedersenGens::commit` and `sapling-crypto`'s
//! value commitment (the crates a user would otherwise pick) in the same
//! group, and the Sapling Pedersen hash beside sapling-crypto's.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use umbra_pedersen::sapling::{PedersenHasher, Personalization, pedersen_hash_to_point};
use umbra_pedersen::{
    Commitment, Generators, Grumpkin, Jubjub, Opening, PedersenGroup, Ristretto255, Secp256k1,
    VectorOpening,
};

fn wide(rng: &mut StdRng) -> [u8; 64] {
    let mut b = [0u8; 64];
    rng.fill_bytes(&mut b);
    b
}

fn scalar_commit_for<G: PedersenGroup>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    v: &[u8; 64],
    r: &[u8; 64],
) {
    let gens = Generators::<G>::standard();
    let o = Opening::<G>::new(G::scalar_from_wide(v), G::scalar_from_wide(r));
    group.bench_function(format!("umbra/{}", G::NAME), |b| {
        b.iter(|| Commitment::commit(&gens, black_box(&o)))
    });
}

fn scalar_commit(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let (v, r) = (wide(&mut rng), wide(&mut rng));
    let mut group = c.benchmark_group("pedersen/commit");

    scalar_commit_for::<Ristretto255>(&mut group, &v, &r);
    let bp = bulletproofs::PedersenGens::default();
    let (bv, br) = (
        curve25519_dalek_v4::Scalar::from_bytes_mod_order_wide(&v),
        curve25519_dalek_v4::Scalar::from_bytes_mod_order_wide(&r),
    );
    group.bench_function("bulletproofs/ristretto255", |b| {
        b.iter(|| bp.commit(black_box(bv), black_box(br)))
    });

    scalar_commit_for::<Secp256k1>(&mut group, &v, &r);
    scalar_commit_for::<Grumpkin>(&mut group, &v, &r);
    scalar_commit_for::<Jubjub>(&mut group, &v, &r);
    // Sapling value commitments: the same generators as Umbra's Jubjub.
    let mut rcv = [0u8; 32];
    rcv[..31].copy_from_slice(&r[..31]);
    let trapdoor = sapling_crypto::value::ValueCommitTrapdoor::from_bytes(rcv).unwrap();
    let value = sapling_crypto::value::NoteValue::from_raw(123_456_789);
    group.bench_function("sapling-crypto/jubjub", |b| {
        b.iter(|| {
            sapling_crypto::value::ValueCommitment::derive(black_box(value), trapdoor.clone())
        })
    });
    group.finish();
}

fn vector_commit_for<G: PedersenGroup>(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(2);
    let mut group = c.benchmark_group("pedersen/commit_vector");
    for n in [2u32, 16, 256] {
        let gens = Generators::<G>::with_vector_len(n);
        let values = (0..n)
            .map(|_| G::scalar_from_wide(&wide(&mut rng)))
            .collect();
        let o = VectorOpening::<G>::new(values, G::scalar_from_wide(&wide(&mut rng)));
        group.bench_with_input(
            BenchmarkId::new(format!("umbra/{}", G::NAME), n),
            &o,
            |b, o| b.iter(|| Commitment::commit_vector(&gens, black_box(o))),
        );
    }
    group.finish();
}

fn vector_commit(c: &mut Criterion) {
    vector_commit_for::<Ristretto255>(c);
    vector_commit_for::<Secp256k1>(c);
    vector_commit_for::<Jubjub>(c);
    vector_commit_for::<Grumpkin>(c);
}

/// The Sapling Pedersen hash of a Merkle-tree node (510 bits) and of a
/// note-commitment-sized input (582 bits), beside sapling-crypto.
fn sapling_hash(c: &mut Criterion) {
    let mut group = c.benchmark_group("pedersen/sapling_hash");
    for len in [510usize, 582] {
        let bits: Vec<bool> = (0..len).map(|i| (i * 7 + 3) % 5 < 2).collect();
        group.bench_with_input(BenchmarkId::new("umbra", len), &bits, |b, bits| {
            b.iter(|| pedersen_hash_to_point(Personalization::MerkleTree(5), bits.iter().copied()))
        });
        let hasher = PedersenHasher::new(len);
        group.bench_with_input(BenchmarkId::new("umbra-hasher", len), &bits, |b, bits| {
            b.iter(|| hasher.hash_to_point(Personalization::MerkleTree(5), bits.iter().copied()))
        });
        group.bench_with_input(BenchmarkId::new("sapling-crypto", len), &bits, |b, bits| {
            b.iter(|| {
                sapling_crypto::pedersen_hash::pedersen_hash(
                    sapling_crypto::pedersen_hash::Personalization::MerkleTree(5),
                    bits.iter().copied(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scalar_commit, vector_commit, sapling_hash);
criterion_main!(benches);
