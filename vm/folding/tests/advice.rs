//! Committed advice: the advice block `ω` of a step is committed apart from
//! the rest of the witness (`Ω̄`), folded with the same challenge, bound by
//! the NIFS transcript, and checked by the relaxed relation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::{Fr, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{One, UniformRand};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use std::sync::OnceLock;

use umbra_folding::augmented::{IC_0, advice_chain};
use umbra_folding::cyclefold::{CycleFoldAdvice, CycleFoldCircuit, CycleFoldInput};
use umbra_folding::ivc::{
    IvcParams, IvcProof, IvcProver, advice_commitments, advice_digest, verify,
    verify_derived_challenges,
};
use umbra_folding::nifs::nifs_challenge;
use umbra_folding::nivc::{NivcParams, NonUniformStep};
use umbra_folding::transcript::{Transcript, TranscriptPoseidon};
use umbra_folding::{
    CommitmentKey, Error, FoldingScheme, Nova, NovaParams, R1csShape, StepCircuit, StepR1cs,
    generate_witness,
};

fn rng() -> StdRng {
    StdRng::seed_from_u64(0xad71ce)
}

/// A toy step with an advice block of two variables `(a, a²)` (`a` is the
/// private input of step `i`), then `z' = z·a + a²`. Every witness
/// variable is constrained.
#[derive(Clone, Debug)]
struct AdviceToy {
    inputs: Vec<Fr>,
}

impl AdviceToy {
    fn new(n: usize) -> Self {
        Self {
            inputs: (0..n as u64).map(|i| Fr::from(7 + 3 * i)).collect(),
        }
    }

    fn native(&self, i: usize, z: Fr) -> Fr {
        let a = self.inputs[i];
        z * a + a * a
    }
}

impl StepCircuit for AdviceToy {
    fn arity(&self) -> usize {
        1
    }

    fn advice_len(&self) -> usize {
        2
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let [z0] = z else {
            return Err(SynthesisError::ArityMismatch);
        };
        let val = || {
            self.inputs
                .get(i)
                .copied()
                .ok_or(SynthesisError::AssignmentMissing)
        };
        // The advice block: allocated first.
        let a = FpVar::new_witness(cs.clone(), val)?;
        let sq = FpVar::new_witness(cs.clone(), || val().map(|a| a * a))?;
        sq.enforce_equal(&(&a * &a))?;
        // The rest: `z' = z·a + a²` as its own variable.
        let next = FpVar::new_witness(cs, || {
            let a = val()?;
            Ok(z0.value()? * a + a * a)
        })?;
        next.enforce_equal(&(z0 * &a + &sq))?;
        Ok(vec![next])
    }
}

fn params(step: &AdviceToy) -> NovaParams<G1Projective> {
    let circuit = StepR1cs {
        step,
        i: 0,
        z: None,
    };
    let shape = R1csShape::from_circuit(&circuit).unwrap();
    let n = shape.num_witness().max(shape.num_constraints());
    let ck = CommitmentKey::insecure_dev_setup(n, b"umbra-folding advice tests").unwrap();
    NovaParams::with_advice(shape, ck, circuit.advice()).unwrap()
}

/// A hook on the incoming instance and witness of step `at` before the fold.
type Tamper<'a> = Option<(
    usize,
    &'a dyn Fn(
        &mut umbra_folding::R1csInstance<G1Projective>,
        &mut umbra_folding::R1csWitness<G1Projective>,
    ),
)>;

fn fold_toy(n: usize, tamper: Tamper<'_>) -> Result<(), Error> {
    let step = AdviceToy::new(n);
    let pp = params(&step);
    let mut r = rng();
    let (mut big_u, mut big_w) = pp.default_running();
    let mut z = Fr::from(5u64);
    for i in 0..n {
        let zi = [z];
        let a = generate_witness(
            pp.shape(),
            &StepR1cs {
                step: &step,
                i,
                z: Some(&zi),
            },
        )?;
        assert_eq!(a.x[1], step.native(i, z));
        let (mut u, mut w) = pp.commit_step(a.x.clone(), a.w, &mut r)?;
        pp.check(&u, &w)?;
        if let Some((at, f)) = tamper
            && at == i
        {
            f(&mut u, &mut w);
        }
        let (proof, nu, nw, r1) = Nova::prove(&pp, (&big_u, &big_w), (&u, &w), &mut r)?;
        let (vu, r2) = <Nova as FoldingScheme<G1Projective>>::verify(&pp, &big_u, &u, &proof)?;
        assert_eq!((vu.clone(), r1), (nu.clone(), r2));
        big_u = nu;
        big_w = nw;
        z = a.x[1];
    }
    pp.check_relaxed(&big_u, &big_w)
}

#[test]
fn advice_block_folds_and_checks() {
    fold_toy(5, None).unwrap();
}

#[test]
fn advice_commitments_split_the_witness() {
    let step = AdviceToy::new(1);
    let pp = params(&step);
    assert_eq!(pp.advice(), 0..2);
    let a = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 0,
            z: Some(&[Fr::from(5u64)]),
        },
    )
    .unwrap();
    let mut r = rng();
    let (u, w) = pp.commit_step(a.x.clone(), a.w.clone(), &mut r).unwrap();
    // Ω̄ opens to ω = (a, a²) on the basis prefix; W̄ to the rest.
    assert_eq!(&w.w[..2], &[Fr::from(7u64), Fr::from(49u64)]);
    assert_eq!(
        pp.ck().commit(&w.w[..2], &w.r_omega).unwrap().into_affine(),
        u.comm_omega
    );
    assert_eq!(
        pp.ck().commit(&w.w[2..], &w.r_w).unwrap().into_affine(),
        u.comm_w
    );
    // Hiding: a second commitment to the same witness differs in both.
    let (u2, _) = pp.commit_step(a.x, a.w, &mut r).unwrap();
    assert_ne!(u.comm_omega, u2.comm_omega);
    assert_ne!(u.comm_w, u2.comm_w);
    assert!(!u.comm_omega.is_zero());
}

#[test]
fn advice_range_must_fit_the_witness() {
    let step = AdviceToy::new(1);
    let pp = params(&step);
    let nw = pp.shape().num_witness();
    let ck = pp.ck().clone();
    let shape = pp.shape().clone();
    for bad in [0..nw + 1, nw + 1..nw + 2] {
        assert_eq!(
            NovaParams::with_advice(shape.clone(), ck.clone(), bad).err(),
            Some(Error::AdviceRange)
        );
    }
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 2..1;
    assert_eq!(
        NovaParams::with_advice(shape.clone(), ck.clone(), reversed).err(),
        Some(Error::AdviceRange)
    );
    // The advice range is bound into the parameter digest.
    let other = NovaParams::with_advice(shape.clone(), ck.clone(), 0..1).unwrap();
    assert_ne!(other.digest(), pp.digest());
    let none = NovaParams::new(shape, ck).unwrap();
    assert_ne!(none.digest(), pp.digest());
    assert!(!none.has_advice());
}

#[test]
fn tampered_advice_commitment_is_a_typed_error() {
    let step = AdviceToy::new(1);
    let pp = params(&step);
    let a = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 0,
            z: Some(&[Fr::from(5u64)]),
        },
    )
    .unwrap();
    let mut r = rng();
    let (u, w) = pp.commit_step(a.x, a.w, &mut r).unwrap();
    let g = ark_bn254::G1Affine::generator();
    let mut bad = u.clone();
    bad.comm_omega = (bad.comm_omega + g).into_affine();
    assert_eq!(pp.check(&bad, &w), Err(Error::AdviceCommitmentMismatch));
    let mut bad_w = w.clone();
    bad_w.r_omega += Fr::one();
    assert_eq!(pp.check(&u, &bad_w), Err(Error::AdviceCommitmentMismatch));
    // Changing an advice value breaks Ω̄ (the rest is unchanged).
    let mut bad_w = w.clone();
    bad_w.w[0] += Fr::one();
    assert_eq!(pp.check(&u, &bad_w), Err(Error::AdviceCommitmentMismatch));
    // Changing a value of the rest breaks W̄.
    let mut bad_w = w.clone();
    bad_w.w[2] += Fr::one();
    assert_eq!(pp.check(&u, &bad_w), Err(Error::CommitmentMismatch));

    // On a running instance too.
    let (big_u, big_w) = pp.default_running();
    let (_, mut nu, nw, _) = Nova::prove(&pp, (&big_u, &big_w), (&u, &w), &mut r).unwrap();
    pp.check_relaxed(&nu, &nw).unwrap();
    nu.comm_omega = (nu.comm_omega + g).into_affine();
    assert_eq!(
        pp.check_relaxed(&nu, &nw),
        Err(Error::AdviceCommitmentMismatch)
    );
}

#[test]
fn advice_commitment_is_bound_by_the_fold() {
    // A prover that folds another Ω̄ than the one of its witness (middle
    // step of five) ends with a running instance that does not open.
    let g = ark_bn254::G1Affine::generator();
    let swap = |u: &mut umbra_folding::R1csInstance<G1Projective>,
                _: &mut umbra_folding::R1csWitness<G1Projective>| {
        u.comm_omega = (u.comm_omega + g).into_affine();
    };
    assert_eq!(
        fold_toy(5, Some((2, &swap))),
        Err(Error::AdviceCommitmentMismatch)
    );
    // Changing the advice values (and re-committing consistently) breaks
    // the relation instead.
    let change = |u: &mut umbra_folding::R1csInstance<G1Projective>,
                  w: &mut umbra_folding::R1csWitness<G1Projective>| {
        w.w[1] += Fr::one();
        let mut r = rng();
        w.r_omega = Fr::rand(&mut r);
        u.comm_omega =
            CommitmentKey::<G1Projective>::insecure_dev_setup(2, b"umbra-folding advice tests")
                .unwrap()
                .commit(&w.w[..2], &w.r_omega)
                .unwrap()
                .into_affine();
    };
    assert_eq!(fold_toy(5, Some((2, &change))), Err(Error::Unsatisfied));

    // The transcript absorbs Ω̄ of both instances: another Ω̄, another r.
    let step = AdviceToy::new(1);
    let pp = params(&step);
    let a = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 0,
            z: Some(&[Fr::from(5u64)]),
        },
    )
    .unwrap();
    let mut r = rng();
    let (u, w) = pp.commit_step(a.x, a.w, &mut r).unwrap();
    let (big_u, big_w) = pp.default_running();
    let (proof, nu, _, _) = Nova::prove(&pp, (&big_u, &big_w), (&u, &w), &mut r).unwrap();
    let base = nifs_challenge(&pp, &nu, &u, &proof.comm_t);
    let mut u2 = u.clone();
    u2.comm_omega = (u2.comm_omega + g).into_affine();
    assert_ne!(nifs_challenge(&pp, &nu, &u2, &proof.comm_t), base);
    let mut nu2 = nu.clone();
    nu2.comm_omega = (nu2.comm_omega + g).into_affine();
    assert_ne!(nifs_challenge(&pp, &nu2, &u, &proof.comm_t), base);
}

#[test]
fn advice_toy_constraint_mutation_every_witness_variable() {
    let step = AdviceToy::new(1);
    let pp = params(&step);
    let a = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 0,
            z: Some(&[Fr::from(5u64)]),
        },
    )
    .unwrap();
    pp.shape().check(&a.x, &a.w).unwrap();
    assert!(pp.shape().num_witness() >= 3);
    assert_eq!(
        pp.shape().free_witness_variables(&a.x, &a.w).unwrap(),
        Vec::<usize>::new()
    );
}

#[test]
fn nivc_takes_advice_steps() {
    // The non-uniform IVC commits a kind's advice block (tests/nivc_advice.rs
    // proves with it); here only the setup's advice range.
    let step = AdviceToy::new(1);
    let kinds: [&dyn NonUniformStep; 1] = [&step];
    let pp = NivcParams::setup(&kinds, b"x").unwrap();
    assert!(pp.has_advice());
    assert_eq!(pp.advice(0).unwrap().len(), 2);
}

impl NonUniformStep for AdviceToy {
    fn next_kind(
        &self,
        _cs: ConstraintSystemRef<Fr>,
        _i: usize,
        _z_next: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError> {
        Ok(FpVar::Constant(Fr::from(0u64)))
    }
}

// ---------------------------------------------------------------- IVC

fn ivc_params() -> &'static IvcParams {
    static P: OnceLock<IvcParams> = OnceLock::new();
    P.get_or_init(|| {
        let pp = IvcParams::setup(&AdviceToy::new(0), b"umbra-folding advice ivc").unwrap();
        println!(
            "advice toy: augmented {} constraints / {} witness, cyclefold {} constraints, advice {:?}",
            pp.primary().shape().num_constraints(),
            pp.primary().shape().num_witness(),
            pp.cyclefold().shape().num_constraints(),
            pp.primary().advice()
        );
        pp
    })
}

const IVC_STEPS: usize = 4;

fn toy_steps() -> &'static AdviceToy {
    static S: OnceLock<AdviceToy> = OnceLock::new();
    S.get_or_init(|| AdviceToy::new(16))
}

/// An honest proof of `IVC_STEPS` steps and the `Ω̄` of each step instance
/// `u_1 … u_n`.
fn honest_ivc() -> &'static (IvcProof, Vec<ark_bn254::G1Affine>) {
    static P: OnceLock<(IvcProof, Vec<ark_bn254::G1Affine>)> = OnceLock::new();
    P.get_or_init(|| {
        let pp = ivc_params();
        let mut r = rng();
        let mut prover = IvcProver::new(pp, toy_steps(), vec![Fr::from(5u64)]).unwrap();
        let mut omegas = Vec::new();
        for _ in 0..IVC_STEPS {
            prover.prove_step(&mut r).unwrap();
            omegas.push(prover.proof().unwrap().u.comm_omega);
        }
        (prover.proof().unwrap(), omegas)
    })
}

#[test]
fn ivc_with_advice_proves_and_verifies_and_chains_ic() {
    let pp = ivc_params();
    assert!(pp.has_advice());
    assert_eq!(pp.primary().advice().len(), 2);
    assert_eq!(
        pp.cyclefold().shape().num_io(),
        umbra_folding::cyclefold::CYCLEFOLD_ADVICE_IO_LEN
    );
    let (proof, omegas) = honest_ivc();
    verify(pp, proof).unwrap();
    // z_n is the native chain.
    let mut z = Fr::from(5u64);
    for i in 0..IVC_STEPS {
        z = toy_steps().native(i, z);
    }
    assert_eq!(proof.zn, vec![z]);
    // The last step's Ω̄ opens to the last step's advice block (a, a²).
    let a = toy_steps().inputs[IVC_STEPS - 1];
    assert_eq!(&proof.w.w[pp.primary().advice()], &[a, a * a]);
    assert!(omegas.iter().all(|o| !o.is_zero()));
    // IC computed natively (independently of the prover) equals the IC
    // bound by the in-circuit state hash: IC_n = chain(u_1 … u_{n−1}).
    let poseidon = TranscriptPoseidon::new().unwrap();
    let mut ic = IC_0;
    for o in &omegas[..IVC_STEPS - 1] {
        ic = advice_chain(&poseidon, ic, o);
    }
    assert_eq!(proof.ic, ic);
    let ic_final = advice_chain(&poseidon, ic, &omegas[IVC_STEPS - 1]);
    assert_eq!(advice_digest(pp, proof).unwrap(), ic_final);
    // Changing any absorbed Ω̄ changes the chain.
    let mut other = IC_0;
    for (k, o) in omegas.iter().enumerate() {
        let o = if k == 1 {
            (o.into_group() + ark_bn254::G1Affine::generator()).into_affine()
        } else {
            *o
        };
        other = advice_chain(&poseidon, other, &o);
    }
    assert_ne!(other, ic_final);
    // Versioned encoding round trip.
    let bytes = proof.to_bytes();
    assert_eq!(bytes[0], 2);
    let back = IvcProof::from_bytes(&bytes).unwrap();
    assert_eq!(&back, proof);
    verify(pp, &back).unwrap();
}

#[test]
fn ivc_tampered_advice_fields_are_typed_errors() {
    let pp = ivc_params();
    let (proof, _) = honest_ivc();
    let g = ark_bn254::G1Affine::generator();
    let bump = move |p: &ark_bn254::G1Affine| (p.into_group() + g).into_affine();
    type Tamper = Box<dyn Fn(&mut IvcProof)>;
    let cases: Vec<(&str, Tamper, Error)> = vec![
        (
            "ic",
            Box::new(|p| p.ic += Fr::one()),
            Error::StateHashMismatch,
        ),
        (
            "U.Ω̄",
            Box::new(move |p| p.big_u.comm_omega = bump(&p.big_u.comm_omega)),
            Error::StateHashMismatch,
        ),
        (
            "u.Ω̄",
            Box::new(move |p| p.u.comm_omega = bump(&p.u.comm_omega)),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "w.r_Ω",
            Box::new(|p| p.w.r_omega += Fr::one()),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "W.r_Ω",
            Box::new(|p| p.big_w.r_omega += Fr::one()),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "w advice value",
            Box::new(|p| p.w.w[ivc_params().primary().advice().start] += Fr::one()),
            Error::AdviceCommitmentMismatch,
        ),
        (
            "W advice value",
            Box::new(|p| p.big_w.w[ivc_params().primary().advice().start] += Fr::one()),
            Error::AdviceCommitmentMismatch,
        ),
    ];
    for (name, f, want) in cases {
        let mut p = proof.clone();
        f(&mut p);
        assert_eq!(verify(pp, &p), Err(want), "{name}");
        let decoded = IvcProof::from_bytes(&p.to_bytes()).unwrap();
        assert_eq!(verify(pp, &decoded), Err(want), "{name} (encoded)");
    }
}

#[test]
fn ivc_prover_hashing_another_advice_commitment_than_it_folds_is_rejected() {
    // A prover that feeds the augmented circuit (and the advice chain) a
    // chosen Ω̄₂ while folding the real one: at a middle step and at the
    // last step. The circuit's transcript, CycleFold instance and IC all
    // use the one Ω̄₂ it was given, so the fold no longer matches.
    let pp = ivc_params();
    let fake = (ark_bn254::G1Affine::generator() * Fr::from(12345u64)).into_affine();
    // Middle step: the next step's circuit (honest) finds its input hash
    // different from the tampered step's output → that step instance is
    // unsatisfied. Last step: its output hash speaks about the fold under
    // the circuit's challenge, not the native one → state-hash mismatch.
    for (at, want) in [
        (1, Error::Unsatisfied),
        (IVC_STEPS - 1, Error::StateHashMismatch),
    ] {
        let mut r = rng();
        let mut prover = IvcProver::new(pp, toy_steps(), vec![Fr::from(5u64)]).unwrap();
        for i in 0..IVC_STEPS {
            if i == at {
                prover.tamper_advice_commitment(fake);
            }
            prover.prove_step(&mut r).unwrap();
        }
        let res = verify(pp, &prover.proof().unwrap());
        assert_eq!(res, Err(want), "tampered Ω̄₂ at step {at}");
    }
}

#[test]
fn ivc_advice_augmented_circuit_constraint_mutation_every_witness_variable() {
    let pp = ivc_params();
    let shape = pp.primary().shape();
    let captured = std::cell::RefCell::new(None);
    let hook = |i: usize, a: &mut umbra_folding::Assignment<Fr>| {
        if i == 2 {
            *captured.borrow_mut() = Some(a.clone());
        }
    };
    let mut r = rng();
    let mut prover = IvcProver::new(pp, toy_steps(), vec![Fr::from(5u64)]).unwrap();
    for _ in 0..3 {
        prover.prove_step_with(&mut r, Some(&hook)).unwrap();
    }
    let a = captured.borrow_mut().take().unwrap();
    shape.check(&a.x, &a.w).unwrap();
    assert_eq!(
        shape.free_witness_variables(&a.x, &a.w).unwrap(),
        Vec::<usize>::new()
    );
    // The CycleFold circuit with the third multiplication too.
    let cf = pp.cyclefold().shape();
    let mut r = rng();
    let pt = |k: u64| (ark_bn254::G1Affine::generator() * Fr::from(k)).into_affine();
    let circuit = CycleFoldCircuit {
        input: Some(CycleFoldInput {
            r: u128::rand(&mut r),
            w: pt(3),
            w2: pt(5),
            e: pt(7),
            t: pt(11),
        }),
        with_advice: true,
        advice: Some(CycleFoldAdvice {
            omega: pt(13),
            omega2: pt(17),
        }),
    };
    let a = generate_witness(cf, &circuit).unwrap();
    cf.check(&a.x, &a.w).unwrap();
    assert_eq!(
        cf.free_witness_variables(&a.x, &a.w).unwrap(),
        Vec::<usize>::new()
    );
    // A wrong Ω̄' is rejected.
    let mut x = a.x.clone();
    x[umbra_folding::cyclefold::CYCLEFOLD_IO_LEN + 4] += ark_grumpkin::Fr::one();
    assert_eq!(cf.check(&x, &a.w), Err(Error::Unsatisfied));
}

/// The toy without its advice block (same constraints, advice_len 0).
struct NoAdvice(AdviceToy);

impl StepCircuit for NoAdvice {
    fn arity(&self) -> usize {
        1
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        self.0.generate_step_constraints(cs, i, z)
    }
}

#[test]
fn committed_advice_constraint_cost() {
    // Measured cost of committed advice (docs/prover.md): the same toy
    // step with and without its advice block.
    let with = ivc_params();
    let without =
        IvcParams::setup(&NoAdvice(AdviceToy::new(0)), b"umbra-folding advice ivc").unwrap();
    assert!(!without.has_advice());
    let (a, b) = (
        with.primary().shape().num_constraints(),
        without.primary().shape().num_constraints(),
    );
    let (ca, cb) = (
        with.cyclefold().shape().num_constraints(),
        without.cyclefold().shape().num_constraints(),
    );
    println!(
        "augmented {a} vs {b} (+{}), cyclefold {ca} vs {cb} (+{})",
        a - b,
        ca - cb
    );
    assert_eq!((a, b, ca, cb), (45_736, 32_680, 3_327, 2_261));
}

// ------------------------------------------- two-pass challenge derivation

/// A step with a challenge in its state, like the CPU step's `(γ, α)`:
/// `z = [γ, acc]`, advice `(a, a²)` (challenge-independent), then
/// `acc' = acc + γ·a + a²` and `γ` copied.
#[derive(Clone, Debug)]
struct ChallengeToy {
    inputs: Vec<Fr>,
}

impl StepCircuit for ChallengeToy {
    fn arity(&self) -> usize {
        2
    }

    fn advice_len(&self) -> usize {
        2
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let [gamma, acc] = z else {
            return Err(SynthesisError::ArityMismatch);
        };
        let val = || {
            self.inputs
                .get(i)
                .copied()
                .ok_or(SynthesisError::AssignmentMissing)
        };
        let a = FpVar::new_witness(cs.clone(), val)?;
        let sq = FpVar::new_witness(cs.clone(), || val().map(|a| a * a))?;
        sq.enforce_equal(&(&a * &a))?;
        let next = FpVar::new_witness(cs, || {
            let a = val()?;
            Ok(acc.value()? + gamma.value()? * a + a * a)
        })?;
        next.enforce_equal(&(acc + gamma * &a + &sq))?;
        Ok(vec![gamma.clone(), next])
    }
}

/// The verifier's derivation of `γ` from the advice digest (a stand-in for
/// `H(IC_final, program digest, public-input digest)`).
fn derive_gamma(ic: Fr) -> Vec<Fr> {
    let poseidon = TranscriptPoseidon::new().unwrap();
    let mut t = Transcript::new(&poseidon, 0x7465_7374);
    t.absorb(&[ic, Fr::from(0xd16e57u64)]);
    vec![t.hash()]
}

/// Runs the second pass: the IVC from `z0 = [gamma, 0]` over `inputs`
/// with the pre-drawn `blinds`.
fn second_pass(pp: &IvcParams, inputs: Vec<Fr>, gamma: Fr, blinds: Vec<Fr>) -> IvcProof {
    let step = ChallengeToy { inputs };
    let mut r = rng();
    let mut prover = IvcProver::new(pp, &step, vec![gamma, Fr::from(0u64)])
        .unwrap()
        .with_advice_blinds(blinds)
        .unwrap();
    for _ in 0..step.inputs.len() {
        prover.prove_step(&mut r).unwrap();
    }
    prover.proof().unwrap()
}

#[test]
fn two_pass_challenge_derivation_on_a_toy_step() {
    let n = 3;
    let inputs: Vec<Fr> = (0..n as u64).map(|i| Fr::from(11 + i)).collect();
    let pp = IvcParams::setup(&ChallengeToy { inputs: vec![] }, b"umbra-folding two-pass").unwrap();
    assert!(pp.has_advice());
    let mut r = rng();
    // Pass 1: the advice blocks natively, their blinds, commitments, IC.
    let blocks: Vec<Vec<Fr>> = inputs.iter().map(|&a| vec![a, a * a]).collect();
    let blinds: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut r)).collect();
    let (comms, ic) = advice_commitments(&pp, &blocks, &blinds).unwrap();
    let gamma = derive_gamma(ic)[0];
    // Pass 2: the same blocks and blinds give the same Ω̄ and IC.
    let proof = second_pass(&pp, inputs.clone(), gamma, blinds.clone());
    assert_eq!(proof.u.comm_omega, comms[n - 1]);
    assert_eq!(
        verify_derived_challenges(&pp, &proof, &[0], &derive_gamma),
        Ok(ic)
    );
    let mut acc = Fr::from(0u64);
    for &a in &inputs {
        acc += gamma * a + a * a;
    }
    assert_eq!(proof.zn, vec![gamma, acc]);

    // A prover that changes an advice value after the challenge was
    // derived proves a valid IVC, but its advice digest no longer yields
    // the γ it used.
    let mut changed = inputs.clone();
    changed[1] += Fr::one();
    let cheat = second_pass(&pp, changed, gamma, blinds.clone());
    verify(&pp, &cheat).unwrap();
    assert_eq!(
        verify_derived_challenges(&pp, &cheat, &[0], &derive_gamma),
        Err(Error::ChallengeMismatch)
    );
    // A γ chosen by the prover is rejected too.
    let chosen = second_pass(&pp, inputs.clone(), gamma + Fr::one(), blinds.clone());
    assert_eq!(
        verify_derived_challenges(&pp, &chosen, &[0], &derive_gamma),
        Err(Error::ChallengeMismatch)
    );
    // Typed errors of the first pass and of the blinds.
    assert_eq!(
        advice_commitments(&pp, &blocks, &blinds[..n - 1]).err(),
        Some(Error::AdviceBlindMissing)
    );
    assert_eq!(
        advice_commitments(&pp, &[vec![Fr::one()]], &blinds[..1]).err(),
        Some(Error::WitnessLength)
    );
    let step = ChallengeToy {
        inputs: inputs.clone(),
    };
    let mut prover = IvcProver::new(&pp, &step, vec![gamma, Fr::from(0u64)])
        .unwrap()
        .with_advice_blinds(blinds[..1].to_vec())
        .unwrap();
    prover.prove_step(&mut r).unwrap();
    assert_eq!(prover.prove_step(&mut r), Err(Error::AdviceBlindMissing));
    let no_advice = IvcParams::setup(&NoAdvice(AdviceToy::new(0)), b"x").unwrap();
    assert_eq!(
        advice_commitments(&no_advice, &blocks, &blinds).err(),
        Some(Error::AdviceNotSupported)
    );
}
