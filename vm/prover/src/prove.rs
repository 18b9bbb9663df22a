//! The two-pass prover: run the program, fold its CPU steps, attach the bus advice.
//!
//! **Pass 1** runs the VM with a streaming witness generator. For every step it evaluates the
//! step natively (no constraint system): the state chain, the bus tuples (gathered into the
//! table multiplicities and the final memory set) and the step's phase-1 advice block, which
//! it commits with a fresh blind and chains into `IC`. The last fold is the fixed tables'
//! ([`crate::tables`]), whose advice block is the multiplicities of every lookup before it.
//! Then the bus challenges are derived from `IC_final`, the program, the public claim and
//! the bus advice ([`crate::params::derive_challenges`]).
//!
//! **Pass 2** runs the VM again and folds each step with those challenges and the same
//! blinds, so every step instance carries the advice commitment pass 1 chained. Neither pass
//! holds the trace or more than one step's witness.

use ark_bn254::Fr;
use ark_ff::{UniformRand, Zero};
use ark_std::rand::{CryptoRng, RngCore};
use umbra_folding::augmented::IC_0;
use umbra_folding::nivc::{NivcParams, NivcProver, nivc_advice_commitment_next};
use umbra_vm::{Program, Registry, Vm, VmConfig, VmError};

use crate::advice::BusAdvice;
use crate::bus::{Ledger, small};
use crate::identity::{IdentityError, ProgramId};
use crate::params::{Claim, KIND_CPU, KindSet, Kinds, ProverParams, derive_challenges};
use crate::precompile::KindStep;
use crate::precompile::{Batcher, KindError, PrecompileCall};
use crate::proof::Proof;
use crate::rom::Rom;
use crate::step::{CpuStep, StepError, StepState, StepWitness};
use crate::tables::TablesStep;
use crate::two_phase::{self, Circuit};
use crate::witness::{InitialMemory, StreamingTracer, WitnessError, WitnessGen};

/// How to run the guest while proving.
#[derive(Clone, Copy, Debug)]
pub struct ProveOptions {
    /// The VM's limits.
    pub config: VmConfig,
    /// The precompile handlers the VM runs with (default: the host's,
    /// `umbra_precompiles::registry`). A call whose precompile has no circuit kind yet is
    /// refused by name ([`ProveError::Witness`] with [`WitnessError::Precompile`]).
    pub registry: fn() -> Registry,
}

impl Default for ProveOptions {
    fn default() -> Self {
        Self {
            config: VmConfig::default(),
            registry: umbra_precompiles::registry,
        }
    }
}

/// Where the prover is, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Pass 1 finished: `steps` steps to fold, `cycles` VM cycles.
    Executed {
        /// Steps (folds) pass 2 will prove.
        steps: u64,
        /// VM cycles of the execution.
        cycles: u64,
    },
    /// Pass 2 folded `done` of `total` steps.
    Folded {
        /// Steps folded so far.
        done: u64,
        /// Steps in all.
        total: u64,
    },
}

/// Why no proof was produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProveError {
    /// The program id could not be computed.
    Identity(IdentityError),
    /// The VM stopped the guest with an error: a faulting execution cannot be proved.
    Vm(VmError),
    /// The execution cannot be turned into CPU steps (e.g. it calls a precompile, whose
    /// circuit does not exist yet: [`WitnessError::Precompile`]).
    Witness(WitnessError),
    /// A precompile call no circuit kind can prove: a variant without a circuit
    /// ([`KindError::Unsupported`], e.g. `poseidon_permute` over BLS12-381) or a record the
    /// kind refuses.
    Precompile {
        /// pc of the `ecall`.
        pc: u32,
        /// What the kind said.
        error: KindError,
    },
    /// The parameters lack the circuit kind of a precompile the guest calls (build them
    /// with [`ProverParams::setup_for`] on [`kinds_used`]).
    KindMissing {
        /// The kind index ([`crate::params::KIND_POSEIDON`], …).
        kind: u64,
    },
    /// A step could not be evaluated.
    Step(StepError),
    /// A step's native evaluation violates its constraints: the witness generator and the
    /// circuit disagree (a bug; the listed components).
    Unsatisfied {
        /// Step index.
        step: u64,
        /// Violated components.
        components: Vec<&'static str>,
    },
    /// The folding engine failed.
    Folding(umbra_folding::Error),
    /// The prover's own final check failed (a bug: the proof would not verify).
    SelfCheck(&'static str),
}

impl core::fmt::Display for ProveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Identity(e) => write!(f, "program id: {e:?}"),
            Self::Vm(e) => write!(f, "the guest did not halt normally: {e}"),
            Self::Witness(WitnessError::Precompile { pc, name, .. }) => write!(
                f,
                "the guest calls the precompile {name} (ecall at pc {pc:#010x}), \
                 which has no circuit kind yet: not provable yet"
            ),
            Self::Witness(e) => write!(f, "witness generation: {e}"),
            Self::Precompile { pc, error } => {
                write!(
                    f,
                    "the precompile call at pc {pc:#010x} cannot be proved: {error}"
                )
            }
            Self::KindMissing { kind } => write!(
                f,
                "the parameters were built without circuit kind {kind}, which the guest needs"
            ),
            Self::Step(e) => write!(f, "step evaluation: {e}"),
            Self::Unsatisfied { step, components } => write!(
                f,
                "internal error: step {step} violates {components:?} (please report)"
            ),
            Self::Folding(e) => write!(f, "folding: {e:?}"),
            Self::SelfCheck(what) => write!(f, "internal error: self-check failed: {what}"),
        }
    }
}

impl std::error::Error for ProveError {}

impl From<umbra_folding::Error> for ProveError {
    fn from(e: umbra_folding::Error) -> Self {
        Self::Folding(e)
    }
}

impl From<StepError> for ProveError {
    fn from(e: StepError) -> Self {
        Self::Step(e)
    }
}

/// What pass 1 learned.
struct Executed {
    exit_code: u32,
    journal: Vec<u8>,
    /// CPU steps.
    steps: u64,
    /// Folds: CPU steps and precompile-kind steps.
    folds: u64,
    /// The engine's kind index of every fold, in order (pass 2 schedules from it).
    schedule: Vec<u64>,
    cycles: u64,
    blinds: Vec<Fr>,
    ic_final: Fr,
    ledger: Ledger,
    z_final: Vec<Fr>,
}

/// What pass 1 folds with (borrowed for the run).
struct Pass1<'a> {
    pp: &'a NivcParams,
    rom: &'a Rom,
    init: &'a InitialMemory,
    /// Self-checks on (no forge hook set).
    honest: bool,
}

impl Executed {
    /// Pass 1 of one fold of `kind`: evaluate the step natively from the current state,
    /// commit its advice block with a fresh blind and chain it, log its tuples.
    fn fold<R: RngCore + CryptoRng>(
        &mut self,
        p: &Pass1<'_>,
        kind: u64,
        step: &impl Circuit,
        rng: &mut R,
    ) -> Result<(), ProveError> {
        let (native, block) = two_phase::eval_native_with_advice(step, &self.z_final)?;
        if p.honest && !native.violated.is_empty() {
            return Err(ProveError::Unsatisfied {
                step: self.folds,
                components: native.violated,
            });
        }
        let blind = Fr::rand(rng);
        let (_, ic) = nivc_advice_commitment_next(p.pp, self.ic_final, kind, &block, &blind)?;
        self.ic_final = ic;
        self.blinds.push(blind);
        self.ledger.absorb(p.rom, p.init, &native.tuples);
        self.z_final = native.z_out;
        self.folds += 1;
        self.schedule.push(kind);
        Ok(())
    }
}

/// Runs the VM over `program` with `input`, handing every finished step to `sink`; the
/// sink's first error stops the work (the VM runs to its end, bounded by its limits).
fn execute(
    program: &Program,
    rom: &Rom,
    init: &InitialMemory,
    k: usize,
    input: &[u8],
    opts: &ProveOptions,
    sink: &mut dyn FnMut(StepWitness) -> Result<(), ProveError>,
) -> Result<(u32, Vec<u8>), ProveError> {
    let gen_ = WitnessGen::new(rom, init, program.entry(), k)
        .map_err(ProveError::Witness)?
        .with_input(input.to_vec());
    let mut failed: Option<ProveError> = None;
    let mut tracer = StreamingTracer::new(gen_, |w| {
        if failed.is_none()
            && let Err(e) = sink(w)
        {
            failed = Some(e);
        }
    });
    let mut vm = Vm::new(program, opts.config)
        .map_err(ProveError::Vm)?
        .with_registry((opts.registry)())
        .with_input(input.to_vec());
    let exit = vm.run_with(&mut tracer);
    // A witness error (e.g. a precompile call) is the more precise report even when the
    // VM failed later — except "not halted", which a VM failure explains.
    let exit = match (exit, tracer.finish()) {
        (Err(e), Ok(()) | Err(WitnessError::NotHalted)) => return Err(ProveError::Vm(e)),
        (_, Err(e)) => return Err(ProveError::Witness(e)),
        (Ok(exit), Ok(())) => exit,
    };
    if let Some(e) = failed {
        return Err(e);
    }
    Ok((exit.code, vm.journal().to_vec()))
}

/// Proves that `program` run on the private `input` halts, with the exit code and journal
/// the proof claims. `progress` is told when pass 1 ends and after every fold.
///
/// # Errors
/// [`ProveError`]: a VM fault, an unprovable execution (precompile calls), or a bug caught
/// by the prover's self-checks.
pub fn prove<R: RngCore + CryptoRng>(
    params: &ProverParams,
    program: &Program,
    input: &[u8],
    opts: &ProveOptions,
    progress: &mut dyn FnMut(Progress),
    rng: &mut R,
) -> Result<Proof, ProveError> {
    prove_inner(
        params,
        program,
        input,
        opts,
        progress,
        rng,
        &Forge::default(),
    )
}

/// A [`Forge`] hook on step `i`'s witness.
pub type StepHook<'a> = &'a dyn Fn(u64, &mut StepWitness);
/// A [`Forge`] hook on the initial state.
pub type StateHook<'a> = &'a dyn Fn(&mut Vec<Fr>);
/// A [`Forge`] hook on the claim and the bus advice.
pub type StatementHook<'a> = &'a dyn Fn(&mut Claim, &mut BusAdvice);
/// A [`Forge`] hook on the challenges.
pub type ChallengeHook<'a> = &'a dyn Fn(&mut [Fr; 2]);
/// A [`Forge`] hook on the precompile calls of CPU step `i` (their kind steps).
pub type CallsHook<'a> = &'a dyn Fn(u64, &mut Vec<PrecompileCall>);
/// A [`Forge`] hook on the fixed tables' multiplicities.
pub type TablesHook<'a> = &'a dyn Fn(&mut Vec<u64>);

/// **Test hooks for a malicious prover**: each rewrites what an honest prover would use, in
/// both passes alike, so the result is a proof that is well-formed in every byte and folded
/// honestly over forged data. With any hook set the prover's self-checks are off.
#[doc(hidden)]
#[derive(Default)]
pub struct Forge<'a> {
    /// Rewrites step `i`'s witness before it is evaluated and folded.
    pub step: Option<StepHook<'a>>,
    /// Rewrites the initial state (after the challenges are placed in it).
    pub z0: Option<StateHook<'a>>,
    /// Rewrites the claim and the bus advice before the challenges are derived from them.
    pub statement: Option<StatementHook<'a>>,
    /// Rewrites the derived challenges.
    pub challenges: Option<ChallengeHook<'a>>,
    /// Claims this program's id instead of the executed one's.
    pub program_id: Option<&'a Program>,
    /// Folds only the first this-many steps.
    pub max_steps: Option<u64>,
    /// Rewrites the precompile calls a CPU step hands to the kinds (drop, duplicate, alter).
    pub calls: Option<CallsHook<'a>>,
    /// Runs the VM with these precompile handlers (a lying handler makes the whole
    /// execution, journal included, agree with a false result).
    pub registry: Option<fn() -> Registry>,
    /// Rewrites the multiplicities of the fixed tables' fold.
    pub tables: Option<TablesHook<'a>>,
}

impl core::fmt::Debug for Forge<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Forge")
            .field("honest", &self.honest())
            .field("max_steps", &self.max_steps)
            .finish_non_exhaustive()
    }
}

impl Forge<'_> {
    fn honest(&self) -> bool {
        self.step.is_none()
            && self.z0.is_none()
            && self.statement.is_none()
            && self.challenges.is_none()
            && self.program_id.is_none()
            && self.max_steps.is_none()
            && self.calls.is_none()
            && self.registry.is_none()
            && self.tables.is_none()
    }

    fn keeps(&self, i: u64) -> bool {
        self.max_steps.is_none_or(|n| i < n)
    }

    fn calls(&self, i: u64, calls: &[PrecompileCall]) -> Vec<PrecompileCall> {
        let mut c = calls.to_vec();
        if let Some(h) = self.calls {
            h(i, &mut c);
        }
        c
    }

    fn witness(&self, i: u64, mut w: StepWitness) -> StepWitness {
        if let Some(h) = self.step {
            h(i, &mut w);
        }
        w
    }
}

/// [`prove`] with [`Forge`] hooks (tests of the verifier against a malicious prover).
///
/// # Errors
/// As [`prove`].
#[doc(hidden)]
pub fn prove_forged<R: RngCore + CryptoRng>(
    params: &ProverParams,
    program: &Program,
    input: &[u8],
    forge: &Forge<'_>,
    rng: &mut R,
) -> Result<Proof, ProveError> {
    let mut opts = ProveOptions::default();
    if let Some(r) = forge.registry {
        opts.registry = r;
    }
    prove_inner(params, program, input, &opts, &mut |_| {}, rng, forge)
}

#[allow(clippy::too_many_arguments)]
/// The folding engine's index of `step`'s kind in `params` (refused by name when the
/// parameters were built without it).
fn engine_index(params: &ProverParams, step: &KindStep) -> Result<u64, ProveError> {
    params
        .kinds()
        .index(step.kind())
        .ok_or(ProveError::KindMissing { kind: step.kind() })
}

/// The kinds an execution of `program` on `input` needs: the CPU and the kind of every
/// precompile it calls (one run of the VM without tracing instructions, so cheap beside
/// proving). Build the parameters with [`ProverParams::setup_for`] on the result.
///
/// # Errors
/// [`ProveError::Vm`] when the execution faults or exceeds a limit.
pub fn kinds_used(
    program: &Program,
    input: &[u8],
    opts: &ProveOptions,
) -> Result<KindSet, ProveError> {
    let mut ids = SyscallIds::default();
    let mut vm = Vm::new(program, opts.config)
        .map_err(ProveError::Vm)?
        .with_registry((opts.registry)())
        .with_input(input.to_vec());
    vm.run_with(&mut ids).map_err(ProveError::Vm)?;
    Ok(KindSet::for_calls(ids.0))
}

/// A tracer that keeps only the system calls' ids with what of their arguments selects
/// their kinds (`a0`: a `pedersen_commit` call's group; whether `a2 ≥ 64`: a
/// `bip340_verify` message with full SHA-256 blocks), as `(id, [a0, 0, 64 or 0, 0])`.
#[derive(Default)]
struct SyscallIds(std::collections::BTreeSet<(u32, [u32; 4])>);

impl umbra_vm::trace::Tracer for SyscallIds {
    const ENABLED: bool = true;
    fn step(&mut self, _: umbra_vm::trace::Step) {}
    fn syscall(&mut self, record: umbra_vm::trace::SyscallRecord) -> u32 {
        let a = record.args;
        self.0
            .insert((record.id, [a[0], 0, if a[2] >= 64 { 64 } else { 0 }, 0]));
        0
    }
}

/// The precompile calls of a CPU step as the steps of their circuit kinds, in fold order; a
/// call no kind proves yet is refused by name (never proved by skipping it).
fn precompile_steps(
    calls: &[PrecompileCall],
    init: &InitialMemory,
) -> Result<Vec<KindStep>, ProveError> {
    let mut out = Vec::new();
    for c in calls {
        let perm = |page: u32| init.page_perm(page);
        match KindStep::for_call(c, &perm) {
            Ok(Some(steps)) => out.extend(steps),
            Ok(None) => {
                return Err(ProveError::Witness(WitnessError::Precompile {
                    pc: c.pc,
                    id: c.id,
                    name: umbra_abi::syscall::name(c.id).unwrap_or("unknown"),
                }));
            }
            Err(error) => return Err(ProveError::Precompile { pc: c.pc, error }),
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn prove_inner<R: RngCore + CryptoRng>(
    params: &ProverParams,
    program: &Program,
    input: &[u8],
    opts: &ProveOptions,
    progress: &mut dyn FnMut(Progress),
    rng: &mut R,
    forge: &Forge<'_>,
) -> Result<Proof, ProveError> {
    let honest = forge.honest();
    let k = params.k();
    let rom = Rom::from_program(program);
    let init = InitialMemory::from_program(program);
    // The id from the ROM and image just built (the forge hook names another program).
    let id = match forge.program_id {
        Some(other) => ProgramId::of(other),
        None => ProgramId::commit(&rom, &init, program.entry()),
    }
    .map_err(ProveError::Identity)?;
    let pp = params.nivc();
    let z_initial = |gamma: Fr, alpha: Fr| {
        let mut z = StepState::initial_with_input(program.entry(), input.len() as u64).to_z(
            gamma,
            alpha,
            Fr::zero(),
        );
        if let Some(h) = forge.z0 {
            h(&mut z);
        }
        z
    };

    // Pass 1: advice commitments, the ledger, the final state. The challenges only move the
    // running sum, which pass 1 ignores; random ones keep every inverse defined.
    let mut run = Executed {
        exit_code: 0,
        journal: Vec::new(),
        steps: 0,
        folds: 0,
        schedule: Vec::new(),
        cycles: 0,
        blinds: Vec::new(),
        ic_final: IC_0,
        ledger: Ledger::default(),
        z_final: z_initial(Fr::rand(rng), Fr::rand(rng)),
    };
    let pass1 = Pass1 {
        pp,
        rom: &rom,
        init: &init,
        honest,
    };
    // Each call's kind step when its batch is full (a kind that does not batch: right
    // after the CPU step that made it), the partial batches after the last CPU step; any
    // order would do, a kind step passes the state through and only adds its tuples.
    let mut batcher = Batcher::default();
    let (exit_code, journal) = execute(program, &rom, &init, k, input, opts, &mut |w| {
        if !forge.keeps(run.steps) {
            return Ok(());
        }
        let w = forge.witness(run.steps, w);
        let calls = precompile_steps(&forge.calls(run.steps, &w.calls), &init)?;
        let step = CpuStep::new(k, w)?;
        run.fold(&pass1, KIND_CPU, &step, rng)?;
        run.steps += 1;
        for call in calls.into_iter().flat_map(|c| batcher.add(c)) {
            run.fold(&pass1, engine_index(params, &call)?, &call, rng)?;
        }
        Ok(())
    })?;
    for call in batcher.finish() {
        run.fold(&pass1, engine_index(params, &call)?, &call, rng)?;
    }
    // The fixed tables' side, last: its multiplicities are the lookups of every fold above.
    let mut counts = run.ledger.lookup_counts();
    if let Some(h) = forge.tables {
        h(&mut counts);
    }
    let tables = KindStep::Tables(Box::new(
        TablesStep::new(counts).map_err(|_| ProveError::SelfCheck("table multiplicities"))?,
    ));
    run.fold(&pass1, engine_index(params, &tables)?, &tables, rng)?;
    run.exit_code = exit_code;
    run.journal = journal;
    run.cycles = small(run.z_final[7]).unwrap_or(0);
    progress(Progress::Executed {
        steps: run.folds,
        cycles: run.cycles,
    });

    let halt_clk = match run.ledger.syscalls()[..] {
        [[clk, id, ..]] if id.is_zero() => small(clk).ok_or(ProveError::SelfCheck("halt clk"))?,
        _ if !honest => 0,
        _ => return Err(ProveError::SelfCheck("exactly one halt tuple")),
    };
    if honest && run.ledger.journal().as_deref() != Some(&run.journal[..]) {
        return Err(ProveError::SelfCheck("journal replay"));
    }
    let cur = small(run.z_final[9]).ok_or(ProveError::SelfCheck("tape position"))?;
    let tape = input.get(..cur as usize).unwrap_or(input).to_vec();
    let mut claim = Claim {
        k: k as u32,
        exit_code: run.exit_code,
        journal: run.journal,
        halt_clk,
    };
    let mut advice = run.ledger.into_advice(tape);
    if let Some(h) = forge.statement {
        h(&mut claim, &mut advice);
    }
    let mut challenges = derive_challenges(run.ic_final, id.digest(), &claim, &advice.digest());
    if let Some(h) = forge.challenges {
        h(&mut challenges);
    }
    let [gamma, alpha] = challenges;

    // Pass 2: fold every step with the derived challenges and pass 1's blinds, in pass 1's
    // order (the same batching of the same calls); each fold names the next fold's kind from
    // pass 1's schedule.
    let kinds = Kinds::new(k);
    let list = kinds.list(params.kinds());
    let mut prover = NivcProver::new(pp, &list, KIND_CPU, z_initial(gamma, alpha))?
        .with_advice_blinds(run.blinds)?;
    let total = run.folds;
    let schedule = run.schedule;
    let mut cpu_steps = 0u64;
    let mut batcher = Batcher::default();
    let fold_call =
        |prover: &mut NivcProver<'_>, call: KindStep, rng: &mut R| -> Result<(), ProveError> {
            let kind = kinds
                .call_kind(call.kind())
                .ok_or(ProveError::SelfCheck("kind index"))?;
            let f = prover.steps();
            if schedule.get(f) != Some(&engine_index(params, &call)?) {
                return Err(ProveError::SelfCheck("pass 2 folds what pass 1 did"));
            }
            kind.set(Some(call));
            kind.set_next(schedule.get(f + 1).copied().unwrap_or(KIND_CPU));
            let r = prover.prove_step(rng);
            kind.set(None);
            r.map_err(ProveError::from)
        };
    execute(program, &rom, &init, k, input, opts, &mut |w| {
        if !forge.keeps(cpu_steps) {
            return Ok(());
        }
        let w = forge.witness(cpu_steps, w);
        let calls = precompile_steps(&forge.calls(cpu_steps, &w.calls), &init)?;
        cpu_steps += 1;
        let f = prover.steps();
        kinds.cpu.set(Some(w));
        kinds
            .cpu
            .set_next(schedule.get(f + 1).copied().unwrap_or(KIND_CPU));
        let r = prover.prove_step(rng);
        kinds.cpu.set(None);
        r?;
        for call in calls.into_iter().flat_map(|c| batcher.add(c)) {
            fold_call(&mut prover, call, rng)?;
        }
        progress(Progress::Folded {
            done: prover.steps() as u64,
            total,
        });
        Ok(())
    })?;
    for call in batcher.finish() {
        fold_call(&mut prover, call, rng)?;
    }
    fold_call(&mut prover, tables, rng)?;
    let ivc = prover.proof()?;
    if ivc.steps != total {
        return Err(ProveError::SelfCheck("step count of pass 2"));
    }
    let proof = Proof {
        program_id: id.to_bytes(),
        claim,
        kinds: params.kinds().bits(),
        advice,
        ivc,
    };
    if !honest {
        return Ok(proof);
    }
    let sum = proof.ivc.zn[6];
    let consumed = [proof.claim.halt_tuple()];
    if proof.advice.balance(
        &rom,
        &init,
        gamma,
        alpha,
        sum,
        &consumed,
        &proof.claim.journal,
    ) != Some(Fr::zero())
    {
        return Err(ProveError::SelfCheck("bus balance"));
    }
    Ok(proof)
}
