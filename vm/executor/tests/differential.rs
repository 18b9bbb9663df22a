//! Differential test: random instruction sequences run on `umbra-vm` and on the simple
//! reference interpreter in `common/`; registers, memory, instruction counts and the way
//! each run ends (halt, or the same fault kind at the same pc) must agree.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::*;
use proptest::prelude::*;
use umbra_vm::{Vm, VmConfig};

/// Interesting register values: edge cases plus random ones.
fn value() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(1),
        Just(u32::MAX),
        Just(0x8000_0000),
        Just(0x7fff_ffff),
        Just(31),
        any::<u32>(),
        any::<u32>(),
    ]
}

fn insn() -> impl Strategy<Value = u32> {
    let rd = 1u32..31; // x31 holds the data base and is not a destination
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
        3 => (prop::sample::select(vec![0u32, 1, 2, 4, 5]), rd.clone(), -64i32..4160)
            .prop_map(|(f3, d, off)| i(off, 31, f3, d, 0x03)),
        3 => (prop::sample::select(vec![0u32, 1, 2]), src.clone(), -64i32..4160)
            .prop_map(|(f3, v, off)| s(off, v, 31, f3, 0x23)),
        2 => (prop::sample::select(vec![0u32, 1, 4, 5, 6, 7]), src.clone(), src.clone(), 1i32..6)
            .prop_map(|(f3, a, bb, k)| b(4 * k, bb, a, f3)),
        1 => (rd, 1i32..6).prop_map(|(d, k)| j(4 * k, d)),
        1 => any::<u32>().prop_filter("no ecall", |w| *w != 0x73),
    ]
}

fn fill(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
    #[test]
    fn matches_reference(
        code in prop::collection::vec(insn(), 1..64),
        regs in prop::collection::vec(value(), 31),
        seed in any::<u64>(),
    ) {
        let data = fill(seed, DATA_LEN as usize);
        let mut words = code.clone();
        words.extend_from_slice(&HALT);

        let mut reference = RefVm::new(&words, &data);
        let mut vm = Vm::new(&program(&words, &data), VmConfig { cycle_limit: 10_000, ..VmConfig::default() }).unwrap();
        for (k, v) in regs.iter().enumerate() {
            reference.regs[k + 1] = *v;
            vm.set_reg(k + 1, *v);
        }
        reference.regs[31] = DATA;
        vm.set_reg(31, DATA);

        let want = reference.run(10_000);
        let got = vm.run();
        match (&want, &got) {
            (RefEnd::Halt { code, regs, steps }, Ok(exit)) => {
                prop_assert_eq!(*code, exit.code);
                prop_assert_eq!(regs, vm.regs());
                prop_assert_eq!(*steps, exit.instructions);
            }
            (RefEnd::Fault { pc, kind: k }, Err(e)) => {
                prop_assert_eq!((*pc, *k), kind(e), "{:?}", e);
                prop_assert_eq!(&reference.regs, vm.regs());
            }
            _ => prop_assert!(false, "reference {:?} vs vm {:?}", want, got),
        }
        for addr in (DATA - 64)..(DATA + DATA_LEN + 128) {
            let r = *reference.mem.get(&addr).unwrap_or(&0) as u32;
            prop_assert_eq!(Ok(r), vm.memory().load_u8(addr), "byte {:#x}", addr);
        }
    }
}
