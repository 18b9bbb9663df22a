//! Targeted forged-witness tests for the non-native gadgets (issue #20):
//! hand-built malicious witnesses that make a **false** claim, each with
//! the honest witness as a satisfied control.
//!
//! * emulated fields: a false product `a·b ≡ c + 1` whose quotient and
//!   carries are re-solved over the constraint field with the range checks
//!   relaxed (the wrap-around attack: every limb equation holds modulo the
//!   native field) — only booleanity rows fail, so the range checks are what
//!   stop it; with the quotient fixed, carries alone cannot absorb the error
//!   even modulo the native field;
//! * secp256k1: forged slopes in addition and doubling, the tangent slope in
//!   an addition of equal points (the exceptional case), forged GLV splits
//!   (wrong relation, wrong sign, a congruent but 130-bit half);
//! * ECDSA / BIP-340: an invalid signature with a GLV split of the scalar
//!   that makes the multiplication land on the valid `R` — every check
//!   passes except the split's congruence, which must fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use crate::common;

use ark_ff::PrimeField;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use common::perturb::{R1csView, Rng, relaxed_forgery, write_assignment};
use num_bigint::BigUint;
use umbra_circuits::emulated::{EmFp, EmulatedModulus, Secp256k1Fq};

type Bn = ark_bn254::Fr;

fn big(rng: &mut Rng) -> BigUint {
    let words: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
    umbra_circuits::emulated::from_u64s(&words)
}

fn f_to_big<F: PrimeField>(f: F) -> BigUint {
    f.into_bigint().into()
}

// ---------------------------------------------------------------------------
// Emulated field: forged quotient and carries

/// `a·b ≡ c` checked by `enforce_mul_eq` for fresh `a`, `b`, `c` with the
/// given `c`; returns the system and the witness range `[n0, n1)` the check
/// allocated (7 product coefficients, the quotient bits, the carry bits).
fn product_check(a: &BigUint, b: &BigUint, c: &BigUint) -> (ConstraintSystemRef<Bn>, usize, usize) {
    let cs = ConstraintSystem::<Bn>::new_ref();
    let av = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(a)).unwrap();
    let bv = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(b)).unwrap();
    let cv = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(c)).unwrap();
    let n0 = cs.num_witness_variables();
    EmFp::enforce_mul_eq(&av, &bv, &cv).unwrap();
    (cs.clone(), n0, cs.num_witness_variables())
}

/// The quotient's bit count for fresh operands (the layout of
/// `enforce_mul_eq`: `K·p` above `c`'s bound, `q ≤ (a·b + K·p)/p`).
fn quotient_layout() -> (usize, BigUint) {
    let p = Secp256k1Fq::modulus();
    let cmax = (BigUint::from(1u8) << 256) - 1u8;
    let kp = (&cmax / &p + 1u8) * &p;
    let qmax: BigUint = (&cmax * &cmax + &kp) / &p;
    (qmax.bits() as usize, kp)
}

#[test]
fn emulated_false_product_needs_out_of_range_quotient_and_carries() {
    let p = Secp256k1Fq::modulus();
    let mut rng = Rng(101);
    let (a, b) = (big(&mut rng) % &p, big(&mut rng) % &p);
    let good = &a * &b % &p;
    let (qbits, kp) = quotient_layout();

    // control: the true product satisfies, and the layout assumption holds
    // (the bits after the 7 coefficients are the quotient q·p = ab + Kp − c)
    let (cs, n0, _) = product_check(&a, &b, &good);
    assert!(cs.is_satisfied().unwrap());
    let view = R1csView::read(&cs);
    let q = (0..qbits).fold(BigUint::default(), |acc, i| {
        acc + (f_to_big(view.witness(n0 + 7 + i)) << i)
    });
    assert_eq!(&q * &p, &a * &b + &kp - &good, "quotient layout");

    // the false claim c = ab + 1
    let bad = (&good + 1u8) % &p;
    let (cs, n0, n1) = product_check(&a, &b, &bad);
    assert!(!cs.is_satisfied().unwrap(), "honest-style witness");
    let view = R1csView::read(&cs);
    let col = |w: usize| view.num_instance + w;

    // (1) quotient and carries both re-solved modulo the native field
    let free: Vec<usize> = (n0..n1).map(col).collect();
    let forged = relaxed_forgery(&view, &view.z, &free)
        .expect("modulo the native field the limb equations are solvable");
    let violated = view.violated_by(&forged);
    assert!(!violated.is_empty());
    assert!(
        violated.iter().all(|&r| view.is_booleanity_row(r)),
        "every limb/carry equation holds modulo the native field; only range checks fail"
    );
    write_assignment(&cs, &view, &forged);
    assert!(!cs.is_satisfied().unwrap());
    eprintln!(
        "false product, quotient and carries wrapped mod r: {} booleanity rows violated, nothing else",
        violated.len()
    );

    // (2) the quotient fixed to in-range bits (the floor the honest code
    // computes, and q + 1): even carries of any value modulo the native
    // field cannot absorb the error — the carry chain is over-determined
    let carries: Vec<usize> = (n0 + 7 + qbits..n1).map(col).collect();
    assert!(relaxed_forgery(&view, &view.z, &carries).is_none());
    let mut z = view.z.clone();
    let q_plus_1 = (0..qbits).fold(BigUint::default(), |acc, i| {
        acc + (f_to_big(view.witness(n0 + 7 + i)) << i)
    }) + 1u8;
    for i in 0..qbits {
        z[col(n0 + 7 + i)] = Bn::from(u8::from(q_plus_1.bit(i as u64)));
    }
    assert!(relaxed_forgery(&view, &z, &carries).is_none());

    // (3) the true product with a forged quotient q + 1 and carries
    // re-solved: again only the carries' range checks fail
    let (cs, n0, n1) = product_check(&a, &b, &good);
    let view = R1csView::read(&cs);
    let col = |w: usize| view.num_instance + w;
    let mut z = view.z.clone();
    let q1 = (0..qbits).fold(BigUint::default(), |acc, i| {
        acc + (f_to_big(view.witness(n0 + 7 + i)) << i)
    }) + 1u8;
    for i in 0..qbits {
        z[col(n0 + 7 + i)] = Bn::from(u8::from(q1.bit(i as u64)));
    }
    let carries: Vec<usize> = (n0 + 7 + qbits..n1).map(col).collect();
    // q + 1 changes the integer by p: carries cannot absorb it either
    assert!(relaxed_forgery(&view, &z, &carries).is_none());
    // with c free as well (its 256 bits), q + 1 and c − p are consistent
    // over the integers only if c ≥ p; c's bits relaxed: only range fails
    let mut free: Vec<usize> = carries.clone();
    free.extend((n0 - 256..n0).map(col));
    let forged = relaxed_forgery(&view, &z, &free).expect("solvable mod r");
    let violated = view.violated_by(&forged);
    assert!(!violated.is_empty());
    assert!(violated.iter().all(|&r| view.is_booleanity_row(r)));
}

// ---------------------------------------------------------------------------
// secp256k1: slopes and GLV splits

mod secp {
    use super::*;
    use umbra_circuits::secp256k1::{PointVar, ScalarVar, glv_terms_with_hint, native};

    type Pt = (BigUint, BigUint);

    fn point(k: &BigUint) -> Pt {
        native::mul(k, &Some(native::generator())).unwrap()
    }

    fn sub(a: &BigUint, b: &BigUint) -> BigUint {
        let m = native::p();
        (a + &m - b % &m) % &m
    }

    /// `(λ, x₃, y₃)` consistent with slope `λ` from `p1` (and `x₂`).
    fn chord(l: &BigUint, p1: &Pt, x2: &BigUint) -> (BigUint, BigUint, BigUint) {
        let m = native::p();
        let x3 = sub(&sub(&(l * l % &m), &p1.0), x2);
        let y3 = sub(&(l * sub(&p1.0, &x3) % &m), &p1.1);
        (l.clone(), x3, y3)
    }

    fn add_sat(p: &Pt, q: &Pt, hint: Option<(BigUint, BigUint, BigUint)>) -> bool {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let pv = PointVar::new_witness(cs.clone(), Some(p)).unwrap();
        let qv = PointVar::new_witness(cs.clone(), Some(q)).unwrap();
        pv.add_with_hint(&qv, hint).unwrap();
        cs.is_satisfied().unwrap()
    }

    fn double_sat(p: &Pt, hint: Option<(BigUint, BigUint, BigUint)>) -> bool {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let pv = PointVar::new_witness(cs.clone(), Some(p)).unwrap();
        pv.double_with_hint(hint).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn forged_slopes() {
        let m = native::p();
        let mut rng = Rng(201);
        let (p, q) = (point(&big(&mut rng)), point(&big(&mut rng)));
        // honest addition
        let l = sub(&q.1, &p.1) * native::inv(&sub(&q.0, &p.0), &m) % &m;
        let honest = chord(&l, &p, &q.0);
        let sum = native::add(&Some(p.clone()), &Some(q.clone())).unwrap();
        assert_eq!((honest.1.clone(), honest.2.clone()), sum);
        assert!(add_sat(&p, &q, Some(honest.clone())));
        assert!(add_sat(&p, &q, None));
        // a wrong slope with a result consistent with it
        for forged_l in [
            (&l + 1u8) % &m,
            sub(&BigUint::default(), &l),
            BigUint::default(),
        ] {
            assert!(!add_sat(&p, &q, Some(chord(&forged_l, &p, &q.0))));
        }
        // the honest slope with a forged result (−(P+Q), or y₃ + p as an
        // integer is not representable: y₃ + 1)
        assert!(!add_sat(
            &p,
            &q,
            Some((
                l.clone(),
                honest.1.clone(),
                sub(&BigUint::default(), &honest.2)
            ))
        ));
        assert!(!add_sat(
            &p,
            &q,
            Some((l.clone(), honest.1.clone(), (&honest.2 + 1u8) % &m))
        ));
        // the exceptional case: P + P with the tangent slope claims the true
        // 2P, P + P with any slope, P + (−P): all rejected by x₁ ≠ x₂
        let lt = &p.0 * &p.0 * 3u8 % &m * native::inv(&(&p.1 * 2u8 % &m), &m) % &m;
        let tangent = chord(&lt, &p, &p.0);
        assert_eq!(
            (tangent.1.clone(), tangent.2.clone()),
            native::double(&Some(p.clone())).unwrap()
        );
        assert!(!add_sat(&p, &p, Some(tangent)));
        assert!(!add_sat(&p, &p, Some(chord(&BigUint::from(5u8), &p, &p.0))));
        let negp = (p.0.clone(), sub(&BigUint::default(), &p.1));
        assert!(!add_sat(
            &p,
            &negp,
            Some(chord(&BigUint::from(5u8), &p, &p.0))
        ));
        assert!(!add_sat(&p, &p, None));

        // doubling
        assert!(double_sat(&p, Some(chord(&lt, &p, &p.0))));
        for forged_l in [(&lt + 1u8) % &m, sub(&BigUint::default(), &lt), l.clone()] {
            assert!(!double_sat(&p, Some(chord(&forged_l, &p, &p.0))));
        }
    }

    fn glv_sat(p: &Pt, k: &BigUint, split: Option<[(bool, BigUint); 2]>) -> bool {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let pv = PointVar::new_witness(cs.clone(), Some(p)).unwrap();
        let kv = ScalarVar::<Bn>::new_witness(cs.clone(), Some(k)).unwrap();
        glv_terms_with_hint(&pv, &kv, split).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn forged_glv_splits() {
        let n = native::n();
        let lambda = native::glv_lambda();
        let mut rng = Rng(202);
        let p = point(&big(&mut rng));
        for _ in 0..3 {
            let k = big(&mut rng) % &n;
            let split = native::glv_split(&k);
            // the split meets its specification: k ≡ ±k₁ ± k₂·λ, 129 bits
            let signed =
                |(neg, v): &(bool, BigUint)| if *neg { (&n - v % &n) % &n } else { v % &n };
            assert_eq!((signed(&split[0]) + signed(&split[1]) * &lambda) % &n, k);
            assert!(split.iter().all(|s| s.1.bits() <= 129));
            assert!(glv_sat(&p, &k, Some(split.clone())));
            // the split of another scalar (the wrong relation)
            assert!(!glv_sat(
                &p,
                &k,
                Some(native::glv_split(&((&k + 1u8) % &n)))
            ));
            // a sign flipped
            for i in 0..2 {
                let mut s = split.clone();
                s[i].0 = !s[i].0;
                assert_eq!(glv_sat(&p, &k, Some(s)), split[i].1 == BigUint::default());
            }
            // a magnitude off by one
            let mut s = split.clone();
            s[1].1 += 1u8;
            assert!(!glv_sat(&p, &k, Some(s)));
            // the right relation with an out-of-range half: |k₁| + n is
            // congruent but needs 130 bits; the gadget's 129 bit columns
            // cannot hold it (the allocation keeps the low 129 bits)
            // (±|k₁| ≡ ±(|k₁| + n) for either sign)
            let mut s = split.clone();
            s[0].1 = &s[0].1 + &n;
            assert!(s[0].1.bits() > 129);
            assert!(!glv_sat(&p, &k, Some(s)));
            // −|k₁| written as +(n − |k₁|): congruent, 256 bits
            if split[0].1 != BigUint::default() {
                let mut s = split.clone();
                s[0] = (!s[0].0, &n - &s[0].1);
                assert!(!glv_sat(&p, &k, Some(s)));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// ECDSA and BIP-340: "valid" claimed for an invalid signature

mod verifiers {
    use super::*;
    use sha2::{Digest, Sha256};
    use umbra_circuits::secp256k1::{
        PointVar, ScalarVar,
        bip340::{bip340_verify_with_hint, bytes_witness},
        ecdsa_verify_with_hint, gg20_verify_share_with_hint, native,
    };

    fn ecdsa_system(
        key: &(BigUint, BigUint),
        z: &BigUint,
        r: &BigUint,
        s: &BigUint,
        glv: [Option<[(bool, BigUint); 2]>; 2],
    ) -> ConstraintSystemRef<Bn> {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let kv = PointVar::new_witness(cs.clone(), Some(key)).unwrap();
        let zv = ScalarVar::new_witness(cs.clone(), Some(z)).unwrap();
        let rv = ScalarVar::new_witness(cs.clone(), Some(r)).unwrap();
        let sv = ScalarVar::new_witness(cs.clone(), Some(s)).unwrap();
        ecdsa_verify_with_hint(&kv, &zv, &rv, &sv, glv).unwrap();
        cs
    }

    /// An invalid ECDSA signature (the message scalar changed) with the GLV
    /// split of the **valid** `u1 = z·s⁻¹`: the multiplication then yields
    /// the valid `R` and `x(R) = r` holds; only the split's congruence
    /// `u1' ≡ ±k₁ ± k₂·λ` can catch it — and does. This is the ECDSA check
    /// that also verifies threshold-ECDSA combined signatures.
    #[test]
    fn ecdsa_invalid_signature_with_forged_glv_split() {
        let n = native::n();
        let mut rng = Rng(301);
        let d = big(&mut rng) % &n;
        let key = native::mul(&d, &Some(native::generator())).unwrap();
        let z = big(&mut rng) % &n;
        let k = big(&mut rng) % &n;
        let r = native::mul(&k, &Some(native::generator())).unwrap().0 % &n;
        let s = native::inv(&k, &n) * (&z + &r * &d) % &n;
        let w = native::inv(&s, &n);
        // control: honest witnesses through the hint entry point
        let cs = ecdsa_system(&key, &z, &r, &s, [None, None]);
        assert!(cs.is_satisfied().unwrap());
        // the forgery
        let z_bad = (&z + 1u8) % &n;
        let u1_valid = &z * &w % &n;
        let cs = ecdsa_system(
            &key,
            &z_bad,
            &r,
            &s,
            [Some(native::glv_split(&u1_valid)), None],
        );
        assert!(!cs.is_satisfied().unwrap());
        let view = R1csView::read(&cs);
        let violated = view.violated_by(&view.z);
        eprintln!(
            "ECDSA forged GLV split: {} of {} rows violated",
            violated.len(),
            view.mats[0].len()
        );
        // everything else is consistent: only the congruence's carry chain
        // (a handful of rows) fails
        assert!(!violated.is_empty() && violated.len() <= 8);
        // the honest witness for the invalid signature: also unsatisfied
        let cs = ecdsa_system(&key, &z_bad, &r, &s, [None, None]);
        assert!(!cs.is_satisfied().unwrap());
    }

    fn tagged(tag: &[u8], parts: &[&[u8]]) -> [u8; 32] {
        let th = Sha256::digest(tag);
        let mut h = Sha256::new();
        h.update(th);
        h.update(th);
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    }

    fn bip340_system(
        pk: &[u8; 32],
        msg: &[u8; 32],
        sig: &[u8; 64],
        glv: [Option<[(bool, BigUint); 2]>; 2],
    ) -> ConstraintSystemRef<Bn> {
        let cs = ConstraintSystem::<Bn>::new_ref();
        let pkv = bytes_witness::<Bn, 32>(&cs, Some(pk)).unwrap();
        let mv = bytes_witness::<Bn, 32>(&cs, Some(msg)).unwrap();
        let sv = bytes_witness::<Bn, 64>(&cs, Some(sig)).unwrap();
        bip340_verify_with_hint(&cs, &pkv, &mv, &sv, glv).unwrap();
        cs
    }

    /// BIP-340 on a changed message (invalid) with the GLV split of the
    /// valid challenge `e`: `R = s·G − e·P` is then the valid `R` (even `y`,
    /// `x(R) = r`); the congruence with the in-circuit challenge must fail.
    #[test]
    fn bip340_invalid_signature_with_forged_glv_split() {
        let file = umbra_test_vectors::load("bip340").unwrap();
        let rec = file.records_of("bip340").nth(1).unwrap().clone();
        let pk: [u8; 32] = rec.hex_array("public_key").unwrap();
        let sig: [u8; 64] = rec.hex_array("signature").unwrap();
        let msg: [u8; 32] = rec.hex_array("message").unwrap();
        assert!(rec.bool("valid").unwrap());
        let n = native::n();
        let e_valid =
            BigUint::from_bytes_be(&tagged(b"BIP0340/challenge", &[&sig[..32], &pk, &msg])) % &n;
        let cs = bip340_system(&pk, &msg, &sig, [None, Some(native::glv_split(&e_valid))]);
        assert!(
            cs.is_satisfied().unwrap(),
            "control: the valid challenge's split"
        );
        let mut bad = msg;
        bad[0] ^= 1;
        let cs = bip340_system(&pk, &bad, &sig, [None, Some(native::glv_split(&e_valid))]);
        assert!(!cs.is_satisfied().unwrap());
        let view = R1csView::read(&cs);
        let violated = view.violated_by(&view.z);
        eprintln!(
            "BIP-340 forged GLV split: {} of {} rows violated",
            violated.len(),
            view.mats[0].len()
        );
        assert!(!violated.is_empty() && violated.len() <= 8);
    }

    /// A GG20 signature share `sᵢ + 1` (invalid) with the GLV split of the
    /// valid `sᵢ`: `sᵢ·R − m·R̄ᵢ − r·Sᵢ = O` holds for the split, so only its
    /// congruence with the in-circuit `sᵢ` can fail — and does.
    #[test]
    #[ignore = "2 × 821k constraints: cargo test -p umbra-circuits --release --test integration forged:: -- --ignored"]
    fn gg20_invalid_share_with_forged_glv_split() {
        let n = native::n();
        let mut rng = Rng(302);
        let (k, kb, xi, m) = (
            big(&mut rng) % &n,
            big(&mut rng) % &n,
            big(&mut rng) % &n,
            big(&mut rng) % &n,
        );
        let g = Some(native::generator());
        let (rp, rbar, si) = (
            native::mul(&k, &g).unwrap(),
            native::mul(&kb, &g).unwrap(),
            native::mul(&xi, &g).unwrap(),
        );
        let r = rp.0.clone() % &n;
        let s = (&m * &kb + &r * &xi) % &n * native::inv(&k, &n) % &n;
        let system = |s_claimed: &BigUint| {
            let cs = ConstraintSystem::<Bn>::new_ref();
            let w = |p: &(BigUint, BigUint)| PointVar::new_witness(cs.clone(), Some(p)).unwrap();
            let (rv, rbv, siv) = (w(&rp), w(&rbar), w(&si));
            let mv = ScalarVar::new_witness(cs.clone(), Some(&m)).unwrap();
            let sv = ScalarVar::new_witness(cs.clone(), Some(s_claimed)).unwrap();
            gg20_verify_share_with_hint(
                &rv,
                &mv,
                &rbv,
                &siv,
                &sv,
                [Some(native::glv_split(&s)), None, None],
            )
            .unwrap();
            cs
        };
        assert!(system(&s).is_satisfied().unwrap(), "control");
        let cs = system(&((&s + 1u8) % &n));
        assert!(!cs.is_satisfied().unwrap());
        let view = R1csView::read(&cs);
        let violated = view.violated_by(&view.z);
        eprintln!(
            "GG20 forged GLV split: {} of {} rows violated",
            violated.len(),
            view.mats[0].len()
        );
        assert!(!violated.is_empty() && violated.len() <= 8);
    }
}
