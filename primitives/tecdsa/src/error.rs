//! The crate's error type.

use core::fmt;

/// Why a share, a set of shares or a signature was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A party index is 0.
    ZeroIndex,
    /// A party index appears twice.
    DuplicateIndex(u16),
    /// The commitment vector does not have `degree + 1` entries.
    WrongDegree {
        /// `degree + 1`.
        expected: usize,
        /// What was given.
        got: usize,
    },
    /// The share of this party does not match the commitments.
    InvalidShare(u16),
    /// A batch of shares did not verify (use the single checks to blame).
    BatchInvalid,
    /// Fewer shares than `min_signers = degree + 1`.
    NotEnoughShares {
        /// `degree + 1`.
        needed: usize,
        /// What was given.
        got: usize,
    },
    /// Interpolating the public shares at 0 does not give the group key.
    GroupKeyMismatch,
    /// This party's public share is off the polynomial the others define.
    InconsistentShare(u16),
    /// `Σ R̄ᵢ ≠ G`: the nonce shares do not match `R` (not attributable to
    /// one party without further proofs).
    NonceSumMismatch,
    /// `Σ Sᵢ ≠ Y`: the key-times-nonce shares do not match the group key.
    KeySumMismatch,
    /// The listed parties' contributions fail their checks (identifiable
    /// abort: every failing party, in input order).
    #[cfg(feature = "alloc")]
    Blame(alloc::vec::Vec<u16>),
    /// `R` is the point at infinity or `r = x(R) mod n` is zero.
    InvalidNonce,
    /// The combined `s` is zero.
    ZeroSignature,
    /// No input was given.
    Empty,
    /// The party is not in the given index set.
    UnknownIndex(u16),
    /// A byte string is not a canonical encoding.
    InvalidEncoding,
    /// The ECDSA signature does not verify.
    InvalidSignature,
    /// `s > n/2` where low-s is required.
    HighS,
    /// A byte string has the wrong length (scalars are 32 bytes, raw
    /// signatures `r ‖ s` 64).
    InvalidLength,
    /// A 32-byte scalar encoding is not below the group order `n` (it is not
    /// reduced; nothing here reduces silently).
    ScalarOutOfRange,
    /// A signature's `r` or `s` is zero.
    ZeroScalar,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroIndex => f.write_str("party index 0"),
            Self::DuplicateIndex(i) => write!(f, "duplicate party index {i}"),
            Self::WrongDegree { expected, got } => {
                write!(f, "expected {expected} commitments, got {got}")
            }
            Self::InvalidShare(i) => write!(f, "share of party {i} does not match the commitments"),
            Self::BatchInvalid => f.write_str("batch of shares is invalid"),
            Self::NotEnoughShares { needed, got } => {
                write!(f, "need {needed} shares, got {got}")
            }
            Self::GroupKeyMismatch => {
                f.write_str("public shares do not interpolate to the group key")
            }
            Self::InconsistentShare(i) => write!(f, "public share of party {i} is inconsistent"),
            Self::NonceSumMismatch => f.write_str("nonce shares do not sum to the generator"),
            Self::KeySumMismatch => f.write_str("key shares do not sum to the group key"),
            #[cfg(feature = "alloc")]
            Self::Blame(parties) => write!(f, "invalid contributions from parties {parties:?}"),
            Self::InvalidNonce => f.write_str("invalid nonce point"),
            Self::ZeroSignature => f.write_str("combined s is zero"),
            Self::Empty => f.write_str("no input"),
            Self::UnknownIndex(i) => write!(f, "party {i} is not in the index set"),
            Self::InvalidEncoding => f.write_str("invalid encoding"),
            Self::InvalidSignature => f.write_str("invalid signature"),
            Self::HighS => f.write_str("s is not low"),
            Self::InvalidLength => f.write_str("invalid length"),
            Self::ScalarOutOfRange => f.write_str("scalar is not below the group order n"),
            Self::ZeroScalar => f.write_str("signature r or s is zero"),
        }
    }
}

impl core::error::Error for Error {}
