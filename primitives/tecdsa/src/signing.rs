//! GG20 signature shares with identifiable abort, and their combination.
//!
//! After GG20's offline phase the signers share `R = k⁻¹·G` (`k = Σ kᵢ`),
//! `r = x(R) mod n`, and each party `i` publishes `R̄ᵢ = kᵢ·R`,
//! `Sᵢ = σᵢ·R` (`Σ σᵢ = k·x`) and, in phase 7, its signature share
//! `sᵢ = m·kᵢ + r·σᵢ`. A verifier checks
//!
//! ```text
//! sᵢ·R == m·R̄ᵢ + r·Sᵢ     for every i   (blames exactly the failing parties)
//! Σ R̄ᵢ == G                               (k·k⁻¹·G)
//! Σ Sᵢ == Y                               (k·x·k⁻¹·G)
//! ```
//!
//! and combines `s = Σ sᵢ = k·(m + r·x)`, a standard ECDSA signature
//! `(r, s)` for nonce point `R`, normalised to low `s` (flipping the
//! recovery id's parity bit when `s` is negated).

use k256::{
    AffinePoint, FieldBytes, ProjectivePoint, Scalar,
    ecdsa::{RecoveryId, Signature},
    elliptic_curve::{
        group::{CurveAffine, Group},
        ops::Reduce,
        point::AffineCoordinates,
        scalar::IsHigh,
    },
};

use crate::{Error, check_indices};

/// The public context of one signing session.
#[derive(Clone, Copy, Debug)]
pub struct SigningContext {
    /// The nonce point `R = k⁻¹·G`.
    pub nonce_point: AffinePoint,
    /// The message scalar `m` (see [`crate::ecdsa::message_scalar`]).
    pub message: Scalar,
    /// The group public key `Y`.
    pub group_key: ProjectivePoint,
}

impl SigningContext {
    /// `r = x(R) mod n`; `R = O` or `r = 0` is [`Error::InvalidNonce`].
    pub fn r(&self) -> Result<Scalar, Error> {
        if bool::from(self.nonce_point.is_identity()) {
            return Err(Error::InvalidNonce);
        }
        let r = <Scalar as Reduce<FieldBytes>>::reduce(&self.nonce_point.x());
        if bool::from(r.is_zero()) {
            return Err(Error::InvalidNonce);
        }
        Ok(r)
    }
}

/// One party's published values for phase 7.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureShare {
    /// The party's index (non-zero).
    pub index: u16,
    /// `R̄ᵢ = kᵢ·R`.
    pub nonce_share: ProjectivePoint,
    /// `Sᵢ = σᵢ·R`.
    pub key_share: ProjectivePoint,
    /// `sᵢ = m·kᵢ + r·σᵢ`.
    pub s: Scalar,
}

/// Checks one share's equation `sᵢ·R == m·R̄ᵢ + r·Sᵢ` (variable time).
pub fn verify_share_equation(ctx: &SigningContext, share: &SignatureShare) -> Result<(), Error> {
    use k256::elliptic_curve::ops::{LinearCombination, MulVartime};
    let r = ctx.r()?;
    let lhs = ProjectivePoint::from(ctx.nonce_point).mul_vartime(&share.s);
    let rhs =
        ProjectivePoint::lincomb_vartime(&[(share.nonce_share, ctx.message), (share.key_share, r)]);
    if lhs == rhs {
        Ok(())
    } else {
        Err(Error::InvalidShare(share.index))
    }
}

/// Verifies all signature shares of a session with identifiable abort.
///
/// Order of checks: indices (non-zero, distinct, at least one share), the
/// nonce point, then every share's equation: if any fail,
/// [`Error::Blame`] lists **every** failing party. Only if all equations
/// hold are the aggregate checks run: `Σ R̄ᵢ ≠ G` is
/// [`Error::NonceSumMismatch`], `Σ Sᵢ ≠ Y` is [`Error::KeySumMismatch`]
/// (consistent per-party values with wrong sums cannot be pinned on one
/// party without the protocol's zero-knowledge proofs).
#[cfg(feature = "alloc")]
pub fn verify_signature_shares(
    ctx: &SigningContext,
    shares: &[SignatureShare],
) -> Result<(), Error> {
    if shares.is_empty() {
        return Err(Error::Empty);
    }
    check_indices(shares.iter().map(|s| s.index))?;
    ctx.r()?;
    let blamed: alloc::vec::Vec<u16> = shares
        .iter()
        .filter(|s| verify_share_equation(ctx, s).is_err())
        .map(|s| s.index)
        .collect();
    if !blamed.is_empty() {
        return Err(Error::Blame(blamed));
    }
    check_sums(ctx, shares)
}

/// The aggregate checks `Σ R̄ᵢ == G` and `Σ Sᵢ == Y`.
pub fn check_sums(ctx: &SigningContext, shares: &[SignatureShare]) -> Result<(), Error> {
    let nonce_sum: ProjectivePoint = shares.iter().map(|s| s.nonce_share).sum();
    if nonce_sum != ProjectivePoint::generator() {
        return Err(Error::NonceSumMismatch);
    }
    let key_sum: ProjectivePoint = shares.iter().map(|s| s.key_share).sum();
    if key_sum != ctx.group_key {
        return Err(Error::KeySumMismatch);
    }
    Ok(())
}

/// Combines verified shares: `s = Σ sᵢ`, normalised to `s ≤ n/2`, as a
/// standard ECDSA signature with its recovery id (`y` parity of `R`, flipped
/// if `s` was negated; and whether `x(R) ≥ n`). Call
/// [`verify_signature_shares`] first; this only sums.
pub fn combine(
    ctx: &SigningContext,
    shares: &[SignatureShare],
) -> Result<(Signature, RecoveryId), Error> {
    if shares.is_empty() {
        return Err(Error::Empty);
    }
    check_indices(shares.iter().map(|s| s.index))?;
    let r = ctx.r()?;
    let s: Scalar = shares.iter().map(|share| share.s).sum();
    if bool::from(s.is_zero()) {
        return Err(Error::ZeroSignature);
    }
    let high = bool::from(s.is_high());
    let s = if high { -s } else { s };
    let y_odd = bool::from(ctx.nonce_point.y_is_odd()) != high;
    let x_bytes = ctx.nonce_point.x();
    let x_reduced = x_bytes.as_slice() != r.to_bytes().as_slice();
    let sig =
        Signature::from_scalars(r.to_bytes(), s.to_bytes()).map_err(|_| Error::ZeroSignature)?;
    Ok((sig, RecoveryId::new(y_odd, x_reduced)))
}
