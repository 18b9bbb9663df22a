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
    for (i, (w, z)) in run.steps.iter().zip(&zs).enumerate() {
        let cs = synthesize_mode(k, w, z, false);
        assert!(cs.is_satisfied().unwrap());
        let n = cs.num_witness_variables();
        // Independently of the audit, on the first step: every 7th variable perturbed
        // and the whole system re-checked (every variable took minutes of CI).
        if i == 0 {
            for idx in (0..n).step_by(7) {
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
        }
        // Every variable of every step: the crate's audit.
        let pinned = umbra_prover::mutation::every_witness_pinned(&cs)
            .unwrap_or_else(|v| panic!("step at pc {:#x}: not pinned: {v:?}", w.state.pc));
        assert_eq!(pinned, n);
        total += n;
    }
    println!("perturbed {total} witness variables");
}

/// The audit itself (`umbra_prover::mutation::every_witness_pinned`, which the kinds' tests
/// rely on): a system with a free witness is reported with that witness's index, one whose
/// every witness is pinned passes with the count, and a system without matrices is refused
/// rather than passed.
#[test]
fn the_pinning_audit_finds_a_free_witness_and_refuses_a_system_without_matrices() {
    use ark_relations::gr1cs::{ConstraintSystem, LinearCombination, SynthesisMode, Variable};
    use umbra_prover::mutation::{Unpinned, every_witness_pinned};
    let lc = |v: Variable| LinearCombination::from(v);
    let build = |free: bool| {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = cs.new_witness_variable(|| Ok(Fr::from(2u64))).unwrap();
        let b = cs.new_witness_variable(|| Ok(Fr::from(3u64))).unwrap();
        let c = cs.new_witness_variable(|| Ok(Fr::from(6u64))).unwrap();
        // a·b = c, and a = 2.
        cs.enforce_r1cs_constraint(|| lc(a), || lc(b), || lc(c))
            .unwrap();
        cs.enforce_r1cs_constraint(
            || lc(a),
            || lc(Variable::One),
            || LinearCombination::from((Fr::from(2u64), Variable::One)),
        )
        .unwrap();
        if free {
            // d appears only multiplied by zero: any value satisfies the row.
            let d = cs.new_witness_variable(|| Ok(Fr::from(5u64))).unwrap();
            cs.enforce_r1cs_constraint(
                || LinearCombination::from((Fr::from(0u64), d)),
                || lc(Variable::One),
                LinearCombination::zero,
            )
            .unwrap();
        }
        cs
    };
    let pinned = build(false);
    assert!(pinned.is_satisfied().unwrap());
    assert_eq!(every_witness_pinned(&pinned), Ok(3));
    let loose = build(true);
    assert!(loose.is_satisfied().unwrap());
    assert_eq!(every_witness_pinned(&loose), Err(Unpinned::Free(3)));
    let no_matrices = ConstraintSystem::<Fr>::new_ref();
    no_matrices.set_mode(SynthesisMode::Prove {
        construct_matrices: false,
        generate_lc_assignments: false,
    });
    let a = no_matrices
        .new_witness_variable(|| Ok(Fr::from(1u64)))
        .unwrap();
    no_matrices
        .enforce_r1cs_constraint(|| lc(a), || lc(Variable::One), || lc(Variable::One))
        .unwrap();
    assert_eq!(
        every_witness_pinned(&no_matrices),
        Err(Unpinned::NoMatrices)
    );
}
