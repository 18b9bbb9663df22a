//! What a group must provide to carry Pedersen commitments.

use core::fmt::Debug;
use subtle::{Choice, CtOption};
use zeroize::Zeroize;

use crate::Error;

/// A prime-order group with the operations Pedersen commitments need.
///
/// Implementations must make every operation that takes a scalar constant
/// time; derivation and decoding functions see only public data.
pub trait PedersenGroup: Copy + Debug + Default + 'static {
    /// An element of the scalar field (values and blinding factors).
    type Scalar: Copy + Default + Debug + Zeroize;
    /// A group element.
    type Point: Copy + Debug;
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

    /// `P + Q`.
    fn add(p: &Self::Point, q: &Self::Point) -> Self::Point;
    /// `-P`.
    fn neg(p: &Self::Point) -> Self::Point;
    /// `P − Q`.
    fn sub(p: &Self::Point, q: &Self::Point) -> Self::Point {
        Self::add(p, &Self::neg(q))
    }
    /// `P == Q`, in constant time.
    fn point_eq(p: &Self::Point, q: &Self::Point) -> Choice;
    /// `s·P`, constant time in `s`.
    fn mul(point: &Self::Point, scalar: &Self::Scalar) -> Self::Point;
    /// `a·P + b·Q`, constant time in `a` and `b`.
    fn double_mul(
        a: &Self::Scalar,
        p: &Self::Point,
        b: &Self::Scalar,
        q: &Self::Point,
    ) -> Self::Point {
        Self::add(&Self::mul(p, a), &Self::mul(q, b))
    }
    /// `Σ s_i·P_i` over the shorter of the two slices, constant time in the
    /// scalars.
    fn multi_mul(scalars: &[Self::Scalar], points: &[Self::Point]) -> Self::Point {
        scalars
            .iter()
            .zip(points)
            .fold(Self::identity(), |acc, (s, p)| {
                Self::add(&acc, &Self::mul(p, s))
            })
    }

    /// `a + b` in the scalar field, constant time.
    fn scalar_add(a: &Self::Scalar, b: &Self::Scalar) -> Self::Scalar;
    /// `a − b`, constant time.
    fn scalar_sub(a: &Self::Scalar, b: &Self::Scalar) -> Self::Scalar;
    /// `a · b`, constant time.
    fn scalar_mul(a: &Self::Scalar, b: &Self::Scalar) -> Self::Scalar;
    /// `a == b`, constant time.
    fn scalar_eq(a: &Self::Scalar, b: &Self::Scalar) -> Choice;

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

/// The `PedersenGroup` arithmetic of a backend whose types implement the
/// operators and `subtle::ConstantTimeEq` in constant time (dalek, k256).
#[cfg(any(feature = "ristretto", feature = "secp256k1"))]
macro_rules! operator_arithmetic {
    ($point:ty, $scalar:ty) => {
        fn add(p: &$point, q: &$point) -> $point {
            p + q
        }

        fn neg(p: &$point) -> $point {
            -p
        }

        fn sub(p: &$point, q: &$point) -> $point {
            p - q
        }

        fn point_eq(p: &$point, q: &$point) -> subtle::Choice {
            subtle::ConstantTimeEq::ct_eq(p, q)
        }

        fn mul(point: &$point, scalar: &$scalar) -> $point {
            point * scalar
        }

        fn scalar_add(a: &$scalar, b: &$scalar) -> $scalar {
            a + b
        }

        fn scalar_sub(a: &$scalar, b: &$scalar) -> $scalar {
            a - b
        }

        fn scalar_mul(a: &$scalar, b: &$scalar) -> $scalar {
            a * b
        }

        fn scalar_eq(a: &$scalar, b: &$scalar) -> subtle::Choice {
            subtle::ConstantTimeEq::ct_eq(a, b)
        }
    };
}
#[cfg(any(feature = "ristretto", feature = "secp256k1"))]
pub(crate) use operator_arithmetic;
