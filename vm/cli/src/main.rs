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
    /// cycles and syscalls.
    Run(RunArgs),
    /// Run a guest and prove the execution: writes a proof file that `umbra verify` checks.
    /// Provable precompiles so far: `poseidon_permute` (BN254, width 3), `sha3_256`,
    /// `keccak256`, `pedersen_commit` (Grumpkin, secp256k1), `bip340_verify`,
    /// `tecdsa_feldman_verify`, `tecdsa_sigshare_verify`, `ed25519_verify` (messages of up
    /// to 175 bytes).
    Prove(ProveArgs),
    /// Verify a proof file and print the program id, exit code and journal it proves.
    /// Exit status 0 when the proof is valid, 1 when it is rejected or malformed.
    Verify(VerifyArgs),
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
struct InputArgs {
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
}

impl InputArgs {
    fn input(&self) -> Input {
        if let Some(p) = &self.input {
            Input::File(p.clone())
        } else if let Some(h) = &self.input_hex {
            Input::Hex(h.clone())
        } else if self.demo || self.demo_tamper {
            Input::Demo {
                tamper: self.demo_tamper,
            }
        } else {
            Input::None
        }
    }
}

#[derive(Args)]
struct LimitArgs {
    /// Stop the guest after this many cycles.
    #[arg(long, value_name = "N", default_value_t = VmConfig::default().cycle_limit)]
    cycle_limit: u64,
    /// Most bytes of guest memory pages.
    #[arg(long, value_name = "BYTES", default_value_t = VmConfig::default().memory_limit)]
    memory_limit: u64,
}

impl LimitArgs {
    fn config(&self) -> VmConfig {
        VmConfig {
            cycle_limit: self.cycle_limit,
            memory_limit: self.memory_limit,
            ..VmConfig::default()
        }
    }
}

#[derive(Args)]
struct RunArgs {
    /// A built-in example's name (see `umbra examples`) or the path of a guest ELF.
    program: String,
    #[command(flatten)]
    source: InputArgs,
    #[command(flatten)]
    limits: LimitArgs,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

impl RunArgs {
    fn options(&self) -> RunOptions {
        RunOptions {
            program: self.program.clone(),
            input: self.source.input(),
            config: self.limits.config(),
        }
    }
}

#[derive(Args)]
struct ProveArgs {
    /// A built-in example's name (see `umbra examples`) or the path of a guest ELF.
    program: String,
    #[command(flatten)]
    source: InputArgs,
    #[command(flatten)]
    limits: LimitArgs,
    /// Where to write the proof [default: <program>.proof].
    #[arg(short, long, value_name = "PROOF")]
    output: Option<PathBuf>,
    /// Instructions per fold.
    #[arg(long, value_name = "K", default_value_t = umbra_prover::DEFAULT_K)]
    k: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct VerifyArgs {
    /// The proof file.
    proof: PathBuf,
    /// The program the proof is about: an example's name or a guest ELF [default: the
    /// built-in example whose program id the proof names].
    program: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
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

fn prove(args: &ProveArgs) -> ExitCode {
    let req = umbra::prove::ProveRequest {
        program: args.program.clone(),
        input: args.source.input(),
        config: args.limits.config(),
        k: args.k,
        output: args
            .output
            .clone()
            .unwrap_or_else(|| umbra::prove::default_output(&args.program)),
    };
    // A progress bar only for people watching a terminal.
    let bar = (!args.json && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_message("executing (pass 1: advice commitments)");
        b.enable_steady_tick(std::time::Duration::from_millis(200));
        b
    });
    let mut on_progress = |p: umbra_prover::Progress| {
        let Some(b) = &bar else { return };
        match p {
            umbra_prover::Progress::Executed { steps, cycles } => {
                b.set_style(
                    indicatif::ProgressStyle::with_template(
                        "folding {bar:30} {pos}/{len} steps  {per_sec}  eta {eta}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                b.set_length(steps);
                b.set_message(format!("{cycles} cycles"));
            }
            umbra_prover::Progress::Folded { done, .. } => b.set_position(done),
        }
    };
    let result = umbra::prove::prove(&req, &mut on_progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match result {
        Ok(r) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({
                        "proof": req.output.display().to_string(),
                        "program_id": r.program_id.to_string(),
                        "exit_code": r.exit_code,
                        "journal": hex::encode(&r.journal),
                        "cycles": r.cycles,
                        "folds": r.folds,
                        "k": r.k,
                        "setup_seconds": r.setup.as_secs_f64(),
                        "prove_seconds": r.prove.as_secs_f64(),
                        "proof_bytes": r.proof_bytes,
                        "peak_rss_bytes": r.peak_rss,
                    })
                );
            } else {
                println!("proof: {} ({} bytes)", req.output.display(), r.proof_bytes);
                println!("program id: {}", r.program_id);
                println!("journal: {}", hex::encode(&r.journal));
                println!("exit code: {}", r.exit_code);
                let secs = r.prove.as_secs_f64();
                println!(
                    "cycles: {}, folds: {} of {} instructions, proving {:.1} s ({:.0} cycles/s), setup {:.1} s",
                    r.cycles,
                    r.folds,
                    r.k,
                    secs,
                    r.cycles as f64 / secs.max(1e-9),
                    r.setup.as_secs_f64()
                );
                if let Some(m) = r.peak_rss {
                    println!("peak memory: {:.0} MiB", m as f64 / (1024.0 * 1024.0));
                }
                println!(
                    "not zero-knowledge yet: the proof reveals the guest's final memory and the private input it read"
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => report_error(&e),
    }
}

fn verify(args: &VerifyArgs) -> ExitCode {
    match umbra::prove::verify(&args.proof, args.program.as_deref()) {
        Ok((name, v)) => {
            let summary =
                umbra_guests::example(&name).and_then(|_| umbra::demo::describe(&name, &v.journal));
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({
                        "valid": true,
                        "program": name,
                        "program_id": v.program_id.to_string(),
                        "exit_code": v.exit_code,
                        "journal": hex::encode(&v.journal),
                        "summary": summary,
                        "cycles": v.cycles,
                        "folds": v.steps,
                    })
                );
            } else {
                println!("program: {name}");
                println!("program id: {}", v.program_id);
                println!("journal: {}", hex::encode(&v.journal));
                if let Some(s) = summary {
                    print!("{s}");
                }
                println!("exit code: {}", v.exit_code);
                println!("cycles: {} ({} folds)", v.cycles, v.steps);
                println!("proof: valid");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"valid": false, "error": e.to_string()})
                );
            }
            report_error(&e)
        }
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
        Command::Prove(args) => prove(&args),
        Command::Verify(args) => verify(&args),
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
