//! Non-uniform IVC with committed advice: three kinds (two with advice
//! blocks of different lengths, one without) in a non-trivial kind order,
//! one advice chain across kinds, the two-pass challenge derivation, and
//! malicious provers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;
use std::time::Instant;

use ark_bn254::{Fr, G1Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInteger, One, PrimeField, UniformRand, Zero};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_folding::augmented::IC_0;
use umbra_folding::nivc::{
    NivcParams, NivcProof, NivcProver, NonUniformStep, nivc_advice_chain,
    nivc_advice_commitment_next, nivc_advice_commitments, nivc_advice_digest, verify_nivc,
    verify_nivc_derived_challenges,
};
use umbra_folding::transcript::{Transcript, TranscriptPoseidon};
use umbra_folding::{Error, StepCircuit};

/// State `z = [γ, acc, c]` (`γ` a challenge, copied). Kind 0: advice
/// `(a, a²)`, `acc' = acc·γ + a + a²`, next kind = bit 1 of `c + 1`.
/// Kind 1: advice `(b)`, `acc' = acc + γ·b`, next kind = 2·(bit 0 of
/// `c + 1`). Kind 2: no advice, `acc' = acc² + c`, next kind = 0. Every
/// kind: `c' = c + 1`. `inputs[i]` is step `i`'s private input (`a` or `b`).
struct Kind {
    id: usize,
    inputs: Vec<Fr>,
}

impl Kind {
    fn block(&self, i: usize) -> Vec<Fr> {
        let a = self.inputs[i];
        match self.id {
            0 => vec![a, a * a],
            1 => vec![a],
            _ => vec![],
        }
    }
}

impl StepCircuit for Kind {
    fn arity(&self) -> usize {
        3
    }

    fn advice_len(&self) -> usize {
        [2, 1, 0][self.id]
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let [gamma, acc, c] = z else {
            return Err(SynthesisError::ArityMismatch);
        };
        let val = || {
            self.inputs
                .get(i)
                .copied()
                .ok_or(SynthesisError::AssignmentMissing)
        };
        let acc_next = match self.id {
            0 => {
                // The advice block first.
                let a = FpVar::new_witness(cs.clone(), val)?;
                let sq = FpVar::new_witness(cs.clone(), || val().map(|a| a * a))?;
                sq.enforce_equal(&(&a * &a))?;
                let next = FpVar::new_witness(cs, || {
                    let a = val()?;
                    Ok(acc.value()? * gamma.value()? + a + a * a)
                })?;
                next.enforce_equal(&(acc * gamma + &a + &sq))?;
                next
            }
            1 => {
                let b = FpVar::new_witness(cs.clone(), val)?;
                let next = FpVar::new_witness(cs, || Ok(acc.value()? + gamma.value()? * val()?))?;
                next.enforce_equal(&(acc + gamma * &b))?;
                next
            }
            _ => acc.square()? + c,
        };
        Ok(vec![gamma.clone(), acc_next, c + Fr::one()])
    }
}

impl NonUniformStep for Kind {
    fn next_kind(
        &self,
        _cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z_next: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError> {
        match self.id {
            0 => {
                let (bits, _) = z_next[2].to_bits_le_with_top_bits_zero(64)?;
                Ok(FpVar::from(bits[1].clone()))
            }
            1 => {
                let (bits, _) = z_next[2].to_bits_le_with_top_bits_zero(64)?;
                Ok(FpVar::from(bits[0].clone()) * Fr::from(2u64))
            }
            _ => Ok(FpVar::zero()),
        }
    }
}

const STEPS: usize = 6;

fn rng() -> StdRng {
    StdRng::seed_from_u64(0x41c_ad71ce)
}

fn kinds(inputs: &[Fr]) -> [Kind; 3] {
    [0, 1, 2].map(|id| Kind {
        id,
        inputs: inputs.to_vec(),
    })
}

fn refs(kinds: &[Kind]) -> Vec<&dyn NonUniformStep> {
    kinds.iter().map(|k| k as &dyn NonUniformStep).collect()
}

fn honest_inputs() -> Vec<Fr> {
    (0..STEPS as u64).map(|i| Fr::from(11 + 5 * i)).collect()
}

fn params() -> &'static NivcParams {
    static P: OnceLock<NivcParams> = OnceLock::new();
    P.get_or_init(|| {
        let t = Instant::now();
        let ks = kinds(&[]);
        let pp = NivcParams::setup(&refs(&ks), b"umbra-folding nivc advice").unwrap();
        println!("setup: {:?}", t.elapsed());
        for j in 0..pp.num_kinds() {
            let s = pp.primary(j).unwrap().shape();
            println!(
                "nivc with advice, kind {j}: {} constraints, {} witness, advice {:?}",
                s.num_constraints(),
                s.num_witness(),
                pp.advice(j).unwrap()
            );
        }
        println!(
            "cyclefold: {} constraints",
            pp.cyclefold().shape().num_constraints()
        );
        pp
    })
}

/// The native execution: the kind order and the final state.
fn native(gamma: Fr, inputs: &[Fr]) -> (Vec<u64>, [Fr; 3]) {
    let (mut z, mut pc) = ([gamma, Fr::from(3u64), Fr::zero()], 0u64);
    let mut trace = Vec::new();
    for &a in inputs.iter().take(STEPS) {
        trace.push(pc);
        let c = z[2] + Fr::one();
        let bit = |k: usize| u64::from(c.into_bigint().get_bit(k));
        let acc = match pc {
            0 => z[1] * gamma + a + a * a,
            1 => z[1] + gamma * a,
            _ => z[1] * z[1] + z[2],
        };
        pc = match pc {
            0 => bit(1),
            1 => 2 * bit(0),
            _ => 0,
        };
        z = [gamma, acc, c];
    }
    (trace, z)
}

/// The verifier's derivation of `γ` from the advice digest.
fn derive_gamma(ic: Fr) -> Vec<Fr> {
    let poseidon = TranscriptPoseidon::new().unwrap();
    let mut t = Transcript::new(&poseidon, 0x6e69_7663);
    t.absorb(&[ic, Fr::from(0xd16e57u64)]);
    vec![t.hash()]
}

/// Pass 1 over a kind order: each step's `(kind, block)`.
fn first_pass_steps(trace: &[u64], inputs: &[Fr]) -> Vec<(u64, Vec<Fr>)> {
    let ks = kinds(inputs);
    trace
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, ks[k as usize].block(i)))
        .collect()
}

fn blinds() -> Vec<Fr> {
    let mut r = StdRng::seed_from_u64(77);
    (0..STEPS).map(|_| Fr::rand(&mut r)).collect()
}

/// Pass 2: the non-uniform IVC from `z0 = [γ, 3, 0]`.
fn second_pass(
    inputs: &[Fr],
    gamma: Fr,
    blinds: Vec<Fr>,
    tamper: Option<(usize, G1Affine)>,
    force: Option<(usize, usize)>,
) -> NivcProof {
    let pp = params();
    let ks = kinds(inputs);
    let rs = refs(&ks);
    let mut r = rng();
    let mut prover = NivcProver::new(pp, &rs, 0, vec![gamma, Fr::from(3u64), Fr::zero()])
        .unwrap()
        .with_advice_blinds(blinds)
        .unwrap();
    for i in 0..STEPS {
        if let Some((at, fake)) = tamper
            && at == i
        {
            prover.tamper_advice_commitment(fake);
        }
        let k = force.and_then(|(at, k)| (at == i).then_some(k));
        prover.prove_step_with(&mut r, k, None).unwrap();
    }
    prover.proof().unwrap()
}

struct Honest {
    gamma: Fr,
    trace: Vec<u64>,
    omegas: Vec<G1Affine>,
    ic_final: Fr,
    proof: NivcProof,
}

fn honest() -> &'static Honest {
    static H: OnceLock<Honest> = OnceLock::new();
    H.get_or_init(|| {
        let pp = params();
        let inputs = honest_inputs();
        // The kind order does not depend on γ.
        let (trace, _) = native(Fr::zero(), &inputs);
        let (omegas, ic_final) =
            nivc_advice_commitments(pp, &first_pass_steps(&trace, &inputs), &blinds()).unwrap();
        let gamma = derive_gamma(ic_final)[0];
        let t = Instant::now();
        let proof = second_pass(&inputs, gamma, blinds(), None, None);
        println!("{STEPS} steps proved in {:?}", t.elapsed());
        Honest {
            gamma,
            trace,
            omegas,
            ic_final,
            proof,
        }
    })
}

#[test]
fn nivc_advice_three_kinds_verify_and_two_pass_reproduces_ic() {
    let pp = params();
    assert!(pp.has_advice());
    assert_eq!(pp.advice(0).unwrap().len(), 2);
    assert_eq!(pp.advice(1).unwrap().len(), 1);
    assert!(pp.advice(2).unwrap().is_empty());
    let h = honest();
    // Every kind runs, in a non-trivial order.
    assert_eq!(h.trace, vec![0, 0, 1, 2, 0, 0]);
    let t = Instant::now();
    verify_nivc(pp, &h.proof).unwrap();
    println!("verified in {:?}", t.elapsed());
    let (_, zn) = native(h.gamma, &honest_inputs());
    assert_eq!(h.proof.zn, zn.to_vec());
    assert_eq!(h.proof.last, 0);
    // The second pass reproduces the first pass's Ω̄ and IC: the last
    // instance's Ω̄ directly, the others through the chain in the proof.
    assert_eq!(h.proof.u.comm_omega, h.omegas[STEPS - 1]);
    assert!(h.omegas[3].is_zero(), "kind 2 has no block: Ω̄ = identity");
    let poseidon = TranscriptPoseidon::new().unwrap();
    let mut ic = IC_0;
    for (k, o) in h.trace.iter().zip(&h.omegas).take(STEPS - 1) {
        ic = nivc_advice_chain(&poseidon, ic, *k, o);
    }
    assert_eq!(h.proof.ic, ic);
    assert_eq!(nivc_advice_digest(pp, &h.proof).unwrap(), h.ic_final);
    // The streaming link gives the same chain.
    let steps = first_pass_steps(&h.trace, &honest_inputs());
    let mut ic = IC_0;
    for ((k, block), r) in steps.iter().zip(blinds()) {
        ic = nivc_advice_commitment_next(pp, ic, *k, block, &r)
            .unwrap()
            .1;
    }
    assert_eq!(ic, h.ic_final);
    // Encoding round trip.
    assert_eq!(NivcProof::from_bytes(&h.proof.to_bytes()).unwrap(), h.proof);
}

#[test]
fn nivc_advice_derived_challenges_accepted_others_rejected() {
    let pp = params();
    let h = honest();
    assert_eq!(
        verify_nivc_derived_challenges(pp, &h.proof, &[0], &derive_gamma),
        Ok(h.ic_final)
    );
    let other = |ic: Fr| vec![derive_gamma(ic)[0] + Fr::one()];
    assert_eq!(
        verify_nivc_derived_challenges(pp, &h.proof, &[0], &other),
        Err(Error::ChallengeMismatch)
    );
    assert_eq!(
        verify_nivc_derived_challenges(pp, &h.proof, &[1], &derive_gamma),
        Err(Error::ChallengeMismatch)
    );
    assert_eq!(
        verify_nivc_derived_challenges(pp, &h.proof, &[9], &derive_gamma),
        Err(Error::ChallengeMismatch)
    );
    assert_eq!(
        verify_nivc_derived_challenges(pp, &h.proof, &[], &derive_gamma),
        Err(Error::ChallengeMismatch)
    );
}

#[test]
fn nivc_advice_step_differing_from_committed_block_is_rejected() {
    // γ comes from pass 1's blocks; pass 2 changes kind 0's input at step
    // 4 (a valid execution, so the proof verifies) and kind 1's at step 2:
    // the chain differs, the challenge check rejects.
    let pp = params();
    let h = honest();
    for at in [2, 4] {
        let mut inputs = honest_inputs();
        inputs[at] += Fr::one();
        let proof = second_pass(&inputs, h.gamma, blinds(), None, None);
        verify_nivc(pp, &proof).unwrap();
        assert_ne!(nivc_advice_digest(pp, &proof).unwrap(), h.ic_final);
        assert_eq!(
            verify_nivc_derived_challenges(pp, &proof, &[0], &derive_gamma),
            Err(Error::ChallengeMismatch),
            "advice changed at step {at}"
        );
    }
}

#[test]
fn nivc_advice_swapped_kind_order_is_rejected() {
    let pp = params();
    let h = honest();
    // (a) Pass 1 commits another kind order (kinds 1 and 2 swapped at
    // steps 2 and 3, same blocks): the executed order's chain differs.
    let inputs = honest_inputs();
    let mut steps = first_pass_steps(&h.trace, &inputs);
    steps.swap(2, 3);
    let (_, ic_swapped) = nivc_advice_commitments(pp, &steps, &blinds()).unwrap();
    assert_ne!(ic_swapped, h.ic_final);
    let gamma = derive_gamma(ic_swapped)[0];
    let proof = second_pass(&inputs, gamma, blinds(), None, None);
    verify_nivc(pp, &proof).unwrap();
    assert_eq!(
        verify_nivc_derived_challenges(pp, &proof, &[0], &derive_gamma),
        Err(Error::ChallengeMismatch)
    );
    // (b) Pass 2 runs another kind than the selected one (kind 2 where
    // kind 1 is selected): that kind's `pc = j` check fails.
    let proof = second_pass(&inputs, h.gamma, blinds(), None, Some((2, 2)));
    assert_eq!(verify_nivc(pp, &proof), Err(Error::Unsatisfied));
}

#[test]
fn nivc_advice_hashing_another_commitment_than_folded_is_rejected() {
    // The circuit (and the chain) gets a chosen Ω̄₂ while the native fold
    // uses the real one: at a step folding a kind-0 instance, at one
    // folding the advice-free kind 2's instance (whose Ω̄ is the identity),
    // and at the last step.
    let pp = params();
    let h = honest();
    let fake = (G1Affine::generator() * Fr::from(4242u64)).into_affine();
    for (at, want) in [
        (2, Error::Unsatisfied),
        (4, Error::Unsatisfied),
        (STEPS - 1, Error::StateHashMismatch),
    ] {
        let proof = second_pass(&honest_inputs(), h.gamma, blinds(), Some((at, fake)), None);
        assert_eq!(
            verify_nivc(pp, &proof),
            Err(want),
            "tampered Ω̄₂ at step {at}"
        );
    }
}

#[test]
fn nivc_advice_tampered_proof_fields_are_typed_errors() {
    let pp = params();
    let h = honest();
    let one = Fr::one();
    let g = G1Affine::generator();
    type Tamper = Box<dyn Fn(&mut NivcProof)>;
    let cases: Vec<(&str, Tamper, Error)> = vec![
        (
            "ic",
            Box::new(move |p| p.ic += one),
            Error::StateHashMismatch,
        ),
        (
            "running[0].Ω̄",
            Box::new(move |p| p.running[0].0.comm_omega = g),
            Error::StateHashMismatch,
        ),
        (
            "running[1].r_Ω",
            Box::new(move |p| p.running[1].1.r_omega += one),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "running[2].r_Ω (no block)",
            Box::new(move |p| p.running[2].1.r_omega += one),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "u.Ω̄",
            Box::new(move |p| p.u.comm_omega = g),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "w.r_Ω",
            Box::new(move |p| p.w.r_omega += one),
            Error::AdviceCommitmentMismatch,
        ),
        ("last", Box::new(|p| p.last = 7), Error::KindOutOfRange),
    ];
    for (name, f, want) in cases {
        let mut p = h.proof.clone();
        f(&mut p);
        assert_eq!(verify_nivc(pp, &p), Err(want), "field {name}");
        assert_eq!(NivcProof::from_bytes(&p.to_bytes()).unwrap(), p);
    }
    // A byte flipped in the header, `ic` and the first running pair's
    // commitments decodes to an error or a proof that fails (the whole
    // encoding is megabytes of witness; tests/nivc.rs covers truncation).
    let bytes = h.proof.to_bytes();
    for k in (0..200).step_by(7) {
        let mut b = bytes.clone();
        b[k] ^= 0x20;
        if let Ok(p) = NivcProof::from_bytes(&b) {
            assert!(verify_nivc(pp, &p).is_err(), "byte {k}");
        }
    }
}

#[test]
fn nivc_advice_helpers_typed_errors() {
    let pp = params();
    assert_eq!(
        nivc_advice_commitment_next(pp, IC_0, 3, &[], &Fr::zero()).err(),
        Some(Error::KindOutOfRange)
    );
    assert_eq!(
        nivc_advice_commitment_next(pp, IC_0, 0, &[Fr::one()], &Fr::zero()).err(),
        Some(Error::WitnessLength)
    );
    assert_eq!(
        nivc_advice_commitment_next(pp, IC_0, 2, &[Fr::one()], &Fr::zero()).err(),
        Some(Error::WitnessLength)
    );
    assert_eq!(
        nivc_advice_commitments(pp, &[(2, vec![])], &[]).err(),
        Some(Error::AdviceBlindMissing)
    );
    // Too few pre-drawn blinds: a typed error of the prover.
    let ks = kinds(&honest_inputs());
    let rs = refs(&ks);
    let mut prover = NivcProver::new(pp, &rs, 0, vec![Fr::one(), Fr::one(), Fr::zero()])
        .unwrap()
        .with_advice_blinds(vec![])
        .unwrap();
    assert_eq!(
        prover.prove_step(&mut rng()).err(),
        Some(Error::AdviceBlindMissing)
    );
}

#[test]
fn nivc_advice_constraint_mutation_every_witness_variable() {
    // Every witness variable of each kind's augmented circuit with advice
    // (the Ω̄ limbs, IC, the selection of Ω̄_last included) is constrained,
    // at a generic step of each kind.
    let pp = params();
    let ks = kinds(&honest_inputs());
    let rs = refs(&ks);
    let captured = std::cell::RefCell::new(Vec::new());
    let hook = |i: usize, a: &mut umbra_folding::Assignment<Fr>| {
        if (2..=3).contains(&i) || i == 1 {
            captured.borrow_mut().push(a.clone());
        }
    };
    let mut r = rng();
    let mut prover =
        NivcProver::new(pp, &rs, 0, vec![Fr::one(), Fr::from(3u64), Fr::zero()]).unwrap();
    for _ in 0..4 {
        prover.prove_step_with(&mut r, None, Some(&hook)).unwrap();
    }
    // Steps 1, 2, 3 ran kinds 0, 1, 2.
    for (a, j) in captured.borrow().iter().zip([0usize, 1, 2]) {
        let shape = pp.primary(j).unwrap().shape();
        shape.check(&a.x, &a.w).unwrap();
        assert_eq!(
            shape.free_witness_variables(&a.x, &a.w).unwrap(),
            Vec::<usize>::new(),
            "kind {j}"
        );
    }
}
