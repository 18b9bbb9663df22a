//! Malicious-witness helpers for R1CS gadgets (arkworks GR1CS, R1CS predicate).
//!
//! [`perturb_witnesses`] takes a **satisfied** constraint system, changes one
//! witness variable at a time and checks that the system becomes unsatisfied.
//! Every witness is tried with three single-variable forgeries:
//!
//! * `AddOne`: `v + 1`;
//! * `Plausible`: the "other bit" `1 − v` when `v ∈ {0, 1}` (a flipped
//!   boolean), otherwise `−v` (a negated value, e.g. the other square root or
//!   the other sign of a coordinate);
//! * `Random`: `v + r` for a seeded pseudo-random field element `r`.
//!
//! A witness whose forgery leaves the system satisfied is reported as a
//! [`Finding`]: either an under-constrained wire (a soundness bug) or a
//! variable whose value cannot influence anything (to be explained).
//!
//! **How it is fast.** The system is finalised (symbolic linear combinations
//! inlined), its `A`, `B`, `C` matrices are read once, and each row's honest
//! values `⟨A,z⟩, ⟨B,z⟩, ⟨C,z⟩` are cached. Changing witness `j` by `δ` only
//! changes the rows that contain `j`, each by a known amount:
//! `(a + αδ)(b + βδ) − (c + γδ)`. So the exhaustive check of every witness
//! costs one pass over the non-zeros of the matrices, not one full
//! `is_satisfied` per variable, and runs on circuits of a million
//! constraints. The fast path is cross-checked against arkworks' own
//! `is_satisfied` by really writing the forged value into the assignment on
//! a seeded sample of variables ([`Options::cross_check`]).
//!
//! Scope: single-variable forgeries are a *necessary* condition for
//! soundness (a wire that can change alone is free), not a sufficient one;
//! the targeted tests in `tests/forged.rs` build coordinated multi-variable
//! forgeries for the hint witnesses.
#![allow(dead_code)]

use std::collections::BTreeMap;

use ark_ff::PrimeField;
use ark_relations::gr1cs::{ConstraintSystemRef, R1CS_PREDICATE_LABEL};

/// One single-variable forgery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Perturbation {
    /// `v + 1`.
    AddOne,
    /// `1 − v` for a bit, `−v` otherwise (skipped for `v = 0`, where it is `AddOne`).
    Plausible,
    /// `v + r`, `r` seeded pseudo-random.
    Random,
}

/// Why a perturbed witness left the system satisfied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FreeKind {
    /// The witness occurs in no constraint at all.
    Unused,
    /// Every row containing it has it only inside a factor whose other
    /// factor evaluates to zero, and not in `C` (e.g. the inverse hint of
    /// `is_eq` when the operands are equal): its value cannot reach any other
    /// wire through the constraints.
    ZeroMultiplied,
    /// Its only constraint is `v·v = c` with `c` free of `v` (a witnessed
    /// square root proving that `c` is a square): the negated root also
    /// satisfies it, and nothing else reads `v`.
    RootSign,
    /// Anything else: the perturbed rows happen to stay satisfied — an
    /// under-constrained wire.
    Other,
}

/// A witness whose perturbation left the system satisfied.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index in the witness assignment.
    pub witness: usize,
    /// Which forgery.
    pub perturbation: Perturbation,
    /// Classification.
    pub kind: FreeKind,
    /// Number of constraint rows the witness occurs in.
    pub rows: usize,
}

/// Which witnesses to try.
#[derive(Clone, Debug)]
pub enum Selection {
    /// Every witness variable.
    All,
    /// A fixed, seeded sample of `count` witnesses plus the listed indices
    /// (e.g. the hints a gadget allocates).
    Sample {
        /// Sample size.
        count: usize,
        /// Seed of the sample.
        seed: u64,
        /// Indices always included.
        always: Vec<usize>,
    },
}

/// Options of [`perturb_witnesses`].
#[derive(Clone, Debug)]
pub struct Options {
    /// Which witnesses.
    pub selection: Selection,
    /// How many of the tried (witness, forgery) pairs are re-checked with
    /// arkworks' full `is_satisfied` on a really modified assignment.
    pub cross_check: usize,
    /// Seed of the random forgery and of the cross-check sample.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            selection: Selection::All,
            cross_check: 4,
            seed: 0x5eed_0ff0_12ce,
        }
    }
}

/// What [`perturb_witnesses`] did.
#[derive(Clone, Debug)]
pub struct Report {
    /// Constraints (R1CS rows).
    pub constraints: usize,
    /// Witness variables in the system.
    pub witnesses: usize,
    /// Witness variables tried.
    pub checked: usize,
    /// (witness, forgery) pairs tried.
    pub forgeries: usize,
    /// Pairs re-checked with the full `is_satisfied`.
    pub cross_checked: usize,
    /// Forgeries that left the system satisfied.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Distinct witnesses with at least one finding.
    pub fn free_witnesses(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.findings.iter().map(|f| f.witness).collect();
        v.dedup();
        v
    }

    /// Count of distinct free witnesses per kind.
    pub fn by_kind(&self) -> BTreeMap<FreeKind, usize> {
        let mut m = BTreeMap::new();
        let mut last = None;
        for f in &self.findings {
            if last != Some(f.witness) {
                *m.entry(f.kind).or_insert(0) += 1;
                last = Some(f.witness);
            }
        }
        m
    }
}

/// splitmix64.
pub struct Rng(pub u64);
impl Rng {
    /// Next word.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A field element from 4 words (reduced).
    pub fn field<F: PrimeField>(&mut self) -> F {
        let mut bytes = Vec::with_capacity(32);
        for _ in 0..4 {
            bytes.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        F::from_le_bytes_mod_order(&bytes)
    }
}

/// The finalised system's R1CS view: matrices, full assignment `z`
/// (`[1, instance…, witness…]`) and cached row values.
pub struct R1csView<F: PrimeField> {
    /// Rows of `A`, `B`, `C`: `(coefficient, column)`.
    pub mats: [Vec<Vec<(F, usize)>>; 3],
    /// The full assignment.
    pub z: Vec<F>,
    /// Number of instance columns (including the constant one).
    pub num_instance: usize,
    /// Cached `⟨M_i, z⟩` per row for `A`, `B`, `C`.
    pub rows: [Vec<F>; 3],
    /// Per column: `(row, [α, β, γ])` of every row containing it.
    pub occ: Vec<Vec<(usize, [F; 3])>>,
}

impl<F: PrimeField> R1csView<F> {
    /// Finalises `cs` (inlining its linear combinations) and reads it.
    /// Panics if the system is not a satisfied, R1CS-only system in prove mode.
    pub fn new(cs: &ConstraintSystemRef<F>) -> Self {
        cs.finalize();
        assert!(
            cs.is_satisfied().expect("prove mode"),
            "perturbation needs a satisfied system: {:?}",
            cs.which_is_unsatisfied()
        );
        Self::read(cs)
    }

    /// Finalises `cs` and reads it, satisfied or not.
    pub fn read(cs: &ConstraintSystemRef<F>) -> Self {
        cs.finalize();
        // the cached symbolic-LC values would hide a changed witness from
        // `is_satisfied` (it reads the cache first): drop them
        cs.borrow_mut()
            .expect("a constraint system")
            .assignments
            .lc_assignment
            .clear();
        let inner = cs.borrow().expect("a constraint system");
        let mut all = inner.to_matrices().expect("matrices");
        assert_eq!(all.len(), 1, "only the R1CS predicate is supported");
        let mut m = all.remove(R1CS_PREDICATE_LABEL).expect("R1CS predicate");
        assert_eq!(m.len(), 3);
        let c = m.pop().unwrap_or_default();
        let b = m.pop().unwrap_or_default();
        let a = m.pop().unwrap_or_default();
        let mut z = inner.assignments.instance_assignment.clone();
        let num_instance = z.len();
        z.extend_from_slice(&inner.assignments.witness_assignment);
        drop(inner);
        let mats = [a, b, c];
        let eval = |row: &[(F, usize)]| row.iter().map(|(k, i)| *k * z[*i]).sum::<F>();
        let rows = [
            mats[0].iter().map(|r| eval(r)).collect(),
            mats[1].iter().map(|r| eval(r)).collect(),
            mats[2].iter().map(|r| eval(r)).collect(),
        ];
        let mut occ: Vec<Vec<(usize, [F; 3])>> = vec![Vec::new(); z.len()];
        for (mi, mat) in mats.iter().enumerate() {
            for (r, row) in mat.iter().enumerate() {
                for (k, col) in row {
                    let list = &mut occ[*col];
                    match list.last_mut() {
                        Some((lr, coefs)) if *lr == r => coefs[mi] += k,
                        _ => {
                            let mut coefs = [F::zero(); 3];
                            coefs[mi] = *k;
                            list.push((r, coefs));
                        }
                    }
                }
            }
        }
        // rows were pushed matrix by matrix: merge entries of one row
        for list in &mut occ {
            list.sort_by_key(|e| e.0);
            let mut merged: Vec<(usize, [F; 3])> = Vec::with_capacity(list.len());
            for (r, c) in list.drain(..) {
                match merged.last_mut() {
                    Some((lr, lc)) if *lr == r => {
                        for i in 0..3 {
                            lc[i] += c[i];
                        }
                    }
                    _ => merged.push((r, c)),
                }
            }
            *list = merged;
        }
        Self {
            mats,
            z,
            num_instance,
            rows,
            occ,
        }
    }

    /// Number of witness variables.
    pub fn num_witnesses(&self) -> usize {
        self.z.len() - self.num_instance
    }

    /// Value of witness `w`.
    pub fn witness(&self, w: usize) -> F {
        self.z[self.num_instance + w]
    }

    /// Rows that become violated when witness `w` changes by `delta`.
    pub fn violated_rows(&self, w: usize, delta: F) -> Vec<usize> {
        self.occ[self.num_instance + w]
            .iter()
            .filter(|(r, [al, be, ga])| {
                let a = self.rows[0][*r] + *al * delta;
                let b = self.rows[1][*r] + *be * delta;
                let c = self.rows[2][*r] + *ga * delta;
                a * b != c
            })
            .map(|e| e.0)
            .collect()
    }

    fn classify(&self, w: usize) -> FreeKind {
        let col = self.num_instance + w;
        // a surviving bit flip keeps the bit's own booleanity row: skip it
        let occ: Vec<&(usize, [F; 3])> = self.occ[col]
            .iter()
            .filter(|(r, _)| !self.is_booleanity_row_of(*r, col))
            .collect();
        if occ.is_empty() {
            return FreeKind::Unused;
        }
        let zero_mult = occ.iter().all(|(r, [al, be, ga])| {
            ga.is_zero()
                && (al.is_zero() || self.rows[1][*r].is_zero())
                && (be.is_zero() || self.rows[0][*r].is_zero())
                && (al.is_zero() || be.is_zero())
        });
        if zero_mult {
            return FreeKind::ZeroMultiplied;
        }
        // v·v = c(others) and nothing else: only the sign of v is free
        let root = occ.len() == 1 && {
            let r = occ[0].0;
            let [al, be, ga] = occ[0].1;
            self.mats[0][r].len() == 1 && self.mats[1][r].len() == 1 && al == be && ga.is_zero()
        };
        if root {
            FreeKind::RootSign
        } else {
            FreeKind::Other
        }
    }

    fn is_booleanity_row_of(&self, r: usize, col: usize) -> bool {
        self.is_booleanity_row(r)
            && (self.mats[0][r]
                .iter()
                .chain(&self.mats[1][r])
                .any(|(_, c)| *c == col))
    }

    /// True when row `r` is a booleanity constraint `(1 − v)·v = 0` (either order).
    pub fn is_booleanity_row(&self, r: usize) -> bool {
        let (a, b, c) = (&self.mats[0][r], &self.mats[1][r], &self.mats[2][r]);
        if !c.is_empty() {
            return false;
        }
        let single = |x: &[(F, usize)]| match x {
            [(k, v)] if k.is_one() && *v != 0 => Some(*v),
            _ => None,
        };
        let one_minus = |x: &[(F, usize)], v: usize| {
            x.len() == 2
                && x.iter().any(|(k, i)| *i == 0 && k.is_one())
                && x.iter().any(|(k, i)| *i == v && *k == -F::one())
        };
        matches!(single(a), Some(v) if one_minus(b, v))
            || matches!(single(b), Some(v) if one_minus(a, v))
    }

    /// Rows violated by the full assignment `z` (for multi-variable forgeries).
    pub fn violated_by(&self, z: &[F]) -> Vec<usize> {
        let eval = |row: &[(F, usize)]| row.iter().map(|(k, i)| *k * z[*i]).sum::<F>();
        (0..self.mats[0].len())
            .filter(|&r| eval(&self.mats[0][r]) * eval(&self.mats[1][r]) != eval(&self.mats[2][r]))
            .collect()
    }
}

/// The forgeries of [`Perturbation`] for value `v`, as `(kind, δ)`.
fn deltas<F: PrimeField>(v: F, rng: &mut Rng) -> Vec<(Perturbation, F)> {
    let mut out = vec![(Perturbation::AddOne, F::one())];
    if v.is_one() {
        out.push((Perturbation::Plausible, -F::one()));
    } else if !v.is_zero() {
        out.push((Perturbation::Plausible, -v.double()));
    }
    let mut r: F = rng.field();
    if r.is_zero() {
        r = F::from(2u8);
    }
    out.push((Perturbation::Random, r));
    out
}

/// Writes witness `w` := `value` in the live assignment (after
/// [`R1csView::new`], i.e. a finalised system).
pub fn set_witness<F: PrimeField>(cs: &ConstraintSystemRef<F>, w: usize, value: F) {
    let mut inner = cs.borrow_mut().expect("a constraint system");
    inner.assignments.witness_assignment[w] = value;
}

/// Perturbs witnesses of a satisfied system one at a time (see the module
/// documentation) and reports the forgeries that leave it satisfied. The
/// system is finalised; its assignment is restored after the cross-checks.
pub fn perturb_witnesses<F: PrimeField>(cs: &ConstraintSystemRef<F>, opts: &Options) -> Report {
    let view = R1csView::new(cs);
    let n = view.num_witnesses();
    let targets: Vec<usize> = match &opts.selection {
        Selection::All => (0..n).collect(),
        Selection::Sample {
            count,
            seed,
            always,
        } => {
            let mut rng = Rng(*seed);
            let count = if n == 0 { 0 } else { *count };
            let mut t: Vec<usize> = (0..count)
                .map(|_| (rng.next_u64() % n as u64) as usize)
                .collect();
            t.extend(always.iter().copied().filter(|&w| w < n));
            t.sort_unstable();
            t.dedup();
            t
        }
    };
    let mut rng = Rng(opts.seed);
    let mut findings = Vec::new();
    let mut forgeries = 0;
    let mut tried: Vec<(usize, F, bool)> = Vec::new();
    for &w in &targets {
        let v = view.witness(w);
        for (kind, delta) in deltas(v, &mut rng) {
            forgeries += 1;
            let broken = !view.violated_rows(w, delta).is_empty();
            if !broken {
                findings.push(Finding {
                    witness: w,
                    perturbation: kind,
                    kind: view.classify(w),
                    rows: view.occ[view.num_instance + w].len(),
                });
            }
            tried.push((w, delta, broken));
        }
    }
    // cross-check the fast path against arkworks on a seeded sample,
    // always including the findings' first entries and some broken ones
    let mut cross = 0;
    if !tried.is_empty() && opts.cross_check > 0 {
        let mut picks: Vec<usize> = (0..opts.cross_check)
            .map(|_| (rng.next_u64() % tried.len() as u64) as usize)
            .collect();
        if let Some(i) = tried.iter().position(|t| !t.2) {
            picks.push(i);
        }
        for i in picks {
            let (w, delta, broken) = tried[i];
            let v = view.witness(w);
            set_witness(cs, w, v + delta);
            let sat = cs.is_satisfied().expect("prove mode");
            set_witness(cs, w, v);
            assert_eq!(
                sat, !broken,
                "fast path disagrees with is_satisfied at witness {w}"
            );
            cross += 1;
        }
        assert!(
            cs.is_satisfied().expect("prove mode"),
            "assignment not restored"
        );
    }
    Report {
        constraints: view.mats[0].len(),
        witnesses: n,
        checked: targets.len(),
        forgeries,
        cross_checked: cross,
        findings,
    }
}

/// Runs [`perturb_witnesses`] on every witness and panics with the list of
/// findings unless there is none. Returns the report (for counts).
pub fn assert_no_free_witness<F: PrimeField>(name: &str, cs: &ConstraintSystemRef<F>) -> Report {
    let report = perturb_witnesses(cs, &Options::default());
    eprintln!(
        "perturb[{name}]: {} constraints, {} witnesses, {} checked ({} forgeries, {} cross-checked), {} free",
        report.constraints,
        report.witnesses,
        report.checked,
        report.forgeries,
        report.cross_checked,
        report.free_witnesses().len()
    );
    assert!(
        report.findings.is_empty(),
        "{name}: under-constrained witnesses: {:?} (kinds {:?})",
        &report.findings[..report.findings.len().min(20)],
        report.by_kind()
    );
    report
}

/// A coordinated multi-variable forgery with the range checks relaxed:
/// given the current assignment `z` (with the adversary's chosen values
/// already written), re-solves the witness columns `free` so that **every
/// constraint except the booleanity checks of the free columns** holds over
/// the constraint field — i.e. the best a prover can do if bit
/// decompositions were not enforced (limb equations satisfied modulo the
/// native field, quotients and carries allowed to wrap around). Rows must be
/// linear in the free columns. The free columns the solution leaves
/// undetermined keep their current values. Returns `None` when even the
/// relaxed system has no solution.
pub fn relaxed_forgery<F: PrimeField>(
    view: &R1csView<F>,
    z: &[F],
    free: &[usize],
) -> Option<Vec<F>> {
    let ncols = z.len();
    let mut pos = vec![usize::MAX; ncols];
    for (i, &c) in free.iter().enumerate() {
        pos[c] = i;
    }
    let is_free = |c: usize| pos[c] != usize::MAX;
    // rows touching a free column, minus the relaxed booleanity rows
    let mut rows: Vec<usize> = free
        .iter()
        .flat_map(|&c| view.occ[c].iter().map(|e| e.0))
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows.retain(|&r| !view.is_booleanity_row(r));
    // each row as Σ coefᵢ·xᵢ = rhs over the free columns
    let n = free.len();
    let mut eqs: Vec<(Vec<F>, F)> = Vec::with_capacity(rows.len());
    for r in rows {
        let split = |m: usize| {
            let mut fixed = F::zero();
            let mut coefs: Vec<(usize, F)> = Vec::new();
            for (k, c) in &view.mats[m][r] {
                if is_free(*c) {
                    coefs.push((pos[*c], *k));
                } else {
                    fixed += *k * z[*c];
                }
            }
            (fixed, coefs)
        };
        let (af, ac) = split(0);
        let (bf, bc) = split(1);
        let (cf, cc) = split(2);
        assert!(
            ac.is_empty() || bc.is_empty(),
            "row {r} is not linear in the free columns"
        );
        let mut row = vec![F::zero(); n];
        // (af + Σα x)(bf + Σβ x) − (cf + Σγ x) = 0
        for (i, a) in &ac {
            row[*i] += *a * bf;
        }
        for (i, b) in &bc {
            row[*i] += *b * af;
        }
        for (i, g) in &cc {
            row[*i] -= *g;
        }
        eqs.push((row, cf - af * bf));
    }
    // Gaussian elimination; non-pivot columns keep their current values
    let mut pivots: Vec<(usize, usize)> = Vec::new(); // (equation, column)
    let mut rank = 0;
    for col in 0..n {
        let Some(p) = (rank..eqs.len()).find(|&e| !eqs[e].0[col].is_zero()) else {
            continue;
        };
        eqs.swap(rank, p);
        let inv = eqs[rank].0[col].inverse().expect("non-zero pivot");
        for v in eqs[rank].0.iter_mut() {
            *v *= inv;
        }
        eqs[rank].1 *= inv;
        let (pr, prhs) = (eqs[rank].0.clone(), eqs[rank].1);
        for (e, eq) in eqs.iter_mut().enumerate() {
            if e != rank && !eq.0[col].is_zero() {
                let f = eq.0[col];
                for (v, p) in eq.0.iter_mut().zip(&pr) {
                    *v -= f * *p;
                }
                eq.1 -= f * prhs;
            }
        }
        pivots.push((rank, col));
        rank += 1;
    }
    if eqs[rank..].iter().any(|e| !e.1.is_zero()) {
        return None;
    }
    let mut out = z.to_vec();
    let pivot_cols: Vec<usize> = pivots.iter().map(|p| p.1).collect();
    for &(e, col) in &pivots {
        let mut v = eqs[e].1;
        for (j, c) in eqs[e].0.iter().enumerate() {
            if j != col && !c.is_zero() && !pivot_cols.contains(&j) {
                v -= *c * z[free[j]];
            }
        }
        out[free[col]] = v;
    }
    Some(out)
}

/// Writes a full assignment `z` back into `cs` (after [`R1csView::new`]).
pub fn write_assignment<F: PrimeField>(cs: &ConstraintSystemRef<F>, view: &R1csView<F>, z: &[F]) {
    let mut inner = cs.borrow_mut().expect("a constraint system");
    inner.assignments.witness_assignment = z[view.num_instance..].to_vec();
}

/// Like [`assert_no_free_witness`], for systems with **explained** free
/// witnesses: the distinct free witnesses per [`FreeKind`] must be exactly
/// `expected` (e.g. `&[(FreeKind::ZeroMultiplied, 2)]`), and
/// [`FreeKind::Other`] is never accepted. The caller states in a comment
/// why each is harmless.
pub fn assert_free_kinds<F: PrimeField>(
    name: &str,
    cs: &ConstraintSystemRef<F>,
    expected: &[(FreeKind, usize)],
) -> Report {
    let report = perturb_witnesses(cs, &Options::default());
    let kinds = report.by_kind();
    eprintln!(
        "perturb[{name}]: {} constraints, {} witnesses, {} checked ({} forgeries, {} cross-checked), free {:?}",
        report.constraints,
        report.witnesses,
        report.checked,
        report.forgeries,
        report.cross_checked,
        kinds
    );
    assert!(
        !kinds.contains_key(&FreeKind::Other),
        "{name}: under-constrained witnesses: {:?}",
        report
            .findings
            .iter()
            .filter(|f| f.kind == FreeKind::Other)
            .take(20)
            .collect::<Vec<_>>()
    );
    if std::env::var_os("PERTURB_DEBUG").is_some() {
        // the rows of every free witness, to investigate a finding
        let view = R1csView::read(cs);
        for w in report.free_witnesses() {
            eprintln!("{}", view.describe(w));
        }
    }
    let want: BTreeMap<FreeKind, usize> = expected.iter().copied().filter(|e| e.1 > 0).collect();
    assert_eq!(kinds, want, "{name}: free witnesses by kind");
    report
}

impl<F: PrimeField> R1csView<F> {
    /// The rows containing witness `w`, as text (for investigating findings).
    pub fn describe(&self, w: usize) -> String {
        let col = self.num_instance + w;
        let mut out = format!("witness {w} = {}\n", self.z[col]);
        for (r, _) in &self.occ[col] {
            let show = |m: usize| {
                self.mats[m][*r]
                    .iter()
                    .map(|(k, c)| {
                        let name = if *c == 0 {
                            "1".to_string()
                        } else if *c < self.num_instance {
                            format!("x{c}")
                        } else {
                            format!("w{}", c - self.num_instance)
                        };
                        format!("{k}*{name}")
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            out += &format!(
                "  row {r}: ({}) * ({}) = ({})   [a={}, b={}, c={}]\n",
                show(0),
                show(1),
                show(2),
                self.rows[0][*r],
                self.rows[1][*r],
                self.rows[2][*r]
            );
        }
        out
    }
}
