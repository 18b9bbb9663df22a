//! Verify a batch of Ed25519 signatures under one rule; commit one verdict per signature.
//!
//! Private input (integers u32 LE): `rule ‖ count ‖ count × (pk (32) ‖ sig (64) ‖ msg_len ‖
//! msg)`; `rule` is 0 RFC 8032, 1 strict, 2 ZIP-215 (anything else stops the guest).
//!
//! Journal: `rule ‖ count ‖ count × (pk (32) ‖ valid (1) ‖ reason (1)) ‖ all_valid (1)`. The
//! messages and signatures stay private.
#![no_std]
#![no_main]

extern crate alloc;

use umbra_guest::{abi::Ed25519Rule, io, precompile};

umbra_guest::entry!(main);

fn main() {
    let mut inp = io::PrivateInput::read();
    let rule_id = inp.u32();
    let rule = Ed25519Rule::from_id(rule_id).expect("ed25519-batch: unknown rule");
    let count = inp.u32();
    io::commit(&rule_id.to_le_bytes());
    io::commit(&count.to_le_bytes());
    let mut all = true;
    for _ in 0..count {
        let pk: [u8; 32] = inp.array();
        let sig: [u8; 64] = inp.array();
        let len = inp.u32() as usize;
        let v = precompile::ed25519_verify(rule, &pk, inp.take(len), &sig);
        all &= v.valid;
        io::commit(&pk);
        io::commit(&[u8::from(v.valid), v.reason.code() as u8]);
    }
    io::commit(&[u8::from(all)]);
}
