//! The program identity: one Grumpkin Verkle commitment to everything the verifier derives
//! from the ELF.
//!
//! The verifier builds the pre-decoded [`Rom`] and the [`InitialMemory`] from the program
//! itself and commits to them in a width-256 [`umbra_verkle::VerkleTree`] over the
//! [`Grumpkin`] group (coordinates in BN254 Fr). The root commitment is the [`ProgramId`]:
//! what `umbra verify` prints and what the prover's transcript binds
//! ([`ProgramId::digest`]). The prover never supplies it.
//!
//! # Key layout (version [`LAYOUT_VERSION`])
//!
//! Every key is [`key`]`(tag, index)`: byte 0 is a domain tag ([`tag`]), bytes 1..=3 are
//! bits 31..8 of `index` (big-endian), bytes 4..=30 are zero and byte 31 (the suffix) is
//! bits 7..0 of `index`. So 256 consecutive indices share one leaf (stem), keys of different
//! kinds never collide, and stems differ only in their first 4 bytes: at most 4 levels of
//! internal nodes.
//!
//! | tag | index | value (32 bytes, little-endian fields, zero-padded) | present for |
//! |---|---|---|---|
//! | [`tag::HEADER`] | 0 | `entry pc: u32 ‖ LAYOUT_VERSION: u8` | always |
//! | [`tag::REGS`] | `i` ∈ 0..4 | `x(8i) … x(8i+7)`, 8 × `u32` | always (4 keys) |
//! | [`tag::ROM`] | `pc / 4` | [`rom_value`]: `flags: u64 ‖ rd ‖ rs1 ‖ rs2 ‖ imm: u32` | every [`Rom::entries`] entry |
//! | [`tag::CONT`] | `pc / 4` | [`rom_value`] of the all-zero entry (32 zero bytes) | every `pc` whose `pc − 4` is an `ecall` entry ([`Rom::continuation`]) |
//! | [`tag::MEM`] | `addr / 32` | the 32 image bytes at `addr` (8 aligned words) | every 32-byte chunk with a non-zero word ([`InitialMemory::words`]) |
//! | [`tag::PERM`] | page (`addr >> 12`) | `R + 2·W` as one byte | every guest-RAM page whose permission is not the default read/write ([`InitialMemory::page_perms`]) |
//!
//! The tree distinguishes a stored zero from an absent key, so the committed set of
//! (key, value) pairs determines the whole verifier view: the ROM table (and which pcs have
//! no entry), the continuation keys, every image word (absent chunks are zero), the page
//! table, the entry pc and all 32 initial registers (`sp` = `STACK_TOP`, the rest 0 for
//! [`ProgramId::of`]). `RomEntry::op` is diagnostic only (the circuit never sees it) and is
//! not committed. The continuation entries are a function of the ROM entries; they are
//! committed anyway so the committed ROM is exactly the table the bus looks entries up in.
//!
//! Words of executable segments that are not provable instructions ([`Rom::rejected`]) have
//! no ROM key: their absence is committed like any other absence, and their bytes are
//! committed as image words (tag [`tag::MEM`]), as are the instructions' own bytes.
//!
//! # Encoding
//!
//! [`ProgramId::to_bytes`] is the compressed root commitment ([`VerkleGroup::encode`] for
//! Grumpkin: `x` little-endian, bit 255 = parity of `y`). It is injective on points, and
//! [`ProgramId::from_bytes`] can check a given string (canonical, on the curve) instead of
//! accepting any 32 bytes; the tree's root *hash* (`x/y`) would be neither invertible nor
//! checkable. [`ProgramId::digest`] is that root hash, `x/y ∈ BN254 Fr` (Grumpkin's base
//! field *is* BN254 Fr, so no reduction is involved): the value a parent Verkle node would
//! commit to, which (unlike `x` alone) separates the commitment from its negation and its
//! endomorphism images (`docs/verkle.md`, "Grumpkin instance").

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use umbra_verkle::msm::msm_straus_vartime;
use umbra_verkle::tree::{Stem, split_key, stem_scalar, value_scalars};
use umbra_verkle::{Crs, EncodingError, Grumpkin, GrumpkinPoint, GrumpkinScalar, VerkleGroup};
use umbra_vm::Program;

use crate::rom::{Rom, RomEntry};
use crate::witness::InitialMemory;

/// Version of the key layout, committed under [`tag::HEADER`]: a different layout never
/// produces the same id for the same program by accident.
pub const LAYOUT_VERSION: u8 = 1;

/// Domain tags: byte 0 of every key, one per kind of committed value.
pub mod tag {
    /// Index 0: the entry pc and [`super::LAYOUT_VERSION`].
    pub const HEADER: u8 = 0x00;
    /// Index `i` ∈ 0..4: initial registers `x(8i)..x(8i+7)`.
    pub const REGS: u8 = 0x01;
    /// Index `pc / 4`: the ROM entry at `pc`.
    pub const ROM: u8 = 0x02;
    /// Index `pc / 4`: the all-zero continuation entry fetched at
    /// `pc + `[`CONT_KEY`](crate::step::CONT_KEY).
    pub const CONT: u8 = 0x03;
    /// Index `addr / 32`: 32 bytes of the initial image.
    pub const MEM: u8 = 0x04;
    /// Index `page`: a non-default page permission.
    pub const PERM: u8 = 0x05;
}

/// The tree key of `index` under `tag`: `tag ‖ index[31..8] (3 bytes, big-endian) ‖ 27 zero
/// bytes ‖ index[7..0]`.
pub const fn key(tag: u8, index: u32) -> [u8; 32] {
    let b = index.to_be_bytes();
    let mut k = [0u8; 32];
    k[0] = tag;
    k[1] = b[0];
    k[2] = b[1];
    k[3] = b[2];
    k[31] = b[3];
    k
}

/// The committed value of a ROM entry: `flags` (8 bytes), `rd`, `rs1`, `rs2`, `imm` (4
/// bytes), little-endian, then 17 zero bytes — the fields of the bus's ROM tuple.
pub fn rom_value(e: &RomEntry) -> [u8; 32] {
    let mut v = [0u8; 32];
    v[..8].copy_from_slice(&e.flags.to_le_bytes());
    v[8] = e.rd;
    v[9] = e.rs1;
    v[10] = e.rs2;
    v[11..15].copy_from_slice(&e.imm.to_le_bytes());
    v
}

/// The all-zero entry a continuation slot fetches.
const CONT_ENTRY: RomEntry = RomEntry::NOP;

/// Every (key, value) pair the identity commits to, in ascending key order (see the module
/// docs for the layout). The keys are distinct.
pub fn leaves(rom: &Rom, init: &InitialMemory, entry: u32) -> Vec<([u8; 32], [u8; 32])> {
    let mut out = Vec::with_capacity(5 + 2 * rom.len());

    let mut header = [0u8; 32];
    header[..4].copy_from_slice(&entry.to_le_bytes());
    header[4] = LAYOUT_VERSION;
    out.push((key(tag::HEADER, 0), header));

    for (i, group) in init.regs().chunks(8).enumerate() {
        let mut v = [0u8; 32];
        for (slot, r) in v.chunks_mut(4).zip(group) {
            slot.copy_from_slice(&r.to_le_bytes());
        }
        out.push((key(tag::REGS, i as u32), v));
    }

    // ROM pcs are 4-aligned (Rom::from_program decodes aligned words only), so pc / 4 is
    // injective on them.
    for (pc, e) in rom.entries() {
        out.push((key(tag::ROM, pc >> 2), rom_value(e)));
    }

    // Continuation keys follow the ecalls in pc order (ascending, like the ROM's).
    for (pc, e) in rom.entries() {
        if e.has(crate::rom::flag::ECALL)
            && let Some(next) = pc.checked_add(4)
        {
            out.push((key(tag::CONT, next >> 2), rom_value(&CONT_ENTRY)));
        }
    }

    // 8 aligned words per key; words() is ascending, so chunks come out in order.
    let mut chunk: Option<(u32, [u8; 32])> = None;
    for (addr, w) in init.words() {
        let idx = addr >> 5;
        match &mut chunk {
            Some((c, _)) if *c == idx => {}
            _ => {
                if let Some((c, v)) = chunk.take() {
                    out.push((key(tag::MEM, c), v));
                }
                chunk = Some((idx, [0u8; 32]));
            }
        }
        if let Some((_, v)) = &mut chunk {
            let off = (addr & 31) as usize;
            v[off..off + 4].copy_from_slice(&w.to_le_bytes());
        }
    }
    if let Some((c, v)) = chunk {
        out.push((key(tag::MEM, c), v));
    }

    for (page, p) in init.page_perms() {
        let mut v = [0u8; 32];
        v[0] = p;
        out.push((key(tag::PERM, page), v));
    }
    out
}

/// The Grumpkin CRS (256 generators), derived once per process. No fixed-base tables
/// ([`umbra_verkle::Committer`]): building them costs far more than the few dozen
/// commitments an identity needs.
fn crs() -> &'static Crs<Grumpkin> {
    static C: OnceLock<Crs<Grumpkin>> = OnceLock::new();
    C.get_or_init(Crs::new)
}

/// `Σ s·G_i` over the pairs `(i, s)` (indices below the width; others are skipped), by a
/// variable-base MSM over the non-zero terms only.
fn commit(crs: &Crs<Grumpkin>, terms: &[(usize, GrumpkinScalar)]) -> GrumpkinPoint {
    let (bases, scalars): (Vec<_>, Vec<_>) = terms
        .iter()
        .filter(|(_, s)| !s.is_zero())
        .filter_map(|&(i, s)| Some((*crs.g_affine.get(i)?, s)))
        .unzip();
    msm_straus_vartime::<GrumpkinPoint>(&bases, &scalars)
}

/// The root commitment of the [`umbra_verkle::VerkleTree`] holding exactly `leaves`,
/// computed bottom-up in one pass: one MSM per node instead of
/// [`umbra_verkle::VerkleTree::insert`]'s incremental updates along the path of every key.
/// Later pairs overwrite earlier ones with the same key, as insertion would. Equal to
/// inserting the pairs in any order (tested against `VerkleTree`); the empty set gives the
/// identity.
fn root_commitment(crs: &Crs<Grumpkin>, leaves: &[([u8; 32], [u8; 32])]) -> GrumpkinPoint {
    // stem → suffix → value, sorted by stem.
    let mut stems: BTreeMap<Stem, BTreeMap<u8, [u8; 32]>> = BTreeMap::new();
    for (k, v) in leaves {
        let (stem, suffix) = split_key(k);
        stems.entry(stem).or_default().insert(suffix, *v);
    }
    let hashed: Vec<(Stem, GrumpkinScalar)> = stems
        .iter()
        .map(|(stem, values)| {
            let leaf = leaf_commitment(crs, stem, values);
            (*stem, Grumpkin::map_to_scalar(&leaf))
        })
        .collect();
    internal(crs, &hashed, 0)
}

/// A leaf (extension) node: `[1, stem, map(C1), map(C2)]`, where `C1` holds suffixes
/// `0..128` and `C2` suffixes `128..256`, value `v` at suffix `s` as
/// `value_scalars(v)` in slots `2(s mod 128)` and `2(s mod 128) + 1` (`umbra_verkle::tree`).
fn leaf_commitment(
    crs: &Crs<Grumpkin>,
    stem: &Stem,
    values: &BTreeMap<u8, [u8; 32]>,
) -> GrumpkinPoint {
    let mut halves: [Vec<(usize, GrumpkinScalar)>; 2] = [Vec::new(), Vec::new()];
    for (&s, v) in values {
        let (lo, hi) = value_scalars::<GrumpkinScalar>(Some(v));
        let slot = 2 * usize::from(s % 128);
        halves[usize::from(s >= 128)].extend([(slot, lo), (slot + 1, hi)]);
    }
    let [c1, c2] = halves.map(|h| commit(crs, &h));
    commit(
        crs,
        &[
            (0, GrumpkinScalar::one()),
            (1, stem_scalar(stem)),
            (2, Grumpkin::map_to_scalar(&c1)),
            (3, Grumpkin::map_to_scalar(&c2)),
        ],
    )
}

/// The internal node at `depth` over `leaves` (sorted, distinct stems sharing their first
/// `depth` bytes, with their leaf hashes): children are indexed by `stem[depth]`; a child
/// holding one stem is that leaf, a child holding several is an internal node one level
/// down (the tree's canonical form: a leaf sits right below the shortest prefix no other
/// stem shares).
fn internal(crs: &Crs<Grumpkin>, leaves: &[(Stem, GrumpkinScalar)], depth: usize) -> GrumpkinPoint {
    let mut children: Vec<(usize, GrumpkinScalar)> = Vec::new();
    let mut rest = leaves;
    // Distinct stems that share `depth` bytes differ at a later one, so `depth` stays
    // below the stem length (the `else` is unreachable).
    while let Some(&idx) = rest.first().and_then(|(s, _)| s.get(depth)) {
        let n = rest
            .iter()
            .take_while(|(s, _)| s.get(depth) == Some(&idx))
            .count();
        let (group, tail) = rest.split_at(n);
        let hash = match group {
            [(_, h)] => *h,
            _ => Grumpkin::map_to_scalar(&internal(crs, group, depth + 1)),
        };
        children.push((usize::from(idx), hash));
        rest = tail;
    }
    commit(crs, &children)
}

/// Why an identity could not be computed or parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityError {
    /// The root commitment is the group identity. No program has this id: the header key is
    /// always present, so it would take a discrete-log relation between the CRS generators.
    IdentityPoint,
    /// [`ProgramId::from_bytes`]: not 32 bytes.
    Length {
        /// The length given.
        len: usize,
    },
    /// [`ProgramId::from_str`]: not 64 hexadecimal digits.
    Hex,
    /// [`ProgramId::from_bytes`]: not the canonical encoding of a Grumpkin point.
    Encoding(EncodingError),
}

impl fmt::Display for IdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IdentityPoint => f.write_str("the program id is the identity point"),
            Self::Length { len } => write!(f, "a program id is 32 bytes, got {len}"),
            Self::Hex => f.write_str("a program id is 64 hexadecimal digits"),
            Self::Encoding(e) => write!(f, "invalid program id: {e}"),
        }
    }
}

impl std::error::Error for IdentityError {}

impl From<EncodingError> for IdentityError {
    fn from(e: EncodingError) -> Self {
        Self::Encoding(e)
    }
}

/// A program's identity: the root commitment of the Grumpkin Verkle tree over its ROM and
/// initial memory (see the module docs).
#[derive(Clone, Copy)]
pub struct ProgramId {
    bytes: [u8; 32],
    commitment: GrumpkinPoint,
    digest: Fr,
}

impl ProgramId {
    /// The identity of `program`: its [`Rom::from_program`], its
    /// [`InitialMemory::from_program`] and its entry pc.
    pub fn of(program: &Program) -> Result<Self, IdentityError> {
        Self::commit(
            &Rom::from_program(program),
            &InitialMemory::from_program(program),
            program.entry(),
        )
    }

    /// The identity of an already built verifier view (for a verifier that needs `rom` and
    /// `init` anyway, or an initial state with preset registers,
    /// [`InitialMemory::with_reg`]).
    pub fn commit(rom: &Rom, init: &InitialMemory, entry: u32) -> Result<Self, IdentityError> {
        Self::from_commitment(root_commitment(crs(), &leaves(rom, init, entry)))
    }

    fn from_commitment(commitment: GrumpkinPoint) -> Result<Self, IdentityError> {
        if commitment.is_zero() {
            return Err(IdentityError::IdentityPoint);
        }
        Ok(Self {
            bytes: Grumpkin::encode(&commitment),
            commitment,
            digest: Grumpkin::map_to_field(&commitment),
        })
    }

    /// Parse [`ProgramId::to_bytes`]: exactly 32 bytes, the canonical encoding of a Grumpkin
    /// point other than the identity.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, IdentityError> {
        let b: &[u8; 32] = bytes
            .try_into()
            .map_err(|_| IdentityError::Length { len: bytes.len() })?;
        Self::from_commitment(Grumpkin::decode(b)?)
    }

    /// The compressed root commitment (32 bytes; see the module docs).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// The root commitment.
    pub fn commitment(&self) -> GrumpkinPoint {
        self.commitment
    }

    /// The field element the prover's Fiat–Shamir transcript absorbs: the tree's root hash
    /// `x/y` of the root commitment, in BN254 Fr (Grumpkin's base field).
    pub fn digest(&self) -> Fr {
        self.digest
    }
}

impl PartialEq for ProgramId {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for ProgramId {}

impl core::hash::Hash for ProgramId {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

/// Lowercase hex of [`ProgramId::to_bytes`] (64 digits).
impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProgramId({self})")
    }
}

/// Parse the [`Display`](fmt::Display) form: 64 hexadecimal digits (either case), then
/// [`ProgramId::from_bytes`].
impl FromStr for ProgramId {
    type Err = IdentityError;

    fn from_str(s: &str) -> Result<Self, IdentityError> {
        let s = s.as_bytes();
        if s.len() != 64 {
            return Err(IdentityError::Hex);
        }
        let digit = |c: u8| char::from(c).to_digit(16).ok_or(IdentityError::Hex);
        let mut bytes = [0u8; 32];
        for (b, pair) in bytes.iter_mut().zip(s.chunks_exact(2)) {
            *b = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Self::from_bytes(&bytes)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;
    use umbra_verkle::{Committer, VerkleTree};

    /// The tree's commitment key (fixed-base tables), built once for the whole module.
    fn committer() -> &'static Committer<Grumpkin> {
        static C: OnceLock<Committer<Grumpkin>> = OnceLock::new();
        C.get_or_init(|| Committer::new(Crs::new()))
    }

    /// Keys drawn from few distinct byte values, so stems share prefixes of every length.
    fn keys() -> impl Strategy<Value = Vec<([u8; 32], [u8; 32])>> {
        let byte = prop::sample::select(vec![0u8, 1, 0x80, 0xff]);
        let key = (prop::collection::vec(byte, 6), any::<u8>(), 0usize..6).prop_map(
            |(b, suffix, spread)| {
                let mut k = [0u8; 32];
                // The varying bytes land at positions 0..6 or deep in the stem.
                for (i, x) in b.iter().enumerate() {
                    k[if i < spread { i } else { 24 + i }] = *x;
                }
                k[31] = suffix;
                k
            },
        );
        prop::collection::vec((key, any::<[u8; 32]>()), 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn bottom_up_root_equals_the_tree_s(leaves in keys()) {
            let mut t = VerkleTree::new(committer());
            for (k, v) in &leaves {
                t.insert(k, *v);
            }
            let root = root_commitment(crs(), &leaves);
            prop_assert!(Grumpkin::points_eq(&root, &t.root_commitment()));
        }
    }

    #[test]
    fn empty_set_is_the_identity() {
        assert!(root_commitment(crs(), &[]).is_zero());
    }
}
