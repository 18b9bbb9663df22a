//! The common path of `umbra-tecdsa` in a few lines: check Feldman shares
//! of a degree-1 (2-of-n) sharing, parse user-supplied bytes canonically,
//! and verify a (combined) ECDSA signature, all through the crate's own
//! re-export of `k256`.
//!
//! `cargo run -p umbra-tecdsa --example tecdsa_quickstart`

use rand::SeedableRng;
use rand::rngs::StdRng;
use umbra_tecdsa::k256::elliptic_curve::{ops::Reduce, point::AffineCoordinates};
use umbra_tecdsa::k256::{FieldBytes, ProjectivePoint, Scalar};
use umbra_tecdsa::{Error, degree_for_min_signers, ecdsa, feldman, parse_secret_share};

fn main() -> Result<(), Error> {
    let mut rng = StdRng::seed_from_u64(1);

    // A dealer's polynomial f(x) = a0 + a1·x: 2 signers needed, degree 1.
    let degree = degree_for_min_signers(2).ok_or(Error::Empty)?;
    let (a0, a1) = (Scalar::from(1234u64), Scalar::from(5678u64));
    let commitments = [
        ProjectivePoint::GENERATOR * a0,
        ProjectivePoint::GENERATOR * a1,
    ];
    // Party 3 receives f(3) as bytes and parses it canonically (≥ n rejected).
    let share_bytes = (a0 + a1 * Scalar::from(3u64)).to_bytes();
    let (index, share) = parse_secret_share(3, &share_bytes)?;
    feldman::verify_share(&commitments, degree, index, &share)?;
    let shares: Vec<(u16, Scalar)> = (1..=5u16)
        .map(|i| (i, a0 + a1 * Scalar::from(u64::from(i))))
        .collect();
    feldman::verify_shares(&mut rng, &commitments, degree, &shares)?;

    // The combined signature is standard ECDSA: parse r‖s strictly (low s
    // required, as Bitcoin does) and verify on the message hash.
    let key = ProjectivePoint::GENERATOR * a0;
    let prehash = [7u8; 32];
    let k = Scalar::from(99u64);
    let r_point = (ProjectivePoint::GENERATOR * k).to_affine();
    let r = <Scalar as Reduce<FieldBytes>>::reduce(&r_point.x());
    let s = k.invert().unwrap_or(Scalar::ONE) * (ecdsa::message_scalar(&prehash) + r * a0);
    let mut raw = [0u8; 64];
    raw[..32].copy_from_slice(&r.to_bytes());
    raw[32..].copy_from_slice(&s.to_bytes());
    let sig = ecdsa::parse_raw(&raw)?.normalize_s();
    ecdsa::verify_prehash_low_s(&key, &prehash, &sig)?;
    println!("Feldman shares and ECDSA verification OK");
    Ok(())
}
