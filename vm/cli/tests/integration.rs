//! Every integration test of `umbra` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "cli.rs"]
mod cli;

#[path = "prove.rs"]
mod prove;
