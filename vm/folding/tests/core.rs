//! Shapes, commitments, transcript and the Nova NIFS.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{One, UniformRand, Zero};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::predicate::PredicateConstraintSystem;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_circuits::weierstrass::GrumpkinVar;
use umbra_folding::transcript::{G1LimbsVar, Transcript, TranscriptPoseidon, TranscriptVar};
use umbra_folding::{
    Circuit, CommitmentKey, Error, FoldingScheme, Nova, NovaParams, NovaProof, PoseidonChainStep,
    R1csShape, StepCircuit, StepR1cs, generate_witness,
};

fn rng() -> StdRng {
    StdRng::seed_from_u64(0x5eed)
}

fn chain(n: usize) -> PoseidonChainStep {
    let inputs = (0..n as u64).map(|i| Fr::from(1000 + i)).collect();
    PoseidonChainStep::new(inputs).unwrap()
}

fn chain_params(step: &PoseidonChainStep) -> NovaParams<G1Projective> {
    let shape = R1csShape::from_circuit(&StepR1cs {
        step,
        i: 0,
        z: None,
    })
    .unwrap();
    let n = shape.num_witness().max(shape.num_constraints());
    let ck = CommitmentKey::insecure_dev_setup(n, b"umbra-folding tests").unwrap();
    NovaParams::new(shape, ck).unwrap()
}

/// The full-mode (matrices and values) assignment, as arkworks computes it.
fn full_mode(circuit: &dyn Circuit<Fr>) -> (Vec<Fr>, Vec<Fr>, bool) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    circuit.synthesize(cs.clone()).unwrap();
    let sat = cs.is_satisfied().unwrap();
    let x = cs.instance_assignment().unwrap()[1..].to_vec();
    (x, cs.witness_assignment().unwrap(), sat)
}

#[test]
fn shape_of_poseidon_chain_step_and_witness_only_mode() {
    let step = chain(3);
    let pp = chain_params(&step);
    let shape = pp.shape();
    // 240 for Poseidon(2) on variables, 1 for binding z_{i+1}.
    assert_eq!(shape.num_constraints(), 241);
    assert_eq!(shape.num_io(), 2);
    let z = [Fr::from(7u64)];
    let circ = StepR1cs {
        step: &step,
        i: 1,
        z: Some(&z),
    };
    let a = generate_witness(shape, &circ).unwrap();
    let (x, w, sat) = full_mode(&circ);
    assert!(sat);
    assert_eq!(a.x, x, "witness-only mode computes the same public input");
    assert_eq!(a.w, w, "witness-only mode computes the same witness");
    assert_eq!(a.x[1], step.native_step(1, z[0]).unwrap());
    shape.check(&a.x, &a.w).unwrap();
}

#[test]
fn shape_constraint_mutation_every_witness_variable() {
    // Perturbing any single witness variable of the step R1CS (all of
    // them, not a sample) breaks satisfaction.
    let step = chain(2);
    let pp = chain_params(&step);
    let z = [Fr::from(3u64)];
    let a = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 0,
            z: Some(&z),
        },
    )
    .unwrap();
    pp.shape().check(&a.x, &a.w).unwrap();
    for k in 0..a.w.len() {
        let mut w = a.w.clone();
        w[k] += Fr::one();
        assert_eq!(
            pp.shape().check(&a.x, &w),
            Err(Error::Unsatisfied),
            "witness variable {k} is under-constrained"
        );
    }
    for k in 0..a.x.len() {
        let mut x = a.x.clone();
        x[k] += Fr::one();
        assert_eq!(pp.shape().check(&x, &a.w), Err(Error::Unsatisfied));
    }
}

#[test]
fn pitfall4_non_r1cs_predicate_rejected() {
    let circ = |cs: ConstraintSystemRef<Fr>| -> Result<(), SynthesisError> {
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64)))?;
        let _ = a.square()?;
        let sq = PredicateConstraintSystem::new_sr1cs_predicate()?;
        cs.register_predicate("extra", sq)?;
        Ok(())
    };
    assert_eq!(R1csShape::from_circuit(&circ), Err(Error::NotR1cs));
    // A system whose R1CS predicate was removed is rejected too.
    let circ2 = |cs: ConstraintSystemRef<Fr>| -> Result<(), SynthesisError> {
        cs.remove_predicate(ark_relations::gr1cs::R1CS_PREDICATE_LABEL);
        Ok(())
    };
    assert_eq!(R1csShape::from_circuit(&circ2), Err(Error::NotR1cs));
}

#[test]
fn pitfall4_ill_formed_shapes_rejected() {
    let one = Fr::one();
    let row = |v: Vec<(Fr, usize)>| vec![v];
    // 1 io, 1 witness: columns 0..=2.
    let ok = R1csShape::new(
        1,
        1,
        row(vec![(one, 2)]),
        row(vec![(one, 2)]),
        row(vec![(one, 1)]),
    );
    assert!(ok.is_ok());
    let bad = [
        (
            R1csShape::new(1, 1, row(vec![(one, 3)]), row(vec![]), row(vec![])),
            Error::MatrixColumnOutOfRange,
        ),
        (
            R1csShape::new(1, 1, row(vec![(Fr::zero(), 1)]), row(vec![]), row(vec![])),
            Error::MatrixZeroCoefficient,
        ),
        (
            R1csShape::new(
                1,
                1,
                row(vec![(one, 1), (one, 1)]),
                row(vec![]),
                row(vec![]),
            ),
            Error::MatrixDuplicateColumn,
        ),
        (
            R1csShape::new(
                1,
                1,
                row(vec![(one, 2), (one, 1)]),
                row(vec![]),
                row(vec![]),
            ),
            Error::MatrixDuplicateColumn,
        ),
        (
            R1csShape::new(1, 1, row(vec![]), vec![], row(vec![])),
            Error::MatrixRowCount,
        ),
        (
            R1csShape::new(1, 1, vec![], vec![], vec![]),
            Error::EmptyShape,
        ),
        (
            R1csShape::new(usize::MAX, 1, row(vec![]), row(vec![]), row(vec![])),
            Error::MatrixColumnOutOfRange,
        ),
    ];
    for (got, want) in bad {
        assert_eq!(got, Err(want));
    }
    // Witness of the wrong length: typed errors, no panic.
    let s = ok.unwrap();
    assert_eq!(s.check(&[], &[one]), Err(Error::InstanceLength));
    assert_eq!(s.check(&[one], &[]), Err(Error::WitnessLength));
}

#[test]
fn pitfall4_ill_formed_keys_rejected() {
    let ck = CommitmentKey::<G1Projective>::insecure_dev_setup(8, b"k").unwrap();
    let bytes = ck.to_bytes();
    assert_eq!(
        CommitmentKey::<G1Projective>::from_bytes(&bytes).unwrap(),
        ck
    );
    // Every truncation and every single-byte change is rejected with a
    // typed error (a change may land on another valid point only if it
    // still decodes; then the key differs).
    for n in 0..bytes.len() {
        assert!(CommitmentKey::<G1Projective>::from_bytes(&bytes[..n]).is_err());
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        if let Ok(k) = CommitmentKey::<G1Projective>::from_bytes(&b) {
            assert_ne!(k, ck);
        }
    }
    let mut v = bytes.clone();
    v[0] = 9;
    assert_eq!(
        CommitmentKey::<G1Projective>::from_bytes(&v),
        Err(Error::UnsupportedVersion)
    );
    let mut t = bytes.clone();
    t.push(0);
    assert_eq!(
        CommitmentKey::<G1Projective>::from_bytes(&t),
        Err(Error::Deserialization)
    );
    let g = ck.basis().to_vec();
    let h = ck.blinding_generator();
    let mut with_identity = g.clone();
    with_identity[3] = G1Affine::zero();
    assert_eq!(
        CommitmentKey::<G1Projective>::from_parts(with_identity, h).err(),
        Some(Error::InvalidKey)
    );
    assert_eq!(
        CommitmentKey::<G1Projective>::from_parts(g.clone(), G1Affine::zero()).err(),
        Some(Error::InvalidKey)
    );
    assert_eq!(
        CommitmentKey::<G1Projective>::from_parts(g.clone(), g[2]).err(),
        Some(Error::InvalidKey)
    );
    let mut repeated = g.clone();
    repeated[5] = repeated[4];
    assert_eq!(
        CommitmentKey::<G1Projective>::from_parts(repeated, h).err(),
        Some(Error::InvalidKey)
    );
    assert_eq!(
        ck.commit(&[Fr::one(); 9], &Fr::zero()).err(),
        Some(Error::KeyTooShort)
    );
    // A key shorter than the shape is refused by the parameters.
    let step = chain(1);
    let shape = R1csShape::from_circuit(&StepR1cs {
        step: &step,
        i: 0,
        z: None,
    })
    .unwrap();
    assert_eq!(NovaParams::new(shape, ck).err(), Some(Error::KeyTooShort));
}

#[test]
fn commitment_is_kzg_shaped_and_hiding() {
    let ck = CommitmentKey::<G1Projective>::insecure_dev_setup(4, b"k").unwrap();
    let (tau, eta) = CommitmentKey::<G1Projective>::insecure_dev_trapdoors(b"k");
    let g = G1Projective::generator();
    let mut p = Fr::one();
    for gi in ck.basis() {
        assert_eq!(*gi, (g * p).into_affine(), "G_i = [τ^i]G");
        p *= tau;
    }
    assert_eq!(ck.blinding_generator(), (g * eta).into_affine());
    assert_ne!(tau, eta);
    // Another label, another key.
    assert_ne!(
        CommitmentKey::<G1Projective>::insecure_dev_setup(4, b"k2").unwrap(),
        ck
    );
    let v = [Fr::from(5u64), Fr::from(6u64)];
    let mut r = rng();
    let (c1, b1) = ck.commit_hiding(&v, &mut r).unwrap();
    let (c2, b2) = ck.commit_hiding(&v, &mut r).unwrap();
    assert_ne!(b1, b2, "fresh blind per commitment");
    assert_ne!(c1, c2, "same vector, different commitments");
    assert_ne!(c1, ck.commit(&v, &Fr::zero()).unwrap());
    assert_eq!(
        ck.commit(&v, &b1).unwrap(),
        g * v[0] + g * (tau * v[1]) + g * (eta * b1)
    );
    // Linearity: Com(a; r) + Com(b; s) = Com(a + b; r + s).
    let w = [Fr::from(9u64), Fr::from(1u64)];
    let sum = ck.commit(&[v[0] + w[0], v[1] + w[1]], &(b1 + b2)).unwrap();
    assert_eq!(sum, c1 + ck.commit(&w, &b2).unwrap());
    // The Grumpkin instance (CycleFold's curve) works the same way.
    let ckg = CommitmentKey::<ark_grumpkin::Projective>::insecure_dev_setup(3, b"k").unwrap();
    let one = ark_grumpkin::Fr::one();
    assert_eq!(
        ckg.commit(&[one], &ark_grumpkin::Fr::zero()).unwrap(),
        ark_grumpkin::Projective::generator()
    );
}

/// Folds `n` steps of the chain; `tamper` may replace the witness of one
/// step (a malicious prover) before it is committed.
type Tamper<'a> = Option<(usize, &'a dyn Fn(&mut Vec<Fr>))>;

fn fold_chain(n: usize, tamper: Tamper<'_>) -> Result<Fr, Error> {
    let step = chain(n);
    let pp = chain_params(&step);
    let mut r = rng();
    let (mut big_u, mut big_w) = pp.default_running();
    let mut z = Fr::from(42u64);
    let mut expect = z;
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
        let mut w = a.w;
        if let Some((at, f)) = tamper
            && at == i
        {
            f(&mut w);
        }
        // The verifier of this non-recursive harness sees every incoming
        // instance and checks state continuity itself.
        if a.x[0] != z {
            return Err(Error::FoldMismatch);
        }
        let (u, wit) = pp.commit_step(a.x.clone(), w, &mut r)?;
        let (proof, nu, nw, r1) = Nova::prove(&pp, (&big_u, &big_w), (&u, &wit), &mut r)?;
        let (vu, r2) = <Nova as FoldingScheme<G1Projective>>::verify(&pp, &big_u, &u, &proof)?;
        assert_eq!(vu, nu, "verifier folds to the prover's instance");
        assert_eq!(r1, r2);
        big_u = nu;
        big_w = nw;
        z = a.x[1];
        expect = step.native_step(i, expect)?;
    }
    pp.check_relaxed(&big_u, &big_w)?;
    assert_eq!(z, expect, "native recomputation equals z_n");
    Ok(z)
}

#[test]
fn nova_folds_poseidon_chain() {
    fold_chain(8, None).unwrap();
}

#[test]
fn malicious_prover_middle_step_witness_rejected() {
    // Changing one witness value of step 3 (of 6) yields a running instance
    // that no longer satisfies the relaxed relation.
    let r = fold_chain(6, Some((3, &|w: &mut Vec<Fr>| w[10] += Fr::one())));
    assert_eq!(r, Err(Error::Unsatisfied));
    let r = fold_chain(6, Some((3, &|w: &mut Vec<Fr>| w[0] = Fr::from(99u64))));
    assert_eq!(r, Err(Error::Unsatisfied));
}

#[test]
fn nifs_tampered_cross_term_rejected() {
    let step = chain(2);
    let pp = chain_params(&step);
    let mut r = rng();
    let (big_u, big_w) = pp.default_running();
    let mut pairs = vec![];
    let mut z = Fr::from(1u64);
    for i in 0..2 {
        let zi = [z];
        let a = generate_witness(
            pp.shape(),
            &StepR1cs {
                step: &step,
                i,
                z: Some(&zi),
            },
        )
        .unwrap();
        z = a.x[1];
        pairs.push(pp.commit_step(a.x, a.w, &mut r).unwrap());
    }
    let (_, u1, w1, _) =
        Nova::prove(&pp, (&big_u, &big_w), (&pairs[0].0, &pairs[0].1), &mut r).unwrap();
    let (proof, _, w2, _) =
        Nova::prove(&pp, (&u1, &w1), (&pairs[1].0, &pairs[1].1), &mut r).unwrap();
    let (u2, _) =
        <Nova as FoldingScheme<G1Projective>>::verify(&pp, &u1, &pairs[1].0, &proof).unwrap();
    pp.check_relaxed(&u2, &w2).unwrap();
    // Another T̄: the verifier's folded instance no longer opens.
    let bad = NovaProof {
        comm_t: (proof.comm_t.into_group() + G1Projective::generator()).into_affine(),
    };
    let (u_bad, _) =
        <Nova as FoldingScheme<G1Projective>>::verify(&pp, &u1, &pairs[1].0, &bad).unwrap();
    assert_eq!(
        pp.check_relaxed(&u_bad, &w2),
        Err(Error::CommitmentMismatch)
    );
    // Wrong-length public input: typed error.
    let mut short = pairs[1].0.clone();
    short.x.pop();
    assert_eq!(
        <Nova as FoldingScheme<G1Projective>>::verify(&pp, &u1, &short, &proof).err(),
        Some(Error::InstanceLength)
    );
}

#[test]
fn pitfall10_cross_term_commitment_is_hiding() {
    let step = chain(2);
    let pp = chain_params(&step);
    let mut r = rng();
    let zi = [Fr::from(1u64)];
    let a = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 0,
            z: Some(&zi),
        },
    )
    .unwrap();
    let (u0, w0) = pp.commit_step(a.x.clone(), a.w.clone(), &mut r).unwrap();
    let (big_u, big_w) = pp.default_running();
    let (_, u1, w1, _) = Nova::prove(&pp, (&big_u, &big_w), (&u0, &w0), &mut r).unwrap();
    assert!(!w1.r_w.is_zero(), "W blind is fresh");
    let (u0c, _) = pp.commit_step(a.x.clone(), a.w.clone(), &mut r).unwrap();
    assert_ne!(u0.comm_w, u0c.comm_w, "W̄ of equal witnesses differ");
    // Fold the next step twice with the same inputs: different T̄ each time,
    // neither equal to the unblinded commitment of T.
    let z1 = [a.x[1]];
    let b = generate_witness(
        pp.shape(),
        &StepR1cs {
            step: &step,
            i: 1,
            z: Some(&z1),
        },
    )
    .unwrap();
    let (u0b, w0b) = pp.commit_step(b.x, b.w, &mut r).unwrap();
    let (p1, f1, fw1, _) = Nova::prove(&pp, (&u1, &w1), (&u0b, &w0b), &mut r).unwrap();
    let (p2, _, _, _) = Nova::prove(&pp, (&u1, &w1), (&u0b, &w0b), &mut r).unwrap();
    assert_ne!(p1.comm_t, p2.comm_t, "T̄ has a fresh blind");
    // Recover T from the fold: E' = E + r·T with E = w1.e.
    let rr = Fr::from(umbra_folding::nifs::nifs_challenge(
        &pp, &u1, &u0b, &p1.comm_t,
    ));
    let rinv = ark_ff::Field::inverse(&rr).unwrap();
    let t: Vec<Fr> = fw1
        .e
        .iter()
        .zip(&w1.e)
        .map(|(a, b)| (*a - b) * rinv)
        .collect();
    assert!(
        t.iter().any(|v| !v.is_zero()),
        "the cross term is not trivial"
    );
    let unblinded = pp.ck().commit(&t, &Fr::zero()).unwrap().into_affine();
    assert_ne!(p1.comm_t, unblinded, "T̄ is not committed with blind 0");
    assert!(!fw1.r_e.is_zero());
    pp.check_relaxed(&f1, &fw1).unwrap();
}

#[test]
fn pitfall5_step_arity_is_fixed() {
    struct Shifty;
    impl StepCircuit for Shifty {
        fn arity(&self) -> usize {
            2
        }
        fn generate_step_constraints(
            &self,
            _cs: ConstraintSystemRef<Fr>,
            _i: usize,
            z: &[FpVar<Fr>],
        ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
            // Drops one element: an arity shift.
            Ok(vec![&z[0] + &z[1]])
        }
    }
    assert_eq!(
        R1csShape::from_circuit(&StepR1cs {
            step: &Shifty,
            i: 0,
            z: None
        }),
        Err(Error::Synthesis(
            umbra_folding::SynthesisErrorKind::ArityMismatch
        ))
    );
    // A state of the wrong length given to a correct step is refused.
    let step = chain(1);
    let pp = chain_params(&step);
    let z = [Fr::one(), Fr::one()];
    assert_eq!(
        generate_witness(
            pp.shape(),
            &StepR1cs {
                step: &step,
                i: 0,
                z: Some(&z)
            }
        ),
        Err(Error::Synthesis(
            umbra_folding::SynthesisErrorKind::ArityMismatch
        ))
    );
}

#[test]
fn pitfall6_native_and_gadget_transcripts_agree_identity_included() {
    let params = TranscriptPoseidon::new().unwrap();
    let mut r = rng();
    let g1_points = [
        G1Affine::zero(),
        G1Projective::rand(&mut r).into_affine(),
        G1Affine::zero(),
        G1Projective::rand(&mut r).into_affine(),
    ];
    let grumpkin_points = [
        ark_grumpkin::Affine::zero(),
        ark_grumpkin::Projective::rand(&mut r).into_affine(),
    ];
    let scalars = [Fr::rand(&mut r), Fr::zero(), Fr::from(u64::MAX)];
    for case in 0..4 {
        let mut native = Transcript::new(&params, 77);
        native.absorb(&scalars[..case.min(3)]);
        for p in &g1_points[..=case] {
            native.absorb_point::<G1Projective>(p);
        }
        for p in &grumpkin_points {
            native.absorb_point::<ark_grumpkin::Projective>(p);
        }
        let want = native.challenge();

        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut var = TranscriptVar::new(&params, 77);
        let sv: Vec<FpVar<Fr>> = scalars[..case.min(3)]
            .iter()
            .map(|s| FpVar::new_witness(cs.clone(), || Ok(*s)).unwrap())
            .collect();
        var.absorb(&sv);
        for p in &g1_points[..=case] {
            let pv = G1LimbsVar::new_witness(cs.clone(), Some(*p)).unwrap();
            var.absorb_g1(&pv);
        }
        for p in &grumpkin_points {
            let pv = GrumpkinVar::new_witness(cs.clone(), || Ok(*p)).unwrap();
            var.absorb_grumpkin(&pv);
        }
        let bits = var.challenge_bits().unwrap();
        assert!(cs.is_satisfied().unwrap());
        let got = bits.iter().enumerate().fold(0u128, |acc, (k, b)| {
            acc | (u128::from(b.value().unwrap()) << k)
        });
        assert_eq!(
            got, want,
            "case {case}: native and gadget challenges differ"
        );
        assert_eq!(bits.len(), 128);
    }
    // The identity and a point are absorbed differently.
    let mut a = Transcript::new(&params, 1);
    a.absorb_point::<G1Projective>(&G1Affine::zero());
    let mut b = Transcript::new(&params, 1);
    b.absorb_point::<G1Projective>(&G1Projective::generator().into_affine());
    assert_ne!(a.challenge(), b.challenge());
}

#[test]
fn g1_limbs_must_be_canonical() {
    use ark_ff::{BigInteger, PrimeField};
    // A coordinate v < 2^254 − q has a second 254-bit encoding v + q; the
    // allocation rejects it (otherwise the prover could grind challenges).
    let q = <ark_bn254::Fq as PrimeField>::MODULUS;
    let p = G1Affine::generator(); // (1, 2)
    let mut native = Vec::new();
    <G1Projective as umbra_folding::transcript::TranscriptCurve>::absorb_point(&p, &mut native);
    let cs = ConstraintSystem::<Fr>::new_ref();
    G1LimbsVar::new_witness_limbs(cs.clone(), Some(&native))
        .unwrap()
        .enforce_canonical()
        .unwrap();
    assert!(cs.is_satisfied().unwrap());
    // x = 1 encoded as 1 + q.
    let mut alt = q;
    let _ = alt.add_with_carry(&<ark_bn254::Fq as PrimeField>::BigInt::from(1u64));
    let bits = alt.to_bits_le();
    let lo = Fr::from_bigint(<Fr as PrimeField>::BigInt::from_bits_le(&bits[..128])).unwrap();
    let hi = Fr::from_bigint(<Fr as PrimeField>::BigInt::from_bits_le(&bits[128..254])).unwrap();
    assert!(bits[254..].iter().all(|b| !b), "1 + q < 2^254");
    let forged = [lo, hi, native[2], native[3]];
    let cs = ConstraintSystem::<Fr>::new_ref();
    let v = G1LimbsVar::new_witness_limbs(cs.clone(), Some(&forged)).unwrap();
    assert!(cs.is_satisfied().unwrap(), "range checks alone accept it");
    v.enforce_canonical().unwrap();
    assert!(!cs.is_satisfied().unwrap(), "non-canonical x accepted");
    // The largest canonical high limb is accepted, q_hi itself is not.
    let q_bits = q.to_bits_le();
    let q_hi = Fr::from_bigint(<Fr as PrimeField>::BigInt::from_bits_le(&q_bits[128..])).unwrap();
    for (hi, ok) in [(q_hi - Fr::one(), true), (q_hi, false)] {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = G1LimbsVar::new_witness_limbs(
            cs.clone(),
            Some(&[Fr::zero(), hi, Fr::zero(), Fr::zero()]),
        )
        .unwrap();
        v.enforce_canonical().unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), ok);
    }
}

#[test]
fn free_witness_variables_finds_an_unconstrained_wire() {
    // b is allocated and never used: the audit reports it, and only it.
    let circ = |cs: ConstraintSystemRef<Fr>| -> Result<(), SynthesisError> {
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64)))?;
        let _b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(4u64)))?;
        let c = FpVar::new_input(cs.clone(), || Ok(Fr::from(9u64)))?;
        a.square()?.enforce_equal(&c)?;
        Ok(())
    };
    let shape = R1csShape::from_circuit(&circ).unwrap();
    let asg = generate_witness(&shape, &circ).unwrap();
    shape.check(&asg.x, &asg.w).unwrap();
    assert_eq!(
        shape.free_witness_variables(&asg.x, &asg.w).unwrap(),
        vec![1]
    );
}

#[test]
fn folded_products_equal_recomputed_products() {
    // The prover keeps (Az, Bz, Cz) of the running instance folded with it;
    // they must equal a fresh matrix product, and using them must not
    // change the fold.
    let step = chain(4);
    let pp = chain_params(&step);
    let (mut big_u, mut big_w) = pp.default_running();
    let mut cached: Option<umbra_folding::nifs::Products<Fr>> = None;
    let mut z = Fr::from(5u64);
    for i in 0..4 {
        let zi = [z];
        let a = generate_witness(
            pp.shape(),
            &StepR1cs {
                step: &step,
                i,
                z: Some(&zi),
            },
        )
        .unwrap();
        z = a.x[1];
        let mut r1 = StdRng::seed_from_u64(100 + i as u64);
        let (u, w) = pp.commit_step(a.x, a.w, &mut r1).unwrap();
        let mut ra = StdRng::seed_from_u64(i as u64);
        let mut rb = StdRng::seed_from_u64(i as u64);
        let (pa, ua, wa, _, prod) =
            Nova::prove_with_products(&pp, (&big_u, &big_w), cached.take(), (&u, &w), &mut ra)
                .unwrap();
        let (pb, ub, wb, _) = Nova::prove(&pp, (&big_u, &big_w), (&u, &w), &mut rb).unwrap();
        assert_eq!((pa, &ua, &wa), (pb, &ub, &wb), "step {i}");
        let fresh = pp.shape().multiply(ua.u, &ua.x, &wa.w).unwrap();
        assert_eq!(prod, fresh, "step {i}");
        pp.check_relaxed(&ua, &wa).unwrap();
        cached = Some(prod);
        big_u = ua;
        big_w = wa;
    }
}
