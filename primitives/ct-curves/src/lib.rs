//! Constant-time arithmetic over arkworks types.
//!
//! arkworks is not designed to be constant-time: its scalar multiplication
//! branches on scalar bits and its field reduction is a data-dependent
//! comparison. This crate is Umbra's constant-time layer for secret data
//! (signing keys, nonces, blinding factors, hash pre-images) over the
//! 4-limb arkworks fields and curves:
//!
//! - [`CtField`]: branch-free Montgomery multiplication, addition,
//!   subtraction, negation, selection, swapping, equality as a
//!   [`subtle::Choice`], fixed-exponent powering and Fermat inversion, and
//!   canonical limb conversions, implemented for every
//!   `ark_ff::Fp<MontBackend<P, 4>, 4>` (BLS12-381 Fr, BN254 Fr/Fq, the
//!   Jubjub and Bandersnatch scalar fields, ...). Values are arkworks values.
//! - [`TePoint`] (twisted Edwards: Jubjub, Bandersnatch, Baby Jubjub) and [`SwPoint`]
//!   (short Weierstrass: Grumpkin, BN254 G1) with complete addition formulas,
//!   and [`CtGroup::ct_mul`], a fixed-window scalar multiplication whose table
//!   reads scan the whole table.
//! - [`FixedBaseTable`] (feature `alloc`): fixed-base multiplication with a
//!   precomputed per-window table.
//!
//! Every operation is differential-tested against arkworks (proptest) and
//! run under valgrind with secret inputs (`cargo ctgrind -p umbra-ct-curves`).
//!
//! ```
//! use ark_ed_on_bls12_381::{EdwardsConfig, EdwardsProjective, Fr};
//! use ark_ec::PrimeGroup;
//! use umbra_ct_curves::{CtGroup, TePoint};
//!
//! let secret = Fr::from(123_456_789u64);
//! let pk = TePoint::<EdwardsConfig>::generator().ct_mul(&secret);
//! assert_eq!(pk.to_projective(), EdwardsProjective::generator() * secret);
//! ```
//!
//! The traits a caller needs come re-exported (`ark_ec`, `ark_ff`, `subtle`):
//!
//! ```
//! use ark_ed_on_bls12_381::{EdwardsConfig, Fr};
//! use umbra_ct_curves::ark_ff::Field;
//! use umbra_ct_curves::subtle::{ConditionallySelectable, ConstantTimeEq};
//! use umbra_ct_curves::{CtField, CtGroup, TePoint};
//!
//! let g = TePoint::<EdwardsConfig>::generator();
//! let a = g.ct_mul(&Fr::from(6u64));
//! let b = g.ct_double().ct_mul(&Fr::from(3u64));
//! assert!(bool::from(a.ct_eq(&b)));
//! let c = TePoint::conditional_select(&a, &g, 1.into());
//! assert!(bool::from(c.ct_eq(&g)));
//! assert_eq!(Fr::from(2u64).ct_inverse().unwrap(), Fr::from(2u64).inverse().unwrap());
//! ```
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

mod field;
#[cfg(feature = "alloc")]
mod fixed_base;
mod group;
mod sw;
mod te;

pub use field::CtField;
#[cfg(feature = "alloc")]
pub use fixed_base::FixedBaseTable;
pub use group::CtGroup;
pub use sw::SwPoint;
pub use te::TePoint;

// Re-exports of what the public API exposes (`docs/api.md`), so a user needs
// no direct dependency at exactly the right version.
/// The arkworks curve traits and point types (`TECurveConfig`,
/// `SWCurveConfig`, `Projective`, `Affine`, `PrimeGroup`).
pub use ark_ec;
/// The arkworks field traits and types (`PrimeField`, `Fp`, `MontConfig`).
pub use ark_ff;
/// Constant-time selection and comparison (`Choice`, `CtOption`,
/// `ConditionallySelectable`, `ConstantTimeEq`).
pub use subtle;
