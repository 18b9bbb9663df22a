//! Constant-time checks: values and blinding factors are secret; only the
//! commitment (public) is declassified. Run with `cargo ctgrind -p umbra-pedersen`.

use std::hint::black_box;
use std::process::ExitCode;

use subtle::ConstantTimeEq;
use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_pedersen::balance::excess_blinding;
use umbra_pedersen::sapling::{PedersenHasher, Personalization, pedersen_hash_to_point};
use umbra_pedersen::{
    Commitment, Generators, Grumpkin, Jubjub, Opening, PedersenGroup, Ristretto255, Secp256k1,
    VectorOpening,
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
    let _ = black_box(affine);
}

/// A note-commitment-sized message (value and trapdoor bits are secrets).
fn sapling_pedersen_hash() {
    let secret = secret_wide(9);
    let bits = secret
        .iter()
        .flat_map(|b| (0..8).map(move |i| (b >> i) & 1 == 1));
    let point = pedersen_hash_to_point(Personalization::NoteCommitment, bits);
    let affine = point.to_affine();
    declassify(&affine);
    let _ = black_box(affine);
}

/// The four generic cases for one group.
macro_rules! group_cases {
    ($name:literal, $g:ty) => {
        [
            Case::new(
                concat!($name, "_commit"),
                Expect::ConstantTime,
                commit::<$g>,
            ),
            Case::new(
                concat!($name, "_commit_amount"),
                Expect::ConstantTime,
                commit_amount::<$g>,
            ),
            Case::new(
                concat!($name, "_commit_vector"),
                Expect::ConstantTime,
                commit_vector::<$g>,
            ),
            Case::new(
                concat!($name, "_openings"),
                Expect::ConstantTime,
                openings_compare_and_sum::<$g>,
            ),
        ]
    };
}

/// The same with the reusable hasher's fixed-base tables.
fn sapling_pedersen_hasher() {
    let hasher = PedersenHasher::new(512);
    let secret = secret_wide(10);
    let bits = secret
        .iter()
        .flat_map(|b| (0..8).map(move |i| (b >> i) & 1 == 1));
    let affine = hasher
        .hash_to_point(Personalization::NoteCommitment, bits)
        .to_affine();
    declassify(&affine);
    let _ = black_box(affine);
}

fn main() -> ExitCode {
    let mut cases = Vec::new();
    cases.extend(group_cases!("ristretto255", Ristretto255));
    cases.extend(group_cases!("secp256k1", Secp256k1));
    cases.extend(group_cases!("jubjub", Jubjub));
    cases.extend(group_cases!("grumpkin", Grumpkin));
    cases.push(Case::new(
        "secp256k1_normalise",
        Expect::ConstantTime,
        secp256k1_normalise,
    ));
    cases.push(Case::new(
        "sapling_pedersen_hasher",
        Expect::ConstantTime,
        sapling_pedersen_hasher,
    ));
    cases.push(Case::new(
        "sapling_pedersen_hash",
        Expect::ConstantTime,
        sapling_pedersen_hash,
    ));
    umbra_ctgrind::run(&cases)
}
