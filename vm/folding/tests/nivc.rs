//! Non-uniform IVC with two step kinds, and pitfall 7 (kind selection).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{BigInteger, One, PrimeField};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_circuits::poseidon::poseidon_hash_var;
use umbra_folding::nivc::{NivcParams, NivcProof, NivcProver, NonUniformStep, verify_nivc};
use umbra_folding::{Error, StepCircuit};
use umbra_poseidon::Poseidon;

/// Kind 0: `(acc, c) → (Poseidon([acc, c]), c + 1)`, next kind = bit 1 of
/// `c + 1`. Kind 1: `(acc, c) → (acc² + c, c + 1)`, next kind = 0.
/// Kind 2 (only in the bad set): as kind 1 but claims next kind 5.
pub(crate) struct Kind {
    id: usize,
    params: Poseidon<Fr, 3>,
}

impl StepCircuit for Kind {
    fn arity(&self) -> usize {
        2
    }
    fn generate_step_constraints(
        &self,
        _cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let acc = if self.id == 0 {
            poseidon_hash_var(&self.params, &[z[0].clone(), z[1].clone()])?
        } else {
            z[0].square()? + &z[1]
        };
        Ok(vec![acc, &z[1] + Fr::one()])
    }
}

impl NonUniformStep for Kind {
    fn next_kind(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z_next: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError> {
        match self.id {
            0 => {
                let (bits, _) = z_next[1].to_bits_le_with_top_bits_zero(64)?;
                Ok(FpVar::from(bits[1].clone()))
            }
            1 => Ok(FpVar::zero()),
            _ => {
                // Allocated so the value is the prover's claim, not a
                // constant folded away.
                FpVar::new_witness(cs, || Ok(Fr::from(5u64)))
            }
        }
    }
}

fn kind(id: usize) -> Kind {
    Kind {
        id,
        params: Poseidon::new().unwrap(),
    }
}

fn native(pc0: usize, z0: [Fr; 2], n: usize) -> ([Fr; 2], usize, Vec<usize>) {
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let (mut z, mut pc) = (z0, pc0);
    let mut trace = Vec::new();
    for _ in 0..n {
        trace.push(pc);
        let c = z[1] + Fr::one();
        let acc = if pc == 0 {
            p.hash(&[z[0], z[1]]).unwrap()
        } else {
            z[0] * z[0] + z[1]
        };
        pc = if pc == 0 {
            usize::from(c.into_bigint().get_bit(1))
        } else {
            0
        };
        z = [acc, c];
    }
    (z, pc, trace)
}

pub(crate) fn good() -> &'static ([Kind; 2], NivcParams) {
    static S: OnceLock<([Kind; 2], NivcParams)> = OnceLock::new();
    S.get_or_init(|| {
        let kinds = [kind(0), kind(1)];
        let pp = NivcParams::setup(&refs(&kinds), b"nivc tests").unwrap();
        for j in 0..pp.num_kinds() {
            println!(
                "non-uniform augmented circuit, kind {j}: {} constraints",
                pp.primary(j).unwrap().shape().num_constraints()
            );
        }
        (kinds, pp)
    })
}

pub(crate) fn refs(kinds: &[Kind]) -> Vec<&dyn NonUniformStep> {
    kinds.iter().map(|k| k as &dyn NonUniformStep).collect()
}

const Z0: [u64; 2] = [3, 0];

pub(crate) fn z0() -> Vec<Fr> {
    Z0.iter().map(|v| Fr::from(*v)).collect()
}

#[test]
fn nivc_two_kinds_verifies() {
    let (kinds, pp) = good();
    let kinds = refs(kinds);
    let kinds = kinds.as_slice();
    let mut rng = StdRng::seed_from_u64(1);
    let mut prover = NivcProver::new(pp, kinds, 0, z0()).unwrap();
    let n = 7;
    let (zn, pc, trace) = native(0, [Fr::from(Z0[0]), Fr::from(Z0[1])], n);
    assert!(
        trace.contains(&0) && trace.contains(&1),
        "both kinds run: {trace:?}"
    );
    for (i, k) in trace.iter().enumerate() {
        assert_eq!(prover.pc(), *k as u64, "step {i}");
        prover.prove_step(&mut rng).unwrap();
    }
    let proof = prover.proof().unwrap();
    verify_nivc(pp, &proof).unwrap();
    assert_eq!(proof.zn, zn.to_vec());
    assert_eq!(proof.pc, pc as u64);
    assert_eq!(proof.last, *trace.last().unwrap() as u64);

    // Tampering with the non-uniform fields: typed errors.
    let mut p = proof.clone();
    p.last = 2;
    assert_eq!(verify_nivc(pp, &p), Err(Error::KindOutOfRange));
    let mut p = proof.clone();
    p.last ^= 1;
    assert_eq!(verify_nivc(pp, &p), Err(Error::StateHashMismatch));
    let mut p = proof.clone();
    p.pc ^= 1;
    assert_eq!(verify_nivc(pp, &p), Err(Error::StateHashMismatch));
    let mut p = proof.clone();
    p.pc0 = 1;
    assert_eq!(verify_nivc(pp, &p), Err(Error::StateHashMismatch));
    let mut p = proof.clone();
    p.running.swap(0, 1);
    assert_eq!(verify_nivc(pp, &p), Err(Error::StateHashMismatch));
    let mut p = proof.clone();
    p.running.pop();
    assert_eq!(verify_nivc(pp, &p), Err(Error::InstanceLength));
    let mut p = proof.clone();
    p.steps = 0;
    assert_eq!(verify_nivc(pp, &p), Err(Error::BaseCase));

    // Every remaining field, and the encoding.
    let bytes = proof.to_bytes();
    assert_eq!(NivcProof::from_bytes(&bytes).unwrap(), proof);
    let mut t = bytes.clone();
    t.push(0);
    assert_eq!(NivcProof::from_bytes(&t), Err(Error::Deserialization));
    let mut v = bytes.clone();
    v[0] = 0;
    assert_eq!(NivcProof::from_bytes(&v), Err(Error::UnsupportedVersion));
    for k in [0, 1, 9, 50, 200, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            NivcProof::from_bytes(&bytes[..k]).is_err(),
            "truncated at {k}"
        );
    }
    let one = Fr::one();
    let fq1 = ark_grumpkin::Fr::one();
    type Tamper = Box<dyn Fn(&mut NivcProof)>;
    let cases: Vec<(&str, Tamper, Error)> = vec![
        (
            "steps",
            Box::new(|p| p.steps += 1),
            Error::StateHashMismatch,
        ),
        (
            "z0",
            Box::new(move |p| p.z0[1] += one),
            Error::StateHashMismatch,
        ),
        (
            "zn",
            Box::new(move |p| p.zn[0] += one),
            Error::StateHashMismatch,
        ),
        (
            "zn arity",
            Box::new(|p| {
                p.zn.pop();
            }),
            Error::ArityMismatch,
        ),
        (
            "running[0].u",
            Box::new(move |p| p.running[0].0.u += one),
            Error::StateHashMismatch,
        ),
        (
            "running[1].x",
            Box::new(move |p| p.running[1].0.x[0] += one),
            Error::StateHashMismatch,
        ),
        (
            "running[1].x length",
            Box::new(move |p| p.running[1].0.x.push(one)),
            Error::InstanceLength,
        ),
        (
            "running[0].W",
            Box::new(move |p| p.running[0].1.w[3] += one),
            Error::CommitmentMismatch,
        ),
        (
            "running[1].E",
            Box::new(move |p| p.running[1].1.e[3] += one),
            Error::CommitmentMismatch,
        ),
        (
            "running[1].r_e",
            Box::new(move |p| p.running[1].1.r_e += one),
            Error::CommitmentMismatch,
        ),
        (
            "running[0].W length",
            Box::new(|p| {
                p.running[0].1.w.pop();
            }),
            Error::WitnessLength,
        ),
        (
            "u.x",
            Box::new(move |p| p.u.x[0] += one),
            Error::StateHashMismatch,
        ),
        (
            "w.w",
            Box::new(move |p| p.w.w[3] += one),
            Error::CommitmentMismatch,
        ),
        (
            "w.r_w",
            Box::new(move |p| p.w.r_w += one),
            Error::CommitmentMismatch,
        ),
        (
            "cfU.u",
            Box::new(move |p| p.cf_u.u += fq1),
            Error::StateHashMismatch,
        ),
        (
            "cfW.w",
            Box::new(move |p| p.cf_w.w[3] += fq1),
            Error::CommitmentMismatch,
        ),
        (
            "cfW.r_e",
            Box::new(move |p| p.cf_w.r_e += fq1),
            Error::CommitmentMismatch,
        ),
    ];
    for (name, f, want) in cases {
        let mut p = proof.clone();
        f(&mut p);
        assert_eq!(verify_nivc(pp, &p), Err(want), "field {name}");
        assert_eq!(NivcProof::from_bytes(&p.to_bytes()).unwrap(), p);
    }
}

#[test]
fn pitfall7_running_a_kind_other_than_the_selected_one_is_rejected() {
    let (kinds, pp) = good();
    let kinds = refs(kinds);
    let kinds = kinds.as_slice();
    let (_, _, trace) = native(0, [Fr::from(Z0[0]), Fr::from(Z0[1])], 4);
    let mut rng = StdRng::seed_from_u64(2);
    let mut prover = NivcProver::new(pp, kinds, 0, z0()).unwrap();
    for (i, k) in trace.iter().enumerate() {
        // At step 2 the malicious prover runs the other kind.
        let force = (i == 2).then_some(1 - *k);
        prover.prove_step_with(&mut rng, force, None).unwrap();
    }
    let proof = prover.proof().unwrap();
    assert_eq!(verify_nivc(pp, &proof), Err(Error::Unsatisfied));
    // A kind that does not exist is a typed error of the prover.
    assert_eq!(
        prover.prove_step_with(&mut rng, Some(7), None).err(),
        Some(Error::KindOutOfRange)
    );
    assert_eq!(
        NivcProver::new(pp, kinds, 2, z0()).err(),
        Some(Error::KindOutOfRange)
    );
}

#[test]
fn pitfall7_out_of_range_next_kind_is_rejected() {
    // Kinds {0, bad}: the bad kind names kind 5 of 2 as the next one; its
    // one-hot range check cannot be satisfied.
    let kinds = [kind(0), kind(2)];
    let refs = refs(&kinds);
    let pp = NivcParams::setup(&refs, b"nivc bad").unwrap();
    let mut rng = StdRng::seed_from_u64(3);
    let mut prover = NivcProver::new(&pp, &refs, 1, z0()).unwrap();
    prover.prove_step(&mut rng).unwrap();
    assert_eq!(prover.pc(), 5);
    let proof = prover.proof().unwrap();
    assert_eq!(verify_nivc(&pp, &proof), Err(Error::Unsatisfied));
    assert_eq!(
        prover.prove_step(&mut rng).err(),
        Some(Error::KindOutOfRange)
    );
}

#[test]
fn nivc_malicious_middle_witness_rejected() {
    let (kinds, pp) = good();
    let kinds = refs(kinds);
    let kinds = kinds.as_slice();
    let mut rng = StdRng::seed_from_u64(4);
    let mut prover = NivcProver::new(pp, kinds, 0, z0()).unwrap();
    let hook = |i: usize, a: &mut umbra_folding::Assignment<Fr>| {
        if i == 1 {
            let k = a.w.len() - 5;
            a.w[k] += Fr::one();
        }
    };
    for _ in 0..4 {
        prover.prove_step_with(&mut rng, None, Some(&hook)).unwrap();
    }
    assert_eq!(
        verify_nivc(pp, &prover.proof().unwrap()),
        Err(Error::Unsatisfied)
    );
}

#[test]
fn nivc_constraint_mutation_every_witness_variable() {
    // Every witness variable of both kinds' augmented circuits, at a
    // generic step, is constrained (all of them, not a sample).
    let (kinds, pp) = good();
    let kinds = refs(kinds);
    let captured = std::cell::RefCell::new(Vec::new());
    let hook = |i: usize, a: &mut umbra_folding::Assignment<Fr>| {
        if i >= 1 {
            captured.borrow_mut().push(a.clone());
        }
    };
    let mut rng = StdRng::seed_from_u64(5);
    let mut prover = NivcProver::new(pp, &kinds, 0, z0()).unwrap();
    let (_, _, trace) = native(0, [Fr::from(Z0[0]), Fr::from(Z0[1])], 3);
    for _ in 0..3 {
        prover.prove_step_with(&mut rng, None, Some(&hook)).unwrap();
    }
    // trace = [0, 0, 1]: steps 1 and 2 ran kinds 0 and 1.
    assert_eq!(trace, vec![0, 0, 1]);
    for (a, j) in captured.borrow().iter().zip([0usize, 1]) {
        let shape = pp.primary(j).unwrap().shape();
        shape.check(&a.x, &a.w).unwrap();
        assert_eq!(
            shape.free_witness_variables(&a.x, &a.w).unwrap(),
            Vec::<usize>::new(),
            "kind {j}"
        );
    }
}
