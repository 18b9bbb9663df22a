//! SHA3-256 and Keccak-256 ([`umbra_abi::syscall::SHA3_256`], [`umbra_abi::syscall::KECCAK_256`]):
//! `a0` = input pointer, `a1` = input length, `a2` = 32-byte output (4-aligned), `a3` = 0.

use sha3::Digest;
use umbra_abi::{layout::DIGEST_LEN, limits, syscall};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

fn run<D: Digest>(ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
    let (ptr, len, out) = (ctx.arg(0), ctx.arg(1), ctx.arg(2));
    ctx.reserved_zero(3)?;
    if len > limits::MAX_HASH_INPUT {
        return Err(SyscallError::BadLength { len });
    }
    ctx.check_writable(out, DIGEST_LEN as u32)?;
    let data = ctx.read(ptr, len)?;
    let digest = D::digest(&data);
    ctx.write(out, &digest)?;
    Ok(Outcome {
        a0: 0,
        a1: 0,
        cycles: crate::cost::hash(len),
    })
}

/// SHA3-256 handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha3_256;

impl Precompile for Sha3_256 {
    fn id(&self) -> u32 {
        syscall::SHA3_256
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        run::<sha3::Sha3_256>(ctx)
    }
}

/// Keccak-256 handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct Keccak256;

impl Precompile for Keccak256 {
    fn id(&self) -> u32 {
        syscall::KECCAK_256
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        run::<sha3::Keccak256>(ctx)
    }
}
