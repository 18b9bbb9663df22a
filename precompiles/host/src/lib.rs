//! # umbra-precompiles — host handlers for Umbra's zkVM precompiles
//!
//! Each precompile is one module implementing [`umbra_vm::Precompile`]: it decodes its
//! arguments from guest memory through [`umbra_vm::CallContext`] (which enforces bounds,
//! permissions and alignment and records the bytes for the trace), runs the primitive,
//! writes results back and returns `a0`/`a1` and the cycles to charge ([`cost`]).
//! [`registry`] collects every handler available in this build; an ABI id without a
//! handler stops the guest with `SyscallError::Unavailable` naming the syscall.
//!
//! Available now: SHA3-256 and Keccak-256 ([`hash`]), BIP-340 ([`bip340`]), Ed25519 under
//! the three rules ([`ed25519`]), threshold-ECDSA Feldman and signature-share verification
//! ([`tecdsa`]), Pedersen commitments in Ristretto255, secp256k1, Jubjub and Grumpkin
//! ([`pedersen`]), the Poseidon permutation over BN254 / BLS12-381 ([`poseidon`]) and
//! RedJubjub SpendAuth / Binding verification ([`redjubjub`]) and Verkle tree proofs
//! ([`verkle`]): every precompile of the ABI. [`args`] holds the shared decoding of the
//! argument layouts so each module stays small.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
// Host side only (never built for the guest): the Poseidon handler caches its parameter
// sets in `std::sync::OnceLock`s.
extern crate std;

use alloc::boxed::Box;
use umbra_vm::Registry;

pub mod args;
pub mod bip340;
pub mod cost;
pub mod ed25519;
pub mod hash;
pub mod pedersen;
pub mod poseidon;
pub mod redjubjub;
pub mod tecdsa;
pub mod verkle;

/// Every precompile handler available in this build.
pub fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(hash::Sha3_256));
    r.register(Box::new(hash::Keccak256));
    r.register(Box::new(pedersen::PedersenCommit));
    r.register(Box::new(verkle::VerkleVerify));
    r.register(Box::new(poseidon::PoseidonPermute));
    r.register(Box::new(bip340::Bip340Verify));
    r.register(Box::new(ed25519::Ed25519Verify));
    r.register(Box::new(redjubjub::RedJubjubVerify));
    r.register(Box::new(tecdsa::FeldmanVerify));
    r.register(Box::new(tecdsa::SigShareVerify));
    r
}
