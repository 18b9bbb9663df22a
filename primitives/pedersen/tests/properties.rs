//! Homomorphism, binding of openings, balance, vector commitments and
//! decoding, for every group, on random inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use umbra_pedersen::balance::{excess_blinding, verify_balance};
use umbra_pedersen::{
    Commitment, Error, Generators, Grumpkin, Jubjub, Opening, PedersenGroup, Ristretto255,
    Secp256k1, VectorOpening,
};

fn scalar<G: PedersenGroup>(seed: &[u8; 64]) -> G::Scalar {
    G::scalar_from_wide(seed)
}

fn one<G: PedersenGroup>() -> G::Scalar {
    G::scalar_from_u64(1)
}

fn homomorphism<G: PedersenGroup>(a: [u8; 64], b: [u8; 64], k: [u8; 64]) {
    let gens = Generators::<G>::standard();
    let (x, y) = (
        Opening::<G>::new(scalar::<G>(&a), scalar::<G>(&b)),
        Opening::<G>::new(scalar::<G>(&b), scalar::<G>(&k)),
    );
    let (cx, cy) = (Commitment::commit(&gens, &x), Commitment::commit(&gens, &y));
    assert_eq!(cx + cy, Commitment::commit(&gens, &(&x + &y)));
    assert_eq!(cx - cy, Commitment::commit(&gens, &(&x - &y)));
    let k = scalar::<G>(&k);
    assert_eq!(cx.scale(&k), Commitment::commit(&gens, &x.scale(&k)));
    assert!((cx + cy).verify_opening(&gens, &(&x + &y)).is_ok());
    assert_eq!(-cx + cx, Commitment::from_point(G::identity()));
}

fn tampered_openings_rejected<G: PedersenGroup>(v: [u8; 64], r: [u8; 64]) {
    let gens = Generators::<G>::standard();
    let o = Opening::<G>::new(scalar::<G>(&v), scalar::<G>(&r));
    let c = Commitment::commit(&gens, &o);
    assert_eq!(c.verify_opening(&gens, &o), Ok(()));
    let bad_value = Opening::<G>::new(G::scalar_add(o.value(), &one::<G>()), *o.blinding());
    let bad_blinding = Opening::<G>::new(*o.value(), G::scalar_add(o.blinding(), &one::<G>()));
    let swapped = Opening::<G>::new(*o.blinding(), *o.value());
    for bad in [bad_value, bad_blinding] {
        assert_eq!(c.verify_opening(&gens, &bad), Err(Error::OpeningMismatch));
    }
    if v != r {
        assert_eq!(
            c.verify_opening(&gens, &swapped),
            Err(Error::OpeningMismatch)
        );
    }
    // A commitment to the same opening under the other generator role differs.
    let other = Commitment::<G>::from_point(G::double_mul(
        o.blinding(),
        gens.value(),
        o.value(),
        gens.blinding(),
    ));
    if v != r {
        assert_ne!(c, other);
    }
}

fn encoding_round_trip<G: PedersenGroup>(v: [u8; 64], r: [u8; 64], flip: usize) {
    let gens = Generators::<G>::standard();
    let c = Commitment::commit(&gens, &Opening::<G>::new(scalar::<G>(&v), scalar::<G>(&r)));
    let bytes = c.to_bytes();
    assert_eq!(Commitment::<G>::from_bytes(bytes.as_ref()), Ok(c));
    // Any single changed byte decodes to a different commitment or fails.
    let mut tampered = bytes.as_ref().to_vec();
    let i = flip % tampered.len();
    tampered[i] ^= 1 << (flip % 8);
    match Commitment::<G>::from_bytes(&tampered) {
        Ok(other) => assert_ne!(other, c),
        Err(e) => assert!(matches!(e, Error::InvalidPoint)),
    }
    let len = bytes.as_ref().len();
    for bad_len in [0, len - 1, len + 1] {
        let mut buf = bytes.as_ref().to_vec();
        buf.resize(bad_len, 0);
        assert_eq!(Commitment::<G>::from_bytes(&buf), Err(Error::InvalidLength));
    }
}

fn balance<G: PedersenGroup>(seed: u64, amounts_in: &[u32], n_out: usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let gens = Generators::<G>::standard();
    let total: u64 = amounts_in.iter().map(|&a| u64::from(a)).sum();
    let fee = total / 7;
    let mut left = total - fee;
    let mut outs_amounts = Vec::new();
    for i in 0..n_out {
        let a = if i + 1 == n_out { left } else { left / 2 };
        left -= a;
        outs_amounts.push(a);
    }
    let ins: Vec<_> = amounts_in
        .iter()
        .map(|&a| Opening::<G>::random(u64::from(a), &mut rng))
        .collect();
    let outs: Vec<_> = outs_amounts
        .iter()
        .map(|&a| Opening::<G>::random(a, &mut rng))
        .collect();
    let cin: Vec<_> = ins.iter().map(|o| Commitment::commit(&gens, o)).collect();
    let cout: Vec<_> = outs.iter().map(|o| Commitment::commit(&gens, o)).collect();
    let excess = excess_blinding(&ins, &outs);
    assert_eq!(verify_balance(&gens, &cin, &cout, fee, &excess), Ok(()));
    // Wrong fee, wrong excess, an inflated output, a dropped input: rejected.
    assert_eq!(
        verify_balance(&gens, &cin, &cout, fee + 1, &excess),
        Err(Error::Unbalanced)
    );
    assert_eq!(
        verify_balance(
            &gens,
            &cin,
            &cout,
            fee,
            &G::scalar_add(&excess, &one::<G>())
        ),
        Err(Error::Unbalanced)
    );
    let mut inflated = cout.clone();
    inflated[0] =
        inflated[0] + Commitment::commit(&gens, &Opening::new(one::<G>(), G::scalar_from_u64(0)));
    assert_eq!(
        verify_balance(&gens, &cin, &inflated, fee, &excess),
        Err(Error::Unbalanced)
    );
    if cin.len() > 1 && amounts_in[0] != 0 {
        assert_eq!(
            verify_balance(&gens, &cin[1..], &cout, fee, &excess),
            Err(Error::Unbalanced)
        );
    }
}

fn vector<G: PedersenGroup>(seed: u64, n: usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let gens = Generators::<G>::with_vector_len(n as u32);
    let values: Vec<G::Scalar> = (0..n)
        .map(|_| Opening::<G>::random(0, &mut rng).blinding().to_owned())
        .collect();
    let blinding = *Opening::<G>::random(0, &mut rng).blinding();
    let opening = VectorOpening::<G>::new(values.clone(), blinding);
    let c = Commitment::commit_vector(&gens, &opening).unwrap();
    // Equal to the naive sum.
    let naive = values
        .iter()
        .zip(gens.vector())
        .fold(G::mul(gens.blinding(), &blinding), |acc, (v, g)| {
            G::add(&acc, &G::mul(g, v))
        });
    assert_eq!(c, Commitment::from_point(naive));
    assert_eq!(c.verify_vector_opening(&gens, &opening), Ok(()));
    // Changing any one value, or the blinding, is rejected.
    for i in 0..n {
        let mut vs = values.clone();
        vs[i] = G::scalar_add(&vs[i], &one::<G>());
        let bad = VectorOpening::<G>::new(vs, blinding);
        assert_eq!(
            c.verify_vector_opening(&gens, &bad),
            Err(Error::OpeningMismatch)
        );
    }
    let bad = VectorOpening::<G>::new(values.clone(), G::scalar_add(&blinding, &one::<G>()));
    assert_eq!(
        c.verify_vector_opening(&gens, &bad),
        Err(Error::OpeningMismatch)
    );
    // Swapping two distinct values is rejected (position binding).
    if n >= 2 {
        let mut vs = values.clone();
        vs.swap(0, 1);
        let bad = VectorOpening::<G>::new(vs, blinding);
        assert_eq!(
            c.verify_vector_opening(&gens, &bad),
            Err(Error::OpeningMismatch)
        );
    }
    // More values than generators is a typed error.
    let too_many = VectorOpening::<G>::new(vec![one::<G>(); n + 1], blinding);
    assert_eq!(
        Commitment::commit_vector(&gens, &too_many),
        Err(Error::TooManyValues {
            generators: n,
            values: n + 1
        })
    );
}

fn generators_distinct<G: PedersenGroup>() {
    let gens = Generators::<G>::with_vector_len(64);
    let mut all: Vec<_> = gens.vector().iter().map(G::encode).collect();
    all.push(G::encode(gens.value()));
    all.push(G::encode(gens.blinding()));
    let n = all.len();
    all.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
    all.dedup();
    assert_eq!(all.len(), n, "generators must be distinct");
    assert!(all.iter().all(|e| *e != G::encode(&G::identity())));
    // Deterministic.
    assert_eq!(
        G::encode(&G::vector_generator(17)),
        G::encode(&gens.vector()[17])
    );
}

macro_rules! suite {
    ($module:ident, $group:ty) => {
        mod $module {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(32))]
                #[test]
                fn homomorphic(a in any::<[u8; 32]>(), b in any::<[u8; 32]>(), k in any::<[u8; 32]>()) {
                    let w = |x: [u8; 32]| { let mut o = [0u8; 64]; o[..32].copy_from_slice(&x); o[32..].copy_from_slice(&x); o };
                    homomorphism::<$group>(w(a), w(b), w(k));
                }
                #[test]
                fn openings_bind(v in any::<[u8; 32]>(), r in any::<[u8; 32]>()) {
                    let w = |x: [u8; 32]| { let mut o = [0u8; 64]; o[..32].copy_from_slice(&x); o };
                    tampered_openings_rejected::<$group>(w(v), w(r));
                }
                #[test]
                fn encodings(v in any::<[u8; 32]>(), r in any::<[u8; 32]>(), flip in any::<usize>()) {
                    let w = |x: [u8; 32]| { let mut o = [0u8; 64]; o[32..].copy_from_slice(&x); o };
                    encoding_round_trip::<$group>(w(v), w(r), flip);
                }
                #[test]
                fn balances(seed in any::<u64>(), ins in proptest::collection::vec(any::<u32>(), 1..5), n_out in 1usize..4) {
                    balance::<$group>(seed, &ins, n_out);
                }
            }

            #[test]
            fn vectors() {
                for (seed, n) in [(1, 1), (2, 2), (3, 16), (4, 33)] {
                    vector::<$group>(seed, n);
                }
            }

            #[test]
            fn distinct_generators() {
                generators_distinct::<$group>();
            }

            #[test]
            fn opening_debug_is_redacted() {
                let o = Opening::<$group>::new(<$group>::scalar_from_u64(1234567), <$group>::scalar_from_u64(89));
                assert_eq!(format!("{o:?}"), "Opening(<secret>)");
            }
        }
    };
}

suite!(ristretto, Ristretto255);
suite!(secp256k1, Secp256k1);
suite!(jubjub, Jubjub);
suite!(grumpkin, Grumpkin);

/// Encodings that are not points are rejected with a typed error.
#[test]
fn invalid_encodings_rejected() {
    // secp256k1: a bad prefix, x ≥ p, an x with no point, an uncompressed tag.
    let p_plus: [u8; 32] = [0xff; 32];
    for prefix in [0x02u8, 0x03] {
        let mut b = [prefix; 33];
        b[1..].copy_from_slice(&p_plus);
        assert_eq!(
            Commitment::<Secp256k1>::from_bytes(&b),
            Err(Error::InvalidPoint)
        );
    }
    let mut g = Secp256k1::encode(&Secp256k1::blinding_generator());
    for bad_prefix in [0x00u8, 0x01, 0x04, 0x05, 0x06, 0xff] {
        g[0] = bad_prefix;
        assert_eq!(
            Commitment::<Secp256k1>::from_bytes(&g),
            Err(Error::InvalidPoint),
            "prefix {bad_prefix}"
        );
    }
    // x = 5 is not on secp256k1 (5³ + 7 = 132 is a non-residue mod p).
    let mut no_point = [0u8; 33];
    no_point[0] = 2;
    no_point[32] = 5;
    assert_eq!(
        Commitment::<Secp256k1>::from_bytes(&no_point),
        Err(Error::InvalidPoint)
    );
    // Ristretto: a non-canonical field element (p itself) and a negative one.
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    assert_eq!(
        Commitment::<Ristretto255>::from_bytes(&p),
        Err(Error::InvalidPoint)
    );
    let mut negative = [0u8; 32];
    negative[0] = 1;
    assert_eq!(
        Commitment::<Ristretto255>::from_bytes(&negative),
        Err(Error::InvalidPoint)
    );
    // Scalars ≥ the group order are not canonical.
    assert!(bool::from(
        Ristretto255::scalar_from_bytes(&[0xff; 32]).is_none()
    ));
    assert!(bool::from(
        Secp256k1::scalar_from_bytes(&[0xff; 32]).is_none()
    ));
}
