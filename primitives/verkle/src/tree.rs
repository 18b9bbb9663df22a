//! An EIP-6800-compatible width-256 Verkle tree.
//!
//! Keys are 32 bytes: a 31-byte *stem* and a 1-byte *suffix*. Internal
//! nodes commit to the 256 child hashes `map_to_scalar(C_child)` (0 for an
//! empty child). A stem's *leaf* (extension) node commits to
//! `[1, stem, map_to_scalar(C1), map_to_scalar(C2), 0, ...]`, where `C1`
//! holds the values of suffixes `0..128` and `C2` those of `128..256`: value
//! `v` at suffix `s` contributes `low(v) = le(v[0..16]) + 2^128` (the marker
//! tells a stored zero from an absent value) at slot `2 (s mod 128)` and
//! `high(v) = le(v[16..32])` at slot `2 (s mod 128) + 1`. The root is
//! always an internal node; the root hash of the empty tree is 0.
//!
//! Commitments are maintained incrementally: a write costs one or two
//! table-based scalar multiplications per level (O(1) in the width).
//! Variable time: for public data only.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;
use ark_ff::{One, PrimeField, Zero};

use crate::commit::Committer;
use crate::crs::WIDTH;
use crate::group::VerkleGroup;
use crate::lagrange::Domain;

/// A tree key: `stem (31 bytes) || suffix (1 byte)`.
pub type Key = [u8; 32];
/// A stored value.
pub type Value = [u8; 32];
/// The first 31 bytes of a key.
pub type Stem = [u8; 31];

/// Length of a stem.
pub const STEM_LEN: usize = 31;

/// Split a key into stem and suffix.
pub fn split_key(key: &Key) -> (Stem, u8) {
    let mut stem = [0u8; 31];
    stem.copy_from_slice(&key[..31]);
    (stem, key[31])
}

/// `le(v[0..16]) + 2^128` and `le(v[16..32])` for a present value; `(0, 0)`
/// for an absent one.
pub fn value_scalars<F: PrimeField>(v: Option<&Value>) -> (F, F) {
    match v {
        None => (F::zero(), F::zero()),
        Some(v) => {
            let mut lo = [0u8; 17];
            lo[..16].copy_from_slice(&v[..16]);
            lo[16] = 1; // the 2^128 marker
            (
                F::from_le_bytes_mod_order(&lo),
                F::from_le_bytes_mod_order(&v[16..]),
            )
        }
    }
}

/// The stem as a scalar (31 bytes little-endian).
pub fn stem_scalar<F: PrimeField>(stem: &Stem) -> F {
    F::from_le_bytes_mod_order(stem)
}

#[derive(Clone, Debug)]
pub(crate) struct Internal<G: VerkleGroup> {
    pub(crate) children: BTreeMap<u8, Node<G>>,
    pub(crate) commitment: G::Point,
    pub(crate) hash: G::Scalar,
}

#[derive(Clone, Debug)]
pub(crate) struct Leaf<G: VerkleGroup> {
    pub(crate) stem: Stem,
    pub(crate) values: BTreeMap<u8, Value>,
    pub(crate) c1: G::Point,
    pub(crate) c2: G::Point,
    pub(crate) commitment: G::Point,
    pub(crate) hash: G::Scalar,
}

#[derive(Clone, Debug)]
pub(crate) enum Node<G: VerkleGroup> {
    Internal(Box<Internal<G>>),
    Leaf(Box<Leaf<G>>),
}

impl<G: VerkleGroup> Node<G> {
    pub(crate) fn hash(&self) -> G::Scalar {
        match self {
            Node::Internal(n) => n.hash,
            Node::Leaf(l) => l.hash,
        }
    }
}

impl<G: VerkleGroup> Internal<G> {
    fn empty() -> Self {
        Self {
            children: BTreeMap::new(),
            commitment: G::Point::zero(),
            hash: G::Scalar::zero(),
        }
    }

    fn apply_child_delta(&mut self, c: &Committer<G>, idx: u8, old: G::Scalar, new: G::Scalar) {
        if old != new {
            if let Some(d) = c.scalar_mul_generator(idx as usize, &(new - old)) {
                self.commitment += d;
            }
            self.hash = G::map_to_scalar(&self.commitment);
        }
    }

    /// Evaluations committed by this node: the child hashes.
    pub(crate) fn poly(&self) -> Vec<G::Scalar> {
        let mut p = vec![G::Scalar::zero(); WIDTH];
        for (i, ch) in &self.children {
            p[*i as usize] = ch.hash();
        }
        p
    }
}

impl<G: VerkleGroup> Leaf<G> {
    fn new(c: &Committer<G>, stem: Stem) -> Self {
        let commitment = c
            .commit_sparse(&[(0, G::Scalar::one()), (1, stem_scalar(&stem))])
            .unwrap_or_default();
        Self {
            stem,
            values: BTreeMap::new(),
            c1: G::Point::zero(),
            c2: G::Point::zero(),
            hash: G::map_to_scalar(&commitment),
            commitment,
        }
    }

    /// Set (`Some`) or clear (`None`) the value at `suffix`.
    fn set(&mut self, c: &Committer<G>, suffix: u8, value: Option<Value>) {
        let old = self.values.get(&suffix).copied();
        if old == value {
            return;
        }
        let (olo, ohi) = value_scalars::<G::Scalar>(old.as_ref());
        let (nlo, nhi) = value_scalars::<G::Scalar>(value.as_ref());
        match value {
            Some(v) => {
                self.values.insert(suffix, v);
            }
            None => {
                self.values.remove(&suffix);
            }
        }
        let slot = 2 * (suffix as usize % 128);
        let delta = c
            .commit_sparse(&[(slot, nlo - olo), (slot + 1, nhi - ohi)])
            .unwrap_or_default();
        let (cx, ext_slot) = if suffix < 128 {
            (&mut self.c1, 2usize)
        } else {
            (&mut self.c2, 3usize)
        };
        let old_h = G::map_to_scalar(cx);
        *cx += delta;
        let new_h = G::map_to_scalar(cx);
        if let Some(d) = c.scalar_mul_generator(ext_slot, &(new_h - old_h)) {
            self.commitment += d;
        }
        self.hash = G::map_to_scalar(&self.commitment);
    }

    /// Evaluations of the extension node.
    pub(crate) fn ext_poly(&self) -> Vec<G::Scalar> {
        let mut p = vec![G::Scalar::zero(); WIDTH];
        p[0] = G::Scalar::one();
        p[1] = stem_scalar(&self.stem);
        p[2] = G::map_to_scalar(&self.c1);
        p[3] = G::map_to_scalar(&self.c2);
        p
    }

    /// Evaluations of `C1` (`half = 0`) or `C2` (`half = 1`).
    pub(crate) fn suffix_poly(&self, half: u8) -> Vec<G::Scalar> {
        let mut p = vec![G::Scalar::zero(); WIDTH];
        for (s, v) in &self.values {
            if (*s >= 128) == (half == 1) {
                let slot = 2 * (*s as usize % 128);
                let (lo, hi) = value_scalars::<G::Scalar>(Some(v));
                p[slot] = lo;
                p[slot + 1] = hi;
            }
        }
        p
    }
}

/// A Verkle tree over the group `G`, borrowing a [`Committer`] (the
/// generator tables are large and shared).
#[derive(Clone, Debug)]
pub struct VerkleTree<'c, G: VerkleGroup> {
    pub(crate) committer: &'c Committer<G>,
    pub(crate) domain: Domain<G::Scalar>,
    pub(crate) root: Internal<G>,
}

fn insert_rec<G: VerkleGroup>(
    c: &Committer<G>,
    node: &mut Internal<G>,
    depth: usize,
    stem: &Stem,
    suffix: u8,
    value: Value,
) {
    let idx = stem[depth];
    let old_hash = node.children.get(&idx).map(Node::hash).unwrap_or_default();
    let child = node.children.remove(&idx);
    let new_child = match child {
        None => {
            let mut leaf = Leaf::new(c, *stem);
            leaf.set(c, suffix, Some(value));
            Node::Leaf(Box::new(leaf))
        }
        Some(Node::Leaf(mut leaf)) if leaf.stem == *stem => {
            leaf.set(c, suffix, Some(value));
            Node::Leaf(leaf)
        }
        Some(Node::Leaf(leaf)) => {
            // Two stems share the prefix up to `depth`: push the old leaf one
            // level down and continue inserting there.
            let mut inner = Internal::empty();
            let j = leaf.stem[depth + 1];
            let h = leaf.hash;
            inner.children.insert(j, Node::Leaf(leaf));
            inner.apply_child_delta(c, j, G::Scalar::zero(), h);
            insert_rec(c, &mut inner, depth + 1, stem, suffix, value);
            Node::Internal(Box::new(inner))
        }
        Some(Node::Internal(mut inner)) => {
            insert_rec(c, &mut inner, depth + 1, stem, suffix, value);
            Node::Internal(inner)
        }
    };
    let new_hash = new_child.hash();
    node.children.insert(idx, new_child);
    node.apply_child_delta(c, idx, old_hash, new_hash);
}

/// Returns whether something was removed.
fn delete_rec<G: VerkleGroup>(
    c: &Committer<G>,
    node: &mut Internal<G>,
    depth: usize,
    stem: &Stem,
    suffix: u8,
) -> bool {
    let idx = stem[depth];
    let Some(child) = node.children.remove(&idx) else {
        return false;
    };
    let old_hash = child.hash();
    let (removed, new_child) = match child {
        Node::Leaf(mut leaf) => {
            if leaf.stem != *stem || !leaf.values.contains_key(&suffix) {
                (false, Some(Node::Leaf(leaf)))
            } else {
                leaf.set(c, suffix, None);
                if leaf.values.is_empty() {
                    (true, None)
                } else {
                    (true, Some(Node::Leaf(leaf)))
                }
            }
        }
        Node::Internal(mut inner) => {
            let removed = delete_rec(c, &mut inner, depth + 1, stem, suffix);
            // Canonical form: an internal node holding a single leaf (or
            // nothing) is replaced by that leaf (or removed), so the root
            // depends only on the contents.
            if inner.children.is_empty() {
                (removed, None)
            } else if inner.children.len() == 1
                && matches!(inner.children.values().next(), Some(Node::Leaf(_)))
            {
                let only = inner.children.into_values().next();
                (removed, only)
            } else {
                (removed, Some(Node::Internal(inner)))
            }
        }
    };
    let new_hash = new_child.as_ref().map(Node::hash).unwrap_or_default();
    if let Some(n) = new_child {
        node.children.insert(idx, n);
    }
    node.apply_child_delta(c, idx, old_hash, new_hash);
    removed
}

impl<'c, G: VerkleGroup> VerkleTree<'c, G> {
    /// An empty tree.
    pub fn new(committer: &'c Committer<G>) -> Self {
        Self {
            committer,
            domain: Domain::new(committer.width()),
            root: Internal::empty(),
        }
    }

    /// The committer used by this tree.
    pub fn committer(&self) -> &'c Committer<G> {
        self.committer
    }

    /// Insert or overwrite `key`.
    pub fn insert(&mut self, key: &Key, value: Value) {
        let (stem, suffix) = split_key(key);
        insert_rec(self.committer, &mut self.root, 0, &stem, suffix, value);
    }

    /// Remove `key`; returns whether it was present.
    pub fn delete(&mut self, key: &Key) -> bool {
        let (stem, suffix) = split_key(key);
        delete_rec(self.committer, &mut self.root, 0, &stem, suffix)
    }

    /// Look up `key`.
    pub fn get(&self, key: &Key) -> Option<Value> {
        let (stem, suffix) = split_key(key);
        let mut node = &self.root;
        for d in 0..STEM_LEN {
            match node.children.get(&stem[d])? {
                Node::Internal(n) => node = n,
                Node::Leaf(l) => {
                    return if l.stem == stem {
                        l.values.get(&suffix).copied()
                    } else {
                        None
                    };
                }
            }
        }
        None
    }

    /// The root commitment.
    pub fn root_commitment(&self) -> G::Point {
        self.root.commitment
    }

    /// The root commitment mapped to the scalar field (`x / y` reduced
    /// modulo the group order, exactly the value a parent would commit to),
    /// 32 bytes little-endian: the root "commitment to field" of the
    /// reference implementations; all zero for the empty tree.
    pub fn root_hash(&self) -> [u8; 32] {
        crate::group::field_to_le(&self.root.hash)
    }

    /// Recompute every commitment from scratch (for tests): the root.
    pub fn recompute_root_vartime(&self) -> G::Point {
        fn rec<G: VerkleGroup>(c: &Committer<G>, n: &Node<G>) -> (G::Point, G::Scalar) {
            match n {
                Node::Leaf(l) => {
                    let c1 = c.commit(&l.suffix_poly(0)).unwrap_or_default();
                    let c2 = c.commit(&l.suffix_poly(1)).unwrap_or_default();
                    let mut ext = vec![G::Scalar::zero(); 4];
                    ext[0] = G::Scalar::one();
                    ext[1] = stem_scalar(&l.stem);
                    ext[2] = G::map_to_scalar(&c1);
                    ext[3] = G::map_to_scalar(&c2);
                    let cm = c.commit(&ext).unwrap_or_default();
                    (cm, G::map_to_scalar(&cm))
                }
                Node::Internal(i) => {
                    let p = internal(c, i);
                    (p, G::map_to_scalar(&p))
                }
            }
        }
        fn internal<G: VerkleGroup>(c: &Committer<G>, i: &Internal<G>) -> G::Point {
            let vals: Vec<(usize, G::Scalar)> = i
                .children
                .iter()
                .map(|(k, ch)| (*k as usize, rec(c, ch).1))
                .collect();
            c.commit_sparse(&vals).unwrap_or_default()
        }
        internal(self.committer, &self.root)
    }
}
