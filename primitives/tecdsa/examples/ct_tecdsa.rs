//! Constant-time checks for the secret-handling paths in umbra-tecdsa: a
//! party verifying its own secret share against public commitments, and a
//! dealer or auditor batch-verifying every party's share (`share·G`, the
//! weighted sum of the shares and the comparison must not branch on a
//! share; the verdict is the public output). Run with `cargo ctgrind ct_tecdsa`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::ExitCode;

use k256::{ProjectivePoint, Scalar};
use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_tecdsa::feldman::{verify_share_ct, verify_shares_batch_ct};

/// Public commitments of f(x) = 5 + 7x + 11x², and party 3's share f(3) = 125.
fn commitments() -> [ProjectivePoint; 3] {
    [5u64, 7, 11].map(|c| ProjectivePoint::GENERATOR * Scalar::from(c))
}

fn check(share: Scalar) -> u8 {
    let commitments = commitments();
    classify(&share);
    let verdict = verify_share_ct(&commitments, 2, 3, &share)
        .unwrap()
        .unwrap_u8();
    declassify(&verdict);
    verdict
}

fn verify_own_share() {
    assert_eq!(black_box(check(Scalar::from(125u64))), 1);
}

fn verify_wrong_share() {
    assert_eq!(black_box(check(Scalar::from(126u64))), 0);
}

/// Fixed weights: the batch's randomness is public, only the shares are secret.
struct CountingRng(u8);
impl rand_core::TryRng for CountingRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from(self.next_byte()))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from(self.next_byte()))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.iter_mut().for_each(|b| *b = self.next_byte());
        Ok(())
    }
}
impl rand_core::TryCryptoRng for CountingRng {}
impl CountingRng {
    fn next_byte(&mut self) -> u8 {
        self.0 = self.0.wrapping_mul(29).wrapping_add(7);
        self.0
    }
}

/// Every party's share of f(x) = 5 + 7x + 11x², f(i) = 5 + 7i + 11i², with
/// party 4's share off by `delta`.
fn batch(delta: u64) -> u8 {
    let commitments = commitments();
    let shares: Vec<(u16, Scalar)> = (1u16..=5)
        .map(|i| {
            let x = u64::from(i);
            let f = 5 + 7 * x + 11 * x * x + if i == 4 { delta } else { 0 };
            (i, Scalar::from(f))
        })
        .collect();
    for (_, s) in &shares {
        classify(s);
    }
    let verdict = verify_shares_batch_ct(&mut CountingRng(1), &commitments, 2, &shares)
        .unwrap()
        .unwrap_u8();
    declassify(&verdict);
    verdict
}

fn batch_verify_honest_shares() {
    assert_eq!(black_box(batch(0)), 1);
}

fn batch_verify_with_a_wrong_share() {
    assert_eq!(black_box(batch(1)), 0);
}

fn leaky_share_branch() {
    let share = Scalar::from(125u64).to_bytes();
    classify(&share);
    if share[31] == 125 {
        black_box(1);
    }
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new(
            "feldman_verify_own_share",
            Expect::ConstantTime,
            verify_own_share,
        ),
        Case::new(
            "feldman_verify_wrong_share",
            Expect::ConstantTime,
            verify_wrong_share,
        ),
        Case::new(
            "feldman_batch_verify_honest_shares",
            Expect::ConstantTime,
            batch_verify_honest_shares,
        ),
        Case::new(
            "feldman_batch_verify_with_a_wrong_share",
            Expect::ConstantTime,
            batch_verify_with_a_wrong_share,
        ),
        Case::new("leaky_share_branch", Expect::Leaks, leaky_share_branch),
    ])
}
