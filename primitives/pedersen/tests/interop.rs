//! Known answers and agreement with independent implementations.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use umbra_pedersen::{Commitment, Generators, Opening, PedersenGroup, Ristretto255, Secp256k1};

fn dalek4_scalar(bytes: [u8; 32]) -> curve25519_dalek_v4::Scalar {
    curve25519_dalek_v4::Scalar::from_bytes_mod_order(bytes)
}

/// `H` is bulletproofs' `B_blinding`, `G` its `B`.
#[test]
fn ristretto_generators_match_bulletproofs() {
    let bp = bulletproofs::PedersenGens::default();
    let gens = Generators::<Ristretto255>::standard();
    assert_eq!(
        Ristretto255::encode(gens.value()),
        bp.B.compress().to_bytes()
    );
    assert_eq!(
        Ristretto255::encode(gens.blinding()),
        bp.B_blinding.compress().to_bytes()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Byte-identical commitments to bulletproofs' `PedersenGens::commit`.
    #[test]
    fn ristretto_commit_matches_bulletproofs(v in any::<[u8; 32]>(), r in any::<[u8; 32]>()) {
        let ours = Commitment::commit(
            &Generators::<Ristretto255>::standard(),
            &Opening::new(
                curve25519_dalek::Scalar::from_bytes_mod_order(v),
                curve25519_dalek::Scalar::from_bytes_mod_order(r),
            ),
        );
        let theirs = bulletproofs::PedersenGens::default().commit(dalek4_scalar(v), dalek4_scalar(r));
        prop_assert_eq!(ours.to_bytes(), theirs.compress().to_bytes());
    }
}

/// The secp256k1 value generator is the Elements/Grin NUMS point, whose
/// x-coordinate secp256k1-zkp publishes as `secp256k1_generator_h`.
#[test]
fn secp256k1_value_generator_is_the_elements_nums_point() {
    let encoded = Secp256k1::encode(&Secp256k1::value_generator());
    assert_eq!(
        hex::encode(encoded),
        "0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0"
    );
    // ... and the blinding generator is the standard base point.
    assert_eq!(
        hex::encode(Secp256k1::encode(&Secp256k1::blinding_generator())),
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    );
}

/// Grumpkin commitments (constant-time layer) equal arkworks' own arithmetic.
#[test]
fn grumpkin_commit_matches_arkworks() {
    use ark_ec::CurveGroup;
    use umbra_pedersen::Grumpkin;
    let gens = Generators::<Grumpkin>::standard();
    for seed in 0u64..16 {
        let v = ark_grumpkin::Fr::from(seed * 1_000_003 + 7);
        let r = ark_grumpkin::Fr::from(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let ours = Commitment::commit(&gens, &Opening::<Grumpkin>::new(v, r));
        let theirs =
            (gens.value().to_projective() * v + gens.blinding().to_projective() * r).into_affine();
        assert_eq!(ours.as_point().to_affine(), theirs);
    }
}

/// Grumpkin decoding rejects bad flags, x ≥ p and x off the curve.
#[test]
fn grumpkin_decoding_rejects_bad_encodings() {
    use umbra_pedersen::{Error, Grumpkin};
    let identity = Commitment::<Grumpkin>::from_point(Grumpkin::identity());
    let mut inf = identity.to_bytes();
    assert_eq!(inf[31], 0x40);
    assert_eq!(Commitment::<Grumpkin>::from_bytes(&inf), Ok(identity));
    inf[0] = 1; // infinity flag with a non-zero x
    assert_eq!(
        Commitment::<Grumpkin>::from_bytes(&inf),
        Err(Error::InvalidPoint)
    );
    let mut both = [0u8; 32];
    both[31] = 0xc0; // infinity and y-odd together
    assert_eq!(
        Commitment::<Grumpkin>::from_bytes(&both),
        Err(Error::InvalidPoint)
    );
    let too_big = [0xffu8; 32]; // both flags set
    assert_eq!(
        Commitment::<Grumpkin>::from_bytes(&too_big),
        Err(Error::InvalidPoint)
    );
    let mut x_ge_p = [0xffu8; 32];
    x_ge_p[31] = 0x3f; // flags clear, x = 2^254 − 1 ≥ p
    assert_eq!(
        Commitment::<Grumpkin>::from_bytes(&x_ge_p),
        Err(Error::InvalidPoint)
    );
    // Some small x has no point: find one with arkworks and check it fails.
    let off_curve = (2u64..100)
        .find(|&x| {
            let x = ark_grumpkin::Fq::from(x);
            ark_ff::Field::sqrt(&(x * x * x - ark_grumpkin::Fq::from(17u8))).is_none()
        })
        .unwrap();
    let mut enc = [0u8; 32];
    enc[0] = off_curve as u8;
    assert_eq!(
        Commitment::<Grumpkin>::from_bytes(&enc),
        Err(Error::InvalidPoint)
    );
}
