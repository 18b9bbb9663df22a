//! Known answers and agreement with independent implementations.

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
