//! Ed25519 verifier gadgets (`umbra_circuits::ed25519::{scalar, verify}`):
//! the mod-ℓ challenge reduction and `S < ℓ` against curve25519-dalek's
//! scalars, and each rule's verdict against `umbra-eddsa` on the RFC 8032
//! vectors, the project's 110-case edge-case suite, random signatures and
//! tampered inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use curve25519_dalek::scalar::Scalar;
use proptest::prelude::*;
use umbra_circuits::ed25519::scalar::{
    bytes_to_bits_le, lt_ell, reduce_wide, reduce_wide_with_hint,
};

type Fr = ark_bn254::Fr;

fn witness_bytes(cs: &ConstraintSystemRef<Fr>, bytes: &[u8]) -> Vec<UInt8<Fr>> {
    bytes
        .iter()
        .map(|b| UInt8::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect()
}

/// ℓ, little-endian.
const ELL: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// `reduce_wide` in a fresh system: the 32 little-endian bytes of the result
/// and whether the system is satisfied.
fn gadget_reduce(wide: &[u8; 64]) -> ([u8; 32], bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let w: [UInt8<Fr>; 64] = witness_bytes(&cs, wide).try_into().unwrap();
    let r = reduce_wide(&w).unwrap();
    let bits = r.to_bits_le().unwrap();
    assert_eq!(bits.len(), 256);
    let mut out = [0u8; 32];
    for (i, b) in bits.iter().enumerate() {
        out[i / 8] |= u8::from(b.value().unwrap()) << (i % 8);
    }
    (out, cs.is_satisfied().unwrap())
}

fn gadget_lt_ell(s: &[u8; 32]) -> (bool, bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let sv = witness_bytes(&cs, s);
    let lt = lt_ell(&bytes_to_bits_le(&sv)).unwrap();
    (lt.value().unwrap(), cs.is_satisfied().unwrap())
}

fn le_add_small(a: &[u8; 32], k: i32) -> [u8; 32] {
    let mut v = num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, a) + k;
    if v.sign() == num_bigint::Sign::Minus {
        v = num_bigint::BigInt::default();
    }
    let mut out = [0u8; 32];
    let b = v.to_bytes_le().1;
    out[..b.len().min(32)].copy_from_slice(&b[..b.len().min(32)]);
    out
}

#[test]
fn reduce_wide_edges_match_dalek() {
    let mut cases: Vec<[u8; 64]> = vec![[0u8; 64], [0xff; 64]];
    // ℓ, ℓ − 1, ℓ + 1 in the low half; ℓ·2²⁵⁶ in the high half
    for k in [-1, 0, 1] {
        let mut w = [0u8; 64];
        w[..32].copy_from_slice(&le_add_small(&ELL, k));
        cases.push(w);
    }
    let mut w = [0u8; 64];
    w[32..].copy_from_slice(&ELL);
    cases.push(w);
    for w in cases {
        let (r, sat) = gadget_reduce(&w);
        assert!(sat);
        assert_eq!(r, Scalar::from_bytes_mod_order_wide(&w).to_bytes());
    }
}

#[test]
fn lt_ell_edges_match_dalek() {
    let mut cases = vec![[0u8; 32], [0xff; 32], ELL];
    for k in [-2, -1, 1, 2] {
        cases.push(le_add_small(&ELL, k));
    }
    // S + ℓ for a small S: the classic malleability
    cases.push(le_add_small(&ELL, 7));
    let mut high = [0u8; 32];
    high[31] = 0xe0;
    cases.push(high);
    for s in cases {
        let (lt, sat) = gadget_lt_ell(&s);
        assert!(sat);
        let expect = bool::from(Scalar::from_canonical_bytes(s).is_some());
        assert_eq!(lt, expect, "{s:02x?}");
    }
}

/// The remainder is the prover's witness: only the true `h mod ℓ` satisfies
/// the system — not `h mod ℓ + ℓ` (congruent, below 2²⁵⁶: the canonicity
/// check rejects it), nor a neighbour (the congruence rejects it). For a
/// mixed-order `A` a congruent unreduced `k` would change `[k]A`.
#[test]
fn reduce_wide_rejects_every_remainder_but_the_true_one() {
    use num_bigint::BigUint;
    let ell = BigUint::from_bytes_le(&ELL);
    for wide in [[0x5au8; 64], [0xff; 64], [0; 64]] {
        let h = BigUint::from_bytes_le(&wide);
        let r = &h % &ell;
        let mut hints = vec![(r.clone(), true), (&r + &ell, false), (&r + 1u8, false)];
        if r > BigUint::default() {
            hints.push((&r - 1u8, false));
        }
        for (hint, ok) in hints {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let w: [UInt8<Fr>; 64] = witness_bytes(&cs, &wide).try_into().unwrap();
            let _ = reduce_wide_with_hint(&w, Some(hint.clone())).unwrap();
            assert_eq!(cs.is_satisfied().unwrap(), ok, "hint {hint}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn reduce_wide_matches_dalek(w in proptest::collection::vec(any::<u8>(), 64)) {
        let w: [u8; 64] = w.try_into().unwrap();
        let (r, sat) = gadget_reduce(&w);
        prop_assert!(sat);
        prop_assert_eq!(r, Scalar::from_bytes_mod_order_wide(&w).to_bytes());
    }

    #[test]
    fn lt_ell_matches_dalek(s in proptest::collection::vec(any::<u8>(), 32), top in 0u8..0x20) {
        // random top byte below 0x20 puts S near ℓ half the time
        let mut s: [u8; 32] = s.try_into().unwrap();
        s[31] = top;
        let (lt, sat) = gadget_lt_ell(&s);
        prop_assert!(sat);
        prop_assert_eq!(lt, bool::from(Scalar::from_canonical_bytes(s).is_some()));
    }
}

// ---------------------------------------------------------------------------
// Verification gadgets
// ---------------------------------------------------------------------------

use umbra_circuits::ed25519::verify::{Rule, ed25519_verdict, ed25519_verdicts, ed25519_verify};
use umbra_eddsa::{Signature, SigningKey, VerifyingKey};

fn native_rule(rule: Rule) -> umbra_eddsa::Rule {
    match rule {
        Rule::Rfc8032 => umbra_eddsa::Rule::Rfc8032,
        Rule::Strict => umbra_eddsa::Rule::Strict,
        Rule::Zip215 => umbra_eddsa::Rule::Zip215,
    }
}

/// The native verdict of `umbra-eddsa` (a key that does not decode rejects).
fn native(rule: Rule, a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(a).is_ok_and(|vk| {
        vk.verify_with(native_rule(rule), msg, &Signature::from_bytes(sig))
            .is_ok()
    })
}

struct Inputs {
    cs: ConstraintSystemRef<Fr>,
    a: [UInt8<Fr>; 32],
    sig: [UInt8<Fr>; 64],
    msg: Vec<UInt8<Fr>>,
}

fn inputs(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Inputs {
    let cs = ConstraintSystem::<Fr>::new_ref();
    Inputs {
        a: witness_bytes(&cs, a).try_into().unwrap(),
        sig: witness_bytes(&cs, sig).try_into().unwrap(),
        msg: witness_bytes(&cs, msg),
        cs,
    }
}

/// The three verdicts of the shared gadget, after checking that its system
/// is satisfied (the verdicts are outputs, not constraints).
fn gadget_verdicts(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> [bool; 3] {
    let i = inputs(a, msg, sig);
    let v = ed25519_verdicts(&i.a, &i.sig, &i.msg).unwrap();
    assert!(i.cs.is_satisfied().unwrap(), "verdict system unsatisfied");
    v.map(|b| b.value().unwrap())
}

/// One rule's own verdict gadget (only its facts synthesised).
fn gadget_verdict(rule: Rule, a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let i = inputs(a, msg, sig);
    let v = ed25519_verdict(rule, &i.a, &i.sig, &i.msg).unwrap();
    assert!(i.cs.is_satisfied().unwrap(), "verdict system unsatisfied");
    v.value().unwrap()
}

/// Whether `ed25519_verify` under `rule` is satisfied.
fn gadget_verify(rule: Rule, a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let i = inputs(a, msg, sig);
    ed25519_verify(rule, &i.a, &i.sig, &i.msg).unwrap();
    i.cs.is_satisfied().unwrap()
}

struct Edge {
    name: String,
    a: [u8; 32],
    msg: Vec<u8>,
    sig: [u8; 64],
    expect: [bool; 3],
}

fn edge_cases() -> Vec<Edge> {
    let kat = umbra_test_vectors::load("ed25519-edge-cases").unwrap();
    let verdict = |rec: &umbra_test_vectors::Record, key: &str| match rec.get(key).unwrap() {
        "accept" => true,
        "reject" => false,
        other => panic!("bad verdict {other}"),
    };
    kat.records_of("edge")
        .map(|rec| Edge {
            name: rec.get("name").unwrap().to_string(),
            a: rec.hex_array("public").unwrap(),
            msg: rec.hex("message").unwrap(),
            sig: rec.hex_array("signature").unwrap(),
            expect: [
                verdict(rec, "rfc8032"),
                verdict(rec, "strict"),
                verdict(rec, "zip215"),
            ],
        })
        .collect()
}

/// Cases `part, part + PARTS, …` of the suite (the parts run as parallel
/// tests): every rule's gadget verdict equals the record's and the native
/// verdict, and the system is satisfied.
const PARTS: usize = 4;

fn edge_suite_part(part: usize) {
    let cases = edge_cases();
    assert_eq!(cases.len(), 110);
    for c in cases.iter().skip(part).step_by(PARTS) {
        let got = gadget_verdicts(&c.a, &c.msg, &c.sig);
        for (j, rule) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(
                native(rule, &c.a, &c.msg, &c.sig),
                c.expect[j],
                "{}: native {rule:?} disagrees with the record",
                c.name
            );
            assert_eq!(got[j], c.expect[j], "{}: gadget {rule:?}", c.name);
        }
    }
}

#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_edge_cases_0() {
    edge_suite_part(0);
}

#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_edge_cases_1() {
    edge_suite_part(1);
}

#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_edge_cases_2() {
    edge_suite_part(2);
}

#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_edge_cases_3() {
    edge_suite_part(3);
}

/// Each rule's own gadgets (not the shared one):
/// per rule, the first accepting case and a rejecting one.
#[test]
fn per_rule_gadgets_on_edge_cases() {
    let cases = edge_cases();
    let mut checked = 0;
    for (j, rule) in Rule::ALL.into_iter().enumerate() {
        let accepting = cases.iter().find(|c| c.expect[j]).unwrap();
        // where another rule accepts if there is such a case (ZIP-215 is
        // the most permissive: there it is any rejecting case)
        let rejecting = cases
            .iter()
            .find(|c| !c.expect[j] && c.expect.iter().any(|&e| e))
            .or_else(|| cases.iter().find(|c| !c.expect[j]))
            .unwrap();
        // the accepting case through the verdict gadget (true, satisfied),
        // the rejecting one through `ed25519_verify` (unsatisfied)
        assert!(
            gadget_verdict(rule, &accepting.a, &accepting.msg, &accepting.sig),
            "{}: {rule:?}",
            accepting.name
        );
        assert!(
            !gadget_verify(rule, &rejecting.a, &rejecting.msg, &rejecting.sig),
            "{}: {rule:?} verify",
            rejecting.name
        );
        checked += 2;
    }
    assert_eq!(checked, 6);
}

#[test]
fn rfc8032_vectors_accepted_under_every_rule() {
    let kat = umbra_test_vectors::load("rfc8032").unwrap();
    assert!(kat.provenance().contains("RFC 8032"));
    let mut n = 0;
    for rec in kat.records_of("ed25519") {
        let name = rec.get("name").unwrap();
        let a: [u8; 32] = rec.hex_array("public").unwrap();
        let sig: [u8; 64] = rec.hex_array("signature").unwrap();
        let msg = rec.hex("message").unwrap();
        assert_eq!(gadget_verdicts(&a, &msg, &sig), [true; 3], "{name}");
        n += 1;
    }
    assert_eq!(n, 5, "RFC 8032 §7.1 TEST 1, 2, 3, 1024, SHA(abc)");
}

fn signed(seed: u8, msg: &[u8]) -> ([u8; 32], [u8; 64]) {
    let sk = SigningKey::from_bytes(&[seed; 32]);
    (sk.verifying_key().to_bytes(), sk.sign(msg).to_bytes())
}

/// What was changed, key, message, signature.
type Tampered = (&'static str, [u8; 32], Vec<u8>, [u8; 64]);

/// Any single change to message, key, R or S makes `ed25519_verify`
/// unsatisfied, under every rule; the untampered signature satisfies it.
#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_tampered_inputs_rejected_by_every_rule() {
    let msg = b"umbra ed25519 tamper".to_vec();
    let (a, sig) = signed(7, &msg);
    let mut tampered: Vec<Tampered> = Vec::new();
    let mut m = msg.clone();
    m[5] ^= 0x01;
    tampered.push(("message byte", a, m, sig));
    let mut m = msg.clone();
    m.push(0);
    tampered.push(("message length", a, m, sig));
    let mut k = a;
    k[11] ^= 0x20;
    tampered.push(("key byte", k, msg.clone(), sig));
    let mut s = sig;
    s[3] ^= 0x04;
    tampered.push(("R byte", a, msg.clone(), s));
    let mut s = sig;
    s[40] ^= 0x80;
    tampered.push(("S byte", a, msg.clone(), s));
    for bit in [253, 254, 255] {
        let mut s = sig;
        s[32 + bit / 8] ^= 1 << (bit % 8);
        tampered.push(("S top bit", a, msg.clone(), s));
    }
    for rule in Rule::ALL {
        assert!(gadget_verify(rule, &a, &msg, &sig), "{rule:?}: valid");
    }
    for (what, a, m, s) in &tampered {
        // every rule at once (shared gadget), and each rule's verify gadget
        // for the byte changes
        assert_eq!(gadget_verdicts(a, m, s), [false; 3], "{what}");
        assert!(!native(Rule::Zip215, a, m, s), "{what}: native");
    }
    for (i, rule) in Rule::ALL.into_iter().enumerate() {
        let (what, a, m, s) = &tampered[i + 2]; // key, R, S byte
        assert!(!gadget_verify(rule, a, m, s), "{rule:?}: {what}");
    }
    let (what, a, m, s) = &tampered[0];
    assert!(!gadget_verify(Rule::Strict, a, m, s), "{what}");
    let (what, a, m, s) = &tampered[7];
    assert!(!gadget_verify(Rule::Rfc8032, a, m, s), "{what}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    /// Random keys and messages of several lengths (crossing SHA-512 block
    /// boundaries): every verdict equals the native one, on the honest
    /// signature and on one with a random byte changed.
    #[test]
    fn random_signatures_match_native(
        seed in any::<[u8; 32]>(),
        len in prop::sample::select(vec![0usize, 1, 47, 48, 111, 200]),
        pos in 0usize..96,
        flip in 1u8..=255,
    ) {
        let msg: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(31) ^ seed[0]).collect();
        let sk = SigningKey::from_bytes(&seed);
        let a = sk.verifying_key().to_bytes();
        let sig = sk.sign(&msg).to_bytes();
        prop_assert_eq!(gadget_verdicts(&a, &msg, &sig), [true; 3]);
        // a tampered byte among key ‖ signature
        let (mut a2, mut sig2) = (a, sig);
        if pos < 32 { a2[pos] ^= flip } else { sig2[pos - 32] ^= flip }
        let expect = Rule::ALL.map(|r| native(r, &a2, &msg, &sig2));
        prop_assert_eq!(gadget_verdicts(&a2, &msg, &sig2), expect);
    }
}
