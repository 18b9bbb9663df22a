//! A seeded, deterministic RNG for tests and fixture generators.

use core::convert::Infallible;

use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};

/// SHA-256 in counter mode: block `i` is `SHA-256(SHA-256(u64_le(seed)) ‖ u64_le(i))`.
///
/// Implements `rand_core` 0.10's `CryptoRng` so it can stand in for a real
/// generator in tests, and is reproducible so that generated fixtures (for
/// example `tecdsa-gg20-sessions.kat`) can be regenerated and compared byte
/// for byte. Its stream is part of those fixtures: do not change it.
/// Not for production keys: the seed is a `u64`.
#[derive(Debug)]
pub struct TestRng {
    seed: [u8; 32],
    counter: u64,
    buf: [u8; 32],
    used: usize,
}

impl TestRng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed: Sha256::digest(seed.to_le_bytes()).into(),
            counter: 0,
            buf: [0; 32],
            used: 32,
        }
    }

    fn byte(&mut self) -> u8 {
        if self.used == 32 {
            let mut h = Sha256::new();
            h.update(self.seed);
            h.update(self.counter.to_le_bytes());
            self.buf = h.finalize().into();
            self.counter += 1;
            self.used = 0;
        }
        self.used += 1;
        self.buf[self.used - 1]
    }
}

impl TryRng for TestRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for d in dst {
            *d = self.byte();
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}
