//! Hash gadgets: SHA-256, SHA-512 (FIPS 180-4), Keccak-f\[1600\] with the
//! Keccak-256 and SHA3-256 sponges (FIPS 202), BLAKE2b (RFC 7693) with a
//! personalisation.
//!
//! Each gadget computes exactly what the `sha2` / `sha3` / `blake2b_simd`
//! crates compute, on messages whose length is fixed at synthesis time;
//! inputs and outputs are [`UInt8`](ark_r1cs_std::uint8::UInt8) bytes
//! (variables or constants).
//!
//! Representation and costs (R1CS constraints, all operands variables):
//! - words are little-endian vectors of `Boolean`s, so rotations and shifts
//!   are free re-indexing, and constant bits (IVs, padding, round constants)
//!   fold without allocating anything;
//! - `x ⊕ y` 1, `x ⊕ y ⊕ z` 2 (`t = x·y`, then one XOR constraint on the
//!   linear form `x + y − 2t`), `Ch` 1 (`e·(f − g) = r − g`), `Maj` 2
//!   (`t = b·c`, `(2t − b − c)·a = t − r`; Maj's multilinear form is cubic,
//!   so no single rank-1 constraint computes it);
//! - a sum of `k` words mod `2^n` is one linear combination of all operand
//!   bits (free) decomposed once into `n` result bits plus `⌈log2 k⌉` carry
//!   bits, one booleanity check each (the top carry is the linear combination
//!   that makes the decomposition add up, so no separate tie), so SHA-2's
//!   `T1 = h + Σ1 + Ch + K + W` is never decomposed on its own;
//! - Keccak's five-bit column parity costs 3 (parity bit plus two-bit
//!   quotient), χ 2 per bit.
//!
//! The constraint field must hold the widest sum without wrapping: more than
//! 36 bits for SHA-256, 68 for SHA-512, 67 for BLAKE2b (any SNARK field
//! qualifies).

mod bits;
pub mod blake2b;
pub mod keccak;
pub mod sha256;
mod sha2_core;
pub mod sha512;

pub use blake2b::{BLAKE2B_IV, blake2b_compress_var, blake2b_var, blake2b512_personal_var};
pub use keccak::{keccak_f1600_var, keccak256_var, sha3_256_var};
pub use sha256::{SHA256_IV, sha256_compress_var, sha256_var};
pub use sha512::{SHA512_IV, sha512_compress_var, sha512_var};
