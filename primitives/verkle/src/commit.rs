//! Pedersen vector commitments in Lagrange basis with precomputed
//! fixed-base tables: `commit(v) = sum_i v_i G_i`.
//!
//! Each generator gets a table of signed-window multiples, so a commitment
//! costs about `ceil(253 / w) + 1` mixed additions per non-zero value and a
//! single-slot update costs the same for one value (O(1) in the width).
//! Variable time: for public data only.

use alloc::vec::Vec;
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{AdditiveGroup, BigInteger, PrimeField, Zero};

use crate::crs::Crs;
use crate::group::VerkleGroup;

/// Default signed-window width (bits): 16 table entries per window.
pub const DEFAULT_WINDOW: usize = 5;

/// Above this many non-zero values [`Committer::commit`] switches from the
/// fixed-base tables to a variable-base (Pippenger) MSM.
pub const SPARSE_THRESHOLD: usize = 48;

/// Commitment key: the CRS plus per-generator fixed-base tables.
#[derive(Clone, Debug)]
pub struct Committer<G: VerkleGroup> {
    crs: Crs<G>,
    window: usize,
    windows: usize,
    /// `table[(i * windows + w) * half + (d - 1)] = d * 2^(w*window) * G_i`,
    /// `d` in `1..=half`, `half = 2^(window-1)`.
    table: Vec<G::Affine>,
}

/// Signed base-`2^w` digits of a scalar, least significant first, each in
/// `[-2^(w-1), 2^(w-1))` (the top digit may equal `2^(w-1)`... bounded by
/// the extra window).
fn signed_digits<F: PrimeField>(s: &F, w: usize, windows: usize, out: &mut Vec<i32>) {
    out.clear();
    let big = s.into_bigint();
    let limbs = big.as_ref();
    let nbits = limbs.len() * 64;
    let half = 1i64 << (w - 1);
    let full = 1i64 << w;
    let mut carry = 0i64;
    for k in 0..windows {
        let pos = k * w;
        let mut v: i64 = 0;
        for b in 0..w {
            let bit = pos + b;
            if bit < nbits && (limbs[bit / 64] >> (bit % 64)) & 1 == 1 {
                v |= 1 << b;
            }
        }
        v += carry;
        if v >= half {
            v -= full;
            carry = 1;
        } else {
            carry = 0;
        }
        out.push(v as i32);
    }
}

impl<G: VerkleGroup> Committer<G> {
    /// Build the tables for `crs` with the default window.
    pub fn new(crs: Crs<G>) -> Self {
        Self::with_window(crs, DEFAULT_WINDOW)
    }

    /// Build the tables with a signed window of `window` bits (2..=10).
    pub fn with_window(crs: Crs<G>, window: usize) -> Self {
        let window = window.clamp(2, 10);
        let bits = G::Scalar::MODULUS_BIT_SIZE as usize;
        let windows = bits.div_ceil(window) + 1;
        let half = 1usize << (window - 1);
        let mut proj: Vec<G::Point> = Vec::with_capacity(crs.g.len() * windows * half);
        for g in &crs.g {
            let mut base = *g;
            for _ in 0..windows {
                let mut acc = base;
                for _ in 0..half {
                    proj.push(acc);
                    acc += base;
                }
                for _ in 0..window {
                    base.double_in_place();
                }
            }
        }
        let table = G::Point::normalize_batch(&proj);
        Self {
            crs,
            window,
            windows,
            table,
        }
    }

    /// The CRS the tables were built from.
    pub fn crs(&self) -> &Crs<G> {
        &self.crs
    }

    /// Number of slots (generators).
    pub fn width(&self) -> usize {
        self.crs.g.len()
    }

    fn add_scalar_mul(&self, acc: &mut G::Point, i: usize, s: &G::Scalar, digits: &mut Vec<i32>) {
        if s.is_zero() {
            return;
        }
        signed_digits(s, self.window, self.windows, digits);
        let half = 1usize << (self.window - 1);
        let base = i * self.windows * half;
        for (w, &d) in digits.iter().enumerate() {
            if d > 0 {
                *acc += self.table[base + w * half + (d as usize - 1)];
            } else if d < 0 {
                *acc -= self.table[base + w * half + ((-d) as usize - 1)];
            }
        }
    }

    /// `sum_i values[i] G_i` (missing trailing values are zero).
    /// Returns `None` if more values than generators are given.
    ///
    /// Sparse vectors (at most [`SPARSE_THRESHOLD`] non-zero entries) use the
    /// tables; denser ones a Pippenger MSM over the affine generators, which
    /// is faster once many slots are set. With the `parallel` feature on a
    /// pool of more than one thread, dense vectors use the tables too, one
    /// range of slots per thread (faster there than arkworks' parallel MSM;
    /// the same point either way).
    pub fn commit(&self, values: &[G::Scalar]) -> Option<G::Point> {
        if values.len() > self.width() {
            return None;
        }
        let nonzero = values.iter().filter(|v| !v.is_zero()).count();
        if nonzero > SPARSE_THRESHOLD {
            // With `parallel` and several threads: the tables, one range of
            // slots per thread (each thread reads its own part of the
            // tables), which beats arkworks' parallel Pippenger at this size.
            #[cfg(feature = "parallel")]
            if rayon::current_num_threads() > 1 {
                return Some(self.commit_tables_parallel(values));
            }
            return G::Point::msm(&self.crs.g_affine[..values.len()], values).ok();
        }
        let mut acc = G::Point::zero();
        let mut digits = Vec::with_capacity(self.windows);
        for (i, v) in values.iter().enumerate() {
            self.add_scalar_mul(&mut acc, i, v, &mut digits);
        }
        Some(acc)
    }

    /// `sum_i values[i] G_i` from the tables, one range of slots per thread.
    #[cfg(feature = "parallel")]
    fn commit_tables_parallel(&self, values: &[G::Scalar]) -> G::Point {
        crate::par::map_ranges(values.len(), 64, |range| {
            let mut acc = G::Point::zero();
            let mut digits = Vec::with_capacity(self.windows);
            for i in range {
                self.add_scalar_mul(&mut acc, i, &values[i], &mut digits);
            }
            acc
        })
        .into_iter()
        .fold(G::Point::zero(), |a, p| a + p)
    }

    /// `sum values[k].1 G_{values[k].0}` for a sparse vector.
    /// Returns `None` if an index is out of range.
    pub fn commit_sparse(&self, values: &[(usize, G::Scalar)]) -> Option<G::Point> {
        let mut acc = G::Point::zero();
        let mut digits = Vec::with_capacity(self.windows);
        for (i, v) in values {
            if *i >= self.width() {
                return None;
            }
            self.add_scalar_mul(&mut acc, *i, v, &mut digits);
        }
        Some(acc)
    }

    /// `s G_i` from the tables. `None` if `i` is out of range.
    pub fn scalar_mul_generator(&self, i: usize, s: &G::Scalar) -> Option<G::Point> {
        self.commit_sparse(&[(i, *s)])
    }

    /// O(1) update of one slot: `C + (new - old) G_i`.
    pub fn update(
        &self,
        c: &G::Point,
        i: usize,
        old: &G::Scalar,
        new: &G::Scalar,
    ) -> Option<G::Point> {
        Some(*c + self.scalar_mul_generator(i, &(*new - old))?)
    }
}

/// `sum_i values[i] G_i` by a variable-base MSM, without tables (for small
/// memory targets). Returns `None` if more values than generators are given.
pub fn commit_msm_vartime<G: VerkleGroup>(crs: &Crs<G>, values: &[G::Scalar]) -> Option<G::Point> {
    if values.len() > crs.g_affine.len() {
        return None;
    }
    G::Point::msm(&crs.g_affine[..values.len()], values).ok()
}

/// Inner product of two scalar vectors.
pub fn inner_product<F: PrimeField>(a: &[F], b: &[F]) -> F {
    a.iter().zip(b).map(|(x, y)| *x * y).sum()
}

#[allow(dead_code)]
fn _assert_bigint<B: BigInteger>() {}
