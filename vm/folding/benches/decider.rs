//! Cost of the relaxed-R1CS decider (`umbra_folding::decider`) on the
//! primary shape of an IVC: the augmented circuit of a step of `N`
//! squarings (`UMBRA_DECIDER_BENCH_SQUARINGS=N,…`, default `1`: the
//! augmented circuit alone, ≈ 32.7k rows — the floor of every VM kind's
//! shape). The decided pair is the zero-knowledge fold of a sampled running
//! pair, as the VM's decider will see it; the cost depends on the shape's
//! rows, witnesses and non-zero entries, not on the values.
//!
//! The Groth16 setup runs once per shape, outside criterion (its time and
//! the circuit's size are printed on stderr); criterion times `prove`
//! (the commit-and-prove Groth16 over the decider circuit + the KZG
//! opening) and `verify`, and, in the same group, ark-groth16's own
//! `prove`/`verify` of the same decider circuit — what a user would
//! otherwise run, without the commitment, so without a sound evaluation
//! point: the price of the commitment.
#![allow(missing_docs, clippy::unwrap_used)]

#[path = "common/squarings.rs"]
mod squarings;

use std::time::Instant;

use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use ark_snark::SNARK;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use criterion::{Criterion, criterion_group, criterion_main};
use squarings::{Squarings, sizes};
use umbra_folding::decider::{
    self, DeciderAssignment, DeciderCircuit, DeciderProvingKey, KindAssignment, KzgVerifierKey,
};
use umbra_folding::ivc::IvcParams;
use umbra_folding::{fold_with_random, sample_random_relaxed};

const LABEL: &[u8] = b"decider bench (insecure dev key)";

fn bench(c: &mut Criterion) {
    for n in sizes("UMBRA_DECIDER_BENCH_SQUARINGS", 1) {
        let pp = IvcParams::setup(&Squarings(n), LABEL).unwrap();
        let params = pp.primary();
        let shape = params.shape();
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(SynthesisMode::Setup);
        DeciderCircuit::new(decider::shapes(&[params]), None)
            .generate_constraints(cs.clone())
            .unwrap();
        let t = Instant::now();
        let kzg = KzgVerifierKey::insecure_dev(params.ck(), LABEL).unwrap();
        let pk = DeciderProvingKey::insecure_dev_setup(&[params], kzg, LABEL).unwrap();
        eprintln!(
            "decider: shape {} rows / {} witnesses / {} non-zeros -> decider circuit {} rows; Groth16 setup {:.1} s (one run)",
            shape.num_constraints(),
            shape.num_witness(),
            shape.num_nonzero(),
            cs.num_constraints(),
            t.elapsed().as_secs_f64()
        );
        let mut rng = StdRng::seed_from_u64(1);
        let (u, w) = sample_random_relaxed(params, &mut rng).unwrap();
        let zk = fold_with_random(params, (&u, &w), &mut rng).unwrap();
        let mut group = c.benchmark_group(format!(
            "decider/primary-{}-rows-{}-witnesses",
            shape.num_constraints(),
            shape.num_witness()
        ));
        group.sample_size(10);
        group.bench_function("prove", |b| {
            b.iter(|| {
                decider::prove(&[params], &pk, &[(&zk.instance, &zk.witness)], &mut rng).unwrap()
            })
        });
        let proof =
            decider::prove(&[params], &pk, &[(&zk.instance, &zk.witness)], &mut rng).unwrap();
        group.bench_function("verify", |b| {
            b.iter(|| decider::verify(pk.verifying_key(), &[&zk.instance], &proof).unwrap())
        });
        // ark-groth16 on the same circuit and assignment.
        let t = Instant::now();
        let (ark_pk, ark_vk) = Groth16::<Bn254>::circuit_specific_setup(
            DeciderCircuit::new(decider::shapes(&[params]), None),
            &mut rng,
        )
        .unwrap();
        eprintln!(
            "ark-groth16: setup {:.1} s (one run)",
            t.elapsed().as_secs_f64()
        );
        let c = decider::evaluation_point(
            params.poseidon(),
            &[params.digest()],
            &[&zk.instance],
            &proof.snark.d,
        );
        let rho = decider::opening_combiner(params.poseidon(), c);
        let assignment = DeciderAssignment {
            kinds: vec![KindAssignment {
                u: zk.instance.u,
                x: zk.instance.x.clone(),
                w: zk.witness.w.clone(),
            }],
            c,
            rho,
            y: proof.y,
        };
        let circuit = || DeciderCircuit::new(decider::shapes(&[params]), Some(assignment.clone()));
        group.bench_function("ark-groth16 prove (no commitment)", |b| {
            b.iter(|| Groth16::<Bn254>::prove(&ark_pk, circuit(), &mut rng).unwrap())
        });
        let ark_proof = Groth16::<Bn254>::prove(&ark_pk, circuit(), &mut rng).unwrap();
        let inputs = decider::public_inputs(&[&zk.instance], c, rho, proof.y);
        assert!(Groth16::<Bn254>::verify(&ark_vk, &inputs, &ark_proof).unwrap());
        group.bench_function("ark-groth16 verify (no commitment)", |b| {
            b.iter(|| Groth16::<Bn254>::verify(&ark_vk, &inputs, &ark_proof).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
