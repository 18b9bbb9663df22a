//! Ed25519 verification ([`umbra_abi::syscall::ED25519_VERIFY`]) with `umbra-eddsa`:
//! `a0` → public key (32) ‖ signature `R ‖ S` (64), `a1`/`a2` → message,
//! `a3` = [`Ed25519Rule`] (an unknown rule is [`SyscallError::BadVariant`]).
//!
//! Verdicts: a key or `R` that the rule does not accept as a point (undecodable,
//! non-canonical under RFC 8032 / strict, small order under strict) or `S ≥ ℓ` is `INVALID`
//! with [`Reason::Encoding`]; a failed verification equation is [`Reason::Equation`].

use umbra_abi::{Ed25519Rule, Reason, syscall};
use umbra_eddsa::{Error, Rule, Signature, VerifyingKey};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

use crate::args::{sig_call, verdict};

/// The `umbra-eddsa` rule for an ABI rule.
pub fn rule(r: Ed25519Rule) -> Rule {
    match r {
        Ed25519Rule::Rfc8032 => Rule::Rfc8032,
        Ed25519Rule::Strict => Rule::Strict,
        Ed25519Rule::Zip215 => Rule::Zip215,
    }
}

/// The [`Reason`] for a `umbra-eddsa` error.
pub fn reason(e: Error) -> Reason {
    match e {
        Error::InvalidSignature | Error::BatchInvalid => Reason::Equation,
        _ => Reason::Encoding,
    }
}

/// Verify under an ABI rule (shared with the guest SDK's host simulation semantics).
pub fn verify(r: Ed25519Rule, key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Result<(), Reason> {
    let vk = VerifyingKey::from_bytes(key).map_err(reason)?;
    vk.verify_with(rule(r), msg, &Signature::from_bytes(sig))
        .map_err(reason)
}

/// Ed25519 handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ed25519Verify;

impl Precompile for Ed25519Verify {
    fn id(&self) -> u32 {
        syscall::ED25519_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let variant = ctx.arg(3);
        let r = Ed25519Rule::from_id(variant).ok_or(SyscallError::BadVariant { value: variant })?;
        let c = sig_call(ctx)?;
        let v = verify(r, &c.key, &c.msg, &c.sig);
        Ok(verdict(v, crate::cost::ed25519(c.msg.len() as u32)))
    }
}
