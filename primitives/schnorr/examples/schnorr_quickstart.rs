//! The common path of each scheme in `umbra-schnorr`, in a few lines:
//! BIP-340 and RedJubjub sign, verify, and batch-verify (with an RNG and
//! deterministically), in the one batch shape of `docs/api.md`.
//!
//! `cargo run -p umbra-schnorr --example schnorr_quickstart`

use rand::SeedableRng;
use rand::rngs::StdRng;
use umbra_schnorr::{bip340, redjubjub};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Any rand_core 0.10 `CryptoRng`; seed it from the OS in real code.
    let mut rng = StdRng::seed_from_u64(1);

    // BIP-340: messages are signed raw (no pre-hash).
    let keys: Vec<bip340::SigningKey> = (0..3)
        .map(|_| bip340::SigningKey::generate(&mut rng))
        .collect();
    let msgs: [&[u8]; 3] = [b"one", b"two", b"three"];
    let sigs = keys
        .iter()
        .zip(msgs)
        .map(|(k, m)| k.sign_with_rng(&mut rng, m))
        .collect::<Result<Vec<_>, _>>()?;
    keys[0].verifying_key().verify_raw(msgs[0], &sigs[0])?;

    let items: Vec<bip340::BatchItem<'_>> = keys
        .iter()
        .zip(msgs)
        .zip(&sigs)
        .map(|((k, m), s)| bip340::BatchItem::new(k.verifying_key(), m, s))
        .collect();
    bip340::verify_batch(&mut rng, &items)?;
    bip340::verify_batch_deterministic(&items)?;
    assert!(bip340::find_invalid(&items).is_empty());

    // RedJubjub: SpendAuth and Binding signatures mix in one batch.
    let spend = redjubjub::SigningKey::<redjubjub::SpendAuth>::generate(&mut rng);
    let bind = redjubjub::SigningKey::<redjubjub::Binding>::generate(&mut rng);
    let s1 = spend.sign(&mut rng, b"spend");
    let s2 = bind.sign(&mut rng, b"bind");
    spend.verification_key().verify(b"spend", &s1)?;
    let items = [
        redjubjub::BatchItem::new(spend.verification_key(), b"spend", &s1),
        redjubjub::BatchItem::new(bind.verification_key(), b"bind", &s2),
    ];
    redjubjub::verify_batch(&mut rng, &items)?;
    redjubjub::verify_batch_deterministic(&items)?;

    // A bad item fails the batch with `BatchInvalid`; `find_invalid` names it.
    let bad = [
        items[0],
        redjubjub::BatchItem::new(bind.verification_key(), b"other", &s2),
    ];
    assert_eq!(
        redjubjub::verify_batch(&mut rng, &bad),
        Err(redjubjub::Error::BatchInvalid)
    );
    assert_eq!(redjubjub::find_invalid(&bad)[0].0, 1);
    println!("BIP-340 and RedJubjub: single and batch verification OK");
    Ok(())
}
