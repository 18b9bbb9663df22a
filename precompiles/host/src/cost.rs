//! Cycle cost of each precompile, charged on top of the 1 cycle of the `ecall`.
//!
//! Costs stand for the proving cost of the precompile relative to plain instructions. They
//! are part of the ABI's observable behaviour (`cycle_count`, cycle limit) and documented
//! in `docs/vm.md`.
//!
//! **Measured** (precompiles with a circuit kind in `umbra-prover`, issue #15): the rows of
//! the call's folds (the folding engine's augmented circuit plus the kind's step) in units
//! of [`ROWS_PER_CYCLE`], the rows per instruction of a CPU fold at the prover's default
//! `k = 256`, rounded up: [`hash`] (one fold per 136-byte block), [`poseidon`] (a fold
//! proves eight calls: an eighth of its rows per call) and [`pedersen`] over Grumpkin (four
//! calls per fold: a quarter) and over secp256k1 (one call per fold, emulated arithmetic),
//! [`bip340`] (a fold, and a quarter of a fold per full message block),
//! [`tecdsa_feldman`] (a fold per eight commitments), [`tecdsa_sigshare`] (a fold per
//! entry) and [`ed25519`] (a fold for messages of up to 175 bytes). `umbra-prover`'s test
//! `costs_are_the_measured_rows` recomputes them from the circuits and fails when they are
//! stale.
//!
//! **Estimated** (the precompiles without a kind yet): the group-operation count
//! in units of one 256-bit variable-base scalar multiplication ([`VAR_BASE_MUL`] = 8 000
//! cycles); fixed-base multiplications count half, point decompressions [`DECOMPRESS`].
//! Message hashing is charged like [`hash`].

/// Keccak sponge rate of SHA3-256 and Keccak-256, in bytes.
pub const KECCAK_RATE: u32 = 136;

/// Rows of the folding engine's augmented circuit (fold verification, state hash, kind
/// selection) with the CPU and every precompile kind of this build (ten kinds), which every
/// fold pays. The prover's eleventh kind, the fixed lookup tables' one fold per proof, is
/// left out of this basis: it adds the same ~2.4k rows to every fold, CPU and precompile
/// alike, which moves the ratios below by under 1 %, and a charge is the *relative* cost of
/// a call (so the charges did not change when it came).
pub const ENGINE_ROWS: u64 = 71_401;

/// Rows of constraints one cycle stands for: a CPU fold at `k = 256` with every circuit
/// kind is 146,671 rows ([`ENGINE_ROWS`] plus `6 + 294·256`), 572.9 per instruction.
/// Kept as the fraction `CPU_FOLD_ROWS / 256`.
pub const CPU_FOLD_ROWS: u64 = ENGINE_ROWS + 6 + 294 * 256;
/// Instructions per CPU fold of [`CPU_FOLD_ROWS`].
pub const CPU_FOLD_K: u64 = 256;
/// [`CPU_FOLD_ROWS`] / [`CPU_FOLD_K`], rounded down (documentation; the costs use the
/// exact fraction).
pub const ROWS_PER_CYCLE: u64 = CPU_FOLD_ROWS / CPU_FOLD_K;

/// Cycles standing for `rows` rows of constraints: `⌈rows · 256 / 146,671⌉`.
pub const fn cycles_for_rows(rows: u64) -> u64 {
    (rows * CPU_FOLD_K).div_ceil(CPU_FOLD_ROWS)
}

/// Rows of one fold of the hash kind: the engine's plus one 136-byte block's 151,560.
pub const HASH_BLOCK_ROWS: u64 = ENGINE_ROWS + 151_560;
/// Cost per 136-byte block (one Keccak-f\[1600\], padding included): one fold of the
/// hash kind, [`cycles_for_rows`]`(`[`HASH_BLOCK_ROWS`]`)` = 390.
pub const HASH_PER_BLOCK: u64 = cycles_for_rows(HASH_BLOCK_ROWS);

/// Cost of hashing `len` bytes with SHA3-256 / Keccak-256: `HASH_PER_BLOCK · (⌊len / 136⌋ +
/// 1)`, one fold per block and nothing else.
pub const fn hash(len: u32) -> u64 {
    HASH_PER_BLOCK * (len / KECCAK_RATE + 1) as u64
}

/// A 256-bit variable-base scalar multiplication (secp256k1, Edwards25519, Ristretto,
/// Jubjub): the unit the curve precompiles are priced in.
pub const VAR_BASE_MUL: u64 = 8_000;
/// A 256-bit fixed-base scalar multiplication (precomputed tables): half a
/// [`VAR_BASE_MUL`].
pub const FIXED_BASE_MUL: u64 = 4_000;
/// Decoding one compressed point (one field square root / inversion).
pub const DECOMPRESS: u64 = 1_000;

/// Rows of one fold of the `bip340_verify` kind: the engine's plus the call's 251,126 (the
/// SHA-256 challenge's `r ‖ pk` block and the message tail's one or two blocks 82,124, the
/// double-scalar multiplication 167,520).
pub const BIP340_FOLD_ROWS: u64 = ENGINE_ROWS + 251_126;

/// Rows of one fold of the SHA-256 block chain of `bip340_verify`'s messages: the
/// engine's plus [`SHA256_BATCH`] blocks, 110,717 (27,678 a block: the compression's 26,416,
/// the bytes' bits, the reads and the links).
pub const SHA256_FOLD_ROWS: u64 = ENGINE_ROWS + 110_717;

/// 64-byte message blocks per fold of the SHA-256 chain.
pub const SHA256_BATCH: u64 = 4;

/// Cost of one full 64-byte block of a `bip340_verify` message: a quarter of a chain fold
/// (80, measured),
/// `⌈`[`SHA256_FOLD_ROWS`]` · 256 / (4 · `[`CPU_FOLD_ROWS`]`)⌉`.
pub const SHA256_PER_BLOCK: u64 =
    (SHA256_FOLD_ROWS * CPU_FOLD_K).div_ceil(CPU_FOLD_ROWS * SHA256_BATCH);

/// BIP-340 verification of a `len`-byte message: one fold of the kind,
/// [`cycles_for_rows`]`(`[`BIP340_FOLD_ROWS`]`)` = 563 (measured; the last `len mod 64` bytes
/// and the padding are hashed there), plus [`SHA256_PER_BLOCK`] for each of the
/// `⌊len/64⌋` full blocks before them.
pub const fn bip340(len: u32) -> u64 {
    cycles_for_rows(BIP340_FOLD_ROWS) + (len / 64) as u64 * SHA256_PER_BLOCK
}

/// Rows of one fold of the `ed25519_verify` kind: the engine's plus one call's 390,770 (the
/// two SHA-512 blocks of `R ‖ A ‖ M` 138,680, `[S]B` and `[k](−A)` 244,239, the decodings,
/// the cofactor multiplications and the identity checks).
pub const ED25519_FOLD_ROWS: u64 = ENGINE_ROWS + 390_770;

/// Message bytes one fold of the `ed25519_verify` kind hashes: `R ‖ A ‖ M` and its padding
/// in two 128-byte SHA-512 blocks.
pub const ED25519_FOLD_MESSAGE: u32 = 175;

/// Rows of one SHA-512 compression in the kinds' circuits (measured: 80 rounds and 64
/// schedule words on 64-bit words as bits).
pub const SHA512_BLOCK_ROWS: u64 = 67_088;

/// Cost of each further 128-byte SHA-512 block of an `ed25519_verify` message past
/// [`ED25519_FOLD_MESSAGE`] bytes: [`cycles_for_rows`]`(`[`SHA512_BLOCK_ROWS`]`)` = 118. Such a
/// message is not provable yet (no SHA-512 block chain kind), so this is the compression's
/// share alone, an estimate of what a chain fold will charge.
pub const SHA512_PER_BLOCK: u64 = cycles_for_rows(SHA512_BLOCK_ROWS);

/// Ed25519 verification of a `len`-byte message under any rule: one fold of its kind,
/// [`cycles_for_rows`]`(`[`ED25519_FOLD_ROWS`]`)` = 807 (measured; messages of up to
/// [`ED25519_FOLD_MESSAGE`] bytes are hashed there), plus [`SHA512_PER_BLOCK`] for each
/// 128-byte block beyond.
pub const fn ed25519(len: u32) -> u64 {
    let extra = if len > ED25519_FOLD_MESSAGE {
        (len - ED25519_FOLD_MESSAGE).div_ceil(128)
    } else {
        0
    };
    cycles_for_rows(ED25519_FOLD_ROWS) + extra as u64 * SHA512_PER_BLOCK
}

/// Rows of one fold of the `tecdsa_feldman_verify` kind (a segment of up to
/// [`FELDMAN_BATCH`] commitments): the engine's plus 157,313 (eight decompressions 5,912,
/// Horner's rule with eight products by the 16-bit index 109,993, `s·G` in fixed-base
/// windows 38,292, the link between segments, the share, the count bound and the reads).
pub const FELDMAN_FOLD_ROWS: u64 = ENGINE_ROWS + 157_313;

/// Commitments one fold of the Feldman kind proves.
pub const FELDMAN_BATCH: u32 = 8;

/// Feldman share verification against `c` commitments: one fold of the kind per
/// [`FELDMAN_BATCH`] commitments, [`cycles_for_rows`]`(`[`FELDMAN_FOLD_ROWS`]`)` = 400 each
/// (measured).
pub const fn tecdsa_feldman(c: u32) -> u64 {
    cycles_for_rows(FELDMAN_FOLD_ROWS) * c.div_ceil(FELDMAN_BATCH) as u64
}

/// Rows of one fold of the `tecdsa_sigshare_verify` kind (one entry): the engine's plus
/// 266,636 (the three-point multiplication through the endomorphism 258,060, the two
/// decompressions, the link, the duplicate check, the bitmap word, and entry 0's header
/// and sums).
pub const SIGSHARE_FOLD_ROWS: u64 = ENGINE_ROWS + 266_636;

/// Signature-share verification of `n` shares: one fold of the kind per entry,
/// [`cycles_for_rows`]`(`[`SIGSHARE_FOLD_ROWS`]`)` = 591 each (measured).
pub const fn tecdsa_sigshare(n: u32) -> u64 {
    cycles_for_rows(SIGSHARE_FOLD_ROWS) * n as u64
}

/// Pedersen commitment in an emulated group without a kind yet (Ristretto255, Jubjub;
/// estimated): two fixed-base multiplications and one point encoding.
pub const PEDERSEN_COMMIT: u64 = 2 * FIXED_BASE_MUL + DECOMPRESS;

/// Grumpkin `pedersen_commit` calls one fold of their kind proves.
pub const PEDERSEN_BATCH: u64 = 4;

/// Rows of one fold of the `pedersen_commit` kind over Grumpkin: the engine's plus a batch
/// of [`PEDERSEN_BATCH`] calls.
pub const PEDERSEN_FOLD_ROWS: u64 = ENGINE_ROWS + 23_105;

/// Rows of one fold of the `pedersen_commit` kind over secp256k1: the engine's plus one
/// call's 77,754 (emulated arithmetic: 129 mixed additions of table points).
pub const PEDERSEN_SECP256K1_FOLD_ROWS: u64 = ENGINE_ROWS + 77_754;

/// Pedersen commitment in `group`: over Grumpkin (BN254-native) a quarter of a fold of its
/// kind, `⌈`[`PEDERSEN_FOLD_ROWS`]` · 256 / (4 · 146,671)⌉` = 42 (measured, the rows shared
/// by a full batch); over secp256k1 a fold of its kind,
/// [`cycles_for_rows`]`(`[`PEDERSEN_SECP256K1_FOLD_ROWS`]`)` = 261 (measured); in the other
/// groups [`PEDERSEN_COMMIT`] (estimated, no kind yet).
pub const fn pedersen(group: umbra_abi::PedersenGroup) -> u64 {
    match group {
        umbra_abi::PedersenGroup::Grumpkin => {
            (PEDERSEN_FOLD_ROWS * CPU_FOLD_K).div_ceil(CPU_FOLD_ROWS * PEDERSEN_BATCH)
        }
        umbra_abi::PedersenGroup::Secp256k1 => cycles_for_rows(PEDERSEN_SECP256K1_FOLD_ROWS),
        _ => PEDERSEN_COMMIT,
    }
}

/// `poseidon_permute` calls one fold of its kind proves.
pub const POSEIDON_BATCH: u64 = 8;

/// Rows of one fold of the `poseidon_permute` kind: the engine's plus a batch of
/// [`POSEIDON_BATCH`] calls (BN254, width 3).
pub const POSEIDON_FOLD_ROWS: u64 = ENGINE_ROWS + 4_909;

/// Poseidon permutation of width `t`: an eighth of a fold of the `poseidon_permute` kind,
/// `⌈`[`POSEIDON_FOLD_ROWS`]` · 256 / (8 · 146,671)⌉` = 17 cycles (measured for BN254 with
/// `t = 3`, the rows shared by a full batch) and charged for every width and field the host
/// has parameters for (the kind proves only BN254, `t = 3`, so far). A guest making fewer
/// than eight calls still has its calls folded once, in one partly used batch. A width
/// without parameters costs 0 (the call faults first).
pub const fn poseidon(t: u32) -> u64 {
    match umbra_poseidon::partial_rounds(t as usize) {
        Some(_) => (POSEIDON_FOLD_ROWS * CPU_FOLD_K).div_ceil(CPU_FOLD_ROWS * POSEIDON_BATCH),
        None => 0,
    }
}

/// RedJubjub verification of a `len`-byte message: decode `vk` and `R`,
/// `[c]vk − [S]B` (one variable- plus one fixed-base multiplication; the cofactor
/// multiplication is three doublings, negligible) and the BLAKE2b-512 challenge over
/// `R ‖ vk ‖ m`, charged like [`hash`] of `len + 64` bytes (estimated; no kind yet).
pub const fn redjubjub(len: u32) -> u64 {
    2 * DECOMPRESS + FIXED_BASE_MUL + VAR_BASE_MUL + hash(len.saturating_add(64))
}

/// The IPA check of a Verkle multiproof (width 256, 8 rounds): decode the 16 points
/// `L_i`, `R_i` and one 256-term multi-scalar multiplication over the CRS, charged as
/// 80 [`VAR_BASE_MUL`] (Pippenger with 8-bit windows: 32 windows × ~768 additions plus
/// 256 doublings ≈ 25 000 group operations, against ≈ 320 for one scalar multiplication).
pub const VERKLE_IPA: u64 = 16 * DECOMPRESS + 80 * VAR_BASE_MUL;
/// Size of the multiproof part of a Verkle tree proof (`D` ‖ IPA proof).
pub const VERKLE_MULTIPROOF_LEN: u32 = 576;

/// Verkle tree-proof verification of `keys` claims with a `proof_len`-byte proof:
/// [`VERKLE_IPA`], plus per 32 bytes of proof outside the multiproof (one node
/// commitment) a decompression and a variable-base multiplication (its term in the
/// aggregated commitment `Σ rⁱ/(t − zᵢ)·Cᵢ`), plus per key one [`DECOMPRESS`] (the field
/// inversion of its opening point and the commitment-to-field hashes).
pub const fn verkle(keys: u32, proof_len: u32) -> u64 {
    let comms = (proof_len.saturating_sub(VERKLE_MULTIPROOF_LEN) / 32) as u64;
    VERKLE_IPA + (DECOMPRESS + VAR_BASE_MUL) * comms + DECOMPRESS * keys as u64
}
