//! The `tecdsa_feldman_verify` circuit kind (`umbra_prover::precompile::feldman`): every
//! key share of every GG20 session of the test vectors checked against its dealer's
//! commitments, executed and proved with the host's verdict and reason, at all four
//! alignments of both buffers and with the share block overlapping the commitments; the
//! host's rejections (a tampered share, another party's index, index 0 and 2¹⁶, `s ≥ n`,
//! tags 0, 4 and 5, `x ≥ p`, `x` off the curve, the other `y`) each proved with its reason;
//! a lying host is unbalanced; calls of more than eight commitments chain their segments
//! (a forged chain is unbalanced); every witness of every segment's fold pinned.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use umbra_abi::syscall::TECDSA_FELDMAN_VERIFY;
use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID};
use umbra_prover::precompile::KindStep;
use umbra_prover::precompile::feldman::FeldmanBatch;
use umbra_vm::Registry;

use crate::harness::calls::{
    Exec, FlipVerdict, RW, calls, exec_with, holds_with_every_witness_pinned, honest, kind_steps,
    program, syscall_results,
};

struct Session {
    commitments: Vec<u8>,
    shares: Vec<[u8; 32]>,
}

fn sessions() -> Vec<Session> {
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    kat.records_of("gg20-session")
        .map(|r| Session {
            commitments: r.hex("commitments").unwrap(),
            shares: r
                .hex("shares")
                .unwrap()
                .chunks(32)
                .map(|c| c.try_into().unwrap())
                .collect(),
        })
        .collect()
}

fn share_block(index: u32, s: &[u8; 32]) -> [u8; 36] {
    let mut b = [0u8; 36];
    b[..4].copy_from_slice(&index.to_le_bytes());
    b[4..].copy_from_slice(s);
    b
}

/// A call with the commitments at `RW + at` and the share block at `RW + sat` (where the
/// two overlap, the share's bytes must be the commitments').
fn case_with(cs: &[u8], share: &[u8; 36], at: u32, sat: u32, registry: Registry) -> Exec {
    let mut rw = vec![0u8; 0x2000];
    rw[at as usize..at as usize + cs.len()].copy_from_slice(cs);
    for (k, &b) in share.iter().enumerate() {
        let a = sat as usize + k;
        if (at as usize..at as usize + cs.len()).contains(&a) {
            assert_eq!(rw[a], b, "overlapping bytes must agree");
        }
        rw[a] = b;
    }
    exec_with(
        program(
            TECDSA_FELDMAN_VERIFY,
            [RW + at, (cs.len() / 33) as u32, RW + sat, 0],
            &[],
            &rw,
        ),
        RW,
        registry,
    )
}

fn case(cs: &[u8], share: &[u8; 36], at: u32, sat: u32) -> Exec {
    case_with(cs, share, at, sat, umbra_precompiles::registry())
}

/// The verdict and reason the call's fold (segment 0, the first step) puts in its
/// `Syscall` tuple.
fn kind_results(e: &Exec) -> (u32, u32) {
    let ks = kind_steps(e);
    assert!(ks.iter().all(|k| matches!(k, KindStep::Feldman(_))));
    syscall_results(&ks[0])
}

/// Executes the call, checks the host's answer is `want`, the kind's equals the host's and
/// the execution with its fold balances.
fn proved_with(cs: &[u8], share: &[u8; 36], (at, sat): (u32, u32), want: (bool, Reason)) {
    let e = case(cs, share, at, sat);
    let c = &calls(&e)[0];
    let host = (
        if want.0 {
            VERDICT_VALID
        } else {
            VERDICT_INVALID
        },
        want.1.code(),
    );
    assert_eq!((c.ret[0], c.ret[1]), host, "host at {at:#x}/{sat:#x}");
    assert_eq!(kind_results(&e), host, "kind at {at:#x}/{sat:#x}");
    assert_eq!(honest(&e), (true, true, true), "at {at:#x}/{sat:#x}");
}

#[test]
fn every_key_share_is_proved_valid() {
    let mut n = 0;
    for (k, s) in sessions().iter().enumerate() {
        for (j, share) in s.shares.iter().enumerate() {
            // Every alignment of both buffers across the shares.
            let at = 0x100 + ((k + j) % 4) as u32;
            let sat = 0x800 + (j % 4) as u32;
            proved_with(
                &s.commitments,
                &share_block(j as u32 + 1, share),
                (at, sat),
                (true, Reason::Ok),
            );
            n += 1;
        }
    }
    assert_eq!(n, 26, "every party of the seven sessions");
}

#[test]
fn every_rejection_of_the_host_is_proved_with_its_reason() {
    let ss = sessions();
    // The largest session: five commitments (threshold 4), seven parties.
    let s = ss.iter().max_by_key(|s| s.commitments.len()).unwrap();
    assert_eq!(s.commitments.len(), 5 * 33);
    let cs = &s.commitments;
    let share = s.shares[2];
    let i = 3;
    let at = (0x101, 0x803);
    let bad = (false, Reason::Share);
    let mut t = share;
    t[31] ^= 1;
    proved_with(cs, &share_block(i, &t), at, bad);
    proved_with(cs, &share_block(i + 1, &share), at, bad);
    proved_with(cs, &share_block(0, &share), at, bad);
    proved_with(cs, &share_block(1 << 16, &share), at, bad);
    proved_with(cs, &share_block(i | 1 << 16, &share), at, bad);
    let enc = (false, Reason::Encoding);
    proved_with(cs, &share_block(i, &[0xff; 32]), at, enc);
    // s = n exactly.
    let n_be: [u8; 32] =
        hex_array("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    proved_with(cs, &share_block(i, &n_be), at, enc);
    for (pos, tag) in [(0usize, 0x00u8), (2, 0x04), (4, 0x05)] {
        let mut c = cs.clone();
        c[33 * pos] = tag;
        proved_with(&c, &share_block(i, &share), at, enc);
    }
    // x = p (≥ p), and an x with x³ + 7 not a square (x = 5 is off secp256k1).
    let mut c = cs.clone();
    c[33 + 1..66].copy_from_slice(&hex_array::<32>(
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
    ));
    proved_with(&c, &share_block(i, &share), at, enc);
    let mut c = cs.clone();
    let mut five = [0u8; 32];
    five[31] = 5;
    c[66 + 1..99].copy_from_slice(&five);
    proved_with(&c, &share_block(i, &share), at, enc);
    // The other y (tag 2 ↔ 3): a valid point, −C_j, and the share no longer checks; an
    // encoding failure wins over a bad index.
    let mut c = cs.clone();
    c[33 * 3] ^= 1;
    proved_with(&c, &share_block(i, &share), at, bad);
    c[0] = 0x07;
    proved_with(&c, &share_block(0, &share), at, enc);
}

/// The compressed commitments `a_j·G` of a polynomial, and party `i`'s share `f(i)`.
fn dealer(coeffs: &[u64]) -> (Vec<u8>, impl Fn(u32) -> [u8; 32]) {
    use k256::elliptic_curve::sec1::ToSec1Point;
    use k256::{ProjectivePoint, Scalar};
    let coeffs: Vec<Scalar> = coeffs.iter().map(|&a| Scalar::from(a)).collect();
    let cs = coeffs
        .iter()
        .flat_map(|a| {
            (ProjectivePoint::GENERATOR * a)
                .to_affine()
                .to_sec1_point(true)
                .as_bytes()
                .to_vec()
        })
        .collect();
    let share = move |i: u32| -> [u8; 32] {
        let x = Scalar::from(u64::from(i));
        let f = coeffs.iter().rev().fold(Scalar::ZERO, |acc, a| acc * x + a);
        f.to_bytes().into()
    };
    (cs, share)
}

#[test]
fn one_commitment_and_eight_commitments() {
    // A degree-0 polynomial (every share is C_0's scalar), and a degree-7 one built here:
    // one segment, full.
    let ss = sessions();
    let s0 = ss.iter().find(|s| s.commitments.len() == 33).unwrap();
    proved_with(
        &s0.commitments,
        &share_block(1, &s0.shares[0]),
        (0x102, 0x800),
        (true, Reason::Ok),
    );
    let coeffs: Vec<u64> = (0..8u64).map(|k| k * 7919 + 13).collect();
    let (cs, share) = dealer(&coeffs);
    for i in [1u32, 2, 65_535] {
        proved_with(
            &cs,
            &share_block(i, &share(i)),
            (0x103, 0x801),
            (true, Reason::Ok),
        );
    }
    let e = case(&cs, &share_block(2, &share(2)), 0x100, 0x800);
    assert_eq!(kind_steps(&e).len(), 1);
}

#[test]
fn more_than_eight_commitments_chain_their_segments() {
    // 9, 16, 17 and 24 commitments (two, two, three and three segments) at every alignment
    // of the commitments, valid shares and tampered ones; a commitment of a higher segment
    // that does not decode reaches segment 0 through the links (Encoding).
    for (n, c) in [9usize, 16, 17, 24].into_iter().enumerate() {
        let coeffs: Vec<u64> = (0..c as u64).map(|k| k * 104_729 + 3 + n as u64).collect();
        let (cs, share) = dealer(&coeffs);
        let at = 0x100 + (n as u32 % 4);
        let i = 5 + n as u32;
        let e = case(&cs, &share_block(i, &share(i)), at, 0xa02);
        assert_eq!(kind_steps(&e).len(), c.div_ceil(8), "{c} commitments");
        proved_with(
            &cs,
            &share_block(i, &share(i)),
            (at, 0xa02),
            (true, Reason::Ok),
        );
        let mut t = share(i);
        t[7] ^= 0x10;
        proved_with(
            &cs,
            &share_block(i, &t),
            (at, 0xa01),
            (false, Reason::Share),
        );
        let mut bad = cs.clone();
        bad[33 * (c - 1)] = 0x04;
        proved_with(
            &bad,
            &share_block(i, &share(i)),
            (at, 0xa00),
            (false, Reason::Encoding),
        );
    }
}

#[test]
fn a_forged_segment_chain_is_unbalanced() {
    // 17 commitments (three segments), misaligned: a segment dropped, one proved twice, one
    // of another dealer's polynomial of the same size put in its place.
    let coeffs: Vec<u64> = (0..17u64).map(|k| k * 31 + 1).collect();
    let (cs, share) = dealer(&coeffs);
    let e = case(&cs, &share_block(3, &share(3)), 0x101, 0xa00);
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), 3);
    assert_eq!(honest(&e), (true, true, true));
    let with = |f: &dyn Fn(&[KindStep]) -> Vec<KindStep>| {
        crate::harness::calls::verdict(&e, &|_, old| if old.is_empty() { vec![] } else { f(old) })
    };
    let ok = |v: (bool, bool, bool)| v.0 && v.1 && v.2;
    assert!(!ok(with(&|k| vec![k[0].clone(), k[1].clone()])));
    assert!(!ok(with(&|k| vec![k[0].clone(), k[2].clone()])));
    assert!(!ok(with(&|k| {
        let mut k = k.to_vec();
        k.push(k[1].clone());
        k
    })));
    let other: Vec<u64> = (0..17u64).map(|k| k * 37 + 2).collect();
    let (cs2, share2) = dealer(&other);
    let e2 = case(&cs2, &share_block(3, &share2(3)), 0x101, 0xa00);
    let k2 = kind_steps(&e2);
    assert!(!ok(with(&|k| vec![
        k[0].clone(),
        k2[1].clone(),
        k[2].clone()
    ])));
    assert!(!ok(with(&|k| vec![
        k[0].clone(),
        k[1].clone(),
        k2[2].clone()
    ])));
}

#[test]
fn a_share_overlapping_the_commitments_is_read_twice_in_order() {
    // The share block's index is the last commitment's last four bytes: the share starts
    // inside the commitments' last word (misaligned), its s after them.
    let ss = sessions();
    let s = &ss[1];
    let at = 0x101u32;
    let end = at + s.commitments.len() as u32;
    let mut share = [0u8; 36];
    share[..4].copy_from_slice(&s.commitments[s.commitments.len() - 4..]);
    share[4..].copy_from_slice(&s.shares[0]);
    let e = case(&s.commitments, &share, at, end - 4);
    // An index of 2^32 − something: a bad index, proved as the host says.
    assert_eq!(kind_results(&e), (VERDICT_INVALID, Reason::Share.code()));
    assert_eq!(honest(&e), (true, true, true));
}

#[test]
fn a_lying_host_is_unbalanced() {
    let ss = sessions();
    let s = &ss[3];
    let mut t = s.shares[1];
    t[0] ^= 0x40;
    // A valid share claimed invalid, a tampered one claimed valid.
    for share in [s.shares[1], t] {
        let mut registry = umbra_precompiles::registry();
        registry.register(Box::new(FlipVerdict {
            inner: umbra_precompiles::tecdsa::FeldmanVerify,
            fail: Reason::Share,
        }));
        let e = case_with(
            &s.commitments,
            &share_block(2, &share),
            0x100,
            0x800,
            registry,
        );
        let v = honest(&e);
        assert!(v.0, "the steps hold on their own");
        assert!(!(v.1 && v.2), "the kind's verdict is not the host's");
    }
}

#[test]
fn call_for_builds_the_vms_record() {
    let ss = sessions();
    let s = &ss[2];
    for (j, at, sat) in [(0usize, 0x100u32, 0x800u32), (1, 0x103, 0x802)] {
        let block = share_block(j as u32 + 1, &s.shares[j]);
        let e = case(&s.commitments, &block, at, sat);
        let vm = &calls(&e)[0];
        let c = umbra_prover::precompile::feldman::call_for(
            &s.commitments,
            &block,
            RW + at,
            RW + sat,
            vm.clk,
        )
        .unwrap();
        assert_eq!(
            (c.args, c.ret, c.extra_cycles),
            (vm.args, vm.ret, vm.extra_cycles)
        );
        let strip = |w: &[umbra_prover::precompile::WordAccess]| {
            w.iter().map(|w| (w.addr, w.old, w.new)).collect::<Vec<_>>()
        };
        assert_eq!(strip(&c.words), strip(&vm.words));
    }
}

#[test]
fn folds_hold_with_every_witness_pinned() {
    // Three segments, misaligned: segment 0 (share, link in), the middle one (link in and
    // out, carried slot) and the top one (link out only, partial).
    let coeffs: Vec<u64> = (0..19u64).map(|k| k * 5 + 9).collect();
    let (cs, share) = dealer(&coeffs);
    let e = case(&cs, &share_block(4, &share(4)), 0x102, 0x801);
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), 3);
    for k in &ks {
        assert!(holds_with_every_witness_pinned(k) > 100_000);
    }
}

#[test]
fn rows_by_component() {
    let z = vec![Fr::one(); 16];
    let s = KindStep::Feldman(FeldmanBatch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(c.total(), FELDMAN_ROWS);
    assert_eq!(s.advice_len(), FELDMAN_ADVICE);
}

/// Rows and advice variables of one fold (`docs/prover.md`).
const FELDMAN_ROWS: usize = 157_313;
const FELDMAN_ADVICE: usize = 139_731;

fn hex_array<const N: usize>(h: &str) -> [u8; N] {
    let v: Vec<u8> = (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect();
    v.try_into().unwrap()
}
