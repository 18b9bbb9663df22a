//! The verifier: every check between proof bytes and "this program halted with this exit
//! code and journal".

use ark_bn254::Fr;
use ark_ff::Zero;
use umbra_folding::nivc::verify_nivc_derived_challenges;
use umbra_vm::Program;

use crate::advice::AdviceError;
use crate::bus::{final_state_ok, small};
use crate::identity::{IdentityError, ProgramId};
use crate::params::{CHALLENGE_POSITIONS, KIND_CPU, ProverParams, derive_challenges};
use crate::proof::Proof;
use crate::rom::Rom;
use crate::step::StepState;
use crate::witness::InitialMemory;

/// What a verified proof establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The program's id, computed by the verifier from the program.
    pub program_id: ProgramId,
    /// The exit code the guest halted with.
    pub exit_code: u32,
    /// The journal it committed.
    pub journal: Vec<u8>,
    /// VM cycles of the execution (bound by the steps' cycle counter).
    pub cycles: u64,
    /// Steps folded.
    pub steps: u64,
}

/// Why a proof was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The program id could not be computed.
    Identity(IdentityError),
    /// The proof is for another program.
    ProgramMismatch {
        /// The id the verifier computed ([`ProgramId::to_bytes`]).
        expected: [u8; 32],
        /// The id the proof names.
        claimed: [u8; 32],
    },
    /// The parameters were built for another `k` than the proof's.
    ParamsMismatch {
        /// The parameters' `k`.
        params: usize,
        /// The proof's `k`.
        proof: u32,
    },
    /// The parameters were built for another set of step kinds than the proof's.
    KindsMismatch {
        /// The parameters' kinds ([`crate::params::KindSet::bits`]).
        params: u32,
        /// The proof's.
        proof: u32,
    },
    /// The bus advice names an entry outside its table.
    Advice(AdviceError),
    /// The folding proof does not verify, or its challenges are not the derived ones
    /// ([`umbra_folding::Error::ChallengeMismatch`]).
    Folding(umbra_folding::Error),
    /// The initial state is not the program's (entry pc, empty journal, nothing read …).
    InitialState,
    /// The final state is not a halted one with the claimed journal length and the tape
    /// prefix of the advice.
    FinalState,
    /// The bus does not balance: some read, lookup, fetch, journal byte or the halt is not
    /// matched.
    Unbalanced,
}

impl core::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Identity(e) => write!(f, "program id: {e:?}"),
            Self::ProgramMismatch { expected, claimed } => write!(
                f,
                "the proof is for program {}, not {}",
                hex(claimed),
                hex(expected)
            ),
            Self::ParamsMismatch { params, proof } => write!(
                f,
                "parameters for {params} instructions per fold, proof has {proof}"
            ),
            Self::KindsMismatch { params, proof } => write!(
                f,
                "parameters with step kinds {params:#x}, proof has {proof:#x}"
            ),
            Self::Advice(e) => write!(f, "{e}"),
            Self::Folding(e) => write!(f, "folding proof rejected: {e:?}"),
            Self::InitialState => f.write_str("initial state is not the program's"),
            Self::FinalState => {
                f.write_str("final state is not a halt with the claimed journal and input")
            }
            Self::Unbalanced => f.write_str("memory/lookup bus does not balance"),
        }
    }
}

impl std::error::Error for VerifyError {}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Verifies `proof` for `program` with parameters built for the proof's `k` and kinds
/// ([`ProverParams::setup_for`]`(proof.claim.k, proof.kind_set())`).
///
/// Checks, in order: the program id; the bus advice's keys are table entries; the folding
/// proof, with `(γ, α)` in `z_0` equal to the challenges derived from its advice digest, the
/// program, the claim and the bus advice; `z_0` is the program's initial state (only the
/// private input length is free); the final state halted with the claimed journal length
/// and read exactly the advice's tape; and the bus balances with the verifier's tables,
/// initial memory, the public journal and the halt tuple `(halt_clk, 0, exit code)`.
///
/// # Errors
/// [`VerifyError`] naming the first failed check.
pub fn verify(
    params: &ProverParams,
    program: &Program,
    proof: &Proof,
) -> Result<Verified, VerifyError> {
    let rom = Rom::from_program(program);
    let init = InitialMemory::from_program(program);
    let id = ProgramId::commit(&rom, &init, program.entry()).map_err(VerifyError::Identity)?;
    if id.to_bytes() != proof.program_id {
        return Err(VerifyError::ProgramMismatch {
            expected: id.to_bytes(),
            claimed: proof.program_id,
        });
    }
    if params.k() != proof.claim.k as usize {
        return Err(VerifyError::ParamsMismatch {
            params: params.k(),
            proof: proof.claim.k,
        });
    }
    if params.kinds().bits() != proof.kinds {
        return Err(VerifyError::KindsMismatch {
            params: params.kinds().bits(),
            proof: proof.kinds,
        });
    }
    proof
        .advice
        .check_tables(&rom, &init)
        .map_err(VerifyError::Advice)?;

    let advice_digest = proof.advice.digest();
    let derive = |ic: Fr| derive_challenges(ic, id.digest(), &proof.claim, &advice_digest).to_vec();
    verify_nivc_derived_challenges(params.nivc(), &proof.ivc, &CHALLENGE_POSITIONS, &derive)
        .map_err(VerifyError::Folding)?;
    // The first fold is a CPU step (a precompile kind first would only add unmatched
    // tuples, but the program starts on the CPU).
    if proof.ivc.pc0 != KIND_CPU {
        return Err(VerifyError::InitialState);
    }
    let (z0, zn) = (&proof.ivc.z0, &proof.ivc.zn);
    let (gamma, alpha) = (z0[CHALLENGE_POSITIONS[0]], z0[CHALLENGE_POSITIONS[1]]);

    // z_0: the program's initial state; the input length (position 10) is the prover's.
    let len = small(z0[10])
        .filter(|&n| n < 1 << 32)
        .ok_or(VerifyError::InitialState)?;
    if *z0 != StepState::initial_with_input(program.entry(), len).to_z(gamma, alpha, Fr::zero()) {
        return Err(VerifyError::InitialState);
    }

    let cur = final_state_ok(zn, proof.claim.journal.len()).ok_or(VerifyError::FinalState)?;
    if cur != proof.advice.tape.len() as u64 {
        return Err(VerifyError::FinalState);
    }

    let consumed = [proof.claim.halt_tuple()];
    let total = proof.advice.balance(
        &rom,
        &init,
        gamma,
        alpha,
        zn[6],
        &consumed,
        &proof.claim.journal,
    );
    if total != Some(Fr::zero()) {
        return Err(VerifyError::Unbalanced);
    }
    Ok(Verified {
        program_id: id,
        exit_code: proof.claim.exit_code,
        journal: proof.claim.journal.clone(),
        cycles: small(zn[7]).unwrap_or(0),
        steps: proof.ivc.steps,
    })
}
