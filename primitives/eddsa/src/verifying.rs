//! Public keys, signatures and the three verification rules.

use core::fmt;
use core::hash::{Hash, Hasher};

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;

use crate::encoding::{Dom, canonical_choice, challenge, prehash};
use crate::{Error, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH};

/// Which verification rule to apply. See the crate documentation for the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// RFC 8032 §5.1.7: A and R must be canonical encodings, S < ℓ, and the
    /// cofactorless equation `[S]B = R + [k]A` must hold.
    Rfc8032,
    /// [`Rule::Rfc8032`], and additionally A and R must not have small order
    /// (the checks of ed25519-dalek's `verify_strict`).
    Strict,
    /// ZIP-215: A and R need only decode (non-canonical y and a set sign bit
    /// on x = 0 are accepted), S < ℓ, and the cofactored equation
    /// `[8][S]B = [8]R + [8][k]A` must hold.
    Zip215,
}

/// An Ed25519 signature `R ‖ S`. Parsing is deferred to verification, so
/// every 64-byte string is a `Signature`; the rules decide what is valid.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    r: [u8; 32],
    s: [u8; 32],
}

impl Signature {
    /// Wraps 64 bytes `R ‖ S`.
    pub fn from_bytes(bytes: &[u8; SIGNATURE_LENGTH]) -> Self {
        let mut r = [0u8; 32];
        let mut s = [0u8; 32];
        r.copy_from_slice(&bytes[..32]);
        s.copy_from_slice(&bytes[32..]);
        Self { r, s }
    }

    /// Wraps a slice that must be 64 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; SIGNATURE_LENGTH] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        Ok(Self::from_bytes(bytes))
    }

    /// Builds a signature from the encodings of R and S.
    pub fn from_components(r: [u8; 32], s: [u8; 32]) -> Self {
        Self { r, s }
    }

    /// The 64-byte encoding `R ‖ S`.
    pub fn to_bytes(&self) -> [u8; SIGNATURE_LENGTH] {
        let mut out = [0u8; SIGNATURE_LENGTH];
        out[..32].copy_from_slice(&self.r);
        out[32..].copy_from_slice(&self.s);
        out
    }

    /// The encoding of R.
    #[must_use]
    pub fn r_bytes(&self) -> [u8; 32] {
        self.r
    }

    /// The encoding of S.
    #[must_use]
    pub fn s_bytes(&self) -> [u8; 32] {
        self.s
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

impl From<&[u8; SIGNATURE_LENGTH]> for Signature {
    fn from(bytes: &[u8; SIGNATURE_LENGTH]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Signature> for [u8; SIGNATURE_LENGTH] {
    fn from(sig: Signature) -> Self {
        sig.to_bytes()
    }
}

impl signature::SignatureEncoding for Signature {
    type Repr = [u8; SIGNATURE_LENGTH];
}

/// An Ed25519 public key: its encoding as given, and the point it decodes to.
///
/// Construction only requires that the encoding decodes (the ZIP-215
/// requirement); the stricter rules check canonicity and order at
/// verification time, so one key value serves all three rules.
#[derive(Clone, Copy)]
pub struct VerifyingKey {
    compressed: [u8; PUBLIC_KEY_LENGTH],
    point: EdwardsPoint,
    /// `is_canonical_encoding(compressed)`, computed once at construction.
    canonical: bool,
}

impl VerifyingKey {
    /// Decodes a public key. Fails with [`Error::InvalidPublicKey`] only when
    /// the bytes are not the encoding of any point.
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LENGTH]) -> Result<Self, Error> {
        let point = CompressedEdwardsY(*bytes)
            .decompress()
            .ok_or(Error::InvalidPublicKey)?;
        Ok(Self {
            compressed: *bytes,
            point,
            canonical: bool::from(canonical_choice(bytes)),
        })
    }

    /// Like [`Self::from_bytes`], from a slice that must be 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; PUBLIC_KEY_LENGTH] = bytes.try_into().map_err(|_| Error::InvalidLength)?;
        Self::from_bytes(bytes)
    }

    pub(crate) fn from_point(point: EdwardsPoint) -> Self {
        Self {
            compressed: point.compress().to_bytes(),
            point,
            canonical: true,
        }
    }

    /// The encoding as given.
    pub fn to_bytes(&self) -> [u8; PUBLIC_KEY_LENGTH] {
        self.compressed
    }

    /// The encoding as given.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LENGTH] {
        &self.compressed
    }

    /// The decoded point.
    pub fn to_point(&self) -> EdwardsPoint {
        self.point
    }

    /// Whether the encoding is canonical (RFC 8032 §5.1.3).
    pub fn is_canonical(&self) -> bool {
        self.canonical
    }

    /// Whether the point has small order (is in the 8-torsion subgroup).
    pub fn is_small_order(&self) -> bool {
        self.point.is_small_order()
    }

    /// RFC 8032 §5.1.7 verification ([`Rule::Rfc8032`]).
    pub fn verify(&self, msg: &[u8], sig: &Signature) -> Result<(), Error> {
        self.verify_dom(Rule::Rfc8032, Dom::Pure, msg, sig)
    }

    /// [`Rule::Strict`]: RFC 8032 plus rejection of small-order A and R.
    pub fn verify_strict(&self, msg: &[u8], sig: &Signature) -> Result<(), Error> {
        self.verify_dom(Rule::Strict, Dom::Pure, msg, sig)
    }

    /// [`Rule::Zip215`]: decoding-only encodings, cofactored equation.
    pub fn verify_zip215(&self, msg: &[u8], sig: &Signature) -> Result<(), Error> {
        self.verify_dom(Rule::Zip215, Dom::Pure, msg, sig)
    }

    /// Ed25519 verification under the given rule.
    pub fn verify_with(&self, rule: Rule, msg: &[u8], sig: &Signature) -> Result<(), Error> {
        self.verify_dom(rule, Dom::Pure, msg, sig)
    }

    /// Ed25519ctx verification under the given rule (`context`: 1 to 255 bytes).
    pub fn verify_ctx(
        &self,
        rule: Rule,
        context: &[u8],
        msg: &[u8],
        sig: &Signature,
    ) -> Result<(), Error> {
        self.verify_dom(rule, Dom::ctx(context)?, msg, sig)
    }

    /// Ed25519ph verification of `msg` under the given rule (`context`: 0 to 255 bytes).
    pub fn verify_ph(
        &self,
        rule: Rule,
        context: &[u8],
        msg: &[u8],
        sig: &Signature,
    ) -> Result<(), Error> {
        self.verify_prehashed(rule, context, &prehash(msg), sig)
    }

    /// Ed25519ph verification of an already computed `SHA-512(msg)`.
    pub fn verify_prehashed(
        &self,
        rule: Rule,
        context: &[u8],
        prehash: &[u8; 64],
        sig: &Signature,
    ) -> Result<(), Error> {
        self.verify_dom(rule, Dom::ph(context)?, prehash, sig)
    }

    /// The shared verification path. Checks run in this order, so the
    /// reported error is the first that applies: A canonical (RFC 8032,
    /// strict), S < ℓ, A small order (strict), R decodes, R canonical (RFC
    /// 8032, strict), R small order (strict), the equation.
    pub(crate) fn verify_dom(
        &self,
        rule: Rule,
        dom: Dom<'_>,
        msg: &[u8],
        sig: &Signature,
    ) -> Result<(), Error> {
        let strict = rule == Rule::Strict;
        if rule != Rule::Zip215 && !self.is_canonical() {
            return Err(Error::NonCanonicalPublicKey);
        }
        let s: Scalar =
            Option::from(Scalar::from_canonical_bytes(sig.s)).ok_or(Error::NonCanonicalS)?;
        if strict && self.point.is_small_order() {
            return Err(Error::SmallOrderPublicKey);
        }
        let k = challenge(dom, &sig.r, &self.compressed, msg);
        // [S]B − [k]A
        let minus_a = -self.point;
        let rhs = EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &minus_a, &s);
        match rule {
            Rule::Rfc8032 | Rule::Strict => {
                // R canonical and [S]B − [k]A = R  ⇔  compress([S]B − [k]A) = R bytes,
                // because `compress` yields the unique canonical encoding.
                if rhs.compress().as_bytes() == &sig.r {
                    if strict && rhs.is_small_order() {
                        return Err(Error::SmallOrderR);
                    }
                    return Ok(());
                }
                // Failure: classify why, in the documented order.
                let r = CompressedEdwardsY(sig.r)
                    .decompress()
                    .ok_or(Error::InvalidR)?;
                if !bool::from(canonical_choice(&sig.r)) {
                    return Err(Error::NonCanonicalR);
                }
                if strict && r.is_small_order() {
                    return Err(Error::SmallOrderR);
                }
                Err(Error::InvalidSignature)
            }
            Rule::Zip215 => {
                let r = CompressedEdwardsY(sig.r)
                    .decompress()
                    .ok_or(Error::InvalidR)?;
                if (rhs - r).mul_by_cofactor().is_identity() {
                    Ok(())
                } else {
                    Err(Error::InvalidSignature)
                }
            }
        }
    }
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.compressed == other.compressed
    }
}

impl Eq for VerifyingKey {}

impl Hash for VerifyingKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.compressed.hash(state);
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerifyingKey(")?;
        for b in self.compressed {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl AsRef<[u8]> for VerifyingKey {
    fn as_ref(&self) -> &[u8] {
        &self.compressed
    }
}

impl TryFrom<&[u8]> for VerifyingKey {
    type Error = Error;
    fn try_from(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_slice(bytes)
    }
}

impl signature::Verifier<Signature> for VerifyingKey {
    /// [`Rule::Rfc8032`] verification, with the opaque error of the trait.
    fn verify(&self, msg: &[u8], signature: &Signature) -> Result<(), signature::Error> {
        Ok(VerifyingKey::verify(self, msg, signature)?)
    }
}
