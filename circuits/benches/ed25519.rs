//! Witness-generation time (synthesis in prove mode, with witness values)
//! of the Ed25519 verifier gadgets on BN254 Fr, one per rule, beside the
//! native `umbra-eddsa` verification of the same signature (group
//! `ed25519_verify`).
#![allow(missing_docs, clippy::unwrap_used)]

use ark_bn254::Fr;
use ark_r1cs_std::{alloc::AllocVar, uint8::UInt8};
use ark_relations::gr1cs::ConstraintSystem;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use umbra_circuits::ed25519::verify::{Rule, ed25519_verify};
use umbra_eddsa::{Signature, SigningKey};

fn verify(c: &mut Criterion) {
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
        g.bench_function(format!("umbra gadget witness gen {name} (32-byte msg)"), |b| {
            b.iter(|| {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let w = |bytes: &[u8]| -> Vec<UInt8<Fr>> {
                    bytes
                        .iter()
                        .map(|x| UInt8::new_witness(cs.clone(), || Ok(*x)).unwrap())
                        .collect()
                };
                let av: [UInt8<Fr>; 32] = w(&a).try_into().unwrap();
                let sv: [UInt8<Fr>; 64] = w(&sig).try_into().unwrap();
                let mv = w(&msg);
                ed25519_verify(rule, &av, &sv, &mv).unwrap();
                black_box(cs.num_constraints())
            })
        });
        g.bench_function(format!("umbra-eddsa native verify {name}"), |b| {
            let s = Signature::from_bytes(&sig);
            b.iter(|| black_box(vk.verify_with(native, black_box(&msg), &s)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
