//! # umbra-prover — circuits for Umbra's RV32IM zkVM
//!
//! The CPU half of the prover (issue #19):
//!
//! * [`rom`]: the verifier-side pre-decoded program ROM (pc → flags, rd, rs1, rs2, imm);
//! * [`step`]: the CPU step circuit over BN254 Fr, `k` instructions per step, shaped for
//!   the folding engine's step-circuit trait ([`step::CpuStep::arity`],
//!   [`step::CpuStep::generate_step_constraints`]);
//! * [`bus`]: the one LogUp bus for registers, RAM, ROM fetches, range/AND/power lookups,
//!   syscall tuples and the journal/private-tape bytes, and its native balance check;
//! * [`witness`]: the streaming trace → step-witness generator, which replays the built-in
//!   system calls (`halt`, `write`, `read_private`, `private_remaining`, `commit`,
//!   `cycle_count`) and emits the continuation slots that move their bytes;
//! * [`identity`]: the program id, a Grumpkin Verkle commitment to the ROM (with its
//!   continuation entries), the initial memory image, the page table, the entry pc and the
//!   initial registers, all built by the verifier from the ELF;
//! * [`tables`]: the fixed lookup tables (16-bit range, byte AND, shift powers) as a step
//!   kind whose one fold adds their side of the bus, multiplicities committed as advice;
//! * [`advice`]: the decider's side of the bus the prover supplies (program-table
//!   multiplicities, final memory set, the private bytes read) and its balance check;
//! * [`params`], [`prove()`], [`verify()`], [`proof`]: the CPU step as the folding engine's
//!   step kind, the two-pass prover, the verifier and the proof file format.
//!
//! Proving an execution (`ProverParams::setup_for` synthesises the circuits of the CPU and of
//! the precompile kinds the guest needs, [`kinds_used`], and hashes the commitment keys, a
//! few seconds):
//!
//! ```no_run
//! use ark_std::rand::{SeedableRng, rngs::StdRng};
//! use umbra_prover::{ProveOptions, ProverParams, kinds_used, prove, verify};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let elf: Vec<u8> = Vec::new();
//! let program = umbra_vm::Program::from_elf(&elf).map_err(|e| e.to_string())?;
//! let (input, opts) = (b"private input", ProveOptions::default());
//! let params = ProverParams::setup_for(umbra_prover::DEFAULT_K, kinds_used(&program, input, &opts)?)?;
//! let mut rng = StdRng::from_seed([7; 32]); // use OS randomness in real use
//! let proof = prove(&params, &program, input, &opts, &mut |_progress| {}, &mut rng)?;
//! let bytes = proof.to_bytes();
//! // The verifier builds the parameters of the proof's `k` and kinds.
//! let proof = umbra_prover::Proof::from_bytes(&bytes)?;
//! let params = ProverParams::setup_for(proof.claim.k as usize, proof.kind_set())?;
//! let claim = verify(&params, &program, &proof)?;
//! println!("exit code {}, journal {:?}", claim.exit_code, claim.journal);
//! # Ok(()) }
//! ```
//!
//! **Not zero-knowledge yet**: the proof carries the bus advice and the folded witnesses in
//! the clear (issue #16 adds the hiding decider).
//!
//! ```
//! use umbra_prover::{rom::Rom, step::{CpuStep, StepState}, witness::{InitialMemory, WitnessGen}};
//! use umbra_vm::{Program, Vm, VmConfig};
//! // addi a0, x0, 7 ; addi t0, x0, 0 (halt) ; ecall
//! let p = Program::from_words(0x2_0000, &[0x0070_0513, 0x0000_0293, 0x0000_0073]).unwrap();
//! let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
//! let (exit, trace) = Vm::new(&p, VmConfig::default()).unwrap().run_traced();
//! assert_eq!(exit.unwrap().code, 7);
//! let mut g = WitnessGen::new(&rom, &init, p.entry(), 4).unwrap();
//! for s in &trace.steps {
//!     assert!(g.push(s).unwrap().is_empty());
//! }
//! let w = g.finish().unwrap().unwrap();
//! let step = CpuStep::new(4, w).unwrap();
//! let z = StepState::initial(p.entry()).to_z(3u64.into(), 5u64.into(), 0u64.into());
//! let out = step.eval_native(&z).unwrap();
//! assert!(out.violated.is_empty());
//! ```
#![forbid(unsafe_code)]

pub mod advice;
pub mod bus;
mod bus_circuit;
pub mod identity;
pub mod mutation;
pub mod params;
pub mod precompile;
pub mod proof;
mod prove;
pub mod rom;
pub mod step;
mod synth;
pub mod tables;
mod two_phase;
mod verify;
pub mod witness;

pub use params::{Claim, DEFAULT_K, KindSet, ProverParams};
pub use proof::{Proof, ProofFormatError};
#[doc(hidden)]
pub use prove::{Forge, prove_forged};
pub use prove::{Progress, ProveError, ProveOptions, kinds_used, prove};
pub use synth::Counts;
pub use verify::{Verified, VerifyError, verify};
