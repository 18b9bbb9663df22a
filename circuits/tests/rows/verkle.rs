//! Verkle rows: the IPA-opening and multiproof verifier gadgets at width 256
//! (Banderwagon over BLS12-381 Fr, Poseidon transcript), beside a binary
//! Poseidon Merkle path over the same number of leaves (depth 8).

use ark_ff::UniformRand;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::ConstraintSystem;
use umbra_circuits::poseidon::MerklePathVar;
use umbra_circuits::table::CountRow;
use umbra_circuits::verkle::{
    BanderwagonVar, Base, GroupScalarVar, PoseidonTranscriptVar, VerkleGroupVar, ipa_verify,
    multiproof_verify,
};
use umbra_poseidon::Poseidon;
use umbra_verkle::commit::inner_product;
use umbra_verkle::multiproof::ProverQuery;
use umbra_verkle::transcript::{POSEIDON_TRANSCRIPT_WIDTH, scalar_to_base};
use umbra_verkle::{
    Banderwagon, BanderwagonScalar as Fr, Committer, Crs, Domain, PoseidonTranscript, ipa,
    multiproof,
};

const SECTION: &str = "Verkle";
const FIELD: &str = "BLS12-381 Fr";
const N: usize = 256;

type G = BanderwagonVar;
type ScalarVar = GroupScalarVar<G>;
type IpaProofVar = umbra_circuits::verkle::IpaProofVar<G>;
type MultiProofVar = umbra_circuits::verkle::MultiProofVar<G>;
type QueryVar = umbra_circuits::verkle::QueryVar<G>;
type VerifierKey = umbra_circuits::verkle::VerifierKey<G>;

fn row(gadget: &str, constraints: usize, anchor: &'static str) -> CountRow {
    CountRow {
        section: SECTION,
        gadget: gadget.into(),
        field: FIELD,
        constraints,
        anchor,
    }
}

fn ipa_count(
    committer: &Committer<Banderwagon>,
    params: &Poseidon<Base, POSEIDON_TRANSCRIPT_WIDTH>,
    at: Option<u64>,
) -> usize {
    let mut rng = ark_std::test_rng();
    let poly: Vec<Fr> = (0..N).map(|_| Fr::rand(&mut rng)).collect();
    let c = committer.commit(&poly).unwrap();
    let z = at.map_or_else(|| Fr::rand(&mut rng), Fr::from);
    let b = Domain::<Fr>::new(N).barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let mut tp = PoseidonTranscript::<Banderwagon>::new(params, b"rows");
    let proof = ipa::prove_with_tables(&mut tp, committer, poly, &c, b, &z).unwrap();
    let cs = ConstraintSystem::<Base>::new_ref();
    let cv = G::alloc_public_point(cs.clone(), || Ok(c)).unwrap();
    let zv = FpVar::new_input(cs.clone(), || Ok(scalar_to_base::<Fr, Base>(&z))).unwrap();
    let yv = FpVar::new_input(cs.clone(), || Ok(scalar_to_base::<Fr, Base>(&y))).unwrap();
    let zs = ScalarVar::from_native(&zv, 253).unwrap();
    let ys = ScalarVar::from_native(&yv, 253).unwrap();
    let pv = IpaProofVar::new_witness(cs.clone(), Some(&proof), 8).unwrap();
    let mut t = PoseidonTranscriptVar::new(params, b"rows").unwrap();
    ipa_verify(
        &mut t,
        &VerifierKey::from_crs(committer.crs()),
        &cv,
        &zs,
        &ys,
        &pv,
    )
    .unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

fn transcript_count(params: &Poseidon<Base, POSEIDON_TRANSCRIPT_WIDTH>) -> usize {
    // The IPA transcript alone: C, z, y, challenge w, then 8 x (L, R,
    // challenge x); points and scalars are inputs (no constraints), so the
    // count is the permutations plus the challenges' bit decompositions.
    let mut rng = ark_std::test_rng();
    let cs = ConstraintSystem::<Base>::new_ref();
    let mut t = PoseidonTranscriptVar::new(params, b"rows").unwrap();
    let mut point = || {
        let p = ark_ec::twisted_edwards::Projective::rand(&mut rng);
        let p = G::alloc_public_point(cs.clone(), || Ok(p)).unwrap();
        G::coordinates(&p)
    };
    t.domain_sep(b"ipa").unwrap();
    t.absorb_coordinates(&point()).unwrap();
    for _ in 0..2 {
        t.absorb(&FpVar::new_input(cs.clone(), || Ok(Base::from(7u64))).unwrap())
            .unwrap();
    }
    t.challenge().unwrap();
    for _ in 0..8 {
        t.absorb_coordinates(&point()).unwrap();
        t.absorb_coordinates(&point()).unwrap();
        t.challenge().unwrap();
    }
    cs.num_constraints()
}

fn multiproof_count(
    committer: &Committer<Banderwagon>,
    params: &Poseidon<Base, POSEIDON_TRANSCRIPT_WIDTH>,
    nq: usize,
) -> usize {
    let mut rng = ark_std::test_rng();
    let polys: Vec<Vec<Fr>> = (0..nq)
        .map(|_| (0..N).map(|_| Fr::rand(&mut rng)).collect())
        .collect();
    let cs_: Vec<_> = polys.iter().map(|p| committer.commit(p).unwrap()).collect();
    let queries: Vec<ProverQuery<'_, Banderwagon>> = (0..nq)
        .map(|i| ProverQuery {
            commitment: cs_[i],
            poly: &polys[i],
            point: (17 + 40 * i) % N,
            result: polys[i][(17 + 40 * i) % N],
        })
        .collect();
    let dom = Domain::<Fr>::new(N);
    let mut tp = PoseidonTranscript::<Banderwagon>::new(params, b"rows");
    let proof = multiproof::prove(committer, &dom, &mut tp, &queries).unwrap();
    let cs = ConstraintSystem::<Base>::new_ref();
    let qv: Vec<QueryVar> = queries
        .iter()
        .map(|q| QueryVar::new_input(cs.clone(), q.commitment, q.point, q.result).unwrap())
        .collect();
    let pv = MultiProofVar::new_witness(cs.clone(), Some(&proof), 8).unwrap();
    let mut t = PoseidonTranscriptVar::new(params, b"rows").unwrap();
    multiproof_verify(&mut t, &VerifierKey::from_crs(committer.crs()), &qv, &pv).unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

fn merkle_count(depth: usize) -> usize {
    let p = Poseidon::<Base, 3>::new().unwrap();
    let siblings: Vec<Base> = (0..depth).map(|i| Base::from(100 + i as u64)).collect();
    let index = 0xa5;
    let leaf = Base::from(1u64);
    let root = p.merkle_root(&leaf, &siblings, index).unwrap();
    let cs = ConstraintSystem::<Base>::new_ref();
    let r = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
    let l = FpVar::new_input(cs.clone(), || Ok(leaf)).unwrap();
    let path = MerklePathVar::new_witness(cs.clone(), depth, Some(&siblings), Some(index)).unwrap();
    path.enforce_membership(&p, &l, &r).unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

/// Unit costs of the pieces the IPA verifier repeats (deltas on a system
/// holding two witness scalars and a witness point).
fn unit_counts() -> [usize; 5] {
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::fields::FieldVar;
    use umbra_circuits::verkle::PointVar;
    let mut rng = ark_std::test_rng();
    let cs = ConstraintSystem::<Base>::new_ref();
    let a = ScalarVar::new_witness(cs.clone(), || Ok(Fr::rand(&mut rng))).unwrap();
    let b = ScalarVar::new_witness(cs.clone(), || Ok(Fr::rand(&mut rng))).unwrap();
    let p = ark_ec::twisted_edwards::Projective::rand(&mut rng);
    let pv = PointVar::new_witness(cs.clone(), || Ok(p)).unwrap();
    let mut n = cs.num_constraints();
    let mut delta = || {
        let m = cs.num_constraints();
        let d = m - n;
        n = m;
        d
    };
    delta();
    let _ = ScalarVar::from_emulated(&(&a.emu * &b.emu)).unwrap();
    let prod = delta();
    let _ = (&a.emu - &b.emu).inverse().unwrap();
    let inv = delta();
    let _ = G::fixed_base_msm(&[(p, &a.bits[..])]).unwrap();
    let fixed = delta();
    let _ = G::scalar_mul_le(&pv, &b.bits).unwrap();
    let var = delta();
    let _ = G::alloc_proof_point(cs.clone(), || Ok(p)).unwrap();
    let alloc = delta();
    assert!(cs.is_satisfied().unwrap());
    [prod, inv, fixed, var, alloc]
}

pub fn rows() -> Vec<CountRow> {
    let params = Poseidon::<Base, POSEIDON_TRANSCRIPT_WIDTH>::new().unwrap();
    let committer = Committer::<Banderwagon>::new(Crs::new());
    let mut out = vec![
        row(
            "IPA opening verify, width 256 (8 rounds), public C, z, y; z outside the domain",
            ipa_count(&committer, &params, None),
            "— (no published in-circuit Verkle verifier)",
        ),
        row(
            "IPA opening verify, width 256, z = 17 (a domain point: unit vector)",
            ipa_count(&committer, &params, Some(17)),
            "—",
        ),
        row(
            "of which: Poseidon transcript of the IPA (t = 5, 9 challenges)",
            transcript_count(&params),
            "—",
        ),
    ];
    let [prod, inv, fixed, var, alloc] = unit_counts();
    out.push(row(
        "unit: emulated product of two scalars, result as bits (one s_i)",
        prod,
        "—",
    ));
    out.push(row("unit: emulated inverse (one 1/(z - i))", inv, "—"));
    out.push(row(
        "unit: fixed-base scalar mult, 253-bit (one s_i G_i, edwards Montgomery segments)",
        fixed,
        "Zcash 750 (3-bit windows, 252-bit)",
    ));
    out.push(row(
        "unit: variable-base scalar mult, 253-bit (edwards 2-bit windows)",
        var,
        "Zcash 3,252; arkworks 3,273",
    ));
    out.push(row(
        "unit: proof point allocation (on curve, subgroup, canonical)",
        alloc,
        "—",
    ));
    for nq in [1usize, 2, 4] {
        out.push(row(
            &format!("multiproof verify, width 256, {nq} opening(s) at domain points"),
            multiproof_count(&committer, &params, nq),
            "—",
        ));
    }
    out.push(row(
        "Poseidon Merkle path, depth 8 (256 leaves, binary, hash2)",
        merkle_count(8),
        "243 per level (issue anchor)",
    ));
    out
}
