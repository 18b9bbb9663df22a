//! The curve precompiles driven through a real `ecall`: valid inputs verify, every tampered
//! field gives an `INVALID` verdict with the documented reason, commitments equal the
//! primitive crates', and malformed calls stop the guest with a typed error.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use k256::elliptic_curve::PrimeField;
use k256::{FieldBytes, ProjectivePoint, Scalar, elliptic_curve::sec1::ToSec1Point};
use umbra_abi::{Ed25519Rule, PedersenGroup as G, Reason, VERDICT_INVALID, VERDICT_VALID, syscall};
use umbra_pedersen::{Commitment, Generators, Opening, PedersenGroup};
use umbra_vm::{Exit, Program, SyscallError, Vm, VmConfig, VmError};

const CODE: u32 = 0x2_0000;
const DATA: u32 = 0x3_0000;
const D2: u32 = 0x4_0000;
const OUT: u32 = 0x5_0000;

/// Run one `ecall` with `t0 = id`, `a0..a3 = args`, `data` at DATA and `data2` at D2.
fn call(id: u32, args: [u32; 4], data: &[u8], data2: &[u8]) -> (Result<Exit, VmError>, Vm) {
    let p = Program::from_words(CODE, &[0x73, 0x0000_0293, 0x73]).unwrap();
    let mut vm = Vm::new(&p, VmConfig::default())
        .unwrap()
        .with_registry(umbra_precompiles::registry());
    vm.memory_mut().write_bytes(DATA, data).unwrap();
    vm.memory_mut().write_bytes(D2, data2).unwrap();
    vm.memory_mut().write_bytes(OUT, &[0xee; 64]).unwrap();
    vm.set_reg(5, id);
    for (k, a) in args.iter().enumerate() {
        vm.set_reg(10 + k, *a);
    }
    (vm.run(), vm)
}

/// `(verdict, reason)` of a verification call.
fn verdict(id: u32, args: [u32; 4], data: &[u8], data2: &[u8]) -> (bool, Reason) {
    let (r, vm) = call(id, args, data, data2);
    r.unwrap();
    let (a0, a1) = (vm.regs()[10], vm.regs()[11]);
    assert!(a0 == VERDICT_VALID || a0 == VERDICT_INVALID);
    (a0 == VERDICT_VALID, Reason::from_code(a1).unwrap())
}

fn err(id: u32, args: [u32; 4], data: &[u8], data2: &[u8]) -> SyscallError {
    match call(id, args, data, data2).0 {
        Err(VmError::Syscall { id: got, error, .. }) => {
            assert_eq!(got, id);
            error
        }
        other => panic!("{other:?}"),
    }
}

fn sig_args(id: u32, key: &[u8; 32], sig: &[u8; 64], msg: &[u8], variant: u32) -> (bool, Reason) {
    let mut block = key.to_vec();
    block.extend_from_slice(sig);
    verdict(id, [DATA, D2, msg.len() as u32, variant], &block, msg)
}

// ---------------------------------------------------------------- BIP-340

#[test]
fn bip340_valid_and_tampered() {
    let sk = umbra_schnorr::bip340::SigningKey::from_bytes(&[7; 32]).unwrap();
    let pk = sk.verifying_key().to_bytes();
    let msg = b"umbra bip340 precompile";
    let sig = sk.sign_deterministic(msg).unwrap().to_bytes();
    let v = |pk: &[u8; 32], sig: &[u8; 64], msg: &[u8]| {
        sig_args(syscall::BIP340_VERIFY, pk, sig, msg, 0)
    };
    assert_eq!(v(&pk, &sig, msg), (true, Reason::Ok));
    // Cost charged: 1 ecall + precompile + 2 more instructions.
    let mut block = pk.to_vec();
    block.extend_from_slice(&sig);
    let exit = call(
        syscall::BIP340_VERIFY,
        [DATA, D2, msg.len() as u32, 0],
        &block,
        msg,
    )
    .0
    .unwrap();
    assert_eq!(
        exit.cycles,
        3 + umbra_precompiles::cost::bip340(msg.len() as u32)
    );
    // Every bit flip of key, signature or message is rejected.
    for i in 0..32 {
        let mut t = pk;
        t[i] ^= 1;
        assert!(!v(&t, &sig, msg).0);
    }
    for i in 0..64 {
        let mut t = sig;
        t[i] ^= 0x10;
        assert!(!v(&pk, &t, msg).0);
    }
    for i in 0..msg.len() {
        let mut t = msg.to_vec();
        t[i] ^= 1;
        assert_eq!(v(&pk, &sig, &t), (false, Reason::Equation));
    }
    // Encodings: r >= p, s >= n, key >= p.
    let mut t = sig;
    t[..32].fill(0xff);
    assert_eq!(v(&pk, &t, msg), (false, Reason::Encoding));
    let mut t = sig;
    t[32..].fill(0xff);
    assert_eq!(v(&pk, &t, msg), (false, Reason::Encoding));
    assert_eq!(v(&[0xff; 32], &sig, msg), (false, Reason::Encoding));
    let mut t = sig;
    t[63] ^= 1;
    assert_eq!(v(&pk, &t, msg), (false, Reason::Equation));
    // Malformed calls.
    assert_eq!(
        err(syscall::BIP340_VERIFY, [DATA, D2, 4, 1], &block, msg),
        SyscallError::BadVariant { value: 1 }
    );
    assert_eq!(
        err(syscall::BIP340_VERIFY, [0x100, D2, 4, 0], &block, msg),
        SyscallError::BadPointer {
            addr: 0x100,
            len: 96
        }
    );
    assert_eq!(
        err(syscall::BIP340_VERIFY, [DATA, D2, u32::MAX, 0], &block, msg),
        SyscallError::BadLength { len: u32::MAX }
    );
}

#[test]
fn bip340_kat_through_the_precompile() {
    let kat = umbra_test_vectors::load("bip340").unwrap();
    let mut n = 0;
    for rec in kat.records() {
        let (Ok(pk), Ok(sig), Ok(msg)) = (
            rec.hex("public_key"),
            rec.hex("signature"),
            rec.hex("message"),
        ) else {
            continue;
        };
        let (Ok(pk), Ok(sig)) = (<[u8; 32]>::try_from(pk), <[u8; 64]>::try_from(sig)) else {
            continue;
        };
        let want = rec.bool("valid").unwrap();
        assert_eq!(sig_args(syscall::BIP340_VERIFY, &pk, &sig, &msg, 0).0, want);
        n += 1;
    }
    assert!(n >= 10, "only {n} BIP-340 records");
}

// ---------------------------------------------------------------- Ed25519

#[test]
fn ed25519_rules_valid_and_tampered() {
    let sk = umbra_eddsa::SigningKey::from_bytes(&[9; 32]);
    let pk = sk.verifying_key().to_bytes();
    let msg = b"umbra ed25519 precompile";
    let sig = sk.sign(msg).to_bytes();
    for rule in [
        Ed25519Rule::Rfc8032,
        Ed25519Rule::Strict,
        Ed25519Rule::Zip215,
    ] {
        let v = |pk: &[u8; 32], sig: &[u8; 64], msg: &[u8]| {
            sig_args(syscall::ED25519_VERIFY, pk, sig, msg, rule.id())
        };
        assert_eq!(v(&pk, &sig, msg), (true, Reason::Ok), "{rule:?}");
        for i in 0..32 {
            let mut t = pk;
            t[i] ^= 2;
            assert!(!v(&t, &sig, msg).0);
        }
        for i in 0..64 {
            let mut t = sig;
            t[i] ^= 2;
            assert!(!v(&pk, &t, msg).0);
        }
        let mut t = msg.to_vec();
        t[0] ^= 1;
        assert_eq!(v(&pk, &sig, &t), (false, Reason::Equation));
        // S >= l.
        let mut t = sig;
        t[63] = 0xff;
        assert_eq!(v(&pk, &t, msg), (false, Reason::Encoding));
    }
    // A small-order key: an encoding problem under the strict rule only.
    let mut ident = [0u8; 32];
    ident[0] = 1;
    assert_eq!(
        sig_args(
            syscall::ED25519_VERIFY,
            &ident,
            &sig,
            msg,
            Ed25519Rule::Strict.id()
        ),
        (false, Reason::Encoding)
    );
    assert_eq!(
        sig_args(
            syscall::ED25519_VERIFY,
            &ident,
            &sig,
            msg,
            Ed25519Rule::Rfc8032.id()
        ),
        (false, Reason::Equation)
    );
    let mut block = pk.to_vec();
    block.extend_from_slice(&sig);
    assert_eq!(
        err(syscall::ED25519_VERIFY, [DATA, D2, 4, 3], &block, msg),
        SyscallError::BadVariant { value: 3 }
    );
    assert_eq!(
        err(
            syscall::ED25519_VERIFY,
            [DATA, 0x1000_0000 - 2, 4, 0],
            &block,
            msg
        ),
        SyscallError::BadPointer {
            addr: 0x1000_0000 - 2,
            len: 4
        }
    );
}

// ---------------------------------------------------------------- threshold ECDSA

struct Session {
    commitments: Vec<u8>,
    shares: Vec<[u8; 32]>,
    signers: Vec<u32>,
    header: Vec<u8>,
    entries: Vec<Vec<u8>>,
}

fn sessions() -> Vec<Session> {
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    kat.records_of("gg20-session")
        .map(|r| {
            let signers: Vec<u32> = r
                .get("signers")
                .unwrap()
                .split(',')
                .map(|s| s.trim().parse().unwrap())
                .collect();
            let shares = r
                .hex("shares")
                .unwrap()
                .chunks(32)
                .map(|c| c.try_into().unwrap())
                .collect();
            let mut header = r.hex("group_key").unwrap();
            header.extend(r.hex("nonce_point").unwrap());
            header.extend(r.hex("prehash").unwrap());
            let (nr, ks, ss) = (
                r.hex("nonce_shares").unwrap(),
                r.hex("key_shares").unwrap(),
                r.hex("sig_shares").unwrap(),
            );
            let entries = signers
                .iter()
                .enumerate()
                .map(|(j, i)| {
                    let mut e = i.to_le_bytes().to_vec();
                    e.extend_from_slice(&nr[33 * j..33 * j + 33]);
                    e.extend_from_slice(&ks[33 * j..33 * j + 33]);
                    e.extend_from_slice(&ss[32 * j..32 * j + 32]);
                    e
                })
                .collect();
            Session {
                commitments: r.hex("commitments").unwrap(),
                shares,
                signers,
                header,
                entries,
            }
        })
        .collect()
}

fn feldman(commitments: &[u8], index: u32, share: &[u8; 32]) -> (bool, Reason) {
    let mut s = index.to_le_bytes().to_vec();
    s.extend_from_slice(share);
    verdict(
        syscall::TECDSA_FELDMAN_VERIFY,
        [DATA, (commitments.len() / 33) as u32, D2, 0],
        commitments,
        &s,
    )
}

#[test]
fn feldman_valid_and_tampered() {
    let ss = sessions();
    assert!(ss.len() >= 4);
    for s in &ss {
        for (k, share) in s.shares.iter().enumerate() {
            let i = k as u32 + 1;
            assert_eq!(feldman(&s.commitments, i, share), (true, Reason::Ok));
            let mut t = *share;
            t[31] ^= 1;
            assert_eq!(feldman(&s.commitments, i, &t), (false, Reason::Share));
            if s.shares.len() > 1 {
                assert_eq!(
                    feldman(&s.commitments, i % s.shares.len() as u32 + 1, share),
                    (false, Reason::Share)
                );
            }
            assert_eq!(feldman(&s.commitments, 0, share), (false, Reason::Share));
            assert_eq!(
                feldman(&s.commitments, 1 << 16, share),
                (false, Reason::Share)
            );
            assert_eq!(
                feldman(&s.commitments, i, &[0xff; 32]),
                (false, Reason::Encoding)
            );
            let mut c = s.commitments.clone();
            for tag in [0x00, 0x04, 0x05] {
                c[0] = tag;
                assert_eq!(feldman(&c, i, share), (false, Reason::Encoding));
            }
        }
    }
    let s = &ss[1];
    let c = &s.commitments;
    let mut sh = 1u32.to_le_bytes().to_vec();
    sh.extend_from_slice(&s.shares[0]);
    assert_eq!(
        err(syscall::TECDSA_FELDMAN_VERIFY, [DATA, 0, D2, 0], c, &sh),
        SyscallError::BadLength { len: 0 }
    );
    assert_eq!(
        err(syscall::TECDSA_FELDMAN_VERIFY, [DATA, 1025, D2, 0], c, &sh),
        SyscallError::BadLength { len: 1025 }
    );
    assert_eq!(
        err(syscall::TECDSA_FELDMAN_VERIFY, [DATA, 2, D2, 7], c, &sh),
        SyscallError::BadVariant { value: 7 }
    );
    assert_eq!(
        err(
            syscall::TECDSA_FELDMAN_VERIFY,
            [DATA, 2, 0x1000_0000 - 8, 0],
            c,
            &sh
        ),
        SyscallError::BadPointer {
            addr: 0x1000_0000 - 8,
            len: 36
        }
    );
}

/// Run the signature-share precompile; returns (valid, reason, blamed entry positions).
fn sigshare(header: &[u8], entries: &[Vec<u8>]) -> (bool, Reason, Vec<usize>) {
    let mut data = header.to_vec();
    data.resize(128, 0);
    for e in entries {
        data.extend_from_slice(e);
    }
    let n = entries.len() as u32;
    let (r, vm) = call(
        syscall::TECDSA_SIGSHARE_VERIFY,
        [DATA, DATA + 128, n, OUT],
        &data,
        &[],
    );
    r.unwrap();
    let mut bm = vec![0u8; n.div_ceil(8) as usize];
    vm.memory().read_bytes(OUT, &mut bm).unwrap();
    // Bytes past ceil(n/8) are untouched.
    let mut after = [0u8; 1];
    vm.memory()
        .read_bytes(OUT + bm.len() as u32, &mut after)
        .unwrap();
    assert_eq!(after[0], 0xee);
    let blamed = (0..n as usize)
        .filter(|j| bm[j / 8] >> (j % 8) & 1 == 1)
        .collect();
    let (a0, a1) = (vm.regs()[10], vm.regs()[11]);
    (a0 == VERDICT_VALID, Reason::from_code(a1).unwrap(), blamed)
}

fn scalar(b: &[u8]) -> Scalar {
    Scalar::from_repr(FieldBytes::from(<[u8; 32]>::try_from(b).unwrap())).unwrap()
}

fn point(b: &[u8]) -> ProjectivePoint {
    umbra_tecdsa::ecdsa::parse_public_key(b).unwrap()
}

fn enc(p: &ProjectivePoint) -> Vec<u8> {
    p.to_affine().to_sec1_point(true).as_bytes().to_vec()
}

#[test]
fn sigshare_valid_blame_and_aggregate() {
    for s in sessions() {
        let n = s.entries.len();
        assert_eq!(sigshare(&s.header, &s.entries), (true, Reason::Ok, vec![]));
        // Tampering one party's s_i blames exactly that party.
        for j in 0..n {
            let mut e = s.entries.clone();
            e[j][101] ^= 1;
            assert_eq!(sigshare(&s.header, &e), (false, Reason::Share, vec![j]));
            // A bad point in the entry: encoding, still blamed.
            let mut e = s.entries.clone();
            e[j][4] = 0x07;
            assert_eq!(sigshare(&s.header, &e), (false, Reason::Encoding, vec![j]));
        }
        if n >= 2 {
            let mut e = s.entries.clone();
            e[0][40] ^= 1;
            e[n - 1][101] ^= 4;
            let r = sigshare(&s.header, &e);
            assert!(!r.0 && r.2 == vec![0, n - 1], "{r:?}");
            // A repeated index blames the repeat.
            let mut e = s.entries.clone();
            e[1][..4].copy_from_slice(&s.signers[0].to_le_bytes());
            assert_eq!(sigshare(&s.header, &e), (false, Reason::Share, vec![1]));
        }
        // Index 0.
        let mut e = s.entries.clone();
        e[0][..4].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(sigshare(&s.header, &e), (false, Reason::Share, vec![0]));
        // Consistent per-party values with a wrong nonce sum: R̄'_0 = R̄_0 + a·R,
        // s'_0 = s_0 + z·a keeps the equation but breaks Σ R̄_i = G.
        let r = point(&s.header[33..66]);
        let z = umbra_tecdsa::ecdsa::message_scalar(&s.header[66..98].try_into().unwrap());
        let a = Scalar::from(5u64);
        let mut e = s.entries.clone();
        let rb = point(&e[0][4..37]) + r * a;
        let s0 = scalar(&e[0][70..102]) + z * a;
        e[0][4..37].copy_from_slice(&enc(&rb));
        e[0][70..102].copy_from_slice(&s0.to_repr());
        assert_eq!(sigshare(&s.header, &e), (false, Reason::Aggregate, vec![]));
        // Wrong group key: the key sum fails.
        let mut h = s.header.clone();
        h[..33].copy_from_slice(&enc(&(point(&s.header[..33]) + ProjectivePoint::GENERATOR)));
        assert_eq!(sigshare(&h, &s.entries), (false, Reason::Aggregate, vec![]));
        // Undecodable header: encoding, nobody blamed.
        let mut h = s.header.clone();
        h[33] = 0x04;
        assert_eq!(sigshare(&h, &s.entries), (false, Reason::Encoding, vec![]));
        // A different message blames every party.
        let mut h = s.header.clone();
        h[97] ^= 1;
        assert_eq!(
            sigshare(&h, &s.entries),
            (false, Reason::Share, (0..n).collect::<Vec<_>>())
        );
    }
    let s = &sessions()[1];
    let mut data = s.header.clone();
    data.resize(128, 0);
    assert_eq!(
        err(
            syscall::TECDSA_SIGSHARE_VERIFY,
            [DATA, DATA + 128, 1, OUT + 2],
            &data,
            &[]
        ),
        SyscallError::Misaligned { addr: OUT + 2 }
    );
    assert_eq!(
        err(
            syscall::TECDSA_SIGSHARE_VERIFY,
            [DATA, DATA + 128, 0, OUT],
            &data,
            &[]
        ),
        SyscallError::BadLength { len: 0 }
    );
    assert_eq!(
        err(
            syscall::TECDSA_SIGSHARE_VERIFY,
            [DATA, DATA + 128, 1, CODE],
            &data,
            &[]
        ),
        SyscallError::BadPointer { addr: CODE, len: 1 }
    );
    assert_eq!(
        err(
            syscall::TECDSA_SIGSHARE_VERIFY,
            [DATA, 0x1000_0000 - 100, 1, OUT],
            &data,
            &[]
        ),
        SyscallError::BadPointer {
            addr: 0x1000_0000 - 100,
            len: 102
        }
    );
}

// ---------------------------------------------------------------- Pedersen

fn native<P: PedersenGroup>(v: &[u8; 32], r: &[u8; 32]) -> Vec<u8> {
    let o = Opening::<P>::new(
        Option::from(P::scalar_from_bytes(v)).unwrap(),
        Option::from(P::scalar_from_bytes(r)).unwrap(),
    );
    Commitment::commit(&Generators::<P>::standard(), &o)
        .to_bytes()
        .as_ref()
        .to_vec()
}

fn pedersen(group: u32, v: &[u8; 32], r: &[u8; 32], cap: u32) -> Result<Vec<u8>, SyscallError> {
    let mut input = v.to_vec();
    input.extend_from_slice(r);
    match call(
        syscall::PEDERSEN_COMMIT,
        [group, DATA, OUT, cap],
        &input,
        &[],
    ) {
        (Ok(_), vm) => {
            let n = vm.regs()[10];
            let mut out = vec![0u8; n as usize];
            vm.memory().read_bytes(OUT, &mut out).unwrap();
            Ok(out)
        }
        (Err(VmError::Syscall { error, .. }), _) => Err(error),
        (Err(e), _) => panic!("{e:?}"),
    }
}

#[test]
fn pedersen_matches_crate_in_every_group() {
    let mut be = [0u8; 32];
    be[31] = 42;
    let mut le = [0u8; 32];
    le[0] = 42;
    let mut blind = [0u8; 32];
    blind[5] = 0x3c;
    blind[0] = 1;
    let c = pedersen(G::Ristretto255.id(), &le, &blind, 32).unwrap();
    assert_eq!(c, native::<umbra_pedersen::Ristretto255>(&le, &blind));
    let c = pedersen(G::Jubjub.id(), &le, &blind, 40).unwrap();
    assert_eq!(c, native::<umbra_pedersen::Jubjub>(&le, &blind));
    let c = pedersen(G::Secp256k1.id(), &be, &blind, 33).unwrap();
    assert_eq!(c.len(), 33);
    assert_eq!(c, native::<umbra_pedersen::Secp256k1>(&be, &blind));
    // Zero opening (identity) does not fault.
    assert_eq!(
        pedersen(G::Secp256k1.id(), &[0; 32], &[0; 32], 36).unwrap(),
        vec![0; 33]
    );
    // Changing value or blinding changes the commitment.
    let mut v2 = le;
    v2[0] ^= 1;
    assert_ne!(
        pedersen(G::Ristretto255.id(), &v2, &blind, 32).unwrap(),
        pedersen(G::Ristretto255.id(), &le, &blind, 32).unwrap()
    );
    // Typed errors.
    // Grumpkin (little-endian scalars) agrees with umbra-pedersen.
    assert_eq!(
        pedersen(G::Grumpkin.id(), &le, &blind, 32).unwrap(),
        native::<umbra_pedersen::Grumpkin>(&le, &blind)
    );
    assert_eq!(
        pedersen(4, &le, &blind, 32),
        Err(SyscallError::BadVariant { value: 4 })
    );
    assert_eq!(
        pedersen(G::Secp256k1.id(), &be, &blind, 32),
        Err(SyscallError::BadLength { len: 32 })
    );
    for g in [G::Ristretto255, G::Secp256k1, G::Jubjub, G::Grumpkin] {
        assert_eq!(
            pedersen(g.id(), &[0xff; 32], &blind, 36),
            Err(SyscallError::BadEncoding),
            "{g:?}"
        );
        assert_eq!(
            pedersen(g.id(), &[0; 32], &[0xff; 32], 36),
            Err(SyscallError::BadEncoding)
        );
    }
    let mut input = le.to_vec();
    input.extend_from_slice(&blind);
    assert_eq!(
        err(
            syscall::PEDERSEN_COMMIT,
            [0, DATA, OUT + 1, 32],
            &input,
            &[]
        ),
        SyscallError::Misaligned { addr: OUT + 1 }
    );
    assert_eq!(
        err(syscall::PEDERSEN_COMMIT, [0, 0x10, OUT, 32], &input, &[]),
        SyscallError::BadPointer {
            addr: 0x10,
            len: 64
        }
    );
    let exit = call(syscall::PEDERSEN_COMMIT, [0, DATA, OUT, 32], &input, &[])
        .0
        .unwrap();
    assert_eq!(exit.cycles, 3 + umbra_precompiles::cost::PEDERSEN_COMMIT);
    // Grumpkin is charged its kind's measured rows (a fold of the `pedersen_commit` kind).
    let grumpkin = umbra_abi::PedersenGroup::Grumpkin;
    let exit = call(
        syscall::PEDERSEN_COMMIT,
        [grumpkin.id(), DATA, OUT, 32],
        &input,
        &[],
    )
    .0
    .unwrap();
    assert_eq!(exit.cycles, 3 + umbra_precompiles::cost::pedersen(grumpkin));
    assert_ne!(
        umbra_precompiles::cost::pedersen(grumpkin),
        umbra_precompiles::cost::PEDERSEN_COMMIT
    );
}

// ---------------------------------------------------------------- arbitrary data

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary keys, signatures, shares and commitments are verdicts, never faults.
    #[test]
    fn arbitrary_verifier_data_is_a_verdict(
        block in prop::collection::vec(any::<u8>(), 96),
        msg in prop::collection::vec(any::<u8>(), 0..80),
        rule in 0u32..3,
        entries in prop::collection::vec(any::<u8>(), 102 * 3),
        header in prop::collection::vec(any::<u8>(), 98),
        tag in prop::sample::select(vec![2u8, 3]),
    ) {
        for (id, v) in [(syscall::BIP340_VERIFY, 0), (syscall::ED25519_VERIFY, rule)] {
            let (ok, reason) = verdict(id, [DATA, D2, msg.len() as u32, v], &block, &msg);
            prop_assert_eq!(ok, reason == Reason::Ok);
        }
        // Points with a valid tag so decoding gets past the first byte sometimes.
        let mut e = entries.clone();
        for j in 0..3 {
            e[102 * j + 4] = tag;
            e[102 * j + 37] = tag;
        }
        let mut h = header.clone();
        h[0] = tag;
        h[33] = tag;
        let es: Vec<Vec<u8>> = e.chunks(102).map(<[u8]>::to_vec).collect();
        let (ok, reason, blamed) = sigshare(&h, &es);
        prop_assert!(!ok);
        prop_assert!(reason != Reason::Ok);
        prop_assert!(blamed.iter().all(|&j| j < 3));
        let (ok, _) = feldman(&h[..66], 1, &[7; 32]);
        prop_assert!(!ok);
    }
}

// ---------------------------------------------------------------- RedJubjub

#[test]
fn redjubjub_valid_tampered_and_malformed() {
    use umbra_abi::RedJubjubVariant as V;
    use umbra_schnorr::redjubjub::{Binding, SigningKey, SpendAuth};
    let msg = b"umbra redjubjub precompile";
    let mut sk_bytes = [0u8; 32];
    sk_bytes[0] = 0x2a;
    sk_bytes[9] = 0x77;
    let sa = SigningKey::<SpendAuth>::from_bytes(&sk_bytes).unwrap();
    let bi = SigningKey::<Binding>::from_bytes(&sk_bytes).unwrap();
    let cases = [
        (
            V::SpendAuth,
            sa.verification_key().to_bytes(),
            sa.sign_with_randomness(&[5; 80], msg).to_bytes(),
        ),
        (
            V::Binding,
            bi.verification_key().to_bytes(),
            bi.sign_with_randomness(&[6; 80], msg).to_bytes(),
        ),
    ];
    for (variant, vk, sig) in cases {
        let v = |vk: &[u8; 32], sig: &[u8; 64], msg: &[u8], var: u32| {
            sig_args(syscall::REDJUBJUB_VERIFY, vk, sig, msg, var)
        };
        let id = variant.id();
        assert_eq!(v(&vk, &sig, msg, id), (true, Reason::Ok));
        // The same bytes under the other basepoint do not verify.
        assert_eq!(v(&vk, &sig, msg, 1 - id), (false, Reason::Equation));
        let mut block = vk.to_vec();
        block.extend_from_slice(&sig);
        let exit = call(
            syscall::REDJUBJUB_VERIFY,
            [DATA, D2, msg.len() as u32, id],
            &block,
            msg,
        )
        .0
        .unwrap();
        assert_eq!(
            exit.cycles,
            3 + umbra_precompiles::cost::redjubjub(msg.len() as u32)
        );
        // Every bit flip of key, signature or message is rejected.
        for i in 0..256 {
            let mut t = vk;
            t[i / 8] ^= 1 << (i % 8);
            assert!(!v(&t, &sig, msg, id).0, "vk bit {i}");
        }
        for i in 0..512 {
            let mut t = sig;
            t[i / 8] ^= 1 << (i % 8);
            assert!(!v(&vk, &t, msg, id).0, "sig bit {i}");
        }
        for i in 0..msg.len() {
            let mut t = msg.to_vec();
            t[i] ^= 1;
            assert_eq!(v(&vk, &sig, &t, id), (false, Reason::Equation));
        }
        // Encodings: S >= r, R and vk not canonical points.
        let mut t = sig;
        t[32..].fill(0xff);
        assert_eq!(v(&vk, &t, msg, id), (false, Reason::Encoding));
        let mut t = sig;
        t[..32].fill(0xff);
        assert_eq!(v(&vk, &t, msg, id), (false, Reason::Encoding));
        assert_eq!(v(&[0xff; 32], &sig, msg, id), (false, Reason::Encoding));
        // Malformed calls.
        assert_eq!(
            err(syscall::REDJUBJUB_VERIFY, [DATA, D2, 4, 2], &block, msg),
            SyscallError::BadVariant { value: 2 }
        );
        assert_eq!(
            err(syscall::REDJUBJUB_VERIFY, [0x100, D2, 4, id], &block, msg),
            SyscallError::BadPointer {
                addr: 0x100,
                len: 96
            }
        );
        assert_eq!(
            err(
                syscall::REDJUBJUB_VERIFY,
                [DATA, D2, umbra_abi::limits::MAX_MESSAGE + 1, id],
                &block,
                msg
            ),
            SyscallError::BadLength {
                len: umbra_abi::limits::MAX_MESSAGE + 1
            }
        );
    }
}
