//! What the prover supplies beside the folded steps for the decider's side of the bus: the
//! program tables' multiplicities, the final memory set and the private-tape prefix the
//! execution read.
//!
//! The folds' running LogUp sum covers their own tuples, and the fixed tables (16-bit range,
//! byte AND, shift powers) are summed by a fold of their own ([`crate::tables`]). The other
//! side of every remaining tuple kind — the program's tables (ROM, continuation entries, page
//! permissions) with their multiplicities, the initial memory set (rebuilt by the verifier
//! from the program), the final memory set, the journal, the tape and the halt — is summed
//! by the decider ([`BusAdvice::balance`]). The verifier builds the *entries* of every table
//! and the initial set itself; the prover supplies only how often each entry was used and
//! the last write of each touched cell, and must fix them before the bus challenges exist:
//! their digest ([`BusAdvice::digest`]) enters the challenge derivation.
//!
//! This version sends the advice **in the clear** in the proof: it reveals the final memory,
//! the ROM and page access counts and the private bytes read (not zero-knowledge). Moving
//! them into folds like the fixed tables' is issue #16 (`docs/decider.md`, "What the VM
//! needs next").

use std::collections::BTreeMap;

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use sha3::{Digest, Sha3_256};

use crate::bus::{Tag, compress, rom_fields, small};
use crate::rom::Rom;
use crate::witness::InitialMemory;

/// Program-table multiplicities, the final memory set and the read tape prefix (see the
/// module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BusAdvice {
    /// pc → ROM fetches.
    pub rom: BTreeMap<u32, u64>,
    /// Continuation key (`pc + CONT_KEY`) → continuation-slot fetches.
    pub cont: BTreeMap<u64, u64>,
    /// Guest-RAM page → permission lookups.
    pub perm: BTreeMap<u32, u64>,
    /// Touched cell `(Reg | Ram, cell)` → its last write `(value, timestamp)` (`None` only
    /// for a cell that was read but never written back, which the step never does).
    pub cells: BTreeMap<(Tag, Fr), Option<(Fr, Fr)>>,
    /// The prefix of the private input the execution read (its length is the final `cur`).
    pub tape: Vec<u8>,
}

/// Why an encoded [`BusAdvice`] was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdviceError {
    /// The bytes end inside an entry, or a count exceeds what the remaining bytes can hold.
    Truncated,
    /// A field element is not canonical (≥ the modulus).
    BadField,
    /// Keys are not strictly increasing (duplicates or unsorted: the encoding is canonical).
    NotSorted,
    /// A multiplicity is zero (such entries are left out).
    ZeroMultiplicity,
    /// A key outside its table: a pc without a ROM entry, a key that is no continuation entry, a page outside guest RAM, a register
    /// ≥ 32, an unaligned RAM address or an unknown cell kind.
    OutOfTable,
}

impl core::fmt::Display for AdviceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Truncated => "bus advice: truncated",
            Self::BadField => "bus advice: non-canonical field element",
            Self::NotSorted => "bus advice: keys not strictly increasing",
            Self::ZeroMultiplicity => "bus advice: zero multiplicity",
            Self::OutOfTable => "bus advice: key outside its table",
        })
    }
}

impl std::error::Error for AdviceError {}

const CELL_REG: u8 = 1;
const CELL_RAM: u8 = 2;

impl BusAdvice {
    /// The bus total the decider requires to be zero: the folds' running sum (the fixed
    /// tables' fold included) plus the program tables' sides (multiplicities from this advice), the initial memory set (recomputed here from
    /// the verifier's image for every touched cell, timestamp 0) minus the final set, plus
    /// one consumer entry per syscall tuple in `consumed`, plus `(i, journal[i])` for every
    /// byte of the public journal and `(i, tape[i])` for every byte of the tape prefix.
    /// `None` when a key has no table entry or a denominator vanishes (probability about
    /// tuples / |Fr| for honest challenges).
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
    ) -> Option<Fr> {
        let fr = Fr::from;
        let zero = Fr::zero();
        // Every term is m / (α − h); one batch inversion for all of them.
        let mut terms: Vec<(Fr, Fr)> = Vec::new();
        let mut add = |tag: Tag, fields: [Fr; 6], m: Fr| {
            terms.push((m, alpha - compress(tag, &fields, gamma)));
        };
        for (&pc, &m) in &self.rom {
            add(Tag::Rom, rom_fields(pc, rom.get(pc).ok()?), fr(m));
        }
        for (&key, &m) in &self.cont {
            add(Tag::Rom, [fr(key), zero, zero, zero, zero, zero], fr(m));
        }
        for (&page, &m) in &self.perm {
            let q = init.page_perm(page)?;
            add(
                Tag::Perm,
                [
                    fr(u64::from(page)),
                    fr(u64::from(q)),
                    zero,
                    zero,
                    zero,
                    zero,
                ],
                fr(m),
            );
        }
        for (&(tag, cell), last) in &self.cells {
            // A cell outside the address space has no initial entry at all.
            if let Some(v) = initial_value(init, tag, cell) {
                add(tag, [cell, fr(u64::from(v)), zero, zero, zero, zero], fr(1));
            }
            if let Some((v, t)) = last {
                add(tag, [cell, *v, *t, zero, zero, zero], -fr(1));
            }
        }
        for (tag, bytes) in [(Tag::Journal, journal), (Tag::Tape, &self.tape[..])] {
            for (i, &x) in bytes.iter().enumerate() {
                add(
                    tag,
                    [fr(i as u64), fr(u64::from(x)), zero, zero, zero, zero],
                    fr(1),
                );
            }
        }
        for s in consumed {
            add(Tag::Syscall, *s, fr(1));
        }
        let mut dens: Vec<Fr> = terms.iter().map(|&(_, d)| d).collect();
        if dens.iter().any(Zero::is_zero) {
            return None;
        }
        ark_ff::batch_inversion(&mut dens);
        Some(
            running_sum
                + terms
                    .iter()
                    .zip(&dens)
                    .map(|(&(m, _), d)| m * d)
                    .sum::<Fr>(),
        )
    }

    /// Checks that every key is an entry of its table (the verifier's ROM, page table,
    /// register file and aligned RAM words) and every cell has a last write.
    ///
    /// # Errors
    /// [`AdviceError::OutOfTable`].
    pub fn check_tables(&self, rom: &Rom, init: &InitialMemory) -> Result<(), AdviceError> {
        let ok = self.rom.keys().all(|&pc| rom.get(pc).is_ok())
            && self.cont.keys().all(|&key| rom.continuation(key))
            && self.perm.keys().all(|&p| init.page_perm(p).is_some())
            && self.cells.iter().all(|(&(tag, cell), last)| {
                last.is_some()
                    && match (tag, small(cell)) {
                        (Tag::Reg, Some(r)) => r < 32,
                        (Tag::Ram, Some(a)) => a < 1 << 32 && a % 4 == 0,
                        _ => false,
                    }
            });
        if ok {
            Ok(())
        } else {
            Err(AdviceError::OutOfTable)
        }
    }

    /// Canonical encoding: each table as a `u32` count and its entries in increasing key
    /// order (integers little-endian, field elements as 32 canonical little-endian bytes),
    /// then the tape as a `u32` length and its bytes.
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_map(out, &self.rom, |o, &pc| {
            o.extend_from_slice(&pc.to_le_bytes())
        });
        put_map(out, &self.cont, |o, &k| {
            o.extend_from_slice(&k.to_le_bytes())
        });
        put_map(out, &self.perm, |o, &p| {
            o.extend_from_slice(&p.to_le_bytes())
        });
        put_len(out, self.cells.len());
        for (&(tag, cell), last) in &self.cells {
            out.push(if tag == Tag::Reg { CELL_REG } else { CELL_RAM });
            put_fr(out, &cell);
            let (v, t) = last.unwrap_or_default();
            put_fr(out, &v);
            put_fr(out, &t);
        }
        put_len(out, self.tape.len());
        out.extend_from_slice(&self.tape);
    }

    /// Decodes [`BusAdvice::encode`] from the front of `input`, advancing it. Refuses
    /// unsorted or duplicate keys, zero multiplicities, non-canonical field elements and
    /// counts larger than the remaining bytes can hold (so a hostile length allocates
    /// nothing); table membership is [`BusAdvice::check_tables`]'s.
    ///
    /// # Errors
    /// [`AdviceError`].
    pub fn decode(input: &mut &[u8]) -> Result<Self, AdviceError> {
        Ok(Self {
            rom: get_map(input, 4, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))?,
            cont: get_map(input, 8, |b| {
                u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
            })?,
            perm: get_map(input, 4, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))?,
            cells: {
                let n = get_len(input, 97)?;
                let mut cells = BTreeMap::new();
                let mut last_key = None;
                for _ in 0..n {
                    let tag = match take(input, 1)?[0] {
                        CELL_REG => Tag::Reg,
                        CELL_RAM => Tag::Ram,
                        _ => return Err(AdviceError::OutOfTable),
                    };
                    let key = (tag, get_fr(input)?);
                    if last_key.is_some_and(|k| k >= key) {
                        return Err(AdviceError::NotSorted);
                    }
                    last_key = Some(key);
                    let last = (get_fr(input)?, get_fr(input)?);
                    cells.insert(key, Some(last));
                }
                cells
            },
            tape: {
                let n = get_len(input, 1)?;
                take(input, n)?.to_vec()
            },
        })
    }

    /// SHA3-256 of the encoding: what binds the advice into the challenge derivation.
    pub fn digest(&self) -> [u8; 32] {
        let mut bytes = Vec::new();
        self.encode(&mut bytes);
        Sha3_256::digest(&bytes).into()
    }
}

fn initial_value(init: &InitialMemory, tag: Tag, cell: Fr) -> Option<u32> {
    match tag {
        Tag::Reg => small(cell)
            .and_then(|r| u8::try_from(r).ok())
            .map(|r| init.reg(r)),
        _ => small(cell)
            .and_then(|a| u32::try_from(a).ok())
            .map(|a| init.word(a)),
    }
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    // Counts are bounded by the tables (≤ 2¹⁶ entries) or by guest memory (< 2³⁰ cells).
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_fr(out: &mut Vec<u8>, x: &Fr) {
    // Writing into a Vec cannot fail.
    let _ = x.serialize_compressed(&mut *out);
}

fn put_map<K>(out: &mut Vec<u8>, map: &BTreeMap<K, u64>, key: impl Fn(&mut Vec<u8>, &K)) {
    put_len(out, map.len());
    for (k, &m) in map {
        key(out, k);
        out.extend_from_slice(&m.to_le_bytes());
    }
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], AdviceError> {
    if input.len() < n {
        return Err(AdviceError::Truncated);
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

/// A `u32` count of entries of `entry` bytes each, refused when the rest cannot hold them.
fn get_len(input: &mut &[u8], entry: usize) -> Result<usize, AdviceError> {
    let b = take(input, 4)?;
    let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    if n.saturating_mul(entry) > input.len() {
        return Err(AdviceError::Truncated);
    }
    Ok(n)
}

fn get_fr(input: &mut &[u8]) -> Result<Fr, AdviceError> {
    let b = take(input, 32)?;
    Fr::deserialize_with_mode(b, Compress::Yes, Validate::Yes).map_err(|_| AdviceError::BadField)
}

fn get_map<K: Ord + Copy>(
    input: &mut &[u8],
    key_len: usize,
    key: impl Fn(&[u8]) -> K,
) -> Result<BTreeMap<K, u64>, AdviceError> {
    let n = get_len(input, key_len + 8)?;
    let mut map = BTreeMap::new();
    let mut last: Option<K> = None;
    for _ in 0..n {
        let k = key(take(input, key_len)?);
        let b = take(input, 8)?;
        let m = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        if last.is_some_and(|l| l >= k) {
            return Err(AdviceError::NotSorted);
        }
        if m == 0 {
            return Err(AdviceError::ZeroMultiplicity);
        }
        last = Some(k);
        map.insert(k, m);
    }
    Ok(map)
}
