//! Sparse paged guest memory with per-page permissions and a page limit.
//!
//! The address space is `[RAM_START, RAM_END)` ([`umbra_abi::memory`]); everything else is
//! unmapped. Pages are 4 KiB, stored as 1024 little-endian words, allocated on first write.
//! Reading a page that was never written yields zeros without allocating. Pages covered by
//! an ELF segment carry that segment's permissions; every other page of guest RAM (heap,
//! stack) is read/write, never executable.
//!
//! **Misaligned-access policy:** a halfword access must be 2-byte aligned and a word access
//! 4-byte aligned; a misaligned load or store is a [`MemFault::Misaligned`] (the RISC-V
//! "address-misaligned exception" option, no emulation). rustc never emits misaligned
//! accesses for `riscv32im-unknown-none-elf`, and a prover only needs aligned word accesses.

use alloc::boxed::Box;
use alloc::vec::Vec;
use umbra_abi::memory::{PAGE_SIZE, RAM_END, RAM_START};

/// Page may be read.
pub const PERM_R: u8 = 1;
/// Page may be written.
pub const PERM_W: u8 = 2;
/// Page may be executed.
pub const PERM_X: u8 = 4;

const WORDS_PER_PAGE: usize = (PAGE_SIZE / 4) as usize;
const PAGE_SHIFT: u32 = PAGE_SIZE.trailing_zeros();
const NUM_PAGES: usize = (RAM_END / PAGE_SIZE) as usize;

type Page = [u32; WORDS_PER_PAGE];

/// The kind of memory access that faulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Data load.
    Read,
    /// Data store.
    Write,
    /// Instruction fetch.
    Execute,
}

/// A memory fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MemFault {
    /// The address is unmapped or the page lacks the permission for `access`.
    Access {
        /// Faulting address.
        addr: u32,
        /// What was attempted.
        access: Access,
    },
    /// The address is not aligned to the access size.
    Misaligned {
        /// Faulting address.
        addr: u32,
        /// Access size in bytes.
        size: u32,
    },
    /// Allocating another page would exceed the configured memory limit.
    Limit {
        /// Address whose page could not be allocated.
        addr: u32,
        /// The limit in bytes.
        limit: u64,
    },
}

impl core::fmt::Display for MemFault {
    /// Completes "the instruction at pc … ": what the access did wrong.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Access { addr, access } => {
                let what = match access {
                    Access::Read => "read",
                    Access::Write => "wrote to",
                    Access::Execute => "executed",
                };
                write!(
                    f,
                    "{what} {addr:#010x}, which is unmapped or lacks that permission"
                )
            }
            Self::Misaligned { addr, size } => write!(
                f,
                "made a {size}-byte access at {addr:#010x}, which is not {size}-byte aligned"
            ),
            Self::Limit { addr, limit } => write!(
                f,
                "touched {addr:#010x}, but a new page would pass the memory limit of {limit} bytes"
            ),
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Entry {
    data: Option<Box<Page>>,
    perm: u8,
}

/// Sparse paged memory.
#[derive(Clone, Debug)]
pub struct Memory {
    pages: Vec<Entry>,
    allocated: usize,
    limit_pages: usize,
}

impl Memory {
    /// Empty memory: every page of guest RAM read/write, nothing allocated, at most
    /// `limit_bytes` of pages (rounded down to whole pages) ever allocated.
    pub fn new(limit_bytes: u64) -> Self {
        let mut pages = Vec::with_capacity(NUM_PAGES);
        pages.resize_with(NUM_PAGES, Entry::default);
        let first = (RAM_START >> PAGE_SHIFT) as usize;
        for e in &mut pages[first..] {
            e.perm = PERM_R | PERM_W;
        }
        Self {
            pages,
            allocated: 0,
            limit_pages: usize::try_from(limit_bytes / u64::from(PAGE_SIZE)).unwrap_or(usize::MAX),
        }
    }

    /// Set the permissions of the page containing `addr` (no effect outside guest RAM).
    pub fn set_perm(&mut self, addr: u32, perm: u8) {
        if addr >= RAM_START
            && let Some(e) = self.pages.get_mut((addr >> PAGE_SHIFT) as usize)
        {
            e.perm = perm;
        }
    }

    /// Permissions of the page containing `addr` (0 when unmapped).
    pub fn perm(&self, addr: u32) -> u8 {
        self.pages
            .get((addr >> PAGE_SHIFT) as usize)
            .map_or(0, |e| e.perm)
    }

    /// Bytes of pages allocated so far.
    pub fn allocated_bytes(&self) -> u64 {
        self.allocated as u64 * u64::from(PAGE_SIZE)
    }

    /// The configured limit in bytes.
    pub fn limit_bytes(&self) -> u64 {
        self.limit_pages as u64 * u64::from(PAGE_SIZE)
    }

    #[inline(always)]
    fn entry(&self, addr: u32, need: u8, access: Access) -> Result<&Entry, MemFault> {
        match self.pages.get((addr >> PAGE_SHIFT) as usize) {
            Some(e) if e.perm & need != 0 => Ok(e),
            _ => Err(MemFault::Access { addr, access }),
        }
    }

    #[cold]
    #[inline(never)]
    fn alloc_page(&mut self, addr: u32) -> Result<&mut Page, MemFault> {
        if self.allocated >= self.limit_pages {
            return Err(MemFault::Limit {
                addr,
                limit: self.limit_bytes(),
            });
        }
        self.allocated += 1;
        let e = &mut self.pages[(addr >> PAGE_SHIFT) as usize];
        Ok(e.data.insert(Box::new([0; WORDS_PER_PAGE])))
    }

    #[inline(always)]
    fn page_mut(&mut self, addr: u32, access: Access, need: u8) -> Result<&mut Page, MemFault> {
        let idx = (addr >> PAGE_SHIFT) as usize;
        match self.pages.get_mut(idx) {
            Some(e) if e.perm & need != 0 => {
                if e.data.is_some() {
                    // Re-borrow to satisfy the borrow checker on the allocating path.
                    match &mut self.pages[idx].data {
                        Some(p) => Ok(p),
                        None => Err(MemFault::Access { addr, access }),
                    }
                } else {
                    self.alloc_page(addr)
                }
            }
            _ => Err(MemFault::Access { addr, access }),
        }
    }

    #[inline(always)]
    fn read_word_perm(&self, addr: u32, need: u8, access: Access) -> Result<u32, MemFault> {
        let e = self.entry(addr, need, access)?;
        Ok(match &e.data {
            Some(p) => p[((addr >> 2) as usize) & (WORDS_PER_PAGE - 1)],
            None => 0,
        })
    }

    /// Load the aligned word containing `addr` (any alignment; no alignment check).
    #[inline(always)]
    fn word_at(&self, addr: u32) -> Result<u32, MemFault> {
        self.read_word_perm(addr, PERM_R, Access::Read)
    }

    /// Load a word (4-byte aligned).
    #[inline(always)]
    pub fn load_u32(&self, addr: u32) -> Result<u32, MemFault> {
        if addr & 3 != 0 {
            return Err(MemFault::Misaligned { addr, size: 4 });
        }
        self.word_at(addr)
    }

    /// Load a halfword (2-byte aligned), zero-extended.
    #[inline(always)]
    pub fn load_u16(&self, addr: u32) -> Result<u32, MemFault> {
        if addr & 1 != 0 {
            return Err(MemFault::Misaligned { addr, size: 2 });
        }
        Ok((self.word_at(addr)? >> ((addr & 2) * 8)) & 0xffff)
    }

    /// Load a byte, zero-extended.
    #[inline(always)]
    pub fn load_u8(&self, addr: u32) -> Result<u32, MemFault> {
        Ok((self.word_at(addr)? >> ((addr & 3) * 8)) & 0xff)
    }

    /// Fetch an instruction word (needs execute permission).
    pub fn fetch(&self, addr: u32) -> Result<u32, MemFault> {
        if addr & 3 != 0 {
            return Err(MemFault::Misaligned { addr, size: 4 });
        }
        self.read_word_perm(addr, PERM_X, Access::Execute)
    }

    #[inline(always)]
    fn store_masked(&mut self, addr: u32, value: u32, mask: u32) -> Result<(), MemFault> {
        let shift = (addr & 3) * 8;
        let page = self.page_mut(addr, Access::Write, PERM_W)?;
        let w = &mut page[((addr >> 2) as usize) & (WORDS_PER_PAGE - 1)];
        *w = (*w & !(mask << shift)) | ((value & mask) << shift);
        Ok(())
    }

    /// Store a word (4-byte aligned).
    #[inline(always)]
    pub fn store_u32(&mut self, addr: u32, value: u32) -> Result<(), MemFault> {
        if addr & 3 != 0 {
            return Err(MemFault::Misaligned { addr, size: 4 });
        }
        let page = self.page_mut(addr, Access::Write, PERM_W)?;
        page[((addr >> 2) as usize) & (WORDS_PER_PAGE - 1)] = value;
        Ok(())
    }

    /// Store the low halfword of `value` (2-byte aligned).
    #[inline(always)]
    pub fn store_u16(&mut self, addr: u32, value: u32) -> Result<(), MemFault> {
        if addr & 1 != 0 {
            return Err(MemFault::Misaligned { addr, size: 2 });
        }
        self.store_masked(addr, value, 0xffff)
    }

    /// Store the low byte of `value`.
    #[inline(always)]
    pub fn store_u8(&mut self, addr: u32, value: u32) -> Result<(), MemFault> {
        self.store_masked(addr, value, 0xff)
    }

    /// Check that `[addr, addr + len)` lies in pages with permission `need`; returns the
    /// first faulting address otherwise (also on address overflow).
    pub fn check_range(&self, addr: u32, len: u32, need: u8) -> Result<(), u32> {
        if len == 0 {
            return Ok(());
        }
        let Some(last) = addr.checked_add(len - 1) else {
            return Err(addr);
        };
        let mut page = addr >> PAGE_SHIFT;
        let last_page = last >> PAGE_SHIFT;
        loop {
            let a = page << PAGE_SHIFT;
            if self.perm(a) & need == 0 {
                return Err(a.max(addr));
            }
            if page == last_page {
                return Ok(());
            }
            page += 1;
        }
    }

    /// Read `out.len()` bytes at `addr` (needs read permission on every page).
    pub fn read_bytes(&self, addr: u32, out: &mut [u8]) -> Result<(), MemFault> {
        let len = u32::try_from(out.len()).map_err(|_| MemFault::Access {
            addr,
            access: Access::Read,
        })?;
        self.check_range(addr, len, PERM_R)
            .map_err(|a| MemFault::Access {
                addr: a,
                access: Access::Read,
            })?;
        // Page by page: untouched pages are zeros, touched ones are copied word-wise.
        let mut a = addr;
        let mut i = 0usize;
        while i < out.len() {
            let page_end = (u64::from(a) | u64::from(PAGE_SIZE - 1)) + 1;
            let n = ((page_end - u64::from(a)) as usize).min(out.len() - i);
            match self
                .pages
                .get((a >> PAGE_SHIFT) as usize)
                .and_then(|e| e.data.as_deref())
            {
                None => out[i..i + n].fill(0),
                Some(page) => {
                    for (k, b) in out[i..i + n].iter_mut().enumerate() {
                        let x = a.wrapping_add(k as u32);
                        *b = (page[((x >> 2) as usize) & (WORDS_PER_PAGE - 1)] >> ((x & 3) * 8))
                            as u8;
                    }
                }
            }
            a = a.wrapping_add(n as u32);
            i += n;
        }
        Ok(())
    }

    /// Write `data` at `addr` (needs write permission on every page; checked before any
    /// byte is written, so a faulting write changes nothing).
    pub fn write_bytes(&mut self, addr: u32, data: &[u8]) -> Result<(), MemFault> {
        let len = u32::try_from(data.len()).map_err(|_| MemFault::Access {
            addr,
            access: Access::Write,
        })?;
        self.check_range(addr, len, PERM_W)
            .map_err(|a| MemFault::Access {
                addr: a,
                access: Access::Write,
            })?;
        for (i, b) in data.iter().enumerate() {
            self.store_u8(addr.wrapping_add(i as u32), u32::from(*b))?;
        }
        Ok(())
    }

    /// Write bytes ignoring permissions (the loader uses this before it sets them).
    pub(crate) fn write_bytes_unchecked(&mut self, addr: u32, data: &[u8]) -> Result<(), MemFault> {
        for (i, b) in data.iter().enumerate() {
            let a = addr.wrapping_add(i as u32);
            let idx = (a >> PAGE_SHIFT) as usize;
            let page = match self.pages.get(idx) {
                Some(e) if e.data.is_some() => match &mut self.pages[idx].data {
                    Some(p) => p,
                    None => {
                        return Err(MemFault::Access {
                            addr: a,
                            access: Access::Write,
                        });
                    }
                },
                Some(_) => self.alloc_page(a)?,
                None => {
                    return Err(MemFault::Access {
                        addr: a,
                        access: Access::Write,
                    });
                }
            };
            let shift = (a & 3) * 8;
            let w = &mut page[((a >> 2) as usize) & (WORDS_PER_PAGE - 1)];
            *w = (*w & !(0xff << shift)) | (u32::from(*b) << shift);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_until_written_and_little_endian() {
        let mut m = Memory::new(1 << 20);
        assert_eq!(m.load_u32(0x2_0000), Ok(0));
        assert_eq!(m.allocated_bytes(), 0);
        m.store_u32(0x2_0000, 0x1122_3344).unwrap();
        assert_eq!(m.load_u8(0x2_0000), Ok(0x44));
        assert_eq!(m.load_u8(0x2_0003), Ok(0x11));
        assert_eq!(m.load_u16(0x2_0002), Ok(0x1122));
        m.store_u8(0x2_0001, 0xab).unwrap();
        assert_eq!(m.load_u32(0x2_0000), Ok(0x1122_ab44));
        m.store_u16(0x2_0002, 0xbeef).unwrap();
        assert_eq!(m.load_u32(0x2_0000), Ok(0xbeef_ab44));
        assert_eq!(m.allocated_bytes(), 4096);
    }

    #[test]
    fn faults() {
        let mut m = Memory::new(4096);
        assert_eq!(
            m.load_u32(0),
            Err(MemFault::Access {
                addr: 0,
                access: Access::Read
            })
        );
        assert_eq!(
            m.load_u32(RAM_END),
            Err(MemFault::Access {
                addr: RAM_END,
                access: Access::Read
            })
        );
        assert_eq!(
            m.load_u32(0x2_0002),
            Err(MemFault::Misaligned {
                addr: 0x2_0002,
                size: 4
            })
        );
        assert_eq!(
            m.store_u16(0x2_0001, 0),
            Err(MemFault::Misaligned {
                addr: 0x2_0001,
                size: 2
            })
        );
        m.store_u8(0x3_0000, 1).unwrap();
        assert_eq!(
            m.store_u8(0x4_0000, 1),
            Err(MemFault::Limit {
                addr: 0x4_0000,
                limit: 4096
            })
        );
        m.set_perm(0x3_0000, PERM_R);
        assert!(matches!(
            m.store_u8(0x3_0000, 1),
            Err(MemFault::Access { .. })
        ));
        assert_eq!(m.load_u8(0x3_0000), Ok(1));
        assert_eq!(m.check_range(u32::MAX - 1, 4, PERM_R), Err(u32::MAX - 1));
        assert_eq!(m.check_range(0x3_0ffe, 4, PERM_W), Err(0x3_0ffe));
        assert_eq!(m.check_range(0x3_1ffe, 4, PERM_W), Ok(()));
    }

    #[test]
    fn bulk_reads_match_byte_loads_across_pages() {
        let mut m = Memory::new(1 << 20);
        m.write_bytes(0x2_0ffa, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
            .unwrap();
        m.store_u32(0x2_2000, 0xdead_beef).unwrap();
        let mut out = alloc::vec![0xffu8; 0x1020];
        m.read_bytes(0x2_0ff0, &mut out).unwrap();
        for (k, b) in out.iter().enumerate() {
            assert_eq!(
                u32::from(*b),
                m.load_u8(0x2_0ff0 + k as u32).unwrap(),
                "{k}"
            );
        }
        assert_eq!(out[10..22], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(out[0x1010..0x1014], [0xef, 0xbe, 0xad, 0xde]);
        // A read that would leave guest RAM fails before copying anything.
        assert!(m.read_bytes(RAM_END - 2, &mut [0; 4]).is_err());
    }
}
