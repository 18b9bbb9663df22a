//! The final ECDSA verification path for combined threshold signatures.
//!
//! Standard ECDSA over secp256k1 on a 32-byte message hash `z`:
//! `w = s⁻¹`, `R' = (z·w)·G + (r·w)·Y`, accept iff `R' ≠ O` and
//! `x(R') mod n == r`. Signatures are `k256::ecdsa::Signature` (so `r` and
//! `s` are already in `[1, n−1]`); [`verify_prehash_low_s`] additionally
//! requires `s ≤ n/2` (Bitcoin's rule, the form [`crate::signing::combine`]
//! produces). Tested against Wycheproof's `ecdsa_secp256k1_sha256` and its
//! `bitcoin` low-s variant.
//!
//! Signatures a user supplies are parsed canonically with typed errors:
//! [`parse_raw`] (`r ‖ s`, 64 bytes) and [`parse_der`] (strict DER), each
//! with a low-s form ([`parse_raw_low_s`], [`parse_der_low_s`]); the
//! Bitcoin-style entry point is [`verify_der_low_s`].

use k256::{
    FieldBytes, ProjectivePoint, Scalar,
    ecdsa::Signature,
    elliptic_curve::{
        BatchNormalize, PrimeField,
        group::{CurveAffine, Group},
        ops::Reduce,
        point::AffineCoordinates,
        scalar::IsHigh,
    },
};

use crate::Error;

/// `z = int(prehash) mod n` for a 32-byte hash (bits2int for SHA-256).
///
/// This **reduces** on purpose: it is ECDSA's hash-to-scalar (SEC 1 §4.1.4
/// step 5), where every 32-byte digest is a valid input and `z ≥ n` happens
/// with probability about 2⁻¹²⁸. It is not a parser: to read a scalar a user
/// supplies (a share, `r`, `s`), use [`crate::parse_scalar`], which rejects
/// `≥ n`.
#[must_use]
pub fn message_scalar(prehash: &[u8; 32]) -> Scalar {
    <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(*prehash))
}

/// Verifies an ECDSA signature on a 32-byte message hash (variable time:
/// public data only). Both `s` and `n − s` are accepted.
pub fn verify_prehash(
    key: &ProjectivePoint,
    prehash: &[u8; 32],
    signature: &Signature,
) -> Result<(), Error> {
    if bool::from(key.is_identity()) {
        return Err(Error::InvalidEncoding);
    }
    let (r, s) = signature.split_scalars();
    let z = message_scalar(prehash);
    let w = Option::<Scalar>::from(s.invert_vartime()).ok_or(Error::InvalidSignature)?;
    let r_scalar: Scalar = *r;
    // The key is public: a variable-time normalisation, then the GLV/wNAF
    // double multiplication of umbra-secp256k1-msm.
    let [key_affine] = ProjectivePoint::batch_normalize_vartime(&[*key]);
    let affine =
        umbra_secp256k1_msm::double_mul_base_vartime(&(z * w), &(r_scalar * w), &key_affine);
    if bool::from(affine.is_identity()) {
        return Err(Error::InvalidSignature);
    }
    let x = <Scalar as Reduce<FieldBytes>>::reduce(&affine.x());
    if x == r_scalar {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

/// [`verify_prehash`] that also rejects `s > n/2` ([`Error::HighS`]), as
/// Bitcoin consensus does.
pub fn verify_prehash_low_s(
    key: &ProjectivePoint,
    prehash: &[u8; 32],
    signature: &Signature,
) -> Result<(), Error> {
    verify_prehash(key, prehash, &require_low_s(*signature)?)
}

/// Parses a DER signature (strict DER via `k256`) and verifies it with
/// [`verify_prehash`] (either `s`).
pub fn verify_der(key: &ProjectivePoint, prehash: &[u8; 32], der: &[u8]) -> Result<(), Error> {
    verify_prehash(key, prehash, &parse_der(der)?)
}

/// Parses a DER signature and verifies it with [`verify_prehash_low_s`]:
/// the Bitcoin form, `s > n/2` is [`Error::HighS`].
pub fn verify_der_low_s(
    key: &ProjectivePoint,
    prehash: &[u8; 32],
    der: &[u8],
) -> Result<(), Error> {
    verify_prehash(key, prehash, &parse_der_low_s(der)?)
}

/// Length of a raw `r ‖ s` signature.
pub const SIGNATURE_LENGTH: usize = 64;

/// Parses a raw 64-byte `r ‖ s` signature (big-endian halves), canonically:
/// [`Error::InvalidLength`] unless 64 bytes, [`Error::ScalarOutOfRange`] if
/// `r ≥ n` or `s ≥ n` (no reduction), [`Error::ZeroScalar`] if either is
/// zero. Both `s` and `n − s` are accepted; see [`parse_raw_low_s`].
///
/// ```
/// use umbra_tecdsa::{Error, ecdsa::parse_raw};
/// let mut sig = [0x22u8; 64];
/// assert!(parse_raw(&sig).is_ok());
/// sig[32..].fill(0);
/// assert_eq!(parse_raw(&sig), Err(Error::ZeroScalar));
/// assert_eq!(parse_raw(&sig[..63]), Err(Error::InvalidLength));
/// ```
pub fn parse_raw(bytes: &[u8]) -> Result<Signature, Error> {
    if bytes.len() != SIGNATURE_LENGTH {
        return Err(Error::InvalidLength);
    }
    let (r, s) = bytes.split_at(32);
    let r = crate::parse_nonzero_scalar(r)?;
    let s = crate::parse_nonzero_scalar(s)?;
    Signature::from_scalars(r.to_repr(), s.to_repr()).map_err(|_| Error::InvalidEncoding)
}

/// [`parse_raw`] that also rejects `s > n/2` ([`Error::HighS`]).
pub fn parse_raw_low_s(bytes: &[u8]) -> Result<Signature, Error> {
    require_low_s(parse_raw(bytes)?)
}

/// Parses a strict-DER signature (via `k256`): any DER error, and `r` or
/// `s` outside `[1, n − 1]`, is [`Error::InvalidEncoding`]. Both `s` and
/// `n − s` are accepted; see [`parse_der_low_s`].
pub fn parse_der(der: &[u8]) -> Result<Signature, Error> {
    Signature::from_der(der).map_err(|_| Error::InvalidEncoding)
}

/// [`parse_der`] that also rejects `s > n/2` ([`Error::HighS`]): the
/// Bitcoin (BIP-146 `LOW_S`) form.
pub fn parse_der_low_s(der: &[u8]) -> Result<Signature, Error> {
    require_low_s(parse_der(der)?)
}

fn require_low_s(signature: Signature) -> Result<Signature, Error> {
    if bool::from(signature.s().is_high()) {
        Err(Error::HighS)
    } else {
        Ok(signature)
    }
}

/// Parses a SEC1 public key (compressed or uncompressed) strictly; the
/// identity is rejected.
pub fn parse_public_key(sec1: &[u8]) -> Result<ProjectivePoint, Error> {
    let key = k256::PublicKey::from_sec1_bytes(sec1).map_err(|_| Error::InvalidEncoding)?;
    Ok(key.to_projective())
}
