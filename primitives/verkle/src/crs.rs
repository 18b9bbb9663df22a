//! The common reference string: 256 generators and `Q`, derived without
//! trapdoor exactly as EIP-6800, go-ipa and rust-verkle do.

use alloc::vec::Vec;
use sha2::{Digest, Sha256};

use crate::group::VerkleGroup;

/// Width of a Verkle node and length of a committed vector.
pub const WIDTH: usize = 256;

/// Seed of the generator derivation (EIP-6800; the default
/// [`VerkleGroup::CRS_SEED`]).
pub const CRS_SEED: &[u8] = b"eth_verkle_oct_2021";

/// Generators `G_0..G_{n-1}` (the Lagrange basis points) and `Q`.
#[derive(Clone, Debug)]
pub struct Crs<G: VerkleGroup> {
    /// Generators, one per slot.
    pub g: Vec<G::Point>,
    /// Affine copies of the generators (MSM bases).
    pub g_affine: Vec<G::Affine>,
    /// The inner-product-argument generator.
    pub q: G::Point,
}

/// Derive `n` generators: for `i = 0, 1, 2, ...` hash
/// `sha256(seed || u64_be(i))` and keep the result if it is a valid point.
pub fn derive_generators<G: VerkleGroup>(seed: &[u8], n: usize) -> Vec<G::Point> {
    let mut out = Vec::with_capacity(n);
    let mut i: u64 = 0;
    while out.len() < n {
        let mut h = Sha256::new();
        h.update(seed);
        h.update(i.to_be_bytes());
        let digest: [u8; 32] = h.finalize().into();
        if let Some(p) = G::point_from_seed_hash(&digest) {
            out.push(p);
        }
        i += 1;
    }
    out
}

impl<G: VerkleGroup> Crs<G> {
    /// The standard 256-generator CRS.
    pub fn new() -> Self {
        Self::with_size(WIDTH)
    }

    /// A CRS with `n` generators (a power of two), derived from
    /// [`VerkleGroup::CRS_SEED`].
    pub fn with_size(n: usize) -> Self {
        use ark_ec::CurveGroup;
        let g = derive_generators::<G>(G::CRS_SEED, n);
        let g_affine = G::Point::normalize_batch(&g);
        Self {
            g,
            g_affine,
            q: G::q_generator(),
        }
    }
}

impl<G: VerkleGroup> Default for Crs<G> {
    fn default() -> Self {
        Self::new()
    }
}
