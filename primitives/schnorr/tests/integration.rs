//! Every integration test of `umbra-schnorr` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra-schnorr --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Helpers shared by several test files.
mod common;

#[path = "bip340_props.rs"]
mod bip340_props;

#[path = "bip340_vectors.rs"]
mod bip340_vectors;

#[path = "poseidon_schnorr.rs"]
mod poseidon_schnorr;

#[path = "redjubjub_differential.rs"]
mod redjubjub_differential;

#[path = "redjubjub_props.rs"]
mod redjubjub_props;
