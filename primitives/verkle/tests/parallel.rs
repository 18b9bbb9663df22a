//! The `parallel` feature changes no result: every output computed on rayon
//! pools of 1, 2, 3 and 4 threads is identical (the same bytes, the same
//! points, the same verdicts), and matches the go-ipa consistency vectors and
//! arkworks' MSM. A one-thread pool runs exactly the sequential code (each
//! helper in `src/par.rs` then makes one call over the whole range).
//!
//! The test binary is always built with `parallel` on: `umbra-verkle` lists
//! itself as a dev-dependency with that feature, so `cargo test --workspace`
//! (CI) runs these tests on the threaded code paths; without the feature the
//! pools below change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use crate::common::{committer, domain};
use crate::ipa_multiproof::{GO_IPA_MULTIPROOF, GO_IPA_PROOF};

use ark_ec::{CurveGroup, PrimeGroup, VariableBaseMSM};
use ark_ff::{One, UniformRand, Zero};
use umbra_verkle::commit::inner_product;
use umbra_verkle::msm::{msm_straus_vartime, mul_each_vartime};
use umbra_verkle::multiproof::{self, ProverQuery, VerifierQuery};
use umbra_verkle::{
    Banderwagon, BanderwagonPoint, BanderwagonScalar as Fr, Key, Transcript, VerkleGroup,
    VerkleTree, ipa, tree_proof,
};

type T = Transcript<Banderwagon>;

const THREADS: [usize; 4] = [1, 2, 3, 4];

/// `f()` on a fresh rayon pool of `k` threads.
fn on_pool<R: Send>(k: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(k)
        .build()
        .unwrap()
        .install(f)
}

/// `f` on every pool size: all results equal, returned once.
fn same_on_every_pool<R: Send + PartialEq + core::fmt::Debug>(f: impl Fn() -> R + Sync) -> R {
    let first = on_pool(THREADS[0], &f);
    for &k in &THREADS[1..] {
        assert_eq!(on_pool(k, &f), first, "result differs on {k} threads");
    }
    first
}

#[test]
fn the_feature_is_on_in_this_test_binary() {
    // The self dev-dependency must keep enabling `parallel` here, or these tests
    // would only compare the sequential code with itself.
    const { assert!(cfg!(feature = "parallel")) };
    assert_eq!(on_pool(2, rayon::current_num_threads), 2);
}

#[test]
fn straus_msm_and_mul_each_agree_with_arkworks_on_every_pool() {
    let mut rng = ark_std::test_rng();
    // 274 = the IPA verifier's size (split across threads); 129 = the prover's
    // largest cross term (not split); 0, 1 and 7 at the edges.
    for n in [0usize, 1, 7, 129, 192, 274] {
        let pts: Vec<BanderwagonPoint> = (0..n)
            .map(|_| BanderwagonPoint::generator() * Fr::rand(&mut rng))
            .collect();
        let aff = BanderwagonPoint::normalize_batch(&pts);
        let sc: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let want = BanderwagonPoint::msm(&aff, &sc).unwrap();
        let got =
            same_on_every_pool(|| msm_straus_vartime::<BanderwagonPoint>(&aff, &sc).into_affine());
        assert_eq!(got, want.into_affine(), "n = {n}");
        let s = Fr::rand(&mut rng);
        let each = same_on_every_pool(|| {
            BanderwagonPoint::normalize_batch(&mul_each_vartime::<BanderwagonPoint>(&aff, &s))
        });
        for (p, q) in aff.iter().zip(&each) {
            assert_eq!((*p * s).into_affine(), *q);
        }
    }
}

#[test]
fn dense_and_sparse_commitments_are_identical_on_every_pool() {
    let mut rng = ark_std::test_rng();
    let dense: Vec<Fr> = (0..256).map(|_| Fr::rand(&mut rng)).collect();
    let mut sparse = vec![Fr::zero(); 256];
    for i in (0..256).step_by(9) {
        sparse[i] = Fr::rand(&mut rng);
    }
    for v in [&dense, &sparse] {
        let want = BanderwagonPoint::msm(&committer().crs().g_affine, v).unwrap();
        let got = same_on_every_pool(|| Banderwagon::encode(&committer().commit(v).unwrap()));
        assert_eq!(got, Banderwagon::encode(&want));
    }
}

#[test]
fn go_ipa_vectors_hold_on_every_pool() {
    let poly: Vec<Fr> = (0..256).map(|i| Fr::from((i % 32 + 1) as u64)).collect();
    let c = committer().commit(&poly).unwrap();
    let z = Fr::from(2101u64);
    let b = domain().barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let (plain, tables, verdict) = same_on_every_pool(|| {
        let crs = committer().crs();
        let p1 = ipa::prove(&mut T::new(b"test"), crs, poly.clone(), &c, b.clone(), &z).unwrap();
        let p2 = ipa::prove_with_tables(
            &mut T::new(b"test"),
            committer(),
            poly.clone(),
            &c,
            b.clone(),
            &z,
        )
        .unwrap();
        let ok = ipa::verify(&mut T::new(b"test"), crs, &c, &p1, &z, &y, &b);
        let bad = ipa::verify(&mut T::new(b"test"), crs, &c, &p1, &z, &(y + Fr::one()), &b);
        (p1.to_bytes(), p2.to_bytes(), (ok, bad))
    });
    assert_eq!(hex::encode(&plain), GO_IPA_PROOF);
    assert_eq!(tables, plain);
    assert_eq!(verdict, (Ok(()), Err(umbra_verkle::ProofError::Invalid)));

    let poly_b: Vec<Fr> = (0..256)
        .rev()
        .map(|i| Fr::from((i % 32 + 1) as u64))
        .collect();
    let cb = committer().commit(&poly_b).unwrap();
    let queries = [
        ProverQuery::<Banderwagon> {
            commitment: c,
            poly: &poly,
            point: 0,
            result: Fr::one(),
        },
        ProverQuery::<Banderwagon> {
            commitment: cb,
            poly: &poly_b,
            point: 0,
            result: Fr::from(32u64),
        },
    ];
    let proof = same_on_every_pool(|| {
        multiproof::prove(committer(), domain(), &mut T::new(b"test"), &queries)
            .unwrap()
            .to_bytes()
    });
    assert_eq!(hex::encode(proof), GO_IPA_MULTIPROOF);
}

/// `k` random polynomials, query `i` at point `point(i)`.
fn queries_for(
    polys: &[Vec<Fr>],
    point: impl Fn(usize) -> usize,
) -> Vec<ProverQuery<'_, Banderwagon>> {
    polys
        .iter()
        .enumerate()
        .map(|(i, p)| ProverQuery {
            commitment: committer().commit(p).unwrap(),
            poly: p,
            point: point(i),
            result: p[point(i)],
        })
        .collect()
}

#[test]
fn multiproofs_are_identical_on_every_pool() {
    let mut rng = ark_std::test_rng();
    let polys: Vec<Vec<Fr>> = (0..40)
        .map(|_| (0..256).map(|_| Fr::rand(&mut rng)).collect())
        .collect();
    // Distinct points, repeated points, a single point, and more queries than
    // the verifier's per-thread minimum (repeating the polynomials).
    let many: Vec<Vec<Fr>> = (0..1100).map(|i| polys[i % 40].clone()).collect();
    let shapes: Vec<Vec<ProverQuery<'_, Banderwagon>>> = vec![
        queries_for(&polys, |i| (i * 37) % 256),
        queries_for(&polys, |i| i % 3),
        queries_for(&polys[..1], |_| 255),
        queries_for(&many, |i| (i * 7) % 256),
    ];
    for (s, queries) in shapes.iter().enumerate() {
        let vq: Vec<VerifierQuery<Banderwagon>> =
            queries.iter().map(ProverQuery::verifier_query).collect();
        let bytes = same_on_every_pool(|| {
            multiproof::prove(committer(), domain(), &mut T::new(b"par"), queries)
                .unwrap()
                .to_bytes()
        });
        let proof = multiproof::MultiProof::<Banderwagon>::from_bytes(&bytes, 256).unwrap();
        let mut wrong = vq.clone();
        wrong[0].result += Fr::one();
        let verdicts = same_on_every_pool(|| {
            (
                multiproof::verify(
                    committer().crs(),
                    domain(),
                    &mut T::new(b"par"),
                    &vq,
                    &proof,
                ),
                multiproof::verify(
                    committer().crs(),
                    domain(),
                    &mut T::new(b"par"),
                    &wrong,
                    &proof,
                ),
            )
        });
        assert_eq!(
            verdicts,
            (Ok(()), Err(umbra_verkle::ProofError::Invalid)),
            "shape {s}"
        );
    }
}

#[test]
fn tree_roots_and_proofs_are_identical_on_every_pool() {
    let keys: Vec<Key> = (0..120u32)
        .map(|i| {
            let mut k = [0u8; 32];
            k[..4].copy_from_slice(&(i.wrapping_mul(0x9e37_79b9)).to_be_bytes());
            k[31] = (i % 7) as u8;
            k
        })
        .collect();
    let (root, proof) = same_on_every_pool(|| {
        let mut t = VerkleTree::new(committer());
        for (i, k) in keys.iter().enumerate() {
            t.insert(k, [i as u8; 32]);
        }
        let (proof, _) = t.prove(&keys[..40]).unwrap();
        (t.root_hash(), proof.to_bytes())
    });
    let mut t = VerkleTree::new(committer());
    for (i, k) in keys.iter().enumerate() {
        t.insert(k, [i as u8; 32]);
    }
    let (_, entries) = t.prove(&keys[..40]).unwrap();
    let root_c = Banderwagon::encode(&t.root_commitment());
    assert_eq!(t.root_hash(), root);
    let verdict = same_on_every_pool(|| {
        tree_proof::verify_bytes::<Banderwagon>(
            committer().crs(),
            domain(),
            &root_c,
            &entries,
            &proof,
        )
    });
    assert_eq!(verdict, Ok(()));
}
