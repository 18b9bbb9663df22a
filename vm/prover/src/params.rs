//! What prover and verifier share: the CPU step as the folding engine's step kind, the public
//! parameters built from it, and the Fiat–Shamir derivation of the bus challenges.

use std::cell::{Cell, RefCell};

use ark_bn254::Fr;
use ark_ff::PrimeField;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_serialize::CanonicalSerialize;
use sha3::{Digest, Sha3_512};
use umbra_folding::StepCircuit;
use umbra_folding::nivc::{NivcParams, NonUniformStep};

use crate::precompile::KindStep;
use crate::precompile::bip340::Bip340Batch;
use crate::precompile::ed25519::Ed25519Batch;
use crate::precompile::feldman::FeldmanBatch;
use crate::precompile::keccak::KeccakStep;
use crate::precompile::pedersen::PedersenBatch;
use crate::precompile::pedersen_secp256k1::Secp256k1Batch;
use crate::precompile::poseidon::PoseidonBatch;
use crate::precompile::sha256_block::Sha256Batch;
use crate::precompile::sigshare::SigShareBatch;
use crate::step::{ARITY, CpuStep, StepWitness};
use crate::tables::TablesStep;
use crate::two_phase;

/// Instructions per fold of the `umbra` command's proofs.
pub const DEFAULT_K: usize = 256;

/// Largest `k` a verifier accepts (the setup work grows with it).
pub const MAX_K: usize = 1024;

/// Positions of `γ, α` in the CPU step's state `z`.
pub const CHALLENGE_POSITIONS: [usize; 2] = [4, 5];

/// The CPU step as a folding step kind: it proves the witness set with [`CpuKind::set`]
/// (the all-padding shape step when none is set, which is what setup synthesises).
#[derive(Debug)]
pub struct CpuKind {
    k: usize,
    advice_len: usize,
    current: RefCell<Option<StepWitness>>,
    next: Cell<u64>,
}

impl CpuKind {
    /// The kind of steps of `k` instructions.
    pub fn new(k: usize) -> Self {
        let k = k.max(1);
        Self {
            k,
            advice_len: CpuStep::shape(k).advice_len(),
            current: RefCell::new(None),
            next: Cell::new(KIND_CPU),
        }
    }

    /// Instructions per step.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The witness the next synthesis proves (`None`: the shape step).
    pub fn set(&self, witness: Option<StepWitness>) {
        *self.current.borrow_mut() = witness;
    }

    /// The kind the prover folds after the next step (its `next_kind`).
    pub fn set_next(&self, kind: u64) {
        self.next.set(kind);
    }
}

/// The next kind as a witness of the step: the prover's schedule. The engine range-checks it
/// (one-hot over the kinds), and the schedule needs no constraint beyond that: every kind
/// consumes exactly the bus tuples its circuit proves and passes the CPU state through, so
/// a kind run out of turn leaves unmatched tuples, whatever the order of the folds.
fn scheduled_kind(cs: ConstraintSystemRef<Fr>, next: u64) -> Result<FpVar<Fr>, SynthesisError> {
    use ark_r1cs_std::alloc::AllocVar;
    FpVar::new_witness(cs, || Ok(Fr::from(next)))
}

impl NonUniformStep for CpuKind {
    fn next_kind(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _: usize,
        _: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError> {
        scheduled_kind(cs, self.next.get())
    }
}

impl StepCircuit for CpuKind {
    fn arity(&self) -> usize {
        ARITY
    }

    fn advice_len(&self) -> usize {
        self.advice_len
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let step = match self.current.borrow().clone() {
            Some(w) => CpuStep::new(self.k, w).map_err(|_| SynthesisError::Unsatisfiable)?,
            None => CpuStep::shape(self.k),
        };
        two_phase::constraints_reserved(&step, cs, z, self.advice_len)
    }
}

/// Kind index of the CPU step in the non-uniform folding (the first step's kind).
pub const KIND_CPU: u64 = 0;

/// Kind index of the `poseidon_permute` circuit kind (BN254, width 3).
pub const KIND_POSEIDON: u64 = 1;

/// Kind index of the hash circuit kind (`sha3_256` and `keccak256`, one block per fold).
pub const KIND_KECCAK: u64 = 2;

/// Kind index of the `pedersen_commit` circuit kind over Grumpkin (up to four calls per
/// fold).
pub const KIND_PEDERSEN: u64 = 3;

/// Kind index of the `pedersen_commit` circuit kind over secp256k1 (emulated, one call per
/// fold).
pub const KIND_PEDERSEN_SECP256K1: u64 = 4;

/// Kind index of the `bip340_verify` circuit kind (emulated secp256k1, one call per fold).
pub const KIND_BIP340: u64 = 5;

/// Kind index of the SHA-256 block chain of `bip340_verify`'s messages (four 64-byte
/// blocks per fold).
pub const KIND_SHA256: u64 = 6;

/// Kind index of the `tecdsa_feldman_verify` circuit kind (emulated secp256k1, one call of
/// up to eight commitments per fold).
pub const KIND_FELDMAN: u64 = 7;

/// Kind index of the `tecdsa_sigshare_verify` circuit kind (emulated secp256k1, one entry
/// per fold).
pub const KIND_SIGSHARE: u64 = 8;

/// Kind index of the `ed25519_verify` circuit kind (emulated Edwards25519, one call of up
/// to 175 message bytes per fold).
pub const KIND_ED25519: u64 = 9;

/// Kind index of the fixed lookup tables' fold ([`crate::tables`]): in every kind set,
/// folded once after the last CPU step and the precompile calls.
pub const KIND_TABLES: u64 = 10;

/// A precompile circuit kind: proves the step set with [`CallKind::set`] (the kind's shape
/// step when none is set, which is what setup synthesises).
#[derive(Debug)]
pub struct CallKind {
    shape: KindStep,
    advice_len: usize,
    current: RefCell<Option<KindStep>>,
    next: Cell<u64>,
}

impl CallKind {
    /// The kind whose steps have `shape`'s circuit.
    pub fn new(shape: KindStep) -> Self {
        Self {
            advice_len: shape.advice_len(),
            shape,
            current: RefCell::new(None),
            next: Cell::new(KIND_CPU),
        }
    }

    /// The step the next synthesis proves (`None`: the shape step).
    pub fn set(&self, step: Option<KindStep>) {
        *self.current.borrow_mut() = step;
    }

    /// The kind the prover folds after the next step.
    pub fn set_next(&self, kind: u64) {
        self.next.set(kind);
    }
}

impl StepCircuit for CallKind {
    fn arity(&self) -> usize {
        ARITY
    }

    fn advice_len(&self) -> usize {
        self.advice_len
    }

    fn generate_step_constraints(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        match &*self.current.borrow() {
            Some(step) => two_phase::constraints_reserved(step, cs, z, self.advice_len),
            None => two_phase::constraints_reserved(&self.shape, cs, z, self.advice_len),
        }
    }
}

impl NonUniformStep for CallKind {
    fn next_kind(
        &self,
        cs: ConstraintSystemRef<Fr>,
        _: usize,
        _: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError> {
        scheduled_kind(cs, self.next.get())
    }
}

/// The circuit kinds proving a call of the precompile `id` with arguments `args` (none:
/// no kind proves it yet). `pedersen_commit` has a kind per group (`a0`); a
/// `bip340_verify` call of 64 bytes or more (`a2`) also needs the SHA-256 block chain.
pub fn kinds_of_call(id: u32, args: [u32; 4]) -> Vec<u64> {
    use umbra_abi::PedersenGroup;
    use umbra_abi::syscall::{
        BIP340_VERIFY, ED25519_VERIFY, KECCAK_256, PEDERSEN_COMMIT, POSEIDON_PERMUTE, SHA3_256,
        TECDSA_FELDMAN_VERIFY, TECDSA_SIGSHARE_VERIFY,
    };
    match id {
        ED25519_VERIFY => vec![KIND_ED25519],
        TECDSA_FELDMAN_VERIFY => vec![KIND_FELDMAN],
        TECDSA_SIGSHARE_VERIFY => vec![KIND_SIGSHARE],
        BIP340_VERIFY if args[2] >= 64 => vec![KIND_BIP340, KIND_SHA256],
        BIP340_VERIFY => vec![KIND_BIP340],
        POSEIDON_PERMUTE => vec![KIND_POSEIDON],
        SHA3_256 | KECCAK_256 => vec![KIND_KECCAK],
        PEDERSEN_COMMIT => match PedersenGroup::from_id(args[0]) {
            Some(PedersenGroup::Grumpkin) => vec![KIND_PEDERSEN],
            Some(PedersenGroup::Secp256k1) => vec![KIND_PEDERSEN_SECP256K1],
            _ => vec![],
        },
        _ => vec![],
    }
}

/// Number of kinds this build has (the CPU, every precompile kind and the tables kind).
pub const NUM_KINDS: u64 = 11;

/// A set of step kinds: the CPU and the tables kind always, plus the precompile kinds an
/// execution uses. The
/// parameters, and so the proof, carry only the kinds in the set (one running instance
/// each), so a guest pays in setup time, memory and proof size only for the precompiles it
/// calls. The folding engine numbers the kinds of a set `0, 1, …` in increasing kind order
/// ([`KindSet::index`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KindSet(u32);

impl KindSet {
    /// The kinds every execution uses: the CPU and the fixed tables' fold.
    pub const BASE: Self = Self(1 << KIND_CPU | 1 << KIND_TABLES);

    /// Every kind of this build.
    pub const ALL: Self = Self((1 << NUM_KINDS) - 1);

    /// The set of `bits` (bit `i` = kind `i`), if it holds the [`KindSet::BASE`] kinds and
    /// only known kinds.
    pub fn from_bits(bits: u32) -> Option<Self> {
        (bits & Self::BASE.0 == Self::BASE.0 && bits & !Self::ALL.0 == 0).then_some(Self(bits))
    }

    /// The bits (bit `i` = kind `i`).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// This set with `kind` (a kind index below [`NUM_KINDS`]).
    pub fn with(self, kind: u64) -> Self {
        if kind < NUM_KINDS {
            Self(self.0 | 1 << kind)
        } else {
            self
        }
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: u64) -> bool {
        kind < NUM_KINDS && self.0 >> kind & 1 == 1
    }

    /// The engine's index of `kind` in this set (how many kinds of the set precede it).
    pub fn index(self, kind: u64) -> Option<u64> {
        self.contains(kind)
            .then(|| u64::from((self.0 & ((1u32 << kind) - 1)).count_ones()))
    }

    /// The kinds of the set, in increasing order.
    pub fn kinds(self) -> impl Iterator<Item = u64> {
        (0..NUM_KINDS).filter(move |&k| self.contains(k))
    }

    /// The [`KindSet::BASE`] kinds and the kinds of the precompile calls `(id, args)`
    /// (calls without a kind are left out: proving one is refused by name).
    pub fn for_calls(calls: impl IntoIterator<Item = (u32, [u32; 4])>) -> Self {
        calls
            .into_iter()
            .flat_map(|(id, args)| kinds_of_call(id, args))
            .fold(Self::BASE, Self::with)
    }
}

/// One instance of every step kind, in kind order (index = kind): what setup synthesises
/// and what a prover sets witnesses on.
#[derive(Debug)]
pub struct Kinds {
    /// Kind [`KIND_CPU`].
    pub cpu: CpuKind,
    /// Kind [`KIND_POSEIDON`].
    pub poseidon: CallKind,
    /// Kind [`KIND_KECCAK`].
    pub keccak: CallKind,
    /// Kind [`KIND_PEDERSEN`].
    pub pedersen: CallKind,
    /// Kind [`KIND_PEDERSEN_SECP256K1`].
    pub pedersen_secp256k1: CallKind,
    /// Kind [`KIND_BIP340`].
    pub bip340: CallKind,
    /// Kind [`KIND_SHA256`].
    pub sha256: CallKind,
    /// Kind [`KIND_FELDMAN`].
    pub feldman: CallKind,
    /// Kind [`KIND_SIGSHARE`].
    pub sigshare: CallKind,
    /// Kind [`KIND_ED25519`].
    pub ed25519: CallKind,
    /// Kind [`KIND_TABLES`].
    pub tables: CallKind,
}

impl Kinds {
    /// The kinds of `k`-instruction CPU steps.
    pub fn new(k: usize) -> Self {
        Self {
            cpu: CpuKind::new(k),
            poseidon: CallKind::new(KindStep::Poseidon(PoseidonBatch::shape())),
            keccak: CallKind::new(KindStep::Keccak(Box::new(KeccakStep::shape()))),
            pedersen: CallKind::new(KindStep::Pedersen(PedersenBatch::shape())),
            pedersen_secp256k1: CallKind::new(KindStep::PedersenSecp256k1(Secp256k1Batch::shape())),
            bip340: CallKind::new(KindStep::Bip340(Bip340Batch::shape())),
            sha256: CallKind::new(KindStep::Sha256(Sha256Batch::shape())),
            feldman: CallKind::new(KindStep::Feldman(FeldmanBatch::shape())),
            sigshare: CallKind::new(KindStep::SigShare(SigShareBatch::shape())),
            ed25519: CallKind::new(KindStep::Ed25519(Ed25519Batch::shape())),
            tables: CallKind::new(KindStep::Tables(Box::new(TablesStep::shape()))),
        }
    }

    /// The kinds of `set` as the folding engine takes them (engine index = position).
    pub fn list(&self, set: KindSet) -> Vec<&dyn NonUniformStep> {
        let all: [&dyn NonUniformStep; NUM_KINDS as usize] = [
            &self.cpu,
            &self.poseidon,
            &self.keccak,
            &self.pedersen,
            &self.pedersen_secp256k1,
            &self.bip340,
            &self.sha256,
            &self.feldman,
            &self.sigshare,
            &self.ed25519,
            &self.tables,
        ];
        set.kinds().map(|k| all[k as usize]).collect()
    }

    /// The precompile or tables kind of index `kind` (`None` for the CPU or an unknown
    /// index).
    pub fn call_kind(&self, kind: u64) -> Option<&CallKind> {
        match kind {
            KIND_POSEIDON => Some(&self.poseidon),
            KIND_KECCAK => Some(&self.keccak),
            KIND_PEDERSEN => Some(&self.pedersen),
            KIND_PEDERSEN_SECP256K1 => Some(&self.pedersen_secp256k1),
            KIND_BIP340 => Some(&self.bip340),
            KIND_SHA256 => Some(&self.sha256),
            KIND_FELDMAN => Some(&self.feldman),
            KIND_SIGSHARE => Some(&self.sigshare),
            KIND_ED25519 => Some(&self.ed25519),
            KIND_TABLES => Some(&self.tables),
            _ => None,
        }
    }
}

/// Public parameters of proofs with `k` instructions per fold: the non-uniform folding
/// engine's parameters over the CPU step and the precompile kinds, with **transparent**
/// commitment keys (generators hashed to the curve; nobody holds a trapdoor). Prover and
/// verifier build them the same way. They hold no per-proof state, so one value can serve
/// concurrent proofs.
#[derive(Debug)]
pub struct ProverParams {
    k: usize,
    kinds: KindSet,
    nivc: NivcParams,
}

/// Why parameters could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsError {
    /// `k` is 0 or above [`MAX_K`].
    BadK(usize),
    /// The folding engine refused the step (a bug, reported rather than hidden).
    Folding(umbra_folding::Error),
}

impl core::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::BadK(k) => write!(f, "{k} instructions per fold: must be 1 ..= {MAX_K}"),
            Self::Folding(e) => write!(f, "folding setup: {e:?}"),
        }
    }
}

impl std::error::Error for ParamsError {}

impl ProverParams {
    /// Synthesises the augmented circuit of the `k`-instruction CPU step and hashes the
    /// commitment keys to the curves (deterministic: the verifier rebuilds the same).
    ///
    /// # Errors
    /// [`ParamsError`].
    pub fn setup(k: usize) -> Result<Self, ParamsError> {
        Self::setup_for(k, KindSet::ALL)
    }

    /// [`ProverParams::setup`] with only the kinds of `set` (what a proof of an execution
    /// that calls only those precompiles needs; see [`crate::kinds_used`]).
    ///
    /// # Errors
    /// [`ParamsError`].
    pub fn setup_for(k: usize, set: KindSet) -> Result<Self, ParamsError> {
        if k == 0 || k > MAX_K {
            return Err(ParamsError::BadK(k));
        }
        let kinds = Kinds::new(k);
        // One label for every `k` and kind set: the label only derives the commitment keys'
        // generators, and one sequence of them serves every shape (a longer key extends a
        // shorter one), so parameters for several programs in one process hash each
        // generator once (`CommitmentKey::transparent_setup`).
        let nivc = NivcParams::setup_transparent(&kinds.list(set), KEY_LABEL)
            .map_err(ParamsError::Folding)?;
        Ok(Self {
            k,
            kinds: set,
            nivc,
        })
    }

    /// The kinds the parameters have.
    pub fn kinds(&self) -> KindSet {
        self.kinds
    }

    /// Instructions per fold.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The folding engine's parameters.
    pub fn nivc(&self) -> &NivcParams {
        &self.nivc
    }
}

/// Keep the generators of the transparent commitment keys in `dir` across processes (`None`:
/// hash them afresh in every process, the default): the next [`ProverParams::setup_for`] of
/// any process with the same directory reads them instead of hashing up to a few hundred
/// thousand points to the curves, about half of its time. The files are checked (length,
/// format, curve and label, an integrity hash, spot checks against fresh hashing) and
/// replaced when they fail; the directory must be trusted as the binary is
/// (`umbra_folding::key_cache`). Process-wide.
pub fn set_key_cache(dir: Option<std::path::PathBuf>) {
    umbra_folding::key_cache::set_dir(dir);
}

pub use umbra_folding::key_cache::{Event as KeyCacheEvent, take_events as key_cache_events};

/// The label the transparent commitment keys of every [`ProverParams`] are hashed to the
/// curves from (version 4: before it, each `k` and kind set had its own label).
pub const KEY_LABEL: &[u8] = b"umbra-prover/nivc/v4/transparent-keys";

/// The public statement a proof is about, besides the program: what the verifier is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Instructions per fold.
    pub k: u32,
    /// The exit code the guest passed to `halt`.
    pub exit_code: u32,
    /// The journal (public output).
    pub journal: Vec<u8>,
    /// The clock of the halting slot (the halt tuple `(clk, 0, exit code)` the decider
    /// consumes).
    pub halt_clk: u64,
}

impl Claim {
    /// The halt tuple `(clk, 0, exit code, 0, 0, 0)` the decider consumes.
    pub fn halt_tuple(&self) -> [Fr; 6] {
        let zero = Fr::from(0u64);
        [
            Fr::from(self.halt_clk),
            zero,
            Fr::from(self.exit_code),
            zero,
            zero,
            zero,
        ]
    }
}

/// `(γ, α)`, each a SHA3-512 output reduced into Fr (bias ≤ 2⁻²⁵⁸), over a domain
/// separator, the advice digest `IC_final` (which binds every step's committed advice
/// block), the program digest, the public claim and the digest of the bus advice. The
/// prover can compute it only after it is bound to everything the bus sums over.
pub fn derive_challenges(
    ic_final: Fr,
    program_digest: Fr,
    claim: &Claim,
    advice_digest: &[u8; 32],
) -> [Fr; 2] {
    let mut seed = Sha3_512::new();
    seed.update(b"umbra-prover/bus-challenges/v1");
    for x in [ic_final, program_digest] {
        let mut b = Vec::with_capacity(32);
        // Writing into a Vec cannot fail.
        let _ = x.serialize_compressed(&mut b);
        seed.update(&b);
    }
    seed.update(claim.k.to_le_bytes());
    seed.update(claim.exit_code.to_le_bytes());
    seed.update(claim.halt_clk.to_le_bytes());
    seed.update((claim.journal.len() as u64).to_le_bytes());
    seed.update(&claim.journal);
    seed.update(advice_digest);
    let seed = seed.finalize();
    [0u8, 1].map(|i| {
        let mut h = Sha3_512::new();
        h.update(seed);
        h.update([i]);
        Fr::from_le_bytes_mod_order(&h.finalize())
    })
}
