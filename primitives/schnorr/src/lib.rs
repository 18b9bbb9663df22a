//! Schnorr signature schemes for Umbra.
//!
//! One module per scheme, each behind a feature named after it:
//!
//! | module | feature (default) | scheme |
//! |---|---|---|
//! | [`bip340`] | `bip340` (on) | BIP-340 Schnorr over secp256k1, BIP-341 `TapTweak` |
//! | [`redjubjub`] | `redjubjub` (on) | Zcash RedJubjub (RedDSA over Jubjub), `SpendAuth` and `Binding` |
//! | [`poseidon_schnorr`] | `poseidon-schnorr` (on) | Schnorr over Jubjub / Baby Jubjub with a Poseidon challenge, for circuits |
//!
//! Batch verification has one shape in every scheme (`docs/api.md`):
//! `batch::verify_batch(rng, &items)`, `verify_batch_deterministic(&items)`
//! and `find_invalid(&items)` over `BatchItem`s.
//!
//! Signing is constant-time (checked under valgrind by `examples/ctgrind.rs`);
//! secret keys zeroize on drop, compare with `ct_eq` and never print.
//! Verification handles public data only and may be variable-time.
//!
//! `no_std`; the `alloc` feature adds batch verification and `std` adds
//! `k256`'s precomputed base-point tables (faster signing and verification).
//!
//! ```
//! # #[cfg(all(feature = "bip340", feature = "alloc"))] {
//! use umbra_schnorr::bip340::{BatchItem, SigningKey, verify_batch_deterministic};
//!
//! let sk = SigningKey::from_bytes(&[3u8; 32]).unwrap();
//! let sig = sk.sign_deterministic(b"msg").unwrap();
//! assert!(sk.verifying_key().verify_raw(b"msg", &sig).is_ok());
//! let items = [BatchItem::new(sk.verifying_key(), b"msg", &sig)];
//! assert!(verify_batch_deterministic(&items).is_ok());
//! # }
//! ```

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

#[cfg(feature = "bip340")]
pub mod bip340;
#[cfg(feature = "poseidon-schnorr")]
pub mod poseidon_schnorr;
#[cfg(feature = "redjubjub")]
pub mod redjubjub;

// Re-exports of what the public API exposes (`docs/api.md`), so a user
// needs no direct dependency at exactly the right version.
/// The crate of Jubjub's scalar field and points (RedJubjub, Poseidon-Schnorr).
#[cfg(any(feature = "redjubjub", feature = "poseidon-schnorr"))]
pub use ark_ed_on_bls12_381;
/// The crate of Baby Jubjub's scalar field and points (Poseidon-Schnorr).
#[cfg(feature = "poseidon-schnorr")]
pub use ark_ed_on_bn254;
/// The secp256k1 crate of BIP-340's `Scalar` and `AffinePoint`.
#[cfg(feature = "bip340")]
pub use k256;
/// rand_core 0.10, whose `CryptoRng` signing and batch verification take.
pub use rand_core;
/// The RustCrypto `signature` traits (`Signer`, `Verifier`, `Keypair`)
/// implemented for BIP-340.
pub use signature;
