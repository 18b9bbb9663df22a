//! Precompile plug-in interface: the [`Precompile`] trait, the [`Registry`] the VM dispatches
//! through, and the [`CallContext`] a handler uses to read arguments and guest memory.
//!
//! System calls (`halt`, `write`, `read_private`, `private_remaining`, `commit`,
//! `cycle_count`) are built into the VM. Ids from [`umbra_abi::syscall::PRECOMPILE_BASE`] on
//! are looked up in the registry; a handler decodes its arguments through the context (which
//! enforces bounds, permissions and alignment and records the bytes for the trace), runs the
//! primitive, writes results back and returns `a0`/`a1` and the cycles to charge.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use umbra_abi::{ErrorCode, OUT_ALIGN};

use crate::memory::{Memory, PERM_R, PERM_W};
use crate::trace::SyscallRecord;

/// Why a syscall faulted (the VM wraps it with the syscall id, name and pc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyscallError {
    /// A buffer is not inside accessible guest memory.
    BadPointer {
        /// Buffer start.
        addr: u32,
        /// Buffer length.
        len: u32,
    },
    /// A buffer that must be 4-byte aligned is not.
    Misaligned {
        /// Buffer start.
        addr: u32,
    },
    /// A length or count is out of range.
    BadLength {
        /// The offending value.
        len: u32,
    },
    /// A non-canonical input of a non-verifying precompile.
    BadEncoding,
    /// An unknown variant argument (field id, rule, group, nonzero reserved register).
    BadVariant {
        /// The offending value.
        value: u32,
    },
    /// The id is not defined by the ABI.
    UnknownSyscall,
    /// The id is defined by the ABI but no handler is registered in this host.
    Unavailable,
    /// Unknown file descriptor.
    BadFd {
        /// The descriptor.
        fd: u32,
    },
    /// The journal limit was reached.
    JournalFull,
    /// The run's total debug-output limit (`VmConfig::output_limit`) was reached.
    OutputFull,
}

impl core::fmt::Display for SyscallError {
    /// Why the host refused the call.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::BadPointer { addr, len } => write!(
                f,
                "the buffer {addr:#010x}..+{len} is not inside accessible guest memory"
            ),
            Self::Misaligned { addr } => {
                write!(f, "the buffer at {addr:#010x} must be 4-byte aligned")
            }
            Self::BadLength { len } => write!(f, "the length or count {len} is out of range"),
            Self::BadEncoding => f.write_str("an input is not a canonical encoding"),
            Self::BadVariant { value } => write!(
                f,
                "the variant argument {value} (field, rule, group or reserved register) is unknown"
            ),
            Self::UnknownSyscall => f.write_str("the id is not defined by the ABI"),
            Self::Unavailable => f.write_str("this host has no handler for it"),
            Self::BadFd { fd } => write!(
                f,
                "file descriptor {fd} is neither stdout (1) nor stderr (2)"
            ),
            Self::JournalFull => f.write_str("the journal would pass its limit"),
            Self::OutputFull => f.write_str("the guest's debug output would pass its limit"),
        }
    }
}

impl SyscallError {
    /// The ABI error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadPointer { .. } => ErrorCode::BadPointer,
            Self::Misaligned { .. } => ErrorCode::Misaligned,
            Self::BadLength { .. } => ErrorCode::BadLength,
            Self::BadEncoding => ErrorCode::BadEncoding,
            Self::BadVariant { .. } => ErrorCode::BadVariant,
            Self::UnknownSyscall => ErrorCode::UnknownSyscall,
            Self::Unavailable => ErrorCode::Unavailable,
            Self::BadFd { .. } => ErrorCode::BadFd,
            Self::JournalFull => ErrorCode::JournalFull,
            Self::OutputFull => ErrorCode::OutputFull,
        }
    }
}

/// What a handler returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Outcome {
    /// New `a0`.
    pub a0: u32,
    /// New `a1`.
    pub a1: u32,
    /// Cycles charged in addition to the one for the `ecall` instruction.
    pub cycles: u64,
}

/// A host precompile handler.
pub trait Precompile: Send + Sync {
    /// The ABI syscall id it serves.
    fn id(&self) -> u32;
    /// Execute one call.
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError>;
}

/// A handler's view of the call: argument registers and checked guest-memory access.
#[derive(Debug)]
pub struct CallContext<'a> {
    args: [u32; 4],
    mem: &'a mut Memory,
    record: Option<&'a mut SyscallRecord>,
}

impl<'a> CallContext<'a> {
    /// A context over `mem` with arguments `a0..a3`; `record` collects the bytes read and
    /// written when tracing.
    pub fn new(args: [u32; 4], mem: &'a mut Memory, record: Option<&'a mut SyscallRecord>) -> Self {
        Self { args, mem, record }
    }

    /// Argument register `a<i>` (`i < 4`; other indices read as 0).
    pub fn arg(&self, i: usize) -> u32 {
        self.args.get(i).copied().unwrap_or(0)
    }

    /// Require a reserved argument to be zero.
    pub fn reserved_zero(&self, i: usize) -> Result<(), SyscallError> {
        match self.arg(i) {
            0 => Ok(()),
            value => Err(SyscallError::BadVariant { value }),
        }
    }

    /// Require `addr` to be [`OUT_ALIGN`]-aligned.
    pub fn check_aligned(addr: u32) -> Result<(), SyscallError> {
        if addr.is_multiple_of(OUT_ALIGN) {
            Ok(())
        } else {
            Err(SyscallError::Misaligned { addr })
        }
    }

    /// Read `len` bytes at `addr` (readable memory; any alignment).
    pub fn read(&mut self, addr: u32, len: u32) -> Result<Vec<u8>, SyscallError> {
        self.mem
            .check_range(addr, len, PERM_R)
            .map_err(|_| SyscallError::BadPointer { addr, len })?;
        let mut out = vec![0; len as usize];
        self.mem
            .read_bytes(addr, &mut out)
            .map_err(|_| SyscallError::BadPointer { addr, len })?;
        if let Some(r) = self.record.as_deref_mut() {
            r.reads.push((addr, out.clone()));
        }
        Ok(out)
    }

    /// Read exactly `N` bytes at `addr`.
    pub fn read_array<const N: usize>(&mut self, addr: u32) -> Result<[u8; N], SyscallError> {
        let v = self.read(addr, N as u32)?;
        let mut out = [0; N];
        out.copy_from_slice(&v);
        Ok(out)
    }

    /// Write `data` at `addr` (writable memory, [`OUT_ALIGN`]-aligned). Nothing is written
    /// if any byte would fault.
    pub fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), SyscallError> {
        Self::check_aligned(addr)?;
        self.write_unaligned(addr, data)
    }

    /// Write `data` at `addr` without the alignment requirement (system calls).
    pub fn write_unaligned(&mut self, addr: u32, data: &[u8]) -> Result<(), SyscallError> {
        let len = data.len() as u32;
        self.mem
            .write_bytes(addr, data)
            .map_err(|_| SyscallError::BadPointer { addr, len })?;
        if let Some(r) = self.record.as_deref_mut() {
            r.writes.push((addr, data.to_vec()));
        }
        Ok(())
    }

    /// Check that `[addr, addr+len)` is writable and aligned, before doing expensive work.
    pub fn check_writable(&self, addr: u32, len: u32) -> Result<(), SyscallError> {
        Self::check_aligned(addr)?;
        self.mem
            .check_range(addr, len, PERM_W)
            .map_err(|_| SyscallError::BadPointer { addr, len })
    }
}

/// The precompiles a VM dispatches to, indexed by id.
#[derive(Default)]
pub struct Registry {
    handlers: Vec<Option<Box<dyn Precompile>>>,
}

impl core::fmt::Debug for Registry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

impl Registry {
    /// An empty registry (every precompile id is [`SyscallError::Unavailable`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Register a handler, replacing any handler for the same id. Ids below the precompile
    /// range are ignored (system calls are built in).
    pub fn register(&mut self, handler: Box<dyn Precompile>) -> &mut Self {
        let id = handler.id();
        if let Some(slot) = id.checked_sub(umbra_abi::syscall::PRECOMPILE_BASE) {
            let slot = slot as usize;
            if slot < 4096 {
                if self.handlers.len() <= slot {
                    self.handlers.resize_with(slot + 1, || None);
                }
                self.handlers[slot] = Some(handler);
            }
        }
        self
    }

    /// The handler for `id`.
    pub fn get(&self, id: u32) -> Option<&dyn Precompile> {
        let slot = id.checked_sub(umbra_abi::syscall::PRECOMPILE_BASE)? as usize;
        self.handlers.get(slot)?.as_deref()
    }

    /// Registered ids.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.handlers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.is_some())
            .map(|(i, _)| umbra_abi::syscall::PRECOMPILE_BASE + i as u32)
    }
}
