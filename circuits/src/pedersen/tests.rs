#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use alloc::vec;
use ark_ec::twisted_edwards::TECurveConfig;
use ark_ed_on_bls12_381::{EdwardsConfig, Fq, Fr};
use ark_ff::{BigInteger, UniformRand};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use ark_std::rand::rngs::StdRng;
use ark_std::rand::{Rng, SeedableRng};
use proptest::prelude::*;
use umbra_pedersen::sapling::{Personalization, pedersen_hash};
use umbra_pedersen::{Commitment, Generators, Jubjub, Opening, VectorOpening};

use crate::edwards::generator;

fn bits_of(cs: &ConstraintSystemRef<Fq>, bits: &[bool]) -> Vec<Boolean<Fq>> {
    bits.iter()
        .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect()
}

fn scalar_bits(s: &Fr) -> Vec<bool> {
    s.into_bigint().to_bits_le()[..252].to_vec()
}

fn u64_bits(v: u64) -> Vec<bool> {
    (0..64).map(|i| (v >> i) & 1 == 1).collect()
}

fn native_commit(v: u64, r: Fr) -> ark_ed_on_bls12_381::EdwardsAffine {
    let gens = Generators::<Jubjub>::standard();
    let opening = Opening::<Jubjub>::new(Fr::from(v), r);
    Commitment::commit(&gens, &opening).as_point().to_affine()
}

fn personalization(rng: &mut StdRng) -> Personalization {
    if rng.r#gen::<bool>() {
        Personalization::NoteCommitment
    } else {
        Personalization::MerkleTree(rng.gen_range(0..63))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn commitment_matches_umbra_pedersen(seed in any::<u64>()) {
        let mut rng = StdRng::seed_from_u64(seed);
        let v: u64 = rng.r#gen();
        let r = Fr::rand(&mut rng);
        let gadget = PedersenCommitmentVar::jubjub();
        let cs = ConstraintSystem::<Fq>::new_ref();
        let vb = bits_of(&cs, &u64_bits(v));
        let rb = bits_of(&cs, &scalar_bits(&r));
        let c = gadget.commit(&vb, &rb).unwrap();
        prop_assert_eq!(c.value().unwrap(), native_commit(v, r));
        let public = JubjubVar::new_input(cs.clone(), || Ok(native_commit(v, r))).unwrap();
        gadget.enforce_opening(&public, &vb, &rb).unwrap();
        prop_assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn wrong_opening_is_rejected(seed in any::<u64>(), which in 0usize..3) {
        let mut rng = StdRng::seed_from_u64(seed);
        let v: u64 = rng.r#gen();
        let r = Fr::rand(&mut rng);
        let (v2, r2) = match which {
            0 => (v ^ (1 << rng.gen_range(0..64)), r),
            1 => (v, r + Fr::from(1u64 << rng.gen_range(0..64))),
            _ => (r.into_bigint().0[0], Fr::from(v)),
        };
        let gadget = PedersenCommitmentVar::jubjub();
        let cs = ConstraintSystem::<Fq>::new_ref();
        let public = JubjubVar::new_input(cs.clone(), || Ok(native_commit(v, r))).unwrap();
        let vb = bits_of(&cs, &u64_bits(v2));
        let rb = bits_of(&cs, &scalar_bits(&r2));
        gadget.enforce_opening(&public, &vb, &rb).unwrap();
        prop_assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn sapling_hash_matches_umbra_pedersen(seed in any::<u64>(), len in 0usize..600) {
        let mut rng = StdRng::seed_from_u64(seed);
        let msg: Vec<bool> = (0..len).map(|_| rng.r#gen()).collect();
        let pers = personalization(&mut rng);
        let cs = ConstraintSystem::<Fq>::new_ref();
        let mb = bits_of(&cs, &msg);
        let h = sapling_pedersen_hash(pers, &mb).unwrap();
        let native = pedersen_hash(pers, msg.iter().copied());
        prop_assert_eq!(h.value().unwrap(), native);
        prop_assert!(cs.is_satisfied().unwrap());
        // Any one flipped message bit gives a different hash, which the
        // circuit refuses to equate with this one.
        if len > 0 {
            let mut other = msg.clone();
            let i = rng.gen_range(0..len);
            other[i] = !other[i];
            let wrong = pedersen_hash(pers, other.iter().copied());
            prop_assert_ne!(wrong, native);
            let claimed = FpVar::new_input(cs.clone(), || Ok(wrong)).unwrap();
            h.enforce_equal(&claimed).unwrap();
            prop_assert!(!cs.is_satisfied().unwrap());
        }
    }
}

#[test]
fn vector_commitment_matches_umbra_pedersen() {
    let mut rng = StdRng::seed_from_u64(7);
    let values: Vec<Fr> = (0..3).map(|_| Fr::from(rng.r#gen::<u64>())).collect();
    let r = Fr::rand(&mut rng);
    let gens = Generators::<Jubjub>::with_vector_len(3);
    let opening = VectorOpening::<Jubjub>::new(values.clone(), r);
    let native = Commitment::commit_vector(&gens, &opening).unwrap();
    let cs = ConstraintSystem::<Fq>::new_ref();
    let vbits: Vec<Vec<Boolean<Fq>>> = values
        .iter()
        .map(|v| bits_of(&cs, &u64_bits(v.into_bigint().0[0])))
        .collect();
    let rb = bits_of(&cs, &scalar_bits(&r));
    let gadget = PedersenCommitmentVar::jubjub();
    let c = gadget
        .commit_vector(
            &PedersenCommitmentVar::jubjub_vector_generators(3),
            &vbits,
            &rb,
        )
        .unwrap();
    assert_eq!(c.value().unwrap(), native.as_point().to_affine());
    assert!(cs.is_satisfied().unwrap());
    assert!(
        gadget
            .commit_vector(
                &PedersenCommitmentVar::jubjub_vector_generators(2),
                &vbits,
                &rb
            )
            .is_err()
    );
}

/// With every bit a witness (and no padding), the hash costs exactly
/// `5c + 5n − 6`.
#[test]
fn sapling_hash_cost_formula() {
    for len in [3usize, 189, 192, 516, 567] {
        let cs = ConstraintSystem::<Fq>::new_ref();
        let bits = bits_of(&cs, &vec![true; len]);
        let before = cs.num_constraints();
        let gens = sapling_generators(len);
        let _ = pedersen_hash_to_point::<EdwardsConfig>(&gens, &bits).unwrap();
        let (c, n) = (len.div_ceil(3), len.div_ceil(189));
        assert_eq!(
            cs.num_constraints() - before,
            5 * c + 5 * n - 6,
            "len {len}"
        );
        assert!(cs.is_satisfied().unwrap());
    }
}

/// Hash of the empty input with a generic base, and too few generators.
#[test]
fn generic_hash_edge_cases() {
    let cs = ConstraintSystem::<Fq>::new_ref();
    let bits = bits_of(&cs, &[true; 200]);
    let one = [generator::<EdwardsConfig>()];
    assert!(pedersen_hash_to_point::<EdwardsConfig>(&one, &bits).is_err());
    let empty = pedersen_hash_to_point::<EdwardsConfig>(&one, &[]).unwrap();
    assert_eq!(
        empty.value().unwrap(),
        <EdwardsConfig as TECurveConfig>::GENERATOR * Fr::zero()
    );
}
