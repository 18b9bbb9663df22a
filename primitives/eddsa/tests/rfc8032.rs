//! RFC 8032 §7.1–7.3 known answers (test-vectors/data/rfc8032.kat).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::arr;
use umbra_eddsa::{Rule, Signature, SigningKey, VerifyingKey};

const RULES: [Rule; 3] = [Rule::Rfc8032, Rule::Strict, Rule::Zip215];

#[test]
fn rfc8032_vectors_reproduce_and_verify() {
    let kat = umbra_test_vectors::load("rfc8032").unwrap();
    assert!(kat.provenance().contains("RFC 8032"));
    let mut counts = [0usize; 3];
    for rec in kat.records() {
        let name = rec.get("name").unwrap();
        let seed: [u8; 32] = rec.hex_array("secret").unwrap();
        let public: [u8; 32] = rec.hex_array("public").unwrap();
        let msg = rec.hex("message").unwrap();
        let sig_bytes: [u8; 64] = rec.hex_array("signature").unwrap();
        let sk = SigningKey::from_bytes(&seed);
        let vk = sk.verifying_key();
        assert_eq!(vk.to_bytes(), public, "{name}: public key");
        let sig = Signature::from_bytes(&sig_bytes);
        let mut wrong = msg.clone();
        wrong.push(0);
        match rec.kind() {
            "ed25519" => {
                counts[0] += 1;
                assert_eq!(sk.sign(&msg).to_bytes(), sig_bytes, "{name}: signature");
                for rule in RULES {
                    vk.verify_with(rule, &msg, &sig).unwrap();
                    assert!(vk.verify_with(rule, &wrong, &sig).is_err(), "{name}");
                }
                // The transcription is confirmed by the independent oracle too.
                let d = ed25519_dalek::SigningKey::from_bytes(&seed);
                use ed25519_dalek::Signer;
                assert_eq!(d.sign(&msg).to_bytes(), sig_bytes, "{name}: dalek");
            }
            "ed25519ctx" => {
                counts[1] += 1;
                let ctx = rec.hex("context").unwrap();
                assert_eq!(
                    sk.sign_ctx(&ctx, &msg).unwrap().to_bytes(),
                    sig_bytes,
                    "{name}"
                );
                for rule in RULES {
                    vk.verify_ctx(rule, &ctx, &msg, &sig).unwrap();
                    assert!(vk.verify_ctx(rule, &ctx, &wrong, &sig).is_err());
                    assert!(vk.verify_ctx(rule, b"other", &msg, &sig).is_err());
                    // Domain separation: not valid as plain Ed25519 or as ph.
                    assert!(vk.verify_with(rule, &msg, &sig).is_err());
                    assert!(vk.verify_ph(rule, &ctx, &msg, &sig).is_err());
                }
            }
            "ed25519ph" => {
                counts[2] += 1;
                let ctx = rec.hex("context").unwrap();
                assert_eq!(
                    sk.sign_ph(&ctx, &msg).unwrap().to_bytes(),
                    sig_bytes,
                    "{name}"
                );
                let ph: [u8; 64] = {
                    use sha2::Digest;
                    sha2::Sha512::digest(&msg).into()
                };
                assert_eq!(sk.sign_prehashed(&ctx, &ph).unwrap(), sig);
                for rule in RULES {
                    vk.verify_ph(rule, &ctx, &msg, &sig).unwrap();
                    vk.verify_prehashed(rule, &ctx, &ph, &sig).unwrap();
                    assert!(vk.verify_ph(rule, &ctx, &wrong, &sig).is_err());
                    assert!(vk.verify_ph(rule, b"x", &msg, &sig).is_err());
                    assert!(vk.verify_with(rule, &ph, &sig).is_err());
                }
            }
            other => panic!("unknown record kind {other}"),
        }
        // Round trips of the encodings.
        assert_eq!(VerifyingKey::from_bytes(&public).unwrap(), vk);
        assert_eq!(Signature::from_slice(&sig_bytes).unwrap(), sig);
        assert_eq!(arr::<64>(&<[u8; 64]>::from(sig)), sig_bytes);
    }
    assert_eq!(
        counts,
        [5, 4, 1],
        "tests 1, 2, 3, 1024, SHA(abc); foo, bar, foo2, foo3; abc"
    );
}
