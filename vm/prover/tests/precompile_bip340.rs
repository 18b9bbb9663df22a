//! The `bip340_verify` circuit kind (`umbra_prover::precompile::bip340`): every BIP-340
//! test vector with a message of at most 55 bytes (valid signatures, a key off the curve,
//! `r ≥ p`, `s ≥ n`, a key `≥ p`, failed equations, messages of 0, 1, 17 and 32 bytes)
//! executed and proved with the host's verdict and reason, at several alignments and with a
//! message overlapping the key block; a lying host (every verdict flipped) is unbalanced;
//! a 100-byte message is refused by name; every witness of a fold pinned.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use umbra_abi::syscall::BIP340_VERIFY;
use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID};
use umbra_prover::bus::Tag;
use umbra_prover::precompile::bip340::{Bip340Batch, MAX_MESSAGE};
use umbra_prover::precompile::{KindError, KindStep};
use umbra_vm::{CallContext, Outcome, Precompile, Registry, SyscallError};

use crate::harness::calls::{
    Exec, RW, calls, exec_with, holds_with_every_witness_pinned, honest, program,
};

struct Vector {
    pk: [u8; 32],
    sig: [u8; 64],
    msg: Vec<u8>,
    valid: bool,
}

fn vectors() -> Vec<Vector> {
    let kat = umbra_test_vectors::load("bip340").unwrap();
    kat.records_of("bip340")
        .map(|r| Vector {
            pk: r.hex_array("public_key").unwrap(),
            sig: r.hex_array("signature").unwrap(),
            msg: r.hex("message").unwrap(),
            valid: r.bool("valid").unwrap(),
        })
        .collect()
}

/// A call with the key block at `RW + at` and the message at `RW + mat`.
fn case_with(v: &Vector, at: u32, mat: u32, registry: Registry) -> Exec {
    let mut rw = vec![0u8; 0x2000];
    rw[at as usize..at as usize + 32].copy_from_slice(&v.pk);
    rw[at as usize + 32..at as usize + 96].copy_from_slice(&v.sig);
    let m = mat as usize;
    // Where the message overlaps the block, the block's bytes are the message's.
    for (i, &b) in v.msg.iter().enumerate() {
        if (at as usize..at as usize + 96).contains(&(m + i)) {
            assert_eq!(rw[m + i], b, "overlapping bytes must agree");
        }
        rw[m + i] = b;
    }
    exec_with(
        program(
            BIP340_VERIFY,
            [RW + at, RW + mat, v.msg.len() as u32, 0],
            &[],
            &rw,
        ),
        RW,
        registry,
    )
}

fn case(v: &Vector, at: u32, mat: u32) -> Exec {
    case_with(v, at, mat, umbra_precompiles::registry())
}

/// The verdict and reason the kind's step puts in its `Syscall` tuple.
fn kind_results(e: &Exec) -> (u32, u32) {
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert_eq!(ks.len(), 1);
    assert!(matches!(ks[0], KindStep::Bip340(_)));
    let out = ks[0].eval_native(&vec![Fr::one(); 16]).unwrap();
    let t = out
        .tuples
        .iter()
        .find(|t| t.tag == Tag::Syscall)
        .expect("a Syscall tuple");
    let small = |x: Fr| umbra_prover::bus::small_u64(x).unwrap() as u32;
    (small(t.fields[4]), small(t.fields[5]))
}

#[test]
fn every_short_vector_is_proved_with_the_hosts_verdict() {
    let mut seen = 0;
    for (i, v) in vectors().iter().enumerate() {
        if v.msg.len() > MAX_MESSAGE as usize {
            continue;
        }
        let i = i as u32;
        let e = case(v, 0x100 + (i % 4), 0x400 + (i / 4) % 4);
        let c = &calls(&e)[0];
        let host = umbra_schnorr::bip340::verify(&v.pk, &v.msg, &v.sig);
        assert_eq!(host.is_ok(), v.valid, "vector {i}");
        assert_eq!(
            c.ret[0],
            if v.valid {
                VERDICT_VALID
            } else {
                VERDICT_INVALID
            }
        );
        assert_eq!(kind_results(&e), (c.ret[0], c.ret[1]), "vector {i}");
        assert_eq!(honest(&e), (true, true, true), "vector {i}");
        seen += 1;
    }
    assert_eq!(
        seen, 18,
        "vectors 0–17 (17 has a 17-byte message; 18 is 100 bytes)"
    );
}

#[test]
fn reasons_cover_encoding_and_equation() {
    let vs = vectors();
    let mut reasons = std::collections::BTreeSet::new();
    for (i, v) in vs.iter().enumerate() {
        if v.msg.len() <= MAX_MESSAGE as usize && !v.valid {
            let e = case(v, 0x100, 0x400);
            let (verdict, reason) = kind_results(&e);
            assert_eq!(verdict, VERDICT_INVALID);
            reasons.insert(reason);
            let _ = i;
        }
    }
    assert_eq!(
        reasons,
        [Reason::Equation.code(), Reason::Encoding.code()]
            .into_iter()
            .collect()
    );
}

#[test]
fn a_message_overlapping_the_key_block_is_read_twice_in_order() {
    // The 32-byte message is the signature's s (bytes 64..96 of the block), and one
    // misaligned by a byte into the block's last word.
    let mut v = vectors().swap_remove(1);
    v.msg = v.sig[32..].to_vec();
    let e = case(&v, 0x101, 0x141);
    assert_eq!(honest(&e), (true, true, true));
    let mut w = vectors().swap_remove(1);
    w.msg = w.sig[61..].to_vec();
    w.msg.extend_from_slice(&[7, 7, 7]);
    let e = case(&w, 0x102, 0x102 + 93);
    assert_eq!(honest(&e), (true, true, true));
    assert_eq!(kind_results(&e).0, VERDICT_INVALID);
}

/// A host that flips every verdict.
struct Liar;

impl Precompile for Liar {
    fn id(&self) -> u32 {
        BIP340_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let o = umbra_precompiles::bip340::Bip340Verify.call(ctx)?;
        let valid = o.a0 == VERDICT_VALID;
        Ok(Outcome {
            a0: if valid {
                VERDICT_INVALID
            } else {
                VERDICT_VALID
            },
            a1: if valid {
                Reason::Equation.code()
            } else {
                Reason::Ok.code()
            },
            cycles: o.cycles,
        })
    }
}

#[test]
fn a_lying_host_is_unbalanced() {
    let vs = vectors();
    // A valid signature claimed invalid, an invalid one (equation) and a malformed one
    // (key off the curve) claimed valid.
    for i in [0usize, 6, 5] {
        let mut registry = umbra_precompiles::registry();
        registry.register(Box::new(Liar));
        let e = case_with(&vs[i], 0x100, 0x400, registry);
        let v = honest(&e);
        assert!(v.0, "vector {i}: the steps hold on their own");
        assert!(
            !(v.1 && v.2),
            "vector {i}: the kind's verdict is not the host's"
        );
    }
}

#[test]
fn a_long_message_is_refused_by_name() {
    let v = vectors().swap_remove(18);
    assert_eq!(v.msg.len(), 100);
    let e = case(&v, 0x100, 0x400);
    let c = &calls(&e)[0];
    let perm = |p: u32| e.init.page_perm(p);
    assert_eq!(
        KindStep::for_call(c, &perm).unwrap_err(),
        KindError::Unsupported {
            name: "bip340_verify",
            arg: 2,
            value: 100
        }
    );
}

#[test]
fn a_fold_holds_with_every_witness_pinned() {
    let v = vectors().swap_remove(1);
    let e = case(&v, 0x103, 0x402);
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert!(holds_with_every_witness_pinned(&ks[0]) > 300_000);
}

#[test]
fn rows_by_component() {
    let z = vec![Fr::one(); 16];
    let s = KindStep::Bip340(Bip340Batch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(c.total(), BIP340_ROWS);
    assert_eq!(s.advice_len(), BIP340_ADVICE);
}

/// Rows and advice variables of one fold (`docs/prover.md`).
const BIP340_ROWS: usize = 283_330;
const BIP340_ADVICE: usize = 241_663;
