//! secp256k1 gadgets: affine point arithmetic over the emulated base field,
//! joint multi-scalar multiplication, and the verifiers of ECDSA, Feldman
//! VSS shares and GG20 signature shares (`umbra-tecdsa`), and BIP-340
//! Schnorr signatures (`umbra-schnorr`; the challenge hash uses the SHA-256
//! gadget of [`crate::hash`]).
//!
//! Points are affine and never the point at infinity; additions are
//! incomplete formulas that *enforce* their non-exceptional condition (see
//! [`PointVar`]), so a satisfied system always computed the true group
//! operation. Scalar multiplication is Straus–Shamir with a table of all
//! subset sums, offset by points of unknown discrete logarithm.
//!
//! Scalar multiplications by 256-bit variable scalars use the GLV
//! endomorphism ([`glv_terms`]), which halves the number of doublings; a
//! lone fixed-base multiplication (Feldman's `share·G`) uses constant
//! windowed tables and no doublings ([`fixed_base_mul_with_offset`]).

pub mod bip340;
pub mod native;
mod point;
mod verify;

pub use point::{
    FIXED_WINDOW, FqVar, GLV_BITS, GlvSplit, MsmTerm, PointVar, fixed_base_mul_with_offset,
    glv_terms, glv_terms_with_hint, msm, msm_with_offset, offset_a, offset_d,
};
pub use verify::{
    ScalarVar, ecdsa_verify, ecdsa_verify_with_hint, feldman_verify_share, gg20_verify_share,
    gg20_verify_share_with_hint, x_mod_n,
};
