//! Every integration test of `umbra-verkle` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra-verkle --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Helpers shared by several test files.
mod common;
/// The forging prover of `tree_proof_attacks`.
#[path = "common/forge.rs"]
mod forge;

#[path = "commit.rs"]
mod commit;

#[path = "group_crs.rs"]
mod group_crs;

#[path = "eip6800.rs"]
mod eip6800;

#[path = "grumpkin.rs"]
mod grumpkin;

#[path = "ipa_multiproof.rs"]
mod ipa_multiproof;

#[path = "poseidon_transcript.rs"]
mod poseidon_transcript;

#[path = "tree.rs"]
mod tree;

#[path = "tree_proof.rs"]
mod tree_proof;

#[path = "tree_proof_attacks.rs"]
mod tree_proof_attacks;

#[path = "parallel.rs"]
mod parallel;
