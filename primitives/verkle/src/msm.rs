//! Multi-scalar multiplications for the small sizes of the IPA prover
//! (2 to 129 points), where Pippenger's bucket method loses to Straus'
//! interleaved width-5 wNAF: one shared chain of ~253 doublings and about
//! `253 / 6` mixed additions per point, from a batch-normalised table of
//! eight odd multiples per point. Also the multiplication of many points by
//! one common scalar (the IPA generator folding), which shares the digit
//! expansion.
//!
//! Variable time: for public data only.

use alloc::vec::Vec;
use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField};

/// wNAF window: digits are odd and in `(-16, 16)`.
const W: usize = 5;
/// Odd multiples `1, 3, ..., 15` stored per point.
const TABLE: usize = 1 << (W - 2);

fn wnaf<F: PrimeField>(s: &F) -> Vec<i64> {
    // `find_wnaf` only fails for windows outside 2..64.
    s.into_bigint().find_wnaf(W).unwrap_or_default()
}

/// `[P, 3P, 5P, ..., 15P]` for every point, batch-normalised to affine.
fn odd_multiples<G: CurveGroup>(points: impl Iterator<Item = G>, n: usize) -> Vec<G::Affine> {
    let mut proj: Vec<G> = Vec::with_capacity(n * TABLE);
    for p in points {
        let dbl = p.double();
        let mut acc = p;
        proj.push(acc);
        for _ in 1..TABLE {
            acc += dbl;
            proj.push(acc);
        }
    }
    G::normalize_batch(&proj)
}

#[inline(always)]
fn add_digit<G: CurveGroup>(acc: &mut G, table: &[G::Affine], d: i64) {
    if d > 0 {
        *acc += table[(d as usize) >> 1];
    } else if d < 0 {
        *acc -= table[((-d) as usize) >> 1];
    }
}

/// Below this many points per thread [`msm_straus_vartime`] does not split:
/// each part pays its own chain of ~253 doublings.
const PAR_MIN_POINTS: usize = 96;

/// Below this many points per thread [`mul_each_vartime`] does not split.
const PAR_MIN_EACH: usize = 8;

/// `sum_i scalars[i] * bases[i]` by Straus' interleaved wNAF method; extra
/// bases or scalars (mismatched lengths) are ignored.
///
/// With the `parallel` feature and at least 192 points, the points are split
/// into one contiguous part per thread and the parts' sums added: the same
/// group element (exact arithmetic), whatever the thread count.
pub fn msm_straus_vartime<G: CurveGroup>(bases: &[G::Affine], scalars: &[G::ScalarField]) -> G {
    let n = bases.len().min(scalars.len());
    crate::par::map_ranges(n, PAR_MIN_POINTS, |r| {
        straus_serial::<G>(&bases[r.clone()], &scalars[r])
    })
    .into_iter()
    .fold(G::zero(), |acc, p| acc + p)
}

/// Straus on one thread; `bases` and `scalars` have the same length.
fn straus_serial<G: CurveGroup>(bases: &[G::Affine], scalars: &[G::ScalarField]) -> G {
    let n = bases.len().min(scalars.len());
    let digits: Vec<Vec<i64>> = scalars[..n].iter().map(wnaf).collect();
    let max_len = digits.iter().map(Vec::len).max().unwrap_or(0);
    let table = odd_multiples::<G>(bases[..n].iter().map(|b| (*b).into()), n);
    let mut acc = G::zero();
    for k in (0..max_len).rev() {
        acc.double_in_place();
        for (i, d) in digits.iter().enumerate() {
            if let Some(&di) = d.get(k) {
                add_digit(&mut acc, &table[i * TABLE..(i + 1) * TABLE], di);
            }
        }
    }
    acc
}

/// `[s * p for p in points]`, sharing one wNAF expansion of `s` and one
/// batch normalisation of the per-point tables (one per thread with the
/// `parallel` feature; every output is computed by the same operations
/// either way).
pub fn mul_each_vartime<G: CurveGroup>(points: &[G::Affine], s: &G::ScalarField) -> Vec<G> {
    let digits = wnaf(s);
    let parts = crate::par::map_ranges(points.len(), PAR_MIN_EACH, |r| {
        let part = &points[r];
        let table = odd_multiples::<G>(part.iter().map(|p| (*p).into()), part.len());
        table
            .chunks_exact(TABLE)
            .map(|t| {
                let mut acc = G::zero();
                for &d in digits.iter().rev() {
                    acc.double_in_place();
                    add_digit(&mut acc, t, d);
                }
                acc
            })
            .collect::<Vec<G>>()
    });
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::{BanderwagonAffine, BanderwagonPoint, BanderwagonScalar as Fr};
    use ark_ec::{PrimeGroup, VariableBaseMSM};
    use ark_ff::{One, UniformRand, Zero};

    #[test]
    fn straus_matches_arkworks_msm() {
        let mut rng = ark_std::test_rng();
        for n in [0usize, 1, 2, 3, 7, 33, 129] {
            let pts: Vec<BanderwagonPoint> = (0..n)
                .map(|_| BanderwagonPoint::generator() * Fr::rand(&mut rng))
                .collect();
            let aff = BanderwagonPoint::normalize_batch(&pts);
            let mut sc: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            if n > 2 {
                sc[0] = Fr::zero();
                sc[1] = Fr::one();
                sc[2] = -Fr::one();
            }
            let want = BanderwagonPoint::msm(&aff, &sc).unwrap();
            assert_eq!(msm_straus_vartime::<BanderwagonPoint>(&aff, &sc), want);
            let s = Fr::rand(&mut rng);
            let each = mul_each_vartime::<BanderwagonPoint>(&aff, &s);
            for (p, q) in aff.iter().zip(&each) {
                assert_eq!(*p * s, *q);
            }
        }
        let one: [BanderwagonAffine; 1] = [BanderwagonPoint::generator().into_affine()];
        assert!(mul_each_vartime::<BanderwagonPoint>(&one, &Fr::zero())[0].is_zero());
    }
}
