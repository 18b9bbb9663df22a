//! # umbra-build — compile zkVM guest crates
//!
//! A guest is an ordinary Rust binary crate that depends on `umbra-guest`; it needs three
//! things a plain `cargo build` does not give it: the `riscv32im-unknown-none-elf` target,
//! the linker script `umbra.ld` (which `umbra-guest`'s build script puts on the search path)
//! and, inside another cargo build, an environment cleaned of the outer build's flags. This
//! crate does those three things once, for the `umbra build` command and for host build
//! scripts (like `vm/guests/build.rs`, the risc0 "methods crate" pattern):
//!
//! ```no_run
//! let build = umbra_build::GuestBuild::new("path/to/my-guest");
//! let built = build.run()?; // one ELF path per binary target of the guest crate
//! for elf in &built.elfs {
//!     println!("{}", elf.display());
//! }
//! # Ok::<(), umbra_build::BuildError>(())
//! ```
//!
//! rustup does not add the targets named in `rust-toolchain.toml` to a toolchain that is
//! already installed, so [`ensure_target`] looks for the target's `core` in the sysroot and
//! runs `rustup target add` for the toolchain in use when it is missing.
#![forbid(unsafe_code)]

mod target;

pub use target::{TargetStatus, ensure_target};

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// The zkVM's target triple.
pub const GUEST_TARGET: &str = "riscv32im-unknown-none-elf";

/// The flags every guest binary is linked with: the `umbra.ld` linker script.
pub const GUEST_RUSTFLAGS: &[&str] = &["-C", "link-arg=-Tumbra.ld"];

/// Why a guest build failed.
#[derive(Debug)]
pub enum BuildError {
    /// `rustc --print sysroot` could not be run or failed.
    Sysroot,
    /// The target is missing and `rustup` could not be run.
    Rustup(std::io::Error),
    /// `rustup target add` ran but the target is still missing.
    TargetInstall(ExitStatus),
    /// `cargo` could not be run.
    Cargo(std::io::Error),
    /// `cargo metadata` or `cargo build` failed (its own output says why).
    CargoFailed {
        /// What was run (`metadata` or `build`).
        what: &'static str,
        /// Its exit status.
        status: ExitStatus,
    },
    /// `cargo metadata` printed something this crate cannot read.
    Metadata(String),
    /// The directory holds no binary crate.
    NoBinary(PathBuf),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sysroot => {
                f.write_str("cannot ask rustc for its sysroot (`rustc --print sysroot` failed)")
            }
            Self::Rustup(e) => write!(
                f,
                "the guest target {GUEST_TARGET} is not installed and rustup cannot be run ({e}); \
                 install the target for your toolchain by hand"
            ),
            Self::TargetInstall(s) => write!(
                f,
                "`rustup target add {GUEST_TARGET}` did not install the guest target ({s}); \
                 try it by hand"
            ),
            Self::Cargo(e) => write!(f, "cannot run cargo: {e}"),
            Self::CargoFailed { what, status } => {
                write!(
                    f,
                    "`cargo {what}` for the guest failed ({status}); its output is above"
                )
            }
            Self::Metadata(m) => write!(f, "cannot read `cargo metadata` output: {m}"),
            Self::NoBinary(p) => write!(f, "{} holds no binary crate to build", p.display()),
        }
    }
}

impl std::error::Error for BuildError {}

/// What [`GuestBuild::run`] produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// The ELF path of every binary target, sorted by name.
    pub elfs: Vec<PathBuf>,
    /// Whether the guest target was already installed or had to be added.
    pub target: TargetStatus,
}

/// One guest build: a crate (or workspace) directory, a target directory and a profile.
#[derive(Clone, Debug)]
pub struct GuestBuild {
    dir: PathBuf,
    target_dir: Option<PathBuf>,
    release: bool,
}

impl GuestBuild {
    /// Build the crate or workspace in `dir`, release profile, its own target directory.
    pub fn new(dir: impl AsRef<Path>) -> Self {
        Self {
            dir: dir.as_ref().to_path_buf(),
            target_dir: None,
            release: true,
        }
    }

    /// Put the build in `dir` instead of the crate's own `target/`. A build script should
    /// pass a directory outside the outer build's lock (e.g. next to `OUT_DIR`'s profile
    /// directory), or the nested cargo waits for the outer one forever.
    pub fn target_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.target_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Use the dev profile (unoptimised; guests are normally built `--release`).
    pub fn debug(mut self) -> Self {
        self.release = false;
        self
    }

    fn cargo() -> Command {
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }

    /// The `cargo build` command, with the outer build's flags, wrappers, profile and
    /// instrumentation removed from its environment (the jobserver is kept, so a nested
    /// build shares the outer build's job slots).
    pub fn command(&self) -> Command {
        let mut cmd = Self::cargo();
        cmd.current_dir(&self.dir)
            .args(["build", "--target", GUEST_TARGET]);
        if self.release {
            cmd.arg("--release");
        }
        cmd.arg("--manifest-path").arg(self.dir.join("Cargo.toml"));
        if let Some(t) = &self.target_dir {
            cmd.arg("--target-dir").arg(t);
        }
        sanitise(&mut cmd);
        // The linker script, whatever the crate's own `.cargo/config.toml` says.
        cmd.env("CARGO_ENCODED_RUSTFLAGS", GUEST_RUSTFLAGS.join("\u{1f}"));
        cmd
    }

    /// Install the target if needed, build, and return the ELF path of every binary target
    /// of the crate (of every member, for a workspace), sorted by name, with whether the
    /// target had to be added (callers should tell the user).
    pub fn run(&self) -> Result<Built, BuildError> {
        let target = ensure_target()?;
        let meta = self.metadata()?;
        let status = self.command().status().map_err(BuildError::Cargo)?;
        if !status.success() {
            return Err(BuildError::CargoFailed {
                what: "build",
                status,
            });
        }
        let target_dir = self.target_dir.clone().unwrap_or(meta.target_dir);
        let profile = if self.release { "release" } else { "debug" };
        let out = target_dir.join(GUEST_TARGET).join(profile);
        Ok(Built {
            elfs: meta.bins.iter().map(|b| out.join(b)).collect(),
            target,
        })
    }

    fn metadata(&self) -> Result<Metadata, BuildError> {
        let mut cmd = Self::cargo();
        cmd.current_dir(&self.dir)
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(self.dir.join("Cargo.toml"));
        sanitise(&mut cmd);
        let out = cmd.output().map_err(BuildError::Cargo)?;
        if !out.status.success() {
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            return Err(BuildError::CargoFailed {
                what: "metadata",
                status: out.status,
            });
        }
        Metadata::parse(&out.stdout, &self.dir)
    }
}

/// What a guest build needs from `cargo metadata`.
struct Metadata {
    target_dir: PathBuf,
    bins: Vec<String>,
}

impl Metadata {
    fn parse(json: &[u8], dir: &Path) -> Result<Self, BuildError> {
        let bad = |m: &str| BuildError::Metadata(m.to_string());
        let v: serde_json::Value =
            serde_json::from_slice(json).map_err(|e| BuildError::Metadata(e.to_string()))?;
        let target_dir = v["target_directory"]
            .as_str()
            .ok_or_else(|| bad("no target_directory"))?;
        let mut bins: Vec<String> = v["packages"]
            .as_array()
            .ok_or_else(|| bad("no packages"))?
            .iter()
            .flat_map(|p| p["targets"].as_array().into_iter().flatten())
            .filter(|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "bin"))
            })
            .filter_map(|t| t["name"].as_str().map(str::to_string))
            .collect();
        bins.sort();
        if bins.is_empty() {
            return Err(BuildError::NoBinary(dir.to_path_buf()));
        }
        Ok(Self {
            target_dir: PathBuf::from(target_dir),
            bins,
        })
    }
}

/// Remove what an outer cargo build puts in the environment and must not leak into a nested
/// guest build: flags, wrappers (clippy's `RUSTC_WORKSPACE_WRAPPER`), target and profile
/// overrides, coverage and fuzzing instrumentation, the outer package's build-script
/// variables.
fn sanitise(cmd: &mut Command) {
    let strip: Vec<OsString> = std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| k.to_str().is_some_and(leaks_into_nested_build))
        .collect();
    for k in strip {
        cmd.env_remove(k);
    }
}

fn leaks_into_nested_build(k: &str) -> bool {
    matches!(
        k,
        "RUSTFLAGS"
            | "RUSTDOCFLAGS"
            | "RUSTC_WRAPPER"
            | "RUSTC_WORKSPACE_WRAPPER"
            | "CARGO_ENCODED_RUSTFLAGS"
            | "CARGO_ENCODED_RUSTDOCFLAGS"
            | "CARGO_TARGET_DIR"
            | "CARGO_BUILD_TARGET"
            | "CARGO_BUILD_TARGET_DIR"
            | "CARGO_BUILD_RUSTFLAGS"
            | "CARGO_BUILD_RUSTC_WRAPPER"
            | "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER"
            | "CARGO_PRIMARY_PACKAGE"
            | "CARGO_INCREMENTAL"
            | "CARGO_MANIFEST_DIR"
            | "CARGO_MANIFEST_PATH"
            | "OUT_DIR"
            | "TARGET"
            | "HOST"
            | "PROFILE"
            | "OPT_LEVEL"
            | "DEBUG"
            | "LLVM_PROFILE_FILE"
    ) || k.starts_with("CARGO_PROFILE_")
        || (k.starts_with("CARGO_TARGET_") && k != "CARGO_TARGET_DIR")
        || k.starts_with("CARGO_LLVM_COV")
        || k.starts_with("CARGO_CFG_")
        || k.starts_with("CARGO_FEATURE_")
        || k.starts_with("CARGO_PKG_")
        || k.starts_with("DEP_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outer_build_variables_are_stripped_and_the_jobserver_kept() {
        for k in [
            "RUSTFLAGS",
            "RUSTC_WORKSPACE_WRAPPER",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_PROFILE_RELEASE_LTO",
            "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER",
            "CARGO_CFG_TARGET_ARCH",
            "CARGO_FEATURE_STD",
            "DEP_Z_INCLUDE",
            "OUT_DIR",
        ] {
            assert!(leaks_into_nested_build(k), "{k}");
        }
        for k in [
            "CARGO_MAKEFLAGS",
            "CARGO_HOME",
            "RUSTUP_TOOLCHAIN",
            "PATH",
            "RUSTC",
        ] {
            assert!(!leaks_into_nested_build(k), "{k}");
        }
    }

    #[test]
    fn metadata_lists_binaries_only() {
        let json = br#"{"target_directory":"/t","packages":[{"targets":[
            {"kind":["bin"],"name":"b"},{"kind":["lib"],"name":"l"},{"kind":["bin"],"name":"a"}]}]}"#;
        let m = Metadata::parse(json, Path::new("/x")).unwrap();
        assert_eq!(m.bins, ["a", "b"]);
        assert_eq!(m.target_dir, PathBuf::from("/t"));
        let none =
            br#"{"target_directory":"/t","packages":[{"targets":[{"kind":["lib"],"name":"l"}]}]}"#;
        assert!(matches!(
            Metadata::parse(none, Path::new("/x")),
            Err(BuildError::NoBinary(_))
        ));
        assert!(matches!(
            Metadata::parse(b"{", Path::new("/x")),
            Err(BuildError::Metadata(_))
        ));
    }
}
