//! Pedersen commitments ([`umbra_abi::syscall::PEDERSEN_COMMIT`]) with `umbra-pedersen`:
//! `a0` = [`AbiGroup`], `a1` → value ‖ blinding (64 bytes, the group's scalar encoding),
//! `a2` → output (4-aligned), `a3` = output capacity. Returns `a0` = bytes written.
//!
//! Groups: Ristretto255 (bulletproofs generators), secp256k1 (Elements/Grin `G`, standard
//! `H`), Jubjub (Sapling value-commitment generators), exactly as `umbra-pedersen` defines
//! them, and Grumpkin (BN254-native). An unknown group id is [`SyscallError::BadVariant`], a
//! capacity below the commitment length [`SyscallError::BadLength`], a non-canonical scalar
//! [`SyscallError::BadEncoding`].

use alloc::vec::Vec;
use umbra_abi::{PedersenGroup as AbiGroup, layout, syscall};
use umbra_pedersen::{
    Commitment, Generators, Grumpkin, Jubjub, Opening, PedersenGroup, Ristretto255, Secp256k1,
};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

fn commit_in<G: PedersenGroup>(input: &[u8; layout::PEDERSEN_INPUT_LEN]) -> Option<Vec<u8>> {
    let mut v = [0u8; 32];
    let mut r = [0u8; 32];
    v.copy_from_slice(&input[..32]);
    r.copy_from_slice(&input[32..]);
    let v: Option<G::Scalar> = G::scalar_from_bytes(&v).into();
    let r: Option<G::Scalar> = G::scalar_from_bytes(&r).into();
    let opening = Opening::<G>::new(v?, r?);
    let c = Commitment::commit(&Generators::<G>::standard(), &opening);
    Some(c.to_bytes().as_ref().to_vec())
}

/// The commitment `v·G + r·H` to `input` (value ‖ blinding) in `group`, encoded; `Err` is the
/// typed error the handler reports.
pub fn commit(
    group: AbiGroup,
    input: &[u8; layout::PEDERSEN_INPUT_LEN],
) -> Result<Vec<u8>, SyscallError> {
    let c = match group {
        AbiGroup::Ristretto255 => commit_in::<Ristretto255>(input),
        AbiGroup::Secp256k1 => commit_in::<Secp256k1>(input),
        AbiGroup::Jubjub => commit_in::<Jubjub>(input),
        AbiGroup::Grumpkin => commit_in::<Grumpkin>(input),
    };
    c.ok_or(SyscallError::BadEncoding)
}

/// Pedersen handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct PedersenCommit;

impl Precompile for PedersenCommit {
    fn id(&self) -> u32 {
        syscall::PEDERSEN_COMMIT
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let (gid, iptr, optr, cap) = (ctx.arg(0), ctx.arg(1), ctx.arg(2), ctx.arg(3));
        let group = AbiGroup::from_id(gid).ok_or(SyscallError::BadVariant { value: gid })?;
        let len = group.commitment_len() as u32;
        if cap < len {
            return Err(SyscallError::BadLength { len: cap });
        }
        ctx.check_writable(optr, len)?;
        let input: [u8; layout::PEDERSEN_INPUT_LEN] = ctx.read_array(iptr)?;
        let c = commit(group, &input)?;
        ctx.write(optr, &c)?;
        Ok(Outcome {
            a0: len,
            a1: 0,
            cycles: crate::cost::pedersen(group),
        })
    }
}
