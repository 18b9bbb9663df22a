//! Jubjub instance and Sapling Pedersen hash: the protocol's known answer and
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! agreement with `sapling-crypto`.

use ark_ff::{BigInteger, PrimeField};
use group::GroupEncoding;
use proptest::prelude::*;
use sapling_crypto::pedersen_hash::Personalization as TheirPersonalization;
use sapling_crypto::value::{NoteValue, ValueCommitTrapdoor, ValueCommitment};
use umbra_pedersen::sapling::{
    PedersenHasher, Personalization, encode_point, pedersen_hash, pedersen_hash_to_point,
};
use umbra_pedersen::{Commitment, Error, Generators, Jubjub, Opening, PedersenGroup};

fn be_hex<F: PrimeField>(f: &F) -> String {
    hex::encode(f.into_bigint().to_bytes_be())
}

/// The known answer: the NoteCommitment personalisation with an empty
/// message.
#[test]
fn empty_note_commitment_known_answer() {
    let p = pedersen_hash_to_point(Personalization::NoteCommitment, []).to_affine();
    assert_eq!(
        be_hex(&p.x),
        "06b1187c11ca4fb4383b2e0d0dbbde3ad3617338b5029187ec65a5eaed5e4d0b"
    );
    assert_eq!(
        be_hex(&p.y),
        "3ce70f536652f0dea496393a1e55c4e08b9d55508e16d11e5db40d4810cbc982"
    );
    assert_eq!(pedersen_hash(Personalization::NoteCommitment, []), p.x);
}

fn theirs(personalization: Personalization, bits: &[bool]) -> [u8; 32] {
    let p = match personalization {
        Personalization::NoteCommitment => TheirPersonalization::NoteCommitment,
        Personalization::MerkleTree(l) => TheirPersonalization::MerkleTree(usize::from(l)),
    };
    sapling_crypto::pedersen_hash::pedersen_hash(p, bits.iter().copied()).to_bytes()
}

/// Lengths around the chunk (3) and segment (189) boundaries, and the Merkle
/// tree's 510-bit input.
#[test]
fn matches_sapling_crypto_at_boundaries() {
    for len in [
        0usize, 1, 2, 3, 4, 182, 183, 184, 186, 189, 190, 372, 378, 379, 510, 567, 600,
    ] {
        let bits: Vec<bool> = (0..len).map(|i| (i * 7 + len) % 3 == 0).collect();
        for pers in [
            Personalization::NoteCommitment,
            Personalization::MerkleTree(0),
            Personalization::MerkleTree(31),
        ] {
            let ours = encode_point(&pedersen_hash_to_point(pers, bits.iter().copied()));
            assert_eq!(ours, theirs(pers, &bits), "len {len}, {pers:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn matches_sapling_crypto_on_random_input(bits in proptest::collection::vec(any::<bool>(), 0..700), level in 0u8..63) {
        for pers in [Personalization::NoteCommitment, Personalization::MerkleTree(level)] {
            let ours = encode_point(&pedersen_hash_to_point(pers, bits.iter().copied()));
            prop_assert_eq!(ours, theirs(pers, &bits));
        }
    }

    /// The reusable hasher (cached generators, fixed-base tables) agrees with
    /// sapling-crypto, also past the length it was built for.
    #[test]
    fn hasher_matches_sapling_crypto(bits in proptest::collection::vec(any::<bool>(), 0..700), level in 0u8..63) {
        let hasher = PedersenHasher::new(400);
        let pers = Personalization::MerkleTree(level);
        let ours = encode_point(&hasher.hash_to_point(pers, bits.iter().copied()));
        prop_assert_eq!(ours, theirs(pers, &bits));
        prop_assert_eq!(
            hasher.hash(Personalization::NoteCommitment, bits.iter().copied()),
            pedersen_hash(Personalization::NoteCommitment, bits.iter().copied())
        );
    }

    /// `commit(v, rcv)` with the Jubjub generators is Sapling's `cv`.
    #[test]
    fn value_commitments_match_sapling_crypto(value in any::<u64>(), rcv in any::<[u8; 32]>()) {
        let mut rcv = rcv;
        rcv[31] &= 0x07; // below the Jubjub order (≈ 2^251.9)
        let theirs = ValueCommitment::derive(
            NoteValue::from_raw(value),
            ValueCommitTrapdoor::from_bytes(rcv).unwrap(),
        );
        let opening = Opening::<Jubjub>::new(
            Jubjub::scalar_from_u64(value),
            Jubjub::scalar_from_bytes(&rcv).unwrap(),
        );
        let ours = Commitment::commit(&Generators::<Jubjub>::standard(), &opening);
        prop_assert_eq!(ours.to_bytes(), theirs.to_bytes());
        prop_assert_eq!(Commitment::<Jubjub>::from_bytes(&theirs.to_bytes()).unwrap(), ours);
    }

    /// Constant-time scalar construction agrees with arkworks.
    #[test]
    fn scalars_agree_with_arkworks(v in any::<u64>(), wide in any::<[u8; 32]>()) {
        prop_assert_eq!(Jubjub::scalar_from_u64(v), ark_ed_on_bls12_381::Fr::from(v));
        let mut w = [0u8; 64];
        w[..32].copy_from_slice(&wide);
        w[40] = wide[0];
        prop_assert_eq!(
            Jubjub::scalar_from_wide(&w),
            ark_ed_on_bls12_381::Fr::from_le_bytes_mod_order(&w)
        );
    }
}

/// Different personalisations and single-bit changes give different hashes.
#[test]
fn tampered_inputs_hash_differently() {
    let bits: Vec<bool> = (0..100).map(|i| i % 5 == 0).collect();
    let h = pedersen_hash(Personalization::NoteCommitment, bits.iter().copied());
    for i in 0..bits.len() {
        let mut t = bits.clone();
        t[i] = !t[i];
        assert_ne!(
            pedersen_hash(Personalization::NoteCommitment, t),
            h,
            "bit {i}"
        );
    }
    assert_ne!(
        pedersen_hash(Personalization::MerkleTree(62), bits.iter().copied()),
        h
    );
    // Level 63 would collide with note commitments: Sapling stops at 62.
    assert_eq!(
        Personalization::MerkleTree(63).bits(),
        Personalization::NoteCommitment.bits()
    );
    let mut longer = bits.clone();
    longer.push(false);
    longer.push(false);
    longer.push(false);
    // Appending a zero chunk changes the hash (enc never yields zero).
    assert_ne!(pedersen_hash(Personalization::NoteCommitment, longer), h);
}

/// Jubjub decoding: non-canonical v, off-curve, small-order and wrong-length
/// encodings are rejected.
#[test]
fn jubjub_decoding_rejects_bad_encodings() {
    // v = q (non-canonical): q = 0x73eda753...00000001 little-endian.
    let q = ark_ed_on_bls12_381::Fq::MODULUS.to_bytes_le();
    assert_eq!(
        Commitment::<Jubjub>::from_bytes(&q),
        Err(Error::InvalidPoint)
    );
    // (0, -1) has order 2: on the curve, not in the prime-order subgroup.
    let minus_one = (-ark_ed_on_bls12_381::Fq::from(1u8))
        .into_bigint()
        .to_bytes_le();
    assert_eq!(
        Commitment::<Jubjub>::from_bytes(&minus_one),
        Err(Error::InvalidPoint)
    );
    // u = 0 with the sign bit set is non-canonical (ZIP-216).
    let mut one = [0u8; 32];
    one[0] = 1;
    one[31] |= 0x80;
    assert_eq!(
        Commitment::<Jubjub>::from_bytes(&one),
        Err(Error::InvalidPoint)
    );
    one[31] &= 0x7f;
    assert!(
        Commitment::<Jubjub>::from_bytes(&one).is_ok(),
        "identity (0, 1) decodes"
    );
    assert_eq!(
        Commitment::<Jubjub>::from_bytes(&[0u8; 31]),
        Err(Error::InvalidLength)
    );
    // v = 2 is not on the curve (u² would be a non-residue) or not in the subgroup.
    let mut two = [0u8; 32];
    two[0] = 2;
    assert_eq!(
        Commitment::<Jubjub>::from_bytes(&two),
        Err(Error::InvalidPoint)
    );
}
