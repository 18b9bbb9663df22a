//! Schnorr (Poseidon challenge) verification gadget: native-vs-gadget on
//! random signatures (proptest) and negative tests for every checked
//! relation (wrong message, key, signature; small-order and mixed-order
//! points; non-canonical s).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use ark_ec::twisted_edwards::TECurveConfig;
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup};
use ark_ff::{Field, PrimeField};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use proptest::prelude::*;
use umbra_circuits::edwards::EdwardsVar;
use umbra_circuits::schnorr::{
    SignatureVar, VerifyingKeyVar, challenge_var, enforce_verify, scalar_to_base,
};
use umbra_schnorr::poseidon_schnorr::{
    BabyJubjub, Curve, Jubjub, Point, PoseidonSchnorr, Signature, SigningKey, VerifyingKey,
};
use umbra_test_vectors::TestRng;

fn jubjub() -> &'static PoseidonSchnorr<Jubjub> {
    static S: OnceLock<PoseidonSchnorr<Jubjub>> = OnceLock::new();
    S.get_or_init(|| PoseidonSchnorr::new().unwrap())
}

fn baby() -> &'static PoseidonSchnorr<BabyJubjub> {
    static S: OnceLock<PoseidonSchnorr<BabyJubjub>> = OnceLock::new();
    S.get_or_init(|| PoseidonSchnorr::new().unwrap())
}

fn random_field<F: PrimeField>(rng: &mut TestRng) -> F {
    use rand_core::Rng;
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    F::from_le_bytes_mod_order(&wide)
}

/// A signed instance.
struct Instance<C: Curve> {
    pk: VerifyingKey<C>,
    msg: Vec<C::Base>,
    sig: Signature<C>,
}

fn instance<C: Curve>(scheme: &PoseidonSchnorr<C>, seed: u64, len: usize) -> Instance<C> {
    let mut rng = TestRng::new(seed);
    let key = SigningKey::<C>::generate(&mut rng);
    let msg: Vec<C::Base> = (0..len).map(|_| random_field(&mut rng)).collect();
    let sig = scheme.sign_with_rng(&mut rng, &key, &msg).unwrap();
    Instance {
        pk: *key.verifying_key(),
        msg,
        sig,
    }
}

/// Synthesises verification of raw parts (points may be anything on the
/// curve) and reports satisfaction.
fn satisfied_raw<C: Curve>(
    scheme: &PoseidonSchnorr<C>,
    pk: &Point<C>,
    msg: &[C::Base],
    r: &Point<C>,
    s: &C::Base,
) -> bool {
    let cs = ConstraintSystem::<C::Base>::new_ref();
    let pk = VerifyingKeyVar::<C> {
        point: EdwardsVar::new_input(cs.clone(), || Ok(*pk)).unwrap(),
    };
    let sig = SignatureVar::<C> {
        r: EdwardsVar::new_input(cs.clone(), || Ok(*r)).unwrap(),
        s: FpVar::new_input(cs.clone(), || Ok(*s)).unwrap(),
    };
    let msg: Vec<FpVar<C::Base>> = msg
        .iter()
        .map(|m| FpVar::new_input(cs.clone(), || Ok(*m)).unwrap())
        .collect();
    enforce_verify(scheme.poseidon(), &pk, &msg, &sig).unwrap();
    cs.is_satisfied().unwrap()
}

fn satisfied<C: Curve>(
    scheme: &PoseidonSchnorr<C>,
    pk: &VerifyingKey<C>,
    msg: &[C::Base],
    sig: &Signature<C>,
) -> bool {
    satisfied_raw(
        scheme,
        pk.as_affine(),
        msg,
        sig.r(),
        &scalar_to_base::<C>(sig.s()),
    )
}

/// Native and gadget agree on a valid signature, the challenge equals the
/// native one, and the system is satisfied.
fn native_vs_gadget<C: Curve>(scheme: &PoseidonSchnorr<C>, seed: u64, len: usize) {
    let inst = instance(scheme, seed, len);
    assert!(scheme.verify(&inst.pk, &inst.msg, &inst.sig).is_ok());
    let cs: ConstraintSystemRef<C::Base> = ConstraintSystem::new_ref();
    let pk = VerifyingKeyVar::<C>::new_input(cs.clone(), || Ok(inst.pk)).unwrap();
    let sig = SignatureVar::<C>::new_witness(cs.clone(), || Ok(inst.sig)).unwrap();
    let msg: Vec<FpVar<C::Base>> = inst
        .msg
        .iter()
        .map(|m| FpVar::new_input(cs.clone(), || Ok(*m)).unwrap())
        .collect();
    let c = challenge_var::<C>(scheme.poseidon(), &sig.r, &pk.point, &msg).unwrap();
    assert_eq!(
        c.value().unwrap(),
        scheme.challenge(inst.sig.r(), inst.pk.as_affine(), &inst.msg)
    );
    enforce_verify(scheme.poseidon(), &pk, &msg, &sig).unwrap();
    assert!(cs.is_satisfied().unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn native_vs_gadget_jubjub(seed in any::<u64>(), len in 0usize..4) {
        native_vs_gadget(jubjub(), seed, len);
    }

    #[test]
    fn native_vs_gadget_baby_jubjub(seed in any::<u64>(), len in 0usize..4) {
        native_vs_gadget(baby(), seed, len);
    }
}

/// A point of order 8.
fn order_8_point<C: Curve>() -> Point<C> {
    let mut x = C::Base::from(2u64);
    loop {
        if let Some(p) = Point::<C>::get_point_from_y_unchecked(x, false) {
            let t = p.mul_bigint(C::Scalar::MODULUS).into_affine();
            if !t.into_group().double().double().into_affine().is_zero() {
                return t;
            }
        }
        x += C::Base::ONE;
    }
}

fn negatives<C: Curve>(scheme: &PoseidonSchnorr<C>) {
    let inst = instance(scheme, 5, 2);
    assert!(satisfied(scheme, &inst.pk, &inst.msg, &inst.sig));
    let s = scalar_to_base::<C>(inst.sig.s());
    let pk = *inst.pk.as_affine();
    let r = *inst.sig.r();

    // Wrong message: each element changed, and a different length.
    for i in 0..inst.msg.len() {
        let mut m = inst.msg.clone();
        m[i] += C::Base::ONE;
        assert!(scheme.verify(&inst.pk, &m, &inst.sig).is_err());
        assert!(!satisfied(scheme, &inst.pk, &m, &inst.sig), "msg[{i}]");
    }
    assert!(!satisfied(scheme, &inst.pk, &inst.msg[..1], &inst.sig));

    // Wrong key.
    let other = instance(scheme, 6, 2);
    assert!(!satisfied(scheme, &other.pk, &inst.msg, &inst.sig));
    // Wrong signature: s + 1, another signature's R, -R.
    assert!(!satisfied_raw(
        scheme,
        &pk,
        &inst.msg,
        &r,
        &(s + C::Base::ONE)
    ));
    assert!(!satisfied_raw(scheme, &pk, &inst.msg, other.sig.r(), &s));
    assert!(!satisfied_raw(scheme, &pk, &inst.msg, &(-r), &s));

    // s + r: the same point [s + r]G, refused as natively (s >= r).
    let r_as_base =
        C::Base::from_le_bytes_mod_order(&ark_ff::BigInteger::to_bytes_le(&C::Scalar::MODULUS));
    let g = <C::Config as TECurveConfig>::GENERATOR;
    assert_eq!(
        g.mul_bigint((s + r_as_base).into_bigint()),
        g.mul_bigint(s.into_bigint())
    );
    assert!(!satisfied_raw(scheme, &pk, &inst.msg, &r, &(s + r_as_base)));

    // Small-order and mixed-order components. A torsion component T added to
    // R is invisible to the cofactored equation only; here the subgroup
    // check on R refuses it.
    let t8 = order_8_point::<C>();
    let r_mixed = (r + t8).into_affine();
    assert!(!satisfied_raw(scheme, &pk, &inst.msg, &r_mixed, &s));
    let pk_mixed = (pk + t8).into_affine();
    assert!(!satisfied_raw(scheme, &pk_mixed, &inst.msg, &r, &s));

    // The identity key with R = [s]G satisfies the bare equation
    // [s]G = R + [c]O; the PK != O check must refuse it.
    let zero_key = Point::<C>::zero();
    let r_forged = g.mul_bigint(s.into_bigint()).into_affine();
    assert!(!satisfied_raw(scheme, &zero_key, &inst.msg, &r_forged, &s));
    // The order-2 key (0, -1): [c]PK is O or PK; refused (not in subgroup).
    let two_torsion = Point::<C>::new_unchecked(C::Base::ZERO, -C::Base::ONE);
    assert!(!satisfied_raw(
        scheme,
        &two_torsion,
        &inst.msg,
        &r_forged,
        &s
    ));
}

#[test]
fn negatives_jubjub() {
    negatives(jubjub());
}

#[test]
fn negatives_baby_jubjub() {
    negatives(baby());
}
