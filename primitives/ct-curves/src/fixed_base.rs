//! Constant-time fixed-base multiplication with a precomputed table.

use alloc::vec::Vec;
use core::fmt;

use crate::group::{CtGroup, TABLE_SIZE, WINDOWS, ct_lookup, window_digit};

/// Precomputed multiples of one base `B`: for every 4-bit window `i` of a
/// 256-bit scalar, the 16 points `j * 16^i * B` (`j = 0..16`), 1024 points in
/// all.
///
/// [`FixedBaseTable::mul`] then needs no doubling: 64 constant-time table
/// scans and 64 complete additions, about four times fewer group operations
/// than [`CtGroup::ct_mul`]. Building the table costs about 1024 additions;
/// build it once per base (a generator, a Pedersen generator) and reuse it.
/// The base is public; the scalar passed to `mul` is treated as secret.
pub struct FixedBaseTable<G: CtGroup> {
    windows: Vec<[G; TABLE_SIZE]>,
}

impl<G: CtGroup> fmt::Debug for FixedBaseTable<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FixedBaseTable")
            .field("windows", &self.windows.len())
            .finish()
    }
}

impl<G: CtGroup> Clone for FixedBaseTable<G> {
    fn clone(&self) -> Self {
        Self {
            windows: self.windows.clone(),
        }
    }
}

impl<G: CtGroup> FixedBaseTable<G> {
    /// Precomputes the table for `base`.
    pub fn new(base: &G) -> Self {
        let mut windows = Vec::with_capacity(WINDOWS);
        let mut b = *base;
        for _ in 0..WINDOWS {
            let mut row = [G::identity(); TABLE_SIZE];
            for j in 1..TABLE_SIZE {
                row[j] = row[j - 1].ct_add(&b);
            }
            // Next window's base: 16 * b.
            b = row[TABLE_SIZE - 1].ct_add(&b);
            windows.push(row);
        }
        Self { windows }
    }

    /// `scalar * base` in constant time.
    pub fn mul(&self, scalar: &G::Scalar) -> G {
        let limbs = crate::field::CtField::ct_to_canonical_limbs(scalar);
        let mut acc = G::identity();
        for (w, row) in self.windows.iter().enumerate() {
            acc = acc.ct_add(&ct_lookup(row, window_digit(&limbs, w)));
        }
        acc
    }
}
