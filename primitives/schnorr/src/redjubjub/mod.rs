//! RedJubjub: Zcash's RedDSA over Jubjub (protocol specification §5.4.7),
//! with its two Sapling parameterisations [`SpendAuth`] and [`Binding`].
//!
//! * Basepoints: `SpendAuth` uses `FindGroupHash^J("Zcash_G_", "")`, `Binding`
//!   uses `FindGroupHash^J("Zcash_cv", "r")` (the value-commitment
//!   randomness generator). Neither is the arkworks generator.
//! * `H*(x)` is BLAKE2b-512 personalised `"Zcash_RedJubjubH"`, read as a
//!   little-endian integer and reduced mod r (`ToScalar`).
//! * Points encode as `repr_J` (ZIP-216 canonical), scalars as 32
//!   little-endian bytes; a signature is `R ‖ S` (64 bytes).
//! * Signing: `T` = 80 random bytes, `r = H*(T ‖ vk ‖ M)`, `R = [r]B`,
//!   `S = r + H*(R ‖ vk ‖ M)·sk`. Constant time (`umbra-ct-curves`), checked
//!   under valgrind by `examples/ctgrind.rs`.
//! * Verification (public data, variable time, like the `reddsa` crate):
//!   `vk` and `R` must be canonical encodings of curve points (any order),
//!   `S` must be canonical (`< r`), and `[8](−[S]B + R + [c]vk)` must be the
//!   identity.
//!
//! See `docs/redjubjub.md` for the full description.

#[cfg(feature = "alloc")]
pub mod batch;
#[cfg(feature = "alloc")]
pub use batch::{BatchItem, find_invalid, verify_batch, verify_batch_deterministic};

use core::fmt;
use core::marker::PhantomData;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ed_on_bls12_381::{EdwardsAffine, EdwardsConfig, EdwardsProjective, Fr};
use ark_ff::{BigInt, MontFp, PrimeField};
use rand_core::CryptoRng;
use subtle::{Choice, ConstantTimeEq, CtOption};
use umbra_ct_curves::{CtField, CtGroup, TePoint};
use umbra_pedersen::jubjub::{ct_scalar_from_be_bytes, decode_affine, encode_affine};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A Jubjub point in constant-time extended coordinates.
type CtPoint = TePoint<EdwardsConfig>;

/// BLAKE2b personalisation of `H*`.
const H_STAR_PERSONALIZATION: &[u8; 16] = b"Zcash_RedJubjubH";

/// Errors of RedJubjub parsing and verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An input had the wrong length (keys and scalars are 32 bytes,
    /// signatures 64).
    InvalidLength,
    /// A signing key was not a canonical scalar encoding (`>= r`).
    MalformedSigningKey,
    /// A verification key was not the canonical encoding of a Jubjub point.
    MalformedVerificationKey,
    /// The signature's `R` was not the canonical encoding of a Jubjub point.
    MalformedR,
    /// The signature's `S` was not a canonical scalar (`>= r`).
    NonCanonicalS,
    /// The verification equation does not hold.
    InvalidSignature,
    /// A batch did not verify (at least one item is invalid or malformed;
    /// `find_invalid` names them).
    BatchInvalid,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidLength => f.write_str("invalid length"),
            Self::MalformedSigningKey => f.write_str("malformed signing key"),
            Self::MalformedVerificationKey => f.write_str("malformed verification key"),
            Self::MalformedR => f.write_str("signature R is not a canonical point encoding"),
            Self::NonCanonicalS => f.write_str("signature S is not a canonical scalar"),
            Self::InvalidSignature => f.write_str("invalid signature"),
            Self::BatchInvalid => f.write_str("batch contains an invalid signature"),
        }
    }
}

impl core::error::Error for Error {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::SpendAuth {}
    impl Sealed for super::Binding {}
}

/// A RedJubjub parameterisation: which basepoint signatures use.
/// Implemented by [`SpendAuth`] and [`Binding`] only.
pub trait SigType: sealed::Sealed + Copy + fmt::Debug + PartialEq + Eq + 'static {
    /// A short name (`"SpendAuth"` or `"Binding"`).
    const NAME: &'static str;
    /// The BLAKE2s personalisation `D` of the basepoint's `FindGroupHash^J(D, M)`.
    const GROUP_HASH_PERSONALIZATION: &'static [u8; 8];
    /// The message `M` of the basepoint's `FindGroupHash^J(D, M)`.
    const GROUP_HASH_MESSAGE: &'static [u8];
    /// The basepoint `B` (in the prime-order subgroup).
    const BASEPOINT: EdwardsAffine;
}

/// Sapling's spend-authorisation signatures (`spendAuthSig`): basepoint
/// `FindGroupHash^J("Zcash_G_", "")`; keys can be re-randomised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpendAuth {}

/// Sapling's binding signatures (`bindingSig`): basepoint
/// `FindGroupHash^J("Zcash_cv", "r")`, the value-commitment randomness base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {}

impl SigType for SpendAuth {
    const NAME: &'static str = "SpendAuth";
    const GROUP_HASH_PERSONALIZATION: &'static [u8; 8] = b"Zcash_G_";
    const GROUP_HASH_MESSAGE: &'static [u8] = b"";
    // Checked against `find_group_hash` and `reddsa` in the tests.
    const BASEPOINT: EdwardsAffine = EdwardsAffine::new_unchecked(
        MontFp!("4139425550610461525665941076812662132363359224232624900223172373014329534291"),
        MontFp!("39635691377166599497441725607757882405510648532010642268690928210480481875248"),
    );
}

impl SigType for Binding {
    const NAME: &'static str = "Binding";
    const GROUP_HASH_PERSONALIZATION: &'static [u8; 8] = b"Zcash_cv";
    const GROUP_HASH_MESSAGE: &'static [u8] = b"r";
    // Checked against `find_group_hash` and `reddsa` in the tests.
    const BASEPOINT: EdwardsAffine = EdwardsAffine::new_unchecked(
        MontFp!("47042227020334719030310671629496501061777616454137182971856918820250544653111"),
        MontFp!("49531484613049745751551498609154147537293487462303198979615882148044956461707"),
    );
}

/// `H*(parts…)`: BLAKE2b-512 personalised `"Zcash_RedJubjubH"`, as a
/// little-endian integer mod r. Constant time in the hashed data.
fn h_star(parts: &[&[u8]]) -> Fr {
    let mut state = blake2b_simd::Params::new()
        .hash_length(64)
        .personal(H_STAR_PERSONALIZATION)
        .to_state();
    for part in parts {
        state.update(part);
    }
    let mut hash: [u8; 64] = *state.finalize().as_array();
    let scalar = ct_scalar_from_be_bytes(hash.iter().rev());
    hash.zeroize();
    scalar
}

/// Little-endian limbs of 32 bytes.
fn le_limbs(bytes: &[u8; 32]) -> [u64; 4] {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
    }
    limbs
}

/// The canonical scalar these 32 little-endian bytes encode (constant time).
fn scalar_from_bytes_ct(bytes: &[u8; 32]) -> CtOption<Fr> {
    Fr::ct_from_canonical_limbs(&le_limbs(bytes))
}

/// 32 little-endian bytes of a scalar (constant time).
fn scalar_to_bytes(s: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(s.ct_to_canonical_limbs()) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

/// `S` of a signature, if canonical (public data: variable time).
fn scalar_from_bytes_vartime(bytes: &[u8; 32]) -> Option<Fr> {
    Fr::from_bigint(BigInt::new(le_limbs(bytes)))
}

/// A RedJubjub verification key `vk = [sk]B`: a curve point, with its
/// `repr_J` encoding.
#[derive(Clone, Copy)]
pub struct VerificationKey<T: SigType> {
    point: EdwardsAffine,
    bytes: [u8; 32],
    _marker: PhantomData<T>,
}

impl<T: SigType> fmt::Debug for VerificationKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerificationKey<{}>(", T::NAME)?;
        for b in &self.bytes {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl<T: SigType> PartialEq for VerificationKey<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<T: SigType> Eq for VerificationKey<T> {}

impl<T: SigType> VerificationKey<T> {
    fn from_point(point: EdwardsAffine) -> Self {
        Self {
            point,
            bytes: encode_affine(&point),
            _marker: PhantomData,
        }
    }

    /// Parses `repr_J` bytes (`abst_J`, ZIP-216 canonical). As in the Zcash
    /// specification and the `reddsa` crate, any curve point is accepted,
    /// including small-order ones: Sapling's consensus rule rejecting
    /// small-order `rk` is a separate check ([`Self::is_small_order`]).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let point = decode_affine(bytes).ok_or(Error::MalformedVerificationKey)?;
        Ok(Self {
            point,
            bytes: *bytes,
            _marker: PhantomData,
        })
    }

    /// [`Self::from_bytes`] on a slice that must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        Self::from_bytes(bytes)
    }

    /// The `repr_J` encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// The point.
    pub fn as_affine(&self) -> &EdwardsAffine {
        &self.point
    }

    /// Whether the key has small order (`[8]vk = O`; Sapling rejects such
    /// `rk`).
    pub fn is_small_order(&self) -> bool {
        self.point
            .mul_by_cofactor_to_group()
            .into_affine()
            .is_zero()
    }

    /// Verifies `signature` on `msg`: `R` and `S` must be canonical and
    /// `[8](−[S]B + R + [c]vk) = O` with `c = H*(R ‖ vk ‖ msg)`. Variable
    /// time (all inputs are public).
    pub fn verify(&self, msg: &[u8], signature: &Signature<T>) -> Result<(), Error> {
        let r = decode_affine(&signature.r_bytes).ok_or(Error::MalformedR)?;
        let s = scalar_from_bytes_vartime(&signature.s_bytes).ok_or(Error::NonCanonicalS)?;
        let c = h_star(&[&signature.r_bytes, &self.bytes, msg]);
        let check: EdwardsProjective = self.point * c + r - T::BASEPOINT * s;
        if check
            .into_affine()
            .mul_by_cofactor_to_group()
            .into_affine()
            .is_zero()
        {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// Verifies a signature given as bytes (see [`Self::verify`]).
    pub fn verify_slice(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.verify(msg, &Signature::from_slice(signature)?)
    }
}

impl VerificationKey<SpendAuth> {
    /// Re-randomises the key: `vk + [α]B` (Sapling's `rk`). Constant time in
    /// `α`.
    pub fn randomize(&self, alpha: &Randomizer) -> Self {
        let alpha_b = CtPoint::from(SpendAuth::BASEPOINT).ct_mul(&alpha.0);
        let point = CtPoint::from(self.point).ct_add(&alpha_b).to_affine();
        Self::from_point(point)
    }
}

/// Verifies a RedJubjub signature given as bytes: `vk` (32 bytes), `msg`,
/// `signature` (64 bytes).
pub fn verify<T: SigType>(vk: &[u8], msg: &[u8], signature: &[u8]) -> Result<(), Error> {
    VerificationKey::<T>::from_slice(vk)?.verify_slice(msg, signature)
}

/// A RedJubjub signature `R ‖ S`, stored as bytes; parsing checks lengths
/// only, verification checks encodings.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature<T: SigType> {
    r_bytes: [u8; 32],
    s_bytes: [u8; 32],
    _marker: PhantomData<T>,
}

impl<T: SigType> fmt::Debug for Signature<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature<{}>(", T::NAME)?;
        for b in self.r_bytes.iter().chain(&self.s_bytes) {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl<T: SigType> Signature<T> {
    /// A signature from its 64-byte encoding `R ‖ S`.
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        let mut r_bytes = [0u8; 32];
        let mut s_bytes = [0u8; 32];
        r_bytes.copy_from_slice(&bytes[..32]);
        s_bytes.copy_from_slice(&bytes[32..]);
        Self {
            r_bytes,
            s_bytes,
            _marker: PhantomData,
        }
    }

    /// [`Self::from_bytes`] on a slice that must be 64 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; 64] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        Ok(Self::from_bytes(bytes))
    }

    /// The 64-byte encoding `R ‖ S`.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r_bytes);
        out[32..].copy_from_slice(&self.s_bytes);
        out
    }

    /// The encoding of `R`.
    pub fn r_bytes(&self) -> [u8; 32] {
        self.r_bytes
    }

    /// The encoding of `S`.
    pub fn s_bytes(&self) -> [u8; 32] {
        self.s_bytes
    }
}

/// A key re-randomiser `α` (a secret scalar) for [`SpendAuth`] keys.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Randomizer(Fr);

impl fmt::Debug for Randomizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Randomizer(..)")
    }
}

impl Randomizer {
    /// A uniformly random randomiser (64 random bytes reduced mod r).
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut wide = [0u8; 64];
        rng.fill_bytes(&mut wide);
        let alpha = ct_scalar_from_be_bytes(wide.iter().rev());
        wide.zeroize();
        Self(alpha)
    }

    /// A randomiser from its canonical 32-byte little-endian encoding
    /// (validity is revealed; the value is not).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        Option::<Fr>::from(scalar_from_bytes_ct(bytes))
            .map(Self)
            .ok_or(Error::MalformedSigningKey)
    }

    /// The 32-byte little-endian encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        scalar_to_bytes(&self.0)
    }
}

/// A RedJubjub signing key `sk` with its verification key. Zeroized on
/// drop, compared in constant time, never printed.
#[derive(Clone)]
pub struct SigningKey<T: SigType> {
    sk: Fr,
    vk: VerificationKey<T>,
}

impl<T: SigType> Zeroize for SigningKey<T> {
    fn zeroize(&mut self) {
        self.sk.zeroize();
    }
}

impl<T: SigType> Drop for SigningKey<T> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl<T: SigType> ZeroizeOnDrop for SigningKey<T> {}

impl<T: SigType> fmt::Debug for SigningKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey<{}>(..)", T::NAME)
    }
}

impl<T: SigType> ConstantTimeEq for SigningKey<T> {
    fn ct_eq(&self, other: &Self) -> Choice {
        CtField::ct_eq(&self.sk, &other.sk)
    }
}

impl<T: SigType> SigningKey<T> {
    /// `vk = [sk]B`, in constant time (the key is then public).
    fn from_scalar(sk: Fr) -> Self {
        let point = CtPoint::from(T::BASEPOINT).ct_mul(&sk).to_affine();
        Self {
            sk,
            vk: VerificationKey::from_point(point),
        }
    }

    /// A fresh key: 64 random bytes reduced mod r (as `reddsa` does).
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut wide = [0u8; 64];
        rng.fill_bytes(&mut wide);
        let sk = ct_scalar_from_be_bytes(wide.iter().rev());
        wide.zeroize();
        Self::from_scalar(sk)
    }

    /// A key from its canonical 32-byte little-endian scalar, in constant
    /// time; the returned choice says whether the bytes were canonical (if
    /// not, the key is that of the reduced integer and must not be used).
    pub fn from_bytes_ct(bytes: &[u8; 32]) -> (Self, Choice) {
        let valid = scalar_from_bytes_ct(bytes).is_some();
        // Equal to the canonical value whenever `valid`; no secret branch.
        let sk = ct_scalar_from_be_bytes(bytes.iter().rev());
        (Self::from_scalar(sk), valid)
    }

    /// A key from its canonical 32-byte little-endian scalar.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let (key, valid) = Self::from_bytes_ct(bytes);
        if bool::from(valid) {
            Ok(key)
        } else {
            Err(Error::MalformedSigningKey)
        }
    }

    /// [`Self::from_bytes`] on a slice that must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        Self::from_bytes(bytes)
    }

    /// The 32-byte little-endian scalar (secret).
    pub fn to_bytes(&self) -> [u8; 32] {
        scalar_to_bytes(&self.sk)
    }

    /// The verification key.
    pub fn verification_key(&self) -> &VerificationKey<T> {
        &self.vk
    }

    /// Signs with explicit randomness `T` (80 bytes): `r = H*(T ‖ vk ‖ M)`,
    /// `R = [r]B`, `S = r + H*(R ‖ vk ‖ M)·sk`. Constant time in `sk` and
    /// `T`. Callers must never reuse `T` with a different message; prefer
    /// [`Self::sign`].
    pub fn sign_with_randomness(&self, randomness: &[u8; 80], msg: &[u8]) -> Signature<T> {
        let mut nonce = h_star(&[randomness, &self.vk.bytes, msg]);
        let r_point = CtPoint::from(T::BASEPOINT).ct_mul(&nonce).to_affine();
        let r_bytes = encode_affine(&r_point);
        let c = h_star(&[&r_bytes, &self.vk.bytes, msg]);
        let mut c_sk = CtField::ct_mul(&c, &self.sk);
        let mut s = nonce.ct_add(&c_sk);
        let s_bytes = scalar_to_bytes(&s);
        nonce.zeroize();
        c_sk.zeroize();
        s.zeroize();
        Signature {
            r_bytes,
            s_bytes,
            _marker: PhantomData,
        }
    }

    /// Signs `msg` with 80 fresh random bytes from `rng`.
    pub fn sign<R: CryptoRng + ?Sized>(&self, rng: &mut R, msg: &[u8]) -> Signature<T> {
        let mut randomness = [0u8; 80];
        rng.fill_bytes(&mut randomness);
        let sig = self.sign_with_randomness(&randomness, msg);
        randomness.zeroize();
        sig
    }
}

impl SigningKey<SpendAuth> {
    /// Re-randomises the key: `sk + α` (its verification key is
    /// `vk.randomize(α)`). Constant time.
    pub fn randomize(&self, alpha: &Randomizer) -> Self {
        Self::from_scalar(self.sk.ct_add(&alpha.0))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use umbra_pedersen::jubjub::find_group_hash;

    fn check_basepoint<T: SigType>() {
        let derived = find_group_hash(T::GROUP_HASH_PERSONALIZATION, T::GROUP_HASH_MESSAGE);
        assert_eq!(derived, T::BASEPOINT, "{}: {:?}", T::NAME, derived);
        assert!(T::BASEPOINT.is_on_curve());
        assert!(T::BASEPOINT.is_in_correct_subgroup_assuming_on_curve());
        assert_ne!(T::BASEPOINT, EdwardsAffine::generator());
    }

    #[test]
    fn basepoints_are_the_zcash_group_hashes() {
        check_basepoint::<SpendAuth>();
        check_basepoint::<Binding>();
    }

    #[test]
    fn secrets_do_not_print_and_zeroize() {
        extern crate std;
        use std::format;
        let mut bytes = [0x11u8; 32];
        bytes[31] = 0x01;
        let mut key = SigningKey::<SpendAuth>::from_bytes(&bytes).unwrap();
        let shown = format!("{key:?}");
        assert_eq!(shown, "SigningKey<SpendAuth>(..)");
        let alpha = Randomizer::from_bytes(&bytes).unwrap();
        assert_eq!(format!("{alpha:?}"), "Randomizer(..)");
        assert_eq!(key.to_bytes(), bytes);
        key.zeroize();
        assert_eq!(key.to_bytes(), [0u8; 32]);
    }

    #[test]
    fn h_star_is_personalised_blake2b_mod_r() {
        // Independent computation with arkworks' (variable-time) reduction.
        let digest = blake2b_simd::Params::new()
            .hash_length(64)
            .personal(b"Zcash_RedJubjubH")
            .hash(b"abc");
        let expected = Fr::from_le_bytes_mod_order(digest.as_bytes());
        assert_eq!(h_star(&[b"a", b"bc"]), expected);
        let unpersonalised = blake2b_simd::Params::new().hash_length(64).hash(b"abc");
        assert_ne!(
            h_star(&[b"abc"]),
            Fr::from_le_bytes_mod_order(unpersonalised.as_bytes())
        );
    }
}
