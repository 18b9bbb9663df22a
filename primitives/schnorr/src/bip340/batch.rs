//! BIP-340 batch verification.
//!
//! For signatures `(Pᵢ, mᵢ, rᵢ, sᵢ)`, `i = 1..u`, with `eᵢ` the challenges and
//! `Rᵢ = lift_x(rᵢ)`, pick `a₁ = 1` and random 128-bit `a₂..a_u`, and accept
//! iff
//!
//! ```text
//! (Σ aᵢ·sᵢ)·G − Σ aᵢ·Rᵢ − Σ (aᵢ·eᵢ)·Pᵢ = O
//! ```
//!
//! evaluated with one multi-scalar multiplication. If every signature is
//! valid this holds; if any is invalid it fails except with probability about
//! 2⁻¹²⁸ over the coefficients. Single verification accepts `(P, m, r, s)`
//! iff `s·G − e·P` equals `lift_x(r)`, so the two agree.

use alloc::vec::Vec;

use k256::{
    AffinePoint, FieldBytes, ProjectivePoint, Scalar, elliptic_curve::point::DecompactPoint,
};
use rand_core::CryptoRng;
use umbra_secp256k1_msm::msm_with_generator_vartime;

use super::{Error, Signature, VerifyingKey, challenge};

/// Verifies every `(key, message, signature)` at once (BIP-340 batch
/// verification with 128-bit coefficients from `rng`). Returns `Ok(())` iff
/// each one would pass [`VerifyingKey::verify_raw`] (up to the 2⁻¹²⁸ error
/// of the randomisation); an empty batch is valid. The failure does not say
/// which signature is bad: verify singly to find out.
pub fn verify_batch<R: CryptoRng + ?Sized>(
    rng: &mut R,
    items: &[(&VerifyingKey, &[u8], &Signature)],
) -> Result<(), Error> {
    if items.len() == 1 {
        let (key, msg, sig) = items[0];
        return key.verify_raw(msg, sig).map_err(|_| Error::BatchInvalid);
    }
    let mut g_scalar = Scalar::ZERO;
    let mut scalars = Vec::with_capacity(2 * items.len());
    let mut points = Vec::with_capacity(2 * items.len());
    for (i, (key, msg, sig)) in items.iter().enumerate() {
        let a = if i == 0 {
            Scalar::ONE
        } else {
            let mut bytes = [0u8; 16];
            rng.fill_bytes(&mut bytes);
            Scalar::from(u128::from_le_bytes(bytes) | 1)
        };
        let r =
            Option::<AffinePoint>::from(AffinePoint::decompact(&FieldBytes::from(sig.r_bytes())))
                .ok_or(Error::BatchInvalid)?;
        let e = challenge(&sig.r_bytes(), &key.to_bytes(), msg);
        g_scalar += a * sig.s();
        scalars.push(-a);
        points.push(ProjectivePoint::from(r));
        scalars.push(-(a * e));
        points.push(ProjectivePoint::from(*key.as_affine()));
    }
    let sum = msm_with_generator_vartime(&g_scalar, &scalars, &points);
    if sum == ProjectivePoint::IDENTITY {
        Ok(())
    } else {
        Err(Error::BatchInvalid)
    }
}
