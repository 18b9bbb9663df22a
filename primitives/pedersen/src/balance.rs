//! Balance checks for confidential amounts.
//!
//! A transaction spends input commitments `C_in,i = a_i·G + r_i·H` and
//! creates output commitments `C_out,j = b_j·G + s_j·H`, paying a public
//! `fee`. Amounts balance (`Σ a_i = Σ b_j + fee`) exactly when
//!
//! ```text
//! Σ C_in − Σ C_out − fee·G = (Σ r_i − Σ s_j)·H
//! ```
//!
//! so the sender reveals the *excess blinding factor* `Σ r_i − Σ s_j` (or,
//! as Mimblewimble does, proves knowledge of it with a signature) and anyone
//! checks the equation. This proves balance modulo the group order only:
//! without range proofs on every output, a negative amount (a huge scalar)
//! can create value. Range proofs are outside this crate.

use crate::{Commitment, Error, Generators, Opening, PedersenGroup};

/// `Σ r_in − Σ r_out`, constant time in the blinding factors.
pub fn excess_blinding<G: PedersenGroup>(
    inputs: &[Opening<G>],
    outputs: &[Opening<G>],
) -> G::Scalar {
    let zero = G::scalar_from_u64(0);
    let sum = |os: &[Opening<G>]| {
        os.iter()
            .fold(zero, |acc, o| G::scalar_add(&acc, o.blinding()))
    };
    G::scalar_sub(&sum(inputs), &sum(outputs))
}

/// Checks `Σ inputs − Σ outputs − fee·G == excess·H`.
pub fn verify_balance<G: PedersenGroup>(
    gens: &Generators<G>,
    inputs: &[Commitment<G>],
    outputs: &[Commitment<G>],
    fee: u64,
    excess: &G::Scalar,
) -> Result<(), Error> {
    let sum = |cs: &[Commitment<G>]| {
        cs.iter()
            .fold(G::identity(), |acc, c| G::add(&acc, c.as_point()))
    };
    let fee_part = G::mul(gens.value(), &G::scalar_from_u64(fee));
    let lhs = G::sub(&G::sub(&sum(inputs), &sum(outputs)), &fee_part);
    let rhs = G::mul(gens.blinding(), excess);
    if Commitment::<G>::from_point(lhs) == Commitment::from_point(rhs) {
        Ok(())
    } else {
        Err(Error::Unbalanced)
    }
}
