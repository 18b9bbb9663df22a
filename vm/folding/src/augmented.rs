//! The augmented (primary) circuit of Nova + CycleFold over BN254 Fr.
//!
//! Step `i` of the IVC proves, for the running primary instance `U_i`, the
//! last step's instance `u_i` and the running CycleFold instance `cf_U_i`:
//!
//! 1. `u_i.x = H(pp, cf_pp, i, z_0, z_i, U_i, cf_U_i)` unless `i = 0`
//!    (the state hash, [`state_hash`]); at `i = 0`, `z_i = z_0`;
//! 2. `r` = the Nova NIFS challenge of `(U_i, u_i, T̄)`, computed with the
//!    in-circuit transcript exactly as [`crate::nifs::nifs_challenge`]
//!    natively; `u' = u + r`, `x' = x + r·x₂` (native field);
//! 3. the fresh CycleFold instance's public input is built here from `r`'s
//!    bits and the G1 limbs of `W̄, W̄₂, W̄', Ē, T̄, Ē'` (so its challenge is
//!    the primary's and its points are the primary's), and folded into
//!    `cf_U_i`: challenge `ρ` from the in-circuit transcript (as natively),
//!    `W̄ + ρ·W̄₂`, `Ē + ρ·T̄` on Grumpkin (native arithmetic), and
//!    `u + ρ`, `x + ρ·x₂` in Fq with canonical results
//!    ([`crate::fq_fold::fold`]);
//! 4. `z_{i+1} = F(z_i)` by the step circuit;
//! 5. at `i = 0` the outputs are the default instances (`U_1 = U_⊥`,
//!    `cf_U_1 = cf_U_⊥`); the single public input is
//!    `H(pp, cf_pp, i + 1, z_0, z_{i+1}, U_{i+1}, cf_U_{i+1})`.
//!
//! **Committed advice** (a step with [`StepCircuit::advice_len`] `> 0`):
//! the instances carry `Ω̄` (see [`crate::nifs`]), which the state hash and
//! the NIFS transcript absorb after `W̄`; the CycleFold instance also
//! proves `Ω̄' = Ω̄ + [r]Ω̄₂`; and the state carries the advice chain `IC`:
//! `IC_1 = IC_0` ([`IC_0`]), `IC_{i+1} = H(IC_i, Ω̄₂)` ([`advice_chain`])
//! over the incoming instance's *own* `Ω̄₂` — the limbs that the transcript
//! absorbs and CycleFold folds — absorbed right after `z_i` in the state
//! hash.
//!
//! The digests `pp`, `cf_pp` are witnesses (the shape cannot contain its
//! own digest); they are bound because the verifier recomputes the state
//! hash with the true digests.

use std::cell::{Cell, RefCell};

use ark_bn254::{Fq, G1Affine};
use ark_ff::PrimeField;
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_circuits::emulated::{EmFp, EmulatedModulus};
use umbra_circuits::weierstrass::GrumpkinVar;

use crate::cyclefold::{CYCLEFOLD_IO_LEN, cyclefold_io_len};
use crate::fq_fold::{self, FqVar};
use crate::nifs::{NIFS_DOMAIN, R1csInstance, RelaxedR1csInstance};
use crate::shape::Circuit;
use crate::step::StepCircuit;
use crate::transcript::{G1LimbsVar, Transcript, TranscriptPoseidon, TranscriptVar};
use crate::{Fr, G1, Grumpkin};

/// Transcript domain of the IVC state hash.
pub const STATE_DOMAIN: u64 = 0x756d_6272_615f_7331; // "umbra_s1"

/// Transcript domain of the advice chain `IC`.
pub const IC_DOMAIN: u64 = 0x756d_6272_615f_6931; // "umbra_i1"

/// The initial advice chain value `IC_0` (a fixed constant).
pub const IC_0: Fr = ark_ff::MontFp!("0");

/// One link of the advice chain: `H(IC, Ω̄)` (domain [`IC_DOMAIN`], `Ω̄`
/// absorbed as G1 limbs).
pub fn advice_chain(poseidon: &TranscriptPoseidon, ic: Fr, omega: &G1Affine) -> Fr {
    let mut t = Transcript::new(poseidon, IC_DOMAIN);
    t.absorb(&[ic]);
    t.absorb_point::<G1>(omega);
    t.hash()
}

/// BN254's base field as an emulated modulus (the CycleFold field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bn254Fq;

impl EmulatedModulus for Bn254Fq {
    const NAME: &'static str = "BN254 Fq";
    const MODULUS: [u64; 4] = <Fq as PrimeField>::MODULUS.0;
}

/// BN254 Fq emulated in BN254 Fr with the generic `EmFp` (the augmented
/// circuit itself uses the cheaper dedicated [`crate::fq_fold`]).
pub type EmFq = EmFp<Fr, Bn254Fq>;

/// The state hash `H(pp, cf_pp, i, z_0, z_i, [IC], U, cf_U)` (domain
/// [`STATE_DOMAIN`], encodings of [`crate::transcript`]): G1 commitments as
/// limbs (`W̄`, with advice `Ω̄`, `Ē`), then `u`, `x` of `U`; Grumpkin
/// commitments as coordinates, then `u`, `x` of `cf_U` split into 128-bit
/// halves. `ic` is `Some(IC_i)` exactly for a step with committed advice.
#[allow(clippy::too_many_arguments)]
pub fn state_hash(
    poseidon: &TranscriptPoseidon,
    pp: Fr,
    cf_pp: Fr,
    i: u64,
    z0: &[Fr],
    zi: &[Fr],
    ic: Option<Fr>,
    big_u: &RelaxedR1csInstance<G1>,
    cf_u: &RelaxedR1csInstance<Grumpkin>,
) -> Fr {
    let mut t = Transcript::new(poseidon, STATE_DOMAIN);
    t.absorb(&[pp, cf_pp, Fr::from(i)]);
    t.absorb(z0);
    t.absorb(zi);
    if let Some(ic) = ic {
        t.absorb(&[ic]);
    }
    t.absorb_point::<G1>(&big_u.comm_w);
    if ic.is_some() {
        t.absorb_point::<G1>(&big_u.comm_omega);
    }
    t.absorb_point::<G1>(&big_u.comm_e);
    t.absorb_scalars::<G1>(&[big_u.u]);
    t.absorb_scalars::<G1>(&big_u.x);
    t.absorb_point::<Grumpkin>(&cf_u.comm_w);
    t.absorb_point::<Grumpkin>(&cf_u.comm_e);
    t.absorb_scalars::<Grumpkin>(&[cf_u.u]);
    t.absorb_scalars::<Grumpkin>(&cf_u.x);
    t.hash()
}

/// Every value the augmented circuit needs for one step (the prover's
/// side; `None` in setup mode).
#[derive(Clone, Debug)]
pub struct AugmentedInput {
    /// Digest of the primary parameters.
    pub pp_digest: Fr,
    /// Digest of the CycleFold parameters.
    pub cf_digest: Fr,
    /// Initial state.
    pub z0: Vec<Fr>,
    /// Current state.
    pub zi: Vec<Fr>,
    /// Running primary instance `U_i`.
    pub big_u: RelaxedR1csInstance<G1>,
    /// Last step's instance `u_i` (a dummy at `i = 0`).
    pub u: R1csInstance<G1>,
    /// Cross-term commitment of the fold of `U_i` and `u_i`.
    pub comm_t: G1Affine,
    /// `W̄'` of the folded instance.
    pub folded_w: G1Affine,
    /// `Ē'` of the folded instance.
    pub folded_e: G1Affine,
    /// `Ω̄'` of the folded instance (the identity without advice).
    pub folded_omega: G1Affine,
    /// The advice chain `IC_i` (ignored without advice).
    pub ic: Fr,
    /// Running CycleFold instance.
    pub cf_big_u: RelaxedR1csInstance<Grumpkin>,
    /// `W̄` of this step's CycleFold instance.
    pub cf_comm_w: ark_grumpkin::Affine,
    /// Cross-term commitment of the CycleFold fold.
    pub cf_comm_t: ark_grumpkin::Affine,
}

/// The augmented circuit for step `i` of step kind `S`.
pub struct AugmentedCircuit<'a, S: StepCircuit + ?Sized> {
    /// The step kind.
    pub step: &'a S,
    /// The transcript's Poseidon instance.
    pub poseidon: &'a TranscriptPoseidon,
    /// Step index.
    pub i: usize,
    /// The prover's values (`None` in setup mode).
    pub input: Option<&'a AugmentedInput>,
    /// Set during witness synthesis: `z_{i+1}`.
    pub z_next: RefCell<Option<Vec<Fr>>>,
    /// Set during synthesis: the witness position at which the step's
    /// variables (its advice block first) start.
    pub step_start: Cell<Option<usize>>,
}

impl<S: StepCircuit + ?Sized> core::fmt::Debug for AugmentedCircuit<'_, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AugmentedCircuit")
            .field("i", &self.i)
            .finish_non_exhaustive()
    }
}

pub(crate) fn missing() -> SynthesisError {
    SynthesisError::AssignmentMissing
}

/// In-circuit state hash, equal to [`state_hash`].
#[allow(clippy::too_many_arguments)]
fn state_hash_var(
    poseidon: &TranscriptPoseidon,
    pp: &FpVar<Fr>,
    cf_pp: &FpVar<Fr>,
    i: &FpVar<Fr>,
    z0: &[FpVar<Fr>],
    zi: &[FpVar<Fr>],
    u_limbs: &[FpVar<Fr>],
    cf_w: &GrumpkinVar,
    cf_e: &GrumpkinVar,
    cf_scalars: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    let mut t = TranscriptVar::new(poseidon, STATE_DOMAIN);
    t.absorb(&[pp.clone(), cf_pp.clone(), i.clone()]);
    t.absorb(z0);
    t.absorb(zi);
    t.absorb(u_limbs);
    t.absorb_grumpkin(cf_w);
    t.absorb_grumpkin(cf_e);
    t.absorb(cf_scalars);
    t.hash()
}

impl<S: StepCircuit + ?Sized> Circuit<Fr> for AugmentedCircuit<'_, S> {
    #[allow(clippy::too_many_lines)]
    fn synthesize(&self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let inp = self.input;
        let arity = self.step.arity();
        let adv = self.step.advice_len() > 0;
        let wit = |f: &dyn Fn(&AugmentedInput) -> Option<Fr>| {
            FpVar::new_witness(cs.clone(), || inp.and_then(f).ok_or_else(missing))
        };
        let g1 = |f: &dyn Fn(&AugmentedInput) -> G1Affine| {
            G1LimbsVar::new_witness(cs.clone(), inp.map(f))
        };
        let grumpkin = |f: &dyn Fn(&AugmentedInput) -> ark_grumpkin::Affine| {
            GrumpkinVar::new_witness(cs.clone(), || inp.map(f).ok_or_else(missing))
        };
        let emfq = |f: &dyn Fn(&AugmentedInput) -> Option<Fq>| {
            FqVar::new_witness(&cs, inp.and_then(f).as_ref())
        };

        // --- witnesses
        let pp = wit(&|a| Some(a.pp_digest))?;
        let cf_pp = wit(&|a| Some(a.cf_digest))?;
        let i = wit(&|_| Some(Fr::from(self.i as u64)))?;
        let z0 = (0..arity)
            .map(|k| wit(&|a| a.z0.get(k).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let zi = (0..arity)
            .map(|k| wit(&|a| a.zi.get(k).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let big_w = g1(&|a| a.big_u.comm_w)?;
        let big_e = g1(&|a| a.big_u.comm_e)?;
        let big_uu = wit(&|a| Some(a.big_u.u))?;
        let big_x = wit(&|a| a.big_u.x.first().copied())?;
        let w2 = g1(&|a| a.u.comm_w)?;
        let x2 = wit(&|a| a.u.x.first().copied())?;
        let comm_t = g1(&|a| a.comm_t)?;
        let folded_w = g1(&|a| a.folded_w)?;
        let folded_e = g1(&|a| a.folded_e)?;
        // Fresh points get a unique encoding; U_i's come from the previous
        // step's outputs (canonical there) through the state hash.
        for p in [&w2, &comm_t, &folded_w, &folded_e] {
            p.enforce_canonical()?;
        }
        // Committed advice: U_i's Ω̄, u_i's Ω̄₂, the folded Ω̄', and IC_i.
        let advice = if adv {
            let big_o = g1(&|a| a.big_u.comm_omega)?;
            let o2 = g1(&|a| a.u.comm_omega)?;
            let folded_o = g1(&|a| a.folded_omega)?;
            o2.enforce_canonical()?;
            folded_o.enforce_canonical()?;
            let ic = wit(&|a| Some(a.ic))?;
            Some((big_o, o2, folded_o, ic))
        } else {
            None
        };
        let cf_w = grumpkin(&|a| a.cf_big_u.comm_w)?;
        let cf_e = grumpkin(&|a| a.cf_big_u.comm_e)?;
        let cf_uu = emfq(&|a| Some(a.cf_big_u.u))?;
        let cf_x = (0..cyclefold_io_len(adv))
            .map(|k| emfq(&|a| a.cf_big_u.x.get(k).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let cf_w2 = grumpkin(&|a| a.cf_comm_w)?;
        let cf_t = grumpkin(&|a| a.cf_comm_t)?;

        // --- 1. the input state hash, and the base case
        let is_base = i.is_zero()?;
        let mut u_limbs: Vec<FpVar<Fr>> = Vec::with_capacity(14);
        u_limbs.extend_from_slice(&big_w.limbs);
        if let Some((big_o, ..)) = &advice {
            u_limbs.extend_from_slice(&big_o.limbs);
        }
        u_limbs.extend_from_slice(&big_e.limbs);
        u_limbs.push(big_uu.clone());
        u_limbs.push(big_x.clone());
        let mut cf_scalars = Vec::with_capacity(2 + 2 * CYCLEFOLD_IO_LEN);
        cf_scalars.extend(cf_uu.halves());
        for v in &cf_x {
            cf_scalars.extend(v.halves());
        }
        // With advice, IC_i is absorbed right after z_i.
        let mut zi_ic = zi.clone();
        if let Some((.., ic)) = &advice {
            zi_ic.push(ic.clone());
        }
        let h_in = state_hash_var(
            self.poseidon,
            &pp,
            &cf_pp,
            &i,
            &z0,
            &zi_ic,
            &u_limbs,
            &cf_w,
            &cf_e,
            &cf_scalars,
        )?;
        h_in.conditional_enforce_equal(&x2, &!&is_base)?;
        for (a, b) in zi.iter().zip(&z0) {
            a.conditional_enforce_equal(b, &is_base)?;
        }

        // --- 2–4. the primary fold's scalars, this step's CycleFold
        // instance from the primary's values, folded into cf_U
        let fold = fold_primary_var(
            self.poseidon,
            (&pp, &cf_pp),
            PrimaryRunningVar {
                w: &big_w,
                omega: advice.as_ref().map(|a| &a.0),
                e: &big_e,
                u: &big_uu,
                x: &big_x,
            },
            (&w2, advice.as_ref().map(|a| &a.1), &x2),
            &comm_t,
            (&folded_w, &folded_e, advice.as_ref().map(|a| &a.2)),
            (&cf_w, &cf_e, &cf_uu, &cf_x, &cf_scalars),
            (&cf_w2, &cf_t),
        )?;
        let FoldVar {
            u: new_u,
            x: new_x,
            cf_w: new_cf_w,
            cf_e: new_cf_e,
            cf_scalars: new_cf_scalars,
        } = fold;

        // --- 5. the step (its advice block is allocated first, here)
        self.step_start.set(Some(cs.num_witness_variables()));
        let z_next = self
            .step
            .generate_step_constraints(cs.clone(), self.i, &zi)?;
        if z_next.len() != arity {
            return Err(SynthesisError::ArityMismatch);
        }
        if !cs.is_in_setup_mode() {
            let vals = z_next
                .iter()
                .map(GR1CSVar::value)
                .collect::<Result<Vec<_>, _>>()?;
            *self.z_next.borrow_mut() = Some(vals);
        }

        // --- 6. outputs: the default instances at i = 0
        let zero = FpVar::zero();
        let id = G1LimbsVar::identity();
        let mut out_u = Vec::with_capacity(14);
        out_u.extend(G1LimbsVar::select_limbs(&is_base, &id, &folded_w)?);
        if let Some((_, _, folded_o, _)) = &advice {
            out_u.extend(G1LimbsVar::select_limbs(&is_base, &id, folded_o)?);
        }
        out_u.extend(G1LimbsVar::select_limbs(&is_base, &id, &folded_e)?);
        out_u.push(is_base.select(&zero, &new_u)?);
        out_u.push(is_base.select(&zero, &new_x)?);
        let gid = GrumpkinVar::identity();
        let out_cf_w = GrumpkinVar::conditionally_select(&is_base, &gid, &new_cf_w)?;
        let out_cf_e = GrumpkinVar::conditionally_select(&is_base, &gid, &new_cf_e)?;
        let out_cf_scalars = new_cf_scalars
            .iter()
            .map(|v| is_base.select(&zero, v))
            .collect::<Result<Vec<_>, _>>()?;
        let i_next = &i + Fr::from(1u64);
        // IC_{i+1} = H(IC_i, Ω̄₂) over the Ω̄₂ folded above; IC_0 at i = 0
        // (u_0 is the dummy).
        let mut z_next_ic = z_next.clone();
        if let Some((_, o2, _, ic)) = &advice {
            let linked = advice_chain_var(self.poseidon, IC_DOMAIN, std::slice::from_ref(ic), o2)?;
            z_next_ic.push(is_base.select(&FpVar::constant(IC_0), &linked)?);
        }
        let h_out = state_hash_var(
            self.poseidon,
            &pp,
            &cf_pp,
            &i_next,
            &z0,
            &z_next_ic,
            &out_u,
            &out_cf_w,
            &out_cf_e,
            &out_cf_scalars,
        )?;
        let public = FpVar::new_input(cs.clone(), || h_out.value())?;
        public.enforce_equal(&h_out)?;
        Ok(())
    }
}

/// In-circuit advice-chain link: `H_domain(prefix, Ω̄)` (as
/// [`advice_chain`] with `prefix = [IC]`, domain [`IC_DOMAIN`]; the
/// non-uniform chain absorbs `[IC, kind]` under its own domain).
pub(crate) fn advice_chain_var(
    poseidon: &TranscriptPoseidon,
    domain: u64,
    prefix: &[FpVar<Fr>],
    omega: &G1LimbsVar,
) -> Result<FpVar<Fr>, SynthesisError> {
    let mut ct = TranscriptVar::new(poseidon, domain);
    ct.absorb(prefix);
    ct.absorb_g1(omega);
    ct.hash()
}

/// A running primary instance in the circuit: `W̄`, `Ω̄` (when the NIFS
/// transcript absorbs it), `Ē`, `u`, `x`.
pub(crate) struct PrimaryRunningVar<'a> {
    pub(crate) w: &'a G1LimbsVar,
    pub(crate) omega: Option<&'a G1LimbsVar>,
    pub(crate) e: &'a G1LimbsVar,
    pub(crate) u: &'a FpVar<Fr>,
    pub(crate) x: &'a FpVar<Fr>,
}

/// What [`fold_primary_var`] computes: the folded primary `u`, `x`, and the
/// folded CycleFold `W̄`, `Ē` with the halves of its `u`, `x`.
pub(crate) struct FoldVar {
    pub(crate) u: FpVar<Fr>,
    pub(crate) x: FpVar<Fr>,
    pub(crate) cf_w: GrumpkinVar,
    pub(crate) cf_e: GrumpkinVar,
    pub(crate) cf_scalars: Vec<FpVar<Fr>>,
}

/// The fold of one step, shared by the uniform and the non-uniform
/// augmented circuits: the NIFS challenge `r` of the running instance and
/// the incoming `(W̄₂, [Ω̄₂], x₂)` under `T̄` (in-circuit transcript, as
/// [`crate::nifs::nifs_challenge`]; `Ω̄` and `Ω̄₂` absorbed exactly when
/// given), `u' = u + r`, `x' = x + r·x₂`; this step's CycleFold public
/// input from `r`'s bits and the limbs of `W̄, W̄₂, W̄', Ē, T̄, Ē'` (then
/// `Ω̄, Ω̄₂, Ω̄'` when given); and its fold into the running CycleFold
/// instance ([`fold_cyclefold_var`]) with the fresh `W̄₂` and `T̄` of
/// `cf_fresh`.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(crate) fn fold_primary_var(
    poseidon: &TranscriptPoseidon,
    (pp, cf_pp): (&FpVar<Fr>, &FpVar<Fr>),
    running: PrimaryRunningVar<'_>,
    (w2, o2, x2): (&G1LimbsVar, Option<&G1LimbsVar>, &FpVar<Fr>),
    comm_t: &G1LimbsVar,
    (folded_w, folded_e, folded_o): (&G1LimbsVar, &G1LimbsVar, Option<&G1LimbsVar>),
    cf_running: CfRunningRef<'_>,
    (cf_w2, cf_t): (&GrumpkinVar, &GrumpkinVar),
) -> Result<FoldVar, SynthesisError> {
    let mut t = TranscriptVar::new(poseidon, NIFS_DOMAIN);
    t.absorb(std::slice::from_ref(pp));
    t.absorb_g1(running.w);
    if let Some(o) = running.omega {
        t.absorb_g1(o);
    }
    t.absorb_g1(running.e);
    t.absorb(&[running.u.clone(), running.x.clone()]);
    t.absorb_g1(w2);
    if let Some(o) = o2 {
        t.absorb_g1(o);
    }
    t.absorb(std::slice::from_ref(x2));
    t.absorb_g1(comm_t);
    let r_bits = t.challenge_bits()?;
    let r = Boolean::le_bits_to_fp(&r_bits)?;
    let u = running.u + &r;
    let x = running.x + &r * x2;
    let mut points = vec![running.w, w2, folded_w, running.e, comm_t, folded_e];
    if let (Some(o), Some(o2), Some(fo)) = (running.omega, o2, folded_o) {
        points.extend([o, o2, fo]);
    }
    let (cf_x2, cf_x2_halves) = cyclefold_input_var(&r_bits, &r, &points);
    let (cf_w, cf_e, cf_scalars) = fold_cyclefold_var(
        poseidon,
        cf_pp,
        cf_running,
        (cf_w2, &cf_x2, &cf_x2_halves),
        cf_t,
    )?;
    Ok(FoldVar {
        u,
        x,
        cf_w,
        cf_e,
        cf_scalars,
    })
}

/// The CycleFold public input of a fold (see [`crate::cyclefold`]) from the
/// primary's challenge bits and the G1 limbs of `W̄, W̄₂, W̄', Ē, T̄, Ē'`: as
/// little-endian bits (`r`'s 128; a coordinate's 128 + 126, the bits of its
/// range-checked limbs) and as transcript halves. Free (linear).
pub(crate) fn cyclefold_input_var(
    r_bits: &[Boolean<Fr>],
    r: &FpVar<Fr>,
    points: &[&G1LimbsVar],
) -> (Vec<Vec<Boolean<Fr>>>, Vec<FpVar<Fr>>) {
    let mut x2 = vec![r_bits.to_vec()];
    let mut x2_halves = vec![r.clone(), FpVar::zero()];
    for p in points {
        for k in [0, 2] {
            let mut bits = p.bits[k].clone();
            bits.extend_from_slice(&p.bits[k + 1]);
            x2.push(bits);
            x2_halves.extend([p.limbs[k].clone(), p.limbs[k + 1].clone()]);
        }
    }
    (x2, x2_halves)
}

/// A running CycleFold instance in the circuit: `W̄`, `Ē`, `u`, `x`, and
/// the transcript halves of `u` and `x`.
pub(crate) type CfRunningRef<'a> = (
    &'a GrumpkinVar,
    &'a GrumpkinVar,
    &'a FqVar,
    &'a [FqVar],
    &'a [FpVar<Fr>],
);

/// Folds this step's CycleFold instance (`W̄₂`, `x₂` with its halves) into
/// the running one with cross term `T̄`: challenge `ρ` from the in-circuit
/// transcript (as [`crate::nifs::nifs_challenge`] natively), Grumpkin
/// `W̄ + [ρ]W̄₂`, `Ē + [ρ]T̄`, and canonical `u + ρ`, `x + ρ·x₂` in Fq
/// ([`crate::fq_fold::fold`]). Returns the folded `W̄`, `Ē` and the halves
/// of `u`, `x`.
#[allow(clippy::type_complexity)]
pub(crate) fn fold_cyclefold_var(
    poseidon: &TranscriptPoseidon,
    cf_pp: &FpVar<Fr>,
    (cf_w, cf_e, cf_uu, cf_x, cf_scalars): CfRunningRef<'_>,
    (cf_w2, cf_x2, cf_x2_halves): (&GrumpkinVar, &[Vec<Boolean<Fr>>], &[FpVar<Fr>]),
    cf_t: &GrumpkinVar,
) -> Result<(GrumpkinVar, GrumpkinVar, Vec<FpVar<Fr>>), SynthesisError> {
    let mut ct = TranscriptVar::new(poseidon, NIFS_DOMAIN);
    ct.absorb(std::slice::from_ref(cf_pp));
    ct.absorb_grumpkin(cf_w);
    ct.absorb_grumpkin(cf_e);
    ct.absorb(cf_scalars);
    ct.absorb_grumpkin(cf_w2);
    ct.absorb(cf_x2_halves);
    ct.absorb_grumpkin(cf_t);
    let rho_bits = ct.challenge_bits()?;
    let new_cf_w = cf_w.add(&cf_w2.scalar_mul_le(&rho_bits)?)?;
    let new_cf_e = cf_e.add(&cf_t.scalar_mul_le(&rho_bits)?)?;
    let mut new_cf_scalars = Vec::with_capacity(2 + 2 * cf_x.len());
    // u + ρ: x₂ = u₂ = 1 (a fresh CycleFold instance is not relaxed)
    new_cf_scalars.extend(fq_fold::fold(cf_uu, &rho_bits, &[Boolean::TRUE])?.halves());
    if cf_x.len() != cf_x2.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    for (x, x2) in cf_x.iter().zip(cf_x2) {
        new_cf_scalars.extend(fq_fold::fold(x, &rho_bits, x2)?.halves());
    }
    Ok((new_cf_w, new_cf_e, new_cf_scalars))
}
