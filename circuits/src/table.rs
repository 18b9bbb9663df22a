//! The constraint-count table of `docs/circuits.md`.
//!
//! Counts are measured by synthesising each gadget (never typed in); the test
//! `tests/circuits_md.rs` renders them with [`render`] and checks the document
//! is current (`UMBRA_BLESS=1` rewrites it).

use alloc::{format, string::String};

/// One measured gadget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    /// Section of the table (one per primitive module, e.g. "Poseidon").
    pub section: &'static str,
    /// What was synthesised, with its parameters (e.g. "permutation, t = 3").
    pub gadget: String,
    /// Constraint field (e.g. "BLS12-381 Fr").
    pub field: &'static str,
    /// Number of R1CS constraints the gadget adds.
    pub constraints: usize,
    /// Published reference count and its source, or "—" when none exists.
    pub anchor: &'static str,
}

/// Marker lines delimiting the generated block in `docs/circuits.md`.
pub const BEGIN_MARKER: &str = "<!-- BEGIN GENERATED constraint-table (tests/circuits_md.rs) -->";
/// See [`BEGIN_MARKER`].
pub const END_MARKER: &str = "<!-- END GENERATED constraint-table -->";

/// Renders rows as a Markdown table, one sub-table per section, in input order.
pub fn render(rows: &[CountRow]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for row in rows {
        if current != Some(row.section) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&format!(
                "### {}\n\n| gadget | field | constraints | anchor |\n|---|---|---:|---|\n",
                row.section
            ));
            current = Some(row.section);
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            row.gadget, row.field, row.constraints, row.anchor
        ));
    }
    out
}

/// Replaces the generated block of `doc` with `table`; `None` if the markers
/// are missing or out of order.
pub fn splice(doc: &str, table: &str) -> Option<String> {
    let begin = doc.find(BEGIN_MARKER)? + BEGIN_MARKER.len();
    let end = doc.find(END_MARKER)?;
    if end < begin {
        return None;
    }
    Some(format!("{}\n{}{}", &doc[..begin], table, &doc[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn row(section: &'static str, n: usize) -> CountRow {
        CountRow {
            section,
            gadget: "g".to_string(),
            field: "F",
            constraints: n,
            anchor: "—",
        }
    }

    #[test]
    fn render_groups_sections_in_order() {
        let t = render(&[row("A", 1), row("A", 2), row("B", 3)]);
        assert_eq!(t.matches("### ").count(), 2);
        assert!(t.find("### A").unwrap() < t.find("### B").unwrap());
        assert!(t.contains("| g | F | 2 | — |"));
    }

    #[test]
    fn splice_replaces_only_the_block() {
        let doc = format!("head\n{BEGIN_MARKER}\nold\n{END_MARKER}\ntail\n");
        let new = splice(&doc, "new\n").unwrap();
        assert_eq!(
            new,
            format!("head\n{BEGIN_MARKER}\nnew\n{END_MARKER}\ntail\n")
        );
        assert!(splice("no markers", "x").is_none());
    }
}
