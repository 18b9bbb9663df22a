//! The Zcash Sapling Pedersen hash (protocol specification §5.4.1.7).
//!
//! The input `personalisation bits ‖ message bits` is padded with zeros to a
//! multiple of 3 and cut into 3-bit chunks `[s0, s1, s2]`, 63 chunks to a
//! segment. Chunk `j` (from 0) of segment `i` contributes
//! `enc(chunk)·2^(4j)` with `enc = (1 − 2·s2)·(1 + s0 + 2·s1)`, and segment
//! `i` is multiplied onto its generator
//! `I_i = FindGroupHash^J("Zcash_PH", u32_le(i))`. The hash is the sum; its
//! u-coordinate is `PedersenHash`.
//!
//! Message bits can be secret (a note's value and commitment trapdoor go
//! through it), so the whole computation is constant time in the bits: each
//! chunk's signed digit is selected with masks and every segment scalar is
//! multiplied in with `umbra-ct-curves`' fixed-window multiplication. Only
//! the message length is public.

use ark_ed_on_bls12_381::{Fq, Fr};
use ark_ff::Zero;
use subtle::Choice;
use umbra_ct_curves::{CtField, CtGroup};

use crate::jubjub::{JubjubPoint, encode_affine, find_group_hash};

/// BLAKE2s personalisation of the Pedersen hash generators.
const PEDERSEN_HASH_PERSONALIZATION: &[u8; 8] = b"Zcash_PH";
/// Chunks per segment: 63 × 3 = 189 bits.
const CHUNKS_PER_SEGMENT: usize = 63;

/// The domain-separation prefix of a Sapling Pedersen hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Personalization {
    /// Note commitments: the six bits `1, 1, 1, 1, 1, 1`.
    NoteCommitment,
    /// The Merkle tree hash at `level` (0..=62): its six bits little-endian.
    /// Only the low six bits count, and level 63 would have the
    /// note-commitment bits, which is why Sapling trees stop at depth 62.
    MerkleTree(u8),
}

impl Personalization {
    /// The six personalisation bits.
    pub fn bits(self) -> [bool; 6] {
        match self {
            Self::NoteCommitment => [true; 6],
            Self::MerkleTree(level) => core::array::from_fn(|i| (level >> i) & 1 == 1),
        }
    }
}

/// The generator `I_i` of segment `i` (0-based).
pub fn segment_generator(segment: u32) -> JubjubPoint {
    find_group_hash(PEDERSEN_HASH_PERSONALIZATION, &segment.to_le_bytes()).into()
}

/// A Sapling Pedersen hasher for inputs of up to a given length: the segment
/// generators (each a BLAKE2s group hash with a square root) are derived once,
/// with a constant-time fixed-base table each, so that hashing costs one
/// table multiplication per segment. Build it once and reuse it (a Merkle
/// tree hashes thousands of nodes with the same generators).
#[cfg(feature = "alloc")]
#[derive(Clone, Debug)]
pub struct PedersenHasher {
    tables: alloc::vec::Vec<umbra_ct_curves::FixedBaseTable<JubjubPoint>>,
}

#[cfg(feature = "alloc")]
impl PedersenHasher {
    /// A hasher for inputs of up to `max_message_bits` message bits (the six
    /// personalisation bits come on top).
    pub fn new(max_message_bits: usize) -> Self {
        let bits = max_message_bits + 6;
        let segments = bits.div_ceil(3 * CHUNKS_PER_SEGMENT).max(1);
        let tables = (0..segments as u32)
            .map(|i| umbra_ct_curves::FixedBaseTable::new(&segment_generator(i)))
            .collect();
        Self { tables }
    }

    /// `PedersenHashToPoint`, constant time in the message bits. Segments
    /// beyond the hasher's length fall back to deriving their generator.
    pub fn hash_to_point<I>(&self, personalization: Personalization, message: I) -> JubjubPoint
    where
        I: IntoIterator<Item = bool>,
    {
        hash_segments(personalization, message, |index, scalar| {
            match self.tables.get(index as usize) {
                Some(table) => table.mul(scalar),
                None => segment_generator(index).ct_mul(scalar),
            }
        })
    }

    /// `PedersenHash`: the u-coordinate of [`PedersenHasher::hash_to_point`].
    pub fn hash<I>(&self, personalization: Personalization, message: I) -> Fq
    where
        I: IntoIterator<Item = bool>,
    {
        self.hash_to_point(personalization, message).to_affine().x
    }
}

/// Accumulates one segment's signed-digit scalar.
struct Segment {
    index: u32,
    chunks: usize,
    scalar: Fr,
    power: Fr,
}

impl Segment {
    fn new(index: u32) -> Self {
        Self {
            index,
            chunks: 0,
            scalar: Fr::zero(),
            power: Fr::one_ct(),
        }
    }

    /// Adds `enc([s0, s1, s2])·16^j` without branching on the bits.
    fn push(&mut self, s0: Choice, s1: Choice, s2: Choice) {
        let one = Fr::one_ct();
        let zero = Fr::zero();
        let magnitude = one
            .ct_add(&Fr::ct_select(&zero, &one, s0))
            .ct_add(&Fr::ct_select(&zero, &one.ct_double(), s1));
        let digit = Fr::ct_select(&magnitude, &magnitude.ct_neg(), s2);
        self.scalar = self.scalar.ct_add(&CtField::ct_mul(&digit, &self.power));
        // 16 = 2^4: the public weight of the next chunk.
        let mut next = self.power;
        for _ in 0..4 {
            next = next.ct_double();
        }
        self.power = next;
        self.chunks += 1;
    }
}

/// Runs the chunk/segment loop, handing each segment's index and scalar to
/// `multiply` and summing the results.
fn hash_segments<I, M>(personalization: Personalization, message: I, multiply: M) -> JubjubPoint
where
    I: IntoIterator<Item = bool>,
    M: Fn(u32, &Fr) -> JubjubPoint,
{
    let mut bits = personalization.bits().into_iter().chain(message).peekable();
    let mut acc = <JubjubPoint as CtGroup>::identity();
    let mut segment = Segment::new(0);
    // The loop runs on the message length (public), never on bit values.
    while bits.peek().is_some() {
        let mut take = || Choice::from(u8::from(bits.next().unwrap_or(false)));
        let (s0, s1, s2) = (take(), take(), take());
        segment.push(s0, s1, s2);
        if segment.chunks == CHUNKS_PER_SEGMENT {
            acc = acc.ct_add(&multiply(segment.index, &segment.scalar));
            segment = Segment::new(segment.index + 1);
        }
    }
    if segment.chunks > 0 {
        acc = acc.ct_add(&multiply(segment.index, &segment.scalar));
    }
    acc
}

/// `PedersenHashToPoint(personalization, message)`, constant time in the
/// message bits. Derives the segment generators on every call; to hash many
/// inputs, build a [`PedersenHasher`] once.
pub fn pedersen_hash_to_point<I>(personalization: Personalization, message: I) -> JubjubPoint
where
    I: IntoIterator<Item = bool>,
{
    hash_segments(personalization, message, |index, scalar| {
        segment_generator(index).ct_mul(scalar)
    })
}

/// `PedersenHash(personalization, message)`: the u-coordinate of
/// [`pedersen_hash_to_point`].
pub fn pedersen_hash<I>(personalization: Personalization, message: I) -> Fq
where
    I: IntoIterator<Item = bool>,
{
    pedersen_hash_to_point(personalization, message)
        .to_affine()
        .x
}

/// The Zcash encoding (`repr_J`) of a Jubjub point.
pub fn encode_point(point: &JubjubPoint) -> [u8; 32] {
    encode_affine(&point.to_affine())
}
