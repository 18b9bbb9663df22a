#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use alloc::vec::Vec;
use ark_ec::twisted_edwards::{Affine, TECurveConfig};
use ark_ff::UniformRand;
use ark_relations::gr1cs::ConstraintSystem;
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{Rng, SeedableRng};
use proptest::prelude::*;

type Cs<P> = ConstraintSystemRef<<P as CurveConfig>::BaseField>;

fn new_cs<P: TECurveConfig>() -> Cs<P>
where
    P::BaseField: PrimeField,
{
    ConstraintSystem::<P::BaseField>::new_ref()
}

fn random_point<P: TECurveConfig>(rng: &mut StdRng) -> Affine<P> {
    (generator::<P>() * P::ScalarField::rand(rng)).into_affine()
}

/// The point of order two, `(0, −1)`.
fn order_two<P: TECurveConfig>() -> Affine<P> {
    Affine::new_unchecked(P::BaseField::zero(), -P::BaseField::one())
}

fn witness<P: TECurveConfig>(cs: &Cs<P>, p: Affine<P>) -> EdwardsVar<P>
where
    P::BaseField: PrimeField,
{
    EdwardsVar::new_witness(cs.clone(), || Ok(p)).unwrap()
}

fn bits_witness<P: TECurveConfig>(cs: &Cs<P>, bits: &[bool]) -> Vec<Boolean<P::BaseField>>
where
    P::BaseField: PrimeField,
{
    bits.iter()
        .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect()
}

fn random_bits(rng: &mut StdRng, n: usize) -> Vec<bool> {
    (0..n).map(|_| rng.r#gen::<bool>()).collect()
}

fn check_add_double<P: TECurveConfig>(seed: u64)
where
    P::BaseField: PrimeField,
{
    let mut rng = StdRng::seed_from_u64(seed);
    let p = random_point::<P>(&mut rng);
    // Operands include the identity, equal points, opposite points and the
    // 2-torsion point: the formulas are complete.
    let qs = [
        random_point::<P>(&mut rng),
        p,
        -p,
        Affine::<P>::zero(),
        order_two::<P>(),
    ];
    for q in qs {
        let cs = new_cs::<P>();
        let pv = witness(&cs, p);
        let qv = witness(&cs, q);
        let before = cs.num_constraints();
        let sum = pv.add(&qv).unwrap();
        assert_eq!(cs.num_constraints() - before, 6);
        assert_eq!(sum.value().unwrap(), (p + q).into_affine());
        let before = cs.num_constraints();
        let dbl = qv.double().unwrap();
        assert_eq!(cs.num_constraints() - before, 5);
        assert_eq!(dbl.value().unwrap(), (q + q).into_affine());
        let before = cs.num_constraints();
        let sc = pv.add_constant(&q).unwrap();
        assert!(cs.num_constraints() - before <= 3);
        assert_eq!(sc.value().unwrap(), (p + q).into_affine());
        assert_eq!(pv.sub(&qv).unwrap().value().unwrap(), (p - q).into_affine());
        assert!(cs.is_satisfied().unwrap());
    }
}

fn check_scalar_mul<P: TECurveConfig>(seed: u64, n: usize)
where
    P::BaseField: PrimeField,
{
    let mut rng = StdRng::seed_from_u64(seed);
    let p = random_point::<P>(&mut rng);
    let k = random_bits(&mut rng, n);
    let cs = new_cs::<P>();
    let pv = witness(&cs, p);
    let kv = bits_witness::<P>(&cs, &k);
    let out = pv.scalar_mul_le(&kv).unwrap();
    assert_eq!(out.value().unwrap(), native_mul_le(&p, &k));
    assert!(cs.is_satisfied().unwrap());
    // A wrong claimed result is rejected.
    let wrong = witness(&cs, (out.value().unwrap() + p).into_affine());
    out.enforce_equal(&wrong).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

fn check_fixed_base<P: TECurveConfig>(seed: u64, n: usize)
where
    P::BaseField: PrimeField,
{
    let mut rng = StdRng::seed_from_u64(seed);
    let base = random_point::<P>(&mut rng);
    let k = random_bits(&mut rng, n);
    let cs = new_cs::<P>();
    let kv = bits_witness::<P>(&cs, &k);
    let out = EdwardsVar::fixed_base_mul_le(&base, &kv).unwrap();
    assert_eq!(out.value().unwrap(), native_mul_le(&base, &k));
    assert!(cs.is_satisfied().unwrap());
    let expected = witness(&cs, native_mul_le(&base, &k));
    out.enforce_equal(&expected).unwrap();
    assert!(cs.is_satisfied().unwrap());
    // Flipping one scalar bit after synthesis breaks the system: the
    // result no longer matches.
    let wrong = witness(&cs, (native_mul_le(&base, &k) + base).into_affine());
    out.enforce_equal(&wrong).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

/// Extremes of the scalar: all zeros, all ones (the Montgomery windows'
/// largest partial sums), and the group order.
fn check_fixed_base_extremes<P: TECurveConfig>(n: usize)
where
    P::BaseField: PrimeField,
{
    let base = generator::<P>();
    let r = <P::ScalarField as PrimeField>::MODULUS;
    let r_bits: Vec<bool> = (0..n).map(|i| i < 64 * 4 && r.get_bit(i)).collect();
    for k in [alloc::vec![false; n], alloc::vec![true; n], r_bits] {
        for fixed in [true, false] {
            let cs = new_cs::<P>();
            let kv = bits_witness::<P>(&cs, &k);
            let out = if fixed {
                EdwardsVar::fixed_base_mul_le(&base, &kv).unwrap()
            } else {
                witness(&cs, base).scalar_mul_le(&kv).unwrap()
            };
            assert_eq!(out.value().unwrap(), native_mul_le(&base, &k));
            assert!(cs.is_satisfied().unwrap());
        }
    }
}

fn check_decompress<P: TECurveConfig>(seed: u64)
where
    P::BaseField: PrimeField,
{
    let mut rng = StdRng::seed_from_u64(seed);
    let p = random_point::<P>(&mut rng);
    for q in [p, -p] {
        let cs = new_cs::<P>();
        let v = FpVar::new_witness(cs.clone(), || Ok(q.y)).unwrap();
        let sign = Boolean::new_witness(cs.clone(), || Ok(q.x.into_bigint().is_odd())).unwrap();
        let out = EdwardsVar::<P>::decompress(&v, &sign).unwrap();
        assert_eq!(out.value().unwrap(), q);
        assert!(cs.is_satisfied().unwrap());
    }
    // A v-coordinate with no point on the curve.
    let mut v = P::BaseField::from(seed | 2);
    loop {
        let v2 = v.square();
        let u2 = (v2 - P::BaseField::one()) * (P::COEFF_D * v2 - P::COEFF_A).inverse().unwrap();
        if u2.sqrt().is_none() {
            break;
        }
        v += P::BaseField::one();
    }
    let cs = new_cs::<P>();
    let vv = FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
    let sign = Boolean::new_witness(cs.clone(), || Ok(false)).unwrap();
    let _ = EdwardsVar::<P>::decompress(&vv, &sign).unwrap();
    assert!(!cs.is_satisfied().unwrap());
    // u = 0 with the sign bit set (the identity has no odd twin).
    let cs = new_cs::<P>();
    let vv = FpVar::new_witness(cs.clone(), || Ok(P::BaseField::one())).unwrap();
    let sign = Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
    let _ = EdwardsVar::<P>::decompress(&vv, &sign).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

fn check_subgroup<P: TECurveConfig>(seed: u64)
where
    P::BaseField: PrimeField,
{
    let mut rng = StdRng::seed_from_u64(seed);
    let p = random_point::<P>(&mut rng);
    let mixed = (p + order_two::<P>()).into_affine();
    for (q, prime, small) in [
        (p, true, false),
        (mixed, false, false),
        (order_two::<P>(), false, true),
        (Affine::<P>::zero(), true, true),
    ] {
        let cs = new_cs::<P>();
        witness(&cs, q).enforce_prime_order().unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), prime);
        let cs = new_cs::<P>();
        witness(&cs, q).enforce_not_small_order().unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), !small);
    }
    // Off-curve witnesses are rejected by allocation.
    let cs = new_cs::<P>();
    let off = Affine::<P>::new_unchecked(p.x, p.y + P::BaseField::one());
    let _ = witness(&cs, off);
    assert!(!cs.is_satisfied().unwrap());
}

macro_rules! curve_tests {
    ($name:ident, $cfg:ty) => {
        mod $name {
            use super::*;
            type P = $cfg;

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(8))]
                #[test]
                fn add_double_match_native(seed in any::<u64>()) {
                    check_add_double::<P>(seed);
                }

                #[test]
                fn decompress_matches_native(seed in any::<u64>()) {
                    check_decompress::<P>(seed);
                }

                #[test]
                fn subgroup_checks(seed in any::<u64>()) {
                    check_subgroup::<P>(seed);
                }

                #[test]
                fn fixed_base_short_scalars(seed in any::<u64>(), n in 1usize..40) {
                    check_fixed_base::<P>(seed, n);
                }
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(4))]
                #[test]
                fn scalar_mul_matches_native(seed in any::<u64>()) {
                    check_scalar_mul::<P>(seed, 252);
                }

                #[test]
                fn fixed_base_matches_native(seed in any::<u64>(), n in 250usize..=256) {
                    check_fixed_base::<P>(seed, n);
                }
            }

            #[test]
            fn scalar_mul_extremes() {
                check_fixed_base_extremes::<P>(252);
                check_fixed_base_extremes::<P>(256);
                check_scalar_mul::<P>(1, 1);
                check_scalar_mul::<P>(2, 7);
            }
        }
    };
}

curve_tests!(jubjub, ark_ed_on_bls12_381::EdwardsConfig);
curve_tests!(
    bandersnatch,
    ark_ed_on_bls12_381_bandersnatch::EdwardsConfig
);
curve_tests!(baby_jubjub, ark_ed_on_bn254::EdwardsConfig);

/// Whether the addition law is complete on each curve: `a` a square and
/// `d` a non-square (Bernstein–Lange). Documented in `docs/circuits.md`.
#[test]
fn completeness_of_the_addition_law() {
    fn complete<P: TECurveConfig>() -> bool {
        P::COEFF_A.legendre().is_qr() && P::COEFF_D.legendre().is_qnr()
    }
    assert!(complete::<ark_ed_on_bls12_381::EdwardsConfig>());
    assert!(complete::<ark_ed_on_bn254::EdwardsConfig>());
    assert!(!complete::<ark_ed_on_bls12_381_bandersnatch::EdwardsConfig>());
    // Bandersnatch: a = −5 is a non-square, d a non-square.
    type B = ark_ed_on_bls12_381_bandersnatch::EdwardsConfig;
    assert!(B::COEFF_A.legendre().is_qnr());
    assert!(B::COEFF_D.legendre().is_qnr());
}

/// Differential test against `umbra-ct-curves` (the constant-time native
/// arithmetic `umbra-pedersen` and `umbra-schnorr` use) on Jubjub.
#[test]
fn scalar_mul_matches_umbra_ct_curves() {
    use ark_ed_on_bls12_381::{EdwardsConfig, Fr};
    use umbra_ct_curves::{CtGroup, TePoint};
    let mut rng = StdRng::seed_from_u64(42);
    for _ in 0..2 {
        let base = random_point::<EdwardsConfig>(&mut rng);
        let k = Fr::rand(&mut rng);
        let expected = TePoint::<EdwardsConfig>::from(base).ct_mul(&k).to_affine();
        let bits: Vec<bool> = k.into_bigint().to_bits_le();
        let cs = new_cs::<EdwardsConfig>();
        let kv = bits_witness::<EdwardsConfig>(&cs, &bits);
        let fixed = EdwardsVar::fixed_base_mul_le(&base, &kv).unwrap();
        let var = witness(&cs, base).scalar_mul_le(&kv).unwrap();
        assert_eq!(fixed.value().unwrap(), expected);
        assert_eq!(var.value().unwrap(), expected);
        assert!(cs.is_satisfied().unwrap());
    }
}
