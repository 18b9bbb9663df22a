//! Non-uniform IVC (SuperNova style): several step kinds, one running
//! primary instance per kind, one CycleFold running instance.
//!
//! The state carries a program counter `pc` (the kind that must run next)
//! and `last` (the kind whose instance `u_i` is pending). The augmented
//! circuit of kind `j` at step `i`:
//!
//! 1. checks `u_i.x = H(pp_0..pp_{k−1}, cf_pp, i, pc_0, z_0, z_i, pc, last,
//!    U_0..U_{k−1}, cf_U)` unless `i = 0`; at `i = 0`, `z_i = z_0` and
//!    `pc = pc_0`;
//! 2. enforces `pc = j`: **each kind checks that it is the one selected**;
//! 3. decomposes `last` into a one-hot vector `b` over `0..k` (booleans,
//!    `Σ b = 1`, `Σ t·b_t = last`: in range by construction) and folds
//!    `u_i` into `U_last = Σ b_t·U_t` with the digest `Σ b_t·pp_t`, through
//!    the same CycleFold machinery as the uniform circuit;
//! 4. runs kind `j`'s step and its [`NonUniformStep::next_kind`], which is
//!    range-checked by a second one-hot decomposition;
//! 5. outputs `U_t' = b_t ? fold : U_t` (all defaults at `i = 0`),
//!    `last' = j`, `pc' = next`, and the state hash as its single public
//!    input.
//!
//! **Committed advice.** When some kind declares an advice block
//! ([`StepCircuit::advice_len`] `> 0`) the program has committed advice:
//! each kind's block (possibly empty) is its primary shape's advice range;
//! every instance carries `Ω̄` (the identity for a kind without a block),
//! which the state hash and every kind's NIFS transcript absorb after `W̄`
//! ([`NovaParams::with_advice_layout`]); the one CycleFold accumulator uses
//! the advice CycleFold circuit, so `Ω̄_last' = Ω̄_last + [r]Ω̄₂` is proved
//! for the selected kind; and the state carries **one** advice chain across
//! all kinds in execution order, absorbed after `(pc, last)`:
//! `IC_1 = IC_0`, `IC_{i+1} = H(IC_i, last, Ω̄₂)` ([`nivc_advice_chain`])
//! over the pending instance's own `Ω̄₂` — the limbs the transcript absorbs
//! and CycleFold folds — and its kind. [`nivc_advice_digest`] closes the
//! chain with the last instance; the challenges are derived from it
//! ([`verify_nivc_derived_challenges`]). A program without advice has the
//! layout above, unchanged.

use core::ops::Range;
use std::cell::{Cell, RefCell};

use ark_bn254::{Fq, G1Affine};
use ark_ff::Zero;
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::{CryptoRng, RngCore};
use umbra_circuits::weierstrass::GrumpkinVar;

use crate::augmented::{
    FoldVar, IC_0, PrimaryRunningVar, advice_chain_var, fold_primary_var, missing,
};
use crate::cyclefold::{CycleFoldCircuit, cyclefold_io_len};
use crate::fq_fold::FqVar;
use crate::ivc::{
    KeySource, WitnessHook, check_challenges, check_proof_lengths, commit_assignment, fold_native,
    get, get_running, get_step, put, put_running, put_step,
};
use crate::nifs::{
    NovaParams, Products, R1csInstance, R1csWitness, RelaxedR1csInstance, RelaxedR1csWitness,
};
use crate::shape::{Circuit, R1csShape};
use crate::step::StepCircuit;
use crate::transcript::{G1LimbsVar, Transcript, TranscriptPoseidon, TranscriptVar};
use crate::{Error, Fr, G1, Grumpkin};

/// Transcript domain of the non-uniform state hash.
pub const NIVC_STATE_DOMAIN: u64 = 0x756d_6272_615f_6e76; // "umbra_nv"

/// Transcript domain of the non-uniform advice chain.
pub const NIVC_IC_DOMAIN: u64 = 0x756d_6272_615f_6e69; // "umbra_ni"

/// One link of the non-uniform advice chain: `H(IC, kind, Ω̄)` (domain
/// [`NIVC_IC_DOMAIN`], `Ω̄` absorbed as G1 limbs): the chain binds each
/// step's kind as well as its advice commitment.
pub fn nivc_advice_chain(poseidon: &TranscriptPoseidon, ic: Fr, kind: u64, omega: &G1Affine) -> Fr {
    let mut t = Transcript::new(poseidon, NIVC_IC_DOMAIN);
    t.absorb(&[ic, Fr::from(kind)]);
    t.absorb_point::<G1>(omega);
    t.hash()
}

/// A step kind of a non-uniform computation: a [`StepCircuit`] that also
/// says, in the circuit, which kind runs next.
pub trait NonUniformStep: StepCircuit {
    /// The index of the kind that must run after this step, as a function
    /// of the new state (the engine range-checks it against the number of
    /// kinds). Same shape rules as
    /// [`StepCircuit::generate_step_constraints`].
    ///
    /// # Errors
    /// The constraint system's errors.
    fn next_kind(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z_next: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError>;
}

/// The non-uniform state hash (domain [`NIVC_STATE_DOMAIN`]; encodings of
/// [`crate::transcript`]). `ic` is `Some(IC_i)` exactly for a program with
/// committed advice: then `IC_i` is absorbed after `(pc, last)` and each
/// running instance's `Ω̄` after its `W̄`.
#[allow(clippy::too_many_arguments)]
pub fn nivc_state_hash(
    poseidon: &TranscriptPoseidon,
    digests: &[Fr],
    cf_pp: Fr,
    i: u64,
    pc0: u64,
    z0: &[Fr],
    zi: &[Fr],
    pc: u64,
    last: u64,
    ic: Option<Fr>,
    running: &[RelaxedR1csInstance<G1>],
    cf_u: &RelaxedR1csInstance<Grumpkin>,
) -> Fr {
    let mut t = Transcript::new(poseidon, NIVC_STATE_DOMAIN);
    t.absorb(digests);
    t.absorb(&[cf_pp, Fr::from(i), Fr::from(pc0)]);
    t.absorb(z0);
    t.absorb(zi);
    t.absorb(&[Fr::from(pc), Fr::from(last)]);
    if let Some(ic) = ic {
        t.absorb(&[ic]);
    }
    for u in running {
        t.absorb_point::<G1>(&u.comm_w);
        if ic.is_some() {
            t.absorb_point::<G1>(&u.comm_omega);
        }
        t.absorb_point::<G1>(&u.comm_e);
        t.absorb_scalars::<G1>(&[u.u]);
        t.absorb_scalars::<G1>(&u.x);
    }
    t.absorb_point::<Grumpkin>(&cf_u.comm_w);
    t.absorb_point::<Grumpkin>(&cf_u.comm_e);
    t.absorb_scalars::<Grumpkin>(&[cf_u.u]);
    t.absorb_scalars::<Grumpkin>(&cf_u.x);
    t.hash()
}

/// The prover's values for one non-uniform step.
#[derive(Clone, Debug)]
pub struct NivcInput {
    /// Primary parameter digests, one per kind.
    pub digests: Vec<Fr>,
    /// CycleFold parameter digest.
    pub cf_digest: Fr,
    /// Initial program counter.
    pub pc0: u64,
    /// Initial state.
    pub z0: Vec<Fr>,
    /// Current state.
    pub zi: Vec<Fr>,
    /// The kind selected for this step.
    pub pc: u64,
    /// The kind of the pending instance `u_i`.
    pub last: u64,
    /// Running instances, one per kind.
    pub running: Vec<RelaxedR1csInstance<G1>>,
    /// Pending instance `u_i` (a dummy at `i = 0`).
    pub u: R1csInstance<G1>,
    /// Cross-term commitment of the fold.
    pub comm_t: G1Affine,
    /// Folded `W̄'`.
    pub folded_w: G1Affine,
    /// Folded `Ē'`.
    pub folded_e: G1Affine,
    /// Folded `Ω̄'` (the identity without advice).
    pub folded_omega: G1Affine,
    /// The advice chain `IC_i` (ignored without advice).
    pub ic: Fr,
    /// Running CycleFold instance.
    pub cf_big_u: RelaxedR1csInstance<Grumpkin>,
    /// This step's CycleFold `W̄`.
    pub cf_comm_w: ark_grumpkin::Affine,
    /// Its cross-term commitment.
    pub cf_comm_t: ark_grumpkin::Affine,
}

/// The augmented circuit of kind `j`.
pub struct NivcCircuit<'a> {
    /// All kinds (the circuit runs `kinds[j]`).
    pub kinds: &'a [&'a dyn NonUniformStep],
    /// This circuit's kind.
    pub j: usize,
    /// The transcript's Poseidon instance.
    pub poseidon: &'a TranscriptPoseidon,
    /// Step index.
    pub i: usize,
    /// The prover's values (`None` in setup mode).
    pub input: Option<&'a NivcInput>,
    /// Set during witness synthesis: `(z_{i+1}, next kind)`.
    pub out: RefCell<Option<(Vec<Fr>, Fr)>>,
    /// Set during synthesis: the witness position at which kind `j`'s
    /// variables (its advice block first) start.
    pub step_start: Cell<Option<usize>>,
}

impl<'a> NivcCircuit<'a> {
    /// The circuit of kind `j` at step `i` (`input` `None`: setup mode).
    pub fn new(
        kinds: &'a [&'a dyn NonUniformStep],
        j: usize,
        poseidon: &'a TranscriptPoseidon,
        i: usize,
        input: Option<&'a NivcInput>,
    ) -> Self {
        Self {
            kinds,
            j,
            poseidon,
            i,
            input,
            out: RefCell::new(None),
            step_start: Cell::new(None),
        }
    }

    /// Whether the program has committed advice (some kind has a block).
    fn with_advice(&self) -> bool {
        self.kinds.iter().any(|s| s.advice_len() > 0)
    }
}

impl core::fmt::Debug for NivcCircuit<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NivcCircuit")
            .field("j", &self.j)
            .field("i", &self.i)
            .finish_non_exhaustive()
    }
}

/// One-hot decomposition of `v` over `0..k`: booleans `b_t`, `Σ b_t = 1`,
/// `Σ t·b_t = v` (unsatisfiable when `v ∉ 0..k`).
fn one_hot(
    cs: &ConstraintSystemRef<Fr>,
    v: &FpVar<Fr>,
    k: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let val = v.value().ok();
    let mut bits = Vec::with_capacity(k);
    for t in 0..k {
        bits.push(Boolean::new_witness(cs.clone(), || {
            val.map(|x| x == Fr::from(t as u64)).ok_or_else(missing)
        })?);
    }
    let mut sum = FpVar::zero();
    let mut weighted = FpVar::zero();
    for (t, b) in bits.iter().enumerate() {
        let f = FpVar::from(b.clone());
        weighted += &f * Fr::from(t as u64);
        sum += f;
    }
    sum.enforce_equal(&FpVar::one())?;
    weighted.enforce_equal(v)?;
    Ok(bits)
}

/// `Σ b_t·v_t` (one constraint per term).
fn select_sum(bits: &[Boolean<Fr>], vals: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let mut acc = FpVar::zero();
    for (b, v) in bits.iter().zip(vals) {
        acc += b.select(v, &FpVar::zero())?;
    }
    Ok(acc)
}

/// The transcript elements of a running primary instance: the limbs of
/// `W̄`, with advice of `Ω̄`, of `Ē`, then `u`, `x` (10 or 14).
struct RunningVar {
    elems: Vec<FpVar<Fr>>,
}

/// The native transcript elements of a running primary instance (the
/// layout of [`RunningVar`]).
fn running_elems(u: &RelaxedR1csInstance<G1>, adv: bool) -> Option<Vec<Fr>> {
    use crate::transcript::TranscriptCurve;
    let mut v = Vec::with_capacity(14);
    <G1 as TranscriptCurve>::absorb_point(&u.comm_w, &mut v);
    if adv {
        <G1 as TranscriptCurve>::absorb_point(&u.comm_omega, &mut v);
    }
    <G1 as TranscriptCurve>::absorb_point(&u.comm_e, &mut v);
    v.push(u.u);
    v.push(*u.x.first()?);
    Some(v)
}

#[allow(clippy::too_many_arguments)]
fn nivc_state_hash_var(
    poseidon: &TranscriptPoseidon,
    digests: &[FpVar<Fr>],
    cf_pp: &FpVar<Fr>,
    i: &FpVar<Fr>,
    pc0: &FpVar<Fr>,
    z0: &[FpVar<Fr>],
    zi: &[FpVar<Fr>],
    pc: &FpVar<Fr>,
    last: &FpVar<Fr>,
    ic: Option<&FpVar<Fr>>,
    running: &[Vec<FpVar<Fr>>],
    cf_w: &GrumpkinVar,
    cf_e: &GrumpkinVar,
    cf_scalars: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    let mut t = TranscriptVar::new(poseidon, NIVC_STATE_DOMAIN);
    t.absorb(digests);
    t.absorb(&[cf_pp.clone(), i.clone(), pc0.clone()]);
    t.absorb(z0);
    t.absorb(zi);
    t.absorb(&[pc.clone(), last.clone()]);
    if let Some(ic) = ic {
        t.absorb(std::slice::from_ref(ic));
    }
    for r in running {
        t.absorb(r);
    }
    t.absorb_grumpkin(cf_w);
    t.absorb_grumpkin(cf_e);
    t.absorb(cf_scalars);
    t.hash()
}

impl Circuit<Fr> for NivcCircuit<'_> {
    #[allow(clippy::too_many_lines)]
    fn synthesize(&self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let k = self.kinds.len();
        let step = *self
            .kinds
            .get(self.j)
            .ok_or(SynthesisError::Unsatisfiable)?;
        let arity = step.arity();
        let adv = self.with_advice();
        let n_elems = if adv { 14 } else { 10 };
        let inp = self.input;
        let wit = |f: &dyn Fn(&NivcInput) -> Option<Fr>| {
            FpVar::new_witness(cs.clone(), || inp.and_then(f).ok_or_else(missing))
        };
        let g1 =
            |f: &dyn Fn(&NivcInput) -> G1Affine| G1LimbsVar::new_witness(cs.clone(), inp.map(f));
        let grumpkin = |f: &dyn Fn(&NivcInput) -> ark_grumpkin::Affine| {
            GrumpkinVar::new_witness(cs.clone(), || inp.map(f).ok_or_else(missing))
        };
        let emfq = |f: &dyn Fn(&NivcInput) -> Option<Fq>| {
            FqVar::new_witness(&cs, inp.and_then(f).as_ref())
        };

        // --- witnesses
        let digests = (0..k)
            .map(|t| wit(&|a| a.digests.get(t).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let cf_pp = wit(&|a| Some(a.cf_digest))?;
        let i = wit(&|_| Some(Fr::from(self.i as u64)))?;
        let pc0 = wit(&|a| Some(Fr::from(a.pc0)))?;
        let z0 = (0..arity)
            .map(|t| wit(&|a| a.z0.get(t).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let zi = (0..arity)
            .map(|t| wit(&|a| a.zi.get(t).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let pc = wit(&|a| Some(Fr::from(a.pc)))?;
        let last = wit(&|a| Some(Fr::from(a.last)))?;
        let ic = if adv {
            Some(wit(&|a| Some(a.ic))?)
        } else {
            None
        };
        // Running instances as plain transcript elements: bound by the
        // state hash; the selected one is re-allocated range-checked below.
        let mut running = Vec::with_capacity(k);
        for t in 0..k {
            let mut elems = Vec::with_capacity(n_elems);
            for e in 0..n_elems {
                elems.push(wit(&|a| {
                    running_elems(a.running.get(t)?, adv)?.get(e).copied()
                })?);
            }
            running.push(RunningVar { elems });
        }
        let w2 = g1(&|a| a.u.comm_w)?;
        let x2 = wit(&|a| a.u.x.first().copied())?;
        let comm_t = g1(&|a| a.comm_t)?;
        let folded_w = g1(&|a| a.folded_w)?;
        let folded_e = g1(&|a| a.folded_e)?;
        for p in [&w2, &comm_t, &folded_w, &folded_e] {
            p.enforce_canonical()?;
        }
        // Committed advice: u_i's Ω̄₂ and the folded Ω̄'.
        let omegas = if adv {
            let o2 = g1(&|a| a.u.comm_omega)?;
            let folded_o = g1(&|a| a.folded_omega)?;
            o2.enforce_canonical()?;
            folded_o.enforce_canonical()?;
            Some((o2, folded_o))
        } else {
            None
        };
        let cf_w = grumpkin(&|a| a.cf_big_u.comm_w)?;
        let cf_e = grumpkin(&|a| a.cf_big_u.comm_e)?;
        let cf_uu = emfq(&|a| Some(a.cf_big_u.u))?;
        let cf_x = (0..cyclefold_io_len(adv))
            .map(|t| emfq(&|a| a.cf_big_u.x.get(t).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let cf_w2 = grumpkin(&|a| a.cf_comm_w)?;
        let cf_t = grumpkin(&|a| a.cf_comm_t)?;

        // --- 1. input state hash, base case
        let is_base = i.is_zero()?;
        let mut cf_scalars = Vec::with_capacity(2 + 2 * cyclefold_io_len(adv));
        cf_scalars.extend(cf_uu.halves());
        for v in &cf_x {
            cf_scalars.extend(v.halves());
        }
        let running_elems: Vec<Vec<FpVar<Fr>>> = running.iter().map(|r| r.elems.clone()).collect();
        let h_in = nivc_state_hash_var(
            self.poseidon,
            &digests,
            &cf_pp,
            &i,
            &pc0,
            &z0,
            &zi,
            &pc,
            &last,
            ic.as_ref(),
            &running_elems,
            &cf_w,
            &cf_e,
            &cf_scalars,
        )?;
        h_in.conditional_enforce_equal(&x2, &!&is_base)?;
        for (a, b) in zi.iter().zip(&z0) {
            a.conditional_enforce_equal(b, &is_base)?;
        }
        pc.conditional_enforce_equal(&pc0, &is_base)?;

        // --- 2. this kind is the selected one
        pc.enforce_equal(&FpVar::constant(Fr::from(self.j as u64)))?;

        // --- 3. select U_last and fold u_i into it
        let b = one_hot(&cs, &last, k)?;
        let sel_pp = select_sum(&b, &digests)?;
        let mut sel = Vec::with_capacity(n_elems);
        for e in 0..n_elems {
            let col: Vec<FpVar<Fr>> = running.iter().map(|r| r.elems[e].clone()).collect();
            sel.push(select_sum(&b, &col)?);
        }
        let sel_point = |f: &dyn Fn(&RelaxedR1csInstance<G1>) -> G1Affine,
                         at: usize|
         -> Result<G1LimbsVar, SynthesisError> {
            let p = g1(&|a| {
                usize::try_from(a.last)
                    .ok()
                    .and_then(|l| a.running.get(l))
                    .map_or(G1Affine::identity(), f)
            })?;
            for l in 0..4 {
                p.limbs[l].enforce_equal(&sel[at + l])?;
            }
            Ok(p)
        };
        let sel_w = sel_point(&|u| u.comm_w, 0)?;
        let sel_o = if adv {
            Some(sel_point(&|u| u.comm_omega, 4)?)
        } else {
            None
        };
        let e_at = if adv { 8 } else { 4 };
        let sel_e = sel_point(&|u| u.comm_e, e_at)?;
        let (sel_u, sel_x) = (sel[e_at + 4].clone(), sel[e_at + 5].clone());
        let FoldVar {
            u: new_u,
            x: new_x,
            cf_w: new_cf_w,
            cf_e: new_cf_e,
            cf_scalars: new_cf_scalars,
        } = fold_primary_var(
            self.poseidon,
            (&sel_pp, &cf_pp),
            PrimaryRunningVar {
                w: &sel_w,
                omega: sel_o.as_ref(),
                e: &sel_e,
                u: &sel_u,
                x: &sel_x,
            },
            (&w2, omegas.as_ref().map(|o| &o.0), &x2),
            &comm_t,
            (&folded_w, &folded_e, omegas.as_ref().map(|o| &o.1)),
            (&cf_w, &cf_e, &cf_uu, &cf_x, &cf_scalars),
            (&cf_w2, &cf_t),
        )?;

        // --- 4. the step (its advice block first) and the next kind,
        // range-checked
        self.step_start.set(Some(cs.num_witness_variables()));
        let z_next = step.generate_step_constraints(cs.clone(), self.i, &zi)?;
        if z_next.len() != arity {
            return Err(SynthesisError::ArityMismatch);
        }
        let next = step.next_kind(cs.clone(), self.i, &z_next)?;
        let _next_bits = one_hot(&cs, &next, k)?;
        if !cs.is_in_setup_mode() {
            let vals = z_next
                .iter()
                .map(GR1CSVar::value)
                .collect::<Result<Vec<_>, _>>()?;
            *self.out.borrow_mut() = Some((vals, next.value()?));
        }

        // --- 5. outputs
        let zero = FpVar::zero();
        let mut folded = Vec::with_capacity(n_elems);
        folded.extend(folded_w.limbs.iter().cloned());
        if let Some((_, folded_o)) = &omegas {
            folded.extend(folded_o.limbs.iter().cloned());
        }
        folded.extend(folded_e.limbs.iter().cloned());
        folded.push(new_u);
        folded.push(new_x);
        let mut out_running = Vec::with_capacity(k);
        for (bt, r) in b.iter().zip(&running) {
            let mut o = Vec::with_capacity(n_elems);
            for (f, e) in folded.iter().zip(&r.elems) {
                let v = bt.select(f, e)?;
                o.push(is_base.select(&zero, &v)?);
            }
            out_running.push(o);
        }
        let gid = GrumpkinVar::identity();
        let out_cf_w = GrumpkinVar::conditionally_select(&is_base, &gid, &new_cf_w)?;
        let out_cf_e = GrumpkinVar::conditionally_select(&is_base, &gid, &new_cf_e)?;
        let out_cf_scalars = new_cf_scalars
            .iter()
            .map(|v| is_base.select(&zero, v))
            .collect::<Result<Vec<_>, _>>()?;
        // IC_{i+1} = H(IC_i, last, Ω̄₂) over the Ω̄₂ folded above; IC_0 at
        // i = 0 (u_0 is the dummy).
        let ic_next = match (&ic, &omegas) {
            (Some(ic), Some((o2, _))) => {
                let linked = advice_chain_var(
                    self.poseidon,
                    NIVC_IC_DOMAIN,
                    &[ic.clone(), last.clone()],
                    o2,
                )?;
                Some(is_base.select(&FpVar::constant(IC_0), &linked)?)
            }
            _ => None,
        };
        let i_next = &i + Fr::from(1u64);
        let h_out = nivc_state_hash_var(
            self.poseidon,
            &digests,
            &cf_pp,
            &i_next,
            &pc0,
            &z0,
            &z_next,
            &next,
            &FpVar::constant(Fr::from(self.j as u64)),
            ic_next.as_ref(),
            &out_running,
            &out_cf_w,
            &out_cf_e,
            &out_cf_scalars,
        )?;
        let public = FpVar::new_input(cs.clone(), || h_out.value())?;
        public.enforce_equal(&h_out)?;
        Ok(())
    }
}

/// Public parameters of a non-uniform IVC: one primary parameter set per
/// kind (with the kind's advice range), one CycleFold parameter set.
#[derive(Clone, Debug)]
pub struct NivcParams {
    primaries: Vec<NovaParams<G1>>,
    cyclefold: NovaParams<Grumpkin>,
    poseidon: TranscriptPoseidon,
    arity: usize,
    with_advice: bool,
}

impl NivcParams {
    /// Extracts every kind's augmented shape and the CycleFold shape and
    /// builds **insecure development** keys from `label`. A kind with an
    /// advice block ([`StepCircuit::advice_len`] `> 0`) gets it as its
    /// shape's advice range; when any kind has one, the program has
    /// committed advice (see the [module documentation](self)).
    ///
    /// # Errors
    /// [`Error::ArityMismatch`] when the kinds disagree on the arity or
    /// there is none; [`Error::AdviceRange`] for a block that does not fit;
    /// shape-extraction errors.
    pub fn setup(kinds: &[&dyn NonUniformStep], label: &[u8]) -> Result<Self, Error> {
        Self::setup_with_keys(kinds, label, KeySource::InsecureDev)
    }

    /// [`NivcParams::setup`] with **transparent** commitment keys on both
    /// curves (as [`crate::ivc::IvcParams::setup_transparent`]).
    ///
    /// # Errors
    /// As [`NivcParams::setup`].
    pub fn setup_transparent(kinds: &[&dyn NonUniformStep], label: &[u8]) -> Result<Self, Error> {
        Self::setup_with_keys(kinds, label, KeySource::Transparent)
    }

    fn setup_with_keys(
        kinds: &[&dyn NonUniformStep],
        label: &[u8],
        keys: KeySource,
    ) -> Result<Self, Error> {
        let arity = kinds.first().ok_or(Error::ArityMismatch)?.arity();
        if kinds.iter().any(|s| s.arity() != arity) {
            return Err(Error::ArityMismatch);
        }
        let with_advice = kinds.iter().any(|s| s.advice_len() > 0);
        let poseidon = TranscriptPoseidon::new().map_err(|_| Error::InvalidKey)?;
        let mut shapes = Vec::with_capacity(kinds.len());
        for (j, step) in kinds.iter().enumerate() {
            let c = NivcCircuit::new(kinds, j, &poseidon, 0, None);
            let shape = R1csShape::from_circuit(&c)?;
            let start = c.step_start.get().ok_or(Error::AdviceRange)?;
            let end = start
                .checked_add(step.advice_len())
                .ok_or(Error::AdviceRange)?;
            shapes.push((shape, start..end));
        }
        let n = shapes
            .iter()
            .map(|(s, _)| s.num_witness().max(s.num_constraints()))
            .max()
            .unwrap_or(0);
        let cf_shape = R1csShape::<Fq>::from_circuit(&CycleFoldCircuit {
            with_advice,
            ..Default::default()
        })?;
        let cf_n = cf_shape.num_witness().max(cf_shape.num_constraints());
        let (ck, cf_ck) = keys.keys(n, cf_n, label)?;
        let primaries = shapes
            .into_iter()
            .map(|(s, adv)| NovaParams::with_advice_layout(s, ck.clone(), adv, with_advice))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            primaries,
            cyclefold: NovaParams::new(cf_shape, cf_ck)?,
            poseidon,
            arity,
            with_advice,
        })
    }

    /// The primary parameters of kind `j`.
    pub fn primary(&self, j: usize) -> Option<&NovaParams<G1>> {
        self.primaries.get(j)
    }

    /// Number of kinds.
    pub fn num_kinds(&self) -> usize {
        self.primaries.len()
    }

    /// Every kind's primary parameters, in kind order.
    pub fn primaries(&self) -> Vec<&NovaParams<G1>> {
        self.primaries.iter().collect()
    }

    /// The CycleFold parameters.
    pub fn cyclefold(&self) -> &NovaParams<Grumpkin> {
        &self.cyclefold
    }

    /// The state arity.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// Whether the program has committed advice (some kind has a block).
    pub fn has_advice(&self) -> bool {
        self.with_advice
    }

    /// Kind `j`'s advice range in its primary witness (empty for a kind
    /// without a block; `None` for no such kind).
    pub fn advice(&self, j: usize) -> Option<Range<usize>> {
        self.primaries.get(j).map(NovaParams::advice)
    }

    fn digests(&self) -> Vec<Fr> {
        self.primaries.iter().map(NovaParams::digest).collect()
    }

    fn kind(&self, j: u64) -> Result<&NovaParams<G1>, Error> {
        usize::try_from(j)
            .ok()
            .and_then(|j| self.primaries.get(j))
            .ok_or(Error::KindOutOfRange)
    }
}

/// The non-uniform IVC proof (not succinct, not zero-knowledge).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NivcProof {
    /// Steps proved (`≥ 1`).
    pub steps: u64,
    /// Initial program counter.
    pub pc0: u64,
    /// Initial state.
    pub z0: Vec<Fr>,
    /// Final state.
    pub zn: Vec<Fr>,
    /// The kind selected for the next step.
    pub pc: u64,
    /// The kind of the last step (of `u`).
    pub last: u64,
    /// The advice chain `IC_n` in the state hash (`IC_0` without advice;
    /// see [`nivc_advice_digest`] for the value challenges come from).
    pub ic: Fr,
    /// Running instances and witnesses, one per kind.
    pub running: Vec<(RelaxedR1csInstance<G1>, RelaxedR1csWitness<G1>)>,
    /// Last step's instance.
    pub u: R1csInstance<G1>,
    /// Its witness.
    pub w: R1csWitness<G1>,
    /// Running CycleFold instance.
    pub cf_u: RelaxedR1csInstance<Grumpkin>,
    /// Its witness.
    pub cf_w: RelaxedR1csWitness<Grumpkin>,
}

/// Version byte of [`NivcProof::to_bytes`].
pub const NIVC_PROOF_VERSION: u8 = 2;

impl NivcProof {
    /// Versioned encoding (version 2): the version byte, `steps, pc0, z0,
    /// zn, pc, last, ic`, the number of running pairs, each pair, the last
    /// step's pair and the CycleFold pair — in arkworks' canonical
    /// compressed serialization, the pairs in the layout of
    /// [`crate::ivc::IvcProof::to_bytes`] (`Ω̄`, `r_Ω` included; the
    /// CycleFold pair without them).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![NIVC_PROOF_VERSION];
        put(&mut out, &self.steps);
        put(&mut out, &self.pc0);
        put(&mut out, &self.z0);
        put(&mut out, &self.zn);
        put(&mut out, &self.pc);
        put(&mut out, &self.last);
        put(&mut out, &self.ic);
        put(&mut out, &(self.running.len() as u64));
        for (u, w) in &self.running {
            put_running(&mut out, (u, w), true);
        }
        put_step(&mut out, &self.u, &self.w);
        put_running(&mut out, (&self.cf_u, &self.cf_w), false);
        out
    }

    /// Decodes [`NivcProof::to_bytes`] (points validated, no trailing
    /// bytes, the bytes must be the canonical encoding of the result; the
    /// number of running pairs is read one pair at a time, so a forged
    /// count cannot allocate ahead of the bytes).
    ///
    /// # Errors
    /// [`Error::UnsupportedVersion`] or [`Error::Deserialization`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (&version, mut rest) = bytes.split_first().ok_or(Error::Deserialization)?;
        if version != NIVC_PROOF_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let r = &mut rest;
        let (steps, pc0, z0, zn) = (get(r)?, get(r)?, get(r)?, get(r)?);
        let (pc, last, ic) = (get(r)?, get(r)?, get(r)?);
        let n: u64 = get(r)?;
        let mut running = Vec::new();
        for _ in 0..n {
            running.push(get_running(r, true)?);
        }
        let (u, w) = get_step(r)?;
        let (cf_u, cf_w) = get_running(r, false)?;
        if !rest.is_empty() {
            return Err(Error::Deserialization);
        }
        let proof = Self {
            steps,
            pc0,
            z0,
            zn,
            pc,
            last,
            ic,
            running,
            u,
            w,
            cf_u,
            cf_w,
        };
        // One encoding per proof (see IvcProof::from_bytes).
        if proof.to_bytes() != bytes {
            return Err(Error::Deserialization);
        }
        Ok(proof)
    }
}

/// Checks a non-uniform IVC proof: `steps ≥ 1`, arities, one running
/// instance per kind, `last` a kind, `IC = IC_0` without advice, the state
/// hash (with `IC` and every `Ω̄` when the program has advice), and every
/// instance (the last one against its kind's shape, each `Ω̄` opened).
///
/// # Errors
/// [`Error::BaseCase`], [`Error::ArityMismatch`], [`Error::KindOutOfRange`],
/// [`Error::InstanceLength`], [`Error::StateHashMismatch`], and the errors
/// of [`NovaParams::check`] / [`NovaParams::check_relaxed`] (among them
/// [`Error::AdviceCommitmentMismatch`]).
pub fn verify_nivc(pp: &NivcParams, proof: &NivcProof) -> Result<(), Error> {
    let running: Vec<RelaxedR1csInstance<G1>> =
        proof.running.iter().map(|(u, _)| u.clone()).collect();
    let last_pp = check_public_part_nivc(pp, &public_part(proof, &running))?;
    last_pp.check(&proof.u, &proof.w)?;
    for ((u, w), p) in proof.running.iter().zip(&pp.primaries) {
        p.check_relaxed(u, w)?;
    }
    pp.cyclefold.check_relaxed(&proof.cf_u, &proof.cf_w)?;
    Ok(())
}

/// The public part of a non-uniform proof: what its state hash covers.
pub(crate) struct NivcPublicPart<'a> {
    pub(crate) steps: u64,
    pub(crate) pc0: u64,
    pub(crate) z0: &'a [Fr],
    pub(crate) zn: &'a [Fr],
    pub(crate) pc: u64,
    pub(crate) last: u64,
    pub(crate) ic: Fr,
    pub(crate) running: &'a [RelaxedR1csInstance<G1>],
    pub(crate) u: &'a R1csInstance<G1>,
    pub(crate) cf_u: &'a RelaxedR1csInstance<Grumpkin>,
}

fn public_part<'a>(
    proof: &'a NivcProof,
    running: &'a [RelaxedR1csInstance<G1>],
) -> NivcPublicPart<'a> {
    NivcPublicPart {
        steps: proof.steps,
        pc0: proof.pc0,
        z0: &proof.z0,
        zn: &proof.zn,
        pc: proof.pc,
        last: proof.last,
        ic: proof.ic,
        running,
        u: &proof.u,
        cf_u: &proof.cf_u,
    }
}

/// The checks of a non-uniform proof's public part, shared by
/// [`verify_nivc`] and the compressed proof's verifier: one running
/// instance per kind, `last` in range, the lengths, `IC = IC_0` without
/// advice, and the state hash. Returns the last kind's parameters.
pub(crate) fn check_public_part_nivc<'p>(
    pp: &'p NivcParams,
    part: &NivcPublicPart<'_>,
) -> Result<&'p NovaParams<G1>, Error> {
    if part.running.len() != pp.num_kinds() {
        return Err(Error::InstanceLength);
    }
    let last_pp = pp.kind(part.last)?;
    check_proof_lengths(
        pp.arity,
        part.steps,
        (part.z0, part.zn),
        core::iter::once(part.u.x.len()).chain(part.running.iter().map(|u| u.x.len())),
    )?;
    if !pp.with_advice && part.ic != IC_0 {
        return Err(Error::StateHashMismatch);
    }
    let h = nivc_state_hash(
        &pp.poseidon,
        &pp.digests(),
        pp.cyclefold.digest(),
        part.steps,
        part.pc0,
        part.z0,
        part.zn,
        part.pc,
        part.last,
        pp.with_advice.then_some(part.ic),
        part.running,
        part.cf_u,
    );
    if part.u.x[0] != h {
        return Err(Error::StateHashMismatch);
    }
    Ok(last_pp)
}

/// The advice digest `IC_final = H(IC_n, last, Ω̄ of u_n)` of a non-uniform
/// proof: the chain over `(kind, Ω̄)` of every step instance in execution
/// order (the identity for a kind without a block). Meaningful only after
/// [`verify_nivc`] accepted the proof.
///
/// # Errors
/// [`Error::AdviceNotSupported`] when no kind has an advice block.
pub fn nivc_advice_digest(pp: &NivcParams, proof: &NivcProof) -> Result<Fr, Error> {
    if !pp.with_advice {
        return Err(Error::AdviceNotSupported);
    }
    Ok(nivc_advice_chain(
        &pp.poseidon,
        proof.ic,
        proof.last,
        &proof.u.comm_omega,
    ))
}

/// One link of the first pass of the two-pass challenge derivation, for a
/// step of kind `kind`: `Ω̄ = Com(omega; blind)` (the identity for a kind
/// without a block, whose `omega` must be empty; `blind` is then ignored)
/// and the next chain value `H(ic, kind, Ω̄)` (start from
/// [`crate::augmented::IC_0`]). Folding every step of the execution in
/// order gives the `IC_final` that [`nivc_advice_digest`] returns for the
/// second pass's proof when it uses the same blocks and blinds
/// ([`NivcProver::with_advice_blinds`]).
///
/// # Errors
/// [`Error::AdviceNotSupported`] when no kind has a block,
/// [`Error::KindOutOfRange`], [`Error::WitnessLength`] for a block of the
/// wrong length.
pub fn nivc_advice_commitment_next(
    pp: &NivcParams,
    ic: Fr,
    kind: u64,
    omega: &[Fr],
    blind: &Fr,
) -> Result<(G1Affine, Fr), Error> {
    if !pp.with_advice {
        return Err(Error::AdviceNotSupported);
    }
    let p = pp.kind(kind)?;
    let c = if p.has_advice() {
        p.commit_advice(omega, blind)?
    } else if omega.is_empty() {
        G1Affine::identity()
    } else {
        return Err(Error::WitnessLength);
    };
    Ok((c, nivc_advice_chain(&pp.poseidon, ic, kind, &c)))
}

/// [`nivc_advice_commitment_next`] over a whole execution: `steps[i]` is
/// step `i`'s `(kind, advice block)`, `blinds[i]` its blind. Returns every
/// `Ω̄_i` and `IC_final`.
///
/// # Errors
/// As [`nivc_advice_commitment_next`]; [`Error::AdviceBlindMissing`]
/// unless there is one blind per step.
pub fn nivc_advice_commitments(
    pp: &NivcParams,
    steps: &[(u64, Vec<Fr>)],
    blinds: &[Fr],
) -> Result<(Vec<G1Affine>, Fr), Error> {
    if !pp.with_advice {
        return Err(Error::AdviceNotSupported);
    }
    if blinds.len() != steps.len() {
        return Err(Error::AdviceBlindMissing);
    }
    let mut ic = IC_0;
    let mut out = Vec::with_capacity(steps.len());
    for ((kind, omega), r) in steps.iter().zip(blinds) {
        let (c, next) = nivc_advice_commitment_next(pp, ic, *kind, omega, r)?;
        ic = next;
        out.push(c);
    }
    Ok((out, ic))
}

/// [`verify_nivc`], then the challenge check of the two-pass derivation:
/// the elements of `z_0` at `positions` must equal
/// `derive(nivc_advice_digest(proof))`. Returns the advice digest.
///
/// # Errors
/// The errors of [`verify_nivc`], [`Error::AdviceNotSupported`] without
/// advice, [`Error::ChallengeMismatch`] when the challenges differ (or
/// `positions` and `derive`'s output disagree in length or range).
pub fn verify_nivc_derived_challenges(
    pp: &NivcParams,
    proof: &NivcProof,
    positions: &[usize],
    derive: &dyn Fn(Fr) -> Vec<Fr>,
) -> Result<Fr, Error> {
    verify_nivc(pp, proof)?;
    let digest = nivc_advice_digest(pp, proof)?;
    check_challenges(&proof.z0, positions, &derive(digest))?;
    Ok(digest)
}

/// A running primary pair with its products (`None`: computed at the next
/// fold).
type RunningPair = (
    RelaxedR1csInstance<G1>,
    RelaxedR1csWitness<G1>,
    Option<Products<Fr>>,
);

/// The non-uniform prover.
pub struct NivcProver<'a> {
    pp: &'a NivcParams,
    kinds: &'a [&'a dyn NonUniformStep],
    i: usize,
    pc0: u64,
    z0: Vec<Fr>,
    zi: Vec<Fr>,
    pc: u64,
    last: u64,
    ic: Fr,
    running: Vec<RunningPair>,
    u: R1csInstance<G1>,
    w: R1csWitness<G1>,
    cf_u: RelaxedR1csInstance<Grumpkin>,
    cf_w: RelaxedR1csWitness<Grumpkin>,
    /// Test hook: the `Ω̄₂` the next step claims in its circuit and chain.
    claimed_omega: Option<G1Affine>,
    /// Pre-drawn advice blinds, one per step (two-pass derivation).
    advice_blinds: Option<Vec<Fr>>,
}

impl core::fmt::Debug for NivcProver<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NivcProver")
            .field("i", &self.i)
            .field("pc", &self.pc)
            .finish_non_exhaustive()
    }
}

fn dummy_instance(p: &NovaParams<G1>) -> (R1csInstance<G1>, R1csWitness<G1>) {
    (
        R1csInstance {
            comm_w: G1Affine::identity(),
            comm_omega: G1Affine::identity(),
            x: vec![Fr::zero(); p.shape().num_io()],
        },
        R1csWitness {
            w: vec![Fr::zero(); p.shape().num_witness()],
            r_w: Fr::zero(),
            r_omega: Fr::zero(),
        },
    )
}

fn default_running(pp: &NivcParams) -> Vec<RunningPair> {
    pp.primaries
        .iter()
        .map(|p| {
            let (u, w) = p.default_running();
            (u, w, None)
        })
        .collect()
}

impl<'a> NivcProver<'a> {
    /// A prover starting at kind `pc0` from `z0`.
    ///
    /// # Errors
    /// [`Error::ArityMismatch`] or [`Error::KindOutOfRange`].
    pub fn new(
        pp: &'a NivcParams,
        kinds: &'a [&'a dyn NonUniformStep],
        pc0: u64,
        z0: Vec<Fr>,
    ) -> Result<Self, Error> {
        if z0.len() != pp.arity || kinds.len() != pp.num_kinds() {
            return Err(Error::ArityMismatch);
        }
        pp.kind(pc0)?;
        let (cf_u, cf_w) = pp.cyclefold.default_running();
        let first = pp.primaries.first().ok_or(Error::KindOutOfRange)?;
        let (u, w) = dummy_instance(first);
        Ok(Self {
            pp,
            kinds,
            i: 0,
            pc0,
            zi: z0.clone(),
            z0,
            pc: pc0,
            last: 0,
            ic: IC_0,
            running: default_running(pp),
            u,
            w,
            cf_u,
            cf_w,
            claimed_omega: None,
            advice_blinds: None,
        })
    }

    /// Uses `blinds[i]` as the advice blind `r_Ω` of step `i`'s instance
    /// (ignored at a step whose kind has no block), so that the steps' `Ω̄`
    /// are the ones of the first pass ([`nivc_advice_commitments`]).
    ///
    /// # Errors
    /// [`Error::AdviceNotSupported`] when no kind has an advice block.
    pub fn with_advice_blinds(mut self, blinds: Vec<Fr>) -> Result<Self, Error> {
        if !self.pp.with_advice {
            return Err(Error::AdviceNotSupported);
        }
        self.advice_blinds = Some(blinds);
        Ok(self)
    }

    /// The kind selected for the next step.
    pub fn pc(&self) -> u64 {
        self.pc
    }

    /// The current state.
    pub fn state(&self) -> &[Fr] {
        &self.zi
    }

    /// Number of steps proved so far.
    pub fn steps(&self) -> usize {
        self.i
    }

    /// **Test hook**: at the next step, hand the augmented circuit (and the
    /// advice chain) `fake` as the pending instance's `Ω̄₂` while the
    /// native fold uses the real one. The next proofs are invalid.
    #[doc(hidden)]
    pub fn tamper_advice_commitment(&mut self, fake: G1Affine) {
        self.claimed_omega = Some(fake);
    }

    /// Proves one step of the selected kind.
    ///
    /// # Errors
    /// [`Error::KindOutOfRange`] when the selected kind does not exist;
    /// [`Error::AdviceBlindMissing`] when pre-drawn blinds run out;
    /// synthesis and length errors.
    pub fn prove_step<R: RngCore + CryptoRng>(&mut self, rng: &mut R) -> Result<(), Error> {
        self.prove_step_with(rng, None, None)
    }

    /// Proves one step, optionally running kind `force_kind` instead of
    /// the selected one and letting `hook` rewrite the assignment (**test
    /// hooks** for a malicious prover).
    ///
    /// # Errors
    /// As [`NivcProver::prove_step`].
    pub fn prove_step_with<R: RngCore + CryptoRng>(
        &mut self,
        rng: &mut R,
        force_kind: Option<usize>,
        hook: Option<WitnessHook<'_>>,
    ) -> Result<(), Error> {
        let pp = self.pp;
        let j = match force_kind {
            Some(j) => j,
            None => usize::try_from(self.pc).map_err(|_| Error::KindOutOfRange)?,
        };
        let pj = pp.primaries.get(j).ok_or(Error::KindOutOfRange)?;
        let last = usize::try_from(self.last).map_err(|_| Error::KindOutOfRange)?;
        let plast = pp.primaries.get(last).ok_or(Error::KindOutOfRange)?;
        let (big_u, big_w, products) = self.running.get_mut(last).ok_or(Error::KindOutOfRange)?;
        let fold = fold_native(
            plast,
            &pp.cyclefold,
            pp.with_advice,
            (big_u, big_w),
            products.take(),
            (&self.u, &self.w),
            (&self.cf_u, &self.cf_w),
            rng,
        )?;
        let claimed_omega = self.claimed_omega.take().unwrap_or(self.u.comm_omega);
        let (folded_u, folded_w) = fold.folded;
        let input = NivcInput {
            digests: pp.digests(),
            cf_digest: pp.cyclefold.digest(),
            pc0: self.pc0,
            z0: self.z0.clone(),
            zi: self.zi.clone(),
            pc: self.pc,
            last: self.last,
            running: self.running.iter().map(|(u, _, _)| u.clone()).collect(),
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
        let circuit = NivcCircuit::new(self.kinds, j, &pp.poseidon, self.i, Some(&input));
        let mut a = crate::shape::generate_witness(pj.shape(), &circuit)?;
        let (z_next, next) = circuit
            .out
            .borrow_mut()
            .take()
            .ok_or(Error::ArityMismatch)?;
        if let Some(h) = hook {
            h(self.i, &mut a);
        }
        let (u_next, w_next) =
            commit_assignment(pj, a, self.advice_blinds.as_deref(), self.i, rng)?;
        if self.i == 0 {
            self.running = default_running(pp);
            let (cu, cw) = pp.cyclefold.default_running();
            self.cf_u = cu;
            self.cf_w = cw;
        } else {
            self.running[last] = (folded_u, folded_w, Some(fold.products));
            (self.cf_u, self.cf_w) = fold.cf_folded;
            // IC_{i+1} = H(IC_i, last, Ω̄ of u_i), IC_1 = IC_0 (as the
            // circuit does).
            if pp.with_advice {
                self.ic = nivc_advice_chain(&pp.poseidon, self.ic, self.last, &claimed_omega);
            }
        }
        self.u = u_next;
        self.w = w_next;
        self.zi = z_next;
        self.last = j as u64;
        // A next kind outside u64 (only from an unsatisfied step) is kept
        // as u64::MAX: the next step then reports KindOutOfRange.
        let limbs = ark_ff::PrimeField::into_bigint(next).0;
        self.pc = if limbs[1..].iter().all(|l| *l == 0) {
            limbs[0]
        } else {
            u64::MAX
        };
        self.i += 1;
        Ok(())
    }

    /// The proof of the steps so far.
    ///
    /// # Errors
    /// [`Error::BaseCase`] before the first step.
    pub fn proof(&self) -> Result<NivcProof, Error> {
        if self.i == 0 {
            return Err(Error::BaseCase);
        }
        Ok(NivcProof {
            steps: self.i as u64,
            pc0: self.pc0,
            z0: self.z0.clone(),
            zn: self.zi.clone(),
            pc: self.pc,
            last: self.last,
            ic: self.ic,
            running: self
                .running
                .iter()
                .map(|(u, w, _)| (u.clone(), w.clone()))
                .collect(),
            u: self.u.clone(),
            w: self.w.clone(),
            cf_u: self.cf_u.clone(),
            cf_w: self.cf_w.clone(),
        })
    }
}
