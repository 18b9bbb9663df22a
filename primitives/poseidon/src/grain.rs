//! The Grain LFSR of the Poseidon reference implementation (`hadeshash`,
//! `generate_parameters_grain.sage`), from which round constants and the
//! Cauchy MDS matrix are drawn.

use umbra_ct_curves::CtField;

/// The 80-bit Grain LFSR in self-shrinking mode.
pub(crate) struct Grain {
    state: [bool; 80],
    /// Index of the oldest bit (`state` is a ring buffer).
    head: usize,
}

impl Grain {
    /// Initialises the LFSR with the instance description: field type
    /// (1 = prime field, 2 bits), S-box code (4 bits: Poseidon's script
    /// writes 0 for `x^alpha`, Poseidon2's script writes 1), field size `n`
    /// (12 bits), width `t` (12 bits), `R_F` (10 bits), `R_P` (10 bits),
    /// then 30 one-bits; the first 160 outputs are discarded.
    pub(crate) fn new(sbox_code: u32, field_bits: u32, t: u32, r_f: u32, r_p: u32) -> Self {
        let mut state = [true; 80];
        let mut i = 0;
        let mut push = |value: u32, width: u32| {
            for b in (0..width).rev() {
                state[i] = (value >> b) & 1 == 1;
                i += 1;
            }
        };
        push(1, 2);
        push(sbox_code, 4);
        push(field_bits, 12);
        push(t, 12);
        push(r_f, 10);
        push(r_p, 10);
        // The remaining 30 bits stay set.
        let mut g = Self { state, head: 0 };
        for _ in 0..160 {
            g.step();
        }
        g
    }

    /// One LFSR step: `b[i+80] = b[i+62] ^ b[i+51] ^ b[i+38] ^ b[i+23] ^ b[i+13] ^ b[i]`.
    fn step(&mut self) -> bool {
        let at = |k: usize| self.state[(self.head + k) % 80];
        let bit = at(62) ^ at(51) ^ at(38) ^ at(23) ^ at(13) ^ at(0);
        self.state[self.head] = bit;
        self.head = (self.head + 1) % 80;
        bit
    }

    /// The next filtered bit: pairs `(b1, b2)` are drawn and `b2` is output
    /// only when `b1` is set.
    fn next_bit(&mut self) -> bool {
        loop {
            let keep = self.step();
            let bit = self.step();
            if keep {
                return bit;
            }
        }
    }

    /// `n` filtered bits read as a big-endian integer, as little-endian limbs.
    fn next_limbs(&mut self, n: u32) -> [u64; 4] {
        let mut limbs = [0u64; 4];
        for _ in 0..n {
            // Shift the 256-bit value left by one and append the bit.
            let bit = u64::from(self.next_bit());
            limbs[3] = (limbs[3] << 1) | (limbs[2] >> 63);
            limbs[2] = (limbs[2] << 1) | (limbs[1] >> 63);
            limbs[1] = (limbs[1] << 1) | (limbs[0] >> 63);
            limbs[0] = (limbs[0] << 1) | bit;
        }
        limbs
    }

    /// A field element by rejection sampling (`grain_random_bits(n)` until
    /// the value is below `p`): how the reference draws round constants.
    pub(crate) fn next_field_rejection<F: CtField>(&mut self, n: u32) -> F {
        loop {
            let limbs = self.next_limbs(n);
            // Parameters are public: leaving constant time here is fine.
            if let Some(f) = Option::<F>::from(F::ct_from_canonical_limbs(&limbs)) {
                return f;
            }
        }
    }

    /// A field element reduced modulo `p` (`F(grain_random_bits(n))`): how
    /// the reference draws the Cauchy matrix's `x_i` and `y_j`.
    pub(crate) fn next_field_reduced<F: CtField>(&mut self, n: u32) -> F {
        F::ct_from_limbs_mod_order(&self.next_limbs(n))
    }
}
