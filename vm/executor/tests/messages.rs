//! `VmError`'s `Display` is a sentence for every variant: what happened and
//! where (hex addresses), never the `Debug` form.

use umbra_vm::memory::{Access, MemFault};
use umbra_vm::{ElfError, SyscallError, VmError};

fn all_errors() -> Vec<VmError> {
    let faults = [
        MemFault::Access {
            addr: 0x2000_0010,
            access: Access::Read,
        },
        MemFault::Access {
            addr: 0x2000_0010,
            access: Access::Write,
        },
        MemFault::Access {
            addr: 0x2000_0010,
            access: Access::Execute,
        },
        MemFault::Misaligned {
            addr: 0x2000_0011,
            size: 4,
        },
        MemFault::Limit {
            addr: 0x2000_0000,
            limit: 1 << 20,
        },
    ];
    let syscall_errors = [
        SyscallError::BadPointer { addr: 0x10, len: 8 },
        SyscallError::Misaligned { addr: 0x11 },
        SyscallError::BadLength { len: 9 },
        SyscallError::BadEncoding,
        SyscallError::BadVariant { value: 7 },
        SyscallError::UnknownSyscall,
        SyscallError::Unavailable,
        SyscallError::BadFd { fd: 9 },
        SyscallError::JournalFull,
        SyscallError::OutputFull,
    ];
    let mut out: Vec<VmError> = faults
        .into_iter()
        .map(|fault| VmError::Memory {
            pc: 0x1000,
            insn: 0x0000_2083,
            fault,
        })
        .collect();
    out.extend([
        VmError::Fetch { pc: 0x1004 },
        VmError::MisalignedJump {
            pc: 0x1008,
            target: 0x1002,
        },
        VmError::IllegalInstruction {
            pc: 0x100c,
            insn: 0xffff_ffff,
        },
        VmError::CsrAccess {
            pc: 0x1010,
            insn: 0x3000_2073,
            csr: 0x300,
        },
        VmError::Ebreak { pc: 0x1014 },
        VmError::CycleLimit {
            pc: 0x1018,
            limit: 1000,
        },
        VmError::TraceLimit {
            pc: 0x101c,
            limit: 4096,
        },
        VmError::Load(ElfError::BadMagic),
        VmError::Load(ElfError::TooShort),
    ]);
    out.extend(syscall_errors.into_iter().map(|error| VmError::Syscall {
        pc: 0x1020,
        id: 0x42,
        name: "write",
        error,
    }));
    out
}

#[test]
fn every_vm_error_displays_as_a_sentence() {
    for e in all_errors() {
        let text = e.to_string();
        let debug = format!("{e:?}");
        assert_ne!(text, debug);
        // No Debug artefacts: struct braces, `field: value` pairs, variant names.
        assert!(!text.contains('{') && !text.contains('}'), "{text}");
        for artefact in [
            "pc:",
            "insn:",
            "addr:",
            "fault:",
            "Memory",
            "Syscall {",
            "Access",
            "Misaligned {",
            "BadPointer",
            "Load(",
        ] {
            assert!(!text.contains(artefact), "{text:?} contains {artefact:?}");
        }
        assert!(text.starts_with("the "), "{text}");
        if !matches!(e, VmError::Load(_)) {
            // Every execution error names where it happened, in hex.
            assert!(text.contains("pc 0x"), "{text}");
        }
    }
}
