//! The snarkjs `.ptau` loader against a file made by real snarkjs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ec::pairing::Pairing;
use umbra_folding::Error;
use umbra_folding::ptau::{hash_to_g1, load_ptau};

const PTAU: &[u8] = include_bytes!("fixtures/pot4_umbra.ptau");

#[test]
fn ptau_loads_a_snarkjs_file_and_its_powers_are_consistent() {
    let k = load_ptau(PTAU, 31, b"umbra h").unwrap();
    assert_eq!(k.power, 4);
    assert_eq!(k.ck.len(), 31);
    let g = k.ck.basis();
    assert_eq!(g[0], G1Affine::generator(), "[τ^0]₁ = G");
    assert_eq!(k.g2, G2Affine::generator(), "[τ^0]₂ = H");
    assert_ne!(g[1], g[0], "a contribution was applied");
    // e(G_{i+1}, H) = e(G_i, [τ]H) for every power: the file is read right.
    for i in 0..30 {
        assert_eq!(
            Bn254::pairing(g[i + 1], k.g2),
            Bn254::pairing(g[i], k.tau_g2),
            "power {i}"
        );
    }
    assert_eq!(k.ck.blinding_generator(), hash_to_g1(b"umbra h").unwrap());
    assert!(!g.contains(&k.ck.blinding_generator()));
    // The key commits.
    let c =
        k.ck.commit(&[Fr::from(1u64), Fr::from(2u64)], &Fr::from(3u64))
            .unwrap();
    assert_eq!(
        c,
        g[0] + g[1] * Fr::from(2u64) + k.ck.blinding_generator() * Fr::from(3u64)
    );
}

#[test]
fn ptau_malformed_files_are_typed_errors() {
    assert_eq!(load_ptau(PTAU, 32, b"h").err(), Some(Error::KeyTooShort));
    assert_eq!(load_ptau(b"", 1, b"h").err(), Some(Error::Deserialization));
    let mut m = PTAU.to_vec();
    m[0] = b'r';
    assert_eq!(load_ptau(&m, 1, b"h").err(), Some(Error::Deserialization));
    let mut v = PTAU.to_vec();
    v[4] = 2;
    assert_eq!(
        load_ptau(&v, 1, b"h").err(),
        Some(Error::UnsupportedVersion)
    );
    let mut t = PTAU.to_vec();
    t.push(0);
    assert_eq!(load_ptau(&t, 1, b"h").err(), Some(Error::Deserialization));
    // Every truncation is an error, never a panic.
    for n in 0..PTAU.len() {
        assert!(load_ptau(&PTAU[..n], 4, b"h").is_err(), "truncated at {n}");
    }
    // Every single-byte change in the header and in the first G1/G2 powers
    // is rejected or changes the key (then the pairing check of the
    // consistency test would fail): decode errors are typed.
    let base = load_ptau(PTAU, 4, b"h").unwrap();
    // Bytes 64..68 are the header's ceremonyPower, which the key does not
    // depend on.
    for i in (0..(12 + 8 + 44 + 12 + 4 * 64).min(PTAU.len())).filter(|i| !(64..68).contains(i)) {
        let mut b = PTAU.to_vec();
        b[i] ^= 0x04;
        match load_ptau(&b, 4, b"h") {
            Ok(k) => assert_ne!(k.ck, base.ck, "byte {i} ignored"),
            Err(e) => assert!(
                matches!(
                    e,
                    Error::Deserialization
                        | Error::InvalidKey
                        | Error::UnsupportedVersion
                        | Error::KeyTooShort
                ),
                "byte {i}: {e:?}"
            ),
        }
    }
}

#[test]
fn hash_to_g1_is_deterministic_and_label_separated() {
    let a = hash_to_g1(b"a").unwrap();
    assert_eq!(a, hash_to_g1(b"a").unwrap());
    assert_ne!(a, hash_to_g1(b"b").unwrap());
    assert!(a.is_on_curve() && !a.is_zero());
}
