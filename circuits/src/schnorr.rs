//! Verification gadget for Schnorr with a Poseidon challenge
//! (`umbra_schnorr::poseidon_schnorr`, specified in `docs/schnorr-circuit.md`).
//!
//! [`enforce_verify`] makes the constraint system satisfiable exactly when
//! the native `PoseidonSchnorr::verify` accepts, on the same curve:
//!
//! | native check | in the circuit |
//! |---|---|
//! | `PK` on the curve, in the prime-order subgroup | allocation (3) + [`EdwardsVar::enforce_prime_order`] (`PK = [8]Q`, witness `Q`) |
//! | `PK ≠ O` | `PK.u ≠ 0` (within the subgroup only `O` has `u = 0`) |
//! | `R` on the curve, in the prime-order subgroup | allocation (3) + [`EdwardsVar::enforce_prime_order`] |
//! | `s < r` | bit decomposition of `s` compared with `r − 1` |
//! | `c = Sponge_D(R.x, R.y, PK.x, PK.y, m…)` | [`PoseidonPermutationVar::hash_elements`] (width 5) |
//! | `c` read as an integer `< p` | canonical bit decomposition (`to_bits_le`) |
//! | `[s]G = R + [c]PK` | [`EdwardsVar::fixed_base_mul_le`] + [`EdwardsVar::scalar_mul_le`] + one addition |
//!
//! Generic over the native [`Curve`] (whose base field is the constraint
//! field), with the two named instances [`Jubjub`](umbra_schnorr::poseidon_schnorr::Jubjub)
//! (BLS12-381 Fr) and [`BabyJubjub`](umbra_schnorr::poseidon_schnorr::BabyJubjub)
//! (BN254 Fr). Constraint counts are in `docs/circuits.md`.

use alloc::vec::Vec;
use core::borrow::Borrow;

use ark_ec::twisted_edwards::TECurveConfig;
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::convert::ToBitsGadget;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{Namespace, SynthesisError};
use umbra_poseidon::Poseidon;
use umbra_schnorr::poseidon_schnorr::{Curve, POSEIDON_WIDTH, Signature, VerifyingKey};

use crate::edwards::EdwardsVar;
use crate::poseidon::PoseidonPermutationVar;

/// A verifying key in the circuit: a point allocated with its on-curve
/// check; [`enforce_verify`] adds the subgroup and non-identity checks.
pub struct VerifyingKeyVar<C: Curve> {
    /// The point `PK`.
    pub point: EdwardsVar<C::Config>,
}

/// A signature `(R, s)` in the circuit: `R` a point (on-curve checked at
/// allocation), `s` a base-field element (checked `< r` by
/// [`enforce_verify`]).
pub struct SignatureVar<C: Curve> {
    /// The commitment `R`.
    pub r: EdwardsVar<C::Config>,
    /// The response `s` as a base-field element (`s < r < p`).
    pub s: FpVar<C::Base>,
}

impl<C: Curve> Clone for VerifyingKeyVar<C> {
    fn clone(&self) -> Self {
        Self {
            point: self.point.clone(),
        }
    }
}

impl<C: Curve> Clone for SignatureVar<C> {
    fn clone(&self) -> Self {
        Self {
            r: self.r.clone(),
            s: self.s.clone(),
        }
    }
}

impl<C: Curve> core::fmt::Debug for VerifyingKeyVar<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "VerifyingKeyVar<{}>", C::NAME)
    }
}

impl<C: Curve> core::fmt::Debug for SignatureVar<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SignatureVar<{}>", C::NAME)
    }
}

impl<C: Curve> AllocVar<VerifyingKey<C>, C::Base> for VerifyingKeyVar<C> {
    fn new_variable<T: Borrow<VerifyingKey<C>>>(
        cs: impl Into<Namespace<C::Base>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let point = EdwardsVar::new_variable(cs, || f().map(|pk| *pk.borrow().as_affine()), mode)?;
        Ok(Self { point })
    }
}

/// The response `s` (a scalar, `< r`) as a base-field element (`r < p`).
pub fn scalar_to_base<C: Curve>(s: &C::Scalar) -> C::Base {
    C::Base::from_le_bytes_mod_order(&s.into_bigint().to_bytes_le())
}

impl<C: Curve> AllocVar<Signature<C>, C::Base> for SignatureVar<C> {
    fn new_variable<T: Borrow<Signature<C>>>(
        cs: impl Into<Namespace<C::Base>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let ns = cs.into();
        let cs = ns.cs();
        let sig = f().map(|s| *s.borrow());
        let r = EdwardsVar::new_variable(cs.clone(), || sig.map(|s| *s.r()), mode)?;
        let s = FpVar::new_variable(cs, || sig.map(|s| scalar_to_base::<C>(s.s())), mode)?;
        Ok(Self { r, s })
    }
}

/// The challenge `c = Sponge_D(R.x, R.y, PK.x, PK.y, msg…)` in the circuit,
/// equal to `PoseidonSchnorr::challenge`.
///
/// # Errors
/// Only the constraint system's own errors.
pub fn challenge_var<C: Curve>(
    poseidon: &Poseidon<C::Base, POSEIDON_WIDTH>,
    r: &EdwardsVar<C::Config>,
    pk: &EdwardsVar<C::Config>,
    msg: &[FpVar<C::Base>],
) -> Result<FpVar<C::Base>, SynthesisError> {
    let mut input: Vec<FpVar<C::Base>> = Vec::with_capacity(4 + msg.len());
    input.extend([r.u.clone(), r.v.clone(), pk.u.clone(), pk.v.clone()]);
    input.extend_from_slice(msg);
    PoseidonPermutationVar::new(poseidon).hash_elements(C::DOMAIN, &input)
}

/// Little-endian bits of `s`, enforcing `s < r` (which also makes the
/// decomposition canonical, as `r < p`).
fn scalar_bits_below_order<C: Curve>(
    s: &FpVar<C::Base>,
) -> Result<Vec<Boolean<C::Base>>, SynthesisError> {
    let bits = s.to_non_unique_bits_le()?;
    let mut r_minus_one = C::Scalar::MODULUS;
    // r is odd: subtracting one only clears the low bit.
    r_minus_one.as_mut()[0] -= 1;
    Boolean::enforce_smaller_or_equal_than_le(&bits, r_minus_one)?;
    let r_bits = C::Scalar::MODULUS_BIT_SIZE as usize;
    Ok(bits[..r_bits.min(bits.len())].to_vec())
}

/// Enforces that `sig` is a valid signature of `msg` under `pk` (see the
/// [module documentation](self) for the checks). The system is
/// unsatisfiable otherwise.
///
/// # Errors
/// Only the constraint system's own errors (and
/// [`SynthesisError::Unsatisfiable`] for constant inputs that fail).
pub fn enforce_verify<C: Curve>(
    poseidon: &Poseidon<C::Base, POSEIDON_WIDTH>,
    pk: &VerifyingKeyVar<C>,
    msg: &[FpVar<C::Base>],
    sig: &SignatureVar<C>,
) -> Result<(), SynthesisError> {
    // Keys and commitments in the prime-order subgroup; PK not the identity.
    pk.point.enforce_prime_order()?;
    pk.point.u.enforce_not_equal(&FpVar::zero())?;
    sig.r.enforce_prime_order()?;
    // s < r.
    let s_bits = scalar_bits_below_order::<C>(&sig.s)?;
    // c, canonically decomposed (c and c + p are different residues mod r).
    let c = challenge_var::<C>(poseidon, &sig.r, &pk.point, msg)?;
    let c_bits = c.to_bits_le()?;
    // [s]G = R + [c]PK.
    let g = <C::Config as TECurveConfig>::GENERATOR;
    let lhs = EdwardsVar::<C::Config>::fixed_base_mul_le(&g, &s_bits)?;
    let rhs = pk.point.scalar_mul_le(&c_bits)?.add(&sig.r)?;
    lhs.enforce_equal(&rhs)
}
