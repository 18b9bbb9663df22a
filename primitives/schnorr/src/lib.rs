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
//! Signing is constant-time (checked under valgrind by `examples/ctgrind.rs`);
//! secret keys zeroize on drop, compare with `ct_eq` and never print.
//! Verification handles public data only and may be variable-time.
//!
//! `no_std`; the `alloc` feature adds batch verification and `std` adds
//! `k256`'s precomputed base-point tables (faster signing and verification).

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
