//! Tree-proof, multiproof and IPA decoding + verification on arbitrary
//! bytes: must never panic. (No assertion on the verdict: some byte strings
//! are genuinely valid, e.g. the all-zero proof of absence in the empty
//! tree, whose root encodes as 32 zero bytes.)
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use umbra_verkle::ipa::IpaProof;
use umbra_verkle::multiproof::{self, MultiProof, VerifierQuery};
use umbra_verkle::tree_proof;
use umbra_verkle::{Banderwagon, BanderwagonScalar as Fr, Crs, Domain, Transcript, VerkleGroup};

fn setup() -> &'static (Crs<Banderwagon>, Domain<Fr>) {
    static S: OnceLock<(Crs<Banderwagon>, Domain<Fr>)> = OnceLock::new();
    S.get_or_init(|| (Crs::new(), Domain::new(256)))
}

fuzz_target!(|data: &[u8]| {
    let (crs, domain) = setup();
    if data.len() < 33 {
        let _ = Banderwagon::decode(&core::array::from_fn(|i| *data.get(i).unwrap_or(&0)));
        return;
    }
    // first 32 bytes: a root; byte 32: number of claimed keys (0..4); then
    // the claims (32-byte key, 1 presence byte, 32-byte value) and the proof.
    let mut root = [0u8; 32];
    root.copy_from_slice(&data[..32]);
    let n = (data[32] % 4) as usize;
    let mut rest = &data[33..];
    let mut entries = Vec::new();
    for _ in 0..n {
        if rest.len() < 65 {
            break;
        }
        let mut k = [0u8; 32];
        k.copy_from_slice(&rest[..32]);
        let mut v = [0u8; 32];
        v.copy_from_slice(&rest[33..65]);
        entries.push((k, if rest[32] & 1 == 1 { Some(v) } else { None }));
        rest = &rest[65..];
    }
    let _ = tree_proof::verify_bytes::<Banderwagon>(crs, domain, &root, &entries, rest);

    // the same bytes as a bare multiproof for one query, and as an IPA proof
    if let Ok(p) = MultiProof::<Banderwagon>::from_bytes(rest, 256) {
        if let Ok(c) = Banderwagon::decode(&root) {
            let q = [VerifierQuery::<Banderwagon> {
                commitment: c,
                point: data[32] as usize,
                result: Fr::from(data[0] as u64),
            }];
            let _ = multiproof::verify(crs, domain, &mut Transcript::new(b"fuzz"), &q, &p);
        }
    }
    let _ = IpaProof::<Banderwagon>::from_bytes(rest, 256);
});
