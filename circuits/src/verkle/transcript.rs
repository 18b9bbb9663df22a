//! The in-circuit [`umbra_verkle::PoseidonTranscript`] (permutation:
//! `crate::poseidon`).

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::convert::ToBitsGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;
use umbra_poseidon::{CtField, Poseidon};
use umbra_verkle::transcript::{
    CHALLENGE_BITS, LABEL_CHUNK, POSEIDON_TRANSCRIPT_RATE, POSEIDON_TRANSCRIPT_TAG,
    POSEIDON_TRANSCRIPT_WIDTH, label_element,
};

use crate::poseidon::PoseidonPermutationVar;

/// The in-circuit [`umbra_verkle::PoseidonTranscript`]: same duplex, same
/// absorption order, same challenge map (low 128 bits of the squeezed
/// element).
#[derive(Clone, Debug)]
pub struct PoseidonTranscriptVar<'a, F: CtField> {
    params: &'a Poseidon<F, POSEIDON_TRANSCRIPT_WIDTH>,
    state: [FpVar<F>; POSEIDON_TRANSCRIPT_WIDTH],
    pos: usize,
}

/// A challenge: its low 128 bits and their packed value.
#[derive(Clone, Debug)]
pub struct ChallengeVar<F: PrimeField> {
    /// Little-endian bits (128 of them).
    pub bits: Vec<Boolean<F>>,
    /// The challenge as an integer in the constraint field.
    pub value: FpVar<F>,
}

impl<'a, F: CtField> PoseidonTranscriptVar<'a, F> {
    /// Start a transcript with a protocol label.
    ///
    /// # Errors
    /// Only the constraint system's own errors (a long label permutes).
    pub fn new(
        params: &'a Poseidon<F, POSEIDON_TRANSCRIPT_WIDTH>,
        label: &[u8],
    ) -> Result<Self, SynthesisError> {
        let mut state: [FpVar<F>; POSEIDON_TRANSCRIPT_WIDTH] =
            core::array::from_fn(|_| FpVar::zero());
        state[0] = FpVar::constant(label_element(POSEIDON_TRANSCRIPT_TAG));
        let mut t = Self {
            params,
            state,
            pos: 0,
        };
        t.domain_sep(label)?;
        Ok(t)
    }

    /// Absorb a domain-separation label (constants).
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn domain_sep(&mut self, label: &[u8]) -> Result<(), SynthesisError> {
        if label.is_empty() {
            self.absorb(&FpVar::constant(label_element(label)))?;
        }
        for chunk in label.chunks(LABEL_CHUNK) {
            self.absorb(&FpVar::constant(label_element(chunk)))?;
        }
        Ok(())
    }

    /// Absorb one element.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn absorb(&mut self, x: &FpVar<F>) -> Result<(), SynthesisError> {
        if self.pos == POSEIDON_TRANSCRIPT_RATE {
            PoseidonPermutationVar::new(self.params).permute(&mut self.state)?;
            self.pos = 0;
        }
        self.state[1 + self.pos] += x;
        self.pos += 1;
        Ok(())
    }

    /// Absorb a point given by the coordinates of its canonical
    /// representative ([`super::VerkleGroupVar::coordinates`]).
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn absorb_coordinates(&mut self, xy: &[FpVar<F>; 2]) -> Result<(), SynthesisError> {
        self.absorb(&xy[0])?;
        self.absorb(&xy[1])
    }

    /// Squeeze a challenge.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn challenge(&mut self) -> Result<ChallengeVar<F>, SynthesisError> {
        self.state[0] += F::one();
        PoseidonPermutationVar::new(self.params).permute(&mut self.state)?;
        self.pos = 0;
        let bits = self.state[1].to_bits_le()?;
        let bits: Vec<Boolean<F>> = bits.into_iter().take(CHALLENGE_BITS).collect();
        let value = Boolean::le_bits_to_fp(&bits)?;
        Ok(ChallengeVar { bits, value })
    }
}
