//! Pedersen commitments, constant-time in the committed values and blinding
//! factors.
//!
//! A commitment to a value `v` with blinding factor `r` is
//! `C = v·G + r·H`; a vector commitment is `C = Σ v_i·G_i + r·H`. Commitments
//! are perfectly hiding and computationally binding (binding reduces to the
//! discrete logarithm between the generators, which are derived by hashing so
//! that nobody knows it). They are additively homomorphic, which is what
//! confidential-amount balance checks use: see [`balance`].
//!
//! One generic API, [`Commitment`] / [`Opening`] over a [`PedersenGroup`],
//! with one instantiation per group behind a feature:
//!
//! | feature | group | generators |
//! |---|---|---|
//! | `ristretto` | [`Ristretto255`] (curve25519-dalek) | `G` = basepoint, `H` = dalek `bulletproofs`' `B_blinding` |
//! | `secp256k1` | [`Secp256k1`] (k256) | `G` = the Elements/Grin NUMS generator, `H` = the standard base point |
//! | `grumpkin` | [`Grumpkin`] (arkworks + `umbra-ct-curves`) | `G` = the curve generator `(1, √−16)`, `H` and `G_i` hashed to the curve; BN254-native, for the VM prover |
//! | `jubjub` | [`Jubjub`] (arkworks + `umbra-ct-curves`) | Sapling's value-commitment generators; plus the Sapling Pedersen hash in [`sapling`] |
//!
//! Everything that takes a value or a blinding factor runs in constant time
//! (checked under valgrind by `examples/ctgrind.rs`); generator derivation
//! and commitment decoding touch only public data.
//!
//! ```
//! # #[cfg(feature = "ristretto")] {
//! use umbra_pedersen::{Commitment, Generators, Opening, Ristretto255, PedersenGroup};
//! let gens = Generators::<Ristretto255>::standard();
//! let opening = Opening::<Ristretto255>::new(
//!     Ristretto255::scalar_from_u64(42),
//!     Ristretto255::scalar_from_u64(7),
//! );
//! let c = Commitment::commit(&gens, &opening);
//! assert!(c.verify_opening(&gens, &opening).is_ok());
//! # }
//! ```

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod balance;
mod commitment;
mod error;
mod generators;
mod group;
mod opening;

#[cfg(any(feature = "jubjub", feature = "grumpkin"))]
mod arkworks;
#[cfg(feature = "grumpkin")]
mod grumpkin;
#[cfg(feature = "jubjub")]
pub mod jubjub;
#[cfg(feature = "ristretto")]
mod ristretto;
#[cfg(feature = "jubjub")]
pub mod sapling;
#[cfg(feature = "secp256k1")]
mod secp256k1;

pub use commitment::Commitment;
pub use error::Error;
pub use generators::Generators;
pub use group::PedersenGroup;
#[cfg(feature = "grumpkin")]
pub use grumpkin::{Grumpkin, GrumpkinPoint};
#[cfg(feature = "jubjub")]
pub use jubjub::{Jubjub, JubjubPoint};
pub use opening::Opening;
#[cfg(feature = "alloc")]
pub use opening::VectorOpening;
#[cfg(feature = "ristretto")]
pub use ristretto::Ristretto255;
#[cfg(feature = "secp256k1")]
pub use secp256k1::Secp256k1;

// Re-exports of what the public API exposes (`docs/api.md`), so a user
// needs no direct dependency at exactly the right version.
/// The crate of `Jubjub`'s scalar field and affine points.
#[cfg(feature = "jubjub")]
pub use ark_ed_on_bls12_381;
/// The arkworks field traits (`PrimeField`, …) of the Jubjub and Grumpkin scalars.
#[cfg(any(feature = "jubjub", feature = "grumpkin"))]
pub use ark_ff;
/// The crate of `Grumpkin`'s scalar field and affine points.
#[cfg(feature = "grumpkin")]
pub use ark_grumpkin;
/// The crate of `Ristretto255`'s scalar and point types.
#[cfg(feature = "ristretto")]
pub use curve25519_dalek;
/// The crate of `Secp256k1`'s scalar and point types.
#[cfg(feature = "secp256k1")]
pub use k256;
/// rand_core 0.10, whose `CryptoRng` the random openings take.
pub use rand_core;
/// The constant-time group and field traits of the Jubjub and Grumpkin
/// points ([`JubjubPoint`], [`GrumpkinPoint`]): `CtGroup` adds, negates and
/// multiplies them.
#[cfg(any(feature = "jubjub", feature = "grumpkin"))]
pub use umbra_ct_curves::{CtField, CtGroup};
