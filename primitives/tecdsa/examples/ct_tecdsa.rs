//! Constant-time check for the one secret-handling path in umbra-tecdsa:
//! a party verifying its own secret share against public commitments
//! (`share·G` and the comparison must not branch on the share).
//! Run with `cargo ctgrind -p umbra-tecdsa`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::ExitCode;

use k256::{ProjectivePoint, Scalar};
use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_tecdsa::feldman::verify_share_ct;

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
        Case::new("leaky_share_branch", Expect::Leaks, leaky_share_branch),
    ])
}
