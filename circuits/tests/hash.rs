//! SHA-256, SHA-512, Keccak-256 and SHA3-256 gadgets against the `sha2` and
//! `sha3` crates: digest equality and satisfiability on random messages of
//! every padding-boundary length, constant folding, wrong claimed digests
//! and tampered internal witnesses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, eq::EqGadget, uint8::UInt8, uint32::UInt32};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError, Variable};
use proptest::prelude::*;
use sha2::Digest;
use umbra_circuits::hash::{
    SHA256_IV, keccak_f1600_var, keccak256_var, sha3_256_var, sha256_compress_var, sha256_var,
    sha512_var,
};

type Gadget = fn(&[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError>;
type Native = fn(&[u8]) -> Vec<u8>;

fn g_sha256(m: &[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
    Ok(sha256_var(m)?.to_vec())
}
fn g_sha512(m: &[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
    Ok(sha512_var(m)?.to_vec())
}
fn g_keccak256(m: &[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
    Ok(keccak256_var(m)?.to_vec())
}
fn g_sha3_256(m: &[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
    Ok(sha3_256_var(m)?.to_vec())
}

fn n_sha256(m: &[u8]) -> Vec<u8> {
    sha2::Sha256::digest(m).to_vec()
}
fn n_sha512(m: &[u8]) -> Vec<u8> {
    sha2::Sha512::digest(m).to_vec()
}
fn n_keccak256(m: &[u8]) -> Vec<u8> {
    sha3::Keccak256::digest(m).to_vec()
}
fn n_sha3_256(m: &[u8]) -> Vec<u8> {
    sha3::Sha3_256::digest(m).to_vec()
}

/// Deterministic pseudo-random bytes (splitmix64), one stream per seed.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ len as u64;
    (0..len)
        .map(|_| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

/// Synthesises `gadget` on `msg` as witness bytes; returns the system and
/// the digest variables.
fn synth(gadget: Gadget, msg: &[u8]) -> (ConstraintSystemRef<Fr>, Vec<UInt8<Fr>>) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let vars = UInt8::new_witness_vec(cs.clone(), msg).unwrap();
    let out = gadget(&vars).unwrap();
    (cs, out)
}

fn check(gadget: Gadget, native: Native, msg: &[u8]) {
    let (cs, out) = synth(gadget, msg);
    let got: Vec<u8> = out.iter().map(|b| b.value().unwrap()).collect();
    assert_eq!(got, native(msg), "digest of a {}-byte message", msg.len());
    assert!(cs.is_satisfied().unwrap(), "{}-byte message", msg.len());
}

/// Padding boundaries: 55/56 and 111/112 (SHA-256 and SHA-512 length field),
/// 64/128 (block sizes), 135/136 (Keccak rate), multi-block 200.
const LENGTHS: [usize; 11] = [0, 1, 55, 56, 64, 111, 112, 128, 135, 136, 200];

#[test]
fn sha256_matches_sha2_at_every_boundary_length() {
    for (seed, &len) in LENGTHS.iter().enumerate() {
        check(g_sha256, n_sha256, &bytes(seed as u64, len));
    }
}

#[test]
fn sha512_matches_sha2_at_boundary_lengths() {
    for (seed, &len) in [0usize, 1, 111, 112, 128, 200].iter().enumerate() {
        check(g_sha512, n_sha512, &bytes(100 + seed as u64, len));
    }
}

#[test]
fn keccak256_matches_sha3_at_boundary_lengths() {
    for (seed, &len) in [0usize, 135, 136].iter().enumerate() {
        check(g_keccak256, n_keccak256, &bytes(200 + seed as u64, len));
    }
}

#[test]
fn sha3_256_matches_sha3_at_boundary_lengths() {
    for (seed, &len) in [1usize, 64, 200].iter().enumerate() {
        check(g_sha3_256, n_sha3_256, &bytes(300 + seed as u64, len));
    }
}

/// Constant messages fold entirely: no constraint, the right digest.
#[test]
fn constant_messages_fold_to_constants() {
    let gadgets: [(Gadget, Native); 4] = [
        (g_sha256, n_sha256),
        (g_sha512, n_sha512),
        (g_keccak256, n_keccak256),
        (g_sha3_256, n_sha3_256),
    ];
    for (g, n) in gadgets {
        for len in [0usize, 56, 136] {
            let msg = bytes(7, len);
            let consts: Vec<UInt8<Fr>> = msg.iter().map(|&b| UInt8::constant(b)).collect();
            let out = g(&consts).unwrap();
            assert!(out.iter().all(|b| b.is_constant()));
            let got: Vec<u8> = out.iter().map(|b| b.value().unwrap()).collect();
            assert_eq!(got, n(&msg));
        }
    }
}

/// A constant prefix (e.g. a BIP-340 tag block) mixed with variable bytes.
#[test]
fn sha256_mixed_constant_and_variable_bytes() {
    let msg = bytes(11, 96);
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut vars: Vec<UInt8<Fr>> = msg[..64].iter().map(|&b| UInt8::constant(b)).collect();
    vars.extend(UInt8::new_witness_vec(cs.clone(), &msg[64..]).unwrap());
    let out = sha256_var(&vars).unwrap();
    let got: Vec<u8> = out.iter().map(|b| b.value().unwrap()).collect();
    assert_eq!(got, n_sha256(&msg));
    assert!(cs.is_satisfied().unwrap());
}

/// `sha256_compress_var` on the IV and a hand-padded block is SHA-256.
#[test]
fn sha256_compress_is_one_padded_block() {
    let msg = bytes(12, 40);
    let mut block = msg.clone();
    block.push(0x80);
    block.resize(56, 0);
    block.extend(((msg.len() as u64) * 8).to_be_bytes());
    let cs = ConstraintSystem::<Fr>::new_ref();
    let block_vars: [UInt8<Fr>; 64] = UInt8::new_witness_vec(cs.clone(), &block)
        .unwrap()
        .try_into()
        .unwrap();
    let iv: [UInt32<Fr>; 8] = SHA256_IV.map(UInt32::constant);
    let out = sha256_compress_var(&iv, &block_vars).unwrap();
    let got: Vec<u8> = out
        .iter()
        .flat_map(|w| w.value().unwrap().to_be_bytes())
        .collect();
    assert_eq!(got, n_sha256(&msg));
    assert!(cs.is_satisfied().unwrap());
}

/// `keccak_f1600_var` on the absorbed padded empty message is Keccak-256("").
#[test]
fn keccak_f1600_is_the_sponge_permutation() {
    use ark_r1cs_std::uint64::UInt64;
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut lanes = [0u64; 25];
    lanes[0] = 0x01;
    lanes[16] = 0x80 << 56;
    let vars: [UInt64<Fr>; 25] = lanes.map(|l| UInt64::new_witness(cs.clone(), || Ok(l)).unwrap());
    let out = keccak_f1600_var(&vars).unwrap();
    let got: Vec<u8> = out[..4]
        .iter()
        .flat_map(|w| w.value().unwrap().to_le_bytes())
        .collect();
    assert_eq!(got, n_keccak256(b""));
    assert!(cs.is_satisfied().unwrap());
}

/// Enforcing the digest equal to a claimed value: the true digest satisfies,
/// each single-bit change of the claim does not.
fn wrong_digest_is_unsatisfiable(gadget: Gadget, native: Native, len: usize) {
    let msg = bytes(21, len);
    let good = native(&msg);
    for flip in [
        None,
        Some((0usize, 0u8)),
        Some((good.len() - 1, 7)),
        Some((13, 3)),
    ] {
        let mut claim = good.clone();
        if let Some((i, bit)) = flip {
            claim[i] ^= 1 << bit;
        }
        let (cs, out) = synth(gadget, &msg);
        let claimed = UInt8::new_input_vec(cs.clone(), &claim).unwrap();
        out.enforce_equal(&claimed).unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), flip.is_none(), "flip {flip:?}");
    }
}

#[test]
fn wrong_claimed_digest_is_rejected() {
    wrong_digest_is_unsatisfiable(g_sha256, n_sha256, 70);
    wrong_digest_is_unsatisfiable(g_sha512, n_sha512, 3);
    wrong_digest_is_unsatisfiable(g_keccak256, n_keccak256, 32);
    wrong_digest_is_unsatisfiable(g_sha3_256, n_sha3_256, 5);
}

/// Re-evaluates the cached values of the symbolic linear combinations after
/// a witness was changed (`is_satisfied` reads constraints through them).
fn refresh_lcs(cs: &ConstraintSystemRef<Fr>) {
    let mut inner = cs.borrow_mut().unwrap();
    for i in 0..inner.assignments.lc_assignment.len() {
        let lc = inner.get_lc(Variable::symbolic_lc(i));
        let v: Fr = lc
            .iter()
            .map(|(c, var)| *c * inner.assigned_value(*var).unwrap())
            .sum();
        inner.assignments.lc_assignment[i] = v;
    }
}

/// Every sampled witness (message bits, round bits, carries, quotients) is
/// pinned: adding one to it breaks the system.
fn tampered_witness_is_unsatisfiable(gadget: Gadget, len: usize) {
    let (cs, _) = synth(gadget, &bytes(31, len));
    assert!(cs.is_satisfied().unwrap());
    let n = cs.num_witness_variables();
    for k in 0..8usize {
        let idx = (k * 7919 + 13) % n;
        let mut inner = cs.borrow_mut().unwrap();
        let old = inner.assignments.witness_assignment[idx];
        inner.assignments.witness_assignment[idx] = old + Fr::from(1u64);
        drop(inner);
        refresh_lcs(&cs);
        assert!(!cs.is_satisfied().unwrap(), "witness {idx} of {n} is free");
        cs.borrow_mut().unwrap().assignments.witness_assignment[idx] = old;
        refresh_lcs(&cs);
    }
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn tampered_internal_witness_is_rejected() {
    tampered_witness_is_unsatisfiable(g_sha256, 64);
    tampered_witness_is_unsatisfiable(g_sha512, 10);
    tampered_witness_is_unsatisfiable(g_keccak256, 20);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn sha256_random_lengths(msg in proptest::collection::vec(any::<u8>(), 0..=200)) {
        check(g_sha256, n_sha256, &msg);
    }

    #[test]
    fn keccak256_random_lengths(msg in proptest::collection::vec(any::<u8>(), 0..=140)) {
        check(g_keccak256, n_keccak256, &msg);
    }
}
