//! The Verkle precompile driven through a real `ecall`: a tree proof of presence and
//! absence built with `umbra-verkle` verifies, tampered proof bytes / root / claims give
//! `INVALID` with the documented reason, and malformed calls stop the guest with a typed
//! error.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;
use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID, limits, syscall};
use umbra_verkle::{Banderwagon, Committer, Crs, Key, Value, VerkleGroup, VerkleTree};
use umbra_vm::{Exit, Program, SyscallError, Vm, VmConfig, VmError};

const CODE: u32 = 0x2_0000;
const ROOT: u32 = 0x3_0000;
const PROOF: u32 = 0x4_0000;
const BLOCK: u32 = 0x6_0000;

fn committer() -> &'static Committer<Banderwagon> {
    static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::new()))
}

fn key(prefix: &[u8], suffix: u8) -> Key {
    let mut k = [0u8; 32];
    k[..prefix.len()].copy_from_slice(prefix);
    k[31] = suffix;
    k
}

/// Root, proof bytes and claims: present keys, an absent suffix of a present stem, another
/// stem at depth 1, an empty slot.
type Fixture = ([u8; 32], Vec<u8>, Vec<(Key, Option<Value>)>);

fn fixture() -> Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut t = VerkleTree::new(committer());
        let present = [key(&[1, 2, 3], 5), key(&[1, 2, 4], 7), key(&[9], 0)];
        for (i, k) in present.iter().enumerate() {
            t.insert(k, [i as u8 + 1; 32]);
        }
        let queried = [
            present[0],
            present[1],
            key(&[1, 2, 3], 6),
            key(&[9, 9], 0),
            key(&[200], 3),
        ];
        let (proof, entries) = t.prove(&queried).unwrap();
        (
            Banderwagon::encode(&t.root_commitment()),
            proof.to_bytes(),
            entries,
        )
    })
    .clone()
}

fn block(entries: &[(Key, Option<Value>)]) -> Vec<u8> {
    let mut b = (entries.len() as u32).to_le_bytes().to_vec();
    for (k, v) in entries {
        b.extend_from_slice(k);
        b.push(u8::from(v.is_some()));
        b.extend_from_slice(&v.unwrap_or([0; 32]));
    }
    b
}

fn call(args: [u32; 4], root: &[u8], proof: &[u8], blk: &[u8]) -> (Result<Exit, VmError>, Vm) {
    let p = Program::from_words(CODE, &[0x73, 0x0000_0293, 0x73]).unwrap();
    let mut vm = Vm::new(&p, VmConfig::default())
        .unwrap()
        .with_registry(umbra_precompiles::registry());
    vm.memory_mut().write_bytes(ROOT, root).unwrap();
    vm.memory_mut().write_bytes(PROOF, proof).unwrap();
    vm.memory_mut().write_bytes(BLOCK, blk).unwrap();
    vm.set_reg(5, syscall::VERKLE_VERIFY);
    for (k, a) in args.iter().enumerate() {
        vm.set_reg(10 + k, *a);
    }
    (vm.run(), vm)
}

fn verdict(root: &[u8; 32], proof: &[u8], entries: &[(Key, Option<Value>)]) -> (bool, Reason) {
    let (r, vm) = call(
        [ROOT, PROOF, proof.len() as u32, BLOCK],
        root,
        proof,
        &block(entries),
    );
    r.unwrap();
    let (a0, a1) = (vm.regs()[10], vm.regs()[11]);
    assert!(a0 == VERDICT_VALID || a0 == VERDICT_INVALID);
    (a0 == VERDICT_VALID, Reason::from_code(a1).unwrap())
}

fn err(args: [u32; 4], proof: &[u8], blk: &[u8]) -> SyscallError {
    let (root, ..) = fixture();
    match call(args, &root, proof, blk).0 {
        Err(VmError::Syscall { id, error, .. }) => {
            assert_eq!(id, syscall::VERKLE_VERIFY);
            error
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn valid_proof_verifies_and_is_charged() {
    let (root, proof, entries) = fixture();
    assert_eq!(verdict(&root, &proof, &entries), (true, Reason::Ok));
    let exit = call(
        [ROOT, PROOF, proof.len() as u32, BLOCK],
        &root,
        &proof,
        &block(&entries),
    )
    .0
    .unwrap();
    assert_eq!(
        exit.cycles,
        3 + umbra_precompiles::cost::verkle(entries.len() as u32, proof.len() as u32)
    );
    // Independent of the precompile: umbra-verkle agrees directly.
    assert_eq!(
        umbra_precompiles::verkle::verify(&root, &entries, &proof),
        Ok(())
    );
}

#[test]
fn tampered_claims_root_and_proof_are_invalid() {
    let (root, proof, entries) = fixture();
    // A present value changed, a present key claimed absent, an absent key claimed present.
    let mut t = entries.clone();
    t[0].1.as_mut().unwrap()[7] ^= 1;
    assert_eq!(verdict(&root, &proof, &t), (false, Reason::Equation));
    let mut t = entries.clone();
    t[1].1 = None;
    assert!(!verdict(&root, &proof, &t).0);
    let mut t = entries.clone();
    t[2].1 = Some([0x55; 32]);
    assert!(!verdict(&root, &proof, &t).0);
    // A different key claimed with a present key's value.
    let mut t = entries.clone();
    t[0].0[31] ^= 1;
    assert!(!verdict(&root, &proof, &t).0);
    // (An absence claim for another key under the same empty root slot 200 is rightly
    // proven by the same proof: the slot being empty proves every such key absent.)
    let mut t = entries.clone();
    t[4].0[5] ^= 1;
    assert_eq!(verdict(&root, &proof, &t), (true, Reason::Ok));
    // ... but claiming it present is not.
    t[4].1 = Some([1; 32]);
    assert!(!verdict(&root, &proof, &t).0);
    // Another root: a valid point that is not this tree's root, and a non-point.
    let r = Banderwagon::decode(&root).unwrap();
    let other = Banderwagon::encode(&(r + r));
    assert_eq!(verdict(&other, &proof, &entries), (false, Reason::Equation));
    assert_eq!(
        verdict(&[0xff; 32], &proof, &entries),
        (false, Reason::Encoding)
    );
    // Every byte of the proof: flipping it never yields a valid verdict.
    for i in (0..proof.len()).step_by(7).chain([proof.len() - 1]) {
        let mut p = proof.clone();
        p[i] ^= 0x21;
        assert!(!verdict(&root, &p, &entries).0, "proof byte {i}");
    }
    // Truncated / extended proof: an encoding failure.
    assert_eq!(
        verdict(&root, &proof[..proof.len() - 1], &entries),
        (false, Reason::Encoding)
    );
    let mut p = proof.clone();
    p.push(0);
    assert_eq!(verdict(&root, &p, &entries), (false, Reason::Encoding));
}

#[test]
fn malformed_calls_are_typed_errors() {
    let (_, proof, entries) = fixture();
    let blk = block(&entries);
    let n = proof.len() as u32;
    // count 0 and above the limit.
    let mut b = blk.clone();
    b[..4].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(
        err([ROOT, PROOF, n, BLOCK], &proof, &b),
        SyscallError::BadLength { len: 0 }
    );
    let big = limits::MAX_VERKLE_KEYS + 1;
    b[..4].copy_from_slice(&big.to_le_bytes());
    assert_eq!(
        err([ROOT, PROOF, n, BLOCK], &proof, &b),
        SyscallError::BadLength { len: big }
    );
    // Proof too long.
    let len = limits::MAX_VERKLE_PROOF + 1;
    assert_eq!(
        err([ROOT, PROOF, len, BLOCK], &proof, &blk),
        SyscallError::BadLength { len }
    );
    // present byte other than 0/1.
    let mut b = blk.clone();
    b[4 + 32] = 2;
    assert_eq!(
        err([ROOT, PROOF, n, BLOCK], &proof, &b),
        SyscallError::BadVariant { value: 2 }
    );
    // Bad pointers: root, proof, block.
    assert_eq!(
        err([0x100, PROOF, n, BLOCK], &proof, &blk),
        SyscallError::BadPointer {
            addr: 0x100,
            len: 32
        }
    );
    assert_eq!(
        err([ROOT, 0x100, n, BLOCK], &proof, &blk),
        SyscallError::BadPointer {
            addr: 0x100,
            len: n
        }
    );
    assert_eq!(
        err([ROOT, PROOF, n, 0x100], &proof, &blk),
        SyscallError::BadPointer {
            addr: 0x100,
            len: 4
        }
    );
}

/// Issue #20 regression through the precompile: a hand-built proof that a present key is
/// absent, made by passing the key's own leaf off as the internal node whose slot
/// `stem[1] = 0x40` is empty (a leaf vector is 0 at every index >= 4). The multiproof is a
/// real one over the forged openings; before the fix the precompile returned VALID. The
/// prover must now also open the leaf at index 0, either to its real value 1 (rejected by
/// the internal-node rule) or to a false 0 (rejected by the multiproof).
#[test]
fn forged_absence_through_a_leaf_posing_as_internal_is_invalid() {
    use ark_ff::{One, Zero};
    use umbra_verkle::multiproof::{self, ProverQuery};
    use umbra_verkle::tree::{stem_scalar, value_scalars};
    use umbra_verkle::tree_proof::{StemInfo, StemStatus, TREE_PROOF_LABEL, TreeProof};
    use umbra_verkle::{BanderwagonScalar as Fr, Domain, Transcript, WIDTH};

    let cm = committer();
    let k = key(&[7, 0x40], 1);
    let other = key(&[8], 2);
    let (v, vo) = ([0x11; 32], [0x22; 32]);
    let mut t = VerkleTree::new(cm);
    t.insert(&k, v);
    t.insert(&other, vo);
    let root = Banderwagon::encode(&t.root_commitment());
    // The honest proof states presence; the precompile accepts it.
    let (honest, claims) = t.prove(&[k]).unwrap();
    assert_eq!(claims, vec![(k, Some(v))]);
    assert_eq!(
        verdict(&root, &honest.to_bytes(), &claims),
        (true, Reason::Ok)
    );

    // Both leaves sit at depth 1 (root slots 7 and 8); rebuild their vectors.
    let leaf = |key: &Key, value: &Value| {
        let mut c1 = vec![Fr::zero(); WIDTH];
        let (lo, hi) = value_scalars::<Fr>(Some(value));
        let slot = 2 * (key[31] as usize % 128);
        (c1[slot], c1[slot + 1]) = (lo, hi);
        let c2 = vec![Fr::zero(); WIDTH];
        let mut ext = vec![Fr::zero(); WIDTH];
        ext[0] = Fr::one();
        ext[1] = stem_scalar(&key[..31].try_into().unwrap());
        ext[2] = Banderwagon::map_to_scalar(&cm.commit(&c1).unwrap());
        ext[3] = Banderwagon::map_to_scalar(&cm.commit(&c2).unwrap());
        (cm.commit(&ext).unwrap(), ext)
    };
    let (leaf_c, leaf_v) = leaf(&k, &v);
    let (other_c, _) = leaf(&other, &vo);
    let mut root_v = vec![Fr::zero(); WIDTH];
    root_v[7] = Banderwagon::map_to_scalar(&leaf_c);
    root_v[8] = Banderwagon::map_to_scalar(&other_c);
    assert!(Banderwagon::points_eq(
        &cm.commit(&root_v).unwrap(),
        &t.root_commitment()
    ));
    assert!(leaf_v[0x40].is_zero());

    let domain = Domain::new(WIDTH);
    for leaf_slot0 in [Fr::one(), Fr::zero()] {
        // Openings in the verifier's order: root@0 (supplied), root@7 -> hash(leaf),
        // "internal" leaf@0 (supplied), leaf@0x40 -> 0.
        let root_c = t.root_commitment();
        let queries = [
            (root_c, &root_v, 0, root_v[0]),
            (root_c, &root_v, 7, root_v[7]),
            (leaf_c, &leaf_v, 0, leaf_slot0),
            (leaf_c, &leaf_v, 0x40, Fr::zero()),
        ]
        .map(
            |(commitment, poly, point, result)| ProverQuery::<Banderwagon> {
                commitment,
                poly,
                point,
                result,
            },
        );
        let mut tr = Transcript::new(TREE_PROOF_LABEL);
        let mp = multiproof::prove(cm, &domain, &mut tr, &queries).unwrap();
        let forged = TreeProof::<Banderwagon> {
            stems: vec![StemInfo {
                status: StemStatus::Empty,
                depth: 1,
            }],
            commitments: vec![leaf_c],
            internal_slot0: vec![root_v[0], leaf_slot0],
            multiproof: mp,
        };
        let claims = [(k, None)];
        assert_eq!(
            verdict(&root, &forged.to_bytes(), &claims),
            (false, Reason::Equation)
        );
        assert!(umbra_precompiles::verkle::verify(&root, &claims, &forged.to_bytes()).is_err());
    }
}
