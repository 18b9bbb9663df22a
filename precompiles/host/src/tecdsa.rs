//! Threshold-ECDSA (GG20) checks over secp256k1 with `umbra-tecdsa`:
//! [`umbra_abi::syscall::TECDSA_FELDMAN_VERIFY`] and
//! [`umbra_abi::syscall::TECDSA_SIGSHARE_VERIFY`].
//!
//! Party indices travel as `u32` LE; `umbra-tecdsa` indices are `u16`, so an index of 0 or
//! above `u16::MAX` is a bad index ([`Reason::Share`], blamed on its entry), like a repeated
//! one. Points are 33-byte SEC1 compressed, decoded strictly (a bad point is
//! [`Reason::Encoding`]); scalars are 32 bytes big-endian and must be `< n`.

use alloc::vec::Vec;
use k256::elliptic_curve::PrimeField;
use k256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use umbra_abi::{Reason, layout, limits, syscall};
use umbra_tecdsa::{
    ecdsa::{message_scalar, parse_public_key},
    feldman,
    signing::{self, SignatureShare, SigningContext},
};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

use crate::args::{records, verdict};

const PT: usize = layout::SEC1_COMPRESSED_LEN;

/// A 33-byte SEC1 *compressed* point (tag 2 or 3; the SEC1 parser alone would also take
/// the 33-byte "compact" tag 5).
fn point(b: &[u8]) -> Result<ProjectivePoint, Reason> {
    if !matches!(b.first(), Some(2 | 3)) {
        return Err(Reason::Encoding);
    }
    parse_public_key(b).map_err(|_| Reason::Encoding)
}

fn scalar(b: &[u8]) -> Result<Scalar, Reason> {
    let mut a = [0u8; 32];
    a.copy_from_slice(b);
    Option::from(Scalar::from_repr(FieldBytes::from(a))).ok_or(Reason::Encoding)
}

fn index(b: &[u8]) -> Option<u16> {
    let i = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    u16::try_from(i).ok().filter(|&i| i != 0)
}

/// Feldman share verification of `share` (index ‖ `s_i`, [`layout::FELDMAN_SHARE_LEN`]
/// bytes) against the concatenated commitments `C_0..C_t` (33 bytes each).
///
/// Order: commitments and share decode ([`Reason::Encoding`]), index nonzero and `≤ u16::MAX`
/// ([`Reason::Share`]), then `s_i·G == Σ_j i^j·C_j` ([`Reason::Share`] if it fails).
pub fn feldman_verify(
    commitments: &[u8],
    share: &[u8; layout::FELDMAN_SHARE_LEN],
) -> Result<(), Reason> {
    let cs = commitments
        .chunks_exact(PT)
        .map(point)
        .collect::<Result<Vec<_>, _>>()?;
    let s = scalar(&share[4..])?;
    let i = index(&share[..4]).ok_or(Reason::Share)?;
    let threshold = cs.len().checked_sub(1).ok_or(Reason::Share)?;
    feldman::verify_share(&cs, threshold, i, &s).map_err(|_| Reason::Share)
}

/// Signature-share verification with identifiable abort: `header` is `Y ‖ R ‖ z`
/// ([`layout::SIGSHARE_HEADER_LEN`] bytes; `z` the 32-byte message hash, reduced mod `n` as
/// ECDSA does), `entries` the concatenated [`layout::SIGSHARE_ENTRY_LEN`]-byte entries.
/// Sets `blame[j]` for every entry that fails to decode, has a bad or repeated index, or
/// fails `s_j·R == z·R̄_j + r·S_j`.
///
/// Reason: a bad header (undecodable `Y` / `R`, `r = 0`) is [`Reason::Encoding`] with no
/// blame; else any undecodable entry is [`Reason::Encoding`], any other blamed entry
/// [`Reason::Share`]; only when no entry is blamed are `Σ R̄_i == G` and `Σ S_i == Y`
/// checked ([`Reason::Aggregate`]).
pub fn sigshare_verify(
    header: &[u8; layout::SIGSHARE_HEADER_LEN],
    entries: &[u8],
    blame: &mut [bool],
) -> Result<(), Reason> {
    let y = point(&header[..PT])?;
    let r = point(&header[PT..2 * PT])?;
    let mut z = [0u8; 32];
    z.copy_from_slice(&header[2 * PT..]);
    let ctx = SigningContext {
        nonce_point: AffinePoint::from(r),
        message: message_scalar(&z),
        group_key: y,
    };
    ctx.r().map_err(|_| Reason::Encoding)?;
    let mut shares = Vec::new();
    let mut seen: Vec<u16> = Vec::new();
    let mut reason = None;
    for (j, e) in entries.chunks_exact(layout::SIGSHARE_ENTRY_LEN).enumerate() {
        let decoded = (|| {
            Ok::<_, Reason>(SignatureShare {
                index: 0,
                nonce_share: point(&e[4..4 + PT])?,
                key_share: point(&e[4 + PT..4 + 2 * PT])?,
                s: scalar(&e[4 + 2 * PT..])?,
            })
        })();
        let idx = index(&e[..4]).filter(|i| !seen.contains(i));
        if let Some(i) = idx {
            seen.push(i);
        }
        let ok = match (decoded, idx) {
            (Err(_), _) => {
                reason = Some(Reason::Encoding);
                false
            }
            (Ok(_), None) => false,
            (Ok(mut s), Some(i)) => {
                s.index = i;
                let good = signing::verify_share_equation(&ctx, &s).is_ok();
                shares.push(s);
                good
            }
        };
        if let Some(b) = blame.get_mut(j) {
            *b = !ok;
        }
        if !ok && reason.is_none() {
            reason = Some(Reason::Share);
        }
    }
    if let Some(r) = reason {
        return Err(r);
    }
    signing::check_sums(&ctx, &shares).map_err(|_| Reason::Aggregate)
}

/// Feldman handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct FeldmanVerify;

impl Precompile for FeldmanVerify {
    fn id(&self) -> u32 {
        syscall::TECDSA_FELDMAN_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        ctx.reserved_zero(3)?;
        let (cptr, count, sptr) = (ctx.arg(0), ctx.arg(1), ctx.arg(2));
        let cs = records(ctx, cptr, count, PT, limits::MAX_PARTIES)?;
        let share: [u8; layout::FELDMAN_SHARE_LEN] = ctx.read_array(sptr)?;
        let r = feldman_verify(&cs, &share);
        Ok(verdict(r, crate::cost::tecdsa_feldman(count)))
    }
}

/// Signature-share handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct SigShareVerify;

impl Precompile for SigShareVerify {
    fn id(&self) -> u32 {
        syscall::TECDSA_SIGSHARE_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let (hptr, eptr, n, bptr) = (ctx.arg(0), ctx.arg(1), ctx.arg(2), ctx.arg(3));
        let entries = records(
            ctx,
            eptr,
            n,
            layout::SIGSHARE_ENTRY_LEN,
            limits::MAX_PARTIES,
        )?;
        let header: [u8; layout::SIGSHARE_HEADER_LEN] = ctx.read_array(hptr)?;
        let bitmap_len = n.div_ceil(8);
        ctx.check_writable(bptr, bitmap_len)?;
        let mut blame = alloc::vec![false; n as usize];
        let r = sigshare_verify(&header, &entries, &mut blame);
        let mut bitmap = alloc::vec![0u8; bitmap_len as usize];
        for (j, b) in blame.iter().enumerate() {
            bitmap[j / 8] |= u8::from(*b) << (j % 8);
        }
        ctx.write(bptr, &bitmap)?;
        Ok(verdict(r, crate::cost::tecdsa_sigshare(n)))
    }
}
