//! Constraint mutation: perturbing any single witness variable of a step leaves it
//! unsatisfied. Checked for every witness variable of every step of a program whose slots
//! are all active and cover each component (ALU, compare, shifts, mul, div by zero and
//! overflow, sub-word load and store, taken branch, jal/jalr, lui/auipc, x0 write, ecall).
//! Inactive (padding) slots are excluded by construction: their reads are gated off, so their
//! operand witnesses are free by design (they cannot reach the state or the bus).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_bn254::Fr;
use harness::enc::*;
use harness::*;

fn program() -> Vec<u32> {
    vec![
        lui(31, DATA),
        addi(1, 0, -7),
        lui(2, 0x8000_0000),
        r(1, 1, 2, 4, 3, 0x33),    // div x3, x2, x1
        r(1, 0, 1, 5, 4, 0x33),    // divu x4, x1, x0 (by zero)
        r(1, 1, 1, 1, 5, 0x33),    // mulh x5, x1, x1
        r(0x20, 1, 2, 5, 6, 0x33), // sra x6, x2, x1
        i(0x555, 1, 7, 7, 0x13),   // andi x7, x1, 0x555
        s(3, 1, 31, 0, 0x23),      // sb x1, 3(x31)
        i(2, 31, 5, 8, 0x03),      // lhu x8, 2(x31)
        i(3, 31, 0, 9, 0x03),      // lb x9, 3(x31)
        addi(0, 1, 5),             // addi x0, x1, 5 (x0 write)
        b(8, 1, 1, 0),             // beq x1, x1, +8 (taken)
        addi(10, 0, 1),            // skipped
        j(8, 11),                  // jal x11, +8
        addi(10, 0, 2),            // skipped
        u(0x1000, 15, 0x17),       // auipc x15, 1
        u(0, 12, 0x17),            // auipc x12, 0
        addi(12, 12, 13),          // x12 = pc after the jalr + 1 (bit 0 is dropped)
        jalr(13, 12, 0),           // jalr x13, 0(x12) → the next instruction
        r(0, 1, 2, 3, 14, 0x33),   // sltu x14, x2, x1
        addi(17, 0, -1),
        r(1, 17, 2, 6, 18, 0x33), // rem x18, x2, x17 (overflow case)
        addi(10, 0, 0),
    ]
}

#[test]
fn every_witness_variable_is_pinned() {
    // k = 3 over a 24-instruction run: 8 full steps, all slots active.
    let k = 3;
    let run = run(&program(), &[], &[], k);
    assert!(run.steps.iter().all(|w| w.slots.iter().all(|s| s.active)));
    assert_honest(&run, false);
    let zs = z_inputs(&run, &run.steps);
    let mut total = 0;
    for (w, z) in run.steps.iter().zip(&zs) {
        let cs = synthesize_mode(k, w, z, false);
        assert!(cs.is_satisfied().unwrap());
        let n = cs.num_witness_variables();
        for idx in 0..n {
            {
                let mut inner = cs.borrow_mut().unwrap();
                inner.assignments.witness_assignment[idx] += Fr::from(1u64);
            }
            assert!(
                !cs.is_satisfied().unwrap(),
                "witness {idx} of step at pc {:#x} is free",
                w.state.pc
            );
            let mut inner = cs.borrow_mut().unwrap();
            inner.assignments.witness_assignment[idx] -= Fr::from(1u64);
        }
        total += n;
    }
    println!("perturbed {total} witness variables");
}
