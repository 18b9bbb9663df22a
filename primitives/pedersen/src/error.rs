//! The crate's one error type.

use core::fmt;

/// Why a commitment operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An encoding has the wrong number of bytes (each group's
    /// `PointBytes` has its length: 32, or 33 for secp256k1).
    InvalidLength,
    /// The bytes are not the canonical encoding of a group element.
    InvalidPoint,
    /// The bytes are not a canonical scalar (value ≥ group order).
    NonCanonicalScalar,
    /// A vector commitment has more values than there are generators.
    TooManyValues {
        /// Generators available.
        generators: usize,
        /// Values given.
        values: usize,
    },
    /// The opening does not open this commitment.
    OpeningMismatch,
    /// Inputs minus outputs minus fee is not a commitment to zero under the
    /// given excess blinding factor.
    Unbalanced,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidLength => f.write_str("encoding has the wrong length"),
            Self::InvalidPoint => f.write_str("not a valid group element encoding"),
            Self::NonCanonicalScalar => f.write_str("scalar is not canonical"),
            Self::TooManyValues { generators, values } => {
                write!(f, "{values} values but only {generators} generators")
            }
            Self::OpeningMismatch => f.write_str("opening does not match the commitment"),
            Self::Unbalanced => f.write_str("commitments do not balance"),
        }
    }
}

impl core::error::Error for Error {}
