//! What a group must provide to carry Pedersen commitments.

use core::fmt::Debug;
use core::ops::{Add, Mul, Neg, Sub};

use subtle::{ConditionallySelectable, ConstantTimeEq, CtOption};
use zeroize::Zeroize;

use crate::Error;

/// A prime-order group with the operations Pedersen commitments need.
///
/// Implementations must make every operation that takes a scalar constant
/// time; derivation and decoding functions see only public data.
pub trait PedersenGroup: Copy + Debug + Default + 'static {
    /// An element of the scalar field (values and blinding factors).
    type Scalar: Copy
        + Default
        + Debug
        + ConstantTimeEq
        + ConditionallySelectable
        + Zeroize
        + Add<Output = Self::Scalar>
        + Sub<Output = Self::Scalar>
        + Mul<Output = Self::Scalar>
        + Neg<Output = Self::Scalar>;
    /// A group element.
    type Point: Copy
        + Debug
        + ConstantTimeEq
        + Add<Output = Self::Point>
        + Sub<Output = Self::Point>
        + Neg<Output = Self::Point>;
    /// The canonical encoding of a group element.
    type PointBytes: Copy + Debug + Eq + AsRef<[u8]>;

    /// The group's name, for diagnostics.
    const NAME: &'static str;

    /// The neutral element.
    fn identity() -> Self::Point;
    /// `G`, the generator that carries the value.
    fn value_generator() -> Self::Point;
    /// `H`, the generator that carries the blinding factor.
    fn blinding_generator() -> Self::Point;
    /// `G_i`, the `index`-th generator of vector commitments: a hash of the
    /// group's domain tag and `index`, so no discrete log between any two
    /// generators is known. Variable time in `index` (public).
    fn vector_generator(index: u32) -> Self::Point;

    /// `s·P`, constant time in `s`.
    fn mul(point: &Self::Point, scalar: &Self::Scalar) -> Self::Point;
    /// `a·P + b·Q`, constant time in `a` and `b`.
    fn double_mul(
        a: &Self::Scalar,
        p: &Self::Point,
        b: &Self::Scalar,
        q: &Self::Point,
    ) -> Self::Point;
    /// `Σ s_i·P_i` over the shorter of the two slices, constant time in the
    /// scalars.
    fn multi_mul(scalars: &[Self::Scalar], points: &[Self::Point]) -> Self::Point {
        scalars
            .iter()
            .zip(points)
            .fold(Self::identity(), |acc, (s, p)| acc + Self::mul(p, s))
    }

    /// The scalar `v`.
    fn scalar_from_u64(v: u64) -> Self::Scalar;
    /// A uniformly distributed scalar from 64 uniform bytes (wide reduction).
    fn scalar_from_wide(bytes: &[u8; 64]) -> Self::Scalar;
    /// Decodes a scalar from the group's canonical 32-byte encoding;
    /// `None` when it is not reduced.
    fn scalar_from_bytes(bytes: &[u8; 32]) -> CtOption<Self::Scalar>;
    /// The scalar's canonical 32-byte encoding.
    fn scalar_to_bytes(scalar: &Self::Scalar) -> [u8; 32];

    /// The canonical encoding of `point`.
    fn encode(point: &Self::Point) -> Self::PointBytes;
    /// Decodes a canonical encoding; variable time (encodings are public).
    fn decode(bytes: &[u8]) -> Result<Self::Point, Error>;
}
