//! `umbra-prover` proof files: decoding and verification of arbitrary bytes, and of a valid
//! proof of a small program with the fuzzer's bytes XORed in at an offset it chooses (so
//! mutations reach the claim, the bus advice and the folding proof behind the header). Must
//! never panic; a changed proof must never verify.
#![no_main]

#[path = "../common/mutate.rs"]
mod mutate;

use std::sync::OnceLock;

use ark_std::rand::SeedableRng;
use libfuzzer_sys::fuzz_target;
use umbra_prover::{KindSet, Proof, ProveOptions, ProverParams, prove, verify};
use umbra_vm::Program;

struct Setup {
    params: ProverParams,
    program: Program,
    bytes: Vec<u8>,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        // addi a0, x0, 7 ; addi t0, x0, 0 (halt) ; ecall
        let program =
            Program::from_words(0x2_0000, &[0x0070_0513, 0x0000_0293, 0x0000_0073]).unwrap();
        let params = ProverParams::setup_for(2, KindSet::BASE).unwrap();
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(0);
        let proof = prove(
            &params,
            &program,
            &[],
            &ProveOptions::default(),
            &mut |_| {},
            &mut rng,
        )
        .unwrap();
        let bytes = proof.to_bytes();
        Setup {
            params,
            program,
            bytes,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    mutate::decode_and_verify_mutations(&s.bytes, data, Proof::from_bytes, |p: &Proof| {
        verify(&s.params, &s.program, p)
    });
});
