//! Umbra's known-answer files.
//!
//! Every file in `test-vectors/data/` is a `.kat` file: a header of
//! `key: value` lines that must include `provenance:` (the standard it
//! transcribes, or the independent implementation that confirmed it),
//! followed by records. A record starts with a `[kind]` line and holds
//! `key: value` fields. `#` starts a comment line; blank lines are ignored.
//!
//! ```text
//! provenance: FIPS 202, SHA3-256 examples (NIST CSRC)
//!
//! [sha3-256]
//! message: 616263
//! digest: 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532
//! flags: short
//! ```
//!
//! Values are strings; helpers decode hex, booleans, integers and the
//! comma-separated `flags` field. [`KatWriter`] writes the same format, for
//! fixtures the project generates (which must say which oracle confirmed
//! them).

#![forbid(unsafe_code)]

mod error;
mod format;
mod rng;
mod writer;

use std::path::PathBuf;

pub use error::{KatError, KatErrorKind};
pub use format::{KatFile, Record};
pub use rng::TestRng;
pub use writer::KatWriter;

/// The directory that holds the project's `.kat` files.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Loads and parses `test-vectors/data/<name>.kat`.
pub fn load(name: &str) -> Result<KatFile, KatError> {
    let path = data_dir().join(format!("{name}.kat"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| KatError::new(0, KatErrorKind::Io(format!("{}: {e}", path.display()))))?;
    KatFile::parse(&text)
}
