//! GG20 signature shares: honest sessions verify, combine to a low-s ECDSA
//! signature that k256 verifies and recovers; every tampered share field
//! blames exactly its party; aggregate inconsistencies get typed errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use crate::support;

use k256::{
    ProjectivePoint, Scalar,
    ecdsa::{VerifyingKey, signature::hazmat::PrehashVerifier},
    elliptic_curve::{group::GroupEncoding, scalar::IsHigh},
};
use proptest::prelude::*;
use support::{TestRng, deal, pick_signers, sign};
use umbra_tecdsa::{
    Error,
    ecdsa::{verify_prehash, verify_prehash_low_s},
    signing::{SignatureShare, check_sums, combine, verify_signature_shares},
};

fn prehash(rng: &mut TestRng) -> [u8; 32] {
    use rand_core::Rng;
    let mut h = [0u8; 32];
    rng.fill_bytes(&mut h);
    h
}

#[test]
fn honest_sessions_combine_to_standard_signatures() {
    let mut rng = TestRng::new(10);
    let mut high_seen = 0;
    for (t, n) in [
        (0usize, 1u16),
        (1, 2),
        (1, 3),
        (2, 3),
        (2, 5),
        (3, 7),
        (4, 5),
    ] {
        let d = deal(&mut rng, t, n);
        for extra in 0..=(usize::from(n) - t - 1).min(1) {
            for _ in 0..4 {
                let signers = pick_signers(&mut rng, n, t + 1 + extra);
                let h = prehash(&mut rng);
                let run = sign(&mut rng, &d, &signers, h);
                verify_signature_shares(&run.ctx, &run.shares).unwrap();
                let raw_s: Scalar = run.shares.iter().map(|s| s.s).sum();
                high_seen += usize::from(bool::from(raw_s.is_high()));
                let (sig, recid) = combine(&run.ctx, &run.shares).unwrap();
                assert!(!bool::from(sig.s().is_high()), "normalised to low s");
                verify_prehash_low_s(&d.group_key(), &run.prehash, &sig).unwrap();
                let vk = VerifyingKey::from_affine(d.group_key().to_affine()).unwrap();
                vk.verify_prehash(&run.prehash, &sig).unwrap();
                let recovered =
                    VerifyingKey::recover_from_prehash(&run.prehash, &sig, recid).unwrap();
                assert_eq!(recovered, vk);
            }
        }
    }
    assert!(high_seen > 0, "some sessions needed the low-s flip");
}

#[test]
fn structural_errors() {
    let mut rng = TestRng::new(11);
    let d = deal(&mut rng, 1, 3);
    let h = prehash(&mut rng);
    let run = sign(&mut rng, &d, &[1, 3], h);
    assert_eq!(verify_signature_shares(&run.ctx, &[]), Err(Error::Empty));
    let mut dup = run.shares.clone();
    dup[1].index = 1;
    assert_eq!(
        verify_signature_shares(&run.ctx, &dup),
        Err(Error::DuplicateIndex(1))
    );
    let mut zero = run.shares.clone();
    zero[0].index = 0;
    assert_eq!(
        verify_signature_shares(&run.ctx, &zero),
        Err(Error::ZeroIndex)
    );
    assert_eq!(combine(&run.ctx, &zero), Err(Error::ZeroIndex));
    let mut ctx = run.ctx;
    ctx.nonce_point = k256::AffinePoint::IDENTITY;
    assert_eq!(
        verify_signature_shares(&ctx, &run.shares),
        Err(Error::InvalidNonce)
    );
    // A missing party: each remaining equation holds, the sums do not.
    assert_eq!(
        verify_signature_shares(&run.ctx, &run.shares[..1]),
        Err(Error::NonceSumMismatch)
    );
    // Wrong group key in the context.
    let mut ctx = run.ctx;
    ctx.group_key += ProjectivePoint::GENERATOR;
    assert_eq!(
        verify_signature_shares(&ctx, &run.shares),
        Err(Error::KeySumMismatch)
    );
    // The case blame cannot cover (documented in docs/secp256k1.md): one party
    // shifts R̄ᵢ by Δ and Sᵢ by −(m/r)·Δ. No discrete log is needed, its own
    // equation sᵢ·R = m·R̄ᵢ + r·Sᵢ still holds, and only the sums break: the
    // session is rejected, but nobody can be blamed without GG20's proofs.
    let r = run.ctx.r().unwrap();
    let delta = ProjectivePoint::GENERATOR * Scalar::from(7u64);
    let m_over_r = run.ctx.message * r.invert().unwrap();
    let mut lying = run.shares.clone();
    lying[1].nonce_share += delta;
    lying[1].key_share -= delta * m_over_r;
    assert_eq!(
        umbra_tecdsa::signing::verify_share_equation(&run.ctx, &lying[1]),
        Ok(())
    );
    assert_eq!(
        verify_signature_shares(&run.ctx, &lying),
        Err(Error::NonceSumMismatch)
    );
    // Two parties shifting their S_i by +D and −D: equations break for both
    // (blamed), sums hold.
    let mut shifted = run.shares.clone();
    shifted[0].key_share += ProjectivePoint::GENERATOR;
    shifted[1].key_share -= ProjectivePoint::GENERATOR;
    check_sums(&run.ctx, &shifted).unwrap();
    assert_eq!(
        verify_signature_shares(&run.ctx, &shifted),
        Err(Error::Blame(vec![1, 3]))
    );
    // Combining shares whose s sums to zero.
    let mut zero_s = run.shares.clone();
    zero_s[1].s = -zero_s[0].s;
    assert_eq!(combine(&run.ctx, &zero_s), Err(Error::ZeroSignature));
}

/// Field `which` of party `victim`'s share gets one flipped bit; `None` if
/// the flipped value does not decode.
fn tamper(share: &SignatureShare, which: u8, byte: usize, bit: u8) -> Option<SignatureShare> {
    use k256::elliptic_curve::PrimeField;
    let mut out = *share;
    match which {
        0 => {
            let mut enc = share.nonce_share.to_bytes();
            enc[byte % 33] ^= 1 << bit;
            out.nonce_share = Option::from(ProjectivePoint::from_bytes(&enc))?;
        }
        1 => {
            let mut enc = share.key_share.to_bytes();
            enc[byte % 33] ^= 1 << bit;
            out.key_share = Option::from(ProjectivePoint::from_bytes(&enc))?;
        }
        _ => {
            let mut enc = share.s.to_repr();
            enc[byte % 32] ^= 1 << bit;
            out.s = Option::from(Scalar::from_repr(enc))?;
        }
    }
    (out != *share).then_some(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// One bit of R̄ᵢ, Sᵢ or sᵢ of one party flipped: exactly that party is
    /// blamed, and the combined signature (if forced) does not verify.
    #[test]
    fn tampered_share_blames_its_party(seed in any::<u64>(), t in 0usize..3, victim in any::<prop::sample::Index>(), which in 0u8..3, byte in 0usize..33, bit in 0u8..8) {
        let mut rng = TestRng::new(seed);
        let n = t as u16 + 2;
        let d = deal(&mut rng, t, n);
        let signers = pick_signers(&mut rng, n, t + 1);
        let h = prehash(&mut rng);
        let run = sign(&mut rng, &d, &signers, h);
        let v = victim.index(run.shares.len());
        let Some(bad) = tamper(&run.shares[v], which, byte, bit) else { return Ok(()) };
        let mut shares = run.shares.clone();
        shares[v] = bad;
        prop_assert_eq!(verify_signature_shares(&run.ctx, &shares), Err(Error::Blame(vec![bad.index])));
        if which == 2 {
            let (sig, _) = combine(&run.ctx, &shares).unwrap();
            prop_assert!(verify_prehash(&d.group_key(), &run.prehash, &sig).is_err());
        }
    }

    /// Several parties cheat at once: all of them, and only them, are blamed.
    #[test]
    fn every_cheater_is_blamed(seed in any::<u64>(), mask in 1u8..32) {
        let mut rng = TestRng::new(seed);
        let d = deal(&mut rng, 4, 6);
        let signers = pick_signers(&mut rng, 6, 5);
        let h = prehash(&mut rng);
        let run = sign(&mut rng, &d, &signers, h);
        let mut shares = run.shares.clone();
        let mut expect = Vec::new();
        for (pos, share) in shares.iter_mut().enumerate() {
            if mask & (1 << pos) != 0 {
                share.s += Scalar::ONE;
                expect.push(share.index);
            }
        }
        prop_assert_eq!(verify_signature_shares(&run.ctx, &shares), Err(Error::Blame(expect)));
    }

    /// A different message: every party's equation fails.
    #[test]
    fn wrong_message_blames_everyone(seed in any::<u64>()) {
        let mut rng = TestRng::new(seed);
        let d = deal(&mut rng, 2, 4);
        let h = prehash(&mut rng);
        let run = sign(&mut rng, &d, &[1, 2, 4], h);
        let mut ctx = run.ctx;
        ctx.message += Scalar::ONE;
        prop_assert_eq!(verify_signature_shares(&ctx, &run.shares), Err(Error::Blame(vec![1, 2, 4])));
    }
}
