//! The CPU step circuit: `k` RV32IM instructions per step over BN254 Fr.
//!
//! Every slot is the same uniform circuit. All sub-circuits (adder, logic, shifter and
//! multiplier, divider, load/store lanes) always run on the slot's operands, so every witness
//! is determined even when its result is not selected; the pre-decoded ROM flags only choose
//! operands, the value written to `rd` and the next pc. See `docs/prover.md` (section "CPU step") for the
//! layout, the bus and the constraint counts.
//!
//! System calls are part of the same slot: an `ecall` decodes `t0` into one-hot selectors
//! and writes the built-in calls' results to `a0` (through `rd`, which the ROM sets to `a0`)
//! and `a1` (a lane every slot has); `commit`, `read_private` and `write` leave a pending
//! transfer in the state, and the following *continuation* slots (no instruction: they fetch
//! an all-zero ROM entry and keep the pc) each move the bytes of one aligned guest word
//! through the RAM lane, putting journal and private-tape bytes on the bus.
//!
//! State `z` (arity [`ARITY`]): `[pc, clk, live, halted, γ, α, sum, cycles, jpos, cur, tot,
//! ptr, left, kc, kr, kw]`:
//! * `pc` — the pc of the next instruction;
//! * `clk` — the slot counter (starts at 1); slot `i` accesses memory at timestamps
//!   `4·(clk + i) + j`, `j` = 0 (rs1), 1 (rs2), 2 (RAM and `a1`), 3 (rd);
//! * `live` — whether the last slot was active (an inactive slot is padding after `halt`);
//! * `halted` — whether the last slot was a `halt` (`ecall` with `t0 = 0`): a slot is active
//!   exactly when the previous one was active and not a halt, so execution runs until the
//!   first halt and stops right after it;
//! * `γ`, `α` — the bus challenges, passed through unchanged;
//! * `sum` — the bus's running LogUp sum;
//! * `cycles` — the VM's cycle counter (instructions plus syscall costs);
//! * `jpos` — journal bytes committed so far; `cur` — private-input bytes read so far;
//!   `tot` — the private input's length (a private constant: never public);
//! * `ptr`, `left`, `kc`, `kr`, `kw` — a pending byte transfer of `commit`, `read_private`
//!   or `write` (next guest address, bytes left, one-hot kind); while one is pending every
//!   slot is a *continuation* slot that moves the bytes of one aligned word.

use ark_bn254::Fr;
use ark_ff::{One, PrimeField, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use umbra_vm::memory::{PERM_R, PERM_W};

use crate::bus::{Tag, Tuple};
use crate::bus_circuit::Bus;
use crate::rom::{RomEntry, flag};
use crate::synth::{Counts, Synth, V, f, inv_pow2, is_zero, low_bits, pow2};
use crate::two_phase;

// The page split in the RAM lane takes 12 address bits; halt is the syscall id 0.
const _: () = assert!(umbra_abi::memory::PAGE_SIZE == 1 << 12 && umbra_abi::syscall::HALT == 0);

/// Number of field elements in the step state `z`.
pub const ARITY: usize = 16;

/// Offset added to the pc in a continuation slot's ROM fetch key: the verifier's ROM holds an
/// all-zero entry at `pc + CONT_KEY` for every pc that follows an `ecall`, and no other key at
/// or above it (real pcs are below 2³²).
pub const CONT_KEY: u64 = 1 << 40;

/// The kind of a pending guest-memory transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransferKind {
    /// `commit`: guest bytes → journal.
    Commit,
    /// `read_private`: private tape → guest bytes.
    Read,
    /// `write`: guest bytes read (debug output, not part of the statement).
    Write,
}

/// The part of `z` the VM execution determines (the challenges and the sum are separate).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepState {
    /// pc of the next instruction.
    pub pc: u32,
    /// Instruction counter (the first instruction has clk 1: timestamp 0 is the initial set).
    pub clk: u64,
    /// Whether the last slot was active.
    pub live: bool,
    /// Whether the last slot was a `halt` ecall.
    pub halted: bool,
    /// VM cycles so far (instructions plus syscall costs).
    pub cycles: u64,
    /// Journal bytes committed so far.
    pub journal_len: u64,
    /// Private-input bytes read so far.
    pub input_pos: u64,
    /// Length of the private input (private: a witness of the decider, never public).
    pub input_len: u64,
    /// Next guest address of the pending transfer. The circuit's formula leaves the call's
    /// pointer argument after any `write`/`read_private`/`commit` ecall (even of length 0),
    /// the end address after a transfer's last slot, and 0 after every other slot.
    pub ptr: u64,
    /// Bytes the pending transfer still moves (0 when none is pending).
    pub left: u64,
    /// The pending transfer's kind.
    pub kind: Option<TransferKind>,
}

impl StepState {
    /// The state before the first instruction of a program entered at `entry`.
    pub const fn initial(entry: u32) -> Self {
        Self {
            pc: entry,
            clk: 1,
            live: true,
            halted: false,
            cycles: 0,
            journal_len: 0,
            input_pos: 0,
            input_len: 0,
            ptr: 0,
            left: 0,
            kind: None,
        }
    }

    /// [`StepState::initial`] with a private input of `len` bytes.
    pub const fn initial_with_input(entry: u32, len: u64) -> Self {
        let mut s = Self::initial(entry);
        s.input_len = len;
        s
    }

    /// `z` for this state with the challenges and the running sum.
    pub fn to_z(&self, gamma: Fr, alpha: Fr, sum: Fr) -> Vec<Fr> {
        let k = |t: TransferKind| Fr::from(self.kind == Some(t));
        vec![
            Fr::from(self.pc),
            Fr::from(self.clk),
            Fr::from(self.live),
            Fr::from(self.halted),
            gamma,
            alpha,
            sum,
            Fr::from(self.cycles),
            Fr::from(self.journal_len),
            Fr::from(self.input_pos),
            Fr::from(self.input_len),
            Fr::from(self.ptr),
            Fr::from(self.left),
            k(TransferKind::Commit),
            k(TransferKind::Read),
            k(TransferKind::Write),
        ]
    }
}

/// The private input of one instruction slot: what the trace says it did. Everything else
/// (carries, limbs, quotients, inverses) is derived from it by the same code that builds
/// the constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SlotWitness {
    /// `false` for padding after `halt`.
    pub active: bool,
    /// The ROM entry claimed for the fetched pc.
    pub entry: RomEntry,
    /// Value read from `rs1` and the timestamp of that cell's previous write.
    pub v1: u32,
    /// Previous-write timestamp of `rs1`.
    pub t1: u64,
    /// Value read from `rs2`.
    pub v2: u32,
    /// Previous-write timestamp of `rs2`.
    pub t2: u64,
    /// The aligned RAM word before the access (0 when the instruction has none).
    pub mem_old: u32,
    /// Previous-write timestamp of that word (0 when none).
    pub t_mem: u64,
    /// `rd`'s value before the write.
    pub rd_old: u32,
    /// Previous-write timestamp of `rd`.
    pub t_rd: u64,
    /// Value written to `rd` (the executor's claim; the circuit recomputes and compares).
    pub rd_new: u32,
    /// Read/write permission bits ([`PERM_R`], [`PERM_W`]) of the accessed page (0 when the
    /// instruction has no RAM access).
    pub perm: u8,
    /// `a1` before the slot (every active slot reads and writes back `a1`; an `ecall`
    /// writes its second result there).
    pub a1: u32,
    /// Previous-write timestamp of `a1`.
    pub t_a1: u64,
    /// `a3` before the slot (read and written back unchanged by every active slot: a
    /// precompile's fourth argument).
    pub a3: u32,
    /// Previous-write timestamp of `a3`.
    pub t_a3: u64,
    /// A precompile `ecall`'s results `a0`, `a1` (zero in every other slot): free in the CPU
    /// circuit, bound by the precompile's circuit kind through the `Syscall` tuple.
    pub pre_ret: [u32; 2],
    /// A precompile `ecall`'s cycles beyond its own one (zero in every other slot), bound
    /// the same way.
    pub pre_cycles: u64,
    /// The RAM word after a continuation slot's transfer: in a `read_private` slot its
    /// moved bytes are the private tape's, every other byte (and every other slot) equals
    /// `mem_old`'s.
    pub io: u32,
}

impl SlotWitness {
    /// A padding slot.
    pub const INACTIVE: Self = Self {
        active: false,
        entry: RomEntry::NOP,
        v1: 0,
        t1: 0,
        v2: 0,
        t2: 0,
        mem_old: 0,
        t_mem: 0,
        rd_old: 0,
        t_rd: 0,
        rd_new: 0,
        perm: 0,
        a1: 0,
        t_a1: 0,
        a3: 0,
        t_a3: 0,
        pre_ret: [0, 0],
        pre_cycles: 0,
        io: 0,
    };
}

/// The private input of one step: `k` slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepWitness {
    /// The VM state the step starts from (what the folding layer's `z_i` must hold).
    pub state: StepState,
    /// One witness per slot.
    pub slots: Vec<SlotWitness>,
    /// The precompile calls made by this step's slots, in order: not part of the CPU
    /// circuit, they are what the precompile kinds folded after the step prove.
    pub calls: Vec<crate::precompile::PrecompileCall>,
}

/// The result of evaluating a step natively.
#[derive(Clone, Debug)]
pub struct NativeStep {
    /// `z_{i+1}`.
    pub z_out: Vec<Fr>,
    /// Tuples put on the bus.
    pub tuples: Vec<Tuple>,
    /// Components whose constraints do not hold (empty for a satisfying witness).
    pub violated: Vec<&'static str>,
    /// R1CS rows by component.
    pub counts: Counts,
}

/// Why a step could not be evaluated or synthesised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    /// `z` does not have [`ARITY`] elements.
    Arity {
        /// Elements given.
        got: usize,
    },
    /// The witness does not have `k` slots.
    Slots {
        /// Slots expected.
        k: usize,
        /// Slots given.
        got: usize,
    },
    /// Constraint synthesis failed.
    Synthesis(SynthesisError),
}

impl core::fmt::Display for StepError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Arity { got } => write!(f, "step state has {got} elements, expected {ARITY}"),
            Self::Slots { k, got } => write!(f, "step witness has {got} slots, expected {k}"),
            Self::Synthesis(e) => write!(f, "synthesis: {e}"),
        }
    }
}

impl std::error::Error for StepError {}

impl From<SynthesisError> for StepError {
    fn from(e: SynthesisError) -> Self {
        Self::Synthesis(e)
    }
}

/// The CPU step: `k` instruction slots and the private witness of the step being proved.
#[derive(Clone, Debug)]
pub struct CpuStep {
    k: usize,
    witness: StepWitness,
}

impl CpuStep {
    /// A step of `k` slots carrying `witness`; `witness.slots.len()` must be `k`.
    pub fn new(k: usize, witness: StepWitness) -> Result<Self, StepError> {
        if k == 0 || witness.slots.len() != k {
            return Err(StepError::Slots {
                k,
                got: witness.slots.len(),
            });
        }
        Ok(Self { k, witness })
    }

    /// The shape-only step (all slots padding): what a setup phase synthesises.
    pub fn shape(k: usize) -> Self {
        Self {
            k: k.max(1),
            witness: StepWitness {
                state: StepState::initial(0),
                slots: vec![SlotWitness::INACTIVE; k.max(1)],
                calls: Vec::new(),
            },
        }
    }

    /// Instructions per step.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The witness this step proves.
    pub fn witness(&self) -> &StepWitness {
        &self.witness
    }

    /// Number of phase-1 (advice) witness variables of one step: in a constraint system the
    /// step allocates exactly these first, as one contiguous block (the segment ω the folding
    /// layer commits before deriving the bus challenges), then its phase-2 variables.
    pub fn advice_len(&self) -> usize {
        two_phase::advice_len(self)
    }

    /// The phase-1 advice block of this step on `z` (the values [`CpuStep::generate_step_constraints`]
    /// allocates first, in order), computed natively without a constraint system. It does not
    /// depend on the challenges or the running sum in `z`, so the first pass of the two-pass
    /// prover commits it before `(γ, α)` exist.
    ///
    /// # Errors
    /// [`StepError::Arity`] unless `z` has [`ARITY`] elements.
    pub fn advice_values(&self, z: &[Fr]) -> Result<Vec<Fr>, StepError> {
        two_phase::advice_values(self, z)
    }

    /// Number of elements of the state `z` (the folding step-circuit trait's `arity`).
    pub fn arity(&self) -> usize {
        ARITY
    }

    /// Constraints of one step on `z_i`, returning `z_{i+1}` (the folding step-circuit
    /// trait's `generate_step_constraints`). `_i` is not used: the step's position is
    /// carried by `clk` in `z`.
    pub fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        two_phase::constraints(self, cs, z)
    }

    /// Evaluate the step natively on `z` (no constraint system): the output state, the bus
    /// tuples and the list of violated components.
    pub fn eval_native(&self, z: &[Fr]) -> Result<NativeStep, StepError> {
        two_phase::eval_native(self, z)
    }

    /// [`CpuStep::eval_native`] and [`CpuStep::advice_values`] from one native run (what
    /// the prover's first pass uses).
    ///
    /// # Errors
    /// As [`CpuStep::eval_native`].
    pub fn eval_native_with_advice(&self, z: &[Fr]) -> Result<(NativeStep, Vec<Fr>), StepError> {
        two_phase::eval_native_with_advice(self, z)
    }
}

impl two_phase::Circuit for CpuStep {
    fn synthesize(&self, s: &mut Synth, z: &[V]) -> Result<(Vec<V>, Vec<Tuple>), SynthesisError> {
        let (clk, gamma, alpha, sum) = (z[1].clone(), z[4].clone(), z[5].clone(), z[6].clone());
        s.comp = "step";
        // Powers γ^0..γ^6 and γ²·clk: once per step, so that every write timestamp's term
        // γ²·(4·(clk+i)+j) is linear.
        let mut b = Bus::new(s, &gamma, &alpha, &sum)?;
        let g2clk = s.mul_bus(&b.g[2], &clk)?;
        let mut st = SlotState {
            pc: z[0].clone(),
            prev_active: z[2].clone(),
            prev_halt: z[3].clone(),
            cycles: z[7].clone(),
            jpos: z[8].clone(),
            cur: z[9].clone(),
            tot: z[10].clone(),
            ptr: z[11].clone(),
            left: z[12].clone(),
            kc: z[13].clone(),
            kr: z[14].clone(),
            kw: z[15].clone(),
        };
        for (i, w) in self.witness.slots.iter().enumerate() {
            let clk_i = clk.add_const(f(i as u64));
            let g2clk_i = g2clk.add(&b.g[2].scale(f(i as u64)));
            slot(s, &mut b, &mut st, w, &clk_i, &g2clk_i)?;
        }
        b.note_tuples();
        let out = vec![
            st.pc,
            clk.add_const(f(self.k as u64)),
            st.prev_active,
            st.prev_halt,
            b.g[1].clone(),
            b.alpha.clone(),
            b.sum,
            st.cycles,
            st.jpos,
            st.cur,
            st.tot,
            st.ptr,
            st.left,
            st.kc,
            st.kr,
            st.kw,
        ];
        Ok((out, b.log))
    }
}

struct SlotState {
    pc: V,
    prev_active: V,
    prev_halt: V,
    cycles: V,
    jpos: V,
    cur: V,
    tot: V,
    ptr: V,
    left: V,
    kc: V,
    kr: V,
    kw: V,
}

fn bit(x: bool) -> Fr {
    if x { Fr::one() } else { Fr::zero() }
}

/// One instruction slot.
fn slot(
    s: &mut Synth,
    b: &mut Bus,
    st: &mut SlotState,
    w: &SlotWitness,
    clk: &V,
    g2clk: &V,
) -> Result<(), SynthesisError> {
    let one = V::constant(Fr::one());
    let e = &w.entry;

    // ---- control: a slot is active iff the previous one was active and not a halt. The
    // previous halt implies the previous activity (its ECALL flag is zero otherwise), so
    // `active` is boolean by induction from z0 (live = 1, halted = 0).
    s.comp = "control";
    let active = s.witness(bit(w.active))?;
    s.equal(&active, &st.prev_active.sub(&st.prev_halt))?;
    // A pending transfer makes this a continuation slot (the kinds are one-hot or all zero
    // by induction: only an `ecall` sets one, only the transfer's last slot clears it).
    let cont = st.kc.add(&st.kr).add(&st.kw);

    // ---- decode: flags are booleans packed into one field element of the ROM tuple
    s.comp = "decode";
    let mut fl = Vec::with_capacity(flag::COUNT as usize);
    let mut packed = V::zero();
    for i in 0..flag::COUNT {
        let x = s.witness(bit(e.has(i)))?;
        s.boolean(&x)?;
        packed = packed.plus(&x.scale(pow2(i)));
        fl.push(x);
    }
    // An inactive slot carries no flags, hence no memory access, syscall or jump.
    s.enforce(&packed, &one.sub(&active), &V::zero())?;
    let fg = |i: u32| fl[i as usize].clone();
    let rd = s.witness(f(e.rd.into()))?;
    let rs1 = s.witness(f(e.rs1.into()))?;
    let rs2 = s.witness(f(e.rs2.into()))?;
    let imm = s.witness(f(e.imm.into()))?;

    // ---- fetch: (pc, flags, rd, rs1, rs2, imm) must be a row of the verifier's ROM. A
    // continuation slot fetches at pc + CONT_KEY, where the ROM holds an all-zero entry
    // (no flags, registers x0) exactly for the pcs that follow an `ecall`: linear, no row.
    s.comp = "fetch";
    let mut extra = V::zero();
    for (j, x) in [&packed, &rd, &rs1, &rs2, &imm].into_iter().enumerate() {
        extra = extra.plus(&s.mul_bus(&b.g[j + 1], x)?);
    }
    b.emit(
        s,
        Tag::Rom,
        &st.pc.add(&cont.scale(f(CONT_KEY))),
        &extra,
        [Fr::zero(), packed.val, rd.val, rs1.val, rs2.val, imm.val],
        true,
        &active,
    )?;

    // Timestamps of this slot and their γ² terms (linear).
    let ts = |j: u64| clk.scale(f(4)).add_const(f(j));
    let g2ts = |j: u64| g2clk.scale(f(4)).add(&b.g[2].scale(f(j)));
    let (ts0, ts1, ts2, ts3) = (ts(0), ts(1), ts(2), ts(3));
    let (gts0, gts1, gts2, gts3) = (g2ts(0), g2ts(1), g2ts(2), g2ts(3));

    // ---- register reads
    s.comp = "regs";
    let v1 = s.witness(f(w.v1.into()))?;
    let t1 = s.witness(f(w.t1))?;
    let v2 = s.witness(f(w.v2.into()))?;
    let t2 = s.witness(f(w.t2))?;
    let rd_old = s.witness(f(w.rd_old.into()))?;
    let t_rd = s.witness(f(w.t_rd))?;
    let a1 = s.witness(f(w.a1.into()))?;
    let t_a1 = s.witness(f(w.t_a1))?;
    let a3 = s.witness(f(w.a3.into()))?;
    let t_a3 = s.witness(f(w.t_a3))?;
    let gv1 = b.access(
        s,
        Tag::Reg,
        &rs1,
        &v1,
        &t1,
        None,
        &ts0,
        &gts0,
        &active,
        &active,
    )?;
    s.comp = "regs";
    b.access(
        s,
        Tag::Reg,
        &rs2,
        &v2,
        &t2,
        None,
        &ts1,
        &gts1,
        &active,
        &active,
    )?;

    // An ecall with t0 = 0 is halt (umbra_abi::syscall::HALT).
    s.comp = "control";
    let id_zero = is_zero(s, &v1)?;
    let halt = s.mul(&fg(flag::ECALL), &id_zero)?;
    let sys = syscalls(
        s,
        b,
        st,
        &fg(flag::ECALL),
        &halt,
        &v1,
        &v2,
        &rd_old,
        &a1,
        &active,
        w,
    )?;

    // ---- operands: op2 = rs2 or imm; w = op2 except a store's data, which is rs2
    s.comp = "operands";
    let op2 = imm.add(&s.mul(&fg(flag::B_REG), &v2.sub(&imm))?);
    let f_store = fg(flag::SB).add(&fg(flag::SH)).add(&fg(flag::SW));
    // A continuation slot accesses the aligned word at `ptr` (its flags are zero).
    let f_mem = f_store.add(&fg(flag::LOAD)).add(&cont);
    let wv = op2.add(&s.mul(&f_store, &v2.sub(&op2))?);

    let u = |x: &V| -> u64 { low_bits(x.val) };
    let (v1n, wn) = (u(&v1), u(&wv));

    // ---- adder: r = v1 ± op2 mod 2^32, with the low two address bits split off
    s.comp = "adder";
    let nop2 = s.mul(&fg(flag::NEG), &op2)?;
    let y = op2
        .add(&fg(flag::NEG).scale(pow2(32)))
        .sub(&nop2.scale(f(2)));
    // In a continuation slot v1 = x0 = 0 and op2 = imm = 0: the adder computes `ptr`, so the
    // address split, range check and page lookup below serve the transfer too.
    let cp = s.mul(&cont, &st.ptr)?;
    let sum_n = v1n + u(&y) + u(&cp);
    let c = s.witness(f(sum_n >> 32))?;
    s.boolean(&c)?;
    let r = v1.add(&y).add(&cp).sub(&c.scale(pow2(32)));
    let rn = u(&r);
    let r_lo = b.r32(s, &r, &active)?;
    let o0 = s.witness(f(rn & 1))?;
    let o1 = s.witness(f(rn >> 1 & 1))?;
    s.boolean(&o0)?;
    s.boolean(&o1)?;
    // (r_lo − o0 − 2·o1)/4 is a 16-bit integer only if o0, o1 are r's low bits.
    let quarter = r_lo.sub(&o0).sub(&o1.scale(f(2))).scale(inv_pow2(2));
    b.r16(s, &quarter, &active)?;

    // ---- compare: r == 0, unsigned and signed less-than
    s.comp = "compare";
    let eqz = is_zero(s, &r)?;
    let lt_u = one.sub(&c);

    // ---- logic: byte AND lookups of (v1, w); or/xor follow linearly
    s.comp = "logic";
    let mut xb = Vec::new();
    let mut yb = Vec::new();
    let mut and = V::zero();
    for i in 0..4u32 {
        let (xv, yv) = if i < 3 {
            (
                s.witness(f(v1n >> (8 * i) & 0xff))?,
                s.witness(f(wn >> (8 * i) & 0xff))?,
            )
        } else {
            // The top bytes are what is left; the AND table bounds them.
            let rest = |full: &V, bytes: &[V]| {
                let mut acc = full.clone();
                for (j, x) in bytes.iter().enumerate() {
                    acc = acc.sub(&x.scale(pow2(8 * j as u32)));
                }
                acc.scale(inv_pow2(24))
            };
            (rest(&v1, &xb), rest(&wv, &yb))
        };
        let zv = s.witness(f(u(&xv) & u(&yv)))?;
        let gy = s.mul_bus(&b.g[1], &yv)?;
        let gz = s.mul_bus(&b.g[2], &zv)?;
        b.emit(
            s,
            Tag::And,
            &xv,
            &gy.add(&gz),
            [
                Fr::zero(),
                yv.val,
                zv.val,
                Fr::zero(),
                Fr::zero(),
                Fr::zero(),
            ],
            true,
            &active,
        )?;
        and = and.plus(&zv.scale(pow2(8 * i)));
        xb.push(xv);
        yb.push(yv);
    }
    let or = v1.add(&wv).sub(&and);
    let xor = v1.add(&wv).sub(&and.scale(f(2)));

    s.comp = "compare";
    let s1 = sign_of_byte(s, b, &xb[3], &active)?;
    let s2 = sign_of_byte(s, b, &yb[3], &active)?;
    let xs = s1.add(&s2).sub(&s.mul(&s1, &s2)?.scale(f(2)));
    let lt_s = lt_u.add(&s.mul(&xs, &s1.sub(&lt_u))?);

    // ---- shift amount and powers: w's low byte = s + 32·hh, (s, 2^s, 2^(32−s)) in table
    s.comp = "shift";
    let sh = u(&yb[0]) & 31;
    let shamt = s.witness(f(sh))?;
    b.r16(s, &yb[0].sub(&shamt).scale(inv_pow2(5)), &active)?;
    let p_l = s.witness(pow2(sh as u32))?;
    let p_r = s.witness(pow2(32 - sh as u32))?;
    let gp = s.mul_bus(&b.g[1], &p_l)?;
    let gq = s.mul_bus(&b.g[2], &p_r)?;
    b.emit(
        s,
        Tag::Pow,
        &shamt,
        &gp.add(&gq),
        [
            Fr::zero(),
            p_l.val,
            p_r.val,
            Fr::zero(),
            Fr::zero(),
            Fr::zero(),
        ],
        true,
        &active,
    )?;

    // ---- multiplier: X'·Y' + 2^63·S1 = lo + 2^32·H (mul*, shifts)
    s.comp = "mul";
    let e1 = s.mul(&fg(flag::S1), &s1)?;
    let e2 = s.mul(&fg(flag::S2), &s2)?;
    let yy = op2
        .add(&s.mul(&fg(flag::SLL), &p_l.sub(&op2))?)
        .add(&s.mul(&fg(flag::SR), &p_r.sub(&op2))?);
    let xs_ = v1.sub(&e1.scale(pow2(32)));
    let ys_ = yy.sub(&e2.scale(pow2(32)));
    let prod = signed_val(xs_.val) * signed_val(ys_.val)
        + if e_bit(&fg(flag::S1)) { 1i128 << 63 } else { 0 };
    let prod = prod.max(0) as u128;
    let lo = s.witness(f(prod as u64 & 0xffff_ffff))?;
    let hh = s.witness(f((prod >> 32) as u64 & 0xffff_ffff))?;
    b.r32(s, &lo, &active)?;
    let h_lo = b.r32(s, &hh, &active)?;
    s.enforce(
        &xs_,
        &ys_,
        &lo.add(&hh.scale(pow2(32)))
            .sub(&fg(flag::S1).scale(pow2(63))),
    )?;
    // Signed high word = H − 2^31 mod 2^32, from H's top bit.
    let h_hi = hh.sub(&h_lo).scale(inv_pow2(16));
    let m_h = s.witness(f(u(&hh) >> 31))?;
    s.boolean(&m_h)?;
    b.r16(s, &h_hi.sub(&m_h.scale(pow2(15))).scale(f(2)), &active)?;
    let his = hh.add_const(pow2(31)).sub(&m_h.scale(pow2(32)));

    // ---- divider: a = qs·b + rs, |rs| < |b|, sign(rs) = sign(a) or rs = 0; b = 0 rules
    s.comp = "div";
    let a_s = xs_.clone();
    let b_s = op2.sub(&e2.scale(pow2(32)));
    let (an, bn) = (signed_val(a_s.val), signed_val(b_s.val));
    let (qn, rn_) = if bn == 0 {
        (-1i128, an)
    } else {
        (an / bn, an % bn)
    };
    let q = s.witness(f((qn as u64) & 0xffff_ffff))?;
    let rr = s.witness(f((rn_ as u64) & 0xffff_ffff))?;
    // In the overflow case (−2^31 / −1) the quotient 2^31 is non-negative.
    let eq = s.witness(bit(qn < 0 && bn != 0))?;
    let er = s.witness(bit(rn_ < 0))?;
    s.boolean(&eq)?;
    s.boolean(&er)?;
    b.r32(s, &q, &active)?;
    b.r32(s, &rr, &active)?;
    let qs = q.sub(&eq.scale(pow2(32)));
    let rs = rr.sub(&er.scale(pow2(32)));
    s.enforce(&qs, &b_s, &a_s.sub(&rs))?;
    let zb = is_zero(s, &b_s)?;
    s.enforce(&zb, &q.add_const(-f(0xffff_ffff)), &V::zero())?;
    s.enforce(&zb, &eq, &V::zero())?;
    let abs_b = b_s.sub(&s.mul(&e2, &b_s)?.scale(f(2)));
    let abs_r = rs.sub(&s.mul(&er, &rs)?.scale(f(2)));
    let gap = abs_b
        .sub(&abs_r)
        .add_const(-Fr::one())
        .add(&zb.scale(pow2(32)));
    b.r32(s, &gap, &active)?;
    s.enforce(&er, &one.sub(&e1), &V::zero())?;
    s.enforce(&e1.sub(&er), &rs, &V::zero())?;

    // ---- load lane: the old word's bytes, the addressed half and byte
    s.comp = "load";
    let mut m = Vec::new();
    let mut mem_old = V::zero();
    for i in 0..4u32 {
        let x = s.witness(f(u64::from(w.mem_old >> (8 * i) & 0xff)))?;
        b.r16(s, &x.scale(f(256)), &active)?;
        mem_old = mem_old.plus(&x.scale(pow2(8 * i)));
        m.push(x);
    }
    s.enforce(&one.sub(&f_mem), &mem_old, &V::zero())?;
    let hb0 = m[0].add(&s.mul(&o1, &m[2].sub(&m[0]))?);
    let hb1 = m[1].add(&s.mul(&o1, &m[3].sub(&m[1]))?);
    let byte = hb0.add(&s.mul(&o0, &hb1.sub(&hb0))?);
    let half = hb0.add(&hb1.scale(f(256)));
    let sb = sign_of_byte(s, b, &byte, &active)?;
    s.comp = "load";
    let shb = sign_of_byte(s, b, &hb1, &active)?;
    s.comp = "load";
    // Alignment: halfword accesses 2-aligned, word accesses 4-aligned (the VM faults).
    s.enforce(&fg(flag::HALF), &o0, &V::zero())?;
    s.enforce(&fg(flag::WORD), &o0.add(&o1), &V::zero())?;

    // ---- store lane: the new word
    s.comp = "store";
    let e3 = s.mul(&o0, &o1)?;
    let sel1 = o0.sub(&e3);
    let sel2 = o1.sub(&e3);
    let sel0 = one.sub(&o0).sub(&o1).add(&e3);
    let place8 = V::sum(&[
        (Fr::one(), &sel0),
        (f(1 << 8), &sel1),
        (f(1 << 16), &sel2),
        (f(1 << 24), &e3),
    ]);
    let d_b = s.mul(&yb[0].sub(&byte), &place8)?;
    let w_half = yb[0].add(&yb[1].scale(f(256)));
    let d_h = s.mul(&w_half.sub(&half), &one.add(&o1.scale(f(0xffff))))?;
    let mem_new = mem_old
        .add(&s.mul(&fg(flag::SB), &d_b)?)
        .add(&s.mul(&fg(flag::SH), &d_h)?)
        .add(&s.mul(&fg(flag::SW), &wv.sub(&mem_old))?);

    // ---- transfer: a continuation slot moves bytes o..e of the word at ptr (o = ptr & 3;
    // e = 4, or o + left when the transfer ends here)
    s.comp = "transfer";
    let xf = transfer(s, b, st, w, &cont, &o0, &o1, &e3, &sel0, &m, &active)?;
    let mem_new = mem_new.plus(&xf.delta);

    // ---- RAM access: the aligned word, read then written back (same value for loads)
    s.comp = "ram";
    // Page permissions: page = r >> 12 = n + 16·r_hi with r_lo = low12 + 4096·n; the
    // division by 4096 leaves a small integer only if low12 is r_lo's low 12 bits. The
    // verifier's page table lists every guest-RAM page with its R/W bits, so an address
    // outside guest RAM, a store to a read-only page or a load from an unreadable one has
    // no row (the VM faults in all three cases).
    let low12 = s.witness(f(rn & 0xfff))?;
    b.r16(s, &low12.scale(f(16)), &active)?;
    let nib = r_lo.sub(&low12).scale(inv_pow2(12));
    b.r16(s, &nib, &active)?;
    let r_hi = r.sub(&r_lo).scale(inv_pow2(16));
    let page = nib.add(&r_hi.scale(f(16)));
    let p_r = s.witness(bit((w.perm & PERM_R) != 0))?;
    let p_w = s.witness(bit((w.perm & PERM_W) != 0))?;
    s.boolean(&p_r)?;
    s.boolean(&p_w)?;
    let perm = p_r.add(&p_w.scale(f(2)));
    s.enforce(&one.sub(&f_mem), &perm, &V::zero())?;
    // commit and write read guest memory, read_private writes it (the VM checks R / W).
    let f_rd = fg(flag::LOAD).add(&st.kc).add(&st.kw);
    s.enforce(&f_rd, &one.sub(&p_r), &V::zero())?;
    s.enforce(&f_store.add(&st.kr), &one.sub(&p_w), &V::zero())?;
    let g_perm = s.mul_bus(&b.g[1], &perm)?;
    b.emit(
        s,
        Tag::Perm,
        &page,
        &g_perm,
        [
            Fr::zero(),
            perm.val,
            Fr::zero(),
            Fr::zero(),
            Fr::zero(),
            Fr::zero(),
        ],
        true,
        &f_mem,
    )?;
    let t_mem = s.witness(f(w.t_mem))?;
    s.enforce(&one.sub(&f_mem), &t_mem, &V::zero())?;
    let waddr = r.sub(&o0).sub(&o1.scale(f(2)));
    b.access(
        s,
        Tag::Ram,
        &waddr,
        &mem_old,
        &t_mem,
        Some(&mem_new),
        &ts2,
        &gts2,
        &f_mem,
        &active,
    )?;

    // ---- result: exactly one R_* flag (none for x0) selects the value written to rd
    s.comp = "result";
    let pc4 = st.pc.add_const(f(4));
    let results: [(u32, V); 18] = [
        (flag::R_ADD, r.clone()),
        (flag::R_IMM, imm.clone()),
        (flag::R_LINK, pc4.clone()),
        (flag::R_LTU, lt_u.clone()),
        (flag::R_LTS, lt_s.clone()),
        (flag::R_AND, and),
        (flag::R_OR, or),
        (flag::R_XOR, xor),
        (flag::R_LO, lo),
        (flag::R_HIU, hh),
        (flag::R_HIS, his),
        (flag::R_Q, q),
        (flag::R_R, rr),
        (flag::R_LW, mem_old.clone()),
        (flag::R_LBU, byte.clone()),
        (flag::R_LB, byte.add(&sb.scale(f(0xffff_ff00)))),
        (flag::R_LHU, half.clone()),
        (flag::R_LH, half.add(&shb.scale(f(0xffff_0000)))),
    ];
    let mut rd_val = V::zero();
    for (fi, res) in &results {
        rd_val = rd_val.plus(&s.mul(&fg(*fi), res)?);
    }
    // An ecall's rd is a0 (ROM): its first result (no R_* flag is set for it).
    let rd_new = s.witness(f(w.rd_new.into()))?;
    s.equal(&rd_new, &rd_val.add(&sys.a0))?;

    // ---- rd write
    s.comp = "regs";
    b.access(
        s,
        Tag::Reg,
        &rd,
        &rd_old,
        &t_rd,
        Some(&rd_new),
        &ts3,
        &gts3,
        &active,
        &active,
    )?;

    // ---- a1: read and written back by every active slot at ts2 (a register cell, so it
    // cannot collide with the RAM word accessed at the same timestamp); an ecall writes its
    // second result.
    let ga1 = b.access(
        s,
        Tag::Reg,
        &V::constant(f(A1)),
        &a1,
        &t_a1,
        Some(&sys.a1),
        &ts2,
        &gts2,
        &active,
        &active,
    )?;

    // ---- a3: likewise read and written back unchanged by every active slot at ts2 (its
    // own cell), so a precompile ecall has its fourth argument on the bus. Always on: a
    // lane gated by ECALL would need rows pinning its witnesses elsewhere.
    let ga3 = b.access(
        s,
        Tag::Reg,
        &V::constant(f(A3)),
        &a3,
        &t_a3,
        None,
        &ts2,
        &gts2,
        &active,
        &active,
    )?;

    // ---- syscall tuple (clk, t0, a0) for the kind that proves the call: the decider for
    // halt (exit code), a precompile's circuit for ids from PRECOMPILE_BASE. The built-in
    // system calls are proved here and emit none.
    s.comp = "syscall";
    // A precompile's tuple also carries its extra cycles and its results (zero for halt,
    // whose tuple the decider consumes as (clk, 0, exit code, 0, 0, 0)); `PreArgs` carries
    // its other arguments.
    let g2a0 = s.mul_bus(&b.g[2], &rd_old)?;
    let g3c = s.mul_bus(&b.g[3], &sys.pre_cycles)?;
    let g4r0 = s.mul_bus(&b.g[4], &sys.pre_a0)?;
    let g5r1 = s.mul_bus(&b.g[5], &sys.pre_a1)?;
    b.emit(
        s,
        Tag::Syscall,
        clk,
        &gv1.add(&g2a0).add(&g3c).add(&g4r0).add(&g5r1),
        [
            Fr::zero(),
            v1.val,
            rd_old.val,
            sys.pre_cycles.val,
            sys.pre_a0.val,
            sys.pre_a1.val,
        ],
        true,
        &halt.add(&sys.pre),
    )?;
    let g2a2 = s.mul_bus(&b.g[2], &v2)?;
    let g3a3 = s.mul_bus(&b.g[2], &ga3)?;
    b.emit(
        s,
        Tag::PreArgs,
        clk,
        &ga1.add(&g2a2).add(&g3a3),
        [Fr::zero(), a1.val, v2.val, a3.val, Fr::zero(), Fr::zero()],
        true,
        &sys.pre,
    )?;

    // ---- journal / tape tuples of the transfer's bytes
    s.comp = "transfer";
    io_tuples(s, b, st, &xf)?;

    // ---- next pc: the ROM decides which target; the next slot's fetch binds it to the ROM
    s.comp = "pc";
    let cond = s
        .mul(&fg(flag::C_EQ), &eqz)?
        .add(&s.mul(&fg(flag::C_LTS), &lt_s)?)
        .add(&s.mul(&fg(flag::C_LTU), &lt_u)?);
    let taken = cond
        .add(&fg(flag::C_INV))
        .sub(&s.mul(&fg(flag::C_INV), &cond)?.scale(f(2)));
    let jump = s.mul(&taken.add(&fg(flag::JAL)), &imm.sub(&pc4))?;
    let jr = s.mul(&fg(flag::JALR), &r.sub(&o0).sub(&pc4))?;
    // A continuation slot is not an instruction: the pc stays (the ecall already advanced it).
    let pc_next = st
        .pc
        .add(&active.sub(&cont).scale(f(4)))
        .add(&jump)
        .add(&jr);

    // ---- state: cycles, counters and the pending transfer
    s.comp = "transfer";
    // Instructions cost 1, a transfer syscall adds ⌈len/4⌉ (charged at its ecall).
    st.cycles = st.cycles.add(&active).sub(&cont).add(&sys.cost);
    st.jpos = st.jpos.add(&xf.n_commit);
    st.cur = st.cur.add(&xf.n_read);
    st.ptr = cp.add(&xf.n).add(&sys.ptr);
    st.left = st.left.sub(&xf.n).add(&sys.len);
    // Kinds: kept while the transfer goes on (F = 1 − fin in a continuation slot), set by
    // an ecall with a non-zero length (F = 1 − [len = 0] there, since fin = 1).
    let keep = V::constant(f(2)).sub(&xf.fin).sub(&sys.len_zero);
    st.kc = s.mul(&st.kc.add(&sys.commit), &keep)?;
    st.kr = s.mul(&st.kr.add(&sys.read), &keep)?;
    st.kw = s.mul(&st.kw.add(&sys.write), &keep)?;
    st.pc = pc_next;
    st.prev_active = active;
    st.prev_halt = halt;
    Ok(())
}

// The step picks a journal/tape tuple's tag as `Journal + kr`.
const _: () = assert!(Tag::Tape as u64 == Tag::Journal as u64 + 1);

/// The a1 register (`x11`): an ecall's second argument and second result.
const A1: u64 = 11;
/// The a3 register (`x13`): a precompile's fourth argument.
const A3: u64 = 13;

/// What the syscall decoder hands to the rest of the slot.
struct Sys {
    /// The ecall's first result (0 outside ecalls), written to a0 through rd.
    a0: V,
    /// The value written back to a1 (a1 itself outside ecalls).
    a1: V,
    /// A precompile call (its tuples go on the bus for its circuit kind).
    pre: V,
    /// A precompile call's results and extra cycles (zero elsewhere).
    pre_a0: V,
    pre_a1: V,
    pre_cycles: V,
    /// Selectors of the transfer syscalls.
    commit: V,
    read: V,
    write: V,
    /// Extra cycles charged: ⌈len/4⌉ of a transfer, 0 otherwise.
    cost: V,
    /// Start address and length of the transfer the ecall begins (0 otherwise).
    ptr: V,
    len: V,
    /// `[len = 0]`.
    len_zero: V,
}

/// Decode an `ecall`'s id into one-hot selectors and compute every built-in system call's
/// results, its transfer and its cycle cost. Runs on every slot (uniform); outside an ecall
/// every selector is zero, so every product below is.
#[allow(clippy::too_many_arguments)]
fn syscalls(
    s: &mut Synth,
    b: &mut Bus,
    st: &SlotState,
    ecall: &V,
    halt: &V,
    id: &V,
    a2: &V,
    a0: &V,
    a1: &V,
    active: &V,
    w: &SlotWitness,
) -> Result<Sys, SynthesisError> {
    use umbra_abi::syscall::{COMMIT, CYCLE_COUNT, PRIVATE_REMAINING, READ_PRIVATE, WRITE};
    s.comp = "syscall";
    let one = V::constant(Fr::one());
    let is_ecall = ecall.val == Fr::one();
    let idn = crate::bus::small(id.val);
    let ids = [WRITE, READ_PRIVATE, PRIVATE_REMAINING, COMMIT, CYCLE_COUNT];
    let mut sel = Vec::with_capacity(ids.len());
    for &k in &ids {
        let x = s.witness(bit(is_ecall && idn == Some(u64::from(k))))?;
        s.boolean(&x)?;
        sel.push(x);
    }
    // Any other non-zero id is a precompile call (the VM faults on undefined ids, and no
    // circuit consumes a tuple with an undefined id, so claiming one never balances).
    let builtin = idn.is_some_and(|x| x <= u64::from(CYCLE_COUNT));
    let pre = s.witness(bit(is_ecall && !builtin))?;
    s.boolean(&pre)?;
    // Exactly one of halt, the five calls and "precompile" per ecall, none elsewhere.
    let mut any = halt.add(&pre);
    let mut idsum = V::zero();
    for (x, &k) in sel.iter().zip(&ids) {
        any = any.plus(x);
        idsum = idsum.plus(&x.scale(f(u64::from(k))));
    }
    s.equal(&any, ecall)?;
    // A built-in call's selector matches t0 (halt: t0 = 0 = the empty sum).
    s.enforce(&id.sub(&idsum), &ecall.sub(&pre), &V::zero())?;
    let (sw, sr, srem, sc, scyc) = (&sel[0], &sel[1], &sel[2], &sel[3], &sel[4]);

    // read_private: n = min(cap, rem) with cap = a1, rem = tot − cur. mr = [rem ≤ cap];
    // δ = rem − cap − 1 (mr = 0) or cap − rem (mr = 1) is in [0, 2³²) only for the right mr.
    let rem = st.tot.sub(&st.cur);
    let (remn, capn) = (low_bits(rem.val), low_bits(a1.val));
    let mr = s.witness(bit(remn <= capn))?;
    s.boolean(&mr)?;
    let pmr = s.mul(&mr, &rem.sub(a1))?;
    let n_read = a1.add(&pmr);
    let delta = rem
        .sub(a1)
        .add_const(-Fr::one())
        .sub(&pmr.scale(f(2)))
        .add(&mr);
    b.r32(s, &delta, active)?;

    // write: fd ∈ {1, 2} (stdout, stderr) and len ≤ MAX_WRITE = 2²⁰:
    // (2²⁰ − len)·2¹¹ ∈ [0, 2³²) exactly when len ≤ 2²⁰.
    let w_len = s.mul(sw, a2)?;
    let fd = s.mul(&a0.add_const(-f(1)), &a0.add_const(-f(2)))?;
    s.enforce(sw, &fd, &V::zero())?;
    const _: () = assert!(umbra_abi::limits::MAX_WRITE == 1 << 20);
    b.r32(
        s,
        &V::constant(pow2(20)).sub(&w_len).scale(pow2(11)),
        active,
    )?;
    let r_len = s.mul(sr, &n_read)?;
    let c_len = s.mul(sc, a1)?;
    let len = w_len.add(&r_len).add(&c_len);

    // cycle_count returns the cycles including this ecall: cycles + 1 = lo + 2³²·hi.
    let cyc1 = st.cycles.add_const(Fr::one());
    let lo = s.witness(f(low_bits(cyc1.val) & 0xffff_ffff))?;
    b.r32(s, &lo, active)?;
    let hi = cyc1.sub(&lo).scale(inv_pow2(32));
    b.r32(s, &hi, active)?;

    // A precompile's results and extra cycles: free here (zero outside its ecall), bound by
    // its circuit kind through the Syscall tuple. Each kind writes only 32-bit results and
    // a small cycle count, so registers keep holding 32-bit words.
    let not_pre = one.sub(&pre);
    let pre_a0 = s.witness(f(w.pre_ret[0].into()))?;
    let pre_a1 = s.witness(f(w.pre_ret[1].into()))?;
    let pre_cycles = s.witness(f(w.pre_cycles))?;
    for x in [&pre_a0, &pre_a1, &pre_cycles] {
        s.enforce(x, &not_pre, &V::zero())?;
    }

    // Results. halt leaves a0/a1 as they are.
    let k_a0 = s.mul(halt, a0)?;
    let r_rem = s.mul(srem, &rem)?;
    let c_lo = s.mul(scyc, &lo)?;
    let a0_new = k_a0
        .add(&w_len)
        .add(&r_len)
        .add(&r_rem)
        .add(&c_lo)
        .add(&pre_a0);
    let k_a1 = s.mul(&one.sub(ecall).add(halt), a1)?;
    let c_hi = s.mul(scyc, &hi)?;
    let a1_new = k_a1.add(&c_hi).add(&pre_a1);

    // The transfer's start: commit/read_private take a0, write takes a1.
    let p0 = s.mul(&sc.add(sr), a0)?;
    let p1 = s.mul(sw, a1)?;

    // Cost ⌈len/4⌉ = (len + e)/4 with e ∈ [0, 4) (2¹⁴·e in the 16-bit table) and the
    // quotient range-checked: only the e making len + e divisible by 4 leaves an integer.
    let lenn = low_bits(len.val);
    let e = s.witness(f((4 - lenn % 4) % 4))?;
    b.r16(s, &e.scale(pow2(14)), active)?;
    let cost = len.add(&e).scale(inv_pow2(2));
    b.r32(s, &cost, active)?;
    let len_zero = is_zero(s, &len)?;
    Ok(Sys {
        a0: a0_new,
        a1: a1_new,
        pre,
        pre_a0,
        pre_a1,
        pre_cycles: pre_cycles.clone(),
        commit: sc.clone(),
        read: sr.clone(),
        write: sw.clone(),
        cost: cost.add(&pre_cycles),
        ptr: p0.add(&p1),
        len,
        len_zero,
    })
}

/// What a continuation slot moved.
struct Xfer {
    /// Bytes moved (0 outside continuation slots).
    n: V,
    /// `[left = n]`: the transfer ends in this slot (1 outside continuation slots).
    fin: V,
    /// Per byte j: moved to the journal / from the tape.
    gc: Vec<V>,
    gr: Vec<V>,
    /// Σ gc, Σ gr.
    n_commit: V,
    n_read: V,
    /// Offsets of the moved bytes within the transfer's chunk: off_j = Σ_{i<j} moved_i.
    off: Vec<V>,
    /// The bytes after the slot (the tape's for moved bytes of a read, else the old ones).
    d: Vec<V>,
    /// new word − old word.
    delta: V,
}

/// A continuation slot's byte masks: byte j of the word at ptr moves iff o ≤ j < e, with
/// o = ptr & 3 (the adder's o0, o1) and e = 1 + b1 + b2 + b3 (b monotone, all 1 unless the
/// transfer ends here, where e = o + left).
#[allow(clippy::too_many_arguments)]
fn transfer(
    s: &mut Synth,
    b: &mut Bus,
    st: &SlotState,
    w: &SlotWitness,
    cont: &V,
    o0: &V,
    o1: &V,
    e3: &V,
    sel0: &V,
    m: &[V],
    active: &V,
) -> Result<Xfer, SynthesisError> {
    let one = V::constant(Fr::one());
    let is_cont = cont.val == Fr::one();
    let o = low_bits(o0.val) + 2 * low_bits(o1.val);
    let left = low_bits(st.left.val);
    let end = if !is_cont {
        0
    } else if left <= 4u64.saturating_sub(o) {
        o + left
    } else {
        4
    };
    let mut bs = vec![cont.clone()];
    for j in 1..4u64 {
        let x = s.witness(bit(is_cont && end > j))?;
        s.boolean(&x)?;
        bs.push(x);
    }
    s.enforce(&bs[2], &one.sub(&bs[1]), &V::zero())?;
    s.enforce(&bs[3], &one.sub(&bs[2]), &V::zero())?;
    s.enforce(&bs[1], &one.sub(cont), &V::zero())?;
    // j ≥ o: byte 0 iff o = 0, byte 1 iff o ≤ 1, byte 2 iff o ≠ 3, byte 3 always.
    let mask = [
        s.mul(cont, sel0)?,
        s.mul(&one.sub(o1), &bs[1])?,
        s.mul(&one.sub(e3), &bs[2])?,
        bs[3].clone(),
    ];
    let n = V::sum(&[
        (Fr::one(), &mask[0]),
        (Fr::one(), &mask[1]),
        (Fr::one(), &mask[2]),
        (Fr::one(), &mask[3]),
    ]);
    let rest = st.left.sub(&n);
    let fin = is_zero(s, &rest)?;
    // Not the last chunk: it runs to the word's end (so n ≥ 1 whenever left ≥ 1) ...
    s.enforce(
        &one.sub(&fin),
        &V::constant(f(3)).sub(&bs[1]).sub(&bs[2]).sub(&bs[3]),
        &V::zero(),
    )?;
    // ... and never past the transfer's end.
    b.r32(s, &rest, active)?;
    let mut gc = Vec::with_capacity(4);
    let mut gr = Vec::with_capacity(4);
    let mut d = Vec::with_capacity(4);
    let mut off = Vec::with_capacity(4);
    let mut acc = V::zero();
    let mut delta = V::zero();
    let (mut n_commit, mut n_read) = (V::zero(), V::zero());
    for j in 0..4 {
        off.push(acc.clone());
        acc = acc.plus(&mask[j]);
        let c = s.mul(&mask[j], &st.kc)?;
        let r = s.mul(&mask[j], &st.kr)?;
        let x = s.witness(f(u64::from(w.io >> (8 * j) & 0xff)))?;
        b.r16(s, &x.scale(f(256)), active)?;
        // Only a read's moved bytes change; everything else keeps the old byte.
        s.enforce(&x.sub(&m[j]), &one.sub(&r), &V::zero())?;
        delta = delta.plus(&x.sub(&m[j]).scale(pow2(8 * j as u32)));
        n_commit = n_commit.plus(&c);
        n_read = n_read.plus(&r);
        gc.push(c);
        gr.push(r);
        d.push(x);
    }
    Ok(Xfer {
        n,
        fin,
        gc,
        gr,
        n_commit,
        n_read,
        off,
        d,
        delta,
    })
}

/// The journal (commit) or tape (read_private) tuple of each moved byte:
/// `(position, byte)` with tag `Journal + kr`, position `jpos + off` or `cur + off`.
fn io_tuples(s: &mut Synth, b: &mut Bus, st: &SlotState, xf: &Xfer) -> Result<(), SynthesisError> {
    let base = s.mul(&st.kc, &st.jpos)?.add(&s.mul(&st.kr, &st.cur)?);
    let g6kr = s.mul_bus(&b.g[6], &st.kr)?;
    let tape = st.kr.val == Fr::one();
    for j in 0..4 {
        let pos = base.add(&xf.off[j]);
        let gd = s.mul_bus(&b.g[1], &xf.d[j])?;
        b.emit(
            s,
            Tag::Journal,
            &pos,
            &gd.add(&g6kr),
            [
                Fr::zero(),
                xf.d[j].val,
                Fr::zero(),
                Fr::zero(),
                Fr::zero(),
                Fr::zero(),
            ],
            true,
            &xf.gc[j].add(&xf.gr[j]),
        )?;
        if tape && let Some(t) = b.log.last_mut() {
            t.tag = Tag::Tape;
        }
    }
    Ok(())
}

/// The top bit of a byte `x` (already bounded by a table): `x = 128·t + l`, `l < 128`.
fn sign_of_byte(s: &mut Synth, b: &mut Bus, x: &V, gate: &V) -> Result<V, SynthesisError> {
    let t = s.witness(f(low_bits(x.val) >> 7 & 1))?;
    s.boolean(&t)?;
    b.r16(s, &x.sub(&t.scale(f(128))).scale(f(512)), gate)?;
    Ok(t)
}

/// A field element read as a signed integer of magnitude below 2^100 (values in the circuit
/// are below 2^66 in magnitude when the witness is honest; anything else is truncated, which
/// only makes a dishonest witness fail its rows).
fn signed_val(x: Fr) -> i128 {
    let big = x.into_bigint();
    let limbs = big.as_ref();
    if limbs[2] == 0 && limbs[3] == 0 && limbs[1] < 1 << 36 {
        (i128::from(limbs[1]) << 64) | i128::from(limbs[0])
    } else {
        let n = (-x).into_bigint();
        let l = n.as_ref();
        -((i128::from(l[1] & ((1 << 36) - 1)) << 64) | i128::from(l[0]))
    }
}

fn e_bit(x: &V) -> bool {
    x.val == Fr::one()
}
