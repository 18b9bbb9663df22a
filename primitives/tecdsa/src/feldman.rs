//! Feldman verifiable secret sharing over secp256k1.
//!
//! A dealer with polynomial `f(x) = a₀ + a₁x + … + a_t xᵗ` publishes
//! `Cⱼ = aⱼ·G` and sends party `i` its share `sᵢ = f(i)`. The share is
//! correct iff
//!
//! ```text
//! sᵢ·G == Σⱼ iʲ·Cⱼ                                   (single)
//! (Σᵢ ρᵢ·sᵢ)·G == Σⱼ (Σᵢ ρᵢ·iʲ)·Cⱼ                   (batch, random ρᵢ)
//! ```
//!
//! The batch form costs one multi-scalar multiplication over the `t + 1`
//! commitments however many shares are checked; with random 128-bit `ρᵢ` a
//! batch containing an invalid share passes with probability about 2⁻¹²⁸.

use k256::{ProjectivePoint, Scalar};
use subtle::ConstantTimeEq;

#[cfg(feature = "alloc")]
use crate::check_indices;
use crate::{Error, index_scalar};

/// Checks that `commitments` has `degree + 1` entries (a polynomial of
/// degree `degree`, i.e. `min_signers = degree + 1` shares reconstruct; pass
/// RFC 9591's `MIN_PARTICIPANTS − 1`).
pub fn check_degree(commitments: &[ProjectivePoint], degree: usize) -> Result<(), Error> {
    let expected = degree.checked_add(1).ok_or(Error::WrongDegree {
        expected: usize::MAX,
        got: commitments.len(),
    })?;
    if commitments.len() != expected {
        return Err(Error::WrongDegree {
            expected,
            got: commitments.len(),
        });
    }
    Ok(())
}

/// `Σⱼ iʲ·Cⱼ` (Horner's rule; variable time, public inputs): the public
/// key share of party `index`.
pub fn evaluate_commitments_vartime(
    commitments: &[ProjectivePoint],
    index: u16,
) -> Result<ProjectivePoint, Error> {
    let x = index_scalar(index)?;
    Ok(evaluate_at_vartime(commitments, &x))
}

pub(crate) fn evaluate_at_vartime(commitments: &[ProjectivePoint], x: &Scalar) -> ProjectivePoint {
    use k256::elliptic_curve::ops::MulVartime;
    commitments
        .iter()
        .rev()
        .fold(ProjectivePoint::IDENTITY, |acc, c| acc.mul_vartime(x) + c)
}

/// Constant-time core of [`verify_share`]: public-input errors (degree,
/// index 0) as `Err`, and the share check as a `Choice` computed without
/// branching on the share. The caller branches on the (public) verdict.
pub fn verify_share_ct(
    commitments: &[ProjectivePoint],
    degree: usize,
    index: u16,
    share: &Scalar,
) -> Result<subtle::Choice, Error> {
    check_degree(commitments, degree)?;
    let expected = evaluate_commitments_vartime(commitments, index)?;
    let actual = ProjectivePoint::mul_by_generator(share);
    Ok(actual.ct_eq(&expected))
}

/// Verifies one share: `share·G == Σⱼ indexʲ·Cⱼ`, with `commitments` of
/// degree `degree`. `share·G` is computed in constant time (the share is
/// the receiving party's secret); only the verdict is public.
pub fn verify_share(
    commitments: &[ProjectivePoint],
    degree: usize,
    index: u16,
    share: &Scalar,
) -> Result<(), Error> {
    if bool::from(verify_share_ct(commitments, degree, index, share)?) {
        Ok(())
    } else {
        Err(Error::InvalidShare(index))
    }
}

/// Verifies many shares against one commitment vector with a random linear
/// combination (coefficients: 128 bits each from `rng`) and one
/// multi-scalar multiplication. Index 0, repeated indices and a commitment
/// vector of the wrong degree are rejected first. Says only whether the
/// whole batch is valid: see [`verify_shares`] for blame.
#[cfg(feature = "alloc")]
pub fn verify_shares_batch<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    commitments: &[ProjectivePoint],
    degree: usize,
    shares: &[(u16, Scalar)],
) -> Result<(), Error> {
    if bool::from(verify_shares_batch_ct(rng, commitments, degree, shares)?) {
        Ok(())
    } else {
        Err(Error::BatchInvalid)
    }
}

/// Constant-time core of [`verify_shares_batch`]: public-input errors
/// (degree, empty batch, index 0 or repeated) as `Err`, and the batch
/// verdict as a `Choice` computed without branching on or indexing by the
/// shares (the combination `Σ ρᵢ·sᵢ` and `(Σ ρᵢ·sᵢ)·G` are constant time; the
/// weights `ρᵢ` and the indices are public). The caller branches on the
/// (public) verdict.
#[cfg(feature = "alloc")]
pub fn verify_shares_batch_ct<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    commitments: &[ProjectivePoint],
    degree: usize,
    shares: &[(u16, Scalar)],
) -> Result<subtle::Choice, Error> {
    use alloc::vec;
    use umbra_secp256k1_msm::msm_vartime;

    check_degree(commitments, degree)?;
    if shares.is_empty() {
        return Err(Error::Empty);
    }
    check_indices(shares.iter().map(|(i, _)| *i))?;

    // c_j = Σ_i ρ_i·i^j, and Σ_i ρ_i·s_i.
    let mut coeffs = vec![Scalar::ZERO; commitments.len()];
    let mut combined_share = Scalar::ZERO;
    for (pos, (index, share)) in shares.iter().enumerate() {
        let rho = if pos == 0 {
            Scalar::ONE
        } else {
            let mut bytes = [0u8; 16];
            rng.fill_bytes(&mut bytes);
            Scalar::from(u128::from_le_bytes(bytes) | 1)
        };
        combined_share += rho * share;
        let x = index_scalar(*index)?;
        let mut power = rho;
        for c in coeffs.iter_mut() {
            *c += power;
            power *= x;
        }
    }
    let lhs = ProjectivePoint::mul_by_generator(&combined_share);
    // Only public values (commitments, weights, indices) enter the MSM.
    let rhs = msm_vartime(&coeffs, commitments);
    Ok(lhs.ct_eq(&rhs))
}

/// Verifies every share and names every party whose share is wrong: the
/// batch check first, and only if it fails one check per share. Returns
/// [`Error::Blame`] with the failing indices in input order. The checks run
/// on the constant-time cores ([`verify_shares_batch_ct`],
/// [`verify_share_ct`]); only their verdicts, which are this function's
/// public output, decide the branches.
#[cfg(feature = "alloc")]
pub fn verify_shares<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    commitments: &[ProjectivePoint],
    degree: usize,
    shares: &[(u16, Scalar)],
) -> Result<(), Error> {
    match verify_shares_batch(rng, commitments, degree, shares) {
        Err(Error::BatchInvalid) => {}
        other => return other,
    }
    let blamed: alloc::vec::Vec<u16> = shares
        .iter()
        .filter(|(i, s)| verify_share(commitments, degree, *i, s).is_err())
        .map(|(i, _)| *i)
        .collect();
    // Unreachable unless the batch's 2⁻¹²⁸ event happened the other way round;
    // report the batch failure rather than an empty blame list.
    if blamed.is_empty() {
        return Err(Error::BatchInvalid);
    }
    Err(Error::Blame(blamed))
}
