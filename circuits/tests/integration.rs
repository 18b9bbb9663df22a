//! Every integration test of `umbra-circuits` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra-circuits --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Helpers shared by several test files.
mod common {
    pub mod perturb;
}

#[path = "bip340.rs"]
mod bip340;

#[path = "circuits_md.rs"]
mod circuits_md;

#[path = "ed25519_halfscalar.rs"]
mod ed25519_halfscalar;

#[path = "ed25519_point.rs"]
mod ed25519_point;

#[path = "ed25519_verify.rs"]
mod ed25519_verify;

#[path = "emulated.rs"]
mod emulated;

#[path = "forged.rs"]
mod forged;

#[path = "groth16.rs"]
mod groth16;

#[path = "hash.rs"]
mod hash;

#[path = "perturb.rs"]
mod perturb;

#[path = "poseidon.rs"]
mod poseidon;

#[path = "redjubjub.rs"]
mod redjubjub;

#[path = "sapling_oracle.rs"]
mod sapling_oracle;

#[path = "schnorr.rs"]
mod schnorr;

#[path = "secp256k1.rs"]
mod secp256k1;

#[path = "verkle.rs"]
mod verkle;

#[path = "weierstrass.rs"]
mod weierstrass;
