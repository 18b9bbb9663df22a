//! RedJubjub verification on arbitrary bytes, differentially against the
//! `reddsa` crate: both parameterisations must give the same verdict, and
//! our verifier must never panic. Input: 32-byte key ‖ 64-byte signature ‖
//! message; the first byte's low bit also picks a key derived from the input
//! so that valid-key paths (and honest signatures) are reached.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_schnorr::redjubjub::{self, Binding, SigningKey, SpendAuth};

fn theirs<T: reddsa::SigType>(vk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    reddsa::VerificationKey::<T>::try_from(*vk)
        .map(|vk| vk.verify(msg, &reddsa::Signature::from(*sig)).is_ok())
        .unwrap_or(false)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 96 {
        let _ = redjubjub::verify::<SpendAuth>(data, data, data);
        return;
    }
    let mut vk: [u8; 32] = data[..32].try_into().unwrap();
    let mut sig: [u8; 64] = data[32..96].try_into().unwrap();
    let msg = &data[96..];
    if data[0] & 1 == 1 {
        // A real key; the signature bytes are the fuzzer's, except when the
        // second bit asks for an honest signature to mutate by one byte.
        let mut sk_bytes = vk;
        sk_bytes[31] &= 0x07; // below r (0x0e7d…)
        let key = SigningKey::<SpendAuth>::from_bytes(&sk_bytes).unwrap();
        vk = key.verification_key().to_bytes();
        if data[0] & 2 == 2 {
            let mut t = [0u8; 80];
            t[..64].copy_from_slice(&sig);
            let honest = key.sign_with_randomness(&t, msg).to_bytes();
            let i = usize::from(data[1]) % 64;
            let d = data[2];
            sig = honest;
            sig[i] ^= d;
            assert_eq!(
                redjubjub::verify::<SpendAuth>(&vk, msg, &sig).is_ok(),
                d == 0
            );
        }
    }
    let ours = redjubjub::verify::<SpendAuth>(&vk, msg, &sig).is_ok();
    assert_eq!(ours, theirs::<reddsa::sapling::SpendAuth>(&vk, msg, &sig));
    let ours = redjubjub::verify::<Binding>(&vk, msg, &sig).is_ok();
    assert_eq!(ours, theirs::<reddsa::sapling::Binding>(&vk, msg, &sig));
});
