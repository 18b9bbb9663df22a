//! Making sure the toolchain in use can compile for the guest target.

use crate::{BuildError, GUEST_TARGET};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether [`ensure_target`] found the target or had to add it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetStatus {
    /// The target's standard library was already installed.
    Present,
    /// It was missing and `rustup target add` installed it.
    Added,
}

/// The sysroot of the compiler cargo uses (`RUSTC`, else `rustc` on the path).
fn sysroot() -> Option<PathBuf> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let path = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(path.trim()))
}

fn has_core(lib: &Path) -> bool {
    std::fs::read_dir(lib).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with("libcore-") && n.ends_with(".rlib"))
        })
    })
}

/// Make sure the guest target's `core` is installed for the toolchain in use, running
/// `rustup target add` (for exactly that toolchain: `RUSTUP_TOOLCHAIN`, which the rustup
/// proxy sets) when it is missing. Callers should tell the user when it returns
/// [`TargetStatus::Added`].
pub fn ensure_target() -> Result<TargetStatus, BuildError> {
    let root = sysroot().ok_or(BuildError::Sysroot)?;
    let lib = root.join("lib/rustlib").join(GUEST_TARGET).join("lib");
    if has_core(&lib) {
        return Ok(TargetStatus::Present);
    }
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", GUEST_TARGET]);
    if let Ok(tc) = std::env::var("RUSTUP_TOOLCHAIN") {
        cmd.args(["--toolchain", &tc]);
    }
    let status = cmd.status().map_err(BuildError::Rustup)?;
    if status.success() && has_core(&lib) {
        Ok(TargetStatus::Added)
    } else {
        Err(BuildError::TargetInstall(status))
    }
}
