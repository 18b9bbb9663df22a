//! The common path of `umbra-eddsa` in a few lines: sign, verify under an
//! explicit rule, batch-verify (with an RNG and deterministically) in the
//! one batch shape of `docs/api.md`.
//!
//! `cargo run -p umbra-eddsa --example eddsa_quickstart`

use rand::SeedableRng;
use rand::rngs::StdRng;
use umbra_eddsa::{
    BatchItem, Rule, SigningKey, find_invalid, verify_batch, verify_batch_deterministic,
};

fn main() -> Result<(), umbra_eddsa::Error> {
    // Any rand_core 0.10 `CryptoRng`; seed it from the OS in real code.
    let mut rng = StdRng::seed_from_u64(1);
    let sk = SigningKey::generate(&mut rng);
    let vk = sk.verifying_key();
    let sig = sk.sign(b"hello");
    vk.verify(b"hello", &sig)?; // RFC 8032
    vk.verify_with(Rule::Strict, b"hello", &sig)?;

    let sk2 = SigningKey::generate(&mut rng);
    let (vk2, sig2) = (sk2.verifying_key(), sk2.sign(b"world"));
    let items = [
        BatchItem::new(&vk, b"hello", &sig),
        BatchItem::new(&vk2, b"world", &sig2),
    ];
    verify_batch(&mut rng, &items)?; // ZIP-215 rule, cofactored
    verify_batch_deterministic(&items)?; // no RNG needed (e.g. in a guest)

    let bad = [items[0], BatchItem::new(&vk2, b"hello", &sig2)];
    assert!(verify_batch(&mut rng, &bad).is_err());
    assert_eq!(find_invalid(&bad)[0].0, 1);
    println!("Ed25519: single and batch verification OK");
    Ok(())
}
