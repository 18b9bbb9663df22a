//! Arbitrary instruction words and register values: every run ends in a defined result
//! (halt) or a typed error, never a panic; `x0` stays 0; execution is deterministic; and
//! it agrees with the test suite's simple reference interpreter (registers, memory, and
//! the kind and pc of any fault).
#![no_main]

#[path = "../../vm/executor/tests/common/mod.rs"]
mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use umbra_vm::{Vm, VmConfig};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 * 31 {
        return;
    }
    let (regs, rest) = data.split_at(4 * 31);
    let mut words: Vec<u32> = rest
        .chunks_exact(4)
        .take(256)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        // Only `halt` is modelled by the reference; other syscalls are checked elsewhere.
        .filter(|&w| w != 0x73)
        .collect();
    words.extend_from_slice(&HALT);
    let data_seg: Vec<u8> = (0..64u8).collect();
    let config = VmConfig {
        cycle_limit: 5_000,
        ..VmConfig::default()
    };
    let mut vm = Vm::new(&program(&words, &data_seg), config).expect("valid program");
    let mut reference = RefVm::new(&words, &data_seg);
    for (k, c) in regs.chunks_exact(4).enumerate() {
        let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        vm.set_reg(k + 1, v);
        reference.regs[k + 1] = v;
    }
    let mut again = Vm::new(&program(&words, &data_seg), config).expect("valid program");
    for k in 1..32 {
        again.set_reg(k, vm.regs()[k]);
    }
    let got = vm.run();
    assert_eq!(vm.regs()[0], 0);
    assert_eq!(again.run(), got);
    assert_eq!(again.regs(), vm.regs());
    let want = reference.run(5_000);
    match (&want, &got) {
        (RefEnd::Halt { code, regs, steps }, Ok(exit)) => {
            assert_eq!(*code, exit.code);
            assert_eq!(regs, vm.regs());
            assert_eq!(*steps, exit.instructions);
        }
        (RefEnd::Fault { pc, kind: k }, Err(e)) => {
            assert_eq!((*pc, *k), kind(e));
            assert_eq!(&reference.regs, vm.regs());
        }
        _ => panic!("reference {want:?} vs vm {got:?}"),
    }
    for (&addr, &byte) in &reference.mem {
        assert_eq!(
            vm.memory().load_u8(addr).ok(),
            Some(u32::from(byte)),
            "byte {addr:#x}"
        );
    }
});
