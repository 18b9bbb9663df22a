//! Constant-time checks for BIP-340 under valgrind: key derivation, signing
//! and secret-key tweaking run with the secret key (and nonce material
//! derived from it) marked undefined; only public outputs are declassified.
//! Run with `cargo ctgrind -p umbra-schnorr`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::ExitCode;

use umbra_ctgrind::{Case, Expect, classify, declassify};
use umbra_schnorr::bip340::SigningKey;

const SECRET: [u8; 32] = [
    0xb7, 0xe1, 0x51, 0x62, 0x8a, 0xed, 0x2a, 0x6a, 0xbf, 0x71, 0x58, 0x80, 0x9c, 0xf4, 0xf3, 0xc7,
    0x62, 0xe7, 0x16, 0x0f, 0x38, 0xb4, 0xda, 0x56, 0xa7, 0x84, 0xd9, 0x04, 0x51, 0x90, 0xcf, 0xef,
];

/// A key derived from classified bytes; the validity bit and the public key
/// are public by design and declassified.
fn secret_key() -> SigningKey {
    let secret = SECRET;
    classify(&secret);
    let (key, valid) = SigningKey::from_bytes_ct(&secret);
    let valid = valid.unwrap_u8();
    declassify(&valid);
    assert_eq!(valid, 1);
    declassify(key.verifying_key());
    key
}

fn keygen() {
    let key = secret_key();
    black_box(key.verifying_key().to_bytes());
}

fn keygen_invalid_key_is_constant_time_too() {
    // n itself: invalid, must be detected without branching.
    let mut n = [0xffu8; 32];
    n[15] = 0xfe;
    n[16..].copy_from_slice(&[
        0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41,
        0x41,
    ]);
    classify(&n);
    let (_, valid) = SigningKey::from_bytes_ct(&n);
    let valid = valid.unwrap_u8();
    declassify(&valid);
    assert_eq!(valid, 0);
}

fn sign() {
    let key = secret_key();
    let aux = [0x5au8; 32];
    classify(&aux);
    let msg = b"constant-time BIP-340 signing";
    let (sig, ok) = key.sign_raw(msg, &aux);
    let ok = ok.unwrap_u8();
    declassify(&sig);
    declassify(&ok);
    assert_eq!(ok, 1);
    black_box(sig);
}

fn sign_empty_and_long_messages() {
    let key = secret_key();
    let aux = [0u8; 32];
    for msg in [&[][..], &[0x99u8; 100][..]] {
        let (sig, ok) = key.sign_raw(msg, &aux);
        let ok = ok.unwrap_u8();
        declassify(&sig);
        declassify(&ok);
        black_box((sig, ok));
    }
}

fn tweak() {
    let key = secret_key();
    let root = [0x11u8; 32];
    let t = key.verifying_key().tap_tweak_hash(Some(&root));
    let (tweaked, valid) = key.add_tweak_ct(&t).unwrap();
    let valid = valid.unwrap_u8();
    declassify(&valid);
    declassify(tweaked.verifying_key());
    assert_eq!(valid, 1);
    let (sig, ok) = tweaked.sign_raw(b"tweaked", &[1u8; 32]);
    declassify(&sig);
    declassify(&ok);
    black_box(sig);
}

fn secret_key_equality() {
    use subtle::ConstantTimeEq;
    let a = secret_key();
    let b = secret_key();
    let eq = a.ct_eq(&b).unwrap_u8();
    declassify(&eq);
    assert_eq!(eq, 1);
}

/// The harness must still bite: an early-exit compare of secret bytes.
fn leaky_secret_compare() {
    let key = secret_key();
    let bytes = key.to_bytes();
    let mut first_nonzero = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b != 0 {
            first_nonzero = i;
            break;
        }
    }
    black_box(first_nonzero);
}

/// RedJubjub cases: secret scalars, randomisers and signing randomness are
/// classified; verification keys, signatures and validity bits are public.
#[cfg(feature = "redjubjub")]
mod redjubjub_cases {
    use core::convert::Infallible;
    use std::hint::black_box;

    use rand_core::{TryCryptoRng, TryRng};
    use subtle::ConstantTimeEq;
    use umbra_ctgrind::{classify, declassify};
    use umbra_schnorr::redjubjub::{Binding, Randomizer, SigType, SigningKey, SpendAuth};

    /// A counter RNG whose every output byte is classified secret.
    struct SecretRng(u8);

    impl TryRng for SecretRng {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            let mut b = [0u8; 4];
            self.try_fill_bytes(&mut b)?;
            Ok(u32::from_le_bytes(b))
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            let mut b = [0u8; 8];
            self.try_fill_bytes(&mut b)?;
            Ok(u64::from_le_bytes(b))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            for d in dst.iter_mut() {
                self.0 = self.0.wrapping_mul(29).wrapping_add(101);
                *d = self.0;
            }
            classify(dst);
            Ok(())
        }
    }

    impl TryCryptoRng for SecretRng {}

    fn key<T: SigType>() -> SigningKey<T> {
        let mut secret = [0x3cu8; 32];
        secret[31] = 0x05;
        classify(&secret);
        let (key, valid) = SigningKey::<T>::from_bytes_ct(&secret);
        let valid = valid.unwrap_u8();
        declassify(&valid);
        assert_eq!(valid, 1);
        declassify(key.verification_key());
        key
    }

    pub fn keygen_from_bytes() {
        black_box(key::<SpendAuth>().verification_key().to_bytes());
        black_box(key::<Binding>().verification_key().to_bytes());
    }

    pub fn keygen_invalid() {
        let secret = [0xffu8; 32];
        classify(&secret);
        let (_, valid) = SigningKey::<SpendAuth>::from_bytes_ct(&secret);
        let valid = valid.unwrap_u8();
        declassify(&valid);
        assert_eq!(valid, 0);
    }

    pub fn keygen_random() {
        let key = SigningKey::<Binding>::generate(&mut SecretRng(7));
        declassify(key.verification_key());
        black_box(key.verification_key().to_bytes());
    }

    fn sign_with<T: SigType>() {
        let key = key::<T>();
        for msg in [&b""[..], &[0x42u8; 100][..]] {
            let mut randomness = [0u8; 80];
            SecretRng(3).try_fill_bytes(&mut randomness).unwrap();
            let sig = key.sign_with_randomness(&randomness, msg);
            declassify(&sig);
            black_box(sig.to_bytes());
            let sig = key.sign(&mut SecretRng(9), msg);
            declassify(&sig);
            black_box(sig.to_bytes());
        }
    }

    pub fn sign() {
        sign_with::<SpendAuth>();
        sign_with::<Binding>();
    }

    pub fn randomize_and_sign() {
        let key = key::<SpendAuth>();
        let alpha = Randomizer::generate(&mut SecretRng(11));
        let rsk = key.randomize(&alpha);
        let rk = key.verification_key().randomize(&alpha);
        declassify(rsk.verification_key());
        declassify(&rk);
        assert_eq!(rsk.verification_key(), &rk);
        let sig = rsk.sign(&mut SecretRng(13), b"randomized");
        declassify(&sig);
        black_box(sig.to_bytes());
    }

    pub fn secret_ct_eq() {
        let a = key::<SpendAuth>();
        let b = key::<SpendAuth>();
        let eq = a.ct_eq(&b).unwrap_u8();
        declassify(&eq);
        assert_eq!(eq, 1);
    }
}

/// Schnorr with a Poseidon challenge: secret key, aux randomness and the
/// message are classified; the verifying key, the signature and the nonce
/// validity bit are public.
#[cfg(feature = "poseidon-schnorr")]
mod poseidon_schnorr_cases {
    use std::hint::black_box;

    use subtle::ConstantTimeEq;
    use umbra_ctgrind::{classify, declassify};
    use umbra_schnorr::poseidon_schnorr::{BabyJubjub, Curve, Jubjub, PoseidonSchnorr, SigningKey};

    fn key<C: Curve>() -> SigningKey<C> {
        let mut secret = [0x3cu8; 32];
        secret[31] = 0x05;
        classify(&secret);
        let (key, valid) = SigningKey::<C>::from_bytes_ct(&secret);
        let valid = valid.unwrap_u8();
        declassify(&valid);
        assert_eq!(valid, 1);
        declassify(key.verifying_key());
        key
    }

    pub fn keygen_invalid() {
        for secret in [[0xffu8; 32], [0u8; 32]] {
            classify(&secret);
            let (_, valid) = SigningKey::<Jubjub>::from_bytes_ct(&secret);
            let valid = valid.unwrap_u8();
            declassify(&valid);
            assert_eq!(valid, 0);
        }
    }

    fn sign_with<C: Curve>() {
        let scheme = PoseidonSchnorr::<C>::new().unwrap();
        let key = key::<C>();
        black_box(key.verifying_key().to_bytes());
        for len in [0usize, 1, 5] {
            let msg: Vec<C::Base> = (0..len as u64).map(|i| C::Base::from(i + 17)).collect();
            classify(&msg[..]);
            let aux = [0xa5u8; 32];
            classify(&aux);
            let (sig, ok) = scheme.sign_ct(&key, &msg, &aux);
            let ok = ok.unwrap_u8();
            declassify(&ok);
            declassify(&sig);
            assert_eq!(ok, 1);
            black_box(sig.to_bytes());
        }
    }

    pub fn sign_jubjub() {
        sign_with::<Jubjub>();
    }

    pub fn sign_baby_jubjub() {
        sign_with::<BabyJubjub>();
    }

    pub fn secret_ct_eq() {
        let a = key::<BabyJubjub>();
        let b = key::<BabyJubjub>();
        let eq = a.ct_eq(&b).unwrap_u8();
        declassify(&eq);
        assert_eq!(eq, 1);
    }
}

fn main() -> ExitCode {
    umbra_ctgrind::run(&[
        Case::new("bip340_keygen", Expect::ConstantTime, keygen),
        Case::new(
            "bip340_keygen_invalid",
            Expect::ConstantTime,
            keygen_invalid_key_is_constant_time_too,
        ),
        Case::new("bip340_sign", Expect::ConstantTime, sign),
        Case::new(
            "bip340_sign_msg_lengths",
            Expect::ConstantTime,
            sign_empty_and_long_messages,
        ),
        Case::new("bip340_tweak_and_sign", Expect::ConstantTime, tweak),
        Case::new(
            "bip340_secret_ct_eq",
            Expect::ConstantTime,
            secret_key_equality,
        ),
        #[cfg(feature = "redjubjub")]
        Case::new(
            "redjubjub_keygen_from_bytes",
            Expect::ConstantTime,
            redjubjub_cases::keygen_from_bytes,
        ),
        #[cfg(feature = "redjubjub")]
        Case::new(
            "redjubjub_keygen_invalid",
            Expect::ConstantTime,
            redjubjub_cases::keygen_invalid,
        ),
        #[cfg(feature = "redjubjub")]
        Case::new(
            "redjubjub_keygen_random",
            Expect::ConstantTime,
            redjubjub_cases::keygen_random,
        ),
        #[cfg(feature = "redjubjub")]
        Case::new(
            "redjubjub_sign",
            Expect::ConstantTime,
            redjubjub_cases::sign,
        ),
        #[cfg(feature = "redjubjub")]
        Case::new(
            "redjubjub_randomize_and_sign",
            Expect::ConstantTime,
            redjubjub_cases::randomize_and_sign,
        ),
        #[cfg(feature = "redjubjub")]
        Case::new(
            "redjubjub_secret_ct_eq",
            Expect::ConstantTime,
            redjubjub_cases::secret_ct_eq,
        ),
        #[cfg(feature = "poseidon-schnorr")]
        Case::new(
            "poseidon_schnorr_keygen_invalid",
            Expect::ConstantTime,
            poseidon_schnorr_cases::keygen_invalid,
        ),
        #[cfg(feature = "poseidon-schnorr")]
        Case::new(
            "poseidon_schnorr_sign_jubjub",
            Expect::ConstantTime,
            poseidon_schnorr_cases::sign_jubjub,
        ),
        #[cfg(feature = "poseidon-schnorr")]
        Case::new(
            "poseidon_schnorr_sign_baby_jubjub",
            Expect::ConstantTime,
            poseidon_schnorr_cases::sign_baby_jubjub,
        ),
        #[cfg(feature = "poseidon-schnorr")]
        Case::new(
            "poseidon_schnorr_secret_ct_eq",
            Expect::ConstantTime,
            poseidon_schnorr_cases::secret_ct_eq,
        ),
        Case::new("leaky_secret_compare", Expect::Leaks, leaky_secret_compare),
    ])
}
