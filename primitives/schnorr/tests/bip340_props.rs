//! Property, differential and tamper tests for BIP-340.
//!
//! Oracles: libsecp256k1 (the `secp256k1` crate) and `k256::schnorr` (its
//! raw-message API). Inputs are random keys/messages/aux and adversarial
//! encodings (values at and around `p` and `n`, random bytes).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use crate::common;

use proptest::prelude::*;
use signature::{Keypair, RandomizedSigner, Signer, Verifier};
use subtle::ConstantTimeEq;
use umbra_schnorr::bip340::{
    BatchItem, Error, Parity, Signature, SigningKey, VerifyingKey, find_invalid, verify,
    verify_batch, verify_batch_deterministic,
};

const P: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f,
];
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

fn add_small(mut x: [u8; 32], d: i8) -> [u8; 32] {
    // x + d over 256-bit big-endian, wrapping.
    let mut carry: i16 = i16::from(d);
    for b in x.iter_mut().rev() {
        let v = i16::from(*b) + carry;
        *b = v.rem_euclid(256) as u8;
        carry = v.div_euclid(256);
        if carry == 0 {
            break;
        }
    }
    x
}

/// Field-element-like 32-byte strings at the boundaries plus random ones.
fn edge_32() -> impl Strategy<Value = [u8; 32]> {
    prop_oneof![
        any::<[u8; 32]>(),
        (-2i8..=2).prop_map(|d| add_small(P, d)),
        (-2i8..=2).prop_map(|d| add_small(N, d)),
        Just([0u8; 32]),
        Just([0xffu8; 32]),
        (0i8..=3).prop_map(|d| add_small([0u8; 32], d)),
    ]
}

fn libsecp_verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    let Ok(pk) = <[u8; 32]>::try_from(pk) else {
        return false;
    };
    let Ok(pk) = secp256k1::XOnlyPublicKey::from_byte_array(pk) else {
        return false;
    };
    let Ok(sig) = <[u8; 64]>::try_from(sig) else {
        return false;
    };
    let sig = secp256k1::schnorr::Signature::from_byte_array(sig);
    secp256k1::schnorr::verify(&sig, msg, &pk).is_ok()
}

fn k256_verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    let Ok(vk) = k256::schnorr::VerifyingKey::from_slice(pk) else {
        return false;
    };
    let Ok(sig) = k256::schnorr::Signature::try_from(sig) else {
        return false;
    };
    vk.verify_raw(msg, &sig).is_ok()
}

fn valid_secret(bytes: [u8; 32]) -> Option<SigningKey> {
    SigningKey::from_bytes(&bytes).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Same key, message and aux: the same 64 bytes as libsecp256k1 and k256.
    #[test]
    fn signatures_match_both_oracles(sk in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 0..80), aux in any::<[u8; 32]>()) {
        let Some(key) = valid_secret(sk) else { return Ok(()) };
        let sig = key.sign_with_aux_rand(&msg, &aux).unwrap().to_bytes();

        let kp = secp256k1::Keypair::from_secret_bytes(sk).unwrap();
        let lib = secp256k1::schnorr::sign_with_aux_rand(&msg, &kp, &aux);
        prop_assert_eq!(sig, lib.to_byte_array());
        prop_assert_eq!(key.verifying_key().to_bytes(), kp.x_only_public_key().0.to_byte_array());

        let k = k256::schnorr::SigningKey::from_slice(&sk).unwrap();
        prop_assert_eq!(sig.to_vec(), k.sign_raw(&msg, &aux).unwrap().to_bytes().to_vec());

        prop_assert!(verify(&key.verifying_key().to_bytes(), &msg, &sig).is_ok());
        prop_assert!(libsecp_verify(&key.verifying_key().to_bytes(), &msg, &sig));
    }

    /// Arbitrary and boundary encodings: Umbra accepts iff both oracles do.
    #[test]
    fn verdicts_match_oracles_on_adversarial_bytes(pk in edge_32(), r in edge_32(), s in edge_32(), msg in proptest::collection::vec(any::<u8>(), 0..40)) {
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        sig[32..].copy_from_slice(&s);
        let ours = verify(&pk, &msg, &sig);
        prop_assert_eq!(ours.is_ok(), libsecp_verify(&pk, &msg, &sig));
        prop_assert_eq!(ours.is_ok(), k256_verify(&pk, &msg, &sig));
        // Typed errors for the range checks, in parse order.
        let expect = if pk >= P {
            Some(Error::PublicKeyOutOfRange)
        } else if secp256k1::XOnlyPublicKey::from_byte_array(pk).is_err() {
            Some(Error::PublicKeyNotOnCurve)
        } else if r >= P {
            Some(Error::SignatureROutOfRange)
        } else if s >= N {
            Some(Error::SignatureSOutOfRange)
        } else {
            None
        };
        if let Some(e) = expect {
            prop_assert_eq!(ours, Err(e));
        }
    }

    /// A valid signature with a forged-but-well-formed twist: valid key,
    /// random signature bytes. Verdicts still agree.
    #[test]
    fn verdicts_match_oracles_on_random_signatures(sk in any::<[u8; 32]>(), sig in proptest::collection::vec(any::<u8>(), 64), msg in any::<[u8; 32]>()) {
        let Some(key) = valid_secret(sk) else { return Ok(()) };
        let pk = key.verifying_key().to_bytes();
        let ours = verify(&pk, &msg, &sig).is_ok();
        prop_assert_eq!(ours, libsecp_verify(&pk, &msg, &sig));
        prop_assert_eq!(ours, k256_verify(&pk, &msg, &sig));
    }

    /// Flipping any bit of the message, the public key or the signature
    /// turns a valid signature into a rejected one.
    #[test]
    fn every_single_bit_flip_is_rejected(sk in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 1..40), aux in any::<[u8; 32]>(), bit in 0usize..8) {
        let Some(key) = valid_secret(sk) else { return Ok(()) };
        let pk = key.verifying_key().to_bytes();
        let sig = key.sign_with_aux_rand(&msg, &aux).unwrap().to_bytes();
        for i in 0..msg.len() {
            let mut m = msg.clone();
            m[i] ^= 1 << bit;
            prop_assert!(verify(&pk, &m, &sig).is_err());
        }
        for i in 0..32 {
            let mut p = pk;
            p[i] ^= 1 << bit;
            prop_assert!(verify(&p, &msg, &sig).is_err());
        }
        for i in 0..64 {
            let mut s = sig;
            s[i] ^= 1 << bit;
            prop_assert!(verify(&pk, &msg, &s).is_err());
        }
        // Truncated or extended messages and encodings.
        prop_assert!(verify(&pk, &msg[..msg.len() - 1], &sig).is_err());
        let mut longer = msg.clone();
        longer.push(0);
        prop_assert!(verify(&pk, &longer, &sig).is_err());
        prop_assert_eq!(verify(&pk[..31], &msg, &sig), Err(Error::InvalidLength));
        prop_assert_eq!(verify(&pk, &msg, &sig[..63]), Err(Error::InvalidLength));
    }

    /// Batch verification agrees with single verification on mixtures of
    /// valid and corrupted signatures.
    #[test]
    fn batch_agrees_with_single(seeds in proptest::collection::vec((any::<[u8; 32]>(), any::<[u8; 16]>(), any::<bool>(), 0usize..64), 0..10), rng_seed in any::<u64>()) {
        let mut rng = common::TestRng::new(rng_seed);
        let mut items = Vec::new();
        for (sk, msg, corrupt, pos) in &seeds {
            let Some(key) = valid_secret(*sk) else { continue };
            let mut sig = key.sign_deterministic(msg).unwrap().to_bytes();
            if *corrupt {
                sig[*pos] ^= 0x40;
            }
            let Ok(sig) = Signature::from_bytes(&sig) else { continue };
            items.push((*key.verifying_key(), msg.to_vec(), sig));
        }
        let all_single = items.iter().all(|(k, m, s)| k.verify_raw(m, s).is_ok());
        let refs: Vec<BatchItem<'_>> = items.iter().map(|(k, m, s)| BatchItem::new(k, m.as_slice(), s)).collect();
        prop_assert_eq!(verify_batch(&mut rng, &refs).is_ok(), all_single);
        prop_assert_eq!(verify_batch_deterministic(&refs).is_ok(), all_single);
        let blamed: Vec<usize> = find_invalid(&refs).into_iter().map(|(i, _)| i).collect();
        let expected: Vec<usize> = items.iter().enumerate().filter(|(_, (k, m, s))| k.verify_raw(m, s).is_err()).map(|(i, _)| i).collect();
        prop_assert_eq!(blamed, expected);
    }

    /// BIP-341 tweaking: public and secret sides agree with each other and
    /// with libsecp256k1's x-only tweak; the tweaked key signs.
    #[test]
    fn taptweak_matches_libsecp(sk in any::<[u8; 32]>(), root in proptest::option::of(any::<[u8; 32]>()), msg in any::<[u8; 32]>()) {
        let Some(key) = valid_secret(sk) else { return Ok(()) };
        let vk = *key.verifying_key();
        let t = vk.tap_tweak_hash(root.as_ref());
        let (q, parity) = vk.tap_tweak(root.as_ref()).unwrap();
        let tweaked = key.tap_tweak(root.as_ref()).unwrap();
        prop_assert_eq!(*tweaked.verifying_key(), q);

        let lib_pk = secp256k1::XOnlyPublicKey::from_byte_array(vk.to_bytes()).unwrap();
        let lib_t = secp256k1::Scalar::from_be_bytes(t).unwrap();
        let (lib_q, lib_parity) = lib_pk.add_tweak(&lib_t).unwrap();
        prop_assert_eq!(q.to_bytes(), lib_q.to_byte_array());
        prop_assert_eq!(parity == Parity::Odd, lib_parity == secp256k1::Parity::Odd);
        let lib_kp = secp256k1::Keypair::from_secret_bytes(sk).unwrap().add_xonly_tweak(&lib_t).unwrap();
        prop_assert_eq!(lib_kp.x_only_public_key().0.to_byte_array(), q.to_bytes());

        let sig = tweaked.sign_deterministic(&msg).unwrap();
        prop_assert!(q.verify_raw(&msg, &sig).is_ok());
        prop_assert!(vk.verify_raw(&msg, &sig).is_err());
    }
}

#[test]
fn secret_key_parsing_is_strict() {
    assert_eq!(
        SigningKey::from_bytes(&[0u8; 32]).err(),
        Some(Error::InvalidSecretKey)
    );
    assert_eq!(
        SigningKey::from_bytes(&N).err(),
        Some(Error::InvalidSecretKey)
    );
    assert_eq!(
        SigningKey::from_bytes(&[0xff; 32]).err(),
        Some(Error::InvalidSecretKey)
    );
    assert!(SigningKey::from_bytes(&add_small(N, -1)).is_ok());
    assert_eq!(
        SigningKey::from_slice(&[1u8; 31]).err(),
        Some(Error::InvalidLength)
    );
    let (_, ok) = SigningKey::from_bytes_ct(&[0u8; 32]);
    assert!(!bool::from(ok));
}

#[test]
fn secret_keys_do_not_print_and_compare_in_constant_time() {
    let bytes = [0x42u8; 32];
    let key = SigningKey::from_bytes(&bytes).unwrap();
    let shown = format!("{key:?}");
    assert!(!shown.contains("4242"), "{shown}");
    assert!(!shown.to_lowercase().contains(&hex::encode([0x42u8; 4])));
    assert!(shown.contains("SigningKey"));
    let same = SigningKey::from_bytes(&bytes).unwrap();
    let other = SigningKey::from_bytes(&[0x43u8; 32]).unwrap();
    assert!(bool::from(key.ct_eq(&same)));
    assert!(!bool::from(key.ct_eq(&other)));
    assert_eq!(key.to_bytes(), bytes);
    // Zeroize clears the secret.
    let mut z = key.clone();
    zeroize::Zeroize::zeroize(&mut z);
    assert_eq!(z.to_bytes(), [0u8; 32]);
}

#[test]
fn signature_traits_use_raw_messages() {
    let mut rng = common::TestRng::new(7);
    let key = SigningKey::generate(&mut rng);
    let vk = Keypair::verifying_key(&key);
    let msg = b"not pre-hashed";
    let sig: Signature = Signer::sign(&key, msg);
    assert_eq!(sig, key.sign_deterministic(msg).unwrap());
    assert!(Verifier::verify(&vk, msg, &sig).is_ok());
    // libsecp256k1 (raw-message BIP-340) accepts the trait's output as is.
    assert!(libsecp_verify(&vk.to_bytes(), msg, &sig.to_bytes()));
    let sig2: Signature = RandomizedSigner::sign_with_rng(&key, &mut rng, msg);
    assert_ne!(sig, sig2);
    assert!(vk.verify(msg, &sig2).is_ok());
    // k256's `Verifier` SHA-256-hashes first: it rejects a raw-message signature.
    let kvk = k256::schnorr::VerifyingKey::from_slice(&vk.to_bytes()).unwrap();
    let ksig = k256::schnorr::Signature::try_from(&sig.to_bytes()[..]).unwrap();
    assert!(Verifier::verify(&kvk, msg, &ksig).is_err());
    assert!(kvk.verify_raw(msg, &ksig).is_ok());
}

#[test]
fn tweak_edge_cases() {
    let key = SigningKey::from_bytes(&[7u8; 32]).unwrap();
    let vk = *key.verifying_key();
    assert_eq!(vk.add_tweak(&N).err(), Some(Error::TweakOutOfRange));
    assert_eq!(
        key.add_tweak(&[0xff; 32]).err(),
        Some(Error::TweakOutOfRange)
    );
    // Tweak by −d (d the even-y secret): the secret becomes zero and the
    // point infinity, on both sides.
    use k256::elliptic_curve::{PrimeField, point::AffineCoordinates};
    let d0 = k256::Scalar::from_repr(key.to_bytes().into()).unwrap();
    let odd = bool::from(
        (k256::ProjectivePoint::GENERATOR * d0)
            .to_affine()
            .y_is_odd(),
    );
    let d = if odd { -d0 } else { d0 };
    let t: [u8; 32] = (-d).to_bytes().into();
    assert_eq!(vk.add_tweak(&t).err(), Some(Error::TweakedKeyInvalid));
    assert_eq!(key.add_tweak(&t).err(), Some(Error::TweakedKeyInvalid));
    let (_, ok) = key.add_tweak_ct(&t).unwrap();
    assert!(!bool::from(ok));
    // The zero tweak is the identity.
    assert_eq!(vk.add_tweak(&[0u8; 32]).unwrap().0, vk);
}

/// BIP-341 `wallet-test-vectors.json`, `scriptPubKey[0]` (key-path only,
/// null script tree) and `keyPathSpending[0]`'s internal private key for the
/// same internal key: the tweak hash, the output key, and the tweaked secret.
#[test]
fn bip341_wallet_vector_key_path_only() {
    let internal: [u8; 32] =
        hex::decode("d6889cb081036e0faefa3a35157ad71086b123b2b144b649798b494c300a961d")
            .unwrap()
            .try_into()
            .unwrap();
    let tweak =
        hex::decode("b86e7be8f39bab32a6f2c0443abbc210f0edac0e2c53d501b36b64437d9c6c70").unwrap();
    let output =
        hex::decode("53a1f6e454df1aa2776a2814a721372d6258050de330b3c6d10ee8f4e0dda343").unwrap();
    let vk = VerifyingKey::from_bytes(&internal).unwrap();
    assert_eq!(vk.tap_tweak_hash(None).to_vec(), tweak);
    assert_eq!(vk.tap_tweak(None).unwrap().0.to_bytes().to_vec(), output);

    let sk: [u8; 32] =
        hex::decode("6b973d88838f27366ed61c9ad6367663045cb456e28335c109e30717ae0c6baa")
            .unwrap()
            .try_into()
            .unwrap();
    let key = SigningKey::from_bytes(&sk).unwrap();
    assert_eq!(key.verifying_key().to_bytes(), internal);
    let tweaked = key.tap_tweak(None).unwrap();
    assert_eq!(tweaked.verifying_key().to_bytes().to_vec(), output);
}
