//! Ed25519 verifier rows: each rule's own gadget (only the facts it reads)
//! on a 32-byte and an empty message, and the scalar pieces, synthesised in
//! setup mode (no witness values; the same constraints) and counted.

use ark_ff::PrimeField;
use ark_r1cs_std::{alloc::AllocVar, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use umbra_circuits::{
    ed25519::{
        PointVar,
        scalar::{ScalarVar, bytes_to_bits_le, lt_ell, reduce_wide},
        verify::{Rule, ed25519_verdicts, ed25519_verify, half_scalar_mul, torsion_index},
    },
    secp256k1::bip340::bytes_witness,
    table::CountRow,
};

const SECTION: &str = "Ed25519 verification";
const ANCHOR: &str = "circom ed25519 ≈ 2M+";

fn setup<F: PrimeField>() -> ConstraintSystemRef<F> {
    let cs = ConstraintSystem::<F>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    cs
}

fn msg_witness<F: PrimeField>(cs: &ConstraintSystemRef<F>, len: usize) -> Vec<UInt8<F>> {
    (0..len)
        .map(|_| UInt8::new_witness(cs.clone(), || Ok(0u8)).unwrap())
        .collect()
}

/// Constraints of the whole verification, the inputs' allocation (byte
/// booleanity) excluded.
fn verify<F: PrimeField>(rule: Option<Rule>, msg_len: usize) -> usize {
    let cs = setup::<F>();
    let a = bytes_witness::<F, 32>(&cs, None).unwrap();
    let sig = bytes_witness::<F, 64>(&cs, None).unwrap();
    let msg = msg_witness(&cs, msg_len);
    let before = cs.num_constraints();
    match rule {
        Some(r) => ed25519_verify(r, &a, &sig, &msg).unwrap(),
        None => {
            let _ = ed25519_verdicts(&a, &sig, &msg).unwrap();
        }
    }
    cs.num_constraints() - before
}

fn reduce<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let w = bytes_witness::<F, 64>(&cs, None).unwrap();
    let before = cs.num_constraints();
    reduce_wide(&w).unwrap();
    cs.num_constraints() - before
}

fn lt<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let s = bytes_witness::<F, 32>(&cs, None).unwrap();
    let before = cs.num_constraints();
    let _ = lt_ell(&bytes_to_bits_le(&s)).unwrap();
    cs.num_constraints() - before
}

/// The torsion index of a witness point (`X = [8]W + [i]T₈`).
fn torsion<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let x = PointVar::new_witness(cs.clone(), None).unwrap();
    let before = cs.num_constraints();
    let _ = torsion_index(&x, None).unwrap();
    cs.num_constraints() - before
}

/// `[b·S mod ℓ]B − [b]R − [a]A` with the half-size pair, from a canonical `k`,
/// 256 bits of `S` and two witness points.
fn half<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let kb = bytes_witness::<F, 32>(&cs, None).unwrap();
    let sb = bytes_witness::<F, 32>(&cs, None).unwrap();
    let a = PointVar::new_witness(cs.clone(), None).unwrap();
    let r = PointVar::new_witness(cs.clone(), None).unwrap();
    let k = ScalarVar::<F>::from_bits_le(&bytes_to_bits_le(&kb));
    let before = cs.num_constraints();
    half_scalar_mul(&k, &bytes_to_bits_le(&sb), &a, &r, None).unwrap();
    cs.num_constraints() - before
}

fn field_rows<F: PrimeField>(field: &'static str, rows: &mut Vec<CountRow>) {
    let row = |gadget: String, constraints| CountRow {
        section: SECTION,
        gadget,
        field,
        constraints,
        anchor: ANCHOR,
    };
    for (rule, name) in [
        (Some(Rule::Rfc8032), "RFC 8032"),
        (Some(Rule::Strict), "strict"),
        (Some(Rule::Zip215), "ZIP-215"),
        (None, "all three verdicts, shared"),
    ] {
        for len in [32, 0] {
            rows.push(row(
                format!("verify, {name}, {len}-byte message"),
                verify::<F>(rule, len),
            ));
        }
    }
    let row = |gadget: &str, constraints| CountRow {
        section: SECTION,
        gadget: gadget.into(),
        field,
        constraints,
        anchor: "—",
    };
    rows.push(row("k = 512-bit digest mod ℓ (canonical)", reduce::<F>()));
    rows.push(row("S < ℓ as a Boolean (256-bit S)", lt::<F>()));
    rows.push(row(
        "[b·S]B − [b]R − [a]A, half-size pair a ≡ b·k mod ℓ (incl. its checks)",
        half::<F>(),
    ));
    rows.push(row(
        "torsion index of a point (X = [8]W + [i]T8)",
        torsion::<F>(),
    ));
}

/// The section's rows, BN254 Fr then BLS12-381 Fr.
pub fn rows() -> Vec<CountRow> {
    let mut rows = Vec::new();
    field_rows::<ark_bn254::Fr>("BN254 Fr", &mut rows);
    field_rows::<ark_bls12_381::Fr>("BLS12-381 Fr", &mut rows);
    rows
}
