//! Witness generation of the precompile circuit kinds, per call or block, beside the native
//! primitive the host runs (the `sha3` crate, `umbra-poseidon`, `umbra-pedersen` on
//! Grumpkin and on secp256k1, `umbra-schnorr`'s BIP-340 verification, `umbra-tecdsa`'s
//! Feldman share check and GG20 signature-share check as the host decodes and runs them,
//! `umbra-eddsa`'s Ed25519 verification):
//! what
//! issue #15's target "witness generation ≤ 10 % of a precompile's proving time" is
//! measured against.
//!
//! Per kind, the two native passes the prover makes for every fold of the kind:
//! - `eval+advice`: pass 1, the native evaluation (bus tuples, violated rows) and the
//!   phase-1 advice block, from one run;
//! - `synthesize`: pass 2, the kind's constraints into a witness-only constraint system (no
//!   matrices, no linear-combination assignments: the folding engine's witness mode), in one
//!   run with the advice block reserved (the engine's own augmented circuit and the MSMs are
//!   not included);
//!
//! and the host's native computation of the same call.
//!
//! The fixed tables' fold (`umbra_prover::tables`, one per proof) is measured the same way,
//! beside the native sum of its side of the bus.
//!
//! Run: `cargo bench -p umbra-prover --bench kinds`.
#![allow(missing_docs, clippy::unwrap_used)]

use ark_bn254::Fr;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode};
use criterion::{Criterion, criterion_group, criterion_main};
use sha3::Digest;
use umbra_abi::syscall::SHA3_256;
use umbra_folding::StepCircuit;
use umbra_prover::params::{CallKind, Kinds};
use umbra_prover::precompile::keccak::RATE;
use umbra_prover::precompile::{KindStep, PrecompileCall, WordAccess};

const PTR: u32 = umbra_abi::memory::RAM_START;

/// A `sha3_256` call of `msg` at `PTR`, digest at `PTR + 256`.
fn sha3_call(msg: &[u8]) -> PrecompileCall {
    let out = PTR + 256;
    let digest = sha3::Sha3_256::digest(msg);
    let mut words = Vec::new();
    for (i, c) in msg.chunks(4).enumerate() {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        let v = u32::from_le_bytes(w);
        words.push(WordAccess {
            addr: PTR + 4 * i as u32,
            old: v,
            t_prev: 1,
            new: v,
        });
    }
    for (m, c) in digest.chunks(4).enumerate() {
        let new = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        words.push(WordAccess {
            addr: out + 4 * m as u32,
            old: 0,
            t_prev: 0,
            new,
        });
    }
    PrecompileCall {
        pc: 0,
        clk: 10,
        id: SHA3_256,
        args: [PTR, msg.len() as u32, out, 0],
        ret: [0, 0],
        extra_cycles: umbra_precompiles::cost::hash(msg.len() as u32),
        words,
    }
}

fn rw_page(_: u32) -> Option<u8> {
    Some(umbra_vm::memory::PERM_R | umbra_vm::memory::PERM_W)
}

fn z() -> Vec<Fr> {
    (0..16u64).map(|i| Fr::from(1_000 + i)).collect()
}

fn passes(c: &mut Criterion, name: &str, step: &KindStep, kind: &CallKind) {
    let z = z();
    let mut g = c.benchmark_group("precompile_kinds");
    g.sample_size(10);
    g.bench_function(format!("{name}/eval+advice"), |b| {
        b.iter(|| {
            let (out, advice) = step.eval_native_with_advice(&z).unwrap();
            (out.z_out.len(), advice.len())
        })
    });
    g.bench_function(format!("{name}/synthesize"), |b| {
        b.iter(|| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices: false,
                generate_lc_assignments: false,
            });
            let zv: Vec<FpVar<Fr>> = z
                .iter()
                .map(|x| FpVar::new_input(cs.clone(), || Ok(*x)).unwrap())
                .collect();
            kind.set(Some(step.clone()));
            let n = kind
                .generate_step_constraints(cs.clone(), 0, &zv)
                .unwrap()
                .len();
            kind.set(None);
            n
        })
    });
    g.finish();
}

/// The calls `call(0)`, `call(1)`, … merged into one step until it is full.
fn full_batch(call: impl Fn(u32) -> PrecompileCall) -> KindStep {
    let one = |i| {
        KindStep::for_call(&call(i), &rw_page)
            .unwrap()
            .unwrap()
            .remove(0)
    };
    let mut batch = one(0);
    let mut i = 1;
    while !batch.is_full() {
        batch.merge(one(i)).unwrap();
        i += 1;
    }
    batch
}

fn kinds(c: &mut Criterion) {
    let msg: Vec<u8> = (0..RATE as u32 - 1).map(|i| (i * 7) as u8).collect();
    let call = sha3_call(&msg);
    let steps = KindStep::for_call(&call, &rw_page).unwrap().unwrap();
    assert_eq!(steps.len(), 1);
    let kinds = Kinds::new(1);
    passes(c, "sha3_256 block", &steps[0], &kinds.keccak);
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("sha3 crate/135 bytes", |b| {
        b.iter(|| sha3::Sha3_256::digest(&msg))
    });
    g.finish();

    // A full batch: eight calls, one fold.
    let elements = [[1u8; 32], [2u8; 32], [3u8; 32]];
    let batch = full_batch(|i| {
        umbra_prover::precompile::poseidon::call_for(
            &elements,
            PTR + 96 * i,
            10 + u64::from(i),
            &[1; 24],
        )
        .unwrap()
    });
    passes(
        c,
        "poseidon_permute t=3, batch of 8",
        &batch,
        &kinds.poseidon,
    );
    let p = umbra_poseidon::Poseidon::<Fr, 3>::new().unwrap();
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-poseidon/permute t=3", |b| {
        b.iter(|| {
            let mut st = [Fr::from(1u64), Fr::from(2u64), Fr::from(3u64)];
            p.permute(&mut st);
            st
        })
    });
    g.finish();
}

fn pedersen(c: &mut Criterion) {
    let mut input = [0u8; 64];
    for (i, b) in input.iter_mut().enumerate() {
        // Both scalars below q: the top byte of each stays small.
        *b = if i % 32 == 31 {
            0x12
        } else {
            (i * 37 + 11) as u8
        };
    }
    // A full batch: four calls, one fold.
    let batch = full_batch(|i| {
        let (iptr, optr) = (PTR + 1 + 128 * i, PTR + 1024 + 32 * i);
        umbra_prover::precompile::pedersen::call_for(&input, iptr, optr, 10 + u64::from(i)).unwrap()
    });
    let kinds = Kinds::new(1);
    passes(
        c,
        "pedersen_commit grumpkin, batch of 4",
        &batch,
        &kinds.pedersen,
    );
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-pedersen/commit grumpkin", |b| {
        b.iter(|| umbra_prover::precompile::pedersen::commit(&input).unwrap())
    });
    g.finish();

    // secp256k1 (emulated): one call per fold; the host commits with umbra-pedersen on k256.
    let secp = umbra_abi::PedersenGroup::Secp256k1;
    let call =
        umbra_prover::precompile::pedersen::call_in(secp, &input, PTR + 1, PTR + 1024, 10).unwrap();
    let step = KindStep::for_call(&call, &rw_page)
        .unwrap()
        .unwrap()
        .remove(0);
    passes(
        c,
        "pedersen_commit secp256k1",
        &step,
        &kinds.pedersen_secp256k1,
    );
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-pedersen/commit secp256k1", |b| {
        b.iter(|| umbra_precompiles::pedersen::commit(secp, &input).unwrap())
    });
    g.finish();
}

fn bip340(c: &mut Criterion) {
    // A valid signature on a 32-byte message (one fold of the bip340 kind), and four full
    // 64-byte blocks of a longer message (one fold of its SHA-256 chain).
    let sk = umbra_schnorr::bip340::SigningKey::from_bytes(&[0x42; 32]).unwrap();
    let kinds = Kinds::new(1);
    let key_block = |msg: &[u8]| {
        let mut block = [0u8; 96];
        block[..32].copy_from_slice(&sk.verifying_key().to_bytes());
        block[32..].copy_from_slice(&sk.sign_deterministic(msg).unwrap().to_bytes());
        block
    };
    let msg = [0x5au8; 32];
    let block = key_block(&msg);
    let call =
        umbra_prover::precompile::bip340::call_for(&block, &msg, PTR + 1, PTR + 0x200, 10).unwrap();
    let steps = KindStep::for_call(&call, &rw_page).unwrap().unwrap();
    assert_eq!(steps.len(), 1);
    passes(c, "bip340_verify 32-byte message", &steps[0], &kinds.bip340);
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-schnorr/bip340 verify 32 bytes", |b| {
        b.iter(|| umbra_schnorr::bip340::verify(&block[..32], &msg, &block[32..]).unwrap())
    });
    g.finish();

    let long: Vec<u8> = (0..256u32).map(|i| (i * 13) as u8).collect();
    let call =
        umbra_prover::precompile::bip340::call_for(&key_block(&long), &long, PTR, PTR + 0x201, 10)
            .unwrap();
    let mut steps = KindStep::for_call(&call, &rw_page).unwrap().unwrap();
    assert_eq!(steps.len(), 5);
    let mut chain = steps.remove(1);
    for s in steps.drain(1..) {
        chain.merge(s).unwrap();
    }
    assert!(chain.is_full());
    passes(c, "sha256 chain, batch of 4 blocks", &chain, &kinds.sha256);
}

fn feldman(c: &mut Criterion) {
    // Party 3's share against the five commitments of the largest GG20 session of the test
    // vectors (threshold 4): one fold of the Feldman kind.
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    let rec = kat
        .records_of("gg20-session")
        .max_by_key(|r| r.hex("commitments").unwrap().len())
        .unwrap();
    let cs = rec.hex("commitments").unwrap();
    let shares = rec.hex("shares").unwrap();
    let mut share = [0u8; 36];
    share[..4].copy_from_slice(&3u32.to_le_bytes());
    share[4..].copy_from_slice(&shares[64..96]);
    let call =
        umbra_prover::precompile::feldman::call_for(&cs, &share, PTR + 1, PTR + 0x200, 10).unwrap();
    assert_eq!(call.ret[0], umbra_abi::VERDICT_VALID);
    let steps = KindStep::for_call(&call, &rw_page).unwrap().unwrap();
    assert_eq!(steps.len(), 1);
    let kinds = Kinds::new(1);
    passes(
        c,
        "tecdsa_feldman_verify 5 commitments",
        &steps[0],
        &kinds.feldman,
    );
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-tecdsa/feldman verify 5 commitments", |b| {
        b.iter(|| umbra_precompiles::tecdsa::feldman_verify(&cs, &share).unwrap())
    });
    g.finish();
}

fn sigshare(c: &mut Criterion) {
    // The five-signer GG20 session of the test vectors: one fold of the signature-share
    // kind per entry; the call's fold (entry 0, which also reads the header and decides) and
    // an entry above it, beside the host's whole call.
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    let rec = kat
        .records_of("gg20-session")
        .find(|r| r.get("signers").unwrap().split(',').count() == 5)
        .unwrap();
    let mut header = rec.hex("group_key").unwrap();
    header.extend(rec.hex("nonce_point").unwrap());
    header.extend(rec.hex("prehash").unwrap());
    let header: [u8; 98] = header.try_into().unwrap();
    let (nr, ks, ss) = (
        rec.hex("nonce_shares").unwrap(),
        rec.hex("key_shares").unwrap(),
        rec.hex("sig_shares").unwrap(),
    );
    let mut entries = Vec::new();
    for (j, i) in rec.get("signers").unwrap().split(',').enumerate() {
        entries.extend(i.trim().parse::<u32>().unwrap().to_le_bytes());
        entries.extend_from_slice(&nr[33 * j..33 * j + 33]);
        entries.extend_from_slice(&ks[33 * j..33 * j + 33]);
        entries.extend_from_slice(&ss[32 * j..32 * j + 32]);
    }
    let call = umbra_prover::precompile::sigshare::call_for(
        &header,
        &entries,
        (PTR + 1, PTR + 0x102, PTR + 0x800),
        10,
    )
    .unwrap();
    assert_eq!(call.ret[0], umbra_abi::VERDICT_VALID);
    let steps = KindStep::for_call(&call, &rw_page).unwrap().unwrap();
    assert_eq!(steps.len(), 5);
    let kinds = Kinds::new(1);
    passes(
        c,
        "tecdsa_sigshare_verify entry 0 of 5",
        &steps[0],
        &kinds.sigshare,
    );
    passes(
        c,
        "tecdsa_sigshare_verify entry 2 of 5",
        &steps[2],
        &kinds.sigshare,
    );
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-tecdsa/sigshare verify 5 entries", |b| {
        b.iter(|| {
            let mut blame = [false; 5];
            umbra_precompiles::tecdsa::sigshare_verify(&header, &entries, &mut blame).unwrap()
        })
    });
    g.finish();
}

fn ed25519(c: &mut Criterion) {
    // A valid ZIP-215 signature on a 32-byte message (one fold of the ed25519 kind; every
    // rule and message length up to 175 bytes has the same circuit).
    let sk = umbra_eddsa::SigningKey::from_bytes(&[0x42; 32]);
    let kinds = Kinds::new(1);
    let msg = [0x5au8; 32];
    let mut block = [0u8; 96];
    block[..32].copy_from_slice(&sk.verifying_key().to_bytes());
    block[32..].copy_from_slice(&sk.sign(&msg).to_bytes());
    let rule = umbra_abi::Ed25519Rule::Zip215;
    let call =
        umbra_prover::precompile::ed25519::call_for(rule, &block, &msg, (PTR + 1, PTR + 0x200), 10)
            .unwrap();
    assert_eq!(call.ret[0], umbra_abi::VERDICT_VALID);
    let steps = KindStep::for_call(&call, &rw_page).unwrap().unwrap();
    assert_eq!(steps.len(), 1);
    passes(
        c,
        "ed25519_verify 32-byte message",
        &steps[0],
        &kinds.ed25519,
    );
    let key: [u8; 32] = block[..32].try_into().unwrap();
    let sig: [u8; 64] = block[32..].try_into().unwrap();
    let mut g = c.benchmark_group("precompile_kinds");
    g.bench_function("umbra-eddsa/ed25519 verify zip215 32 bytes", |b| {
        b.iter(|| umbra_precompiles::ed25519::verify(rule, &key, &msg, &sig).unwrap())
    });
    g.finish();
}

/// The fixed tables' fold (one per proof) with multiplicities on a quarter of the entries,
/// beside the native sum of the same table side (what the verifier computed from the
/// multiplicities in the clear before the fold existed, `umbra_prover::tables::side`).
fn tables(c: &mut Criterion) {
    use umbra_prover::tables::{ENTRIES, TablesStep, side};
    let counts: Vec<u64> = (0..ENTRIES as u64)
        .map(|j| (j * 7 % 4 == 0) as u64 * (1 + j % 5))
        .collect();
    let kinds = Kinds::new(1);
    passes(
        c,
        "tables",
        &KindStep::Tables(Box::new(TablesStep::new(counts.clone()).unwrap())),
        &kinds.tables,
    );
    let (gamma, alpha) = (Fr::from(0x1234_5678u64), Fr::from(0x9abc_def0u64));
    let mut g = c.benchmark_group("precompile_kinds");
    g.sample_size(10);
    g.bench_function("tables/native side (the verifier's sum before)", |b| {
        b.iter(|| side(&counts, gamma, alpha).unwrap())
    });
    g.finish();
}

criterion_group!(
    benches, kinds, pedersen, bip340, feldman, sigshare, ed25519, tables
);
criterion_main!(benches);
