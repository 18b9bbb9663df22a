//! Several calls of one precompile in one fold of its kind.
//!
//! A fold of a small kind is mostly the folding engine's augmented circuit (53k–57k rows
//! around a call of a few hundred or thousand rows), so a kind whose calls are small proves
//! up to [`BatchedCall::BATCH`] of them per fold: slot `j` proves call `j` with its gate on
//! or, past the last call, the kind's shape call with its gate off. The gate is a boolean
//! witness that multiplies every tuple referring to guest state (the call's `Syscall` and
//! `PreArgs`, page permissions, memory), so a slot's tuples count once or not at all; range
//! checks stay on, and an unused slot's rows hold on the shape call's values. Which slots
//! are on does not change the circuit.

use ark_relations::gr1cs::SynthesisError;

use super::gadgets::bit;
use crate::bus::Tuple;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V};
use crate::two_phase;

/// One call of a kind that batches.
pub trait BatchedCall: Clone + core::fmt::Debug + PartialEq + Eq {
    /// Calls per fold.
    const BATCH: usize;

    /// The shape call: an honest call whose rows hold (what unused slots prove, gated off).
    fn shape() -> Self;
}

/// The circuit of one call in a slot of a batch.
pub(crate) trait SlotCircuit: BatchedCall {
    /// The call's rows and tuples on the fold's bus `b`, its tuples on guest state under
    /// the boolean `gate`, its range checks always on.
    ///
    /// # Errors
    /// A synthesis error of the constraint system.
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError>;
}

/// Up to `T::BATCH` calls proved by one fold of their kind (see the [module
/// documentation](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch<T> {
    calls: Vec<T>,
}

impl<T: BatchedCall> Batch<T> {
    /// The batch of one call.
    pub fn one(call: T) -> Self {
        Self { calls: vec![call] }
    }

    /// The shape-only batch (setup): the shape call in slot 0. Its circuit has the rows and
    /// variables of every fold of the kind.
    pub fn shape() -> Self {
        Self::one(T::shape())
    }

    /// The calls of the batch, in slot order.
    pub fn calls(&self) -> &[T] {
        &self.calls
    }

    /// Whether the batch holds `T::BATCH` calls.
    pub fn is_full(&self) -> bool {
        self.calls.len() >= T::BATCH
    }

    /// Append the calls of `other` if they fit.
    ///
    /// # Errors
    /// `other`, unchanged, when the two batches hold more than `T::BATCH` calls together.
    pub fn merge(&mut self, other: Self) -> Result<(), Self> {
        if self.calls.len() + other.calls.len() > T::BATCH {
            return Err(other);
        }
        self.calls.extend(other.calls);
        Ok(())
    }
}

impl<T: SlotCircuit> two_phase::Circuit for Batch<T> {
    fn synthesize(&self, s: &mut Synth, z: &[V]) -> Result<(Vec<V>, Vec<Tuple>), SynthesisError> {
        s.comp = "step";
        let mut b = Bus::new(s, &z[4], &z[5], &z[6])?;
        let shape = T::shape();
        for j in 0..T::BATCH {
            let (call, on) = match self.calls.get(j) {
                Some(c) => (c, true),
                None => (&shape, false),
            };
            s.comp = "call";
            let gate = s.witness(bit(on))?;
            s.boolean(&gate)?;
            call.synthesize_call(s, &mut b, &gate)?;
        }
        let mut zout = z.to_vec();
        b.note_tuples();
        zout[6] = b.sum;
        Ok((zout, b.log))
    }
}
