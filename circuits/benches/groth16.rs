//! Groth16 on BLS12-381 for `CommitmentMembershipCircuit` (a Poseidon
//! commitment to a public value under a public depth-32 Poseidon Merkle
//! root, 7,985 constraints): setup, prove, verify.
//!
//! `cargo bench -p umbra-circuits --bench groth16 -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ark_bls12_381::{Bls12_381, Fr};
use ark_ff::UniformRand;
use ark_groth16::Groth16;
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use umbra_circuits::poseidon::{CommitmentMembershipCircuit, Poseidon};

const DEPTH: usize = 32;

fn bench(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let value = Fr::from(42u64);
    let blinding = Fr::rand(&mut rng);
    let siblings: Vec<Fr> = (0..DEPTH).map(|_| Fr::rand(&mut rng)).collect();
    let index = 0x9e37_79b9u64;
    let leaf = CommitmentMembershipCircuit::commitment(&p, value, blinding);
    let root = p.merkle_root(&leaf, &siblings, index).unwrap();
    let full =
        || CommitmentMembershipCircuit::new(&p, root, value, blinding, siblings.clone(), index);
    let public = CommitmentMembershipCircuit::public_inputs(root, value);

    let (pk, vk) = Groth16::<Bls12_381>::circuit_specific_setup(
        CommitmentMembershipCircuit::blank(&p, DEPTH),
        &mut rng,
    )
    .unwrap();
    let proof = Groth16::<Bls12_381>::prove(&pk, full(), &mut rng).unwrap();
    assert!(Groth16::<Bls12_381>::verify(&vk, &public, &proof).unwrap());
    eprintln!(
        "proof: {} bytes compressed, {} uncompressed; vk {} bytes compressed",
        proof.compressed_size(),
        proof.uncompressed_size(),
        vk.compressed_size()
    );

    let mut g = c.benchmark_group("groth16_bls12_381_poseidon_membership_depth32");
    g.sample_size(10);
    g.bench_function("umbra/setup", |b| {
        b.iter(|| {
            Groth16::<Bls12_381>::circuit_specific_setup(
                CommitmentMembershipCircuit::blank(&p, DEPTH),
                &mut rng,
            )
            .unwrap()
        })
    });
    g.bench_function("umbra/prove", |b| {
        b.iter(|| Groth16::<Bls12_381>::prove(&pk, full(), &mut rng).unwrap())
    });
    g.bench_function("umbra/verify", |b| {
        b.iter(|| Groth16::<Bls12_381>::verify(&vk, black_box(&public), black_box(&proof)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
