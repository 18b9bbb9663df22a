//! Schnorr signatures for circuits: a Schnorr signature over a twisted
//! Edwards curve embedded in a SNARK's scalar field, with a Poseidon
//! challenge, so that verification is cheap inside an R1CS circuit over that
//! field (the gadget is `umbra_circuits::schnorr`).
//!
//! Generic over the curve ([`Curve`]) with two named instances:
//!
//! | instance | curve | base field (= circuit field) | Poseidon domain |
//! |---|---|---|---|
//! | [`Jubjub`] | Jubjub | BLS12-381 Fr | [`Jubjub::DOMAIN`] |
//! | [`BabyJubjub`] | Baby Jubjub (arkworks form `x² + y² = 1 + d·x²y²`) | BN254 Fr | [`BabyJubjub::DOMAIN`] |
//!
//! * Keys: `sk` a non-zero scalar, `PK = [sk]G` (`G` the arkworks generator,
//!   of prime order `r`).
//! * Nonce (deterministic, hedged like BIP-340): `t = bytes(sk) XOR
//!   H_aux(aux)`, `k = H_nonce(t ‖ domain ‖ PK ‖ len ‖ msg) mod r` with
//!   personalised BLAKE2b (512-bit output, reduced mod `r`).
//! * Challenge: `c = Sponge_{domain}(R.x, R.y, PK.x, PK.y, m_1, …, m_n)`, the
//!   `umbra-poseidon` sponge of width 5 over the base field; the scalar is the
//!   integer `c` reduced mod `r`.
//! * Signature `(R, s)` with `R = [k]G`, `s = k + c·sk mod r`.
//! * Verification: `PK` and `R` in the prime-order subgroup (`PK ≠ O`),
//!   `s < r`, and `[s]G = R + [c]PK`.
//! * Encodings: a point is 32 bytes, `y` little-endian with the low bit of
//!   `x` in bit 255 (ZIP-216 style, strict); a scalar is 32 little-endian
//!   bytes, canonical; a signature is `R ‖ s` (64 bytes).
//!
//! Signing is constant time (`umbra-ct-curves` scalar multiplication and
//! field arithmetic, the constant-time Poseidon sponge; checked under
//! valgrind by `examples/ctgrind.rs`). Verification handles public data and
//! is variable time. The full specification and the security argument are in
//! `docs/schnorr-circuit.md`.
//!
//! ```
//! use umbra_schnorr::poseidon_schnorr::{Jubjub, PoseidonSchnorr, SigningKey};
//! use ark_ed_on_bls12_381::Fq;
//!
//! let scheme = PoseidonSchnorr::<Jubjub>::new().unwrap();
//! let mut sk_bytes = [0x42u8; 32];
//! sk_bytes[31] = 0x01;
//! let key = SigningKey::<Jubjub>::from_bytes(&sk_bytes).unwrap();
//! let msg = [Fq::from(7u64)];
//! let sig = scheme.sign(&key, &msg, None).unwrap();
//! scheme.verify(key.verifying_key(), &msg, &sig).unwrap();
//! assert!(scheme.verify(key.verifying_key(), &[Fq::from(8u64)], &sig).is_err());
//! ```

use core::fmt;
use core::marker::PhantomData;

use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup};
use ark_ff::{Field, PrimeField};
use rand_core::CryptoRng;
use subtle::{Choice, ConstantTimeEq};
use umbra_ct_curves::{CtField, CtGroup, TePoint};
use umbra_poseidon::{Poseidon, Sponge};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Width of the Poseidon permutation used by the challenge sponge (rate 4:
/// `R` and `PK` fill the first block exactly).
pub const POSEIDON_WIDTH: usize = 5;

/// BLAKE2b personalisation of the aux-randomness hash.
const AUX_PERSONALIZATION: &[u8; 16] = b"UmbraPSchnorrAux";
/// BLAKE2b personalisation of the nonce hash.
const NONCE_PERSONALIZATION: &[u8; 16] = b"UmbraPSchnorrNon";

/// A twisted Edwards curve the scheme is instantiated on.
///
/// Requirements (checked for the two instances by the tests, and relied on
/// by the security argument in `docs/schnorr-circuit.md`):
/// * `a` is a square and `d` is not (complete addition, a single point of
///   order 2), so the group is cyclic of order `2^COFACTOR_LOG2 · r`;
/// * the cofactor is `2^COFACTOR_LOG2` and the generator has prime order `r`;
/// * the base field has at most 255 bits (the point encoding uses bit 255)
///   and at least 250 (Poseidon's round numbers).
pub trait Curve: Copy + fmt::Debug + PartialEq + Eq + 'static {
    /// The arkworks curve.
    type Config: TECurveConfig<BaseField = Self::Base, ScalarField = Self::Scalar>;
    /// The base field (the circuit's field).
    type Base: CtField;
    /// The scalar field (order `r` of the prime-order subgroup).
    type Scalar: CtField;
    /// A short name.
    const NAME: &'static str;
    /// The Poseidon sponge domain of the challenge (and a nonce-hash input).
    const DOMAIN: u64;
    /// `log2` of the cofactor.
    const COFACTOR_LOG2: u32;
}

/// Jubjub over BLS12-381 Fr (Zcash Sapling's embedded curve).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jubjub {}

/// Baby Jubjub over BN254 Fr (arkworks `ark-ed-on-bn254`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BabyJubjub {}

impl Curve for Jubjub {
    type Config = ark_ed_on_bls12_381::EdwardsConfig;
    type Base = ark_ed_on_bls12_381::Fq;
    type Scalar = ark_ed_on_bls12_381::Fr;
    const NAME: &'static str = "Jubjub";
    /// ASCII `"USchnJub"`, big-endian.
    const DOMAIN: u64 = u64::from_be_bytes(*b"USchnJub");
    const COFACTOR_LOG2: u32 = 3;
}

impl Curve for BabyJubjub {
    type Config = ark_ed_on_bn254::EdwardsConfig;
    type Base = ark_ed_on_bn254::Fq;
    type Scalar = ark_ed_on_bn254::Fr;
    const NAME: &'static str = "BabyJubjub";
    /// ASCII `"USchnBJJ"`, big-endian.
    const DOMAIN: u64 = u64::from_be_bytes(*b"USchnBJJ");
    const COFACTOR_LOG2: u32 = 3;
}

/// An affine point of the curve `C`.
pub type Point<C> = Affine<<C as Curve>::Config>;

/// Why a point encoding or point was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PointError {
    /// `y >= p`, or `x = 0` with the sign bit set.
    NonCanonical,
    /// No curve point has this `y` (or the coordinates are off the curve).
    NotOnCurve,
    /// The point has small order (the identity included).
    SmallOrder,
    /// The point is not in the prime-order subgroup (mixed order).
    NotInSubgroup,
}

/// Errors of parsing, signing and verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input had the wrong length (keys and scalars are 32 bytes,
    /// signatures 64).
    InvalidLength,
    /// A secret key was not a canonical non-zero scalar.
    InvalidSecretKey,
    /// The verifying key was refused.
    MalformedKey(PointError),
    /// The signature's `R` was refused.
    MalformedR(PointError),
    /// The signature's `s` was not canonical (`s >= r`).
    NonCanonicalS,
    /// The derived nonce was zero (probability about `2^-251`).
    ZeroNonce,
    /// The Poseidon parameters could not be generated for this field.
    Poseidon(umbra_poseidon::Error),
    /// The verification equation does not hold.
    InvalidSignature,
}

impl fmt::Display for PointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NonCanonical => "non-canonical point encoding",
            Self::NotOnCurve => "not a curve point",
            Self::SmallOrder => "small-order point",
            Self::NotInSubgroup => "point not in the prime-order subgroup",
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidLength => f.write_str("invalid length"),
            Self::InvalidSecretKey => f.write_str("invalid secret key"),
            Self::MalformedKey(e) => write!(f, "malformed verifying key: {e}"),
            Self::MalformedR(e) => write!(f, "malformed signature R: {e}"),
            Self::NonCanonicalS => f.write_str("signature s is not a canonical scalar"),
            Self::ZeroNonce => f.write_str("derived nonce is zero"),
            Self::Poseidon(e) => write!(f, "Poseidon parameters: {e}"),
            Self::InvalidSignature => f.write_str("invalid signature"),
        }
    }
}

impl core::error::Error for PointError {}
impl core::error::Error for Error {}

// ---------------------------------------------------------------------------
// Byte and scalar helpers (constant time).

fn le_limbs(bytes: &[u8]) -> [u64; 4] {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
    }
    limbs
}

fn limbs_to_le(limbs: &[u64; 4]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(limbs) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

/// 32 little-endian bytes of a field element (constant time).
fn field_to_bytes<F: CtField>(x: &F) -> [u8; 32] {
    limbs_to_le(&x.ct_to_canonical_limbs())
}

/// A 512-bit little-endian integer reduced mod the field's modulus, in
/// constant time: `lo + hi · 2^256`.
fn scalar_from_wide<F: CtField>(bytes: &[u8; 64]) -> F {
    let lo = F::ct_from_limbs_mod_order(&le_limbs(&bytes[..32]));
    let hi = F::ct_from_limbs_mod_order(&le_limbs(&bytes[32..]));
    // 2^256 = 2 · 2^255 (mod the modulus); a public constant.
    let two_255 = F::ct_from_limbs_mod_order(&[0, 0, 0, 1 << 63]);
    lo.ct_add(&hi.ct_mul(&two_255.ct_double()))
}

/// The challenge scalar: the canonical integer `c < p` reduced mod `r`
/// (exact, constant time). Equal to `c` read as an integer when it scales a
/// point of order `r`, which is what the circuit computes.
pub fn challenge_scalar<C: Curve>(c: &C::Base) -> C::Scalar {
    C::Scalar::ct_from_limbs_mod_order(&c.ct_to_canonical_limbs())
}

/// Encodes an affine point: `y` little-endian, low bit of `x` in bit 255.
/// Constant time (used on secret-derived `R` before it is published).
pub fn encode_point<C: Curve>(p: &Point<C>) -> [u8; 32] {
    let mut out = field_to_bytes(&p.y);
    let sign = (p.x.ct_to_canonical_limbs()[0] & 1) as u8;
    out[31] |= sign << 7;
    out
}

/// Decodes a point encoding to a curve point (any order). Strict: `y` must
/// be canonical and `x = 0` must have sign bit 0. Variable time.
pub fn decode_point<C: Curve>(bytes: &[u8; 32]) -> Result<Point<C>, PointError> {
    let sign = bytes[31] >> 7;
    let mut limbs = le_limbs(bytes);
    limbs[3] &= 0x7fff_ffff_ffff_ffff;
    let y: C::Base =
        Option::from(C::Base::ct_from_canonical_limbs(&limbs)).ok_or(PointError::NonCanonical)?;
    // a·x² + y² = 1 + d·x²·y²  ⇒  x² = (1 − y²) / (a − d·y²).
    let y2 = y.square();
    let num = C::Base::ONE - y2;
    let den = <C::Config as TECurveConfig>::COEFF_A - <C::Config as TECurveConfig>::COEFF_D * y2;
    let x2 = num * den.inverse().ok_or(PointError::NotOnCurve)?;
    let mut x = x2.sqrt().ok_or(PointError::NotOnCurve)?;
    if x == C::Base::ZERO && sign == 1 {
        return Err(PointError::NonCanonical);
    }
    if (x.into_bigint().as_ref()[0] & 1) as u8 != sign {
        x = -x;
    }
    let p = Point::<C>::new_unchecked(x, y);
    if p.is_on_curve() {
        Ok(p)
    } else {
        Err(PointError::NotOnCurve)
    }
}

/// Classifies a curve point: `Ok` if it lies in the prime-order subgroup,
/// else why not. `allow_identity` admits `O` (allowed for `R`, not for keys).
fn check_subgroup<C: Curve>(p: &Point<C>, allow_identity: bool) -> Result<(), PointError> {
    if !p.is_on_curve() {
        return Err(PointError::NotOnCurve);
    }
    if p.is_zero() {
        return if allow_identity {
            Ok(())
        } else {
            Err(PointError::SmallOrder)
        };
    }
    let mut cleared = p.into_group();
    for _ in 0..C::COFACTOR_LOG2 {
        cleared.double_in_place();
    }
    if cleared.into_affine().is_zero() {
        return Err(PointError::SmallOrder);
    }
    if p.is_in_correct_subgroup_assuming_on_curve() {
        Ok(())
    } else {
        Err(PointError::NotInSubgroup)
    }
}

fn fixed_len<const N: usize>(bytes: &[u8]) -> Result<&[u8; N], Error> {
    bytes.try_into().map_err(|_| Error::InvalidLength)
}

// ---------------------------------------------------------------------------
// Keys and signatures.

/// A verifying key `PK = [sk]G`: a point of the prime-order subgroup other
/// than the identity, with its encoding.
pub struct VerifyingKey<C: Curve> {
    point: Point<C>,
    bytes: [u8; 32],
}

impl<C: Curve> Clone for VerifyingKey<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Curve> Copy for VerifyingKey<C> {}

impl<C: Curve> PartialEq for VerifyingKey<C> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl<C: Curve> Eq for VerifyingKey<C> {}

impl<C: Curve> fmt::Debug for VerifyingKey<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyingKey<{}>(", C::NAME)?;
        for b in &self.bytes {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl<C: Curve> VerifyingKey<C> {
    /// Parses a key: a canonical encoding of a point in the prime-order
    /// subgroup, not the identity.
    ///
    /// # Errors
    /// [`Error::MalformedKey`] with the reason.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let point = decode_point::<C>(bytes).map_err(Error::MalformedKey)?;
        check_subgroup::<C>(&point, false).map_err(Error::MalformedKey)?;
        Ok(Self {
            point,
            bytes: *bytes,
        })
    }

    /// [`Self::from_bytes`] on a slice that must be 32 bytes long.
    ///
    /// # Errors
    /// [`Error::InvalidLength`], or as [`Self::from_bytes`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(fixed_len::<32>(bytes)?)
    }

    /// A key from affine coordinates, with the same checks as
    /// [`Self::from_bytes`].
    ///
    /// # Errors
    /// [`Error::MalformedKey`] with the reason.
    pub fn from_affine(point: &Point<C>) -> Result<Self, Error> {
        check_subgroup::<C>(point, false).map_err(Error::MalformedKey)?;
        Ok(Self {
            point: *point,
            bytes: encode_point::<C>(point),
        })
    }

    /// The encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// The point.
    pub fn as_affine(&self) -> &Point<C> {
        &self.point
    }
}

/// A signature `(R, s)`: `R` in the prime-order subgroup, `s < r`.
pub struct Signature<C: Curve> {
    r: Point<C>,
    s: C::Scalar,
}

impl<C: Curve> Clone for Signature<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Curve> Copy for Signature<C> {}

impl<C: Curve> PartialEq for Signature<C> {
    fn eq(&self, other: &Self) -> bool {
        self.r == other.r && self.s == other.s
    }
}
impl<C: Curve> Eq for Signature<C> {}

impl<C: Curve> fmt::Debug for Signature<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature<{}>(", C::NAME)?;
        for b in &self.to_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl<C: Curve> Signature<C> {
    /// Parses `R ‖ s`: `R` a canonical encoding of a point in the
    /// prime-order subgroup (the identity allowed), `s` a canonical scalar.
    ///
    /// # Errors
    /// [`Error::MalformedR`] with the reason, [`Error::NonCanonicalS`].
    pub fn from_bytes(bytes: &[u8; 64]) -> Result<Self, Error> {
        let mut r_bytes = [0u8; 32];
        r_bytes.copy_from_slice(&bytes[..32]);
        let r = decode_point::<C>(&r_bytes).map_err(Error::MalformedR)?;
        check_subgroup::<C>(&r, true).map_err(Error::MalformedR)?;
        let s = Option::from(C::Scalar::ct_from_canonical_limbs(&le_limbs(&bytes[32..])))
            .ok_or(Error::NonCanonicalS)?;
        Ok(Self { r, s })
    }

    /// [`Self::from_bytes`] on a slice that must be 64 bytes long.
    ///
    /// # Errors
    /// [`Error::InvalidLength`], or as [`Self::from_bytes`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(fixed_len::<64>(bytes)?)
    }

    /// A signature from its parts, with the checks of [`Self::from_bytes`]
    /// on `R` (`s` is a field element, canonical by construction).
    ///
    /// # Errors
    /// [`Error::MalformedR`] with the reason.
    pub fn from_parts(r: &Point<C>, s: &C::Scalar) -> Result<Self, Error> {
        check_subgroup::<C>(r, true).map_err(Error::MalformedR)?;
        Ok(Self { r: *r, s: *s })
    }

    /// The encoding `R ‖ s`.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&encode_point::<C>(&self.r));
        out[32..].copy_from_slice(&field_to_bytes(&self.s));
        out
    }

    /// The commitment `R`.
    pub fn r(&self) -> &Point<C> {
        &self.r
    }

    /// The response `s`.
    pub fn s(&self) -> &C::Scalar {
        &self.s
    }
}

/// A signing key: a non-zero scalar `sk` with its verifying key. Zeroized on
/// drop, compared in constant time, never printed.
pub struct SigningKey<C: Curve> {
    sk: C::Scalar,
    pk: VerifyingKey<C>,
}

impl<C: Curve> Clone for SigningKey<C> {
    fn clone(&self) -> Self {
        Self {
            sk: self.sk,
            pk: self.pk,
        }
    }
}

impl<C: Curve> Zeroize for SigningKey<C> {
    fn zeroize(&mut self) {
        self.sk.zeroize();
    }
}

impl<C: Curve> Drop for SigningKey<C> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl<C: Curve> ZeroizeOnDrop for SigningKey<C> {}

impl<C: Curve> fmt::Debug for SigningKey<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey<{}>(..)", C::NAME)
    }
}

impl<C: Curve> ConstantTimeEq for SigningKey<C> {
    fn ct_eq(&self, other: &Self) -> Choice {
        CtField::ct_eq(&self.sk, &other.sk)
    }
}

impl<C: Curve> SigningKey<C> {
    /// `PK = [sk]G` in constant time (the key is then public).
    fn from_scalar(sk: C::Scalar) -> Self {
        let point = TePoint::<C::Config>::generator().ct_mul(&sk).to_affine();
        Self {
            sk,
            pk: VerifyingKey {
                point,
                bytes: encode_point::<C>(&point),
            },
        }
    }

    /// A key from 32 little-endian bytes in constant time; the choice says
    /// whether they encode a canonical non-zero scalar (if not, the key must
    /// not be used).
    pub fn from_bytes_ct(bytes: &[u8; 32]) -> (Self, Choice) {
        let limbs = le_limbs(bytes);
        let canonical = C::Scalar::ct_from_canonical_limbs(&limbs).is_some();
        // Equal to the canonical value whenever `canonical`; no secret branch.
        let sk = C::Scalar::ct_from_limbs_mod_order(&limbs);
        let valid = canonical & !sk.ct_is_zero();
        (Self::from_scalar(sk), valid)
    }

    /// A key from its canonical, non-zero 32-byte little-endian scalar.
    ///
    /// # Errors
    /// [`Error::InvalidSecretKey`].
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let (key, valid) = Self::from_bytes_ct(bytes);
        if bool::from(valid) {
            Ok(key)
        } else {
            Err(Error::InvalidSecretKey)
        }
    }

    /// [`Self::from_bytes`] on a slice that must be 32 bytes long.
    ///
    /// # Errors
    /// [`Error::InvalidLength`], [`Error::InvalidSecretKey`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(fixed_len::<32>(bytes)?)
    }

    /// A fresh key: 64 random bytes reduced mod `r`, redrawn if zero (the
    /// rejected draw is discarded, so the branch reveals nothing about the
    /// key kept).
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        loop {
            let mut wide = [0u8; 64];
            rng.fill_bytes(&mut wide);
            let sk = scalar_from_wide::<C::Scalar>(&wide);
            wide.zeroize();
            if !bool::from(sk.ct_is_zero()) {
                return Self::from_scalar(sk);
            }
        }
    }

    /// The 32-byte little-endian scalar (secret).
    pub fn to_bytes(&self) -> [u8; 32] {
        field_to_bytes(&self.sk)
    }

    /// The verifying key.
    pub fn verifying_key(&self) -> &VerifyingKey<C> {
        &self.pk
    }
}

/// The scheme on curve `C`: holds the Poseidon parameters of the challenge
/// (about 35 KiB; generation takes milliseconds, so build it once).
pub struct PoseidonSchnorr<C: Curve> {
    poseidon: Poseidon<C::Base, POSEIDON_WIDTH>,
    _curve: PhantomData<C>,
}

impl<C: Curve> fmt::Debug for PoseidonSchnorr<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PoseidonSchnorr<{}>", C::NAME)
    }
}

impl<C: Curve> Clone for PoseidonSchnorr<C> {
    fn clone(&self) -> Self {
        Self {
            poseidon: self.poseidon.clone(),
            _curve: PhantomData,
        }
    }
}

impl<C: Curve> PoseidonSchnorr<C> {
    /// Builds the scheme (generates the width-5 Poseidon instance of the
    /// base field).
    ///
    /// # Errors
    /// [`Error::Poseidon`] if the base field is unsupported (never for the
    /// named instances).
    pub fn new() -> Result<Self, Error> {
        Ok(Self {
            poseidon: Poseidon::new().map_err(Error::Poseidon)?,
            _curve: PhantomData,
        })
    }

    /// The Poseidon instance of the challenge.
    pub fn poseidon(&self) -> &Poseidon<C::Base, POSEIDON_WIDTH> {
        &self.poseidon
    }

    /// The challenge `c = Sponge_{C::DOMAIN}(R.x, R.y, PK.x, PK.y, msg…)`,
    /// a base-field element (constant time in all inputs).
    pub fn challenge(&self, r: &Point<C>, pk: &Point<C>, msg: &[C::Base]) -> C::Base {
        let mut sponge = Sponge::new(&self.poseidon, C::DOMAIN);
        // A fresh sponge accepts element input: these calls cannot fail.
        let _ = sponge.absorb(&[r.x, r.y, pk.x, pk.y]);
        let _ = sponge.absorb(msg);
        sponge.squeeze()
    }

    /// Signs in constant time; the choice is false only if the derived
    /// nonce is zero (probability about `2^-251`), in which case the
    /// signature must be discarded. `aux` is fresh randomness or 32 zero
    /// bytes (deterministic signing).
    pub fn sign_ct(
        &self,
        key: &SigningKey<C>,
        msg: &[C::Base],
        aux: &[u8; 32],
    ) -> (Signature<C>, Choice) {
        let mut t = key.to_bytes();
        let aux_hash = blake2b_simd::Params::new()
            .hash_length(32)
            .personal(AUX_PERSONALIZATION)
            .hash(aux);
        for (ti, ai) in t.iter_mut().zip(aux_hash.as_bytes()) {
            *ti ^= ai;
        }
        let mut state = blake2b_simd::Params::new()
            .hash_length(64)
            .personal(NONCE_PERSONALIZATION)
            .to_state();
        state.update(&t);
        state.update(&C::DOMAIN.to_le_bytes());
        state.update(&key.pk.bytes);
        state.update(&(msg.len() as u64).to_le_bytes());
        for m in msg {
            state.update(&field_to_bytes(m));
        }
        let mut wide: [u8; 64] = *state.finalize().as_array();
        let mut k = scalar_from_wide::<C::Scalar>(&wide);
        let ok = !k.ct_is_zero();
        let r = TePoint::<C::Config>::generator().ct_mul(&k).to_affine();
        let c = challenge_scalar::<C>(&self.challenge(&r, &key.pk.point, msg));
        let mut c_sk = c.ct_mul(&key.sk);
        let s = k.ct_add(&c_sk);
        t.zeroize();
        wide.zeroize();
        k.zeroize();
        c_sk.zeroize();
        (Signature { r, s }, ok)
    }

    /// Signs `msg`; `aux` is optional fresh randomness (hedged signing,
    /// recommended), `None` signs deterministically.
    ///
    /// # Errors
    /// [`Error::ZeroNonce`] (probability about `2^-251`).
    pub fn sign(
        &self,
        key: &SigningKey<C>,
        msg: &[C::Base],
        aux: Option<&[u8; 32]>,
    ) -> Result<Signature<C>, Error> {
        let (sig, ok) = self.sign_ct(key, msg, aux.unwrap_or(&[0u8; 32]));
        if bool::from(ok) {
            Ok(sig)
        } else {
            Err(Error::ZeroNonce)
        }
    }

    /// Signs with 32 bytes of fresh randomness from `rng` as `aux`.
    ///
    /// # Errors
    /// [`Error::ZeroNonce`] (probability about `2^-251`).
    pub fn sign_with_rng<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        key: &SigningKey<C>,
        msg: &[C::Base],
    ) -> Result<Signature<C>, Error> {
        let mut aux = [0u8; 32];
        rng.fill_bytes(&mut aux);
        let sig = self.sign(key, msg, Some(&aux));
        aux.zeroize();
        sig
    }

    /// Verifies `sig` on `msg`: `[s]G = R + [c]PK`. The key and signature
    /// types already guarantee `PK`, `R` in the prime-order subgroup,
    /// `PK ≠ O` and `s < r`. Variable time (public data).
    ///
    /// # Errors
    /// [`Error::InvalidSignature`].
    pub fn verify(
        &self,
        pk: &VerifyingKey<C>,
        msg: &[C::Base],
        sig: &Signature<C>,
    ) -> Result<(), Error> {
        let c = challenge_scalar::<C>(&self.challenge(&sig.r, &pk.point, msg));
        let g = <C::Config as TECurveConfig>::GENERATOR;
        let lhs: Projective<C::Config> = g * sig.s;
        let rhs: Projective<C::Config> = pk.point * c + sig.r;
        if lhs == rhs {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// Verifies encoded inputs: `pk` (32 bytes) and `sig` (64 bytes).
    ///
    /// # Errors
    /// The parsing errors of [`VerifyingKey::from_slice`] and
    /// [`Signature::from_slice`], then [`Error::InvalidSignature`].
    pub fn verify_bytes(&self, pk: &[u8], msg: &[C::Base], sig: &[u8]) -> Result<(), Error> {
        let pk = VerifyingKey::<C>::from_slice(pk)?;
        let sig = Signature::<C>::from_slice(sig)?;
        self.verify(&pk, msg, &sig)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use ark_ec::PrimeGroup;

    fn curve_requirements<C: Curve>() {
        let g = <C::Config as TECurveConfig>::GENERATOR;
        assert!(g.is_on_curve());
        assert!(g.is_in_correct_subgroup_assuming_on_curve());
        assert!(!g.is_zero());
        let cof = <C::Config as ark_ec::CurveConfig>::COFACTOR;
        assert_eq!(cof, &[1u64 << C::COFACTOR_LOG2]);
        let a = <C::Config as TECurveConfig>::COEFF_A;
        let d = <C::Config as TECurveConfig>::COEFF_D;
        assert!(a.legendre().is_qr());
        assert!(d.legendre().is_qnr());
        assert!(C::Base::MODULUS_BIT_SIZE <= 255 && C::Base::MODULUS_BIT_SIZE >= 250);
        assert_eq!(
            Projective::<C::Config>::generator().into_affine(),
            g,
            "generator"
        );
    }

    #[test]
    fn instances_meet_the_requirements() {
        curve_requirements::<Jubjub>();
        curve_requirements::<BabyJubjub>();
        assert_ne!(Jubjub::DOMAIN, BabyJubjub::DOMAIN);
    }

    fn wide_reduction<C: Curve>() {
        let mut wide = [0u8; 64];
        for (i, b) in wide.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(151).wrapping_add(7);
        }
        let expected = C::Scalar::from_le_bytes_mod_order(&wide);
        assert_eq!(scalar_from_wide::<C::Scalar>(&wide), expected);
        let all = [0xffu8; 64];
        assert_eq!(
            scalar_from_wide::<C::Scalar>(&all),
            C::Scalar::from_le_bytes_mod_order(&all)
        );
    }

    #[test]
    fn wide_reduction_matches_arkworks() {
        wide_reduction::<Jubjub>();
        wide_reduction::<BabyJubjub>();
    }

    #[test]
    fn secrets_do_not_print_and_zeroize() {
        extern crate std;
        use std::format;
        let mut bytes = [0x11u8; 32];
        bytes[31] = 0x01;
        let mut key = SigningKey::<Jubjub>::from_bytes(&bytes).unwrap();
        assert_eq!(format!("{key:?}"), "SigningKey<Jubjub>(..)");
        assert_eq!(key.to_bytes(), bytes);
        key.zeroize();
        assert_eq!(key.to_bytes(), [0u8; 32]);
    }
}
