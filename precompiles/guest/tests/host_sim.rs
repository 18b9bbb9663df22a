//! Off the zkVM, guest code runs natively: I/O is simulated per thread and the hash
//! wrappers call the `sha3` crate. (Needs the `std` feature: `cargo test -p umbra-guest
//! --features std`; a workspace test run enables it through `umbra-guests`.)
#![cfg(feature = "std")]
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sha3::Digest;
use umbra_guest::{host, io, precompile};

/// The hash-chain guest's logic, written against the SDK exactly as in the guest.
fn hash_chain_logic() {
    let input = io::read_private_vec();
    let rounds = u32::from_le_bytes([input[0], input[1], input[2], input[3]]);
    let mut d = precompile::sha3_256(&input[4..]);
    for i in 0..rounds {
        d = if i % 2 == 0 {
            precompile::keccak256(&d)
        } else {
            precompile::sha3_256(&d)
        };
    }
    io::commit(&rounds.to_le_bytes());
    io::commit(&d);
}

#[test]
fn guest_logic_runs_on_the_host() {
    host::set_input(&[2, 0, 0, 0, b'x']);
    assert_eq!(io::private_remaining(), 5);
    hash_chain_logic();
    assert_eq!(io::private_remaining(), 0);
    let d0: [u8; 32] = sha3::Sha3_256::digest(b"x").into();
    let d1: [u8; 32] = sha3::Keccak256::digest(d0).into();
    let d2: [u8; 32] = sha3::Sha3_256::digest(d1).into();
    let mut want = vec![2, 0, 0, 0];
    want.extend_from_slice(&d2);
    assert_eq!(host::take_journal(), want);
}

#[test]
fn io_simulation() {
    host::set_input(b"abcdef");
    let mut b = [0u8; 4];
    assert_eq!(io::read_private(&mut b), 4);
    assert_eq!(&b, b"abcd");
    assert_eq!(io::read_private(&mut b), 2);
    assert_eq!(io::read_private(&mut b), 0);
    io::print("out");
    io::write(umbra_abi::fd::STDERR, b"err");
    assert_eq!(host::take_output(), (b"out".to_vec(), b"err".to_vec()));
    assert!(io::cycle_count() < io::cycle_count());
    host::set_input(b"ab");
    let r = std::panic::catch_unwind(|| io::read_private_exact(&mut [0u8; 3]));
    assert!(r.is_err());
}

/// `PrivateInput` parses little-endian records from one read of the input.
#[test]
fn private_input_parses_records() {
    let mut input = vec![7, 0, 0, 0];
    input.extend_from_slice(&0x0102_0304_0506_0708u64.to_le_bytes());
    input.extend_from_slice(b"abc");
    host::set_input(&input);
    let mut inp = io::PrivateInput::read();
    assert_eq!(io::private_remaining(), 0);
    assert_eq!(inp.u32(), 7);
    assert_eq!(inp.u64(), 0x0102_0304_0506_0708);
    assert!(!inp.is_empty());
    assert_eq!(inp.array::<2>(), *b"ab");
    assert_eq!(inp.take(1), b"c");
    assert!(inp.is_empty());
}

/// Reading past the end panics (the guest's exit code 101 on the zkVM).
#[test]
#[should_panic(expected = "private input too short")]
fn private_input_rejects_reads_past_the_end() {
    host::set_input(&[1, 2, 3]);
    let mut inp = io::PrivateInput::read();
    let _ = inp.u32();
}
