//! The circuit kind of `tecdsa_sigshare_verify` ([`TECDSA_SIGSHARE_VERIFY`]): GG20
//! signature-share verification with identifiable abort, computing the host's verdict,
//! reason and blame bitmap (`umbra_precompiles::tecdsa::sigshare_verify`) for every count
//! the ABI takes (1 ..= 1,024 entries): a call of `n` entries is `n` folds of the kind, one
//! per **entry** `j`, chained on the bus under [`Tag::SigShare`] from the top entry down to
//! entry 0, the call's fold.
//!
//! The call: `a0` → the header `Y ‖ R ‖ z` (98 bytes, any alignment), `a1` → the entries
//! (102 bytes each: index (u32 LE) ‖ `R̄_j` ‖ `S_j` ‖ `s_j`, any alignment), `a2` = `n`,
//! `a3` → the bitmap (`⌈n/8⌉` bytes, 4-aligned, written). Entry `j`'s window (27 word
//! slots) is read at `4·clk + 2`; its last word is the next entry's first one unless its
//! end is 4-aligned, and is then read by entry `j + 1` and carried down in the link.
//! Entry 0 reads the header at `4·clk + 3` (after the entries, [`super::reads_late`]); a
//! bitmap that overlaps the header or the entries is refused
//! ([`KindError::Unsupported`]: its words would be read and written at one timestamp).
//! Per entry:
//!
//! * **the link** from entry `j + 1` (none for the top entry, `j = n − 1`): the running sums
//!   `Σ_{k>j} R̄_k`, `Σ_{k>j} S_k` (affine, 16-bit chunks, identity flags), "some entry
//!   above failed to decode", "some entry above is blamed", the carried word, the bitmap
//!   word's bits of the entries above in the same word, the sorted key list's position
//!   `j + 1`, and the call's context `(R, m, r, header ok)` and arguments, which every
//!   entry passes down unchanged and entry 0 checks against the header;
//! * **encoding** — `R̄_j`, `S_j` decompressed (`feldman::decompress`: tag 2/3, `x ≤ p − 1`,
//!   `x³ + 7` a square) and `s_j ≤ n − 1`; the index valid iff `1 ≤ i ≤ 65535`;
//! * **duplicates** — entry `j` emits its key `(j, key_j)`, `key = i` for a valid index and
//!   `65,536 + j` otherwise; fold `j` also holds position `j` of the prover's sorted list
//!   `(key', pos')`, consumes it (so the list is a permutation of the keys) and checks it
//!   strictly below position `j + 1` in `key'·2048 + pos'`; it then tells entry `pos'_{j+1}`
//!   whether its key equals `key'_j` (fold 0 tells `pos'_0`: no), so "equal to an earlier
//!   entry's valid index" is computed, not claimed;
//! * **equation** — `s_j·R − m·R̄_j − r·S_j = O` as one three-point multiplication through
//!   the endomorphism ([`super::bip340::glv_msm`]);
//! * **blame** — `b_j = ¬(decoded ∧ index valid ∧ ¬duplicate ∧ equation)`, masked by
//!   "header ok", placed at bit `j mod 32` of the bitmap word `⌊j/32⌋`; entry `32w` writes
//!   word `w` at `4·clk + 3` (the bytes past `⌈n/8⌉` keep their old values);
//! * **entry 0 decides** — reads the header, decodes `Y` and `R`, reduces `z` and `x(R)`
//!   mod `n` (`m`, `r`; `r = 0` is a bad header), checks the context, and compares the
//!   sums with `G` and `Y`.
//!
//! The reason in the host's order: a bad header or any undecodable entry `Encoding`, else
//! any blamed entry `Share`, else a failed sum `Aggregate`; the cost a fold's per entry.

use std::collections::{BTreeMap, BTreeSet};

use ark_bn254::Fr;
use ark_ff::{One, PrimeField, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;
use umbra_abi::syscall::TECDSA_SIGSHARE_VERIFY;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::bip340::{glv_msm, n_minus_one, order, reduce_mod_n, sqrt_mod};
use super::emulated::Fe;
use super::emulated::weierstrass::Point;
use super::feldman::{decompress, half, le_bits};
use super::gadgets::{
    Fld, OutWord, Slot, boolean, borrow_above, consume_call, limbs_of_bits, pages, put,
    read_bytes_at, readable, shifted, window,
};
use super::pedersen_secp256k1::curve;
use super::{KindError, PrecompileCall, WordAccess, access_ts};
use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, is_zero, low_bits, pow2};

/// Bytes of a SEC1 compressed point.
const PT: usize = umbra_abi::layout::SEC1_COMPRESSED_LEN;

/// Bytes of the header `Y ‖ R ‖ z`.
pub const HEADER: usize = umbra_abi::layout::SIGSHARE_HEADER_LEN;

/// Bytes of an entry `index ‖ R̄ ‖ S ‖ s`.
pub const ENTRY: usize = umbra_abi::layout::SIGSHARE_ENTRY_LEN;

/// Word slots of an entry's window: `⌈(3 + 102)/4⌉`.
const E_SLOTS: usize = (3 + ENTRY).div_ceil(4);

/// Word slots of the header's window: `⌈(3 + 98)/4⌉`.
const H_SLOTS: usize = (3 + HEADER).div_ceil(4);

/// Entries whose blame bits share a bitmap word.
const WORD_BITS: u32 = 32;

/// Bits of a sorted position in the key order `key·2048 + pos` (`n ≤ 1024`).
const POS_BITS: u32 = 11;

/// The key of an entry with an invalid index: `INVALID_KEY + j` (above every valid index).
const INVALID_KEY: u64 = 1 << 16;

const NAME: &str = "tecdsa_sigshare_verify";

/// The 16-bit little-endian chunks of a 256-bit integer.
type Chunks = [u16; 16];

fn chunks_of(x: &BigUint) -> Chunks {
    let d = x.to_u64_digits();
    core::array::from_fn(|k| (d.get(k / 4).copied().unwrap_or(0) >> (16 * (k % 4))) as u16)
}

fn p_int() -> BigUint {
    (BigUint::one() << 256) - (BigUint::one() << 32) - 977u32
}

/// A point in affine chunks with its identity flag, as a link carries it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Affine {
    x: Chunks,
    y: Chunks,
    id: bool,
}

/// The call's context every entry uses, passed down the chain and checked by entry 0
/// against the header (all zero when the header is bad: then nothing depends on it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Context {
    /// `R`, affine.
    rx: Chunks,
    ry: Chunks,
    /// `m = z mod n`.
    m: Chunks,
    /// `r = x(R) mod n`.
    r: Chunks,
    /// `Y` and `R` decode and `r ≠ 0`.
    ok: bool,
}

impl Context {
    /// The host's header checks and values, natively.
    fn of_header(h: &[u8]) -> Self {
        let p = p_int();
        let n = order();
        let lift = |enc: &[u8]| -> Option<(BigUint, BigUint)> {
            let x = BigUint::from_bytes_be(&enc[1..]);
            if !matches!(enc[0], 2 | 3) || x >= p {
                return None;
            }
            let c = (&x * &x * &x + 7u32) % &p;
            let (y, sq) = sqrt_mod(&c, &p);
            if !sq {
                return None;
            }
            let y = if y.bit(0) == (enc[0] == 3) || y.is_zero() {
                y
            } else {
                &p - &y
            };
            Some((x, y))
        };
        let y_pt = lift(&h[..PT]);
        let r_pt = lift(&h[PT..2 * PT]);
        match (y_pt, r_pt) {
            (Some(_), Some((rx, ry))) if !(&rx % &n).is_zero() => Self {
                rx: chunks_of(&rx),
                ry: chunks_of(&ry),
                m: chunks_of(&(BigUint::from_bytes_be(&h[2 * PT..]) % &n)),
                r: chunks_of(&(&rx % &n)),
                ok: true,
            },
            _ => Self::default(),
        }
    }
}

/// The link from entry `j + 1` to entry `j` (besides the context and the arguments).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Link {
    /// `Σ_{k>j} R̄_k`, `Σ_{k>j} S_k`.
    sum_nonce: Affine,
    sum_key: Affine,
    /// Some entry above failed to decode.
    undecoded: bool,
    /// Some entry above is blamed.
    blamed: bool,
    /// Entry `j + 1`'s first word.
    carry: u32,
    /// The blame bits of the entries above `j` in `j`'s bitmap word.
    bits: u32,
    /// Position `j + 1` of the sorted key list.
    key: u32,
    pos: u32,
}

/// One entry of a `tecdsa_sigshare_verify` call as a step of its kind (a batch of one);
/// entry 0, the call's fold, also reads the header and decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigShareCall {
    clk: u64,
    hptr: u32,
    eptr: u32,
    count: u32,
    bptr: u32,
    /// The entry `j`.
    entry: u32,
    ctx: Context,
    /// The link from entry `j + 1` (`None` for the top entry).
    incoming: Option<Link>,
    /// Position `j` of the sorted key list `(key, pos)`.
    sorted: (u32, u32),
    /// Entry `j`'s index equals an earlier entry's valid index.
    dup: bool,
    /// The entry's window (a carried last slot holds the next entry's first word).
    slots: [Slot; E_SLOTS],
    /// The header's window (entry 0; zero in the others).
    header: [Slot; H_SLOTS],
    /// The bitmap word `j/32` (entries `j ≡ 0 mod 32`; zero in the others).
    bitmap: OutWord,
    /// Permissions of the pages of the entry's first and last read word, then of the
    /// header's.
    perms: [u8; 4],
}

/// The step of the `tecdsa_sigshare_verify` kind (one entry).
pub type SigShareBatch = Batch<SigShareCall>;

/// A `tecdsa_sigshare_verify` call record as the witness generator makes it for an honest
/// execution: the header at `hptr`, the entries at `eptr` (any alignments; other bytes of
/// their words 0; where they overlap their bytes must agree), the bitmap at the 4-aligned
/// `bptr` (its words 0 before the call), the `ecall` at `clk`, every word last written at
/// `clk − 1`, the host's verdict, reason, bitmap and cycle charge. For tests, benches and
/// tools. `None` for a count the host does not take, disagreeing overlaps, a bitmap that is
/// misaligned or overlaps the inputs, or a range outside the address space.
pub fn call_for(
    header: &[u8; HEADER],
    entries: &[u8],
    (hptr, eptr, bptr): (u32, u32, u32),
    clk: u64,
) -> Option<PrecompileCall> {
    let count = u32::try_from(entries.len() / ENTRY).ok()?;
    if count == 0
        || count > umbra_abi::limits::MAX_PARTIES
        || !entries.len().is_multiple_of(ENTRY)
        || bptr & 3 != 0
    {
        return None;
    }
    let t_prev = clk.checked_sub(1)?;
    let mut words = super::read_only_accesses(&[(hptr, &header[..]), (eptr, entries)], t_prev)?;
    let mut blame = vec![false; count as usize];
    let r = umbra_precompiles::tecdsa::sigshare_verify(header, entries, &mut blame);
    for q in 0..count.div_ceil(WORD_BITS) {
        let addr = bptr.checked_add(4 * q)?;
        if words.iter().any(|w| w.addr == addr) {
            return None;
        }
        let bytes = (count.div_ceil(8) - 4 * q).min(4);
        let mut new = 0u32;
        for k in 0..8 * bytes {
            let j = (WORD_BITS * q + k) as usize;
            if blame.get(j).copied().unwrap_or(false) {
                new |= 1 << k;
            }
        }
        words.push(WordAccess {
            addr,
            old: 0,
            t_prev,
            new,
        });
    }
    words.sort_by_key(|w| w.addr);
    Some(PrecompileCall {
        pc: 0,
        clk,
        id: TECDSA_SIGSHARE_VERIFY,
        args: [hptr, eptr, count, bptr],
        ret: super::verdict_regs(r),
        extra_cycles: umbra_precompiles::cost::tecdsa_sigshare(count),
        words,
    })
}

/// The byte at `a` of the record's words (before the call).
fn byte_at(words: &BTreeMap<u32, WordAccess>, a: u32) -> Option<u8> {
    words.get(&(a & !3)).map(|w| (w.old >> (8 * (a & 3))) as u8)
}

/// A valid index (`1 ..= 65535`) from the entry's four index bytes.
fn valid_index(b: &[u8]) -> Option<u32> {
    let i = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (1..=u32::from(u16::MAX)).contains(&i).then_some(i)
}

impl SigShareCall {
    /// The steps proving `call`: one per entry, the call's fold (entry 0) first.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Malformed`] for what the
    /// host faults on (a count outside `1 ..= MAX_PARTIES`, a misaligned bitmap) and for a
    /// record whose cycles or words are not what the arguments imply;
    /// [`KindError::Unsupported`] (`a3`) for a bitmap overlapping the header or the
    /// entries. The verdict and the bitmap are the circuit's: a record with others builds
    /// steps that do not balance with the `ecall` and the memory.
    #[allow(clippy::too_many_lines)]
    pub fn for_call(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Vec<Self>, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        if call.id != TECDSA_SIGSHARE_VERIFY {
            return Err(KindError::WrongId {
                expected: TECDSA_SIGSHARE_VERIFY,
                got: call.id,
            });
        }
        let [hptr, eptr, count, bptr] = call.args;
        if count == 0 || count > umbra_abi::limits::MAX_PARTIES {
            return Err(malformed(
                "entry count outside 1 ..= MAX_PARTIES (the VM faults)",
            ));
        }
        if bptr & 3 != 0 {
            return Err(malformed("misaligned bitmap (the VM faults)"));
        }
        if call.extra_cycles != umbra_precompiles::cost::tecdsa_sigshare(count) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let words: BTreeMap<u32, WordAccess> = call.words.iter().map(|w| (w.addr, *w)).collect();
        if words.len() != call.words.len() {
            return Err(malformed("a word listed twice"));
        }
        let past = || malformed("a buffer past the address space");
        let span = |ptr: u32, len: u32| -> Result<(u32, u32), KindError> {
            let end = ptr.checked_add(len - 1).ok_or_else(past)?;
            Ok((ptr & !3, end & !3))
        };
        let entries_len = count * ENTRY as u32;
        let (e_lo, e_hi) = span(eptr, entries_len)?;
        let (h_lo, h_hi) = span(hptr, HEADER as u32)?;
        let bm_words = count.div_ceil(WORD_BITS);
        let (b_lo, b_hi) = span(bptr, 4 * bm_words)?;
        if (b_lo <= e_hi && e_lo <= b_hi) || (b_lo <= h_hi && h_lo <= b_hi) {
            return Err(KindError::Unsupported {
                name: NAME,
                arg: 3,
                value: bptr,
            });
        }
        if call
            .words
            .iter()
            .any(|w| w.new != w.old && !(b_lo..=b_hi).contains(&w.addr))
        {
            return Err(malformed("the call changed an input word"));
        }
        let perm = |a: u32| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R);
        let missing = |what| move || malformed(what);

        // The entries' windows: entry j's last word is carried from entry j + 1 when the
        // entry's end is not 4-aligned (offset ≠ 2) and j is not the top entry.
        let mut used = BTreeSet::new();
        let mut windows = Vec::with_capacity(count as usize);
        for j in 0..count {
            let ep = eptr + ENTRY as u32 * j;
            let (base, off) = (ep & !3, ep & 3);
            let last = if off == 3 { E_SLOTS - 1 } else { E_SLOTS - 2 };
            let shared = off != 2 && j + 1 < count;
            let mut slots = [Slot::default(); E_SLOTS];
            let mut last_read = base;
            for (i, slot) in slots.iter_mut().enumerate().take(last + 1) {
                let a = base + 4 * i as u32;
                let acc = words
                    .get(&a)
                    .ok_or_else(missing("an entry word is missing"))?;
                let carried = shared && i == last;
                *slot = Slot {
                    word: acc.old,
                    t_prev: if carried { 0 } else { acc.t_prev },
                };
                if !carried {
                    used.insert(a);
                    last_read = a;
                }
            }
            windows.push((slots, [perm(base), perm(last_read)]));
        }
        let in_entries = used.clone();
        let n_h = if hptr & 3 == 3 { H_SLOTS } else { H_SLOTS - 1 };
        let mut header = [Slot::default(); H_SLOTS];
        for (i, slot) in header.iter_mut().enumerate().take(n_h) {
            let a = h_lo + 4 * i as u32;
            let acc = words
                .get(&a)
                .ok_or_else(missing("a header word is missing"))?;
            // A word the entries also hold was read at 4·clk + 2 first.
            *slot = Slot {
                word: acc.old,
                t_prev: if in_entries.contains(&a) {
                    access_ts(call.clk)
                } else {
                    acc.t_prev
                },
            };
            used.insert(a);
        }
        let header_perms = [perm(h_lo), perm(h_lo + 4 * (n_h as u32 - 1))];
        let mut bitmap = Vec::with_capacity(bm_words as usize);
        for q in 0..bm_words {
            let a = bptr + 4 * q;
            let acc = words
                .get(&a)
                .ok_or_else(missing("a bitmap word is missing"))?;
            bitmap.push(OutWord {
                old: acc.old,
                t_prev: acc.t_prev,
                new: acc.new,
            });
            used.insert(a);
        }
        if used.len() != words.len() {
            return Err(malformed(
                "words other than the header's, the entries' and the bitmap's",
            ));
        }

        // The context, the keys, their sorted list and the duplicates, natively.
        let hbytes: Vec<u8> = (0..HEADER as u32)
            .map(|k| byte_at(&words, hptr + k))
            .collect::<Option<_>>()
            .ok_or_else(missing("a header word is missing"))?;
        let ctx = Context::of_header(&hbytes);
        let mut keys = Vec::with_capacity(count as usize);
        let mut seen = BTreeSet::new();
        let mut dups = Vec::with_capacity(count as usize);
        for j in 0..count {
            let ib: Vec<u8> = (0..4)
                .map(|k| byte_at(&words, eptr + ENTRY as u32 * j + k))
                .collect::<Option<_>>()
                .ok_or_else(missing("an entry word is missing"))?;
            let idx = valid_index(&ib);
            keys.push((idx.unwrap_or(INVALID_KEY as u32 + j), j));
            dups.push(idx.is_some_and(|i| !seen.insert(i)));
        }
        let mut sorted = keys.clone();
        sorted.sort_unstable();

        // From the top entry down: each entry's link is what its own circuit emits.
        let mut out: Vec<Self> = Vec::with_capacity(count as usize);
        let mut incoming = None;
        for (j, (slots, perms)) in windows.into_iter().enumerate().rev() {
            let head = j == 0;
            let step = Self {
                clk: call.clk,
                hptr: if head { hptr } else { 0 },
                eptr,
                count,
                bptr,
                entry: j as u32,
                ctx,
                incoming,
                sorted: sorted[j],
                dup: dups[j],
                slots,
                header: if head {
                    header
                } else {
                    [Slot::default(); H_SLOTS]
                },
                bitmap: if (j as u32).is_multiple_of(WORD_BITS) {
                    bitmap[j / WORD_BITS as usize]
                } else {
                    OutWord::default()
                },
                perms: if head {
                    [perms[0], perms[1], header_perms[0], header_perms[1]]
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
                incoming = Some(step.emitted_link()?);
            }
            out.push(step);
        }
        out.reverse();
        Ok(out)
    }

    /// The entry `j`.
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// This step with position `j` of the sorted key list set to `sorted` (`(key, pos)`)
    /// and the entry's duplicate flag to `dup`: the witnesses a malicious prover picks, for
    /// tests that the chain rejects a forged order or flag.
    #[must_use]
    pub fn with_order(&self, sorted: (u32, u32), dup: bool) -> Self {
        Self {
            sorted,
            dup,
            ..self.clone()
        }
    }

    /// The link this entry's circuit emits (for entry `j − 1`), from its native evaluation:
    /// the sums over undecodable points are whatever the circuit's formulas give.
    fn emitted_link(&self) -> Result<Link, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        let step = super::KindStep::SigShare(Batch::one(self.clone()));
        let out = step
            .eval_native(&[Fr::one(); crate::step::ARITY])
            .map_err(|_| malformed("an entry's circuit could not be evaluated"))?;
        let part = |p: u64| {
            out.tuples
                .iter()
                .find(|t| {
                    t.tag == Tag::SigShare
                        && t.mult == Fr::one()
                        && t.fields[1] == f(8 * u64::from(self.entry) + p)
                })
                .map(|t| t.fields)
                .ok_or(malformed("an entry emitted no link"))
        };
        let (p0, p1, p4, p5) = (part(0)?, part(1)?, part(4)?, part(5)?);
        let chunks = |lo: Fr, hi: Fr| -> Chunks {
            let big = |x: Fr| -> BigUint { x.into_bigint().into() };
            chunks_of(&(big(lo) + (big(hi) << 128u32)))
        };
        let flags = low_bits(p4[2]);
        Ok(Link {
            sum_nonce: Affine {
                x: chunks(p0[2], p0[3]),
                y: chunks(p0[4], p0[5]),
                id: flags & 1 == 1,
            },
            sum_key: Affine {
                x: chunks(p1[2], p1[3]),
                y: chunks(p1[4], p1[5]),
                id: flags & 2 == 2,
            },
            undecoded: flags & 4 == 4,
            blamed: flags & 8 == 8,
            carry: low_bits(p4[3]) as u32,
            bits: low_bits(p4[4]) as u32,
            key: low_bits(p4[5]) as u32,
            pos: low_bits(p5[5]) as u32,
        })
    }
}

impl BatchedCall for SigShareCall {
    const BATCH: usize = 1;

    /// One zero entry, a zero header and a zero bitmap word in guest RAM.
    fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        Self {
            clk: 1,
            hptr: ptr,
            eptr: ptr,
            count: 1,
            bptr: ptr + 0x200,
            entry: 0,
            ctx: Context::default(),
            incoming: None,
            sorted: (INVALID_KEY as u32, 0),
            dup: false,
            slots: [Slot::default(); E_SLOTS],
            header: [Slot::default(); H_SLOTS],
            bitmap: OutWord::default(),
            perms: [umbra_vm::memory::PERM_R; 4],
        }
    }
}

/// Sixteen 16-bit range-checked chunks.
fn chunk_vars(s: &mut Synth, b: &mut Bus, cs: &Chunks) -> Result<Vec<V>, SynthesisError> {
    cs.iter()
        .map(|&x| {
            let v = s.witness(f(x.into()))?;
            b.r16(s, &v, &V::constant(Fr::one()))?;
            Ok(v)
        })
        .collect()
}

/// The element whose 16-bit chunks are `ch` (no row; limbs below 2⁶⁴).
fn fe_of_chunks(ch: &[V]) -> Fe {
    let limbs: [V; 4] = core::array::from_fn(|j| half(&ch[4 * j..4 * j + 4]));
    Fe::from_parts(limbs, core::array::from_fn(|_| BigUint::from(u64::MAX)))
}

/// The integer the chunk variables hold, natively.
fn value_of_chunks(ch: &[V]) -> BigUint {
    ch.iter()
        .rev()
        .fold(BigUint::zero(), |acc, c| (acc << 16) + low_bits(c.val))
}

/// The 128-bit halves of sixteen chunks.
fn halves(ch: &[V]) -> [V; 2] {
    [half(&ch[..8]), half(&ch[8..])]
}

/// The six `Tag::SigShare` tuples of link `j` (`emit`: +1, else consumed −1) under `gate`,
/// `(clk, 8j + part, four fields)`: the nonce sum's and the key sum's affine halves, `R`'s,
/// `(m, r)`'s, `(flags, carry, bits, key)`, `(eptr, n, bptr, pos)`.
fn link(
    s: &mut Synth,
    b: &mut Bus,
    clk: &V,
    j: &V,
    parts: [[&V; 4]; 6],
    emit: bool,
    gate: &V,
) -> Result<(), SynthesisError> {
    for (p, [f1, f2, f3, f4]) in parts.into_iter().enumerate() {
        let c1 = j.scale(f(8)).add_const(f(p as u64));
        put(
            s,
            b,
            Tag::SigShare,
            clk,
            [Fld::X(&c1), Fld::X(f1), Fld::X(f2), Fld::X(f3), Fld::X(f4)],
            !emit,
            gate,
        )?;
    }
    Ok(())
}

/// A `(clk, 8·pos + part, value)` tuple: an entry's key (part 6) or duplicate flag (7).
#[allow(clippy::too_many_arguments)]
fn flag(
    s: &mut Synth,
    b: &mut Bus,
    clk: &V,
    pos: &V,
    part: u64,
    value: &V,
    emit: bool,
    gate: &V,
) -> Result<(), SynthesisError> {
    let c1 = pos.scale(f(8)).add_const(f(part));
    put(
        s,
        b,
        Tag::SigShare,
        clk,
        [
            Fld::X(&c1),
            Fld::X(value),
            Fld::K(Fr::zero()),
            Fld::K(Fr::zero()),
            Fld::K(Fr::zero()),
        ],
        !emit,
        gate,
    )
}

/// The little-endian 32-bit limbs of the big-endian 32 bytes `be` (no row).
fn limbs_of_be(be: &[V]) -> Vec<V> {
    (0..8)
        .map(|i| {
            (0..4).fold(V::zero(), |acc, k| {
                acc.plus(&be[31 - 4 * i - k].scale(pow2(8 * k as u32)))
            })
        })
        .collect()
}

/// The product of `xs` (one row per factor after the first).
fn product(s: &mut Synth, xs: &[V]) -> Result<V, SynthesisError> {
    let mut acc = xs[0].clone();
    for x in &xs[1..] {
        acc = s.mul(&acc, x)?;
    }
    Ok(acc)
}

impl SlotCircuit for SigShareCall {
    #[allow(clippy::too_many_lines)]
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        let zero = V::zero();
        let c = curve();
        let fld = &c.field;

        // ---- the call's registers and the entry: j ≤ n − 1 ≤ 1023; the top entry
        // (j = n − 1) has no incoming link; j = 32q + w (w = j mod 32).
        s.comp = "call";
        let clk = s.witness(f(self.clk))?;
        let hptr = s.witness(f(self.hptr.into()))?;
        let eptr = s.witness(f(self.eptr.into()))?;
        let count = s.witness(f(self.count.into()))?;
        let bptr = s.witness(f(self.bptr.into()))?;
        let j = s.witness(f(self.entry.into()))?;
        b.r16(s, &j, &one)?;
        let max = u64::from(umbra_abi::limits::MAX_PARTIES);
        b.r16(
            s,
            &V::constant(f(max)).sub(&count).scale(f(65_536 / max)),
            &one,
        )?;
        let head = is_zero(s, &j)?;
        s.enforce(&one.sub(&head), &hptr, &zero)?;
        let hg = s.mul(gate, &head)?;
        let rem = count.sub(&j).add_const(-Fr::one());
        b.r16(s, &rem, &one)?;
        let top = is_zero(s, &rem)?;
        let below = one.sub(&top);
        let cg = s.mul(gate, &below)?;
        let eg = s.mul(gate, &one.sub(&head))?;
        let w_bits: Vec<V> = (0..5)
            .map(|k| boolean(s, (self.entry >> k) & 1 == 1))
            .collect::<Result<_, _>>()?;
        let qw = s.witness(f(u64::from(self.entry / WORD_BITS)))?;
        b.r16(s, &qw, &one)?;
        let wsum = w_bits
            .iter()
            .enumerate()
            .fold(V::zero(), |acc, (k, x)| acc.plus(&x.scale(pow2(k as u32))));
        s.equal(&j, &qw.scale(f(32)).add(&wsum))?;
        // 2^w, w = 0 (the word's writer), w = 31 (the word's last entry).
        let pw_factors: Vec<V> = w_bits
            .iter()
            .enumerate()
            .map(|(k, x)| x.scale(pow2(1 << k) - Fr::one()).add_const(Fr::one()))
            .collect();
        let pw = product(s, &pw_factors)?;
        let writer = product(s, &w_bits.iter().map(|x| one.sub(x)).collect::<Vec<_>>())?;
        let last_in_word = product(s, &w_bits)?;

        // ---- the context and the incoming link (none for the top entry: pinned to zero
        // sums, nothing failed, no carry, no bits, sorted key 0).
        s.comp = "link";
        let rx = chunk_vars(s, b, &self.ctx.rx)?;
        let ry = chunk_vars(s, b, &self.ctx.ry)?;
        let m_ch = chunk_vars(s, b, &self.ctx.m)?;
        let r_ch = chunk_vars(s, b, &self.ctx.r)?;
        let hdr_ok = boolean(s, self.ctx.ok)?;
        let inc = self.incoming.unwrap_or_default();
        let nx_in = chunk_vars(s, b, &inc.sum_nonce.x)?;
        let ny_in = chunk_vars(s, b, &inc.sum_nonce.y)?;
        let n_id_in = boolean(s, inc.sum_nonce.id)?;
        let kx_in = chunk_vars(s, b, &inc.sum_key.x)?;
        let ky_in = chunk_vars(s, b, &inc.sum_key.y)?;
        let k_id_in = boolean(s, inc.sum_key.id)?;
        let und_in = boolean(s, inc.undecoded)?;
        let bl_in = boolean(s, inc.blamed)?;
        let carry_in = s.witness(f(inc.carry.into()))?;
        let bits_in = s.witness(f(inc.bits.into()))?;
        let key_up = s.witness(f(inc.key.into()))?;
        let pos_up = s.witness(f(inc.pos.into()))?;
        for v in nx_in
            .iter()
            .chain(&ny_in)
            .chain(&kx_in)
            .chain(&ky_in)
            .chain([
                &n_id_in, &k_id_in, &und_in, &bl_in, &carry_in, &bits_in, &key_up, &pos_up,
            ])
        {
            s.enforce(&top, v, &zero)?;
        }
        let [rx_lo, rx_hi] = halves(&rx);
        let [ry_lo, ry_hi] = halves(&ry);
        let [m_lo, m_hi] = halves(&m_ch);
        let [r_lo, r_hi] = halves(&r_ch);
        let [nx_lo, nx_hi] = halves(&nx_in);
        let [ny_lo, ny_hi] = halves(&ny_in);
        let [kx_lo, kx_hi] = halves(&kx_in);
        let [ky_lo, ky_hi] = halves(&ky_in);
        let flags_in = n_id_in
            .add(&k_id_in.scale(f(2)))
            .add(&und_in.scale(f(4)))
            .add(&bl_in.scale(f(8)))
            .add(&hdr_ok.scale(f(16)));
        let next = j.add_const(Fr::one());
        link(
            s,
            b,
            &clk,
            &next,
            [
                [&nx_lo, &nx_hi, &ny_lo, &ny_hi],
                [&kx_lo, &kx_hi, &ky_lo, &ky_hi],
                [&rx_lo, &rx_hi, &ry_lo, &ry_hi],
                [&m_lo, &m_hi, &r_lo, &r_hi],
                [&flags_in, &carry_in, &bits_in, &key_up],
                [&eptr, &count, &bptr, &pos_up],
            ],
            false,
            &cg,
        )?;

        // ---- the entry's window at eptr + 102j, 4·clk + 2: slots 0 … 24 always read; slot
        // 25 holds entry bytes at every offset, slot 26 at offset 3 only; the last one of
        // them is the next entry's first word (carried from the link) unless the entry
        // ends 4-aligned (offset 2) or is the top one.
        s.comp = "input";
        let ep = eptr.add(&j.scale(f(ENTRY as u64)));
        let ep_n = self.eptr.wrapping_add(ENTRY as u32 * self.entry);
        let (eb, sel, base) = window(s, b, (&ep, ep_n), &self.slots)?;
        let shared = s.mul(&one.sub(&sel[1]), &below)?;
        let c26 = s.mul(&sel[2], &below)?;
        let c25 = shared.sub(&c26);
        let read26 = sel[2].sub(&c26);
        for x in &eb[4 * (E_SLOTS - 1)..] {
            s.enforce(&one.sub(&sel[2]), x, &zero)?;
        }
        let word = |i: usize| {
            (0..4).fold(V::zero(), |acc, k| {
                acc.plus(&eb[4 * i + k].scale(pow2(8 * k as u32)))
            })
        };
        s.enforce(&c25, &word(E_SLOTS - 2).sub(&carry_in), &zero)?;
        s.enforce(&c26, &word(E_SLOTS - 1).sub(&carry_in), &zero)?;
        s.comp = "memory";
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let ts = clk.scale(f(4)).add_const(f(2));
        let g2ts = g2clk.scale(f(4)).add(&b.g[2].scale(f(2)));
        for (i, slot) in self.slots.iter().enumerate() {
            let tp = s.witness(f(slot.t_prev))?;
            let g = if i + 2 < E_SLOTS {
                gate.clone()
            } else {
                let read = if i + 2 == E_SLOTS {
                    one.sub(&c25)
                } else {
                    read26.clone()
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
        let span = V::constant(f(E_SLOTS as u64 - 2))
            .add(&sel[2])
            .sub(&shared)
            .scale(f(4));
        pages(s, b, &base, &span, [&p0, &p1], gate, &one)?;

        // ---- the entry: index, R̄_j, S_j, s_j.
        s.comp = "encoding";
        let e: Vec<V> = (0..ENTRY)
            .map(|k| shifted(s, &eb, &sel, k))
            .collect::<Result<_, _>>()?;
        let lo = e[0].add(&e[1].scale(f(256)));
        let hi = e[2].add(&e[3].scale(f(256)));
        let hi_zero = is_zero(s, &hi)?;
        let lo_zero = is_zero(s, &lo)?;
        let valid = s.mul(&hi_zero, &one.sub(&lo_zero))?;
        let (nonce, nonce_ok) = decompress(s, b, &e[4..4 + PT])?;
        let (key_share, key_ok) = decompress(s, b, &e[4 + PT..4 + 2 * PT])?;
        let s_bits = le_bits(s, &e[4 + 2 * PT..])?;
        let s_bad = borrow_above(s, b, &limbs_of_bits(&s_bits), &n_minus_one(), false)?;
        let decoded = product(s, &[nonce_ok, key_ok, one.sub(&s_bad)])?;

        // ---- duplicates: emit (j, key_j); consume sorted position j; order it below
        // position j + 1 and tell entry pos'_{j+1} whether its key repeats key'_j.
        s.comp = "duplicates";
        let invalid_key = j.add_const(f(INVALID_KEY));
        let key = invalid_key.add(&s.mul(&valid, &lo.sub(&invalid_key))?);
        flag(s, b, &clk, &j, 6, &key, true, gate)?;
        let key_s = s.witness(f(self.sorted.0.into()))?;
        let pos_s = s.witness(f(self.sorted.1.into()))?;
        // An integer position: `8·pos + 6` names a key tuple and nothing else (a link's
        // label `8j + part` has `part < 6`).
        b.r16(s, &pos_s, &one)?;
        flag(s, b, &clk, &pos_s, 6, &key_s, false, gate)?;
        let order = |k: &V, p: &V| k.scale(pow2(POS_BITS)).add(p);
        let gap = s.mul(
            &below,
            &order(&key_up, &pos_up)
                .sub(&order(&key_s, &pos_s))
                .add_const(-Fr::one()),
        )?;
        b.r32(s, &gap.scale(f(16)), &one)?;
        let same = is_zero(s, &key_up.sub(&key_s))?;
        let dup_up = s.mul(&same, &below)?;
        flag(s, b, &clk, &pos_up, 7, &dup_up, true, &cg)?;
        flag(s, b, &clk, &pos_s, 7, &zero, true, &hg)?;
        let dup = boolean(s, self.dup)?;
        flag(s, b, &clk, &j, 7, &dup, false, gate)?;

        // ---- s_j·R − m·R̄_j − r·S_j = O.
        s.comp = "msm";
        let big_r = Point {
            x: fe_of_chunks(&rx),
            y: fe_of_chunks(&ry),
            z: fld.constant(&BigUint::one()),
        };
        let s_fe = super::bip340::fe_of_bits(&s_bits);
        let s_val = s_fe.value();
        let m_val = value_of_chunks(&m_ch);
        let r_val = value_of_chunks(&r_ch);
        let sum = glv_msm(
            s,
            b,
            &[
                (&big_r, false, &s_fe, &s_val),
                (&nonce, true, &fe_of_chunks(&m_ch), &m_val),
                (&key_share, true, &fe_of_chunks(&r_ch), &r_val),
            ],
        )?;
        let eq_ok = fld.is_zero(s, b, &sum.z)?;

        // ---- blame, and the running results.
        s.comp = "blame";
        let ok = product(s, &[decoded.clone(), valid, one.sub(&dup), eq_ok])?;
        let bit = s.mul(&hdr_ok, &one.sub(&ok))?;
        let und_out = one.sub(&s.mul(&one.sub(&und_in), &decoded)?);
        let bl_out = one.sub(&s.mul(&one.sub(&bl_in), &ok)?);
        let kept = s.mul(&one.sub(&last_in_word), &bits_in)?;
        let bits_out = kept.add(&s.mul(&bit, &pw)?);

        // ---- the sums (absent above the top entry: the identity).
        s.comp = "sums";
        let sum_in = |s: &mut Synth, x: &[V], y: &[V], id: &V| -> Result<Point, SynthesisError> {
            let p = Point {
                x: fe_of_chunks(x),
                y: fe_of_chunks(y),
                z: fld.constant(&BigUint::one()),
            };
            c.select(s, &top.add(id), &p, &c.constant(None))
        };
        let n_acc = sum_in(s, &nx_in, &ny_in, &n_id_in)?;
        let k_acc = sum_in(s, &kx_in, &ky_in, &k_id_in)?;
        let n_sum = c.add(s, b, &n_acc, &nonce)?;
        let k_sum = c.add(s, b, &k_acc, &key_share)?;

        // ---- the link to entry j − 1 (not from entry 0).
        s.comp = "link";
        let na = c.to_affine(s, b, &n_sum)?;
        let ka = c.to_affine(s, b, &k_sum)?;
        let flags_out = na
            .id
            .add(&ka.id.scale(f(2)))
            .add(&und_out.scale(f(4)))
            .add(&bl_out.scale(f(8)))
            .add(&hdr_ok.scale(f(16)));
        let [nx_lo, nx_hi] = halves(&na.x_chunks);
        let [ny_lo, ny_hi] = halves(&na.y_chunks);
        let [kx_lo, kx_hi] = halves(&ka.x_chunks);
        let [ky_lo, ky_hi] = halves(&ka.y_chunks);
        let first = word(0);
        link(
            s,
            b,
            &clk,
            &j,
            [
                [&nx_lo, &nx_hi, &ny_lo, &ny_hi],
                [&kx_lo, &kx_hi, &ky_lo, &ky_hi],
                [&rx_lo, &rx_hi, &ry_lo, &ry_hi],
                [&m_lo, &m_hi, &r_lo, &r_hi],
                [&flags_out, &first, &bits_out, &key_s],
                [&eptr, &count, &bptr, &pos_s],
            ],
            true,
            &eg,
        )?;

        // ---- the bitmap word q = j/32 (entries j ≡ 0 mod 32) at 4·clk + 3: bytes
        // 0 … W − 1 written, W = min(4, ⌈(n − j)/8⌉) (byte k written iff 8k ≤ rem), the
        // others kept.
        s.comp = "bitmap";
        let wg = s.mul(gate, &writer)?;
        let qb = s.witness(f(u64::from(self.bptr >> 2)))?;
        b.r32(s, &qb, &one)?;
        s.equal(&bptr, &qb.scale(f(4)))?;
        let rem_n = u64::from(self.count - 1 - self.entry);
        let written: Vec<V> = (1..4u64)
            .map(|k| boolean(s, 8 * k <= rem_n))
            .collect::<Result<_, _>>()?;
        s.enforce(&written[1], &one.sub(&written[0]), &zero)?;
        s.enforce(&written[2], &one.sub(&written[1]), &zero)?;
        let nbytes = written.iter().fold(one.clone(), |acc, x| acc.plus(x));
        let full = &written[2];
        let short = s.mul(
            &one.sub(full),
            &nbytes.scale(f(8)).sub(&rem).add_const(-Fr::one()),
        )?;
        b.r16(s, &short.scale(pow2(13)), &one)?;
        let long = s.mul(full, &rem.add_const(-f(24)))?;
        b.r16(s, &long, &one)?;
        let old_bytes: Vec<V> = (0..4)
            .map(|k| {
                let x = s.witness(f(u64::from((self.bitmap.old >> (8 * k)) & 0xff)))?;
                b.r16(s, &x.scale(f(256)), &one)?;
                Ok(x)
            })
            .collect::<Result<_, SynthesisError>>()?;
        let old = old_bytes.iter().enumerate().fold(V::zero(), |acc, (k, x)| {
            acc.plus(&x.scale(pow2(8 * k as u32)))
        });
        let mut value = bits_out.clone();
        for (k, x) in old_bytes.iter().enumerate().skip(1) {
            let keep = s.mul(&one.sub(&written[k - 1]), x)?;
            value = value.plus(&keep.scale(pow2(8 * k as u32)));
        }
        let new = s.witness(if wg.val.is_zero() {
            value.val
        } else {
            f(self.bitmap.new.into())
        })?;
        s.equal(&new, &value)?;
        let tp = s.witness(f(self.bitmap.t_prev))?;
        let idle = one.sub(&wg);
        s.enforce(&idle, &old, &zero)?;
        s.enforce(&idle, &tp, &zero)?;
        let addr = bptr.add(&qw.scale(f(4)));
        let ts_w = clk.scale(f(4)).add_const(f(3));
        let g2ts_w = g2clk.scale(f(4)).add(&b.g[2].scale(f(3)));
        b.access(
            s,
            Tag::Ram,
            &addr,
            &old,
            &tp,
            Some(&new),
            &ts_w,
            &g2ts_w,
            &wg,
            &one,
        )?;
        let rw = V::constant(f(u64::from(
            umbra_vm::memory::PERM_R | umbra_vm::memory::PERM_W,
        )));
        pages(s, b, &addr, &zero, [&rw, &rw], &wg, &one)?;

        // ---- the header (entry 0) at 4·clk + 3; elsewhere all zero.
        let (hb, hsel, _) = read_bytes_at(
            s,
            b,
            (&clk, 3),
            ((&hptr, self.hptr), HEADER),
            &self.header,
            [self.perms[2], self.perms[3]],
            (&hg, true),
        )?;
        s.comp = "header";
        for x in &hb {
            s.enforce(&one.sub(&head), x, &zero)?;
        }
        let h: Vec<V> = (0..HEADER)
            .map(|k| shifted(s, &hb, &hsel, k))
            .collect::<Result<_, _>>()?;
        let (y_pt, y_dec) = decompress(s, b, &h[..PT])?;
        let (r_pt, r_ok) = decompress(s, b, &h[PT..2 * PT])?;
        let (m_bits, _) = reduce_mod_n(s, b, &limbs_of_be(&h[2 * PT..]))?;
        let (r_bits, _) = reduce_mod_n(s, b, &limbs_of_be(&h[PT + 1..2 * PT]))?;
        let r_sum = limbs_of_bits(&r_bits)
            .iter()
            .fold(V::zero(), |acc, l| acc.plus(l));
        let r_zero = is_zero(s, &r_sum)?;
        let h_ok = product(s, &[y_dec, r_ok, one.sub(&r_zero)])?;
        s.enforce(&head, &hdr_ok.sub(&h_ok), &zero)?;
        // With a good header, the context is the header's.
        let hk = s.mul(&head, &hdr_ok)?;
        let ctx_r = [fe_of_chunks(&rx), fe_of_chunks(&ry)];
        for (mine, theirs) in ctx_r.iter().zip([&r_pt.x, &r_pt.y]) {
            for (a, t) in mine.limbs().iter().zip(theirs.limbs()) {
                s.enforce(&hk, &a.sub(t), &zero)?;
            }
        }
        let bit_halves = |bits: &[V]| -> [V; 2] {
            let h = |bs: &[V]| {
                bs.iter()
                    .enumerate()
                    .fold(V::zero(), |acc, (k, x)| acc.plus(&x.scale(pow2(k as u32))))
            };
            [h(&bits[..128]), h(&bits[128..])]
        };
        for (mine, theirs) in [m_lo, m_hi, r_lo, r_hi]
            .iter()
            .zip(bit_halves(&m_bits).iter().chain(&bit_halves(&r_bits)))
        {
            s.enforce(&hk, &mine.sub(theirs), &zero)?;
        }

        // ---- the sums against G and Y (entry 0).
        s.comp = "aggregate";
        let p = p_int();
        let gx = BigUint::parse_bytes(
            b"79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
            16,
        )
        .ok_or(SynthesisError::Unsatisfiable)?;
        let gy = BigUint::parse_bytes(
            b"483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
            16,
        )
        .ok_or(SynthesisError::Unsatisfiable)?;
        let d_g = c.add_affine(
            s,
            b,
            &n_sum,
            (&fld.constant(&gx), &fld.constant(&(&p - &gy))),
        )?;
        let g_ok = fld.is_zero(s, b, &d_g.z)?;
        let neg_y = Point {
            x: y_pt.x.clone(),
            y: fld.neg(&y_pt.y),
            z: y_pt.z.clone(),
        };
        let d_y = c.add(s, b, &k_sum, &neg_y)?;
        let y_ok = fld.is_zero(s, b, &d_y.z)?;
        let agg_ok = s.mul(&g_ok, &y_ok)?;

        // ---- results: verdict (1 valid) and reason (0 ok, 2 encoding, 3 share,
        // 4 aggregate); the cost a fold's per entry.
        s.comp = "call";
        let enc_ok = s.mul(&hdr_ok, &one.sub(&und_out))?;
        let share_bad = s.mul(&enc_ok, &bl_out)?;
        let agg_bad = s.mul(&enc_ok.sub(&share_bad), &one.sub(&agg_ok))?;
        let verdict = enc_ok.sub(&share_bad).sub(&agg_bad);
        let code = |r: umbra_abi::Reason| f(r.code().into());
        let reason = one
            .sub(&enc_ok)
            .scale(code(umbra_abi::Reason::Encoding))
            .add(&share_bad.scale(code(umbra_abi::Reason::Share)))
            .add(&agg_bad.scale(code(umbra_abi::Reason::Aggregate)));
        let cycles = count.scale(f(umbra_precompiles::cost::tecdsa_sigshare(1)));
        consume_call(
            s,
            b,
            (&clk, TECDSA_SIGSHARE_VERIFY),
            &hptr,
            &cycles,
            (&verdict, &reason),
            [Fld::X(&eptr), Fld::X(&count), Fld::X(&bptr)],
            &hg,
        )?;
        Ok(())
    }
}
