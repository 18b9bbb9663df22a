//! Arbitrary bytes as an ELF file: the loader returns a typed error or a program, never
//! panics; an accepted program runs (bounded) to a halt or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_vm::{Program, Vm, VmConfig};

fuzz_target!(|data: &[u8]| {
    let Ok(p) = Program::from_elf(data) else {
        return;
    };
    assert!(p.entry() % 4 == 0);
    let config = VmConfig {
        cycle_limit: 20_000,
        memory_limit: 1 << 24,
    };
    if let Ok(mut vm) = Vm::new(&p, config) {
        let _ = vm.run();
        assert_eq!(vm.regs()[0], 0);
    }
});
