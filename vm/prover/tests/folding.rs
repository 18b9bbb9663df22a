//! The CPU step folded by the engine with committed advice: two passes over a tiny program,
//! the bus challenges `(γ, α)` derived from the advice digest of the first pass.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_bn254::Fr;
use ark_ff::One;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::UniformRand;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use harness::enc::*;
use harness::*;
use umbra_folding::ivc::{
    IvcParams, IvcProof, IvcProver, advice_digest, verify, verify_derived_challenges,
};
use umbra_folding::transcript::{Transcript, TranscriptPoseidon};
use umbra_folding::{Error, StepCircuit};
use umbra_prover::step::{CpuStep, StepWitness};

/// `CpuStep` as a folding step kind: step `i` proves `steps[i]` (the shape step in setup).
struct CpuKind {
    k: usize,
    steps: Vec<StepWitness>,
}

impl StepCircuit for CpuKind {
    fn arity(&self) -> usize {
        CpuStep::shape(self.k).arity()
    }

    fn advice_len(&self) -> usize {
        CpuStep::shape(self.k).advice_len()
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let step = match self.steps.get(i) {
            Some(w) => {
                CpuStep::new(self.k, w.clone()).map_err(|_| SynthesisError::Unsatisfiable)?
            }
            None => CpuStep::shape(self.k),
        };
        step.generate_step_constraints(cs, i, z)
    }
}

/// Stand-in for `(γ, α) = H(IC_final, program digest, public-input digest)`.
fn derive(ic: Fr) -> Vec<Fr> {
    let poseidon = TranscriptPoseidon::new().unwrap();
    let mut t = Transcript::new(&poseidon, 0x6370_7574);
    t.absorb(&[ic, Fr::from(0x0b1du64)]);
    let gamma = t.hash();
    t.absorb(&[Fr::one()]);
    vec![gamma, t.hash()]
}

/// Positions of `γ, α` in the CPU step's state.
const CHALLENGES: [usize; 2] = [4, 5];

fn pass(pp: &IvcParams, kind: &CpuKind, z0: Vec<Fr>, blinds: &[Fr], n: usize) -> IvcProof {
    let mut r = StdRng::seed_from_u64(7);
    let mut prover = IvcProver::new(pp, kind, z0)
        .unwrap()
        .with_advice_blinds(blinds.to_vec())
        .unwrap();
    for _ in 0..n {
        prover.prove_step(&mut r).unwrap();
    }
    prover.proof().unwrap()
}

#[test]
fn cpu_step_folds_with_committed_advice_and_derived_challenges() {
    let k = 1;
    let run = run(&[addi(1, 0, 3), addi(2, 1, 4)], &[], &[], k);
    let n = 2;
    assert!(run.steps.len() >= n);
    let kind = CpuKind {
        k,
        steps: run.steps.clone(),
    };
    let pp = IvcParams::setup(&kind, b"umbra-prover folding test").unwrap();
    assert!(pp.has_advice());
    assert_eq!(pp.primary().advice().len(), CpuStep::shape(k).advice_len());
    println!(
        "CPU step k = {k}: augmented {} constraints, advice block {} variables",
        pp.primary().shape().num_constraints(),
        pp.primary().advice().len()
    );
    let mut rng = StdRng::seed_from_u64(3);
    let blinds: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();

    // Pass 1: any challenges; it fixes Ω̄_1 … Ω̄_n and IC_final.
    let (g0, a0) = challenges();
    let p1 = pass(&pp, &kind, z0(&run, g0, a0), &blinds, n);
    verify(&pp, &p1).unwrap();
    let ic = advice_digest(&pp, &p1).unwrap();
    let (gamma, alpha) = {
        let c = derive(ic);
        (c[0], c[1])
    };

    // Pass 2: the derived challenges, the same blinds: the same advice commitments.
    let p2 = pass(&pp, &kind, z0(&run, gamma, alpha), &blinds, n);
    assert_eq!(p2.u.comm_omega, p1.u.comm_omega);
    assert_eq!(p2.ic, p1.ic);
    assert_ne!(p2.zn, p1.zn, "the bus sum depends on the challenges");
    assert_eq!(
        verify_derived_challenges(&pp, &p2, &CHALLENGES, &derive),
        Ok(ic)
    );
    // Pass 1's proof used challenges not derived from its digest.
    assert_eq!(
        verify_derived_challenges(&pp, &p1, &CHALLENGES, &derive),
        Err(Error::ChallengeMismatch)
    );
}
