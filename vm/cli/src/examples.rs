//! What each built-in example guest does and what private input it reads.

/// One example guest.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// Name (`umbra run <name>`).
    pub name: &'static str,
    /// What it does.
    pub what: &'static str,
    /// Its private input format (all integers little-endian).
    pub input: &'static str,
    /// The precompiles it calls.
    pub precompiles: &'static [&'static str],
}

/// Every built-in example guest, in the order `umbra examples` prints them. All have a
/// `--demo` input.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "bip340-tecdsa",
        what: "verifies a BIP-340 signature and a GG20 threshold-ECDSA signing session, blames bad signers, checks key shares against Feldman commitments; commits only the verdicts",
        input: "key ‖ signature ‖ u32 len ‖ message; GG20 session (Y, R, z, signers with nonce/key/signature shares); Feldman commitments and key shares",
        precompiles: &[
            "bip340_verify",
            "tecdsa_sigshare_verify",
            "tecdsa_feldman_verify",
        ],
    },
    Example {
        name: "ed25519-batch",
        what: "verifies a batch of Ed25519 signatures under one rule (RFC 8032, strict or ZIP-215)",
        input: "u32 rule (0 RFC 8032, 1 strict, 2 ZIP-215) ‖ u32 count ‖ count × (key 32 ‖ signature 64 ‖ u32 len ‖ message)",
        precompiles: &["ed25519_verify"],
    },
    Example {
        name: "confidential-balance",
        what: "commits to private input and output amounts with Pedersen commitments and checks they balance with a public fee",
        input: "u32 group (0 Ristretto255, 1 secp256k1, 2 Jubjub, 3 Grumpkin) ‖ u64 fee ‖ u32 n_in ‖ u32 n_out ‖ (n_in + n_out) × (u64 amount ‖ blinding 32)",
        precompiles: &["pedersen_commit"],
    },
    Example {
        name: "poseidon-merkle",
        what: "proves a private leaf is in a Poseidon (BN254) Merkle tree without revealing the leaf or its path",
        input: "root 32 ‖ u32 depth (1..=32) ‖ leaf 32 ‖ depth × sibling 32 ‖ u32 index (BN254 Fr, 32 bytes LE)",
        precompiles: &["poseidon_permute"],
    },
    Example {
        name: "verkle-multiproof",
        what: "verifies an EIP-6800 Verkle tree proof of presence and absence claims against a root",
        input: "root 32 ‖ u32 count ‖ count × (key 32 ‖ present 1 ‖ value 32) ‖ u32 len ‖ tree proof (umbra-verkle wire format)",
        precompiles: &["verkle_verify"],
    },
    Example {
        name: "hash-chain",
        what: "hashes a private secret, then alternates Keccak-256 and SHA3-256 for a number of rounds; commits the rounds and the final digest",
        input: "u32 rounds ‖ secret bytes",
        precompiles: &["sha3_256", "keccak256"],
    },
    Example {
        name: "bigfib",
        what: "computes the Fibonacci number F(n) with 32-bit limbs (pure RV32IM, no precompile)",
        input: "u32 n (up to ~180,000)",
        precompiles: &[],
    },
    Example {
        name: "panicky",
        what: "exercises failure paths: a guest panic (exit code 101), a memory fault, an unavailable precompile, running out of heap",
        input: "u8 mode (0 commit \"ok\", 1 panic, 2 memory fault, 3 unavailable precompile, 4 out of heap, other: exit with it) ‖ payload",
        precompiles: &[],
    },
];

/// The description of the example called `name`.
pub fn find(name: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.name == name)
}
