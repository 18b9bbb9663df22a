//! Edwards25519 point gadgets and decompression against curve25519-dalek
//! (the independent oracle) and `umbra_eddsa::is_canonical_encoding`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::Fr;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, IsIdentity};
use num_bigint::BigUint;
use proptest::prelude::*;
use umbra_circuits::ed25519::{PointVar, decompress, decompress_with_hint, native};
use umbra_circuits::secp256k1::bip340::bytes_witness;

type F = Fr;

fn to_native(p: &EdwardsPoint) -> native::Point {
    native::decode(&p.compress().to_bytes()).expect("dalek point decodes")
}

fn to_dalek(p: &native::Point) -> EdwardsPoint {
    assert!(native::is_on_curve(p));
    CompressedEdwardsY(native::encode(p))
        .decompress()
        .expect("on curve")
}

fn new_cs() -> ConstraintSystemRef<F> {
    ConstraintSystem::<F>::new_ref()
}

/// 32 pseudo-random bytes from a seed (splitmix64).
fn bytes32(seed: u64) -> [u8; 32] {
    let mut s = seed;
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    out
}

fn scalar(seed: u64) -> Scalar {
    Scalar::from_bytes_mod_order(bytes32(seed))
}

/// `P = [a]B + T` with `T` the `torsion`-th 8-torsion point (mixed order
/// unless `T` is the identity).
fn mixed_point(seed: u64, torsion: usize) -> EdwardsPoint {
    EdwardsPoint::mul_base(&scalar(seed)) + EIGHT_TORSION[torsion % 8]
}

/// `[k]P` for any 256-bit `k` (little-endian bytes), exact even for mixed-
/// order `P`: `k = k_hi·2¹²⁸ + k_lo` with both halves below ℓ.
fn dalek_mul(k: &[u8; 32], p: &EdwardsPoint) -> EdwardsPoint {
    let mut lo = [0u8; 32];
    let mut hi = [0u8; 32];
    lo[..16].copy_from_slice(&k[..16]);
    hi[..16].copy_from_slice(&k[16..]);
    let mut two128 = [0u8; 32];
    two128[16] = 1;
    let lo = Scalar::from_canonical_bytes(lo).unwrap();
    let hi = Scalar::from_canonical_bytes(hi).unwrap();
    let two128 = Scalar::from_canonical_bytes(two128).unwrap();
    p * lo + (p * two128) * hi
}

fn bits_witness(cs: &ConstraintSystemRef<F>, k: &[u8; 32], n: usize) -> Vec<Boolean<F>> {
    (0..n)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok((k[i / 8] >> (i % 8)) & 1 == 1)).unwrap())
        .collect()
}

fn witness(cs: &ConstraintSystemRef<F>, p: &EdwardsPoint) -> PointVar<F> {
    PointVar::new_witness(cs.clone(), Some(&to_native(p))).unwrap()
}

fn val(p: &PointVar<F>) -> EdwardsPoint {
    to_dalek(&p.value().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn add_double_neg_match_dalek(s1 in any::<u64>(), s2 in any::<u64>(), t1 in 0usize..8, t2 in 0usize..8) {
        let a = mixed_point(s1, t1);
        let b = mixed_point(s2, t2);
        let cs = new_cs();
        let pa = witness(&cs, &a);
        let pb = witness(&cs, &b);
        prop_assert_eq!(val(&pa.add(&pb).unwrap()), a + b);
        prop_assert_eq!(val(&pa.sub(&pb).unwrap()), a - b);
        prop_assert_eq!(val(&pa.add(&pa).unwrap()), a + a);
        prop_assert_eq!(val(&pa.add(&pa.neg()).unwrap()), EdwardsPoint::identity());
        prop_assert_eq!(val(&pa.double().unwrap()), a + a);
        prop_assert_eq!(val(&pa.mul_by_cofactor().unwrap()), a.mul_by_cofactor());
        prop_assert_eq!(val(&pa.add(&PointVar::identity()).unwrap()), a);
        // constant operands take the same formulas
        let cb = PointVar::constant(&to_native(&b));
        prop_assert_eq!(val(&pa.add(&cb).unwrap()), a + b);
        prop_assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn scalar_mul_matches_dalek(seed in any::<u64>(), t in 0usize..8, nbits in prop::sample::select(vec![1usize, 5, 128, 253, 256])) {
        let p = mixed_point(seed, t);
        let mut k = bytes32(seed ^ 0x5555);
        for i in nbits..256 {
            k[i / 8] &= !(1 << (i % 8));
        }
        let cs = new_cs();
        let pv = witness(&cs, &p);
        let bits = bits_witness(&cs, &k, nbits);
        prop_assert_eq!(val(&pv.scalar_mul_le(&bits).unwrap()), dalek_mul(&k, &p));
        prop_assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn generator_mul_matches_dalek(seed in any::<u64>(), nbits in prop::sample::select(vec![3usize, 200, 253, 256])) {
        let mut k = bytes32(seed);
        for i in nbits..256 {
            k[i / 8] &= !(1 << (i % 8));
        }
        let cs = new_cs();
        let bits = bits_witness(&cs, &k, nbits);
        let got = PointVar::generator_mul_le(&bits).unwrap();
        prop_assert_eq!(val(&got), ED25519_BASEPOINT_POINT * Scalar::from_bytes_mod_order(k));
        prop_assert_eq!(val(&got), dalek_mul(&k, &ED25519_BASEPOINT_POINT));
        prop_assert!(cs.is_satisfied().unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn double_scalar_mul_matches_dalek(seed in any::<u64>(), t in 0usize..8) {
        // [S]B − [k]A with S any 256-bit string and k < ℓ, A mixed order
        let a = mixed_point(seed, t);
        let s = bytes32(seed ^ 1);
        let k = scalar(seed ^ 2).to_bytes();
        let cs = new_cs();
        let av = witness(&cs, &a);
        let sb = bits_witness(&cs, &s, 256);
        let kb = bits_witness(&cs, &k, 253);
        let got = PointVar::double_scalar_mul_le(&sb, &av.neg(), &kb).unwrap();
        prop_assert_eq!(val(&got), dalek_mul(&s, &ED25519_BASEPOINT_POINT) - a * Scalar::from_canonical_bytes(k).unwrap());
        prop_assert!(cs.is_satisfied().unwrap());
    }
}

#[test]
fn scalar_mul_edge_scalars() {
    // all-ones (every Booth digit −1 with carries), ℓ and neighbours, small
    // values, and a single top bit
    use umbra_circuits::emulated::{Ed25519Fr, EmulatedModulus};
    let mut ell = [0u8; 32];
    ell.copy_from_slice(&Ed25519Fr::modulus().to_bytes_le());
    let mut ell_m1 = ell;
    ell_m1[0] -= 1;
    let mut top = [0u8; 32];
    top[31] = 0x80;
    let p = mixed_point(77, 5);
    for k in [[0xffu8; 32], ell, ell_m1, top, [0u8; 32]] {
        let cs = new_cs();
        let pv = witness(&cs, &p);
        let bits = bits_witness(&cs, &k, 256);
        assert_eq!(
            val(&pv.scalar_mul_le(&bits).unwrap()),
            dalek_mul(&k, &p),
            "{k:02x?}"
        );
        assert!(cs.is_satisfied().unwrap());
    }
}

#[test]
fn predicates_match_dalek() {
    let mut pts: Vec<EdwardsPoint> = EIGHT_TORSION.to_vec();
    pts.push(ED25519_BASEPOINT_POINT);
    pts.push(mixed_point(7, 3));
    pts.push(mixed_point(8, 0));
    pts.push(mixed_point(9, 4));
    for (i, p) in pts.iter().enumerate() {
        let cs = new_cs();
        let pv = witness(&cs, p);
        let q = pts[(i + 1) % pts.len()];
        let qv = witness(&cs, &q);
        assert_eq!(pv.is_identity().unwrap().value().unwrap(), p.is_identity());
        assert_eq!(
            pv.is_small_order().unwrap().value().unwrap(),
            p.is_small_order()
        );
        assert_eq!(pv.is_eq(&qv).unwrap().value().unwrap(), *p == q);
        // equal points in different representations: P + O, and P via x + p
        let same = pv.add(&PointVar::identity()).unwrap();
        assert!(pv.is_eq(&same).unwrap().value().unwrap());
        pv.enforce_equal(&same).unwrap();
        assert!(cs.is_satisfied().unwrap(), "point {i}");
    }
}

#[test]
fn enforce_equal_of_different_points_is_unsatisfied() {
    let cs = new_cs();
    let a = witness(&cs, &mixed_point(1, 0));
    let b = witness(&cs, &mixed_point(1, 4));
    a.enforce_equal(&b).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

#[test]
fn off_curve_witness_is_unsatisfied() {
    let (x, y) = to_native(&mixed_point(3, 1));
    for bad in [
        (x.clone(), (&y + 1u8) % native::p()),
        ((&x + 1u8) % native::p(), y.clone()),
        (BigUint::from(1u8), BigUint::from(1u8)),
        (BigUint::default(), BigUint::from(2u8)),
    ] {
        assert!(!native::is_on_curve(&bad));
        let cs = new_cs();
        let _ = PointVar::new_witness(cs.clone(), Some(&bad)).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}

/// Encodings covering every decoding case: valid points (both signs),
/// small-order points, y ≥ p (all 19 values, both signs), the sign bit set
/// on x = 0, and random strings (about half have a non-square `u/v`).
fn encodings() -> Vec<[u8; 32]> {
    let mut out = Vec::new();
    for s in 0..4u64 {
        out.push(mixed_point(100 + s, s as usize * 3).compress().to_bytes());
    }
    for t in EIGHT_TORSION.iter() {
        let e = t.compress().to_bytes();
        out.push(e);
        let mut flipped = e;
        flipped[31] ^= 0x80;
        out.push(flipped);
    }
    let p = native::p();
    for i in 0..19u64 {
        let y = &p + BigUint::from(i);
        let mut e = [0u8; 32];
        let yb = y.to_bytes_le();
        e[..yb.len()].copy_from_slice(&yb);
        out.push(e);
        if i < 3 {
            e[31] |= 0x80;
            out.push(e);
        }
    }
    for s in 0..12u64 {
        out.push(bytes32(0xdec0de + s));
    }
    out
}

fn y_raw(e: &[u8; 32]) -> BigUint {
    let mut y = *e;
    y[31] &= 0x7f;
    BigUint::from_bytes_le(&y)
}

#[test]
fn decompress_matches_dalek_on_all_cases() {
    let (mut decoded, mut rejected) = (0, 0);
    for e in encodings() {
        let cs = new_cs();
        let bytes = bytes_witness(&cs, Some(&e)).unwrap();
        let d = decompress(&bytes).unwrap();
        let oracle = CompressedEdwardsY(e).decompress();
        assert_eq!(d.decodes.value().unwrap(), oracle.is_some(), "{e:02x?}");
        assert_eq!(d.y_canonical.value().unwrap(), y_raw(&e) < native::p());
        assert_eq!(d.sign_bit.value().unwrap(), e[31] >> 7 == 1);
        match oracle {
            Some(pt) => {
                decoded += 1;
                assert_eq!(val(&d.point), pt);
                let x_zero = to_native(&pt).0 == BigUint::default();
                assert_eq!(d.x_is_zero.value().unwrap(), x_zero);
                let rfc = d.y_canonical.value().unwrap()
                    && !(d.x_is_zero.value().unwrap() && d.sign_bit.value().unwrap());
                assert_eq!(rfc, umbra_eddsa::is_canonical_encoding(&e), "{e:02x?}");
                // the point is usable: on the curve as an operand
                let q = d.point.add(&d.point).unwrap();
                assert_eq!(val(&q), pt + pt);
            }
            None => {
                rejected += 1;
                assert!(!d.x_is_zero.value().unwrap());
                assert_eq!(val(&d.point), EdwardsPoint::identity());
            }
        }
        assert!(cs.is_satisfied().unwrap(), "{e:02x?}");
    }
    assert!(decoded > 20 && rejected > 3, "{decoded} {rejected}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn compress_decompress_roundtrip(seed in any::<u64>(), t in 0usize..8) {
        let p = mixed_point(seed, t);
        let e = p.compress().to_bytes();
        let cs = new_cs();
        let bytes = bytes_witness(&cs, Some(&e)).unwrap();
        let d = decompress(&bytes).unwrap();
        prop_assert!(d.decodes.value().unwrap());
        prop_assert!(d.y_canonical.value().unwrap());
        prop_assert_eq!(val(&d.point), p);
        prop_assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn decompress_random_bytes(seed in any::<u64>()) {
        let e = bytes32(seed);
        let cs = new_cs();
        let bytes = bytes_witness(&cs, Some(&e)).unwrap();
        let d = decompress(&bytes).unwrap();
        let oracle = CompressedEdwardsY(e).decompress();
        prop_assert_eq!(d.decodes.value().unwrap(), oracle.is_some());
        if let Some(pt) = oracle {
            prop_assert_eq!(val(&d.point), pt);
        }
        prop_assert!(cs.is_satisfied().unwrap());
    }
}

fn satisfied_with_hint(e: &[u8; 32], hint: (bool, BigUint)) -> bool {
    let cs = new_cs();
    let bytes = bytes_witness(&cs, Some(e)).unwrap();
    let _ = decompress_with_hint(&bytes, Some(hint)).unwrap();
    cs.is_satisfied().unwrap()
}

#[test]
fn decompress_rejects_malicious_witnesses() {
    let p = native::p();
    let zero = BigUint::default();
    let neg = |v: &BigUint| native::sub(&zero, v);
    // a valid point: the honest hint passes, every other fails
    for s in 0..3u64 {
        let pt = mixed_point(200 + s, s as usize);
        let e = pt.compress().to_bytes();
        let x = to_native(&pt).0;
        assert!(satisfied_with_hint(&e, (true, x.clone())));
        assert!(!satisfied_with_hint(&e, (true, neg(&x))), "wrong sign");
        assert!(
            !satisfied_with_hint(&e, (true, (&x + 1u8) % &p)),
            "not a root"
        );
        assert!(!satisfied_with_hint(&e, (true, zero.clone())), "zero root");
        // claiming it does not decode: no witness w ≠ 0 with v·w² = 2u
        for w in [x.clone(), neg(&x), BigUint::from(1u8), zero.clone()] {
            assert!(!satisfied_with_hint(&e, (false, w)), "false non-decoding");
        }
    }
    // x = 0 (u = 0): both relations hold with r = 0; only `decodes` passes
    for y in [BigUint::from(1u8), &p - 1u8] {
        let mut e = [0u8; 32];
        let yb = y.to_bytes_le();
        e[..yb.len()].copy_from_slice(&yb);
        assert!(satisfied_with_hint(&e, (true, zero.clone())));
        assert!(!satisfied_with_hint(&e, (false, zero.clone())));
        assert!(!satisfied_with_hint(&e, (false, BigUint::from(3u8))));
        e[31] |= 0x80; // sign on x = 0 is ignored (ZIP-215), still decodes
        assert!(satisfied_with_hint(&e, (true, zero.clone())));
        assert!(!satisfied_with_hint(&e, (false, zero.clone())));
    }
    // non-decoding encodings: the honest w passes, claiming a root fails
    let mut tried = 0;
    for s in 0..40u64 {
        let e = bytes32(0xbad + s);
        if CompressedEdwardsY(e).decompress().is_some() {
            continue;
        }
        let y = y_raw(&e) % &p;
        let y2 = &y * &y % &p;
        let u = native::sub(&y2, &BigUint::from(1u8));
        let v = (native::d() * &y2 + 1u8) % &p;
        let (is_sq, w) = native::sqrt_ratio(&u, &v);
        assert!(!is_sq);
        assert!(satisfied_with_hint(&e, (false, w.clone())));
        assert!(!satisfied_with_hint(&e, (false, (&w + 1u8) % &p)));
        for r in [w.clone(), neg(&w), zero.clone(), BigUint::from(1u8)] {
            assert!(!satisfied_with_hint(&e, (true, r)), "false decoding");
        }
        tried += 1;
        if tried == 3 {
            break;
        }
    }
    assert_eq!(tried, 3);
}

#[test]
fn native_multiples_match_repeated_addition() {
    let base = to_native(&mixed_point(5, 6));
    let mut cur = native::identity();
    for (j, m) in native::multiples(&base, 40).iter().enumerate() {
        assert_eq!(*m, cur, "{j}");
        assert_eq!(to_dalek(m), mixed_point(5, 6) * Scalar::from(j as u64));
        cur = native::add(&cur, &base);
    }
}

#[test]
fn fixed_base_mul_of_another_point() {
    let q = mixed_point(11, 2);
    let k = bytes32(12);
    let cs = new_cs();
    let bits = bits_witness(&cs, &k, 256);
    let got = PointVar::fixed_base_mul_le(&to_native(&q), &bits).unwrap();
    assert_eq!(val(&got), dalek_mul(&k, &q));
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn decompress_of_constant_bytes_is_constant() {
    for e in encodings() {
        let bytes: [UInt8<F>; 32] = UInt8::constant_vec(&e).try_into().unwrap();
        let d = decompress(&bytes).unwrap();
        let oracle = CompressedEdwardsY(e).decompress();
        assert!(d.point.is_constant() && d.decodes.is_constant());
        assert_eq!(d.decodes.value().unwrap(), oracle.is_some());
        assert_eq!(d.y_canonical.value().unwrap(), y_raw(&e) < native::p());
        if let Some(pt) = oracle {
            assert_eq!(val(&d.point), pt);
            let x_zero = to_native(&pt).0 == BigUint::default();
            assert_eq!(d.x_is_zero.value().unwrap(), x_zero);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// `EmFp::enforce_products_eq` (the lazily reduced check all formulas
    /// use): satisfied exactly when `a·b + c·d ≡ e·f + g (mod p)`, including
    /// with small-constant scalings and subtractions in the operands.
    #[test]
    fn sum_of_products_check(s in any::<u64>(), tweak in 0u64..3) {
        use umbra_circuits::ed25519::FqVar;
        let p = native::p();
        let v: Vec<BigUint> = (0..7).map(|i| BigUint::from_bytes_le(&bytes32(s ^ i)) % &p).collect();
        // g chosen so that the relation holds, then optionally broken
        let lhs = (&v[0] * &v[1] * 121_666u64 + &v[2] * native::sub(&v[3], &v[4])) % &p;
        let g = native::sub(&lhs, &(&v[4] * &v[5] % &p));
        let g = (g + tweak) % &p;
        let cs = new_cs();
        let w: Vec<FqVar<F>> = v.iter().map(|x| FqVar::new_witness(cs.clone(), Some(x)).unwrap()).collect();
        let gv = FqVar::new_witness(cs.clone(), Some(&g)).unwrap();
        let one = FqVar::one();
        FqVar::enforce_products_eq(
            &[(&w[0], &w[1].mul_small(121_666)), (&w[2], &w[3].sub(&w[4]))],
            &[(&w[4], &w[5]), (&gv, &one)],
        ).unwrap();
        prop_assert_eq!(cs.is_satisfied().unwrap(), tweak == 0);
    }
}
