//! Witness-generation (synthesis with witness values, BN254 Fr) time of the
//! Edwards25519 gadgets: the double-scalar multiplication `[S]B − [k]A` and
//! point decompression, beside curve25519-dalek's native operations (context:
//! no maintained arkworks Ed25519 gadget exists to compare with); and of the
//! Ed25519 verifier gadgets, one per rule, beside the native `umbra-eddsa`
//! verification of the same signature (group `ed25519_verify`).
#![allow(missing_docs, clippy::unwrap_used)]

use ark_bn254::Fr;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use criterion::{Criterion, criterion_group, criterion_main};
use curve25519_dalek::constants::EIGHT_TORSION;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use std::hint::black_box;
use umbra_circuits::ed25519::verify::{Rule, ed25519_verify};
use umbra_circuits::ed25519::{PointVar, decompress, native};
use umbra_circuits::secp256k1::bip340::bytes_witness;
use umbra_eddsa::{Signature, SigningKey};

fn bits(cs: &ConstraintSystemRef<Fr>, k: &[u8; 32], n: usize) -> Vec<Boolean<Fr>> {
    (0..n)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok((k[i / 8] >> (i % 8)) & 1 == 1)).unwrap())
        .collect()
}

fn point_benches(c: &mut Criterion) {
    let s = Scalar::from(0x1234_5678_9abc_def0u64) * Scalar::from(0xfedc_ba98_7654_3210u64);
    let k = s * s + Scalar::from(7u8);
    let a = EdwardsPoint::mul_base(&(k + s)) + EIGHT_TORSION[3];
    let enc = a.compress().to_bytes();
    let an = native::decode(&enc).unwrap();
    let (sb, kb) = (s.to_bytes(), k.to_bytes());

    let mut g = c.benchmark_group("ed25519_point");
    g.sample_size(10);
    g.bench_function("umbra gadget [S]B - [k]A witness generation", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let av = PointVar::new_witness(cs.clone(), Some(&an)).unwrap();
            let sv = bits(&cs, &sb, 256);
            let kv = bits(&cs, &kb, 253);
            let r = PointVar::double_scalar_mul_le(&sv, &av.neg(), &kv).unwrap();
            black_box((r.value(), cs.num_constraints()));
        })
    });
    g.bench_function(
        "curve25519-dalek native vartime_double_scalar_mul_basepoint (context)",
        |bn| {
            bn.iter(|| {
                black_box(EdwardsPoint::vartime_double_scalar_mul_basepoint(
                    &(-black_box(k)),
                    &black_box(a),
                    &black_box(s),
                ))
            })
        },
    );
    g.bench_function("umbra gadget decompress witness generation", |bn| {
        bn.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let b = bytes_witness::<Fr, 32>(&cs, Some(&enc)).unwrap();
            black_box(decompress(&b).unwrap().decodes.value().unwrap());
        })
    });
    g.bench_function("curve25519-dalek native decompress (context)", |bn| {
        bn.iter(|| black_box(CompressedEdwardsY(black_box(enc)).decompress()))
    });
    g.finish();
}

fn verify_benches(c: &mut Criterion) {
    let msg = [0x5au8; 32];
    let sk = SigningKey::from_bytes(&[7u8; 32]);
    let vk = sk.verifying_key();
    let a = vk.to_bytes();
    let sig = sk.sign(&msg).to_bytes();
    let mut g = c.benchmark_group("ed25519_verify");
    g.sample_size(10);
    for (rule, native, name) in [
        (Rule::Rfc8032, umbra_eddsa::Rule::Rfc8032, "rfc8032"),
        (Rule::Strict, umbra_eddsa::Rule::Strict, "strict"),
        (Rule::Zip215, umbra_eddsa::Rule::Zip215, "zip215"),
    ] {
        g.bench_function(
            format!("umbra gadget {name} witness generation (32-byte msg)"),
            |bn| {
                bn.iter(|| {
                    let cs = ConstraintSystem::<Fr>::new_ref();
                    let av = bytes_witness::<Fr, 32>(&cs, Some(&a)).unwrap();
                    let sv = bytes_witness::<Fr, 64>(&cs, Some(&sig)).unwrap();
                    let mv: Vec<UInt8<Fr>> = msg
                        .iter()
                        .map(|x| UInt8::new_witness(cs.clone(), || Ok(*x)).unwrap())
                        .collect();
                    ed25519_verify(rule, &av, &sv, &mv).unwrap();
                    black_box(cs.num_constraints())
                })
            },
        );
        g.bench_function(format!("umbra-eddsa native verify {name}"), |bn| {
            let s = Signature::from_bytes(&sig);
            bn.iter(|| black_box(vk.verify_with(native, black_box(&msg), &s)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, point_benches, verify_benches);
criterion_main!(benches);
