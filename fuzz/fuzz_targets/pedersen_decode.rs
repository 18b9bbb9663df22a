//! Commitment decoding (Ristretto255, secp256k1, Jubjub, Grumpkin) never panics, accepts only canonical encodings (what
//! decodes re-encodes to the same bytes), and the homomorphism holds on
//! whatever decodes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_pedersen::{Commitment, Grumpkin, Jubjub, PedersenGroup, Ristretto255, Secp256k1};

fn check<G: PedersenGroup>(data: &[u8]) {
    let Ok(c) = Commitment::<G>::from_bytes(data) else {
        return;
    };
    assert_eq!(
        c.to_bytes().as_ref(),
        data,
        "non-canonical encoding accepted"
    );
    let doubled = c + c;
    assert_eq!(doubled, c.scale(&G::scalar_from_u64(2)));
    assert_eq!(doubled - c, c);
}

fuzz_target!(|data: &[u8]| {
    check::<Ristretto255>(data);
    check::<Secp256k1>(data);
    check::<Jubjub>(data);
    check::<Grumpkin>(data);
    // Exact-length windows, so the decoders see well-sized input most of the time.
    if data.len() > 33 {
        check::<Ristretto255>(&data[1..33]);
        check::<Secp256k1>(&data[..33]);
        check::<Jubjub>(&data[1..33]);
        check::<Grumpkin>(&data[1..33]);
    }
});
