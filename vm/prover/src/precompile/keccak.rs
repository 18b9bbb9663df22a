//! The circuit kind of `sha3_256` and `keccak256` ([`SHA3_256`], [`KECCAK_256`]): one step
//! absorbs one 136-byte block of one call and runs Keccak-f\[1600\] on it (issue #15).
//!
//! The host (`umbra_precompiles::hash`) takes `a0` = input pointer (any alignment), `a1` =
//! input length `len ≤ 2²⁶`, `a2` = 4-aligned 32-byte output in writable memory, `a3` = 0,
//! hashes with the sponge of rate [`RATE`] (SHA3 padding `0x06 … 0x80`, Keccak padding
//! `0x01 … 0x80`), writes the digest and returns `a0 = a1 = 0`, charging
//! `umbra_precompiles::cost::hash(len)` = `HASH_PER_BLOCK · (⌊len/136⌋ + 1)` (the measured
//! rows of one fold of this kind per block, in CPU cycles).
//!
//! A call of `len` bytes is `n = ⌊len/136⌋ + 1` folds of this kind, block `j = 0 … n − 1`
//! (the last block holds the padding). One kind serves both precompiles: the id is a
//! boolean of the step (`is_sha3`), which only selects the padding byte.
//!
//! **Chaining.** Folds of one call pass the sponge state on the bus under the tag
//! [`Tag::Sponge`]: block `j < n − 1` emits (+1) three tuples `(clk, 4(j+1) + part, …)` —
//! part 0 `(id, ptr, len, out)`, parts 1 and 2 the 1600-bit state packed in seven 252-bit
//! elements and the input word the next block starts in — and block `j > 0` consumes (−1)
//! the three tuples of its own `j`. Block 0 starts from the zero state; the last block
//! consumes the `ecall`'s `Syscall` and `PreArgs` tuples (so the call's arguments, result
//! and cost are the ones the CPU slot emitted) and writes the digest. Every chain therefore
//! starts at `j = 0`, counts up by one, ends at the one block with `len − 136j < 136`, and
//! exists once per `ecall` (the `Syscall` tuple is emitted once); a dropped, duplicated or
//! reordered block leaves a `Sponge` tuple unmatched.
//!
//! **Input words.** Relative to the aligned base `ptr − off` (`off = ptr mod 4`), block `j`
//! covers bytes `off + 136j …` of words `34j … 34j + 34`: its window of [`WINDOW`] slots.
//! Slot `i ≥ 1` is read on the memory bus iff it holds a message byte (`4i < off + len −
//! 136j`), slot 0 iff it is block 0's first word and `len > 0`; block `j > 0` gets its
//! slot 0 from block `j − 1`'s slot 34 through the chain. So every input word is read
//! exactly once per call, at `ts = 4·clk + 2` ([`super::access_ts`]), with the page of the
//! window's first and last read word looked up with the read permission.
//!
//! **Output.** The last block writes the eight digest words at `out` at `4·clk + 3`
//! ([`super::write_ts`]), after the reads: a digest written over its own input is read at
//! `+2` and written at `+3`. `out` is 4-aligned, its pages read-write.
//!
//! See `docs/prover.md`, "Precompile kinds: sha3_256 and keccak256", for the counts.

use std::collections::BTreeMap;

use ark_bn254::Fr;
use ark_ff::{Field, One, Zero};
use ark_relations::gr1cs::SynthesisError;
use umbra_abi::syscall::{KECCAK_256, SHA3_256};
use umbra_precompiles::cost::{HASH_PER_BLOCK, KECCAK_RATE};

use super::gadgets::{
    Fld, OutWord, Slot, boolean, output_words, pages, put, r32_gated, readable, write_words,
};
use super::{KindError, PrecompileCall, WordAccess, access_ts, write_ts};
use crate::bus::{Tag, Tuple};
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, low_bits, pow2};
use crate::two_phase;

/// Sponge rate in bytes (SHA3-256 and Keccak-256).
pub const RATE: usize = KECCAK_RATE as usize;

/// Input-word slots of one block's window: 34 words of 4 bytes plus the one a misaligned
/// block ends in.
pub const WINDOW: usize = RATE / 4 + 1;

/// Words of the 32-byte digest.
pub const DIGEST_WORDS: usize = 8;

/// Bits of the Keccak-f\[1600\] state.
const BITS: usize = 1600;

/// Bits per packed state element on the chaining tuples (below the modulus, so packing is
/// injective).
const PACK: usize = 252;

/// Packed state elements: ⌈1600 / 252⌉.
const ELEMS: usize = BITS.div_ceil(PACK);

const NAME_SHA3: &str = "sha3_256";
const NAME_KECCAK: &str = "keccak256";

const _: () = assert!(RATE == 136 && WINDOW == 35 && ELEMS == 7);
const _: () = assert!(access_ts(1) + 1 == write_ts(1));
// The id is `KECCAK_256 − is_sha3`.
const _: () = assert!(SHA3_256 + 1 == KECCAK_256);

/// Keccak-f round constants (ι).
const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// ρ rotation of lane `(x, y)`, indexed `[y][x]`.
const ROT: [[u32; 5]; 5] = [
    [0, 1, 62, 28, 27],
    [36, 44, 6, 55, 20],
    [3, 10, 43, 25, 39],
    [41, 45, 15, 21, 8],
    [18, 2, 61, 56, 14],
];

/// Lane index of `(x, y)`.
const fn lane(x: usize, y: usize) -> usize {
    x + 5 * y
}

/// Keccak-f\[1600\] on 25 little-endian lanes (the witness generator's; the circuit's twin
/// is [`keccak_f_circuit`], and the tests compare digests with the `sha3` crate).
pub fn keccak_f(a: &mut [u64; 25]) {
    for rc in RC {
        let mut c = [0u64; 5];
        for (x, cx) in c.iter_mut().enumerate() {
            *cx = (0..5).fold(0, |acc, y| acc ^ a[lane(x, y)]);
        }
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[lane(x, y)] ^= d;
            }
        }
        let mut b = [0u64; 25];
        for x in 0..5 {
            for y in 0..5 {
                b[lane(y, (2 * x + 3 * y) % 5)] = a[lane(x, y)].rotate_left(ROT[y][x]);
            }
        }
        for y in 0..5 {
            for x in 0..5 {
                a[lane(x, y)] =
                    b[lane(x, y)] ^ (!b[lane((x + 1) % 5, y)] & b[lane((x + 2) % 5, y)]);
            }
        }
        a[0] ^= rc;
    }
}

/// The padding byte of the precompile `id` (SHA3 `0x06`, Keccak `0x01`).
fn pad_byte(is_sha3: bool) -> u8 {
    if is_sha3 { 0x06 } else { 0x01 }
}

/// The sponge over `msg`: the state before each block's absorption, and the digest.
pub fn sponge(msg: &[u8], is_sha3: bool) -> (Vec<[u64; 25]>, [u8; 32]) {
    let n = msg.len() / RATE + 1;
    let mut st = [0u64; 25];
    let mut before = Vec::with_capacity(n);
    for j in 0..n {
        before.push(st);
        let block = padded_block(msg, j, is_sha3);
        for (l, chunk) in block.chunks_exact(8).enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            st[l] ^= u64::from_le_bytes(w);
        }
        keccak_f(&mut st);
    }
    let mut digest = [0u8; 32];
    for (l, chunk) in digest.chunks_exact_mut(8).enumerate() {
        chunk.copy_from_slice(&st[l].to_le_bytes());
    }
    (before, digest)
}

/// Block `j` of the padded message.
fn padded_block(msg: &[u8], j: usize, is_sha3: bool) -> [u8; RATE] {
    let mut block = [0u8; RATE];
    let start = j * RATE;
    let m = msg.len().saturating_sub(start).min(RATE);
    block[..m].copy_from_slice(&msg[start..start + m]);
    if msg.len() - start < RATE {
        block[m] ^= pad_byte(is_sha3);
        block[RATE - 1] ^= 0x80;
    }
    block
}

/// One block of one `sha3_256` / `keccak256` call as a step of the hash kind (synthesised,
/// evaluated and folded through [`super::KindStep`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeccakStep {
    clk: u64,
    is_sha3: bool,
    ptr: u32,
    len: u32,
    out: u32,
    j: u32,
    state_in: [u64; 25],
    window: [Slot; WINDOW],
    /// Permissions of the pages of the window's first and last read word.
    perms: [u8; 2],
    digest: [OutWord; DIGEST_WORDS],
}

/// Which window slots a block reads from memory: slot 0 iff `first` and `len > 0`, slot
/// `i ≥ 1` iff `4i < off + len − 136j`.
fn reads(first: bool, len: u64, rem: u64) -> [bool; WINDOW] {
    core::array::from_fn(|i| {
        if i == 0 {
            first && len > 0
        } else {
            (4 * i as u64) < rem
        }
    })
}

impl KeccakStep {
    /// The steps (one per block, in order) proving `call`.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Malformed`] for what the
    /// host faults on before touching memory (`a3 ≠ 0`, `len > 2²⁶`, a misaligned output)
    /// and for a record whose results, cycles or words are not what the arguments imply
    /// (words other than the input's and the digest's, an input word it changed, a missing
    /// one). The rest (page permissions, the digest itself) is the circuit's: a record that
    /// fails them builds steps that do not hold.
    ///
    /// `page_perm` gives a page's permission bits (the verifier's page table,
    /// [`crate::witness::InitialMemory::page_perm`]).
    pub fn for_call(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Vec<Self>, KindError> {
        let is_sha3 = match call.id {
            SHA3_256 => true,
            KECCAK_256 => false,
            got => {
                return Err(KindError::WrongId {
                    expected: SHA3_256,
                    got,
                });
            }
        };
        let name = if is_sha3 { NAME_SHA3 } else { NAME_KECCAK };
        let malformed = |what| KindError::Malformed { name, what };
        let [ptr, len, out, a3] = call.args;
        if a3 != 0 {
            return Err(malformed("a3 is reserved and must be 0 (the VM faults)"));
        }
        if len > umbra_abi::limits::MAX_HASH_INPUT {
            return Err(malformed("input longer than 2^26 bytes (the VM faults)"));
        }
        if !out.is_multiple_of(4) {
            return Err(malformed("misaligned output (the VM faults)"));
        }
        if call.ret != [0, 0] {
            return Err(malformed("results other than a0 = a1 = 0"));
        }
        if call.extra_cycles != umbra_precompiles::cost::hash(len) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let words: BTreeMap<u32, WordAccess> = call.words.iter().map(|w| (w.addr, *w)).collect();
        if words.len() != call.words.len() {
            return Err(malformed("a word listed twice"));
        }
        let base = u64::from(ptr & !3);
        let off = u64::from(ptr & 3);
        // Words holding a message byte (none for an empty message).
        let n_in = if len == 0 {
            0
        } else {
            (off + u64::from(len)).div_ceil(4)
        };
        let input_addr = |w: u64| -> Result<u32, KindError> {
            u32::try_from(base + 4 * w).map_err(|_| malformed("input past the address space"))
        };
        // The message, from the words' old values.
        let mut msg = Vec::with_capacity(len as usize);
        for w in 0..n_in {
            let a = input_addr(w)?;
            let acc = words.get(&a).ok_or(malformed("an input word is missing"))?;
            if acc.new != acc.old && !(out..out.saturating_add(32)).contains(&a) {
                return Err(malformed("the call changed an input word"));
            }
            msg.extend_from_slice(&acc.old.to_le_bytes());
        }
        let msg = msg
            .get(off as usize..(off + u64::from(len)) as usize)
            .unwrap_or(&[]);
        let input_words: Vec<u32> = (0..n_in).map(input_addr).collect::<Result<_, _>>()?;
        let digest: [OutWord; DIGEST_WORDS] = output_words(
            &words,
            (call.clk, out),
            &input_words,
            malformed,
            (
                "a digest word is missing",
                "words other than the input's and the digest's",
            ),
        )?;
        let (states, _) = sponge(msg, is_sha3);
        let n = states.len();
        let steps = states
            .into_iter()
            .enumerate()
            .map(|(j, state_in)| {
                let rem = (off + u64::from(len)).saturating_sub(RATE as u64 * j as u64);
                let active = reads(j == 0, u64::from(len), rem);
                let window = core::array::from_fn(|i| {
                    let w = 34 * j as u64 + i as u64;
                    // Slot 0 of a later block: block j − 1's slot 34 (same word, carried).
                    let carried = i == 0 && j > 0 && rem > 0;
                    if !(active[i] || carried) || w >= n_in {
                        return Slot::default();
                    }
                    let acc = input_addr(w).ok().and_then(|a| words.get(&a).copied());
                    acc.map_or(Slot::default(), |acc| Slot {
                        word: acc.old,
                        t_prev: if active[i] { acc.t_prev } else { 0 },
                    })
                });
                let first = (ptr & !3).wrapping_add(RATE as u32 * j as u32);
                let reads_after_0 = active[1..].iter().filter(|&&a| a).count() as u32;
                let perms = if active.iter().any(|&a| a) {
                    [first, first.wrapping_add(4 * reads_after_0)]
                        .map(|a| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R))
                } else {
                    [umbra_vm::memory::PERM_R; 2]
                };
                Self {
                    perms,
                    clk: call.clk,
                    is_sha3,
                    ptr,
                    len,
                    out,
                    j: j as u32,
                    state_in,
                    window,
                    digest: if j + 1 == n {
                        digest
                    } else {
                        [OutWord::default(); DIGEST_WORDS]
                    },
                }
            })
            .collect();
        Ok(steps)
    }

    /// The shape-only step (setup): block 0 of an empty message at the start of guest RAM.
    /// Its circuit has the rows and variables of every step of the kind.
    pub fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        Self {
            clk: 1,
            is_sha3: true,
            ptr,
            len: 0,
            out: ptr,
            j: 0,
            state_in: [0; 25],
            window: [Slot::default(); WINDOW],
            perms: [umbra_vm::memory::PERM_R; 2],
            digest: [OutWord::default(); DIGEST_WORDS],
        }
    }

    /// The block index of this step within its call.
    pub fn block(&self) -> u32 {
        self.j
    }

    /// Whether this step is its call's last block (the one that writes the digest).
    pub fn is_last(&self) -> bool {
        u64::from(self.len) < RATE as u64 * (u64::from(self.j) + 1)
    }
}

/// `a ⊕ b` of two bits as a fresh witness `x`, one row: `2a · b = a + b − x`.
fn xor(s: &mut Synth, a: &V, b: &V) -> Result<V, SynthesisError> {
    let ab = a.val * b.val;
    let x = s.witness(a.val + b.val - ab - ab)?;
    s.enforce(&a.scale(f(2)), b, &a.add(b).sub(&x))?;
    Ok(x)
}

/// The parity of five bits, three rows: `q₁, q₂` boolean and `r = Σ − 2(q₁ + q₂)` boolean
/// (a linear combination, not a new variable). `Σ ∈ [0, 5]`, so `r ≡ Σ (mod 2)`: with
/// `q₁ + q₂ ∈ {0, 1, 2}` and `r ∈ {0, 1}` the only solutions have `r = Σ mod 2` (for `Σ = 2`
/// either split of `q₁ + q₂ = 1` gives the same `r`).
fn parity5(s: &mut Synth, xs: [&V; 5]) -> Result<V, SynthesisError> {
    let mut sum = V::zero();
    for x in xs {
        sum = sum.plus(x);
    }
    let half = low_bits(sum.val) / 2;
    let q1 = boolean(s, half >= 1)?;
    let q2 = boolean(s, half >= 2)?;
    let r = sum.sub(&q1.add(&q2).scale(f(2)));
    s.boolean(&r)?;
    Ok(r)
}

/// Keccak-f\[1600\] on bits (`st[64·lane + z]`), 6,080 rows a round: θ's column parities
/// (3 rows each), `D` and `A ⊕ D` (one row per XOR), ρ and π free, χ two rows per bit
/// (`t = b·c`, then `a ⊕ (c − t)`), ι a constant flip. Every XOR output is a fresh
/// variable, so no linear combination grows across rounds.
fn keccak_f_circuit(s: &mut Synth, mut st: Vec<V>) -> Result<Vec<V>, SynthesisError> {
    let at = |l: usize, z: usize| 64 * l + z;
    for rc in RC {
        let mut c = Vec::with_capacity(320);
        for x in 0..5 {
            for z in 0..64 {
                let col = [0, 1, 2, 3, 4].map(|y| &st[at(lane(x, y), z)]);
                c.push(parity5(s, col)?);
            }
        }
        let mut d = Vec::with_capacity(320);
        for x in 0..5 {
            for z in 0..64 {
                d.push(xor(
                    s,
                    &c[64 * ((x + 4) % 5) + z],
                    &c[64 * ((x + 1) % 5) + (z + 63) % 64],
                )?);
            }
        }
        let mut a = Vec::with_capacity(BITS);
        for y in 0..5 {
            for x in 0..5 {
                for z in 0..64 {
                    a.push(xor(s, &st[at(lane(x, y), z)], &d[64 * x + z])?);
                }
            }
        }
        // ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y]).
        let mut b = vec![V::zero(); BITS];
        for x in 0..5 {
            for y in 0..5 {
                let r = ROT[y][x] as usize;
                for z in 0..64 {
                    b[at(lane(y, (2 * x + 3 * y) % 5), z)] =
                        a[at(lane(x, y), (z + 64 - r) % 64)].clone();
                }
            }
        }
        let mut next = Vec::with_capacity(BITS);
        for y in 0..5 {
            for x in 0..5 {
                for z in 0..64 {
                    let bx = &b[at(lane(x, y), z)];
                    let b1 = &b[at(lane((x + 1) % 5, y), z)];
                    let b2 = &b[at(lane((x + 2) % 5, y), z)];
                    let t = s.mul(b1, b2)?;
                    let mut o = xor(s, bx, &b2.sub(&t))?;
                    if x == 0 && y == 0 && (rc >> z) & 1 == 1 {
                        o = V::constant(Fr::one()).sub(&o);
                    }
                    next.push(o);
                }
            }
        }
        st = next;
    }
    Ok(st)
}

/// The seven 252-bit elements of a state's bits.
fn pack(bits: &[V]) -> Vec<V> {
    bits.chunks(PACK)
        .map(|chunk| {
            let mut acc = V::zero();
            for (i, b) in chunk.iter().enumerate() {
                acc = acc.plus(&b.scale(pow2(i as u32)));
            }
            acc.compact()
        })
        .collect()
}

/// The chaining tuples of block `j` (`next = false`: consumed, −1) or `j + 1` (`next`:
/// emitted, +1): `(clk, 4·j' + part, four fields)` for parts 0, 1, 2.
fn link(
    s: &mut Synth,
    b: &mut Bus,
    (clk, g1j, j_n): (&V, &V, u64),
    next: bool,
    parts: [[&V; 4]; 3],
    gate: &V,
) -> Result<(), SynthesisError> {
    let shift = if next { 4 } else { 0 };
    for (part, fl) in parts.iter().enumerate() {
        let c1 = shift + part as u64;
        let mut extra = g1j.scale(f(4)).add(&b.g[1].scale(f(c1)));
        let mut vals = [Fr::zero(); 6];
        vals[1] = f(4 * j_n + c1);
        for (i, v) in fl.iter().enumerate() {
            let g = b.g[i + 2].clone();
            extra = extra.plus(&s.mul_bus(&g, v)?);
            vals[i + 2] = v.val;
        }
        b.emit(s, Tag::Sponge, clk, &extra, vals, !next, gate)?;
    }
    Ok(())
}

impl two_phase::Circuit for KeccakStep {
    #[allow(clippy::too_many_lines)]
    fn synthesize(&self, s: &mut Synth, z: &[V]) -> Result<(Vec<V>, Vec<Tuple>), SynthesisError> {
        let one = V::constant(Fr::one());
        let k = |x: u64| Fld::K(f(x));
        s.comp = "step";
        let mut b = Bus::new(s, &z[4], &z[5], &z[6])?;

        // ---- the call's values and the block's place in it.
        s.comp = "call";
        let len_n = u64::from(self.len);
        let j_n = u64::from(self.j);
        let off_n = u64::from(self.ptr & 3);
        let last_n = self.is_last();
        let clk = s.witness(f(self.clk))?;
        let is_sha3 = boolean(s, self.is_sha3)?;
        let ptr = s.witness(f(self.ptr.into()))?;
        let len = s.witness(f(len_n))?;
        let out = s.witness(f(self.out.into()))?;
        let j = s.witness(f(j_n))?;
        let first = boolean(s, self.j == 0)?;
        let last = boolean(s, last_n)?;
        let not_first = one.sub(&first);
        let not_last = one.sub(&last);
        let id = V::constant(f(KECCAK_256.into())).sub(&is_sha3);
        // Block 0 is the first: first → j = 0. (A later block with j = 0 would consume a
        // chaining tuple nobody emits: chains emit j + 1 ≥ 1.)
        s.enforce(&first, &j, &V::zero())?;
        // mlen = len − 136j: in [0, 136) for the last block, ≥ 136 otherwise.
        let mlen = len.sub(&j.scale(f(RATE as u64)));
        b.r16(s, &mlen, &last)?;
        b.r16(s, &V::constant(f(RATE as u64 - 1)).sub(&mlen), &last)?;
        r32_gated(s, &mut b, &mlen.add_const(-f(RATE as u64)), &not_last)?;
        // ptr = 4q + off, off one-hot over {0, 1, 2, 3}.
        let q = s.witness(f(u64::from(self.ptr >> 2)))?;
        b.r32(s, &q, &one)?;
        let sel: Vec<V> = (1..4)
            .map(|o| boolean(s, off_n == o))
            .collect::<Result<_, _>>()?;
        s.boolean(&sel[0].add(&sel[1]).add(&sel[2]))?;
        let off = sel[0].add(&sel[1].scale(f(2))).add(&sel[2].scale(f(3)));
        s.equal(&ptr, &q.scale(f(4)).add(&off))?;

        // ---- chaining in: block j > 0 consumes the tuples block j − 1 emitted.
        s.comp = "chain";
        let state_in: Vec<V> = (0..BITS)
            .map(|i| boolean(s, (self.state_in[i / 64] >> (i % 64)) & 1 == 1))
            .collect::<Result<_, _>>()?;
        let e_in = pack(&state_in);
        for e in &e_in {
            // Block 0 starts from the zero state.
            s.enforce(&first, e, &V::zero())?;
        }
        // The window's bytes, each < 256; slot i's word is Σ bytes·256^k.
        s.comp = "input";
        let mut bytes = Vec::with_capacity(4 * WINDOW);
        for slot in &self.window {
            for kk in 0..4 {
                let x = s.witness(f(u64::from((slot.word >> (8 * kk)) & 0xff)))?;
                b.r16(s, &x.scale(f(256)), &one)?;
                bytes.push(x);
            }
        }
        let word = |i: usize| -> V {
            let mut acc = V::zero();
            for kk in 0..4 {
                acc = acc.plus(&bytes[4 * i + kk].scale(pow2(8 * kk as u32)));
            }
            acc
        };
        s.comp = "chain";
        let g1j = s.mul_bus(&b.g[1], &j)?;
        let head = [&id, &ptr, &len, &out];
        let w0 = word(0);
        link(
            s,
            &mut b,
            (&clk, &g1j, j_n),
            false,
            [
                head,
                [&e_in[0], &e_in[1], &e_in[2], &e_in[3]],
                [&e_in[4], &e_in[5], &e_in[6], &w0],
            ],
            &not_first,
        )?;

        // ---- which slots hold message bytes: rem = off + mlen; slot i ≥ 1 iff 4i < rem
        // (thermometer t, c = Σ t), slot 0 of block 0 iff len > 0.
        s.comp = "input";
        let rem = off.add(&mlen);
        let rem_n = off_n + len_n - (RATE as u64) * j_n;
        let active = reads(self.j == 0, len_n, rem_n);
        let t: Vec<V> = (1..WINDOW)
            .map(|i| boolean(s, active[i]))
            .collect::<Result<_, _>>()?;
        for w in t.windows(2) {
            s.enforce(&w[1], &one.sub(&w[0]), &V::zero())?;
        }
        let mut c = V::zero();
        for ti in &t {
            c = c.plus(ti);
        }
        let full = &t[WINDOW - 2];
        b.r16(s, &c.scale(f(4)).add_const(f(4)).sub(&rem), &one.sub(full))?;
        r32_gated(
            s,
            &mut b,
            &rem.sub(&c.scale(f(4))).add_const(-Fr::one()),
            &t[0],
        )?;
        let nz = boolean(s, len_n > 0)?;
        let inv = s.witness(len.val.inverse().unwrap_or_default())?;
        s.enforce(&len, &inv, &nz)?;
        s.enforce(&len, &one.sub(&nz), &V::zero())?;
        s.enforce(&one.sub(&nz), &inv, &V::zero())?;
        let a0 = s.mul(&first, &nz)?;
        let any = a0.add(&t[0]).sub(&s.mul(&a0, &t[0])?);

        // ---- the reads, at 4·clk + 2, and the window's pages (read permission).
        s.comp = "memory";
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let ts_r = clk.scale(f(4)).add_const(f(2));
        let g2ts_r = g2clk.scale(f(4)).add(&b.g[2].scale(f(2)));
        let base = q.scale(f(4)).add(&j.scale(f(RATE as u64)));
        // Slot 0 of block 0 with len = 0 holds nothing: its bytes are pinned to 0 (a later
        // block's slot 0 is the chained word).
        let empty0 = first.sub(&a0);
        for (i, slot) in self.window.iter().enumerate() {
            let gate = if i == 0 { a0.clone() } else { t[i - 1].clone() };
            let unused = if i == 0 {
                empty0.clone()
            } else {
                one.sub(&gate)
            };
            for x in &bytes[4 * i..4 * i + 4] {
                s.enforce(&unused, x, &V::zero())?;
            }
            let tp = s.witness(f(slot.t_prev))?;
            s.enforce(&one.sub(&gate), &tp, &V::zero())?;
            let addr = base.add_const(f(4 * i as u64));
            b.access(
                s,
                Tag::Ram,
                &addr,
                &word(i),
                &tp,
                None,
                &ts_r,
                &g2ts_r,
                &gate,
                &one,
            )?;
        }
        s.comp = "pages";
        // The pages' permissions are the table's (the lookup), with the read bit.
        let first_perm = readable(s, self.perms[0], &any)?;
        let last_perm = readable(s, self.perms[1], &any)?;
        pages(
            s,
            &mut b,
            &base,
            &c.scale(f(4)),
            [&first_perm, &last_perm],
            &any,
            &one,
        )?;

        // ---- the padded block: byte k = window byte off + k if k < mlen (thermometer u),
        // the padding byte at k = mlen of the last block, 0x80 at k = 135 of the last block.
        s.comp = "padding";
        let m_n = if last_n {
            len_n - RATE as u64 * j_n
        } else {
            RATE as u64
        };
        let u: Vec<V> = (0..RATE)
            .map(|kk| boolean(s, (kk as u64) < m_n))
            .collect::<Result<_, _>>()?;
        for w in u.windows(2) {
            s.enforce(&w[1], &one.sub(&w[0]), &V::zero())?;
        }
        let mut count = V::zero();
        for x in &u {
            count = count.plus(x);
        }
        let r136 = f(RATE as u64);
        s.enforce(&last, &mlen.add_const(-r136), &count.add_const(-r136))?;
        let mut block_bits = Vec::with_capacity(8 * RATE);
        for kk in 0..RATE {
            let b0 = &bytes[kk];
            let mut byte = b0.clone();
            for (o, so) in sel.iter().enumerate() {
                byte = byte.plus(&s.mul(so, &bytes[kk + o + 1].sub(b0))?);
            }
            let prev = if kk == 0 {
                one.clone()
            } else {
                u[kk - 1].clone()
            };
            let e = prev.sub(&u[kk]);
            let mut padded = s.mul(&u[kk], &byte)?;
            padded = padded.plus(&e).add(&s.mul(&e, &is_sha3)?.scale(f(5)));
            if kk == RATE - 1 {
                padded = padded.plus(&last.scale(f(0x80)));
            }
            let pv = low_bits(padded.val);
            let mut acc = V::zero();
            for i in 0..8 {
                let bi = boolean(s, (pv >> i) & 1 == 1)?;
                acc = acc.plus(&bi.scale(pow2(i)));
                block_bits.push(bi);
            }
            s.equal(&padded, &acc)?;
        }

        // ---- absorb and permute.
        s.comp = "absorb";
        let mut st = state_in.clone();
        for (i, pb) in block_bits.iter().enumerate() {
            st[i] = xor(s, &state_in[i], pb)?;
        }
        s.comp = "keccak-f";
        let st = keccak_f_circuit(s, st)?;

        // ---- chaining out: the state and the next block's first word.
        s.comp = "chain";
        let e_out = pack(&st);
        let w34 = word(WINDOW - 1);
        link(
            s,
            &mut b,
            (&clk, &g1j, j_n),
            true,
            [
                head,
                [&e_out[0], &e_out[1], &e_out[2], &e_out[3]],
                [&e_out[4], &e_out[5], &e_out[6], &w34],
            ],
            &not_last,
        )?;

        // ---- the last block: the call's tuples and the digest.
        s.comp = "call";
        let g3j = s.mul_bus(&b.g[3], &j)?;
        let extra = s
            .mul_bus(&b.g[1], &id)?
            .add(&s.mul_bus(&b.g[2], &ptr)?)
            .add(&g3j.scale(f(HASH_PER_BLOCK)))
            .add(&b.g[3].scale(f(HASH_PER_BLOCK)));
        let cost_n = HASH_PER_BLOCK * (j_n + 1);
        b.emit(
            s,
            Tag::Syscall,
            &clk,
            &extra,
            [
                Fr::zero(),
                id.val,
                ptr.val,
                f(cost_n),
                Fr::zero(),
                Fr::zero(),
            ],
            false,
            &last,
        )?;
        put(
            s,
            &mut b,
            Tag::PreArgs,
            &clk,
            [Fld::X(&len), Fld::X(&out), k(0), k(0), k(0)],
            false,
            &last,
        )?;
        b.r32(
            s,
            &V::constant(f(umbra_abi::limits::MAX_HASH_INPUT.into())).sub(&len),
            &one,
        )?;
        s.comp = "digest";
        let ts_w = clk.scale(f(4)).add_const(f(3));
        let g2ts_w = g2clk.scale(f(4)).add(&b.g[2].scale(f(3)));
        // Word m of the digest: bits 32m … 32m + 31 of the state (lanes little-endian).
        let words: Vec<V> = (0..DIGEST_WORDS)
            .map(|m| {
                let mut acc = V::zero();
                for i in 0..32 {
                    acc = acc.plus(&st[32 * m + i].scale(pow2(i as u32)));
                }
                acc
            })
            .collect();
        write_words(
            s,
            &mut b,
            (&out, self.out),
            &words,
            4,
            &self.digest,
            (&ts_w, &g2ts_w),
            Some(&last),
        )?;

        let mut zout = z.to_vec();
        b.note_tuples();
        zout[6] = b.sum;
        Ok((zout, b.log))
    }
}
