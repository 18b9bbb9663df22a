//! Umbra's folding engine: Nova over BN254 with hiding Pedersen commitments.
//!
//! Layers, bottom-up (see `docs/prover.md` for the relation, the transcript
//! and what is not built yet):
//! - [`shape`]: relaxed R1CS shapes extracted once from arkworks circuits
//!   (pure R1CS asserted), validated; witness generation without matrices.
//! - [`commitment`]: hiding Pedersen commitments on a KZG-shaped basis
//!   `G_i = [τ^i]₁` with an independent blinding generator.
//! - [`transcript`]: the Poseidon (BN254 Fr) transcript, native and as a
//!   gadget, agreeing on every absorbed value (the identity included).
//! - [`nifs`]: Nova's NIFS behind the [`FoldingScheme`] trait.
//! - [`step`]: the [`StepCircuit`] interface step kinds implement.
#![forbid(unsafe_code)]

pub mod augmented;
pub mod commitment;
pub mod cyclefold;
mod error;
pub mod ivc;
pub mod nifs;
pub mod nivc;
pub mod ptau;
pub mod shape;
pub mod step;
pub mod transcript;

pub use commitment::CommitmentKey;
pub use error::{Error, SynthesisErrorKind};
pub use nifs::{
    FoldingScheme, Nova, NovaParams, NovaProof, R1csInstance, R1csWitness, RelaxedR1csInstance,
    RelaxedR1csWitness,
};
pub use shape::{Assignment, Circuit, R1csShape, generate_witness};
pub use step::{PoseidonChainStep, StepCircuit, StepR1cs};

/// BN254's scalar field: the field of the primary circuits.
pub type Fr = ark_bn254::Fr;
/// BN254 G1 in projective form: the primary commitment group.
pub type G1 = ark_bn254::G1Projective;
/// Grumpkin in projective form: the CycleFold commitment group.
pub type Grumpkin = ark_grumpkin::Projective;
