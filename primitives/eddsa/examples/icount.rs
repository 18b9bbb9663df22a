//! Instruction counts, a noise-free complement to the criterion benches on
//! a shared machine. Run each operation `n` times under callgrind and
//! compare the `Collected` totals (subtract the `none` baseline):
//!
//! ```text
//! cargo build --release -p umbra-eddsa --example icount
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/icount umbra-verify 100
//! ```
//!
//! Operations: none, umbra-sign, dalek-sign, umbra-verify, dalek-verify,
//! umbra-strict, dalek-strict, umbra-zip215, zebra-zip215, umbra-batch64.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]
use std::hint::black_box;
use umbra_eddsa::SigningKey;
const MSG: &[u8] = b"Umbra benchmarks Ed25519 against ed25519-dalek and ed25519-zebra.";
fn main() {
    let which = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let seed = [0x17u8; 32];
    let sk = SigningKey::from_bytes(&seed);
    let vk = sk.verifying_key();
    let sig = sk.sign(MSG);
    let d_sk = ed25519_dalek::SigningKey::from_bytes(&seed);
    let d_vk = d_sk.verifying_key();
    let d_sig = ed25519_dalek::Signature::from_bytes(&sig.to_bytes());
    let z_sk = ed25519_zebra::SigningKey::from(seed);
    let z_vk = ed25519_zebra::VerificationKey::from(&z_sk);
    let z_sig = ed25519_zebra::Signature::from_bytes(&sig.to_bytes());
    let items: Vec<_> = (0..64u8)
        .map(|i| {
            let k = SigningKey::from_bytes(&[i; 32]);
            let m = vec![i; 40];
            let s = k.sign(&m);
            (k.verifying_key(), m, s)
        })
        .collect();
    struct R(u64);
    impl rand_core::TryRng for R {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(self.try_next_u64()? as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            Ok(self.0)
        }
        fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
            for c in d.chunks_mut(8) {
                let v = self.try_next_u64()?.to_le_bytes();
                c.copy_from_slice(&v[..c.len()]);
            }
            Ok(())
        }
    }
    impl rand_core::TryCryptoRng for R {}
    let mut rng = R(1);
    for _ in 0..n {
        match which.as_str() {
            "none" => {}
            "umbra-sign" => {
                black_box(black_box(&sk).sign(MSG));
            }
            "dalek-sign" => {
                use ed25519_dalek::Signer;
                black_box(black_box(&d_sk).sign(MSG));
            }
            "umbra-verify" => black_box(&vk).verify(MSG, &sig).unwrap(),
            "dalek-verify" => {
                use ed25519_dalek::Verifier;
                black_box(&d_vk).verify(MSG, &d_sig).unwrap()
            }
            "umbra-strict" => black_box(&vk).verify_strict(MSG, &sig).unwrap(),
            "dalek-strict" => black_box(&d_vk).verify_strict(MSG, &d_sig).unwrap(),
            "umbra-zip215" => black_box(&vk).verify_zip215(MSG, &sig).unwrap(),
            "zebra-zip215" => black_box(&z_vk).verify(&z_sig, MSG).unwrap(),
            "umbra-batch64" => {
                let b: Vec<umbra_eddsa::BatchItem<'_>> = items
                    .iter()
                    .map(|(v, m, s)| umbra_eddsa::BatchItem::new(v, m, s))
                    .collect();
                umbra_eddsa::verify_batch(&mut rng, &b).unwrap()
            }
            other => panic!("unknown operation {other}"),
        }
    }
}
