//! The permutation, in the reference shape and in the optimised shape. Both
//! use only [`CtField`] operations, with loops bounded by public round
//! counts: no branch or index depends on the state.

// Matrix code indexes several arrays by the same row/column.
#![allow(clippy::needless_range_loop)]

use umbra_ct_curves::CtField;

use crate::params::{FULL_ROUNDS, Poseidon};

/// `x^5` in three constant-time multiplications.
#[inline(always)]
fn sbox<F: CtField>(x: &F) -> F {
    let x2 = x.ct_square();
    x2.ct_square().ct_mul(x)
}

/// `m s`, each row one lazily reduced dot product (one Montgomery
/// reduction per row instead of one per entry).
#[inline(always)]
fn mds_mul<F: CtField, const T: usize>(m: &[[F; T]; T], s: &[F; T]) -> [F; T] {
    let mut out = [F::ZERO; T];
    for (o, row) in out.iter_mut().zip(m.iter()) {
        *o = F::ct_sum_of_products(row, s);
    }
    out
}

#[inline(always)]
fn full_round<F: CtField, const T: usize>(p: &Poseidon<F, T>, s: &mut [F; T], r: usize) {
    for (x, c) in s.iter_mut().zip(p.rc[r].iter()) {
        *x = sbox(&x.ct_add(c));
    }
    *s = mds_mul(&p.mds, s);
}

impl<F: CtField, const T: usize> Poseidon<F, T> {
    /// The Poseidon permutation, reference shape: every round adds its
    /// constants, applies `x^5` (to every cell in the 4 + 4 full rounds, to
    /// cell 0 in the partial rounds) and multiplies by the MDS matrix.
    /// Constant-time. Mostly useful as the specification of
    /// [`Poseidon::permute`], which computes the same function faster.
    pub fn permute_plain(&self, state: &mut [F; T]) {
        let half = FULL_ROUNDS / 2;
        for r in 0..FULL_ROUNDS + self.r_p {
            // `r` and `r_p` are public: this branch does not depend on data.
            if r < half || r >= half + self.r_p {
                full_round(self, state, r);
            } else {
                for (x, c) in state.iter_mut().zip(self.rc[r].iter()) {
                    *x = x.ct_add(c);
                }
                state[0] = sbox(&state[0]);
                *state = mds_mul(&self.mds, state);
            }
        }
    }

    /// The Poseidon permutation with optimised partial rounds (equal to
    /// [`Poseidon::permute_plain`]): one dense matrix before the partial
    /// rounds, then per round one S-box, one scalar constant and a sparse
    /// matrix of `2t - 1` multiplications instead of `t^2`. Constant-time.
    pub fn permute(&self, state: &mut [F; T]) {
        self.rounds_but_last(state);
        full_round(self, state, FULL_ROUNDS + self.r_p - 1);
    }

    /// Cell 0 of [`Poseidon::permute`]'s output, for the modes that return
    /// only that cell: the last matrix multiplication computes one row.
    pub(crate) fn permute_first_cell(&self, state: &mut [F; T]) -> F {
        self.rounds_but_last(state);
        let r = FULL_ROUNDS + self.r_p - 1;
        for (x, c) in state.iter_mut().zip(self.rc[r].iter()) {
            *x = sbox(&x.ct_add(c));
        }
        F::ct_sum_of_products(&self.mds[0], state)
    }

    /// Every round of the optimised permutation except the last full one.
    fn rounds_but_last(&self, state: &mut [F; T]) {
        let half = FULL_ROUNDS / 2;
        for r in 0..half {
            full_round(self, state, r);
        }
        for (x, c) in state.iter_mut().zip(self.opt_rc.iter()) {
            *x = x.ct_add(c);
        }
        *state = mds_mul(&self.opt_pre, state);
        for k in 0..self.r_p {
            let s0 = sbox(&state[0]).ct_add(&self.opt_scalar_rc[k]);
            let sp = &self.opt_sparse[k];
            state[0] = s0;
            let new0 = F::ct_sum_of_products(&sp.row, state);
            for i in 1..T {
                state[i] = state[i].ct_add(&sp.w[i].ct_mul(&s0));
            }
            state[0] = new0;
        }
        for r in half + self.r_p..FULL_ROUNDS + self.r_p - 1 {
            full_round(self, state, r);
        }
    }
}
