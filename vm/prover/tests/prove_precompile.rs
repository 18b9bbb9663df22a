//! Proving guests that call a precompile (`poseidon_permute`, BN254, width 3): the call is
//! proved by its circuit kind, folded after the CPU step that made it, and linked through
//! the bus. Honest proofs verify with the host's result in the journal; a malicious prover
//! that drops, duplicates, reroutes or falsifies a call, or reads memory the guest did not
//! write, gets a proof that does not verify.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use crate::prove::params;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use harness::enc::*;
use std::sync::OnceLock;
use umbra_abi::PoseidonField;
use umbra_abi::syscall::{POSEIDON_PERMUTE, SHA3_256};
use umbra_prover::precompile::PrecompileCall;

/// Rows of one hash block (`keccak.rs`; the split is in `docs/prover.md`).
const KECCAK_ROWS: usize = 151_560;
/// Rows of one batch of eight `poseidon_permute` calls.
const POSEIDON_BATCH_ROWS: usize = 4_909;
/// Rows of one batch of four `pedersen_commit` calls over Grumpkin.
const PEDERSEN_ROWS: usize = 23_105;
/// Rows of a fold of the secp256k1 `pedersen_commit` kind (one call).
const PEDERSEN_SECP256K1_ROWS: usize = 77_754;
/// The engine's rows with the test parameters' six kinds (every kind but bip340's, its
/// SHA-256 chain's, Feldman's, the signature shares' and Ed25519's; the CPU, the four others
/// and the fixed tables') and committed advice (53,041 with two, 54,886 with three, 57,331
/// with four, 59,776 with five, 64,066 with seven, 66,511 with eight, 68,956 with nine).
const ENGINE_ROWS: usize = 62_221;
use umbra_prover::precompile::poseidon::call_for;
use umbra_prover::{Forge, Proof, ProveError, VerifyError, prove_forged, verify};
use umbra_vm::{CallContext, Outcome, Precompile, Program, Registry, SyscallError, Vm, VmConfig};

/// A canonical width-3 state: `[3, left, right]` as the Merkle compression's input.
fn state() -> [[u8; 32]; 3] {
    let mut s = [[0u8; 32]; 3];
    s[0][0] = 3;
    for (j, x) in s.iter_mut().enumerate().skip(1) {
        for (i, b) in x.iter_mut().enumerate().take(31) {
            *b = (i as u8).wrapping_mul(17).wrapping_add(j as u8);
        }
    }
    s
}

/// Permutes the state at `DATA` with syscall `id`, then commits the 96 bytes.
fn program_calling(id: u32) -> Program {
    let data: Vec<u8> = state().concat();
    let mut code = vec![
        lui(31, DATA),
        addi(10, 0, PoseidonField::Bn254.id() as i32),
        addi(11, 0, 3),
        add(12, 31, 0),
        addi(13, 0, 0),
        addi(5, 0, id as i32),
        ECALL,
        // commit(DATA, 96)
        add(10, 31, 0),
        addi(11, 0, 96),
        addi(5, 0, 4),
        ECALL,
    ];
    code.extend_from_slice(&HALT);
    program(&code, &data)
}

fn poseidon_program() -> Program {
    program_calling(POSEIDON_PERMUTE)
}

fn prove_with(program: &Program, forge: &Forge<'_>) -> Result<Proof, ProveError> {
    prove_forged(params(), program, &[], forge, &mut StdRng::seed_from_u64(3))
}

fn honest() -> &'static Proof {
    static P: OnceLock<Proof> = OnceLock::new();
    P.get_or_init(|| prove_with(&poseidon_program(), &Forge::default()).unwrap())
}

#[test]
fn poseidon_call_proved_and_verified_with_the_hosts_result() {
    let program = poseidon_program();
    let mut vm = Vm::new(&program, VmConfig::default())
        .unwrap()
        .with_registry(umbra_precompiles::registry());
    let exit = vm.run().unwrap();
    let expected =
        umbra_precompiles::poseidon::permute(PoseidonField::Bn254, &state().concat()).unwrap();
    assert_eq!(vm.journal(), &expected[..]);

    let proof = honest();
    let v = verify(params(), &program, proof).unwrap();
    assert_eq!(v.journal, expected);
    assert_eq!(v.exit_code, exit.code);
    assert_eq!(v.cycles, vm.cycles());
    // The CPU steps, one fold of the poseidon kind and the fixed tables' fold.
    let cpu_steps = proof.ivc.steps - 2;
    assert!(cpu_steps >= 1);
    // Round trip through the file format.
    let back = Proof::from_bytes(&proof.to_bytes()).unwrap();
    assert_eq!(verify(params(), &program, &back).unwrap(), v);
}

#[test]
fn dropped_call_is_unbalanced() {
    let drop_all = |_: u64, c: &mut Vec<PrecompileCall>| c.clear();
    let forge = Forge {
        calls: Some(&drop_all),
        ..Forge::default()
    };
    let proof = prove_with(&poseidon_program(), &forge).unwrap();
    assert_eq!(proof.ivc.steps, honest().ivc.steps - 1);
    assert_eq!(
        verify(params(), &poseidon_program(), &proof),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn duplicated_call_is_unbalanced() {
    let twice = |_: u64, c: &mut Vec<PrecompileCall>| {
        if let Some(first) = c.first().cloned() {
            c.push(first);
        }
    };
    let forge = Forge {
        calls: Some(&twice),
        ..Forge::default()
    };
    let proof = prove_with(&poseidon_program(), &forge).unwrap();
    // The copy joins the call's batch: the same folds, one more slot on.
    assert_eq!(proof.ivc.steps, honest().ivc.steps);
    assert_eq!(
        verify(params(), &poseidon_program(), &proof),
        Err(VerifyError::Unbalanced)
    );
}

/// A handler that claims every permutation is the all-zero state (canonical, so the VM
/// accepts it): the execution, the CPU steps and the journal all agree with the lie.
#[derive(Debug)]
struct ZeroPermutation(u32);

impl Precompile for ZeroPermutation {
    fn id(&self) -> u32 {
        self.0
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let ptr = ctx.arg(2);
        ctx.read(ptr, 96)?;
        ctx.write(ptr, &[0u8; 96])?;
        Ok(Outcome {
            a0: 0,
            a1: 0,
            cycles: umbra_precompiles::cost::poseidon(3),
        })
    }
}

fn lying_registry() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(ZeroPermutation(POSEIDON_PERMUTE)));
    r.register(Box::new(ZeroPermutation(SHA3_256)));
    r
}

#[test]
fn false_result_consistent_with_the_execution_is_rejected() {
    let forge = Forge {
        registry: Some(lying_registry),
        ..Forge::default()
    };
    let program = poseidon_program();
    let proof = prove_with(&program, &forge).unwrap();
    // The claim is the lie: the journal holds the all-zero "permutation".
    assert_eq!(proof.claim.journal, vec![0u8; 96]);
    // Only the kind's circuit objects: its folded instance is not satisfied.
    assert!(matches!(
        verify(params(), &program, &proof),
        Err(VerifyError::Folding(_))
    ));
}

#[test]
fn call_consumed_by_another_kind_is_unbalanced() {
    // The guest calls sha3_256 (a lying host answers like the zero "permutation") and the
    // prover hands the call to the poseidon kind, which consumes (clk, 0x102, …): the
    // ecall's tuple (clk, 0x100, …) is left unmatched and the kind's is matched by nothing.
    let program = program_calling(SHA3_256);
    let as_poseidon = |_: u64, c: &mut Vec<PrecompileCall>| {
        for call in c.iter_mut() {
            call.id = POSEIDON_PERMUTE;
            let st: Vec<u8> = state().concat();
            let out = umbra_precompiles::poseidon::permute(PoseidonField::Bn254, &st).unwrap();
            for (i, w) in call.words.iter_mut().enumerate() {
                w.new = u32::from_le_bytes(out[4 * i..4 * i + 4].try_into().unwrap());
            }
        }
    };
    let forge = Forge {
        registry: Some(lying_registry),
        calls: Some(&as_poseidon),
        ..Forge::default()
    };
    let proof = prove_with(&program, &forge).unwrap();
    assert_eq!(
        verify(params(), &program, &proof),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn call_reading_memory_the_guest_did_not_write_is_unbalanced() {
    // The kind proves an honest permutation of another state at the same address, clock and
    // previous-write timestamps: its reads name values the guest never wrote there.
    let mut other = state();
    other[2][5] ^= 1;
    let reread = |_: u64, c: &mut Vec<PrecompileCall>| {
        for call in c.iter_mut() {
            let t_prev: [u64; 24] = core::array::from_fn(|i| call.words[i].t_prev);
            let forged = call_for(&other, call.args[2], call.clk, &t_prev).unwrap();
            *call = PrecompileCall {
                pc: call.pc,
                ..forged
            };
        }
    };
    let forge = Forge {
        calls: Some(&reread),
        ..Forge::default()
    };
    let proof = prove_with(&poseidon_program(), &forge).unwrap();
    assert_eq!(
        verify(params(), &poseidon_program(), &proof),
        Err(VerifyError::Unbalanced)
    );
}

#[test]
fn unsupported_variant_is_refused_by_name() {
    // Width 4: a valid call the host completes, with no circuit kind yet.
    let data: Vec<u8> = vec![0u8; 128];
    let mut code = vec![
        lui(31, DATA),
        addi(10, 0, 0),
        addi(11, 0, 4),
        add(12, 31, 0),
        addi(13, 0, 0),
        addi(5, 0, POSEIDON_PERMUTE as i32),
        ECALL,
    ];
    code.extend_from_slice(&HALT);
    let program = program(&code, &data);
    let err = prove_with(&program, &Forge::default()).unwrap_err();
    assert!(matches!(err, ProveError::Precompile { .. }), "{err:?}");
    assert!(err.to_string().contains("poseidon_permute"), "{err}");
}

#[test]
fn kind_sizes_for_the_docs() {
    // The augmented circuit of each kind: the engine's part (fold verification, state hash,
    // selection) plus the step. The CPU step is 6 + 294·k rows, a poseidon batch 4,909, a
    // hash block KECCAK_ROWS.
    let pp = params().nivc();
    let rows = |j: usize| pp.primary(j).unwrap().shape().num_constraints();
    let (cpu, pos, kec, ped, secp) = (rows(0), rows(1), rows(2), rows(3), rows(4));
    let engine_cpu = cpu - (6 + 294 * 8);
    let engine_pos = pos - POSEIDON_BATCH_ROWS;
    let engine_kec = kec - KECCAK_ROWS;
    let engine_ped = ped - PEDERSEN_ROWS;
    let engine_secp = secp - PEDERSEN_SECP256K1_ROWS;
    println!(
        "k = 8: CPU kind {cpu} rows (engine {engine_cpu}), poseidon kind {pos} (engine \
         {engine_pos}), hash kind {kec} (engine {engine_kec}), pedersen kind {ped} (engine \
         {engine_ped}), pedersen secp256k1 kind {secp} (engine {engine_secp})"
    );
    assert_eq!(pp.num_kinds(), 6);
    assert_eq!(engine_cpu, engine_ped);
    assert_eq!(engine_cpu, engine_secp);
    // Every kind pays the same engine, whatever the step.
    assert_eq!(engine_cpu, engine_pos);
    assert_eq!(engine_cpu, engine_kec);
    assert_eq!(engine_cpu, ENGINE_ROWS);
}

#[test]
fn kind_sets_of_executions_and_parameters_must_agree() {
    use umbra_prover::params::{KIND_KECCAK, KIND_POSEIDON};
    use umbra_prover::{KindSet, ProveOptions, ProverParams, kinds_used};
    let program = poseidon_program();
    let set = kinds_used(&program, &[], &ProveOptions::default()).unwrap();
    assert_eq!(set, KindSet::BASE.with(KIND_POSEIDON));
    assert_eq!(set.index(KIND_POSEIDON), Some(1));
    assert_eq!(KindSet::ALL.index(KIND_KECCAK), Some(2));
    assert_eq!(set.index(KIND_KECCAK), None);
    // Parameters without the kind: the prover refuses, naming the kind.
    let cpu_only = ProverParams::setup_for(8, KindSet::BASE).unwrap();
    let err = prove_forged(
        &cpu_only,
        &program,
        &[],
        &Forge::default(),
        &mut StdRng::seed_from_u64(4),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ProveError::KindMissing {
            kind: KIND_POSEIDON
        }
    );
    // A proof made with every kind, checked with parameters of another set: refused
    // before the folding proof is looked at; and a proof claiming another set is refused.
    assert!(matches!(
        verify(&cpu_only, &program, honest()),
        Err(VerifyError::KindsMismatch { .. })
    ));
    let mut other = honest().clone();
    other.kinds = set.bits();
    assert!(verify(params(), &program, &other).is_err());
    // An invalid set in a file is a format error.
    let mut bytes = honest().to_bytes();
    bytes[14] &= !1; // no CPU kind
    assert_eq!(
        Proof::from_bytes(&bytes),
        Err(umbra_prover::ProofFormatError::BadKinds(
            crate::prove::test_kinds().bits() & !1
        ))
    );
}

#[test]
fn costs_are_the_measured_rows() {
    // umbra_precompiles::cost charges a precompile with a circuit kind the rows of its folds
    // in CPU cycles: ⌈(engine + kind rows)·256 / (engine + CPU step rows at k = 256)⌉, with
    // every kind's engine. Recomputed here from the circuits: stale constants fail.
    use umbra_precompiles::cost;
    use umbra_prover::precompile::KindStep;
    use umbra_prover::precompile::keccak::KeccakStep;
    use umbra_prover::precompile::pedersen::PedersenBatch;
    use umbra_prover::precompile::poseidon::PoseidonBatch;
    use umbra_prover::step::CpuStep;
    // With every kind of the build (the charges assume the largest engine; the shared test
    // parameters leave five kinds out). Each kind's augmented circuit pays the same engine.
    // Only the shapes matter here: the engine's fast development keys instead of the
    // transparent ones `ProverParams` hashes to the curve (the same shapes, seconds less).
    // The charges' basis is the CPU and the precompile kinds: the fixed tables' kind (the
    // last of the list) is left out (`cost::ENGINE_ROWS`).
    let kinds = umbra_prover::params::Kinds::new(8);
    let mut list = kinds.list(umbra_prover::KindSet::ALL);
    assert_eq!(
        list.pop().map(|_| list.len() as u64),
        Some(umbra_prover::params::KIND_TABLES)
    );
    let pp =
        umbra_folding::nivc::NivcParams::setup(&list, b"costs_are_the_measured_rows: shapes only")
            .unwrap();
    let pp = &pp;
    assert_eq!(pp.num_kinds(), 10);
    let z = vec![ark_bn254::Fr::from(1u64); 16];
    let cpu8 = CpuStep::shape(8).eval_native(&z).unwrap().counts.total() as u64;
    let engine = pp.primary(0).unwrap().shape().num_constraints() as u64 - cpu8;
    let rows = |s: &KindStep| s.eval_native(&z).unwrap().counts.total() as u64;
    let pos = rows(&KindStep::Poseidon(PoseidonBatch::shape()));
    let kec = rows(&KindStep::Keccak(Box::new(KeccakStep::shape())));
    let ped = rows(&KindStep::Pedersen(PedersenBatch::shape()));
    let secp = rows(&KindStep::PedersenSecp256k1(
        umbra_prover::precompile::pedersen_secp256k1::Secp256k1Batch::shape(),
    ));
    let bip = rows(&KindStep::Bip340(
        umbra_prover::precompile::bip340::Bip340Batch::shape(),
    ));
    for (j, rows) in [(1, pos), (2, kec), (3, ped), (4, secp), (5, bip)] {
        let n = pp.primary(j).unwrap().shape().num_constraints() as u64;
        assert_eq!(n - rows, engine, "kind {j}");
    }
    assert_eq!(cost::ENGINE_ROWS, engine);
    let cpu = CpuStep::shape(256).eval_native(&z).unwrap().counts.total() as u64;
    assert_eq!(cost::CPU_FOLD_ROWS, engine + cpu);
    assert_eq!(cost::CPU_FOLD_K, 256);
    assert_eq!(cost::HASH_BLOCK_ROWS, engine + kec);
    assert_eq!(cost::POSEIDON_FOLD_ROWS, engine + pos);
    assert_eq!(cost::PEDERSEN_FOLD_ROWS, engine + ped);
    assert_eq!(cost::PEDERSEN_SECP256K1_FOLD_ROWS, engine + secp);
    let cycles = |r: u64| (r * 256).div_ceil(engine + cpu);
    assert_eq!(cost::HASH_PER_BLOCK, cycles(engine + kec));
    assert_eq!(
        cost::poseidon(3),
        ((engine + pos) * 256).div_ceil((engine + cpu) * cost::POSEIDON_BATCH)
    );
    let grumpkin = umbra_abi::PedersenGroup::Grumpkin;
    let secp256k1 = umbra_abi::PedersenGroup::Secp256k1;
    assert_eq!(
        cost::pedersen(grumpkin),
        ((engine + ped) * 256).div_ceil((engine + cpu) * cost::PEDERSEN_BATCH)
    );
    assert_eq!(cost::pedersen(secp256k1), cycles(engine + secp));
    assert_eq!(cost::BIP340_FOLD_ROWS, engine + bip);
    let sha = rows(&KindStep::Sha256(
        umbra_prover::precompile::sha256_block::Sha256Batch::shape(),
    ));
    assert_eq!(cost::SHA256_FOLD_ROWS, engine + sha);
    assert_eq!(
        pp.primary(6).unwrap().shape().num_constraints() as u64 - sha,
        engine
    );
    let feldman = rows(&KindStep::Feldman(
        umbra_prover::precompile::feldman::FeldmanBatch::shape(),
    ));
    assert_eq!(cost::FELDMAN_FOLD_ROWS, engine + feldman);
    assert_eq!(
        pp.primary(7).unwrap().shape().num_constraints() as u64 - feldman,
        engine
    );
    for c in [1u32, 2, 5, 8] {
        assert_eq!(cost::tecdsa_feldman(c), cycles(engine + feldman));
    }
    assert_eq!(cost::tecdsa_feldman(9), 2 * cycles(engine + feldman));
    let sigshare = rows(&KindStep::SigShare(
        umbra_prover::precompile::sigshare::SigShareBatch::shape(),
    ));
    assert_eq!(cost::SIGSHARE_FOLD_ROWS, engine + sigshare);
    assert_eq!(
        pp.primary(8).unwrap().shape().num_constraints() as u64 - sigshare,
        engine
    );
    for n in [1u32, 3, 33] {
        assert_eq!(
            cost::tecdsa_sigshare(n),
            u64::from(n) * cycles(engine + sigshare)
        );
    }
    let ed = rows(&KindStep::Ed25519(
        umbra_prover::precompile::ed25519::Ed25519Batch::shape(),
    ));
    assert_eq!(cost::ED25519_FOLD_ROWS, engine + ed);
    assert_eq!(
        pp.primary(9).unwrap().shape().num_constraints() as u64 - ed,
        engine
    );
    for len in [0u32, 47, 48, 175] {
        assert_eq!(cost::ed25519(len), cycles(engine + ed));
    }
    let sha512 = cycles(cost::SHA512_BLOCK_ROWS);
    assert_eq!(cost::ed25519(176), cycles(engine + ed) + sha512);
    assert_eq!(cost::ed25519(303), cycles(engine + ed) + sha512);
    assert_eq!(cost::ed25519(304), cycles(engine + ed) + 2 * sha512);
    let block = ((engine + sha) * 256).div_ceil((engine + cpu) * cost::SHA256_BATCH);
    for len in [0u32, 32, 63, 64, 200] {
        assert_eq!(
            cost::bip340(len),
            cycles(engine + bip) + u64::from(len / 64) * block
        );
    }
    println!(
        "engine {engine}, CPU fold {}, hash block {}, poseidon {}, pedersen {} / {}",
        engine + cpu,
        cost::HASH_PER_BLOCK,
        cost::poseidon(3),
        cost::pedersen(grumpkin),
        cost::pedersen(secp256k1)
    );
    assert_eq!(
        (
            cost::HASH_PER_BLOCK,
            cost::poseidon(3),
            cost::pedersen(grumpkin),
            cost::pedersen(secp256k1)
        ),
        (390, 17, 42, 261)
    );
}

#[test]
fn pedersen_secp256k1_call_proved_and_verified() {
    // A commitment over secp256k1 (emulated arithmetic, one fold of its own kind), its 33
    // bytes committed: the kind set holds the secp256k1 kind (selected by a0, the group),
    // and the verified journal is the host's commitment.
    use umbra_abi::PedersenGroup;
    use umbra_abi::syscall::PEDERSEN_COMMIT;
    use umbra_prover::params::KIND_PEDERSEN_SECP256K1;
    use umbra_prover::{KindSet, ProveOptions, kinds_used};
    let mut data = vec![0u8; 0x100];
    for (i, b) in data[..64].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37) & 0x7f; // each scalar's top byte below n's
    }
    let mut code = vec![
        lui(31, DATA),
        addi(10, 0, PedersenGroup::Secp256k1.id() as i32),
        add(11, 31, 0),
        addi(12, 31, 0x80),
        addi(13, 0, 33),
        addi(5, 0, PEDERSEN_COMMIT as i32),
        ECALL,
        // commit(DATA + 0x80, 33)
        addi(10, 31, 0x80),
        addi(11, 0, 33),
        addi(5, 0, 4),
        ECALL,
    ];
    code.extend_from_slice(&HALT);
    let program = program(&code, &data);
    let set = kinds_used(&program, &[], &ProveOptions::default()).unwrap();
    assert_eq!(set, KindSet::BASE.with(KIND_PEDERSEN_SECP256K1));
    let input: [u8; 64] = data[..64].try_into().unwrap();
    let expected = umbra_precompiles::pedersen::commit(PedersenGroup::Secp256k1, &input).unwrap();
    let proof = prove_with(&program, &Forge::default()).unwrap();
    let v = verify(params(), &program, &proof).unwrap();
    assert_eq!(v.journal, expected);
    assert_eq!(v.exit_code, 0);
}

#[test]
fn bip340_calls_proved_and_verified_with_the_hosts_verdicts() {
    // Two BIP-340 verifications, one fold each of the bip340 kind (emulated secp256k1): a
    // valid signature on a 32-byte message (vector 1) and vector 18's on a 100-byte
    // misaligned message with a flipped bit of s, whose first 64 bytes are a block of the
    // SHA-256 chain kind. Each call's verdict and reason are stored and committed; the
    // verified journal is the host's answers.
    use umbra_abi::syscall::BIP340_VERIFY;
    use umbra_prover::params::{KIND_BIP340, KIND_SHA256};
    use umbra_prover::{KindSet, ProveOptions, kinds_used};
    let kat = umbra_test_vectors::load("bip340").unwrap();
    let vector = |i: usize| {
        let v = kat.records_of("bip340").nth(i).unwrap();
        let pk: [u8; 32] = v.hex_array("public_key").unwrap();
        let sig: [u8; 64] = v.hex_array("signature").unwrap();
        (pk, sig, v.hex("message").unwrap())
    };
    let mut data = vec![0u8; 0x200];
    let calls = [(vector(1), 0, 0x60), (vector(18), 0x80, 0x101)];
    for ((pk, sig, msg), block, at) in &calls {
        data[*block..block + 32].copy_from_slice(pk);
        data[block + 32..block + 96].copy_from_slice(sig);
        data[*at..at + msg.len()].copy_from_slice(msg);
    }
    data[0x80 + 95] ^= 1;
    let sw = |off: i32, rs2: u32| s(off, rs2, 31, 2, 0x23);
    let mut code = vec![lui(31, DATA)];
    for (((_, _, msg), block, at), out) in calls.iter().zip([0x1c0, 0x1c8]) {
        code.extend([
            addi(10, 31, *block as i32),
            addi(11, 31, *at as i32),
            addi(12, 0, msg.len() as i32),
            addi(13, 0, 0),
            addi(5, 0, BIP340_VERIFY as i32),
            ECALL,
            sw(out, 10),
            sw(out + 4, 11),
        ]);
    }
    // commit(DATA + 0x1c0, 16)
    code.extend([addi(10, 31, 0x1c0), addi(11, 0, 16), addi(5, 0, 4), ECALL]);
    code.extend_from_slice(&HALT);
    let program = program(&code, &data);
    let set = kinds_used(&program, &[], &ProveOptions::default()).unwrap();
    assert_eq!(set, KindSet::BASE.with(KIND_BIP340).with(KIND_SHA256));
    let t = std::time::Instant::now();
    let pp = bip340_params();
    let setup = t.elapsed();
    let t = std::time::Instant::now();
    let proof = prove_forged(
        pp,
        &program,
        &[],
        &Forge::default(),
        &mut StdRng::seed_from_u64(5),
    )
    .unwrap();
    let proving = t.elapsed();
    let t = std::time::Instant::now();
    let verified = verify(pp, &program, &proof).unwrap();
    // Informational (docs/benchmarks.md), not asserted.
    println!(
        "bip340 guest, k = 8: setup {setup:?}, prove {proving:?}, verify {:?}",
        t.elapsed()
    );
    let mut expected = vec![1, 0, 0, 0, 0, 0, 0, 0]; // valid, Reason::Ok
    expected.extend([0, 0, 0, 0, 1, 0, 0, 0]); // invalid, Reason::Equation
    assert_eq!(verified.journal, expected);
    let ((pk, sig, msg), _, _) = &calls[1];
    assert!(umbra_schnorr::bip340::verify(pk, msg, sig).is_ok());
}

#[test]
fn kinds_of_calls_select_the_kinds_a_call_needs() {
    use umbra_abi::PedersenGroup;
    use umbra_abi::syscall::{
        BIP340_VERIFY, ED25519_VERIFY, KECCAK_256, PEDERSEN_COMMIT, POSEIDON_PERMUTE,
    };
    use umbra_prover::KindSet;
    use umbra_prover::params::{
        KIND_BIP340, KIND_ED25519, KIND_KECCAK, KIND_PEDERSEN, KIND_PEDERSEN_SECP256K1,
        KIND_POSEIDON, KIND_SHA256, kinds_of_call,
    };
    let with_a0 = |a0: u32| [a0, 0, 0, 0];
    assert_eq!(kinds_of_call(POSEIDON_PERMUTE, [0; 4]), vec![KIND_POSEIDON]);
    assert_eq!(kinds_of_call(KECCAK_256, [0; 4]), vec![KIND_KECCAK]);
    assert_eq!(
        kinds_of_call(PEDERSEN_COMMIT, with_a0(PedersenGroup::Grumpkin.id())),
        vec![KIND_PEDERSEN]
    );
    assert_eq!(
        kinds_of_call(PEDERSEN_COMMIT, with_a0(PedersenGroup::Secp256k1.id())),
        vec![KIND_PEDERSEN_SECP256K1]
    );
    // No kind yet, or no such variant: nothing (proving such a call is refused by name).
    for g in [
        PedersenGroup::Ristretto255.id(),
        PedersenGroup::Jubjub.id(),
        99,
    ] {
        assert!(
            kinds_of_call(PEDERSEN_COMMIT, with_a0(g)).is_empty(),
            "group {g}"
        );
    }
    assert_eq!(
        kinds_of_call(umbra_abi::syscall::TECDSA_FELDMAN_VERIFY, [0, 9, 0, 0]),
        vec![umbra_prover::params::KIND_FELDMAN]
    );
    assert_eq!(kinds_of_call(ED25519_VERIFY, [0; 4]), vec![KIND_ED25519]);
    assert!(kinds_of_call(umbra_abi::syscall::VERKLE_VERIFY, [0; 4]).is_empty());
    assert!(kinds_of_call(0x7ff, [0; 4]).is_empty());
    // A BIP-340 message of a full block or more also needs the SHA-256 chain.
    assert_eq!(
        kinds_of_call(BIP340_VERIFY, [0, 0, 63, 0]),
        vec![KIND_BIP340]
    );
    assert_eq!(
        kinds_of_call(BIP340_VERIFY, [0, 0, 64, 0]),
        vec![KIND_BIP340, KIND_SHA256]
    );
    assert_eq!(
        KindSet::for_calls([(BIP340_VERIFY, [0, 0, 100, 0]), (ED25519_VERIFY, [0; 4])]),
        KindSet::BASE
            .with(KIND_BIP340)
            .with(KIND_SHA256)
            .with(KIND_ED25519)
    );
}

/// Parameters with the CPU (`k = 8`), the bip340 kind and its SHA-256 chain, built once.
fn bip340_params() -> &'static umbra_prover::ProverParams {
    use umbra_prover::KindSet;
    use umbra_prover::params::{KIND_BIP340, KIND_SHA256};
    static P: OnceLock<umbra_prover::ProverParams> = OnceLock::new();
    P.get_or_init(|| {
        umbra_prover::ProverParams::setup_for(8, KindSet::BASE.with(KIND_BIP340).with(KIND_SHA256))
            .unwrap()
    })
}

/// A BIP-340 host that answers "valid" to everything.
#[derive(Debug)]
struct AlwaysValid;

impl Precompile for AlwaysValid {
    fn id(&self) -> u32 {
        umbra_abi::syscall::BIP340_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let len = ctx.arg(2);
        ctx.read(ctx.arg(0), 96)?;
        ctx.read(ctx.arg(1), len)?;
        Ok(Outcome {
            a0: umbra_abi::VERDICT_VALID,
            a1: umbra_abi::Reason::Ok.code(),
            cycles: umbra_precompiles::cost::bip340(len),
        })
    }
}

#[test]
fn forged_signature_verdict_is_rejected_end_to_end() {
    // A malicious prover whose host says "valid" for a signature that fails (vector 6, a
    // failed equation; and a key off the curve, vector 5): the execution, the CPU steps and
    // the journal all agree with the lie, every fold is honest about its own circuit, and
    // the proof is well-formed; the kind's verdict differs from the ecall's, so the bus
    // does not balance.
    use umbra_abi::syscall::BIP340_VERIFY;
    let kat = umbra_test_vectors::load("bip340").unwrap();
    for i in [6usize, 5] {
        let v = kat.records_of("bip340").nth(i).unwrap();
        assert!(!v.bool("valid").unwrap());
        let mut data = vec![0u8; 0x100];
        data[..32].copy_from_slice(&v.hex_array::<32>("public_key").unwrap());
        data[32..96].copy_from_slice(&v.hex_array::<64>("signature").unwrap());
        let msg = v.hex("message").unwrap();
        data[0x60..0x60 + msg.len()].copy_from_slice(&msg);
        let mut code = vec![
            lui(31, DATA),
            addi(10, 31, 0),
            addi(11, 31, 0x60),
            addi(12, 0, msg.len() as i32),
            addi(13, 0, 0),
            addi(5, 0, BIP340_VERIFY as i32),
            ECALL,
            s(0xc0, 10, 31, 2, 0x23),
            addi(10, 31, 0xc0),
            addi(11, 0, 1),
            addi(5, 0, 4),
            ECALL,
        ];
        code.extend_from_slice(&HALT);
        let program = program(&code, &data);
        let liar = || {
            let mut r = umbra_precompiles::registry();
            r.register(Box::new(AlwaysValid));
            r
        };
        let forge = Forge {
            registry: Some(liar),
            ..Forge::default()
        };
        let proof = prove_forged(
            bip340_params(),
            &program,
            &[],
            &forge,
            &mut StdRng::seed_from_u64(6),
        )
        .unwrap();
        assert_eq!(
            proof.claim.journal,
            vec![1],
            "vector {i}: the claim is the lie"
        );
        assert_eq!(
            verify(bip340_params(), &program, &proof),
            Err(VerifyError::Unbalanced),
            "vector {i}"
        );
    }
}

/// A Feldman host that answers "valid" to every share.
#[derive(Debug)]
struct FeldmanAlwaysValid;

impl Precompile for FeldmanAlwaysValid {
    fn id(&self) -> u32 {
        umbra_abi::syscall::TECDSA_FELDMAN_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let count = ctx.arg(1);
        ctx.read(ctx.arg(0), 33 * count)?;
        ctx.read(ctx.arg(2), 36)?;
        Ok(Outcome {
            a0: umbra_abi::VERDICT_VALID,
            a1: umbra_abi::Reason::Ok.code(),
            cycles: umbra_precompiles::cost::tecdsa_feldman(count),
        })
    }
}

/// Proves `program` with the parameters of its kind set `set` (`k = 8`) and checks the
/// verified journal is `expected`; then proves it again running the VM with `liar`'s
/// handlers: the proof is well-formed, its claim is `lie` (the execution, the CPU steps and
/// the journal agree with the lying host), and `verify` rejects it (`Unbalanced`: the
/// kinds' verdicts are not the `ecall`s'). The timings are printed for
/// `docs/benchmarks.md`, not asserted.
fn honest_then_lying_host(
    name: &str,
    program: &Program,
    set: umbra_prover::KindSet,
    expected: &[u8],
    (liar, lie): (fn() -> Registry, &[u8]),
    seed: u64,
) {
    let t = std::time::Instant::now();
    let pp = umbra_prover::ProverParams::setup_for(8, set).unwrap();
    let setup = t.elapsed();
    let t = std::time::Instant::now();
    let proof = prove_forged(
        &pp,
        program,
        &[],
        &Forge::default(),
        &mut StdRng::seed_from_u64(seed),
    )
    .unwrap();
    let proving = t.elapsed();
    let t = std::time::Instant::now();
    let verified = verify(&pp, program, &proof).unwrap();
    println!(
        "{name}, k = 8: setup {setup:?}, prove {proving:?}, verify {:?}",
        t.elapsed()
    );
    assert_eq!(verified.journal, expected);
    let forge = Forge {
        registry: Some(liar),
        ..Forge::default()
    };
    let proof = prove_forged(
        &pp,
        program,
        &[],
        &forge,
        &mut StdRng::seed_from_u64(seed + 1),
    )
    .unwrap();
    assert_eq!(proof.claim.journal, lie, "the claim is the lie");
    assert_eq!(verify(&pp, program, &proof), Err(VerifyError::Unbalanced));
}

#[test]
fn feldman_calls_proved_and_verified_and_a_forged_verdict_rejected() {
    // The largest GG20 session of the test vectors (five commitments): party 3's share and
    // party 5's with a flipped bit, one fold each of the Feldman kind (emulated secp256k1);
    // and a share of a degree-8 polynomial (nine commitments, misaligned: two segments
    // chained on the bus). The verified journal is the host's answers (valid; invalid with
    // `Share`; valid). Then a
    // malicious prover whose host says "valid" to the tampered share: the execution, the
    // CPU steps and the journal agree with the lie and the proof is well-formed, but the
    // kind's verdict differs from the ecall's, so the bus does not balance.
    use umbra_abi::syscall::TECDSA_FELDMAN_VERIFY;
    use umbra_prover::params::KIND_FELDMAN;
    use umbra_prover::{KindSet, ProveOptions, kinds_used};
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    let rec = kat
        .records_of("gg20-session")
        .max_by_key(|r| r.hex("commitments").unwrap().len())
        .unwrap();
    let cs = rec.hex("commitments").unwrap();
    let shares = rec.hex("shares").unwrap();
    assert_eq!(cs.len(), 5 * 33);
    let mut data = vec![0u8; 0x400];
    data[1..1 + cs.len()].copy_from_slice(&cs);
    // f(x) = Σ (7j + 1)·x^j, party 6.
    {
        use k256::elliptic_curve::sec1::ToSec1Point;
        use k256::{ProjectivePoint, Scalar};
        let coeffs: Vec<Scalar> = (0..9u64).map(|j| Scalar::from(7 * j + 1)).collect();
        for (j, a) in coeffs.iter().enumerate() {
            let c = (ProjectivePoint::GENERATOR * a)
                .to_affine()
                .to_sec1_point(true);
            data[0x203 + 33 * j..0x203 + 33 * (j + 1)].copy_from_slice(c.as_bytes());
        }
        let x = Scalar::from(6u64);
        let f = coeffs.iter().rev().fold(Scalar::ZERO, |acc, a| acc * x + a);
        data[0x330..0x334].copy_from_slice(&6u32.to_le_bytes());
        data[0x334..0x354].copy_from_slice(&f.to_bytes());
    }
    for (at, index) in [(0xc0usize, 3u32), (0xe6, 5)] {
        data[at..at + 4].copy_from_slice(&index.to_le_bytes());
        let k = 32 * (index as usize - 1);
        data[at + 4..at + 36].copy_from_slice(&shares[k..k + 32]);
    }
    data[0xe6 + 35] ^= 1;
    let sw = |off: i32, rs2: u32| s(off, rs2, 31, 2, 0x23);
    let mut code = vec![lui(31, DATA)];
    for (c, count, at, out) in [
        (1, 5, 0xc0, 0x1c0),
        (1, 5, 0xe6, 0x1c8),
        (0x203, 9, 0x330, 0x1d0),
    ] {
        code.extend([
            addi(10, 31, c),
            addi(11, 0, count),
            addi(12, 31, at),
            addi(13, 0, 0),
            addi(5, 0, TECDSA_FELDMAN_VERIFY as i32),
            ECALL,
            sw(out, 10),
            sw(out + 4, 11),
        ]);
    }
    // commit(DATA + 0x1c0, 24)
    code.extend([addi(10, 31, 0x1c0), addi(11, 0, 24), addi(5, 0, 4), ECALL]);
    code.extend_from_slice(&HALT);
    let program = program(&code, &data);
    let set = kinds_used(&program, &[], &ProveOptions::default()).unwrap();
    assert_eq!(set, KindSet::BASE.with(KIND_FELDMAN));
    let mut expected = vec![1, 0, 0, 0, 0, 0, 0, 0]; // valid, Reason::Ok
    expected.extend([0, 0, 0, 0, 3, 0, 0, 0]); // invalid, Reason::Share
    expected.extend([1, 0, 0, 0, 0, 0, 0, 0]); // nine commitments: valid
    let liar = || {
        let mut r = umbra_precompiles::registry();
        r.register(Box::new(FeldmanAlwaysValid));
        r
    };
    let lie = [[1, 0, 0, 0, 0, 0, 0, 0]; 3].concat();
    honest_then_lying_host("feldman guest", &program, set, &expected, (liar, &lie), 7);
}

#[test]
fn sigshare_calls_proved_and_verified_and_a_forged_verdict_rejected() {
    // Two GG20 signing sessions of the test vectors: the one-signer session (one fold of the
    // signature-share kind, valid) and a three-signer one with signer 1's share tampered
    // (three folds chained on the bus, misaligned; invalid with `Share`, bitmap 0b010). The
    // verified journal is the host's verdicts and bitmaps. Then a malicious prover whose
    // host flips both verdicts (the bitmaps honest): the proof is well-formed and the claim
    // is the lie, but the kind's verdicts differ from the ecalls', so the bus does not
    // balance (a host writing another bitmap is rejected by the kind's own fold:
    // `precompile_sigshare::a_lying_host_is_unbalanced`).
    use umbra_abi::syscall::TECDSA_SIGSHARE_VERIFY;
    use umbra_prover::params::KIND_SIGSHARE;
    use umbra_prover::{KindSet, ProveOptions, kinds_used};
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    let session = |signers: &str| {
        let r = kat
            .records_of("gg20-session")
            .find(|r| r.get("signers").unwrap() == signers)
            .unwrap();
        let mut header = r.hex("group_key").unwrap();
        header.extend(r.hex("nonce_point").unwrap());
        header.extend(r.hex("prehash").unwrap());
        let (nr, ks, ss) = (
            r.hex("nonce_shares").unwrap(),
            r.hex("key_shares").unwrap(),
            r.hex("sig_shares").unwrap(),
        );
        let mut entries = Vec::new();
        for (j, i) in signers.split(',').enumerate() {
            entries.extend(i.trim().parse::<u32>().unwrap().to_le_bytes());
            entries.extend_from_slice(&nr[33 * j..33 * j + 33]);
            entries.extend_from_slice(&ks[33 * j..33 * j + 33]);
            entries.extend_from_slice(&ss[32 * j..32 * j + 32]);
        }
        (header, entries)
    };
    let (h1, e1) = session("1");
    let (h2, mut e2) = session("1,3,2");
    e2[102 + 101] ^= 1;
    let mut data = vec![0u8; 0x400];
    data[0x001..0x001 + 98].copy_from_slice(&h1);
    data[0x070..0x070 + 102].copy_from_slice(&e1);
    data[0x0e1..0x0e1 + 98].copy_from_slice(&h2);
    data[0x152..0x152 + 306].copy_from_slice(&e2);
    let sw = |off: i32, rs2: u32| s(off, rs2, 31, 2, 0x23);
    let mut code = vec![lui(31, DATA)];
    for (h, e, n, bitmap, out) in [
        (0x001, 0x070, 1, 0x310, 0x300),
        (0x0e1, 0x152, 3, 0x314, 0x308),
    ] {
        code.extend([
            addi(10, 31, h),
            addi(11, 31, e),
            addi(12, 0, n),
            addi(13, 31, bitmap),
            addi(5, 0, TECDSA_SIGSHARE_VERIFY as i32),
            ECALL,
            sw(out, 10),
            sw(out + 4, 11),
        ]);
    }
    // commit(DATA + 0x300, 24): both verdicts, both bitmap words.
    code.extend([addi(10, 31, 0x300), addi(11, 0, 24), addi(5, 0, 4), ECALL]);
    code.extend_from_slice(&HALT);
    let program = program(&code, &data);
    let set = kinds_used(&program, &[], &ProveOptions::default()).unwrap();
    assert_eq!(set, KindSet::BASE.with(KIND_SIGSHARE));
    let mut expected = vec![1, 0, 0, 0, 0, 0, 0, 0]; // valid, Reason::Ok
    expected.extend([0, 0, 0, 0, 3, 0, 0, 0]); // invalid, Reason::Share
    expected.extend([0, 0, 0, 0, 0b010, 0, 0, 0]); // bitmaps: nobody; signer at position 1
    let liar = || {
        let mut r = umbra_precompiles::registry();
        r.register(Box::new(harness::calls::FlipVerdict {
            inner: umbra_precompiles::tecdsa::SigShareVerify,
            fail: umbra_abi::Reason::Share,
        }));
        r
    };
    let mut lie = vec![0, 0, 0, 0, 3, 0, 0, 0];
    lie.extend([1, 0, 0, 0, 0, 0, 0, 0]);
    lie.extend([0, 0, 0, 0, 0b010, 0, 0, 0]);
    honest_then_lying_host(
        "sigshare guest (4 entries)",
        &program,
        set,
        &expected,
        (liar, &lie),
        9,
    );
}

#[test]
fn ed25519_calls_proved_and_verified_and_a_forged_verdict_rejected() {
    // RFC 8032's TEST 2 under the strict rule (valid), and a ZIP-215 call on a 100-byte
    // misaligned message (two SHA-512 blocks) whose S has a flipped bit (`Equation`): one
    // fold of the ed25519 kind each; the verified journal is the host's verdicts. Then a
    // malicious prover whose host flips both verdicts: the claim is the lie and the bus
    // does not balance.
    use umbra_abi::syscall::ED25519_VERIFY;
    use umbra_abi::{Ed25519Rule, Reason};
    use umbra_prover::params::KIND_ED25519;
    use umbra_prover::{KindSet, ProveOptions, kinds_used};
    let kat = umbra_test_vectors::load("rfc8032").unwrap();
    let test2 = kat
        .records_of("ed25519")
        .find(|r| r.get("name").unwrap() == "TEST 2")
        .unwrap();
    let mut data = vec![0u8; 0x400];
    data[0x001..0x021].copy_from_slice(&test2.hex("public").unwrap());
    data[0x021..0x061].copy_from_slice(&test2.hex("signature").unwrap());
    data[0x070] = test2.hex("message").unwrap()[0];
    let sk = umbra_eddsa::SigningKey::from_bytes(&[7; 32]);
    let msg: Vec<u8> = (0..100u8).map(|i| i.wrapping_mul(13)).collect();
    data[0x102..0x122].copy_from_slice(&sk.verifying_key().to_bytes());
    data[0x122..0x162].copy_from_slice(&sk.sign(&msg).to_bytes());
    data[0x142] ^= 0x10; // a low bit of S (still below ℓ)
    data[0x183..0x183 + 100].copy_from_slice(&msg);
    let sw = |off: i32, rs2: u32| s(off, rs2, 31, 2, 0x23);
    let mut code = vec![lui(31, DATA)];
    for (block, m, len, rule, out) in [
        (0x001, 0x070, 1, Ed25519Rule::Strict, 0x300),
        (0x102, 0x183, 100, Ed25519Rule::Zip215, 0x308),
    ] {
        code.extend([
            addi(10, 31, block),
            addi(11, 31, m),
            addi(12, 0, len),
            addi(13, 0, rule.id() as i32),
            addi(5, 0, ED25519_VERIFY as i32),
            ECALL,
            sw(out, 10),
            sw(out + 4, 11),
        ]);
    }
    code.extend([addi(10, 31, 0x300), addi(11, 0, 16), addi(5, 0, 4), ECALL]);
    code.extend_from_slice(&HALT);
    let program = program(&code, &data);
    let set = kinds_used(&program, &[], &ProveOptions::default()).unwrap();
    assert_eq!(set, KindSet::BASE.with(KIND_ED25519));
    let mut expected = vec![1, 0, 0, 0, 0, 0, 0, 0];
    expected.extend([0, 0, 0, 0, Reason::Equation.code() as u8, 0, 0, 0]);
    let liar = || {
        let mut r = umbra_precompiles::registry();
        r.register(Box::new(harness::calls::FlipVerdict {
            inner: umbra_precompiles::ed25519::Ed25519Verify,
            fail: Reason::Equation,
        }));
        r
    };
    let mut lie = vec![0, 0, 0, 0, Reason::Equation.code() as u8, 0, 0, 0];
    lie.extend([1, 0, 0, 0, 0, 0, 0, 0]);
    honest_then_lying_host(
        "ed25519 guest (2 calls)",
        &program,
        set,
        &expected,
        (liar, &lie),
        11,
    );
}
