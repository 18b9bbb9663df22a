//! Compiles the client-request shim against valgrind's headers.

fn main() {
    println!("cargo::rerun-if-changed=csrc/shim.c");
    cc::Build::new()
        .file("csrc/shim.c")
        .include("/usr/include")
        .warnings(true)
        .compile("umbra_ctgrind_shim");
}
