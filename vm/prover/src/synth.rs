//! A small value-carrying constraint builder.
//!
//! Every quantity is a [`V`]: a linear combination over the constraint system's variables
//! together with its native value. Linear operations cost nothing; `mul` allocates one
//! witness and one R1CS row. The same code runs in two modes: with a constraint system (the
//! step circuit) and without one (the native witness generator, which evaluates every row it
//! would have enforced and counts the violated ones). One code path for both means the
//! native generator cannot drift from the circuit.

use ark_bn254::Fr;
use ark_ff::{Field, One, PrimeField, Zero};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

/// The low 64 bits of a field element's canonical integer.
pub(crate) fn low_bits(x: Fr) -> u64 {
    x.into_bigint().as_ref()[0]
}

/// A linear combination with its value. The constant term is kept apart so that
/// constants and native evaluation never allocate.
#[derive(Clone, Debug)]
pub(crate) struct V {
    lc: Vec<(Fr, Variable)>,
    konst: Fr,
    pub(crate) val: Fr,
}

impl V {
    /// A value with no variables (native mode, or a constant).
    pub(crate) fn native(val: Fr) -> Self {
        Self {
            lc: Vec::new(),
            konst: Fr::zero(),
            val,
        }
    }

    pub(crate) fn constant(c: Fr) -> Self {
        Self {
            lc: Vec::new(),
            konst: c,
            val: c,
        }
    }

    pub(crate) fn zero() -> Self {
        Self::constant(Fr::zero())
    }

    pub(crate) fn from_var(var: Variable, val: Fr) -> Self {
        Self {
            lc: vec![(Fr::one(), var)],
            konst: Fr::zero(),
            val,
        }
    }

    pub(crate) fn add(&self, o: &V) -> V {
        let mut lc = Vec::with_capacity(self.lc.len() + o.lc.len());
        lc.extend_from_slice(&self.lc);
        lc.extend_from_slice(&o.lc);
        V {
            lc,
            konst: self.konst + o.konst,
            val: self.val + o.val,
        }
    }

    /// `self + o`, reusing `self`'s terms (what an accumulator in a loop wants: `add`
    /// copies the accumulated terms every time, quadratic in the sum's length).
    pub(crate) fn plus(mut self, o: &V) -> V {
        self.lc.extend_from_slice(&o.lc);
        self.konst += o.konst;
        self.val += o.val;
        self
    }

    pub(crate) fn sub(&self, o: &V) -> V {
        self.add(&o.scale(-Fr::one()))
    }

    pub(crate) fn scale(&self, c: Fr) -> V {
        V {
            lc: self.lc.iter().map(|&(k, v)| (k * c, v)).collect(),
            konst: self.konst * c,
            val: self.val * c,
        }
    }

    pub(crate) fn add_const(&self, c: Fr) -> V {
        V {
            lc: self.lc.clone(),
            konst: self.konst + c,
            val: self.val + c,
        }
    }

    /// Σ coeff_i · v_i.
    pub(crate) fn sum(terms: &[(Fr, &V)]) -> V {
        let mut acc = V::zero();
        for (c, v) in terms {
            acc = acc.plus(&v.scale(*c));
        }
        acc
    }

    /// The same value with each variable once (coefficients of repeated variables summed,
    /// zero terms dropped). Long chains of linear layers (a hash's rounds) would otherwise
    /// grow their term lists without bound; compacting keeps each at most one term per
    /// distinct variable. Which terms cancel depends only on the coefficients (constants of
    /// the circuit), never on the witness, so the shape stays uniform.
    pub(crate) fn compact(&self) -> V {
        if self.lc.len() <= 1 {
            return self.clone();
        }
        let mut lc = LinearCombination(self.lc.clone());
        lc.compactify();
        V {
            lc: lc.0.into_iter().filter(|(c, _)| !c.is_zero()).collect(),
            konst: self.konst,
            val: self.val,
        }
    }

    /// The arkworks linear combination (constant term on `Variable::One`).
    pub(crate) fn to_lc(&self) -> LinearCombination<Fr> {
        let mut terms = self.lc.clone();
        if !self.konst.is_zero() {
            terms.push((self.konst, Variable::One));
        }
        let mut lc = LinearCombination(terms);
        lc.compactify();
        lc
    }
}

/// Field element from an unsigned integer.
pub(crate) fn f(x: u64) -> Fr {
    Fr::from(x)
}

/// 2^e.
pub(crate) fn pow2(e: u32) -> Fr {
    match powers().get(e as usize) {
        Some(&(p, _)) => p,
        None => Fr::from(2u64).pow([u64::from(e)]),
    }
}

/// 2^-e (2 is invertible in Fr).
pub(crate) fn inv_pow2(e: u32) -> Fr {
    match powers().get(e as usize) {
        Some(&(_, q)) => q,
        None => pow2(e).inverse().unwrap_or_default(),
    }
}

/// (2^e, 2^-e) for e in 0..=64, computed once: the circuit code uses them for every limb.
fn powers() -> &'static [(Fr, Fr)] {
    static TABLE: std::sync::OnceLock<Vec<(Fr, Fr)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let two = Fr::from(2u64);
        let half = two.inverse().unwrap_or_default();
        let mut out = Vec::with_capacity(65);
        let (mut p, mut q) = (Fr::one(), Fr::one());
        for _ in 0..=64 {
            out.push((p, q));
            p *= two;
            q *= half;
        }
        out
    })
}

/// Constraint and witness counts by component, for the per-component report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// `(component, R1CS rows)` in the order components were first seen.
    pub rows: Vec<(&'static str, usize)>,
}

impl Counts {
    fn bump(&mut self, comp: &'static str) {
        match self.rows.iter_mut().find(|(c, _)| *c == comp) {
            Some((_, n)) => *n += 1,
            None => self.rows.push((comp, 1)),
        }
    }

    /// Total rows.
    pub fn total(&self) -> usize {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

/// Whether `cs` is a witness-only system: proving mode without matrices and without
/// linear-combination assignments, where rows are dropped unevaluated.
pub(crate) fn witness_only(cs: &ConstraintSystemRef<Fr>) -> bool {
    let lc_assignments = cs
        .borrow()
        .is_some_and(|inner| inner.should_generate_lc_assignments());
    !cs.is_in_setup_mode() && !cs.should_construct_matrices() && !lc_assignments
}

/// Witnesses come in two phases. *Advice* (phase 1) does not depend on the bus challenges
/// and is what the folding layer commits before deriving them; *bus* witnesses (phase 2:
/// γ-powers, γ-products, inverses) are computed afterwards. In a constraint system every
/// advice variable of a step is allocated first, as one contiguous block, then the bus
/// variables: the circuit code runs once natively to collect the advice values, the block
/// is allocated, and the second run takes its advice variables from the block in order (the
/// slot circuit is uniform, so both runs make the same allocation calls).
pub(crate) struct Synth {
    cs: Option<ConstraintSystemRef<Fr>>,
    /// Constraint mode: the pre-allocated advice block, consumed in order.
    advice: Option<std::vec::IntoIter<(Variable, Fr)>>,
    /// Constraint mode: the block was reserved with placeholder values; each advice witness
    /// writes its value into the assignment when the run reaches it.
    patch: bool,
    /// Constraint mode on a witness-only system (no matrices, no linear-combination
    /// assignments: what the folding engine's witness generation uses): variables are
    /// allocated and assigned as usual, but values carry no linear combinations, since
    /// nothing would read them (arkworks drops every row unevaluated in that mode).
    values_only: bool,
    /// Native mode: advice values in allocation order.
    pub(crate) recorded: Vec<Fr>,
    /// Native mode: skip the inverses (a pass that only collects advice).
    pub(crate) skip_inverses: bool,
    /// Native mode: bus rows `w·d = g` are collected as `(g, d)` and settled together by
    /// [`Synth::settle`] (one batch inversion instead of one inversion per row).
    pub(crate) defer_inverses: bool,
    deferred: Vec<(Fr, Fr)>,
    /// Constraint mode on a witness-only system: bus rows `w·d = g` whose `w` is allocated
    /// with a placeholder and assigned by [`Synth::settle_vars`] with one batch inversion,
    /// as `(witness index, g, d, sign)`.
    deferred_vars: Vec<(usize, Fr, Fr, bool)>,
    /// The component rows are charged to.
    pub(crate) comp: &'static str,
    pub(crate) counts: Counts,
    /// Rows that do not hold in native mode, with their component.
    pub(crate) violated: Vec<&'static str>,
}

thread_local! {
    /// The largest lengths this thread's steps reached — recorded advice values, deferred
    /// bus rows, bus tuples — which a new step reserves up front: its vectors then never
    /// grow by reallocating and copying (a 100k-tuple step copied its 23 MB log about a
    /// dozen times). Untouched capacity costs address space, not memory.
    static HIGH_WATER: std::cell::Cell<[usize; 3]> = const { std::cell::Cell::new([0; 3]) };
}

/// Which length [`high_water`] and [`note_len`] are about.
#[derive(Clone, Copy)]
pub(crate) enum Grows {
    /// Recorded advice values (native mode).
    Recorded = 0,
    /// Deferred bus rows.
    Deferred = 1,
    /// Bus tuples of a step.
    Tuples = 2,
}

/// The largest length of `what` this thread has seen.
pub(crate) fn high_water(what: Grows) -> usize {
    HIGH_WATER.with(|h| h.get()[what as usize])
}

/// Note that `what` reached `n`.
pub(crate) fn note_len(what: Grows, n: usize) {
    HIGH_WATER.with(|h| {
        let mut v = h.get();
        v[what as usize] = v[what as usize].max(n);
        h.set(v);
    });
}

impl Synth {
    pub(crate) fn new(cs: Option<ConstraintSystemRef<Fr>>) -> Self {
        let native = cs.is_none();
        Self {
            cs,
            advice: None,
            patch: false,
            values_only: false,
            recorded: if native {
                Vec::with_capacity(high_water(Grows::Recorded))
            } else {
                Vec::new()
            },
            skip_inverses: false,
            defer_inverses: false,
            deferred: if native {
                Vec::with_capacity(high_water(Grows::Deferred))
            } else {
                Vec::new()
            },
            deferred_vars: Vec::new(),
            comp: "",
            counts: Counts::default(),
            violated: Vec::new(),
        }
    }

    /// A constraint mode synthesiser whose advice witnesses are `advice`, in order.
    pub(crate) fn with_advice(cs: ConstraintSystemRef<Fr>, advice: Vec<(Variable, Fr)>) -> Self {
        let mut s = Self::new(Some(cs));
        s.advice = Some(advice.into_iter());
        s
    }

    /// A constraint mode synthesiser over an advice block of placeholder variables (see
    /// [`Synth::patch`]): every advice witness sets its variable's value as the run reaches
    /// it, before any linear combination uses it.
    pub(crate) fn with_reserved(cs: ConstraintSystemRef<Fr>, advice: Vec<(Variable, Fr)>) -> Self {
        let mut s = Self::with_advice(cs.clone(), advice);
        s.patch = !cs.is_in_setup_mode();
        s.values_only = witness_only(&cs);
        if s.values_only {
            s.deferred_vars.reserve(high_water(Grows::Deferred));
        }
        s
    }

    /// Advice variables of the block not used yet.
    pub(crate) fn advice_left(&self) -> usize {
        self.advice.as_ref().map_or(0, ExactSizeIterator::len)
    }

    /// An advice (phase-1) witness.
    pub(crate) fn witness(&mut self, val: Fr) -> Result<V, SynthesisError> {
        match (&self.cs, &mut self.advice) {
            // Both runs make the same calls; running out means they did not.
            (Some(cs), Some(block)) => match block.next() {
                Some((var, _)) => {
                    if self.patch {
                        let i = var
                            .get_variable_index(0)
                            .ok_or(SynthesisError::Unsatisfiable)?;
                        let mut inner = cs.borrow_mut().ok_or(SynthesisError::MissingCS)?;
                        *inner
                            .assignments
                            .witness_assignment
                            .get_mut(i)
                            .ok_or(SynthesisError::Unsatisfiable)? = val;
                    }
                    Ok(self.value_of(var, val))
                }
                None => Err(SynthesisError::Unsatisfiable),
            },
            (Some(cs), None) => {
                let var = cs.new_witness_variable(|| Ok(val))?;
                Ok(V::from_var(var, val))
            }
            (None, _) => {
                self.recorded.push(val);
                Ok(V::native(val))
            }
        }
    }

    /// A bus (phase-2) witness: depends on the challenges.
    pub(crate) fn witness_bus(&mut self, val: Fr) -> Result<V, SynthesisError> {
        match &self.cs {
            Some(cs) => {
                let var = cs.new_witness_variable(|| Ok(val))?;
                Ok(self.value_of(var, val))
            }
            None => Ok(V::native(val)),
        }
    }

    /// The value of variable `var`: with its linear combination, or the bare value on a
    /// witness-only system.
    fn value_of(&self, var: Variable, val: Fr) -> V {
        if self.values_only {
            V::native(val)
        } else {
            V::from_var(var, val)
        }
    }

    /// Whether the run carries values only (see the field of that name).
    pub(crate) fn values_only(&self) -> bool {
        self.values_only
    }

    /// Enforce a · b = c.
    pub(crate) fn enforce(&mut self, a: &V, b: &V, c: &V) -> Result<(), SynthesisError> {
        self.counts.bump(self.comp);
        if a.val * b.val != c.val {
            self.violated.push(self.comp);
        }
        if let Some(cs) = &self.cs {
            cs.enforce_r1cs_constraint(|| a.to_lc(), || b.to_lc(), || c.to_lc())?;
        }
        Ok(())
    }

    /// Enforce a = 0.
    pub(crate) fn zero(&mut self, a: &V) -> Result<(), SynthesisError> {
        self.enforce(a, &V::constant(Fr::one()), &V::zero())
    }

    /// Enforce a = b.
    pub(crate) fn equal(&mut self, a: &V, b: &V) -> Result<(), SynthesisError> {
        self.zero(&a.sub(b))
    }

    /// Enforce a ∈ {0, 1}.
    pub(crate) fn boolean(&mut self, a: &V) -> Result<(), SynthesisError> {
        let one_minus = V::constant(Fr::one()).sub(a);
        self.enforce(a, &one_minus, &V::zero())
    }

    /// A new advice witness equal to a · b.
    pub(crate) fn mul(&mut self, a: &V, b: &V) -> Result<V, SynthesisError> {
        let c = self.witness(a.val * b.val)?;
        self.enforce(a, b, &c)?;
        Ok(c)
    }

    /// A new bus witness equal to a · b (a factor depends on the challenges).
    pub(crate) fn mul_bus(&mut self, a: &V, b: &V) -> Result<V, SynthesisError> {
        let c = self.witness_bus(a.val * b.val)?;
        self.enforce(a, b, &c)?;
        Ok(c)
    }

    /// Whether bus rows are deferred (native evaluation).
    pub(crate) fn defers_inverses(&self) -> bool {
        self.cs.is_none() && self.defer_inverses
    }

    /// Whether bus rows' witnesses are allocated now and assigned later (constraint mode on
    /// a witness-only system, where rows are dropped unevaluated and only the assignment
    /// matters: inversions are most of such a pass's time, and one batch replaces them).
    pub(crate) fn defers_bus_vars(&self) -> bool {
        self.cs.is_some() && self.values_only && self.defer_inverses
    }

    /// A bus row `w·d = g` (its `w` entering the running sum with `sign`, `true` for
    /// minus) whose `w` is allocated with a placeholder now and assigned by
    /// [`Synth::settle_vars`].
    ///
    /// # Errors
    /// The constraint system's.
    pub(crate) fn defer_ratio_var(
        &mut self,
        g: &V,
        d: &V,
        negative: bool,
    ) -> Result<(), SynthesisError> {
        self.counts.bump(self.comp);
        let cs = self.cs.as_ref().ok_or(SynthesisError::MissingCS)?;
        let var = cs.new_witness_variable(|| Ok(Fr::zero()))?;
        let i = var
            .get_variable_index(0)
            .ok_or(SynthesisError::Unsatisfiable)?;
        // The same (dropped) row as `ratio` makes on such a system.
        cs.enforce_r1cs_constraint(|| V::zero().to_lc(), || d.to_lc(), || g.to_lc())?;
        self.deferred_vars.push((i, g.val, d.val, negative));
        Ok(())
    }

    /// Assign every deferred bus witness (`g/d`, 0 when `d = 0`) with one batch inversion;
    /// returns their signed sum, which joins the running bus sum.
    ///
    /// # Errors
    /// `MissingCS` without a constraint system; `Unsatisfiable` for an index it lacks.
    pub(crate) fn settle_vars(&mut self) -> Result<Fr, SynthesisError> {
        note_len(Grows::Deferred, self.deferred_vars.len());
        if self.deferred_vars.is_empty() {
            return Ok(Fr::zero());
        }
        let cs = self.cs.as_ref().ok_or(SynthesisError::MissingCS)?;
        let mut ds: Vec<Fr> = self.deferred_vars.iter().map(|&(_, _, d, _)| d).collect();
        ark_ff::batch_inversion(&mut ds);
        let mut inner = cs.borrow_mut().ok_or(SynthesisError::MissingCS)?;
        let mut total = Fr::zero();
        for (&(i, g, _, negative), inv) in self.deferred_vars.iter().zip(&ds) {
            let w = g * inv;
            *inner
                .assignments
                .witness_assignment
                .get_mut(i)
                .ok_or(SynthesisError::Unsatisfiable)? = w;
            total += if negative { -w } else { w };
        }
        self.deferred_vars.clear();
        Ok(total)
    }

    /// Count a bus row `w·d = g` now and settle its value later.
    pub(crate) fn defer_ratio(&mut self, g: Fr, d: Fr) {
        self.counts.bump(self.comp);
        self.deferred.push((g, d));
    }

    /// Σ g/d over the deferred rows, with one batch inversion. A row with `d = 0` holds only
    /// if `g = 0`; otherwise it is recorded as violated (under the component "bus").
    pub(crate) fn settle(&mut self) -> Fr {
        note_len(Grows::Deferred, self.deferred.len());
        note_len(Grows::Recorded, self.recorded.len());
        let mut ds: Vec<Fr> = self.deferred.iter().map(|&(_, d)| d).collect();
        ark_ff::batch_inversion(&mut ds);
        let mut total = Fr::zero();
        for (&(g, d), inv) in self.deferred.iter().zip(&ds) {
            if d.is_zero() {
                if !g.is_zero() {
                    self.violated.push("bus");
                }
            } else {
                total += g * inv;
            }
        }
        self.deferred.clear();
        total
    }

    /// A witness `w` with `w · d = g`, i.e. `g / d`; `w = 0` when `d = 0` (then the row holds
    /// only if `g = 0`).
    pub(crate) fn ratio(&mut self, g: &V, d: &V) -> Result<V, SynthesisError> {
        let val = if self.skip_inverses {
            Fr::zero()
        } else {
            d.val.inverse().map_or(Fr::zero(), |i| g.val * i)
        };
        let w = self.witness_bus(val)?;
        self.enforce(&w, d, g)?;
        Ok(w)
    }
}

/// `1` if `x = 0` else `0`, in two rows: `x·inv = 1 − z` and `(x + inv)·z = 0` (the second
/// also pins `inv = 0` when `x = 0`, so no witness is left free).
pub(crate) fn is_zero(s: &mut Synth, x: &V) -> Result<V, SynthesisError> {
    let (z, inv) = match x.val.inverse() {
        Some(i) => (Fr::zero(), i),
        None => (Fr::one(), Fr::zero()),
    };
    let z = s.witness(z)?;
    let inv = s.witness(inv)?;
    s.enforce(x, &inv, &V::constant(Fr::one()).sub(&z))?;
    s.enforce(&x.add(&inv), &z, &V::zero())?;
    Ok(z)
}
