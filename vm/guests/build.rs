//! Builds the guest programs in `programs/` for `riscv32im-unknown-none-elf` with a nested
//! cargo build (like risc0's methods crates) through `umbra-build`, and writes `guests.rs`
//! into `OUT_DIR` with each ELF's bytes and path.
//!
//! * The nested build uses its own target directory (`<target>/umbra-guests`, next to the
//!   outer profile directories), so it never waits on the outer build-directory lock.
//! * `umbra-build` sanitises the environment (the outer build's flags, wrappers, profile
//!   and instrumentation must not leak into the guest build; the jobserver is kept) and, on
//!   a fresh machine whose toolchain lacks the guest target (rustup does not add the targets
//!   of `rust-toolchain.toml` to a toolchain that is already installed), runs
//!   `rustup target add` and says so in a cargo warning.
//! * It reruns only when guest, SDK or ABI sources change; the nested cargo is incremental.
use std::{env, fs, path::PathBuf};
use umbra_build::{GUEST_TARGET, GuestBuild, TargetStatus};

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

    let built = match GuestBuild::new(&programs).target_dir(&target_dir).run() {
        Ok(built) => built,
        Err(e) => fail(&format!("the example guests did not build: {e}")),
    };
    if built.target == TargetStatus::Added {
        println!(
            "cargo:warning=the guest target {GUEST_TARGET} was missing from the toolchain; \
             ran `rustup target add {GUEST_TARGET}` to build the example guests"
        );
    }

    let mut src = String::new();
    let mut list = String::new();
    for (name, konst) in GUESTS {
        let Some(elf) = built
            .elfs
            .iter()
            .find(|e| e.file_name() == Some(name.as_ref()))
        else {
            fail(&format!("the guest build produced no binary named {name}"));
        };
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
