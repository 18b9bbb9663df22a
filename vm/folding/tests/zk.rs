//! Zero-knowledge building blocks (`umbra_folding::zk`): the random
//! satisfying relaxed pair, the relaxed × relaxed fold and the fold of a
//! final running pair with a random one, on both curves (generic test
//! bodies instantiated for BN254 G1 and Grumpkin).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{Field, One, PrimeField, UniformRand, Zero};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_serialize::CanonicalSerialize;
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{Rng, SeedableRng};
use umbra_folding::ivc::{IvcParams, IvcProver};
use umbra_folding::transcript::TranscriptCurve;
use umbra_folding::zk::{ZK_FOLD_DOMAIN, relaxed_fold_challenge};
use umbra_folding::{
    CommitmentKey, Error, FoldingScheme, G1, Grumpkin, Nova, NovaParams, NovaRelaxed,
    PoseidonChainStep, R1csShape, RelaxedR1csInstance, RelaxedR1csWitness, ZkFoldProof,
    fold_with_random, generate_witness, sample_random_relaxed, verify_fold_with_random,
};

pub(crate) fn seeded(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// A toy statement over any field: public `x = (a·b, (a·b)²)`, witness
/// `a, b` (the advice block when asked for: witness positions 0..2) and
/// a few products of them, so that two factorisations of the same `a·b`
/// are two different witnesses of one statement.
pub(crate) fn toy<F: PrimeField>(
    ab: Option<(F, F)>,
) -> impl Fn(ConstraintSystemRef<F>) -> Result<(), SynthesisError> {
    move |cs: ConstraintSystemRef<F>| {
        let val = |f: fn(F, F) -> F| {
            move || {
                ab.map(|(a, b)| f(a, b))
                    .ok_or(SynthesisError::AssignmentMissing)
            }
        };
        let x0 = FpVar::new_input(cs.clone(), val(|a, b| a * b))?;
        let x1 = FpVar::new_input(cs.clone(), val(|a, b| (a * b).square()))?;
        let a = FpVar::new_witness(cs.clone(), val(|a, _| a))?;
        let b = FpVar::new_witness(cs.clone(), val(|_, b| b))?;
        let c = &a * &b;
        c.enforce_equal(&x0)?;
        let s = (&a + &b).square()?;
        let q = &s * &c;
        let t = q.square()?;
        let _ = &t * &a;
        c.square()?.enforce_equal(&x1)?;
        Ok(())
    }
}

/// The toy's parameters on curve `G`, with or without the advice block
/// `(a, b)`.
pub(crate) fn params<G: TranscriptCurve>(advice: bool) -> NovaParams<G>
where
    G::ScalarField: PrimeField,
{
    let shape = R1csShape::<G::ScalarField>::from_circuit(&toy::<G::ScalarField>(None)).unwrap();
    let n = shape.num_witness().max(shape.num_constraints());
    let ck = CommitmentKey::<G>::insecure_dev_setup(n, b"umbra-folding zk tests").unwrap();
    if advice {
        NovaParams::with_advice(shape, ck, 0..2).unwrap()
    } else {
        NovaParams::new(shape, ck).unwrap()
    }
}

pub(crate) type Pair<G> = (RelaxedR1csInstance<G>, RelaxedR1csWitness<G>);

/// An honest running pair: three toy steps folded by Nova's NIFS from the
/// default pair (so `u ≠ 1`, `E ≠ 0`, as at the end of an IVC).
pub(crate) fn honest_running<G: TranscriptCurve>(pp: &NovaParams<G>, rng: &mut StdRng) -> Pair<G>
where
    G::ScalarField: PrimeField,
{
    let (mut big_u, mut big_w) = pp.default_running();
    for k in 0..3u64 {
        let ab = (G::ScalarField::from(3 + k), G::ScalarField::from(7 + 2 * k));
        let a = generate_witness(pp.shape(), &toy(Some(ab))).unwrap();
        let (u, w) = pp.commit_step(a.x, a.w, rng).unwrap();
        pp.check(&u, &w).unwrap();
        let (_, fu, fw, _) = Nova::prove(pp, (&big_u, &big_w), (&u, &w), rng).unwrap();
        big_u = fu;
        big_w = fw;
    }
    pp.check_relaxed(&big_u, &big_w).unwrap();
    assert!(!big_u.u.is_one() && big_w.e.iter().any(|e| !e.is_zero()));
    (big_u, big_w)
}

/// The relaxed pair of `z = (u, x, W)` with `E = Az ∘ Bz − u·Cz` and fresh
/// blinds: satisfied by construction (a test helper; the crate's sampler
/// draws `u`, `x`, `W` itself).
pub(crate) fn relaxed_pair_of<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    u: G::ScalarField,
    x: Vec<G::ScalarField>,
    w: Vec<G::ScalarField>,
    rng: &mut StdRng,
) -> Pair<G>
where
    G::ScalarField: PrimeField,
{
    let (az, bz, cz) = pp.shape().multiply(u, &x, &w).unwrap();
    let e: Vec<_> = (0..az.len()).map(|i| az[i] * bz[i] - u * cz[i]).collect();
    recommit(pp, u, x, w, e, rng)
}

/// Commits `(W, E)` with fresh blinds (split as the parameters say).
pub(crate) fn recommit<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    u: G::ScalarField,
    x: Vec<G::ScalarField>,
    w: Vec<G::ScalarField>,
    e: Vec<G::ScalarField>,
    rng: &mut StdRng,
) -> Pair<G>
where
    G::ScalarField: PrimeField,
{
    let (plain_u, plain_w) = pp.commit_step(x, w, rng).unwrap();
    let r_e = G::ScalarField::rand(rng);
    let comm_e = pp.ck().commit(&e, &r_e).unwrap().into();
    (
        RelaxedR1csInstance {
            comm_w: plain_u.comm_w,
            comm_omega: plain_u.comm_omega,
            comm_e,
            u,
            x: plain_u.x,
        },
        RelaxedR1csWitness {
            w: plain_w.w,
            r_w: plain_w.r_w,
            r_omega: plain_w.r_omega,
            e,
            r_e,
        },
    )
}

/// `Az ∘ Bz − u·Cz − E`: zero exactly when the pair satisfies the relation.
fn residual<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    (u, w): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
) -> Vec<G::ScalarField>
where
    G::ScalarField: PrimeField,
{
    let (az, bz, cz) = pp.shape().multiply(u.u, &u.x, &w.w).unwrap();
    (0..az.len())
        .map(|i| az[i] * bz[i] - u.u * cz[i] - w.e[i])
        .collect()
}

macro_rules! on_both_curves {
    ($($name:ident),* $(,)?; full suite: $($full:ident),* $(,)?) => {
        mod g1 {
            $(#[test] fn $name() { super::$name::<umbra_folding::G1>(); })*
            $(#[test] #[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"] fn $full() { super::$full::<umbra_folding::G1>(); })*
        }
        mod grumpkin {
            $(#[test] fn $name() { super::$name::<umbra_folding::Grumpkin>(); })*
            $(#[test] #[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"] fn $full() { super::$full::<umbra_folding::Grumpkin>(); })*
        }
    };
}

on_both_curves!(
    sampled_pair_satisfies_and_samples_differ,
    relaxed_fold_of_two_running_pairs_satisfies,
    zk_fold_satisfies_and_verifier_recomputes_it,
    malicious_unsatisfied_running_pair_is_not_rescued_by_the_fold,
    malicious_random_pair_cannot_cancel_a_false_claim,
    tampered_zk_fold_is_rejected,
    wrong_lengths_are_typed_errors;
    full suite: full_suite_zk_fold_witness_is_distributed_independently_of_the_witness,
);

fn sampled_pair_satisfies_and_samples_differ<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    let mut rng = seeded(1);
    for advice in [false, true] {
        let pp = params::<G>(advice);
        let (u1, w1) = sample_random_relaxed(&pp, &mut rng).unwrap();
        let (u2, w2) = sample_random_relaxed(&pp, &mut rng).unwrap();
        pp.check_relaxed(&u1, &w1).unwrap();
        pp.check_relaxed(&u2, &w2).unwrap();
        assert!(residual(&pp, (&u1, &w1)).iter().all(Zero::is_zero));
        // Not a plain instance: u ≠ 1, E ≠ 0 (with overwhelming probability).
        assert!(!u1.u.is_one());
        assert!(w1.e.iter().all(|e| !e.is_zero()));
        // Two samples differ in every field.
        assert_ne!(u1.u, u2.u);
        assert!(u1.x.iter().zip(&u2.x).all(|(a, b)| a != b));
        assert!(w1.w.iter().zip(&w2.w).all(|(a, b)| a != b));
        assert!(w1.e.iter().zip(&w2.e).all(|(a, b)| a != b));
        assert_ne!(u1.comm_w, u2.comm_w);
        assert_ne!(u1.comm_e, u2.comm_e);
        assert_ne!(w1.r_w, w2.r_w);
        assert_ne!(w1.r_e, w2.r_e);
        if advice {
            // Ω̄ commits to the random advice block with its own blind.
            assert!(!u1.comm_omega.is_zero());
            assert_ne!(u1.comm_omega, u2.comm_omega);
            assert_ne!(w1.r_omega, w2.r_omega);
            assert_eq!(
                pp.commit_advice(&w1.w[pp.advice()], &w1.r_omega).unwrap(),
                u1.comm_omega
            );
            let mut bad = w1.clone();
            bad.w[0] += G::ScalarField::one();
            assert_eq!(
                pp.check_relaxed(&u1, &bad),
                Err(Error::AdviceCommitmentMismatch)
            );
        } else {
            assert!(u1.comm_omega.is_zero());
            assert!(w1.r_omega.is_zero());
        }
    }
}

fn relaxed_fold_of_two_running_pairs_satisfies<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    // The cross term with u₁, u₂ ≠ 1 and E₁, E₂ ≠ 0 on both sides, for two
    // honest running pairs (no random instance involved).
    let mut rng = seeded(2);
    for advice in [false, true] {
        let pp = params::<G>(advice);
        let (u1, w1) = honest_running(&pp, &mut rng);
        let (u2, w2) = honest_running(&pp, &mut rng);
        let (proof, fu, fw, r_bits) =
            NovaRelaxed::prove(&pp, (&u1, &w1), (&u2, &w2), &mut rng).unwrap();
        pp.check_relaxed(&fu, &fw).unwrap();
        let (vu, vr) = NovaRelaxed::verify(&pp, &u1, &u2, &proof).unwrap();
        assert_eq!((vu, vr), (fu.clone(), r_bits));
        // The fold equations, coordinate by coordinate.
        let r = G::ScalarField::from(r_bits);
        assert_eq!(fu.u, u1.u + r * u2.u);
        for k in 0..fw.w.len() {
            assert_eq!(fw.w[k], w1.w[k] + r * w2.w[k]);
        }
        assert_eq!(
            fu.comm_e,
            (u1.comm_e.into_group() + proof.comm_t * r + u2.comm_e * r.square()).into()
        );
        // The folded products are those of the folded z (P' = P₁ + r·P₂).
        let (_, fu, fw, _, prods) =
            NovaRelaxed::prove_with_products(&pp, (&u1, &w1), None, (&u2, &w2), None, &mut rng)
                .unwrap();
        pp.check_relaxed(&fu, &fw).unwrap();
        assert_eq!(prods, pp.shape().multiply(fu.u, &fu.x, &fw.w).unwrap());
    }
}

fn zk_fold_satisfies_and_verifier_recomputes_it<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    let mut rng = seeded(3);
    for advice in [false, true] {
        let pp = params::<G>(advice);
        let (big_u, big_w) = honest_running(&pp, &mut rng);
        let folded = fold_with_random(&pp, (&big_u, &big_w), &mut rng).unwrap();
        pp.check_relaxed(&folded.instance, &folded.witness).unwrap();
        let (vu, vr) = verify_fold_with_random(&pp, &big_u, &folded.proof).unwrap();
        assert_eq!(vu, folded.instance, "verifier recomputes the prover's fold");
        assert_eq!(vr, folded.challenge);
        assert_eq!(
            vr,
            relaxed_fold_challenge(&pp, &folded.proof.random, &big_u, &folded.proof.comm_t)
        );
        assert_ne!(ZK_FOLD_DOMAIN, umbra_folding::nifs::NIFS_DOMAIN);
        // The folded instance is neither U nor U_r, and its witness is not W.
        assert_ne!(folded.instance, big_u);
        assert_ne!(folded.instance, folded.proof.random);
        assert!(folded.witness.w.iter().zip(&big_w.w).all(|(a, b)| a != b));
        // No revealed scalar (folded W', E', u', x', blinds; U_r's u, x)
        // equals a value of the original witness W or E.
        let secret: std::collections::HashSet<_> = big_w.w.iter().chain(&big_w.e).collect();
        let z = &folded;
        let mut revealed: Vec<_> = [&z.witness.w, &z.witness.e, &z.instance.x, &z.proof.random.x]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        revealed.extend([z.instance.u, z.witness.r_w, z.witness.r_e, z.proof.random.u]);
        if advice {
            revealed.push(z.witness.r_omega); // zero, like its W's, without a block
        }
        for v in &revealed {
            assert!(!secret.contains(v), "a witness value is revealed");
        }
        // Two ZK folds of the same pair differ everywhere.
        let again = fold_with_random(&pp, (&big_u, &big_w), &mut rng).unwrap();
        assert_ne!(again.instance.comm_w, folded.instance.comm_w);
        assert_ne!(again.instance.comm_e, folded.instance.comm_e);
        assert_ne!(again.proof.comm_t, folded.proof.comm_t);
        assert_ne!(again.instance.u, folded.instance.u);
    }
}

/// Forgeries of an honest running pair that make it a false claim while
/// keeping every commitment opening: a changed witness variable (each
/// one), a changed public input, a changed error entry.
fn forgeries<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    (big_u, big_w): &Pair<G>,
    rng: &mut StdRng,
) -> Vec<(String, Pair<G>)>
where
    G::ScalarField: PrimeField,
{
    let one = G::ScalarField::one();
    let mut out = Vec::new();
    for k in 0..big_w.w.len() {
        let mut w = big_w.w.clone();
        w[k] += one;
        out.push((
            format!("witness {k}"),
            recommit(pp, big_u.u, big_u.x.clone(), w, big_w.e.clone(), rng),
        ));
    }
    for k in 0..big_u.x.len() {
        let mut x = big_u.x.clone();
        x[k] += one;
        out.push((
            format!("public input {k}"),
            recommit(pp, big_u.u, x, big_w.w.clone(), big_w.e.clone(), rng),
        ));
    }
    let mut e = big_w.e.clone();
    e[0] += one;
    out.push((
        "error entry 0".into(),
        recommit(pp, big_u.u, big_u.x.clone(), big_w.w.clone(), e, rng),
    ));
    let mut forged_u = big_u.clone();
    forged_u.u += one;
    out.push(("u".into(), (forged_u, big_w.clone())));
    out
}

fn malicious_unsatisfied_running_pair_is_not_rescued_by_the_fold<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    // Soundness of the fold: a prover whose final running pair is a false
    // claim (openings all correct, relation false) runs the honest ZK fold;
    // the folded pair is rejected by the decider's check. With the random
    // pair first, the folded residual is r²·(residual of U) ≠ 0.
    let mut rng = seeded(4);
    for advice in [false, true] {
        let pp = params::<G>(advice);
        let honest = honest_running(&pp, &mut rng);
        for (what, (fu, fw)) in forgeries(&pp, &honest, &mut rng) {
            assert_eq!(
                pp.check_relaxed(&fu, &fw),
                Err(Error::Unsatisfied),
                "{what}"
            );
            let folded = fold_with_random(&pp, (&fu, &fw), &mut rng).unwrap();
            let (vu, _) = verify_fold_with_random(&pp, &fu, &folded.proof).unwrap();
            assert_eq!(vu, folded.instance, "{what}");
            assert_eq!(
                pp.check_relaxed(&folded.instance, &folded.witness),
                Err(Error::Unsatisfied),
                "{what}: a false claim folded with a random pair must stay false"
            );
            let r2 = G::ScalarField::from(folded.challenge).square();
            let before = residual(&pp, (&fu, &fw));
            let after = residual(&pp, (&folded.instance, &folded.witness));
            for (a, b) in after.iter().zip(&before) {
                assert_eq!(*a, r2 * b, "{what}");
            }
        }
    }
}

fn malicious_random_pair_cannot_cancel_a_false_claim<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    // A prover who picks the "random" pair itself to cancel the false
    // claim's residual δ at a guessed challenge r₀ (residual of U_r set to
    // −r₀²·δ, so the fold would satisfy at r = ±r₀) fails: the challenge
    // is derived after U_r and T̄ are fixed.
    let mut rng = seeded(5);
    let pp = params::<G>(true);
    let honest = honest_running(&pp, &mut rng);
    let (_, (fu, fw)) = forgeries(&pp, &honest, &mut rng).swap_remove(0);
    let delta = residual(&pp, (&fu, &fw));
    assert!(delta.iter().any(|d| !d.is_zero()));
    for guess in [1u128, 2, 0xdead_beef, u128::MAX] {
        let r0 = G::ScalarField::from(guess);
        let (ru, rw) = sample_random_relaxed(&pp, &mut rng).unwrap();
        let e: Vec<_> =
            rw.e.iter()
                .zip(&delta)
                .map(|(e, d)| *e + r0.square() * d)
                .collect();
        let (ru, rw) = recommit(&pp, ru.u, ru.x, rw.w, e, &mut rng);
        let (_, fold_u, fold_w, r_bits) =
            NovaRelaxed::prove(&pp, (&ru, &rw), (&fu, &fw), &mut rng).unwrap();
        assert_ne!(r_bits, guess);
        assert_eq!(pp.check_relaxed(&fold_u, &fold_w), Err(Error::Unsatisfied));
    }
    // The same cancellation through the cross term (T − r₀·δ) fails too:
    // the prover cannot commit to T after seeing r.
    let (ru, rw) = sample_random_relaxed(&pp, &mut rng).unwrap();
    let (proof, fold_u, fold_w, r_bits) =
        NovaRelaxed::prove(&pp, (&ru, &rw), (&fu, &fw), &mut rng).unwrap();
    let r = G::ScalarField::from(r_bits);
    let mut cheat_w = fold_w.clone();
    for (e, d) in cheat_w.e.iter_mut().zip(&delta) {
        *e += r.square() * d; // the residual would vanish, but Ē no longer opens
    }
    assert_eq!(
        pp.check_relaxed(&fold_u, &cheat_w),
        Err(Error::CommitmentMismatch)
    );
    let _ = proof;
}

fn tampered_zk_fold_is_rejected<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    // The decider recomputes U' from (U, U_r, T̄) and checks it against the
    // folded witness: tampering any field of U_r, T̄ or U (all absorbed)
    // makes the check fail.
    let mut rng = seeded(6);
    let pp = params::<G>(true);
    let (big_u, big_w) = honest_running(&pp, &mut rng);
    let folded = fold_with_random(&pp, (&big_u, &big_w), &mut rng).unwrap();
    let one = G::ScalarField::one();
    let other = G::generator().into();
    let decide = |u: &RelaxedR1csInstance<G>, proof: &ZkFoldProof<G>| -> Result<(), Error> {
        let (vu, _) = verify_fold_with_random(&pp, u, proof)?;
        pp.check_relaxed(&vu, &folded.witness)
    };
    decide(&big_u, &folded.proof).unwrap();
    type Tamper<G> = fn(
        &mut RelaxedR1csInstance<G>,
        &mut ZkFoldProof<G>,
        <G as PrimeGroup>::ScalarField,
        <G as CurveGroup>::Affine,
    );
    let tampers: Vec<(&str, Tamper<G>)> = vec![
        ("T̄", |_, p, _, g| p.comm_t = g),
        ("U_r.Ē", |_, p, _, g| p.random.comm_e = g),
        ("U_r.W̄", |_, p, _, g| p.random.comm_w = g),
        ("U_r.Ω̄", |_, p, _, g| p.random.comm_omega = g),
        ("U_r.u", |_, p, one, _| p.random.u += one),
        ("U_r.x[0]", |_, p, one, _| p.random.x[0] += one),
        ("U_r.x[1]", |_, p, one, _| p.random.x[1] += one),
        ("U.Ē", |u, _, _, g| u.comm_e = g),
        ("U.W̄", |u, _, _, g| u.comm_w = g),
        ("U.Ω̄", |u, _, _, g| u.comm_omega = g),
        ("U.u", |u, _, one, _| u.u += one),
        ("U.x[0]", |u, _, one, _| u.x[0] += one),
    ];
    for (what, tamper) in tampers {
        let mut u = big_u.clone();
        let mut p = folded.proof.clone();
        tamper(&mut u, &mut p, one, other);
        let got = decide(&u, &p);
        assert!(
            matches!(
                got,
                Err(Error::CommitmentMismatch
                    | Error::AdviceCommitmentMismatch
                    | Error::Unsatisfied)
            ),
            "{what}: {got:?}"
        );
        // Each of these is absorbed: the challenge changes.
        let (_, r) = verify_fold_with_random(&pp, &u, &p).unwrap();
        assert_ne!(r, folded.challenge, "{what} is absorbed by the transcript");
    }
    // Tampering the folded witness, or the random pair's witness before the
    // fold (its E), is rejected too.
    let mut w = folded.witness.clone();
    w.e[1] += one;
    assert_eq!(
        pp.check_relaxed(&folded.instance, &w),
        Err(Error::CommitmentMismatch)
    );
    let (ru, mut rw) = sample_random_relaxed(&pp, &mut rng).unwrap();
    rw.e[0] += one;
    let (_, fu, fw, _) = NovaRelaxed::prove(&pp, (&ru, &rw), (&big_u, &big_w), &mut rng).unwrap();
    assert_eq!(pp.check_relaxed(&fu, &fw), Err(Error::CommitmentMismatch));
    // ... and with Ē_r recommitted to the tampered E, the relation fails.
    let (ru, rw) = recommit(&pp, ru.u, ru.x, rw.w, rw.e, &mut rng);
    let (_, fu, fw, _) = NovaRelaxed::prove(&pp, (&ru, &rw), (&big_u, &big_w), &mut rng).unwrap();
    assert_eq!(pp.check_relaxed(&fu, &fw), Err(Error::Unsatisfied));
}

fn wrong_lengths_are_typed_errors<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    let mut rng = seeded(7);
    let pp = params::<G>(false);
    let (big_u, big_w) = honest_running(&pp, &mut rng);
    let (ru, rw) = sample_random_relaxed(&pp, &mut rng).unwrap();
    let mut short_x = big_u.clone();
    short_x.x.pop();
    let mut long_w = big_w.clone();
    long_w.w.push(G::ScalarField::one());
    let mut short_e = big_w.clone();
    short_e.e.pop();
    assert_eq!(
        fold_with_random(&pp, (&short_x, &big_w), &mut rng).err(),
        Some(Error::InstanceLength)
    );
    assert_eq!(
        fold_with_random(&pp, (&big_u, &long_w), &mut rng).err(),
        Some(Error::WitnessLength)
    );
    assert_eq!(
        fold_with_random(&pp, (&big_u, &short_e), &mut rng).err(),
        Some(Error::WitnessLength)
    );
    assert_eq!(
        NovaRelaxed::prove(&pp, (&ru, &rw), (&short_x, &big_w), &mut rng).err(),
        Some(Error::InstanceLength)
    );
    assert_eq!(
        NovaRelaxed::prove(&pp, (&ru, &rw), (&big_u, &short_e), &mut rng).err(),
        Some(Error::WitnessLength)
    );
    let folded = fold_with_random(&pp, (&big_u, &big_w), &mut rng).unwrap();
    assert_eq!(
        verify_fold_with_random(&pp, &short_x, &folded.proof).err(),
        Some(Error::InstanceLength)
    );
    let mut bad_proof = folded.proof.clone();
    bad_proof.random.x.push(G::ScalarField::one());
    assert_eq!(
        verify_fold_with_random(&pp, &big_u, &bad_proof).err(),
        Some(Error::InstanceLength)
    );
    // Products of the wrong length are recomputed, not trusted.
    let bad = (vec![], vec![], vec![]);
    let (_, fu, fw, _, _) = NovaRelaxed::prove_with_products(
        &pp,
        (&ru, &rw),
        Some(bad.clone()),
        (&big_u, &big_w),
        Some(bad),
        &mut rng,
    )
    .unwrap();
    pp.check_relaxed(&fu, &fw).unwrap();
}

// ---------------------------------------------------------------------------
// Zero knowledge, tested statistically.

/// Number of buckets of the projections (low 4 bits).
pub(crate) const BUCKETS: usize = 16;
/// χ² critical value for 15 degrees of freedom at p ≈ 1.8·10⁻⁶ (computed
/// from the regularised incomplete gamma function: P(χ²₁₅ > 55) =
/// 1.79·10⁻⁶). 168 comparisons per curve (28 projections, 6 tests each):
/// a family-wise false alarm of 3·10⁻⁴ (and the seeds are fixed, so the
/// test is deterministic).
const CHI2_CRIT: f64 = 55.0;
/// Samples per source.
const SAMPLES: usize = 1500;

/// The low 4 bits of a field element's canonical integer: a projection
/// that is uniform (bias ≤ 16/p) for a uniform element.
pub(crate) fn bucket<F: PrimeField>(f: F) -> usize {
    (f.into_bigint().as_ref()[0] & (BUCKETS as u64 - 1)) as usize
}

/// The low 4 bits of a point's compressed encoding's first byte: the low
/// bits of its x-coordinate (arkworks writes it little-endian, flags in
/// the last byte).
pub(crate) fn point_bucket<A: CanonicalSerialize>(p: &A) -> usize {
    let mut bytes = Vec::new();
    p.serialize_compressed(&mut bytes).unwrap();
    (bytes[0] as usize) & (BUCKETS - 1)
}

/// What the decider (or anyone shown the folded pair) sees, projected:
/// the folded witness coordinates, the same divided by the public
/// challenge `r` (a distinguisher knows `r`: it recomputes the
/// transcript, so `W'·r⁻¹ = W_r·r⁻¹ + W` would expose `W` if `W_r` were
/// not uniform), error entries (also over `r²`), `u'`, `u'·r⁻¹`, `x'·r⁻¹`,
/// the three blinds, then the given point buckets (commitments).
fn view<F: PrimeField>(
    w: &[F],
    e: &[F],
    u: F,
    x: &[F],
    blinds: [F; 3],
    r: F,
    points: [usize; 7],
) -> Vec<usize> {
    let ri = r.inverse().unwrap();
    let r2i = ri.square();
    let mut out = Vec::new();
    for &k in &[0, 1, 2, 3, w.len() - 1] {
        out.push(bucket(w[k]));
        out.push(bucket(w[k] * ri));
    }
    for &k in &[0, e.len() - 1] {
        out.push(bucket(e[k]));
        out.push(bucket(e[k] * r2i));
    }
    out.push(bucket(u));
    out.push(bucket(u * ri));
    out.push(bucket(x[0] * ri));
    out.push(bucket(x[1] * ri));
    out.extend(blinds.map(bucket));
    out.extend(points);
    out
}

/// Names of the [`view`] projections, for the failure messages.
fn view_names(w_len: usize) -> Vec<String> {
    let mut out = Vec::new();
    for k in [0, 1, 2, 3, w_len - 1] {
        out.push(format!("W'[{k}]"));
        out.push(format!("W'[{k}]/r"));
    }
    for k in ["0", "last"] {
        out.push(format!("E'[{k}]"));
        out.push(format!("E'[{k}]/r²"));
    }
    for n in [
        "u'", "u'/r", "x'[0]/r", "x'[1]/r", "r_W'", "r_Ω'", "r_E'", "W̄'", "Ω̄'", "Ē'", "W̄_r", "Ω̄_r",
        "Ē_r", "T̄",
    ] {
        out.push(n.into());
    }
    out
}

/// Histograms (one per projection) of `SAMPLES` views drawn by `sample`.
fn histograms(mut sample: impl FnMut() -> Vec<usize>) -> Vec<[u64; BUCKETS]> {
    let mut hists: Vec<[u64; BUCKETS]> = Vec::new();
    for _ in 0..SAMPLES {
        let v = sample();
        if hists.is_empty() {
            hists = vec![[0; BUCKETS]; v.len()];
        }
        for (h, b) in hists.iter_mut().zip(v) {
            h[b] += 1;
        }
    }
    hists
}

/// χ² goodness of fit against the uniform distribution on the buckets.
pub(crate) fn chi2_uniform(h: &[u64; BUCKETS]) -> f64 {
    let n: u64 = h.iter().sum();
    let expect = n as f64 / BUCKETS as f64;
    h.iter()
        .map(|&o| (o as f64 - expect).powi(2) / expect)
        .sum()
}

/// χ² two-sample homogeneity statistic for equal sample sizes
/// (`Σ (a − b)² / (a + b)`, 15 degrees of freedom).
pub(crate) fn chi2_two_sample(a: &[u64; BUCKETS], b: &[u64; BUCKETS]) -> f64 {
    a.iter()
        .zip(b)
        .filter(|(x, y)| **x + **y > 0)
        .map(|(&x, &y)| (x as f64 - y as f64).powi(2) / (x + y) as f64)
        .sum()
}

/// **Zero knowledge, tested on distributions.** One statement (the toy
/// shape with its advice block, public part `u = 5`, `x = (6, 36)`), two
/// different witnesses: `(a, b) = (2, 3)` and `(1, 6)`, each completed by
/// the circuit and made relaxed with `E = Az ∘ Bz − u·Cz` (so `W` and `E`
/// both differ). Four sources of views, `SAMPLES` each:
///
/// - `real_a`, `real_b`: the ZK fold of the witness-`a` (`b`) pair with a
///   fresh random pair ([`fold_with_random`]);
/// - `simulator`: no witness at all — the folded pair is drawn by
///   [`sample_random_relaxed`], `r` uniformly from 128 bits and `T̄`
///   uniformly, and `U_r` is solved from `U' = U_r + r·U` (the simulator of
///   the standard argument, which would then program the random oracle;
///   the transcript here is Poseidon, so that last step is not run);
/// - `leaky`: the same fold with a "random" pair whose advice block is
///   zero (a sampler that forgot `ω`; still a satisfying pair, its `E` and
///   `Ω̄` recomputed), a bug the fold equations alone would not show.
///
/// For each projection of [`view`] (low 4 bits of folded witness and error
/// coordinates, and of the same divided by the public `r` or `r²`, of `u'`,
/// `x'`, the blinds, and of the x-coordinates of the commitments the
/// verifier side sees: `W̄'`, `Ω̄'`, `Ē'`, `W̄_r`, `Ω̄_r`, `Ē_r`, `T̄`) the
/// test requires: each of `real_a`, `real_b`,
/// `simulator` passes a χ² goodness-of-fit test against uniform, and every
/// pair of them passes a two-sample χ² test (the folded pair of witness
/// `a` cannot be told from that of witness `b`, nor from one made without
/// a witness). As a control of the test's power, `leaky` must be *caught*
/// on the advice coordinates divided by `r` (there `W'·r⁻¹ = W` exactly),
/// both against uniform and against `real_b`.
fn full_suite_zk_fold_witness_is_distributed_independently_of_the_witness<G: TranscriptCurve>()
where
    G::ScalarField: PrimeField,
{
    let pp = params::<G>(true);
    let f = |v: u64| G::ScalarField::from(v);
    let statement_u = f(5);
    let pair_of = |a: u64, b: u64, rng: &mut StdRng| {
        let asg = generate_witness(pp.shape(), &toy(Some((f(a), f(b))))).unwrap();
        assert_eq!(asg.x, vec![f(6), f(36)]);
        relaxed_pair_of(&pp, statement_u, asg.x, asg.w, rng)
    };
    let mut rng = seeded(8);
    let (ua, wa) = pair_of(2, 3, &mut rng);
    let (ub, wb) = pair_of(1, 6, &mut rng);
    pp.check_relaxed(&ua, &wa).unwrap();
    pp.check_relaxed(&ub, &wb).unwrap();
    assert_eq!((ua.u, &ua.x), (ub.u, &ub.x), "same public part");
    assert!(wa.w.iter().zip(&wb.w).filter(|(x, y)| x != y).count() >= 4);
    assert_ne!(wa.e, wb.e);

    let real_view = |fold_u: &RelaxedR1csInstance<G>,
                     fold_w: &RelaxedR1csWitness<G>,
                     rand_u: &RelaxedR1csInstance<G>,
                     comm_t: &G::Affine,
                     r: u128| {
        view(
            &fold_w.w,
            &fold_w.e,
            fold_u.u,
            &fold_u.x,
            [fold_w.r_w, fold_w.r_omega, fold_w.r_e],
            G::ScalarField::from(r),
            [
                fold_u.comm_w,
                fold_u.comm_omega,
                fold_u.comm_e,
                rand_u.comm_w,
                rand_u.comm_omega,
                rand_u.comm_e,
                *comm_t,
            ]
            .map(|p| point_bucket(&p)),
        )
    };
    let real = |u: &RelaxedR1csInstance<G>, w: &RelaxedR1csWitness<G>, seed: u64| {
        let mut rng = seeded(seed);
        histograms(|| {
            let z = fold_with_random(&pp, (u, w), &mut rng).unwrap();
            real_view(
                &z.instance,
                &z.witness,
                &z.proof.random,
                &z.proof.comm_t,
                z.challenge,
            )
        })
    };
    let real_a = real(&ua, &wa, 10);
    let real_b = real(&ub, &wb, 11);
    let simulator = {
        let mut rng = seeded(12);
        histograms(|| {
            // The folded pair without a witness, then U_r solved from
            // U' = U_r + r·U (given the public U of witness a) and a
            // uniform T̄: what the simulator hands over before programming
            // the oracle at (pp, U_r, U, T̄) to r.
            let (su, sw) = sample_random_relaxed(&pp, &mut rng).unwrap();
            let r_bits = rng.r#gen::<u128>().max(1);
            let r = G::ScalarField::from(r_bits);
            let comm_t = G::rand(&mut rng).into_affine();
            let sub = |p: G::Affine, q: G::Affine| (p.into_group() - q * r).into_affine();
            let rand_u = RelaxedR1csInstance {
                comm_w: sub(su.comm_w, ua.comm_w),
                comm_omega: sub(su.comm_omega, ua.comm_omega),
                comm_e: (su.comm_e.into_group() - comm_t * r - ua.comm_e * r.square())
                    .into_affine(),
                u: su.u - r * ua.u,
                x: su.x.iter().zip(&ua.x).map(|(a, b)| *a - r * b).collect(),
            };
            real_view(&su, &sw, &rand_u, &comm_t, r_bits)
        })
    };
    let leaky = {
        let mut rng = seeded(13);
        histograms(|| {
            let (ru, mut rw) = sample_random_relaxed(&pp, &mut rng).unwrap();
            for k in pp.advice() {
                rw.w[k] = G::ScalarField::zero();
            }
            let (ru, rw) = relaxed_pair_of(&pp, ru.u, ru.x, rw.w, &mut rng);
            let (proof, fu, fw, r) =
                NovaRelaxed::prove(&pp, (&ru, &rw), (&ua, &wa), &mut rng).unwrap();
            pp.check_relaxed(&fu, &fw).unwrap();
            real_view(&fu, &fw, &ru, &proof.comm_t, r)
        })
    };

    let names = view_names(wa.w.len());
    assert_eq!(names.len(), real_a.len());
    let mut worst = 0f64;
    for (j, name) in names.iter().enumerate() {
        for (src, h) in [
            ("real_a", &real_a),
            ("real_b", &real_b),
            ("simulator", &simulator),
        ] {
            let c = chi2_uniform(&h[j]);
            worst = worst.max(c);
            assert!(c < CHI2_CRIT, "{name} of {src} is not uniform: χ² = {c:.1}");
        }
        for (s1, h1, s2, h2) in [
            ("real_a", &real_a, "real_b", &real_b),
            ("real_a", &real_a, "simulator", &simulator),
            ("real_b", &real_b, "simulator", &simulator),
        ] {
            let c = chi2_two_sample(&h1[j], &h2[j]);
            worst = worst.max(c);
            assert!(c < CHI2_CRIT, "{name}: {s1} and {s2} differ: χ² = {c:.1}");
        }
    }
    // The control: the leak is caught where it is (advice coordinates
    // 0 and 1, divided by r), with a statistic far above the threshold.
    for name in ["W'[0]/r", "W'[1]/r"] {
        let j = names.iter().position(|n| n == name).unwrap();
        let c = chi2_uniform(&leaky[j]);
        assert!(
            c > 10.0 * CHI2_CRIT,
            "leak not caught on {name}: χ² = {c:.1}"
        );
        let c = chi2_two_sample(&leaky[j], &real_b[j]);
        assert!(
            c > 10.0 * CHI2_CRIT,
            "leak not caught on {name}: χ² = {c:.1}"
        );
    }
    eprintln!("largest χ² over the honest comparisons: {worst:.1} (threshold {CHI2_CRIT})");
}

/// The final instances of a real IVC (the Poseidon chain, 2 steps): the
/// primary running pair on BN254 G1 (also after folding the last incoming
/// pair into it, as a decider would) and the CycleFold running pair on
/// Grumpkin are each folded with a random pair; every fold satisfies, the
/// verifier side recomputes it, and a forged witness variable is not
/// rescued.
#[test]
fn zk_fold_of_ivc_final_instances_on_both_curves() {
    let mut rng = seeded(9);
    let step =
        PoseidonChainStep::new(vec![ark_bn254::Fr::from(5u64), ark_bn254::Fr::from(6u64)]).unwrap();
    let pp = IvcParams::setup(&step, b"umbra-folding zk ivc").unwrap();
    let mut prover = IvcProver::new(&pp, &step, vec![ark_bn254::Fr::from(1u64)]).unwrap();
    prover.prove_step(&mut rng).unwrap();
    prover.prove_step(&mut rng).unwrap();
    let proof = prover.proof().unwrap();
    umbra_folding::ivc::verify(&pp, &proof).unwrap();

    fn fold_and_check<G: TranscriptCurve>(
        pp: &NovaParams<G>,
        pair: (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        rng: &mut StdRng,
    ) where
        G::ScalarField: PrimeField,
    {
        pp.check_relaxed(pair.0, pair.1).unwrap();
        let z = fold_with_random(pp, pair, rng).unwrap();
        pp.check_relaxed(&z.instance, &z.witness).unwrap();
        let (vu, vr) = verify_fold_with_random(pp, pair.0, &z.proof).unwrap();
        assert_eq!((vu, vr), (z.instance, z.challenge));
        // A forged witness variable (recommitted): the fold stays false.
        let mut w = pair.1.clone();
        let mid = w.w.len() / 2;
        w.w[mid] += G::ScalarField::one();
        let (forged_u, forged_w) = {
            let (plain_u, plain_w) = pp.commit_step(pair.0.x.clone(), w.w.clone(), rng).unwrap();
            let mut u = pair.0.clone();
            u.comm_w = plain_u.comm_w;
            u.comm_omega = plain_u.comm_omega;
            let mut fw = w;
            fw.r_w = plain_w.r_w;
            fw.r_omega = plain_w.r_omega;
            (u, fw)
        };
        assert_eq!(
            pp.check_relaxed(&forged_u, &forged_w),
            Err(Error::Unsatisfied)
        );
        let z = fold_with_random(pp, (&forged_u, &forged_w), rng).unwrap();
        assert_eq!(
            pp.check_relaxed(&z.instance, &z.witness),
            Err(Error::Unsatisfied)
        );
    }
    fold_and_check::<G1>(pp.primary(), (&proof.big_u, &proof.big_w), &mut rng);
    fold_and_check::<Grumpkin>(pp.cyclefold(), (&proof.cf_u, &proof.cf_w), &mut rng);
    // The decider's recipe: first fold the last incoming pair u_n into U_n
    // with the NIFS (its T̄ hiding), then fold the result with a random pair.
    let (nifs, f_u, f_w, _) = Nova::prove(
        pp.primary(),
        (&proof.big_u, &proof.big_w),
        (&proof.u, &proof.w),
        &mut rng,
    )
    .unwrap();
    let (vf, _) = Nova::verify(pp.primary(), &proof.big_u, &proof.u, &nifs).unwrap();
    assert_eq!(vf, f_u);
    fold_and_check::<G1>(pp.primary(), (&f_u, &f_w), &mut rng);
}
