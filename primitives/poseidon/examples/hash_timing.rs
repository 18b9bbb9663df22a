//! Interleaved min-of-N timing of the t = 3 two-input hash beside the
//! ark-crypto-primitives sponge (reference parameters) and light-poseidon:
//! the minimum over many interleaved runs is robust against load on a shared
//! machine, where criterion's means swing. The criterion bench
//! (`benches/poseidon.rs`) is the primary record.
//! `cargo run --release -p umbra-poseidon --example hash_timing`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use ark_crypto_primitives::sponge::CryptographicSponge;
use ark_crypto_primitives::sponge::poseidon::{PoseidonConfig, PoseidonSponge};
use light_poseidon::PoseidonHasher;
use umbra_poseidon::{CtField, FULL_ROUNDS, Poseidon, Poseidon2};

const ROUNDS: usize = 2000;

fn ark_config<F: CtField, const T: usize>(p: &Poseidon<F, T>) -> PoseidonConfig<F> {
    let ark = (0..FULL_ROUNDS + p.partial_rounds())
        .map(|r| p.round_constants(r).expect("round").to_vec())
        .collect();
    let mds = p.mds().iter().map(|row| row.to_vec()).collect();
    PoseidonConfig::new(FULL_ROUNDS, p.partial_rounds(), 5, mds, ark, T - 1, 1)
}

fn time<R>(f: impl FnOnce() -> R) -> u128 {
    let t = Instant::now();
    black_box(f());
    t.elapsed().as_nanos()
}

fn compare<F: CtField + ark_crypto_primitives::sponge::Absorb>(name: &str) {
    let p = Poseidon::<F, 3>::new().expect("t = 3");
    let config = ark_config(&p);
    let x = [F::from(7u64), -F::from(12345u64)];
    let (mut ours, mut ark) = (u128::MAX, u128::MAX);
    for _ in 0..ROUNDS {
        ours = ours.min(time(|| p.hash(black_box(&x)).expect("two inputs")));
        // The sponge is built outside the timed region (it copies the round constants):
        // only absorbing and squeezing, i.e. the permutation, is compared.
        let mut sponge = PoseidonSponge::new(&config);
        ark = ark.min(time(|| {
            sponge.absorb(&black_box(&x[..]));
            sponge.squeeze_field_elements::<F>(1)
        }));
    }
    println!(
        "{name}: hash2 min ns: umbra {ours}, ark-crypto-primitives {ark} ({:.2}x)",
        ark as f64 / ours as f64
    );
    let p2 = Poseidon2::<F>::new().expect("t = 3");
    let state = [F::from(0u64), x[0], x[1]];
    let (mut one, mut two) = (u128::MAX, u128::MAX);
    for _ in 0..ROUNDS {
        one = one.min(time(|| {
            let mut s = black_box(state);
            p.permute(&mut s);
            s
        }));
        two = two.min(time(|| {
            let mut s = black_box(state);
            p2.permute(&mut s);
            s
        }));
    }
    println!(
        "{name}: permute min ns: umbra poseidon {one}, umbra poseidon2 {two} ({:.2}x)",
        one as f64 / two as f64
    );
}

fn main() {
    compare::<ark_bls12_381::Fr>("bls12_381");
    compare::<ark_bn254::Fr>("bn254");
    let p = Poseidon::<ark_bn254::Fr, 3>::new().expect("t = 3");
    let mut light = light_poseidon::Poseidon::<ark_bn254::Fr>::new_circom(2).expect("t = 3");
    let x = [ark_bn254::Fr::from(7u64), -ark_bn254::Fr::from(12345u64)];
    let (mut ours, mut theirs) = (u128::MAX, u128::MAX);
    for _ in 0..ROUNDS {
        ours = ours.min(time(|| p.hash(black_box(&x)).expect("two inputs")));
        theirs = theirs.min(time(|| light.hash(black_box(&x)).expect("two inputs")));
    }
    println!(
        "bn254: hash2 min ns: umbra {ours}, light-poseidon {theirs} ({:.2}x)",
        theirs as f64 / ours as f64
    );
}
