//! The IPA opening verifier, generic over the group gadget.

use alloc::vec::Vec;
use ark_ff::{Field, One, Zero};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::emulated_fp::{EmulatedFpVar, MulResultVar};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_verkle::ipa::IpaProof;
use umbra_verkle::transcript::CHALLENGE_BITS;

use super::group::{FixedBaseTerm, GroupScalarVar, PointOf, ScalarOf, VerkleGroupVar};
#[cfg(doc)]
use super::scalar::ScalarVar;
use super::transcript::PoseidonTranscriptVar;

/// An IPA proof as circuit witnesses.
pub struct IpaProofVar<G: VerkleGroupVar> {
    /// Left cross terms.
    pub l: Vec<G::Point>,
    /// Right cross terms.
    pub r: Vec<G::Point>,
    /// The folded witness.
    pub a: GroupScalarVar<G>,
}

impl<G: VerkleGroupVar> Clone for IpaProofVar<G> {
    fn clone(&self) -> Self {
        Self {
            l: self.l.clone(),
            r: self.r.clone(),
            a: self.a.clone(),
        }
    }
}

impl<G: VerkleGroupVar> core::fmt::Debug for IpaProofVar<G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IpaProofVar")
            .field("rounds", &self.l.len())
            .finish_non_exhaustive()
    }
}

impl<G: VerkleGroupVar> IpaProofVar<G> {
    /// Allocate `proof` (or, with `None`, a proof of `rounds` rounds with no
    /// assignment) as witnesses, each point with the decoder's checks.
    ///
    /// # Errors
    /// The constraint system's own errors.
    pub fn new_witness(
        cs: ConstraintSystemRef<G::Base>,
        proof: Option<&IpaProof<G::Native>>,
        rounds: usize,
    ) -> Result<Self, SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let mut l = Vec::with_capacity(rounds);
        let mut r = Vec::with_capacity(rounds);
        for k in 0..rounds {
            l.push(G::alloc_proof_point(cs.clone(), || {
                proof.and_then(|p| p.l.get(k).copied()).ok_or_else(missing)
            })?);
            r.push(G::alloc_proof_point(cs.clone(), || {
                proof.and_then(|p| p.r.get(k).copied()).ok_or_else(missing)
            })?);
        }
        let a = GroupScalarVar::<G>::new_witness(cs, || proof.map(|p| p.a).ok_or_else(missing))?;
        Ok(Self { l, r, a })
    }
}

/// The public parameters of the verifier: generators, `Q`, the domain
/// weights `1/A'(i)`.
pub struct VerifierKey<G: VerkleGroupVar> {
    /// Generators `G_0..G_{n-1}`.
    pub g: Vec<PointOf<G>>,
    /// The IPA generator `Q`.
    pub q: PointOf<G>,
    /// `1 / A'(i)` of the domain `0..n`.
    pub weight_inv: Vec<ScalarOf<G>>,
}

impl<G: VerkleGroupVar> Clone for VerifierKey<G> {
    fn clone(&self) -> Self {
        Self {
            g: self.g.clone(),
            q: self.q,
            weight_inv: self.weight_inv.clone(),
        }
    }
}

impl<G: VerkleGroupVar> core::fmt::Debug for VerifierKey<G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifierKey")
            .field("width", &self.g.len())
            .finish_non_exhaustive()
    }
}

impl<G: VerkleGroupVar> VerifierKey<G> {
    /// The verifier key of a CRS (its width fixes the domain).
    pub fn from_crs(crs: &umbra_verkle::Crs<G::Native>) -> Self {
        let n = crs.g.len();
        let domain = umbra_verkle::Domain::<ScalarOf<G>>::new(n);
        Self {
            g: crs.g.clone(),
            q: crs.q,
            weight_inv: (0..n).map(|i| domain.weight_inv(i)).collect(),
        }
    }
}

type Emu<G> = EmulatedFpVar<ScalarOf<G>, <G as VerkleGroupVar>::Base>;

/// `b₀ = ⟨s, b(z)⟩` for the barycentric vector `b(z)` of the domain `0..n`,
/// which is the unit vector `e_i` when `z = i` (as the native
/// `Domain::barycentric_coefficients`).
///
/// For every `i` a witnessed flag `e_i` with `e_i·(z − i) = 0` over the
/// integers (on [`ScalarVar::exact_limbs`] of `z`'s bits) and an emulated
/// `u_i` with `(z − i)·u_i = w_i·(1 − e_i)` (`w_i = 1/A'(i) ≠ 0`): so
/// `e_i = 1` exactly when `z = i` (one flag at most, the `i` are distinct),
/// and otherwise `z − i` is invertible and `u_i = w_i/(z − i)`. Outside the
/// domain `Σ u_i = 1/A(z)` (partial fractions), so `A(z)·Σ s_i u_i` is the
/// `q` with `q·Σ u_i = Σ s_i u_i`; `b₀ = (1 − E)·q + Σ e_i s_i` with
/// `E = Σ e_i ∈ {0, 1}`. At a domain point `q` is free but multiplied by 0
/// (the prover picks the free `u_k` so that `Σ u_i = 1` and `q` exists).
///
/// Completeness at a domain point needs `z`'s bits to be canonical (as for
/// every transcript-bound scalar).
///
/// `lie` forces the flag of one index, to model a cheating prover in
/// tests. With `in_domain`, `z` must be a domain point
/// (`Σ e_i = 1`, one linear constraint) and `b₀ = Σ e_i s_i`: no inverse, no
/// `A(z)`.
fn barycentric_inner_with<G: VerkleGroupVar>(
    vk: &VerifierKey<G>,
    z: &GroupScalarVar<G>,
    s: &[Option<GroupScalarVar<G>>],
    lie: Option<(usize, bool)>,
    in_domain: bool,
) -> Result<Emu<G>, SynthesisError> {
    let cs = z.native.cs();
    let limbs = z.exact_limbs()?;
    let zn: Result<Vec<G::Base>, SynthesisError> = limbs.iter().map(|l| l.value()).collect();
    let mode = if limbs.iter().all(|l| l.is_constant()) {
        AllocationMode::Constant
    } else {
        AllocationMode::Witness
    };
    let n = s.len();
    let flag = |i: usize, z: &[G::Base]| match lie {
        Some((j, v)) if j == i => v,
        _ => z.iter().enumerate().all(|(k, l)| {
            *l == if k == 0 {
                G::Base::from(i as u64)
            } else {
                G::Base::zero()
            }
        }),
    };
    // The prover's u_i: w_i / (z - i), and at a flagged index (free there)
    // the value that makes Σ u_i = 1, so that the quotient below exists.
    let u_vals: Result<Vec<ScalarOf<G>>, SynthesisError> = (|| {
        let zv = z.emu.value()?;
        let zl = zn.clone()?;
        let mut u: Vec<ScalarOf<G>> = (0..n)
            .map(|i| {
                if flag(i, &zl) {
                    ScalarOf::<G>::zero()
                } else {
                    (zv - ScalarOf::<G>::from(i as u64))
                        .inverse()
                        .unwrap_or_default()
                        * vk.weight_inv[i]
                }
            })
            .collect();
        if let Some(k) = (0..n).find(|i| flag(*i, &zl)) {
            let rest: ScalarOf<G> = u.iter().sum();
            u[k] = ScalarOf::<G>::one() - rest;
        }
        Ok(u)
    })();
    let mut acc = MulResultVar::<ScalarOf<G>, G::Base>::zero();
    let mut u_sum = Emu::<G>::zero();
    let mut unit = Emu::<G>::zero();
    let mut flags = FpVar::<G::Base>::zero();
    for (i, si) in s.iter().enumerate() {
        let i_base = G::Base::from(i as u64);
        let e = Boolean::new_variable(
            cs.clone(),
            || zn.as_ref().map(|z| flag(i, z)).map_err(|e| *e),
            mode,
        )?;
        flags += FpVar::from(e.clone());
        // e = 1 => the integer of z's bits is i (limb 0 is i, the others 0)
        for (k, l) in limbs.iter().enumerate() {
            let target = if k == 0 {
                l - FpVar::constant(i_base)
            } else {
                l.clone()
            };
            FpVar::from(e.clone()).mul_equals(&target, &FpVar::zero())?;
        }
        if in_domain {
            unit += match si {
                None => Emu::<G>::from(e.clone()),
                Some(si) => Emu::<G>::conditionally_select(&e, &si.emu, &Emu::<G>::zero())?,
            };
            continue;
        }
        let diff = &z.emu - Emu::<G>::constant(ScalarOf::<G>::from(i as u64));
        let w_i = vk.weight_inv[i];
        // u_i = w_i / (z - i), checked as (z - i) u_i = w_i (1 - e_i): the
        // right side is a select between constants (free), where computing
        // inv_i * w_i would cost an emulated reduction (~640)
        let u = Emu::<G>::new_variable(
            cs.clone(),
            || u_vals.as_ref().map(|u| u[i]).map_err(|e| *e),
            mode,
        )?;
        let rhs = e.select(&Emu::<G>::zero(), &Emu::<G>::constant(w_i))?;
        diff.mul_equals(&u, &rhs)?;
        u_sum += &u;
        let (term, hit) = match si {
            None => (
                u.mul_without_reduce(&Emu::<G>::one())?,
                Emu::<G>::from(e.clone()),
            ),
            Some(si) => (
                si.emu.mul_without_reduce(&u)?,
                Emu::<G>::conditionally_select(&e, &si.emu, &Emu::<G>::zero())?,
            ),
        };
        acc = &acc + &term;
        unit += hit;
    }
    if in_domain {
        flags.enforce_equal(&FpVar::one())?;
        return Ok(unit);
    }
    // Outside the domain Σ u_i = Σ w_i/(z - i) = 1/A(z) (partial fractions),
    // so A(z)·acc is the q with q·Σ u_i = acc: one product instead of the
    // n-step chain for A(z). At a domain point (one flag, `in_dom`) q is
    // free but multiplied by 0.
    let in_dom = Boolean::new_variable(cs.clone(), || Ok(flags.value()? == G::Base::one()), mode)?;
    FpVar::from(in_dom.clone()).enforce_equal(&flags)?;
    let acc = acc.reduce()?;
    let q_val = (|| {
        let s_val = u_sum.value()?;
        Ok(acc.value()? * s_val.inverse().unwrap_or_default())
    })();
    let q = Emu::<G>::new_variable(cs, || q_val, mode)?;
    q.mul_equals(&u_sum, &acc)?;
    Ok(Emu::<G>::conditionally_select(&in_dom, &Emu::<G>::zero(), &q)? + unit)
}

/// Enforce that `proof` opens the vector committed in `c` (canonical form:
/// allocated with [`VerkleGroupVar::alloc_public_point`] or returned by
/// [`VerkleGroupVar::canonicalize`]) to `y` at `z`: the same transcript and
/// group equation as [`umbra_verkle::ipa::verify`] with a
/// [`umbra_verkle::PoseidonTranscript`] and the barycentric vector of `z`
/// (the unit vector when `z` is a domain point `0..n`).
///
/// # Errors
/// `Unsatisfiable` if the width is not a power of two or the proof has the
/// wrong number of rounds; the constraint system's own errors (a synthesis
/// with an assignment that cannot satisfy the system may also stop with
/// `Unsatisfiable`, e.g. a zero challenge).
pub fn ipa_verify<G: VerkleGroupVar>(
    transcript: &mut PoseidonTranscriptVar<'_, G::Base>,
    vk: &VerifierKey<G>,
    c: &G::Point,
    z: &GroupScalarVar<G>,
    y: &GroupScalarVar<G>,
    proof: &IpaProofVar<G>,
) -> Result<(), SynthesisError> {
    ipa_verify_inner(transcript, vk, c, z, y, proof, false)
}

/// [`ipa_verify`] for a statement whose `z` is *required* to be a domain
/// point `0..n` (every Verkle tree opening is): `b` is the unit vector
/// `e_z`, so `b₀ = s_z` costs `n` flags and selects instead of `n` emulated
/// inverses and products. A `z` outside the domain leaves the system
/// unsatisfied.
///
/// # Errors
/// As [`ipa_verify`].
pub fn ipa_verify_in_domain<G: VerkleGroupVar>(
    transcript: &mut PoseidonTranscriptVar<'_, G::Base>,
    vk: &VerifierKey<G>,
    c: &G::Point,
    z: &GroupScalarVar<G>,
    y: &GroupScalarVar<G>,
    proof: &IpaProofVar<G>,
) -> Result<(), SynthesisError> {
    ipa_verify_inner(transcript, vk, c, z, y, proof, true)
}

fn ipa_verify_inner<G: VerkleGroupVar>(
    transcript: &mut PoseidonTranscriptVar<'_, G::Base>,
    vk: &VerifierKey<G>,
    c: &G::Point,
    z: &GroupScalarVar<G>,
    y: &GroupScalarVar<G>,
    proof: &IpaProofVar<G>,
    in_domain: bool,
) -> Result<(), SynthesisError> {
    let n = vk.g.len();
    let rounds = n.trailing_zeros() as usize;
    if !n.is_power_of_two() || proof.l.len() != rounds || proof.r.len() != rounds {
        return Err(SynthesisError::Unsatisfiable);
    }
    let cs = z.native.cs().or(proof.a.native.cs()).or(y.native.cs());
    transcript.domain_sep(b"ipa")?;
    transcript.absorb_coordinates(&G::coordinates(c)?)?;
    for v in G::absorb_scalar(z)?.iter().chain(&G::absorb_scalar(y)?) {
        transcript.absorb(v)?;
    }
    let w = GroupScalarVar::<G>::from_native(&transcript.challenge()?.value, CHALLENGE_BITS)?;
    let mut xs = Vec::with_capacity(rounds);
    let mut x_bits = Vec::with_capacity(rounds);
    for k in 0..rounds {
        transcript.absorb_coordinates(&G::coordinates(&proof.l[k])?)?;
        transcript.absorb_coordinates(&G::coordinates(&proof.r[k])?)?;
        let ch = transcript.challenge()?;
        // the emulated challenge, tied to the 128 transcript bits
        xs.push(GroupScalarVar::<G>::from_native(&ch.value, CHALLENGE_BITS)?.emu);
        x_bits.push(ch.bits);
    }
    // x_k^-1 with bits
    let mut x_inv = Vec::with_capacity(rounds);
    for x in &xs {
        let v = x.value();
        let inv = GroupScalarVar::<G>::new_witness(cs.clone(), || {
            v.and_then(|v| v.inverse().ok_or(SynthesisError::Unsatisfiable))
        })?;
        x.mul_equals(&inv.emu, &Emu::<G>::one())?;
        x_inv.push(inv);
    }
    // s_i = prod over the set bits of i of x^-1 (the native order); s_0 = 1
    let mut s: Vec<Option<GroupScalarVar<G>>> = alloc::vec![None];
    for k in (0..rounds).rev() {
        let len = s.len();
        for i in 0..len {
            let prod = match &s[i] {
                None => x_inv[k].emu.clone(),
                Some(si) => &si.emu * &x_inv[k].emu,
            };
            s.push(Some(GroupScalarVar::<G>::from_emulated(&prod)?));
        }
    }
    let b0 = barycentric_inner_with(vk, z, &s, None, in_domain)?;
    // e = w (a b0 - y)
    let e = GroupScalarVar::<G>::from_emulated(&(&w.emu * &(&(&proof.a.emu * &b0) - &y.emu)))?;

    // a * sum_i s_i G_i + e Q - C - sum x_k L_k - sum x_k^-1 R_k == identity
    let terms: Vec<FixedBaseTerm<'_, G>> = s
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, si)| (vk.g[i], si.as_ref().map(|v| &v.bits[..]).unwrap_or(&[])))
        .collect();
    let t = G::add(&G::constant(&vk.g[0]), &G::fixed_base_msm(&terms)?)?;
    let mut res = G::scalar_mul_le(&t, &proof.a.bits)?;
    res = G::add(&res, &G::fixed_base_msm(&[(vk.q, &e.bits[..])])?)?;
    res = G::sub(&res, c)?;
    for k in 0..rounds {
        res = G::sub(&res, &G::scalar_mul_le(&proof.l[k], &x_bits[k])?)?;
        res = G::sub(&res, &G::scalar_mul_le(&proof.r[k], &x_inv[k].bits)?)?;
    }
    G::enforce_identity(&res)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::verkle::{BanderwagonGadget, Base, Scalar};
    use ark_r1cs_std::fields::fp::FpVar;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;
    use umbra_verkle::{Banderwagon, Crs, Domain};

    const N: usize = 8;

    type Sv = GroupScalarVar<BanderwagonGadget>;

    /// `(satisfied, value)` of `b0` for `z` and `s` (`s_0 = 1`), one flag
    /// possibly forced.
    fn b0_system(z: Scalar, s: &[Scalar], lie: Option<(usize, bool)>) -> (bool, Scalar) {
        b0_system_with(z, s, lie, false)
    }

    fn b0_system_with(
        z: Scalar,
        s: &[Scalar],
        lie: Option<(usize, bool)>,
        in_domain: bool,
    ) -> (bool, Scalar) {
        let vk = VerifierKey::<BanderwagonGadget>::from_crs(&Crs::<Banderwagon>::with_size(N));
        let cs = ConstraintSystem::<Base>::new_ref();
        let zn = FpVar::new_input(cs.clone(), || {
            Ok(umbra_verkle::transcript::scalar_to_base::<Scalar, Base>(&z))
        })
        .unwrap();
        let zv = Sv::from_native(&zn, 253).unwrap();
        let sv: Vec<Option<Sv>> = s
            .iter()
            .enumerate()
            .map(|(i, v)| (i > 0).then(|| Sv::new_witness(cs.clone(), || Ok(*v)).unwrap()))
            .collect();
        let b0 = barycentric_inner_with(&vk, &zv, &sv, lie, in_domain).unwrap();
        (cs.is_satisfied().unwrap(), b0.value().unwrap())
    }

    fn native_b0(z: Scalar, s: &[Scalar]) -> Scalar {
        let b = Domain::<Scalar>::new(N).barycentric_coefficients(&z);
        s.iter().zip(&b).map(|(x, y)| *x * y).sum()
    }

    #[test]
    fn b0_matches_native_inside_and_outside_the_domain() {
        let mut rng = ark_std::test_rng();
        let mut s: Vec<Scalar> = (0..N).map(|_| Scalar::rand(&mut rng)).collect();
        s[0] = Scalar::from(1u64);
        for z in [0u64, 5, N as u64 - 1] {
            let z = Scalar::from(z);
            assert_eq!(b0_system(z, &s, None), (true, native_b0(z, &s)));
        }
        for z in [
            Scalar::rand(&mut rng),
            Scalar::from(N as u64),
            -Scalar::from(1u64),
        ] {
            assert_eq!(b0_system(z, &s, None), (true, native_b0(z, &s)));
        }
    }

    #[test]
    fn forged_domain_flags_are_unsatisfiable() {
        let mut rng = ark_std::test_rng();
        let mut s: Vec<Scalar> = (0..N).map(|_| Scalar::rand(&mut rng)).collect();
        s[0] = Scalar::from(1u64);
        // outside the domain: claiming z = i (which would select s_i)
        let z = Scalar::rand(&mut rng);
        for i in [0, 3, N - 1] {
            assert!(!b0_system(z, &s, Some((i, true))).0);
        }
        // at z = 5: denying it (no inverse of 0), or claiming another index
        let z = Scalar::from(5u64);
        assert!(!b0_system(z, &s, Some((5, false))).0);
        assert!(!b0_system(z, &s, Some((2, true))).0);
    }

    #[test]
    fn in_domain_b0_selects_s_z_and_rejects_other_points() {
        let mut rng = ark_std::test_rng();
        let mut s: Vec<Scalar> = (0..N).map(|_| Scalar::rand(&mut rng)).collect();
        s[0] = Scalar::from(1u64);
        for z in 0..N {
            let zs = Scalar::from(z as u64);
            assert_eq!(b0_system_with(zs, &s, None, true), (true, s[z]));
            // no flag set, or a second one
            assert!(!b0_system_with(zs, &s, Some((z, false)), true).0);
            assert!(!b0_system_with(zs, &s, Some(((z + 1) % N, true)), true).0);
        }
        for z in [Scalar::rand(&mut rng), Scalar::from(N as u64)] {
            assert!(!b0_system_with(z, &s, None, true).0);
            assert!(!b0_system_with(z, &s, Some((2, true)), true).0);
        }
    }
}
