//! Parsing the `.kat` format.

use crate::error::{KatError, KatErrorKind};

/// A parsed `.kat` file: header fields and records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KatFile {
    header: Vec<(String, String)>,
    records: Vec<Record>,
}

/// One record: its `[kind]`, the line it starts on, and its fields in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    kind: String,
    line: usize,
    fields: Vec<(String, String)>,
}

fn split_field(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let valid_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    valid_key.then_some((key, value.trim()))
}

fn push_unique(
    fields: &mut Vec<(String, String)>,
    key: &str,
    value: &str,
    line: usize,
) -> Result<(), KatError> {
    if fields.iter().any(|(k, _)| k == key) {
        return Err(KatError::new(line, KatErrorKind::DuplicateKey(key.into())));
    }
    fields.push((key.into(), value.into()));
    Ok(())
}

impl KatFile {
    /// Parses the text of a `.kat` file.
    pub fn parse(text: &str) -> Result<Self, KatError> {
        let mut header = Vec::new();
        let mut records: Vec<Record> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(kind) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if kind.trim().is_empty() {
                    return Err(KatError::new(line_no, KatErrorKind::MalformedLine));
                }
                records.push(Record {
                    kind: kind.trim().into(),
                    line: line_no,
                    fields: Vec::new(),
                });
                continue;
            }
            let (key, value) =
                split_field(line).ok_or(KatError::new(line_no, KatErrorKind::MalformedLine))?;
            match records.last_mut() {
                Some(record) => push_unique(&mut record.fields, key, value, line_no)?,
                None => push_unique(&mut header, key, value, line_no)?,
            }
        }
        let file = Self { header, records };
        match file.header("provenance") {
            Some(p) if !p.is_empty() => Ok(file),
            _ => Err(KatError::new(0, KatErrorKind::MissingProvenance)),
        }
    }

    /// Where the vectors come from.
    pub fn provenance(&self) -> &str {
        self.header("provenance").unwrap_or_default()
    }

    /// A header field.
    pub fn header(&self, key: &str) -> Option<&str> {
        lookup(&self.header, key)
    }

    /// All records, in file order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The records of one `[kind]`.
    pub fn records_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Record> + 'a {
        self.records.iter().filter(move |r| r.kind == kind)
    }
}

fn lookup<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

impl Record {
    fn error(&self, kind: KatErrorKind) -> KatError {
        KatError::new(self.line, kind)
    }

    /// The record's `[kind]`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The line of its `[kind]` header, for error messages.
    pub fn line(&self) -> usize {
        self.line
    }

    /// All fields in file order.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// An optional field.
    pub fn opt(&self, key: &str) -> Option<&str> {
        lookup(&self.fields, key)
    }

    /// A required field.
    pub fn get(&self, key: &str) -> Result<&str, KatError> {
        self.opt(key)
            .ok_or_else(|| self.error(KatErrorKind::MissingField(key.into())))
    }

    /// A required hex field (empty value = empty bytes).
    pub fn hex(&self, key: &str) -> Result<Vec<u8>, KatError> {
        let value = self.get(key)?;
        hex::decode(value).map_err(|_| self.error(KatErrorKind::BadHex(key.into())))
    }

    /// A required hex field of exactly `N` bytes.
    pub fn hex_array<const N: usize>(&self, key: &str) -> Result<[u8; N], KatError> {
        let bytes = self.hex(key)?;
        let actual = bytes.len();
        bytes.try_into().map_err(|_| {
            self.error(KatErrorKind::WrongLength {
                key: key.into(),
                expected: N,
                actual,
            })
        })
    }

    /// A required boolean: `true`/`valid` or `false`/`invalid`.
    pub fn bool(&self, key: &str) -> Result<bool, KatError> {
        match self.get(key)? {
            "true" | "valid" | "TRUE" => Ok(true),
            "false" | "invalid" | "FALSE" => Ok(false),
            _ => Err(self.error(KatErrorKind::BadBool(key.into()))),
        }
    }

    /// A required unsigned decimal integer.
    pub fn u64(&self, key: &str) -> Result<u64, KatError> {
        self.get(key)?
            .parse()
            .map_err(|_| self.error(KatErrorKind::BadInteger(key.into())))
    }

    /// The comma-separated `flags` field; empty when absent.
    pub fn flags(&self) -> Vec<&str> {
        self.opt("flags")
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether `flags` contains `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags().contains(&flag)
    }
}
