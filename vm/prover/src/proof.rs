//! The proof of an execution and its file format.
//!
//! ```text
//! magic     8 bytes  "UMBRAPRF"
//! version   u16 LE   PROOF_VERSION
//! k         u32 LE   instructions per fold
//! kinds     u32 LE   the step kinds of the parameters (KindSet bits: the CPU, the fixed
//!                    tables' kind and the precompile kinds the execution uses)
//! program  32 bytes  program id the prover claims (the verifier recomputes it from the ELF)
//! exit      u32 LE   exit code
//! halt_clk  u64 LE   clock of the halting slot
//! journal   u32 LE length (≤ MAX_JOURNAL) ‖ bytes
//! advice    u64 LE length ‖ BusAdvice encoding
//! ivc       u64 LE length ‖ umbra-folding NivcProof encoding (every kind of the set)
//! ```
//!
//! Every length is checked against the bytes that remain before anything is allocated, the
//! sections must be consumed exactly and nothing may follow the last one.

use umbra_folding::nivc::NivcProof;

use crate::advice::{AdviceError, BusAdvice};
use crate::params::{Claim, KindSet};

/// The file magic.
pub const PROOF_MAGIC: [u8; 8] = *b"UMBRAPRF";

/// The format version this crate writes and reads (4: the fixed tables' multiplicities
/// left the bus advice for a fold of their own).
pub const PROOF_VERSION: u16 = 4;

/// A proof that a program, run on some private input, halted with the claimed exit code
/// and journal.
///
/// **Not zero-knowledge and not succinct in this version**: it carries the folded
/// instances with their witnesses (about 100 bytes per constraint of the augmented circuit)
/// and the bus advice in the clear (the final memory, the program tables' multiplicities,
/// the private bytes the guest read and their count). The Groth16 decider (issue #16) replaces both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    /// The program id the prover claims (informative: the verifier recomputes it).
    pub program_id: [u8; 32],
    /// The public claim (exit code, journal, `k`, halt clock).
    pub claim: Claim,
    /// The step kinds of the parameters ([`KindSet::bits`]; always a valid set in a decoded
    /// proof).
    pub kinds: u32,
    /// The decider's side of the bus (sent in the clear in this version).
    pub advice: BusAdvice,
    /// The non-uniform folding proof of the CPU steps and the precompile calls.
    pub ivc: NivcProof,
}

/// Why proof bytes were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofFormatError {
    /// The file does not start with [`PROOF_MAGIC`].
    BadMagic,
    /// A version this build cannot read.
    UnsupportedVersion(u16),
    /// The bytes end inside a field or section.
    Truncated,
    /// Bytes follow the last section, or a section has bytes left over.
    TrailingBytes,
    /// The journal is longer than the ABI allows.
    JournalTooLong(u64),
    /// The step-kind set is not one of this build's (no CPU, or an unknown kind).
    BadKinds(u32),
    /// The bus-advice section is malformed.
    Advice(AdviceError),
    /// The folding-proof section is malformed.
    Ivc(umbra_folding::Error),
}

impl core::fmt::Display for ProofFormatError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::BadMagic => f.write_str("not an Umbra proof (bad magic)"),
            Self::UnsupportedVersion(v) => write!(
                f,
                "proof format version {v}; this build reads version {PROOF_VERSION}"
            ),
            Self::Truncated => f.write_str("proof file is truncated"),
            Self::TrailingBytes => f.write_str("proof file has trailing bytes"),
            Self::JournalTooLong(n) => write!(f, "journal of {n} bytes exceeds the ABI limit"),
            Self::BadKinds(b) => write!(f, "proof file: unknown step-kind set {b:#x}"),
            Self::Advice(e) => write!(f, "proof file: {e}"),
            Self::Ivc(e) => write!(f, "proof file: folding proof: {e:?}"),
        }
    }
}

impl std::error::Error for ProofFormatError {}

impl Proof {
    /// The encoding described in the module docs.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&PROOF_MAGIC);
        out.extend_from_slice(&PROOF_VERSION.to_le_bytes());
        out.extend_from_slice(&self.claim.k.to_le_bytes());
        out.extend_from_slice(&self.kinds.to_le_bytes());
        out.extend_from_slice(&self.program_id);
        out.extend_from_slice(&self.claim.exit_code.to_le_bytes());
        out.extend_from_slice(&self.claim.halt_clk.to_le_bytes());
        out.extend_from_slice(&(self.claim.journal.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.claim.journal);
        let mut advice = Vec::new();
        self.advice.encode(&mut advice);
        out.extend_from_slice(&(advice.len() as u64).to_le_bytes());
        out.extend_from_slice(&advice);
        let ivc = self.ivc.to_bytes();
        out.extend_from_slice(&(ivc.len() as u64).to_le_bytes());
        out.extend_from_slice(&ivc);
        out
    }

    /// Decodes [`Proof::to_bytes`].
    ///
    /// # Errors
    /// [`ProofFormatError`]; never panics, and allocates only what the input holds.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofFormatError> {
        let mut r = bytes;
        if take(&mut r, 8).map_err(|_| ProofFormatError::BadMagic)? != PROOF_MAGIC {
            return Err(ProofFormatError::BadMagic);
        }
        let version = u16::from_le_bytes(arr(take(&mut r, 2)?));
        if version != PROOF_VERSION {
            return Err(ProofFormatError::UnsupportedVersion(version));
        }
        let k = u32::from_le_bytes(arr(take(&mut r, 4)?));
        let kinds = u32::from_le_bytes(arr(take(&mut r, 4)?));
        if KindSet::from_bits(kinds).is_none() {
            return Err(ProofFormatError::BadKinds(kinds));
        }
        let program_id = arr(take(&mut r, 32)?);
        let exit_code = u32::from_le_bytes(arr(take(&mut r, 4)?));
        let halt_clk = u64::from_le_bytes(arr(take(&mut r, 8)?));
        let jlen = u32::from_le_bytes(arr(take(&mut r, 4)?));
        if u64::from(jlen) > umbra_abi::limits::MAX_JOURNAL as u64 {
            return Err(ProofFormatError::JournalTooLong(u64::from(jlen)));
        }
        let journal = take(&mut r, jlen as usize)?.to_vec();
        let mut advice_bytes = section(&mut r)?;
        let advice = BusAdvice::decode(&mut advice_bytes).map_err(ProofFormatError::Advice)?;
        if !advice_bytes.is_empty() {
            return Err(ProofFormatError::TrailingBytes);
        }
        let ivc = NivcProof::from_bytes(section(&mut r)?).map_err(ProofFormatError::Ivc)?;
        if !r.is_empty() {
            return Err(ProofFormatError::TrailingBytes);
        }
        Ok(Self {
            program_id,
            claim: Claim {
                k,
                exit_code,
                journal,
                halt_clk,
            },
            kinds,
            advice,
            ivc,
        })
    }

    /// The step kinds the proof was made with (the set [`Proof::from_bytes`] validated; the
    /// CPU alone for an invalid value set by hand).
    pub fn kind_set(&self) -> KindSet {
        KindSet::from_bits(self.kinds).unwrap_or(KindSet::BASE)
    }
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Result<&'a [u8], ProofFormatError> {
    if r.len() < n {
        return Err(ProofFormatError::Truncated);
    }
    let (head, rest) = r.split_at(n);
    *r = rest;
    Ok(head)
}

fn section<'a>(r: &mut &'a [u8]) -> Result<&'a [u8], ProofFormatError> {
    let n = u64::from_le_bytes(arr(take(r, 8)?));
    let n = usize::try_from(n).map_err(|_| ProofFormatError::Truncated)?;
    take(r, n)
}

fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(b);
    out
}
