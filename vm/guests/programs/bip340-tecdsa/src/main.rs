//! Verify a BIP-340 signature and a GG20 threshold-ECDSA signing session, blaming bad parties.
//!
//! Private input (all integers u32 LE):
//! `pk (32) ‖ sig (64) ‖ msg_len ‖ msg ‖ Y (33) ‖ R (33) ‖ z (32) ‖ n ‖ n × (index ‖ R̄_i (33)
//! ‖ S_i (33) ‖ s_i (32))`, then optionally the dealer's Feldman commitments and key shares to
//! check: `c ‖ c × C_j (33) ‖ k ‖ k × (index ‖ share (32))` (absent = `c = 0`).
//!
//! Journal: `pk (32) ‖ bip340_valid (1) ‖ bip340_reason (1) ‖ Y (33) ‖ R (33) ‖ z (32) ‖
//! tecdsa_valid (1) ‖ tecdsa_reason (1) ‖ blamed_count ‖ blamed party indices (u32 LE each)`,
//! then, if Feldman commitments were given, `C_0..C_t ‖ k ‖ k × (index ‖ valid (1))`.
//! The message, the per-party shares and the key shares stay private; the journal says
//! whether the session signed and, if not, which parties to blame.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use umbra_guest::{io, precompile};

umbra_guest::entry!(main);

fn main() {
    let mut inp = io::PrivateInput::read();
    let pk: [u8; 32] = inp.array();
    let sig: [u8; 64] = inp.array();
    let msg_len = inp.u32() as usize;
    let msg = inp.take(msg_len).to_vec();
    let schnorr = precompile::bip340_verify(&pk, &msg, &sig);

    let y: [u8; 33] = inp.array();
    let r: [u8; 33] = inp.array();
    let z: [u8; 32] = inp.array();
    let n = inp.u32() as usize;
    let shares: Vec<precompile::SigShare> = (0..n)
        .map(|_| precompile::SigShare {
            index: inp.u32(),
            r_bar: inp.array(),
            s_point: inp.array(),
            s: inp.array(),
        })
        .collect();
    let mut blame = alloc::vec![false; n];
    let session = precompile::tecdsa_sigshare_verify(&y, &r, &z, &shares, &mut blame);

    io::commit(&pk);
    io::commit(&[u8::from(schnorr.valid), schnorr.reason.code() as u8]);
    io::commit(&y);
    io::commit(&r);
    io::commit(&z);
    io::commit(&[u8::from(session.valid), session.reason.code() as u8]);
    let blamed: Vec<u32> = shares
        .iter()
        .zip(&blame)
        .filter(|(_, b)| **b)
        .map(|(s, _)| s.index)
        .collect();
    io::commit(&(blamed.len() as u32).to_le_bytes());
    for i in blamed {
        io::commit(&i.to_le_bytes());
    }

    if inp.is_empty() {
        return;
    }
    let c = inp.u32() as usize;
    if c == 0 {
        return;
    }
    let commitments: Vec<[u8; 33]> = (0..c).map(|_| inp.array()).collect();
    for cj in &commitments {
        io::commit(cj);
    }
    let k = inp.u32();
    io::commit(&k.to_le_bytes());
    for _ in 0..k {
        let index = inp.u32();
        let share: [u8; 32] = inp.array();
        let v = precompile::tecdsa_feldman_verify(&commitments, index, &share);
        io::commit(&index.to_le_bytes());
        io::commit(&[u8::from(v.valid)]);
    }
}
