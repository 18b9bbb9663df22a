//! Commit-and-prove Groth16 (`umbra_folding::decider::cp_groth16`) on a toy
//! circuit: public `(x, c)`, committed `(a, b)`, `a·b = x` and `q = c·a`.
//! Honest proofs verify; a proof does not carry over to other public inputs,
//! to a commitment of other values, or to any tampered element; and the
//! proof of knowledge is what stops a prover from moving a public input into
//! the commitment (the pairing equation alone would accept that).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::{Bn254, G1Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::One;
use ark_groth16::Groth16;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable,
};
use umbra_folding::decider::{CpProof, CpProvingKey};
use umbra_folding::{Error, Fr};

use crate::zk::seeded;

/// `(x, c; a, b)`, `None` in setup.
#[derive(Clone)]
struct Toy(Option<[Fr; 4]>);

impl ConstraintSynthesizer<Fr> for Toy {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let v = |i: usize| {
            move || {
                self.0
                    .map(|a| a[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            }
        };
        let lc = |v: Variable| LinearCombination(vec![(Fr::one(), v)]);
        let x = cs.new_input_variable(v(0))?;
        let c = cs.new_input_variable(v(1))?;
        let a = cs.new_witness_variable(v(2))?;
        let b = cs.new_witness_variable(v(3))?;
        let q = cs.new_witness_variable(|| {
            self.0
                .map(|z| z[1] * z[2])
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        cs.enforce_r1cs_constraint(|| lc(a), || lc(b), || lc(x))?;
        cs.enforce_r1cs_constraint(|| lc(c), || lc(a), || lc(q))
    }
}

fn key() -> CpProvingKey {
    CpProvingKey::setup(Toy(None), 2, &mut seeded(1)).unwrap()
}

#[test]
fn honest_proofs_verify_and_nothing_else_does() {
    let pk = key();
    let vk = pk.verifying_key();
    let mut rng = seeded(2);
    let (a, b, c) = (Fr::from(6u64), Fr::from(7u64), Fr::from(99u64));
    let x = a * b;
    let cm = pk.commit(&[a, b], &mut rng).unwrap();
    let proof = pk.prove(Toy(Some([x, c, a, b])), &cm, &mut rng).unwrap();
    vk.verify(&[x, c], &proof).unwrap();

    // The commitment hides: another commitment to the same values differs,
    // and so does another proof.
    let cm2 = pk.commit(&[a, b], &mut rng).unwrap();
    assert_ne!(cm2.d, cm.d);
    let proof2 = pk.prove(Toy(Some([x, c, a, b])), &cm2, &mut rng).unwrap();
    assert_ne!(proof2, proof);
    vk.verify(&[x, c], &proof2).unwrap();

    // Other public inputs.
    assert!(vk.verify(&[x + Fr::one(), c], &proof).is_err());
    assert!(vk.verify(&[x, c + Fr::one()], &proof).is_err());
    assert_eq!(vk.verify(&[x], &proof), Err(Error::InstanceLength));
    assert_eq!(vk.verify(&[x, c, c], &proof), Err(Error::InstanceLength));

    // A commitment to other values than the circuit's (same product).
    let other = pk.commit(&[b, a], &mut rng).unwrap();
    let p = pk.prove(Toy(Some([x, c, a, b])), &other, &mut rng).unwrap();
    assert_eq!(vk.verify(&[x, c], &p), Err(Error::DeciderProofInvalid));

    // An unsatisfied assignment.
    let cm = pk.commit(&[a, b], &mut rng).unwrap();
    let p = pk
        .prove(Toy(Some([x + Fr::one(), c, a, b])), &cm, &mut rng)
        .unwrap();
    assert_eq!(
        vk.verify(&[x + Fr::one(), c], &p),
        Err(Error::DeciderProofInvalid)
    );

    // Every element tampered.
    let g1 = G1Affine::generator();
    let bump = |p: G1Affine| (p.into_group() + g1).into_affine();
    let mut cases: Vec<(&str, CpProof)> = Vec::new();
    let mut t = proof.clone();
    t.a = bump(t.a);
    cases.push(("A", t));
    let mut t = proof.clone();
    t.b = (t.b.into_group() + G2Projective::generator()).into_affine();
    cases.push(("B", t));
    let mut t = proof.clone();
    t.c = bump(t.c);
    cases.push(("C", t));
    let mut t = proof.clone();
    t.d = bump(t.d);
    cases.push(("D", t));
    let mut t = proof.clone();
    t.k = bump(t.k);
    cases.push(("K", t));
    for (name, t) in &cases {
        assert_eq!(
            vk.verify(&[x, c], t),
            Err(Error::DeciderProofInvalid),
            "{name}"
        );
    }
}

#[test]
fn a_public_input_moved_into_the_commitment_is_caught_by_the_proof_of_knowledge() {
    let pk = key();
    let vk = pk.verifying_key();
    let mut rng = seeded(3);
    let (a, b, c) = (Fr::from(5u64), Fr::from(8u64), Fr::from(3u64));
    let x = a * b;
    let cm = pk.commit(&[a, b], &mut rng).unwrap();
    let proof = pk.prove(Toy(Some([x, c, a, b])), &cm, &mut rng).unwrap();
    // Claim x − 1: add the base IC_x of the public input x to D.
    let ic_x = vk.prepared().vk.gamma_abc_g1[1];
    let mut forged = proof.clone();
    forged.d = (proof.d.into_group() + ic_x).into_affine();
    let claim = [x - Fr::one(), c];
    // The Groth16 equation alone accepts it …
    let prepared = Groth16::<Bn254>::prepare_inputs(vk.prepared(), &claim).unwrap() + forged.d;
    let plain = ark_groth16::Proof {
        a: forged.a,
        b: forged.b,
        c: forged.c,
    };
    assert!(
        Groth16::<Bn254>::verify_proof_with_prepared_inputs(vk.prepared(), &plain, &prepared)
            .unwrap()
    );
    // … the proof of knowledge does not.
    assert_eq!(vk.verify(&claim, &forged), Err(Error::DeciderProofInvalid));
}

#[test]
fn lengths_are_typed_errors() {
    assert_eq!(
        CpProvingKey::setup(Toy(None), 4, &mut seeded(4)).unwrap_err(),
        Error::WitnessLength
    );
    let pk = key();
    assert_eq!(pk.committed(), 2);
    assert_eq!(
        pk.commit(&[Fr::one()], &mut seeded(5)).unwrap_err(),
        Error::WitnessLength
    );
    assert_eq!(pk.verifying_key().num_inputs(), 2);
}
