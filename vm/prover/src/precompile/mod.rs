//! Precompile calls and the circuit kinds that prove them (issue #15).
//!
//! A precompile `ecall` is proved by two parties on the one bus:
//!
//! * the **CPU slot** of the `ecall` reads `t0` (id), `a0`, `a1`, `a2`, `a3`, writes the
//!   results to `a0`/`a1`, charges the call's cycles, and emits (multiplicity −1)
//!   * `Syscall`: [`syscall_fields`] = `(clk, id, a0, extra cycles, a0 after, a1 after)`,
//!   * `PreArgs`: [`args_fields`] = `(clk, a1, a2, a3, 0, 0)`;
//!
//!   its results and cost are free witnesses of the slot, bound only through these tuples;
//! * the precompile's **circuit kind** (a step of its own in the non-uniform folding)
//!   consumes both tuples (multiplicity +1) with the values its own circuit computes, and
//!   reads and writes every guest-memory word of the call on the memory bus at the
//!   timestamp [`access_ts`] (the RAM lane of the `ecall` slot, which no CPU access uses:
//!   an `ecall` slot does not load or store), each word once, with the page-permission
//!   lookups the host's checks imply.
//!
//! So the call's arguments, results, cycle cost and memory effect are fixed by the kind's
//! circuit and matched to the one `ecall` that emitted them by `clk`: a dropped, duplicated,
//! altered or misrouted call leaves the bus unbalanced.

use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::bus::Tuple;
use crate::params::{
    KIND_BIP340, KIND_ED25519, KIND_FELDMAN, KIND_KECCAK, KIND_PEDERSEN, KIND_PEDERSEN_SECP256K1,
    KIND_POSEIDON, KIND_SHA256, KIND_SIGSHARE, KIND_TABLES,
};
use crate::step::{NativeStep, StepError};
use crate::synth::{Synth, V};
use crate::two_phase;

pub mod batch;
pub mod bip340;
pub mod ed25519;
mod emulated;
pub mod feldman;
mod gadgets;
pub mod keccak;
pub mod pedersen;
pub mod pedersen_secp256k1;
pub mod poseidon;
mod sha2;
pub mod sha256_block;
pub mod sigshare;

/// One aligned guest-memory word a precompile call accessed: read `old` (last written at
/// `t_prev`), wrote `new` (`new = old` for a word the call only reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WordAccess {
    /// 4-aligned byte address.
    pub addr: u32,
    /// The word before the call.
    pub old: u32,
    /// Timestamp of the word's previous write (0: the initial image).
    pub t_prev: u64,
    /// The word after the call.
    pub new: u32,
}

/// One precompile call as the witness generator saw it: what its circuit kind proves.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PrecompileCall {
    /// pc of the `ecall`.
    pub pc: u32,
    /// The `ecall` slot's clock.
    pub clk: u64,
    /// Syscall id (`t0`).
    pub id: u32,
    /// `a0..a3` at the call.
    pub args: [u32; 4],
    /// `a0`, `a1` after the call.
    pub ret: [u32; 2],
    /// Cycles charged beyond the `ecall` instruction's own one.
    pub extra_cycles: u64,
    /// Every aligned word the call read or wrote, by increasing address, each once.
    pub words: Vec<WordAccess>,
}

/// The timestamp of a precompile call's reads of words it does not write: `4·clk + 2`, the
/// RAM lane of its `ecall` slot (that slot's own accesses are at `4·clk + j`, `j ≠ 2` for
/// registers other than `a1`/`a3`, and it makes no RAM access).
pub const fn access_ts(clk: u64) -> u64 {
    4 * clk + 2
}

/// The timestamp of a precompile call's writes: `4·clk + 3`, after its reads (a call may
/// write over its own input, which it read at [`access_ts`]). No CPU access touches a RAM
/// word at `4·clk + 3` (the slot's register write there is a `Reg` cell), and the next
/// slot's accesses are at `4·(clk + 1)` and later.
pub const fn write_ts(clk: u64) -> u64 {
    4 * clk + 3
}

/// Whether the call `id` with `args` reads the aligned word at `addr` at [`write_ts`]
/// rather than [`access_ts`]: a signature precompile reads its message after its key block
/// (so a word in both is read twice, in order), and the word's last access is then the
/// later one. `bip340_verify`'s and `ed25519_verify`'s message `[a1, a1 + a2)`; `tecdsa_feldman_verify`'s share
/// block `[a2, a2 + 36)`, read after the commitments.
pub fn reads_late(id: u32, args: [u32; 4], addr: u32) -> bool {
    let (ptr, len) = match id {
        umbra_abi::syscall::BIP340_VERIFY | umbra_abi::syscall::ED25519_VERIFY => {
            (args[1], args[2])
        }
        umbra_abi::syscall::TECDSA_FELDMAN_VERIFY => (args[2], feldman::SHARE as u32),
        umbra_abi::syscall::TECDSA_SIGSHARE_VERIFY => (args[0], sigshare::HEADER as u32),
        _ => return false,
    };
    len > 0 && addr >= ptr & !3 && u64::from(addr) < u64::from(ptr) + u64::from(len)
}

/// The words of a verification call's record by address, checked to be what a call that
/// only reads makes: each listed once and left as it was.
///
/// # Errors
/// [`KindError::Malformed`] (named `name`) for a word listed twice or a word changed.
pub(crate) fn read_only_words(
    call: &PrecompileCall,
    name: &'static str,
) -> Result<std::collections::BTreeMap<u32, WordAccess>, KindError> {
    let malformed = |what| KindError::Malformed { name, what };
    let words: std::collections::BTreeMap<u32, WordAccess> =
        call.words.iter().map(|w| (w.addr, *w)).collect();
    if words.len() != call.words.len() {
        return Err(malformed("a word listed twice"));
    }
    if call.words.iter().any(|w| w.new != w.old) {
        return Err(malformed("the call changed a word"));
    }
    Ok(words)
}

/// The record helpers' view of a verification call that reads the byte buffers
/// `(start, bytes)`: every aligned word they touch, last written at `t_prev` and left as it
/// was (the words' other bytes 0). `None` when two buffers disagree where they overlap or
/// one leaves the address space.
pub(crate) fn read_only_accesses(buffers: &[(u32, &[u8])], t_prev: u64) -> Option<Vec<WordAccess>> {
    let mut bytes: std::collections::BTreeMap<u32, u8> = std::collections::BTreeMap::new();
    for &(start, data) in buffers {
        for (k, &b) in data.iter().enumerate() {
            let a = start.checked_add(u32::try_from(k).ok()?)?;
            if *bytes.entry(a).or_insert(b) != b {
                return None;
            }
        }
    }
    let mut words: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
    for (a, b) in bytes {
        *words.entry(a & !3).or_insert(0) |= u32::from(b) << (8 * (a & 3));
    }
    Some(
        words
            .into_iter()
            .map(|(addr, v)| WordAccess {
                addr,
                old: v,
                t_prev,
                new: v,
            })
            .collect(),
    )
}

/// The `N` word slots of a `len`-byte input at `ptr` (any alignment: the words its bytes
/// touch, none when `len = 0`; the spare slots left default) from a record's `words`, each
/// word's address added to `used`.
///
/// # Errors
/// [`KindError::Malformed`] (named `name`) for a word missing from the record or an input
/// past the address space.
pub(crate) fn input_slots<const N: usize>(
    words: &std::collections::BTreeMap<u32, WordAccess>,
    (ptr, len): (u32, usize),
    used: &mut std::collections::BTreeSet<u32>,
    name: &'static str,
) -> Result<[gadgets::Slot; N], KindError> {
    let malformed = |what| KindError::Malformed { name, what };
    let mut slots = [gadgets::Slot::default(); N];
    let n = if len == 0 {
        0
    } else {
        ((ptr & 3) as usize + len).div_ceil(4)
    };
    let base = ptr & !3;
    for (i, slot) in slots.iter_mut().enumerate().take(n) {
        let a = base
            .checked_add(4 * i as u32)
            .ok_or(malformed("input past the address space"))?;
        let acc = words.get(&a).ok_or(malformed("an input word is missing"))?;
        *slot = gadgets::Slot {
            word: acc.old,
            t_prev: acc.t_prev,
        };
        used.insert(a);
    }
    Ok(slots)
}

/// `a0`, `a1` after a verification precompile with outcome `r` (verdict, reason code).
pub(crate) fn verdict_regs(r: Result<(), umbra_abi::Reason>) -> [u32; 2] {
    match r {
        Ok(()) => [umbra_abi::VERDICT_VALID, umbra_abi::Reason::Ok.code()],
        Err(r) => [umbra_abi::VERDICT_INVALID, r.code()],
    }
}

/// The `Syscall` tuple of a precompile call: `(clk, id, a0, extra cycles, a0 after,
/// a1 after)`. A `halt` emits the same tag with `(clk, 0, exit code, 0, 0, 0)`.
pub fn syscall_fields(call: &PrecompileCall) -> [Fr; 6] {
    [
        Fr::from(call.clk),
        Fr::from(call.id),
        Fr::from(call.args[0]),
        Fr::from(call.extra_cycles),
        Fr::from(call.ret[0]),
        Fr::from(call.ret[1]),
    ]
}

/// The `PreArgs` tuple of a precompile call: `(clk, a1, a2, a3, 0, 0)`.
pub fn args_fields(call: &PrecompileCall) -> [Fr; 6] {
    [
        Fr::from(call.clk),
        Fr::from(call.args[1]),
        Fr::from(call.args[2]),
        Fr::from(call.args[3]),
        Fr::from(0u64),
        Fr::from(0u64),
    ]
}

/// Why a precompile call record cannot be turned into a step of its circuit kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KindError {
    /// The call is another syscall's: its id is not the kind's.
    WrongId {
        /// The kind's syscall id.
        expected: u32,
        /// The record's.
        got: u32,
    },
    /// A valid call of a variant the kind has no circuit for (e.g. `poseidon_permute` over
    /// BLS12-381, or a width other than 3): the prover refuses the execution, naming the
    /// precompile and the argument.
    Unsupported {
        /// The precompile's ABI name.
        name: &'static str,
        /// The argument register that selects the variant (`a<arg>`).
        arg: u8,
        /// Its value.
        value: u32,
    },
    /// The record is not one an honest execution produces for a call the host completes
    /// (the VM would have faulted, or the record's words, results or cycles disagree with
    /// its arguments): no step of the kind can consume its tuples.
    Malformed {
        /// The precompile's ABI name.
        name: &'static str,
        /// What is wrong.
        what: &'static str,
    },
}

impl core::fmt::Display for KindError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::WrongId { expected, got } => write!(
                f,
                "syscall id {got:#x} given to the circuit kind of id {expected:#x}"
            ),
            Self::Unsupported { name, arg, value } => write!(
                f,
                "{name} with a{arg} = {value} has no circuit kind yet (not provable)"
            ),
            Self::Malformed { name, what } => write!(f, "malformed {name} call record: {what}"),
        }
    }
}

impl std::error::Error for KindError {}

/// One step of a circuit kind other than the CPU's: a precompile kind's, or the fixed
/// tables' fold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindStep {
    /// Up to [`poseidon::BATCH`] `poseidon_permute` calls (kind [`KIND_POSEIDON`]).
    Poseidon(poseidon::PoseidonBatch),
    /// One block of a `sha3_256` / `keccak256` call (kind [`KIND_KECCAK`]).
    Keccak(Box<keccak::KeccakStep>),
    /// Up to [`pedersen::BATCH`] `pedersen_commit` calls over Grumpkin (kind
    /// [`KIND_PEDERSEN`]).
    Pedersen(pedersen::PedersenBatch),
    /// One `pedersen_commit` call over secp256k1 (kind [`KIND_PEDERSEN_SECP256K1`]).
    PedersenSecp256k1(pedersen_secp256k1::Secp256k1Batch),
    /// One `bip340_verify` call (kind [`KIND_BIP340`]).
    Bip340(bip340::Bip340Batch),
    /// Up to [`sha256_block::BATCH`] 64-byte blocks of `bip340_verify` messages (kind
    /// [`KIND_SHA256`]).
    Sha256(sha256_block::Sha256Batch),
    /// One segment (eight commitments) of a `tecdsa_feldman_verify` call (kind
    /// [`KIND_FELDMAN`]).
    Feldman(feldman::FeldmanBatch),
    /// One entry of a `tecdsa_sigshare_verify` call (kind [`KIND_SIGSHARE`]).
    SigShare(sigshare::SigShareBatch),
    /// One `ed25519_verify` call (kind [`KIND_ED25519`]).
    Ed25519(ed25519::Ed25519Batch),
    /// The fixed lookup tables' side of the bus (kind [`KIND_TABLES`]; no call makes it).
    Tables(Box<crate::tables::TablesStep>),
}

impl KindStep {
    /// The steps proving `call`, in fold order, or why it cannot be proved (`Ok(None)`: no
    /// kind proves this precompile yet). `page_perm` is the verifier's page table.
    ///
    /// # Errors
    /// The kind's [`KindError`].
    pub fn for_call(
        call: &PrecompileCall,
        page_perm: &dyn Fn(u32) -> Option<u8>,
    ) -> Result<Option<Vec<Self>>, KindError> {
        use umbra_abi::syscall::{
            BIP340_VERIFY, ED25519_VERIFY, KECCAK_256, PEDERSEN_COMMIT, POSEIDON_PERMUTE, SHA3_256,
            TECDSA_FELDMAN_VERIFY, TECDSA_SIGSHARE_VERIFY,
        };
        Ok(Some(match call.id {
            ED25519_VERIFY => vec![Self::Ed25519(ed25519::Ed25519Batch::one(
                ed25519::Ed25519Call::new(call, page_perm)?,
            ))],
            TECDSA_SIGSHARE_VERIFY => sigshare::SigShareCall::for_call(call, page_perm)?
                .into_iter()
                .map(|e| Self::SigShare(sigshare::SigShareBatch::one(e)))
                .collect(),
            TECDSA_FELDMAN_VERIFY => feldman::FeldmanCall::for_call(call, page_perm)?
                .into_iter()
                .map(|seg| Self::Feldman(feldman::FeldmanBatch::one(seg)))
                .collect(),
            BIP340_VERIFY => {
                let (fold, blocks) = bip340::Bip340Call::new(call, page_perm)?;
                std::iter::once(Self::Bip340(bip340::Bip340Batch::one(fold)))
                    .chain(
                        blocks
                            .into_iter()
                            .map(|b| Self::Sha256(sha256_block::Sha256Batch::one(b))),
                    )
                    .collect()
            }
            POSEIDON_PERMUTE => vec![Self::Poseidon(poseidon::PoseidonBatch::one(
                poseidon::PoseidonStep::new(call)?,
            ))],
            SHA3_256 | KECCAK_256 => keccak::KeccakStep::for_call(call, page_perm)?
                .into_iter()
                .map(|s| Self::Keccak(Box::new(s)))
                .collect(),
            PEDERSEN_COMMIT => {
                let step = pedersen::PedersenStep::new(call, page_perm)?;
                vec![match step.group() {
                    umbra_abi::PedersenGroup::Secp256k1 => {
                        Self::PedersenSecp256k1(pedersen_secp256k1::Secp256k1Batch::one(
                            pedersen_secp256k1::Secp256k1Call(step),
                        ))
                    }
                    _ => Self::Pedersen(pedersen::PedersenBatch::one(step)),
                }]
            }
            _ => return Ok(None),
        }))
    }

    /// Fold `other` into this step when both are batches of one kind with room for
    /// both; otherwise `other` comes back (kinds that do not batch always refuse).
    ///
    /// # Errors
    /// `other`, unchanged, when it cannot join this step.
    pub fn merge(&mut self, other: Self) -> Result<(), Self> {
        match (self, other) {
            (Self::Poseidon(a), Self::Poseidon(b)) => a.merge(b).map_err(Self::Poseidon),
            (Self::Pedersen(a), Self::Pedersen(b)) => a.merge(b).map_err(Self::Pedersen),
            (Self::Sha256(a), Self::Sha256(b)) => a.merge(b).map_err(Self::Sha256),
            (_, other) => Err(other),
        }
    }

    /// Whether the step is a batch with no room left (kinds that do not batch: always).
    pub fn is_full(&self) -> bool {
        match self {
            Self::Poseidon(b) => b.is_full(),
            Self::Pedersen(b) => b.is_full(),
            Self::Sha256(b) => b.is_full(),
            Self::Keccak(_)
            | Self::PedersenSecp256k1(_)
            | Self::Bip340(_)
            | Self::Feldman(_)
            | Self::SigShare(_)
            | Self::Ed25519(_)
            | Self::Tables(_) => true,
        }
    }

    /// The kind index of the step.
    pub fn kind(&self) -> u64 {
        match self {
            Self::Poseidon(_) => KIND_POSEIDON,
            Self::Keccak(_) => KIND_KECCAK,
            Self::Pedersen(_) => KIND_PEDERSEN,
            Self::PedersenSecp256k1(_) => KIND_PEDERSEN_SECP256K1,
            Self::Bip340(_) => KIND_BIP340,
            Self::Sha256(_) => KIND_SHA256,
            Self::Feldman(_) => KIND_FELDMAN,
            Self::SigShare(_) => KIND_SIGSHARE,
            Self::Ed25519(_) => KIND_ED25519,
            Self::Tables(_) => KIND_TABLES,
        }
    }

    /// Number of phase-1 (advice) witness variables.
    pub fn advice_len(&self) -> usize {
        two_phase::advice_len(self)
    }

    /// [`KindStep::eval_native`] and [`KindStep::advice_values`] from one native run (what
    /// the prover's first pass uses).
    ///
    /// # Errors
    /// As [`KindStep::eval_native`].
    pub fn eval_native_with_advice(&self, z: &[Fr]) -> Result<(NativeStep, Vec<Fr>), StepError> {
        two_phase::eval_native_with_advice(self, z)
    }

    /// The phase-1 advice block on `z`, natively.
    ///
    /// # Errors
    /// [`StepError::Arity`] unless `z` has [`crate::step::ARITY`] elements.
    pub fn advice_values(&self, z: &[Fr]) -> Result<Vec<Fr>, StepError> {
        two_phase::advice_values(self, z)
    }

    /// Constraints of the step on `z_i`, returning `z_{i+1}` (advice block first).
    pub fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        two_phase::constraints(self, cs, z)
    }

    /// The step natively on `z`: output state, bus tuples, violated components.
    ///
    /// # Errors
    /// [`StepError::Arity`] unless `z` has [`crate::step::ARITY`] elements.
    pub fn eval_native(&self, z: &[Fr]) -> Result<NativeStep, StepError> {
        two_phase::eval_native(self, z)
    }
}

impl two_phase::Circuit for KindStep {
    fn synthesize(&self, s: &mut Synth, z: &[V]) -> Result<(Vec<V>, Vec<Tuple>), SynthesisError> {
        match self {
            Self::Poseidon(p) => p.synthesize(s, z),
            Self::Keccak(k) => k.synthesize(s, z),
            Self::Pedersen(p) => p.synthesize(s, z),
            Self::PedersenSecp256k1(p) => p.synthesize(s, z),
            Self::Bip340(p) => p.synthesize(s, z),
            Self::Sha256(p) => p.synthesize(s, z),
            Self::Feldman(p) => p.synthesize(s, z),
            Self::SigShare(p) => p.synthesize(s, z),
            Self::Ed25519(p) => p.synthesize(s, z),
            Self::Tables(t) => t.synthesize(s, z),
        }
    }
}

/// Kind steps waiting for their batch to fill before they are folded: one partial batch
/// per batching kind. Where a kind's fold sits in the fold sequence does not matter (a kind
/// step passes the state through and only adds its tuples to a multiset), so calls made by
/// different CPU steps share a fold.
#[derive(Debug, Default)]
pub struct Batcher(Vec<KindStep>);

impl Batcher {
    /// Take `step`; returns what to fold now: a batch that became full, or the step itself
    /// when its kind does not batch.
    pub fn add(&mut self, step: KindStep) -> Vec<KindStep> {
        let mut out = Vec::new();
        let mut step = step;
        if let Some(i) = self.0.iter().position(|p| p.kind() == step.kind()) {
            match self.0[i].merge(step) {
                Ok(()) => {
                    if self.0[i].is_full() {
                        out.push(self.0.remove(i));
                    }
                    return out;
                }
                Err(back) => {
                    out.push(self.0.remove(i));
                    step = back;
                }
            }
        }
        if step.is_full() {
            out.push(step);
        } else {
            self.0.push(step);
        }
        out
    }

    /// The partial batches left, in kind order: folded after the last CPU step.
    pub fn finish(mut self) -> Vec<KindStep> {
        self.0.sort_by_key(KindStep::kind);
        self.0
    }
}
