//! Lagrange-basis commitments: known answer, table vs MSM, updates,
//! barycentric evaluation and division.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use crate::common;
use common::{committer, domain};

use ark_ff::{Field, UniformRand, Zero};
use proptest::prelude::*;
use umbra_verkle::commit::commit_msm_vartime;
use umbra_verkle::{Banderwagon, BanderwagonScalar as Fr, VerkleGroup};

#[test]
fn commit_known_answer() {
    let values: Vec<Fr> = (0..256).map(|i| Fr::from((i % 32 + 1) as u64)).collect();
    let c = committer().commit(&values).unwrap();
    assert_eq!(
        hex::encode(Banderwagon::encode(&c)),
        "1b9dff8f5ebbac250d291dfe90e36283a227c64b113c37f1bfb9e7a743cdb128"
    );
    let m = commit_msm_vartime(committer().crs(), &values).unwrap();
    assert!(Banderwagon::points_eq(&c, &m));
}

#[test]
fn sparse_table_path_matches_msm_including_edge_scalars() {
    // at most SPARSE_THRESHOLD non-zero values: the table path
    let mut values = vec![Fr::zero(); 256];
    let edge = [
        -Fr::from(1u64),
        Fr::from(1u64),
        -Fr::from(2u64),
        Fr::from(u64::MAX),
        Fr::from(16u64),
    ];
    for (k, e) in edge.iter().enumerate() {
        values[k * 50 + 3] = *e;
    }
    let mut rng = ark_std::test_rng();
    for k in 0..(umbra_verkle::commit::SPARSE_THRESHOLD - edge.len()) {
        values[(k * 37 + 1) % 256] = Fr::rand(&mut rng);
    }
    let c = committer().commit(&values).unwrap();
    let m = commit_msm_vartime(committer().crs(), &values).unwrap();
    assert!(Banderwagon::points_eq(&c, &m));
    for (k, e) in edge.iter().enumerate() {
        let t = committer().scalar_mul_generator(k * 50 + 3, e).unwrap();
        let g = committer().crs().g[k * 50 + 3] * e;
        assert!(Banderwagon::points_eq(&t, &g));
    }
}

#[test]
fn too_many_values_rejected() {
    let values = vec![Fr::from(1u64); 257];
    assert!(committer().commit(&values).is_none());
    assert!(
        committer()
            .commit_sparse(&[(256, Fr::from(1u64))])
            .is_none()
    );
}

#[test]
fn domain_weights_are_sane() {
    let d = domain();
    assert!(d.is_valid());
    assert_eq!(d.size(), 256);
}

fn horner(coeffs: &[Fr], x: Fr) -> Fr {
    coeffs.iter().rev().fold(Fr::zero(), |acc, c| acc * x + c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn table_commit_matches_msm_and_update(seed in any::<u64>(), slot in 0usize..256) {
        let mut rng = ark_std::test_rng();
        for _ in 0..(seed % 5) { let _ = Fr::rand(&mut rng); }
        let mut values: Vec<Fr> = (0..256).map(|_| Fr::rand(&mut rng)).collect();
        values[(seed as usize) % 256] = Fr::zero();
        values[slot] += Fr::from(seed);
        let c = committer().commit(&values).unwrap();
        let m = commit_msm_vartime(committer().crs(), &values).unwrap();
        prop_assert!(Banderwagon::points_eq(&c, &m));
        let new = Fr::rand(&mut rng);
        let c2 = committer().update(&c, slot, &values[slot], &new).unwrap();
        values[slot] = new;
        let m2 = commit_msm_vartime(committer().crs(), &values).unwrap();
        prop_assert!(Banderwagon::points_eq(&c2, &m2));
    }

    #[test]
    fn barycentric_and_division(seed in any::<u64>(), k in 0usize..256) {
        let mut rng = ark_std::test_rng();
        for _ in 0..(seed % 5) { let _ = Fr::rand(&mut rng); }
        // a random polynomial of degree < 256 in coefficient form
        let coeffs: Vec<Fr> = (0..256).map(|_| Fr::rand(&mut rng)).collect();
        let f: Vec<Fr> = (0..256u64).map(|i| horner(&coeffs, Fr::from(i))).collect();
        let z = Fr::rand(&mut rng) + Fr::from(seed);
        let d = domain();
        prop_assert_eq!(d.evaluate(&f, &z), horner(&coeffs, z));
        // in-domain evaluation picks the value
        prop_assert_eq!(d.evaluate(&f, &Fr::from(k as u64)), f[k]);
        // q(z) (z - k) + f(k) = f(z)
        let q = d.divide_by_linear_vanishing(&f, k);
        let lhs = d.evaluate(&q, &z) * (z - Fr::from(k as u64)) + f[k];
        prop_assert_eq!(lhs, horner(&coeffs, z));
        prop_assert!((z - Fr::from(k as u64)).inverse().is_some());
    }
}
