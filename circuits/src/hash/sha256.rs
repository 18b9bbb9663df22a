//! SHA-256 (FIPS 180-4) gadget.
//!
//! Cost: one compression with a variable state and block is measured in
//! `docs/circuits.md` (about 26.4k constraints; constant bits — the IV of the
//! first block, padding — fold and cost less). See [`super`] for the
//! techniques.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{boolean::Boolean, uint8::UInt8, uint32::UInt32};
use ark_relations::gr1cs::SynthesisError;

use super::sha2_core::{self, Params};

/// SHA-256 round constants (first 32 bits of the fractional parts of the
/// cube roots of the first 64 primes; generated, FIPS 180-4 §4.2.2).
const K: [u64; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256 initial hash value (FIPS 180-4 §5.3.3).
pub const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const IV64: [u64; 8] = {
    let mut out = [0u64; 8];
    let mut i = 0;
    while i < 8 {
        out[i] = SHA256_IV[i] as u64;
        i += 1;
    }
    out
};

const PARAMS: Params = Params {
    word: 32,
    k: &K,
    iv: &IV64,
    big_sigma0: [2, 13, 22],
    big_sigma1: [6, 11, 25],
    small_sigma0: [7, 18, 3],
    small_sigma1: [17, 19, 10],
    out_bytes: 32,
};

/// SHA-256 of `msg`, whose length is fixed at synthesis time (the bytes may
/// be variables or constants; constant bytes such as a BIP-340 tag prefix
/// fold into constants and cost nothing).
///
/// Returns the 32 digest bytes in the usual order. The constraint field must
/// have more than 36 bits (`SynthesisError::Unsatisfiable` otherwise).
pub fn sha256_var<F: PrimeField>(msg: &[UInt8<F>]) -> Result<[UInt8<F>; 32], SynthesisError> {
    let out = sha2_core::hash(&PARAMS, msg)?;
    out.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

/// One SHA-256 compression: `state` (eight words, e.g. [`SHA256_IV`] as
/// constants or a midstate) absorbs one 64-byte `block` (no padding added).
pub fn sha256_compress_var<F: PrimeField>(
    state: &[UInt32<F>; 8],
    block: &[UInt8<F>; 64],
) -> Result<[UInt32<F>; 8], SynthesisError> {
    let state: Vec<Vec<Boolean<F>>> = state.iter().map(|w| w.bits.to_vec()).collect();
    let words = sha2_core::bytes_to_words(block, 32)?;
    let out = sha2_core::compress(&PARAMS, &state, &words)?;
    let out: Vec<UInt32<F>> = out.iter().map(|w| UInt32::from_bits_le(w)).collect();
    out.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}
