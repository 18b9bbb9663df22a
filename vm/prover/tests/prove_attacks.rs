//! The verifier against a malicious prover (issue #19). Each forgery is a proof that is
//! well-formed in every byte and folded honestly — the hooks of `prove_forged` rewrite what
//! the prover commits to (the claim, the bus advice, the initial state, a step's witness,
//! the challenges, the program it names), in both passes alike and *before* the challenges
//! are derived, so that nothing but the false claim itself gives it away. Each test asserts
//! which check rejects it.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::One;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use harness::enc::*;
use umbra_folding::Error as FoldError;
use umbra_prover::advice::AdviceError;
use umbra_prover::bus::Tag;
use umbra_prover::{
    Forge, Proof, ProveOptions, ProverParams, VerifyError, prove, prove_forged, verify,
};
use umbra_vm::Program;

const K: usize = 16;
const INPUT: &[u8] = b"\x11\x22\x33\x44";
const DATA_BYTES: &[u8] = b"abcdefgh";

/// Reads 4 private bytes into RAM and commits them, commits 3 bytes of its data image, and
/// halts with exit code 7: journal = input ‖ "abc".
fn code() -> Vec<u32> {
    let mut w = vec![
        lui(31, DATA),
        // read_private(DATA + 0x100, 4)
        addi(10, 31, 0x100),
        addi(11, 0, 4),
        addi(5, 0, 2),
        ECALL,
        // commit(DATA + 0x100, 4)
        addi(10, 31, 0x100),
        addi(11, 0, 4),
        addi(5, 0, 4),
        ECALL,
        // commit(DATA, 3)
        addi(10, 31, 0),
        addi(11, 0, 3),
        addi(5, 0, 4),
        ECALL,
        addi(10, 0, 7),
    ];
    w.extend_from_slice(&HALT);
    w
}

fn subject() -> Program {
    program(&code(), DATA_BYTES)
}

fn params() -> &'static ProverParams {
    static P: OnceLock<ProverParams> = OnceLock::new();
    P.get_or_init(|| ProverParams::setup(K).unwrap())
}

fn honest() -> &'static Proof {
    static P: OnceLock<Proof> = OnceLock::new();
    P.get_or_init(|| {
        let mut rng = StdRng::seed_from_u64(11);
        prove(
            params(),
            &subject(),
            INPUT,
            &ProveOptions::default(),
            &mut |_| {},
            &mut rng,
        )
        .unwrap()
    })
}

fn forged(forge: &Forge<'_>) -> Result<umbra_prover::Verified, VerifyError> {
    forged_with(INPUT, forge)
}

fn forged_with(input: &[u8], forge: &Forge<'_>) -> Result<umbra_prover::Verified, VerifyError> {
    let mut rng = StdRng::seed_from_u64(5);
    let proof = prove_forged(params(), &subject(), input, forge, &mut rng).unwrap();
    verify(params(), &subject(), &proof)
}

fn expected_journal() -> Vec<u8> {
    [INPUT, &DATA_BYTES[..3]].concat()
}

#[test]
fn honest_proof_verifies_and_binds_the_claim() {
    let v = verify(params(), &subject(), honest()).unwrap();
    assert_eq!(v.exit_code, 7);
    assert_eq!(v.journal, expected_journal());
    assert_eq!(v.steps, honest().ivc.steps);
    // The forging prover with no hook set is the honest prover.
    assert!(forged(&Forge::default()).is_ok());
}

#[test]
fn proof_checked_against_another_program_is_rejected() {
    let mut data = DATA_BYTES.to_vec();
    data[5] ^= 1;
    let other = program(&code(), &data);
    assert!(matches!(
        verify(params(), &other, honest()),
        Err(VerifyError::ProgramMismatch { .. })
    ));
}

#[test]
fn altered_journal_claim_is_unbalanced() {
    let hook = |c: &mut umbra_prover::Claim, _: &mut _| c.journal[0] ^= 1;
    assert_eq!(
        forged(&Forge {
            statement: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn journal_claim_of_another_private_input_is_unbalanced() {
    // The execution reads other private bytes; the claim is the journal of INPUT.
    let hook = |c: &mut umbra_prover::Claim, _: &mut _| c.journal = expected_journal();
    assert_eq!(
        forged_with(
            b"\x55\x66\x77\x88",
            &Forge {
                statement: Some(&hook),
                ..Forge::default()
            }
        ),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn longer_or_shorter_journal_claim_is_a_bad_final_state() {
    let longer = |c: &mut umbra_prover::Claim, _: &mut _| c.journal.push(0);
    let shorter = |c: &mut umbra_prover::Claim, _: &mut _| {
        c.journal.pop();
    };
    for hook in [
        &longer as &dyn Fn(&mut _, &mut _),
        &shorter as &dyn Fn(&mut _, &mut _),
    ] {
        assert_eq!(
            forged(&Forge {
                statement: Some(hook),
                ..Forge::default()
            }),
            Err(VerifyError::FinalState)
        );
    }
}

#[test]
fn altered_exit_code_is_unbalanced() {
    let hook = |c: &mut umbra_prover::Claim, _: &mut _| c.exit_code = 0;
    assert_eq!(
        forged(&Forge {
            statement: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn forged_halt_clock_is_unbalanced() {
    let hook = |c: &mut umbra_prover::Claim, _: &mut _| c.halt_clk += 1;
    assert_eq!(
        forged(&Forge {
            statement: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn forged_private_tape_is_unbalanced_or_a_bad_final_state() {
    let flipped = |_: &mut _, a: &mut umbra_prover::advice::BusAdvice| a.tape[0] ^= 1;
    assert_eq!(
        forged(&Forge {
            statement: Some(&flipped),
            ..Forge::default()
        }),
        Err(VerifyError::Unbalanced)
    );
    let longer = |_: &mut _, a: &mut umbra_prover::advice::BusAdvice| a.tape.push(0);
    assert_eq!(
        forged(&Forge {
            statement: Some(&longer),
            ..Forge::default()
        }),
        Err(VerifyError::FinalState)
    );
}

#[test]
fn forged_final_memory_value_is_unbalanced() {
    let hook = |_: &mut _, a: &mut umbra_prover::advice::BusAdvice| {
        let last = a
            .cells
            .iter_mut()
            .find(|((tag, _), _)| *tag == Tag::Ram)
            .unwrap()
            .1;
        let (v, t) = last.unwrap();
        *last = Some((v + Fr::one(), t));
    };
    assert_eq!(
        forged(&Forge {
            statement: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn forged_lookup_multiplicity_is_unbalanced() {
    let hook = |_: &mut _, a: &mut umbra_prover::advice::BusAdvice| {
        *a.range16.values_mut().next().unwrap() += 1;
    };
    assert_eq!(
        forged(&Forge {
            statement: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn advice_outside_the_verifiers_tables_is_refused() {
    // A fetch multiplicity for a pc the program does not have.
    let hook = |_: &mut _, a: &mut umbra_prover::advice::BusAdvice| {
        a.rom.insert(0x10, 1);
    };
    assert_eq!(
        forged(&Forge {
            statement: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Advice(AdviceError::OutOfTable))
    );
}

#[test]
fn initial_state_at_another_pc_is_refused() {
    // Start one instruction in (skipping `lui`): z0 is not the program's.
    let hook = |z: &mut Vec<Fr>| z[0] += Fr::from(4u64);
    assert_eq!(
        forged(&Forge {
            z0: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::InitialState)
    );
}

#[test]
fn execution_over_another_programs_image_is_unbalanced() {
    // The prover runs `subject()` but names a program whose data differs in a byte the
    // execution reads: the verifier's initial set is that program's.
    let mut data = DATA_BYTES.to_vec();
    data[1] ^= 0x20;
    let other = program(&code(), &data);
    let mut rng = StdRng::seed_from_u64(9);
    let proof = prove_forged(
        params(),
        &subject(),
        INPUT,
        &Forge {
            program_id: Some(&other),
            ..Forge::default()
        },
        &mut rng,
    )
    .unwrap();
    assert_eq!(
        verify(params(), &other, &proof),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn stopping_before_halt_is_a_bad_final_state() {
    let steps = honest().ivc.steps;
    assert!(steps >= 2);
    assert_eq!(
        forged(&Forge {
            max_steps: Some(steps - 1),
            ..Forge::default()
        }),
        Err(VerifyError::FinalState)
    );
}

#[test]
fn challenges_not_derived_from_the_commitments_are_refused() {
    let hook = |c: &mut [Fr; 2]| c[0] += Fr::one();
    assert_eq!(
        forged(&Forge {
            challenges: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Folding(FoldError::ChallengeMismatch))
    );
}

#[test]
fn wrong_alu_result_is_refused_by_the_folding_verifier() {
    // Step 0, slot 1 is `addi x10, x31, 0x100`: claim another result.
    let hook = |i: u64, w: &mut umbra_prover::step::StepWitness| {
        if i == 0 {
            w.slots[1].rd_new ^= 1;
        }
    };
    assert!(matches!(
        forged(&Forge {
            step: Some(&hook),
            ..Forge::default()
        }),
        Err(VerifyError::Folding(_))
    ));
}

/// Proves an honest run of `executed` while naming `claimed` as the program, and verifies
/// against `claimed`.
fn run_of_other_code(
    executed: &[u32],
    claimed: &Program,
) -> Result<umbra_prover::Verified, VerifyError> {
    let executed = program(executed, DATA_BYTES);
    let mut rng = StdRng::seed_from_u64(13);
    let proof = prove_forged(
        params(),
        &executed,
        INPUT,
        &Forge {
            program_id: Some(claimed),
            ..Forge::default()
        },
        &mut rng,
    )
    .unwrap();
    verify(params(), claimed, &proof)
}

#[test]
fn skipped_instruction_is_unbalanced() {
    // The execution leaves out `addi a0, x0, 7` (so it exits with another code) and names
    // the subject program.
    let mut code = code();
    let at = code.iter().position(|&w| w == addi(10, 0, 7)).unwrap();
    code.remove(at);
    assert_eq!(
        run_of_other_code(&code, &subject()),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn reordered_instructions_are_unbalanced() {
    // Two independent instructions swapped: the same journal and exit code, another order.
    let mut code = code();
    code.swap(1, 2);
    assert_eq!(
        run_of_other_code(&code, &subject()),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn jump_outside_the_rom_is_refused() {
    // The execution jumps past the subject's last instruction into code the subject does
    // not have: those fetches name pcs outside the verifier's ROM.
    let mut code = code();
    let halt_at = code.len() - HALT.len();
    let end = code.len();
    code[halt_at] = j(4 * (end as i32 - halt_at as i32), 0);
    code.extend_from_slice(&[addi(10, 0, 7)]);
    code.extend_from_slice(&HALT);
    assert_eq!(
        run_of_other_code(&code, &subject()),
        Err(VerifyError::Advice(AdviceError::OutOfTable))
    );
}
