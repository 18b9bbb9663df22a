//! Runs named cases under valgrind and compares the reports with what each
//! case expects.

use std::env;
use std::process::{Command, ExitCode};

use crate::requests::{error_count, running_on_valgrind};

/// Set in the child so that a missing valgrind cannot cause an exec loop.
const REEXEC_GUARD: &str = "UMBRA_CTGRIND_CHILD";

/// What a case is expected to produce under memcheck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// No report: the code is constant-time in the classified secrets.
    ConstantTime,
    /// At least one report: a deliberately leaky function, proving the
    /// harness bites.
    Leaks,
}

/// One named constant-time check.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    name: &'static str,
    expect: Expect,
    body: fn(),
}

impl Case {
    /// A case that runs `body`, which classifies its secrets, runs the
    /// operation and declassifies the public outputs.
    pub const fn new(name: &'static str, expect: Expect, body: fn()) -> Self {
        Self { name, expect, body }
    }

    /// The case's name, used to filter from the command line.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

/// Runs `cases` under valgrind memcheck and returns the process exit code.
///
/// Outside valgrind the binary re-executes itself under `valgrind`. Command
/// line arguments are substring filters on case names. It prints one line per
/// case and a closing `N passed, N failed` line; it fails if a constant-time
/// case produced a report, a leaky case produced none, or nothing ran.
pub fn run(cases: &[Case]) -> ExitCode {
    let filters: Vec<String> = env::args().skip(1).collect();
    if !running_on_valgrind() {
        return reexec_under_valgrind(&filters);
    }
    let selected: Vec<&Case> = cases
        .iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    let (mut passed, mut failed) = (0usize, 0usize);
    for case in &selected {
        let before = error_count();
        (case.body)();
        let reports = error_count() - before;
        let ok = match case.expect {
            Expect::ConstantTime => reports == 0,
            Expect::Leaks => reports > 0,
        };
        let verdict = if ok { "ok" } else { "FAILED" };
        eprintln!(
            "ctgrind: {} ... {verdict} ({reports} report(s), expected {:?})",
            case.name, case.expect
        );
        if ok {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    println!("ctgrind: {passed} passed, {failed} failed");
    if failed == 0 && passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn reexec_under_valgrind(filters: &[String]) -> ExitCode {
    if env::var_os(REEXEC_GUARD).is_some() {
        eprintln!("ctgrind: re-executed but valgrind is not active; is valgrind installed?");
        return ExitCode::FAILURE;
    }
    let exe = match env::current_exe() {
        Ok(exe) => exe,
        Err(err) => {
            eprintln!("ctgrind: cannot find own executable: {err}");
            return ExitCode::FAILURE;
        }
    };
    let status = Command::new("valgrind")
        .args([
            "--tool=memcheck",
            "--quiet",
            "--track-origins=yes",
            "--error-limit=no",
            "--leak-check=no",
            "--num-callers=12",
        ])
        .arg(&exe)
        .args(filters)
        .env(REEXEC_GUARD, "1")
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!("ctgrind: {} exited with {s}", exe.display());
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("ctgrind: cannot start valgrind: {err}");
            ExitCode::FAILURE
        }
    }
}
