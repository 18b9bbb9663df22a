//! Constant-time checks: values and blinding factors are secret; only the
//! commitment (public) is declassified. Run with `cargo ctgrind -p umbra-pedersen`.

use std::hint::black_box;
use std::process::ExitCode;

use subtle::ConstantTimeEq;
use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_pedersen::balance::excess_blinding;
use umbra_pedersen::{
    Commitment, Generators, Opening, PedersenGroup, Ristretto255, Secp256k1, VectorOpening,
};

fn secret_wide(tag: u8) -> [u8; 64] {
    let mut bytes = [0u8; 64];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(31) ^ tag;
    }
    classify(&bytes);
    bytes
}

/// Commitments are public: declassify the group element, then encode it
/// (SEC1 encoding branches on the parity of y, which the encoding reveals).
fn publish<G: PedersenGroup>(c: &Commitment<G>) -> G::PointBytes {
    declassify(c.as_point());
    c.to_bytes()
}

fn commit<G: PedersenGroup>() {
    let gens = Generators::<G>::standard();
    let opening = Opening::<G>::new(
        G::scalar_from_wide(&secret_wide(1)),
        G::scalar_from_wide(&secret_wide(2)),
    );
    let c = publish(&Commitment::commit(&gens, &opening));
    black_box(c);
}

fn commit_amount<G: PedersenGroup>() {
    let gens = Generators::<G>::standard();
    let amount = 1_000_000u64 + black_box(7);
    classify(&amount);
    let opening = Opening::<G>::new(
        G::scalar_from_u64(amount),
        G::scalar_from_wide(&secret_wide(3)),
    );
    let c = publish(&Commitment::commit(&gens, &opening));
    black_box(c);
}

fn commit_vector<G: PedersenGroup>() {
    let gens = Generators::<G>::with_vector_len(8);
    let values = (0..8)
        .map(|i| G::scalar_from_wide(&secret_wide(10 + i)))
        .collect();
    let opening = VectorOpening::<G>::new(values, G::scalar_from_wide(&secret_wide(4)));
    let c = Commitment::commit_vector(&gens, &opening);
    declassify(&c.is_ok());
    black_box(c.map(|c| publish(&c)).is_ok());
}

fn openings_compare_and_sum<G: PedersenGroup>() {
    let a = Opening::<G>::new(
        G::scalar_from_wide(&secret_wide(5)),
        G::scalar_from_wide(&secret_wide(6)),
    );
    let b = Opening::<G>::new(
        G::scalar_from_wide(&secret_wide(7)),
        G::scalar_from_wide(&secret_wide(8)),
    );
    let eq = a.ct_eq(&b).unwrap_u8();
    let excess = G::scalar_to_bytes(&excess_blinding(&[a.clone(), b.clone()], &[a]));
    declassify(&eq);
    black_box((eq, excess));
}

/// Normalising the secret-dependent projective representation to affine
/// coordinates (a field inversion) is constant time too.
fn secp256k1_normalise() {
    let gens = Generators::<Secp256k1>::standard();
    let opening = Opening::<Secp256k1>::new(
        Secp256k1::scalar_from_wide(&secret_wide(1)),
        Secp256k1::scalar_from_wide(&secret_wide(2)),
    );
    let affine = Commitment::commit(&gens, &opening).as_point().to_affine();
    declassify(&affine);
    black_box(affine);
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new(
            "ristretto255_commit",
            Expect::ConstantTime,
            commit::<Ristretto255>,
        ),
        Case::new(
            "ristretto255_commit_amount",
            Expect::ConstantTime,
            commit_amount::<Ristretto255>,
        ),
        Case::new(
            "ristretto255_commit_vector",
            Expect::ConstantTime,
            commit_vector::<Ristretto255>,
        ),
        Case::new(
            "ristretto255_openings",
            Expect::ConstantTime,
            openings_compare_and_sum::<Ristretto255>,
        ),
        Case::new(
            "secp256k1_commit",
            Expect::ConstantTime,
            commit::<Secp256k1>,
        ),
        Case::new(
            "secp256k1_commit_amount",
            Expect::ConstantTime,
            commit_amount::<Secp256k1>,
        ),
        Case::new(
            "secp256k1_commit_vector",
            Expect::ConstantTime,
            commit_vector::<Secp256k1>,
        ),
        Case::new(
            "secp256k1_normalise",
            Expect::ConstantTime,
            secp256k1_normalise,
        ),
        Case::new(
            "secp256k1_openings",
            Expect::ConstantTime,
            openings_compare_and_sum::<Secp256k1>,
        ),
    ])
}
