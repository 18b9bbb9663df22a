//! The circuit kind of `bip340_verify` ([`BIP340_VERIFY`]): one call per fold, computing
//! the host's verdict and reason (`umbra_precompiles::bip340`, `umbra-schnorr`'s
//! `bip340::verify`) for messages of up to [`MAX_MESSAGE`] bytes (one SHA-256 block after
//! the key and `r`; a longer message is refused as `KindError::Unsupported` until the
//! SHA-256 block chain exists — `docs/prover.md`, "Precompile kinds: bip340_verify").
//!
//! The call: `a0` → `pk (32) ‖ r (32) ‖ s (32)` at any alignment (24 or 25 words read at
//! `4·clk + 2`), `a1` → the message at any alignment, `a2` = its length, `a3` = 0. The
//! message words are read at `4·clk + 3` ([`super::write_ts`]; the call writes nothing),
//! after the key block, so a word in both is read twice in order (the witness generator
//! ends such a word's timestamp there, [`super::reads_late`]). Then:
//!
//! * **encoding** — `x(pk) ≤ p − 1`, `r ≤ p − 1`, `s ≤ n − 1` (borrow chains), and `lift_x`:
//!   `y² ≡ ±(x³ + 7)` with a boolean choosing the sign (exactly one of `±c` is a square,
//!   `p ≡ 3 mod 4`, `c ≠ 0` as no point of the prime-order curve has `y = 0`), `y`
//!   canonical and even. Any failure is `Reason::Encoding`;
//! * **challenge** — `e = SHA-256(t ‖ t ‖ r ‖ pk ‖ m) mod n`, `t = SHA-256("BIP0340/challenge")`:
//!   the first block is a constant (its compression is the constant midstate), then
//!   `r ‖ pk`, then the message with its padding (`0x80` at byte `len`, the bit length
//!   `8·(128 + len)` in the last two bytes);
//! * **equation** — `R = s·G + e·(−P)`: `s·G` in fixed-base 4-bit windows (the
//!   `pedersen_commit` secp256k1 kind's tables), `e·(−P)` through the endomorphism
//!   (`e ≡ ±k₁ ± k₂·λ`, 132-bit halves checked mod `n`) in 33 joint 4-bit windows over
//!   `{0, Q, …, 15Q}` and its image under `φ(x, y) = (β·x, y)`; `R` affine with its identity
//!   flag.
//!   Fails (`Reason::Equation`) iff `R = O`, `y(R)` odd or `x(R) ≠ r`.
//!
//! The verdict `(1 − enc)·(1 − eq)` and the reason `2·enc + (1 − enc)·eq` are the `Syscall`
//! tuple's results, the cost a constant of the circuit.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{Field as _, One, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;
use umbra_abi::syscall::BIP340_VERIFY;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::emulated::Fe;
use super::emulated::weierstrass::Point;
use super::gadgets::{
    Fld, Slot, boolean, borrow_above, byte_bits, consume_call, limbs_of_bits, pages, parity,
    read_input, read_late, readable, shifted, shifted_bits, window,
};
use super::pedersen_secp256k1::{curve, generator};
use super::sha2::{SHA256, Sha2, Word};
use super::sha256_block::{Link, Sha256Block, chain_states, link, state_bits};
use super::{
    KindError, PrecompileCall, access_ts, input_slots, read_only_accesses, read_only_words,
    verdict_regs,
};
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, is_zero, low_bits, pow2};

/// The longest message the host accepts (`umbra_abi::limits::MAX_MESSAGE`, 2²⁴ bytes).
pub const MAX_MESSAGE: u32 = umbra_abi::limits::MAX_MESSAGE;

/// Bytes of the key ‖ signature block (`pk ‖ r ‖ s`).
pub const BLOCK: usize = 96;

/// Word slots of the block's window (24 words, one more when misaligned).
const BLOCK_SLOTS: usize = BLOCK / 4 + 1;

/// Word slots of the message tail's window: `⌈(3 + 63) / 4⌉`.
const MSG_SLOTS: usize = 17;

const NAME: &str = "bip340_verify";

/// `p − 1` and `n − 1` of secp256k1 in 32-bit limbs, little-endian.
pub(super) const P_MINUS_ONE: [u64; 8] = [
    0xFFFF_FC2E,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];
pub(super) const N: [u64; 8] = [
    0xD036_4141,
    0xBFD2_5E8C,
    0xAF48_A03B,
    0xBAAE_DCE6,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];

pub(super) fn n_minus_one() -> [u64; 8] {
    let mut m = N;
    m[0] -= 1;
    m
}

/// The SHA-256 state after the constant first block `t ‖ t`, computed once.
fn midstate() -> &'static [u64; 8] {
    static M: OnceLock<[u64; 8]> = OnceLock::new();
    M.get_or_init(|| {
        let tag = SHA256.digest_native(b"BIP0340/challenge");
        let mut block = [0u64; 16];
        for (i, w) in block.iter_mut().enumerate() {
            let k = 4 * (i % 8);
            *w = u64::from(u32::from_be_bytes([
                tag[k],
                tag[k + 1],
                tag[k + 2],
                tag[k + 3],
            ]));
        }
        let mut st = SHA256.iv;
        SHA256.compress_native(&mut st, &block);
        st
    })
}

/// A `bip340_verify` call record as the witness generator makes it for an honest
/// execution: the key block `pk ‖ r ‖ s` at `iptr` and `msg` at `mptr` (any alignments;
/// the other bytes of their words 0; where the two overlap their bytes must agree), the
/// `ecall` at `clk`, every word last written at `clk − 1`, the host's verdict and reason
/// (`umbra-schnorr`) and cycle charge. For tests, benches and tools (the prover gets its
/// records from the witness generator). `None` when overlapping bytes disagree or a
/// range leaves the address space.
pub fn call_for(
    block: &[u8; BLOCK],
    msg: &[u8],
    iptr: u32,
    mptr: u32,
    clk: u64,
) -> Option<PrecompileCall> {
    let words = read_only_accesses(&[(iptr, &block[..]), (mptr, msg)], clk.checked_sub(1)?)?;
    let verdict = umbra_schnorr::bip340::verify(&block[..32], msg, &block[32..])
        .map_err(umbra_precompiles::bip340::reason);
    let len = u32::try_from(msg.len()).ok()?;
    Some(PrecompileCall {
        pc: 0,
        clk,
        id: BIP340_VERIFY,
        args: [iptr, mptr, len, 0],
        ret: verdict_regs(verdict),
        extra_cycles: umbra_precompiles::cost::bip340(len),
        words,
    })
}

/// One `bip340_verify` call as a step of its kind (a batch of one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bip340Call {
    clk: u64,
    iptr: u32,
    mptr: u32,
    len: u32,
    block: [Slot; BLOCK_SLOTS],
    /// The message tail's window (the words of bytes `64q …`, `q = ⌊len/64⌋`).
    msg: [Slot; MSG_SLOTS],
    /// The chain's link `q`: the state after the full blocks, the carried word.
    link: Link,
    /// Permissions of the pages of the block's first and last word, then of the tail's.
    perms: [u8; 4],
}

/// The step of the `bip340_verify` kind (one call).
pub type Bip340Batch = Batch<Bip340Call>;

impl Bip340Call {
    /// The steps proving `call`: its fold, and the `⌊len/64⌋` blocks of the SHA-256 chain
    /// of its message ([`Sha256Block`]).
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Malformed`] for what the
    /// host faults on (`a3 ≠ 0`, a message over 2²⁴ bytes) and for a record whose cycles or
    /// words are not what the arguments imply (a word written, a missing one, words of
    /// neither window). The verdict is the circuit's: a record with other results builds a
    /// step whose `Syscall` tuple does not match the `ecall`'s.
    pub fn new(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<(Self, Vec<Sha256Block>), KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        if call.id != BIP340_VERIFY {
            return Err(KindError::WrongId {
                expected: BIP340_VERIFY,
                got: call.id,
            });
        }
        let [iptr, mptr, len, a3] = call.args;
        if a3 != 0 {
            return Err(malformed("a3 is reserved and must be 0 (the VM faults)"));
        }
        if len > MAX_MESSAGE {
            return Err(malformed("message longer than 2^24 bytes (the VM faults)"));
        }
        if call.extra_cycles != umbra_precompiles::cost::bip340(len) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let words = read_only_words(call, NAME)?;
        let mut used = BTreeSet::new();
        let block: [Slot; BLOCK_SLOTS] = input_slots(&words, (iptr, BLOCK), &mut used, NAME)?;
        let n_block = used.len();
        let base = iptr & !3;
        let key_bytes: Vec<u8> = block.iter().flat_map(|w| w.word.to_le_bytes()).collect();
        let key = &key_bytes[(iptr & 3) as usize..(iptr & 3) as usize + BLOCK];
        let block_words = used.clone();
        let in_block = |a: u32| block_words.contains(&a);
        // The message, from the words' old values.
        let mbase = mptr & !3;
        let off = mptr & 3;
        let n_msg = if len == 0 { 0 } else { (off + len).div_ceil(4) };
        let mut msg_bytes = Vec::with_capacity(4 * n_msg as usize);
        for w in 0..n_msg {
            let a = mbase
                .checked_add(4 * w)
                .ok_or(malformed("message past the address space"))?;
            let acc = words
                .get(&a)
                .ok_or(malformed("a message word is missing"))?;
            msg_bytes.extend_from_slice(&acc.old.to_le_bytes());
            used.insert(a);
        }
        if used.len() != words.len() {
            return Err(malformed(
                "words other than the key block's and the message's",
            ));
        }
        let msg = msg_bytes
            .get(off as usize..(off + len) as usize)
            .unwrap_or(&[]);
        // The chain: from the state after r ‖ pk over the full blocks.
        let mut first = [0u64; 16];
        for (i, w) in first.iter_mut().enumerate() {
            let k = if i < 8 { 32 + 4 * i } else { 4 * (i - 8) };
            *w = u64::from(u32::from_be_bytes([
                key[k],
                key[k + 1],
                key[k + 2],
                key[k + 3],
            ]));
        }
        let mut s1 = *midstate();
        SHA256.compress_native(&mut s1, &first);
        let states = chain_states(s1.map(|x| x as u32), msg);
        let blocks =
            Sha256Block::for_message(call.clk, mptr, &states, &words, &in_block, page_perm)?;
        let q = (len / 64) as usize;
        let tail = len % 64;
        // The tail's window: words at mbase + 64q; slot 0 carried when q > 0 and misaligned.
        let carried = q > 0 && off != 0;
        let tbase = mbase.wrapping_add(64 * q as u32);
        let mut tail_win = [Slot::default(); MSG_SLOTS];
        let mut first_read = None;
        let mut last_read = 0;
        for (i, slot) in tail_win.iter_mut().enumerate() {
            let a = tbase.wrapping_add(4 * i as u32);
            let holds = tail > 0 && (4 * i as u32) < off + tail;
            if !(holds || i == 0 && carried) {
                continue;
            }
            let acc = words
                .get(&a)
                .ok_or(malformed("a message word is missing"))?;
            let read = holds && !(i == 0 && carried);
            *slot = Slot {
                word: acc.old,
                t_prev: if !read {
                    0
                } else if in_block(a) {
                    access_ts(call.clk)
                } else {
                    acc.t_prev
                },
            };
            if read {
                first_read.get_or_insert(a);
                last_read = a;
            }
        }
        let carry = if carried { tail_win[0].word } else { 0 };
        let perm = |a: u32| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R);
        let r = umbra_vm::memory::PERM_R;
        Ok((
            Self {
                clk: call.clk,
                iptr,
                mptr,
                len,
                block,
                msg: tail_win,
                link: Link {
                    j: q as u64,
                    carry,
                    state: states[q],
                },
                perms: [
                    perm(base),
                    perm(base.wrapping_add(4 * (n_block as u32 - 1))),
                    first_read.map_or(r, perm),
                    first_read.map_or(r, |_| perm(last_read)),
                ],
            },
            blocks,
        ))
    }
}

impl BatchedCall for Bip340Call {
    const BATCH: usize = 1;

    /// A call with a zero block and an empty message at the start of guest RAM.
    fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        let zero_key = [0u64; 16];
        let mut s1 = *midstate();
        SHA256.compress_native(&mut s1, &zero_key);
        Self {
            clk: 1,
            iptr: ptr,
            mptr: ptr,
            len: 0,
            block: [Slot::default(); BLOCK_SLOTS],
            msg: [Slot::default(); MSG_SLOTS],
            link: Link {
                j: 0,
                carry: 0,
                state: s1.map(|x| x as u32),
            },
            perms: [umbra_vm::memory::PERM_R; 4],
        }
    }
}

/// The big-endian 32-bit words of `bytes` as SHA-256 words (bits of each byte, least
/// significant first).
pub(super) fn be_words(bits_of: &[Vec<V>]) -> Vec<Word> {
    bits_of
        .chunks(4)
        .map(|w| w.iter().rev().flatten().cloned().collect())
        .collect()
}

/// The emulated element of 256 little-endian boolean bits (no row).
pub(super) fn fe_of_bits(bits: &[V]) -> Fe {
    let limbs: [V; 4] = core::array::from_fn(|i| {
        bits[64 * i..64 * (i + 1)]
            .iter()
            .enumerate()
            .fold(V::zero(), |acc, (k, x)| acc.plus(&x.scale(pow2(k as u32))))
    });
    let max = core::array::from_fn(|_| BigUint::from(u64::MAX));
    Fe::from_parts(limbs, max)
}

/// `sqrt(c)` for `p ≡ 3 (mod 4)` if `c` is a square (`c^((p+1)/4)`), with the flag.
pub(super) fn sqrt_mod(c: &BigUint, p: &BigUint) -> (BigUint, bool) {
    let e = (p + 1u32) >> 2;
    let y = c.modpow(&e, p);
    let ok = (&y * &y) % p == c % p;
    (y, ok)
}

/// Bits of the GLV half-scalars `|k₁|`, `|k₂|` (both below 2¹²⁹ for secp256k1; 132 is
/// 33 whole 4-bit windows).
const GLV_BITS: usize = 132;

fn hex(x: &str) -> BigUint {
    BigUint::parse_bytes(x.as_bytes(), 16).unwrap_or_default()
}

/// `λ`, the cube root of unity mod `n` with `λ·(x, y) = (β·x, y)` on secp256k1.
fn glv_lambda() -> BigUint {
    hex("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72")
}

/// `β`, the cube root of unity mod `p` paired with [`glv_lambda`].
fn glv_beta() -> BigUint {
    hex("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee")
}

/// The group order `n`.
pub(super) fn order() -> BigUint {
    N.iter()
        .rev()
        .fold(BigUint::zero(), |acc, &l| (acc << 32) + l)
}

/// Arithmetic mod `n`, built once.
fn scalar_field() -> Option<&'static super::emulated::Field> {
    static F: OnceLock<Option<super::emulated::Field>> = OnceLock::new();
    F.get_or_init(|| super::emulated::Field::new(order()))
        .as_ref()
}

/// `e = ±k₁ ± k₂·λ (mod n)` with short `k₁`, `k₂` (the lattice basis of libsecp256k1's
/// `scalar_split_lambda`, rounded division): `(|k₁|, k₁ < 0, |k₂|, k₂ < 0)`.
pub(super) fn glv_split(e: &BigUint) -> (BigUint, bool, BigUint, bool) {
    use num_bigint::{BigInt, Sign};
    let n = BigInt::from(order());
    let a1 = BigInt::from(hex("3086d221a7d46bcde86c90e49284eb15"));
    let b1 = -BigInt::from(hex("e4437ed6010e88286f547fa90abfe4c3"));
    let a2 = BigInt::from(hex("114ca50f7a8e2f3f657c1108d9d44cfd8"));
    let b2 = a1.clone();
    let k = BigInt::from(e.clone());
    let round = |num: BigInt| -> BigInt { (num * 2 + &n) / (&n * 2) };
    let c1 = round(&b2 * &k);
    let c2 = round(-&b1 * &k);
    let k1 = &k - &c1 * &a1 - &c2 * &a2;
    let k2 = -&c1 * &b1 - &c2 * &b2;
    let parts = |x: BigInt| (x.magnitude().clone(), x.sign() == Sign::Minus);
    let (m1, s1) = parts(k1);
    let (m2, s2) = parts(k2);
    (m1, s1, m2, s2)
}

/// `h mod n` for the 256-bit `h` given as eight 32-bit little-endian limbs (range-checked
/// by the caller): `e + c·n = h` limb by limb with `c` boolean (`h < 2²⁵⁶ < 2n`) and
/// `e ≤ n − 1`. Returns `e`'s little-endian bits and its value.
pub(super) fn reduce_mod_n(
    s: &mut Synth,
    b: &mut Bus,
    h_limbs: &[V],
) -> Result<(Vec<V>, BigUint), SynthesisError> {
    let h_val = h_limbs
        .iter()
        .rev()
        .fold(BigUint::zero(), |acc, l| (acc << 32) + low_bits(l.val));
    let n_int = order();
    let wrap = h_val >= n_int;
    let e_val = if wrap { &h_val - &n_int } else { h_val.clone() };
    let e_bits: Vec<V> = (0..256)
        .map(|i| boolean(s, e_val.bit(i)))
        .collect::<Result<_, _>>()?;
    let e_limbs = limbs_of_bits(&e_bits);
    let cw = boolean(s, wrap)?;
    let mut carry = V::zero();
    for i in 0..8 {
        let lhs = e_limbs[i].add(&cw.scale(f(N[i]))).add(&carry);
        let total = low_bits(lhs.val) as u128;
        let next = if i < 7 {
            boolean(s, total >> 32 == 1)?
        } else {
            V::zero()
        };
        s.equal(&lhs, &h_limbs[i].add(&next.scale(pow2(32))))?;
        carry = next;
    }
    borrow_above(s, b, &e_limbs, &n_minus_one(), true)?;
    Ok((e_bits, e_val))
}

/// `Σ ±k_t·P_t` over secp256k1 for the `terms` `(P_t, negated, k_t, k_t's value mod n)`
/// (`negated`: the multiple of `−P_t`; `k_t` any element ≡ its value mod `n`) through the
/// endomorphism `φ(x, y) = (β·x, y) = λ·(x, y)`: each `k_t ≡ ±k₁ ± k₂·λ (mod n)` with
/// `|k₁|, |k₂| < 2¹³²`, checked in arithmetic mod `n`, then `±k₁·P_t ± k₂·φ(P_t)` for all
/// terms at once in 33 joint 4-bit windows over the tables `{0, Q, …, 15Q}` and their
/// images under `φ` — four doublings a window whatever the number of terms.
pub(super) fn glv_msm(
    s: &mut Synth,
    b: &mut Bus,
    terms: &[(&Point, bool, &Fe, &BigUint)],
) -> Result<Point, SynthesisError> {
    let c = curve();
    let fld = &c.field;
    let fn_ = scalar_field().ok_or(SynthesisError::Unsatisfiable)?;
    let padded = |bits: &[V]| -> Vec<V> {
        bits.iter()
            .cloned()
            .chain((bits.len()..256).map(|_| V::zero()))
            .collect()
    };
    let mut tables = Vec::with_capacity(2 * terms.len());
    let mut halves = Vec::with_capacity(2 * terms.len());
    for &(p, negated, k_fe, k_val) in terms {
        let (k1, neg1, k2, neg2) = glv_split(&(k_val % order()));
        let k1_bits: Vec<V> = (0..GLV_BITS)
            .map(|i| boolean(s, k1.bit(i as u64)))
            .collect::<Result<_, _>>()?;
        let k2_bits: Vec<V> = (0..GLV_BITS)
            .map(|i| boolean(s, k2.bit(i as u64)))
            .collect::<Result<_, _>>()?;
        let (n1, n2) = (boolean(s, neg1)?, boolean(s, neg2)?);
        let k1_fe = fe_of_bits(&padded(&k1_bits));
        let k2_fe = fe_of_bits(&padded(&k2_bits));
        let k2l = fn_.mul(s, b, &k2_fe, &fn_.constant(&glv_lambda()))?;
        let t1 = fn_.select(s, &n1, &k1_fe, &fn_.neg(&k1_fe))?;
        let t2 = fn_.select(s, &n2, &k2l, &fn_.neg(&k2l))?;
        fn_.assert_eq(s, b, &fn_.add(&t1, &t2), k_fe)?;
        // Q = (−1)^{n₁}·(±P).
        let y_q = if negated {
            fld.select(s, &n1, &fld.neg(&p.y), &p.y)?
        } else {
            fld.select(s, &n1, &p.y, &fld.neg(&p.y))?
        };
        let q1 = Point {
            x: p.x.clone(),
            y: y_q,
            z: p.z.clone(),
        };
        let mut table = vec![c.constant(None), q1.clone()];
        for k in 2..16 {
            let next = if k % 2 == 0 {
                c.double(s, b, &table[k / 2])?
            } else {
                c.add(s, b, &table[k - 1], &q1)?
            };
            table.push(next);
        }
        // φ of the table, negated when the signs differ: k·(−1)^{n₂}·φ(±P).
        let flip = {
            let both = s.mul(&n1, &n2)?;
            n1.add(&n2).sub(&both.scale(f(2)))
        };
        let beta = fld.constant(&glv_beta());
        let mut table2 = vec![c.constant(None)];
        for t in &table[1..] {
            table2.push(Point {
                x: fld.mul(s, b, &t.x, &beta)?,
                y: fld.select(s, &flip, &t.y, &fld.neg(&t.y))?,
                z: t.z.clone(),
            });
        }
        tables.push(table);
        tables.push(table2);
        halves.push(k1_bits);
        halves.push(k2_bits);
    }
    let pick = |s: &mut Synth, table: &[Point], w: &[V]| -> Result<Point, SynthesisError> {
        // table[Σ w_i 2^i]: a tree over the bits, low bit first.
        let mut level = table.to_vec();
        for bit in w {
            level = level
                .chunks(2)
                .map(|pair| c.select(s, bit, &pair[0], &pair[1]))
                .collect::<Result<_, _>>()?;
        }
        level.pop().ok_or(SynthesisError::Unsatisfiable)
    };
    let mut acc: Option<Point> = None;
    for w in (0..GLV_BITS / 4).rev() {
        if let Some(a) = acc.as_mut() {
            for _ in 0..4 {
                *a = c.double(s, b, a)?;
            }
        }
        let mut sum: Option<Point> = None;
        for (table, bits) in tables.iter().zip(&halves) {
            let p = pick(s, table, &bits[4 * w..4 * w + 4])?;
            sum = Some(match sum {
                Some(q) => c.add(s, b, &q, &p)?,
                None => p,
            });
        }
        let sum = sum.ok_or(SynthesisError::Unsatisfiable)?;
        acc = Some(match acc {
            Some(a) => c.add(s, b, &a, &sum)?,
            None => sum,
        });
    }
    acc.ok_or(SynthesisError::Unsatisfiable)
}

impl SlotCircuit for Bip340Call {
    #[allow(clippy::too_many_lines)]
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        let c = curve();
        let fld = &c.field;
        let p_int = (BigUint::one() << 256) - (BigUint::one() << 32) - 977u32;

        // ---- the call's registers.
        s.comp = "call";
        let clk = s.witness(f(self.clk))?;
        let iptr = s.witness(f(self.iptr.into()))?;
        let mptr = s.witness(f(self.mptr.into()))?;
        // len = 64q + tail: tail one-hot over 0 ..= 63, q 32-bit, len ≤ 2²⁴ (the host's).
        let tpos: Vec<V> = (0..64u32)
            .map(|k| boolean(s, k == self.len % 64))
            .collect::<Result<_, _>>()?;
        let mut tsum = V::zero();
        let mut tail = V::zero();
        for (k, p) in tpos.iter().enumerate() {
            tsum = tsum.plus(p);
            tail = tail.plus(&p.scale(f(k as u64)));
        }
        s.equal(&tsum, &one)?;
        let q = s.witness(f(u64::from(self.len / 64)))?;
        b.r32(s, &q, &one)?;
        let len = q.scale(f(64)).add(&tail);
        b.r32(s, &V::constant(f(MAX_MESSAGE.into())).sub(&len), &one)?;

        // ---- the key block, read at 4·clk + 2.
        let (bbytes, bsel, g2clk) = read_input(
            s,
            b,
            &clk,
            (&iptr, self.iptr),
            &self.block,
            [self.perms[0], self.perms[1]],
            gate,
        )?;

        // ---- the message tail (bytes 64q …), read at 4·clk + 3: slot 0 carried from the
        // chain when q > 0 and misaligned, else read iff tail > 0; slot i ≥ 1 read iff
        // 4i < off + tail (monotone flags whose count c has 4(c + 1) − off − tail ∈ [0, 3]
        // when tail > 0, and c = 0 when tail = 0).
        s.comp = "input";
        let (mbytes, msel, mbase) = window(s, b, (&mptr, self.mptr), &self.msg)?;
        let mmis = msel[0].add(&msel[1]).add(&msel[2]);
        let moff = msel[0].add(&msel[1].scale(f(2))).add(&msel[2].scale(f(3)));
        let has = one.sub(&tpos[0]);
        let first = is_zero(s, &q)?;
        let carried = s.mul(&mmis, &one.sub(&first))?;
        let read0 = s.mul(&has, &one.sub(&carried))?;
        let end = u64::from(self.mptr & 3) + u64::from(self.len % 64);
        let mut reads = vec![read0.clone()];
        for i in 1..MSG_SLOTS {
            reads.push(boolean(
                s,
                !self.len.is_multiple_of(64) && 4 * (i as u64) < end,
            )?);
        }
        let mut count = V::zero();
        for i in 1..MSG_SLOTS {
            count = count.plus(&reads[i]);
            if i + 1 < MSG_SLOTS {
                // reads[i + 1] ≤ reads[i].
                s.enforce(&reads[i + 1], &one.sub(&reads[i]), &V::zero())?;
            }
        }
        let off_used = s.mul(&moff, &has)?;
        let slack = count
            .scale(f(4))
            .add(&has.scale(f(4)))
            .sub(&off_used)
            .sub(&tail);
        b.r16(s, &slack.scale(pow2(14)), &one)?;
        // The chain's link q: the state after the full blocks and the carried word.
        s.comp = "challenge";
        let link_state = state_bits(s, &self.link.state)?;
        let carry = s.witness(f(self.link.carry.into()))?;
        let word = |i: usize| {
            (0..4).fold(V::zero(), |acc, k| {
                acc.plus(&mbytes[4 * i + k].scale(pow2(8 * k as u32)))
            })
        };
        s.enforce(&carried, &word(0).sub(&carry), &V::zero())?;
        s.comp = "memory";
        let tstart = mbase.add(&q.scale(f(64)));
        // Unread and not carried: bytes pinned to 0.
        let idle: Vec<V> = (0..MSG_SLOTS)
            .map(|i| {
                if i == 0 {
                    one.sub(&read0).sub(&carried)
                } else {
                    one.sub(&reads[i])
                }
            })
            .collect();
        read_late(
            s,
            b,
            (&clk, &g2clk),
            &tstart,
            &mbytes,
            &self.msg,
            (&reads, &idle),
            gate,
        )?;
        s.comp = "pages";
        // Any word read: slot 0 or slot 1 (the flags are monotone from slot 1); the first
        // read is slot 0 or slot 1, the last slot `count` (or 0).
        let r01 = s.mul(&read0, &reads[1])?;
        let any = read0.add(&reads[1]).sub(&r01);
        let gh = s.mul(gate, &any)?;
        let p2 = readable(s, self.perms[2], &gh)?;
        let p3 = readable(s, self.perms[3], &gh)?;
        let first_read = tstart.add(&one.sub(&read0).scale(f(4)));
        let mspan = count
            .scale(f(4))
            .sub(&reads[1].scale(f(4)))
            .add(&r01.scale(f(4)));
        pages(s, b, &first_read, &mspan, [&p2, &p3], &gh, &one)?;

        // ---- bits of pk, r, s (bytes big-endian) and the SHA-256 blocks.
        s.comp = "challenge";
        let bits = shifted_bits(s, &bbytes, &bsel, BLOCK)?;
        let (pk, rest) = bits.split_at(32);
        let (r, sig_s) = rest.split_at(32);
        // Little-endian bits of a big-endian 32-byte integer.
        let le = |bytes: &[Vec<V>]| -> Vec<V> { bytes.iter().rev().flatten().cloned().collect() };
        let (x_bits, r_bits, s_bits) = (le(pk), le(r), le(sig_s));

        let mid = midstate();
        let state: [Word; 8] = core::array::from_fn(|i| SHA256.constant(mid[i]));
        let first_block: Vec<Vec<V>> = r.iter().chain(pk).cloned().collect();
        let s1 = SHA256.compress(s, &state, &be_words(&first_block))?;
        // The chain: link 0 emitted (the state after r ‖ pk, carry 0), link q consumed
        // (for q = 0 the two cancel).
        let zero = V::zero();
        link(s, b, &clk, &zero, (&mptr, &zero), &s1, true, gate)?;
        link(s, b, &clk, &q, (&mptr, &carry), &link_state, false, gate)?;
        // The tail: byte k is m_k if k < tail, 0x80 if k = tail; the 64-bit bit length
        // 8·(128 + len) < 2³⁵ (five bytes) in bytes 59–63 of block A when tail ≤ 55 (short),
        // else of block B (all other bytes 0).
        let mut after = V::zero(); // Σ_{j > k} tpos_j, built from the top.
        let mut lt = vec![V::zero(); 64];
        for k in (0..64).rev() {
            lt[k] = after.clone();
            after = after.plus(&tpos[k]);
        }
        let short = (0..56).fold(V::zero(), |acc, k| acc.plus(&tpos[k]));
        let bitlen = len.scale(f(8)).add_const(f(1024));
        let bl = low_bits(bitlen.val);
        let mut lbytes = Vec::with_capacity(5);
        let mut acc = V::zero();
        for k in 0..5u32 {
            let x = s.witness(f((bl >> (8 * k)) & 0xff))?;
            b.r16(s, &x.scale(f(256)), &one)?;
            acc = acc.plus(&x.scale(pow2(8 * k)));
            lbytes.push(x);
        }
        s.equal(&acc, &bitlen)?;
        let mut block_a = Vec::with_capacity(64);
        let mut block_b = Vec::with_capacity(64);
        let zero_byte: Vec<V> = (0..8).map(|_| V::zero()).collect();
        for k in 0..64 {
            let mut byte = tpos[k].scale(f(0x80));
            if k < 63 {
                let m = shifted(s, &mbytes, &msel, k)?;
                byte = byte.plus(&s.mul(&lt[k], &m)?);
            }
            let lb = (k >= 59).then(|| &lbytes[63 - k]);
            if let Some(lb) = lb {
                byte = byte.plus(&s.mul(&short, lb)?);
                block_b.push(byte_bits(s, lb)?);
            } else {
                block_b.push(zero_byte.clone());
            }
            block_a.push(byte_bits(s, &byte)?);
        }
        let sa = SHA256.compress(s, &link_state, &be_words(&block_a))?;
        let sb = SHA256.compress(s, &sa, &be_words(&block_b))?;
        let mut digest: [Word; 8] = Default::default();
        for (d, (x, y)) in digest.iter_mut().zip(sa.iter().zip(&sb)) {
            for (xa, yb) in x.iter().zip(y) {
                // short ? a : b
                let t = s.mul(&short, &xa.sub(yb))?;
                d.push(yb.add(&t));
            }
        }

        // ---- e = digest mod n: e + c·n = h limb by limb (c boolean), e ≤ n − 1.
        let h_limbs: Vec<V> = digest.iter().rev().map(|w| Sha2::pack(w)).collect();
        let (e_bits, e_val) = reduce_mod_n(s, b, &h_limbs)?;

        // ---- encodings: x, r ≤ p − 1, s ≤ n − 1; lift_x.
        s.comp = "encoding";
        let x_bad = borrow_above(s, b, &limbs_of_bits(&x_bits), &P_MINUS_ONE, false)?;
        let r_bad = borrow_above(s, b, &limbs_of_bits(&r_bits), &P_MINUS_ONE, false)?;
        let s_bad = borrow_above(s, b, &limbs_of_bits(&s_bits), &n_minus_one(), false)?;
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
        let y_even = if y0.bit(0) { &p_int - &y0 } else { y0 };
        let sq_v = boolean(s, sq)?;
        let y = fld.alloc(s, b, &y_even)?;
        let (y, y_chunks) = fld.canonical_chunks(s, b, &y)?;
        b.r16(
            s,
            &y_chunks[0].scale(f(2).inverse().unwrap_or_default()),
            &one,
        )?;
        let yy = fld.mul(s, b, &y, &y)?;
        let target = fld.select(s, &sq_v, &fld.neg(&rhs), &rhs)?;
        fld.assert_eq(s, b, &yy, &target)?;
        // enc = x_bad ∨ ¬sq ∨ r_bad ∨ s_bad.
        let ok1 = s.mul(&one.sub(&x_bad), &sq_v)?;
        let ok2 = s.mul(&ok1, &one.sub(&r_bad))?;
        let enc_ok = s.mul(&ok2, &one.sub(&s_bad))?;

        // ---- R = s·G + e·(−P).
        s.comp = "msm";
        let (gtab, corr) = generator().ok_or(SynthesisError::Unsatisfiable)?;
        let mut sg = gtab.add_windows(s, b, c.constant(None), &s_bits)?;
        let corr = (fld.constant(&corr.0), fld.constant(&corr.1));
        sg = c.add_affine(s, b, &sg, (&corr.0, &corr.1))?;
        // e·(−P) through the endomorphism (half the doublings of e·(−P) alone).
        let p_pt = Point {
            x: x.clone(),
            y: y.clone(),
            z: fld.constant(&BigUint::one()),
        };
        let ep = glv_msm(s, b, &[(&p_pt, true, &fe_of_bits(&e_bits), &e_val)])?;
        let big_r = c.add(s, b, &sg, &ep)?;

        // ---- the equation's checks: R ≠ O, y(R) even, x(R) = r.
        s.comp = "equation";
        let ra = c.to_affine(s, b, &big_r)?;
        let y0c = &ra.y_chunks[0];
        let odd = parity(s, b, y0c)?;
        let r_chunks: Vec<V> = r_bits
            .chunks(16)
            .map(|c16| {
                c16.iter()
                    .enumerate()
                    .fold(V::zero(), |acc, (k, x)| acc.plus(&x.scale(pow2(k as u32))))
            })
            .collect();
        let half = |ch: &[V]| {
            ch.iter().enumerate().fold(V::zero(), |acc, (k, x)| {
                acc.plus(&x.scale(pow2(16 * k as u32)))
            })
        };
        let d_lo = half(&ra.x_chunks[..8]).sub(&half(&r_chunks[..8]));
        let d_hi = half(&ra.x_chunks[8..]).sub(&half(&r_chunks[8..]));
        let z_lo = is_zero(s, &d_lo)?;
        let z_hi = is_zero(s, &d_hi)?;
        let x_eq = s.mul(&z_lo, &z_hi)?;
        let a1 = s.mul(&one.sub(&ra.id), &one.sub(&odd))?;
        let eq_ok = s.mul(&a1, &x_eq)?;

        // ---- results: verdict (1 valid) and reason (0 ok, 1 equation, 2 encoding).
        s.comp = "call";
        let verdict = s.mul(&enc_ok, &eq_ok)?;
        let enc = one.sub(&enc_ok);
        let reason = enc.scale(f(2)).add(&enc_ok.sub(&verdict));
        // The cost: the fold's, and a block's share of a chain fold per full block.
        let cycles = V::constant(f(umbra_precompiles::cost::bip340(0)))
            .add(&q.scale(f(umbra_precompiles::cost::SHA256_PER_BLOCK)));
        consume_call(
            s,
            b,
            (&clk, BIP340_VERIFY),
            &iptr,
            &cycles,
            (&verdict, &reason),
            [Fld::X(&mptr), Fld::X(&len), Fld::K(Fr::zero())],
            gate,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::elliptic_curve::sec1::ToSec1Point;
    use k256::{ProjectivePoint, Scalar};

    fn scalar(x: &BigUint) -> Scalar {
        let mut be = [0u8; 32];
        let b = x.to_bytes_be();
        be[32 - b.len()..].copy_from_slice(&b);
        Option::from(<Scalar as k256::elliptic_curve::PrimeField>::from_repr(
            be.into(),
        ))
        .expect("below n")
    }

    /// λ·G = (β·x(G), y(G)) (k256), and the split of edge and random scalars is short and
    /// recombines: ±k₁ ± k₂·λ ≡ e (mod n).
    #[test]
    fn glv_constants_and_split() {
        let g = ProjectivePoint::GENERATOR;
        let lg = (g * scalar(&glv_lambda())).to_affine().to_sec1_point(false);
        let ga = g.to_affine().to_sec1_point(false);
        let p = (BigUint::one() << 256) - (BigUint::one() << 32) - 977u32;
        let gx = BigUint::from_bytes_be(&ga.as_bytes()[1..33]);
        assert_eq!(
            BigUint::from_bytes_be(&lg.as_bytes()[1..33]),
            (gx * glv_beta()) % &p
        );
        assert_eq!(lg.as_bytes()[33..], ga.as_bytes()[33..]);
        let n = order();
        let mut cases = vec![
            BigUint::zero(),
            BigUint::one(),
            &n - 1u32,
            &n - 2u32,
            glv_lambda(),
            &n >> 1,
        ];
        let mut x = BigUint::from(0x1234_5678_9abc_def0u64);
        for _ in 0..200 {
            x = (&x * &x + 0x9e37_79b9u32) % &n;
            cases.push(x.clone());
        }
        for e in cases {
            let (k1, n1, k2, n2) = glv_split(&e);
            assert!(k1.bits() <= 129 && k2.bits() <= 129, "{e:x}");
            let signed = |m: &BigUint, neg: bool| if neg { (&n - (m % &n)) % &n } else { m % &n };
            let sum = (signed(&k1, n1) + signed(&k2, n2) * glv_lambda()) % &n;
            assert_eq!(sum, e);
        }
    }
}
