//! Constant-time checks for the field and curve layer, and the measurement
//! of arkworks' own operations on secret data.
//! Run with `cargo ctgrind -p umbra-ct-curves`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::ExitCode;

use ark_ec::PrimeGroup;
use ark_ff::{Field, PrimeField};
use subtle::ConstantTimeEq;
use umbra_ct_curves::{CtField, CtGroup, FixedBaseTable, SwPoint, TePoint};
use umbra_ctgrind::{Case, Expect, classify, declassify};

/// Two secret elements of `F` (fixed values, marked undefined).
fn secrets<F: PrimeField>() -> (F, F) {
    let a = F::from(0x1234_5678_9abc_def0u64).pow([5u64]) + F::from(7u64);
    let b = -a.square() + F::from(3u64);
    classify(&a);
    classify(&b);
    (a, b)
}

fn ct_field_ops<F: CtField>() {
    let (a, b) = secrets::<F>();
    let mut out = a.ct_mul(&b);
    out = out.ct_add(&a.ct_square());
    out = out.ct_sub(&b.ct_neg());
    out = out.ct_add(&b.ct_double());
    let c = a.ct_eq(&b) | b.ct_is_zero();
    out = F::ct_select(&out, &a, c);
    let (mut x, mut y) = (a, b);
    F::ct_swap(&mut x, &mut y, c);
    out = out.ct_add(&x).ct_add(&y);
    // Lazy dot product, over more terms than one reduction group holds.
    let terms = [a, b, out, x, y, a, b, out, x, y, a, b, out, x, y, a];
    out = out.ct_add(&F::ct_sum_of_products(&terms, &terms[1..]));
    let _ = black_box(out);
}

fn ct_inverse_and_limbs<F: CtField>() {
    let (a, _) = secrets::<F>();
    let inv = a.ct_inverse();
    let limbs = a.ct_to_canonical_limbs();
    let back = F::ct_from_canonical_limbs(&limbs);
    let _ = black_box((inv, back));
}

fn ct_bls_fr() {
    ct_field_ops::<ark_bls12_381::Fr>();
    ct_inverse_and_limbs::<ark_bls12_381::Fr>();
}
fn ct_bn254_fr() {
    ct_field_ops::<ark_bn254::Fr>();
    ct_inverse_and_limbs::<ark_bn254::Fr>();
}
fn ct_bn254_fq() {
    ct_field_ops::<ark_bn254::Fq>();
    ct_inverse_and_limbs::<ark_bn254::Fq>();
}
fn ct_jubjub_fr() {
    ct_field_ops::<ark_ed_on_bls12_381::Fr>();
    ct_inverse_and_limbs::<ark_ed_on_bls12_381::Fr>();
}

/// The measurement the issue asks for: arkworks' `mul_assign` on secrets.
fn arkworks_mul<F: Field>() {
    let (a, b) = secrets_field::<F>();
    let mut x = a;
    for _ in 0..8 {
        x *= &b;
    }
    let _ = black_box(x);
}
fn secrets_field<F: Field>() -> (F, F) {
    let a = F::from(0x1234_5678_9abc_def0u64).pow([5u64]) + F::from(7u64);
    let b = -a.square() + F::from(3u64);
    classify(&a);
    classify(&b);
    (a, b)
}
fn ark_mul_bls_fr() {
    arkworks_mul::<ark_bls12_381::Fr>();
}
fn ark_mul_bn254_fr() {
    arkworks_mul::<ark_bn254::Fr>();
}
fn ark_square_bn254_fr() {
    let (a, _) = secrets_field::<ark_bn254::Fr>();
    let _ = black_box(a.square());
}
fn ark_add_bn254_fr() {
    let (a, b) = secrets_field::<ark_bn254::Fr>();
    let _ = black_box(a + b);
}
fn ark_sub_bn254_fr() {
    let (a, b) = secrets_field::<ark_bn254::Fr>();
    let _ = black_box(a - b);
}
fn ark_into_bigint_bn254_fr() {
    let (a, _) = secrets_field::<ark_bn254::Fr>();
    let _ = black_box(a.into_bigint());
}
fn ark_inverse_bn254_fr() {
    let (a, _) = secrets_field::<ark_bn254::Fr>();
    let _ = black_box(a.inverse());
}
fn ark_scalar_mul_jubjub() {
    let (k, _) = secrets::<ark_ed_on_bls12_381::Fr>();
    let _ = black_box(ark_ed_on_bls12_381::EdwardsProjective::generator() * k);
}
fn ark_scalar_mul_grumpkin() {
    let (k, _) = secrets::<ark_grumpkin::Fr>();
    let _ = black_box(ark_grumpkin::Projective::generator() * k);
}

fn ct_mul_jubjub() {
    let (k, _) = secrets::<ark_ed_on_bls12_381::Fr>();
    let p = TePoint::<ark_ed_on_bls12_381::EdwardsConfig>::generator().ct_mul(&k);
    // The public key is public: declassify before arkworks inspects it.
    let out = p.to_projective();
    declassify(&out);
    let _ = black_box(out);
}
fn ct_mul_bandersnatch() {
    let (k, _) = secrets::<ark_ed_on_bls12_381_bandersnatch::Fr>();
    let p = TePoint::<ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig>::generator();
    let _ = black_box(p.ct_mul(&k).to_affine());
}
fn ct_mul_baby_jubjub() {
    let (k, _) = secrets::<ark_ed_on_bn254::Fr>();
    let p = TePoint::<ark_ed_on_bn254::EdwardsConfig>::generator();
    let _ = black_box(p.ct_mul(&k).to_affine());
}
fn ct_mul_grumpkin() {
    let (k, _) = secrets::<ark_grumpkin::Fr>();
    let p = SwPoint::<ark_grumpkin::GrumpkinConfig>::generator().ct_mul(&k);
    let _ = black_box(p.to_projective());
    let _ = black_box(p.to_affine_coordinates());
}
fn ct_mul_secret_point_grumpkin() {
    // Both the point and the scalar are secret (a Diffie-Hellman share).
    let (k, j) = secrets::<ark_grumpkin::Fr>();
    let g = SwPoint::<ark_grumpkin::GrumpkinConfig>::generator();
    let p = g.ct_mul(&j);
    let q = p.ct_mul(&k);
    let _ = black_box(q.ct_eq(&p));
}
fn ct_mul_bandersnatch_sw() {
    let (k, _) = secrets::<ark_ed_on_bls12_381_bandersnatch::Fr>();
    let p = SwPoint::<ark_ed_on_bls12_381_bandersnatch::BandersnatchConfig>::generator();
    let _ = black_box(p.ct_mul(&k).to_affine_coordinates());
}
fn ct_fixed_base_jubjub() {
    let table = FixedBaseTable::new(&TePoint::<ark_ed_on_bls12_381::EdwardsConfig>::generator());
    let (k, _) = secrets::<ark_ed_on_bls12_381::Fr>();
    let _ = black_box(table.mul(&k).to_affine());
}
fn ct_fixed_base_grumpkin() {
    let table = FixedBaseTable::new(&SwPoint::<ark_grumpkin::GrumpkinConfig>::generator());
    let (k, _) = secrets::<ark_grumpkin::Fr>();
    let _ = black_box(table.mul(&k).to_affine_coordinates());
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new("ct_field_bls12_381_fr", Expect::ConstantTime, ct_bls_fr),
        Case::new("ct_field_bn254_fr", Expect::ConstantTime, ct_bn254_fr),
        Case::new("ct_field_bn254_fq", Expect::ConstantTime, ct_bn254_fq),
        Case::new("ct_field_jubjub_fr", Expect::ConstantTime, ct_jubjub_fr),
        Case::new("ct_mul_jubjub", Expect::ConstantTime, ct_mul_jubjub),
        Case::new(
            "ct_mul_bandersnatch",
            Expect::ConstantTime,
            ct_mul_bandersnatch,
        ),
        Case::new(
            "ct_mul_baby_jubjub",
            Expect::ConstantTime,
            ct_mul_baby_jubjub,
        ),
        Case::new("ct_mul_grumpkin", Expect::ConstantTime, ct_mul_grumpkin),
        Case::new(
            "ct_mul_secret_point_grumpkin",
            Expect::ConstantTime,
            ct_mul_secret_point_grumpkin,
        ),
        Case::new(
            "ct_mul_bandersnatch_sw",
            Expect::ConstantTime,
            ct_mul_bandersnatch_sw,
        ),
        Case::new(
            "ct_fixed_base_jubjub",
            Expect::ConstantTime,
            ct_fixed_base_jubjub,
        ),
        Case::new(
            "ct_fixed_base_grumpkin",
            Expect::ConstantTime,
            ct_fixed_base_grumpkin,
        ),
        // Measurements of arkworks itself (see docs/ct-curves.md): its field
        // multiplication, squaring, addition and subtraction branch on the
        // final reduction as compiled; `into_bigint` happens not to.
        Case::new("arkworks_mul_bls12_381_fr", Expect::Leaks, ark_mul_bls_fr),
        Case::new("arkworks_mul_bn254_fr", Expect::Leaks, ark_mul_bn254_fr),
        Case::new(
            "arkworks_square_bn254_fr",
            Expect::Leaks,
            ark_square_bn254_fr,
        ),
        Case::new("arkworks_add_bn254_fr", Expect::Leaks, ark_add_bn254_fr),
        Case::new("arkworks_sub_bn254_fr", Expect::Leaks, ark_sub_bn254_fr),
        Case::new(
            "arkworks_into_bigint_bn254_fr",
            Expect::ConstantTime,
            ark_into_bigint_bn254_fr,
        ),
        Case::new(
            "arkworks_inverse_bn254_fr",
            Expect::Leaks,
            ark_inverse_bn254_fr,
        ),
        Case::new(
            "arkworks_scalar_mul_jubjub",
            Expect::Leaks,
            ark_scalar_mul_jubjub,
        ),
        Case::new(
            "arkworks_scalar_mul_grumpkin",
            Expect::Leaks,
            ark_scalar_mul_grumpkin,
        ),
    ])
}
