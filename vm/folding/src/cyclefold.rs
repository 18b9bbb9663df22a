//! The CycleFold circuit: the two G1 scalar multiplications of one Nova
//! fold, proved over BN254 Fq (= Grumpkin's scalar field), where G1
//! arithmetic is native.
//!
//! One instance proves, for a 128-bit challenge `r`,
//! `W̄' = W̄ + [r]·W̄₂` and `Ē' = Ē + [r]·T̄` (the commitment half of the
//! primary fold). Its public input, in this order, is
//!
//! `[r, W̄.x, W̄.y, W̄₂.x, W̄₂.y, W̄'.x, W̄'.y, Ē.x, Ē.y, T̄.x, T̄.y, Ē'.x, Ē'.y]`
//!
//! (13 Fq elements, the identity as `(0, 0)`, which is not on G1). The
//! primary circuit builds this vector from its own challenge bits and its
//! own G1 limbs, so the CycleFold challenge is the primary's (pitfall 2).
//!
//! With committed advice ([`CycleFoldCircuit::with_advice`]) the same
//! instance also proves `Ω̄' = Ω̄ + [r]·Ω̄₂` (the advice commitment folds
//! with the same `r`), appending `Ω̄.x, Ω̄.y, Ω̄₂.x, Ω̄₂.y, Ω̄'.x, Ω̄'.y`
//! ([`CYCLEFOLD_ADVICE_IO_LEN`] = 19 elements).
//!
//! CycleFold instances are folded into their own running instance on
//! Grumpkin with the same [`crate::Nova`] NIFS
//! ([`crate::NovaParams`]`<`[`crate::Grumpkin`]`>`).

use ark_bn254::{Fq, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::Zero;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_circuits::weierstrass::SWVar;

use crate::shape::Circuit;
use crate::transcript::CHALLENGE_BITS;

/// G1 points inside an Fq circuit.
pub type G1Var = SWVar<ark_bn254::g1::Config>;

/// Length of the CycleFold public input.
pub const CYCLEFOLD_IO_LEN: usize = 13;

/// Length of the CycleFold public input with committed advice (three
/// scalar multiplications).
pub const CYCLEFOLD_ADVICE_IO_LEN: usize = 19;

/// The CycleFold public-input length with or without committed advice.
pub fn cyclefold_io_len(with_advice: bool) -> usize {
    if with_advice {
        CYCLEFOLD_ADVICE_IO_LEN
    } else {
        CYCLEFOLD_IO_LEN
    }
}

/// The advice commitments of a fold: running `Ω̄` and incoming `Ω̄₂`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CycleFoldAdvice {
    /// Running `Ω̄`.
    pub omega: G1Affine,
    /// Incoming `Ω̄₂`.
    pub omega2: G1Affine,
}

impl CycleFoldAdvice {
    /// The folded `Ω̄' = Ω̄ + [r]·Ω̄₂`.
    pub fn output(&self, r: u128) -> G1Affine {
        (G1Projective::from(self.omega) + self.omega2 * ark_bn254::Fr::from(r)).into_affine()
    }

    /// The six public-input elements appended to [`CycleFoldInput::public_input`].
    pub fn public_input(&self, r: u128) -> Vec<Fq> {
        let mut x = Vec::with_capacity(6);
        for p in [self.omega, self.omega2, self.output(r)] {
            x.extend(coords(&p));
        }
        x
    }
}

/// The values one CycleFold instance is about: the challenge and the four
/// input points `(W̄, W̄₂, Ē, T̄)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CycleFoldInput {
    /// The fold challenge (128 bits).
    pub r: u128,
    /// Running `W̄`.
    pub w: G1Affine,
    /// Incoming `W̄₂`.
    pub w2: G1Affine,
    /// Running `Ē`.
    pub e: G1Affine,
    /// Cross term `T̄`.
    pub t: G1Affine,
}

fn coords(p: &G1Affine) -> [Fq; 2] {
    p.xy().map_or([Fq::zero(); 2], |(x, y)| [x, y])
}

impl CycleFoldInput {
    /// The folded points `(W̄', Ē')`.
    pub fn outputs(&self) -> (G1Affine, G1Affine) {
        let r = ark_bn254::Fr::from(self.r);
        let w = (G1Projective::from(self.w) + self.w2 * r).into_affine();
        let e = (G1Projective::from(self.e) + self.t * r).into_affine();
        (w, e)
    }

    /// The public input of the instance (see the module documentation).
    pub fn public_input(&self) -> Vec<Fq> {
        let (w_out, e_out) = self.outputs();
        let mut x = vec![Fq::from(self.r)];
        for p in [self.w, self.w2, w_out, self.e, self.t, e_out] {
            x.extend(coords(&p));
        }
        x
    }
}

/// The CycleFold circuit (see the module documentation). `input` (and
/// `advice`) are `None` in setup mode.
#[derive(Clone, Copy, Debug, Default)]
pub struct CycleFoldCircuit {
    /// The instance's values.
    pub input: Option<CycleFoldInput>,
    /// Whether the circuit also folds the advice commitment (three scalar
    /// multiplications, [`CYCLEFOLD_ADVICE_IO_LEN`] public inputs).
    pub with_advice: bool,
    /// The advice commitments (only read when `with_advice`).
    pub advice: Option<CycleFoldAdvice>,
}

impl CycleFoldCircuit {
    /// The full public input: [`CycleFoldInput::public_input`], then with
    /// advice [`CycleFoldAdvice::public_input`].
    ///
    /// # Errors
    /// [`SynthesisError::AssignmentMissing`] without values.
    pub fn public_input(&self) -> Result<Vec<Fq>, SynthesisError> {
        let input = self.input.ok_or_else(missing)?;
        let mut x = input.public_input();
        if self.with_advice {
            x.extend(self.advice.ok_or_else(missing)?.public_input(input.r));
        }
        Ok(x)
    }
}

fn missing() -> SynthesisError {
    SynthesisError::AssignmentMissing
}

impl Circuit<Fq> for CycleFoldCircuit {
    fn synthesize(&self, cs: ConstraintSystemRef<Fq>) -> Result<(), SynthesisError> {
        let x = self.public_input().ok();
        let at = |k: usize| {
            x.as_ref()
                .and_then(|x| x.get(k).copied())
                .ok_or_else(missing)
        };
        let r = FpVar::new_input(cs.clone(), || at(0))?;
        // r < 2^128: its low bits are the scalar, the rest must be zero.
        let (bits, _) = r.to_bits_le_with_top_bits_zero(CHALLENGE_BITS)?;
        let point = |k: usize| -> Result<G1Var, SynthesisError> {
            G1Var::new_input(cs.clone(), || {
                let p = self.input.ok_or_else(missing)?;
                Ok(match k {
                    0 => p.w,
                    1 => p.w2,
                    2 => p.e,
                    _ => p.t,
                })
            })
        };
        let out = |k: usize| -> Result<[FpVar<Fq>; 2], SynthesisError> {
            Ok([
                FpVar::new_input(cs.clone(), || at(k))?,
                FpVar::new_input(cs.clone(), || at(k + 1))?,
            ])
        };
        // Inputs are allocated in the public-input order.
        let w = point(0)?;
        let w2 = point(1)?;
        let w_out = out(5)?;
        let e = point(2)?;
        let t = point(3)?;
        let e_out = out(11)?;
        let w_new = w.add(&w2.scalar_mul_le(&bits)?)?;
        let e_new = e.add(&t.scalar_mul_le(&bits)?)?;
        let mut pairs = vec![(w_new, w_out), (e_new, e_out)];
        if self.with_advice {
            let adv = |k: usize| -> Result<G1Var, SynthesisError> {
                G1Var::new_input(cs.clone(), || {
                    let a = self.advice.ok_or_else(missing)?;
                    Ok(if k == 0 { a.omega } else { a.omega2 })
                })
            };
            let o = adv(0)?;
            let o2 = adv(1)?;
            let o_out = out(CYCLEFOLD_IO_LEN + 4)?;
            pairs.push((o.add(&o2.scalar_mul_le(&bits)?)?, o_out));
        }
        for (got, want) in pairs {
            let [gx, gy] = got.absorb_coordinates();
            gx.enforce_equal(&want[0])?;
            gy.enforce_equal(&want[1])?;
        }
        Ok(())
    }
}
