//! secp256k1 verifier gadgets: ECDSA, Feldman VSS share check, GG20
//! signature-share check.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::prelude::Boolean;
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;

use super::{
    native,
    point::{GlvSplit, PointVar, fixed_base_mul_with_offset, glv_terms_with_hint, msm_with_offset},
};
use crate::emulated::{EmFp, Secp256k1Fr};

/// An emulated scalar (mod `n`).
pub type ScalarVar<F> = EmFp<F, Secp256k1Fr>;

/// `x(P) mod n` as a scalar: `x` is proven canonical (`< p`), then its
/// integer is read mod `n` — exactly `Reduce<FieldBytes>` of k256.
pub fn x_mod_n<F: PrimeField>(pt: &PointVar<F>) -> Result<ScalarVar<F>, SynthesisError> {
    Ok(pt.x.enforce_canonical()?.reinterpret::<Secp256k1Fr>())
}

/// ECDSA verification (`umbra_tecdsa::ecdsa::verify_prehash`): accepts iff
/// `r, s ∈ [1, n−1]`, `R' = (z·s⁻¹)·G + (r·s⁻¹)·Y ≠ O` and
/// `x(R') mod n = r`. `z` is the message scalar (`int(prehash) mod n`; build
/// it from the hash bits with [`EmFp::from_bits_le`]); `key` is proven on the
/// curve by its constructor, and affine points are never `O`.
///
/// Cost: canonicity and non-zero checks of `r`, `s`, two scalar
/// products, two GLV splits ([`glv_terms`](super::glv_terms)), a 129-step joint
/// multi-scalar multiplication over `±G, ±φ(G), ±Y, ±φ(Y)` (16-entry
/// subset-sum table, one `double_and_add` per step), one addition removing
/// the offset (which also rejects `R' = O`), and `x mod n`.
pub fn ecdsa_verify<F: PrimeField>(
    key: &PointVar<F>,
    z: &ScalarVar<F>,
    r: &ScalarVar<F>,
    s: &ScalarVar<F>,
) -> Result<(), SynthesisError> {
    ecdsa_verify_with_hint(key, z, r, s, [None, None])
}

/// [`ecdsa_verify`] with prover-chosen GLV splits of `u1` and `u2`
/// (`None`: honest). Same constraints; for forged-witness tests.
#[doc(hidden)]
pub fn ecdsa_verify_with_hint<F: PrimeField>(
    key: &PointVar<F>,
    z: &ScalarVar<F>,
    r: &ScalarVar<F>,
    s: &ScalarVar<F>,
    glv: [Option<GlvSplit>; 2],
) -> Result<(), SynthesisError> {
    let [g1, g2] = glv;
    let r = r.enforce_canonical()?;
    let s = s.enforce_canonical()?;
    r.enforce_nonzero()?;
    let w = s.inverse()?; // also proves s ≠ 0
    let u1 = z.mul(&w)?;
    let u2 = r.mul(&w)?;
    let mut terms = glv_terms_with_hint(&PointVar::generator(), &u1, g1)?;
    terms.extend(glv_terms_with_hint(key, &u2, g2)?);
    let (acc, offset) = msm_with_offset(&terms)?;
    let neg = native::neg(&Some(offset)).ok_or(SynthesisError::Unsatisfiable)?;
    let big_r = acc.add(&PointVar::constant(&neg))?;
    x_mod_n(&big_r)?.enforce_equal(&r)
}

fn const_bits<F: PrimeField>(k: &BigUint, len: usize) -> Vec<Boolean<F>> {
    native::bits_le(k, len)
        .into_iter()
        .map(Boolean::constant)
        .collect()
}

/// Feldman VSS share check (`umbra_tecdsa::feldman::verify_share`):
/// `share·G == Σⱼ indexʲ·Cⱼ` for the public index `index ≠ 0` (a circuit
/// constant) and commitments `C₀..C_t`.
///
/// The right side is a joint multi-scalar multiplication with the constant
/// scalars `indexʲ mod n` over only as many steps as the largest needs
/// (commitments in chunks of 3 per table), the left side a fixed-base
/// windowed multiplication of `G` ([`fixed_base_mul_with_offset`]: 32
/// constant 256-entry tables, 31 additions, no doublings); the two offset
/// accumulators are compared.
pub fn feldman_verify_share<F: PrimeField>(
    commitments: &[PointVar<F>],
    index: u16,
    share: &ScalarVar<F>,
) -> Result<(), SynthesisError> {
    if index == 0 || commitments.is_empty() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let n = native::n();
    let i = BigUint::from(index);
    let scalars: Vec<BigUint> = (0..commitments.len())
        .map(|j| i.modpow(&BigUint::from(j), &n))
        .collect();
    let len = scalars
        .iter()
        .map(|k| k.bits() as usize)
        .max()
        .unwrap_or(1)
        .max(1);
    // Σ indexʲ·Cⱼ + Σ offsets, chunk by chunk
    let mut rhs: Option<PointVar<F>> = None;
    let mut rhs_offset: native::Point = None;
    for (pts, ks) in commitments.chunks(3).zip(scalars.chunks(3)) {
        let terms: Vec<_> = pts
            .iter()
            .zip(ks)
            .map(|(p, k)| (p.clone(), const_bits(k, len)))
            .collect();
        let (acc, off) = msm_with_offset(&terms)?;
        rhs_offset = native::add(&rhs_offset, &Some(off));
        rhs = Some(match rhs {
            None => acc,
            Some(r) => r.add(&acc)?,
        });
    }
    let rhs = rhs.ok_or(SynthesisError::Unsatisfiable)?;
    let (lhs, lhs_offset) = fixed_base_mul_with_offset(&native::generator(), &share.to_bits_le()?)?;
    // lhs − O_l == rhs − O_r  ⇔  lhs == rhs + (O_l − O_r)
    let delta = native::add(&Some(lhs_offset), &native::neg(&rhs_offset))
        .ok_or(SynthesisError::Unsatisfiable)?;
    let shifted = rhs.add(&PointVar::constant(&delta))?;
    lhs.enforce_equal(&shifted)
}

/// GG20 signature-share check (`umbra_tecdsa::signing::verify_share_equation`):
/// `sᵢ·R == m·R̄ᵢ + r·Sᵢ` with `r = x(R) mod n` computed in-circuit and
/// required non-zero. Each of the three scalars is GLV-split
/// ([`glv_terms`](super::glv_terms)), giving one 129-step joint multi-scalar multiplication
/// over the six half-length terms `±R, ±φ(R), ∓R̄ᵢ, ∓φ(R̄ᵢ), ∓Sᵢ, ∓φ(Sᵢ)`
/// (64-entry subset-sum table, one `double_and_add` per step) whose offset
/// accumulator must equal the constant offset, i.e. the combination is `O`.
pub fn gg20_verify_share<F: PrimeField>(
    nonce_point: &PointVar<F>,
    message: &ScalarVar<F>,
    nonce_share: &PointVar<F>,
    key_share: &PointVar<F>,
    s: &ScalarVar<F>,
) -> Result<(), SynthesisError> {
    gg20_verify_share_with_hint(
        nonce_point,
        message,
        nonce_share,
        key_share,
        s,
        [None, None, None],
    )
}

/// [`gg20_verify_share`] with prover-chosen GLV splits of `sᵢ`, `m` and `r`
/// (`None`: honest). Same constraints; for forged-witness tests.
#[doc(hidden)]
pub fn gg20_verify_share_with_hint<F: PrimeField>(
    nonce_point: &PointVar<F>,
    message: &ScalarVar<F>,
    nonce_share: &PointVar<F>,
    key_share: &PointVar<F>,
    s: &ScalarVar<F>,
    glv: [Option<GlvSplit>; 3],
) -> Result<(), SynthesisError> {
    let [g_s, g_m, g_r] = glv;
    let r = x_mod_n(nonce_point)?;
    r.enforce_nonzero()?;
    let mut terms = glv_terms_with_hint(nonce_point, s, g_s)?;
    terms.extend(glv_terms_with_hint(&nonce_share.neg(), message, g_m)?);
    terms.extend(glv_terms_with_hint(&key_share.neg(), &r, g_r)?);
    let (acc, offset) = msm_with_offset(&terms)?;
    acc.enforce_equal(&PointVar::constant(&offset))
}
