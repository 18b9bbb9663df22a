//! Keccak-f[1600] permutation and the Keccak-256 (Ethereum, pad `0x01`) and
//! SHA3-256 (FIPS 202, pad `0x06`) sponges.
//!
//! Lanes are little-endian words of 64 bits; ρ and π are re-indexing (free)
//! and ι is a constant XOR (free). Per round with a variable state:
//! θ computes each column parity `C[x][z]` of five bits in 3 constraints
//! (parity bit and a two-bit quotient, all booleanity-checked, tied by one
//! linear relation folded into the last check), `D = C[x−1] ⊕ rot(C[x+1])`
//! in 1 per bit and `A ⊕ D` in 1 per bit; χ costs 2 per bit
//! (`t = ¬b ∧ c`, then `a ⊕ t`). That is 960 + 320 + 1600 + 3200 = 6080
//! constraints per round, 145,920 per permutation; constant lanes (the zero
//! capacity of the first block, padding) fold.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{
    GR1CSVar, alloc::AllocVar, boolean::Boolean, convert::ToBitsGadget, uint8::UInt8,
    uint64::UInt64,
};
use ark_relations::gr1cs::{LinearCombination, SynthesisError, Variable};

use super::bits::{Word, chi, constant_word, xor_words, xor2, xor3};

/// Round constants of ι (generated from the FIPS 202 LFSR `rc(t)`).
const RC: [u64; 24] = [
    0x0000000000000001,
    0x0000000000008082,
    0x800000000000808a,
    0x8000000080008000,
    0x000000000000808b,
    0x0000000080000001,
    0x8000000080008081,
    0x8000000000008009,
    0x000000000000008a,
    0x0000000000000088,
    0x0000000080008009,
    0x000000008000000a,
    0x000000008000808b,
    0x800000000000008b,
    0x8000000000008089,
    0x8000000000008003,
    0x8000000000008002,
    0x8000000000000080,
    0x000000000000800a,
    0x800000008000000a,
    0x8000000080008081,
    0x8000000000008080,
    0x0000000080000001,
    0x8000000080008008,
];

/// ρ rotation offsets, indexed `x + 5·y` (FIPS 202 §3.2.2).
const RHO: [usize; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

/// Rate in bytes of Keccak-256 and SHA3-256 (capacity 512 bits).
pub const RATE_256: usize = 136;

/// Rotation left of a little-endian lane by `r` (free).
fn rotl<F: PrimeField>(x: &[Boolean<F>], r: usize) -> Word<F> {
    (0..64).map(|i| x[(i + 64 - r) % 64].clone()).collect()
}

fn not<F: PrimeField>(a: &Boolean<F>) -> Result<Boolean<F>, SynthesisError> {
    let mut r = a.clone();
    r.not_in_place()?;
    Ok(r)
}

/// Parity of five bits: 3 constraints when all are variables.
fn xor5<F: PrimeField>(v: [&Boolean<F>; 5]) -> Result<Boolean<F>, SynthesisError> {
    let mut konst = false;
    let vars: Vec<&Boolean<F>> = v
        .iter()
        .copied()
        .filter(|b| match b {
            Boolean::Constant(k) => {
                konst ^= *k;
                false
            }
            Boolean::Var(_) => true,
        })
        .collect();
    let r = match vars.len() {
        0 => Boolean::FALSE,
        1 => vars[0].clone(),
        2 => xor2(vars[0], vars[1])?,
        3 => xor3(vars[0], vars[1], vars[2])?,
        4 => xor2(&xor3(vars[0], vars[1], vars[2])?, vars[3])?,
        _ => {
            // s = p + 2·q0 + 4·q1 with p, q0, q1 bits; q1 is the linear
            // combination (s − p − 2·q0)/4, so three booleanity checks suffice
            // and the decomposition of s ∈ [0, 5] is unique.
            let cs = vars.cs();
            let s = || -> Result<u8, SynthesisError> {
                let mut s = 0;
                for b in &vars {
                    s += u8::from(b.value()?);
                }
                Ok(s)
            };
            let p = Boolean::new_witness(cs.clone(), || Ok(s()? & 1 == 1))?;
            let q0 = Boolean::new_witness(cs.clone(), || Ok((s()? >> 1) & 1 == 1))?;
            let quarter = F::from(4u64)
                .inverse()
                .ok_or(SynthesisError::Unsatisfiable)?;
            let q1 = || {
                let mut lc = LinearCombination::zero();
                for b in &vars {
                    lc = lc + b.lc();
                }
                (lc - p.lc() - q0.lc() * F::from(2u64)) * quarter
            };
            cs.enforce_r1cs_constraint(
                q1,
                || LinearCombination::from(Variable::One) - q1(),
                LinearCombination::zero,
            )?;
            p
        }
    };
    if konst { not(&r) } else { Ok(r) }
}

/// One Keccak-f[1600] round on 25 lanes (index `x + 5·y`).
fn round<F: PrimeField>(a: &[Word<F>], rc: u64) -> Result<Vec<Word<F>>, SynthesisError> {
    // θ
    let mut c: Vec<Word<F>> = Vec::with_capacity(5);
    for x in 0..5 {
        let col = (0..64)
            .map(|z| {
                xor5([
                    &a[x][z],
                    &a[x + 5][z],
                    &a[x + 10][z],
                    &a[x + 15][z],
                    &a[x + 20][z],
                ])
            })
            .collect::<Result<Word<F>, _>>()?;
        c.push(col);
    }
    let mut d: Vec<Word<F>> = Vec::with_capacity(5);
    for x in 0..5 {
        d.push(xor_words(&c[(x + 4) % 5], &rotl(&c[(x + 1) % 5], 1))?);
    }
    // θ's XOR, then ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]).
    let mut b: Vec<Word<F>> = alloc::vec![Vec::new(); 25];
    for y in 0..5 {
        for x in 0..5 {
            let lane = xor_words(&a[x + 5 * y], &d[x])?;
            b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(&lane, RHO[x + 5 * y]);
        }
    }
    // χ
    let mut out: Vec<Word<F>> = Vec::with_capacity(25);
    for y in 0..5 {
        for x in 0..5 {
            let (l0, l1, l2) = (
                &b[x + 5 * y],
                &b[(x + 1) % 5 + 5 * y],
                &b[(x + 2) % 5 + 5 * y],
            );
            let lane = (0..64)
                .map(|z| chi(&l0[z], &l1[z], &l2[z]))
                .collect::<Result<Word<F>, _>>()?;
            out.push(lane);
        }
    }
    // ι
    out[0] = xor_words(&out[0], &constant_word(rc, 64))?;
    Ok(out)
}

/// Keccak-f[1600] on 25 little-endian lanes.
pub(crate) fn permute<F: PrimeField>(state: &[Word<F>]) -> Result<Vec<Word<F>>, SynthesisError> {
    let mut a = state.to_vec();
    for &rc in &RC {
        a = round(&a, rc)?;
    }
    Ok(a)
}

/// Keccak-f[1600] on 25 lanes `A[x + 5·y]` (bits little-endian, as in
/// FIPS 202's byte-to-lane mapping).
pub fn keccak_f1600_var<F: PrimeField>(
    state: &[UInt64<F>; 25],
) -> Result<[UInt64<F>; 25], SynthesisError> {
    let lanes: Vec<Word<F>> = state.iter().map(|w| w.bits.to_vec()).collect();
    let out: Vec<UInt64<F>> = permute(&lanes)?
        .iter()
        .map(|w| UInt64::from_bits_le(w))
        .collect();
    out.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

/// Sponge with rate [`RATE_256`], domain/padding byte `pad` (multi-rate
/// padding `pad ‖ 0* ‖ 0x80`), 32-byte output.
fn sponge_256<F: PrimeField>(msg: &[UInt8<F>], pad: u8) -> Result<[UInt8<F>; 32], SynthesisError> {
    let pad_len = RATE_256 - msg.len() % RATE_256;
    let mut padding = alloc::vec![0u8; pad_len];
    padding[0] = pad;
    padding[pad_len - 1] |= 0x80;
    let mut padded: Vec<UInt8<F>> = msg.to_vec();
    padded.extend(padding.iter().map(|&b| UInt8::constant(b)));
    let mut state: Vec<Word<F>> = (0..25).map(|_| constant_word(0, 64)).collect();
    for block in padded.chunks(RATE_256) {
        for (i, lane_bytes) in block.chunks(8).enumerate() {
            let mut lane = Vec::with_capacity(64);
            for byte in lane_bytes {
                lane.extend(byte.to_bits_le()?);
            }
            state[i] = xor_words(&state[i], &lane)?;
        }
        state = permute(&state)?;
    }
    let mut out = Vec::with_capacity(32);
    for lane in &state[..4] {
        for byte in lane.chunks(8) {
            out.push(UInt8::from_bits_le(byte));
        }
    }
    out.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

/// Keccak-256 (Ethereum's hash: original Keccak padding `0x01`) of `msg`,
/// whose length is fixed at synthesis time.
pub fn keccak256_var<F: PrimeField>(msg: &[UInt8<F>]) -> Result<[UInt8<F>; 32], SynthesisError> {
    sponge_256(msg, 0x01)
}

/// SHA3-256 (FIPS 202, domain padding `0x06`) of `msg`, whose length is
/// fixed at synthesis time.
pub fn sha3_256_var<F: PrimeField>(msg: &[UInt8<F>]) -> Result<[UInt8<F>; 32], SynthesisError> {
    sponge_256(msg, 0x06)
}
