//! The bus: one LogUp sum over every tuple the CPU step emits, and its native balance check.
//!
//! Every tuple is compressed to a field element with the challenge γ,
//! `h = c0 + γ·c1 + … + γ⁵·c5 + γ⁶·tag`, and contributes `±m / (α − h)` to the running sum.
//! The tag occupies its own power of γ, so tuples of different kinds never collide as
//! polynomials in γ whatever their field values (no reasoning about address ranges needed).
//!
//! | tag | fields | step contribution | other side (decider, or the fold named) |
//! |---|---|---|---|
//! | `Reg`, `Ram` | (cell, value, timestamp) | −1 per read, +1 per write | +1 per initial cell (ts 0, verifier's image), −1 per final cell (prover advice) |
//! | `Rom` | (pc, flags, rd, rs1, rs2, imm) | −1 per fetch | +m per verifier-built entry |
//! | `Range16` | (x) | −1 per check | +m for x in 0..2¹⁶: the tables kind ([`crate::tables`]) |
//! | `And` | (x, y, x & y) | −1 per byte | +m for bytes x, y: the tables kind |
//! | `Pow` | (s, 2^s, 2^(32−s)) | −1 per shift | +m for s in 0..32: the tables kind |
//! | `Syscall` | (clk, id, a0, extra cycles, a0 after, a1 after) | −1 per `halt` or precompile `ecall` | +1: the decider (halt), a precompile kind |
//! | `PreArgs` | (clk, a1, a2, a3) | −1 per precompile `ecall` | +1 by the precompile kind |
//! | `Sponge` | (clk, 4·block + part, four fields) | +1 by a hash block, −1 by the next | — |
//! | `Sha256` | (clk, 4·block + part, four fields) | +1 by a `bip340_verify` fold (link 0) or a SHA-256 block, −1 by the next block or the call's fold | — |
//! | `Feldman` | (clk, 4·segment + part, four fields) | +1 by a `tecdsa_feldman_verify` segment above the first, −1 by the segment below | — |
//! | `SigShare` | (clk, 8·entry + part, four fields) | +1 by a `tecdsa_sigshare_verify` entry (its link down, its key, a duplicate flag), −1 by the entry below (the link), the sorted list (the key), the flagged entry | — |
//! | `Perm` | (page, R + 2·W) | −1 per RAM access | +m per guest-RAM page (verifier's table) |
//! | `Journal` | (position, byte) | −1 per committed byte | +1 per byte of the public journal |
//! | `Tape` | (position, byte) | −1 per private byte read | +1 per read byte of the private tape (advice) |
//!
//! [`Ledger`] gathers what the prover must supply (the fixed tables' multiplicities for the
//! tables kind's fold; the program tables' multiplicities and the final memory set as advice)
//! from the tuples the native step evaluation logs, and [`Ledger::balance`] computes the
//! total the decider requires to be zero.

use ark_bn254::Fr;
use ark_ff::{Field, PrimeField, Zero};

use crate::advice::BusAdvice;
use crate::rom::Rom;
use crate::witness::InitialMemory;

/// The kind of a bus tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
    /// A register cell (cell = register index).
    Reg = 1,
    /// A RAM word (cell = 4-aligned byte address).
    Ram = 2,
    /// A program ROM fetch.
    Rom = 3,
    /// A 16-bit range check.
    Range16 = 4,
    /// A byte AND lookup.
    And = 5,
    /// A shift-power lookup.
    Pow = 6,
    /// A syscall emitted by `ecall`.
    Syscall = 7,
    /// A page-permission lookup.
    Perm = 8,
    /// A journal byte `(position, byte)` moved by `commit`; the decider puts the public
    /// journal on the other side.
    Journal = 9,
    /// A private-input byte `(position, byte)` moved by `read_private`; the other side is the
    /// private tape (advice of the decider, never public). Must stay `Journal + 1`: the
    /// step picks the tag as `Journal + kr`.
    Tape = 10,
    /// The arguments `(clk, a1, a2, a3)` of a precompile call: emitted by its `ecall` slot,
    /// consumed by the precompile's circuit kind beside the `Syscall` tuple.
    PreArgs = 11,
    /// A sponge state passed between the folds of one multi-block precompile call
    /// `(clk, 4·block + part, four fields)`: emitted by one fold of its kind, consumed by
    /// the next (`precompile::keccak`).
    Sponge = 12,
    /// A link of a `bip340_verify` message's SHA-256 block chain `(clk, 4·block + part,
    /// four fields)` (`precompile::sha256_block`): balanced among the kinds' steps.
    Sha256 = 13,
    /// A link between the segments of a `tecdsa_feldman_verify` call `(clk, 4·segment +
    /// part, four fields)` (`precompile::feldman`): balanced among the kind's steps.
    Feldman = 14,
    /// A `tecdsa_sigshare_verify` tuple `(clk, 8·entry + part, four fields)`
    /// (`precompile::sigshare`): the link between entries (parts 0–5), an entry's key
    /// (6) and duplicate flag (7); balanced among the kind's steps.
    SigShare = 15,
}

/// One tuple the step put on the bus, with its signed multiplicity (0 when gated off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tuple {
    /// Kind.
    pub tag: Tag,
    /// Fields (unused ones are zero).
    pub fields: [Fr; 6],
    /// Signed multiplicity.
    pub mult: Fr,
}

/// `h = Σ γ^j·c_j + γ⁶·tag`, the native twin of the in-circuit compression.
pub fn compress(tag: Tag, fields: &[Fr; 6], gamma: Fr) -> Fr {
    let mut h = Fr::from(tag as u64);
    for c in fields.iter().rev() {
        h = h * gamma + c;
    }
    h
}

/// `a ≤ b` for timestamps (small integers).
fn ts_le(a: Fr, b: Fr) -> bool {
    match (small(a), small(b)) {
        (Some(a), Some(b)) => a <= b,
        _ => true,
    }
}

/// The value of a field element if it is below 2^64.
pub(crate) fn small(x: Fr) -> Option<u64> {
    let b = x.into_bigint();
    if b.as_ref()[1..].iter().all(|&l| l == 0) {
        Some(b.as_ref()[0])
    } else {
        None
    }
}

/// [`small`] for callers outside the crate (tests, tools): the value of a field element
/// below 2^64.
pub fn small_u64(x: Fr) -> Option<u64> {
    small(x)
}

/// What the prover supplies beside the steps, gathered from the logged tuples.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Program-table multiplicities and the final memory set (the tape is added by
    /// [`Ledger::into_advice`]).
    advice: BusAdvice,
    /// Lookups of each fixed-table entry ([`crate::tables::entry`]; empty until the first).
    lookups: Vec<u64>,
    /// `Syscall` and `PreArgs` tuples with their multiplicities, in order.
    calls: Vec<(Tag, [Fr; 6], Fr)>,
    /// Journal and tape tuples emitted, (position, byte) in order.
    journal: Vec<(Fr, Fr)>,
    tape: Vec<(Fr, Fr)>,
    /// Lookups whose claimed values are not in their table (never balanced).
    unmatched: usize,
}

impl Ledger {
    /// Absorb the tuples one step logged.
    pub fn absorb(&mut self, rom: &Rom, init: &InitialMemory, tuples: &[Tuple]) {
        let minus = -Fr::from(1u64);
        for t in tuples {
            if t.mult.is_zero() {
                continue;
            }
            let c = &t.fields;
            let lookup_ok = match t.tag {
                Tag::Reg | Tag::Ram => {
                    let e = self.advice.cells.entry((t.tag, c[0])).or_insert(None);
                    // The final set keeps each cell's latest write: a precompile kind's
                    // accesses may be absorbed after later CPU writes to the same word.
                    let later = e.is_none_or(|(_, ts)| ts_le(ts, c[2]));
                    if t.mult != minus && later {
                        *e = Some((c[1], c[2]));
                    }
                    true
                }
                // Emitted by an `ecall` (−1) or consumed by a precompile kind (+1): the
                // decider consumes what no kind does (the halt).
                Tag::Syscall | Tag::PreArgs => {
                    self.calls.push((t.tag, *c, t.mult));
                    true
                }
                // Between two folds of one kind: balanced among the steps themselves.
                Tag::Sponge | Tag::Sha256 | Tag::Feldman | Tag::SigShare => true,
                // Consumed by the decider's journal / tape side (see `balance`).
                Tag::Journal => {
                    self.journal.push((c[0], c[1]));
                    true
                }
                Tag::Tape => {
                    self.tape.push((c[0], c[1]));
                    true
                }
                // The fixed tables' fold (`crate::tables`): its entries are circuit constants.
                Tag::Range16 | Tag::And | Tag::Pow if t.mult != minus => true,
                _ if t.mult != minus => false,
                Tag::Range16 | Tag::And | Tag::Pow => match crate::tables::index_of(t.tag, c) {
                    Some(j) => {
                        if self.lookups.is_empty() {
                            self.lookups = vec![0; crate::tables::ENTRIES];
                        }
                        self.lookups[j] += 1;
                        true
                    }
                    None => false,
                },
                Tag::Perm => {
                    let page = small(c[0]).and_then(|p| u32::try_from(p).ok());
                    match page.and_then(|p| init.page_perm(p).map(|q| (p, q))) {
                        Some((p, q)) if c[1] == Fr::from(q) => {
                            *self.advice.perm.entry(p).or_insert(0) += 1;
                            true
                        }
                        _ => false,
                    }
                }
                Tag::Rom if small(c[0]).is_some_and(|key| rom.continuation(key)) => {
                    let ok = c[1..].iter().all(Fr::is_zero);
                    if ok && let Some(key) = small(c[0]) {
                        *self.advice.cont.entry(key).or_insert(0) += 1;
                    }
                    ok
                }
                Tag::Rom => {
                    let pc = small(c[0]).and_then(|p| u32::try_from(p).ok());
                    match pc.and_then(|p| rom.get(p).ok().map(|e| (p, e))) {
                        Some((p, e)) if rom_fields(p, e) == *c => {
                            *self.advice.rom.entry(p).or_insert(0) += 1;
                            true
                        }
                        _ => false,
                    }
                }
            };
            if !lookup_ok {
                self.unmatched += 1;
            }
        }
    }

    /// `Syscall` tuples emitted (multiplicity −1) and not consumed by a precompile kind
    /// (+1): what the decider must consume (an honest execution's halt, alone).
    pub fn syscalls(&self) -> Vec<[Fr; 6]> {
        let mut open: Vec<[Fr; 6]> = Vec::new();
        for (tag, c, m) in &self.calls {
            if *tag != Tag::Syscall {
                continue;
            }
            if *m == -Fr::from(1u64) {
                open.push(*c);
            } else if let Some(i) = open.iter().position(|o| o == c) {
                open.swap_remove(i);
            }
        }
        open
    }

    /// The journal the steps claim, if their journal tuples name positions 0, 1, … in order
    /// (what an honest prover's do); `None` otherwise.
    pub fn journal(&self) -> Option<Vec<u8>> {
        io_bytes(&self.journal)
    }

    /// The private-input bytes the steps read, in order (as [`Ledger::journal`]).
    pub fn tape_read(&self) -> Option<Vec<u8>> {
        io_bytes(&self.tape)
    }

    /// How often each fixed-table entry was looked up (by [`crate::tables::entry`] index):
    /// the multiplicities of the tables kind's fold.
    pub fn lookup_counts(&self) -> Vec<u64> {
        if self.lookups.is_empty() {
            vec![0; crate::tables::ENTRIES]
        } else {
            self.lookups.clone()
        }
    }

    /// Lookups whose values are in no table: a cheating prover's, never balanced.
    pub fn unmatched(&self) -> usize {
        self.unmatched
    }

    /// The bus total the decider requires to be zero after the fixed tables' fold:
    /// [`BusAdvice::balance`] of this ledger's advice with `tape` (the prefix of the private
    /// input the execution read), plus the side a [`crate::tables::TablesStep`] of this
    /// ledger's [`Ledger::lookup_counts`] adds (for steps checked without folding it).
    #[allow(clippy::too_many_arguments)]
    pub fn balance(
        &self,
        rom: &Rom,
        init: &InitialMemory,
        gamma: Fr,
        alpha: Fr,
        running_sum: Fr,
        consumed: &[[Fr; 6]],
        journal: &[u8],
        tape: &[u8],
    ) -> Option<Fr> {
        let advice = BusAdvice {
            tape: tape.to_vec(),
            ..self.advice.clone()
        };
        let tables = crate::tables::side(&self.lookup_counts(), gamma, alpha)?;
        advice.balance(
            rom,
            init,
            gamma,
            alpha,
            running_sum + tables,
            consumed,
            journal,
        )
    }

    /// The advice the decider needs (multiplicities, final set) with the read `tape` prefix.
    pub fn into_advice(self, tape: Vec<u8>) -> BusAdvice {
        BusAdvice {
            tape,
            ..self.advice
        }
    }
}

/// Bytes of `(position, byte)` tuples that name positions 0, 1, … in order.
fn io_bytes(tuples: &[(Fr, Fr)]) -> Option<Vec<u8>> {
    tuples
        .iter()
        .enumerate()
        .map(|(i, &(p, x))| match (small(p), small(x)) {
            (Some(p), Some(x)) if p == i as u64 => u8::try_from(x).ok(),
            _ => None,
        })
        .collect()
}

/// The decider's checks on the final state `z` besides the bus balance: the program halted
/// (`live − halted = 0`), no transfer is pending, the journal the steps committed has the
/// public journal's length `journal_len`, at most `MAX_JOURNAL` (so with the balanced `Journal` tuples, whose
/// positions the state counts 0, 1, …, the bytes, their order and their number are the
/// public journal's), and the private input was not read past its length. `tape_read`
/// receives the final `cur` (how many tape bytes the decider's tape side must hold).
pub fn final_state_ok(z: &[Fr], journal_len: usize) -> Option<u64> {
    if z.len() != crate::step::ARITY {
        return None;
    }
    let halted = z[2] == z[3];
    let idle = z[12].is_zero() && z[13].is_zero() && z[14].is_zero() && z[15].is_zero();
    // The VM refuses a journal past MAX_JOURNAL (per call and in total); the counter only
    // grows, so bounding the total bounds every call.
    let jlen = small(z[8])? == journal_len as u64
        && journal_len <= umbra_abi::limits::MAX_JOURNAL as usize;
    let (cur, tot) = (small(z[9])?, small(z[10])?);
    (halted && idle && jlen && cur <= tot && tot < 1 << 32).then_some(cur)
}

pub(crate) fn pow(s: u64) -> Fr {
    Fr::from(2u64).pow([s])
}

/// The ROM tuple of an entry.
pub(crate) fn rom_fields(pc: u32, e: &crate::rom::RomEntry) -> [Fr; 6] {
    [
        Fr::from(pc),
        Fr::from(e.flags),
        Fr::from(e.rd),
        Fr::from(e.rs1),
        Fr::from(e.rs2),
        Fr::from(e.imm),
    ]
}
