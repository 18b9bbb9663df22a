//! Constraint-mutation testing: perturbing any one witness variable of a satisfied system
//! must leave it unsatisfied. Used by this crate's tests of every kind and gadget; public so
//! that a user's own step circuits can be held to the same standard.

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_relations::gr1cs::ConstraintSystemRef;

/// Why [`every_witness_pinned`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unpinned {
    /// The system was built without matrices (or in a mode without assignments).
    NoMatrices,
    /// Witness variable `i` (index among the witnesses) can be changed with every row
    /// still holding.
    Free(usize),
}

/// Whether every witness variable of `cs` is pinned: for each, adding 1 breaks some row it
/// appears in (O(non-zeros): each variable's rows are re-evaluated with the perturbed
/// value). Returns the number of witness variables checked.
///
/// # Errors
/// [`Unpinned::Free`] with the first witness no row pins, [`Unpinned::NoMatrices`] for a
/// system built without matrices.
pub fn every_witness_pinned(cs: &ConstraintSystemRef<Fr>) -> Result<usize, Unpinned> {
    // A system synthesised without matrices still reports (empty) rows: every witness
    // would look free, so it is refused as such.
    if !cs.should_construct_matrices() {
        return Err(Unpinned::NoMatrices);
    }
    cs.finalize();
    let matrices = cs.to_matrices().map_err(|_| Unpinned::NoMatrices)?;
    let Some([a, b, c]) = matrices.values().next().map(Vec::as_slice) else {
        return Err(Unpinned::NoMatrices);
    };
    let inner = cs.borrow().ok_or(Unpinned::NoMatrices)?;
    let inst = &inner.assignments.instance_assignment;
    let wit = &inner.assignments.witness_assignment;
    let n_inst = inst.len();
    let val = |i: usize| if i < n_inst { inst[i] } else { wit[i - n_inst] };
    let dot = |row: &[(Fr, usize)]| row.iter().map(|&(k, i)| k * val(i)).sum::<Fr>();
    let rows = a.len();
    let (av, bv, cv): (Vec<Fr>, Vec<Fr>, Vec<Fr>) = (
        a.iter().map(|r| dot(r)).collect(),
        b.iter().map(|r| dot(r)).collect(),
        c.iter().map(|r| dot(r)).collect(),
    );
    // Coefficient of each variable in each row, per matrix.
    let mut col: Vec<Vec<(usize, Fr, Fr, Fr)>> = vec![Vec::new(); n_inst + wit.len()];
    for r in 0..rows {
        for (mi, mat) in [a, b, c].iter().enumerate() {
            for &(k, i) in &mat[r] {
                let e = &mut col[i];
                let x = match e.last_mut() {
                    Some(x) if x.0 == r => x,
                    _ => {
                        e.push((r, Fr::zero(), Fr::zero(), Fr::zero()));
                        let last = e.len() - 1;
                        &mut e[last]
                    }
                };
                match mi {
                    0 => x.1 += k,
                    1 => x.2 += k,
                    _ => x.3 += k,
                }
            }
        }
    }
    for (v, entries) in col.iter().enumerate().skip(n_inst) {
        let broken = entries
            .iter()
            .any(|&(r, ka, kb, kc)| (av[r] + ka) * (bv[r] + kb) != cv[r] + kc);
        if !broken {
            return Err(Unpinned::Free(v - n_inst));
        }
    }
    Ok(wit.len())
}
