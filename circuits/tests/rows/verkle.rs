//! Verkle rows: the IPA-opening and multiproof verifier gadgets at width 256
//! (Poseidon transcript) for both instances — Banderwagon over BLS12-381 Fr
//! and Grumpkin over BN254 Fr — each beside a binary Poseidon Merkle path
//! over the same number of leaves (depth 8) in the same field.

use ark_ff::UniformRand;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::ConstraintSystem;
use umbra_circuits::poseidon::MerklePathVar;
use umbra_circuits::table::CountRow;
use umbra_circuits::verkle::{
    BanderwagonGadget, GroupScalarVar, GrumpkinGadget, IpaProofVar, MultiProofVar, PointOf,
    PoseidonTranscriptVar, QueryVar, ScalarOf, VerifierKey, VerkleGroupVar, ipa_verify,
    ipa_verify_in_domain, multiproof_verify,
};
use umbra_poseidon::{CtField, Poseidon};
use umbra_verkle::commit::inner_product;
use umbra_verkle::multiproof::ProverQuery;
use umbra_verkle::transcript::POSEIDON_TRANSCRIPT_WIDTH;
use umbra_verkle::{Committer, Crs, Domain, PoseidonTranscript, ipa, multiproof};

const SECTION: &str = "Verkle";
const N: usize = 256;

type Params<G> = Poseidon<<G as VerkleGroupVar>::Base, POSEIDON_TRANSCRIPT_WIDTH>;

fn row(field: &'static str, gadget: String, constraints: usize, anchor: &'static str) -> CountRow {
    CountRow {
        section: SECTION,
        gadget,
        field,
        constraints,
        anchor,
    }
}

fn ipa_count<G: VerkleGroupVar>(
    committer: &Committer<G::Native>,
    params: &Params<G>,
    at: Option<u64>,
    in_domain: bool,
) -> usize {
    let mut rng = ark_std::test_rng();
    let poly: Vec<ScalarOf<G>> = (0..N).map(|_| ScalarOf::<G>::rand(&mut rng)).collect();
    let c = committer.commit(&poly).unwrap();
    let z = at.map_or_else(|| ScalarOf::<G>::rand(&mut rng), ScalarOf::<G>::from);
    let b = Domain::<ScalarOf<G>>::new(N).barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let mut tp = PoseidonTranscript::<G::Native>::new(params, b"rows");
    let proof = ipa::prove_with_tables(&mut tp, committer, poly, &c, b, &z).unwrap();
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let cv = G::alloc_public_point(cs.clone(), || Ok(c)).unwrap();
    let zs = G::scalar_input(cs.clone(), || Ok(z)).unwrap();
    let ys = G::scalar_input(cs.clone(), || Ok(y)).unwrap();
    let pv = IpaProofVar::<G>::new_witness(cs.clone(), Some(&proof), 8).unwrap();
    let mut t = PoseidonTranscriptVar::new(params, b"rows").unwrap();
    let vk = VerifierKey::<G>::from_crs(committer.crs());
    if in_domain {
        ipa_verify_in_domain(&mut t, &vk, &cv, &zs, &ys, &pv).unwrap();
    } else {
        ipa_verify(&mut t, &vk, &cv, &zs, &ys, &pv).unwrap();
    }
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

fn transcript_count<G: VerkleGroupVar>(params: &Params<G>) -> usize {
    // The IPA transcript alone: C, z, y, challenge w, then 8 x (L, R,
    // challenge x); points and scalars are public inputs, so the count is
    // the permutations, the challenges' bit decompositions and what the
    // instance spends to read a point's coordinates.
    let mut rng = ark_std::test_rng();
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let mut t = PoseidonTranscriptVar::new(params, b"rows").unwrap();
    let mut point = || {
        let p = PointOf::<G>::rand(&mut rng);
        let p = G::alloc_public_point(cs.clone(), || Ok(p)).unwrap();
        G::coordinates(&p).unwrap()
    };
    t.domain_sep(b"ipa").unwrap();
    t.absorb_coordinates(&point()).unwrap();
    for _ in 0..2 {
        t.absorb(&FpVar::new_input(cs.clone(), || Ok(G::Base::from(7u64))).unwrap())
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

fn multiproof_count<G: VerkleGroupVar>(
    committer: &Committer<G::Native>,
    params: &Params<G>,
    nq: usize,
) -> usize {
    let mut rng = ark_std::test_rng();
    let polys: Vec<Vec<ScalarOf<G>>> = (0..nq)
        .map(|_| (0..N).map(|_| ScalarOf::<G>::rand(&mut rng)).collect())
        .collect();
    let cs_: Vec<_> = polys.iter().map(|p| committer.commit(p).unwrap()).collect();
    let queries: Vec<ProverQuery<'_, G::Native>> = (0..nq)
        .map(|i| ProverQuery {
            commitment: cs_[i],
            poly: &polys[i],
            point: (17 + 40 * i) % N,
            result: polys[i][(17 + 40 * i) % N],
        })
        .collect();
    let dom = Domain::<ScalarOf<G>>::new(N);
    let mut tp = PoseidonTranscript::<G::Native>::new(params, b"rows");
    let proof = multiproof::prove(committer, &dom, &mut tp, &queries).unwrap();
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let qv: Vec<QueryVar<G>> = queries
        .iter()
        .map(|q| QueryVar::<G>::new_input(cs.clone(), q.commitment, q.point, q.result).unwrap())
        .collect();
    let pv = MultiProofVar::<G>::new_witness(cs.clone(), Some(&proof), 8).unwrap();
    let mut t = PoseidonTranscriptVar::new(params, b"rows").unwrap();
    multiproof_verify(
        &mut t,
        &VerifierKey::<G>::from_crs(committer.crs()),
        &qv,
        &pv,
    )
    .unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

fn merkle_count<F: CtField>(depth: usize) -> usize {
    let p = Poseidon::<F, 3>::new().unwrap();
    let siblings: Vec<F> = (0..depth).map(|i| F::from(100 + i as u64)).collect();
    let index = 0xa5;
    let leaf = F::from(1u64);
    let root = p.merkle_root(&leaf, &siblings, index).unwrap();
    let cs = ConstraintSystem::<F>::new_ref();
    let r = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
    let l = FpVar::new_input(cs.clone(), || Ok(leaf)).unwrap();
    let path = MerklePathVar::new_witness(cs.clone(), depth, Some(&siblings), Some(index)).unwrap();
    path.enforce_membership(&p, &l, &r).unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

/// Unit costs of the pieces the IPA verifier repeats (deltas on a system
/// holding two witness scalars and a proof point).
fn unit_counts<G: VerkleGroupVar>() -> [usize; 6] {
    let mut rng = ark_std::test_rng();
    let cs = ConstraintSystem::<G::Base>::new_ref();
    let a =
        GroupScalarVar::<G>::new_witness(cs.clone(), || Ok(ScalarOf::<G>::rand(&mut rng))).unwrap();
    let b =
        GroupScalarVar::<G>::new_witness(cs.clone(), || Ok(ScalarOf::<G>::rand(&mut rng))).unwrap();
    let p = PointOf::<G>::rand(&mut rng);
    let mut n = cs.num_constraints();
    let mut delta = || {
        let m = cs.num_constraints();
        let d = m - n;
        n = m;
        d
    };
    delta();
    let pv = G::alloc_proof_point(cs.clone(), || Ok(p)).unwrap();
    let alloc = delta();
    let _ = GroupScalarVar::<G>::from_emulated(&(&a.emu * &b.emu)).unwrap();
    let prod = delta();
    let _ = (&a.emu - &b.emu).inverse().unwrap();
    let inv = delta();
    let _ = G::fixed_base_msm(&[(p, &a.bits[..])]).unwrap();
    let fixed = delta();
    let _ = G::scalar_mul_le(&pv, &b.bits).unwrap();
    let var = delta();
    let _ = G::add(&pv, &G::scalar_mul_le(&pv, &a.bits[..2]).unwrap()).unwrap();
    let _ = delta();
    let _ = G::add(
        &pv,
        &G::alloc_proof_point(cs.clone(), || Ok(p + p)).unwrap(),
    )
    .unwrap();
    let add = delta() - alloc;
    assert!(cs.is_satisfied().unwrap());
    [alloc, prod, inv, fixed, var, add]
}

fn instance_rows<G: VerkleGroupVar>(field: &'static str, name: &str, bits: usize) -> Vec<CountRow>
where
    G::Base: CtField,
{
    let params = Params::<G>::new().unwrap();
    let committer = Committer::<G::Native>::new(Crs::new());
    let mut out = vec![
        row(
            field,
            format!(
                "{name}: IPA opening verify, width 256 (8 rounds), public C, z, y; any z (same count inside and outside the domain)"
            ),
            ipa_count::<G>(&committer, &params, None, false),
            "— (no published in-circuit Verkle verifier)",
        ),
        row(
            field,
            format!(
                "{name}: IPA opening verify at a domain point (ipa_verify_in_domain), width 256, z = 17"
            ),
            ipa_count::<G>(&committer, &params, Some(17), true),
            "—",
        ),
        row(
            field,
            format!("{name}: of which: Poseidon transcript of the IPA (t = 5, 9 challenges)"),
            transcript_count::<G>(&params),
            "—",
        ),
    ];
    let [alloc, prod, inv, fixed, var, add] = unit_counts::<G>();
    let units = [
        (
            "unit: proof point allocation with the decoder's checks".to_string(),
            alloc,
            "—",
        ),
        ("unit: point addition".to_string(), add, "—"),
        (
            "unit: emulated product of two scalars, result as bits (one s_i)".to_string(),
            prod,
            "—",
        ),
        (
            "unit: emulated inverse (one 1/(z - i))".to_string(),
            inv,
            "—",
        ),
        (
            format!("unit: fixed-base scalar mult, {bits}-bit (one s_i G_i)"),
            fixed,
            "Zcash 750 (Jubjub, 252-bit)",
        ),
        (
            format!("unit: variable-base scalar mult, {bits}-bit"),
            var,
            "Zcash 3,252; arkworks 3,273 (Jubjub)",
        ),
    ];
    for (g, c, a) in units {
        out.push(row(field, format!("{name}: {g}"), c, a));
    }
    for nq in [1usize, 4] {
        out.push(row(
            field,
            format!("{name}: multiproof verify, width 256, {nq} opening(s) at domain points"),
            multiproof_count::<G>(&committer, &params, nq),
            "—",
        ));
    }
    out.push(row(
        field,
        "Poseidon Merkle path, depth 8 (256 leaves, binary, hash2)".into(),
        merkle_count::<G::Base>(8),
        "243 per level (issue anchor)",
    ));
    out
}

pub fn rows() -> Vec<CountRow> {
    let mut out = instance_rows::<BanderwagonGadget>("BLS12-381 Fr", "Banderwagon", 253);
    out.extend(instance_rows::<GrumpkinGadget>("BN254 Fr", "Grumpkin", 254));
    out
}
