//! Ed25519 gadgets over Edwards25519 (emulated `2²⁵⁵ − 19` and `ℓ`).

pub mod scalar;

