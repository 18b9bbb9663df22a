//! The program identity (`umbra_prover::identity`): determinism, what changes it, a pinned
//! known answer, the encoding round trip and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use umbra_abi::memory::STACK_TOP;
use umbra_prover::identity::{self, IdentityError, LAYOUT_VERSION, ProgramId, key, tag};
use umbra_prover::rom::Rom;
use umbra_prover::witness::InitialMemory;
use umbra_verkle::{EncodingError, Grumpkin, VerkleGroup, VerkleTree};
use umbra_vm::Program;
use umbra_vm::elf::Segment;

const CODE: u32 = 0x2_0000;
const DATA: u32 = 0x3_0000;
/// addi a0, x0, 7 ; addi t0, x0, 0 (halt) ; ecall
const TINY: [u32; 3] = [0x0070_0513, 0x0000_0293, 0x0000_0073];

fn tiny() -> Program {
    Program::from_words(CODE, &TINY).unwrap()
}

fn code_seg(words: &[u32]) -> Segment {
    let data: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    Segment {
        vaddr: CODE,
        mem_size: data.len() as u32,
        data,
        read: true,
        write: false,
        execute: true,
    }
}

fn data_seg(bytes: &[u8], mem_size: u32, write: bool) -> Segment {
    Segment {
        vaddr: DATA,
        mem_size,
        data: bytes.to_vec(),
        read: true,
        write,
        execute: false,
    }
}

/// Code (with an `unimp` after the halt) and a read/write data segment with a `.bss` tail.
fn two_segments(words: &[u32], data: &[u8], write: bool) -> Program {
    Program::new(CODE, vec![code_seg(words), data_seg(data, 64, write)]).unwrap()
}

const CODE_WITH_UNIMP: [u32; 4] = [0x0070_0513, 0x0000_0293, 0x0000_0073, 0xc000_1073];
const BYTES: [u8; 9] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn id(p: &Program) -> ProgramId {
    ProgramId::of(p).unwrap()
}

#[test]
fn deterministic_and_equal_to_a_fresh_tree_over_the_leaves() {
    let p = two_segments(&CODE_WITH_UNIMP, &BYTES, true);
    let a = id(&p);
    assert_eq!(a, id(&p));
    assert_eq!(a, id(&p.clone()));
    // The same view built by the caller gives the same id.
    let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
    assert_eq!(ProgramId::commit(&rom, &init, p.entry()).unwrap(), a);
    // The id is the root of a Verkle tree holding exactly `leaves`, in any insertion order.
    let leaves = identity::leaves(&rom, &init, p.entry());
    let committer = umbra_verkle::Committer::<Grumpkin>::new(umbra_verkle::Crs::new());
    let mut t = VerkleTree::new(&committer);
    for (k, v) in leaves.iter().rev() {
        t.insert(k, *v);
    }
    assert!(Grumpkin::points_eq(&t.root_commitment(), &a.commitment()));
    assert_eq!(Grumpkin::encode(&t.root_commitment()), a.to_bytes());
    // The digest is the tree's root hash, x/y in BN254 Fr.
    assert_eq!(umbra_verkle::group::field_to_le(&a.digest()), t.root_hash());
    assert_eq!(a.digest(), Grumpkin::map_to_field(&a.commitment()));
}

#[test]
fn layout_keys_are_distinct_and_cover_every_kind() {
    let p = two_segments(&CODE_WITH_UNIMP, &BYTES, false);
    let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
    let leaves = identity::leaves(&rom, &init, p.entry());
    // Strictly ascending, hence distinct.
    assert!(leaves.windows(2).all(|w| w[0].0 < w[1].0));
    let tags: BTreeSet<u8> = leaves.iter().map(|(k, _)| k[0]).collect();
    assert_eq!(
        tags,
        BTreeSet::from([
            tag::HEADER,
            tag::REGS,
            tag::ROM,
            tag::CONT,
            tag::MEM,
            tag::PERM
        ])
    );
    let get = |k: [u8; 32]| leaves.iter().find(|(kk, _)| *kk == k).map(|(_, v)| *v);
    // Header: entry pc and version.
    let h = get(key(tag::HEADER, 0)).unwrap();
    assert_eq!(h[..4], CODE.to_le_bytes());
    assert_eq!(h[4], LAYOUT_VERSION);
    // sp = x2 is the third word of the first register group; the other groups are zero.
    let r = get(key(tag::REGS, 0)).unwrap();
    assert_eq!(r[8..12], STACK_TOP.to_le_bytes());
    assert_eq!(get(key(tag::REGS, 3)), Some([0; 32]));
    // Three ROM entries (the unimp is rejected), one continuation after the ecall.
    let rom_keys: Vec<_> = leaves.iter().filter(|(k, _)| k[0] == tag::ROM).collect();
    assert_eq!(rom_keys.len(), 3);
    assert!(get(key(tag::ROM, (CODE + 12) >> 2)).is_none());
    assert_eq!(get(key(tag::CONT, (CODE + 12) >> 2)), Some([0; 32]));
    // The ecall: flags = 1 << ECALL, rd = a0, rs1 = t0, rs2 = a2.
    let e = get(key(tag::ROM, (CODE + 8) >> 2)).unwrap();
    assert_eq!(u64::from_le_bytes(e[..8].try_into().unwrap()), 1 << 18);
    assert_eq!(e[8..11], [10, 5, 12]);
    // Memory: the code (rejected word included) is one 32-byte chunk, the data another.
    let code = get(key(tag::MEM, CODE >> 5)).unwrap();
    assert_eq!(code[12..16], 0xc000_1073u32.to_le_bytes());
    let data = get(key(tag::MEM, DATA >> 5)).unwrap();
    assert_eq!(data[..9], BYTES);
    assert_eq!(data[9..], [0; 23]);
    // Pages: code (R) and the read-only data page (R); no other page differs from RW.
    let perms: Vec<_> = leaves.iter().filter(|(k, _)| k[0] == tag::PERM).collect();
    assert_eq!(perms.len(), 2);
    assert_eq!(get(key(tag::PERM, DATA >> 12)).unwrap()[0], 1);
}

#[test]
fn known_answer_for_the_tiny_program() {
    // Pinned: a change of layout, CRS or tree must bump LAYOUT_VERSION and this value.
    let a = id(&tiny());
    assert_eq!(
        a.to_string(),
        "5ed4e45afc77fdf6f413d11881017de3d7b04816d1946c874f80d04d1904708b"
    );
    let digest = umbra_verkle::group::field_to_le(&a.digest());
    assert_eq!(
        hex(&digest),
        "a90f626722301ce344f32219941c089eec78db221a7481e7313655546515e805"
    );
}

#[test]
fn every_kind_of_change_changes_the_id() {
    let base = two_segments(&CODE_WITH_UNIMP, &BYTES, true);
    let a = id(&base);
    let mut seen = BTreeSet::from([a.to_bytes()]);
    let mut differs = |name: &str, p: ProgramId| {
        assert!(
            seen.insert(p.to_bytes()),
            "{name}: same id as an earlier program"
        );
    };

    // One instruction word: addi a0, x0, 8.
    let mut w = CODE_WITH_UNIMP;
    w[0] = 0x0080_0513;
    differs("instruction", id(&two_segments(&w, &BYTES, true)));
    // A rejected (undecodable) word: no ROM entry either way, but it is an image word.
    let mut w = CODE_WITH_UNIMP;
    w[3] = 0xc000_2073;
    differs("rejected word", id(&two_segments(&w, &BYTES, true)));
    // One data byte.
    let mut d = BYTES;
    d[8] ^= 0x80;
    differs("data byte", id(&two_segments(&CODE_WITH_UNIMP, &d, true)));
    // Entry point moved by one instruction.
    let moved = Program::new(
        CODE + 4,
        vec![code_seg(&CODE_WITH_UNIMP), data_seg(&BYTES, 64, true)],
    )
    .unwrap();
    differs("entry", id(&moved));
    // The data segment's write permission flipped.
    differs(
        "write permission",
        id(&two_segments(&CODE_WITH_UNIMP, &BYTES, false)),
    );
    // A read-only data segment grown across a page boundary: one more non-default page.
    let grown = Program::new(
        CODE,
        vec![code_seg(&CODE_WITH_UNIMP), data_seg(&BYTES, 4097, false)],
    )
    .unwrap();
    let ro = id(&two_segments(&CODE_WITH_UNIMP, &BYTES, false));
    assert_ne!(id(&grown), ro, "page table");
    // Initial registers: sp, and a register the default state leaves at zero.
    let (rom, init) = (Rom::from_program(&base), InitialMemory::from_program(&base));
    let with = |r: usize, v: u32| {
        ProgramId::commit(&rom, &init.clone().with_reg(r, v), base.entry()).unwrap()
    };
    differs("sp", with(2, STACK_TOP - 16));
    differs("a0", with(10, 1));
    differs("x31", with(31, 1));
    // An ecall replaced by a fence keeps the image size but drops a continuation entry.
    let mut w = CODE_WITH_UNIMP;
    w[2] = 0x0000_000f;
    differs("ecall", id(&two_segments(&w, &BYTES, true)));
}

#[test]
fn the_id_depends_on_the_verifier_view_not_on_the_elf_layout() {
    // Trailing zero bytes in the file or in .bss are the same image.
    let a = id(&two_segments(&CODE_WITH_UNIMP, &BYTES, true));
    let mut padded = BYTES.to_vec();
    padded.extend([0; 7]);
    assert_eq!(a, id(&two_segments(&CODE_WITH_UNIMP, &padded, true)));
    // Setting x0 is ignored, as in the VM.
    let p = tiny();
    let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
    assert_eq!(
        ProgramId::commit(&rom, &init.clone().with_reg(0, 5), p.entry()).unwrap(),
        id(&p)
    );
}

#[test]
fn bytes_and_hex_round_trip() {
    let a = id(&tiny());
    let b = a.to_bytes();
    assert_eq!(ProgramId::from_bytes(&b).unwrap(), a);
    let back = ProgramId::from_bytes(&b).unwrap();
    assert_eq!(back.digest(), a.digest());
    assert!(Grumpkin::points_eq(&back.commitment(), &a.commitment()));
    let s = a.to_string();
    assert_eq!(s.len(), 64);
    assert!(
        s.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    );
    assert_eq!(s.parse::<ProgramId>().unwrap(), a);
    assert_eq!(s.to_uppercase().parse::<ProgramId>().unwrap(), a);
    assert_eq!(format!("{a:?}"), format!("ProgramId({s})"));
}

#[test]
fn bad_bytes_and_hex_are_typed_errors() {
    let good = id(&tiny()).to_bytes();
    for len in [0, 31, 33, 64] {
        let v = vec![1u8; len];
        assert_eq!(
            ProgramId::from_bytes(&v),
            Err(IdentityError::Length { len })
        );
    }
    // x = 0: -17 is not a square mod r, so no point.
    assert_eq!(
        ProgramId::from_bytes(&[0; 32]),
        Err(IdentityError::Encoding(EncodingError::NotOnCurve))
    );
    // x >= r.
    let mut big = [0xff; 32];
    big[31] = 0x3f;
    assert_eq!(
        ProgramId::from_bytes(&big),
        Err(IdentityError::Encoding(EncodingError::NonCanonical))
    );
    // The identity flag on a non-identity string; the identity itself.
    let mut flagged = good;
    flagged[31] |= 0x40;
    assert_eq!(
        ProgramId::from_bytes(&flagged),
        Err(IdentityError::Encoding(EncodingError::NonCanonical))
    );
    let mut ident = [0u8; 32];
    ident[31] = 0x40;
    assert_eq!(
        ProgramId::from_bytes(&ident),
        Err(IdentityError::IdentityPoint)
    );
    // The other y parity is another valid point: a different id, not an error.
    let mut neg = good;
    neg[31] ^= 0x80;
    let n = ProgramId::from_bytes(&neg).unwrap();
    assert_ne!(n, id(&tiny()));
    assert_ne!(n.digest(), id(&tiny()).digest());
    // Hex: wrong length, non-hex digits, a sign, whitespace.
    let s = id(&tiny()).to_string();
    for bad in [
        s[..62].to_string(),
        format!("{s}00"),
        format!("zz{}", &s[2..]),
        format!("+{}", &s[1..]),
        format!(" {}", &s[1..]),
        String::new(),
    ] {
        assert_eq!(bad.parse::<ProgramId>(), Err(IdentityError::Hex), "{bad:?}");
    }
    // Non-ASCII input of the right byte length is rejected, not sliced.
    let wide = format!("é{}", &s[2..]);
    assert_eq!(wide.len(), 64);
    assert_eq!(wide.parse::<ProgramId>(), Err(IdentityError::Hex));
    // Every error displays.
    for e in [
        IdentityError::IdentityPoint,
        IdentityError::Length { len: 3 },
        IdentityError::Hex,
        IdentityError::Encoding(EncodingError::NotOnCurve),
    ] {
        assert!(!e.to_string().is_empty());
    }
}

/// Real guest ELFs (`vm/guests`; this crate does not build them): run with
/// `UMBRA_GUEST_ELFS=path[:path…] cargo test -p umbra-prover --test integration identity:: -- --ignored
/// --nocapture`, e.g. with `target/umbra-guests/riscv32im-unknown-none-elf/release/bigfib`.
/// Prints the number of committed leaves and the time of `ProgramId::of` (first call
/// including the one-off commitment-key build, then warm).
#[test]
#[ignore = "needs UMBRA_GUEST_ELFS (paths of built guest ELFs)"]
fn real_guest_elfs() {
    let paths = std::env::var("UMBRA_GUEST_ELFS").expect("set UMBRA_GUEST_ELFS");
    for path in paths.split(':').filter(|p| !p.is_empty()) {
        let bytes = std::fs::read(path).unwrap();
        let p = Program::from_elf(&bytes).unwrap();
        let t = std::time::Instant::now();
        let a = id(&p);
        let first = t.elapsed();
        let t = std::time::Instant::now();
        let b = id(&p);
        let warm = t.elapsed();
        assert_eq!(a, b);
        let (rom, init) = (Rom::from_program(&p), InitialMemory::from_program(&p));
        let n = identity::leaves(&rom, &init, p.entry()).len();
        println!(
            "{path}: {} ROM entries, {} rejected, {n} leaves, id {a}, \
             first {first:?}, warm {warm:?}",
            rom.len(),
            rom.rejected().count()
        );
    }
}
