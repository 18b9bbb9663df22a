//! Verkle tree-proof verification ([`umbra_abi::syscall::VERKLE_VERIFY`]) with
//! `umbra-verkle` (Pedersen + IPA over Banderwagon, EIP-6800 tree shape, the standard
//! 256-generator CRS): `a0` → root commitment (32, Banderwagon serialisation), `a1`/`a2` →
//! proof (`umbra-verkle`'s tree-proof wire format, [`umbra_verkle::tree_proof`]), `a3` →
//! key/value block: `count: u32` then `count` entries `key (32) ‖ present (1) ‖ value (32)`.
//!
//! The ABI layout maps one-to-one onto `umbra_verkle::tree_proof::verify_bytes(root,
//! entries, proof)` (entries are `(Key, Option<Value>)`, `present = 0` is `None`).
//!
//! Verdicts: a root or proof that does not decode (wrong length, non-canonical or
//! off-subgroup point/scalar, malformed header) is `INVALID` with [`Reason::Encoding`]; a
//! proof that does not match the claimed keys/values, or whose multiproof fails, is
//! `INVALID` with [`Reason::Equation`]. Typed errors: `count` of 0 or above
//! [`limits::MAX_VERKLE_KEYS`] and a proof longer than [`limits::MAX_VERKLE_PROOF`] are
//! [`SyscallError::BadLength`]; a `present` byte other than 0/1 is
//! [`SyscallError::BadVariant`].

extern crate std;

use alloc::vec::Vec;
use std::sync::OnceLock;
use umbra_abi::{Reason, layout, limits, syscall};
use umbra_verkle::{Banderwagon, Crs, Domain, Key, ProofError, Value, WIDTH, tree_proof};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

use crate::args::{records, verdict};

type Setup = (Crs<Banderwagon>, Domain<umbra_verkle::BanderwagonScalar>);

/// The standard CRS and evaluation domain, derived once per process.
fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| (Crs::new(), Domain::new(WIDTH)))
}

/// The [`Reason`] for an `umbra-verkle` proof error.
pub fn reason(e: ProofError) -> Reason {
    match e {
        ProofError::Length | ProofError::Encoding(_) | ProofError::Malformed => Reason::Encoding,
        // `Inconsistent`, `BadInput`, `Invalid` and variants added later (the
        // enum is `#[non_exhaustive]`).
        _ => Reason::Equation,
    }
}

/// Decode the entries of a key/value block (without the count word).
pub fn entries(block: &[u8]) -> Result<Vec<(Key, Option<Value>)>, SyscallError> {
    block
        .chunks_exact(layout::VERKLE_ENTRY_LEN)
        .map(|e| {
            let mut key = [0u8; 32];
            let mut value = [0u8; 32];
            key.copy_from_slice(&e[..32]);
            value.copy_from_slice(&e[33..]);
            match e[32] {
                0 => Ok((key, None)),
                1 => Ok((key, Some(value))),
                b => Err(SyscallError::BadVariant { value: b.into() }),
            }
        })
        .collect()
}

/// Verify `proof` for the claims `entries` against `root`.
pub fn verify(
    root: &[u8; 32],
    entries: &[(Key, Option<Value>)],
    proof: &[u8],
) -> Result<(), Reason> {
    let (crs, domain) = setup();
    tree_proof::verify_bytes::<Banderwagon>(crs, domain, root, entries, proof).map_err(reason)
}

/// Verkle handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerkleVerify;

impl Precompile for VerkleVerify {
    fn id(&self) -> u32 {
        syscall::VERKLE_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let (root_ptr, proof_ptr, proof_len, block) =
            (ctx.arg(0), ctx.arg(1), ctx.arg(2), ctx.arg(3));
        if proof_len > limits::MAX_VERKLE_PROOF {
            return Err(SyscallError::BadLength { len: proof_len });
        }
        let root: [u8; layout::VERKLE_ROOT_LEN] = ctx.read_array(root_ptr)?;
        let count = u32::from_le_bytes(ctx.read_array(block)?);
        let body = records(
            ctx,
            block.wrapping_add(4),
            count,
            layout::VERKLE_ENTRY_LEN,
            limits::MAX_VERKLE_KEYS,
        )?;
        let entries = entries(&body)?;
        let proof = ctx.read(proof_ptr, proof_len)?;
        let r = verify(&root, &entries, &proof);
        Ok(verdict(r, crate::cost::verkle(count, proof_len)))
    }
}
