//! Proof size and verification time of Verkle tree proofs versus the
//! sibling/hash counts of a binary Merkle tree over the same key set (for
//! the comparison in docs/verkle.md). Run with
//! `cargo run --release -p umbra-verkle --example proof_cost`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::time::Instant;
use umbra_verkle::tree_proof;
use umbra_verkle::{
    Banderwagon, BanderwagonScalar as Fr, Committer, Crs, Domain, VerkleGroup, VerkleTree,
};

fn key(i: u64) -> [u8; 32] {
    Sha256::digest(i.to_le_bytes()).into()
}

/// Distinct siblings and hash evaluations of a binary Merkle multiproof for
/// leaf indices `idx` in a tree of depth `depth`.
fn merkle_cost(idx: &BTreeSet<u64>, depth: u32) -> (usize, usize) {
    let mut s = idx.clone();
    let (mut siblings, mut hashes) = (0usize, 0usize);
    for _ in 0..depth {
        let next: BTreeSet<u64> = s.iter().map(|i| i >> 1).collect();
        siblings += s.iter().filter(|i| !s.contains(&(*i ^ 1))).count();
        hashes += next.len();
        s = next;
    }
    (siblings, hashes)
}

fn main() {
    let n: u64 = 10_000;
    let committer = Committer::<Banderwagon>::new(Crs::new());
    let domain = Domain::<Fr>::new(256);
    let mut t = VerkleTree::new(&committer);
    let t0 = Instant::now();
    for i in 0..n {
        let k = key(i);
        t.insert(&k, k);
    }
    println!(
        "insert {n} keys: {:?} ({:?}/key)",
        t0.elapsed(),
        t0.elapsed() / n as u32
    );
    let root = Banderwagon::encode(&t.root_commitment());
    let mut sorted: Vec<[u8; 32]> = (0..n).map(key).collect();
    sorted.sort();
    let depth = 64 - (n - 1).leading_zeros();
    println!(
        "| keys proven | verkle proof bytes | verkle verify | merkle siblings | merkle bytes | merkle hashes |"
    );
    for k in [1u64, 10, 100, 1000] {
        let keys: Vec<[u8; 32]> = (0..k).map(|i| key(i * (n / k))).collect();
        let t1 = Instant::now();
        let (proof, entries) = t.prove(&keys).unwrap();
        let prove_time = t1.elapsed();
        let bytes = proof.to_bytes();
        let t2 = Instant::now();
        let reps = 3;
        for _ in 0..reps {
            tree_proof::verify_bytes::<Banderwagon>(
                committer.crs(),
                &domain,
                &root,
                &entries,
                &bytes,
            )
            .unwrap();
        }
        let vt = t2.elapsed() / reps;
        let idx: BTreeSet<u64> = keys
            .iter()
            .map(|kk| sorted.binary_search(kk).unwrap() as u64)
            .collect();
        let (sib, hashes) = merkle_cost(&idx, depth);
        println!(
            "| {k} | {} | {:?} (prove {:?}) | {sib} | {} | {hashes} |",
            bytes.len(),
            vt,
            prove_time,
            sib * 32
        );
    }
}
