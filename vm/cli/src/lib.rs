//! The `umbra` command line, as a library so it can be tested.
//!
//! ```text
//! umbra run <ELF-PATH | EXAMPLE> [--input FILE | --input-hex HEX | --demo | --demo-tamper]
//!           [--cycle-limit N] [--memory-limit BYTES]
//! umbra examples
//! ```
//!
//! `run` prints the journal (hex; for the curve examples also decoded), the exit code, cycles
//! and instructions, and the number of calls per syscall/precompile; the guest's
//! stdout/stderr are forwarded to stderr. `--demo` runs an example on a built-in private
//! input ([`demo`]); `--demo-tamper` on the same input with one field tampered.
#![forbid(unsafe_code)]

pub mod demo;

use std::fmt::Write as _;
use umbra_vm::{Exit, Vm, VmConfig, VmError};

/// What a successful `run` produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
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
    /// Decoded journal of a built-in curve example ([`demo::describe`]).
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
}

/// A command-line error.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage; the message explains.
    Usage(String),
    /// A file could not be read.
    Io(String, std::io::Error),
    /// The VM stopped with an error (guest output so far attached).
    Vm(VmError, Vec<u8>, Vec<u8>),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Usage(m) => write!(f, "{m}\n\n{USAGE}"),
            Self::Io(p, e) => write!(f, "{p}: {e}"),
            Self::Vm(e, _, _) => write!(f, "vm error: {e}"),
        }
    }
}

/// Usage text.
pub const USAGE: &str = "usage:\n  umbra run <ELF-PATH | EXAMPLE> [--input FILE | --input-hex HEX | --demo | --demo-tamper] [--cycle-limit N] [--memory-limit BYTES]\n  umbra examples";

fn parse_u64(flag: &str, v: Option<&String>) -> Result<u64, CliError> {
    v.and_then(|s| s.parse().ok())
        .ok_or_else(|| CliError::Usage(format!("{flag} needs a number")))
}

/// Execute `umbra run` with the arguments after `run`.
pub fn run(args: &[String]) -> Result<Report, CliError> {
    let mut program = None;
    let mut input = Vec::new();
    let mut demo = None;
    let mut config = VmConfig::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--input" => {
                let p = it
                    .next()
                    .ok_or_else(|| CliError::Usage("--input needs a file".into()))?;
                input = std::fs::read(p).map_err(|e| CliError::Io(p.clone(), e))?;
            }
            "--input-hex" => {
                let h = it
                    .next()
                    .ok_or_else(|| CliError::Usage("--input-hex needs hex".into()))?;
                input = hex::decode(h.trim())
                    .map_err(|e| CliError::Usage(format!("--input-hex: {e}")))?;
            }
            "--demo" => demo = Some(false),
            "--demo-tamper" => demo = Some(true),
            "--cycle-limit" => config.cycle_limit = parse_u64(a, it.next())?,
            "--memory-limit" => config.memory_limit = parse_u64(a, it.next())?,
            flag if flag.starts_with("--") => {
                return Err(CliError::Usage(format!("unknown option {flag}")));
            }
            p if program.is_none() => program = Some(p.to_string()),
            extra => return Err(CliError::Usage(format!("unexpected argument {extra}"))),
        }
    }
    let program = program.ok_or_else(|| CliError::Usage("missing program".into()))?;
    if let Some(tamper) = demo {
        input = demo::input(&program, tamper).ok_or_else(|| {
            CliError::Usage(format!(
                "no built-in demo input for {program:?} (see `umbra examples`)"
            ))
        })?;
    }
    let elf = match umbra_guests::example(&program) {
        Some(elf) => elf.to_vec(),
        None => std::fs::read(&program).map_err(|e| CliError::Io(program.clone(), e))?,
    };
    let mut vm = Vm::from_elf(&elf, config)
        .map_err(|e| CliError::Vm(e, Vec::new(), Vec::new()))?
        .with_registry(umbra_precompiles::registry())
        .with_input(input);
    let exit = vm
        .run()
        .map_err(|e| CliError::Vm(e, vm.stdout().to_vec(), vm.stderr().to_vec()))?;
    Ok(Report {
        exit,
        journal: vm.journal().to_vec(),
        counts: vm
            .syscall_counts()
            .iter()
            .map(|(&id, &n)| (umbra_abi::syscall::name(id).unwrap_or("unknown"), id, n))
            .collect(),
        stdout: vm.stdout().to_vec(),
        stderr: vm.stderr().to_vec(),
        summary: umbra_guests::example(&program)
            .and_then(|_| demo::describe(&program, vm.journal())),
    })
}

/// Names of the built-in example guests.
pub fn examples() -> Vec<&'static str> {
    umbra_guests::EXAMPLES.iter().map(|(n, _)| *n).collect()
}
