//! Relaxed R1CS shapes extracted from arkworks circuits, and witness
//! generation without matrices.
//!
//! A shape is the triple of sparse matrices `(A, B, C)` over the column
//! vector `z = (u, x, W)`: column 0 is the relaxation scalar `u` (the
//! constant one of a plain R1CS instance), columns `1..=num_io` the public
//! input `x` and the remaining `num_witness` columns the witness `W`. This
//! is arkworks' own column order, so the matrices are used as synthesized.
//!
//! A relaxed instance `(u, x, E)` with witness `W` satisfies the shape when
//! `Az ∘ Bz = u·Cz + E`.

use ark_ff::PrimeField;
use ark_relations::gr1cs::{
    ConstraintSystem, ConstraintSystemRef, Matrix, R1CS_PREDICATE_LABEL, SynthesisError,
    SynthesisMode,
};
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use sha3::{Digest, Sha3_256};

use crate::Error;

/// A circuit as this crate consumes it: a function that allocates its
/// public inputs and witnesses in the given constraint system and enforces
/// its constraints. It is called once in setup mode (matrices, no values)
/// and then once per witness (values, no matrices), so it must allocate the
/// same variables and constraints in both modes.
pub trait Circuit<F: PrimeField> {
    /// Synthesizes the circuit into `cs`.
    ///
    /// # Errors
    /// The constraint system's errors (a missing assignment in witness mode
    /// means the circuit lacks a value).
    fn synthesize(&self, cs: ConstraintSystemRef<F>) -> Result<(), SynthesisError>;
}

impl<F: PrimeField, T> Circuit<F> for T
where
    T: Fn(ConstraintSystemRef<F>) -> Result<(), SynthesisError>,
{
    fn synthesize(&self, cs: ConstraintSystemRef<F>) -> Result<(), SynthesisError> {
        self(cs)
    }
}

/// A validated R1CS shape (see the [module documentation](self)).
///
/// Every row of every matrix lists its columns strictly increasing, each
/// column `< 1 + num_io + num_witness`, with non-zero coefficients; each
/// matrix has exactly one row per constraint. [`R1csShape::new`] checks
/// this for matrices given from outside; [`R1csShape::from_circuit`]
/// canonicalises arkworks' output and then checks it the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct R1csShape<F: PrimeField> {
    num_io: usize,
    num_witness: usize,
    a: Matrix<F>,
    b: Matrix<F>,
    c: Matrix<F>,
}

impl<F: PrimeField> R1csShape<F> {
    /// A shape from its matrices, validated.
    ///
    /// # Errors
    /// [`Error::EmptyShape`] without constraints, [`Error::MatrixRowCount`]
    /// when the matrices differ in row count, and
    /// [`Error::MatrixColumnOutOfRange`], [`Error::MatrixDuplicateColumn`]
    /// (also for unsorted rows) or [`Error::MatrixZeroCoefficient`] for a
    /// bad entry.
    pub fn new(
        num_io: usize,
        num_witness: usize,
        a: Matrix<F>,
        b: Matrix<F>,
        c: Matrix<F>,
    ) -> Result<Self, Error> {
        let n = a.len();
        if n == 0 {
            return Err(Error::EmptyShape);
        }
        if b.len() != n || c.len() != n {
            return Err(Error::MatrixRowCount);
        }
        let cols = num_io
            .checked_add(num_witness)
            .and_then(|v| v.checked_add(1))
            .ok_or(Error::MatrixColumnOutOfRange)?;
        for m in [&a, &b, &c] {
            for row in m {
                let mut prev: Option<usize> = None;
                for &(coeff, col) in row {
                    if col >= cols {
                        return Err(Error::MatrixColumnOutOfRange);
                    }
                    if coeff.is_zero() {
                        return Err(Error::MatrixZeroCoefficient);
                    }
                    if prev.is_some_and(|p| p >= col) {
                        return Err(Error::MatrixDuplicateColumn);
                    }
                    prev = Some(col);
                }
            }
        }
        Ok(Self {
            num_io,
            num_witness,
            a,
            b,
            c,
        })
    }

    /// Synthesizes `circuit` once in setup mode and extracts its shape.
    ///
    /// The constraint system must hold the R1CS predicate and nothing else
    /// (arkworks 0.6 GR1CS systems may register other predicates) and must
    /// not outline its instance.
    ///
    /// # Errors
    /// [`Error::NotR1cs`], [`Error::InstanceOutlined`], the synthesis error
    /// of the circuit, or a validation error of [`R1csShape::new`].
    pub fn from_circuit<C: Circuit<F> + ?Sized>(circuit: &C) -> Result<Self, Error> {
        let cs = ConstraintSystem::<F>::new_ref();
        cs.set_mode(SynthesisMode::Setup);
        circuit.synthesize(cs.clone())?;
        Self::from_constraint_system(&cs)
    }

    /// Extracts the shape of a synthesized constraint system (finalizing it
    /// first). See [`R1csShape::from_circuit`].
    ///
    /// # Errors
    /// As [`R1csShape::from_circuit`].
    pub fn from_constraint_system(cs: &ConstraintSystemRef<F>) -> Result<Self, Error> {
        if cs.should_outline_instances() {
            return Err(Error::InstanceOutlined);
        }
        let arities = cs.get_all_predicate_arities();
        if arities.len() != 1 || arities.get(R1CS_PREDICATE_LABEL) != Some(&3) {
            return Err(Error::NotR1cs);
        }
        cs.finalize();
        let mut all = cs.to_matrices()?;
        let mut mats = all.remove(R1CS_PREDICATE_LABEL).ok_or(Error::NotR1cs)?;
        if mats.len() != 3 {
            return Err(Error::NotR1cs);
        }
        let c = canonical(mats.pop().ok_or(Error::NotR1cs)?);
        let b = canonical(mats.pop().ok_or(Error::NotR1cs)?);
        let a = canonical(mats.pop().ok_or(Error::NotR1cs)?);
        let num_io = cs.num_instance_variables().saturating_sub(1);
        let shape = Self::new(num_io, cs.num_witness_variables(), a, b, c)?;
        if shape.num_constraints() != cs.num_constraints() {
            return Err(Error::MatrixRowCount);
        }
        Ok(shape)
    }

    /// Number of constraints (rows).
    pub fn num_constraints(&self) -> usize {
        self.a.len()
    }

    /// Length of the public input `x` (without the constant column).
    pub fn num_io(&self) -> usize {
        self.num_io
    }

    /// Length of the witness `W`.
    pub fn num_witness(&self) -> usize {
        self.num_witness
    }

    /// The matrices `(A, B, C)`.
    pub fn matrices(&self) -> (&Matrix<F>, &Matrix<F>, &Matrix<F>) {
        (&self.a, &self.b, &self.c)
    }

    /// Number of non-zero entries over the three matrices.
    pub fn num_nonzero(&self) -> usize {
        [&self.a, &self.b, &self.c]
            .iter()
            .map(|m| m.iter().map(Vec::len).sum::<usize>())
            .sum()
    }

    /// `(Az, Bz, Cz)` for `z = (u, x, W)`.
    ///
    /// # Errors
    /// [`Error::InstanceLength`] or [`Error::WitnessLength`] when `x` or `w`
    /// does not fit the shape.
    #[allow(clippy::type_complexity)]
    pub fn multiply(&self, u: F, x: &[F], w: &[F]) -> Result<(Vec<F>, Vec<F>, Vec<F>), Error> {
        if x.len() != self.num_io {
            return Err(Error::InstanceLength);
        }
        if w.len() != self.num_witness {
            return Err(Error::WitnessLength);
        }
        let z_at = |col: usize| -> F {
            if col == 0 {
                u
            } else if col <= self.num_io {
                x[col - 1]
            } else {
                w[col - 1 - self.num_io]
            }
        };
        let mv = |m: &Matrix<F>| -> Vec<F> {
            #[cfg(feature = "parallel")]
            let rows = m.par_iter();
            #[cfg(not(feature = "parallel"))]
            let rows = m.iter();
            rows.map(|row| row.iter().map(|&(c, col)| c * z_at(col)).sum())
                .collect()
        };
        Ok((mv(&self.a), mv(&self.b), mv(&self.c)))
    }

    /// Checks `Az ∘ Bz = u·Cz + E` for `z = (u, x, W)`.
    ///
    /// # Errors
    /// [`Error::Unsatisfied`] when a row fails, length errors otherwise.
    pub fn check_relaxed(&self, u: F, x: &[F], w: &[F], e: &[F]) -> Result<(), Error> {
        if e.len() != self.num_constraints() {
            return Err(Error::WitnessLength);
        }
        let (az, bz, cz) = self.multiply(u, x, w)?;
        for i in 0..az.len() {
            if az[i] * bz[i] != u * cz[i] + e[i] {
                return Err(Error::Unsatisfied);
            }
        }
        Ok(())
    }

    /// Checks the plain relation `Az ∘ Bz = Cz` for `z = (1, x, W)`.
    ///
    /// # Errors
    /// As [`R1csShape::check_relaxed`].
    pub fn check(&self, x: &[F], w: &[F]) -> Result<(), Error> {
        self.check_relaxed(F::one(), x, w, &vec![F::zero(); self.num_constraints()])
    }

    /// The witness variables that are free at `(x, w)`: those whose
    /// perturbation by `+1` leaves every row of `Az ∘ Bz = Cz` satisfied
    /// (an under-constrained wire). Exact for single-variable
    /// perturbations: each row touching the column is re-evaluated with the
    /// changed `Az`, `Bz`, `Cz` entries. An audit tool for constraint
    /// mutation tests.
    ///
    /// # Errors
    /// Length errors as [`R1csShape::multiply`].
    pub fn free_witness_variables(&self, x: &[F], w: &[F]) -> Result<Vec<usize>, Error> {
        let (az, bz, cz) = self.multiply(F::one(), x, w)?;
        let off = 1 + self.num_io;
        // Per witness column: (row, dA, dB, dC).
        let mut delta: Vec<Vec<(usize, F, F, F)>> = vec![Vec::new(); self.num_witness];
        for (which, m) in [&self.a, &self.b, &self.c].into_iter().enumerate() {
            for (row, entries) in m.iter().enumerate() {
                for &(coeff, col) in entries {
                    let Some(d) = col.checked_sub(off).and_then(|k| delta.get_mut(k)) else {
                        continue;
                    };
                    let idx = match d.iter().position(|e| e.0 == row) {
                        Some(p) => p,
                        None => {
                            d.push((row, F::zero(), F::zero(), F::zero()));
                            d.len() - 1
                        }
                    };
                    match which {
                        0 => d[idx].1 += coeff,
                        1 => d[idx].2 += coeff,
                        _ => d[idx].3 += coeff,
                    }
                }
            }
        }
        Ok(delta
            .iter()
            .enumerate()
            .filter(|(_, rows)| {
                !rows
                    .iter()
                    .any(|&(i, da, db, dc)| (az[i] + da) * (bz[i] + db) != cz[i] + dc)
            })
            .map(|(k, _)| k)
            .collect())
    }

    /// SHA3-256 of the shape's canonical encoding (sizes, then every row of
    /// `A`, `B`, `C` as length and `(column, coefficient)` pairs, all
    /// little-endian). Binds the shape into public-parameter digests.
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Sha3_256::new();
        h.update(b"umbra-folding/r1cs-shape/v1");
        for v in [self.num_constraints(), self.num_io, self.num_witness] {
            h.update((v as u64).to_le_bytes());
        }
        for m in [&self.a, &self.b, &self.c] {
            for row in m {
                h.update((row.len() as u64).to_le_bytes());
                for &(coeff, col) in row {
                    h.update((col as u64).to_le_bytes());
                    for limb in coeff.into_bigint().as_ref() {
                        h.update(limb.to_le_bytes());
                    }
                }
            }
        }
        h.finalize().into()
    }
}

/// Sorts each row by column, merges repeated columns and drops zeros.
fn canonical<F: PrimeField>(m: Matrix<F>) -> Matrix<F> {
    m.into_iter()
        .map(|mut row| {
            row.sort_by_key(|&(_, col)| col);
            let mut out: Vec<(F, usize)> = Vec::with_capacity(row.len());
            for (coeff, col) in row {
                match out.last_mut() {
                    Some(last) if last.1 == col => last.0 += coeff,
                    _ => out.push((coeff, col)),
                }
            }
            out.retain(|(c, _)| !c.is_zero());
            out
        })
        .collect()
}

/// The assignment of one synthesis: public input `x` (without the constant
/// one) and witness `W`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment<F: PrimeField> {
    /// Public input `x`.
    pub x: Vec<F>,
    /// Witness `W`.
    pub w: Vec<F>,
}

/// Runs `circuit` in witness-only mode (no matrices, no linear-combination
/// assignments) and returns its assignment. Checks the lengths against
/// `shape`; satisfaction is the caller's business ([`R1csShape::check`]).
///
/// # Errors
/// The circuit's synthesis error, [`Error::NotR1cs`] if it registered
/// another predicate, or [`Error::InstanceLength`] /
/// [`Error::WitnessLength`] when it allocated another number of variables
/// than the shape has.
pub fn generate_witness<F: PrimeField, C: Circuit<F> + ?Sized>(
    shape: &R1csShape<F>,
    circuit: &C,
) -> Result<Assignment<F>, Error> {
    let cs = ConstraintSystem::<F>::new_ref();
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: false,
        generate_lc_assignments: false,
    });
    circuit.synthesize(cs.clone())?;
    if cs.num_predicates() != 1 {
        return Err(Error::NotR1cs);
    }
    let inst = cs.instance_assignment()?;
    let w = cs.witness_assignment()?;
    if inst.len() != shape.num_io + 1 {
        return Err(Error::InstanceLength);
    }
    if w.len() != shape.num_witness {
        return Err(Error::WitnessLength);
    }
    Ok(Assignment {
        x: inst[1..].to_vec(),
        w,
    })
}
