//! RV32IM instruction decoding into a compact predecoded form.
//!
//! Every 32-bit word decodes to an [`Instr`]: either a valid RV32IM instruction or one of the
//! trap forms ([`Op::Illegal`], [`Op::Csr`], [`Op::NotExecutable`]) that the interpreter turns
//! into a typed error when (and only when) it is executed. Decoding never fails and never
//! panics, so a program can be predecoded up front.

/// The operation of a predecoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
#[allow(missing_docs)] // the mnemonics are the documentation
pub enum Op {
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    Sb,
    Sh,
    Sw,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    /// `fence` (any predecessor/successor set): a no-op in this single-hart VM.
    Fence,
    /// `ecall`: a syscall.
    Ecall,
    /// `ebreak`: a typed error.
    Ebreak,
    /// A Zicsr instruction (`csrrw` ... `csrrci`); `imm` holds the CSR number.
    Csr,
    /// Not an RV32IM instruction; `imm` holds the raw word.
    Illegal,
    /// A word of the code range that lies in a non-executable page.
    NotExecutable,
}

/// A predecoded instruction: 8 bytes, fields already extracted and sign-extended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instr {
    /// Operation.
    pub op: Op,
    /// Destination register (0..32).
    pub rd: u8,
    /// First source register (0..32).
    pub rs1: u8,
    /// Second source register (0..32).
    pub rs2: u8,
    /// Immediate (sign-extended where the format says so; shift amount for shifts; CSR
    /// number for [`Op::Csr`]; the raw word for [`Op::Illegal`]).
    pub imm: u32,
}

impl Instr {
    const fn new(op: Op, rd: u32, rs1: u32, rs2: u32, imm: u32) -> Self {
        Self {
            op,
            rd: (rd & 31) as u8,
            rs1: (rs1 & 31) as u8,
            rs2: (rs2 & 31) as u8,
            imm,
        }
    }

    /// An illegal instruction carrying its raw word.
    pub const fn illegal(word: u32) -> Self {
        Self::new(Op::Illegal, 0, 0, 0, word)
    }

    /// The filler for words in non-executable pages of the code range.
    pub const NOT_EXECUTABLE: Self = Self::new(Op::NotExecutable, 0, 0, 0, 0);

    /// Which registers this instruction reads (`rs1`, `rs2`) and writes (`rd`), as used by
    /// the trace. Unused slots are `None`.
    pub const fn reg_usage(&self) -> (Option<u8>, Option<u8>, Option<u8>) {
        use Op::*;
        let (r1, r2, w) = match self.op {
            Lui | Auipc | Jal => (false, false, true),
            Jalr | Lb | Lh | Lw | Lbu | Lhu | Addi | Slti | Sltiu | Xori | Ori | Andi | Slli
            | Srli | Srai => (true, false, true),
            Beq | Bne | Blt | Bge | Bltu | Bgeu | Sb | Sh | Sw => (true, true, false),
            Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Mul | Mulh | Mulhsu
            | Mulhu | Div | Divu | Rem | Remu => (true, true, true),
            Fence | Ecall | Ebreak | Csr | Illegal | NotExecutable => (false, false, false),
        };
        (
            if r1 { Some(self.rs1) } else { None },
            if r2 { Some(self.rs2) } else { None },
            if w { Some(self.rd) } else { None },
        )
    }
}

const fn sext(value: u32, bits: u32) -> u32 {
    let shift = 32 - bits;
    (((value << shift) as i32) >> shift) as u32
}

/// Decode one instruction word. Total: every word yields an [`Instr`].
pub const fn decode(word: u32) -> Instr {
    let opcode = word & 0x7f;
    let rd = (word >> 7) & 31;
    let funct3 = (word >> 12) & 7;
    let rs1 = (word >> 15) & 31;
    let rs2 = (word >> 20) & 31;
    let funct7 = word >> 25;
    let imm_i = sext(word >> 20, 12);
    let imm_s = sext(((word >> 25) << 5) | ((word >> 7) & 31), 12);
    let imm_b = sext(
        (((word >> 31) & 1) << 12)
            | (((word >> 7) & 1) << 11)
            | (((word >> 25) & 0x3f) << 5)
            | (((word >> 8) & 0xf) << 1),
        13,
    );
    let imm_u = word & 0xffff_f000;
    let imm_j = sext(
        (((word >> 31) & 1) << 20)
            | (((word >> 12) & 0xff) << 12)
            | (((word >> 20) & 1) << 11)
            | (((word >> 21) & 0x3ff) << 1),
        21,
    );
    use Op::*;
    let op = match opcode {
        0x37 => return Instr::new(Lui, rd, 0, 0, imm_u),
        0x17 => return Instr::new(Auipc, rd, 0, 0, imm_u),
        0x6f => return Instr::new(Jal, rd, 0, 0, imm_j),
        0x67 if funct3 == 0 => return Instr::new(Jalr, rd, rs1, 0, imm_i),
        0x63 => {
            let op = match funct3 {
                0 => Beq,
                1 => Bne,
                4 => Blt,
                5 => Bge,
                6 => Bltu,
                7 => Bgeu,
                _ => return Instr::illegal(word),
            };
            return Instr::new(op, 0, rs1, rs2, imm_b);
        }
        0x03 => {
            let op = match funct3 {
                0 => Lb,
                1 => Lh,
                2 => Lw,
                4 => Lbu,
                5 => Lhu,
                _ => return Instr::illegal(word),
            };
            return Instr::new(op, rd, rs1, 0, imm_i);
        }
        0x23 => {
            let op = match funct3 {
                0 => Sb,
                1 => Sh,
                2 => Sw,
                _ => return Instr::illegal(word),
            };
            return Instr::new(op, 0, rs1, rs2, imm_s);
        }
        0x13 => match funct3 {
            0 => Addi,
            2 => Slti,
            3 => Sltiu,
            4 => Xori,
            6 => Ori,
            7 => Andi,
            1 if funct7 == 0 => return Instr::new(Slli, rd, rs1, 0, rs2),
            5 if funct7 == 0 => return Instr::new(Srli, rd, rs1, 0, rs2),
            5 if funct7 == 0x20 => return Instr::new(Srai, rd, rs1, 0, rs2),
            _ => return Instr::illegal(word),
        },
        0x33 => {
            let op = match (funct7, funct3) {
                (0, 0) => Add,
                (0x20, 0) => Sub,
                (0, 1) => Sll,
                (0, 2) => Slt,
                (0, 3) => Sltu,
                (0, 4) => Xor,
                (0, 5) => Srl,
                (0x20, 5) => Sra,
                (0, 6) => Or,
                (0, 7) => And,
                (1, 0) => Mul,
                (1, 1) => Mulh,
                (1, 2) => Mulhsu,
                (1, 3) => Mulhu,
                (1, 4) => Div,
                (1, 5) => Divu,
                (1, 6) => Rem,
                (1, 7) => Remu,
                _ => return Instr::illegal(word),
            };
            return Instr::new(op, rd, rs1, rs2, 0);
        }
        // FENCE (funct3 = 0; reserved fields ignored as the spec permits). FENCE.I belongs
        // to Zifencei, which this VM does not implement.
        0x0f if funct3 == 0 => return Instr::new(Fence, 0, 0, 0, 0),
        0x73 => {
            if word == 0x0000_0073 {
                return Instr::new(Ecall, 0, 0, 0, 0);
            }
            if word == 0x0010_0073 {
                return Instr::new(Ebreak, 0, 0, 0, 0);
            }
            if funct3 != 0 && funct3 != 4 {
                return Instr::new(Csr, rd, rs1, 0, word >> 20);
            }
            return Instr::illegal(word);
        }
        _ => return Instr::illegal(word),
    };
    Instr::new(op, rd, rs1, 0, imm_i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instr_is_compact() {
        assert_eq!(size_of::<Instr>(), 8);
    }

    #[test]
    fn immediates_sign_extend() {
        // addi x1, x0, -1
        let i = decode(0xfff0_0093);
        assert_eq!((i.op, i.rd, i.rs1, i.imm), (Op::Addi, 1, 0, u32::MAX));
        // jal x0, -4  (imm = -4)
        let j = decode(0xffdf_f06f);
        assert_eq!((j.op, j.imm), (Op::Jal, (-4i32) as u32));
        // beq x0, x0, -2048? encode -8: imm[12|10:5]=1111111, imm[4:1|11]=1100|1
        let b = decode(0xfe00_0ce3);
        assert_eq!((b.op, b.imm as i32), (Op::Beq, -8));
        // sw x2, -4(x1)
        let s = decode(0xfe20_ae23);
        assert_eq!((s.op, s.rs1, s.rs2, s.imm as i32), (Op::Sw, 1, 2, -4));
    }

    #[test]
    fn traps_decode() {
        assert_eq!(decode(0).op, Op::Illegal);
        assert_eq!(decode(u32::MAX).op, Op::Illegal);
        // csrrs x1, cycle, x0
        let c = decode(0xc000_20f3);
        assert_eq!((c.op, c.imm), (Op::Csr, 0xc00));
        assert_eq!(decode(0x0010_0073).op, Op::Ebreak);
        // mret
        assert_eq!(decode(0x3020_0073).op, Op::Illegal);
        // slli with shamt[5] set is illegal on RV32
        assert_eq!(decode(0x0200_1093).op, Op::Illegal);
        // fence.i
        assert_eq!(decode(0x0000_100f).op, Op::Illegal);
    }
}
