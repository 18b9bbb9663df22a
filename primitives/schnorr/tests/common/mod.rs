//! Test support: the deterministic test RNG lives in `umbra-test-vectors`.
#![allow(unused_imports)]

pub use umbra_test_vectors::TestRng;
