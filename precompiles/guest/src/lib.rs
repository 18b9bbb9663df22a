//! # umbra-guest — the guest SDK of Umbra's RV32IM zkVM
//!
//! A guest is an ordinary `#![no_std]`, `#![no_main]` Rust binary built for
//! `riscv32im-unknown-none-elf` and linked with `-C link-arg=-Tumbra.ld` (this crate's build
//! script puts the linker script on the search path):
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! umbra_guest::entry!(main);
//! fn main() {
//!     let mut n = [0u8; 4];
//!     umbra_guest::io::read_private_exact(&mut n);
//!     umbra_guest::io::commit(&umbra_guest::precompile::sha3_256(&n));
//! }
//! ```
//!
//! * [`entry!`] names the guest's `main`; the start-up code (`_start`: set `gp` and `sp`,
//!   call `main`, then `halt(0)`) lives in this crate. `.bss` is zero-filled by the VM's
//!   loader (ELF semantics), so the start-up code does not clear it.
//! * The panic handler writes `panicked at FILE:LINE: MESSAGE` to stderr and halts with
//!   [`umbra_abi::exit::PANIC`].
//! * Feature `alloc`: a bump allocator over `[_end, _heap_end)` as the global allocator;
//!   exhaustion reports on stderr and halts with [`umbra_abi::exit::OUT_OF_MEMORY`].
//! * [`io`]: `read_private`, `commit`, `write`, `cycle_count`, `halt`.
//! * [`precompile`]: typed wrappers for every precompile of the ABI. Off the zkVM (any
//!   non-RISC-V target) the wrappers call the native implementations directly so guest
//!   logic is unit-testable on the host; the I/O functions are simulated per thread with the
//!   `std` feature (module `host`).
#![no_std]
#![cfg_attr(not(target_arch = "riscv32"), forbid(unsafe_code))]

#[cfg(all(feature = "std", not(target_arch = "riscv32")))]
extern crate std;

pub use umbra_abi as abi;

#[cfg(target_arch = "riscv32")]
pub mod sys;

#[cfg(target_arch = "riscv32")]
mod rt;

#[cfg(all(feature = "std", not(target_arch = "riscv32")))]
pub mod host;

pub mod io;
pub mod precompile;

/// Declare the guest's entry function (`fn()`), called by the start-up code after the stack
/// is set up; returning from it halts with exit code 0.
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        #[cfg(target_arch = "riscv32")]
        #[unsafe(no_mangle)]
        extern "C" fn __umbra_main() {
            let main: fn() = $main;
            main()
        }
    };
}

/// A 4-byte aligned wrapper: the ABI requires output buffers to be word aligned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(4))]
pub struct Aligned<T>(pub T);
