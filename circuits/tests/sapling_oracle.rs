//! The Pedersen gadgets against `sapling-crypto` (Zcash's own Sapling
//! implementation), an oracle independent of `umbra-pedersen`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ed_on_bls12_381::{Fq, Fr};
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use group::GroupEncoding;
use proptest::prelude::*;
use sapling_crypto::pedersen_hash::Personalization as TheirPersonalization;
use sapling_crypto::value::{NoteValue, ValueCommitTrapdoor, ValueCommitment};
use umbra_circuits::pedersen::{PedersenCommitmentVar, sapling_pedersen_hash_to_point};
use umbra_pedersen::jubjub::encode_affine;
use umbra_pedersen::sapling::Personalization;

fn bits_of(cs: &ConstraintSystemRef<Fq>, bits: &[bool]) -> Vec<Boolean<Fq>> {
    bits.iter()
        .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn hash_matches_sapling_crypto(
        bits in proptest::collection::vec(any::<bool>(), 0..600),
        level in 0u8..64,
    ) {
        // Level 63 stands for the note-commitment personalisation.
        let (ours, theirs) = if level == 63 {
            (Personalization::NoteCommitment, TheirPersonalization::NoteCommitment)
        } else {
            (Personalization::MerkleTree(level), TheirPersonalization::MerkleTree(usize::from(level)))
        };
        let cs = ConstraintSystem::<Fq>::new_ref();
        let mb = bits_of(&cs, &bits);
        let p = sapling_pedersen_hash_to_point(ours, &mb).unwrap();
        let expected = sapling_crypto::pedersen_hash::pedersen_hash(theirs, bits.iter().copied());
        prop_assert_eq!(encode_affine(&p.value().unwrap()), expected.to_bytes());
        prop_assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn value_commitment_matches_sapling_crypto(value in any::<u64>(), rcv in any::<[u8; 32]>()) {
        let mut rcv = rcv;
        rcv[31] &= 0x07; // below the Jubjub order
        let theirs = ValueCommitment::derive(
            NoteValue::from_raw(value),
            ValueCommitTrapdoor::from_bytes(rcv).unwrap(),
        );
        let r = Fr::from_le_bytes_mod_order(&rcv);
        let cs = ConstraintSystem::<Fq>::new_ref();
        let vb = bits_of(&cs, &(0..64).map(|i| (value >> i) & 1 == 1).collect::<Vec<_>>());
        let rb = bits_of(&cs, &r.into_bigint().to_bits_le()[..252]);
        let c = PedersenCommitmentVar::jubjub().commit(&vb, &rb).unwrap();
        prop_assert_eq!(encode_affine(&c.value().unwrap()), theirs.to_bytes());
        prop_assert!(cs.is_satisfied().unwrap());
    }
}
