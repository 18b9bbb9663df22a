//! The CycleFold circuit and its folding on Grumpkin.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::{Fq, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{One, UniformRand};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_folding::cyclefold::{CYCLEFOLD_IO_LEN, CycleFoldCircuit, CycleFoldInput};
use umbra_folding::{
    CommitmentKey, Error, FoldingScheme, Grumpkin, Nova, NovaParams, R1csShape, generate_witness,
};

fn params() -> NovaParams<Grumpkin> {
    let shape = R1csShape::<Fq>::from_circuit(&CycleFoldCircuit::default()).unwrap();
    let n = shape.num_witness().max(shape.num_constraints());
    let ck = CommitmentKey::insecure_dev_setup(n, b"cyclefold tests").unwrap();
    NovaParams::new(shape, ck).unwrap()
}

fn random_input(rng: &mut StdRng) -> CycleFoldInput {
    CycleFoldInput {
        r: u128::rand(rng),
        w: G1Projective::rand(rng).into_affine(),
        w2: G1Projective::rand(rng).into_affine(),
        e: G1Projective::rand(rng).into_affine(),
        t: G1Projective::rand(rng).into_affine(),
    }
}

#[test]
fn cyclefold_shape_and_constraint_count() {
    let pp = params();
    let s = pp.shape();
    assert_eq!(s.num_io(), CYCLEFOLD_IO_LEN);
    println!(
        "cyclefold: {} constraints, {} witness, {} public (two G1 points per instance)",
        s.num_constraints(),
        s.num_witness(),
        s.num_io()
    );
    // Goal of issue #21: at most 1.4k constraints per point.
    assert!(s.num_constraints() <= 2 * 1400, "{}", s.num_constraints());
}

#[test]
fn cyclefold_accepts_honest_and_edge_inputs_rejects_wrong_output() {
    let pp = params();
    let mut rng = StdRng::seed_from_u64(7);
    let id = G1Affine::zero();
    let g = G1Affine::generator();
    let mut cases = vec![random_input(&mut rng)];
    // The base case: running commitments are the identity; r = 0, r = max.
    cases.push(CycleFoldInput {
        w: id,
        e: id,
        ..random_input(&mut rng)
    });
    cases.push(CycleFoldInput {
        w2: id,
        t: id,
        ..random_input(&mut rng)
    });
    cases.push(CycleFoldInput {
        r: 0,
        ..random_input(&mut rng)
    });
    cases.push(CycleFoldInput {
        r: u128::MAX,
        ..random_input(&mut rng)
    });
    // W̄ + r·W̄₂ = identity and W̄ = W̄₂ (doubling inside the sum).
    cases.push(CycleFoldInput {
        r: 1,
        w: g,
        w2: (-G1Projective::from(g)).into_affine(),
        e: g,
        t: g,
    });
    for (k, c) in cases.iter().enumerate() {
        let a = generate_witness(
            pp.shape(),
            &CycleFoldCircuit {
                input: Some(*c),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(a.x, c.public_input());
        pp.shape()
            .check(&a.x, &a.w)
            .unwrap_or_else(|e| panic!("case {k}: {e}"));
        // A wrong claimed output is rejected: flip each output coordinate.
        for pos in [5, 6, 11, 12] {
            let mut x = a.x.clone();
            x[pos] += Fq::one();
            assert_eq!(
                pp.shape().check(&x, &a.w),
                Err(Error::Unsatisfied),
                "case {k} pos {pos}"
            );
        }
        // Another challenge with the same points is rejected.
        let mut x = a.x.clone();
        x[0] += Fq::one();
        assert_eq!(pp.shape().check(&x, &a.w), Err(Error::Unsatisfied));
    }
}

#[test]
fn cyclefold_constraint_mutation_every_witness_variable() {
    // Every single witness variable of the CycleFold circuit, perturbed,
    // breaks satisfaction (all of them, not a sample).
    let pp = params();
    let mut rng = StdRng::seed_from_u64(8);
    let c = random_input(&mut rng);
    let a = generate_witness(
        pp.shape(),
        &CycleFoldCircuit {
            input: Some(c),
            ..Default::default()
        },
    )
    .unwrap();
    let (az, bz, cz) = pp.shape().multiply(Fq::one(), &a.x, &a.w).unwrap();
    let (ma, mb, mc) = pp.shape().matrices();
    // Column index of witness k is 1 + num_io + k. A perturbation breaks
    // some row iff some row using that column changes its residual; check
    // row by row with the perturbed value (cheaper than a full re-check).
    let off = 1 + pp.shape().num_io();
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); a.w.len()];
    for m in [ma, mb, mc] {
        for (i, row) in m.iter().enumerate() {
            for &(_, col) in row {
                if col >= off {
                    uses[col - off].push(i);
                }
            }
        }
    }
    let coeff = |m: &Vec<Vec<(Fq, usize)>>, i: usize, col: usize| {
        m[i].iter()
            .find(|(_, c)| *c == col)
            .map_or(Fq::from(0u64), |(v, _)| *v)
    };
    for (k, rows) in uses.iter().enumerate() {
        let col = off + k;
        let broken = rows.iter().any(|&i| {
            let (a2, b2, c2) = (
                az[i] + coeff(ma, i, col),
                bz[i] + coeff(mb, i, col),
                cz[i] + coeff(mc, i, col),
            );
            a2 * b2 != c2
        });
        assert!(
            broken,
            "witness variable {k} of the CycleFold circuit is free"
        );
    }
    // And the full check agrees on a sample of them.
    for k in (0..a.w.len()).step_by(97) {
        let mut w = a.w.clone();
        w[k] += Fq::one();
        assert_eq!(pp.shape().check(&a.x, &w), Err(Error::Unsatisfied));
    }
}

#[test]
fn cyclefold_instances_fold_on_grumpkin() {
    let pp = params();
    let mut rng = StdRng::seed_from_u64(9);
    let (mut big_u, mut big_w) = pp.default_running();
    for _ in 0..3 {
        let c = random_input(&mut rng);
        let a = generate_witness(
            pp.shape(),
            &CycleFoldCircuit {
                input: Some(c),
                ..Default::default()
            },
        )
        .unwrap();
        let (u, w) = pp.commit_step(a.x, a.w, &mut rng).unwrap();
        pp.check(&u, &w).unwrap();
        let (proof, nu, nw, _) = Nova::prove(&pp, (&big_u, &big_w), (&u, &w), &mut rng).unwrap();
        let (vu, _) = <Nova as FoldingScheme<Grumpkin>>::verify(&pp, &big_u, &u, &proof).unwrap();
        assert_eq!(vu, nu);
        big_u = nu;
        big_w = nw;
        pp.check_relaxed(&big_u, &big_w).unwrap();
    }
    // A CycleFold instance claiming a wrong output cannot be committed into
    // a satisfied accumulator.
    let c = random_input(&mut rng);
    let a = generate_witness(
        pp.shape(),
        &CycleFoldCircuit {
            input: Some(c),
            ..Default::default()
        },
    )
    .unwrap();
    let mut x = a.x;
    x[6] += Fq::one();
    let (u, w) = pp.commit_step(x, a.w, &mut rng).unwrap();
    let (_, nu, nw, _) = Nova::prove(&pp, (&big_u, &big_w), (&u, &w), &mut rng).unwrap();
    assert_eq!(pp.check_relaxed(&nu, &nw), Err(Error::Unsatisfied));
}
