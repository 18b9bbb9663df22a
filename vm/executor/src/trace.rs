//! Execution trace, shaped for a folding prover.
//!
//! A trace is a sequence of fixed-shape [`Step`]s (one per executed instruction: pc, raw
//! instruction word, the two source registers with the values read, the destination register
//! with the value written, and at most one data memory access) plus one [`SyscallRecord`]
//! per `ecall` (id, argument registers, every byte range read from and written to guest
//! memory, the result registers and the cycles charged). A step that executed an `ecall`
//! carries the index of its record in [`Step::syscall`], so a non-uniform folding scheme can
//! route the step to the syscall's own circuit. Tracing is off by default and costs nothing
//! when off (the interpreter is monomorphised over [`Tracer`]).

use alloc::vec::Vec;

/// One data memory access of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemAccess {
    /// Byte address accessed.
    pub addr: u32,
    /// Access size in bytes (1, 2 or 4).
    pub size: u8,
    /// `true` for a store.
    pub write: bool,
    /// For a load: the aligned word containing `addr` as it was; for a store: the value
    /// stored (low `size` bytes).
    pub value: u32,
}

/// One executed instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// Cycle at which the step started (instructions and syscall costs so far).
    pub cycle: u64,
    /// Program counter of the instruction.
    pub pc: u32,
    /// Raw instruction word.
    pub insn: u32,
    /// First source register and the value read.
    pub rs1: Option<(u8, u32)>,
    /// Second source register and the value read.
    pub rs2: Option<(u8, u32)>,
    /// Destination register and the value written (`x0` writes are recorded as 0).
    pub rd: Option<(u8, u32)>,
    /// Data memory access.
    pub mem: Option<MemAccess>,
    /// Index into [`Trace::syscalls`] when the instruction was an `ecall`.
    pub syscall: Option<u32>,
}

/// One `ecall`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SyscallRecord {
    /// Syscall id (`t0`).
    pub id: u32,
    /// `a0..a3` at the call.
    pub args: [u32; 4],
    /// Byte ranges read from guest memory: (address, bytes).
    pub reads: Vec<(u32, Vec<u8>)>,
    /// Byte ranges written to guest memory: (address, bytes).
    pub writes: Vec<(u32, Vec<u8>)>,
    /// `a0`, `a1` after the call (unchanged registers for `halt`).
    pub ret: [u32; 2],
    /// Cycles charged for the call (including the `ecall` instruction itself).
    pub cycles: u64,
}

/// A full execution trace.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Trace {
    /// Executed instructions in order.
    pub steps: Vec<Step>,
    /// Syscalls in order.
    pub syscalls: Vec<SyscallRecord>,
}

/// Receives trace events; the interpreter is generic over it.
pub trait Tracer {
    /// Whether events are produced at all (`false` compiles the hooks away).
    const ENABLED: bool;
    /// Whether the tracer keeps what it receives in memory; the VM then bounds it by
    /// `VmConfig::trace_limit`. A streaming tracer leaves this `false` and bounds itself.
    const RETAINS: bool = false;
    /// A step finished.
    fn step(&mut self, step: Step);
    /// A syscall finished; returns its index.
    fn syscall(&mut self, record: SyscallRecord) -> u32;
}

/// Tracing off.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoTrace;

impl Tracer for NoTrace {
    const ENABLED: bool = false;
    #[inline(always)]
    fn step(&mut self, _: Step) {}
    #[inline(always)]
    fn syscall(&mut self, _: SyscallRecord) -> u32 {
        0
    }
}

impl Tracer for Trace {
    const ENABLED: bool = true;
    const RETAINS: bool = true;
    fn step(&mut self, step: Step) {
        self.steps.push(step);
    }
    fn syscall(&mut self, record: SyscallRecord) -> u32 {
        self.syscalls.push(record);
        (self.syscalls.len() - 1) as u32
    }
}
