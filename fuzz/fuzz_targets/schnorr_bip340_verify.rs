//! BIP-340 verification on arbitrary bytes never panics and agrees with
//! `k256::schnorr` (raw-message API): input = pk (32) || sig (64) || msg.
//! Shorter inputs exercise the length checks. The typed range errors are
//! checked against the encodings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_schnorr::bip340::{Error, Signature, VerifyingKey, verify};

const P: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f,
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 96 {
        let _ = VerifyingKey::from_slice(data);
        let _ = Signature::from_slice(data);
        let _ = verify(data, data, data);
        return;
    }
    let (pk, rest) = data.split_at(32);
    let (sig, msg) = rest.split_at(64);
    let ours = verify(pk, msg, sig);

    let theirs = k256::schnorr::VerifyingKey::from_slice(pk)
        .ok()
        .and_then(|vk| {
            k256::schnorr::Signature::try_from(sig)
                .ok()
                .map(|s| vk.verify_raw(msg, &s).is_ok())
        })
        .unwrap_or(false);
    assert_eq!(ours.is_ok(), theirs, "verdicts differ: {ours:?}");

    let pk_arr: [u8; 32] = pk.try_into().unwrap();
    let r_arr: [u8; 32] = sig[..32].try_into().unwrap();
    if pk_arr >= P {
        assert_eq!(ours, Err(Error::PublicKeyOutOfRange));
    } else if VerifyingKey::from_slice(pk).is_ok() && r_arr >= P {
        assert_eq!(ours, Err(Error::SignatureROutOfRange));
    }
    if let Ok(parsed) = Signature::from_slice(sig) {
        assert_eq!(&parsed.to_bytes()[..], sig, "canonical round trip");
    }
});
