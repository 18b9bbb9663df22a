//! Shared argument decoding for the precompile layouts of [`umbra_abi::syscall`], so each
//! precompile module is a few lines: decode with these helpers, call the primitive, return
//! [`verdict`] / write the output.

use alloc::vec::Vec;
use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID, layout, limits};
use umbra_vm::{CallContext, Outcome, SyscallError};

/// The arguments of a signature-verify precompile (BIP-340, RedJubjub, Ed25519):
/// `a0` → key ‖ signature (96 bytes), `a1`/`a2` → message, `a3` = variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigCall {
    /// Public / verification key (32 bytes).
    pub key: [u8; layout::SIG_KEY_LEN],
    /// Signature (64 bytes).
    pub sig: [u8; layout::SIG_LEN],
    /// Message.
    pub msg: Vec<u8>,
    /// `a3`: rule / variant id (the caller decodes it with the ABI enum).
    pub variant: u32,
}

/// Decode a signature-verify call.
pub fn sig_call(ctx: &mut CallContext<'_>) -> Result<SigCall, SyscallError> {
    let (block, msg_ptr, msg_len, variant) = (ctx.arg(0), ctx.arg(1), ctx.arg(2), ctx.arg(3));
    if msg_len > limits::MAX_MESSAGE {
        return Err(SyscallError::BadLength { len: msg_len });
    }
    let b: [u8; layout::SIG_BLOCK_LEN] = ctx.read_array(block)?;
    let msg = ctx.read(msg_ptr, msg_len)?;
    let mut key = [0; layout::SIG_KEY_LEN];
    let mut sig = [0; layout::SIG_LEN];
    key.copy_from_slice(&b[..layout::SIG_KEY_LEN]);
    sig.copy_from_slice(&b[layout::SIG_KEY_LEN..]);
    Ok(SigCall {
        key,
        sig,
        msg,
        variant,
    })
}

/// Read `count` fixed-size records of `size` bytes at `ptr` (count checked against `max`).
pub fn records(
    ctx: &mut CallContext<'_>,
    ptr: u32,
    count: u32,
    size: usize,
    max: u32,
) -> Result<Vec<u8>, SyscallError> {
    if count == 0 || count > max {
        return Err(SyscallError::BadLength { len: count });
    }
    let len = count
        .checked_mul(size as u32)
        .ok_or(SyscallError::BadLength { len: count })?;
    ctx.read(ptr, len)
}

/// The outcome of a verification: `a0` = verdict, `a1` = reason.
pub fn verdict(result: Result<(), Reason>, cycles: u64) -> Outcome {
    match result {
        Ok(()) => Outcome {
            a0: VERDICT_VALID,
            a1: Reason::Ok.code(),
            cycles,
        },
        Err(reason) => Outcome {
            a0: VERDICT_INVALID,
            a1: reason.code(),
            cycles,
        },
    }
}
