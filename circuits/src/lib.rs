//! R1CS gadgets for Umbra's primitives.
//!
//! Each module pairs one native crate in `primitives/` with a gadget built on
//! arkworks' `ark-r1cs-std` that computes exactly the same function, so a SNARK
//! (and, per precompile call, the VM's folding prover) can prove it. Gadgets are
//! generic over the constraint field; curves native to that field (Jubjub and
//! Bandersnatch in BLS12-381 Fr, Baby Jubjub and Grumpkin in BN254 Fr) use
//! native arithmetic, foreign fields use emulated field variables.
//!
//! Every gadget's constraint count is generated from the code into
//! `docs/circuits.md` by `tests/circuits_md.rs`; see [`table`].
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod ed25519;
pub mod edwards;
pub mod emulated;
pub mod hash;
pub mod pedersen;
pub mod poseidon;
pub mod redjubjub;
pub mod schnorr;
pub mod secp256k1;
pub mod table;
pub mod verkle;
pub mod weierstrass;
