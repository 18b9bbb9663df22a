//! Constant-time Poseidon over 4-limb prime fields (BLS12-381 Fr, BN254 Fr).
//!
//! - [`Poseidon`]: the reference instances (`x^5`, `R_F = 8`, reference
//!   `R_P`, widths `t = 2..=5`) with round constants and Cauchy MDS matrix
//!   generated in code by the reference Grain LFSR procedure; the BN254
//!   instances are circomlib's.
//! - [`Poseidon::permute`] (optimised partial rounds) and
//!   [`Poseidon::permute_plain`] (reference shape), equal functions.
//! - Modes, each with its own capacity tag (see [`modes`]): the fixed-length
//!   [`Poseidon::hash`] (circomlib-compatible), the 2-to-1
//!   [`Poseidon::compress`] for Merkle trees, and the [`Sponge`] over
//!   elements or bytes.
//! - [`Poseidon2`]: the Poseidon2 permutation for `t = 3` (reference
//!   constants and matrices), about twice as fast as Poseidon.
//! - [`Poseidon::merkle_root`]: the root of a binary Merkle path built on
//!   [`Poseidon::compress`].
//!
//! Everything that touches the state uses the branch-free field operations
//! of `umbra-ct-curves`; secret inputs (nullifier keys, note openings) are
//! safe. Parameter generation works on public data only.
//!
//! ```
//! use ark_bn254::Fr;
//! use umbra_poseidon::Poseidon;
//!
//! let p = Poseidon::<Fr, 3>::new().unwrap();
//! let h = p.hash(&[Fr::from(1u64), Fr::from(2u64)]).unwrap();
//! // circomlib: poseidon([1, 2])
//! assert_eq!(
//!     h.to_string(),
//!     "7853200120776062878684798364095072458815029376092732009249414926327459813530"
//! );
//! ```
#![no_std]
#![forbid(unsafe_code)]

mod grain;
mod merkle;
pub mod modes;
mod params;
mod permutation;
mod poseidon2;

pub use merkle::MAX_MERKLE_DEPTH;
pub use modes::{DOMAIN_MERKLE_2_TO_1, Sponge};
pub use params::{FULL_ROUNDS, MAX_PARTIAL_ROUNDS, Poseidon, partial_rounds};
pub use poseidon2::{POSEIDON2_FULL_ROUNDS, POSEIDON2_PARTIAL_ROUNDS, Poseidon2};
pub use umbra_ct_curves::CtField;

/// Errors of parameter generation and of the hash modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The width is not one of 2..=5.
    UnsupportedWidth,
    /// The field is too small for the reference round numbers.
    UnsupportedField,
    /// A matrix needed by the optimised rounds is singular (never for the
    /// reference instances).
    Singular,
    /// The input length does not match the mode.
    InvalidInputLength,
    /// Input after the sponge started squeezing.
    AbsorbAfterSqueeze,
    /// Elements and bytes mixed in one sponge.
    MixedInputKinds,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::UnsupportedWidth => "unsupported Poseidon width",
            Self::UnsupportedField => "unsupported field",
            Self::Singular => "singular matrix",
            Self::InvalidInputLength => "invalid input length",
            Self::AbsorbAfterSqueeze => "absorb after squeeze",
            Self::MixedInputKinds => "elements and bytes mixed in one sponge",
        })
    }
}

/// The arkworks field traits (`PrimeField`, …) that bound [`Poseidon`]'s
/// field parameter, re-exported so users need no direct dependency
/// (`docs/api.md`).
pub use ark_ff;
