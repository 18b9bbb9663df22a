//! Verkle tree proofs, two modes (bit 0 of the first byte):
//!
//! * **raw** (0): tree-proof, multiproof and IPA decoding + verification on
//!   arbitrary bytes; must never panic. No verdict assertion here: some byte
//!   strings are genuinely valid proofs.
//! * **verdict oracle** (1): the input builds a small reference tree (inserts
//!   and deletes over a tiny alphabet of stem bytes, so prefixes collide),
//!   picks keys and claims (true or false), and a proof: the honest one, or
//!   a forged one from the generic forger of the crate's tests (arbitrary
//!   status and depth per stem, real nodes or identities placed wherever the
//!   claims need a node, arbitrary index-0 values). The verifier must accept
//!   exactly the true claims with the real statuses: an accepted proof with a
//!   false claim, a wrong status or depth is a soundness failure; a rejected
//!   honest proof is a completeness failure. Over Banderwagon or Grumpkin
//!   (bit 1). Also checks the test model of the tree against the tree itself
//!   (same root after any inserts and deletes) and that the wire form gives
//!   the same verdict.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use umbra_verkle::ipa::IpaProof;
use umbra_verkle::multiproof::{self, MultiProof, VerifierQuery};
use umbra_verkle::tree::{STEM_LEN, Stem};
use umbra_verkle::tree_proof::{self, StemInfo, StemStatus};
use umbra_verkle::{
    Banderwagon, BanderwagonScalar as Fr, Committer, Crs, Domain, Grumpkin, Key, Transcript, Value,
    VerkleGroup, VerkleTree,
};

#[path = "../../primitives/verkle/tests/common/forge.rs"]
mod forge;

fn setup() -> &'static (Crs<Banderwagon>, Domain<Fr>) {
    static S: OnceLock<(Crs<Banderwagon>, Domain<Fr>)> = OnceLock::new();
    S.get_or_init(|| (Crs::new(), Domain::new(256)))
}

fn committer_bw() -> &'static Committer<Banderwagon> {
    static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::new()))
}

fn committer_gk() -> &'static Committer<Grumpkin> {
    static C: OnceLock<Committer<Grumpkin>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::new()))
}

fuzz_target!(|data: &[u8]| {
    match data.first() {
        Some(b) if b & 1 == 1 => {
            let mut r = Reader(&data[1..]);
            if b & 2 == 0 {
                oracle::<Banderwagon>(committer_bw(), &mut r);
            } else {
                oracle::<Grumpkin>(committer_gk(), &mut r);
            }
        }
        Some(_) => raw(&data[1..]),
        None => {}
    }
});

fn raw(data: &[u8]) {
    let (crs, domain) = setup();
    if data.len() < 33 {
        let _ = Banderwagon::decode(&core::array::from_fn(|i| *data.get(i).unwrap_or(&0)));
        return;
    }
    // first 32 bytes: a root; byte 32: number of claimed keys (0..4); then
    // the claims (32-byte key, 1 presence byte, 32-byte value) and the proof.
    let mut root = [0u8; 32];
    root.copy_from_slice(&data[..32]);
    let n = (data[32] % 4) as usize;
    let mut rest = &data[33..];
    let mut entries = Vec::new();
    for _ in 0..n {
        if rest.len() < 65 {
            break;
        }
        let mut k = [0u8; 32];
        k.copy_from_slice(&rest[..32]);
        let mut v = [0u8; 32];
        v.copy_from_slice(&rest[33..65]);
        entries.push((k, if rest[32] & 1 == 1 { Some(v) } else { None }));
        rest = &rest[65..];
    }
    let _ = tree_proof::verify_bytes::<Banderwagon>(crs, domain, &root, &entries, rest);

    // the same bytes as a bare multiproof for one query, and as an IPA proof
    if let Ok(p) = MultiProof::<Banderwagon>::from_bytes(rest, 256) {
        if let Ok(c) = Banderwagon::decode(&root) {
            let q = [VerifierQuery::<Banderwagon> {
                commitment: c,
                point: data[32] as usize,
                result: Fr::from(data[0] as u64),
            }];
            let _ = multiproof::verify(crs, domain, &mut Transcript::new(b"fuzz"), &q, &p);
        }
    }
    let _ = IpaProof::<Banderwagon>::from_bytes(rest, 256);
}

/// Reads bytes, then zeros once the input is used up.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
}

/// Stem bytes come from a tiny alphabet so that stems share prefixes and
/// land on leaf indices 0..4 (the leaf's non-zero slots) as well as on zero
/// slots; the rest of a stem is fixed.
const STEM_BYTES: [u8; 8] = [0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x40, 0xff];
const SUFFIXES: [u8; 6] = [0, 1, 2, 127, 128, 255];

fn stem_from(r: &mut Reader<'_>) -> Stem {
    let mut s = [0x55u8; STEM_LEN];
    let b = [r.byte(), r.byte()];
    s[0] = STEM_BYTES[(b[0] & 7) as usize];
    s[1] = STEM_BYTES[((b[0] >> 3) & 7) as usize];
    s[2] = STEM_BYTES[(b[1] & 7) as usize];
    s
}

fn key_from(r: &mut Reader<'_>) -> Key {
    let s = stem_from(r);
    let mut k = [0u8; 32];
    k[..STEM_LEN].copy_from_slice(&s);
    k[31] = SUFFIXES[(r.byte() % 6) as usize];
    k
}

fn oracle<G: VerkleGroup>(cm: &'static Committer<G>, r: &mut Reader<'_>) {
    // the reference tree
    let mut tree = VerkleTree::new(cm);
    let mut contents: BTreeMap<Key, Value> = BTreeMap::new();
    let n_ins = 1 + r.byte() % 6;
    let mut inserted = Vec::new();
    for _ in 0..n_ins {
        let k = key_from(r);
        let v = [r.byte(); 32];
        tree.insert(&k, v);
        contents.insert(k, v);
        inserted.push(k);
    }
    for _ in 0..r.byte() % 3 {
        let k = inserted[(r.byte() as usize) % inserted.len()];
        assert_eq!(tree.delete(&k), contents.remove(&k).is_some());
    }
    let model = forge::Model::<G>::build(cm, &contents);
    assert!(
        G::points_eq(&model.node(&[], 0).0, &tree.root_commitment()),
        "model and tree disagree"
    );
    let root = tree.root_commitment();

    // keys and claims (true or false)
    let n_q = 1 + r.byte() % 3;
    let mut claims = Vec::new();
    for _ in 0..n_q {
        let k = if r.byte() & 1 == 0 && !inserted.is_empty() {
            inserted[(r.byte() as usize) % inserted.len()]
        } else {
            key_from(r)
        };
        let truth = tree.get(&k);
        let c = match r.byte() % 4 {
            0 | 1 => truth,
            2 => None,
            _ => Some(truth.map_or([r.byte(); 32], |mut v| {
                v[31] ^= 1 | r.byte();
                v
            })),
        };
        claims.push((k, c));
    }
    let keys: Vec<Key> = claims.iter().map(|(k, _)| *k).collect();
    let claims_true = claims.iter().all(|(k, v)| tree.get(k) == *v);
    let (honest, _) = tree.prove(&keys).expect("honest prover failed");
    let verify = |proof: &tree_proof::TreeProof<G>| {
        let a = tree_proof::verify(cm.crs(), tree.domain(), &root, &claims, proof).is_ok();
        let b = tree_proof::verify_bytes::<G>(
            cm.crs(),
            tree.domain(),
            &G::encode(&root),
            &claims,
            &proof.to_bytes(),
        )
        .is_ok();
        assert_eq!(a, b, "wire form changed the verdict");
        a
    };

    if r.byte() & 1 == 0 {
        // the honest proof of the real contents: accepted iff the claims are true
        assert_eq!(
            verify(&honest),
            claims_true,
            "honest proof, claims {claims:?}"
        );
        return;
    }
    // a forged proof: arbitrary status and depth per distinct stem
    let mut stems = Vec::new();
    let n_stems = honest.stems.len();
    let present: Vec<Stem> = contents
        .keys()
        .map(|k| k[..STEM_LEN].try_into().expect("31 bytes"))
        .collect();
    for real in &honest.stems {
        let b = r.byte();
        let info = match b % 4 {
            0 => *real, // keep the real one
            1 => StemInfo {
                status: StemStatus::Empty,
                depth: r.byte() % 5,
            },
            2 => StemInfo {
                status: StemStatus::Present,
                depth: r.byte() % 5,
            },
            _ => {
                let o = if present.is_empty() || r.byte() & 1 == 0 {
                    stem_from(r)
                } else {
                    present[(r.byte() as usize) % present.len()]
                };
                StemInfo {
                    status: StemStatus::OtherStem(o),
                    depth: r.byte() % 5,
                }
            }
        };
        stems.push(info);
    }
    debug_assert_eq!(stems.len(), n_stems);
    let strategy = r.byte();
    let pick = r.byte();
    let proof = forge::forge_generic(cm, &model, &claims, &stems, |path| match strategy % 4 {
        0 => None,
        1 => Some(G::Scalar::from(0u64)),
        2 => Some(G::Scalar::from(1u64)),
        // per node: real value, or 1 on the node the input points at
        _ => (path.len() == (pick % 4) as usize).then(|| G::Scalar::from(1u64)),
    });
    let ok = verify(&proof);
    let real_shape = stems == honest.stems;
    assert!(
        !ok || (claims_true && real_shape),
        "forged proof accepted: claims {claims:?} stems {stems:?} (real {:?})",
        honest.stems
    );
    if claims_true && real_shape && strategy % 4 == 0 {
        assert!(ok, "forger with the real shape and values rejected");
    }
}
