//! The `ed25519_verify` circuit kind (`umbra_prover::precompile::ed25519`): the Ed25519
//! edge cases (`test-vectors/data/ed25519-edge-cases.kat`: undecodable, non-canonical,
//! small- and mixed-order `A` and `R`, `S ≥ ℓ`, equations that hold only cofactored) under
//! all three rules, where the kind's verdict and reason must be the host's (a representative
//! of every flag set in the default suite, all 110 × 3 in the full suite); RFC 8032's
//! vectors; messages around the one- and two-block boundaries at every alignment and one
//! overlapping the key block, executed and proved; a longer message refused by name; a
//! lying host unbalanced; every witness of a fold pinned.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use umbra_abi::syscall::ED25519_VERIFY;
use umbra_abi::{Ed25519Rule, Reason, VERDICT_INVALID, VERDICT_VALID};
use umbra_prover::precompile::ed25519::{Ed25519Batch, MAX_MESSAGE, call_for};
use umbra_prover::precompile::{KindError, KindStep};
use umbra_vm::Registry;

use crate::harness::calls::{
    Exec, FlipVerdict, RW, calls, exec_with, holds_with_every_witness_pinned, honest, kind_steps,
    program, syscall_results,
};

const RULES: [Ed25519Rule; 3] = [
    Ed25519Rule::Rfc8032,
    Ed25519Rule::Strict,
    Ed25519Rule::Zip215,
];

struct Case {
    name: String,
    block: [u8; 96],
    msg: Vec<u8>,
    flags: String,
}

fn edge_cases() -> Vec<Case> {
    let kat = umbra_test_vectors::load("ed25519-edge-cases").unwrap();
    kat.records_of("edge")
        .map(|r| {
            let mut block = [0u8; 96];
            block[..32].copy_from_slice(&r.hex_array::<32>("public").unwrap());
            block[32..].copy_from_slice(&r.hex_array::<64>("signature").unwrap());
            Case {
                name: r.get("name").unwrap().to_string(),
                block,
                msg: r.hex("message").unwrap(),
                flags: r.flags().join(","),
            }
        })
        .collect()
}

/// The kind's verdict and reason for `rule` on `case`, computed by its step natively from
/// the record helper's call, against the host's (the record's results).
fn kind_agrees(case: &Case, rule: Ed25519Rule) -> (u32, u32) {
    let call = call_for(rule, &case.block, &case.msg, (RW + 0x101, RW + 0x402), 9).unwrap();
    let steps = KindStep::for_call(&call, &|_| Some(umbra_vm::memory::PERM_R))
        .unwrap()
        .unwrap();
    assert_eq!(steps.len(), 1);
    let got = syscall_results(&steps[0]);
    assert_eq!(
        got,
        (call.ret[0], call.ret[1]),
        "{} under {rule:?} (flags {})",
        case.name,
        case.flags
    );
    got
}

#[test]
fn every_flag_set_of_the_edge_cases_gets_the_hosts_verdict_under_every_rule() {
    // One case of each distinct flag set (the default suite; the full suite runs all).
    let mut seen = std::collections::BTreeSet::new();
    let mut outcomes = std::collections::BTreeSet::new();
    for c in edge_cases() {
        if !seen.insert(c.flags.clone()) {
            continue;
        }
        for rule in RULES {
            outcomes.insert(kind_agrees(&c, rule));
        }
    }
    assert!(seen.len() >= 20, "{} flag sets", seen.len());
    // Valid, equation and encoding failures all occur.
    let expect = [
        (VERDICT_VALID, Reason::Ok.code()),
        (VERDICT_INVALID, Reason::Equation.code()),
        (VERDICT_INVALID, Reason::Encoding.code()),
    ];
    assert!(expect.iter().all(|o| outcomes.contains(o)), "{outcomes:?}");
}

/// Every edge case under `rule` (the full suite: one test per rule, so they run side by
/// side).
fn all_edge_cases_under(rule: Ed25519Rule) {
    let cases = edge_cases();
    assert_eq!(cases.len(), 110);
    for c in &cases {
        kind_agrees(c, rule);
    }
}

#[test]
#[ignore = "full suite: 110 cases through the kind (about 30 s)"]
fn full_suite_all_ed25519_edge_cases_under_rfc8032() {
    all_edge_cases_under(Ed25519Rule::Rfc8032);
}

#[test]
#[ignore = "full suite: 110 cases through the kind (about 30 s)"]
fn full_suite_all_ed25519_edge_cases_under_strict() {
    all_edge_cases_under(Ed25519Rule::Strict);
}

#[test]
#[ignore = "full suite: 110 cases through the kind (about 30 s)"]
fn full_suite_all_ed25519_edge_cases_under_zip215() {
    all_edge_cases_under(Ed25519Rule::Zip215);
}

/// A call of `rule` with the key block at `RW + at` and the message at `RW + mat`.
fn case_with(
    block: &[u8; 96],
    msg: &[u8],
    rule: Ed25519Rule,
    (at, mat): (u32, u32),
    registry: Registry,
) -> Exec {
    let mut rw = vec![0u8; 0x2000];
    rw[at as usize..at as usize + 96].copy_from_slice(block);
    let m = mat as usize;
    for (i, &b) in msg.iter().enumerate() {
        if (at as usize..at as usize + 96).contains(&(m + i)) {
            assert_eq!(rw[m + i], b, "overlapping bytes must agree");
        }
        rw[m + i] = b;
    }
    exec_with(
        program(
            ED25519_VERIFY,
            [RW + at, RW + mat, msg.len() as u32, rule.id()],
            &[],
            &rw,
        ),
        RW,
        registry,
    )
}

fn case(block: &[u8; 96], msg: &[u8], rule: Ed25519Rule, at: (u32, u32)) -> Exec {
    case_with(block, msg, rule, at, umbra_precompiles::registry())
}

/// The key block of a signature by a fixed key on `msg`.
fn signed(msg: &[u8]) -> [u8; 96] {
    let sk = umbra_eddsa::SigningKey::from_bytes(&[0x42; 32]);
    let mut block = [0u8; 96];
    block[..32].copy_from_slice(&sk.verifying_key().to_bytes());
    block[32..].copy_from_slice(&sk.sign(msg).to_bytes());
    block
}

fn kind_results(e: &Exec) -> (u32, u32) {
    let ks = kind_steps(e);
    assert_eq!(ks.len(), 1);
    assert!(matches!(ks[0], KindStep::Ed25519(_)));
    syscall_results(&ks[0])
}

#[test]
fn rfc8032_vectors_are_proved_valid() {
    let kat = umbra_test_vectors::load("rfc8032").unwrap();
    let mut n = 0;
    for (i, r) in kat.records_of("ed25519").enumerate() {
        let msg = r.hex("message").unwrap();
        if msg.len() > MAX_MESSAGE as usize {
            continue; // TEST 1024: refused, below
        }
        let mut block = [0u8; 96];
        block[..32].copy_from_slice(&r.hex_array::<32>("public").unwrap());
        block[32..].copy_from_slice(&r.hex_array::<64>("signature").unwrap());
        let rule = RULES[i % 3];
        let e = case(
            &block,
            &msg,
            rule,
            (0x100 + i as u32 % 4, 0x400 + (i as u32 / 2) % 4),
        );
        assert_eq!(
            kind_results(&e),
            (VERDICT_VALID, Reason::Ok.code()),
            "vector {i}"
        );
        assert_eq!(honest(&e), (true, true, true), "vector {i}");
        n += 1;
    }
    assert_eq!(n, 4, "TEST 1, 2, 3 and SHA(abc)");
}

#[test]
fn messages_around_the_block_boundaries_at_every_alignment() {
    // 47 bytes is the longest one-block stream, 175 the longest two-block one.
    for (n, len) in [0usize, 1, 47, 48, 111, 112, 175].into_iter().enumerate() {
        let msg: Vec<u8> = (0..len).map(|i| (i * 31 + len) as u8).collect();
        let block = signed(&msg);
        let at = (0x100 + n as u32 % 3, 0x400 + n as u32 % 4);
        let e = case(&block, &msg, RULES[n % 3], at);
        assert_eq!(
            kind_results(&e),
            (VERDICT_VALID, Reason::Ok.code()),
            "len {len}"
        );
        assert_eq!(honest(&e), (true, true, true), "len {len}");
        if len == 175 {
            // The last byte changed: the equation fails.
            let mut bad = msg.clone();
            bad[174] ^= 1;
            let e = case(&block, &bad, Ed25519Rule::Zip215, (0x103, 0x401));
            assert_eq!(kind_results(&e), (VERDICT_INVALID, Reason::Equation.code()));
            assert_eq!(honest(&e), (true, true, true));
        }
    }
}

#[test]
fn a_message_overlapping_the_key_block_is_read_twice_in_order() {
    // The message is the signature's S and one byte past the block, misaligned (a
    // signature on another message: the equation fails, the memory still balances).
    let block = signed(b"another message");
    let msg: Vec<u8> = block[64..].iter().copied().chain([9]).collect();
    let e = case(&block, &msg, Ed25519Rule::Rfc8032, (0x101, 0x141));
    assert_eq!(honest(&e), (true, true, true));
    assert_eq!(kind_results(&e), (VERDICT_INVALID, Reason::Equation.code()));
}

#[test]
fn a_longer_message_is_refused_by_name() {
    let msg = vec![5u8; MAX_MESSAGE as usize + 1];
    let block = signed(&msg);
    let call = call_for(Ed25519Rule::Strict, &block, &msg, (RW, RW + 0x200), 3).unwrap();
    assert_eq!(
        KindStep::for_call(&call, &|_| Some(umbra_vm::memory::PERM_R)).unwrap_err(),
        KindError::Unsupported {
            name: "ed25519_verify",
            arg: 2,
            value: MAX_MESSAGE + 1,
        }
    );
    // An unknown rule is a record the VM never makes.
    let mut bad = call_for(Ed25519Rule::Strict, &block, &msg[..10], (RW, RW + 0x200), 3).unwrap();
    bad.args[3] = 3;
    assert!(matches!(
        KindStep::for_call(&bad, &|_| Some(umbra_vm::memory::PERM_R)),
        Err(KindError::Malformed { .. })
    ));
}

#[test]
fn a_lying_host_is_unbalanced() {
    // A valid signature claimed invalid; an equation failure and an undecodable key claimed
    // valid.
    let msg = b"umbra lying host".to_vec();
    let good = signed(&msg);
    let mut bad_eq = good;
    bad_eq[95] ^= 0x01;
    let mut bad_key = good;
    let undecodable = edge_cases()
        .into_iter()
        .find(|c| c.flags.contains("a-undecodable"))
        .unwrap();
    bad_key[..32].copy_from_slice(&undecodable.block[..32]);
    for (i, block) in [good, bad_eq, bad_key].iter().enumerate() {
        let mut registry = umbra_precompiles::registry();
        registry.register(Box::new(FlipVerdict {
            inner: umbra_precompiles::ed25519::Ed25519Verify,
            fail: Reason::Equation,
        }));
        let e = case_with(block, &msg, Ed25519Rule::Rfc8032, (0x100, 0x400), registry);
        assert_eq!(
            kind_steps(&e).len(),
            1,
            "case {i}: the kind reads the inputs"
        );
        let v = honest(&e);
        assert!(v.0, "case {i}: the steps hold on their own");
        assert!(
            !(v.1 && v.2),
            "case {i}: the kind's verdict is not the host's"
        );
    }
}

#[test]
fn the_fold_holds_with_every_witness_pinned() {
    // A 60-byte misaligned message (two blocks) under ZIP-215.
    let msg = [3u8; 60];
    let e = case(&signed(&msg), &msg, Ed25519Rule::Zip215, (0x102, 0x403));
    let ks = kind_steps(&e);
    assert!(holds_with_every_witness_pinned(&ks[0]) > 200_000);
}

#[test]
fn rows_by_component() {
    let z = vec![Fr::one(); 16];
    let s = KindStep::Ed25519(Ed25519Batch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(c.total(), ED25519_ROWS);
    assert_eq!(s.advice_len(), ED25519_ADVICE);
}

/// Rows and advice variables of one fold (`docs/prover.md`).
const ED25519_ROWS: usize = 390_770;
const ED25519_ADVICE: usize = 317_508;

#[test]
fn call_for_builds_the_vms_record() {
    let msg = b"record helper".to_vec();
    let block = signed(&msg);
    let e = case(&block, &msg, Ed25519Rule::Strict, (0x101, 0x403));
    let vm = &calls(&e)[0];
    let c = call_for(
        Ed25519Rule::Strict,
        &block,
        &msg,
        (RW + 0x101, RW + 0x403),
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
