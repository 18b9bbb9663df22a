//! The circuit kind of `poseidon_permute` ([`umbra_abi::syscall::POSEIDON_PERMUTE`]) over
//! BN254 with width 3: one fold proves up to [`BATCH`] calls ([`PoseidonBatch`], issue #15).
//!
//! The host (`umbra_precompiles::poseidon`) takes `a0` = field id (0, BN254), `a1` = width
//! `t` (3), `a2` = a 4-aligned pointer to `t` × 32 bytes of little-endian canonical
//! elements in writable and readable guest memory, `a3` = 0, permutes the state in place
//! with `umbra_poseidon::Poseidon::<Fr, 3>` and returns `a0 = a1 = 0`, charging
//! [`EXTRA_CYCLES`] beyond the `ecall`'s own cycle. The host's other instances (BLS12-381,
//! widths 2, 4, 5) are refused when the step is built ([`KindError::Unsupported`]), as are
//! records the host would fault on before touching memory ([`KindError::Malformed`]); any
//! other call the host would fault on (non-canonical element, misaligned or inaccessible
//! buffer) leaves the circuit unsatisfiable or a lookup outside its table.
//!
//! The step's state is the CPU's `z` ([`ARITY`] elements): it passes through unchanged
//! except the running bus sum `z[6]`, which gains, for each call of the batch (each slot
//! under a boolean gate: an unused slot proves the shape call with these tuples off and its
//! range checks on), the kind's tuples:
//!
//! * `Syscall (clk, 0x102, 0, EXTRA_CYCLES, 0, 0)` and `PreArgs (clk, 3, ptr, 0, 0, 0)`,
//!   consumed (+1): everything but `clk` and `ptr` is a constant of the circuit, so a call
//!   with another field, width, `a3`, result or cost is never consumed by this kind;
//! * the pointer: `ptr = 4·q` with `q ∈ [0, 2³²)`; the first and the last word's page `P`,
//!   `P + c` (`c` boolean) with `ptr − 4096·P` and `ptr + 92 − 4096·(P + c)` in
//!   `[0, 4096)`, each looked up as `Perm (page, R + 2·W = 3)`: the buffer's 96 bytes lie in
//!   those two read-write guest-RAM pages, as the host's `check_writable` and `read` require;
//! * the 24 words at `ptr + 4·i`: read `(addr, old, t_prev)` and written `(addr, new, ts)` on
//!   the memory bus at `ts = 4·clk + 3` ([`super::write_ts`]), `ts − t_prev − 1 ∈ [0, 2³²)`,
//!   every new word range-checked to 32 bits (old words are, by the bus invariant);
//! * the elements `x_j = Σ_i old_{8j+i}·2^{32i}` and `y_j = Σ_i new_{8j+i}·2^{32i}` are
//!   canonical (`< p`, a limb-wise borrow chain) and `y = Poseidon(x)`, computed in the
//!   circuit in the reference shape (`permute_plain`; equal to the host's optimised
//!   `permute`): 8 full and 57 partial rounds, three rows per `x⁵`.
//!
//! See `docs/prover.md`, "Precompile kinds: poseidon_permute", for the counts.

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{BigInteger, One, PrimeField, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_abi::PoseidonField;
use umbra_abi::syscall::POSEIDON_PERMUTE;
use umbra_poseidon::Poseidon;

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::gadgets::{bit, borrow_above};
use super::{KindError, PrecompileCall, WordAccess, write_ts};
use crate::bus::Tag;
use crate::bus_circuit::Bus;
use crate::step::{ARITY, NativeStep, StepError};
use crate::synth::{Synth, V, f, pow2};
use crate::two_phase;

/// The only width this kind proves (what the `poseidon-merkle` example guest uses).
pub const WIDTH: usize = 3;

/// Calls one fold of the kind proves ([`PoseidonBatch`]): the prover gathers calls from
/// anywhere in the execution (the bus is a multiset, so where a call's fold sits in the
/// sequence does not matter) and folds them eight at a time.
pub const BATCH: usize = umbra_precompiles::cost::POSEIDON_BATCH as usize;

/// Guest-memory words of the state: `WIDTH` elements of 32 bytes.
pub const WORDS: usize = WIDTH * umbra_abi::layout::FIELD_ELEMENT_LEN / 4;

/// Cycles the VM charges for a BN254 width-3 call beyond the `ecall`'s own one
/// (`umbra_precompiles::cost::poseidon(3)`, the handler's `Outcome::cycles`; a test keeps
/// them equal): 16, an eighth of the rows of one fold of this kind in CPU cycles. A
/// constant of the circuit: the kind's `Syscall` tuple carries it.
pub const EXTRA_CYCLES: u64 = umbra_precompiles::cost::poseidon(WIDTH as u32);

/// The precompile's ABI name, for errors.
const NAME: &str = "poseidon_permute";

/// Bytes from the buffer's first word to its last word: the last word starts at `ptr + 92`.
const LAST_WORD: u64 = 4 * (WORDS as u64 - 1);

// The page split takes 12 address bits; the buffer (96 bytes) spans at most two pages;
// the accesses' timestamp is `4·clk + 3` (what the circuit computes linearly).
const _: () = assert!(umbra_abi::memory::PAGE_SIZE == 1 << 12 && LAST_WORD + 4 < 1 << 12);
const _: () = assert!(write_ts(0) == 3 && write_ts(1) == 7);

/// The BN254 width-3 instance the host uses, built once (about 1.6 ms).
fn instance() -> Result<&'static Poseidon<Fr, WIDTH>, KindError> {
    static P: OnceLock<Option<Poseidon<Fr, WIDTH>>> = OnceLock::new();
    P.get_or_init(|| Poseidon::<Fr, WIDTH>::new().ok())
        .as_ref()
        .ok_or(KindError::Unsupported {
            name: NAME,
            arg: 1,
            value: WIDTH as u32,
        })
}

/// A `poseidon_permute` call record (BN254, width 3) as the witness generator makes it for
/// an honest execution: the state `elements` (3 × 32 bytes, little-endian) at `ptr`,
/// permuted natively, the `ecall` at `clk`, word `i` last written at `t_prev[i]`. For tests
/// and tools (the prover gets its records from the witness generator). An element `≥ p`
/// is reduced before permuting: the host refuses such a call, so a record with one only
/// serves to show that the kind rejects it.
///
/// # Errors
/// [`KindError::Unsupported`] if the Poseidon instance cannot be built (never for BN254).
pub fn call_for(
    elements: &[[u8; 32]; WIDTH],
    ptr: u32,
    clk: u64,
    t_prev: &[u64; WORDS],
) -> Result<PrecompileCall, KindError> {
    let mut state = elements.map(|e| Fr::from_le_bytes_mod_order(&e));
    instance()?.permute(&mut state);
    let old = bytes_to_words(elements.iter().flatten().copied());
    let new = bytes_to_words(state.iter().flat_map(|x| {
        let mut b = x.into_bigint().to_bytes_le();
        b.resize(32, 0);
        b
    }));
    let words = (0..WORDS)
        .map(|i| WordAccess {
            addr: ptr.wrapping_add(4 * i as u32),
            old: old[i],
            t_prev: t_prev[i],
            new: new[i],
        })
        .collect();
    Ok(PrecompileCall {
        pc: 0,
        clk,
        id: POSEIDON_PERMUTE,
        args: [PoseidonField::Bn254.id(), WIDTH as u32, ptr, 0],
        ret: [0, 0],
        extra_cycles: EXTRA_CYCLES,
        words,
    })
}

/// Little-endian 32-bit words of a byte stream (a whole number of words).
fn bytes_to_words(bytes: impl Iterator<Item = u8>) -> Vec<u32> {
    let bytes: Vec<u8> = bytes.collect();
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// One `poseidon_permute` call (BN254, width 3) as a step of its circuit kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoseidonStep {
    call: PrecompileCall,
}

impl PoseidonStep {
    /// The step proving `call`.
    ///
    /// # Errors
    /// [`KindError::WrongId`] for another syscall; [`KindError::Unsupported`] for the
    /// BLS12-381 field or a width other than 3 the host supports (2, 4, 5);
    /// [`KindError::Malformed`] for what the host faults on before touching memory (an
    /// unknown field id, a width it has no instance of, `a3 ≠ 0`) and for a record whose
    /// results, cycles or words (24, at `ptr + 4·i`) are not what the call's arguments
    /// imply. The rest of the host's checks (alignment, page permissions, canonical
    /// elements, the permutation itself) are the circuit's: a record that fails them
    /// builds a step that does not hold.
    pub fn new(call: &PrecompileCall) -> Result<Self, KindError> {
        let malformed = |what| KindError::Malformed { name: NAME, what };
        if call.id != POSEIDON_PERMUTE {
            return Err(KindError::WrongId {
                expected: POSEIDON_PERMUTE,
                got: call.id,
            });
        }
        let [field, t, ptr, a3] = call.args;
        match PoseidonField::from_id(field) {
            Some(PoseidonField::Bn254) => {}
            Some(PoseidonField::Bls12_381) => {
                return Err(KindError::Unsupported {
                    name: NAME,
                    arg: 0,
                    value: field,
                });
            }
            None => return Err(malformed("unknown field id (the VM faults)")),
        }
        if t != WIDTH as u32 {
            // The widths the host has instances of are valid calls this kind cannot prove.
            return Err(if (2..=5).contains(&t) {
                KindError::Unsupported {
                    name: NAME,
                    arg: 1,
                    value: t,
                }
            } else {
                malformed("width without a Poseidon instance (the VM faults)")
            });
        }
        if a3 != 0 {
            return Err(malformed("a3 is reserved and must be 0 (the VM faults)"));
        }
        if call.ret != [0, 0] {
            return Err(malformed("results other than a0 = a1 = 0"));
        }
        if call.extra_cycles != EXTRA_CYCLES {
            return Err(malformed("cycle charge other than the host's"));
        }
        if call.words.len() != WORDS {
            return Err(malformed("not the 24 words of a width-3 state"));
        }
        let at_ptr = call
            .words
            .iter()
            .enumerate()
            .all(|(i, w)| w.addr == ptr.wrapping_add(4 * i as u32));
        if !at_ptr {
            return Err(malformed("words not at ptr + 4·i"));
        }
        instance()?;
        Ok(Self { call: call.clone() })
    }

    /// The shape-only step (setup): an honest call on the all-zero state at the start of
    /// guest RAM. Its circuit has the rows and variables of every step of the kind (the
    /// circuit has no data-dependent structure).
    pub fn shape() -> Self {
        let ptr = umbra_abi::memory::RAM_START;
        let call = PrecompileCall {
            pc: 0,
            clk: 1,
            id: POSEIDON_PERMUTE,
            args: [PoseidonField::Bn254.id(), WIDTH as u32, ptr, 0],
            ret: [0, 0],
            extra_cycles: EXTRA_CYCLES,
            // The values do not change the shape; the honest output is only a nicety.
            words: call_for(&[[0; 32]; WIDTH], ptr, 1, &[0; WORDS])
                .map(|c| c.words)
                .unwrap_or_else(|_| {
                    (0..WORDS)
                        .map(|i| WordAccess {
                            addr: ptr + 4 * i as u32,
                            old: 0,
                            t_prev: 0,
                            new: 0,
                        })
                        .collect()
                }),
        };
        Self { call }
    }

    /// The call this step proves.
    pub fn call(&self) -> &PrecompileCall {
        &self.call
    }

    /// Number of elements of the state `z` (the folding step-circuit trait's `arity`).
    pub fn arity(&self) -> usize {
        ARITY
    }

    /// Number of phase-1 (advice) witness variables: in a constraint system the step
    /// allocates exactly these first, as one contiguous block, then its phase-2 variables
    /// (as [`crate::step::CpuStep::advice_len`]). The same for every step of the kind.
    pub fn advice_len(&self) -> usize {
        two_phase::advice_len(&PoseidonBatch::one(self.clone()))
    }

    /// The phase-1 advice block of this step on `z` (the values
    /// [`PoseidonStep::generate_step_constraints`] allocates first, in order), computed
    /// natively. It does not depend on the challenges or the running sum in `z`.
    ///
    /// # Errors
    /// [`StepError::Arity`] unless `z` has [`ARITY`] elements.
    pub fn advice_values(&self, z: &[Fr]) -> Result<Vec<Fr>, StepError> {
        two_phase::advice_values(&PoseidonBatch::one(self.clone()), z)
    }

    /// Constraints of the step on `z_i`, returning `z_{i+1}` (the folding step-circuit
    /// trait's `generate_step_constraints`): the advice block first, then the rest, as
    /// [`crate::step::CpuStep::generate_step_constraints`]. `_i` is not used.
    pub fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        two_phase::constraints(&PoseidonBatch::one(self.clone()), cs, z)
    }

    /// Evaluate the step natively on `z` (no constraint system): the output state, the bus
    /// tuples and the violated components (empty for an honest call). Lookups (range
    /// checks, page permissions) are rows that always hold here; whether their values are
    /// in their tables is the bus's check (`bus::Ledger::unmatched`).
    ///
    /// # Errors
    /// [`StepError::Arity`] unless `z` has [`ARITY`] elements.
    pub fn eval_native(&self, z: &[Fr]) -> Result<NativeStep, StepError> {
        two_phase::eval_native(&PoseidonBatch::one(self.clone()), z)
    }
}

impl PoseidonStep {
    /// The call's rows and tuples on the step's bus `b`, every tuple that refers to guest
    /// state (the call's `Syscall` and `PreArgs`, page permissions, memory) under `gate`
    /// (boolean: 0 for an unused slot of a batch, whose rows still hold on the shape call's
    /// values); range checks are always on.
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        let p = instance().map_err(|_| SynthesisError::Unsatisfiable)?;
        let c = &self.call;
        let one = V::constant(Fr::one());

        // ---- the call: consume the ecall's Syscall and PreArgs tuples. Field, width, a3,
        // results and cost are constants here, so only a call with exactly these values
        // (and this clk and ptr) is consumed.
        s.comp = "call";
        let clk = s.witness(f(c.clk))?;
        let ptr = s.witness(f(c.args[2].into()))?;
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let id = f(POSEIDON_PERMUTE.into());
        let field = f(PoseidonField::Bn254.id().into());
        let extra = b.g[1]
            .scale(id)
            .add(&b.g[2].scale(field))
            .add(&b.g[3].scale(f(EXTRA_CYCLES)));
        let zero = Fr::zero();
        b.emit(
            s,
            Tag::Syscall,
            &clk,
            &extra,
            [zero, id, field, f(EXTRA_CYCLES), zero, zero],
            false,
            gate,
        )?;
        let g2ptr = s.mul_bus(&b.g[2], &ptr)?;
        let width = f(WIDTH as u64);
        b.emit(
            s,
            Tag::PreArgs,
            &clk,
            &b.g[1].scale(width).add(&g2ptr),
            [zero, width, ptr.val, zero, zero, zero],
            false,
            gate,
        )?;

        // ---- the buffer: ptr = 4·q with q a 32-bit integer (aligned); first page P with
        // ptr − 4096·P ∈ [0, 4096) (16× it in the 16-bit table: ptr, P are integers, so no
        // wrap), last word's page P + c likewise. P comes from the page table, so both
        // offsets are exact and every word ptr + 4i (between them) lies in page P or P + c.
        s.comp = "pages";
        let pn = u64::from(c.args[2]);
        let q = s.witness(f(pn >> 2))?;
        s.equal(&ptr, &q.scale(f(4)))?;
        b.r32(s, &q, &one)?;
        let page = s.witness(f(pn >> 12))?;
        let off = ptr.sub(&page.scale(f(1 << 12)));
        b.r16(s, &off.scale(f(16)), &one)?;
        let cross = s.witness(bit((pn & 0xfff) + LAST_WORD >= 1 << 12))?;
        s.boolean(&cross)?;
        let off_last = off.add_const(f(LAST_WORD)).sub(&cross.scale(f(1 << 12)));
        b.r16(s, &off_last.scale(f(16)), &one)?;
        // The host checks W (check_writable) and R (read) on every page of the buffer: the
        // verifier's page table lists each guest-RAM page with exactly its R + 2·W bits.
        let rw = f(u64::from(
            umbra_vm::memory::PERM_R | umbra_vm::memory::PERM_W,
        ));
        let g_rw = b.g[1].scale(rw);
        for pg in [page.clone(), page.add(&cross)] {
            b.emit(
                s,
                Tag::Perm,
                &pg,
                &g_rw,
                [zero, rw, zero, zero, zero, zero],
                true,
                gate,
            )?;
        }

        // ---- memory: every word read at its previous write and written at ts = 4·clk + 3
        // (γ²·ts linear in the one product γ²·clk).
        let ts = clk.scale(f(4)).add_const(f(3));
        let g2ts = g2clk.scale(f(4)).add(&b.g[2].scale(f(3)));
        let mut old = Vec::with_capacity(WORDS);
        let mut new = Vec::with_capacity(WORDS);
        for (i, w) in c.words.iter().enumerate() {
            s.comp = "memory";
            let o = s.witness(f(w.old.into()))?;
            let t = s.witness(f(w.t_prev))?;
            let n = s.witness(f(w.new.into()))?;
            // Written words must be 32-bit, as every write on the bus is (the invariant that
            // makes the old words, read back from earlier writes, 32-bit).
            b.r32(s, &n, &one)?;
            let addr = ptr.add_const(f(4 * i as u64));
            b.access(s, Tag::Ram, &addr, &o, &t, Some(&n), &ts, &g2ts, gate, &one)?;
            old.push(o);
            new.push(n);
        }

        // ---- elements: 8 little-endian words each, canonical (< p) on both sides, as the
        // host's decoding and encoding require.
        s.comp = "canonical";
        let x: Vec<V> = old.chunks(8).map(combine).collect();
        let y: Vec<V> = new.chunks(8).map(combine).collect();
        for limbs in old.chunks(8).chain(new.chunks(8)) {
            borrow_above(s, b, limbs, &p_minus_one(), true)?;
        }

        // ---- the permutation, reference shape, and its output against the new words.
        s.comp = "permutation";
        let out = permute(s, p, &x)?;
        s.comp = "output";
        for (o, y) in out.iter().zip(&y) {
            s.equal(o, y)?;
        }
        Ok(())
    }
}

/// Up to [`BATCH`] `poseidon_permute` calls proved by one fold of the kind
/// ([`super::batch`]).
pub type PoseidonBatch = Batch<PoseidonStep>;

impl BatchedCall for PoseidonStep {
    const BATCH: usize = BATCH;

    fn shape() -> Self {
        PoseidonStep::shape()
    }
}

impl SlotCircuit for PoseidonStep {
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        PoseidonStep::synthesize_call(self, s, b, gate)
    }
}

/// `Σ_i w_i·2^{32i}`: the element of little-endian 32-bit words.
fn combine(words: &[V]) -> V {
    let mut acc = V::zero();
    for (i, w) in words.iter().enumerate() {
        acc = acc.plus(&w.scale(pow2(32 * i as u32)));
    }
    acc
}

/// The 32-bit limbs of `p − 1`, little-endian.
fn p_minus_one() -> [u64; 8] {
    let m = (-Fr::one()).into_bigint();
    let mut out = [0u64; 8];
    for (i, l) in m.as_ref().iter().enumerate() {
        out[2 * i] = l & 0xffff_ffff;
        out[2 * i + 1] = l >> 32;
    }
    out
}

/// `x⁵` in three rows.
fn sbox(s: &mut Synth, x: &V) -> Result<V, SynthesisError> {
    let x2 = s.mul(x, x)?;
    let x4 = s.mul(&x2, &x2)?;
    s.mul(&x4, x)
}

/// Poseidon (`umbra_poseidon::Poseidon::permute_plain`, equal to `permute`): per round add
/// the round constants, `x⁵` on every cell (full rounds: the first and last 4) or on cell 0
/// (partial rounds), then the MDS matrix. Constants and the linear layer are free; the
/// partial rounds' untouched cells stay linear combinations, compacted after each matrix so
/// that each holds at most one term per S-box output.
fn permute(s: &mut Synth, p: &Poseidon<Fr, WIDTH>, x: &[V]) -> Result<Vec<V>, SynthesisError> {
    const HALF: usize = umbra_poseidon::FULL_ROUNDS / 2;
    let r_p = p.partial_rounds();
    let mds = p.mds();
    let mut st: Vec<V> = x.to_vec();
    let mut r = 0;
    while let Some(rc) = p.round_constants(r) {
        for (c, k) in st.iter_mut().zip(rc) {
            *c = c.add_const(*k);
        }
        let full = r < HALF || r >= HALF + r_p;
        for (j, c) in st.iter_mut().enumerate() {
            if full || j == 0 {
                *c = sbox(s, c)?;
            }
        }
        st = mds
            .iter()
            .map(|row| {
                let mut acc = V::zero();
                for (m, c) in row.iter().zip(&st) {
                    acc = acc.plus(&c.scale(*m));
                }
                acc.compact()
            })
            .collect();
        r += 1;
    }
    Ok(st)
}
