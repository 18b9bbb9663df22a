//! Cofactored batch verification (feature `alloc`), in the workspace's one
//! batch shape (`docs/api.md`): [`BatchItem`], [`verify_batch`] (weights
//! from a caller's RNG), [`verify_batch_deterministic`] (weights from a hash
//! of the batch) and [`find_invalid`] (blame).
//!
//! A batch of n signatures is checked with one multiscalar multiplication:
//! with independent 128-bit weights zᵢ,
//!
//! ```text
//! [8] ( −[Σ zᵢSᵢ]B + Σ [zᵢ]Rᵢ + Σ [zᵢkᵢ]Aᵢ ) = 0.
//! ```
//!
//! Every member that passes [`VerifyingKey::verify_zip215`] contributes the
//! identity after multiplication by 8, so a batch of valid members is always
//! accepted. If some member fails, its term `[8]([Sᵢ]B − Rᵢ − [kᵢ]Aᵢ)` is a
//! non-zero point of prime order ℓ, and the sum vanishes for at most one
//! value of its weight modulo ℓ: the batch is rejected except with
//! probability at most 2⁻¹²⁸. Members whose encodings do not decode or whose
//! S ≥ ℓ fail the batch deterministically. So a batch is accepted iff every
//! member passes `verify_zip215` (up to that probability) — which is why the
//! batch rule is ZIP-215 and not the cofactorless RFC 8032 rule: the
//! cofactorless rule is not batchable consistently.
//!
//! [`find_invalid`] identifies the failing members by verifying each one
//! individually with `verify_zip215`.
//!
//! ```
//! use umbra_eddsa::SigningKey;
//! use umbra_eddsa::batch::{BatchItem, find_invalid, verify_batch_deterministic};
//!
//! let keys = [SigningKey::from_bytes(&[1; 32]), SigningKey::from_bytes(&[2; 32])];
//! let sigs = [keys[0].sign(b"one"), keys[1].sign(b"two")];
//! let vks = [keys[0].verifying_key(), keys[1].verifying_key()];
//! let items = [
//!     BatchItem::new(&vks[0], b"one", &sigs[0]),
//!     BatchItem::new(&vks[1], b"two", &sigs[1]),
//! ];
//! assert!(verify_batch_deterministic(&items).is_ok());
//!
//! let bad = [items[0], BatchItem::new(&vks[1], b"one", &sigs[1])];
//! assert!(verify_batch_deterministic(&bad).is_err());
//! assert_eq!(find_invalid(&bad)[0].0, 1);
//! ```

use alloc::vec::Vec;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rand_core::CryptoRng;
use sha2::{Digest, Sha512};

use crate::encoding::{Dom, challenge};
use crate::{Error, Signature, VerifyingKey};

/// Domain-separation prefix of the deterministic batch seed.
const TAG_BATCH_SEED: &[u8] = b"umbra/ed25519/batch-seed";
/// Domain-separation prefix of the deterministic per-item weights.
const TAG_BATCH_WEIGHT: &[u8] = b"umbra/ed25519/batch-weight";

/// One plain Ed25519 `(key, message, signature)` to verify in a batch
/// (borrowed).
#[derive(Clone, Copy, Debug)]
pub struct BatchItem<'a> {
    key: &'a VerifyingKey,
    msg: &'a [u8],
    sig: &'a Signature,
}

impl<'a> BatchItem<'a> {
    /// An item: `sig` on `msg` under `key`.
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

/// Verifies every item at once under the ZIP-215 rule, with 128-bit weights
/// drawn from `rng`.
///
/// `Ok(())` iff each item would pass [`VerifyingKey::verify_zip215`], except
/// with probability about 2⁻¹²⁸ over the weights; an empty batch is valid.
/// Any failure, a malformed item included, is [`Error::BatchInvalid`];
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
/// Security: SHA-512 of the prefix `umbra/ed25519/batch-seed`, the number of
/// items and every key, signature and length-prefixed message gives a seed;
/// weight `i` is the first 128 bits of SHA-512 of the prefix
/// `umbra/ed25519/batch-weight`, the seed and `i`. Every weight depends on
/// every item, so whoever chooses the items must fix all of them before any
/// weight is known, and changing any item re-draws all weights. A batch
/// with an invalid item passes only if a weight hits one value out of 2¹²⁸:
/// modelling SHA-512 as a random oracle, `q` attempts succeed with
/// probability about `q·2⁻¹²⁸`. The result agrees with [`verify_batch`]
/// except with that probability. Use it where no RNG exists (a zkVM guest)
/// or where the verdict must be reproducible.
pub fn verify_batch_deterministic(items: &[BatchItem<'_>]) -> Result<(), Error> {
    let seed = batch_seed(items);
    verify_with_weights(items, |i| {
        let mut h = Sha512::new();
        h.update(TAG_BATCH_WEIGHT);
        h.update(seed);
        h.update((i as u64).to_le_bytes());
        let digest: [u8; 64] = h.finalize().into();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        u128::from_le_bytes(bytes)
    })
}

/// Verifies each item singly with [`VerifyingKey::verify_zip215`] and
/// returns the index (input order) and error of every item that fails.
/// Empty iff every item is valid, i.e. iff the batch verifies.
#[must_use]
pub fn find_invalid(items: &[BatchItem<'_>]) -> Vec<(usize, Error)> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            item.key
                .verify_zip215(item.msg, item.sig)
                .err()
                .map(|e| (i, e))
        })
        .collect()
}

/// The hash of the whole batch that seeds the deterministic weights.
fn batch_seed(items: &[BatchItem<'_>]) -> [u8; 64] {
    let mut h = Sha512::new();
    h.update(TAG_BATCH_SEED);
    h.update((items.len() as u64).to_le_bytes());
    for item in items {
        h.update(item.key.as_bytes());
        h.update(item.sig.to_bytes());
        h.update((item.msg.len() as u64).to_le_bytes());
        h.update(item.msg);
    }
    h.finalize().into()
}

/// The batch equation with weights `zᵢ = max(weight(i), 1)`.
fn verify_with_weights(
    items: &[BatchItem<'_>],
    mut weight: impl FnMut(usize) -> u128,
) -> Result<(), Error> {
    let n = items.len();
    let mut scalars = Vec::with_capacity(2 * n + 1);
    let mut points = Vec::with_capacity(2 * n + 1);
    let mut b_coeff = Scalar::ZERO;
    for (i, item) in items.iter().enumerate() {
        let r_bytes = item.sig.r_bytes();
        let r = CompressedEdwardsY(r_bytes)
            .decompress()
            .ok_or(Error::BatchInvalid)?;
        let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(item.sig.s_bytes()))
            .ok_or(Error::BatchInvalid)?;
        let k = challenge(Dom::Pure, &r_bytes, item.key.as_bytes(), item.msg);
        let mut z_bytes = [0u8; 32];
        z_bytes[..16].copy_from_slice(&weight(i).max(1).to_le_bytes());
        let z = Scalar::from_bytes_mod_order(z_bytes);
        b_coeff -= z * s;
        scalars.push(z);
        points.push(r);
        scalars.push(z * k);
        points.push(item.key.to_point());
    }
    scalars.push(b_coeff);
    points.push(ED25519_BASEPOINT_POINT);
    let sum = EdwardsPoint::vartime_multiscalar_mul(scalars, points);
    if sum.mul_by_cofactor().is_identity() {
        Ok(())
    } else {
        Err(Error::BatchInvalid)
    }
}
