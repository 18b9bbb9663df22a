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

/// Proposed costs of the precompiles whose handlers are added with their primitive crates
/// (verification costs are dominated by scalar multiplications; the message-hashing part
/// is charged like [`hash`]). To be calibrated against the gadgets' constraint counts when
/// the handlers land; `docs/vm.md` lists them.
pub mod proposed {
    /// Poseidon permutation of width `t`: `300 · t`.
    pub const fn poseidon(t: u32) -> u64 {
        300 * t as u64
    }
    /// Pedersen commitment (two fixed-base scalar multiplications).
    pub const PEDERSEN_COMMIT: u64 = 8_000;
    /// BIP-340 verification of a `len`-byte message.
    pub const fn bip340(len: u32) -> u64 {
        20_000 + super::hash(len)
    }
    /// RedJubjub verification of a `len`-byte message.
    pub const fn redjubjub(len: u32) -> u64 {
        16_000 + super::hash(len)
    }
    /// Ed25519 verification of a `len`-byte message.
    pub const fn ed25519(len: u32) -> u64 {
        18_000 + super::hash(len)
    }
    /// Feldman share verification against `c` commitments.
    pub const fn tecdsa_feldman(c: u32) -> u64 {
        5_000 + 4_000 * c as u64
    }
    /// Signature-share verification of `n` shares.
    pub const fn tecdsa_sigshare(n: u32) -> u64 {
        5_000 + 15_000 * n as u64
    }
    /// Verkle multiproof verification of `keys` keys with a `proof_len`-byte proof.
    pub const fn verkle(keys: u32, proof_len: u32) -> u64 {
        50_000 + 2_000 * keys as u64 + proof_len as u64
    }
}
