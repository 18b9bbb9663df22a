//! Short-Weierstrass gadget counts on Grumpkin (BN254 Fr), beside arkworks'
//! `ProjectiveVar` (ark-r1cs-std 0.6) measured on the same inputs.

use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_grumpkin::{Affine, Fq as F, Fr as S, GrumpkinConfig, Projective};
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::groups::CurveVar;
use ark_r1cs_std::groups::curves::short_weierstrass::ProjectiveVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use umbra_circuits::table::CountRow;
use umbra_circuits::weierstrass::GrumpkinVar;
use umbra_verkle::{Crs, Grumpkin};

type ArkVar = ProjectiveVar<GrumpkinConfig, FpVar<F>>;

const FIELD: &str = "BN254 Fr";

fn point(k: u64) -> Affine {
    (Projective::generator() * S::from(k)).into_affine()
}

fn bits(cs: &ConstraintSystemRef<F>, n: usize, salt: usize) -> Vec<Boolean<F>> {
    (0..n)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok((i * 7 + salt) % 3 != 1)).unwrap())
        .collect()
}

/// Constraints added by `f` after its inputs are allocated by `setup`.
fn count<T>(setup: impl FnOnce(&ConstraintSystemRef<F>) -> T, f: impl FnOnce(&T)) -> usize {
    let cs = ConstraintSystem::<F>::new_ref();
    let inputs = setup(&cs);
    let before = cs.num_constraints();
    f(&inputs);
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints() - before
}

fn row(gadget: &str, constraints: usize) -> CountRow {
    CountRow {
        section: "Short Weierstrass (Grumpkin)",
        gadget: gadget.to_string(),
        field: FIELD,
        constraints,
        anchor: "—",
    }
}

fn ark_row(gadget: &str, constraints: usize) -> CountRow {
    row(
        &format!("Grumpkin, arkworks ProjectiveVar (for comparison): {gadget}"),
        constraints,
    )
}

pub fn rows() -> Vec<CountRow> {
    let two = |cs: &ConstraintSystemRef<F>| {
        (
            GrumpkinVar::new_witness(cs.clone(), || Ok(point(3))).unwrap(),
            GrumpkinVar::new_witness(cs.clone(), || Ok(point(5))).unwrap(),
        )
    };
    let one_bits = |n: usize| {
        move |cs: &ConstraintSystemRef<F>| {
            (
                GrumpkinVar::new_witness(cs.clone(), || Ok(point(7))).unwrap(),
                bits(cs, n, 0),
            )
        }
    };
    let mut rows = vec![
        row("allocation, identity allowed (witness)", {
            let cs = ConstraintSystem::<F>::new_ref();
            let _ = GrumpkinVar::new_witness(cs.clone(), || Ok(point(3))).unwrap();
            assert!(cs.is_satisfied().unwrap());
            cs.num_constraints()
        }),
        row("allocation, not the identity (witness)", {
            let cs = ConstraintSystem::<F>::new_ref();
            let _ = GrumpkinVar::new_variable_nonidentity(
                cs.clone(),
                || Ok(point(3)),
                AllocationMode::Witness,
            )
            .unwrap();
            cs.num_constraints()
        }),
        row(
            "complete addition",
            count(two, |(p, q)| {
                let _ = p.add(q).unwrap();
            }),
        ),
        row(
            "complete doubling",
            count(two, |(p, _)| {
                let _ = p.double().unwrap();
            }),
        ),
        row(
            "checked incomplete addition (add_nonexceptional)",
            count(two, |(p, q)| {
                let _ = p.add_nonexceptional(q).unwrap();
            }),
        ),
        row(
            "map to base x/y (Verkle map-to-field)",
            count(two, |(p, _)| {
                let _ = p.map_to_base().unwrap();
            }),
        ),
        row(
            "variable-base scalar mul, 128-bit scalar",
            count(one_bits(128), |(p, k)| {
                let _ = p.scalar_mul_le(k).unwrap();
            }),
        ),
        row(
            "variable-base scalar mul, 254-bit scalar",
            count(one_bits(254), |(p, k)| {
                let _ = p.scalar_mul_le(k).unwrap();
            }),
        ),
        row(
            "fixed-base scalar mul, 254-bit scalar",
            count(
                |cs| bits(cs, 254, 1),
                |k| {
                    let _ = GrumpkinVar::fixed_base_mul_le(&point(11), k).unwrap();
                },
            ),
        ),
    ];
    let crs = Crs::<Grumpkin>::new();
    let msm = |n: usize| {
        count(
            |cs| (0..n).map(|j| bits(cs, 254, j)).collect::<Vec<_>>(),
            |ks| {
                let _ = GrumpkinVar::fixed_base_msm_le(&crs.g_affine[..n], ks).unwrap();
            },
        )
    };
    rows.push(row(
        "fixed-base MSM, 16 CRS generators, 254-bit scalars",
        msm(16),
    ));
    rows.push(row(
        "fixed-base MSM, 256 CRS generators, 254-bit scalars",
        msm(256),
    ));

    // arkworks' ProjectiveVar on the same inputs
    let ark_two = |cs: &ConstraintSystemRef<F>| {
        (
            ArkVar::new_witness(cs.clone(), || Ok(point(3).into_group())).unwrap(),
            ArkVar::new_witness(cs.clone(), || Ok(point(5).into_group())).unwrap(),
        )
    };
    rows.push(ark_row("allocation (witness, on-curve check)", {
        let cs = ConstraintSystem::<F>::new_ref();
        let _ = ArkVar::new_witness(cs.clone(), || Ok(point(3).into_group())).unwrap();
        cs.num_constraints()
    }));
    rows.push(ark_row(
        "complete addition",
        count(ark_two, |(p, q)| {
            let _ = p.clone() + q;
        }),
    ));
    rows.push(ark_row(
        "doubling",
        count(ark_two, |(p, _)| {
            let _ = p.double().unwrap();
        }),
    ));
    rows.push(ark_row(
        "affine x, y (what the transcript absorbs)",
        count(ark_two, |(p, _)| {
            let _ = p.affine_xy().unwrap();
        }),
    ));
    for n in [128usize, 254] {
        rows.push(ark_row(
            &format!("variable-base scalar mul, {n}-bit scalar"),
            count(
                |cs| {
                    (
                        ArkVar::new_witness(cs.clone(), || Ok(point(7).into_group())).unwrap(),
                        bits(cs, n, 0),
                    )
                },
                |(p, k)| {
                    let _ = p.scalar_mul_le(k.iter()).unwrap();
                },
            ),
        ));
    }
    rows.push(ark_row(
        "fixed-base scalar mul, 254-bit scalar",
        count(
            |cs| bits(cs, 254, 1),
            |k| {
                let mut acc = ArkVar::zero();
                let mut base = point(11).into_group();
                let mut powers = Vec::with_capacity(254);
                for _ in 0..254 {
                    powers.push(base);
                    base = base + base;
                }
                acc.precomputed_base_scalar_mul_le(k.iter().zip(powers.iter()))
                    .unwrap();
            },
        ),
    ));
    rows
}
