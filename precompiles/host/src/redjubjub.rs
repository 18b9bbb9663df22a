//! RedJubjub verification ([`umbra_abi::syscall::REDJUBJUB_VERIFY`]) with `umbra-schnorr`
//! (Zcash RedDSA over Jubjub): `a0` → verification key (32) ‖ signature `R ‖ S` (64),
//! `a1`/`a2` → message, `a3` = [`RedJubjubVariant`] (SpendAuth / Binding basepoint).
//!
//! Verdicts: a key or `R` that is not the canonical encoding of a Jubjub point, or
//! `S ≥ r`, is `INVALID` with [`Reason::Encoding`]; a well-formed signature that fails
//! `[8](−[S]B + R + [c]vk) = O` is `INVALID` with [`Reason::Equation`]. An unknown variant
//! is [`SyscallError::BadVariant`].

use umbra_abi::{Reason, RedJubjubVariant, syscall};
use umbra_schnorr::redjubjub::{self, Binding, SpendAuth};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

use crate::args::{sig_call, verdict};

/// The [`Reason`] for a `umbra-schnorr` RedJubjub error.
pub fn reason(e: redjubjub::Error) -> Reason {
    use redjubjub::Error as E;
    match e {
        E::InvalidLength
        | E::MalformedSigningKey
        | E::MalformedVerificationKey
        | E::MalformedR
        | E::NonCanonicalS => Reason::Encoding,
        // `InvalidSignature`, `BatchInvalid` and variants added later (the
        // enum is `#[non_exhaustive]`).
        _ => Reason::Equation,
    }
}

/// Verify `sig` on `msg` under `vk` with the `variant` basepoint.
pub fn verify(
    variant: RedJubjubVariant,
    vk: &[u8; 32],
    msg: &[u8],
    sig: &[u8; 64],
) -> Result<(), Reason> {
    match variant {
        RedJubjubVariant::SpendAuth => redjubjub::verify::<SpendAuth>(vk, msg, sig),
        RedJubjubVariant::Binding => redjubjub::verify::<Binding>(vk, msg, sig),
    }
    .map_err(reason)
}

/// RedJubjub handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct RedJubjubVerify;

impl Precompile for RedJubjubVerify {
    fn id(&self) -> u32 {
        syscall::REDJUBJUB_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let v = ctx.arg(3);
        let variant = RedJubjubVariant::from_id(v).ok_or(SyscallError::BadVariant { value: v })?;
        let c = sig_call(ctx)?;
        let r = verify(variant, &c.key, &c.msg, &c.sig);
        Ok(verdict(r, crate::cost::redjubjub(c.msg.len() as u32)))
    }
}
