//! ELF loader validation: a hand-built valid file loads and runs; each malformation yields
//! its typed error; arbitrary and mutated bytes never panic.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::*;
use proptest::prelude::*;
use umbra_vm::{ElfError, Program, Vm, VmConfig};

struct Ph {
    ty: u32,
    offset: u32,
    vaddr: u32,
    filesz: u32,
    memsz: u32,
    flags: u32,
}

fn build(entry: u32, phs: &[Ph], payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0u8; 52];
    f[0..4].copy_from_slice(b"\x7fELF");
    f[4] = 1; // ELFCLASS32
    f[5] = 1; // little-endian
    f[6] = 1; // EV_CURRENT
    f[16..18].copy_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    f[18..20].copy_from_slice(&243u16.to_le_bytes()); // EM_RISCV
    f[20..24].copy_from_slice(&1u32.to_le_bytes());
    f[24..28].copy_from_slice(&entry.to_le_bytes());
    f[28..32].copy_from_slice(&52u32.to_le_bytes()); // e_phoff
    f[40..42].copy_from_slice(&52u16.to_le_bytes()); // e_ehsize
    f[42..44].copy_from_slice(&32u16.to_le_bytes()); // e_phentsize
    f[44..46].copy_from_slice(&(phs.len() as u16).to_le_bytes());
    for p in phs {
        for v in [
            p.ty, p.offset, p.vaddr, p.vaddr, p.filesz, p.memsz, p.flags, 4,
        ] {
            f.extend_from_slice(&v.to_le_bytes());
        }
    }
    f.extend_from_slice(payload);
    f
}

/// Text: `lui a0, 0x30000; lw a0, 0(a0); addi t0, x0, 0; ecall` — loads a word from a
/// `.data` segment whose first 4 bytes are in the file and the rest is `.bss`.
fn valid() -> Vec<u8> {
    let text: Vec<u8> = [
        lui(10, DATA),
        i(4, 10, 2, 11, 0x03),
        i(0, 10, 2, 10, 0x03),
        HALT[0],
        HALT[1],
    ]
    .iter()
    .flat_map(|w| w.to_le_bytes())
    .collect();
    let hdr = 52 + 2 * 32;
    let mut payload = text.clone();
    payload.extend_from_slice(&7u32.to_le_bytes());
    build(
        CODE,
        &[
            Ph {
                ty: 1,
                offset: hdr,
                vaddr: CODE,
                filesz: text.len() as u32,
                memsz: text.len() as u32,
                flags: 5,
            },
            Ph {
                ty: 1,
                offset: hdr + text.len() as u32,
                vaddr: DATA,
                filesz: 4,
                memsz: 64,
                flags: 6,
            },
        ],
        &payload,
    )
}

#[test]
fn valid_file_runs_with_zeroed_bss() {
    let elf = valid();
    let mut vm = Vm::from_elf(&elf, VmConfig::default()).unwrap();
    vm.memory_mut().store_u32(DATA + 4, 0).unwrap();
    let exit = vm.run().unwrap();
    assert_eq!(exit.code, 7);
    assert_eq!(vm.regs()[11], 0); // .bss word
    let p = Program::from_elf(&elf).unwrap();
    assert_eq!(p.segments()[1].mem_size, 64);
    assert_eq!(p.entry(), CODE);
}

fn patch(mut f: Vec<u8>, off: usize, bytes: &[u8]) -> Vec<u8> {
    f[off..off + bytes.len()].copy_from_slice(bytes);
    f
}

#[test]
fn every_malformation_has_its_error() {
    let v = valid;
    let ph1 = 52; // first program header
    let ph2 = 84;
    let cases: Vec<(Vec<u8>, ElfError)> = vec![
        (v()[..40].to_vec(), ElfError::TooShort),
        (patch(v(), 0, b"\x7fELG"), ElfError::BadMagic),
        (patch(v(), 4, &[2]), ElfError::NotElf32),
        (patch(v(), 5, &[2]), ElfError::NotLittleEndian),
        (patch(v(), 6, &[0]), ElfError::BadVersion),
        (patch(v(), 20, &[2]), ElfError::BadVersion),
        (patch(v(), 16, &3u16.to_le_bytes()), ElfError::NotExecutable),
        (patch(v(), 18, &62u16.to_le_bytes()), ElfError::NotRiscV),
        (
            patch(v(), 36, &1u32.to_le_bytes()),
            ElfError::CompressedUnsupported,
        ),
        (
            patch(v(), 42, &56u16.to_le_bytes()),
            ElfError::BadProgramHeaderSize,
        ),
        (
            patch(v(), 44, &65u16.to_le_bytes()),
            ElfError::TooManySegments,
        ),
        (
            patch(v(), 44, &40u16.to_le_bytes()),
            ElfError::ProgramHeadersOutOfBounds,
        ),
        (
            patch(v(), 28, &u32::MAX.to_le_bytes()),
            ElfError::ProgramHeadersOutOfBounds,
        ),
        (
            patch(v(), ph1 + 4, &0xffff_fff0u32.to_le_bytes()),
            ElfError::SegmentOutOfFile { index: 0 },
        ),
        (
            patch(v(), ph2 + 16, &1000u32.to_le_bytes()),
            ElfError::FileSizeExceedsMemSize { index: 1 },
        ),
        (
            patch(v(), ph2 + 8, &0x100u32.to_le_bytes()),
            ElfError::SegmentOutsideRam { index: 1 },
        ),
        (
            patch(v(), ph2 + 8, &0x0fff_fff0u32.to_le_bytes()),
            ElfError::SegmentOutsideRam { index: 1 },
        ),
        (
            patch(v(), ph2 + 8, &(CODE + 8).to_le_bytes()),
            ElfError::SegmentOverlap { index: 1 },
        ),
        (
            patch(v(), ph2 + 8, &(CODE + 0x800).to_le_bytes()),
            ElfError::WritableExecutable { index: 1 },
        ),
        (
            patch(v(), ph1 + 24, &7u32.to_le_bytes()),
            ElfError::WritableExecutable { index: 0 },
        ),
        (
            patch(v(), 24, &(CODE + 2).to_le_bytes()),
            ElfError::BadEntry { entry: CODE + 2 },
        ),
        (
            patch(v(), 24, &DATA.to_le_bytes()),
            ElfError::BadEntry { entry: DATA },
        ),
        (
            patch(v(), ph1, &4u32.to_le_bytes()),
            ElfError::BadEntry { entry: CODE },
        ),
        (
            patch(
                patch(v(), ph2 + 8, &0x0200_0000u32.to_le_bytes()),
                ph1 + 20,
                &(17u32 << 20).to_le_bytes(),
            ),
            ElfError::CodeTooLarge,
        ),
        (
            patch(
                patch(v(), ph1, &4u32.to_le_bytes()),
                ph2,
                &4u32.to_le_bytes(),
            ),
            ElfError::NoLoadableSegment,
        ),
    ];
    for (k, (bytes, want)) in cases.into_iter().enumerate() {
        assert_eq!(Program::from_elf(&bytes), Err(want), "case {k}");
    }
}

#[test]
fn large_bss_counts_against_the_memory_limit() {
    let big_bss = patch(valid(), 84 + 20, &(1u32 << 24).to_le_bytes());
    assert!(Vm::from_elf(&big_bss, VmConfig::default()).is_ok());
    let small = VmConfig {
        memory_limit: 1 << 24,
        ..VmConfig::default()
    };
    assert_eq!(
        Vm::from_elf(&big_bss, small).err(),
        Some(umbra_vm::VmError::Load(ElfError::MemoryLimit))
    );
}

#[test]
fn loading_respects_memory_limit() {
    let e = Vm::from_elf(
        &valid(),
        VmConfig {
            memory_limit: 4096,
            ..VmConfig::default()
        },
    );
    assert_eq!(
        e.err(),
        Some(umbra_vm::VmError::Load(ElfError::MemoryLimit))
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Program::from_elf(&bytes);
    }

    #[test]
    fn mutated_valid_files_never_panic(edits in prop::collection::vec((0usize..200, any::<u8>()), 1..8)) {
        let mut f = valid();
        for (at, byte) in edits {
            let at = at % f.len();
            f[at] = byte;
        }
        if let Ok(mut vm) = Vm::from_elf(&f, VmConfig { cycle_limit: 1000, ..VmConfig::default() }) {
            let _ = vm.run();
        }
    }
}
