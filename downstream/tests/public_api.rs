//! Every primitive crate used through its public API only, as a downstream
//! user would: foreign types come from the crates' re-exports, and one RNG
//! type (rand 0.10's `StdRng`) drives all three batch verifiers.
#![allow(clippy::unwrap_used)]

use rand::SeedableRng;
use rand::rngs::StdRng;

fn rng() -> StdRng {
    StdRng::seed_from_u64(0x5eed)
}

#[test]
fn bip340_single_and_batch() {
    use umbra_schnorr::bip340::{
        BatchItem, Error, SigningKey, find_invalid, verify_batch, verify_batch_deterministic,
    };
    let mut rng = rng();
    let keys: Vec<SigningKey> = (0..4).map(|_| SigningKey::generate(&mut rng)).collect();
    let msgs: Vec<Vec<u8>> = (0..4u8).map(|i| vec![i; 10]).collect();
    let sigs: Vec<_> = keys
        .iter()
        .zip(&msgs)
        .map(|(k, m)| k.sign_with_rng(&mut rng, m).unwrap())
        .collect();
    let items: Vec<BatchItem<'_>> = keys
        .iter()
        .zip(&msgs)
        .zip(&sigs)
        .map(|((k, m), s)| (k.verifying_key(), m.as_slice(), s).into())
        .collect();
    assert_eq!(verify_batch(&mut rng, &items), Ok(()));
    assert_eq!(verify_batch_deterministic(&items), Ok(()));
    let mut bad = items.clone();
    bad[2] = BatchItem::new(keys[2].verifying_key(), b"other", &sigs[2]);
    assert_eq!(verify_batch(&mut rng, &bad), Err(Error::BatchInvalid));
    assert_eq!(verify_batch_deterministic(&bad), Err(Error::BatchInvalid));
    assert_eq!(find_invalid(&bad), vec![(2, Error::InvalidSignature)]);
    // The scalar type comes from the re-exported k256.
    let _s: &umbra_schnorr::k256::Scalar = sigs[0].s();
}

#[test]
fn redjubjub_single_and_batch() {
    use umbra_schnorr::redjubjub::{
        BatchItem, Binding, Error, SigningKey, SpendAuth, find_invalid, verify_batch,
        verify_batch_deterministic,
    };
    let mut rng = rng();
    let a = SigningKey::<SpendAuth>::generate(&mut rng);
    let b = SigningKey::<Binding>::generate(&mut rng);
    let (sa, sb) = (a.sign(&mut rng, b"a"), b.sign(&mut rng, b"b"));
    let items = [
        BatchItem::new(a.verification_key(), b"a", &sa),
        BatchItem::new(b.verification_key(), b"b", &sb),
    ];
    assert_eq!(verify_batch(&mut rng, &items), Ok(()));
    assert_eq!(verify_batch_deterministic(&items), Ok(()));
    let bad = [items[0], BatchItem::new(b.verification_key(), b"a", &sb)];
    assert_eq!(verify_batch(&mut rng, &bad), Err(Error::BatchInvalid));
    assert_eq!(find_invalid(&bad), vec![(1, Error::InvalidSignature)]);
    assert_eq!(sa.r_bytes().len(), 32);
}

#[test]
fn ed25519_single_and_batch() {
    use umbra_eddsa::{
        BatchItem, Error, SigningKey, find_invalid, verify_batch, verify_batch_deterministic,
    };
    let mut rng = rng();
    let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
    let vks: Vec<_> = keys.iter().map(SigningKey::verifying_key).collect();
    let sigs: Vec<_> = keys.iter().map(|k| k.sign(b"msg")).collect();
    let items: Vec<BatchItem<'_>> = vks
        .iter()
        .zip(&sigs)
        .map(|(v, s)| BatchItem::new(v, b"msg", s))
        .collect();
    assert_eq!(verify_batch(&mut rng, &items), Ok(()));
    assert_eq!(verify_batch_deterministic(&items), Ok(()));
    let bad = [items[0], BatchItem::new(&vks[1], b"msg", &sigs[0])];
    assert_eq!(verify_batch(&mut rng, &bad), Err(Error::BatchInvalid));
    assert_eq!(find_invalid(&bad), vec![(1, Error::InvalidSignature)]);
    // r_bytes returns an array by value, as in the other crates.
    let r: [u8; 32] = sigs[0].r_bytes();
    assert_eq!(r, sigs[0].to_bytes()[..32]);
}

#[test]
fn tecdsa_through_the_k256_reexport() {
    use umbra_tecdsa::k256::{ProjectivePoint, Scalar};
    use umbra_tecdsa::{Error, degree_for_min_signers, feldman, parse_scalar};
    let mut rng = rng();
    let degree = degree_for_min_signers(2).unwrap();
    let coeffs = [Scalar::from(11u64), Scalar::from(13u64)];
    let commitments: Vec<ProjectivePoint> = coeffs
        .iter()
        .map(|c| ProjectivePoint::GENERATOR * c)
        .collect();
    let shares: Vec<(u16, Scalar)> = (1..=3u16)
        .map(|i| (i, coeffs[0] + coeffs[1] * Scalar::from(u64::from(i))))
        .collect();
    assert_eq!(
        feldman::verify_shares_batch(&mut rng, &commitments, degree, &shares),
        Ok(())
    );
    assert_eq!(parse_scalar(&[0xff; 32]), Err(Error::ScalarOutOfRange));
    assert_eq!(
        umbra_tecdsa::ecdsa::parse_raw(&[0u8; 64]),
        Err(Error::ZeroScalar)
    );
}

#[test]
fn pedersen_with_the_ctgroup_reexport() {
    use umbra_pedersen::{
        Commitment, CtGroup, Generators, Jubjub, Opening, PedersenGroup, Ristretto255,
    };
    let mut rng = rng();
    let gens = Generators::<Ristretto255>::standard();
    let opening = Opening::<Ristretto255>::random(42, &mut rng);
    let c = Commitment::commit(&gens, &opening);
    assert!(c.verify_opening(&gens, &opening).is_ok());
    // Jubjub points add through the re-exported CtGroup trait.
    let g = Jubjub::value_generator();
    let h = Jubjub::blinding_generator();
    assert!(bool::from(Jubjub::point_eq(
        &g.ct_add(&h),
        &Jubjub::add(&g, &h)
    )));
}

#[test]
fn poseidon_through_the_ark_ff_reexport() {
    use umbra_poseidon::Poseidon;
    // Any arkworks prime field works; here Jubjub's base field via a re-export
    // of another Umbra crate (BLS12-381's scalar field).
    type F = umbra_pedersen::ark_ed_on_bls12_381::Fq;
    let p = Poseidon::<F, 3>::new().unwrap();
    let h = p.hash(&[F::from(1u64), F::from(2u64)]).unwrap();
    assert_ne!(h, <F as umbra_poseidon::ark_ff::Zero>::zero());
}

#[test]
fn verkle_commitment() {
    use umbra_verkle::{Banderwagon, BanderwagonScalar, Committer, Crs};
    let committer = Committer::new(Crs::<Banderwagon>::new());
    let values: Vec<BanderwagonScalar> = (1..=4u64).map(BanderwagonScalar::from).collect();
    let c = committer.commit(&values).unwrap();
    let sparse: Vec<(usize, BanderwagonScalar)> = values.iter().copied().enumerate().collect();
    assert_eq!(committer.commit_sparse(&sparse), Some(c));
}

#[test]
fn verkle_eip6800_keys_and_witness_errors() {
    use umbra_verkle::{Committer, Crs, Domain, eip6800};
    let committer = Committer::new(Crs::new());
    let address = eip6800::address32(
        &eip6800::decode_hex_array("0x71562b71999873DB5b286dF957af199Ec94617f7").unwrap(),
    );
    let key =
        eip6800::account_header_key(&committer, &address, eip6800::BASIC_DATA_LEAF_KEY).unwrap();
    let stem: [u8; 31] = eip6800::decode_hex_array(
        "0x1540dfad7755b40be0768c6aa0a5096fbf0215e0e8cf354dd928a178346466",
    )
    .unwrap();
    assert_eq!(key[..31], stem);
    let witness = eip6800::ExecutionWitness {
        state_diff: vec![eip6800::StemStateDiff {
            stem,
            suffix_diffs: vec![eip6800::SuffixStateDiff {
                suffix: 0,
                current_value: None,
                new_value: None,
            }],
        }],
        verkle_proof: eip6800::VerkleProof {
            other_stems: vec![],
            depth_extension_present: vec![0x07],
            commitments_by_path: vec![],
            d: [0; 32],
            ipa_proof: eip6800::WitnessIpaProof {
                cl: [[0; 32]; 8],
                cr: [[0; 32]; 8],
                final_evaluation: [0; 32],
            },
        },
    };
    let domain = Domain::new(256);
    let root = [0u8; 32];
    let err = eip6800::verify_execution_witness(committer.crs(), &domain, &root, &witness);
    assert_eq!(err, Err(eip6800::Error::Malformed));
}

#[test]
fn ct_curves_through_reexports() {
    use umbra_ct_curves::subtle::ConstantTimeEq;
    use umbra_ct_curves::{CtField, CtGroup, TePoint};
    // The curve comes from a crate the user already has (here umbra-schnorr's
    // re-export); the traits from umbra-ct-curves' re-exports.
    use umbra_schnorr::ark_ed_on_bls12_381::{EdwardsConfig, Fr};
    let g = TePoint::<EdwardsConfig>::generator();
    let a = g.ct_mul(&Fr::from(6u64));
    let b = g.ct_double().ct_mul(&Fr::from(3u64));
    assert!(bool::from(a.ct_eq(&b)));
    let inv = Fr::from(3u64).ct_inverse().unwrap();
    assert!(bool::from(
        inv.ct_mul(&Fr::from(3u64)).ct_eq(&Fr::from(1u64))
    ));
}
