//! The generators a commitment is computed against.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

use crate::PedersenGroup;

/// `G`, `H` and (with `alloc`) the vector generators `G_0..G_{n-1}`.
///
/// Derivation is deterministic (see [`PedersenGroup`] and `docs/pedersen.md`),
/// so two parties that build `Generators` for the same group and length
/// agree on every point.
pub struct Generators<G: PedersenGroup> {
    value: G::Point,
    blinding: G::Point,
    #[cfg(feature = "alloc")]
    vector: Vec<G::Point>,
}

impl<G: PedersenGroup> Generators<G> {
    /// `G` and `H` only, for scalar commitments.
    pub fn standard() -> Self {
        Self {
            value: G::value_generator(),
            blinding: G::blinding_generator(),
            #[cfg(feature = "alloc")]
            vector: Vec::new(),
        }
    }

    /// `G`, `H` and `n` vector generators.
    #[cfg(feature = "alloc")]
    pub fn with_vector_len(n: u32) -> Self {
        let mut gens = Self::standard();
        gens.vector = (0..n).map(G::vector_generator).collect();
        gens
    }

    /// `G`, which carries the value.
    pub fn value(&self) -> &G::Point {
        &self.value
    }

    /// `H`, which carries the blinding factor.
    pub fn blinding(&self) -> &G::Point {
        &self.blinding
    }

    /// The vector generators `G_0..G_{n-1}`.
    #[cfg(feature = "alloc")]
    pub fn vector(&self) -> &[G::Point] {
        &self.vector
    }
}

impl<G: PedersenGroup> Clone for Generators<G> {
    fn clone(&self) -> Self {
        Self {
            value: self.value,
            blinding: self.blinding,
            #[cfg(feature = "alloc")]
            vector: self.vector.clone(),
        }
    }
}

impl<G: PedersenGroup> fmt::Debug for Generators<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Generators");
        d.field("group", &G::NAME);
        #[cfg(feature = "alloc")]
        d.field("vector_len", &self.vector.len());
        d.finish_non_exhaustive()
    }
}
