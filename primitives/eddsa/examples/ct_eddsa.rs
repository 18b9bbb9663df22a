//! Constant-time checks for key generation, key expansion and signing
//! (Ed25519, Ed25519ctx, Ed25519ph) under valgrind memcheck.
//! Run with `cargo ctgrind -p umbra-eddsa`.
//!
//! Each case marks the secret (seed, expanded key bytes, and for the
//! comparison the second key) as undefined, runs the operation, and
//! declassifies only public outputs (public keys, signatures, verdicts)
//! before using them. A control case runs the variable-time verifier on a
//! classified input and must be reported, proving the harness bites.

use std::hint::black_box;
use std::process::ExitCode;

use subtle::ConstantTimeEq;
use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_eddsa::{ExpandedSecretKey, SigningKey};

const MSG: &[u8] = b"constant-time signing under valgrind";

fn secret_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37).wrapping_add(11);
    }
    classify(&seed);
    seed
}

fn keygen() {
    let seed = secret_seed();
    let sk = SigningKey::from_bytes(&seed);
    let vk = sk.verifying_key().to_bytes();
    declassify(&vk);
    black_box(vk);
}

fn expand() {
    let mut bytes = [0u8; 64];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(91).wrapping_add(3);
    }
    classify(&bytes);
    let e = ExpandedSecretKey::from_bytes(&bytes);
    let vk = e.verifying_key().to_bytes();
    declassify(&vk);
    let sig = e.sign(MSG).to_bytes();
    declassify(&sig);
    black_box((vk, sig));
}

fn sign() {
    let sk = SigningKey::from_bytes(&secret_seed());
    let sig = sk.sign(MSG).to_bytes();
    declassify(&sig);
    black_box(sig);
}

fn sign_ctx() {
    let sk = SigningKey::from_bytes(&secret_seed());
    let sig = sk.sign_ctx(b"umbra ctx", MSG);
    let Ok(sig) = sig else { return };
    let sig = sig.to_bytes();
    declassify(&sig);
    black_box(sig);
}

fn sign_ph() {
    let sk = SigningKey::from_bytes(&secret_seed());
    let sig = sk.sign_ph(b"umbra ph", MSG);
    let Ok(sig) = sig else { return };
    let sig = sig.to_bytes();
    declassify(&sig);
    black_box(sig);
}

fn key_ct_eq() {
    let a = SigningKey::from_bytes(&secret_seed());
    let mut other = secret_seed();
    other[31] ^= 1;
    let b = SigningKey::from_bytes(&other);
    let verdict = (
        a.ct_eq(&b).unwrap_u8(),
        a.expanded().ct_eq(b.expanded()).unwrap_u8(),
    );
    declassify(&verdict);
    black_box(verdict);
}

/// Control: verification is variable-time by design; fed a classified
/// signature it must be reported.
fn leaky_verify_vartime() {
    let sk = SigningKey::from_bytes(&[7u8; 32]);
    let sig = sk.sign(MSG).to_bytes();
    classify(&sig);
    let ok = sk
        .verifying_key()
        .verify(MSG, &umbra_eddsa::Signature::from_bytes(&sig))
        .is_ok();
    declassify(&ok);
    black_box(ok);
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new("keygen", Expect::ConstantTime, keygen),
        Case::new("expand", Expect::ConstantTime, expand),
        Case::new("sign", Expect::ConstantTime, sign),
        Case::new("sign_ctx", Expect::ConstantTime, sign_ctx),
        Case::new("sign_ph", Expect::ConstantTime, sign_ph),
        Case::new("key_ct_eq", Expect::ConstantTime, key_ct_eq),
        Case::new("leaky_verify_vartime", Expect::Leaks, leaky_verify_vartime),
    ])
}
