//! The four ways every bus step (the CPU step, each precompile kind) runs its one circuit
//! function, `synthesize(s, z) -> (z_out, tuples)` written with [`Synth`]: the size of its
//! phase-1 advice block, the block's values, the constraints (block first, then the rest)
//! and the native evaluation. One copy serves every step, so the steps differ only in
//! their circuits.

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::{AllocatedFp, FpVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::bus::Tuple;
use crate::step::{ARITY, NativeStep, StepError};
use crate::synth::{Synth, V};

/// A step's circuit function over the CPU state `z` (arity [`ARITY`]).
pub(crate) trait Circuit {
    /// Runs the step on `z` with `s`, returning `z_{i+1}` and the tuples it put on the bus.
    fn synthesize(&self, s: &mut Synth, z: &[V]) -> Result<(Vec<V>, Vec<Tuple>), SynthesisError>;
}

/// Number of phase-1 (advice) variables: allocated first, as one contiguous block (the
/// segment the folding layer commits before the bus challenges exist).
pub(crate) fn advice_len(c: &impl Circuit) -> usize {
    let mut pre = Synth::new(None);
    pre.skip_inverses = true;
    let z = vec![V::native(Fr::zero()); ARITY];
    match c.synthesize(&mut pre, &z) {
        Ok(_) => pre.recorded.len(),
        Err(_) => 0,
    }
}

/// The advice block on `z`, natively: it depends neither on the challenges nor on the
/// running sum in `z`.
pub(crate) fn advice_values(c: &impl Circuit, z: &[Fr]) -> Result<Vec<Fr>, StepError> {
    if z.len() != ARITY {
        return Err(StepError::Arity { got: z.len() });
    }
    let native: Vec<V> = z.iter().map(|&x| V::native(x)).collect();
    let mut pre = Synth::new(None);
    pre.skip_inverses = true;
    c.synthesize(&mut pre, &native)?;
    Ok(pre.recorded)
}

/// The step's input state `z` as values with their linear combinations.
fn inputs(z: &[FpVar<Fr>]) -> Result<Vec<V>, SynthesisError> {
    if z.len() != ARITY {
        return Err(SynthesisError::Unsatisfiable);
    }
    Ok(z.iter()
        .map(|v| match v {
            FpVar::Constant(k) => V::constant(*k),
            FpVar::Var(a) => V::from_var(a.variable, a.value().unwrap_or_default()),
        })
        .collect())
}

/// The step's output state as variables of `cs` (one linear combination each).
fn outputs(cs: &ConstraintSystemRef<Fr>, out: Vec<V>) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    out.into_iter()
        .map(|v| {
            let var = cs.new_lc(|| v.to_lc())?;
            Ok(FpVar::Var(AllocatedFp::new(Some(v.val), var, cs.clone())))
        })
        .collect()
}

/// The constraints on `z`, returning `z_{i+1}`: run 1 (native, no inverses) records the
/// advice values in allocation order, the block is allocated, and run 2 takes its advice
/// variables from the block (the circuits are uniform, so both runs make the same calls).
pub(crate) fn constraints(
    c: &impl Circuit,
    cs: ConstraintSystemRef<Fr>,
    z: &[FpVar<Fr>],
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    let zin = inputs(z)?;
    let native: Vec<V> = zin.iter().map(|v| V::native(v.val)).collect();
    let mut pre = Synth::new(None);
    pre.skip_inverses = true;
    c.synthesize(&mut pre, &native)?;
    let block = pre
        .recorded
        .iter()
        .map(|&val| Ok((cs.new_witness_variable(|| Ok(val))?, val)))
        .collect::<Result<Vec<_>, SynthesisError>>()?;
    let mut s = Synth::with_advice(cs.clone(), block);
    let (out, _) = c.synthesize(&mut s, &zin)?;
    outputs(&cs, out)
}

/// [`constraints`] for a step whose advice block has `advice_len` variables (the kind's, known
/// from setup), in one run instead of two: the block is reserved with placeholder values
/// and every advice witness writes its value when the run allocates it, before any row or
/// linear combination refers to it. The run must use exactly the reserved block.
pub(crate) fn constraints_reserved(
    c: &impl Circuit,
    cs: ConstraintSystemRef<Fr>,
    z: &[FpVar<Fr>],
    advice_len: usize,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    let zin = inputs(z)?;
    let block = (0..advice_len)
        .map(|_| Ok((cs.new_witness_variable(|| Ok(Fr::zero()))?, Fr::zero())))
        .collect::<Result<Vec<_>, SynthesisError>>()?;
    let mut s = Synth::with_reserved(cs.clone(), block);
    // On a witness-only system the inputs, like every value, carry no linear combination,
    // and the bus rows' witnesses are assigned after the run with one batch inversion.
    let zin: Vec<V> = if s.values_only() {
        s.defer_inverses = true;
        zin.iter().map(|v| V::native(v.val)).collect()
    } else {
        zin
    };
    let (mut out, _) = c.synthesize(&mut s, &zin)?;
    if s.advice_left() != 0 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let deferred = s.settle_vars()?;
    if let Some(sum) = out.get_mut(6) {
        // The running bus sum (a value only on such a system) gains the deferred rows.
        *sum = sum.add_const(deferred);
    }
    outputs(&cs, out)
}

/// The step on `z` without a constraint system: the output state, the bus tuples and the
/// violated components (the bus rows' inverses settled with one batch inversion).
pub(crate) fn eval_native(c: &impl Circuit, z: &[Fr]) -> Result<NativeStep, StepError> {
    eval_native_with_advice(c, z).map(|(step, _)| step)
}

/// [`eval_native`] and the advice block ([`advice_values`]) from the same run: the native
/// run records every phase-1 witness in allocation order, and none of them depends on the
/// bus rows it defers (so pass 1 of the prover runs the circuit once per fold, not twice).
pub(crate) fn eval_native_with_advice(
    c: &impl Circuit,
    z: &[Fr],
) -> Result<(NativeStep, Vec<Fr>), StepError> {
    if z.len() != ARITY {
        return Err(StepError::Arity { got: z.len() });
    }
    let zin: Vec<V> = z.iter().map(|&x| V::native(x)).collect();
    let mut s = Synth::new(None);
    s.defer_inverses = true;
    let (out, tuples) = c.synthesize(&mut s, &zin)?;
    let mut z_out: Vec<Fr> = out.into_iter().map(|v| v.val).collect();
    // Σ ±gate/(α − h) of the bus rows joins the running sum.
    z_out[6] += s.settle();
    let advice = core::mem::take(&mut s.recorded);
    Ok((
        NativeStep {
            z_out,
            tuples,
            violated: s.violated,
            counts: s.counts,
        },
        advice,
    ))
}
