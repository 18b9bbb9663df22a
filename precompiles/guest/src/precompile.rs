//! Typed precompile wrappers, one per syscall of [`umbra_abi::syscall`].
//!
//! On the zkVM each wrapper marshals its arguments into the ABI layout (word-aligned output
//! buffers via [`crate::Aligned`]) and traps with `ecall`. Off the zkVM the hash wrappers
//! call the `sha3` crate directly, and the BIP-340, Ed25519, threshold-ECDSA and Pedersen
//! wrappers call the primitive crates through the host handlers' pure functions
//! (`umbra_precompiles::{bip340, ed25519, redjubjub, tecdsa, pedersen, poseidon, verkle}`),
//! so verdicts, reasons, blame and permuted states are the VM's.

#[cfg(target_arch = "riscv32")]
#[allow(unsafe_code)]
mod imp {
    use crate::{Aligned, sys};
    use umbra_abi::syscall;

    pub(super) fn hash(id: u32, data: &[u8]) -> [u8; 32] {
        let mut out = Aligned([0u8; 32]);
        // SAFETY: `data` is readable; `out` is a live, aligned, exclusively borrowed
        // 32-byte buffer. Alignment is guaranteed by `Aligned`, so this cannot fail.
        let r = unsafe { sys::hash(id, data.as_ptr(), data.len(), out.0.as_mut_ptr()) };
        debug_assert!(r.is_ok());
        let _ = r;
        out.0
    }

    pub(super) fn sha3_256(data: &[u8]) -> [u8; 32] {
        hash(syscall::SHA3_256, data)
    }

    pub(super) fn keccak256(data: &[u8]) -> [u8; 32] {
        hash(syscall::KECCAK_256, data)
    }
}

#[cfg(not(target_arch = "riscv32"))]
mod imp {
    use sha3::Digest;

    pub(super) fn sha3_256(data: &[u8]) -> [u8; 32] {
        sha3::Sha3_256::digest(data).into()
    }

    pub(super) fn keccak256(data: &[u8]) -> [u8; 32] {
        sha3::Keccak256::digest(data).into()
    }
}

/// SHA3-256 (FIPS 202) of `data` ([`umbra_abi::syscall::SHA3_256`]).
pub fn sha3_256(data: &[u8]) -> [u8; 32] {
    imp::sha3_256(data)
}

/// Keccak-256 (Ethereum) of `data` ([`umbra_abi::syscall::KECCAK_256`]).
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    imp::keccak256(data)
}

/// The outcome of a verification precompile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the input verified.
    pub valid: bool,
    /// Why not (or [`umbra_abi::Reason::Ok`]).
    pub reason: umbra_abi::Reason,
}

impl Verdict {
    /// Decode the `(a0, a1)` pair a verification precompile returns. An unknown reason
    /// code is reported as [`umbra_abi::Reason::Equation`] on an invalid verdict.
    pub fn from_regs(a0: u32, a1: u32) -> Self {
        let valid = a0 == umbra_abi::VERDICT_VALID;
        let reason = umbra_abi::Reason::from_code(a1).unwrap_or(if valid {
            umbra_abi::Reason::Ok
        } else {
            umbra_abi::Reason::Equation
        });
        Self { valid, reason }
    }
}

/// One entry of `tecdsa_sigshare_verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigShare {
    /// Party index (nonzero).
    pub index: u32,
    /// `R̄_i = k_i·R`, SEC1 compressed.
    pub r_bar: [u8; 33],
    /// `S_i = σ_i·R`, SEC1 compressed.
    pub s_point: [u8; 33],
    /// The signature share `s_i`, 32 bytes big-endian.
    pub s: [u8; 32],
}

/// One claim of `verkle_verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerkleEntry {
    /// The 32-byte key.
    pub key: [u8; 32],
    /// The value, or `None` for a proof of absence.
    pub value: Option<[u8; 32]>,
}

/// The ABI encodings shared by the zkVM wrappers and their host implementations, so the
/// two cannot drift apart.
mod encode {
    #[cfg(any(feature = "alloc", not(target_arch = "riscv32")))]
    extern crate alloc;
    #[cfg(any(feature = "alloc", not(target_arch = "riscv32")))]
    use super::SigShare;
    #[cfg(any(feature = "alloc", not(target_arch = "riscv32")))]
    use alloc::vec::Vec;
    use umbra_abi::layout;

    /// `index (u32 LE) ‖ share`, the record of `tecdsa_feldman_verify`.
    pub(super) fn feldman_share(index: u32, share: &[u8; 32]) -> [u8; layout::FELDMAN_SHARE_LEN] {
        let mut s = [0u8; layout::FELDMAN_SHARE_LEN];
        s[..4].copy_from_slice(&index.to_le_bytes());
        s[4..].copy_from_slice(share);
        s
    }

    /// `Y ‖ R ‖ m`, the header of `tecdsa_sigshare_verify`.
    #[cfg(any(feature = "alloc", not(target_arch = "riscv32")))]
    pub(super) fn sigshare_header(
        y: &[u8; 33],
        r: &[u8; 33],
        m: &[u8; 32],
    ) -> [u8; layout::SIGSHARE_HEADER_LEN] {
        let mut header = [0u8; layout::SIGSHARE_HEADER_LEN];
        header[..33].copy_from_slice(y);
        header[33..66].copy_from_slice(r);
        header[66..].copy_from_slice(m);
        header
    }

    /// The entries of `tecdsa_sigshare_verify`: `index ‖ R̄_i ‖ S_i ‖ s_i` each.
    #[cfg(any(feature = "alloc", not(target_arch = "riscv32")))]
    pub(super) fn sigshare_entries(shares: &[SigShare]) -> Vec<u8> {
        let mut entries = Vec::with_capacity(shares.len() * layout::SIGSHARE_ENTRY_LEN);
        for s in shares {
            entries.extend_from_slice(&s.index.to_le_bytes());
            entries.extend_from_slice(&s.r_bar);
            entries.extend_from_slice(&s.s_point);
            entries.extend_from_slice(&s.s);
        }
        entries
    }
}

#[cfg(target_arch = "riscv32")]
pub use zkvm_only::*;

#[cfg(not(target_arch = "riscv32"))]
pub use host_impl::*;

/// Host (non-zkVM) implementations of the curve precompile wrappers.
#[cfg(not(target_arch = "riscv32"))]
mod host_impl {
    extern crate alloc;
    use super::{SigShare, Verdict, VerkleEntry};
    use alloc::vec::Vec;
    use umbra_abi::{Ed25519Rule, PedersenGroup, PoseidonField, Reason, RedJubjubVariant, layout};
    use umbra_precompiles::{bip340, ed25519, pedersen, poseidon, redjubjub, tecdsa, verkle};

    fn verdict(r: Result<(), Reason>) -> Verdict {
        match r {
            Ok(()) => Verdict {
                valid: true,
                reason: Reason::Ok,
            },
            Err(reason) => Verdict {
                valid: false,
                reason,
            },
        }
    }

    /// Pedersen commitment `v·G + r·H` in `group`; returns the encoded commitment
    /// (`group.commitment_len()` bytes used of the 33).
    ///
    /// # Panics
    ///
    /// Where the VM would stop the guest: a non-canonical scalar (`BadEncoding`).
    #[allow(clippy::panic, reason = "host simulation of the VM stopping the guest")]
    pub fn pedersen_commit(
        group: PedersenGroup,
        value: &[u8; 32],
        blinding: &[u8; 32],
    ) -> ([u8; 33], usize) {
        let mut input = [0u8; layout::PEDERSEN_INPUT_LEN];
        input[..32].copy_from_slice(value);
        input[32..].copy_from_slice(blinding);
        match pedersen::commit(group, &input) {
            Ok(c) => {
                let mut out = [0u8; 33];
                out[..c.len()].copy_from_slice(&c);
                (out, c.len())
            }
            Err(e) => panic!("pedersen_commit: {}", e.code()),
        }
    }

    /// Poseidon permutation of `state` in place (elements 32-byte little-endian canonical).
    ///
    /// # Panics
    ///
    /// Where the VM would stop the guest: a non-canonical element (`BadEncoding`), a width
    /// without parameters (`BadLength`).
    #[allow(clippy::panic, reason = "host simulation of the VM stopping the guest")]
    pub fn poseidon_permute(field: PoseidonField, state: &mut [crate::Aligned<[u8; 32]>]) {
        let flat: Vec<u8> = state.iter().flat_map(|e| e.0).collect();
        match poseidon::permute(field, &flat) {
            Ok(out) => {
                for (e, c) in state.iter_mut().zip(out.chunks_exact(32)) {
                    e.0.copy_from_slice(c);
                }
            }
            Err(e) => panic!("poseidon_permute: {}", e.code()),
        }
    }

    /// BIP-340 verification of `sig` on the raw message `msg` under x-only `pk`.
    pub fn bip340_verify(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Verdict {
        verdict(umbra_schnorr::bip340::verify(pk, msg, sig).map_err(bip340::reason))
    }

    /// Verkle tree-proof verification of the claims `entries` against `root`.
    ///
    /// # Panics
    ///
    /// Where the VM would stop the guest: no entries, or more than
    /// [`umbra_abi::limits::MAX_VERKLE_KEYS`], or a proof longer than
    /// [`umbra_abi::limits::MAX_VERKLE_PROOF`].
    pub fn verkle_verify(root: &[u8; 32], proof: &[u8], entries: &[VerkleEntry]) -> Verdict {
        assert!(
            !entries.is_empty()
                && entries.len() <= umbra_abi::limits::MAX_VERKLE_KEYS as usize
                && proof.len() <= umbra_abi::limits::MAX_VERKLE_PROOF as usize,
            "verkle_verify: bad entry count or proof length"
        );
        let claims: Vec<([u8; 32], Option<[u8; 32]>)> =
            entries.iter().map(|e| (e.key, e.value)).collect();
        verdict(verkle::verify(root, &claims, proof))
    }

    /// RedJubjub verification with the `variant` basepoint.
    pub fn redjubjub_verify(
        variant: RedJubjubVariant,
        vk: &[u8; 32],
        msg: &[u8],
        sig: &[u8; 64],
    ) -> Verdict {
        verdict(redjubjub::verify(variant, vk, msg, sig))
    }

    /// Ed25519 verification under `rule`.
    pub fn ed25519_verify(rule: Ed25519Rule, pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Verdict {
        verdict(ed25519::verify(rule, pk, msg, sig))
    }

    /// Feldman share verification of `(index, share)` against `commitments` (`C_0..C_t`).
    ///
    /// # Panics
    ///
    /// Where the VM would stop the guest: no commitments, or more than
    /// [`umbra_abi::limits::MAX_PARTIES`].
    pub fn tecdsa_feldman_verify(
        commitments: &[[u8; 33]],
        index: u32,
        share: &[u8; 32],
    ) -> Verdict {
        assert!(
            !commitments.is_empty() && commitments.len() <= umbra_abi::limits::MAX_PARTIES as usize,
            "tecdsa_feldman_verify: bad commitment count"
        );
        let cs: Vec<u8> = commitments.iter().flatten().copied().collect();
        let s = super::encode::feldman_share(index, share);
        verdict(tecdsa::feldman_verify(&cs, &s))
    }

    /// Signature-share verification with identifiable abort; `blame[j]` is set for every
    /// entry `j` that is blamed (see [`umbra_abi::syscall::TECDSA_SIGSHARE_VERIFY`]).
    ///
    /// # Panics
    ///
    /// Where the VM would stop the guest: no shares, or more than
    /// [`umbra_abi::limits::MAX_PARTIES`].
    pub fn tecdsa_sigshare_verify(
        y: &[u8; 33],
        r: &[u8; 33],
        m: &[u8; 32],
        shares: &[SigShare],
        blame: &mut [bool],
    ) -> Verdict {
        assert!(
            !shares.is_empty() && shares.len() <= umbra_abi::limits::MAX_PARTIES as usize,
            "tecdsa_sigshare_verify: bad share count"
        );
        let header = super::encode::sigshare_header(y, r, m);
        let entries = super::encode::sigshare_entries(shares);
        let mut b = alloc::vec![false; shares.len()];
        let v = verdict(tecdsa::sigshare_verify(&header, &entries, &mut b));
        for (dst, src) in blame.iter_mut().zip(b) {
            *dst = src;
        }
        v
    }
}

/// The zkVM implementations of the precompile wrappers (marshal into the ABI layout, `ecall`).
#[cfg(target_arch = "riscv32")]
#[allow(unsafe_code)]
mod zkvm_only {
    // Only the wrappers that build a variable-length ABI block need a heap; without the
    // `alloc` feature the SDK links no allocator at all.
    #[cfg(feature = "alloc")]
    extern crate alloc;
    use super::Verdict;
    #[cfg(feature = "alloc")]
    use super::{SigShare, VerkleEntry};
    use crate::{Aligned, sys};
    #[cfg(feature = "alloc")]
    use alloc::vec::Vec;
    use umbra_abi::{Ed25519Rule, PedersenGroup, PoseidonField, RedJubjubVariant, layout, syscall};

    fn sig_block(key: &[u8; 32], sig: &[u8; 64]) -> [u8; layout::SIG_BLOCK_LEN] {
        let mut b = [0u8; layout::SIG_BLOCK_LEN];
        b[..32].copy_from_slice(key);
        b[32..].copy_from_slice(sig);
        b
    }

    fn verify_sig(id: u32, key: &[u8; 32], msg: &[u8], sig: &[u8; 64], variant: u32) -> Verdict {
        let block = sig_block(key, sig);
        // SAFETY: `block` (96 bytes) and `msg` are live readable buffers, as the layout of
        // the signature-verify syscalls requires.
        let (a0, a1) = unsafe {
            sys::verify(
                id,
                block.as_ptr() as u32,
                msg.as_ptr() as u32,
                msg.len() as u32,
                variant,
            )
        };
        Verdict::from_regs(a0, a1)
    }

    /// Poseidon permutation of `state` in place (elements 32-byte little-endian canonical).
    /// A non-canonical element stops the guest (the VM reports `BadEncoding`).
    pub fn poseidon_permute(field: PoseidonField, state: &mut [Aligned<[u8; 32]>]) {
        // `Aligned<[u8; 32]>` is exactly 32 bytes, so the slice is the ABI's contiguous,
        // word-aligned `t × 32`-byte state.
        // SAFETY: `state` is live, exclusively borrowed, aligned and `32 * len` bytes long.
        let r = unsafe {
            sys::poseidon_permute(field.id(), state.len() as u32, state.as_mut_ptr().cast())
        };
        debug_assert!(r.is_ok());
        let _ = r;
    }

    /// Pedersen commitment `v·G + r·H` in `group`; returns the encoded commitment
    /// (`group.commitment_len()` bytes used of the 33).
    pub fn pedersen_commit(
        group: PedersenGroup,
        value: &[u8; 32],
        blinding: &[u8; 32],
    ) -> ([u8; 33], usize) {
        let mut input = [0u8; layout::PEDERSEN_INPUT_LEN];
        input[..32].copy_from_slice(value);
        input[32..].copy_from_slice(blinding);
        let mut out = Aligned([0u8; 36]);
        // SAFETY: `input` readable (64 bytes), `out` writable, aligned, 36 >= 33 bytes.
        let n = unsafe { sys::pedersen_commit(group.id(), input.as_ptr(), out.0.as_mut_ptr(), 36) }
            .unwrap_or(0) as usize;
        let mut c = [0u8; 33];
        c.copy_from_slice(&out.0[..33]);
        (c, n)
    }

    /// BIP-340 verification of `sig` on the raw message `msg` under x-only `pk`.
    pub fn bip340_verify(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Verdict {
        verify_sig(syscall::BIP340_VERIFY, pk, msg, sig, 0)
    }

    /// RedJubjub verification.
    pub fn redjubjub_verify(
        variant: RedJubjubVariant,
        vk: &[u8; 32],
        msg: &[u8],
        sig: &[u8; 64],
    ) -> Verdict {
        verify_sig(syscall::REDJUBJUB_VERIFY, vk, msg, sig, variant.id())
    }

    /// Ed25519 verification under `rule`.
    pub fn ed25519_verify(rule: Ed25519Rule, pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Verdict {
        verify_sig(syscall::ED25519_VERIFY, pk, msg, sig, rule.id())
    }

    /// Feldman share verification of `(index, share)` against `commitments` (`C_0..C_t`).
    pub fn tecdsa_feldman_verify(
        commitments: &[[u8; 33]],
        index: u32,
        share: &[u8; 32],
    ) -> Verdict {
        let s = super::encode::feldman_share(index, share);
        // SAFETY: `commitments` is `33 * len` contiguous readable bytes; `s` is 36 bytes.
        let (a0, a1) = unsafe {
            sys::verify(
                syscall::TECDSA_FELDMAN_VERIFY,
                commitments.as_ptr() as u32,
                commitments.len() as u32,
                s.as_ptr() as u32,
                0,
            )
        };
        Verdict::from_regs(a0, a1)
    }

    /// Signature-share verification with identifiable abort; `blame[j]` is set for every
    /// entry `j` whose share fails. Needs the `alloc` feature in a guest.
    #[cfg(feature = "alloc")]
    pub fn tecdsa_sigshare_verify(
        y: &[u8; 33],
        r: &[u8; 33],
        m: &[u8; 32],
        shares: &[SigShare],
        blame: &mut [bool],
    ) -> Verdict {
        let header = super::encode::sigshare_header(y, r, m);
        let entries = super::encode::sigshare_entries(shares);
        let words = shares.len().div_ceil(32);
        let mut bitmap: Vec<u32> = alloc::vec![0; words.max(1)];
        // SAFETY: header/entries readable with the ABI sizes; `bitmap` is word-aligned and
        // holds at least ceil(n/8) bytes.
        let r = unsafe {
            sys::tecdsa_sigshare_verify(
                header.as_ptr(),
                entries.as_ptr(),
                shares.len() as u32,
                bitmap.as_mut_ptr().cast(),
            )
        };
        let (a0, a1) = r.unwrap_or((0, 1));
        for (j, b) in blame.iter_mut().enumerate().take(shares.len()) {
            *b = (bitmap[j / 32].to_le() >> (j % 32)) & 1 == 1;
        }
        Verdict::from_regs(a0, a1)
    }

    /// Verkle multiproof verification of `entries` against `root`. Needs the `alloc`
    /// feature in a guest.
    #[cfg(feature = "alloc")]
    pub fn verkle_verify(root: &[u8; 32], proof: &[u8], entries: &[VerkleEntry]) -> Verdict {
        let mut block = Vec::with_capacity(4 + entries.len() * layout::VERKLE_ENTRY_LEN);
        block.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for e in entries {
            block.extend_from_slice(&e.key);
            block.push(u8::from(e.value.is_some()));
            block.extend_from_slice(&e.value.unwrap_or([0; 32]));
        }
        // SAFETY: root (32), proof and block are live readable buffers.
        let (a0, a1) = unsafe {
            sys::verify(
                syscall::VERKLE_VERIFY,
                root.as_ptr() as u32,
                proof.as_ptr() as u32,
                proof.len() as u32,
                block.as_ptr() as u32,
            )
        };
        Verdict::from_regs(a0, a1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_hashes_match_fips202_and_keccak() {
        // FIPS 202 SHA3-256("abc") and Keccak-256("") (Ethereum's empty hash).
        assert_eq!(sha3_256(b"abc")[..4], [0x3a, 0x98, 0x5d, 0xa7]);
        assert_eq!(keccak256(b"")[..4], [0xc5, 0xd2, 0x46, 0x01]);
    }

    #[test]
    fn host_poseidon_is_circomlib_on_bn254() {
        use crate::Aligned;
        use umbra_abi::PoseidonField;
        // circomlib poseidon([1, 2]): cell 0 of the permutation of [0, 1, 2] (t = 3).
        let mut st = [Aligned([0u8; 32]), Aligned([0u8; 32]), Aligned([0u8; 32])];
        st[1].0[0] = 1;
        st[2].0[0] = 2;
        poseidon_permute(PoseidonField::Bn254, &mut st);
        // 7853200120776062878684798364095072458815029376092732009249414926327459813530
        // = 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a
        assert_eq!(st[0].0[..4], [0x9a, 0x18, 0x17, 0x44]);
        assert_eq!(st[0].0[28..], [0xf5, 0xc0, 0x5c, 0x11]);
    }

    #[test]
    fn host_curve_wrappers_call_the_primitives() {
        extern crate std;
        use std::{vec, vec::Vec};
        use umbra_abi::{Ed25519Rule, PedersenGroup, Reason};
        let sk = umbra_eddsa::SigningKey::from_bytes(&[3; 32]);
        let pk = sk.verifying_key().to_bytes();
        let sig = sk.sign(b"m").to_bytes();
        assert!(ed25519_verify(Ed25519Rule::Zip215, &pk, b"m", &sig).valid);

        use umbra_abi::RedJubjubVariant;
        use umbra_schnorr::redjubjub::{SigningKey, SpendAuth};
        let sk = SigningKey::<SpendAuth>::from_bytes(&[4; 32]).unwrap();
        let vk = sk.verification_key().to_bytes();
        let sig = sk.sign_with_randomness(&[9; 80], b"m").to_bytes();
        assert!(redjubjub_verify(RedJubjubVariant::SpendAuth, &vk, b"m", &sig).valid);
        let v = redjubjub_verify(RedJubjubVariant::Binding, &vk, b"m", &sig);
        assert_eq!((v.valid, v.reason), (false, Reason::Equation));
        let v = ed25519_verify(Ed25519Rule::Rfc8032, &pk, b"M", &sig);
        assert_eq!((v.valid, v.reason), (false, Reason::Equation));

        let kat = umbra_test_vectors::load("bip340").unwrap();
        let rec = &kat.records()[0];
        let pk: [u8; 32] = rec.hex_array("public_key").unwrap();
        let sig: [u8; 64] = rec.hex_array("signature").unwrap();
        let msg = rec.hex("message").unwrap();
        assert!(bip340_verify(&pk, &msg, &sig).valid);
        let mut bad = sig;
        bad[0] ^= 1;
        assert!(!bip340_verify(&pk, &msg, &bad).valid);

        let mut v = [0u8; 32];
        v[0] = 5;
        let (c, n) = pedersen_commit(PedersenGroup::Ristretto255, &v, &[1; 32]);
        assert_eq!(n, 32);
        let (c2, _) = pedersen_commit(PedersenGroup::Ristretto255, &v, &[2; 32]);
        assert_ne!(c, c2);
        let mut be = [0u8; 32];
        be[31] = 5;
        assert_eq!(
            pedersen_commit(PedersenGroup::Secp256k1, &be, &[0; 32]).1,
            33
        );

        let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
        let rec = kat.records_of("gg20-session").nth(2).unwrap();
        let cs: Vec<[u8; 33]> = rec
            .hex("commitments")
            .unwrap()
            .chunks(33)
            .map(|c| c.try_into().unwrap())
            .collect();
        let shares = rec.hex("shares").unwrap();
        let s1: [u8; 32] = shares[..32].try_into().unwrap();
        assert!(tecdsa_feldman_verify(&cs, 1, &s1).valid);
        assert_eq!(tecdsa_feldman_verify(&cs, 2, &s1).reason, Reason::Share);
        let signers: Vec<u32> = rec
            .get("signers")
            .unwrap()
            .split(',')
            .map(|s| s.trim().parse().unwrap())
            .collect();
        let (nr, ks, ss) = (
            rec.hex("nonce_shares").unwrap(),
            rec.hex("key_shares").unwrap(),
            rec.hex("sig_shares").unwrap(),
        );
        let mut entries: Vec<SigShare> = signers
            .iter()
            .enumerate()
            .map(|(j, &index)| SigShare {
                index,
                r_bar: nr[33 * j..33 * j + 33].try_into().unwrap(),
                s_point: ks[33 * j..33 * j + 33].try_into().unwrap(),
                s: ss[32 * j..32 * j + 32].try_into().unwrap(),
            })
            .collect();
        let y: [u8; 33] = rec.hex_array("group_key").unwrap();
        let r: [u8; 33] = rec.hex_array("nonce_point").unwrap();
        let m: [u8; 32] = rec.hex_array("prehash").unwrap();
        let mut blame = vec![true; entries.len()];
        assert!(tecdsa_sigshare_verify(&y, &r, &m, &entries, &mut blame).valid);
        assert!(blame.iter().all(|b| !b));
        entries[1].s[5] ^= 1;
        let v = tecdsa_sigshare_verify(&y, &r, &m, &entries, &mut blame);
        assert_eq!((v.valid, v.reason), (false, Reason::Share));
        assert_eq!(blame.iter().filter(|b| **b).count(), 1);
        assert!(blame[1]);
    }

    #[test]
    fn verdict_decoding() {
        assert!(Verdict::from_regs(1, 0).valid);
        let v = Verdict::from_regs(0, 2);
        assert!(!v.valid);
        assert_eq!(v.reason, umbra_abi::Reason::Encoding);
        assert_eq!(
            Verdict::from_regs(0, 99).reason,
            umbra_abi::Reason::Equation
        );
    }
}
