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
