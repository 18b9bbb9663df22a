//! Arbitrary bytes as an ELF file: the loader returns a typed error or a program, never
//! panics; an accepted program runs (bounded) to a halt or a typed error.
//!
//! Inputs whose first byte is odd are applied as edits (`offset: u16 LE, byte`) to a valid
//! two-segment RISC-V ELF, so the fuzzer explores the program-header checks rather than
//! stopping at the magic number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_vm::{Program, Vm, VmConfig};

fn template() -> Vec<u8> {
    // lui a0, 0x30; lw a1, 4(a0); addi t0, x0, 0; ecall
    let text: Vec<u8> = [0x0003_0537u32, 0x0045_2583, 0x0000_0293, 0x0000_0073]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect();
    let mut f = vec![0u8; 52];
    f[0..4].copy_from_slice(b"\x7fELF");
    f[4] = 1;
    f[5] = 1;
    f[6] = 1;
    f[16..18].copy_from_slice(&2u16.to_le_bytes());
    f[18..20].copy_from_slice(&243u16.to_le_bytes());
    f[20..24].copy_from_slice(&1u32.to_le_bytes());
    f[24..28].copy_from_slice(&0x2_0000u32.to_le_bytes());
    f[28..32].copy_from_slice(&52u32.to_le_bytes());
    f[42..44].copy_from_slice(&32u16.to_le_bytes());
    f[44..46].copy_from_slice(&2u16.to_le_bytes());
    let off = 52 + 64;
    let tlen = text.len() as u32;
    for ph in [
        [1, off, 0x2_0000, 0x2_0000, tlen, tlen, 5, 4],
        [1, off + tlen, 0x3_0000, 0x3_0000, 8, 0x100, 6, 4],
    ] {
        for v in ph {
            f.extend_from_slice(&u32::to_le_bytes(v));
        }
    }
    f.extend_from_slice(&text);
    f.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    f
}

fuzz_target!(|data: &[u8]| {
    let bytes = match data.first() {
        Some(b) if b & 1 == 1 => {
            let mut f = template();
            for e in data[1..].chunks_exact(3) {
                let at = usize::from(u16::from_le_bytes([e[0], e[1]]));
                if at < f.len() {
                    f[at] = e[2];
                } else {
                    f.push(e[2]);
                }
            }
            f
        }
        _ => data.to_vec(),
    };
    let Ok(p) = Program::from_elf(&bytes) else {
        return;
    };
    assert!(p.entry() % 4 == 0);
    let config = VmConfig {
        cycle_limit: 20_000,
        memory_limit: 1 << 24,
        ..VmConfig::default()
    };
    if let Ok(mut vm) = Vm::new(&p, config) {
        let _ = vm.run();
        assert_eq!(vm.regs()[0], 0);
    }
});
