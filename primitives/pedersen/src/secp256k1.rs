//! secp256k1, with the Elements/Grin generator pair.

use k256::elliptic_curve::PrimeField;
use k256::elliptic_curve::group::GroupEncoding;
use k256::elliptic_curve::ops::{LinearCombination, Reduce};
use k256::elliptic_curve::point::DecompressPoint;
use k256::elliptic_curve::sec1::ToSec1Point;
use k256::{AffinePoint, CompressedPoint, FieldBytes, ProjectivePoint, Scalar, WideBytes};
use sha2::{Digest, Sha256};
use subtle::{Choice, CtOption};

use crate::{Error, PedersenGroup};

/// Domain tag of the vector generators.
const VECTOR_TAG: &[u8] = b"umbra-pedersen/secp256k1/vector-generator/v1";

/// secp256k1 (k256). The value generator `G` is the Elements/Grin
/// "nothing up my sleeve" point: x = SHA-256 of the uncompressed encoding of
/// the standard base point, with even y. The blinding generator `H` is the
/// standard base point. This is the convention of secp256k1-zkp
/// (`commit = r·B + v·H_nums`), so commitments agree with Grin/Elements ones
/// as points. Encodings are 33-byte SEC1 compressed points (33 zero bytes for
/// the identity); scalars encode big-endian.
#[derive(Clone, Copy, Debug, Default)]
pub struct Secp256k1;

/// The point with x-coordinate `x` (big-endian) and even y, if any.
fn lift_x_even(x: &[u8; 32]) -> Option<ProjectivePoint> {
    let affine = AffinePoint::decompress(&FieldBytes::from(*x), Choice::from(0));
    Option::<AffinePoint>::from(affine).map(ProjectivePoint::from)
}

/// Try-and-increment hash to the curve over public data: the first counter
/// whose SHA-256 is the x-coordinate of a point.
fn hash_to_point_vartime(tag: &[u8], index: u32) -> ProjectivePoint {
    (0u32..)
        .find_map(|counter| {
            let x: [u8; 32] = Sha256::new()
                .chain_update(tag)
                .chain_update(index.to_be_bytes())
                .chain_update(counter.to_be_bytes())
                .finalize()
                .into();
            lift_x_even(&x)
        })
        .unwrap_or(ProjectivePoint::GENERATOR)
}

impl PedersenGroup for Secp256k1 {
    type Scalar = Scalar;
    type Point = ProjectivePoint;
    type PointBytes = [u8; 33];

    crate::group::operator_arithmetic!(ProjectivePoint, Scalar);

    const NAME: &'static str = "secp256k1";

    fn identity() -> ProjectivePoint {
        ProjectivePoint::IDENTITY
    }

    fn value_generator() -> ProjectivePoint {
        let base = AffinePoint::GENERATOR.to_sec1_point(false);
        let x: [u8; 32] = Sha256::digest(base.as_bytes()).into();
        // About half of all x lift; this one does (a test pins the result).
        lift_x_even(&x).unwrap_or(ProjectivePoint::GENERATOR)
    }

    fn blinding_generator() -> ProjectivePoint {
        ProjectivePoint::GENERATOR
    }

    fn vector_generator(index: u32) -> ProjectivePoint {
        hash_to_point_vartime(VECTOR_TAG, index)
    }

    fn double_mul(
        a: &Scalar,
        p: &ProjectivePoint,
        b: &Scalar,
        q: &ProjectivePoint,
    ) -> ProjectivePoint {
        // k256's fixed-size linear combination is constant time.
        ProjectivePoint::lincomb(&[(*p, *a), (*q, *b)])
    }

    fn scalar_from_u64(v: u64) -> Scalar {
        Scalar::from(v)
    }

    fn scalar_from_wide(bytes: &[u8; 64]) -> Scalar {
        <Scalar as Reduce<WideBytes>>::reduce(&WideBytes::from(*bytes))
    }

    fn scalar_from_bytes(bytes: &[u8; 32]) -> CtOption<Scalar> {
        Scalar::from_repr(FieldBytes::from(*bytes))
    }

    fn scalar_to_bytes(scalar: &Scalar) -> [u8; 32] {
        scalar.to_bytes().into()
    }

    fn encode(point: &ProjectivePoint) -> [u8; 33] {
        point.to_affine().to_bytes().into()
    }

    fn decode(bytes: &[u8]) -> Result<ProjectivePoint, Error> {
        let repr: [u8; 33] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        let affine = AffinePoint::from_bytes(&CompressedPoint::from(repr));
        let point = Option::<AffinePoint>::from(affine)
            .map(ProjectivePoint::from)
            .ok_or(Error::InvalidPoint)?;
        // k256 also accepts the SEC1 "compact" tag 0x05; only the canonical
        // compressed form (or 33 zero bytes for the identity) is ours.
        if Self::encode(&point) == repr {
            Ok(point)
        } else {
            Err(Error::InvalidPoint)
        }
    }
}
