//! The circuit kind of `tecdsa_feldman_verify` ([`TECDSA_FELDMAN_VERIFY`]), computing the
//! host's verdict and reason (`umbra_precompiles::tecdsa`, `umbra-tecdsa`'s
//! `feldman::verify_share`) for every count the ABI takes (1 ..= 1,024 commitments): a call
//! of `c` commitments is `⌈c/8⌉` folds of the kind, **segments** `g = 0 …` of eight
//! commitments each, chained on the bus under [`Tag::Feldman`].
//!
//! The call: `a0` → the commitments `C_0 … C_{c−1}` (33-byte SEC1 compressed each, any
//! alignment), `a1` = `c`, `a2` → index (u32 LE) ‖ `s` (32 bytes, big-endian) at any
//! alignment, `a3` = 0. Segment `g` covers the 264 bytes of commitments `8g … 8g + 7` (or
//! the `c − 8g` left in the top segment), a window of 67 word slots at the same alignment,
//! read at `4·clk + 2`; a misaligned segment's last slot is the next segment's first word,
//! read there and passed down in the link. Segment 0 (the call's fold) also reads the share
//! at `4·clk + 3`, after the commitments ([`super::write_ts`]; a word in both is read twice,
//! in order — [`super::reads_late`]). Per segment:
//!
//! * **the segment** — `rem = c − 8g − 1 ≥ 0`; the top segment (`rem < 8`) has no incoming
//!   link and `rem + 1` commitments, the others eight (`rem ≥ 8`) and the link from
//!   segment `g + 1`: the Horner sum of the higher commitments (affine, 16-bit chunks, with
//!   its identity flag), whether they all decoded, the index and the carried word;
//! * **encoding** — per present commitment: the tag is 2 or 3, `x ≤ p − 1`, and
//!   `y² ≡ ±(x³ + 7)` with a boolean choosing the sign (exactly one of `±c` is a square as
//!   `p ≡ 3 mod 4`), `y` canonical with the tag's parity; and (segment 0) `s ≤ n − 1`. Any
//!   failure is `Reason::Encoding`;
//! * **Horner** — `acc ← i·acc + C_k` from the segment's top slot down (absent slots add the
//!   identity), each product by the 16-bit index in 2-bit windows on complete formulas;
//!   segments above the first emit the result as link `g`;
//! * **segment 0 decides** — index `1 ≤ i ≤ 65535` (the high 16 bits zero, the low 16 not;
//!   its low half is the one every segment multiplies by), and `s·G == Σ_j i^j·C_j`: `s·G`
//!   in fixed-base 4-bit windows (the `pedersen_commit` secp256k1 kind's tables), the
//!   difference's `Z` zero iff the points are equal. A bad index or a failed equation is
//!   `Reason::Share`.
//!
//! The verdict `enc_ok·idx_ok·eq_ok` and the reason `2·(1 − enc_ok) + 3·enc_ok·(1 −
//! idx_ok·eq_ok)` are the `Syscall` tuple's results, the cost a fold's per segment.

use std::collections::BTreeSet;

use ark_bn254::Fr;
use ark_ff::{One, PrimeField, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;
use umbra_abi::syscall::TECDSA_FELDMAN_VERIFY;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::bip340::{P_MINUS_ONE, fe_of_bits, n_minus_one, sqrt_mod};
use super::emulated::Fe;
use super::emulated::weierstrass::Point;
use super::gadgets::{
    Fld, Slot, boolean, borrow_above, byte_bits, consume_call, limbs_of_bits, pages, parity, put,
    read_input_at, readable, shifted, window,
};
use super::pedersen_secp256k1::{curve, generator};
use super::{
    KindError, PrecompileCall, access_ts, read_only_accesses, read_only_words, verdict_regs,
};
use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, is_zero, low_bits, pow2};

/// The commitments one fold (a segment of the call) proves.
pub const MAX_COMMITMENTS: u32 = 8;

/// Bytes of a SEC1 compressed point.
const PT: usize = umbra_abi::layout::SEC1_COMPRESSED_LEN;

/// Bytes of the share block: index (u32 LE) ‖ `s` (32, big-endian).
pub const SHARE: usize = umbra_abi::layout::FELDMAN_SHARE_LEN;

/// Bytes of a segment's commitments (a multiple of 4: segment `g` starts `264·g` bytes
/// after the first, at the same alignment).
const SEGMENT_BYTES: u32 = PT as u32 * MAX_COMMITMENTS;

/// Word slots of a segment's window: `⌈(3 + 33·8)/4⌉`.
const C_SLOTS: usize = (3 + PT * MAX_COMMITMENTS as usize).div_ceil(4);

/// Word slots of the share's window (nine words, one more when misaligned).
const S_SLOTS: usize = SHARE / 4 + 1;

/// Bits of the index the Horner products multiply by.
const INDEX_BITS: usize = 16;

const NAME: &str = "tecdsa_feldman_verify";

/// A `tecdsa_feldman_verify` call record as the witness generator makes it for an honest
/// execution: `commitments` (33 bytes each) at `cptr` and the share block at `sptr` (any
/// alignments; the other bytes of their words 0; where the two overlap their bytes must
/// agree), the `ecall` at `clk`, every word last written at `clk − 1`, the host's verdict,
/// reason and cycle charge. For tests, benches and tools. `None` when overlapping bytes
/// disagree, a range leaves the address space, or the count is not one the host takes.
pub fn call_for(
    commitments: &[u8],
    share: &[u8; SHARE],
    cptr: u32,
    sptr: u32,
    clk: u64,
) -> Option<PrecompileCall> {
    let count = u32::try_from(commitments.len() / PT).ok()?;
    if count == 0 || count > umbra_abi::limits::MAX_PARTIES || !commitments.len().is_multiple_of(PT)
    {
        return None;
    }
    let words = read_only_accesses(
        &[(cptr, commitments), (sptr, &share[..])],
        clk.checked_sub(1)?,
    )?;
    Some(PrecompileCall {
        pc: 0,
        clk,
        id: TECDSA_FELDMAN_VERIFY,
        args: [cptr, count, sptr, 0],
        ret: verdict_regs(umbra_precompiles::tecdsa::feldman_verify(
            commitments,
            share,
        )),
        extra_cycles: umbra_precompiles::cost::tecdsa_feldman(count),
        words,
    })
}

/// The link from segment `g + 1` of a call to segment `g`: the Horner sum of the higher
/// segments' commitments, whether they all decoded, and segment `g + 1`'s first word (the
/// last slot of segment `g` when the commitments are misaligned).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Link {
    /// The sum in affine coordinates, 16-bit chunks little-endian (0 for the identity).
    x: [u16; 16],
    y: [u16; 16],
    /// The sum is the identity.
    id: bool,
    /// Every higher commitment decoded.
    enc_ok: bool,
    /// Segment `g + 1`'s first word.
    carry: u32,
}

/// One segment of a `tecdsa_feldman_verify` call as a step of its kind (a batch of one):
/// commitments `8g … 8g + 7` (those below the count); segment 0, the call's fold, also
/// reads the share and decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeldmanCall {
    clk: u64,
    cptr: u32,
    count: u32,
    /// The share pointer (segment 0; 0 in the others).
    sptr: u32,
    /// The segment `g`.
    seg: u32,
    /// The index's low 16 bits (what the products multiply by).
    index: u16,
    /// The link from segment `g + 1` (`None` for the top segment).
    incoming: Option<Link>,
    /// The segment's window (slots past its last commitment's last word unread).
    commitments: [Slot; C_SLOTS],
    share: [Slot; S_SLOTS],
    /// Permissions of the pages of the segment's first and last read word, then of the
    /// share's.
    perms: [u8; 4],
}

/// The step of the `tecdsa_feldman_verify` kind (one segment).
pub type FeldmanBatch = Batch<FeldmanCall>;

impl FeldmanCall {
    /// The steps proving `call`: its `⌈c/8⌉` segments, the call's fold (segment 0) first.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Malformed`] for what the
    /// host faults on (`a3 ≠ 0`, a count outside `1 ..= MAX_PARTIES`) and for a record whose
    /// cycles or words are not what the arguments imply. The verdict is the circuit's: a
    /// record with other results builds a step whose `Syscall` tuple does not match the
    /// `ecall`'s.
    pub fn for_call(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Vec<Self>, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        if call.id != TECDSA_FELDMAN_VERIFY {
            return Err(KindError::WrongId {
                expected: TECDSA_FELDMAN_VERIFY,
                got: call.id,
            });
        }
        let [cptr, count, sptr, a3] = call.args;
        if a3 != 0 {
            return Err(malformed("a3 is reserved and must be 0 (the VM faults)"));
        }
        if count == 0 || count > umbra_abi::limits::MAX_PARTIES {
            return Err(malformed(
                "commitment count outside 1 ..= MAX_PARTIES (the VM faults)",
            ));
        }
        if call.extra_cycles != umbra_precompiles::cost::tecdsa_feldman(count) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let words = read_only_words(call, NAME)?;
        let perm = |a: u32| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R);
        let misaligned = cptr & 3 != 0;
        let cbase = cptr & !3;
        let segments = count.div_ceil(MAX_COMMITMENTS);
        let mut used = BTreeSet::new();
        let mut windows = Vec::with_capacity(segments as usize);
        for g in 0..segments {
            let top = g + 1 == segments;
            let cnt = (count - MAX_COMMITMENTS * g).min(MAX_COMMITMENTS);
            let end = (cptr & 3) + PT as u32 * cnt;
            let base = cbase
                .checked_add(SEGMENT_BYTES * g)
                .ok_or(malformed("commitments past the address space"))?;
            let mut slots = [Slot::default(); C_SLOTS];
            let mut last = base;
            for (i, slot) in slots.iter_mut().enumerate() {
                if 4 * i as u32 >= end {
                    break;
                }
                let a = base
                    .checked_add(4 * i as u32)
                    .ok_or(malformed("commitments past the address space"))?;
                let acc = words
                    .get(&a)
                    .ok_or(malformed("a commitment word is missing"))?;
                // The last slot of a misaligned segment below the top is the next
                // segment's first word: read there, carried here.
                let carried = i + 1 == C_SLOTS && misaligned && !top;
                *slot = Slot {
                    word: acc.old,
                    t_prev: if carried { 0 } else { acc.t_prev },
                };
                if !carried {
                    used.insert(a);
                    last = a;
                }
            }
            windows.push((slots, [perm(base), perm(last)]));
        }
        let in_commitments = used.clone();
        let sbase = sptr & !3;
        let n_s = if sptr & 3 == 0 { S_SLOTS - 1 } else { S_SLOTS };
        let mut share = [Slot::default(); S_SLOTS];
        let mut share_bytes = Vec::with_capacity(4 * S_SLOTS);
        for (i, slot) in share.iter_mut().enumerate().take(n_s) {
            let a = sbase
                .checked_add(4 * i as u32)
                .ok_or(malformed("share past the address space"))?;
            let acc = words.get(&a).ok_or(malformed("a share word is missing"))?;
            // A word the commitments also hold was read at 4·clk + 2 first.
            *slot = Slot {
                word: acc.old,
                t_prev: if in_commitments.contains(&a) {
                    access_ts(call.clk)
                } else {
                    acc.t_prev
                },
            };
            share_bytes.extend_from_slice(&acc.old.to_le_bytes());
            used.insert(a);
        }
        if used.len() != words.len() {
            return Err(malformed(
                "words other than the commitments' and the share's",
            ));
        }
        let o = (sptr & 3) as usize;
        let index = u16::from_le_bytes([share_bytes[o], share_bytes[o + 1]]);
        let share_perms = [perm(sbase), perm(sbase.wrapping_add(4 * (n_s as u32 - 1)))];
        // From the top segment down: each segment's link is what its own circuit emits.
        let mut out: Vec<Self> = Vec::with_capacity(segments as usize);
        let mut incoming = None;
        for (g, (slots, perms)) in windows.into_iter().enumerate().rev() {
            let head = g == 0;
            let seg = Self {
                clk: call.clk,
                cptr,
                count,
                sptr: if head { sptr } else { 0 },
                seg: g as u32,
                index,
                incoming,
                commitments: slots,
                share: if head {
                    share
                } else {
                    [Slot::default(); S_SLOTS]
                },
                perms: if head {
                    [perms[0], perms[1], share_perms[0], share_perms[1]]
                } else {
                    [
                        perms[0],
                        perms[1],
                        umbra_vm::memory::PERM_R,
                        umbra_vm::memory::PERM_R,
                    ]
                },
            };
            if !head {
                incoming = Some(seg.emitted_link()?);
            }
            out.push(seg);
        }
        out.reverse();
        Ok(out)
    }

    /// The link this segment's circuit emits (for segment `g − 1`), from its native
    /// evaluation: the sum of an off-curve "point" (a commitment that failed to decode) is
    /// whatever the circuit's formulas give, so only the circuit can say what it is.
    fn emitted_link(&self) -> Result<Link, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        let step = super::KindStep::Feldman(Batch::one(self.clone()));
        let out = step
            .eval_native(&[Fr::one(); crate::step::ARITY])
            .map_err(|_| malformed("a segment's circuit could not be evaluated"))?;
        let part = |p: u64| {
            out.tuples
                .iter()
                .find(|t| {
                    t.tag == Tag::Feldman
                        && t.mult == Fr::one()
                        && t.fields[1] == f(4 * u64::from(self.seg) + p)
                })
                .map(|t| t.fields)
                .ok_or(malformed("a segment emitted no link"))
        };
        let (p0, p1) = (part(0)?, part(1)?);
        let chunks = |lo: Fr, hi: Fr| -> [u16; 16] {
            let big = |x: Fr| -> BigUint { x.into_bigint().into() };
            let v: Vec<u64> = (big(lo) + (big(hi) << 128u32)).to_u64_digits();
            core::array::from_fn(|k| {
                let d = v.get(k / 4).copied().unwrap_or(0);
                (d >> (16 * (k % 4))) as u16
            })
        };
        Ok(Link {
            x: chunks(p1[2], p1[3]),
            y: chunks(p1[4], p1[5]),
            id: !p0[3].is_zero(),
            enc_ok: !p0[4].is_zero(),
            carry: low_bits(p0[5]) as u32,
        })
    }
}

impl BatchedCall for FeldmanCall {
    const BATCH: usize = 1;

    /// One zero commitment and a zero share at the start of guest RAM.
    fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        Self {
            clk: 1,
            cptr: ptr,
            count: 1,
            sptr: ptr,
            seg: 0,
            index: 0,
            incoming: None,
            commitments: [Slot::default(); C_SLOTS],
            share: [Slot::default(); S_SLOTS],
            perms: [umbra_vm::memory::PERM_R; 4],
        }
    }
}

/// The three `Tag::Feldman` tuples of link `j` (`emit`: +1, else consumed −1) under `gate`:
/// `(clk, 4j, i, id, enc_ok, carry)`, `(clk, 4j + 1, x_lo, x_hi, y_lo, y_hi)` (128-bit
/// halves of the sum's affine coordinates), `(clk, 4j + 2, cptr, count, 0, 0)`.
#[allow(clippy::too_many_arguments)]
fn link(
    s: &mut Synth,
    b: &mut Bus,
    clk: &V,
    j: &V,
    [i, id, enc_ok, carry]: [&V; 4],
    [xlo, xhi, ylo, yhi]: [&V; 4],
    [cptr, count]: [&V; 2],
    emit: bool,
    gate: &V,
) -> Result<(), SynthesisError> {
    let parts = [
        [Fld::X(i), Fld::X(id), Fld::X(enc_ok), Fld::X(carry)],
        [Fld::X(xlo), Fld::X(xhi), Fld::X(ylo), Fld::X(yhi)],
        [
            Fld::X(cptr),
            Fld::X(count),
            Fld::K(Fr::zero()),
            Fld::K(Fr::zero()),
        ],
    ];
    for (p, [f1, f2, f3, f4]) in parts.into_iter().enumerate() {
        let c1 = j.scale(f(4)).add_const(f(p as u64));
        put(
            s,
            b,
            Tag::Feldman,
            clk,
            [Fld::X(&c1), f1, f2, f3, f4],
            !emit,
            gate,
        )?;
    }
    Ok(())
}

/// `Σ_k chunk_k·2^{16k}` over eight 16-bit chunks (no row).
pub(super) fn half(chunks: &[V]) -> V {
    chunks.iter().enumerate().fold(V::zero(), |acc, (k, x)| {
        acc.plus(&x.scale(pow2(16 * k as u32)))
    })
}

/// The little-endian bits of the big-endian integer `bytes` (one `byte_bits` each).
pub(super) fn le_bits(s: &mut Synth, bytes: &[V]) -> Result<Vec<V>, SynthesisError> {
    let mut bits = Vec::with_capacity(8 * bytes.len());
    for byte in bytes.iter().rev() {
        bits.extend(byte_bits(s, byte)?);
    }
    Ok(bits)
}

/// A 33-byte SEC1 compressed point decoded as `k256` does: the point `(x, y, 1)` and
/// whether the encoding is valid (tag 2 or 3, `x ≤ p − 1`, `x³ + 7` a square). On an
/// invalid encoding the point is whatever the witnesses give (`y² ≡ −(x³ + 7)` when the
/// square root fails): the caller masks it with the flag.
pub(super) fn decompress(
    s: &mut Synth,
    b: &mut Bus,
    enc: &[V],
) -> Result<(Point, V), SynthesisError> {
    let c = curve();
    let fld = &c.field;
    let p_int = (BigUint::one() << 256) - (BigUint::one() << 32) - 977u32;
    let tag = byte_bits(s, &enc[0])?;
    let high = tag[2..].iter().fold(V::zero(), |acc, x| acc.plus(x));
    let high_zero = is_zero(s, &high)?;
    let tag_ok = s.mul(&tag[1], &high_zero)?;
    let odd = &tag[0];
    let x_bits = le_bits(s, &enc[1..])?;
    let x_bad = borrow_above(s, b, &limbs_of_bits(&x_bits), &P_MINUS_ONE, false)?;
    let x = fe_of_bits(&x_bits);
    let x2 = fld.mul(s, b, &x, &x)?;
    let x3 = fld.mul(s, b, &x2, &x)?;
    let rhs = fld.add(&x3, &fld.constant(&BigUint::from(7u32)));
    let rhs_val = rhs.value() % &p_int;
    let (y0, sq) = sqrt_mod(&rhs_val, &p_int);
    let y0 = if sq {
        y0
    } else {
        sqrt_mod(&((&p_int - &rhs_val) % &p_int), &p_int).0
    };
    let want_odd = !odd.val.is_zero();
    let y_val = if y0.bit(0) == want_odd || y0.is_zero() {
        y0
    } else {
        &p_int - &y0
    };
    let sq_v = boolean(s, sq)?;
    let y = fld.alloc(s, b, &y_val)?;
    let (y, y_chunks) = fld.canonical_chunks(s, b, &y)?;
    let y_odd = parity(s, b, &y_chunks[0])?;
    s.equal(&y_odd, odd)?;
    let yy = fld.mul(s, b, &y, &y)?;
    let target = fld.select(s, &sq_v, &fld.neg(&rhs), &rhs)?;
    fld.assert_eq(s, b, &yy, &target)?;
    let ok1 = s.mul(&tag_ok, &V::constant(Fr::one()).sub(&x_bad))?;
    let ok = s.mul(&ok1, &sq_v)?;
    Ok((
        Point {
            x,
            y,
            z: fld.constant(&BigUint::one()),
        },
        ok,
    ))
}

/// `k·p` for the 16-bit `k` given by its little-endian `bits`, in 2-bit windows from the
/// top on complete formulas (every `p`, the identity included): the table `{O, p, 2p, 3p}`
/// (a doubling and an addition), then per window two doublings, a selection tree (three
/// point selections) and one addition — 15 doublings and 8 additions in all, against 15
/// and 15 a bit at a time.
fn mul_small(s: &mut Synth, b: &mut Bus, p: &Point, bits: &[V]) -> Result<Point, SynthesisError> {
    let c = curve();
    let p2 = c.double(s, b, p)?;
    let p3 = c.add(s, b, &p2, p)?;
    let table = [c.constant(None), p.clone(), p2, p3];
    let pick = |s: &mut Synth, w: &[V]| -> Result<Point, SynthesisError> {
        let lo = c.select(s, &w[0], &table[0], &table[1])?;
        let hi = c.select(s, &w[0], &table[2], &table[3])?;
        c.select(s, &w[1], &lo, &hi)
    };
    let mut acc: Option<Point> = None;
    for w in bits.chunks(2).rev() {
        let entry = pick(s, w)?;
        acc = Some(match acc {
            None => entry,
            Some(a) => {
                let d = c.double(s, b, &a)?;
                let d = c.double(s, b, &d)?;
                c.add(s, b, &d, &entry)?
            }
        });
    }
    acc.ok_or(SynthesisError::Unsatisfiable)
}

impl SlotCircuit for FeldmanCall {
    #[allow(clippy::too_many_lines)]
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        let zero = V::zero();
        let c = curve();
        let fld = &c.field;
        let max = MAX_COMMITMENTS as usize;

        // ---- the call's registers and the segment: rem = count − 8g − 1 ≥ 0; the top
        // segment (rem < 8) holds rem + 1 commitments, the others eight (rem ≥ 8).
        s.comp = "call";
        let clk = s.witness(f(self.clk))?;
        let cptr = s.witness(f(self.cptr.into()))?;
        let sptr = s.witness(f(self.sptr.into()))?;
        let count = s.witness(f(self.count.into()))?;
        let seg = s.witness(f(self.seg.into()))?;
        // An integer segment: its link labels `4g + part` and its window `264·g` bytes in
        // are those of a segment the call has (with `rem ≥ 0` alone, `g = 1/2` would read
        // real words 132 bytes in under labels that collide with segment 0's and 1's).
        b.r16(s, &seg, &one)?;
        let head = is_zero(s, &seg)?;
        s.enforce(&one.sub(&head), &sptr, &zero)?;
        let hg = s.mul(gate, &head)?;
        let rem_n = u64::from(self.count) - 8 * u64::from(self.seg) - 1;
        // count ≤ MAX_PARTIES (the host faults above).
        let max_parties = u64::from(umbra_abi::limits::MAX_PARTIES);
        b.r16(
            s,
            &V::constant(f(max_parties))
                .sub(&count)
                .scale(f(65_536 / max_parties)),
            &one,
        )?;
        let rem = count.sub(&seg.scale(f(8))).add_const(-Fr::one());
        b.r16(s, &rem, &one)?;
        let top = boolean(s, rem_n < 8)?;
        let cnt_n = rem_n.min(7) + 1;
        let mut pres = vec![one.clone()];
        for k in 1..max {
            let p = boolean(s, (k as u64) < cnt_n)?;
            s.enforce(&p, &one.sub(&pres[k - 1]), &zero)?;
            pres.push(p);
        }
        let cnt = pres.iter().fold(V::zero(), |acc, p| acc.plus(p));
        s.enforce(&top, &rem.add_const(Fr::one()).sub(&cnt), &zero)?;
        s.enforce(&one.sub(&top), &V::constant(f(8)).sub(&cnt), &zero)?;
        let over = s.mul(&one.sub(&top), &rem.add_const(-f(8)))?;
        b.r16(s, &over, &one)?;

        // ---- the segment's window at base + 264g, 4·clk + 2: slot i holds input iff
        // 4i < off + 33·cnt (monotone flags from slot 0 whose count n has 4n − off − 33·cnt
        // ∈ [0, 3]); the last slot of a misaligned segment below the top is carried from
        // the next segment's link instead of read.
        s.comp = "input";
        let (cbytes, csel, cbase) = window(s, b, (&cptr, self.cptr), &self.commitments)?;
        let misaligned = csel[0].add(&csel[1]).add(&csel[2]);
        let coff = csel[0].add(&csel[1].scale(f(2))).add(&csel[2].scale(f(3)));
        let end = u64::from(self.cptr & 3) + PT as u64 * cnt_n;
        let mut holds = vec![one.clone()];
        for i in 1..C_SLOTS {
            let r = boolean(s, 4 * (i as u64) < end)?;
            s.enforce(&r, &one.sub(&holds[i - 1]), &zero)?;
            holds.push(r);
        }
        let nhold = holds.iter().fold(V::zero(), |acc, r| acc.plus(r));
        let slack = nhold.scale(f(4)).sub(&coff).sub(&cnt.scale(f(PT as u64)));
        b.r16(s, &slack.scale(pow2(14)), &one)?;
        let carried = s.mul(&misaligned, &one.sub(&top))?;

        // ---- the link from segment g + 1 (none for the top segment: pinned to the
        // identity, everything decoded, no carry).
        s.comp = "link";
        let index = u64::from(self.index);
        let i_bits: Vec<V> = (0..INDEX_BITS)
            .map(|k| boolean(s, (index >> k) & 1 == 1))
            .collect::<Result<_, _>>()?;
        let ilo = i_bits
            .iter()
            .enumerate()
            .fold(V::zero(), |acc, (k, x)| acc.plus(&x.scale(pow2(k as u32))));
        let inc = self.incoming.unwrap_or_default();
        let chunk_vars =
            |s: &mut Synth, b: &mut Bus, cs: &[u16; 16]| -> Result<Vec<V>, SynthesisError> {
                cs.iter()
                    .map(|&x| {
                        let v = s.witness(f(x.into()))?;
                        b.r16(s, &v, &V::constant(Fr::one()))?;
                        Ok(v)
                    })
                    .collect()
            };
        let x_in = chunk_vars(s, b, &inc.x)?;
        let y_in = chunk_vars(s, b, &inc.y)?;
        let id_in = boolean(s, inc.id)?;
        let enc_in = boolean(s, self.incoming.is_none_or(|l| l.enc_ok))?;
        let carry_in = s.witness(f(inc.carry.into()))?;
        for v in x_in.iter().chain(&y_in).chain([&id_in, &carry_in]) {
            s.enforce(&top, v, &zero)?;
        }
        s.enforce(&top, &one.sub(&enc_in), &zero)?;
        let fe_of_chunks = |ch: &[V]| {
            let limbs: [V; 4] = core::array::from_fn(|j| half(&ch[4 * j..4 * j + 4]));
            Fe::from_parts(limbs, core::array::from_fn(|_| BigUint::from(u64::MAX)))
        };
        let p_in = Point {
            x: fe_of_chunks(&x_in),
            y: fe_of_chunks(&y_in),
            z: fld.constant(&BigUint::one()),
        };
        // The top segment pins id_in to 0, so top + id_in is boolean.
        let acc_in = c.select(s, &top.add(&id_in), &p_in, &c.constant(None))?;
        let cg = s.mul(gate, &one.sub(&top))?;
        let next = seg.add_const(Fr::one());
        link(
            s,
            b,
            &clk,
            &next,
            [&ilo, &id_in, &enc_in, &carry_in],
            [
                &half(&x_in[..8]),
                &half(&x_in[8..]),
                &half(&y_in[..8]),
                &half(&y_in[8..]),
            ],
            [&cptr, &count],
            false,
            &cg,
        )?;

        s.comp = "memory";
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let ts = clk.scale(f(4)).add_const(f(2));
        let g2ts = g2clk.scale(f(4)).add(&b.g[2].scale(f(2)));
        let base = cbase.add(&seg.scale(f(u64::from(SEGMENT_BYTES))));
        let word = |i: usize| {
            (0..4).fold(V::zero(), |acc, k| {
                acc.plus(&cbytes[4 * i + k].scale(pow2(8 * k as u32)))
            })
        };
        let last = C_SLOTS - 1;
        let read_last = holds[last].sub(&carried);
        for (i, slot) in self.commitments.iter().enumerate() {
            let tp = s.witness(f(slot.t_prev))?;
            let g = if i == 0 {
                gate.clone()
            } else {
                // No input: bytes and timestamp pinned to 0; the carried slot's
                // timestamp too, its word the link's.
                let idle = one.sub(&holds[i]);
                for x in &cbytes[4 * i..4 * i + 4] {
                    s.enforce(&idle, x, &zero)?;
                }
                let read = if i == last {
                    s.enforce(&carried, &word(i).sub(&carry_in), &zero)?;
                    read_last.clone()
                } else {
                    holds[i].clone()
                };
                s.enforce(&one.sub(&read), &tp, &zero)?;
                s.mul(gate, &read)?
            };
            let addr = base.add_const(f(4 * i as u64));
            b.access(
                s,
                Tag::Ram,
                &addr,
                &word(i),
                &tp,
                None,
                &ts,
                &g2ts,
                &g,
                &one,
            )?;
        }
        s.comp = "pages";
        let p0 = readable(s, self.perms[0], gate)?;
        let p1 = readable(s, self.perms[1], gate)?;
        let span = nhold.sub(&carried).scale(f(4)).sub(&V::constant(f(4)));
        pages(s, b, &base, &span, [&p0, &p1], gate, &one)?;

        // ---- the share block at 4·clk + 3 (segment 0): index ‖ s; elsewhere all zero.
        let (sbytes, ssel, _) = read_input_at(
            s,
            b,
            (&clk, 3),
            (&sptr, self.sptr),
            &self.share,
            [self.perms[2], self.perms[3]],
            (&hg, true),
        )?;
        s.comp = "share";
        for x in &sbytes {
            s.enforce(&one.sub(&head), x, &zero)?;
        }
        let share: Vec<V> = (0..SHARE)
            .map(|k| shifted(s, &sbytes, &ssel, k))
            .collect::<Result<_, _>>()?;
        let lo = share[0].add(&share[1].scale(f(256)));
        let hi = share[2].add(&share[3].scale(f(256)));
        s.enforce(&head, &lo.sub(&ilo), &zero)?;
        let hi_zero = is_zero(s, &hi)?;
        let lo_zero = is_zero(s, &lo)?;
        let idx_ok = s.mul(&hi_zero, &one.sub(&lo_zero))?;
        let s_bits = le_bits(s, &share[4..])?;
        let s_bad = borrow_above(s, b, &limbs_of_bits(&s_bits), &n_minus_one(), false)?;

        // ---- the segment's commitments, decoded; absent ones (k ≥ cnt) masked.
        s.comp = "encoding";
        let mut points = Vec::with_capacity(max);
        let mut enc_out = enc_in.clone();
        for (k, present) in pres.iter().enumerate() {
            let enc: Vec<V> = (0..PT)
                .map(|t| shifted(s, &cbytes, &csel, PT * k + t))
                .collect::<Result<_, _>>()?;
            let (pt, ok) = decompress(s, b, &enc)?;
            // pres → ok.
            let bad = s.mul(present, &one.sub(&ok))?;
            enc_out = s.mul(&enc_out, &one.sub(&bad))?;
            points.push(pt);
        }

        // ---- Horner's rule over the segment from its top slot down, starting from the
        // link's sum (absent slots add the identity).
        s.comp = "horner";
        let mut acc = acc_in;
        for k in (0..max).rev() {
            let ck = c.select(s, &pres[k], &c.constant(None), &points[k])?;
            let ia = mul_small(s, b, &acc, &i_bits)?;
            acc = c.add(s, b, &ia, &ck)?;
        }

        // ---- the link to segment g − 1 (not from segment 0).
        s.comp = "link";
        let aff = c.to_affine(s, b, &acc)?;
        let eg = s.mul(gate, &one.sub(&head))?;
        link(
            s,
            b,
            &clk,
            &seg,
            [&ilo, &aff.id, &enc_out, &word(0)],
            [
                &half(&aff.x_chunks[..8]),
                &half(&aff.x_chunks[8..]),
                &half(&aff.y_chunks[..8]),
                &half(&aff.y_chunks[8..]),
            ],
            [&cptr, &count],
            true,
            &eg,
        )?;

        // ---- s·G, and s·G − Σ = O (decided by segment 0).
        s.comp = "msm";
        let (gtab, corr) = generator().ok_or(SynthesisError::Unsatisfiable)?;
        let mut sg = gtab.add_windows(s, b, c.constant(None), &s_bits)?;
        let corr = (fld.constant(&corr.0), fld.constant(&corr.1));
        sg = c.add_affine(s, b, &sg, (&corr.0, &corr.1))?;
        s.comp = "equation";
        let neg_sum = Point {
            x: acc.x.clone(),
            y: fld.neg(&acc.y),
            z: acc.z.clone(),
        };
        let diff = c.add(s, b, &sg, &neg_sum)?;
        let eq_ok = fld.is_zero(s, b, &diff.z)?;

        // ---- results: verdict (1 valid) and reason (0 ok, 2 encoding, 3 share); the
        // cost is a fold's per segment, ⌈count/8⌉ of them.
        s.comp = "call";
        let enc_ok = s.mul(&enc_out, &one.sub(&s_bad))?;
        let share_ok = s.mul(&idx_ok, &eq_ok)?;
        let verdict = s.mul(&enc_ok, &share_ok)?;
        let reason = one
            .sub(&enc_ok)
            .scale(f(umbra_abi::Reason::Encoding.code().into()))
            .add(
                &enc_ok
                    .sub(&verdict)
                    .scale(f(umbra_abi::Reason::Share.code().into())),
            );
        let segments = s.witness(f(u64::from(self.count.div_ceil(MAX_COMMITMENTS))))?;
        let spare = segments.scale(f(8)).sub(&count);
        b.r16(s, &spare.scale(pow2(13)), &one)?;
        let cycles = segments.scale(f(umbra_precompiles::cost::tecdsa_feldman(1)));
        consume_call(
            s,
            b,
            (&clk, TECDSA_FELDMAN_VERIFY),
            &cptr,
            &cycles,
            (&verdict, &reason),
            [Fld::X(&count), Fld::X(&sptr), Fld::K(Fr::zero())],
            &hg,
        )?;
        Ok(())
    }
}
