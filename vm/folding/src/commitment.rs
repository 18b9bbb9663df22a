//! Hiding Pedersen vector commitments on a KZG-shaped basis.
//!
//! `Com(v; r) = Σ v_i·G_i + r·h` with `G_i = [τ^i]·G` (the shape of a KZG
//! powers-of-tau basis, so a later decider can open the same commitments as
//! polynomial commitments) and an independent blinding generator `h`. Every
//! commitment the folding engine makes (`W`, `E`, `T`) takes a fresh random
//! blind from the caller's cryptographic RNG.
//!
//! The only key source built so far is [`CommitmentKey::insecure_dev_setup`]:
//! `τ` and the discrete logarithm of `h` are derived from a public label,
//! so **anyone can open any commitment to anything**. It exists for tests
//! and development; a production key comes from a powers-of-tau ceremony
//! (the snarkjs `.ptau` loader is not written yet) with `h` hashed to the
//! curve.
//!
//! Side channels: arkworks' MSM is not constant time, so the blinds and
//! witnesses leak through timing on a shared machine. The prover is assumed
//! to run on hardware its user controls.

use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Valid, Validate};
use ark_std::rand::{CryptoRng, RngCore};
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use sha3::{Digest, Sha3_256};

use crate::Error;

/// Version byte of [`CommitmentKey::to_bytes`].
pub const COMMITMENT_KEY_VERSION: u8 = 1;

/// A Pedersen commitment key: the basis `G_0..G_{n-1}` and the blinding
/// generator `h`. Validated on construction (see
/// [`CommitmentKey::from_parts`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentKey<G: CurveGroup> {
    g: Vec<G::Affine>,
    h: G::Affine,
}

impl<G: CurveGroup> CommitmentKey<G> {
    /// **Insecure** deterministic development key of length `n`:
    /// `τ = H("tau" ‖ label)`, `h = [H("h" ‖ label)]·G`, `G_i = [τ^i]·G`.
    /// Both trapdoors are public, so commitments under this key are neither
    /// binding nor hiding against anyone who reads this code. Use only in
    /// tests and development.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] in the negligible event that a derived
    /// generator is degenerate (`τ = 0`, a repeated power, `h` in the basis).
    pub fn insecure_dev_setup(n: usize, label: &[u8]) -> Result<Self, Error> {
        let (tau, eta) = Self::insecure_dev_trapdoors(label);
        let mut powers = Vec::with_capacity(n);
        let mut p = G::ScalarField::from(1u64);
        for _ in 0..n {
            powers.push(p);
            p *= tau;
        }
        let gen_ = G::generator();
        let g = gen_.batch_mul(&powers);
        let h = (gen_ * eta).into_affine();
        Self::from_parts(g, h)
    }

    /// **Transparent** key of length `n`: every generator, `h` included, is
    /// hashed to the curve from `label` and its index (try-and-increment on
    /// SHA3-512 output: the first candidate x-coordinate on the curve, with
    /// the sign from the hash, times the cofactor). Nobody knows a discrete
    /// logarithm relation among them, so commitments are binding (under the
    /// discrete-log assumption) and perfectly hiding — the key for proofs a
    /// verifier relies on. It has no powers-of-τ structure, so it cannot
    /// serve a KZG-based decider; that needs a ceremony key
    /// ([`crate::ptau`]).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] in the negligible event that two generators
    /// coincide.
    pub fn transparent_setup(n: usize, label: &[u8]) -> Result<Self, Error> {
        let g = transparent_points::<G>(label, n);
        let h = hash_to_curve::<G>(label, u64::MAX);
        Self::from_parts(g, h)
    }

    /// The public trapdoors `(τ, η)` of [`CommitmentKey::insecure_dev_setup`]
    /// (`h = [η]·G`): anyone can compute them, which is what makes that key
    /// insecure. Tests use them to check the key's shape.
    pub fn insecure_dev_trapdoors(label: &[u8]) -> (G::ScalarField, G::ScalarField) {
        (
            hash_to_scalar(b"umbra-folding/insecure-dev/tau", label),
            hash_to_scalar(b"umbra-folding/insecure-dev/h", label),
        )
    }

    /// A key from its generators, validated: every point is on the curve,
    /// in the prime-order subgroup and not the identity, and `h` is none of
    /// the `G_i`. Consecutive `G_i` must differ (a degenerate `τ`).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] when a check fails.
    pub fn from_parts(g: Vec<G::Affine>, h: G::Affine) -> Result<Self, Error> {
        // `Valid::check` of a short-Weierstrass affine point checks that it
        // is on the curve and in the prime-order subgroup.
        let ok = |p: &G::Affine| !p.is_zero() && p.check().is_ok();
        if !ok(&h) || !g.iter().all(ok) {
            return Err(Error::InvalidKey);
        }
        if g.contains(&h) || g.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::InvalidKey);
        }
        Ok(Self { g, h })
    }

    /// Number of basis points (the longest vector it commits to).
    pub fn len(&self) -> usize {
        self.g.len()
    }

    /// Whether the basis is empty.
    pub fn is_empty(&self) -> bool {
        self.g.is_empty()
    }

    /// The basis `G_i`.
    pub fn basis(&self) -> &[G::Affine] {
        &self.g
    }

    /// The blinding generator `h`.
    pub fn blinding_generator(&self) -> G::Affine {
        self.h
    }

    /// `Σ v_i·G_i + blind·h`.
    ///
    /// # Errors
    /// [`Error::KeyTooShort`] when `v` is longer than the basis.
    pub fn commit(&self, v: &[G::ScalarField], blind: &G::ScalarField) -> Result<G, Error> {
        let bases = self.g.get(..v.len()).ok_or(Error::KeyTooShort)?;
        Ok(G::msm_unchecked(bases, v) + self.h * blind)
    }

    /// Commits `v` with a fresh uniformly random blind; returns the
    /// commitment and the blind.
    ///
    /// # Errors
    /// As [`CommitmentKey::commit`].
    pub fn commit_hiding<R: RngCore + CryptoRng>(
        &self,
        v: &[G::ScalarField],
        rng: &mut R,
    ) -> Result<(G, G::ScalarField), Error> {
        let blind = G::ScalarField::rand(rng);
        Ok((self.commit(v, &blind)?, blind))
    }

    /// Versioned encoding: the version byte, then the compressed `h` and
    /// basis (arkworks canonical serialization, length-prefixed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![COMMITMENT_KEY_VERSION];
        // Writing into a Vec cannot fail.
        let _ = self.h.serialize_compressed(&mut out);
        let _ = self.g.serialize_compressed(&mut out);
        out
    }

    /// Decodes [`CommitmentKey::to_bytes`], validating every point.
    ///
    /// # Errors
    /// [`Error::UnsupportedVersion`], [`Error::Deserialization`] for
    /// malformed bytes (including trailing bytes and points off the curve),
    /// [`Error::InvalidKey`] as [`CommitmentKey::from_parts`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (&version, mut rest) = bytes.split_first().ok_or(Error::Deserialization)?;
        if version != COMMITMENT_KEY_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let h = G::Affine::deserialize_with_mode(&mut rest, Compress::Yes, Validate::Yes)
            .map_err(|_| Error::Deserialization)?;
        let g = Vec::<G::Affine>::deserialize_with_mode(&mut rest, Compress::Yes, Validate::Yes)
            .map_err(|_| Error::Deserialization)?;
        if !rest.is_empty() {
            return Err(Error::Deserialization);
        }
        Self::from_parts(g, h)
    }

    /// SHA3-256 of [`CommitmentKey::to_bytes`].
    pub fn digest(&self) -> [u8; 32] {
        let mut hsh = Sha3_256::new();
        hsh.update(b"umbra-folding/commitment-key/v1");
        hsh.update(self.to_bytes());
        hsh.finalize().into()
    }
}

use ark_std::UniformRand;

/// `SHA3-256(domain ‖ label)` reduced into the field (public data only).
fn hash_to_scalar<F: PrimeField>(domain: &[u8], label: &[u8]) -> F {
    let mut h = Sha3_256::new();
    h.update((domain.len() as u64).to_le_bytes());
    h.update(domain);
    h.update(label);
    let d: [u8; 32] = h.finalize().into();
    F::from_le_bytes_mod_order(&d)
}

/// The first `n` generators of [`CommitmentKey::transparent_setup`] for `label`, hashed to
/// the curve once per process: each depends only on its index, so the longest list made
/// for a curve and label is kept and a later request takes its prefix or extends it (a
/// verifier after its prover, parameters for several kind sets, tests). The memo holds
/// public points only. With a cache directory set ([`crate::key_cache::set_dir`]), the list
/// is also read from and written to a file there, across processes.
fn transparent_points<G: CurveGroup>(label: &[u8], n: usize) -> Vec<G::Affine> {
    use std::any::{Any, TypeId};
    use std::sync::Mutex;
    type Memo = Vec<(TypeId, Vec<u8>, Box<dyn Any + Send>)>;
    static MEMO: Mutex<Memo> = Mutex::new(Vec::new());
    let hash_range = |from: usize| -> Vec<G::Affine> {
        #[cfg(feature = "parallel")]
        let indices = (from as u64..n as u64).into_par_iter();
        #[cfg(not(feature = "parallel"))]
        let indices = from as u64..n as u64;
        indices.map(|i| hash_to_curve::<G>(label, i)).collect()
    };
    // A poisoned lock only means another thread panicked mid-update of public data that
    // is rebuilt below when missing: recover the guard.
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let id = TypeId::of::<G>();
    let pos = match memo.iter().position(|(t, l, _)| *t == id && l == label) {
        Some(p) => p,
        None => {
            memo.push((id, label.to_vec(), Box::new(Vec::<G::Affine>::new())));
            memo.len() - 1
        }
    };
    match memo[pos].2.downcast_mut::<Vec<G::Affine>>() {
        Some(known) => {
            if known.len() < n {
                // The disk cache first (`crate::key_cache`), then hashing what it lacks; a
                // list that grew is written back.
                let dir = crate::key_cache::dir();
                if let Some(dir) = &dir {
                    let cached =
                        crate::key_cache::load::<G>(dir, label, &|i| hash_to_curve::<G>(label, i));
                    if cached.len() > known.len() {
                        *known = cached;
                    }
                }
                if known.len() < n {
                    let more = hash_range(known.len());
                    known.extend(more);
                    if let Some(dir) = &dir {
                        crate::key_cache::store::<G>(dir, label, known);
                    }
                }
            }
            known[..n].to_vec()
        }
        // Entries are keyed by the curve's type, so this is unreachable; hash afresh.
        None => hash_range(0),
    }
}

/// The point of [`CommitmentKey::transparent_setup`] with index `i`.
pub(crate) fn hash_to_curve<G: CurveGroup>(label: &[u8], i: u64) -> G::Affine {
    let domain = b"umbra-folding/transparent-key/v1";
    // About half of all x-coordinates are on the curve: two tries on average.
    let mut ctr = 0u64;
    loop {
        let mut h = sha3::Sha3_512::new();
        h.update((domain.len() as u64).to_le_bytes());
        h.update(domain);
        h.update((label.len() as u64).to_le_bytes());
        h.update(label);
        h.update(i.to_le_bytes());
        h.update(ctr.to_le_bytes());
        let bytes = h.finalize();
        if let Some(p) = G::Affine::from_random_bytes(&bytes) {
            let p = p.mul_by_cofactor();
            if !p.is_zero() {
                return p;
            }
        }
        ctr = ctr.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::G1Projective;
    use ark_grumpkin::Projective as GrumpkinProjective;

    /// The memo hands out exactly the generators hashing gives, whatever the order of the
    /// requests: a shorter key after a longer one is its prefix, a longer one extends it,
    /// and another label or curve has its own sequence.
    #[test]
    fn memoised_generators_are_the_hashed_ones() {
        let label = b"umbra-folding/tests/memo";
        let direct = |n: usize| -> Vec<_> {
            (0..n as u64)
                .map(|i| hash_to_curve::<G1Projective>(label, i))
                .collect()
        };
        let long = CommitmentKey::<G1Projective>::transparent_setup(40, label).unwrap();
        let short = CommitmentKey::<G1Projective>::transparent_setup(7, label).unwrap();
        let longer = CommitmentKey::<G1Projective>::transparent_setup(65, label).unwrap();
        assert_eq!(long.g, direct(40));
        assert_eq!(short.g, direct(7));
        assert_eq!(longer.g, direct(65));
        assert_eq!(long.h, longer.h);
        let other = CommitmentKey::<G1Projective>::transparent_setup(7, b"another").unwrap();
        assert!(other.g.iter().all(|p| !long.g.contains(p)));
        let grumpkin = CommitmentKey::<GrumpkinProjective>::transparent_setup(9, label).unwrap();
        let g_direct: Vec<_> = (0..9)
            .map(|i| hash_to_curve::<GrumpkinProjective>(label, i))
            .collect();
        assert_eq!(grumpkin.g, g_direct);
    }
}
