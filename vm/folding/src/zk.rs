//! Zero-knowledge building blocks: random satisfying relaxed instances and
//! the fold of a final running instance with one (Nova's zero-knowledge
//! folding; HyperNova, eprint 2023/573, App. D.4), generic over the curve
//! like [`Nova`](crate::Nova) (BN254 G1 for the primary, Grumpkin for
//! CycleFold).
//!
//! The running instances of an IVC proof are accumulated from the steps'
//! witnesses: handing `(U, W)` to a decider (or revealing it) would leak
//! them. Before deciding, the prover folds `(U, W)` with a freshly sampled
//! **random satisfying** relaxed pair `(U_r, W_r)` and hands over only the
//! folded pair; the verifier side recomputes the folded instance from
//! `U`, `U_r` and `T̄` ([`verify_fold_with_random`]), so the decider checks
//! one pair whose witness is uniformly distributed whatever `W` was.
//!
//! **Sampling** ([`sample_random_relaxed`]): `W_r`, `u_r`, `x_r` uniform
//! (the advice block included when the shape declares one), then
//! `E_r = Az ∘ Bz − u_r·Cz` for `z = (u_r, x_r, W_r)` — one sparse
//! matrix-vector product per matrix — so `Az ∘ Bz = u_r·Cz + E_r` holds;
//! `W̄_r`, `Ω̄_r`, `Ē_r` are hiding commitments with fresh blinds, split as
//! in [`NovaParams::check_relaxed`] (advice block in `Ω̄`, the rest in `W̄`).
//!
//! **Relaxed × relaxed fold** ([`NovaRelaxed`]): Nova's NIFS
//! ([`Nova`](crate::Nova)) folds a running instance with a *plain* one
//! (`u₂ = 1`, `E₂ = 0`); the random instance has neither, so it needs the
//! general cross term. For `z₁ = (u₁, x₁, W₁)`, `z₂ = (u₂, x₂, W₂)`:
//!
//! ```text
//! T  = Az₁ ∘ Bz₂ + Az₂ ∘ Bz₁ − u₁·Cz₂ − u₂·Cz₁,   T̄ = Com(T; r_T), r_T fresh
//! r  = challenge (128 bits), transcript below
//! W' = W₁ + r·W₂     u' = u₁ + r·u₂     x' = x₁ + r·x₂
//! E' = E₁ + r·T + r²·E₂
//! W̄' = W̄₁ + r·W̄₂    Ω̄' = Ω̄₁ + r·Ω̄₂    Ē' = Ē₁ + r·T̄ + r²·Ē₂
//! r_W' = r_W₁ + r·r_W₂,  r_Ω' = r_Ω₁ + r·r_Ω₂,  r_E' = r_E₁ + r·r_T + r²·r_E₂
//! ```
//!
//! (expanding `Az' ∘ Bz' − u'·Cz'` in `r` gives `E₁ + r·T + r²·E₂`). The
//! challenge is the Poseidon transcript of [`crate::transcript`] under its
//! own domain [`ZK_FOLD_DOMAIN`], absorbing in this order: the parameter
//! digest; `W̄₁, (Ω̄₁), Ē₁, u₁, x₁`; `W̄₂, (Ω̄₂), Ē₂, u₂, x₂`; `T̄` (`Ω̄` only
//! when the shape has an advice block, as in the NIFS transcript). Both
//! instances are absorbed in full: `Ē₂` and `u₂` matter here, unlike in
//! the NIFS where they are constants.
//!
//! **The zero-knowledge fold** ([`fold_with_random`]) puts the random pair
//! first: `W' = W_r + r·W`, `E' = E_r + r·T + r²·E`. For every value of
//! `r`, `W_r ↦ W'`, `u_r ↦ u'`, `x_r ↦ x'` are bijections, so the folded
//! `(W', u', x')` is uniform and `E'` is the function of it that makes the
//! pair satisfied; the blinds `r_W'`, `r_Ω'`, `r_E'` are uniform through
//! the random pair's fresh blinds, and `Com` with a uniform blind is a
//! uniform group element, so `W̄_r`, `Ω̄_r`, `Ē_r`, `T̄` are independent
//! of everything. A simulator that knows only `U` samples the folded pair
//! with [`sample_random_relaxed`], draws `r`, solves `U_r` from
//! `U' = U_r + r·U` and programs the random oracle (see `docs/prover.md`,
//! "Zero-knowledge fold").

use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{Field, PrimeField};
use ark_std::UniformRand;
use ark_std::rand::{CryptoRng, RngCore};

use crate::nifs::Products;
use crate::transcript::{Transcript, TranscriptCurve};
use crate::{Error, FoldingScheme, NovaParams, NovaProof, RelaxedR1csInstance, RelaxedR1csWitness};

/// Transcript domain of the relaxed × relaxed fold challenge.
pub const ZK_FOLD_DOMAIN: u64 = 0x756d_6272_615f_7a31; // "umbra_z1"

/// A uniformly random satisfying relaxed pair for `pp`'s shape (see the
/// [module documentation](self)): `W`, `u`, `x` uniform, `E = Az ∘ Bz −
/// u·Cz`, every commitment hiding with a fresh blind (`Ω̄` the identity
/// with blind zero when the shape has no advice block).
///
/// # Errors
/// [`Error::KeyTooShort`] when the key does not cover the vectors (not
/// possible for parameters built by [`NovaParams::new`]).
pub fn sample_random_relaxed<G: TranscriptCurve, R: RngCore + CryptoRng>(
    pp: &NovaParams<G>,
    rng: &mut R,
) -> Result<(RelaxedR1csInstance<G>, RelaxedR1csWitness<G>), Error>
where
    G::ScalarField: PrimeField,
{
    sample_with_products(pp, rng).map(|(u, w, _)| (u, w))
}

/// [`sample_random_relaxed`], also returning the products `(Az, Bz, Cz)`
/// of the sampled `z` (the fold needs them).
#[allow(clippy::type_complexity)]
fn sample_with_products<G: TranscriptCurve, R: RngCore + CryptoRng>(
    pp: &NovaParams<G>,
    rng: &mut R,
) -> Result<
    (
        RelaxedR1csInstance<G>,
        RelaxedR1csWitness<G>,
        Products<G::ScalarField>,
    ),
    Error,
>
where
    G::ScalarField: PrimeField,
{
    let shape = pp.shape();
    let mut rand_vec =
        |n: usize| -> Vec<G::ScalarField> { (0..n).map(|_| G::ScalarField::rand(rng)).collect() };
    let w = rand_vec(shape.num_witness());
    let x = rand_vec(shape.num_io());
    let u = G::ScalarField::rand(rng);
    let (az, bz, cz) = shape.multiply(u, &x, &w)?;
    let e: Vec<G::ScalarField> = az
        .iter()
        .zip(&bz)
        .zip(&cz)
        .map(|((a, b), c)| *a * b - u * c)
        .collect();
    let r_w = G::ScalarField::rand(rng);
    let r_omega = if pp.has_advice() {
        G::ScalarField::rand(rng)
    } else {
        G::ScalarField::from(0u64)
    };
    let r_e = G::ScalarField::rand(rng);
    let (comm_w, comm_omega) = pp.commit_split(&w, &r_w, &r_omega)?;
    let comm_e = pp.ck().commit(&e, &r_e)?.into_affine();
    Ok((
        RelaxedR1csInstance {
            comm_w,
            comm_omega,
            comm_e,
            u,
            x,
        },
        RelaxedR1csWitness {
            w,
            r_w,
            r_omega,
            e,
            r_e,
        },
        (az, bz, cz),
    ))
}

/// The fold of two relaxed instances (see the [module
/// documentation](self)): Nova's NIFS generalised to an incoming instance
/// with its own `u` and `E`, behind [`FoldingScheme`] with relaxed
/// instances on both sides. [`fold_with_random`] uses it with the random
/// pair first.
#[derive(Clone, Copy, Debug, Default)]
pub struct NovaRelaxed;

/// The challenge of the relaxed × relaxed fold of `first` and `second`
/// under cross-term commitment `comm_t` (domain [`ZK_FOLD_DOMAIN`], the
/// order of the [module documentation](self)).
pub fn relaxed_fold_challenge<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    first: &RelaxedR1csInstance<G>,
    second: &RelaxedR1csInstance<G>,
    comm_t: &G::Affine,
) -> u128
where
    G::ScalarField: PrimeField,
{
    let mut t = Transcript::new(pp.poseidon(), ZK_FOLD_DOMAIN);
    t.absorb(&[pp.digest()]);
    for inst in [first, second] {
        t.absorb_point::<G>(&inst.comm_w);
        if pp.omega_absorbed() {
            t.absorb_point::<G>(&inst.comm_omega);
        }
        t.absorb_point::<G>(&inst.comm_e);
        t.absorb_scalars::<G>(&[inst.u]);
        t.absorb_scalars::<G>(&inst.x);
    }
    t.absorb_point::<G>(comm_t);
    t.challenge()
}

fn check_instance<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    inst: &RelaxedR1csInstance<G>,
) -> Result<(), Error>
where
    G::ScalarField: PrimeField,
{
    if inst.x.len() != pp.shape().num_io() {
        return Err(Error::InstanceLength);
    }
    Ok(())
}

fn check_witness<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    w: &RelaxedR1csWitness<G>,
) -> Result<(), Error>
where
    G::ScalarField: PrimeField,
{
    let shape = pp.shape();
    if w.w.len() != shape.num_witness() || w.e.len() != shape.num_constraints() {
        return Err(Error::WitnessLength);
    }
    Ok(())
}

/// `U₁ + r·U₂` on the instance side, `Ē' = Ē₁ + r·T̄ + r²·Ē₂`.
fn fold_relaxed_instances<G: CurveGroup>(
    first: &RelaxedR1csInstance<G>,
    second: &RelaxedR1csInstance<G>,
    comm_t: &G::Affine,
    r: G::ScalarField,
) -> RelaxedR1csInstance<G> {
    let r2 = r.square();
    let comm_w = (first.comm_w.into_group() + second.comm_w * r).into_affine();
    let comm_omega = (first.comm_omega.into_group() + second.comm_omega * r).into_affine();
    let comm_e = (first.comm_e.into_group() + *comm_t * r + second.comm_e * r2).into_affine();
    let x = first
        .x
        .iter()
        .zip(&second.x)
        .map(|(a, b)| *a + r * b)
        .collect();
    RelaxedR1csInstance {
        comm_w,
        comm_omega,
        comm_e,
        u: first.u + r * second.u,
        x,
    }
}

impl NovaRelaxed {
    /// [`FoldingScheme::prove`] with the products `(Az, Bz, Cz)` of either
    /// instance given (`None`, or a wrong length: computed here); also
    /// returns the folded instance's products (`P' = P₁ + r·P₂`).
    ///
    /// # Errors
    /// As [`FoldingScheme::prove`].
    #[allow(clippy::type_complexity)]
    pub fn prove_with_products<G: TranscriptCurve, R: RngCore + CryptoRng>(
        pp: &NovaParams<G>,
        (u1, w1): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        products1: Option<Products<G::ScalarField>>,
        (u2, w2): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        products2: Option<Products<G::ScalarField>>,
        rng: &mut R,
    ) -> Result<
        (
            NovaProof<G>,
            RelaxedR1csInstance<G>,
            RelaxedR1csWitness<G>,
            u128,
            Products<G::ScalarField>,
        ),
        Error,
    >
    where
        G::ScalarField: PrimeField,
    {
        check_instance(pp, u1)?;
        check_instance(pp, u2)?;
        check_witness(pp, w1)?;
        check_witness(pp, w2)?;
        let shape = pp.shape();
        let n = shape.num_constraints();
        let products = |p: Option<Products<G::ScalarField>>,
                        u: &RelaxedR1csInstance<G>,
                        w: &RelaxedR1csWitness<G>| match p {
            Some(p) if p.0.len() == n && p.1.len() == n && p.2.len() == n => Ok(p),
            _ => shape.multiply(u.u, &u.x, &w.w),
        };
        let (az1, bz1, cz1) = products(products1, u1, w1)?;
        let (az2, bz2, cz2) = products(products2, u2, w2)?;
        let t: Vec<G::ScalarField> = (0..n)
            .map(|i| az1[i] * bz2[i] + az2[i] * bz1[i] - u1.u * cz2[i] - u2.u * cz1[i])
            .collect();
        let (comm_t, r_t) = pp.ck().commit_hiding(&t, rng)?;
        let comm_t = comm_t.into_affine();
        let r_bits = relaxed_fold_challenge(pp, u1, u2, &comm_t);
        let r = G::ScalarField::from(r_bits);
        let r2 = r.square();
        let folded_u = fold_relaxed_instances(u1, u2, &comm_t, r);
        let folded_w = RelaxedR1csWitness {
            w: w1.w.iter().zip(&w2.w).map(|(a, b)| *a + r * b).collect(),
            r_w: w1.r_w + r * w2.r_w,
            r_omega: w1.r_omega + r * w2.r_omega,
            e: w1
                .e
                .iter()
                .zip(&t)
                .zip(&w2.e)
                .map(|((e1, t), e2)| *e1 + r * t + r2 * e2)
                .collect(),
            r_e: w1.r_e + r * r_t + r2 * w2.r_e,
        };
        let fold = |a: Vec<G::ScalarField>, b: &[G::ScalarField]| -> Vec<G::ScalarField> {
            a.into_iter().zip(b).map(|(x, y)| x + r * y).collect()
        };
        let folded_products = (fold(az1, &az2), fold(bz1, &bz2), fold(cz1, &cz2));
        Ok((
            NovaProof { comm_t },
            folded_u,
            folded_w,
            r_bits,
            folded_products,
        ))
    }
}

impl<G: TranscriptCurve> FoldingScheme<G> for NovaRelaxed
where
    G::ScalarField: PrimeField,
{
    type Params = NovaParams<G>;
    type RunningInstance = RelaxedR1csInstance<G>;
    type RunningWitness = RelaxedR1csWitness<G>;
    type IncomingInstance = RelaxedR1csInstance<G>;
    type IncomingWitness = RelaxedR1csWitness<G>;
    type Proof = NovaProof<G>;

    fn prove<R: RngCore + CryptoRng>(
        pp: &NovaParams<G>,
        first: (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        second: (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        rng: &mut R,
    ) -> Result<
        (
            NovaProof<G>,
            RelaxedR1csInstance<G>,
            RelaxedR1csWitness<G>,
            u128,
        ),
        Error,
    > {
        Self::prove_with_products(pp, first, None, second, None, rng)
            .map(|(p, fu, fw, r, _)| (p, fu, fw, r))
    }

    fn verify(
        pp: &NovaParams<G>,
        first: &RelaxedR1csInstance<G>,
        second: &RelaxedR1csInstance<G>,
        proof: &NovaProof<G>,
    ) -> Result<(RelaxedR1csInstance<G>, u128), Error> {
        check_instance(pp, first)?;
        check_instance(pp, second)?;
        let r_bits = relaxed_fold_challenge(pp, first, second, &proof.comm_t);
        let r = G::ScalarField::from(r_bits);
        Ok((
            fold_relaxed_instances(first, second, &proof.comm_t, r),
            r_bits,
        ))
    }
}

/// What the verifier side (the decider) receives beside the running
/// instance `U` to recompute the zero-knowledge fold: the random instance
/// and the cross-term commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkFoldProof<G: CurveGroup> {
    /// The random relaxed instance `U_r` (first in the fold).
    pub random: RelaxedR1csInstance<G>,
    /// `T̄ = Com(T; r_T)`, `r_T` fresh.
    pub comm_t: G::Affine,
}

/// The prover's result of [`fold_with_random`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkFolded<G: CurveGroup> {
    /// `U_r` and `T̄`, for the verifier side.
    pub proof: ZkFoldProof<G>,
    /// The folded instance `U' = U_r + r·U` (what
    /// [`verify_fold_with_random`] recomputes).
    pub instance: RelaxedR1csInstance<G>,
    /// The folded witness (uniformly distributed, whatever `W` was).
    pub witness: RelaxedR1csWitness<G>,
    /// The challenge `r` (128 bits).
    pub challenge: u128,
}

/// The zero-knowledge fold: samples a random satisfying pair `(U_r, W_r)`
/// ([`sample_random_relaxed`]) and folds it, first, with `(U, W)` by
/// [`NovaRelaxed`]: `W' = W_r + r·W`, `E' = E_r + r·T + r²·E`. The folded
/// pair is satisfied iff (with overwhelming probability over `r`) both
/// `(U, W)` and `(U_r, W_r)` are; it reveals nothing about `W` (module
/// documentation). Costs one matrix-vector product per matrix for each
/// pair, and three commitments (`W̄_r` with `Ω̄_r`, `Ē_r`, `T̄`).
///
/// # Errors
/// [`Error::InstanceLength`] / [`Error::WitnessLength`] for a pair that does
/// not fit the shape, [`Error::KeyTooShort`].
pub fn fold_with_random<G: TranscriptCurve, R: RngCore + CryptoRng>(
    pp: &NovaParams<G>,
    (big_u, big_w): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
    rng: &mut R,
) -> Result<ZkFolded<G>, Error>
where
    G::ScalarField: PrimeField,
{
    check_instance(pp, big_u)?;
    check_witness(pp, big_w)?;
    let (ur, wr, pr) = sample_with_products(pp, rng)?;
    let (proof, instance, witness, challenge, _) =
        NovaRelaxed::prove_with_products(pp, (&ur, &wr), Some(pr), (big_u, big_w), None, rng)?;
    Ok(ZkFolded {
        proof: ZkFoldProof {
            random: ur,
            comm_t: proof.comm_t,
        },
        instance,
        witness,
        challenge,
    })
}

/// The verifier side of [`fold_with_random`]: recomputes the challenge
/// and the folded instance `U' = U_r + r·U` (with `Ē' = Ē_r + r·T̄ +
/// r²·Ē`) from `U` and the proof. A decider then checks only `U'` against
/// the folded witness ([`NovaParams::check_relaxed`]).
///
/// # Errors
/// [`Error::InstanceLength`] for an instance that does not fit the shape.
pub fn verify_fold_with_random<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    big_u: &RelaxedR1csInstance<G>,
    proof: &ZkFoldProof<G>,
) -> Result<(RelaxedR1csInstance<G>, u128), Error>
where
    G::ScalarField: PrimeField,
{
    <NovaRelaxed as FoldingScheme<G>>::verify(
        pp,
        &proof.random,
        big_u,
        &NovaProof {
            comm_t: proof.comm_t,
        },
    )
}
