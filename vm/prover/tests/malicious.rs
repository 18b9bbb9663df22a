//! A malicious prover forges the step witness (not the executor's output). Each forgery is
//! caught, and each test asserts how: the step is unsatisfied (natively, with the violated
//! component named, and in an arkworks `ConstraintSystem`), or every step is satisfied but the
//! bus does not balance against the verifier's tables (ROM, initial memory).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_bn254::Fr;
use harness::enc::*;
use harness::*;
use umbra_prover::rom::flag;
use umbra_prover::step::{SlotWitness, StepWitness};

const K: usize = 4;

/// Executed in order: 0..=8, 10, 11, then halt (13 instructions, the last step padded).
fn program_a() -> Vec<u32> {
    vec![
        lui(31, DATA),         // 0
        addi(1, 0, 5),         // 1
        addi(2, 0, 7),         // 2
        add(3, 1, 2),          // 3: x3 = 12
        s(0, 3, 31, 2, 0x23),  // 4: sw x3, 0(x31)
        i(0, 31, 2, 4, 0x03),  // 5: lw x4, 0(x31)
        i(64, 31, 2, 7, 0x03), // 6: lw x7, 64(x31) (never written: 0)
        addi(0, 1, 3),         // 7: addi x0, x1, 3
        b(8, 4, 3, 0),         // 8: beq x3, x4, +8 (taken)
        addi(5, 0, 1),         // 9: skipped
        addi(6, 0, 9),         // 10
        add(10, 6, 7),         // 11: a0 = 9
    ]
}

fn slot(steps: &mut [StepWitness], n: usize) -> &mut SlotWitness {
    &mut steps[n / K].slots[n % K]
}

/// Which steps are unsatisfied in a real constraint system.
fn cs_unsat(run: &Run, steps: &[StepWitness]) -> Vec<usize> {
    cs_satisfied(run, steps)
        .iter()
        .enumerate()
        .filter(|(_, ok)| !**ok)
        .map(|(i, _)| i)
        .collect()
}

fn assert_unsatisfied(run: &Run, steps: &[StepWitness], n: usize, component: &str) {
    let c = check(run, steps);
    assert!(
        c.violated[n / K].contains(&component),
        "expected {component} violated in step {}, got {:?}",
        n / K,
        c.violated
    );
    assert_eq!(cs_unsat(run, steps), vec![n / K]);
}

fn assert_satisfied_but_unbalanced(run: &Run, steps: &[StepWitness]) -> Checked {
    let c = check(run, steps);
    assert!(c.satisfied(), "{:?}", c.violated);
    assert!(cs_unsat(run, steps).is_empty());
    assert!(!c.balanced(), "bus balanced");
    c
}

#[test]
fn honest_baseline() {
    let run = run(&program_a(), &[], &[], K);
    assert_eq!(run.exit, 9);
    assert_eq!(run.steps.len(), 4);
    assert_honest(&run, true);
}

#[test]
fn wrong_alu_result_is_unsatisfied() {
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    slot(&mut steps, 3).rd_new = 13;
    assert_unsatisfied(&run, &steps, 3, "result");
}

#[test]
fn write_to_x0_is_unsatisfied() {
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    assert_eq!(slot(&mut steps, 7).entry.rd, 0);
    slot(&mut steps, 7).rd_new = 8;
    assert_unsatisfied(&run, &steps, 7, "result");
}

#[test]
fn x0_result_flag_forged_is_unbalanced() {
    // The prover claims the ROM lets `addi x0, x1, 3` write its sum: the step is satisfied,
    // but no ROM row has that flag for x0.
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    let s = slot(&mut steps, 7);
    s.entry.flags |= 1 << flag::R_ADD;
    s.rd_new = 8;
    let c = assert_satisfied_but_unbalanced(&run, &steps);
    assert!(c.unmatched >= 1);
}

#[test]
fn skipped_instruction_is_unbalanced() {
    // The prover executes program A without instruction 2 and presents it as A.
    let a = run(&program_a(), &[], &[], K);
    let mut code_b = program_a();
    code_b.remove(2);
    let b = run(&code_b, &[], &[], K);
    let forged = Run {
        steps: b.steps.clone(),
        ..a
    };
    let c = assert_satisfied_but_unbalanced(&forged, &b.steps);
    assert!(c.unmatched >= 1);
}

#[test]
fn reordered_instructions_are_unbalanced() {
    let a = run(&program_a(), &[], &[], K);
    let mut code_c = program_a();
    code_c.swap(1, 2);
    let c_run = run(&code_c, &[], &[], K);
    // Same final registers, different order.
    assert_eq!(c_run.exit, a.exit);
    let forged = Run {
        steps: c_run.steps.clone(),
        ..a
    };
    let c = assert_satisfied_but_unbalanced(&forged, &c_run.steps);
    assert!(c.unmatched >= 1);
}

#[test]
fn jump_outside_the_rom_is_unbalanced() {
    // Program D jumps past A's last instruction into code A does not have.
    let a = run(&program_a(), &[], &[], K);
    let mut code_d = program_a();
    let end = code_d.len() + HALT.len(); // A's code ends here
    code_d[10] = j(4 * (end as i32 - 10), 0); // jal x0, → D's extra block
    code_d.extend_from_slice(&HALT);
    code_d.extend_from_slice(&[addi(6, 0, 9), add(10, 6, 7)]);
    let d = run(&code_d, &[], &[], K);
    assert_eq!(d.exit, 9);
    let forged = Run {
        steps: d.steps.clone(),
        ..a
    };
    let c = assert_satisfied_but_unbalanced(&forged, &d.steps);
    assert!(c.unmatched >= 1);
}

#[test]
fn stale_memory_read_is_unbalanced() {
    // `lw x4` claims the word's value before the `sw` (timestamp 0, value 0).
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    let s = slot(&mut steps, 5);
    assert_ne!(s.t_mem, 0);
    s.mem_old = 0;
    s.io = 0;
    s.t_mem = 0;
    s.rd_new = 0;
    let c = assert_satisfied_but_unbalanced(&run, &steps);
    assert_eq!(c.unmatched, 0);
}

#[test]
fn never_written_cell_read_as_nonzero_is_unbalanced() {
    // `lw x7, 64(x31)` claims 0xdeadbeef; every later use of x7 and a0 is forged to agree,
    // so only the initial set (zero, recomputed by the verifier) disagrees.
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    let forged = 0xdead_beefu32;
    {
        let s = slot(&mut steps, 6);
        s.mem_old = forged;
        s.io = forged;
        s.rd_new = forged;
    }
    {
        // Execution index 10 is instruction 11: add x10, x6, x7.
        let s = slot(&mut steps, 10);
        s.v2 = forged;
        s.rd_new = 9u32.wrapping_add(forged);
    }
    {
        // Execution index 12 is the halt ecall, which reads a0 through rd (and keeps it).
        let s = slot(&mut steps, 12);
        assert!(s.entry.has(flag::ECALL));
        s.rd_old = 9u32.wrapping_add(forged);
        s.rd_new = 9u32.wrapping_add(forged);
    }
    let c = assert_satisfied_but_unbalanced(&run, &steps);
    assert_eq!(c.unmatched, 0);
    // The same witness balances against an initial image that does hold the value: the
    // initial set is the only disagreement.
    let mut data = vec![0u8; 68];
    data[64..68].copy_from_slice(&forged.to_le_bytes());
    let other = run_program(
        program(&[program_a(), HALT.to_vec()].concat(), &data),
        &[],
        K,
    );
    let c2 = check(
        &Run {
            steps: steps.clone(),
            ..other
        },
        &steps,
    );
    assert!(c2.satisfied() && c2.balanced());
}

#[test]
fn timestamp_from_the_future_or_wrapping_is_unbalanced() {
    // Range checks are lookups: a gap ts − t_prev − 1 that wraps around the field has limbs
    // outside the 16-bit table, so no multiplicity the prover picks can balance the bus.
    let run = run(&program_a(), &[], &[], K);
    for t in [4 * 4, 4 * 4 + 1, 4 * 4 + 5, u64::MAX] {
        // Instruction 3 runs at clk 4: its rs1 read is at timestamp 16.
        let mut steps = run.steps.clone();
        slot(&mut steps, 3).t1 = t;
        let c = assert_satisfied_but_unbalanced(&run, &steps);
        assert!(c.unmatched >= 1, "t_prev {t}");
    }
    // The honest previous write is at timestamp 4·2 + 3 (instruction 1's rd).
    assert_eq!(run.steps[0].slots[3].t1, 11);
}

#[test]
fn dropped_or_duplicated_ecall_is_unbalanced() {
    let run = run(&program_a(), &[], &[], K);
    let c = check(&run, &run.steps);
    assert!(c.balanced());
    let (gamma, alpha) = challenges();
    let halt = c.ledger.syscalls().to_vec();
    assert_eq!(halt.len(), 1);
    assert_eq!(halt[0][1], Fr::from(0u64)); // id halt
    assert_eq!(halt[0][2], Fr::from(9u64)); // exit code
    for consumed in [vec![], vec![halt[0], halt[0]]] {
        let total = c
            .ledger
            .balance(
                &run.rom,
                &run.init,
                gamma,
                alpha,
                c.z_final[6],
                &consumed,
                &[],
                &[],
            )
            .unwrap();
        assert_ne!(total, Fr::from(0u64));
    }
}

#[test]
fn running_past_halt_is_unsatisfied() {
    // 13 instructions with k = 4: the halt is execution index 12, slot 0 of step 3. The
    // prover claims the padding slot after it is still executing.
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    assert!(slot(&mut steps, 12).entry.has(flag::ECALL));
    slot(&mut steps, 13).active = true;
    assert_unsatisfied(&run, &steps, 13, "control");
}

#[test]
fn stopping_before_halt_is_unsatisfied() {
    let run = run(&program_a(), &[], &[], K);
    let mut steps = run.steps.clone();
    // The prover stops after instruction 4 (a store, not an ecall) and pads the rest.
    for n in 5..13 {
        *slot(&mut steps, n) = SlotWitness::INACTIVE;
    }
    assert_unsatisfied(&run, &steps, 5, "control");
}

#[test]
fn misaligned_word_access_is_unsatisfied() {
    // A prover presenting `lw x4, 2(x31)` (which the VM faults on) as a valid aligned read
    // of the word: the ROM row is the verifier's, so only the alignment rows can object.
    let mut code = program_a();
    code[5] = i(2, 31, 2, 4, 0x03);
    let a = run(&program_a(), &[], &[], K);
    let rom_bad =
        umbra_prover::rom::Rom::from_program(&program(&[code, HALT.to_vec()].concat(), &[]));
    let mut steps = a.steps.clone();
    let s = slot(&mut steps, 5);
    s.entry = *rom_bad.get(CODE + 20).unwrap();
    let forged = Run {
        rom: rom_bad,
        steps: steps.clone(),
        ..a
    };
    assert_unsatisfied(&forged, &steps, 5, "load");
}

/// Fabricated executor steps for `op` at CODE (a load or store through x1 = `addr`, with
/// x2 = 7 as store data) followed by halt, fed to the honest witness generator: what a
/// prover with hooks presents for an access the VM faults on.
fn fabricated(op: u32, addr: u32, store: bool) -> Run {
    use umbra_prover::rom::Rom;
    use umbra_prover::witness::{InitialMemory, WitnessGen};
    use umbra_vm::trace::{MemAccess, Step};
    let mut words = vec![op];
    words.extend_from_slice(&HALT);
    let p = program(&words, &[]);
    let rom = Rom::from_program(&p);
    let init = InitialMemory::from_program(&p)
        .with_reg(1, addr)
        .with_reg(2, 7);
    let step = |pc: u32, rs1, rs2, rd, mem| Step {
        cycle: u64::from((pc - CODE) / 4),
        pc,
        insn: 0,
        rs1,
        rs2,
        rd,
        mem,
        syscall: None,
    };
    let old = init.word(addr);
    let mem = MemAccess {
        addr,
        size: 4,
        write: store,
        value: if store { 7 } else { old },
    };
    let first = if store {
        step(CODE, Some((1, addr)), Some((2, 7)), None, Some(mem))
    } else {
        step(CODE, Some((1, addr)), None, Some((4, old)), Some(mem))
    };
    let trace = [
        first,
        step(CODE + 4, Some((0, 0)), None, Some((5, 0)), None),
        step(CODE + 8, None, None, None, None),
    ];
    let mut g = WitnessGen::new(&rom, &init, CODE, K).unwrap();
    for s in &trace {
        assert!(g.push(s).unwrap().is_empty());
    }
    let steps = vec![g.finish().unwrap().unwrap()];
    Run {
        program: p,
        rom,
        init,
        steps,
        k: K,
        exit: 0,
        input: Vec::new(),
        journal: Vec::new(),
    }
}

#[test]
fn access_outside_guest_ram_is_caught() {
    let lw = i(0, 1, 2, 4, 0x03); // lw x4, 0(x1)
    assert_honest(&fabricated(lw, DATA, false), true);
    for addr in [8, 0xfffc, 0x1000_0000, 0xffff_fff0] {
        // Honest page bits (none outside RAM): the load rule objects.
        let run = fabricated(lw, addr, false);
        assert_unsatisfied(&run, &run.steps, 0, "ram");
        // Claiming a readable page instead: no such row in the verifier's page table.
        let mut steps = run.steps.clone();
        steps[0].slots[0].perm = 1;
        let c = assert_satisfied_but_unbalanced(&run, &steps);
        assert!(c.unmatched >= 1, "address {addr:#x}");
    }
}

#[test]
fn store_to_read_only_code_is_caught() {
    let sw = s(0, 2, 1, 2, 0x23); // sw x2, 0(x1)
    assert_honest(&fabricated(sw, DATA, true), true);
    let run = fabricated(sw, CODE, true);
    assert_eq!(run.steps[0].slots[0].perm, 1); // R|X page: readable, not writable
    assert_unsatisfied(&run, &run.steps, 0, "ram");
    let mut steps = run.steps.clone();
    steps[0].slots[0].perm = 3;
    let c = assert_satisfied_but_unbalanced(&run, &steps);
    assert!(c.unmatched >= 1);
}
