//! Hash chain over a private input.
//!
//! Private input: `rounds: u32 LE ‖ secret bytes`. Computes `d₀ = SHA3-256(secret)`, then
//! `d_{i+1} = Keccak-256(d_i)` for even `i` and `SHA3-256(d_i)` for odd `i`, and commits
//! `rounds (4 bytes LE) ‖ d_rounds (32 bytes)`. The secret never leaves the guest.
#![no_std]
#![no_main]

extern crate alloc;

use umbra_guest::{io, precompile};

umbra_guest::entry!(main);

fn main() {
    let input = io::read_private_vec();
    assert!(
        input.len() >= 4,
        "hash-chain: input shorter than the 4-byte round count"
    );
    let rounds = u32::from_le_bytes([input[0], input[1], input[2], input[3]]);
    let mut d = precompile::sha3_256(&input[4..]);
    for i in 0..rounds {
        d = if i % 2 == 0 {
            precompile::keccak256(&d)
        } else {
            precompile::sha3_256(&d)
        };
    }
    io::commit(&rounds.to_le_bytes());
    io::commit(&d);
}
