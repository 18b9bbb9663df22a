//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::convert::Infallible;

use sha2::{Digest, Sha512};

/// A deterministic test RNG (SHA-512 in counter mode). Not for production.
pub struct TestRng {
    seed: [u8; 32],
    counter: u64,
    buf: [u8; 64],
    used: usize,
}

impl TestRng {
    pub fn new(label: &[u8]) -> Self {
        let seed: [u8; 64] = Sha512::digest(label).into();
        let mut s = [0u8; 32];
        s.copy_from_slice(&seed[..32]);
        Self {
            seed: s,
            counter: 0,
            buf: [0; 64],
            used: 64,
        }
    }

    fn refill(&mut self) {
        let mut h = Sha512::new();
        h.update(self.seed);
        h.update(self.counter.to_le_bytes());
        self.counter += 1;
        self.buf = h.finalize().into();
        self.used = 0;
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        rand_core::Rng::fill_bytes(self, &mut out);
        out
    }
}

impl rand_core::TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let b = self.bytes::<4>();
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let b = self.bytes::<8>();
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for d in dst.iter_mut() {
            if self.used == 64 {
                self.refill();
            }
            *d = self.buf[self.used];
            self.used += 1;
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for TestRng {}

pub fn arr<const N: usize>(v: &[u8]) -> [u8; N] {
    v.try_into().expect("length")
}

/// ed25519-dalek `verify` (RFC 8032 cofactorless, A need only decode).
pub fn dalek_verify(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    use ed25519_dalek::Verifier;
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(a) else {
        return false;
    };
    vk.verify(msg, &ed25519_dalek::Signature::from_bytes(sig))
        .is_ok()
}

/// ed25519-dalek `verify_strict`.
pub fn dalek_strict(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(a) else {
        return false;
    };
    vk.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(sig))
        .is_ok()
}

/// ed25519-zebra (ZIP-215).
pub fn zebra(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let Ok(vk) = ed25519_zebra::VerificationKey::try_from(*a) else {
        return false;
    };
    vk.verify(&ed25519_zebra::Signature::from_bytes(sig), msg)
        .is_ok()
}

/// Ours, under a rule, from raw bytes.
pub fn ours(rule: umbra_eddsa::Rule, a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let Ok(vk) = umbra_eddsa::VerifyingKey::from_bytes(a) else {
        return false;
    };
    vk.verify_with(rule, msg, &umbra_eddsa::Signature::from_bytes(sig))
        .is_ok()
}
