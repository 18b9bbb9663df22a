//! Constant-time checks of the Poseidon permutation and every hash mode with
//! secret inputs. Run with `cargo ctgrind -p umbra-poseidon`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::ExitCode;

use ark_ff::PrimeField;
use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_poseidon::{CtField, Poseidon, Poseidon2, Sponge};

fn secret_state<F: PrimeField, const T: usize>() -> [F; T] {
    let mut s = [F::from(0u64); T];
    for (i, x) in s.iter_mut().enumerate() {
        *x = F::from(0x0123_4567_89ab_cdefu64 + i as u64).pow([7u64]);
    }
    classify(&s);
    s
}

fn permute<F: CtField, const T: usize>() {
    let p = Poseidon::<F, T>::new().expect("supported width");
    let mut s = secret_state::<F, T>();
    p.permute(&mut s);
    let mut t = secret_state::<F, T>();
    p.permute_plain(&mut t);
    let _ = black_box((s, t));
}

fn permute_bn254() {
    permute::<ark_bn254::Fr, 2>();
    permute::<ark_bn254::Fr, 3>();
    permute::<ark_bn254::Fr, 4>();
    permute::<ark_bn254::Fr, 5>();
}
fn permute_bls12_381() {
    permute::<ark_bls12_381::Fr, 3>();
    permute::<ark_bls12_381::Fr, 5>();
}

fn poseidon2_both_fields() {
    let p = Poseidon2::<ark_bn254::Fr>::new().expect("BN254");
    let mut s = secret_state::<ark_bn254::Fr, 3>();
    p.permute(&mut s);
    let p = Poseidon2::<ark_bls12_381::Fr>::new().expect("BLS12-381");
    let t = secret_state::<ark_bls12_381::Fr, 3>();
    let c = p.compress(&t[1], &t[2]);
    let _ = black_box((s, c));
}

fn hash_fixed_bn254() {
    let p = Poseidon::<ark_bn254::Fr, 3>::new().expect("t = 3");
    let s = secret_state::<ark_bn254::Fr, 2>();
    let h = p.hash(&s).expect("two inputs");
    // A commitment or nullifier is published: declassify, then inspect.
    declassify(&h);
    assert_ne!(h, ark_bn254::Fr::from(0u64));
}

fn compress_bls12_381() {
    let p = Poseidon::<ark_bls12_381::Fr, 3>::new().expect("t = 3");
    let s = secret_state::<ark_bls12_381::Fr, 2>();
    let _ = black_box(p.compress(&s[0], &s[1]));
}

fn sponge_elements() {
    let p = Poseidon::<ark_bn254::Fr, 4>::new().expect("t = 4");
    let s = secret_state::<ark_bn254::Fr, 5>();
    let mut sponge = Sponge::new(&p, 42);
    sponge.absorb(&s).expect("fresh sponge");
    let out = [
        sponge.squeeze(),
        sponge.squeeze(),
        sponge.squeeze(),
        sponge.squeeze(),
    ];
    let _ = black_box(out);
}

fn sponge_bytes() {
    let p = Poseidon::<ark_bls12_381::Fr, 3>::new().expect("t = 3");
    let secret = [0xa5u8; 77];
    classify(&secret);
    let _ = black_box(p.hash_bytes(7, &secret));
}

fn merkle_root_bn254() {
    let p = Poseidon::<ark_bn254::Fr, 3>::new().expect("t = 3");
    let leaf = secret_state::<ark_bn254::Fr, 1>();
    let siblings = secret_state::<ark_bn254::Fr, 4>();
    let index = [0b1011u64];
    classify(&index);
    let root = p.merkle_root(&leaf[0], &siblings, index[0]);
    let _ = black_box(root);
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new(
            "permute_bn254_t2_to_t5",
            Expect::ConstantTime,
            permute_bn254,
        ),
        Case::new(
            "permute_bls12_381_t3_t5",
            Expect::ConstantTime,
            permute_bls12_381,
        ),
        Case::new(
            "poseidon2_both_fields",
            Expect::ConstantTime,
            poseidon2_both_fields,
        ),
        Case::new("hash_fixed_bn254", Expect::ConstantTime, hash_fixed_bn254),
        Case::new(
            "compress_bls12_381",
            Expect::ConstantTime,
            compress_bls12_381,
        ),
        Case::new("sponge_elements", Expect::ConstantTime, sponge_elements),
        Case::new("sponge_bytes", Expect::ConstantTime, sponge_bytes),
        Case::new("merkle_root_bn254", Expect::ConstantTime, merkle_root_bn254),
    ])
}
