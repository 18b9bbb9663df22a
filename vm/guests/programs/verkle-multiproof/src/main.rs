//! Verkle state proof: verify a tree proof of presence and absence for a set of keys
//! against a root commitment with the `verkle_verify` precompile.
//!
//! Private input (integers LE): `root (32) ‖ count: u32 ‖ count × (key (32) ‖ present (1:
//! 0 absent, 1 present) ‖ value (32)) ‖ proof_len: u32 ‖ proof` (the proof in
//! `umbra-verkle`'s tree-proof wire format).
//!
//! Journal: `root (32) ‖ count ‖ count × (key ‖ present ‖ value) ‖ valid (1) ‖ reason (1)`:
//! the keys with the claimed values (a value is all zero when absent) and the verdict.
//! The proof stays private.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use umbra_guest::{io, precompile};

umbra_guest::entry!(main);

fn read<const N: usize>() -> [u8; N] {
    let mut a = [0u8; N];
    io::read_private_exact(&mut a);
    a
}

fn main() {
    let root: [u8; 32] = read();
    let count = u32::from_le_bytes(read());
    assert!(
        count <= umbra_guest::abi::limits::MAX_VERKLE_KEYS,
        "verkle-multiproof: too many keys"
    );
    let mut entries = Vec::with_capacity(count as usize);
    let mut claims = Vec::with_capacity(count as usize * 65);
    for _ in 0..count {
        let key: [u8; 32] = read();
        let [present]: [u8; 1] = read();
        let value: [u8; 32] = read();
        assert!(present <= 1, "verkle-multiproof: present must be 0 or 1");
        let value = if present == 1 { Some(value) } else { None };
        entries.push(precompile::VerkleEntry { key, value });
        claims.extend_from_slice(&key);
        claims.push(present);
        claims.extend_from_slice(&value.unwrap_or([0; 32]));
    }
    let proof_len = u32::from_le_bytes(read());
    assert!(
        proof_len <= umbra_guest::abi::limits::MAX_VERKLE_PROOF,
        "verkle-multiproof: proof too long"
    );
    let mut proof = alloc::vec![0u8; proof_len as usize];
    io::read_private_exact(&mut proof);
    let v = precompile::verkle_verify(&root, &proof, &entries);
    io::commit(&root);
    io::commit(&count.to_le_bytes());
    io::commit(&claims);
    io::commit(&[u8::from(v.valid), v.reason.code() as u8]);
}
