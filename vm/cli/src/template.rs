//! `umbra new`: a guest crate that builds and runs as it is.
//!
//! The crate is its own cargo workspace (so it never joins an enclosing one), depends on
//! `umbra-guest` by path (the crates are not published), and carries the target and the
//! linker script in `.cargo/config.toml`, so a plain `cargo build --release` inside it works
//! as well as `umbra build`.

use crate::CliError;
use std::path::{Path, PathBuf};

/// The guest SDK of the checkout this `umbra` was built from.
pub fn default_sdk() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../precompiles/guest")
}

/// Whether `name` can be a package and binary name.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

/// The files of a new guest crate: (relative path, contents).
pub fn files(name: &str, sdk: &Path) -> Vec<(&'static str, String)> {
    // TOML basic strings need `\` and `"` escaped; paths on Windows have backslashes.
    let sdk = sdk
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    vec![
        (
            "Cargo.toml",
            format!(
                r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
# The guest SDK: entry point, start-up code, linker script, I/O, precompile wrappers.
# `alloc` installs its bump allocator as the global allocator.
umbra-guest = {{ path = "{sdk}", features = ["alloc"] }}

# Its own workspace: a guest never joins the workspace of the directory it sits in.
[workspace]

[profile.dev]
panic = "abort"

[profile.release]
panic = "abort"
opt-level = 3
lto = true
codegen-units = 1
"#
            ),
        ),
        (
            ".cargo/config.toml",
            r#"# Plain `cargo build --release` builds for the zkVM; `umbra build` passes the same.
[build]
target = "riscv32im-unknown-none-elf"

[target.riscv32im-unknown-none-elf]
# umbra-guest's build script puts umbra.ld on the library search path.
rustflags = ["-C", "link-arg=-Tumbra.ld"]
"#
            .to_string(),
        ),
        (
            "rust-toolchain.toml",
            r#"[toolchain]
channel = "stable"
targets = ["riscv32im-unknown-none-elf"]
"#
            .to_string(),
        ),
        (".gitignore", "/target\n".to_string()),
        (
            "src/main.rs",
            format!(
                r#"//! {name}: an Umbra zkVM guest.
//!
//! Private input: any bytes (`umbra run <elf> --input FILE` or `--input-hex HEX`).
//! Journal (public): SHA3-256 of the input (32 bytes) ‖ its length (u32 LE). The input
//! itself never leaves the guest.
#![no_std]
#![no_main]

use umbra_guest::{{io, precompile}};

umbra_guest::entry!(main);

fn main() {{
    let input = io::read_private_vec();
    // The sha3_256 precompile: one `ecall`, run natively by the host.
    let digest = precompile::sha3_256(&input);
    io::commit(&digest);
    io::commit(&(input.len() as u32).to_le_bytes());
}}
"#
            ),
        ),
    ]
}

/// Create the guest crate `name` in `parent` against the SDK at `sdk`; returns its path.
pub fn create(name: &str, parent: &Path, sdk: &Path) -> Result<PathBuf, CliError> {
    if !valid_name(name) {
        return Err(CliError::BadName(name.to_string()));
    }
    let dir = parent.join(name);
    if dir.exists() {
        return Err(CliError::Exists(dir));
    }
    let sdk = sdk
        .canonicalize()
        .map_err(|e| CliError::Io(sdk.to_path_buf(), e))?;
    for (rel, contents) in files(name, &sdk) {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| CliError::Io(p.to_path_buf(), e))?;
        }
        std::fs::write(&path, contents).map_err(|e| CliError::Io(path.clone(), e))?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        for ok in ["g", "my-guest", "guest_2"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "2guest", "-g", "a b", "a/b", "é", &"x".repeat(65)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn paths_are_escaped_in_the_manifest() {
        let files = files("g", Path::new(r#"C:\sdk "x""#));
        let manifest = &files[0].1;
        assert!(manifest.contains(r#"path = "C:\\sdk \"x\"""#), "{manifest}");
    }
}
