//! Shared test harness: run a program on the VM, turn the trace into step witnesses, check
//! every step natively (and optionally with an arkworks `ConstraintSystem`) and balance the
//! bus.
#![allow(
    dead_code,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

pub mod calls;
// The executor's encoder and program builder (project code, shared rather than copied).
#[path = "../../../executor/tests/common/mod.rs"]
pub mod enc;

use ark_bn254::Fr;
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use ark_std::UniformRand;
use umbra_prover::bus::Ledger;
use umbra_prover::rom::Rom;
use umbra_prover::step::{CpuStep, StepState, StepWitness};
use umbra_prover::witness::{InitialMemory, WitnessGen};
use umbra_vm::{Program, Vm, VmConfig};

pub use enc::HALT;

/// A program, its verifier-side tables and the prover's step witnesses.
pub struct Run {
    pub program: Program,
    pub rom: Rom,
    pub init: InitialMemory,
    pub steps: Vec<StepWitness>,
    pub k: usize,
    pub exit: u32,
    /// The private input the VM was given (the prover's tape).
    pub input: Vec<u8>,
    /// The VM's journal (the public output).
    pub journal: Vec<u8>,
}

/// Run `code` + halt with `regs` preset and `data` at DATA; witnesses for `k` slots a step.
pub fn run(code: &[u32], data: &[u8], regs: &[(usize, u32)], k: usize) -> Run {
    let mut words = code.to_vec();
    words.extend_from_slice(&HALT);
    let program = enc::program(&words, data);
    run_program(program, regs, k)
}

pub fn run_program(program: Program, regs: &[(usize, u32)], k: usize) -> Run {
    run_with_input(program, regs, k, &[])
}

/// Run `code` + halt with private input `input`.
pub fn run_io(code: &[u32], data: &[u8], input: &[u8], k: usize) -> Run {
    let mut words = code.to_vec();
    words.extend_from_slice(&HALT);
    run_with_input(enc::program(&words, data), &[], k, input)
}

pub fn run_with_input(program: Program, regs: &[(usize, u32)], k: usize, input: &[u8]) -> Run {
    // A small cycle limit: a test program that loops by mistake fails instead of filling RAM.
    let config = VmConfig {
        cycle_limit: 1 << 20,
        ..VmConfig::default()
    };
    let mut vm = Vm::new(&program, config)
        .unwrap()
        .with_registry(umbra_precompiles::registry())
        .with_input(input.to_vec());
    let mut init = InitialMemory::from_program(&program);
    for &(r, v) in regs {
        vm.set_reg(r, v);
        init = init.with_reg(r, v);
    }
    let (exit, trace) = vm.run_traced();
    let exit = exit.unwrap().code;
    let journal = vm.journal().to_vec();
    let rom = Rom::from_program(&program);
    let mut g = WitnessGen::new(&rom, &init, program.entry(), k)
        .unwrap()
        .with_input(input.to_vec());
    let mut steps = Vec::new();
    for s in &trace.steps {
        // A precompile call's memory effect comes from the VM's record of it.
        if let Some(i) = s.syscall {
            g.syscall_record(trace.syscalls[i as usize].clone());
        }
        steps.extend(g.push(s).unwrap());
    }
    // The replay's journal is the VM's.
    assert_eq!(g.journal(), &journal[..]);
    if let Some(w) = g.finish().unwrap() {
        steps.push(w);
    }
    Run {
        program,
        rom,
        init,
        steps,
        k,
        exit,
        input: input.to_vec(),
        journal,
    }
}

/// Outcome of checking a run's steps.
#[derive(Debug)]
pub struct Checked {
    /// Components violated, per step.
    pub violated: Vec<Vec<&'static str>>,
    /// Bus total (zero = balanced).
    pub balance: Fr,
    /// Lookups outside their tables.
    pub unmatched: usize,
    pub ledger: Ledger,
    pub z_final: Vec<Fr>,
    /// The decider's final-state checks (halted, idle, journal length, tape bound).
    pub final_ok: bool,
}

impl Checked {
    pub fn satisfied(&self) -> bool {
        self.violated.iter().all(|v| v.is_empty())
    }
    pub fn balanced(&self) -> bool {
        self.balance == Fr::from(0u64)
    }
}

pub fn challenges() -> (Fr, Fr) {
    let mut rng = ark_std::test_rng();
    (Fr::rand(&mut rng), Fr::rand(&mut rng))
}

/// z0: the entry, no cycles, the private input's length.
pub fn z0(run: &Run, gamma: Fr, alpha: Fr) -> Vec<Fr> {
    StepState::initial_with_input(run.program.entry(), run.input.len() as u64).to_z(
        gamma,
        alpha,
        Fr::from(0u64),
    )
}

/// Evaluate every step natively from the initial state, chaining z, then balance the bus
/// with the emitted syscalls consumed once each (the halt), the VM's public journal and the
/// tape prefix the final state says was read.
pub fn check(run: &Run, steps: &[StepWitness]) -> Checked {
    check_io(run, steps, &run.journal, &run.input)
}

/// As [`check`] against a claimed public journal and a private tape.
pub fn check_io(run: &Run, steps: &[StepWitness], journal: &[u8], tape: &[u8]) -> Checked {
    let (gamma, alpha) = challenges();
    let mut z = z0(run, gamma, alpha);
    let mut ledger = Ledger::default();
    let mut violated = Vec::new();
    for w in steps {
        let step = CpuStep::new(run.k, w.clone()).unwrap();
        let out = step.eval_native(&z).unwrap();
        ledger.absorb(&run.rom, &run.init, &out.tuples);
        violated.push(out.violated.clone());
        z = out.z_out;
    }
    let consumed = ledger.syscalls().to_vec();
    let read = usize::try_from(umbra_prover::bus::small_u64(z[9]).unwrap()).unwrap();
    let balance = ledger
        .balance(
            &run.rom,
            &run.init,
            gamma,
            alpha,
            z[6],
            &consumed,
            journal,
            &tape[..read.min(tape.len())],
        )
        .unwrap();
    let final_ok = umbra_prover::bus::final_state_ok(&z, journal.len()).is_some();
    Checked {
        violated,
        balance,
        final_ok,
        unmatched: ledger.unmatched(),
        ledger,
        z_final: z,
    }
}

/// Synthesise one step into a fresh constraint system, z as public inputs.
pub fn synthesize(k: usize, w: &StepWitness, z: &[Fr]) -> ConstraintSystemRef<Fr> {
    synthesize_mode(k, w, z, true)
}

/// As [`synthesize`]; with `lc_cache = false` arkworks evaluates every constraint's linear
/// combinations from the current assignment (no cached values), so a test may edit the
/// witness assignment and re-check satisfaction.
pub fn synthesize_mode(
    k: usize,
    w: &StepWitness,
    z: &[Fr],
    lc_cache: bool,
) -> ConstraintSystemRef<Fr> {
    let step = CpuStep::new(k, w.clone()).unwrap();
    synthesize_step(
        z,
        lc_cache,
        |cs, zv| step.generate_step_constraints(cs, 0, zv).unwrap(),
        step.eval_native(z).unwrap().z_out,
    )
}

/// Any bus step (the CPU step, a precompile kind) synthesised into a fresh constraint
/// system by `constraints`, z as public inputs (`lc_cache` as in [`synthesize_mode`]);
/// the circuit's z_{i+1} must equal `native_out`, the native evaluation's (batch-inverted)
/// one.
pub fn synthesize_step(
    z: &[Fr],
    lc_cache: bool,
    constraints: impl FnOnce(ConstraintSystemRef<Fr>, &[FpVar<Fr>]) -> Vec<FpVar<Fr>>,
    native_out: Vec<Fr>,
) -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: true,
        generate_lc_assignments: lc_cache,
    });
    let zv: Vec<FpVar<Fr>> = z
        .iter()
        .map(|x| FpVar::new_input(cs.clone(), || Ok(*x)).unwrap())
        .collect();
    let out = constraints(cs.clone(), &zv);
    assert_eq!(out.len(), z.len());
    let circuit: Vec<Fr> = out.iter().map(|v| v.value().unwrap()).collect();
    assert_eq!(circuit, native_out);
    cs
}

/// The z each step of `steps` starts from (chained natively).
pub fn z_inputs(run: &Run, steps: &[StepWitness]) -> Vec<Vec<Fr>> {
    let (gamma, alpha) = challenges();
    let mut z = z0(run, gamma, alpha);
    let mut zs = Vec::new();
    for w in steps {
        zs.push(z.clone());
        z = CpuStep::new(run.k, w.clone())
            .unwrap()
            .eval_native(&z)
            .unwrap()
            .z_out;
    }
    zs
}

/// Every step satisfied in a real constraint system.
pub fn cs_satisfied(run: &Run, steps: &[StepWitness]) -> Vec<bool> {
    let zs = z_inputs(run, steps);
    steps
        .iter()
        .zip(&zs)
        .map(|(w, z)| synthesize(run.k, w, z).is_satisfied().unwrap())
        .collect()
}

/// Honest run: all steps satisfied (natively and, when `with_cs`, in arkworks), bus balanced,
/// states chain as the witness generator says.
pub fn assert_honest(run: &Run, with_cs: bool) {
    let c = check(run, &run.steps);
    assert!(c.satisfied(), "violated: {:?}", c.violated);
    assert_eq!(c.unmatched, 0);
    assert!(c.balanced(), "bus unbalanced");
    assert!(c.final_ok, "final state");
    // The journal the bus carries is the VM's.
    assert_eq!(c.ledger.journal().unwrap(), run.journal);
    let zs = z_inputs(run, &run.steps);
    for (w, z) in run.steps.iter().zip(&zs) {
        assert_eq!(
            w.state.to_z(z[4], z[5], z[6]),
            *z,
            "witness state and chained z differ"
        );
    }
    // The program halted: a next slot would be padding (live − halted = 0).
    assert_eq!(c.z_final[2] - c.z_final[3], Fr::from(0u64));
    if with_cs {
        assert!(cs_satisfied(run, &run.steps).iter().all(|&b| b));
    }
}

/// A program that makes every built-in system call (the syscall tests' subject).
pub mod io {
    use super::enc::*;

    pub const INPUT: &[u8] = b"secret-input!";

    pub fn data() -> Vec<u8> {
        (0..64u8)
            .map(|x| x.wrapping_mul(37).wrapping_add(5))
            .collect()
    }

    /// Every built-in syscall, unaligned buffers, a read past the input's end, a zero-length
    /// commit of a null pointer, a read-back of the bytes `read_private` wrote, and the cycle
    /// count as the exit code.
    pub fn program_io() -> Vec<u32> {
        vec![
            lui(31, DATA),
            // commit(DATA + 1, 11)
            addi(10, 31, 1),
            addi(11, 0, 11),
            addi(5, 0, 4),
            ECALL,
            // write(stdout, DATA + 2, 5)
            addi(10, 0, 1),
            addi(11, 31, 2),
            addi(12, 0, 5),
            addi(5, 0, 1),
            ECALL,
            // private_remaining → x20
            addi(5, 0, 3),
            ECALL,
            add(20, 10, 0),
            // read_private(DATA + 0x101, 6) → x21
            addi(10, 31, 0x101),
            addi(11, 0, 6),
            addi(5, 0, 2),
            ECALL,
            add(21, 10, 0),
            // read_private(DATA + 0x107, 100) → x22 (the 7 bytes left)
            addi(10, 31, 0x107),
            addi(11, 0, 100),
            addi(5, 0, 2),
            ECALL,
            add(22, 10, 0),
            // read_private(DATA + 0x200, 8) → 0 (end of input)
            addi(10, 31, 0x200),
            addi(11, 0, 8),
            addi(5, 0, 2),
            ECALL,
            add(23, 10, 0),
            // private_remaining → 0
            addi(5, 0, 3),
            ECALL,
            add(24, 10, 0),
            // commit(DATA + 0x101, x21 + x22): the private bytes, through guest memory
            addi(10, 31, 0x101),
            add(11, 21, 22),
            addi(5, 0, 4),
            ECALL,
            // commit(null, 0)
            addi(10, 0, 0),
            addi(11, 0, 0),
            addi(5, 0, 4),
            ECALL,
            // lw x25, 0x104(x31): a word read_private wrote
            i(0x104, 31, 2, 25, 0x03),
            // cycle_count → a0 (the exit code), a1
            addi(5, 0, 5),
            ECALL,
        ]
    }
}
