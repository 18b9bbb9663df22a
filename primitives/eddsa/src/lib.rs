//! Ed25519 (RFC 8032) signing and verification with three named verification
//! rules, on `curve25519-dalek` (constant-time).
//!
//! * Key generation from a 32-byte seed (RFC 8032 §5.1.5), signing
//!   (§5.1.6), expanded secret keys, Ed25519ph and Ed25519ctx (§5.1).
//! * Three verification [`Rule`]s, chosen explicitly by the caller:
//!
//! | rule | A encoding | R encoding | S | small-order A, R | equation |
//! |---|---|---|---|---|---|
//! | [`Rule::Rfc8032`] ([`VerifyingKey::verify`]) | canonical | canonical | S < ℓ | allowed | `[S]B = R + [k]A` |
//! | [`Rule::Strict`] ([`VerifyingKey::verify_strict`]) | canonical | canonical | S < ℓ | rejected | `[S]B = R + [k]A` |
//! | [`Rule::Zip215`] ([`VerifyingKey::verify_zip215`]) | any that decodes | any that decodes | S < ℓ | allowed | `[8][S]B = [8]R + [8][k]A` |
//!
//!   Here `k = SHA-512(dom ‖ R ‖ A ‖ M) mod ℓ` always hashes the encodings of
//!   R and A *as given*. "Canonical" means y < p and not (x = 0 with the
//!   sign bit set) — exactly RFC 8032 §5.1.3 decoding. "Decodes" means
//!   `curve25519-dalek`'s `CompressedEdwardsY::decompress` succeeds: it
//!   reduces y modulo p (bit 255 is the sign bit, so y ∈ [p, 2²⁵⁵) is read as
//!   y − p) and negates x = 0 to x = 0 when the sign bit is set.
//! * Batch verification ([`batch`], feature `alloc`, the workspace's one
//!   batch shape of `docs/api.md`): [`batch::verify_batch`] with 128-bit
//!   weights from a rand_core 0.10 `CryptoRng`, or
//!   [`batch::verify_batch_deterministic`] with weights hashed from the
//!   batch; cofactored, so a batch is accepted iff every member passes
//!   [`VerifyingKey::verify_zip215`] (up to a 2⁻¹²⁸ failure probability per
//!   batch), and [`batch::find_invalid`] names the members that fail.
//!
//! Signing and key generation are constant-time (checked under valgrind by
//! `examples/ctgrind.rs`). Verification works on public data and is
//! variable-time. Secret keys zeroize on drop, compare with `ct_eq` and print
//! nothing in `Debug`. See `docs/eddsa.md` for the edge-case table.
//!
//! ```
//! use umbra_eddsa::{SigningKey, Rule};
//! let sk = SigningKey::from_bytes(&[7u8; 32]);
//! let sig = sk.sign(b"hello");
//! let vk = sk.verifying_key();
//! assert!(vk.verify(b"hello", &sig).is_ok());
//! assert!(vk.verify_strict(b"hello", &sig).is_ok());
//! assert!(vk.verify_zip215(b"hello", &sig).is_ok());
//! assert!(vk.verify_with(Rule::Strict, b"hullo", &sig).is_err());
//! ```

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

#[cfg(feature = "alloc")]
pub mod batch;
mod encoding;
mod error;
mod signing;
mod verifying;

pub use encoding::{is_canonical_encoding, is_canonical_scalar};
pub use error::Error;
pub use signing::{ExpandedSecretKey, SigningKey};
pub use verifying::{Rule, Signature, VerifyingKey};

#[cfg(feature = "alloc")]
pub use batch::{BatchItem, find_invalid, verify_batch, verify_batch_deterministic};

/// Length of an encoded public key.
pub const PUBLIC_KEY_LENGTH: usize = 32;
/// Length of a secret key seed.
pub const SECRET_KEY_LENGTH: usize = 32;
/// Length of an expanded secret key (clamped scalar bytes ‖ nonce prefix).
pub const EXPANDED_SECRET_KEY_LENGTH: usize = 64;
/// Length of an encoded signature (R ‖ S).
pub const SIGNATURE_LENGTH: usize = 64;
/// Largest context accepted by Ed25519ctx and Ed25519ph.
pub const MAX_CONTEXT_LENGTH: usize = 255;

pub use curve25519_dalek;
pub use rand_core;
pub use signature;
