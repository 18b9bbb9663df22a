//! `umbra_prover::{prove, verify}` end to end: honest executions proved and verified, the
//! claim read back, and the proof file format.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use harness::enc::*;
use harness::io::*;
use std::time::Instant;
use umbra_prover::{Proof, ProveOptions, ProverParams, prove, verify};
use umbra_vm::{Program, Vm, VmConfig};

fn params(k: usize) -> ProverParams {
    let t = Instant::now();
    let p = ProverParams::setup(k).unwrap();
    println!("setup k = {k}: {:?}", t.elapsed());
    p
}

fn prove_ok(pp: &ProverParams, program: &Program, input: &[u8]) -> Proof {
    let t = Instant::now();
    let mut folds = 0;
    let proof = prove(
        pp,
        program,
        input,
        &ProveOptions::default(),
        &mut |_| folds += 1,
        &mut StdRng::seed_from_u64(1),
    )
    .unwrap();
    println!("prove: {:?}, {} steps", t.elapsed(), proof.ivc.steps);
    proof
}

#[test]
fn every_builtin_syscall_proved_and_verified() {
    let mut words = program_io();
    words.extend_from_slice(&HALT);
    let program = program(&words, &data());
    let mut vm = Vm::new(&program, VmConfig::default())
        .unwrap()
        .with_input(INPUT.to_vec());
    let exit = vm.run().unwrap();
    let pp = params(8);
    let proof = prove_ok(&pp, &program, INPUT);
    let bytes = proof.to_bytes();
    println!("proof: {} bytes", bytes.len());
    let back = Proof::from_bytes(&bytes).unwrap();
    assert_eq!(back, proof);
    let t = Instant::now();
    let v = verify(&pp, &program, &back).unwrap();
    println!("verify: {:?}", t.elapsed());
    assert_eq!(v.exit_code, exit.code);
    assert_eq!(v.journal, vm.journal());
    assert_eq!(v.cycles, exit.cycles);
}
