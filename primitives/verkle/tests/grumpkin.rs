//! The Grumpkin instance: encoding, map to scalar, CRS derivation, IPA and
//! multiproof under both transcripts with tamper tests, and the
//! self-generated known-answer file `test-vectors/data/verkle-grumpkin.kat`
//! (regenerate with `UMBRA_REGEN_KAT=1` after an intentional change).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::OnceLock;

use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{BigInteger, Field, One, PrimeField, UniformRand, Zero};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use umbra_poseidon::Poseidon;
use umbra_verkle::commit::inner_product;
use umbra_verkle::grumpkin::{
    FLAG_IDENTITY, FLAG_Y_ODD, GRUMPKIN_CRS_SEED, GrumpkinAffine, IDENTITY_ENCODING,
};
use umbra_verkle::ipa::{self, IpaProof};
use umbra_verkle::multiproof::{self, MultiProof, ProverQuery, VerifierQuery};
use umbra_verkle::transcript::POSEIDON_TRANSCRIPT_WIDTH;
use umbra_verkle::{
    Committer, Crs, Domain, EncodingError, FsTranscript, Grumpkin, GrumpkinBase as Fb,
    GrumpkinPoint as P, GrumpkinScalar as Fs, PoseidonAbsorb, PoseidonTranscript, ProofError,
    Transcript, VerkleGroup,
};

/// Width used by the tamper tests (keeps the byte-by-byte loops fast).
const N: usize = 16;

fn params() -> &'static Poseidon<Fb, POSEIDON_TRANSCRIPT_WIDTH> {
    static PP: OnceLock<Poseidon<Fb, POSEIDON_TRANSCRIPT_WIDTH>> = OnceLock::new();
    PP.get_or_init(|| Poseidon::new().unwrap())
}

fn committer(n: usize) -> &'static Committer<Grumpkin> {
    static C16: OnceLock<Committer<Grumpkin>> = OnceLock::new();
    static C256: OnceLock<Committer<Grumpkin>> = OnceLock::new();
    match n {
        16 => C16.get_or_init(|| Committer::new(Crs::with_size(16))),
        256 => C256.get_or_init(|| Committer::new(Crs::new())),
        _ => panic!("no committer of width {n}"),
    }
}

fn domain(n: usize) -> &'static Domain<Fs> {
    static D16: OnceLock<Domain<Fs>> = OnceLock::new();
    static D256: OnceLock<Domain<Fs>> = OnceLock::new();
    match n {
        16 => D16.get_or_init(|| Domain::new(16)),
        256 => D256.get_or_init(|| Domain::new(256)),
        _ => panic!("no domain of width {n}"),
    }
}

fn rand_point(seed: u64) -> P {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 17 {
        let _ = Fs::rand(&mut rng);
    }
    P::generator() * (Fs::rand(&mut rng) + Fs::from(seed))
}

/// A primitive cube root of unity in a prime field with `3 | p - 1`.
fn cube_root_of_unity<F: PrimeField>() -> F {
    // p is odd, so p - 1 only touches the lowest limb.
    let mut limbs = F::MODULUS.as_ref().to_vec();
    limbs[0] -= 1;
    let exp = num_like::Big::from_limbs(&limbs).div3();
    for g in 2u64.. {
        let w = F::from(g).pow(exp.limbs());
        if !w.is_one() {
            assert!((w * w * w).is_one());
            return w;
        }
    }
    unreachable!()
}

/// Minimal little-endian big-integer division by 3 (test helper).
mod num_like {
    pub struct Big(Vec<u64>);
    impl Big {
        pub fn from_limbs(l: &[u64]) -> Self {
            Self(l.to_vec())
        }
        pub fn div3(&self) -> Self {
            let mut out = vec![0u64; self.0.len()];
            let mut rem: u128 = 0;
            for i in (0..self.0.len()).rev() {
                let cur = (rem << 64) | u128::from(self.0[i]);
                out[i] = (cur / 3) as u64;
                rem = cur % 3;
            }
            assert_eq!(rem, 0, "3 does not divide p - 1");
            Self(out)
        }
        pub fn limbs(&self) -> &[u64] {
            &self.0
        }
    }
}

// ---------------------------------------------------------------- encoding

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn encode_decode_round_trip(seed in any::<u64>(), small in 0u64..4) {
        let p = if small == 0 { P::zero() } else { rand_point(seed) * Fs::from(small) };
        let e = Grumpkin::encode(&p);
        let q = Grumpkin::decode(&e).unwrap();
        prop_assert!(Grumpkin::points_eq(&p, &q));
        prop_assert_eq!(Grumpkin::encode_batch(&[p, -p, P::zero()]), vec![e, Grumpkin::encode(&-p), IDENTITY_ENCODING]);
        // bit 254 is never set on a point; bit 255 is the parity of y
        if !p.is_zero() {
            let (x, y) = p.into_affine().xy().unwrap();
            prop_assert_eq!(e[31] & FLAG_IDENTITY, 0);
            prop_assert_eq!(e[31] & FLAG_Y_ODD != 0, y.into_bigint().is_odd());
            let mut xb = e;
            xb[31] &= 0x3f;
            prop_assert_eq!(Fb::from_le_bytes_mod_order(&xb), x);
            // the other parity is the negation
            let mut f = e;
            f[31] ^= FLAG_Y_ODD;
            prop_assert_eq!(Grumpkin::decode(&f).unwrap(), -p);
        }
    }

    #[test]
    fn decode_of_arbitrary_bytes_is_canonical(bytes in any::<[u8; 32]>()) {
        // whatever decodes re-encodes to the same string
        if let Ok(p) = Grumpkin::decode(&bytes) {
            prop_assert_eq!(Grumpkin::encode(&p), bytes);
        }
    }
}

#[test]
fn generator_encoding_and_identity() {
    // G = (1, sqrt(-16)): x = 1 little-endian, flag = parity of y.
    let g = P::generator();
    let y = g.into_affine().y;
    assert_eq!(y.square(), -Fb::from(16u64));
    let mut want = [0u8; 32];
    want[0] = 1;
    if y.into_bigint().is_odd() {
        want[31] = FLAG_Y_ODD;
    }
    assert_eq!(Grumpkin::encode(&g), want);
    assert_eq!(Grumpkin::encode(&P::zero()), IDENTITY_ENCODING);
    assert_eq!(Grumpkin::decode(&IDENTITY_ENCODING), Ok(P::zero()));
    assert!(Grumpkin::is_identity(
        &Grumpkin::decode(&IDENTITY_ENCODING).unwrap()
    ));
    assert!(!Grumpkin::is_identity(&g));
}

#[test]
fn decode_rejects_non_canonical_off_curve_and_bad_flags() {
    // x = r, x = r + 1 and x = 2^254 - 1 (flags clear): non-canonical
    let r = Fb::MODULUS.to_bytes_le();
    let mut x_r = [0u8; 32];
    x_r.copy_from_slice(&r);
    assert_eq!(Grumpkin::decode(&x_r), Err(EncodingError::NonCanonical));
    let mut x_r1 = x_r;
    x_r1[0] += 1;
    assert_eq!(Grumpkin::decode(&x_r1), Err(EncodingError::NonCanonical));
    let mut with_flag = x_r;
    with_flag[31] |= FLAG_Y_ODD;
    assert_eq!(
        Grumpkin::decode(&with_flag),
        Err(EncodingError::NonCanonical)
    );
    let mut max = [0xffu8; 32];
    max[31] = 0x3f;
    assert_eq!(Grumpkin::decode(&max), Err(EncodingError::NonCanonical));
    // x = r - 1 + k for the encoding of a valid point plus r is non-canonical
    let g = Grumpkin::encode(&P::generator());
    let mut g_plus_r = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let lo = if i == 31 { g[i] & 0x3f } else { g[i] };
        let v = u16::from(lo) + u16::from(r[i]) + carry;
        g_plus_r[i] = v as u8;
        carry = v >> 8;
    }
    assert_eq!(carry, 0);
    assert_eq!(g_plus_r[31] & 0xc0, 0, "x + r still below 2^254");
    g_plus_r[31] |= g[31] & FLAG_Y_ODD;
    assert_eq!(
        Grumpkin::decode(&g_plus_r),
        Err(EncodingError::NonCanonical)
    );

    // off-curve x: x = 0 (x^3 - 17 = -17 is a non-square), and the first
    // few small x that are off the curve
    assert_eq!(Grumpkin::decode(&[0u8; 32]), Err(EncodingError::NotOnCurve));
    let mut off = 0;
    for k in 2u64..40 {
        let x = Fb::from(k);
        let rhs = x * x * x - Fb::from(17u64);
        let mut e = [0u8; 32];
        e[0] = k as u8;
        let on = rhs.legendre().is_qr();
        assert_eq!(Grumpkin::decode(&e).is_ok(), on, "x = {k}");
        if !on {
            assert_eq!(Grumpkin::decode(&e), Err(EncodingError::NotOnCurve));
            off += 1;
        }
    }
    assert!(off > 5);

    // identity flag: only the exact identity string is accepted
    let mut id_odd = IDENTITY_ENCODING;
    id_odd[31] |= FLAG_Y_ODD;
    assert_eq!(Grumpkin::decode(&id_odd), Err(EncodingError::NonCanonical));
    for i in 0..31 {
        let mut e = IDENTITY_ENCODING;
        e[i] = 1;
        assert_eq!(Grumpkin::decode(&e), Err(EncodingError::NonCanonical));
    }
    let mut g_id = g;
    g_id[31] |= FLAG_IDENTITY;
    assert_eq!(Grumpkin::decode(&g_id), Err(EncodingError::NonCanonical));
}

// ------------------------------------------------------------ map to scalar

#[test]
fn map_to_scalar_separates_the_endomorphism_orbit() {
    let omega: Fb = cube_root_of_unity();
    let lambda: Fs = cube_root_of_unity();
    for seed in 0..8u64 {
        let c = rand_point(seed);
        let (x, y) = c.into_affine().xy().unwrap();
        // find which cube root lambda acts as omega on the x-coordinate
        let lc = (c * lambda).into_affine();
        let (lx, ly) = lc.xy().unwrap();
        assert_eq!(ly, y);
        assert!(lx == omega * x || lx == omega * omega * x);
        let l2c = c * (lambda * lambda);
        let orbit = [c, -c, c * lambda, -(c * lambda), l2c, -l2c];
        let maps: Vec<Fs> = orbit.iter().map(Grumpkin::map_to_scalar).collect();
        for i in 0..6 {
            assert!(!maps[i].is_zero());
            for j in 0..i {
                assert_ne!(maps[i], maps[j], "orbit points {i} and {j} collide");
            }
        }
        // what the two naive maps would do: x alone and y alone collide
        assert_eq!(orbit[0].into_affine().x, orbit[1].into_affine().x);
        assert_eq!(orbit[0].into_affine().y, orbit[2].into_affine().y);
        // value: x / y lifted by its integer
        let t = x * y.inverse().unwrap();
        assert_eq!(
            maps[0],
            Fs::from_le_bytes_mod_order(&t.into_bigint().to_bytes_le())
        );
        assert_eq!(maps[0].into_bigint(), {
            let mut b = <Fs as PrimeField>::BigInt::from(0u64);
            b.as_mut().copy_from_slice(t.into_bigint().as_ref());
            b
        });
        let mut want_bytes = [0u8; 32];
        want_bytes.copy_from_slice(&t.into_bigint().to_bytes_le());
        assert_eq!(Grumpkin::map_to_field_bytes(&c), want_bytes);
        // batch (with non-normalised Jacobian inputs and the identity) agrees
        let mut batch_in: Vec<P> = orbit.to_vec();
        batch_in.push(P::zero());
        batch_in.push(c + c - c);
        batch_in.push(c - c);
        let want: Vec<Fs> = batch_in.iter().map(Grumpkin::map_to_scalar).collect();
        assert_eq!(Grumpkin::map_to_scalar_batch(&batch_in), want);
        assert!(want[6].is_zero() && want[8].is_zero());
    }
    assert!(Grumpkin::map_to_scalar(&P::zero()).is_zero());
    assert_eq!(Grumpkin::map_to_field_bytes(&P::zero()), [0u8; 32]);
}

// --------------------------------------------------------------------- CRS

#[test]
fn crs_uses_the_grumpkin_seed_and_even_y() {
    let crs = Crs::<Grumpkin>::with_size(N);
    assert_eq!(crs.g.len(), N);
    let mut i = 0u64;
    for g in &crs.g {
        // recompute by hand: sha256(seed || u64_be(i)), first valid x wins
        loop {
            let mut h = Sha256::new();
            h.update(GRUMPKIN_CRS_SEED);
            h.update(i.to_be_bytes());
            let d: [u8; 32] = h.finalize().into();
            i += 1;
            let x = Fb::from_le_bytes_mod_order(&d);
            let rhs = x * x * x - Fb::from(17u64);
            if let Some(y) = rhs.sqrt() {
                let y = if y.into_bigint().is_even() { y } else { -y };
                assert_eq!(*g, GrumpkinAffine::new(x, y).into_group());
                break;
            }
            assert!(Grumpkin::point_from_seed_hash(&d).is_none());
        }
        let a = g.into_affine();
        assert!(a.is_on_curve() && !a.is_zero());
        assert!(a.y.into_bigint().is_even());
    }
    let mut enc = Grumpkin::encode_batch(&crs.g);
    enc.sort();
    enc.dedup();
    assert_eq!(enc.len(), N);
    assert_eq!(crs.q, P::generator());
    assert_ne!(Grumpkin::CRS_SEED, umbra_verkle::crs::CRS_SEED);
}

// ------------------------------------------------------- IPA / multiproof

fn rand_poly(seed: u64, n: usize) -> Vec<Fs> {
    let mut rng = ark_std::test_rng();
    for _ in 0..seed % 13 {
        let _ = Fs::rand(&mut rng);
    }
    (0..n).map(|_| Fs::rand(&mut rng)).collect()
}

fn ipa_round_trip<T: FsTranscript<Grumpkin>>(mk: impl Fn() -> T, seed: u64) {
    let cm = committer(N);
    let crs = cm.crs();
    let poly = rand_poly(seed, N);
    let c = cm.commit(&poly).unwrap();
    // z outside the domain, and z above r (a scalar only Fq can hold)
    let z = if seed.is_multiple_of(2) {
        Fs::from(1000 + seed)
    } else {
        Fs::from_le_bytes_mod_order(&Fb::MODULUS.to_bytes_le()) + Fs::from(seed)
    };
    let b = domain(N).barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let proof = ipa::prove(&mut mk(), crs, poly.clone(), &c, b.clone(), &z).unwrap();
    let proof2 = ipa::prove_with_tables(&mut mk(), cm, poly, &c, b.clone(), &z).unwrap();
    let bytes = proof.to_bytes();
    assert_eq!(proof2.to_bytes(), bytes);
    assert_eq!(bytes.len(), IpaProof::<Grumpkin>::serialized_len(N));
    let parsed = IpaProof::<Grumpkin>::from_bytes(&bytes, N).unwrap();
    ipa::verify(&mut mk(), crs, &c, &parsed, &z, &y, &b).unwrap();
    // every single-bit change of every byte is rejected
    for i in 0..bytes.len() {
        for bit in [0u8, 3, 6, 7] {
            let mut t = bytes.clone();
            t[i] ^= 1 << bit;
            let res = IpaProof::<Grumpkin>::from_bytes(&t, N)
                .and_then(|p| ipa::verify(&mut mk(), crs, &c, &p, &z, &y, &b));
            assert!(res.is_err(), "tampered byte {i} bit {bit} accepted");
        }
    }
    // evaluation, point and commitment changes
    assert_eq!(
        ipa::verify(&mut mk(), crs, &c, &parsed, &z, &(y + Fs::one()), &b),
        Err(ProofError::Invalid)
    );
    let z2 = z + Fs::one();
    let b2 = domain(N).barycentric_coefficients(&z2);
    assert!(ipa::verify(&mut mk(), crs, &c, &parsed, &z2, &y, &b2).is_err());
    for bad_c in [c + crs.q, -c, P::zero(), c + c] {
        assert!(ipa::verify(&mut mk(), crs, &bad_c, &parsed, &z, &y, &b).is_err());
    }
}

fn multiproof_round_trip<T: FsTranscript<Grumpkin>>(mk: impl Fn() -> T, seed: u64) {
    let cm = committer(N);
    let polys: Vec<Vec<Fs>> = (0..3).map(|i| rand_poly(seed + i, N)).collect();
    let cs: Vec<P> = polys.iter().map(|p| cm.commit(p).unwrap()).collect();
    let points = [(seed as usize) % N, 0, N - 1];
    let queries: Vec<ProverQuery<'_, Grumpkin>> = (0..3)
        .map(|i| ProverQuery {
            commitment: cs[i],
            poly: &polys[i],
            point: points[i],
            result: polys[i][points[i]],
        })
        .collect();
    let proof = multiproof::prove(cm, domain(N), &mut mk(), &queries).unwrap();
    let bytes = proof.to_bytes();
    assert_eq!(bytes.len(), MultiProof::<Grumpkin>::serialized_len(N));
    let vq: Vec<VerifierQuery<Grumpkin>> = queries
        .iter()
        .map(|q| VerifierQuery {
            commitment: q.commitment,
            point: q.point,
            result: q.result,
        })
        .collect();
    let parsed = MultiProof::<Grumpkin>::from_bytes(&bytes, N).unwrap();
    multiproof::verify(cm.crs(), domain(N), &mut mk(), &vq, &parsed).unwrap();
    for i in 0..bytes.len() {
        for bit in [0u8, 7] {
            let mut t = bytes.clone();
            t[i] ^= 1 << bit;
            let res = MultiProof::<Grumpkin>::from_bytes(&t, N)
                .and_then(|p| multiproof::verify(cm.crs(), domain(N), &mut mk(), &vq, &p));
            assert!(res.is_err(), "tampered byte {i} bit {bit} accepted");
        }
    }
    for k in 0..3 {
        let mut bad = vq.clone();
        bad[k].result += Fs::one();
        assert!(multiproof::verify(cm.crs(), domain(N), &mut mk(), &bad, &parsed).is_err());
        let mut bad = vq.clone();
        bad[k].point = (bad[k].point + 1) % N;
        assert!(multiproof::verify(cm.crs(), domain(N), &mut mk(), &bad, &parsed).is_err());
        let mut bad = vq.clone();
        bad[k].commitment = -bad[k].commitment;
        assert!(multiproof::verify(cm.crs(), domain(N), &mut mk(), &bad, &parsed).is_err());
    }
    let mut bad = vq.clone();
    bad[0].point = N;
    assert_eq!(
        multiproof::verify(cm.crs(), domain(N), &mut mk(), &bad, &parsed),
        Err(ProofError::BadInput)
    );
}

#[test]
fn ipa_sha256_transcript() {
    for seed in [0u64, 1] {
        ipa_round_trip(|| Transcript::<Grumpkin>::new(b"grumpkin"), seed);
    }
}

#[test]
fn ipa_poseidon_transcript() {
    for seed in [2u64, 3] {
        ipa_round_trip(
            || PoseidonTranscript::<Grumpkin>::new(params(), b"grumpkin"),
            seed,
        );
    }
}

#[test]
fn multiproof_sha256_transcript() {
    multiproof_round_trip(|| Transcript::<Grumpkin>::new(b"grumpkin"), 5);
}

#[test]
fn multiproof_poseidon_transcript() {
    multiproof_round_trip(
        || PoseidonTranscript::<Grumpkin>::new(params(), b"grumpkin"),
        6,
    );
}

#[test]
fn poseidon_transcript_absorbs_scalars_injectively() {
    // s and s + r are distinct scalars (Fq > Fr) with the same value mod r:
    // the transcript must tell them apart.
    let r_as_scalar = Fs::from_le_bytes_mod_order(&Fb::MODULUS.to_bytes_le());
    assert!(!r_as_scalar.is_zero());
    for s in [Fs::zero(), Fs::from(7u64), Fs::from(u64::MAX)] {
        let mut a = PoseidonTranscript::<Grumpkin>::new(params(), b"t");
        let mut b = PoseidonTranscript::<Grumpkin>::new(params(), b"t");
        a.append_scalar(&s, b"s");
        b.append_scalar(&(s + r_as_scalar), b"s");
        assert_ne!(a.challenge_scalar(b"c"), b.challenge_scalar(b"c"));
    }
    // the limbs recombine to the scalar and are below 2^128 / 2^126
    let mut rng = ark_std::test_rng();
    for _ in 0..32 {
        let s = Fs::rand(&mut rng);
        let limbs = Grumpkin::absorb_scalar(&s);
        assert_eq!(limbs.len(), 2);
        assert!(limbs[0].into_bigint().num_bits() <= 128);
        assert!(limbs[1].into_bigint().num_bits() <= 126);
        let two128 = Fs::from(2u64).pow([128]);
        let back = Fs::from_le_bytes_mod_order(&limbs[0].into_bigint().to_bytes_le())
            + two128 * Fs::from_le_bytes_mod_order(&limbs[1].into_bigint().to_bytes_le());
        assert_eq!(back, s);
    }
    // points: affine coordinates, identity (0, 0)
    let g = P::generator();
    let c = Grumpkin::absorb_coordinates(&[g, P::zero(), g * Fs::from(5u64)]);
    assert_eq!(c[0], [Fb::one(), g.into_affine().y]);
    assert_eq!(c[1], [Fb::zero(), Fb::zero()]);
    let a5 = (g * Fs::from(5u64)).into_affine();
    assert_eq!(c[2], [a5.x, a5.y]);
}

// --------------------------------------------------------------------- KAT

fn kat_path() -> std::path::PathBuf {
    umbra_test_vectors::data_dir().join("verkle-grumpkin.kat")
}

fn hexs(f: &Fs) -> String {
    hex::encode(f.into_bigint().to_bytes_le())
}

fn generate_kat() -> String {
    let mut w = umbra_test_vectors::KatWriter::new(
        "self-generated by umbra-verkle (primitives/verkle/tests/grumpkin.rs, \
         UMBRA_REGEN_KAT=1); regression fixture for the Umbra-specific Grumpkin \
         instance (no other implementation exists); points cross-checked on the \
         curve with ark-grumpkin 0.6",
    );
    w.header("seed", core::str::from_utf8(GRUMPKIN_CRS_SEED).unwrap());
    w.header("width", "256");
    let cm = committer(256);
    let crs = cm.crs();
    for i in [0usize, 1, 2, 127, 255] {
        w.record("crs-point")
            .field("index", &i.to_string())
            .hex("encoding", &Grumpkin::encode(&crs.g[i]));
    }
    w.record("q").hex("encoding", &Grumpkin::encode(&crs.q));
    // vector [1..=32] x 8, like the go-ipa consistency vectors
    let poly: Vec<Fs> = (0..256).map(|i| Fs::from((i % 32 + 1) as u64)).collect();
    let c = cm.commit(&poly).unwrap();
    w.record("commitment")
        .field("vector", "[1..=32] x 8")
        .hex("encoding", &Grumpkin::encode(&c))
        .hex("map-to-field", &Grumpkin::map_to_field_bytes(&c))
        .field("map-to-scalar", &hexs(&Grumpkin::map_to_scalar(&c)));
    let z = Fs::from(2101u64);
    let b = domain(256).barycentric_coefficients(&z);
    let y = inner_product(&poly, &b);
    let mut tp = Transcript::<Grumpkin>::new(b"test");
    let proof = ipa::prove(&mut tp, crs, poly.clone(), &c, b.clone(), &z).unwrap();
    w.record("ipa")
        .field("transcript", "sha256 \"test\"")
        .field("z", "2101")
        .field("y", &hexs(&y))
        .hex("proof", &proof.to_bytes());
    let mut tp = PoseidonTranscript::<Grumpkin>::new(params(), b"test");
    let proof = ipa::prove(&mut tp, crs, poly.clone(), &c, b, &z).unwrap();
    w.record("ipa")
        .field("transcript", "poseidon \"test\"")
        .field("z", "2101")
        .field("y", &hexs(&y))
        .hex("proof", &proof.to_bytes());
    let rev: Vec<Fs> = poly.iter().rev().copied().collect();
    let c2 = cm.commit(&rev).unwrap();
    let queries = [
        ProverQuery {
            commitment: c,
            poly: &poly,
            point: 0,
            result: poly[0],
        },
        ProverQuery {
            commitment: c2,
            poly: &rev,
            point: 0,
            result: rev[0],
        },
    ];
    let mut tp = Transcript::<Grumpkin>::new(b"test");
    let mp = multiproof::prove(cm, domain(256), &mut tp, &queries).unwrap();
    w.record("multiproof")
        .field("transcript", "sha256 \"test\"")
        .field("queries", "([1..=32] x 8, 0), (reversed, 0)")
        .hex("commitment-2", &Grumpkin::encode(&c2))
        .hex("proof", &mp.to_bytes());
    let mut tp = PoseidonTranscript::<Grumpkin>::new(params(), b"test");
    let mp = multiproof::prove(cm, domain(256), &mut tp, &queries).unwrap();
    w.record("multiproof")
        .field("transcript", "poseidon \"test\"")
        .field("queries", "([1..=32] x 8, 0), (reversed, 0)")
        .hex("commitment-2", &Grumpkin::encode(&c2))
        .hex("proof", &mp.to_bytes());
    w.finish()
}

#[test]
fn kat_file_matches_regeneration_and_verifies() {
    let text = generate_kat();
    if std::env::var_os("UMBRA_REGEN_KAT").is_some() {
        std::fs::write(kat_path(), &text).unwrap();
    }
    let committed = std::fs::read_to_string(kat_path()).expect("run with UMBRA_REGEN_KAT=1");
    assert!(
        committed == text,
        "verkle-grumpkin.kat is stale: rerun with UMBRA_REGEN_KAT=1"
    );
    // and the committed proofs verify from the file alone
    let file = umbra_test_vectors::load("verkle-grumpkin").unwrap();
    assert!(file.provenance().contains("self-generated"));
    let cm = committer(256);
    let crs = cm.crs();
    for r in file.records_of("crs-point") {
        let i = r.u64("index").unwrap() as usize;
        let p = Grumpkin::decode(&r.hex_array::<32>("encoding").unwrap()).unwrap();
        assert_eq!(p, crs.g[i]);
    }
    let c = Grumpkin::decode(
        &file
            .records_of("commitment")
            .next()
            .unwrap()
            .hex_array::<32>("encoding")
            .unwrap(),
    )
    .unwrap();
    let z = Fs::from(2101u64);
    let b = domain(256).barycentric_coefficients(&z);
    let mut n_ipa = 0;
    for r in file.records_of("ipa") {
        let y = Fs::from_le_bytes_mod_order(&hex::decode(r.get("y").unwrap()).unwrap());
        let proof = IpaProof::<Grumpkin>::from_bytes(&r.hex("proof").unwrap(), 256).unwrap();
        let res = if r.get("transcript").unwrap().starts_with("sha256") {
            ipa::verify(
                &mut Transcript::<Grumpkin>::new(b"test"),
                crs,
                &c,
                &proof,
                &z,
                &y,
                &b,
            )
        } else {
            let mut t = PoseidonTranscript::<Grumpkin>::new(params(), b"test");
            ipa::verify(&mut t, crs, &c, &proof, &z, &y, &b)
        };
        assert_eq!(res, Ok(()));
        n_ipa += 1;
    }
    let mut n_mp = 0;
    for r in file.records_of("multiproof") {
        let c2 = Grumpkin::decode(&r.hex_array::<32>("commitment-2").unwrap()).unwrap();
        let vq = [
            VerifierQuery::<Grumpkin> {
                commitment: c,
                point: 0,
                result: Fs::from(1u64),
            },
            VerifierQuery::<Grumpkin> {
                commitment: c2,
                point: 0,
                result: Fs::from(32u64),
            },
        ];
        let proof = MultiProof::<Grumpkin>::from_bytes(&r.hex("proof").unwrap(), 256).unwrap();
        let res = if r.get("transcript").unwrap().starts_with("sha256") {
            let mut t = Transcript::<Grumpkin>::new(b"test");
            multiproof::verify(crs, domain(256), &mut t, &vq, &proof)
        } else {
            let mut t = PoseidonTranscript::<Grumpkin>::new(params(), b"test");
            multiproof::verify(crs, domain(256), &mut t, &vq, &proof)
        };
        assert_eq!(res, Ok(()));
        n_mp += 1;
    }
    assert_eq!((n_ipa, n_mp), (2, 2));
}
