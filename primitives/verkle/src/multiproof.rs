//! Multiproofs: many openings `f_i(z_i) = y_i` (with `z_i` in the domain),
//! one proof of constant size (`D` and one IPA proof), following the
//! go-ipa / rust-verkle protocol:
//!
//! 1. absorb every `(C_i, z_i, y_i)`, squeeze `r`;
//! 2. prover commits to `g(X) = sum_i r^i (f_i(X) - y_i) / (X - z_i)` as `D`;
//!    squeeze `t`;
//! 3. prover commits to `h(X) = sum_i r^i f_i(X) / (t - z_i)` as `E`
//!    (the verifier recomputes `E = sum_i r^i / (t - z_i) C_i` itself);
//! 4. an IPA proof that `h - g` (committed in `E - D`) evaluates at `t` to
//!    `sum_i r^i y_i / (t - z_i)`.
//!
//! The verifier computes `E` with one MSM over the query commitments (it must
//! enter the transcript) and checks the IPA with one more MSM.
//! Variable time (public data only).

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{Field, One, Zero};

use crate::commit::Committer;
use crate::crs::Crs;
use crate::error::ProofError;
use crate::group::VerkleGroup;
use crate::ipa::{self, IpaProof};
use crate::lagrange::Domain;
use crate::transcript::FsTranscript;

/// One opening, as known to the prover.
#[derive(Clone, Debug)]
pub struct ProverQuery<'a, G: VerkleGroup> {
    /// Commitment to `poly`.
    pub commitment: G::Point,
    /// The committed vector (evaluations over the domain).
    pub poly: &'a [G::Scalar],
    /// Evaluation point (domain index).
    pub point: usize,
    /// `poly[point]`.
    pub result: G::Scalar,
}

impl<G: VerkleGroup> ProverQuery<'_, G> {
    /// The same opening without the vector: what the verifier is given.
    pub fn verifier_query(&self) -> VerifierQuery<G> {
        VerifierQuery {
            commitment: self.commitment,
            point: self.point,
            result: self.result,
        }
    }
}

/// One opening, as known to the verifier.
#[derive(Clone, Debug)]
pub struct VerifierQuery<G: VerkleGroup> {
    /// The commitment opened.
    pub commitment: G::Point,
    /// Evaluation point (domain index).
    pub point: usize,
    /// Claimed value.
    pub result: G::Scalar,
}

/// A multiproof: the commitment `D` to `g` and an IPA proof.
#[derive(Clone, Debug)]
pub struct MultiProof<G: VerkleGroup> {
    /// Commitment to the quotient polynomial `g`.
    pub d: G::Point,
    /// Opening of `E - D` at `t`.
    pub ipa: IpaProof<G>,
}

impl<G: VerkleGroup> MultiProof<G> {
    /// Serialised length for width `n`: `32 + 64 log2(n) + 32` (576 for 256).
    pub fn serialized_len(n: usize) -> usize {
        32 + IpaProof::<G>::serialized_len(n)
    }

    /// `D || IPA proof`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = G::encode(&self.d).to_vec();
        out.extend(self.ipa.to_bytes());
        out
    }

    /// Parse a proof for width `n`.
    pub fn from_bytes(bytes: &[u8], n: usize) -> Result<Self, ProofError> {
        if bytes.len() < 32 {
            return Err(ProofError::Length);
        }
        let mut d = [0u8; 32];
        d.copy_from_slice(&bytes[..32]);
        let d = G::decode(&d)?;
        let ipa = IpaProof::from_bytes(&bytes[32..], n)?;
        Ok(Self { d, ipa })
    }
}

fn absorb_queries<G: VerkleGroup, T: FsTranscript<G>>(
    transcript: &mut T,
    commitments: &[G::Point],
    points: impl Iterator<Item = (usize, G::Scalar)>,
) -> Vec<T::PreparedPoint> {
    transcript.domain_sep(b"multiproof");
    let enc = T::prepare_points(commitments);
    for (e, (z, y)) in enc.iter().zip(points) {
        transcript.append_prepared_point(e, b"C");
        transcript.append_scalar(&G::Scalar::from(z as u64), b"z");
        transcript.append_scalar(&y, b"y");
    }
    enc
}

/// Prove all `queries`. Every query's `poly` must have the domain size and
/// `point` must be in the domain, and there must be at least one query,
/// else `BadInput`.
pub fn prove<G: VerkleGroup, T: FsTranscript<G>>(
    committer: &Committer<G>,
    domain: &Domain<G::Scalar>,
    transcript: &mut T,
    queries: &[ProverQuery<'_, G>],
) -> Result<MultiProof<G>, ProofError> {
    let n = domain.size();
    if committer.width() != n {
        return Err(ProofError::BadInput);
    }
    if queries.is_empty() {
        return Err(ProofError::BadInput);
    }
    for q in queries {
        if q.poly.len() != n || q.point >= n {
            return Err(ProofError::BadInput);
        }
    }
    let cs: Vec<G::Point> = queries.iter().map(|q| q.commitment).collect();
    absorb_queries(transcript, &cs, queries.iter().map(|q| (q.point, q.result)));
    let r = transcript.challenge_scalar(b"r");

    // Aggregate the polynomials per evaluation point: f_z = sum r^i f_i over
    // the queries at z. `points` lists the distinct points in increasing
    // order and `row[z]` is z's index in it.
    let mut powers = Vec::with_capacity(queries.len());
    let mut ri = G::Scalar::one();
    for _ in queries {
        powers.push(ri);
        ri *= r;
    }
    let mut row: Vec<Option<usize>> = vec![None; n];
    for q in queries {
        row[q.point] = Some(0);
    }
    let mut points = Vec::new();
    for (z, slot) in row.iter_mut().enumerate() {
        if slot.is_some() {
            *slot = Some(points.len());
            points.push(z);
        }
    }
    // With `parallel`, each thread sums one range of the vector slots over
    // every query (the same products and sums, in the same order per slot).
    let agg_parts = crate::par::map_ranges(n, 16, |cols| {
        let width = cols.len();
        let mut part = vec![G::Scalar::zero(); points.len() * width];
        for (q, rq) in queries.iter().zip(&powers) {
            let k = row[q.point].unwrap_or(0);
            let dst = &mut part[k * width..(k + 1) * width];
            for (acc, v) in dst.iter_mut().zip(&q.poly[cols.clone()]) {
                *acc += *rq * v;
            }
        }
        (cols, part)
    });
    let mut agg: Vec<Vec<G::Scalar>> = vec![vec![G::Scalar::zero(); n]; points.len()];
    for (cols, part) in agg_parts {
        let width = cols.len();
        for (k, f) in agg.iter_mut().enumerate() {
            f[cols.clone()].copy_from_slice(&part[k * width..(k + 1) * width]);
        }
    }
    // g(X) = sum_z (f_z(X) - f_z(z)) / (X - z), one quotient per point (per
    // thread with `parallel`, partial sums added in point order).
    let g_parts = crate::par::map_ranges(points.len(), 4, |ks| {
        let mut acc = vec![G::Scalar::zero(); n];
        for k in ks {
            let q = domain.divide_by_linear_vanishing(&agg[k], points[k]);
            for (a, v) in acc.iter_mut().zip(q) {
                *a += v;
            }
        }
        acc
    });
    let mut g = vec![G::Scalar::zero(); n];
    for part in g_parts {
        for (a, v) in g.iter_mut().zip(part) {
            *a += v;
        }
    }
    let d = committer.commit(&g).ok_or(ProofError::BadInput)?;
    transcript.append_point(&d, b"D");
    let t = transcript.challenge_scalar(b"t");

    // h(X) = sum_z f_z(X) / (t - z)
    let mut dens: Vec<G::Scalar> = (0..n as u64).map(|z| t - G::Scalar::from(z)).collect();
    if dens.iter().any(|d| d.is_zero()) {
        return Err(ProofError::Invalid);
    }
    ark_ff::batch_inversion(&mut dens);
    let h_parts = crate::par::map_ranges(n, 16, |cols| {
        let mut part = vec![G::Scalar::zero(); cols.len()];
        for (f, z) in agg.iter().zip(&points) {
            for (acc, v) in part.iter_mut().zip(&f[cols.clone()]) {
                *acc += dens[*z] * v;
            }
        }
        part
    });
    let h: Vec<G::Scalar> = h_parts.concat();
    let e = committer.commit(&h).ok_or(ProofError::BadInput)?;
    transcript.append_point(&e, b"E");
    let h_minus_g: Vec<G::Scalar> = h.iter().zip(&g).map(|(a, b)| *a - b).collect();
    let b = domain.barycentric_coefficients(&t);
    let ipa = ipa::prove_with_tables(transcript, committer, h_minus_g, &(e - d), b, &t)?;
    Ok(MultiProof { d, ipa })
}

/// Verify a multiproof for `queries`: `BadInput` for no queries or a point
/// outside the domain, `Invalid` when the check fails.
pub fn verify<G: VerkleGroup, T: FsTranscript<G>>(
    crs: &Crs<G>,
    domain: &Domain<G::Scalar>,
    transcript: &mut T,
    queries: &[VerifierQuery<G>],
    proof: &MultiProof<G>,
) -> Result<(), ProofError> {
    let n = domain.size();
    if crs.g.len() != n {
        return Err(ProofError::BadInput);
    }
    // An empty statement would make any proof of "E - D opens to 0 at t"
    // (e.g. D = 0 with a zero IPA) pass: a caller that builds queries from
    // untrusted claims must not get "valid" for nothing. The circuit
    // verifier is unsatisfiable on no queries; this keeps the two equal.
    if queries.is_empty() || queries.iter().any(|q| q.point >= n) {
        return Err(ProofError::BadInput);
    }
    let cs: Vec<G::Point> = queries.iter().map(|q| q.commitment).collect();
    let enc = absorb_queries(transcript, &cs, queries.iter().map(|q| (q.point, q.result)));
    let r = transcript.challenge_scalar(b"r");
    transcript.append_point(&proof.d, b"D");
    let t = transcript.challenge_scalar(b"t");

    let mut dens: Vec<G::Scalar> = (0..n as u64).map(|z| t - G::Scalar::from(z)).collect();
    if dens.iter().any(|d| d.is_zero()) {
        return Err(ProofError::Invalid);
    }
    ark_ff::batch_inversion(&mut dens);
    // helper_i = r^i / (t - z_i); g2(t) = sum helper_i y_i; E = sum helper_i C_i
    // Per thread with `parallel`: one range of queries each, starting from
    // r^start; the partial sums of g2(t) are added in range order.
    let parts = crate::par::map_ranges(queries.len(), 512, |range| {
        let mut ri = r.pow([range.start as u64]);
        let mut hs = Vec::with_capacity(range.len());
        let mut sum = G::Scalar::zero();
        for q in &queries[range] {
            let hlp = ri * dens[q.point];
            sum += hlp * q.result;
            hs.push(hlp);
            ri *= r;
        }
        (hs, sum)
    });
    let mut helpers = Vec::with_capacity(queries.len());
    let mut g2_t = G::Scalar::zero();
    for (hs, sum) in parts {
        helpers.extend(hs);
        g2_t += sum;
    }
    // Queries that open the same commitment (common in tree proofs) share
    // one MSM term: sum their scalars first.
    let mut index: BTreeMap<T::PreparedPoint, usize> = BTreeMap::new();
    let mut uniq_points: Vec<G::Point> = Vec::new();
    let mut uniq_scalars: Vec<G::Scalar> = Vec::new();
    for ((e, c), h) in enc.iter().zip(&cs).zip(&helpers) {
        match index.get(e) {
            Some(&k) => uniq_scalars[k] += h,
            None => {
                index.insert(e.clone(), uniq_points.len());
                uniq_points.push(*c);
                uniq_scalars.push(*h);
            }
        }
    }
    let bases = G::Point::normalize_batch(&uniq_points);
    let e = G::Point::msm(&bases, &uniq_scalars).map_err(|_| ProofError::BadInput)?;
    transcript.append_point(&e, b"E");
    let b = domain.barycentric_coefficients(&t);
    ipa::verify(transcript, crs, &(e - proof.d), &proof.ipa, &t, &g2_t, &b)
}
