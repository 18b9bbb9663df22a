//! `Poseidon::merkle_root` against a direct, branching model of the path
//! convention, with tamper properties.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ff::PrimeField;
use proptest::prelude::*;
use umbra_poseidon::{CtField, Error, MAX_MERKLE_DEPTH, Poseidon};

type Fr = ark_bn254::Fr;
type Fq = ark_bls12_381::Fr;

fn elem<F: PrimeField>() -> impl Strategy<Value = F> {
    proptest::array::uniform32(any::<u8>()).prop_map(|b| F::from_le_bytes_mod_order(&b))
}

/// Bit `i` of `index` set: the level-`i` node is the right child.
fn model<F: CtField>(p: &Poseidon<F, 3>, leaf: F, siblings: &[F], index: u64) -> F {
    let mut node = leaf;
    for (i, s) in siblings.iter().enumerate() {
        node = if (index >> i) & 1 == 1 {
            p.compress(s, &node)
        } else {
            p.compress(&node, s)
        };
    }
    node
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn merkle_root_matches_model(
        leaf in elem::<Fr>(),
        siblings in proptest::collection::vec(elem::<Fr>(), 0..6),
        index in any::<u64>(),
    ) {
        let p = Poseidon::<Fr, 3>::new().unwrap();
        let root = p.merkle_root(&leaf, &siblings, index).unwrap();
        prop_assert_eq!(root, model(&p, leaf, &siblings, index));
        // Bits at or above the depth are ignored.
        let low = if siblings.len() >= 64 { index } else { index & ((1u64 << siblings.len()) - 1) };
        prop_assert_eq!(root, p.merkle_root(&leaf, &siblings, low).unwrap());
    }

    /// A different leaf, sibling or direction bit gives a different root.
    #[test]
    fn merkle_root_tamper(
        leaf in elem::<Fq>(),
        siblings in proptest::collection::vec(elem::<Fq>(), 1..5),
        index in any::<u64>(),
        level in any::<prop::sample::Index>(),
        delta in 1u64..,
    ) {
        let p = Poseidon::<Fq, 3>::new().unwrap();
        let root = p.merkle_root(&leaf, &siblings, index).unwrap();
        let l = level.index(siblings.len());
        prop_assert_ne!(root, p.merkle_root(&(leaf + Fq::from(delta)), &siblings, index).unwrap());
        let mut s = siblings.clone();
        s[l] += Fq::from(delta);
        prop_assert_ne!(root, p.merkle_root(&leaf, &s, index).unwrap());
        // Flipping a direction bit changes the root unless node == sibling there.
        let flipped = p.merkle_root(&leaf, &siblings, index ^ (1 << l)).unwrap();
        prop_assert_ne!(root, flipped);
    }
}

#[test]
fn merkle_depth_bound() {
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let leaf = Fr::from(7u64);
    assert_eq!(p.merkle_root(&leaf, &[], 0), Ok(leaf));
    let ok = vec![Fr::from(1u64); MAX_MERKLE_DEPTH];
    assert!(p.merkle_root(&leaf, &ok, u64::MAX).is_ok());
    let too_deep = vec![Fr::from(1u64); MAX_MERKLE_DEPTH + 1];
    assert_eq!(
        p.merkle_root(&leaf, &too_deep, 0),
        Err(Error::InvalidInputLength)
    );
}
