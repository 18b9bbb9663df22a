//! Malicious-prover suite for tree proofs (issue #20).
//!
//! Every forged proof here is *hand-built*: the test keeps its own model of
//! the tree (every node's vector and commitment), chooses the openings a
//! cheating prover would need for a false claim, and proves them with the
//! crate's real multiproof prover. Nothing is a byte flip of an honest proof,
//! so the root, the commitments and the multiproof are as well-formed as an
//! attacker can make them; only the claims (and the node kinds the verifier
//! is asked to assume) are false.
//!
//! The suite is generic over the group and runs for Banderwagon and Grumpkin.
//! The kind-confusion attacks (`*_leaf_as_internal*`, `*identity*`,
//! `extension_absent_*`) were accepted by the verifier before the fix; the
//! others were already rejected and pin that behaviour.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ark_ff::{One, Zero};
use umbra_verkle::tree::{STEM_LEN, Stem, stem_scalar, value_scalars};
use umbra_verkle::tree_proof::{self, StemInfo, StemStatus, TreeProof};
use umbra_verkle::{
    Banderwagon, Committer, Crs, Grumpkin, Key, ProofError, Value, VerkleGroup, VerkleTree,
};

use crate::forge;
use forge::{Forge, Model, forge_generic, honest_path, slot0_strategies};

// ------------------------------------------------------------------ fixtures

fn committer_bw() -> &'static Committer<Banderwagon> {
    static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::new()))
}

fn committer_gk() -> &'static Committer<Grumpkin> {
    static C: OnceLock<Committer<Grumpkin>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::new()))
}

fn stem(prefix: &[u8]) -> Stem {
    let mut s = [0x55u8; STEM_LEN];
    s[..prefix.len()].copy_from_slice(prefix);
    s
}

fn key(s: &Stem, suffix: u8) -> Key {
    let mut k = [0u8; 32];
    k[..STEM_LEN].copy_from_slice(s);
    k[31] = suffix;
    k
}

/// `S_A` and `S_B` share the root slot 0x10 (so both sit at depth 2 under an
/// internal node); `S_C` is alone under root slot 0x80 at depth 1, with only
/// a low suffix (its `C2` is empty, so its leaf vector is 0 at index 3).
/// `S_A[2] = 0x30` and `S_C[1] = 3` are the slots the attacks open.
fn s_a() -> Stem {
    stem(&[0x10, 0x20, 0x30, 0x40])
}
fn s_b() -> Stem {
    stem(&[0x10, 0x21])
}
fn s_c() -> Stem {
    stem(&[0x80, 0x03])
}

fn contents() -> BTreeMap<Key, Value> {
    let mut m = BTreeMap::new();
    m.insert(key(&s_a(), 1), [0xa1; 32]);
    m.insert(key(&s_a(), 200), [0xa2; 32]);
    m.insert(key(&s_b(), 9), [0xb1; 32]);
    m.insert(key(&s_c(), 5), [0xc1; 32]);
    m
}

struct Ctx<G: VerkleGroup + 'static> {
    cm: &'static Committer<G>,
    tree: VerkleTree<'static, G>,
    model: Model<G>,
}

impl<G: VerkleGroup> Ctx<G> {
    fn new(cm: &'static Committer<G>) -> Self {
        Self::with(cm, contents())
    }

    fn with(cm: &'static Committer<G>, c: BTreeMap<Key, Value>) -> Self {
        let mut tree = VerkleTree::new(cm);
        for (k, v) in &c {
            tree.insert(k, *v);
        }
        let model = Model::build(cm, &c);
        // the model is the tree: same root, same layout
        assert!(G::points_eq(&model.node(&[], 0).0, &tree.root_commitment()));
        Self { cm, tree, model }
    }

    fn verify(
        &self,
        claims: &[(Key, Option<Value>)],
        proof: &TreeProof<G>,
    ) -> Result<(), ProofError> {
        let root = self.tree.root_commitment();
        let r = tree_proof::verify(self.cm.crs(), self.tree.domain(), &root, claims, proof);
        // the wire form must give the same verdict
        let bytes = proof.to_bytes();
        let r2 = tree_proof::verify_bytes::<G>(
            self.cm.crs(),
            self.tree.domain(),
            &G::encode(&root),
            claims,
            &bytes,
        );
        assert_eq!(r.is_ok(), r2.is_ok());
        r
    }

    /// The honest proof of the same keys verifies: a rejected forgery is
    /// rejected for its forgery, not because the fixture is broken.
    fn honest_ok(&self, keys: &[Key]) {
        let (p, entries) = self.tree.prove(keys).unwrap();
        self.verify(&entries, &p).unwrap();
    }

    fn truth(&self, k: &Key) -> Option<Value> {
        self.tree.get(k)
    }
}

fn empty_at(depth: u8) -> StemInfo {
    StemInfo {
        status: StemStatus::Empty,
        depth,
    }
}

fn present_at(depth: u8) -> StemInfo {
    StemInfo {
        status: StemStatus::Present,
        depth,
    }
}

// ------------------------------------------------------------------ attacks

/// The attack: the key's own leaf (at `S_A[..2]`) is passed off as
/// the internal node whose slot `S_A[2] = 0x30` is empty (a leaf vector is 0
/// at every index >= 4). Claim: a present key is absent.
fn absence_of_present_key_leaf_as_internal<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let (s, k) = (s_a(), key(&s_a(), 1));
    assert!(cx.truth(&k).is_some());
    cx.honest_ok(&[k]);
    for y0 in slot0_strategies::<G>() {
        let mut f = Forge::new(cx.cm);
        honest_path(&mut f, &cx.model, &s, 2);
        f.open_true(&s[..2], 0, s[2] as usize); // the leaf really is 0 there
        f.internal(&s[..2], y0);
        let proof = f.finish(vec![empty_at(2)]);
        assert_eq!(cx.verify(&[(k, None)], &proof), Err(ProofError::Invalid));
    }
}

/// Same attack through index 3 of a leaf whose `C2` is empty
/// (`hash(identity) = 0`): `S_C[1] = 3`.
fn absence_of_present_key_leaf_as_internal_index3<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let (s, k) = (s_c(), key(&s_c(), 5));
    assert!(cx.truth(&k).is_some());
    for y0 in slot0_strategies::<G>() {
        let mut f = Forge::new(cx.cm);
        honest_path(&mut f, &cx.model, &s, 1);
        f.open_true(&s[..1], 0, s[1] as usize);
        assert!(f.opens[&((s[..1].to_vec(), 0), 3)].is_zero());
        f.internal(&s[..1], y0);
        let proof = f.finish(vec![empty_at(1)]);
        assert_eq!(cx.verify(&[(k, None)], &proof), Err(ProofError::Invalid));
    }
}

/// The deeper variant: the real leaf at depth 2 is treated as an internal
/// node whose child at `S_A[2]` is the identity "node" (hash 0, which is
/// what the leaf holds there), and the identity opens 0 everywhere, so the
/// empty slot is claimed at depth 4.
fn absence_of_present_key_identity_child<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let (s, k) = (s_a(), key(&s_a(), 200));
    assert!(cx.truth(&k).is_some());
    for y0 in slot0_strategies::<G>() {
        let mut f = Forge::new(cx.cm);
        honest_path(&mut f, &cx.model, &s, 2);
        f.place_identity(&s[..3]);
        f.place_identity(&s[..4]);
        f.open_child(&s[..2], s[2] as usize, &s[..3], 0); // leaf[0x30] = 0 = hash(identity)
        f.open_child(&s[..3], s[3] as usize, &s[..4], 0);
        f.open_true(&s[..4], 0, s[4] as usize);
        f.internal(&s[..2], y0);
        f.internal(&s[..3], None);
        f.internal(&s[..4], None);
        let proof = f.finish(vec![empty_at(4)]);
        assert_eq!(cx.verify(&[(k, None)], &proof), Err(ProofError::Invalid));
    }
}

/// An absent suffix of a present stem, proven with the status "no leaf for
/// this stem" (extension absent): the key's claim (`None`) is true, the
/// stated status is not.
fn extension_absent_for_present_stem<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let (s, k) = (s_a(), key(&s_a(), 7));
    assert!(cx.truth(&k).is_none());
    cx.honest_ok(&[k]);
    for y0 in slot0_strategies::<G>() {
        let mut f = Forge::new(cx.cm);
        honest_path(&mut f, &cx.model, &s, 2);
        f.open_true(&s[..2], 0, s[2] as usize);
        f.internal(&s[..2], y0);
        let proof = f.finish(vec![empty_at(2)]);
        assert_eq!(cx.verify(&[(k, None)], &proof), Err(ProofError::Invalid));
    }
}

/// A truly absent stem (root slot 0x40 is empty), claimed empty at the
/// wrong depth through an identity child of the root.
fn wrong_depth_absence_through_identity<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = stem(&[0x40, 0x41]);
    let k = key(&s, 0);
    assert!(cx.truth(&k).is_none());
    cx.honest_ok(&[k]);
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 0);
    f.place_identity(&s[..1]);
    f.open_child(&[], s[0] as usize, &s[..1], 0);
    f.open_true(&s[..1], 0, s[1] as usize);
    f.internal(&[], None);
    f.internal(&s[..1], None);
    let proof = f.finish(vec![empty_at(1)]);
    // every opening is true and every index-0 value is 0: only the
    // identity rule rejects this
    assert_eq!(cx.verify(&[(k, None)], &proof), Err(ProofError::Invalid));
}

/// A wrong depth for a present stem: the internal node at depth 1 passed
/// off as the leaf (depth 1 instead of 2), and the leaf passed off as an
/// internal node above an identity "leaf" (depth 3).
fn wrong_depth_presence<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = s_a();
    let k = key(&s, 1);
    let v = cx.truth(&k).unwrap();
    let (lo, hi) = value_scalars::<G::Scalar>(Some(&v));
    let (_, leaf_poly) = cx.model.node(&s[..2], 0);
    // depth 1: N1 opened as a leaf with the real leaf's values
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 1);
    f.place(&s[..1], 1, cx.model.node(&s[..2], 1));
    f.open(&s[..1], 0, 0, G::Scalar::one());
    f.open(&s[..1], 0, 1, stem_scalar(&s));
    f.open(&s[..1], 0, 2, leaf_poly[2]);
    f.open(&s[..1], 1, 2, lo);
    f.open(&s[..1], 1, 3, hi);
    let proof = f.finish(vec![present_at(1)]);
    assert_eq!(Err(ProofError::Invalid), cx.verify(&[(k, Some(v))], &proof));
    // depth 3: the leaf as internal, the identity as the leaf
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 2);
    f.place_identity(&s[..3]);
    f.place(&s[..3], 1, cx.model.node(&s[..2], 1));
    f.open_child(&s[..2], s[2] as usize, &s[..3], 0);
    f.internal(&s[..2], Some(G::Scalar::zero()));
    f.open(&s[..3], 0, 0, G::Scalar::one());
    f.open(&s[..3], 0, 1, stem_scalar(&s));
    f.open(&s[..3], 0, 2, leaf_poly[2]);
    f.open(&s[..3], 1, 2, lo);
    f.open(&s[..3], 1, 3, hi);
    let proof = f.finish(vec![present_at(3)]);
    assert_eq!(Err(ProofError::Invalid), cx.verify(&[(k, Some(v))], &proof));
}

/// Presence of an absent key: an absent suffix of a present stem claimed to
/// hold a value, (a) by opening the real `C1` to the value (false openings)
/// and (b) with a fake `C1'` that does hold it (the leaf's slot 2 opened to
/// `hash(C1')`, false); and (c) an absent stem claimed present through the
/// empty root slot with a fake leaf.
fn presence_of_absent_key<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = s_a();
    let k = key(&s, 7);
    assert!(cx.truth(&k).is_none());
    let v = [0x77u8; 32];
    let (lo, hi) = value_scalars::<G::Scalar>(Some(&v));
    // (a)
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 2);
    f.place(&s[..2], 1, cx.model.node(&s[..2], 1));
    for z in [0, 1, 2] {
        f.open_true(&s[..2], 0, z);
    }
    f.open(&s[..2], 1, 14, lo);
    f.open(&s[..2], 1, 15, hi);
    assert_eq!(
        Err(ProofError::Invalid),
        cx.verify(&[(k, Some(v))], &f.finish(vec![present_at(2)]))
    );
    // (b)
    let (_, mut c1) = cx.model.node(&s[..2], 1);
    c1[14] = lo;
    c1[15] = hi;
    let fake = (cx.cm.commit(&c1).unwrap(), c1);
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 2);
    f.place(&s[..2], 1, fake);
    for z in [0, 1] {
        f.open_true(&s[..2], 0, z);
    }
    f.open_child(&s[..2], 2, &s[..2], 1);
    f.open_true(&s[..2], 1, 14);
    f.open_true(&s[..2], 1, 15);
    assert_eq!(
        Err(ProofError::Invalid),
        cx.verify(&[(k, Some(v))], &f.finish(vec![present_at(2)]))
    );
    // (c) absent stem under the empty root slot 0x40, fake leaf at depth 1
    let t = stem(&[0x40]);
    let kt = key(&t, 3);
    assert!(cx.truth(&kt).is_none());
    let mut fm = BTreeMap::new();
    fm.insert(kt, v);
    let fake_model = Model::<G>::build(cx.cm, &fm);
    let mut f = Forge::new(cx.cm);
    f.place(&[], 0, cx.model.node(&[], 0));
    f.place(&t[..1], 0, fake_model.node(&t[..1], 0));
    f.place(&t[..1], 1, fake_model.node(&t[..1], 1));
    f.open_child(&[], t[0] as usize, &t[..1], 0);
    f.internal(&[], None);
    for z in [0, 1, 2] {
        f.open_true(&t[..1], 0, z);
    }
    f.open_true(&t[..1], 1, 6);
    f.open_true(&t[..1], 1, 7);
    assert_eq!(
        Err(ProofError::Invalid),
        cx.verify(&[(kt, Some(v))], &f.finish(vec![present_at(1)]))
    );
}

/// Presence of an absent key with a value of the attacker's choosing, by an
/// attacker who can insert one key of its choice. A leaf holds its stem at
/// index 1 as a 248-bit scalar; the attacker grinds a commitment `C'` (a
/// fake internal node over a fake leaf for the target stem `T`) until
/// `hash(C') < 2^248` and its low byte is `T[0]` (about 2^13 to 2^14 point
/// additions), and inserts a key whose stem `S` is `hash(C')`'s bytes. The
/// real lookup of `T` ends at `S`'s leaf (T is absent), but treating that
/// leaf as an internal node, its slot `T[1] = 1` holds exactly `hash(C')`,
/// and below `C'` everything is the attacker's. Every opening is true.
fn presence_of_absent_key_via_crafted_stem<G: VerkleGroup>(cm: &'static Committer<G>) {
    let g = 0x66u8; // a root slot the fixture leaves empty
    let t = stem(&[g, 1, 0x77]);
    let kt = key(&t, 3);
    let v = [0xee; 32];
    // the fake leaf for T (from a one-key model: root slot g)
    let fake = Model::<G>::build(cm, &BTreeMap::from([(kt, v)]));
    let (fl_c, fl_v) = fake.node(&t[..1], 0);
    let fl_c1 = fake.node(&t[..1], 1);
    // grind the fake internal node C' = [.., hash(F) at 0x77, .., nonce at 200, ..]
    let mut cv = vec![G::Scalar::zero(); umbra_verkle::WIDTH];
    cv[0x77] = G::map_to_scalar(&fl_c);
    let mut c = cm.commit(&cv).unwrap();
    let step = cm.commit_sparse(&[(200, G::Scalar::one())]).unwrap();
    let mut nonce = 0u64;
    let hb = loop {
        nonce += 1;
        c += step;
        let hb = umbra_verkle::group::field_to_le(&G::map_to_scalar(&c));
        if hb[31] == 0 && hb[0] == g && hb[1] != 1 {
            break hb;
        }
    };
    cv[200] = G::Scalar::from(nonce);
    assert!(G::points_eq(&cm.commit(&cv).unwrap(), &c));
    let mut s = [0u8; STEM_LEN];
    s.copy_from_slice(&hb[..STEM_LEN]);
    assert_eq!(stem_scalar::<G::Scalar>(&s), G::map_to_scalar(&c));
    // the attacker's one insert, beside the fixture's contents
    let mut contents = contents();
    contents.insert(key(&s, 0), [0xaa; 32]);
    let cx = Ctx::<G>::with(cm, contents);
    assert!(cx.truth(&kt).is_none());
    let (honest, _) = cx.tree.prove(&[kt]).unwrap();
    assert_eq!(honest.stems[0].status, StemStatus::OtherStem(s));
    assert_eq!(honest.stems[0].depth, 1);
    let (lo, hi) = value_scalars::<G::Scalar>(Some(&v));
    for y0 in slot0_strategies::<G>() {
        let mut f = Forge::new(cx.cm);
        honest_path(&mut f, &cx.model, &t, 1); // root, and S's real leaf at [g]
        f.internal(&t[..1], y0); // ... posing as an internal node
        f.place(&t[..2], 0, (c, cv.clone()));
        f.place(&t[..3], 0, (fl_c, fl_v.clone()));
        f.place(&t[..3], 1, fl_c1.clone());
        f.open_child(&t[..1], 1, &t[..2], 0); // leaf[1] = stem_scalar(S) = hash(C')
        f.internal(&t[..2], None);
        f.open_child(&t[..2], 0x77, &t[..3], 0);
        f.open_true(&t[..3], 0, 0);
        f.open_true(&t[..3], 0, 1);
        f.open_child(&t[..3], 2, &t[..3], 1);
        f.open(&t[..3], 1, 6, lo);
        f.open(&t[..3], 1, 7, hi);
        // every opening above is true except, under y0 = Some(0), the
        // leaf's index 0
        let proof = f.finish(vec![present_at(3)]);
        assert_eq!(
            cx.verify(&[(kt, Some(v))], &proof),
            Err(ProofError::Invalid)
        );
    }
}

/// Another stem's leaf: (a) an absent stem `T` that routes to `S_A`'s leaf
/// claimed present with `S_A`'s value; (b) the present stem `S_A` claimed
/// absent because "the leaf there belongs to `T`".
fn another_stems_leaf<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = s_a();
    let t = stem(&[0x10, 0x20, 0x99]);
    let (ks, kt) = (key(&s, 1), key(&t, 1));
    let v = cx.truth(&ks).unwrap();
    assert!(cx.truth(&kt).is_none());
    cx.honest_ok(&[kt]);
    // (a)
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 2);
    f.place(&s[..2], 1, cx.model.node(&s[..2], 1));
    f.open_true(&s[..2], 0, 0);
    f.open(&s[..2], 0, 1, stem_scalar(&t));
    f.open_true(&s[..2], 0, 2);
    f.open_true(&s[..2], 1, 2);
    f.open_true(&s[..2], 1, 3);
    assert_eq!(
        Err(ProofError::Invalid),
        cx.verify(&[(kt, Some(v))], &f.finish(vec![present_at(2)]))
    );
    // (b)
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 2);
    f.open_true(&s[..2], 0, 0);
    f.open(&s[..2], 0, 1, stem_scalar(&t));
    let other = StemInfo {
        status: StemStatus::OtherStem(t),
        depth: 2,
    };
    assert_eq!(
        Err(ProofError::Invalid),
        cx.verify(&[(ks, None)], &f.finish(vec![other]))
    );
}

/// A value from another suffix: `(S_A, 2)` claimed to hold the value stored
/// at `(S_A, 1)`, with `C1` opened at suffix 2's slots to it (false), and
/// at suffix 1's slots (true, but the wrong slots for the claim).
fn value_from_another_suffix<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = s_a();
    let (k1, k2) = (key(&s, 1), key(&s, 2));
    let v = cx.truth(&k1).unwrap();
    assert!(cx.truth(&k2).is_none());
    let (lo, hi) = value_scalars::<G::Scalar>(Some(&v));
    for slot in [4usize, 2] {
        let mut f = Forge::new(cx.cm);
        honest_path(&mut f, &cx.model, &s, 2);
        f.place(&s[..2], 1, cx.model.node(&s[..2], 1));
        for z in [0, 1, 2] {
            f.open_true(&s[..2], 0, z);
        }
        f.open(&s[..2], 1, slot, lo);
        f.open(&s[..2], 1, slot + 1, hi);
        assert_eq!(
            Err(ProofError::Invalid),
            cx.verify(&[(k2, Some(v))], &f.finish(vec![present_at(2)]))
        );
    }
}

/// A caller that passes a leaf commitment as the "root" (say, a subtree
/// handle taken from an untrusted source): the leaf's vector is 0 at every
/// index >= 4, so without the index-0 check on the root any key starting
/// with such a byte would be "proven" absent. The root is checked like every
/// internal node. Also: the empty tree's absence proof (root = identity)
/// still verifies.
fn leaf_commitment_as_root<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = s_c();
    let (leaf_c, _) = cx.model.node(&s[..1], 0);
    let k = key(&stem(&[0x40]), 0);
    for y0 in slot0_strategies::<G>() {
        let mut f = Forge::new(cx.cm);
        f.place(&[], 0, cx.model.node(&s[..1], 0));
        f.open_true(&[], 0, k[0] as usize);
        f.internal(&[], y0);
        let proof = f.finish(vec![empty_at(0)]);
        let r = tree_proof::verify(cx.cm.crs(), cx.tree.domain(), &leaf_c, &[(k, None)], &proof);
        assert_eq!(r, Err(ProofError::Invalid));
    }
    let empty = VerkleTree::new(cm);
    let (p, entries) = empty.prove(&[k]).unwrap();
    assert_eq!(p.internal_slot0.len(), 1);
    tree_proof::verify(
        cm.crs(),
        empty.domain(),
        &empty.root_commitment(),
        &entries,
        &p,
    )
    .unwrap();
}

/// The forger itself is sound: with honest node kinds and true openings it
/// reproduces proofs the verifier accepts (so the rejections above come
/// from the forgeries, not from a broken forger).
fn forger_honest_control<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let s = s_a();
    let k = key(&s, 1);
    let v = cx.truth(&k).unwrap();
    let mut f = Forge::new(cx.cm);
    honest_path(&mut f, &cx.model, &s, 2);
    f.place(&s[..2], 1, cx.model.node(&s[..2], 1));
    for z in [0, 1, 2] {
        f.open_true(&s[..2], 0, z);
    }
    f.open_true(&s[..2], 1, 2);
    f.open_true(&s[..2], 1, 3);
    cx.verify(&[(k, Some(v))], &f.finish(vec![present_at(2)]))
        .unwrap();
}

/// Verdict oracle over the generic forger: for present keys, absent
/// suffixes and absent stems, every status (empty, another stem, present)
/// at depths around the real one, true and false values, and two index-0
/// strategies (the real value, and 1). The verifier accepts only when the
/// claim is true and the stated status and depth are the real ones; with
/// the real values it then always accepts. (Kept small: each case is a
/// full multiproof; the `verkle_proof` fuzz target explores further.)
fn generic_forgeries_verdict_oracle<G: VerkleGroup>(cm: &'static Committer<G>) {
    let cx = Ctx::<G>::new(cm);
    let keys = [
        key(&s_a(), 1),                     // present, depth 2
        key(&s_c(), 200),                   // absent suffix, empty C2, depth 1
        key(&stem(&[0x10, 0x20, 0x31]), 0), // other stem S_A at depth 2
        key(&stem(&[0x10, 0x22]), 4),       // empty slot at depth 1
        key(&stem(&[0x40]), 9),             // empty root slot
    ];
    let root = cx.tree.root_commitment();
    let mut accepted = 0;
    for k in keys {
        let truth = cx.truth(&k);
        let (honest, _) = cx.tree.prove(&[k]).unwrap();
        let real = honest.stems[0];
        let wrong = Some(truth.map_or([0x5a; 32], |mut v| {
            v[0] ^= 1;
            v
        }));
        for claim in [truth, wrong] {
            let claims = [(k, claim)];
            for depth in real.depth.saturating_sub(1)..=real.depth + 2 {
                for status in [
                    StemStatus::Empty,
                    StemStatus::Present,
                    StemStatus::OtherStem(s_a()),
                ] {
                    let stems = vec![StemInfo { status, depth }];
                    let true_claim = claim == truth && stems[0] == real;
                    for one in [false, true] {
                        if one && claim != truth {
                            continue;
                        }
                        let proof = forge_generic(cx.cm, &cx.model, &claims, &stems, |_| {
                            one.then(G::Scalar::one)
                        });
                        let ok = tree_proof::verify(
                            cx.cm.crs(),
                            cx.tree.domain(),
                            &root,
                            &claims,
                            &proof,
                        )
                        .is_ok();
                        assert!(!ok || true_claim, "{k:?} {claim:?} {stems:?} {one}");
                        if true_claim && !one {
                            assert!(ok, "honest forge rejected: {k:?} {stems:?}");
                        }
                        accepted += usize::from(ok);
                    }
                }
            }
        }
    }
    // exactly the five true statements, each with the real index-0 values
    assert_eq!(accepted, keys.len());
}

macro_rules! for_both_groups {
    ($($name:ident),* $(,)?) => {
        mod banderwagon {
            $(#[test] fn $name() { super::$name::<super::Banderwagon>(super::committer_bw()); })*
        }
        mod grumpkin {
            $(#[test] fn $name() { super::$name::<super::Grumpkin>(super::committer_gk()); })*
        }
    };
}

for_both_groups!(
    absence_of_present_key_leaf_as_internal,
    absence_of_present_key_leaf_as_internal_index3,
    absence_of_present_key_identity_child,
    extension_absent_for_present_stem,
    wrong_depth_absence_through_identity,
    wrong_depth_presence,
    presence_of_absent_key,
    presence_of_absent_key_via_crafted_stem,
    another_stems_leaf,
    value_from_another_suffix,
    forger_honest_control,
    leaf_commitment_as_root,
    generic_forgeries_verdict_oracle,
);
