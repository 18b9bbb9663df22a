//! Batch verification: accepts iff every member passes `verify_zip215`, and
//! `find_invalid` names exactly the failing members.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestRng;
use umbra_eddsa::batch::{BatchVerifier, verify_batch_vartime};
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

fn queue(items: &[(VerifyingKey, Vec<u8>, Signature)]) -> BatchVerifier {
    let mut b = BatchVerifier::with_capacity(items.len());
    for (vk, m, s) in items {
        b.queue(vk, m, s);
    }
    b
}

#[test]
fn valid_batches_of_every_small_size_verify() {
    let mut rng = TestRng::new(b"valid batches");
    for n in [0usize, 1, 2, 3, 7, 64] {
        let items = batch_of(n, &mut rng);
        let b = queue(&items);
        assert_eq!(b.len(), n);
        assert_eq!(b.is_empty(), n == 0);
        b.verify_vartime(&mut rng).unwrap();
        assert!(b.find_invalid().is_empty());
        let triples: Vec<(VerifyingKey, &[u8], Signature)> = items
            .iter()
            .map(|(v, m, s)| (*v, m.as_slice(), *s))
            .collect();
        verify_batch_vartime(&triples, &mut rng).unwrap();
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
            assert_eq!(b.verify_vartime(&mut rng), Err(Error::BatchFailed));
            assert_eq!(b.find_invalid(), vec![(bad, expected)]);
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
    assert!(b.verify_vartime(&mut rng).is_err());
    let found: Vec<usize> = b.find_invalid().into_iter().map(|(i, _)| i).collect();
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
    let mut batch = BatchVerifier::new();
    batch.queue(&vk, b"one", &Signature::from_bytes(&t1));
    batch.queue(&vk, b"two", &Signature::from_bytes(&t2));
    for _ in 0..8 {
        assert!(batch.verify_vartime(&mut rng).is_err());
    }
    assert_eq!(batch.find_invalid().len(), 2);
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
        proptest::prop_assert_eq!(b.verify_vartime(&mut rng).is_ok(), expected.is_empty());
        let found: Vec<usize> = b.find_invalid().into_iter().map(|(i, _)| i).collect();
        proptest::prop_assert_eq!(found, expected);
    }
}
