//! The circuit kind of `tecdsa_feldman_verify` ([`TECDSA_FELDMAN_VERIFY`]): one call per
//! fold, computing the host's verdict and reason (`umbra_precompiles::tecdsa`,
//! `umbra-tecdsa`'s `feldman::verify_share`) for up to [`MAX_COMMITMENTS`] commitments
//! (a polynomial of degree ≤ 7); a call with more is refused as `KindError::Unsupported`
//! until the commitments can span several folds (`docs/prover.md`, "Precompile kinds:
//! tecdsa_feldman_verify").
//!
//! The call: `a0` → the commitments `C_0 … C_{c−1}` (33-byte SEC1 compressed each, any
//! alignment; `⌈(off + 33c)/4⌉` words read at `4·clk + 2`), `a1` = `c`, `a2` → index (u32
//! LE) ‖ `s` (32 bytes, big-endian) at any alignment, read at `4·clk + 3` after the
//! commitments ([`super::write_ts`]; a word in both is read twice, in order —
//! [`super::reads_late`]), `a3` = 0. Then:
//!
//! * **encoding** — per present commitment: the tag is 2 or 3, `x ≤ p − 1`, and
//!   `y² ≡ ±(x³ + 7)` with a boolean choosing the sign (exactly one of `±c` is a square as
//!   `p ≡ 3 mod 4`), `y` canonical with the tag's parity; and `s ≤ n − 1`. Any failure is
//!   `Reason::Encoding`;
//! * **index** — `1 ≤ i ≤ 65535` (the high 16 bits zero, the low 16 not), else
//!   `Reason::Share`;
//! * **equation** — `s·G == Σ_j i^j·C_j`: `s·G` in fixed-base 4-bit windows (the
//!   `pedersen_commit` secp256k1 kind's tables), the sum by Horner's rule from the last
//!   present commitment down, `acc ← i·acc + C_j`, each product by the 16-bit index a
//!   double-and-add on complete formulas (commitment slots past `c` select the identity);
//!   the difference's `Z` is zero iff the points are equal. Fails with `Reason::Share`.
//!
//! The verdict `enc_ok·idx_ok·eq_ok` and the reason `2·(1 − enc_ok) + 3·enc_ok·(1 −
//! idx_ok·eq_ok)` are the `Syscall` tuple's results, the cost a constant of the circuit.

use std::collections::{BTreeMap, BTreeSet};

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;
use umbra_abi::syscall::TECDSA_FELDMAN_VERIFY;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::bip340::{P_MINUS_ONE, fe_of_bits, n_minus_one, sqrt_mod};
use super::emulated::weierstrass::Point;
use super::gadgets::{
    Fld, Slot, boolean, borrow_above, byte_bits, limbs_of_bits, pages, parity, put, read_input_at,
    readable, shifted, window,
};
use super::pedersen_secp256k1::{curve, generator};
use super::{KindError, PrecompileCall, WordAccess, access_ts};
use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, is_zero, pow2};

/// The most commitments one fold proves (threshold `t ≤ 7`).
pub const MAX_COMMITMENTS: u32 = 8;

/// Bytes of a SEC1 compressed point.
const PT: usize = umbra_abi::layout::SEC1_COMPRESSED_LEN;

/// Bytes of the share block: index (u32 LE) ‖ `s` (32, big-endian).
pub const SHARE: usize = umbra_abi::layout::FELDMAN_SHARE_LEN;

/// Word slots of the commitments' window: `⌈(3 + 33·8)/4⌉`.
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
    if count == 0 || count > umbra_abi::limits::MAX_PARTIES || !commitments.len().is_multiple_of(PT) {
        return None;
    }
    let mut bytes: BTreeMap<u32, u8> = BTreeMap::new();
    for (start, data) in [(cptr, commitments), (sptr, &share[..])] {
        for (k, &b) in data.iter().enumerate() {
            let a = start.checked_add(u32::try_from(k).ok()?)?;
            if *bytes.entry(a).or_insert(b) != b {
                return None;
            }
        }
    }
    let mut words: BTreeMap<u32, u32> = BTreeMap::new();
    for (a, b) in bytes {
        *words.entry(a & !3).or_insert(0) |= u32::from(b) << (8 * (a & 3));
    }
    let t_prev = clk.checked_sub(1)?;
    let ret = match umbra_precompiles::tecdsa::feldman_verify(commitments, share) {
        Ok(()) => [umbra_abi::VERDICT_VALID, umbra_abi::Reason::Ok.code()],
        Err(r) => [umbra_abi::VERDICT_INVALID, r.code()],
    };
    Some(PrecompileCall {
        pc: 0,
        clk,
        id: TECDSA_FELDMAN_VERIFY,
        args: [cptr, count, sptr, 0],
        ret,
        extra_cycles: umbra_precompiles::cost::tecdsa_feldman(count),
        words: words
            .into_iter()
            .map(|(addr, v)| WordAccess {
                addr,
                old: v,
                t_prev,
                new: v,
            })
            .collect(),
    })
}

/// One `tecdsa_feldman_verify` call as a step of its kind (a batch of one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeldmanCall {
    clk: u64,
    cptr: u32,
    count: u32,
    sptr: u32,
    /// The commitments' window (slots past the last word of commitment `c − 1` unread).
    commitments: [Slot; C_SLOTS],
    share: [Slot; S_SLOTS],
    /// Permissions of the pages of the commitments' first and last word, then of the
    /// share's.
    perms: [u8; 4],
}

/// The step of the `tecdsa_feldman_verify` kind (one call).
pub type FeldmanBatch = Batch<FeldmanCall>;

impl FeldmanCall {
    /// The step proving `call`.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Unsupported`] for more than
    /// [`MAX_COMMITMENTS`] commitments; [`KindError::Malformed`] for what the host faults on
    /// (`a3 ≠ 0`, a count outside `1 ..= MAX_PARTIES`) and for a record whose cycles or
    /// words are not what the arguments imply. The verdict is the circuit's: a record with
    /// other results builds a step whose `Syscall` tuple does not match the `ecall`'s.
    pub fn new(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Self, KindError> {
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
        if count > MAX_COMMITMENTS {
            return Err(KindError::Unsupported {
                name: NAME,
                arg: 1,
                value: count,
            });
        }
        if call.extra_cycles != umbra_precompiles::cost::tecdsa_feldman(count) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let words: BTreeMap<u32, WordAccess> = call.words.iter().map(|w| (w.addr, *w)).collect();
        if words.len() != call.words.len() {
            return Err(malformed("a word listed twice"));
        }
        if call.words.iter().any(|w| w.new != w.old) {
            return Err(malformed("the call changed a word"));
        }
        let mut used = BTreeSet::new();
        let cbase = cptr & !3;
        let n_c = ((cptr & 3) + PT as u32 * count).div_ceil(4);
        let mut commitments = [Slot::default(); C_SLOTS];
        for (i, slot) in commitments.iter_mut().enumerate().take(n_c as usize) {
            let a = cbase
                .checked_add(4 * i as u32)
                .ok_or(malformed("commitments past the address space"))?;
            let acc = words
                .get(&a)
                .ok_or(malformed("a commitment word is missing"))?;
            *slot = Slot {
                word: acc.old,
                t_prev: acc.t_prev,
            };
            used.insert(a);
        }
        let in_commitments = used.clone();
        let sbase = sptr & !3;
        let n_s = if sptr & 3 == 0 { S_SLOTS - 1 } else { S_SLOTS };
        let mut share = [Slot::default(); S_SLOTS];
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
            used.insert(a);
        }
        if used.len() != words.len() {
            return Err(malformed(
                "words other than the commitments' and the share's",
            ));
        }
        let perm = |a: u32| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R);
        Ok(Self {
            clk: call.clk,
            cptr,
            count,
            sptr,
            commitments,
            share,
            perms: [
                perm(cbase),
                perm(cbase.wrapping_add(4 * (n_c - 1))),
                perm(sbase),
                perm(sbase.wrapping_add(4 * (n_s as u32 - 1))),
            ],
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
            commitments: [Slot::default(); C_SLOTS],
            share: [Slot::default(); S_SLOTS],
            perms: [umbra_vm::memory::PERM_R; 4],
        }
    }
}

/// The little-endian bits of the big-endian integer `bytes` (one `byte_bits` each).
fn le_bits(s: &mut Synth, bytes: &[V]) -> Result<Vec<V>, SynthesisError> {
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

/// `k·p` for the 16-bit `k` given by its little-endian `bits`: double-and-add from the top
/// bit on complete formulas (every `p`, the identity included).
fn mul_small(s: &mut Synth, b: &mut Bus, p: &Point, bits: &[V]) -> Result<Point, SynthesisError> {
    let c = curve();
    let mut acc: Option<Point> = None;
    for bit in bits.iter().rev() {
        acc = Some(match acc {
            None => c.select(s, bit, &c.constant(None), p)?,
            Some(a) => {
                let d = c.double(s, b, &a)?;
                let t = c.add(s, b, &d, p)?;
                c.select(s, bit, &d, &t)?
            }
        });
    }
    acc.ok_or(SynthesisError::Unsatisfiable)
}

impl SlotCircuit for FeldmanCall {
    #[allow(clippy::too_many_lines)]
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        let c = curve();
        let fld = &c.field;
        let max = MAX_COMMITMENTS as usize;

        // ---- the call's registers; pres[k] = (k < count), monotone from pres[0] = 1.
        s.comp = "call";
        let clk = s.witness(f(self.clk))?;
        let cptr = s.witness(f(self.cptr.into()))?;
        let sptr = s.witness(f(self.sptr.into()))?;
        let mut pres = vec![one.clone()];
        for k in 1..max {
            let p = boolean(s, (k as u32) < self.count)?;
            s.enforce(&p, &one.sub(&pres[k - 1]), &V::zero())?;
            pres.push(p);
        }
        let count = pres.iter().fold(V::zero(), |acc, p| acc.plus(p));

        // ---- the commitments' window at 4·clk + 2: slot i read iff 4i < off + 33·count
        // (monotone flags from slot 0 whose count n has 4n − off − 33·count ∈ [0, 3]).
        s.comp = "input";
        let (cbytes, csel, cbase) = window(s, b, (&cptr, self.cptr), &self.commitments)?;
        let coff = csel[0].add(&csel[1].scale(f(2))).add(&csel[2].scale(f(3)));
        let end = u64::from(self.cptr & 3) + PT as u64 * u64::from(self.count);
        let mut reads = vec![one.clone()];
        for i in 1..C_SLOTS {
            let r = boolean(s, 4 * (i as u64) < end)?;
            s.enforce(&r, &one.sub(&reads[i - 1]), &V::zero())?;
            reads.push(r);
        }
        let nread = reads.iter().fold(V::zero(), |acc, r| acc.plus(r));
        let slack = nread.scale(f(4)).sub(&coff).sub(&count.scale(f(PT as u64)));
        b.r16(s, &slack.scale(pow2(14)), &one)?;
        s.comp = "memory";
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let ts = clk.scale(f(4)).add_const(f(2));
        let g2ts = g2clk.scale(f(4)).add(&b.g[2].scale(f(2)));
        for (i, slot) in self.commitments.iter().enumerate() {
            let tp = s.witness(f(slot.t_prev))?;
            let word = (0..4).fold(V::zero(), |acc, k| {
                acc.plus(&cbytes[4 * i + k].scale(pow2(8 * k as u32)))
            });
            let g = if i == 0 {
                gate.clone()
            } else {
                // Unread: bytes and timestamp pinned to 0.
                let idle = one.sub(&reads[i]);
                s.enforce(&idle, &tp, &V::zero())?;
                for x in &cbytes[4 * i..4 * i + 4] {
                    s.enforce(&idle, x, &V::zero())?;
                }
                s.mul(gate, &reads[i])?
            };
            let addr = cbase.add_const(f(4 * i as u64));
            b.access(s, Tag::Ram, &addr, &word, &tp, None, &ts, &g2ts, &g, &one)?;
        }
        s.comp = "pages";
        let p0 = readable(s, self.perms[0], gate)?;
        let p1 = readable(s, self.perms[1], gate)?;
        let span = nread.scale(f(4)).sub(&V::constant(f(4)));
        pages(s, b, &cbase, &span, [&p0, &p1], gate, &one)?;

        // ---- the share block at 4·clk + 3: index ‖ s.
        let (sbytes, ssel, _) = read_input_at(
            s,
            b,
            (&clk, 3),
            (&sptr, self.sptr),
            &self.share,
            [self.perms[2], self.perms[3]],
            gate,
        )?;
        s.comp = "share";
        let share: Vec<V> = (0..SHARE)
            .map(|k| shifted(s, &sbytes, &ssel, k))
            .collect::<Result<_, _>>()?;
        let lo = share[0].add(&share[1].scale(f(256)));
        let hi = share[2].add(&share[3].scale(f(256)));
        let mut i_bits = byte_bits(s, &share[0])?;
        i_bits.extend(byte_bits(s, &share[1])?);
        debug_assert_eq!(i_bits.len(), INDEX_BITS);
        let hi_zero = is_zero(s, &hi)?;
        let lo_zero = is_zero(s, &lo)?;
        let idx_ok = s.mul(&hi_zero, &one.sub(&lo_zero))?;
        let s_bits = le_bits(s, &share[4..])?;
        let s_bad = borrow_above(s, b, &limbs_of_bits(&s_bits), &n_minus_one(), false)?;

        // ---- the commitments, decoded; absent ones (k ≥ count) masked.
        s.comp = "encoding";
        let mut points = Vec::with_capacity(max);
        let mut all_ok = one.clone();
        for (k, present) in pres.iter().enumerate() {
            let enc: Vec<V> = (0..PT)
                .map(|t| shifted(s, &cbytes, &csel, PT * k + t))
                .collect::<Result<_, _>>()?;
            let (pt, ok) = decompress(s, b, &enc)?;
            // pres → ok.
            let bad = s.mul(present, &one.sub(&ok))?;
            all_ok = if k == 0 {
                one.sub(&bad)
            } else {
                s.mul(&all_ok, &one.sub(&bad))?
            };
            points.push(pt);
        }

        // ---- Σ_j i^j·C_j by Horner's rule, from the top slot down (absent slots are the
        // identity, so the sum starts at C_{count−1}).
        s.comp = "horner";
        let mut acc: Option<Point> = None;
        for k in (0..max).rev() {
            let ck = c.select(s, &pres[k], &c.constant(None), &points[k])?;
            acc = Some(match acc {
                None => ck,
                Some(a) => {
                    let ia = mul_small(s, b, &a, &i_bits)?;
                    c.add(s, b, &ia, &ck)?
                }
            });
        }
        let sum = acc.ok_or(SynthesisError::Unsatisfiable)?;

        // ---- s·G, and s·G − Σ = O.
        s.comp = "msm";
        let (gtab, corr) = generator().ok_or(SynthesisError::Unsatisfiable)?;
        let mut sg = gtab.add_windows(s, b, c.constant(None), &s_bits)?;
        let corr = (fld.constant(&corr.0), fld.constant(&corr.1));
        sg = c.add_affine(s, b, &sg, (&corr.0, &corr.1))?;
        s.comp = "equation";
        let neg_sum = Point {
            x: sum.x.clone(),
            y: fld.neg(&sum.y),
            z: sum.z.clone(),
        };
        let diff = c.add(s, b, &sg, &neg_sum)?;
        let eq_ok = fld.is_zero(s, b, &diff.z)?;

        // ---- results: verdict (1 valid) and reason (0 ok, 2 encoding, 3 share).
        s.comp = "call";
        let enc_ok = s.mul(&all_ok, &one.sub(&s_bad))?;
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
        put(
            s,
            b,
            Tag::Syscall,
            &clk,
            [
                Fld::K(f(TECDSA_FELDMAN_VERIFY.into())),
                Fld::X(&cptr),
                Fld::K(f(umbra_precompiles::cost::tecdsa_feldman(1))),
                Fld::X(&verdict),
                Fld::X(&reason),
            ],
            false,
            gate,
        )?;
        put(
            s,
            b,
            Tag::PreArgs,
            &clk,
            [
                Fld::X(&count),
                Fld::X(&sptr),
                Fld::K(Fr::zero()),
                Fld::K(Fr::zero()),
                Fld::K(Fr::zero()),
            ],
            false,
            gate,
        )?;
        Ok(())
    }
}
