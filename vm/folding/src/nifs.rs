//! Nova's non-interactive folding scheme (NIFS) for relaxed R1CS, behind
//! the [`FoldingScheme`] trait so another scheme (Mova, HyperNova) can
//! replace it.
//!
//! Folding a running instance `U = (W̄, Ē, u, x)` (commitments to `W`, `E`)
//! with an incoming plain instance `u₂ = (W̄₂, x₂)`:
//!
//! 1. cross term `T = Az₁ ∘ Bz₂ + Az₂ ∘ Bz₁ − u·Cz₂ − Cz₁` for
//!    `z₁ = (u, x, W)`, `z₂ = (1, x₂, W₂)`; commit `T̄ = Com(T; r_T)` with a
//!    fresh blind `r_T`;
//! 2. challenge `r` (128 bits) from the transcript, absorbing in this order:
//!    the public-parameter digest, `W̄, Ē, u, x` of `U`, `W̄₂, x₂` of `u₂`,
//!    then `T̄` (domain [`NIFS_DOMAIN`]);
//! 3. `W' = W + r·W₂`, `E' = E + r·T`, `u' = u + r`, `x' = x + r·x₂`,
//!    blinds `r_W' = r_W + r·r_W₂`, `r_E' = r_E + r·r_T`, and the verifier's
//!    side `W̄' = W̄ + r·W̄₂`, `Ē' = Ē + r·T̄`.
//!
//! **Committed advice.** A shape may declare an advice block: a range of
//! witness positions `ω = W[advice]` (for a step kind, its
//! challenge-independent variables, see
//! [`crate::StepCircuit::advice_len`]). Its instances then carry two hiding
//! commitments on the same KZG-shaped basis, each with a fresh blind:
//! `Ω̄ = Com(ω; r_Ω)` and `W̄ = Com(rest; r_W)` where `rest` is `W` without
//! the advice positions. The transcript absorbs `Ω̄` right after `W̄` (for
//! both instances) and the fold adds `Ω̄' = Ω̄ + r·Ω̄₂`, `r_Ω' = r_Ω + r·r_Ω₂`.
//! Without an advice block `Ω̄` is the identity with blind zero, nothing
//! extra is absorbed, and everything is as above.

use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{PrimeField, Zero};
use ark_std::UniformRand;
use ark_std::rand::{CryptoRng, RngCore};
use core::ops::Range;
use sha3::{Digest, Sha3_256};

use crate::commitment::CommitmentKey;
use crate::shape::R1csShape;
use crate::transcript::{Transcript, TranscriptCurve, TranscriptPoseidon};
use crate::{Error, Fr};

/// Transcript domain of the Nova NIFS challenge.
pub const NIFS_DOMAIN: u64 = 0x756d_6272_615f_6e31; // "umbra_n1"

/// A folding scheme for one shape: fold a running instance-witness pair
/// with an incoming one (prover) and fold the instances alone (verifier).
pub trait FoldingScheme<G: TranscriptCurve> {
    /// Public parameters (shape, commitment key, digest).
    type Params;
    /// The accumulated instance.
    type RunningInstance;
    /// Its witness.
    type RunningWitness;
    /// The instance of one fresh step.
    type IncomingInstance;
    /// Its witness.
    type IncomingWitness;
    /// The message from prover to verifier.
    type Proof;

    /// Folds `(U, W)` with `(u, w)`: returns the proof, the folded pair and
    /// the challenge.
    ///
    /// # Errors
    /// Length errors for inputs that do not fit the shape, or
    /// [`Error::KeyTooShort`].
    #[allow(clippy::type_complexity)]
    fn prove<R: RngCore + CryptoRng>(
        pp: &Self::Params,
        running: (&Self::RunningInstance, &Self::RunningWitness),
        incoming: (&Self::IncomingInstance, &Self::IncomingWitness),
        rng: &mut R,
    ) -> Result<
        (
            Self::Proof,
            Self::RunningInstance,
            Self::RunningWitness,
            u128,
        ),
        Error,
    >;

    /// Folds the instances as the verifier does: returns the folded
    /// instance and the challenge.
    ///
    /// # Errors
    /// [`Error::InstanceLength`] for instances that do not fit the shape.
    fn verify(
        pp: &Self::Params,
        running: &Self::RunningInstance,
        incoming: &Self::IncomingInstance,
        proof: &Self::Proof,
    ) -> Result<(Self::RunningInstance, u128), Error>;
}

/// Public parameters of one shape on curve `G`: the shape, the commitment
/// key, the transcript's Poseidon instance and the digest binding them.
#[derive(Clone, Debug)]
pub struct NovaParams<G: TranscriptCurve> {
    shape: R1csShape<G::ScalarField>,
    ck: CommitmentKey<G>,
    poseidon: TranscriptPoseidon,
    advice: Range<usize>,
    /// Whether the NIFS transcript absorbs `Ω̄` (always with an advice
    /// block; also without one for a kind of a non-uniform program whose
    /// other kinds have advice, so that every kind's transcript has one
    /// layout).
    omega_absorbed: bool,
    digest: Fr,
}

impl<G: TranscriptCurve> NovaParams<G>
where
    G::ScalarField: PrimeField,
{
    /// Parameters for `shape` with key `ck`.
    ///
    /// # Errors
    /// [`Error::KeyTooShort`] unless the key covers both the witness and
    /// the error vector.
    pub fn new(shape: R1csShape<G::ScalarField>, ck: CommitmentKey<G>) -> Result<Self, Error> {
        Self::with_advice(shape, ck, 0..0)
    }

    /// Parameters for `shape` with key `ck` whose witness positions
    /// `advice` form the committed advice block `ω` (see the
    /// [module documentation](self)); an empty range is [`NovaParams::new`].
    ///
    /// # Errors
    /// [`Error::AdviceRange`] when `advice` is not a range inside the
    /// witness, [`Error::KeyTooShort`] as [`NovaParams::new`].
    pub fn with_advice(
        shape: R1csShape<G::ScalarField>,
        ck: CommitmentKey<G>,
        advice: Range<usize>,
    ) -> Result<Self, Error> {
        Self::with_advice_layout(shape, ck, advice, false)
    }

    /// [`NovaParams::with_advice`], and with `omega_absorbed` the NIFS
    /// transcript absorbs `Ω̄` even when `advice` is empty (then `Ω̄` is
    /// the identity with blind zero, or `[r_Ω]H` for a prover that blinds
    /// an empty block, and folds as any other `Ω̄`). The non-uniform IVC
    /// sets it for every kind of a program where some kind has advice, so
    /// one in-circuit transcript serves the fold of every kind. The flag
    /// is bound into the digest.
    ///
    /// # Errors
    /// As [`NovaParams::with_advice`].
    pub fn with_advice_layout(
        shape: R1csShape<G::ScalarField>,
        ck: CommitmentKey<G>,
        advice: Range<usize>,
        omega_absorbed: bool,
    ) -> Result<Self, Error> {
        if advice.start > advice.end || advice.end > shape.num_witness() {
            return Err(Error::AdviceRange);
        }
        let advice = if advice.is_empty() { 0..0 } else { advice };
        if ck.len() < shape.num_witness().max(shape.num_constraints()) {
            return Err(Error::KeyTooShort);
        }
        let poseidon = TranscriptPoseidon::new().map_err(|_| Error::InvalidKey)?;
        let mut h = Sha3_256::new();
        h.update(b"umbra-folding/nova-params/v1");
        h.update(shape.digest());
        h.update(ck.digest());
        if !advice.is_empty() {
            h.update(b"advice");
            h.update((advice.start as u64).to_le_bytes());
            h.update((advice.end as u64).to_le_bytes());
        } else if omega_absorbed {
            h.update(b"omega absorbed");
        }
        let omega_absorbed = omega_absorbed || !advice.is_empty();
        let d: [u8; 32] = h.finalize().into();
        // 31 bytes: below the modulus, no reduction bias.
        let digest = Fr::from_le_bytes_mod_order(&d[..31]);
        Ok(Self {
            shape,
            ck,
            poseidon,
            advice,
            omega_absorbed,
            digest,
        })
    }

    /// The witness positions of the advice block `ω` (empty without one).
    pub fn advice(&self) -> Range<usize> {
        self.advice.clone()
    }

    /// Whether the shape has a (non-empty) advice block.
    pub fn has_advice(&self) -> bool {
        !self.advice.is_empty()
    }

    /// Whether the NIFS transcript absorbs `Ω̄` (with an advice block, or
    /// as set by [`NovaParams::with_advice_layout`]).
    pub fn omega_absorbed(&self) -> bool {
        self.omega_absorbed
    }

    /// `(rest, ω)`: the witness without the advice positions, and the
    /// advice block. `w` must have the shape's witness length.
    fn split<'w>(&self, w: &'w [G::ScalarField]) -> (Vec<G::ScalarField>, &'w [G::ScalarField]) {
        let mut rest = Vec::with_capacity(w.len() - self.advice.len());
        rest.extend_from_slice(&w[..self.advice.start]);
        rest.extend_from_slice(&w[self.advice.end..]);
        (rest, &w[self.advice.clone()])
    }

    /// The commitments `(W̄, Ω̄)` of witness `w` with blinds `r_w`, `r_omega`.
    pub(crate) fn commit_split(
        &self,
        w: &[G::ScalarField],
        r_w: &G::ScalarField,
        r_omega: &G::ScalarField,
    ) -> Result<(G::Affine, G::Affine), Error> {
        let (rest, omega) = self.split(w);
        Ok((
            self.ck.commit(&rest, r_w)?.into_affine(),
            self.ck.commit(omega, r_omega)?.into_affine(),
        ))
    }

    /// Checks the commitments of a witness: `W̄` (rest) and `Ē` (when given)
    /// against [`Error::CommitmentMismatch`], `Ω̄` against
    /// [`Error::AdviceCommitmentMismatch`].
    #[allow(clippy::type_complexity)]
    fn check_openings(
        &self,
        (comm_w, comm_omega): (&G::Affine, &G::Affine),
        (w, r_w, r_omega): (&[G::ScalarField], &G::ScalarField, &G::ScalarField),
        e: Option<(&G::Affine, &[G::ScalarField], &G::ScalarField)>,
    ) -> Result<(), Error> {
        let (cw, co) = self.commit_split(w, r_w, r_omega)?;
        if cw != *comm_w {
            return Err(Error::CommitmentMismatch);
        }
        if let Some((comm_e, e, r_e)) = e
            && self.ck.commit(e, r_e)?.into_affine() != *comm_e
        {
            return Err(Error::CommitmentMismatch);
        }
        if co != *comm_omega {
            return Err(Error::AdviceCommitmentMismatch);
        }
        Ok(())
    }

    /// The shape.
    pub fn shape(&self) -> &R1csShape<G::ScalarField> {
        &self.shape
    }

    /// The commitment key.
    pub fn ck(&self) -> &CommitmentKey<G> {
        &self.ck
    }

    /// The transcript's Poseidon instance.
    pub fn poseidon(&self) -> &TranscriptPoseidon {
        &self.poseidon
    }

    /// The digest of shape and key (absorbed first by every transcript).
    pub fn digest(&self) -> Fr {
        self.digest
    }

    /// Commits a fresh step: `W̄ = Com(rest; r_W)` and, with an advice
    /// block, `Ω̄ = Com(ω; r_Ω)`, each with a fresh blind (without one,
    /// `W̄ = Com(W; r_W)` and `Ω̄` is the identity with blind zero).
    ///
    /// # Errors
    /// [`Error::InstanceLength`] / [`Error::WitnessLength`] for vectors
    /// that do not fit the shape.
    pub fn commit_step<R: RngCore + CryptoRng>(
        &self,
        x: Vec<G::ScalarField>,
        w: Vec<G::ScalarField>,
        rng: &mut R,
    ) -> Result<(R1csInstance<G>, R1csWitness<G>), Error> {
        let r_omega = if self.has_advice() {
            G::ScalarField::rand(rng)
        } else {
            G::ScalarField::zero()
        };
        self.commit_step_with_advice_blind(x, w, r_omega, rng)
    }

    /// [`NovaParams::commit_step`] with the advice blind `r_Ω` given (drawn
    /// earlier by the caller: the first pass of the two-pass challenge
    /// derivation commits the advice blocks before the steps are proved,
    /// and the second pass must reproduce the same `Ω̄`). `W̄` still takes
    /// a fresh blind.
    ///
    /// # Errors
    /// As [`NovaParams::commit_step`]; [`Error::AdviceNotSupported`] for a
    /// non-zero `r_omega` without an advice block.
    pub fn commit_step_with_advice_blind<R: RngCore + CryptoRng>(
        &self,
        x: Vec<G::ScalarField>,
        w: Vec<G::ScalarField>,
        r_omega: G::ScalarField,
        rng: &mut R,
    ) -> Result<(R1csInstance<G>, R1csWitness<G>), Error> {
        if x.len() != self.shape.num_io() {
            return Err(Error::InstanceLength);
        }
        if w.len() != self.shape.num_witness() {
            return Err(Error::WitnessLength);
        }
        if !self.has_advice() && !r_omega.is_zero() {
            return Err(Error::AdviceNotSupported);
        }
        let r_w = G::ScalarField::rand(rng);
        let (comm_w, comm_omega) = self.commit_split(&w, &r_w, &r_omega)?;
        Ok((
            R1csInstance {
                comm_w,
                comm_omega,
                x,
            },
            R1csWitness { w, r_w, r_omega },
        ))
    }

    /// `Ω̄ = Com(ω; r_Ω)` of an advice block given on its own (the first
    /// pass of the two-pass challenge derivation).
    ///
    /// # Errors
    /// [`Error::AdviceNotSupported`] without an advice block,
    /// [`Error::WitnessLength`] unless `omega` has the block's length.
    pub fn commit_advice(
        &self,
        omega: &[G::ScalarField],
        r_omega: &G::ScalarField,
    ) -> Result<G::Affine, Error> {
        if !self.has_advice() {
            return Err(Error::AdviceNotSupported);
        }
        if omega.len() != self.advice.len() {
            return Err(Error::WitnessLength);
        }
        Ok(self.ck.commit(omega, r_omega)?.into_affine())
    }

    /// The trivially satisfied running pair of the base case: all
    /// commitments the identity, `u = 0`, `x = 0`, zero witness and blinds.
    pub fn default_running(&self) -> (RelaxedR1csInstance<G>, RelaxedR1csWitness<G>) {
        (
            RelaxedR1csInstance {
                comm_w: G::Affine::zero(),
                comm_omega: G::Affine::zero(),
                comm_e: G::Affine::zero(),
                u: G::ScalarField::zero(),
                x: vec![G::ScalarField::zero(); self.shape.num_io()],
            },
            RelaxedR1csWitness {
                w: vec![G::ScalarField::zero(); self.shape.num_witness()],
                r_w: G::ScalarField::zero(),
                r_omega: G::ScalarField::zero(),
                e: vec![G::ScalarField::zero(); self.shape.num_constraints()],
                r_e: G::ScalarField::zero(),
            },
        )
    }

    /// Checks a plain pair: `W̄` opens to `(rest, r_W)`, `Ω̄` to `(ω, r_Ω)`
    /// and `Az ∘ Bz = Cz`.
    ///
    /// # Errors
    /// [`Error::CommitmentMismatch`], [`Error::AdviceCommitmentMismatch`],
    /// [`Error::Unsatisfied`] or a length error.
    pub fn check(&self, u: &R1csInstance<G>, w: &R1csWitness<G>) -> Result<(), Error> {
        if u.x.len() != self.shape.num_io() {
            return Err(Error::InstanceLength);
        }
        if w.w.len() != self.shape.num_witness() {
            return Err(Error::WitnessLength);
        }
        self.check_openings((&u.comm_w, &u.comm_omega), (&w.w, &w.r_w, &w.r_omega), None)?;
        self.shape.check(&u.x, &w.w)
    }

    /// Checks a relaxed pair: `W̄`, `Ω̄`, `Ē` open to `(rest, r_W)`,
    /// `(ω, r_Ω)`, `(E, r_E)` and `Az ∘ Bz = u·Cz + E`.
    ///
    /// # Errors
    /// [`Error::CommitmentMismatch`], [`Error::AdviceCommitmentMismatch`],
    /// [`Error::Unsatisfied`] or a length error.
    pub fn check_relaxed(
        &self,
        u: &RelaxedR1csInstance<G>,
        w: &RelaxedR1csWitness<G>,
    ) -> Result<(), Error> {
        if u.x.len() != self.shape.num_io() {
            return Err(Error::InstanceLength);
        }
        if w.e.len() != self.shape.num_constraints() || w.w.len() != self.shape.num_witness() {
            return Err(Error::WitnessLength);
        }
        self.check_openings(
            (&u.comm_w, &u.comm_omega),
            (&w.w, &w.r_w, &w.r_omega),
            Some((&u.comm_e, &w.e, &w.r_e)),
        )?;
        self.shape.check_relaxed(u.u, &u.x, &w.w, &w.e)
    }
}

/// A committed plain R1CS instance (one fresh step).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct R1csInstance<G: CurveGroup> {
    /// `W̄ = Com(rest; r_W)` (`rest = W` without an advice block).
    pub comm_w: G::Affine,
    /// `Ω̄ = Com(ω; r_Ω)`, the advice commitment (the identity without an
    /// advice block).
    pub comm_omega: G::Affine,
    /// Public input.
    pub x: Vec<G::ScalarField>,
}

/// The witness of an [`R1csInstance`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct R1csWitness<G: CurveGroup> {
    /// `W`.
    pub w: Vec<G::ScalarField>,
    /// Blind of `W̄`.
    pub r_w: G::ScalarField,
    /// Blind of `Ω̄` (zero without an advice block).
    pub r_omega: G::ScalarField,
}

/// A committed relaxed R1CS instance (the running accumulator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelaxedR1csInstance<G: CurveGroup> {
    /// `W̄ = Com(rest; r_W)` (`rest = W` without an advice block).
    pub comm_w: G::Affine,
    /// `Ω̄ = Com(ω; r_Ω)`, the folded advice commitment (the identity
    /// without an advice block).
    pub comm_omega: G::Affine,
    /// `Ē = Com(E; r_E)`.
    pub comm_e: G::Affine,
    /// The relaxation scalar.
    pub u: G::ScalarField,
    /// Public input.
    pub x: Vec<G::ScalarField>,
}

/// The witness of a [`RelaxedR1csInstance`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelaxedR1csWitness<G: CurveGroup> {
    /// `W`.
    pub w: Vec<G::ScalarField>,
    /// Blind of `W̄`.
    pub r_w: G::ScalarField,
    /// Blind of `Ω̄` (zero without an advice block).
    pub r_omega: G::ScalarField,
    /// The error vector `E`.
    pub e: Vec<G::ScalarField>,
    /// Blind of `Ē`.
    pub r_e: G::ScalarField,
}

/// The Nova NIFS proof: the commitment to the cross term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NovaProof<G: CurveGroup> {
    /// `T̄ = Com(T; r_T)`, `r_T` fresh.
    pub comm_t: G::Affine,
}

/// Nova's NIFS (see the [module documentation](self)).
#[derive(Clone, Copy, Debug, Default)]
pub struct Nova;

/// The products `(Az, Bz, Cz)` of a running instance's `z = (u, x, W)`.
/// They are linear in `z`, so they fold with it (`P' = P + r·P₂`) and a
/// prover that keeps them computes one matrix product per fold, not two.
pub type Products<F> = (Vec<F>, Vec<F>, Vec<F>);

impl Nova {
    /// [`FoldingScheme::prove`] with the running instance's products given
    /// (`None`: computed here); also returns the folded instance's
    /// products. Products of the wrong length are recomputed.
    ///
    /// # Errors
    /// As [`FoldingScheme::prove`].
    #[allow(clippy::type_complexity)]
    pub fn prove_with_products<G: TranscriptCurve, R: RngCore + CryptoRng>(
        pp: &NovaParams<G>,
        (big_u, big_w): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        running_products: Option<Products<G::ScalarField>>,
        (u, w): (&R1csInstance<G>, &R1csWitness<G>),
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
        let shape = pp.shape();
        check_lengths(shape, big_u, u)?;
        let n = shape.num_constraints();
        if big_w.e.len() != n {
            return Err(Error::WitnessLength);
        }
        let (az1, bz1, cz1) = match running_products {
            Some(p) if p.0.len() == n && p.1.len() == n && p.2.len() == n => p,
            _ => shape.multiply(big_u.u, &big_u.x, &big_w.w)?,
        };
        let one = G::ScalarField::from(1u64);
        let (az2, bz2, cz2) = shape.multiply(one, &u.x, &w.w)?;
        let t: Vec<G::ScalarField> = (0..n)
            .map(|i| az1[i] * bz2[i] + az2[i] * bz1[i] - big_u.u * cz2[i] - cz1[i])
            .collect();
        let (comm_t, r_t) = pp.ck().commit_hiding(&t, rng)?;
        let comm_t = comm_t.into_affine();
        let r_bits = nifs_challenge(pp, big_u, u, &comm_t);
        let r = G::ScalarField::from(r_bits);
        let folded_u = fold_instances(big_u, u, &comm_t, r);
        let folded_w = RelaxedR1csWitness {
            w: big_w.w.iter().zip(&w.w).map(|(a, b)| *a + r * b).collect(),
            r_w: big_w.r_w + r * w.r_w,
            r_omega: big_w.r_omega + r * w.r_omega,
            e: big_w.e.iter().zip(&t).map(|(a, b)| *a + r * b).collect(),
            r_e: big_w.r_e + r * r_t,
        };
        let fold = |a: Vec<G::ScalarField>, b: &[G::ScalarField]| -> Vec<G::ScalarField> {
            a.into_iter().zip(b).map(|(x, y)| x + r * y).collect()
        };
        let products = (fold(az1, &az2), fold(bz1, &bz2), fold(cz1, &cz2));
        Ok((NovaProof { comm_t }, folded_u, folded_w, r_bits, products))
    }
}

/// The NIFS challenge for the fold of `running` with `incoming` under
/// cross-term commitment `comm_t` (the transcript order of the module
/// documentation).
pub fn nifs_challenge<G: TranscriptCurve>(
    pp: &NovaParams<G>,
    running: &RelaxedR1csInstance<G>,
    incoming: &R1csInstance<G>,
    comm_t: &G::Affine,
) -> u128
where
    G::ScalarField: PrimeField,
{
    let mut t = Transcript::new(pp.poseidon(), NIFS_DOMAIN);
    t.absorb(&[pp.digest()]);
    t.absorb_point::<G>(&running.comm_w);
    if pp.omega_absorbed() {
        t.absorb_point::<G>(&running.comm_omega);
    }
    t.absorb_point::<G>(&running.comm_e);
    t.absorb_scalars::<G>(&[running.u]);
    t.absorb_scalars::<G>(&running.x);
    t.absorb_point::<G>(&incoming.comm_w);
    if pp.omega_absorbed() {
        t.absorb_point::<G>(&incoming.comm_omega);
    }
    t.absorb_scalars::<G>(&incoming.x);
    t.absorb_point::<G>(comm_t);
    t.challenge()
}

fn check_lengths<G: CurveGroup>(
    shape: &R1csShape<G::ScalarField>,
    running: &RelaxedR1csInstance<G>,
    incoming: &R1csInstance<G>,
) -> Result<(), Error>
where
    G::ScalarField: PrimeField,
{
    if running.x.len() != shape.num_io() || incoming.x.len() != shape.num_io() {
        return Err(Error::InstanceLength);
    }
    Ok(())
}

fn fold_instances<G: CurveGroup>(
    running: &RelaxedR1csInstance<G>,
    incoming: &R1csInstance<G>,
    comm_t: &G::Affine,
    r: G::ScalarField,
) -> RelaxedR1csInstance<G> {
    let comm_w = (running.comm_w.into_group() + incoming.comm_w * r).into_affine();
    let comm_omega = (running.comm_omega.into_group() + incoming.comm_omega * r).into_affine();
    let comm_e = (running.comm_e.into_group() + *comm_t * r).into_affine();
    let x = running
        .x
        .iter()
        .zip(&incoming.x)
        .map(|(a, b)| *a + r * b)
        .collect();
    RelaxedR1csInstance {
        comm_w,
        comm_omega,
        comm_e,
        u: running.u + r,
        x,
    }
}

impl<G: TranscriptCurve> FoldingScheme<G> for Nova
where
    G::ScalarField: PrimeField,
{
    type Params = NovaParams<G>;
    type RunningInstance = RelaxedR1csInstance<G>;
    type RunningWitness = RelaxedR1csWitness<G>;
    type IncomingInstance = R1csInstance<G>;
    type IncomingWitness = R1csWitness<G>;
    type Proof = NovaProof<G>;

    fn prove<R: RngCore + CryptoRng>(
        pp: &NovaParams<G>,
        (big_u, big_w): (&RelaxedR1csInstance<G>, &RelaxedR1csWitness<G>),
        (u, w): (&R1csInstance<G>, &R1csWitness<G>),
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
        Self::prove_with_products(pp, (big_u, big_w), None, (u, w), rng)
            .map(|(p, fu, fw, r, _)| (p, fu, fw, r))
    }

    fn verify(
        pp: &NovaParams<G>,
        running: &RelaxedR1csInstance<G>,
        incoming: &R1csInstance<G>,
        proof: &NovaProof<G>,
    ) -> Result<(RelaxedR1csInstance<G>, u128), Error> {
        check_lengths(pp.shape(), running, incoming)?;
        let r_bits = nifs_challenge(pp, running, incoming, &proof.comm_t);
        let r = G::ScalarField::from(r_bits);
        Ok((fold_instances(running, incoming, &proof.comm_t, r), r_bits))
    }
}
