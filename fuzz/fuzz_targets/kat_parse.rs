//! The `.kat` reader never panics, and whatever it accepts survives a
//! write/parse round trip through `KatWriter`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_test_vectors::{KatFile, KatWriter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = KatFile::parse(text) else {
        return;
    };
    let mut w = KatWriter::new(file.provenance());
    for r in file.records() {
        w.record(r.kind());
        for (k, v) in r.fields() {
            w.field(k, v);
            let _ = r.hex(k);
            let _ = r.bool(k);
            let _ = r.u64(k);
        }
        let _ = r.flags();
    }
    let again = KatFile::parse(&w.finish()).expect("writer output must parse");
    assert_eq!(again.records().len(), file.records().len());
    for (a, b) in again.records().iter().zip(file.records()) {
        assert_eq!(a.kind(), b.kind());
        assert_eq!(a.fields(), b.fields());
    }
});
