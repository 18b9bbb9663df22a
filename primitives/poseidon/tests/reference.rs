//! Known answers of the reference implementation and differential tests
//! against `light-poseidon` (circomlib parameters) and `ark-crypto-primitives`
//! (configured with our reference parameters).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_crypto_primitives::sponge::poseidon::{
    PoseidonConfig, PoseidonSponge, find_poseidon_ark_and_mds,
};
use ark_crypto_primitives::sponge::{Absorb, CryptographicSponge};
use ark_ff::PrimeField;
use light_poseidon::PoseidonHasher;
use proptest::prelude::*;
use umbra_poseidon::{CtField, FULL_ROUNDS, Poseidon};

fn fe<F: PrimeField>(hex_str: &str) -> F {
    let bytes = hex::decode(hex_str.trim_start_matches("0x")).unwrap();
    F::from_be_bytes_mod_order(&bytes)
}

/// hadeshash reference test vectors (`code/test_vectors.txt`, the
/// permutation of `[0, 1, 2]`), quoted in issue #3.
#[test]
fn kat_bls12_381_x5_255_3() {
    let p = Poseidon::<ark_bls12_381::Fr, 3>::new().unwrap();
    let expected: [ark_bls12_381::Fr; 3] = [
        fe("0x28ce19420fc246a05553ad1e8c98f5c9d67166be2c18e9e4cb4b4e317dd2a78a"),
        fe("0x51f3e312c95343a896cfd8945ea82ba956c1118ce9b9859b6ea56637b4b1ddc4"),
        fe("0x3b2b69139b235626a0bfb56c9527ae66a7bf486ad8c11c14d1da0c69bbe0f79a"),
    ];
    let input = [0u64, 1, 2].map(ark_bls12_381::Fr::from);
    let mut s = input;
    p.permute(&mut s);
    assert_eq!(s, expected);
    let mut s = input;
    p.permute_plain(&mut s);
    assert_eq!(s, expected);
}

#[test]
fn kat_bn254_x5_254_3() {
    let p = Poseidon::<ark_bn254::Fr, 3>::new().unwrap();
    let expected: [ark_bn254::Fr; 3] = [
        fe("0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"),
        fe("0x0fca49b798923ab0239de1c9e7a4a9a2210312b6a2f616d18b5a87f9b628ae29"),
        fe("0x0e7ae82e40091e63cbd4f16a6d16310b3729d4b6e138fcf54110e2867045a30c"),
    ];
    let input = [0u64, 1, 2].map(ark_bn254::Fr::from);
    let mut s = input;
    p.permute(&mut s);
    assert_eq!(s, expected);
    let mut s = input;
    p.permute_plain(&mut s);
    assert_eq!(s, expected);
}

/// circomlib's own test (`test/poseidoncircuit.js`): poseidon([1, 2]).
#[test]
fn kat_circomlib_hash_1_2() {
    let p = Poseidon::<ark_bn254::Fr, 3>::new().unwrap();
    let h = p
        .hash(&[ark_bn254::Fr::from(1u64), ark_bn254::Fr::from(2u64)])
        .unwrap();
    assert_eq!(
        h.into_bigint().to_string(),
        "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    );
}

fn elem<F: PrimeField>() -> impl Strategy<Value = F> {
    proptest::array::uniform32(any::<u8>()).prop_map(|b| F::from_le_bytes_mod_order(&b))
}

macro_rules! light_suite {
    ($name:ident, $t:literal) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(16))]
            #[test]
            fn $name(inputs in proptest::collection::vec(elem::<ark_bn254::Fr>(), $t - 1)) {
                let ours = Poseidon::<ark_bn254::Fr, $t>::new().unwrap();
                let mut theirs = light_poseidon::Poseidon::<ark_bn254::Fr>::new_circom($t - 1).unwrap();
                prop_assert_eq!(ours.hash(&inputs).unwrap(), theirs.hash(&inputs).unwrap());
            }
        }
    };
}
light_suite!(light_poseidon_t2, 2);
light_suite!(light_poseidon_t3, 3);
light_suite!(light_poseidon_t4, 4);
light_suite!(light_poseidon_t5, 5);

/// Our parameters in arkworks' configuration (alpha 5, rate T-1, capacity 1).
fn ark_config<F: CtField, const T: usize>(p: &Poseidon<F, T>) -> PoseidonConfig<F> {
    let ark = (0..FULL_ROUNDS + p.partial_rounds())
        .map(|r| p.round_constants(r).unwrap().to_vec())
        .collect();
    let mds = p.mds().iter().map(|row| row.to_vec()).collect();
    PoseidonConfig::new(FULL_ROUNDS, p.partial_rounds(), 5, mds, ark, T - 1, 1)
}

fn check_against_arkworks<F: CtField + Absorb, const T: usize>(state: [F; T]) {
    let p = Poseidon::<F, T>::new().unwrap();
    let config = ark_config(&p);
    let mut sponge = PoseidonSponge::new(&config);
    sponge.state = state.to_vec();
    // Squeezing from the absorbing mode permutes the whole state once.
    let first: Vec<F> = sponge.squeeze_field_elements(1);
    let mut ours = state;
    p.permute(&mut ours);
    assert_eq!(sponge.state, ours.to_vec());
    assert_eq!(first[0], ours[1]);
    let mut plain = state;
    p.permute_plain(&mut plain);
    assert_eq!(plain, ours);

    // An ordinary arkworks sponge absorbing T-1 elements from zero is the
    // permutation of [0, inputs..], read at cell 1.
    let mut sponge = PoseidonSponge::new(&config);
    sponge.absorb(&state[1..].to_vec());
    let out: Vec<F> = sponge.squeeze_field_elements(1);
    let mut z = state;
    z[0] = F::from(0u64);
    p.permute(&mut z);
    assert_eq!(out[0], z[1]);
}

/// The parameters themselves against arkworks' independent Grain code.
fn check_params_against_arkworks<F: CtField, const T: usize>() {
    let p = Poseidon::<F, T>::new().unwrap();
    let (ark, mds) = find_poseidon_ark_and_mds::<F>(
        u64::from(F::MODULUS_BIT_SIZE),
        T - 1,
        FULL_ROUNDS as u64,
        p.partial_rounds() as u64,
        0,
    );
    for (r, row) in ark.iter().enumerate() {
        assert_eq!(
            row.as_slice(),
            p.round_constants(r).unwrap().as_slice(),
            "round {r}"
        );
    }
    assert_eq!(p.round_constants(ark.len()), None);
    let ours: Vec<Vec<F>> = p.mds().iter().map(|r| r.to_vec()).collect();
    assert_eq!(mds, ours);
}

#[test]
fn parameters_match_arkworks_grain() {
    check_params_against_arkworks::<ark_bn254::Fr, 2>();
    check_params_against_arkworks::<ark_bn254::Fr, 3>();
    check_params_against_arkworks::<ark_bn254::Fr, 4>();
    check_params_against_arkworks::<ark_bn254::Fr, 5>();
    check_params_against_arkworks::<ark_bls12_381::Fr, 2>();
    check_params_against_arkworks::<ark_bls12_381::Fr, 3>();
    check_params_against_arkworks::<ark_bls12_381::Fr, 4>();
    check_params_against_arkworks::<ark_bls12_381::Fr, 5>();
}

macro_rules! ark_suite {
    ($name:ident, $f:ty, $t:literal) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8))]
            #[test]
            fn $name(state in proptest::array::uniform::<_, $t>(elem::<$f>())) {
                check_against_arkworks::<$f, $t>(state);
            }
        }
    };
}
ark_suite!(arkworks_bn254_t2, ark_bn254::Fr, 2);
ark_suite!(arkworks_bn254_t3, ark_bn254::Fr, 3);
ark_suite!(arkworks_bn254_t4, ark_bn254::Fr, 4);
ark_suite!(arkworks_bn254_t5, ark_bn254::Fr, 5);
ark_suite!(arkworks_bls_t2, ark_bls12_381::Fr, 2);
ark_suite!(arkworks_bls_t3, ark_bls12_381::Fr, 3);
ark_suite!(arkworks_bls_t4, ark_bls12_381::Fr, 4);
ark_suite!(arkworks_bls_t5, ark_bls12_381::Fr, 5);
