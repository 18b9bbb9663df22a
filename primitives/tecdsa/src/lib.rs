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
//! polynomial at the secret). A threshold `t` means polynomials of degree
//! `t`: `t + 1` commitments, any `t + 1` shares reconstruct.
//!
//! Everything here checks public values and is variable-time, except where a
//! function takes a secret share (`feldman::verify_share` computes `sᵢ·G` in
//! constant time).

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

use k256::Scalar;

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
