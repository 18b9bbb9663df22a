//! System calls in the CPU step (issue #19, "Syscalls"): honest guests using every built-in
//! call satisfy every step, balance the bus against the public journal and the private tape,
//! and reproduce the VM's journal, exit code and cycle count; forged witnesses and forged
//! statements are caught; every witness variable of the syscall slots is pinned.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_bn254::Fr;
use harness::enc::*;
use harness::io::*;
use harness::*;
use umbra_prover::rom::flag;
use umbra_prover::step::{SlotWitness, StepWitness};

fn honest(k: usize) -> Run {
    run_io(&program_io(), &data(), INPUT, k)
}

/// Index of the `n`-th slot (in execution order) satisfying `pred`.
fn find(steps: &[StepWitness], n: usize, pred: impl Fn(&SlotWitness) -> bool) -> (usize, usize) {
    let k = steps[0].slots.len();
    let idx = steps
        .iter()
        .flat_map(|w| &w.slots)
        .enumerate()
        .filter(|(_, s)| pred(s))
        .nth(n)
        .unwrap()
        .0;
    (idx / k, idx % k)
}

/// Continuation slots: active, fetched the all-zero entry, touched RAM.
fn is_cont(s: &SlotWitness) -> bool {
    s.active && s.entry.flags == 0 && s.perm != 0
}

#[test]
fn honest_syscalls_satisfy_balance_and_match_the_vm() {
    for k in [1, 3, 4] {
        let run = honest(k);
        let mut expected = data()[1..12].to_vec();
        expected.extend_from_slice(INPUT);
        assert_eq!(run.journal, expected);
        assert_honest(&run, k == 4);
        let c = check(&run, &run.steps);
        // The exit code (the cycle count) is the halt tuple's.
        let halt = c.ledger.syscalls();
        assert_eq!(halt.len(), 1);
        assert_eq!(halt[0][2], Fr::from(run.exit));
        // The final state's cycle counter is the VM's, and cycle_count saw it minus the
        // halt and the `addi t0` before it.
        let (_, trace) = {
            let mut vm = umbra_vm::Vm::new(&run.program, umbra_vm::VmConfig::default())
                .unwrap()
                .with_input(INPUT.to_vec());
            let e = vm.run().unwrap();
            (e, e.cycles)
        };
        assert_eq!(c.z_final[7], Fr::from(trace));
        assert_eq!(u64::from(run.exit) + 2, trace);
        // The whole input was read; the journal length is public.
        assert_eq!(c.z_final[9], Fr::from(INPUT.len() as u64));
        assert_eq!(c.ledger.tape_read().unwrap(), INPUT);
    }
}

#[test]
fn altered_dropped_or_extra_journal_byte_is_unbalanced() {
    let run = honest(4);
    let c = check(&run, &run.steps);
    assert!(c.satisfied() && c.balanced() && c.final_ok);
    let mut altered = run.journal.clone();
    altered[3] ^= 1;
    let dropped = run.journal[..run.journal.len() - 1].to_vec();
    let mut extra = run.journal.clone();
    extra.push(0);
    let mut swapped = run.journal.clone();
    swapped.swap(0, 1);
    for (claim, length_ok) in [
        (altered, true),
        (dropped, false),
        (extra, false),
        (swapped, true),
    ] {
        let c = check_io(&run, &run.steps, &claim, &run.input);
        assert!(c.satisfied());
        assert!(!c.balanced(), "journal claim {claim:?}");
        assert_eq!(c.final_ok, length_ok);
    }
}

#[test]
fn different_private_input_with_the_same_journal_is_unbalanced() {
    let run = honest(4);
    let mut tape = run.input.clone();
    tape[7] ^= 0x40;
    let c = check_io(&run, &run.steps, &run.journal, &tape);
    assert!(c.satisfied());
    assert!(!c.balanced());
}

#[test]
fn forged_read_result_not_matching_the_tape_is_caught() {
    // read_private(DATA, 4) and nothing reads the bytes back: the tape tuple is the only
    // witness of what was read.
    let code = [
        lui(10, DATA),
        addi(11, 0, 4),
        addi(5, 0, 2),
        ECALL,
        addi(10, 0, 0),
    ];
    let run = run_io(&code, &[], b"abcd", 4);
    assert_honest(&run, true);
    let (si, j) = find(&run.steps, 0, is_cont);
    let mut steps = run.steps.clone();
    steps[si].slots[j].io ^= 0x0000_ff00; // byte 1: 'b' → something else
    let c = check(&run, &steps);
    assert!(c.satisfied(), "{:?}", c.violated);
    assert!(!c.balanced());
    // Against a tape holding the forged byte it balances: the tape is the only objection.
    let forged = (steps[si].slots[j].io).to_le_bytes();
    let c = check_io(&run, &steps, &[], &forged);
    assert!(c.satisfied() && c.balanced() && c.final_ok);
}

#[test]
fn wrong_syscall_results_are_unsatisfied() {
    let run = honest(4);
    let ecall_id =
        |id: u32| move |s: &SlotWitness| s.active && s.entry.has(flag::ECALL) && s.v1 == id;
    // a0 of cycle_count, both private_remaining calls, two read_private calls (6 bytes and
    // end of input), write (len) and commit (0): each forged by one bit.
    for (id, nth) in [(5, 0), (3, 0), (3, 1), (2, 0), (2, 2), (1, 0), (4, 0)] {
        let (si, j) = find(&run.steps, nth, ecall_id(id));
        let mut steps = run.steps.clone();
        steps[si].slots[j].rd_new ^= 1;
        let c = check(&run, &steps);
        assert!(
            c.violated[si].contains(&"result"),
            "id {id}: {:?}",
            c.violated
        );
        assert_eq!(
            cs_satisfied(&run, &steps)
                .iter()
                .enumerate()
                .filter(|(_, ok)| !**ok)
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            vec![si]
        );
    }
}

#[test]
fn write_or_commit_changing_memory_is_unsatisfied() {
    let run = honest(4);
    // Continuation slots of the first commit (0), of write (3 = after commit's 3 slots)
    for n in [0, 3] {
        let (si, j) = find(&run.steps, n, is_cont);
        let mut steps = run.steps.clone();
        steps[si].slots[j].io ^= 0x0101_0101;
        let c = check(&run, &steps);
        assert!(c.violated[si].contains(&"transfer"), "{:?}", c.violated);
    }
}

#[test]
fn every_witness_variable_of_syscall_steps_is_pinned() {
    let k = 3;
    let run = honest(k);
    assert_honest(&run, false);
    let zs = z_inputs(&run, &run.steps);
    let mut total = 0;
    for (w, z) in run.steps.iter().zip(&zs) {
        // Padding slots (after the halt) are free by design.
        if !w.slots.iter().all(|s| s.active) {
            continue;
        }
        let cs = synthesize_mode(k, w, z, false);
        assert!(cs.is_satisfied().unwrap());
        // The crate's audit: each witness variable perturbed by one, every row touching it
        // re-evaluated (`mutation.rs` checks it against `is_satisfied`).
        total += umbra_prover::mutation::every_witness_pinned(&cs)
            .unwrap_or_else(|v| panic!("step at clk {}: not pinned: {v:?}", w.state.clk));
    }
    println!("perturbed {total} witness variables");
    assert!(total > 0);
}

#[test]
fn streaming_tracer_with_syscalls_matches_recorded_trace() {
    use umbra_prover::witness::{StreamingTracer, WitnessGen};
    let k = 3;
    let recorded = honest(k);
    let p = recorded.program.clone();
    let mut streamed = Vec::new();
    let g = WitnessGen::new(&recorded.rom, &recorded.init, p.entry(), k)
        .unwrap()
        .with_input(INPUT.to_vec());
    let mut t = StreamingTracer::new(g, |w| streamed.push(w));
    let exit = umbra_vm::Vm::new(&p, umbra_vm::VmConfig::default())
        .unwrap()
        .with_input(INPUT.to_vec())
        .run_with(&mut t)
        .unwrap();
    t.finish().unwrap();
    assert_eq!(exit.code, recorded.exit);
    assert_eq!(streamed, recorded.steps);
}

#[test]
fn write_to_a_bad_descriptor_is_unsatisfied() {
    let run = honest(4);
    let (si, j) = find(&run.steps, 0, |s| {
        s.active && s.entry.has(flag::ECALL) && s.v1 == umbra_abi::syscall::WRITE
    });
    assert_eq!(run.steps[si].slots[j].rd_old, 1);
    for fd in [0, 3] {
        let mut steps = run.steps.clone();
        steps[si].slots[j].rd_old = fd;
        let c = check(&run, &steps);
        assert!(c.violated[si].contains(&"syscall"), "{:?}", c.violated);
    }
}

/// `ecall` `id` with a0 = `a0`, a1 = 4, then halt, fed to the honest generator as fabricated
/// executor steps (the VM faults on the call): what a prover with hooks presents.
fn fabricated_transfer(id: u32, a0: u32) -> Run {
    use umbra_prover::rom::Rom;
    use umbra_prover::witness::{InitialMemory, WitnessGen};
    use umbra_vm::trace::Step;
    let code = [
        addi(11, 0, 4),
        addi(5, 0, id as i32),
        ECALL,
        addi(5, 0, 0),
        ECALL,
    ];
    let p = program(&code, &[]);
    let rom = Rom::from_program(&p);
    let init = InitialMemory::from_program(&p).with_reg(10, a0);
    let step = |cycle: u64, pc: u32, rs1, rd| Step {
        cycle,
        pc,
        insn: 0,
        rs1,
        rs2: None,
        rd,
        mem: None,
        syscall: None,
    };
    let trace = [
        step(0, CODE, Some((0, 0)), Some((11, 4))),
        step(1, CODE + 4, Some((0, 0)), Some((5, id))),
        step(2, CODE + 8, None, None),
        // The call moved 4 bytes: 1 + ⌈4/4⌉ cycles.
        step(4, CODE + 12, Some((0, 0)), Some((5, 0))),
        step(5, CODE + 16, None, None),
    ];
    let input = b"abcd".to_vec();
    let mut g = WitnessGen::new(&rom, &init, CODE, 4)
        .unwrap()
        .with_input(input.clone());
    let mut steps = Vec::new();
    for s in &trace {
        steps.extend(g.push(s).unwrap());
    }
    let journal = g.journal().to_vec();
    steps.extend(g.finish().unwrap());
    Run {
        program: p,
        rom,
        init,
        steps,
        k: 4,
        exit: 0,
        input,
        journal,
    }
}

#[test]
fn transfers_outside_permitted_memory_are_caught() {
    use umbra_abi::syscall::{COMMIT, READ_PRIVATE};
    // Honest baselines: guest RAM is readable and writable.
    assert_honest(&fabricated_transfer(READ_PRIVATE, DATA), true);
    assert_honest(&fabricated_transfer(COMMIT, DATA + 2), true);
    // read_private into the code page (R, X: not writable), commit from unmapped memory
    // and from the top of the address space.
    for (id, a0, bits) in [
        (READ_PRIVATE, CODE, 3u8),
        (COMMIT, 0x100, 1),
        (COMMIT, 0xffff_fff0, 1),
    ] {
        let run = fabricated_transfer(id, a0);
        // Slot 3 (after the ecall at slot 2) is the continuation slot.
        let (si, j) = (0, 3);
        assert!(run.steps[si].slots[j].active && run.steps[si].slots[j].entry.flags == 0);
        let c = check(&run, &run.steps);
        assert!(
            c.violated[0].contains(&"ram"),
            "{id} at {a0:#x}: {:?}",
            c.violated
        );
        // Lying about the page bits instead: no such row in the verifier's page table.
        let mut steps = run.steps.clone();
        steps[si].slots[j].perm = bits;
        let c = check(&run, &steps);
        assert!(c.satisfied(), "{:?}", c.violated);
        assert!(c.unmatched >= 1 && !c.balanced());
    }
}

#[test]
fn precompile_call_emits_tuples_only_its_kind_consumes() {
    // lw t0, 0(DATA); ecall; a0 = 0; halt. With t0 = 3 (private_remaining, no input) the
    // call writes a0 = 0, a1 = 0: registers a precompile leaving them alone also holds.
    let code = [lui(31, DATA), i(0, 31, 2, 5, 0x03), ECALL, addi(10, 0, 0)];
    let honest = run(&code, &3u32.to_le_bytes(), &[], 4);
    assert_honest(&honest, false);
    // The same execution with t0 = sha3_256 (0x100) from the data: every slot is forged to
    // agree, so the steps are satisfied...
    let mut words = code.to_vec();
    words.extend_from_slice(&HALT);
    let sha = umbra_abi::syscall::SHA3_256;
    let p = program(&words, &sha.to_le_bytes());
    let other = Run {
        rom: umbra_prover::rom::Rom::from_program(&p),
        init: umbra_prover::witness::InitialMemory::from_program(&p),
        program: p,
        ..honest
    };
    let mut steps = other.steps.clone();
    {
        let lw = &mut steps[0].slots[1];
        lw.mem_old = sha;
        lw.io = sha;
        lw.rd_new = sha;
        let call = &mut steps[0].slots[2];
        assert!(call.entry.has(flag::ECALL));
        call.v1 = sha;
        // The halt's `addi t0, x0, 0` overwrites t0.
        let clear = &mut steps[1].slots[0];
        assert_eq!((clear.entry.rd, clear.rd_old), (5, 3));
        clear.rd_old = sha;
    }
    let c = check(&other, &steps);
    assert!(c.satisfied(), "{:?}", c.violated);
    // ... but the call's tuples — Syscall (clk, id, a0, extra cycles, a0', a1') and PreArgs
    // (clk, a1, a2, a3) — have no consumer in the CPU: with only the halt consumed (what the
    // decider does) the bus does not balance; it does once a kind consumes both tuples.
    // (`check` consumes every emitted Syscall tuple, not the PreArgs one.)
    assert!(!c.balanced());
    let tuples = c.ledger.syscalls().to_vec();
    assert_eq!(tuples.len(), 2);
    let pre = tuples[0];
    assert_eq!(pre[1], Fr::from(sha));
    let clk = pre[0];
    // a1 = 0, a2 = 0 (x12 never written), a3 = 0 at the call.
    let zero = Fr::from(0u64);
    let args = [clk, zero, zero, zero, zero, zero];
    let (gamma, alpha) = challenges();
    let halt_only = [tuples[1]];
    let total = |consumed: &[[Fr; 6]]| {
        c.ledger
            .balance(
                &other.rom,
                &other.init,
                gamma,
                alpha,
                c.z_final[6],
                consumed,
                &[],
                &[],
            )
            .unwrap()
    };
    let kind_args = |fields: [Fr; 6]| {
        use ark_ff::Field;
        let h = umbra_prover::bus::compress(umbra_prover::bus::Tag::PreArgs, &fields, gamma);
        (alpha - h).inverse().unwrap()
    };
    assert_ne!(total(&halt_only), zero);
    assert_ne!(total(&tuples), zero);
    assert_eq!(total(&tuples) + kind_args(args), zero);
    // A consumer with other arguments (a2 = 4) does not balance it.
    let mut other_args = args;
    other_args[2] = Fr::from(4u64);
    assert_ne!(total(&tuples) + kind_args(other_args), zero);
}

#[test]
fn every_offset_and_length_moves_the_right_bytes() {
    // read_private and commit at every word offset and every length up to three words and
    // a bit, with a 9-byte input (so long reads stop at the input's end), k = 2 (transfers
    // cross step boundaries); the bytes read are committed back through memory.
    let input: Vec<u8> = (0..9).map(|x| 0xa0 + x).collect();
    for o in 0..4 {
        for len in 0..=13 {
            let code = [
                lui(31, DATA),
                // read_private(DATA + 0x100 + o, len) → x20
                addi(10, 31, 0x100 + o),
                addi(11, 0, len),
                addi(5, 0, 2),
                ECALL,
                add(20, 10, 0),
                // commit(DATA + o, len)
                addi(10, 31, o),
                addi(11, 0, len),
                addi(5, 0, 4),
                ECALL,
                // commit(DATA + 0x100 + o, x20)
                addi(10, 31, 0x100 + o),
                add(11, 20, 0),
                addi(5, 0, 4),
                ECALL,
                addi(10, 0, 0),
            ];
            let run = run_io(&code, &data(), &input, 2);
            let (o, len) = (o as usize, len as usize);
            let mut expected = data()[o..o + len].to_vec();
            expected.extend_from_slice(&input[..len.min(input.len())]);
            assert_eq!(run.journal, expected, "offset {o}, length {len}");
            assert_honest(&run, false);
        }
    }
}
