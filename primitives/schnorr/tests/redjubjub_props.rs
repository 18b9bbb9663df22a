//! Property tests of RedJubjub: sign/verify round trips, re-randomisation
//! homomorphism, encodings, and agreement of batch and single verification.
#![cfg(all(feature = "redjubjub", feature = "alloc"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::TestRng;
use proptest::prelude::*;
use subtle::ConstantTimeEq;
use umbra_schnorr::redjubjub::{
    BatchItem, Binding, Randomizer, Signature, SigningKey, SpendAuth, VerificationKey,
    find_invalid, verify_batch, verify_batch_deterministic,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn sign_verify_round_trip(seed in any::<u64>(), msg in proptest::collection::vec(any::<u8>(), 0..100)) {
        let mut rng = TestRng::new(seed);
        let sk = SigningKey::<SpendAuth>::generate(&mut rng);
        let sig = sk.sign(&mut rng, &msg);
        prop_assert!(sk.verification_key().verify(&msg, &sig).is_ok());
        // Encodings round-trip.
        let sk2 = SigningKey::<SpendAuth>::from_bytes(&sk.to_bytes()).unwrap();
        prop_assert!(bool::from(sk.ct_eq(&sk2)));
        let vk2 = VerificationKey::<SpendAuth>::from_bytes(&sk.verification_key().to_bytes()).unwrap();
        prop_assert_eq!(&vk2, sk.verification_key());
        prop_assert_eq!(Signature::<SpendAuth>::from_bytes(&sig.to_bytes()), sig);
        // Deterministic given the randomness, different for different T.
        let t = [7u8; 80];
        prop_assert_eq!(sk.sign_with_randomness(&t, &msg), sk.sign_with_randomness(&t, &msg));
        let mut t2 = t;
        t2[79] ^= 1;
        prop_assert_ne!(sk.sign_with_randomness(&t, &msg), sk.sign_with_randomness(&t2, &msg));
    }

    #[test]
    fn randomization_is_homomorphic(seed in any::<u64>()) {
        let mut rng = TestRng::new(seed);
        let sk = SigningKey::<SpendAuth>::generate(&mut rng);
        let a = Randomizer::generate(&mut rng);
        let b = Randomizer::generate(&mut rng);
        let ab = sk.randomize(&a).randomize(&b);
        let ba = sk.randomize(&b).randomize(&a);
        prop_assert!(bool::from(ab.ct_eq(&ba)));
        let rk = sk.verification_key().randomize(&a).randomize(&b);
        prop_assert_eq!(ab.verification_key(), &rk);
        prop_assert_ne!(&rk, sk.verification_key());
        let sig = ab.sign(&mut rng, b"m");
        prop_assert!(rk.verify(b"m", &sig).is_ok());
        prop_assert!(sk.verification_key().verify(b"m", &sig).is_err());
    }

    #[test]
    fn batch_agrees_with_single(seed in any::<u64>(), n in 1usize..6, bad in proptest::option::of(0usize..12)) {
        let mut rng = TestRng::new(seed);
        let msgs: Vec<Vec<u8>> = (0..2 * n).map(|i| vec![i as u8; i]).collect();
        let spend: Vec<_> = (0..n).map(|_| SigningKey::<SpendAuth>::generate(&mut rng)).collect();
        let bind: Vec<_> = (0..n).map(|_| SigningKey::<Binding>::generate(&mut rng)).collect();
        let mut ssigs: Vec<_> = spend.iter().zip(&msgs).map(|(k, m)| k.sign(&mut rng, m)).collect();
        let bsigs: Vec<_> = bind.iter().zip(&msgs[n..]).map(|(k, m)| k.sign(&mut rng, m)).collect();
        if let Some(i) = bad.filter(|&i| i < n) {
            ssigs[i] = spend[i].sign(&mut rng, b"not the message");
        }
        let mut items = Vec::new();
        let mut all_single = true;
        for ((k, m), s) in spend.iter().zip(&msgs).zip(&ssigs) {
            all_single &= k.verification_key().verify(m, s).is_ok();
            items.push(BatchItem::spend_auth(k.verification_key(), m, s));
        }
        for ((k, m), s) in bind.iter().zip(&msgs[n..]).zip(&bsigs) {
            all_single &= k.verification_key().verify(m, s).is_ok();
            items.push(BatchItem::binding(k.verification_key(), m, s));
        }
        prop_assert_eq!(verify_batch(&mut rng, &items).is_ok(), all_single);
        prop_assert_eq!(verify_batch_deterministic(&items).is_ok(), all_single);
        prop_assert_eq!(find_invalid(&items).is_empty(), all_single);
        prop_assert_eq!(all_single, bad.filter(|&i| i < n).is_none());
    }
}
