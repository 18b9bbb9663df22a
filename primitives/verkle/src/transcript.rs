//! Fiat–Shamir transcripts.
//!
//! [`FsTranscript`] is what the IPA and multiproof provers and verifiers
//! need from a transcript. Two implementations:
//!
//! - [`Transcript`] (the default, EIP-6800 / go-ipa / rust-verkle
//!   compatible): a running SHA-256 state; labels and messages are absorbed
//!   as raw bytes, scalars as 32-byte little-endian, points in their
//!   canonical 32-byte encoding; a challenge absorbs its label, squeezes
//!   (and resets) the state, reduces the digest little-endian modulo the
//!   scalar field and absorbs the challenge.
//! - [`PoseidonTranscript`] (circuit-friendly, Umbra-specific): a Poseidon
//!   duplex over the curve's *base* field, which is the constraint field of
//!   a SNARK over the embedding curve (BLS12-381 Fr for Banderwagon), so the
//!   `umbra-circuits` Verkle gadget recomputes it at native cost. Proofs
//!   under the two transcripts are different (and not interchangeable); the
//!   proof format and the group equations are the same.

use alloc::vec::Vec;
use ark_ff::{BigInteger, PrimeField};
use core::marker::PhantomData;
use sha2::{Digest, Sha256};
use umbra_poseidon::{CtField, Poseidon};

use crate::group::{VerkleGroup, field_to_le};

/// The Fiat–Shamir transcript interface of the IPA and the multiproof.
///
/// `label`s name the message; a transcript may absorb them (SHA-256) or
/// rely on the message's fixed position in the protocol (Poseidon).
pub trait FsTranscript<G: VerkleGroup> {
    /// A point prepared for absorption (encoding or field elements), so a
    /// batch of points shares one field inversion.
    type PreparedPoint: Clone + Ord;

    /// Absorb a domain-separation label.
    fn domain_sep(&mut self, label: &[u8]);

    /// Absorb a scalar.
    fn append_scalar(&mut self, s: &G::Scalar, label: &[u8]);

    /// Prepare many points for absorption at once.
    fn prepare_points(ps: &[G::Point]) -> Vec<Self::PreparedPoint>;

    /// Absorb a prepared point.
    fn append_prepared_point(&mut self, p: &Self::PreparedPoint, label: &[u8]);

    /// Absorb a point.
    fn append_point(&mut self, p: &G::Point, label: &[u8]) {
        let prepared = Self::prepare_points(core::slice::from_ref(p));
        self.append_prepared_point(&prepared[0], label);
    }

    /// Squeeze a challenge scalar.
    fn challenge_scalar(&mut self, label: &[u8]) -> G::Scalar;
}

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

impl<G: VerkleGroup> FsTranscript<G> for Transcript<G> {
    type PreparedPoint = [u8; 32];

    fn domain_sep(&mut self, label: &[u8]) {
        Transcript::domain_sep(self, label);
    }

    fn append_scalar(&mut self, s: &G::Scalar, label: &[u8]) {
        Transcript::append_scalar(self, s, label);
    }

    fn prepare_points(ps: &[G::Point]) -> Vec<[u8; 32]> {
        G::encode_batch(ps)
    }

    fn append_prepared_point(&mut self, p: &[u8; 32], label: &[u8]) {
        self.append_encoded_point(p, label);
    }

    fn append_point(&mut self, p: &G::Point, label: &[u8]) {
        Transcript::append_point(self, p, label);
    }

    fn challenge_scalar(&mut self, label: &[u8]) -> G::Scalar {
        Transcript::challenge_scalar(self, label)
    }
}

/// A group whose elements can be absorbed as two base-field elements, for
/// the [`PoseidonTranscript`].
pub trait PoseidonAbsorb: VerkleGroup {
    /// The curve's base field (the constraint field of circuits over it).
    type Base: CtField;

    /// For each point, the affine coordinates `(x, y)` of a canonical
    /// representative of its class (injective on the group).
    fn absorb_coordinates(ps: &[Self::Point]) -> Vec<[Self::Base; 2]>;

    /// The base-field elements a scalar is absorbed as (injective on the
    /// scalar field). Default: one element, the scalar's canonical integer
    /// ([`scalar_to_base`]), exact when the scalar modulus is below the base
    /// modulus (Banderwagon); groups with a larger scalar field (Grumpkin)
    /// split it into limbs.
    fn absorb_scalar(s: &Self::Scalar) -> Vec<Self::Base> {
        alloc::vec![scalar_to_base(s)]
    }
}

/// Width of the Poseidon permutation of the [`PoseidonTranscript`]
/// (rate 4, capacity 1).
pub const POSEIDON_TRANSCRIPT_WIDTH: usize = 5;

/// Rate of the [`PoseidonTranscript`] duplex.
pub const POSEIDON_TRANSCRIPT_RATE: usize = POSEIDON_TRANSCRIPT_WIDTH - 1;

/// Capacity tag of a fresh [`PoseidonTranscript`]: ASCII `"umbra-verkle-fs"`
/// read little-endian.
pub const POSEIDON_TRANSCRIPT_TAG: &[u8] = b"umbra-verkle-fs";

/// Number of low bits of a squeezed base-field element kept as a challenge
/// scalar.
pub const CHALLENGE_BITS: usize = 128;

/// Bytes of a label packed per field element.
pub const LABEL_CHUNK: usize = 31;

/// A byte string of at most 31 bytes as a field element: its little-endian
/// value plus `len * 2^248` (so labels of different lengths never collide).
pub fn label_element<F: PrimeField>(chunk: &[u8]) -> F {
    debug_assert!(chunk.len() <= LABEL_CHUNK);
    let mut bytes = [0u8; 32];
    let n = chunk.len().min(LABEL_CHUNK);
    bytes[..n].copy_from_slice(&chunk[..n]);
    bytes[31] = n as u8;
    F::from_le_bytes_mod_order(&bytes)
}

/// Map a squeezed base-field element to a challenge scalar: its low
/// [`CHALLENGE_BITS`] bits (an integer below `2^128`, which is below every
/// supported scalar modulus, so no reduction happens).
pub fn challenge_from_base<B: PrimeField, S: PrimeField>(c: &B) -> S {
    let bytes = c.into_bigint().to_bytes_le();
    S::from_le_bytes_mod_order(&bytes[..CHALLENGE_BITS / 8])
}

/// A scalar as a base-field element (its canonical integer; the scalar
/// modulus is below the base modulus for every supported curve, so this is
/// exact).
pub fn scalar_to_base<S: PrimeField, B: PrimeField>(s: &S) -> B {
    B::from_le_bytes_mod_order(&s.into_bigint().to_bytes_le())
}

/// Circuit-friendly Fiat–Shamir transcript: a Poseidon duplex over the base
/// field of `G` (width 5, rate 4, the `umbra-poseidon` reference instance).
///
/// State `[capacity, rate_0..rate_3]`; the capacity starts at
/// [`POSEIDON_TRANSCRIPT_TAG`]. Inputs are *added* to the next rate cell,
/// permuting first when all four are used:
///
/// - `new(label)` / `domain_sep(label)`: the label as one element per
///   31-byte chunk ([`label_element`]);
/// - a scalar: [`PoseidonAbsorb::absorb_scalar`] (by default its canonical
///   integer as one base-field element, exact when `r < p`; Grumpkin, whose
///   scalar field is larger, absorbs two 128-bit limbs);
/// - a point: the two affine coordinates of the class representative chosen
///   by [`PoseidonAbsorb::absorb_coordinates`];
/// - per-message labels are *not* absorbed: every message of the IPA and of
///   the multiproof sits at a fixed position determined by the statement.
///
/// A challenge adds 1 to the capacity, permutes, reads rate cell 0 and maps
/// it to a scalar by keeping its low 128 bits ([`challenge_from_base`]); the
/// next input goes to rate cell 0 again (duplex).
#[derive(Clone, Debug)]
pub struct PoseidonTranscript<'a, G: PoseidonAbsorb> {
    params: &'a Poseidon<G::Base, POSEIDON_TRANSCRIPT_WIDTH>,
    state: [G::Base; POSEIDON_TRANSCRIPT_WIDTH],
    pos: usize,
}

impl<'a, G: PoseidonAbsorb> PoseidonTranscript<'a, G> {
    /// Start a transcript with a protocol label.
    pub fn new(params: &'a Poseidon<G::Base, POSEIDON_TRANSCRIPT_WIDTH>, label: &[u8]) -> Self {
        let mut state = [G::Base::from(0u64); POSEIDON_TRANSCRIPT_WIDTH];
        state[0] = label_element(POSEIDON_TRANSCRIPT_TAG);
        let mut t = Self {
            params,
            state,
            pos: 0,
        };
        t.absorb_label(label);
        t
    }

    /// The Poseidon parameters this transcript uses.
    pub fn params(&self) -> &'a Poseidon<G::Base, POSEIDON_TRANSCRIPT_WIDTH> {
        self.params
    }

    fn absorb_label(&mut self, label: &[u8]) {
        if label.is_empty() {
            self.absorb(&label_element(label));
        }
        for chunk in label.chunks(LABEL_CHUNK) {
            self.absorb(&label_element(chunk));
        }
    }

    /// Absorb one base-field element.
    pub fn absorb(&mut self, x: &G::Base) {
        if self.pos == POSEIDON_TRANSCRIPT_RATE {
            self.params.permute(&mut self.state);
            self.pos = 0;
        }
        self.state[1 + self.pos] += x;
        self.pos += 1;
    }

    /// Squeeze one base-field element (before the map to a scalar).
    pub fn squeeze_base(&mut self) -> G::Base {
        self.state[0] += G::Base::from(1u64);
        self.params.permute(&mut self.state);
        self.pos = 0;
        self.state[1]
    }
}

impl<G: PoseidonAbsorb> FsTranscript<G> for PoseidonTranscript<'_, G> {
    type PreparedPoint = [G::Base; 2];

    fn domain_sep(&mut self, label: &[u8]) {
        self.absorb_label(label);
    }

    fn append_scalar(&mut self, s: &G::Scalar, _label: &[u8]) {
        for e in G::absorb_scalar(s) {
            self.absorb(&e);
        }
    }

    fn prepare_points(ps: &[G::Point]) -> Vec<[G::Base; 2]> {
        G::absorb_coordinates(ps)
    }

    fn append_prepared_point(&mut self, p: &[G::Base; 2], _label: &[u8]) {
        self.absorb(&p[0]);
        self.absorb(&p[1]);
    }

    fn challenge_scalar(&mut self, _label: &[u8]) -> G::Scalar {
        let c = self.squeeze_base();
        challenge_from_base(&c)
    }
}
