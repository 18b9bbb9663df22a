//! Tree known answers (EIP-6800 reference values), incremental vs.
//! from-scratch commitments, insert/get/delete properties.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use crate::common;
use common::committer;

use std::collections::BTreeMap;

use proptest::prelude::*;
use umbra_verkle::{Banderwagon, VerkleGroup, VerkleTree};

fn one_to_32() -> [u8; 32] {
    core::array::from_fn(|i| i as u8 + 1)
}

#[test]
fn empty_tree_root_is_zero() {
    let t = VerkleTree::new(committer());
    assert_eq!(t.root_hash(), [0u8; 32]);
    assert!(Banderwagon::is_identity(&t.root_commitment()));
}

#[test]
fn single_key_known_answers() {
    let k = one_to_32();
    let mut t = VerkleTree::new(committer());
    t.insert(&k, k);
    assert_eq!(
        hex::encode(t.root_hash()),
        "029b6c4c8af9001f0ac76472766c6579f41eec84a73898da06eb97ebdab80a09"
    );
    let mut t = VerkleTree::new(committer());
    t.insert(&k, [0u8; 32]);
    assert_eq!(
        hex::encode(t.root_hash()),
        "77a0747bd526d9d9af60bd5665d24d6cb421f5c8e726b1de62f914f3ff9a361c"
    );
    assert_eq!(t.get(&k), Some([0u8; 32]));
    t.insert(&k, k);
    assert_eq!(
        hex::encode(t.root_hash()),
        "029b6c4c8af9001f0ac76472766c6579f41eec84a73898da06eb97ebdab80a09"
    );
    assert_eq!(t.get(&k), Some(k));
    assert!(t.delete(&k));
    assert_eq!(t.root_hash(), [0u8; 32]);
    assert!(!t.delete(&k));
    assert_eq!(t.get(&k), None);
}

fn arb_keys() -> impl Strategy<Value = Vec<([u8; 32], [u8; 32])>> {
    // Small alphabets for the first bytes force shared prefixes (deep paths).
    prop::collection::vec(
        (
            prop::array::uniform32(0u8..3),
            any::<u8>(),
            any::<[u8; 32]>(),
        )
            .prop_map(|(mut k, s, v)| {
                k[31] = s;
                (k, v)
            }),
        1..24,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn tree_matches_model_and_is_canonical(entries in arb_keys(), del_mask in any::<u32>()) {
        let mut t = VerkleTree::new(committer());
        let mut model = BTreeMap::new();
        for (k, v) in &entries {
            t.insert(k, *v);
            model.insert(*k, *v);
        }
        prop_assert!(Banderwagon::points_eq(&t.root_commitment(), &t.recompute_root_vartime()));
        for (k, v) in &model {
            prop_assert_eq!(t.get(k), Some(*v));
        }
        // delete some keys; the result must equal a tree built from the rest
        let keys: Vec<_> = model.keys().copied().collect();
        for (i, k) in keys.iter().enumerate() {
            if del_mask >> (i % 32) & 1 == 1 {
                prop_assert!(t.delete(k));
                model.remove(k);
            }
        }
        let mut fresh = VerkleTree::new(committer());
        for (k, v) in &model {
            fresh.insert(k, *v);
        }
        prop_assert_eq!(t.root_hash(), fresh.root_hash());
        prop_assert!(Banderwagon::points_eq(&t.root_commitment(), &fresh.root_commitment()));
        prop_assert!(Banderwagon::points_eq(&t.root_commitment(), &t.recompute_root_vartime()));
        // insertion order does not matter
        let mut rev = VerkleTree::new(committer());
        for (k, v) in model.iter().rev() {
            rev.insert(k, *v);
        }
        prop_assert_eq!(rev.root_hash(), fresh.root_hash());
    }
}
