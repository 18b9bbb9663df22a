//! Proofs of presence and absence for a set of keys, checked against a root
//! commitment with one multiproof.
//!
//! For every distinct stem among the keys the proof states what a lookup
//! finds (an empty slot in an internal node, a leaf with another stem, or the
//! stem's own leaf) and at which depth. The verifier derives from this the
//! set of nodes on the paths, reads their commitments from the proof (the
//! root is known), computes every opening `(node, index) -> value` itself
//! (child hashes, `1`, stems, suffix-commitment hashes, value halves) and
//! checks them all with one [`MultiProof`].
//!
//! # Node kinds are bound (format version 2)
//!
//! A leaf's vector `[1, stem, h(C1), h(C2), 0, ...]` is 0 at most indices,
//! so a verifier that only opens "slot `stem[d]` is 0" cannot tell an empty
//! slot of an internal node from the key's own leaf (issue #20). Version 2
//! therefore opens **every node the verifier treats as internal at index 0**
//! and requires the value to be `!= 1`, while every leaf opens index 0 to
//! `1`. The value is the hash of the node's child 0 when a claimed path runs
//! through that child, and otherwise a scalar carried by the proof
//! ([`TreeProof::internal_slot0`]). A non-root node treated as internal must
//! also not be the identity commitment (the zero vector, which "opens 0
//! everywhere"). The soundness argument is in `docs/verkle.md`.
//!
//! # Wire format (version 2)
//!
//! ```text
//! u8       version = 2 (TREE_PROOF_VERSION)
//! u16 le   number of distinct stems (sorted ascending, as the keys give them)
//! per stem one byte  status << 6 | depth   (status 0 empty, 1 other stem, 2 present)
//!          + 31 bytes of the other stem when status = 1
//! u32 le   number of commitments, then 32 bytes each (canonical points),
//!          in the order of the node ids (path, kind) they belong to
//! u32 le   number of supplied index-0 values, then 32 bytes each (canonical
//!          scalars, little-endian), in the order of the internal nodes whose
//!          index-0 value no claimed path determines
//! 576 bytes  the multiproof (D || IPA proof), transcript label
//!          `umbra-verkle-tree-proof-v2`
//! ```
//!
//! This layout is Umbra's own (it carries the same information as EIP-6800's
//! `VerkleProof` plus the index-0 values, and is not byte-compatible with
//! it). Version 1 (no version byte, no index-0 values, label
//! `umbra-verkle-tree-proof`) was unsound and is not accepted: its first byte
//! is the low byte of the stem count, which this parser reads as a version.
//! Variable time.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec;
use alloc::vec::Vec;
use ark_ff::{One, Zero};

use crate::crs::{Crs, WIDTH};
use crate::error::ProofError;
use crate::group::{VerkleGroup, field_to_le};
use crate::ipa::scalar_from_le_canonical;
use crate::lagrange::Domain;
use crate::multiproof::{self, MultiProof, ProverQuery, VerifierQuery};
use crate::transcript::Transcript;
use crate::tree::{
    Internal, Key, Node, STEM_LEN, Stem, Value, VerkleTree, split_key, stem_scalar, value_scalars,
};

/// Transcript label of tree proofs (format version 2; version 1 used
/// `umbra-verkle-tree-proof`, so no version-1 multiproof verifies here).
pub const TREE_PROOF_LABEL: &[u8] = b"umbra-verkle-tree-proof-v2";

/// Wire-format version written and accepted by this module.
pub const TREE_PROOF_VERSION: u8 = 2;

/// What a lookup of a stem finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StemStatus {
    /// The internal node at `depth` has an empty slot at `stem[depth]`.
    Empty,
    /// The leaf at `depth` belongs to another stem (given).
    OtherStem(Stem),
    /// The stem's own leaf is at `depth`.
    Present,
}

/// Per-stem part of a proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StemInfo {
    /// What the lookup finds.
    pub status: StemStatus,
    /// Depth of the empty slot's internal node, or of the leaf.
    pub depth: u8,
}

/// A proof for a set of keys.
#[derive(Clone, Debug)]
pub struct TreeProof<G: VerkleGroup> {
    /// One entry per distinct stem, in ascending stem order.
    pub stems: Vec<StemInfo>,
    /// Commitments of the non-root nodes on the paths, by node id.
    pub commitments: Vec<G::Point>,
    /// Index-0 values of the nodes treated as internal whose index-0 value
    /// no claimed path determines (in node-id order). Each is opened by the
    /// multiproof and must be `!= 1`: that is what tells an internal node
    /// from a leaf, whose index 0 holds 1.
    pub internal_slot0: Vec<G::Scalar>,
    /// The multiproof over all openings.
    pub multiproof: MultiProof<G>,
}

/// Node id: path from the root and kind (0 node, 1 `C1`, 2 `C2`).
type NodeId = (Vec<u8>, u8);

impl<G: VerkleGroup> TreeProof<G> {
    /// Serialise (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![TREE_PROOF_VERSION];
        out.extend_from_slice(&(self.stems.len() as u16).to_le_bytes());
        for s in &self.stems {
            let (tag, other) = match &s.status {
                StemStatus::Empty => (0u8, None),
                StemStatus::OtherStem(o) => (1u8, Some(o)),
                StemStatus::Present => (2u8, None),
            };
            out.push(tag << 6 | s.depth);
            if let Some(o) = other {
                out.extend_from_slice(o);
            }
        }
        out.extend_from_slice(&(self.commitments.len() as u32).to_le_bytes());
        for e in G::encode_batch(&self.commitments) {
            out.extend_from_slice(&e);
        }
        out.extend_from_slice(&(self.internal_slot0.len() as u32).to_le_bytes());
        for v in &self.internal_slot0 {
            out.extend_from_slice(&field_to_le(v));
        }
        out.extend(self.multiproof.to_bytes());
        out
    }

    /// Parse, rejecting a version other than [`TREE_PROOF_VERSION`] and bad
    /// headers (`Malformed`), wrong lengths (`Length`) and non-canonical
    /// points or scalars (`Encoding`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofError> {
        let mut pos = 0usize;
        let mut take = |n: usize| -> Result<&[u8], ProofError> {
            let end = pos.checked_add(n).ok_or(ProofError::Length)?;
            let s = bytes.get(pos..end).ok_or(ProofError::Length)?;
            pos = end;
            Ok(s)
        };
        if take(1)?[0] != TREE_PROOF_VERSION {
            return Err(ProofError::Malformed);
        }
        let n_stems = u16::from_le_bytes([take(1)?[0], take(1)?[0]]) as usize;
        let mut stems = Vec::with_capacity(n_stems.min(4096));
        for _ in 0..n_stems {
            let b = take(1)?[0];
            let depth = b & 0x3f;
            let status = match b >> 6 {
                0 => StemStatus::Empty,
                1 => {
                    let mut o = [0u8; STEM_LEN];
                    o.copy_from_slice(take(STEM_LEN)?);
                    StemStatus::OtherStem(o)
                }
                2 => StemStatus::Present,
                _ => return Err(ProofError::Malformed),
            };
            stems.push(StemInfo { status, depth });
        }
        let nc = take(4)?;
        let nc = u32::from_le_bytes([nc[0], nc[1], nc[2], nc[3]]) as usize;
        let mut encoded = Vec::with_capacity(nc.min(bytes.len() / 32));
        for _ in 0..nc {
            let mut b = [0u8; 32];
            b.copy_from_slice(take(32)?);
            encoded.push(b);
        }
        // One batched inversion across all commitments.
        let commitments = G::decode_batch(&encoded)?;
        let ns = take(4)?;
        let ns = u32::from_le_bytes([ns[0], ns[1], ns[2], ns[3]]) as usize;
        let mut internal_slot0 = Vec::with_capacity(ns.min(bytes.len() / 32));
        for _ in 0..ns {
            internal_slot0.push(scalar_from_le_canonical(take(32)?)?);
        }
        let mp_len = MultiProof::<G>::serialized_len(WIDTH);
        let mp = take(mp_len)?;
        let multiproof = MultiProof::from_bytes(mp, WIDTH)?;
        if pos != bytes.len() {
            return Err(ProofError::Length);
        }
        Ok(Self {
            stems,
            commitments,
            internal_slot0,
            multiproof,
        })
    }
}

/// Keys grouped by stem: stem -> suffix -> claimed value.
type Claims = BTreeMap<Stem, BTreeMap<u8, Option<Value>>>;

fn group_claims(entries: &[(Key, Option<Value>)]) -> Result<Claims, ProofError> {
    let mut out: Claims = BTreeMap::new();
    for (k, v) in entries {
        let (stem, suffix) = split_key(k);
        let slot = out.entry(stem).or_default();
        if let Some(prev) = slot.insert(suffix, *v)
            && prev != *v
        {
            return Err(ProofError::Inconsistent);
        }
    }
    Ok(out)
}

/// The node ids a proof for `claims` with `stems` touches, and the paths of
/// the nodes treated as internal (ascending). Errors on contradictory
/// claims, including a path treated as internal by one stem and as a leaf
/// by another.
fn required_nodes(
    claims: &Claims,
    stems: &[StemInfo],
) -> Result<(BTreeSet<NodeId>, Vec<Vec<u8>>), ProofError> {
    if claims.len() != stems.len() {
        return Err(ProofError::Inconsistent);
    }
    let mut kinds: BTreeMap<Vec<u8>, bool> = BTreeMap::new();
    let mut set_kind = |p: &[u8], internal: bool| -> Result<(), ProofError> {
        match kinds.insert(p.to_vec(), internal) {
            Some(k) if k != internal => Err(ProofError::Inconsistent),
            _ => Ok(()),
        }
    };
    let mut ids = BTreeSet::new();
    for ((stem, suffixes), info) in claims.iter().zip(stems) {
        let d = info.depth as usize;
        match info.status {
            StemStatus::Empty => {
                if d >= STEM_LEN {
                    return Err(ProofError::Malformed);
                }
                if suffixes.values().any(Option::is_some) {
                    return Err(ProofError::Inconsistent);
                }
                for k in 0..=d {
                    set_kind(&stem[..k], true)?;
                    ids.insert((stem[..k].to_vec(), 0));
                }
            }
            StemStatus::OtherStem(_) | StemStatus::Present if d == 0 || d > STEM_LEN => {
                return Err(ProofError::Malformed);
            }
            StemStatus::OtherStem(other) => {
                if other == *stem || other[..d] != stem[..d] {
                    return Err(ProofError::Inconsistent);
                }
                if suffixes.values().any(Option::is_some) {
                    return Err(ProofError::Inconsistent);
                }
                for k in 0..d {
                    set_kind(&stem[..k], true)?;
                    ids.insert((stem[..k].to_vec(), 0));
                }
                set_kind(&stem[..d], false)?;
                ids.insert((stem[..d].to_vec(), 0));
            }
            StemStatus::Present => {
                for k in 0..d {
                    set_kind(&stem[..k], true)?;
                    ids.insert((stem[..k].to_vec(), 0));
                }
                set_kind(&stem[..d], false)?;
                ids.insert((stem[..d].to_vec(), 0));
                if suffixes.keys().any(|s| *s < 128) {
                    ids.insert((stem[..d].to_vec(), 1));
                }
                if suffixes.keys().any(|s| *s >= 128) {
                    ids.insert((stem[..d].to_vec(), 2));
                }
            }
        }
    }
    let internal = kinds
        .into_iter()
        .filter_map(|(p, internal)| internal.then_some(p))
        .collect();
    Ok((ids, internal))
}

/// Bind the kind of every node treated as internal: open it at index 0 and
/// require a value `!= 1` (a leaf holds 1 there). Where a claimed path
/// already fixes that opening (child 0 is on a path) its value is checked;
/// otherwise the next of `supplied` is used. All of `supplied` must be
/// consumed, so a proof has exactly one encoding of these values.
fn bind_internal_slot0<F: ark_ff::PrimeField>(
    open: &mut BTreeMap<(NodeId, usize), F>,
    internal: &[Vec<u8>],
    supplied: &[F],
) -> Result<(), ProofError> {
    let mut next = supplied.iter();
    for p in internal {
        let key = ((p.clone(), 0u8), 0usize);
        let y = match open.get(&key) {
            Some(y) => *y,
            None => {
                let y = *next.next().ok_or(ProofError::Inconsistent)?;
                open.insert(key, y);
                y
            }
        };
        if y.is_one() {
            return Err(ProofError::Invalid);
        }
    }
    if next.next().is_some() {
        return Err(ProofError::Inconsistent);
    }
    Ok(())
}

/// The internal paths whose index-0 opening no claimed path fixes: the
/// prover supplies their values, in this order.
fn undetermined_slot0<F>(
    open: &BTreeMap<(NodeId, usize), F>,
    internal: &[Vec<u8>],
) -> Vec<Vec<u8>> {
    internal
        .iter()
        .filter(|p| !open.contains_key(&(((*p).clone(), 0u8), 0usize)))
        .cloned()
        .collect()
}

fn other_or_self<'a>(s: &'a StemStatus, stem: &'a Stem) -> &'a Stem {
    match s {
        StemStatus::OtherStem(o) => o,
        _ => stem,
    }
}

/// Every opening `(node id, index) -> value` implied by the claims, given
/// the commitments of all required nodes. Errors on contradictions.
fn openings<G: VerkleGroup>(
    claims: &Claims,
    stems: &[StemInfo],
    comms: &BTreeMap<NodeId, G::Point>,
) -> Result<BTreeMap<(NodeId, usize), G::Scalar>, ProofError> {
    let hashes: BTreeMap<&NodeId, G::Scalar> = {
        let pts: Vec<G::Point> = comms.values().copied().collect();
        comms.keys().zip(G::map_to_scalar_batch(&pts)).collect()
    };
    let hash_of = |id: &NodeId| hashes.get(id).copied().ok_or(ProofError::Inconsistent);
    let mut out: BTreeMap<(NodeId, usize), G::Scalar> = BTreeMap::new();
    let mut put = |id: NodeId, z: usize, y: G::Scalar| -> Result<(), ProofError> {
        match out.insert((id, z), y) {
            Some(prev) if prev != y => Err(ProofError::Inconsistent),
            _ => Ok(()),
        }
    };
    for ((stem, suffixes), info) in claims.iter().zip(stems) {
        let d = info.depth as usize;
        let internal_depth = match info.status {
            StemStatus::Empty => d + 1,
            _ => d,
        };
        for k in 0..internal_depth {
            let idx = stem[k] as usize;
            let y = if matches!(info.status, StemStatus::Empty) && k == d {
                G::Scalar::zero()
            } else {
                hash_of(&(stem[..k + 1].to_vec(), 0))?
            };
            put((stem[..k].to_vec(), 0), idx, y)?;
        }
        if matches!(info.status, StemStatus::Empty) {
            continue;
        }
        let leaf = (stem[..d].to_vec(), 0u8);
        put(leaf.clone(), 0, G::Scalar::one())?;
        put(
            leaf.clone(),
            1,
            stem_scalar(other_or_self(&info.status, stem)),
        )?;
        if matches!(info.status, StemStatus::Present) {
            for (s, v) in suffixes {
                let half = if *s < 128 { 1u8 } else { 2u8 };
                let cid = (stem[..d].to_vec(), half);
                put(leaf.clone(), 1 + half as usize, hash_of(&cid)?)?;
                let (lo, hi) = value_scalars::<G::Scalar>(v.as_ref());
                let slot = 2 * (*s as usize % 128);
                put(cid.clone(), slot, lo)?;
                put(cid, slot + 1, hi)?;
            }
        }
    }
    Ok(out)
}

/// Verify `proof` for the claims `entries` (`Some(v)`: key holds `v`;
/// `None`: key is absent) against the root commitment `root`.
///
/// `root` must be the commitment of a tree's root, which is always an
/// internal node (it is checked like one). Errors: `Inconsistent` when the
/// proof's shape does not fit the claims (statuses, depths, counts of
/// commitments or index-0 values), `Invalid` when a node treated as
/// internal is the identity or opens index 0 to 1, or the multiproof fails.
pub fn verify<G: VerkleGroup>(
    crs: &Crs<G>,
    domain: &Domain<G::Scalar>,
    root: &G::Point,
    entries: &[(Key, Option<Value>)],
    proof: &TreeProof<G>,
) -> Result<(), ProofError> {
    let claims = group_claims(entries)?;
    let (ids, internal) = required_nodes(&claims, &proof.stems)?;
    // the root is (path [], kind 0) and always first in the order
    let mut it = ids.iter();
    let root_id = it.next().ok_or(ProofError::Inconsistent)?;
    if !root_id.0.is_empty() || root_id.1 != 0 {
        return Err(ProofError::Inconsistent);
    }
    if proof.commitments.len() + 1 != ids.len() {
        return Err(ProofError::Inconsistent);
    }
    let mut comms: BTreeMap<NodeId, G::Point> = BTreeMap::new();
    comms.insert(root_id.clone(), *root);
    for (id, c) in it.zip(&proof.commitments) {
        comms.insert(id.clone(), *c);
    }
    // A non-root node treated as internal is never the identity in a real
    // tree (it has a child, whose hash is non-zero, so its vector is
    // non-zero), while the identity opens to 0 at every index: accepted, it
    // would stretch any empty slot into a chain of fake empty internal nodes
    // (a wrong depth), or stand under a leaf posing as an internal node.
    for p in internal.iter().filter(|p| !p.is_empty()) {
        let c = comms.get(&(p.clone(), 0)).ok_or(ProofError::Inconsistent)?;
        if G::is_identity(c) {
            return Err(ProofError::Invalid);
        }
    }
    let mut open = openings::<G>(&claims, &proof.stems, &comms)?;
    bind_internal_slot0(&mut open, &internal, &proof.internal_slot0)?;
    let queries: Vec<VerifierQuery<G>> = open
        .iter()
        .map(|((id, z), y)| {
            comms
                .get(id)
                .map(|c| VerifierQuery {
                    commitment: *c,
                    point: *z,
                    result: *y,
                })
                .ok_or(ProofError::Inconsistent)
        })
        .collect::<Result<_, _>>()?;
    let mut tr = Transcript::new(TREE_PROOF_LABEL);
    multiproof::verify(crs, domain, &mut tr, &queries, &proof.multiproof)
}

/// Parse and verify in one step (what a precompile or a fuzzer calls).
pub fn verify_bytes<G: VerkleGroup>(
    crs: &Crs<G>,
    domain: &Domain<G::Scalar>,
    root: &[u8; 32],
    entries: &[(Key, Option<Value>)],
    proof: &[u8],
) -> Result<(), ProofError> {
    let root = G::decode(root)?;
    let proof = TreeProof::<G>::from_bytes(proof)?;
    verify(crs, domain, &root, entries, &proof)
}

enum Found<'a, G: VerkleGroup> {
    Internal(&'a Internal<G>),
    Leaf(&'a crate::tree::Leaf<G>),
}

fn find<'a, G: VerkleGroup>(root: &'a Internal<G>, path: &[u8]) -> Option<Found<'a, G>> {
    let mut cur = Found::Internal(root);
    for b in path {
        cur = match cur {
            Found::Internal(n) => match n.children.get(b)? {
                Node::Internal(i) => Found::Internal(i),
                Node::Leaf(l) => Found::Leaf(l),
            },
            Found::Leaf(_) => return None,
        };
    }
    Some(cur)
}

impl<G: VerkleGroup> VerkleTree<'_, G> {
    /// Prove the current value (or absence) of every key in `keys`.
    /// Returns the proof and the claims it proves.
    #[allow(clippy::type_complexity)]
    pub fn prove(
        &self,
        keys: &[Key],
    ) -> Result<(TreeProof<G>, Vec<(Key, Option<Value>)>), ProofError> {
        let entries: Vec<(Key, Option<Value>)> = keys.iter().map(|k| (*k, self.get(k))).collect();
        let claims = group_claims(&entries)?;
        if claims.len() > u16::MAX as usize {
            return Err(ProofError::BadInput);
        }
        // walk each stem
        let mut stems = Vec::with_capacity(claims.len());
        for stem in claims.keys() {
            let mut node = &self.root;
            let mut info = None;
            for d in 0..STEM_LEN {
                match node.children.get(&stem[d]) {
                    None => {
                        info = Some(StemInfo {
                            status: StemStatus::Empty,
                            depth: d as u8,
                        });
                        break;
                    }
                    Some(Node::Internal(n)) => node = n,
                    Some(Node::Leaf(l)) => {
                        let status = if l.stem == *stem {
                            StemStatus::Present
                        } else {
                            StemStatus::OtherStem(l.stem)
                        };
                        info = Some(StemInfo {
                            status,
                            depth: d as u8 + 1,
                        });
                        break;
                    }
                }
            }
            stems.push(info.ok_or(ProofError::Inconsistent)?);
        }
        let (ids, internal) = required_nodes(&claims, &stems)?;
        let mut comms: BTreeMap<NodeId, G::Point> = BTreeMap::new();
        let mut polys: BTreeMap<NodeId, Vec<G::Scalar>> = BTreeMap::new();
        for id in &ids {
            let found = find(&self.root, &id.0).ok_or(ProofError::Inconsistent)?;
            let (c, p) = match (found, id.1) {
                (Found::Internal(n), 0) => (n.commitment, n.poly()),
                (Found::Leaf(l), 0) => (l.commitment, l.ext_poly()),
                (Found::Leaf(l), 1) => (l.c1, l.suffix_poly(0)),
                (Found::Leaf(l), _) => (l.c2, l.suffix_poly(1)),
                _ => return Err(ProofError::Inconsistent),
            };
            comms.insert(id.clone(), c);
            polys.insert(id.clone(), p);
        }
        let mut open = openings::<G>(&claims, &stems, &comms)?;
        let internal_slot0 = undetermined_slot0(&open, &internal)
            .into_iter()
            .map(|p| {
                polys
                    .get(&(p, 0))
                    .and_then(|v| v.first().copied())
                    .ok_or(ProofError::Inconsistent)
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Fails (`Invalid`) only if an internal node's child 0 hashes to 1,
        // which happens with negligible probability; such a proof would not
        // verify either.
        bind_internal_slot0(&mut open, &internal, &internal_slot0)?;
        let mut queries = Vec::with_capacity(open.len());
        for ((id, z), y) in &open {
            let poly = polys.get(id).ok_or(ProofError::Inconsistent)?;
            let commitment = *comms.get(id).ok_or(ProofError::Inconsistent)?;
            queries.push(ProverQuery {
                commitment,
                poly,
                point: *z,
                result: *y,
            });
        }
        let mut tr = Transcript::new(TREE_PROOF_LABEL);
        let mp = multiproof::prove(self.committer, &self.domain, &mut tr, &queries)?;
        let commitments = comms
            .iter()
            .filter(|(id, _)| !(id.0.is_empty() && id.1 == 0))
            .map(|(_, c)| *c)
            .collect();
        Ok((
            TreeProof {
                stems,
                commitments,
                internal_slot0,
                multiproof: mp,
            },
            entries,
        ))
    }

    /// The evaluation domain (shared with verifiers that want it).
    pub fn domain(&self) -> &Domain<G::Scalar> {
        &self.domain
    }
}
