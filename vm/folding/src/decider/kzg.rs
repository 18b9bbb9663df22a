//! KZG openings of the engine's own commitments.
//!
//! On a powers-of-τ basis (`G_i = [τ^i]₁`) the engine's hiding commitment
//! `C = Σ v_i·G_i + r·h` is the KZG commitment `[P(τ)]₁` of
//! `P(X) = Σ v_i·X^i`, plus `r·h`. The decider opens it at a point `c`
//! with the blind revealed: the prover sends `r`, `y = P(c)` and
//! `π = [q(τ)]₁` for `q(X) = (P(X) − y)/(X − c)`, and the verifier checks
//!
//! ```text
//! e(C − r·h − y·G_0 + c·π, [1]₂) = e(π, [τ]₂)
//! ```
//!
//! Revealing `r` costs no binding: in the algebraic group model an opening
//! that used another blind `r' ≠ r` would need `π` to carry an `h`
//! component `b` with `b·(τ − c) = r − r'` as a polynomial in `τ`, which no
//! constant `b` satisfies — as long as nobody knows `log_G h` (true for a
//! `.ptau` key, whose `h` is hashed to the curve; false for the insecure
//! development key, which is neither binding nor hiding anyway). Revealing it
//! costs no privacy either when the opened vectors are uniformly random,
//! which is what the zero-knowledge fold (`crate::zk`) makes them.

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::Zero;
use ark_serialize::CanonicalSerialize;
use sha3::{Digest, Sha3_256};

use crate::ptau::PtauKey;
use crate::{CommitmentKey, Error, G1};

/// What a KZG verifier needs: `G_0`, `h`, `[1]₂` and `[τ]₂`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KzgVerifierKey {
    /// `G_0 = [1]₁`, the first point of the commitment basis.
    pub g: G1Affine,
    /// The blinding generator `h` of the commitment key.
    pub h: G1Affine,
    /// `[1]₂`.
    pub g2: G2Affine,
    /// `[τ]₂`.
    pub tau_g2: G2Affine,
}

impl KzgVerifierKey {
    /// The verifier key of a `.ptau` key (`G_0`, `h`, `[1]₂`, `[τ]₂` from
    /// the file and the hashed `h`).
    ///
    /// # Errors
    /// [`Error::KeyTooShort`] for a key with fewer than two powers (no
    /// polynomial of degree one could be opened).
    pub fn from_ptau(key: &PtauKey) -> Result<Self, Error> {
        Self::checked(&key.ck, key.g2, key.tau_g2)
    }

    /// The verifier key of [`CommitmentKey::insecure_dev_setup`]`(_, label)`:
    /// `[τ]₂` from the public trapdoor. **Insecure**, as that key.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] when `ck` is not the development key of
    /// `label` (its `G_1 ≠ τ·G_0`), [`Error::KeyTooShort`] as
    /// [`KzgVerifierKey::from_ptau`].
    pub fn insecure_dev(ck: &CommitmentKey<G1>, label: &[u8]) -> Result<Self, Error> {
        let (tau, _) = CommitmentKey::<G1>::insecure_dev_trapdoors(label);
        let g2 = G2Projective::generator();
        Self::checked(ck, g2.into_affine(), (g2 * tau).into_affine())
    }

    /// A key whose `G_1 = τ·G_0` is checked by one pairing, so a
    /// commitment key and a `[τ]₂` from different setups are refused.
    fn checked(ck: &CommitmentKey<G1>, g2: G2Affine, tau_g2: G2Affine) -> Result<Self, Error> {
        let basis = ck.basis();
        if basis.len() < 2 {
            return Err(Error::KeyTooShort);
        }
        let key = Self {
            g: basis[0],
            h: ck.blinding_generator(),
            g2,
            tau_g2,
        };
        // e(G_1, [1]₂) = e(G_0, [τ]₂).
        let lhs = Bn254::multi_pairing(
            [basis[1], (-basis[0].into_group()).into_affine()],
            [g2, tau_g2],
        );
        if g2.is_zero() || tau_g2.is_zero() || !lhs.is_zero() {
            return Err(Error::InvalidKey);
        }
        Ok(key)
    }

    /// SHA3-256 of the four points (compressed), for binding the key into
    /// a verifying-key digest.
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Sha3_256::new();
        h.update(b"umbra-folding/kzg-vk/v1");
        let mut buf = Vec::new();
        for p in [self.g, self.h] {
            buf.clear();
            // Writing to a Vec cannot fail.
            let _ = p.serialize_compressed(&mut buf);
            h.update(&buf);
        }
        for p in [self.g2, self.tau_g2] {
            buf.clear();
            let _ = p.serialize_compressed(&mut buf);
            h.update(&buf);
        }
        h.finalize().into()
    }

    /// Checks the opening `(r, y, π)` of `commitment` at `c` (see the
    /// [module documentation](self)).
    pub fn verify(&self, commitment: G1Affine, blind: Fr, c: Fr, y: Fr, proof: G1Affine) -> bool {
        let lhs: G1Projective = commitment.into_group() - self.h * blind - self.g * y + proof * c;
        let check = Bn254::multi_pairing(
            [lhs.into_affine(), (-proof.into_group()).into_affine()],
            [self.g2, self.tau_g2],
        );
        check.is_zero()
    }
}

/// `P(c)` for `P(X) = Σ p_i·X^i` (Horner).
pub fn evaluate(p: &[Fr], c: Fr) -> Fr {
    p.iter().rev().fold(Fr::zero(), |acc, &v| acc * c + v)
}

/// The coefficients of `(P(X) − P(c)) / (X − c)` (synthetic division; empty
/// for a constant `P`).
pub fn quotient(p: &[Fr], c: Fr) -> Vec<Fr> {
    if p.len() < 2 {
        return Vec::new();
    }
    // q_{n-2} = p_{n-1}, q_{i-1} = p_i + c·q_i.
    let mut q = vec![Fr::zero(); p.len() - 1];
    let mut carry = Fr::zero();
    for i in (1..p.len()).rev() {
        carry = p[i] + c * carry;
        q[i - 1] = carry;
    }
    q
}

/// The opening proof `π = [q(τ)]₁` of `P` at `c`.
///
/// # Errors
/// [`Error::KeyTooShort`] when `P` has more coefficients than `ck` points.
pub fn open(ck: &CommitmentKey<G1>, p: &[Fr], c: Fr) -> Result<G1Affine, Error> {
    if p.len() > ck.len() {
        return Err(Error::KeyTooShort);
    }
    Ok(ck.commit(&quotient(p, c), &Fr::zero())?.into_affine())
}
