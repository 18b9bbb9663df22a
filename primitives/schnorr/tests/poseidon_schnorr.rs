//! Schnorr with a Poseidon challenge: round trips, tamper tests, typed
//! errors on malformed encodings, the known-answer file, and differential
//! checks of signing and verification against plain arkworks arithmetic.
#![cfg(feature = "poseidon-schnorr")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::sync::OnceLock;

use ark_ec::twisted_edwards::{Projective, TECurveConfig};
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{BigInteger, Field, PrimeField};
use common::TestRng;
use proptest::prelude::*;
use std::str::FromStr;
use umbra_schnorr::poseidon_schnorr::{
    BabyJubjub, Curve, Error, Jubjub, Point, PointError, PoseidonSchnorr, Signature, SigningKey,
    VerifyingKey, challenge_scalar, decode_point, encode_point,
};

fn jubjub() -> &'static PoseidonSchnorr<Jubjub> {
    static S: OnceLock<PoseidonSchnorr<Jubjub>> = OnceLock::new();
    S.get_or_init(|| PoseidonSchnorr::new().unwrap())
}

fn baby() -> &'static PoseidonSchnorr<BabyJubjub> {
    static S: OnceLock<PoseidonSchnorr<BabyJubjub>> = OnceLock::new();
    S.get_or_init(|| PoseidonSchnorr::new().unwrap())
}

fn random_msg<C: Curve>(rng: &mut TestRng, len: usize) -> Vec<C::Base> {
    (0..len).map(|_| random_field(rng)).collect()
}

/// A uniform field element (64 random bytes reduced by arkworks).
fn random_field<F: PrimeField>(rng: &mut TestRng) -> F {
    use rand_core::Rng;
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    F::from_le_bytes_mod_order(&wide)
}

// ---------------------------------------------------------------------------
// Round trip and determinism.

fn round_trip<C: Curve>(scheme: &PoseidonSchnorr<C>, seed: u64, len: usize) {
    let mut rng = TestRng::new(seed);
    let key = SigningKey::<C>::generate(&mut rng);
    let msg = random_msg::<C>(&mut rng, len);
    let sig = scheme.sign_with_rng(&mut rng, &key, &msg).unwrap();
    scheme.verify(key.verifying_key(), &msg, &sig).unwrap();
    // Through the encodings.
    let pk = key.verifying_key().to_bytes();
    let bytes = sig.to_bytes();
    scheme.verify_bytes(&pk, &msg, &bytes).unwrap();
    assert_eq!(Signature::<C>::from_bytes(&bytes).unwrap(), sig);
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&pk).unwrap(),
        *key.verifying_key()
    );
    // Key round trip.
    let again = SigningKey::<C>::from_bytes(&key.to_bytes()).unwrap();
    assert_eq!(again.verifying_key(), key.verifying_key());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn round_trip_jubjub(seed in any::<u64>(), len in 0usize..6) {
        round_trip(jubjub(), seed, len);
    }

    #[test]
    fn round_trip_baby_jubjub(seed in any::<u64>(), len in 0usize..6) {
        round_trip(baby(), seed, len);
    }

    #[test]
    fn tamper_jubjub(seed in any::<u64>(), len in 1usize..4) {
        tamper(jubjub(), seed, len);
    }

    #[test]
    fn tamper_baby_jubjub(seed in any::<u64>(), len in 1usize..4) {
        tamper(baby(), seed, len);
    }

    #[test]
    fn arkworks_differential_jubjub(seed in any::<u64>(), len in 0usize..4) {
        arkworks_differential(jubjub(), seed, len);
    }

    #[test]
    fn arkworks_differential_baby_jubjub(seed in any::<u64>(), len in 0usize..4) {
        arkworks_differential(baby(), seed, len);
    }

    #[test]
    fn point_codec_jubjub(seed in any::<u64>()) {
        point_codec::<Jubjub>(seed);
    }

    #[test]
    fn point_codec_baby_jubjub(seed in any::<u64>()) {
        point_codec::<BabyJubjub>(seed);
    }
}

#[test]
fn signing_is_deterministic_without_aux_and_hedged_with_it() {
    let scheme = jubjub();
    let mut rng = TestRng::new(1);
    let key = SigningKey::<Jubjub>::generate(&mut rng);
    let msg = random_msg::<Jubjub>(&mut rng, 2);
    let a = scheme.sign(&key, &msg, None).unwrap();
    let b = scheme.sign(&key, &msg, None).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, scheme.sign(&key, &msg, Some(&[0u8; 32])).unwrap());
    let c = scheme.sign(&key, &msg, Some(&[1u8; 32])).unwrap();
    assert_ne!(a.r(), c.r());
    scheme.verify(key.verifying_key(), &msg, &c).unwrap();
    // The message length is bound: a trailing zero element is a new message.
    let mut longer = msg.clone();
    longer.push(<Jubjub as Curve>::Base::ZERO);
    assert_ne!(scheme.sign(&key, &longer, None).unwrap().r(), a.r());
    assert_eq!(
        scheme.verify(key.verifying_key(), &longer, &a),
        Err(Error::InvalidSignature)
    );
}

// ---------------------------------------------------------------------------
// Tamper tests: every change of message, key or signature is rejected.

fn tamper<C: Curve>(scheme: &PoseidonSchnorr<C>, seed: u64, len: usize) {
    let mut rng = TestRng::new(seed);
    let key = SigningKey::<C>::generate(&mut rng);
    let pk = *key.verifying_key();
    let msg = random_msg::<C>(&mut rng, len);
    let sig = scheme.sign_with_rng(&mut rng, &key, &msg).unwrap();
    scheme.verify(&pk, &msg, &sig).unwrap();

    // Each message element changed, removed, or one appended.
    for i in 0..msg.len() {
        let mut m = msg.clone();
        m[i] += C::Base::ONE;
        assert_eq!(scheme.verify(&pk, &m, &sig), Err(Error::InvalidSignature));
    }
    assert_eq!(
        scheme.verify(&pk, &msg[..msg.len() - 1], &sig),
        Err(Error::InvalidSignature)
    );
    let mut m = msg.clone();
    m.push(C::Base::ZERO);
    assert_eq!(scheme.verify(&pk, &m, &sig), Err(Error::InvalidSignature));

    // Another key, and the negated key.
    let other = SigningKey::<C>::generate(&mut rng);
    assert_eq!(
        scheme.verify(other.verifying_key(), &msg, &sig),
        Err(Error::InvalidSignature)
    );
    let neg = VerifyingKey::<C>::from_affine(&(-*pk.as_affine())).unwrap();
    assert_eq!(
        scheme.verify(&neg, &msg, &sig),
        Err(Error::InvalidSignature)
    );

    // Every single bit flip of the encoded signature and key.
    let bytes = sig.to_bytes();
    for bit in 0..512 {
        let mut t = bytes;
        t[bit / 8] ^= 1 << (bit % 8);
        assert!(
            scheme.verify_bytes(&pk.to_bytes(), &msg, &t).is_err(),
            "signature bit {bit}"
        );
    }
    let pk_bytes = pk.to_bytes();
    for bit in 0..256 {
        let mut t = pk_bytes;
        t[bit / 8] ^= 1 << (bit % 8);
        assert!(
            scheme.verify_bytes(&t, &msg, &bytes).is_err(),
            "key bit {bit}"
        );
    }

    // s + 1, s + r is refused as non-canonical, R + G, R swapped for -R.
    let s1 = *sig.s() + C::Scalar::ONE;
    let t = Signature::<C>::from_parts(sig.r(), &s1).unwrap();
    assert_eq!(scheme.verify(&pk, &msg, &t), Err(Error::InvalidSignature));
    let mut s_plus_r = sig.s().into_bigint();
    s_plus_r.add_with_carry(&C::Scalar::MODULUS);
    let mut t = bytes;
    t[32..].copy_from_slice(&s_plus_r.to_bytes_le());
    assert_eq!(Signature::<C>::from_bytes(&t), Err(Error::NonCanonicalS));
    let g = <C::Config as TECurveConfig>::GENERATOR;
    let r2 = (*sig.r() + g).into_affine();
    let t = Signature::<C>::from_parts(&r2, sig.s()).unwrap();
    assert_eq!(scheme.verify(&pk, &msg, &t), Err(Error::InvalidSignature));
    let t = Signature::<C>::from_parts(&(-*sig.r()), sig.s()).unwrap();
    assert_eq!(scheme.verify(&pk, &msg, &t), Err(Error::InvalidSignature));
}

// ---------------------------------------------------------------------------
// Differential: plain arkworks arithmetic.

fn arkworks_differential<C: Curve>(scheme: &PoseidonSchnorr<C>, seed: u64, len: usize) {
    let mut rng = TestRng::new(seed);
    let key = SigningKey::<C>::generate(&mut rng);
    let msg = random_msg::<C>(&mut rng, len);
    let sig = scheme.sign_with_rng(&mut rng, &key, &msg).unwrap();

    let g = Projective::<C::Config>::generator();
    let sk = C::Scalar::from_le_bytes_mod_order(&key.to_bytes());
    // PK = [sk]G with arkworks' own scalar multiplication.
    assert_eq!((g * sk).into_affine(), *key.verifying_key().as_affine());

    // The challenge as an integer reduced mod r by arkworks (big-integer
    // bytes, not the crate's limb code).
    let c = scheme.challenge(sig.r(), key.verifying_key().as_affine(), &msg);
    let c_int = c.into_bigint().to_bytes_le();
    let c_mod_r = C::Scalar::from_le_bytes_mod_order(&c_int);
    assert_eq!(challenge_scalar::<C>(&c), c_mod_r);
    // The challenge is the documented sponge: capacity 2^64 + domain, then
    // (R.x, R.y, PK.x, PK.y, msg...) — cross-checked with the one-shot API.
    let pk = key.verifying_key().as_affine();
    let mut input = vec![sig.r().x, sig.r().y, pk.x, pk.y];
    input.extend_from_slice(&msg);
    assert_eq!(scheme.poseidon().hash_elements(C::DOMAIN, &input), c);

    // [s]G = R + [c]PK, with c used as the full integer (bits of c, double
    // and add by arkworks' mul_bigint): the circuit's interpretation.
    let lhs = g * sig.s();
    let rhs = pk.into_group().mul_bigint(c.into_bigint()) + sig.r();
    assert_eq!(lhs, rhs);
    // And the response itself: s = k + c·sk with k the discrete log of R is
    // not observable, but s·G − c·PK must equal R.
    assert_eq!((lhs - *pk * c_mod_r).into_affine(), *sig.r());

    // A random (s, R) pair, with R in the subgroup, is rejected unless the
    // equation holds (it does not for random values).
    let s_rand = random_field::<C::Scalar>(&mut rng);
    let forged = Signature::<C>::from_parts(sig.r(), &s_rand).unwrap();
    let ark_ok = g * s_rand == pk.into_group().mul_bigint(c.into_bigint()) + sig.r();
    assert_eq!(
        scheme.verify(key.verifying_key(), &msg, &forged).is_ok(),
        ark_ok
    );
}

fn point_codec<C: Curve>(seed: u64) {
    let mut rng = TestRng::new(seed);
    let k = random_field::<C::Scalar>(&mut rng);
    let p = (Projective::<C::Config>::generator() * k).into_affine();
    let bytes = encode_point::<C>(&p);
    assert_eq!(decode_point::<C>(&bytes).unwrap(), p);
    // The y coordinate, little-endian, in bits 0..255 and the parity of x on
    // top: compare with arkworks' big-integer bytes.
    let mut y = p.y.into_bigint().to_bytes_le();
    y[31] |= ((p.x.into_bigint().as_ref()[0] & 1) as u8) << 7;
    assert_eq!(bytes.to_vec(), y);
    assert_eq!(decode_point::<C>(&encode_point::<C>(&-p)).unwrap(), -p);
}

// ---------------------------------------------------------------------------
// Typed errors on malformed inputs.

/// A point of order exactly 8 (on curve, in the torsion subgroup).
fn order_8_point<C: Curve>() -> Point<C> {
    let mut y = C::Base::from(2u64);
    loop {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&y.into_bigint().to_bytes_le());
        if let Ok(p) = decode_point::<C>(&bytes) {
            let t = p.mul_bigint(C::Scalar::MODULUS).into_affine();
            let t4 = t.into_group().double().double().into_affine();
            if !t4.is_zero() {
                return t;
            }
        }
        y += C::Base::ONE;
    }
}

/// A `y` with no curve point.
fn y_off_curve<C: Curve>() -> [u8; 32] {
    let mut y = C::Base::from(2u64);
    loop {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&y.into_bigint().to_bytes_le());
        if decode_point::<C>(&bytes) == Err(PointError::NotOnCurve) {
            return bytes;
        }
        y += C::Base::ONE;
    }
}

fn typed_errors<C: Curve>(scheme: &PoseidonSchnorr<C>) {
    let mut rng = TestRng::new(99);
    let key = SigningKey::<C>::generate(&mut rng);
    let msg = random_msg::<C>(&mut rng, 1);
    let sig = scheme.sign(&key, &msg, None).unwrap();
    let pk = key.verifying_key().to_bytes();
    let sig_bytes = sig.to_bytes();

    // Lengths.
    assert_eq!(
        VerifyingKey::<C>::from_slice(&pk[..31]),
        Err(Error::InvalidLength)
    );
    assert_eq!(
        Signature::<C>::from_slice(&[0u8; 65]),
        Err(Error::InvalidLength)
    );
    assert_eq!(
        scheme.verify_bytes(&pk, &msg, &sig_bytes[..63]),
        Err(Error::InvalidLength)
    );
    assert!(matches!(
        SigningKey::<C>::from_slice(&[1u8; 33]),
        Err(Error::InvalidLength)
    ));

    // Secret keys: zero and >= r.
    assert!(matches!(
        SigningKey::<C>::from_bytes(&[0u8; 32]),
        Err(Error::InvalidSecretKey)
    ));
    let mut r_bytes = [0u8; 32];
    r_bytes.copy_from_slice(&C::Scalar::MODULUS.to_bytes_le());
    assert!(matches!(
        SigningKey::<C>::from_bytes(&r_bytes),
        Err(Error::InvalidSecretKey)
    ));

    // Non-canonical y (y = p), and y = p + 1 (= 1 mod p: the identity).
    let mut p_bytes = [0u8; 32];
    p_bytes.copy_from_slice(&C::Base::MODULUS.to_bytes_le());
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&p_bytes),
        Err(Error::MalformedKey(PointError::NonCanonical))
    );
    let mut p1 = C::Base::MODULUS;
    p1.add_with_carry(&1u64.into());
    let mut p1_bytes = [0u8; 32];
    p1_bytes.copy_from_slice(&p1.to_bytes_le());
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&p1_bytes),
        Err(Error::MalformedKey(PointError::NonCanonical))
    );
    // All ones (y >= p whatever the sign).
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&[0xff; 32]),
        Err(Error::MalformedKey(PointError::NonCanonical))
    );
    // x = 0 with the sign bit set: (0, 1) and (0, -1).
    let mut id = [0u8; 32];
    id[0] = 1;
    let mut id_neg = id;
    id_neg[31] |= 0x80;
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&id_neg),
        Err(Error::MalformedKey(PointError::NonCanonical))
    );
    // Not on the curve.
    let off = y_off_curve::<C>();
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&off),
        Err(Error::MalformedKey(PointError::NotOnCurve))
    );
    let mut sig_off = sig_bytes;
    sig_off[..32].copy_from_slice(&off);
    assert_eq!(
        Signature::<C>::from_bytes(&sig_off),
        Err(Error::MalformedR(PointError::NotOnCurve))
    );
    let mut sig_nc = sig_bytes;
    sig_nc[..32].copy_from_slice(&p_bytes);
    assert_eq!(
        Signature::<C>::from_bytes(&sig_nc),
        Err(Error::MalformedR(PointError::NonCanonical))
    );

    // Small order keys: every multiple of an order-8 point, the identity
    // included, is refused as a key; as R, only the identity is accepted.
    let t8 = order_8_point::<C>();
    let mut multiple = <Projective<C::Config> as AdditiveGroup>::ZERO;
    for i in 0..8 {
        let p = multiple.into_affine();
        let enc = encode_point::<C>(&p);
        assert_eq!(
            VerifyingKey::<C>::from_bytes(&enc),
            Err(Error::MalformedKey(PointError::SmallOrder)),
            "key [{i}]T8"
        );
        let mut s = sig_bytes;
        s[..32].copy_from_slice(&enc);
        if i == 0 {
            assert_eq!(Signature::<C>::from_bytes(&s).unwrap().r(), &p);
        } else {
            assert_eq!(
                Signature::<C>::from_bytes(&s),
                Err(Error::MalformedR(PointError::SmallOrder)),
                "R = [{i}]T8"
            );
        }
        multiple += t8;
    }
    // Mixed order: PK + T8 and R + T8.
    let mixed = (*key.verifying_key().as_affine() + t8).into_affine();
    assert_eq!(
        VerifyingKey::<C>::from_bytes(&encode_point::<C>(&mixed)),
        Err(Error::MalformedKey(PointError::NotInSubgroup))
    );
    assert_eq!(
        VerifyingKey::<C>::from_affine(&mixed),
        Err(Error::MalformedKey(PointError::NotInSubgroup))
    );
    let r_mixed = (*sig.r() + t8).into_affine();
    let mut s = sig_bytes;
    s[..32].copy_from_slice(&encode_point::<C>(&r_mixed));
    assert_eq!(
        Signature::<C>::from_bytes(&s),
        Err(Error::MalformedR(PointError::NotInSubgroup))
    );
    assert_eq!(
        Signature::<C>::from_parts(&r_mixed, sig.s()),
        Err(Error::MalformedR(PointError::NotInSubgroup))
    );
    // Off-curve coordinates given directly.
    let bad = Point::<C>::new_unchecked(C::Base::from(3u64), C::Base::from(5u64));
    assert_eq!(
        VerifyingKey::<C>::from_affine(&bad),
        Err(Error::MalformedKey(PointError::NotOnCurve))
    );
    // s = r and s = 2^256 - 1.
    let mut s = sig_bytes;
    s[32..].copy_from_slice(&r_bytes);
    assert_eq!(Signature::<C>::from_bytes(&s), Err(Error::NonCanonicalS));
    s[32..].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        scheme.verify_bytes(&pk, &msg, &s),
        Err(Error::NonCanonicalS)
    );
}

#[test]
fn typed_errors_jubjub() {
    typed_errors(jubjub());
}

#[test]
fn typed_errors_baby_jubjub() {
    typed_errors(baby());
}

#[test]
fn error_display_is_informative() {
    assert_eq!(
        Error::MalformedKey(PointError::SmallOrder).to_string(),
        "malformed verifying key: small-order point"
    );
}

// ---------------------------------------------------------------------------
// Known answers (self-generated; see the file's provenance).

fn field_list<F: PrimeField>(s: &str) -> Vec<F> {
    if s.is_empty() {
        return Vec::new();
    }
    s.split(',')
        .map(|x| F::from_str(x.trim()).ok().expect("decimal field element"))
        .collect()
}

fn check_kat<C: Curve>(scheme: &PoseidonSchnorr<C>, kind: &str) -> usize {
    let file = umbra_test_vectors::load("poseidon-schnorr").unwrap();
    assert!(file.provenance().contains("self-generated"));
    let mut n = 0;
    for rec in file.records_of(kind) {
        let sk = rec.hex_array::<32>("secret_key").unwrap();
        let aux = rec.hex_array::<32>("aux_rand").unwrap();
        let msg = field_list::<C::Base>(rec.get("message").unwrap());
        let pk = rec.hex_array::<32>("public_key").unwrap();
        let sig = rec.hex_array::<64>("signature").unwrap();
        let c = C::Base::from_str(rec.get("challenge").unwrap())
            .ok()
            .unwrap();
        let key = SigningKey::<C>::from_bytes(&sk).unwrap();
        assert_eq!(key.verifying_key().to_bytes(), pk, "{kind} {}", rec.line());
        let ours = scheme.sign(&key, &msg, Some(&aux)).unwrap();
        assert_eq!(ours.to_bytes(), sig, "{kind} {}", rec.line());
        let parsed = Signature::<C>::from_bytes(&sig).unwrap();
        assert_eq!(
            scheme.challenge(parsed.r(), key.verifying_key().as_affine(), &msg),
            c
        );
        scheme.verify_bytes(&pk, &msg, &sig).unwrap();
        n += 1;
    }
    n
}

#[test]
fn known_answers() {
    assert!(check_kat(jubjub(), "jubjub") >= 3);
    assert!(check_kat(baby(), "baby-jubjub") >= 3);
}
