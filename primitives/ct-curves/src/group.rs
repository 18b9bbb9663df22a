//! The group interface shared by the twisted Edwards and short Weierstrass
//! point types, and the constant-time fixed-window scalar multiplication
//! built on it.

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::field::CtField;

/// Width of a window in bits.
pub(crate) const WINDOW_BITS: usize = 4;
/// Entries per window table (`0..16`).
pub(crate) const TABLE_SIZE: usize = 1 << WINDOW_BITS;
/// Windows covering a 256-bit scalar.
pub(crate) const WINDOWS: usize = 256 / WINDOW_BITS;

/// A prime-order group (or subgroup) in constant-time working coordinates.
///
/// Implemented by [`TePoint`](crate::TePoint) (twisted Edwards, extended
/// coordinates) and [`SwPoint`](crate::SwPoint) (short Weierstrass,
/// homogeneous projective coordinates). Addition and doubling use complete
/// formulas: the identity and equal inputs are not special cases, so they
/// cost exactly what any other input costs.
pub trait CtGroup: Copy + ConditionallySelectable + ConstantTimeEq {
    /// The scalar field.
    type Scalar: CtField;

    /// The neutral element.
    fn identity() -> Self;
    /// `self + other` (complete).
    fn ct_add(&self, other: &Self) -> Self;
    /// `2 * self` (complete).
    fn ct_double(&self) -> Self;
    /// `-self`.
    fn ct_neg(&self) -> Self;
    /// Whether `self` is the identity.
    fn ct_is_identity(&self) -> Choice;

    /// `self - other`.
    fn ct_sub(&self, other: &Self) -> Self {
        self.ct_add(&other.ct_neg())
    }

    /// `scalar * self` in constant time: a fixed 4-bit window over all 256
    /// bits of the canonical scalar (64 windows of 4 doublings and one
    /// addition), with the window's multiple fetched by a masked scan of the
    /// whole 16-entry table.
    fn ct_mul(&self, scalar: &Self::Scalar) -> Self {
        let table = window_table(self);
        let limbs = scalar.ct_to_canonical_limbs();
        let mut acc = Self::identity();
        for w in (0..WINDOWS).rev() {
            for _ in 0..WINDOW_BITS {
                acc = acc.ct_double();
            }
            let digit = window_digit(&limbs, w);
            acc = acc.ct_add(&ct_lookup(&table, digit));
        }
        acc
    }
}

/// `[0*p, 1*p, ..., 15*p]`.
pub(crate) fn window_table<G: CtGroup>(p: &G) -> [G; TABLE_SIZE] {
    let mut table = [G::identity(); TABLE_SIZE];
    let mut i = 1;
    while i < TABLE_SIZE {
        table[i] = table[i - 1].ct_add(p);
        i += 1;
    }
    table
}

/// The `w`-th 4-bit digit of the little-endian limbs (`w` is public, the
/// digit is secret).
#[inline(always)]
pub(crate) fn window_digit(limbs: &[u64; 4], w: usize) -> u64 {
    let bit = w * WINDOW_BITS;
    (limbs[bit / 64] >> (bit % 64)) & (TABLE_SIZE as u64 - 1)
}

/// `table[digit]` read by scanning every entry and keeping the match under a
/// mask: the memory access pattern does not depend on `digit`.
#[inline]
pub(crate) fn ct_lookup<G: CtGroup>(table: &[G; TABLE_SIZE], digit: u64) -> G {
    let mut out = G::identity();
    for (i, entry) in table.iter().enumerate() {
        out.conditional_assign(entry, (i as u64).ct_eq(&digit));
    }
    out
}
