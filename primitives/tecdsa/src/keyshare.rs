//! Public key shares and their consistency (CGGMP21-style key-share
//! validation).
//!
//! Party `i`'s public share is `Xᵢ = xᵢ·G = Σⱼ iʲ·Cⱼ`. For any set `S` of
//! `t + 1` parties, Lagrange interpolation at 0 gives the group key:
//! `Y = Σ_{i∈S} λᵢ(0)·Xᵢ` with `λᵢ(x) = Π_{j∈S, j≠i} (x − j)/(i − j)`.
//! A full set of `n` public shares is consistent iff all of them lie on one
//! polynomial of degree `t` whose value at 0 is `Y`.

use k256::{ProjectivePoint, Scalar};

use crate::{Error, check_indices, index_scalar};

/// λ over any set of distinct non-zero indices (not re-checked here).
fn lagrange_over<I: Iterator<Item = u16>>(
    indices: I,
    index: u16,
    x: &Scalar,
) -> Result<Scalar, Error> {
    let xi = index_scalar(index)?;
    let mut num = Scalar::ONE;
    let mut den = Scalar::ONE;
    for j in indices {
        if j == index {
            continue;
        }
        let xj = index_scalar(j)?;
        num *= *x - xj;
        den *= xi - xj;
    }
    // Distinct non-zero indices (all far below n) make `den` non-zero.
    let inv = Option::<Scalar>::from(den.invert_vartime()).ok_or(Error::DuplicateIndex(index))?;
    Ok(num * inv)
}

/// The Lagrange coefficient `λᵢ(x)` of party `index` over `indices`
/// (which must contain `index`), evaluated at `x`. Variable time.
pub fn lagrange_coefficient_vartime(
    indices: &[u16],
    index: u16,
    x: &Scalar,
) -> Result<Scalar, Error> {
    check_indices(indices.iter().copied())?;
    if !indices.contains(&index) {
        return Err(Error::UnknownIndex(index));
    }
    lagrange_over(indices.iter().copied(), index, x)
}

/// `λᵢ(0)`: the coefficient that turns party `index`'s share into its
/// additive share of the secret when `indices` sign together.
pub fn lagrange_at_zero_vartime(indices: &[u16], index: u16) -> Result<Scalar, Error> {
    lagrange_coefficient_vartime(indices, index, &Scalar::ZERO)
}

/// Interpolates the points `(i, Xᵢ)` (distinct indices) at `x`, in the exponent.
fn interpolate_vartime(
    shares: &[(u16, ProjectivePoint)],
    x: &Scalar,
) -> Result<ProjectivePoint, Error> {
    use k256::elliptic_curve::ops::MulVartime;
    let mut acc = ProjectivePoint::IDENTITY;
    for (i, point) in shares {
        let lambda = lagrange_over(shares.iter().map(|(j, _)| *j), *i, x)?;
        acc += point.mul_vartime(&lambda);
    }
    Ok(acc)
}

/// Interpolates public shares at 0: the group key they imply.
pub fn interpolate_at_zero_vartime(
    shares: &[(u16, ProjectivePoint)],
) -> Result<ProjectivePoint, Error> {
    if shares.is_empty() {
        return Err(Error::Empty);
    }
    check_indices(shares.iter().map(|(i, _)| *i))?;
    interpolate_vartime(shares, &Scalar::ZERO)
}

/// Validates a full set of public key shares against the group key `Y` for
/// a sharing polynomial of degree `degree` (CGGMP21-style): at least
/// `min_signers = degree + 1` shares with distinct non-zero indices; the
/// first `degree + 1` interpolate to `Y` at 0; every further share equals
/// the interpolation of the first `degree + 1` at its index (else
/// [`Error::InconsistentShare`] names it). A caller who counts signers
/// (RFC 9591's `MIN_PARTICIPANTS`) passes `min_signers − 1`.
pub fn validate_public_shares(
    group_key: &ProjectivePoint,
    degree: usize,
    shares: &[(u16, ProjectivePoint)],
) -> Result<(), Error> {
    let needed = degree.saturating_add(1);
    if shares.len() < needed {
        return Err(Error::NotEnoughShares {
            needed,
            got: shares.len(),
        });
    }
    check_indices(shares.iter().map(|(i, _)| *i))?;
    let (base, rest) = shares.split_at(needed);
    if interpolate_vartime(base, &Scalar::ZERO)? != *group_key {
        return Err(Error::GroupKeyMismatch);
    }
    for (i, point) in rest {
        if interpolate_vartime(base, &index_scalar(*i)?)? != *point {
            return Err(Error::InconsistentShare(*i));
        }
    }
    Ok(())
}

/// Public key shares `Xᵢ = Σⱼ iʲ·Cⱼ` for each index in `indices`, after
/// checking the indices (non-zero, distinct).
#[cfg(feature = "alloc")]
pub fn public_shares_vartime(
    commitments: &[ProjectivePoint],
    indices: &[u16],
) -> Result<alloc::vec::Vec<(u16, ProjectivePoint)>, Error> {
    check_indices(indices.iter().copied())?;
    indices
        .iter()
        .map(|&i| {
            Ok((
                i,
                crate::feldman::evaluate_commitments_vartime(commitments, i)?,
            ))
        })
        .collect()
}
