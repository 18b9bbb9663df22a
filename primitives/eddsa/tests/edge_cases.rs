//! The project's flag-tagged Ed25519 edge-case suite
//! (test-vectors/data/ed25519-edge-cases.kat).
//!
//! `generate()` builds every case deterministically from curve arithmetic
//! (curve25519-dalek's point and scalar operations, never this crate's
//! verifier), tags it with flags describing its encodings, orders and which
//! equations hold, and derives the expected verdict of each rule *from the
//! flags alone* (`spec_*`). The tests then check:
//!
//! 1. the committed file equals a fresh regeneration (run with
//!    `UMBRA_REGEN_KAT=1` to rewrite it after an intentional change);
//! 2. each rule of `umbra-eddsa` gives the verdict the flags imply;
//! 3. ed25519-dalek (`verify`, `verify_strict`) and ed25519-zebra give the
//!    verdict of their own documented rule (`model_*`); where that model
//!    differs from ours the record carries a `note:`;
//! 4. a batch holding the case (among valid signatures) is accepted iff
//!    `verify_zip215` accepts the case.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::fmt::Write as _;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT as B;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;
use sha2::{Digest, Sha512};
use umbra_eddsa::batch::{BatchItem, find_invalid, verify_batch, verify_batch_deterministic};
use umbra_eddsa::{Rule, Signature, SigningKey, VerifyingKey};

/// ℓ = 2²⁵² + 27742317777372353535851937790883648493, little-endian.
const ELL: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

fn add_le(a: &[u8; 32], b: &[u8; 32]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = v as u8;
        carry = v >> 8;
    }
    (carry == 0).then_some(out)
}

fn k_of(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let mut h = Sha512::new();
    h.update(r);
    h.update(a);
    h.update(msg);
    Scalar::from_bytes_mod_order_wide(&h.finalize().into())
}

fn hash_scalar(label: &str) -> Scalar {
    Scalar::from_bytes_mod_order_wide(&Sha512::digest(label.as_bytes()).into())
}

fn decode(b: &[u8; 32]) -> Option<EdwardsPoint> {
    CompressedEdwardsY(*b).decompress()
}

/// Canonical iff re-encoding the decoded point gives the same bytes
/// (independent of the crate's byte-level check).
fn canonical_by_roundtrip(b: &[u8; 32]) -> bool {
    decode(b).is_some_and(|p| p.compress().to_bytes() == *b)
}

fn order_of_torsion(p: &EdwardsPoint) -> u32 {
    let mut q = *p;
    for n in [1u32, 2, 4, 8] {
        if q.is_identity() {
            return n;
        }
        q = q + q;
        let _ = n;
    }
    // Not a torsion point.
    0
}

/// The eight small-order points [i]T, i = 0..8, for a point T of order 8
/// obtained as [ℓ]P (the torsion component of a hashed point P).
fn torsion() -> Vec<EdwardsPoint> {
    let minus_one = -Scalar::ONE; // ℓ − 1 as an integer
    for i in 0u32.. {
        let h: [u8; 64] = Sha512::digest(format!("umbra torsion {i}")).into();
        let Some(p) = decode(&h[..32].try_into().unwrap()) else {
            continue;
        };
        let t = p * minus_one + p; // [ℓ]P
        if order_of_torsion(&t) == 8 {
            let mut out = vec![EdwardsPoint::default()];
            for j in 1..8 {
                out.push(out[j - 1] + t);
            }
            return out;
        }
    }
    unreachable!()
}

/// Every encoding that is not canonical but still decodes: y ∈ [p, 2²⁵⁵)
/// with either sign bit, and x = 0 (y = 1, y = p − 1) with the sign bit set.
fn non_canonical_decodable() -> Vec<[u8; 32]> {
    let mut cands = Vec::new();
    for low in 0u8..19 {
        for sign in [0u8, 0x80] {
            let mut b = [0xffu8; 32];
            b[0] = 0xed + low;
            b[31] = 0x7f | sign;
            cands.push(b);
        }
    }
    let mut one = [0u8; 32];
    one[0] = 1;
    one[31] = 0x80;
    cands.push(one);
    let mut minus_one = [0xffu8; 32];
    minus_one[0] = 0xec;
    cands.push(minus_one); // byte 31 = 0xff: y = p − 1, sign bit set
    cands
        .into_iter()
        .filter(|b| decode(b).is_some() && !canonical_by_roundtrip(b))
        .collect()
}

struct Case {
    name: String,
    a: [u8; 32],
    msg: Vec<u8>,
    sig: [u8; 64],
    flags: Vec<&'static str>,
}

fn sig_of(r: &[u8; 32], s: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(r);
    out[32..].copy_from_slice(s);
    out
}

/// Flags from the bytes, by curve arithmetic only.
fn classify(a: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Vec<&'static str> {
    let r: [u8; 32] = sig[..32].try_into().unwrap();
    let s: [u8; 32] = sig[32..].try_into().unwrap();
    let mut f = Vec::new();
    let pa = decode(a);
    let pr = decode(&r);
    for (p, b, tag) in [(pa, a, "a"), (pr, &r, "r")] {
        match p {
            None => f.push(if tag == "a" {
                "a-undecodable"
            } else {
                "r-undecodable"
            }),
            Some(p) => {
                let pick = |x: &'static str, y: &'static str| if tag == "a" { x } else { y };
                if !canonical_by_roundtrip(b) {
                    f.push(pick("a-non-canonical", "r-non-canonical"));
                }
                if p.is_identity() {
                    f.push(pick("a-identity", "r-identity"));
                }
                if p.is_small_order() {
                    f.push(pick("a-small-order", "r-small-order"));
                } else if !p.is_torsion_free() {
                    f.push(pick("a-mixed-order", "r-mixed-order"));
                }
            }
        }
    }
    if Option::<Scalar>::from(Scalar::from_canonical_bytes(s)).is_none() {
        f.push("s-non-canonical");
        if s[31] & 0xe0 != 0 {
            f.push("s-high-bits");
        }
    }
    if let (Some(pa), Some(pr)) = (pa, pr) {
        // The equations with S taken modulo ℓ and k over the bytes as given.
        let s_red = Scalar::from_bytes_mod_order(s);
        let k = k_of(&r, a, msg);
        let diff = B * s_red - pr - pa * k;
        if diff.is_identity() {
            f.push("cofactorless");
        }
        if diff.mul_by_cofactor().is_identity() {
            f.push("cofactored");
        }
    }
    f
}

fn has(flags: &[&str], f: &str) -> bool {
    flags.contains(&f)
}

fn decodes(f: &[&str]) -> bool {
    !has(f, "a-undecodable") && !has(f, "r-undecodable")
}

/// RFC 8032 §5.1.7 with cofactorless check.
fn spec_rfc8032(f: &[&str]) -> bool {
    decodes(f)
        && !has(f, "a-non-canonical")
        && !has(f, "r-non-canonical")
        && !has(f, "s-non-canonical")
        && has(f, "cofactorless")
}

fn spec_strict(f: &[&str]) -> bool {
    spec_rfc8032(f) && !has(f, "a-small-order") && !has(f, "r-small-order")
}

fn spec_zip215(f: &[&str]) -> bool {
    decodes(f) && !has(f, "s-non-canonical") && has(f, "cofactored")
}

/// ed25519-dalek `verify`: A need only decode (the hash uses its bytes), R
/// is compared as bytes with the canonical encoding of [S]B − [k]A.
fn model_dalek_verify(f: &[&str]) -> bool {
    decodes(f) && !has(f, "r-non-canonical") && !has(f, "s-non-canonical") && has(f, "cofactorless")
}

fn model_dalek_strict(f: &[&str]) -> bool {
    model_dalek_verify(f) && !has(f, "a-small-order") && !has(f, "r-small-order")
}

fn model_zebra(f: &[&str]) -> bool {
    spec_zip215(f)
}

fn verdict(b: bool) -> &'static str {
    if b { "accept" } else { "reject" }
}

struct Gen {
    cases: Vec<Case>,
    key: SigningKey,
    t: Vec<EdwardsPoint>,
}

impl Gen {
    fn push(&mut self, name: String, a: [u8; 32], msg: Vec<u8>, sig: [u8; 64]) {
        let flags = classify(&a, &msg, &sig);
        self.cases.push(Case {
            name,
            a,
            msg,
            sig,
            flags,
        });
    }

    fn a_bytes(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// A signature by the key `a` (scalar) with public bytes `a_bytes`,
    /// nonce point R = [r]B + `r_torsion`, on `msg`.
    fn sign_with(
        &self,
        a_scalar: Scalar,
        a_bytes: &[u8; 32],
        r: Scalar,
        r_torsion: EdwardsPoint,
        msg: &[u8],
    ) -> [u8; 64] {
        let big_r = (B * r + r_torsion).compress().to_bytes();
        let k = k_of(&big_r, a_bytes, msg);
        sig_of(&big_r, &(r + k * a_scalar).to_bytes())
    }

    /// Searches messages for a small-order R (from `rs`, as bytes) and S = 0
    /// such that the cofactorless equation `0 = R + [k]A` holds (`want`) or
    /// fails (`!want`).
    fn small_sig(
        &self,
        family: &str,
        a: &[u8; 32],
        rs: &[[u8; 32]],
        want: bool,
    ) -> (Vec<u8>, [u8; 64]) {
        let pa = decode(a).unwrap();
        for c in 0u32..10_000 {
            let msg = format!("umbra edge {family} {c}").into_bytes();
            for r in rs {
                let k = k_of(r, a, &msg);
                let holds = (decode(r).unwrap() + pa * k).is_identity();
                if holds == want {
                    return (msg, sig_of(r, &[0u8; 32]));
                }
            }
        }
        panic!("no message found for {family}");
    }

    fn torsion_bytes(&self) -> Vec<[u8; 32]> {
        self.t.iter().map(|p| p.compress().to_bytes()).collect()
    }
}

fn generate() -> Vec<Case> {
    let key = SigningKey::from_bytes(&[0x42; 32]);
    let a_scalar = Scalar::from_canonical_bytes(key.expanded().scalar_bytes()).unwrap();
    let mut g = Gen {
        cases: Vec::new(),
        key,
        t: torsion(),
    };
    let a = g.a_bytes();
    let tb = g.torsion_bytes();

    // 1. Baseline: an honest signature.
    let msg = b"umbra edge baseline".to_vec();
    let sig = g.key.sign(&msg).to_bytes();
    g.push("baseline".into(), a, msg, sig);

    // 2. Small-order A (the eight points, canonical), S = 0, small-order R:
    //    once with the cofactorless equation holding, once without.
    for (i, ai) in tb.iter().enumerate() {
        for want in [true, false] {
            let fam = format!("small-A{i}-{}", if want { "eq" } else { "neq" });
            let (msg, sig) = g.small_sig(&fam, ai, &tb, want);
            g.push(fam, *ai, msg, sig);
        }
    }

    // 3. Small-order R with an honest key: S = k·a so that [S]B − [k]A = 0.
    for (j, rj) in tb.iter().enumerate() {
        let msg = format!("umbra edge small-R{j}").into_bytes();
        let k = k_of(rj, &a, &msg);
        let sig = sig_of(rj, &(k * a_scalar).to_bytes());
        g.push(format!("small-R{j}"), a, msg, sig);
    }

    // 4. Mixed-order A = [a]B + T (T of order 2, 4, 8), honest nonce: the
    //    cofactorless equation holds iff [k]T = 0.
    for j in [4usize, 2, 1] {
        let pa = B * a_scalar + g.t[j];
        let ab = pa.compress().to_bytes();
        let ord = order_of_torsion(&g.t[j]);
        for want in [true, false] {
            for c in 0u32.. {
                let fam = format!("mixed-A-ord{ord}-{}", if want { "eq" } else { "neq" });
                let msg = format!("umbra edge {fam} {c}").into_bytes();
                let r = hash_scalar(&format!("nonce {fam} {c}"));
                let sig = g.sign_with(a_scalar, &ab, r, EdwardsPoint::default(), &msg);
                let k = k_of(&sig[..32].try_into().unwrap(), &ab, &msg);
                if (g.t[j] * k).is_identity() == want {
                    g.push(fam, ab, msg, sig);
                    break;
                }
            }
        }
    }

    // 5. Mixed-order R = [r]B + T with an honest key: only the cofactored
    //    equation holds.
    for j in [4usize, 2, 1] {
        let ord = order_of_torsion(&g.t[j]);
        let fam = format!("mixed-R-ord{ord}");
        let msg = format!("umbra edge {fam}").into_bytes();
        let r = hash_scalar(&format!("nonce {fam}"));
        let sig = g.sign_with(a_scalar, &a, r, g.t[j], &msg);
        g.push(fam, a, msg, sig);
    }

    // 6. Mixed-order A and R together: with −[k]T_A = T_R the cofactorless
    //    equation holds; otherwise only the cofactored one.
    {
        let ta = g.t[1];
        let pa = B * a_scalar + ta;
        let ab = pa.compress().to_bytes();
        for want in [true, false] {
            let fam = format!("mixed-A-mixed-R-{}", if want { "eq" } else { "neq" });
            'search: for c in 0u32.. {
                let msg = format!("umbra edge {fam} {c}").into_bytes();
                let r = hash_scalar(&format!("nonce {fam} {c}"));
                for tr in &g.t[1..] {
                    let sig = g.sign_with(a_scalar, &ab, r, *tr, &msg);
                    let k = k_of(&sig[..32].try_into().unwrap(), &ab, &msg);
                    if (ta * k + tr).is_identity() == want {
                        g.push(fam.clone(), ab, msg, sig);
                        break 'search;
                    }
                }
            }
        }
    }

    // 7. S out of range: S + ℓ, S + mℓ with the top bits set, S with only
    //    bit 255 set, S = ℓ, S = 2²⁵⁶ − 1.
    {
        let msg = b"umbra edge s-range".to_vec();
        let good = g.key.sign(&msg).to_bytes();
        let r: [u8; 32] = good[..32].try_into().unwrap();
        let s: [u8; 32] = good[32..].try_into().unwrap();
        let mut multiple = s;
        for m in 1u32..=15 {
            match add_le(&multiple, &ELL) {
                Some(next) => multiple = next,
                None => break,
            }
            if [1, 2, 8, 15].contains(&m) || multiple[31] & 0x80 != 0 && m < 15 {
                g.push(
                    format!("s-plus-{m}-ell"),
                    a,
                    msg.clone(),
                    sig_of(&r, &multiple),
                );
            }
        }
        let mut high = s;
        high[31] |= 0x80;
        g.push("s-bit-255".into(), a, msg.clone(), sig_of(&r, &high));
        let mut high = s;
        high[31] |= 0x20;
        g.push("s-bit-253".into(), a, msg.clone(), sig_of(&r, &high));
        g.push("s-all-ones".into(), a, msg.clone(), sig_of(&r, &[0xff; 32]));
        // S = ℓ ≡ 0 with identity A and identity R: every equation holds mod ℓ.
        let id = tb[0];
        g.push("s-ell-identity".into(), id, msg.clone(), sig_of(&id, &ELL));
        // S = ℓ with small-order A and R.
        let (m2, sig2) = g.small_sig("s-ell-small", &tb[3], &tb, true);
        let r2: [u8; 32] = sig2[..32].try_into().unwrap();
        g.push("s-ell-small-A".into(), tb[3], m2, sig_of(&r2, &ELL));
    }

    // 8. Every non-canonical encoding that decodes, as A and as R.
    let nc = non_canonical_decodable();
    for (i, n) in nc.iter().enumerate() {
        let pn = decode(n).unwrap();
        if pn.is_small_order() {
            let fam = format!("noncanon{i}-A-eq");
            let (msg, sig) = g.small_sig(&fam, n, &tb, true);
            g.push(fam, *n, msg, sig);
        } else {
            // Unknown discrete log: no signature can satisfy an equation.
            let msg = format!("umbra edge noncanon{i}-A").into_bytes();
            let sig = sig_of(&B.compress().to_bytes(), &Scalar::ONE.to_bytes());
            g.push(format!("noncanon{i}-A-no-eq"), *n, msg, sig);
        }
        let msg = format!("umbra edge noncanon{i}-R").into_bytes();
        let k = k_of(n, &a, &msg);
        let sig = sig_of(n, &(k * a_scalar).to_bytes());
        g.push(format!("noncanon{i}-R"), a, msg, sig);
    }

    // 9. Combinations: non-canonical A and non-canonical R (both small
    //    order); non-canonical R with small-order A; mixed-order A with
    //    non-canonical R; identity A with non-canonical identity R.
    {
        let small_nc: Vec<[u8; 32]> = nc
            .iter()
            .filter(|n| decode(n).unwrap().is_small_order())
            .copied()
            .collect();
        for want in [true, false] {
            let fam = format!("noncanon-A-noncanon-R-{}", if want { "eq" } else { "neq" });
            let (msg, sig) = g.small_sig(&fam, &small_nc[0], &small_nc, want);
            g.push(fam, small_nc[0], msg, sig);
        }
        let fam = "small-A-noncanon-R".to_string();
        let (msg, sig) = g.small_sig(&fam, &tb[2], &small_nc, true);
        g.push(fam, tb[2], msg, sig);
        let fam = "identity-A-noncanon-R".to_string();
        let (msg, sig) = g.small_sig(&fam, &tb[0], &small_nc, true);
        g.push(fam, tb[0], msg, sig);
        // Mixed-order A, small non-canonical R, honest scalar: S = k·a
        // gives [S]B − [k]A = −[k]T, so the cofactored equation holds.
        let pa = B * a_scalar + g.t[1];
        let ab = pa.compress().to_bytes();
        let msg = b"umbra edge mixed-A-noncanon-R".to_vec();
        let k = k_of(&small_nc[0], &ab, &msg);
        let sig = sig_of(&small_nc[0], &(k * a_scalar).to_bytes());
        g.push("mixed-A-noncanon-R".into(), ab, msg, sig);
    }

    // 10. Encodings that do not decode (y with no x), as A and as R.
    {
        let mut undecodable = None;
        for y in 2u8.. {
            let mut b = [0u8; 32];
            b[0] = y;
            if decode(&b).is_none() {
                undecodable = Some(b);
                break;
            }
        }
        let u = undecodable.unwrap();
        let msg = b"umbra edge undecodable".to_vec();
        let good = g.key.sign(&msg).to_bytes();
        g.push("undecodable-A".into(), u, msg.clone(), good);
        let mut bad_r = good;
        bad_r[..32].copy_from_slice(&u);
        g.push("undecodable-R".into(), a, msg, bad_r);
    }
    g.cases
}

fn render(cases: &[Case]) -> String {
    let mut w = umbra_test_vectors::KatWriter::new(
        "generated by umbra-eddsa tests/edge_cases.rs (deterministic; curve arithmetic from \
         curve25519-dalek 5, never the verifier under test); expected verdicts derive from the \
         flags by the rules in docs/eddsa.md and are confirmed by ed25519-dalek 3.0 (verify, \
         verify_strict) and ed25519-zebra 5.0 (ZIP-215), disagreements noted per record",
    );
    w.header(
        "format",
        "[edge] records: name, public (A), message, signature (R || S), flags, the verdict of \
         each umbra rule (rfc8032, strict, zip215) and of each oracle (dalek-verify, \
         dalek-strict, zebra)",
    );
    w.header(
        "flags",
        "a-/r- undecodable, non-canonical, identity, small-order, mixed-order; s-non-canonical \
         (S >= l), s-high-bits; cofactorless / cofactored: the equation holds with S mod l",
    );
    for c in cases {
        let f: Vec<&str> = c.flags.clone();
        w.record("edge");
        w.field("name", &c.name);
        w.hex("public", &c.a);
        w.hex("message", &c.msg);
        w.hex("signature", &c.sig);
        w.field("flags", &f.join(","));
        w.field("rfc8032", verdict(spec_rfc8032(&f)));
        w.field("strict", verdict(spec_strict(&f)));
        w.field("zip215", verdict(spec_zip215(&f)));
        w.field("dalek-verify", verdict(model_dalek_verify(&f)));
        w.field("dalek-strict", verdict(model_dalek_strict(&f)));
        w.field("zebra", verdict(model_zebra(&f)));
        let mut notes = String::new();
        if model_dalek_verify(&f) != spec_rfc8032(&f) {
            notes.push_str(
                "ed25519-dalek verify accepts a non-canonical A (it hashes the given bytes and \
                 never re-encodes A); RFC 8032 section 5.1.3 makes such an A a decoding failure. ",
            );
        }
        if model_dalek_strict(&f) != spec_strict(&f) {
            notes.push_str("ed25519-dalek verify_strict likewise accepts this non-canonical A. ");
        }
        if !notes.is_empty() {
            w.field("note", notes.trim_end());
        }
    }
    w.finish()
}

fn path() -> std::path::PathBuf {
    umbra_test_vectors::data_dir().join("ed25519-edge-cases.kat")
}

#[test]
fn committed_file_matches_regeneration() {
    let text = render(&generate());
    if std::env::var_os("UMBRA_REGEN_KAT").is_some() {
        std::fs::write(path(), &text).unwrap();
    }
    let committed = std::fs::read_to_string(path()).expect("run with UMBRA_REGEN_KAT=1");
    assert!(
        committed == text,
        "ed25519-edge-cases.kat is stale: rerun with UMBRA_REGEN_KAT=1"
    );
}

#[test]
fn generator_covers_the_edge_cases() {
    let cases = generate();
    let t = torsion();
    // Eight distinct small-order points.
    let mut enc: Vec<[u8; 32]> = t.iter().map(|p| p.compress().to_bytes()).collect();
    enc.sort();
    enc.dedup();
    assert_eq!(enc.len(), 8);
    assert!(t.iter().all(EdwardsPoint::is_small_order));
    // Every flag the issue lists occurs, and every combination of verdicts
    // that separates the rules occurs.
    for flag in [
        "a-small-order",
        "r-small-order",
        "a-mixed-order",
        "r-mixed-order",
        "a-non-canonical",
        "r-non-canonical",
        "a-identity",
        "r-identity",
        "s-non-canonical",
        "s-high-bits",
        "a-undecodable",
        "r-undecodable",
        "cofactorless",
        "cofactored",
    ] {
        assert!(
            cases.iter().any(|c| c.flags.contains(&flag)),
            "{flag} missing"
        );
    }
    let patterns: Vec<(bool, bool, bool)> = cases
        .iter()
        .map(|c| {
            (
                spec_rfc8032(&c.flags),
                spec_strict(&c.flags),
                spec_zip215(&c.flags),
            )
        })
        .collect();
    for p in [
        (true, true, true),
        (true, false, true),
        (false, false, true),
        (false, false, false),
    ] {
        assert!(patterns.contains(&p), "verdict pattern {p:?} missing");
    }
    // Cofactorless implies cofactored; strict implies RFC 8032 implies ZIP-215.
    for (c, p) in cases.iter().zip(&patterns) {
        assert!(!c.flags.contains(&"cofactorless") || c.flags.contains(&"cofactored"));
        assert!(!p.1 || p.0, "{}", c.name);
        assert!(!p.0 || p.2, "{}", c.name);
    }
    // The non-canonical encodings that decode, checked against the crate's
    // own byte-level canonicity test.
    let nc = non_canonical_decodable();
    for n in &nc {
        assert!(!umbra_eddsa::is_canonical_encoding(n));
    }
    let mut list = String::new();
    for n in &nc {
        let p = decode(n).unwrap();
        writeln!(
            list,
            "{} order {}",
            hex::encode(n),
            if p.is_small_order() {
                order_of_torsion(&p)
            } else {
                0
            }
        )
        .unwrap();
    }
    println!("non-canonical decodable encodings ({}):\n{list}", nc.len());
}

const RULES: [(Rule, &str); 3] = [
    (Rule::Rfc8032, "rfc8032"),
    (Rule::Strict, "strict"),
    (Rule::Zip215, "zip215"),
];

struct Loaded {
    name: String,
    a: [u8; 32],
    msg: Vec<u8>,
    sig: [u8; 64],
    flags: Vec<String>,
    rec: umbra_test_vectors::Record,
}

fn load() -> Vec<Loaded> {
    let kat = umbra_test_vectors::load("ed25519-edge-cases").unwrap();
    assert!(kat.provenance().contains("ed25519-zebra"));
    kat.records_of("edge")
        .map(|rec| Loaded {
            name: rec.get("name").unwrap().to_string(),
            a: rec.hex_array("public").unwrap(),
            msg: rec.hex("message").unwrap(),
            sig: rec.hex_array("signature").unwrap(),
            flags: rec.flags().iter().map(|s| s.to_string()).collect(),
            rec: rec.clone(),
        })
        .collect()
}

fn accept(rec: &umbra_test_vectors::Record, key: &str) -> bool {
    match rec.get(key).unwrap() {
        "accept" => true,
        "reject" => false,
        other => panic!("bad verdict {other}"),
    }
}

#[test]
fn each_rule_gives_the_verdict_its_flags_imply() {
    let cases = load();
    assert!(cases.len() > 60, "{} cases", cases.len());
    for c in &cases {
        let f: Vec<&str> = c.flags.iter().map(String::as_str).collect();
        assert_eq!(accept(&c.rec, "rfc8032"), spec_rfc8032(&f), "{}", c.name);
        assert_eq!(accept(&c.rec, "strict"), spec_strict(&f), "{}", c.name);
        assert_eq!(accept(&c.rec, "zip215"), spec_zip215(&f), "{}", c.name);
        for (rule, key) in RULES {
            assert_eq!(
                common::ours(rule, &c.a, &c.msg, &c.sig),
                accept(&c.rec, key),
                "{} under {key}",
                c.name
            );
        }
    }
}

#[test]
fn errors_name_the_first_failing_check() {
    use umbra_eddsa::Error;
    for c in load() {
        let f: Vec<&str> = c.flags.iter().map(String::as_str).collect();
        let Ok(vk) = VerifyingKey::from_bytes(&c.a) else {
            assert!(has(&f, "a-undecodable"), "{}", c.name);
            assert_eq!(VerifyingKey::from_bytes(&c.a), Err(Error::InvalidPublicKey));
            continue;
        };
        let sig = Signature::from_bytes(&c.sig);
        let rfc = vk.verify(&c.msg, &sig).err();
        let expect_rfc = if has(&f, "a-non-canonical") {
            Some(Error::NonCanonicalPublicKey)
        } else if has(&f, "s-non-canonical") {
            Some(Error::NonCanonicalS)
        } else if has(&f, "r-undecodable") {
            Some(Error::InvalidR)
        } else if has(&f, "r-non-canonical") {
            Some(Error::NonCanonicalR)
        } else if !has(&f, "cofactorless") {
            Some(Error::InvalidSignature)
        } else {
            None
        };
        assert_eq!(rfc, expect_rfc, "{}", c.name);
        let strict = vk.verify_strict(&c.msg, &sig).err();
        let expect_strict = if has(&f, "a-non-canonical") {
            Some(Error::NonCanonicalPublicKey)
        } else if has(&f, "s-non-canonical") {
            Some(Error::NonCanonicalS)
        } else if has(&f, "a-small-order") {
            Some(Error::SmallOrderPublicKey)
        } else if has(&f, "r-undecodable") {
            Some(Error::InvalidR)
        } else if has(&f, "r-non-canonical") {
            Some(Error::NonCanonicalR)
        } else if has(&f, "r-small-order") {
            Some(Error::SmallOrderR)
        } else if !has(&f, "cofactorless") {
            Some(Error::InvalidSignature)
        } else {
            None
        };
        assert_eq!(strict, expect_strict, "{}", c.name);
        let zip = vk.verify_zip215(&c.msg, &sig).err();
        let expect_zip = if has(&f, "s-non-canonical") {
            Some(Error::NonCanonicalS)
        } else if has(&f, "r-undecodable") {
            Some(Error::InvalidR)
        } else if !has(&f, "cofactored") {
            Some(Error::InvalidSignature)
        } else {
            None
        };
        assert_eq!(zip, expect_zip, "{}", c.name);
    }
}

#[test]
fn oracles_agree_with_their_documented_rules() {
    let mut disagreements = 0;
    for c in load() {
        let dv = common::dalek_verify(&c.a, &c.msg, &c.sig);
        let ds = common::dalek_strict(&c.a, &c.msg, &c.sig);
        let z = common::zebra(&c.a, &c.msg, &c.sig);
        assert_eq!(
            dv,
            accept(&c.rec, "dalek-verify"),
            "{} dalek verify",
            c.name
        );
        assert_eq!(
            ds,
            accept(&c.rec, "dalek-strict"),
            "{} dalek strict",
            c.name
        );
        assert_eq!(z, accept(&c.rec, "zebra"), "{} zebra", c.name);
        // ZIP-215: zebra and ours agree on every case, without exception.
        assert_eq!(z, accept(&c.rec, "zip215"), "{}", c.name);
        let differs = dv != accept(&c.rec, "rfc8032") || ds != accept(&c.rec, "strict");
        // Every disagreement is explained by a note, and only by a
        // non-canonical A.
        assert_eq!(differs, c.rec.opt("note").is_some(), "{}", c.name);
        if differs {
            disagreements += 1;
            assert!(c.flags.iter().any(|f| f == "a-non-canonical"), "{}", c.name);
        }
    }
    assert!(disagreements > 0);
}

#[test]
fn batches_accept_iff_every_member_passes_zip215() {
    let cases = load();
    let key = SigningKey::from_bytes(&[9; 32]);
    let vk = key.verifying_key();
    let mut rng = common::TestRng::new(b"edge batch");
    for (i, c) in cases.iter().enumerate() {
        let Ok(cvk) = VerifyingKey::from_bytes(&c.a) else {
            continue;
        };
        let msgs: Vec<[u8; 2]> = (0..3u8).map(|j| [j, i as u8]).collect();
        let sigs: Vec<Signature> = msgs.iter().map(|m| key.sign(m)).collect();
        let csig = Signature::from_bytes(&c.sig);
        let mut batch: Vec<BatchItem<'_>> = msgs
            .iter()
            .zip(&sigs)
            .map(|(m, s)| BatchItem::new(&vk, m, s))
            .collect();
        batch.push(BatchItem::new(&cvk, &c.msg, &csig));
        let zip = accept(&c.rec, "zip215");
        assert_eq!(verify_batch(&mut rng, &batch).is_ok(), zip, "{}", c.name);
        assert_eq!(
            verify_batch_deterministic(&batch).is_ok(),
            zip,
            "{} deterministic",
            c.name
        );
        // ed25519-zebra's batch verifier reaches the same verdict.
        let mut zb = ed25519_zebra::batch::Verifier::new();
        for j in 0..3u8 {
            let m = [j, i as u8];
            let s = ed25519_zebra::Signature::from_bytes(&key.sign(&m).to_bytes());
            zb.queue((
                ed25519_zebra::VerificationKeyBytes::from(vk.to_bytes()),
                s,
                &m,
            ));
        }
        let cs = ed25519_zebra::Signature::from_bytes(&c.sig);
        zb.queue((ed25519_zebra::VerificationKeyBytes::from(c.a), cs, &c.msg));
        assert_eq!(zb.verify(&mut rng).is_ok(), zip, "{} zebra batch", c.name);
        let bad = find_invalid(&batch);
        if zip {
            assert!(bad.is_empty());
        } else {
            assert_eq!(bad.len(), 1, "{}", c.name);
            assert_eq!(bad[0].0, 3);
        }
    }
    // All the ZIP-215-valid edge cases in one batch.
    let valid: Vec<(VerifyingKey, &[u8], Signature)> = cases
        .iter()
        .filter(|c| accept(&c.rec, "zip215"))
        .map(|c| {
            (
                VerifyingKey::from_bytes(&c.a).unwrap(),
                c.msg.as_slice(),
                Signature::from_bytes(&c.sig),
            )
        })
        .collect();
    let batch: Vec<BatchItem<'_>> = valid
        .iter()
        .map(|(k, m, s)| BatchItem::new(k, m, s))
        .collect();
    assert!(batch.len() > 30);
    verify_batch(&mut rng, &batch).unwrap();
    verify_batch_deterministic(&batch).unwrap();
}
