//! Fixtures shared by the Banderwagon tests: the EIP-6800 committer and the
//! width-256 domain, each built once per test binary.
#![allow(dead_code)]

use std::sync::OnceLock;

use umbra_verkle::{Banderwagon, BanderwagonScalar, Committer, Crs, Domain};

/// The committer over the default 256-generator CRS.
pub fn committer() -> &'static Committer<Banderwagon> {
    static C: OnceLock<Committer<Banderwagon>> = OnceLock::new();
    C.get_or_init(|| Committer::new(Crs::new()))
}

/// The evaluation domain `0..256`.
pub fn domain() -> &'static Domain<BanderwagonScalar> {
    static D: OnceLock<Domain<BanderwagonScalar>> = OnceLock::new();
    D.get_or_init(|| Domain::new(256))
}
