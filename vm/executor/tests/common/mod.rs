//! Shared test helpers: an instruction encoder and a deliberately simple reference
//! interpreter (decodes on the fly, byte-addressed hash-map memory, no predecoding).
#![allow(
    dead_code,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
#![allow(
    clippy::manual_is_multiple_of,
    clippy::collapsible_if,
    clippy::manual_checked_ops
)]

use std::collections::HashMap;

pub const CODE: u32 = 0x2_0000;
pub const DATA: u32 = 0x3_0000;
pub const DATA_LEN: u32 = 4096;

pub fn r(f7: u32, rs2: u32, rs1: u32, f3: u32, rd: u32, op: u32) -> u32 {
    (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op
}
pub fn i(imm: i32, rs1: u32, f3: u32, rd: u32, op: u32) -> u32 {
    (((imm as u32) & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op
}
pub fn s(imm: i32, rs2: u32, rs1: u32, f3: u32, op: u32) -> u32 {
    let imm = imm as u32;
    (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op
}
pub fn b(imm: i32, rs2: u32, rs1: u32, f3: u32) -> u32 {
    let imm = imm as u32;
    (((imm >> 12) & 1) << 31)
        | (((imm >> 5) & 0x3f) << 25)
        | (rs2 << 20)
        | (rs1 << 15)
        | (f3 << 12)
        | (((imm >> 1) & 0xf) << 8)
        | (((imm >> 11) & 1) << 7)
        | 0x63
}
pub fn u(imm: u32, rd: u32, op: u32) -> u32 {
    (imm & 0xffff_f000) | (rd << 7) | op
}
pub fn j(imm: i32, rd: u32) -> u32 {
    let imm = imm as u32;
    (((imm >> 20) & 1) << 31)
        | (((imm >> 1) & 0x3ff) << 21)
        | (((imm >> 11) & 1) << 20)
        | (((imm >> 12) & 0xff) << 12)
        | (rd << 7)
        | 0x6f
}

// Mnemonic helpers.
pub fn add(rd: u32, a: u32, bb: u32) -> u32 {
    r(0, bb, a, 0, rd, 0x33)
}
pub fn addi(rd: u32, a: u32, imm: i32) -> u32 {
    i(imm, a, 0, rd, 0x13)
}
pub fn lui(rd: u32, imm: u32) -> u32 {
    u(imm, rd, 0x37)
}
pub fn jalr(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x67)
}
/// Every R-type RV32IM operation: (funct7, funct3, mnemonic).
pub const R_OPS: [(u32, u32, &str); 18] = [
    (0, 0, "add"),
    (0x20, 0, "sub"),
    (0, 1, "sll"),
    (0, 2, "slt"),
    (0, 3, "sltu"),
    (0, 4, "xor"),
    (0, 5, "srl"),
    (0x20, 5, "sra"),
    (0, 6, "or"),
    (0, 7, "and"),
    (1, 0, "mul"),
    (1, 1, "mulh"),
    (1, 2, "mulhsu"),
    (1, 3, "mulhu"),
    (1, 4, "div"),
    (1, 5, "divu"),
    (1, 6, "rem"),
    (1, 7, "remu"),
];

pub const ECALL: u32 = 0x73;
pub const EBREAK: u32 = 0x0010_0073;
/// `addi t0, x0, 0; ecall` (halt with exit code a0).
pub const HALT: [u32; 2] = [0x0000_0293, 0x73];

/// What a run ended with, in the reference's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefEnd {
    Halt {
        code: u32,
        regs: [u32; 32],
        steps: u64,
    },
    /// A fault at `pc`, with a coarse kind.
    Fault { pc: u32, kind: &'static str },
}

/// Reference interpreter.
pub struct RefVm {
    pub regs: [u32; 32],
    pub pc: u32,
    pub mem: HashMap<u32, u8>,
    /// (start, end, writable, executable) regions; anything else faults.
    pub regions: Vec<(u32, u32, bool, bool)>,
    /// Instruction fetch range.
    pub exec: (u32, u32),
}

impl RefVm {
    pub fn new(code: &[u32], data: &[u8]) -> Self {
        let mut mem = HashMap::new();
        for (k, w) in code.iter().enumerate() {
            for (x, byte) in w.to_le_bytes().iter().enumerate() {
                mem.insert(CODE + 4 * k as u32 + x as u32, *byte);
            }
        }
        for (k, byte) in data.iter().enumerate() {
            mem.insert(DATA + k as u32, *byte);
        }
        let code_end = CODE + 4 * code.len() as u32;
        Self {
            regs: [0; 32],
            pc: CODE,
            mem,
            // Page-granular like the VM: the code pages are read-only, the rest of RAM is RW.
            regions: vec![
                (0x1_0000, CODE, true, false),
                (CODE, code_end.next_multiple_of(4096), false, true),
                (code_end.next_multiple_of(4096), 0x1000_0000, true, false),
            ],
            exec: (CODE, code_end),
        }
    }

    fn region(&self, addr: u32, size: u32) -> Option<(bool, bool)> {
        self.regions
            .iter()
            .find(|(s, e, _, _)| addr >= *s && (addr as u64 + size as u64) <= *e as u64)
            .map(|(_, _, w, x)| (*w, *x))
    }

    fn load(&self, addr: u32, size: u32) -> Result<u32, &'static str> {
        if addr % size != 0 {
            return Err("misaligned");
        }
        self.region(addr, size).ok_or("access")?;
        let mut v = 0u32;
        for k in (0..size).rev() {
            v = (v << 8) | *self.mem.get(&(addr + k)).unwrap_or(&0) as u32;
        }
        Ok(v)
    }

    fn store(&mut self, addr: u32, size: u32, v: u32) -> Result<(), &'static str> {
        if addr % size != 0 {
            return Err("misaligned");
        }
        match self.region(addr, size) {
            Some((true, _)) => {}
            _ => return Err("access"),
        }
        for k in 0..size {
            self.mem.insert(addr + k, (v >> (8 * k)) as u8);
        }
        Ok(())
    }

    pub fn run(&mut self, max_steps: u64) -> RefEnd {
        let mut steps = 0;
        loop {
            if steps >= max_steps {
                return RefEnd::Fault {
                    pc: self.pc,
                    kind: "limit",
                };
            }
            steps += 1;
            let pc = self.pc;
            if pc < self.exec.0 || pc >= self.exec.1 || pc % 4 != 0 {
                return RefEnd::Fault { pc, kind: "fetch" };
            }
            let w = self.load(pc, 4).unwrap();
            let x = |lo: u32, n: u32| (w >> lo) & ((1u32 << n) - 1);
            let (op, rd, f3, rs1, rs2, f7) = (
                x(0, 7),
                x(7, 5) as usize,
                x(12, 3),
                x(15, 5) as usize,
                x(20, 5) as usize,
                x(25, 7),
            );
            let a = self.regs[rs1];
            let bv = self.regs[rs2];
            let sa = a as i32 as i64;
            let sb = bv as i32 as i64;
            let imm_i = (w as i32 >> 20) as i64;
            let imm_s = (((w as i32) >> 25) << 5) as i64 | x(7, 5) as i64;
            let imm_b = ((((w as i32) >> 31) as i64) << 12)
                | ((x(7, 1) as i64) << 11)
                | ((x(25, 6) as i64) << 5)
                | ((x(8, 4) as i64) << 1);
            let imm_j = ((((w as i32) >> 31) as i64) << 20)
                | ((x(12, 8) as i64) << 12)
                | ((x(20, 1) as i64) << 11)
                | ((x(21, 10) as i64) << 1);
            let mut next = pc.wrapping_add(4);
            let mut result: Option<u32> = None;
            let illegal = RefEnd::Fault {
                pc,
                kind: "illegal",
            };
            match op {
                0x37 => result = Some(w & 0xffff_f000),
                0x17 => result = Some(pc.wrapping_add(w & 0xffff_f000)),
                0x6f => {
                    next = (pc as i64 + imm_j) as u32;
                    result = Some(pc.wrapping_add(4));
                }
                0x67 if f3 == 0 => {
                    next = ((sa + imm_i) as u32) & !1;
                    result = Some(pc.wrapping_add(4));
                }
                0x63 => {
                    let taken = match f3 {
                        0 => a == bv,
                        1 => a != bv,
                        4 => sa < sb,
                        5 => sa >= sb,
                        6 => a < bv,
                        7 => a >= bv,
                        _ => return illegal,
                    };
                    if taken {
                        next = (pc as i64 + imm_b) as u32;
                    }
                }
                0x03 => {
                    let addr = (a as i64 + imm_i) as u32;
                    let (size, signed) = match f3 {
                        0 => (1, true),
                        1 => (2, true),
                        2 => (4, false),
                        4 => (1, false),
                        5 => (2, false),
                        _ => return illegal,
                    };
                    let v = match self.load(addr, size) {
                        Ok(v) => v,
                        Err(k) => return RefEnd::Fault { pc, kind: k },
                    };
                    let v = if signed {
                        let sh = 32 - 8 * size;
                        (((v << sh) as i32) >> sh) as u32
                    } else {
                        v
                    };
                    result = Some(v);
                }
                0x23 => {
                    let addr = (a as i64 + imm_s) as u32;
                    let size = match f3 {
                        0 => 1,
                        1 => 2,
                        2 => 4,
                        _ => return illegal,
                    };
                    let mask = if size == 4 {
                        u32::MAX
                    } else {
                        (1 << (8 * size)) - 1
                    };
                    if let Err(k) = self.store(addr, size, bv & mask) {
                        return RefEnd::Fault { pc, kind: k };
                    }
                }
                0x13 => {
                    let sh = x(20, 5);
                    result = Some(match f3 {
                        0 => (sa + imm_i) as u32,
                        2 => (sa < imm_i) as u32,
                        3 => ((a as u64) < (imm_i as u32 as u64)) as u32,
                        4 => a ^ imm_i as u32,
                        6 => a | imm_i as u32,
                        7 => a & imm_i as u32,
                        1 if f7 == 0 => ((a as u64) << sh) as u32,
                        5 if f7 == 0 => a >> sh,
                        5 if f7 == 0x20 => (sa >> sh) as u32,
                        _ => return illegal,
                    });
                }
                0x33 => {
                    let sh = bv % 32;
                    result = Some(match (f7, f3) {
                        (0, 0) => (sa + sb) as u32,
                        (0x20, 0) => (sa - sb) as u32,
                        (0, 1) => ((a as u64) << sh) as u32,
                        (0, 2) => (sa < sb) as u32,
                        (0, 3) => (a < bv) as u32,
                        (0, 4) => a ^ bv,
                        (0, 5) => a >> sh,
                        (0x20, 5) => (sa >> sh) as u32,
                        (0, 6) => a | bv,
                        (0, 7) => a & bv,
                        (1, 0) => (sa * sb) as u32,
                        (1, 1) => ((sa as i128 * sb as i128) >> 32) as u32,
                        (1, 2) => ((sa as i128 * bv as i128) >> 32) as u32,
                        (1, 3) => ((a as u128 * bv as u128) >> 32) as u32,
                        // Spec table 7.1: x/0 = -1, overflow = dividend.
                        (1, 4) => {
                            if bv == 0 {
                                u32::MAX
                            } else if sa == i32::MIN as i64 && sb == -1 {
                                a
                            } else {
                                (sa / sb) as u32
                            }
                        }
                        (1, 5) => {
                            if bv == 0 {
                                u32::MAX
                            } else {
                                a / bv
                            }
                        }
                        (1, 6) => {
                            if bv == 0 {
                                a
                            } else if sa == i32::MIN as i64 && sb == -1 {
                                0
                            } else {
                                (sa % sb) as u32
                            }
                        }
                        (1, 7) => {
                            if bv == 0 {
                                a
                            } else {
                                a % bv
                            }
                        }
                        _ => return illegal,
                    });
                }
                0x0f if f3 == 0 => {}
                0x73 if w == 0x73 => {
                    // Only halt is supported by the reference.
                    if self.regs[5] == 0 {
                        return RefEnd::Halt {
                            code: self.regs[10],
                            regs: self.regs,
                            steps,
                        };
                    }
                    return RefEnd::Fault {
                        pc,
                        kind: "syscall",
                    };
                }
                0x73 if w == 0x0010_0073 => return RefEnd::Fault { pc, kind: "ebreak" },
                0x73 if f3 != 0 && f3 != 4 => return RefEnd::Fault { pc, kind: "csr" },
                _ => return illegal,
            }
            if next % 4 != 0 {
                return RefEnd::Fault {
                    pc,
                    kind: "misaligned-jump",
                };
            }
            if let Some(v) = result {
                if rd != 0 {
                    self.regs[rd] = v;
                }
            }
            self.pc = next;
        }
    }
}

/// Build a VM program: code at `CODE` (RX), `data` at `DATA` (RW, `DATA_LEN` bytes).
pub fn program(code: &[u32], data: &[u8]) -> umbra_vm::Program {
    use umbra_vm::elf::Segment;
    umbra_vm::Program::new(
        CODE,
        vec![
            Segment {
                vaddr: CODE,
                mem_size: 4 * code.len() as u32,
                data: code.iter().flat_map(|w| w.to_le_bytes()).collect(),
                read: true,
                write: false,
                execute: true,
            },
            Segment {
                vaddr: DATA,
                mem_size: DATA_LEN,
                data: data.to_vec(),
                read: true,
                write: true,
                execute: false,
            },
        ],
    )
    .unwrap()
}

/// The coarse kind of a VM error, in the reference's terms.
pub fn kind(e: &umbra_vm::VmError) -> (u32, &'static str) {
    use umbra_vm::VmError::*;
    use umbra_vm::memory::MemFault;
    match e {
        Memory {
            pc,
            fault: MemFault::Misaligned { .. },
            ..
        } => (*pc, "misaligned"),
        Memory { pc, .. } => (*pc, "access"),
        Fetch { pc } => (*pc, "fetch"),
        MisalignedJump { pc, .. } => (*pc, "misaligned-jump"),
        IllegalInstruction { pc, .. } => (*pc, "illegal"),
        CsrAccess { pc, .. } => (*pc, "csr"),
        Ebreak { pc } => (*pc, "ebreak"),
        CycleLimit { pc, .. } => (*pc, "limit"),
        TraceLimit { pc, .. } => (*pc, "trace-limit"),
        Syscall { pc, .. } => (*pc, "syscall"),
        Load(_) => (0, "load"),
        // `VmError` is `#[non_exhaustive]`: other crates including this module need the arm,
        // the executor's own tests see it as unreachable.
        #[allow(unreachable_patterns)]
        _ => (0, "other"),
    }
}
