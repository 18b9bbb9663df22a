//! EIP-6800 for Ethereum users: the tree-key helpers (`pedersen_hash`,
//! `get_tree_key` and the account-header, code-chunk and storage-slot keys)
//! and verification of an execution witness (go-verkle's `VerkleProof` with
//! its `stateDiff`) against a pre-state root.
//!
//! # Tree keys
//!
//! [`pedersen_hash`] is EIP-6800's: the input (at most 255·16 bytes) is
//! zero-padded and cut into 16-byte little-endian integers, preceded by
//! `2 + 256·len(input)`; the 256 integers are committed with the Banderwagon
//! CRS ([`Crs::new`], seed `eth_verkle_oct_2021`) and the commitment is hashed
//! to 32 bytes as the tree hashes a child (`map_to_scalar`, little-endian),
//! as go-verkle / geth and rust-verkle do. [`get_tree_key`] keeps the first 31
//! bytes of `pedersen_hash(address32 ‖ tree_index as 32 bytes LE)` as the stem
//! and appends the sub-index.
//!
//! # Execution witnesses
//!
//! [`verify_execution_witness`] rebuilds, from the state diff's keys and
//! current values and the per-stem extension statuses, the openings
//! go-verkle's prover made (the same query set and order), reads the path
//! commitments, and checks the multiproof under go-verkle's transcript label
//! `vt` against the pre-state root. On top of what go-verkle checks it binds
//! the node kinds the format leaves open (see "Node kinds" below and
//! `docs/verkle.md`, "EIP-6800 execution witnesses").
//!
//! # Example
//!
//! ```
//! use umbra_verkle::{Committer, Crs, Domain, eip6800};
//!
//! let committer = Committer::new(Crs::new());
//! // The account-header stem of an address (ethereumjs' `getStem` test value).
//! let address = eip6800::address32(&[
//!     0x71, 0x56, 0x2b, 0x71, 0x99, 0x98, 0x73, 0xdb, 0x5b, 0x28,
//!     0x6d, 0xf9, 0x57, 0xaf, 0x19, 0x9e, 0xc9, 0x46, 0x17, 0xf7,
//! ]);
//! let key = eip6800::account_header_key(&committer, &address, eip6800::BALANCE_LEAF_KEY)?;
//! assert_eq!(key[..4], [0x15, 0x40, 0xdf, 0xad]);
//! assert_eq!(key[31], eip6800::BALANCE_LEAF_KEY);
//!
//! // A witness is checked against the parent block's state root; a
//! // witness that names no key proves nothing and is refused.
//! let witness = eip6800::ExecutionWitness {
//!     state_diff: vec![],
//!     verkle_proof: eip6800::VerkleProof {
//!         other_stems: vec![],
//!         depth_extension_present: vec![],
//!         commitments_by_path: vec![],
//!         d: [0; 32],
//!         ipa_proof: eip6800::WitnessIpaProof {
//!             cl: [[0; 32]; 8],
//!             cr: [[0; 32]; 8],
//!             final_evaluation: [0; 32],
//!         },
//!     },
//! };
//! let root = eip6800::decode_hex_array::<32>(
//!     "0x64e1a647f42e5c2e3c434531ccf529e1b3e93363a40db9fc8eec81f492123510",
//! )?;
//! let domain = Domain::new(256);
//! assert_eq!(
//!     eip6800::verify_execution_witness(committer.crs(), &domain, &root, &witness),
//!     Err(eip6800::Error::NoKeys)
//! );
//! # Ok::<(), eip6800::Error>(())
//! ```
//!
//! Variable time (public data only).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use ark_ff::{One, Zero};
use core::fmt;

use crate::commit::Committer;
use crate::crs::{Crs, WIDTH};
use crate::error::{EncodingError, ProofError};
use crate::group::{Banderwagon, BanderwagonScalar, VerkleGroup, field_to_le};
use crate::ipa::IpaProof;
use crate::lagrange::Domain;
use crate::multiproof::{self, MultiProof, VerifierQuery};
use crate::transcript::Transcript;
use crate::tree::{Key, STEM_LEN, Stem, Value, stem_scalar, value_scalars};

/// Longest input [`pedersen_hash`] accepts: 255 integers of 16 bytes.
pub const PEDERSEN_HASH_MAX_INPUT: usize = 255 * 16;

/// Sub-index of the account version in the header stem (EIP-6800 as run on
/// the Kaustinen testnets; later drafts pack the header into
/// [`BASIC_DATA_LEAF_KEY`]).
pub const VERSION_LEAF_KEY: u8 = 0;
/// Sub-index of the balance (Kaustinen layout).
pub const BALANCE_LEAF_KEY: u8 = 1;
/// Sub-index of the nonce (Kaustinen layout).
pub const NONCE_LEAF_KEY: u8 = 2;
/// Sub-index of the code hash (Kaustinen layout).
pub const CODE_KECCAK_LEAF_KEY: u8 = 3;
/// Sub-index of the code size (Kaustinen layout).
pub const CODE_SIZE_LEAF_KEY: u8 = 4;
/// Sub-index of the packed version/code size/nonce/balance word (current
/// EIP-6800 draft).
pub const BASIC_DATA_LEAF_KEY: u8 = 0;
/// Sub-index of the code hash (current EIP-6800 draft).
pub const CODE_HASH_LEAF_KEY: u8 = 1;
/// First header sub-index used for storage slots `0..64`.
pub const HEADER_STORAGE_OFFSET: u64 = 64;
/// First header sub-index used for code chunks.
pub const CODE_OFFSET: u64 = 128;
/// Width of a Verkle node.
pub const VERKLE_NODE_WIDTH: u64 = 256;

/// go-verkle's multiproof transcript label for execution witnesses.
pub const WITNESS_TRANSCRIPT_LABEL: &[u8] = b"vt";

/// Number of IPA rounds of a width-256 proof (`cl` and `cr` have this many
/// points each).
pub const IPA_ROUNDS: usize = 8;

/// Why a tree-key computation or an execution witness was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// [`pedersen_hash`] input longer than [`PEDERSEN_HASH_MAX_INPUT`].
    InputTooLong,
    /// The committer's CRS does not have the 256 generators EIP-6800 uses.
    CrsWidth,
    /// A hex string has a character that is not a hex digit, or odd length.
    InvalidHex,
    /// A decoded field has the wrong length.
    InvalidLength,
    /// A point or scalar is not canonically encoded (or not in the group).
    Encoding(EncodingError),
    /// The state diff names no key (a multiproof of nothing proves nothing).
    NoKeys,
    /// Stems, or the suffixes of one stem, are not strictly ascending.
    NotSorted,
    /// A stem has no suffix, or `depthExtensionPresent` does not have one
    /// valid byte per stem (count, status 3, reserved bit 2, depth out of
    /// `1..=31`).
    Malformed,
    /// A current value is given for a key whose stem the proof says is absent.
    ValueForAbsentStem,
    /// `otherStems` do not match the absent-other statuses (missing, unused,
    /// not sharing the path, or equal to the stem they stand in for).
    OtherStems,
    /// The statuses contradict each other (a path both a leaf and an internal
    /// node, a slot both empty and occupied, two leaves at one path).
    Inconsistent,
    /// `commitmentsByPath` does not have one commitment per non-root node.
    CommitmentCount,
    /// A node commitment is the identity point (no node of a real tree is).
    IdentityNode,
    /// An empty-slot absence whose node the witness does not show to be an
    /// internal node (it could be a leaf posing as one): see
    /// [`verify_execution_witness`]. [`check_execution_witness`] accepts it
    /// and reports the stem instead.
    UnboundAbsence,
    /// The multiproof does not verify against the root.
    Invalid,
}

impl From<EncodingError> for Error {
    fn from(e: EncodingError) -> Self {
        Self::Encoding(e)
    }
}

impl From<ProofError> for Error {
    fn from(e: ProofError) -> Self {
        match e {
            ProofError::Encoding(e) => Self::Encoding(e),
            ProofError::Length => Self::InvalidLength,
            ProofError::Invalid => Self::Invalid,
            _ => Self::Malformed,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InputTooLong => f.write_str("pedersen_hash input longer than 4080 bytes"),
            Self::CrsWidth => f.write_str("committer does not have 256 generators"),
            Self::InvalidHex => f.write_str("invalid hex string"),
            Self::InvalidLength => f.write_str("field has the wrong length"),
            Self::Encoding(e) => write!(f, "bad encoding in witness: {e}"),
            Self::NoKeys => f.write_str("witness names no key"),
            Self::NotSorted => f.write_str("stems or suffixes not strictly ascending"),
            Self::Malformed => f.write_str("malformed extension statuses or state diff"),
            Self::ValueForAbsentStem => f.write_str("value given for a key of an absent stem"),
            Self::OtherStems => f.write_str("other stems do not match the statuses"),
            Self::Inconsistent => f.write_str("extension statuses contradict each other"),
            Self::CommitmentCount => f.write_str("wrong number of path commitments"),
            Self::IdentityNode => f.write_str("a node commitment is the identity"),
            Self::UnboundAbsence => {
                f.write_str("absence through a node the witness does not show to be internal")
            }
            Self::Invalid => f.write_str("witness proof does not verify"),
        }
    }
}

impl core::error::Error for Error {}

// ---------------------------------------------------------------------------
// Tree keys
// ---------------------------------------------------------------------------

/// EIP-6800 `pedersen_hash(input)`: commit to
/// `[2 + 256·len, le16(chunk 0), …, le16(chunk 254)]` (input zero-padded to
/// 255·16 bytes) and hash the commitment (`map_to_scalar`, 32 bytes LE).
/// `InputTooLong` for more than [`PEDERSEN_HASH_MAX_INPUT`] bytes.
pub fn pedersen_hash(committer: &Committer<Banderwagon>, input: &[u8]) -> Result<[u8; 32], Error> {
    if input.len() > PEDERSEN_HASH_MAX_INPUT {
        return Err(Error::InputTooLong);
    }
    if committer.width() != WIDTH {
        return Err(Error::CrsWidth);
    }
    let mut slots: Vec<(usize, BanderwagonScalar)> = Vec::with_capacity(1 + input.len() / 16 + 1);
    slots.push((0, BanderwagonScalar::from(2 + 256 * input.len() as u64)));
    for (i, chunk) in input.chunks(16).enumerate() {
        let mut le = [0u8; 16];
        le[..chunk.len()].copy_from_slice(chunk);
        let v = BanderwagonScalar::from(u128::from_le_bytes(le));
        if !v.is_zero() {
            slots.push((i + 1, v));
        }
    }
    let c = committer.commit_sparse(&slots).ok_or(Error::CrsWidth)?;
    Ok(field_to_le(&Banderwagon::map_to_scalar(&c)))
}

/// EIP-6800 `get_tree_key(address, tree_index, sub_index)`: the first 31
/// bytes of `pedersen_hash(address ‖ tree_index as 32 bytes little-endian)`,
/// then `sub_index`. `tree_index_le` is the 256-bit tree index, little-endian.
/// `CrsWidth` if the committer does not have the 256 EIP-6800 generators.
pub fn get_tree_key(
    committer: &Committer<Banderwagon>,
    address: &[u8; 32],
    tree_index_le: &[u8; 32],
    sub_index: u8,
) -> Result<Key, Error> {
    let mut input = [0u8; 64];
    input[..32].copy_from_slice(address);
    input[32..].copy_from_slice(tree_index_le);
    let mut key = pedersen_hash(committer, &input)?;
    key[STEM_LEN] = sub_index;
    Ok(key)
}

/// An old-style 20-byte address as the 32-byte address EIP-6800 hashes
/// (12 zero bytes, then the address).
pub fn address32(address20: &[u8; 20]) -> [u8; 32] {
    let mut a = [0u8; 32];
    a[12..].copy_from_slice(address20);
    a
}

/// Key of an account-header field: `get_tree_key(address, 0, leaf_key)`
/// (e.g. [`BALANCE_LEAF_KEY`], or [`BASIC_DATA_LEAF_KEY`] in the current
/// draft).
pub fn account_header_key(
    committer: &Committer<Banderwagon>,
    address: &[u8; 32],
    leaf_key: u8,
) -> Result<Key, Error> {
    get_tree_key(committer, address, &[0u8; 32], leaf_key)
}

/// Key of code chunk `chunk_id`: position `CODE_OFFSET + chunk_id`, tree
/// index `pos / 256`, sub-index `pos % 256`.
pub fn code_chunk_key(
    committer: &Committer<Banderwagon>,
    address: &[u8; 32],
    chunk_id: u64,
) -> Result<Key, Error> {
    let pos = u128::from(CODE_OFFSET) + u128::from(chunk_id);
    let mut index = [0u8; 32];
    index[..16].copy_from_slice(&(pos >> 8).to_le_bytes());
    get_tree_key(committer, address, &index, (pos & 0xff) as u8)
}

/// Key of storage slot `storage_key` (the 32-byte EVM word, **big-endian**):
/// slots below `CODE_OFFSET − HEADER_STORAGE_OFFSET = 64` live in the header
/// stem at `64 + slot`; the others at position `256^31 + slot`, i.e. tree
/// index `2^240 + slot / 256` and sub-index `slot % 256`. The arithmetic is
/// exact (as the EIP's unbounded integers; no wrap-around for slots near
/// `2^256`).
pub fn storage_slot_key(
    committer: &Committer<Banderwagon>,
    address: &[u8; 32],
    storage_key: &[u8; 32],
) -> Result<Key, Error> {
    let small = storage_key[..31].iter().all(|b| *b == 0)
        && u64::from(storage_key[31]) < CODE_OFFSET - HEADER_STORAGE_OFFSET;
    if small {
        return get_tree_key(
            committer,
            address,
            &[0u8; 32],
            (HEADER_STORAGE_OFFSET as u8) + storage_key[31],
        );
    }
    // slot / 256 little-endian: big-endian bytes 0..31, reversed.
    let mut index = [0u8; 32];
    for (i, b) in index.iter_mut().take(31).enumerate() {
        *b = storage_key[30 - i];
    }
    // + 2^240 (byte 30), with the carry into byte 31.
    let (sum, carry) = index[30].overflowing_add(1);
    index[30] = sum;
    if carry {
        index[31] += 1;
    }
    get_tree_key(committer, address, &index, storage_key[31])
}

/// EIP-6800 `chunkify_code`: the code, zero-padded to a multiple of 31
/// bytes, in 31-byte chunks, each preceded by the number of its leading bytes
/// that are PUSH data of an instruction in an earlier chunk (at most 31).
/// Chunk `i` is stored at [`code_chunk_key`]`(address, i)`.
pub fn chunkify_code(code: &[u8]) -> Vec<[u8; 32]> {
    const PUSH1: u8 = 0x60;
    const PUSH32: u8 = 0x7f;
    let n = code.len().div_ceil(31);
    let mut out = Vec::with_capacity(n);
    // Position of the next instruction (after any PUSH data).
    let mut pc = 0usize;
    for c in 0..n {
        let start = 31 * c;
        let end = core::cmp::min(start + 31, code.len());
        let mut chunk = [0u8; 32];
        chunk[0] = core::cmp::min(pc.saturating_sub(start), 31) as u8;
        chunk[1..1 + end - start].copy_from_slice(&code[start..end]);
        // The instructions that start in this chunk (padding is STOP).
        while pc < start + 31 {
            let op = code.get(pc).copied().unwrap_or(0);
            pc += 1;
            if (PUSH1..=PUSH32).contains(&op) {
                pc += usize::from(op - PUSH1 + 1);
            }
        }
        out.push(chunk);
    }
    out
}

// ---------------------------------------------------------------------------
// Hex helpers for the JSON fields
// ---------------------------------------------------------------------------

fn hex_digit(c: u8) -> Result<u8, Error> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(Error::InvalidHex),
    }
}

/// Decode a hex string as the JSON fields carry them (`0x` prefix optional).
pub fn decode_hex(s: &str) -> Result<Vec<u8>, Error> {
    let s = s.strip_prefix("0x").unwrap_or(s).as_bytes();
    if !s.len().is_multiple_of(2) {
        return Err(Error::InvalidHex);
    }
    s.chunks(2)
        .map(|p| Ok(hex_digit(p[0])? << 4 | hex_digit(p[1])?))
        .collect()
}

/// Decode a hex string of exactly `N` bytes (`InvalidLength` otherwise).
pub fn decode_hex_array<const N: usize>(s: &str) -> Result<[u8; N], Error> {
    decode_hex(s)?.try_into().map_err(|_| Error::InvalidLength)
}

// ---------------------------------------------------------------------------
// Execution witness
// ---------------------------------------------------------------------------

/// One key of a stem in the state diff: its suffix, the value before the
/// block (`None`: absent) and after (`None`: unchanged or absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuffixStateDiff {
    /// The key's last byte.
    pub suffix: u8,
    /// Pre-state value (`currentValue`); this is what the proof proves.
    pub current_value: Option<Value>,
    /// Post-state value (`newValue`); not checked by the pre-state proof.
    pub new_value: Option<Value>,
}

/// The keys of one stem in the state diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StemStateDiff {
    /// The 31-byte stem.
    pub stem: Stem,
    /// Its keys, by strictly ascending suffix.
    pub suffix_diffs: Vec<SuffixStateDiff>,
}

/// The IPA part of a witness proof (`ipaProof`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WitnessIpaProof {
    /// `cl`: the round points `L_0..L_7` (Banderwagon encodings).
    pub cl: [[u8; 32]; IPA_ROUNDS],
    /// `cr`: the round points `R_0..R_7`.
    pub cr: [[u8; 32]; IPA_ROUNDS],
    /// `finalEvaluation`: the folded scalar `a`, **big-endian** as go-verkle
    /// writes it.
    pub final_evaluation: [u8; 32],
}

/// go-verkle's `VerkleProof` (`verkleProof` in the JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerkleProof {
    /// `otherStems`: the stems of leaves found where absent stems lead, for
    /// paths no present stem of the witness already covers, in order.
    pub other_stems: Vec<Stem>,
    /// `depthExtensionPresent`: one byte per stem, `depth << 3 | status`
    /// (0 absent-empty, 1 absent-other, 2 present).
    pub depth_extension_present: Vec<u8>,
    /// `commitmentsByPath`: the non-root node commitments, by path order.
    pub commitments_by_path: Vec<[u8; 32]>,
    /// `d`: the multiproof's commitment to the quotient.
    pub d: [u8; 32],
    /// `ipaProof`.
    pub ipa_proof: WitnessIpaProof,
}

/// An EIP-6800 execution witness: the state diff and the proof of its
/// pre-state values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutionWitness {
    /// `stateDiff`, by strictly ascending stem.
    pub state_diff: Vec<StemStateDiff>,
    /// `verkleProof`.
    pub verkle_proof: VerkleProof,
}

/// What the proof says a lookup of a stem finds (the extension status).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtensionStatus {
    /// Absent: an empty slot, at index `stem[depth − 1]` of the internal
    /// node at path `stem[..depth − 1]`.
    AbsentEmpty,
    /// Absent: the leaf at path `stem[..depth]` belongs to another stem.
    AbsentOther,
    /// Present: the stem's own leaf is at path `stem[..depth]`.
    Present,
}

impl ExtensionStatus {
    /// Decode one `depthExtensionPresent` byte into status and depth.
    /// `Malformed` for status 3, a set reserved bit 2, or a depth outside
    /// `1..=31`.
    pub fn decode(byte: u8) -> Result<(Self, u8), Error> {
        let status = match byte & 3 {
            0 => Self::AbsentEmpty,
            1 => Self::AbsentOther,
            2 => Self::Present,
            _ => return Err(Error::Malformed),
        };
        let depth = byte >> 3;
        if byte & 4 != 0 || depth == 0 || depth as usize > STEM_LEN {
            return Err(Error::Malformed);
        }
        Ok((status, depth))
    }

    /// The byte [`Self::decode`] reads back; `Malformed` for a depth outside
    /// `1..=31`.
    pub fn encode(self, depth: u8) -> Result<u8, Error> {
        if depth == 0 || depth as usize > STEM_LEN {
            return Err(Error::Malformed);
        }
        Ok((depth << 3)
            | match self {
                Self::AbsentEmpty => 0,
                Self::AbsentOther => 1,
                Self::Present => 2,
            })
    }
}

/// What [`check_execution_witness`] learnt besides "the proof verifies".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WitnessReport {
    /// Stems proved absent through an empty slot of a node that the witness
    /// does not show to be internal. go-verkle accepts these; a dishonest
    /// prover can produce such a "proof" for a present stem (the node is
    /// really the stem's leaf), so they are not proofs of absence.
    pub unbound_absences: Vec<Stem>,
}

type Path = Vec<u8>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeKind {
    Internal,
    Leaf(Stem),
    Suffix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opening {
    /// The hash of the child commitment at `path ‖ z`.
    Child,
    /// An empty slot: 0, and no node at `path ‖ z`.
    Empty,
    /// A value the verifier computes itself.
    Scalar(BanderwagonScalar),
}

#[derive(Default)]
struct Statement {
    nodes: BTreeMap<Path, NodeKind>,
    openings: BTreeMap<(Path, u8), Opening>,
}

impl Statement {
    fn node(&mut self, path: &[u8], kind: NodeKind) -> Result<(), Error> {
        match self.nodes.get(path) {
            Some(k) if *k != kind => Err(Error::Inconsistent),
            Some(_) => Ok(()),
            None => {
                self.nodes.insert(path.to_vec(), kind);
                Ok(())
            }
        }
    }

    fn open(&mut self, path: &[u8], z: u8, o: Opening) -> Result<(), Error> {
        match self.openings.get(&(path.to_vec(), z)) {
            Some(old) if *old != o => Err(Error::Inconsistent),
            Some(_) => Ok(()),
            None => {
                self.openings.insert((path.to_vec(), z), o);
                Ok(())
            }
        }
    }

    /// The internal nodes from the root down to (excluding) `depth`.
    fn internal_path(&mut self, stem: &Stem, depth: usize) -> Result<(), Error> {
        for k in 0..depth {
            self.node(&stem[..k], NodeKind::Internal)?;
            self.open(&stem[..k], stem[k], Opening::Child)?;
        }
        Ok(())
    }

    fn leaf(&mut self, path: &[u8], owner: &Stem) -> Result<(), Error> {
        self.node(path, NodeKind::Leaf(*owner))?;
        self.open(path, 0, Opening::Scalar(BanderwagonScalar::one()))?;
        self.open(path, 1, Opening::Scalar(stem_scalar(owner)))
    }
}

fn check_sorted(w: &ExecutionWitness) -> Result<(), Error> {
    if w.state_diff.is_empty() {
        return Err(Error::NoKeys);
    }
    for pair in w.state_diff.windows(2) {
        if pair[0].stem >= pair[1].stem {
            return Err(Error::NotSorted);
        }
    }
    for sd in &w.state_diff {
        if sd.suffix_diffs.is_empty() {
            return Err(Error::Malformed);
        }
        for pair in sd.suffix_diffs.windows(2) {
            if pair[0].suffix >= pair[1].suffix {
                return Err(Error::NotSorted);
            }
        }
    }
    Ok(())
}

/// Build the statement (nodes and openings) from the claims and statuses.
fn build_statement(
    w: &ExecutionWitness,
    statuses: &[(ExtensionStatus, u8)],
) -> Result<Statement, Error> {
    let mut st = Statement::default();
    // Present stems first: an absent-other stem whose path holds a present
    // stem's leaf takes that stem, not an entry of `otherStems`.
    for (sd, &(status, depth)) in w.state_diff.iter().zip(statuses) {
        if status != ExtensionStatus::Present {
            continue;
        }
        let d = depth as usize;
        st.internal_path(&sd.stem, d)?;
        let p = &sd.stem[..d];
        st.leaf(p, &sd.stem)?;
        for s in &sd.suffix_diffs {
            let half = if s.suffix < 128 { 2 } else { 3 };
            st.open(p, half, Opening::Child)?;
            let mut sp = p.to_vec();
            sp.push(half);
            st.node(&sp, NodeKind::Suffix)?;
            let (lo, hi) = value_scalars::<BanderwagonScalar>(s.current_value.as_ref());
            let slot = 2 * (s.suffix % 128);
            st.open(&sp, slot, Opening::Scalar(lo))?;
            st.open(&sp, slot + 1, Opening::Scalar(hi))?;
        }
    }
    let mut others = w.verkle_proof.other_stems.iter();
    for (sd, &(status, depth)) in w.state_diff.iter().zip(statuses) {
        if status == ExtensionStatus::Present {
            continue;
        }
        if sd.suffix_diffs.iter().any(|s| s.current_value.is_some()) {
            return Err(Error::ValueForAbsentStem);
        }
        let d = depth as usize;
        match status {
            ExtensionStatus::AbsentEmpty => {
                st.internal_path(&sd.stem, d - 1)?;
                let q = &sd.stem[..d - 1];
                st.node(q, NodeKind::Internal)?;
                st.open(q, sd.stem[d - 1], Opening::Empty)?;
            }
            ExtensionStatus::AbsentOther => {
                if d >= STEM_LEN {
                    return Err(Error::Malformed);
                }
                st.internal_path(&sd.stem, d)?;
                let p = &sd.stem[..d];
                let owner = match st.nodes.get(p) {
                    Some(NodeKind::Leaf(owner)) => *owner,
                    Some(_) => return Err(Error::Inconsistent),
                    None => *others.next().ok_or(Error::OtherStems)?,
                };
                if owner == sd.stem || owner[..d] != sd.stem[..d] {
                    return Err(Error::OtherStems);
                }
                st.leaf(p, &owner)?;
            }
            ExtensionStatus::Present => {}
        }
    }
    if others.next().is_some() {
        return Err(Error::OtherStems);
    }
    // An empty slot must not hold a node of the statement.
    for ((path, z), o) in &st.openings {
        if *o == Opening::Empty {
            let mut child = path.clone();
            child.push(*z);
            if st.nodes.contains_key(&child) {
                return Err(Error::Inconsistent);
            }
        }
    }
    Ok(st)
}

/// Verify an execution witness against the pre-state root (the parent
/// block's state root, a 32-byte Banderwagon encoding), binding every
/// absence to an internal node.
///
/// Accepts exactly what [`check_execution_witness`] accepts with an empty
/// [`WitnessReport::unbound_absences`]; an absence the format cannot bind is
/// `UnboundAbsence`. That can reject an honest witness: EIP-6800's proof
/// opens an empty slot without any opening that tells an internal node from
/// a leaf, and a leaf holds 0 at most indices (`docs/verkle.md`, "EIP-6800
/// execution witnesses").
pub fn verify_execution_witness(
    crs: &Crs<Banderwagon>,
    domain: &Domain<BanderwagonScalar>,
    root: &[u8; 32],
    witness: &ExecutionWitness,
) -> Result<(), Error> {
    let report = check_execution_witness(crs, domain, root, witness)?;
    if report.unbound_absences.is_empty() {
        Ok(())
    } else {
        Err(Error::UnboundAbsence)
    }
}

/// Verify an execution witness against the pre-state root as go-verkle
/// does, with stricter parsing and node checks, and report the absences
/// whose node kind the witness leaves open instead of rejecting them.
///
/// Checks, in order: sorted, non-empty state diff; one valid status byte per
/// stem; no current value for an absent stem; `otherStems` exactly as the
/// absent-other statuses need them; statuses consistent with each other;
/// one canonical, in-subgroup commitment per non-root node, none of them
/// the identity (except `C1`/`C2` of a leaf, which may be empty); the
/// multiproof (label `vt`) over the rebuilt openings.
pub fn check_execution_witness(
    crs: &Crs<Banderwagon>,
    domain: &Domain<BanderwagonScalar>,
    root: &[u8; 32],
    witness: &ExecutionWitness,
) -> Result<WitnessReport, Error> {
    check_sorted(witness)?;
    let vp = &witness.verkle_proof;
    if vp.depth_extension_present.len() != witness.state_diff.len() {
        return Err(Error::Malformed);
    }
    let statuses = vp
        .depth_extension_present
        .iter()
        .map(|b| ExtensionStatus::decode(*b))
        .collect::<Result<Vec<_>, _>>()?;
    let st = build_statement(witness, &statuses)?;

    // Commitments: the root, then one per non-root node in path order (the
    // map's order is byte-lexicographic, go-verkle's `sort.Strings`).
    let root_point = Banderwagon::decode(root)?;
    if st.nodes.len() != vp.commitments_by_path.len() + 1 {
        return Err(Error::CommitmentCount);
    }
    let decoded = Banderwagon::decode_batch(&vp.commitments_by_path)?;
    let mut commitments = BTreeMap::new();
    let mut it = decoded.into_iter();
    for (path, kind) in &st.nodes {
        let c = if path.is_empty() {
            root_point
        } else {
            let c = it.next().ok_or(Error::CommitmentCount)?;
            if *kind != NodeKind::Suffix && Banderwagon::is_identity(&c) {
                return Err(Error::IdentityNode);
            }
            c
        };
        commitments.insert(path.clone(), c);
    }

    let mut values: BTreeMap<(Path, u8), BanderwagonScalar> = BTreeMap::new();
    let mut queries = Vec::with_capacity(st.openings.len());
    for ((path, z), o) in &st.openings {
        let y = match o {
            Opening::Child => {
                let mut child = path.clone();
                child.push(*z);
                let c = commitments.get(&child).ok_or(Error::Inconsistent)?;
                Banderwagon::map_to_scalar(c)
            }
            Opening::Empty => BanderwagonScalar::zero(),
            Opening::Scalar(v) => *v,
        };
        values.insert((path.clone(), *z), y);
        queries.push(VerifierQuery::<Banderwagon> {
            commitment: *commitments.get(path).ok_or(Error::Inconsistent)?,
            point: usize::from(*z),
            result: y,
        });
    }

    let mut ipa_bytes = Vec::with_capacity(IpaProof::<Banderwagon>::serialized_len(WIDTH));
    for p in vp.ipa_proof.cl.iter().chain(&vp.ipa_proof.cr) {
        ipa_bytes.extend_from_slice(p);
    }
    let mut a = vp.ipa_proof.final_evaluation;
    a.reverse();
    ipa_bytes.extend_from_slice(&a);
    let proof = MultiProof::<Banderwagon> {
        d: Banderwagon::decode(&vp.d)?,
        ipa: IpaProof::from_bytes(&ipa_bytes, WIDTH)?,
    };
    let mut transcript = Transcript::new(WITNESS_TRANSCRIPT_LABEL);
    multiproof::verify(crs, domain, &mut transcript, &queries, &proof)?;

    // Node kinds. A node is shown internal by an opening a leaf
    // `[1, stem, h(C1), h(C2), 0, …]` cannot satisfy: index 0 to a value
    // other than 1, or an index >= 4 to a non-zero value.
    let shown_internal = |path: &[u8]| {
        values
            .range((path.to_vec(), 0)..=(path.to_vec(), u8::MAX))
            .any(|((_, z), y)| {
                if *z == 0 {
                    !y.is_one()
                } else {
                    *z >= 4 && !y.is_zero()
                }
            })
    };
    let mut report = WitnessReport::default();
    for (sd, &(status, depth)) in witness.state_diff.iter().zip(&statuses) {
        if status != ExtensionStatus::AbsentEmpty {
            continue;
        }
        // Every non-root node on the way to the empty slot, the slot's own
        // node included: the root is internal by definition.
        let bound = (1..depth as usize).all(|k| shown_internal(&sd.stem[..k]));
        if !bound {
            report.unbound_absences.push(sd.stem);
        }
    }
    Ok(report)
}
