//! Every integration test of `umbra-eddsa` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra-eddsa --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Helpers shared by several test files.
mod common;

#[path = "batch.rs"]
mod batch;

#[path = "edge_cases.rs"]
mod edge_cases;

#[path = "properties.rs"]
mod properties;

#[path = "rfc8032.rs"]
mod rfc8032;

#[path = "wycheproof.rs"]
mod wycheproof;
