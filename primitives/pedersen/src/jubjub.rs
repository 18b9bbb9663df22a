//! Jubjub, with the Zcash Sapling value-commitment generators.
//!
//! Point and scalar conventions are Zcash's: a point encodes as its
//! v-coordinate (little-endian, 255 bits) with the low bit of u in bit 255
//! (`repr_J`, ZIP-216 canonical), scalars as 32 little-endian bytes.
//! Secret-dependent arithmetic runs on `umbra-ct-curves` (arkworks itself is
//! not constant time).
//!
//! The Zcash encoding helpers ([`encode_affine`], [`decode_affine`],
//! [`group_hash`], [`find_group_hash`]) and the constant-time reduction
//! [`ct_scalar_from_be_bytes`] are public so that other Umbra crates using
//! Zcash's Jubjub conventions (RedJubjub in `umbra-schnorr`) share one
//! implementation.

use ark_ec::AffineRepr;
use ark_ec::twisted_edwards::TECurveConfig;
use ark_ed_on_bls12_381::{EdwardsAffine, EdwardsConfig, Fq, Fr};
use ark_ff::{BigInt, Field, PrimeField, Zero};
use umbra_ct_curves::{CtField, TePoint};

use crate::arkworks::{le_bytes_from_limbs, limbs_from_le_bytes};
use crate::{Error, PedersenGroup};

/// The Jubjub prime-order subgroup in constant-time extended coordinates.
pub type JubjubPoint = TePoint<EdwardsConfig>;

/// BLAKE2s personalisation of Sapling's value-commitment generators.
const VALUE_COMMITMENT_PERSONALIZATION: &[u8; 8] = b"Zcash_cv";
/// BLAKE2s personalisation of Umbra's vector-commitment generators.
const VECTOR_PERSONALIZATION: &[u8; 8] = b"Umbra_PV";
/// The first BLAKE2s block of every Zcash group hash (the "URS"): this ASCII
/// string, as the protocol specification fixes it.
const GROUP_HASH_URS: &[u8; 64] =
    b"096b36a5804bfacef1691e173c366a47ff5ba84a44f26ddd7e8d9f79d5b42df0";

/// Jubjub (ark-ed-on-bls12-381). `G` and `H` are Sapling's value-commitment
/// generators `V = FindGroupHash("Zcash_cv", "v")` and
/// `R = FindGroupHash("Zcash_cv", "r")`, so `commit(v, rcv)` is a Sapling
/// value commitment `cv` (checked against `sapling-crypto`). Vector
/// generators are `FindGroupHash("Umbra_PV", u32_le(i))`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Jubjub;

/// `repr_J`: v little-endian with the low bit of u in bit 255. Constant
/// time (the identity is stored as `(0, 1)` and needs no special case), so
/// it may encode points derived from secrets.
pub fn encode_affine(p: &EdwardsAffine) -> [u8; 32] {
    let mut out = le_bytes_from_limbs(&p.y.ct_to_canonical_limbs());
    out[31] |= ((p.x.ct_to_canonical_limbs()[0] & 1) as u8) << 7;
    out
}

/// `abst_J` (ZIP-216): the curve point with this canonical encoding, if any.
/// Not restricted to the prime-order subgroup. Variable time (public data).
pub fn decode_affine(bytes: &[u8; 32]) -> Option<EdwardsAffine> {
    let sign = bytes[31] >> 7;
    let mut limbs = limbs_from_le_bytes(bytes);
    limbs[3] &= 0x7fff_ffff_ffff_ffff;
    let v = Fq::from_bigint(BigInt::new(limbs))?;
    // -u² + v² = 1 + d·u²·v²  ⇒  u² = (v² − 1) / (d·v² + 1)
    let v2 = v.square();
    let den = EdwardsConfig::COEFF_D * v2 + Fq::ONE;
    let u2 = (v2 - Fq::ONE) * den.inverse()?;
    let mut u = u2.sqrt()?;
    if u.is_zero() && sign == 1 {
        return None;
    }
    if (u.into_bigint().0[0] & 1) as u8 != sign {
        u = -u;
    }
    let p = EdwardsAffine::new_unchecked(u, v);
    p.is_on_curve().then_some(p)
}

/// Zcash `GroupHash^J(D, M)`: BLAKE2s-256 personalised by `D` over
/// `URS ‖ M`, decoded, times the cofactor 8; `None` for ⊥.
pub fn group_hash(personalization: &[u8; 8], message: &[&[u8]]) -> Option<EdwardsAffine> {
    let mut state = blake2s_simd::Params::new()
        .hash_length(32)
        .personal(personalization)
        .to_state();
    state.update(GROUP_HASH_URS);
    for part in message {
        state.update(part);
    }
    let hash: [u8; 32] = *state.finalize().as_array();
    let q = decode_affine(&hash)?.mul_by_cofactor();
    (!q.is_zero()).then_some(q)
}

/// Zcash `FindGroupHash^J(D, M)`: the first `GroupHash^J(D, M ‖ [i])` that
/// is not ⊥, for `i` in `0..256`. Variable time (public inputs).
pub fn find_group_hash(personalization: &[u8; 8], message: &[u8]) -> EdwardsAffine {
    (0..=255u8)
        .find_map(|i| group_hash(personalization, &[message, &[i]]))
        // The probability that 256 hashes all fail is about 2^-256.
        .unwrap_or_else(EdwardsAffine::generator)
}

/// A constant-time Jubjub scalar from bytes read as a big-endian integer,
/// reduced (Horner's rule on bits; every bit costs the same). Zcash's
/// `ToScalar` of a little-endian hash is `ct_scalar_from_be_bytes(h.iter().rev())`.
pub fn ct_scalar_from_be_bytes<'a>(bytes: impl Iterator<Item = &'a u8>) -> Fr {
    crate::arkworks::ct_scalar_from_be_bytes(bytes)
}

impl PedersenGroup for Jubjub {
    type Scalar = Fr;
    type Point = JubjubPoint;
    type PointBytes = [u8; 32];

    crate::arkworks::ct_curves_arithmetic!(JubjubPoint, Fr);

    const NAME: &'static str = "jubjub";

    fn value_generator() -> JubjubPoint {
        find_group_hash(VALUE_COMMITMENT_PERSONALIZATION, b"v").into()
    }

    fn blinding_generator() -> JubjubPoint {
        find_group_hash(VALUE_COMMITMENT_PERSONALIZATION, b"r").into()
    }

    fn vector_generator(index: u32) -> JubjubPoint {
        find_group_hash(VECTOR_PERSONALIZATION, &index.to_le_bytes()).into()
    }

    fn encode(point: &JubjubPoint) -> [u8; 32] {
        encode_affine(&point.to_affine())
    }

    /// Canonical `repr_J` of a point in the prime-order subgroup (the only
    /// points a commitment can be).
    fn decode(bytes: &[u8]) -> Result<JubjubPoint, Error> {
        let repr: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        let p = decode_affine(repr).ok_or(Error::InvalidPoint)?;
        if !p.is_in_correct_subgroup_assuming_on_curve() {
            return Err(Error::InvalidPoint);
        }
        Ok(p.into())
    }
}
