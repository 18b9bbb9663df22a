//! Verkle: in-circuit verification of an IPA opening and of a multiproof
//! (`umbra-verkle`) under the circuit-friendly Poseidon transcript
//! ([`umbra_verkle::PoseidonTranscript`]).
//!
//! The constraint field is the base field of the embedded twisted-Edwards
//! curve (BLS12-381 Fr for Bandersnatch/Banderwagon), so point arithmetic and
//! the transcript are native. Scalars (challenges, their inverses, the
//! folding coefficients `s_i`, the barycentric weights) live in the curve's
//! *scalar* field, which is foreign: they are arkworks emulated field
//! variables ([`EmulatedFpVar`]) for the arithmetic relations, and each
//! scalar that multiplies a point is also held as its little-endian bits
//! (below `2^253`, tied to the emulated value by the limb range check of
//! `new_witness_with_le_bits`). A bit string may stand for `s` or `s + r`:
//! both give the same Banderwagon element, since the group is the quotient
//! by the 2-torsion point `(0, -1)` and every representative has order
//! dividing `2r`.
//!
//! Group elements are affine Bandersnatch points standing for their
//! Banderwagon class. Every proof point is checked on the curve, in the
//! Banderwagon subgroup (`1 - a x^2` is a square: one witnessed square root)
//! and in canonical form (`y` lexicographically largest, the representative
//! the 32-byte encoding carries), so the gadget accepts exactly the proofs
//! the native decoder + verifier accept. Public commitments must be given as
//! canonical representatives ([`canonical_affine`]).
//!
//! Named instance: Banderwagon over BLS12-381 Fr ([`BandersnatchConfig`]).
//! There is no Grumpkin instance: Grumpkin is a short-Weierstrass curve and
//! `umbra-verkle` has no Grumpkin `VerkleGroup`.
//!
//! See `docs/circuits.md` (section Verkle) for the cost breakdown and the
//! relation between this transcript and EIP-6800's SHA-256 one.

use alloc::vec::Vec;
use ark_ec::CurveGroup;
use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
use ark_ff::{AdditiveGroup, BigInteger, Field, One, PrimeField};
use ark_r1cs_std::GR1CSVar;
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::convert::ToBitsGadget;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::emulated_fp::{AllocatedEmulatedFpVar, EmulatedFpVar, MulResultVar};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::groups::CurveVar;
use ark_r1cs_std::groups::curves::twisted_edwards::AffineVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use umbra_poseidon::{CtField, Poseidon};

use crate::poseidon::PoseidonPermutationVar;
use umbra_verkle::ipa::IpaProof;
use umbra_verkle::multiproof::MultiProof;
use umbra_verkle::transcript::{
    CHALLENGE_BITS, LABEL_CHUNK, POSEIDON_TRANSCRIPT_RATE, POSEIDON_TRANSCRIPT_TAG,
    POSEIDON_TRANSCRIPT_WIDTH, label_element,
};

pub use ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig;

type P = BandersnatchConfig;
/// The constraint field: the base field of Bandersnatch (BLS12-381 Fr).
pub type Base = ark_ed_on_bls12_381_bandersnatch::Fq;
/// The Banderwagon scalar field (foreign to the constraint field).
pub type Scalar = ark_ed_on_bls12_381_bandersnatch::Fr;
type Emu = EmulatedFpVar<Scalar, Base>;
/// An affine Bandersnatch point standing for its Banderwagon class.
pub type PointVar = AffineVar<P, FpVar<Base>>;

/// `y` is lexicographically largest (`y > (p-1)/2`).
fn lex_largest<F: PrimeField>(y: &F) -> bool {
    y.into_bigint() > (-*y).into_bigint()
}

/// The canonical representative of the class of `p` (the one whose `x` the
/// 32-byte encoding carries, and the one the Poseidon transcript absorbs).
pub fn canonical_affine(p: &Projective<P>) -> Affine<P> {
    let a = p.into_affine();
    if lex_largest(&a.y) {
        a
    } else {
        Affine::new_unchecked(-a.x, -a.y)
    }
}

// ---------------------------------------------------------------------------
// Transcript (permutation: `crate::poseidon`)

/// The in-circuit [`umbra_verkle::PoseidonTranscript`]: same duplex, same
/// absorption order, same challenge map (low 128 bits of the squeezed
/// element).
#[derive(Clone, Debug)]
pub struct PoseidonTranscriptVar<'a, F: CtField> {
    params: &'a Poseidon<F, POSEIDON_TRANSCRIPT_WIDTH>,
    state: [FpVar<F>; POSEIDON_TRANSCRIPT_WIDTH],
    pos: usize,
}

/// A challenge: its low 128 bits and their packed value.
#[derive(Clone, Debug)]
pub struct ChallengeVar<F: PrimeField> {
    /// Little-endian bits (128 of them).
    pub bits: Vec<Boolean<F>>,
    /// The challenge as an integer in the constraint field.
    pub value: FpVar<F>,
}

impl<'a, F: CtField> PoseidonTranscriptVar<'a, F> {
    /// Start a transcript with a protocol label.
    ///
    /// # Errors
    /// Only the constraint system's own errors (a long label permutes).
    pub fn new(
        params: &'a Poseidon<F, POSEIDON_TRANSCRIPT_WIDTH>,
        label: &[u8],
    ) -> Result<Self, SynthesisError> {
        let mut state: [FpVar<F>; POSEIDON_TRANSCRIPT_WIDTH] =
            core::array::from_fn(|_| FpVar::zero());
        state[0] = FpVar::constant(label_element(POSEIDON_TRANSCRIPT_TAG));
        let mut t = Self {
            params,
            state,
            pos: 0,
        };
        t.domain_sep(label)?;
        Ok(t)
    }

    /// Absorb a domain-separation label (constants).
    pub fn domain_sep(&mut self, label: &[u8]) -> Result<(), SynthesisError> {
        if label.is_empty() {
            self.absorb(&FpVar::constant(label_element(label)))?;
        }
        for chunk in label.chunks(LABEL_CHUNK) {
            self.absorb(&FpVar::constant(label_element(chunk)))?;
        }
        Ok(())
    }

    /// Absorb one element.
    pub fn absorb(&mut self, x: &FpVar<F>) -> Result<(), SynthesisError> {
        if self.pos == POSEIDON_TRANSCRIPT_RATE {
            PoseidonPermutationVar::new(self.params).permute(&mut self.state)?;
            self.pos = 0;
        }
        self.state[1 + self.pos] += x;
        self.pos += 1;
        Ok(())
    }

    /// Absorb a point (its coordinates; the caller ensures it is the
    /// canonical representative).
    pub fn absorb_point<C: TECurveConfig<BaseField = F>>(
        &mut self,
        p: &AffineVar<C, FpVar<F>>,
    ) -> Result<(), SynthesisError> {
        self.absorb(&p.x)?;
        self.absorb(&p.y)
    }

    /// Squeeze a challenge.
    pub fn challenge(&mut self) -> Result<ChallengeVar<F>, SynthesisError> {
        self.state[0] += F::one();
        PoseidonPermutationVar::new(self.params).permute(&mut self.state)?;
        self.pos = 0;
        let bits = self.state[1].to_bits_le()?;
        let bits: Vec<Boolean<F>> = bits.into_iter().take(CHALLENGE_BITS).collect();
        let value = Boolean::le_bits_to_fp(&bits)?;
        Ok(ChallengeVar { bits, value })
    }
}

// ---------------------------------------------------------------------------
// Scalars in the foreign field

/// A scalar-field value: emulated for arithmetic, little-endian bits for
/// scalar multiplication, and its integer as a native element (what the
/// transcript absorbs).
#[derive(Clone, Debug)]
pub struct ScalarVar {
    /// Emulated value.
    pub emu: Emu,
    /// Little-endian bits of an integer congruent to the value (`< 2^253`).
    pub bits: Vec<Boolean<Base>>,
    /// `sum bits_i 2^i` in the constraint field.
    pub native: FpVar<Base>,
}

fn to_scalar(x: &Base) -> Scalar {
    Scalar::from_le_bytes_mod_order(&x.into_bigint().to_bytes_le())
}

fn to_base(x: &Scalar) -> Base {
    Base::from_le_bytes_mod_order(&x.into_bigint().to_bytes_le())
}

impl ScalarVar {
    /// A witness scalar with its bits.
    pub fn new_witness(
        cs: ConstraintSystemRef<Base>,
        value: impl FnOnce() -> Result<Scalar, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let (v, bits) = AllocatedEmulatedFpVar::new_witness_with_le_bits(cs, value)?;
        let native = Boolean::le_bits_to_fp(&bits)?;
        Ok(Self {
            emu: EmulatedFpVar::Var(v),
            bits,
            native,
        })
    }

    /// The scalar whose integer is `native` (a public input or a challenge),
    /// which must be below `2^253`: allocates its emulated form and bits and
    /// ties them with one constraint.
    pub fn from_native(native: &FpVar<Base>) -> Result<Self, SynthesisError> {
        let cs = native.cs();
        let value = native.value().map(|v| to_scalar(&v));
        let mut s = Self::new_witness(cs, || value)?;
        s.native.enforce_equal(native)?;
        s.native = native.clone();
        Ok(s)
    }

    /// A witness scalar equal (mod `r`) to the emulated `v`.
    pub fn from_emulated(v: &Emu) -> Result<Self, SynthesisError> {
        let cs = v.cs();
        let value = v.value();
        let s = Self::new_witness(cs, || value)?;
        s.emu.enforce_equal(v)?;
        Ok(s)
    }

    /// As [`Self::from_emulated`], and the integer is canonical (`< r`), as
    /// needed before the transcript absorbs it.
    pub fn canonical_from_emulated(v: &Emu) -> Result<Self, SynthesisError> {
        let s = Self::from_emulated(v)?;
        let r = FpVar::constant(modulus_as_base());
        s.native.enforce_cmp(&r, core::cmp::Ordering::Less, false)?;
        Ok(s)
    }
}

/// The scalar modulus `r` as a base-field element (`r < p`).
fn modulus_as_base() -> Base {
    Base::from_le_bytes_mod_order(&Scalar::MODULUS.to_bytes_le())
}

// ---------------------------------------------------------------------------
// Points

/// Allocate a proof point: on the curve, in the Banderwagon subgroup
/// (`1 - a x^2` a square) and canonical (`y` lexicographically largest).
pub fn alloc_proof_point(
    cs: ConstraintSystemRef<Base>,
    p: impl FnOnce() -> Result<Projective<P>, SynthesisError>,
) -> Result<PointVar, SynthesisError> {
    let p = p().map(|p| canonical_affine(&p));
    let v = PointVar::new_variable_omit_prime_order_check(
        cs.clone(),
        || p.map(Projective::from),
        AllocationMode::Witness,
    )?;
    enforce_subgroup(&v)?;
    enforce_canonical(&v)?;
    Ok(v)
}

/// Allocate a public commitment given as the canonical representative
/// ([`canonical_affine`]); its coordinates are the public inputs.
pub fn alloc_public_point(
    cs: ConstraintSystemRef<Base>,
    p: impl FnOnce() -> Result<Projective<P>, SynthesisError>,
) -> Result<PointVar, SynthesisError> {
    let p = p().map(|p| canonical_affine(&p));
    PointVar::new_variable_omit_on_curve_check(cs, || p, AllocationMode::Input)
}

/// `1 - a x^2` is a square (the Banderwagon subgroup check): one witnessed
/// square root.
fn enforce_subgroup(p: &PointVar) -> Result<(), SynthesisError> {
    let one_minus_ax2 = FpVar::constant(Base::one()) - p.x.square()? * P::COEFF_A;
    let root = FpVar::new_witness(p.x.cs(), || {
        one_minus_ax2
            .value()
            .and_then(|v| v.sqrt().ok_or(SynthesisError::Unsatisfiable))
    })?;
    root.mul_equals(&root, &one_minus_ax2)
}

/// `y > (p-1)/2`, i.e. `-y <= (p-1)/2`.
fn enforce_canonical(p: &PointVar) -> Result<(), SynthesisError> {
    p.y.negate()?
        .enforce_smaller_or_equal_than_mod_minus_one_div_two()
}

/// The canonical representative of a computed point's class.
fn canonicalize(p: &PointVar) -> Result<PointVar, SynthesisError> {
    let keep = Boolean::new_witness(p.x.cs(), || p.y.value().map(|y| lex_largest(&y)))?;
    let x = keep.select(&p.x, &p.x.negate()?)?;
    let y = keep.select(&p.y, &p.y.negate()?)?;
    let c = PointVar::new(x, y);
    enforce_canonical(&c)?;
    Ok(c)
}

/// `sum_i s_i B_i` for constant bases (windowed two-bit lookups of the
/// precomputed `2^j B_i`), added to `acc`.
pub fn fixed_base_msm(
    acc: &mut PointVar,
    terms: &[(Projective<P>, &[Boolean<Base>])],
) -> Result<(), SynthesisError> {
    for (base, bits) in terms {
        let mut powers = Vec::with_capacity(bits.len());
        let mut b = *base;
        for _ in 0..bits.len() {
            powers.push(b);
            b.double_in_place();
        }
        acc.precomputed_base_scalar_mul_le(bits.iter().zip(powers.iter()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// IPA

/// An IPA proof as circuit witnesses.
#[derive(Clone, Debug)]
pub struct IpaProofVar {
    /// Left cross terms.
    pub l: Vec<PointVar>,
    /// Right cross terms.
    pub r: Vec<PointVar>,
    /// The folded witness.
    pub a: ScalarVar,
}

impl IpaProofVar {
    /// Allocate `proof` (or, with `None`, a proof of `rounds` rounds with no
    /// assignment) as witnesses.
    pub fn new_witness<G>(
        cs: ConstraintSystemRef<Base>,
        proof: Option<&IpaProof<G>>,
        rounds: usize,
    ) -> Result<Self, SynthesisError>
    where
        G: umbra_verkle::VerkleGroup<Point = Projective<P>, Scalar = Scalar>,
    {
        let missing = || SynthesisError::AssignmentMissing;
        let mut l = Vec::with_capacity(rounds);
        let mut r = Vec::with_capacity(rounds);
        for k in 0..rounds {
            l.push(alloc_proof_point(cs.clone(), || {
                proof.and_then(|p| p.l.get(k).copied()).ok_or_else(missing)
            })?);
            r.push(alloc_proof_point(cs.clone(), || {
                proof.and_then(|p| p.r.get(k).copied()).ok_or_else(missing)
            })?);
        }
        let a = ScalarVar::new_witness(cs, || proof.map(|p| p.a).ok_or_else(missing))?;
        Ok(Self { l, r, a })
    }
}

/// The public parameters of the verifier: generators, `Q`, the domain
/// weights `1/A'(i)`.
#[derive(Clone, Debug)]
pub struct VerifierKey {
    /// Generators `G_0..G_{n-1}`.
    pub g: Vec<Projective<P>>,
    /// The IPA generator `Q`.
    pub q: Projective<P>,
    /// `1 / A'(i)` of the domain `0..n`.
    pub weight_inv: Vec<Scalar>,
}

impl VerifierKey {
    /// The verifier key of a CRS (its width fixes the domain).
    pub fn from_crs<G>(crs: &umbra_verkle::Crs<G>) -> Self
    where
        G: umbra_verkle::VerkleGroup<Point = Projective<P>, Scalar = Scalar>,
    {
        let n = crs.g.len();
        let domain = umbra_verkle::Domain::<Scalar>::new(n);
        Self {
            g: crs.g.clone(),
            q: crs.q,
            weight_inv: (0..n).map(|i| domain.weight_inv(i)).collect(),
        }
    }
}

/// Enforce that `proof` opens the vector committed in `c` (canonical) to
/// `y` at `z`: the same transcript and group equation as
/// [`umbra_verkle::ipa::verify`] with a [`umbra_verkle::PoseidonTranscript`].
///
/// `z` must lie outside the domain `0..n` (as the multiproof's `t` does):
/// at a domain point an inversion has no witness and the system is
/// unsatisfiable, where the native verifier would use the unit vector.
pub fn ipa_verify(
    transcript: &mut PoseidonTranscriptVar<'_, Base>,
    vk: &VerifierKey,
    c: &PointVar,
    z: &ScalarVar,
    y: &ScalarVar,
    proof: &IpaProofVar,
) -> Result<(), SynthesisError> {
    let n = vk.g.len();
    let rounds = n.trailing_zeros() as usize;
    if !n.is_power_of_two() || proof.l.len() != rounds || proof.r.len() != rounds {
        return Err(SynthesisError::Unsatisfiable);
    }
    let cs = c.x.cs().or(z.native.cs()).or(proof.a.native.cs());
    transcript.domain_sep(b"ipa")?;
    transcript.absorb_point(c)?;
    transcript.absorb(&z.native)?;
    transcript.absorb(&y.native)?;
    let w = ScalarVar::from_native(&transcript.challenge()?.value)?;
    let mut xs = Vec::with_capacity(rounds);
    let mut x_bits = Vec::with_capacity(rounds);
    for k in 0..rounds {
        transcript.absorb_point(&proof.l[k])?;
        transcript.absorb_point(&proof.r[k])?;
        let ch = transcript.challenge()?;
        // the emulated challenge, tied to the 128 transcript bits
        xs.push(ScalarVar::from_native(&ch.value)?.emu);
        x_bits.push(ch.bits);
    }
    // x_k^-1 with bits
    let mut x_inv = Vec::with_capacity(rounds);
    for x in &xs {
        let v = x.value();
        let inv = ScalarVar::new_witness(cs.clone(), || {
            v.and_then(|v| v.inverse().ok_or(SynthesisError::Unsatisfiable))
        })?;
        (x * &inv.emu).enforce_equal(&Emu::one())?;
        x_inv.push(inv);
    }
    // s_i = prod over the set bits of i of x^-1 (the native order)
    let mut s: Vec<Option<ScalarVar>> = alloc::vec![None];
    for k in (0..rounds).rev() {
        let len = s.len();
        for i in 0..len {
            let prod = match &s[i] {
                None => x_inv[k].emu.clone(),
                Some(si) => &si.emu * &x_inv[k].emu,
            };
            s.push(Some(ScalarVar::from_emulated(&prod)?));
        }
    }
    // b_0 = <s, b(z)> = A(z) sum_i s_i w_i / (z - i)
    let mut a_z = Emu::one();
    let mut acc = MulResultVar::<Scalar, Base>::zero();
    for (i, si) in s.iter().enumerate() {
        let diff = &z.emu - Emu::constant(Scalar::from(i as u64));
        a_z = &a_z * &diff;
        let u = diff.inverse()? * vk.weight_inv[i];
        acc = match si {
            None => &acc + &u.mul_without_reduce(&Emu::one())?,
            Some(si) => &acc + &si.emu.mul_without_reduce(&u)?,
        };
    }
    let b0 = &a_z * &acc.reduce()?;
    // e = w (a b0 - y)
    let e = ScalarVar::from_emulated(&(&w.emu * &(&(&proof.a.emu * &b0) - &y.emu)))?;

    // a * sum_i s_i G_i + e Q - C - sum x_k L_k - sum x_k^-1 R_k == identity class
    let mut t = PointVar::constant(vk.g[0]);
    let terms: Vec<(Projective<P>, &[Boolean<Base>])> = s
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, si)| (vk.g[i], si.as_ref().map(|v| &v.bits[..]).unwrap_or(&[])))
        .collect();
    fixed_base_msm(&mut t, &terms)?;
    let mut res = t.scalar_mul_le(proof.a.bits.iter())?;
    fixed_base_msm(&mut res, &[(vk.q, &e.bits[..])])?;
    res -= c;
    for k in 0..rounds {
        res -= proof.l[k].scalar_mul_le(x_bits[k].iter())?;
        res -= proof.r[k].scalar_mul_le(x_inv[k].bits.iter())?;
    }
    res.x.enforce_equal(&FpVar::zero())
}

// ---------------------------------------------------------------------------
// Multiproof

/// One opening as the verifier's public input: commitment (canonical),
/// evaluation point (a domain index) and value, each as native variables.
#[derive(Clone, Debug)]
pub struct QueryVar {
    /// The commitment.
    pub commitment: PointVar,
    /// The evaluation point (its integer).
    pub point: ScalarVar,
    /// The value (its integer, canonical).
    pub result: ScalarVar,
}

impl QueryVar {
    /// Allocate a query as public inputs: the commitment's coordinates, the
    /// point and the value (canonical integers).
    pub fn new_input(
        cs: ConstraintSystemRef<Base>,
        commitment: Projective<P>,
        point: usize,
        result: Scalar,
    ) -> Result<Self, SynthesisError> {
        let commitment = alloc_public_point(cs.clone(), || Ok(commitment))?;
        let z = FpVar::new_input(cs.clone(), || Ok(Base::from(point as u64)))?;
        let y = FpVar::new_input(cs, || Ok(to_base(&result)))?;
        Ok(Self {
            commitment,
            point: ScalarVar::from_native(&z)?,
            result: ScalarVar::from_native(&y)?,
        })
    }
}

/// A multiproof as circuit witnesses.
#[derive(Clone, Debug)]
pub struct MultiProofVar {
    /// Commitment to the quotient.
    pub d: PointVar,
    /// The IPA opening of `E - D` at `t`.
    pub ipa: IpaProofVar,
}

impl MultiProofVar {
    /// Allocate `proof` as witnesses (`None`: unassigned, `rounds` rounds).
    pub fn new_witness<G>(
        cs: ConstraintSystemRef<Base>,
        proof: Option<&MultiProof<G>>,
        rounds: usize,
    ) -> Result<Self, SynthesisError>
    where
        G: umbra_verkle::VerkleGroup<Point = Projective<P>, Scalar = Scalar>,
    {
        let d = alloc_proof_point(cs.clone(), || {
            proof.map(|p| p.d).ok_or(SynthesisError::AssignmentMissing)
        })?;
        let ipa = IpaProofVar::new_witness(cs, proof.map(|p| &p.ipa), rounds)?;
        Ok(Self { d, ipa })
    }
}

/// Enforce that `proof` proves every query: the same transcript and checks
/// as [`umbra_verkle::multiproof::verify`] with a
/// [`umbra_verkle::PoseidonTranscript`]. Repeated commitments are not merged
/// (the native verifier merges them only to save work; the sum is equal).
pub fn multiproof_verify(
    transcript: &mut PoseidonTranscriptVar<'_, Base>,
    vk: &VerifierKey,
    queries: &[QueryVar],
    proof: &MultiProofVar,
) -> Result<(), SynthesisError> {
    transcript.domain_sep(b"multiproof")?;
    for q in queries {
        transcript.absorb_point(&q.commitment)?;
        transcript.absorb(&q.point.native)?;
        transcript.absorb(&q.result.native)?;
    }
    let r = ScalarVar::from_native(&transcript.challenge()?.value)?;
    transcript.absorb_point(&proof.d)?;
    let t = ScalarVar::from_native(&transcript.challenge()?.value)?;

    // helper_i = r^i / (t - z_i); g2(t) = sum helper_i y_i; E = sum helper_i C_i
    let mut ri = Emu::one();
    let mut g2 = MulResultVar::<Scalar, Base>::zero();
    let mut e: Option<PointVar> = None;
    for (i, q) in queries.iter().enumerate() {
        if i > 0 {
            ri = &ri * &r.emu;
        }
        let helper = ScalarVar::from_emulated(&(&ri * &(&t.emu - &q.point.emu).inverse()?))?;
        g2 = &g2 + &helper.emu.mul_without_reduce(&q.result.emu)?;
        let term = q.commitment.scalar_mul_le(helper.bits.iter())?;
        e = Some(match e {
            None => term,
            Some(acc) => acc + term,
        });
    }
    let e = canonicalize(&e.unwrap_or_else(PointVar::zero))?;
    transcript.absorb_point(&e)?;
    let g2 = ScalarVar::canonical_from_emulated(&g2.reduce()?)?;
    let c = canonicalize(&(e - &proof.d))?;
    ipa_verify(transcript, vk, &c, &t, &g2, &proof.ipa)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    fn witness_point(cs: ConstraintSystemRef<Base>, x: Base, y: Base) -> PointVar {
        PointVar::new(
            FpVar::new_witness(cs.clone(), || Ok(x)).unwrap(),
            FpVar::new_witness(cs, || Ok(y)).unwrap(),
        )
    }

    #[test]
    fn canonical_check_rejects_the_other_representative() {
        let mut rng = ark_std::test_rng();
        for _ in 0..4 {
            let g = canonical_affine(&Projective::<P>::rand(&mut rng));
            let cs = ConstraintSystem::<Base>::new_ref();
            enforce_canonical(&witness_point(cs.clone(), g.x, g.y)).unwrap();
            assert!(cs.is_satisfied().unwrap());
            let cs = ConstraintSystem::<Base>::new_ref();
            enforce_canonical(&witness_point(cs.clone(), -g.x, -g.y)).unwrap();
            assert!(!cs.is_satisfied().unwrap());
            // canonicalize maps both representatives to the canonical one
            for (x, y) in [(g.x, g.y), (-g.x, -g.y)] {
                let cs = ConstraintSystem::<Base>::new_ref();
                let c = canonicalize(&witness_point(cs.clone(), x, y)).unwrap();
                assert_eq!((c.x.value().unwrap(), c.y.value().unwrap()), (g.x, g.y));
                assert!(cs.is_satisfied().unwrap());
            }
        }
    }

    #[test]
    fn subgroup_check_matches_the_decoder() {
        // Banderwagon points pass; curve points outside 2E (1 - a x^2 not a
        // square, rejected by the native decoder) leave no witness.
        let (mut inside, mut outside) = (0, 0);
        let mut x = Base::from(2u64);
        while inside < 3 || outside < 3 {
            x += Base::from(1u64);
            let x2 = x.square();
            let y2 = (Base::one() - P::COEFF_A * x2)
                * (Base::one() - P::COEFF_D * x2).inverse().unwrap();
            let Some(y) = y2.sqrt() else { continue };
            let p = Affine::<P>::new_unchecked(x, y);
            assert!(p.is_on_curve());
            let enc_ok = umbra_verkle::Banderwagon::point_from_x(x).is_ok();
            let cs = ConstraintSystem::<Base>::new_ref();
            let ok = enforce_subgroup(&witness_point(cs.clone(), p.x, p.y)).is_ok()
                && cs.is_satisfied().unwrap();
            assert_eq!(ok, enc_ok);
            if enc_ok {
                inside += 1;
            } else {
                outside += 1;
            }
        }
    }

    #[test]
    fn modulus_as_base_is_r() {
        let r: Base = modulus_as_base();
        assert_eq!(r.into_bigint().to_bytes_le(), Scalar::MODULUS.to_bytes_le());
    }
}
