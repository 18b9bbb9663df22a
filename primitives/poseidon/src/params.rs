//! Parameter generation: round constants and MDS matrix from the Grain LFSR,
//! and the precomputation for the optimised partial rounds.

// Matrix code indexes several arrays by the same row/column.
#![allow(clippy::needless_range_loop)]

use umbra_ct_curves::CtField;

use crate::Error;
use crate::grain::Grain;

/// Number of full rounds (`R_F`), for every width.
pub const FULL_ROUNDS: usize = 8;
/// Largest supported number of partial rounds (storage bound).
pub const MAX_PARTIAL_ROUNDS: usize = 64;
/// Largest number of rounds.
pub(crate) const MAX_ROUNDS: usize = FULL_ROUNDS + MAX_PARTIAL_ROUNDS;

/// The reference number of partial rounds `R_P` for S-box `x^5`, 128-bit
/// security and a ~255-bit prime field (the Poseidon paper's
/// `calc_round_numbers` with its 7.5% margin, as in `hadeshash` and
/// circomlib): 56, 57, 56, 60 for `t` = 2, 3, 4, 5.
pub const fn partial_rounds(t: usize) -> Option<usize> {
    match t {
        2 => Some(56),
        3 => Some(57),
        4 => Some(56),
        5 => Some(60),
        _ => None,
    }
}

/// One sparse matrix of the optimised partial rounds, `[[a, v^T], [w, I]]`:
/// `row` is its whole first row `[a, v^T]` (one dot product with the state),
/// index 0 of `w` is unused.
#[derive(Clone, Copy)]
pub(crate) struct Sparse<F, const T: usize> {
    pub(crate) row: [F; T],
    pub(crate) w: [F; T],
}

/// The Poseidon instance for width `T` over `F`: `x^5`, `R_F = 8`, the
/// reference `R_P`, round constants and Cauchy MDS matrix from the Grain
/// LFSR exactly as `hadeshash`'s `generate_parameters_grain.sage`.
///
/// The struct is large (tens of KiB for `T = 5`) and generation takes a few
/// milliseconds: build it once and share it.
#[derive(Clone)]
pub struct Poseidon<F: CtField, const T: usize> {
    pub(crate) r_p: usize,
    /// Round constants, one row per round, in reference order.
    pub(crate) rc: [[F; T]; MAX_ROUNDS],
    /// The MDS matrix; the linear layer is `state = mds * state`.
    pub(crate) mds: [[F; T]; T],
    /// Optimised partial rounds: the constant added before them...
    pub(crate) opt_rc: [F; T],
    /// ... the dense matrix applied once before them ...
    pub(crate) opt_pre: [[F; T]; T],
    /// ... the scalar constant added after each S-box ...
    pub(crate) opt_scalar_rc: [F; MAX_PARTIAL_ROUNDS],
    /// ... and each round's sparse matrix.
    pub(crate) opt_sparse: [Sparse<F, T>; MAX_PARTIAL_ROUNDS],
}

impl<F: CtField, const T: usize> core::fmt::Debug for Poseidon<F, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Poseidon")
            .field("t", &T)
            .field("field_bits", &F::MODULUS_BIT_SIZE)
            .field("full_rounds", &FULL_ROUNDS)
            .field("partial_rounds", &self.r_p)
            .finish()
    }
}

impl<F: CtField, const T: usize> Poseidon<F, T> {
    /// Generates the reference instance of width `T` for `F`.
    ///
    /// # Errors
    /// [`Error::UnsupportedWidth`] unless `T` is 2..=5;
    /// [`Error::UnsupportedField`] for fields below 250 bits (the round
    /// numbers are those of ~255-bit fields).
    pub fn new() -> Result<Self, Error> {
        let r_p = partial_rounds(T).ok_or(Error::UnsupportedWidth)?;
        let bits = F::MODULUS_BIT_SIZE;
        if bits < 250 {
            return Err(Error::UnsupportedField);
        }
        let mut grain = Grain::new(0, bits, T as u32, FULL_ROUNDS as u32, r_p as u32);
        let zero = F::ZERO;
        let mut rc = [[zero; T]; MAX_ROUNDS];
        for row in rc.iter_mut().take(FULL_ROUNDS + r_p) {
            for c in row.iter_mut() {
                *c = grain.next_field_rejection(bits);
            }
        }
        let mds = cauchy_mds::<F, T>(&mut grain, bits);
        let mut out = Self {
            r_p,
            rc,
            mds,
            opt_rc: [zero; T],
            opt_pre: [[zero; T]; T],
            opt_scalar_rc: [zero; MAX_PARTIAL_ROUNDS],
            opt_sparse: [Sparse {
                row: [zero; T],
                w: [zero; T],
            }; MAX_PARTIAL_ROUNDS],
        };
        out.optimise()?;
        Ok(out)
    }

    /// The number of partial rounds.
    pub fn partial_rounds(&self) -> usize {
        self.r_p
    }

    /// The round constants of round `r` (reference order), `None` past the
    /// last round.
    pub fn round_constants(&self, r: usize) -> Option<&[F; T]> {
        if r < FULL_ROUNDS + self.r_p {
            self.rc.get(r)
        } else {
            None
        }
    }

    /// The MDS matrix (`state = mds * state`).
    pub fn mds(&self) -> &[[F; T]; T] {
        &self.mds
    }

    /// Precomputes the optimised partial rounds (Poseidon paper, App. B).
    ///
    /// Constants: working backwards, round `k`'s constants `c_k` become
    /// `u = M^-1 c_k`; `u[1..]` moves before the previous S-box (which does
    /// not touch those cells) and `u[0]` is added right after it. What is
    /// left is one full constant vector before the first partial round and
    /// one scalar per round.
    ///
    /// Matrices: with `M = [[m00, v^T], [w, M']]`, a round matrix preceded
    /// by `diag(1, A)` factors as `diag(1, A) M = S diag(1, B)` with
    /// `B = A M'` and sparse `S = [[m00, v^T B^-1], [A w, I]]`. Since
    /// `diag(1, B)` commutes with the partial S-box and with adding a
    /// multiple of `e_0`, it moves into the previous round; the last
    /// `diag(1, B)` is applied once before the partial rounds.
    fn optimise(&mut self) -> Result<(), Error> {
        let zero = F::ZERO;
        let one = F::from(1u64);
        let r_p = self.r_p;
        let half = FULL_ROUNDS / 2;
        let m = self.mds;
        let m_inv = invert::<F, T>(&m, 0).ok_or(Error::Singular)?;

        // Constants.
        let mut c = [[zero; T]; MAX_PARTIAL_ROUNDS];
        c[..r_p].copy_from_slice(&self.rc[half..half + r_p]);
        for k in (1..r_p).rev() {
            let u = mat_vec(&m_inv, &c[k]);
            for i in 1..T {
                c[k - 1][i] += u[i];
            }
            self.opt_scalar_rc[k - 1] = u[0];
        }
        self.opt_scalar_rc[r_p - 1] = zero;
        self.opt_rc = c[0];

        // Matrices. `a` holds A in its lower-right (T-1)x(T-1) block.
        let mut a = [[zero; T]; T];
        for (i, row) in a.iter_mut().enumerate() {
            row[i] = one;
        }
        for k in (0..r_p).rev() {
            // B = A M' (lower-right blocks).
            let mut b = [[zero; T]; T];
            b[0][0] = one;
            for i in 1..T {
                for j in 1..T {
                    let mut acc = zero;
                    for l in 1..T {
                        acc += a[i][l] * m[l][j];
                    }
                    b[i][j] = acc;
                }
            }
            let b_inv = invert::<F, T>(&b, 1).ok_or(Error::Singular)?;
            let mut s = Sparse {
                row: [zero; T],
                w: [zero; T],
            };
            s.row[0] = m[0][0];
            for j in 1..T {
                let mut acc = zero;
                for i in 1..T {
                    acc += m[0][i] * b_inv[i][j];
                }
                s.row[j] = acc;
            }
            for i in 1..T {
                let mut acc = zero;
                for l in 1..T {
                    acc += a[i][l] * m[l][0];
                }
                s.w[i] = acc;
            }
            self.opt_sparse[k] = s;
            a = b;
        }
        self.opt_pre = a;
        Ok(())
    }
}

/// The reference Cauchy matrix `M[i][j] = 1 / (x_i + y_j)` with `2t`
/// distinct Grain elements `x_0..x_t, y_0..y_t` (redrawn on a repeat or a
/// zero denominator, as the reference does).
fn cauchy_mds<F: CtField, const T: usize>(grain: &mut Grain, bits: u32) -> [[F; T]; T] {
    let zero = F::ZERO;
    loop {
        let mut xs = [zero; T];
        let mut ys = [zero; T];
        loop {
            for x in xs.iter_mut() {
                *x = grain.next_field_reduced(bits);
            }
            for y in ys.iter_mut() {
                *y = grain.next_field_reduced(bits);
            }
            let distinct = xs.iter().chain(ys.iter()).enumerate().all(|(i, a)| {
                xs.iter()
                    .chain(ys.iter())
                    .enumerate()
                    .all(|(j, b)| i == j || a != b)
            });
            if distinct {
                break;
            }
        }
        let mut m = [[zero; T]; T];
        let mut ok = true;
        for i in 0..T {
            for j in 0..T {
                match (xs[i] + ys[j]).inverse() {
                    Some(inv) => m[i][j] = inv,
                    None => ok = false,
                }
            }
        }
        if ok {
            return m;
        }
    }
}

/// `m * v` with arkworks arithmetic (public data only).
fn mat_vec<F: CtField, const T: usize>(m: &[[F; T]; T], v: &[F; T]) -> [F; T] {
    let mut out = [F::ZERO; T];
    for (o, row) in out.iter_mut().zip(m.iter()) {
        *o = row.iter().zip(v.iter()).map(|(a, b)| *a * b).sum();
    }
    out
}

/// Inverts the lower-right block `from..T` of `m` by Gauss–Jordan
/// elimination (public data only); the rest of the result is the identity.
fn invert<F: CtField, const T: usize>(m: &[[F; T]; T], from: usize) -> Option<[[F; T]; T]> {
    let zero = F::ZERO;
    let one = F::from(1u64);
    let mut a = *m;
    let mut inv = [[zero; T]; T];
    for (i, row) in inv.iter_mut().enumerate() {
        row[i] = one;
    }
    for col in from..T {
        let pivot = (col..T).find(|&r| !a[r][col].is_zero())?;
        a.swap(col, pivot);
        inv.swap(col, pivot);
        let p_inv = a[col][col].inverse()?;
        for j in from..T {
            a[col][j] *= p_inv;
            inv[col][j] *= p_inv;
        }
        for r in from..T {
            if r != col && !a[r][col].is_zero() {
                let f = a[r][col];
                for j in from..T {
                    let (ac, ic) = (a[col][j], inv[col][j]);
                    a[r][j] -= f * ac;
                    inv[r][j] -= f * ic;
                }
            }
        }
    }
    Some(inv)
}
