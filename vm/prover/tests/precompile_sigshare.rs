//! The `tecdsa_sigshare_verify` circuit kind (`umbra_prover::precompile::sigshare`): every
//! GG20 signing session of the test vectors proved valid at every alignment of the header
//! and the entries; every rejection of the host (tampered share, undecodable entry, two
//! blamed, repeated index, index 0 and 2¹⁶, a wrong nonce sum, a wrong group key, an
//! undecodable header, another message) proved with its reason and the host's bitmap; more
//! than 32 entries (two bitmap words, a partial one); a lying host, a host writing another
//! bitmap, and a prover forging the duplicate flags or the sorted order are rejected; every
//! witness of every entry's fold pinned.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::One;
use k256::elliptic_curve::PrimeField;
use k256::elliptic_curve::sec1::ToSec1Point;
use k256::{FieldBytes, ProjectivePoint, Scalar};
use umbra_abi::syscall::TECDSA_SIGSHARE_VERIFY;
use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID};
use umbra_prover::precompile::KindStep;
use umbra_prover::precompile::sigshare::{SigShareBatch, SigShareCall};
use umbra_vm::Registry;

use crate::harness::calls::{
    Exec, FlipVerdict, RW, calls, exec_with, holds_with_every_witness_pinned, honest, kind_steps,
    program, syscall_results,
};

struct Session {
    signers: Vec<u32>,
    header: Vec<u8>,
    entries: Vec<Vec<u8>>,
}

fn sessions() -> Vec<Session> {
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    kat.records_of("gg20-session")
        .map(|r| {
            let signers: Vec<u32> = r
                .get("signers")
                .unwrap()
                .split(',')
                .map(|s| s.trim().parse().unwrap())
                .collect();
            let mut header = r.hex("group_key").unwrap();
            header.extend(r.hex("nonce_point").unwrap());
            header.extend(r.hex("prehash").unwrap());
            let (nr, ks, ss) = (
                r.hex("nonce_shares").unwrap(),
                r.hex("key_shares").unwrap(),
                r.hex("sig_shares").unwrap(),
            );
            let entries = signers
                .iter()
                .enumerate()
                .map(|(j, i)| {
                    let mut e = i.to_le_bytes().to_vec();
                    e.extend_from_slice(&nr[33 * j..33 * j + 33]);
                    e.extend_from_slice(&ks[33 * j..33 * j + 33]);
                    e.extend_from_slice(&ss[32 * j..32 * j + 32]);
                    e
                })
                .collect();
            Session {
                signers,
                header,
                entries,
            }
        })
        .collect()
}

/// Where the bitmap goes (4-aligned, after the header and the entries), pre-filled with
/// `0xee` so the kept bytes of its last word are seen.
const BITMAP: u32 = 0x1c00;

/// A call with the header at `RW + hat`, the entries at `RW + at`, the bitmap at
/// `RW + BITMAP`.
fn case_with(
    header: &[u8],
    entries: &[Vec<u8>],
    (hat, at): (u32, u32),
    registry: Registry,
) -> Exec {
    let mut rw = vec![0u8; 0x2000];
    rw[hat as usize..hat as usize + header.len()].copy_from_slice(header);
    let flat: Vec<u8> = entries.concat();
    rw[at as usize..at as usize + flat.len()].copy_from_slice(&flat);
    rw[BITMAP as usize..].fill(0xee);
    exec_with(
        program(
            TECDSA_SIGSHARE_VERIFY,
            [RW + hat, RW + at, entries.len() as u32, RW + BITMAP],
            &[],
            &rw,
        ),
        RW,
        registry,
    )
}

fn case(header: &[u8], entries: &[Vec<u8>], at: (u32, u32)) -> Exec {
    case_with(header, entries, at, umbra_precompiles::registry())
}

/// The bitmap the call wrote (its bytes `0 … ⌈n/8⌉ − 1`) as the blamed positions, and the
/// byte after it (kept).
fn blamed(e: &Exec, n: usize) -> Vec<usize> {
    let c = &calls(e)[0];
    let byte = |a: u32| {
        let w = c.words.iter().find(|w| w.addr == a & !3).unwrap();
        (w.new >> (8 * (a & 3))) as u8
    };
    let len = n.div_ceil(8) as u32;
    if !len.is_multiple_of(4) {
        assert_eq!(byte(RW + BITMAP + len), 0xee, "a kept byte changed");
    }
    (0..n)
        .filter(|&j| byte(RW + BITMAP + (j / 8) as u32) >> (j % 8) & 1 == 1)
        .collect()
}

/// Executes the call, checks the host's answer and bitmap are `want`, the kind's results
/// equal the host's and the execution with its folds balances (so the kind wrote the
/// host's bitmap).
fn proved_with(
    header: &[u8],
    entries: &[Vec<u8>],
    at: (u32, u32),
    want: (bool, Reason, Vec<usize>),
) {
    let e = case(header, entries, at);
    let c = &calls(&e)[0];
    let host = (
        if want.0 {
            VERDICT_VALID
        } else {
            VERDICT_INVALID
        },
        want.1.code(),
    );
    assert_eq!((c.ret[0], c.ret[1]), host, "host at {at:x?}");
    assert_eq!(
        blamed(&e, entries.len()),
        want.2,
        "host's bitmap at {at:x?}"
    );
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), entries.len());
    assert!(ks.iter().all(|k| matches!(k, KindStep::SigShare(_))));
    assert_eq!(syscall_results(&ks[0]), host, "kind at {at:x?}");
    assert_eq!(honest(&e), (true, true, true), "at {at:x?}");
}

fn scalar(b: &[u8]) -> Scalar {
    Option::from(Scalar::from_repr(FieldBytes::from(
        <[u8; 32]>::try_from(b).unwrap(),
    )))
    .unwrap()
}

fn point(b: &[u8]) -> ProjectivePoint {
    umbra_tecdsa::ecdsa::parse_public_key(b).unwrap()
}

fn enc(p: &ProjectivePoint) -> Vec<u8> {
    p.to_affine().to_sec1_point(true).as_bytes().to_vec()
}

#[test]
fn every_session_is_proved_valid_at_every_alignment() {
    let ss = sessions();
    assert_eq!(ss.len(), 7);
    for (k, s) in ss.iter().enumerate() {
        let at = (0x1 + (k % 4) as u32, 0x100 + ((k / 2 + 1) % 4) as u32);
        proved_with(&s.header, &s.entries, at, (true, Reason::Ok, vec![]));
    }
}

#[test]
fn every_rejection_of_the_host_is_proved_with_its_reason_and_bitmap() {
    // A three-signer session (every entry offset: 3, 1, 3).
    let ss = sessions();
    let s = ss.iter().find(|s| s.entries.len() == 3).unwrap();
    let n = s.entries.len();
    let at = (0x2, 0x103);
    // A tampered s_j: that entry blamed; an undecodable R̄_j: encoding, still blamed.
    let mut e = s.entries.clone();
    e[1][101] ^= 1;
    proved_with(&s.header, &e, at, (false, Reason::Share, vec![1]));
    let mut e = s.entries.clone();
    e[2][4] = 0x07;
    proved_with(&s.header, &e, at, (false, Reason::Encoding, vec![2]));
    // An undecodable S_j (x = p) and s_j = n: encoding.
    let mut e = s.entries.clone();
    e[0][38..70].fill(0xff);
    proved_with(&s.header, &e, at, (false, Reason::Encoding, vec![0]));
    let mut e = s.entries.clone();
    e[n - 1][70..102].copy_from_slice(&hex32(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
    ));
    proved_with(&s.header, &e, at, (false, Reason::Encoding, vec![n - 1]));
    // Two blamed: the first and the last.
    let mut e = s.entries.clone();
    e[0][40] ^= 1;
    e[n - 1][101] ^= 4;
    let r = {
        let ex = case(&s.header, &e, at);
        (calls(&ex)[0].ret, blamed(&ex, n))
    };
    assert_eq!(r.1, vec![0, n - 1]);
    proved_with(
        &s.header,
        &e,
        at,
        (false, Reason::from_code(r.0[1]).unwrap(), vec![0, n - 1]),
    );
    // A repeated index blames the repeat (the later entry), even when the earlier one is
    // itself blamed; index 0 and 2¹⁶ are bad indices.
    let mut e = s.entries.clone();
    e[2][..4].copy_from_slice(&s.signers[0].to_le_bytes());
    proved_with(&s.header, &e, at, (false, Reason::Share, vec![2]));
    e[0][101] ^= 1;
    proved_with(&s.header, &e, at, (false, Reason::Share, vec![0, 2]));
    let mut e = s.entries.clone();
    e[1][..4].copy_from_slice(&0u32.to_le_bytes());
    e[2][..4].copy_from_slice(&0x1_0000u32.to_le_bytes());
    proved_with(&s.header, &e, at, (false, Reason::Share, vec![1, 2]));
    // Index 0 twice: bad, never a duplicate of each other's (invalid keys differ).
    let mut e = s.entries.clone();
    e[0][..4].copy_from_slice(&0u32.to_le_bytes());
    e[1][..4].copy_from_slice(&0u32.to_le_bytes());
    proved_with(&s.header, &e, at, (false, Reason::Share, vec![0, 1]));
    // A consistent wrong nonce share: R̄'_0 = R̄_0 + a·R, s'_0 = s_0 + m·a keeps the
    // equation and breaks Σ R̄_j = G.
    let r = point(&s.header[33..66]);
    let m = umbra_tecdsa::ecdsa::message_scalar(&s.header[66..98].try_into().unwrap());
    let a = Scalar::from(5u64);
    let mut e = s.entries.clone();
    let rb = point(&e[0][4..37]) + r * a;
    let s0 = scalar(&e[0][70..102]) + m * a;
    e[0][4..37].copy_from_slice(&enc(&rb));
    e[0][70..102].copy_from_slice(&s0.to_repr());
    proved_with(&s.header, &e, at, (false, Reason::Aggregate, vec![]));
    // A wrong group key: the key sum fails.
    let mut h = s.header.clone();
    h[..33].copy_from_slice(&enc(&(point(&s.header[..33]) + ProjectivePoint::GENERATOR)));
    proved_with(&h, &s.entries, at, (false, Reason::Aggregate, vec![]));
    // An undecodable header (R's tag, Y's x off the curve): encoding, nobody blamed even
    // with a bad entry.
    let mut h = s.header.clone();
    h[33] = 0x04;
    let mut e = s.entries.clone();
    e[1][101] ^= 1;
    proved_with(&h, &e, at, (false, Reason::Encoding, vec![]));
    let mut h = s.header.clone();
    h[1..33].fill(0);
    h[32] = 5;
    proved_with(&h, &s.entries, at, (false, Reason::Encoding, vec![]));
    // Another message blames every entry.
    let mut h = s.header.clone();
    h[97] ^= 1;
    proved_with(&h, &s.entries, at, (false, Reason::Share, (0..n).collect()));
    // An undecodable entry after a share failure: encoding overrides.
    let mut e = s.entries.clone();
    e[0][101] ^= 1;
    e[2][37] = 0x05;
    proved_with(&s.header, &e, at, (false, Reason::Encoding, vec![0, 2]));
}

#[test]
fn thirty_three_entries_write_two_bitmap_words() {
    // The largest session's entries repeated: 33 entries (the bitmap's 5 bytes are a whole
    // word and one byte of the next), every repeat a duplicate; two also tampered.
    let ss = sessions();
    let s = ss.iter().max_by_key(|s| s.entries.len()).unwrap();
    let n = s.entries.len();
    let entries: Vec<Vec<u8>> = (0..33).map(|j| s.entries[j % n].clone()).collect();
    let mut want: Vec<usize> = (n..33).collect();
    let mut e = entries.clone();
    e[1][101] ^= 1;
    e[32][101] ^= 1;
    want.insert(0, 1);
    proved_with(&s.header, &e, (0x1, 0x102), (false, Reason::Share, want));
}

fn hex32(h: &str) -> [u8; 32] {
    let v: Vec<u8> = (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect();
    v.try_into().unwrap()
}

/// A host that reads the call's header and entries as the honest one does, then answers
/// `valid` and writes an empty bitmap.
struct AlwaysValid;

impl umbra_vm::Precompile for AlwaysValid {
    fn id(&self) -> u32 {
        TECDSA_SIGSHARE_VERIFY
    }
    fn call(
        &self,
        ctx: &mut umbra_vm::CallContext<'_>,
    ) -> Result<umbra_vm::Outcome, umbra_vm::SyscallError> {
        let n = ctx.arg(2);
        ctx.read(ctx.arg(1), 102 * n)?;
        ctx.read(ctx.arg(0), 98)?;
        ctx.write(ctx.arg(3), &vec![0u8; n.div_ceil(8) as usize])?;
        Ok(umbra_vm::Outcome {
            a0: VERDICT_VALID,
            a1: Reason::Ok.code(),
            cycles: umbra_precompiles::cost::tecdsa_sigshare(n),
        })
    }
}

#[test]
fn a_lying_host_is_unbalanced() {
    let ss = sessions();
    let s = &ss[3];
    // A valid session claimed invalid.
    let mut registry = umbra_precompiles::registry();
    registry.register(Box::new(FlipVerdict {
        inner: umbra_precompiles::tecdsa::SigShareVerify,
        fail: Reason::Share,
    }));
    let e = case_with(&s.header, &s.entries, (0, 0x100), registry);
    assert_eq!(kind_steps(&e).len(), s.entries.len());
    let v = honest(&e);
    assert!(v.0, "the steps hold on their own");
    assert!(!(v.1 && v.2), "the kind's verdict is not the host's");
    // A wrong group key (only the sum fails: nobody blamed) claimed valid: the bitmap is
    // the honest one, the verdict is not.
    let mut h = s.header.clone();
    h[..33].copy_from_slice(&enc(&(point(&s.header[..33]) + ProjectivePoint::GENERATOR)));
    let always = || {
        let mut registry = umbra_precompiles::registry();
        registry.register(Box::new(AlwaysValid));
        registry
    };
    let ex = case_with(&h, &s.entries, (0, 0x100), always());
    assert_eq!(
        kind_steps(&ex).len(),
        s.entries.len(),
        "the lie has its steps"
    );
    let v = honest(&ex);
    assert!(v.0, "the steps hold on their own");
    assert!(!(v.1 && v.2), "the kind's verdict is not the host's");
    // A repeated index, a tampered share: claimed valid with no blame. The bitmap word the
    // record says was written is not the one the entry's fold computes: the fold fails.
    let mut e = s.entries.clone();
    e[1][..4].copy_from_slice(&s.signers[0].to_le_bytes());
    let mut t = s.entries.clone();
    t[0][100] ^= 2;
    for e in [e, t] {
        let ex = case_with(&s.header, &e, (0, 0x100), always());
        assert_eq!(kind_steps(&ex).len(), e.len(), "the lie has its steps");
        assert!(!honest(&ex).0, "the bitmap written is the kind's");
    }
}

#[test]
fn a_forged_order_or_duplicate_flag_is_rejected() {
    // Entries with indices (i₀, i₁, i₀): entry 2 repeats entry 0's index. The sorted list
    // is ((i₀, 0), (i₀, 2), (i₁, 1)) and entry 2's flag is set.
    let ss = sessions();
    let s = ss.iter().find(|s| s.entries.len() >= 3).unwrap();
    let mut es = s.entries[..3].to_vec();
    es[2][..4].copy_from_slice(&s.signers[0].to_le_bytes());
    let e = case(&s.header, &es, (0, 0x101));
    assert_eq!(honest(&e), (true, true, true));
    let ks = kind_steps(&e);
    let entry = |k: &KindStep| -> SigShareCall {
        match k {
            KindStep::SigShare(b) => b.calls()[0].clone(),
            _ => panic!("not a sigshare step"),
        }
    };
    let step = |c: SigShareCall| KindStep::SigShare(SigShareBatch::one(c));
    let (i0, i1) = (s.signers[0], s.signers[1]);
    let ok = |v: (bool, bool, bool)| v.0 && v.1 && v.2;
    let with = |forge: &dyn Fn(&SigShareCall) -> SigShareCall| {
        crate::harness::calls::verdict(&e, &|_, old| {
            old.iter().map(|k| step(forge(&entry(k)))).collect()
        })
    };
    // Honest through the hook: the same verdict.
    assert!(ok(with(&|c| c.clone())));
    // Entry 2 claims no duplicate.
    assert!(!ok(with(&|c| if c.entry() == 2 {
        c.with_order((i0, 2), false)
    } else {
        c.clone()
    })));
    // The list reordered so that entry 2 follows i₁: ((i₀, 0), (i₁, 1), (i₀, 2)), entry 2
    // unflagged — out of order.
    let forged = [((i0, 0), false), ((i1, 1), false), ((i0, 2), false)];
    assert!(!ok(with(&|c| {
        let (o, d) = forged[c.entry() as usize];
        c.with_order(o, d)
    })));
    // Entry 0 flagged instead of entry 2, with the honest order: unbalanced.
    let flags = [true, false, false];
    assert!(!ok(with(&|c| {
        let honest_order = [(i0, 0), (i0, 2), (i1, 1)];
        c.with_order(honest_order[c.entry() as usize], flags[c.entry() as usize])
    })));
    assert_eq!(ks.len(), 3);
}

#[test]
fn a_forged_entry_chain_is_unbalanced() {
    let ss = sessions();
    let s = ss.iter().max_by_key(|s| s.entries.len()).unwrap();
    let e = case(&s.header, &s.entries[..3], (0x3, 0x102));
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), 3);
    let ok = |v: (bool, bool, bool)| v.0 && v.1 && v.2;
    let with = |f: &dyn Fn(&[KindStep]) -> Vec<KindStep>| {
        crate::harness::calls::verdict(&e, &|_, old| if old.is_empty() { vec![] } else { f(old) })
    };
    assert!(ok(with(&|k| k.to_vec())));
    assert!(!ok(with(&|k| vec![k[0].clone(), k[1].clone()])));
    assert!(!ok(with(&|k| vec![k[0].clone(), k[2].clone()])));
    assert!(!ok(with(&|k| {
        let mut k = k.to_vec();
        k.push(k[1].clone());
        k
    })));
}

#[test]
fn a_bitmap_over_the_inputs_is_refused() {
    let ss = sessions();
    let s = &ss[1];
    let flat: Vec<u8> = s.entries.concat();
    let mut rw = vec![0u8; 0x2000];
    rw[0x100..0x100 + 98].copy_from_slice(&s.header);
    rw[0x200..0x200 + flat.len()].copy_from_slice(&flat);
    // The bitmap over the header's first word.
    let e = exec_with(
        program(
            TECDSA_SIGSHARE_VERIFY,
            [RW + 0x100, RW + 0x200, s.entries.len() as u32, RW + 0x100],
            &[],
            &rw,
        ),
        RW,
        umbra_precompiles::registry(),
    );
    let c = &calls(&e)[0];
    let perm = |p: u32| e.init.page_perm(p);
    assert_eq!(
        KindStep::for_call(c, &perm),
        Err(umbra_prover::precompile::KindError::Unsupported {
            name: "tecdsa_sigshare_verify",
            arg: 3,
            value: RW + 0x100,
        })
    );
}

#[test]
fn call_for_builds_the_vms_record() {
    let ss = sessions();
    let s = &ss[4];
    for at in [(0u32, 0x100u32), (0x3, 0x102)] {
        let mut e = s.entries.clone();
        e[0][101] ^= 1;
        let ex = case(&s.header, &e, at);
        let vm = &calls(&ex)[0];
        let c = umbra_prover::precompile::sigshare::call_for(
            &s.header.clone().try_into().unwrap(),
            &e.concat(),
            (RW + at.0, RW + at.1, RW + BITMAP),
            vm.clk,
        )
        .unwrap();
        assert_eq!(
            (c.args, c.ret, c.extra_cycles),
            (vm.args, vm.ret, vm.extra_cycles)
        );
        // The VM's bitmap word kept its 0xee bytes; call_for's starts from zero.
        let strip = |w: &[umbra_prover::precompile::WordAccess]| {
            w.iter()
                .filter(|w| w.addr < RW + BITMAP)
                .map(|w| (w.addr, w.old, w.new))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&c.words), strip(&vm.words));
        let bits = |w: &[umbra_prover::precompile::WordAccess]| {
            w.iter()
                .filter(|w| w.addr >= RW + BITMAP)
                .map(|w| w.new & 0xff)
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&c.words), bits(&vm.words));
    }
}

#[test]
fn folds_hold_with_every_witness_pinned() {
    // Three entries, misaligned: entry 0 (header, link in, bitmap writer), entry 1 (link in
    // and out, carried slot) and the top one (link out only).
    let ss = sessions();
    let s = ss.iter().max_by_key(|s| s.entries.len()).unwrap();
    let mut es = s.entries[..3].to_vec();
    es[1][101] ^= 1;
    let e = case(&s.header, &es, (0x1, 0x101));
    let ks = kind_steps(&e);
    assert_eq!(ks.len(), 3);
    for k in &ks {
        assert!(holds_with_every_witness_pinned(k) > 200_000);
    }
}

#[test]
fn rows_by_component() {
    let z = vec![Fr::one(); 16];
    let s = KindStep::SigShare(SigShareBatch::shape());
    let c = s.eval_native(&z).unwrap().counts;
    println!("{:?} total {} advice {}", c.rows, c.total(), s.advice_len());
    assert_eq!(c.total(), SIGSHARE_ROWS);
    assert_eq!(s.advice_len(), SIGSHARE_ADVICE);
}

/// Rows and advice variables of one fold (`docs/prover.md`).
const SIGSHARE_ROWS: usize = 266_636;
const SIGSHARE_ADVICE: usize = 240_788;
