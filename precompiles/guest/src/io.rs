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
#[cfg(any(target_arch = "riscv32", feature = "std"))]
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
