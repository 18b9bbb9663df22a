//! Builds the guest programs in `programs/` for `riscv32im-unknown-none-elf` with a nested
//! `cargo build --release` (like risc0's methods crates) and writes `guests.rs` into
//! `OUT_DIR` with each ELF's bytes and path.
//!
//! * The nested build uses its own target directory (`<target>/umbra-guests`, next to the
//!   outer profile directories), so it never waits on the outer build-directory lock.
//! * The environment is sanitised: flags, wrappers (clippy's `RUSTC_WORKSPACE_WRAPPER`),
//!   target/profile overrides and coverage/fuzzing instrumentation of the outer build must
//!   not leak into the guest build. The jobserver (`CARGO_MAKEFLAGS`) is kept, so the
//!   nested build shares the outer build's job slots.
//! * It reruns only when guest, SDK or ABI sources change; the nested cargo is incremental.
//! * On a fresh machine the toolchain may lack the guest target: rustup does not add the
//!   targets of `rust-toolchain.toml` to a toolchain that is already installed. The script
//!   looks for the target's standard library in the sysroot and, when it is missing, runs
//!   `rustup target add` for the toolchain in use and says so in a cargo warning.
use std::{env, fs, path::PathBuf, process::Command};

const TARGET: &str = "riscv32im-unknown-none-elf";
/// (package/binary name, constant prefix)
const GUESTS: &[(&str, &str)] = &[
    ("hash-chain", "HASH_CHAIN"),
    ("bigfib", "BIGFIB"),
    ("panicky", "PANICKY"),
    ("bip340-tecdsa", "BIP340_TECDSA"),
    ("ed25519-batch", "ED25519_BATCH"),
    ("confidential-balance", "CONFIDENTIAL_BALANCE"),
    ("poseidon-merkle", "POSEIDON_MERKLE"),
    ("verkle-multiproof", "VERKLE_MULTIPROOF"),
];

fn fail(msg: &str) -> ! {
    println!("cargo:warning={msg}");
    eprintln!("{msg}");
    std::process::exit(1)
}

/// The sysroot of the compiler this build uses (`RUSTC`, set by cargo).
fn sysroot() -> Option<PathBuf> {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
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

/// Makes sure the guest target's `core` is installed, adding it with rustup if not.
fn ensure_target_installed() {
    let Some(root) = sysroot() else {
        fail("cannot ask rustc for its sysroot (`rustc --print sysroot` failed)");
    };
    let lib = root.join("lib/rustlib").join(TARGET).join("lib");
    let has_core = |dir: &PathBuf| {
        fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with("libcore-") && n.ends_with(".rlib"))
            })
        })
    };
    if has_core(&lib) {
        return;
    }
    // RUSTUP_TOOLCHAIN is set by the rustup proxy that started this build: add the target
    // to exactly that toolchain, not to the user's default.
    let toolchain = env::var("RUSTUP_TOOLCHAIN").ok();
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", TARGET]);
    if let Some(tc) = &toolchain {
        cmd.args(["--toolchain", tc]);
    }
    let on = toolchain.as_deref().unwrap_or("the active toolchain");
    println!(
        "cargo:warning=the guest target {TARGET} was missing from {on}; \
         ran `rustup target add {TARGET}` to build the example guests"
    );
    match cmd.status() {
        Ok(s) if s.success() && has_core(&lib) => {}
        Ok(s) => fail(&format!(
            "`rustup target add {TARGET}` did not install the guest target ({s}); \
             install it by hand: rustup target add {TARGET}"
        )),
        Err(e) => fail(&format!(
            "the guest target {TARGET} is not installed and rustup cannot be run ({e}); \
             install the target for your toolchain by hand"
        )),
    }
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let programs = manifest.join("programs");
    let root = manifest.join("../..");
    for p in [
        programs.clone(),
        root.join("precompiles/guest"),
        root.join("precompiles/abi"),
    ] {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    println!("cargo:rerun-if-changed=build.rs");

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    // OUT_DIR = <target>/<profile>/build/<pkg>-<hash>/out
    let target_dir = out_dir
        .ancestors()
        .nth(4)
        .map(|t| t.join("umbra-guests"))
        .unwrap_or_else(|| out_dir.join("umbra-guests"));

    ensure_target_installed();

    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&programs)
        .arg("build")
        .arg("--release")
        .arg("--target")
        .arg(TARGET)
        .arg("--manifest-path")
        .arg(programs.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    for (key, _) in env::vars_os() {
        let Some(k) = key.to_str() else { continue };
        let strip = matches!(
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
                | "LLVM_PROFILE_FILE"
        ) || k.starts_with("CARGO_PROFILE_")
            || (k.starts_with("CARGO_TARGET_") && k != "CARGO_TARGET_DIR")
            || k.starts_with("CARGO_LLVM_COV")
            || k.starts_with("CARGO_CFG_")
            || k.starts_with("CARGO_FEATURE_")
            || k.starts_with("DEP_");
        if strip {
            cmd.env_remove(k);
        }
    }
    match cmd.status() {
        Ok(s) if s.success() => {}
        Ok(s) => fail(&format!(
            "nested guest build failed ({s}); is the {TARGET} target installed (rust-toolchain.toml)?"
        )),
        Err(e) => fail(&format!("cannot run cargo for the guest build: {e}")),
    }

    let mut src = String::new();
    let mut list = String::new();
    for (name, konst) in GUESTS {
        let elf = target_dir.join(TARGET).join("release").join(name);
        if !elf.is_file() {
            fail(&format!("guest ELF missing: {}", elf.display()));
        }
        let path = elf.display().to_string();
        src += &format!(
            "/// ELF of the `{name}` guest.\npub const {konst}_ELF: &[u8] = include_bytes!({path:?});\n\
             /// Path of the `{name}` guest's ELF.\npub const {konst}_PATH: &str = {path:?};\n"
        );
        list += &format!("    ({name:?}, {konst}_ELF),\n");
    }
    src += &format!(
        "/// Every example guest: (name, ELF bytes).\npub const EXAMPLES: &[(&str, &[u8])] = &[\n{list}];\n"
    );
    if let Err(e) = fs::write(out_dir.join("guests.rs"), src) {
        fail(&format!("cannot write guests.rs: {e}"));
    }
}
