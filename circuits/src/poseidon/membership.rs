//! A complete statement for a SNARK: membership of a Poseidon commitment in
//! a Poseidon Merkle tree.

use alloc::vec::Vec;

use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use umbra_poseidon::{CtField, Poseidon};

use super::{MerklePathVar, poseidon_hash_var};

/// "I know a blinding factor and a Merkle path such that the commitment
/// `leaf = Poseidon::hash([value, blinding])` is in the tree with root
/// `root`", for a public `root` and a public `value`.
///
/// Public inputs, in this order: `root`, `value` (see
/// [`CommitmentMembershipCircuit::public_inputs`]). Private witnesses:
/// the blinding factor, the siblings and the leaf index (its low `depth`
/// bits). The leaf is the fixed-length hash of two elements (width 3,
/// circomlib-compatible on BN254), the tree uses [`Poseidon::compress`],
/// exactly as [`Poseidon::merkle_root`].
///
/// Cost: 240 (commitment) + 242 per level + 1 (root check) constraints;
/// 4,113 for depth 16 and 7,985 for depth 32.
#[derive(Clone, Debug)]
pub struct CommitmentMembershipCircuit<'a, F: CtField> {
    params: &'a Poseidon<F, 3>,
    depth: usize,
    root: Option<F>,
    value: Option<F>,
    blinding: Option<F>,
    siblings: Option<Vec<F>>,
    index: Option<u64>,
}

impl<'a, F: CtField> CommitmentMembershipCircuit<'a, F> {
    /// The circuit shape for a tree of `depth` levels, without values: what
    /// a circuit-specific setup needs.
    pub fn blank(params: &'a Poseidon<F, 3>, depth: usize) -> Self {
        Self {
            params,
            depth,
            root: None,
            value: None,
            blinding: None,
            siblings: None,
            index: None,
        }
    }

    /// The circuit with a full assignment, for proving. The depth is
    /// `siblings.len()`.
    pub fn new(
        params: &'a Poseidon<F, 3>,
        root: F,
        value: F,
        blinding: F,
        siblings: Vec<F>,
        index: u64,
    ) -> Self {
        Self {
            params,
            depth: siblings.len(),
            root: Some(root),
            value: Some(value),
            blinding: Some(blinding),
            siblings: Some(siblings),
            index: Some(index),
        }
    }

    /// The commitment to `value` with `blinding`, computed natively: the
    /// leaf the circuit recomputes.
    pub fn commitment(params: &Poseidon<F, 3>, value: F, blinding: F) -> F {
        // Two inputs is the width-3 hash's exact arity: never an error.
        params
            .hash(&[value, blinding])
            .unwrap_or_else(|_| F::from(0u64))
    }

    /// The verifier's public input vector for `root` and `value`.
    pub fn public_inputs(root: F, value: F) -> [F; 2] {
        [root, value]
    }
}

impl<F: CtField> ConstraintSynthesizer<F> for CommitmentMembershipCircuit<'_, F> {
    fn generate_constraints(self, cs: ConstraintSystemRef<F>) -> Result<(), SynthesisError> {
        let root = FpVar::new_input(cs.clone(), || {
            self.root.ok_or(SynthesisError::AssignmentMissing)
        })?;
        let value = FpVar::new_input(cs.clone(), || {
            self.value.ok_or(SynthesisError::AssignmentMissing)
        })?;
        let blinding = FpVar::new_witness(cs.clone(), || {
            self.blinding.ok_or(SynthesisError::AssignmentMissing)
        })?;
        let leaf = poseidon_hash_var(self.params, &[value, blinding])?;
        let path =
            MerklePathVar::new_witness(cs, self.depth, self.siblings.as_deref(), self.index)?;
        path.enforce_membership(self.params, &leaf, &root)
    }
}
