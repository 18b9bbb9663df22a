//! Constraint counts of the Poseidon gadgets, synthesised on fixed inputs.

use ark_ff::PrimeField;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use umbra_circuits::poseidon::{
    CtField, MerklePathVar, Poseidon, PoseidonPermutationVar, poseidon_compress_var,
    poseidon_hash_var,
};
use umbra_circuits::table::CountRow;

const SECTION: &str = "Poseidon";
const BN254: &str = "BN254 Fr";
const BLS: &str = "BLS12-381 Fr";

fn inputs<F: PrimeField>(cs: &ConstraintSystemRef<F>, n: usize) -> Vec<FpVar<F>> {
    (0..n)
        .map(|i| FpVar::new_witness(cs.clone(), || Ok(F::from(i as u64 + 1))).unwrap())
        .collect()
}

/// Constraints added by `f` after its inputs are allocated.
fn count<F: PrimeField>(
    n_inputs: usize,
    f: impl FnOnce(&ConstraintSystemRef<F>, Vec<FpVar<F>>),
) -> usize {
    let cs = ConstraintSystem::<F>::new_ref();
    let v = inputs(&cs, n_inputs);
    let before = cs.num_constraints();
    f(&cs, v);
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints() - before
}

fn permutation<F: CtField, const T: usize>() -> usize {
    let p = Poseidon::<F, T>::new().unwrap();
    count::<F>(T, |_, v| {
        let mut s: [FpVar<F>; T] = core::array::from_fn(|i| v[i].clone());
        PoseidonPermutationVar::new(&p).permute(&mut s).unwrap();
    })
}

fn hash<F: CtField, const T: usize>() -> usize {
    let p = Poseidon::<F, T>::new().unwrap();
    count::<F>(T - 1, |_, v| {
        let _ = poseidon_hash_var(&p, &v).unwrap();
    })
}

fn compress<F: CtField>() -> usize {
    let p = Poseidon::<F, 3>::new().unwrap();
    count::<F>(2, |_, v| {
        let _ = poseidon_compress_var(&p, &v[0], &v[1]).unwrap();
    })
}

fn sponge<F: CtField, const T: usize>(n: usize) -> usize {
    let p = Poseidon::<F, T>::new().unwrap();
    count::<F>(n, |_, v| {
        let _ = PoseidonPermutationVar::new(&p)
            .hash_elements(0, &v)
            .unwrap();
    })
}

/// A Merkle path of `depth`: direction bits allocated (booleanity counted),
/// conditional swaps, compressions, and the final equality with the root.
fn merkle<F: CtField>(depth: usize) -> usize {
    let p = Poseidon::<F, 3>::new().unwrap();
    let siblings: Vec<F> = (0..depth).map(|i| F::from(100 + i as u64)).collect();
    let index = 0x5a5a_5a5a_5a5a_5a5a_u64;
    // The first input `count` allocates.
    let leaf = F::from(1u64);
    let root = p.merkle_root(&leaf, &siblings, index).unwrap();
    count::<F>(1, |cs, v| {
        let r = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
        let path =
            MerklePathVar::new_witness(cs.clone(), depth, Some(&siblings), Some(index)).unwrap();
        path.enforce_membership(&p, &v[0], &r).unwrap();
    })
}

fn row(gadget: String, field: &'static str, constraints: usize, anchor: &'static str) -> CountRow {
    CountRow {
        section: SECTION,
        gadget,
        field,
        constraints,
        anchor,
    }
}

pub fn rows() -> Vec<CountRow> {
    let perm_anchor_t3 = "arkworks 240 (R_P = 57), neptune 237 (R_P = 56), both with a constant capacity cell: compare the hash rows";
    let mut out = vec![
        row(
            "permutation, t = 2 (R_P = 56), all cells variables".into(),
            BN254,
            permutation::<ark_bn254::Fr, 2>(),
            "—",
        ),
        row(
            "permutation, t = 3 (R_P = 57), all cells variables".into(),
            BN254,
            permutation::<ark_bn254::Fr, 3>(),
            perm_anchor_t3,
        ),
        row(
            "permutation, t = 4 (R_P = 56), all cells variables".into(),
            BN254,
            permutation::<ark_bn254::Fr, 4>(),
            "—",
        ),
        row(
            "permutation, t = 5 (R_P = 60), all cells variables".into(),
            BN254,
            permutation::<ark_bn254::Fr, 5>(),
            "—",
        ),
        row(
            "permutation, t = 2 (R_P = 56), all cells variables".into(),
            BLS,
            permutation::<ark_bls12_381::Fr, 2>(),
            "—",
        ),
        row(
            "permutation, t = 3 (R_P = 57), all cells variables".into(),
            BLS,
            permutation::<ark_bls12_381::Fr, 3>(),
            perm_anchor_t3,
        ),
        row(
            "permutation, t = 4 (R_P = 56), all cells variables".into(),
            BLS,
            permutation::<ark_bls12_381::Fr, 4>(),
            "—",
        ),
        row(
            "permutation, t = 5 (R_P = 60), all cells variables".into(),
            BLS,
            permutation::<ark_bls12_381::Fr, 5>(),
            "—",
        ),
    ];
    let hash_anchor_t3 = "arkworks 240 (R_P = 57); neptune 237 (R_P = 56); target ≤ 240";
    out.extend([
        row(
            "fixed-length hash of 1 (t = 2, circomlib `Poseidon(1)`)".into(),
            BN254,
            hash::<ark_bn254::Fr, 2>(),
            "—",
        ),
        row(
            "fixed-length hash of 2 (t = 3, circomlib `Poseidon(2)`)".into(),
            BN254,
            hash::<ark_bn254::Fr, 3>(),
            hash_anchor_t3,
        ),
        row(
            "fixed-length hash of 3 (t = 4, circomlib `Poseidon(3)`)".into(),
            BN254,
            hash::<ark_bn254::Fr, 4>(),
            "—",
        ),
        row(
            "fixed-length hash of 4 (t = 5, circomlib `Poseidon(4)`)".into(),
            BN254,
            hash::<ark_bn254::Fr, 5>(),
            "—",
        ),
        row(
            "fixed-length hash of 2 (t = 3)".into(),
            BLS,
            hash::<ark_bls12_381::Fr, 3>(),
            hash_anchor_t3,
        ),
        row(
            "fixed-length hash of 4 (t = 5)".into(),
            BLS,
            hash::<ark_bls12_381::Fr, 5>(),
            "—",
        ),
        row(
            "2-to-1 compression (hash2, t = 3, capacity tag 3)".into(),
            BN254,
            compress::<ark_bn254::Fr>(),
            hash_anchor_t3,
        ),
        row(
            "2-to-1 compression (hash2, t = 3, capacity tag 3)".into(),
            BLS,
            compress::<ark_bls12_381::Fr>(),
            hash_anchor_t3,
        ),
        row(
            "sponge, 4 elements, t = 3 (3 permutations)".into(),
            BLS,
            sponge::<ark_bls12_381::Fr, 3>(4),
            "—",
        ),
        row(
            "sponge, 4 elements, t = 5 (2 permutations)".into(),
            BLS,
            sponge::<ark_bls12_381::Fr, 5>(4),
            "—",
        ),
        row(
            "Merkle path, depth 1 (bit + swap + hash2 + root check)".into(),
            BLS,
            merkle::<ark_bls12_381::Fr>(1),
            "243 per level",
        ),
        row(
            "Merkle path, depth 16".into(),
            BLS,
            merkle::<ark_bls12_381::Fr>(16),
            "3,888 (243 per level)",
        ),
        row(
            "Merkle path, depth 32".into(),
            BLS,
            merkle::<ark_bls12_381::Fr>(32),
            "7,776 (243 per level)",
        ),
        row(
            "Merkle path, depth 32".into(),
            BN254,
            merkle::<ark_bn254::Fr>(32),
            "7,776 (243 per level)",
        ),
    ]);
    out
}
