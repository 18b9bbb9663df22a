//! `umbra prove` and `umbra verify`: the prover's command-line front end.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_prover::identity::ProgramId;
use umbra_prover::{Progress, Proof, ProveOptions, ProverParams, Verified};
use umbra_vm::{Program, VmConfig};

use crate::{CliError, Input, input_bytes, program_elf};

/// What `umbra prove` proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProveRequest {
    /// A built-in example's name or an ELF file's path.
    pub program: String,
    /// The private input.
    pub input: Input,
    /// Execution limits.
    pub config: VmConfig,
    /// Instructions per fold.
    pub k: usize,
    /// Where to write the proof.
    pub output: PathBuf,
}

/// What a successful `prove` produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProveReport {
    /// The program id.
    pub program_id: ProgramId,
    /// Exit code claimed.
    pub exit_code: u32,
    /// Journal claimed.
    pub journal: Vec<u8>,
    /// VM cycles of the execution.
    pub cycles: u64,
    /// Folds (steps of `k` instructions).
    pub folds: u64,
    /// Instructions per fold.
    pub k: usize,
    /// Time to build the parameters.
    pub setup: Duration,
    /// Time to prove (both passes).
    pub prove: Duration,
    /// Proof file size in bytes.
    pub proof_bytes: usize,
    /// Peak resident memory of the process (Linux `VmHWM`), when known.
    pub peak_rss: Option<u64>,
}

/// The ELF of `program` (example name or path), parsed.
fn load(program: &str) -> Result<Program, CliError> {
    let elf = program_elf(program)?;
    Program::from_elf(&elf).map_err(|e| CliError::Vm(e.into(), Vec::new(), Vec::new()))
}

/// Peak resident set size of this process in bytes (Linux; `None` elsewhere).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs `umbra prove`: executes and proves the guest and writes the proof file.
/// `progress` sees pass 1's end and every fold.
///
/// # Errors
/// [`CliError::NotProvable`] when the execution fails or cannot be proved, file and input
/// errors otherwise.
pub fn prove(
    req: &ProveRequest,
    progress: &mut dyn FnMut(Progress),
) -> Result<ProveReport, CliError> {
    let program = load(&req.program)?;
    let input = input_bytes(&req.program, &req.input)?;
    let opts = ProveOptions {
        config: req.config,
        registry: umbra_precompiles::registry,
    };
    // Only the kinds of the precompiles the guest calls: one cheap run of the VM.
    let kinds = umbra_prover::kinds_used(&program, &input, &opts).map_err(CliError::NotProvable)?;
    let t = Instant::now();
    let params = setup_params(req.k, kinds)?;
    let setup = t.elapsed();
    let t = Instant::now();
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|_| CliError::Internal("no OS randomness"))?;
    let mut rng = StdRng::from_seed(seed);
    let proof = umbra_prover::prove(&params, &program, &input, &opts, progress, &mut rng)
        .map_err(CliError::NotProvable)?;
    let prove = t.elapsed();
    let bytes = proof.to_bytes();
    std::fs::write(&req.output, &bytes).map_err(|e| CliError::Io(req.output.clone(), e))?;
    Ok(ProveReport {
        program_id: ProgramId::from_bytes(&proof.program_id)
            .map_err(|_| CliError::Internal("program id"))?,
        exit_code: proof.claim.exit_code,
        journal: proof.claim.journal.clone(),
        cycles: umbra_prover::bus::small_u64(proof.ivc.zn[7]).unwrap_or(0),
        folds: proof.ivc.steps,
        k: req.k,
        setup,
        prove,
        proof_bytes: bytes.len(),
        peak_rss: peak_rss(),
    })
}

/// Runs `umbra verify`: reads the proof and checks it against `program` — or, without one,
/// against the built-in example whose id the proof names.
///
/// # Errors
/// [`CliError::BadProofFile`] for a malformed file, [`CliError::Rejected`] for a proof
/// that does not verify, [`CliError::UnknownProgram`] when no program is given and no
/// example matches.
pub fn verify(proof_path: &Path, program: Option<&str>) -> Result<(String, Verified), CliError> {
    let bytes = std::fs::read(proof_path).map_err(|e| CliError::Io(proof_path.into(), e))?;
    let proof =
        Proof::from_bytes(&bytes).map_err(|e| CliError::BadProofFile(proof_path.into(), e))?;
    let (name, program) = match program {
        Some(p) => (p.to_string(), load(p)?),
        None => find_example(&proof)?,
    };
    // The cheap check first: parameters take seconds to build.
    let id = ProgramId::of(&program).map_err(|_| CliError::Internal("program id"))?;
    if id.to_bytes() != proof.program_id {
        return Err(CliError::Rejected(
            umbra_prover::VerifyError::ProgramMismatch {
                expected: id.to_bytes(),
                claimed: proof.program_id,
            },
        ));
    }
    let params = setup_params(proof.claim.k as usize, proof.kind_set()).map_err(|e| match e {
        CliError::Params(umbra_prover::params::ParamsError::BadK(_)) => {
            CliError::Rejected(umbra_prover::VerifyError::ParamsMismatch {
                params: umbra_prover::DEFAULT_K,
                proof: proof.claim.k,
            })
        }
        e => e,
    })?;
    let verified = umbra_prover::verify(&params, &program, &proof).map_err(CliError::Rejected)?;
    Ok((name, verified))
}

/// The directory of the transparent keys' cache: `$UMBRA_CACHE_DIR` (set but empty: no
/// cache), else `$XDG_CACHE_HOME/umbra`, else `$HOME/.cache/umbra`.
pub fn key_cache_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k);
    match var("UMBRA_CACHE_DIR") {
        Some(d) if d.is_empty() => None,
        Some(d) => Some(d.into()),
        None => var("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(|d| PathBuf::from(d).join("umbra"))
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache/umbra"))),
    }
}

/// The parameters for `k` and `kinds`, with the transparent keys' generators read from and
/// written to [`key_cache_dir`]; a cache file that had to be replaced is reported on
/// standard error (the parameters are right either way: the generators were rehashed).
fn setup_params(k: usize, kinds: umbra_prover::KindSet) -> Result<ProverParams, CliError> {
    umbra_prover::params::set_key_cache(key_cache_dir());
    let params = ProverParams::setup_for(k, kinds).map_err(CliError::Params);
    for e in umbra_prover::params::key_cache_events() {
        match e {
            umbra_prover::params::KeyCacheEvent::Replaced { reason } => {
                eprintln!("note: key cache file replaced ({reason})");
            }
            umbra_prover::params::KeyCacheEvent::Unwritable => {
                eprintln!("note: key cache directory not writable; keys were hashed afresh");
            }
            _ => {}
        }
    }
    params
}

/// The built-in example whose id the proof names.
fn find_example(proof: &Proof) -> Result<(String, Program), CliError> {
    for e in crate::examples::EXAMPLES {
        let program = load(e.name)?;
        if ProgramId::of(&program).is_ok_and(|id| id.to_bytes() == proof.program_id) {
            return Ok((e.name.to_string(), program));
        }
    }
    Err(CliError::UnknownProgram(hex::encode(proof.program_id)))
}

/// A fresh proof path for `program`: `<name>.proof` in the current directory.
pub fn default_output(program: &str) -> PathBuf {
    let stem = Path::new(program)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("umbra");
    PathBuf::from(format!("{stem}.proof"))
}
