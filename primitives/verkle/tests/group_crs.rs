//! Banderwagon encoding and CRS known answers (EIP-6800 / go-ipa / rust-verkle).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ark_ec::{AffineRepr, PrimeGroup};
use ark_ff::{PrimeField, UniformRand};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use umbra_verkle::group::BanderwagonAffine;
use umbra_verkle::{
    Banderwagon, BanderwagonPoint, BanderwagonScalar, Crs, EncodingError, VerkleGroup,
};

fn h(b: &[u8]) -> String {
    hex::encode(b)
}

#[test]
fn crs_known_answers() {
    let crs = Crs::<Banderwagon>::new();
    assert_eq!(crs.g.len(), 256);
    assert_eq!(
        h(&Banderwagon::encode(&crs.g[0])),
        "01587ad1336675eb912550ec2a28eb8923b824b490dd2ba82e48f14590a298a0"
    );
    assert_eq!(
        h(&Banderwagon::encode(&crs.g[255])),
        "3de2be346b539395b0c0de56a5ccca54a317f1b5c80107b0802af9a62276a4d8"
    );
    let mut hasher = Sha256::new();
    for g in &crs.g {
        hasher.update(Banderwagon::encode(g));
    }
    assert_eq!(
        h(&hasher.finalize()),
        "1fcaea10bf24f750200e06fa473c76ff0468007291fa548e2d99f09ba9256fdb"
    );
    // batch encoding agrees with the one-by-one encoding
    let batch = Banderwagon::encode_batch(&crs.g);
    for (g, e) in crs.g.iter().zip(batch) {
        assert_eq!(Banderwagon::encode(g), e);
    }
}

#[test]
fn identity_and_generator_round_trip() {
    let id = BanderwagonPoint::default();
    let enc = Banderwagon::encode(&id);
    assert_eq!(enc, [0u8; 32]);
    let dec = Banderwagon::decode(&enc).unwrap();
    assert!(Banderwagon::is_identity(&dec));
    assert_eq!(Banderwagon::map_to_field_bytes(&id), [0u8; 32]);
    let g = BanderwagonPoint::generator();
    let back = Banderwagon::decode(&Banderwagon::encode(&g)).unwrap();
    assert!(Banderwagon::points_eq(&g, &back));
}

#[test]
fn rejects_non_canonical_and_out_of_subgroup() {
    // p itself (BLS12-381 r) is not canonical
    let p_be =
        hex::decode("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001").unwrap();
    let mut b = [0u8; 32];
    b.copy_from_slice(&p_be);
    assert_eq!(Banderwagon::decode(&b), Err(EncodingError::NonCanonical));
    assert_eq!(
        Banderwagon::decode(&[0xff; 32]),
        Err(EncodingError::NonCanonical)
    );
    // About half of all x fail the Legendre check, and of the rest about half
    // have no y: both errors must occur among small x.
    let mut seen_sub = false;
    let mut seen_curve = false;
    for i in 1u8..=200 {
        let mut b = [0u8; 32];
        b[31] = i;
        match Banderwagon::decode(&b) {
            Err(EncodingError::NotInSubgroup) => seen_sub = true,
            Err(EncodingError::NotOnCurve) => seen_curve = true,
            Err(e) => panic!("small x is canonical, got {e:?}"),
            Ok(p) => assert_eq!(Banderwagon::encode(&p), b),
        }
    }
    assert!(seen_sub);
    let _ = seen_curve;
}

#[test]
fn two_torsion_point_is_identity_in_quotient() {
    // (0, -1) is the point Banderwagon quotients out.
    use ark_ed_on_bls12_381_bandersnatch::Fq;
    let t = BanderwagonAffine::new_unchecked(Fq::from(0u64), -Fq::from(1u64)).into_group();
    assert!(Banderwagon::is_identity(&t));
    let g = BanderwagonPoint::generator();
    assert!(Banderwagon::points_eq(&(g + t), &g));
    assert_eq!(Banderwagon::encode(&(g + t)), Banderwagon::encode(&g));
    assert_eq!(
        Banderwagon::map_to_scalar(&(g + t)),
        Banderwagon::map_to_scalar(&g)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn encode_decode_round_trip(seed in any::<u64>()) {
        let mut rng = ark_std::test_rng();
        for _ in 0..(seed % 7) { let _ = BanderwagonScalar::rand(&mut rng); }
        let k = BanderwagonScalar::from(seed) + BanderwagonScalar::rand(&mut rng);
        let p = BanderwagonPoint::generator() * k;
        let enc = Banderwagon::encode(&p);
        let q = Banderwagon::decode(&enc).unwrap();
        prop_assert!(Banderwagon::points_eq(&p, &q));
        prop_assert_eq!(Banderwagon::encode(&q), enc);
        prop_assert_eq!(Banderwagon::map_to_scalar(&p), Banderwagon::map_to_scalar(&q));
        prop_assert_eq!(Banderwagon::map_to_scalar_batch(&[p])[0], Banderwagon::map_to_scalar(&p));
        // -p encodes differently unless p is the identity
        let n = -p;
        prop_assert!(!Banderwagon::points_eq(&p, &n) || Banderwagon::is_identity(&p));
        let fx = Banderwagon::map_to_field(&p);
        prop_assert_eq!(BanderwagonScalar::from_le_bytes_mod_order(&Banderwagon::map_to_field_bytes(&p)), Banderwagon::map_to_scalar(&p));
        let _ = fx;
    }
}
