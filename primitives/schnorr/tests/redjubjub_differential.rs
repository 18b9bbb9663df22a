//! RedJubjub against the `reddsa` crate (the Zcash Foundation's
//! implementation): basepoints, key derivation, signatures both ways, key
//! re-randomisation, identical verdicts on tampered inputs, small-order keys
//! and arbitrary bytes, batch verification.
#![cfg(feature = "redjubjub")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ed_on_bls12_381::{EdwardsAffine, Fr};
use ark_ff::{BigInteger, PrimeField, Zero};
use common::TestRng;
use group::ff::PrimeField as _;
use rand_core::Rng;
use reddsa::sapling;
use umbra_pedersen::jubjub::{decode_affine, encode_affine};
use umbra_schnorr::redjubjub::{
    self, Binding, Error, Randomizer, SigType, Signature, SigningKey, SpendAuth, VerificationKey,
};

/// Maps our parameterisation to reddsa's.
trait Theirs: SigType {
    type R: reddsa::SigType;
}
impl Theirs for SpendAuth {
    type R = sapling::SpendAuth;
}
impl Theirs for Binding {
    type R = sapling::Binding;
}

fn their_verify<T: Theirs>(vk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    match reddsa::VerificationKey::<T::R>::try_from(*vk) {
        Ok(vk) => vk.verify(msg, &reddsa::Signature::from(*sig)).is_ok(),
        Err(_) => false,
    }
}

fn our_verify<T: SigType>(vk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    redjubjub::verify::<T>(vk, msg, sig).is_ok()
}

fn same_verdict<T: Theirs>(vk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let ours = our_verify::<T>(vk, msg, sig);
    assert_eq!(
        ours,
        their_verify::<T>(vk, msg, sig),
        "{}: verdicts differ on vk={} msg={} sig={}",
        T::NAME,
        hex::encode(vk),
        hex::encode(msg),
        hex::encode(sig)
    );
    ours
}

fn basepoint_matches_reddsa<T: Theirs>() {
    // reddsa's vk for sk = 1 is its basepoint.
    let mut one = [0u8; 32];
    one[0] = 1;
    let theirs = reddsa::SigningKey::<T::R>::from_bytes(&one).unwrap();
    let their_vk: [u8; 32] = reddsa::VerificationKey::from(&theirs).into();
    assert_eq!(their_vk, encode_affine(&T::BASEPOINT), "{}", T::NAME);
    let ours = SigningKey::<T>::from_bytes(&one).unwrap();
    assert_eq!(ours.verification_key().to_bytes(), their_vk);
}

#[test]
fn basepoints_match_reddsa() {
    basepoint_matches_reddsa::<SpendAuth>();
    basepoint_matches_reddsa::<Binding>();
}

fn keys_and_signatures_interoperate<T: Theirs + Swap>(seed: u64) {
    let mut rng = TestRng::new(seed);
    for i in 0..8 {
        let msg: Vec<u8> = (0..i * 7).map(|j| (j * 13 + i) as u8).collect();
        // Ours signs, both verify.
        let ours = SigningKey::<T>::generate(&mut rng);
        let vk = ours.verification_key().to_bytes();
        let theirs = reddsa::SigningKey::<T::R>::from_bytes(&ours.to_bytes()).unwrap();
        assert_eq!(<[u8; 32]>::from(reddsa::VerificationKey::from(&theirs)), vk);
        let sig = ours.sign(&mut rng, &msg).to_bytes();
        assert!(same_verdict::<T>(&vk, &msg, &sig));
        // Theirs signs, both verify.
        let their_sig: [u8; 64] = theirs.sign(&mut rng, &msg).into();
        assert!(same_verdict::<T>(&vk, &msg, &their_sig));
        // A fresh reddsa key read by us.
        let theirs = reddsa::SigningKey::<T::R>::new(&mut rng);
        let ours = SigningKey::<T>::from_bytes(&theirs.to_bytes()).unwrap();
        let vk: [u8; 32] = reddsa::VerificationKey::from(&theirs).into();
        assert_eq!(ours.verification_key().to_bytes(), vk);
        let their_sig: [u8; 64] = theirs.sign(&mut rng, &msg).into();
        assert!(same_verdict::<T>(&vk, &msg, &their_sig));
        // The other parameterisation's basepoint does not verify it.
        assert!(!our_verify::<Other<T>>(&vk, &msg, &their_sig));
    }
}

/// The other parameterisation.
type Other<T> = <T as Swap>::O;
trait Swap {
    type O: SigType;
}
impl Swap for SpendAuth {
    type O = Binding;
}
impl Swap for Binding {
    type O = SpendAuth;
}

#[test]
fn spend_auth_interoperates() {
    keys_and_signatures_interoperate::<SpendAuth>(1);
}

#[test]
fn binding_interoperates() {
    keys_and_signatures_interoperate::<Binding>(2);
}

#[test]
fn randomization_matches_reddsa() {
    let mut rng = TestRng::new(3);
    for _ in 0..6 {
        let ours = SigningKey::<SpendAuth>::generate(&mut rng);
        let theirs =
            reddsa::SigningKey::<sapling::SpendAuth>::from_bytes(&ours.to_bytes()).unwrap();
        let alpha = Randomizer::generate(&mut rng);
        let their_alpha =
            reddsa::Randomizer::<sapling::SpendAuth>::from_repr(alpha.to_bytes()).unwrap();

        let our_rsk = ours.randomize(&alpha);
        let our_rk = ours.verification_key().randomize(&alpha);
        assert_eq!(our_rsk.verification_key(), &our_rk);

        let their_rsk = theirs.randomize(&their_alpha);
        let their_rk = reddsa::VerificationKey::from(&theirs).randomize(&their_alpha);
        assert_eq!(our_rsk.to_bytes(), their_rsk.to_bytes());
        assert_eq!(our_rk.to_bytes(), <[u8; 32]>::from(their_rk));

        let msg = b"re-randomised spend";
        let sig = our_rsk.sign(&mut rng, msg).to_bytes();
        assert!(same_verdict::<SpendAuth>(&our_rk.to_bytes(), msg, &sig));
        // Not valid under the un-randomised key.
        assert!(!same_verdict::<SpendAuth>(
            &ours.verification_key().to_bytes(),
            msg,
            &sig
        ));
        let their_sig: [u8; 64] = their_rsk.sign(&mut rng, msg).into();
        assert!(same_verdict::<SpendAuth>(
            &our_rk.to_bytes(),
            msg,
            &their_sig
        ));
    }
}

/// Every single-byte change (each bit flip and one random non-zero xor per
/// byte) of the message, key or signature is rejected by both.
fn tamper<T: Theirs>(seed: u64) {
    let mut rng = TestRng::new(seed);
    let key = SigningKey::<T>::generate(&mut rng);
    let vk = key.verification_key().to_bytes();
    let msg = b"tamper with any byte of me".to_vec();
    let sig = key.sign(&mut rng, &msg).to_bytes();
    assert!(same_verdict::<T>(&vk, &msg, &sig));
    let mut deltas = [1u8, 2, 4, 8, 16, 32, 64, 128, 0].to_vec();
    for i in 0..msg.len() {
        deltas[8] = (rng.next_u32() as u8) | 1;
        for &d in &deltas {
            let mut m = msg.clone();
            m[i] ^= d;
            assert!(!same_verdict::<T>(&vk, &m, &sig));
        }
    }
    for i in 0..32 {
        deltas[8] = (rng.next_u32() as u8) | 1;
        for &d in &deltas {
            let mut v = vk;
            v[i] ^= d;
            assert!(!same_verdict::<T>(&v, &msg, &sig));
        }
    }
    for i in 0..64 {
        deltas[8] = (rng.next_u32() as u8) | 1;
        for &d in &deltas {
            let mut s = sig;
            s[i] ^= d;
            assert!(!same_verdict::<T>(&vk, &msg, &s));
        }
    }
    // Truncated and extended messages.
    assert!(!same_verdict::<T>(&vk, &msg[..msg.len() - 1], &sig));
    let mut longer = msg.clone();
    longer.push(0);
    assert!(!same_verdict::<T>(&vk, &longer, &sig));
}

#[test]
fn tampering_is_rejected_spend_auth() {
    tamper::<SpendAuth>(4);
}

#[test]
fn tampering_is_rejected_binding() {
    tamper::<Binding>(5);
}

/// The eight points of order dividing 8: `[r]P` for curve points `P` of
/// full order, collected until eight distinct ones are found.
fn small_order_points() -> Vec<EdwardsAffine> {
    let mut rng = TestRng::new(6);
    let mut points: Vec<EdwardsAffine> = Vec::new();
    while points.len() < 8 {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        if let Some(p) = decode_affine(&bytes) {
            let t = p.mul_bigint(Fr::MODULUS).into_affine();
            if !points.contains(&t) {
                points.push(t);
            }
        }
    }
    points
}

fn small_order_keys<T: Theirs>() {
    let mut rng = TestRng::new(7);
    let torsion = small_order_points();
    for t in &torsion {
        assert!(t.mul_by_cofactor_to_group().is_zero());
        let vk_bytes = encode_affine(t);
        let vk = VerificationKey::<T>::from_bytes(&vk_bytes).unwrap();
        assert!(vk.is_small_order());
        assert!(reddsa::VerificationKey::<T::R>::try_from(vk_bytes).is_ok());
        for t2 in &torsion {
            // R = [s]B + T2 verifies under any small-order key with
            // cofactored verification, whatever c is.
            let s = random_scalar(&mut rng);
            let r = (T::BASEPOINT * s + t2).into_affine();
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&encode_affine(&r));
            let s_bytes = s.into_bigint().0;
            for (chunk, limb) in sig[32..].chunks_exact_mut(8).zip(s_bytes) {
                chunk.copy_from_slice(&limb.to_le_bytes());
            }
            assert!(same_verdict::<T>(&vk_bytes, b"small order", &sig));
            // With S off by one, both reject.
            sig[32] ^= 1;
            assert!(!same_verdict::<T>(&vk_bytes, b"small order", &sig));
        }
    }
    // A real key plus a torsion component: the honest signature for the
    // plain key does not verify (the hash binds the key bytes), and both
    // agree on it.
    let key = SigningKey::<T>::generate(&mut rng);
    let sig = key.sign(&mut rng, b"mixed").to_bytes();
    for t in &torsion {
        let mixed = (*key.verification_key().as_affine() + t).into_affine();
        same_verdict::<T>(&encode_affine(&mixed), b"mixed", &sig);
    }
}

fn random_scalar(rng: &mut TestRng) -> Fr {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    Fr::from_le_bytes_mod_order(&wide)
}

#[test]
fn small_order_keys_spend_auth() {
    small_order_keys::<SpendAuth>();
}

#[test]
fn small_order_keys_binding() {
    small_order_keys::<Binding>();
}

#[test]
fn non_canonical_encodings_are_typed_errors() {
    let mut rng = TestRng::new(8);
    let key = SigningKey::<SpendAuth>::generate(&mut rng);
    let vk = key.verification_key();
    let msg = b"encodings";
    let sig = key.sign(&mut rng, msg);
    // S + r is the same scalar mod r but not canonical.
    let s = Fr::from_le_bytes_mod_order(&sig.s_bytes());
    let mut limbs = s.into_bigint();
    let carry = limbs.add_with_carry(&Fr::MODULUS);
    assert!(!carry);
    let mut bad = sig.to_bytes();
    for (chunk, limb) in bad[32..].chunks_exact_mut(8).zip(limbs.0) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    // S + r < 2^253: bit 255 stays clear, only canonicity fails.
    assert_eq!(vk.verify_slice(msg, &bad), Err(Error::NonCanonicalS));
    assert!(!their_verify::<SpendAuth>(&vk.to_bytes(), msg, &bad));
    let mut all_ones = sig.to_bytes();
    all_ones[32..].fill(0xff);
    assert_eq!(vk.verify_slice(msg, &all_ones), Err(Error::NonCanonicalS));
    // v = q (non-canonical field element) for R and for vk.
    let q = ark_ed_on_bls12_381::Fq::MODULUS.0;
    let mut q_bytes = [0u8; 32];
    for (chunk, limb) in q_bytes.chunks_exact_mut(8).zip(q) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    let mut bad_r = sig.to_bytes();
    bad_r[..32].copy_from_slice(&q_bytes);
    assert_eq!(vk.verify_slice(msg, &bad_r), Err(Error::MalformedR));
    assert_eq!(
        VerificationKey::<SpendAuth>::from_bytes(&q_bytes),
        Err(Error::MalformedVerificationKey)
    );
    // ZIP-216: u = 0 with the sign bit set (the identity's non-canonical form).
    let mut neg_zero = encode_affine(&EdwardsAffine::zero());
    neg_zero[31] |= 0x80;
    assert_eq!(
        VerificationKey::<Binding>::from_bytes(&neg_zero),
        Err(Error::MalformedVerificationKey)
    );
    assert!(reddsa::VerificationKey::<sapling::Binding>::try_from(neg_zero).is_err());
    // Lengths.
    assert_eq!(vk.verify_slice(msg, &[0u8; 63]), Err(Error::InvalidLength));
    assert_eq!(
        VerificationKey::<SpendAuth>::from_slice(&[0u8; 33]),
        Err(Error::InvalidLength)
    );
    assert_eq!(
        SigningKey::<SpendAuth>::from_slice(&[0u8; 31]).map(|_| ()),
        Err(Error::InvalidLength)
    );
    // sk >= r.
    let mut r_bytes = [0u8; 32];
    for (chunk, limb) in r_bytes.chunks_exact_mut(8).zip(Fr::MODULUS.0) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    assert_eq!(
        SigningKey::<SpendAuth>::from_bytes(&r_bytes).map(|_| ()),
        Err(Error::MalformedSigningKey)
    );
    assert!(reddsa::SigningKey::<sapling::SpendAuth>::from_bytes(&r_bytes).is_err());
    let _ = Signature::<SpendAuth>::from_bytes(&sig.to_bytes());
}

#[test]
fn arbitrary_bytes_get_identical_verdicts() {
    let mut rng = TestRng::new(9);
    let key = SigningKey::<Binding>::generate(&mut rng);
    let valid_vk = key.verification_key().to_bytes();
    for i in 0..300 {
        let mut vk = [0u8; 32];
        let mut sig = [0u8; 64];
        rng.fill_bytes(&mut vk);
        rng.fill_bytes(&mut sig);
        if i % 2 == 0 {
            vk = valid_vk;
        }
        if i % 3 == 0 {
            sig[63] &= 0x0f; // S likely canonical
        }
        same_verdict::<Binding>(&vk, b"noise", &sig);
        same_verdict::<SpendAuth>(&vk, b"noise", &sig);
    }
}

#[test]
fn batch_verification_agrees() {
    let mut rng = TestRng::new(10);
    let msgs: Vec<Vec<u8>> = (0..6).map(|i| vec![i as u8; i * 5]).collect();
    let spend: Vec<_> = (0..3)
        .map(|_| SigningKey::<SpendAuth>::generate(&mut rng))
        .collect();
    let bind: Vec<_> = (0..3)
        .map(|_| SigningKey::<Binding>::generate(&mut rng))
        .collect();
    let spend_sigs: Vec<_> = spend
        .iter()
        .zip(&msgs)
        .map(|(k, m)| k.sign(&mut rng, m))
        .collect();
    let bind_sigs: Vec<_> = bind
        .iter()
        .zip(&msgs[3..])
        .map(|(k, m)| k.sign(&mut rng, m))
        .collect();

    let build = |spend_sigs: &[Signature<SpendAuth>], bind_sigs: &[Signature<Binding>]| {
        let mut items = Vec::new();
        for ((k, m), s) in spend.iter().zip(&msgs).zip(spend_sigs) {
            items.push(redjubjub::BatchItem::spend_auth(k.verification_key(), m, s));
        }
        for ((k, m), s) in bind.iter().zip(&msgs[3..]).zip(bind_sigs) {
            items.push(redjubjub::BatchItem::binding(k.verification_key(), m, s));
        }
        items
    };
    let theirs = |spend_sigs: &[Signature<SpendAuth>],
                  bind_sigs: &[Signature<Binding>],
                  rng: &mut TestRng| {
        let mut v = reddsa::batch::Verifier::<sapling::SpendAuth, sapling::Binding>::new();
        for ((k, m), s) in spend.iter().zip(&msgs).zip(spend_sigs) {
            let vkb: reddsa::VerificationKeyBytes<sapling::SpendAuth> =
                k.verification_key().to_bytes().into();
            v.queue(reddsa::batch::Item::from_spendauth(
                vkb,
                s.to_bytes().into(),
                m,
            ));
        }
        for ((k, m), s) in bind.iter().zip(&msgs[3..]).zip(bind_sigs) {
            let vkb: reddsa::VerificationKeyBytes<sapling::Binding> =
                k.verification_key().to_bytes().into();
            v.queue(reddsa::batch::Item::from_binding(
                vkb,
                s.to_bytes().into(),
                m,
            ));
        }
        v.verify(rng).is_ok()
    };

    assert_eq!(redjubjub::verify_batch(&mut rng, &[]), Ok(()));
    assert_eq!(redjubjub::verify_batch_deterministic(&[]), Ok(()));
    assert_eq!(
        redjubjub::verify_batch(&mut rng, &build(&spend_sigs, &bind_sigs)),
        Ok(())
    );
    assert_eq!(
        redjubjub::verify_batch_deterministic(&build(&spend_sigs, &bind_sigs)),
        Ok(())
    );
    assert!(redjubjub::find_invalid(&build(&spend_sigs, &bind_sigs)).is_empty());
    assert!(theirs(&spend_sigs, &bind_sigs, &mut rng));

    // One bad signature anywhere fails the batch, as in reddsa.
    for bad in 0..6 {
        let mut ss = spend_sigs.clone();
        let mut bs = bind_sigs.clone();
        if bad < 3 {
            let mut b = ss[bad].to_bytes();
            b[40] ^= 1;
            ss[bad] = Signature::from_bytes(&b);
        } else {
            // A valid signature on another message.
            bs[bad - 3] = bind[bad - 3].sign(&mut rng, b"other");
        }
        let items = build(&ss, &bs);
        assert_eq!(
            redjubjub::verify_batch(&mut rng, &items),
            Err(Error::BatchInvalid)
        );
        assert_eq!(
            redjubjub::verify_batch_deterministic(&items),
            Err(Error::BatchInvalid)
        );
        let blamed = redjubjub::find_invalid(&items);
        assert_eq!(blamed.len(), 1);
        assert_eq!(blamed[0].0, bad);
        assert!(!theirs(&ss, &bs, &mut rng));
    }
    // Swapping the parameterisation of an item fails the batch.
    let mut items = build(&spend_sigs, &bind_sigs);
    let k = &bind[0];
    let swapped =
        VerificationKey::<SpendAuth>::from_bytes(&k.verification_key().to_bytes()).unwrap();
    items[3] = redjubjub::BatchItem::spend_auth(
        &swapped,
        &msgs[3],
        &Signature::from_bytes(&bind_sigs[0].to_bytes()),
    );
    assert!(redjubjub::verify_batch(&mut rng, &items).is_err());
    assert!(redjubjub::verify_batch_deterministic(&items).is_err());
    assert_eq!(redjubjub::find_invalid(&items).len(), 1);
    // A malformed item fails the batch with the same error, and is blamed
    // with its own.
    let mut items = build(&spend_sigs, &bind_sigs);
    let mut bad_s = spend_sigs[1].to_bytes();
    bad_s[63] = 0xff;
    let bad_s = Signature::from_bytes(&bad_s);
    items[1] = redjubjub::BatchItem::new(spend[1].verification_key(), &msgs[1], &bad_s);
    assert_eq!(
        redjubjub::verify_batch(&mut rng, &items),
        Err(Error::BatchInvalid)
    );
    assert_eq!(
        redjubjub::verify_batch_deterministic(&items),
        Err(Error::BatchInvalid)
    );
    assert_eq!(
        redjubjub::find_invalid(&items),
        vec![(1, Error::NonCanonicalS)]
    );
}
