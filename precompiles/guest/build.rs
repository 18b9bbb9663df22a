//! Puts the guest linker script `umbra.ld` on the link search path of every guest binary
//! that depends on this crate (guests link with `-C link-arg=-Tumbra.ld`).
use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=umbra.ld");
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("riscv32") {
        return;
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = fs::copy("umbra.ld", out.join("umbra.ld")) {
        println!("cargo:warning=cannot copy umbra.ld: {e}");
        std::process::exit(1);
    }
    println!("cargo:rustc-link-search=native={}", out.display());
}
