//! IVC for one step kind: Nova + CycleFold on the BN254/Grumpkin cycle.
//!
//! [`IvcParams::setup`] extracts the augmented circuit's and the CycleFold
//! circuit's shapes once; [`IvcProver`] proves one step at a time;
//! [`IvcProof`] is the (uncompressed, not yet zero-knowledge) IVC proof
//! with a versioned byte encoding; [`verify`] checks it and returns a
//! typed error for every failure.

use core::ops::Range;
use std::cell::{Cell, RefCell};

use ark_bn254::{Fq, G1Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::Zero;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_std::rand::{CryptoRng, RngCore};

use crate::augmented::{AugmentedCircuit, AugmentedInput, IC_0, advice_chain, state_hash};
use crate::cyclefold::{CycleFoldAdvice, CycleFoldCircuit, CycleFoldInput, cyclefold_io_len};
use crate::nifs::{
    FoldingScheme, Nova, NovaParams, Products, R1csInstance, R1csWitness, RelaxedR1csInstance,
    RelaxedR1csWitness,
};
use crate::shape::{Assignment, R1csShape, generate_witness};
use crate::step::StepCircuit;
use crate::transcript::TranscriptPoseidon;
use crate::{CommitmentKey, Error, Fr, G1, Grumpkin};

/// Version byte of [`IvcProof::to_bytes`].
pub const IVC_PROOF_VERSION: u8 = 2;

/// Where [`IvcParams`]' commitment keys come from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum KeySource {
    InsecureDev,
    Transparent,
}

impl KeySource {
    /// Keys of lengths `n` (G1) and `cf_n` (Grumpkin) from `label`.
    pub(crate) fn keys(
        self,
        n: usize,
        cf_n: usize,
        label: &[u8],
    ) -> Result<(CommitmentKey<G1>, CommitmentKey<Grumpkin>), Error> {
        Ok(match self {
            Self::InsecureDev => (
                CommitmentKey::<G1>::insecure_dev_setup(n, label)?,
                CommitmentKey::<Grumpkin>::insecure_dev_setup(cf_n, label)?,
            ),
            Self::Transparent => (
                CommitmentKey::<G1>::transparent_setup(n, label)?,
                CommitmentKey::<Grumpkin>::transparent_setup(cf_n, label)?,
            ),
        })
    }
}

/// Public parameters of the IVC of one step kind.
#[derive(Clone, Debug)]
pub struct IvcParams {
    primary: NovaParams<G1>,
    cyclefold: NovaParams<Grumpkin>,
    poseidon: TranscriptPoseidon,
    arity: usize,
}

impl IvcParams {
    /// Extracts both shapes and builds **insecure development** commitment
    /// keys from `label` ([`CommitmentKey::insecure_dev_setup`]).
    ///
    /// # Errors
    /// Shape-extraction errors of either circuit (e.g.
    /// [`Error::ArityMismatch`] via a synthesis error). A step with an
    /// advice block ([`StepCircuit::advice_len`] `> 0`) gets committed
    /// advice: its block's witness positions in the augmented circuit
    /// become the primary shape's advice range and CycleFold folds `Ω̄`.
    pub fn setup<S: StepCircuit + ?Sized>(step: &S, label: &[u8]) -> Result<Self, Error> {
        Self::setup_with_keys(step, label, KeySource::InsecureDev)
    }

    /// [`IvcParams::setup`] with **transparent** commitment keys on both
    /// curves ([`CommitmentKey::transparent_setup`]: generators hashed to
    /// the curve, no trapdoor): the parameters for proofs a verifier relies
    /// on. Slower to build (one hash-to-curve per generator).
    ///
    /// # Errors
    /// As [`IvcParams::setup`].
    pub fn setup_transparent<S: StepCircuit + ?Sized>(
        step: &S,
        label: &[u8],
    ) -> Result<Self, Error> {
        Self::setup_with_keys(step, label, KeySource::Transparent)
    }

    fn setup_with_keys<S: StepCircuit + ?Sized>(
        step: &S,
        label: &[u8],
        keys: KeySource,
    ) -> Result<Self, Error> {
        let poseidon = TranscriptPoseidon::new().map_err(|_| Error::InvalidKey)?;
        let aug = AugmentedCircuit {
            step,
            poseidon: &poseidon,
            i: 0,
            input: None,
            z_next: RefCell::new(None),
            step_start: Cell::new(None),
        };
        let shape = R1csShape::from_circuit(&aug)?;
        let start = aug.step_start.get().ok_or(Error::AdviceRange)?;
        let advice = start..start + step.advice_len();
        let with_advice = !advice.is_empty();
        let cf_shape = R1csShape::<Fq>::from_circuit(&CycleFoldCircuit {
            with_advice,
            ..Default::default()
        })?;
        let n = shape.num_witness().max(shape.num_constraints());
        let cf_n = cf_shape.num_witness().max(cf_shape.num_constraints());
        let (ck, cf_ck) = keys.keys(n, cf_n, label)?;
        Self::new_with_advice(shape, ck, cf_shape, cf_ck, step.arity(), advice)
    }

    /// Parameters from shapes and keys given from outside (validated as
    /// [`NovaParams::new`] does).
    ///
    /// # Errors
    /// [`Error::KeyTooShort`], or [`Error::InstanceLength`] when the
    /// primary shape does not have exactly one public input.
    pub fn new(
        shape: R1csShape<Fr>,
        ck: CommitmentKey<G1>,
        cf_shape: R1csShape<Fq>,
        cf_ck: CommitmentKey<Grumpkin>,
        arity: usize,
    ) -> Result<Self, Error> {
        Self::new_with_advice(shape, ck, cf_shape, cf_ck, arity, 0..0)
    }

    /// [`IvcParams::new`] with committed advice at the primary witness
    /// positions `advice` (empty: none). With advice the CycleFold shape
    /// must have [`crate::cyclefold::CYCLEFOLD_ADVICE_IO_LEN`] public inputs.
    ///
    /// # Errors
    /// As [`IvcParams::new`], and [`Error::AdviceRange`] as
    /// [`NovaParams::with_advice`].
    pub fn new_with_advice(
        shape: R1csShape<Fr>,
        ck: CommitmentKey<G1>,
        cf_shape: R1csShape<Fq>,
        cf_ck: CommitmentKey<Grumpkin>,
        arity: usize,
        advice: Range<usize>,
    ) -> Result<Self, Error> {
        let with_advice = !advice.is_empty();
        if shape.num_io() != 1 || cf_shape.num_io() != cyclefold_io_len(with_advice) {
            return Err(Error::InstanceLength);
        }
        Ok(Self {
            primary: NovaParams::with_advice(shape, ck, advice)?,
            cyclefold: NovaParams::new(cf_shape, cf_ck)?,
            poseidon: TranscriptPoseidon::new().map_err(|_| Error::InvalidKey)?,
            arity,
        })
    }

    /// The primary (augmented circuit) parameters.
    pub fn primary(&self) -> &NovaParams<G1> {
        &self.primary
    }

    /// The CycleFold parameters.
    pub fn cyclefold(&self) -> &NovaParams<Grumpkin> {
        &self.cyclefold
    }

    /// The state arity.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// Whether the step has committed advice.
    pub fn has_advice(&self) -> bool {
        self.primary.has_advice()
    }

    #[allow(clippy::too_many_arguments)]
    fn state_hash(
        &self,
        i: u64,
        z0: &[Fr],
        zi: &[Fr],
        ic: Fr,
        big_u: &RelaxedR1csInstance<G1>,
        cf_u: &RelaxedR1csInstance<Grumpkin>,
    ) -> Fr {
        state_hash(
            &self.poseidon,
            self.primary.digest(),
            self.cyclefold.digest(),
            i,
            z0,
            zi,
            self.has_advice().then_some(ic),
            big_u,
            cf_u,
        )
    }
}

/// The IVC proof after `steps` steps: the running instances with their
/// witnesses and the last step's instance-witness pair. Not succinct and
/// not zero-knowledge (the decider that compresses it is not built yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IvcProof {
    /// Number of steps proved (`≥ 1`).
    pub steps: u64,
    /// Initial state.
    pub z0: Vec<Fr>,
    /// Final state.
    pub zn: Vec<Fr>,
    /// The advice chain `IC_n` in the state hash (`IC_0` without advice;
    /// see [`advice_digest`] for the value a verifier derives challenges
    /// from).
    pub ic: Fr,
    /// Running primary instance.
    pub big_u: RelaxedR1csInstance<G1>,
    /// Its witness.
    pub big_w: RelaxedR1csWitness<G1>,
    /// Last step's instance.
    pub u: R1csInstance<G1>,
    /// Its witness.
    pub w: R1csWitness<G1>,
    /// Running CycleFold instance.
    pub cf_u: RelaxedR1csInstance<Grumpkin>,
    /// Its witness.
    pub cf_w: RelaxedR1csWitness<Grumpkin>,
}

/// Checks an IVC proof: `steps ≥ 1`, the arities, `u.x = H(pp, cf_pp,
/// steps, z_0, z_n, U, cf_U)`, and that `(u, w)`, `(U, W)` and
/// `(cf_U, cf_W)` satisfy their relations with opening commitments (the
/// last step's instance has `u = 1`, `E = 0` by construction).
///
/// # Errors
/// [`Error::BaseCase`] for zero steps, [`Error::ArityMismatch`],
/// [`Error::InstanceLength`], [`Error::StateHashMismatch`], and the errors
/// of [`NovaParams::check`] / [`NovaParams::check_relaxed`]
/// ([`Error::CommitmentMismatch`], [`Error::Unsatisfied`], length errors).
pub fn verify(pp: &IvcParams, proof: &IvcProof) -> Result<(), Error> {
    check_public_part(
        pp,
        proof.steps,
        (&proof.z0, &proof.zn),
        proof.ic,
        (&proof.big_u, &proof.u, &proof.cf_u),
    )?;
    pp.primary.check(&proof.u, &proof.w)?;
    pp.primary.check_relaxed(&proof.big_u, &proof.big_w)?;
    pp.cyclefold.check_relaxed(&proof.cf_u, &proof.cf_w)?;
    Ok(())
}

/// The checks of a proof's public part, shared by [`verify`] and the
/// compressed proof's verifier: the lengths ([`check_proof_lengths`]),
/// `IC = IC_0` without advice, and `u.x = H(pp, cf_pp, steps, z_0, z_n,
/// [IC], U, cf_U)`.
pub(crate) fn check_public_part(
    pp: &IvcParams,
    steps: u64,
    (z0, zn): (&[Fr], &[Fr]),
    ic: Fr,
    (big_u, u, cf_u): (
        &RelaxedR1csInstance<G1>,
        &R1csInstance<G1>,
        &RelaxedR1csInstance<Grumpkin>,
    ),
) -> Result<(), Error> {
    check_proof_lengths(pp.arity, steps, (z0, zn), [u.x.len(), big_u.x.len()])?;
    if !pp.has_advice() && ic != IC_0 {
        return Err(Error::StateHashMismatch);
    }
    if u.x[0] != pp.state_hash(steps, z0, zn, ic, big_u, cf_u) {
        return Err(Error::StateHashMismatch);
    }
    Ok(())
}

/// The checks every IVC verifier starts with: `steps ≥ 1`
/// ([`Error::BaseCase`]), `z_0` and `z_n` of length `arity`
/// ([`Error::ArityMismatch`]), and one public input per primary instance
/// (`x_lens`, else [`Error::InstanceLength`]).
pub(crate) fn check_proof_lengths(
    arity: usize,
    steps: u64,
    (z0, zn): (&[Fr], &[Fr]),
    x_lens: impl IntoIterator<Item = usize>,
) -> Result<(), Error> {
    if steps == 0 {
        return Err(Error::BaseCase);
    }
    if z0.len() != arity || zn.len() != arity {
        return Err(Error::ArityMismatch);
    }
    if x_lens.into_iter().any(|n| n != 1) {
        return Err(Error::InstanceLength);
    }
    Ok(())
}

/// The advice digest `IC_final = H(IC_n, Ω̄ of u_n)` of a proof: the
/// advice chain over the `Ω̄` of every step instance `u_1 … u_n` in order
/// (`u_1 … u_{n−1}` absorbed in the augmented circuit as they are folded,
/// `u_n` — which [`verify`] opens directly — absorbed here). Meaningful only
/// after [`verify`] accepted the proof; the challenges of a step with
/// committed advice are to be derived from it (docs/prover.md).
///
/// # Errors
/// [`Error::AdviceNotSupported`] when the step has no advice block.
pub fn advice_digest(pp: &IvcParams, proof: &IvcProof) -> Result<Fr, Error> {
    if !pp.has_advice() {
        return Err(Error::AdviceNotSupported);
    }
    Ok(advice_chain(&pp.poseidon, proof.ic, &proof.u.comm_omega))
}

/// First pass of the two-pass challenge derivation: `Ω̄_i = Com(ω_i; r_Ω,i)`
/// of every step's advice block (computed natively, before any step is
/// proved), and the advice digest `IC_final` over them — the value
/// [`advice_digest`] returns for the proof of the second pass when that
/// pass uses the same blocks and blinds ([`IvcProver::with_advice_blinds`]).
///
/// # Errors
/// [`Error::AdviceNotSupported`] without an advice block,
/// [`Error::AdviceBlindMissing`] unless there is one blind per block,
/// [`Error::WitnessLength`] for a block of the wrong length.
pub fn advice_commitments(
    pp: &IvcParams,
    blocks: &[Vec<Fr>],
    blinds: &[Fr],
) -> Result<(Vec<G1Affine>, Fr), Error> {
    if !pp.has_advice() {
        return Err(Error::AdviceNotSupported);
    }
    if blinds.len() != blocks.len() {
        return Err(Error::AdviceBlindMissing);
    }
    let mut ic = IC_0;
    let mut out = Vec::with_capacity(blocks.len());
    for (omega, r) in blocks.iter().zip(blinds) {
        let c = pp.primary.commit_advice(omega, r)?;
        ic = advice_chain(&pp.poseidon, ic, &c);
        out.push(c);
    }
    Ok((out, ic))
}

/// One link of [`advice_commitments`] for a streaming first pass:
/// `Ω̄ = Com(omega; blind)` and the next chain value `H(ic, Ω̄)` (start from
/// [`crate::augmented::IC_0`]). Folding the blocks one at a time gives the
/// same `(Ω̄_i, IC_final)` as [`advice_commitments`] over all of them,
/// without holding every block.
///
/// # Errors
/// As [`advice_commitments`].
pub fn advice_commitment_next(
    pp: &IvcParams,
    ic: Fr,
    omega: &[Fr],
    blind: &Fr,
) -> Result<(G1Affine, Fr), Error> {
    let c = pp.primary.commit_advice(omega, blind)?;
    Ok((c, advice_chain(&pp.poseidon, ic, &c)))
}

/// [`verify`], then the challenge check of the two-pass derivation: the
/// state elements of `z_0` at `positions` must equal
/// `derive(advice_digest(proof))` (the caller's derivation, e.g. a hash of
/// the digest with the program and public-input digests). Returns the
/// advice digest.
///
/// # Errors
/// The errors of [`verify`], [`Error::AdviceNotSupported`] without an
/// advice block, [`Error::ChallengeMismatch`] when the challenges differ
/// (or `positions` and `derive`'s output disagree in length or range).
pub fn verify_derived_challenges(
    pp: &IvcParams,
    proof: &IvcProof,
    positions: &[usize],
    derive: &dyn Fn(Fr) -> Vec<Fr>,
) -> Result<Fr, Error> {
    verify(pp, proof)?;
    let digest = advice_digest(pp, proof)?;
    check_challenges(&proof.z0, positions, &derive(digest))?;
    Ok(digest)
}

/// `z0[positions[k]] = want[k]` for every `k` (and as many positions as
/// challenges), else [`Error::ChallengeMismatch`].
pub(crate) fn check_challenges(z0: &[Fr], positions: &[usize], want: &[Fr]) -> Result<(), Error> {
    if want.len() != positions.len() {
        return Err(Error::ChallengeMismatch);
    }
    for (&k, w) in positions.iter().zip(want) {
        if z0.get(k) != Some(w) {
            return Err(Error::ChallengeMismatch);
        }
    }
    Ok(())
}

/// A hook that may rewrite the augmented circuit's assignment before it is
/// committed (tests of a malicious prover).
pub type WitnessHook<'a> = &'a dyn Fn(usize, &mut Assignment<Fr>);

/// The prover: holds the running state between steps.
#[derive(Debug)]
pub struct IvcProver<'a, S: StepCircuit + ?Sized> {
    pp: &'a IvcParams,
    step: &'a S,
    i: usize,
    z0: Vec<Fr>,
    zi: Vec<Fr>,
    ic: Fr,
    big_u: RelaxedR1csInstance<G1>,
    big_w: RelaxedR1csWitness<G1>,
    u: R1csInstance<G1>,
    w: R1csWitness<G1>,
    cf_u: RelaxedR1csInstance<Grumpkin>,
    cf_w: RelaxedR1csWitness<Grumpkin>,
    /// `(Az, Bz, Cz)` of the running primary instance, folded with it.
    products: Option<Products<Fr>>,
    /// Test hook: the `Ω̄₂` the next step claims in its circuit and chain.
    claimed_omega: Option<G1Affine>,
    /// Pre-drawn advice blinds, one per step (two-pass derivation).
    advice_blinds: Option<Vec<Fr>>,
}

impl<'a, S: StepCircuit + ?Sized> IvcProver<'a, S> {
    /// A prover starting from `z0`.
    ///
    /// # Errors
    /// [`Error::ArityMismatch`] unless `z0` has the step's arity.
    pub fn new(pp: &'a IvcParams, step: &'a S, z0: Vec<Fr>) -> Result<Self, Error> {
        if z0.len() != pp.arity || step.arity() != pp.arity {
            return Err(Error::ArityMismatch);
        }
        let (big_u, big_w) = pp.primary.default_running();
        let (cf_u, cf_w) = pp.cyclefold.default_running();
        let shape = pp.primary.shape();
        Ok(Self {
            pp,
            step,
            i: 0,
            zi: z0.clone(),
            z0,
            ic: IC_0,
            big_u,
            big_w,
            u: R1csInstance {
                comm_w: G1Affine::identity(),
                comm_omega: G1Affine::identity(),
                x: vec![Fr::zero(); shape.num_io()],
            },
            w: R1csWitness {
                w: vec![Fr::zero(); shape.num_witness()],
                r_w: Fr::zero(),
                r_omega: Fr::zero(),
            },
            cf_u,
            cf_w,
            products: None,
            claimed_omega: None,
            advice_blinds: None,
        })
    }

    /// Uses `blinds[i]` as the advice blind `r_Ω` of step `i`'s instance
    /// (instead of a fresh one), so that the steps' `Ω̄` are the ones
    /// committed in the first pass of the two-pass challenge derivation
    /// ([`advice_commitments`]).
    ///
    /// # Errors
    /// [`Error::AdviceNotSupported`] when the step has no advice block.
    pub fn with_advice_blinds(mut self, blinds: Vec<Fr>) -> Result<Self, Error> {
        if !self.pp.has_advice() {
            return Err(Error::AdviceNotSupported);
        }
        self.advice_blinds = Some(blinds);
        Ok(self)
    }

    /// Number of steps proved so far.
    pub fn steps(&self) -> usize {
        self.i
    }

    /// The current state `z_i`.
    pub fn state(&self) -> &[Fr] {
        &self.zi
    }

    /// Proves one step.
    ///
    /// # Errors
    /// Synthesis errors of the step (e.g. a missing private input), length
    /// errors.
    pub fn prove_step<R: RngCore + CryptoRng>(&mut self, rng: &mut R) -> Result<(), Error> {
        self.prove_step_with(rng, None)
    }

    /// **Test hook**: replaces the current state `z_i` without proof (a
    /// malicious prover). The next proofs are invalid.
    #[doc(hidden)]
    pub fn tamper_state(&mut self, zi: Vec<Fr>) {
        self.zi = zi;
    }

    /// **Test hook**: at the next step, hand the augmented circuit (and the
    /// advice chain) `fake` as the incoming instance's `Ω̄₂` while the
    /// native fold uses the real one (a malicious prover hashing a
    /// commitment it does not fold). The next proofs are invalid.
    #[doc(hidden)]
    pub fn tamper_advice_commitment(&mut self, fake: G1Affine) {
        self.claimed_omega = Some(fake);
    }

    /// Proves one step, letting `hook` rewrite the augmented circuit's
    /// assignment before it is committed (**test hook** for a malicious
    /// prover; `None` is [`IvcProver::prove_step`]).
    ///
    /// # Errors
    /// As [`IvcProver::prove_step`].
    pub fn prove_step_with<R: RngCore + CryptoRng>(
        &mut self,
        rng: &mut R,
        hook: Option<WitnessHook<'_>>,
    ) -> Result<(), Error> {
        let pp = self.pp;
        // Fold U_i with u_i (at i = 0 with the dummy u_0; the circuit then
        // outputs the default instances).
        let fold = fold_native(
            &pp.primary,
            &pp.cyclefold,
            pp.has_advice(),
            (&self.big_u, &self.big_w),
            self.products.take(),
            (&self.u, &self.w),
            (&self.cf_u, &self.cf_w),
            rng,
        )?;
        let (folded_u, folded_w) = fold.folded;
        let (cf_folded_u, cf_folded_w) = fold.cf_folded;

        let claimed_omega = self.claimed_omega.take().unwrap_or(self.u.comm_omega);
        let input = AugmentedInput {
            pp_digest: pp.primary.digest(),
            cf_digest: pp.cyclefold.digest(),
            z0: self.z0.clone(),
            zi: self.zi.clone(),
            big_u: self.big_u.clone(),
            u: R1csInstance {
                comm_omega: claimed_omega,
                ..self.u.clone()
            },
            comm_t: fold.comm_t,
            folded_w: folded_u.comm_w,
            folded_e: folded_u.comm_e,
            folded_omega: folded_u.comm_omega,
            ic: self.ic,
            cf_big_u: self.cf_u.clone(),
            cf_comm_w: fold.cf_comm_w,
            cf_comm_t: fold.cf_comm_t,
        };
        let circuit = AugmentedCircuit {
            step: self.step,
            poseidon: &pp.poseidon,
            i: self.i,
            input: Some(&input),
            z_next: RefCell::new(None),
            step_start: Cell::new(None),
        };
        let mut a = generate_witness(pp.primary.shape(), &circuit)?;
        let z_next = circuit
            .z_next
            .borrow_mut()
            .take()
            .ok_or(Error::ArityMismatch)?;
        if let Some(h) = hook {
            h(self.i, &mut a);
        }
        let (u_next, w_next) =
            commit_assignment(&pp.primary, a, self.advice_blinds.as_deref(), self.i, rng)?;

        if self.i == 0 {
            let (du, dw) = pp.primary.default_running();
            let (cu, cw) = pp.cyclefold.default_running();
            self.big_u = du;
            self.big_w = dw;
            self.cf_u = cu;
            self.cf_w = cw;
            // The default instance's products are computed at the next fold.
            self.products = None;
        } else {
            self.big_u = folded_u;
            self.big_w = folded_w;
            self.cf_u = cf_folded_u;
            self.cf_w = cf_folded_w;
            self.products = Some(fold.products);
        }
        // IC_{i+1} = H(IC_i, Ω̄ of u_i), IC_1 = IC_0 (as the circuit does).
        if self.i > 0 && pp.has_advice() {
            self.ic = advice_chain(&pp.poseidon, self.ic, &claimed_omega);
        }
        self.u = u_next;
        self.w = w_next;
        self.zi = z_next;
        self.i += 1;
        Ok(())
    }

    /// The IVC proof of the steps proved so far.
    ///
    /// # Errors
    /// [`Error::BaseCase`] before the first step.
    pub fn proof(&self) -> Result<IvcProof, Error> {
        if self.i == 0 {
            return Err(Error::BaseCase);
        }
        Ok(IvcProof {
            steps: self.i as u64,
            z0: self.z0.clone(),
            zn: self.zi.clone(),
            ic: self.ic,
            big_u: self.big_u.clone(),
            big_w: self.big_w.clone(),
            u: self.u.clone(),
            w: self.w.clone(),
            cf_u: self.cf_u.clone(),
            cf_w: self.cf_w.clone(),
        })
    }
}

/// The native side of one step's fold, shared by the uniform and the
/// non-uniform provers: the primary NIFS fold of `(U, W)` with `(u, w)`
/// (products carried), this fold's CycleFold instance (with advice also
/// `Ω̄' = Ω̄ + [r]Ω̄₂`) committed and folded into `(cf_U, cf_W)`.
pub(crate) struct NativeFold {
    /// `T̄` of the primary fold.
    pub(crate) comm_t: G1Affine,
    /// The folded primary pair.
    pub(crate) folded: (RelaxedR1csInstance<G1>, RelaxedR1csWitness<G1>),
    /// Its products.
    pub(crate) products: Products<Fr>,
    /// `W̄` of this step's CycleFold instance.
    pub(crate) cf_comm_w: ark_grumpkin::Affine,
    /// `T̄` of the CycleFold fold.
    pub(crate) cf_comm_t: ark_grumpkin::Affine,
    /// The folded CycleFold pair.
    pub(crate) cf_folded: (RelaxedR1csInstance<Grumpkin>, RelaxedR1csWitness<Grumpkin>),
}

/// See [`NativeFold`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn fold_native<R: RngCore + CryptoRng>(
    primary: &NovaParams<G1>,
    cyclefold: &NovaParams<Grumpkin>,
    with_advice: bool,
    running: (&RelaxedR1csInstance<G1>, &RelaxedR1csWitness<G1>),
    products: Option<Products<Fr>>,
    incoming: (&R1csInstance<G1>, &R1csWitness<G1>),
    cf_running: (
        &RelaxedR1csInstance<Grumpkin>,
        &RelaxedR1csWitness<Grumpkin>,
    ),
    rng: &mut R,
) -> Result<NativeFold, Error> {
    let (big_u, u) = (running.0, incoming.0);
    let (proof, folded_u, folded_w, r, products) =
        Nova::prove_with_products(primary, running, products, incoming, rng)?;
    let cf_circuit = CycleFoldCircuit {
        input: Some(CycleFoldInput {
            r,
            w: big_u.comm_w,
            w2: u.comm_w,
            e: big_u.comm_e,
            t: proof.comm_t,
        }),
        with_advice,
        advice: Some(CycleFoldAdvice {
            omega: big_u.comm_omega,
            omega2: u.comm_omega,
        }),
    };
    let cf_a = generate_witness(cyclefold.shape(), &cf_circuit)?;
    let (cf_inst, cf_wit) = cyclefold.commit_step(cf_a.x, cf_a.w, rng)?;
    let (cf_proof, cf_u, cf_w, _) = Nova::prove(cyclefold, cf_running, (&cf_inst, &cf_wit), rng)?;
    Ok(NativeFold {
        comm_t: proof.comm_t,
        folded: (folded_u, folded_w),
        products,
        cf_comm_w: cf_inst.comm_w,
        cf_comm_t: cf_proof.comm_t,
        cf_folded: (cf_u, cf_w),
    })
}

/// Commits step `i`'s assignment: with pre-drawn advice blinds and an
/// advice block, `blinds[i]` is `r_Ω` ([`Error::AdviceBlindMissing`] when
/// there is none), otherwise every blind is fresh.
pub(crate) fn commit_assignment<R: RngCore + CryptoRng>(
    p: &NovaParams<G1>,
    a: Assignment<Fr>,
    blinds: Option<&[Fr]>,
    i: usize,
    rng: &mut R,
) -> Result<(R1csInstance<G1>, R1csWitness<G1>), Error> {
    match blinds {
        Some(b) if p.has_advice() => {
            let r_omega = *b.get(i).ok_or(Error::AdviceBlindMissing)?;
            p.commit_step_with_advice_blind(a.x, a.w, r_omega, rng)
        }
        _ => p.commit_step(a.x, a.w, rng),
    }
}

pub(crate) fn put<T: CanonicalSerialize>(out: &mut Vec<u8>, v: &T) {
    // Writing into a Vec cannot fail.
    let _ = v.serialize_compressed(out);
}

pub(crate) fn get<T: CanonicalDeserialize>(rest: &mut &[u8]) -> Result<T, Error> {
    T::deserialize_with_mode(rest, Compress::Yes, Validate::Yes).map_err(|_| Error::Deserialization)
}

/// Encodes a running pair: `W̄, [Ω̄], Ē, u, x`, then `W, r_W, [r_Ω], E,
/// r_E` — `Ω̄`, `r_Ω` exactly when `omega` (the primary pairs; the
/// CycleFold pair has no advice). The layout of every proof encoding of
/// this crate.
pub(crate) fn put_running<G: CurveGroup>(
    out: &mut Vec<u8>,
    (u, w): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
    omega: bool,
) {
    put(out, &u.comm_w);
    if omega {
        put(out, &u.comm_omega);
    }
    put(out, &u.comm_e);
    put(out, &u.u);
    put(out, &u.x);
    put(out, &w.w);
    put(out, &w.r_w);
    if omega {
        put(out, &w.r_omega);
    }
    put(out, &w.e);
    put(out, &w.r_e);
}

/// Decodes [`put_running`] (without `omega`: `Ω̄` the identity, `r_Ω`
/// zero).
pub(crate) fn get_running<G: CurveGroup>(
    r: &mut &[u8],
    omega: bool,
) -> Result<(RelaxedR1csInstance<G>, RelaxedR1csWitness<G>), Error> {
    let opt_point = |r: &mut &[u8]| -> Result<G::Affine, Error> {
        if omega { get(r) } else { Ok(G::Affine::zero()) }
    };
    let opt_scalar = |r: &mut &[u8]| -> Result<G::ScalarField, Error> {
        if omega {
            get(r)
        } else {
            Ok(G::ScalarField::zero())
        }
    };
    let u = RelaxedR1csInstance {
        comm_w: get(r)?,
        comm_omega: opt_point(r)?,
        comm_e: get(r)?,
        u: get(r)?,
        x: get(r)?,
    };
    let w = RelaxedR1csWitness {
        w: get(r)?,
        r_w: get(r)?,
        r_omega: opt_scalar(r)?,
        e: get(r)?,
        r_e: get(r)?,
    };
    Ok((u, w))
}

/// Encodes a step's pair: `W̄, Ω̄, x`, then `W, r_W, r_Ω`.
pub(crate) fn put_step(out: &mut Vec<u8>, u: &R1csInstance<G1>, w: &R1csWitness<G1>) {
    put(out, &u.comm_w);
    put(out, &u.comm_omega);
    put(out, &u.x);
    put(out, &w.w);
    put(out, &w.r_w);
    put(out, &w.r_omega);
}

/// Decodes [`put_step`].
pub(crate) fn get_step(r: &mut &[u8]) -> Result<(R1csInstance<G1>, R1csWitness<G1>), Error> {
    let u = R1csInstance {
        comm_w: get(r)?,
        comm_omega: get(r)?,
        x: get(r)?,
    };
    let w = R1csWitness {
        w: get(r)?,
        r_w: get(r)?,
        r_omega: get(r)?,
    };
    Ok((u, w))
}

impl IvcProof {
    /// Versioned encoding (version 2): the version byte, then every field
    /// in declaration order in arkworks' canonical compressed serialization
    /// (vectors length-prefixed, points compressed); the CycleFold
    /// instance has no advice, so its `Ω̄` (identity) and `r_Ω` (zero) are
    /// not encoded.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![IVC_PROOF_VERSION];
        put(&mut out, &self.steps);
        put(&mut out, &self.z0);
        put(&mut out, &self.zn);
        put(&mut out, &self.ic);
        put_running(&mut out, (&self.big_u, &self.big_w), true);
        put_step(&mut out, &self.u, &self.w);
        put_running(&mut out, (&self.cf_u, &self.cf_w), false);
        out
    }

    /// Decodes [`IvcProof::to_bytes`] (every point validated, no trailing
    /// bytes, and the bytes must be the canonical encoding of the result).
    ///
    /// # Errors
    /// [`Error::UnsupportedVersion`] or [`Error::Deserialization`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (&version, mut rest) = bytes.split_first().ok_or(Error::Deserialization)?;
        if version != IVC_PROOF_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let r = &mut rest;
        let (steps, z0, zn, ic) = (get(r)?, get(r)?, get(r)?, get(r)?);
        let (big_u, big_w) = get_running(r, true)?;
        let (u, w) = get_step(r)?;
        let (cf_u, cf_w) = get_running(r, false)?;
        let proof = Self {
            steps,
            z0,
            zn,
            ic,
            big_u,
            big_w,
            u,
            w,
            cf_u,
            cf_w,
        };
        if !rest.is_empty() {
            return Err(Error::Deserialization);
        }
        // One encoding per proof: arkworks accepts some non-canonical
        // point encodings (e.g. the identity with stray coordinate bits,
        // as every Ω̄ of a step without advice is), so re-encode and compare.
        if proof.to_bytes() != bytes {
            return Err(Error::Deserialization);
        }
        Ok(proof)
    }
}
