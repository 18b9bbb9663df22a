//! BIP-340 Schnorr verification ([`umbra_abi::syscall::BIP340_VERIFY`]) with
//! `umbra-schnorr`: `a0` → x-only key (32) ‖ signature `r ‖ s` (64), `a1`/`a2` → raw
//! message, `a3` = 0 (reserved).
//!
//! Verdicts: a key that is not an x coordinate on the curve (or `≥ p`), `r ≥ p` or `s ≥ n`
//! is `INVALID` with [`Reason::Encoding`]; a well-formed signature that fails the equation is
//! `INVALID` with [`Reason::Equation`].

use umbra_abi::{Reason, syscall};
use umbra_schnorr::bip340;
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

use crate::args::{sig_call, verdict};

/// The [`Reason`] for a `umbra-schnorr` BIP-340 error.
pub fn reason(e: bip340::Error) -> Reason {
    use bip340::Error as E;
    match e {
        E::InvalidLength
        | E::PublicKeyOutOfRange
        | E::PublicKeyNotOnCurve
        | E::SignatureROutOfRange
        | E::SignatureSOutOfRange => Reason::Encoding,
        _ => Reason::Equation,
    }
}

/// BIP-340 handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bip340Verify;

impl Precompile for Bip340Verify {
    fn id(&self) -> u32 {
        syscall::BIP340_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        ctx.reserved_zero(3)?;
        let c = sig_call(ctx)?;
        let r = bip340::verify(&c.key, &c.msg, &c.sig).map_err(reason);
        Ok(verdict(r, crate::cost::bip340(c.msg.len() as u32)))
    }
}
