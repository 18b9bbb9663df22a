//! The `pedersen_commit` circuit kind over secp256k1 (emulated arithmetic,
//! `umbra_prover::precompile::pedersen_secp256k1`): whole executions satisfied and balanced
//! for scalars of every class (random, zero, the largest canonical, the identity as the
//! result) at two alignments, the 33-byte output leaving the ninth word's three high bytes
//! alone; the written bytes equal the host's (`umbra-pedersen` on k256); a real constraint
//! system with every witness pinned; and the malicious cases (lying commitment, a changed
//! byte past the output, non-canonical scalar, dropped and duplicated call, the call
//! claimed by the Grumpkin kind).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{RngCore, SeedableRng};
use umbra_abi::PedersenGroup;
use umbra_abi::syscall::PEDERSEN_COMMIT;
use umbra_prover::bus::Tag;
use umbra_prover::precompile::pedersen::{self, PedersenBatch, PedersenStep};
use umbra_prover::precompile::pedersen_secp256k1::{Secp256k1Batch, Secp256k1Call};
use umbra_prover::precompile::{KindStep, PrecompileCall, write_ts};

use crate::harness::calls::{
    Exec, RW, calls, exec, holds_with_every_witness_pinned, honest, one_run_equals_two_runs,
    program, verdict, verdict_with_call,
};

const SECP: u32 = PedersenGroup::Secp256k1.id();

/// `n − k`, big-endian.
fn n_minus(k: u8) -> [u8; 32] {
    let mut n = [0xff; 32];
    n[15] = 0xfe;
    n[16..].copy_from_slice(&[
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41,
        0x41,
    ]);
    n[31] -= k;
    n
}

fn cat(v: [u8; 32], r: [u8; 32]) -> [u8; 64] {
    let mut x = [0u8; 64];
    x[..32].copy_from_slice(&v);
    x[32..].copy_from_slice(&r);
    x
}

fn inputs() -> Vec<[u8; 64]> {
    let mut rng = StdRng::seed_from_u64(1);
    let mut random = || {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        b[0] &= 0x1f; // below n (and below Grumpkin's order, read little-endian)
        b[31] &= 0x1f;
        b
    };
    let mut five = [0u8; 32];
    five[31] = 5;
    vec![
        cat(random(), random()),
        cat([0; 32], [0; 32]), // the identity
        cat(five, [0; 32]),
        cat(n_minus(1), n_minus(1)),
    ]
}

/// A call on `input` at `RW + at`, the commitment at `RW + 0x40`; the bytes after the
/// output are 0xAA (the call must leave the ninth word's high bytes alone).
fn rw_case(input: &[u8; 64], at: u32) -> Exec {
    let mut rw = vec![0u8; 0x2000];
    rw[at as usize..at as usize + 64].copy_from_slice(input);
    rw[0x40..0x68].fill(0xaa);
    exec(
        program(PEDERSEN_COMMIT, [SECP, RW + at, RW + 0x40, 33], &[], &rw),
        RW + 0x40,
    )
}

/// The words the call's step writes at 4·clk + 3, as bytes (36: nine words).
fn written(e: &Exec) -> Vec<u8> {
    let clk = calls(e)[0].clk;
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert_eq!(ks.len(), 1);
    assert!(matches!(ks[0], KindStep::PedersenSecp256k1(_)));
    let out = ks[0].eval_native(&vec![Fr::one(); 16]).unwrap();
    out.tuples
        .iter()
        .filter(|t| {
            t.tag == Tag::Ram && t.mult == Fr::one() && t.fields[2] == Fr::from(write_ts(clk))
        })
        .flat_map(|t| (umbra_prover::bus::small_u64(t.fields[1]).unwrap() as u32).to_le_bytes())
        .collect()
}

#[test]
fn every_scalar_class_is_proved_and_balanced() {
    for (i, input) in inputs().into_iter().enumerate() {
        let host = umbra_precompiles::pedersen::commit(PedersenGroup::Secp256k1, &input).unwrap();
        assert_eq!(host.len(), 33);
        let e = rw_case(&input, if i % 2 == 0 { 0x100 } else { 0x103 });
        let mut mem = e.memory_out.to_vec();
        mem.extend_from_slice(&e.memory_next);
        assert_eq!(mem[..33], host[..]);
        assert_eq!(mem[33..], [0xaa; 3]);
        assert_eq!(written(&e), mem);
        assert_eq!(honest(&e), (true, true, true), "input {i}");
    }
    // The identity: 33 zero bytes.
    let zero = umbra_precompiles::pedersen::commit(PedersenGroup::Secp256k1, &[0; 64]).unwrap();
    assert!(zero.iter().all(|&b| b == 0));
}

fn balanced(v: (bool, bool, bool)) -> bool {
    v.0 && v.1 && v.2
}

#[test]
fn malicious_calls_are_rejected() {
    let input = inputs()[0];
    let e = rw_case(&input, 0x101);
    assert!(balanced(honest(&e)));
    assert!(!balanced(verdict(&e, &|_, _| vec![])));
    assert!(!balanced(verdict(&e, &|_, ks| {
        ks.iter().chain(ks).cloned().collect()
    })));
    let c = calls(&e)[0].clone();
    let perm = |p: u32| e.init.page_perm(p);
    let with = |c: PrecompileCall| verdict_with_call(&e, &c);
    // A host that lies: the prefix's parity, a bit of x, the 33rd byte, and a byte past
    // the output (which the call must not change).
    for (word, bit) in [(0u32, 0u32), (0, 8), (5, 13), (8, 0), (8, 9), (8, 31)] {
        let mut lie = c.clone();
        let w = lie
            .words
            .iter_mut()
            .find(|w| w.addr == RW + 0x40 + 4 * word)
            .unwrap();
        w.new ^= 1 << bit;
        assert!(!balanced(with(lie)), "word {word} bit {bit}");
    }
    // A secp256k1 call claimed by the Grumpkin kind (with Grumpkin's commitment): its
    // Syscall tuple (group 3, Grumpkin's cost) is not the ecall's.
    let mut g = c.clone();
    g.args[0] = PedersenGroup::Grumpkin.id();
    g.args[3] = 32;
    g.ret = [32, 0];
    g.extra_cycles = pedersen::EXTRA_CYCLES;
    let gc = pedersen::commit(&input).unwrap();
    g.words.retain(|w| w.addr != RW + 0x60);
    for w in &mut g.words {
        if let Some(o) = w.addr.checked_sub(RW + 0x40).filter(|o| *o < 32) {
            let o = o as usize;
            w.new = u32::from_le_bytes(gc[o..o + 4].try_into().unwrap());
        }
    }
    let ks = KindStep::for_call(&g, &perm).unwrap().unwrap();
    assert!(matches!(ks[0], KindStep::Pedersen(_)));
    let v = verdict_with_call(&e, &g);
    assert!(v.0, "the forged step holds on its own");
    assert!(!balanced(v));
}

#[test]
fn a_non_canonical_scalar_does_not_hold() {
    // The host faults on v = n; a record claiming the call went through with v = n (and the
    // commitment of v mod n = 0, i.e. r·G) builds a step that is not accepted.
    let honest_input = inputs()[0];
    let mut input = honest_input;
    input[..32].copy_from_slice(&n_minus(0));
    assert!(umbra_precompiles::pedersen::commit(PedersenGroup::Secp256k1, &input).is_err());
    let e = rw_case(&honest_input, 0x100);
    let mut c = calls(&e)[0].clone();
    let mut reduced = input;
    reduced[..32].copy_from_slice(&[0; 32]);
    let mut fake = umbra_precompiles::pedersen::commit(PedersenGroup::Secp256k1, &reduced).unwrap();
    fake.extend_from_slice(&[0xaa; 3]);
    for w in &mut c.words {
        let i = w.addr.wrapping_sub(RW + 0x100) as usize;
        if i < 64 {
            w.old = u32::from_le_bytes(input[i..i + 4].try_into().unwrap());
            w.new = w.old;
        } else {
            let o = (w.addr - (RW + 0x40)) as usize;
            w.new = u32::from_le_bytes(fake[o..o + 4].try_into().unwrap());
        }
    }
    let v = verdict_with_call(&e, &c);
    assert!(!balanced(v));
}

#[test]
fn steps_hold_in_a_constraint_system_with_every_witness_pinned() {
    let e = rw_case(&inputs()[0], 0x102);
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert!(holds_with_every_witness_pinned(&ks[0]) > 100_000);
}

#[test]
fn rows_by_component() {
    // 128 windows: a mixed addition (589 rows) and a selection's 11 monomials each, and
    // the offsets' correction (one more mixed addition).
    let z = vec![Fr::one(); 16];
    let s = KindStep::PedersenSecp256k1(Secp256k1Batch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    let get = |name| c.rows.iter().find(|(n, _)| *n == name).unwrap().1;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert!(get("msm") <= 129 * 589 + 128 * 11);
    assert_eq!(c.total(), SECP_ROWS);
    assert_eq!(s.advice_len(), SECP_ADVICE);
}

/// Rows and advice variables of one fold (`docs/prover.md`).
const SECP_ROWS: usize = 77_754;
const SECP_ADVICE: usize = 69_689;

#[test]
fn one_run_synthesis_assigns_what_two_runs_do() {
    let e = rw_case(&inputs()[2], 0x101);
    let kinds = umbra_prover::params::Kinds::new(4);
    assert_eq!(one_run_equals_two_runs(&e, &kinds.pedersen_secp256k1), 1);
}

#[test]
fn call_in_builds_an_honest_record() {
    let input = inputs()[3];
    let c = pedersen::call_in(PedersenGroup::Secp256k1, &input, RW + 1, RW + 0x80, 9).unwrap();
    let step = PedersenStep::new(&c, &|_| Some(3)).unwrap();
    let out = KindStep::PedersenSecp256k1(Secp256k1Batch::one(Secp256k1Call(step)))
        .eval_native(&vec![Fr::one(); 16])
        .unwrap();
    assert!(out.violated.is_empty());
    // The Grumpkin kind's shape is not this kind's: the two are separate kinds.
    assert_ne!(
        KindStep::Pedersen(PedersenBatch::shape()).advice_len(),
        KindStep::PedersenSecp256k1(Secp256k1Batch::shape()).advice_len()
    );
}
