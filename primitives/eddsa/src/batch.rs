//! Cofactored batch verification (feature `alloc`).
//!
//! A batch of n signatures is checked with one multiscalar multiplication:
//! with independent uniformly random 128-bit coefficients zᵢ,
//!
//! ```text
//! [8] ( −[Σ zᵢSᵢ]B + Σ [zᵢ]Rᵢ + Σ [zᵢkᵢ]Aᵢ ) = 0.
//! ```
//!
//! Every member that passes [`VerifyingKey::verify_zip215`] contributes the
//! identity after multiplication by 8, so a batch of valid members is always
//! accepted. If some member fails, its term `[8]([Sᵢ]B − Rᵢ − [kᵢ]Aᵢ)` is a
//! non-zero point of prime order ℓ, and the sum vanishes for at most one
//! value of its coefficient modulo ℓ: the batch is rejected except with
//! probability at most 2⁻¹²⁸. Members whose encodings do not decode or whose
//! S ≥ ℓ fail the batch deterministically. So a batch is accepted iff every
//! member passes `verify_zip215` (up to that probability) — which is why the
//! batch rule is ZIP-215 and not the cofactorless RFC 8032 rule: the
//! cofactorless rule is not batchable consistently.
//!
//! [`BatchVerifier::find_invalid`] identifies the failing members by
//! verifying each one individually with `verify_zip215`.

use alloc::vec::Vec;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rand_core::CryptoRng;

use crate::encoding::{Dom, challenge};
use crate::{Error, Signature, VerifyingKey};

/// A decoded member: A, R, S, k. Members that fail before the equation (R
/// does not decode, S ≥ ℓ) are stored as `None`; `find_invalid` reports
/// their error.
#[derive(Clone, Debug)]
struct Parsed {
    a: EdwardsPoint,
    r: EdwardsPoint,
    s: Scalar,
    k: Scalar,
}

/// A batch of Ed25519 signatures checked together under the ZIP-215 rule.
#[derive(Clone, Debug, Default)]
pub struct BatchVerifier {
    entries: Vec<Option<Parsed>>,
    /// Kept to re-check members one by one in [`Self::find_invalid`].
    items: Vec<(VerifyingKey, Signature, Vec<u8>)>,
}

impl BatchVerifier {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty batch with room for `n` members.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            items: Vec::with_capacity(n),
        }
    }

    /// Number of queued members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Queues a plain Ed25519 signature. Malformed members are recorded and
    /// make the batch fail; queuing itself never fails.
    pub fn queue(&mut self, vk: &VerifyingKey, msg: &[u8], sig: &Signature) {
        let entry = match (
            CompressedEdwardsY(*sig.r_bytes()).decompress(),
            Option::<Scalar>::from(Scalar::from_canonical_bytes(*sig.s_bytes())),
        ) {
            (Some(r), Some(s)) => Some(Parsed {
                a: vk.to_point(),
                r,
                s,
                k: challenge(Dom::Pure, sig.r_bytes(), vk.as_bytes(), msg),
            }),
            _ => None,
        };
        self.entries.push(entry);
        self.items.push((*vk, *sig, msg.to_vec()));
    }

    /// Verifies the whole batch with fresh random coefficients from `rng`.
    /// An empty batch is accepted. On failure returns [`Error::BatchFailed`];
    /// use [`Self::find_invalid`] to name the culprits.
    pub fn verify_vartime<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> Result<(), Error> {
        let n = self.entries.len();
        let mut scalars = Vec::with_capacity(2 * n + 1);
        let mut points = Vec::with_capacity(2 * n + 1);
        let mut b_coeff = Scalar::ZERO;
        for entry in &self.entries {
            let Some(Parsed { a, r, s, k }) = entry else {
                return Err(Error::BatchFailed);
            };
            let mut z_bytes = [0u8; 32];
            rng.fill_bytes(&mut z_bytes[..16]);
            let z = Scalar::from_bytes_mod_order(z_bytes);
            b_coeff -= z * s;
            scalars.push(z);
            points.push(*r);
            scalars.push(z * k);
            points.push(*a);
        }
        scalars.push(b_coeff);
        points.push(ED25519_BASEPOINT_POINT);
        let sum = EdwardsPoint::vartime_multiscalar_mul(scalars, points);
        if sum.mul_by_cofactor().is_identity() {
            Ok(())
        } else {
            Err(Error::BatchFailed)
        }
    }

    /// Indices (in queue order) of the members that fail `verify_zip215`,
    /// each with its error. Empty iff every member is valid, i.e. iff the
    /// batch verifies.
    pub fn find_invalid(&self) -> Vec<(usize, Error)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, (vk, sig, msg))| vk.verify_zip215(msg, sig).err().map(|e| (i, e)))
            .collect()
    }
}

/// Verifies `(key, message, signature)` triples as one batch; see the module docs.
pub fn verify_batch_vartime<R: CryptoRng + ?Sized>(
    items: &[(VerifyingKey, &[u8], Signature)],
    rng: &mut R,
) -> Result<(), Error> {
    let mut batch = BatchVerifier::with_capacity(items.len());
    for (vk, msg, sig) in items {
        batch.queue(vk, msg, sig);
    }
    batch.verify_vartime(rng)
}
