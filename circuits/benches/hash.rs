//! Witness-generation (synthesis) time of the hash gadgets: one SHA-256
//! block beside ark-crypto-primitives' `Sha256Gadget` on the same message,
//! one SHA-512 compression, one Keccak-f[1600] permutation.
#![allow(missing_docs, clippy::unwrap_used)]

use ark_bn254::Fr;
use ark_crypto_primitives::crh::sha256::constraints::Sha256Gadget;
use ark_r1cs_std::{alloc::AllocVar, uint8::UInt8, uint32::UInt32, uint64::UInt64};
use ark_relations::gr1cs::ConstraintSystem;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use umbra_circuits::hash::{
    SHA256_IV, SHA512_IV, keccak_f1600_var, sha256_compress_var, sha256_var, sha512_compress_var,
};

fn msg(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(7))
        .collect()
}

fn sha256(c: &mut Criterion) {
    let m = msg(55);
    let mut g = c.benchmark_group("circuits/sha256_one_block_55B");
    g.bench_function("umbra", |b| {
        b.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let v = UInt8::new_witness_vec(cs.clone(), &m).unwrap();
            black_box(sha256_var(&v).unwrap());
        })
    });
    g.bench_function("ark-crypto-primitives", |b| {
        b.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let v = UInt8::new_witness_vec(cs.clone(), &m).unwrap();
            black_box(Sha256Gadget::digest(&v).unwrap());
        })
    });
    g.finish();
    let mut g = c.benchmark_group("circuits/sha256_compress_variable_state");
    g.bench_function("umbra", |b| {
        b.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let st: [UInt32<Fr>; 8] =
                SHA256_IV.map(|w| UInt32::new_witness(cs.clone(), || Ok(w)).unwrap());
            let blk: [UInt8<Fr>; 64] = UInt8::new_witness_vec(cs.clone(), &msg(64))
                .unwrap()
                .try_into()
                .unwrap();
            black_box(sha256_compress_var(&st, &blk).unwrap());
        })
    });
    g.finish();
}

fn sha512(c: &mut Criterion) {
    let mut g = c.benchmark_group("circuits/sha512_compress_variable_state");
    g.bench_function("umbra", |b| {
        b.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let st: [UInt64<Fr>; 8] =
                SHA512_IV.map(|w| UInt64::new_witness(cs.clone(), || Ok(w)).unwrap());
            let blk: [UInt8<Fr>; 128] = UInt8::new_witness_vec(cs.clone(), &msg(128))
                .unwrap()
                .try_into()
                .unwrap();
            black_box(sha512_compress_var(&st, &blk).unwrap());
        })
    });
    g.finish();
}

fn keccak(c: &mut Criterion) {
    let mut g = c.benchmark_group("circuits/keccak_f1600");
    g.sample_size(10);
    g.bench_function("umbra", |b| {
        b.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let lanes: [UInt64<Fr>; 25] = core::array::from_fn(|i| {
                UInt64::new_witness(cs.clone(), || {
                    Ok((i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
                })
                .unwrap()
            });
            black_box(keccak_f1600_var(&lanes).unwrap());
        })
    });
    g.finish();
}

criterion_group!(benches, sha256, sha512, keccak);
criterion_main!(benches);
