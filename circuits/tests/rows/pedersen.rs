//! Pedersen commitment and Sapling Pedersen hash counts.

use ark_ed_on_bls12_381::{EdwardsConfig, Fq};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use umbra_circuits::pedersen::{
    PedersenCommitmentVar, pedersen_hash_to_point, sapling_generators, sapling_pedersen_hash,
};
use umbra_circuits::table::CountRow;
use umbra_pedersen::sapling::Personalization;

fn bits(cs: &ConstraintSystemRef<Fq>, n: usize) -> Vec<Boolean<Fq>> {
    (0..n)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok(i % 5 < 2)).unwrap())
        .collect()
}

fn commit_row(value_bits: usize, anchor: &'static str) -> CountRow {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let v = bits(&cs, value_bits);
    let r = bits(&cs, 252);
    let before = cs.num_constraints();
    let _ = PedersenCommitmentVar::jubjub().commit(&v, &r).unwrap();
    assert!(cs.is_satisfied().unwrap());
    CountRow {
        section: "Pedersen",
        gadget: format!("Jubjub commitment v·G + r·H, {value_bits}-bit v, 252-bit r"),
        field: "BLS12-381 Fr",
        constraints: cs.num_constraints() - before,
        anchor,
    }
}

fn hash_row(
    label: &str,
    pers: Personalization,
    message_bits: usize,
    anchor: &'static str,
) -> CountRow {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let m = bits(&cs, message_bits);
    let before = cs.num_constraints();
    let _ = sapling_pedersen_hash(pers, &m).unwrap();
    assert!(cs.is_satisfied().unwrap());
    CountRow {
        section: "Pedersen",
        gadget: format!("Sapling Pedersen hash, {label} (6 constant + {message_bits} bits)"),
        field: "BLS12-381 Fr",
        constraints: cs.num_constraints() - before,
        anchor,
    }
}

fn all_witness_row(bits_len: usize, anchor: &'static str) -> CountRow {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let m = bits(&cs, bits_len);
    let before = cs.num_constraints();
    let _ = pedersen_hash_to_point::<EdwardsConfig>(&sapling_generators(bits_len), &m).unwrap();
    assert!(cs.is_satisfied().unwrap());
    CountRow {
        section: "Pedersen",
        gadget: format!("windowed Pedersen hash, {bits_len} witness bits (none constant)"),
        field: "BLS12-381 Fr",
        constraints: cs.num_constraints() - before,
        anchor,
    }
}

pub fn rows() -> Vec<CountRow> {
    vec![
        commit_row(
            64,
            "Zcash-style fixed-base (3 + 6 per window): 192 + 750 + 6 = 948",
        ),
        commit_row(
            252,
            "Zcash-style fixed-base (3 + 6 per window): 750 + 750 + 6 = 1,506",
        ),
        hash_row(
            "Merkle node",
            Personalization::MerkleTree(0),
            510,
            "5c + 5n − 6 = 869 (ℓ = 516: c = 172, n = 3)",
        ),
        hash_row(
            "note commitment",
            Personalization::NoteCommitment,
            576,
            "5c + 5n − 6 = 984 (ℓ = 582: c = 194, n = 4)",
        ),
        all_witness_row(516, "5c + 5n − 6 = 869 (c = 172, n = 3)"),
    ]
}
