//! BIP-340 batch verification (feature `alloc`), in the workspace's one
//! batch shape (`docs/api.md`): [`BatchItem`], [`verify_batch`] (weights
//! from a caller's RNG), [`verify_batch_deterministic`] (weights from a hash
//! of the batch) and [`find_invalid`] (blame).
//!
//! For signatures `(Pᵢ, mᵢ, rᵢ, sᵢ)`, `i = 1..u`, with `eᵢ` the challenges and
//! `Rᵢ = lift_x(rᵢ)`, pick `a₁ = 1` and 128-bit `a₂..a_u`, and accept iff
//!
//! ```text
//! (Σ aᵢ·sᵢ)·G − Σ aᵢ·Rᵢ − Σ (aᵢ·eᵢ)·Pᵢ = O
//! ```
//!
//! evaluated with one multi-scalar multiplication. If every signature is
//! valid this holds; if any is invalid it fails except with probability about
//! 2⁻¹²⁸ over the weights. Single verification accepts `(P, m, r, s)` iff
//! `s·G − e·P` equals `lift_x(r)`, so the two agree.

use alloc::vec::Vec;

use k256::{
    AffinePoint, FieldBytes, ProjectivePoint, Scalar, elliptic_curve::point::DecompactPoint,
};
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use umbra_secp256k1_msm::msm_with_generator_vartime;

use super::{Error, Signature, VerifyingKey, challenge};

/// Domain-separation tag of the deterministic batch seed.
const TAG_BATCH_SEED: &[u8] = b"umbra/bip340/batch-seed";
/// Domain-separation tag of the deterministic per-item weights.
const TAG_BATCH_WEIGHT: &[u8] = b"umbra/bip340/batch-weight";

/// One `(key, message, signature)` to verify in a batch (borrowed).
#[derive(Clone, Copy, Debug)]
pub struct BatchItem<'a> {
    key: &'a VerifyingKey,
    msg: &'a [u8],
    sig: &'a Signature,
}

impl<'a> BatchItem<'a> {
    /// An item: `sig` on the raw message `msg` under `key`.
    #[must_use]
    pub fn new(key: &'a VerifyingKey, msg: &'a [u8], sig: &'a Signature) -> Self {
        Self { key, msg, sig }
    }
}

impl<'a> From<(&'a VerifyingKey, &'a [u8], &'a Signature)> for BatchItem<'a> {
    fn from((key, msg, sig): (&'a VerifyingKey, &'a [u8], &'a Signature)) -> Self {
        Self::new(key, msg, sig)
    }
}

/// Verifies every item at once with 128-bit weights drawn from `rng`.
///
/// `Ok(())` iff each item would pass [`VerifyingKey::verify_raw`], except
/// with probability about 2⁻¹²⁸ over the weights; an empty batch is valid.
/// Any failure is [`Error::BatchInvalid`]; [`find_invalid`] names the bad
/// items.
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
/// Security: a SHA-256 tagged hash (`umbra/bip340/batch-seed`) of the number
/// of items and of every key, signature and length-prefixed message gives a
/// seed; weight `i` is the first 128 bits of a second tagged hash
/// (`umbra/bip340/batch-weight`) of the seed and `i`. Every weight depends
/// on every item, so whoever chooses the items must fix all of them before
/// any weight is known, and changing any item re-draws all weights. A batch
/// with an invalid item passes only if a weight hits one value out of 2¹²⁸:
/// modelling SHA-256 as a random oracle, `q` attempts succeed with
/// probability about `q·2⁻¹²⁸`. The result agrees with [`verify_batch`]
/// except with that probability. Use it where no RNG exists (a zkVM guest)
/// or where the verdict must be reproducible.
pub fn verify_batch_deterministic(items: &[BatchItem<'_>]) -> Result<(), Error> {
    let seed = batch_seed(items);
    verify_with_weights(items, |i| {
        let mut h = tagged(TAG_BATCH_WEIGHT);
        h.update(seed);
        h.update((i as u64).to_le_bytes());
        let digest: [u8; 32] = h.finalize().into();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        u128::from_le_bytes(bytes)
    })
}

/// Verifies each item singly ([`VerifyingKey::verify_raw`]) and returns the
/// index (input order) and error of every item that fails. Empty iff every
/// item is valid.
#[must_use]
pub fn find_invalid(items: &[BatchItem<'_>]) -> Vec<(usize, Error)> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            item.key
                .verify_raw(item.msg, item.sig)
                .err()
                .map(|e| (i, e))
        })
        .collect()
}

/// A SHA-256 hasher for the tagged hash `SHA256(SHA256(tag) ‖ SHA256(tag) ‖ ·)`.
fn tagged(tag: &[u8]) -> Sha256 {
    let tag_hash: [u8; 32] = Sha256::digest(tag).into();
    let mut h = Sha256::new();
    h.update(tag_hash);
    h.update(tag_hash);
    h
}

/// The hash of the whole batch that seeds the deterministic weights.
fn batch_seed(items: &[BatchItem<'_>]) -> [u8; 32] {
    let mut h = tagged(TAG_BATCH_SEED);
    h.update((items.len() as u64).to_le_bytes());
    for item in items {
        h.update(item.key.to_bytes());
        h.update(item.sig.to_bytes());
        h.update((item.msg.len() as u64).to_le_bytes());
        h.update(item.msg);
    }
    h.finalize().into()
}

/// The batch equation with weight `a₀ = 1` and `aᵢ = weight(i) | 1` for
/// `i ≥ 1` (odd, so never zero).
fn verify_with_weights(
    items: &[BatchItem<'_>],
    mut weight: impl FnMut(usize) -> u128,
) -> Result<(), Error> {
    if let [item] = items {
        return item
            .key
            .verify_raw(item.msg, item.sig)
            .map_err(|_| Error::BatchInvalid);
    }
    let mut g_scalar = Scalar::ZERO;
    let mut scalars = Vec::with_capacity(2 * items.len());
    let mut points = Vec::with_capacity(2 * items.len());
    for (i, item) in items.iter().enumerate() {
        let a = if i == 0 {
            Scalar::ONE
        } else {
            Scalar::from(weight(i) | 1)
        };
        let r_bytes = item.sig.r_bytes();
        let r = Option::<AffinePoint>::from(AffinePoint::decompact(&FieldBytes::from(r_bytes)))
            .ok_or(Error::BatchInvalid)?;
        let e = challenge(&r_bytes, &item.key.to_bytes(), item.msg);
        g_scalar += a * item.sig.s();
        scalars.push(-a);
        points.push(ProjectivePoint::from(r));
        scalars.push(-(a * e));
        points.push(ProjectivePoint::from(*item.key.as_affine()));
    }
    let sum = msm_with_generator_vartime(&g_scalar, &scalars, &points);
    if sum == ProjectivePoint::IDENTITY {
        Ok(())
    } else {
        Err(Error::BatchInvalid)
    }
}
