//! The decider circuit: one or more relaxed R1CS shapes (the running
//! instances of every kind of a non-uniform IVC) checked over their
//! witnesses.
//!
//! Public inputs, in order: `u_k, x_k` of every kind `k`, then `c`, `ρ`,
//! `Y`. Witness: the witnesses `W_k` of every kind, in kind order, first —
//! the segment the commit-and-prove Groth16 ([`super::cp_groth16`])
//! commits to before `c` and `ρ` are drawn (both absorb that commitment; see
//! `docs/decider.md`, "The trap") — then the circuit's own variables. For
//! every kind the circuit computes
//!
//! * `E_k = A z_k ∘ B z_k − u_k·C z_k` for `z_k = (u_k, x_k, W_k)`, row by
//!   row: `E` is computed from `W`, never witnessed, so the commitment to
//!   `W` binds it too;
//! * `ω_k(c)`, `rest_k(c)`, `E_k(c)`, each vector read as the coefficients of
//!   a polynomial (Horner), where `ω_k` is the advice block and `rest_k` the
//!   other witness positions, as the engine commits them;
//!
//! and enforces `Y = Σ_i ρ^i·y_i` over the `3·K` evaluations in the order
//! `(ω_0, rest_0, E_0, ω_1, …)` — the order of [`super::opening_order`].
//!
//! Cost per kind: three rows per shape row (`t = Az·Bz`, `s = u·Cz`, a
//! Horner step over `t − s`) and one per witness variable; then `3·K` rows
//! for `Y`.

use core::ops::Range;

use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable,
};

use crate::{Fr, R1csShape};

/// One kind's values in a proving run.
#[derive(Clone, Debug)]
pub struct KindAssignment {
    /// The instance's `u`.
    pub u: Fr,
    /// The instance's public input.
    pub x: Vec<Fr>,
    /// The whole witness (advice block in its place).
    pub w: Vec<Fr>,
}

/// The values a proving run assigns (absent in setup).
#[derive(Clone, Debug)]
pub struct DeciderAssignment {
    /// Per kind, in kind order.
    pub kinds: Vec<KindAssignment>,
    /// The evaluation point.
    pub c: Fr,
    /// The combiner of the evaluations.
    pub rho: Fr,
    /// The claimed combined evaluation `Y` (a public input).
    pub y: Fr,
}

/// A shape and its advice block.
pub type KindShape<'a> = (&'a R1csShape<Fr>, Range<usize>);

/// The decider circuit (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub struct DeciderCircuit<'a> {
    kinds: Vec<KindShape<'a>>,
    values: Option<DeciderAssignment>,
}

impl<'a> DeciderCircuit<'a> {
    /// The circuit of `kinds`; `values` is `None` for the key setup. A
    /// malicious prover may assign anything here; only the constraints
    /// decide.
    pub fn new(kinds: Vec<KindShape<'a>>, values: Option<DeciderAssignment>) -> Self {
        Self { kinds, values }
    }
}

/// A variable as a linear combination.
fn lc(v: Variable) -> LinearCombination<Fr> {
    LinearCombination(vec![(Fr::from(1u64), v)])
}

type Term = (LinearCombination<Fr>, Option<Fr>);

/// `Σ t_k·x^k` by Horner from the top coefficient, one row per coefficient
/// after the first (`acc·x = next − t`); the empty sum is zero and a single
/// term is itself (no row).
fn horner(
    cs: &ConstraintSystemRef<Fr>,
    terms: Vec<Term>,
    (x, x_val): (Variable, Option<Fr>),
) -> Result<Term, SynthesisError> {
    let mut it = terms.into_iter().rev();
    let Some((mut acc, mut acc_val)) = it.next() else {
        return Ok((LinearCombination::zero(), Some(Fr::from(0u64))));
    };
    for (t, t_val) in it {
        let val = match (acc_val, x_val, t_val) {
            (Some(a), Some(xv), Some(tv)) => Some(a * xv + tv),
            _ => None,
        };
        let next = cs.new_witness_variable(|| val.ok_or(SynthesisError::AssignmentMissing))?;
        let a = acc;
        cs.enforce_r1cs_constraint(|| a, || lc(x), || lc(next) - t)?;
        acc = lc(next);
        acc_val = val;
    }
    Ok((acc, acc_val))
}

impl ConstraintSynthesizer<Fr> for DeciderCircuit<'_> {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let v = self.values.as_ref();
        if let Some(v) = v
            && v.kinds.len() != self.kinds.len()
        {
            return Err(SynthesisError::Unsatisfiable);
        }
        for (k, (shape, advice)) in self.kinds.iter().enumerate() {
            if advice.end > shape.num_witness() || advice.start > advice.end {
                return Err(SynthesisError::Unsatisfiable);
            }
            if let Some(a) = v.map(|v| &v.kinds[k])
                && (a.x.len() != shape.num_io() || a.w.len() != shape.num_witness())
            {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        let missing = SynthesisError::AssignmentMissing;
        let kind = |k: usize| v.map(|v| &v.kinds[k]);

        // Public inputs, in the documented order.
        let mut io = Vec::with_capacity(self.kinds.len());
        for (k, (shape, _)) in self.kinds.iter().enumerate() {
            let u_val = kind(k).map(|a| a.u);
            let u = cs.new_input_variable(|| u_val.ok_or(missing))?;
            let mut x = Vec::with_capacity(shape.num_io());
            for i in 0..shape.num_io() {
                let val = kind(k).map(|a| a.x[i]);
                x.push(cs.new_input_variable(|| val.ok_or(missing))?);
            }
            io.push((u, u_val, x));
        }
        let c_val = v.map(|v| v.c);
        let c = cs.new_input_variable(|| c_val.ok_or(missing))?;
        let rho_val = v.map(|v| v.rho);
        let rho = cs.new_input_variable(|| rho_val.ok_or(missing))?;
        let y_val = v.map(|v| v.y);
        let y = cs.new_input_variable(|| y_val.ok_or(missing))?;

        // The witnesses: the first private variables, the committed segment.
        let mut w_vars = Vec::with_capacity(self.kinds.len());
        for (k, (shape, _)) in self.kinds.iter().enumerate() {
            let mut vars = Vec::with_capacity(shape.num_witness());
            for i in 0..shape.num_witness() {
                let val = kind(k).map(|a| a.w[i]);
                vars.push(cs.new_witness_variable(|| val.ok_or(missing))?);
            }
            w_vars.push(vars);
        }

        let mut evals = Vec::with_capacity(3 * self.kinds.len());
        for (k, (shape, advice)) in self.kinds.iter().enumerate() {
            let (u, u_val, x) = &io[k];
            let w = &w_vars[k];
            let num_io = shape.num_io();
            let num_w = shape.num_witness();
            // ω(c) and rest(c).
            let term = |i: usize| (lc(w[i]), kind(k).map(|a| a.w[i]));
            let omega: Vec<_> = advice.clone().map(term).collect();
            let rest: Vec<_> = (0..advice.start)
                .chain(advice.end..num_w)
                .map(term)
                .collect();
            evals.push(horner(&cs, omega, (c, c_val))?);
            evals.push(horner(&cs, rest, (c, c_val))?);

            // E from W, row by row, and E(c).
            let z_var = |col: usize| -> Variable {
                if col == 0 {
                    *u
                } else if col <= num_io {
                    x[col - 1]
                } else {
                    w[col - 1 - num_io]
                }
            };
            let row_lc = |row: &[(Fr, usize)]| {
                LinearCombination(row.iter().map(|&(co, col)| (co, z_var(col))).collect())
            };
            let products = match kind(k) {
                Some(a) => Some(
                    shape
                        .multiply(a.u, &a.x, &a.w)
                        .map_err(|_| SynthesisError::Unsatisfiable)?,
                ),
                None => None,
            };
            let (ma, mb, mc) = shape.matrices();
            let mut e_terms = Vec::with_capacity(ma.len());
            for i in 0..ma.len() {
                let (t_val, s_val) = match (&products, u_val) {
                    (Some((az, bz, cz)), Some(uv)) => (Some(az[i] * bz[i]), Some(*uv * cz[i])),
                    _ => (None, None),
                };
                let t = cs.new_witness_variable(|| t_val.ok_or(missing))?;
                cs.enforce_r1cs_constraint(|| row_lc(&ma[i]), || row_lc(&mb[i]), || lc(t))?;
                let s = cs.new_witness_variable(|| s_val.ok_or(missing))?;
                cs.enforce_r1cs_constraint(|| lc(*u), || row_lc(&mc[i]), || lc(s))?;
                e_terms.push((lc(t) - lc(s), t_val.zip(s_val).map(|(t, s)| t - s)));
            }
            evals.push(horner(&cs, e_terms, (c, c_val))?);
        }

        // Y = Σ ρ^i·y_i.
        let (combined, _) = horner(&cs, evals, (rho, rho_val))?;
        cs.enforce_r1cs_constraint(
            || combined - lc(y),
            || lc(Variable::One),
            LinearCombination::zero,
        )
    }
}
