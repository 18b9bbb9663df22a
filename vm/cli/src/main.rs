//! `umbra` binary: see the library docs.
#![forbid(unsafe_code)]

use clap::{Args, CommandFactory, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use umbra::{CliError, Input, RunOptions};
use umbra_vm::VmConfig;

/// Umbra's RV32IM zkVM: create, build and run guest programs.
///
/// Exit status: 0 the guest halted with code 0; 1 it halted with another code; 2 a problem
/// with the command, its arguments or files; 3 the VM stopped the guest with an error.
#[derive(Parser)]
#[command(name = "umbra", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a guest (a built-in example or an ELF file) and print its journal, exit code,
    /// cycles and syscalls. Proving (`umbra prove` / `umbra verify`) is not built yet.
    Run(RunArgs),
    /// List the built-in example guests: what each does, its private input, its precompiles.
    Examples {
        /// Print one JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Create a guest crate that builds and runs as it is.
    New {
        /// Crate name (letters, digits, '-', '_').
        name: String,
        /// Directory to create it in.
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// The umbra-guest SDK to depend on (default: the one of the checkout this umbra
        /// was built from).
        #[arg(long)]
        sdk: Option<PathBuf>,
    },
    /// Build a guest crate for the zkVM (target riscv32im-unknown-none-elf, linker script
    /// umbra.ld, release profile) and print the ELF path of each binary.
    Build {
        /// The guest crate's directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Args)]
struct RunArgs {
    /// A built-in example's name (see `umbra examples`) or the path of a guest ELF.
    program: String,
    /// Read the private input from a file.
    #[arg(long, value_name = "FILE", group = "source")]
    input: Option<PathBuf>,
    /// Take the private input as hex.
    #[arg(long, value_name = "HEX", group = "source")]
    input_hex: Option<String>,
    /// Use the example's built-in demo input.
    #[arg(long, group = "source")]
    demo: bool,
    /// Use the demo input with one field tampered (shows the rejecting path).
    #[arg(long, group = "source")]
    demo_tamper: bool,
    /// Stop the guest after this many cycles.
    #[arg(long, value_name = "N", default_value_t = VmConfig::default().cycle_limit)]
    cycle_limit: u64,
    /// Most bytes of guest memory pages.
    #[arg(long, value_name = "BYTES", default_value_t = VmConfig::default().memory_limit)]
    memory_limit: u64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

impl RunArgs {
    fn options(&self) -> RunOptions {
        let input = if let Some(p) = &self.input {
            Input::File(p.clone())
        } else if let Some(h) = &self.input_hex {
            Input::Hex(h.clone())
        } else if self.demo || self.demo_tamper {
            Input::Demo {
                tamper: self.demo_tamper,
            }
        } else {
            Input::None
        };
        RunOptions {
            program: self.program.clone(),
            input,
            config: VmConfig {
                cycle_limit: self.cycle_limit,
                memory_limit: self.memory_limit,
                ..VmConfig::default()
            },
        }
    }
}

/// Print `e` as people read it: the sentence, then what to try.
fn report_error(e: &CliError) -> ExitCode {
    let mut err = std::io::stderr();
    if let CliError::Vm(_, out, guest_err) = e {
        let _ = err.write_all(out);
        let _ = err.write_all(guest_err);
    }
    let _ = writeln!(err, "umbra: error: {e}");
    if let Some(hint) = e.hint() {
        let _ = writeln!(err, "umbra: hint: {hint}");
    }
    ExitCode::from(e.exit_code())
}

fn run(args: &RunArgs) -> ExitCode {
    match umbra::run(&args.options()) {
        Ok(report) => {
            if args.json {
                println!("{}", report.json());
            } else {
                let mut err = std::io::stderr();
                let _ = err.write_all(&report.stdout);
                let _ = err.write_all(&report.stderr);
                print!("{}", report.render());
            }
            if report.exit.code == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => report_error(&e),
    }
}

fn examples(json: bool) {
    if json {
        let list: Vec<_> = umbra::examples::EXAMPLES
            .iter()
            .map(|e| {
                serde_json::json!({
                    "name": e.name, "what": e.what, "input": e.input,
                    "precompiles": e.precompiles, "demo": true,
                })
            })
            .collect();
        println!("{}", serde_json::Value::from(list));
        return;
    }
    for e in umbra::examples::EXAMPLES {
        println!("{}", e.name);
        println!("    {}", e.what);
        println!("    input: {}", e.input);
        if !e.precompiles.is_empty() {
            println!("    precompiles: {}", e.precompiles.join(", "));
        }
    }
    println!("\nEvery example has a demo input: umbra run <name> --demo (or --demo-tamper).");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Examples { json } => {
            examples(json);
            ExitCode::SUCCESS
        }
        Command::New { name, path, sdk } => {
            let sdk = sdk.unwrap_or_else(umbra::template::default_sdk);
            match umbra::template::create(&name, &path, &sdk) {
                Ok(dir) => {
                    println!("created {}", dir.display());
                    println!(
                        "build it with `umbra build {0}`, then run it with `umbra run <elf> --input-hex 68656c6c6f`",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report_error(&e),
            }
        }
        Command::Build { dir } => {
            if std::io::stderr().is_terminal() {
                eprintln!("building {} for the zkVM…", dir.display());
            }
            match umbra_build::GuestBuild::new(&dir).run() {
                Ok(built) => {
                    if built.target == umbra_build::TargetStatus::Added {
                        eprintln!(
                            "umbra: added the {} target to your toolchain (rustup target add)",
                            umbra_build::GUEST_TARGET
                        );
                    }
                    for elf in built.elfs {
                        println!("{}", elf.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => report_error(&CliError::Build(e)),
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "umbra", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
