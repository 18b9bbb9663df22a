//! Verkle vector commitments: Pedersen commitments in Lagrange basis over
//! the domain `0..256`, inner-product-argument (IPA) opening proofs, multiproofs
//! and an EIP-6800-compatible width-256 tree.
//!
//! Everything is generic over a [`VerkleGroup`]; the named instances are
//! [`Banderwagon`] (the prime-order quotient of Bandersnatch over the
//! BLS12-381 scalar field), as used by Ethereum's Verkle trees, and
//! [`Grumpkin`] (over the BN254 scalar field, for BN254 circuits).
//!
//! # Variable time
//!
//! Every value this crate commits to, proves or verifies is public (tree keys,
//! values, commitments, proofs). It uses arkworks' variable-time arithmetic
//! throughout and must not be fed secrets. Functions carry no `_vartime`
//! suffix individually because the whole crate is variable time; the
//! suffix appears on the lower-level MSM helpers for emphasis.
//!
//! `alloc` is always required (vectors of points); the `alloc` feature exists
//! for uniformity with the other crates and `std` only enables arkworks' std.
//!
//! # Threads
//!
//! The `parallel` feature (off by default; implies `std`) runs the dense
//! commitment MSM, the IPA prover's cross terms and generator folding, the
//! IPA verifier's multi-exponentiation and the multiproof's per-point and
//! per-query work on rayon's pool, and enables arkworks' `parallel`
//! features. Results do not depend on it or on the thread count: every
//! split is recombined with exact field and group arithmetic, so proofs are
//! byte-identical (`docs/verkle.md`, "Parallel feature").
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod commit;
pub mod crs;
pub mod eip6800;
pub mod error;
pub mod group;
pub mod grumpkin;
pub mod ipa;
pub mod lagrange;
pub mod msm;
pub mod multiproof;
mod par;
pub mod transcript;
pub mod tree;
pub mod tree_proof;

pub use commit::Committer;
pub use crs::{Crs, WIDTH};
pub use error::{EncodingError, ProofError};
pub use group::{Banderwagon, BanderwagonPoint, BanderwagonScalar, VerkleGroup};
pub use grumpkin::{Grumpkin, GrumpkinBase, GrumpkinPoint, GrumpkinScalar};
pub use lagrange::Domain;
pub use transcript::{FsTranscript, PoseidonAbsorb, PoseidonTranscript, Transcript};
pub use tree::{Key, Value, VerkleTree};

// Re-exports of what the public API exposes (`docs/api.md`), so a user
// needs no direct dependency at exactly the right version.
/// The arkworks curve traits of the point types.
pub use ark_ec;
/// The crate of Banderwagon's underlying Bandersnatch curve and fields.
pub use ark_ed_on_bls12_381_bandersnatch;
/// The arkworks field traits of the scalar and base fields.
pub use ark_ff;
/// The crate of the Grumpkin curve and fields.
pub use ark_grumpkin;
