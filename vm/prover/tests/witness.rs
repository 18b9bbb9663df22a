//! The streaming witness generator: typed errors for what the CPU kind cannot prove, the
//! streaming tracer equals the recorded-trace path, and the step synthesises in setup mode.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_bn254::Fr;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode};
use harness::enc::*;
use harness::*;
use umbra_prover::rom::{Rom, RomError};
use umbra_prover::step::{ARITY, CpuStep, StepError};
use umbra_prover::witness::{InitialMemory, StreamingTracer, WitnessError, WitnessGen};
use umbra_vm::{Vm, VmConfig};

#[test]
fn streaming_tracer_matches_recorded_trace() {
    let code = [
        lui(31, DATA),
        addi(1, 0, 3),
        s(4, 1, 31, 2, 0x23),
        i(4, 31, 2, 10, 0x03),
    ];
    let k = 2;
    let recorded = run(&code, &[], &[], k);
    let mut words = code.to_vec();
    words.extend_from_slice(&HALT);
    let p = program(&words, &[]);
    let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
    let mut streamed = Vec::new();
    let mut t = StreamingTracer::new(WitnessGen::new(&rom, &init, p.entry(), k).unwrap(), |w| {
        streamed.push(w)
    });
    let exit = Vm::new(&p, VmConfig::default())
        .unwrap()
        .run_with(&mut t)
        .unwrap();
    t.finish().unwrap();
    assert_eq!(exit.code, 3);
    assert_eq!(streamed, recorded.steps);
}

/// The trace of `code` up to (not including) a final ecall the VM refused, plus that ecall.
fn with_refused_ecall(code: &[u32]) -> (umbra_vm::Program, Vec<umbra_vm::trace::Step>) {
    let p = program(code, &[]);
    let (exit, trace) = Vm::new(&p, VmConfig::default()).unwrap().run_traced();
    assert!(exit.is_err());
    let mut steps = trace.steps.clone();
    let n = steps.len() as u32;
    steps.push(umbra_vm::trace::Step {
        cycle: u64::from(n),
        pc: CODE + 4 * n,
        insn: ECALL,
        rs1: None,
        rs2: None,
        rd: None,
        mem: None,
        syscall: None,
    });
    (p, steps)
}

#[test]
fn precompile_call_is_a_typed_error_naming_it() {
    // sha3_256 (0x100): t0 = 0x100 via lui/addi is `addi t0, x0, 0x100`.
    let (p, steps) = with_refused_ecall(&[addi(5, 0, 0x100), ECALL]);
    let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
    let mut g = WitnessGen::new(&rom, &init, p.entry(), 4).unwrap();
    let err = steps.iter().map(|s| g.push(s)).find_map(Result::err);
    assert_eq!(
        err,
        Some(WitnessError::Precompile {
            pc: CODE + 4,
            id: umbra_abi::syscall::SHA3_256,
            name: "sha3_256",
        })
    );
    // An id the ABI does not define.
    let (p, steps) = with_refused_ecall(&[addi(5, 0, 0x77), ECALL]);
    let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
    let mut g = WitnessGen::new(&rom, &init, p.entry(), 4).unwrap();
    let err = steps.iter().map(|s| g.push(s)).find_map(Result::err);
    assert_eq!(
        err,
        Some(WitnessError::UnsupportedSyscall {
            pc: CODE + 4,
            id: 0x77
        })
    );
}

#[test]
fn generator_rejects_bad_traces() {
    let r = run(&[addi(1, 0, 1)], &[], &[], 2);
    let p = r.program.clone();
    let (_, trace) = Vm::new(&p, VmConfig::default()).unwrap().run_traced();
    assert_eq!(
        WitnessGen::new(&r.rom, &r.init, p.entry(), 0).err(),
        Some(WitnessError::ZeroK)
    );
    // No halt.
    let mut g = WitnessGen::new(&r.rom, &r.init, p.entry(), 2).unwrap();
    g.push(&trace.steps[0]).unwrap();
    assert_eq!(g.finish().err(), Some(WitnessError::NotHalted));
    // A step whose executor values disagree with the shadow memory.
    let mut g = WitnessGen::new(&r.rom, &r.init, p.entry(), 2).unwrap();
    let mut bad = trace.steps[0];
    bad.rs1 = Some((0, 5));
    assert_eq!(
        g.push(&bad).err(),
        Some(WitnessError::Inconsistent { pc: CODE })
    );
    // A pc outside the ROM and a first pc that is not the entry.
    let mut g = WitnessGen::new(&r.rom, &r.init, p.entry(), 2).unwrap();
    let mut off = trace.steps[0];
    off.pc = CODE + 0x100;
    assert_eq!(
        g.push(&off).err(),
        Some(WitnessError::PcMismatch {
            expected: CODE,
            got: CODE + 0x100
        })
    );
    let mut g = WitnessGen::new(&r.rom, &r.init, CODE + 0x100, 2).unwrap();
    assert_eq!(
        g.push(&off).err(),
        Some(WitnessError::Rom(RomError::NotInRom { pc: CODE + 0x100 }))
    );
    // A pc the previous instruction did not lead to, once the generator is told.
    let mut g = WitnessGen::new(&r.rom, &r.init, p.entry(), 2).unwrap();
    g.push(&trace.steps[0]).unwrap();
    g.expect_pc(CODE + 8);
    assert_eq!(
        g.push(&trace.steps[1]).err(),
        Some(WitnessError::PcMismatch {
            expected: CODE + 8,
            got: CODE + 4
        })
    );
    // Anything after halt.
    let mut g = WitnessGen::new(&r.rom, &r.init, p.entry(), 2).unwrap();
    for s in &trace.steps {
        g.push(s).unwrap();
    }
    assert_eq!(g.push(&trace.steps[0]).err(), Some(WitnessError::AfterHalt));
}

#[test]
fn step_rejects_bad_shapes_with_typed_errors() {
    let r = run(&[addi(1, 0, 1)], &[], &[], 2);
    assert_eq!(
        CpuStep::new(3, r.steps[0].clone()).err(),
        Some(StepError::Slots { k: 3, got: 2 })
    );
    let step = CpuStep::new(2, r.steps[0].clone()).unwrap();
    assert_eq!(
        step.eval_native(&[Fr::from(0u64); 3]).err(),
        Some(StepError::Arity { got: 3 })
    );
    let cs = ConstraintSystem::<Fr>::new_ref();
    assert!(step.generate_step_constraints(cs, 0, &[]).is_err());
}

#[test]
fn setup_mode_shape_equals_proving_shape() {
    let k = 4;
    let r = run(&[addi(1, 0, 1), add(2, 1, 1)], &[], &[], k);
    let zs = z_inputs(&r, &r.steps);
    let proving = synthesize(k, &r.steps[0], &zs[0]);
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    let z: Vec<FpVar<Fr>> = (0..ARITY)
        .map(|_| FpVar::new_input(cs.clone(), || Ok(Fr::from(0u64))).unwrap())
        .collect();
    let out = CpuStep::shape(k)
        .generate_step_constraints(cs.clone(), 0, &z)
        .unwrap();
    assert_eq!(out.len(), ARITY);
    assert_eq!(cs.num_constraints(), proving.num_constraints());
    assert_eq!(cs.num_witness_variables(), proving.num_witness_variables());
}

#[test]
fn advice_block_comes_first_and_is_challenge_independent() {
    // The phase-1 witnesses (everything the folding layer commits before deriving γ, α) are
    // one contiguous block at the start of the step's variables; changing the challenges
    // changes only the variables after it.
    let k = 4;
    let r = run(
        &[
            lui(31, DATA),
            addi(1, 0, -3),
            s(0, 1, 31, 0, 0x23),
            r(1, 1, 1, 4, 2, 0x33),
        ],
        &[],
        &[],
        k,
    );
    let step = CpuStep::new(k, r.steps[0].clone()).unwrap();
    let n1 = step.advice_len();
    let zero = Fr::from(0u64);
    let assignment = |gamma: u64, alpha: u64| {
        let z = r.steps[0]
            .state
            .to_z(Fr::from(gamma), Fr::from(alpha), zero);
        let cs = synthesize(k, &r.steps[0], &z);
        assert!(cs.is_satisfied().unwrap());
        cs.witness_assignment().unwrap()
    };
    let a = assignment(1 << 40 | 3, 1 << 50 | 7);
    let b = assignment(1 << 41 | 5, 1 << 51 | 9);
    assert!(n1 > 0 && n1 < a.len());
    assert_eq!(a[..n1], b[..n1]);
    // Every phase-2 variable of a slot depends on the challenges here except those gated to
    // zero; at least the γ powers and the fetch inverses differ.
    let differing = a[n1..].iter().zip(&b[n1..]).filter(|(x, y)| x != y).count();
    assert!(
        differing > (a.len() - n1) / 2,
        "{differing} of {}",
        a.len() - n1
    );
    println!("advice {n1} of {} witness variables", a.len());
}
