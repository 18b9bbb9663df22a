//! # umbra-abi — the Umbra zkVM syscall ABI
//!
//! The single source of truth for every `ecall` a guest can make: syscall ids, which
//! register holds what, the byte layout of every buffer, the error codes, the memory map and
//! the ABI version. Both the guest SDK (`umbra-guest`) and the host (`umbra-vm`,
//! `umbra-precompiles`) import this crate; neither hard-codes a number of its own.
//! `no_std`, no dependencies. `docs/abi.md` is the prose version of this file.
//!
//! ## Calling convention
//!
//! | register | role |
//! |---|---|
//! | `t0` (`x5`) | syscall id ([`syscall`]) |
//! | `a0`..`a3` (`x10`..`x13`) | arguments (integers or pointers into guest memory) |
//! | `a0` (`x10`), `a1` (`x11`) | results after the call |
//!
//! Every call except `halt` writes both `a0` and `a1` (`a1 = 0` where a syscall has a single
//! result); every other register is preserved by the host. An `ecall` never returns an error code for
//! a *malformed* call: a bad pointer, a misaligned buffer, an out-of-range length, an unknown
//! syscall id, an unknown variant id (field, rule, group) or an undecodable canonical input of
//! a non-verifying precompile stops the guest with a typed VM error that names the syscall
//! and the [`ErrorCode`]. *Verification* precompiles instead return a verdict
//! ([`VERDICT_VALID`] / [`VERDICT_INVALID`]) in `a0` and a [`Reason`] in `a1`, and a
//! signature, key, share or proof that fails to decode (non-canonical scalar, point not on
//! the curve, ...) is an ordinary `INVALID` verdict: a guest must be able to reject (and
//! blame) attacker-supplied data without being killed by it.
//!
//! ## Buffers
//!
//! * Output buffers and in/out state buffers must be 4-byte aligned ([`OUT_ALIGN`]);
//!   input byte strings (messages, proofs, key/signature blocks) may have any alignment.
//! * A buffer `(ptr, len)` must lie entirely inside readable (inputs) or writable (outputs)
//!   guest memory; `len` may be 0, in which case `ptr` is not dereferenced.
//! * Integers inside buffers are little-endian `u32`.
//! * Field elements and scalars follow the encoding of their ecosystem, stated per syscall:
//!   arkworks fields (BN254 Fr, BLS12-381 Fr, Jubjub and Grumpkin scalars) are 32 bytes
//!   little-endian canonical (`< p`); secp256k1 scalars are 32 bytes big-endian (SEC1,
//!   BIP-340); Curve25519/Ristretto scalars are 32 bytes little-endian.
#![no_std]
#![forbid(unsafe_code)]

/// ABI version. Bumped on any incompatible change to an id, a register role or a layout.
/// Adding a new syscall id or error code is compatible and bumps the minor part.
pub const ABI_VERSION: AbiVersion = AbiVersion { major: 1, minor: 1 };

/// A `major.minor` ABI version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AbiVersion {
    /// Incompatible changes.
    pub major: u16,
    /// Compatible additions.
    pub minor: u16,
}

/// Register numbers of the calling convention.
pub mod reg {
    /// `t0`: syscall id.
    pub const SYSCALL_ID: usize = 5;
    /// `a0`: first argument and first result.
    pub const A0: usize = 10;
    /// `a1`: second argument and second result.
    pub const A1: usize = 11;
    /// `a2`: third argument.
    pub const A2: usize = 12;
    /// `a3`: fourth argument.
    pub const A3: usize = 13;
    /// `sp`: stack pointer.
    pub const SP: usize = 2;
}

/// Guest memory map (shared by the VM, the loader and the guest linker script).
pub mod memory {
    /// Page size of the VM's sparse memory, in bytes.
    pub const PAGE_SIZE: u32 = 4096;
    /// First address of guest memory; everything below is unmapped (null guard).
    pub const RAM_START: u32 = 0x0001_0000;
    /// One past the last address of guest memory.
    pub const RAM_END: u32 = 0x1000_0000;
    /// Where the guest linker script places `.text` (the first loadable segment).
    pub const TEXT_START: u32 = 0x0002_0000;
    /// Initial stack pointer (the stack grows down from here, 16-byte aligned).
    pub const STACK_TOP: u32 = RAM_END;
    /// Size of the region the guest linker script reserves for the stack below
    /// [`STACK_TOP`]; the heap ends where it begins.
    pub const STACK_SIZE: u32 = 0x0010_0000;
}

/// Required alignment of output and in/out state buffers.
pub const OUT_ALIGN: u32 = 4;

/// Exit codes a guest reports with [`syscall::HALT`].
pub mod exit {
    /// Normal termination (also what returning from `main` reports).
    pub const SUCCESS: u32 = 0;
    /// The guest panicked; the panic message was written to [`super::fd::STDERR`] first.
    pub const PANIC: u32 = 101;
    /// The guest's bump allocator ran out of heap.
    pub const OUT_OF_MEMORY: u32 = 102;
}

/// File descriptors accepted by [`syscall::WRITE`].
pub mod fd {
    /// Debug output.
    pub const STDOUT: u32 = 1;
    /// Diagnostics (the panic handler writes here).
    pub const STDERR: u32 = 2;
}

/// Verification verdict in `a0`: the input verifies.
pub const VERDICT_VALID: u32 = 1;
/// Verification verdict in `a0`: the input does not verify (see the [`Reason`] in `a1`).
pub const VERDICT_INVALID: u32 = 0;

/// Syscall ids (the value of `t0`). System calls are `0x00..0x100`, precompiles `0x100..`.
///
/// Each constant documents its registers and buffer layouts; "returns" means the values of
/// `a0`/`a1` after the call.
pub mod syscall {
    /// Stop the guest. `a0` = exit code ([`crate::exit`]). Does not return.
    pub const HALT: u32 = 0x00;
    /// Debug output. `a0` = file descriptor ([`crate::fd`]), `a1` = pointer, `a2` = length
    /// (at most [`crate::limits::MAX_WRITE`] per call). Returns `a0` = bytes written (= `a2`).
    pub const WRITE: u32 = 0x01;
    /// Read the next bytes of the private input. `a0` = destination pointer, `a1` = capacity.
    /// Copies `n = min(capacity, remaining)` bytes and advances the input cursor.
    /// Returns `a0` = `n` (0 at end of input).
    pub const READ_PRIVATE: u32 = 0x02;
    /// Number of private-input bytes not yet read. No arguments. Returns `a0` = remaining.
    pub const PRIVATE_REMAINING: u32 = 0x03;
    /// Append bytes to the journal (the public output). `a0` = pointer, `a1` = length.
    /// The journal is capped at [`crate::limits::MAX_JOURNAL`] bytes. Returns `a0` = 0.
    pub const COMMIT: u32 = 0x04;
    /// Cycles executed so far, including this `ecall`. No arguments.
    /// Returns `a0` = low 32 bits, `a1` = high 32 bits.
    pub const CYCLE_COUNT: u32 = 0x05;

    /// SHA3-256 (FIPS 202). `a0` = input pointer, `a1` = input length,
    /// `a2` = output pointer (32 bytes, 4-aligned). Returns `a0` = 0.
    pub const SHA3_256: u32 = 0x100;
    /// Keccak-256 (the original Keccak padding, as in Ethereum). Same registers as
    /// [`SHA3_256`].
    pub const KECCAK_256: u32 = 0x101;
    /// Poseidon permutation in place. `a0` = field id ([`crate::PoseidonField`]),
    /// `a1` = width `t` ([`crate::limits::POSEIDON_MIN_WIDTH`]..=
    /// [`crate::limits::POSEIDON_MAX_WIDTH`], a width the parameter set supports),
    /// `a2` = state pointer (`t` × 32 bytes, 4-aligned, each element little-endian
    /// canonical `< p`; overwritten with the permuted state). Returns `a0` = 0.
    /// A non-canonical element is a fault ([`crate::ErrorCode::BadEncoding`]).
    pub const POSEIDON_PERMUTE: u32 = 0x102;
    /// Pedersen commitment `C = v·G + r·H`. `a0` = group id ([`crate::PedersenGroup`]),
    /// `a1` = pointer to 64 bytes: `v` (32) ‖ `r` (32) in the group's scalar encoding,
    /// `a2` = output pointer (4-aligned), `a3` = output capacity (at least
    /// [`crate::PedersenGroup::commitment_len`]). Returns `a0` = bytes written.
    /// A non-canonical scalar is a fault ([`crate::ErrorCode::BadEncoding`]), an unknown
    /// group id [`crate::ErrorCode::BadVariant`], a capacity below the commitment's length
    /// [`crate::ErrorCode::BadLength`].
    pub const PEDERSEN_COMMIT: u32 = 0x103;
    /// Verkle (EIP-6800) multiproof verification. `a0` = pointer to the 32-byte root
    /// commitment (Banderwagon serialisation), `a1` = proof pointer, `a2` = proof length,
    /// `a3` = pointer to the key/value block: `count: u32` then `count` entries of
    /// `key (32) ‖ present (1 byte: 0 = absent, 1 = present) ‖ value (32)` (65 bytes each;
    /// the value is ignored when absent). Returns the verdict in `a0`, [`crate::Reason`] in `a1`.
    pub const VERKLE_VERIFY: u32 = 0x104;
    /// BIP-340 Schnorr verification (raw message, no pre-hash). `a0` = pointer to 96 bytes:
    /// x-only public key (32) ‖ signature `r ‖ s` (64), `a1` = message pointer,
    /// `a2` = message length (any), `a3` = 0 (reserved). Returns the verdict in `a0`,
    /// [`crate::Reason`] in `a1`.
    pub const BIP340_VERIFY: u32 = 0x105;
    /// RedJubjub (Zcash RedDSA over Jubjub) verification. `a0` = pointer to 96 bytes:
    /// verification key (32) ‖ signature `R ‖ S` (64), `a1` = message pointer,
    /// `a2` = message length, `a3` = [`crate::RedJubjubVariant`]. Returns the verdict in `a0`,
    /// [`crate::Reason`] in `a1`.
    pub const REDJUBJUB_VERIFY: u32 = 0x106;
    /// Ed25519 verification. `a0` = pointer to 96 bytes: public key (32) ‖ signature
    /// `R ‖ S` (64), `a1` = message pointer, `a2` = message length,
    /// `a3` = [`crate::Ed25519Rule`]. Returns the verdict in `a0`, [`crate::Reason`] in `a1`.
    pub const ED25519_VERIFY: u32 = 0x107;
    /// Threshold-ECDSA Feldman share verification `s_i·G == Σ_j i^j·C_j` over secp256k1.
    /// `a0` = pointer to the commitments `C_0..C_t` (each 33-byte SEC1 compressed),
    /// `a1` = number of commitments `t + 1` (1..=[`crate::limits::MAX_PARTIES`]),
    /// `a2` = pointer to 36 bytes: index `i` (u32 LE, 1..=65535) ‖ share `s_i` (32,
    /// big-endian, `< n`), `a3` = 0 (reserved). Returns the verdict in `a0`,
    /// [`crate::Reason`] in `a1`: `Encoding` for an undecodable commitment (anything but a
    /// tag-2/3 SEC1 point) or `s_i ≥ n`; `Share` for a bad index or a failed check.
    pub const TECDSA_FELDMAN_VERIFY: u32 = 0x108;
    /// Threshold-ECDSA signature-share verification with identifiable abort (GG20 phase 7)
    /// over secp256k1. `a0` = pointer to the 98-byte header: group key `Y` (33) ‖
    /// `R` (33) ‖ message hash `z` (32, big-endian; reduced mod `n` to the message scalar
    /// `m` exactly as ECDSA does), `a1` = pointer to `n` share entries of
    /// 102 bytes: index (u32 LE, 1..=65535, distinct) ‖ `R̄_i = k_i·R` (33) ‖ `S_i = σ_i·R`
    /// (33) ‖ `s_i` (32, big-endian, `< n`), `a2` = `n` (1..=[`crate::limits::MAX_PARTIES`]),
    /// `a3` = pointer to the blame bitmap (`ceil(n/8)` bytes, 4-aligned; bit `j % 8` of byte
    /// `j / 8` is set iff entry `j` fails to decode, has index 0 / above 65535 / equal to an
    /// earlier entry's, or fails `s_j·R == m·R̄_j + r·S_j`). Only when no entry is blamed are
    /// `Σ R̄_i == G` and `Σ S_i == Y` checked. Returns the verdict in `a0` (valid iff every
    /// check passes), [`crate::Reason`] in `a1`: `Encoding` for an undecodable header
    /// (`Y`, `R`, or `r = x(R) mod n = 0`; bitmap all clear) or any undecodable entry, else
    /// `Share` if any entry is blamed, else `Aggregate` if a sum fails.
    pub const TECDSA_SIGSHARE_VERIFY: u32 = 0x109;

    /// First id of the precompile range.
    pub const PRECOMPILE_BASE: u32 = 0x100;

    /// Every syscall id the ABI defines, in id order.
    pub const ALL: [u32; 16] = [
        HALT,
        WRITE,
        READ_PRIVATE,
        PRIVATE_REMAINING,
        COMMIT,
        CYCLE_COUNT,
        SHA3_256,
        KECCAK_256,
        POSEIDON_PERMUTE,
        PEDERSEN_COMMIT,
        VERKLE_VERIFY,
        BIP340_VERIFY,
        REDJUBJUB_VERIFY,
        ED25519_VERIFY,
        TECDSA_FELDMAN_VERIFY,
        TECDSA_SIGSHARE_VERIFY,
    ];

    /// The ABI name of a syscall id (`"sha3_256"`, ...), `None` for an unknown id.
    pub const fn name(id: u32) -> Option<&'static str> {
        Some(match id {
            HALT => "halt",
            WRITE => "write",
            READ_PRIVATE => "read_private",
            PRIVATE_REMAINING => "private_remaining",
            COMMIT => "commit",
            CYCLE_COUNT => "cycle_count",
            SHA3_256 => "sha3_256",
            KECCAK_256 => "keccak_256",
            POSEIDON_PERMUTE => "poseidon_permute",
            PEDERSEN_COMMIT => "pedersen_commit",
            VERKLE_VERIFY => "verkle_verify",
            BIP340_VERIFY => "bip340_verify",
            REDJUBJUB_VERIFY => "redjubjub_verify",
            ED25519_VERIFY => "ed25519_verify",
            TECDSA_FELDMAN_VERIFY => "tecdsa_feldman_verify",
            TECDSA_SIGSHARE_VERIFY => "tecdsa_sigshare_verify",
            _ => return None,
        })
    }

    /// Whether `id` is in the precompile range.
    pub const fn is_precompile(id: u32) -> bool {
        id >= PRECOMPILE_BASE
    }
}

/// Fixed sizes of ABI buffers.
pub mod layout {
    /// Digest length of SHA3-256 and Keccak-256.
    pub const DIGEST_LEN: usize = 32;
    /// One Poseidon field element.
    pub const FIELD_ELEMENT_LEN: usize = 32;
    /// Pedersen input block: value ‖ blinding.
    pub const PEDERSEN_INPUT_LEN: usize = 64;
    /// Key ‖ signature block of the signature-verify precompiles.
    pub const SIG_BLOCK_LEN: usize = 96;
    /// Public key part of [`SIG_BLOCK_LEN`].
    pub const SIG_KEY_LEN: usize = 32;
    /// Signature part of [`SIG_BLOCK_LEN`].
    pub const SIG_LEN: usize = 64;
    /// A SEC1 compressed secp256k1 point.
    pub const SEC1_COMPRESSED_LEN: usize = 33;
    /// Feldman share: index (u32 LE) ‖ scalar (32 BE).
    pub const FELDMAN_SHARE_LEN: usize = 36;
    /// Signature-share header: `Y` ‖ `R` ‖ `z`.
    pub const SIGSHARE_HEADER_LEN: usize = 98;
    /// One signature-share entry: index ‖ `R̄_i` ‖ `S_i` ‖ `s_i`.
    pub const SIGSHARE_ENTRY_LEN: usize = 102;
    /// Verkle root commitment.
    pub const VERKLE_ROOT_LEN: usize = 32;
    /// One Verkle key/value entry: key ‖ present ‖ value.
    pub const VERKLE_ENTRY_LEN: usize = 65;
}

/// Upper bounds the host enforces (a larger argument is [`ErrorCode::BadLength`]).
pub mod limits {
    /// Largest single `write`.
    pub const MAX_WRITE: u32 = 1 << 20;
    /// Largest journal.
    pub const MAX_JOURNAL: u32 = 1 << 24;
    /// Largest hash input per call.
    pub const MAX_HASH_INPUT: u32 = 1 << 26;
    /// Largest message for the signature precompiles.
    pub const MAX_MESSAGE: u32 = 1 << 24;
    /// Smallest Poseidon width.
    pub const POSEIDON_MIN_WIDTH: u32 = 2;
    /// Largest Poseidon width.
    pub const POSEIDON_MAX_WIDTH: u32 = 16;
    /// Most parties / commitments in a threshold-ECDSA call.
    pub const MAX_PARTIES: u32 = 1024;
    /// Largest Verkle proof.
    pub const MAX_VERKLE_PROOF: u32 = 1 << 22;
    /// Most key/value entries in one Verkle verification.
    pub const MAX_VERKLE_KEYS: u32 = 1 << 16;
}

/// Why a syscall faulted. The VM reports these (with the syscall id and name) when it stops
/// a guest on a malformed call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorCode {
    /// A buffer is not entirely inside accessible guest memory (or its end overflows).
    BadPointer = 1,
    /// A buffer that must be 4-byte aligned is not.
    Misaligned = 2,
    /// A length or count is out of range for the syscall.
    BadLength = 3,
    /// An input of a non-verifying precompile is not a canonical encoding.
    BadEncoding = 4,
    /// A variant argument (field id, rule, group, reserved register) has an unknown value.
    BadVariant = 5,
    /// The syscall id is not defined by this ABI version.
    UnknownSyscall = 6,
    /// The id is defined by the ABI but this host has no handler for it.
    Unavailable = 7,
    /// A file descriptor other than [`fd::STDOUT`] / [`fd::STDERR`].
    BadFd = 8,
    /// The journal would exceed [`limits::MAX_JOURNAL`].
    JournalFull = 9,
    /// A `write` would take the run's total debug output past the host's limit.
    OutputFull = 10,
}

impl ErrorCode {
    /// The numeric code.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// Decode a numeric code.
    pub const fn from_code(code: u32) -> Option<Self> {
        Some(match code {
            1 => Self::BadPointer,
            2 => Self::Misaligned,
            3 => Self::BadLength,
            4 => Self::BadEncoding,
            5 => Self::BadVariant,
            6 => Self::UnknownSyscall,
            7 => Self::Unavailable,
            8 => Self::BadFd,
            9 => Self::JournalFull,
            10 => Self::OutputFull,
            _ => return None,
        })
    }

    /// A short description.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BadPointer => "buffer outside accessible guest memory",
            Self::Misaligned => "buffer not 4-byte aligned",
            Self::BadLength => "length or count out of range",
            Self::BadEncoding => "non-canonical encoding",
            Self::BadVariant => "unknown variant argument",
            Self::UnknownSyscall => "unknown syscall id",
            Self::Unavailable => "precompile not available in this host",
            Self::BadFd => "bad file descriptor",
            Self::JournalFull => "journal limit exceeded",
            Self::OutputFull => "debug output limit exceeded",
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reason code in `a1` after a verification precompile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Reason {
    /// Verified.
    Ok = 0,
    /// Well-formed but the equation does not hold.
    Equation = 1,
    /// A key, signature, share, commitment or proof failed to decode (non-canonical,
    /// not on the curve, out of range).
    Encoding = 2,
    /// Threshold ECDSA: at least one party's share is bad (see the blame bitmap); also used
    /// for a bad index (0 or duplicate).
    Share = 3,
    /// Threshold ECDSA: `Σ R̄_i ≠ G` or `Σ S_i ≠ Y`.
    Aggregate = 4,
}

impl Reason {
    /// The numeric code.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// Decode a numeric code.
    pub const fn from_code(code: u32) -> Option<Self> {
        Some(match code {
            0 => Self::Ok,
            1 => Self::Equation,
            2 => Self::Encoding,
            3 => Self::Share,
            4 => Self::Aggregate,
            _ => return None,
        })
    }
}

macro_rules! variant_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $n:expr),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum $name { $($(#[$vm])* $v = $n),+ }
        impl $name {
            /// The numeric id passed in the register.
            pub const fn id(self) -> u32 { self as u32 }
            /// Decode a register value (`None` → [`ErrorCode::BadVariant`]).
            pub const fn from_id(id: u32) -> Option<Self> {
                match id { $($n => Some(Self::$v),)+ _ => None }
            }
        }
    };
}

variant_enum!(
    /// Field of [`syscall::POSEIDON_PERMUTE`].
    PoseidonField {
        /// BN254 scalar field (circomlib parameters).
        Bn254 = 0,
        /// BLS12-381 scalar field (reference `x5_255` parameters).
        Bls12_381 = 1,
    }
);

variant_enum!(
    /// Verification rule of [`syscall::ED25519_VERIFY`].
    Ed25519Rule {
        /// RFC 8032 (cofactorless, canonical `S`).
        Rfc8032 = 0,
        /// Strict: additionally rejects small-order keys and `R`, non-canonical points.
        Strict = 1,
        /// ZIP-215: cofactored, accepts non-canonical point encodings.
        Zip215 = 2,
    }
);

variant_enum!(
    /// Parameterisation of [`syscall::REDJUBJUB_VERIFY`].
    RedJubjubVariant {
        /// Spend authorisation basepoint.
        SpendAuth = 0,
        /// Binding signature basepoint.
        Binding = 1,
    }
);

variant_enum!(
    /// Group of [`syscall::PEDERSEN_COMMIT`].
    PedersenGroup {
        /// Ristretto255 with the bulletproofs generators; scalars 32 bytes LE; output 32.
        Ristretto255 = 0,
        /// secp256k1; scalars 32 bytes BE; output 33 (SEC1 compressed).
        Secp256k1 = 1,
        /// Jubjub (Sapling); scalars 32 bytes LE; output 32.
        Jubjub = 2,
        /// Grumpkin; scalars 32 bytes LE; output 32 (`x` little-endian, bit 255 = `y` odd,
        /// bit 254 = the identity: `umbra-pedersen`'s encoding).
        Grumpkin = 3,
    }
);

impl PedersenGroup {
    /// Length of the encoded commitment.
    pub const fn commitment_len(self) -> usize {
        match self {
            Self::Secp256k1 => 33,
            _ => 32,
        }
    }
}

// Compile-time consistency of the memory map and layouts.
const _: () = {
    use memory::*;
    assert!(RAM_START < TEXT_START && TEXT_START < STACK_TOP - STACK_SIZE);
    assert!(RAM_START.is_multiple_of(PAGE_SIZE) && RAM_END.is_multiple_of(PAGE_SIZE));
    assert!(STACK_TOP.is_multiple_of(16));
    assert!(layout::SIG_BLOCK_LEN == layout::SIG_KEY_LEN + layout::SIG_LEN);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_named() {
        for w in syscall::ALL.windows(2) {
            assert!(w[0] < w[1]);
        }
        for id in syscall::ALL {
            let name = syscall::name(id).unwrap();
            assert!(!name.is_empty());
            assert_eq!(syscall::is_precompile(id), id >= 0x100);
        }
        assert_eq!(syscall::name(0x6), None);
        assert_eq!(syscall::name(0x10a), None);
        assert_eq!(syscall::name(u32::MAX), None);
    }

    #[test]
    fn codes_round_trip() {
        for c in 0..20 {
            if let Some(e) = ErrorCode::from_code(c) {
                assert_eq!(e.code(), c);
                assert!(!e.as_str().is_empty());
            }
            if let Some(r) = Reason::from_code(c) {
                assert_eq!(r.code(), c);
            }
            if let Some(v) = Ed25519Rule::from_id(c) {
                assert_eq!(v.id(), c);
            }
            if let Some(v) = PedersenGroup::from_id(c) {
                assert_eq!(v.id(), c);
            }
        }
        assert_eq!(ErrorCode::from_code(0), None);
        assert_eq!(Ed25519Rule::from_id(3), None);
        assert_eq!(PoseidonField::from_id(2), None);
        assert_eq!(RedJubjubVariant::from_id(2), None);
        assert_eq!(PedersenGroup::Secp256k1.commitment_len(), 33);
    }
}
