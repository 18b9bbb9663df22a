//! Feldman VSS and public key share checks: correct dealings verify singly
//! and in batch, malformed inputs get their typed error, and every tampered
//! share or commitment is rejected with the right parties blamed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use crate::support;

use k256::{ProjectivePoint, Scalar, elliptic_curve::group::GroupEncoding};
use proptest::prelude::*;
use support::{TestRng, deal};
use umbra_tecdsa::{
    Error,
    feldman::{evaluate_commitments_vartime, verify_share, verify_shares, verify_shares_batch},
    keyshare::{
        interpolate_at_zero_vartime, lagrange_at_zero_vartime, public_shares_vartime,
        validate_public_shares,
    },
};

/// Flips one bit of a point's compressed encoding; `None` if the result is
/// not a point (then it cannot even be submitted).
fn flip_point(p: &ProjectivePoint, byte: usize, bit: u8) -> Option<ProjectivePoint> {
    let mut enc = p.to_bytes();
    enc[byte] ^= 1 << bit;
    Option::from(ProjectivePoint::from_bytes(&enc))
}

fn flip_scalar(s: &Scalar, byte: usize, bit: u8) -> Option<Scalar> {
    use k256::elliptic_curve::PrimeField;
    let mut enc = s.to_repr();
    enc[byte] ^= 1 << bit;
    Option::from(Scalar::from_repr(enc))
}

#[test]
fn honest_dealings_verify_for_many_degrees() {
    let mut rng = TestRng::new(1);
    for (t, n) in [
        (0usize, 1u16),
        (1, 2),
        (1, 3),
        (2, 5),
        (3, 4),
        (4, 9),
        (6, 10),
    ] {
        let d = deal(&mut rng, t, n);
        for (i, s) in &d.shares {
            verify_share(&d.commitments, t, *i, s).unwrap();
            assert_eq!(
                evaluate_commitments_vartime(&d.commitments, *i).unwrap(),
                ProjectivePoint::GENERATOR * s
            );
        }
        verify_shares_batch(&mut rng, &d.commitments, t, &d.shares).unwrap();
        verify_shares(&mut rng, &d.commitments, t, &d.shares).unwrap();
        // Public shares: derived, consistent, interpolate to the group key.
        let indices: Vec<u16> = (1..=n).collect();
        let public = public_shares_vartime(&d.commitments, &indices).unwrap();
        validate_public_shares(&d.group_key(), t, &public).unwrap();
        assert_eq!(
            interpolate_at_zero_vartime(&public[..=t]).unwrap(),
            d.group_key()
        );
        // Any t+1 of them, in any order.
        let tail: Vec<_> = public.iter().rev().take(t + 1).copied().collect();
        assert_eq!(interpolate_at_zero_vartime(&tail).unwrap(), d.group_key());
        // Lagrange at zero reconstructs the secret itself.
        let set: Vec<u16> = indices.iter().rev().take(t + 1).copied().collect();
        let secret: Scalar = set
            .iter()
            .map(|&i| lagrange_at_zero_vartime(&set, i).unwrap() * d.shares[usize::from(i) - 1].1)
            .sum();
        assert_eq!(secret, d.secret);
    }
}

#[test]
fn malformed_inputs_get_typed_errors() {
    let mut rng = TestRng::new(2);
    let d = deal(&mut rng, 2, 5);
    let s1 = d.shares[0].1;
    // Index 0 would be the secret itself.
    assert_eq!(
        verify_share(&d.commitments, 2, 0, &d.secret),
        Err(Error::ZeroIndex)
    );
    assert_eq!(
        evaluate_commitments_vartime(&d.commitments, 0),
        Err(Error::ZeroIndex)
    );
    let mut with_zero = d.shares.clone();
    with_zero.push((0, d.secret));
    assert_eq!(
        verify_shares_batch(&mut rng, &d.commitments, 2, &with_zero),
        Err(Error::ZeroIndex)
    );
    // Duplicates.
    let mut dup = d.shares.clone();
    dup.push(d.shares[2]);
    assert_eq!(
        verify_shares_batch(&mut rng, &d.commitments, 2, &dup),
        Err(Error::DuplicateIndex(3))
    );
    assert_eq!(
        verify_shares(&mut rng, &d.commitments, 2, &dup),
        Err(Error::DuplicateIndex(3))
    );
    // Wrong degree: too short, too long, or the wrong degree claimed.
    assert_eq!(
        verify_share(&d.commitments[..2], 2, 1, &s1),
        Err(Error::WrongDegree {
            expected: 3,
            got: 2
        })
    );
    let mut longer = d.commitments.clone();
    longer.push(ProjectivePoint::GENERATOR);
    assert_eq!(
        verify_share(&longer, 2, 1, &s1),
        Err(Error::WrongDegree {
            expected: 3,
            got: 4
        })
    );
    assert_eq!(
        verify_shares_batch(&mut rng, &d.commitments, 3, &d.shares),
        Err(Error::WrongDegree {
            expected: 4,
            got: 3
        })
    );
    assert_eq!(
        verify_share(&d.commitments, usize::MAX, 1, &s1).unwrap_err(),
        Error::WrongDegree {
            expected: usize::MAX,
            got: 3
        }
    );
    // A degree-3 vector whose top coefficient is the identity still claims
    // degree 3: the caller's degree decides, not the values.
    let mut padded = d.commitments.clone();
    padded.push(ProjectivePoint::IDENTITY);
    verify_share(&padded, 3, 1, &s1).unwrap();
    assert_eq!(
        verify_shares_batch(&mut rng, &d.commitments, 2, &[]),
        Err(Error::Empty)
    );
    // Public shares.
    let public = public_shares_vartime(&d.commitments, &[1, 2, 3, 4, 5]).unwrap();
    assert_eq!(
        validate_public_shares(&d.group_key(), 2, &public[..2]),
        Err(Error::NotEnoughShares { needed: 3, got: 2 })
    );
    assert_eq!(
        public_shares_vartime(&d.commitments, &[1, 0]),
        Err(Error::ZeroIndex)
    );
    assert_eq!(
        public_shares_vartime(&d.commitments, &[1, 2, 1]),
        Err(Error::DuplicateIndex(1))
    );
    let mut dup_public = public.clone();
    dup_public[4] = dup_public[0];
    assert_eq!(
        validate_public_shares(&d.group_key(), 2, &dup_public),
        Err(Error::DuplicateIndex(1))
    );
    assert_eq!(
        validate_public_shares(&(d.group_key() + ProjectivePoint::GENERATOR), 2, &public),
        Err(Error::GroupKeyMismatch)
    );
    let mut off = public.clone();
    off[4].1 += ProjectivePoint::GENERATOR;
    assert_eq!(
        validate_public_shares(&d.group_key(), 2, &off),
        Err(Error::InconsistentShare(5))
    );
    // Too low a degree for the polynomial: the 3rd share is off the line.
    assert_eq!(
        validate_public_shares(&d.group_key(), 1, &public),
        Err(Error::GroupKeyMismatch)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Any flipped bit of any share is rejected singly, spoils the batch,
    /// and blames exactly that party.
    #[test]
    fn tampered_shares_are_blamed(seed in any::<u64>(), t in 0usize..4, extra in 1u16..4, victim in any::<prop::sample::Index>(), byte in 0usize..32, bit in 0u8..8) {
        let mut rng = TestRng::new(seed);
        let n = t as u16 + extra;
        let d = deal(&mut rng, t, n);
        let v = victim.index(d.shares.len());
        let mut shares = d.shares.clone();
        let Some(bad) = flip_scalar(&shares[v].1, byte, bit) else { return Ok(()) };
        shares[v].1 = bad;
        prop_assert_eq!(verify_share(&d.commitments, t, shares[v].0, &bad), Err(Error::InvalidShare(shares[v].0)));
        prop_assert_eq!(verify_shares_batch(&mut rng, &d.commitments, t, &shares), Err(Error::BatchInvalid));
        prop_assert_eq!(verify_shares(&mut rng, &d.commitments, t, &shares), Err(Error::Blame(vec![shares[v].0])));
    }

    /// Two corrupted shares: both parties are blamed.
    #[test]
    fn every_failing_party_is_blamed(seed in any::<u64>(), t in 1usize..4) {
        let mut rng = TestRng::new(seed);
        let n = t as u16 + 3;
        let d = deal(&mut rng, t, n);
        let mut shares = d.shares.clone();
        shares[0].1 += Scalar::ONE;
        shares[2].1 = -shares[2].1;
        prop_assert_eq!(verify_shares(&mut rng, &d.commitments, t, &shares), Err(Error::Blame(vec![1, 3])));
    }

    /// Any flipped bit of any commitment (that still decodes to a point)
    /// breaks every share that depends on it: Cⱼ enters every evaluation, so
    /// all parties' shares now fail.
    #[test]
    fn tampered_commitments_are_rejected(seed in any::<u64>(), t in 0usize..4, which in any::<prop::sample::Index>(), byte in 0usize..33, bit in 0u8..8) {
        let mut rng = TestRng::new(seed);
        let n = t as u16 + 2;
        let d = deal(&mut rng, t, n);
        let j = which.index(d.commitments.len());
        let Some(bad) = flip_point(&d.commitments[j], byte, bit) else { return Ok(()) };
        prop_assume!(bad != d.commitments[j]);
        let mut commitments = d.commitments.clone();
        commitments[j] = bad;
        for (i, s) in &d.shares {
            prop_assert_eq!(verify_share(&commitments, t, *i, s), Err(Error::InvalidShare(*i)));
        }
        prop_assert_eq!(verify_shares_batch(&mut rng, &commitments, t, &d.shares), Err(Error::BatchInvalid));
        let all: Vec<u16> = d.shares.iter().map(|(i, _)| *i).collect();
        prop_assert_eq!(verify_shares(&mut rng, &commitments, t, &d.shares), Err(Error::Blame(all)));
    }

    /// Batch and single verification agree on random mixtures.
    #[test]
    fn batch_agrees_with_single(seed in any::<u64>(), t in 0usize..5, corrupt in proptest::collection::vec(any::<bool>(), 1..9)) {
        let mut rng = TestRng::new(seed);
        let n = (t + corrupt.len()) as u16;
        let d = deal(&mut rng, t, n);
        let shares: Vec<(u16, Scalar)> = d.shares.iter().zip(corrupt.iter().chain(std::iter::repeat(&false)))
            .map(|((i, s), c)| (*i, if *c { *s + Scalar::from(u64::from(*i)) } else { *s }))
            .collect();
        let single = shares.iter().all(|(i, s)| verify_share(&d.commitments, t, *i, s).is_ok());
        prop_assert_eq!(verify_shares_batch(&mut rng, &d.commitments, t, &shares).is_ok(), single);
    }
}
