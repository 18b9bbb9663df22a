//! Random programs executed by the VM (straight-line, and with forward branches and jumps):
//! every honest trace satisfies the step and balances the bus, for several k; and one random
//! single-slot forgery of the value written to rd is always caught.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
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
