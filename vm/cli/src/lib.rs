//! The `umbra` command line, as a library so it can be tested.
//!
//! ```text
//! umbra run <EXAMPLE | ELF> [--input FILE | --input-hex HEX | --demo | --demo-tamper]
//!           [--cycle-limit N] [--memory-limit BYTES] [--json]
//! umbra examples [--json]
//! umbra new <NAME> [--path DIR] [--sdk DIR]
//! umbra build [DIR]
//! umbra completions <SHELL>
//! ```
//!
//! `run` prints the journal (hex, and decoded for the examples), the exit code, cycles and
//! instructions, and the calls per syscall/precompile; the guest's stdout/stderr go to
//! stderr. `--demo` runs an example on a built-in private input ([`demo`]); `--demo-tamper`
//! on the same input with one field tampered. Exit status: 0 the guest halted with code 0,
//! 1 it halted with another code, 2 a problem with the command or its files, 3 the VM
//! stopped the guest with an error ([`CliError::exit_code`]).
#![forbid(unsafe_code)]

pub mod demo;
mod error;
pub mod examples;
pub mod prove;
pub mod template;

pub use error::CliError;

use std::fmt::Write as _;
use std::path::PathBuf;
use umbra_vm::{Exit, Vm, VmConfig};

/// Where `run` takes the guest's private input from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Input {
    /// No private input.
    #[default]
    None,
    /// The bytes of a file.
    File(PathBuf),
    /// Hex on the command line.
    Hex(String),
    /// The example's built-in demo input, honest or with one field tampered.
    Demo {
        /// Tamper with one field.
        tamper: bool,
    },
}

/// What `umbra run` runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// A built-in example's name or an ELF file's path.
    pub program: String,
    /// The private input.
    pub input: Input,
    /// Execution limits.
    pub config: VmConfig,
}

/// What a successful `run` produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The program as given (example name or path).
    pub program: String,
    /// How the guest halted.
    pub exit: Exit,
    /// The journal.
    pub journal: Vec<u8>,
    /// (syscall name, id, calls).
    pub counts: Vec<(&'static str, u32, u64)>,
    /// Guest stdout.
    pub stdout: Vec<u8>,
    /// Guest stderr.
    pub stderr: Vec<u8>,
    /// Decoded journal of a built-in example ([`demo::describe`]).
    pub summary: Option<String>,
}

impl Report {
    /// The human-readable summary `umbra run` prints.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "journal: {}", hex::encode(&self.journal));
        if let Some(summary) = &self.summary {
            s += summary;
        }
        let _ = writeln!(s, "exit code: {}", self.exit.code);
        let _ = writeln!(
            s,
            "cycles: {} (instructions: {})",
            self.exit.cycles, self.exit.instructions
        );
        let _ = writeln!(s, "syscalls:");
        for (name, id, n) in &self.counts {
            let _ = writeln!(s, "  {name} ({id:#x}): {n}");
        }
        s
    }

    /// The machine-readable summary `umbra run --json` prints (one JSON object).
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "program": self.program,
            "exit_code": self.exit.code,
            "cycles": self.exit.cycles,
            "instructions": self.exit.instructions,
            "journal": hex::encode(&self.journal),
            "summary": self.summary,
            "syscalls": self.counts.iter().map(|(name, id, n)| serde_json::json!({
                "name": name, "id": id, "calls": n,
            })).collect::<Vec<_>>(),
            "stdout": String::from_utf8_lossy(&self.stdout),
            "stderr": String::from_utf8_lossy(&self.stderr),
        })
    }
}

/// The private input bytes `input` names for `program`.
fn input_bytes(program: &str, input: &Input) -> Result<Vec<u8>, CliError> {
    match input {
        Input::None => Ok(Vec::new()),
        Input::File(p) => std::fs::read(p).map_err(|e| CliError::Io(p.clone(), e)),
        Input::Hex(h) => hex::decode(h.trim()).map_err(|e| CliError::BadHex(e.to_string())),
        Input::Demo { tamper } => {
            demo::input(program, *tamper).ok_or_else(|| CliError::NoDemo(program.to_string()))
        }
    }
}

/// The ELF bytes of `program`: a built-in example, else a file.
pub fn program_elf(program: &str) -> Result<Vec<u8>, CliError> {
    match umbra_guests::example(program) {
        Some(elf) => Ok(elf.to_vec()),
        None => std::fs::read(program).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CliError::NoSuchProgram(program.to_string()),
            _ => CliError::Io(program.into(), e),
        }),
    }
}

/// Execute `umbra run`.
pub fn run(opts: &RunOptions) -> Result<Report, CliError> {
    let program = opts.program.as_str();
    let elf = program_elf(program)?;
    let input = input_bytes(program, &opts.input)?;
    let mut vm = Vm::from_elf(&elf, opts.config)
        .map_err(|e| CliError::Vm(e, Vec::new(), Vec::new()))?
        .with_registry(umbra_precompiles::registry())
        .with_input(input);
    let exit = vm
        .run()
        .map_err(|e| CliError::Vm(e, vm.stdout().to_vec(), vm.stderr().to_vec()))?;
    Ok(Report {
        program: program.to_string(),
        exit,
        journal: vm.journal().to_vec(),
        counts: vm
            .syscall_counts()
            .iter()
            .map(|(&id, &n)| (umbra_abi::syscall::name(id).unwrap_or("unknown"), id, n))
            .collect(),
        stdout: vm.stdout().to_vec(),
        stderr: vm.stderr().to_vec(),
        summary: umbra_guests::example(program).and_then(|_| demo::describe(program, vm.journal())),
    })
}
