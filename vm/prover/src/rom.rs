//! The pre-decoded program ROM: pc → (opcode-class flags, rd, rs1, rs2, imm).
//!
//! The verifier builds this table from the ELF, so the CPU circuit never splits instruction
//! bits: every slot fetches one [`RomEntry`] on the bus and the verifier-side table is the
//! only source of entries. The table therefore also carries work the verifier can do once per
//! instruction instead of the circuit doing it once per execution:
//!
//! * `imm` is the value the circuit needs, not the raw immediate: the jump or branch target
//!   for `jal` and branches, `pc + imm` for `auipc`, the operand for I-type instructions;
//! * every result-selection flag is cleared when `rd = x0`, so the value written to `x0` is
//!   the empty sum, 0 ("x0 hard-wired" costs no constraint);
//! * `ecall` reads `t0` (syscall id) and `a2` through its `rs1`/`rs2` slots and has `rd = a0`
//!   (its first argument is the old value, its first result the new one);
//! * every pc that follows an `ecall` also keys a *continuation* entry (all zero) at
//!   `pc + CONT_KEY` ([`Rom::continuation`]), fetched by the slots that move a syscall's bytes.
//!
//! Words that are not provable instructions (illegal words, CSR instructions, `ebreak`) are
//! kept out of the table: reaching one is a typed [`RomError`] for the witness generator and an
//! unbalanced bus for a cheating prover.

use std::collections::BTreeMap;

use umbra_vm::Program;
use umbra_vm::decode::{Op, decode};

/// Bit positions of the flags packed into [`RomEntry::flags`].
///
/// Control flags steer operands and the pc; `R_*` flags select the value written to `rd`
/// (exactly one is set for an instruction that writes a register other than `x0`).
pub mod flag {
    /// Operand 2 is `rs2`'s value (R-type and branches); otherwise it is `imm`.
    pub const B_REG: u32 = 0;
    /// The adder subtracts operand 2 (sub, comparisons, branches).
    pub const NEG: u32 = 1;
    /// Operand 1 is signed (mulh, mulhsu, div, rem, sra).
    pub const S1: u32 = 2;
    /// Operand 2 is signed (mulh, div, rem). Never set without [`S1`].
    pub const S2: u32 = 3;
    /// The multiplier's second factor is `2^shamt` (left shifts).
    pub const SLL: u32 = 4;
    /// The multiplier's second factor is `2^(32-shamt)` (right shifts).
    pub const SR: u32 = 5;
    /// A load.
    pub const LOAD: u32 = 6;
    /// `sb`.
    pub const SB: u32 = 7;
    /// `sh`.
    pub const SH: u32 = 8;
    /// `sw`.
    pub const SW: u32 = 9;
    /// A halfword access (`lh`, `lhu`, `sh`): the address must be 2-aligned.
    pub const HALF: u32 = 10;
    /// A word access (`lw`, `sw`): the address must be 4-aligned.
    pub const WORD: u32 = 11;
    /// Branch condition "equal".
    pub const C_EQ: u32 = 12;
    /// Branch condition "signed less than".
    pub const C_LTS: u32 = 13;
    /// Branch condition "unsigned less than".
    pub const C_LTU: u32 = 14;
    /// The branch condition is negated (bne, bge, bgeu).
    pub const C_INV: u32 = 15;
    /// `jal`: the next pc is `imm`.
    pub const JAL: u32 = 16;
    /// `jalr`: the next pc is `(rs1 + imm) & !1`.
    pub const JALR: u32 = 17;
    /// `ecall`: emits a syscall tuple.
    pub const ECALL: u32 = 18;
    /// rd ← adder result (add, addi, sub).
    pub const R_ADD: u32 = 19;
    /// rd ← imm (lui, auipc).
    pub const R_IMM: u32 = 20;
    /// rd ← pc + 4 (jal, jalr).
    pub const R_LINK: u32 = 21;
    /// rd ← unsigned less-than (sltu, sltiu).
    pub const R_LTU: u32 = 22;
    /// rd ← signed less-than (slt, slti).
    pub const R_LTS: u32 = 23;
    /// rd ← and.
    pub const R_AND: u32 = 24;
    /// rd ← or.
    pub const R_OR: u32 = 25;
    /// rd ← xor.
    pub const R_XOR: u32 = 26;
    /// rd ← low word of the product (mul, sll).
    pub const R_LO: u32 = 27;
    /// rd ← unsigned high word of the product (mulhu, srl).
    pub const R_HIU: u32 = 28;
    /// rd ← signed high word of the product (mulh, mulhsu, sra).
    pub const R_HIS: u32 = 29;
    /// rd ← quotient (div, divu).
    pub const R_Q: u32 = 30;
    /// rd ← remainder (rem, remu).
    pub const R_R: u32 = 31;
    /// rd ← loaded word.
    pub const R_LW: u32 = 32;
    /// rd ← loaded byte, zero-extended.
    pub const R_LBU: u32 = 33;
    /// rd ← loaded byte, sign-extended.
    pub const R_LB: u32 = 34;
    /// rd ← loaded halfword, zero-extended.
    pub const R_LHU: u32 = 35;
    /// rd ← loaded halfword, sign-extended.
    pub const R_LH: u32 = 36;
    /// Number of flags.
    pub const COUNT: u32 = 37;
    /// Every `R_*` flag.
    pub const RESULT_MASK: u64 = ((1u64 << COUNT) - 1) & !((1u64 << R_ADD) - 1);
}

/// One pre-decoded instruction as the circuit fetches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RomEntry {
    /// The decoded operation (for diagnostics; the circuit sees only the fields below).
    pub op: Op,
    /// Flags, bit `i` is [`flag`] number `i`.
    pub flags: u64,
    /// Destination register.
    pub rd: u8,
    /// First source register (0 when unused, so the slot reads `x0`).
    pub rs1: u8,
    /// Second source register (0 when unused).
    pub rs2: u8,
    /// The immediate the circuit uses (see the module docs).
    pub imm: u32,
}

impl RomEntry {
    /// Whether flag `f` is set.
    pub const fn has(&self, f: u32) -> bool {
        self.flags >> f & 1 == 1
    }

    /// The entry a padding (inactive) slot carries: no flags, no registers.
    pub const NOP: Self = Self {
        op: Op::Fence,
        flags: 0,
        rd: 0,
        rs1: 0,
        rs2: 0,
        imm: 0,
    };

    /// Pre-decode the word at `pc`. Total over provable instructions; every other word is a
    /// typed error.
    pub fn decode(pc: u32, word: u32) -> Result<Self, RomError> {
        use flag::*;
        let i = decode(word);
        let bit = |f: u32| 1u64 << f;
        let (flags, rd, rs1, rs2, imm) = match i.op {
            Op::Lui => (bit(R_IMM), i.rd, 0, 0, i.imm),
            Op::Auipc => (bit(R_IMM), i.rd, 0, 0, pc.wrapping_add(i.imm)),
            Op::Jal => (bit(JAL) | bit(R_LINK), i.rd, 0, 0, pc.wrapping_add(i.imm)),
            Op::Jalr => (bit(JALR) | bit(R_LINK), i.rd, i.rs1, 0, i.imm),
            Op::Beq | Op::Bne | Op::Blt | Op::Bge | Op::Bltu | Op::Bgeu => {
                let cond = match i.op {
                    Op::Beq | Op::Bne => bit(C_EQ),
                    Op::Blt | Op::Bge => bit(C_LTS),
                    _ => bit(C_LTU),
                };
                let inv = if matches!(i.op, Op::Bne | Op::Bge | Op::Bgeu) {
                    bit(C_INV)
                } else {
                    0
                };
                (
                    bit(B_REG) | bit(NEG) | cond | inv,
                    0,
                    i.rs1,
                    i.rs2,
                    pc.wrapping_add(i.imm),
                )
            }
            Op::Lb => (bit(LOAD) | bit(R_LB), i.rd, i.rs1, 0, i.imm),
            Op::Lbu => (bit(LOAD) | bit(R_LBU), i.rd, i.rs1, 0, i.imm),
            Op::Lh => (bit(LOAD) | bit(HALF) | bit(R_LH), i.rd, i.rs1, 0, i.imm),
            Op::Lhu => (bit(LOAD) | bit(HALF) | bit(R_LHU), i.rd, i.rs1, 0, i.imm),
            Op::Lw => (bit(LOAD) | bit(WORD) | bit(R_LW), i.rd, i.rs1, 0, i.imm),
            Op::Sb => (bit(SB), 0, i.rs1, i.rs2, i.imm),
            Op::Sh => (bit(SH) | bit(HALF), 0, i.rs1, i.rs2, i.imm),
            Op::Sw => (bit(SW) | bit(WORD), 0, i.rs1, i.rs2, i.imm),
            Op::Addi => (bit(R_ADD), i.rd, i.rs1, 0, i.imm),
            Op::Slti => (bit(NEG) | bit(R_LTS), i.rd, i.rs1, 0, i.imm),
            Op::Sltiu => (bit(NEG) | bit(R_LTU), i.rd, i.rs1, 0, i.imm),
            Op::Xori => (bit(R_XOR), i.rd, i.rs1, 0, i.imm),
            Op::Ori => (bit(R_OR), i.rd, i.rs1, 0, i.imm),
            Op::Andi => (bit(R_AND), i.rd, i.rs1, 0, i.imm),
            Op::Slli => (bit(SLL) | bit(R_LO), i.rd, i.rs1, 0, i.imm),
            Op::Srli => (bit(SR) | bit(R_HIU), i.rd, i.rs1, 0, i.imm),
            Op::Srai => (bit(SR) | bit(S1) | bit(R_HIS), i.rd, i.rs1, 0, i.imm),
            Op::Add
            | Op::Sub
            | Op::Sll
            | Op::Slt
            | Op::Sltu
            | Op::Xor
            | Op::Srl
            | Op::Sra
            | Op::Or
            | Op::And
            | Op::Mul
            | Op::Mulh
            | Op::Mulhsu
            | Op::Mulhu
            | Op::Div
            | Op::Divu
            | Op::Rem
            | Op::Remu => {
                let f = match i.op {
                    Op::Add => bit(R_ADD),
                    Op::Sub => bit(NEG) | bit(R_ADD),
                    Op::Sll => bit(SLL) | bit(R_LO),
                    Op::Slt => bit(NEG) | bit(R_LTS),
                    Op::Sltu => bit(NEG) | bit(R_LTU),
                    Op::Xor => bit(R_XOR),
                    Op::Srl => bit(SR) | bit(R_HIU),
                    Op::Sra => bit(SR) | bit(S1) | bit(R_HIS),
                    Op::Or => bit(R_OR),
                    Op::And => bit(R_AND),
                    Op::Mul => bit(R_LO),
                    Op::Mulh => bit(S1) | bit(S2) | bit(R_HIS),
                    Op::Mulhsu => bit(S1) | bit(R_HIS),
                    Op::Mulhu => bit(R_HIU),
                    Op::Div => bit(S1) | bit(S2) | bit(R_Q),
                    Op::Divu => bit(R_Q),
                    Op::Rem => bit(S1) | bit(S2) | bit(R_R),
                    _ => bit(R_R), // remu
                };
                (bit(B_REG) | f, i.rd, i.rs1, i.rs2, 0)
            }
            Op::Fence => (0, 0, 0, 0, 0),
            // t0 (x5) holds the syscall id, a2 (x12) the third argument; rd = a0 (x10) is
            // read before and written after (first argument, first result). a1 is read and
            // written by every slot's own lane.
            Op::Ecall => (bit(ECALL), 10, 5, 12, 0),
            Op::Ebreak | Op::Csr | Op::Illegal | Op::NotExecutable => {
                return Err(RomError::Undecodable { pc, word });
            }
        };
        // x0 is hard-wired: with no result flag the written value is the empty sum.
        let flags = if rd == 0 { flags & !RESULT_MASK } else { flags };
        Ok(Self {
            op: i.op,
            flags,
            rd,
            rs1,
            rs2,
            imm,
        })
    }
}

/// Why the ROM has no entry for a pc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RomError {
    /// The word at `pc` is not a provable RV32IM instruction (illegal, CSR, `ebreak`).
    Undecodable {
        /// Its address.
        pc: u32,
        /// The word.
        word: u32,
    },
    /// `pc` is not the address of a word in an executable segment.
    NotInRom {
        /// The pc.
        pc: u32,
    },
}

impl core::fmt::Display for RomError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Undecodable { pc, word } => {
                write!(
                    f,
                    "word {word:#010x} at pc {pc:#010x} is not a provable instruction"
                )
            }
            Self::NotInRom { pc } => write!(f, "pc {pc:#010x} is not in the program ROM"),
        }
    }
}

impl std::error::Error for RomError {}

/// The verifier-side table of every executable word of a program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rom {
    entries: BTreeMap<u32, RomEntry>,
    rejected: BTreeMap<u32, u32>,
}

impl Rom {
    /// Pre-decode every 4-aligned word of the program's executable segments. Words that are
    /// not provable instructions (compilers place `unimp` and padding in code) are recorded in
    /// [`Rom::rejected`] and left out of the table rather than failing the whole program.
    pub fn from_program(program: &Program) -> Self {
        let mut rom = Self::default();
        for s in program.segments().iter().filter(|s| s.execute) {
            // Only whole, 4-aligned words are instructions (the VM fetches nothing else).
            // Bytes past `data` (up to `mem_size`) are zero: the illegal word 0.
            let first = s.vaddr.wrapping_neg() & 3;
            for off in (first..s.mem_size.saturating_sub(3)).step_by(4) {
                let Some(pc) = s.vaddr.checked_add(off) else {
                    break;
                };
                let mut b = [0u8; 4];
                for (k, byte) in b.iter_mut().enumerate() {
                    *byte = s.data.get(off as usize + k).copied().unwrap_or(0);
                }
                let word = u32::from_le_bytes(b);
                match RomEntry::decode(pc, word) {
                    Ok(e) => {
                        rom.entries.insert(pc, e);
                    }
                    Err(_) => {
                        rom.rejected.insert(pc, word);
                    }
                }
            }
        }
        rom
    }

    /// Pre-decode a program and fail on the first word that is not a provable instruction.
    pub fn from_program_strict(program: &Program) -> Result<Self, RomError> {
        let rom = Self::from_program(program);
        match rom.rejected.iter().next() {
            Some((&pc, &word)) => Err(RomError::Undecodable { pc, word }),
            None => Ok(rom),
        }
    }

    /// The entry at `pc`.
    pub fn get(&self, pc: u32) -> Result<&RomEntry, RomError> {
        if let Some(e) = self.entries.get(&pc) {
            return Ok(e);
        }
        match self.rejected.get(&pc) {
            Some(&word) => Err(RomError::Undecodable { pc, word }),
            None => Err(RomError::NotInRom { pc }),
        }
    }

    /// Whether `key` (a continuation slot's fetch key `pc + CONT_KEY`, see
    /// [`crate::step::CONT_KEY`]) has the all-zero continuation entry: `pc − 4` is an `ecall`.
    pub fn continuation(&self, key: u64) -> bool {
        key.checked_sub(crate::step::CONT_KEY)
            .and_then(|pc| u32::try_from(pc).ok())
            .and_then(|pc| pc.checked_sub(4))
            .and_then(|e| self.entries.get(&e))
            .is_some_and(|e| e.has(flag::ECALL))
    }

    /// Every provable entry, by pc.
    pub fn entries(&self) -> impl Iterator<Item = (u32, &RomEntry)> {
        self.entries.iter().map(|(&pc, e)| (pc, e))
    }

    /// Executable words left out of the table, by pc.
    pub fn rejected(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.rejected.iter().map(|(&pc, &w)| (pc, w))
    }

    /// Number of provable entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const CODE: u32 = 0x2_0000;

    #[test]
    fn flags_and_precomputed_immediates() {
        // add x3, x1, x2
        let e = RomEntry::decode(CODE, 0x0020_81b3).unwrap();
        assert_eq!((e.op, e.rd, e.rs1, e.rs2, e.imm), (Op::Add, 3, 1, 2, 0));
        assert_eq!(e.flags, 1 << flag::B_REG | 1 << flag::R_ADD);
        // jal ra, -4: imm is the target
        let e = RomEntry::decode(CODE + 8, 0xffdf_f0ef).unwrap();
        assert_eq!((e.imm, e.rd), (CODE + 4, 1));
        assert!(e.has(flag::JAL) && e.has(flag::R_LINK));
        // auipc x5, 0x1: imm is pc + 0x1000
        let e = RomEntry::decode(CODE, 0x0000_1297).unwrap();
        assert_eq!(e.imm, CODE + 0x1000);
        // beq x0, x0, -8: target, b_reg, neg, eq
        let e = RomEntry::decode(CODE + 16, 0xfe00_0ce3).unwrap();
        assert_eq!(e.imm, CODE + 8);
        assert!(e.has(flag::B_REG) && e.has(flag::NEG) && e.has(flag::C_EQ) && !e.has(flag::C_INV));
        // ecall reads t0 and a2, reads and writes a0
        let e = RomEntry::decode(CODE, 0x73).unwrap();
        assert_eq!((e.rs1, e.rs2, e.rd, e.flags), (5, 12, 10, 1 << flag::ECALL));
    }

    #[test]
    fn x0_destination_clears_every_result_flag() {
        // add x0, x1, x2 ; jal x0, 8 ; lw x0, 0(x1)
        for (word, keep) in [
            (0x0020_8033u32, 1u64 << flag::B_REG),
            (0x0080_006f, 1 << flag::JAL),
            (0x0000_a003, 1 << flag::LOAD | 1 << flag::WORD),
        ] {
            let e = RomEntry::decode(CODE, word).unwrap();
            assert_eq!(e.flags & flag::RESULT_MASK, 0);
            assert_eq!(e.flags, keep);
        }
    }

    #[test]
    fn every_flag_fits_and_signed_operand_two_implies_one() {
        const { assert!(flag::COUNT < 64) };
        for word in [0x0220_91b3u32, 0x0220_c1b3, 0x0220_e1b3] {
            // mulh, div, rem
            let e = RomEntry::decode(CODE, word).unwrap();
            assert!(e.has(flag::S2) && e.has(flag::S1));
        }
    }

    #[test]
    fn undecodable_words_are_typed_errors() {
        for word in [0u32, u32::MAX, 0x0010_0073, 0xc000_20f3, 0x0000_100f] {
            assert_eq!(
                RomEntry::decode(CODE, word),
                Err(RomError::Undecodable { pc: CODE, word })
            );
        }
    }

    #[test]
    fn continuation_entries_follow_exactly_the_ecalls() {
        use crate::step::CONT_KEY;
        // addi a0, x0, 7 ; ecall ; ecall
        let p = Program::from_words(CODE, &[0x0070_0513, 0x73, 0x73]).unwrap();
        let rom = Rom::from_program(&p);
        let key = |pc: u32| CONT_KEY + u64::from(pc);
        // After each ecall (even past the ROM's end), nowhere else.
        assert!(rom.continuation(key(CODE + 8)) && rom.continuation(key(CODE + 12)));
        assert!(!rom.continuation(key(CODE + 4)) && !rom.continuation(key(CODE)));
        // Real pcs are never continuation keys.
        assert!(!rom.continuation(u64::from(CODE + 8)));
        assert!(!rom.continuation(key(0)) && !rom.continuation(u64::MAX));
    }

    #[test]
    fn rom_from_program_keeps_rejected_words_out() {
        // addi a0, x0, 7 ; unimp (csrrw x0, cycle, x0) ; ecall
        let p = Program::from_words(CODE, &[0x0070_0513, 0xc000_1073, 0x73]).unwrap();
        let rom = Rom::from_program(&p);
        assert_eq!(rom.len(), 2);
        assert_eq!(
            rom.rejected().collect::<Vec<_>>(),
            vec![(CODE + 4, 0xc000_1073)]
        );
        assert_eq!(
            rom.get(CODE + 4),
            Err(RomError::Undecodable {
                pc: CODE + 4,
                word: 0xc000_1073
            })
        );
        assert_eq!(
            rom.get(CODE + 12),
            Err(RomError::NotInRom { pc: CODE + 12 })
        );
        assert_eq!(rom.get(CODE + 2), Err(RomError::NotInRom { pc: CODE + 2 }));
        assert_eq!(
            Rom::from_program_strict(&p),
            Err(RomError::Undecodable {
                pc: CODE + 4,
                word: 0xc000_1073
            })
        );
        let ok = Program::from_words(CODE, &[0x0070_0513, 0x73]).unwrap();
        assert_eq!(Rom::from_program_strict(&ok).unwrap().len(), 2);
    }
}
