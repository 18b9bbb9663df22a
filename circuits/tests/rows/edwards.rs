//! Twisted-Edwards gadget counts on Jubjub, Bandersnatch and Baby Jubjub.

use ark_ec::CurveGroup;
use ark_ec::twisted_edwards::TECurveConfig;
use ark_ff::PrimeField;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use umbra_circuits::edwards::{EdwardsVar, generator};
use umbra_circuits::table::CountRow;

fn point<P: TECurveConfig>(k: u64) -> ark_ec::twisted_edwards::Affine<P> {
    (generator::<P>() * P::ScalarField::from(k)).into_affine()
}

fn bits<F: PrimeField>(cs: &ConstraintSystemRef<F>, n: usize) -> Vec<Boolean<F>> {
    (0..n)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok(i % 3 != 1)).unwrap())
        .collect()
}

/// Constraints added by `f` after its inputs are allocated by `setup`.
fn count<P: TECurveConfig, S, T>(setup: S, f: impl FnOnce(&T)) -> usize
where
    P::BaseField: PrimeField,
    S: FnOnce(&ConstraintSystemRef<P::BaseField>) -> T,
{
    let cs = ConstraintSystem::<P::BaseField>::new_ref();
    let inputs = setup(&cs);
    let before = cs.num_constraints();
    f(&inputs);
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints() - before
}

fn curve_rows<P: TECurveConfig>(curve: &str, field: &'static str) -> Vec<CountRow>
where
    P::BaseField: PrimeField,
{
    let two = |cs: &ConstraintSystemRef<P::BaseField>| {
        (
            EdwardsVar::<P>::new_witness(cs.clone(), || Ok(point::<P>(3))).unwrap(),
            EdwardsVar::<P>::new_witness(cs.clone(), || Ok(point::<P>(5))).unwrap(),
        )
    };
    let one = |cs: &ConstraintSystemRef<P::BaseField>| {
        EdwardsVar::<P>::new_witness(cs.clone(), || Ok(point::<P>(7))).unwrap()
    };
    let row = |gadget: String, constraints: usize, anchor: &'static str| CountRow {
        section: "Edwards arithmetic",
        gadget,
        field,
        constraints,
        anchor,
    };
    let mut rows = vec![
        row(
            format!("{curve}: complete addition"),
            count::<P, _, _>(two, |(p, q)| {
                let _ = p.add(q).unwrap();
            }),
            "Zcash spec (affine-ctEdwards addition): 6",
        ),
        row(
            format!("{curve}: doubling"),
            count::<P, _, _>(one, |p| {
                let _ = p.double().unwrap();
            }),
            "Zcash spec (affine-ctEdwards doubling): 5",
        ),
        row(
            format!("{curve}: addition of a constant point"),
            count::<P, _, _>(one, |p| {
                let _ = p.add_constant(&point::<P>(11)).unwrap();
            }),
            "—",
        ),
        row(
            format!("{curve}: witness + on-curve check"),
            {
                let cs = ConstraintSystem::<P::BaseField>::new_ref();
                let _ = EdwardsVar::<P>::new_witness(cs.clone(), || Ok(point::<P>(9))).unwrap();
                assert!(cs.is_satisfied().unwrap());
                cs.num_constraints()
            },
            "—",
        ),
        row(
            format!("{curve}: decompression from (v, sign of u), canonical"),
            count::<P, _, _>(
                |cs| {
                    let p = point::<P>(13);
                    (
                        FpVar::new_witness(cs.clone(), || Ok(p.y)).unwrap(),
                        Boolean::new_witness(cs.clone(), || {
                            Ok(ark_ff::BigInteger::is_odd(&p.x.into_bigint()))
                        })
                        .unwrap(),
                    )
                },
                |(v, s)| {
                    let _ = EdwardsVar::<P>::decompress(v, s).unwrap();
                },
            ),
            "—",
        ),
    ];
    for n in [251usize, 252] {
        rows.push(row(
            format!("{curve}: fixed-base scalar mul, {n}-bit scalar"),
            count::<P, _, _>(
                |cs| bits(cs, n),
                |k| {
                    let _ = EdwardsVar::<P>::fixed_base_mul_le(&point::<P>(17), k).unwrap();
                },
            ),
            "Zcash spec (fixed-base, 252 bits): 750; arkworks 1,005",
        ));
    }
    for n in [251usize, 252] {
        rows.push(row(
            format!("{curve}: variable-base scalar mul, {n}-bit scalar"),
            count::<P, _, _>(
                |cs| (one(cs), bits(cs, n)),
                |(p, k)| {
                    let _ = p.scalar_mul_le(k).unwrap();
                },
            ),
            "Zcash spec (variable-base): 3,252; arkworks 3,273",
        ));
    }
    rows.push(row(
        format!("{curve}: not-small-order check"),
        count::<P, _, _>(one, |p| p.enforce_not_small_order().unwrap()),
        "Zcash (Sapling): 16 on Jubjub",
    ));
    rows.push(row(
        format!("{curve}: prime-order subgroup check"),
        count::<P, _, _>(one, |p| p.enforce_prime_order().unwrap()),
        "[r]P = O: ≈ 2,000",
    ));
    rows
}

pub fn rows() -> Vec<CountRow> {
    let mut rows = curve_rows::<ark_ed_on_bls12_381::EdwardsConfig>("Jubjub", "BLS12-381 Fr");
    rows.extend(
        curve_rows::<ark_ed_on_bls12_381_bandersnatch::EdwardsConfig>(
            "Bandersnatch",
            "BLS12-381 Fr",
        ),
    );
    rows.extend(curve_rows::<ark_ed_on_bn254::EdwardsConfig>(
        "Baby Jubjub",
        "BN254 Fr",
    ));
    rows.extend(arkworks_rows());
    rows
}

/// The same operations with arkworks' own `AffineVar` (ark-r1cs-std 0.6,
/// `ark_ed_on_bls12_381::constraints::EdwardsVar`), measured here so the
/// comparison in the anchor column is reproducible.
pub fn arkworks_rows() -> Vec<CountRow> {
    use ark_ed_on_bls12_381::constraints::EdwardsVar as ArkVar;
    use ark_ed_on_bls12_381::{EdwardsConfig, EdwardsProjective, Fq};
    use ark_r1cs_std::groups::CurveVar;
    type P = EdwardsConfig;
    let row = |gadget: &str, constraints: usize, anchor: &'static str| CountRow {
        section: "Edwards arithmetic",
        gadget: format!("Jubjub, arkworks AffineVar (for comparison): {gadget}"),
        field: "BLS12-381 Fr",
        constraints,
        anchor,
    };
    let g: EdwardsProjective = point::<P>(17).into();
    let witness = |cs: &ConstraintSystemRef<Fq>, k: u64| {
        ArkVar::new_witness(cs.clone(), || Ok(EdwardsProjective::from(point::<P>(k)))).unwrap()
    };
    let add = count::<P, _, _>(
        |cs| (witness(cs, 3), witness(cs, 5)),
        |(p, q)| {
            let _ = p.clone() + q;
        },
    );
    let dbl = count::<P, _, _>(
        |cs| witness(cs, 3),
        |p| {
            let _ = p.double().unwrap();
        },
    );
    let fixed = count::<P, _, _>(
        |cs| bits(cs, 252),
        |k| {
            let _ = ArkVar::constant(g).scalar_mul_le(k.iter()).unwrap();
        },
    );
    let precomputed = count::<P, _, _>(
        |cs| bits(cs, 252),
        |k| {
            let mut bases = Vec::new();
            let mut b = g;
            for _ in 0..252 {
                bases.push(b);
                b = b + b;
            }
            let mut acc = ArkVar::zero();
            acc.precomputed_base_scalar_mul_le(k.iter().zip(&bases))
                .unwrap();
        },
    );
    let var = count::<P, _, _>(
        |cs| (witness(cs, 7), bits(cs, 252)),
        |(p, k)| {
            let _ = p.scalar_mul_le(k.iter()).unwrap();
        },
    );
    let prime = count::<P, _, _>(|cs| witness(cs, 7), |p| p.enforce_prime_order().unwrap());
    vec![
        row("addition", add, "—"),
        row("doubling", dbl, "—"),
        row(
            "constant base, scalar_mul_le, 252 bits",
            fixed,
            "arkworks 1,005",
        ),
        row(
            "precomputed_base_scalar_mul_le, 252 bits",
            precomputed,
            "arkworks 1,005",
        ),
        row(
            "variable base, scalar_mul_le, 252 bits",
            var,
            "arkworks 3,273",
        ),
        row("enforce_prime_order", prime, "—"),
    ]
}
