//! The Grumpkin instance of umbra-verkle on arbitrary bytes: `decode` never
//! panics and every string it accepts re-encodes to itself (the encoding is
//! canonical); multiproof and IPA parsing + verification never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use umbra_verkle::ipa::IpaProof;
use umbra_verkle::multiproof::{self, MultiProof, VerifierQuery};
use umbra_verkle::{Crs, Domain, Grumpkin, GrumpkinScalar as Fr, Transcript, VerkleGroup};

/// Width of the vectors in the fuzzed proofs (small, so verification is fast).
const WIDTH: usize = 16;

fn setup() -> &'static (Crs<Grumpkin>, Domain<Fr>) {
    static S: OnceLock<(Crs<Grumpkin>, Domain<Fr>)> = OnceLock::new();
    S.get_or_init(|| (Crs::with_size(WIDTH), Domain::new(WIDTH)))
}

fuzz_target!(|data: &[u8]| {
    let head: [u8; 32] = core::array::from_fn(|i| *data.get(i).unwrap_or(&0));
    let decoded = Grumpkin::decode(&head);
    if let Ok(p) = &decoded {
        assert_eq!(
            Grumpkin::encode(p),
            head,
            "decode accepted a non-canonical string"
        );
    }
    if data.len() < 33 {
        return;
    }
    let (crs, domain) = setup();
    let rest = &data[33..];
    if let (Ok(c), Ok(p)) = (decoded, MultiProof::<Grumpkin>::from_bytes(rest, WIDTH)) {
        let q = [VerifierQuery::<Grumpkin> {
            commitment: c,
            point: data[32] as usize,
            result: Fr::from(u64::from(data[32])),
        }];
        let _ = multiproof::verify(crs, domain, &mut Transcript::new(b"fuzz"), &q, &p);
    }
    let _ = IpaProof::<Grumpkin>::from_bytes(rest, WIDTH);
});
