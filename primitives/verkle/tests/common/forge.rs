//! A cheating tree-proof prover for tests and the `verkle_proof` fuzz
//! target (included there with `#[path]`): the prover's own model of a tree
//! (every node's vector and commitment) and a forger that proves arbitrary
//! openings with the crate's real multiproof prover.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use ark_ff::{One, Zero};
use umbra_verkle::multiproof::{self, ProverQuery};
use umbra_verkle::tree::{STEM_LEN, Stem, stem_scalar, value_scalars};
use umbra_verkle::tree_proof::{StemInfo, StemStatus, TREE_PROOF_LABEL, TreeProof};
use umbra_verkle::{Committer, Key, Transcript, Value, VerkleGroup, WIDTH};

// --------------------------------------------------------------- tree model

/// Node id as the verifier orders them: path from the root and kind
/// (0 internal or leaf extension, 1 `C1`, 2 `C2`).
pub type Id = (Vec<u8>, u8);

/// The test's own copy of every node: vector and commitment, by id.
pub struct Model<G: VerkleGroup> {
    pub nodes: BTreeMap<Id, (G::Point, Vec<G::Scalar>)>,
}

impl<G: VerkleGroup> Model<G> {
    /// Canonical layout (as `VerkleTree` keeps it): a prefix shared by one
    /// stem only is that stem's leaf; otherwise an internal node.
    pub fn build(cm: &Committer<G>, contents: &BTreeMap<Key, Value>) -> Self {
        let mut by_stem: BTreeMap<Stem, BTreeMap<u8, Value>> = BTreeMap::new();
        for (k, v) in contents {
            let mut s = [0u8; STEM_LEN];
            s.copy_from_slice(&k[..STEM_LEN]);
            by_stem.entry(s).or_default().insert(k[31], *v);
        }
        let mut m = Self {
            nodes: BTreeMap::new(),
        };
        let stems: Vec<&Stem> = by_stem.keys().collect();
        m.internal(cm, &by_stem, &stems, Vec::new());
        m
    }

    pub fn internal(
        &mut self,
        cm: &Committer<G>,
        all: &BTreeMap<Stem, BTreeMap<u8, Value>>,
        stems: &[&Stem],
        path: Vec<u8>,
    ) -> G::Point {
        let d = path.len();
        let mut groups: BTreeMap<u8, Vec<&Stem>> = BTreeMap::new();
        for s in stems {
            groups.entry(s[d]).or_default().push(s);
        }
        let mut poly = vec![G::Scalar::zero(); WIDTH];
        for (b, g) in groups {
            let mut p = path.clone();
            p.push(b);
            let c = if g.len() == 1 {
                self.leaf(cm, g[0], &all[g[0]], p)
            } else {
                self.internal(cm, all, &g, p)
            };
            poly[b as usize] = G::map_to_scalar(&c);
        }
        let c = cm.commit(&poly).unwrap();
        self.nodes.insert((path, 0), (c, poly));
        c
    }

    fn leaf(
        &mut self,
        cm: &Committer<G>,
        s: &Stem,
        values: &BTreeMap<u8, Value>,
        path: Vec<u8>,
    ) -> G::Point {
        let mut halves = [
            vec![G::Scalar::zero(); WIDTH],
            vec![G::Scalar::zero(); WIDTH],
        ];
        for (suffix, v) in values {
            let (lo, hi) = value_scalars::<G::Scalar>(Some(v));
            let slot = 2 * (*suffix as usize % 128);
            let h = &mut halves[usize::from(*suffix >= 128)];
            h[slot] = lo;
            h[slot + 1] = hi;
        }
        let mut ext = vec![G::Scalar::zero(); WIDTH];
        ext[0] = G::Scalar::one();
        ext[1] = stem_scalar(s);
        for (i, h) in halves.into_iter().enumerate() {
            let c = cm.commit(&h).unwrap();
            ext[2 + i] = G::map_to_scalar(&c);
            self.nodes.insert((path.clone(), 1 + i as u8), (c, h));
        }
        let c = cm.commit(&ext).unwrap();
        self.nodes.insert((path, 0), (c, ext));
        c
    }

    pub fn node(&self, path: &[u8], kind: u8) -> (G::Point, Vec<G::Scalar>) {
        self.nodes[&(path.to_vec(), kind)].clone()
    }
}

// ------------------------------------------------------------------ forger

/// A cheating prover: it declares which node (commitment and the vector it
/// really knows for it) sits at each id, and which openings `(id, index) ->
/// value` to prove. Values may be false; the multiproof is then computed
/// from the real vectors, exactly what a prover without a binding break can
/// do.
pub struct Forge<'a, G: VerkleGroup> {
    pub cm: &'a Committer<G>,
    pub nodes: BTreeMap<Id, (G::Point, Vec<G::Scalar>)>,
    pub opens: BTreeMap<(Id, usize), G::Scalar>,
    /// Index-0 values to supply for the nodes the claims make internal
    /// (format v2), by path; `None` entries take the node's real value.
    pub slot0: BTreeMap<Vec<u8>, Option<G::Scalar>>,
}

impl<'a, G: VerkleGroup> Forge<'a, G> {
    pub fn new(cm: &'a Committer<G>) -> Self {
        Self {
            cm,
            nodes: BTreeMap::new(),
            opens: BTreeMap::new(),
            slot0: BTreeMap::new(),
        }
    }

    /// Declare `path` a node the verifier will treat as internal: the
    /// proof must carry its index-0 value unless an opening already fixes
    /// it. `y = None`: the real value; `Some(y)`: a chosen (false) one.
    pub fn internal(&mut self, path: &[u8], y: Option<G::Scalar>) {
        self.slot0.insert(path.to_vec(), y);
    }

    /// Place `node` (commitment, vector) at `(path, kind)`.
    pub fn place(&mut self, path: &[u8], kind: u8, node: (G::Point, Vec<G::Scalar>)) {
        self.nodes.insert((path.to_vec(), kind), node);
    }

    /// Place the identity commitment (the zero vector) at `path`.
    pub fn place_identity(&mut self, path: &[u8]) {
        let zero = vec![G::Scalar::zero(); WIDTH];
        self.place(path, 0, (self.cm.commit(&zero).unwrap(), zero));
    }

    /// Claim `(path, kind)` opens to `y` at `z` (true or not).
    pub fn open(&mut self, path: &[u8], kind: u8, z: usize, y: G::Scalar) {
        self.opens.insert(((path.to_vec(), kind), z), y);
    }

    /// Open `(path, kind)` at `z` to its real value.
    pub fn open_true(&mut self, path: &[u8], kind: u8, z: usize) {
        let y = self.nodes[&(path.to_vec(), kind)].1[z];
        self.open(path, kind, z, y);
    }

    /// Open `(path, 0)` at `z` to the hash of the node placed at the child
    /// id (true or not, depending on what was placed there).
    pub fn open_child(&mut self, path: &[u8], z: usize, child: &[u8], kind: u8) {
        let y = G::map_to_scalar(&self.nodes[&(child.to_vec(), kind)].0);
        self.open(path, 0, z, y);
    }

    pub fn finish(mut self, stems: Vec<StemInfo>) -> TreeProof<G> {
        let domain = umbra_verkle::Domain::new(WIDTH);
        let mut internal_slot0 = Vec::new();
        for (p, y) in core::mem::take(&mut self.slot0) {
            let id = (p, 0u8);
            if self.opens.contains_key(&(id.clone(), 0)) {
                continue;
            }
            let y = y.unwrap_or(self.nodes[&id].1[0]);
            internal_slot0.push(y);
            self.opens.insert((id, 0), y);
        }
        let mut queries: Vec<ProverQuery<'_, G>> = self
            .opens
            .iter()
            .map(|((id, z), y)| {
                let (c, p) = &self.nodes[id];
                ProverQuery {
                    commitment: *c,
                    poly: p,
                    point: *z,
                    result: *y,
                }
            })
            .collect();
        // A forgery whose statuses the verifier rejects from the header
        // alone may need no opening at all; the multiproof prover refuses an
        // empty statement, so prove a dummy one (never checked).
        let zero = vec![G::Scalar::zero(); WIDTH];
        if queries.is_empty() {
            queries.push(ProverQuery {
                commitment: self.cm.commit(&zero).unwrap(),
                poly: &zero,
                point: 0,
                result: G::Scalar::zero(),
            });
        }
        let mut tr = Transcript::new(TREE_PROOF_LABEL);
        let multiproof = multiproof::prove(self.cm, &domain, &mut tr, &queries).unwrap();
        let commitments = self
            .nodes
            .iter()
            .filter(|(id, _)| !(id.0.is_empty() && id.1 == 0))
            .map(|(_, (c, _))| *c)
            .collect();
        TreeProof {
            stems,
            commitments,
            internal_slot0,
            multiproof,
        }
    }
}

/// Open the real internal nodes on `s`'s path at depths `0..upto` to their
/// real child hashes, placing them (and the child at `upto`) in the forge.
pub fn honest_path<G: VerkleGroup>(f: &mut Forge<'_, G>, m: &Model<G>, s: &Stem, upto: usize) {
    for k in 0..=upto {
        f.place(&s[..k], 0, m.node(&s[..k], 0));
    }
    for k in 0..upto {
        f.open_true(&s[..k], 0, s[k] as usize);
        f.internal(&s[..k], None);
    }
}

/// What a cheating prover can put at index 0 of a node it passes off as
/// internal: the real value (1 for a leaf) or a false one (0).
pub fn slot0_strategies<G: VerkleGroup>() -> [Option<G::Scalar>; 2] {
    [None, Some(G::Scalar::zero())]
}

/// The model's node at `(path, kind)`, or the identity (zero vector) where
/// the tree has none: what a forger places when a claim needs a node that
/// does not exist.
fn real_or_identity<G: VerkleGroup>(
    cm: &Committer<G>,
    model: &Model<G>,
    path: &[u8],
    kind: u8,
) -> (G::Point, Vec<G::Scalar>) {
    model
        .nodes
        .get(&(path.to_vec(), kind))
        .cloned()
        .unwrap_or_else(|| {
            let zero = vec![G::Scalar::zero(); WIDTH];
            (cm.commit(&zero).unwrap(), zero)
        })
}

/// A proof of `claims` with the per-stem statuses `stems`, true or not,
/// built the only way a prover without a binding break can: at every node
/// id the claims need it places the real node there (or the identity where
/// there is none), opens every `(node, index)` to the value the verifier will
/// compute from the claims (true or false), and supplies the index-0 value
/// `slot0(path)` of each node the claims treat as internal (`None`: the
/// placed node's real value). Statuses with out-of-range depths are skipped
/// (the verifier rejects them from the header alone).
pub fn forge_generic<G: VerkleGroup>(
    cm: &Committer<G>,
    model: &Model<G>,
    claims: &[(Key, Option<Value>)],
    stems: &[StemInfo],
    mut slot0: impl FnMut(&[u8]) -> Option<G::Scalar>,
) -> TreeProof<G> {
    let mut by_stem: BTreeMap<Stem, BTreeMap<u8, Option<Value>>> = BTreeMap::new();
    for (k, v) in claims {
        let mut s = [0u8; STEM_LEN];
        s.copy_from_slice(&k[..STEM_LEN]);
        by_stem.entry(s).or_default().insert(k[31], *v);
    }
    let mut f = Forge::new(cm);
    let usable = |info: &StemInfo| {
        let d = info.depth as usize;
        match info.status {
            StemStatus::Empty => d < STEM_LEN,
            _ => (1..=STEM_LEN).contains(&d),
        }
    };
    // pass 1: place every node (the opens below hash the placed children)
    for ((stem, suffixes), info) in by_stem.iter().zip(stems).filter(|(_, i)| usable(i)) {
        let d = info.depth as usize;
        for k in 0..=d {
            f.place(&stem[..k], 0, real_or_identity(cm, model, &stem[..k], 0));
        }
        if info.status == StemStatus::Present {
            for s in suffixes.keys() {
                let h = 1 + u8::from(*s >= 128);
                f.place(&stem[..d], h, real_or_identity(cm, model, &stem[..d], h));
            }
        }
    }
    // pass 2: the openings the verifier derives from the claims
    for ((stem, suffixes), info) in by_stem.iter().zip(stems).filter(|(_, i)| usable(i)) {
        let d = info.depth as usize;
        let inner = if info.status == StemStatus::Empty {
            d + 1
        } else {
            d
        };
        for k in 0..inner {
            let y = slot0(&stem[..k]);
            f.internal(&stem[..k], y);
            if info.status == StemStatus::Empty && k == d {
                f.open(&stem[..k], 0, stem[k] as usize, G::Scalar::zero());
            } else {
                f.open_child(&stem[..k], stem[k] as usize, &stem[..k + 1], 0);
            }
        }
        let leaf_stem = match info.status {
            StemStatus::Empty => continue,
            StemStatus::OtherStem(o) => o,
            StemStatus::Present => *stem,
        };
        f.open(&stem[..d], 0, 0, G::Scalar::one());
        f.open(&stem[..d], 0, 1, stem_scalar(&leaf_stem));
        if info.status == StemStatus::Present {
            for (s, v) in suffixes {
                let h = 1 + u8::from(*s >= 128);
                f.open_child(&stem[..d], 1 + h as usize, &stem[..d], h);
                let (lo, hi) = value_scalars::<G::Scalar>(v.as_ref());
                let slot = 2 * (*s as usize % 128);
                f.open(&stem[..d], h, slot, lo);
                f.open(&stem[..d], h, slot + 1, hi);
            }
        }
    }
    f.finish(stems.to_vec())
}
