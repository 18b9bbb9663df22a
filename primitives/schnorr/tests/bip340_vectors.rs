//! The 19 official BIP-340 vectors (test-vectors/data/bip340.kat): signing
//! reproduces every signature byte for byte, verification gives the listed
//! verdict with the typed error the edge case calls for, and both oracles
//! (libsecp256k1 through `secp256k1`, and `k256::schnorr`) agree on the
//! verdicts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use crate::common;

use umbra_schnorr::bip340::{
    BatchItem, Error, Signature, SigningKey, VerifyingKey, find_invalid, verify, verify_batch,
    verify_batch_deterministic,
};
use umbra_test_vectors::{Record, load};

fn records() -> Vec<Record> {
    let file = load("bip340").unwrap();
    assert!(file.provenance().contains("BIP-340"));
    let recs: Vec<Record> = file.records_of("bip340").cloned().collect();
    assert_eq!(recs.len(), 19, "all 19 official vectors");
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r.u64("index").unwrap(), i as u64);
    }
    recs
}

#[test]
fn signing_vectors_reproduce_exactly() {
    let mut signed = 0;
    for r in records() {
        let sk = r.hex("secret_key").unwrap();
        if sk.is_empty() {
            continue;
        }
        let key = SigningKey::from_slice(&sk).unwrap();
        assert_eq!(
            key.verifying_key().to_bytes().to_vec(),
            r.hex("public_key").unwrap()
        );
        let aux: [u8; 32] = r.hex_array("aux_rand").unwrap();
        let msg = r.hex("message").unwrap();
        let sig = key.sign_with_aux_rand(&msg, &aux).unwrap();
        assert_eq!(
            sig.to_bytes().to_vec(),
            r.hex("signature").unwrap(),
            "vector {}",
            r.u64("index").unwrap()
        );
        // The constant-time core gives the same bytes.
        let (raw, ok) = key.sign_raw(&msg, &aux);
        assert!(bool::from(ok));
        assert_eq!(raw, sig.to_bytes());
        signed += 1;
    }
    assert_eq!(signed, 8, "vectors 0-3 and 15-18 sign");
}

fn expected_error(r: &Record) -> Option<Error> {
    if r.bool("valid").unwrap() {
        return None;
    }
    Some(if r.has_flag("pk-not-on-curve") {
        Error::PublicKeyNotOnCurve
    } else if r.has_flag("pk-exceeds-p") {
        Error::PublicKeyOutOfRange
    } else if r.has_flag("r-equals-p") {
        Error::SignatureROutOfRange
    } else if r.has_flag("s-equals-n") {
        Error::SignatureSOutOfRange
    } else {
        Error::InvalidSignature
    })
}

#[test]
fn verification_vectors_give_typed_verdicts() {
    for r in records() {
        let idx = r.u64("index").unwrap();
        let pk = r.hex("public_key").unwrap();
        let msg = r.hex("message").unwrap();
        let sig = r.hex("signature").unwrap();
        assert_eq!(
            verify(&pk, &msg, &sig).err(),
            expected_error(&r),
            "vector {idx}"
        );
    }
}

#[test]
fn oracles_agree_on_every_vector() {
    for r in records() {
        let idx = r.u64("index").unwrap();
        let valid = r.bool("valid").unwrap();
        let pk = r.hex("public_key").unwrap();
        let msg = r.hex("message").unwrap();
        let sig = r.hex("signature").unwrap();
        // libsecp256k1
        let lib = secp256k1::XOnlyPublicKey::from_byte_array(pk.clone().try_into().unwrap())
            .ok()
            .map(|pk| {
                let s =
                    secp256k1::schnorr::Signature::from_byte_array(sig.clone().try_into().unwrap());
                secp256k1::schnorr::verify(&s, &msg, &pk).is_ok()
            })
            .unwrap_or(false);
        assert_eq!(lib, valid, "libsecp256k1 on vector {idx}");
        // k256::schnorr, raw-message API.
        let k = k256::schnorr::VerifyingKey::from_slice(&pk)
            .ok()
            .and_then(|vk| {
                k256::schnorr::Signature::try_from(sig.as_slice())
                    .ok()
                    .map(|s| vk.verify_raw(&msg, &s).is_ok())
            })
            .unwrap_or(false);
        assert_eq!(k, valid, "k256 on vector {idx}");
    }
}

#[test]
fn batch_verification_agrees_on_the_vectors() {
    let mut rng = common::TestRng::new(340);
    let recs = records();
    let parsed: Vec<(VerifyingKey, Vec<u8>, Result<Signature, Error>, bool)> = recs
        .iter()
        .filter_map(|r| {
            let key = VerifyingKey::from_slice(&r.hex("public_key").unwrap()).ok()?;
            let sig = Signature::from_slice(&r.hex("signature").unwrap());
            Some((
                key,
                r.hex("message").unwrap(),
                sig,
                r.bool("valid").unwrap(),
            ))
        })
        .collect();
    let valid: Vec<BatchItem<'_>> = parsed
        .iter()
        .filter(|p| p.3)
        .map(|(k, m, s, _)| BatchItem::new(k, m.as_slice(), s.as_ref().unwrap()))
        .collect();
    assert_eq!(valid.len(), 9);
    verify_batch(&mut rng, &valid).unwrap();
    verify_batch_deterministic(&valid).unwrap();
    assert!(find_invalid(&valid).is_empty());
    // Each parseable invalid vector spoils the batch wherever it sits.
    for (k, m, s, ok) in &parsed {
        if *ok {
            continue;
        }
        let Ok(s) = s else { continue };
        for pos in [0, 4, valid.len()] {
            let mut batch = valid.clone();
            batch.insert(pos, BatchItem::new(k, m.as_slice(), s));
            assert_eq!(verify_batch(&mut rng, &batch), Err(Error::BatchInvalid));
            assert_eq!(verify_batch_deterministic(&batch), Err(Error::BatchInvalid));
            let blamed = find_invalid(&batch);
            assert_eq!(blamed.len(), 1);
            assert_eq!(blamed[0].0, pos);
        }
    }
}
