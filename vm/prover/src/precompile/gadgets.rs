//! Small circuit pieces the precompile kinds share: booleans, bus tuples with constant or
//! variable fields, gated range checks and the page-permission lookups of a guest buffer.

use ark_bn254::Fr;
use ark_ff::{Field, One, Zero};
use ark_relations::gr1cs::SynthesisError;

use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, low_bits};

/// An input word slot of a kind's window over a guest buffer: the word (0 when the slot
/// holds no input byte) and, when the step reads it, the timestamp of its previous write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Slot {
    /// The word.
    pub(crate) word: u32,
    /// Its previous write's timestamp (0 when not read).
    pub(crate) t_prev: u64,
}

/// A word a kind writes: the word before (and the timestamp of its previous write) and the
/// word the record says the call wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct OutWord {
    /// The word before the call.
    pub(crate) old: u32,
    /// Its previous write's timestamp.
    pub(crate) t_prev: u64,
    /// The word after the call.
    pub(crate) new: u32,
}

/// The `N` words a call writes at the 4-aligned `out`, taken from the record's `words`:
/// each with its old value, its previous write's timestamp (`access_ts(clk)` for a word the
/// call also read as input, which it read at `4·clk + 2`) and its new value. Also checks
/// that the record lists no word besides `input` and these.
///
/// # Errors
/// `malformed("output past the address space")`, `malformed(missing)` for an output word
/// the record lacks, `malformed(extra)` for a word that is neither input nor output.
pub(crate) fn output_words<const N: usize>(
    words: &std::collections::BTreeMap<u32, super::WordAccess>,
    (clk, out): (u64, u32),
    input: &[u32],
    malformed: impl Fn(&'static str) -> super::KindError,
    (missing, extra): (&'static str, &'static str),
) -> Result<[OutWord; N], super::KindError> {
    let mut res = [OutWord::default(); N];
    let mut listed = input.len();
    for (m, o) in res.iter_mut().enumerate() {
        let a = out
            .checked_add(4 * m as u32)
            .ok_or_else(|| malformed("output past the address space"))?;
        let acc = words.get(&a).ok_or_else(|| malformed(missing))?;
        let t_prev = if input.contains(&a) {
            super::access_ts(clk)
        } else {
            listed += 1;
            acc.t_prev
        };
        *o = OutWord {
            old: acc.old,
            t_prev,
            new: acc.new,
        };
    }
    if listed != words.len() {
        return Err(malformed(extra));
    }
    Ok(res)
}

/// `1` or `0`.
pub(crate) fn bit(x: bool) -> Fr {
    if x { Fr::one() } else { Fr::zero() }
}

/// A boolean advice witness.
pub(crate) fn boolean(s: &mut Synth, x: bool) -> Result<V, SynthesisError> {
    let b = s.witness(bit(x))?;
    s.boolean(&b)?;
    Ok(b)
}

/// A tuple field: a constant of the circuit or a value.
pub(crate) enum Fld<'a> {
    /// A constant.
    K(Fr),
    /// A value.
    X(&'a V),
}

/// Put `(c0, fields…)` with `tag` on the bus: constants scale γ^j, values cost one product.
pub(crate) fn put(
    s: &mut Synth,
    b: &mut Bus,
    tag: Tag,
    c0: &V,
    fields: [Fld<'_>; 5],
    negative: bool,
    gate: &V,
) -> Result<(), SynthesisError> {
    let mut extra = V::zero();
    let mut vals = [Fr::zero(); 6];
    for (j, fl) in fields.iter().enumerate() {
        let g = b.g[j + 1].clone();
        match fl {
            Fld::K(k) => {
                extra = extra.plus(&g.scale(*k));
                vals[j + 1] = *k;
            }
            Fld::X(v) => {
                extra = extra.plus(&s.mul_bus(&g, v)?);
                vals[j + 1] = v.val;
            }
        }
    }
    b.emit(s, tag, c0, &extra, vals, negative, gate)
}

/// A verification precompile's side of its `ecall` under `gate`: the `Syscall` tuple
/// `(clk, id, a0, cycles, verdict, reason)` and the `PreArgs` tuple `(clk, a1, a2, a3, 0, 0)`,
/// both consumed (+1) with the values the kind's circuit computes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn consume_call(
    s: &mut Synth,
    b: &mut Bus,
    (clk, id): (&V, u32),
    a0: &V,
    cycles: &V,
    (verdict, reason): (&V, &V),
    [a1, a2, a3]: [Fld<'_>; 3],
    gate: &V,
) -> Result<(), SynthesisError> {
    put(
        s,
        b,
        Tag::Syscall,
        clk,
        [
            Fld::K(f(id.into())),
            Fld::X(a0),
            Fld::X(cycles),
            Fld::X(verdict),
            Fld::X(reason),
        ],
        false,
        gate,
    )?;
    put(
        s,
        b,
        Tag::PreArgs,
        clk,
        [a1, a2, a3, Fld::K(Fr::zero()), Fld::K(Fr::zero())],
        false,
        gate,
    )
}

/// A 32-bit range check under `gate` whose low-limb witness is pinned to 0 when the gate
/// is off (so no witness of a gated-off check is free).
pub(crate) fn r32_gated(s: &mut Synth, b: &mut Bus, x: &V, gate: &V) -> Result<(), SynthesisError> {
    let lo_n = if gate.val.is_zero() {
        0
    } else {
        low_bits(x.val) & 0xffff
    };
    let lo = s.witness(f(lo_n))?;
    b.r16(s, &lo, gate)?;
    b.r16(s, &x.sub(&lo).scale(crate::synth::inv_pow2(16)), gate)?;
    s.enforce(&V::constant(Fr::one()).sub(gate), &lo, &V::zero())
}

/// A page lookup of the byte range `[start, start + span]` (`span < 4096`): its first page
/// `P` and last page `P + c`, both offsets 16-bit-checked (×16: in `[0, 4096)`), each page
/// looked up with the permission `perm` under `gate`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn pages(
    s: &mut Synth,
    b: &mut Bus,
    start: &V,
    span: &V,
    perms: [&V; 2],
    gate: &V,
    range_gate: &V,
) -> Result<(), SynthesisError> {
    let a = low_bits(start.val);
    let last = a + low_bits(span.val);
    let page = s.witness(f(a >> 12))?;
    let cross = boolean(s, (last >> 12) != (a >> 12))?;
    let off = start.sub(&page.scale(f(1 << 12)));
    b.r16(s, &off.scale(f(16)), range_gate)?;
    let off_last = off.add(span).sub(&cross.scale(f(1 << 12)));
    b.r16(s, &off_last.scale(f(16)), range_gate)?;
    for (pg, perm) in [page.clone(), page.add(&cross)].iter().zip(perms) {
        put(
            s,
            b,
            Tag::Perm,
            pg,
            [
                Fld::X(perm),
                Fld::K(Fr::zero()),
                Fld::K(Fr::zero()),
                Fld::K(Fr::zero()),
                Fld::K(Fr::zero()),
            ],
            true,
            gate,
        )?;
    }
    Ok(())
}

/// A page permission with the read bit: `1 + 2w + 4x`, `w`, `x` boolean, both 0 when
/// `gate` is off.
pub(crate) fn readable(s: &mut Synth, perm: u8, gate: &V) -> Result<V, SynthesisError> {
    let on = !gate.val.is_zero();
    let w = boolean(s, on && perm & 2 == 2)?;
    let x = boolean(s, on && perm & 4 == 4)?;
    let off = V::constant(Fr::one()).sub(gate);
    s.enforce(&off, &w, &V::zero())?;
    s.enforce(&off, &x, &V::zero())?;
    Ok(w.scale(f(2)).add(&x.scale(f(4))).add_const(Fr::one()))
}

/// The eight bits of the byte `byte`, least significant first: booleans that sum to it.
pub(crate) fn byte_bits(s: &mut Synth, byte: &V) -> Result<Vec<V>, SynthesisError> {
    value_bits(s, byte, 8)
}

/// The `n` (≤ 64) bits of `x`, least significant first: booleans that sum to it (so `x`
/// must be below `2ⁿ`).
pub(crate) fn value_bits(s: &mut Synth, x: &V, n: u32) -> Result<Vec<V>, SynthesisError> {
    let xv = low_bits(x.val);
    let mut acc = V::zero();
    let mut bits = Vec::with_capacity(n as usize);
    for i in 0..n {
        let bi = boolean(s, (xv >> i) & 1 == 1)?;
        acc = acc.plus(&bi.scale(crate::synth::pow2(i)));
        bits.push(bi);
    }
    s.equal(x, &acc)?;
    Ok(bits)
}

/// The 32-bit limbs `Σ bit_i·2^i` of little-endian bits, 32 bits a limb (no row).
pub(crate) fn limbs_of_bits(bits: &[V]) -> Vec<V> {
    bits.chunks(32)
        .map(|c| {
            c.iter().enumerate().fold(V::zero(), |acc, (i, x)| {
                acc.plus(&x.scale(crate::synth::pow2(i as u32)))
            })
        })
        .collect()
}

/// The borrow out of `c − x` for an integer `x` given as 32-bit little-endian `limbs` and
/// a constant `c` of as many 32-bit limbs, computed limb by limb: `c_i − x_i − b_i +
/// 2³²·b_{i+1} = d_i` with every borrow boolean, `b_0 = 0` and every `d_i ∈ [0, 2³²)`.
/// The final borrow is 1 exactly when `x > c`; it is returned, or with `require_le` it is
/// the constant 0, which is the claim `x ≤ c` (a canonical encoding below a modulus `p`
/// is `x ≤ p − 1`).
pub(crate) fn borrow_above(
    s: &mut Synth,
    b: &mut Bus,
    limbs: &[V],
    c: &[u64],
    require_le: bool,
) -> Result<V, SynthesisError> {
    let one = V::constant(Fr::one());
    let mut borrow = V::zero();
    let mut bn = 0i128;
    for (i, x) in limbs.iter().enumerate() {
        let diff = i128::from(c[i]) - i128::from(low_bits(x.val)) - bn;
        let next = if i + 1 < limbs.len() || !require_le {
            boolean(s, diff < 0)?
        } else {
            V::zero()
        };
        let d = V::constant(f(c[i]))
            .sub(x)
            .sub(&borrow)
            .add(&next.scale(crate::synth::pow2(32)));
        b.r32(s, &d, &one)?;
        bn = i128::from(diff < 0);
        borrow = next;
    }
    Ok(borrow)
}

/// Write the 32-bit `values` at the 4-aligned output `out` (the variable and its value):
/// `out = 4·q` with `q` 32-bit, the output's pages looked up read-write, and word `m`
/// read `(out + 4m, old, t_prev)` and written `(out + 4m, value, ts)` on the memory bus
/// (`recs[m]` gives `old`, `t_prev` and the record's new word, which must equal the
/// value). Under `gate` (`None`: always) the accesses and page lookups are gated and, when
/// it is off, `old` and `t_prev` are pinned to 0 (the new word carries the value).
///
/// The last word may be written in part: `last_len` (1 ..= 4) of its low bytes, its value
/// giving those; its other bytes keep the old word's (four byte witnesses of `old`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_words(
    s: &mut Synth,
    b: &mut Bus,
    (out, out_n): (&V, u32),
    values: &[V],
    last_len: u32,
    recs: &[OutWord],
    (ts, g2ts): (&V, &V),
    gate: Option<&V>,
) -> Result<(), SynthesisError> {
    let one = V::constant(Fr::one());
    let qo = s.witness(f(u64::from(out_n >> 2)))?;
    s.equal(out, &qo.scale(f(4)))?;
    b.r32(s, &qo, &one)?;
    let rw = V::constant(f(u64::from(
        umbra_vm::memory::PERM_R | umbra_vm::memory::PERM_W,
    )));
    let on = gate.unwrap_or(&one);
    let span = V::constant(f(4 * (values.len() as u64 - 1)));
    pages(s, b, out, &span, [&rw, &rw], on, &one)?;
    for (m, (value, d)) in values.iter().zip(recs).enumerate() {
        let old = s.witness(f(d.old.into()))?;
        let tp = s.witness(f(d.t_prev))?;
        let value = if m + 1 == values.len() && last_len < 4 {
            let mut kept = value.clone();
            let mut sum = V::zero();
            for k in 0..4 {
                let x = s.witness(f(u64::from((d.old >> (8 * k)) & 0xff)))?;
                b.r16(s, &x.scale(f(256)), &one)?;
                sum = sum.plus(&x.scale(crate::synth::pow2(8 * k)));
                if k >= last_len {
                    kept = kept.plus(&x.scale(crate::synth::pow2(8 * k)));
                }
            }
            s.equal(&sum, &old)?;
            kept
        } else {
            value.clone()
        };
        let new = s.witness(if on.val.is_zero() {
            value.val
        } else {
            f(d.new.into())
        })?;
        s.equal(&new, &value)?;
        if let Some(g) = gate {
            let off = one.sub(g);
            s.enforce(&off, &old, &V::zero())?;
            s.enforce(&off, &tp, &V::zero())?;
        }
        let addr = out.add_const(f(4 * m as u64));
        b.access(
            s,
            Tag::Ram,
            &addr,
            &old,
            &tp,
            Some(&new),
            ts,
            g2ts,
            on,
            &one,
        )?;
    }
    Ok(())
}

/// A window of `slots` words at `ptr` (any alignment): its bytes (range-checked), the
/// misalignment selectors (`off = 1, 2, 3`) and `ptr = 4q + off`'s `4q`.
pub(crate) fn window(
    s: &mut Synth,
    b: &mut Bus,
    ptr: (&V, u32),
    slots: &[Slot],
) -> Result<(Vec<V>, Vec<V>, V), SynthesisError> {
    let one = V::constant(Fr::one());
    let q = s.witness(f(u64::from(ptr.1 >> 2)))?;
    b.r32(s, &q, &one)?;
    let off_n = u64::from(ptr.1 & 3);
    let sel: Vec<V> = (1..4)
        .map(|o| boolean(s, off_n == o))
        .collect::<Result<_, _>>()?;
    let misaligned = sel[0].add(&sel[1]).add(&sel[2]);
    s.boolean(&misaligned)?;
    let off = sel[0].add(&sel[1].scale(f(2))).add(&sel[2].scale(f(3)));
    s.equal(ptr.0, &q.scale(f(4)).add(&off))?;
    let mut bytes = Vec::with_capacity(4 * slots.len());
    for slot in slots {
        for k in 0..4 {
            let x = s.witness(f(u64::from((slot.word >> (8 * k)) & 0xff)))?;
            b.r16(s, &x.scale(f(256)), &one)?;
            bytes.push(x);
        }
    }
    Ok((bytes, sel, q.scale(f(4))))
}

/// Byte `k` of the data at offset `off` in the window: `bytes[k + off]` by the selectors.
pub(crate) fn shifted(
    s: &mut Synth,
    bytes: &[V],
    sel: &[V],
    k: usize,
) -> Result<V, SynthesisError> {
    let b0 = &bytes[k];
    let mut byte = b0.clone();
    for (o, so) in sel.iter().enumerate() {
        byte = byte.plus(&s.mul(so, &bytes[k + o + 1].sub(b0))?);
    }
    Ok(byte)
}

/// A fixed-length input at `ptr` (any alignment) read at `4·clk + 2`
/// ([`super::access_ts`]): its window of `slots` words (the last one holds input bytes
/// only when `ptr` is misaligned; otherwise its bytes and timestamp are pinned to 0 and it
/// is not read), each read word on the memory bus under `gate`, and the pages of the first
/// and last word looked up with the read bit (`perms`, the verifier's page table). Returns
/// the window's bytes, the misalignment selectors and `γ²·clk` (shared with the caller's
/// later accesses).
pub(crate) fn read_input(
    s: &mut Synth,
    b: &mut Bus,
    clk: &V,
    ptr: (&V, u32),
    slots: &[Slot],
    perms: [u8; 2],
    gate: &V,
) -> Result<(Vec<V>, Vec<V>, V), SynthesisError> {
    read_input_at(s, b, (clk, 2), ptr, slots, perms, (gate, false))
}

/// [`read_input`] at the timestamp `4·clk + lane` (`lane` 2, [`super::access_ts`], or 3,
/// [`super::write_ts`], for an input read after another one of the same call); with `pin`,
/// every slot's timestamp is pinned to 0 when `gate` is off (a step that reads the input
/// only in some of its folds).
pub(crate) fn read_input_at(
    s: &mut Synth,
    b: &mut Bus,
    (clk, lane): (&V, u64),
    ptr: (&V, u32),
    slots: &[Slot],
    perms: [u8; 2],
    (gate, pin): (&V, bool),
) -> Result<(Vec<V>, Vec<V>, V), SynthesisError> {
    let len = 4 * (slots.len() - 1);
    read_bytes_at(s, b, (clk, lane), (ptr, len), slots, perms, (gate, pin))
}

/// [`read_input_at`] for an input of `len` bytes, `4·(slots − 2) < len ≤ 4·(slots − 1)`
/// (any length, not only whole words): the last slot holds input bytes only at the
/// offsets `o` with `o + len > 4·(slots − 1)`; otherwise its bytes and timestamp are pinned
/// to 0 and it is not read.
pub(crate) fn read_bytes_at(
    s: &mut Synth,
    b: &mut Bus,
    (clk, lane): (&V, u64),
    (ptr, len): ((&V, u32), usize),
    slots: &[Slot],
    perms: [u8; 2],
    (gate, pin): (&V, bool),
) -> Result<(Vec<V>, Vec<V>, V), SynthesisError> {
    let one = V::constant(Fr::one());
    let n = slots.len();
    debug_assert!(4 * (n - 2) < len && len <= 4 * (n - 1));
    s.comp = "input";
    let (bytes, sel, base) = window(s, b, ptr, slots)?;
    // The offsets 1, 2, 3 whose input reaches the last slot.
    let used = sel
        .iter()
        .enumerate()
        .filter(|(o, _)| o + 1 + len > 4 * (n - 1))
        .fold(V::zero(), |acc, (_, x)| acc.plus(x));
    let unused = one.sub(&used);
    for x in &bytes[4 * (n - 1)..] {
        s.enforce(&unused, x, &V::zero())?;
    }
    s.comp = "memory";
    let g2clk = s.mul_bus(&b.g[2], clk)?;
    let ts_r = clk.scale(f(4)).add_const(f(lane));
    let g2ts_r = g2clk.scale(f(4)).add(&b.g[2].scale(f(lane)));
    let gate_last = s.mul(gate, &used)?;
    for (i, slot) in slots.iter().enumerate() {
        let g = if i + 1 < n { gate } else { &gate_last };
        let tp = s.witness(f(slot.t_prev))?;
        if i + 1 == n {
            s.enforce(&unused, &tp, &V::zero())?;
        }
        if pin {
            s.enforce(&one.sub(gate), &tp, &V::zero())?;
        }
        let word = (0..4).fold(V::zero(), |acc, k| {
            acc.plus(&bytes[4 * i + k].scale(crate::synth::pow2(8 * k as u32)))
        });
        let addr = base.add_const(f(4 * i as u64));
        b.access(
            s,
            Tag::Ram,
            &addr,
            &word,
            &tp,
            None,
            &ts_r,
            &g2ts_r,
            g,
            &one,
        )?;
    }
    s.comp = "pages";
    let first = readable(s, perms[0], gate)?;
    let last = readable(s, perms[1], gate)?;
    let span = used.scale(f(4)).add_const(f(4 * (n as u64 - 2)));
    pages(s, b, &base, &span, [&first, &last], gate, &one)?;
    Ok((bytes, sel, g2clk))
}

/// Whether the 16-bit chunk `c` (range-checked by the caller) is odd: a boolean `o` with
/// `(c − o)/2` 16-bit (one row and one lookup), so `c − o` is even.
pub(crate) fn parity(s: &mut Synth, b: &mut Bus, c: &V) -> Result<V, SynthesisError> {
    let odd = boolean(s, low_bits(c.val) & 1 == 1)?;
    b.r16(
        s,
        &c.sub(&odd).scale(f(2).inverse().unwrap_or_default()),
        &V::constant(Fr::one()),
    )?;
    Ok(odd)
}

/// The bits of `n` bytes of a window at its offset ([`shifted`] by the misalignment
/// selectors `sel`), each byte's eight booleans least significant first ([`byte_bits`]).
pub(crate) fn shifted_bits(
    s: &mut Synth,
    bytes: &[V],
    sel: &[V],
    n: usize,
) -> Result<Vec<Vec<V>>, SynthesisError> {
    (0..n)
        .map(|k| {
            let x = shifted(s, bytes, sel, k)?;
            byte_bits(s, &x)
        })
        .collect()
}

/// The words of a message window read at `4·clk + 3` ([`super::write_ts`]; `g2clk` is
/// `γ²·clk`), after the call's other input: slot `i` is the word at `base + 4i`, read on the
/// memory bus under `gate` when `reads[i]`; its timestamp witness is pinned to 0 when it is
/// not read, and its four bytes when `idle[i]` (a slot whose bytes are carried from
/// elsewhere is neither read nor idle).
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_late(
    s: &mut Synth,
    b: &mut Bus,
    (clk, g2clk): (&V, &V),
    base: &V,
    bytes: &[V],
    slots: &[Slot],
    (reads, idle): (&[V], &[V]),
    gate: &V,
) -> Result<(), SynthesisError> {
    let one = V::constant(Fr::one());
    let ts = clk.scale(f(4)).add_const(f(3));
    let g2ts = g2clk.scale(f(4)).add(&b.g[2].scale(f(3)));
    for (i, slot) in slots.iter().enumerate() {
        let word = (0..4).fold(V::zero(), |acc, k| {
            acc.plus(&bytes[4 * i + k].scale(crate::synth::pow2(8 * k as u32)))
        });
        let tp = s.witness(f(slot.t_prev))?;
        s.enforce(&one.sub(&reads[i]), &tp, &V::zero())?;
        for x in &bytes[4 * i..4 * i + 4] {
            s.enforce(&idle[i], x, &V::zero())?;
        }
        let g = s.mul(gate, &reads[i])?;
        let addr = base.add_const(f(4 * i as u64));
        b.access(s, Tag::Ram, &addr, &word, &tp, None, &ts, &g2ts, &g, &one)?;
    }
    Ok(())
}
