//! The SHA-256 block chain of `bip340_verify`'s long messages: one full 64-byte message
//! block per slot, [`BATCH`] slots per fold (kind [`crate::params::KIND_SHA256`]).
//!
//! The `bip340_verify` fold of a call with `len = 64q + tail` (`tail < 64`) hashes the
//! constant prefix, `r ‖ pk`, and the last `tail` bytes with the padding; the `q` full
//! blocks before them are this kind's. They chain on the bus under [`Tag::Sha256`]:
//! link `j` is three tuples `(clk, 4j + part, …)` — part 0 `(mptr, carry, 0, 0)`, parts 1
//! and 2 the state before block `j` as eight 32-bit words. The `bip340_verify` fold emits
//! link 0 (the state after `r ‖ pk`, carry 0) and consumes link `q`; block `j` consumes
//! link `j` and emits link `j + 1`. So the blocks form the one path `0 → 1 → … → q` of the
//! call (`clk`), each reading the message at the `mptr` the call's fold bound (for
//! `q = 0` the fold's own two tuples cancel).
//!
//! **Reads.** Block `j` covers the message bytes `64j … 64j + 63`, words `16j … 16j + 16`
//! of the aligned base (slot 16 only when `mptr` is misaligned), at `4·clk + 3` like the
//! call's other message words ([`super::reads_late`]). A misaligned block's slot 16 is
//! the next block's slot 0: read once, by block `j`, and passed on as link `j + 1`'s
//! `carry`; slot 0 is read from memory iff `j = 0` or `mptr` is aligned.

use std::collections::BTreeMap;

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::SynthesisError;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::bip340::be_words;
use super::gadgets::{Fld, Slot, boolean, byte_bits, pages, put, readable, shifted, window};
use super::sha2::{SHA256, Sha2, Word};
use super::{KindError, WordAccess};
use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, is_zero, pow2};

/// Blocks per fold.
pub const BATCH: usize = 4;

/// Word slots of a block's window: 16 words, one more when misaligned.
const SLOTS: usize = 17;

/// One link of a call's chain: the state before block `j`, and the carried word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct Link {
    pub(super) j: u64,
    pub(super) carry: u32,
    pub(super) state: [u32; 8],
}

/// One 64-byte message block of a `bip340_verify` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sha256Block {
    clk: u64,
    mptr: u32,
    link: Link,
    window: [Slot; SLOTS],
    /// Permissions of the pages of the window's first and last read word.
    perms: [u8; 2],
}

/// Up to [`BATCH`] blocks in one fold.
pub type Sha256Batch = Batch<Sha256Block>;

/// The state words of the chain of `msg` (any length): the state before each of its
/// `⌊len/64⌋` full blocks and after the last one, starting from `start`.
pub(super) fn chain_states(start: [u32; 8], msg: &[u8]) -> Vec<[u32; 8]> {
    let mut st = start.map(u64::from);
    let mut out = vec![start];
    for blk in msg.chunks_exact(64) {
        let words: [u64; 16] = core::array::from_fn(|i| {
            u64::from(u32::from_be_bytes([
                blk[4 * i],
                blk[4 * i + 1],
                blk[4 * i + 2],
                blk[4 * i + 3],
            ]))
        });
        SHA256.compress_native(&mut st, &words);
        out.push(st.map(|x| x as u32));
    }
    out
}

impl Sha256Block {
    /// The blocks of a call at `clk` whose message is at `mptr` (`words`: the call's record,
    /// by address; `block_words`: the words its key block reads at `4·clk + 2`), from the
    /// states of [`chain_states`].
    pub(super) fn for_message(
        clk: u64,
        mptr: u32,
        states: &[[u32; 8]],
        words: &BTreeMap<u32, WordAccess>,
        block_words: &dyn Fn(u32) -> bool,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Vec<Self>, KindError> {
        let malformed = |what| KindError::Malformed {
            name: "bip340_verify",
            what,
        };
        let base = mptr & !3;
        let misaligned = mptr & 3 != 0;
        let q = states.len().saturating_sub(1);
        let mut out = Vec::with_capacity(q);
        let mut carry = 0u32;
        for (j, state) in states.iter().take(q).enumerate() {
            let mut window = [Slot::default(); SLOTS];
            let read0 = j == 0 || !misaligned;
            let mut first = None;
            let mut last = 0;
            for (i, slot) in window.iter_mut().enumerate() {
                if i == 16 && !misaligned {
                    continue;
                }
                let a = base
                    .checked_add((64 * j + 4 * i) as u32)
                    .ok_or(malformed("message past the address space"))?;
                let acc = words
                    .get(&a)
                    .ok_or(malformed("a message word is missing"))?;
                let read = i > 0 || read0;
                let t_prev = if !read {
                    0
                } else if block_words(a) {
                    super::access_ts(clk)
                } else {
                    acc.t_prev
                };
                *slot = Slot {
                    word: acc.old,
                    t_prev,
                };
                if read {
                    first.get_or_insert(a);
                    last = a;
                }
            }
            let perm = |a: u32| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R);
            let first = first.unwrap_or(base);
            out.push(Self {
                clk,
                mptr,
                link: Link {
                    j: j as u64,
                    carry: if j == 0 { 0 } else { carry },
                    state: *state,
                },
                window,
                perms: [perm(first), perm(last)],
            });
            carry = if misaligned { window[16].word } else { 0 };
        }
        Ok(out)
    }
}

impl BatchedCall for Sha256Block {
    const BATCH: usize = BATCH;

    /// Block 0 of an aligned message at the start of guest RAM, on the IV.
    fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        Self {
            clk: 1,
            mptr: ptr,
            link: Link {
                j: 0,
                carry: 0,
                state: SHA256.iv.map(|x| x as u32),
            },
            window: [Slot::default(); SLOTS],
            perms: [umbra_vm::memory::PERM_R; 2],
        }
    }
}

/// The state's words as booleans (256 rows), each word also packed.
pub(super) fn state_bits(s: &mut Synth, state: &[u32; 8]) -> Result<[Word; 8], SynthesisError> {
    let mut out: [Word; 8] = Default::default();
    for (o, w) in out.iter_mut().zip(state) {
        *o = (0..32)
            .map(|i| boolean(s, (w >> i) & 1 == 1))
            .collect::<Result<_, _>>()?;
    }
    Ok(out)
}

/// Link `j`'s three tuples on the bus (`emit`: +1, else consumed −1) under `gate`.
#[allow(clippy::too_many_arguments)]
pub(super) fn link(
    s: &mut Synth,
    b: &mut Bus,
    clk: &V,
    j: &V,
    (mptr, carry): (&V, &V),
    state: &[Word; 8],
    emit: bool,
    gate: &V,
) -> Result<(), SynthesisError> {
    let w: Vec<V> = state.iter().map(|w| Sha2::pack(w)).collect();
    for part in 0..3u64 {
        let c1 = j.scale(f(4)).add_const(f(part));
        let fields = match part {
            0 => [
                Fld::X(&c1),
                Fld::X(mptr),
                Fld::X(carry),
                Fld::K(Fr::zero()),
                Fld::K(Fr::zero()),
            ],
            1 => [
                Fld::X(&c1),
                Fld::X(&w[0]),
                Fld::X(&w[1]),
                Fld::X(&w[2]),
                Fld::X(&w[3]),
            ],
            _ => [
                Fld::X(&c1),
                Fld::X(&w[4]),
                Fld::X(&w[5]),
                Fld::X(&w[6]),
                Fld::X(&w[7]),
            ],
        };
        put(s, b, Tag::Sha256, clk, fields, !emit, gate)?;
    }
    Ok(())
}

impl SlotCircuit for Sha256Block {
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        s.comp = "link";
        let clk = s.witness(f(self.clk))?;
        let mptr = s.witness(f(self.mptr.into()))?;
        let j = s.witness(f(self.link.j))?;
        let carry = s.witness(f(self.link.carry.into()))?;
        let state = state_bits(s, &self.link.state)?;
        link(s, b, &clk, &j, (&mptr, &carry), &state, false, gate)?;

        // ---- the window at base + 64j: slot 0 read iff j = 0 or aligned (else the carry),
        // slots 1–15 always, slot 16 iff misaligned.
        s.comp = "input";
        let (bytes, sel, base) = window(s, b, (&mptr, self.mptr), &self.window)?;
        let misaligned = sel[0].add(&sel[1]).add(&sel[2]);
        let aligned = one.sub(&misaligned);
        let first = is_zero(s, &j)?;
        let carried = s.mul(&misaligned, &one.sub(&first))?;
        let read0 = one.sub(&carried);
        let word = |i: usize| {
            (0..4).fold(V::zero(), |acc, k| {
                acc.plus(&bytes[4 * i + k].scale(pow2(8 * k as u32)))
            })
        };
        s.enforce(&carried, &word(0).sub(&carry), &V::zero())?;
        for x in &bytes[64..] {
            s.enforce(&aligned, x, &V::zero())?;
        }
        s.comp = "memory";
        let ts = clk.scale(f(4)).add_const(f(3));
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let g2ts = g2clk.scale(f(4)).add(&b.g[2].scale(f(3)));
        let start = base.add(&j.scale(f(64)));
        let g0 = s.mul(gate, &read0)?;
        let g16 = s.mul(gate, &misaligned)?;
        for (i, slot) in self.window.iter().enumerate() {
            let (g, unread) = match i {
                0 => (&g0, carried.clone()),
                16 => (&g16, aligned.clone()),
                _ => (gate, V::zero()),
            };
            let tp = s.witness(f(slot.t_prev))?;
            if i == 0 || i == 16 {
                s.enforce(&unread, &tp, &V::zero())?;
            }
            let addr = start.add_const(f(4 * i as u64));
            b.access(s, Tag::Ram, &addr, &word(i), &tp, None, &ts, &g2ts, g, &one)?;
        }
        s.comp = "pages";
        let p0 = readable(s, self.perms[0], gate)?;
        let p1 = readable(s, self.perms[1], gate)?;
        // First read word: base + 64j, or + 4 when slot 0 is carried; last: + 60 or + 64.
        let first_read = start.add(&carried.scale(f(4)));
        let span = V::constant(f(60))
            .add(&misaligned.scale(f(4)))
            .sub(&carried.scale(f(4)));
        pages(s, b, &first_read, &span, [&p0, &p1], gate, &one)?;

        // ---- the block and the next link.
        s.comp = "compress";
        let mut block_bits = Vec::with_capacity(64);
        for k in 0..64 {
            let byte = shifted(s, &bytes, &sel, k)?;
            block_bits.push(byte_bits(s, &byte)?);
        }
        let next = SHA256.compress(s, &state, &be_words(&block_bits))?;
        s.comp = "link";
        link(
            s,
            b,
            &clk,
            &j.add_const(Fr::one()),
            (&mptr, &word(16)),
            &next,
            true,
            gate,
        )?;
        Ok(())
    }
}
