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
use umbra_folding::nifs::nifs_challenge;
use umbra_folding::nivc::{NivcParams, NonUniformStep};
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
fn engines_without_committed_advice_reject_advice_steps() {
    let step = AdviceToy::new(1);
    assert_eq!(
        umbra_folding::ivc::IvcParams::setup(&step, b"x").err(),
        Some(Error::AdviceNotSupported)
    );
    let kinds: [&dyn NonUniformStep; 1] = [&step];
    assert_eq!(
        NivcParams::setup(&kinds, b"x").err(),
        Some(Error::AdviceNotSupported)
    );
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
