//! Random programs executed by the VM (straight-line, and with forward branches and jumps):
//! every honest trace satisfies the step and balances the bus, for several k; and one random
//! single-slot forgery of the value written to rd is always caught.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use harness::enc::*;
use harness::*;
use proptest::prelude::*;

fn value() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(1),
        Just(u32::MAX),
        Just(0x8000_0000),
        Just(0x7fff_ffff),
        any::<u32>(),
        any::<u32>(),
    ]
}

/// One instruction; x31 holds DATA and is never a destination. Memory offsets are aligned
/// to the access size (the VM faults on misaligned accesses).
fn insn() -> impl Strategy<Value = u32> {
    let rd = 0u32..31;
    let src = 0u32..32;
    prop_oneof![
        4 => (0usize..18, rd.clone(), src.clone(), src.clone())
            .prop_map(|(k, d, a, bb)| r(R_OPS[k].0, bb, a, R_OPS[k].1, d, 0x33)),
        3 => (prop::sample::select(vec![0u32, 2, 3, 4, 6, 7]), rd.clone(), src.clone(), -2048i32..2048)
            .prop_map(|(f3, d, a, imm)| i(imm, a, f3, d, 0x13)),
        1 => (prop::sample::select(vec![(1u32, 0u32), (5, 0), (5, 0x400)]), rd.clone(), src.clone(), 0i32..32)
            .prop_map(|((f3, hi), d, a, sh)| i(hi as i32 | sh, a, f3, d, 0x13)),
        1 => (rd.clone(), any::<u32>(), prop::bool::ANY)
            .prop_map(|(d, imm, pcrel)| u(imm, d, if pcrel { 0x17 } else { 0x37 })),
        2 => (prop::sample::select(vec![(0u32, 1i32), (4, 1), (1, 2), (5, 2), (2, 4)]), rd.clone(), 0i32..512)
            .prop_map(|((f3, size), d, off)| i(off * size, 31, f3, d, 0x03)),
        2 => (prop::sample::select(vec![(0u32, 1i32), (1, 2), (2, 4)]), src.clone(), 0i32..512)
            .prop_map(|((f3, size), v, off)| s(off * size, v, 31, f3, 0x23)),
    ]
}

/// Straight-line instructions plus forward branches and jumps (skipping 0–2 instructions,
/// so every run terminates; the program is padded with no-ops before the halt).
fn insn_with_control() -> impl Strategy<Value = u32> {
    prop_oneof![
        6 => insn(),
        1 => (prop::sample::select(vec![0u32, 1, 4, 5, 6, 7]), 0u32..32, 0u32..32, 1i32..4)
            .prop_map(|(f3, a, bb, skip)| b(4 * skip, bb, a, f3)),
        1 => (0u32..31, 1i32..4).prop_map(|(d, skip)| j(4 * skip, d)),
    ]
}

fn case() -> impl Strategy<Value = (Vec<u32>, Vec<u32>, usize)> {
    (
        prop::collection::vec(insn(), 1..40),
        prop::collection::vec(value(), 30),
        prop::sample::select(vec![1usize, 3, 8]),
    )
}

/// The proved variant's program: set x1..x30 with `lui`/`addi` and x31 = DATA (a proved
/// program starts from the VM's registers), run `code`, store x1..x30 to DATA + 0x704 and
/// commit them: the journal is the final register file.
fn proved_program(code: &[u32], vals: &[u32]) -> umbra_vm::Program {
    let mut words = Vec::new();
    for (r, &v) in vals.iter().enumerate() {
        let rd = r as u32 + 1;
        words.push(lui(rd, v.wrapping_add(0x800) & 0xffff_f000));
        words.push(addi(rd, rd, ((v << 20) as i32) >> 20));
    }
    words.push(lui(31, DATA));
    words.extend_from_slice(code);
    for r in 1..31u32 {
        words.push(s(0x700 + 4 * r as i32, r, 31, 2, 0x23));
    }
    // commit(DATA + 0x704, 120)
    words.extend_from_slice(&[addi(10, 31, 0x704), addi(11, 0, 120), addi(5, 0, 4), ECALL]);
    words.extend_from_slice(&HALT);
    let data: Vec<u8> = (0..2048u32)
        .map(|x| (x.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    program(&words, &data)
}

fn prover_params() -> &'static umbra_prover::ProverParams {
    static P: std::sync::OnceLock<umbra_prover::ProverParams> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        umbra_prover::ProverParams::setup_for(64, umbra_prover::KindSet::BASE).unwrap()
    })
}

fn regs(vals: &[u32]) -> Vec<(usize, u32)> {
    let mut v: Vec<(usize, u32)> = vals.iter().enumerate().map(|(r, &x)| (r + 1, x)).collect();
    v.push((31, DATA));
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn honest_random_programs_satisfy_and_balance((code, vals, k) in case()) {
        let data: Vec<u8> = (0..2048u32).map(|x| (x.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        let run = run(&code, &data, &regs(&vals), k);
        let c = check(&run, &run.steps);
        prop_assert!(c.satisfied(), "{:?}", c.violated);
        prop_assert_eq!(c.unmatched, 0);
        prop_assert!(c.balanced());
    }

    #[test]
    fn honest_random_programs_with_forward_branches(
        code in prop::collection::vec(insn_with_control(), 1..40),
        vals in prop::collection::vec(value(), 30),
        k in prop::sample::select(vec![1usize, 4]),
    ) {
        let mut code = code;
        code.extend_from_slice(&[addi(0, 0, 0); 3]);
        let run = run(&code, &[], &regs(&vals), k);
        let c = check(&run, &run.steps);
        prop_assert!(c.satisfied(), "{:?}", c.violated);
        prop_assert_eq!(c.unmatched, 0);
        prop_assert!(c.balanced());
    }

    #[test]
    fn forged_rd_value_is_caught((code, vals, k) in case(), which in any::<prop::sample::Index>(), delta in 1u32..) {
        let run = run(&code, &[], &regs(&vals), k);
        let mut steps = run.steps.clone();
        let n = which.index(code.len());
        let slot = &mut steps[n / k].slots[n % k];
        slot.rd_new = slot.rd_new.wrapping_add(delta);
        let c = check(&run, &steps);
        // The result row recomputes the value (0 for x0, whose result flags the ROM clears).
        prop_assert!(c.violated[n / k].contains(&"result"), "{:?}", c.violated);
    }
}

proptest! {
    // Each case is a real proof (a few folds and a verification): few cases.
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    /// Random straight-line programs executed by the VM and proved by the folding prover:
    /// the verified journal (the final register file), exit code and cycles are the VM's.
    #[test]
    fn random_programs_proved_and_verified(
        code in prop::collection::vec(insn(), 1..60),
        vals in prop::collection::vec(value(), 30),
    ) {
        use ark_std::rand::SeedableRng;
        let program = proved_program(&code, &vals);
        let mut vm = umbra_vm::Vm::new(&program, umbra_vm::VmConfig::default()).unwrap();
        let exit = vm.run().unwrap();
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(code.len() as u64);
        let proof = umbra_prover::prove(
            prover_params(),
            &program,
            &[],
            &umbra_prover::ProveOptions::default(),
            &mut |_| {},
            &mut rng,
        )
        .unwrap();
        let v = umbra_prover::verify(prover_params(), &program, &proof).unwrap();
        prop_assert_eq!(v.journal.len(), 120);
        prop_assert_eq!(&v.journal[..], vm.journal());
        prop_assert_eq!(v.exit_code, exit.code);
        prop_assert_eq!(v.cycles, exit.cycles);
    }
}
