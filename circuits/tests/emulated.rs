//! Emulated-field gadgets against integer arithmetic mod p.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ff::PrimeField;
use ark_r1cs_std::alloc::AllocVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use num_bigint::BigUint;
use proptest::prelude::*;
use umbra_circuits::emulated::{
    Curve25519Fq, Ed25519Fr, EmFp, EmulatedModulus, Secp256k1Fq, Secp256k1Fr,
};

type Bn = ark_bn254::Fr;
type Bls = ark_bls12_381::Fr;

fn big(bytes: &[u8; 32]) -> BigUint {
    BigUint::from_bytes_le(bytes)
}

/// (a·b + c − d)·a, checked against BigUint arithmetic; returns the system.
fn expr<F: PrimeField, P: EmulatedModulus>(
    a: &BigUint,
    b: &BigUint,
    c: &BigUint,
    d: &BigUint,
) -> (ConstraintSystemRef<F>, BigUint, BigUint) {
    let cs = ConstraintSystem::<F>::new_ref();
    let av = EmFp::<F, P>::new_witness(cs.clone(), Some(a)).unwrap();
    let bv = EmFp::<F, P>::new_witness(cs.clone(), Some(b)).unwrap();
    let cv = EmFp::<F, P>::new_witness(cs.clone(), Some(c)).unwrap();
    let dv = EmFp::<F, P>::new_witness(cs.clone(), Some(d)).unwrap();
    let out = av.mul(&bv).unwrap().add(&cv).sub(&dv).mul(&av).unwrap();
    let p = P::modulus();
    let expect = ((a * b + c + &p - (d % &p)) % &p * a) % &p;
    (cs, out.value().unwrap(), expect)
}

fn check_all(a: &BigUint, b: &BigUint, c: &BigUint, d: &BigUint) {
    macro_rules! one {
        ($f:ty, $p:ty) => {{
            let (cs, got, want) = expr::<$f, $p>(a, b, c, d);
            assert_eq!(got, want, "{}", <$p>::NAME);
            assert!(cs.is_satisfied().unwrap(), "{}", <$p>::NAME);
        }};
    }
    one!(Bn, Secp256k1Fq);
    one!(Bn, Secp256k1Fr);
    one!(Bls, Curve25519Fq);
    one!(Bls, Ed25519Fr);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn arithmetic_matches_integers(a in any::<[u8; 32]>(), b in any::<[u8; 32]>(), c in any::<[u8; 32]>(), d in any::<[u8; 32]>()) {
        check_all(&big(&a), &big(&b), &big(&c), &big(&d));
    }
}

#[test]
fn edge_values() {
    let p = Secp256k1Fq::modulus();
    let max = (BigUint::from(1u8) << 256u32) - 1u8;
    let vals = [
        BigUint::default(),
        BigUint::from(1u8),
        &p - 1u8,
        max.clone(),
    ];
    for a in &vals {
        for b in &vals {
            check_all(a, b, &max, &max);
        }
    }
}

/// A wrong product witness leaves the system unsatisfied.
#[test]
fn wrong_product_is_unsatisfied() {
    let cs = ConstraintSystem::<Bn>::new_ref();
    let a = BigUint::from(12345u32) << 200u32;
    let b = BigUint::from(6789u32) << 190u32;
    let p = Secp256k1Fq::modulus();
    let av = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(&a)).unwrap();
    let bv = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(&b)).unwrap();
    let wrong = (&a * &b + 1u8) % &p;
    let cv = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(&wrong)).unwrap();
    EmFp::enforce_mul_eq(&av, &bv, &cv).unwrap();
    assert!(!cs.is_satisfied().unwrap());
    // and the right one satisfies
    let cs = ConstraintSystem::<Bn>::new_ref();
    let av = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(&a)).unwrap();
    let bv = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(&b)).unwrap();
    let cv = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), Some(&(&a * &b % &p))).unwrap();
    EmFp::enforce_mul_eq(&av, &bv, &cv).unwrap();
    assert!(cs.is_satisfied().unwrap());
}

/// `p` itself is not canonical; `p − 1` is; zero has no inverse.
#[test]
fn canonical_and_nonzero() {
    let p = Secp256k1Fr::modulus();
    for (v, ok) in [(&p - 1u8, true), (p.clone(), false), (&p + 5u8, false)] {
        let cs = ConstraintSystem::<Bn>::new_ref();
        // allocate the integer itself (not reduced) through its bits
        let bits: Vec<_> = (0..256)
            .map(|i| {
                ark_r1cs_std::prelude::Boolean::new_witness(cs.clone(), || Ok(v.bit(i))).unwrap()
            })
            .collect();
        let x = EmFp::<Bn, Secp256k1Fr>::from_bits_le(&bits);
        x.enforce_canonical().unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), ok, "{v}");
    }
    let cs = ConstraintSystem::<Bn>::new_ref();
    let z = EmFp::<Bn, Secp256k1Fr>::new_witness(cs.clone(), Some(&p)).unwrap();
    z.enforce_nonzero().unwrap();
    assert!(!cs.is_satisfied().unwrap());
    let cs = ConstraintSystem::<Bn>::new_ref();
    let z = EmFp::<Bn, Secp256k1Fr>::new_witness(cs.clone(), Some(&BigUint::from(3u8))).unwrap();
    z.enforce_nonzero().unwrap();
    assert!(cs.is_satisfied().unwrap());
}

/// Setup mode (no witness values) synthesises the same number of constraints.
#[test]
fn setup_mode_shape_matches() {
    use ark_relations::gr1cs::SynthesisMode;
    let run = |setup: bool| {
        let cs = ConstraintSystem::<Bn>::new_ref();
        if setup {
            cs.set_mode(SynthesisMode::Setup);
        }
        let v = (!setup).then(|| BigUint::from(77u8));
        let a = EmFp::<Bn, Secp256k1Fq>::new_witness(cs.clone(), v.as_ref()).unwrap();
        let b = a.mul(&a).unwrap().sub(&a);
        let _ = b.mul(&a).unwrap();
        cs.num_constraints()
    };
    assert_eq!(run(true), run(false));
}
