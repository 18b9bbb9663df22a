//! Canonicity checks and the hash-to-scalar steps shared by signing and verifying.

use curve25519_dalek::scalar::Scalar;
use sha2::{Digest, Sha512};
use subtle::{Choice, ConstantTimeEq, ConstantTimeLess};

use crate::{Error, MAX_CONTEXT_LENGTH};

/// y = 1 (x = 0): the identity.
const Y_ONE: [u8; 32] = {
    let mut b = [0u8; 32];
    b[0] = 1;
    b
};
/// y = p − 1 (x = 0): the point of order two.
const Y_MINUS_ONE: [u8; 32] = {
    let mut b = [0xffu8; 32];
    b[0] = 0xec;
    b[31] = 0x7f;
    b
};

/// Whether `bytes` is the canonical RFC 8032 §5.1.3 encoding of a point
/// *if* it decodes: the 255-bit y is below p = 2²⁵⁵ − 19, and the sign bit is
/// not set when x = 0 (y = 1 or y = p − 1).
///
/// Computed without data-dependent branches. Whether the encoding decodes at
/// all is a separate question (`CompressedEdwardsY::decompress`).
pub fn is_canonical_encoding(bytes: &[u8; 32]) -> bool {
    bool::from(canonical_choice(bytes))
}

pub(crate) fn canonical_choice(bytes: &[u8; 32]) -> Choice {
    // y ≥ p  ⇔  bits 8..254 are all ones and the low byte is ≥ 0xed.
    let mut high_all_ones = (bytes[31] & 0x7f).ct_eq(&0x7f);
    for b in &bytes[1..31] {
        high_all_ones &= b.ct_eq(&0xff);
    }
    let low_ge = !bytes[0].ct_lt(&0xed);
    let y_ge_p = high_all_ones & low_ge;

    let sign = Choice::from(bytes[31] >> 7);
    let mut y = *bytes;
    y[31] &= 0x7f;
    let x_is_zero = y.ct_eq(&Y_ONE) | y.ct_eq(&Y_MINUS_ONE);
    !(y_ge_p | (sign & x_is_zero))
}

/// Whether `bytes` is a reduced scalar (S < ℓ, which implies the top three
/// bits are clear).
pub fn is_canonical_scalar(bytes: &[u8; 32]) -> bool {
    bool::from(Scalar::from_canonical_bytes(*bytes).is_some())
}

/// The `dom2(phflag, context)` prefix of RFC 8032 §5.1.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Dom<'a> {
    /// Plain Ed25519: no prefix.
    Pure,
    /// Ed25519ctx: phflag 0.
    Ctx(&'a [u8]),
    /// Ed25519ph: phflag 1.
    Ph(&'a [u8]),
}

impl<'a> Dom<'a> {
    pub(crate) fn ctx(context: &'a [u8]) -> Result<Self, Error> {
        if context.is_empty() {
            return Err(Error::EmptyContext);
        }
        if context.len() > MAX_CONTEXT_LENGTH {
            return Err(Error::ContextTooLong);
        }
        Ok(Dom::Ctx(context))
    }

    pub(crate) fn ph(context: &'a [u8]) -> Result<Self, Error> {
        if context.len() > MAX_CONTEXT_LENGTH {
            return Err(Error::ContextTooLong);
        }
        Ok(Dom::Ph(context))
    }

    pub(crate) fn absorb(&self, h: &mut Sha512) {
        let (flag, c) = match self {
            Dom::Pure => return,
            Dom::Ctx(c) => (0u8, c),
            Dom::Ph(c) => (1u8, c),
        };
        h.update(b"SigEd25519 no Ed25519 collisions");
        h.update([flag, c.len() as u8]);
        h.update(c);
    }
}

/// `k = SHA-512(dom ‖ R ‖ A ‖ M) mod ℓ`, over the encodings as given.
pub(crate) fn challenge(dom: Dom<'_>, r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let mut h = Sha512::new();
    dom.absorb(&mut h);
    h.update(r);
    h.update(a);
    h.update(msg);
    let wide: [u8; 64] = h.finalize().into();
    Scalar::from_bytes_mod_order_wide(&wide)
}

/// SHA-512 of a message, the pre-hash of Ed25519ph.
pub(crate) fn prehash(msg: &[u8]) -> [u8; 64] {
    Sha512::digest(msg).into()
}
