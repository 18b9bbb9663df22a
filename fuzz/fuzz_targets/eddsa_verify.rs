//! All three umbra-eddsa verification rules against the oracles on
//! arbitrary bytes: ZIP-215 must equal ed25519-zebra; RFC 8032 and strict
//! must equal ed25519-dalek's `verify` / `verify_strict` whenever A is
//! canonical (dalek does not check A's encoding) and reject otherwise; the
//! rules nest (strict ⇒ RFC 8032 ⇒ ZIP-215); a one-member batch agrees with
//! ZIP-215. Nothing may panic.
//!
//! Input: a mode byte, then either `A ‖ R ‖ S ‖ msg` (raw), or a seed, a
//! byte position and an xor mask followed by `msg` (a valid signature with
//! one byte tampered, so the equations are actually reached).
#![no_main]

use core::convert::Infallible;

use libfuzzer_sys::fuzz_target;
use umbra_eddsa::batch::{BatchItem, find_invalid, verify_batch, verify_batch_deterministic};
use umbra_eddsa::{Rule, Signature, SigningKey, VerifyingKey, is_canonical_encoding};

/// A tiny deterministic RNG for the batch coefficients (fuzzing only).
struct SplitMix(u64);

impl rand_core::TryRng for SplitMix {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for SplitMix {}

fn ours(rule: Rule, a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(a)
        .map(|vk| {
            vk.verify_with(rule, msg, &Signature::from_bytes(sig))
                .is_ok()
        })
        .unwrap_or(false)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (a, sig, msg): ([u8; 32], [u8; 64], &[u8]) = if mode & 1 == 0 {
        if rest.len() < 96 {
            return;
        }
        (
            rest[..32].try_into().unwrap(),
            rest[32..96].try_into().unwrap(),
            &rest[96..],
        )
    } else {
        if rest.len() < 34 {
            return;
        }
        let seed: [u8; 32] = rest[..32].try_into().unwrap();
        let msg = &rest[34..];
        let sk = SigningKey::from_bytes(&seed);
        let mut a = sk.verifying_key().to_bytes();
        let mut sig = sk.sign(msg).to_bytes();
        let pos = usize::from(rest[32]) % 97;
        match pos {
            0..32 => a[pos] ^= rest[33],
            32..96 => sig[pos - 32] ^= rest[33],
            _ => {}
        }
        (a, sig, msg)
    };

    let rfc = ours(Rule::Rfc8032, &a, msg, &sig);
    let strict = ours(Rule::Strict, &a, msg, &sig);
    let zip = ours(Rule::Zip215, &a, msg, &sig);
    assert!(!strict || rfc, "strict accepted what RFC 8032 rejected");
    assert!(!rfc || zip, "RFC 8032 accepted what ZIP-215 rejected");

    let zebra = ed25519_zebra::VerificationKey::try_from(a)
        .map(|vk| {
            vk.verify(&ed25519_zebra::Signature::from_bytes(&sig), msg)
                .is_ok()
        })
        .unwrap_or(false);
    assert_eq!(zip, zebra, "ZIP-215 disagrees with ed25519-zebra");

    let dalek = ed25519_dalek::VerifyingKey::from_bytes(&a).ok();
    let dsig = ed25519_dalek::Signature::from_bytes(&sig);
    let d_verify = dalek.is_some_and(|vk| {
        use ed25519_dalek::Verifier;
        vk.verify(msg, &dsig).is_ok()
    });
    let d_strict = dalek.is_some_and(|vk| vk.verify_strict(msg, &dsig).is_ok());
    if is_canonical_encoding(&a) {
        assert_eq!(
            rfc, d_verify,
            "RFC 8032 disagrees with ed25519-dalek verify"
        );
        assert_eq!(
            strict, d_strict,
            "strict disagrees with ed25519-dalek verify_strict"
        );
    } else {
        assert!(
            !rfc && !strict,
            "non-canonical A accepted by a canonical rule"
        );
    }

    if let Ok(vk) = VerifyingKey::from_bytes(&a) {
        let sig = Signature::from_bytes(&sig);
        let batch = [BatchItem::new(&vk, msg, &sig)];
        let mut rng = SplitMix(u64::from(mode));
        assert_eq!(
            verify_batch(&mut rng, &batch).is_ok(),
            zip,
            "batch of one disagrees"
        );
        assert_eq!(
            verify_batch_deterministic(&batch).is_ok(),
            zip,
            "deterministic batch of one disagrees"
        );
        assert_eq!(find_invalid(&batch).is_empty(), zip);
    }
});
