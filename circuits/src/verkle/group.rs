//! The in-circuit commitment group: what the IPA and multiproof verifiers
//! need from a curve whose base field is the constraint field.

use alloc::vec::Vec;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_poseidon::CtField;
use umbra_verkle::{PoseidonAbsorb, VerkleGroup};

use super::scalar::ScalarVar;

/// The native point type of a group gadget.
pub type PointOf<G> = <<G as VerkleGroupVar>::Native as VerkleGroup>::Point;
/// The native scalar field of a group gadget (foreign to the constraint field).
pub type ScalarOf<G> = <<G as VerkleGroupVar>::Native as VerkleGroup>::Scalar;
/// One term `(B_j, bits of k_j)` of a fixed-base multi-scalar multiplication.
pub type FixedBaseTerm<'a, G> = (PointOf<G>, &'a [Boolean<<G as VerkleGroupVar>::Base>]);
/// A scalar variable of a group gadget.
pub type GroupScalarVar<G> = ScalarVar<ScalarOf<G>, <G as VerkleGroupVar>::Base>;

/// A Verkle commitment group inside circuits over its base field.
///
/// An implementation must make the gadget accept exactly what the native
/// `umbra_verkle` decoder and verifier accept:
///
/// * [`Self::alloc_proof_point`] enforces every check the native `decode`
///   implies (on the curve, in the group, the canonical representative);
/// * [`Self::coordinates`] of a point allocated by it (or by
///   [`Self::alloc_public_point`], or returned by [`Self::canonicalize`]) are
///   what [`PoseidonAbsorb::absorb_coordinates`] gives natively;
/// * [`Self::scalar_mul_le`] and [`Self::fixed_base_msm`] take the bits of
///   any integer congruent to the scalar modulo `r` (below
///   `2^⌈log₂ r⌉`, see [`ScalarVar`]) and give the same group element for
///   `s` and `s + r`;
/// * no operation meets an exceptional case of its formulas on the points
///   the verifiers feed it (group elements, after the checks above).
pub trait VerkleGroupVar: Sized + 'static {
    /// The native group (with the Poseidon transcript's point absorption).
    type Native: PoseidonAbsorb<Base = Self::Base>;
    /// The constraint field: the curve's base field.
    type Base: CtField;
    /// A group element in the circuit.
    type Point: Clone + core::fmt::Debug;

    /// Allocate a proof point as a witness with the checks of the native
    /// decoder.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn alloc_proof_point(
        cs: ConstraintSystemRef<Self::Base>,
        p: impl FnOnce() -> Result<PointOf<Self>, SynthesisError>,
    ) -> Result<Self::Point, SynthesisError>;

    /// Allocate a public commitment: its [`Self::public_coordinates`] become
    /// public inputs (in that order). No check: the verifier supplies it.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn alloc_public_point(
        cs: ConstraintSystemRef<Self::Base>,
        p: impl FnOnce() -> Result<PointOf<Self>, SynthesisError>,
    ) -> Result<Self::Point, SynthesisError>;

    /// The public-input encoding of a commitment (what a SNARK verifier
    /// passes for [`Self::alloc_public_point`]).
    fn public_coordinates(p: &PointOf<Self>) -> Vec<Self::Base>;

    /// A constant point.
    fn constant(p: &PointOf<Self>) -> Self::Point;

    /// `a + b`.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn add(a: &Self::Point, b: &Self::Point) -> Result<Self::Point, SynthesisError>;

    /// `a - b`.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn sub(a: &Self::Point, b: &Self::Point) -> Result<Self::Point, SynthesisError>;

    /// `[k]p` for `k = Σ bits_i 2^i`.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn scalar_mul_le(
        p: &Self::Point,
        bits: &[Boolean<Self::Base>],
    ) -> Result<Self::Point, SynthesisError>;

    /// `Σ [k_j] B_j` for constant bases `B_j` (the CRS generators, `Q`).
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn fixed_base_msm(terms: &[FixedBaseTerm<'_, Self>]) -> Result<Self::Point, SynthesisError>;

    /// The coordinates the transcript absorbs, for a point already in
    /// canonical form (allocated, or returned by [`Self::canonicalize`]).
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn coordinates(p: &Self::Point) -> Result<[FpVar<Self::Base>; 2], SynthesisError>;

    /// Allocate a public scalar (an evaluation point or value): its
    /// [`Self::public_scalar_inputs`] become public inputs, and the scalar's
    /// bits are canonical (`< r`).
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn scalar_input(
        cs: ConstraintSystemRef<Self::Base>,
        s: impl FnOnce() -> Result<ScalarOf<Self>, SynthesisError>,
    ) -> Result<GroupScalarVar<Self>, SynthesisError>;

    /// The public-input encoding of a scalar (for [`Self::scalar_input`]).
    fn public_scalar_inputs(s: &ScalarOf<Self>) -> Vec<Self::Base>;

    /// The elements the transcript absorbs for a scalar whose bits are
    /// canonical (as [`PoseidonAbsorb::absorb_scalar`]).
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn absorb_scalar(s: &GroupScalarVar<Self>) -> Result<Vec<FpVar<Self::Base>>, SynthesisError>;

    /// The canonical form of a computed point (same group element).
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn canonicalize(p: &Self::Point) -> Result<Self::Point, SynthesisError>;

    /// Enforce that `p` is the group identity.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn enforce_identity(p: &Self::Point) -> Result<(), SynthesisError>;

    /// The native [`VerkleGroup::map_to_scalar`] of `p` (the value a child
    /// commitment contributes to its parent), with its bits.
    ///
    /// # Errors
    /// The constraint system's own errors.
    fn map_to_scalar(p: &Self::Point) -> Result<GroupScalarVar<Self>, SynthesisError>;
}
