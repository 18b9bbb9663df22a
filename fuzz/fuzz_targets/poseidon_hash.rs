//! Poseidon on arbitrary input never panics; the optimised constant-time
//! permutation equals the reference-shaped one; the BN254 fixed-length hash
//! equals light-poseidon (circomlib); sponge results do not depend on how
//! the input is split across `absorb` calls.
#![no_main]

use std::sync::OnceLock;

use ark_ff::PrimeField;
use libfuzzer_sys::fuzz_target;
use light_poseidon::PoseidonHasher;
use umbra_poseidon::{Poseidon, Sponge};

type Bn = ark_bn254::Fr;
type Bls = ark_bls12_381::Fr;

fn bn3() -> &'static Poseidon<Bn, 3> {
    static P: OnceLock<Poseidon<Bn, 3>> = OnceLock::new();
    P.get_or_init(|| Poseidon::new().expect("t = 3"))
}
fn bn5() -> &'static Poseidon<Bn, 5> {
    static P: OnceLock<Poseidon<Bn, 5>> = OnceLock::new();
    P.get_or_init(|| Poseidon::new().expect("t = 5"))
}
fn bls3() -> &'static Poseidon<Bls, 3> {
    static P: OnceLock<Poseidon<Bls, 3>> = OnceLock::new();
    P.get_or_init(|| Poseidon::new().expect("t = 3"))
}

fn elements<F: PrimeField>(data: &[u8]) -> Vec<F> {
    data.chunks(32).map(F::from_le_bytes_mod_order).collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 4 {
        0 => {
            let xs = elements::<Bn>(rest);
            let mut s = [Bn::from(0u64); 5];
            for (c, x) in s.iter_mut().zip(xs.iter()) {
                *c = *x;
            }
            let mut plain = s;
            bn5().permute(&mut s);
            bn5().permute_plain(&mut plain);
            assert_eq!(s, plain);
            let xs3: Vec<Bls> = elements(rest);
            let mut s = [Bls::from(0u64); 3];
            for (c, x) in s.iter_mut().zip(xs3.iter()) {
                *c = *x;
            }
            let mut plain = s;
            bls3().permute(&mut s);
            bls3().permute_plain(&mut plain);
            assert_eq!(s, plain);
        }
        1 => {
            let xs = elements::<Bn>(rest);
            let ours = bn3().hash(&xs);
            if xs.len() == 2 {
                let mut theirs = light_poseidon::Poseidon::<Bn>::new_circom(2).expect("t = 3");
                assert_eq!(ours.ok(), theirs.hash(&xs).ok());
            } else {
                assert!(ours.is_err());
            }
            if xs.len() >= 2 {
                let _ = bn3().compress(&xs[0], &xs[1]);
            }
        }
        2 => {
            let xs = elements::<Bn>(rest);
            let split = usize::from(rest.first().copied().unwrap_or(0)) % (xs.len() + 1);
            let mut s = Sponge::new(bn5(), 9);
            s.absorb(&xs[..split]).expect("fresh");
            s.absorb(&xs[split..]).expect("still absorbing");
            assert_eq!(s.squeeze(), bn5().hash_elements(9, &xs));
            assert!(s.absorb(&xs).is_err());
        }
        _ => {
            let split = usize::from(rest.first().copied().unwrap_or(0)) % (rest.len() + 1);
            let mut s = Sponge::new(bls3(), 1);
            s.absorb_bytes(&rest[..split]).expect("fresh");
            s.absorb_bytes(&rest[split..]).expect("still absorbing");
            assert!(s.absorb(&[Bls::from(1u64)]).is_err());
            assert_eq!(s.squeeze(), bls3().hash_bytes(1, rest));
        }
    }
});
