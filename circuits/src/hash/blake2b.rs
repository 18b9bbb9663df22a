//! BLAKE2b (RFC 7693) gadget, unkeyed, with an optional 16-byte
//! personalisation (the parameter-block field Zcash uses for `H*`).
//!
//! Words are 64-bit little-endian [`Boolean`] vectors as in the SHA-2
//! gadgets: the rotations of `G` are free, each XOR of two variable words
//! costs 64 constraints and each sum `a + b + m` or `c + d` mod `2^64` costs
//! 66 or 65 (one decomposition of the sum, as in the SHA-2 gadgets). The
//! block counter and the final-block flag are constants (the message length
//! is fixed at synthesis time), so the initial `v[8..16]` are constant words
//! and the first round's XORs with `v[12..16]` are free. One compression is
//! 12 rounds of 8 `G`s (518 each) plus the feed-forward `h ⊕ v[i] ⊕ v[i+8]`
//! (1,024); its measured count is in `docs/circuits.md`.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{boolean::Boolean, convert::ToBitsGadget, uint8::UInt8, uint64::UInt64};
use ark_relations::gr1cs::SynthesisError;

use super::bits::{Word, add_mod, constant_word, rotr, xor_words};
use super::sha512::SHA512_IV;

/// The BLAKE2b initial value (equal to SHA-512's, RFC 7693 §2.6).
pub const BLAKE2B_IV: [u64; 8] = SHA512_IV;

/// Block size in bytes.
pub const BLAKE2B_BLOCK_BYTES: usize = 128;

/// The message schedule `σ` (RFC 7693 §2.7); round `i` uses `SIGMA[i % 10]`.
const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// Number of rounds of the compression function.
const ROUNDS: usize = 12;

/// The mixing function `G` on `v[a], v[b], v[c], v[d]` with message words
/// `x`, `y` (RFC 7693 §3.1; rotation constants 32, 24, 16, 63).
fn mix<F: PrimeField>(
    v: &mut [Word<F>],
    [a, b, c, d]: [usize; 4],
    x: &[Boolean<F>],
    y: &[Boolean<F>],
) -> Result<(), SynthesisError> {
    v[a] = add_mod(&[&v[a], &v[b], x], 0, 64)?;
    v[d] = rotr(&xor_words(&v[d], &v[a])?, 32);
    v[c] = add_mod(&[&v[c], &v[d]], 0, 64)?;
    v[b] = rotr(&xor_words(&v[b], &v[c])?, 24);
    v[a] = add_mod(&[&v[a], &v[b], y], 0, 64)?;
    v[d] = rotr(&xor_words(&v[d], &v[a])?, 16);
    v[c] = add_mod(&[&v[c], &v[d]], 0, 64)?;
    v[b] = rotr(&xor_words(&v[b], &v[c])?, 63);
    Ok(())
}

/// The compression function `F(h, m, t, f)` on little-endian bit words:
/// `t` is the byte counter after this block, `last` the final-block flag.
fn compress_words<F: PrimeField>(
    h: &[Word<F>],
    m: &[Word<F>],
    t: u128,
    last: bool,
) -> Result<Vec<Word<F>>, SynthesisError> {
    let mut v: Vec<Word<F>> = h.to_vec();
    let mut tail = BLAKE2B_IV;
    tail[4] ^= t as u64;
    tail[5] ^= (t >> 64) as u64;
    if last {
        tail[6] = !tail[6];
    }
    v.extend(tail.iter().map(|&w| constant_word(w, 64)));
    for round in 0..ROUNDS {
        let s = &SIGMA[round % 10];
        mix(&mut v, [0, 4, 8, 12], &m[s[0]], &m[s[1]])?;
        mix(&mut v, [1, 5, 9, 13], &m[s[2]], &m[s[3]])?;
        mix(&mut v, [2, 6, 10, 14], &m[s[4]], &m[s[5]])?;
        mix(&mut v, [3, 7, 11, 15], &m[s[6]], &m[s[7]])?;
        mix(&mut v, [0, 5, 10, 15], &m[s[8]], &m[s[9]])?;
        mix(&mut v, [1, 6, 11, 12], &m[s[10]], &m[s[11]])?;
        mix(&mut v, [2, 7, 8, 13], &m[s[12]], &m[s[13]])?;
        mix(&mut v, [3, 4, 9, 14], &m[s[14]], &m[s[15]])?;
    }
    (0..8)
        .map(|i| xor_words(&xor_words(&h[i], &v[i])?, &v[i + 8]))
        .collect()
}

/// A 128-byte block as 16 little-endian words.
fn block_words<F: PrimeField>(block: &[UInt8<F>]) -> Result<Vec<Word<F>>, SynthesisError> {
    block
        .chunks(8)
        .map(|chunk| {
            let mut word = Vec::with_capacity(64);
            for byte in chunk {
                word.extend(byte.to_bits_le()?);
            }
            Ok(word)
        })
        .collect()
}

/// The initial state for an unkeyed hash of `out_len` bytes with
/// personalisation `personal` (RFC 7693 §2.5 parameter block: digest
/// length, key length 0, fanout 1, depth 1; salt zero).
pub fn blake2b_initial_state(out_len: usize, personal: &[u8; 16]) -> [u64; 8] {
    let mut h = BLAKE2B_IV;
    h[0] ^= 0x0101_0000 ^ (out_len as u64 & 0xff);
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&personal[..8]);
    hi.copy_from_slice(&personal[8..]);
    h[6] ^= u64::from_le_bytes(lo);
    h[7] ^= u64::from_le_bytes(hi);
    h
}

/// One BLAKE2b compression of a 128-byte `block` into `state`, with the
/// byte counter `t` (bytes hashed so far, this block included) and the
/// final-block flag `last` as constants. For tests and benches; hashing is
/// [`blake2b_var`].
pub fn blake2b_compress_var<F: PrimeField>(
    state: &[UInt64<F>; 8],
    block: &[UInt8<F>; BLAKE2B_BLOCK_BYTES],
    t: u128,
    last: bool,
) -> Result<[UInt64<F>; 8], SynthesisError> {
    let h: Vec<Word<F>> = state.iter().map(|w| w.bits.to_vec()).collect();
    let m = block_words(block)?;
    let out = compress_words(&h, &m, t, last)?;
    let out: Vec<UInt64<F>> = out.iter().map(|w| UInt64::from_bits_le(w)).collect();
    out.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

/// BLAKE2b of `msg` (length fixed at synthesis time; variable or constant
/// bytes), unkeyed, with digest length `out_len` (1 to 64 bytes) and the
/// 16-byte personalisation `personal` (all zero for plain BLAKE2b). Equal to
/// `blake2b_simd::Params::new().hash_length(out_len).personal(personal)`.
///
/// # Errors
/// [`SynthesisError::Unsatisfiable`] for `out_len` outside `1..=64` or a
/// constraint field of 67 bits or fewer; otherwise only the constraint
/// system's own errors.
pub fn blake2b_var<F: PrimeField>(
    msg: &[UInt8<F>],
    out_len: usize,
    personal: &[u8; 16],
) -> Result<Vec<UInt8<F>>, SynthesisError> {
    if out_len == 0 || out_len > 64 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut h: Vec<Word<F>> = blake2b_initial_state(out_len, personal)
        .iter()
        .map(|&w| constant_word(w, 64))
        .collect();
    // Every block but the last is full; an empty message is one zero block.
    let blocks = msg.len().div_ceil(BLAKE2B_BLOCK_BYTES).max(1);
    for i in 0..blocks {
        let start = i * BLAKE2B_BLOCK_BYTES;
        let end = (start + BLAKE2B_BLOCK_BYTES).min(msg.len());
        let mut block: Vec<UInt8<F>> = msg[start..end].to_vec();
        block.resize(BLAKE2B_BLOCK_BYTES, UInt8::constant(0));
        let last = i + 1 == blocks;
        let m = block_words(&block)?;
        h = compress_words(&h, &m, end as u128, last)?;
    }
    let mut out = Vec::with_capacity(64);
    for w in &h {
        for chunk in w.chunks(8) {
            out.push(UInt8::from_bits_le(chunk));
        }
    }
    out.truncate(out_len);
    Ok(out)
}

/// BLAKE2b-512 personalised with `personal` (Zcash's `H*` and `PRF^expand`
/// shape): [`blake2b_var`] with a 64-byte digest.
///
/// # Errors
/// As [`blake2b_var`].
pub fn blake2b512_personal_var<F: PrimeField>(
    msg: &[UInt8<F>],
    personal: &[u8; 16],
) -> Result<[UInt8<F>; 64], SynthesisError> {
    blake2b_var(msg, 64, personal)?
        .try_into()
        .map_err(|_| SynthesisError::Unsatisfiable)
}
