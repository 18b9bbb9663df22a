//! The SHA-2 compression function (FIPS 180-4) on bits, for SHA-256 (`bip340_verify`'s
//! challenge) and SHA-512 (`ed25519_verify`'s): one code path for both widths, with a
//! native twin the witness generator and the tests use.
//!
//! A word is `w` boolean variables, least significant first, so rotations and shifts are
//! free. Per bit, a three-input XOR and a majority come from one split of the sum
//! `a + b + c ∈ [0, 3]` into `2q + r` with `q`, `r` boolean (two rows: `q` is the majority,
//! `r` the parity — unique, since `r = a + b + c − 2q ∈ {0, 1}` leaves one `q`); a choice is
//! one product. A sum of `k` words mod 2^w is one decomposition of the integer sum into `w`
//! fresh bits and a carry of `⌈log₂ k⌉` bits (one row for the equality). So a SHA-256 round
//! is `64 + 64 + 32 + 64 + 2·(32 + 3) + 2 = 296` rows and a message-schedule word
//! `61 + 54 + 32 + 2 + 1 = 150` (σ₀'s and σ₁'s shifted bits are two-input XORs, one row).
#![cfg_attr(not(test), allow(dead_code))]

use ark_bn254::Fr;
use ark_ff::One;
use ark_relations::gr1cs::SynthesisError;

use super::gadgets::boolean;
use crate::synth::{Synth, V, f, low_bits, pow2};

/// One member of the SHA-2 family: word width, round constants, rotation amounts, IV.
pub(crate) struct Sha2 {
    /// Word width in bits (32 or 64).
    pub(crate) bits: u32,
    /// Round constants (one per round).
    k: &'static [u64],
    /// Rotations of Σ₀ and Σ₁.
    big: [[u32; 3]; 2],
    /// Rotations, rotation and shift of σ₀ and σ₁.
    small: [[u32; 3]; 2],
    /// The initial hash value.
    pub(crate) iv: [u64; 8],
}

/// A word as its bits, least significant first.
pub(crate) type Word = Vec<V>;

const K256: [u64; 64] = [
    0x428a_2f98,
    0x7137_4491,
    0xb5c0_fbcf,
    0xe9b5_dba5,
    0x3956_c25b,
    0x59f1_11f1,
    0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98,
    0x1283_5b01,
    0x2431_85be,
    0x550c_7dc3,
    0x72be_5d74,
    0x80de_b1fe,
    0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1,
    0xefbe_4786,
    0x0fc1_9dc6,
    0x240c_a1cc,
    0x2de9_2c6f,
    0x4a74_84aa,
    0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152,
    0xa831_c66d,
    0xb003_27c8,
    0xbf59_7fc7,
    0xc6e0_0bf3,
    0xd5a7_9147,
    0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85,
    0x2e1b_2138,
    0x4d2c_6dfc,
    0x5338_0d13,
    0x650a_7354,
    0x766a_0abb,
    0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1,
    0xa81a_664b,
    0xc24b_8b70,
    0xc76c_51a3,
    0xd192_e819,
    0xd699_0624,
    0xf40e_3585,
    0x106a_a070,
    0x19a4_c116,
    0x1e37_6c08,
    0x2748_774c,
    0x34b0_bcb5,
    0x391c_0cb3,
    0x4ed8_aa4a,
    0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee,
    0x78a5_636f,
    0x84c8_7814,
    0x8cc7_0208,
    0x90be_fffa,
    0xa450_6ceb,
    0xbef9_a3f7,
    0xc671_78f2,
];

const K512: [u64; 80] = [
    0x428a_2f98_d728_ae22,
    0x7137_4491_23ef_65cd,
    0xb5c0_fbcf_ec4d_3b2f,
    0xe9b5_dba5_8189_dbbc,
    0x3956_c25b_f348_b538,
    0x59f1_11f1_b605_d019,
    0x923f_82a4_af19_4f9b,
    0xab1c_5ed5_da6d_8118,
    0xd807_aa98_a303_0242,
    0x1283_5b01_4570_6fbe,
    0x2431_85be_4ee4_b28c,
    0x550c_7dc3_d5ff_b4e2,
    0x72be_5d74_f27b_896f,
    0x80de_b1fe_3b16_96b1,
    0x9bdc_06a7_25c7_1235,
    0xc19b_f174_cf69_2694,
    0xe49b_69c1_9ef1_4ad2,
    0xefbe_4786_384f_25e3,
    0x0fc1_9dc6_8b8c_d5b5,
    0x240c_a1cc_77ac_9c65,
    0x2de9_2c6f_592b_0275,
    0x4a74_84aa_6ea6_e483,
    0x5cb0_a9dc_bd41_fbd4,
    0x76f9_88da_8311_53b5,
    0x983e_5152_ee66_dfab,
    0xa831_c66d_2db4_3210,
    0xb003_27c8_98fb_213f,
    0xbf59_7fc7_beef_0ee4,
    0xc6e0_0bf3_3da8_8fc2,
    0xd5a7_9147_930a_a725,
    0x06ca_6351_e003_826f,
    0x1429_2967_0a0e_6e70,
    0x27b7_0a85_46d2_2ffc,
    0x2e1b_2138_5c26_c926,
    0x4d2c_6dfc_5ac4_2aed,
    0x5338_0d13_9d95_b3df,
    0x650a_7354_8baf_63de,
    0x766a_0abb_3c77_b2a8,
    0x81c2_c92e_47ed_aee6,
    0x9272_2c85_1482_353b,
    0xa2bf_e8a1_4cf1_0364,
    0xa81a_664b_bc42_3001,
    0xc24b_8b70_d0f8_9791,
    0xc76c_51a3_0654_be30,
    0xd192_e819_d6ef_5218,
    0xd699_0624_5565_a910,
    0xf40e_3585_5771_202a,
    0x106a_a070_32bb_d1b8,
    0x19a4_c116_b8d2_d0c8,
    0x1e37_6c08_5141_ab53,
    0x2748_774c_df8e_eb99,
    0x34b0_bcb5_e19b_48a8,
    0x391c_0cb3_c5c9_5a63,
    0x4ed8_aa4a_e341_8acb,
    0x5b9c_ca4f_7763_e373,
    0x682e_6ff3_d6b2_b8a3,
    0x748f_82ee_5def_b2fc,
    0x78a5_636f_4317_2f60,
    0x84c8_7814_a1f0_ab72,
    0x8cc7_0208_1a64_39ec,
    0x90be_fffa_2363_1e28,
    0xa450_6ceb_de82_bde9,
    0xbef9_a3f7_b2c6_7915,
    0xc671_78f2_e372_532b,
    0xca27_3ece_ea26_619c,
    0xd186_b8c7_21c0_c207,
    0xeada_7dd6_cde0_eb1e,
    0xf57d_4f7f_ee6e_d178,
    0x06f0_67aa_7217_6fba,
    0x0a63_7dc5_a2c8_98a6,
    0x113f_9804_bef9_0dae,
    0x1b71_0b35_131c_471b,
    0x28db_77f5_2304_7d84,
    0x32ca_ab7b_40c7_2493,
    0x3c9e_be0a_15c9_bebc,
    0x431d_67c4_9c10_0d4c,
    0x4cc5_d4be_cb3e_42b6,
    0x597f_299c_fc65_7e2a,
    0x5fcb_6fab_3ad6_faec,
    0x6c44_198c_4a47_5817,
];

/// SHA-256.
pub(crate) const SHA256: Sha2 = Sha2 {
    bits: 32,
    k: &K256,
    big: [[2, 13, 22], [6, 11, 25]],
    small: [[7, 18, 3], [17, 19, 10]],
    iv: [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ],
};

/// SHA-512.
pub(crate) const SHA512: Sha2 = Sha2 {
    bits: 64,
    k: &K512,
    big: [[28, 34, 39], [14, 18, 41]],
    small: [[1, 8, 7], [19, 61, 6]],
    iv: [
        0x6a09_e667_f3bc_c908,
        0xbb67_ae85_84ca_a73b,
        0x3c6e_f372_fe94_f82b,
        0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1,
        0x9b05_688c_2b3e_6c1f,
        0x1f83_d9ab_fb41_bd6b,
        0x5be0_cd19_137e_2179,
    ],
};

impl Sha2 {
    fn mask(&self) -> u64 {
        u64::MAX >> (64 - self.bits)
    }

    fn rotr(&self, x: u64, n: u32) -> u64 {
        ((x >> n) | (x << (self.bits - n))) & self.mask()
    }

    fn big_native(&self, i: usize, x: u64) -> u64 {
        let [a, b, c] = self.big[i];
        self.rotr(x, a) ^ self.rotr(x, b) ^ self.rotr(x, c)
    }

    fn small_native(&self, i: usize, x: u64) -> u64 {
        let [a, b, c] = self.small[i];
        self.rotr(x, a) ^ self.rotr(x, b) ^ (x >> c)
    }

    /// The compression function natively: `state` updated by one block of 16 words
    /// (big-endian words of the block, as FIPS 180-4 reads them).
    pub(crate) fn compress_native(&self, state: &mut [u64; 8], block: &[u64; 16]) {
        let m = self.mask();
        let mut w = Vec::with_capacity(self.k.len());
        w.extend_from_slice(block);
        for t in 16..self.k.len() {
            let x = self
                .small_native(1, w[t - 2])
                .wrapping_add(w[t - 7])
                .wrapping_add(self.small_native(0, w[t - 15]))
                .wrapping_add(w[t - 16]);
            w.push(x & m);
        }
        let mut v = *state;
        for (t, &kt) in self.k.iter().enumerate() {
            let [a, b, c, d, e, ff, g, h] = v;
            let ch = (e & ff) ^ (!e & g);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t1 = h
                .wrapping_add(self.big_native(1, e))
                .wrapping_add(ch & m)
                .wrapping_add(kt)
                .wrapping_add(w[t])
                & m;
            let t2 = self.big_native(0, a).wrapping_add(maj) & m;
            v = [
                t1.wrapping_add(t2) & m,
                a,
                b,
                c,
                d.wrapping_add(t1) & m,
                e,
                ff,
                g,
            ];
        }
        for (s, x) in state.iter_mut().zip(v) {
            *s = s.wrapping_add(x) & m;
        }
    }

    /// The digest of `msg` natively (FIPS 180-4 padding, big-endian output).
    pub(crate) fn digest_native(&self, msg: &[u8]) -> Vec<u8> {
        let h = self;
        let wb = (h.bits / 8) as usize;
        let block_len = 16 * wb;
        let mut m = msg.to_vec();
        m.push(0x80);
        while m.len() % block_len != block_len - 2 * wb {
            m.push(0);
        }
        let bit_len = (msg.len() as u128) * 8;
        m.extend_from_slice(&bit_len.to_be_bytes()[16 - 2 * wb..]);
        let mut st = h.iv;
        for blk in m.chunks(block_len) {
            let words: [u64; 16] = core::array::from_fn(|i| {
                blk[i * wb..(i + 1) * wb]
                    .iter()
                    .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
            });
            h.compress_native(&mut st, &words);
        }
        st.iter()
            .flat_map(|x| x.to_be_bytes()[8 - wb..].to_vec())
            .collect()
    }

    /// A constant word.
    pub(crate) fn constant(&self, x: u64) -> Word {
        (0..self.bits)
            .map(|i| V::constant(if (x >> i) & 1 == 1 { Fr::one() } else { f(0) }))
            .collect()
    }

    /// `Σ bits_i·2^i`: the word as one value (no row).
    pub(crate) fn pack(x: &[V]) -> V {
        let mut acc = V::zero();
        for (i, b) in x.iter().enumerate() {
            acc = acc.plus(&b.scale(pow2(i as u32)));
        }
        acc
    }

    /// The integer value of a word.
    pub(crate) fn value(x: &[V]) -> u64 {
        x.iter()
            .enumerate()
            .fold(0, |acc, (i, b)| acc | (low_bits(b.val) << i))
    }

    /// The sum of `terms` (packed words) mod 2^w as fresh bits: `Σ terms = Σ bits·2^i +
    /// carry·2^w`, the carry `⌈log₂ k⌉` boolean bits for `k` terms.
    fn add(&self, s: &mut Synth, terms: &[V]) -> Result<Word, SynthesisError> {
        let mut sum = V::zero();
        let mut total: u128 = 0;
        for t in terms {
            sum = sum.plus(t);
            total += u128::from(low_bits(t.val));
        }
        let carry_bits = usize::BITS - (terms.len() - 1).leading_zeros();
        let mut out = Vec::with_capacity(self.bits as usize);
        let mut acc = V::zero();
        for i in 0..self.bits {
            let b = boolean(s, (total >> i) & 1 == 1)?;
            acc = acc.plus(&b.scale(pow2(i)));
            out.push(b);
        }
        for j in 0..carry_bits {
            let b = boolean(s, (total >> (self.bits + j)) & 1 == 1)?;
            acc = acc.plus(&b.scale(pow2(self.bits + j)));
        }
        s.equal(&sum, &acc)?;
        Ok(out)
    }

    /// Parity and majority of three bits (two rows; see the module documentation).
    fn split3(s: &mut Synth, a: &V, b: &V, c: &V) -> Result<(V, V), SynthesisError> {
        let sum = a.add(b).add(c);
        let q = boolean(s, low_bits(sum.val) >= 2)?;
        let r = sum.sub(&q.scale(f(2)));
        s.boolean(&r)?;
        Ok((r, q))
    }

    /// `a ⊕ b` of two bits, one row (`a + b − 2ab`).
    fn xor2(s: &mut Synth, a: &V, b: &V) -> Result<V, SynthesisError> {
        let ab = s.mul(a, b)?;
        Ok(a.add(b).sub(&ab.scale(f(2))))
    }

    fn rot(&self, x: &[V], n: u32, i: u32) -> V {
        x[((i + n) % self.bits) as usize].clone()
    }

    /// Σ₀ (`which = 0`) or Σ₁ of a word.
    fn big_sigma(&self, s: &mut Synth, which: usize, x: &[V]) -> Result<Word, SynthesisError> {
        let [p, q, r] = self.big[which];
        (0..self.bits)
            .map(|i| {
                Self::split3(
                    s,
                    &self.rot(x, p, i),
                    &self.rot(x, q, i),
                    &self.rot(x, r, i),
                )
                .map(|(par, _)| par)
            })
            .collect()
    }

    /// σ₀ (`which = 0`) or σ₁ of a word: the shifted term is 0 in the top bits, where the
    /// XOR has two inputs.
    fn small_sigma(&self, s: &mut Synth, which: usize, x: &[V]) -> Result<Word, SynthesisError> {
        let [p, q, sh] = self.small[which];
        (0..self.bits)
            .map(|i| {
                let (a, b) = (self.rot(x, p, i), self.rot(x, q, i));
                if i + sh < self.bits {
                    Self::split3(s, &a, &b, &x[(i + sh) as usize]).map(|(par, _)| par)
                } else {
                    Self::xor2(s, &a, &b)
                }
            })
            .collect()
    }

    /// The compression function on bits: `state` (eight words, each boolean — the output of
    /// an earlier compression or constants) and the block's 16 words (boolean bits of the
    /// big-endian words); returns the next state's words, every bit a fresh boolean.
    pub(crate) fn compress(
        &self,
        s: &mut Synth,
        state: &[Word; 8],
        block: &[Word],
    ) -> Result<[Word; 8], SynthesisError> {
        let mut w: Vec<Word> = block.to_vec();
        for t in 16..self.k.len() {
            let s1 = self.small_sigma(s, 1, &w[t - 2])?;
            let s0 = self.small_sigma(s, 0, &w[t - 15])?;
            let next = self.add(
                s,
                &[
                    Self::pack(&s1),
                    Self::pack(&w[t - 7]),
                    Self::pack(&s0),
                    Self::pack(&w[t - 16]),
                ],
            )?;
            w.push(next);
        }
        let mut v = state.clone();
        for (t, &kt) in self.k.iter().enumerate() {
            let [a, b, c, d, e, ff, g, h] = &v;
            let s1 = self.big_sigma(s, 1, e)?;
            let mut ch = Vec::with_capacity(self.bits as usize);
            for i in 0..self.bits as usize {
                let t = s.mul(&e[i], &ff[i].sub(&g[i]))?;
                ch.push(g[i].add(&t));
            }
            let s0 = self.big_sigma(s, 0, a)?;
            let mut maj = Vec::with_capacity(self.bits as usize);
            for i in 0..self.bits as usize {
                maj.push(Self::split3(s, &a[i], &b[i], &c[i])?.1);
            }
            let t1 = [
                Self::pack(h),
                Self::pack(&s1),
                Self::pack(&ch),
                V::constant(f(kt)),
                Self::pack(&w[t]),
            ];
            let mut e_terms = t1.to_vec();
            e_terms.push(Self::pack(d));
            let new_e = self.add(s, &e_terms)?;
            let mut a_terms = t1.to_vec();
            a_terms.push(Self::pack(&s0));
            a_terms.push(Self::pack(&maj));
            let new_a = self.add(s, &a_terms)?;
            v = [
                new_a,
                a.clone(),
                b.clone(),
                c.clone(),
                new_e,
                e.clone(),
                ff.clone(),
                g.clone(),
            ];
        }
        let mut out: [Word; 8] = Default::default();
        for (o, (x, y)) in out.iter_mut().zip(state.iter().zip(&v)) {
            *o = self.add(s, &[Self::pack(x), Self::pack(y)])?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::sha2::Digest;

    #[test]
    fn native_compression_matches_the_sha2_crate() {
        for len in [0usize, 1, 55, 56, 63, 64, 111, 112, 119, 127, 128, 200] {
            let msg: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(
                SHA256.digest_native(&msg),
                ::sha2::Sha256::digest(&msg).to_vec(),
                "sha256 len {len}"
            );
            assert_eq!(
                SHA512.digest_native(&msg),
                ::sha2::Sha512::digest(&msg).to_vec(),
                "sha512 len {len}"
            );
        }
    }

    fn word_bits(s: &mut Synth, h: &Sha2, x: u64) -> Word {
        (0..h.bits)
            .map(|i| boolean(s, (x >> i) & 1 == 1).expect("native"))
            .collect()
    }

    /// The circuit's compression equals the native one, its rows are the documented
    /// count, and a flipped output bit (as a forged witness would claim) fails a row.
    #[test]
    fn circuit_compression_equals_native_and_counts_rows() {
        for (h, rows_per_block) in [
            (&SHA256, 64 * 296 + 48 * 150 + 8 * 34),
            (&SHA512, umbra_precompiles::cost::SHA512_BLOCK_ROWS as usize),
        ] {
            let mut st = h.iv;
            let block: [u64; 16] = core::array::from_fn(|i| {
                (0x0123_4567_89ab_cdefu64.rotate_left(7 * i as u32) ^ i as u64) & h.mask()
            });
            let mut s = Synth::new(None);
            let state_bits: [Word; 8] = core::array::from_fn(|i| h.constant(st[i]));
            let block_bits: Vec<Word> = block.iter().map(|&x| word_bits(&mut s, h, x)).collect();
            let before = s.counts.total();
            let out = h
                .compress(&mut s, &state_bits, &block_bits)
                .expect("native");
            let rows = s.counts.total() - before;
            h.compress_native(&mut st, &block);
            for (o, x) in out.iter().zip(st) {
                assert_eq!(Sha2::value(o), x);
            }
            assert!(s.violated.is_empty());
            assert_eq!(rows, rows_per_block, "{}-bit words: rows per block", h.bits);
        }
    }
}
