//! The sponge gadget, mirroring `umbra_poseidon::Sponge` step for step.

use alloc::vec::Vec;

use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;
use umbra_poseidon::modes::BYTES_PER_ELEMENT;
use umbra_poseidon::{CtField, Poseidon};

use super::PoseidonPermutationVar;

/// Mode selectors of the capacity tag `2^64 * mode + domain` (the native
/// sponge's private constants; the equality tests pin them).
const MODE_ELEMENTS: u64 = 1;
const MODE_BYTES: u64 = 2;

/// Which kind of input the sponge has taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Unset,
    Elements,
    Bytes,
}

/// The sponge gadget: rate `T - 1`, capacity 1, equal to
/// [`umbra_poseidon::Sponge`] for the same domain and the same sequence of
/// calls.
///
/// The capacity starts at the constant `2^64 * mode + domain` (mode 1 for
/// elements, 2 for bytes); absorbing adds into the rate cells and permutes
/// when they are all used; the first [`PoseidonSpongeVar::squeeze`] pads
/// (`10*` on elements; bytes are packed 31 to an element, little-endian,
/// with a `0x01` byte closing the last chunk) and permutes. Since the
/// permutation count depends only on the number of inputs, the gadget is
/// a fixed circuit for a fixed input length.
///
/// Mixing element and byte input, or absorbing after squeezing, is refused
/// as natively, with [`SynthesisError::Unsatisfiable`] (a circuit-shape
/// error, not a witness error).
#[derive(Clone, Debug)]
pub struct PoseidonSpongeVar<'a, F: CtField, const T: usize> {
    perm: PoseidonPermutationVar<'a, F, T>,
    state: [FpVar<F>; T],
    pos: usize,
    mode: Mode,
    squeezing: bool,
    /// Bytes of the incomplete chunk (byte mode).
    pending: Vec<UInt8<F>>,
}

impl<'a, F: CtField, const T: usize> PoseidonSpongeVar<'a, F, T> {
    /// A sponge for application domain `domain` (a public constant of the
    /// circuit).
    pub fn new(params: &'a Poseidon<F, T>, domain: u64) -> Self {
        let mut state: [FpVar<F>; T] = core::array::from_fn(|_| FpVar::Constant(F::from(0u64)));
        state[0] = FpVar::Constant(F::from(domain));
        Self {
            perm: PoseidonPermutationVar::new(params),
            state,
            pos: 0,
            mode: Mode::Unset,
            squeezing: false,
            pending: Vec::new(),
        }
    }

    fn set_mode(&mut self, mode: Mode) -> Result<(), SynthesisError> {
        if self.squeezing {
            return Err(SynthesisError::Unsatisfiable);
        }
        if self.mode == Mode::Unset {
            self.mode = mode;
            let tag = match mode {
                Mode::Bytes => MODE_BYTES,
                _ => MODE_ELEMENTS,
            };
            let two64 = F::from(u64::MAX) + F::from(1u64);
            self.state[0] = &self.state[0] + two64 * F::from(tag);
        } else if self.mode != mode {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(())
    }

    fn absorb_one(&mut self, x: &FpVar<F>) -> Result<(), SynthesisError> {
        if self.pos == T - 1 {
            self.perm.permute(&mut self.state)?;
            self.pos = 0;
        }
        self.state[1 + self.pos] = &self.state[1 + self.pos] + x;
        self.pos += 1;
        Ok(())
    }

    /// Absorbs field elements.
    ///
    /// # Errors
    /// [`SynthesisError::Unsatisfiable`] after squeezing or after byte input.
    pub fn absorb(&mut self, elements: &[FpVar<F>]) -> Result<(), SynthesisError> {
        self.set_mode(Mode::Elements)?;
        for x in elements {
            self.absorb_one(x)?;
        }
        Ok(())
    }

    /// Absorbs bytes, packed 31 to an element (little-endian). Packing is a
    /// linear combination of the bytes' bits: no constraints.
    ///
    /// # Errors
    /// [`SynthesisError::Unsatisfiable`] after squeezing or after element
    /// input.
    pub fn absorb_bytes(&mut self, bytes: &[UInt8<F>]) -> Result<(), SynthesisError> {
        self.set_mode(Mode::Bytes)?;
        for b in bytes {
            self.pending.push(b.clone());
            if self.pending.len() == BYTES_PER_ELEMENT {
                let x = pack_chunk(&self.pending)?;
                self.absorb_one(&x)?;
                self.pending.clear();
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SynthesisError> {
        if self.mode == Mode::Unset {
            self.set_mode(Mode::Elements)?;
        }
        if self.mode == Mode::Bytes {
            self.pending.push(UInt8::constant(1));
            let x = pack_chunk(&self.pending)?;
            self.absorb_one(&x)?;
            self.pending.clear();
        }
        self.absorb_one(&FpVar::Constant(F::from(1u64)))?;
        self.perm.permute(&mut self.state)?;
        self.pos = 0;
        self.squeezing = true;
        Ok(())
    }

    /// Squeezes one element (the first call pads and permutes).
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn squeeze(&mut self) -> Result<FpVar<F>, SynthesisError> {
        if !self.squeezing {
            self.finish()?;
        } else if self.pos == T - 1 {
            self.perm.permute(&mut self.state)?;
            self.pos = 0;
        }
        let out = self.state[1 + self.pos].clone();
        self.pos += 1;
        Ok(out)
    }
}

/// Up to 31 little-endian bytes as one element: a linear combination of at
/// most 248 bits, below every supported modulus, so no range check.
fn pack_chunk<F: CtField>(chunk: &[UInt8<F>]) -> Result<FpVar<F>, SynthesisError> {
    let mut bits = Vec::with_capacity(8 * chunk.len());
    for b in chunk {
        bits.extend(b.to_bits_le()?);
    }
    Boolean::le_bits_to_fp(&bits)
}
