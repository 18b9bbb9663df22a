//! Interleaved min-of-N timing of BIP-340 verification (single, batch) beside
//! libsecp256k1 and k256: robust against load on a shared machine, where
//! criterion's means swing by 2x. `cargo run --release -p umbra-schnorr --example verify_timing`.
#![allow(missing_docs, clippy::unwrap_used)]
#[path = "../tests/common/mod.rs"]
mod common;
use std::hint::black_box;
use std::time::Instant;
use umbra_schnorr::bip340::{BatchItem, Signature, SigningKey, VerifyingKey, verify_batch};
fn main() {
    let aux = [0x17u8; 32];
    let mut rng = common::TestRng::new(3);
    {
        let msg = [0x5au8; 32];
        let key = SigningKey::from_bytes(&[0x42u8; 32]).unwrap();
        let sig = key.sign_with_aux_rand(&msg, &aux).unwrap();
        let vk = *key.verifying_key();
        let k_vk = k256::schnorr::VerifyingKey::from_slice(&vk.to_bytes()).unwrap();
        let k_sig = k256::schnorr::Signature::try_from(&sig.to_bytes()[..]).unwrap();
        let lib_pk = secp256k1::XOnlyPublicKey::from_byte_array(vk.to_bytes()).unwrap();
        let lib_sig = secp256k1::schnorr::Signature::from_byte_array(sig.to_bytes());
        let mut best = [u128::MAX; 3];
        for _ in 0..400 {
            let t = Instant::now();
            vk.verify_raw(black_box(&msg), &sig).unwrap();
            let a = t.elapsed().as_nanos();
            let t = Instant::now();
            k_vk.verify_raw(black_box(&msg), &k_sig).unwrap();
            let b = t.elapsed().as_nanos();
            let t = Instant::now();
            secp256k1::schnorr::verify(&lib_sig, black_box(&msg), &lib_pk).unwrap();
            let c = t.elapsed().as_nanos();
            for (i, v) in [a, b, c].into_iter().enumerate() {
                best[i] = best[i].min(v);
            }
        }
        println!(
            "verify min ns: umbra {} k256 {} libsecp256k1 {}",
            best[0], best[1], best[2]
        );
    }
    for n in [2usize, 4, 8, 16, 64] {
        let items: Vec<(VerifyingKey, [u8; 32], Signature)> = (0..n as u32)
            .map(|i| {
                let mut s = [0x42u8; 32];
                s[..4].copy_from_slice(&(i + 10).to_be_bytes());
                let key = SigningKey::from_bytes(&s).unwrap();
                let mut m = [0u8; 32];
                m[..4].copy_from_slice(&i.to_le_bytes());
                (
                    *key.verifying_key(),
                    m,
                    key.sign_with_aux_rand(&m, &aux).unwrap(),
                )
            })
            .collect();
        let refs: Vec<(&VerifyingKey, &[u8], &Signature)> =
            items.iter().map(|(k, m, s)| (k, &m[..], s)).collect();
        let batch: Vec<BatchItem<'_>> = refs.iter().map(|&t| t.into()).collect();
        let lib: Vec<_> = items
            .iter()
            .map(|(k, m, s)| {
                (
                    secp256k1::XOnlyPublicKey::from_byte_array(k.to_bytes()).unwrap(),
                    *m,
                    secp256k1::schnorr::Signature::from_byte_array(s.to_bytes()),
                )
            })
            .collect();
        let mut best = [u128::MAX; 3];
        for _ in 0..(800 / n).max(20) {
            let t = Instant::now();
            verify_batch(&mut rng, black_box(&batch)).unwrap();
            let a = t.elapsed().as_nanos();
            let t = Instant::now();
            for (k, m, s) in &refs {
                k.verify_raw(m, s).unwrap();
            }
            let b = t.elapsed().as_nanos();
            let t = Instant::now();
            for (k, m, s) in &lib {
                secp256k1::schnorr::verify(s, m, k).unwrap();
            }
            let c = t.elapsed().as_nanos();
            for (i, v) in [a, b, c].into_iter().enumerate() {
                best[i] = best[i].min(v);
            }
        }
        println!(
            "n={n} min per sig ns: batch {} single {} libsecp-single {}",
            best[0] / n as u128,
            best[1] / n as u128,
            best[2] / n as u128
        );
    }
}
