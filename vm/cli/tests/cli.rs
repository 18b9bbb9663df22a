//! The `umbra` binary end to end.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sha3::Digest;
use std::process::Command;

fn umbra(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_umbra"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_example_with_input_file() {
    let dir = std::env::temp_dir().join(format!("umbra-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("input.bin");
    let mut bytes = 0u32.to_le_bytes().to_vec();
    bytes.extend_from_slice(b"secret");
    std::fs::write(&input, &bytes).unwrap();
    let (code, out, _) = umbra(&["run", "hash-chain", "--input", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let digest: [u8; 32] = sha3::Sha3_256::digest(b"secret").into();
    assert!(
        out.contains(&format!("journal: 00000000{}", hex::encode(digest))),
        "{out}"
    );
    assert!(out.contains("exit code: 0"));
    assert!(out.contains("sha3_256 (0x100): 1"), "{out}");
    assert!(out.contains("cycles: "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_elf_path_and_failures() {
    // By path, with hex input.
    let (code, out, _) = umbra(&["run", umbra_guests::BIGFIB_PATH, "--input-hex", "0a000000"]);
    assert_eq!(code, 0);
    // F(10) = 55 = 0x37: n ‖ 1 limb ‖ 55.
    assert!(out.contains("journal: 0a0000000100000037000000"), "{out}");
    // Guest panic: exit code 101 reported, message forwarded, process status 1.
    let (code, out, err) = umbra(&["run", "panicky", "--input-hex", "01"]);
    assert_eq!(code, 1);
    assert!(out.contains("exit code: 101"));
    assert!(err.contains("panicky: refusing a payload"), "{err}");
    // VM error: status 3 and a sentence naming what happened and where, in hex.
    let (code, _, err) = umbra(&["run", "panicky", "--input-hex", "02"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("read 0x00000100, which is unmapped or lacks that permission"),
        "{err}"
    );
    assert!(err.contains("at pc 0x"), "{err}");
    let (code, _, err) = umbra(&[
        "run",
        "bigfib",
        "--input-hex",
        "ffff0000",
        "--cycle-limit",
        "1000",
    ]);
    assert_eq!(code, 3);
    assert!(
        err.contains("reached the cycle limit of 1000 cycles at pc 0x"),
        "{err}"
    );
    assert!(
        err.contains("hint: raise the limit with --cycle-limit"),
        "{err}"
    );
    // Usage errors.
    assert_eq!(umbra(&["run"]).0, 2);
    assert_eq!(umbra(&["run", "bigfib", "--bogus"]).0, 2);
    assert_eq!(
        umbra(&["run", "bigfib", "--demo", "--input-hex", "00"]).0,
        2
    );
    let (code, _, err) = umbra(&["run", "/nonexistent/file"]);
    assert_eq!(code, 2);
    assert!(err.contains("is neither an example nor a file"), "{err}");
    let (code, _, err) = umbra(&["run", "bigfib", "--input-hex", "zz"]);
    assert_eq!(code, 2);
    assert!(err.contains("--input-hex is not hex"), "{err}");
    // Not an ELF file: a sentence, not a debug form.
    let (code, _, err) = umbra(&["run", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = umbra(&["run", file!()]);
    assert_eq!(code, 2, "{err}");
    let not_elf = std::env::temp_dir().join(format!("umbra-not-elf-{}", std::process::id()));
    std::fs::write(&not_elf, b"hello").unwrap();
    let (code, _, err) = umbra(&["run", not_elf.to_str().unwrap()]);
    std::fs::remove_file(&not_elf).unwrap();
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("cannot be loaded: the file is shorter than an ELF32 header"),
        "{err}"
    );
}

#[test]
fn demo_inputs_run_every_curve_example() {
    let (code, out, err) = umbra(&["run", "bip340-tecdsa", "--demo"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("bip340 signature: valid"), "{out}");
    assert!(out.contains("threshold-ECDSA session: valid"), "{out}");
    assert!(out.contains("blamed parties: []"), "{out}");
    assert!(
        out.contains("key shares vs 5 Feldman commitments: 7 of 7 valid, invalid: []"),
        "{out}"
    );
    assert!(out.contains("bip340_verify (0x105): 1"), "{out}");
    assert!(out.contains("tecdsa_sigshare_verify (0x109): 1"), "{out}");
    let (code, out, _) = umbra(&["run", "bip340-tecdsa", "--demo-tamper"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("threshold-ECDSA session: INVALID (Share)"),
        "{out}"
    );
    assert!(out.contains("blamed parties: [6]"), "{out}");
    assert!(out.contains("6 of 7 valid, invalid: [1]"), "{out}");

    let (code, out, _) = umbra(&["run", "ed25519-batch", "--demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("all valid: true"), "{out}");
    assert!(out.contains("ed25519_verify (0x107): 4"), "{out}");
    let (_, out, _) = umbra(&["run", "ed25519-batch", "--demo-tamper"]);
    assert!(out.contains("signature 2: INVALID (Equation)"), "{out}");
    assert!(out.contains("all valid: false"), "{out}");

    let (code, out, _) = umbra(&["run", "confidential-balance", "--demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("public fee 10: balanced"), "{out}");
    assert!(out.contains("pedersen_commit (0x103): 4"), "{out}");
    let (_, out, _) = umbra(&["run", "confidential-balance", "--demo-tamper"]);
    assert!(out.contains("NOT balanced"), "{out}");

    let (code, out, _) = umbra(&["run", "poseidon-merkle", "--demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("private leaf is a member"), "{out}");
    assert!(out.contains("poseidon_permute (0x102): 4"), "{out}");
    let (_, out, _) = umbra(&["run", "poseidon-merkle", "--demo-tamper"]);
    assert!(out.contains("NOT a member"), "{out}");

    let (code, out, _) = umbra(&["run", "verkle-multiproof", "--demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("proof: valid"), "{out}");
    assert!(out.contains("absent"), "{out}");
    assert!(out.contains("verkle_verify (0x104): 1"), "{out}");
    let (_, out, _) = umbra(&["run", "verkle-multiproof", "--demo-tamper"]);
    assert!(out.contains("proof: INVALID (Equation)"), "{out}");

    // The older examples have demo inputs too; an ELF path has none.
    let (code, out, _) = umbra(&["run", "hash-chain", "--demo"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = umbra(&["run", umbra_guests::BIGFIB_PATH, "--demo"]);
    assert_eq!(code, 2);
    assert!(err.contains("no built-in demo input"), "{err}");
    // The decoded journals of the older examples.
    let (_, out, _) = umbra(&["run", "bigfib", "--input-hex", "0a000000"]);
    assert!(out.contains("F(10) = 55 (2 decimal digits)"), "{out}");
    let (_, out, _) = umbra(&["run", "hash-chain", "--demo"]);
    assert!(out.contains("rounds: 16\nfinal digest: "), "{out}");
    let (_, out, _) = umbra(&["run", "ed25519-batch", "--demo"]);
    assert!(out.contains("ed25519 rule: ZIP-215 (2)"), "{out}");
}

#[test]
fn examples_help_version_and_json() {
    let (code, out, _) = umbra(&["examples"]);
    assert_eq!(code, 0);
    for e in umbra_guests::EXAMPLES {
        assert!(out.lines().any(|l| l == e.0), "{} missing from\n{out}", e.0);
    }
    assert!(out.contains("input: u32 n"), "{out}");
    let (code, out, _) = umbra(&["examples", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), umbra_guests::EXAMPLES.len());

    let (code, out, _) = umbra(&["--help"]);
    assert_eq!(code, 0);
    for sub in ["run", "examples", "new", "build", "completions"] {
        assert!(out.contains(sub), "{out}");
    }
    let (code, out, _) = umbra(&["run", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--cycle-limit"), "{out}");
    let (code, out, _) = umbra(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("umbra {}", env!("CARGO_PKG_VERSION")));
    let (code, out, _) = umbra(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(out.contains("umbra"), "{out}");

    let (code, out, _) = umbra(&["run", "bigfib", "--input-hex", "0a000000", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["journal"], "0a0000000100000037000000");
    assert!(v["cycles"].as_u64().unwrap() > 0);
}

#[test]
fn a_new_guest_builds_and_runs_as_it_is() {
    let dir = std::env::temp_dir().join(format!("umbra-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let parent = dir.to_str().unwrap();
    let (code, out, err) = umbra(&["new", "my-guest", "--path", parent]);
    assert_eq!(code, 0, "{out}{err}");
    // A second time: refused, nothing overwritten.
    let (code, _, err) = umbra(&["new", "my-guest", "--path", parent]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(umbra(&["new", "2bad", "--path", parent]).0, 2);

    let crate_dir = dir.join("my-guest");
    let (code, out, err) = umbra(&["build", crate_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let elf = out.lines().next().unwrap().to_string();
    assert!(
        elf.ends_with("riscv32im-unknown-none-elf/release/my-guest"),
        "{elf}"
    );
    let (code, out, err) = umbra(&["run", &elf, "--input-hex", "68656c6c6f"]);
    assert_eq!(code, 0, "{out}{err}");
    let digest: [u8; 32] = sha3::Sha3_256::digest(b"hello").into();
    assert!(
        out.contains(&format!("journal: {}05000000", hex::encode(digest))),
        "{out}"
    );
    assert!(out.contains("sha3_256 (0x100): 1"), "{out}");

    // Without the `alloc` feature the SDK links no allocator: a guest that reads into a
    // fixed buffer builds and runs.
    let manifest = crate_dir.join("Cargo.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        toml.replace(r#"features = ["alloc"]"#, "features = []"),
    )
    .unwrap();
    std::fs::write(
        crate_dir.join("src/main.rs"),
        "#![no_std]\n#![no_main]\numbra_guest::entry!(main);\nfn main() {\n    \
         let mut b = [0u8; 4];\n    umbra_guest::io::read_private_exact(&mut b);\n    \
         umbra_guest::io::commit(&umbra_guest::precompile::sha3_256(&b));\n}\n",
    )
    .unwrap();
    let (code, out, err) = umbra(&["build", crate_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = umbra(&["run", &elf, "--input-hex", "01020304"]);
    assert_eq!(code, 0, "{out}{err}");
    let digest: [u8; 32] = sha3::Sha3_256::digest([1u8, 2, 3, 4]).into();
    assert!(
        out.contains(&format!("journal: {}", hex::encode(digest))),
        "{out}"
    );
    // Too short an input: the panic names the guest's own line, not the SDK's file.
    let (code, _, err) = umbra(&["run", &elf, "--input-hex", "01"]);
    assert_eq!(code, 1);
    assert!(err.contains("src/main.rs:6"), "{err}");

    // Linked without the linker script: the error says what to do.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(&crate_dir)
        .args(["build", "--release"])
        .env("CARGO_ENCODED_RUSTFLAGS", "")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("__umbra_ld_missing__link_with_Tumbra_ld__or_use_umbra_build"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
