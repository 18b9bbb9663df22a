//! The `.kat` reader: known answers, rejections, and every shipped file.

use sha3::{Digest, Keccak256, Sha3_256};
use umbra_test_vectors::{KatErrorKind, KatFile, KatWriter, data_dir, load};

#[test]
fn parses_header_records_flags_and_comments() {
    let text = "# comment\nprovenance: unit test\nformat: x\n\n[a]\nk: 0a0b\nflags: x, y\nok: valid\nn: 17\n[b]\nk:\n";
    let file = KatFile::parse(text).unwrap();
    assert_eq!(file.provenance(), "unit test");
    assert_eq!(file.header("format"), Some("x"));
    assert_eq!(file.records().len(), 2);
    let a = &file.records()[0];
    assert_eq!(a.kind(), "a");
    assert_eq!(a.line(), 5);
    assert_eq!(a.hex("k").unwrap(), vec![0x0a, 0x0b]);
    assert_eq!(a.hex_array::<2>("k").unwrap(), [0x0a, 0x0b]);
    assert_eq!(a.flags(), vec!["x", "y"]);
    assert!(a.has_flag("y") && !a.has_flag("z"));
    assert!(a.bool("ok").unwrap());
    assert_eq!(a.u64("n").unwrap(), 17);
    assert_eq!(file.records()[1].hex("k").unwrap(), Vec::<u8>::new());
    assert_eq!(file.records_of("b").count(), 1);
}

#[test]
fn rejects_malformed_input_with_typed_errors() {
    let kind = |t: &str| KatFile::parse(t).unwrap_err().kind().clone();
    assert_eq!(kind("[a]\nk: 1\n"), KatErrorKind::MissingProvenance);
    assert_eq!(kind("provenance:\n"), KatErrorKind::MissingProvenance);
    assert_eq!(
        kind("provenance: p\nno colon here\n"),
        KatErrorKind::MalformedLine
    );
    assert_eq!(kind("provenance: p\n[]\n"), KatErrorKind::MalformedLine);
    assert_eq!(
        kind("provenance: p\n[a]\nk: 1\nk: 2\n"),
        KatErrorKind::DuplicateKey("k".into())
    );
    let err = KatFile::parse("provenance: p\n[a]\nk: 1\nk: 2\n").unwrap_err();
    assert_eq!(err.line(), 4);

    let file = KatFile::parse("provenance: p\n[a]\nh: 0g\nw: 0102\nb: maybe\nn: -1\n").unwrap();
    let r = &file.records()[0];
    assert_eq!(
        *r.hex("h").unwrap_err().kind(),
        KatErrorKind::BadHex("h".into())
    );
    assert_eq!(
        *r.hex_array::<3>("w").unwrap_err().kind(),
        KatErrorKind::WrongLength {
            key: "w".into(),
            expected: 3,
            actual: 2
        }
    );
    assert_eq!(
        *r.bool("b").unwrap_err().kind(),
        KatErrorKind::BadBool("b".into())
    );
    assert_eq!(
        *r.u64("n").unwrap_err().kind(),
        KatErrorKind::BadInteger("n".into())
    );
    assert_eq!(
        *r.get("missing").unwrap_err().kind(),
        KatErrorKind::MissingField("missing".into())
    );
    assert!(matches!(
        load("no-such-file").unwrap_err().kind(),
        KatErrorKind::Io(_)
    ));
}

#[test]
fn writer_output_parses_back() {
    let mut w = KatWriter::new("line one\nline two");
    w.header("format", "f").comment("c1\nc2");
    w.record("r").field("a", "1").hex("b", &[0xff, 0]);
    w.record("r").field("flags", "p, q");
    let file = KatFile::parse(&w.finish()).unwrap();
    assert_eq!(file.provenance(), "line one line two");
    assert_eq!(file.records().len(), 2);
    assert_eq!(file.records()[0].hex("b").unwrap(), vec![0xff, 0]);
    assert_eq!(file.records()[1].flags(), vec!["p", "q"]);
}

/// Every shipped file parses and names its provenance.
#[test]
fn every_data_file_parses_with_provenance() {
    let mut count = 0;
    for entry in std::fs::read_dir(data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "kat") {
            let name = path.file_stem().unwrap().to_str().unwrap();
            let file = load(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!file.provenance().is_empty(), "{name}");
            assert!(!file.records().is_empty(), "{name} has no records");
            count += 1;
        }
    }
    assert!(count >= 1);
}

/// The SHA3 file is the loader's own end-to-end check against the `sha3` crate.
#[test]
fn sha3_known_answers() {
    let file = load("sha3").unwrap();
    let mut checked = 0;
    for r in file.records() {
        let msg = r.hex("message").unwrap();
        let want = r.hex_array::<32>("digest").unwrap();
        let got: [u8; 32] = match r.kind() {
            "sha3-256" => Sha3_256::digest(&msg).into(),
            "keccak-256" => Keccak256::digest(&msg).into(),
            other => panic!("unknown kind {other}"),
        };
        assert_eq!(got, want, "line {}", r.line());
        checked += 1;
    }
    assert_eq!(checked, 5);
}
