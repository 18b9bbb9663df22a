//! Pedersen commitments and the Sapling Pedersen hash, matching
//! `umbra-pedersen`.
//!
//! - [`PedersenCommitmentVar`]: `C = v·G + r·H` over a native twisted
//!   Edwards curve, two fixed-base multiplications
//!   ([`EdwardsVar::fixed_base_mul_le`]) and one complete addition. With
//!   [`PedersenCommitmentVar::jubjub`] the generators are `umbra-pedersen`'s
//!   Jubjub ones (Sapling's value-commitment generators), so the gadget
//!   computes exactly `umbra_pedersen::Commitment::<Jubjub>::commit`.
//! - [`pedersen_hash_to_point`] / [`sapling_pedersen_hash`]: the windowed
//!   Pedersen hash of Zcash Sapling (protocol specification §5.4.1.7),
//!   matching `umbra_pedersen::sapling`. 3-bit signed chunks are looked up
//!   on the Montgomery model (2 constraints), added there (3 constraints),
//!   each 63-chunk segment is converted to Edwards (2) and segments are
//!   joined by complete additions (6): `5c + 5n − 6` constraints for `c`
//!   chunks and `n` segments, less where chunks are constant (Sapling's
//!   six personalisation bits are constants of the circuit).

use alloc::vec::Vec;

use ark_ec::CurveGroup;
use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ff::{One, PrimeField, Zero};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

use crate::edwards::{EdwardsVar, JubjubVar, MontgomeryVar, multilinear2, to_montgomery};

/// The Pedersen commitment gadget for constant generators `G` (value) and
/// `H` (blinding).
#[derive(Clone, Debug)]
pub struct PedersenCommitmentVar<P: TECurveConfig> {
    value: Affine<P>,
    blinding: Affine<P>,
}

impl<P: TECurveConfig> PedersenCommitmentVar<P>
where
    P::BaseField: PrimeField,
{
    /// A gadget committing with the generators `value` (`G`) and
    /// `blinding` (`H`).
    pub fn new(value: Affine<P>, blinding: Affine<P>) -> Self {
        Self { value, blinding }
    }

    /// `G`.
    pub fn value_generator(&self) -> &Affine<P> {
        &self.value
    }

    /// `H`.
    pub fn blinding_generator(&self) -> &Affine<P> {
        &self.blinding
    }

    /// `v·G + r·H` for the little-endian bits of `v` and `r`.
    pub fn commit(
        &self,
        value_bits: &[Boolean<P::BaseField>],
        blinding_bits: &[Boolean<P::BaseField>],
    ) -> Result<EdwardsVar<P>, SynthesisError> {
        let v = EdwardsVar::fixed_base_mul_le(&self.value, value_bits)?;
        let r = EdwardsVar::fixed_base_mul_le(&self.blinding, blinding_bits)?;
        v.add(&r)
    }

    /// Enforces that `(value_bits, blinding_bits)` opens `commitment`.
    pub fn enforce_opening(
        &self,
        commitment: &EdwardsVar<P>,
        value_bits: &[Boolean<P::BaseField>],
        blinding_bits: &[Boolean<P::BaseField>],
    ) -> Result<(), SynthesisError> {
        self.commit(value_bits, blinding_bits)?
            .enforce_equal(commitment)
    }

    /// `Σ v_i·G_i + r·H` with the vector generators `G_i` (as
    /// `umbra_pedersen::Commitment::commit_vector`). Fails with
    /// `Unsatisfiable` when there are more values than generators.
    pub fn commit_vector(
        &self,
        generators: &[Affine<P>],
        values: &[Vec<Boolean<P::BaseField>>],
        blinding_bits: &[Boolean<P::BaseField>],
    ) -> Result<EdwardsVar<P>, SynthesisError> {
        if values.len() > generators.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut acc = EdwardsVar::fixed_base_mul_le(&self.blinding, blinding_bits)?;
        for (g, v) in generators.iter().zip(values) {
            acc = acc.add(&EdwardsVar::fixed_base_mul_le(g, v)?)?;
        }
        Ok(acc)
    }
}

impl PedersenCommitmentVar<ark_ed_on_bls12_381::EdwardsConfig> {
    /// `umbra-pedersen`'s Jubjub generators: `G = FindGroupHash("Zcash_cv",
    /// "v")`, `H = FindGroupHash("Zcash_cv", "r")` (Sapling value
    /// commitments).
    pub fn jubjub() -> Self {
        use umbra_pedersen::{Jubjub, PedersenGroup};
        Self::new(
            Jubjub::value_generator().to_affine(),
            Jubjub::blinding_generator().to_affine(),
        )
    }

    /// `umbra-pedersen`'s Jubjub vector generators `G_0..G_{n-1}`.
    pub fn jubjub_vector_generators(n: u32) -> Vec<ark_ed_on_bls12_381::EdwardsAffine> {
        use umbra_pedersen::{Jubjub, PedersenGroup};
        (0..n)
            .map(|i| Jubjub::vector_generator(i).to_affine())
            .collect()
    }
}

/// Chunks per segment of the windowed Pedersen hash (63 × 3 = 189 bits).
pub const CHUNKS_PER_SEGMENT: usize = 63;

/// The windowed Pedersen hash to a point, for any twisted Edwards curve in
/// the constraint field, with segment generators `generators`: the bits are
/// padded with zeros to a multiple of 3, chunk `j` of segment `i`
/// contributes `(1 − 2·s2)·(1 + s0 + 2·s1)·16^j·I_i`.
///
/// Each generator must have prime order `r` with `4·(16^63 − 1)/15 <
/// (r − 1)/2` (true for Jubjub), which makes every Montgomery addition
/// within a segment exact (the Zcash spec's argument for its Pedersen hash circuit). Fails with
/// `Unsatisfiable` when there are fewer generators than segments.
pub fn pedersen_hash_to_point<P: TECurveConfig>(
    generators: &[Affine<P>],
    bits: &[Boolean<P::BaseField>],
) -> Result<EdwardsVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let mut padded = bits.to_vec();
    while padded.len() % 3 != 0 {
        padded.push(Boolean::FALSE);
    }
    let chunks: Vec<&[Boolean<P::BaseField>]> = padded.chunks(3).collect();
    let mut acc: Option<EdwardsVar<P>> = None;
    for (i, segment) in chunks.chunks(CHUNKS_PER_SEGMENT).enumerate() {
        let generator = generators.get(i).ok_or(SynthesisError::Unsatisfiable)?;
        let mut base: Projective<P> = (*generator).into();
        let mut seg_acc: Option<MontgomeryVar<P>> = None;
        for chunk in segment {
            let entry = signed_lookup(base, chunk)?;
            seg_acc = Some(match seg_acc {
                None => entry,
                Some(a) => a.add_incomplete(&entry)?,
            });
            for _ in 0..4 {
                base = base + base;
            }
        }
        if let Some(s) = seg_acc {
            let e = s.to_edwards()?;
            acc = Some(match acc {
                None => e,
                Some(a) => a.add(&e)?,
            });
        }
    }
    Ok(acc.unwrap_or_else(EdwardsVar::identity))
}

/// `(1 − 2·s2)·(1 + s0 + 2·s1)·B` on the Montgomery model: the x-coordinate
/// is a linear combination given `s0 ∧ s1` (1 constraint), the sign costs
/// one more (sapling-crypto's `lookup3_xy_with_conditional_negation`).
fn signed_lookup<P: TECurveConfig>(
    base: Projective<P>,
    chunk: &[Boolean<P::BaseField>],
) -> Result<MontgomeryVar<P>, SynthesisError>
where
    P::BaseField: PrimeField,
{
    let mut xs = [P::BaseField::zero(); 4];
    let mut ys = [P::BaseField::zero(); 4];
    let mut p = base;
    for (x, y) in xs.iter_mut().zip(ys.iter_mut()) {
        (*x, *y) = to_montgomery(&p.into_affine());
        p += base;
    }
    let coeffs = |t: [P::BaseField; 4]| [t[0], t[1] - t[0], t[2] - t[0], t[3] - t[2] - t[1] + t[0]];
    let s0s1 = chunk[0].clone() & chunk[1].clone();
    let x = multilinear2(&coeffs(xs), &chunk[0], &chunk[1], &s0s1);
    let y_abs = multilinear2(&coeffs(ys), &chunk[0], &chunk[1], &s0s1);
    let sign = FpVar::constant(P::BaseField::one()) - FpVar::from(chunk[2].clone()).double()?;
    Ok(MontgomeryVar::new(x, y_abs * sign))
}

/// The Sapling personalisation bits as circuit constants.
pub fn personalization_bits<F: PrimeField>(
    personalization: umbra_pedersen::sapling::Personalization,
) -> Vec<Boolean<F>> {
    personalization
        .bits()
        .iter()
        .map(|b| Boolean::constant(*b))
        .collect()
}

/// The Sapling segment generators `I_0..I_{n-1}` for `message_bits`
/// message bits (plus the six personalisation bits).
pub fn sapling_generators(message_bits: usize) -> Vec<ark_ed_on_bls12_381::EdwardsAffine> {
    let segments = (message_bits + 6).div_ceil(3 * CHUNKS_PER_SEGMENT).max(1);
    (0..segments as u32)
        .map(|i| umbra_pedersen::sapling::segment_generator(i).to_affine())
        .collect()
}

/// Sapling `PedersenHashToPoint(personalization, message)` on Jubjub, as
/// `umbra_pedersen::sapling::pedersen_hash_to_point` (the personalisation
/// bits are constants prepended to the message).
pub fn sapling_pedersen_hash_to_point(
    personalization: umbra_pedersen::sapling::Personalization,
    message: &[Boolean<ark_ed_on_bls12_381::Fq>],
) -> Result<JubjubVar, SynthesisError> {
    let mut bits = personalization_bits(personalization);
    bits.extend_from_slice(message);
    pedersen_hash_to_point(&sapling_generators(message.len()), &bits)
}

/// Sapling `PedersenHash`: the u-coordinate of
/// [`sapling_pedersen_hash_to_point`].
pub fn sapling_pedersen_hash(
    personalization: umbra_pedersen::sapling::Personalization,
    message: &[Boolean<ark_ed_on_bls12_381::Fq>],
) -> Result<FpVar<ark_ed_on_bls12_381::Fq>, SynthesisError> {
    Ok(sapling_pedersen_hash_to_point(personalization, message)?.u)
}

#[cfg(test)]
mod tests;
