//! Grumpkin, the curve whose base field is BN254's scalar field: commitments
//! over it are native arithmetic in BN254 circuits (the VM prover's field).

use ark_ec::AffineRepr;
use ark_ec::short_weierstrass::SWCurveConfig;
use ark_ff::{BigInt, Field, PrimeField};
use ark_grumpkin::{Affine, Fq, Fr, GrumpkinConfig};
use sha2::{Digest, Sha256};
use umbra_ct_curves::SwPoint;

use crate::arkworks::{le_bytes_from_limbs, limbs_from_le_bytes};
use crate::{Error, PedersenGroup};

/// A Grumpkin point in constant-time projective coordinates.
pub type GrumpkinPoint = SwPoint<GrumpkinConfig>;

const BLINDING_TAG: &[u8] = b"umbra-pedersen/grumpkin/blinding-generator/v1";
const VECTOR_TAG: &[u8] = b"umbra-pedersen/grumpkin/vector-generator/v1";
/// Bit 255 of an encoding: y is odd.
const Y_ODD: u8 = 0x80;
/// Bit 254 of an encoding: the point at infinity (all other bits zero).
const INFINITY: u8 = 0x40;

/// Grumpkin (ark-grumpkin, `y² = x³ − 17` over BN254's scalar field, prime
/// order). `G` is the curve generator `(1, √−16)`; `H` and the vector
/// generators are hashed to the curve (try-and-increment on SHA-256, even y).
/// A point encodes as x (32 bytes little-endian) with bit 255 = y odd and
/// bit 254 = infinity; scalars encode little-endian.
#[derive(Clone, Copy, Debug, Default)]
pub struct Grumpkin;

/// The point with x-coordinate `x` and the given parity of y, if any.
fn lift_x(x: Fq, y_odd: bool) -> Option<Affine> {
    let y = (x.square() * x + GrumpkinConfig::COEFF_B).sqrt()?;
    let y = if (y.into_bigint().0[0] & 1 == 1) == y_odd {
        y
    } else {
        -y
    };
    Some(Affine::new_unchecked(x, y))
}

/// Try-and-increment hash to the curve over public data.
fn hash_to_point_vartime(tag: &[u8], index: u32) -> Affine {
    (0u32..)
        .find_map(|counter| {
            let digest: [u8; 32] = Sha256::new()
                .chain_update(tag)
                .chain_update(index.to_le_bytes())
                .chain_update(counter.to_le_bytes())
                .finalize()
                .into();
            let x = Fq::from_bigint(BigInt::new(limbs_from_le_bytes(&digest)))?;
            lift_x(x, false)
        })
        .unwrap_or(GrumpkinConfig::GENERATOR)
}

impl PedersenGroup for Grumpkin {
    type Scalar = Fr;
    type Point = GrumpkinPoint;
    type PointBytes = [u8; 32];

    crate::arkworks::ct_curves_arithmetic!(GrumpkinPoint, Fr);

    const NAME: &'static str = "grumpkin";

    fn value_generator() -> GrumpkinPoint {
        GrumpkinPoint::generator()
    }

    fn blinding_generator() -> GrumpkinPoint {
        hash_to_point_vartime(BLINDING_TAG, 0).into()
    }

    fn vector_generator(index: u32) -> GrumpkinPoint {
        hash_to_point_vartime(VECTOR_TAG, index).into()
    }

    fn encode(point: &GrumpkinPoint) -> [u8; 32] {
        let affine = point.to_affine();
        match affine.xy() {
            None => {
                let mut out = [0u8; 32];
                out[31] = INFINITY;
                out
            }
            Some((x, y)) => {
                let mut out = le_bytes_from_limbs(&x.into_bigint().0);
                if y.into_bigint().0[0] & 1 == 1 {
                    out[31] |= Y_ODD;
                }
                out
            }
        }
    }

    fn decode(bytes: &[u8]) -> Result<GrumpkinPoint, Error> {
        let repr: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        let flags = repr[31] & (Y_ODD | INFINITY);
        let mut limbs = limbs_from_le_bytes(repr);
        limbs[3] &= 0x3fff_ffff_ffff_ffff;
        if flags & INFINITY != 0 {
            return if flags == INFINITY && limbs == [0; 4] {
                Ok(Self::identity())
            } else {
                Err(Error::InvalidPoint)
            };
        }
        let x = Fq::from_bigint(BigInt::new(limbs)).ok_or(Error::InvalidPoint)?;
        // Grumpkin has prime order: every curve point is in the group.
        let affine = lift_x(x, flags & Y_ODD != 0).ok_or(Error::InvalidPoint)?;
        Ok(affine.into())
    }
}
