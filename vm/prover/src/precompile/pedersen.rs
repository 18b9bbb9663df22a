//! The circuit kind of `pedersen_commit` ([`PEDERSEN_COMMIT`]) over Grumpkin, the
//! BN254-native group: one fold proves up to [`BATCH`] calls ([`PedersenBatch`], issue #15).
//!
//! The host (`umbra_precompiles::pedersen`) takes `a0` = group id (3, Grumpkin), `a1` = a
//! pointer to 64 readable bytes at any alignment (value ‖ blinding, 32-byte little-endian
//! scalars below the Grumpkin group order `q`, BN254's base-field modulus), `a2` = a
//! 4-aligned writable output, `a3` = its capacity (`≥ 32`); it writes the commitment
//! `v·G + r·H` (`umbra_pedersen::Grumpkin`'s generators and 32-byte encoding: `x`
//! little-endian, bit 255 = `y` odd, bit 254 = the identity) and returns `a0 = 32`,
//! `a1 = 0`, charging [`EXTRA_CYCLES`]. [`PedersenStep`] also carries secp256k1 calls, whose
//! group arithmetic is emulated and whose kind is [`super::pedersen_secp256k1`] (one call per
//! fold); Ristretto255 and Jubjub are refused when the step is built
//! ([`KindError::Unsupported`]).
//!
//! The step's state passes through except the running bus sum `z[6]`, which gains, for
//! each call of the batch (each slot under a boolean gate, [`super::batch`]):
//!
//! * `Syscall (clk, 0x103, 3, EXTRA_CYCLES, 32, 0)` and `PreArgs (clk, iptr, optr, cap)`,
//!   consumed: group, results and cost are constants of the circuit;
//! * the input: `iptr = 4q + off` (`off` one-hot), the 16 words from `4q` (and a 17th when
//!   `off ≠ 0`) read at `4·clk + 2` ([`super::access_ts`]), their pages looked up with the
//!   read bit; the 64 input bytes are the window's bytes from `off` (each byte < 256);
//! * the scalars: 256 bits each, both `≤ q − 1` (a limb-wise borrow chain), as the host's
//!   canonical decoding requires;
//! * the commitment: `Σ v_i·(2^i·G) + Σ r_i·(2^i·H)` over the 254 low bits (the two top
//!   bits are 0 below `q`), each term a conditional *mixed* addition of a constant point
//!   with the complete formulas of Renes–Costello–Batina (eprint 2015/1060, Algorithm 7
//!   with `Z₂ = 1`; complete on a prime-order curve, so no exceptional case and no
//!   incomplete-addition soundness trap), six rows, then three rows to select;
//! * the encoding: the affine point (`x·Z = X`, `y·Z = Y` off the identity, the identity
//!   flag `Z = 0` with `x = y = 0`),
//!   `x` and `y` canonical 32-bit limbs, `y`'s parity, and the eight words at `optr`
//!   (4-aligned, pages read-write, `cap − 32 ∈ [0, 2³²)`) written at `4·clk + 3`
//!   ([`super::write_ts`]) — after the reads, so the output may overlap the input.
//!
//! See `docs/prover.md`, "Precompile kinds: pedersen_commit", for the counts.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ec::short_weierstrass::SWCurveConfig;
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup};
use ark_ff::{Field, One, PrimeField, Zero};
use ark_grumpkin::{Affine, GrumpkinConfig, Projective};
use ark_relations::gr1cs::SynthesisError;
use umbra_abi::PedersenGroup as AbiGroup;
use umbra_abi::syscall::PEDERSEN_COMMIT;
use umbra_pedersen::{Grumpkin, PedersenGroup};

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::gadgets::{
    Fld, OutWord, Slot, boolean, borrow_above, byte_bits, limbs_of_bits, output_words, put,
    read_input, shifted, write_words,
};
use super::{KindError, PrecompileCall, WordAccess};
use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, low_bits, pow2};

/// Bytes of the input: value ‖ blinding.
pub const INPUT_LEN: usize = umbra_abi::layout::PEDERSEN_INPUT_LEN;

/// Input-word slots: the 16 words of an aligned input plus the one a misaligned input
/// ends in.
pub const SLOTS: usize = INPUT_LEN / 4 + 1;

/// Words of the 32-byte commitment.
pub const OUT_WORDS: usize = 8;

/// Calls one fold of the kind proves ([`PedersenBatch`]; the prover gathers them from
/// anywhere in the execution, `precompile::Batcher`).
pub const BATCH: usize = umbra_precompiles::cost::PEDERSEN_BATCH as usize;

/// Scalar bits the multiplication uses: every scalar below `q < 2²⁵⁴` has its two top
/// bits 0 (the canonical check forces them).
pub const SCALAR_BITS: usize = 254;

/// Cycles the VM charges for a Grumpkin commitment beyond the `ecall`'s own one
/// (`umbra_precompiles::cost::pedersen`): the rows of one fold of this kind in CPU cycles.
pub const EXTRA_CYCLES: u64 = umbra_precompiles::cost::pedersen(AbiGroup::Grumpkin);

/// The commitment's length in bytes (the call's `a0` result).
const OUT_LEN: u32 = 4 * OUT_WORDS as u32;

const NAME: &str = "pedersen_commit";

/// Bit 254 (of the encoding) marks the identity, bit 255 an odd `y`.
const INFINITY_BIT: u32 = 30;
const Y_ODD_BIT: u32 = 31;

const _: () = assert!(INPUT_LEN == 64 && SLOTS == 17);
const _: () = assert!(OUT_LEN as usize == AbiGroup::Grumpkin.commitment_len());

/// `2^i·G` and `2^i·H` for `i < 254` (affine; none is the identity: the group has prime
/// order `q > 2²⁵³`), computed once.
fn tables() -> &'static [Vec<Affine>; 2] {
    static T: OnceLock<[Vec<Affine>; 2]> = OnceLock::new();
    T.get_or_init(|| {
        let g = Grumpkin::value_generator().to_affine();
        let h = Grumpkin::blinding_generator().to_affine();
        [g, h].map(|base| {
            let mut p = Projective::from(base);
            let mut out = Vec::with_capacity(SCALAR_BITS);
            for _ in 0..SCALAR_BITS {
                out.push(p);
                p.double_in_place();
            }
            Projective::normalize_batch(&out)
        })
    })
}

/// The 32-bit limbs of `m − 1` for a 256-bit modulus `m`, little-endian.
fn limbs_minus_one(m: &[u64]) -> [u64; 8] {
    let mut out = [0u64; 8];
    let mut borrow = 1u64;
    for (i, l) in m.iter().enumerate() {
        let (v, b) = l.overflowing_sub(borrow);
        borrow = u64::from(b);
        out[2 * i] = v & 0xffff_ffff;
        out[2 * i + 1] = v >> 32;
    }
    out
}

/// The commitment the host writes for `input` (value ‖ blinding), or `None` for a
/// non-canonical scalar (the host faults): `umbra_pedersen`'s Grumpkin commitment.
pub fn commit(input: &[u8; INPUT_LEN]) -> Option<[u8; 32]> {
    let v: Option<_> = Grumpkin::scalar_from_bytes(input[..32].try_into().ok()?).into();
    let r: Option<_> = Grumpkin::scalar_from_bytes(input[32..].try_into().ok()?).into();
    let opening = umbra_pedersen::Opening::<Grumpkin>::new(v?, r?);
    let c = umbra_pedersen::Commitment::commit(
        &umbra_pedersen::Generators::<Grumpkin>::standard(),
        &opening,
    );
    Some(c.to_bytes())
}

/// A Grumpkin `pedersen_commit` call record as the witness generator makes it for an
/// honest execution: `input` at `iptr` (any alignment; the other bytes of its words 0),
/// the commitment written at `optr` (capacity 32), the `ecall` at `clk`, every word last
/// written at `clk − 1`. For tests, benches and tools (the prover gets its records from the
/// witness generator). `None` for a non-canonical scalar (the host faults) or an output
/// overlapping the input's words.
pub fn call_for(input: &[u8; INPUT_LEN], iptr: u32, optr: u32, clk: u64) -> Option<PrecompileCall> {
    call_in(AbiGroup::Grumpkin, input, iptr, optr, clk)
}

/// [`call_for`] in `group` (the host's commitment and cycle charge; the last output word
/// of a 33-byte commitment keeps its three high bytes, 0 here).
pub fn call_in(
    group: AbiGroup,
    input: &[u8; INPUT_LEN],
    iptr: u32,
    optr: u32,
    clk: u64,
) -> Option<PrecompileCall> {
    let mut out = umbra_precompiles::pedersen::commit(group, input).ok()?;
    out.resize(out.len().div_ceil(4) * 4, 0);
    let len = group.commitment_len() as u32;
    let off = (iptr & 3) as usize;
    let mut bytes = vec![0u8; (off + INPUT_LEN).div_ceil(4) * 4];
    bytes[off..off + INPUT_LEN].copy_from_slice(input);
    let base = iptr & !3;
    let t_prev = clk.checked_sub(1)?;
    let mut words: Vec<WordAccess> = bytes
        .chunks_exact(4)
        .enumerate()
        .map(|(i, c)| {
            let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            WordAccess {
                addr: base.wrapping_add(4 * i as u32),
                old: v,
                t_prev,
                new: v,
            }
        })
        .collect();
    for (m, c) in out.chunks_exact(4).enumerate() {
        let addr = optr.checked_add(4 * m as u32)?;
        if words.iter().any(|w| w.addr == addr) {
            return None;
        }
        words.push(WordAccess {
            addr,
            old: 0,
            t_prev,
            new: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
        });
    }
    words.sort_by_key(|w| w.addr);
    Some(PrecompileCall {
        pc: 0,
        clk,
        id: PEDERSEN_COMMIT,
        args: [group.id(), iptr, optr, len],
        ret: [len, 0],
        extra_cycles: umbra_precompiles::cost::pedersen(group),
        words,
    })
}

/// One `pedersen_commit` call over Grumpkin as a step of its circuit kind (synthesised,
/// evaluated and folded through [`super::KindStep`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PedersenStep {
    group: AbiGroup,
    clk: u64,
    iptr: u32,
    optr: u32,
    cap: u32,
    window: [Slot; SLOTS],
    /// Permissions of the pages of the input's first and last word.
    perms: [u8; 2],
    /// The output words ([`OUT_WORDS`], or one more for a 33-byte commitment).
    out: Vec<OutWord>,
}

impl PedersenStep {
    /// The step proving `call`.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Unsupported`] for a group
    /// other than Grumpkin; [`KindError::Malformed`] for what the host faults on before
    /// touching memory (an unknown group, `cap < 32`, a misaligned output) and for a record
    /// whose results, cycles or words are not what the arguments imply (words other than
    /// the input's and the output's, an input word it changed, a missing one). The rest
    /// (page permissions, canonical scalars, the commitment itself) is the circuit's: a
    /// record that fails them builds a step that does not hold.
    ///
    /// `page_perm` gives a page's permission bits (the verifier's page table).
    pub fn new(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Self, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        if call.id != PEDERSEN_COMMIT {
            return Err(KindError::WrongId {
                expected: PEDERSEN_COMMIT,
                got: call.id,
            });
        }
        let [gid, iptr, optr, cap] = call.args;
        let group = match AbiGroup::from_id(gid) {
            Some(g @ (AbiGroup::Grumpkin | AbiGroup::Secp256k1)) => g,
            Some(_) => {
                return Err(KindError::Unsupported {
                    name: NAME,
                    arg: 0,
                    value: gid,
                });
            }
            None => return Err(malformed("unknown group id (the VM faults)")),
        };
        let len = group.commitment_len() as u32;
        if cap < len {
            return Err(malformed(
                "output capacity below the commitment's length (the VM faults)",
            ));
        }
        if !optr.is_multiple_of(4) {
            return Err(malformed("misaligned output (the VM faults)"));
        }
        if call.ret != [len, 0] {
            return Err(malformed("results other than a0 = length, a1 = 0"));
        }
        if call.extra_cycles != umbra_precompiles::cost::pedersen(group) {
            return Err(malformed("cycle charge other than the host's"));
        }
        let n_out = len.div_ceil(4) as usize;
        let words: BTreeMap<u32, WordAccess> = call.words.iter().map(|w| (w.addr, *w)).collect();
        if words.len() != call.words.len() {
            return Err(malformed("a word listed twice"));
        }
        let base = iptr & !3;
        let n_in = if iptr & 3 == 0 { SLOTS - 1 } else { SLOTS };
        let out_addr = |m: usize| optr.checked_add(4 * m as u32);
        let out_words: Vec<u32> = (0..n_out)
            .map(|m| out_addr(m).ok_or(malformed("output past the address space")))
            .collect::<Result<_, _>>()?;
        let mut window = [Slot::default(); SLOTS];
        let mut input_words = Vec::with_capacity(n_in);
        for (i, slot) in window.iter_mut().enumerate().take(n_in) {
            let a = base
                .checked_add(4 * i as u32)
                .ok_or(malformed("input past the address space"))?;
            let acc = words.get(&a).ok_or(malformed("an input word is missing"))?;
            if acc.new != acc.old && !out_words.contains(&a) {
                return Err(malformed("the call changed an input word"));
            }
            *slot = Slot {
                word: acc.old,
                t_prev: acc.t_prev,
            };
            input_words.push(a);
        }
        let what = (
            "an output word is missing",
            "words other than the input's and the output's",
        );
        let out = if n_out == OUT_WORDS {
            output_words::<OUT_WORDS>(&words, (call.clk, optr), &input_words, malformed, what)?
                .to_vec()
        } else {
            output_words::<{ OUT_WORDS + 1 }>(
                &words,
                (call.clk, optr),
                &input_words,
                malformed,
                what,
            )?
            .to_vec()
        };
        let last = base.wrapping_add(4 * (n_in as u32 - 1));
        let perms = [base, last].map(|a| page_perm(a >> 12).unwrap_or(umbra_vm::memory::PERM_R));
        Ok(Self {
            group,
            clk: call.clk,
            iptr,
            optr,
            cap,
            window,
            perms,
            out,
        })
    }

    /// The shape-only step (setup) of `group`'s kind: a call on zero scalars at the start
    /// of guest RAM. Its circuit has the rows and variables of every step of the kind.
    pub fn shape_in(group: AbiGroup) -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        let len = group.commitment_len() as u32;
        Self {
            group,
            clk: 1,
            iptr: ptr,
            optr: ptr,
            cap: len,
            window: [Slot::default(); SLOTS],
            perms: [umbra_vm::memory::PERM_R; 2],
            out: vec![OutWord::default(); len.div_ceil(4) as usize],
        }
    }

    /// The Grumpkin kind's shape step ([`PedersenStep::shape_in`]).
    pub fn shape() -> Self {
        Self::shape_in(AbiGroup::Grumpkin)
    }

    /// The step's group.
    pub fn group(&self) -> AbiGroup {
        self.group
    }
}

/// A Grumpkin point in projective coordinates `(X : Y : Z)` (the identity is `Z = 0`).
#[derive(Clone)]
struct Point {
    x: V,
    y: V,
    z: V,
}

/// `p + q` for a constant affine `q` (not the identity): Renes–Costello–Batina
/// Algorithm 7 for `a = 0` with `Z₂ = 1`. Products with `q`'s coordinates and `3b` are
/// linear; six rows remain.
fn add_constant(s: &mut Synth, p: &Point, q: &Affine) -> Result<Point, SynthesisError> {
    let (x2, y2) = q.xy().ok_or(SynthesisError::Unsatisfiable)?;
    let b3 = GrumpkinConfig::COEFF_B * Fr::from(3u64);
    let t0 = p.x.scale(x2);
    let t1 = p.y.scale(y2);
    let t3 = p.x.add(&p.y).scale(x2 + y2).sub(&t0.add(&t1));
    let t4 = p.y.add(&p.z.scale(y2));
    let y3 = p.x.add(&p.z.scale(x2)).scale(b3);
    let t0 = t0.scale(f(3));
    let t2 = p.z.scale(b3);
    let z3 = t1.add(&t2);
    let t1 = t1.sub(&t2);
    let x = s.mul(&t3, &t1)?.sub(&s.mul(&t4, &y3)?);
    let y = s.mul(&t1, &z3)?.add(&s.mul(&y3, &t0)?);
    let z = s.mul(&z3, &t4)?.add(&s.mul(&t0, &t3)?);
    Ok(Point { x, y, z })
}

/// `bit ? a : b` coordinate-wise, each a fresh variable (one row: `bit·(a − b) = out − b`).
fn select(s: &mut Synth, bit: &V, a: &Point, b: &Point) -> Result<Point, SynthesisError> {
    let mut one = |a: &V, b: &V| -> Result<V, SynthesisError> {
        let out = s.witness(if bit.val.is_zero() { b.val } else { a.val })?;
        s.enforce(bit, &a.sub(b), &out.sub(b))?;
        Ok(out)
    };
    Ok(Point {
        x: one(&a.x, &b.x)?,
        y: one(&a.y, &b.y)?,
        z: one(&a.z, &b.z)?,
    })
}

/// 32-bit limbs of `x`, each range-checked, with `Σ limbs·2^{32i} = x` and the integer
/// canonical (`≤ p − 1`), so the limbs are `x`'s unique encoding.
fn limbs(s: &mut Synth, b: &mut Bus, x: &V) -> Result<Vec<V>, SynthesisError> {
    let one = V::constant(Fr::one());
    let big = x.val.into_bigint();
    let mut out = Vec::with_capacity(8);
    let mut acc = V::zero();
    for i in 0..8 {
        let l = (big.as_ref()[i / 2] >> (32 * (i % 2))) & 0xffff_ffff;
        let v = s.witness(f(l))?;
        b.r32(s, &v, &one)?;
        acc = acc.plus(&v.scale(pow2(32 * i as u32)));
        out.push(v);
    }
    s.equal(&acc, x)?;
    borrow_above(s, b, &out, &limbs_minus_one(Fr::MODULUS.as_ref()), true)?;
    Ok(out)
}

/// Up to [`BATCH`] Grumpkin `pedersen_commit` calls proved by one fold of the kind
/// ([`super::batch`]).
pub type PedersenBatch = Batch<PedersenStep>;

impl BatchedCall for PedersenStep {
    const BATCH: usize = BATCH;

    fn shape() -> Self {
        PedersenStep::shape()
    }
}

impl SlotCircuit for PedersenStep {
    #[allow(clippy::too_many_lines)]
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let one = V::constant(Fr::one());
        let k = |x: u64| Fld::K(f(x));

        // ---- the call: consume the ecall's Syscall and PreArgs tuples; group, results and
        // cost are constants, so only a Grumpkin call with exactly these is consumed.
        s.comp = "call";
        let clk = s.witness(f(self.clk))?;
        let iptr = s.witness(f(self.iptr.into()))?;
        let optr = s.witness(f(self.optr.into()))?;
        let cap = s.witness(f(self.cap.into()))?;
        let id = f(PEDERSEN_COMMIT.into());
        let group = f(self.group.id().into());
        let len = self.group.commitment_len() as u32;
        let cycles = f(umbra_precompiles::cost::pedersen(self.group));
        let extra = b.g[1]
            .scale(id)
            .add(&b.g[2].scale(group))
            .add(&b.g[3].scale(cycles))
            .add(&b.g[4].scale(f(len.into())));
        b.emit(
            s,
            Tag::Syscall,
            &clk,
            &extra,
            [Fr::zero(), id, group, cycles, f(len.into()), Fr::zero()],
            false,
            gate,
        )?;
        put(
            s,
            b,
            Tag::PreArgs,
            &clk,
            [Fld::X(&iptr), Fld::X(&optr), Fld::X(&cap), k(0), k(0)],
            false,
            gate,
        )?;
        // The host refuses a capacity below the commitment's length.
        b.r32(s, &cap.add_const(-f(len.into())), &one)?;

        // ---- the input window (17 slots), read at 4·clk + 2 with its pages; byte k of the
        // input is window byte off + k.
        let (bytes, sel, g2clk) = read_input(
            s,
            b,
            &clk,
            (&iptr, self.iptr),
            &self.window,
            self.perms,
            gate,
        )?;
        s.comp = "scalars";
        let input: Vec<V> = (0..INPUT_LEN)
            .map(|k| shifted(s, &bytes, &sel, k))
            .collect::<Result<_, _>>()?;
        let words = match self.group {
            AbiGroup::Secp256k1 => super::pedersen_secp256k1::commitment(s, b, &input)?,
            _ => grumpkin_commitment(s, b, &input)?,
        };

        // ---- the output, at 4·clk + 3.
        s.comp = "output";
        let ts_w = clk.scale(f(4)).add_const(f(3));
        let g2ts_w = g2clk.scale(f(4)).add(&b.g[2].scale(f(3)));
        write_words(
            s,
            b,
            (&optr, self.optr),
            &words,
            len - 4 * (words.len() as u32 - 1),
            &self.out,
            (&ts_w, &g2ts_w),
            Some(gate),
        )?;
        Ok(())
    }
}

/// The Grumpkin commitment to the 64 input bytes (value ‖ blinding, little-endian scalars
/// below `q`): its eight output words (see the module documentation).
fn grumpkin_commitment(s: &mut Synth, b: &mut Bus, input: &[V]) -> Result<Vec<V>, SynthesisError> {
    // ---- the scalars: each byte's eight bits; each scalar's limbs ≤ q − 1.
    let one = V::constant(Fr::one());
    let mut bits = Vec::with_capacity(8 * INPUT_LEN);
    for byte in input {
        bits.extend(byte_bits(s, byte)?);
    }
    let q_minus_one = limbs_minus_one(ark_grumpkin::Fr::MODULUS.as_ref());
    for scalar in bits.chunks(256) {
        borrow_above(s, b, &limbs_of_bits(scalar), &q_minus_one, true)?;
    }

    // ---- v·G + r·H: one conditional mixed addition per bit, from the identity.
    s.comp = "msm";
    let mut acc = Point {
        x: V::zero(),
        y: V::constant(Fr::one()),
        z: V::zero(),
    };
    for (scalar, table) in bits.chunks(256).zip(tables().iter()) {
        for (bit, p) in scalar.iter().zip(table) {
            let sum = add_constant(s, &acc, p)?;
            acc = select(s, bit, &sum, &acc)?;
        }
    }

    // ---- the affine point and its encoding.
    s.comp = "encoding";
    let zinv = acc.z.val.inverse();
    let is_id = boolean(s, zinv.is_none())?;
    let inv = s.witness(zinv.unwrap_or_default())?;
    s.enforce(&acc.z, &inv, &one.sub(&is_id))?;
    s.enforce(&acc.z, &is_id, &V::zero())?;
    s.enforce(&is_id, &inv, &V::zero())?;
    let zi = zinv.unwrap_or_default();
    let x = s.witness(acc.x.val * zi)?;
    let y = s.witness(acc.y.val * zi)?;
    // (X : Y : 0) is the identity with X = 0 and any Y ≠ 0: x·Z = X holds as is, y·Z = Y
    // only off the identity.
    s.enforce(&x, &acc.z, &acc.x)?;
    let y_id = s.mul(&is_id, &acc.y)?;
    s.enforce(&y, &acc.z, &acc.y.sub(&y_id))?;
    s.enforce(&is_id, &x, &V::zero())?;
    s.enforce(&is_id, &y, &V::zero())?;
    let xl = limbs(s, b, &x)?;
    let yl = limbs(s, b, &y)?;
    let odd = boolean(s, low_bits(y.val) & 1 == 1)?;
    let half = yl[0].sub(&odd).scale(f(2).inverse().unwrap_or_default());
    b.r32(s, &half, &one)?;
    let mut words = xl;
    words[OUT_WORDS - 1] = words[OUT_WORDS - 1]
        .add(&odd.scale(pow2(Y_ODD_BIT)))
        .add(&is_id.scale(pow2(INFINITY_BIT)));
    Ok(words)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ark_std::UniformRand;

    fn affine(p: &Point) -> Affine {
        if p.z.val.is_zero() {
            Affine::identity()
        } else {
            let zi = p.z.val.inverse().unwrap();
            Affine::new(p.x.val * zi, p.y.val * zi)
        }
    }

    fn point(a: &Affine) -> Point {
        match a.xy() {
            Some((x, y)) => Point {
                x: V::constant(x),
                y: V::constant(y),
                z: V::constant(Fr::one()),
            },
            None => Point {
                x: V::zero(),
                y: V::constant(Fr::one()),
                z: V::zero(),
            },
        }
    }

    #[test]
    fn mixed_addition_is_complete() {
        // Identity, doubling, inverse and generic cases against arkworks.
        let mut rng = ark_std::test_rng();
        let q = (Projective::rand(&mut rng)).into_affine();
        let r = (Projective::rand(&mut rng)).into_affine();
        let mut s = Synth::new(None);
        for p in [Affine::identity(), q, -q, r, (q + q).into_affine()] {
            let sum = add_constant(&mut s, &point(&p), &q).unwrap();
            assert_eq!(affine(&sum), (p + q).into_affine());
        }
        // A projective input with Z ≠ 1.
        let p = point(&r);
        let k = Fr::from(7u64);
        let scaled = Point {
            x: p.x.scale(k),
            y: p.y.scale(k),
            z: p.z.scale(k),
        };
        let sum = add_constant(&mut s, &scaled, &q).unwrap();
        assert_eq!(affine(&sum), (r + q).into_affine());
    }
}
