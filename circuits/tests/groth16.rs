//! End to end with Groth16 on BLS12-381: a Poseidon commitment to a public
//! value is a leaf of a depth-16 Poseidon Merkle tree with a public root.
//! The proof verifies for the true public inputs and is rejected for a
//! wrong root, a wrong value, and a one-bit change in any byte of the proof.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bls12_381::{Bls12_381, Fr};
use ark_ff::UniformRand;
use ark_groth16::{Groth16, Proof};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use umbra_circuits::poseidon::{CommitmentMembershipCircuit, Poseidon};

const DEPTH: usize = 16;

struct Instance {
    root: Fr,
    value: Fr,
    blinding: Fr,
    siblings: Vec<Fr>,
    index: u64,
}

fn instance(p: &Poseidon<Fr, 3>, rng: &mut StdRng) -> Instance {
    let value = Fr::from(1_000_000u64);
    let blinding = Fr::rand(rng);
    let siblings: Vec<Fr> = (0..DEPTH).map(|_| Fr::rand(rng)).collect();
    let index = 0b1010_0110_0101_1001u64;
    let leaf = CommitmentMembershipCircuit::commitment(p, value, blinding);
    let root = p.merkle_root(&leaf, &siblings, index).unwrap();
    Instance {
        root,
        value,
        blinding,
        siblings,
        index,
    }
}

fn circuit<'a>(p: &'a Poseidon<Fr, 3>, i: &Instance) -> CommitmentMembershipCircuit<'a, Fr> {
    CommitmentMembershipCircuit::new(p, i.root, i.value, i.blinding, i.siblings.clone(), i.index)
}

fn satisfied(c: CommitmentMembershipCircuit<'_, Fr>) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    c.generate_constraints(cs.clone()).unwrap();
    assert_eq!(cs.num_constraints(), 240 + 242 * DEPTH + 1);
    cs.is_satisfied().unwrap()
}

#[test]
fn groth16_commitment_membership() {
    // Fixed seed: the test is reproducible; the statement is what varies.
    let mut rng = StdRng::seed_from_u64(0x0075_6d62_7261);
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let inst = instance(&p, &mut rng);

    let (pk, vk) = Groth16::<Bls12_381>::circuit_specific_setup(
        CommitmentMembershipCircuit::blank(&p, DEPTH),
        &mut rng,
    )
    .unwrap();
    let proof = Groth16::<Bls12_381>::prove(&pk, circuit(&p, &inst), &mut rng).unwrap();
    let public = CommitmentMembershipCircuit::public_inputs(inst.root, inst.value);
    assert!(Groth16::<Bls12_381>::verify(&vk, &public, &proof).unwrap());

    // Wrong public root, wrong public value, swapped order: rejected.
    let wrong_root =
        CommitmentMembershipCircuit::public_inputs(inst.root + Fr::from(1u64), inst.value);
    assert!(!Groth16::<Bls12_381>::verify(&vk, &wrong_root, &proof).unwrap());
    let wrong_value =
        CommitmentMembershipCircuit::public_inputs(inst.root, inst.value + Fr::from(1u64));
    assert!(!Groth16::<Bls12_381>::verify(&vk, &wrong_value, &proof).unwrap());
    assert!(!Groth16::<Bls12_381>::verify(&vk, &[inst.value, inst.root], &proof).unwrap());

    // Compressed proof: two G1 points and one G2 point.
    let mut bytes = Vec::new();
    proof.serialize_compressed(&mut bytes).unwrap();
    assert_eq!(bytes.len(), 48 + 96 + 48);
    assert_eq!(
        Proof::<Bls12_381>::deserialize_compressed(&bytes[..]).unwrap(),
        proof
    );
    // A one-bit change in any byte is rejected: by the decoder
    // (not a point, not in the subgroup) or by the verifier.
    for i in 0..bytes.len() {
        let mut t = bytes.clone();
        t[i] ^= 1;
        if let Ok(tampered) = Proof::<Bls12_381>::deserialize_compressed(&t[..]) {
            assert!(
                !Groth16::<Bls12_381>::verify(&vk, &public, &tampered).unwrap(),
                "byte {i}"
            );
        }
    }
}

/// A wrong witness (blinding, sibling, direction bit) or a wrong public
/// input leaves the circuit unsatisfied, so no valid proof exists for it.
#[test]
fn wrong_witness_is_unsatisfied() {
    let mut rng = StdRng::seed_from_u64(7);
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let inst = instance(&p, &mut rng);
    assert!(satisfied(circuit(&p, &inst)));

    assert!(!satisfied(CommitmentMembershipCircuit::new(
        &p,
        inst.root,
        inst.value,
        inst.blinding + Fr::from(1u64),
        inst.siblings.clone(),
        inst.index
    )));

    let mut siblings = inst.siblings.clone();
    siblings[5] += Fr::from(1u64);
    assert!(!satisfied(CommitmentMembershipCircuit::new(
        &p,
        inst.root,
        inst.value,
        inst.blinding,
        siblings,
        inst.index
    )));
    assert!(!satisfied(CommitmentMembershipCircuit::new(
        &p,
        inst.root,
        inst.value,
        inst.blinding,
        inst.siblings.clone(),
        inst.index ^ (1 << 9)
    )));
    assert!(!satisfied(CommitmentMembershipCircuit::new(
        &p,
        inst.root,
        inst.value + Fr::from(1u64),
        inst.blinding,
        inst.siblings.clone(),
        inst.index
    )));
}
