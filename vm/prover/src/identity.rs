//! The program's identity: what a proof is about, computed by the verifier from the ELF.
//!
//! Interim form: SHA3-256 over the entry point and every segment (address, size, R/W bits,
//! bytes) — everything the ROM, the initial memory and the page table are derived from.
//! The Grumpkin Verkle commitment of issue #19 replaces it.
use ark_bn254::Fr;
use ark_ff::PrimeField;
use sha3::{Digest, Sha3_256};
use umbra_vm::Program;

/// A program's id: SHA3-256 of its entry point and segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProgramId([u8; 32]);

/// Why a program id could not be computed or decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityError {
    /// Not 32 bytes.
    Length,
}

impl ProgramId {
    /// The id of `p`.
    ///
    /// # Errors
    /// None in this form (kept for the Verkle form).
    pub fn of(p: &Program) -> Result<Self, IdentityError> {
        let mut h = Sha3_256::new();
        h.update(p.entry().to_le_bytes());
        for s in p.segments() {
            h.update(s.vaddr.to_le_bytes());
            h.update(s.mem_size.to_le_bytes());
            h.update([u8::from(s.read), u8::from(s.write)]);
            h.update((s.data.len() as u64).to_le_bytes());
            h.update(&s.data);
        }
        Ok(Self(h.finalize().into()))
    }
    /// The 32 id bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }
    /// An id from its bytes.
    ///
    /// # Errors
    /// [`IdentityError::Length`] unless `b` has 32 bytes.
    pub fn from_bytes(b: &[u8]) -> Result<Self, IdentityError> {
        Ok(Self(b.try_into().map_err(|_| IdentityError::Length)?))
    }
    /// The id as a field element for the challenge derivation.
    pub fn digest(&self) -> Fr {
        Fr::from_le_bytes_mod_order(&self.0)
    }
}

impl core::fmt::Display for ProgramId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
