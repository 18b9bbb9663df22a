//! Host resources a guest can grow are bounded: total debug output, the retained trace, the
//! journal; and hand-built programs are validated like ELF files (no zero-size segments).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::*;
use proptest::prelude::*;
use umbra_abi::{fd, syscall as id};
use umbra_vm::elf::Segment;
use umbra_vm::trace::Step;
use umbra_vm::{ElfError, Program, SyscallError, Vm, VmConfig, VmError};

const T0: u32 = 5;
const A0: u32 = 10;
const A1: u32 = 11;
const A2: u32 = 12;

/// Forever: `a0 = fd; a1 = DATA; a2 = len; t0 = WRITE; ecall` (the call returns in a0/a1).
fn write_loop(fd: u32, len: i32) -> Vec<u32> {
    vec![
        lui(A1, DATA),
        addi(A0, 0, fd as i32),
        addi(A2, 0, len),
        addi(T0, 0, id::WRITE as i32),
        ECALL,
        j(-20, 0),
    ]
}

fn syscall_error(e: &VmError) -> Option<SyscallError> {
    match e {
        VmError::Syscall { error, .. } => Some(*error),
        _ => None,
    }
}

#[test]
fn total_output_is_bounded_across_calls() {
    let limit = 64 << 10;
    let config = VmConfig {
        output_limit: limit,
        ..VmConfig::default()
    };
    // Alternate streams too: the limit is on stdout and stderr together.
    for fd in [fd::STDOUT, fd::STDERR] {
        let mut vm = Vm::new(&program(&write_loop(fd, 2000), &[]), config).unwrap();
        let err = vm.run().unwrap_err();
        assert_eq!(syscall_error(&err), Some(SyscallError::OutputFull));
        let held = (vm.stdout().len() + vm.stderr().len()) as u64;
        // 32 whole writes of 2,000 bytes fit in 64 KiB; the 33rd is refused, not truncated.
        assert_eq!(held, 32 * 2000);
    }
}

#[test]
fn default_output_limit_stops_a_flooding_guest() {
    let mut vm = Vm::new(
        &program(&write_loop(fd::STDOUT, 2000), &[]),
        VmConfig::default(),
    )
    .unwrap();
    let err = vm.run().unwrap_err();
    assert_eq!(syscall_error(&err), Some(SyscallError::OutputFull));
    assert!(vm.stdout().len() as u64 <= VmConfig::default().output_limit);
}

#[test]
fn retained_trace_is_bounded() {
    let step = size_of::<Step>() as u64;
    let limit = 1000 * step;
    let config = VmConfig {
        trace_limit: limit,
        ..VmConfig::default()
    };
    // An endless loop of one addi and a jump.
    let mut vm = Vm::new(&program(&[addi(6, 6, 1), j(-4, 0)], &[]), config).unwrap();
    let (r, trace) = vm.run_traced();
    assert!(
        matches!(r, Err(VmError::TraceLimit { limit: l, .. }) if l == limit),
        "{r:?}"
    );
    assert_eq!(trace.steps.len() as u64, 1001);
    // The same program untraced only stops at the cycle limit.
    let mut vm = Vm::new(
        &program(&[addi(6, 6, 1), j(-4, 0)], &[]),
        VmConfig {
            cycle_limit: 5000,
            ..config
        },
    )
    .unwrap();
    assert!(matches!(vm.run(), Err(VmError::CycleLimit { .. })));
}

/// Forever: `a0 = DATA; a1 = 2000; t0 = COMMIT; ecall`.
fn commit_loop() -> Vec<u32> {
    vec![
        lui(A0, DATA),
        addi(A1, 0, 2000),
        addi(T0, 0, id::COMMIT as i32),
        ECALL,
        j(-16, 0),
    ]
}

#[test]
fn trace_limit_counts_syscall_payloads() {
    // Commit 2,000 bytes per call: the bytes each record carries count against the limit,
    // so the run stops after a few dozen calls, long before the steps alone would.
    let code = commit_loop();
    let config = VmConfig {
        trace_limit: 64 << 10,
        ..VmConfig::default()
    };
    let mut vm = Vm::new(&program(&code, &[]), config).unwrap();
    let (r, trace) = vm.run_traced();
    assert!(matches!(r, Err(VmError::TraceLimit { .. })), "{r:?}");
    assert!(trace.syscalls.len() <= 33, "{}", trace.syscalls.len());
    assert!(trace.steps.len() < 200, "{}", trace.steps.len());
}

#[test]
fn journal_limit_is_typed() {
    let mut vm = Vm::new(&program(&commit_loop(), &[]), VmConfig::default()).unwrap();
    let err = vm.run().unwrap_err();
    assert_eq!(syscall_error(&err), Some(SyscallError::JournalFull));
    assert!(vm.journal().len() as u32 <= umbra_abi::limits::MAX_JOURNAL);
}

fn seg(vaddr: u32, mem_size: u32, execute: bool) -> Segment {
    Segment {
        vaddr,
        mem_size,
        data: Vec::new(),
        read: true,
        write: !execute,
        execute,
    }
}

#[test]
fn zero_size_segments_are_rejected() {
    let code = Segment {
        data: [addi(A0, 0, 7), addi(T0, 0, 0), ECALL]
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect(),
        ..seg(CODE, 12, true)
    };
    // An empty executable segment far from the code (formerly ~512 MiB predecoded) and an
    // empty data segment (formerly an underflow computing its last byte), in either place.
    for empty in [seg(0x0fff_0000, 0, true), seg(DATA, 0, false)] {
        assert_eq!(
            Program::new(CODE, vec![empty.clone(), code.clone()]),
            Err(ElfError::EmptySegment { index: 0 })
        );
        assert_eq!(
            Program::new(CODE, vec![code.clone(), empty]),
            Err(ElfError::EmptySegment { index: 1 })
        );
    }
    assert_eq!(
        Program::from_words(CODE, &[]),
        Err(ElfError::EmptySegment { index: 0 })
    );
    let mut vm = Vm::new(
        &Program::new(CODE, vec![code]).unwrap(),
        VmConfig::default(),
    )
    .unwrap();
    assert_eq!(vm.run().unwrap().code, 7);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Hand-built segments either fail `Program::new` with a typed error or load and run
    /// (bounded) without panicking.
    #[test]
    fn hand_built_programs_never_panic(
        segs in prop::collection::vec(
            (0x0001_0000u32..0x0010_0000, 0u32..0x3000, any::<bool>(), prop::collection::vec(any::<u8>(), 0..64)),
            1..4,
        ),
        entry in 0x0001_0000u32..0x0010_0000,
    ) {
        let segments = segs
            .into_iter()
            .map(|(vaddr, mem_size, execute, data)| Segment {
                data: data.into_iter().take(mem_size as usize).collect(),
                ..seg(vaddr, mem_size, execute)
            })
            .collect();
        if let Ok(p) = Program::new(entry, segments) {
            prop_assert!(p.segments().iter().all(|s| s.mem_size > 0));
            let config = VmConfig { cycle_limit: 1000, memory_limit: 1 << 20, ..VmConfig::default() };
            if let Ok(mut vm) = Vm::new(&p, config) {
                let _ = vm.run();
            }
        }
    }
}
