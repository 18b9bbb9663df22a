//! Verkle: in-circuit verification of an IPA opening and of a multiproof
//! (`umbra-verkle`) under the circuit-friendly Poseidon transcript
//! ([`umbra_verkle::PoseidonTranscript`]).
//!
//! The verifiers ([`ipa_verify`], [`multiproof_verify`]) are generic over
//! the commitment group through [`VerkleGroupVar`]: a curve whose base field
//! is the constraint field, so point arithmetic and the transcript are
//! native. Scalars (challenges, their inverses, the folding coefficients
//! `s_i`, the barycentric weights) live in the group's *scalar* field, which
//! is foreign: they are arkworks emulated field variables for the arithmetic
//! relations, and each scalar that multiplies a point is also held as its
//! little-endian bits ([`ScalarVar`]).
//!
//! `ipa_verify` accepts any evaluation point `z`: outside the domain `0..n`
//! it uses the barycentric weights, at a domain point `i` the unit vector
//! `e_i`, as the native `Domain::barycentric_coefficients`.
//!
//! Named instance: Banderwagon over BLS12-381 Fr ([`BanderwagonGadget`], on the
//! crate's own twisted-Edwards gadget [`crate::edwards::EdwardsVar`]).
//!
//! See `docs/circuits.md` (section Verkle) for the cost breakdown and the
//! relation between this transcript and EIP-6800's SHA-256 one.

mod banderwagon;
mod group;
mod grumpkin;
mod ipa;
mod multiproof;
mod scalar;
mod transcript;

pub use banderwagon::{
    BandersnatchConfig, BanderwagonGadget, Base, PointVar, Scalar, canonical_affine,
};
pub use group::{FixedBaseTerm, GroupScalarVar, PointOf, ScalarOf, VerkleGroupVar};
pub use grumpkin::{GrumpkinBase, GrumpkinGadget, GrumpkinScalar};
pub use ipa::{IpaProofVar, VerifierKey, ipa_verify, ipa_verify_in_domain};
pub use multiproof::{MultiProofVar, QueryVar, multiproof_verify};
pub use scalar::ScalarVar;
pub use transcript::{ChallengeVar, PoseidonTranscriptVar};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::banderwagon::{enforce_canonical, enforce_subgroup};
    use super::*;
    use ark_ec::twisted_edwards::{Affine, Projective, TECurveConfig};
    use ark_ff::{Field, One};
    use ark_r1cs_std::GR1CSVar;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::fields::fp::FpVar;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use ark_std::UniformRand;
    use umbra_verkle::VerkleGroup;

    type P = BandersnatchConfig;

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
                let c = BanderwagonGadget::canonicalize(&witness_point(cs.clone(), x, y)).unwrap();
                assert_eq!((c.u.value().unwrap(), c.v.value().unwrap()), (g.x, g.y));
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
    fn map_to_scalar_matches_native() {
        let mut rng = ark_std::test_rng();
        let mut pts: alloc::vec::Vec<Projective<P>> =
            (0..6).map(|_| Projective::<P>::rand(&mut rng)).collect();
        pts.push(Projective::<P>::default());
        for p in pts {
            let want = umbra_verkle::Banderwagon::map_to_scalar(&p);
            let t = Affine::<P>::new_unchecked(Base::from(0u64), -Base::one());
            for q in [p, p + t] {
                let cs = ConstraintSystem::<Base>::new_ref();
                let a = ark_ec::CurveGroup::into_affine(q);
                let pv = witness_point(cs.clone(), a.x, a.y);
                let s = BanderwagonGadget::map_to_scalar(&pv).unwrap();
                assert_eq!(s.emu.value().unwrap(), want);
                assert!(cs.is_satisfied().unwrap());
            }
        }
    }

    #[test]
    fn edwards_arithmetic_is_exact_on_both_representatives() {
        // Points of H (odd order, or odd order + T): additions, doublings and
        // scalar multiplications by any bits match arkworks.
        use ark_ec::CurveGroup;
        use ark_r1cs_std::boolean::Boolean;
        let mut rng = ark_std::test_rng();
        let t = Projective::<P>::from(Affine::<P>::new_unchecked(Base::from(0u64), -Base::one()));
        for k in 0..6 {
            let p = Projective::<P>::rand(&mut rng)
                + if k % 2 == 0 {
                    t
                } else {
                    Projective::<P>::default()
                };
            let q = Projective::<P>::rand(&mut rng)
                + if k % 3 == 0 {
                    t
                } else {
                    Projective::<P>::default()
                };
            let cs = ConstraintSystem::<Base>::new_ref();
            let pv = BanderwagonGadget::alloc_proof_point(cs.clone(), || Ok(p)).unwrap();
            let qv = BanderwagonGadget::alloc_proof_point(cs.clone(), || Ok(q)).unwrap();
            let (pc, qc) = (canonical_affine(&p), canonical_affine(&q));
            let sum = BanderwagonGadget::add(&pv, &qv).unwrap();
            assert_eq!(sum.value().unwrap(), (pc + qc).into_affine());
            assert_eq!(
                pv.double().unwrap().value().unwrap(),
                (pc + pc).into_affine()
            );
            let bits: alloc::vec::Vec<bool> = (0..253).map(|_| bool::rand(&mut rng)).collect();
            let bv: alloc::vec::Vec<Boolean<Base>> = bits
                .iter()
                .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
                .collect();
            let got = BanderwagonGadget::scalar_mul_le(&pv, &bv)
                .unwrap()
                .value()
                .unwrap();
            assert_eq!(got, crate::edwards::native_mul_le(&pc, &bits));
            let fixed = BanderwagonGadget::fixed_base_msm(&[(q, &bv[..])])
                .unwrap()
                .value()
                .unwrap();
            // the odd-order representative of q's class: same class as [k]q
            let want = crate::edwards::native_mul_le(&qc, &bits);
            assert!(umbra_verkle::Banderwagon::points_eq(
                &fixed.into(),
                &want.into()
            ));
            assert!(cs.is_satisfied().unwrap());
        }
    }
}
