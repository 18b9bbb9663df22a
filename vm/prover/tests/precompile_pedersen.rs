//! The `pedersen_commit` circuit kind over Grumpkin (`umbra_prover::precompile::pedersen`):
//! whole executions (the CPU steps and the call's step) satisfied and balanced on the bus
//! for scalars of every kind (random, zero, the largest canonical, the identity as the
//! result) at every input alignment, inputs on read-only and code pages and crossing a
//! page, a commitment written over its own input; the written words equal the host's; a
//! real constraint system with every witness variable pinned; and the malicious cases
//! (lying commitment, non-canonical scalar, another group's call, forged input, dropped
//! and duplicated call, records the host would fault on).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::{BigInteger, One, PrimeField};
use ark_std::UniformRand;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_abi::PedersenGroup;
use umbra_abi::syscall::PEDERSEN_COMMIT;
use umbra_prover::bus::Tag;
use umbra_prover::precompile::pedersen::{self, PedersenBatch, PedersenStep};
use umbra_prover::precompile::{KindError, KindStep, PrecompileCall, write_ts};

use crate::harness::calls::{
    CODE, Exec, RODATA, RW, calls, exec, holds_with_every_witness_pinned, honest,
    one_run_equals_two_runs, program, verdict, verdict_with_call,
};

const GRUMPKIN: u32 = PedersenGroup::Grumpkin.id();

/// 32-byte little-endian encoding of a Grumpkin scalar (a BN254 base-field element).
fn scalar_le(x: &ark_grumpkin::Fr) -> [u8; 32] {
    let mut b = x.into_bigint().to_bytes_le();
    b.resize(32, 0);
    b.try_into().unwrap()
}

/// `q − 1`, the largest canonical scalar, and `q` itself (non-canonical).
fn q_minus(k: u64) -> [u8; 32] {
    let mut m = ark_grumpkin::Fr::MODULUS;
    m.sub_with_borrow(&k.into());
    let mut b = m.to_bytes_le();
    b.resize(32, 0);
    b.try_into().unwrap()
}

fn inputs() -> Vec<[u8; 64]> {
    let mut rng = StdRng::seed_from_u64(15);
    let mut out = Vec::new();
    let cat = |v: [u8; 32], r: [u8; 32]| -> [u8; 64] {
        let mut x = [0u8; 64];
        x[..32].copy_from_slice(&v);
        x[32..].copy_from_slice(&r);
        x
    };
    for _ in 0..2 {
        let v = scalar_le(&ark_grumpkin::Fr::rand(&mut rng));
        let r = scalar_le(&ark_grumpkin::Fr::rand(&mut rng));
        out.push(cat(v, r));
    }
    let mut five = [0u8; 32];
    five[0] = 5;
    out.push(cat([0; 32], [0; 32])); // the identity
    out.push(cat(five, [0; 32]));
    out.push(cat([0; 32], five));
    out.push(cat(q_minus(1), q_minus(1)));
    out
}

/// A call on `input` at `RW + at` (any alignment), the commitment at `out`, capacity `cap`.
fn rw_case(input: &[u8; 64], at: u32, out: u32, cap: u32) -> Exec {
    let ptr = RW + at;
    let mut rw = vec![0u8; 0x2000];
    rw[at as usize..at as usize + 64].copy_from_slice(input);
    exec(
        program(PEDERSEN_COMMIT, [GRUMPKIN, ptr, out, cap], &[], &rw),
        out,
    )
}

/// The words the call's step writes at 4·clk + 3, as bytes.
fn written(e: &Exec) -> Vec<u8> {
    let clk = calls(e)[0].clk;
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert_eq!(ks.len(), 1);
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
fn every_scalar_class_and_alignment_is_proved_and_balanced() {
    for input in inputs() {
        let host = umbra_precompiles::pedersen::commit(PedersenGroup::Grumpkin, &input).unwrap();
        assert_eq!(pedersen::commit(&input).unwrap().to_vec(), host);
        for off in 0..4 {
            // The input crosses from the first read-write page into the second.
            let e = rw_case(&input, 0xfe0 + off, RW + 0x40, 32 + off);
            assert_eq!(e.memory_out.to_vec(), host);
            assert_eq!(written(&e), host);
            assert_eq!(honest(&e), (true, true, true), "off {off}");
        }
    }
    // The identity's encoding: x = 0 with the infinity bit.
    let zero = pedersen::commit(&[0; 64]).unwrap();
    assert_eq!(zero[31], 0x40);
    assert!(zero[..31].iter().all(|&b| b == 0));
}

#[test]
fn read_only_and_code_inputs_and_output_over_input() {
    let input = inputs()[0];
    let host = pedersen::commit(&input).unwrap();
    let mut ro = vec![0u8; 0x1000];
    ro[0x101..0x141].copy_from_slice(&input);
    let e = exec(
        program(
            PEDERSEN_COMMIT,
            [GRUMPKIN, RODATA + 0x101, RW, 32],
            &ro,
            &[],
        ),
        RW,
    );
    assert_eq!(e.memory_out, host);
    assert_eq!(honest(&e), (true, true, true));
    // The code itself as input (R + X page): whatever its bytes, a canonical pair or not
    // decides whether the host accepts; the first 64 code bytes are small instructions,
    // whose top bytes keep both scalars below q.
    let e = exec(
        program(PEDERSEN_COMMIT, [GRUMPKIN, CODE, RW, 32], &[], &[]),
        RW,
    );
    assert_eq!(honest(&e), (true, true, true));
    // The commitment written over the input (read at +2, written at +3).
    for off in [0, 1] {
        let e = rw_case(&input, 0x200 + off, RW + 0x200, 32);
        assert_eq!(e.memory_out, host);
        assert_eq!(honest(&e), (true, true, true), "off {off}");
    }
}

fn balanced(v: (bool, bool, bool)) -> bool {
    v.0 && v.1 && v.2
}

#[test]
fn malicious_calls_are_rejected() {
    let input = inputs()[1];
    let e = rw_case(&input, 0x103, RW + 0x40, 32);
    assert!(balanced(honest(&e)));
    // The call dropped or proved twice.
    assert!(!balanced(verdict(&e, &|_, _| vec![])));
    assert!(!balanced(verdict(&e, &|_, ks| {
        ks.iter().chain(ks).cloned().collect()
    })));

    let c = calls(&e)[0].clone();
    let perm = |p: u32| e.init.page_perm(p);
    let with = |c: PrecompileCall| verdict_with_call(&e, &c);
    // A host that lies about the commitment (a bit of x, the parity bit, the identity
    // bit): the step does not hold.
    for (word, bit) in [(0u32, 0u32), (7, 31), (7, 30), (3, 17)] {
        let mut lie = c.clone();
        let w = lie
            .words
            .iter_mut()
            .find(|w| w.addr == RW + 0x40 + 4 * word)
            .unwrap();
        w.new ^= 1 << bit;
        assert!(!with(lie).0, "word {word} bit {bit}");
    }
    // An input word the guest never wrote: the read is not the memory's.
    let mut forged = c.clone();
    forged.words[3].old ^= 0x100;
    assert!(!balanced(with(forged)));
    // A stale read.
    let mut stale = c.clone();
    stale.words[2].t_prev += 4;
    assert!(!balanced(with(stale)));
    // Records the host would fault on are refused before any circuit.
    let refused = |f: &dyn Fn(&mut PrecompileCall)| {
        let mut x = c.clone();
        f(&mut x);
        PedersenStep::new(&x, &perm)
    };
    assert!(matches!(
        refused(&|x| x.args[3] = 31),
        Err(KindError::Malformed { .. })
    ));
    assert!(matches!(
        refused(&|x| x.extra_cycles += 1),
        Err(KindError::Malformed { .. })
    ));
    assert!(matches!(
        refused(&|x| x.ret = [33, 0]),
        Err(KindError::Malformed { .. })
    ));
    assert!(matches!(
        refused(&|x| x.args[0] = 9),
        Err(KindError::Malformed { .. })
    ));
    // The emulated groups have no kind: refused by name.
    assert_eq!(
        refused(&|x| x.args[0] = PedersenGroup::Jubjub.id()),
        Err(KindError::Unsupported {
            name: "pedersen_commit",
            arg: 0,
            value: PedersenGroup::Jubjub.id()
        })
    );
}

#[test]
fn a_non_canonical_scalar_does_not_hold() {
    // The host faults on v = q; a record claiming the call went through with v = q (and the
    // commitment of v mod q = 0, i.e. r·H) builds a step that is not accepted.
    let mut input = inputs()[0];
    input[..32].copy_from_slice(&q_minus(0));
    let e = rw_case(&inputs()[0], 0x100, RW + 0x40, 32);
    let mut c = calls(&e)[0].clone();
    let mut reduced = input;
    reduced[..32].copy_from_slice(&[0; 32]);
    let fake = pedersen::commit(&reduced).unwrap();
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
    assert!(pedersen::commit(&input).is_none());
    // Every row holds (q·G is the identity, so the point is r·H), but the scalar's borrow
    // chain puts a limb difference outside the 16-bit table: a lookup no table entry
    // matches.
    let v = verdict_with_call(&e, &c);
    assert!(v.0);
    assert!(!v.1);
}

#[test]
fn another_groups_call_is_not_consumed() {
    // A Ristretto255 commitment in the guest, "proved" by a Grumpkin step over the same
    // words (with the Grumpkin commitment as output): the step holds, but its Syscall
    // tuple (group 3, Grumpkin's cost) is not the ecall's.
    let input = inputs()[2];
    let mut rw = vec![0u8; 0x2000];
    rw[0x100..0x140].copy_from_slice(&input);
    let ristretto = PedersenGroup::Ristretto255.id();
    let e = exec(
        program(
            PEDERSEN_COMMIT,
            [ristretto, RW + 0x100, RW + 0x40, 32],
            &[],
            &rw,
        ),
        RW + 0x40,
    );
    let mut c = calls(&e)[0].clone();
    let perm = |p: u32| e.init.page_perm(p);
    assert!(matches!(
        KindStep::for_call(&c, &perm),
        Err(KindError::Unsupported { .. })
    ));
    let g = pedersen::commit(&input).unwrap();
    c.args[0] = GRUMPKIN;
    c.extra_cycles = pedersen::EXTRA_CYCLES;
    for w in &mut c.words {
        if let Some(o) = w.addr.checked_sub(RW + 0x40).filter(|o| *o < 32) {
            let o = o as usize;
            w.new = u32::from_le_bytes(g[o..o + 4].try_into().unwrap());
        }
    }
    let v = verdict_with_call(&e, &c);
    assert!(v.0, "the forged step holds on its own");
    assert!(!balanced(v));
}

#[test]
fn steps_hold_in_a_constraint_system_with_every_witness_pinned() {
    // A misaligned input with a random pair, and the identity as the result.
    for (input, at) in [(inputs()[0], 0x0ffd), (inputs()[2], 0x100)] {
        let e = rw_case(&input, at, RW + 0x40, 32);
        let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
        assert!(holds_with_every_witness_pinned(&ks[0]) > 5_000);
    }
}

#[test]
fn rows_by_component() {
    // Per bit of the two scalars (2 × 254): a mixed addition (6 rows) and a selection (3),
    // for each of the batch's four slots.
    let z = vec![Fr::one(); 16];
    let s = KindStep::Pedersen(PedersenBatch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    let get = |name| c.rows.iter().find(|(n, _)| *n == name).unwrap().1;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(get("msm"), 4 * 2 * 254 * 9);
    assert_eq!(c.total(), PEDERSEN_ROWS);
    assert_eq!(s.advice_len(), PEDERSEN_ADVICE);
}

/// Rows and advice variables of one fold: a batch of four calls (`docs/prover.md`).
const PEDERSEN_ROWS: usize = 23_105;
const PEDERSEN_ADVICE: usize = 22_124;

#[test]
fn one_run_synthesis_assigns_what_two_runs_do() {
    let e = rw_case(&inputs()[1], 0x102, RW + 0x40, 40);
    let kinds = umbra_prover::params::Kinds::new(4);
    assert_eq!(one_run_equals_two_runs(&e, &kinds.pedersen), 1);
}

#[test]
fn call_for_builds_an_honest_record() {
    // The tools' record builder (benches): its step holds, writes the host's commitment,
    // and refuses a non-canonical scalar or an output over the input.
    let input = inputs()[0];
    let c = pedersen::call_for(&input, RW + 3, RW + 0x80, 9).unwrap();
    let step = PedersenStep::new(&c, &|_| Some(3)).unwrap();
    let out = KindStep::Pedersen(PedersenBatch::one(step))
        .eval_native(&vec![Fr::one(); 16])
        .unwrap();
    assert!(out.violated.is_empty());
    let host = pedersen::commit(&input).unwrap();
    let written: Vec<u8> = c
        .words
        .iter()
        .filter(|w| w.addr >= RW + 0x80)
        .flat_map(|w| w.new.to_le_bytes())
        .collect();
    assert_eq!(written, host);
    let mut bad = input;
    bad[32..].copy_from_slice(&q_minus(0));
    assert!(pedersen::call_for(&bad, RW, RW + 0x80, 9).is_none());
    assert!(pedersen::call_for(&input, RW, RW + 0x20, 9).is_none());
}
