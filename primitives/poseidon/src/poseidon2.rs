//! Poseidon2 (Grassi, Khovratovich, Schofnegger, eprint 2023/323) for
//! `t = 3` over BLS12-381 Fr and BN254 Fr: `x^5`, `R_F = 8`, `R_P = 56`,
//! round constants from the Grain LFSR as the reference parameter script
//! (`poseidon2_rust_params.sage`) draws them.
//!
//! Poseidon2 replaces Poseidon's dense MDS matrix by two cheap matrices:
//! the external (full-round) matrix `circ(2, 1, 1)`, which is `x_i + sum(x)`,
//! and the internal (partial-round) matrix `1 + diag(1, 1, 2)`, which is
//! `sum(x) + d_i x_i`. Both cost additions only, so the permutation is
//! dominated by its 80 S-boxes (240 multiplications) where Poseidon spends
//! about 600. Partial rounds carry one round constant (on cell 0), and one
//! external matrix multiplication precedes the first round.

use umbra_ct_curves::CtField;

use crate::Error;

/// Full rounds (half before, half after the partial rounds).
pub const POSEIDON2_FULL_ROUNDS: usize = 8;
/// Partial rounds of the `t = 3` instances.
pub const POSEIDON2_PARTIAL_ROUNDS: usize = 56;

/// The Grain S-box code in the LFSR's initial state: 0 (`x^alpha`), as in
/// Poseidon. Early revisions of the reference script wrote 1 and produced
/// other constants; the released reference (`zkhash` v0.2.0), whose known
/// answers the tests check, uses 0.
const GRAIN_SBOX_CODE: u32 = 0;

/// The Poseidon2 permutation of width 3 over `F`.
#[derive(Clone)]
pub struct Poseidon2<F: CtField> {
    /// Constants of the full rounds, in order (four before, four after).
    external_rc: [[F; 3]; POSEIDON2_FULL_ROUNDS],
    /// The one constant of each partial round.
    internal_rc: [F; POSEIDON2_PARTIAL_ROUNDS],
}

impl<F: CtField> core::fmt::Debug for Poseidon2<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Poseidon2")
            .field("t", &3)
            .field("r_f", &POSEIDON2_FULL_ROUNDS)
            .field("r_p", &POSEIDON2_PARTIAL_ROUNDS)
            .finish_non_exhaustive()
    }
}

#[inline(always)]
fn sbox<F: CtField>(x: &F) -> F {
    x.ct_square().ct_square().ct_mul(x)
}

/// `circ(2, 1, 1) x`: every cell plus the sum of all cells.
#[inline(always)]
fn external<F: CtField>(s: &mut [F; 3]) {
    let sum = s[0].ct_add(&s[1]).ct_add(&s[2]);
    for x in s.iter_mut() {
        *x = x.ct_add(&sum);
    }
}

/// `(1 + diag(1, 1, 2)) x`: the sum of all cells plus `d_i x_i`.
#[inline(always)]
fn internal<F: CtField>(s: &mut [F; 3]) {
    let sum = s[0].ct_add(&s[1]).ct_add(&s[2]);
    s[0] = s[0].ct_add(&sum);
    s[1] = s[1].ct_add(&sum);
    s[2] = s[2].ct_double().ct_add(&sum);
}

impl<F: CtField> Poseidon2<F> {
    /// Generates the instance's round constants.
    ///
    /// # Errors
    /// [`Error::UnsupportedField`] for fields below 250 bits (the round
    /// numbers are those of ~255-bit fields).
    pub fn new() -> Result<Self, Error> {
        let bits = F::MODULUS_BIT_SIZE;
        if bits < 250 {
            return Err(Error::UnsupportedField);
        }
        let mut grain = crate::grain::Grain::new(
            GRAIN_SBOX_CODE,
            bits,
            3,
            POSEIDON2_FULL_ROUNDS as u32,
            POSEIDON2_PARTIAL_ROUNDS as u32,
        );
        let half = POSEIDON2_FULL_ROUNDS / 2;
        let mut external_rc = [[F::ZERO; 3]; POSEIDON2_FULL_ROUNDS];
        let mut internal_rc = [F::ZERO; POSEIDON2_PARTIAL_ROUNDS];
        // The script draws constants in round order: the first full
        // rounds, one per partial round, then the last full rounds.
        for row in external_rc.iter_mut().take(half) {
            for c in row.iter_mut() {
                *c = grain.next_field_rejection(bits);
            }
        }
        for c in internal_rc.iter_mut() {
            *c = grain.next_field_rejection(bits);
        }
        for row in external_rc.iter_mut().skip(half) {
            for c in row.iter_mut() {
                *c = grain.next_field_rejection(bits);
            }
        }
        Ok(Self {
            external_rc,
            internal_rc,
        })
    }

    /// The round constants: the full rounds' (four before and four after
    /// the partial rounds) and the partial rounds' (one each, on cell 0).
    pub fn round_constants(
        &self,
    ) -> (
        &[[F; 3]; POSEIDON2_FULL_ROUNDS],
        &[F; POSEIDON2_PARTIAL_ROUNDS],
    ) {
        (&self.external_rc, &self.internal_rc)
    }

    /// The Poseidon2 permutation. Constant-time: only the public round
    /// structure reaches a branch.
    pub fn permute(&self, s: &mut [F; 3]) {
        let half = POSEIDON2_FULL_ROUNDS / 2;
        let full_round = |s: &mut [F; 3], rc: &[F; 3]| {
            for (x, c) in s.iter_mut().zip(rc) {
                *x = sbox(&x.ct_add(c));
            }
            external(s);
        };
        external(s);
        for rc in &self.external_rc[..half] {
            full_round(s, rc);
        }
        for c in &self.internal_rc {
            s[0] = sbox(&s[0].ct_add(c));
            internal(s);
        }
        for rc in &self.external_rc[half..] {
            full_round(s, rc);
        }
    }

    /// 2-to-1 compression for Merkle trees with the same convention as
    /// [`crate::Poseidon::compress`]: permutes
    /// `[DOMAIN_MERKLE_2_TO_1, left, right]` and returns cell 0.
    pub fn compress(&self, left: &F, right: &F) -> F {
        let mut s = [F::from(crate::DOMAIN_MERKLE_2_TO_1), *left, *right];
        self.permute(&mut s);
        s[0]
    }
}
