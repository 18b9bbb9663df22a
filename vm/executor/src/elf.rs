//! ELF32 loading with validation.
//!
//! Accepted: a 32-bit, little-endian, version-1, `ET_EXEC`, `EM_RISCV` file without the RVC
//! (compressed) flag, whose `PT_LOAD` segments lie inside the file (`p_offset + p_filesz`),
//! have `p_filesz <= p_memsz`, lie inside guest RAM, do not overlap, never make a page
//! both writable and executable, and whose executable span is at most [`MAX_CODE_SIZE`]; the entry point must be 4-byte aligned inside an executable
//! segment. Bytes between `p_filesz` and `p_memsz` (`.bss`) are zero. Every violation is an
//! [`ElfError`]; parsing never panics on any byte string.

use alloc::vec::Vec;
use umbra_abi::memory::{PAGE_SIZE, RAM_END, RAM_START};

/// Most program headers accepted.
pub const MAX_SEGMENTS: usize = 64;

/// Largest span (lowest to highest executable byte) of executable segments; the
/// interpreter predecodes this range (8 bytes per instruction word).
pub const MAX_CODE_SIZE: u32 = 16 << 20;

const PT_LOAD: u32 = 1;
const PF_X: u32 = 1;
const PF_W: u32 = 2;
const PF_R: u32 = 4;
const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const EF_RISCV_RVC: u32 = 1;

/// Why an ELF file (or a hand-built [`Program`]) was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ElfError {
    /// Shorter than the 52-byte ELF32 header.
    TooShort,
    /// Does not start with `\x7fELF`.
    BadMagic,
    /// `EI_CLASS` is not ELFCLASS32.
    NotElf32,
    /// `EI_DATA` is not little-endian.
    NotLittleEndian,
    /// `EI_VERSION` / `e_version` is not 1.
    BadVersion,
    /// `e_type` is not `ET_EXEC`.
    NotExecutable,
    /// `e_machine` is not RISC-V.
    NotRiscV,
    /// The file requires the C (compressed) extension.
    CompressedUnsupported,
    /// `e_phentsize` is not 32.
    BadProgramHeaderSize,
    /// More than [`MAX_SEGMENTS`] program headers.
    TooManySegments,
    /// The program header table is not inside the file.
    ProgramHeadersOutOfBounds,
    /// A segment's file bytes are not inside the file.
    SegmentOutOfFile {
        /// Program header index.
        index: usize,
    },
    /// `p_filesz > p_memsz`.
    FileSizeExceedsMemSize {
        /// Program header index.
        index: usize,
    },
    /// A segment is not inside guest RAM.
    SegmentOutsideRam {
        /// Program header index.
        index: usize,
    },
    /// Two segments overlap.
    SegmentOverlap {
        /// Program header index.
        index: usize,
    },
    /// A page would be both writable and executable.
    WritableExecutable {
        /// Program header index.
        index: usize,
    },
    /// No `PT_LOAD` segment.
    NoLoadableSegment,
    /// The entry point is misaligned or not inside an executable segment.
    BadEntry {
        /// The entry point.
        entry: u32,
    },
    /// The segments' total memory size exceeds the memory limit.
    MemoryLimit,
    /// The executable address range spans more than [`MAX_CODE_SIZE`] bytes.
    CodeTooLarge,
    /// A hand-built segment has `mem_size = 0` (the ELF loader skips such headers; a
    /// [`Program`] never holds one, so the VM never computes the last byte of an empty range).
    EmptySegment {
        /// Segment index.
        index: usize,
    },
}

impl core::fmt::Display for ElfError {
    /// One sentence: what is wrong with the file, and where.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::TooShort => f.write_str("the file is shorter than an ELF32 header (52 bytes)"),
            Self::BadMagic => f.write_str("the file is not an ELF file (no \\x7fELF magic)"),
            Self::NotElf32 => f.write_str("the ELF file is not 32-bit (RV32 needs ELFCLASS32)"),
            Self::NotLittleEndian => f.write_str("the ELF file is not little-endian"),
            Self::BadVersion => f.write_str("the ELF version is not 1"),
            Self::NotExecutable => {
                f.write_str("the ELF file is not an executable (e_type is not ET_EXEC)")
            }
            Self::NotRiscV => f.write_str("the ELF file is not for RISC-V (e_machine)"),
            Self::CompressedUnsupported => f.write_str(
                "the ELF file needs the C (compressed) extension; build for riscv32im-unknown-none-elf",
            ),
            Self::BadProgramHeaderSize => f.write_str("the program header entry size is not 32"),
            Self::TooManySegments => {
                write!(f, "the file has more than {MAX_SEGMENTS} program headers")
            }
            Self::ProgramHeadersOutOfBounds => {
                f.write_str("the program header table lies outside the file")
            }
            Self::SegmentOutOfFile { index } => {
                write!(f, "segment {index}'s bytes lie outside the file")
            }
            Self::FileSizeExceedsMemSize { index } => {
                write!(f, "segment {index} has more file bytes than memory bytes")
            }
            Self::SegmentOutsideRam { index } => write!(
                f,
                "segment {index} is not inside guest RAM ({RAM_START:#010x}..{RAM_END:#010x})"
            ),
            Self::SegmentOverlap { index } => {
                write!(f, "segment {index} overlaps an earlier segment")
            }
            Self::WritableExecutable { index } => write!(
                f,
                "segment {index} would make a page both writable and executable"
            ),
            Self::NoLoadableSegment => f.write_str("the file has no loadable (PT_LOAD) segment"),
            Self::BadEntry { entry } => write!(
                f,
                "the entry point {entry:#010x} is misaligned or not inside an executable segment"
            ),
            Self::MemoryLimit => f.write_str(
                "the program's segments exceed the memory limit (raise --memory-limit)",
            ),
            Self::CodeTooLarge => write!(
                f,
                "the executable range spans more than {} MiB",
                MAX_CODE_SIZE >> 20
            ),
            Self::EmptySegment { index } => write!(f, "segment {index} is empty (mem_size = 0)"),
        }
    }
}

/// A loadable segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Virtual address of the first byte.
    pub vaddr: u32,
    /// Size in memory (`>= data.len()`; the rest is zero).
    pub mem_size: u32,
    /// Initialised bytes.
    pub data: Vec<u8>,
    /// Readable.
    pub read: bool,
    /// Writable.
    pub write: bool,
    /// Executable.
    pub execute: bool,
}

/// A validated program: entry point and segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    entry: u32,
    segments: Vec<Segment>,
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    let s = b.get(off..off.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

impl Program {
    /// Build a program from segments, with the same validation as ELF loading.
    pub fn new(entry: u32, segments: Vec<Segment>) -> Result<Self, ElfError> {
        if segments.is_empty() {
            return Err(ElfError::NoLoadableSegment);
        }
        if segments.len() > MAX_SEGMENTS {
            return Err(ElfError::TooManySegments);
        }
        for (index, s) in segments.iter().enumerate() {
            if s.mem_size == 0 {
                return Err(ElfError::EmptySegment { index });
            }
            if s.data.len() as u64 > u64::from(s.mem_size) {
                return Err(ElfError::FileSizeExceedsMemSize { index });
            }
            let end = u64::from(s.vaddr) + u64::from(s.mem_size);
            if s.vaddr < RAM_START || end > u64::from(RAM_END) {
                return Err(ElfError::SegmentOutsideRam { index });
            }
        }
        for (index, s) in segments.iter().enumerate() {
            for (j, t) in segments.iter().enumerate() {
                if j >= index {
                    continue;
                }
                let (a0, a1) = (
                    u64::from(s.vaddr),
                    u64::from(s.vaddr) + u64::from(s.mem_size),
                );
                let (b0, b1) = (
                    u64::from(t.vaddr),
                    u64::from(t.vaddr) + u64::from(t.mem_size),
                );
                if a0 < b1 && b0 < a1 {
                    return Err(ElfError::SegmentOverlap { index });
                }
                // Pages shared by two segments get the union of permissions.
                let shares_page = {
                    let (pa0, pa1) = (a0 / u64::from(PAGE_SIZE), (a1 - 1) / u64::from(PAGE_SIZE));
                    let (pb0, pb1) = (b0 / u64::from(PAGE_SIZE), (b1 - 1) / u64::from(PAGE_SIZE));
                    pa0 <= pb1 && pb0 <= pa1
                };
                if shares_page && ((s.write && t.execute) || (s.execute && t.write)) {
                    return Err(ElfError::WritableExecutable { index });
                }
            }
            if s.write && s.execute {
                return Err(ElfError::WritableExecutable { index });
            }
        }
        let exec = segments.iter().filter(|s| s.execute);
        if let (Some(lo), Some(hi)) = (
            exec.clone().map(|s| s.vaddr).min(),
            exec.map(|s| u64::from(s.vaddr) + u64::from(s.mem_size))
                .max(),
        ) && hi - u64::from(lo) > u64::from(MAX_CODE_SIZE)
        {
            return Err(ElfError::CodeTooLarge);
        }
        let entry_ok = entry & 3 == 0
            && segments.iter().any(|s| {
                s.execute
                    && entry >= s.vaddr
                    && u64::from(entry) + 4 <= u64::from(s.vaddr) + u64::from(s.mem_size)
            });
        if !entry_ok {
            return Err(ElfError::BadEntry { entry });
        }
        Ok(Self { entry, segments })
    }

    /// A single executable segment holding `words` at `base` (entry = `base`): handy for
    /// tests, fuzzing and hand-assembled programs.
    pub fn from_words(base: u32, words: &[u32]) -> Result<Self, ElfError> {
        let data: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let mem_size =
            u32::try_from(data.len()).map_err(|_| ElfError::SegmentOutsideRam { index: 0 })?;
        Self::new(
            base,
            alloc::vec![Segment {
                vaddr: base,
                mem_size,
                data,
                read: true,
                write: false,
                execute: true,
            }],
        )
    }

    /// Parse and validate an ELF32 RISC-V executable.
    pub fn from_elf(bytes: &[u8]) -> Result<Self, ElfError> {
        if bytes.len() < 52 {
            return Err(ElfError::TooShort);
        }
        if bytes[0..4] != [0x7f, b'E', b'L', b'F'] {
            return Err(ElfError::BadMagic);
        }
        if bytes[4] != 1 {
            return Err(ElfError::NotElf32);
        }
        if bytes[5] != 1 {
            return Err(ElfError::NotLittleEndian);
        }
        if bytes[6] != 1 {
            return Err(ElfError::BadVersion);
        }
        let h16 = |off| u16_at(bytes, off).ok_or(ElfError::TooShort);
        let h32 = |off| u32_at(bytes, off).ok_or(ElfError::TooShort);
        if h16(16)? != ET_EXEC {
            return Err(ElfError::NotExecutable);
        }
        if h16(18)? != EM_RISCV {
            return Err(ElfError::NotRiscV);
        }
        if h32(20)? != 1 {
            return Err(ElfError::BadVersion);
        }
        let entry = h32(24)?;
        let phoff = h32(28)? as usize;
        if h32(36)? & EF_RISCV_RVC != 0 {
            return Err(ElfError::CompressedUnsupported);
        }
        let phentsize = h16(42)? as usize;
        let phnum = h16(44)? as usize;
        if phnum > MAX_SEGMENTS {
            return Err(ElfError::TooManySegments);
        }
        if phnum > 0 && phentsize != 32 {
            return Err(ElfError::BadProgramHeaderSize);
        }
        let table_end = phoff
            .checked_add(phnum * 32)
            .ok_or(ElfError::ProgramHeadersOutOfBounds)?;
        if table_end > bytes.len() {
            return Err(ElfError::ProgramHeadersOutOfBounds);
        }
        let mut segments = Vec::new();
        for index in 0..phnum {
            let ph = phoff + index * 32;
            let f = |o| u32_at(bytes, ph + o).ok_or(ElfError::ProgramHeadersOutOfBounds);
            if f(0)? != PT_LOAD {
                continue;
            }
            let (offset, vaddr, filesz, memsz, flags) = (f(4)?, f(8)?, f(16)?, f(20)?, f(24)?);
            if filesz > memsz {
                return Err(ElfError::FileSizeExceedsMemSize { index });
            }
            if memsz == 0 {
                continue;
            }
            let start = offset as usize;
            let data = start
                .checked_add(filesz as usize)
                .and_then(|end| bytes.get(start..end))
                .ok_or(ElfError::SegmentOutOfFile { index })?;
            segments.push(Segment {
                vaddr,
                mem_size: memsz,
                data: data.to_vec(),
                read: flags & PF_R != 0,
                write: flags & PF_W != 0,
                execute: flags & PF_X != 0,
            });
        }
        Self::new(entry, segments)
    }

    /// The entry point.
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// The loadable segments.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
}
