//! The bus in the circuit: tuple compression, the LogUp row of one tuple, range checks and
//! the read/write pair of a memory access. Shared by the CPU step and the precompile kinds,
//! which put their tuples on the same bus with the same challenges (native twin:
//! [`crate::bus`]).

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::SynthesisError;

use crate::bus::{Tag, Tuple};
use crate::synth::{Synth, V, f, inv_pow2, low_bits};

pub(crate) struct Bus {
    /// γ^0 ..= γ^6.
    pub(crate) g: Vec<V>,
    /// The LogUp challenge α.
    pub(crate) alpha: V,
    /// The running sum.
    pub(crate) sum: V,
    /// Every tuple put on the bus, in order (for the native ledger).
    pub(crate) log: Vec<Tuple>,
}

impl Bus {
    /// A bus over the challenges `(γ, α)` continuing the running sum `sum`: computes
    /// γ^2..γ^6 (five bus rows), once per step.
    pub(crate) fn new(
        s: &mut Synth,
        gamma: &V,
        alpha: &V,
        sum: &V,
    ) -> Result<Self, SynthesisError> {
        let mut g = vec![V::constant(Fr::one()), gamma.clone()];
        for _ in 2..=6 {
            let last = g[g.len() - 1].clone();
            g.push(s.mul_bus(&last, gamma)?);
        }
        Ok(Self {
            g,
            alpha: alpha.clone(),
            sum: sum.clone(),
            log: Vec::with_capacity(crate::synth::high_water(crate::synth::Grows::Tuples)),
        })
    }

    /// Note the step's tuple count for the next step's reservation (call at the step's end).
    pub(crate) fn note_tuples(&self) {
        crate::synth::note_len(crate::synth::Grows::Tuples, self.log.len());
    }

    /// Put a tuple on the bus: `h = c0 + extra + γ⁶·tag` where `extra` is Σ_{j≥1} γ^j·c_j
    /// computed by the caller (so products can be shared); contributes `sign·gate/(α − h)`.
    /// One row: `w·(α − h) = gate`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit(
        &mut self,
        s: &mut Synth,
        tag: Tag,
        c0: &V,
        extra: &V,
        fields: [Fr; 6],
        negative: bool,
        gate: &V,
    ) -> Result<(), SynthesisError> {
        let h = c0.add(extra).add(&self.g[6].scale(f(tag as u64)));
        let d = self.alpha.sub(&h);
        let mult = if negative { -gate.val } else { gate.val };
        if s.defers_inverses() {
            // Native evaluation: the row is settled later with one batch inversion.
            s.defer_ratio(mult, d.val);
        } else if s.defers_bus_vars() {
            // Witness-only constraint pass: the witness is assigned later, in one batch.
            s.defer_ratio_var(gate, &d, negative)?;
        } else {
            let w = s.ratio(gate, &d)?;
            // In place: the running sum gains a term per tuple (copying it each time made a
            // step's synthesis quadratic in its tuples).
            let sum = std::mem::replace(&mut self.sum, V::zero());
            self.sum = if negative {
                sum.plus(&w.scale(-Fr::one()))
            } else {
                sum.plus(&w)
            };
        }
        let mut fl = fields;
        fl[0] = c0.val;
        self.log.push(Tuple {
            tag,
            fields: fl,
            mult,
        });
        Ok(())
    }

    /// A 16-bit range check of `x` (one row).
    pub(crate) fn r16(&mut self, s: &mut Synth, x: &V, gate: &V) -> Result<(), SynthesisError> {
        self.emit(s, Tag::Range16, x, &V::zero(), [Fr::zero(); 6], true, gate)
    }

    /// `x ∈ [0, 2^32)`: a 16-bit low limb witness and two checks (two rows). Returns the
    /// low limb.
    pub(crate) fn r32(&mut self, s: &mut Synth, x: &V, gate: &V) -> Result<V, SynthesisError> {
        let lo = s.witness(f(low_bits(x.val) & 0xffff))?;
        self.r16(s, &lo, gate)?;
        let hi = x.sub(&lo).scale(inv_pow2(16));
        self.r16(s, &hi, gate)?;
        Ok(lo)
    }

    /// Read `(cell, v, t_prev)` and write `(cell, v_new, ts)` with `ts − t_prev − 1` in
    /// `[0, 2^32)`. `gv` is γ·v, shared by a pure read's write-back.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn access(
        &mut self,
        s: &mut Synth,
        tag: Tag,
        cell: &V,
        v: &V,
        t_prev: &V,
        v_new: Option<&V>,
        ts: &V,
        g2ts: &V,
        gate: &V,
        range_gate: &V,
    ) -> Result<V, SynthesisError> {
        let gv = s.mul_bus(&self.g[1], v)?;
        let g2t = s.mul_bus(&self.g[2], t_prev)?;
        self.emit(
            s,
            tag,
            cell,
            &gv.add(&g2t),
            [
                Fr::zero(),
                v.val,
                t_prev.val,
                Fr::zero(),
                Fr::zero(),
                Fr::zero(),
            ],
            true,
            gate,
        )?;
        let (gvn, vn) = match v_new {
            Some(n) => (s.mul_bus(&self.g[1], n)?, n.val),
            None => (gv.clone(), v.val),
        };
        self.emit(
            s,
            tag,
            cell,
            &gvn.add(g2ts),
            [Fr::zero(), vn, ts.val, Fr::zero(), Fr::zero(), Fr::zero()],
            false,
            gate,
        )?;
        // The previous write is strictly earlier: no field wrap, so no read from the future.
        let gap = ts.sub(t_prev).add_const(-Fr::one());
        let saved = s.comp;
        s.comp = "timestamps";
        self.r32(s, &gap, range_gate)?;
        s.comp = saved;
        Ok(gv)
    }
}
