//! Single-witness perturbation over every gadget family (issue #20): each
//! gadget is synthesised on honest inputs, then every witness variable is
//! changed alone (`+1`, the flipped bit or the negated value, and a random
//! offset) and the system must become unsatisfied. See
//! `tests/common/perturb.rs` for the method and `docs/circuits.md`
//! ("Malicious-witness tests") for the counts.
//!
//! The default (debug) run covers every family on unit-sized gadgets;
//! the whole verifiers (ECDSA, BIP-340, GG20, Ed25519, Keccak-f, Verkle
//! multiproof) are `#[ignore]`d: run them with
//! `cargo test -p umbra-circuits --release --test integration perturb:: -- --ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use crate::common;

use ark_ff::PrimeField;
use ark_r1cs_std::{
    GR1CSVar, alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::fp::FpVar, uint8::UInt8,
    uint32::UInt32, uint64::UInt64,
};
use ark_relations::{
    gr1cs::{ConstraintSystem, ConstraintSystemRef, Variable},
    lc,
};
use common::perturb::{
    FreeKind, Options, Perturbation, Rng, Selection, assert_free_kinds, assert_no_free_witness,
    perturb_witnesses,
};
use num_bigint::BigUint;

type Bn = ark_bn254::Fr;
type Bls = ark_bls12_381::Fr;

fn big(rng: &mut Rng) -> BigUint {
    let words: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
    umbra_circuits::emulated::from_u64s(&words)
}

// ---------------------------------------------------------------------------
// The helper on toy circuits: it must catch each kind of free wire.

/// `x·x = 9` with `x` a witness and a public `9`: the negated root `−x`
/// also satisfies it (the "other square root" class); plus an unused
/// witness and an `is_eq` of equal values (whose inverse hint is
/// multiplied by zero).
fn toy(free_root: bool, unused: bool, equal_eq: bool) -> ConstraintSystemRef<Bn> {
    let cs = ConstraintSystem::<Bn>::new_ref();
    let nine = FpVar::new_input(cs.clone(), || Ok(Bn::from(9u8))).unwrap();
    let x = FpVar::new_witness(cs.clone(), || Ok(Bn::from(3u8))).unwrap();
    (&x * &x).enforce_equal(&nine).unwrap();
    if !free_root {
        // pin the root: x = 3 via x − 3 = 0 written as a product
        let three = FpVar::new_input(cs.clone(), || Ok(Bn::from(3u8))).unwrap();
        x.enforce_equal(&three).unwrap();
    }
    if unused {
        let _ = FpVar::new_witness(cs.clone(), || Ok(Bn::from(5u8))).unwrap();
    }
    if equal_eq {
        let a = FpVar::new_witness(cs.clone(), || Ok(Bn::from(7u8))).unwrap();
        let b = FpVar::new_input(cs.clone(), || Ok(Bn::from(7u8))).unwrap();
        a.is_eq(&b).unwrap().enforce_equal(&Boolean::TRUE).unwrap();
    }
    cs
}

#[test]
fn helper_catches_free_wires_in_toy_circuits() {
    // pinned: nothing free
    let r = assert_no_free_witness("toy pinned", &toy(false, false, false));
    assert_eq!(r.witnesses, 2); // x and x·x
    // the other square root: only the negation survives; x occurs only in
    // x·x = w, so it is classified as a free root sign
    let r = perturb_witnesses(&toy(true, false, false), &Options::default());
    assert_eq!(r.free_witnesses(), vec![0]);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].perturbation, Perturbation::Plausible);
    assert_eq!(r.findings[0].kind, FreeKind::RootSign);
    // the same freedom, written x·(x + 1) = 9 + x: classified Other
    let cs = ConstraintSystem::<Bn>::new_ref();
    let x = cs.new_witness_variable(|| Ok(Bn::from(3u8))).unwrap();
    cs.enforce_r1cs_constraint(
        || lc!() + x,
        || lc!() + x + Variable::One,
        || lc!() + (Bn::from(9u8), Variable::One) + x,
    )
    .unwrap();
    let r = perturb_witnesses(&cs, &Options::default());
    assert_eq!(r.by_kind().get(&FreeKind::Other), Some(&1));
    assert_eq!(r.findings[0].perturbation, Perturbation::Plausible);
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert_free_kinds("toy other", &cs, &[])
    }));
    assert!(res.is_err(), "assert_free_kinds accepted an Other finding");
    // an unused allocation: every forgery survives
    let r = perturb_witnesses(&toy(false, true, false), &Options::default());
    assert_eq!(r.free_witnesses(), vec![2]);
    assert_eq!(r.findings.len(), 3);
    assert!(r.findings.iter().all(|f| f.kind == FreeKind::Unused));
    // is_eq of equal values: the inverse hint is free, zero-multiplied
    let r = perturb_witnesses(&toy(false, false, true), &Options::default());
    assert_eq!(r.by_kind().get(&FreeKind::ZeroMultiplied), Some(&1));
    assert_eq!(r.by_kind().len(), 1);
    // the assert form fails on each of them
    for (a, b, c) in [
        (true, false, false),
        (false, true, false),
        (false, false, true),
    ] {
        let cs = toy(a, b, c);
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            assert_no_free_witness("toy", &cs)
        }));
        assert!(
            res.is_err(),
            "assert_no_free_witness missed toy({a}, {b}, {c})"
        );
    }
    // sampling: a fixed sample plus always-included indices
    let r = perturb_witnesses(
        &toy(true, true, false),
        &Options {
            selection: Selection::Sample {
                count: 0,
                seed: 1,
                always: vec![2],
            },
            ..Options::default()
        },
    );
    assert_eq!(r.checked, 1);
    assert_eq!(r.free_witnesses(), vec![2]);
}

// ---------------------------------------------------------------------------
// Emulated fields

mod emulated {
    use super::*;
    use umbra_circuits::emulated::{Curve25519Fq, Ed25519Fr, EmFp, EmulatedModulus, Secp256k1Fq};

    fn family<F: PrimeField, P: EmulatedModulus>(name: &str, seed: u64) {
        let mut rng = Rng(seed);
        let m = P::modulus();
        let cs = ConstraintSystem::<F>::new_ref();
        let (av, bv, dv) = (big(&mut rng) % &m, big(&mut rng) % &m, big(&mut rng) % &m);
        let a = EmFp::<F, P>::new_witness(cs.clone(), Some(&av)).unwrap();
        let b = EmFp::<F, P>::new_witness(cs.clone(), Some(&bv)).unwrap();
        let d = EmFp::<F, P>::new_witness(cs.clone(), Some(&dv)).unwrap();
        // a fresh product, a lazily summed relation, an inverse, canonicity
        let c = a.mul(&b).unwrap();
        let e = a.add(&b).sub(&d).mul_small(3);
        let f = EmFp::<F, P>::new_witness(
            cs.clone(),
            Some(&((&av * &bv + &bv * &dv + (&av + &bv + &m * 3u8 - &dv) * 3u8) % &m)),
        )
        .unwrap();
        EmFp::enforce_products_eq(
            &[(&a, &b), (&b, &d), (&e, &EmFp::one())],
            &[(&f, &EmFp::one())],
        )
        .unwrap();
        let _ = c.inverse().unwrap();
        c.enforce_canonical().unwrap();
        let _ = f.to_bits_le().unwrap();
        assert_no_free_witness(name, &cs);
    }

    #[test]
    fn secp256k1_p_on_bn254() {
        family::<Bn, Secp256k1Fq>("emulated secp256k1 p / BN254", 1);
    }

    #[test]
    fn curve25519_on_bls12_381() {
        family::<Bls, Curve25519Fq>("emulated 2^255-19 / BLS12-381", 2);
    }

    #[test]
    fn ed25519_order_on_bn254() {
        family::<Bn, Ed25519Fr>("emulated ed25519 l / BN254", 3);
    }
}

// ---------------------------------------------------------------------------
// secp256k1

mod secp256k1 {
    use super::*;
    use umbra_circuits::secp256k1::{
        PointVar, ScalarVar, bip340, ecdsa_verify, feldman_verify_share, gg20_verify_share,
        glv_terms, native, x_mod_n,
    };

    pub fn point(k: &BigUint) -> (BigUint, BigUint) {
        native::mul(k, &Some(native::generator())).unwrap()
    }

    #[test]
    fn point_ops() {
        let mut rng = Rng(11);
        let cs = ConstraintSystem::<Bn>::new_ref();
        let (p, q) = (point(&big(&mut rng)), point(&big(&mut rng)));
        let pv = PointVar::new_witness(cs.clone(), Some(&p)).unwrap();
        let qv = PointVar::new_witness(cs.clone(), Some(&q)).unwrap();
        let s = pv.add(&qv).unwrap();
        let d = pv.double().unwrap();
        let t = d.double_and_add(&s).unwrap();
        let _ = x_mod_n(&t).unwrap();
        assert_no_free_witness("secp256k1 add/double/2P+Q/x mod n", &cs);
    }

    #[test]
    fn glv_split() {
        let mut rng = Rng(12);
        let cs = ConstraintSystem::<Bn>::new_ref();
        let p = point(&big(&mut rng));
        let pv = PointVar::new_witness(cs.clone(), Some(&p)).unwrap();
        for _ in 0..2 {
            let k = ScalarVar::<Bn>::new_witness(cs.clone(), Some(&big(&mut rng))).unwrap();
            let terms = glv_terms(&pv, &k).unwrap();
            // use the selected points and bits so that nothing dangles
            for (t, bits) in &terms {
                let sel = PointVar::select(&bits[0], t, &pv).unwrap();
                let _ = sel.add(&PointVar::generator()).unwrap();
            }
        }
        assert_no_free_witness("secp256k1 GLV split", &cs);
    }

    /// Feldman VSS share check, t = 2 (3 commitments), index 7: the
    /// fixed-base windowed multiplication of the share and the short joint
    /// multiplication by the constant powers of the index.
    #[test]
    fn feldman() {
        let mut rng = Rng(15);
        let n = native::n();
        let coefs: Vec<BigUint> = (0..3).map(|_| big(&mut rng) % &n).collect();
        let share = coefs
            .iter()
            .rev()
            .fold(BigUint::default(), |acc, c| (acc * 7u8 + c) % &n);
        let cs = ConstraintSystem::<Bn>::new_ref();
        let comms: Vec<PointVar<Bn>> = coefs
            .iter()
            .map(|c| PointVar::new_witness(cs.clone(), Some(&point(c))).unwrap())
            .collect();
        let sv = ScalarVar::new_witness(cs.clone(), Some(&share)).unwrap();
        feldman_verify_share(&comms, 7, &sv).unwrap();
        assert_no_free_witness("Feldman share check, t = 2", &cs);
    }

    /// A valid ECDSA signature `(key, z, r, s)` (native, BigUint).
    pub fn ecdsa_sig(seed: u64) -> ((BigUint, BigUint), BigUint, BigUint, BigUint) {
        let mut rng = Rng(seed);
        let n = native::n();
        let d = big(&mut rng) % &n;
        let key = point(&d);
        let z = big(&mut rng) % &n;
        let k = big(&mut rng) % &n;
        let r = point(&k).0 % &n;
        let s = native::inv(&k, &n) * (&z + &r * &d) % &n;
        (key, z, r, s)
    }

    #[test]
    #[ignore = "632k constraints: run in release (see the file header)"]
    fn ecdsa() {
        let (key, z, r, s) = ecdsa_sig(13);
        let cs = ConstraintSystem::<Bn>::new_ref();
        let kv = PointVar::new_witness(cs.clone(), Some(&key)).unwrap();
        let zv = ScalarVar::new_witness(cs.clone(), Some(&z)).unwrap();
        let rv = ScalarVar::new_witness(cs.clone(), Some(&r)).unwrap();
        let sv = ScalarVar::new_witness(cs.clone(), Some(&s)).unwrap();
        ecdsa_verify(&kv, &zv, &rv, &sv).unwrap();
        assert_no_free_witness("ECDSA (= threshold-ECDSA combined signature)", &cs);
    }

    #[test]
    #[ignore = "821k constraints: run in release (see the file header)"]
    fn gg20() {
        // s_i·R = m·R̄_i + r·S_i with R = k·G, R̄_i = k_i'·G, S_i = x_i·G:
        // choose R, R̄_i, S_i and m, then s_i = (m·k_i' + r·x_i)/k
        let mut rng = Rng(14);
        let n = native::n();
        let (k, kb, xi, m) = (
            big(&mut rng) % &n,
            big(&mut rng) % &n,
            big(&mut rng) % &n,
            big(&mut rng) % &n,
        );
        let (rp, rbar, si) = (point(&k), point(&kb), point(&xi));
        let r = rp.0.clone() % &n;
        let s = (&m * &kb + &r * &xi) % &n * native::inv(&k, &n) % &n;
        let cs = ConstraintSystem::<Bn>::new_ref();
        let w = |p: &(BigUint, BigUint)| PointVar::new_witness(cs.clone(), Some(p)).unwrap();
        let (rv, rbv, siv) = (w(&rp), w(&rbar), w(&si));
        let mv = ScalarVar::new_witness(cs.clone(), Some(&m)).unwrap();
        let sv = ScalarVar::new_witness(cs.clone(), Some(&s)).unwrap();
        gg20_verify_share(&rv, &mv, &rbv, &siv, &sv).unwrap();
        assert_no_free_witness("GG20 signature-share check", &cs);
    }

    #[test]
    #[ignore = "682k constraints: run in release (see the file header)"]
    fn bip340_verify() {
        let (pk, msg, sig) = bip340_case();
        let cs = ConstraintSystem::<Bn>::new_ref();
        let pkv = bip340::bytes_witness::<Bn, 32>(&cs, Some(&pk)).unwrap();
        let mv = bip340::bytes_witness::<Bn, 32>(&cs, Some(&msg)).unwrap();
        let sv = bip340::bytes_witness::<Bn, 64>(&cs, Some(&sig)).unwrap();
        bip340::bip340_verify(&cs, &pkv, &mv, &sv).unwrap();
        assert_no_free_witness("BIP-340", &cs);
    }
}

/// BIP-340 vector 1 of the official file (valid, 32-byte message).
fn bip340_case() -> ([u8; 32], [u8; 32], [u8; 64]) {
    let file = umbra_test_vectors::load("bip340").unwrap();
    let r = file.records_of("bip340").nth(1).unwrap().clone();
    assert!(r.bool("valid").unwrap());
    let msg: [u8; 32] = r.hex_array("message").unwrap();
    (
        r.hex_array("public_key").unwrap(),
        msg,
        r.hex_array("signature").unwrap(),
    )
}

// ---------------------------------------------------------------------------
// SHA-2, Keccak

mod hash {
    use super::*;
    use umbra_circuits::hash::{
        SHA256_IV, SHA512_IV, keccak_f1600_var, sha256_compress_var, sha512_compress_var,
    };

    fn block<F: PrimeField, const N: usize>(
        cs: &ConstraintSystemRef<F>,
        seed: u64,
    ) -> [UInt8<F>; N] {
        let mut rng = Rng(seed);
        core::array::from_fn(|_| {
            UInt8::new_witness(cs.clone(), || Ok(rng.next_u64() as u8)).unwrap()
        })
    }

    #[test]
    fn sha256_compression() {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let st: [UInt32<Bn>; 8] =
            SHA256_IV.map(|w| UInt32::new_witness(cs.clone(), || Ok(w)).unwrap());
        let blk = block::<Bn, 64>(&cs, 21);
        let out = sha256_compress_var(&st, &blk).unwrap();
        // the digest is what a caller uses: expose it
        for w in &out {
            let v = w.value().unwrap();
            w.enforce_equal(&UInt32::new_input(cs.clone(), || Ok(v)).unwrap())
                .unwrap();
        }
        assert_no_free_witness("SHA-256 compression", &cs);
    }

    #[test]
    fn sha512_compression() {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let st: [UInt64<Bn>; 8] =
            SHA512_IV.map(|w| UInt64::new_witness(cs.clone(), || Ok(w)).unwrap());
        let blk = block::<Bn, 128>(&cs, 22);
        let out = sha512_compress_var(&st, &blk).unwrap();
        for w in &out {
            let v = w.value().unwrap();
            w.enforce_equal(&UInt64::new_input(cs.clone(), || Ok(v)).unwrap())
                .unwrap();
        }
        assert_no_free_witness("SHA-512 compression", &cs);
    }

    #[test]
    fn keccak_f1600() {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let mut rng = Rng(23);
        let lanes: [UInt64<Bn>; 25] = core::array::from_fn(|_| {
            let v = rng.next_u64();
            UInt64::new_witness(cs.clone(), || Ok(v)).unwrap()
        });
        let out = keccak_f1600_var(&lanes).unwrap();
        for w in &out {
            let v = w.value().unwrap();
            w.enforce_equal(&UInt64::new_input(cs.clone(), || Ok(v)).unwrap())
                .unwrap();
        }
        assert_no_free_witness("Keccak-f[1600]", &cs);
    }
}

// ---------------------------------------------------------------------------
// Edwards25519 and Ed25519

mod ed25519 {
    use super::*;
    use umbra_circuits::ed25519::{
        PointVar, decompress, native, scalar::reduce_wide, verify::torsion_index,
    };
    use umbra_circuits::secp256k1::bip340::bytes_witness;

    fn point(k: u64) -> native::Point {
        native::mul(&BigUint::from(k), &native::base_point())
    }

    #[test]
    fn point_ops() {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let p = PointVar::new_witness(cs.clone(), Some(&point(0x1234_5678))).unwrap();
        let q = PointVar::new_witness(cs.clone(), Some(&point(0x9abc_def1))).unwrap();
        let s = p.add(&q).unwrap();
        let d = s.double().unwrap();
        // Booleans of unequal points / a point not of small order: every
        // hint determined
        d.is_eq(&p).unwrap().enforce_equal(&Boolean::FALSE).unwrap();
        d.is_small_order()
            .unwrap()
            .enforce_equal(&Boolean::FALSE)
            .unwrap();
        assert_no_free_witness("Edwards25519 add/double/is_eq/is_small_order", &cs);
    }

    /// `is_eq` of **equal** points: the inverse hints of the two coordinate
    /// comparisons (ark-r1cs-std's `is_neq`: `(a − b)·m = neq`,
    /// `(a − b)·(1 − neq) = 0`) are multiplied by `a − b = 0`, so `m` is
    /// free — and harmless: `neq = 0` is forced by the first row whatever
    /// `m` is, and `m` occurs in no other row.
    #[test]
    fn equal_points_free_inverse_hints() {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let p = PointVar::new_witness(cs.clone(), Some(&point(77))).unwrap();
        let q = PointVar::new_witness(cs.clone(), Some(&point(77))).unwrap();
        p.is_eq(&q).unwrap().enforce_equal(&Boolean::TRUE).unwrap();
        assert_free_kinds(
            "Edwards25519 is_eq (equal)",
            &cs,
            &[(FreeKind::ZeroMultiplied, 2)],
        );
    }

    fn decode_case(bytes: [u8; 32]) -> ConstraintSystemRef<Bn> {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let b = bytes_witness::<Bn, 32>(&cs, Some(&bytes)).unwrap();
        let d = decompress(&b).unwrap();
        // publish the Boolean outputs (what a verifier reads)
        for bit in [&d.decodes, &d.y_canonical, &d.sign_bit, &d.x_is_zero] {
            let v = bit.value().unwrap();
            bit.enforce_equal(&Boolean::new_input(cs.clone(), || Ok(v)).unwrap())
                .unwrap();
        }
        cs
    }

    fn one_enc() -> [u8; 32] {
        let mut one = [0u8; 32];
        one[0] = 1;
        one[31] = 0x80;
        one
    }

    #[test]
    fn decompress_valid_and_invalid() {
        let valid = native::encode(&point(5));
        assert_no_free_witness("Ed25519 decompress (valid)", &decode_case(valid));
        // y = 2: (y² − 1)/(d·y² + 1) is not a square
        let mut invalid = [0u8; 32];
        invalid[0] = 2;
        assert!(native::decode(&invalid).is_none());
        assert_no_free_witness("Ed25519 decompress (invalid)", &decode_case(invalid));
        // y = 1 (x = 0), sign bit set. Free, and harmless: the 256 bits of
        // the hint `s` of `r·s ≡ 1 − decodes` (it proves `r ≠ 0` when the
        // encoding does not decode; here `r = 0` and `decodes = 1`, so the
        // row is `0·s ≡ 0` and nothing else reads `s`), and the inverse hint
        // of the `x = 0` test (`kary_or` of `r`'s bits, all zero).
        assert_free_kinds(
            "Ed25519 decompress (x = 0)",
            &decode_case(one_enc()),
            &[(FreeKind::ZeroMultiplied, 257)],
        );
    }

    #[test]
    fn scalar_reduce_and_torsion() {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let mut rng = Rng(31);
        let wide: [u8; 64] = core::array::from_fn(|_| rng.next_u64() as u8);
        let w = bytes_witness::<Bn, 64>(&cs, Some(&wide)).unwrap();
        let k = reduce_wide(&w).unwrap();
        let _ = k.to_bits_le().unwrap();
        // a mixed-order point: [x]B + T (T of order 8 from the table)
        let t = umbra_circuits::ed25519::verify::torsion_table()[3].clone();
        let x = native::add(&point(999), &t);
        let xv = PointVar::new_witness(cs.clone(), Some(&x)).unwrap();
        let _ = torsion_index(&xv, None).unwrap();
        assert_no_free_witness("Ed25519 reduce_wide + torsion index", &cs);
    }

    #[test]
    #[ignore = "720k-758k constraints: run in release (see the file header)"]
    fn verify_every_rule() {
        use umbra_circuits::ed25519::verify::{Rule, ed25519_verify};
        use umbra_eddsa::SigningKey;
        let msg = b"umbra perturbation".to_vec();
        let sk = SigningKey::from_bytes(&[9u8; 32]);
        let (a, sig) = (sk.verifying_key().to_bytes(), sk.sign(&msg).to_bytes());
        for rule in [Rule::Rfc8032, Rule::Strict, Rule::Zip215] {
            let cs = ConstraintSystem::<Bn>::new_ref();
            let av = bytes_witness::<Bn, 32>(&cs, Some(&a)).unwrap();
            let sv = bytes_witness::<Bn, 64>(&cs, Some(&sig)).unwrap();
            let mv: Vec<UInt8<Bn>> = msg
                .iter()
                .map(|b| UInt8::new_witness(cs.clone(), || Ok(*b)).unwrap())
                .collect();
            ed25519_verify(rule, &av, &sv, &mv).unwrap();
            // Free and harmless: for a valid signature `[8]Q = O` holds, so
            // the identity test `fq_is_zero(x)`, `fq_is_zero(y − 1)` (a
            // `kary_or` of the canonical bits, i.e. ark-r1cs-std `is_neq`
            // against 0) has its two inverse hints multiplied by zero.
            assert_free_kinds(
                &format!("Ed25519 verify {rule:?}"),
                &cs,
                &[(FreeKind::ZeroMultiplied, 2)],
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Poseidon

mod poseidon {
    use super::*;
    use umbra_circuits::poseidon::{Poseidon, PoseidonPermutationVar, merkle_root_var};

    #[test]
    fn permutation_and_merkle_path() {
        let p3: Poseidon<Bn, 3> = Poseidon::new().unwrap();
        let p5: Poseidon<Bls, 5> = Poseidon::new().unwrap();
        let cs = ConstraintSystem::<Bn>::new_ref();
        let mut rng = Rng(41);
        let leaf = FpVar::new_witness(cs.clone(), || Ok(rng.field::<Bn>())).unwrap();
        let path: Vec<(FpVar<Bn>, Boolean<Bn>)> = (0..4)
            .map(|i| {
                let s = rng.field::<Bn>();
                (
                    FpVar::new_witness(cs.clone(), || Ok(s)).unwrap(),
                    Boolean::new_witness(cs.clone(), || Ok(i % 2 == 1)).unwrap(),
                )
            })
            .collect();
        let root = merkle_root_var(&p3, &leaf, &path).unwrap();
        let rv = root.value().unwrap();
        root.enforce_equal(&FpVar::new_input(cs.clone(), || Ok(rv)).unwrap())
            .unwrap();
        assert_no_free_witness("Poseidon Merkle path depth 4 (BN254, t = 3)", &cs);

        let cs = ConstraintSystem::<Bls>::new_ref();
        let mut st: [FpVar<Bls>; 5] = core::array::from_fn(|_| {
            let v = rng.field::<Bls>();
            FpVar::new_witness(cs.clone(), || Ok(v)).unwrap()
        });
        PoseidonPermutationVar::new(&p5).permute(&mut st).unwrap();
        for s in &st {
            let v = s.value().unwrap();
            s.enforce_equal(&FpVar::new_input(cs.clone(), || Ok(v)).unwrap())
                .unwrap();
        }
        assert_no_free_witness("Poseidon permutation t = 5 (BLS12-381)", &cs);
    }
}

// ---------------------------------------------------------------------------
// Short Weierstrass (Grumpkin)

mod weierstrass {
    use super::*;
    use ark_ec::{CurveGroup, PrimeGroup};
    use ark_grumpkin::{Fq, Fr, Projective};
    use umbra_circuits::weierstrass::GrumpkinVar;

    fn bits(cs: &ConstraintSystemRef<Fq>, rng: &mut Rng, n: usize) -> Vec<Boolean<Fq>> {
        (0..n)
            .map(|_| {
                let b = rng.next_u64() & 1 == 1;
                Boolean::new_witness(cs.clone(), || Ok(b)).unwrap()
            })
            .collect()
    }

    #[test]
    fn ops_and_scalar_mul() {
        let mut rng = Rng(51);
        let g = Projective::generator();
        let p = (g * Fr::from(rng.next_u64())).into_affine();
        let q = (g * Fr::from(rng.next_u64())).into_affine();
        let cs = ConstraintSystem::<Fq>::new_ref();
        let pv = GrumpkinVar::new_witness(cs.clone(), || Ok(p)).unwrap();
        let qv = GrumpkinVar::new_witness(cs.clone(), || Ok(q)).unwrap();
        let s = pv.add(&qv).unwrap();
        let d = s.double().unwrap();
        let e = d.add_nonexceptional(&pv).unwrap();
        let k = bits(&cs, &mut rng, 64);
        let m = e.scalar_mul_le(&k).unwrap();
        let fb = GrumpkinVar::fixed_base_msm_le(
            &[p, q],
            &[bits(&cs, &mut rng, 32), bits(&cs, &mut rng, 32)],
        )
        .unwrap();
        let out = m.add(&fb).unwrap();
        let _ = out.map_to_base().unwrap();
        let v = out.value().unwrap();
        let pubv = GrumpkinVar::new_input(cs.clone(), || Ok(v)).unwrap();
        out.enforce_equal(&pubv).unwrap();
        assert_no_free_witness("Grumpkin add/double/scalar mul/fixed-base MSM", &cs);
    }
}

// ---------------------------------------------------------------------------
// Verkle (width 8, the smallest the tests use; both instances)

mod verkle {
    use super::*;
    use ark_ff::UniformRand;
    use std::sync::OnceLock;
    use umbra_circuits::verkle::{
        BanderwagonGadget, GrumpkinGadget, IpaProofVar, MultiProofVar, PoseidonTranscriptVar,
        QueryVar, ScalarOf, VerifierKey, VerkleGroupVar, ipa_verify, multiproof_verify,
    };
    use umbra_poseidon::Poseidon;
    use umbra_verkle::commit::inner_product;
    use umbra_verkle::multiproof::{self, ProverQuery};
    use umbra_verkle::transcript::POSEIDON_TRANSCRIPT_WIDTH;
    use umbra_verkle::{Banderwagon, Committer, Crs, Domain, Grumpkin, PoseidonTranscript, ipa};

    const N: usize = 8;
    type Params<G> = Poseidon<<G as VerkleGroupVar>::Base, POSEIDON_TRANSCRIPT_WIDTH>;

    trait Inst: VerkleGroupVar {
        fn params() -> &'static Params<Self>;
        fn committer() -> &'static Committer<Self::Native>;
    }
    impl Inst for BanderwagonGadget {
        fn params() -> &'static Params<Self> {
            static P: OnceLock<Params<BanderwagonGadget>> = OnceLock::new();
            P.get_or_init(|| Poseidon::new().unwrap())
        }
        fn committer() -> &'static Committer<Banderwagon> {
            static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
            C.get_or_init(|| Committer::new(Crs::with_size(N)))
        }
    }
    impl Inst for GrumpkinGadget {
        fn params() -> &'static Params<Self> {
            static P: OnceLock<Params<GrumpkinGadget>> = OnceLock::new();
            P.get_or_init(|| Poseidon::new().unwrap())
        }
        fn committer() -> &'static Committer<Grumpkin> {
            static C: OnceLock<Committer<Grumpkin>> = OnceLock::new();
            C.get_or_init(|| Committer::new(Crs::with_size(N)))
        }
    }

    fn ipa_case<G: Inst>(name: &str, expected: &[(FreeKind, usize)]) {
        let mut rng = ark_std::test_rng();
        let poly: Vec<ScalarOf<G>> = (0..N).map(|_| ScalarOf::<G>::rand(&mut rng)).collect();
        let c = G::committer().commit(&poly).unwrap();
        let z = ScalarOf::<G>::rand(&mut rng);
        let b = Domain::<ScalarOf<G>>::new(N).barycentric_coefficients(&z);
        let y = inner_product(&poly, &b);
        let mut tp = PoseidonTranscript::<G::Native>::new(G::params(), b"perturb");
        let proof = ipa::prove(&mut tp, G::committer().crs(), poly, &c, b, &z).unwrap();
        let cs = ConstraintSystem::<G::Base>::new_ref();
        let cv = G::alloc_public_point(cs.clone(), || Ok(c)).unwrap();
        let zs = G::scalar_input(cs.clone(), || Ok(z)).unwrap();
        let ys = G::scalar_input(cs.clone(), || Ok(y)).unwrap();
        let pv =
            IpaProofVar::<G>::new_witness(cs.clone(), Some(&proof), N.trailing_zeros() as usize)
                .unwrap();
        let mut t = PoseidonTranscriptVar::new(G::params(), b"perturb").unwrap();
        let vk = VerifierKey::<G>::from_crs(G::committer().crs());
        ipa_verify(&mut t, &vk, &cv, &zs, &ys, &pv).unwrap();
        assert_free_kinds(name, &cs, expected);
    }

    #[test]
    fn ipa_banderwagon_width_8() {
        // Free and harmless: the square roots of the subgroup check
        // `root² = 1 − a·x²` of the 6 proof points L₁..₃, R₁..₃ (the sign of
        // a root is the prover's; the root occurs in no other row), and the
        // inverse hint of one ark-r1cs-std `is_eq` (of a 3-bit `kary_and`
        // whose bits are all set) multiplied by zero.
        ipa_case::<BanderwagonGadget>(
            "Verkle IPA, Banderwagon, width 8",
            &[(FreeKind::RootSign, 6), (FreeKind::ZeroMultiplied, 1)],
        );
    }

    #[test]
    fn ipa_grumpkin_width_8() {
        // Free and harmless: the inverse hints of two ark-r1cs-std `is_eq`
        // of equal values (multiplied by zero; see the Edwards25519 case).
        ipa_case::<GrumpkinGadget>(
            "Verkle IPA, Grumpkin, width 8",
            &[(FreeKind::ZeroMultiplied, 2)],
        );
    }

    fn multiproof_case<G: Inst>(name: &str, nq: usize, expected: &[(FreeKind, usize)]) {
        let mut rng = ark_std::test_rng();
        let polys: Vec<Vec<ScalarOf<G>>> = (0..nq)
            .map(|_| (0..N).map(|_| ScalarOf::<G>::rand(&mut rng)).collect())
            .collect();
        let comms: Vec<_> = polys
            .iter()
            .map(|p| G::committer().commit(p).unwrap())
            .collect();
        let queries: Vec<ProverQuery<'_, G::Native>> = (0..nq)
            .map(|i| ProverQuery {
                commitment: comms[i],
                poly: &polys[i],
                point: (3 + 2 * i) % N,
                result: polys[i][(3 + 2 * i) % N],
            })
            .collect();
        let dom = Domain::<ScalarOf<G>>::new(N);
        let mut tp = PoseidonTranscript::<G::Native>::new(G::params(), b"perturb-mp");
        let proof = multiproof::prove(G::committer(), &dom, &mut tp, &queries).unwrap();
        let cs = ConstraintSystem::<G::Base>::new_ref();
        let qv: Vec<QueryVar<G>> = queries
            .iter()
            .map(|q| QueryVar::<G>::new_input(cs.clone(), q.commitment, q.point, q.result).unwrap())
            .collect();
        let pv =
            MultiProofVar::<G>::new_witness(cs.clone(), Some(&proof), N.trailing_zeros() as usize)
                .unwrap();
        let mut t = PoseidonTranscriptVar::new(G::params(), b"perturb-mp").unwrap();
        let vk = VerifierKey::<G>::from_crs(G::committer().crs());
        multiproof_verify(&mut t, &vk, &qv, &pv).unwrap();
        assert_free_kinds(name, &cs, expected);
    }

    #[test]
    fn multiproof_banderwagon_width_8() {
        // The subgroup-check roots of D and of L₁..₃, R₁..₃ (see the IPA case).
        multiproof_case::<BanderwagonGadget>(
            "Verkle multiproof, Banderwagon, width 8, 2 openings",
            2,
            &[(FreeKind::RootSign, 7)],
        );
    }

    #[test]
    fn multiproof_grumpkin_width_8() {
        // The inverse hints of the final point comparison's two `is_eq`
        // (equal coordinates, multiplied by zero).
        multiproof_case::<GrumpkinGadget>(
            "Verkle multiproof, Grumpkin, width 8, 2 openings",
            2,
            &[(FreeKind::ZeroMultiplied, 2)],
        );
    }
}
