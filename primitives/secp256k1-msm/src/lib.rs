//! Variable-time multi-scalar multiplication over secp256k1 (`k256` points).
//!
//! Computes `Σ kᵢ·Pᵢ` (optionally plus `k₀·G`) for **public** scalars and
//! points, as batch verifiers need: BIP-340 batch verification, Feldman VSS
//! batch share checks, random-linear-combination checks of signature shares.
//!
//! The algorithm is Straus' interleaved method with width-5 non-adjacent
//! forms (wNAF) and the GLV endomorphism: every scalar is split into two
//! 128-bit halves (`k = k₁ + λ·k₂`), every point gets a table of its odd
//! multiples `P, 3P, …, 15P` (built without inversions on an isomorphic
//! curve, then made affine with one inversion shared by all points; the
//! `λP` table is `(β·x, y)` of it), and one shared chain of at most 129
//! doublings in Jacobian coordinates with mixed additions serves all terms.
//! The generator term uses precomputed window-12 tables of `G` and `2¹²⁸·G`
//! (feature `std`; `k256`'s variable-time base multiplication otherwise).
//! [`double_mul_base_vartime`] is the two-term case `s·G + e·P` used by
//! single signature verification (see the `ecmult` module source).
//!
//! Everything here branches on the scalars and points: **never pass secret
//! data**. Hence the `_vartime` names.

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

// Without `alloc` only `double_mul_base_vartime`'s k256 fallback is compiled in.
#[cfg_attr(not(feature = "alloc"), allow(dead_code, unused_imports))]
mod ecmult;

pub use ecmult::{G_WINDOW, P_WINDOW, double_mul_base_vartime, lambda, split_lambda_vartime};
use k256::{ProjectivePoint, Scalar, elliptic_curve::ops::MulVartime};

/// Number of wNAF digit positions for a 256-bit scalar (one extra for the carry).
pub const WNAF_LEN: usize = 257;

/// Recodes `k` into width-`w` NAF digits (least significant first): every
/// non-zero digit is odd, `|digit| < 2^(w-1)`, and any `w` consecutive digits
/// hold at most one non-zero. Returns the digits and the index one past the
/// highest non-zero digit. `w` must lie in `2..=7`.
///
/// Variable time: the recoding branches on the scalar's bits.
#[must_use]
pub fn wnaf_vartime(k: &Scalar, w: u32) -> ([i8; WNAF_LEN], usize) {
    debug_assert!((2..=7).contains(&w));
    let bytes = k.to_bytes();
    // Little-endian 64-bit limbs with a zero limb on top for the window reads.
    let mut limbs = [0u64; 5];
    for (i, limb) in limbs.iter_mut().take(4).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[32 - 8 * (i + 1)..32 - 8 * i]);
        *limb = u64::from_be_bytes(word);
    }
    let width = 1u64 << w;
    let mask = width - 1;
    let mut digits = [0i8; WNAF_LEN];
    let mut len = 0;
    let mut pos = 0usize;
    let mut carry = 0u64;
    while pos < WNAF_LEN {
        let idx = pos / 64;
        let bit = pos % 64;
        let buf = if bit < 64 - w as usize {
            limbs[idx] >> bit
        } else {
            (limbs[idx] >> bit) | (limbs[idx + 1] << (64 - bit))
        };
        let window = carry + (buf & mask);
        if window & 1 == 0 {
            pos += 1;
            continue;
        }
        if window < width / 2 {
            carry = 0;
            digits[pos] = window as i8;
        } else {
            carry = 1;
            digits[pos] = (window as i64 - width as i64) as i8;
        }
        len = pos + 1;
        pos += w as usize;
    }
    (digits, len)
}

/// Window width used for `n` variable-base terms: wider windows pay a larger
/// table per point for fewer additions.
#[cfg(feature = "alloc")]
fn window_for(n: usize) -> u32 {
    if n < 4 { 4 } else { 5 }
}

/// `Σ scalars[i]·points[i]` in variable time (Straus + wNAF, batched affine
/// tables). Extra elements of the longer slice are ignored.
///
/// Never pass secret scalars or points.
#[cfg(feature = "alloc")]
#[must_use]
pub fn msm_vartime(scalars: &[Scalar], points: &[ProjectivePoint]) -> ProjectivePoint {
    msm_with_generator_vartime(&Scalar::ZERO, scalars, points)
}

/// `g_scalar·G + Σ scalars[i]·points[i]` in variable time (GLV Straus, see
/// the crate docs; falls back to a projective Straus over `k256`'s formulas
/// on an internal inconsistency, which the tests show does not occur).
///
/// Never pass secret scalars or points.
#[cfg(feature = "alloc")]
#[must_use]
pub fn msm_with_generator_vartime(
    g_scalar: &Scalar,
    scalars: &[Scalar],
    points: &[ProjectivePoint],
) -> ProjectivePoint {
    use alloc::vec::Vec;
    use k256::{AffinePoint, elliptic_curve::BatchNormalize, elliptic_curve::group::Group};

    let g_term = || {
        if bool::from(g_scalar.is_zero()) {
            ProjectivePoint::IDENTITY
        } else {
            ProjectivePoint::mul_by_generator_vartime(g_scalar)
        }
    };

    // Drop terms that contribute nothing (zero scalar or identity point).
    let terms: Vec<(&Scalar, &ProjectivePoint)> = scalars
        .iter()
        .zip(points)
        .filter(|(k, p)| !bool::from(k.is_zero()) && !bool::from(p.is_identity()))
        .collect();
    if terms.is_empty() {
        return g_term();
    }

    // Fast path: GLV + inversion-free tables + Jacobian/mixed additions.
    let affine = ProjectivePoint::batch_normalize_vartime(
        &terms.iter().map(|(_, p)| **p).collect::<Vec<_>>()[..],
    );
    let glv_terms: Vec<(Scalar, AffinePoint)> = terms
        .iter()
        .zip(affine)
        .map(|((k, _), p)| (**k, p))
        .collect();
    if let Some(sum) = ecmult::straus_glv_vartime(g_scalar, &glv_terms) {
        return sum;
    }
    straus_projective_vartime(g_scalar, &terms)
}

/// The fallback (and reference) Straus/wNAF over `k256`'s complete
/// projective formulas, without GLV: 256 doublings.
#[cfg(feature = "alloc")]
fn straus_projective_vartime(
    g_scalar: &Scalar,
    terms: &[(&Scalar, &ProjectivePoint)],
) -> ProjectivePoint {
    use alloc::vec::Vec;
    use k256::{AffinePoint, elliptic_curve::BatchNormalize};

    let g_term = || {
        if bool::from(g_scalar.is_zero()) {
            ProjectivePoint::IDENTITY
        } else {
            ProjectivePoint::mul_by_generator_vartime(g_scalar)
        }
    };
    let w = window_for(terms.len());
    let table_len = 1usize << (w - 2);

    // Odd multiples of every point, projective, then one batch inversion.
    let mut projective = Vec::with_capacity(terms.len() * table_len);
    for (_, p) in terms {
        let p = **p;
        let twice = p.double();
        let mut acc = p;
        projective.push(acc);
        for _ in 1..table_len {
            acc += &twice;
            projective.push(acc);
        }
    }
    let tables: Vec<AffinePoint> = ProjectivePoint::batch_normalize_vartime(&projective[..]);

    let mut digits = Vec::with_capacity(terms.len());
    let mut top = 0;
    for (k, _) in terms {
        let (d, len) = wnaf_vartime(k, w);
        top = top.max(len);
        digits.push(d);
    }

    let mut acc = ProjectivePoint::IDENTITY;
    for pos in (0..top).rev() {
        acc = acc.double();
        for (t, d) in digits.iter().enumerate() {
            let digit = d[pos];
            if digit > 0 {
                acc += &tables[t * table_len + (digit as usize >> 1)];
            } else if digit < 0 {
                acc -= &tables[t * table_len + ((-digit) as usize >> 1)];
            }
        }
    }
    acc + g_term()
}

/// `Σ scalars[i]·points[i]` without heap allocation: one `k256` variable-time
/// multiplication per term (no shared doublings). The reference the batched
/// version is tested against, and the fallback without `alloc`.
///
/// Never pass secret scalars or points.
#[must_use]
pub fn msm_naive_vartime(scalars: &[Scalar], points: &[ProjectivePoint]) -> ProjectivePoint {
    scalars
        .iter()
        .zip(points)
        .fold(ProjectivePoint::IDENTITY, |acc, (k, p)| {
            acc + p.mul_vartime(k)
        })
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use k256::elliptic_curve::{Field, ops::Reduce};
    use proptest::prelude::*;
    use std::vec::Vec;

    fn scalar(bytes: [u8; 32]) -> Scalar {
        <Scalar as Reduce<k256::FieldBytes>>::reduce(&bytes.into())
    }

    fn wnaf_value(digits: &[i8; WNAF_LEN]) -> Scalar {
        let mut acc = Scalar::ZERO;
        for d in digits.iter().rev() {
            acc = acc.double();
            let mag = Scalar::from(u64::from(d.unsigned_abs()));
            acc = if *d < 0 { acc - mag } else { acc + mag };
        }
        acc
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn wnaf_recodes_exactly(bytes in any::<[u8; 32]>(), w in 2u32..=7) {
            let k = scalar(bytes);
            let (d, len) = wnaf_vartime(&k, w);
            prop_assert_eq!(wnaf_value(&d), k);
            prop_assert!(d[len..].iter().all(|&x| x == 0));
            for (i, &x) in d.iter().enumerate() {
                if x != 0 {
                    prop_assert!(x % 2 != 0 && (x.unsigned_abs() as u32) < (1 << (w - 1)));
                    let end = (i + w as usize).min(WNAF_LEN);
                    prop_assert!(d[i + 1..end].iter().all(|&y| y == 0));
                }
            }
        }

        #[test]
        fn msm_matches_naive(seeds in proptest::collection::vec(any::<[u8; 32]>(), 0..12), g in any::<[u8; 32]>()) {
            let scalars: Vec<Scalar> = seeds.iter().map(|s| scalar(*s)).collect();
            let points: Vec<ProjectivePoint> = seeds
                .iter()
                .map(|s| ProjectivePoint::GENERATOR * scalar(*s).square())
                .collect();
            let g = scalar(g);
            let expect = msm_naive_vartime(&scalars, &points) + ProjectivePoint::GENERATOR * g;
            prop_assert_eq!(msm_with_generator_vartime(&g, &scalars, &points), expect);
            prop_assert_eq!(msm_vartime(&scalars, &points), msm_naive_vartime(&scalars, &points));
            let terms: Vec<(&Scalar, &ProjectivePoint)> = scalars.iter().zip(&points).collect();
            prop_assert_eq!(straus_projective_vartime(&g, &terms), expect);
        }
    }

    #[test]
    fn edge_scalars_and_points() {
        let minus_one = -Scalar::ONE;
        let p = ProjectivePoint::GENERATOR * Scalar::from(7u64);
        let cases = [Scalar::ZERO, Scalar::ONE, minus_one, Scalar::from(u64::MAX)];
        for a in cases {
            for b in cases {
                let scalars = [a, b, a];
                let points = [p, ProjectivePoint::IDENTITY, -p];
                assert_eq!(
                    msm_vartime(&scalars, &points),
                    msm_naive_vartime(&scalars, &points)
                );
                let (d, _) = wnaf_vartime(&a, 5);
                assert_eq!(wnaf_value(&d), a);
            }
        }
        // Repeated and opposite points must not confuse the tables.
        let scalars = [minus_one, minus_one, Scalar::ONE];
        let points = [p, p, p + p];
        assert_eq!(msm_vartime(&scalars, &points), ProjectivePoint::IDENTITY);
    }
}
