//! The SHA-2 compression function and Merkle–Damgård padding, shared by
//! SHA-256 (32-bit words) and SHA-512 (64-bit words) — FIPS 180-4 §4–6.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{boolean::Boolean, convert::ToBitsGadget, uint8::UInt8};
use ark_relations::gr1cs::SynthesisError;

use super::bits::{Word, add_mod, bitwise3, ch, constant_word, maj, rotr, shr, xor3};

/// Parameters of one SHA-2 family member.
pub(crate) struct Params {
    /// Word size in bits (32 or 64).
    pub word: usize,
    /// Round constants; their count is the number of rounds (64 or 80).
    pub k: &'static [u64],
    /// Initial hash value.
    pub iv: &'static [u64; 8],
    /// Rotation amounts of Σ0.
    pub big_sigma0: [usize; 3],
    /// Rotation amounts of Σ1.
    pub big_sigma1: [usize; 3],
    /// Two rotations and one shift of σ0.
    pub small_sigma0: [usize; 3],
    /// Two rotations and one shift of σ1.
    pub small_sigma1: [usize; 3],
    /// Digest length in bytes.
    pub out_bytes: usize,
}

fn big_sigma<F: PrimeField>(x: &[Boolean<F>], r: [usize; 3]) -> Result<Word<F>, SynthesisError> {
    bitwise3(&rotr(x, r[0]), &rotr(x, r[1]), &rotr(x, r[2]), xor3)
}

fn small_sigma<F: PrimeField>(x: &[Boolean<F>], r: [usize; 3]) -> Result<Word<F>, SynthesisError> {
    bitwise3(&rotr(x, r[0]), &rotr(x, r[1]), &shr(x, r[2]), xor3)
}

/// One compression: `state` and `block` are 8 and 16 little-endian words.
pub(crate) fn compress<F: PrimeField>(
    p: &Params,
    state: &[Word<F>],
    block: &[Word<F>],
) -> Result<Vec<Word<F>>, SynthesisError> {
    let n = p.word;
    let rounds = p.k.len();
    let mut w: Vec<Word<F>> = block.to_vec();
    for t in 16..rounds {
        let s0 = small_sigma(&w[t - 15], p.small_sigma0)?;
        let s1 = small_sigma(&w[t - 2], p.small_sigma1)?;
        let next = add_mod(&[&s1, &w[t - 7], &s0, &w[t - 16]], 0, n)?;
        w.push(next);
    }
    let mut v: Vec<Word<F>> = state.to_vec();
    for (wt, &kt) in w.iter().zip(p.k) {
        let (a, b, c, d) = (&v[0], &v[1], &v[2], &v[3]);
        let (e, f, g, h) = (&v[4], &v[5], &v[6], &v[7]);
        let s1 = big_sigma(e, p.big_sigma1)?;
        let chv = bitwise3(e, f, g, ch)?;
        let s0 = big_sigma(a, p.big_sigma0)?;
        let mj = bitwise3(a, b, c, maj)?;
        // T1 = h + Σ1 + Ch + K + W stays a linear combination inside both sums.
        let new_e = add_mod(&[d, h, &s1, &chv, wt], kt, n)?;
        let new_a = add_mod(&[h, &s1, &chv, wt, &s0, &mj], kt, n)?;
        v.pop();
        v.insert(0, new_a);
        v[4] = new_e;
    }
    state
        .iter()
        .zip(&v)
        .map(|(s, x)| add_mod(&[s, x], 0, n))
        .collect()
}

/// The initial state as constant words.
pub(crate) fn iv_words<F: PrimeField>(p: &Params) -> Vec<Word<F>> {
    p.iv.iter().map(|&x| constant_word(x, p.word)).collect()
}

/// Big-endian bytes to little-endian words of `word_bits`.
pub(crate) fn bytes_to_words<F: PrimeField>(
    bytes: &[UInt8<F>],
    word_bits: usize,
) -> Result<Vec<Word<F>>, SynthesisError> {
    let wb = word_bits / 8;
    bytes
        .chunks(wb)
        .map(|chunk| {
            let mut word = Vec::with_capacity(word_bits);
            for byte in chunk.iter().rev() {
                word.extend(byte.to_bits_le()?);
            }
            Ok(word)
        })
        .collect()
}

/// Little-endian words to big-endian bytes.
pub(crate) fn words_to_bytes<F: PrimeField>(words: &[Word<F>]) -> Vec<UInt8<F>> {
    let mut out = Vec::with_capacity(words.len() * words.first().map_or(0, |w| w.len() / 8));
    for w in words {
        for chunk in w.chunks(8).rev() {
            out.push(UInt8::from_bits_le(chunk));
        }
    }
    out
}

/// Pads `msg` (length known at synthesis time) and hashes it.
pub(crate) fn hash<F: PrimeField>(
    p: &Params,
    msg: &[UInt8<F>],
) -> Result<Vec<UInt8<F>>, SynthesisError> {
    let wb = p.word / 8;
    let block_bytes = 16 * wb;
    let len_bytes = 2 * wb;
    let mut padded: Vec<UInt8<F>> = msg.to_vec();
    padded.push(UInt8::constant(0x80));
    while padded.len() % block_bytes != block_bytes - len_bytes {
        padded.push(UInt8::constant(0));
    }
    let bit_len = (msg.len() as u128) * 8;
    let be = bit_len.to_be_bytes();
    for &b in &be[16 - len_bytes..] {
        padded.push(UInt8::constant(b));
    }
    let mut state = iv_words::<F>(p);
    for block in padded.chunks(block_bytes) {
        let words = bytes_to_words(block, p.word)?;
        state = compress(p, &state, &words)?;
    }
    let mut out = words_to_bytes(&state);
    out.truncate(p.out_bytes);
    Ok(out)
}
