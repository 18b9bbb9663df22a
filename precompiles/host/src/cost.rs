//! Cycle cost of each precompile, charged on top of the 1 cycle of the `ecall`.
//!
//! Costs are proportional to the work of the primitive (for the hashes: Keccak-f\[1600\]
//! permutations) and stand for the proving cost of the precompile's circuit step relative
//! to plain instructions. They are part of the ABI's observable behaviour (`cycle_count`,
//! cycle limit) and documented in `docs/vm.md`.

/// Keccak sponge rate of SHA3-256 and Keccak-256, in bytes.
pub const KECCAK_RATE: u32 = 136;
/// Fixed cost of a SHA3-256 / Keccak-256 call.
pub const HASH_BASE: u64 = 20;
/// Cost per Keccak-f\[1600\] permutation (one per 136-byte block, padding included).
pub const HASH_PER_BLOCK: u64 = 50;

/// Cost of hashing `len` bytes: `HASH_BASE + HASH_PER_BLOCK · (⌊len / 136⌋ + 1)`.
pub const fn hash(len: u32) -> u64 {
    HASH_BASE + HASH_PER_BLOCK * (len / KECCAK_RATE + 1) as u64
}
