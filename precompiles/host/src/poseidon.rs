//! Poseidon permutation ([`umbra_abi::syscall::POSEIDON_PERMUTE`]) with `umbra-poseidon`:
//! `a0` = [`PoseidonField`], `a1` = width `t`, `a2` → state (`t` × 32 bytes, 4-aligned,
//! little-endian canonical elements), permuted in place. Returns `a0` = 0.
//!
//! The instances are `umbra-poseidon`'s reference ones (`x^5`, `R_F = 8`, reference `R_P`,
//! Grain-LFSR constants; circomlib's on BN254), which exist for `t = 2..=5`. A width inside
//! the ABI range [`limits::POSEIDON_MIN_WIDTH`]..=[`limits::POSEIDON_MAX_WIDTH`] that the
//! parameter set does not have, or outside it, is [`SyscallError::BadLength`]; an unknown
//! field id [`SyscallError::BadVariant`]; an element `≥ p` [`SyscallError::BadEncoding`]
//! (nothing is written then).
//!
//! Building an instance (Grain-LFSR constants, MDS matrix) takes about 1.6 ms, some 170
//! permutations' worth, so each `(field, t)` instance is built once, on first use, and
//! shared by every later call.

use alloc::vec::Vec;
use ark_ff::{BigInteger, PrimeField};
use std::sync::OnceLock;
use umbra_abi::{PoseidonField, layout, limits, syscall};
use umbra_poseidon::{CtField, Poseidon};
use umbra_vm::{CallContext, Outcome, Precompile, SyscallError};

const EL: usize = layout::FIELD_ELEMENT_LEN;

/// The canonical element encoded by `b` (32 bytes little-endian), `None` if `≥ p`.
fn element<F: PrimeField>(b: &[u8]) -> Option<F> {
    let f = F::from_le_bytes_mod_order(b);
    let back = f.into_bigint().to_bytes_le();
    (back.as_slice() == b).then_some(f)
}

/// One field's instances, `t = 2..=5`, each built on first use (`None` if the parameter
/// set has no instance of that width).
struct Instances<F: CtField> {
    t2: OnceLock<Option<Poseidon<F, 2>>>,
    t3: OnceLock<Option<Poseidon<F, 3>>>,
    t4: OnceLock<Option<Poseidon<F, 4>>>,
    t5: OnceLock<Option<Poseidon<F, 5>>>,
}

impl<F: CtField> Instances<F> {
    const fn new() -> Self {
        Self {
            t2: OnceLock::new(),
            t3: OnceLock::new(),
            t4: OnceLock::new(),
            t5: OnceLock::new(),
        }
    }
}

static BN254: Instances<ark_bn254::Fr> = Instances::new();
static BLS12_381: Instances<ark_bls12_381::Fr> = Instances::new();

fn permute_t<F: CtField, const T: usize>(
    instance: &OnceLock<Option<Poseidon<F, T>>>,
    state: &[u8],
) -> Result<Vec<u8>, SyscallError> {
    let mut s = [F::from(0u64); T];
    for (x, b) in s.iter_mut().zip(state.chunks_exact(EL)) {
        *x = element::<F>(b).ok_or(SyscallError::BadEncoding)?;
    }
    let p = instance
        .get_or_init(|| Poseidon::<F, T>::new().ok())
        .as_ref()
        .ok_or(SyscallError::BadLength { len: T as u32 })?;
    p.permute(&mut s);
    let mut out = Vec::with_capacity(T * EL);
    for x in &s {
        let mut b = x.into_bigint().to_bytes_le();
        b.resize(EL, 0);
        out.extend_from_slice(&b);
    }
    Ok(out)
}

fn permute_in<F: CtField>(
    instances: &Instances<F>,
    t: u32,
    state: &[u8],
) -> Result<Vec<u8>, SyscallError> {
    match t {
        2 => permute_t(&instances.t2, state),
        3 => permute_t(&instances.t3, state),
        4 => permute_t(&instances.t4, state),
        5 => permute_t(&instances.t5, state),
        _ => Err(SyscallError::BadLength { len: t }),
    }
}

/// Whether this host has the `(field, t)` instance (`t = 2..=5` for both fields).
pub const fn supported_width(t: u32) -> bool {
    matches!(t, 2..=5)
}

/// The permutation of `state` (`t` × 32-byte little-endian canonical elements) in `field`;
/// `Err` is the typed error the handler reports.
pub fn permute(field: PoseidonField, state: &[u8]) -> Result<Vec<u8>, SyscallError> {
    let t = (state.len() / EL) as u32;
    if !state.len().is_multiple_of(EL) || !supported_width(t) {
        return Err(SyscallError::BadLength { len: t });
    }
    match field {
        PoseidonField::Bn254 => permute_in(&BN254, t, state),
        PoseidonField::Bls12_381 => permute_in(&BLS12_381, t, state),
    }
}

/// Poseidon handler.
#[derive(Clone, Copy, Debug, Default)]
pub struct PoseidonPermute;

impl Precompile for PoseidonPermute {
    fn id(&self) -> u32 {
        syscall::POSEIDON_PERMUTE
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        ctx.reserved_zero(3)?;
        let (fid, t, ptr) = (ctx.arg(0), ctx.arg(1), ctx.arg(2));
        let field = PoseidonField::from_id(fid).ok_or(SyscallError::BadVariant { value: fid })?;
        if !(limits::POSEIDON_MIN_WIDTH..=limits::POSEIDON_MAX_WIDTH).contains(&t)
            || !supported_width(t)
        {
            return Err(SyscallError::BadLength { len: t });
        }
        let len = t * EL as u32;
        ctx.check_writable(ptr, len)?;
        let state = ctx.read(ptr, len)?;
        let out = permute(field, &state)?;
        ctx.write(ptr, &out)?;
        Ok(Outcome {
            a0: 0,
            a1: 0,
            cycles: crate::cost::poseidon(t),
        })
    }
}
