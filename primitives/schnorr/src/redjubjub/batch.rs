//! Batch verification of RedJubjub signatures (protocol specification
//! §B.1, `RedDSA.BatchValidate`), in the workspace's one batch shape
//! (`docs/api.md`): [`BatchItem`], [`verify_batch`] (weights from a caller's
//! RNG), [`verify_batch_deterministic`] (weights from a hash of the batch)
//! and [`find_invalid`] (blame). With 128-bit weights `z_i`,
//!
//! `[8]( −[Σ z_i·S_i]B_SpendAuth − [Σ z_j·S_j]B_Binding + Σ [z_i]R_i + Σ [z_i·c_i]vk_i ) = O`,
//!
//! one multi-scalar multiplication for any mix of [`SpendAuth`] and
//! [`Binding`] signatures. A batch is accepted iff every item passes
//! [`VerificationKey::verify`], except with probability about 2⁻¹²⁸ over the
//! weights. Public data: variable time.

use alloc::vec::Vec;
use core::any::TypeId;

use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ed_on_bls12_381::{EdwardsAffine, EdwardsProjective, Fr};
use ark_ff::{BigInt, PrimeField, Zero};
use rand_core::CryptoRng;

use super::{
    Binding, Error, SigType, Signature, SpendAuth, VerificationKey, decode_affine, h_star,
    scalar_from_bytes_vartime,
};

/// BLAKE2b personalisation of the deterministic batch seed.
const BATCH_SEED_PERSONALIZATION: &[u8; 16] = b"Umbra_RJBatchSed";
/// BLAKE2b personalisation of the deterministic per-item weights.
const BATCH_WEIGHT_PERSONALIZATION: &[u8; 16] = b"Umbra_RJBatchWgt";

/// One signature to batch-verify: key, message, signature and which
/// basepoint it uses (so [`SpendAuth`] and [`Binding`] items mix in one
/// batch).
#[derive(Clone, Copy, Debug)]
pub struct BatchItem<'a> {
    vk: [u8; 32],
    msg: &'a [u8],
    sig: [u8; 64],
    spend_auth: bool,
}

impl<'a> BatchItem<'a> {
    /// An item of either parameterisation: `sig` on `msg` under `vk`.
    #[must_use]
    pub fn new<T: SigType>(vk: &VerificationKey<T>, msg: &'a [u8], sig: &Signature<T>) -> Self {
        Self {
            vk: vk.to_bytes(),
            msg,
            sig: sig.to_bytes(),
            spend_auth: TypeId::of::<T>() == TypeId::of::<SpendAuth>(),
        }
    }

    /// A [`SpendAuth`] item ([`Self::new`] with the type spelled out).
    #[must_use]
    pub fn spend_auth(
        vk: &VerificationKey<SpendAuth>,
        msg: &'a [u8],
        sig: &Signature<SpendAuth>,
    ) -> Self {
        Self::new(vk, msg, sig)
    }

    /// A [`Binding`] item ([`Self::new`] with the type spelled out).
    #[must_use]
    pub fn binding(vk: &VerificationKey<Binding>, msg: &'a [u8], sig: &Signature<Binding>) -> Self {
        Self::new(vk, msg, sig)
    }

    /// Single verification of this item.
    fn verify_single(&self) -> Result<(), Error> {
        let sig_bytes = &self.sig;
        if self.spend_auth {
            VerificationKey::<SpendAuth>::from_bytes(&self.vk)?
                .verify(self.msg, &Signature::from_bytes(sig_bytes))
        } else {
            VerificationKey::<Binding>::from_bytes(&self.vk)?
                .verify(self.msg, &Signature::from_bytes(sig_bytes))
        }
    }
}

impl<'a, T: SigType> From<(&VerificationKey<T>, &'a [u8], &Signature<T>)> for BatchItem<'a> {
    fn from((vk, msg, sig): (&VerificationKey<T>, &'a [u8], &Signature<T>)) -> Self {
        Self::new(vk, msg, sig)
    }
}

/// Verifies every item at once with 128-bit weights drawn from `rng`.
///
/// `Ok(())` iff each item would pass single verification, except with
/// probability about 2⁻¹²⁸ over the weights; an empty batch is valid. Any
/// failure, a malformed item included, is [`Error::BatchInvalid`];
/// [`find_invalid`] names the bad items.
///
/// `rng` must be a rand_core 0.10 [`CryptoRng`] whose output the author of
/// the items cannot predict (with predictable weights an invalid batch can
/// be made to pass). Without an RNG, use [`verify_batch_deterministic`].
pub fn verify_batch<R: CryptoRng + ?Sized>(
    rng: &mut R,
    items: &[BatchItem<'_>],
) -> Result<(), Error> {
    verify_with_weights(items, |_| {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        u128::from_le_bytes(bytes)
    })
}

/// [`verify_batch`] without an RNG: the weights are derived from a hash of
/// the whole batch.
///
/// Security: BLAKE2b-256 personalised `Umbra_RJBatchSed` over the number of
/// items and every item's parameterisation, key, signature and
/// length-prefixed message gives a seed; weight `i` is the first 128 bits of
/// BLAKE2b-256 personalised `Umbra_RJBatchWgt` of the seed and `i`. Every
/// weight depends on every item, so whoever chooses the items must fix all
/// of them before any weight is known, and changing any item re-draws all
/// weights. A batch with an invalid item passes only if a weight hits one
/// value out of 2¹²⁸: modelling BLAKE2b as a random oracle, `q` attempts
/// succeed with probability about `q·2⁻¹²⁸`. The result agrees with
/// [`verify_batch`] except with that probability. Use it where no RNG exists
/// (a zkVM guest) or where the verdict must be reproducible.
pub fn verify_batch_deterministic(items: &[BatchItem<'_>]) -> Result<(), Error> {
    let seed = batch_seed(items);
    verify_with_weights(items, |i| {
        let digest = blake2b_simd::Params::new()
            .hash_length(32)
            .personal(BATCH_WEIGHT_PERSONALIZATION)
            .to_state()
            .update(&seed)
            .update(&(i as u64).to_le_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest.as_bytes()[..16]);
        u128::from_le_bytes(bytes)
    })
}

/// Verifies each item singly and returns the index (input order) and error
/// of every item that fails. Empty iff every item is valid.
#[must_use]
pub fn find_invalid(items: &[BatchItem<'_>]) -> Vec<(usize, Error)> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| item.verify_single().err().map(|e| (i, e)))
        .collect()
}

/// The hash of the whole batch that seeds the deterministic weights.
fn batch_seed(items: &[BatchItem<'_>]) -> [u8; 32] {
    let mut state = blake2b_simd::Params::new()
        .hash_length(32)
        .personal(BATCH_SEED_PERSONALIZATION)
        .to_state();
    state.update(&(items.len() as u64).to_le_bytes());
    for item in items {
        state.update(&[u8::from(item.spend_auth)]);
        state.update(&item.vk);
        state.update(&item.sig);
        state.update(&(item.msg.len() as u64).to_le_bytes());
        state.update(item.msg);
    }
    let mut seed = [0u8; 32];
    seed.copy_from_slice(state.finalize().as_bytes());
    seed
}

/// The batch equation with weights `z_i = weight(i)` (a zero weight is
/// replaced by 1 so that no item drops out).
fn verify_with_weights(
    items: &[BatchItem<'_>],
    mut weight: impl FnMut(usize) -> u128,
) -> Result<(), Error> {
    let mut bases: Vec<EdwardsAffine> = Vec::with_capacity(2 * items.len() + 2);
    let mut scalars: Vec<Fr> = Vec::with_capacity(2 * items.len() + 2);
    let mut spend_auth_coeff = Fr::zero();
    let mut binding_coeff = Fr::zero();
    for (i, item) in items.iter().enumerate() {
        let vk = decode_affine(&item.vk).ok_or(Error::BatchInvalid)?;
        let mut r_bytes = [0u8; 32];
        let mut s_bytes = [0u8; 32];
        r_bytes.copy_from_slice(&item.sig[..32]);
        s_bytes.copy_from_slice(&item.sig[32..]);
        let r = decode_affine(&r_bytes).ok_or(Error::BatchInvalid)?;
        let s = scalar_from_bytes_vartime(&s_bytes).ok_or(Error::BatchInvalid)?;
        let c = h_star(&[&r_bytes, &item.vk, item.msg]);
        let w = weight(i).max(1);
        let z = Fr::from_bigint(BigInt::new([w as u64, (w >> 64) as u64, 0, 0]))
            .ok_or(Error::BatchInvalid)?;
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
    let sum = EdwardsProjective::msm(&bases, &scalars).map_err(|_| Error::BatchInvalid)?;
    if sum.into_affine().mul_by_cofactor_to_group().is_zero() {
        Ok(())
    } else {
        Err(Error::BatchInvalid)
    }
}
