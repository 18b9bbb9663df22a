//! `umbra_prover::{prove, verify}` end to end: honest executions proved and verified, the
//! claim read back, and the proof file format.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use harness::enc::*;
use harness::io::*;
use std::sync::OnceLock;
use std::time::Instant;
use umbra_prover::advice::{AdviceError, BusAdvice};
use umbra_prover::proof::{PROOF_MAGIC, PROOF_VERSION};
use umbra_prover::{Proof, ProofFormatError, ProveOptions, ProverParams, prove, verify};
use umbra_vm::{Program, Vm, VmConfig};

const K: usize = 8;

/// Every kind but `bip340_verify`'s, its SHA-256 chain's, `tecdsa_feldman_verify`'s,
/// `tecdsa_sigshare_verify`'s and `ed25519_verify`'s, whose 251k-, 111k-, 157k-, 267k- and
/// 391k-row folds would make every test proof carry (and every verification check) their
/// running instances; their own tests build parameters with them.
pub fn test_kinds() -> umbra_prover::KindSet {
    use umbra_prover::params::{
        KIND_BIP340, KIND_ED25519, KIND_FELDMAN, KIND_SHA256, KIND_SIGSHARE,
    };
    umbra_prover::KindSet::from_bits(
        umbra_prover::KindSet::ALL.bits()
            & !(1 << KIND_BIP340)
            & !(1 << KIND_SHA256)
            & !(1 << KIND_FELDMAN)
            & !(1 << KIND_SIGSHARE)
            & !(1 << KIND_ED25519),
    )
    .unwrap()
}

/// Parameters for `k = 8` with [`test_kinds`], built once for every test file of the
/// binary that proves.
pub fn params() -> &'static ProverParams {
    static P: OnceLock<ProverParams> = OnceLock::new();
    P.get_or_init(|| {
        let t = Instant::now();
        let p = ProverParams::setup_for(K, test_kinds()).unwrap();
        println!("setup k = {K}: {:?}", t.elapsed());
        p
    })
}

fn io_program() -> Program {
    let mut words = program_io();
    words.extend_from_slice(&HALT);
    program(&words, &data())
}

/// The honest proof of `io_program()` on `INPUT`.
fn io_proof() -> &'static Proof {
    static P: OnceLock<Proof> = OnceLock::new();
    P.get_or_init(|| prove_ok(params(), &io_program(), INPUT))
}

fn prove_ok(pp: &ProverParams, program: &Program, input: &[u8]) -> Proof {
    let t = Instant::now();
    let mut folds = 0;
    let proof = prove(
        pp,
        program,
        input,
        &ProveOptions::default(),
        &mut |_| folds += 1,
        &mut StdRng::seed_from_u64(1),
    )
    .unwrap();
    println!("prove: {:?}, {} steps", t.elapsed(), proof.ivc.steps);
    proof
}

#[test]
fn every_builtin_syscall_proved_and_verified() {
    let program = io_program();
    let mut vm = Vm::new(&program, VmConfig::default())
        .unwrap()
        .with_input(INPUT.to_vec());
    let exit = vm.run().unwrap();
    let pp = params();
    let proof = io_proof();
    let bytes = proof.to_bytes();
    println!("proof: {} bytes", bytes.len());
    let back = Proof::from_bytes(&bytes).unwrap();
    assert_eq!(&back, proof);
    let t = Instant::now();
    let v = verify(pp, &program, &back).unwrap();
    println!("verify: {:?}", t.elapsed());
    assert_eq!(v.exit_code, exit.code);
    assert_eq!(v.journal, vm.journal());
    assert_eq!(v.cycles, exit.cycles);
}

/// Offsets of the header fields (see `umbra_prover::proof`).
const VERSION_AT: usize = 8;
const K_AT: usize = 10;
const KINDS_AT: usize = 14;
const ID_AT: usize = 18;
const EXIT_AT: usize = 50;
const HALT_AT: usize = 54;
const JLEN_AT: usize = 62;

fn sections(bytes: &[u8]) -> (usize, usize, usize) {
    let jlen = u32::from_le_bytes(bytes[JLEN_AT..JLEN_AT + 4].try_into().unwrap()) as usize;
    let advice_len_at = JLEN_AT + 4 + jlen;
    let alen =
        u64::from_le_bytes(bytes[advice_len_at..advice_len_at + 8].try_into().unwrap()) as usize;
    let ivc_len_at = advice_len_at + 8 + alen;
    (advice_len_at, alen, ivc_len_at)
}

#[test]
fn proof_file_truncated_padded_or_with_a_bad_header_is_a_typed_error() {
    let bytes = io_proof().to_bytes();
    assert_eq!(bytes[..8], PROOF_MAGIC);
    let (advice_len_at, _, ivc_len_at) = sections(&bytes);
    // Every cut inside the header and the first section lengths, and a spread over the rest.
    let cuts = (0..ivc_len_at + 16).chain((ivc_len_at..bytes.len()).step_by(bytes.len() / 40));
    for n in cuts {
        let e = Proof::from_bytes(&bytes[..n]).unwrap_err();
        assert!(
            matches!(
                e,
                ProofFormatError::BadMagic
                    | ProofFormatError::Truncated
                    | ProofFormatError::Advice(AdviceError::Truncated)
                    | ProofFormatError::Ivc(_)
            ),
            "cut at {n}: {e:?}"
        );
    }
    let padded = [&bytes[..], &[0]].concat();
    assert_eq!(
        Proof::from_bytes(&padded),
        Err(ProofFormatError::TrailingBytes)
    );

    let with = |at: usize, b: &[u8]| {
        let mut x = bytes.clone();
        x[at..at + b.len()].copy_from_slice(b);
        Proof::from_bytes(&x)
    };
    assert_eq!(with(0, b"UMBRAPRG"), Err(ProofFormatError::BadMagic));
    assert_eq!(
        with(VERSION_AT, &(PROOF_VERSION + 1).to_le_bytes()),
        Err(ProofFormatError::UnsupportedVersion(PROOF_VERSION + 1))
    );
    assert_eq!(
        with(JLEN_AT, &u32::MAX.to_le_bytes()),
        Err(ProofFormatError::JournalTooLong(u64::from(u32::MAX)))
    );
    // A section length past the end, or one byte short (the section has a byte left over
    // or the next one starts inside it).
    assert_eq!(
        with(advice_len_at, &u64::MAX.to_le_bytes()),
        Err(ProofFormatError::Truncated)
    );
    let alen = u64::from_le_bytes(bytes[advice_len_at..advice_len_at + 8].try_into().unwrap());
    assert!(with(advice_len_at, &(alen + 1).to_le_bytes()).is_err());
    assert!(with(advice_len_at, &(alen - 1).to_le_bytes()).is_err());
}

#[test]
fn bus_advice_encoding_is_canonical() {
    let advice = &io_proof().advice;
    let mut enc = Vec::new();
    advice.encode(&mut enc);
    assert_eq!(BusAdvice::decode(&mut &enc[..]).unwrap(), *advice);
    // The ROM is the first table: u32 count, then (u32 pc, u64 multiplicity) entries.
    let n = u32::from_le_bytes(enc[..4].try_into().unwrap()) as usize;
    assert!(n >= 2);
    let entry = |i: usize| 4 + 12 * i;
    let mut zero = enc.clone();
    zero[entry(0) + 4..entry(0) + 12].fill(0);
    assert_eq!(
        BusAdvice::decode(&mut &zero[..]),
        Err(AdviceError::ZeroMultiplicity)
    );
    let mut swapped = enc.clone();
    swapped[entry(0)..entry(2)].rotate_left(12);
    assert_eq!(
        BusAdvice::decode(&mut &swapped[..]),
        Err(AdviceError::NotSorted)
    );
    let mut dup = enc.clone();
    dup.copy_within(entry(0)..entry(1), entry(1));
    assert_eq!(
        BusAdvice::decode(&mut &dup[..]),
        Err(AdviceError::NotSorted)
    );
    let mut huge = enc.clone();
    huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        BusAdvice::decode(&mut &huge[..]),
        Err(AdviceError::Truncated)
    );
    // A non-canonical field element: the first cell's value set to all ones (≥ the modulus).
    let mut at = 0;
    // Entry sizes of rom, cont, perm.
    for entry_len in [12, 16, 12] {
        let n = u32::from_le_bytes(enc[at..at + 4].try_into().unwrap()) as usize;
        at += 4 + n * entry_len;
    }
    let cells = u32::from_le_bytes(enc[at..at + 4].try_into().unwrap());
    assert!(cells > 0);
    let value_at = at + 4 + 1 + 32;
    let mut bad = enc.clone();
    bad[value_at..value_at + 32].fill(0xff);
    assert_eq!(BusAdvice::decode(&mut &bad[..]), Err(AdviceError::BadField));
}

#[test]
fn a_flipped_bit_in_any_field_is_refused() {
    let program = io_program();
    let bytes = io_proof().to_bytes();
    let (advice_len_at, alen, ivc_len_at) = sections(&bytes);
    let ivc_at = ivc_len_at + 8;
    let positions = [
        K_AT,
        KINDS_AT,
        KINDS_AT + 1,
        ID_AT + 5,
        EXIT_AT,
        HALT_AT,
        JLEN_AT + 4,                  // first journal byte
        advice_len_at + 8 + 4,        // first range16 key
        advice_len_at + 8 + alen - 1, // last tape byte
        ivc_at + 1,                   // steps
        ivc_at + 40,                  // z0
        ivc_at + (bytes.len() - ivc_at) / 2,
        bytes.len() - 1,
    ];
    for at in positions {
        let mut x = bytes.clone();
        x[at] ^= 1;
        if let Ok(p) = Proof::from_bytes(&x) {
            assert!(
                verify(params(), &program, &p).is_err(),
                "flip at {at} verified"
            );
        }
    }
}
