//! Secret keys and constant-time signing (RFC 8032 §5.1.5, §5.1.6).

use core::fmt;

use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::{Scalar, clamp_integer};
use rand_core::CryptoRng;
use sha2::{Digest, Sha512};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::encoding::{Dom, challenge, prehash};
use crate::{EXPANDED_SECRET_KEY_LENGTH, Error, SECRET_KEY_LENGTH, Signature, VerifyingKey};

/// An expanded secret key: the secret scalar `s` (from the clamped first half
/// of `SHA-512(seed)`) and the nonce prefix (its second half), together with
/// the public key `[s]B` computed from that scalar.
///
/// The public key is always derived here, never supplied by the caller:
/// signing with a mismatched public key would leak the secret scalar.
#[derive(Clone)]
pub struct ExpandedSecretKey {
    scalar: Scalar,
    prefix: [u8; 32],
    verifying_key: VerifyingKey,
}

impl ExpandedSecretKey {
    /// Builds an expanded key from `scalar_bytes ‖ prefix`. The scalar bytes
    /// are clamped (RFC 8032 §5.1.5 step 2) and reduced modulo ℓ, so the
    /// output of `SHA-512(seed)` can be passed unchanged.
    pub fn from_bytes(bytes: &[u8; EXPANDED_SECRET_KEY_LENGTH]) -> Self {
        let mut lower = [0u8; 32];
        let mut prefix = [0u8; 32];
        lower.copy_from_slice(&bytes[..32]);
        prefix.copy_from_slice(&bytes[32..]);
        let mut clamped = clamp_integer(lower);
        let scalar = Scalar::from_bytes_mod_order(clamped);
        lower.zeroize();
        clamped.zeroize();
        let verifying_key = VerifyingKey::from_point(EdwardsPoint::mul_base(&scalar));
        Self {
            scalar,
            prefix,
            verifying_key,
        }
    }

    /// Expands a 32-byte seed: `SHA-512(seed)` split into scalar and prefix.
    pub fn from_seed(seed: &[u8; SECRET_KEY_LENGTH]) -> Self {
        let mut h: [u8; 64] = Sha512::digest(seed).into();
        let key = Self::from_bytes(&h);
        h.zeroize();
        key
    }

    /// The public key `[s]B`.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.verifying_key
    }

    /// The secret scalar `s` reduced modulo ℓ, little-endian. Secret.
    pub fn scalar_bytes(&self) -> [u8; 32] {
        self.scalar.to_bytes()
    }

    /// The nonce prefix. Secret.
    pub fn prefix(&self) -> [u8; 32] {
        self.prefix
    }

    pub(crate) fn sign_dom(&self, dom: Dom<'_>, msg: &[u8]) -> Signature {
        // r = SHA-512(dom ‖ prefix ‖ M) mod ℓ
        let mut h = Sha512::new();
        dom.absorb(&mut h);
        h.update(self.prefix);
        h.update(msg);
        let mut wide: [u8; 64] = h.finalize().into();
        let mut r = Scalar::from_bytes_mod_order_wide(&wide);
        wide.zeroize();
        // R = [r]B (constant-time fixed-base multiplication).
        let big_r = EdwardsPoint::mul_base(&r).compress().to_bytes();
        let k = challenge(dom, &big_r, self.verifying_key.as_bytes(), msg);
        let s = r + k * self.scalar;
        r.zeroize();
        Signature::from_components(big_r, s.to_bytes())
    }

    /// Ed25519 signature of `msg` (RFC 8032 §5.1.6).
    pub fn sign(&self, msg: &[u8]) -> Signature {
        self.sign_dom(Dom::Pure, msg)
    }

    /// Ed25519ctx signature of `msg` under `context` (1 to 255 bytes).
    pub fn sign_ctx(&self, context: &[u8], msg: &[u8]) -> Result<Signature, Error> {
        Ok(self.sign_dom(Dom::ctx(context)?, msg))
    }

    /// Ed25519ph signature: signs `SHA-512(msg)` under `context` (0 to 255 bytes).
    pub fn sign_ph(&self, context: &[u8], msg: &[u8]) -> Result<Signature, Error> {
        self.sign_prehashed(context, &prehash(msg))
    }

    /// Ed25519ph signature of an already computed `SHA-512(msg)`.
    pub fn sign_prehashed(&self, context: &[u8], prehash: &[u8; 64]) -> Result<Signature, Error> {
        Ok(self.sign_dom(Dom::ph(context)?, prehash))
    }
}

impl Drop for ExpandedSecretKey {
    fn drop(&mut self) {
        self.scalar.zeroize();
        self.prefix.zeroize();
    }
}

impl ZeroizeOnDrop for ExpandedSecretKey {}

impl ConstantTimeEq for ExpandedSecretKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.scalar.ct_eq(&other.scalar) & self.prefix.ct_eq(&other.prefix)
    }
}

impl fmt::Debug for ExpandedSecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ExpandedSecretKey(..)")
    }
}

/// An Ed25519 secret key: the 32-byte seed of RFC 8032 §5.1.5 and its expansion.
#[derive(Clone)]
pub struct SigningKey {
    seed: [u8; SECRET_KEY_LENGTH],
    expanded: ExpandedSecretKey,
}

impl SigningKey {
    /// Key generation from a 32-byte seed (RFC 8032 §5.1.5).
    pub fn from_bytes(seed: &[u8; SECRET_KEY_LENGTH]) -> Self {
        Self {
            seed: *seed,
            expanded: ExpandedSecretKey::from_seed(seed),
        }
    }

    /// Like [`Self::from_bytes`], from a slice that must be 32 bytes long.
    pub fn from_slice(seed: &[u8]) -> Result<Self, Error> {
        let seed: &[u8; SECRET_KEY_LENGTH] = seed.try_into().map_err(|_| Error::InvalidLength)?;
        Ok(Self::from_bytes(seed))
    }

    /// Draws a fresh seed from a cryptographic RNG.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut seed = [0u8; SECRET_KEY_LENGTH];
        rng.fill_bytes(&mut seed);
        let key = Self::from_bytes(&seed);
        seed.zeroize();
        key
    }

    /// The seed. Secret.
    pub fn to_bytes(&self) -> [u8; SECRET_KEY_LENGTH] {
        self.seed
    }

    /// The expanded key (scalar and nonce prefix).
    pub fn expanded(&self) -> &ExpandedSecretKey {
        &self.expanded
    }

    /// The public key.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.expanded.verifying_key
    }

    /// Ed25519 signature of `msg` (RFC 8032 §5.1.6).
    pub fn sign(&self, msg: &[u8]) -> Signature {
        self.expanded.sign(msg)
    }

    /// Ed25519ctx signature of `msg` under `context` (1 to 255 bytes).
    pub fn sign_ctx(&self, context: &[u8], msg: &[u8]) -> Result<Signature, Error> {
        self.expanded.sign_ctx(context, msg)
    }

    /// Ed25519ph signature: signs `SHA-512(msg)` under `context` (0 to 255 bytes).
    pub fn sign_ph(&self, context: &[u8], msg: &[u8]) -> Result<Signature, Error> {
        self.expanded.sign_ph(context, msg)
    }

    /// Ed25519ph signature of an already computed `SHA-512(msg)`.
    pub fn sign_prehashed(&self, context: &[u8], prehash: &[u8; 64]) -> Result<Signature, Error> {
        self.expanded.sign_prehashed(context, prehash)
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.seed.zeroize();
    }
}

impl ZeroizeOnDrop for SigningKey {}

impl ConstantTimeEq for SigningKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.seed.ct_eq(&other.seed)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

impl signature::Signer<Signature> for SigningKey {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature, signature::Error> {
        Ok(self.sign(msg))
    }
}

impl signature::Signer<Signature> for ExpandedSecretKey {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature, signature::Error> {
        Ok(self.sign(msg))
    }
}

impl signature::Keypair for SigningKey {
    type VerifyingKey = VerifyingKey;

    fn verifying_key(&self) -> VerifyingKey {
        self.expanded.verifying_key
    }
}

impl signature::Verifier<Signature> for SigningKey {
    fn verify(&self, msg: &[u8], signature: &Signature) -> Result<(), signature::Error> {
        Ok(self.expanded.verifying_key.verify(msg, signature)?)
    }
}
