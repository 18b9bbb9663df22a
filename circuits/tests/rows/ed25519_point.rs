//! Edwards25519 curve-gadget rows: each gadget synthesised in setup mode
//! (no witness values; the same constraints) and counted.

use ark_ff::PrimeField;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use umbra_circuits::{
    ed25519::{FqVar, PointVar, decompress},
    secp256k1::bip340::bytes_witness,
    table::CountRow,
};

const SECTION: &str = "Edwards25519";

fn setup<F: PrimeField>() -> ConstraintSystemRef<F> {
    let cs = ConstraintSystem::<F>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    cs
}

fn bits<F: PrimeField>(cs: &ConstraintSystemRef<F>, n: usize) -> Vec<Boolean<F>> {
    (0..n)
        .map(|_| Boolean::new_witness(cs.clone(), || Ok(false)).unwrap())
        .collect()
}

/// Constraints added by `f` after two witness points (and nothing else) are
/// allocated.
type Gadget<'a, F> = &'a dyn Fn(&ConstraintSystemRef<F>, &PointVar<F>, &PointVar<F>);

fn count<F: PrimeField>(f: Gadget<'_, F>) -> usize {
    let cs = setup::<F>();
    let p = PointVar::<F>::new_witness(cs.clone(), None).unwrap();
    let q = PointVar::<F>::new_witness(cs.clone(), None).unwrap();
    let before = cs.num_constraints();
    f(&cs, &p, &q);
    cs.num_constraints() - before
}

fn field_rows<F: PrimeField>(field: &'static str, rows: &mut Vec<CountRow>) {
    let mut push = |gadget: &str, constraints: usize, anchor: &'static str| {
        rows.push(CountRow {
            section: SECTION,
            gadget: gadget.into(),
            field,
            constraints,
            anchor,
        })
    };
    push(
        "mul a·b mod 2²⁵⁵ − 19 (fresh result)",
        {
            let cs = setup::<F>();
            let a = FqVar::<F>::new_witness(cs.clone(), None).unwrap();
            let b = FqVar::<F>::new_witness(cs.clone(), None).unwrap();
            let before = cs.num_constraints();
            a.mul(&b).unwrap();
            cs.num_constraints() - before
        },
        "—",
    );
    push(
        "point allocation + on-curve check",
        {
            let cs = setup::<F>();
            PointVar::<F>::new_witness(cs.clone(), None).unwrap();
            cs.num_constraints()
        },
        "—",
    );
    push(
        "complete addition, x·y of both operands cached",
        count::<F>(&|_, p, q| {
            p.add(q).unwrap();
        }),
        "—",
    );
    push(
        "complete addition, x·y of both operands computed",
        {
            // results of doublings carry no cached x·y
            let cs = setup::<F>();
            let p = PointVar::<F>::new_witness(cs.clone(), None).unwrap();
            let p2 = p.double().unwrap();
            let q2 = p.double().unwrap();
            let before = cs.num_constraints();
            p2.add(&q2).unwrap();
            cs.num_constraints() - before
        },
        "—",
    );
    push(
        "doubling",
        count::<F>(&|_, p, _| {
            p.double().unwrap();
        }),
        "—",
    );
    push(
        "is_eq (Boolean)",
        count::<F>(&|_, p, q| {
            let _ = p.is_eq(q).unwrap();
        }),
        "—",
    );
    push(
        "is_small_order ([8]P = O, Boolean)",
        count::<F>(&|_, p, _| {
            let _ = p.is_small_order().unwrap();
        }),
        "—",
    );
    push(
        "decompress 32 bytes (all five outputs)",
        {
            let cs = setup::<F>();
            let b = bytes_witness::<F, 32>(&cs, None).unwrap();
            let before = cs.num_constraints();
            decompress(&b).unwrap();
            cs.num_constraints() - before
        },
        "—",
    );
    push(
        "fixed-base [k]B, 256-bit k (8-bit windows, no doubling)",
        count::<F>(&|cs, _, _| {
            PointVar::<F>::generator_mul_le(&bits(cs, 256)).unwrap();
        }),
        "—",
    );
    push(
        "variable-base [k]P, 253-bit k (signed 5-bit windows)",
        count::<F>(&|cs, p, _| {
            p.scalar_mul_le(&bits(cs, 253)).unwrap();
        }),
        "—",
    );
    push(
        "[S]B − [k]A, 256-bit S, 253-bit k",
        count::<F>(&|cs, p, _| {
            let s = bits(cs, 256);
            let k = bits(cs, 253);
            PointVar::double_scalar_mul_le(&s, &p.neg(), &k).unwrap();
        }),
        "circom ed25519 verifiers ≈ 2M+ per signature in total",
    );
}

/// The Edwards25519 rows on BN254 Fr and BLS12-381 Fr.
pub fn rows() -> Vec<CountRow> {
    let mut rows = Vec::new();
    field_rows::<ark_bn254::Fr>("BN254 Fr", &mut rows);
    field_rows::<ark_bls12_381::Fr>("BLS12-381 Fr", &mut rows);
    rows
}
