//! Schnorr with a Poseidon challenge (Jubjub and Baby Jubjub): decoding never
//! panics and accepts only canonical encodings (what decodes re-encodes to the
//! same bytes); verification of arbitrary bytes never panics; an honest
//! signature under a fuzzed key and message verifies, and flipping any one bit
//! of it, of the key, or changing the message makes it fail.
#![no_main]

use ark_ff::PrimeField;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use umbra_schnorr::poseidon_schnorr::{
    BabyJubjub, Curve, Jubjub, PoseidonSchnorr, Signature, SigningKey, VerifyingKey,
};

fn check<C: Curve>(scheme: &PoseidonSchnorr<C>, data: &[u8]) {
    // Decoders: canonical only.
    if let Some(b) = data.get(..32) {
        let b: [u8; 32] = b.try_into().expect("32 bytes");
        if let Ok(vk) = VerifyingKey::<C>::from_bytes(&b) {
            assert_eq!(vk.to_bytes(), b, "non-canonical key accepted");
        }
    }
    if let Some(b) = data.get(..64) {
        let b: [u8; 64] = b.try_into().expect("64 bytes");
        if let Ok(sig) = Signature::<C>::from_bytes(&b) {
            assert_eq!(sig.to_bytes(), b, "non-canonical signature accepted");
        }
        let msg = [C::Base::from_le_bytes_mod_order(&b[..16])];
        let _ = scheme.verify_bytes(&b[..32], &msg, &b);
    }
    // Honest signature, then one tweak.
    if data.len() < 70 {
        return;
    }
    let seed: [u8; 32] = data[..32].try_into().expect("32 bytes");
    let Ok(sk) = SigningKey::<C>::from_bytes(&seed) else {
        return;
    };
    let msg: Vec<C::Base> = data[32..64]
        .chunks(8)
        .map(C::Base::from_le_bytes_mod_order)
        .collect();
    let Ok(sig) = scheme.sign(&sk, &msg, None) else {
        return;
    };
    let (pk, sig) = (sk.verifying_key().to_bytes(), sig.to_bytes());
    assert_eq!(scheme.verify_bytes(&pk, &msg, &sig), Ok(()));
    let bit = usize::from(u16::from_le_bytes([data[64], data[65]])) % (8 * 96);
    let (mut pk2, mut sig2) = (pk, sig);
    if bit < 8 * 64 {
        sig2[bit / 8] ^= 1 << (bit % 8);
    } else {
        let b = bit - 8 * 64;
        pk2[b / 8] ^= 1 << (b % 8);
    }
    assert!(
        scheme.verify_bytes(&pk2, &msg, &sig2).is_err(),
        "tweaked bit {bit} accepted"
    );
    let mut msg2 = msg.clone();
    let at = usize::from(data[66]) % msg2.len();
    msg2[at] += C::Base::from(u64::from(data[67]) + 1);
    assert!(
        scheme.verify_bytes(&pk, &msg2, &sig).is_err(),
        "changed message accepted"
    );
}

// The Poseidon parameters are derived once (Grain LFSR), not per input.
static JUBJUB: OnceLock<PoseidonSchnorr<Jubjub>> = OnceLock::new();
static BABY_JUBJUB: OnceLock<PoseidonSchnorr<BabyJubjub>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    check(
        JUBJUB.get_or_init(|| PoseidonSchnorr::new().expect("parameters")),
        data,
    );
    check(
        BABY_JUBJUB.get_or_init(|| PoseidonSchnorr::new().expect("parameters")),
        data,
    );
});
