//! Batch verification: accepts iff every member passes `verify_zip215`
//! (with RNG weights and with hash-derived weights), and `find_invalid`
//! names exactly the failing members.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::TestRng;
use umbra_eddsa::batch::{BatchItem, find_invalid, verify_batch, verify_batch_deterministic};
use umbra_eddsa::{Error, Signature, SigningKey, VerifyingKey};

fn batch_of(n: usize, rng: &mut TestRng) -> Vec<(VerifyingKey, Vec<u8>, Signature)> {
    (0..n)
        .map(|i| {
            let sk = SigningKey::generate(rng);
            let msg = format!("batch member {i}").into_bytes();
            let sig = sk.sign(&msg);
            (sk.verifying_key(), msg, sig)
        })
        .collect()
}

fn queue(items: &[(VerifyingKey, Vec<u8>, Signature)]) -> Vec<BatchItem<'_>> {
    items
        .iter()
        .map(|(vk, m, s)| BatchItem::new(vk, m, s))
        .collect()
}

#[test]
fn valid_batches_of_every_small_size_verify() {
    let mut rng = TestRng::new(b"valid batches");
    for n in [0usize, 1, 2, 3, 7, 64] {
        let items = batch_of(n, &mut rng);
        let b = queue(&items);
        assert_eq!(b.len(), n);
        verify_batch(&mut rng, &b).unwrap();
        verify_batch_deterministic(&b).unwrap();
        assert!(find_invalid(&b).is_empty());
        // Items also convert from tuples.
        let from_tuples: Vec<BatchItem<'_>> = items
            .iter()
            .map(|(v, m, s)| (v, m.as_slice(), s).into())
            .collect();
        verify_batch(&mut rng, &from_tuples).unwrap();
    }
}

#[test]
fn one_bad_member_anywhere_fails_and_is_found() {
    let mut rng = TestRng::new(b"bad member");
    let items = batch_of(16, &mut rng);
    for bad in 0..16 {
        for kind in 0..4 {
            let mut items = items.clone();
            let (vk, msg, sig) = &mut items[bad];
            let mut bytes = sig.to_bytes();
            let expected = match kind {
                // wrong message
                0 => {
                    msg.push(1);
                    Error::InvalidSignature
                }
                // S + ℓ-style non-canonical S (top bit)
                1 => {
                    bytes[63] |= 0x80;
                    Error::NonCanonicalS
                }
                // other key
                2 => {
                    *vk = SigningKey::from_bytes(&[bad as u8; 32]).verifying_key();
                    Error::InvalidSignature
                }
                // undecodable R (y = 2 is not on the curve)
                _ => {
                    bytes[..32].copy_from_slice(&{
                        let mut y = [0u8; 32];
                        y[0] = 2;
                        y
                    });
                    Error::InvalidR
                }
            };
            *sig = Signature::from_bytes(&bytes);
            let b = queue(&items);
            assert_eq!(verify_batch(&mut rng, &b), Err(Error::BatchInvalid));
            assert_eq!(verify_batch_deterministic(&b), Err(Error::BatchInvalid));
            assert_eq!(find_invalid(&b), vec![(bad, expected)]);
        }
    }
}

#[test]
fn several_bad_members_are_all_found() {
    let mut rng = TestRng::new(b"several bad");
    let mut items = batch_of(64, &mut rng);
    let bad = [0usize, 17, 18, 63];
    for &i in &bad {
        items[i].1.push(0xff);
    }
    let b = queue(&items);
    assert!(verify_batch(&mut rng, &b).is_err());
    assert!(verify_batch_deterministic(&b).is_err());
    let found: Vec<usize> = find_invalid(&b).into_iter().map(|(i, _)| i).collect();
    assert_eq!(found, bad);
}

#[test]
fn two_bad_signatures_cannot_cancel() {
    // Two members whose errors are opposite points: a deterministic
    // (unweighted) sum would cancel; the random coefficients do not.
    let mut rng = TestRng::new(b"cancel");
    let sk = SigningKey::from_bytes(&[3; 32]);
    let vk = sk.verifying_key();
    let s1 = sk.sign(b"one").to_bytes();
    let s2 = sk.sign(b"two").to_bytes();
    use curve25519_dalek::scalar::Scalar;
    let one = Scalar::ONE;
    let a = Scalar::from_canonical_bytes(s1[32..].try_into().unwrap()).unwrap() + one;
    let b = Scalar::from_canonical_bytes(s2[32..].try_into().unwrap()).unwrap() - one;
    let mut t1 = s1;
    t1[32..].copy_from_slice(&a.to_bytes());
    let mut t2 = s2;
    t2[32..].copy_from_slice(&b.to_bytes());
    let (t1, t2) = (Signature::from_bytes(&t1), Signature::from_bytes(&t2));
    let batch = [
        BatchItem::new(&vk, b"one", &t1),
        BatchItem::new(&vk, b"two", &t2),
    ];
    for _ in 0..8 {
        assert!(verify_batch(&mut rng, &batch).is_err());
    }
    assert!(verify_batch_deterministic(&batch).is_err());
    assert_eq!(find_invalid(&batch).len(), 2);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Random batches with a random set of tampered members: the batch
    /// verifies iff the set is empty, and `find_invalid` returns exactly it.
    #[test]
    fn find_invalid_returns_exactly_the_tampered_set(
        label in proptest::prelude::any::<u64>(),
        bad_mask in proptest::prelude::any::<u16>(),
        n in 1usize..12,
        byte in 0usize..64,
    ) {
        let mut rng = TestRng::new(&label.to_le_bytes());
        let mut items = batch_of(n, &mut rng);
        let mut expected = Vec::new();
        for (i, item) in items.iter_mut().enumerate() {
            if bad_mask >> i & 1 == 1 {
                let mut b = item.2.to_bytes();
                b[byte] ^= 0x01;
                item.2 = Signature::from_bytes(&b);
                expected.push(i);
            }
        }
        let b = queue(&items);
        proptest::prop_assert_eq!(verify_batch(&mut rng, &b).is_ok(), expected.is_empty());
        proptest::prop_assert_eq!(verify_batch_deterministic(&b).is_ok(), expected.is_empty());
        let found: Vec<usize> = find_invalid(&b).into_iter().map(|(i, _)| i).collect();
        proptest::prop_assert_eq!(found, expected);
    }
}

#[test]
fn deterministic_weights_depend_on_every_item() {
    // The deterministic verdict is reproducible, and re-ordering or changing
    // any item changes the batch hash; the verdict still follows validity.
    let mut rng = TestRng::new(b"deterministic");
    let items = batch_of(8, &mut rng);
    let b = queue(&items);
    assert_eq!(verify_batch_deterministic(&b), Ok(()));
    assert_eq!(verify_batch_deterministic(&b), Ok(()));
    let mut reversed = b.clone();
    reversed.reverse();
    assert_eq!(verify_batch_deterministic(&reversed), Ok(()));
    // A prefix of a valid batch is valid; an empty batch is valid.
    assert_eq!(verify_batch_deterministic(&b[..3]), Ok(()));
    assert_eq!(verify_batch_deterministic(&[]), Ok(()));
}
