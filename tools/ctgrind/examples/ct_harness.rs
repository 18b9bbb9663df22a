//! The harness checks itself: leaky functions must be reported, constant-time
//! ones must not. Run with `cargo ctgrind -p umbra-ctgrind`.

use std::hint::black_box;
use std::process::ExitCode;

use subtle::{ConditionallySelectable, ConstantTimeEq};
use umbra_ctgrind::{Case, Expect, classify, declassify};

fn secret_pair() -> ([u8; 32], [u8; 32]) {
    let a = [0x5au8; 32];
    let mut b = a;
    b[31] ^= 1;
    classify(&a);
    classify(&b);
    (a, b)
}

/// The classic mistake: an early-exit comparison branches on secret bytes.
fn leaky_early_exit_eq() {
    let (a, b) = secret_pair();
    let mut equal = true;
    for i in 0..32 {
        if black_box(a[i]) != black_box(b[i]) {
            equal = false;
            break;
        }
    }
    black_box(equal);
}

/// A table lookup indexed by a secret byte leaks through the cache.
fn leaky_secret_index() {
    static TABLE: [u32; 256] = {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = (i as u32).wrapping_mul(0x9e37_79b9);
            i += 1;
        }
        t
    };
    let (a, _) = secret_pair();
    black_box(TABLE[black_box(a[3]) as usize]);
}

/// `subtle` compares without branching; only the declassified verdict is used.
fn ct_subtle_eq() {
    let (a, b) = secret_pair();
    let eq = a.ct_eq(&b);
    let verdict = eq.unwrap_u8();
    declassify(&verdict);
    assert_eq!(verdict, 0, "the pair differs in its last byte");
}

/// A masked select, the building block of constant-time table lookups.
fn ct_masked_select() {
    let (a, b) = secret_pair();
    let choice = a[0].ct_eq(&b[0]);
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = u8::conditional_select(&a[i], &b[i], choice);
    }
    black_box(out);
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new("leaky_early_exit_eq", Expect::Leaks, leaky_early_exit_eq),
        Case::new("leaky_secret_index", Expect::Leaks, leaky_secret_index),
        Case::new("ct_subtle_eq", Expect::ConstantTime, ct_subtle_eq),
        Case::new("ct_masked_select", Expect::ConstantTime, ct_masked_select),
    ])
}
