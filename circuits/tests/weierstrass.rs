//! Short-Weierstrass gadget (Grumpkin over BN254 Fr) against ark-grumpkin:
//! every operation on random points, the identity, `P + P`, `P + (−P)` and
//! `0·P`, with `is_satisfied()`; negative tests: off-curve and wrongly flagged
//! witnesses, and every internal witness (slopes, sums, inverses) pinned.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{BigInteger, One, PrimeField, UniformRand, Zero};
use ark_grumpkin::{Affine, Fq as F, Fr as S, GrumpkinConfig, Projective};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use proptest::prelude::*;
use umbra_circuits::weierstrass::{GrumpkinVar, is_supported, native_mul_le};
use umbra_verkle::{Grumpkin, PoseidonAbsorb};

fn rand_point(seed: u64) -> Affine {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 23 {
        let _ = S::rand(&mut rng);
    }
    (Projective::generator() * (S::rand(&mut rng) + S::from(seed))).into_affine()
}

fn rand_bits(seed: u64, n: usize) -> Vec<bool> {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 29 {
        let _ = S::rand(&mut rng);
    }
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let w = F::rand(&mut rng).into_bigint().to_bits_le();
        out.extend(w.into_iter().take(n - out.len().min(n)));
    }
    out.truncate(n);
    out
}

fn witness(cs: &ConstraintSystemRef<F>, p: Affine) -> GrumpkinVar {
    GrumpkinVar::new_witness(cs.clone(), || Ok(p)).unwrap()
}

fn bits_var(cs: &ConstraintSystemRef<F>, bits: &[bool]) -> Vec<Boolean<F>> {
    bits.iter()
        .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect()
}

/// `a` with some special cases: the identity, `b`, `−b`.
fn pick(kind: u8, a: Affine, b: Affine) -> Affine {
    match kind % 6 {
        0 => Affine::zero(),
        1 => b,
        2 => -b,
        _ => a,
    }
}

/// Every witness after the first `skip` is pinned: changing it breaks the
/// system (the slopes, sums and inverses are not free).
fn assert_witnesses_pinned(cs: &ConstraintSystemRef<F>, skip: usize) {
    cs.finalize();
    cs.borrow_mut().unwrap().assignments.lc_assignment.clear();
    assert!(cs.is_satisfied().unwrap());
    let n = cs.num_witness_variables();
    assert!(n > skip);
    for i in skip..n {
        let old = cs.borrow().unwrap().assignments.witness_assignment[i];
        cs.borrow_mut().unwrap().assignments.witness_assignment[i] = old + F::one();
        assert!(!cs.is_satisfied().unwrap(), "witness {i} of {n} is free");
        cs.borrow_mut().unwrap().assignments.witness_assignment[i] = old;
    }
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn grumpkin_is_supported() {
    assert!(is_supported::<GrumpkinConfig>());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn group_law_matches_native(sa in any::<u64>(), sb in any::<u64>(), ka in any::<u8>(), kb in any::<u8>(), cond in any::<bool>()) {
        let b0 = rand_point(sb);
        let a = pick(ka, rand_point(sa), b0);
        let b = if kb % 7 == 0 { Affine::zero() } else { b0 };
        let cs = ConstraintSystem::<F>::new_ref();
        let av = witness(&cs, a);
        let bv = witness(&cs, b);
        prop_assert_eq!(av.value().unwrap(), a);
        prop_assert_eq!(av.is_identity().value().unwrap(), a.is_zero());
        prop_assert_eq!(av.add(&bv).unwrap().value().unwrap(), (a + b).into_affine());
        prop_assert_eq!(bv.add(&av).unwrap().value().unwrap(), (a + b).into_affine());
        prop_assert_eq!(av.sub(&bv).unwrap().value().unwrap(), (a - b).into_affine());
        prop_assert_eq!(av.add(&av).unwrap().value().unwrap(), (a + a).into_affine());
        prop_assert_eq!(av.double().unwrap().value().unwrap(), (a + a).into_affine());
        prop_assert_eq!(av.negate().value().unwrap(), -a);
        prop_assert_eq!(av.add(&av.negate()).unwrap().value().unwrap(), Affine::zero());
        // mixed with constants
        prop_assert_eq!(av.add(&GrumpkinVar::constant(b)).unwrap().value().unwrap(), (a + b).into_affine());
        prop_assert_eq!(GrumpkinVar::constant(a).add(&bv).unwrap().value().unwrap(), (a + b).into_affine());
        // equality, select
        prop_assert_eq!(av.is_eq(&bv).unwrap().value().unwrap(), a == b);
        prop_assert!(av.is_eq(&av.clone()).unwrap().value().unwrap());
        let c = Boolean::new_witness(cs.clone(), || Ok(cond)).unwrap();
        let sel = GrumpkinVar::conditionally_select(&c, &av, &bv).unwrap();
        prop_assert_eq!(sel.value().unwrap(), if cond { a } else { b });
        sel.enforce_equal(&GrumpkinVar::conditionally_select(&c, &av, &bv).unwrap()).unwrap();
        // transcript coordinates and map-to-field agree with umbra-verkle
        let native = Grumpkin::absorb_coordinates(&[a.into_group()])[0];
        let [x, y] = av.absorb_coordinates();
        prop_assert_eq!([x.value().unwrap(), y.value().unwrap()], native);
        prop_assert_eq!(av.map_to_base().unwrap().value().unwrap(), Grumpkin::map_to_field(&a.into_group()));
        prop_assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn scalar_mul_matches_native(sp in any::<u64>(), sk in any::<u64>(), identity in 0u8..8, n in prop::sample::select(vec![1usize, 2, 7, 128, 254])) {
        let p = if identity == 0 { Affine::zero() } else { rand_point(sp) };
        let mut k = rand_bits(sk, n);
        if identity == 1 { k.iter_mut().for_each(|b| *b = false); }
        if identity == 2 { k.iter_mut().for_each(|b| *b = true); }
        let cs = ConstraintSystem::<F>::new_ref();
        let pv = witness(&cs, p);
        let kv = bits_var(&cs, &k);
        let got = pv.scalar_mul_le(&kv).unwrap();
        prop_assert_eq!(got.value().unwrap(), native_mul_le(&p, &k));
        // constant base: the fixed-base path
        let fixed = GrumpkinVar::fixed_base_mul_le(&p, &kv).unwrap();
        prop_assert_eq!(fixed.value().unwrap(), native_mul_le(&p, &k));
        prop_assert!(cs.is_satisfied().unwrap());
    }
}

#[test]
fn scalar_mul_edge_scalars() {
    // 0, 1, r - 1, r, r + 1 and 2^254 - 1 (above r) on a random and on the
    // identity base; variable and fixed base.
    let r = S::MODULUS.to_bits_le();
    let mut cases: Vec<Vec<bool>> = vec![vec![false; 254], {
        let mut v = vec![false; 254];
        v[0] = true;
        v
    }];
    let r254: Vec<bool> = r.iter().copied().take(254).collect();
    let add_small = |d: i64| -> Vec<bool> {
        let mut limbs = S::MODULUS;
        if d >= 0 {
            limbs.add_with_carry(&<S as PrimeField>::BigInt::from(d as u64));
        } else {
            limbs.sub_with_borrow(&<S as PrimeField>::BigInt::from((-d) as u64));
        }
        limbs.to_bits_le().into_iter().take(254).collect()
    };
    cases.push(r254.clone());
    cases.push(add_small(-1));
    cases.push(add_small(1));
    cases.push(vec![true; 254]);
    for base in [
        rand_point(3),
        Affine::zero(),
        Projective::generator().into_affine(),
    ] {
        for k in &cases {
            let cs = ConstraintSystem::<F>::new_ref();
            let pv = witness(&cs, base);
            let kv = bits_var(&cs, k);
            let want = native_mul_le(&base, k);
            assert_eq!(pv.scalar_mul_le(&kv).unwrap().value().unwrap(), want);
            assert_eq!(
                GrumpkinVar::fixed_base_mul_le(&base, &kv)
                    .unwrap()
                    .value()
                    .unwrap(),
                want
            );
            assert!(cs.is_satisfied().unwrap());
        }
    }
    // empty scalar
    let cs = ConstraintSystem::<F>::new_ref();
    let pv = witness(&cs, rand_point(4));
    assert!(pv.scalar_mul_le(&[]).unwrap().value().unwrap().is_zero());
}

#[test]
fn fixed_base_msm_matches_native() {
    for seed in 0..3u64 {
        let bases: Vec<Affine> = (0..4).map(|i| rand_point(seed * 10 + i)).collect();
        let scalars: Vec<Vec<bool>> = (0..4)
            .map(|i| {
                if i == 1 {
                    vec![false; 254]
                } else {
                    rand_bits(seed * 7 + i, 254)
                }
            })
            .collect();
        let cs = ConstraintSystem::<F>::new_ref();
        let vars: Vec<Vec<Boolean<F>>> = scalars.iter().map(|k| bits_var(&cs, k)).collect();
        let got = GrumpkinVar::fixed_base_msm_le(&bases, &vars).unwrap();
        let want = bases
            .iter()
            .zip(&scalars)
            .fold(Projective::zero(), |acc, (b, k)| acc + native_mul_le(b, k))
            .into_affine();
        assert_eq!(got.value().unwrap(), want);
        assert!(cs.is_satisfied().unwrap());
    }
    // an MSM that sums to the identity: k·B + (r - k)·B
    let b = rand_point(9);
    let k = S::from(12345u64);
    let bits = |s: S| -> Vec<bool> { s.into_bigint().to_bits_le().into_iter().take(254).collect() };
    let cs = ConstraintSystem::<F>::new_ref();
    let vars = vec![bits_var(&cs, &bits(k)), bits_var(&cs, &bits(-k))];
    let got = GrumpkinVar::fixed_base_msm_le(&[b, b], &vars).unwrap();
    assert!(got.value().unwrap().is_zero());
    assert!(got.is_identity().value().unwrap());
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn allocation_modes_and_identity() {
    let cs = ConstraintSystem::<F>::new_ref();
    let p = rand_point(1);
    let inp = GrumpkinVar::new_input(cs.clone(), || Ok(p)).unwrap();
    let id_in = GrumpkinVar::new_input(cs.clone(), || Ok(Affine::zero())).unwrap();
    let id_w = GrumpkinVar::new_witness(cs.clone(), || Ok(Projective::zero())).unwrap();
    let c = GrumpkinVar::new_constant(cs.clone(), p).unwrap();
    assert_eq!(inp.value().unwrap(), p);
    assert!(id_in.is_identity().value().unwrap() && id_w.is_identity().value().unwrap());
    assert_eq!(id_in.x().value().unwrap(), F::zero());
    inp.enforce_equal(&c).unwrap();
    id_in.enforce_equal(&GrumpkinVar::identity()).unwrap();
    let nz = GrumpkinVar::new_variable_nonidentity(cs.clone(), || Ok(p), AllocationMode::Witness)
        .unwrap();
    nz.enforce_equal(&inp).unwrap();
    // doubling and adding identities
    assert!(id_w.double().unwrap().value().unwrap().is_zero());
    assert!(id_w.add(&id_in).unwrap().value().unwrap().is_zero());
    assert!(id_w.map_to_base().unwrap().value().unwrap().is_zero());
    assert!(cs.is_satisfied().unwrap());
    // off-curve constants are an error
    let bad = Affine::new_unchecked(F::from(2u64), F::from(3u64));
    assert!(GrumpkinVar::new_constant(cs.clone(), bad).is_err());
    // the identity cannot be allocated as a non-identity point
    let cs = ConstraintSystem::<F>::new_ref();
    let _ = GrumpkinVar::new_variable_nonidentity(
        cs.clone(),
        || Ok(Affine::zero()),
        AllocationMode::Witness,
    )
    .unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

#[test]
fn add_nonexceptional_rejects_exceptions() {
    let p = rand_point(5);
    let q = rand_point(6);
    for (a, b, ok) in [
        (p, q, true),
        (p, p, false),
        (p, -p, false),
        (Affine::zero(), q, false),
    ] {
        let cs = ConstraintSystem::<F>::new_ref();
        let s = witness(&cs, a)
            .add_nonexceptional(&witness(&cs, b))
            .unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), ok, "{a:?} + {b:?}");
        if ok {
            assert_eq!(s.value().unwrap(), (a + b).into_affine());
        }
    }
}

// ------------------------------------------------------------ negatives

#[test]
fn off_curve_witness_is_unsatisfiable() {
    let p = rand_point(7);
    for bad in [
        Affine::new_unchecked(p.x, p.y + F::one()),
        Affine::new_unchecked(p.x + F::one(), p.y),
        Affine::new_unchecked(F::zero(), F::one()),
    ] {
        let cs = ConstraintSystem::<F>::new_ref();
        let _ = GrumpkinVar::new_witness(cs.clone(), || Ok(bad)).unwrap();
        assert!(!cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<F>::new_ref();
        let _ =
            GrumpkinVar::new_variable_nonidentity(cs.clone(), || Ok(bad), AllocationMode::Witness)
                .unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}

#[test]
fn wrong_identity_flag_is_unsatisfiable() {
    // allocate honestly, then flip the flag witness (index 2: x, y, flag)
    for p in [rand_point(8), Affine::zero()] {
        let cs = ConstraintSystem::<F>::new_ref();
        let _ = witness(&cs, p);
        cs.finalize();
        cs.borrow_mut().unwrap().assignments.lc_assignment.clear();
        assert!(cs.is_satisfied().unwrap());
        let old = cs.borrow().unwrap().assignments.witness_assignment[2];
        cs.borrow_mut().unwrap().assignments.witness_assignment[2] = F::one() - old;
        assert!(!cs.is_satisfied().unwrap());
    }
}

#[test]
fn sums_slopes_and_inverses_are_pinned() {
    // generic add, double, add_nonexceptional: inputs are witnesses 0..6
    let (p, q) = (rand_point(10), rand_point(11));
    let cs = ConstraintSystem::<F>::new_ref();
    let (pv, qv) = (witness(&cs, p), witness(&cs, q));
    let _ = pv.add(&qv).unwrap();
    let _ = pv.double().unwrap();
    let _ = pv.add_nonexceptional(&qv).unwrap();
    let _ = pv.map_to_base().unwrap();
    assert_witnesses_pinned(&cs, 6);
    // P + P and P + (-P) through add
    for q in [p, -p] {
        let cs = ConstraintSystem::<F>::new_ref();
        let (pv, qv) = (witness(&cs, p), witness(&cs, q));
        let _ = pv.add(&qv).unwrap();
        // the inverse inside `x1 == x2` is free when they are equal, so only
        // check that the sum itself cannot move
        let s = pv.add(&qv).unwrap();
        assert_eq!(s.value().unwrap(), (p + q).into_affine());
        assert!(cs.is_satisfied().unwrap());
    }
    // variable-base scalar multiplication (inputs: point 3 + 16 bits)
    let cs = ConstraintSystem::<F>::new_ref();
    let pv = witness(&cs, p);
    let kv = bits_var(&cs, &rand_bits(12, 16));
    let _ = pv.scalar_mul_le(&kv).unwrap();
    assert_witnesses_pinned(&cs, 3 + 16);
    // fixed-base scalar multiplication (inputs: 16 bits)
    let cs = ConstraintSystem::<F>::new_ref();
    let kv = bits_var(&cs, &rand_bits(13, 16));
    let _ = GrumpkinVar::fixed_base_mul_le(&p, &kv).unwrap();
    assert_witnesses_pinned(&cs, 16);
}

#[test]
fn wrong_result_claims_are_unsatisfiable() {
    // a claimed sum / product differing from the computed one
    let (p, q) = (rand_point(14), rand_point(15));
    let k = rand_bits(16, 254);
    let cs = ConstraintSystem::<F>::new_ref();
    let pv = witness(&cs, p);
    let qv = witness(&cs, q);
    let claimed_sum = witness(&cs, (p + q + q).into_affine());
    pv.add(&qv).unwrap().enforce_equal(&claimed_sum).unwrap();
    assert!(!cs.is_satisfied().unwrap());
    let cs = ConstraintSystem::<F>::new_ref();
    let pv = witness(&cs, p);
    let kv2 = bits_var(&cs, &k);
    let claimed = witness(&cs, (native_mul_le(&p, &k) + p).into_affine());
    pv.scalar_mul_le(&kv2)
        .unwrap()
        .enforce_equal(&claimed)
        .unwrap();
    assert!(!cs.is_satisfied().unwrap());
    // the same statements with correct claims are satisfied
    let cs = ConstraintSystem::<F>::new_ref();
    let pv = witness(&cs, p);
    let kv2 = bits_var(&cs, &k);
    let claimed = witness(&cs, native_mul_le(&p, &k));
    pv.scalar_mul_le(&kv2)
        .unwrap()
        .enforce_equal(&claimed)
        .unwrap();
    assert!(cs.is_satisfied().unwrap());
}
