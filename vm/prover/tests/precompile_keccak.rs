//! The hash circuit kind (`umbra_prover::precompile::keccak`, `sha3_256` and `keccak256`):
//! the native sponge against the `sha3` crate, whole executions (CPU steps and every block
//! of every call) satisfied and balanced on the bus for messages of every length class and
//! alignment, read-only and page-crossing inputs, a digest written over its own input; a
//! real constraint system with every witness variable pinned; and the malicious cases
//! (lying digest, dropped, duplicated or reordered block, another id, altered input).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use sha3::Digest;
use umbra_abi::syscall::{KECCAK_256, SHA3_256};
use umbra_prover::bus::Tag;
use umbra_prover::precompile::keccak::{KeccakStep, RATE, sponge};
use umbra_prover::precompile::{KindError, KindStep, PrecompileCall, write_ts};
use umbra_prover::step::CpuStep;

use crate::harness::calls::{
    CODE, Exec, RODATA, RW, calls, exec, holds_with_every_witness_pinned, honest,
    one_run_equals_two_runs, program, verdict, verdict_with_call,
};

fn digest(id: u32, msg: &[u8]) -> [u8; 32] {
    if id == SHA3_256 {
        sha3::Sha3_256::digest(msg).into()
    } else {
        sha3::Keccak256::digest(msg).into()
    }
}

#[test]
fn native_sponge_is_the_sha3_crates() {
    for len in [0usize, 1, 31, 32, 135, 136, 137, 271, 272, 273, 1000] {
        let msg: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        for (id, sha3) in [(SHA3_256, true), (KECCAK_256, false)] {
            assert_eq!(sponge(&msg, sha3).1, digest(id, &msg), "len {len}");
            assert_eq!(sponge(&msg, sha3).0.len(), len / RATE + 1);
        }
    }
}

/// A message of `len` bytes at `RW + 0xf00 + off` (crossing into the second page for long
/// messages), the digest at `out`.
fn rw_case(id: u32, len: u32, off: u32, out: u32) -> (Exec, Vec<u8>) {
    let ptr = RW + 0xf00 + off;
    let msg: Vec<u8> = (0..len).map(|i| (i * 13 + off + 1) as u8).collect();
    let mut rw = vec![0u8; 0x2000];
    rw[(ptr - RW) as usize..(ptr - RW + len) as usize].copy_from_slice(&msg);
    (exec(program(id, [ptr, len, out, 0], &[], &rw), out), msg)
}

#[test]
fn every_length_class_and_alignment_is_proved_and_balanced() {
    for (id, lens) in [
        (
            SHA3_256,
            &[0u32, 1, 4, 133, 134, 135, 136, 137, 272, 300][..],
        ),
        (KECCAK_256, &[0, 3, 135, 136, 271][..]),
    ] {
        for &len in lens {
            for off in 0..4 {
                let (e, msg) = rw_case(id, len, off, RW + 0x40);
                assert_eq!(e.memory_out, digest(id, &msg));
                let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
                assert_eq!(ks.len() as u32, len / RATE as u32 + 1);
                assert_eq!(
                    honest(&e),
                    (true, true, true),
                    "id {id:#x} len {len} off {off}"
                );
                // The digest words the last block writes, at 4·clk + 3.
                let last = ks
                    .last()
                    .unwrap()
                    .eval_native(&vec![Fr::one(); 16])
                    .unwrap();
                let clk = calls(&e)[0].clk;
                let written: Vec<u8> = last
                    .tuples
                    .iter()
                    .filter(|t| {
                        t.tag == Tag::Ram
                            && t.mult == Fr::one()
                            && t.fields[2] == Fr::from(write_ts(clk))
                    })
                    .flat_map(|t| {
                        (umbra_prover::bus::small_u64(t.fields[1]).unwrap() as u32).to_le_bytes()
                    })
                    .collect();
                assert_eq!(written, e.memory_out);
            }
        }
    }
}

#[test]
fn read_only_and_code_pages_and_a_digest_over_its_input() {
    // Input on the read-only page (R) and in the code itself (R + X).
    let msg: Vec<u8> = (0..150u32).map(|i| (i ^ 0x5a) as u8).collect();
    let mut ro = vec![0u8; 0x1000];
    ro[0xf60..0xf60 + 150].copy_from_slice(&msg);
    let e = exec(
        program(SHA3_256, [RODATA + 0xf60, 150, RW, 0], &ro, &[]),
        RW,
    );
    assert_eq!(e.memory_out, digest(SHA3_256, &msg));
    assert_eq!(honest(&e), (true, true, true));
    let e = exec(program(KECCAK_256, [CODE + 2, 20, RW, 0], &[], &[]), RW);
    assert_eq!(honest(&e), (true, true, true));
    // The digest written over the input (read at +2, written at +3), misaligned input.
    for off in [0, 2] {
        let (e, msg) = rw_case(KECCAK_256, 140, off, RW + 0xf00);
        assert_eq!(e.memory_out, digest(KECCAK_256, &msg));
        assert_eq!(honest(&e), (true, true, true), "off {off}");
    }
}

#[test]
fn malicious_blocks_are_rejected() {
    let (e, _) = rw_case(SHA3_256, 300, 1, RW + 0x40);
    assert_eq!(honest(&e), (true, true, true));
    let balanced = |v: (bool, bool, bool)| v.0 && v.1 && v.2;
    // A block dropped, duplicated, or two swapped.
    let drop = verdict(&e, &|_, ks| {
        let mut v = ks.to_vec();
        if v.len() == 3 {
            v.remove(1);
        }
        v
    });
    assert!(!balanced(drop));
    let dup = verdict(&e, &|_, ks| {
        let mut v = ks.to_vec();
        if v.len() == 3 {
            v.insert(1, v[1].clone());
        }
        v
    });
    assert!(!balanced(dup));
    let swap = verdict(&e, &|_, ks| {
        let mut v = ks.to_vec();
        if v.len() == 3 {
            v.swap(0, 1);
        }
        v
    });
    // Folding order alone does not matter to a multiset; the chain is still whole.
    assert!(balanced(swap));
    // The last block only (the chain's start missing).
    let tail = verdict(&e, &|_, ks| ks.last().cloned().into_iter().collect());
    assert!(!balanced(tail));

    let c = calls(&e)[0].clone();
    let perm = |p: u32| e.init.page_perm(p);
    let with = |c: PrecompileCall| verdict_with_call(&e, &c);
    // A host that lies about the digest: the last block does not hold.
    let mut lie = c.clone();
    let w = lie.words.iter_mut().find(|w| w.addr == RW + 0x44).unwrap();
    w.new ^= 1;
    assert!(!with(lie).0);
    // The call proved as the other hash: its Syscall tuple is not the ecall's.
    let mut other = c.clone();
    other.id = KECCAK_256;
    assert!(!balanced(with(other)));
    // An input word the guest never wrote (its old value altered): the read is not the
    // memory's.
    let mut forged = c.clone();
    forged.words[5].old ^= 0x100;
    assert!(!balanced(with(forged)));
    // A stale read: the previous write's timestamp moved.
    let mut stale = c.clone();
    stale.words[2].t_prev += 4;
    assert!(!balanced(with(stale)));
    // Records the host would fault on are refused before any circuit.
    let mut a3 = c.clone();
    a3.args[3] = 1;
    assert!(matches!(
        KeccakStep::for_call(&a3, &perm),
        Err(KindError::Malformed { .. })
    ));
    let mut cost = c;
    cost.extra_cycles += 1;
    assert!(matches!(
        KeccakStep::for_call(&cost, &perm),
        Err(KindError::Malformed { .. })
    ));
}

#[test]
fn blocks_hold_in_a_constraint_system_with_every_witness_pinned() {
    // A misaligned two-block message: block 0 (chains out, reads 35 words) and block 1
    // (chains in, reads, pads, writes the digest).
    let (e, _) = rw_case(SHA3_256, 140, 3, RW + 0x40);
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert_eq!(ks.len(), 2);
    for s in &ks {
        assert!(holds_with_every_witness_pinned(s) > 140_000);
    }
}

#[test]
fn rows_by_component() {
    // Keccak-f: 24 rounds of 6,080 rows (θ 960 + 320 + 1,600; χ 3,200); the rest is the
    // block's input, padding, absorption, chaining and the call (docs/prover.md).
    let z = vec![Fr::one(); 16];
    let s = KindStep::Keccak(Box::new(KeccakStep::shape()));
    let c = s.eval_native(&z).unwrap().counts;
    let get = |name| c.rows.iter().find(|(n, _)| *n == name).unwrap().1;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(get("keccak-f"), 24 * 6_080);
    assert_eq!(get("absorb"), 8 * RATE);
    assert_eq!(c.total(), 151_560);
    assert_eq!(s.advice_len(), 143_138);
}

#[test]
fn one_native_run_gives_the_advice_block() {
    // Pass 1 takes the advice block from the evaluation's run: the same values, in the same
    // order, as the dedicated advice run, for CPU steps and every block of a call.
    let (e, _) = rw_case(KECCAK_256, 200, 2, RW + 0x40);
    let z: Vec<Fr> = (0..16u64).map(|i| Fr::from(i * 31 + 5)).collect();
    let mut n = 0;
    for (w, ks) in &e.steps {
        let cpu = CpuStep::new(4, w.clone()).unwrap();
        let (_, advice) = cpu.eval_native_with_advice(&z).unwrap();
        assert_eq!(advice, cpu.advice_values(&z).unwrap());
        for s in ks {
            let (out, advice) = s.eval_native_with_advice(&z).unwrap();
            assert_eq!(advice, s.advice_values(&z).unwrap());
            assert_eq!(out.z_out, s.eval_native(&z).unwrap().z_out);
            n += 1;
        }
    }
    assert_eq!(n, 2);
}

#[test]
fn one_run_synthesis_assigns_what_two_runs_do() {
    let (e, _) = rw_case(SHA3_256, 150, 1, RW + 0x40);
    let kinds = umbra_prover::params::Kinds::new(4);
    assert_eq!(one_run_equals_two_runs(&e, &kinds.keccak), 2);
}
