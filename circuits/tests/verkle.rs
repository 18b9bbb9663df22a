//! Verkle gadgets against `umbra-verkle` with the Poseidon transcript:
//! transcript challenges equal natively and in-circuit; honest IPA openings
//! and multiproofs satisfy the system; a wrong value, point, commitment or
//! proof element makes it unsatisfied. Small widths keep debug builds fast;
//! width 256 is synthesised by `tests/circuits_md.rs` (rows/verkle.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::OnceLock;

use ark_ff::{One, UniformRand};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use proptest::prelude::*;
use umbra_circuits::verkle::{
    BanderwagonVar, Base, GroupScalarVar, PoseidonTranscriptVar, VerkleGroupVar, ipa_verify,
    multiproof_verify,
};
use umbra_poseidon::Poseidon;
use umbra_verkle::commit::inner_product;
use umbra_verkle::ipa::{self, IpaProof};
use umbra_verkle::multiproof::{self, MultiProof, ProverQuery};
use umbra_verkle::transcript::{POSEIDON_TRANSCRIPT_WIDTH, scalar_to_base};
use umbra_verkle::{
    Banderwagon, BanderwagonPoint, BanderwagonScalar as Fr, Committer, Crs, Domain, FsTranscript,
    PoseidonTranscript,
};

const N: usize = 8;

type G = BanderwagonVar;
type ScalarVar = GroupScalarVar<G>;
type IpaProofVar = umbra_circuits::verkle::IpaProofVar<G>;
type MultiProofVar = umbra_circuits::verkle::MultiProofVar<G>;
type QueryVar = umbra_circuits::verkle::QueryVar<G>;
type VerifierKey = umbra_circuits::verkle::VerifierKey<G>;

fn alloc_public_point(
    cs: ConstraintSystemRef<Base>,
    p: BanderwagonPoint,
) -> <G as VerkleGroupVar>::Point {
    G::alloc_public_point(cs, || Ok(p)).unwrap()
}

fn params() -> &'static Poseidon<Base, POSEIDON_TRANSCRIPT_WIDTH> {
    static P: OnceLock<Poseidon<Base, POSEIDON_TRANSCRIPT_WIDTH>> = OnceLock::new();
    P.get_or_init(|| Poseidon::new().unwrap())
}

fn committer() -> &'static Committer<Banderwagon> {
    static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::with_size(N)))
}

fn vk() -> VerifierKey {
    VerifierKey::from_crs(committer().crs())
}

struct Opening {
    poly: Vec<Fr>,
    c: BanderwagonPoint,
    z: Fr,
    y: Fr,
    proof: IpaProof<Banderwagon>,
}

/// An honest opening at `z` (a random point outside the domain if `None`),
/// checked by the native verifier.
fn opening_at(seed: u64, z: Option<u64>) -> Opening {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 11 {
        let _ = Fr::rand(&mut rng);
    }
    let poly: Vec<Fr> = (0..N).map(|_| Fr::rand(&mut rng)).collect();
    let c = committer().commit(&poly).unwrap();
    let z = z.map_or_else(|| Fr::rand(&mut rng), Fr::from);
    let b = Domain::<Fr>::new(N).barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let mut tp = PoseidonTranscript::<Banderwagon>::new(params(), b"gadget");
    let proof = ipa::prove(&mut tp, committer().crs(), poly.clone(), &c, b.clone(), &z).unwrap();
    let mut tv = PoseidonTranscript::<Banderwagon>::new(params(), b"gadget");
    assert!(ipa::verify(&mut tv, committer().crs(), &c, &proof, &z, &y, &b).is_ok());
    Opening {
        poly,
        c,
        z,
        y,
        proof,
    }
}

fn opening(seed: u64) -> Opening {
    opening_at(seed, None)
}

fn ipa_system(
    c: BanderwagonPoint,
    z: Fr,
    y: Fr,
    proof: &IpaProof<Banderwagon>,
) -> ConstraintSystemRef<Base> {
    let cs = ConstraintSystem::<Base>::new_ref();
    let cv = alloc_public_point(cs.clone(), c);
    let zv = FpVar::new_input(cs.clone(), || Ok(scalar_to_base::<Fr, Base>(&z))).unwrap();
    let yv = FpVar::new_input(cs.clone(), || Ok(scalar_to_base::<Fr, Base>(&y))).unwrap();
    let zs = ScalarVar::from_native(&zv, 253).unwrap();
    let ys = ScalarVar::from_native(&yv, 253).unwrap();
    let pv =
        IpaProofVar::new_witness(cs.clone(), Some(proof), N.trailing_zeros() as usize).unwrap();
    let mut t = PoseidonTranscriptVar::new(params(), b"gadget").unwrap();
    // a synthesis error (no witness for an inverse) counts as unsatisfied
    if ipa_verify(&mut t, &vk(), &cv, &zs, &ys, &pv).is_err() {
        cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    }
    cs
}

fn satisfied(cs: &ConstraintSystemRef<Base>) -> bool {
    !cs.is_in_setup_mode() && cs.is_satisfied().unwrap()
}

#[test]
fn transcript_gadget_matches_native() {
    let mut rng = ark_std::test_rng();
    let cs = ConstraintSystem::<Base>::new_ref();
    let mut native = PoseidonTranscript::<Banderwagon>::new(params(), b"some label");
    let mut var = PoseidonTranscriptVar::new(params(), b"some label").unwrap();
    for i in 0..6 {
        let p = BanderwagonPoint::rand(&mut rng);
        native.append_point(&p, b"p");
        let pv = alloc_public_point(cs.clone(), p);
        var.absorb_coordinates(&G::coordinates(&pv)).unwrap();
        let s = Fr::rand(&mut rng);
        native.append_scalar(&s, b"s");
        var.absorb(&FpVar::new_witness(cs.clone(), || Ok(scalar_to_base::<Fr, Base>(&s))).unwrap())
            .unwrap();
        if i % 2 == 0 {
            native.domain_sep(b"sep");
            var.domain_sep(b"sep").unwrap();
        }
        let c = native.challenge_scalar(b"c");
        let cv = var.challenge().unwrap();
        assert_eq!(cv.value.value().unwrap(), scalar_to_base::<Fr, Base>(&c));
    }
    assert!(cs.is_satisfied().unwrap());
}

/// Every single change to the statement or the proof is rejected.
fn assert_tampering_rejected(o: &Opening) {
    assert!(!satisfied(&ipa_system(o.c, o.z, o.y + Fr::one(), &o.proof)));
    assert!(!satisfied(&ipa_system(o.c, o.z + Fr::one(), o.y, &o.proof)));
    assert!(!satisfied(&ipa_system(o.c, o.z - Fr::one(), o.y, &o.proof)));
    let g0 = committer().crs().g[0];
    assert!(!satisfied(&ipa_system(o.c + g0, o.z, o.y, &o.proof)));
    for k in 0..o.proof.l.len() {
        let mut p = o.proof.clone();
        p.l[k] += g0;
        assert!(!satisfied(&ipa_system(o.c, o.z, o.y, &p)));
        let mut p = o.proof.clone();
        p.r[k] += g0;
        assert!(!satisfied(&ipa_system(o.c, o.z, o.y, &p)));
    }
    let mut p = o.proof.clone();
    p.a += Fr::one();
    assert!(!satisfied(&ipa_system(o.c, o.z, o.y, &p)));
}

#[test]
fn ipa_gadget_accepts_and_rejects() {
    let o = opening(3);
    let cs = ipa_system(o.c, o.z, o.y, &o.proof);
    assert!(satisfied(&cs));
    eprintln!("ipa n={N}: {} constraints", cs.num_constraints());
    assert_tampering_rejected(&o);
}

#[test]
fn ipa_gadget_at_domain_points() {
    for (seed, z) in [(1, 0u64), (2, 5), (4, N as u64 - 1)] {
        let o = opening_at(seed, Some(z));
        // the unit vector: the opened value is the committed entry
        assert_eq!(o.y, o.poly[z as usize]);
        assert!(satisfied(&ipa_system(o.c, o.z, o.y, &o.proof)), "z = {z}");
        assert_tampering_rejected(&o);
        // another entry of the vector, and the same value at another point
        let other = (z as usize + 1) % N;
        assert!(!satisfied(&ipa_system(o.c, o.z, o.poly[other], &o.proof)));
        assert!(!satisfied(&ipa_system(o.c, Fr::from(other as u64), o.y, &o.proof)));
    }
}

#[test]
fn out_of_domain_proof_does_not_open_a_domain_point() {
    // an opening at a random z, claimed at a domain point with the value
    // the polynomial has there
    let o = opening(7);
    for i in [0, 5, N - 1] {
        assert!(!satisfied(&ipa_system(o.c, Fr::from(i as u64), o.poly[i], &o.proof)));
    }
}

fn multiproof_system(
    qs: &[(BanderwagonPoint, usize, Fr)],
    proof: &MultiProof<Banderwagon>,
) -> ConstraintSystemRef<Base> {
    let cs = ConstraintSystem::<Base>::new_ref();
    let qv: Vec<QueryVar> = qs
        .iter()
        .map(|(c, z, y)| QueryVar::new_input(cs.clone(), *c, *z, *y).unwrap())
        .collect();
    let pv =
        MultiProofVar::new_witness(cs.clone(), Some(proof), N.trailing_zeros() as usize).unwrap();
    let mut t = PoseidonTranscriptVar::new(params(), b"gadget-mp").unwrap();
    if multiproof_verify(&mut t, &vk(), &qv, &pv).is_err() {
        cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    }
    cs
}

fn multiproof_case(
    seed: u64,
    nq: usize,
) -> (Vec<(BanderwagonPoint, usize, Fr)>, MultiProof<Banderwagon>) {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 13 {
        let _ = Fr::rand(&mut rng);
    }
    let polys: Vec<Vec<Fr>> = (0..nq)
        .map(|_| (0..N).map(|_| Fr::rand(&mut rng)).collect())
        .collect();
    let cs: Vec<_> = polys
        .iter()
        .map(|p| committer().commit(p).unwrap())
        .collect();
    let points: Vec<usize> = (0..nq).map(|i| (seed as usize + 3 * i) % N).collect();
    let queries: Vec<ProverQuery<'_, Banderwagon>> = (0..nq)
        .map(|i| ProverQuery {
            commitment: cs[i],
            poly: &polys[i],
            point: points[i],
            result: polys[i][points[i]],
        })
        .collect();
    let dom = Domain::<Fr>::new(N);
    let mut tp = PoseidonTranscript::<Banderwagon>::new(params(), b"gadget-mp");
    let proof = multiproof::prove(committer(), &dom, &mut tp, &queries).unwrap();
    let qs = queries
        .iter()
        .map(|q| (q.commitment, q.point, q.result))
        .collect();
    (qs, proof)
}

#[test]
fn multiproof_gadget_accepts_and_rejects() {
    let (qs, proof) = multiproof_case(5, 2);
    let cs = multiproof_system(&qs, &proof);
    assert!(satisfied(&cs));
    eprintln!(
        "multiproof n={N}, 2 queries: {} constraints",
        cs.num_constraints()
    );
    let mut bad = qs.clone();
    bad[1].2 += Fr::one();
    assert!(!satisfied(&multiproof_system(&bad, &proof)));
    let mut bad = qs.clone();
    bad[0].1 = (bad[0].1 + 1) % N;
    assert!(!satisfied(&multiproof_system(&bad, &proof)));
    let mut bad = qs.clone();
    bad[0].0 += committer().crs().g[1];
    assert!(!satisfied(&multiproof_system(&bad, &proof)));
    let mut p = proof.clone();
    p.d += committer().crs().g[2];
    assert!(!satisfied(&multiproof_system(&qs, &p)));
    let mut p = proof.clone();
    p.ipa.a += Fr::one();
    assert!(!satisfied(&multiproof_system(&qs, &p)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]
    #[test]
    fn ipa_gadget_native_agreement(seed in any::<u64>(), at in 0..(2 * N as u64)) {
        // half the cases at a domain point, half outside
        let o = opening_at(seed, (at < N as u64).then_some(at));
        prop_assert!(satisfied(&ipa_system(o.c, o.z, o.y, &o.proof)));
        prop_assert!(!satisfied(&ipa_system(o.c, o.z, o.y + Fr::one(), &o.proof)));
    }
}
