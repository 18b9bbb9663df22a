//! The step-circuit interface, and the standalone R1CS of one step.

use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_circuits::poseidon::poseidon_hash_var;
use umbra_poseidon::Poseidon;

use crate::Fr;
use crate::shape::Circuit;

/// One kind of IVC step: a fixed-arity state transition `z_i → z_{i+1}`
/// over BN254 Fr, with any private step input held by the implementor.
///
/// Contract (the folding engine relies on it; tests should check it):
/// - [`StepCircuit::arity`] is constant, and
///   [`StepCircuit::generate_step_constraints`] returns exactly `arity()`
///   variables (otherwise the engine returns [`crate::Error::ArityMismatch`]).
/// - The constraints allocated must not depend on `i` or on any witness
///   value: the engine synthesizes the step once in setup mode (no values
///   assigned, `i = 0`) to extract the shape, then once per step in
///   witness-only mode. Read values only inside allocation closures
///   (`FpVar::new_witness(cs, || ...)`), which setup mode never calls.
/// - `z` are variables the engine allocated; the step must constrain its
///   output as a function of `z` and its private input only.
pub trait StepCircuit {
    /// Length of the state `z`.
    fn arity(&self) -> usize;

    /// Length of the step's advice block `ω`: the first `advice_len()`
    /// witness variables that [`StepCircuit::generate_step_constraints`]
    /// allocates, which must not depend on any challenge carried in the
    /// state (the two-phase layout). The engine commits them separately
    /// (`Ω̄`, see [`crate::nifs`]). Default 0: no advice block.
    fn advice_len(&self) -> usize {
        0
    }

    /// Enforces one step `z_{i+1} = F(z_i, private input of step i)` and
    /// returns `z_{i+1}`.
    ///
    /// # Errors
    /// The constraint system's errors (in witness mode
    /// [`SynthesisError::AssignmentMissing`] when the implementor has no
    /// private input for step `i`).
    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError>;
}

/// The standalone R1CS of one step: public input `(z_i, z_{i+1})`
/// (`2·arity` elements), the step's constraints, and `z_{i+1}` bound to the
/// step's output. A circuit for [`crate::R1csShape::from_circuit`] and
/// [`crate::generate_witness`].
#[derive(Debug)]
pub struct StepR1cs<'a, S: StepCircuit + ?Sized> {
    /// The step kind.
    pub step: &'a S,
    /// Step index.
    pub i: usize,
    /// The input state (`None` in setup mode).
    pub z: Option<&'a [Fr]>,
}

impl<S: StepCircuit + ?Sized> StepR1cs<'_, S> {
    /// The witness positions of the step's advice block in this circuit:
    /// `0..advice_len()` (the state is public input, so the step's own
    /// witnesses come first).
    pub fn advice(&self) -> core::ops::Range<usize> {
        0..self.step.advice_len()
    }
}

impl<S: StepCircuit + ?Sized> Circuit<Fr> for StepR1cs<'_, S> {
    fn synthesize(&self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let arity = self.step.arity();
        if self.z.is_some_and(|z| z.len() != arity) {
            return Err(SynthesisError::ArityMismatch);
        }
        let z_in = (0..arity)
            .map(|k| {
                FpVar::new_input(cs.clone(), || {
                    self.z
                        .and_then(|z| z.get(k).copied())
                        .ok_or(SynthesisError::AssignmentMissing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let z_out = self
            .step
            .generate_step_constraints(cs.clone(), self.i, &z_in)?;
        if z_out.len() != arity {
            return Err(SynthesisError::ArityMismatch);
        }
        for v in &z_out {
            let out = FpVar::new_input(cs.clone(), || v.value())?;
            out.enforce_equal(v)?;
        }
        Ok(())
    }
}

/// A Poseidon hash chain: arity 1, `z_{i+1} = Poseidon([z_i, w_i])`
/// (circomlib `Poseidon(2)` over BN254 Fr) with private inputs `w_i`.
/// Costs 240 constraints per step.
#[derive(Clone, Debug)]
pub struct PoseidonChainStep {
    params: Poseidon<Fr, 3>,
    inputs: Vec<Fr>,
}

impl PoseidonChainStep {
    /// A chain over the private inputs `inputs` (one per step).
    ///
    /// # Errors
    /// [`crate::Error::InvalidKey`] if the Poseidon parameters cannot be
    /// generated (never for BN254 Fr).
    pub fn new(inputs: Vec<Fr>) -> Result<Self, crate::Error> {
        let params = Poseidon::<Fr, 3>::new().map_err(|_| crate::Error::InvalidKey)?;
        Ok(Self { params, inputs })
    }

    /// The private inputs.
    pub fn inputs(&self) -> &[Fr] {
        &self.inputs
    }

    /// The native step: `Poseidon([z, w_i])`.
    ///
    /// # Errors
    /// [`crate::Error::WitnessLength`] without an input for step `i`.
    pub fn native_step(&self, i: usize, z: Fr) -> Result<Fr, crate::Error> {
        let w = self.inputs.get(i).ok_or(crate::Error::WitnessLength)?;
        self.params
            .hash(&[z, *w])
            .map_err(|_| crate::Error::ArityMismatch)
    }
}

impl StepCircuit for PoseidonChainStep {
    fn arity(&self) -> usize {
        1
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let [z0] = z else {
            return Err(SynthesisError::ArityMismatch);
        };
        let w = FpVar::new_witness(cs, || {
            self.inputs
                .get(i)
                .copied()
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        Ok(vec![poseidon_hash_var(&self.params, &[z0.clone(), w])?])
    }
}
