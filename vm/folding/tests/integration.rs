//! Every integration test of `umbra-folding` in one binary.
//!
//! Each file under `tests/` is a module here rather than its own crate: one link and
//! one copy of the monomorphised library code instead of one per file, which is most of
//! what `cargo test --workspace` spends compiling (issue #17). Run one file's tests with
//! `cargo test -p umbra-folding --test integration <file>::`.
//! CI (`.ci/workspace.py tests`) fails when a file is added under `tests/` but not here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "advice.rs"]
mod advice;

#[path = "compressed.rs"]
mod compressed;

#[path = "core.rs"]
mod core;

#[path = "cp_groth16.rs"]
mod cp_groth16;

#[path = "cyclefold.rs"]
mod cyclefold;

#[path = "decider.rs"]
mod decider;

#[path = "ivc.rs"]
mod ivc;

#[path = "nivc.rs"]
mod nivc;

#[path = "nivc_advice.rs"]
mod nivc_advice;

#[path = "ptau.rs"]
mod ptau;

#[path = "zk.rs"]
mod zk;
