//! `umbra` binary: see the library docs.
#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut err = std::io::stderr();
    match args.first().map(String::as_str) {
        Some("run") => match umbra::run(&args[1..]) {
            Ok(report) => {
                let _ = err.write_all(&report.stdout);
                let _ = err.write_all(&report.stderr);
                print!("{}", report.render());
                if report.exit.code == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                if let umbra::CliError::Vm(_, out, guest_err) = &e {
                    let _ = err.write_all(out);
                    let _ = err.write_all(guest_err);
                }
                let _ = writeln!(err, "umbra: {e}");
                ExitCode::from(2)
            }
        },
        Some("examples") => {
            for name in umbra::examples() {
                println!("{name}");
            }
            ExitCode::SUCCESS
        }
        _ => {
            let _ = writeln!(err, "{}", umbra::USAGE);
            ExitCode::from(2)
        }
    }
}
