//! Ristretto255, with the generators of dalek's `bulletproofs` crate.

use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_COMPRESSED, RISTRETTO_BASEPOINT_POINT};
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use sha3::{Digest, Sha3_512};
use subtle::CtOption;

use crate::{Error, PedersenGroup};

/// Domain tag of the vector generators: `G_i` is the Ristretto point of
/// `SHA3-512(tag ‖ u32_le(i))`.
const VECTOR_TAG: &[u8] = b"umbra-pedersen/ristretto255/vector-generator/v1";

/// Ristretto255 (curve25519-dalek). `G` is the Ristretto base point and `H`
/// is `from_uniform_bytes(SHA3-512(compress(G)))`, dalek `bulletproofs`'
/// `PedersenGens::default()`, so commitments interoperate with bulletproofs.
/// Scalars encode little-endian.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ristretto255;

fn hash_to_point(parts: &[&[u8]]) -> RistrettoPoint {
    let mut h = Sha3_512::new();
    for p in parts {
        h.update(p);
    }
    let digest: [u8; 64] = h.finalize().into();
    RistrettoPoint::from_uniform_bytes(&digest)
}

impl PedersenGroup for Ristretto255 {
    type Scalar = Scalar;
    type Point = RistrettoPoint;
    type PointBytes = [u8; 32];

    crate::group::operator_arithmetic!(RistrettoPoint, Scalar);

    const NAME: &'static str = "ristretto255";

    fn identity() -> RistrettoPoint {
        RistrettoPoint::identity()
    }

    fn value_generator() -> RistrettoPoint {
        RISTRETTO_BASEPOINT_POINT
    }

    fn blinding_generator() -> RistrettoPoint {
        hash_to_point(&[RISTRETTO_BASEPOINT_COMPRESSED.as_bytes()])
    }

    fn vector_generator(index: u32) -> RistrettoPoint {
        hash_to_point(&[VECTOR_TAG, &index.to_le_bytes()])
    }

    fn double_mul(
        a: &Scalar,
        p: &RistrettoPoint,
        b: &Scalar,
        q: &RistrettoPoint,
    ) -> RistrettoPoint {
        // Straus with shared doublings; dalek's non-vartime multiscalar
        // multiplication is constant time (it is what bulletproofs uses).
        #[cfg(feature = "alloc")]
        {
            use curve25519_dalek::traits::MultiscalarMul;
            RistrettoPoint::multiscalar_mul([a, b], [p, q])
        }
        #[cfg(not(feature = "alloc"))]
        {
            p * a + q * b
        }
    }

    #[cfg(feature = "alloc")]
    fn multi_mul(scalars: &[Scalar], points: &[RistrettoPoint]) -> RistrettoPoint {
        use curve25519_dalek::traits::MultiscalarMul;
        // dalek's non-vartime multiscalar multiplication is constant time.
        RistrettoPoint::multiscalar_mul(scalars, &points[..scalars.len().min(points.len())])
    }

    fn scalar_from_u64(v: u64) -> Scalar {
        Scalar::from(v)
    }

    fn scalar_from_wide(bytes: &[u8; 64]) -> Scalar {
        Scalar::from_bytes_mod_order_wide(bytes)
    }

    fn scalar_from_bytes(bytes: &[u8; 32]) -> CtOption<Scalar> {
        Scalar::from_canonical_bytes(*bytes)
    }

    fn scalar_to_bytes(scalar: &Scalar) -> [u8; 32] {
        scalar.to_bytes()
    }

    fn encode(point: &RistrettoPoint) -> [u8; 32] {
        point.compress().to_bytes()
    }

    fn decode(bytes: &[u8]) -> Result<RistrettoPoint, Error> {
        let compressed =
            CompressedRistretto::from_slice(bytes).map_err(|_| Error::InvalidLength)?;
        compressed.decompress().ok_or(Error::InvalidPoint)
    }
}
