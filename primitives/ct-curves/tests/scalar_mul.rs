//! Constant-time scalar multiplication against arkworks (`*` and
//! `mul_bigint`) on Jubjub, Bandersnatch (both models), Baby Jubjub,
//! Grumpkin and BN254 G1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ec::{CurveGroup, PrimeGroup};
use ark_ff::PrimeField;
use proptest::prelude::*;
use umbra_ct_curves::{CtGroup, FixedBaseTable, SwPoint, TePoint};

fn scalar<F: PrimeField>() -> impl Strategy<Value = F> {
    prop_oneof![
        6 => proptest::array::uniform32(any::<u8>()).prop_map(|b| F::from_le_bytes_mod_order(&b)),
        1 => Just(F::zero()),
        1 => Just(F::one()),
        1 => Just(-F::one()),
        1 => (0u64..64).prop_map(F::from),
    ]
}

macro_rules! curve_suite {
    ($name:ident, $cfg:ty, $point:ident, $proj:ty, $fr:ty) => {
        mod $name {
            use super::*;
            type P = $point<$cfg>;

            fn base(k: &$fr) -> ($proj, P) {
                let g = <$proj>::generator() * k;
                (g, P::from(g))
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(24))]
                #[test]
                fn mul_matches_arkworks(b in scalar::<$fr>(), k in scalar::<$fr>()) {
                    let (g, p) = base(&b);
                    let ours = p.ct_mul(&k);
                    prop_assert_eq!(ours.to_projective(), g * k);
                    prop_assert_eq!(ours.to_projective(), g.mul_bigint(k.into_bigint()));
                    prop_assert_eq!(ours.to_affine(), (g * k).into_affine());
                    // Round trip through arkworks' affine form.
                    prop_assert!(bool::from(
                        subtle::ConstantTimeEq::ct_eq(&P::from(ours.to_affine()), &ours)
                    ));
                }

                #[test]
                fn group_law_matches_arkworks(a in scalar::<$fr>(), b in scalar::<$fr>()) {
                    let (ga, pa) = base(&a);
                    let (gb, pb) = base(&b);
                    prop_assert_eq!(pa.ct_add(&pb).to_projective(), ga + gb);
                    prop_assert_eq!(pa.ct_sub(&pb).to_projective(), ga - gb);
                    prop_assert_eq!(pa.ct_double().to_projective(), ga + ga);
                    prop_assert_eq!(pa.ct_add(&pa).to_projective(), ga + ga);
                    prop_assert_eq!(pa.ct_neg().to_projective(), -ga);
                    prop_assert_eq!(pa.ct_add(&pa.ct_neg()).to_projective(), <$proj>::default());
                    prop_assert_eq!(pa.ct_add(&P::identity()).to_projective(), ga);
                    prop_assert_eq!(bool::from(pa.ct_is_identity()), a == <$fr>::from(0u64));
                    prop_assert_eq!(bool::from(subtle::ConstantTimeEq::ct_eq(&pa, &pb)), ga == gb);
                }
            }

            #[test]
            fn fixed_base_matches_arkworks() {
                let g = <$proj>::generator();
                let table = FixedBaseTable::new(&P::from(g));
                let mut runner =
                    proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(24));
                runner
                    .run(&scalar::<$fr>(), |k| {
                        prop_assert_eq!(table.mul(&k).to_projective(), g * k);
                        Ok(())
                    })
                    .unwrap();
            }

            #[test]
            fn identity_and_order() {
                let g = P::generator();
                prop_assert_identity(g.ct_mul(&<$fr>::from(0u64)));
                // (r - 1) * G + G = identity: the top windows are exercised.
                let m = g.ct_mul(&-<$fr>::from(1u64));
                prop_assert_identity(m.ct_add(&g));
                assert_eq!(
                    P::identity().ct_mul(&<$fr>::from(77u64)).to_projective(),
                    <$proj>::default()
                );
            }

            fn prop_assert_identity(p: P) {
                assert!(bool::from(p.ct_is_identity()));
                assert_eq!(p.to_projective(), <$proj>::default());
            }
        }
    };
}

curve_suite!(
    jubjub,
    ark_ed_on_bls12_381::EdwardsConfig,
    TePoint,
    ark_ed_on_bls12_381::EdwardsProjective,
    ark_ed_on_bls12_381::Fr
);
curve_suite!(
    bandersnatch_te,
    ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig,
    TePoint,
    ark_ed_on_bls12_381_bandersnatch::EdwardsProjective,
    ark_ed_on_bls12_381_bandersnatch::Fr
);
curve_suite!(
    bandersnatch_sw_generic_a,
    ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig,
    SwPoint,
    ark_ed_on_bls12_381_bandersnatch::SWProjective,
    ark_ed_on_bls12_381_bandersnatch::Fr
);
curve_suite!(
    baby_jubjub,
    ark_ed_on_bn254::EdwardsConfig,
    TePoint,
    ark_ed_on_bn254::EdwardsProjective,
    ark_ed_on_bn254::Fr
);
curve_suite!(
    grumpkin,
    ark_grumpkin::GrumpkinConfig,
    SwPoint,
    ark_grumpkin::Projective,
    ark_grumpkin::Fr
);
curve_suite!(
    bn254_g1,
    ark_bn254::g1::Config,
    SwPoint,
    ark_bn254::G1Projective,
    ark_bn254::Fr
);
