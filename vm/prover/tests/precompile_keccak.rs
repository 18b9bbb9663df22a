//! The hash circuit kind (`umbra_prover::precompile::keccak`, `sha3_256` and `keccak256`):
//! the native sponge against the `sha3` crate, whole executions (CPU steps and every block
//! of every call) satisfied and balanced on the bus for messages of every length class and
//! alignment, read-only and page-crossing inputs, a digest written over its own input; a
//! real constraint system with every witness variable pinned; and the malicious cases
//! (lying digest, dropped, duplicated or reordered block, another id, altered input).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::ConstraintSystemRef;
use sha3::Digest;
use umbra_abi::syscall::{KECCAK_256, SHA3_256};
use umbra_prover::bus::{Ledger, Tag};
use umbra_prover::precompile::keccak::{KeccakStep, RATE, sponge};
use umbra_prover::precompile::{KindError, KindStep, PrecompileCall, write_ts};
use umbra_prover::rom::Rom;
use umbra_prover::step::{CpuStep, StepWitness};
use umbra_prover::witness::{InitialMemory, WitnessGen};
use umbra_vm::elf::Segment;
use umbra_vm::{Program, Vm, VmConfig};

use crate::harness::{self, enc};

const CODE: u32 = enc::CODE;
/// A read-only page, then two read-write pages.
const RODATA: u32 = 0x3_0000;
const RW: u32 = 0x3_1000;

fn digest(id: u32, msg: &[u8]) -> [u8; 32] {
    if id == SHA3_256 {
        sha3::Sha3_256::digest(msg).into()
    } else {
        sha3::Keccak256::digest(msg).into()
    }
}

/// A program that hashes `len` bytes at `ptr` into `out` with precompile `id`, then halts;
/// `ro` fills the read-only page, `rw` the read-write pages.
fn program(id: u32, ptr: u32, len: u32, out: u32, ro: &[u8], rw: &[u8]) -> Program {
    use enc::{ECALL, HALT, addi, lui};
    let li = |rd: u32, v: u32| {
        // lui + addi with the sign carry.
        let hi = v.wrapping_add(0x800) & 0xffff_f000;
        [lui(rd, hi), addi(rd, rd, (v.wrapping_sub(hi)) as i32)]
    };
    let mut code = Vec::new();
    code.extend(li(10, ptr));
    code.extend(li(11, len));
    code.extend(li(12, out));
    code.push(addi(13, 0, 0));
    code.push(addi(5, 0, id as i32));
    code.push(ECALL);
    code.extend(HALT);
    let seg = |vaddr, mem_size, data: &[u8], write, execute| Segment {
        vaddr,
        mem_size,
        data: data.to_vec(),
        read: true,
        write,
        execute,
    };
    Program::new(
        CODE,
        vec![
            seg(
                CODE,
                4 * code.len() as u32,
                &code
                    .iter()
                    .flat_map(|w| w.to_le_bytes())
                    .collect::<Vec<_>>(),
                false,
                true,
            ),
            seg(RODATA, 0x1000, ro, false, false),
            seg(RW, 0x2000, rw, true, false),
        ],
    )
    .unwrap()
}

/// An execution's CPU steps and, after each, the kind steps of its calls.
struct Exec {
    program: Program,
    rom: Rom,
    init: InitialMemory,
    steps: Vec<(StepWitness, Vec<KindStep>)>,
    memory_out: [u8; 32],
}

fn exec(program: Program, out: u32) -> Exec {
    let k = 4;
    let mut vm = Vm::new(&program, VmConfig::default())
        .unwrap()
        .with_registry(umbra_precompiles::registry());
    let (exit, trace) = vm.run_traced();
    assert_eq!(exit.unwrap().code, 0);
    let mut memory_out = [0u8; 32];
    vm.memory().read_bytes(out, &mut memory_out).unwrap();
    let rom = Rom::from_program(&program);
    let init = InitialMemory::from_program(&program);
    let mut g = WitnessGen::new(&rom, &init, program.entry(), k).unwrap();
    let mut ws = Vec::new();
    for s in &trace.steps {
        if let Some(i) = s.syscall {
            g.syscall_record(trace.syscalls[i as usize].clone());
        }
        ws.extend(g.push(s).unwrap());
    }
    ws.extend(g.finish().unwrap());
    let perm = |p: u32| init.page_perm(p);
    let steps = ws
        .into_iter()
        .map(|w| {
            let calls = w
                .calls
                .iter()
                .flat_map(|c| KindStep::for_call(c, &perm).unwrap().unwrap())
                .collect();
            (w, calls)
        })
        .collect();
    Exec {
        program,
        rom,
        init,
        steps,
        memory_out,
    }
}

/// The calls of an execution (one here).
fn calls(e: &Exec) -> Vec<PrecompileCall> {
    e.steps.iter().flat_map(|(w, _)| w.calls.clone()).collect()
}

/// Every step in fold order, each kind step after its CPU step, evaluated natively from
/// the initial state; returns (all rows hold, no lookup outside its table, bus total is 0).
fn verdict(
    e: &Exec,
    kind_steps: &dyn Fn(usize, &[KindStep]) -> Vec<KindStep>,
) -> (bool, bool, bool) {
    let (gamma, alpha) = harness::challenges();
    let mut z =
        umbra_prover::step::StepState::initial(e.program.entry()).to_z(gamma, alpha, Fr::zero());
    let mut ledger = Ledger::default();
    let mut ok = true;
    for (i, (w, ks)) in e.steps.iter().enumerate() {
        let cpu = CpuStep::new(4, w.clone()).unwrap().eval_native(&z).unwrap();
        ok &= cpu.violated.is_empty();
        ledger.absorb(&e.rom, &e.init, &cpu.tuples);
        z = cpu.z_out;
        for s in kind_steps(i, ks) {
            let out = s.eval_native(&z).unwrap();
            ok &= out.violated.is_empty();
            ledger.absorb(&e.rom, &e.init, &out.tuples);
            z = out.z_out;
        }
    }
    let consumed = ledger.syscalls();
    let balance = ledger
        .balance(&e.rom, &e.init, gamma, alpha, z[6], &consumed, &[], &[])
        .unwrap();
    (
        ok,
        ledger.unmatched() == 0,
        balance.is_zero() && consumed.len() == 1,
    )
}

fn honest(e: &Exec) -> (bool, bool, bool) {
    verdict(e, &|_, ks| ks.to_vec())
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
    (exec(program(id, ptr, len, out, &[], &rw), out), msg)
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
    let e = exec(program(SHA3_256, RODATA + 0xf60, 150, RW, &ro, &[]), RW);
    assert_eq!(e.memory_out, digest(SHA3_256, &msg));
    assert_eq!(honest(&e), (true, true, true));
    let e = exec(program(KECCAK_256, CODE + 2, 20, RW, &[], &[]), RW);
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
    let with = |c: PrecompileCall| {
        let ks = KindStep::for_call(&c, &perm).unwrap().unwrap();
        verdict(&e, &move |_, old| {
            if old.is_empty() { vec![] } else { ks.clone() }
        })
    };
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

/// Every witness variable of `cs` pinned: for each, adding 1 breaks some row it appears in
/// (O(non-zeros): each variable's rows are re-evaluated with the perturbed value).
fn every_witness_pinned(cs: &ConstraintSystemRef<Fr>) -> Result<usize, usize> {
    cs.finalize();
    let matrices = cs.to_matrices().unwrap();
    let m = matrices.values().next().unwrap();
    let (a, b, c) = (&m[0], &m[1], &m[2]);
    let inner = cs.borrow().unwrap();
    let inst = &inner.assignments.instance_assignment;
    let wit = &inner.assignments.witness_assignment;
    let n_inst = inst.len();
    let val = |i: usize| if i < n_inst { inst[i] } else { wit[i - n_inst] };
    let dot = |row: &[(Fr, usize)]| row.iter().map(|&(k, i)| k * val(i)).sum::<Fr>();
    let rows = a.len();
    let (av, bv, cv): (Vec<Fr>, Vec<Fr>, Vec<Fr>) = (
        a.iter().map(|r| dot(r)).collect(),
        b.iter().map(|r| dot(r)).collect(),
        c.iter().map(|r| dot(r)).collect(),
    );
    // Coefficient of each variable in each row, per matrix.
    let mut col: Vec<Vec<(usize, Fr, Fr, Fr)>> = vec![Vec::new(); n_inst + wit.len()];
    for r in 0..rows {
        for (mi, mat) in [a, b, c].iter().enumerate() {
            for &(k, i) in &mat[r] {
                let e = &mut col[i];
                if e.last().map(|x| x.0) != Some(r) {
                    e.push((r, Fr::zero(), Fr::zero(), Fr::zero()));
                }
                let x = e.last_mut().unwrap();
                match mi {
                    0 => x.1 += k,
                    1 => x.2 += k,
                    _ => x.3 += k,
                }
            }
        }
    }
    for (v, entries) in col.iter().enumerate().skip(n_inst) {
        let broken = entries
            .iter()
            .any(|&(r, ka, kb, kc)| (av[r] + ka) * (bv[r] + kb) != cv[r] + kc);
        if !broken {
            return Err(v - n_inst);
        }
    }
    Ok(wit.len())
}

#[test]
fn blocks_hold_in_a_constraint_system_with_every_witness_pinned() {
    // A misaligned two-block message: block 0 (chains out, reads 35 words) and block 1
    // (chains in, reads, pads, writes the digest).
    let (e, _) = rw_case(SHA3_256, 140, 3, RW + 0x40);
    let ks: Vec<KindStep> = e.steps.iter().flat_map(|(_, k)| k.clone()).collect();
    assert_eq!(ks.len(), 2);
    let z: Vec<Fr> = (0..16u64).map(|i| Fr::from(i * 1_000 + 7)).collect();
    for s in &ks {
        let cs = harness::synthesize_step(
            &z,
            false,
            |cs, zv| s.generate_step_constraints(cs, 0, zv).unwrap(),
            s.eval_native(&z).unwrap().z_out,
        );
        assert!(cs.is_satisfied().unwrap());
        let n = every_witness_pinned(&cs).unwrap_or_else(|v| panic!("witness {v} is free"));
        assert!(n > 140_000);
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
    // The kinds synthesise with the advice block reserved and filled in one run, and on the
    // folding engine's witness-only system without linear combinations; every way must
    // assign exactly what the two-run synthesis (native advice first) assigns, and satisfy.
    use ark_r1cs_std::GR1CSVar;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::fields::fp::FpVar;
    use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode};
    use umbra_folding::StepCircuit;
    use umbra_prover::params::Kinds;
    let (e, _) = rw_case(SHA3_256, 150, 1, RW + 0x40);
    let z: Vec<Fr> = (0..16u64).map(|i| Fr::from(i * 77 + 1)).collect();
    let kinds = Kinds::new(4);
    // (The CPU step on an arbitrary z is not satisfied — its state is not the witness's — but
    // its assignment must still be the same; a block passes z through and holds.)
    type Synthesis<'a> = &'a dyn Fn(ConstraintSystemRef<Fr>, &[FpVar<Fr>]) -> Vec<FpVar<Fr>>;
    let assign = |f: Synthesis<'_>, holds: Option<bool>| {
        let cs = ConstraintSystem::<Fr>::new_ref();
        if holds.is_none() {
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices: false,
                generate_lc_assignments: false,
            });
        }
        let zv: Vec<FpVar<Fr>> = z
            .iter()
            .map(|x| FpVar::new_input(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        let out: Vec<Fr> = f(cs.clone(), &zv)
            .iter()
            .map(|v| v.value().unwrap())
            .collect();
        if let Some(h) = holds {
            assert_eq!(cs.is_satisfied().unwrap(), h);
        }
        let w = cs.borrow().unwrap().assignments.witness_assignment.clone();
        (w, out)
    };
    let mut n = 0;
    for (w, ks) in &e.steps {
        kinds.cpu.set(Some(w.clone()));
        let one = |holds| {
            assign(
                &|cs, zv| kinds.cpu.generate_step_constraints(cs, 0, zv).unwrap(),
                holds,
            )
        };
        let (one_m, one_w) = (one(Some(false)), one(None));
        kinds.cpu.set(None);
        let cpu = CpuStep::new(4, w.clone()).unwrap();
        let two = assign(
            &|cs, zv| cpu.generate_step_constraints(cs, 0, zv).unwrap(),
            Some(false),
        );
        assert_eq!(one_m, two);
        assert_eq!(one_w, two);
        for s in ks {
            kinds.keccak.set(Some(s.clone()));
            let one = |holds| {
                assign(
                    &|cs, zv| kinds.keccak.generate_step_constraints(cs, 0, zv).unwrap(),
                    holds,
                )
            };
            let (one_m, one_w) = (one(Some(true)), one(None));
            kinds.keccak.set(None);
            let two = assign(
                &|cs, zv| s.generate_step_constraints(cs, 0, zv).unwrap(),
                Some(true),
            );
            assert_eq!(one_m, two);
            assert_eq!(one_w, two);
            n += 1;
        }
    }
    assert_eq!(n, 2);
}
