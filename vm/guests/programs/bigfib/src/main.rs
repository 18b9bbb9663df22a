//! Big-number Fibonacci: the compute-heavy guest of the MIPS benchmark.
//!
//! Private input: `n: u32 LE`. Computes `F(n)` with 32-bit limbs (pure RV32IM arithmetic,
//! no precompile) and commits `n (4 bytes LE) ‖ limb count (4 bytes LE) ‖ F(n) as
//! little-endian bytes (4 per limb)`.
#![no_std]
#![no_main]

use umbra_guest::io;

umbra_guest::entry!(main);

/// Enough limbs for F(n) with n up to ~180 000.
const LIMBS: usize = 4000;

static mut A: [u32; LIMBS] = [0; LIMBS];
static mut B: [u32; LIMBS] = [0; LIMBS];

fn main() {
    let mut n = [0u8; 4];
    io::read_private_exact(&mut n);
    let n = u32::from_le_bytes(n);
    // The guest is single-threaded and these are the only references to the statics.
    #[allow(static_mut_refs, unsafe_code)]
    let (mut a, mut b) = unsafe { (&mut A, &mut B) };
    // (a, b) = (F(0), F(1))
    b[0] = 1;
    let mut len = 1usize;
    for _ in 0..n {
        // a <- a + b, then swap roles: (a, b) = (b, a + b)
        let mut carry = 0u32;
        for k in 0..len {
            let (s1, c1) = a[k].overflowing_add(b[k]);
            let (s2, c2) = s1.overflowing_add(carry);
            a[k] = s2;
            carry = u32::from(c1) + u32::from(c2);
        }
        if carry != 0 {
            assert!(len < LIMBS, "bigfib: n too large");
            a[len] = carry;
            len += 1;
        }
        // Swap the references, not the arrays.
        core::mem::swap(&mut a, &mut b);
    }
    // After n steps `a` holds F(n).
    while len > 1 && a[len - 1] == 0 {
        len -= 1;
    }
    io::commit(&n.to_le_bytes());
    io::commit(&(len as u32).to_le_bytes());
    for limb in &a[..len] {
        io::commit(&limb.to_le_bytes());
    }
}
