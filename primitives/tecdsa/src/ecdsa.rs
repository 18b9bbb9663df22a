//! The final ECDSA verification path for combined threshold signatures.
//!
//! Standard ECDSA over secp256k1 on a 32-byte message hash `z`:
//! `w = s⁻¹`, `R' = (z·w)·G + (r·w)·Y`, accept iff `R' ≠ O` and
//! `x(R') mod n == r`. Signatures are `k256::ecdsa::Signature` (so `r` and
//! `s` are already in `[1, n−1]`); [`verify_prehash_low_s`] additionally
//! requires `s ≤ n/2` (Bitcoin's rule, the form [`crate::signing::combine`]
//! produces). Tested against Wycheproof's `ecdsa_secp256k1_sha256` and its
//! `bitcoin` low-s variant.

use k256::{
    FieldBytes, ProjectivePoint, Scalar,
    ecdsa::Signature,
    elliptic_curve::{
        BatchNormalize,
        group::{CurveAffine, Group},
        ops::Reduce,
        point::AffineCoordinates,
        scalar::IsHigh,
    },
};

use crate::Error;

/// `z = int(prehash) mod n` for a 32-byte hash (bits2int for SHA-256).
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
    if bool::from(signature.s().is_high()) {
        return Err(Error::HighS);
    }
    verify_prehash(key, prehash, signature)
}

/// Parses a DER signature (strict DER via `k256`) and verifies it with
/// [`verify_prehash`].
pub fn verify_der(key: &ProjectivePoint, prehash: &[u8; 32], der: &[u8]) -> Result<(), Error> {
    let signature = Signature::from_der(der).map_err(|_| Error::InvalidEncoding)?;
    verify_prehash(key, prehash, &signature)
}

/// Parses a SEC1 public key (compressed or uncompressed) strictly; the
/// identity is rejected.
pub fn parse_public_key(sec1: &[u8]) -> Result<ProjectivePoint, Error> {
    let key = k256::PublicKey::from_sec1_bytes(sec1).map_err(|_| Error::InvalidEncoding)?;
    Ok(key.to_projective())
}
