//! Typed errors of the `.kat` reader.

use core::fmt;

/// Why a `.kat` file or one of its values could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KatErrorKind {
    /// The file could not be read from disk.
    Io(String),
    /// The header has no `provenance:` line.
    MissingProvenance,
    /// A line is neither a comment, a `[kind]` header nor `key: value`.
    MalformedLine,
    /// A key appears twice in one record or in the header.
    DuplicateKey(String),
    /// A record lacks a field that the caller asked for.
    MissingField(String),
    /// A field is not valid hex.
    BadHex(String),
    /// A hex field has the wrong number of bytes.
    WrongLength {
        /// Field name.
        key: String,
        /// Expected byte length.
        expected: usize,
        /// Actual byte length.
        actual: usize,
    },
    /// A field is not `true`/`false` (or `valid`/`invalid`).
    BadBool(String),
    /// A field is not a decimal integer.
    BadInteger(String),
}

/// An error with the 1-based line it refers to (0 when not tied to a line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KatError {
    line: usize,
    kind: KatErrorKind,
}

impl KatError {
    pub(crate) fn new(line: usize, kind: KatErrorKind) -> Self {
        Self { line, kind }
    }

    /// The 1-based line number, or 0.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What went wrong.
    pub fn kind(&self) -> &KatErrorKind {
        &self.kind
    }
}

impl fmt::Display for KatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {:?}", self.line, self.kind)
    }
}

impl std::error::Error for KatError {}
