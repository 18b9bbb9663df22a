//! Scalars of the commitment group, foreign to the constraint field.

use alloc::vec::Vec;
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::emulated_fp::{AllocatedEmulatedFpVar, EmulatedFpVar};
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// A scalar-field value (field `S`, foreign to the constraint field `B`):
/// emulated for arithmetic, little-endian bits for scalar multiplication,
/// and its integer as a native element (what the transcript absorbs).
///
/// The bits are those of an integer *congruent* to the value, below
/// `2^⌈log₂ r⌉` (it may be `s + r`); the group gadgets accept that (see
/// [`super::VerkleGroupVar`]). [`ScalarVar::canonical_from_emulated`] adds
/// the check `< r` where the integer itself matters (transcript input).
#[derive(Clone, Debug)]
pub struct ScalarVar<S: PrimeField, B: PrimeField> {
    /// Emulated value.
    pub emu: EmulatedFpVar<S, B>,
    /// Little-endian bits of an integer congruent to the value.
    pub bits: Vec<Boolean<B>>,
    /// `Σ bits_i 2^i` in the constraint field.
    pub native: FpVar<B>,
}

/// A base-field element's integer read as a scalar (reduced mod `r`).
pub(crate) fn base_to_scalar<S: PrimeField, B: PrimeField>(x: &B) -> S {
    S::from_le_bytes_mod_order(&x.into_bigint().to_bytes_le())
}

/// `Σ bits_i 2^i` reduced mod `p` (a linear combination; unlike
/// `Boolean::le_bits_to_fp`, no in-field check for long bit strings).
pub(crate) fn pack_wrapping<B: PrimeField>(
    bits: &[Boolean<B>],
) -> Result<FpVar<B>, SynthesisError> {
    if bits.len() < B::MODULUS_BIT_SIZE as usize {
        return Boolean::le_bits_to_fp(bits);
    }
    let mut power = B::one();
    let mut acc = FpVar::zero();
    for b in bits {
        acc += FpVar::from(b.clone()) * power;
        power.double_in_place();
    }
    Ok(acc)
}

/// Whether every integer below `2^⌈log₂ r⌉` is below the constraint
/// field's modulus (then `Σ bits_i 2^i` never wraps).
fn bits_fit<S: PrimeField, B: PrimeField>() -> bool {
    S::MODULUS_BIT_SIZE < B::MODULUS_BIT_SIZE
}

impl<S: PrimeField, B: PrimeField> ScalarVar<S, B> {
    /// A witness scalar with its bits.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn new_witness(
        cs: ConstraintSystemRef<B>,
        value: impl FnOnce() -> Result<S, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let (v, bits) = AllocatedEmulatedFpVar::new_witness_with_le_bits(cs, value)?;
        let native = pack_wrapping(&bits)?;
        Ok(Self {
            emu: EmulatedFpVar::Var(v),
            bits,
            native,
        })
    }

    /// The scalar whose integer is `native` (a public input or a challenge),
    /// allocating its emulated form and canonical bits and tying them so that
    /// the integer of the bits equals `native` exactly.
    ///
    /// When the scalar field is smaller than the constraint field (`r < p`,
    /// Banderwagon) that is one equation and any `native < r` is accepted.
    /// Otherwise (Grumpkin) the integer must be below `2^max_bits`
    /// (`max_bits < log₂ p`): the bits above are enforced zero (one constraint
    /// each) and the low ones pack to `native`.
    ///
    /// # Errors
    /// `Unsatisfiable` if `max_bits` does not fit the constraint field; the
    /// constraint system's own errors.
    pub fn from_native(native: &FpVar<B>, max_bits: usize) -> Result<Self, SynthesisError> {
        if max_bits >= B::MODULUS_BIT_SIZE as usize {
            return Err(SynthesisError::Unsatisfiable);
        }
        let cs = native.cs();
        let value = native.value().map(|v| base_to_scalar::<S, B>(&v));
        let mut s = Self::new_witness(cs, || value)?;
        if bits_fit::<S, B>() {
            // both sides are integers below p
            s.native.enforce_equal(native)?;
        } else {
            // the bits above `max_bits` are zero, the others pack to `native`
            let (lo, hi) = s.bits.split_at(max_bits.min(s.bits.len()));
            for b in hi {
                b.enforce_equal(&Boolean::FALSE)?;
            }
            Boolean::le_bits_to_fp(lo)?.enforce_equal(native)?;
        }
        s.native = native.clone();
        Ok(s)
    }

    /// The integer of the bits as exact constraint-field limbs: one element
    /// when every bit pattern fits below `p`, else the low 128 bits and the
    /// rest.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn exact_limbs(&self) -> Result<Vec<FpVar<B>>, SynthesisError> {
        if bits_fit::<S, B>() {
            Ok(alloc::vec![self.native.clone()])
        } else {
            let (lo, hi) = self.bits.split_at(128.min(self.bits.len()));
            Ok(alloc::vec![
                Boolean::le_bits_to_fp(lo)?,
                Boolean::le_bits_to_fp(hi)?
            ])
        }
    }

    /// A witness scalar equal (mod `r`) to the emulated `v`.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn from_emulated(v: &EmulatedFpVar<S, B>) -> Result<Self, SynthesisError> {
        let cs = v.cs();
        let value = v.value();
        let s = Self::new_witness(cs, || value)?;
        s.emu.enforce_equal(v)?;
        Ok(s)
    }

    /// As [`Self::from_emulated`], and the integer is canonical (`< r`), as
    /// needed before the transcript absorbs it.
    ///
    /// # Errors
    /// Only the constraint system's own errors.
    pub fn canonical_from_emulated(v: &EmulatedFpVar<S, B>) -> Result<Self, SynthesisError> {
        let s = Self::from_emulated(v)?;
        let mut r_minus_one = S::MODULUS;
        r_minus_one.sub_with_borrow(&S::BigInt::from(1u64));
        Boolean::enforce_smaller_or_equal_than_le(&s.bits, r_minus_one)?;
        Ok(s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::ConstraintSystem;

    /// The bit strings are as long as the scalar modulus (so `Σ bits·2^i`
    /// is exact on Banderwagon, below `2^253 < p`), and `from_native`
    /// rejects an integer that is not the scalar's (a high bit set, for the
    /// Grumpkin limb path; any other integer on Banderwagon).
    fn bits_and_ties<S: PrimeField, B: PrimeField>() {
        let mut rng = ark_std::test_rng();
        let cs = ConstraintSystem::<B>::new_ref();
        let v = ScalarVar::<S, B>::new_witness(cs.clone(), || Ok(S::rand(&mut rng))).unwrap();
        assert_eq!(v.bits.len(), S::MODULUS_BIT_SIZE as usize);
        assert!(cs.is_satisfied().unwrap());
        for (value, ok) in [
            (B::from(1u64) + B::from(u64::MAX), true),
            (B::from(2u64).pow([130u64]), false),
        ] {
            let cs = ConstraintSystem::<B>::new_ref();
            let n = FpVar::new_input(cs.clone(), || Ok(value)).unwrap();
            let s = ScalarVar::<S, B>::from_native(&n, 128).unwrap();
            assert_eq!(s.emu.value().unwrap(), base_to_scalar::<S, B>(&value));
            assert_eq!(cs.is_satisfied().unwrap(), ok || bits_fit::<S, B>());
        }
    }

    #[test]
    fn scalar_bits_banderwagon_and_grumpkin() {
        bits_and_ties::<ark_ed_on_bls12_381_bandersnatch::Fr, ark_ed_on_bls12_381_bandersnatch::Fq>(
        );
        bits_and_ties::<umbra_verkle::GrumpkinScalar, umbra_verkle::GrumpkinBase>();
    }
}
