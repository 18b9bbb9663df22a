//! Binary Merkle paths over the 2-to-1 compression, matching
//! [`Poseidon::merkle_root`].

use alloc::vec::Vec;

use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{Namespace, SynthesisError};
use umbra_poseidon::{CtField, Poseidon};

use super::PoseidonPermutationVar;

/// The root reached from `leaf` along `path` (bottom-up pairs of sibling
/// and direction bit), equal to [`Poseidon::merkle_root`] with bit `i` of
/// the index as the level-`i` direction (`false`: the node is the left
/// child, `true`: the right child).
///
/// Each level costs one constraint for the conditional swap
/// (`left = node + bit * (sibling - node)`, `right = node + sibling - left`)
/// plus the 240 of the compression; allocating a direction bit as a witness
/// adds its booleanity constraint (see [`MerklePathVar`]).
///
/// # Errors
/// Only the constraint system's own errors.
pub fn merkle_root_var<F: CtField>(
    params: &Poseidon<F, 3>,
    leaf: &FpVar<F>,
    path: &[(FpVar<F>, Boolean<F>)],
) -> Result<FpVar<F>, SynthesisError> {
    let perm = PoseidonPermutationVar::new(params);
    let mut node = leaf.clone();
    for (sibling, is_right) in path {
        let bit = FpVar::from(is_right.clone());
        let left = &node + bit * (sibling - &node);
        let right = &node + sibling - &left;
        node = perm.compress(&left, &right)?;
    }
    Ok(node)
}

/// A Merkle path as circuit variables: the siblings (bottom-up) and the
/// direction bits (bit `i` of the leaf index, `true` when the level-`i`
/// node is a right child).
#[derive(Clone, Debug)]
pub struct MerklePathVar<F: CtField> {
    /// Sibling of the level-`i` node.
    pub siblings: Vec<FpVar<F>>,
    /// Direction of the level-`i` node.
    pub directions: Vec<Boolean<F>>,
}

impl<F: CtField> MerklePathVar<F> {
    /// Allocates a path of depth `siblings.len()` as private witnesses:
    /// the siblings and bits `0..depth` of `index` (one booleanity
    /// constraint per bit). `siblings` and `index` may be `None` in setup
    /// mode, in which case `depth` gives the shape.
    ///
    /// # Errors
    /// [`SynthesisError::AssignmentMissing`] when values are needed but
    /// absent, [`SynthesisError::ArityMismatch`] when `siblings` does not
    /// have `depth` elements or `depth` exceeds 64.
    pub fn new_witness(
        cs: impl Into<Namespace<F>>,
        depth: usize,
        siblings: Option<&[F]>,
        index: Option<u64>,
    ) -> Result<Self, SynthesisError> {
        if depth > umbra_poseidon::MAX_MERKLE_DEPTH || siblings.is_some_and(|s| s.len() != depth) {
            return Err(SynthesisError::ArityMismatch);
        }
        let ns = cs.into();
        let cs = ns.cs();
        let mut out = Self {
            siblings: Vec::with_capacity(depth),
            directions: Vec::with_capacity(depth),
        };
        for level in 0..depth {
            out.siblings.push(FpVar::new_witness(cs.clone(), || {
                siblings
                    .map(|s| s[level])
                    .ok_or(SynthesisError::AssignmentMissing)
            })?);
            out.directions.push(Boolean::new_witness(cs.clone(), || {
                index
                    .map(|i| (i >> level) & 1 == 1)
                    .ok_or(SynthesisError::AssignmentMissing)
            })?);
        }
        Ok(out)
    }

    /// The depth of the path.
    pub fn depth(&self) -> usize {
        self.siblings.len()
    }

    /// The root reached from `leaf` (see [`merkle_root_var`]).
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn root(
        &self,
        params: &Poseidon<F, 3>,
        leaf: &FpVar<F>,
    ) -> Result<FpVar<F>, SynthesisError> {
        let path: Vec<(FpVar<F>, Boolean<F>)> = self
            .siblings
            .iter()
            .cloned()
            .zip(self.directions.iter().cloned())
            .collect();
        merkle_root_var(params, leaf, &path)
    }

    /// Enforces that `leaf` is at this path under `root` (one more
    /// constraint than [`MerklePathVar::root`]).
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn enforce_membership(
        &self,
        params: &Poseidon<F, 3>,
        leaf: &FpVar<F>,
        root: &FpVar<F>,
    ) -> Result<(), SynthesisError> {
        self.root(params, leaf)?.enforce_equal(root)
    }
}
