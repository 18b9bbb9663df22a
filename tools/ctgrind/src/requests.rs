//! Memcheck client requests, through the C shim in `csrc/shim.c`.
#![allow(unsafe_code)]

use core::ffi::c_void;

unsafe extern "C" {
    fn umbra_ctgrind_make_undefined(ptr: *const c_void, len: usize);
    fn umbra_ctgrind_make_defined(ptr: *const c_void, len: usize);
    fn umbra_ctgrind_running_on_valgrind() -> u32;
    fn umbra_ctgrind_error_count() -> usize;
}

/// Marks the bytes of `value` as secret: memcheck treats them as undefined and
/// reports any branch, address or syscall that depends on them.
///
/// Use it on plain data (byte arrays, integers, limb arrays). Marking a
/// pointer or a length undefined makes every dereference a report.
/// Natively (not under valgrind) this does nothing.
pub fn classify<T: ?Sized>(value: &T) {
    let len = size_of_val(value);
    // SAFETY: the request only updates valgrind's shadow state for
    // `len` readable bytes at this address; it never writes guest memory.
    unsafe { umbra_ctgrind_make_undefined((value as *const T).cast(), len) }
}

/// Marks the bytes of `value` as public again. Call it on results that are
/// public by design (signatures, commitments, verdicts) before branching on
/// them, so that only genuinely secret-dependent control flow is reported.
pub fn declassify<T: ?Sized>(value: &T) {
    let len = size_of_val(value);
    // SAFETY: as in `classify`.
    unsafe { umbra_ctgrind_make_defined((value as *const T).cast(), len) }
}

/// `true` when the process runs under valgrind.
pub fn running_on_valgrind() -> bool {
    // SAFETY: a client request with no arguments.
    unsafe { umbra_ctgrind_running_on_valgrind() != 0 }
}

/// The number of errors memcheck has reported so far (0 natively).
pub fn error_count() -> usize {
    // SAFETY: a client request with no arguments.
    unsafe { umbra_ctgrind_error_count() }
}
