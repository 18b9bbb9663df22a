//! Batch verification of RedJubjub signatures (protocol specification
//! §B.1, `RedDSA.BatchValidate`): with random 128-bit `z_i`,
//!
//! `[8]( −[Σ z_i·S_i]B_SpendAuth − [Σ z_j·S_j]B_Binding + Σ [z_i]R_i + Σ [z_i·c_i]vk_i ) = O`,
//!
//! one multi-scalar multiplication for any mix of [`SpendAuth`] and
//! [`Binding`] signatures. Public data: variable time.

use alloc::vec::Vec;

use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ed_on_bls12_381::{EdwardsAffine, EdwardsProjective, Fr};
use ark_ff::{BigInt, PrimeField, Zero};
use rand_core::CryptoRng;

use super::{
    Binding, Error, SigType, Signature, SpendAuth, VerificationKey, decode_affine, h_star,
    scalar_from_bytes_vartime,
};

/// One signature to batch-verify: key, message, signature and which
/// basepoint it uses.
#[derive(Clone, Debug)]
pub struct BatchItem<'a> {
    vk: [u8; 32],
    msg: &'a [u8],
    sig: [u8; 64],
    spend_auth: bool,
}

impl<'a> BatchItem<'a> {
    /// A [`SpendAuth`] signature.
    pub fn spend_auth(
        vk: &VerificationKey<SpendAuth>,
        msg: &'a [u8],
        sig: &Signature<SpendAuth>,
    ) -> Self {
        Self {
            vk: vk.to_bytes(),
            msg,
            sig: sig.to_bytes(),
            spend_auth: true,
        }
    }

    /// A [`Binding`] signature.
    pub fn binding(vk: &VerificationKey<Binding>, msg: &'a [u8], sig: &Signature<Binding>) -> Self {
        Self {
            vk: vk.to_bytes(),
            msg,
            sig: sig.to_bytes(),
            spend_auth: false,
        }
    }
}

/// Verifies every item at once. `Ok(())` iff (except with probability about
/// 2^-128 over `rng`) each item would pass single verification; a batch
/// failure does not say which item failed. An empty batch verifies.
pub fn verify_batch<R: CryptoRng + ?Sized>(
    rng: &mut R,
    items: &[BatchItem<'_>],
) -> Result<(), Error> {
    let mut bases: Vec<EdwardsAffine> = Vec::with_capacity(2 * items.len() + 2);
    let mut scalars: Vec<Fr> = Vec::with_capacity(2 * items.len() + 2);
    let mut spend_auth_coeff = Fr::zero();
    let mut binding_coeff = Fr::zero();
    for item in items {
        let vk = decode_affine(&item.vk).ok_or(Error::MalformedVerificationKey)?;
        let mut r_bytes = [0u8; 32];
        let mut s_bytes = [0u8; 32];
        r_bytes.copy_from_slice(&item.sig[..32]);
        s_bytes.copy_from_slice(&item.sig[32..]);
        let r = decode_affine(&r_bytes).ok_or(Error::MalformedR)?;
        let s = scalar_from_bytes_vartime(&s_bytes).ok_or(Error::NonCanonicalS)?;
        let c = h_star(&[&r_bytes, &item.vk, item.msg]);
        let z = Fr::from_bigint(BigInt::new([rng.next_u64(), rng.next_u64(), 0, 0]))
            .unwrap_or_else(Fr::zero);
        if item.spend_auth {
            spend_auth_coeff -= z * s;
        } else {
            binding_coeff -= z * s;
        }
        bases.push(r);
        scalars.push(z);
        bases.push(vk);
        scalars.push(z * c);
    }
    bases.push(SpendAuth::BASEPOINT);
    scalars.push(spend_auth_coeff);
    bases.push(Binding::BASEPOINT);
    scalars.push(binding_coeff);
    let sum = EdwardsProjective::msm(&bases, &scalars).map_err(|_| Error::InvalidSignature)?;
    if sum.into_affine().mul_by_cofactor_to_group().is_zero() {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}
