//! Property, differential and tamper tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{dalek_strict, dalek_verify, ours, zebra};
use curve25519_dalek::edwards::CompressedEdwardsY;
use proptest::prelude::*;
use subtle::ConstantTimeEq;
use umbra_eddsa::{Error, Rule, Signature, SigningKey, VerifyingKey, is_canonical_encoding};

const RULES: [Rule; 3] = [Rule::Rfc8032, Rule::Strict, Rule::Zip215];

fn canonical_by_roundtrip(b: &[u8; 32]) -> Option<bool> {
    CompressedEdwardsY(*b)
        .decompress()
        .map(|p| p.compress().to_bytes() == *b)
}

/// Interesting 32-byte strings: small-order points, non-canonical
/// encodings, the base point, near-p values.
fn special_encodings() -> Vec<[u8; 32]> {
    let mut v = vec![[0u8; 32], [0xff; 32]];
    let mut one = [0u8; 32];
    one[0] = 1;
    v.push(one);
    one[31] = 0x80;
    v.push(one);
    for low in 0xe0u8..=0xff {
        let mut b = [0xff; 32];
        b[0] = low;
        b[31] = 0x7f;
        v.push(b);
        b[31] = 0xff;
        v.push(b);
    }
    v.push(curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED.to_bytes());
    v
}

#[test]
fn byte_level_canonicity_equals_roundtrip_on_special_encodings() {
    for b in special_encodings() {
        if let Some(c) = canonical_by_roundtrip(&b) {
            assert_eq!(is_canonical_encoding(&b), c, "{}", hex::encode(b));
        }
    }
}

fn small_order_or_special() -> impl Strategy<Value = [u8; 32]> {
    let specials = special_encodings();
    prop_oneof![any::<[u8; 32]>(), proptest::sample::select(specials),]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn byte_level_canonicity_equals_roundtrip(b in any::<[u8; 32]>()) {
        if let Some(c) = canonical_by_roundtrip(&b) {
            prop_assert_eq!(is_canonical_encoding(&b), c);
        }
    }

    /// Keys and signatures equal ed25519-dalek's; all oracles accept ours.
    #[test]
    fn sign_matches_dalek_and_verifies_everywhere(seed in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 0..200)) {
        use ed25519_dalek::Signer;
        let sk = SigningKey::from_bytes(&seed);
        let d = ed25519_dalek::SigningKey::from_bytes(&seed);
        let vk = sk.verifying_key();
        prop_assert_eq!(vk.to_bytes(), d.verifying_key().to_bytes());
        let sig = sk.sign(&msg);
        prop_assert_eq!(sig.to_bytes(), d.sign(&msg).to_bytes());
        let sb = sig.to_bytes();
        let a = vk.to_bytes();
        for rule in RULES {
            prop_assert!(ours(rule, &a, &msg, &sb));
        }
        prop_assert!(dalek_verify(&a, &msg, &sb));
        prop_assert!(dalek_strict(&a, &msg, &sb));
        prop_assert!(zebra(&a, &msg, &sb));
        // ctx and ph round trips, and domain separation.
        let c = sk.sign_ctx(b"ctx", &msg).unwrap();
        let p = sk.sign_ph(b"", &msg).unwrap();
        for rule in RULES {
            prop_assert!(vk.verify_ctx(rule, b"ctx", &msg, &c).is_ok());
            prop_assert!(vk.verify_ph(rule, b"", &msg, &p).is_ok());
            prop_assert!(vk.verify_with(rule, &msg, &c).is_err());
            prop_assert!(vk.verify_with(rule, &msg, &p).is_err());
            prop_assert!(vk.verify_ctx(rule, b"ctx", &msg, &p).is_err());
        }
    }

    /// On adversarial bytes every rule agrees with its oracle: ZIP-215 with
    /// ed25519-zebra always; RFC 8032 / strict with ed25519-dalek's verify /
    /// verify_strict whenever A is canonical (dalek does not check A's
    /// encoding; see docs/eddsa.md).
    #[test]
    fn differential_on_adversarial_bytes(
        a in small_order_or_special(),
        r in small_order_or_special(),
        s in prop_oneof![any::<[u8; 32]>(), Just([0u8; 32])],
        msg in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        sig[32..].copy_from_slice(&s);
        check_against_oracles(&a, &msg, &sig)?;
    }

    /// Mutations of a valid signature (random bit flips in A, R, S).
    #[test]
    fn differential_on_mutated_signatures(
        seed in any::<[u8; 32]>(),
        flips in proptest::collection::vec((0usize..96, 0u8..8), 1..4),
    ) {
        let sk = SigningKey::from_bytes(&seed);
        let msg = b"mutate me";
        let mut a = sk.verifying_key().to_bytes();
        let mut sig = sk.sign(msg).to_bytes();
        for (pos, bit) in flips {
            if pos < 32 { a[pos] ^= 1 << bit } else { sig[pos - 32] ^= 1 << bit }
        }
        check_against_oracles(&a, msg, &sig)?;
    }

    /// Tamper: every single-byte change of message, key or signature is
    /// rejected by every rule.
    #[test]
    fn tamper_any_single_byte(seed in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 1..48), delta in 1u8..=255) {
        let sk = SigningKey::from_bytes(&seed);
        let a = sk.verifying_key().to_bytes();
        let sig = sk.sign(&msg).to_bytes();
        for rule in RULES {
            for i in 0..64 {
                let mut t = sig;
                t[i] ^= delta;
                prop_assert!(!ours(rule, &a, &msg, &t), "sig byte {} {:?}", i, rule);
            }
            for i in 0..32 {
                let mut t = a;
                t[i] ^= delta;
                prop_assert!(!ours(rule, &t, &msg, &sig), "key byte {} {:?}", i, rule);
            }
            for i in 0..msg.len() {
                let mut t = msg.clone();
                t[i] ^= delta;
                prop_assert!(!ours(rule, &a, &t, &sig), "msg byte {} {:?}", i, rule);
            }
            let mut longer = msg.clone();
            longer.push(delta);
            prop_assert!(!ours(rule, &a, &longer, &sig));
            prop_assert!(!ours(rule, &a, &msg[..msg.len() - 1], &sig));
        }
    }
}

fn check_against_oracles(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Result<(), TestCaseError> {
    let rfc = ours(Rule::Rfc8032, a, msg, sig);
    let strict = ours(Rule::Strict, a, msg, sig);
    let zip = ours(Rule::Zip215, a, msg, sig);
    prop_assert_eq!(zip, zebra(a, msg, sig));
    prop_assert!(!strict || rfc);
    prop_assert!(!rfc || zip);
    if is_canonical_encoding(a) {
        prop_assert_eq!(rfc, dalek_verify(a, msg, sig));
        prop_assert_eq!(strict, dalek_strict(a, msg, sig));
    } else {
        prop_assert!(!rfc && !strict);
    }
    Ok(())
}

#[test]
fn typed_errors_for_malformed_inputs() {
    let sk = SigningKey::from_bytes(&[1; 32]);
    let vk = sk.verifying_key();
    let sig = sk.sign(b"m");
    assert_eq!(
        SigningKey::from_slice(&[0; 31]).unwrap_err(),
        Error::InvalidLength
    );
    assert_eq!(
        VerifyingKey::from_slice(&[0; 33]).unwrap_err(),
        Error::InvalidLength
    );
    assert_eq!(
        Signature::from_slice(&[0; 63]).unwrap_err(),
        Error::InvalidLength
    );
    assert_eq!(
        Signature::try_from(&[0u8; 65][..]).unwrap_err(),
        Error::InvalidLength
    );
    let mut y2 = [0u8; 32];
    y2[0] = 2;
    assert_eq!(
        VerifyingKey::from_bytes(&y2).unwrap_err(),
        Error::InvalidPublicKey
    );
    assert_eq!(sk.sign_ctx(b"", b"m").unwrap_err(), Error::EmptyContext);
    assert_eq!(
        sk.sign_ctx(&[0; 256], b"m").unwrap_err(),
        Error::ContextTooLong
    );
    assert_eq!(
        sk.sign_ph(&[0; 256], b"m").unwrap_err(),
        Error::ContextTooLong
    );
    sk.sign_ctx(&[0; 255], b"m").unwrap();
    for rule in RULES {
        assert_eq!(
            vk.verify_ctx(rule, b"", b"m", &sig),
            Err(Error::EmptyContext)
        );
        assert_eq!(
            vk.verify_ctx(rule, &[0; 256], b"m", &sig),
            Err(Error::ContextTooLong)
        );
        assert_eq!(
            vk.verify_ph(rule, &[0; 256], b"m", &sig),
            Err(Error::ContextTooLong)
        );
    }
    // Display and the opaque trait error.
    assert!(!Error::NonCanonicalS.to_string().is_empty());
    let e: signature::Error = Error::InvalidSignature.into();
    let _ = e;
}

#[test]
fn signature_traits() {
    use signature::{Keypair, SignatureEncoding, Signer, Verifier};
    let sk = SigningKey::from_bytes(&[5; 32]);
    let sig: Signature = Signer::sign(&sk, b"trait");
    assert_eq!(sig, sk.sign(b"trait"));
    let vk = sk.verifying_key();
    assert_eq!(Keypair::verifying_key(&sk), vk);
    assert!(Verifier::verify(&vk, b"trait", &sig).is_ok());
    assert!(Verifier::verify(&vk, b"trailt", &sig).is_err());
    assert!(Verifier::verify(&sk, b"trait", &sig).is_ok());
    assert_eq!(SignatureEncoding::to_bytes(&sig), sig.to_bytes());
    assert_eq!(Signer::sign(sk.expanded(), b"trait"), sig);
}

#[test]
fn secret_keys_compare_in_constant_time_and_print_nothing() {
    let seed = [0xa5u8; 32];
    let sk = SigningKey::from_bytes(&seed);
    let same = SigningKey::from_bytes(&seed);
    let other = SigningKey::from_bytes(&[0xa4; 32]);
    assert!(bool::from(sk.ct_eq(&same)));
    assert!(!bool::from(sk.ct_eq(&other)));
    assert!(bool::from(sk.expanded().ct_eq(same.expanded())));
    assert!(!bool::from(sk.expanded().ct_eq(other.expanded())));
    let dbg = format!("{sk:?} {:?}", sk.expanded());
    assert!(!dbg.contains("a5"), "{dbg}");
    assert!(!dbg.contains(&hex::encode(sk.expanded().prefix())[..8]));
    assert_eq!(dbg, "SigningKey(..) ExpandedSecretKey(..)");
    // Expanded keys from SHA-512(seed) sign identically.
    use sha2::Digest;
    let h: [u8; 64] = sha2::Sha512::digest(seed).into();
    let e = umbra_eddsa::ExpandedSecretKey::from_bytes(&h);
    assert_eq!(e.sign(b"x"), sk.sign(b"x"));
    assert_eq!(e.verifying_key(), sk.verifying_key());
    assert_eq!(sk.to_bytes(), seed);
    // Zeroize on drop is declared (trait bound check).
    fn zod<T: zeroize::ZeroizeOnDrop>(_: &T) {}
    zod(&sk);
    zod(&e);
}

#[test]
fn generate_uses_the_rng() {
    let mut rng = common::TestRng::new(b"gen");
    let a = SigningKey::generate(&mut rng);
    let b = SigningKey::generate(&mut rng);
    assert!(!bool::from(a.ct_eq(&b)));
    let sig = a.sign(b"g");
    a.verifying_key().verify(b"g", &sig).unwrap();
}
