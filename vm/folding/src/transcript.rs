//! The Poseidon (BN254 Fr) transcript, native and in-circuit.
//!
//! Both sides absorb a sequence of BN254 Fr elements and derive one
//! 128-bit challenge as the low 128 bits of
//! [`Poseidon::hash_elements`]`(domain, elements)` with the width-5
//! reference instance of `umbra-poseidon` (rate 4). Everything the folding
//! engine absorbs is first encoded as Fr elements, the same way natively
//! ([`TranscriptCurve`]) and in the circuit ([`TranscriptVar`]):
//!
//! | value | elements |
//! |---|---|
//! | BN254 Fr element | itself |
//! | BN254 Fq element (G1 coordinate, Grumpkin scalar) | `[lo, hi]`: bits 0..128 and 128..254 of its canonical integer |
//! | G1 point `(x, y)` | `[x_lo, x_hi, y_lo, y_hi]` |
//! | G1 identity | `[0, 0, 0, 0]` (`(0, 0)` is not on `y² = x³ + 3`) |
//! | Grumpkin point `(x, y)` | `[x, y]` |
//! | Grumpkin identity | `[0, 0]` (`(0, 0)` is not on `y² = x³ − 17`) |
//!
//! A one-shot hash keeps the two sides in lock-step: the number of
//! permutations depends only on the number of absorbed elements.

use ark_bn254::{Fq, Fr};
use ark_ec::AffineRepr;
use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_circuits::poseidon::PoseidonPermutationVar;
use umbra_circuits::weierstrass::GrumpkinVar;
use umbra_poseidon::Poseidon;

/// The Poseidon instance of every transcript: width 5 (rate 4) over BN254
/// Fr.
pub type TranscriptPoseidon = Poseidon<Fr, 5>;

/// Number of challenge bits.
pub const CHALLENGE_BITS: usize = 128;

/// Splits an Fq element (its canonical integer, below 2^254) into its low
/// 128 bits and the rest, as two Fr elements.
pub fn split_fq(v: &Fq) -> [Fr; 2] {
    let bits = v.into_bigint().to_bits_le();
    let lo = Fr::from_bigint(<Fr as PrimeField>::BigInt::from_bits_le(
        &bits[..CHALLENGE_BITS],
    ));
    let hi = Fr::from_bigint(<Fr as PrimeField>::BigInt::from_bits_le(
        &bits[CHALLENGE_BITS..],
    ));
    // Both halves are below 2^128 < r, so `from_bigint` always succeeds.
    [lo.unwrap_or_default(), hi.unwrap_or_default()]
}

/// A curve whose points and scalars the transcript can absorb (see the
/// [module documentation](self) for the encodings).
pub trait TranscriptCurve: CurveGroup {
    /// Appends the encoding of a point.
    fn absorb_point(p: &Self::Affine, out: &mut Vec<Fr>);
    /// Appends the encoding of a scalar.
    fn absorb_scalar(s: &Self::ScalarField, out: &mut Vec<Fr>);
}

impl TranscriptCurve for ark_ec::short_weierstrass::Projective<ark_bn254::g1::Config> {
    fn absorb_point(p: &Self::Affine, out: &mut Vec<Fr>) {
        match p.xy() {
            Some((x, y)) => {
                out.extend(split_fq(&x));
                out.extend(split_fq(&y));
            }
            None => out.extend([Fr::zero(); 4]),
        }
    }
    fn absorb_scalar(s: &Fr, out: &mut Vec<Fr>) {
        out.push(*s);
    }
}

impl TranscriptCurve for ark_grumpkin::Projective {
    fn absorb_point(p: &Self::Affine, out: &mut Vec<Fr>) {
        match p.xy() {
            Some((x, y)) => out.extend([x, y]),
            None => out.extend([Fr::zero(); 2]),
        }
    }
    fn absorb_scalar(s: &Fq, out: &mut Vec<Fr>) {
        out.extend(split_fq(s));
    }
}

/// The native transcript: collects elements, then derives one challenge.
#[derive(Clone, Debug)]
pub struct Transcript<'a> {
    params: &'a TranscriptPoseidon,
    domain: u64,
    elements: Vec<Fr>,
}

impl<'a> Transcript<'a> {
    /// An empty transcript in application `domain`.
    pub fn new(params: &'a TranscriptPoseidon, domain: u64) -> Self {
        Self {
            params,
            domain,
            elements: Vec::new(),
        }
    }

    /// Absorbs Fr elements.
    pub fn absorb(&mut self, xs: &[Fr]) {
        self.elements.extend_from_slice(xs);
    }

    /// Absorbs a point of `G`.
    pub fn absorb_point<G: TranscriptCurve>(&mut self, p: &G::Affine) {
        G::absorb_point(p, &mut self.elements);
    }

    /// Absorbs scalars of `G`.
    pub fn absorb_scalars<G: TranscriptCurve>(&mut self, s: &[G::ScalarField]) {
        for v in s {
            G::absorb_scalar(v, &mut self.elements);
        }
    }

    /// The elements absorbed so far.
    pub fn elements(&self) -> &[Fr] {
        &self.elements
    }

    /// The full hash of the absorbed elements.
    pub fn hash(&self) -> Fr {
        self.params.hash_elements(self.domain, &self.elements)
    }

    /// The challenge: the low [`CHALLENGE_BITS`] bits of the hash.
    pub fn challenge(&self) -> u128 {
        let h = self.hash();
        let limbs = h.into_bigint().0;
        u128::from(limbs[0]) | (u128::from(limbs[1]) << 64)
    }
}

/// A G1 point inside a BN254 Fr circuit, as its four transcript limbs
/// `[x_lo, x_hi, y_lo, y_hi]` (the identity as four zeros). Allocation
/// range-checks each limb (128 or 126 bits); [`G1LimbsVar::enforce_canonical`]
/// makes the encoding unique. It does not check that the limbs form a
/// point: that is the business of the CycleFold circuit that takes them as
/// public input.
#[derive(Clone, Debug)]
pub struct G1LimbsVar {
    /// `[x_lo, x_hi, y_lo, y_hi]`.
    pub limbs: [FpVar<Fr>; 4],
    /// The little-endian bits of each limb (128, 126, 128, 126).
    pub bits: [Vec<Boolean<Fr>>; 4],
}

impl G1LimbsVar {
    /// Allocates a witness from a native point (`None` in setup mode).
    ///
    /// # Errors
    /// The constraint system's errors.
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        p: Option<ark_bn254::G1Affine>,
    ) -> Result<Self, SynthesisError> {
        let native = p.map(|p| {
            let mut v = Vec::with_capacity(4);
            ark_bn254::G1Projective::absorb_point(&p, &mut v);
            v
        });
        Self::new_witness_limbs(cs, native.as_deref())
    }

    /// Allocates four limbs as given (`[x_lo, x_hi, y_lo, y_hi]`), with the
    /// same range and canonicity constraints as [`G1LimbsVar::new_witness`]
    /// (tests use it to present a non-canonical encoding).
    ///
    /// # Errors
    /// The constraint system's errors.
    pub fn new_witness_limbs(
        cs: ConstraintSystemRef<Fr>,
        native: Option<&[Fr]>,
    ) -> Result<Self, SynthesisError> {
        let mut limbs = Vec::with_capacity(4);
        let mut all_bits = Vec::with_capacity(4);
        for i in 0..4 {
            let v = FpVar::new_witness(cs.clone(), || {
                native
                    .and_then(|n| n.get(i).copied())
                    .ok_or(SynthesisError::AssignmentMissing)
            })?;
            let width = if i % 2 == 0 {
                CHALLENGE_BITS
            } else {
                254 - CHALLENGE_BITS
            };
            let (bits, _rest) = v.to_bits_le_with_top_bits_zero(width)?;
            limbs.push(v);
            all_bits.push(bits);
        }
        let limbs: [FpVar<Fr>; 4] = limbs
            .try_into()
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        let bits: [Vec<Boolean<Fr>>; 4] = all_bits
            .try_into()
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        Ok(Self { limbs, bits })
    }

    /// Enforces a unique encoding: each coordinate's high limb is below
    /// `⌊q / 2^128⌋`, so the coordinate is below `q` (127 constraints per
    /// coordinate: `⌊q / 2^128⌋ − 1 − hi` has 126 bits). Stricter than
    /// `< q` only for coordinates whose high limb equals `⌊q / 2^128⌋`, a
    /// `2^-126` fraction of the field: an honest prover meets one with
    /// negligible probability.
    ///
    /// # Errors
    /// The constraint system's errors.
    pub fn enforce_canonical(&self) -> Result<(), SynthesisError> {
        let q_hi = {
            let q = <Fq as PrimeField>::MODULUS.to_bits_le();
            Fr::from_bigint(<Fr as PrimeField>::BigInt::from_bits_le(
                &q[CHALLENGE_BITS..],
            ))
            .unwrap_or_default()
        };
        for k in [1, 3] {
            let d = FpVar::Constant(q_hi - Fr::from(1u64)) - &self.limbs[k];
            let (_bits, _rest) = d.to_bits_le_with_top_bits_zero(254 - CHALLENGE_BITS)?;
        }
        Ok(())
    }

    /// The identity's limbs (constants).
    pub fn identity() -> Self {
        Self {
            limbs: core::array::from_fn(|_| FpVar::Constant(Fr::zero())),
            bits: core::array::from_fn(|i| {
                vec![
                    Boolean::FALSE;
                    if i % 2 == 0 {
                        CHALLENGE_BITS
                    } else {
                        254 - CHALLENGE_BITS
                    }
                ]
            }),
        }
    }

    /// `cond ? a : b`, limb by limb (the bits are those of `b`: use the
    /// result for hashing only).
    ///
    /// # Errors
    /// The constraint system's errors.
    pub fn select_limbs(
        cond: &Boolean<Fr>,
        a: &Self,
        b: &Self,
    ) -> Result<[FpVar<Fr>; 4], SynthesisError> {
        let mut out = Vec::with_capacity(4);
        for k in 0..4 {
            out.push(cond.select(&a.limbs[k], &b.limbs[k])?);
        }
        out.try_into().map_err(|_| SynthesisError::Unsatisfiable)
    }
}

/// The in-circuit transcript, equal to [`Transcript`] for the same absorbed
/// values.
#[derive(Clone, Debug)]
pub struct TranscriptVar<'a> {
    params: &'a TranscriptPoseidon,
    domain: u64,
    elements: Vec<FpVar<Fr>>,
}

impl<'a> TranscriptVar<'a> {
    /// An empty transcript in application `domain`.
    pub fn new(params: &'a TranscriptPoseidon, domain: u64) -> Self {
        Self {
            params,
            domain,
            elements: Vec::new(),
        }
    }

    /// Absorbs Fr elements.
    pub fn absorb(&mut self, xs: &[FpVar<Fr>]) {
        self.elements.extend_from_slice(xs);
    }

    /// Absorbs a G1 point given by its limbs.
    pub fn absorb_g1(&mut self, p: &G1LimbsVar) {
        self.elements.extend_from_slice(&p.limbs);
    }

    /// Absorbs a Grumpkin point: `[x, y]`, the identity as `[0, 0]` (the
    /// gadget already stores the identity as `(0, 0)`).
    pub fn absorb_grumpkin(&mut self, p: &GrumpkinVar) {
        self.elements.extend(p.absorb_coordinates());
    }

    /// The full hash of the absorbed elements, equal to
    /// [`Transcript::hash`].
    ///
    /// # Errors
    /// The constraint system's errors.
    pub fn hash(&self) -> Result<FpVar<Fr>, SynthesisError> {
        PoseidonPermutationVar::new(self.params).hash_elements(self.domain, &self.elements)
    }

    /// The challenge as [`CHALLENGE_BITS`] little-endian bits: the hash is
    /// decomposed into its unique canonical bits (the in-field check keeps
    /// the decomposition unique) and the low ones are returned.
    ///
    /// # Errors
    /// The constraint system's errors.
    pub fn challenge_bits(&self) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
        let h =
            PoseidonPermutationVar::new(self.params).hash_elements(self.domain, &self.elements)?;
        let mut bits = h.to_bits_le()?;
        bits.truncate(CHALLENGE_BITS);
        Ok(bits)
    }
}
