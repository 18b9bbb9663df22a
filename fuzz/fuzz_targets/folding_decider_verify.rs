//! Decider proof decoding + verification (umbra-folding's `decider`: the
//! commit-and-prove Groth16 and the KZG opening) on inputs derived from a
//! valid proof of a small relaxed R1CS pair: the fuzzer's bytes are XORed
//! into the valid 297-byte encoding at an offset it chooses, so mutations
//! reach every group element and scalar. Must never panic; a changed proof
//! must never verify. (The compressed IVC proof wraps this proof in the
//! encoding of the `folding_verify` target's instances; its parameters take
//! minutes to build under the fuzzer's instrumentation, so the decider is
//! fuzzed on its own.)
#![no_main]

#[path = "../common/mutate.rs"]
mod mutate;

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ec::CurveGroup;
use ark_ff::UniformRand;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use libfuzzer_sys::fuzz_target;
use umbra_folding::decider::{
    self, DeciderProof, DeciderProvingKey, DeciderVerifyingKey, KzgVerifierKey,
};
use umbra_folding::{
    CommitmentKey, G1, NovaParams, R1csShape, RelaxedR1csInstance, RelaxedR1csWitness,
    generate_witness,
};

/// `x = a·b` and `y = (a + b)·x` with private `a, b`.
fn toy(ab: Option<(Fr, Fr)>) -> impl Fn(ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
    move |cs: ConstraintSystemRef<Fr>| {
        let get = |f: fn(Fr, Fr) -> Fr| {
            move || {
                ab.map(|(a, b)| f(a, b))
                    .ok_or(SynthesisError::AssignmentMissing)
            }
        };
        let x = FpVar::new_input(cs.clone(), get(|a, b| a * b))?;
        let y = FpVar::new_input(cs.clone(), get(|a, b| (a + b) * a * b))?;
        let a = FpVar::new_witness(cs.clone(), get(|a, _| a))?;
        let b = FpVar::new_witness(cs.clone(), get(|_, b| b))?;
        let p = &a * &b;
        p.enforce_equal(&x)?;
        ((&a + &b) * &p).enforce_equal(&y)
    }
}

struct Setup {
    vk: DeciderVerifyingKey,
    instance: RelaxedR1csInstance<G1>,
    bytes: Vec<u8>,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let label = b"fuzz decider";
        let shape = R1csShape::from_circuit(&toy(None)).unwrap();
        let n = shape.num_witness().max(shape.num_constraints()).max(2);
        let ck = CommitmentKey::<G1>::insecure_dev_setup(n, label).unwrap();
        let params = NovaParams::with_advice(shape, ck, 0..1).unwrap();
        let kzg = KzgVerifierKey::insecure_dev(params.ck(), label).unwrap();
        let pk = DeciderProvingKey::insecure_dev_setup(&[&params], kzg, label).unwrap();
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(0);
        let a =
            generate_witness(params.shape(), &toy(Some((Fr::from(3u64), Fr::from(5u64))))).unwrap();
        // A relaxed pair: u random, E = Az ∘ Bz − u·Cz.
        let u = Fr::rand(&mut rng);
        let (az, bz, cz) = params.shape().multiply(u, &a.x, &a.w).unwrap();
        let e: Vec<Fr> = (0..az.len()).map(|i| az[i] * bz[i] - u * cz[i]).collect();
        let (plain, pw) = params
            .commit_step(a.x.clone(), a.w.clone(), &mut rng)
            .unwrap();
        let r_e = Fr::rand(&mut rng);
        let instance = RelaxedR1csInstance {
            comm_w: plain.comm_w,
            comm_omega: plain.comm_omega,
            comm_e: params.ck().commit(&e, &r_e).unwrap().into_affine(),
            u,
            x: a.x,
        };
        let witness = RelaxedR1csWitness {
            w: pw.w,
            r_w: pw.r_w,
            r_omega: pw.r_omega,
            e,
            r_e,
        };
        let proof = decider::prove(&[&params], &pk, &[(&instance, &witness)], &mut rng).unwrap();
        decider::verify(pk.verifying_key(), &[&instance], &proof).unwrap();
        Setup {
            vk: pk.verifying_key().clone(),
            instance,
            bytes: proof.to_bytes(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    mutate::decode_and_verify_mutations(
        &s.bytes,
        data,
        DeciderProof::from_bytes,
        |p: &DeciderProof| decider::verify(&s.vk, &[&s.instance], p),
    );
});
