//! Generates the constraint table of `docs/circuits.md` from the gadgets and
//! fails when the document is stale. `UMBRA_BLESS=1 cargo test -p
//! umbra-circuits --test integration circuits_md -- --ignored` rewrites it (it is in the full
//! suite: `cargo test --workspace -- --ignored full_suite`).
//!
//! Each primitive contributes a file under `tests/rows/` with a
//! `rows() -> Vec<CountRow>` that synthesises its gadgets on fixed inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use umbra_circuits::table::{CountRow, render, splice};

/// One file per primitive under `tests/rows/`, each with
/// `pub fn rows() -> Vec<CountRow>` synthesising its gadgets on fixed inputs.
mod rows {
    pub mod ed25519_point;
    pub mod ed25519_verify;
    pub mod edwards;
    pub mod hash;
    pub mod pedersen;
    pub mod poseidon;
    pub mod redjubjub;
    pub mod schnorr;
    pub mod secp256k1;
    pub mod verkle;
    pub mod weierstrass;
}

/// Every module's rows, in the order the document lists them.
fn all_rows() -> Vec<CountRow> {
    #[allow(unused_mut)]
    let mut rows = Vec::new();
    rows.extend(rows::poseidon::rows());
    rows.extend(rows::edwards::rows());
    rows.extend(rows::pedersen::rows());
    rows.extend(rows::schnorr::rows());
    rows.extend(rows::redjubjub::rows());
    rows.extend(rows::verkle::rows());
    rows.extend(rows::weierstrass::rows());
    rows.extend(rows::hash::rows());
    rows.extend(rows::secp256k1::rows());
    rows.extend(rows::ed25519_point::rows());
    rows.extend(rows::ed25519_verify::rows());
    rows
}

#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_docs_circuits_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/circuits.md");
    let doc = std::fs::read_to_string(path).expect("docs/circuits.md exists");
    let fresh = splice(&doc, &render(&all_rows())).expect("generated-block markers present");
    if std::env::var_os("UMBRA_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    } else {
        assert!(
            doc == fresh,
            "docs/circuits.md is stale: rerun with UMBRA_BLESS=1 and commit the result"
        );
    }
}
