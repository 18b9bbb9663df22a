//! IVC proof decoding + verification (umbra-folding) on inputs derived
//! from a valid two-step proof: the fuzzer's bytes are XORed into the valid
//! encoding at an offset it chooses, so mutations reach the points,
//! lengths and witnesses behind the header. Must never panic; a changed
//! proof must never verify.
#![no_main]

#[path = "../common/mutate.rs"]
mod mutate;

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_std::rand::SeedableRng;
use libfuzzer_sys::fuzz_target;
use umbra_folding::PoseidonChainStep;
use umbra_folding::ivc::{IvcParams, IvcProof, IvcProver, verify};

struct Setup {
    pp: IvcParams,
    bytes: Vec<u8>,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let step = PoseidonChainStep::new(vec![Fr::from(1u64), Fr::from(2u64)]).unwrap();
        let pp = IvcParams::setup(&step, b"fuzz").unwrap();
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(0);
        let mut prover = IvcProver::new(&pp, &step, vec![Fr::from(3u64)]).unwrap();
        prover.prove_step(&mut rng).unwrap();
        prover.prove_step(&mut rng).unwrap();
        let bytes = prover.proof().unwrap().to_bytes();
        Setup { pp, bytes }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    mutate::decode_and_verify_mutations(&s.bytes, data, IvcProof::from_bytes, |p: &IvcProof| {
        verify(&s.pp, p)
    });
});
