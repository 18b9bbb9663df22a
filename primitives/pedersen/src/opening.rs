//! Openings: the secrets behind a commitment.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;
use core::ops::{Add, Sub};

use rand_core::CryptoRng;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::PedersenGroup;

/// A value and its blinding factor. Secret: zeroized on drop, compared in
/// constant time, never printed.
pub struct Opening<G: PedersenGroup> {
    value: G::Scalar,
    blinding: G::Scalar,
}

/// A uniformly random scalar: 64 bytes from `rng`, reduced.
pub(crate) fn random_scalar<G: PedersenGroup, R: CryptoRng + ?Sized>(rng: &mut R) -> G::Scalar {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    let s = G::scalar_from_wide(&wide);
    wide.zeroize();
    s
}

impl<G: PedersenGroup> Opening<G> {
    /// An opening of `value` with `blinding`.
    pub fn new(value: G::Scalar, blinding: G::Scalar) -> Self {
        Self { value, blinding }
    }

    /// An opening of the amount `value` with a fresh uniformly random
    /// blinding factor.
    pub fn random<R: CryptoRng + ?Sized>(value: u64, rng: &mut R) -> Self {
        Self::new(G::scalar_from_u64(value), random_scalar::<G, R>(rng))
    }

    /// The committed value.
    pub fn value(&self) -> &G::Scalar {
        &self.value
    }

    /// The blinding factor.
    pub fn blinding(&self) -> &G::Scalar {
        &self.blinding
    }

    /// The opening of `k·C` for the commitment `C` this opens.
    pub fn scale(&self, k: &G::Scalar) -> Self {
        Self::new(
            G::scalar_mul(&self.value, k),
            G::scalar_mul(&self.blinding, k),
        )
    }
}

impl<G: PedersenGroup> Add<&Opening<G>> for &Opening<G> {
    type Output = Opening<G>;
    /// The opening of `C1 + C2`.
    fn add(self, rhs: &Opening<G>) -> Opening<G> {
        Opening::new(
            G::scalar_add(&self.value, &rhs.value),
            G::scalar_add(&self.blinding, &rhs.blinding),
        )
    }
}

impl<G: PedersenGroup> Sub<&Opening<G>> for &Opening<G> {
    type Output = Opening<G>;
    /// The opening of `C1 − C2`.
    fn sub(self, rhs: &Opening<G>) -> Opening<G> {
        Opening::new(
            G::scalar_sub(&self.value, &rhs.value),
            G::scalar_sub(&self.blinding, &rhs.blinding),
        )
    }
}

impl<G: PedersenGroup> ConstantTimeEq for Opening<G> {
    fn ct_eq(&self, other: &Self) -> Choice {
        G::scalar_eq(&self.value, &other.value) & G::scalar_eq(&self.blinding, &other.blinding)
    }
}

impl<G: PedersenGroup> Clone for Opening<G> {
    fn clone(&self) -> Self {
        Self::new(self.value, self.blinding)
    }
}

impl<G: PedersenGroup> Zeroize for Opening<G> {
    fn zeroize(&mut self) {
        self.value.zeroize();
        self.blinding.zeroize();
    }
}

impl<G: PedersenGroup> Drop for Opening<G> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl<G: PedersenGroup> ZeroizeOnDrop for Opening<G> {}

impl<G: PedersenGroup> fmt::Debug for Opening<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Opening(<secret>)")
    }
}

/// The opening of a vector commitment: values `v_0..v_{n-1}` and a blinding
/// factor. Secret, like [`Opening`].
#[cfg(feature = "alloc")]
pub struct VectorOpening<G: PedersenGroup> {
    values: Vec<G::Scalar>,
    blinding: G::Scalar,
}

#[cfg(feature = "alloc")]
impl<G: PedersenGroup> VectorOpening<G> {
    /// An opening of `values` with `blinding`.
    pub fn new(values: Vec<G::Scalar>, blinding: G::Scalar) -> Self {
        Self { values, blinding }
    }

    /// The committed values.
    pub fn values(&self) -> &[G::Scalar] {
        &self.values
    }

    /// The blinding factor.
    pub fn blinding(&self) -> &G::Scalar {
        &self.blinding
    }
}

#[cfg(feature = "alloc")]
impl<G: PedersenGroup> Zeroize for VectorOpening<G> {
    fn zeroize(&mut self) {
        self.values.iter_mut().for_each(Zeroize::zeroize);
        self.blinding.zeroize();
    }
}

#[cfg(feature = "alloc")]
impl<G: PedersenGroup> Drop for VectorOpening<G> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

#[cfg(feature = "alloc")]
impl<G: PedersenGroup> ZeroizeOnDrop for VectorOpening<G> {}

#[cfg(feature = "alloc")]
impl<G: PedersenGroup> fmt::Debug for VectorOpening<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VectorOpening(<{} secret values>)", self.values.len())
    }
}
