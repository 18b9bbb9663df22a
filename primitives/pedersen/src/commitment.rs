//! Commitments and their homomorphism.

use core::fmt;
use core::ops::{Add, Neg, Sub};

use subtle::{Choice, ConstantTimeEq};

#[cfg(feature = "alloc")]
use crate::VectorOpening;
use crate::{Error, Generators, Opening, PedersenGroup};

/// A Pedersen commitment `C = v·G + r·H` (or `Σ v_i·G_i + r·H`). Public.
pub struct Commitment<G: PedersenGroup>(G::Point);

impl<G: PedersenGroup> Commitment<G> {
    /// Wraps a group element as a commitment.
    pub fn from_point(point: G::Point) -> Self {
        Self(point)
    }

    /// The group element.
    pub fn as_point(&self) -> &G::Point {
        &self.0
    }

    /// `v·G + r·H`, constant time in the opening.
    pub fn commit(gens: &Generators<G>, opening: &Opening<G>) -> Self {
        Self(G::double_mul(
            opening.value(),
            gens.value(),
            opening.blinding(),
            gens.blinding(),
        ))
    }

    /// `Σ v_i·G_i + r·H`, constant time in the opening (its length is public).
    #[cfg(feature = "alloc")]
    pub fn commit_vector(gens: &Generators<G>, opening: &VectorOpening<G>) -> Result<Self, Error> {
        let (values, generators) = (opening.values(), gens.vector());
        if values.len() > generators.len() {
            return Err(Error::TooManyValues {
                generators: generators.len(),
                values: values.len(),
            });
        }
        let blinded = G::mul(gens.blinding(), opening.blinding());
        Ok(Self(G::add(&G::multi_mul(values, generators), &blinded)))
    }

    /// Checks that `opening` opens this commitment. The comparison is
    /// constant time; only the verdict is revealed.
    pub fn verify_opening(&self, gens: &Generators<G>, opening: &Opening<G>) -> Result<(), Error> {
        Self::verdict(self.ct_eq(&Self::commit(gens, opening)))
    }

    /// Checks that `opening` opens this vector commitment.
    #[cfg(feature = "alloc")]
    pub fn verify_vector_opening(
        &self,
        gens: &Generators<G>,
        opening: &VectorOpening<G>,
    ) -> Result<(), Error> {
        Self::verdict(self.ct_eq(&Self::commit_vector(gens, opening)?))
    }

    fn verdict(equal: Choice) -> Result<(), Error> {
        if bool::from(equal) {
            Ok(())
        } else {
            Err(Error::OpeningMismatch)
        }
    }

    /// `k·C`, a commitment to `k·v` with blinding `k·r`.
    pub fn scale(&self, k: &G::Scalar) -> Self {
        Self(G::mul(&self.0, k))
    }

    /// The canonical encoding.
    pub fn to_bytes(&self) -> G::PointBytes {
        G::encode(&self.0)
    }

    /// Decodes a canonical encoding (typed error for a wrong length or an
    /// invalid or non-canonical point).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        G::decode(bytes).map(Self)
    }
}

impl<G: PedersenGroup> Add for Commitment<G> {
    type Output = Self;
    /// Commits to `v1 + v2` with blinding `r1 + r2`.
    fn add(self, rhs: Self) -> Self {
        Self(G::add(&self.0, &rhs.0))
    }
}

impl<G: PedersenGroup> Sub for Commitment<G> {
    type Output = Self;
    /// Commits to `v1 − v2` with blinding `r1 − r2`.
    fn sub(self, rhs: Self) -> Self {
        Self(G::sub(&self.0, &rhs.0))
    }
}

impl<G: PedersenGroup> Neg for Commitment<G> {
    type Output = Self;
    fn neg(self) -> Self {
        Self(G::neg(&self.0))
    }
}

impl<G: PedersenGroup> ConstantTimeEq for Commitment<G> {
    fn ct_eq(&self, other: &Self) -> Choice {
        G::point_eq(&self.0, &other.0)
    }
}

impl<G: PedersenGroup> PartialEq for Commitment<G> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<G: PedersenGroup> Eq for Commitment<G> {}

impl<G: PedersenGroup> Clone for Commitment<G> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<G: PedersenGroup> Copy for Commitment<G> {}

impl<G: PedersenGroup> fmt::Debug for Commitment<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Commitment<{}>(", G::NAME)?;
        for b in self.to_bytes().as_ref() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}
