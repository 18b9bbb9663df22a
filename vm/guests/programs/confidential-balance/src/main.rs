//! Confidential amounts: Pedersen-commit private input and output amounts and prove they
//! balance against a public fee.
//!
//! Private input (integers LE): `group: u32 ‖ fee: u64 ‖ n_in: u32 ‖ n_out: u32 ‖
//! (n_in + n_out) × (amount: u64 ‖ blinding (32, the group's scalar encoding))`; `group` is
//! 0 Ristretto255, 1 secp256k1, 2 Jubjub, 3 Grumpkin (the ABI's `PedersenGroup`; only
//! Grumpkin commitments are provable so far, issue #15).
//!
//! Journal: `group ‖ fee (u64) ‖ n_in ‖ n_out ‖ (n_in + n_out) commitments
//! (`commitment_len` bytes each) ‖ balanced (1)`, where `balanced` is
//! `Σ in = Σ out + fee` over the integers (amounts are u64, so no wrap-around: the proof of
//! execution is also the range proof). Amounts and blindings never leave the guest.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use umbra_guest::{abi::PedersenGroup, io, precompile};

umbra_guest::entry!(main);

/// The amount in the group's 32-byte scalar encoding.
fn scalar(group: PedersenGroup, v: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    if group == PedersenGroup::Secp256k1 {
        s[24..].copy_from_slice(&v.to_be_bytes());
    } else {
        s[..8].copy_from_slice(&v.to_le_bytes());
    }
    s
}

fn main() {
    let mut inp = io::PrivateInput::read();
    let gid = inp.u32();
    let group = PedersenGroup::from_id(gid).expect("confidential-balance: unknown group");
    let fee = inp.u64();
    let n_in = inp.u32();
    let n_out = inp.u32();
    let mut sums = [0u128; 2];
    let mut commitments: Vec<u8> = Vec::new();
    for k in 0..(n_in as u64 + n_out as u64) {
        let amount = inp.u64();
        let blinding: [u8; 32] = inp.array();
        let (c, len) = precompile::pedersen_commit(group, &scalar(group, amount), &blinding);
        commitments.extend_from_slice(&c[..len]);
        sums[usize::from(k >= u64::from(n_in))] += u128::from(amount);
    }
    let balanced = sums[0] == sums[1] + u128::from(fee);
    io::commit(&gid.to_le_bytes());
    io::commit(&fee.to_le_bytes());
    io::commit(&n_in.to_le_bytes());
    io::commit(&n_out.to_le_bytes());
    io::commit(&commitments);
    io::commit(&[u8::from(balanced)]);
}
