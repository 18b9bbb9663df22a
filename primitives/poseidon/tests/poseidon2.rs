//! Poseidon2 against the reference known answer and against a plain
//! dense-matrix evaluation of the specification with arkworks arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ff::PrimeField;
use proptest::prelude::*;
use umbra_poseidon::{CtField, DOMAIN_MERKLE_2_TO_1, Poseidon, Poseidon2};

fn fe<F: PrimeField>(hex_str: &str) -> F {
    let bytes = hex::decode(hex_str.trim_start_matches("0x")).unwrap();
    F::from_be_bytes_mod_order(&bytes)
}

/// The reference's test vector (HorizenLabs `poseidon2` / `zkhash` v0.2.0, BLS12-381 Fr,
/// t = 3, permutation of `[0, 1, 2]`), quoted in issue #3.
#[test]
fn kat_bls12_381_t3() {
    let p = Poseidon2::<ark_bls12_381::Fr>::new().unwrap();
    let mut s = [0u64, 1, 2].map(ark_bls12_381::Fr::from);
    p.permute(&mut s);
    let expected: [ark_bls12_381::Fr; 3] = [
        fe("0x1b152349b1950b6a8ca75ee4407b6e26ca5cca5650534e56ef3fd45761fbf5f0"),
        fe("0x4c5793c87d51bdc2c08a32108437dc0000bd0275868f09ebc5f36919af5b3891"),
        fe("0x1fc8ed171e67902ca49863159fe5ba6325318843d13976143b8125f08b50dc6b"),
    ];
    assert_eq!(s, expected);
}

/// The specification with dense matrices and arkworks arithmetic:
/// `M_E = circ(2, 1, 1)`, `M_I = [[2, 1, 1], [1, 2, 1], [1, 1, 3]]`, one
/// `M_E` before the rounds, the instance's own round constants (the
/// BLS12-381 known answer checks their generation).
/// The reference's BN254 Fr vector (HorizenLabs `zkhash` v0.2.0,
/// `poseidon2_tests_bn256::kats`, permutation of `[0, 1, 2]`).
#[test]
fn kat_bn254_t3() {
    let p = Poseidon2::<ark_bn254::Fr>::new().unwrap();
    let mut s = [0u64, 1, 2].map(ark_bn254::Fr::from);
    p.permute(&mut s);
    let expected: [ark_bn254::Fr; 3] = [
        fe("0x0bb61d24daca55eebcb1929a82650f328134334da98ea4f847f760054f4a3033"),
        fe("0x303b6f7c86d043bfcbcc80214f26a30277a15d3f74ca654992defe7ff8d03570"),
        fe("0x1ed25194542b12eef8617361c3ba7c52e660b145994427cc86296242cf766ec8"),
    ];
    assert_eq!(s, expected);
}

fn dense_model<F: PrimeField>(rc_ext: &[[F; 3]; 8], rc_int: &[F; 56], input: [F; 3]) -> [F; 3] {
    let two = F::from(2u64);
    let three = F::from(3u64);
    let me = [
        [two, F::one(), F::one()],
        [F::one(), two, F::one()],
        [F::one(), F::one(), two],
    ];
    let mi = [
        [two, F::one(), F::one()],
        [F::one(), two, F::one()],
        [F::one(), F::one(), three],
    ];
    let mul = |m: &[[F; 3]; 3], s: [F; 3]| -> [F; 3] {
        core::array::from_fn(|i| (0..3).map(|j| m[i][j] * s[j]).sum())
    };
    let mut s = mul(&me, input);
    for (r, rc) in rc_ext.iter().enumerate() {
        if r == 4 {
            for c in rc_int {
                s[0] += c;
                s[0] = s[0].pow([5u64]);
                s = mul(&mi, s);
            }
        }
        for i in 0..3 {
            s[i] = (s[i] + rc[i]).pow([5u64]);
        }
        s = mul(&me, s);
    }
    s
}

fn model_agrees<F: CtField>(input: [F; 3]) {
    let p = Poseidon2::<F>::new().unwrap();
    let (rc_ext, rc_int) = p.round_constants();
    let mut s = input;
    p.permute(&mut s);
    assert_eq!(s, dense_model(rc_ext, rc_int, input));
}

fn elem<F: PrimeField>() -> impl Strategy<Value = F> {
    proptest::array::uniform32(any::<u8>()).prop_map(|b| F::from_le_bytes_mod_order(&b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn efficient_matrices_match_dense_bls12_381(a in elem(), b in elem(), c in elem()) {
        model_agrees::<ark_bls12_381::Fr>([a, b, c]);
    }
    #[test]
    fn efficient_matrices_match_dense_bn254(a in elem(), b in elem(), c in elem()) {
        model_agrees::<ark_bn254::Fr>([a, b, c]);
    }
}

#[test]
fn compress_is_tagged_permutation_and_differs_from_poseidon() {
    let p2 = Poseidon2::<ark_bn254::Fr>::new().unwrap();
    let (l, r) = (ark_bn254::Fr::from(11u64), ark_bn254::Fr::from(12u64));
    let mut s = [ark_bn254::Fr::from(DOMAIN_MERKLE_2_TO_1), l, r];
    p2.permute(&mut s);
    assert_eq!(p2.compress(&l, &r), s[0]);
    assert_ne!(p2.compress(&l, &r), p2.compress(&r, &l));
    let p1 = Poseidon::<ark_bn254::Fr, 3>::new().unwrap();
    assert_ne!(p2.compress(&l, &r), p1.compress(&l, &r));
}
