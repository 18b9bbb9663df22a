//! Threshold-ECDSA share checks on arbitrary input never panic; batch Feldman
//! verification accepts exactly when every per-share check does, blame names
//! exactly the failing parties, and no unexpected error kind appears.
//!
//! Input: byte 0 = threshold (mod 4), byte 1 = number of shares (mod 8),
//! byte 2 = mode; then 32-byte chunks used as polynomial coefficients,
//! shares, indices and a nonce scalar. Mode bit 0 selects an honest dealing
//! with one share perturbed by the following bytes (exactly that party must
//! be blamed), otherwise everything is taken from the input as is.
#![no_main]

use core::convert::Infallible;

use k256::{
    ProjectivePoint, Scalar,
    elliptic_curve::{group::GroupEncoding, ops::Reduce},
};
use libfuzzer_sys::fuzz_target;
use rand_core::{TryCryptoRng, TryRng};
use umbra_tecdsa::{
    Error,
    ecdsa::message_scalar,
    feldman::{verify_share, verify_shares, verify_shares_batch},
    keyshare::{interpolate_at_zero_vartime, public_shares_vartime, validate_public_shares},
    signing::{SignatureShare, SigningContext, combine, verify_signature_shares},
};

/// Deterministic xorshift (coefficients for the batch; fuzzing only).
struct Xorshift(u64);
impl TryRng for Xorshift {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl TryCryptoRng for Xorshift {}

fn scalar(chunk: &[u8]) -> Scalar {
    let mut b = [0u8; 32];
    b[..chunk.len()].copy_from_slice(chunk);
    <Scalar as Reduce<k256::FieldBytes>>::reduce(&b.into())
}

fn eval(coeffs: &[Scalar], i: u16) -> Scalar {
    let x = Scalar::from(u64::from(i));
    coeffs.iter().rev().fold(Scalar::ZERO, |acc, c| acc * x + c)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let t = usize::from(data[0] % 4);
    let n = usize::from(data[1] % 8);
    let honest = data[2] & 1 == 1;
    let mut chunks = data[3..].chunks(32).map(scalar);
    let coeffs: Vec<Scalar> = (0..=t)
        .map(|_| chunks.next().unwrap_or(Scalar::ONE))
        .collect();
    let commitments: Vec<ProjectivePoint> = coeffs
        .iter()
        .map(|c| ProjectivePoint::GENERATOR * c)
        .collect();
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);

    let shares: Vec<(u16, Scalar)> = if honest {
        let mut shares: Vec<(u16, Scalar)> =
            (1..=n as u16).map(|i| (i, eval(&coeffs, i))).collect();
        if let (Some(delta), false) = (chunks.next(), shares.is_empty()) {
            let victim = usize::from(data[2] >> 1) % shares.len();
            shares[victim].1 += delta;
            let expect = if bool::from(delta.is_zero()) {
                Ok(())
            } else {
                Err(Error::Blame(vec![shares[victim].0]))
            };
            assert_eq!(verify_shares(&mut rng, &commitments, t, &shares), expect);
        } else if !shares.is_empty() {
            assert_eq!(verify_shares(&mut rng, &commitments, t, &shares), Ok(()));
        }
        shares
    } else {
        // Arbitrary indices (possibly 0 or repeated) and shares.
        (0..n)
            .map(|k| {
                let idx = u16::from(data.get(3 + k).copied().unwrap_or(0) % 12);
                (idx, chunks.next().unwrap_or(Scalar::ZERO))
            })
            .collect()
    };

    // Batch and single verdicts agree in both directions; structural errors are exactly
    // the ones the input predicts; any other error fails the target.
    let batch = verify_shares_batch(&mut rng, &commitments, t, &shares);
    let blame = verify_shares(&mut rng, &commitments, t, &shares);
    let mut seen = std::collections::BTreeSet::new();
    let zero = shares.iter().any(|(i, _)| *i == 0);
    let duplicate = !shares.iter().all(|(i, _)| seen.insert(*i));
    if shares.is_empty() {
        assert_eq!(batch, Err(Error::Empty));
        assert_eq!(blame, Err(Error::Empty));
    } else if zero || duplicate {
        assert!(
            matches!(batch, Err(Error::ZeroIndex | Error::DuplicateIndex(_))),
            "{batch:?}"
        );
        assert_eq!(blame, batch);
    } else {
        let failing: Vec<u16> = shares
            .iter()
            .filter_map(|(i, s)| match verify_share(&commitments, t, *i, s) {
                Ok(()) => None,
                Err(Error::InvalidShare(j)) => {
                    assert_eq!(j, *i);
                    Some(*i)
                }
                Err(e) => panic!("unexpected single-share error {e:?}"),
            })
            .collect();
        if failing.is_empty() {
            assert_eq!(batch, Ok(()));
            assert_eq!(blame, Ok(()));
        } else {
            assert_eq!(batch, Err(Error::BatchInvalid));
            assert_eq!(blame, Err(Error::Blame(failing)));
        }
    }

    // Public shares, interpolation, validation: never panic.
    let indices: Vec<u16> = shares.iter().map(|(i, _)| *i).collect();
    if let Ok(public) = public_shares_vartime(&commitments, &indices) {
        let _ = interpolate_at_zero_vartime(&public);
        let verdict = validate_public_shares(&commitments[0], t, &public);
        if honest && public.len() > t {
            assert_eq!(verdict, Ok(()));
        }
    }

    // Signature shares built from the input: never panic.
    let nonce = chunks.next().unwrap_or(Scalar::ONE);
    let r_point = (ProjectivePoint::GENERATOR * nonce).to_affine();
    let ctx = SigningContext {
        nonce_point: r_point,
        message: message_scalar(&[data[0]; 32]),
        group_key: commitments[0],
    };
    let sig_shares: Vec<SignatureShare> = shares
        .iter()
        .map(|(i, s)| SignatureShare {
            index: *i,
            nonce_share: ProjectivePoint::GENERATOR * s,
            key_share: Option::from(ProjectivePoint::from_bytes(
                &ProjectivePoint::GENERATOR.to_bytes(),
            ))
            .unwrap_or(ProjectivePoint::IDENTITY),
            s: *s,
        })
        .collect();
    let _ = verify_signature_shares(&ctx, &sig_shares);
    let _ = combine(&ctx, &sig_shares);
});
