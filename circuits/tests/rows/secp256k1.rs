//! Emulated-field and secp256k1 rows: each gadget synthesised in setup mode
//! (no witness values; the same constraints) and counted.

use ark_ff::{MontBackend, MontConfig, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, fields::emulated_fp::EmulatedFpVar};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use umbra_circuits::{
    emulated::{Curve25519Fq, Ed25519Fr, EmFp, EmulatedModulus, Secp256k1Fq, Secp256k1Fr},
    secp256k1::bip340::{bip340_verify, bytes_witness},
    secp256k1::{
        PointVar, ScalarVar, ecdsa_verify, feldman_verify_share, gg20_verify_share, glv_terms, msm,
    },
    table::CountRow,
};

/// secp256k1's base field as an arkworks field, for `EmulatedFpVar`.
#[derive(MontConfig)]
#[modulus = "115792089237316195423570985008687907853269984665640564039457584007908834671663"]
#[generator = "3"]
pub struct SecpFqConfig;
/// See [`SecpFqConfig`].
pub type SecpFq = ark_ff::Fp256<MontBackend<SecpFqConfig, 4>>;

const EMU: &str = "Emulated fields";
const SECP: &str = "secp256k1";

fn setup<F: PrimeField>() -> ConstraintSystemRef<F> {
    let cs = ConstraintSystem::<F>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    cs
}

fn ours_mul<F: PrimeField, P: EmulatedModulus>() -> usize {
    let cs = setup::<F>();
    let a = EmFp::<F, P>::new_witness(cs.clone(), None).unwrap();
    let b = EmFp::<F, P>::new_witness(cs.clone(), None).unwrap();
    let before = cs.num_constraints();
    let _ = a.mul(&b).unwrap();
    cs.num_constraints() - before
}

fn ours_mul_check<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let a = EmFp::<F, Secp256k1Fq>::new_witness(cs.clone(), None).unwrap();
    let b = EmFp::<F, Secp256k1Fq>::new_witness(cs.clone(), None).unwrap();
    let c = EmFp::<F, Secp256k1Fq>::new_witness(cs.clone(), None).unwrap();
    let before = cs.num_constraints();
    EmFp::enforce_mul_eq(&a, &b, &c).unwrap();
    cs.num_constraints() - before
}

fn arkworks_mul<F: PrimeField>() -> usize {
    let cs = ConstraintSystem::<F>::new_ref();
    let a = EmulatedFpVar::<SecpFq, F>::new_witness(cs.clone(), || Ok(SecpFq::from(3u8))).unwrap();
    let b = EmulatedFpVar::<SecpFq, F>::new_witness(cs.clone(), || Ok(SecpFq::from(5u8))).unwrap();
    let before = cs.num_constraints();
    let _ = &a * &b;
    cs.num_constraints() - before
}

fn point_rows<F: PrimeField>(field: &'static str, rows: &mut Vec<CountRow>) {
    let count = |name: &str, f: &dyn Fn(&PointVar<F>, &PointVar<F>)| {
        let cs = setup::<F>();
        let p = PointVar::<F>::new_witness(cs.clone(), None).unwrap();
        let q = PointVar::<F>::new_witness(cs.clone(), None).unwrap();
        let before = cs.num_constraints();
        f(&p, &q);
        CountRow {
            section: SECP,
            gadget: name.into(),
            field,
            constraints: cs.num_constraints() - before,
            anchor: "—",
        }
    };
    rows.push(count("point allocation + on-curve check", &|_, _| {}));
    rows.last_mut().unwrap().constraints = {
        let cs = setup::<F>();
        PointVar::<F>::new_witness(cs.clone(), None).unwrap();
        cs.num_constraints()
    };
    rows.push(count(
        "point addition (incomplete, x₁ ≠ x₂ enforced)",
        &|p, q| {
            p.add(q).unwrap();
        },
    ));
    rows.push(count("point doubling", &|p, _| {
        p.double().unwrap();
    }));
    rows.push(count("2P + Q (double_and_add)", &|p, q| {
        p.double_and_add(q).unwrap();
    }));
    rows.push(count(
        "u1·G + u2·Q, GLV (4 × 129-bit terms, 16-entry table)",
        &|_, q| {
            let cs = q.x.cs();
            let u1 = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
            let u2 = ScalarVar::<F>::new_witness(cs, None).unwrap();
            let mut terms = glv_terms(&PointVar::generator(), &u1).unwrap();
            terms.extend(glv_terms(q, &u2).unwrap());
            msm(&terms).unwrap();
        },
    ));
    rows.push(count(
        "u1·G + u2·Q, no GLV (2 × 256-bit terms, 4-entry table)",
        &|_, q| {
            let cs = q.x.cs();
            let u1 = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
            let u2 = ScalarVar::<F>::new_witness(cs, None).unwrap();
            msm(&[
                (PointVar::generator(), u1.to_bits_le().unwrap()),
                (q.clone(), u2.to_bits_le().unwrap()),
            ])
            .unwrap();
        },
    ));
}

fn ecdsa<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let key = PointVar::<F>::new_witness(cs.clone(), None).unwrap();
    let z = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
    let r = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
    let s = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
    ecdsa_verify(&key, &z, &r, &s).unwrap();
    cs.num_constraints()
}

fn feldman<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let c: Vec<_> = (0..3)
        .map(|_| PointVar::<F>::new_witness(cs.clone(), None).unwrap())
        .collect();
    let s = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
    feldman_verify_share(&c, 7, &s).unwrap();
    cs.num_constraints()
}

fn bip340<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let pk = bytes_witness::<F, 32>(&cs, None).unwrap();
    let sig = bytes_witness::<F, 64>(&cs, None).unwrap();
    let msg = bytes_witness::<F, 32>(&cs, None).unwrap();
    bip340_verify(&cs, &pk, &msg, &sig).unwrap();
    cs.num_constraints()
}

fn gg20<F: PrimeField>() -> usize {
    let cs = setup::<F>();
    let p: Vec<_> = (0..3)
        .map(|_| PointVar::<F>::new_witness(cs.clone(), None).unwrap())
        .collect();
    let m = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
    let s = ScalarVar::<F>::new_witness(cs.clone(), None).unwrap();
    gg20_verify_share(&p[0], &m, &p[1], &p[2], &s).unwrap();
    cs.num_constraints()
}

/// The rows of both sections.
pub fn rows() -> Vec<CountRow> {
    const BN: &str = "BN254 Fr";
    const BLS: &str = "BLS12-381 Fr";
    let row = |section, gadget: &str, field, constraints, anchor| CountRow {
        section,
        gadget: gadget.into(),
        field,
        constraints,
        anchor,
    };
    type Bn = ark_bn254::Fr;
    type Bls = ark_bls12_381::Fr;
    let mut rows = vec![
        row(
            EMU,
            "mul a·b mod p (fresh result), secp256k1 p, umbra",
            BN,
            ours_mul::<Bn, Secp256k1Fq>(),
            "—",
        ),
        row(
            EMU,
            "mul a·b mod p, secp256k1 p, ark-r1cs-std EmulatedFpVar",
            BN,
            arkworks_mul::<Bn>(),
            "—",
        ),
        row(
            EMU,
            "mul a·b mod p (fresh result), secp256k1 p, umbra",
            BLS,
            ours_mul::<Bls, Secp256k1Fq>(),
            "—",
        ),
        row(
            EMU,
            "mul a·b mod p, secp256k1 p, ark-r1cs-std EmulatedFpVar",
            BLS,
            arkworks_mul::<Bls>(),
            "—",
        ),
        row(
            EMU,
            "check a·b ≡ c (no fresh result), secp256k1 p, umbra",
            BN,
            ours_mul_check::<Bn>(),
            "—",
        ),
        row(
            EMU,
            "mul a·b mod n (fresh result), secp256k1 n, umbra",
            BN,
            ours_mul::<Bn, Secp256k1Fr>(),
            "—",
        ),
        row(
            EMU,
            "mul a·b mod 2^255 − 19 (fresh result), umbra",
            BN,
            ours_mul::<Bn, Curve25519Fq>(),
            "—",
        ),
        row(
            EMU,
            "mul a·b mod ℓ (fresh result), Ed25519 ℓ, umbra",
            BN,
            ours_mul::<Bn, Ed25519Fr>(),
            "—",
        ),
    ];
    point_rows::<Bn>(BN, &mut rows);
    rows.push(row(
        SECP,
        "ECDSA verification",
        BN,
        ecdsa::<Bn>(),
        "circom-ecdsa (0xPARC) ≈ 1.5M",
    ));
    rows.push(row(
        SECP,
        "ECDSA verification",
        BLS,
        ecdsa::<Bls>(),
        "circom-ecdsa (0xPARC) ≈ 1.5M",
    ));
    rows.push(row(
        SECP,
        "BIP-340 verification, 32-byte message",
        BN,
        bip340::<Bn>(),
        "—",
    ));
    rows.push(row(
        SECP,
        "Feldman share check s·G = Σ iʲ·Cⱼ, t = 2, i = 7",
        BN,
        feldman::<Bn>(),
        "—",
    ));
    rows.push(row(
        SECP,
        "GG20 share check sᵢ·R = m·R̄ᵢ + r·Sᵢ",
        BN,
        gg20::<Bn>(),
        "—",
    ));
    rows
}
