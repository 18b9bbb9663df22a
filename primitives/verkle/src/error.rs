//! Typed errors for every parse and verification path.

use core::fmt;

/// Why a 32-byte string is not a valid group element or scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodingError {
    /// The integer is not below the field modulus.
    NonCanonical,
    /// `1 - a x^2` is not a square: the point is outside the Banderwagon subgroup.
    NotInSubgroup,
    /// No curve point has this x-coordinate.
    NotOnCurve,
}

impl fmt::Display for EncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NonCanonical => "non-canonical field element",
            Self::NotInSubgroup => "point not in the Banderwagon subgroup",
            Self::NotOnCurve => "no curve point with this x-coordinate",
        })
    }
}

/// Why a proof was rejected (malformed bytes or a failed check).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProofError {
    /// The byte string has the wrong length for the claimed contents.
    Length,
    /// A point or scalar in the proof is not canonically encoded.
    Encoding(EncodingError),
    /// A header field (status, depth, count) is out of range.
    Malformed,
    /// The proof does not match the keys it is checked against.
    Inconsistent,
    /// An input is out of range (e.g. an evaluation point, a vector length).
    BadInput,
    /// The cryptographic check failed.
    Invalid,
}

impl From<EncodingError> for ProofError {
    fn from(e: EncodingError) -> Self {
        Self::Encoding(e)
    }
}

impl fmt::Display for ProofError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length => f.write_str("proof has the wrong length"),
            Self::Encoding(e) => write!(f, "bad encoding in proof: {e}"),
            Self::Malformed => f.write_str("malformed proof header"),
            Self::Inconsistent => f.write_str("proof inconsistent with the queried keys"),
            Self::BadInput => f.write_str("input out of range"),
            Self::Invalid => f.write_str("proof does not verify"),
        }
    }
}

impl core::error::Error for EncodingError {}
impl core::error::Error for ProofError {}
