//! The `bip340_verify` circuit kind (`umbra_prover::precompile::bip340`) and its SHA-256
//! block chain (`sha256_block`): every BIP-340 test vector (valid signatures, a key off
//! the curve, `r ≥ p`, `s ≥ n`, a key `≥ p`, failed equations, messages of 0, 1, 17, 32
//! and 100 bytes) executed and proved with the host's verdict and reason, at several
//! alignments and with a message overlapping the key block; signatures on messages of every
//! length class around the block boundaries (55, 56, 63, 64, 119, 120, 128, 200 bytes) at
//! all four message alignments; a lying host (every verdict flipped), a dropped,
//! duplicated or altered chain block are unbalanced; every witness of both kinds' folds
//! pinned.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use umbra_abi::syscall::BIP340_VERIFY;
use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID};
use umbra_prover::precompile::KindStep;
use umbra_prover::precompile::bip340::Bip340Batch;
use umbra_prover::precompile::sha256_block::Sha256Batch;
use umbra_vm::Registry;

use crate::harness::calls::{
    Exec, FlipVerdict, RW, calls, exec_with, holds_with_every_witness_pinned, honest, kind_steps,
    program, syscall_results,
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
    let ks = kind_steps(e);
    assert!(matches!(ks[0], KindStep::Bip340(_)));
    syscall_results(&ks[0])
}

#[test]
fn every_vector_is_proved_with_the_hosts_verdict() {
    let mut seen = 0;
    for (i, v) in vectors().iter().enumerate() {
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
        seen, 19,
        "vectors 0–18 (18 has a 100-byte message: one chain block)"
    );
}

#[test]
fn reasons_cover_encoding_and_equation() {
    let vs = vectors();
    let mut reasons = std::collections::BTreeSet::new();
    for (i, v) in vs.iter().enumerate() {
        if !v.valid {
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

#[test]
fn a_lying_host_is_unbalanced() {
    let vs = vectors();
    // A valid signature claimed invalid, an invalid one (equation) and a malformed one
    // (key off the curve) claimed valid.
    for i in [0usize, 6, 5] {
        let mut registry = umbra_precompiles::registry();
        registry.register(Box::new(FlipVerdict {
            inner: umbra_precompiles::bip340::Bip340Verify,
            fail: Reason::Equation,
        }));
        let e = case_with(&vs[i], 0x100, 0x400, registry);
        let v = honest(&e);
        assert!(v.0, "vector {i}: the steps hold on their own");
        assert!(
            !(v.1 && v.2),
            "vector {i}: the kind's verdict is not the host's"
        );
    }
}

/// A signature by a fixed key on `msg`.
fn signed(msg: &[u8]) -> Vector {
    let sk = umbra_schnorr::bip340::SigningKey::from_bytes(&[0x42; 32]).unwrap();
    let sig = sk.sign_deterministic(msg).unwrap().to_bytes();
    Vector {
        pk: sk.verifying_key().to_bytes(),
        sig,
        msg: msg.to_vec(),
        valid: true,
    }
}

#[test]
fn long_messages_chain_their_full_blocks() {
    // Around the padding's and the blocks' boundaries, at every message alignment; a
    // message of len bytes has ⌊len/64⌋ chain blocks.
    for (n, len) in [55usize, 56, 63, 64, 119, 120, 128, 200]
        .into_iter()
        .enumerate()
    {
        let msg: Vec<u8> = (0..len).map(|i| (i * 29 + len) as u8).collect();
        let v = signed(&msg);
        let e = case(&v, 0x100 + (n as u32 % 3), 0x400 + n as u32 % 4);
        let ks = kind_steps(&e);
        assert_eq!(ks.len(), 1 + len / 64, "len {len}");
        assert!(ks[1..].iter().all(|k| matches!(k, KindStep::Sha256(_))));
        assert_eq!(
            kind_results(&e),
            (VERDICT_VALID, Reason::Ok.code()),
            "len {len}"
        );
        assert_eq!(honest(&e), (true, true, true), "len {len}");
        // Every alignment for one long message.
        if len == 200 {
            for mat in 0x401..0x404 {
                let e = case(&v, 0x100, mat);
                assert_eq!(honest(&e), (true, true, true), "len 200 at {mat:#x}");
            }
            // The same message with one byte changed: the equation fails.
            let mut w = signed(&msg);
            w.msg[130] ^= 1;
            let e = case(&w, 0x100, 0x402);
            assert_eq!(kind_results(&e), (VERDICT_INVALID, Reason::Equation.code()));
            assert_eq!(honest(&e), (true, true, true));
        }
    }
}

#[test]
fn a_forged_chain_is_unbalanced() {
    let v = signed(&[7u8; 150]);
    let e = case(&v, 0x101, 0x403);
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), 3);
    assert_eq!(honest(&e), (true, true, true));
    let with = |f: &dyn Fn(&[KindStep]) -> Vec<KindStep>| {
        crate::harness::calls::verdict(&e, &|_, old| if old.is_empty() { vec![] } else { f(old) })
    };
    let ok = |v: (bool, bool, bool)| v.0 && v.1 && v.2;
    // A block dropped, or proved twice.
    assert!(!ok(with(&|k| vec![k[0].clone(), k[1].clone()])));
    assert!(!ok(with(&|k| {
        let mut k = k.to_vec();
        k.push(k[2].clone());
        k
    })));
    // The blocks of another message of the same length (another call's chain at this clk).
    let other = signed(&[8u8; 150]);
    let eo = case(&other, 0x101, 0x403);
    let ko = kind_steps(&eo);
    assert!(!ok(with(&|k| vec![
        k[0].clone(),
        ko[1].clone(),
        ko[2].clone()
    ])));
    // A host that lies about the message to a fold: the fold of the other message with this
    // chain.
    assert!(!ok(with(&|k| vec![
        ko[0].clone(),
        k[1].clone(),
        k[2].clone()
    ])));
}

#[test]
fn folds_hold_with_every_witness_pinned() {
    // A valid signature on a 100-byte misaligned message: the call's fold (carried slot 0,
    // 36-byte tail) and its chain block.
    let v = vectors().swap_remove(18);
    let e = case(&v, 0x103, 0x402);
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), 2);
    assert!(holds_with_every_witness_pinned(&ks[0]) > 300_000);
    assert!(holds_with_every_witness_pinned(&ks[1]) > 20_000);
}

#[test]
fn rows_by_component() {
    let z = vec![Fr::one(); 16];
    let s = KindStep::Bip340(Bip340Batch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(c.total(), BIP340_ROWS);
    assert_eq!(s.advice_len(), BIP340_ADVICE);
    let s = KindStep::Sha256(Sha256Batch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(c.total(), SHA256_ROWS);
}

/// Rows of a fold of the SHA-256 chain kind (four blocks).
const SHA256_ROWS: usize = 110_717;

/// Rows and advice variables of one fold (`docs/prover.md`).
const BIP340_ROWS: usize = 251_126;
const BIP340_ADVICE: usize = 207_302;

#[test]
fn call_for_builds_the_vms_record() {
    // The record helper (for benches and tools) against the VM's own record of the same
    // call: arguments, results, cycles and words (values; the helper's timestamps are
    // clk − 1), for a valid, an invalid and a long misaligned message.
    let vs = vectors();
    for (i, at, mat) in [
        (1usize, 0x100u32, 0x400u32),
        (6, 0x101, 0x403),
        (18, 0x102, 0x401),
    ] {
        let e = case(&vs[i], at, mat);
        let vm = &calls(&e)[0];
        let mut block = [0u8; 96];
        block[..32].copy_from_slice(&vs[i].pk);
        block[32..].copy_from_slice(&vs[i].sig);
        let c = umbra_prover::precompile::bip340::call_for(
            &block,
            &vs[i].msg,
            RW + at,
            RW + mat,
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
        assert_eq!(strip(&c.words), strip(&vm.words), "vector {i}");
    }
}
