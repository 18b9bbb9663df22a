//! secp256k1 gadgets against k256 / umbra-tecdsa: equal results on random
//! inputs, satisfied systems, and tampered signatures/shares/keys rejected.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_r1cs_std::prelude::Boolean;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use k256::{
    FieldBytes, ProjectivePoint, Scalar,
    elliptic_curve::{PrimeField as _, point::AffineCoordinates},
};
use num_bigint::BigUint;
use umbra_circuits::{
    emulated::EmFp,
    secp256k1::{
        PointVar, ScalarVar, ecdsa_verify, feldman_verify_share, fixed_base_mul_with_offset,
        gg20_verify_share, msm, native,
    },
};

type Fr = ark_bn254::Fr;

/// splitmix64: deterministic test randomness.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn big(&mut self) -> BigUint {
        let words: Vec<u64> = (0..4).map(|_| self.next()).collect();
        umbra_circuits::emulated::from_u64s(&words)
    }
    fn scalar(&mut self) -> Scalar {
        sc(&self.big())
    }
}

fn sc(b: &BigUint) -> Scalar {
    let be = (b % native::n()).to_bytes_be();
    let mut bytes = [0u8; 32];
    bytes[32 - be.len()..].copy_from_slice(&be);
    Option::from(Scalar::from_repr(FieldBytes::from(bytes))).unwrap()
}

fn big(s: &Scalar) -> BigUint {
    BigUint::from_bytes_be(&s.to_repr())
}

fn aff(p: &ProjectivePoint) -> (BigUint, BigUint) {
    let a = p.to_affine();
    (
        BigUint::from_bytes_be(&a.x()),
        BigUint::from_bytes_be(&a.y()),
    )
}

fn pt(cs: &ConstraintSystemRef<Fr>, p: &ProjectivePoint) -> PointVar<Fr> {
    PointVar::new_witness(cs.clone(), Some(&aff(p))).unwrap()
}

fn scal(cs: &ConstraintSystemRef<Fr>, s: &BigUint) -> ScalarVar<Fr> {
    ScalarVar::new_witness(cs.clone(), Some(s)).unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4))]
    /// add / double / double_and_add equal k256 on random points.
    #[test]
    fn point_ops_match_k256(seed in proptest::prelude::any::<u64>()) {
        let mut rng = Rng(seed);
        let (a, b) = (rng.scalar(), rng.scalar());
        let (p, q) = (ProjectivePoint::GENERATOR * a, ProjectivePoint::GENERATOR * b);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (pv, qv) = (pt(&cs, &p), pt(&cs, &q));
        assert_eq!(pv.add(&qv).unwrap().value().unwrap(), aff(&(p + q)));
        assert_eq!(pv.double().unwrap().value().unwrap(), aff(&p.double()));
        assert_eq!(
            pv.double_and_add(&qv).unwrap().value().unwrap(),
            aff(&(p.double() + q))
        );
        assert!(cs.is_satisfied().unwrap());
        // the native helper agrees with k256 too
        assert_eq!(native::mul(&big(&a), &Some(native::generator())), Some(aff(&p)));
    }
}

#[test]
fn off_curve_point_and_equal_x_addition_are_unsatisfied() {
    let p = ProjectivePoint::GENERATOR * Scalar::from(5u64);
    let (x, y) = aff(&p);
    let cs = ConstraintSystem::<Fr>::new_ref();
    PointVar::new_witness(cs.clone(), Some(&(x.clone(), y + 1u8))).unwrap();
    assert!(!cs.is_satisfied().unwrap());
    // P + P with the incomplete formula: unsatisfiable, never a wrong sum
    let cs = ConstraintSystem::<Fr>::new_ref();
    let pv = pt(&cs, &p);
    let _ = pv.add(&pv.clone()).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

#[test]
fn double_scalar_mul_matches_k256() {
    let mut rng = Rng(2);
    let (u1, u2, d) = (rng.scalar(), rng.scalar(), rng.scalar());
    let q = ProjectivePoint::GENERATOR * d;
    let cs = ConstraintSystem::<Fr>::new_ref();
    let qv = pt(&cs, &q);
    let b1 = scal(&cs, &big(&u1)).to_bits_le().unwrap();
    let b2 = scal(&cs, &big(&u2)).to_bits_le().unwrap();
    let r = msm(&[(PointVar::generator(), b1), (qv, b2)]).unwrap();
    assert_eq!(
        r.value().unwrap(),
        aff(&(ProjectivePoint::GENERATOR * u1 + q * u2))
    );
    assert!(cs.is_satisfied().unwrap());
}

/// The fixed-base windowed multiplication equals k256's `k·G` (plus its
/// constant offset) on edge and random scalars, non-canonical bit strings
/// included, and a flipped scalar bit moves the result.
#[test]
fn fixed_base_mul_matches_k256() {
    let mut rng = Rng(9);
    let n = native::n();
    let ks = [
        BigUint::default(),
        BigUint::from(1u8),
        &n - 1u8,
        n.clone(),                            // ≡ 0, not canonical
        (BigUint::from(1u8) << 256u32) - 1u8, // ≡ 2²⁵⁶ − 1 − n
        rng.big(),
    ];
    for k in &ks {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let bits: Vec<Boolean<Fr>> = (0..256)
            .map(|i| {
                ark_r1cs_std::alloc::AllocVar::new_witness(cs.clone(), || Ok(k.bit(i))).unwrap()
            })
            .collect();
        let (acc, off) = fixed_base_mul_with_offset(&native::generator(), &bits).unwrap();
        let expect = aff(&(ProjectivePoint::GENERATOR * sc(k)));
        let got = native::add(&acc.value(), &native::neg(&Some(off)));
        if k % &n == BigUint::default() {
            assert_eq!(got, None);
        } else {
            assert_eq!(got, Some(expect));
        }
        assert!(cs.is_satisfied().unwrap());
    }
}

struct Sig {
    key: ProjectivePoint,
    z: BigUint,
    prehash: [u8; 32],
    r: BigUint,
    s: BigUint,
}

fn sign(rng: &mut Rng) -> Sig {
    let d = rng.scalar();
    let k = rng.scalar();
    let mut prehash = [0u8; 32];
    for c in prehash.chunks_mut(8) {
        c.copy_from_slice(&rng.next().to_le_bytes());
    }
    let z = umbra_tecdsa::ecdsa::message_scalar(&prehash);
    let r = sc(&BigUint::from_bytes_be(
        &(ProjectivePoint::GENERATOR * k).to_affine().x(),
    ));
    let s = k.invert().unwrap() * (z + r * d);
    Sig {
        key: ProjectivePoint::GENERATOR * d,
        z: big(&z),
        prehash,
        r: big(&r),
        s: big(&s),
    }
}

fn native_ecdsa(sig: &Sig) -> bool {
    let Ok(signature) =
        k256::ecdsa::Signature::from_scalars(sc(&sig.r).to_repr(), sc(&sig.s).to_repr())
    else {
        return false;
    };
    umbra_tecdsa::ecdsa::verify_prehash(&sig.key, &sig.prehash, &signature).is_ok()
}

fn gadget_ecdsa(sig: &Sig, hash_bits: Option<&[u8; 32]>) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let key = pt(&cs, &sig.key);
    let z = match hash_bits {
        // the message scalar straight from the hash's bits (int(prehash) mod n)
        Some(h) => {
            let bits: Vec<Boolean<Fr>> = (0..256)
                .map(|i| {
                    let byte = h[31 - i / 8];
                    ark_r1cs_std::alloc::AllocVar::new_witness(cs.clone(), || {
                        Ok((byte >> (i % 8)) & 1 == 1)
                    })
                    .unwrap()
                })
                .collect();
            EmFp::from_bits_le(&bits)
        }
        None => scal(&cs, &sig.z),
    };
    let r = scal(&cs, &sig.r);
    let s = scal(&cs, &sig.s);
    ecdsa_verify(&key, &z, &r, &s).unwrap();
    cs.is_satisfied().unwrap()
}

#[test]
fn ecdsa_valid_and_tampered() {
    let mut rng = Rng(3);
    let sig = sign(&mut rng);
    assert!(native_ecdsa(&sig));
    assert!(gadget_ecdsa(&sig, Some(&sig.prehash)));
    let n = native::n();
    let tampered = [
        Sig {
            r: (&sig.r + 1u8) % &n,
            ..sign_clone(&sig)
        },
        Sig {
            s: (&sig.s + 1u8) % &n,
            ..sign_clone(&sig)
        },
        Sig {
            z: (&sig.z + 1u8) % &n,
            prehash: bump(&sig.prehash),
            ..sign_clone(&sig)
        },
        Sig {
            key: sig.key.double(),
            ..sign_clone(&sig)
        },
        // s = 0 and r = n are out of range natively (k256 rejects them)
        Sig {
            s: BigUint::default(),
            ..sign_clone(&sig)
        },
    ];
    for t in &tampered {
        assert!(!native_ecdsa(t));
        assert!(!gadget_ecdsa(t, None));
    }
    // n − s is a valid (high-s) signature for plain ECDSA: both accept
    let flipped = Sig {
        s: &n - &sig.s,
        ..sign_clone(&sig)
    };
    assert!(native_ecdsa(&flipped));
    assert!(gadget_ecdsa(&flipped, None));
}

fn bump(h: &[u8; 32]) -> [u8; 32] {
    let mut out = *h;
    out[31] = out[31].wrapping_add(1);
    out
}

fn sign_clone(s: &Sig) -> Sig {
    Sig {
        key: s.key,
        z: s.z.clone(),
        prehash: s.prehash,
        r: s.r.clone(),
        s: s.s.clone(),
    }
}

#[test]
fn feldman_share_check() {
    let mut rng = Rng(4);
    // t = 2: f(x) = a0 + a1 x + a2 x², C_j = a_j G, party 3's share f(3)
    let coeffs: Vec<Scalar> = (0..3).map(|_| rng.scalar()).collect();
    let commitments: Vec<ProjectivePoint> = coeffs
        .iter()
        .map(|a| ProjectivePoint::GENERATOR * a)
        .collect();
    let index = 3u16;
    let x = Scalar::from(u64::from(index));
    let share = coeffs[0] + coeffs[1] * x + coeffs[2] * x * x;
    let run = |cms: &[ProjectivePoint], idx: u16, s: &Scalar| {
        let native = umbra_tecdsa::feldman::verify_share(cms, 2, idx, s).is_ok();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let cv: Vec<_> = cms.iter().map(|c| pt(&cs, c)).collect();
        let sv = scal(&cs, &big(s));
        feldman_verify_share(&cv, idx, &sv).unwrap();
        assert_eq!(native, cs.is_satisfied().unwrap());
        native
    };
    assert!(run(&commitments, index, &share));
    assert!(!run(&commitments, index, &(share + Scalar::ONE)));
    assert!(!run(&commitments, 4, &share));
    for j in 0..3 {
        let mut bad = commitments.clone();
        bad[j] += ProjectivePoint::GENERATOR;
        assert!(!run(&bad, index, &share));
    }
}

#[test]
fn gg20_share_check() {
    let mut rng = Rng(5);
    let k_inv = rng.scalar();
    let big_r = ProjectivePoint::GENERATOR * k_inv;
    let (k_i, sigma_i, m) = (rng.scalar(), rng.scalar(), rng.scalar());
    let r = sc(&BigUint::from_bytes_be(&big_r.to_affine().x()));
    let share = umbra_tecdsa::signing::SignatureShare {
        index: 1,
        nonce_share: big_r * k_i,
        key_share: big_r * sigma_i,
        s: m * k_i + r * sigma_i,
    };
    let ctx = umbra_tecdsa::signing::SigningContext {
        nonce_point: big_r.to_affine(),
        message: m,
        group_key: ProjectivePoint::GENERATOR,
    };
    let run = |sh: &umbra_tecdsa::signing::SignatureShare, msg: &Scalar| {
        let native = umbra_tecdsa::signing::verify_share_equation(
            &umbra_tecdsa::signing::SigningContext {
                message: *msg,
                ..ctx
            },
            sh,
        )
        .is_ok();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let rv = pt(&cs, &big_r);
        let mv = scal(&cs, &big(msg));
        let nv = pt(&cs, &sh.nonce_share);
        let kv = pt(&cs, &sh.key_share);
        let sv = scal(&cs, &big(&sh.s));
        gg20_verify_share(&rv, &mv, &nv, &kv, &sv).unwrap();
        assert_eq!(native, cs.is_satisfied().unwrap());
        native
    };
    assert!(run(&share, &m));
    assert!(!run(
        &umbra_tecdsa::signing::SignatureShare {
            s: share.s + Scalar::ONE,
            ..share
        },
        &m
    ));
    assert!(!run(&share, &(m + Scalar::ONE)));
    assert!(!run(
        &umbra_tecdsa::signing::SignatureShare {
            key_share: share.key_share.double(),
            ..share
        },
        &m
    ));
    assert!(!run(
        &umbra_tecdsa::signing::SignatureShare {
            nonce_share: share.nonce_share.double(),
            ..share
        },
        &m
    ));
}

#[test]
fn glv_constants_and_split() {
    let g = native::generator();
    let lg = native::mul(&native::glv_lambda(), &Some(g.clone())).unwrap();
    assert_eq!(lg, (g.0 * native::glv_beta() % native::p(), g.1));
    let mut rng = Rng(9);
    let n = native::n();
    for _ in 0..200 {
        let k = rng.big() % &n;
        let [(s1, k1), (s2, k2)] = native::glv_split(&k);
        assert!(k1.bits() <= 129 && k2.bits() <= 129, "{k}");
        let t1 = if s1 { &n - &k1 % &n } else { k1.clone() };
        let t2 = if s2 { &n - &k2 % &n } else { k2.clone() };
        assert_eq!((t1 + t2 * native::glv_lambda()) % &n, k);
    }
}
