//! Every integration test of `umbra-prover` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra-prover --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Helpers shared by several test files.
mod harness;

#[path = "counts.rs"]
mod counts;

#[path = "precompile_bip340.rs"]
mod precompile_bip340;

#[path = "precompile_ed25519.rs"]
mod precompile_ed25519;

#[path = "precompile_feldman.rs"]
mod precompile_feldman;

#[path = "precompile_sigshare.rs"]
mod precompile_sigshare;

#[path = "folding.rs"]
mod folding;

#[path = "identity.rs"]
mod identity;

#[path = "isa.rs"]
mod isa;

#[path = "malicious.rs"]
mod malicious;

#[path = "tables.rs"]
mod tables;

#[path = "mutation.rs"]
mod mutation;

#[path = "precompile_keccak.rs"]
mod precompile_keccak;

#[path = "precompile_pedersen.rs"]
mod precompile_pedersen;
#[path = "precompile_pedersen_secp256k1.rs"]
mod precompile_pedersen_secp256k1;

#[path = "precompile_poseidon.rs"]
mod precompile_poseidon;

#[path = "prove.rs"]
mod prove;

#[path = "prove_attacks.rs"]
mod prove_attacks;

#[path = "prove_precompile.rs"]
mod prove_precompile;

#[path = "random.rs"]
mod random;

#[path = "syscalls.rs"]
mod syscalls;

#[path = "witness.rs"]
mod witness;
