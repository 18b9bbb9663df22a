//! # umbra-vm — Umbra's compact RV32IM zkVM executor
//!
//! * [`mod@decode`]: every 32-bit word decodes (totally) to a compact 8-byte [`decode::Instr`];
//!   executable segments are predecoded once at load time, so the hot loop is a bounds
//!   check, a `match` and the operation.
//! * [`memory`]: sparse 4 KiB pages with R/W/X permissions, a page limit and a
//!   strict-alignment policy.
//! * [`elf`]: validated ELF32 loading (typed [`elf::ElfError`] for every malformed file).
//! * [`syscall`]: the built-in system calls and the [`syscall::Registry`] of precompile
//!   handlers (`umbra-precompiles` provides them).
//! * [`trace`]: the optional execution trace for the prover.
//!
//! ```
//! use umbra_vm::{Program, Vm, VmConfig};
//! // addi a0, x0, 7 ; addi t0, x0, 0 (halt) ; ecall
//! let p = Program::from_words(0x2_0000, &[0x0070_0513, 0x0000_0293, 0x0000_0073]).unwrap();
//! let mut vm = Vm::new(&p, VmConfig::default()).unwrap();
//! let exit = vm.run().unwrap();
//! assert_eq!((exit.code, exit.instructions), (7, 3));
//! ```
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod decode;
pub mod elf;
pub mod memory;
pub mod syscall;
pub mod trace;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use umbra_abi::{limits, memory::STACK_TOP, reg, syscall as id};

use decode::{Instr, Op, decode};
pub use elf::{ElfError, Program};
use memory::{Access, MemFault, Memory, PERM_R, PERM_W, PERM_X};
pub use syscall::{CallContext, Outcome, Precompile, Registry, SyscallError};
use trace::{MemAccess, NoTrace, Step, SyscallRecord, Trace, Tracer};

/// What one retained trace step costs in memory (for [`VmConfig::trace_limit`]).
const STEP_TRACE_BYTES: u64 = size_of::<Step>() as u64;

/// Execution limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmConfig {
    /// Most bytes of guest pages ever allocated (segments, heap, stack). Default 128 MiB.
    pub memory_limit: u64,
    /// Most cycles before [`VmError::CycleLimit`]. Default 2^34.
    pub cycle_limit: u64,
    /// Most bytes a guest may `write` to stdout and stderr together over the whole run
    /// (each call is further capped by [`limits::MAX_WRITE`]); the call that would pass it
    /// stops the guest with [`SyscallError::OutputFull`]. Default 4 MiB.
    pub output_limit: u64,
    /// Most bytes of execution trace a [`Vm::run_traced`] run may hold in memory (steps,
    /// syscall records and the bytes they carry); passing it stops the run with
    /// [`VmError::TraceLimit`]. Applies to tracers that retain what they receive
    /// ([`Tracer::RETAINS`]); streaming tracers bound their own memory. Default 1 GiB.
    pub trace_limit: u64,
}

impl Default for VmConfig {
    fn default() -> Self {
        Self {
            memory_limit: 128 << 20,
            cycle_limit: 1 << 34,
            output_limit: 4 << 20,
            trace_limit: 1 << 30,
        }
    }
}

/// How a guest stopped normally (via the `halt` syscall).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Exit {
    /// The exit code the guest passed to `halt` ([`umbra_abi::exit`]).
    pub code: u32,
    /// Instructions executed (including the final `ecall`).
    pub instructions: u64,
    /// Cycles: instructions plus the extra cost of syscalls and precompiles.
    pub cycles: u64,
}

/// Every way execution can fail. Each variant carries the pc of the faulting instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VmError {
    /// A load or store faulted.
    Memory {
        /// Faulting instruction's address.
        pc: u32,
        /// Faulting instruction word.
        insn: u32,
        /// The fault (address, access kind / alignment / limit).
        fault: MemFault,
    },
    /// The pc left executable memory.
    Fetch {
        /// The pc.
        pc: u32,
    },
    /// A taken branch or jump targets a non-4-byte-aligned address.
    MisalignedJump {
        /// The jump's address.
        pc: u32,
        /// The target.
        target: u32,
    },
    /// Not an RV32IM instruction.
    IllegalInstruction {
        /// Its address.
        pc: u32,
        /// The word.
        insn: u32,
    },
    /// A CSR instruction (no CSRs exist in this VM).
    CsrAccess {
        /// Its address.
        pc: u32,
        /// The word.
        insn: u32,
        /// The CSR number.
        csr: u16,
    },
    /// `ebreak`.
    Ebreak {
        /// Its address.
        pc: u32,
    },
    /// The cycle limit was reached.
    CycleLimit {
        /// Next instruction's address.
        pc: u32,
        /// The limit.
        limit: u64,
    },
    /// A malformed syscall.
    Syscall {
        /// The `ecall`'s address.
        pc: u32,
        /// Syscall id.
        id: u32,
        /// ABI name of the syscall (`"unknown"` for an undefined id).
        name: &'static str,
        /// Cause.
        error: SyscallError,
    },
    /// A retaining trace grew past [`VmConfig::trace_limit`] bytes.
    TraceLimit {
        /// Address of the instruction whose trace entry passed the limit.
        pc: u32,
        /// The limit in bytes.
        limit: u64,
    },
    /// The program could not be loaded.
    Load(ElfError),
}

impl core::fmt::Display for VmError {
    /// One sentence: what happened and where (hex addresses); tools add what to try.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Memory { pc, insn, fault } => {
                write!(f, "the instruction at pc {pc:#010x} ({insn:#010x}) {fault}")
            }
            Self::Fetch { pc } => write!(
                f,
                "the pc {pc:#010x} left executable memory (a jump to data or past the code)"
            ),
            Self::MisalignedJump { pc, target } => write!(
                f,
                "the jump at pc {pc:#010x} targets {target:#010x}, which is not 4-byte aligned"
            ),
            Self::IllegalInstruction { pc, insn } => write!(
                f,
                "the word {insn:#010x} at pc {pc:#010x} is not an RV32IM instruction"
            ),
            Self::CsrAccess { pc, insn, csr } => write!(
                f,
                "the instruction {insn:#010x} at pc {pc:#010x} accesses CSR {csr:#05x}; this VM has no CSRs"
            ),
            Self::Ebreak { pc } => write!(f, "the guest executed ebreak at pc {pc:#010x}"),
            Self::CycleLimit { pc, limit } => write!(
                f,
                "the guest reached the cycle limit of {limit} cycles at pc {pc:#010x}"
            ),
            Self::TraceLimit { pc, limit } => write!(
                f,
                "the execution trace passed its limit of {limit} bytes at pc {pc:#010x}"
            ),
            Self::Syscall {
                pc,
                id,
                name,
                error,
            } => write!(
                f,
                "the syscall {name} ({id:#x}) at pc {pc:#010x} was refused: {error}"
            ),
            Self::Load(e) => write!(f, "the program cannot be loaded: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VmError {}

impl From<ElfError> for VmError {
    fn from(e: ElfError) -> Self {
        Self::Load(e)
    }
}

/// The virtual machine: registers, memory, predecoded code, I/O and precompiles.
#[derive(Debug)]
pub struct Vm {
    regs: [u32; 32],
    pc: u32,
    mem: Memory,
    code: Vec<Instr>,
    code_base: u32,
    cycles: u64,
    syscall_cycles: u64,
    cycle_limit: u64,
    halted: Option<u32>,
    input: Vec<u8>,
    input_pos: usize,
    journal: Vec<u8>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    output_limit: u64,
    trace_bytes: u64,
    trace_limit: u64,
    counts: BTreeMap<u32, u64>,
    registry: Registry,
}

impl Vm {
    /// Load `program` into fresh memory. `sp` starts at [`STACK_TOP`], the pc at the entry.
    pub fn new(program: &Program, config: VmConfig) -> Result<Self, VmError> {
        let total: u64 = program
            .segments()
            .iter()
            .map(|s| u64::from(s.mem_size))
            .sum();
        if total > config.memory_limit {
            return Err(ElfError::MemoryLimit.into());
        }
        let mut mem = Memory::new(config.memory_limit);
        for s in program.segments() {
            mem.write_bytes_unchecked(s.vaddr, &s.data)
                .map_err(|_| ElfError::MemoryLimit)?;
        }
        // Permissions: union of the segments touching a page; other RAM pages stay RW.
        let mut perms: BTreeMap<u32, u8> = BTreeMap::new();
        for s in program.segments() {
            let p = u8::from(s.read) * PERM_R
                + u8::from(s.write) * PERM_W
                + u8::from(s.execute) * PERM_X;
            let first = s.vaddr / umbra_abi::memory::PAGE_SIZE;
            let last = (s.vaddr + (s.mem_size - 1)) / umbra_abi::memory::PAGE_SIZE;
            for page in first..=last {
                *perms.entry(page).or_insert(0) |= p;
            }
        }
        for (&page, &p) in &perms {
            mem.set_perm(page * umbra_abi::memory::PAGE_SIZE, p);
        }
        // Predecode the executable range.
        let exec = program.segments().iter().filter(|s| s.execute);
        let base = exec.clone().map(|s| s.vaddr & !3).min().unwrap_or(0);
        let end = exec
            .map(|s| (s.vaddr + s.mem_size).next_multiple_of(4))
            .max()
            .unwrap_or(0);
        let mut code = Vec::with_capacity(((end - base) / 4) as usize);
        let mut addr = base;
        while addr < end {
            code.push(match mem.fetch(addr) {
                Ok(word) => decode(word),
                Err(_) => Instr::NOT_EXECUTABLE,
            });
            addr += 4;
        }
        let mut regs = [0; 32];
        regs[reg::SP] = STACK_TOP;
        Ok(Self {
            regs,
            pc: program.entry(),
            mem,
            code,
            code_base: base,
            cycles: 0,
            syscall_cycles: 0,
            cycle_limit: config.cycle_limit,
            halted: None,
            input: Vec::new(),
            input_pos: 0,
            journal: Vec::new(),
            stdout: Vec::new(),
            stderr: Vec::new(),
            output_limit: config.output_limit,
            trace_bytes: 0,
            trace_limit: config.trace_limit,
            counts: BTreeMap::new(),
            registry: Registry::new(),
        })
    }

    /// Parse, validate and load an ELF file.
    pub fn from_elf(elf: &[u8], config: VmConfig) -> Result<Self, VmError> {
        Self::new(&Program::from_elf(elf)?, config)
    }

    /// Install the precompile handlers.
    pub fn with_registry(mut self, registry: Registry) -> Self {
        self.registry = registry;
        self
    }

    /// Set the private input stream (read by `read_private`).
    pub fn with_input(mut self, input: Vec<u8>) -> Self {
        self.input = input;
        self.input_pos = 0;
        self
    }

    /// The journal (public output) committed so far.
    pub fn journal(&self) -> &[u8] {
        &self.journal
    }

    /// Bytes written to stdout.
    pub fn stdout(&self) -> &[u8] {
        &self.stdout
    }

    /// Bytes written to stderr (the panic message goes here).
    pub fn stderr(&self) -> &[u8] {
        &self.stderr
    }

    /// Number of calls per syscall id (system calls and precompiles).
    pub fn syscall_counts(&self) -> &BTreeMap<u32, u64> {
        &self.counts
    }

    /// Register file (`x0..x31`).
    pub fn regs(&self) -> &[u32; 32] {
        &self.regs
    }

    /// Set a register (writes to `x0` are ignored).
    pub fn set_reg(&mut self, r: usize, value: u32) {
        if r != 0 && r < 32 {
            self.regs[r] = value;
        }
    }

    /// Program counter.
    pub fn pc(&self) -> u32 {
        self.pc
    }

    /// Cycles so far.
    pub fn cycles(&self) -> u64 {
        self.cycles
    }

    /// Instructions retired so far.
    pub fn instructions(&self) -> u64 {
        self.cycles - self.syscall_cycles
    }

    /// Guest memory.
    pub fn memory(&self) -> &Memory {
        &self.mem
    }

    /// Guest memory, mutable (tests, hosts that pre-seed data).
    pub fn memory_mut(&mut self) -> &mut Memory {
        &mut self.mem
    }

    /// Run until `halt` or an error, tracing off.
    pub fn run(&mut self) -> Result<Exit, VmError> {
        self.run_with(&mut NoTrace)
    }

    /// Run until `halt` or an error, recording the execution trace.
    pub fn run_traced(&mut self) -> (Result<Exit, VmError>, Trace) {
        let mut t = Trace::default();
        let r = self.run_with(&mut t);
        (r, t)
    }

    /// Run with a custom [`Tracer`].
    pub fn run_with<T: Tracer>(&mut self, tracer: &mut T) -> Result<Exit, VmError> {
        let code = core::mem::take(&mut self.code);
        let r = self.execute(&code, tracer);
        self.code = code;
        r
    }

    fn exit(&self, code: u32) -> Exit {
        Exit {
            code,
            instructions: self.instructions(),
            cycles: self.cycles,
        }
    }

    #[cold]
    #[inline(never)]
    fn insn_word(&self, pc: u32) -> u32 {
        self.mem.fetch(pc).unwrap_or(0)
    }

    #[inline(always)]
    fn execute<T: Tracer>(&mut self, code: &[Instr], tracer: &mut T) -> Result<Exit, VmError> {
        if let Some(c) = self.halted {
            return Ok(self.exit(c));
        }
        let base = self.code_base;
        let limit = self.cycle_limit;
        let mut pc = self.pc;
        let mut cycles = self.cycles;

        macro_rules! bail {
            ($e:expr) => {{
                self.pc = pc;
                self.cycles = cycles;
                return Err($e);
            }};
        }

        loop {
            if cycles >= limit {
                bail!(VmError::CycleLimit { pc, limit });
            }
            let Some(&ins) = code.get((pc.wrapping_sub(base) >> 2) as usize) else {
                bail!(VmError::Fetch { pc });
            };
            let rd = (ins.rd & 31) as usize;
            let v1 = self.regs[(ins.rs1 & 31) as usize];
            let v2 = self.regs[(ins.rs2 & 31) as usize];
            let imm = ins.imm;
            let mut next = pc.wrapping_add(4);
            let mut macc: Option<MemAccess> = None;
            let mut sys_index: Option<u32> = None;
            let step_cycle = cycles;

            macro_rules! mem_try {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(fault) => {
                            let insn = self.insn_word(pc);
                            bail!(VmError::Memory { pc, insn, fault })
                        }
                    }
                };
            }
            macro_rules! load {
                ($f:ident, $size:expr, $ext:expr) => {{
                    let addr = v1.wrapping_add(imm);
                    let raw = mem_try!(self.mem.$f(addr));
                    if T::ENABLED {
                        macc = Some(MemAccess {
                            addr,
                            size: $size,
                            write: false,
                            value: self.mem.load_u32(addr & !3).unwrap_or(0),
                        });
                    }
                    self.regs[rd] = $ext(raw);
                }};
            }
            macro_rules! store {
                ($f:ident, $size:expr) => {{
                    let addr = v1.wrapping_add(imm);
                    mem_try!(self.mem.$f(addr, v2));
                    if T::ENABLED {
                        macc = Some(MemAccess {
                            addr,
                            size: $size,
                            write: true,
                            value: v2,
                        });
                    }
                }};
            }
            macro_rules! jump {
                ($target:expr) => {{
                    let target: u32 = $target;
                    if target & 3 != 0 {
                        bail!(VmError::MisalignedJump { pc, target });
                    }
                    next = target;
                }};
            }
            macro_rules! branch {
                ($cond:expr) => {
                    if $cond {
                        jump!(pc.wrapping_add(imm))
                    }
                };
            }

            match ins.op {
                Op::Lui => self.regs[rd] = imm,
                Op::Auipc => self.regs[rd] = pc.wrapping_add(imm),
                Op::Jal => {
                    jump!(pc.wrapping_add(imm));
                    self.regs[rd] = pc.wrapping_add(4);
                }
                Op::Jalr => {
                    jump!(v1.wrapping_add(imm) & !1);
                    self.regs[rd] = pc.wrapping_add(4);
                }
                Op::Beq => branch!(v1 == v2),
                Op::Bne => branch!(v1 != v2),
                Op::Blt => branch!((v1 as i32) < (v2 as i32)),
                Op::Bge => branch!((v1 as i32) >= (v2 as i32)),
                Op::Bltu => branch!(v1 < v2),
                Op::Bgeu => branch!(v1 >= v2),
                Op::Lb => load!(load_u8, 1, |x: u32| x as u8 as i8 as i32 as u32),
                Op::Lh => load!(load_u16, 2, |x: u32| x as u16 as i16 as i32 as u32),
                Op::Lw => load!(load_u32, 4, |x: u32| x),
                Op::Lbu => load!(load_u8, 1, |x: u32| x),
                Op::Lhu => load!(load_u16, 2, |x: u32| x),
                Op::Sb => store!(store_u8, 1),
                Op::Sh => store!(store_u16, 2),
                Op::Sw => store!(store_u32, 4),
                Op::Addi => self.regs[rd] = v1.wrapping_add(imm),
                Op::Slti => self.regs[rd] = u32::from((v1 as i32) < (imm as i32)),
                Op::Sltiu => self.regs[rd] = u32::from(v1 < imm),
                Op::Xori => self.regs[rd] = v1 ^ imm,
                Op::Ori => self.regs[rd] = v1 | imm,
                Op::Andi => self.regs[rd] = v1 & imm,
                Op::Slli => self.regs[rd] = v1 << (imm & 31),
                Op::Srli => self.regs[rd] = v1 >> (imm & 31),
                Op::Srai => self.regs[rd] = ((v1 as i32) >> (imm & 31)) as u32,
                Op::Add => self.regs[rd] = v1.wrapping_add(v2),
                Op::Sub => self.regs[rd] = v1.wrapping_sub(v2),
                Op::Sll => self.regs[rd] = v1 << (v2 & 31),
                Op::Slt => self.regs[rd] = u32::from((v1 as i32) < (v2 as i32)),
                Op::Sltu => self.regs[rd] = u32::from(v1 < v2),
                Op::Xor => self.regs[rd] = v1 ^ v2,
                Op::Srl => self.regs[rd] = v1 >> (v2 & 31),
                Op::Sra => self.regs[rd] = ((v1 as i32) >> (v2 & 31)) as u32,
                Op::Or => self.regs[rd] = v1 | v2,
                Op::And => self.regs[rd] = v1 & v2,
                Op::Mul => self.regs[rd] = v1.wrapping_mul(v2),
                Op::Mulh => {
                    self.regs[rd] = ((i64::from(v1 as i32) * i64::from(v2 as i32)) >> 32) as u32
                }
                Op::Mulhsu => self.regs[rd] = ((i64::from(v1 as i32) * i64::from(v2)) >> 32) as u32,
                Op::Mulhu => self.regs[rd] = ((u64::from(v1) * u64::from(v2)) >> 32) as u32,
                Op::Div => {
                    self.regs[rd] = if v2 == 0 {
                        u32::MAX
                    } else {
                        (v1 as i32).wrapping_div(v2 as i32) as u32
                    }
                }
                Op::Divu => self.regs[rd] = v1.checked_div(v2).unwrap_or(u32::MAX),
                Op::Rem => {
                    self.regs[rd] = if v2 == 0 {
                        v1
                    } else {
                        (v1 as i32).wrapping_rem(v2 as i32) as u32
                    }
                }
                Op::Remu => self.regs[rd] = v1.checked_rem(v2).unwrap_or(v1),
                Op::Fence => {}
                Op::Ecall => {
                    self.pc = pc;
                    self.cycles = cycles;
                    let (halt, idx) = self.ecall::<T>(pc, tracer)?;
                    cycles = self.cycles;
                    sys_index = idx;
                    if let Some(code) = halt {
                        cycles += 1;
                        self.cycles = cycles;
                        self.pc = next;
                        self.halted = Some(code);
                        if T::ENABLED {
                            self.trace_step(tracer, &ins, pc, step_cycle, v1, v2, None, sys_index);
                        }
                        // The halting step is recorded even past the trace limit: the run is
                        // over, nothing more can be retained.
                        return Ok(self.exit(code));
                    }
                }
                Op::Ebreak => bail!(VmError::Ebreak { pc }),
                Op::Csr => bail!(VmError::CsrAccess {
                    pc,
                    insn: self.insn_word(pc),
                    csr: imm as u16
                }),
                Op::Illegal => bail!(VmError::IllegalInstruction { pc, insn: imm }),
                Op::NotExecutable => bail!(VmError::Fetch { pc }),
            }
            self.regs[0] = 0;
            if T::ENABLED {
                self.trace_step(tracer, &ins, pc, step_cycle, v1, v2, macc, sys_index);
                if T::RETAINS {
                    self.trace_bytes += STEP_TRACE_BYTES;
                    if self.trace_bytes > self.trace_limit {
                        let limit = self.trace_limit;
                        bail!(VmError::TraceLimit { pc, limit });
                    }
                }
            }
            cycles += 1;
            pc = next;
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[cold]
    fn trace_step<T: Tracer>(
        &self,
        tracer: &mut T,
        ins: &Instr,
        pc: u32,
        cycle: u64,
        v1: u32,
        v2: u32,
        mem: Option<MemAccess>,
        syscall: Option<u32>,
    ) {
        let (r1, r2, w) = ins.reg_usage();
        tracer.step(Step {
            cycle,
            pc,
            insn: self.insn_word(pc),
            rs1: r1.map(|r| (r, v1)),
            rs2: r2.map(|r| (r, v2)),
            rd: w.map(|r| (r, self.regs[r as usize & 31])),
            mem,
            syscall,
        });
    }

    /// Handle an `ecall` at `pc`. Returns the exit code for `halt` and the trace index.
    #[cold]
    #[inline(never)]
    fn ecall<T: Tracer>(
        &mut self,
        pc: u32,
        tracer: &mut T,
    ) -> Result<(Option<u32>, Option<u32>), VmError> {
        let sid = self.regs[reg::SYSCALL_ID];
        let args = [
            self.regs[reg::A0],
            self.regs[reg::A1],
            self.regs[reg::A2],
            self.regs[reg::A3],
        ];
        *self.counts.entry(sid).or_insert(0) += 1;
        let mut record = if T::ENABLED {
            Some(SyscallRecord {
                id: sid,
                args,
                ..SyscallRecord::default()
            })
        } else {
            None
        };
        let fail = |error| VmError::Syscall {
            pc,
            id: sid,
            name: id::name(sid).unwrap_or("unknown"),
            error,
        };
        let mut halt = None;
        let cycles_now = self.cycles + 1;
        let outcome: Result<Outcome, SyscallError> = {
            let mut ctx = CallContext::new(args, &mut self.mem, record.as_mut());
            match sid {
                id::HALT => {
                    halt = Some(args[0]);
                    Ok(Outcome {
                        a0: args[0],
                        a1: args[1],
                        cycles: 0,
                    })
                }
                id::WRITE => {
                    let (fd, ptr, len) = (args[0], args[1], args[2]);
                    if fd != umbra_abi::fd::STDOUT && fd != umbra_abi::fd::STDERR {
                        Err(SyscallError::BadFd { fd })
                    } else if len > limits::MAX_WRITE {
                        Err(SyscallError::BadLength { len })
                    } else if (self.stdout.len() + self.stderr.len()) as u64 + u64::from(len)
                        > self.output_limit
                    {
                        Err(SyscallError::OutputFull)
                    } else {
                        ctx.read(ptr, len).map(|bytes| {
                            if fd == umbra_abi::fd::STDOUT {
                                self.stdout.extend_from_slice(&bytes);
                            } else {
                                self.stderr.extend_from_slice(&bytes);
                            }
                            Outcome {
                                a0: len,
                                a1: 0,
                                cycles: u64::from(len.div_ceil(4)),
                            }
                        })
                    }
                }
                id::READ_PRIVATE => {
                    let (ptr, cap) = (args[0], args[1]);
                    let rest = &self.input[self.input_pos.min(self.input.len())..];
                    let n = rest.len().min(cap as usize);
                    ctx.write_unaligned(ptr, &rest[..n]).map(|()| {
                        self.input_pos += n;
                        Outcome {
                            a0: n as u32,
                            a1: 0,
                            cycles: (n as u64).div_ceil(4),
                        }
                    })
                }
                id::PRIVATE_REMAINING => Ok(Outcome {
                    a0: u32::try_from(self.input.len().saturating_sub(self.input_pos))
                        .unwrap_or(u32::MAX),
                    a1: 0,
                    cycles: 0,
                }),
                id::COMMIT => {
                    let (ptr, len) = (args[0], args[1]);
                    if len > limits::MAX_JOURNAL {
                        Err(SyscallError::BadLength { len })
                    } else if self.journal.len() as u64 + u64::from(len)
                        > u64::from(limits::MAX_JOURNAL)
                    {
                        Err(SyscallError::JournalFull)
                    } else {
                        ctx.read(ptr, len).map(|bytes| {
                            self.journal.extend_from_slice(&bytes);
                            Outcome {
                                a0: 0,
                                a1: 0,
                                cycles: u64::from(len.div_ceil(4)),
                            }
                        })
                    }
                }
                id::CYCLE_COUNT => Ok(Outcome {
                    a0: cycles_now as u32,
                    a1: (cycles_now >> 32) as u32,
                    cycles: 0,
                }),
                other => match self.registry.get(other) {
                    Some(handler) => handler.call(&mut ctx),
                    None if id::name(other).is_some() => Err(SyscallError::Unavailable),
                    None => Err(SyscallError::UnknownSyscall),
                },
            }
        };
        let outcome = outcome.map_err(fail)?;
        if halt.is_none() {
            self.regs[reg::A0] = outcome.a0;
            self.regs[reg::A1] = outcome.a1;
        }
        self.cycles += outcome.cycles;
        self.syscall_cycles += outcome.cycles;
        if T::RETAINS
            && let Some(r) = &record
        {
            let carried: usize = r.reads.iter().chain(&r.writes).map(|(_, b)| b.len()).sum();
            self.trace_bytes += (size_of::<SyscallRecord>() + carried) as u64;
        }
        let index = record.map(|mut r| {
            r.ret = [self.regs[reg::A0], self.regs[reg::A1]];
            r.cycles = outcome.cycles + 1;
            tracer.syscall(r)
        });
        Ok((halt, index))
    }
}

/// Convenience: the fault kind of a [`VmError::Memory`], for matching in tests and tools.
pub fn memory_fault_access(e: &VmError) -> Option<Access> {
    match e {
        VmError::Memory {
            fault: MemFault::Access { access, .. },
            ..
        } => Some(*access),
        _ => None,
    }
}
