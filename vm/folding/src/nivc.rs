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

use std::cell::RefCell;

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

use crate::augmented::{EmFq, cyclefold_input_var, fold_cyclefold_var, fq_to_big, halves, missing};
use crate::cyclefold::{CYCLEFOLD_IO_LEN, CycleFoldCircuit, CycleFoldInput};
use crate::ivc::{WitnessHook, get, put};
use crate::nifs::{
    FoldingScheme, NIFS_DOMAIN, Nova, NovaParams, R1csInstance, R1csWitness, RelaxedR1csInstance,
    RelaxedR1csWitness,
};
use crate::shape::{Circuit, R1csShape, generate_witness};
use crate::step::StepCircuit;
use crate::transcript::{G1LimbsVar, Transcript, TranscriptPoseidon, TranscriptVar};
use crate::{CommitmentKey, Error, Fr, G1, Grumpkin};

/// Transcript domain of the non-uniform state hash.
pub const NIVC_STATE_DOMAIN: u64 = 0x756d_6272_615f_6e76; // "umbra_nv"

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
/// [`crate::transcript`]).
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
    running: &[RelaxedR1csInstance<G1>],
    cf_u: &RelaxedR1csInstance<Grumpkin>,
) -> Fr {
    let mut t = Transcript::new(poseidon, NIVC_STATE_DOMAIN);
    t.absorb(digests);
    t.absorb(&[cf_pp, Fr::from(i), Fr::from(pc0)]);
    t.absorb(z0);
    t.absorb(zi);
    t.absorb(&[Fr::from(pc), Fr::from(last)]);
    for u in running {
        t.absorb_point::<G1>(&u.comm_w);
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

/// The ten transcript elements of a running primary instance.
struct RunningVar {
    elems: Vec<FpVar<Fr>>,
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
            let v = inp.and_then(f).map(|v| fq_to_big(&v));
            EmFq::new_witness(cs.clone(), v.as_ref())
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
        // Running instances as plain transcript elements: bound by the
        // state hash; the selected one is re-allocated range-checked below.
        let mut running = Vec::with_capacity(k);
        for t in 0..k {
            let mut elems = Vec::with_capacity(10);
            for e in 0..10 {
                elems.push(wit(&|a| {
                    let u = a.running.get(t)?;
                    let mut v = Vec::with_capacity(10);
                    <G1 as crate::transcript::TranscriptCurve>::absorb_point(&u.comm_w, &mut v);
                    <G1 as crate::transcript::TranscriptCurve>::absorb_point(&u.comm_e, &mut v);
                    v.push(u.u);
                    v.push(*u.x.first()?);
                    v.get(e).copied()
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
        let cf_w = grumpkin(&|a| a.cf_big_u.comm_w)?;
        let cf_e = grumpkin(&|a| a.cf_big_u.comm_e)?;
        let cf_uu = emfq(&|a| Some(a.cf_big_u.u))?;
        let cf_x = (0..CYCLEFOLD_IO_LEN)
            .map(|t| emfq(&|a| a.cf_big_u.x.get(t).copied()))
            .collect::<Result<Vec<_>, _>>()?;
        let cf_w2 = grumpkin(&|a| a.cf_comm_w)?;
        let cf_t = grumpkin(&|a| a.cf_comm_t)?;

        // --- 1. input state hash, base case
        let is_base = i.is_zero()?;
        let mut cf_scalars = Vec::with_capacity(2 + 2 * CYCLEFOLD_IO_LEN);
        cf_scalars.extend(halves(&cf_uu)?);
        for v in &cf_x {
            cf_scalars.extend(halves(v)?);
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
        let mut sel = Vec::with_capacity(10);
        for e in 0..10 {
            let col: Vec<FpVar<Fr>> = running.iter().map(|r| r.elems[e].clone()).collect();
            sel.push(select_sum(&b, &col)?);
        }
        let sel_w = g1(&|a| {
            usize::try_from(a.last)
                .ok()
                .and_then(|l| a.running.get(l))
                .map_or(G1Affine::identity(), |u| u.comm_w)
        })?;
        let sel_e = g1(&|a| {
            usize::try_from(a.last)
                .ok()
                .and_then(|l| a.running.get(l))
                .map_or(G1Affine::identity(), |u| u.comm_e)
        })?;
        for l in 0..4 {
            sel_w.limbs[l].enforce_equal(&sel[l])?;
            sel_e.limbs[l].enforce_equal(&sel[4 + l])?;
        }
        let (sel_u, sel_x) = (sel[8].clone(), sel[9].clone());
        let mut t = TranscriptVar::new(self.poseidon, NIFS_DOMAIN);
        t.absorb(std::slice::from_ref(&sel_pp));
        t.absorb_g1(&sel_w);
        t.absorb_g1(&sel_e);
        t.absorb(&[sel_u.clone(), sel_x.clone()]);
        t.absorb_g1(&w2);
        t.absorb(std::slice::from_ref(&x2));
        t.absorb_g1(&comm_t);
        let r_bits = t.challenge_bits()?;
        let r = Boolean::le_bits_to_fp(&r_bits)?;
        let new_u = &sel_u + &r;
        let new_x = &sel_x + &r * &x2;
        let (cf_x2, cf_x2_halves) = cyclefold_input_var(
            &r_bits,
            &r,
            &[&sel_w, &w2, &folded_w, &sel_e, &comm_t, &folded_e],
        );
        let (new_cf_w, new_cf_e, new_cf_scalars) = fold_cyclefold_var(
            &cs,
            self.poseidon,
            &cf_pp,
            (&cf_w, &cf_e, &cf_uu, &cf_x, &cf_scalars),
            (&cf_w2, &cf_x2, &cf_x2_halves),
            &cf_t,
        )?;

        // --- 4. the step and the next kind, range-checked
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
        let mut folded = Vec::with_capacity(10);
        folded.extend(folded_w.limbs.iter().cloned());
        folded.extend(folded_e.limbs.iter().cloned());
        folded.push(new_u);
        folded.push(new_x);
        let mut out_running = Vec::with_capacity(k);
        for (bt, r) in b.iter().zip(&running) {
            let mut o = Vec::with_capacity(10);
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
/// kind, one CycleFold parameter set.
#[derive(Clone, Debug)]
pub struct NivcParams {
    primaries: Vec<NovaParams<G1>>,
    cyclefold: NovaParams<Grumpkin>,
    poseidon: TranscriptPoseidon,
    arity: usize,
}

impl NivcParams {
    /// Extracts every kind's augmented shape and the CycleFold shape and
    /// builds **insecure development** keys from `label`.
    ///
    /// # Errors
    /// [`Error::ArityMismatch`] when the kinds disagree on the arity or
    /// there is none; [`Error::AdviceNotSupported`] when a kind declares
    /// an advice block; shape-extraction errors.
    pub fn setup(kinds: &[&dyn NonUniformStep], label: &[u8]) -> Result<Self, Error> {
        let arity = kinds.first().ok_or(Error::ArityMismatch)?.arity();
        if kinds.iter().any(|s| s.arity() != arity) {
            return Err(Error::ArityMismatch);
        }
        // Committed advice is built for the uniform IVC only.
        if kinds.iter().any(|s| s.advice_len() != 0) {
            return Err(Error::AdviceNotSupported);
        }
        let poseidon = TranscriptPoseidon::new().map_err(|_| Error::InvalidKey)?;
        let mut shapes = Vec::with_capacity(kinds.len());
        for j in 0..kinds.len() {
            let c = NivcCircuit {
                kinds,
                j,
                poseidon: &poseidon,
                i: 0,
                input: None,
                out: RefCell::new(None),
            };
            shapes.push(R1csShape::from_circuit(&c)?);
        }
        let n = shapes
            .iter()
            .map(|s| s.num_witness().max(s.num_constraints()))
            .max()
            .unwrap_or(0);
        let ck = CommitmentKey::<G1>::insecure_dev_setup(n, label)?;
        let primaries = shapes
            .into_iter()
            .map(|s| NovaParams::new(s, ck.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let cf_shape = R1csShape::<Fq>::from_circuit(&CycleFoldCircuit::default())?;
        let cf_n = cf_shape.num_witness().max(cf_shape.num_constraints());
        let cf_ck = CommitmentKey::<Grumpkin>::insecure_dev_setup(cf_n, label)?;
        Ok(Self {
            primaries,
            cyclefold: NovaParams::new(cf_shape, cf_ck)?,
            poseidon,
            arity,
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

    /// The CycleFold parameters.
    pub fn cyclefold(&self) -> &NovaParams<Grumpkin> {
        &self.cyclefold
    }

    fn digests(&self) -> Vec<Fr> {
        self.primaries.iter().map(NovaParams::digest).collect()
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
pub const NIVC_PROOF_VERSION: u8 = 1;

impl NivcProof {
    /// Versioned encoding: the version byte, then every field in
    /// declaration order in arkworks' canonical compressed serialization
    /// (the running pairs as a length, then instance and witness fields per
    /// kind).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![NIVC_PROOF_VERSION];
        put(&mut out, &self.steps);
        put(&mut out, &self.pc0);
        put(&mut out, &self.z0);
        put(&mut out, &self.zn);
        put(&mut out, &self.pc);
        put(&mut out, &self.last);
        put(&mut out, &(self.running.len() as u64));
        for (u, w) in &self.running {
            put(&mut out, &u.comm_w);
            put(&mut out, &u.comm_e);
            put(&mut out, &u.u);
            put(&mut out, &u.x);
            put(&mut out, &w.w);
            put(&mut out, &w.r_w);
            put(&mut out, &w.e);
            put(&mut out, &w.r_e);
        }
        put(&mut out, &self.u.comm_w);
        put(&mut out, &self.u.x);
        put(&mut out, &self.w.w);
        put(&mut out, &self.w.r_w);
        put(&mut out, &self.cf_u.comm_w);
        put(&mut out, &self.cf_u.comm_e);
        put(&mut out, &self.cf_u.u);
        put(&mut out, &self.cf_u.x);
        put(&mut out, &self.cf_w.w);
        put(&mut out, &self.cf_w.r_w);
        put(&mut out, &self.cf_w.e);
        put(&mut out, &self.cf_w.r_e);
        out
    }

    /// Decodes [`NivcProof::to_bytes`] (points validated, no trailing
    /// bytes; the number of running pairs is read one pair at a time, so a
    /// forged count cannot allocate ahead of the bytes).
    ///
    /// # Errors
    /// [`Error::UnsupportedVersion`] or [`Error::Deserialization`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (&version, mut rest) = bytes.split_first().ok_or(Error::Deserialization)?;
        if version != NIVC_PROOF_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let r = &mut rest;
        let steps = get(r)?;
        let pc0 = get(r)?;
        let z0 = get(r)?;
        let zn = get(r)?;
        let pc = get(r)?;
        let last = get(r)?;
        let n: u64 = get(r)?;
        let mut running = Vec::new();
        for _ in 0..n {
            running.push((
                RelaxedR1csInstance {
                    comm_w: get(r)?,
                    comm_omega: G1Affine::identity(),
                    comm_e: get(r)?,
                    u: get(r)?,
                    x: get(r)?,
                },
                RelaxedR1csWitness {
                    w: get(r)?,
                    r_w: get(r)?,
                    r_omega: Fr::zero(),
                    e: get(r)?,
                    r_e: get(r)?,
                },
            ));
        }
        let proof = Self {
            steps,
            pc0,
            z0,
            zn,
            pc,
            last,
            running,
            u: R1csInstance {
                comm_w: get(r)?,
                comm_omega: G1Affine::identity(),
                x: get(r)?,
            },
            w: R1csWitness {
                w: get(r)?,
                r_w: get(r)?,
                r_omega: Fr::zero(),
            },
            cf_u: RelaxedR1csInstance {
                comm_w: get(r)?,
                comm_omega: ark_grumpkin::Affine::identity(),
                comm_e: get(r)?,
                u: get(r)?,
                x: get(r)?,
            },
            cf_w: RelaxedR1csWitness {
                w: get(r)?,
                r_w: get(r)?,
                r_omega: Default::default(),
                e: get(r)?,
                r_e: get(r)?,
            },
        };
        if !rest.is_empty() {
            return Err(Error::Deserialization);
        }
        Ok(proof)
    }
}

/// Checks a non-uniform IVC proof: `steps ≥ 1`, arities, one running
/// instance per kind, `last` a kind, the state hash, and every instance
/// (the last one against its kind's shape).
///
/// # Errors
/// [`Error::BaseCase`], [`Error::ArityMismatch`], [`Error::KindOutOfRange`],
/// [`Error::InstanceLength`], [`Error::StateHashMismatch`], and the errors
/// of [`NovaParams::check`] / [`NovaParams::check_relaxed`].
pub fn verify_nivc(pp: &NivcParams, proof: &NivcProof) -> Result<(), Error> {
    if proof.steps == 0 {
        return Err(Error::BaseCase);
    }
    if proof.z0.len() != pp.arity || proof.zn.len() != pp.arity {
        return Err(Error::ArityMismatch);
    }
    if proof.running.len() != pp.num_kinds() {
        return Err(Error::InstanceLength);
    }
    let last_pp = usize::try_from(proof.last)
        .ok()
        .and_then(|l| pp.primaries.get(l))
        .ok_or(Error::KindOutOfRange)?;
    if proof.u.x.len() != 1 || proof.running.iter().any(|(u, _)| u.x.len() != 1) {
        return Err(Error::InstanceLength);
    }
    let running: Vec<RelaxedR1csInstance<G1>> =
        proof.running.iter().map(|(u, _)| u.clone()).collect();
    let h = nivc_state_hash(
        &pp.poseidon,
        &pp.digests(),
        pp.cyclefold.digest(),
        proof.steps,
        proof.pc0,
        &proof.z0,
        &proof.zn,
        proof.pc,
        proof.last,
        &running,
        &proof.cf_u,
    );
    if proof.u.x[0] != h {
        return Err(Error::StateHashMismatch);
    }
    last_pp.check(&proof.u, &proof.w)?;
    for ((u, w), p) in proof.running.iter().zip(&pp.primaries) {
        p.check_relaxed(u, w)?;
    }
    pp.cyclefold.check_relaxed(&proof.cf_u, &proof.cf_w)?;
    Ok(())
}

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
    running: Vec<(RelaxedR1csInstance<G1>, RelaxedR1csWitness<G1>)>,
    u: R1csInstance<G1>,
    w: R1csWitness<G1>,
    cf_u: RelaxedR1csInstance<Grumpkin>,
    cf_w: RelaxedR1csWitness<Grumpkin>,
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
        if usize::try_from(pc0).map_or(true, |j| j >= pp.num_kinds()) {
            return Err(Error::KindOutOfRange);
        }
        let running = pp
            .primaries
            .iter()
            .map(NovaParams::default_running)
            .collect();
        let (cf_u, cf_w) = pp.cyclefold.default_running();
        let (u, w) = dummy_instance(&pp.primaries[0]);
        Ok(Self {
            pp,
            kinds,
            i: 0,
            pc0,
            zi: z0.clone(),
            z0,
            pc: pc0,
            last: 0,
            running,
            u,
            w,
            cf_u,
            cf_w,
        })
    }

    /// The kind selected for the next step.
    pub fn pc(&self) -> u64 {
        self.pc
    }

    /// The current state.
    pub fn state(&self) -> &[Fr] {
        &self.zi
    }

    /// Proves one step of the selected kind.
    ///
    /// # Errors
    /// [`Error::KindOutOfRange`] when the selected kind does not exist;
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
        let (big_u, big_w) = self.running.get(last).ok_or(Error::KindOutOfRange)?;
        let (proof, folded_u, folded_w, r) =
            Nova::prove(plast, (big_u, big_w), (&self.u, &self.w), rng)?;
        let cf_in = CycleFoldInput {
            r,
            w: big_u.comm_w,
            w2: self.u.comm_w,
            e: big_u.comm_e,
            t: proof.comm_t,
        };
        let cf_a = generate_witness(
            pp.cyclefold.shape(),
            &CycleFoldCircuit {
                input: Some(cf_in),
                ..Default::default()
            },
        )?;
        let (cf_inst, cf_wit) = pp.cyclefold.commit_step(cf_a.x, cf_a.w, rng)?;
        let (cf_proof, cf_folded_u, cf_folded_w, _) = Nova::prove(
            &pp.cyclefold,
            (&self.cf_u, &self.cf_w),
            (&cf_inst, &cf_wit),
            rng,
        )?;
        let input = NivcInput {
            digests: pp.digests(),
            cf_digest: pp.cyclefold.digest(),
            pc0: self.pc0,
            z0: self.z0.clone(),
            zi: self.zi.clone(),
            pc: self.pc,
            last: self.last,
            running: self.running.iter().map(|(u, _)| u.clone()).collect(),
            u: self.u.clone(),
            comm_t: proof.comm_t,
            folded_w: folded_u.comm_w,
            folded_e: folded_u.comm_e,
            cf_big_u: self.cf_u.clone(),
            cf_comm_w: cf_inst.comm_w,
            cf_comm_t: cf_proof.comm_t,
        };
        let circuit = NivcCircuit {
            kinds: self.kinds,
            j,
            poseidon: &pp.poseidon,
            i: self.i,
            input: Some(&input),
            out: RefCell::new(None),
        };
        let mut a = generate_witness(pj.shape(), &circuit)?;
        let (z_next, next) = circuit
            .out
            .borrow_mut()
            .take()
            .ok_or(Error::ArityMismatch)?;
        if let Some(h) = hook {
            h(self.i, &mut a);
        }
        let (u_next, w_next) = pj.commit_step(a.x, a.w, rng)?;
        if self.i == 0 {
            self.running = pp
                .primaries
                .iter()
                .map(NovaParams::default_running)
                .collect();
            let (cu, cw) = pp.cyclefold.default_running();
            self.cf_u = cu;
            self.cf_w = cw;
        } else {
            self.running[last] = (folded_u, folded_w);
            self.cf_u = cf_folded_u;
            self.cf_w = cf_folded_w;
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
            running: self.running.clone(),
            u: self.u.clone(),
            w: self.w.clone(),
            cf_u: self.cf_u.clone(),
            cf_w: self.cf_w.clone(),
        })
    }
}
