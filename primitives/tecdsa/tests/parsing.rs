//! Canonical parsers: scalars and secret shares (reject `≥ n`, wrong
//! length), raw `r ‖ s` and DER signatures (reject zero, `≥ n`, high `s`
//! where low `s` is required), with known answers and agreement with `k256`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use k256::elliptic_curve::{PrimeField, point::AffineCoordinates};
use k256::{ProjectivePoint, Scalar};
use umbra_tecdsa::ecdsa::{
    parse_der, parse_der_low_s, parse_raw, parse_raw_low_s, verify_der, verify_der_low_s,
    verify_prehash,
};
use umbra_tecdsa::{
    Error, degree_for_min_signers, parse_nonzero_scalar, parse_scalar, parse_secret_share,
};

/// The group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

fn be(mut x: [u8; 32], delta: i8) -> [u8; 32] {
    // x + delta for |delta| small, big-endian, no overflow at the ends used.
    if delta >= 0 {
        for _ in 0..delta {
            for b in x.iter_mut().rev() {
                let (v, c) = b.overflowing_add(1);
                *b = v;
                if !c {
                    break;
                }
            }
        }
    } else {
        for _ in 0..(-delta) {
            for b in x.iter_mut().rev() {
                let (v, c) = b.overflowing_sub(1);
                *b = v;
                if !c {
                    break;
                }
            }
        }
    }
    x
}

#[test]
fn scalar_known_answers_and_range() {
    let mut one = [0u8; 32];
    one[31] = 1;
    assert_eq!(parse_scalar(&one), Ok(Scalar::ONE));
    assert_eq!(parse_scalar(&[0u8; 32]), Ok(Scalar::ZERO));
    assert_eq!(parse_scalar(&be(N, -1)), Ok(-Scalar::ONE));
    assert_eq!(parse_scalar(&N), Err(Error::ScalarOutOfRange));
    assert_eq!(parse_scalar(&be(N, 1)), Err(Error::ScalarOutOfRange));
    assert_eq!(parse_scalar(&[0xff; 32]), Err(Error::ScalarOutOfRange));
    assert_eq!(parse_scalar(&[1u8; 31]), Err(Error::InvalidLength));
    assert_eq!(parse_scalar(&[1u8; 33]), Err(Error::InvalidLength));
    assert_eq!(parse_scalar(&[]), Err(Error::InvalidLength));
    assert_eq!(parse_nonzero_scalar(&[0u8; 32]), Err(Error::ZeroScalar));
    assert_eq!(parse_nonzero_scalar(&one), Ok(Scalar::ONE));
    // Round trip on a spread of values.
    let mut x = Scalar::from(0x1234_5678_9abc_def0u64);
    for _ in 0..64 {
        x = x.square() + Scalar::from(7u64);
        assert_eq!(parse_scalar(&x.to_repr()), Ok(x));
    }
}

#[test]
fn secret_share_parser() {
    let s = Scalar::from(42u64).to_repr();
    assert_eq!(parse_secret_share(3, &s), Ok((3, Scalar::from(42u64))));
    assert_eq!(parse_secret_share(0, &s), Err(Error::ZeroIndex));
    assert_eq!(parse_secret_share(1, &N), Err(Error::ScalarOutOfRange));
    assert_eq!(parse_secret_share(1, &s[..31]), Err(Error::InvalidLength));
}

#[test]
fn min_signers_to_degree() {
    assert_eq!(degree_for_min_signers(0), None);
    assert_eq!(degree_for_min_signers(1), Some(0));
    assert_eq!(degree_for_min_signers(3), Some(2));
}

/// A standard ECDSA signature on `prehash` by key `x` with nonce `k`,
/// returned with `s` as computed (low or high) and the public key.
fn ecdsa(x: u64, k: u64, prehash: &[u8; 32]) -> (ProjectivePoint, Scalar, Scalar) {
    let x = Scalar::from(x);
    let k = Scalar::from(k);
    let big_r = (ProjectivePoint::GENERATOR * k).to_affine();
    let r = <Scalar as k256::elliptic_curve::ops::Reduce<k256::FieldBytes>>::reduce(&big_r.x());
    let z = umbra_tecdsa::ecdsa::message_scalar(prehash);
    let s = k.invert().unwrap() * (z + r * x);
    (ProjectivePoint::GENERATOR * x, r, s)
}

fn raw(r: &Scalar, s: &Scalar) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&r.to_repr());
    out[32..].copy_from_slice(&s.to_repr());
    out
}

#[test]
fn raw_signatures_parse_canonically_and_verify() {
    let prehash = [0x5au8; 32];
    let (key, r, s) = ecdsa(0xdead_beef, 0x1234_5678, &prehash);
    let (low, high) = if bool::from(k256::elliptic_curve::scalar::IsHigh::is_high(&s)) {
        (-s, s)
    } else {
        (s, -s)
    };
    for s in [low, high] {
        let bytes = raw(&r, &s);
        let sig = parse_raw(&bytes).unwrap();
        assert_eq!(sig.to_bytes().as_slice(), bytes.as_slice());
        assert_eq!(sig, k256::ecdsa::Signature::from_slice(&bytes).unwrap());
        assert_eq!(verify_prehash(&key, &prehash, &sig), Ok(()));
    }
    assert!(parse_raw_low_s(&raw(&r, &low)).is_ok());
    assert_eq!(parse_raw_low_s(&raw(&r, &high)), Err(Error::HighS));

    // Rejections: lengths, zero, ≥ n in either half (no reduction).
    let good = raw(&r, &low);
    assert_eq!(parse_raw(&good[..63]), Err(Error::InvalidLength));
    assert_eq!(
        parse_raw(&[good.as_slice(), &[0]].concat()),
        Err(Error::InvalidLength)
    );
    let mut zero_r = good;
    zero_r[..32].fill(0);
    assert_eq!(parse_raw(&zero_r), Err(Error::ZeroScalar));
    let mut zero_s = good;
    zero_s[32..].fill(0);
    assert_eq!(parse_raw(&zero_s), Err(Error::ZeroScalar));
    for bad in [N, be(N, 1), [0xff; 32]] {
        let mut big_r = good;
        big_r[..32].copy_from_slice(&bad);
        assert_eq!(parse_raw(&big_r), Err(Error::ScalarOutOfRange));
        let mut big_s = good;
        big_s[32..].copy_from_slice(&bad);
        assert_eq!(parse_raw(&big_s), Err(Error::ScalarOutOfRange));
        // k256 agrees that these are not signatures.
        assert!(k256::ecdsa::Signature::from_slice(&big_s).is_err());
    }
    // s + n (which would reduce to a valid s) is not accepted: the
    // non-canonical encoding of a valid signature.
    let mut s_plus_n = good;
    let reduced = low.to_repr();
    let mut carry = 0u16;
    let mut sum = [0u8; 32];
    for i in (0..32).rev() {
        let v = u16::from(reduced[i]) + u16::from(N[i]) + carry;
        sum[i] = v as u8;
        carry = v >> 8;
    }
    if carry == 0 {
        s_plus_n[32..].copy_from_slice(&sum);
        assert_eq!(parse_raw(&s_plus_n), Err(Error::ScalarOutOfRange));
    }
}

#[test]
fn der_signatures_with_and_without_low_s() {
    let prehash = [0x17u8; 32];
    let (key, r, s) = ecdsa(77, 1_000_003, &prehash);
    let high_s = if bool::from(k256::elliptic_curve::scalar::IsHigh::is_high(&s)) {
        s
    } else {
        -s
    };
    let high = parse_raw(&raw(&r, &high_s)).unwrap();
    let low = high.normalize_s();
    let (low_der, high_der) = (low.to_der(), high.to_der());
    assert_eq!(parse_der(low_der.as_bytes()), Ok(low));
    assert_eq!(parse_der(high_der.as_bytes()), Ok(high));
    assert_eq!(parse_der_low_s(low_der.as_bytes()), Ok(low));
    assert_eq!(parse_der_low_s(high_der.as_bytes()), Err(Error::HighS));
    assert_eq!(verify_der(&key, &prehash, high_der.as_bytes()), Ok(()));
    assert_eq!(verify_der_low_s(&key, &prehash, low_der.as_bytes()), Ok(()));
    assert_eq!(
        verify_der_low_s(&key, &prehash, high_der.as_bytes()),
        Err(Error::HighS)
    );
    // A wrong message still fails with the low-s entry point.
    assert_eq!(
        verify_der_low_s(&key, &[0u8; 32], low_der.as_bytes()),
        Err(Error::InvalidSignature)
    );
    // Non-canonical DER: a redundant leading zero on r, and a truncation.
    let der = low_der.as_bytes();
    let mut padded = vec![0x30, der[1] + 1, 0x02, der[3] + 1, 0x00];
    padded.extend_from_slice(&der[4..]);
    assert_eq!(parse_der(&padded), Err(Error::InvalidEncoding));
    assert_eq!(
        parse_der(&der[..der.len() - 1]),
        Err(Error::InvalidEncoding)
    );
    assert_eq!(parse_der(&[]), Err(Error::InvalidEncoding));
}
