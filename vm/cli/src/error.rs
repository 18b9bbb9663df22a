//! What can go wrong in a command, as a sentence for people and a type for programs.

use std::path::PathBuf;
use umbra_vm::memory::MemFault;
use umbra_vm::{ElfError, VmError};

/// A command-line error. `Display` is one sentence (what happened, where); [`CliError::hint`]
/// says what to try; [`CliError::exit_code`] is the process status.
#[derive(Debug)]
pub enum CliError {
    /// The program is neither a built-in example nor a readable file.
    NoSuchProgram(String),
    /// A file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// `--input-hex` is not hex.
    BadHex(String),
    /// `--demo` for a program without a built-in demo input.
    NoDemo(String),
    /// The VM stopped the guest with an error (guest stdout and stderr so far attached).
    Vm(VmError, Vec<u8>, Vec<u8>),
    /// `umbra new` would overwrite an existing path.
    Exists(PathBuf),
    /// `umbra new` was given a name that is not a valid crate name.
    BadName(String),
    /// `umbra build` failed.
    Build(umbra_build::BuildError),
    /// `umbra prove`: the execution failed or cannot be proved.
    NotProvable(umbra_prover::ProveError),
    /// The prover's parameters could not be built.
    Params(umbra_prover::params::ParamsError),
    /// `umbra verify`: the file is not a well-formed proof.
    BadProofFile(PathBuf, umbra_prover::ProofFormatError),
    /// `umbra verify`: the proof does not verify.
    Rejected(umbra_prover::VerifyError),
    /// `umbra verify` without a program: no built-in example has the proof's program id.
    UnknownProgram(String),
    /// Something that cannot happen did (a bug).
    Internal(&'static str),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchProgram(p) => write!(f, "{p:?} is neither an example nor a file"),
            Self::Io(p, e) => write!(f, "{}: {e}", p.display()),
            Self::BadHex(e) => write!(f, "--input-hex is not hex: {e}"),
            Self::NoDemo(p) => write!(f, "there is no built-in demo input for {p:?}"),
            Self::Vm(e, _, _) => write!(f, "{e}"),
            Self::Exists(p) => write!(f, "{} already exists", p.display()),
            Self::BadName(n) => write!(
                f,
                "{n:?} is not a crate name (use letters, digits, '-' and '_', starting with a letter)"
            ),
            Self::Build(e) => write!(f, "{e}"),
            Self::NotProvable(e) => write!(f, "{e}"),
            Self::Params(e) => write!(f, "{e}"),
            Self::BadProofFile(p, e) => write!(f, "{}: {e}", p.display()),
            Self::Rejected(e) => write!(f, "proof rejected: {e}"),
            Self::UnknownProgram(id) => {
                write!(f, "no built-in example has the proof's program id {id}")
            }
            Self::Internal(what) => write!(f, "internal error: {what}"),
        }
    }
}

impl std::error::Error for CliError {}

impl CliError {
    /// What to try next, when there is something useful to say.
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            Self::NoSuchProgram(_) | Self::NoDemo(_) => {
                "`umbra examples` lists the examples and which have a demo input"
            }
            Self::Vm(VmError::CycleLimit { .. }, ..) => "raise the limit with --cycle-limit",
            Self::Vm(
                VmError::Memory {
                    fault: MemFault::Limit { .. },
                    ..
                }
                | VmError::Load(ElfError::MemoryLimit),
                ..,
            ) => "raise the limit with --memory-limit",
            Self::Vm(VmError::Load(_), ..) => {
                "build guests with `umbra build` (target riscv32im-unknown-none-elf, linker script umbra.ld)"
            }
            Self::Vm(VmError::Syscall { .. }, ..) => {
                "check the arguments the guest passes (docs/abi.md gives every layout)"
            }
            Self::Vm(
                VmError::Fetch { .. }
                | VmError::MisalignedJump { .. }
                | VmError::IllegalInstruction { .. },
                ..,
            ) => "the guest jumped outside its code; look for unsafe code or a corrupted stack",
            Self::Exists(_) => "choose another name or --path",
            Self::NotProvable(
                umbra_prover::ProveError::Witness(
                    umbra_prover::witness::WitnessError::Precompile { .. },
                )
                | umbra_prover::ProveError::Precompile { .. },
            ) => {
                "only poseidon_permute (BN254, width 3), sha3_256, keccak256, \
                 pedersen_commit (Grumpkin, secp256k1), bip340_verify, \
                 tecdsa_feldman_verify, tecdsa_sigshare_verify and ed25519_verify (messages \
                 of up to 175 bytes) have circuit kinds so far (issue #15); \
                 `umbra run` executes the guest"
            }
            Self::UnknownProgram(_) => "name the program: umbra verify PROOF <EXAMPLE | ELF>",
            _ => return None,
        })
    }

    /// Process status: 2 for a problem with the command or its files, 3 when the VM stopped
    /// the guest with an error (1 is a guest that halted with a non-zero exit code).
    /// `umbra verify` exits with 1 when the proof is rejected or malformed.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Vm(..) | Self::NotProvable(_) => 3,
            Self::Rejected(_) | Self::BadProofFile(..) => 1,
            _ => 2,
        }
    }
}
