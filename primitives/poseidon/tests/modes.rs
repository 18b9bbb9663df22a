//! The optimised permutation against the reference-shaped one, and the hash
//! modes against a direct model of their documented conventions, with
//! tamper and domain-separation properties.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ff::{PrimeField, UniformRand};
use proptest::prelude::*;
use umbra_poseidon::{CtField, DOMAIN_MERKLE_2_TO_1, Error, Poseidon, Sponge};

type Fr = ark_bn254::Fr;
type Fq = ark_bls12_381::Fr;

fn elem<F: PrimeField>() -> impl Strategy<Value = F> {
    prop_oneof![
        4 => proptest::array::uniform32(any::<u8>()).prop_map(|b| F::from_le_bytes_mod_order(&b)),
        1 => Just(F::zero()),
        1 => Just(-F::one()),
    ]
}

fn check_opt<F: CtField, const T: usize>(p: &Poseidon<F, T>, state: [F; T]) {
    let mut a = state;
    let mut b = state;
    p.permute(&mut a);
    p.permute_plain(&mut b);
    assert_eq!(a, b);
}

macro_rules! opt_suite {
    ($name:ident, $f:ty, $t:literal) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(16))]
            #[test]
            fn $name(state in proptest::array::uniform::<_, $t>(elem::<$f>())) {
                let p = Poseidon::<$f, $t>::new().unwrap();
                check_opt(&p, state);
            }
        }
    };
}
opt_suite!(optimised_equals_plain_bn254_t2, Fr, 2);
opt_suite!(optimised_equals_plain_bn254_t3, Fr, 3);
opt_suite!(optimised_equals_plain_bn254_t4, Fr, 4);
opt_suite!(optimised_equals_plain_bn254_t5, Fr, 5);
opt_suite!(optimised_equals_plain_bls_t2, Fq, 2);
opt_suite!(optimised_equals_plain_bls_t3, Fq, 3);
opt_suite!(optimised_equals_plain_bls_t4, Fq, 4);
opt_suite!(optimised_equals_plain_bls_t5, Fq, 5);

#[test]
fn unsupported_widths_are_errors() {
    assert_eq!(
        Poseidon::<Fr, 1>::new().err(),
        Some(Error::UnsupportedWidth)
    );
    assert_eq!(
        Poseidon::<Fr, 6>::new().err(),
        Some(Error::UnsupportedWidth)
    );
    assert_eq!(Poseidon::<Fr, 3>::new().map(|p| p.partial_rounds()), Ok(57));
}

#[test]
fn fixed_hash_rejects_wrong_lengths() {
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let x = Fr::from(5u64);
    assert_eq!(p.hash(&[]), Err(Error::InvalidInputLength));
    assert_eq!(p.hash(&[x]), Err(Error::InvalidInputLength));
    assert_eq!(p.hash(&[x, x, x]), Err(Error::InvalidInputLength));
    assert!(p.hash(&[x, x]).is_ok());
}

/// The sponge convention written out directly on `permute_plain`.
fn model_sponge<F: CtField, const T: usize>(
    p: &Poseidon<F, T>,
    tag: F,
    input: &[F],
    outputs: usize,
) -> Vec<F> {
    let mut padded = input.to_vec();
    padded.push(F::one());
    while !padded.len().is_multiple_of(T - 1) {
        padded.push(F::zero());
    }
    let mut s = [F::zero(); T];
    s[0] = tag;
    for block in padded.chunks(T - 1) {
        for (i, x) in block.iter().enumerate() {
            s[1 + i] += x;
        }
        p.permute_plain(&mut s);
    }
    let mut out = Vec::new();
    loop {
        for x in &s[1..] {
            out.push(*x);
            if out.len() == outputs {
                return out;
            }
        }
        p.permute_plain(&mut s);
    }
}

fn tag<F: PrimeField>(mode: u64, domain: u64) -> F {
    F::from(2u64).pow([64]) * F::from(mode) + F::from(domain)
}

fn bytes_to_elements<F: PrimeField>(bytes: &[u8]) -> Vec<F> {
    let mut b = bytes.to_vec();
    b.push(1);
    while !b.len().is_multiple_of(31) {
        b.push(0);
    }
    b.chunks(31).map(F::from_le_bytes_mod_order).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn sponge_elements_matches_model(
        input in proptest::collection::vec(elem::<Fr>(), 0..9),
        domain in any::<u64>(),
        split in 0usize..9,
        outputs in 1usize..6,
    ) {
        let p = Poseidon::<Fr, 3>::new().unwrap();
        let mut s = Sponge::new(&p, domain);
        let split = split.min(input.len());
        s.absorb(&input[..split]).unwrap();
        s.absorb(&input[split..]).unwrap();
        let ours: Vec<Fr> = (0..outputs).map(|_| s.squeeze()).collect();
        prop_assert_eq!(&ours, &model_sponge(&p, tag(1, domain), &input, outputs));
        prop_assert_eq!(ours[0], p.hash_elements(domain, &input));
        prop_assert_eq!(s.absorb(&input), Err(Error::AbsorbAfterSqueeze));
    }

    #[test]
    fn sponge_bytes_matches_model(
        input in proptest::collection::vec(any::<u8>(), 0..100),
        domain in any::<u64>(),
        split in 0usize..100,
    ) {
        let p = Poseidon::<Fq, 5>::new().unwrap();
        let mut s = Sponge::new(&p, domain);
        let split = split.min(input.len());
        s.absorb_bytes(&input[..split]).unwrap();
        s.absorb_bytes(&input[split..]).unwrap();
        prop_assert_eq!(s.absorb(&[Fq::from(1u64)]), Err(Error::MixedInputKinds));
        let out = s.squeeze();
        let model = model_sponge(&p, tag(2, domain), &bytes_to_elements::<Fq>(&input), 1);
        prop_assert_eq!(out, model[0]);
        prop_assert_eq!(out, p.hash_bytes(domain, &input));
    }

    /// Every single change of an input element, of the input length or of
    /// the domain changes every mode's output.
    #[test]
    fn tamper_and_domains(
        input in proptest::collection::vec(elem::<Fr>(), 2..6),
        idx in any::<prop::sample::Index>(),
        delta in 1u64..,
        domain in any::<u64>(),
    ) {
        let p = Poseidon::<Fr, 3>::new().unwrap();
        let h = p.hash_elements(domain, &input);
        let mut tampered = input.clone();
        let i = idx.index(input.len());
        tampered[i] += Fr::from(delta);
        prop_assert_ne!(h, p.hash_elements(domain, &tampered));
        prop_assert_ne!(h, p.hash_elements(domain.wrapping_add(1), &input));
        let mut longer = input.clone();
        longer.push(Fr::from(0u64));
        prop_assert_ne!(h, p.hash_elements(domain, &longer));
        prop_assert_ne!(h, p.hash_elements(domain, &input[..input.len() - 1]));

        let (l, r) = (input[0], input[1]);
        let c = p.compress(&l, &r);
        prop_assert_ne!(c, p.hash(&[l, r]).unwrap());
        prop_assert_ne!(c, p.compress(&(l + Fr::from(delta)), &r));
        prop_assert_ne!(c, p.compress(&l, &(r + Fr::from(delta))));
        if l != r {
            prop_assert_ne!(c, p.compress(&r, &l));
        }
        let fixed = p.hash(&[l, r]).unwrap();
        prop_assert_ne!(fixed, p.hash(&[l + Fr::from(delta), r]).unwrap());
        prop_assert_ne!(fixed, p.hash(&[l, r + Fr::from(delta)]).unwrap());
    }

    #[test]
    fn byte_tamper(input in proptest::collection::vec(any::<u8>(), 1..70), idx in any::<prop::sample::Index>(), flip in 1u8..) {
        let p = Poseidon::<Fr, 4>::new().unwrap();
        let h = p.hash_bytes(0, &input);
        let mut t = input.clone();
        t[idx.index(input.len())] ^= flip;
        prop_assert_ne!(h, p.hash_bytes(0, &t));
        let mut longer = input.clone();
        longer.push(0);
        prop_assert_ne!(h, p.hash_bytes(0, &longer));
        prop_assert_ne!(h, p.hash_bytes(0, &input[..input.len() - 1]));
    }
}

#[test]
fn compress_is_the_tagged_permutation() {
    let p = Poseidon::<Fq, 3>::new().unwrap();
    let mut rng = ark_std::test_rng();
    let (l, r) = (Fq::rand(&mut rng), Fq::rand(&mut rng));
    let mut s = [Fq::from(DOMAIN_MERKLE_2_TO_1), l, r];
    p.permute_plain(&mut s);
    assert_eq!(p.compress(&l, &r), s[0]);
}

#[test]
fn empty_inputs_are_distinct_across_modes() {
    let p = Poseidon::<Fr, 3>::new().unwrap();
    let e = p.hash_elements(0, &[]);
    let b = p.hash_bytes(0, &[]);
    assert_ne!(e, b);
    assert_eq!(e, model_sponge(&p, tag(1, 0), &[], 1)[0]);
    let fresh = Sponge::new(&p, 0).squeeze();
    assert_eq!(fresh, e);
}
