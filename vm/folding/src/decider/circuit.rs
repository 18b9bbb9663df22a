//! The decider circuit: one relaxed R1CS shape checked over its witness.
//!
//! Public inputs, in order: `u`, `x`, `c`, `y_Ω`, `y_W`, `y_E`. Witness:
//! `W` (advice block included) first — the segment the commit-and-prove
//! Groth16 ([`super::cp_groth16`]) commits to before `c` is drawn (`c`
//! absorbs that commitment; see `docs/decider.md`, "The trap") — then the
//! circuit's own variables. The circuit enforces
//!
//! * `E_i = (A_i·z)(B_i·z) − u·(C_i·z)` for `z = (u, x, W)`, every row: `E`
//!   is computed from `W`, never witnessed, so the hash binds it too;
//! * `y_Ω = ω(c)`, `y_W = rest(c)`, `y_E = E(c)`, each vector read as the
//!   coefficients of a polynomial (Horner, one row per coefficient), where
//!   `ω` is the advice block and `rest` the other witness positions, as the
//!   engine commits them.
//!
//! Cost: three rows per shape row (`t = Az·Bz`, `s = u·Cz`, a Horner step
//! over `t − s`) and one per witness variable (its Horner step).

use core::ops::Range;

use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable,
};

use crate::{Fr, R1csShape};

/// The values a proving run assigns (absent in setup).
#[derive(Clone, Debug)]
pub struct DeciderAssignment {
    /// The instance's `u`.
    pub u: Fr,
    /// The instance's public input.
    pub x: Vec<Fr>,
    /// The whole witness (advice block in its place).
    pub w: Vec<Fr>,
    /// The evaluation point.
    pub c: Fr,
    /// The claimed `(ω(c), rest(c), E(c))` (public inputs).
    pub evals: [Fr; 3],
}

/// The decider circuit of one shape (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub struct DeciderCircuit<'a> {
    shape: &'a R1csShape<Fr>,
    advice: Range<usize>,
    values: Option<DeciderAssignment>,
}

impl<'a> DeciderCircuit<'a> {
    /// The circuit of `shape` whose witness positions `advice` form the
    /// advice block; `values` is `None` for the key setup. A malicious
    /// prover may assign anything here; only the constraints decide.
    pub fn new(
        shape: &'a R1csShape<Fr>,
        advice: Range<usize>,
        values: Option<DeciderAssignment>,
    ) -> Self {
        Self {
            shape,
            advice,
            values,
        }
    }
}

/// A variable as a linear combination.
fn lc(v: Variable) -> LinearCombination<Fr> {
    LinearCombination(vec![(Fr::from(1u64), v)])
}

/// Enforces `out = Σ t_k·c^k` by Horner from the top coefficient, one row
/// per coefficient after the first: `acc·c = next − t`.
fn horner(
    cs: &ConstraintSystemRef<Fr>,
    terms: Vec<(LinearCombination<Fr>, Option<Fr>)>,
    (c, c_val): (Variable, Option<Fr>),
    out: Variable,
) -> Result<(), SynthesisError> {
    let mut it = terms.into_iter().rev();
    let Some((mut acc, mut acc_val)) = it.next() else {
        // The empty polynomial: out = 0.
        return cs.enforce_r1cs_constraint(
            || lc(out),
            || lc(Variable::One),
            LinearCombination::zero,
        );
    };
    let rest: Vec<_> = it.collect();
    if rest.is_empty() {
        return cs.enforce_r1cs_constraint(
            || acc - lc(out),
            || lc(Variable::One),
            LinearCombination::zero,
        );
    }
    let last = rest.len() - 1;
    for (k, (t, t_val)) in rest.into_iter().enumerate() {
        let val = match (acc_val, c_val, t_val) {
            (Some(a), Some(cv), Some(tv)) => Some(a * cv + tv),
            _ => None,
        };
        let next = if k == last {
            out
        } else {
            cs.new_witness_variable(|| val.ok_or(SynthesisError::AssignmentMissing))?
        };
        let a = acc;
        cs.enforce_r1cs_constraint(|| a, || lc(c), || lc(next) - t)?;
        acc = lc(next);
        acc_val = val;
    }
    Ok(())
}

impl ConstraintSynthesizer<Fr> for DeciderCircuit<'_> {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let v = self.values.as_ref();
        let num_io = self.shape.num_io();
        let num_w = self.shape.num_witness();
        if self.advice.end > num_w || self.advice.start > self.advice.end {
            return Err(SynthesisError::Unsatisfiable);
        }
        if let Some(v) = v
            && (v.x.len() != num_io || v.w.len() != num_w)
        {
            return Err(SynthesisError::Unsatisfiable);
        }
        let get = |f: &dyn Fn(&DeciderAssignment) -> Fr| v.map(f);
        let missing = SynthesisError::AssignmentMissing;

        // Public inputs, in the documented order.
        let u_val = get(&|a| a.u);
        let u = cs.new_input_variable(|| u_val.ok_or(missing))?;
        let mut x = Vec::with_capacity(num_io);
        for i in 0..num_io {
            let val = get(&|a| a.x[i]);
            x.push(cs.new_input_variable(|| val.ok_or(missing))?);
        }
        let c_val = get(&|a| a.c);
        let c = cs.new_input_variable(|| c_val.ok_or(missing))?;
        let mut y = [Variable::One; 3];
        for (k, slot) in y.iter_mut().enumerate() {
            let val = get(&|a| a.evals[k]);
            *slot = cs.new_input_variable(|| val.ok_or(missing))?;
        }

        // The witness: the first private variables, the committed segment.
        let mut w_vars = Vec::with_capacity(num_w);
        for i in 0..num_w {
            let val = get(&|a| a.w[i]);
            w_vars.push(cs.new_witness_variable(|| val.ok_or(missing))?);
        }

        // ω(c) and rest(c).
        let term = |i: usize| (lc(w_vars[i]), get(&|a| a.w[i]));
        let omega: Vec<_> = self.advice.clone().map(term).collect();
        let rest: Vec<_> = (0..self.advice.start)
            .chain(self.advice.end..num_w)
            .map(term)
            .collect();
        horner(&cs, omega, (c, c_val), y[0])?;
        horner(&cs, rest, (c, c_val), y[1])?;

        // E from W, row by row, and E(c).
        let z_var = |col: usize| -> Variable {
            if col == 0 {
                u
            } else if col <= num_io {
                x[col - 1]
            } else {
                w_vars[col - 1 - num_io]
            }
        };
        let row_lc = |row: &[(Fr, usize)]| {
            LinearCombination(row.iter().map(|&(k, col)| (k, z_var(col))).collect())
        };
        let products = match v {
            Some(a) => Some(
                self.shape
                    .multiply(a.u, &a.x, &a.w)
                    .map_err(|_| SynthesisError::Unsatisfiable)?,
            ),
            None => None,
        };
        let (ma, mb, mc) = self.shape.matrices();
        let mut e_terms = Vec::with_capacity(ma.len());
        for i in 0..ma.len() {
            let (t_val, s_val) = match (&products, u_val) {
                (Some((az, bz, cz)), Some(uv)) => (Some(az[i] * bz[i]), Some(uv * cz[i])),
                _ => (None, None),
            };
            let t = cs.new_witness_variable(|| t_val.ok_or(missing))?;
            cs.enforce_r1cs_constraint(|| row_lc(&ma[i]), || row_lc(&mb[i]), || lc(t))?;
            let s = cs.new_witness_variable(|| s_val.ok_or(missing))?;
            cs.enforce_r1cs_constraint(|| lc(u), || row_lc(&mc[i]), || lc(s))?;
            let e_val = t_val.zip(s_val).map(|(t, s)| t - s);
            e_terms.push((lc(t) - lc(s), e_val));
        }
        horner(&cs, e_terms, (c, c_val), y[2])
    }
}
