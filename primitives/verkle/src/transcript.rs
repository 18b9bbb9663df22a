//! Fiat–Shamir transcript compatible with go-ipa / rust-verkle: a running
//! SHA-256 state; labels and messages are absorbed as raw bytes, scalars as
//! 32-byte little-endian, points in their canonical 32-byte encoding; a
//! challenge absorbs its label, squeezes (and resets) the state, reduces the
//! digest little-endian modulo the scalar field and absorbs the challenge.

use ark_ff::PrimeField;
use core::marker::PhantomData;
use sha2::{Digest, Sha256};

use crate::group::{VerkleGroup, field_to_le};

/// SHA-256 Fiat–Shamir transcript.
#[derive(Clone, Debug)]
pub struct Transcript<G: VerkleGroup> {
    state: Sha256,
    _g: PhantomData<G>,
}

impl<G: VerkleGroup> Transcript<G> {
    /// Start a transcript with a protocol label.
    pub fn new(label: &[u8]) -> Self {
        let mut state = Sha256::new();
        state.update(label);
        Self {
            state,
            _g: PhantomData,
        }
    }

    /// Absorb a domain-separation label.
    pub fn domain_sep(&mut self, label: &[u8]) {
        self.state.update(label);
    }

    /// Absorb `label || message`.
    pub fn append_message(&mut self, message: &[u8], label: &[u8]) {
        self.state.update(label);
        self.state.update(message);
    }

    /// Absorb a scalar (32 bytes, little-endian).
    pub fn append_scalar(&mut self, s: &G::Scalar, label: &[u8]) {
        self.append_message(&field_to_le(s), label);
    }

    /// Absorb a point (canonical encoding).
    pub fn append_point(&mut self, p: &G::Point, label: &[u8]) {
        self.append_message(&G::encode(p), label);
    }

    /// Absorb an already-encoded point.
    pub fn append_encoded_point(&mut self, p: &[u8; 32], label: &[u8]) {
        self.append_message(p, label);
    }

    /// Squeeze a challenge scalar.
    pub fn challenge_scalar(&mut self, label: &[u8]) -> G::Scalar {
        self.domain_sep(label);
        let digest: [u8; 32] = self.state.finalize_reset().into();
        let c = G::Scalar::from_le_bytes_mod_order(&digest);
        self.append_scalar(&c, label);
        c
    }
}
