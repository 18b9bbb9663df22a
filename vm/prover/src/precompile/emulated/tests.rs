//! The emulated arithmetic against `num-bigint` (an independent implementation of the same
//! integers), against false claims — including a prover that solves the identity's rows over
//! Fr and is stopped only by the range checks — with every witness pinned, and its rows.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::bus::{Tag, small_u64};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use ark_std::rand::RngCore;

fn hex(s: &str) -> BigUint {
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap()
}

/// The moduli the emulated kinds need, and two edge cases.
fn moduli() -> Vec<(&'static str, BigUint)> {
    let two = BigUint::from(2u32);
    vec![
        ("secp256k1 p", two.pow(256) - two.pow(32) - 977u32),
        (
            "secp256k1 n",
            hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"),
        ),
        ("ed25519 p", two.pow(255) - 19u32),
        (
            "ed25519 l",
            two.pow(252) + hex("14def9dea2f79cd65812631a5cf5d3ed"),
        ),
        (
            "bls12-381 r",
            hex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"),
        ),
        // The largest primes below 2²⁵⁶ and 2¹⁹².
        ("2^256 - 189", two.pow(256) - 189u32),
        ("2^192 - 237", two.pow(192) - 237u32),
    ]
}

/// A native synthesiser (bus rows settled in one batch, as the prover's native pass does)
/// and a bus over constant challenges.
pub(super) fn rig() -> (Synth, Bus) {
    let mut s = Synth::new(None);
    s.defer_inverses = true;
    let b = bus(&mut s);
    (s, b)
}

/// A synthesiser into a real constraint system (for the every-witness-pinned checks) and a
/// bus over the same constant challenges.
pub(super) fn cs_rig() -> (ConstraintSystemRef<Fr>, Synth, Bus) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut s = Synth::new(Some(cs.clone()));
    let b = bus(&mut s);
    (cs, s, b)
}

fn bus(s: &mut Synth) -> Bus {
    Bus::new(
        s,
        &V::constant(f(0x1234_5678_9abc)),
        &V::constant(f(0xfeed_beef_cafe)),
        &V::zero(),
    )
    .unwrap()
}

/// Every row holds and every range-checked value is below 2¹⁶.
pub(super) fn holds(s: &Synth, b: &Bus) -> bool {
    s.violated.is_empty()
        && b.log
            .iter()
            .filter(|t| t.tag == Tag::Range16)
            .all(|t| small_u64(t.fields[0]).is_some_and(|v| v < 1 << 16))
}

pub(super) fn random(rng: &mut impl RngCore) -> BigUint {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    BigUint::from_bytes_le(&bytes)
}

/// Edge values (0, 1, m − 1, m, m + 1, 2m, 2²⁵⁶ − 1, those below 2²⁵⁶) and random ones.
fn values(m: &BigUint, rng: &mut impl RngCore) -> Vec<BigUint> {
    let top = ones(256);
    let mut v: Vec<BigUint> = [
        BigUint::zero(),
        BigUint::one(),
        m - 1u32,
        m.clone(),
        m + 1u32,
        m * 2u32,
        top.clone(),
    ]
    .into_iter()
    .filter(|x| x <= &top)
    .collect();
    v.extend((0..4).map(|_| random(rng)));
    v
}

#[test]
fn products_equal_the_integers_mod_m() {
    let mut rng = ark_std::test_rng();
    for (name, m) in moduli() {
        let fld = Field::new(m.clone()).unwrap();
        let vals = values(&m, &mut rng);
        for a in &vals {
            for c in &vals {
                let (mut s, mut b) = rig();
                let x = fld.alloc(&mut s, &mut b, a).unwrap();
                let y = fld.alloc(&mut s, &mut b, c).unwrap();
                let z = fld.mul(&mut s, &mut b, &x, &y).unwrap();
                assert!(holds(&s, &b), "{name}: {a} · {c}");
                assert_eq!(z.value() % &m, (a * c) % &m, "{name}: {a} · {c}");
                assert!(z.value().bits() <= 256);
            }
        }
    }
}

#[test]
fn expressions_equal_the_integers_mod_m() {
    // ((a + b)·(c − d) − 3e)·f / g, canonical, beside the same in `num-bigint`.
    let mut rng = ark_std::test_rng();
    for (name, m) in moduli() {
        let fld = Field::new(m.clone()).unwrap();
        for _ in 0..4 {
            let v: Vec<BigUint> = (0..7).map(|_| random(&mut rng)).collect();
            let (mut s, mut b) = rig();
            let e: Vec<Fe> = v
                .iter()
                .map(|x| fld.alloc(&mut s, &mut b, x).unwrap())
                .collect();
            let sum = fld.add(&e[0], &e[1]);
            let diff = fld.sub(&e[2], &e[3]);
            let t = fld.mul(&mut s, &mut b, &sum, &diff).unwrap();
            let t = fld.sub(&t, &fld.scale(&e[4], 3));
            let t = fld.mul(&mut s, &mut b, &t, &e[5]).unwrap();
            let t = fld.div(&mut s, &mut b, &t, &e[6]).unwrap();
            let out = fld.canonical(&mut s, &mut b, &t).unwrap();
            assert!(holds(&s, &b), "{name}: {:?}", s.violated);
            let mm = |x: &BigUint| x % &m;
            let want = {
                let l = mm(&(mm(&(&v[0] + &v[1])) * mm(&(&v[2] + &m - mm(&v[3])))));
                let l = mm(&(l + &m * 3u32 - mm(&(&v[4] * 3u32))));
                let l = mm(&(l * &v[5]));
                match mm(&v[6]).modinv(&m) {
                    Some(inv) => mm(&(l * inv)),
                    None => BigUint::zero(),
                }
            };
            assert_eq!(out.value(), want, "{name}");
        }
    }
}

#[test]
fn sums_of_products_equal_the_integers_mod_m() {
    // a·b − c·d + e·f as one identity, beside `num-bigint`; a sum one off is rejected.
    let mut rng = ark_std::test_rng();
    for (name, m) in moduli() {
        let fld = Field::new(m.clone()).unwrap();
        for _ in 0..3 {
            let v: Vec<BigUint> = (0..6).map(|_| random(&mut rng)).collect();
            let want =
                (&v[0] * &v[1] + &m * &m * 4u32 - (&v[2] % &m) * (&v[3] % &m) + &v[4] * &v[5]) % &m;
            for lie in [false, true] {
                let (mut s, mut b) = rig();
                let e: Vec<Fe> = v
                    .iter()
                    .map(|x| fld.alloc(&mut s, &mut b, x).unwrap())
                    .collect();
                let neg = fld.neg(&e[2]);
                let terms = [(&e[0], &e[1]), (&neg, &e[3]), (&e[4], &e[5])];
                if lie {
                    let r = fld.alloc(&mut s, &mut b, &((&want + 1u32) % &m)).unwrap();
                    fld.check_product(&mut s, &mut b, &terms, &r).unwrap();
                    assert!(!holds(&s, &b), "{name}: sum + 1");
                } else {
                    let r = fld.sum_of_products(&mut s, &mut b, &terms).unwrap();
                    assert!(holds(&s, &b), "{name}");
                    assert_eq!(r.value() % &m, want, "{name}");
                }
            }
        }
    }
}

#[test]
fn canonical_is_the_least_representative_and_is_zero_decides() {
    let mut rng = ark_std::test_rng();
    for (name, m) in moduli() {
        let fld = Field::new(m.clone()).unwrap();
        for a in values(&m, &mut rng) {
            let (mut s, mut b) = rig();
            let x = fld.alloc(&mut s, &mut b, &a).unwrap();
            let c = fld.canonical(&mut s, &mut b, &x).unwrap();
            let z = fld.is_zero(&mut s, &mut b, &x).unwrap();
            assert!(holds(&s, &b), "{name}: {a}");
            assert_eq!(c.value(), &a % &m, "{name}: {a}");
            assert_eq!(
                z.val,
                Fr::from(u64::from((&a % &m).is_zero())),
                "{name}: {a}"
            );
        }
    }
}

#[test]
fn false_claims_are_rejected() {
    let mut rng = ark_std::test_rng();
    for (name, m) in moduli() {
        let fld = Field::new(m.clone()).unwrap();
        let (a, c) = (random(&mut rng), random(&mut rng));
        let r = (&a * &c) % &m;
        // A product one off (the quotient and carries as close to honest as they get).
        let (mut s, mut b) = rig();
        let x = fld.alloc(&mut s, &mut b, &a).unwrap();
        let y = fld.alloc(&mut s, &mut b, &c).unwrap();
        fld.mul_claim(&mut s, &mut b, &x, &y, &(&r + 1u32)).unwrap();
        assert!(!holds(&s, &b), "{name}: product + 1");
        // A congruent product that is not the canonical representative.
        let (mut s, mut b) = rig();
        let x = fld.alloc(&mut s, &mut b, &a).unwrap();
        let alt = &a % &m + &m;
        if alt.bits() <= 256 {
            fld.canonical_claim(&mut s, &mut b, &x, &alt).unwrap();
            assert!(!holds(&s, &b), "{name}: canonical + m");
        }
        // Equality of values that are not congruent, and of values that are.
        for (d, want) in [(BigUint::one(), false), (m.clone(), true)] {
            let (mut s, mut b) = rig();
            let x = fld.alloc(&mut s, &mut b, &r).unwrap();
            let y = fld.alloc(&mut s, &mut b, &((&r + d) % ones(256))).unwrap();
            fld.assert_eq(&mut s, &mut b, &x, &y).unwrap();
            let congruent = (&r % &m) == (((&r + &m) % ones(256)) % &m);
            assert_eq!(holds(&s, &b), want && congruent, "{name}: equality");
        }
    }
}

fn frs(x: &BigInt) -> Fr {
    let v = fr(x.magnitude());
    if x.sign() == num_bigint::Sign::Minus {
        -v
    } else {
        v
    }
}

#[test]
fn a_prover_solving_the_rows_over_fr_is_stopped_by_the_range_checks() {
    // The claim x·y ≡ r + 1. The prover picks the quotient as a field element,
    // q = (x·y − r − 1)/m in Fr (one chunk holding all of it), so the identity's value at
    // X = 2⁶⁴ vanishes in Fr; the carries are then the exact quotient by (X − 2⁶⁴) over Fr.
    // Every one of the seven identity rows holds: only the chunks' range checks reject.
    let mut rng = ark_std::test_rng();
    for (name, m) in moduli() {
        let fld = Field::new(m.clone()).unwrap();
        let (a, c) = (random(&mut rng), random(&mut rng));
        let lie = (&a * &c + 1u32) % &m;
        let (mut s, mut b) = rig();
        let x = fld.alloc(&mut s, &mut b, &a).unwrap();
        let y = fld.alloc(&mut s, &mut b, &c).unwrap();
        let r = fld.alloc(&mut s, &mut b, &lie).unwrap();
        let shape = fld.product_shape(&[(&x, &y)], &r).unwrap();
        let q = (fr(&a) * fr(&c) - fr(&lie)) * fr(&m).inverse().unwrap();
        // e(X) = x(X)·y(X) − q·m(X) − r(X) over Fr, then c(X) = e(X) / (X − 2⁶⁴).
        let limb = |v: &BigUint, i: usize| fr(&((v >> (64 * i)) & ones(64)));
        let mut e = vec![Fr::zero(); 2 * LIMBS - 1];
        for i in 0..LIMBS {
            for j in 0..LIMBS {
                e[i + j] += limb(&a, i) * limb(&c, j);
            }
            e[i] -= q * fr(&fld.m_limbs[i]) + limb(&lie, i);
        }
        let base = pow2(64);
        let mut carries = [Fr::zero(); 2 * LIMBS - 2];
        carries[2 * LIMBS - 3] = e[2 * LIMBS - 2];
        for k in (1..2 * LIMBS - 2).rev() {
            carries[k - 1] = e[k] + base * carries[k];
        }
        assert_eq!(e[0], -base * carries[0], "{name}: e(2⁶⁴) = 0 in Fr");
        let w = ProductWitness {
            q: std::iter::once(q)
                .chain(std::iter::repeat_n(Fr::zero(), shape.q_chunks - 1))
                .collect(),
            carries: carries
                .iter()
                .zip(&shape.carries)
                .map(|(c, (off, n))| {
                    std::iter::once(*c + fr(off))
                        .chain(std::iter::repeat_n(Fr::zero(), n - 1))
                        .collect()
                })
                .collect(),
        };
        fld.enforce_product(&mut s, &mut b, &shape, &[(&x, &y)], &r, &w)
            .unwrap();
        assert!(s.violated.is_empty(), "{name}: the identity rows hold");
        assert!(!holds(&s, &b), "{name}: a range check fails");
        let _ = frs(&BigInt::from(-1));
    }
}

#[test]
fn every_witness_is_pinned() {
    let (_, p) = moduli().swap_remove(0);
    let fld = Field::new(p.clone()).unwrap();
    let (cs, mut s, mut b) = cs_rig();
    let mut rng = ark_std::test_rng();
    let x = fld.alloc(&mut s, &mut b, &random(&mut rng)).unwrap();
    let y = fld.alloc(&mut s, &mut b, &random(&mut rng)).unwrap();
    let zero = fld.alloc(&mut s, &mut b, &p).unwrap();
    let xy = fld.mul(&mut s, &mut b, &x, &y).unwrap();
    let d = fld.sub(&xy, &fld.scale(&x, 5));
    let q = fld.div(&mut s, &mut b, &d, &y).unwrap();
    let bit = s.witness(Fr::one()).unwrap();
    s.boolean(&bit).unwrap();
    let pick = fld.select(&mut s, &bit, &q, &x).unwrap();
    fld.canonical(&mut s, &mut b, &pick).unwrap();
    let nz = fld.is_zero(&mut s, &mut b, &x).unwrap();
    let z = fld.is_zero(&mut s, &mut b, &zero).unwrap();
    assert_eq!((nz.val, z.val), (Fr::zero(), Fr::one()));
    assert!(cs.is_satisfied().unwrap());
    let n = crate::mutation::every_witness_pinned(&cs).unwrap();
    assert!(n > 500, "{n} witnesses");
}

#[test]
fn moduli_too_small_or_too_large_are_refused() {
    let two = BigUint::from(2u32);
    for m in [two.pow(61) - 1u32, two.pow(127) - 1u32, two.pow(256) + 1u32] {
        assert!(Field::new(m.clone()).is_none(), "{m}");
    }
}

#[test]
fn operands_too_wide_for_a_sound_identity_are_refused() {
    let (_, p) = moduli().swap_remove(0);
    let fld = Field::new(p).unwrap();
    let (mut s, mut b) = rig();
    let x = fld.alloc(&mut s, &mut b, &ones(256)).unwrap();
    // A sum of 64 elements is fine; 2⁶⁰ of them is not.
    let wide = fld.scale(&x, 64);
    assert!(fld.mul(&mut s, &mut b, &wide, &wide).is_ok());
    let too_wide = fld.scale(&x, 1 << 60);
    assert!(matches!(
        fld.mul(&mut s, &mut b, &too_wide, &too_wide),
        Err(SynthesisError::Unsatisfiable)
    ));
}

/// Rows of `op` on fresh operands.
fn rows(m: &BigUint, op: impl Fn(&Field, &mut Synth, &mut Bus, &Fe, &Fe)) -> usize {
    let fld = Field::new(m.clone()).unwrap();
    let (mut s, mut b) = rig();
    let x = fld.alloc(&mut s, &mut b, &(m - 2u32)).unwrap();
    let y = fld.alloc(&mut s, &mut b, &(m - 3u32)).unwrap();
    let before = s.counts.total();
    op(&fld, &mut s, &mut b, &x, &y);
    assert!(holds(&s, &b));
    s.counts.total() - before
}

#[test]
fn rows_of_each_operation() {
    // Known counts (docs/prover.md, "Emulated arithmetic"): a change of layout shows here.
    for (name, want) in [
        ("secp256k1 p", [71, 57, 18, 78]),
        ("ed25519 p", [71, 57, 18, 78]),
    ] {
        let m = moduli().into_iter().find(|(n, _)| *n == name).unwrap().1;
        let got = [
            rows(&m, |fl, s, b, x, y| {
                fl.mul(s, b, x, y).unwrap();
            }),
            rows(&m, |fl, s, b, x, _| {
                fl.canonical(s, b, x).unwrap();
            }),
            rows(&m, |fl, s, b, x, _| {
                fl.assert_eq(s, b, x, x).unwrap();
            }),
            rows(&m, |fl, s, b, x, y| {
                fl.sum_of_products(s, b, &[(x, y), (y, x)]).unwrap();
            }),
        ];
        println!("{name}: mul, canonical, assert_eq, two-product sum rows = {got:?}");
        assert_eq!(got, want, "{name}");
    }
}
