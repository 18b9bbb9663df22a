//! The circuit kind of `ed25519_verify` ([`ED25519_VERIFY`]): one call per fold, computing
//! the host's verdict and reason (`umbra_precompiles::ed25519`, `umbra-eddsa`'s
//! `verify_with`) under each of the three rules, for messages of up to [`MAX_MESSAGE`]
//! bytes (two SHA-512 blocks after `R ‖ A`; a longer message is refused as
//! `KindError::Unsupported` until a SHA-512 block chain exists — `docs/prover.md`,
//! "Precompile kinds: ed25519_verify").
//!
//! The call: `a0` → `A (32) ‖ R (32) ‖ S (32)` at any alignment (read at `4·clk + 2`),
//! `a1` → the message at any alignment (read at `4·clk + 3`, after the key block, so a
//! word in both is read twice in order: [`super::reads_late`]), `a2` = its length,
//! `a3` = the rule (0 RFC 8032, 1 strict, 2 ZIP-215; one-hot in the circuit). Every rule's
//! verdict is a formula of the same facts:
//!
//! * **decoding** of `A` and `R` (both answers proven, as in `umbra-circuits`'
//!   `ed25519::decompress`): `y` is the 255 low bits, `u = y² − 1`, `v = d·y² + 1`; a
//!   canonical witness `r` with `v·r² ≡ c·u`, `c = 1` when the point decodes (then `r = x`,
//!   its parity the sign bit unless `r = 0`) and `c = 2` when it does not (then `r ≠ 0`:
//!   2 is not a square mod `p ≡ 5 mod 8`, so `u/v` is not one). Canonical: `y ≤ p − 1` and
//!   not (`x = 0` with the sign bit set). An undecodable point is replaced by the identity;
//! * **`S < ℓ`** by a borrow chain;
//! * **the challenge** `k = SHA-512(R ‖ A ‖ M) mod ℓ`: the padded stream is one block when
//!   `len ≤ 47`, two otherwise; `k` is the digest's little-endian 512-bit integer reduced
//!   in arithmetic mod `ℓ` (`h_lo + h_hi·2²⁵⁶`), canonical;
//! * **the equation** `P = [S]B + [k](−A) + (−R)`: `[S]B` in 64 fixed-base 4-bit windows
//!   (constant tables, one mixed addition each), `[k](−A)` in 64 variable-base windows over
//!   `{0, −A, …, −15A}`; cofactorless `P = O`, cofactored `[8]P = O`; small order
//!   `[8]A = O`, `[8]R = O`. (The half-size scalar pair of the `umbra-circuits` gadget
//!   would halve the variable-base doublings; see `docs/prover.md`.)
//!
//! RFC 8032: `A`, `R` decode and are canonical, `S < ℓ`, `P = O`; strict: also neither of
//! small order; ZIP-215: `A`, `R` decode, `S < ℓ`, `[8]P = O`. The reason is `Encoding`
//! when the rule's encoding facts fail, else `Equation` when its equation does: the
//! host's order (`umbra-eddsa` reports an encoding error before the equation's).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{Field as _, One, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::BigUint;
use umbra_abi::syscall::ED25519_VERIFY;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::bip340::fe_of_bits;
use super::emulated::Field;
use super::emulated::edwards::{Curve, Point};
use super::emulated::weierstrass::ConstantTable;
use super::gadgets::{
    Fld, Slot, boolean, borrow_above, byte_bits, consume_call, limbs_of_bits, pages, parity,
    read_input, read_late, readable, shifted, shifted_bits, value_bits, window,
};
use super::sha2::{SHA512, Word};
use super::{
    KindError, PrecompileCall, access_ts, input_slots, read_only_accesses, read_only_words,
    verdict_regs,
};
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, low_bits, pow2};

/// The longest message the kind proves: `R ‖ A ‖ M` and its padding in two 128-byte
/// SHA-512 blocks (`64 + 175 + 1 + 16 = 256`).
pub const MAX_MESSAGE: u32 = 175;

/// Bytes of the key ‖ signature block (`A ‖ R ‖ S`).
pub const BLOCK: usize = 96;

/// Word slots of the block's window (24 words, one more when misaligned).
const BLOCK_SLOTS: usize = BLOCK / 4 + 1;

/// Word slots of the message's window: `⌈(3 + 175) / 4⌉`.
const MSG_SLOTS: usize = 45;

/// The longest message whose padded stream is one block (`64 + 47 + 1 + 16 = 128`).
const ONE_BLOCK: usize = 47;

const NAME: &str = "ed25519_verify";

/// `p − 1 = 2²⁵⁵ − 20` in 32-bit limbs, little-endian.
const P_MINUS_ONE: [u64; 8] = [
    0xFFFF_FFEC,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x7FFF_FFFF,
];

/// `ℓ − 1` (`ℓ = 2²⁵² + 27742317777372353535851937790883648493`) in 32-bit limbs.
const ELL_MINUS_ONE: [u64; 8] = [
    0x5CF5_D3EC,
    0x5812_631A,
    0xA2F7_9CD6,
    0x14DE_F9DE,
    0,
    0,
    0,
    0x1000_0000,
];

/// Edwards25519 over its emulated base field, built once.
fn curve() -> Result<&'static Curve, SynthesisError> {
    static C: OnceLock<Option<Curve>> = OnceLock::new();
    C.get_or_init(Curve::ed25519)
        .as_ref()
        .ok_or(SynthesisError::Unsatisfiable)
}

/// `ℓ`, the order of the base point.
fn ell() -> BigUint {
    ELL_MINUS_ONE
        .iter()
        .rev()
        .fold(BigUint::zero(), |acc, &l| (acc << 32) + l)
        + 1u32
}

/// Arithmetic mod `ℓ`, built once.
fn scalar_field() -> Result<&'static Field, SynthesisError> {
    static F: OnceLock<Option<Field>> = OnceLock::new();
    F.get_or_init(|| Field::new(ell()))
        .as_ref()
        .ok_or(SynthesisError::Unsatisfiable)
}

/// Native affine Edwards25519 arithmetic for the constant tables and the decoder's
/// witness (`a = −1`; the addition law is complete).
mod native {
    use ark_ff::Zero as _;
    use num_bigint::BigUint;

    /// An affine point `(x, y)`, both reduced.
    pub(super) type Pt = (BigUint, BigUint);

    /// `x⁻¹ mod p` (0 for 0).
    fn inv(x: &BigUint, p: &BigUint) -> BigUint {
        x.modinv(p).unwrap_or_default()
    }

    /// `a + b`: `((x₁y₂ + y₁x₂)/(1 + t), (y₁y₂ + x₁x₂)/(1 − t))`, `t = d·x₁x₂y₁y₂`.
    pub(super) fn add(a: &Pt, b: &Pt, p: &BigUint, d: &BigUint) -> Pt {
        let xx = &a.0 * &b.0 % p;
        let yy = &a.1 * &b.1 % p;
        let t = d * &xx % p * &yy % p;
        let x = (&a.0 * &b.1 + &a.1 * &b.0) % p * inv(&((&t + 1u32) % p), p) % p;
        let y = (yy + xx) % p * inv(&((p + 1u32 - t) % p), p) % p;
        (x, y)
    }

    /// The base point `B`: `y = 4/5`, `x` even.
    pub(super) fn base(p: &BigUint, d: &BigUint) -> Pt {
        let y = BigUint::from(4u32) * inv(&BigUint::from(5u32), p) % p;
        let y2 = &y * &y % p;
        let u = (&y2 + p - 1u32) % p;
        let v = (d * &y2 + 1u32) % p;
        let (_, x) = sqrt_ratio(&u, &v, p);
        let x = if x.bit(0) { p - x } else { x };
        (x, y)
    }

    /// `(true, √(u/v))` when `u/v` is a square mod `p ≡ 5 (mod 8)`, else `(false, √(2u/v))`
    /// (2 is not a square, so `2u/v` is one); the root returned is either of the two.
    pub(super) fn sqrt_ratio(u: &BigUint, v: &BigUint, p: &BigUint) -> (bool, BigUint) {
        let w = u * inv(v, p) % p;
        let root = |w: &BigUint| -> Option<BigUint> {
            let c = w.modpow(&((p + 3u32) >> 3), p);
            if &c * &c % p == *w {
                return Some(c);
            }
            let i = BigUint::from(2u32).modpow(&((p - 1u32) >> 2), p);
            let c = c * i % p;
            (&c * &c % p == *w).then_some(c)
        };
        match root(&w) {
            Some(r) => (true, r),
            None => (false, root(&(w * 2u32 % p)).unwrap_or_else(BigUint::zero)),
        }
    }
}

/// The fixed-base tables of `[S]B`: window `w` holds `j·16^w·B` for `j = 0 … 15` as
/// `(x, y, x·y)`, computed once.
fn base_tables() -> Result<&'static [ConstantTable], SynthesisError> {
    static T: OnceLock<Option<Vec<ConstantTable>>> = OnceLock::new();
    T.get_or_init(|| {
        let c = Curve::ed25519()?;
        let (p, d) = (c.field.modulus().clone(), c.d().clone());
        let mut base = native::base(&p, &d);
        let mut tables = Vec::with_capacity(64);
        for _ in 0..64 {
            let mut entries: Vec<native::Pt> = vec![(BigUint::zero(), BigUint::one())];
            for j in 1..16 {
                let next = native::add(&entries[j - 1], &base, &p, &d);
                entries.push(next);
            }
            let coords: Vec<[BigUint; 3]> = entries
                .iter()
                .map(|(x, y)| [x.clone(), y.clone(), x * y % &p])
                .collect();
            tables.push(ConstantTable::of_coordinates(&coords));
            base = native::add(&entries[15], &base, &p, &d);
        }
        Some(tables)
    })
    .as_deref()
    .ok_or(SynthesisError::Unsatisfiable)
}

/// An `ed25519_verify` call record as the witness generator makes it for an honest
/// execution: the key block `A ‖ R ‖ S` at `iptr` and `msg` at `mptr` (any alignments;
/// the other bytes of their words 0; where the two overlap their bytes must agree), the
/// `ecall` at `clk` with rule `rule`, every word last written at `clk − 1`, the host's
/// verdict and reason (`umbra-eddsa`) and cycle charge. For tests, benches and tools.
/// `None` when overlapping bytes disagree or a range leaves the address space.
pub fn call_for(
    rule: umbra_abi::Ed25519Rule,
    block: &[u8; BLOCK],
    msg: &[u8],
    (iptr, mptr): (u32, u32),
    clk: u64,
) -> Option<PrecompileCall> {
    let words = read_only_accesses(&[(iptr, &block[..]), (mptr, msg)], clk.checked_sub(1)?)?;
    let key: [u8; 32] = block[..32].try_into().ok()?;
    let sig: [u8; 64] = block[32..].try_into().ok()?;
    let verdict = umbra_precompiles::ed25519::verify(rule, &key, msg, &sig);
    let len = u32::try_from(msg.len()).ok()?;
    Some(PrecompileCall {
        pc: 0,
        clk,
        id: ED25519_VERIFY,
        args: [iptr, mptr, len, rule.id()],
        ret: verdict_regs(verdict),
        extra_cycles: umbra_precompiles::cost::ed25519(len),
        words,
    })
}

/// One `ed25519_verify` call as a step of its kind (a batch of one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ed25519Call {
    clk: u64,
    iptr: u32,
    mptr: u32,
    len: u32,
    rule: u32,
    block: [Slot; BLOCK_SLOTS],
    msg: [Slot; MSG_SLOTS],
    /// Permissions of the pages of the block's first and last word, then of the
    /// message's.
    perms: [u8; 4],
}

/// The step of the `ed25519_verify` kind (one call).
pub type Ed25519Batch = Batch<Ed25519Call>;

impl Ed25519Call {
    /// The step proving `call`.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Unsupported`] (`a2`) for a
    /// message longer than [`MAX_MESSAGE`]; [`KindError::Malformed`] for what the host
    /// faults on (an unknown rule) and for a record whose cycles or words are not what the
    /// arguments imply. The verdict is the circuit's: a record with other results builds
    /// a step whose `Syscall` tuple does not match the `ecall`'s.
    pub fn new(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Self, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        if call.id != ED25519_VERIFY {
            return Err(KindError::WrongId {
                expected: ED25519_VERIFY,
                got: call.id,
            });
        }
        let [iptr, mptr, len, rule] = call.args;
        if umbra_abi::Ed25519Rule::from_id(rule).is_none() {
            return Err(malformed("unknown rule in a3 (the VM faults)"));
        }
        if len > MAX_MESSAGE {
            return Err(KindError::Unsupported {
                name: NAME,
                arg: 2,
                value: len,
            });
        }
        if call.extra_cycles != umbra_precompiles::cost::ed25519(len) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let words = read_only_words(call, NAME)?;
        let mut used = BTreeSet::new();
        let block: [Slot; BLOCK_SLOTS] = input_slots(&words, (iptr, BLOCK), &mut used, NAME)?;
        let n_block = used.len();
        let base = iptr & !3;
        let block_words = used.clone();
        let mbase = mptr & !3;
        let n_msg = if len == 0 {
            0
        } else {
            ((mptr & 3) + len).div_ceil(4)
        };
        let mut msg: [Slot; MSG_SLOTS] =
            input_slots(&words, (mptr, len as usize), &mut used, NAME)?;
        // A word of the key block too was last touched by this call's first read.
        for (i, slot) in msg.iter_mut().enumerate().take(n_msg as usize) {
            if block_words.contains(&mbase.wrapping_add(4 * i as u32)) {
                slot.t_prev = access_ts(call.clk);
            }
        }
        if used.len() != words.len() {
            return Err(malformed(
                "words other than the key block's and the message's",
            ));
        }
        let perm = |a: u32| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R);
        let last = mbase.wrapping_add(4 * n_msg.saturating_sub(1));
        Ok(Self {
            clk: call.clk,
            iptr,
            mptr,
            len,
            rule,
            block,
            msg,
            perms: [
                perm(base),
                perm(base.wrapping_add(4 * (n_block as u32 - 1))),
                perm(mbase),
                perm(last),
            ],
        })
    }
}

impl BatchedCall for Ed25519Call {
    const BATCH: usize = 1;

    /// A call with a zero block and an empty message at the start of guest RAM.
    fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        Self {
            clk: 1,
            iptr: ptr,
            mptr: ptr,
            len: 0,
            rule: 0,
            block: [Slot::default(); BLOCK_SLOTS],
            msg: [Slot::default(); MSG_SLOTS],
            perms: [umbra_vm::memory::PERM_R; 4],
        }
    }
}

/// A decoded point and its facts.
struct Decoded {
    /// The point (the identity when the encoding does not decode).
    pt: Point,
    /// Whether the encoding decodes (ZIP-215's sense: `y` reduced mod `p`).
    decodes: V,
    /// Whether the encoding is canonical (RFC 8032 §5.1.3).
    canonical: V,
}

/// `1` when the sum of the (range-checked, few) chunks is 0, else `0`: `z = 1 − sum·inv`
/// with `sum·z = 0` and `z·inv = 0`.
fn chunks_zero(s: &mut Synth, chunks: &[V]) -> Result<V, SynthesisError> {
    let sum = chunks.iter().fold(V::zero(), |acc, c| acc.plus(c));
    let inv = s.witness(sum.val.inverse().unwrap_or_default())?;
    let z = V::constant(Fr::one()).sub(&s.mul(&sum, &inv)?);
    s.enforce(&sum, &z, &V::zero())?;
    s.enforce(&z, &inv, &V::zero())?;
    Ok(z)
}

/// Decode the 256 little-endian `bits` of a point encoding (see the module docs).
fn decompress(
    s: &mut Synth,
    b: &mut Bus,
    c: &Curve,
    bits: &[V],
) -> Result<Decoded, SynthesisError> {
    let fld = &c.field;
    let one = V::constant(Fr::one());
    let p = fld.modulus();
    let sign = bits[255].clone();
    let ybits: Vec<V> = bits[..255]
        .iter()
        .cloned()
        .chain(std::iter::once(V::zero()))
        .collect();
    let y = fe_of_bits(&ybits);
    let above = borrow_above(s, b, &limbs_of_bits(&ybits), &P_MINUS_ONE, false)?;
    // The witness: a root of u/v with the sign's parity, or of 2u/v.
    let yv = y.value() % p;
    let y2v = &yv * &yv % p;
    let u = (&y2v + p - 1u32) % p;
    let v = (c.d() * &y2v + 1u32) % p;
    let (dec, mut r) = native::sqrt_ratio(&u, &v, p);
    if dec && !r.is_zero() && r.bit(0) != (low_bits(sign.val) == 1) {
        r = p - r;
    }
    let decodes = boolean(s, dec)?;
    let r_any = fld.alloc(s, b, &r)?;
    let (r, r_chunks) = fld.canonical_chunks(s, b, &r_any)?;
    let y2 = fld.mul(s, b, &y, &y)?;
    let r2 = fld.mul(s, b, &r, &r)?;
    let m = fld.mul(s, b, &y2, &r2)?;
    let lhs = fld.add(&fld.mul(s, b, &m, &fld.constant(c.d()))?, &r2);
    let t = fld.sub(&y2, &fld.constant(&BigUint::one()));
    let rhs = fld.select(s, &decodes, &fld.scale(&t, 2), &t)?;
    fld.assert_eq(s, b, &lhs, &rhs)?;
    // Not decoding ⇒ r ≠ 0; decoding with r ≠ 0 ⇒ r's parity is the sign bit.
    let rz = chunks_zero(s, &r_chunks)?;
    s.enforce(&one.sub(&decodes), &rz, &V::zero())?;
    let odd = parity(s, b, &r_chunks[0])?;
    let both = s.mul(&odd, &sign)?;
    let differ = odd.add(&sign).sub(&both.scale(f(2)));
    let live = s.mul(&decodes, &one.sub(&rz))?;
    s.enforce(&live, &differ, &V::zero())?;
    let x_zero = s.mul(&decodes, &rz)?;
    let signed_zero = s.mul(&x_zero, &sign)?;
    let canonical = s.mul(&one.sub(&above), &one.sub(&signed_zero))?;
    let x = fld.select(s, &decodes, &fld.constant(&BigUint::zero()), &r)?;
    let y = fld.select(s, &decodes, &fld.constant(&BigUint::one()), &y)?;
    Ok(Decoded {
        pt: c.extend(s, b, &x, &y)?,
        decodes,
        canonical,
    })
}

/// `[k]q` for the 256 little-endian bits of `k`: 64 windows of 4 bits, most significant
/// first, over the table `{0, q, …, 15q}` (four doublings and one addition a window).
fn var_mul(
    s: &mut Synth,
    b: &mut Bus,
    c: &Curve,
    q: &Point,
    k_bits: &[V],
) -> Result<Point, SynthesisError> {
    let fld = &c.field;
    let identity = Point {
        x: fld.constant(&BigUint::zero()),
        y: fld.constant(&BigUint::one()),
        z: fld.constant(&BigUint::one()),
        t: fld.constant(&BigUint::zero()),
    };
    let mut table = vec![identity, q.clone()];
    for j in 2..16 {
        let next = if j % 2 == 0 {
            c.double(s, b, &table[j / 2])?
        } else {
            c.add(s, b, &table[j - 1], q)?
        };
        table.push(next);
    }
    let mut acc: Option<Point> = None;
    for w in (0..64).rev() {
        let mut level = table.clone();
        for bit in &k_bits[4 * w..4 * w + 4] {
            level = level
                .chunks(2)
                .map(|pair| c.select(s, bit, &pair[0], &pair[1]))
                .collect::<Result<_, _>>()?;
        }
        let pick = level.pop().ok_or(SynthesisError::Unsatisfiable)?;
        acc = Some(match acc {
            None => pick,
            Some(mut a) => {
                for _ in 0..4 {
                    a = c.double(s, b, &a)?;
                }
                c.add(s, b, &a, &pick)?
            }
        });
    }
    acc.ok_or(SynthesisError::Unsatisfiable)
}

/// `[S]B` for the 256 little-endian bits of `S` (any integer; `B` has order `ℓ`): one
/// constant-table selection and one mixed addition a 4-bit window.
fn base_mul(s: &mut Synth, b: &mut Bus, c: &Curve, s_bits: &[V]) -> Result<Point, SynthesisError> {
    let one = c.field.constant(&BigUint::one());
    let mut acc: Option<Point> = None;
    for (w, table) in base_tables()?.iter().enumerate() {
        let [x, y, t] = table.select(s, &s_bits[4 * w..4 * w + 4])?;
        acc = Some(match acc {
            None => Point {
                x,
                y,
                z: one.clone(),
                t,
            },
            Some(a) => c.add_affine(s, b, &a, (&x, &y, &t))?,
        });
    }
    acc.ok_or(SynthesisError::Unsatisfiable)
}

/// The big-endian 64-bit words of 128 bytes (bits of each byte, least significant first)
/// as SHA-512 words.
fn be_words64(bits_of: &[Vec<V>]) -> Vec<Word> {
    bits_of
        .chunks(8)
        .map(|w| w.iter().rev().flatten().cloned().collect())
        .collect()
}

impl SlotCircuit for Ed25519Call {
    #[allow(clippy::too_many_lines)]
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        let c = curve()?;
        let fl = scalar_field()?;

        // ---- the call's registers: len one-hot over 0 ..= 175, the rule one-hot.
        s.comp = "call";
        let clk = s.witness(f(self.clk))?;
        let iptr = s.witness(f(self.iptr.into()))?;
        let mptr = s.witness(f(self.mptr.into()))?;
        let lpos: Vec<V> = (0..=MAX_MESSAGE)
            .map(|k| boolean(s, k == self.len))
            .collect::<Result<_, _>>()?;
        let mut lsum = V::zero();
        let mut len = V::zero();
        for (k, p) in lpos.iter().enumerate() {
            lsum = lsum.plus(p);
            len = len.plus(&p.scale(f(k as u64)));
        }
        s.equal(&lsum, &one)?;
        let rules: Vec<V> = (0..3u32)
            .map(|k| boolean(s, k == self.rule))
            .collect::<Result<_, _>>()?;
        s.equal(&rules[0].add(&rules[1]).add(&rules[2]), &one)?;
        let rule = rules[1].add(&rules[2].scale(f(2)));

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

        // ---- the message, read at 4·clk + 3: slot 0 iff len > 0, slot i ≥ 1 iff
        // 4i < off + len (monotone flags whose count c has 4(c + 1) − off − len ∈ [0, 3]
        // when len > 0, and c = 0 when len = 0).
        s.comp = "input";
        let (mbytes, msel, mbase) = window(s, b, (&mptr, self.mptr), &self.msg)?;
        let moff = msel[0].add(&msel[1].scale(f(2))).add(&msel[2].scale(f(3)));
        let has = one.sub(&lpos[0]);
        let end = u64::from(self.mptr & 3) + u64::from(self.len);
        let mut reads = vec![has.clone()];
        for i in 1..MSG_SLOTS {
            reads.push(boolean(s, self.len > 0 && 4 * (i as u64) < end)?);
        }
        let mut count = V::zero();
        for i in 1..MSG_SLOTS {
            count = count.plus(&reads[i]);
            if i + 1 < MSG_SLOTS {
                s.enforce(&reads[i + 1], &one.sub(&reads[i]), &V::zero())?;
            }
        }
        let off_used = s.mul(&moff, &has)?;
        let slack = count
            .scale(f(4))
            .add(&has.scale(f(4)))
            .sub(&off_used)
            .sub(&len);
        b.r16(s, &slack.scale(pow2(14)), &one)?;
        s.comp = "memory";
        let idle: Vec<V> = reads.iter().map(|r| one.sub(r)).collect();
        read_late(
            s,
            b,
            (&clk, &g2clk),
            &mbase,
            &mbytes,
            &self.msg,
            (&reads, &idle),
            gate,
        )?;
        s.comp = "pages";
        let gh = s.mul(gate, &has)?;
        let p2 = readable(s, self.perms[2], &gh)?;
        let p3 = readable(s, self.perms[3], &gh)?;
        pages(s, b, &mbase, &count.scale(f(4)), [&p2, &p3], &gh, &one)?;

        // ---- k = SHA-512(R ‖ A ‖ M ‖ padding) mod ℓ.
        s.comp = "challenge";
        let bits = shifted_bits(s, &bbytes, &bsel, BLOCK)?;
        let le = |bytes: &[Vec<V>]| -> Vec<V> { bytes.iter().flatten().cloned().collect() };
        let (a_bits, r_bits, s_bits) = (le(&bits[..32]), le(&bits[32..64]), le(&bits[64..]));
        // Stream byte 64 + j: m_j if j < len, 0x80 if j = len, the bit length
        // 8·(64 + len) < 2¹¹ in bytes 126–127 (one block, len ≤ 47) or 254–255; else 0.
        let mut after = V::zero(); // Σ_{i > j} lpos_i
        let mut lt = vec![V::zero(); MAX_MESSAGE as usize + 1];
        for j in (0..=MAX_MESSAGE as usize).rev() {
            lt[j] = after.clone();
            after = after.plus(&lpos[j]);
        }
        let short = (0..=ONE_BLOCK).fold(V::zero(), |acc, j| acc.plus(&lpos[j]));
        let bitlen = len.scale(f(8)).add_const(f(512));
        let bl = low_bits(bitlen.val);
        let lo = s.witness(f(bl & 0xff))?;
        let hi = s.witness(f(bl >> 8))?;
        b.r16(s, &lo.scale(f(256)), &one)?;
        b.r16(s, &hi.scale(f(256)), &one)?;
        s.equal(&lo.add(&hi.scale(f(256))), &bitlen)?;
        let long = one.sub(&short);
        let mut stream: Vec<Vec<V>> = bits[32..64].iter().chain(&bits[..32]).cloned().collect();
        for j in 0..192 {
            let mut byte = V::zero();
            if j <= MAX_MESSAGE as usize {
                byte = lpos[j].scale(f(0x80));
                let m = shifted(s, &mbytes, &msel, j)?;
                byte = byte.plus(&s.mul(&lt[j], &m)?);
            }
            let tail = match j {
                62 => Some((&short, &hi)),
                63 => Some((&short, &lo)),
                190 => Some((&long, &hi)),
                191 => Some((&long, &lo)),
                _ => None,
            };
            if let Some((when, x)) = tail {
                byte = byte.plus(&s.mul(when, x)?);
            }
            stream.push(byte_bits(s, &byte)?);
        }
        let iv: [Word; 8] = core::array::from_fn(|i| SHA512.constant(SHA512.iv[i]));
        let s0 = SHA512.compress(s, &iv, &be_words64(&stream[..128]))?;
        let s1 = SHA512.compress(s, &s0, &be_words64(&stream[128..]))?;
        // The digest's little-endian bits: word i's bytes big-endian.
        let mut h_bits = Vec::with_capacity(512);
        for (x, y) in s0.iter().zip(&s1) {
            let mut w = Vec::with_capacity(64);
            for (xa, yb) in x.iter().zip(y) {
                // short ? s0 : s1
                let t = s.mul(&short, &xa.sub(yb))?;
                w.push(yb.add(&t));
            }
            for byte in (0..8).rev() {
                h_bits.extend_from_slice(&w[8 * byte..8 * byte + 8]);
            }
        }
        let two256 = fl.constant(&(BigUint::one() << 256));
        let h = fl.sum_of_products(
            s,
            b,
            &[
                (&fe_of_bits(&h_bits[256..]), &two256),
                (&fe_of_bits(&h_bits[..256]), &fl.constant(&BigUint::one())),
            ],
        )?;
        let (_, k_chunks) = fl.canonical_chunks(s, b, &h)?;
        let mut k_bits = Vec::with_capacity(256);
        for chunk in &k_chunks {
            k_bits.extend(value_bits(s, chunk, 16)?);
        }

        // ---- encodings: A, R decoded; S < ℓ.
        s.comp = "encoding";
        let a = decompress(s, b, c, &a_bits)?;
        let r = decompress(s, b, c, &r_bits)?;
        let s_big = borrow_above(s, b, &limbs_of_bits(&s_bits), &ELL_MINUS_ONE, false)?;

        // ---- P = [S]B + [k](−A) + (−R); its cofactored form; small orders.
        s.comp = "msm";
        let sb = base_mul(s, b, c, &s_bits)?;
        let ka = var_mul(s, b, c, &c.neg(&a.pt), &k_bits)?;
        let sum = c.add(s, b, &sb, &ka)?;
        let p_pt = c.add(s, b, &sum, &c.neg(&r.pt))?;
        s.comp = "equation";
        let cofactorless = c.is_identity(s, b, &p_pt)?;
        let p8 = c.mul_by_cofactor(s, b, &p_pt)?;
        let cofactored = c.is_identity(s, b, &p8)?;
        let a8 = c.mul_by_cofactor(s, b, &a.pt)?;
        let a_small = c.is_identity(s, b, &a8)?;
        let r8 = c.mul_by_cofactor(s, b, &r.pt)?;
        let r_small = c.is_identity(s, b, &r8)?;

        // ---- the rule's verdict (1 valid) and reason (0 ok, 1 equation, 2 encoding).
        s.comp = "call";
        let decoded = s.mul(&a.decodes, &r.decodes)?;
        let common = s.mul(&decoded, &one.sub(&s_big))?;
        let both_canonical = s.mul(&a.canonical, &r.canonical)?;
        let enc_rfc = s.mul(&common, &both_canonical)?;
        let large = s.mul(&one.sub(&a_small), &one.sub(&r_small))?;
        let enc_strict = s.mul(&enc_rfc, &large)?;
        let e0 = s.mul(&rules[0], &enc_rfc)?;
        let e1 = s.mul(&rules[1], &enc_strict)?;
        let e2 = s.mul(&rules[2], &common)?;
        let enc_ok = e0.add(&e1).add(&e2);
        let q0 = s.mul(&rules[0].add(&rules[1]), &cofactorless)?;
        let q2 = s.mul(&rules[2], &cofactored)?;
        let eq_ok = q0.add(&q2);
        let verdict = s.mul(&enc_ok, &eq_ok)?;
        let reason = one.sub(&enc_ok).scale(f(2)).add(&enc_ok.sub(&verdict));
        let cycles = V::constant(f(umbra_precompiles::cost::ed25519(0)));
        consume_call(
            s,
            b,
            (&clk, ED25519_VERIFY),
            &iptr,
            &cycles,
            (&verdict, &reason),
            [Fld::X(&mptr), Fld::X(&len), Fld::X(&rule)],
            gate,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The native decoder's root and the base point against `curve25519-dalek`.
    #[test]
    fn base_point_and_sqrt_ratio_match_dalek() {
        use curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED;
        let c = Curve::ed25519().expect("curve");
        let (p, d) = (c.field.modulus().clone(), c.d().clone());
        let (x, y) = native::base(&p, &d);
        let mut enc = y.to_bytes_le();
        enc.resize(32, 0);
        enc[31] |= u8::from(x.bit(0)) << 7;
        assert_eq!(enc, ED25519_BASEPOINT_COMPRESSED.to_bytes());
        // [ℓ]B = O through the tables' addition law.
        let mut acc = (BigUint::zero(), BigUint::one());
        let mut base = (x, y);
        let l = ell();
        for i in 0..l.bits() {
            if l.bit(i) {
                acc = native::add(&acc, &base, &p, &d);
            }
            base = native::add(&base, &base, &p, &d);
        }
        assert_eq!(acc, (BigUint::zero(), BigUint::one()));
        // 2 is not a square: sqrt_ratio(2, 1) falls back to √4.
        let (sq, r) = native::sqrt_ratio(&BigUint::from(2u32), &BigUint::one(), &p);
        assert!(!sq);
        assert_eq!(&r * &r % &p, BigUint::from(4u32));
    }
}
