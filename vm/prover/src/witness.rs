//! Trace → per-step witness, streaming.
//!
//! [`WitnessGen`] consumes executed instructions one at a time (from a recorded
//! [`umbra_vm::trace::Trace`] or live, as a [`umbra_vm::trace::Tracer`] through
//! [`StreamingTracer`]) and hands out one [`StepWitness`] per `k` instructions. It keeps only
//! the shadow memory (value and last-write timestamp per touched cell), never the witness of
//! the whole execution. The shadow memory is also what makes the witness the bus expects:
//! every read names the timestamp of the cell's previous write.
//!
//! The witness does not depend on the bus challenges: it is the advice committed before
//! (γ, α) exist (see `docs/prover.md` (section "CPU step")).

use std::collections::BTreeMap;

use umbra_abi::memory::{PAGE_SIZE, RAM_END, RAM_START, STACK_TOP};
use umbra_abi::{reg, syscall};
use umbra_vm::Program;
use umbra_vm::memory::{PERM_R, PERM_W};
use umbra_vm::trace::{Step, SyscallRecord, Tracer};

use crate::precompile::{PrecompileCall, WordAccess, access_ts, reads_late, write_ts};
use crate::rom::{Rom, RomEntry, RomError, flag};
use crate::step::{SlotWitness, StepState, StepWitness, TransferKind};

/// The verifier's view of memory before the first instruction: register values and the
/// program image. Every cell not in the image is zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialMemory {
    regs: [u32; 32],
    words: BTreeMap<u32, u32>,
    /// Pages whose permissions are not the default read/write (segment pages).
    perms: BTreeMap<u32, u8>,
}

impl InitialMemory {
    /// The state `umbra_vm::Vm::new` starts from: `sp` = [`STACK_TOP`], the segments' bytes.
    pub fn from_program(program: &Program) -> Self {
        let mut regs = [0u32; 32];
        regs[reg::SP] = STACK_TOP;
        let mut words: BTreeMap<u32, u32> = BTreeMap::new();
        for s in program.segments() {
            for (k, &byte) in s.data.iter().enumerate() {
                let Some(addr) = s.vaddr.checked_add(k as u32) else {
                    break;
                };
                let w = words.entry(addr & !3).or_insert(0);
                *w |= u32::from(byte) << (8 * (addr & 3));
            }
        }
        words.retain(|_, w| *w != 0);
        // As `Vm::new`: a page touched by segments has the union of their permissions.
        let mut perms: BTreeMap<u32, u8> = BTreeMap::new();
        for s in program.segments().iter().filter(|s| s.mem_size > 0) {
            let p = u8::from(s.read) * PERM_R + u8::from(s.write) * PERM_W;
            let first = s.vaddr / PAGE_SIZE;
            let last = s.vaddr.saturating_add(s.mem_size - 1) / PAGE_SIZE;
            for page in first..=last {
                *perms.entry(page).or_insert(0) |= p;
            }
        }
        Self { regs, words, perms }
    }

    /// Read/write bits ([`PERM_R`] | [`PERM_W`]) of guest-RAM page `page` (address >> 12);
    /// `None` outside guest RAM. This is the verifier's page table.
    pub fn page_perm(&self, page: u32) -> Option<u8> {
        if !(RAM_START / PAGE_SIZE..RAM_END / PAGE_SIZE).contains(&page) {
            return None;
        }
        Some(self.perms.get(&page).copied().unwrap_or(PERM_R | PERM_W))
    }

    /// Override a register's initial value (what `Vm::set_reg` does before running);
    /// writes to `x0` are ignored as in the VM.
    pub fn with_reg(mut self, r: usize, value: u32) -> Self {
        if let Some(x) = self.regs.get_mut(r)
            && r != 0
        {
            *x = value;
        }
        self
    }

    /// Initial value of register `r` (0 out of range).
    pub fn reg(&self, r: u8) -> u32 {
        self.regs.get(usize::from(r)).copied().unwrap_or(0)
    }

    /// Initial value of the aligned word containing `addr`.
    pub fn word(&self, addr: u32) -> u32 {
        self.words.get(&(addr & !3)).copied().unwrap_or(0)
    }

    /// Initial values of `x0..x31`.
    pub fn regs(&self) -> &[u32; 32] {
        &self.regs
    }

    /// The non-zero words of the image, by aligned address, ascending (every other word is 0).
    pub fn words(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.words.iter().map(|(&a, &w)| (a, w))
    }

    /// The guest-RAM pages whose [`InitialMemory::page_perm`] is not the default read/write,
    /// by page number, ascending: with the default, the whole page table.
    pub fn page_perms(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.perms
            .keys()
            .filter_map(|&page| Some((page, self.page_perm(page)?)))
            .filter(|&(_, p)| p != PERM_R | PERM_W)
    }
}

/// Why a trace cannot be turned into step witnesses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WitnessError {
    /// `k` is zero.
    ZeroK,
    /// The instruction's pc has no ROM entry.
    Rom(RomError),
    /// The trace's next pc is not the one its previous instruction led to.
    PcMismatch {
        /// pc the previous instruction led to.
        expected: u32,
        /// pc in the trace.
        got: u32,
    },
    /// The trace disagrees with the shadow memory (the executor and the generator differ).
    Inconsistent {
        /// pc of the instruction.
        pc: u32,
    },
    /// A precompile call: the CPU step emits its syscall tuple, but the precompile's own
    /// circuit kind, which must consume it, does not exist yet — so no proof is produced
    /// (never one that skips the call).
    Precompile {
        /// pc of the `ecall`.
        pc: u32,
        /// Syscall id.
        id: u32,
        /// ABI name of the precompile (`umbra_abi::syscall::name`).
        name: &'static str,
    },
    /// An `ecall` whose id the ABI does not define (the VM faults on it).
    UnsupportedSyscall {
        /// pc of the `ecall`.
        pc: u32,
        /// Syscall id.
        id: u32,
    },
    /// An instruction after `halt`.
    AfterHalt,
    /// The trace ended without `halt`.
    NotHalted,
    /// Timestamps would leave the 2^32 range the circuit checks (more than 2^30 instructions).
    TooLong,
}

impl core::fmt::Display for WitnessError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for WitnessError {}

impl From<RomError> for WitnessError {
    fn from(e: RomError) -> Self {
        Self::Rom(e)
    }
}

/// Streaming trace → step-witness generator.
///
/// It replays every system call on its shadow state (registers, RAM, the private tape, the
/// journal, the cycle counter) exactly as the executor does, and emits the continuation
/// slots that move a syscall's bytes right after its `ecall` slot; the trace is checked
/// against the replay (register reads, loads, the cycle each step starts at).
#[derive(Clone, Debug)]
pub struct WitnessGen<'a> {
    rom: &'a Rom,
    init: &'a InitialMemory,
    k: usize,
    /// (value, last-write timestamp) per register.
    regs: [(u32, u64); 32],
    /// (value, last-write timestamp) per touched RAM word.
    ram: BTreeMap<u32, (u32, u64)>,
    clk: u64,
    /// The state at the start of the step being filled.
    state: StepState,
    /// pc the next instruction must have (None only before the first).
    next_pc: Option<u32>,
    /// Whether the last pushed slot was a halt.
    last_halt: bool,
    halted: bool,
    slots: Vec<SlotWitness>,
    /// The private input and how much of it was read.
    input: Vec<u8>,
    cur: u64,
    /// The journal committed so far.
    journal: Vec<u8>,
    /// VM cycles so far.
    cycles: u64,
    /// The circuit's transfer registers (`ptr`, `left`, kind) after the last slot.
    ptr: u64,
    left: u64,
    kind: Option<TransferKind>,
    /// pc after the last slot (the pc a continuation slot's state carries).
    pc_after: u32,
    /// The VM's record of the `ecall` about to be pushed ([`WitnessGen::syscall_record`]).
    record: Option<SyscallRecord>,
    /// Precompile calls of the step being filled.
    calls: Vec<PrecompileCall>,
}

impl<'a> WitnessGen<'a> {
    /// A generator for a run of the program `rom` was built from, starting at `entry` with
    /// memory `init`, `k` slots per step and no private input.
    pub fn new(
        rom: &'a Rom,
        init: &'a InitialMemory,
        entry: u32,
        k: usize,
    ) -> Result<Self, WitnessError> {
        if k == 0 {
            return Err(WitnessError::ZeroK);
        }
        let mut regs = [(0u32, 0u64); 32];
        for (r, slot) in regs.iter_mut().enumerate() {
            slot.0 = init.reg(r as u8);
        }
        Ok(Self {
            rom,
            init,
            k,
            regs,
            ram: BTreeMap::new(),
            clk: 1,
            state: StepState::initial(entry),
            next_pc: Some(entry),
            last_halt: false,
            halted: false,
            slots: Vec::with_capacity(k),
            input: Vec::new(),
            cur: 0,
            journal: Vec::new(),
            cycles: 0,
            ptr: 0,
            left: 0,
            kind: None,
            pc_after: entry,
            record: None,
            calls: Vec::new(),
        })
    }

    /// The private input `read_private` reads (what `Vm::with_input` was given). Its length
    /// enters the first state's `tot` ([`StepState::initial_with_input`]).
    pub fn with_input(mut self, input: Vec<u8>) -> Self {
        self.input = input;
        self.state.input_len = self.input.len() as u64;
        self
    }

    /// The journal committed so far (the public output the replay produced).
    pub fn journal(&self) -> &[u8] {
        &self.journal
    }

    /// Private-input bytes read so far (the tape prefix the decider's tape side holds).
    pub fn input_read(&self) -> u64 {
        self.cur
    }

    fn read_reg(&mut self, r: u8, ts: u64) -> (u32, u64) {
        let cell = &mut self.regs[usize::from(r & 31)];
        let old = *cell;
        cell.1 = ts;
        old
    }

    /// The state before the next slot.
    fn snapshot(&self, pc: u32) -> StepState {
        StepState {
            pc,
            clk: self.clk,
            live: true,
            halted: self.last_halt,
            cycles: self.cycles,
            journal_len: self.journal.len() as u64,
            input_pos: self.cur,
            input_len: self.input.len() as u64,
            ptr: self.ptr,
            left: self.left,
            kind: self.kind,
        }
    }

    /// Append a slot (its state snapshot taken by the caller before any effect).
    fn add(&mut self, start: StepState, slot: SlotWitness, out: &mut Vec<StepWitness>) {
        if self.slots.is_empty() {
            self.state = start;
        }
        self.slots.push(slot);
        self.clk += 1;
        if self.slots.len() == self.k {
            out.push(self.take());
        }
    }

    /// The VM's record of the `ecall` pushed next (the [`Tracer::syscall`] event, which the
    /// VM sends before the `ecall`'s step). Needed for precompile calls, whose memory effect
    /// the generator does not replay itself; without one a precompile `ecall` is
    /// [`WitnessError::Precompile`].
    pub fn syscall_record(&mut self, record: SyscallRecord) {
        self.record = Some(record);
    }

    /// Consume one executed instruction; returns the steps it completed (an `ecall` that
    /// moves bytes adds its continuation slots, so one instruction may complete several).
    pub fn push(&mut self, step: &Step) -> Result<Vec<StepWitness>, WitnessError> {
        if self.halted {
            return Err(WitnessError::AfterHalt);
        }
        if let Some(expected) = self.next_pc
            && expected != step.pc
        {
            return Err(WitnessError::PcMismatch {
                expected,
                got: step.pc,
            });
        }
        if self.clk >= 1 << 30 {
            return Err(WitnessError::TooLong);
        }
        let pc = step.pc;
        let bad = WitnessError::Inconsistent { pc };
        // The executor's cycle counter and the replay's must agree at every instruction.
        if step.cycle != self.cycles {
            return Err(bad);
        }
        let e = *self.rom.get(pc)?;
        let start = self.snapshot(pc);
        let ts = 4 * self.clk;
        let (v1, t1) = self.read_reg(e.rs1, ts);
        let (v2, t2) = self.read_reg(e.rs2, ts + 1);
        if step.rs1.is_some_and(|(r, v)| r != e.rs1 || v != v1)
            || step.rs2.is_some_and(|(r, v)| r != e.rs2 || v != v2)
        {
            return Err(bad);
        }
        let (a1, t_a1) = self.read_reg(A1, ts + 2);
        let (a3, t_a3) = self.read_reg(A3, ts + 2);
        // RAM word access.
        let mut mem_old = 0;
        let mut t_mem = 0;
        let mut perm = 0;
        let is_store = e.has(flag::SB) || e.has(flag::SH) || e.has(flag::SW);
        if e.has(flag::LOAD) || is_store {
            let addr = v1.wrapping_add(e.imm);
            let wa = addr & !3;
            let (old, t) = self.word(wa);
            let sh = 8 * (addr & 3);
            let new = if e.has(flag::SB) {
                (old & !(0xff << sh)) | ((v2 & 0xff) << sh)
            } else if e.has(flag::SH) {
                (old & !(0xffff << sh)) | ((v2 & 0xffff) << sh)
            } else if e.has(flag::SW) {
                v2
            } else {
                old
            };
            match step.mem {
                Some(m) if m.addr == addr && m.write == is_store => {
                    if !is_store && m.value != old {
                        return Err(bad);
                    }
                }
                _ => return Err(bad),
            }
            self.ram.insert(wa, (new, ts + 2));
            mem_old = old;
            t_mem = t;
            // Outside guest RAM there is no page: 0 makes the circuit reject the access,
            // which is what the VM does.
            perm = self.init.page_perm(addr >> 12).unwrap_or(0);
        }
        let is_ecall = e.has(flag::ECALL);
        let a0 = self.regs[A0].0;
        let mut sys = Effect {
            a0: 0,
            a1,
            cost: 0,
            transfer: None,
            call: None,
        };
        if is_ecall {
            sys = self.syscall(pc, v1, a0, a1, v2)?;
        }
        // A record belongs to the one `ecall` it was handed in for.
        self.record = None;
        let pre_ret = sys.call.as_ref().map_or([0, 0], |c| c.ret);
        let pre_cycles = sys.call.as_ref().map_or(0, |c| c.extra_cycles);
        if let Some(c) = sys.call.take() {
            self.calls.push(c);
        }
        self.regs[usize::from(A1)].0 = sys.a1;
        let rd_new = if is_ecall {
            sys.a0
        } else {
            match step.rd {
                Some((r, v)) if r == e.rd => {
                    if r == 0 {
                        0
                    } else {
                        v
                    }
                }
                Some(_) => return Err(bad),
                None => 0,
            }
        };
        let (rd_old, t_rd) = self.read_reg(e.rd, ts + 3);
        if e.rd != 0 {
            self.regs[usize::from(e.rd)].0 = rd_new;
        }
        self.next_pc = None;
        let halt = is_ecall && v1 == syscall::HALT;
        if is_ecall {
            self.next_pc = Some(pc.wrapping_add(4));
            self.halted = halt;
        }
        self.cycles += 1 + sys.cost;
        self.ptr = 0;
        self.left = 0;
        self.kind = None;
        if let Some((kind, ptr, len)) = sys.transfer {
            self.ptr = u64::from(ptr);
            self.left = u64::from(len);
            self.kind = (len > 0).then_some(kind);
        }
        let mut out = Vec::new();
        self.add(
            start,
            SlotWitness {
                active: true,
                entry: e,
                v1,
                t1,
                v2,
                t2,
                mem_old,
                t_mem,
                rd_old,
                t_rd,
                rd_new,
                perm,
                a1,
                t_a1,
                a3,
                t_a3,
                pre_ret,
                pre_cycles,
                io: mem_old,
            },
            &mut out,
        );
        self.last_halt = halt;
        self.pc_after = pc.wrapping_add(4);
        while let Some(kind) = self.kind {
            if self.clk >= 1 << 30 {
                return Err(WitnessError::TooLong);
            }
            let start = self.snapshot(self.pc_after);
            let slot = self.continuation(kind);
            self.advance();
            self.add(start, slot, &mut out);
        }
        Ok(out)
    }

    /// RAM word at `wa` and its last-write timestamp.
    fn word(&self, wa: u32) -> (u32, u64) {
        self.ram
            .get(&wa)
            .copied()
            .unwrap_or((self.init.word(wa), 0))
    }

    /// Replay one system call (`id` = t0, arguments a0, a1, a2) as `umbra_vm` executes it.
    fn syscall(
        &mut self,
        pc: u32,
        id: u32,
        a0: u32,
        a1: u32,
        a2: u32,
    ) -> Result<Effect, WitnessError> {
        let bad = WitnessError::Inconsistent { pc };
        let none = |a0, a1| Effect {
            a0,
            a1,
            cost: 0,
            transfer: None,
            call: None,
        };
        let moving = |a0, kind, ptr, len: u32| Effect {
            a0,
            a1: 0,
            cost: u64::from(len.div_ceil(4)),
            transfer: Some((kind, ptr, len)),
            call: None,
        };
        let rem = (self.input.len() as u64).saturating_sub(self.cur);
        Ok(match id {
            syscall::HALT => none(a0, a1),
            syscall::WRITE => {
                // The VM faults on these; no trace of a completed run contains them.
                if !(a0 == umbra_abi::fd::STDOUT || a0 == umbra_abi::fd::STDERR)
                    || a2 > umbra_abi::limits::MAX_WRITE
                {
                    return Err(bad);
                }
                moving(a2, TransferKind::Write, a1, a2)
            }
            syscall::READ_PRIVATE => {
                let n = u32::try_from(rem.min(u64::from(a1))).map_err(|_| bad)?;
                moving(n, TransferKind::Read, a0, n)
            }
            syscall::PRIVATE_REMAINING => none(u32::try_from(rem).map_err(|_| bad)?, 0),
            syscall::COMMIT => {
                if self.journal.len() as u64 + u64::from(a1)
                    > u64::from(umbra_abi::limits::MAX_JOURNAL)
                {
                    return Err(bad);
                }
                moving(0, TransferKind::Commit, a0, a1)
            }
            syscall::CYCLE_COUNT => {
                let c = self.cycles + 1;
                none(c as u32, (c >> 32) as u32)
            }
            other if syscall::is_precompile(other) && self.record.is_some() => {
                let call = self.precompile(pc, other, [a0, a1, a2])?;
                Effect {
                    a0: call.ret[0],
                    a1: call.ret[1],
                    cost: call.extra_cycles,
                    transfer: None,
                    call: Some(call),
                }
            }
            other => {
                return Err(match syscall::name(other) {
                    Some(name) if syscall::is_precompile(other) => WitnessError::Precompile {
                        pc,
                        id: other,
                        name,
                    },
                    _ => WitnessError::UnsupportedSyscall { pc, id: other },
                });
            }
        })
    }

    /// A precompile call from the VM's record of it: its words (old value and timestamp from
    /// the shadow memory, new value from the record's writes) are read at the `ecall` slot's
    /// [`access_ts`] and written at its [`write_ts`], and the shadow memory takes the new
    /// values with the timestamp of the word's last access.
    fn precompile(
        &mut self,
        pc: u32,
        id: u32,
        args: [u32; 3],
    ) -> Result<PrecompileCall, WitnessError> {
        let bad = WitnessError::Inconsistent { pc };
        let r = self.record.take().ok_or(bad)?;
        let a3 = self.regs[usize::from(A3)].0;
        if r.id != id || r.args != [args[0], args[1], args[2], a3] || r.cycles == 0 {
            return Err(bad);
        }
        // Every aligned word any read or written range touches, by address.
        let mut words: BTreeMap<u32, (u32, u64, u32)> = BTreeMap::new();
        for (addr, bytes) in r.reads.iter().chain(&r.writes) {
            for k in 0..bytes.len() as u32 {
                let wa = addr.checked_add(k).ok_or(bad)? & !3;
                let (old, t) = self.word(wa);
                words.entry(wa).or_insert((old, t, old));
            }
        }
        for (addr, bytes) in &r.reads {
            for (k, &b) in bytes.iter().enumerate() {
                let a = addr + k as u32;
                let (old, _, _) = words[&(a & !3)];
                if (old >> (8 * (a & 3))) as u8 != b {
                    return Err(bad);
                }
            }
        }
        for (addr, bytes) in &r.writes {
            for (k, &b) in bytes.iter().enumerate() {
                let a = addr + k as u32;
                let sh = 8 * (a & 3);
                if let Some(w) = words.get_mut(&(a & !3)) {
                    w.2 = (w.2 & !(0xff << sh)) | (u32::from(b) << sh);
                }
            }
        }
        let written: std::collections::BTreeSet<u32> = r
            .writes
            .iter()
            .flat_map(|(addr, bytes)| {
                (0..bytes.len() as u32).map(move |k| addr.wrapping_add(k) & !3)
            })
            .collect();
        let words = words
            .into_iter()
            .map(|(addr, (old, t_prev, new))| {
                // Read-only words end at the read timestamp, written ones at the write's.
                let ts = if written.contains(&addr) || reads_late(id, r.args, addr) {
                    write_ts(self.clk)
                } else {
                    access_ts(self.clk)
                };
                self.ram.insert(addr, (new, ts));
                WordAccess {
                    addr,
                    old,
                    t_prev,
                    new,
                }
            })
            .collect();
        Ok(PrecompileCall {
            pc,
            clk: self.clk,
            id,
            args: r.args,
            ret: r.ret,
            extra_cycles: r.cycles - 1,
            words,
        })
    }

    /// The next continuation slot of the pending transfer: it moves bytes `o..e` of the
    /// aligned word at `ptr` (`o = ptr & 3`, `e = min(4, o + left)`).
    fn continuation(&mut self, kind: TransferKind) -> SlotWitness {
        let ts = 4 * self.clk;
        let (_, t1) = self.read_reg(0, ts);
        let (_, t2) = self.read_reg(0, ts + 1);
        let (a1, t_a1) = self.read_reg(A1, ts + 2);
        let (a3, t_a3) = self.read_reg(A3, ts + 2);
        let addr = self.ptr as u32;
        let wa = addr & !3;
        let o = u64::from(addr & 3);
        let n = self.left.min(4 - o);
        let (old, t_mem) = self.word(wa);
        let mut new = old;
        for j in o..o + n {
            let byte = (old >> (8 * j)) as u8;
            match kind {
                TransferKind::Commit => self.journal.push(byte),
                TransferKind::Write => {}
                TransferKind::Read => {
                    let x = self.input.get(self.cur as usize).copied().unwrap_or(0);
                    self.cur += 1;
                    new = (new & !(0xff << (8 * j))) | (u32::from(x) << (8 * j));
                }
            }
        }
        self.ram.insert(wa, (new, ts + 2));
        let (_, t_rd) = self.read_reg(0, ts + 3);
        SlotWitness {
            active: true,
            entry: RomEntry::NOP,
            v1: 0,
            t1,
            v2: 0,
            t2,
            mem_old: old,
            t_mem,
            rd_old: 0,
            t_rd,
            rd_new: 0,
            // Outside guest RAM there is no page: 0 makes the circuit reject the access.
            perm: self.init.page_perm(addr >> 12).unwrap_or(0),
            a1,
            t_a1,
            a3,
            t_a3,
            pre_ret: [0, 0],
            pre_cycles: 0,
            io: new,
        }
    }

    /// The transfer registers after a continuation slot (the circuit's formulas).
    fn advance(&mut self) {
        let o = self.ptr & 3;
        let n = self.left.min(4 - o);
        self.ptr += n;
        self.left -= n;
        if self.left == 0 {
            self.kind = None;
        }
        self.last_halt = false;
    }

    /// Tell the generator which pc the last pushed instruction led to (the trace only gives
    /// it with the next instruction); `push` checks continuity whenever it is known.
    pub fn expect_pc(&mut self, pc: u32) {
        if !self.halted {
            self.next_pc = Some(pc);
        }
    }

    fn take(&mut self) -> StepWitness {
        let slots = core::mem::replace(&mut self.slots, Vec::with_capacity(self.k));
        StepWitness {
            state: self.state,
            slots,
            calls: core::mem::take(&mut self.calls),
        }
    }

    /// End of the trace: the last, padded step (if any slot is pending). The execution must
    /// have halted.
    pub fn finish(mut self) -> Result<Option<StepWitness>, WitnessError> {
        if !self.halted {
            return Err(WitnessError::NotHalted);
        }
        if self.slots.is_empty() {
            return Ok(None);
        }
        while self.slots.len() < self.k {
            self.slots.push(SlotWitness::INACTIVE);
        }
        Ok(Some(self.take()))
    }
}

/// a0 and a1 as register indices.
const A0: usize = reg::A0;
const A1: u8 = reg::A1 as u8;
const A3: u8 = reg::A3 as u8;

/// A replayed system call: results, extra cycles and the transfer it starts.
struct Effect {
    a0: u32,
    a1: u32,
    cost: u64,
    transfer: Option<(TransferKind, u32, u32)>,
    /// A precompile call (its results are `a0`, `a1`, its extra cycles `cost`).
    call: Option<PrecompileCall>,
}

/// A [`Tracer`] that feeds the VM's steps straight into a [`WitnessGen`] and hands each
/// finished step to a callback, so no trace is recorded at all.
pub struct StreamingTracer<'a, F: FnMut(StepWitness)> {
    gen_: WitnessGen<'a>,
    sink: F,
    error: Option<WitnessError>,
}

impl<F: FnMut(StepWitness)> core::fmt::Debug for StreamingTracer<'_, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StreamingTracer")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl<'a, F: FnMut(StepWitness)> StreamingTracer<'a, F> {
    /// Wrap a generator; `sink` receives every finished step.
    pub fn new(gen_: WitnessGen<'a>, sink: F) -> Self {
        Self {
            gen_,
            sink,
            error: None,
        }
    }

    /// After the run: hand out the padded last step and report the first error.
    pub fn finish(mut self) -> Result<(), WitnessError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if let Some(w) = self.gen_.finish()? {
            (self.sink)(w);
        }
        Ok(())
    }
}

impl<F: FnMut(StepWitness)> Tracer for StreamingTracer<'_, F> {
    const ENABLED: bool = true;

    fn step(&mut self, step: Step) {
        if self.error.is_some() {
            return;
        }
        match self.gen_.push(&step) {
            Ok(ws) => ws.into_iter().for_each(&mut self.sink),
            Err(e) => self.error = Some(e),
        }
    }

    fn syscall(&mut self, record: SyscallRecord) -> u32 {
        // Built-in calls are replayed (and checked through the registers `push` reads);
        // a precompile's memory effect is taken from the record.
        self.gen_.syscall_record(record);
        0
    }
}
