//! RedJubjub verification gadget (`umbra_circuits::redjubjub`) and the
//! BLAKE2b gadget it hashes with.
//!
//! * BLAKE2b: the RFC 7693 known answer, digests equal to `blake2b_simd` at
//!   the block boundaries with and without a personalisation, a wrong claimed
//!   digest rejected.
//! * RedJubjub: native verdict (`umbra_schnorr::redjubjub`) equal to circuit
//!   satisfiability on random SpendAuth and Binding signatures (re-randomised
//!   keys included), on tampered signatures, keys and messages, on
//!   non-canonical `S` and point encodings, and on small-order and
//!   mixed-order keys and commitments built by hand; constant inputs; and a
//!   constraint-mutation test (every single witness perturbed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ed_on_bls12_381::{EdwardsAffine, Fq, Fr};
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, eq::EqGadget, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError};
use common::perturb::{FreeKind, assert_free_kinds};
use umbra_circuits::hash::{blake2b_var, blake2b512_personal_var};
use umbra_circuits::redjubjub::{H_STAR_PERSONALIZATION, decode_point_var, enforce_verify};
use umbra_pedersen::jubjub::{decode_affine, encode_affine};
use umbra_schnorr::redjubjub::{
    Binding, Randomizer, SigType, Signature, SigningKey, SpendAuth, VerificationKey, verify,
};
use umbra_test_vectors::TestRng;

fn witness_bytes(cs: &ConstraintSystemRef<Fq>, bytes: &[u8]) -> Vec<UInt8<Fq>> {
    UInt8::new_witness_vec(cs.clone(), bytes).unwrap()
}

fn random_bytes(rng: &mut TestRng, len: usize) -> Vec<u8> {
    use rand_core::Rng;
    let mut v = vec![0u8; len];
    rng.fill_bytes(&mut v);
    v
}

// ---------------------------------------------------------------------------
// BLAKE2b

/// Synthesises `blake2b_var(msg, out_len, personal)` on witness bytes;
/// returns the digest value and whether the system is satisfied.
fn blake2b_gadget(msg: &[u8], out_len: usize, personal: &[u8; 16]) -> (Vec<u8>, bool) {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let m = witness_bytes(&cs, msg);
    let out = blake2b_var(&m, out_len, personal).unwrap();
    let digest: Vec<u8> = out.iter().map(|b| b.value().unwrap()).collect();
    (digest, cs.is_satisfied().unwrap())
}

fn blake2b_native(msg: &[u8], out_len: usize, personal: &[u8; 16]) -> Vec<u8> {
    blake2b_simd::Params::new()
        .hash_length(out_len)
        .personal(personal)
        .hash(msg)
        .as_bytes()
        .to_vec()
}

#[test]
fn blake2b_rfc7693_known_answer() {
    // RFC 7693 Appendix A: BLAKE2b-512("abc").
    let expected = "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
                    7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
    let (digest, sat) = blake2b_gadget(b"abc", 64, &[0u8; 16]);
    assert!(sat);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, expected);
}

#[test]
fn blake2b_matches_blake2b_simd_at_block_boundaries() {
    let mut rng = TestRng::new(0xb1a2);
    for (len, out_len, personal) in [
        (0usize, 64usize, *H_STAR_PERSONALIZATION),
        (1, 64, [0u8; 16]),
        (127, 32, *b"Zcash_ExpandSeed"),
        (128, 64, *H_STAR_PERSONALIZATION),
        (129, 64, *H_STAR_PERSONALIZATION),
        (256, 20, [0xa5u8; 16]),
    ] {
        let msg = random_bytes(&mut rng, len);
        let (digest, sat) = blake2b_gadget(&msg, out_len, &personal);
        assert!(sat, "len {len}");
        assert_eq!(
            digest,
            blake2b_native(&msg, out_len, &personal),
            "len {len}"
        );
    }
}

#[test]
fn blake2b_personalisation_changes_the_digest() {
    let msg = b"umbra";
    let (plain, _) = blake2b_gadget(msg, 64, &[0u8; 16]);
    let (personal, _) = blake2b_gadget(msg, 64, H_STAR_PERSONALIZATION);
    assert_ne!(plain, personal);
    assert_eq!(plain, blake2b_native(msg, 64, &[0u8; 16]));
}

#[test]
fn blake2b_rejects_a_wrong_claimed_digest_and_bad_lengths() {
    let msg = b"wrong digest";
    let right = blake2b_native(msg, 64, H_STAR_PERSONALIZATION);
    let mut wrong = right.clone();
    wrong[17] ^= 0x04;
    for (claim, ok) in [(&right, true), (&wrong, false)] {
        let cs = ConstraintSystem::<Fq>::new_ref();
        let m = witness_bytes(&cs, msg);
        let out = blake2b512_personal_var(&m, H_STAR_PERSONALIZATION).unwrap();
        let claimed = UInt8::new_input_vec(cs.clone(), claim).unwrap();
        out.as_slice().enforce_equal(claimed.as_slice()).unwrap();
        assert_eq!(cs.is_satisfied().unwrap(), ok);
    }
    let m = [UInt8::<Fq>::constant(1)];
    for bad in [0usize, 65] {
        assert!(matches!(
            blake2b_var(&m, bad, &[0u8; 16]),
            Err(SynthesisError::Unsatisfiable)
        ));
    }
    // constant input folds to the constant digest, with no constraint
    let cs = ConstraintSystem::<Fq>::new_ref();
    let c: Vec<UInt8<Fq>> = msg.iter().map(|b| UInt8::constant(*b)).collect();
    let out = blake2b512_personal_var(&c, H_STAR_PERSONALIZATION).unwrap();
    let v: Vec<u8> = out.iter().map(|b| b.value().unwrap()).collect();
    assert_eq!(v, right);
    assert_eq!(cs.num_constraints(), 0);
}

// ---------------------------------------------------------------------------
// RedJubjub

/// Synthesises `enforce_verify::<T>` with witness bytes; whether the system
/// is satisfied.
fn circuit_accepts<T: SigType>(vk: &[u8; 32], sig: &[u8; 64], msg: &[u8]) -> bool {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let vkv: [UInt8<Fq>; 32] = witness_bytes(&cs, vk).try_into().unwrap();
    let sv: [UInt8<Fq>; 64] = witness_bytes(&cs, sig).try_into().unwrap();
    let mv = witness_bytes(&cs, msg);
    enforce_verify::<T>(&vkv, &sv, &mv).unwrap();
    cs.is_satisfied().unwrap()
}

fn native_accepts<T: SigType>(vk: &[u8; 32], sig: &[u8; 64], msg: &[u8]) -> bool {
    verify::<T>(vk, msg, sig).is_ok()
}

/// Asserts the circuit's verdict equals the native one, and that both are
/// `expected`.
fn check<T: SigType>(what: &str, vk: &[u8; 32], sig: &[u8; 64], msg: &[u8], expected: bool) {
    let native = native_accepts::<T>(vk, sig, msg);
    assert_eq!(native, expected, "{what}: native verdict");
    let circuit = circuit_accepts::<T>(vk, sig, msg);
    assert_eq!(circuit, native, "{what}: circuit disagrees with native");
}

fn signed<T: SigType>(rng: &mut TestRng, msg_len: usize) -> ([u8; 32], [u8; 64], Vec<u8>) {
    let sk = SigningKey::<T>::generate(rng);
    let msg = random_bytes(rng, msg_len);
    let sig = sk.sign(rng, &msg);
    (sk.verification_key().to_bytes(), sig.to_bytes(), msg)
}

#[test]
fn valid_signatures_are_accepted_spendauth_and_binding() {
    let mut rng = TestRng::new(0x5a);
    // 0 and 32 bytes: one BLAKE2b block; 100 bytes: two.
    for len in [0usize, 32, 100] {
        let (vk, sig, msg) = signed::<SpendAuth>(&mut rng, len);
        check::<SpendAuth>("SpendAuth", &vk, &sig, &msg, true);
        let (vk, sig, msg) = signed::<Binding>(&mut rng, len);
        check::<Binding>("Binding", &vk, &sig, &msg, true);
        if len == 32 {
            // the two types differ in the basepoint: each rejects the other
            check::<SpendAuth>("Binding sig as SpendAuth", &vk, &sig, &msg, false);
        }
    }
}

#[test]
fn rerandomised_spendauth_keys() {
    let mut rng = TestRng::new(0x7e);
    let sk = SigningKey::<SpendAuth>::generate(&mut rng);
    let alpha = Randomizer::generate(&mut rng);
    let rsk = sk.randomize(&alpha);
    let rvk = sk.verification_key().randomize(&alpha);
    assert_eq!(rsk.verification_key(), &rvk);
    let msg = random_bytes(&mut rng, 32);
    let sig = rsk.sign(&mut rng, &msg).to_bytes();
    check::<SpendAuth>("randomised key", &rvk.to_bytes(), &sig, &msg, true);
    let vk = sk.verification_key().to_bytes();
    check::<SpendAuth>("original key, randomised sig", &vk, &sig, &msg, false);
}

#[test]
fn tampered_inputs_are_rejected() {
    let mut rng = TestRng::new(0x7a);
    let (vk, sig, msg) = signed::<SpendAuth>(&mut rng, 32);
    check::<SpendAuth>("honest", &vk, &sig, &msg, true);
    // S (byte 40), R (byte 3, and the sign bit), vk (byte 9), message (byte 5)
    for (i, mask) in [(40usize, 0x10u8), (3, 0x01), (31, 0x80)] {
        let mut bad = sig;
        bad[i] ^= mask;
        check::<SpendAuth>(&format!("sig byte {i}"), &vk, &bad, &msg, false);
    }
    let mut bad_vk = vk;
    bad_vk[9] ^= 0x02;
    check::<SpendAuth>("vk byte 9", &bad_vk, &sig, &msg, false);
    let mut bad_msg = msg.clone();
    bad_msg[5] ^= 0x40;
    check::<SpendAuth>("message byte 5", &vk, &sig, &bad_msg, false);
    check::<SpendAuth>("message truncated", &vk, &sig, &msg[..31], false);
}

#[test]
fn random_single_bit_tweaks_are_rejected() {
    // one flipped bit anywhere in vk ‖ R ‖ S ‖ M, at seeded positions
    let mut rng = TestRng::new(0x7b);
    let (vk, sig, msg) = signed::<Binding>(&mut rng, 32);
    let pos = random_bytes(&mut rng, 24);
    for pair in pos.chunks(2) {
        let byte = usize::from(pair[0]) % (32 + 64 + msg.len());
        let mask = 1u8 << (pair[1] % 8);
        let (mut v, mut s, mut m) = (vk, sig, msg.clone());
        match byte {
            0..32 => v[byte] ^= mask,
            32..96 => s[byte - 32] ^= mask,
            _ => m[byte - 96] ^= mask,
        }
        check::<Binding>(&format!("byte {byte} mask {mask:#04x}"), &v, &s, &m, false);
    }
}

/// `r` (the subgroup order) as 32 little-endian bytes.
fn order_le() -> [u8; 32] {
    Fr::MODULUS.to_bytes_le().try_into().unwrap()
}

/// `a + b` on 32-byte little-endian integers (no overflow expected).
fn add_le(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    assert_eq!(carry, 0);
    out
}

#[test]
fn non_canonical_s_is_rejected() {
    let mut rng = TestRng::new(0x5c);
    let (vk, sig, msg) = signed::<Binding>(&mut rng, 32);
    let s: [u8; 32] = sig[32..].try_into().unwrap();
    // S + r satisfies the equation (B has order r): only the range check
    // rejects it.
    let mut bad = sig;
    bad[32..].copy_from_slice(&add_le(&s, &order_le()));
    assert_eq!(
        verify::<Binding>(&vk, &msg, &bad),
        Err(umbra_schnorr::redjubjub::Error::NonCanonicalS)
    );
    check::<Binding>("S + r", &vk, &bad, &msg, false);
    // S = r − 1 is canonical (the comparison's edge), wrong for this sig
    let mut edge = sig;
    let mut r_minus_one = order_le();
    r_minus_one[0] -= 1;
    edge[32..].copy_from_slice(&r_minus_one);
    check::<Binding>("S = r - 1", &vk, &edge, &msg, false);
}

/// A point of order exactly 8 (the torsion part of a decoded point).
fn order8_point() -> EdwardsAffine {
    for y in 2u64.. {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&y.to_le_bytes());
        if let Ok(vk) = VerificationKey::<SpendAuth>::from_bytes(&bytes) {
            let t = vk.as_affine().mul_bigint(Fr::MODULUS).into_affine();
            let t4 = t.mul_bigint([4u64]).into_affine();
            if !t4.is_zero() {
                return t;
            }
        }
    }
    unreachable!()
}

/// `H*(R ‖ vk ‖ M)` computed here (independently of the native crate).
fn h_star(parts: &[&[u8]]) -> Fr {
    let mut st = blake2b_simd::Params::new()
        .hash_length(64)
        .personal(H_STAR_PERSONALIZATION)
        .to_state();
    for p in parts {
        st.update(p);
    }
    Fr::from_le_bytes_mod_order(st.finalize().as_bytes())
}

fn scalar_bytes(s: Fr) -> [u8; 32] {
    s.into_bigint().to_bytes_le().try_into().unwrap()
}

/// A signature made by hand with `vk = [sk]B + T_vk`, `R = [k]B + T_R`
/// (torsion points `T`), `S = k + c·sk`: accepted by the cofactored rule.
fn mixed_order_sig<T: SigType>(
    sk: Fr,
    k: Fr,
    t_vk: EdwardsAffine,
    t_r: EdwardsAffine,
    msg: &[u8],
) -> ([u8; 32], [u8; 64]) {
    let vk = (T::BASEPOINT * sk + t_vk).into_affine();
    let r = (T::BASEPOINT * k + t_r).into_affine();
    let (vk, r) = (encode_affine(&vk), encode_affine(&r));
    let c = h_star(&[&r, &vk, msg]);
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&r);
    sig[32..].copy_from_slice(&scalar_bytes(k + c * sk));
    (vk, sig)
}

#[test]
fn small_and_mixed_order_points_match_native() {
    let t8 = order8_point();
    let t2 = t8.mul_bigint([4u64]).into_affine(); // (0, −1)
    let o = EdwardsAffine::zero();
    let msg = b"small order";
    let (sk, k) = (Fr::from(123_456_789u64), Fr::from(987_654_321u64));

    // mixed-order vk and R: the torsion is killed by [8]; the challenge is
    // computed over the encodings as given (the unreduced c is exercised
    // with a vk of order 8r)
    let (vk, sig) = mixed_order_sig::<SpendAuth>(sk, k, t8, t2, msg);
    check::<SpendAuth>("mixed-order vk and R", &vk, &sig, msg, true);
    let (vk, sig) = mixed_order_sig::<Binding>(sk, k, t2, t8, msg);
    check::<Binding>("mixed-order vk and R (Binding)", &vk, &sig, msg, true);

    // vk = O (sk = 0), R of order 8, S = 0: [8](R) = O, accepted natively
    // (Sapling's small-order rk rule is a separate check)
    let (vk, sig) = mixed_order_sig::<SpendAuth>(Fr::zero(), Fr::zero(), o, t8, msg);
    assert_eq!(vk, encode_affine(&o));
    assert!(sig[32..].iter().all(|b| *b == 0));
    check::<SpendAuth>("identity vk, order-8 R, S = 0", &vk, &sig, msg, true);
    // vk of order 8 with a torsion-only R and S = 0, any message
    let (vk, sig) = mixed_order_sig::<SpendAuth>(Fr::zero(), Fr::zero(), t8, t2, msg);
    check::<SpendAuth>("order-8 vk, order-2 R", &vk, &sig, msg, true);
    check::<SpendAuth>("order-8 vk, other message", &vk, &sig, b"x", true);
    // ... but a wrong S is still rejected
    let mut bad = sig;
    bad[32] = 1;
    check::<SpendAuth>("order-8 vk, S = 1", &vk, &bad, msg, false);
}

#[test]
fn non_canonical_point_encodings_are_rejected() {
    let mut rng = TestRng::new(0x9c);
    let (vk, sig, msg) = signed::<SpendAuth>(&mut rng, 16);
    let p: [u8; 32] = Fq::MODULUS.to_bytes_le().try_into().unwrap();
    let identity = encode_affine(&EdwardsAffine::zero()); // v = 1
    let mut one = [0u8; 32];
    one[0] = 1;
    // v = 1 + p (the identity's v, non-canonical)
    let v_plus_p = add_le(&identity, &p);
    // u = 0 with the sign bit set: (0, 1) and (0, −1)
    let mut identity_signed = identity;
    identity_signed[31] |= 0x80;
    let mut minus_one = encode_affine(&EdwardsAffine::new_unchecked(Fq::zero(), -Fq::from(1u8)));
    assert_eq!(minus_one[31] & 0x80, 0);
    minus_one[31] |= 0x80;
    // a v with no curve point: the first failing small v
    let no_point = (2u64..)
        .map(|y| {
            let mut b = [0u8; 32];
            b[..8].copy_from_slice(&y.to_le_bytes());
            b
        })
        .find(|b| VerificationKey::<SpendAuth>::from_bytes(b).is_err())
        .unwrap();
    for (name, enc) in [
        ("v + p", v_plus_p),
        ("(0, 1) with sign bit", identity_signed),
        ("(0, -1) with sign bit", minus_one),
        ("no point", no_point),
    ] {
        assert!(VerificationKey::<SpendAuth>::from_bytes(&enc).is_err());
        check::<SpendAuth>(&format!("vk = {name}"), &enc, &sig, &msg, false);
        let mut bad = sig;
        bad[..32].copy_from_slice(&enc);
        check::<SpendAuth>(&format!("R = {name}"), &vk, &bad, &msg, false);
    }
    // the canonical identity is a valid (small-order) key encoding
    assert_eq!(identity, one);
    assert!(VerificationKey::<SpendAuth>::from_bytes(&identity).is_ok());
}

/// `decode_point_var` on witness bytes: the decoded point if the system is
/// satisfied, `None` otherwise.
fn circuit_decode(bytes: &[u8; 32]) -> Option<EdwardsAffine> {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let b: [UInt8<Fq>; 32] = witness_bytes(&cs, bytes).try_into().unwrap();
    let p = decode_point_var(&b).unwrap();
    cs.is_satisfied().unwrap().then(|| p.value().unwrap())
}

#[test]
fn point_decoding_matches_native_decoder() {
    let mut rng = TestRng::new(0xdec);
    let mut decoded = 0;
    let mut cases: Vec<[u8; 32]> = (0..48)
        .map(|_| random_bytes(&mut rng, 32).try_into().unwrap())
        .collect();
    // canonical encodings of random subgroup and mixed-order points
    let t8 = order8_point();
    for i in 1..9u64 {
        let p = SpendAuth::BASEPOINT * Fr::from(i * 0x1234_5678_9abc) + t8 * Fr::from(i);
        cases.push(encode_affine(&p.into_affine()));
    }
    // the small-order points and their non-canonical variants
    for k in 0..8u64 {
        let enc = encode_affine(&(t8 * Fr::from(k)).into_affine());
        cases.push(enc);
        let mut signed = enc;
        signed[31] ^= 0x80;
        cases.push(signed);
    }
    let mut p_plus_one: [u8; 32] = Fq::MODULUS.to_bytes_le().try_into().unwrap();
    p_plus_one[0] += 1;
    cases.push(p_plus_one);
    cases.push([0xff; 32]);
    for bytes in &cases {
        let native = decode_affine(bytes);
        assert_eq!(circuit_decode(bytes), native, "{bytes:02x?}");
        decoded += usize::from(native.is_some());
    }
    // both outcomes are exercised
    assert!(decoded > 20 && decoded < cases.len() - 20, "{decoded}");
}

#[test]
fn constant_inputs_fold() {
    let mut rng = TestRng::new(0xc0);
    let (vk, sig, msg) = signed::<Binding>(&mut rng, 8);
    let consts = |b: &[u8]| -> Vec<UInt8<Fq>> { b.iter().map(|x| UInt8::constant(*x)).collect() };
    let vkc: [UInt8<Fq>; 32] = consts(&vk).try_into().unwrap();
    let sc: [UInt8<Fq>; 64] = consts(&sig).try_into().unwrap();
    assert!(enforce_verify::<Binding>(&vkc, &sc, &consts(&msg)).is_ok());
    let mut bad = sig;
    bad[40] ^= 1;
    let bc: [UInt8<Fq>; 64] = consts(&bad).try_into().unwrap();
    assert!(matches!(
        enforce_verify::<Binding>(&vkc, &bc, &consts(&msg)),
        Err(SynthesisError::Unsatisfiable)
    ));
}

#[test]
fn every_single_witness_perturbation_is_caught() {
    let mut rng = TestRng::new(0x9e);
    let (vk, sig, msg) = signed::<SpendAuth>(&mut rng, 32);
    let cs = ConstraintSystem::<Fq>::new_ref();
    let vkv: [UInt8<Fq>; 32] = witness_bytes(&cs, &vk).try_into().unwrap();
    let sv: [UInt8<Fq>; 64] = witness_bytes(&cs, &sig).try_into().unwrap();
    let mv = witness_bytes(&cs, &msg);
    enforce_verify::<SpendAuth>(&vkv, &sv, &mv).unwrap();
    assert!(cs.is_satisfied().unwrap());
    // Free and harmless: arkworks' in-field check (`v < p` when packing an
    // encoding's 255 bits) ANDs each run of ones of `p − 1` with
    // `kary_and`; a run of more than three operands is `is_eq(Σ bits, n)`,
    // whose inverse hint is multiplied by zero when every bit of the run is
    // set. Here: the top three bits of R's v-coordinate are `111`, the top
    // run of `p − 1` (plus the constant TRUE), so that one hint is free; its
    // value reaches no other wire. The count depends on the input bytes.
    assert_free_kinds(
        "RedJubjub SpendAuth verify",
        &cs,
        &[(FreeKind::ZeroMultiplied, 1)],
    );
}

#[test]
fn mixed_order_key_perturbation_is_caught() {
    // order-8 torsion on vk and order-2 on R: the complete additions and
    // the cofactor doublings meet small-order operands
    let t8 = order8_point();
    let t2 = t8.mul_bigint([4u64]).into_affine();
    let msg = b"mixed order perturbation";
    let (vk, sig) = mixed_order_sig::<Binding>(Fr::from(77u8), Fr::from(99u8), t8, t2, msg);
    assert!(native_accepts::<Binding>(&vk, &sig, msg));
    let cs = ConstraintSystem::<Fq>::new_ref();
    let vkv: [UInt8<Fq>; 32] = witness_bytes(&cs, &vk).try_into().unwrap();
    let sv: [UInt8<Fq>; 64] = witness_bytes(&cs, &sig).try_into().unwrap();
    let mv = witness_bytes(&cs, msg);
    enforce_verify::<Binding>(&vkv, &sv, &mv).unwrap();
    assert!(cs.is_satisfied().unwrap());
    // Free and harmless, as in the SpendAuth case: here the `S ≤ r − 1`
    // comparison (arkworks' `enforce_smaller_or_equal_than_le`, the same
    // `kary_and` over runs of ones) meets `S`'s top three bits `111`, the top
    // run of `r − 1`, so that `is_eq` inverse hint is multiplied by zero.
    assert_free_kinds(
        "RedJubjub Binding verify, mixed-order vk",
        &cs,
        &[(FreeKind::ZeroMultiplied, 1)],
    );
}

/// Setup mode (no witness values, as for a Groth16 key) synthesises the
/// same number of constraints and variables as proving an accepted and a
/// rejected signature: the shape does not depend on the inputs.
#[test]
fn setup_mode_shape_matches() {
    use ark_relations::gr1cs::SynthesisMode;
    let mut rng = TestRng::new(0x5e);
    let (vk, sig, msg) = signed::<SpendAuth>(&mut rng, 32);
    let mut bad = sig;
    bad[33] ^= 0x20;
    let run = |values: Option<&[u8; 64]>| {
        let cs = ConstraintSystem::<Fq>::new_ref();
        if values.is_none() {
            cs.set_mode(SynthesisMode::Setup);
        }
        let alloc = |bytes: &[u8]| -> Vec<UInt8<Fq>> {
            bytes
                .iter()
                .map(|b| {
                    UInt8::new_witness(cs.clone(), || {
                        values.map(|_| *b).ok_or(SynthesisError::AssignmentMissing)
                    })
                    .unwrap()
                })
                .collect()
        };
        let vkv: [UInt8<Fq>; 32] = alloc(&vk).try_into().unwrap();
        let sv: [UInt8<Fq>; 64] = alloc(values.unwrap_or(&sig)).try_into().unwrap();
        let mv = alloc(&msg);
        enforce_verify::<SpendAuth>(&vkv, &sv, &mv).unwrap();
        (cs.num_constraints(), cs.num_witness_variables())
    };
    let setup = run(None);
    assert_eq!(setup, run(Some(&sig)));
    assert_eq!(setup, run(Some(&bad)));
}

/// The native signature type round-trips (guards the byte layout the
/// circuit reads: `R ‖ S`).
#[test]
fn signature_layout_is_r_then_s() {
    let mut rng = TestRng::new(0x1a);
    let (_, sig, _) = signed::<SpendAuth>(&mut rng, 4);
    let s = Signature::<SpendAuth>::from_bytes(&sig);
    assert_eq!(s.r_bytes(), sig[..32]);
    assert_eq!(s.s_bytes(), sig[32..]);
}
