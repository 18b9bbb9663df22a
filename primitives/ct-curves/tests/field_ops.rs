//! Every `CtField` operation against arkworks' own arithmetic, on each
//! 4-limb field in use, with random and edge-case inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ff::{BigInteger, PrimeField};
use proptest::prelude::*;
use subtle::Choice;
use umbra_ct_curves::CtField;

/// Random field elements from 64 random bytes (reduced), plus edge cases.
fn elem<F: PrimeField>() -> impl Strategy<Value = F> {
    prop_oneof![
        6 => proptest::array::uniform32(any::<u8>()).prop_flat_map(|a| {
            proptest::array::uniform32(any::<u8>()).prop_map(move |b| {
                let mut bytes = a.to_vec();
                bytes.extend_from_slice(&b);
                F::from_le_bytes_mod_order(&bytes)
            })
        }),
        1 => Just(F::zero()),
        1 => Just(F::one()),
        1 => Just(-F::one()),
        1 => any::<u64>().prop_map(F::from),
        1 => any::<u64>().prop_map(|x| -F::from(x)),
    ]
}

fn check_all<F: CtField>(a: F, b: F, bit: bool) {
    assert_eq!(a.ct_mul(&b), a * b);
    assert_eq!(a.ct_square(), a.square());
    assert_eq!(a.ct_add(&b), a + b);
    assert_eq!(a.ct_sub(&b), a - b);
    assert_eq!(a.ct_neg(), -a);
    assert_eq!(a.ct_double(), a.double());
    let c = Choice::from(u8::from(bit));
    assert_eq!(F::ct_select(&a, &b, c), if bit { b } else { a });
    let (mut x, mut y) = (a, b);
    F::ct_swap(&mut x, &mut y, c);
    assert_eq!((x, y), if bit { (b, a) } else { (a, b) });
    assert_eq!(bool::from(a.ct_eq(&b)), a == b);
    assert!(bool::from(a.ct_eq(&a)));
    assert_eq!(bool::from(a.ct_is_zero()), a.is_zero());
    let inv: Option<F> = a.ct_inverse().into();
    assert_eq!(inv, a.inverse());
    let e = b.into_bigint();
    assert_eq!(a.ct_pow(e.as_ref()), a.pow(e));
    // Canonical limbs round trip and agree with arkworks' `into_bigint`.
    let limbs = a.ct_to_canonical_limbs();
    assert_eq!(limbs.as_slice(), a.into_bigint().as_ref());
    let back: Option<F> = F::ct_from_canonical_limbs(&limbs).into();
    assert_eq!(back, Some(a));
    assert_eq!(F::one_ct(), F::one());
}

/// The lazily reduced dot product equals the sum of arkworks products, for
/// every length up to 20 (several reduction groups on every field), on the
/// given terms and on the worst case where every term is `p - 1`.
fn check_sum_of_products<F: CtField>(a: &[F], b: &[F]) {
    for n in 0..=a.len().min(b.len()) {
        let want: F = a[..n].iter().zip(&b[..n]).map(|(x, y)| *x * y).sum();
        assert_eq!(F::ct_sum_of_products(&a[..n], &b[..n]), want, "n = {n}");
        // `-R^-1` is stored as the limbs of `p - 1` (Montgomery form is
        // `x R`): the largest products the accumulator can see.
        let r_inv = F::from(2u64).pow([256u64]).inverse().unwrap();
        let worst = vec![-r_inv; n];
        assert_eq!(
            F::ct_sum_of_products(&worst, &worst),
            r_inv.square() * F::from(n as u64),
            "n = {n}"
        );
    }
    // Unequal lengths use the common prefix.
    let n = a.len().min(b.len());
    if n > 0 {
        let want: F = a[..n - 1]
            .iter()
            .zip(&b[..n - 1])
            .map(|(x, y)| *x * y)
            .sum();
        assert_eq!(F::ct_sum_of_products(&a[..n - 1], b), want);
    }
}

fn check_mod_order<F: CtField>(limbs: [u64; 4]) {
    let mut bytes = Vec::new();
    for l in limbs {
        bytes.extend_from_slice(&l.to_le_bytes());
    }
    assert_eq!(
        F::ct_from_limbs_mod_order(&limbs),
        F::from_le_bytes_mod_order(&bytes)
    );
}

fn check_non_canonical<F: CtField>(extra: u64) {
    // p + extra (when it fits in 256 bits) and all-ones are rejected.
    let mut m = F::MODULUS;
    let _ = m.add_with_carry(&F::BigInt::from(extra));
    let mut limbs = [0u64; 4];
    limbs.copy_from_slice(m.as_ref());
    let parsed: Option<F> = F::ct_from_canonical_limbs(&limbs).into();
    assert_eq!(parsed, None);
    let all_ones: Option<F> = F::ct_from_canonical_limbs(&[u64::MAX; 4]).into();
    assert_eq!(all_ones, None);
    let mut pm1 = [0u64; 4];
    pm1.copy_from_slice(F::MODULUS.as_ref());
    pm1[0] -= 1;
    let parsed: Option<F> = F::ct_from_canonical_limbs(&pm1).into();
    assert_eq!(parsed, Some(-F::one()));
}

macro_rules! field_suite {
    ($name:ident, $f:ty) => {
        mod $name {
            use super::*;
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(96))]
                #[test]
                fn ops_match_arkworks(a in elem::<$f>(), b in elem::<$f>(), bit in any::<bool>()) {
                    check_all::<$f>(a, b, bit);
                }
                #[test]
                fn sum_of_products_matches(
                    a in proptest::collection::vec(elem::<$f>(), 20),
                    b in proptest::collection::vec(elem::<$f>(), 20),
                ) {
                    check_sum_of_products::<$f>(&a, &b);
                }
                #[test]
                fn limbs_mod_order(l in proptest::array::uniform4(any::<u64>())) {
                    check_mod_order::<$f>(l);
                    check_mod_order::<$f>([u64::MAX; 4]);
                }
                #[test]
                fn non_canonical_rejected(extra in 0u64..1000) {
                    check_non_canonical::<$f>(extra);
                }
            }
        }
    };
}

field_suite!(bls12_381_fr, ark_bls12_381::Fr);
field_suite!(bn254_fr, ark_bn254::Fr);
field_suite!(bn254_fq_grumpkin, ark_bn254::Fq);
field_suite!(jubjub_fr, ark_ed_on_bls12_381::Fr);
field_suite!(bandersnatch_fr, ark_ed_on_bls12_381_bandersnatch::Fr);
