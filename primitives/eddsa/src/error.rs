//! Typed errors for key, signature and verification failures.

use core::fmt;

/// Why an Ed25519 operation rejected its input.
///
/// Every malformed input maps to one variant; nothing in this crate panics on
/// attacker-controlled bytes. The [`signature::Verifier`] implementations
/// collapse these into the opaque [`signature::Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// A byte slice had the wrong length (keys are 32 bytes, signatures 64).
    InvalidLength,
    /// The Ed25519ctx / Ed25519ph context is longer than 255 bytes.
    ContextTooLong,
    /// Ed25519ctx was called with an empty context (RFC 8032 §5.1: it SHOULD
    /// NOT be empty; use plain Ed25519 instead).
    EmptyContext,
    /// The public key A is not the encoding of any curve point.
    InvalidPublicKey,
    /// The public key A decodes, but its encoding is not canonical
    /// (y ≥ p, or x = 0 with the sign bit set).
    NonCanonicalPublicKey,
    /// The public key A has small order (it lies in the 8-torsion subgroup).
    SmallOrderPublicKey,
    /// R (the first half of the signature) is not the encoding of any curve point.
    InvalidR,
    /// R decodes, but its encoding is not canonical.
    NonCanonicalR,
    /// R has small order.
    SmallOrderR,
    /// S (the second half of the signature) is not reduced: S ≥ ℓ (this
    /// includes every S with any of its top three bits set).
    NonCanonicalS,
    /// The encodings are acceptable but the verification equation does not hold.
    InvalidSignature,
    /// A batch did not verify: at least one member does not pass
    /// `verify_zip215` (`batch::find_invalid` names them).
    BatchInvalid,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::InvalidLength => "wrong input length",
            Error::ContextTooLong => "context longer than 255 bytes",
            Error::EmptyContext => "empty context for Ed25519ctx",
            Error::InvalidPublicKey => "public key is not a curve point",
            Error::NonCanonicalPublicKey => "public key encoding is not canonical",
            Error::SmallOrderPublicKey => "public key has small order",
            Error::InvalidR => "signature R is not a curve point",
            Error::NonCanonicalR => "signature R encoding is not canonical",
            Error::SmallOrderR => "signature R has small order",
            Error::NonCanonicalS => "signature S is not reduced modulo the group order",
            Error::InvalidSignature => "verification equation does not hold",
            Error::BatchInvalid => "batch contains an invalid signature",
        })
    }
}

impl core::error::Error for Error {}

impl From<Error> for signature::Error {
    fn from(_: Error) -> Self {
        signature::Error::new()
    }
}
