//! Verkle gadgets against `umbra-verkle` with the Poseidon transcript, for
//! both instances (Banderwagon over BLS12-381 Fr, Grumpkin over BN254 Fr):
//! transcript challenges equal natively and in-circuit; honest IPA openings
//! (outside the domain and at domain points) and multiproofs satisfy the
//! system; a wrong value, point, commitment or proof element makes it
//! unsatisfied. Small widths keep debug builds fast; width 256 is
//! synthesised by `tests/circuits_md.rs` (rows/verkle.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::OnceLock;

use ark_ff::{One, UniformRand};
use ark_r1cs_std::GR1CSVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use proptest::prelude::*;
use umbra_circuits::verkle::{
    BanderwagonGadget, GrumpkinGadget, IpaProofVar, MultiProofVar, PointOf, PoseidonTranscriptVar,
    QueryVar, ScalarOf, VerifierKey, VerkleGroupVar, ipa_verify, ipa_verify_in_domain,
    multiproof_verify,
};
use umbra_poseidon::Poseidon;
use umbra_verkle::commit::inner_product;
use umbra_verkle::ipa::{self, IpaProof};
use umbra_verkle::multiproof::{self, MultiProof, ProverQuery};
use umbra_verkle::transcript::POSEIDON_TRANSCRIPT_WIDTH;
use umbra_verkle::{
    Banderwagon, Committer, Crs, Domain, FsTranscript, Grumpkin, PoseidonTranscript,
};

const N: usize = 8;

type Params<G> = Poseidon<<G as VerkleGroupVar>::Base, POSEIDON_TRANSCRIPT_WIDTH>;

/// The per-instance statics.
trait Inst: VerkleGroupVar {
    fn params() -> &'static Params<Self>;
    fn committer() -> &'static Committer<Self::Native>;
}

impl Inst for BanderwagonGadget {
    fn params() -> &'static Params<Self> {
        static P: OnceLock<Params<BanderwagonGadget>> = OnceLock::new();
        P.get_or_init(|| Poseidon::new().unwrap())
    }
    fn committer() -> &'static Committer<Banderwagon> {
        static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
        C.get_or_init(|| Committer::new(Crs::with_size(N)))
    }
}

impl Inst for GrumpkinGadget {
    fn params() -> &'static Params<Self> {
        static P: OnceLock<Params<GrumpkinGadget>> = OnceLock::new();
        P.get_or_init(|| Poseidon::new().unwrap())
    }
    fn committer() -> &'static Committer<Grumpkin> {
        static C: OnceLock<Committer<Grumpkin>> = OnceLock::new();
        C.get_or_init(|| Committer::new(Crs::with_size(N)))
    }
}

fn satisfied<F: ark_ff::PrimeField>(cs: &ConstraintSystemRef<F>) -> bool {
    !cs.is_in_setup_mode() && cs.is_satisfied().unwrap()
}

struct Opening<G: Inst> {
    poly: Vec<ScalarOf<G>>,
    c: PointOf<G>,
    z: ScalarOf<G>,
    y: ScalarOf<G>,
    proof: IpaProof<G::Native>,
}

/// An honest opening at `z` (a random point outside the domain if `None`),
/// checked by the native verifier.
fn opening_at<G: Inst>(seed: u64, z: Option<u64>) -> Opening<G> {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 11 {
        let _ = ScalarOf::<G>::rand(&mut rng);
    }
    let poly: Vec<ScalarOf<G>> = (0..N).map(|_| ScalarOf::<G>::rand(&mut rng)).collect();
    let c = G::committer().commit(&poly).unwrap();
    let z = z.map_or_else(|| ScalarOf::<G>::rand(&mut rng), ScalarOf::<G>::from);
    let b = Domain::<ScalarOf<G>>::new(N).barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let crs = G::committer().crs();
    let mut tp = PoseidonTranscript::<G::Native>::new(G::params(), b"gadget");
    let proof = ipa::prove(&mut tp, crs, poly.clone(), &c, b.clone(), &z).unwrap();
    let mut tv = PoseidonTranscript::<G::Native>::new(G::params(), b"gadget");
    assert!(ipa::verify(&mut tv, crs, &c, &proof, &z, &y, &b).is_ok());
    Opening {
        poly,
        c,
        z,
        y,
        proof,
    }
}

fn ipa_system<G: Inst>(
    c: PointOf<G>,
    z: ScalarOf<G>,
    y: ScalarOf<G>,
    proof: &IpaProof<G::Native>,
) -> ConstraintSystemRef<G::Base> {
    ipa_system_with::<G>(c, z, y, proof, false)
}

/// With `in_domain`, through `ipa_verify_in_domain`.
fn ipa_system_with<G: Inst>(
    c: PointOf<G>,
    z: ScalarOf<G>,
    y: ScalarOf<G>,
    proof: &IpaProof<G::Native>,
    in_domain: bool,
) -> ConstraintSystemRef<G::Base> {
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let cv = G::alloc_public_point(cs.clone(), || Ok(c)).unwrap();
    let zs = G::scalar_input(cs.clone(), || Ok(z)).unwrap();
    let ys = G::scalar_input(cs.clone(), || Ok(y)).unwrap();
    let pv = IpaProofVar::<G>::new_witness(cs.clone(), Some(proof), N.trailing_zeros() as usize)
        .unwrap();
    let mut t = PoseidonTranscriptVar::new(G::params(), b"gadget").unwrap();
    let vk = VerifierKey::<G>::from_crs(G::committer().crs());
    // a synthesis error (no witness for an inverse) counts as unsatisfied
    let verify = if in_domain {
        ipa_verify_in_domain
    } else {
        ipa_verify
    };
    if verify(&mut t, &vk, &cv, &zs, &ys, &pv).is_err() {
        cs.set_mode(SynthesisMode::Setup);
    }
    cs
}

fn transcript_matches<G: Inst>() {
    let mut rng = ark_std::test_rng();
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let mut native = PoseidonTranscript::<G::Native>::new(G::params(), b"some label");
    let mut var = PoseidonTranscriptVar::new(G::params(), b"some label").unwrap();
    for i in 0..6 {
        // the identity too (its absorbed coordinates are special)
        let p = if i == 3 {
            PointOf::<G>::default()
        } else {
            PointOf::<G>::rand(&mut rng)
        };
        native.append_point(&p, b"p");
        let pv = G::alloc_public_point(cs.clone(), || Ok(p)).unwrap();
        var.absorb_coordinates(&G::coordinates(&pv).unwrap())
            .unwrap();
        let s = if i == 4 {
            -ScalarOf::<G>::one()
        } else {
            ScalarOf::<G>::rand(&mut rng)
        };
        native.append_scalar(&s, b"s");
        let sv = G::scalar_input(cs.clone(), || Ok(s)).unwrap();
        for v in G::absorb_scalar(&sv).unwrap() {
            var.absorb(&v).unwrap();
        }
        if i % 2 == 0 {
            native.domain_sep(b"sep");
            var.domain_sep(b"sep").unwrap();
        }
        let c = native.challenge_scalar(b"c");
        let cv = var.challenge().unwrap();
        let cs_ = G::scalar_input(cs.clone(), || Ok(c)).unwrap();
        assert_eq!(cs_.native.value().unwrap(), cv.value.value().unwrap());
    }
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn transcript_gadget_matches_native() {
    transcript_matches::<BanderwagonGadget>();
    transcript_matches::<GrumpkinGadget>();
}

/// Every single change to the statement or the proof is rejected.
fn assert_tampering_rejected<G: Inst>(o: &Opening<G>) {
    let one = ScalarOf::<G>::one();
    assert!(!satisfied(&ipa_system::<G>(o.c, o.z, o.y + one, &o.proof)));
    assert!(!satisfied(&ipa_system::<G>(o.c, o.z + one, o.y, &o.proof)));
    assert!(!satisfied(&ipa_system::<G>(o.c, o.z - one, o.y, &o.proof)));
    let g0 = G::committer().crs().g[0];
    assert!(!satisfied(&ipa_system::<G>(o.c + g0, o.z, o.y, &o.proof)));
    for k in 0..o.proof.l.len() {
        let mut p = o.proof.clone();
        p.l[k] += g0;
        assert!(!satisfied(&ipa_system::<G>(o.c, o.z, o.y, &p)));
        let mut p = o.proof.clone();
        p.r[k] += g0;
        assert!(!satisfied(&ipa_system::<G>(o.c, o.z, o.y, &p)));
    }
    let mut p = o.proof.clone();
    p.a += one;
    assert!(!satisfied(&ipa_system::<G>(o.c, o.z, o.y, &p)));
}

fn ipa_accepts_and_rejects<G: Inst>() {
    let o = opening_at::<G>(3, None);
    let cs = ipa_system::<G>(o.c, o.z, o.y, &o.proof);
    assert!(satisfied(&cs));
    eprintln!("ipa n={N}: {} constraints", cs.num_constraints());
    assert_tampering_rejected(&o);
    // an opening at a random z, claimed at a domain point with the value
    // the polynomial has there
    for i in [0, 5, N - 1] {
        let zi = ScalarOf::<G>::from(i as u64);
        assert!(!satisfied(&ipa_system::<G>(o.c, zi, o.poly[i], &o.proof)));
    }
}

fn ipa_at_domain_points<G: Inst>() {
    for (seed, z) in [(1, 0u64), (2, 5), (4, N as u64 - 1)] {
        let o = opening_at::<G>(seed, Some(z));
        // the unit vector: the opened value is the committed entry
        assert_eq!(o.y, o.poly[z as usize]);
        assert!(
            satisfied(&ipa_system::<G>(o.c, o.z, o.y, &o.proof)),
            "z = {z}"
        );
        // every proof element once (at z = 5), the value everywhere
        if z == 5 {
            assert_tampering_rejected(&o);
        }
        // another entry of the vector, and the same value at another point
        let other = (z as usize + 1) % N;
        let zo = ScalarOf::<G>::from(other as u64);
        assert!(!satisfied(&ipa_system::<G>(
            o.c,
            o.z,
            o.poly[other],
            &o.proof
        )));
        assert!(!satisfied(&ipa_system::<G>(o.c, zo, o.y, &o.proof)));
    }
}

/// `ipa_verify_in_domain`: honest openings at domain points pass, every
/// tampering fails, and a valid opening outside the domain fails.
fn ipa_in_domain<G: Inst>() {
    for (seed, z) in [(1, 0u64), (2, 5), (4, N as u64 - 1)] {
        let o = opening_at::<G>(seed, Some(z));
        assert!(satisfied(&ipa_system_with::<G>(
            o.c, o.z, o.y, &o.proof, true
        )));
        let one = ScalarOf::<G>::one();
        assert!(!satisfied(&ipa_system_with::<G>(
            o.c,
            o.z,
            o.y + one,
            &o.proof,
            true
        )));
        assert!(!satisfied(&ipa_system_with::<G>(
            o.c,
            o.z + one,
            o.y,
            &o.proof,
            true
        )));
        let other = (z as usize + 1) % N;
        assert!(!satisfied(&ipa_system_with::<G>(
            o.c,
            o.z,
            o.poly[other],
            &o.proof,
            true
        )));
        if z != 5 {
            continue;
        }
        let g0 = G::committer().crs().g[0];
        assert!(!satisfied(&ipa_system_with::<G>(
            o.c + g0,
            o.z,
            o.y,
            &o.proof,
            true
        )));
        let mut p = o.proof.clone();
        p.l[0] += g0;
        assert!(!satisfied(&ipa_system_with::<G>(o.c, o.z, o.y, &p, true)));
        let mut p = o.proof.clone();
        p.a += one;
        assert!(!satisfied(&ipa_system_with::<G>(o.c, o.z, o.y, &p, true)));
    }
    let o = opening_at::<G>(6, None);
    assert!(satisfied(&ipa_system::<G>(o.c, o.z, o.y, &o.proof)));
    assert!(!satisfied(&ipa_system_with::<G>(
        o.c, o.z, o.y, &o.proof, true
    )));
}

#[test]
fn ipa_in_domain_gadget_banderwagon() {
    ipa_in_domain::<BanderwagonGadget>();
}

#[test]
fn ipa_in_domain_gadget_grumpkin() {
    ipa_in_domain::<GrumpkinGadget>();
}

#[test]
fn ipa_gadget_accepts_and_rejects_banderwagon() {
    ipa_accepts_and_rejects::<BanderwagonGadget>();
}

#[test]
fn ipa_gadget_accepts_and_rejects_grumpkin() {
    ipa_accepts_and_rejects::<GrumpkinGadget>();
}

#[test]
fn ipa_gadget_at_domain_points_banderwagon() {
    ipa_at_domain_points::<BanderwagonGadget>();
}

#[test]
fn ipa_gadget_at_domain_points_grumpkin() {
    ipa_at_domain_points::<GrumpkinGadget>();
}

type Query<G> = (PointOf<G>, usize, ScalarOf<G>);

fn multiproof_system<G: Inst>(
    qs: &[Query<G>],
    proof: &MultiProof<G::Native>,
) -> ConstraintSystemRef<G::Base> {
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let qv: Vec<QueryVar<G>> = qs
        .iter()
        .map(|(c, z, y)| QueryVar::<G>::new_input(cs.clone(), *c, *z, *y).unwrap())
        .collect();
    let pv = MultiProofVar::<G>::new_witness(cs.clone(), Some(proof), N.trailing_zeros() as usize)
        .unwrap();
    let mut t = PoseidonTranscriptVar::new(G::params(), b"gadget-mp").unwrap();
    let vk = VerifierKey::<G>::from_crs(G::committer().crs());
    if multiproof_verify(&mut t, &vk, &qv, &pv).is_err() {
        cs.set_mode(SynthesisMode::Setup);
    }
    cs
}

fn multiproof_case<G: Inst>(seed: u64, nq: usize) -> (Vec<Query<G>>, MultiProof<G::Native>) {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 13 {
        let _ = ScalarOf::<G>::rand(&mut rng);
    }
    let polys: Vec<Vec<ScalarOf<G>>> = (0..nq)
        .map(|_| (0..N).map(|_| ScalarOf::<G>::rand(&mut rng)).collect())
        .collect();
    let cs: Vec<_> = polys
        .iter()
        .map(|p| G::committer().commit(p).unwrap())
        .collect();
    let points: Vec<usize> = (0..nq).map(|i| (seed as usize + 3 * i) % N).collect();
    let queries: Vec<ProverQuery<'_, G::Native>> = (0..nq)
        .map(|i| ProverQuery {
            commitment: cs[i],
            poly: &polys[i],
            point: points[i],
            result: polys[i][points[i]],
        })
        .collect();
    let dom = Domain::<ScalarOf<G>>::new(N);
    let mut tp = PoseidonTranscript::<G::Native>::new(G::params(), b"gadget-mp");
    let proof = multiproof::prove(G::committer(), &dom, &mut tp, &queries).unwrap();
    let mut tv = PoseidonTranscript::<G::Native>::new(G::params(), b"gadget-mp");
    let vq: Vec<_> = queries
        .iter()
        .map(|q| multiproof::VerifierQuery {
            commitment: q.commitment,
            point: q.point,
            result: q.result,
        })
        .collect();
    assert!(multiproof::verify(G::committer().crs(), &dom, &mut tv, &vq, &proof).is_ok());
    let qs = queries
        .iter()
        .map(|q| (q.commitment, q.point, q.result))
        .collect();
    (qs, proof)
}

fn multiproof_accepts_and_rejects<G: Inst>() {
    let (qs, proof) = multiproof_case::<G>(5, 2);
    let cs = multiproof_system::<G>(&qs, &proof);
    assert!(satisfied(&cs));
    eprintln!(
        "multiproof n={N}, 2 queries: {} constraints",
        cs.num_constraints()
    );
    let g = &G::committer().crs().g;
    let one = ScalarOf::<G>::one();
    for k in 0..qs.len() {
        let mut bad = qs.clone();
        bad[k].2 += one;
        assert!(!satisfied(&multiproof_system::<G>(&bad, &proof)));
        let mut bad = qs.clone();
        bad[k].1 = (bad[k].1 + 1) % N;
        assert!(!satisfied(&multiproof_system::<G>(&bad, &proof)));
        let mut bad = qs.clone();
        bad[k].0 += g[1];
        assert!(!satisfied(&multiproof_system::<G>(&bad, &proof)));
    }
    let mut p = proof.clone();
    p.d += g[2];
    assert!(!satisfied(&multiproof_system::<G>(&qs, &p)));
    for k in 0..p.ipa.l.len() {
        let mut p = proof.clone();
        p.ipa.l[k] += g[0];
        assert!(!satisfied(&multiproof_system::<G>(&qs, &p)));
        let mut p = proof.clone();
        p.ipa.r[k] += g[0];
        assert!(!satisfied(&multiproof_system::<G>(&qs, &p)));
    }
    let mut p = proof.clone();
    p.ipa.a += one;
    assert!(!satisfied(&multiproof_system::<G>(&qs, &p)));
}

#[test]
fn multiproof_gadget_accepts_and_rejects_banderwagon() {
    multiproof_accepts_and_rejects::<BanderwagonGadget>();
}

#[test]
fn multiproof_gadget_accepts_and_rejects_grumpkin() {
    multiproof_accepts_and_rejects::<GrumpkinGadget>();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2))]
    #[test]
    fn ipa_gadget_native_agreement(seed in any::<u64>(), at in 0..(2 * N as u64)) {
        // half the cases at a domain point, half outside
        let at = (at < N as u64).then_some(at);
        let o = opening_at::<BanderwagonGadget>(seed, at);
        prop_assert!(satisfied(&ipa_system::<BanderwagonGadget>(o.c, o.z, o.y, &o.proof)));
        let o = opening_at::<GrumpkinGadget>(seed, at);
        prop_assert!(satisfied(&ipa_system::<GrumpkinGadget>(o.c, o.z, o.y, &o.proof)));
        prop_assert!(!satisfied(&ipa_system::<GrumpkinGadget>(o.c, o.z, o.y + ScalarOf::<GrumpkinGadget>::one(), &o.proof)));
    }

    #[test]
    fn multiproof_gadget_native_agreement(seed in any::<u64>(), nq in 1usize..3) {
        let (qs, proof) = multiproof_case::<BanderwagonGadget>(seed, nq);
        prop_assert!(satisfied(&multiproof_system::<BanderwagonGadget>(&qs, &proof)));
        let (qs, proof) = multiproof_case::<GrumpkinGadget>(seed, nq);
        prop_assert!(satisfied(&multiproof_system::<GrumpkinGadget>(&qs, &proof)));
    }
}
