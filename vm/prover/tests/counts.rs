//! Constraint counts: per instruction and per component, measured two ways (the builder's
//! own row count and arkworks' `num_constraints`), and the budget the issue sets.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_bn254::Fr;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::ConstraintSystem;
use harness::enc::*;
use harness::*;
use umbra_prover::step::{ARITY, CpuStep};

#[test]
fn rows_per_instruction_and_split() {
    let r1 = run(&[addi(10, 0, 7)], &[], &[], 1);
    let z = z_inputs(&r1, &r1.steps);
    let one = CpuStep::new(1, r1.steps[0].clone())
        .unwrap()
        .eval_native(&z[0])
        .unwrap();
    let r4 = run(&[addi(10, 0, 7)], &[], &[], 4);
    let z4 = z_inputs(&r4, &r4.steps);
    let four = CpuStep::new(4, r4.steps[0].clone())
        .unwrap()
        .eval_native(&z4[0])
        .unwrap();
    let per_insn = (four.counts.total() - one.counts.total()) / 3;
    let per_step = one.counts.total() - per_insn;
    println!("rows per instruction: {per_insn}; fixed per step: {per_step}");
    for (c, n) in &one.counts.rows {
        println!("  {c:<11} {n}");
    }
    // The arkworks system agrees with the builder's count.
    let cs = synthesize(4, &r4.steps[0], &z4[0]);
    assert_eq!(cs.num_constraints(), four.counts.total());
    assert!(per_insn <= 300, "{per_insn} rows per instruction");
    // Bus rows per slot: 14 memory/ROM/page (a1 and a3 lanes included), 2 syscall
    // (Syscall, PreArgs), 4 journal/tape, 59 lookups (docs/prover.md, section "CPU step").
    assert_eq!(one.tuples.len(), 79);
    assert_eq!(per_insn, 294);
    assert_eq!(CpuStep::shape(4).arity(), ARITY);
}

#[test]
fn step_sizes_for_the_docs() {
    // Rows and witness variables of whole steps (the setup shape) and the advice block.
    for k in [4, 16, 64] {
        let step = CpuStep::shape(k);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let z: Vec<FpVar<Fr>> = (0..ARITY)
            .map(|_| FpVar::new_input(cs.clone(), || Ok(Fr::from(0u64))).unwrap())
            .collect();
        step.generate_step_constraints(cs.clone(), 0, &z).unwrap();
        assert_eq!(cs.num_constraints(), 6 + 294 * k);
        println!(
            "k = {k}: {} rows, {} witness variables, advice {}",
            cs.num_constraints(),
            cs.num_witness_variables(),
            step.advice_len()
        );
    }
}
