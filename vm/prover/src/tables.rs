//! The fixed lookup tables' side of the bus, folded as a step kind of its own.
//!
//! Every range check, byte AND and shift-power lookup of the CPU step and the precompile
//! kinds takes an entry of one of three fixed tables (multiplicity −1 on the bus). Their
//! other side, `Σ_j m_j / (α − h_j)` over the table entries with the number of times each
//! was looked up, used to be summed by the verifier from multiplicities sent in the clear
//! (they reveal which 16-bit limbs and bytes the execution handled). The **tables kind**
//! ([`crate::params::KIND_TABLES`]) puts that side in the folding instead: one fold whose
//! circuit holds every entry as a constant and whose only free witnesses are the
//! multiplicities, committed as its phase-1 advice block before the bus challenges are
//! derived, like every other step's advice.
//!
//! | entries | index `j` | tuple |
//! |---|---|---|
//! | [`RANGE16`] | `x` ∈ [0, 2¹⁶) | `Range16 (x)` |
//! | [`AND`] | `2¹⁶ + 256·x + y` | `And (x, y, x & y)` for bytes `x, y` |
//! | [`POW`] | `2¹⁷ + s` | `Pow (s, 2^s, 2^(32−s))` for `s` ∈ [0, 32) |
//!
//! One row per entry: the entry's compressed tuple `h_j` is a constant combination of
//! `1, γ, γ², γ⁶`, so `α − h_j` is linear and the bus row `w_j·(α − h_j) = m_j` is the only
//! product; `w_j` joins the running sum. [`ENTRIES`] rows, plus the five γ-powers.
//!
//! *Soundness.* The argument of LogUp needs nothing of the multiplicities but that they are
//! fixed before `(γ, α)` (they are advice, committed and chained into `IC` like all advice)
//! and that the table side holds table entries only (the entries are constants of the
//! circuit). A prover may fold the kind any number of times, or with wrong counts: the table
//! side is then `Σ_j c_j/(α − h_j)` for other field elements `c_j`, still supported on
//! table entries, and a lookup of a value outside the tables is unmatched whatever they are.
//! The honest prover folds it once, after the last CPU step, with the counts its pass 1
//! gathered ([`crate::bus::Ledger::lookup_counts`]).

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_relations::gr1cs::SynthesisError;

use crate::bus::{Tag, Tuple, compress, pow, small};
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f};
use crate::two_phase;

/// Entries of the 16-bit range table.
pub const RANGE16: usize = 1 << 16;
/// Entries of the byte-AND table.
pub const AND: usize = 1 << 16;
/// Entries of the shift-power table.
pub const POW: usize = 32;
/// Entries of the three tables together: the rows (and advice variables) of a fold.
pub const ENTRIES: usize = RANGE16 + AND + POW;

/// The tuple of table entry `j` (`j < ENTRIES`), as the bus compresses it.
pub fn entry(j: usize) -> Option<(Tag, [Fr; 6])> {
    let zero = Fr::zero();
    if j < RANGE16 {
        Some((Tag::Range16, [f(j as u64), zero, zero, zero, zero, zero]))
    } else if j < RANGE16 + AND {
        let (x, y) = (((j - RANGE16) >> 8) as u64, ((j - RANGE16) & 0xff) as u64);
        Some((Tag::And, [f(x), f(y), f(x & y), zero, zero, zero]))
    } else if j < ENTRIES {
        let s = (j - RANGE16 - AND) as u64;
        Some((Tag::Pow, [f(s), pow(s), pow(32 - s), zero, zero, zero]))
    } else {
        None
    }
}

/// The index of the table entry a lookup `(tag, fields)` names, if it is one (the inverse
/// of [`entry`]; every other field must be what the entry's is).
pub fn index_of(tag: Tag, c: &[Fr; 6]) -> Option<usize> {
    let j = match tag {
        Tag::Range16 => usize::try_from(small(c[0])?)
            .ok()
            .filter(|&x| x < RANGE16)?,
        Tag::And => {
            let (x, y) = (small(c[0])?, small(c[1])?);
            if x >= 256 || y >= 256 {
                return None;
            }
            RANGE16 + (256 * x + y) as usize
        }
        Tag::Pow => RANGE16 + AND + usize::try_from(small(c[0])?).ok().filter(|&s| s < POW)?,
        _ => return None,
    };
    (entry(j)? == (tag, *c)).then_some(j)
}

/// `Σ_j counts[j] / (α − h_j)` over the table entries: what a fold with these
/// multiplicities adds to the running sum, computed natively (one batch inversion).
/// `None` when a denominator vanishes or `counts` is not [`ENTRIES`] long.
pub fn side(counts: &[u64], gamma: Fr, alpha: Fr) -> Option<Fr> {
    if counts.len() != ENTRIES {
        return None;
    }
    let used: Vec<(usize, u64)> = (0..ENTRIES)
        .zip(counts.iter().copied())
        .filter(|&(_, m)| m != 0)
        .collect();
    let mut dens = used
        .iter()
        .map(|&(j, _)| {
            let (tag, fields) = entry(j)?;
            Some(alpha - compress(tag, &fields, gamma))
        })
        .collect::<Option<Vec<Fr>>>()?;
    if dens.iter().any(Zero::is_zero) {
        return None;
    }
    ark_ff::batch_inversion(&mut dens);
    Some(used.iter().zip(&dens).map(|(&(_, m), d)| f(m) * d).sum())
}

/// One fold of the tables kind: the multiplicity of every entry (see the [module
/// documentation](self)).
#[derive(Clone, PartialEq, Eq)]
pub struct TablesStep {
    counts: Vec<u64>,
}

impl core::fmt::Debug for TablesStep {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let used = self.counts.iter().filter(|&&m| m != 0).count();
        f.debug_struct("TablesStep")
            .field("entries used", &used)
            .finish_non_exhaustive()
    }
}

/// Why multiplicities cannot make a [`TablesStep`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrongLength(pub usize);

impl TablesStep {
    /// The step with multiplicity `counts[j]` on entry `j`.
    ///
    /// # Errors
    /// [`WrongLength`] unless there are exactly [`ENTRIES`] counts.
    pub fn new(counts: Vec<u64>) -> Result<Self, WrongLength> {
        if counts.len() == ENTRIES {
            Ok(Self { counts })
        } else {
            Err(WrongLength(counts.len()))
        }
    }

    /// Every multiplicity zero: the shape setup synthesises (and a fold that adds nothing).
    pub fn shape() -> Self {
        Self {
            counts: vec![0; ENTRIES],
        }
    }

    /// The multiplicities, by entry index.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
}

impl two_phase::Circuit for TablesStep {
    fn synthesize(&self, s: &mut Synth, z: &[V]) -> Result<(Vec<V>, Vec<Tuple>), SynthesisError> {
        s.comp = "step";
        let mut b = Bus::new(s, &z[4], &z[5], &z[6])?;
        s.comp = "tables";
        for (j, &m) in self.counts.iter().enumerate() {
            let (tag, fields) = entry(j).ok_or(SynthesisError::Unsatisfiable)?;
            let m = s.witness(f(m))?;
            // Σ_{i≥1} γ^i·c_i with constant c_i: linear, no row.
            let extra = fields[1..]
                .iter()
                .zip(&b.g[1..])
                .filter(|(c, _)| !c.is_zero())
                .fold(V::zero(), |acc, (c, g)| acc.plus(&g.scale(*c)));
            b.emit(s, tag, &V::constant(fields[0]), &extra, fields, false, &m)?;
        }
        let mut zout = z.to_vec();
        b.note_tuples();
        zout[6] = b.sum;
        Ok((zout, b.log))
    }
}
