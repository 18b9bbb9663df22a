//! Ed25519 verification gadgets under the three rules of `umbra-eddsa`
//! (RFC 8032, strict, ZIP-215).
//!
//! One core computes Boolean *facts* about the inputs, and each rule's
//! verdict is a Boolean formula of them:
//!
//! | fact | how |
//! |---|---|
//! | `A` decodes, `R` decodes | [`decompress`]: both directions proven (a root of `x² = u/v`, or a root of `2u/v` when `u/v` is a non-square) |
//! | `A`, `R` canonical | `y < p` and not (`x = 0` and sign bit set), from the decoder's `y_canonical`, `x_is_zero`, `sign_bit` |
//! | `S < ℓ` | [`lt_ell`] on the 256 bits of `S` (high bits may be set) |
//! | `A`, `R` of small order | `[8]P = O` |
//! | cofactorless | `[b]P` is the identity, `P = [S]B − [k]A − R` |
//! | cofactored | `[8][b]P` is the identity |
//!
//! with `k = SHA-512(R ‖ A ‖ M) mod ℓ` ([`reduce_wide`], the true remainder)
//! over the encodings *as given*. An encoding that does not decode is
//! replaced by a fixed valid point (the decoder's choice), so every
//! subsequent operation stays satisfiable and the fact `decodes = false`
//! alone rejects. `[b]P` is computed by [`half_scalar_mul`] with a
//! half-size pair `a ≡ b·k (mod 8ℓ)`, `b` odd (one joint 144-bit ladder
//! instead of a 253-bit one); `[b]` is a bijection of the group, so `[b]P`
//! is the identity iff `P` is, and likewise for `[8]`. Verdicts:
//!
//! * RFC 8032: `A dec ∧ A can ∧ R dec ∧ R can ∧ S < ℓ ∧ cofactorless`;
//! * strict: RFC 8032 `∧ ¬(A small) ∧ ¬(R small)`;
//! * ZIP-215: `A dec ∧ R dec ∧ S < ℓ ∧ cofactored`.
//!
//! No prover freedom in the verdict: every fact is a function of the input
//! bytes (each Boolean is fixed by constraints, never chosen; the pair
//! `(a, b)` is chosen but every valid pair gives the same facts), hence so
//! is the verdict.
//! [`ed25519_verify`] enforces the verdict, so its system is satisfiable
//! iff the native rule accepts — except for the rare challenges `k` that
//! have no half-size pair within `HALF_BITS` bits (a completeness gap, about
//! 2⁻³² for a uniform `k`; see [`super::lattice`]), where it is never
//! satisfiable.

use alloc::vec::Vec;
use ark_ff::PrimeField;
use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, eq::EqGadget, prelude::Boolean, uint8::UInt8};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::{BigInt, Sign};

use super::{
    PointVar,
    decompress::{Decompressed, decompress},
    lattice::{HALF_BITS, half_scalars},
    scalar::{ScalarVar, bytes_to_bits_le, lt_ell, reduce_wide},
};
use crate::{
    emulated::{Ed25519Fr, Ed25519Order8, EmFp},
    hash::sha512_var,
};

/// An integer modulo `8ℓ` (congruences only).
type Order8Var<F> = EmFp<F, Ed25519Order8>;

/// A Boolean witness (a constant when there is no constraint system).
fn bit_witness<F: PrimeField>(
    cs: &ConstraintSystemRef<F>,
    v: Option<bool>,
) -> Result<Boolean<F>, SynthesisError> {
    if cs.is_none() {
        return Ok(Boolean::constant(v.unwrap_or(false)));
    }
    Boolean::new_witness(cs.clone(), || v.ok_or(SynthesisError::AssignmentMissing))
}

/// `[b]([S]B − [k]A − R)` (`k` canonical, `S` its 256 bits) for a
/// prover-chosen `(a, b)` (from `hint`, or
/// [`half_scalars`] of `k`'s value), computed as
/// `[b·S mod ℓ]B + [|a|](∓A) + [|b|](∓R)` with one joint ladder of
/// `HALF_BITS` bits. Enforced: `a ≡ b·k (mod 8ℓ)` as an emulated congruence
/// modulo `8ℓ` (`k`'s integer is its canonical residue, `< ℓ`), `b` odd
/// (bit 0 of `|b|` is the constant 1) and `|a|, |b| < 2^HALF_BITS` (bit
/// decompositions). Since every point has order dividing `8ℓ`,
/// `[a]A = [b·k]A` and `[b·S mod ℓ]B = [b·S]B`, so the result is `[b]P`; and
/// `gcd(b, 8ℓ) = 1` (odd, `0 < |b| < ℓ`), so `[b]` is a bijection of the
/// group: `[b]P = O ⇔ P = O` and `[8][b]P = O ⇔ [8]P = O`. The verdict does
/// not depend on which valid pair the prover picks.
///
/// When no pair is known for `k` (see [`half_scalars`]), `(0, 1)` is
/// assigned and the system is unsatisfiable (unless `k = 0`).
pub fn half_scalar_mul<F: PrimeField>(
    k: &ScalarVar<F>,
    s_bits: &[Boolean<F>],
    a: &PointVar<F>,
    r: &PointVar<F>,
    hint: Option<&(BigInt, BigInt)>,
) -> Result<PointVar<F>, SynthesisError> {
    let cs = k.cs().or(a.cs()).or(r.cs()).or(s_bits
        .iter()
        .fold(ConstraintSystemRef::None, |c, b| c.or(b.cs())));
    let pair = match hint {
        Some(h) => Some(h.clone()),
        None => k
            .value()
            .map(|kv| half_scalars(&kv).unwrap_or((BigInt::from(0u8), BigInt::from(1u8)))),
    };
    let mag_bit = |v: &BigInt, i: usize| v.magnitude().bit(i as u64);
    let neg = |v: &BigInt| v.sign() == Sign::Minus;
    let sa = bit_witness(&cs, pair.as_ref().map(|(a, _)| neg(a)))?;
    let sb = bit_witness(&cs, pair.as_ref().map(|(_, b)| neg(b)))?;
    let a_bits = (0..HALF_BITS)
        .map(|i| bit_witness(&cs, pair.as_ref().map(|(a, _)| mag_bit(a, i))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut b_bits = Vec::with_capacity(HALF_BITS);
    b_bits.push(Boolean::TRUE);
    for i in 1..HALF_BITS {
        b_bits.push(bit_witness(&cs, pair.as_ref().map(|(_, b)| mag_bit(b, i)))?);
    }

    // |a| ≡ ±|b|·k (mod 8ℓ), the sign being sa ⊕ sb
    let a8 = Order8Var::<F>::from_bits_le(&a_bits);
    let b8 = Order8Var::<F>::from_bits_le(&b_bits);
    let k8: Order8Var<F> = k.reinterpret();
    let kk = Order8Var::select(&(&sa ^ &sb), &k8.neg(), &k8)?;
    Order8Var::enforce_products_eq(&[(&b8, &kk)], &[(&a8, &Order8Var::one())])?;

    // c ≡ b·S (mod ℓ): any representative, B has order ℓ
    let s_sc = ScalarVar::<F>::from_bits_le(s_bits);
    let bs = ScalarVar::select(&sb, &s_sc.neg(), &s_sc)?;
    let c = b8.reinterpret::<Ed25519Fr>().mul(&bs)?;
    let c_bits = c.to_bits_le()?;

    // −[a]A = [|a|](a ≥ 0 ? −A : A), likewise for R
    let aq = PointVar::select(&sa, a, &a.neg())?;
    let rq = PointVar::select(&sb, r, &r.neg())?;
    let var = PointVar::joint_scalar_mul_le(&aq, &a_bits, &rq, &b_bits)?;
    PointVar::generator_mul_le(&c_bits)?.add(&var)
}

/// The verification rule: mirrors `umbra_eddsa::Rule` (this crate does not
/// depend on the native one; the tests check they agree).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// RFC 8032 §5.1.7: canonical `A` and `R`, `S < ℓ`, cofactorless
    /// `[S]B = R + [k]A`.
    Rfc8032,
    /// [`Rule::Rfc8032`], and `A` and `R` not of small order.
    Strict,
    /// ZIP-215: `A` and `R` only need to decode, `S < ℓ`, cofactored
    /// `[8][S]B = [8]R + [8][k]A`.
    Zip215,
}

impl Rule {
    /// The three rules, in the order of [`ed25519_verdicts`].
    pub const ALL: [Rule; 3] = [Rule::Rfc8032, Rule::Strict, Rule::Zip215];
}

/// Which facts to synthesise.
#[derive(Clone, Copy, Debug, Default)]
struct Needs {
    canonical: bool,
    small_order: bool,
    cofactorless: bool,
    cofactored: bool,
}

impl Needs {
    fn of(rules: &[Rule]) -> Self {
        let mut n = Self::default();
        for r in rules {
            match r {
                Rule::Rfc8032 => {
                    n.canonical = true;
                    n.cofactorless = true;
                }
                Rule::Strict => {
                    n.canonical = true;
                    n.cofactorless = true;
                    n.small_order = true;
                }
                Rule::Zip215 => n.cofactored = true,
            }
        }
        n
    }
}

/// The Boolean facts the verdicts are formulas of (`FALSE` constants for
/// facts that were not synthesised).
#[derive(Clone, Debug)]
pub struct Facts<F: PrimeField> {
    /// `A` decodes (ZIP-215 sense).
    pub a_decodes: Boolean<F>,
    /// `A`'s encoding is canonical (RFC 8032 §5.1.3).
    pub a_canonical: Boolean<F>,
    /// `A` has small order.
    pub a_small_order: Boolean<F>,
    /// `R` decodes (ZIP-215 sense).
    pub r_decodes: Boolean<F>,
    /// `R`'s encoding is canonical.
    pub r_canonical: Boolean<F>,
    /// `R` has small order.
    pub r_small_order: Boolean<F>,
    /// `S < ℓ`.
    pub s_reduced: Boolean<F>,
    /// `[S]B − [k]A − R = O`.
    pub cofactorless: Boolean<F>,
    /// `[8]([S]B − [k]A − R) = O`.
    pub cofactored: Boolean<F>,
}

fn canonical<F: PrimeField>(d: &Decompressed<F>) -> Boolean<F> {
    // y < p and not (x = 0 and sign bit set)
    &d.y_canonical & &!(&d.x_is_zero & &d.sign_bit)
}

fn facts<F: PrimeField>(
    needs: Needs,
    public_key: &[UInt8<F>; 32],
    signature: &[UInt8<F>; 64],
    message: &[UInt8<F>],
    hint: Option<&(BigInt, BigInt)>,
) -> Result<Facts<F>, SynthesisError> {
    let r_bytes: &[UInt8<F>; 32] = signature[..32]
        .try_into()
        .map_err(|_| SynthesisError::Unsatisfiable)?;
    let a = decompress(public_key)?;
    let r = decompress(r_bytes)?;
    let s_bits = bytes_to_bits_le(&signature[32..]);
    let s_reduced = lt_ell(&s_bits)?;

    // k = SHA-512(R ‖ A ‖ M) mod ℓ
    let mut pre: Vec<UInt8<F>> = Vec::with_capacity(64 + message.len());
    pre.extend_from_slice(r_bytes);
    pre.extend_from_slice(public_key);
    pre.extend_from_slice(message);
    let digest = sha512_var(&pre)?;
    let k = reduce_wide(&digest)?;

    // [b]P = [b·S mod ℓ]B − [b]R − [a]A with a ≡ b·k (mod 8ℓ), b odd,
    // |a|, |b| < 2^HALF_BITS (see `half_scalar_mul`)
    let p = half_scalar_mul(&k, &s_bits, &a.point, &r.point, hint)?;
    let f = Boolean::FALSE;
    let (a_canonical, r_canonical) = if needs.canonical {
        (canonical(&a), canonical(&r))
    } else {
        (f.clone(), f.clone())
    };
    let (a_small_order, r_small_order) = if needs.small_order {
        (a.point.is_small_order()?, r.point.is_small_order()?)
    } else {
        (f.clone(), f.clone())
    };
    let cofactorless = if needs.cofactorless {
        p.is_identity()?
    } else {
        f.clone()
    };
    let cofactored = if needs.cofactored {
        p.is_small_order()?
    } else {
        f
    };
    Ok(Facts {
        a_decodes: a.decodes,
        a_canonical,
        a_small_order,
        r_decodes: r.decodes,
        r_canonical,
        r_small_order,
        s_reduced,
        cofactorless,
        cofactored,
    })
}

/// The verdict of `rule` as a formula of `facts` (the facts it reads must
/// have been synthesised).
pub fn verdict_of<F: PrimeField>(rule: Rule, facts: &Facts<F>) -> Boolean<F> {
    let f = facts;
    let common = &f.a_decodes & &f.r_decodes & &f.s_reduced;
    match rule {
        Rule::Rfc8032 => common & &f.a_canonical & &f.r_canonical & &f.cofactorless,
        Rule::Strict => {
            common
                & &f.a_canonical
                & &f.r_canonical
                & &f.cofactorless
                & &!&f.a_small_order
                & &!&f.r_small_order
        }
        Rule::Zip215 => common & &f.cofactored,
    }
}

/// The facts for public key `A` (32 bytes), signature `R ‖ S` (64 bytes)
/// and message `M` (length fixed at synthesis time), all of them (what
/// [`ed25519_verdicts`] reads).
pub fn ed25519_facts<F: PrimeField>(
    public_key: &[UInt8<F>; 32],
    signature: &[UInt8<F>; 64],
    message: &[UInt8<F>],
) -> Result<Facts<F>, SynthesisError> {
    facts(Needs::of(&Rule::ALL), public_key, signature, message, None)
}

/// Whether `rule` accepts `signature` on `message` under `public_key`, as a
/// Boolean determined by the inputs. Synthesises only the facts the rule
/// reads.
pub fn ed25519_verdict<F: PrimeField>(
    rule: Rule,
    public_key: &[UInt8<F>; 32],
    signature: &[UInt8<F>; 64],
    message: &[UInt8<F>],
) -> Result<Boolean<F>, SynthesisError> {
    let f = facts(Needs::of(&[rule]), public_key, signature, message, None)?;
    Ok(verdict_of(rule, &f))
}

/// The verdicts of [`Rule::ALL`] sharing one decoding, hash and scalar
/// multiplication.
pub fn ed25519_verdicts<F: PrimeField>(
    public_key: &[UInt8<F>; 32],
    signature: &[UInt8<F>; 64],
    message: &[UInt8<F>],
) -> Result<[Boolean<F>; 3], SynthesisError> {
    let f = ed25519_facts(public_key, signature, message)?;
    Ok(Rule::ALL.map(|r| verdict_of(r, &f)))
}

/// Ed25519 verification under `rule`: the system is satisfiable iff the
/// native rule (`umbra_eddsa::VerifyingKey::verify_with`) accepts (up to
/// the half-size-pair completeness gap of the module docs).
pub fn ed25519_verify<F: PrimeField>(
    rule: Rule,
    public_key: &[UInt8<F>; 32],
    signature: &[UInt8<F>; 64],
    message: &[UInt8<F>],
) -> Result<(), SynthesisError> {
    ed25519_verdict(rule, public_key, signature, message)?.enforce_equal(&Boolean::TRUE)
}

/// [`ed25519_verify`] with the prover's pair `(a, b)` supplied by the caller
/// instead of computed by [`half_scalars`]. For soundness tests: the
/// constraints are the same, so a pair with `a ≢ b·k (mod 8ℓ)`, even `b`
/// or `|a|, |b| ≥ 2^HALF_BITS` leaves the system unsatisfied.
pub fn ed25519_verify_with_hint<F: PrimeField>(
    rule: Rule,
    public_key: &[UInt8<F>; 32],
    signature: &[UInt8<F>; 64],
    message: &[UInt8<F>],
    hint: &(BigInt, BigInt),
) -> Result<(), SynthesisError> {
    let f = facts(
        Needs::of(&[rule]),
        public_key,
        signature,
        message,
        Some(hint),
    )?;
    verdict_of(rule, &f).enforce_equal(&Boolean::TRUE)
}
