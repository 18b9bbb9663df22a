//! # umbra-guests — example guest programs for Umbra's zkVM
//!
//! The guests live in `programs/` (their own cargo workspace, target
//! `riscv32im-unknown-none-elf`). This crate's build script compiles them automatically and
//! exposes each ELF as bytes (`*_ELF`) and as a path (`*_PATH`):
//!
//! | guest | private input | journal |
//! |---|---|---|
//! | `hash-chain` | `rounds: u32 LE ‖ secret` | `rounds ‖ d_rounds` (SHA3/Keccak alternating chain) |
//! | `bigfib` | `n: u32 LE` | `n ‖ limbs ‖ F(n)` little-endian (compute-heavy, no precompile) |
//! | `bip340-tecdsa` | BIP-340 key, signature, message; GG20 session `Y, R, z` and signature shares; optionally Feldman commitments and key shares | key, BIP-340 verdict, `Y, R, z`, session verdict, blamed party indices; commitments and per-share Feldman verdicts |
//! | `ed25519-batch` | rule, `count` × (key, signature, message) | rule, per-signature key and verdict, all-valid |
//! | `confidential-balance` | group, fee, input/output amounts and blindings | group, fee, commitments, balanced verdict |
//! | `poseidon-merkle` | root, depth, leaf, sibling path, index (BN254 Fr, LE) | root, membership verdict (never the leaf or path) |
//! | `verkle-multiproof` | root, key/presence/value claims, tree proof | root, claims, verdict and reason |
//! | `panicky` | `mode ‖ payload` | exercises panic, memory fault, unavailable precompile, OOM |
#![no_std]
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/guests.rs"));

/// The ELF of the example guest called `name`.
pub fn example(name: &str) -> Option<&'static [u8]> {
    EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, elf)| *elf)
}
