//! Raw `ecall` wrappers (RISC-V only). Register roles and layouts: [`umbra_abi::syscall`].
//!
//! Every function here is `unsafe` because the host reads and writes guest memory through
//! the raw pointers it is given; each checks the alignment the ABI requires before trapping
//! and returns [`ErrorCode::Misaligned`] instead of letting the VM stop the guest. Prefer
//! the safe wrappers in [`crate::io`] and [`crate::precompile`].
#![allow(unsafe_code)]

use umbra_abi::{ErrorCode, OUT_ALIGN, syscall};

/// Issue `ecall` with id `id` and arguments `a0..a3`; returns `(a0, a1)`.
///
/// # Safety
/// Pointer arguments must satisfy the contract of syscall `id` (valid, readable/writable
/// for the lengths given, no aliasing with live Rust references that the host writes).
#[inline(always)]
pub unsafe fn ecall(id: u32, a0: u32, a1: u32, a2: u32, a3: u32) -> (u32, u32) {
    let (r0, r1);
    // SAFETY: the ecall only transfers control to the host, which honours the ABI: it
    // changes a0/a1 and the memory the caller handed over, nothing else.
    unsafe {
        core::arch::asm!(
            "ecall",
            in("t0") id,
            inlateout("a0") a0 => r0,
            inlateout("a1") a1 => r1,
            in("a2") a2,
            in("a3") a3,
            options(nostack),
        );
    }
    (r0, r1)
}

#[inline(always)]
fn aligned(ptr: *const u8) -> Result<(), ErrorCode> {
    if (ptr as usize as u32).is_multiple_of(OUT_ALIGN) {
        Ok(())
    } else {
        Err(ErrorCode::Misaligned)
    }
}

/// Stop the guest with `code`.
pub fn halt(code: u32) -> ! {
    // SAFETY: halt takes no pointer.
    unsafe {
        ecall(syscall::HALT, code, 0, 0, 0);
    }
    #[allow(clippy::empty_loop)]
    loop {}
}

/// `write(fd, ptr, len)`.
///
/// # Safety
/// `ptr..ptr+len` must be readable.
pub unsafe fn write(fd: u32, ptr: *const u8, len: usize) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { ecall(syscall::WRITE, fd, ptr as u32, len as u32, 0).0 }
}

/// `read_private(ptr, cap)`; returns bytes read.
///
/// # Safety
/// `ptr..ptr+cap` must be writable and not aliased.
pub unsafe fn read_private(ptr: *mut u8, cap: usize) -> usize {
    // SAFETY: forwarded contract.
    unsafe { ecall(syscall::READ_PRIVATE, ptr as u32, cap as u32, 0, 0).0 as usize }
}

/// Bytes of private input not yet read.
pub fn private_remaining() -> usize {
    // SAFETY: no pointer.
    unsafe { ecall(syscall::PRIVATE_REMAINING, 0, 0, 0, 0).0 as usize }
}

/// `commit(ptr, len)`.
///
/// # Safety
/// `ptr..ptr+len` must be readable.
pub unsafe fn commit(ptr: *const u8, len: usize) {
    // SAFETY: forwarded contract.
    unsafe {
        ecall(syscall::COMMIT, ptr as u32, len as u32, 0, 0);
    }
}

/// Cycles so far.
pub fn cycle_count() -> u64 {
    // SAFETY: no pointer.
    let (lo, hi) = unsafe { ecall(syscall::CYCLE_COUNT, 0, 0, 0, 0) };
    u64::from(lo) | (u64::from(hi) << 32)
}

/// SHA3-256 or Keccak-256 (`id`) of `input..input+len` into the 32 bytes at `out`.
///
/// # Safety
/// `input..input+len` readable; `out..out+32` writable, not aliased.
pub unsafe fn hash(id: u32, input: *const u8, len: usize, out: *mut u8) -> Result<(), ErrorCode> {
    aligned(out)?;
    // SAFETY: forwarded contract, alignment checked.
    unsafe { ecall(id, input as u32, len as u32, out as u32, 0) };
    Ok(())
}

/// Poseidon permutation of the `width` × 32-byte state at `state`.
///
/// # Safety
/// `state..state+32*width` readable and writable, not aliased.
pub unsafe fn poseidon_permute(field: u32, width: u32, state: *mut u8) -> Result<(), ErrorCode> {
    aligned(state)?;
    // SAFETY: forwarded contract, alignment checked.
    unsafe { ecall(syscall::POSEIDON_PERMUTE, field, width, state as u32, 0) };
    Ok(())
}

/// Pedersen commitment; returns the bytes written to `out`.
///
/// # Safety
/// `input..input+64` readable; `out..out+cap` writable, not aliased.
pub unsafe fn pedersen_commit(
    group: u32,
    input: *const u8,
    out: *mut u8,
    cap: usize,
) -> Result<u32, ErrorCode> {
    aligned(out)?;
    // SAFETY: forwarded contract, alignment checked.
    Ok(unsafe {
        ecall(
            syscall::PEDERSEN_COMMIT,
            group,
            input as u32,
            out as u32,
            cap as u32,
        )
        .0
    })
}

/// A verification precompile taking `(a0, a1, a2, a3)`; returns `(verdict, reason)`.
///
/// # Safety
/// The pointer arguments must satisfy the layout of syscall `id` ([`umbra_abi::syscall`]).
pub unsafe fn verify(id: u32, a0: u32, a1: u32, a2: u32, a3: u32) -> (u32, u32) {
    // SAFETY: forwarded contract.
    unsafe { ecall(id, a0, a1, a2, a3) }
}

/// Threshold-ECDSA signature-share verification (needs an aligned blame bitmap).
///
/// # Safety
/// `header..+98`, `entries..+102*n` readable; `blame..+ceil(n/8)` writable, not aliased.
pub unsafe fn tecdsa_sigshare_verify(
    header: *const u8,
    entries: *const u8,
    n: u32,
    blame: *mut u8,
) -> Result<(u32, u32), ErrorCode> {
    aligned(blame)?;
    // SAFETY: forwarded contract, alignment checked.
    Ok(unsafe {
        ecall(
            syscall::TECDSA_SIGSHARE_VERIFY,
            header as u32,
            entries as u32,
            n,
            blame as u32,
        )
    })
}
