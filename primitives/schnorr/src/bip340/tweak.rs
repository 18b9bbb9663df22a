//! BIP-341 `TapTweak`: tweaking x-only public keys and secret keys.
//!
//! `t = int(hash_TapTweak(bytes(P) || merkle_root))` (the root is omitted
//! for a key-path-only output), `t < n` is required, and the output key is
//! `Q = P + t·G` (with `P` the even-`y` lift of the internal key). The secret
//! side is `d_Q = d + t` where `d` is the internal secret adjusted so that
//! `d·G = P`; the output key's parity is what a script-path spend reveals in
//! the control block.

use k256::{
    ProjectivePoint, Scalar,
    elliptic_curve::{PrimeField, group::CurveAffine, point::AffineCoordinates},
};
use sha2::Digest;
use subtle::{Choice, ConditionallySelectable};

use super::{Error, FieldBytes, SigningKey, VerifyingKey, tagged_hasher};

/// `SHA256("TapTweak")`.
pub(crate) const TAG_TAPTWEAK: [u8; 32] = [
    0xe8, 0x0f, 0xe1, 0x63, 0x9c, 0x9c, 0xa0, 0x50, 0xe3, 0xaf, 0x1b, 0x39, 0xc1, 0x43, 0xc6, 0x3e,
    0x42, 0x9c, 0xbc, 0xeb, 0x15, 0xd9, 0x40, 0xfb, 0xb5, 0xc5, 0xa1, 0xf4, 0xaf, 0x57, 0xc5, 0xe9,
];

/// The parity of a tweaked key's `y` coordinate (BIP-341 control block bit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Parity {
    /// `y` is even.
    Even,
    /// `y` is odd.
    Odd,
}

impl Parity {
    /// `0` for even, `1` for odd.
    #[must_use]
    pub fn to_u8(self) -> u8 {
        match self {
            Self::Even => 0,
            Self::Odd => 1,
        }
    }
}

/// Parses a 32-byte tweak as a scalar: `≥ n` is [`Error::TweakOutOfRange`].
fn tweak_scalar(t: &[u8; 32]) -> Result<Scalar, Error> {
    Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(*t))).ok_or(Error::TweakOutOfRange)
}

impl VerifyingKey {
    /// The BIP-341 tweak bytes `hash_TapTweak(bytes(P) || merkle_root)`.
    #[must_use]
    pub fn tap_tweak_hash(&self, merkle_root: Option<&[u8; 32]>) -> [u8; 32] {
        let mut h = tagged_hasher(&TAG_TAPTWEAK);
        h.update(self.to_bytes());
        if let Some(root) = merkle_root {
            h.update(root);
        }
        h.finalize().into()
    }

    /// Adds an x-only tweak: `Q = P + t·G`, returned as an x-only key and the
    /// parity of `Q`'s `y` (as libsecp256k1's `xonly_pubkey_tweak_add`).
    pub fn add_tweak(&self, tweak: &[u8; 32]) -> Result<(VerifyingKey, Parity), Error> {
        let t = tweak_scalar(tweak)?;
        let q = (ProjectivePoint::from(*self.as_affine()) + ProjectivePoint::mul_by_generator(&t))
            .to_affine();
        if bool::from(q.is_identity()) {
            return Err(Error::TweakedKeyInvalid);
        }
        let odd = bool::from(q.y_is_odd());
        let even_q = if odd { -q } else { q };
        let parity = if odd { Parity::Odd } else { Parity::Even };
        Ok((VerifyingKey::from_even_point(even_q), parity))
    }

    /// BIP-341 `taproot_tweak_pubkey`: the output key for this internal key
    /// and optional script-tree Merkle root, and its parity.
    pub fn tap_tweak(
        &self,
        merkle_root: Option<&[u8; 32]>,
    ) -> Result<(VerifyingKey, Parity), Error> {
        self.add_tweak(&self.tap_tweak_hash(merkle_root))
    }
}

impl SigningKey {
    /// Constant-time x-only tweak of the secret: `d + t` where `d` is the
    /// even-`y` secret. Returns the key and whether it is valid (non-zero);
    /// on `false` the key is a placeholder to discard. `t ≥ n` is an error
    /// (the tweak is public). Prefer [`SigningKey::add_tweak`].
    pub fn add_tweak_ct(&self, tweak: &[u8; 32]) -> Result<(SigningKey, Choice), Error> {
        let t = tweak_scalar(tweak)?;
        let sum = *self.even_scalar() + t;
        let valid = !sum.is_zero();
        let sum = Scalar::conditional_select(&Scalar::ONE, &sum, valid);
        Ok((SigningKey::from_nonzero_scalar(sum), valid))
    }

    /// Adds an x-only tweak to the secret key: the result signs for
    /// `VerifyingKey::add_tweak` of this key's public key.
    pub fn add_tweak(&self, tweak: &[u8; 32]) -> Result<SigningKey, Error> {
        let (key, valid) = self.add_tweak_ct(tweak)?;
        if bool::from(valid) {
            Ok(key)
        } else {
            Err(Error::TweakedKeyInvalid)
        }
    }

    /// BIP-341 `taproot_tweak_seckey`: the secret key of the output key for
    /// this internal key and optional Merkle root.
    pub fn tap_tweak(&self, merkle_root: Option<&[u8; 32]>) -> Result<SigningKey, Error> {
        self.add_tweak(&self.verifying_key().tap_tweak_hash(merkle_root))
    }
}
