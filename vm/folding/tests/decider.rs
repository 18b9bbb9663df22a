//! The relaxed-R1CS decider (`umbra_folding::decider`): Groth16 over the
//! decider circuit plus a batched KZG opening of the instance's commitments.
//! Honest pairs (running pairs of NIFS folds, zero-knowledge folded pairs,
//! with and without an advice block) are decided; unsatisfiable pairs are
//! not, whatever a malicious prover assigns — including the forgery of
//! `docs/decider.md`, "The trap"; every proof field, byte and instance field
//! tampered is a typed error; every witness variable of the decider circuit
//! is pinned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use ark_bn254::G1Affine;
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{Field, One, UniformRand, Zero};
use ark_relations::gr1cs::ConstraintSynthesizer;
use ark_std::rand::rngs::StdRng;
use umbra_folding::decider::{
    self, Commitment, DECIDER_PROOF_BYTES, DECIDER_PROOF_VERSION, DeciderAssignment,
    DeciderCircuit, DeciderProof, DeciderProvingKey, KindAssignment, KzgVerifierKey, kzg,
};
use umbra_folding::{
    CommitmentKey, Error, Fr, G1, NovaParams, PoseidonChainStep, R1csShape, RelaxedR1csInstance,
    StepR1cs, fold_with_random, generate_witness,
};

use crate::zk::{Pair, honest_running, params, recommit, relaxed_pair_of, seeded};

/// The label of the toy parameters' development key (`zk::params`).
const LABEL: &[u8] = b"umbra-folding zk tests";

struct Keys {
    params: NovaParams<G1>,
    pk: DeciderProvingKey,
}

/// The toy's parameters and decider keys, without (`false`) or with
/// (`true`) the advice block; built once.
fn keys(advice: bool) -> &'static Keys {
    static KEYS: [OnceLock<Keys>; 2] = [OnceLock::new(), OnceLock::new()];
    KEYS[usize::from(advice)].get_or_init(|| {
        let params = params::<G1>(advice);
        let kzg = KzgVerifierKey::insecure_dev(params.ck(), LABEL).unwrap();
        let pk = DeciderProvingKey::insecure_dev_setup(&[&params], kzg, b"decider tests").unwrap();
        Keys { params, pk }
    })
}

fn decide(k: &Keys, pair: &Pair<G1>, rng: &mut StdRng) -> Result<DeciderProof, Error> {
    decider::prove(&[&k.params], &k.pk, &[(&pair.0, &pair.1)], rng)
}

fn verify(k: &Keys, u: &RelaxedR1csInstance<G1>, proof: &DeciderProof) -> Result<(), Error> {
    decider::verify(k.pk.verifying_key(), &[u], proof)
}

/// A proof assembled from whatever a prover chooses: the circuit assigned
/// with `w` at the point `c`, the Groth16 commitment `commitment` (to any
/// vector), and the combined evaluation and opening of `vectors` (any
/// vectors) with `blinds` — nothing checked on the way.
fn hand_built(
    k: &Keys,
    u: &RelaxedR1csInstance<G1>,
    w: Vec<Fr>,
    (commitment, c): (&Commitment, Fr),
    (vectors, blinds): (&[Vec<Fr>; 3], [Fr; 3]),
    rng: &mut StdRng,
) -> DeciderProof {
    let rho = decider::opening_combiner(k.params.poseidon(), c);
    let flat: Vec<&[Fr]> = vectors.iter().map(Vec::as_slice).collect();
    let (y, opening) = decider::combined_opening(&k.params, &flat, c, rho).unwrap();
    let a = DeciderAssignment {
        kinds: vec![KindAssignment {
            u: u.u,
            x: u.x.clone(),
            w,
        }],
        c,
        rho,
        y,
    };
    let circuit = DeciderCircuit::new(decider::shapes(&[&k.params]), Some(a));
    let snark = k.pk.groth16().prove(circuit, commitment, rng).unwrap();
    DeciderProof {
        snark,
        y,
        blind: decider::combined_blind(&blinds, rho),
        opening,
    }
}

/// The Groth16 commitment to `w` and the evaluation point it gives.
fn committed_point(
    k: &Keys,
    u: &RelaxedR1csInstance<G1>,
    w: &[Fr],
    rng: &mut StdRng,
) -> (Commitment, Fr) {
    let cm = k.pk.groth16().commit(w, rng).unwrap();
    let c = decider::evaluation_point(k.params.poseidon(), &[k.params.digest()], &[u], &cm.d);
    (cm, c)
}

/// `(ω, rest, E)` as the engine commits them.
fn vectors_of(k: &Keys, w: &[Fr], e: &[Fr]) -> [Vec<Fr>; 3] {
    let adv = k.params.advice();
    let rest: Vec<Fr> = w[..adv.start]
        .iter()
        .chain(&w[adv.end..])
        .copied()
        .collect();
    [w[adv].to_vec(), rest, e.to_vec()]
}

fn evals_of(v: &[Vec<Fr>; 3], c: Fr) -> [Fr; 3] {
    [
        kzg::evaluate(&v[0], c),
        kzg::evaluate(&v[1], c),
        kzg::evaluate(&v[2], c),
    ]
}

/// `Az ∘ Bz − u·Cz`.
fn error_of(shape: &R1csShape<Fr>, u: Fr, x: &[Fr], w: &[Fr]) -> Vec<Fr> {
    let (az, bz, cz) = shape.multiply(u, x, w).unwrap();
    (0..az.len()).map(|i| az[i] * bz[i] - u * cz[i]).collect()
}

#[test]
fn kzg_quotient_evaluation_and_opening_known_answers() {
    // P = 1 + 2X + 3X² at 2: 17; (P − 17)/(X − 2) = 8 + 3X.
    let p = [Fr::from(1u64), Fr::from(2u64), Fr::from(3u64)];
    let c = Fr::from(2u64);
    assert_eq!(kzg::evaluate(&p, c), Fr::from(17u64));
    assert_eq!(kzg::quotient(&p, c), vec![Fr::from(8u64), Fr::from(3u64)]);
    assert!(kzg::quotient(&p[..1], c).is_empty());
    assert_eq!(kzg::evaluate(&[], c), Fr::zero());

    let ck = CommitmentKey::<G1>::insecure_dev_setup(8, LABEL).unwrap();
    let vk = KzgVerifierKey::insecure_dev(&ck, LABEL).unwrap();
    let mut rng = seeded(1);
    let v: Vec<Fr> = (0..8).map(|_| Fr::rand(&mut rng)).collect();
    let r = Fr::rand(&mut rng);
    let cm = ck.commit(&v, &r).unwrap().into_affine();
    let c = Fr::rand(&mut rng);
    let y = kzg::evaluate(&v, c);
    let pi = kzg::open(&ck, &v, c).unwrap();
    assert!(vk.verify(cm, r, c, y, pi));
    assert!(!vk.verify(cm, r, c, y + Fr::one(), pi), "wrong value");
    assert!(!vk.verify(cm, r + Fr::one(), c, y, pi), "wrong blind");
    assert!(!vk.verify(cm, r, c + Fr::one(), y, pi), "wrong point");
    let other = (pi.into_group() + G1Affine::generator()).into_affine();
    assert!(!vk.verify(cm, r, c, y, other), "wrong proof");
    assert_eq!(
        kzg::open(&ck, &[Fr::one(); 9], c),
        Err(Error::KeyTooShort),
        "longer than the key"
    );
    // A verifier key from another setup is refused.
    assert_eq!(
        KzgVerifierKey::insecure_dev(&ck, b"another label"),
        Err(Error::InvalidKey)
    );
}

#[test]
fn honest_pairs_are_decided_with_and_without_advice() {
    for advice in [false, true] {
        let k = keys(advice);
        let mut rng = seeded(10 + u64::from(advice));
        let running = honest_running(&k.params, &mut rng);
        let proof = decide(k, &running, &mut rng).unwrap();
        verify(k, &running.0, &proof).unwrap();

        // The encoding has the fixed length and round-trips.
        let bytes = proof.to_bytes();
        assert_eq!(bytes.len(), DECIDER_PROOF_BYTES);
        assert_eq!(DeciderProof::from_bytes(&bytes).unwrap(), proof);

        // The zero-knowledge fold of the pair: decided too.
        let zk = fold_with_random(&k.params, (&running.0, &running.1), &mut rng).unwrap();
        let zk_proof = decide(k, &(zk.instance.clone(), zk.witness.clone()), &mut rng).unwrap();
        verify(k, &zk.instance, &zk_proof).unwrap();

        // Two proofs of one pair differ (Groth16 is randomised), and a
        // proof does not carry over to another instance.
        let again = decide(k, &running, &mut rng).unwrap();
        assert_ne!(again.to_bytes(), bytes);
        verify(k, &running.0, &again).unwrap();
        assert!(verify(k, &zk.instance, &proof).is_err());
        assert!(verify(k, &running.0, &zk_proof).is_err());
    }
}

#[test]
fn the_proof_has_one_size_for_shapes_of_different_sizes() {
    // The toy and a 240-row Poseidon step: the same number of bytes.
    let toy = keys(false);
    let mut rng = seeded(20);
    let small = decide(toy, &honest_running(&toy.params, &mut rng), &mut rng).unwrap();

    let step = PoseidonChainStep::new(vec![Fr::from(11u64)]).unwrap();
    let circuit = |z| StepR1cs {
        step: &step,
        i: 0,
        z,
    };
    let shape = R1csShape::from_circuit(&circuit(None)).unwrap();
    let n = shape.num_witness().max(shape.num_constraints());
    assert!(n > 200);
    let ck = CommitmentKey::<G1>::insecure_dev_setup(n, LABEL).unwrap();
    let params = NovaParams::new(shape, ck).unwrap();
    let kzg = KzgVerifierKey::insecure_dev(params.ck(), LABEL).unwrap();
    let pk = DeciderProvingKey::insecure_dev_setup(&[&params], kzg, b"poseidon step").unwrap();
    let z0 = vec![Fr::from(3u64)];
    let a = generate_witness(params.shape(), &circuit(Some(&z0))).unwrap();
    let e = vec![Fr::zero(); params.shape().num_constraints()];
    let pair = recommit(&params, Fr::one(), a.x, a.w, e, &mut rng);
    let big = decider::prove(&[&params], &pk, &[(&pair.0, &pair.1)], &mut rng).unwrap();
    decider::verify(pk.verifying_key(), &[&pair.0], &big).unwrap();
    assert_eq!(small.to_bytes().len(), DECIDER_PROOF_BYTES);
    assert_eq!(big.to_bytes().len(), DECIDER_PROOF_BYTES);
    // And keys of one shape do not verify proofs of another.
    assert!(decider::verify(toy.pk.verifying_key(), &[&pair.0], &big).is_err());
}

/// Unsatisfiable pairs with every commitment an honest commitment of what
/// it holds: a witness variable, an error entry, `u`, or a public input
/// changed after the fact.
fn forged_pairs(k: &Keys, rng: &mut StdRng) -> Vec<(&'static str, Pair<G1>)> {
    let (u, w) = honest_running(&k.params, rng);
    let mut out = Vec::new();
    let last = w.w.len() - 1;
    for (name, j) in [
        ("first witness variable", 0),
        ("last witness variable", last),
    ] {
        let mut ww = w.w.clone();
        ww[j] += Fr::one();
        out.push((
            name,
            recommit(&k.params, u.u, u.x.clone(), ww, w.e.clone(), rng),
        ));
    }
    let mut e = w.e.clone();
    e[1] += Fr::one();
    out.push((
        "error entry",
        recommit(&k.params, u.u, u.x.clone(), w.w.clone(), e, rng),
    ));
    out.push((
        "u",
        recommit(
            &k.params,
            u.u + Fr::one(),
            u.x.clone(),
            w.w.clone(),
            w.e.clone(),
            rng,
        ),
    ));
    let mut x = u.x.clone();
    x[0] += Fr::one();
    out.push((
        "public input",
        recommit(&k.params, u.u, x, w.w.clone(), w.e.clone(), rng),
    ));
    out
}

#[test]
fn malicious_prover_cannot_decide_an_unsatisfiable_pair() {
    for advice in [false, true] {
        let k = keys(advice);
        let mut rng = seeded(30 + u64::from(advice));
        for (name, (u, w)) in forged_pairs(k, &mut rng) {
            // The honest prover refuses.
            assert_eq!(
                decide(k, &(u.clone(), w.clone()), &mut rng).unwrap_err(),
                Error::Unsatisfied,
                "{name}"
            );
            let (cm, c) = committed_point(k, &u, &w.w, &mut rng);
            let blinds = [w.r_omega, w.r_w, w.r_e];
            // Strategy 1: open the committed vectors; the circuit computes
            // E from W and does not match the committed E: the Groth16
            // proof is of an unsatisfied system.
            let committed = vectors_of(k, &w.w, &w.e);
            let p = hand_built(k, &u, w.w.clone(), (&cm, c), (&committed, blinds), &mut rng);
            assert_eq!(
                verify(k, &u, &p).unwrap_err(),
                Error::DeciderProofInvalid,
                "{name}: committed E"
            );
            // Strategy 2: claim the E the circuit computes; the Groth16
            // proof verifies but Ē does not open to it.
            let computed = error_of(k.params.shape(), u.u, &u.x, &w.w);
            let claimed = vectors_of(k, &w.w, &computed);
            let p = hand_built(k, &u, w.w.clone(), (&cm, c), (&claimed, blinds), &mut rng);
            assert_eq!(
                verify(k, &u, &p).unwrap_err(),
                Error::OpeningInvalid,
                "{name}: computed E"
            );
        }
    }
}

/// The forgery of `docs/decider.md`: with `c` known before the Groth16
/// witness is chosen, `W* = p + t·δ` (`δ(c) = 0`) and `E* = Az* ∘ Bz* −
/// u·Cz*` agree with any committed `(p, q)` at `c` for a root `t` of a
/// quadratic. Returns `(W*, E*)` for the point `c`, if some pair of
/// positions gives a root.
fn trap_forgery(
    k: &Keys,
    u: &RelaxedR1csInstance<G1>,
    p: &[Fr],
    q: &[Fr],
    c: Fr,
) -> Option<(Vec<Fr>, Vec<Fr>)> {
    let shape = k.params.shape();
    let adv = k.params.advice();
    // Positions of `rest` in the witness, in polynomial order.
    let rest: Vec<usize> = (0..adv.start).chain(adv.end..p.len()).collect();
    let q_c = kzg::evaluate(q, c);
    for j in 0..rest.len() - 1 {
        let at = |t: Fr| {
            let mut w = p.to_vec();
            // δ = c·e_j − e_{j+1}: δ(c) = c·c^j − c^{j+1} = 0.
            w[rest[j]] += t * c;
            w[rest[j + 1]] -= t;
            let e = error_of(shape, u.u, &u.x, &w);
            (w, e)
        };
        // E*(c) = α t² + β t + γ: interpolate at t = 0, 1, −1.
        let f = |t: Fr| kzg::evaluate(&at(t).1, c);
        let (f0, f1, fm) = (f(Fr::zero()), f(Fr::one()), f(-Fr::one()));
        let two_inv = Fr::from(2u64).inverse().unwrap();
        let alpha = (f1 + fm - f0 - f0) * two_inv;
        let beta = (f1 - fm) * two_inv;
        let gamma = f0 - q_c;
        let t = if alpha.is_zero() {
            if beta.is_zero() {
                continue;
            }
            -gamma / beta
        } else {
            let disc = beta * beta - Fr::from(4u64) * alpha * gamma;
            let Some(s) = disc.sqrt() else { continue };
            (s - beta) / (alpha + alpha)
        };
        return Some(at(t));
    }
    None
}

#[test]
fn the_trap_forgery_is_rejected() {
    let k = keys(false);
    let mut rng = seeded(40);
    let (u0, w0) = honest_running(&k.params, &mut rng);
    // Commit an unsatisfiable pair: a witness variable changed.
    let mut p = w0.w.clone();
    p[2] += Fr::from(5u64);
    let (u, w) = recommit(
        &k.params,
        u0.u,
        u0.x.clone(),
        p.clone(),
        w0.e.clone(),
        &mut rng,
    );
    assert_eq!(k.params.check_relaxed(&u, &w), Err(Error::Unsatisfied));
    let q = w.e.clone();
    let blinds = [w.r_omega, w.r_w, w.r_e];

    // The point the forger aims at: the one drawn for a Groth16
    // commitment to the committed witness `p`.
    let (cm_p, c0) = committed_point(k, &u, &p, &mut rng);
    let (w_star, e_star) = trap_forgery(k, &u, &p, &q, c0).expect("a root for some position");
    // The forgery is real: (W*, E*) satisfies every row, and its
    // evaluations at c0 equal the committed vectors' — a decider whose
    // point depended on the instance's commitments alone would accept it.
    assert_ne!(w_star, p);
    k.params
        .shape()
        .check_relaxed(u.u, &u.x, &w_star, &e_star)
        .unwrap();
    let committed = vectors_of(k, &p, &q);
    let forged = vectors_of(k, &w_star, &e_star);
    assert_eq!(evals_of(&forged, c0), evals_of(&committed, c0));

    // Against this decider: proving with W* under the commitment to p
    // (the point c0) breaks the Groth16 check — D binds the circuit's W.
    let proof = hand_built(
        k,
        &u,
        w_star.clone(),
        (&cm_p, c0),
        (&committed, blinds),
        &mut rng,
    );
    assert_eq!(
        verify(k, &u, &proof).unwrap_err(),
        Error::DeciderProofInvalid
    );
    // Committing to W* and still claiming c0: the verifier derives the
    // point from the new commitment, another point.
    let (cm_star, c1) = committed_point(k, &u, &w_star, &mut rng);
    assert_ne!(c1, c0);
    let proof = hand_built(
        k,
        &u,
        w_star.clone(),
        (&cm_star, c0),
        (&committed, blinds),
        &mut rng,
    );
    assert_eq!(
        verify(k, &u, &proof).unwrap_err(),
        Error::DeciderProofInvalid
    );
    // At its own point c1, W* and p no longer agree: claiming W*'s
    // evaluation (the circuit's), the opening fails.
    let proof = hand_built(
        k,
        &u,
        w_star.clone(),
        (&cm_star, c1),
        (&forged, blinds),
        &mut rng,
    );
    assert_eq!(verify(k, &u, &proof).unwrap_err(), Error::OpeningInvalid);
    // Re-solving the forgery at c1 and committing again moves the point
    // again.
    let (w2, _) = trap_forgery(k, &u, &p, &q, c1).expect("a root");
    assert_ne!(committed_point(k, &u, &w2, &mut rng).1, c1);
}

#[test]
fn tampered_proofs_and_instances_are_rejected() {
    let k = keys(true);
    let mut rng = seeded(50);
    let (u, w) = honest_running(&k.params, &mut rng);
    let proof = decide(k, &(u.clone(), w.clone()), &mut rng).unwrap();
    verify(k, &u, &proof).unwrap();

    // Every field.
    let g = G1Affine::generator();
    let bump = |p: G1Affine| (p.into_group() + g).into_affine();
    let mut cases: Vec<(String, DeciderProof)> = Vec::new();
    let mut t = proof.clone();
    t.snark.a = bump(t.snark.a);
    cases.push(("groth16 A".into(), t));
    let mut t = proof.clone();
    t.snark.b = (t.snark.b.into_group() + ark_bn254::G2Projective::generator()).into_affine();
    cases.push(("groth16 B".into(), t));
    let mut t = proof.clone();
    t.snark.c = bump(t.snark.c);
    cases.push(("groth16 C".into(), t));
    let mut t = proof.clone();
    t.snark.d = bump(t.snark.d);
    cases.push(("commitment D".into(), t));
    let mut t = proof.clone();
    t.snark.k = bump(t.snark.k);
    cases.push(("proof of knowledge K".into(), t));
    let mut t = proof.clone();
    t.snark.d = bump(t.snark.d);
    t.snark.k = bump(t.snark.k);
    cases.push(("D and K both".into(), t));
    let mut t = proof.clone();
    t.y += Fr::one();
    cases.push(("evaluation Y".into(), t));
    let mut t = proof.clone();
    t.blind += Fr::one();
    cases.push(("blind".into(), t));
    let mut t = proof.clone();
    t.opening = bump(t.opening);
    cases.push(("opening".into(), t));
    for (name, t) in &cases {
        assert!(verify(k, &u, t).is_err(), "{name}");
        // The same through the encoding.
        let back = DeciderProof::from_bytes(&t.to_bytes()).unwrap();
        assert!(verify(k, &u, &back).is_err(), "{name} (encoded)");
    }

    // Every byte: a flipped bit is a decoding error or a rejection.
    let bytes = proof.to_bytes();
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut b = bytes.clone();
            b[i] ^= bit;
            if let Ok(p) = DeciderProof::from_bytes(&b) {
                assert!(verify(k, &u, &p).is_err(), "byte {i} bit {bit:#x}");
            }
        }
    }
    assert_eq!(
        DeciderProof::from_bytes(&bytes[..bytes.len() - 1]),
        Err(Error::Deserialization)
    );
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(DeciderProof::from_bytes(&long), Err(Error::Deserialization));
    let mut v = bytes.clone();
    v[8] = DECIDER_PROOF_VERSION + 1;
    assert_eq!(DeciderProof::from_bytes(&v), Err(Error::UnsupportedVersion));
    assert_eq!(DeciderProof::from_bytes(&[]), Err(Error::Deserialization));

    // Every instance field.
    let mut tampered: Vec<(&str, RelaxedR1csInstance<G1>)> = Vec::new();
    let mut t = u.clone();
    t.comm_w = bump(t.comm_w);
    tampered.push(("W̄", t));
    let mut t = u.clone();
    t.comm_omega = bump(t.comm_omega);
    tampered.push(("Ω̄", t));
    let mut t = u.clone();
    t.comm_e = bump(t.comm_e);
    tampered.push(("Ē", t));
    let mut t = u.clone();
    t.u += Fr::one();
    tampered.push(("u", t));
    for i in 0..u.x.len() {
        let mut t = u.clone();
        t.x[i] += Fr::one();
        tampered.push(("x", t));
    }
    for (name, t) in &tampered {
        assert!(verify(k, t, &proof).is_err(), "{name}");
    }
    let mut t = u.clone();
    t.x.push(Fr::zero());
    assert_eq!(verify(k, &t, &proof), Err(Error::InstanceLength));
}

#[test]
fn keys_and_lengths_are_checked() {
    let k = keys(false);
    let other = keys(true);
    let mut rng = seeded(60);
    let pair = honest_running(&k.params, &mut rng);
    // Proving keys of other parameters, and a KZG key of another setup.
    assert_eq!(
        decider::prove(&[&k.params], &other.pk, &[(&pair.0, &pair.1)], &mut rng).unwrap_err(),
        Error::InvalidKey
    );
    let ck = CommitmentKey::<G1>::insecure_dev_setup(16, b"elsewhere").unwrap();
    let foreign = KzgVerifierKey::insecure_dev(&ck, b"elsewhere").unwrap();
    assert_eq!(
        DeciderProvingKey::insecure_dev_setup(&[&k.params], foreign, b"x").unwrap_err(),
        Error::InvalidKey
    );
    // Wrong lengths: typed errors.
    let mut short = pair.clone();
    short.1.w.pop();
    assert_eq!(
        decide(k, &short, &mut rng).unwrap_err(),
        Error::WitnessLength
    );
    let mut short = pair.clone();
    short.1.e.pop();
    assert_eq!(
        decide(k, &short, &mut rng).unwrap_err(),
        Error::WitnessLength
    );
    let mut long = pair.clone();
    long.0.x.push(Fr::zero());
    assert_eq!(
        decide(k, &long, &mut rng).unwrap_err(),
        Error::InstanceLength
    );
    // A proof made for one parameter set does not verify under the other's key.
    let proof = decide(k, &pair, &mut rng).unwrap();
    assert!(decider::verify(other.pk.verifying_key(), &[&pair.0], &proof).is_err());
    assert_ne!(
        k.pk.verifying_key().digest(),
        other.pk.verifying_key().digest()
    );
}

#[test]
fn decider_circuit_every_witness_variable_pinned_and_counted() {
    for advice in [false, true] {
        let k = keys(advice);
        let mut rng = seeded(70);
        let (u, w) = relaxed_pair_of(
            &k.params,
            Fr::rand(&mut rng),
            vec![Fr::rand(&mut rng), Fr::rand(&mut rng)],
            (0..k.params.shape().num_witness())
                .map(|_| Fr::rand(&mut rng))
                .collect(),
            &mut rng,
        );
        let (c, rho) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
        let vectors = vectors_of(k, &w.w, &w.e);
        let flat: Vec<&[Fr]> = vectors.iter().map(Vec::as_slice).collect();
        let (y, _) = decider::combined_opening(&k.params, &flat, c, rho).unwrap();
        let a = DeciderAssignment {
            kinds: vec![KindAssignment {
                u: u.u,
                x: u.x.clone(),
                w: w.w.clone(),
            }],
            c,
            rho,
            y,
        };
        let circuit = |cs| {
            DeciderCircuit::new(decider::shapes(&[&k.params]), Some(a.clone()))
                .generate_constraints(cs)
        };
        let shape = R1csShape::from_circuit(&circuit).unwrap();
        let asg = generate_witness(&shape, &circuit).unwrap();
        shape.check(&asg.x, &asg.w).unwrap();
        assert_eq!(
            asg.x,
            decider::public_inputs(&[&u], c, rho, y),
            "public inputs in the documented order"
        );
        let nw = w.w.len();
        assert_eq!(asg.w[..nw], w.w[..], "W is the first, committed, segment");
        assert!(
            shape
                .free_witness_variables(&asg.x, &asg.w)
                .unwrap()
                .is_empty()
        );

        // Count: two rows per shape row, Horner (L coefficients: L − 1
        // rows) for ω, rest and E at c and for the three evaluations at ρ,
        // and Y's equality.
        let horner = |l: usize| l.saturating_sub(1);
        let m = k.params.shape().num_constraints();
        let adv = k.params.advice().len();
        let expected = 2 * m + horner(adv) + horner(nw - adv) + horner(m) + horner(3) + 1;
        assert_eq!(shape.num_constraints(), expected);
    }
}

/// **Zero knowledge of the decided pair, tested on distributions.** One
/// statement of the toy with its advice block (`u = 5`, `x = (6, 36)`),
/// two witnesses (`(a, b) = (2, 3)` and `(1, 6)`, each made relaxed with
/// its own `E`). Each source runs 300 times: the zero-knowledge fold of its
/// pair, then the decider on the folded pair. The projections are the low 4
/// bits of every value that leaves the prover: the decider proof's combined
/// evaluation `Y` and blind `r`, the x-coordinates of its group elements
/// `A`, `B`, `C'`, `D`, `K` and of the opening, and of the folded
/// instance's commitments. Every projection of witness `a`'s proofs must
/// pass a two-sample χ² test against witness `b`'s (15 degrees of
/// freedom, threshold 55: p ≈ 1.8·10⁻⁶ per comparison) and a goodness-of-fit
/// test against uniform. Control of power: deciding the pair *without* the
/// zero-knowledge fold shows the pair's own commitments, the same in every
/// run, and must be caught.
#[test]
#[ignore = "full suite: 900 decider proofs"]
fn full_suite_decider_proofs_are_distributed_independently_of_the_witness() {
    use crate::zk::{BUCKETS, bucket, chi2_two_sample, chi2_uniform, point_bucket, toy};
    const RUNS: usize = 300;
    const THRESHOLD: f64 = 55.0;
    let k = keys(true);
    let f = |v: u64| Fr::from(v);
    let mut rng = seeded(80);
    let mut pair_of = |a: u64, b: u64| {
        let asg = generate_witness(k.params.shape(), &toy(Some((f(a), f(b))))).unwrap();
        assert_eq!(asg.x, vec![f(6), f(36)]);
        relaxed_pair_of(&k.params, f(5), asg.x, asg.w, &mut rng)
    };
    let pa = pair_of(2, 3);
    let pb = pair_of(1, 6);
    assert_ne!(pa.1.w, pb.1.w);
    let view = |p: &DeciderProof, u: &RelaxedR1csInstance<G1>| -> Vec<usize> {
        let s = &p.snark;
        let mut v = vec![bucket(p.y), bucket(p.blind)];
        v.push(point_bucket(&s.a));
        v.push(point_bucket(&s.b));
        for q in [s.c, s.d, s.k, p.opening, u.comm_w, u.comm_omega, u.comm_e] {
            v.push(point_bucket(&q));
        }
        v
    };
    let names = [
        "Y", "r", "A", "B", "C'", "D", "K", "opening", "W̄'", "Ω̄'", "Ē'",
    ];
    let run = |pair: &Pair<G1>, zk: bool, seed: u64| -> Vec<[u64; BUCKETS]> {
        let mut rng = seeded(seed);
        let mut hists = vec![[0u64; BUCKETS]; names.len()];
        for _ in 0..RUNS {
            let (u, w) = if zk {
                let z = fold_with_random(&k.params, (&pair.0, &pair.1), &mut rng).unwrap();
                (z.instance, z.witness)
            } else {
                pair.clone()
            };
            let proof = decide(k, &(u.clone(), w), &mut rng).unwrap();
            for (h, b) in hists.iter_mut().zip(view(&proof, &u)) {
                h[b] += 1;
            }
        }
        hists
    };
    let ha = run(&pa, true, 81);
    let hb = run(&pb, true, 82);
    let mut worst = 0.0f64;
    for (i, name) in names.iter().enumerate() {
        let two = chi2_two_sample(&ha[i], &hb[i]);
        let (ua, ub) = (chi2_uniform(&ha[i]), chi2_uniform(&hb[i]));
        worst = worst.max(two).max(ua).max(ub);
        assert!(two < THRESHOLD, "{name}: two-sample χ² {two}");
        assert!(ua < THRESHOLD && ub < THRESHOLD, "{name}: χ² {ua} / {ub}");
    }
    println!(
        "largest χ² statistic over {} projections: {worst:.1}",
        names.len()
    );
    // Control: without the fold, the decided instance is the pair's own,
    // the same in every run.
    let leaky = run(&pa, false, 83);
    for i in [8, 10] {
        let s = chi2_two_sample(&leaky[i], &hb[i]);
        assert!(
            s > 5.0 * THRESHOLD,
            "{}: control not caught ({s})",
            names[i]
        );
    }
}

/// Both toy kinds (without and with an advice block; one basis) decided
/// by one proof, as the running instances of a two-kind non-uniform IVC
/// would be.
#[test]
fn several_kinds_are_decided_by_one_proof() {
    let (k0, k1) = (keys(false), keys(true));
    let kzg = KzgVerifierKey::insecure_dev(k0.params.ck(), LABEL).unwrap();
    let both = [&k0.params, &k1.params];
    let pk = DeciderProvingKey::insecure_dev_setup(&both, kzg, b"two kinds").unwrap();
    let vk = pk.verifying_key();
    let mut rng = seeded(90);
    let p0 = honest_running(&k0.params, &mut rng);
    let p1 = honest_running(&k1.params, &mut rng);
    let z0 = fold_with_random(&k0.params, (&p0.0, &p0.1), &mut rng).unwrap();
    let z1 = fold_with_random(&k1.params, (&p1.0, &p1.1), &mut rng).unwrap();
    let pairs = [(&z0.instance, &z0.witness), (&z1.instance, &z1.witness)];
    let proof = decider::prove(&both, &pk, &pairs, &mut rng).unwrap();
    assert_eq!(proof.to_bytes().len(), DECIDER_PROOF_BYTES);
    decider::verify(vk, &[&z0.instance, &z1.instance], &proof).unwrap();

    // The instances in the other order, one missing, one replaced.
    assert!(decider::verify(vk, &[&z1.instance, &z0.instance], &proof).is_err());
    assert_eq!(
        decider::verify(vk, &[&z0.instance], &proof),
        Err(Error::InstanceLength)
    );
    assert!(decider::verify(vk, &[&z0.instance, &p1.0], &proof).is_err());
    assert_eq!(
        decider::prove(&both, &pk, &pairs[..1], &mut rng).unwrap_err(),
        Error::InstanceLength
    );

    // Kind 1 forged (a witness variable changed, commitments honest): the
    // honest prover refuses; a malicious prover claiming the evaluation its
    // circuit computes cannot open the commitments to it.
    let mut w = p1.1.w.clone();
    w[0] += Fr::one();
    let forged = recommit(
        &k1.params,
        p1.0.u,
        p1.0.x.clone(),
        w,
        p1.1.e.clone(),
        &mut rng,
    );
    let pairs = [(&p0.0, &p0.1), (&forged.0, &forged.1)];
    assert_eq!(
        decider::prove(&both, &pk, &pairs, &mut rng).unwrap_err(),
        Error::Unsatisfied
    );
    let all_w: Vec<Fr> = p0.1.w.iter().chain(&forged.1.w).copied().collect();
    let cm = pk.groth16().commit(&all_w, &mut rng).unwrap();
    let instances = [&p0.0, &forged.0];
    let digests = [k0.params.digest(), k1.params.digest()];
    let c = decider::evaluation_point(k0.params.poseidon(), &digests, &instances, &cm.d);
    let rho = decider::opening_combiner(k0.params.poseidon(), c);
    let computed = error_of(k1.params.shape(), forged.0.u, &forged.0.x, &forged.1.w);
    let v0 = vectors_of(k0, &p0.1.w, &p0.1.e);
    let v1 = vectors_of(k1, &forged.1.w, &computed);
    let flat: Vec<&[Fr]> = v0.iter().chain(&v1).map(Vec::as_slice).collect();
    let (y, opening) = decider::combined_opening(&k1.params, &flat, c, rho).unwrap();
    let a = DeciderAssignment {
        kinds: [(&p0.0, &p0.1), (&forged.0, &forged.1)]
            .iter()
            .map(|(u, w)| KindAssignment {
                u: u.u,
                x: u.x.clone(),
                w: w.w.clone(),
            })
            .collect(),
        c,
        rho,
        y,
    };
    let snark = pk
        .groth16()
        .prove(
            DeciderCircuit::new(decider::shapes(&both), Some(a)),
            &cm,
            &mut rng,
        )
        .unwrap();
    let blinds = [p0.1.r_omega, p0.1.r_w, p0.1.r_e];
    let blinds: Vec<Fr> = blinds
        .into_iter()
        .chain([forged.1.r_omega, forged.1.r_w, forged.1.r_e])
        .collect();
    let bad = DeciderProof {
        snark,
        y,
        blind: decider::combined_blind(&blinds, rho),
        opening,
    };
    assert_eq!(
        decider::verify(vk, &instances, &bad),
        Err(Error::OpeningInvalid)
    );
}

/// Keys cached on disk: created, loaded, and replaced — never used — when
/// the file is corrupted, truncated, of another version, of other keys, or
/// consistent in its hash but not in its verifying key.
#[test]
fn cached_keys_are_loaded_checked_and_replaced() {
    use sha3::{Digest, Sha3_256};
    use umbra_folding::decider::key_file::{
        KeyOrigin, insecure_dev_identity, key_path, load_or_insecure_dev_setup,
    };
    let k = keys(false);
    let dir = std::env::temp_dir().join(format!("umbra-decider-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let kzg = KzgVerifierKey::insecure_dev(k.params.ck(), LABEL).unwrap();
    let load = || load_or_insecure_dev_setup(&dir, &[&k.params], kzg.clone(), b"cache").unwrap();

    let (created, origin) = load();
    assert_eq!(origin, KeyOrigin::Created);
    let (loaded, origin) = load();
    assert_eq!(origin, KeyOrigin::Loaded);
    assert_eq!(
        loaded.verifying_key().digest(),
        created.verifying_key().digest()
    );
    // Keys that were loaded prove what the created ones verify.
    let mut rng = seeded(100);
    let pair = honest_running(&k.params, &mut rng);
    let p = decider::prove(&[&k.params], &loaded, &[(&pair.0, &pair.1)], &mut rng).unwrap();
    decider::verify(created.verifying_key(), &[&pair.0], &p).unwrap();

    let identity = insecure_dev_identity(&[&k.params], &kzg, b"cache");
    let path = key_path(&dir, &identity);
    let good = std::fs::read(&path).unwrap();
    let rehash = |mut b: Vec<u8>| {
        let n = b.len() - 32;
        let h: [u8; 32] = Sha3_256::digest(&b[..n]).into();
        b[n..].copy_from_slice(&h);
        b
    };
    let mut other_identity = good.clone();
    other_identity[20] ^= 1;
    let mut version = good.clone();
    version[8] ^= 1;
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x10;
    // The verifying key's digest (the 32 bytes before the hash) changed,
    // the hash recomputed: well-formed, but not these keys.
    let mut vk_digest = good.clone();
    let at = good.len() - 40;
    vk_digest[at] ^= 1;
    let cases: Vec<(&str, Vec<u8>, Error)> = vec![
        ("one flipped bit", flipped, Error::Deserialization),
        (
            "truncated",
            good[..good.len() - 100].to_vec(),
            Error::Deserialization,
        ),
        ("empty", Vec::new(), Error::Deserialization),
        ("another version", version, Error::UnsupportedVersion),
        (
            "another statement's keys",
            rehash(other_identity),
            Error::KeyFileMismatch,
        ),
        (
            "verifying key digest",
            rehash(vk_digest),
            Error::Deserialization,
        ),
    ];
    for (name, bytes, want) in cases {
        std::fs::write(&path, &bytes).unwrap();
        let (pk, origin) = load();
        assert_eq!(origin, KeyOrigin::Replaced(want), "{name}");
        assert_eq!(
            pk.verifying_key().digest(),
            created.verifying_key().digest(),
            "{name}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            good,
            "{name}: file rewritten"
        );
        assert_eq!(load().1, KeyOrigin::Loaded, "{name}");
    }

    // A cache directory that cannot be created: a typed error.
    let blocked = dir.join("a-file");
    std::fs::write(&blocked, b"x").unwrap();
    assert_eq!(
        load_or_insecure_dev_setup(&blocked.join("sub"), &[&k.params], kzg.clone(), b"cache")
            .unwrap_err(),
        Error::KeyFileIo
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
