//! Edwards25519 gadgets: affine point arithmetic over the emulated field
//! `2²⁵⁵ − 19` with complete addition, scalar multiplications, and point
//! decompression with every decoding fact as a Boolean (for the Ed25519
//! verifiers of `umbra-eddsa`'s three rules).

pub mod decompress;
pub mod lattice;
pub mod native;
mod point;
pub mod scalar;
pub mod verify;

pub use decompress::{Decompressed, decompress, decompress_with_hint};
pub use point::{FIXED_WINDOW, FqVar, PointVar, VAR_WINDOW, fq_is_zero};
