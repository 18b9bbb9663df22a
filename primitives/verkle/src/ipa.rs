//! Inner-product-argument opening proofs (Bulletproofs-style, no blinding,
//! as in go-ipa / rust-verkle): prove that the vector committed in `C`
//! (Lagrange basis) evaluates to `y` at `z`, i.e. `<a, b(z)> = y` with
//! `b(z)` the barycentric coefficients.
//!
//! The verifier folds everything into one multi-scalar multiplication.
//! Variable time (public data only).

use alloc::vec::Vec;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{Field, One, PrimeField, Zero};

use crate::commit::{Committer, inner_product};
use crate::crs::Crs;
use crate::error::ProofError;
use crate::group::{VerkleGroup, field_to_le};
use crate::lagrange::Domain;
use crate::msm::{msm_straus_vartime, mul_each_vartime};
use crate::transcript::FsTranscript;

/// An IPA opening proof: `log2(n)` pairs `(L, R)` and the final scalar `a`.
#[derive(Clone, Debug)]
pub struct IpaProof<G: VerkleGroup> {
    /// Left cross terms, one per round.
    pub l: Vec<G::Point>,
    /// Right cross terms, one per round.
    pub r: Vec<G::Point>,
    /// The folded witness.
    pub a: G::Scalar,
}

/// Parse a canonical 32-byte little-endian scalar.
pub fn scalar_from_le_canonical<F: PrimeField>(bytes: &[u8]) -> Result<F, ProofError> {
    if bytes.len() != 32 {
        return Err(ProofError::Length);
    }
    let s = F::from_le_bytes_mod_order(bytes);
    if field_to_le(&s)[..] != bytes[..] {
        return Err(ProofError::Encoding(
            crate::error::EncodingError::NonCanonical,
        ));
    }
    Ok(s)
}

fn log2_exact(n: usize) -> Option<usize> {
    if n.is_power_of_two() {
        Some(n.trailing_zeros() as usize)
    } else {
        None
    }
}

impl<G: VerkleGroup> IpaProof<G> {
    /// Serialised length for a vector of length `n`: `64 log2(n) + 32`.
    pub fn serialized_len(n: usize) -> usize {
        64 * log2_exact(n).unwrap_or(0) + 32
    }

    /// `L_0 .. L_{k-1} || R_0 .. R_{k-1} || a` (points encoded, `a` 32-byte LE).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 * self.l.len() + 32);
        let mut pts = self.l.clone();
        pts.extend_from_slice(&self.r);
        for e in G::encode_batch(&pts) {
            out.extend_from_slice(&e);
        }
        out.extend_from_slice(&field_to_le(&self.a));
        out
    }

    /// Parse a proof for a vector of length `n`, rejecting any
    /// non-canonical point or scalar and any wrong length.
    pub fn from_bytes(bytes: &[u8], n: usize) -> Result<Self, ProofError> {
        let rounds = log2_exact(n).ok_or(ProofError::BadInput)?;
        if bytes.len() != 64 * rounds + 32 {
            return Err(ProofError::Length);
        }
        let mut pts = Vec::with_capacity(2 * rounds);
        for chunk in bytes[..64 * rounds].chunks_exact(32) {
            let mut b = [0u8; 32];
            b.copy_from_slice(chunk);
            pts.push(G::decode(&b)?);
        }
        let r = pts.split_off(rounds);
        let a = scalar_from_le_canonical(&bytes[64 * rounds..])?;
        Ok(Self { l: pts, r, a })
    }
}

/// Prove `<a, b> = y` for the commitment `c = <a, G>`; `z` is the evaluation
/// point whose barycentric coefficients are `b`.
///
/// `a` and `b` must have the CRS length (a power of two); otherwise
/// `BadInput` is returned.
pub fn prove<G: VerkleGroup>(
    transcript: &mut impl FsTranscript<G>,
    crs: &Crs<G>,
    a: Vec<G::Scalar>,
    c: &G::Point,
    b: Vec<G::Scalar>,
    z: &G::Scalar,
) -> Result<IpaProof<G>, ProofError> {
    prove_inner(transcript, crs, None, a, c, b, z)
}

/// As [`prove`] (same proof bytes), using the committer's fixed-base tables
/// for the generator folding of the first rounds, which hold most of the
/// scalar multiplications.
pub fn prove_with_tables<G: VerkleGroup>(
    transcript: &mut impl FsTranscript<G>,
    committer: &Committer<G>,
    a: Vec<G::Scalar>,
    c: &G::Point,
    b: Vec<G::Scalar>,
    z: &G::Scalar,
) -> Result<IpaProof<G>, ProofError> {
    prove_inner(transcript, committer.crs(), Some(committer), a, c, b, z)
}

/// Rounds whose generator folding uses the tables (round k costs 2^k table
/// lookups per folded generator).
const TABLE_ROUNDS: usize = 2;

fn prove_inner<G: VerkleGroup>(
    transcript: &mut impl FsTranscript<G>,
    crs: &Crs<G>,
    tables: Option<&Committer<G>>,
    a: Vec<G::Scalar>,
    c: &G::Point,
    b: Vec<G::Scalar>,
    z: &G::Scalar,
) -> Result<IpaProof<G>, ProofError> {
    let n = crs.g.len();
    let rounds = log2_exact(n).ok_or(ProofError::BadInput)?;
    if a.len() != n || b.len() != n {
        return Err(ProofError::BadInput);
    }
    transcript.domain_sep(b"ipa");
    let y = inner_product(&a, &b);
    transcript.append_point(c, b"C");
    transcript.append_scalar(z, b"input point");
    transcript.append_scalar(&y, b"output point");
    let w = transcript.challenge_scalar(b"w");
    let q = crs.q * w;
    let q_aff = q.into_affine();

    let mut a = a;
    let mut b = b;
    let mut g: Vec<G::Affine> = crs.g_affine.clone();
    let mut ls = Vec::with_capacity(rounds);
    let mut rs = Vec::with_capacity(rounds);
    let mut coef: Vec<G::Scalar> = alloc::vec![G::Scalar::one()];
    for round in 0..rounds {
        let m = a.len() / 2;
        let (a_l, a_r) = a.split_at(m);
        let (b_l, b_r) = b.split_at(m);
        let (g_l, g_r) = g.split_at(m);
        let z_l = inner_product(a_r, b_l);
        let z_r = inner_product(a_l, b_r);
        let mut bases_l: Vec<G::Affine> = g_l.to_vec();
        bases_l.push(q_aff);
        let mut sc_l: Vec<G::Scalar> = a_r.to_vec();
        sc_l.push(z_l);
        let mut bases_r: Vec<G::Affine> = g_r.to_vec();
        bases_r.push(q_aff);
        let mut sc_r: Vec<G::Scalar> = a_l.to_vec();
        sc_r.push(z_r);
        // At most 129 points: Straus beats Pippenger at these sizes. With
        // `parallel`, L and R run on two threads.
        let (cl, cr) = crate::par::join(
            || msm_straus_vartime::<G::Point>(&bases_l, &sc_l),
            || msm_straus_vartime::<G::Point>(&bases_r, &sc_r),
        );
        transcript.append_point(&cl, b"L");
        transcript.append_point(&cr, b"R");
        ls.push(cl);
        rs.push(cr);
        let x = transcript.challenge_scalar(b"x");
        let x_inv = x.inverse().ok_or(ProofError::Invalid)?;
        let mut a_new = Vec::with_capacity(m);
        let mut b_new = Vec::with_capacity(m);
        for i in 0..m {
            a_new.push(a_l[i] + x * a_r[i]);
            b_new.push(b_l[i] + x_inv * b_r[i]);
        }
        // x^-1 G_R[i] for every i (per thread with `parallel`).
        let scaled: Vec<G::Point> = match tables {
            // Early rounds: the folded generator G_R[i] is a known
            // combination of 2^round original generators (stride 2m,
            // coefficients `coef`), so x^-1 G_R[i] is a few table
            // lookups instead of a full scalar multiplication.
            Some(t) if round < TABLE_ROUNDS => {
                let coef_inv: Vec<G::Scalar> = coef.iter().map(|cj| x_inv * cj).collect();
                let parts = crate::par::map_ranges(m, 8, |range| {
                    range
                        .map(|i| {
                            let terms: Vec<(usize, G::Scalar)> = coef_inv
                                .iter()
                                .enumerate()
                                .map(|(j, cj)| (i + m + j * 2 * m, *cj))
                                .collect();
                            t.commit_sparse(&terms).ok_or(ProofError::BadInput)
                        })
                        .collect::<Result<Vec<G::Point>, ProofError>>()
                });
                let mut all = Vec::with_capacity(m);
                for part in parts {
                    all.extend(part?);
                }
                all
            }
            // Later rounds: x^-1 G_R[i] for all i share one wNAF expansion
            // of x^-1 and one batch normalisation.
            _ => mul_each_vartime::<G::Point>(g_r, &x_inv),
        };
        let g_new: Vec<G::Point> = g_l
            .iter()
            .zip(&scaled)
            .map(|(gl, sc)| gl.into_group() + sc)
            .collect();
        // G^(k+1)_i = sum_j coef[j] G_{i + 2jm} + x^-1 sum_j coef[j] G_{i + m + 2jm}
        let mut next = Vec::with_capacity(2 * coef.len());
        for cj in &coef {
            next.push(*cj);
            next.push(x_inv * cj);
        }
        coef = next;
        a = a_new;
        b = b_new;
        g = G::Point::normalize_batch(&g_new);
    }
    Ok(IpaProof {
        l: ls,
        r: rs,
        a: a[0],
    })
}

/// `T::prepare_points`, with the transcript type inferred from a value.
pub(crate) fn prepare_points<G: VerkleGroup, T: FsTranscript<G>>(
    _t: &T,
    ps: &[G::Point],
) -> Vec<T::PreparedPoint> {
    T::prepare_points(ps)
}

/// Verify an IPA proof that the vector committed in `c` evaluates to `y` at
/// `z`, deriving the evaluation vector from `z` itself
/// (`domain.barycentric_coefficients(z)`, the unit vector at a domain
/// point). This is the entry point to use for an opening claim: unlike
/// [`verify`], every input of the checked statement is bound by the
/// transcript. `BadInput` if the domain and the CRS differ in size.
pub fn verify_at<G: VerkleGroup>(
    transcript: &mut impl FsTranscript<G>,
    crs: &Crs<G>,
    domain: &Domain<G::Scalar>,
    c: &G::Point,
    proof: &IpaProof<G>,
    z: &G::Scalar,
    y: &G::Scalar,
) -> Result<(), ProofError> {
    if domain.size() != crs.g.len() {
        return Err(ProofError::BadInput);
    }
    let b = domain.barycentric_coefficients(z);
    verify(transcript, crs, c, proof, z, y, &b)
}

/// Verify an IPA proof that the vector committed in `c` has inner product
/// `y` with `b`. One MSM of size `n + 2 log2(n) + 2`.
///
/// **`b` is not absorbed by the transcript**: only `z` is. The statement
/// checked is `<v, b> = y`, which means "`v` evaluates to `y` at `z`" only
/// if the caller passes `b = domain.barycentric_coefficients(z)`; with any
/// other `b` a proof for a different point is accepted under `z`'s label.
/// Use [`verify_at`] unless `b` is derived from `z` right beside the call
/// (as the multiproof verifier does with its challenge `t`).
pub fn verify<G: VerkleGroup>(
    transcript: &mut impl FsTranscript<G>,
    crs: &Crs<G>,
    c: &G::Point,
    proof: &IpaProof<G>,
    z: &G::Scalar,
    y: &G::Scalar,
    b: &[G::Scalar],
) -> Result<(), ProofError> {
    let n = crs.g.len();
    let rounds = log2_exact(n).ok_or(ProofError::BadInput)?;
    if b.len() != n {
        return Err(ProofError::BadInput);
    }
    if proof.l.len() != rounds || proof.r.len() != rounds {
        return Err(ProofError::Length);
    }
    transcript.domain_sep(b"ipa");
    transcript.append_point(c, b"C");
    transcript.append_scalar(z, b"input point");
    transcript.append_scalar(y, b"output point");
    let w = transcript.challenge_scalar(b"w");

    let mut pts = proof.l.clone();
    pts.extend_from_slice(&proof.r);
    let enc = prepare_points(transcript, &pts);
    let mut xs = Vec::with_capacity(rounds);
    for k in 0..rounds {
        transcript.append_prepared_point(&enc[k], b"L");
        transcript.append_prepared_point(&enc[rounds + k], b"R");
        xs.push(transcript.challenge_scalar(b"x"));
    }
    let mut x_inv = xs.clone();
    if xs.iter().any(|x| x.is_zero()) {
        return Err(ProofError::Invalid);
    }
    ark_ff::batch_inversion(&mut x_inv);

    // s_i = prod over rounds k where bit (rounds-1-k) of i is set of x_k^{-1}
    let mut s: Vec<G::Scalar> = Vec::with_capacity(n);
    s.push(G::Scalar::one());
    for k in (0..rounds).rev() {
        let len = s.len();
        for i in 0..len {
            let v = s[i] * x_inv[k];
            s.push(v);
        }
    }
    let b0 = inner_product(&s, b);
    let a = proof.a;

    // sum (a s_i) G_i + w (a b0 - y) Q - C - sum x_k L_k - sum x_k^{-1} R_k == 0
    let mut scalars: Vec<G::Scalar> = s.iter().map(|si| a * si).collect();
    let mut extra: Vec<G::Point> = Vec::with_capacity(2 * rounds + 2);
    extra.push(crs.q);
    scalars.push(w * (a * b0 - y));
    extra.push(*c);
    scalars.push(-G::Scalar::one());
    for k in 0..rounds {
        extra.push(proof.l[k]);
        scalars.push(-xs[k]);
        extra.push(proof.r[k]);
        scalars.push(-x_inv[k]);
    }
    let mut bases = crs.g_affine.clone();
    bases.extend(G::Point::normalize_batch(&extra));
    // 274 points for n = 256: still Straus territory (fewer additions than
    // Pippenger's buckets at this size).
    let res = msm_straus_vartime::<G::Point>(&bases, &scalars);
    if G::is_identity(&res) {
        Ok(())
    } else {
        Err(ProofError::Invalid)
    }
}
