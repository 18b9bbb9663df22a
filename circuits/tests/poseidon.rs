//! The Poseidon gadgets against `umbra-poseidon`: value equality and
//! satisfaction on random inputs for every parameter set, constraint costs,
//! and negative tests (wrong preimage, wrong path, wrong direction bit,
//! any tampered witness make the system unsatisfied).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use ark_ff::PrimeField;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError};
use proptest::prelude::*;
use umbra_circuits::poseidon::{
    CtField, MerklePathVar, Poseidon, PoseidonPermutationVar, PoseidonSpongeVar, merkle_root_var,
    poseidon_compress_var, poseidon_hash_var,
};
use umbra_poseidon::{FULL_ROUNDS, Sponge};

type Bn = ark_bn254::Fr;
type Bls = ark_bls12_381::Fr;

/// Native parameters are generated once per instance (the Grain LFSR is slow
/// in the dev profile).
macro_rules! params_fn {
    ($name:ident, $f:ty, $t:literal) => {
        fn $name() -> &'static Poseidon<$f, $t> {
            static P: OnceLock<Poseidon<$f, $t>> = OnceLock::new();
            P.get_or_init(|| Poseidon::new().unwrap())
        }
    };
}
params_fn!(bn2, Bn, 2);
params_fn!(bn3, Bn, 3);
params_fn!(bn4, Bn, 4);
params_fn!(bn5, Bn, 5);
params_fn!(bls2, Bls, 2);
params_fn!(bls3, Bls, 3);
params_fn!(bls4, Bls, 4);
params_fn!(bls5, Bls, 5);

fn elem<F: PrimeField>() -> impl Strategy<Value = F> {
    prop_oneof![
        6 => proptest::array::uniform32(any::<u8>()).prop_map(|b| F::from_le_bytes_mod_order(&b)),
        1 => Just(F::zero()),
        1 => Just(-F::one()),
    ]
}

fn witnesses<F: PrimeField>(cs: &ConstraintSystemRef<F>, xs: &[F]) -> Vec<FpVar<F>> {
    xs.iter()
        .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
        .collect()
}

/// Makes every constraint evaluate its (inlined) linear combinations from
/// the variable assignment instead of the cached LC values, so that
/// tampering with a witness is seen by `is_satisfied`.
fn finalize_for_tamper<F: PrimeField>(cs: &ConstraintSystemRef<F>) {
    cs.finalize();
    cs.borrow_mut().unwrap().assignments.lc_assignment.clear();
}

/// Every witness variable is pinned: changing any one of them makes the
/// system unsatisfied. `skip` leading witnesses (free inputs) are left out.
fn assert_every_witness_pinned<F: PrimeField>(cs: &ConstraintSystemRef<F>, skip: usize) {
    finalize_for_tamper(cs);
    assert!(cs.is_satisfied().unwrap());
    let n = cs.num_witness_variables();
    assert!(n > skip);
    for i in skip..n {
        let old = cs.borrow().unwrap().assignments.witness_assignment[i];
        cs.borrow_mut().unwrap().assignments.witness_assignment[i] = old + F::one();
        assert!(
            !cs.is_satisfied().unwrap(),
            "witness {i} is not constrained"
        );
        cs.borrow_mut().unwrap().assignments.witness_assignment[i] = old;
    }
    assert!(cs.is_satisfied().unwrap());
}

fn check_permutation<F: CtField, const T: usize>(p: &Poseidon<F, T>, state: [F; T]) {
    let cs = ConstraintSystem::<F>::new_ref();
    let vars = witnesses(&cs, &state);
    let mut s: [FpVar<F>; T] = core::array::from_fn(|i| vars[i].clone());
    PoseidonPermutationVar::new(p).permute(&mut s).unwrap();
    let mut native = state;
    p.permute(&mut native);
    for (v, n) in s.iter().zip(native.iter()) {
        assert_eq!(v.value().unwrap(), *n);
    }
    assert!(cs.is_satisfied().unwrap());
    // 3 constraints per S-box: 8 full rounds of T, R_P partial rounds of 1.
    assert_eq!(
        cs.num_constraints(),
        3 * (FULL_ROUNDS * T + p.partial_rounds())
    );
}

macro_rules! permutation_suite {
    ($name:ident, $params:ident, $f:ty, $t:literal) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8))]
            #[test]
            fn $name(state in proptest::array::uniform::<_, $t>(elem::<$f>())) {
                check_permutation($params(), state);
            }
        }
    };
}
permutation_suite!(permutation_bn254_t2, bn2, Bn, 2);
permutation_suite!(permutation_bn254_t3, bn3, Bn, 3);
permutation_suite!(permutation_bn254_t4, bn4, Bn, 4);
permutation_suite!(permutation_bn254_t5, bn5, Bn, 5);
permutation_suite!(permutation_bls12_381_t2, bls2, Bls, 2);
permutation_suite!(permutation_bls12_381_t3, bls3, Bls, 3);
permutation_suite!(permutation_bls12_381_t4, bls4, Bls, 4);
permutation_suite!(permutation_bls12_381_t5, bls5, Bls, 5);

fn check_hash<F: CtField, const T: usize>(p: &Poseidon<F, T>, inputs: &[F]) {
    let cs = ConstraintSystem::<F>::new_ref();
    let vars = witnesses(&cs, inputs);
    let h = poseidon_hash_var(p, &vars).unwrap();
    assert_eq!(h.value().unwrap(), p.hash(inputs).unwrap());
    assert!(cs.is_satisfied().unwrap());
    // The capacity cell is the constant 0: its first S-box is free.
    assert_eq!(
        cs.num_constraints(),
        3 * (FULL_ROUNDS * T + p.partial_rounds()) - 3
    );
}

macro_rules! hash_suite {
    ($name:ident, $params:ident, $f:ty, $t:literal) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8))]
            #[test]
            fn $name(inputs in proptest::array::uniform::<_, { $t - 1 }>(elem::<$f>())) {
                check_hash($params(), &inputs);
            }
        }
    };
}
hash_suite!(hash_bn254_t2, bn2, Bn, 2);
hash_suite!(hash_bn254_t3, bn3, Bn, 3);
hash_suite!(hash_bn254_t4, bn4, Bn, 4);
hash_suite!(hash_bn254_t5, bn5, Bn, 5);
hash_suite!(hash_bls12_381_t2, bls2, Bls, 2);
hash_suite!(hash_bls12_381_t3, bls3, Bls, 3);
hash_suite!(hash_bls12_381_t4, bls4, Bls, 4);
hash_suite!(hash_bls12_381_t5, bls5, Bls, 5);

/// circomlib's `poseidon([1, 2])` (the value `umbra-poseidon` documents and
/// `light-poseidon` reproduces), computed in-circuit.
#[test]
fn hash_circomlib_known_answer() {
    let cs = ConstraintSystem::<Bn>::new_ref();
    let vars = witnesses(&cs, &[Bn::from(1u64), Bn::from(2u64)]);
    let h = poseidon_hash_var(bn3(), &vars).unwrap();
    assert_eq!(
        h.value().unwrap().to_string(),
        "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    );
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn hash_rejects_wrong_arity() {
    let cs = ConstraintSystem::<Bn>::new_ref();
    let vars = witnesses(&cs, &[Bn::from(1u64); 3]);
    assert_eq!(
        poseidon_hash_var(bn3(), &vars).err(),
        Some(SynthesisError::ArityMismatch)
    );
    assert_eq!(
        poseidon_hash_var(bn3(), &vars[..1]).err(),
        Some(SynthesisError::ArityMismatch)
    );
}

/// Constant inputs fold to a constant: no constraints, same value.
#[test]
fn constant_inputs_cost_nothing() {
    let x = [Bls::from(3u64), Bls::from(4u64)];
    let vars: Vec<FpVar<Bls>> = x.iter().map(|v| FpVar::Constant(*v)).collect();
    let h = poseidon_compress_var(bls3(), &vars[0], &vars[1]).unwrap();
    assert!(h.is_constant());
    assert_eq!(h.value().unwrap(), bls3().compress(&x[0], &x[1]));
}

fn check_compress<F: CtField>(p: &Poseidon<F, 3>, l: F, r: F) {
    let cs = ConstraintSystem::<F>::new_ref();
    let v = witnesses(&cs, &[l, r]);
    let c = poseidon_compress_var(p, &v[0], &v[1]).unwrap();
    assert_eq!(c.value().unwrap(), p.compress(&l, &r));
    assert_ne!(c.value().unwrap(), p.hash(&[l, r]).unwrap());
    assert!(cs.is_satisfied().unwrap());
    assert_eq!(cs.num_constraints(), 240);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn compress_bn254(l in elem::<Bn>(), r in elem::<Bn>()) {
        check_compress(bn3(), l, r);
    }

    #[test]
    fn compress_bls12_381(l in elem::<Bls>(), r in elem::<Bls>()) {
        check_compress(bls3(), l, r);
    }

    /// The sponge gadget over elements equals the native sponge for the same
    /// call sequence (two absorbs, several squeezes).
    #[test]
    fn sponge_elements_bn254_t3(
        input in proptest::collection::vec(elem::<Bn>(), 0..7),
        domain in any::<u64>(),
        split in 0usize..7,
        outputs in 1usize..5,
    ) {
        let p = bn3();
        let split = split.min(input.len());
        let mut native = Sponge::new(p, domain);
        native.absorb(&input[..split]).unwrap();
        native.absorb(&input[split..]).unwrap();
        let cs = ConstraintSystem::<Bn>::new_ref();
        let vars = witnesses(&cs, &input);
        let mut sponge = PoseidonSpongeVar::new(p, domain);
        sponge.absorb(&vars[..split]).unwrap();
        sponge.absorb(&vars[split..]).unwrap();
        for _ in 0..outputs {
            prop_assert_eq!(sponge.squeeze().unwrap().value().unwrap(), native.squeeze());
        }
        prop_assert!(cs.is_satisfied().unwrap());
        // Absorbing after squeezing and mixing kinds are refused, as natively.
        prop_assert!(sponge.absorb(&vars).is_err());
        let h = PoseidonPermutationVar::new(p).hash_elements(domain, &vars).unwrap();
        prop_assert_eq!(h.value().unwrap(), p.hash_elements(domain, &input));
    }

    #[test]
    fn sponge_elements_bls12_381_t5(
        input in proptest::collection::vec(elem::<Bls>(), 0..10),
        domain in any::<u64>(),
    ) {
        let p = bls5();
        let cs = ConstraintSystem::<Bls>::new_ref();
        let vars = witnesses(&cs, &input);
        let h = PoseidonPermutationVar::new(p).hash_elements(domain, &vars).unwrap();
        prop_assert_eq!(h.value().unwrap(), p.hash_elements(domain, &input));
        prop_assert!(cs.is_satisfied().unwrap());
    }

    /// Bytes as `UInt8` witnesses, packed in-circuit.
    #[test]
    fn sponge_bytes(
        input in proptest::collection::vec(any::<u8>(), 0..80),
        domain in any::<u64>(),
        split in 0usize..80,
    ) {
        let split = split.min(input.len());
        let cs = ConstraintSystem::<Bn>::new_ref();
        let bytes = UInt8::new_witness_vec(cs.clone(), &input).unwrap();
        let p = bn4();
        let mut sponge = PoseidonSpongeVar::new(p, domain);
        sponge.absorb_bytes(&bytes[..split]).unwrap();
        sponge.absorb_bytes(&bytes[split..]).unwrap();
        prop_assert!(sponge.absorb(&[FpVar::Constant(Bn::from(1u64))]).is_err());
        let out = sponge.squeeze().unwrap();
        prop_assert_eq!(out.value().unwrap(), p.hash_bytes(domain, &input));
        prop_assert!(cs.is_satisfied().unwrap());

        let cs = ConstraintSystem::<Bls>::new_ref();
        let bytes = UInt8::new_witness_vec(cs.clone(), &input).unwrap();
        let h = PoseidonPermutationVar::new(bls3()).hash_bytes(domain, &bytes).unwrap();
        prop_assert_eq!(h.value().unwrap(), bls3().hash_bytes(domain, &input));
        prop_assert!(cs.is_satisfied().unwrap());
    }

    /// The Merkle gadget equals `Poseidon::merkle_root`, and the path with
    /// any changed sibling, direction bit or leaf fails the membership check
    /// against the true root.
    #[test]
    fn merkle_path_bn254(
        leaf in elem::<Bn>(),
        siblings in proptest::collection::vec(elem::<Bn>(), 1..6),
        index in any::<u64>(),
        level in any::<prop::sample::Index>(),
        what in 0u8..3,
    ) {
        let p = bn3();
        let depth = siblings.len();
        let root = p.merkle_root(&leaf, &siblings, index).unwrap();

        let cs = ConstraintSystem::<Bn>::new_ref();
        let leaf_var = FpVar::new_witness(cs.clone(), || Ok(leaf)).unwrap();
        let path = MerklePathVar::new_witness(cs.clone(), depth, Some(&siblings), Some(index)).unwrap();
        let root_var = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
        prop_assert_eq!(path.root(p, &leaf_var).unwrap().value().unwrap(), root);
        path.enforce_membership(p, &leaf_var, &root_var).unwrap();
        prop_assert!(cs.is_satisfied().unwrap());

        // Tamper with one part of the witness. Swapping the direction at a level whose two
        // children are equal (both 0, say: the strategy favours 0) changes nothing, so that
        // case is not a tamper.
        let l = level.index(depth);
        let node = p.merkle_root(&leaf, &siblings[..l], index).unwrap();
        prop_assume!(what != 2 || node != siblings[l]);
        let (mut leaf2, mut sib2, mut index2) = (leaf, siblings.clone(), index);
        match what {
            0 => leaf2 += Bn::from(1u64),
            1 => sib2[l] += Bn::from(1u64),
            _ => index2 ^= 1 << l,
        }
        let cs = ConstraintSystem::<Bn>::new_ref();
        let leaf_var = FpVar::new_witness(cs.clone(), || Ok(leaf2)).unwrap();
        let path = MerklePathVar::new_witness(cs.clone(), depth, Some(&sib2), Some(index2)).unwrap();
        let root_var = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
        path.enforce_membership(p, &leaf_var, &root_var).unwrap();
        prop_assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn merkle_path_bls12_381(
        leaf in elem::<Bls>(),
        siblings in proptest::collection::vec(elem::<Bls>(), 0..5),
        index in any::<u64>(),
    ) {
        let p = bls3();
        let cs = ConstraintSystem::<Bls>::new_ref();
        let leaf_var = FpVar::new_witness(cs.clone(), || Ok(leaf)).unwrap();
        let sib = witnesses(&cs, &siblings);
        let bits: Vec<Boolean<Bls>> = (0..siblings.len())
            .map(|i| Boolean::new_witness(cs.clone(), || Ok((index >> i) & 1 == 1)).unwrap())
            .collect();
        let path: Vec<_> = sib.into_iter().zip(bits).collect();
        let root = merkle_root_var(p, &leaf_var, &path).unwrap();
        prop_assert_eq!(root.value().unwrap(), p.merkle_root(&leaf, &siblings, index).unwrap());
        prop_assert!(cs.is_satisfied().unwrap());
        // 240 for the compression, 1 for the swap, 1 for the bit.
        prop_assert_eq!(cs.num_constraints(), 242 * siblings.len());
    }
}

/// Wrong preimage: the hash of other inputs does not satisfy a circuit that
/// binds the hash to the public digest, for every mode.
#[test]
fn wrong_preimage_is_unsatisfied() {
    let p = bls3();
    let good = [Bls::from(11u64), Bls::from(12u64)];
    let bad = [Bls::from(11u64), Bls::from(13u64)];
    type Mode = fn(&[FpVar<Bls>]) -> FpVar<Bls>;
    let modes: [(Mode, Bls); 3] = [
        (
            |v| poseidon_hash_var(bls3(), v).unwrap(),
            p.hash(&good).unwrap(),
        ),
        (
            |v| poseidon_compress_var(bls3(), &v[0], &v[1]).unwrap(),
            p.compress(&good[0], &good[1]),
        ),
        (
            |v| {
                PoseidonPermutationVar::new(bls3())
                    .hash_elements(9, v)
                    .unwrap()
            },
            p.hash_elements(9, &good),
        ),
    ];
    for (mode, digest) in modes {
        for (inputs, expect) in [(good, true), (bad, false)] {
            let cs = ConstraintSystem::<Bls>::new_ref();
            let v = witnesses(&cs, &inputs);
            let d = FpVar::new_input(cs.clone(), || Ok(digest)).unwrap();
            mode(&v).enforce_equal(&d).unwrap();
            assert_eq!(cs.is_satisfied().unwrap(), expect);
        }
    }
}

/// No free witness in the permutation: each intermediate (`x^2`, `x^4`,
/// `x^5` of every S-box) is pinned by a constraint.
#[test]
fn permutation_witnesses_are_pinned() {
    let cs = ConstraintSystem::<Bn>::new_ref();
    let input = [Bn::from(1u64), Bn::from(2u64), Bn::from(3u64)];
    let vars = witnesses(&cs, &input);
    let mut s: [FpVar<Bn>; 3] = core::array::from_fn(|i| vars[i].clone());
    PoseidonPermutationVar::new(bn3()).permute(&mut s).unwrap();
    assert_every_witness_pinned(&cs, input.len());
}

/// Same for a Merkle path: only the leaf and the siblings are free; the
/// direction bits are pinned by booleanity, the rest by the swap and the
/// compressions.
#[test]
fn merkle_witnesses_are_pinned() {
    let cs = ConstraintSystem::<Bls>::new_ref();
    let siblings = [Bls::from(5u64), Bls::from(6u64)];
    // Allocate the free inputs first so `skip` covers exactly them.
    let leaf = FpVar::new_witness(cs.clone(), || Ok(Bls::from(4u64))).unwrap();
    let sib = witnesses(&cs, &siblings);
    let bits: Vec<Boolean<Bls>> = [true, false]
        .iter()
        .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
        .collect();
    let path: Vec<_> = sib.into_iter().zip(bits).collect();
    let _root = merkle_root_var(bls3(), &leaf, &path).unwrap();
    // A bit changed from 0 to 1 is still boolean, but the swap product
    // computed from the old bit no longer matches.
    assert_every_witness_pinned(&cs, 1 + siblings.len());
}
