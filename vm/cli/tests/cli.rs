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
    // VM error: status 2 and the typed error.
    let (code, _, err) = umbra(&["run", "panicky", "--input-hex", "02"]);
    assert_eq!(code, 2);
    assert!(err.contains("vm error"), "{err}");
    let (code, _, err) = umbra(&[
        "run",
        "bigfib",
        "--input-hex",
        "ffff0000",
        "--cycle-limit",
        "1000",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("CycleLimit"), "{err}");
    // Usage errors.
    assert_eq!(umbra(&["run"]).0, 2);
    assert_eq!(umbra(&["run", "bigfib", "--bogus"]).0, 2);
    assert_eq!(umbra(&["run", "/nonexistent/file"]).0, 2);
    let (code, out, _) = umbra(&["examples"]);
    assert_eq!(code, 0);
    assert!(out.contains("hash-chain") && out.contains("bigfib") && out.contains("panicky"));
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
    let (code, _, err) = umbra(&["run", "/nonexistent.elf", "--demo"]);
    assert_eq!(code, 2);
    assert!(err.contains("no built-in demo input"), "{err}");
    let (_, out, _) = umbra(&["examples"]);
    for e in [
        "bip340-tecdsa",
        "ed25519-batch",
        "confidential-balance",
        "poseidon-merkle",
        "verkle-multiproof",
    ] {
        assert!(out.lines().any(|l| l == e), "{out}");
    }
}
