//! Private Merkle membership: prove that a secret leaf is in a Poseidon Merkle tree with a
//! given root, revealing only the root and the verdict.
//!
//! Private input (integers LE, field elements 32-byte little-endian canonical BN254 Fr):
//! `root (32) ‖ depth: u32 (1..=32) ‖ leaf (32) ‖ depth × sibling (32) ‖ index: u32`.
//! Bit `i` of `index` is the position of the level-`i` node (0 = left child, 1 = right).
//!
//! Each level is `umbra-poseidon`'s 2-to-1 compression over BN254, computed with the
//! `poseidon_permute` precompile (width 3): the state `[3, left, right]` is permuted and
//! cell 0 is the parent (capacity tag `DOMAIN_MERKLE_2_TO_1 = 3`).
//!
//! Journal: `root (32) ‖ member (1)`, where `member` is 1 iff the path from the leaf
//! hashes to `root`. The leaf, the siblings and the index never leave the guest. A
//! non-canonical element stops the guest (`BadEncoding` from the precompile).
#![no_std]
#![no_main]

use umbra_guest::{Aligned, abi::PoseidonField, io, precompile};

umbra_guest::entry!(main);

/// Capacity tag of the 2-to-1 compression (`umbra_poseidon::DOMAIN_MERKLE_2_TO_1`).
const DOMAIN_MERKLE_2_TO_1: u8 = 3;
const MAX_DEPTH: u32 = 32;

fn read<const N: usize>() -> [u8; N] {
    let mut a = [0u8; N];
    io::read_private_exact(&mut a);
    a
}

fn compress(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut tag = [0u8; 32];
    tag[0] = DOMAIN_MERKLE_2_TO_1;
    let mut state = [Aligned(tag), Aligned(*left), Aligned(*right)];
    precompile::poseidon_permute(PoseidonField::Bn254, &mut state);
    state[0].0
}

/// `(a, b)` if `bit` is 0, `(b, a)` if 1, without branching on the (private) bit.
fn order(bit: u32, a: &[u8; 32], b: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    let mask = 0u8.wrapping_sub((bit & 1) as u8);
    let mut l = [0u8; 32];
    let mut r = [0u8; 32];
    for i in 0..32 {
        let d = (a[i] ^ b[i]) & mask;
        l[i] = a[i] ^ d;
        r[i] = b[i] ^ d;
    }
    (l, r)
}

fn main() {
    let root: [u8; 32] = read();
    let depth = u32::from_le_bytes(read());
    assert!(
        (1..=MAX_DEPTH).contains(&depth),
        "poseidon-merkle: depth must be 1..=32"
    );
    let mut node: [u8; 32] = read();
    let mut siblings = [[0u8; 32]; MAX_DEPTH as usize];
    for s in siblings.iter_mut().take(depth as usize) {
        *s = read();
    }
    let index = u32::from_le_bytes(read());
    for (level, sibling) in siblings.iter().take(depth as usize).enumerate() {
        let (l, r) = order(index >> level, &node, sibling);
        node = compress(&l, &r);
    }
    let member = node == root;
    io::commit(&root);
    io::commit(&[u8::from(member)]);
}
