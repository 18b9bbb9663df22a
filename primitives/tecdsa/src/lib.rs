//! Threshold ECDSA share verification over secp256k1.
//!
//! What "share verification" means in the threshold ECDSA protocols in use
//! (GG18/GG20, CGGMP21), as checks a party or an auditor runs on public data:
//!
//! * [`feldman`]: a dealer's (or DKG participant's) share `sᵢ` against the
//!   polynomial commitments `C₀..C_t`: `sᵢ·G == Σⱼ iʲ·Cⱼ`; many shares at once
//!   with one random linear combination.
//! * [`keyshare`]: public key shares `Xᵢ = Σⱼ iʲ·Cⱼ`, Lagrange interpolation at
//!   zero, and validation that a full set of public shares is consistent with
//!   the group key (as CGGMP21's key-share validation does).
//! * [`signing`]: GG20 phase-7 signature shares with identifiable abort, and
//!   combination into a standard low-s ECDSA signature with recovery id.
//! * [`ecdsa`]: the final ECDSA verification path (tested with Wycheproof).
//!
//! Party indices are non-zero `u16`s (index 0 would evaluate the secret
//! polynomial at the secret). Functions take the polynomial's `degree` `d`
//! (never a "threshold", which RFC 9591 and most libraries use for the number
//! of signers): `d + 1` commitments, and any `min_signers = d + 1` shares
//! reconstruct. A caller holding RFC 9591's `MIN_PARTICIPANTS` passes
//! `MIN_PARTICIPANTS − 1`, or converts with [`degree_for_min_signers`].
//!
//! Everything here checks public values and is variable-time, except where a
//! function takes a secret share (`feldman::verify_share` computes `sᵢ·G` in
//! constant time).

//!
//! ```
//! use umbra_tecdsa::k256::{ProjectivePoint, Scalar};
//! use umbra_tecdsa::{degree_for_min_signers, feldman, parse_secret_share};
//!
//! // f(x) = 5 + 7x: any 2 of the parties reconstruct (degree 1).
//! let degree = degree_for_min_signers(2).unwrap();
//! let commitments = [ProjectivePoint::GENERATOR * Scalar::from(5u64),
//!                    ProjectivePoint::GENERATOR * Scalar::from(7u64)];
//! let (i, share) = parse_secret_share(2, &Scalar::from(19u64).to_bytes()).unwrap();
//! assert!(feldman::verify_share(&commitments, degree, i, &share).is_ok());
//! ```

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod ecdsa;
mod error;
pub mod feldman;
pub mod keyshare;
pub mod signing;

pub use error::Error;
/// The secp256k1 crate whose types this crate's API takes and returns
/// (`ProjectivePoint`, `Scalar`, `ecdsa::Signature`), re-exported so that
/// users need not depend on `k256` at exactly the same version.
pub use k256;
/// Re-exported for the RNG bound of the batch functions (rand_core 0.10's
/// `CryptoRng`).
pub use rand_core;

use k256::Scalar;
use k256::elliptic_curve::PrimeField;
use subtle::ConstantTimeEq;

/// Length of an encoded scalar (secret share, nonce share, `r`, `s`).
pub const SCALAR_LENGTH: usize = 32;

/// Parses a canonical 32-byte big-endian scalar: `bytes` must be below the
/// group order `n` ([`Error::ScalarOutOfRange`] otherwise; nothing is
/// reduced) and 32 bytes long ([`Error::InvalidLength`]). Zero is accepted
/// (a share `f(i)` may be zero). Constant time in the value of `bytes`: only
/// the verdict is branched on.
///
/// ```
/// use umbra_tecdsa::{Error, parse_scalar};
/// assert!(parse_scalar(&[0x11; 32]).is_ok());
/// assert_eq!(parse_scalar(&[0xff; 32]), Err(Error::ScalarOutOfRange));
/// assert_eq!(parse_scalar(&[0x11; 31]), Err(Error::InvalidLength));
/// ```
pub fn parse_scalar(bytes: &[u8]) -> Result<Scalar, Error> {
    let array: [u8; SCALAR_LENGTH] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
    Option::<Scalar>::from(Scalar::from_repr(array.into())).ok_or(Error::ScalarOutOfRange)
}

/// Parses party `index`'s secret share `sᵢ = f(i)`: index 0 is
/// [`Error::ZeroIndex`], the share as [`parse_scalar`] (canonical, below
/// `n`, constant time in the share).
pub fn parse_secret_share(index: u16, bytes: &[u8]) -> Result<(u16, Scalar), Error> {
    index_scalar(index)?;
    Ok((index, parse_scalar(bytes)?))
}

/// Parses a canonical non-zero scalar (`1 ≤ x < n`), as `r` and `s` of a
/// signature must be: [`Error::ZeroScalar`] for zero, otherwise as
/// [`parse_scalar`].
pub fn parse_nonzero_scalar(bytes: &[u8]) -> Result<Scalar, Error> {
    let x = parse_scalar(bytes)?;
    if bool::from(x.ct_eq(&Scalar::ZERO)) {
        return Err(Error::ZeroScalar);
    }
    Ok(x)
}

/// The polynomial degree for a scheme that needs `min_signers` shares to
/// sign (RFC 9591's `MIN_PARTICIPANTS`): `min_signers − 1`, or `None` for 0.
#[must_use]
pub const fn degree_for_min_signers(min_signers: usize) -> Option<usize> {
    min_signers.checked_sub(1)
}

/// A party's index as a scalar; index 0 is rejected.
pub(crate) fn index_scalar(index: u16) -> Result<Scalar, Error> {
    if index == 0 {
        Err(Error::ZeroIndex)
    } else {
        Ok(Scalar::from(u64::from(index)))
    }
}

/// Rejects index 0 and repeated indices (public data: quadratic scan for
/// small sets, no allocation).
pub(crate) fn check_indices<I: Iterator<Item = u16> + Clone>(indices: I) -> Result<(), Error> {
    for (pos, i) in indices.clone().enumerate() {
        if i == 0 {
            return Err(Error::ZeroIndex);
        }
        if indices.clone().take(pos).any(|j| j == i) {
            return Err(Error::DuplicateIndex(i));
        }
    }
    Ok(())
}
