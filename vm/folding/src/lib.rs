//! Umbra's folding engine: Nova + CycleFold over the BN254/Grumpkin cycle
//! with hiding Pedersen commitments.
//!
//! Layers, bottom-up (see `docs/prover.md` for the relation, the transcript,
//! the circuit layouts with measured constraint counts, the soundness
//! argument and what is not built yet):
//! - [`shape`]: relaxed R1CS shapes extracted once from arkworks circuits
//!   (pure R1CS asserted), validated; witness generation without matrices.
//! - [`commitment`]: hiding Pedersen commitments on a KZG-shaped basis
//!   `G_i = [τ^i]₁` with an independent blinding generator; [`ptau`] reads
//!   the basis from a snarkjs `.ptau` file.
//! - [`transcript`]: the Poseidon (BN254 Fr) transcript, native and as a
//!   gadget, agreeing on every absorbed value (the identity included).
//! - [`nifs`]: Nova's NIFS behind the [`FoldingScheme`] trait, generic over
//!   the curve.
//! - [`cyclefold`]: the BN254-Fq circuit proving a fold's G1 scalar
//!   multiplications.
//! - [`augmented`] and [`ivc`]: the augmented circuit and the IVC prover
//!   and verifier for one [`StepCircuit`] kind; [`nivc`]: non-uniform IVC
//!   over several [`nivc::NonUniformStep`] kinds.
//! - Committed advice: a step kind may declare an advice block
//!   ([`StepCircuit::advice_len`]); its instances then carry a separate
//!   hiding commitment `Ω̄` ([`nifs`]), folded with the same challenge and
//!   proven by CycleFold, chained into the advice digest `IC` in the
//!   augmented circuit, from which challenges are derived in two passes
//!   ([`ivc::advice_commitments`], [`ivc::verify_derived_challenges`]);
//!   in the non-uniform IVC per kind, with one chain across kinds
//!   ([`nivc::nivc_advice_commitments`],
//!   [`nivc::verify_nivc_derived_challenges`]).
//! - [`zk`]: zero-knowledge building blocks for the decider: random
//!   satisfying relaxed pairs, the relaxed × relaxed fold [`NovaRelaxed`],
//!   and the fold of a final running pair with a random one, on either
//!   curve.
//!
//! ```no_run
//! use ark_std::rand::SeedableRng;
//! use umbra_folding::ivc::{IvcParams, IvcProver, verify};
//! use umbra_folding::{Fr, PoseidonChainStep};
//!
//! # fn main() -> Result<(), umbra_folding::Error> {
//! let step = PoseidonChainStep::new(vec![Fr::from(1u64), Fr::from(2u64)])?;
//! // Development keys: public trapdoors, never for production.
//! let pp = IvcParams::setup(&step, b"example")?;
//! let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(0);
//! let mut prover = IvcProver::new(&pp, &step, vec![Fr::from(42u64)])?;
//! prover.prove_step(&mut rng)?;
//! prover.prove_step(&mut rng)?;
//! verify(&pp, &prover.proof()?)?;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

pub mod augmented;
pub mod commitment;
pub mod compressed;
pub mod cyclefold;
pub mod decider;
mod error;
pub mod fq_fold;
pub mod ivc;
pub mod key_cache;
pub mod nifs;
pub mod nivc;
pub mod ptau;
pub mod shape;
pub mod step;
pub mod transcript;
pub mod zk;

pub use commitment::CommitmentKey;
pub use error::{Error, SynthesisErrorKind};
pub use nifs::{
    FoldingScheme, Nova, NovaParams, NovaProof, R1csInstance, R1csWitness, RelaxedR1csInstance,
    RelaxedR1csWitness,
};
pub use shape::{Assignment, Circuit, R1csShape, generate_witness};
pub use step::{PoseidonChainStep, StepCircuit, StepR1cs};
pub use zk::{
    NovaRelaxed, ZkFoldProof, ZkFolded, fold_with_random, sample_random_relaxed,
    verify_fold_with_random,
};

/// BN254's scalar field: the field of the primary circuits.
pub type Fr = ark_bn254::Fr;
/// BN254 G1 in projective form: the primary commitment group.
pub type G1 = ark_bn254::G1Projective;
/// Grumpkin in projective form: the CycleFold commitment group.
pub type Grumpkin = ark_grumpkin::Projective;
