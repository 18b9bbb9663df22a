//! The circuit-friendly Poseidon transcript: IPA and multiproof round trips
//! and tamper rejection, separation from the EIP-6800 SHA-256 transcript,
//! and the transcript's own conventions (class-invariant point absorption,
//! 128-bit challenges).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use crate::common;
use common::{committer, domain};

use std::sync::OnceLock;

use ark_ec::twisted_edwards::Projective;
use ark_ff::{BigInteger, One, PrimeField, UniformRand, Zero};
use proptest::prelude::*;
use umbra_poseidon::Poseidon;
use umbra_verkle::commit::inner_product;
use umbra_verkle::group::BanderwagonBase as Fq;
use umbra_verkle::ipa::{self, IpaProof};
use umbra_verkle::multiproof::{self, MultiProof, ProverQuery, VerifierQuery};
use umbra_verkle::transcript::{
    CHALLENGE_BITS, POSEIDON_TRANSCRIPT_WIDTH, challenge_from_base, label_element,
};
use umbra_verkle::{
    Banderwagon, BanderwagonPoint, BanderwagonScalar as Fr, Committer, Crs, Domain, FsTranscript,
    PoseidonAbsorb, PoseidonTranscript, Transcript, VerkleGroup,
};

type Pt<'a> = PoseidonTranscript<'a, Banderwagon>;

fn params() -> &'static Poseidon<Fq, POSEIDON_TRANSCRIPT_WIDTH> {
    static P: OnceLock<Poseidon<Fq, POSEIDON_TRANSCRIPT_WIDTH>> = OnceLock::new();
    P.get_or_init(|| Poseidon::new().unwrap())
}

struct Opening {
    poly: Vec<Fr>,
    c: BanderwagonPoint,
    z: Fr,
    y: Fr,
    b: Vec<Fr>,
}

fn opening(seed: u64) -> Opening {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 7 {
        let _ = Fr::rand(&mut rng);
    }
    let poly: Vec<Fr> = (0..256).map(|_| Fr::rand(&mut rng)).collect();
    let c = committer().commit(&poly).unwrap();
    let z = Fr::rand(&mut rng);
    let b = domain().barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    Opening { poly, c, z, y, b }
}

fn ipa_prove_poseidon(o: &Opening) -> IpaProof<Banderwagon> {
    let mut tp = Pt::new(params(), b"test");
    ipa::prove(
        &mut tp,
        committer().crs(),
        o.poly.clone(),
        &o.c,
        o.b.clone(),
        &o.z,
    )
    .unwrap()
}

fn ipa_verify_poseidon(
    o: &Opening,
    c: &BanderwagonPoint,
    p: &IpaProof<Banderwagon>,
    z: &Fr,
    y: &Fr,
) -> bool {
    let mut tv = Pt::new(params(), b"test");
    let b = domain().barycentric_coefficients(z);
    ipa::verify(&mut tv, committer().crs(), c, p, z, y, &b).is_ok() && o.b.len() == 256
}

#[test]
fn ipa_poseidon_round_trip_and_tamper() {
    let o = opening(1);
    let proof = ipa_prove_poseidon(&o);
    // the table-assisted prover gives the same proof
    let mut tp = Pt::new(params(), b"test");
    let proof2 = ipa::prove_with_tables(
        &mut tp,
        committer(),
        o.poly.clone(),
        &o.c,
        o.b.clone(),
        &o.z,
    )
    .unwrap();
    assert_eq!(proof.to_bytes(), proof2.to_bytes());

    let bytes = proof.to_bytes();
    let parsed = IpaProof::<Banderwagon>::from_bytes(&bytes, 256).unwrap();
    assert!(ipa_verify_poseidon(&o, &o.c, &parsed, &o.z, &o.y));

    // statement tampering
    assert!(!ipa_verify_poseidon(
        &o,
        &o.c,
        &parsed,
        &o.z,
        &(o.y + Fr::one())
    ));
    assert!(!ipa_verify_poseidon(
        &o,
        &o.c,
        &parsed,
        &(o.z + Fr::one()),
        &o.y
    ));
    let g0 = BanderwagonPoint::from(committer().crs().g[0]);
    assert!(!ipa_verify_poseidon(&o, &(o.c + g0), &parsed, &o.z, &o.y));
    // another protocol label
    let mut tv = Pt::new(params(), b"tesu");
    assert!(ipa::verify(&mut tv, committer().crs(), &o.c, &parsed, &o.z, &o.y, &o.b).is_err());

    // every proof element: each point moved by a generator, the scalar by one
    for k in 0..8 {
        let mut t = parsed.clone();
        t.l[k] += g0;
        assert!(!ipa_verify_poseidon(&o, &o.c, &t, &o.z, &o.y), "L{k}");
        let mut t = parsed.clone();
        t.r[k] += g0;
        assert!(!ipa_verify_poseidon(&o, &o.c, &t, &o.z, &o.y), "R{k}");
        // swapping L and R of a round
        let mut t = parsed.clone();
        core::mem::swap(&mut t.l[k], &mut t.r[k]);
        assert!(!ipa_verify_poseidon(&o, &o.c, &t, &o.z, &o.y), "swap {k}");
    }
    let mut t = parsed.clone();
    t.a += Fr::one();
    assert!(!ipa_verify_poseidon(&o, &o.c, &t, &o.z, &o.y));

    // every single bit flip of the serialised proof (bits 0 and 7 of each byte)
    for i in 0..bytes.len() {
        for bit in [0u8, 7] {
            let mut t = bytes.clone();
            t[i] ^= 1 << bit;
            let ok = IpaProof::<Banderwagon>::from_bytes(&t, 256)
                .map(|p| ipa_verify_poseidon(&o, &o.c, &p, &o.z, &o.y))
                .unwrap_or(false);
            assert!(!ok, "tampered byte {i} bit {bit} accepted");
        }
    }
}

#[test]
fn transcripts_are_not_interchangeable() {
    let o = opening(2);
    let pos = ipa_prove_poseidon(&o);
    let mut ts = Transcript::<Banderwagon>::new(b"test");
    let sha = ipa::prove(
        &mut ts,
        committer().crs(),
        o.poly.clone(),
        &o.c,
        o.b.clone(),
        &o.z,
    )
    .unwrap();
    assert_ne!(pos.to_bytes(), sha.to_bytes());
    // each verifies only under its own transcript
    let mut ts = Transcript::<Banderwagon>::new(b"test");
    assert!(ipa::verify(&mut ts, committer().crs(), &o.c, &sha, &o.z, &o.y, &o.b).is_ok());
    let mut ts = Transcript::<Banderwagon>::new(b"test");
    assert!(ipa::verify(&mut ts, committer().crs(), &o.c, &pos, &o.z, &o.y, &o.b).is_err());
    assert!(!ipa_verify_poseidon(&o, &o.c, &sha, &o.z, &o.y));
    assert!(ipa_verify_poseidon(&o, &o.c, &pos, &o.z, &o.y));
}

#[test]
fn small_width_ipa_poseidon() {
    // The gadget tests use small CRSs; the native side must support them.
    for n in [2usize, 4, 8] {
        let committer = Committer::<Banderwagon>::new(Crs::with_size(n));
        let dom = Domain::<Fr>::new(n);
        let mut rng = ark_std::test_rng();
        let poly: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let c = committer.commit(&poly).unwrap();
        let z = Fr::rand(&mut rng);
        let b = dom.barycentric_coefficients(&z);
        let y = inner_product(&poly, &b);
        let mut tp = Pt::new(params(), b"small");
        let proof = ipa::prove(&mut tp, committer.crs(), poly, &c, b.clone(), &z).unwrap();
        assert_eq!(proof.l.len(), n.trailing_zeros() as usize);
        let mut tv = Pt::new(params(), b"small");
        assert!(ipa::verify(&mut tv, committer.crs(), &c, &proof, &z, &y, &b).is_ok());
        let mut tv = Pt::new(params(), b"small");
        assert!(
            ipa::verify(
                &mut tv,
                committer.crs(),
                &c,
                &proof,
                &z,
                &(y + Fr::one()),
                &b
            )
            .is_err()
        );
    }
}

#[test]
fn point_absorption_is_class_invariant_and_injective() {
    let g = committer().crs().g[5];
    // (0, -1) is the 2-torsion point Banderwagon quotients by
    let t2 = Projective::<ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig>::new_unchecked(
        Fq::zero(),
        -Fq::one(),
        Fq::zero(),
        Fq::one(),
    );
    let a = Banderwagon::absorb_coordinates(&[g, g + t2, -g, BanderwagonPoint::zero()]);
    assert_eq!(a[0], a[1]);
    assert_ne!(a[0], a[2]);
    assert_eq!(a[3], [Fq::zero(), -Fq::one()]);
    // the absorbed x is the encoded x (big-endian in the encoding)
    let enc = Banderwagon::encode(&g);
    let mut le = enc;
    le.reverse();
    assert_eq!(Fq::from_le_bytes_mod_order(&le), a[0][0]);
    // two transcripts differing only by the class representative agree
    let mut t1 = Pt::new(params(), b"x");
    let mut t2_ = Pt::new(params(), b"x");
    t1.append_point(&g, b"C");
    t2_.append_point(&(g + t2), b"C");
    assert_eq!(t1.challenge_scalar(b"c"), t2_.challenge_scalar(b"c"));
}

#[test]
fn challenges_are_128_bit_and_labels_separate() {
    let mut t = Pt::new(params(), b"bits");
    for i in 0..32u64 {
        t.append_scalar(&Fr::from(i), b"s");
        let c = t.challenge_scalar(b"c");
        let bits = c.into_bigint().num_bits() as usize;
        assert!(bits <= CHALLENGE_BITS);
        assert!(!c.is_zero());
    }
    // the mapping keeps exactly the low 128 bits
    let x = -Fq::one();
    let c: Fr = challenge_from_base(&x);
    let lo = &x.into_bigint().to_bytes_le()[..16];
    assert_eq!(&c.into_bigint().to_bytes_le()[..16], lo);
    // label encoding separates lengths and contents
    let a: Fq = label_element(b"ab");
    let b: Fq = label_element(b"ab\0");
    let c2: Fq = label_element(b"ac");
    assert!(a != b && a != c2 && b != c2);
    // different start labels give different challenges
    let mut t1 = Pt::new(params(), b"ipa");
    let mut t2 = Pt::new(params(), b"ipb");
    assert_ne!(t1.challenge_scalar(b"c"), t2.challenge_scalar(b"c"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]
    #[test]
    fn multiproof_poseidon_round_trip(seed in any::<u64>(), nq in 1usize..6) {
        let mut rng = ark_std::test_rng();
        for _ in 0..(seed % 5) { let _ = Fr::rand(&mut rng); }
        let polys: Vec<Vec<Fr>> = (0..nq).map(|_| (0..256).map(|_| Fr::rand(&mut rng)).collect()).collect();
        let cs: Vec<_> = polys.iter().map(|p| committer().commit(p).unwrap()).collect();
        let points: Vec<usize> = (0..nq).map(|i| ((seed as usize).wrapping_mul(31).wrapping_add(i * 97)) % 256).collect();
        let queries: Vec<ProverQuery<'_, Banderwagon>> = (0..nq)
            .map(|i| ProverQuery { commitment: cs[i], poly: &polys[i], point: points[i], result: polys[i][points[i]] })
            .collect();
        let mut tp = Pt::new(params(), b"prop");
        let proof = multiproof::prove(committer(), domain(), &mut tp, &queries).unwrap();
        let parsed = MultiProof::<Banderwagon>::from_bytes(&proof.to_bytes(), 256).unwrap();
        let vq: Vec<VerifierQuery<Banderwagon>> = queries
            .iter()
            .map(ProverQuery::verifier_query)
            .collect();
        let mut tv = Pt::new(params(), b"prop");
        prop_assert!(multiproof::verify(committer().crs(), domain(), &mut tv, &vq, &parsed).is_ok());
        // the SHA-256 transcript rejects it
        let mut ts = Transcript::<Banderwagon>::new(b"prop");
        prop_assert!(multiproof::verify(committer().crs(), domain(), &mut ts, &vq, &parsed).is_err());
        let j = (seed as usize) % nq;
        // wrong value, wrong point, wrong commitment
        let mut bad = vq.clone();
        bad[j].result += Fr::one();
        let mut tv = Pt::new(params(), b"prop");
        prop_assert!(multiproof::verify(committer().crs(), domain(), &mut tv, &bad, &parsed).is_err());
        let mut bad = vq.clone();
        bad[j].point = (bad[j].point + 1) % 256;
        let mut tv = Pt::new(params(), b"prop");
        prop_assert!(multiproof::verify(committer().crs(), domain(), &mut tv, &bad, &parsed).is_err());
        let mut bad = vq.clone();
        bad[j].commitment += BanderwagonPoint::from(committer().crs().g[0]);
        let mut tv = Pt::new(params(), b"prop");
        prop_assert!(multiproof::verify(committer().crs(), domain(), &mut tv, &bad, &parsed).is_err());
        // wrong D
        let mut t = parsed.clone();
        t.d += BanderwagonPoint::from(committer().crs().g[1]);
        let mut tv = Pt::new(params(), b"prop");
        prop_assert!(multiproof::verify(committer().crs(), domain(), &mut tv, &vq, &t).is_err());
    }
}
