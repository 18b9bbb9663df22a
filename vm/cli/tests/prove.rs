//! `umbra prove` and `umbra verify` through the binary: example guests proved and verified,
//! typed failures for what cannot be proved, and exit status 1 for a bad proof file.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

/// The binary with the tests' own key cache (shared by the tests of this binary, kept under
/// the target directory rather than the user's cache).
fn umbra(args: &[&str]) -> (i32, String, String) {
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("key-cache");
    umbra_cached(&cache, args)
}

fn umbra_cached(cache: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_umbra"))
        .env("UMBRA_CACHE_DIR", cache)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("umbra-prove-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn bigfib_proved_and_verified_and_bad_files_rejected() {
    let proof = scratch("fib.proof");
    let p = proof.to_str().unwrap();
    // A key cache of its own: this test corrupts it.
    let cache = scratch("key-cache");
    let _ = std::fs::remove_dir_all(&cache);
    let umbra = |args: &[&str]| umbra_cached(&cache, args);
    let (code, out, err) = umbra(&[
        "prove",
        "bigfib",
        "--input-hex",
        "0a000000",
        "--k",
        "64",
        "-o",
        p,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("journal: 0a0000000100000037000000"), "{out}");
    assert!(out.contains("exit code: 0"), "{out}");

    // Without a program: found among the examples by its id.
    let (code, out, err) = umbra(&["verify", p]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("program: bigfib"), "{out}");
    assert!(out.contains("F(10) = 55"), "{out}");
    assert!(out.contains("proof: valid"), "{out}");
    // The prover wrote the transparent keys' generators to the cache. Corrupt the largest
    // file: the next verification notes it, hashes them afresh, rewrites the file, and
    // still accepts.
    let mut files: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort_by_key(|f| std::fs::metadata(f).unwrap().len());
    let largest = files.last().unwrap().clone();
    let good = std::fs::read(&largest).unwrap();
    let mut bad = good.clone();
    bad[100] ^= 1;
    std::fs::write(&largest, &bad).unwrap();
    let (code, out, err) = umbra(&["verify", p, "bigfib", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("key cache file replaced (corrupted (integrity hash))"),
        "{err}"
    );
    assert_eq!(std::fs::read(&largest).unwrap(), good);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["journal"], "0a0000000100000037000000");

    // Another program: rejected before any parameter is built.
    let (code, _, err) = umbra(&["verify", p, "panicky"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("proof rejected: the proof is for program"),
        "{err}"
    );

    // Truncated, padded, corrupted: status 1 with a sentence, never a panic.
    let bytes = std::fs::read(&proof).unwrap();
    let bad = scratch("bad.proof");
    let b = bad.to_str().unwrap();
    for (what, data, msg) in [
        ("truncated", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        ("padded", [&bytes[..], &[0]].concat(), "trailing bytes"),
        ("not a proof", b"hello".to_vec(), "bad magic"),
    ] {
        std::fs::write(&bad, data).unwrap();
        let (code, _, err) = umbra(&["verify", b, "bigfib"]);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(err.contains(msg), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    // The journal byte claimed F(10) = 55; claim 56 instead.
    let mut forged = bytes.clone();
    let at = bytes
        .windows(12)
        .position(|w| w == [0x0a, 0, 0, 0, 1, 0, 0, 0, 0x37, 0, 0, 0])
        .unwrap();
    forged[at + 8] = 0x38;
    std::fs::write(&bad, &forged).unwrap();
    let (code, _, err) = umbra(&["verify", b, "bigfib"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("proof rejected"), "{err}");
}

#[test]
fn panicking_guest_proved_with_exit_code_101() {
    let proof = scratch("panicky.proof");
    let p = proof.to_str().unwrap();
    let (code, out, err) = umbra(&[
        "prove",
        "panicky",
        "--demo-tamper",
        "--k",
        "64",
        "-o",
        p,
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["exit_code"], 101);
    let (code, out, err) = umbra(&["verify", p]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("program: panicky"), "{out}");
    assert!(out.contains("exit code: 101"), "{out}");
}

// poseidon-merkle's four `poseidon_permute` calls and confidential-balance's four
// `pedersen_commit` calls (Grumpkin) are proved by their circuit kinds; the tampered demos
// (one leaf bit flipped; one output amount off by one) are proved too, and their journals
// say "not a member" and "not balanced". Two tests, so the test harness runs them side by
// side.

#[test]
fn poseidon_merkle_proved_through_its_precompile_kind() {
    proved_with_its_verdict("poseidon-merkle");
}

#[test]
fn confidential_balance_proved_through_its_precompile_kind() {
    proved_with_its_verdict("confidential-balance");
}

#[test]
fn ed25519_batch_proved_through_its_precompile_kind() {
    // Four ZIP-215 verifications, one fold of the ed25519 kind each. The tampered run only
    // (the valid signatures and the changed one: both verdicts; the `--demo` run is
    // measured in docs/benchmarks.md — each run is four 462k-row folds): the verified
    // journal is the host's, signature 2 invalid with `Equation`, "all valid" 0.
    let proof = scratch("ed25519-batch--demo-tamper.proof");
    let p = proof.to_str().unwrap();
    let (code, out, err) = umbra(&["prove", "ed25519-batch", "--demo-tamper", "-o", p]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = umbra(&["verify", p, "ed25519-batch", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["exit_code"], 0);
    let journal = hex::decode(v["journal"].as_str().unwrap()).unwrap();
    // rule (ZIP-215) ‖ count ‖ 4 × (key ‖ valid ‖ reason) ‖ all valid.
    assert_eq!(journal[..8], [2, 0, 0, 0, 4, 0, 0, 0]);
    let verdicts: Vec<[u8; 2]> = (0..4)
        .map(|i| {
            let at = 8 + 34 * i + 32;
            [journal[at], journal[at + 1]]
        })
        .collect();
    let equation = umbra_abi::Reason::Equation.code() as u8;
    assert_eq!(verdicts, [[1, 0], [1, 0], [0, equation], [1, 0]]);
    assert_eq!(journal.last(), Some(&0));
}

fn proved_with_its_verdict(example: &str) {
    let mut journals = Vec::new();
    for demo in ["--demo", "--demo-tamper"] {
        let proof = scratch(&format!("{example}{demo}.proof"));
        let p = proof.to_str().unwrap();
        // k = 256 (the default): 15 folds instead of 47 at k = 64, half the time.
        let (code, out, err) = umbra(&["prove", example, demo, "--k", "256", "-o", p]);
        assert_eq!(code, 0, "{out}{err}");
        let (code, out, err) = umbra(&["verify", p, example, "--json"]);
        assert_eq!(code, 0, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["exit_code"], 0);
        journals.push(v["journal"].clone());
    }
    assert_ne!(journals[0], journals[1]);
    // The last journal byte is the verdict (member, balanced): 1, then 0.
    let last = |j: &serde_json::Value| {
        j.as_str()
            .unwrap()
            .chars()
            .rev()
            .take(2)
            .collect::<String>()
    };
    assert_eq!(last(&journals[0]), "10");
    assert_eq!(last(&journals[1]), "00");
}

#[test]
fn hash_chain_proved_through_the_hash_kind() {
    // One round: SHA3-256 of the secret, then Keccak-256 of that digest (two calls, one
    // block each). The journal is `rounds ‖ digest`, checked against the `sha3` crate. (One
    // secret: the demo tests show a tampered input changing the verified journal.)
    use sha3::Digest;
    let secret = b"secret";
    let mut input = 1u32.to_le_bytes().to_vec();
    input.extend_from_slice(secret);
    let proof = scratch(&format!("hash-chain-{}.proof", hex::encode(secret)));
    let p = proof.to_str().unwrap();
    let hex_in = hex::encode(&input);
    let (code, out, err) = umbra(&[
        "prove",
        "hash-chain",
        "--input-hex",
        &hex_in,
        "--k",
        "64",
        "-o",
        p,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = umbra(&["verify", p, "hash-chain", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d0 = sha3::Sha3_256::digest(secret);
    let d1 = sha3::Keccak256::digest(d0);
    let mut journal = 1u32.to_le_bytes().to_vec();
    journal.extend_from_slice(&d1);
    assert_eq!(v["journal"], hex::encode(journal));
}

#[test]
fn guests_calling_precompiles_are_not_provable_yet() {
    let (code, _, err) = umbra(&["prove", "verkle-multiproof", "--demo", "-o", "/dev/null"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("calls the precompile verkle_verify") && err.contains("not provable yet"),
        "{err}"
    );
    assert!(
        err.contains(
            "hint: only poseidon_permute (BN254, width 3), sha3_256, keccak256, \
             pedersen_commit (Grumpkin, secp256k1), bip340_verify, tecdsa_feldman_verify, \
             tecdsa_sigshare_verify and ed25519_verify (messages of up to 175 bytes)"
        ),
        "{err}"
    );
    // A faulting execution cannot be proved either: the VM's error, status 3.
    let (code, _, err) = umbra(&["prove", "panicky", "--input-hex", "02", "-o", "/dev/null"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("did not halt normally"), "{err}");
}

#[test]
#[ignore = "full suite: a 65 s proof; the README's main job proves `--demo`"]
fn full_suite_bip340_tecdsa_tampered_session_proved_with_its_blame() {
    // The README's main job proves and verifies `bip340-tecdsa --demo` (every verdict
    // valid); here the tampered session: the verified journal is the run's with
    // `--demo-tamper`, not the one with `--demo`, and decodes to the blamed signer.
    let journal = |demo: &str| {
        let (code, out, err) = umbra(&["run", "bip340-tecdsa", demo, "--json"]);
        assert_eq!(code, 0, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["journal"].clone()
    };
    let proof = scratch("bip340-tecdsa-tamper.proof");
    let p = proof.to_str().unwrap();
    let (code, out, err) = umbra(&["prove", "bip340-tecdsa", "--demo-tamper", "-o", p]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = umbra(&["verify", p, "bip340-tecdsa"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("proof: valid"), "{out}");
    assert!(
        out.contains("threshold-ECDSA session: INVALID (Share)"),
        "{out}"
    );
    assert!(out.contains("blamed parties: [6]"), "{out}");
    assert!(out.contains("6 of 7 valid, invalid: [1]"), "{out}");
    let (code, out, err) = umbra(&["verify", p, "bip340-tecdsa", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["journal"], journal("--demo-tamper"));
    assert_ne!(v["journal"], journal("--demo"));
}
