//! Test/dev-only support: a deterministic RNG and a simulated trusted dealer
//! plus GG20-style signing run that produces realistic public transcripts.
//! NOT a protocol implementation: the "dealer" knows every secret.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use k256::{AffinePoint, ProjectivePoint, Scalar, elliptic_curve::ops::Reduce};
use rand_core::Rng;
use umbra_tecdsa::{
    ecdsa::message_scalar,
    keyshare::lagrange_at_zero_vartime,
    signing::{SignatureShare, SigningContext},
};

pub use umbra_test_vectors::TestRng;

/// A uniformly random scalar (wide reduction).
pub fn random_scalar(rng: &mut TestRng) -> Scalar {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    <Scalar as Reduce<k256::WideBytes>>::reduce(&wide.into())
}

/// A non-zero random scalar.
pub fn random_nonzero(rng: &mut TestRng) -> Scalar {
    loop {
        let s = random_scalar(rng);
        if !bool::from(s.is_zero()) {
            return s;
        }
    }
}

/// A dealer's output for `parties` parties with a polynomial of degree `degree` (`degree + 1` shares reconstruct).
pub struct Dealing {
    pub degree: usize,
    pub parties: u16,
    pub secret: Scalar,
    pub coefficients: Vec<Scalar>,
    pub commitments: Vec<ProjectivePoint>,
    pub shares: Vec<(u16, Scalar)>,
}

impl Dealing {
    pub fn group_key(&self) -> ProjectivePoint {
        self.commitments[0]
    }
}

pub fn eval(coefficients: &[Scalar], x: u16) -> Scalar {
    let x = Scalar::from(u64::from(x));
    coefficients
        .iter()
        .rev()
        .fold(Scalar::ZERO, |acc, c| acc * x + c)
}

/// Feldman dealing of a random secret.
pub fn deal(rng: &mut TestRng, degree: usize, parties: u16) -> Dealing {
    let coefficients: Vec<Scalar> = (0..=degree).map(|_| random_nonzero(rng)).collect();
    let commitments = coefficients
        .iter()
        .map(|a| ProjectivePoint::GENERATOR * a)
        .collect();
    let shares = (1..=parties).map(|i| (i, eval(&coefficients, i))).collect();
    Dealing {
        degree,
        parties,
        secret: coefficients[0],
        coefficients,
        commitments,
        shares,
    }
}

/// A simulated signing session's public transcript.
pub struct SigningRun {
    pub signers: Vec<u16>,
    pub prehash: [u8; 32],
    pub ctx: SigningContext,
    pub shares: Vec<SignatureShare>,
}

/// GG20 signing by `signers` (t+1 or more of them) on `prehash`: additive
/// nonce shares k_i, R = k⁻¹·G, additive shares σ_i of k·x (as MtA would
/// leave them), and s_i = m·k_i + r·σ_i.
pub fn sign(
    rng: &mut TestRng,
    dealing: &Dealing,
    signers: &[u16],
    prehash: [u8; 32],
) -> SigningRun {
    let m = message_scalar(&prehash);
    let w: Vec<Scalar> = signers
        .iter()
        .map(|&i| {
            let x_i = dealing.shares[usize::from(i) - 1].1;
            lagrange_at_zero_vartime(signers, i).unwrap() * x_i
        })
        .collect();
    assert_eq!(w.iter().copied().sum::<Scalar>(), dealing.secret);
    let k: Vec<Scalar> = signers.iter().map(|_| random_nonzero(rng)).collect();
    let k_sum: Scalar = k.iter().copied().sum();
    let r_point = (ProjectivePoint::GENERATOR * k_sum.invert().unwrap()).to_affine();
    let kx = k_sum * dealing.secret;
    let mut sigma: Vec<Scalar> = signers.iter().skip(1).map(|_| random_scalar(rng)).collect();
    let rest: Scalar = sigma.iter().copied().sum();
    sigma.insert(0, kx - rest);
    let ctx = SigningContext {
        nonce_point: r_point,
        message: m,
        group_key: dealing.group_key(),
    };
    let r = ctx.r().unwrap();
    let r_proj = ProjectivePoint::from(r_point);
    let shares = signers
        .iter()
        .zip(k.iter().zip(&sigma))
        .map(|(&index, (k_i, sigma_i))| SignatureShare {
            index,
            nonce_share: r_proj * k_i,
            key_share: r_proj * sigma_i,
            s: m * k_i + r * sigma_i,
        })
        .collect();
    SigningRun {
        signers: signers.to_vec(),
        prehash,
        ctx,
        shares,
    }
}

/// The first `count` party indices of a shuffled 1..=n (deterministic).
pub fn pick_signers(rng: &mut TestRng, parties: u16, count: usize) -> Vec<u16> {
    let mut all: Vec<u16> = (1..=parties).collect();
    for i in (1..all.len()).rev() {
        let j = (rng.next_u32() as usize) % (i + 1);
        all.swap(i, j);
    }
    all.truncate(count);
    all
}

pub fn affine(p: &ProjectivePoint) -> AffinePoint {
    p.to_affine()
}
