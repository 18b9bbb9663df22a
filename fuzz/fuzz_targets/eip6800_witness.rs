//! EIP-6800 execution-witness verification, two modes (bit 0 of the first
//! byte):
//!
//! * **raw** (0): a witness built field by field from the input (stems,
//!   suffixes, values, status bytes, other stems, commitments, the proof),
//!   checked against a root from the input: a typed error or a verdict,
//!   never a panic.
//! * **mutated real witness** (1): the Kaustinen6 block-72 witness from
//!   `test-vectors/data/eip6800-witnesses.kat` (it proves presence only, so
//!   every byte of it is bound) with input bytes XORed into its fields and
//!   the status bytes, stems or suffixes changed: the check must reject
//!   every change except to the `newValue`s, which the pre-state proof does
//!   not cover, and accept the untouched witness.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use umbra_verkle::eip6800::{
    self, ExecutionWitness, StemStateDiff, SuffixStateDiff, VerkleProof, WitnessIpaProof,
};
use umbra_verkle::{Banderwagon, BanderwagonScalar as Fr, Crs, Domain};

fn setup() -> &'static (Crs<Banderwagon>, Domain<Fr>) {
    static S: OnceLock<(Crs<Banderwagon>, Domain<Fr>)> = OnceLock::new();
    S.get_or_init(|| (Crs::new(), Domain::new(256)))
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn array<const N: usize>(&mut self) -> [u8; N] {
        core::array::from_fn(|_| self.byte())
    }
}

/// Block 72's witness and pre-state root, parsed once from the `.kat` file.
fn block72() -> &'static ([u8; 32], ExecutionWitness) {
    static W: OnceLock<([u8; 32], ExecutionWitness)> = OnceLock::new();
    W.get_or_init(|| {
        let text = include_str!("../../test-vectors/data/eip6800-witnesses.kat");
        let f = umbra_test_vectors::KatFile::parse(text).expect("kat");
        let name = "kaustinen6-block-72";
        let r = f
            .records_of("witness")
            .find(|r| r.get("name").ok() == Some(name))
            .expect("record");
        let list32 = |k: &str| -> Vec<[u8; 32]> {
            let s = r.get(k).expect("field");
            if s == "-" {
                return Vec::new();
            }
            s.split(',')
                .map(|x| eip6800::decode_hex_array(x).expect("hex"))
                .collect()
        };
        let mut state_diff: Vec<StemStateDiff> = Vec::new();
        for d in f.records_of("suffix-diff") {
            if d.get("witness").ok() != Some(name) {
                continue;
            }
            let stem: [u8; 31] = d.hex_array("stem").expect("stem");
            if state_diff.last().map(|s| s.stem) != Some(stem) {
                state_diff.push(StemStateDiff {
                    stem,
                    suffix_diffs: Vec::new(),
                });
            }
            let value = |k: &str| match d.get(k).expect("value") {
                "null" => None,
                s => Some(eip6800::decode_hex_array(s).expect("hex")),
            };
            state_diff
                .last_mut()
                .expect("stem")
                .suffix_diffs
                .push(SuffixStateDiff {
                    suffix: d.u64("suffix").expect("suffix") as u8,
                    current_value: value("current_value"),
                    new_value: value("new_value"),
                });
        }
        let w = ExecutionWitness {
            state_diff,
            verkle_proof: VerkleProof {
                other_stems: Vec::new(),
                depth_extension_present: r.hex("depth_extension_present").expect("des"),
                commitments_by_path: list32("commitments_by_path"),
                d: r.hex_array("d").expect("d"),
                ipa_proof: WitnessIpaProof {
                    cl: list32("cl").try_into().expect("cl"),
                    cr: list32("cr").try_into().expect("cr"),
                    final_evaluation: r.hex_array("final_evaluation").expect("a"),
                },
            },
        };
        (r.hex_array("pre_state_root").expect("root"), w)
    })
}

fn check(root: &[u8; 32], w: &ExecutionWitness) -> Result<(), eip6800::Error> {
    let (crs, domain) = setup();
    eip6800::check_execution_witness(crs, domain, root, w).map(|_| ())
}

fn raw(r: &mut Reader<'_>) {
    let n_stems = usize::from(r.byte() % 6);
    let state_diff = (0..n_stems)
        .map(|_| StemStateDiff {
            stem: r.array(),
            suffix_diffs: (0..usize::from(r.byte() % 4))
                .map(|_| SuffixStateDiff {
                    suffix: r.byte(),
                    current_value: (r.byte() & 1 == 1).then(|| r.array()),
                    new_value: None,
                })
                .collect(),
        })
        .collect();
    let depth_extension_present = (0..usize::from(r.byte() % 7)).map(|_| r.byte()).collect();
    let other_stems = (0..usize::from(r.byte() % 3)).map(|_| r.array()).collect();
    let commitments_by_path = (0..usize::from(r.byte() % 8)).map(|_| r.array()).collect();
    let root = r.array();
    let w = ExecutionWitness {
        state_diff,
        verkle_proof: VerkleProof {
            other_stems,
            depth_extension_present,
            commitments_by_path,
            d: r.array(),
            ipa_proof: WitnessIpaProof {
                cl: core::array::from_fn(|_| r.array()),
                cr: core::array::from_fn(|_| r.array()),
                final_evaluation: r.array(),
            },
        },
    };
    let _ = check(&root, &w);
}

fn mutated(r: &mut Reader<'_>) {
    let (root, base) = block72();
    let mut w = base.clone();
    let mut changed = false;
    // Up to four edits, each: a target selector, a position, an XOR mask.
    for _ in 0..1 + r.byte() % 4 {
        let target = r.byte() % 8;
        let pos = usize::from(r.byte());
        let mask = r.byte();
        if mask == 0 {
            continue;
        }
        let vp = &mut w.verkle_proof;
        let n_c = vp.commitments_by_path.len();
        match target {
            0 => vp.d[pos % 32] ^= mask,
            1 => vp.ipa_proof.cl[pos % 8][usize::from(mask) % 32] ^= 1 << (pos % 8),
            2 => vp.ipa_proof.cr[pos % 8][usize::from(mask) % 32] ^= 1 << (pos % 8),
            3 => vp.ipa_proof.final_evaluation[pos % 32] ^= mask,
            4 => vp.commitments_by_path[pos % n_c][usize::from(mask) % 32] ^= 1 << (pos % 8),
            5 => {
                let n = vp.depth_extension_present.len();
                vp.depth_extension_present[pos % n] ^= mask;
            }
            6 => {
                let s = pos % w.state_diff.len();
                w.state_diff[s].stem[usize::from(mask) % 31] ^= 1 << (pos % 8);
            }
            _ => {
                let s = pos % w.state_diff.len();
                let sd = &mut w.state_diff[s].suffix_diffs;
                let k = usize::from(mask) % sd.len();
                match sd[k].current_value.as_mut() {
                    Some(v) => v[pos % 32] ^= mask,
                    None => sd[k].current_value = Some([mask; 32]),
                }
            }
        }
        changed = true;
    }
    // newValues are outside the pre-state proof: changing them is allowed.
    if let Some(v) = w.state_diff[0].suffix_diffs[0].new_value.as_mut() {
        v[0] ^= r.byte();
    }
    let verdict = check(root, &w);
    let same = w.state_diff.iter().zip(&base.state_diff).all(|(a, b)| {
        a.stem == b.stem
            && a.suffix_diffs.len() == b.suffix_diffs.len()
            && a.suffix_diffs
                .iter()
                .zip(&b.suffix_diffs)
                .all(|(x, y)| x.suffix == y.suffix && x.current_value == y.current_value)
    }) && w.verkle_proof == base.verkle_proof;
    if same {
        assert!(verdict.is_ok(), "the real witness must verify: {verdict:?}");
    } else {
        assert!(changed);
        assert!(verdict.is_err(), "a changed witness verified");
    }
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader(data.get(1..).unwrap_or(&[]));
    match data.first() {
        Some(b) if b & 1 == 1 => mutated(&mut r),
        _ => raw(&mut r),
    }
});
