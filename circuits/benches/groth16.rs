//! Groth16 on BLS12-381 for `CommitmentMembershipCircuit` (a Poseidon
//! commitment to a public value under a public depth-32 Poseidon Merkle
//! root, 7,985 constraints): setup, prove, verify.
//!
//! Beside it, the same statement built with the gadget a user would
//! otherwise pick, arkworks' `PoseidonSpongeVar` (ark-crypto-primitives
//! 0.6) with the same parameters (width 3, `R_P` = 57, the same round
//! constants and MDS matrix; arkworks squeezes a rate cell, so its tree is a
//! different function of the same cost class) and `conditionally_select`
//! for the swap.
//!
//! `cargo bench -p umbra-circuits --bench groth16 -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ark_bls12_381::{Bls12_381, Fr};
use ark_crypto_primitives::sponge::CryptographicSponge;
use ark_crypto_primitives::sponge::constraints::CryptographicSpongeVar;
use ark_crypto_primitives::sponge::poseidon::constraints::PoseidonSpongeVar;
use ark_crypto_primitives::sponge::poseidon::{PoseidonConfig, PoseidonSponge};
use ark_ff::UniformRand;
use ark_groth16::Groth16;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use umbra_circuits::poseidon::{CommitmentMembershipCircuit, Poseidon};

const DEPTH: usize = 32;

/// The umbra-poseidon parameters as an arkworks `PoseidonConfig`.
fn ark_config(p: &Poseidon<Fr, 3>) -> PoseidonConfig<Fr> {
    let rounds = 8 + p.partial_rounds();
    let ark = (0..rounds)
        .map(|r| p.round_constants(r).unwrap().to_vec())
        .collect();
    let mds = p.mds().iter().map(|row| row.to_vec()).collect();
    PoseidonConfig::new(8, p.partial_rounds(), 5, mds, ark, 2, 1)
}

fn ark_hash2(config: &PoseidonConfig<Fr>, a: Fr, b: Fr) -> Fr {
    let mut s = PoseidonSponge::new(config);
    s.absorb(&vec![a, b]);
    s.squeeze_field_elements(1)[0]
}

fn ark_hash2_var(
    cs: &ConstraintSystemRef<Fr>,
    config: &PoseidonConfig<Fr>,
    a: FpVar<Fr>,
    b: FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let mut s = PoseidonSpongeVar::new(cs.clone(), config);
    s.absorb(&vec![a, b])?;
    Ok(s.squeeze_field_elements(1)?[0].clone())
}

/// The same statement with arkworks' sponge gadget.
#[derive(Clone)]
struct ArkMembership {
    config: PoseidonConfig<Fr>,
    root: Option<Fr>,
    value: Option<Fr>,
    blinding: Option<Fr>,
    siblings: Vec<Option<Fr>>,
    index: Option<u64>,
}

impl ConstraintSynthesizer<Fr> for ArkMembership {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let root = FpVar::new_input(cs.clone(), || self.root.ok_or_else(missing))?;
        let value = FpVar::new_input(cs.clone(), || self.value.ok_or_else(missing))?;
        let blinding = FpVar::new_witness(cs.clone(), || self.blinding.ok_or_else(missing))?;
        let mut node = ark_hash2_var(&cs, &self.config, value, blinding)?;
        for (level, s) in self.siblings.iter().enumerate() {
            let sib = FpVar::new_witness(cs.clone(), || s.ok_or_else(missing))?;
            let bit = Boolean::new_witness(cs.clone(), || {
                self.index
                    .map(|i| (i >> level) & 1 == 1)
                    .ok_or_else(missing)
            })?;
            let left = FpVar::conditionally_select(&bit, &sib, &node)?;
            let right = FpVar::conditionally_select(&bit, &node, &sib)?;
            node = ark_hash2_var(&cs, &self.config, left, right)?;
        }
        node.enforce_equal(&root)
    }
}

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

    // The arkworks-gadget circuit on the same kind of witness.
    let config = ark_config(&p);
    let mut ark_root = ark_hash2(&config, value, blinding);
    for (level, s) in siblings.iter().enumerate() {
        ark_root = if (index >> level) & 1 == 1 {
            ark_hash2(&config, *s, ark_root)
        } else {
            ark_hash2(&config, ark_root, *s)
        };
    }
    let ark_full = ArkMembership {
        config: config.clone(),
        root: Some(ark_root),
        value: Some(value),
        blinding: Some(blinding),
        siblings: siblings.iter().map(|s| Some(*s)).collect(),
        index: Some(index),
    };
    let ark_blank = ArkMembership {
        config,
        root: None,
        value: None,
        blinding: None,
        siblings: vec![None; DEPTH],
        index: None,
    };
    let ark_public = [ark_root, value];
    let (ark_pk, ark_vk) =
        Groth16::<Bls12_381>::circuit_specific_setup(ark_blank.clone(), &mut rng).unwrap();
    let ark_proof = Groth16::<Bls12_381>::prove(&ark_pk, ark_full.clone(), &mut rng).unwrap();
    assert!(Groth16::<Bls12_381>::verify(&ark_vk, &ark_public, &ark_proof).unwrap());
    let count = |c: &dyn Fn(ConstraintSystemRef<Fr>)| {
        let cs = ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref();
        c(cs.clone());
        assert!(cs.is_satisfied().unwrap());
        cs.num_constraints()
    };
    eprintln!(
        "constraints: umbra {}, arkworks sponge gadget {}",
        count(&|cs| full().generate_constraints(cs).unwrap()),
        count(&|cs| ark_full.clone().generate_constraints(cs).unwrap()),
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
    g.bench_function("arkworks/setup", |b| {
        b.iter(|| {
            Groth16::<Bls12_381>::circuit_specific_setup(ark_blank.clone(), &mut rng).unwrap()
        })
    });
    g.bench_function("arkworks/prove", |b| {
        b.iter(|| Groth16::<Bls12_381>::prove(&ark_pk, ark_full.clone(), &mut rng).unwrap())
    });
    g.bench_function("arkworks/verify", |b| {
        b.iter(|| {
            Groth16::<Bls12_381>::verify(&ark_vk, black_box(&ark_public), black_box(&ark_proof))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
