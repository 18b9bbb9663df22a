//! The crate's typed errors.

use ark_relations::gr1cs::SynthesisError;

/// Every failure of the folding engine: ill-formed shapes or keys given from
/// outside, synthesis failures of a circuit, and verification failures.
///
/// Verification never panics: each rejected check maps to its own variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The constraint system uses a predicate other than R1CS (arkworks 0.6
    /// GR1CS can hold several), or the R1CS predicate is missing or has the
    /// wrong arity.
    NotR1cs,
    /// The constraint system outlines its instance, which changes the
    /// matrices' layout this crate relies on.
    InstanceOutlined,
    /// A matrix does not have one row per constraint.
    MatrixRowCount,
    /// A matrix entry refers to a column outside `(1, x, W)`.
    MatrixColumnOutOfRange,
    /// A matrix row lists the same column twice (the shape would not be
    /// canonical: two encodings of one relation).
    MatrixDuplicateColumn,
    /// A matrix entry has coefficient zero (not canonical).
    MatrixZeroCoefficient,
    /// The shape has no constraints.
    EmptyShape,
    /// The commitment key is shorter than the vector to commit.
    KeyTooShort,
    /// A commitment key point is the identity or not in the prime-order
    /// subgroup, or two generators coincide.
    InvalidKey,
    /// Bytes could not be decoded (truncated, trailing bytes, not canonical,
    /// point not on the curve).
    Deserialization,
    /// An encoding carries a version this build does not read.
    UnsupportedVersion,
    /// A public-input vector has the wrong length for the shape.
    InstanceLength,
    /// A witness or error vector has the wrong length for the shape.
    WitnessLength,
    /// A step circuit returned a state of another length than its arity.
    ArityMismatch,
    /// The relaxed R1CS relation `Az ∘ Bz = u·Cz + E` does not hold.
    Unsatisfied,
    /// A commitment does not open to the witness and blind it is paired
    /// with.
    CommitmentMismatch,
    /// A folding proof does not match the instances it claims to fold.
    FoldMismatch,
    /// An IVC proof of zero steps (the base case is not a proof).
    BaseCase,
    /// The last step's public input is not the hash of the claimed state
    /// and running instances.
    StateHashMismatch,
    /// An advice block that is not a range of witness positions.
    AdviceRange,
    /// An advice commitment `Ω̄` does not open to the advice block and
    /// blind it is paired with.
    AdviceCommitmentMismatch,
    /// An advice operation (advice digest, first-pass commitment,
    /// pre-drawn blinds) on parameters without any advice block.
    AdviceNotSupported,
    /// The prover was given fewer pre-drawn advice blinds than steps.
    AdviceBlindMissing,
    /// The challenges in `z_0` are not the ones derived from the advice
    /// digest.
    ChallengeMismatch,
    /// A non-uniform step kind index outside the set of kinds.
    KindOutOfRange,
    /// A decider's Groth16 proof does not verify for the instance.
    DeciderProofInvalid,
    /// A decider's KZG opening does not match the instance's commitments.
    OpeningInvalid,
    /// A key file could not be read or written.
    KeyFileIo,
    /// A well-formed key file holds the keys of another statement.
    KeyFileMismatch,
    /// The arkworks constraint system failed while synthesizing a circuit.
    Synthesis(SynthesisErrorKind),
}

/// The arkworks synthesis error, reduced to a `Copy` tag so [`Error`] stays
/// small and comparable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SynthesisErrorKind {
    /// A variable's value was needed but not assigned.
    AssignmentMissing,
    /// A division by zero.
    DivisionByZero,
    /// The circuit is unsatisfiable for its assignment.
    Unsatisfiable,
    /// A polynomial degree or arity limit was hit.
    ArityMismatch,
    /// Any other arkworks error.
    Other,
}

impl From<SynthesisError> for Error {
    fn from(e: SynthesisError) -> Self {
        Self::Synthesis(match e {
            SynthesisError::AssignmentMissing => SynthesisErrorKind::AssignmentMissing,
            SynthesisError::DivisionByZero => SynthesisErrorKind::DivisionByZero,
            SynthesisError::Unsatisfiable => SynthesisErrorKind::Unsatisfiable,
            SynthesisError::ArityMismatch => SynthesisErrorKind::ArityMismatch,
            _ => SynthesisErrorKind::Other,
        })
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotR1cs => f.write_str("constraint system is not pure R1CS"),
            Self::InstanceOutlined => f.write_str("instance outlining is not supported"),
            Self::MatrixRowCount => f.write_str("matrix row count differs from constraint count"),
            Self::MatrixColumnOutOfRange => f.write_str("matrix column out of range"),
            Self::MatrixDuplicateColumn => f.write_str("matrix row repeats a column"),
            Self::MatrixZeroCoefficient => f.write_str("matrix entry with zero coefficient"),
            Self::EmptyShape => f.write_str("shape has no constraints"),
            Self::KeyTooShort => f.write_str("commitment key too short"),
            Self::InvalidKey => f.write_str("invalid commitment key"),
            Self::Deserialization => f.write_str("malformed encoding"),
            Self::UnsupportedVersion => f.write_str("unsupported encoding version"),
            Self::InstanceLength => f.write_str("public input of wrong length"),
            Self::WitnessLength => f.write_str("witness of wrong length"),
            Self::ArityMismatch => f.write_str("step state of wrong arity"),
            Self::Unsatisfied => f.write_str("relaxed R1CS relation does not hold"),
            Self::CommitmentMismatch => f.write_str("commitment does not open to the witness"),
            Self::FoldMismatch => f.write_str("folding proof does not match the instances"),
            Self::BaseCase => f.write_str("IVC proof of zero steps"),
            Self::StateHashMismatch => f.write_str("public input is not the state hash"),
            Self::AdviceRange => f.write_str("advice block outside the witness"),
            Self::AdviceCommitmentMismatch => {
                f.write_str("advice commitment does not open to the advice block")
            }
            Self::AdviceNotSupported => f.write_str("committed advice not supported here"),
            Self::AdviceBlindMissing => f.write_str("no pre-drawn advice blind for this step"),
            Self::ChallengeMismatch => f.write_str("challenges not derived from the advice digest"),
            Self::KindOutOfRange => f.write_str("step kind out of range"),
            Self::DeciderProofInvalid => f.write_str("decider proof does not verify"),
            Self::OpeningInvalid => f.write_str("commitment opening does not verify"),
            Self::KeyFileIo => f.write_str("key file could not be read or written"),
            Self::KeyFileMismatch => f.write_str("key file holds the keys of another statement"),
            Self::Synthesis(k) => write!(f, "circuit synthesis failed: {k:?}"),
        }
    }
}

impl std::error::Error for Error {}
