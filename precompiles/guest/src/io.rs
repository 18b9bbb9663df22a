//! Guest I/O: private input, the journal, debug output, cycle count, halt.
//!
//! On the zkVM these are syscalls; on other targets they are simulated per thread by
//! module `host` (feature `std`), so guest logic can be unit-tested natively.

#[cfg(all(feature = "std", not(target_arch = "riscv32")))]
use crate::host as backend;
#[cfg(target_arch = "riscv32")]
use crate::sys as backend;

/// Read up to `buf.len()` bytes of private input; returns how many were read (0 at end).
#[cfg(any(target_arch = "riscv32", feature = "std"))]
pub fn read_private(buf: &mut [u8]) -> usize {
    #[cfg(target_arch = "riscv32")]
    #[allow(unsafe_code)]
    // SAFETY: `buf` is a live, exclusively borrowed, writable slice.
    return unsafe { backend::read_private(buf.as_mut_ptr(), buf.len()) };
    #[cfg(not(target_arch = "riscv32"))]
    backend::read_private(buf)
}

/// Fill `buf` completely from the private input; panics (guest exit code 101) if the input
/// ends first.
// `track_caller`: the panic message names the guest's line, not this SDK file.
#[cfg(any(target_arch = "riscv32", feature = "std"))]
#[track_caller]
pub fn read_private_exact(buf: &mut [u8]) {
    let n = read_private(buf);
    assert!(
        n == buf.len(),
        "private input too short: wanted {} bytes, got {n}",
        buf.len()
    );
}

/// Bytes of private input not yet read.
#[cfg(any(target_arch = "riscv32", feature = "std"))]
pub fn private_remaining() -> usize {
    backend::private_remaining()
}

/// Read the rest of the private input.
#[cfg(all(
    any(target_arch = "riscv32", feature = "std"),
    any(feature = "alloc", feature = "std")
))]
pub fn read_private_vec() -> alloc_crate::vec::Vec<u8> {
    let mut v = alloc_crate::vec![0; private_remaining()];
    let n = read_private(&mut v);
    v.truncate(n);
    v
}

#[cfg(all(
    any(target_arch = "riscv32", feature = "std"),
    any(feature = "alloc", feature = "std")
))]
extern crate alloc as alloc_crate;

/// The whole private input, read once, with a cursor for parsing fixed-layout records
/// (little-endian integers, byte arrays, length-prefixed byte strings). Every read past the
/// end panics (guest exit code 101) with "private input too short".
#[cfg(all(
    any(target_arch = "riscv32", feature = "std"),
    any(feature = "alloc", feature = "std")
))]
#[derive(Debug)]
pub struct PrivateInput {
    buf: alloc_crate::vec::Vec<u8>,
    pos: usize,
}

#[cfg(all(
    any(target_arch = "riscv32", feature = "std"),
    any(feature = "alloc", feature = "std")
))]
impl PrivateInput {
    /// Read the rest of the private input ([`read_private_vec`]).
    pub fn read() -> Self {
        Self {
            buf: read_private_vec(),
            pos: 0,
        }
    }

    /// The next `n` bytes.
    #[track_caller]
    pub fn take(&mut self, n: usize) -> &[u8] {
        assert!(
            self.buf.len() - self.pos >= n,
            "private input too short: wanted {n} more bytes, {} left",
            self.buf.len() - self.pos
        );
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        s
    }

    /// The next `N` bytes as an array.
    #[track_caller]
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N));
        a
    }

    /// The next little-endian `u32`.
    #[track_caller]
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    /// The next little-endian `u64`.
    #[track_caller]
    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    /// Whether every byte has been consumed.
    pub fn is_empty(&self) -> bool {
        self.pos == self.buf.len()
    }
}

/// Append `data` to the journal (public output).
#[cfg(any(target_arch = "riscv32", feature = "std"))]
pub fn commit(data: &[u8]) {
    #[cfg(target_arch = "riscv32")]
    #[allow(unsafe_code)]
    // SAFETY: `data` is a live readable slice.
    unsafe {
        backend::commit(data.as_ptr(), data.len())
    };
    #[cfg(not(target_arch = "riscv32"))]
    backend::commit(data)
}

/// Write `data` to a host file descriptor ([`umbra_abi::fd`]).
#[cfg(any(target_arch = "riscv32", feature = "std"))]
pub fn write(fd: u32, data: &[u8]) {
    #[cfg(target_arch = "riscv32")]
    #[allow(unsafe_code)]
    // SAFETY: `data` is a live readable slice.
    unsafe {
        backend::write(fd, data.as_ptr(), data.len());
    }
    #[cfg(not(target_arch = "riscv32"))]
    backend::write(fd, data)
}

/// Write `s` to stdout.
#[cfg(any(target_arch = "riscv32", feature = "std"))]
pub fn print(s: &str) {
    write(umbra_abi::fd::STDOUT, s.as_bytes())
}

/// Cycles executed so far.
#[cfg(any(target_arch = "riscv32", feature = "std"))]
pub fn cycle_count() -> u64 {
    backend::cycle_count()
}

/// Stop with an exit code ([`umbra_abi::exit`]).
#[cfg(target_arch = "riscv32")]
pub fn halt(code: u32) -> ! {
    backend::halt(code)
}
