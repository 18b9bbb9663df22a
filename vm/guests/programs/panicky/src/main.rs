//! Exercises the failure paths. Private input: one mode byte, then an optional payload.
//!
//! * `0`: commit `b"ok"` and return normally (exit code 0).
//! * `1`: panic with a message naming the payload length (exit code 101, message on stderr).
//! * `2`: load from an unmapped address (the VM stops with a memory fault).
//! * `3`: call a precompile this host may not provide (BIP-340 verify): with no handler the
//!   VM stops with an `Unavailable` syscall error naming `bip340_verify`.
//! * `4`: allocate more than the heap (exit code 102).
//! * anything else: halt with that byte as the exit code.
#![no_std]
#![no_main]

extern crate alloc;

use umbra_guest::{io, precompile};

umbra_guest::entry!(main);

fn main() {
    let mut mode = [0u8; 1];
    io::read_private_exact(&mut mode);
    let payload = io::read_private_vec();
    match mode[0] {
        0 => io::commit(b"ok"),
        1 => panic!("panicky: refusing a payload of {} bytes", payload.len()),
        2 => {
            #[allow(unsafe_code)]
            // SAFETY: deliberately invalid; the VM turns it into a typed fault.
            let v = unsafe { core::ptr::read_volatile(0x100 as *const u32) };
            io::commit(&v.to_le_bytes());
        }
        3 => {
            let v = precompile::bip340_verify(&[0; 32], &payload, &[0; 64]);
            io::commit(&[u8::from(v.valid)]);
        }
        4 => {
            let big = alloc::vec![1u8; 0x1000_0000];
            io::commit(&big[..1]);
        }
        code => io::halt(u32::from(code)),
    }
}
