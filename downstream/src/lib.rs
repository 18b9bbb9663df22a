//! Empty: the crate exists for `tests/public_api.rs`.
