//! ECDSA verification in umbra-tecdsa against k256's verifier: `verify_prehash`
//! on raw `r ‖ s`, `verify_prehash_low_s` and `verify_der` give k256's verdict
//! (k256 checks the low-s form, so a high-s signature is compared through its
//! normalised twin), never panic, and honest signatures from a fuzzed key and
//! prehash verify while their high-s twin is rejected by the low-s entry point.
#![no_main]

use k256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};
use libfuzzer_sys::fuzz_target;
use umbra_tecdsa::{
    Error,
    ecdsa::{verify_der, verify_prehash, verify_prehash_low_s},
};

fn k256_accepts(vk: &VerifyingKey, prehash: &[u8; 32], sig: &Signature) -> bool {
    let low = sig.normalize_s();
    vk.verify_prehash(prehash, &low).is_ok()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 128 {
        return;
    }
    let Ok(sk) = SigningKey::from_slice(&data[..32]) else {
        return;
    };
    let vk = *sk.verifying_key();
    let key = vk.as_affine().into();
    let prehash: [u8; 32] = data[32..64].try_into().expect("32 bytes");

    // Honest signature (low-s) and its high-s twin.
    let sig: Signature = sk.sign_prehash(&prehash).expect("signing");
    assert_eq!(verify_prehash(&key, &prehash, &sig), Ok(()));
    assert_eq!(verify_prehash_low_s(&key, &prehash, &sig), Ok(()));
    let (r, s) = sig.split_scalars();
    let high = Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).expect("nonzero");
    assert_eq!(verify_prehash(&key, &prehash, &high), Ok(()));
    assert_eq!(
        verify_prehash_low_s(&key, &prehash, &high),
        Err(Error::HighS)
    );
    assert_eq!(verify_der(&key, &prehash, sig.to_der().as_bytes()), Ok(()));

    // Arbitrary r ‖ s: same verdict as k256.
    if let Ok(arb) = Signature::from_slice(&data[64..128]) {
        let ours = verify_prehash(&key, &prehash, &arb);
        assert_eq!(ours.is_ok(), k256_accepts(&vk, &prehash, &arb), "{ours:?}");
        if let Err(e) = ours {
            assert_eq!(e, Error::InvalidSignature);
        }
    }
    // Arbitrary DER: accepted exactly when k256 parses and accepts it.
    let der = &data[128..];
    let ours = verify_der(&key, &prehash, der);
    let theirs = Signature::from_der(der).is_ok_and(|s| k256_accepts(&vk, &prehash, &s));
    assert_eq!(ours.is_ok(), theirs, "{ours:?}");
});
