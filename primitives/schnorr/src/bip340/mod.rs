//! BIP-340 Schnorr signatures over secp256k1.
//!
//! * Public keys are 32-byte x-only encodings of a point with even `y`.
//! * Signatures are 64 bytes `bytes(R) || bytes(s)`.
//! * Messages are signed **raw**: any length, no pre-hashing (BIP-340's
//!   vectors 15–18 use 0, 1, 17 and 100-byte messages). This differs from
//!   `k256::schnorr`, whose `signature::Verifier` SHA-256-hashes the message
//!   first; here the RustCrypto [`Signer`]/[`Verifier`] traits pass the
//!   message through unchanged.
//!
//! Parsing is strict, with a typed [`Error`] for every rejection: a public
//! key `x ≥ p` or not on the curve, `r ≥ p`, `s ≥ n`, a secret key `0` or
//! `≥ n`.
//!
//! Signing follows BIP-340's default algorithm exactly (auxiliary randomness
//! masks the key, the nonce is a tagged hash of the masked key, the public key
//! and the message) and runs in constant time. [`SigningKey::sign_deterministic`]
//! is the same algorithm with `aux_rand = 0³²`, which BIP-340 allows when no
//! randomness is available.
//!
//! Batch verification ([`batch`]: [`verify_batch`],
//! [`verify_batch_deterministic`], [`find_invalid`], feature `alloc`; the
//! workspace's one batch shape, `docs/api.md`) and BIP-341
//! `TapTweak` key tweaking ([`VerifyingKey::tap_tweak`],
//! [`SigningKey::tap_tweak`]) live in submodules.

#[cfg(feature = "alloc")]
pub mod batch;
mod tweak;

#[cfg(feature = "alloc")]
pub use batch::{BatchItem, find_invalid, verify_batch, verify_batch_deterministic};
pub use tweak::Parity;

use core::fmt;

use k256::{
    AffinePoint, FieldBytes, ProjectivePoint, Scalar,
    elliptic_curve::{
        PrimeField,
        group::CurveAffine,
        ops::Reduce,
        point::{AffineCoordinates, DecompactPoint},
    },
};
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use signature::{Keypair, RandomizedSigner, Signer, Verifier};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Byte length of a secret key, an x-only public key, `r` and `s`.
pub const SCALAR_LEN: usize = 32;
/// Byte length of a signature.
pub const SIGNATURE_LEN: usize = 64;

/// The field prime `p`, big-endian.
pub(crate) const FIELD_MODULUS: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f,
];

/// `SHA256("BIP0340/aux")`.
pub(crate) const TAG_AUX: [u8; 32] = [
    0xf1, 0xef, 0x4e, 0x5e, 0xc0, 0x63, 0xca, 0xda, 0x6d, 0x94, 0xca, 0xfa, 0x9d, 0x98, 0x7e, 0xa0,
    0x69, 0x26, 0x58, 0x39, 0xec, 0xc1, 0x1f, 0x97, 0x2d, 0x77, 0xa5, 0x2e, 0xd8, 0xc1, 0xcc, 0x90,
];
/// `SHA256("BIP0340/nonce")`.
pub(crate) const TAG_NONCE: [u8; 32] = [
    0x07, 0x49, 0x77, 0x34, 0xa7, 0x9b, 0xcb, 0x35, 0x5b, 0x9b, 0x8c, 0x7d, 0x03, 0x4f, 0x12, 0x1c,
    0xf4, 0x34, 0xd7, 0x3e, 0xf7, 0x2d, 0xda, 0x19, 0x87, 0x00, 0x61, 0xfb, 0x52, 0xbf, 0xeb, 0x2f,
];
/// `SHA256("BIP0340/challenge")`.
pub(crate) const TAG_CHALLENGE: [u8; 32] = [
    0x7b, 0xb5, 0x2d, 0x7a, 0x9f, 0xef, 0x58, 0x32, 0x3e, 0xb1, 0xbf, 0x7a, 0x40, 0x7d, 0xb3, 0x82,
    0xd2, 0xf3, 0xf2, 0xd8, 0x1b, 0xb1, 0x22, 0x4f, 0x49, 0xfe, 0x51, 0x8f, 0x6d, 0x48, 0xd3, 0x7c,
];

/// `tagged_hash(tag) = SHA256(SHA256(tag) || SHA256(tag) || ·)`, started from
/// the precomputed `SHA256(tag)`.
pub(crate) fn tagged_hasher(tag_hash: &[u8; 32]) -> Sha256 {
    let mut h = Sha256::new();
    h.update(tag_hash);
    h.update(tag_hash);
    h
}

fn to_array(bytes: &FieldBytes) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(bytes);
    out
}

/// `int(bytes) mod n`.
pub(crate) fn reduce(bytes: &[u8; 32]) -> Scalar {
    <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(*bytes))
}

/// The challenge `e = int(hash_BIP0340/challenge(r || P || m)) mod n`.
pub(crate) fn challenge(r: &[u8; 32], pk: &[u8; 32], msg: &[u8]) -> Scalar {
    let mut h = tagged_hasher(&TAG_CHALLENGE);
    h.update(r);
    h.update(pk);
    h.update(msg);
    reduce(&h.finalize().into())
}

/// `bytes ≥ p` (public data: variable time).
pub(crate) fn is_ge_field_modulus(bytes: &[u8; 32]) -> bool {
    *bytes >= FIELD_MODULUS
}

/// Why a key or signature was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An input had the wrong length.
    InvalidLength,
    /// The secret key is zero or not below the group order `n`.
    InvalidSecretKey,
    /// The public key's x coordinate is not below the field prime `p`.
    PublicKeyOutOfRange,
    /// No curve point has the public key's x coordinate.
    PublicKeyNotOnCurve,
    /// The signature's `r` is not below the field prime `p`.
    SignatureROutOfRange,
    /// The signature's `s` is not below the group order `n`.
    SignatureSOutOfRange,
    /// The derived nonce was zero (probability 2⁻²⁵⁶); BIP-340 says fail.
    ZeroNonce,
    /// The verification equation does not hold.
    InvalidSignature,
    /// A batch did not verify (at least one signature is invalid).
    BatchInvalid,
    /// The BIP-341 tweak hash is not below the group order `n`.
    TweakOutOfRange,
    /// The tweaked key is the point at infinity (or the secret zero).
    TweakedKeyInvalid,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidLength => "invalid length",
            Self::InvalidSecretKey => "secret key is zero or not below n",
            Self::PublicKeyOutOfRange => "public key x coordinate is not below p",
            Self::PublicKeyNotOnCurve => "public key is not an x coordinate on the curve",
            Self::SignatureROutOfRange => "signature r is not below p",
            Self::SignatureSOutOfRange => "signature s is not below n",
            Self::ZeroNonce => "derived nonce is zero",
            Self::InvalidSignature => "invalid signature",
            Self::BatchInvalid => "batch contains an invalid signature",
            Self::TweakOutOfRange => "tweak is not below n",
            Self::TweakedKeyInvalid => "tweaked key is invalid",
        })
    }
}

impl core::error::Error for Error {}

impl From<Error> for signature::Error {
    fn from(_: Error) -> Self {
        signature::Error::new()
    }
}

/// An x-only public key: the point with even `y` and the given x coordinate.
#[derive(Clone, Copy)]
pub struct VerifyingKey {
    point: AffinePoint,
    bytes: [u8; 32],
}

impl VerifyingKey {
    /// Parses a 32-byte x-only public key (BIP-340 `lift_x`), strictly:
    /// `x ≥ p` is [`Error::PublicKeyOutOfRange`], an x with no curve point is
    /// [`Error::PublicKeyNotOnCurve`].
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        if is_ge_field_modulus(bytes) {
            return Err(Error::PublicKeyOutOfRange);
        }
        let point = Option::<AffinePoint>::from(AffinePoint::decompact(&FieldBytes::from(*bytes)))
            .ok_or(Error::PublicKeyNotOnCurve)?;
        Ok(Self {
            point,
            bytes: *bytes,
        })
    }

    /// [`VerifyingKey::from_bytes`] on a slice, which must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(bytes.try_into().map_err(|_| Error::InvalidLength)?)
    }

    /// The 32-byte x-only encoding.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// The point (with even `y`).
    #[must_use]
    pub fn as_affine(&self) -> &AffinePoint {
        &self.point
    }

    /// Wraps an even-`y`, non-identity point (internal: callers guarantee it).
    pub(crate) fn from_even_point(point: AffinePoint) -> Self {
        Self {
            point,
            bytes: to_array(&point.x()),
        }
    }

    /// Verifies `signature` on the raw `msg` (any length), as BIP-340's
    /// `Verify(pk, m, sig)` (variable time: everything here is public).
    pub fn verify_raw(&self, msg: &[u8], signature: &Signature) -> Result<(), Error> {
        let e = challenge(&signature.r, &self.bytes, msg);
        // R = s·G − e·P
        // (GLV + wNAF + precomputed generator tables, one variable-time inversion).
        let r_affine =
            umbra_secp256k1_msm::double_mul_base_vartime(&signature.s, &(-e), &self.point);
        if bool::from(r_affine.is_identity())
            || bool::from(r_affine.y_is_odd())
            || to_array(&r_affine.x()) != signature.r
        {
            return Err(Error::InvalidSignature);
        }
        Ok(())
    }
}

/// Parses `pk`, `sig` and verifies `sig` on `msg`: BIP-340's
/// `Verify(pk, m, sig)` on raw bytes, with a typed error for each rejection.
pub fn verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), Error> {
    let key = VerifyingKey::from_slice(pk)?;
    let sig = Signature::from_slice(sig)?;
    key.verify_raw(msg, &sig)
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for VerifyingKey {}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerifyingKey(")?;
        for b in self.bytes {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl Verifier<Signature> for VerifyingKey {
    /// BIP-340 verification of the **raw** message (no pre-hash).
    fn verify(&self, msg: &[u8], signature: &Signature) -> signature::Result<()> {
        self.verify_raw(msg, signature).map_err(Into::into)
    }
}

/// A parsed BIP-340 signature: `r` (an x coordinate, `< p`) and `s` (`< n`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    r: [u8; 32],
    s: Scalar,
}

impl Signature {
    /// Parses 64 bytes strictly: `r ≥ p` is [`Error::SignatureROutOfRange`],
    /// `s ≥ n` is [`Error::SignatureSOutOfRange`]. Whether `r` is an x
    /// coordinate on the curve is left to verification, as in BIP-340.
    pub fn from_bytes(bytes: &[u8; 64]) -> Result<Self, Error> {
        let mut r = [0u8; 32];
        r.copy_from_slice(&bytes[..32]);
        let mut s_bytes = [0u8; 32];
        s_bytes.copy_from_slice(&bytes[32..]);
        if is_ge_field_modulus(&r) {
            return Err(Error::SignatureROutOfRange);
        }
        let s = Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(s_bytes)))
            .ok_or(Error::SignatureSOutOfRange)?;
        Ok(Self { r, s })
    }

    /// [`Signature::from_bytes`] on a slice, which must be 64 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(bytes.try_into().map_err(|_| Error::InvalidLength)?)
    }

    /// The 64-byte encoding `bytes(r) || bytes(s)`.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r);
        out[32..].copy_from_slice(&self.s.to_bytes());
        out
    }

    /// The `r` component (x coordinate of the nonce point).
    #[must_use]
    pub fn r_bytes(&self) -> [u8; 32] {
        self.r
    }

    /// The `s` component.
    #[must_use]
    pub fn s(&self) -> &Scalar {
        &self.s
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(")?;
        for b in self.to_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl TryFrom<&[u8]> for Signature {
    type Error = Error;
    fn try_from(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_slice(bytes)
    }
}

impl From<Signature> for [u8; 64] {
    fn from(sig: Signature) -> [u8; 64] {
        sig.to_bytes()
    }
}

/// A BIP-340 secret key. Zeroized on drop; `Debug` prints nothing secret;
/// equality is constant-time ([`ConstantTimeEq`]).
#[derive(Clone)]
pub struct SigningKey {
    /// The secret as given (`d'`), `1 ≤ d' < n`.
    secret: Scalar,
    /// `d'` or `n − d'`, so that `d·G` has even `y`.
    even: Scalar,
    public: VerifyingKey,
}

impl SigningKey {
    /// Constant-time key derivation. Returns the key and whether `bytes` was
    /// a valid secret (`1 ≤ d' < n`). When the choice is false the returned
    /// key is a fixed placeholder (secret 1), which the caller must discard:
    /// prefer [`SigningKey::from_bytes`], which does so. This form exists so
    /// that the validity bit is the only secret-derived value a caller
    /// branches on (it is what the constant-time harness checks).
    #[must_use]
    pub fn from_bytes_ct(bytes: &[u8; 32]) -> (Self, Choice) {
        let parsed = Scalar::from_repr(FieldBytes::from(*bytes));
        let valid = parsed.is_some() & !parsed.unwrap_or(Scalar::ZERO).is_zero();
        let secret =
            Scalar::conditional_select(&Scalar::ONE, &parsed.unwrap_or(Scalar::ONE), valid);
        (Self::from_nonzero_scalar(secret), valid)
    }

    /// Derives the key from a scalar known to be non-zero (constant time).
    pub(crate) fn from_nonzero_scalar(secret: Scalar) -> Self {
        let point = ProjectivePoint::mul_by_generator(&secret).to_affine();
        let odd = point.y_is_odd();
        let even = Scalar::conditional_select(&secret, &-secret, odd);
        let point = AffinePoint::conditional_select(&point, &-point, odd);
        Self {
            secret,
            even,
            public: VerifyingKey::from_even_point(point),
        }
    }

    /// Parses a 32-byte secret key `d'`; zero or `≥ n` is
    /// [`Error::InvalidSecretKey`].
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let (key, valid) = Self::from_bytes_ct(bytes);
        if bool::from(valid) {
            Ok(key)
        } else {
            Err(Error::InvalidSecretKey)
        }
    }

    /// [`SigningKey::from_bytes`] on a slice, which must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let mut arr: [u8; 32] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        let key = Self::from_bytes(&arr);
        arr.zeroize();
        key
    }

    /// Generates a uniformly random key (rejection sampling; a retry happens
    /// with probability below 2⁻¹²⁷).
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 32];
        loop {
            rng.fill_bytes(&mut bytes);
            let (key, valid) = Self::from_bytes_ct(&bytes);
            if bool::from(valid) {
                bytes.zeroize();
                return key;
            }
        }
    }

    /// The secret key `d'` as 32 bytes. Handle with care: zeroize the copy.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        to_array(&self.secret.to_bytes())
    }

    /// The x-only public key.
    #[must_use]
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.public
    }

    /// The constant-time signing core, BIP-340's `Sign(sk, m)` with auxiliary
    /// randomness `aux`. Returns the 64-byte signature and whether signing
    /// succeeded; it fails only if the derived nonce is zero (probability
    /// 2⁻²⁵⁶), in which case the bytes are all zero. Prefer
    /// [`SigningKey::sign_with_aux_rand`].
    #[must_use]
    pub fn sign_raw(&self, msg: &[u8], aux: &[u8; 32]) -> ([u8; 64], Choice) {
        // t = bytes(d) xor hash_BIP0340/aux(a)
        let mut t: [u8; 32] = tagged_hasher(&TAG_AUX).chain_update(aux).finalize().into();
        let mut d_bytes = to_array(&self.even.to_bytes());
        for (ti, di) in t.iter_mut().zip(d_bytes.iter()) {
            *ti ^= di;
        }
        // rand = hash_BIP0340/nonce(t || bytes(P) || m)
        let mut rand: [u8; 32] = tagged_hasher(&TAG_NONCE)
            .chain_update(t)
            .chain_update(self.public.bytes)
            .chain_update(msg)
            .finalize()
            .into();
        let mut k0 = reduce(&rand);
        let ok = !k0.is_zero();
        k0 = Scalar::conditional_select(&Scalar::ONE, &k0, ok);
        let r_point = ProjectivePoint::mul_by_generator(&k0).to_affine();
        let mut k = Scalar::conditional_select(&k0, &-k0, r_point.y_is_odd());
        let r = to_array(&r_point.x());
        let e = challenge(&r, &self.public.bytes, msg);
        let s = k + e * self.even;

        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        sig[32..].copy_from_slice(&s.to_bytes());
        for b in sig.iter_mut() {
            *b = u8::conditional_select(&0, b, ok);
        }
        t.zeroize();
        rand.zeroize();
        d_bytes.zeroize();
        k0.zeroize();
        k.zeroize();
        (sig, ok)
    }

    /// Signs the raw `msg` with 32 bytes of auxiliary randomness, exactly as
    /// BIP-340's default signing algorithm.
    pub fn sign_with_aux_rand(&self, msg: &[u8], aux: &[u8; 32]) -> Result<Signature, Error> {
        let (bytes, ok) = self.sign_raw(msg, aux);
        if !bool::from(ok) {
            return Err(Error::ZeroNonce);
        }
        Ok(Signature {
            r: bytes[..32].try_into().map_err(|_| Error::InvalidLength)?,
            s: Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(
                <[u8; 32]>::try_from(&bytes[32..]).map_err(|_| Error::InvalidLength)?,
            )))
            .ok_or(Error::SignatureSOutOfRange)?,
        })
    }

    /// Deterministic signing: BIP-340's algorithm with `aux_rand = 0³²`
    /// (allowed by the BIP; fresh randomness is recommended where available,
    /// see [`SigningKey::sign_with_rng`]).
    pub fn sign_deterministic(&self, msg: &[u8]) -> Result<Signature, Error> {
        self.sign_with_aux_rand(msg, &[0u8; 32])
    }

    /// Signs with 32 bytes of fresh auxiliary randomness from `rng`.
    pub fn sign_with_rng<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Signature, Error> {
        let mut aux = [0u8; 32];
        rng.fill_bytes(&mut aux);
        let sig = self.sign_with_aux_rand(msg, &aux);
        aux.zeroize();
        sig
    }

    /// The even-`y` secret scalar `d` (crate-internal, for tweaking).
    pub(crate) fn even_scalar(&self) -> &Scalar {
        &self.even
    }
}

impl ConstantTimeEq for SigningKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.secret.ct_eq(&other.secret)
    }
}

impl PartialEq for SigningKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SigningKey {}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("verifying_key", &self.public)
            .finish_non_exhaustive()
    }
}

impl Zeroize for SigningKey {
    fn zeroize(&mut self) {
        self.secret.zeroize();
        self.even.zeroize();
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for SigningKey {}

impl Keypair for SigningKey {
    type VerifyingKey = VerifyingKey;
    fn verifying_key(&self) -> VerifyingKey {
        self.public
    }
}

impl Signer<Signature> for SigningKey {
    /// Deterministic BIP-340 signing of the **raw** message
    /// ([`SigningKey::sign_deterministic`]).
    fn try_sign(&self, msg: &[u8]) -> signature::Result<Signature> {
        self.sign_deterministic(msg).map_err(Into::into)
    }
}

impl RandomizedSigner<Signature> for SigningKey {
    /// BIP-340 signing of the **raw** message with `aux_rand` from `rng`.
    fn try_sign_with_rng<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> signature::Result<Signature> {
        let mut aux = [0u8; 32];
        rng.try_fill_bytes(&mut aux)
            .map_err(|_| signature::Error::new())?;
        let sig = self.sign_with_aux_rand(msg, &aux);
        aux.zeroize();
        sig.map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precomputed_tags_match_their_definition() {
        for (tag, hash) in [
            (&b"BIP0340/aux"[..], TAG_AUX),
            (b"BIP0340/nonce", TAG_NONCE),
            (b"BIP0340/challenge", TAG_CHALLENGE),
            (b"TapTweak", tweak::TAG_TAPTWEAK),
        ] {
            let expect: [u8; 32] = Sha256::digest(tag).into();
            assert_eq!(hash, expect);
        }
    }

    #[test]
    fn field_modulus_is_p() {
        // p = 2^256 − 2^32 − 977: adding 2^32 + 977 to p wraps to 2^256.
        let mut carry = 0u32;
        let add: u64 = (1u64 << 32) + 977;
        let mut out = FIELD_MODULUS;
        let add_bytes = add.to_be_bytes();
        for i in (0..32).rev() {
            let a = if i >= 24 { add_bytes[i - 24] } else { 0 };
            let sum = u32::from(out[i]) + u32::from(a) + carry;
            out[i] = sum as u8;
            carry = sum >> 8;
        }
        assert_eq!((out, carry), ([0u8; 32], 1));
    }
}
