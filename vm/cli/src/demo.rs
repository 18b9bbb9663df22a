//! Built-in demo private inputs for the example guests (`umbra run <example> --demo`), and
//! human-readable summaries of their journals.
//!
//! The inputs are generated here with the primitive crates (deterministic keys, so every run
//! prints the same journal): BIP-340 signatures with `umbra-schnorr`, Ed25519 signatures with
//! `umbra-eddsa`, a Poseidon Merkle tree with `umbra-poseidon`, a Verkle tree proof with `umbra-verkle`, and a GG20 signing session from the test-vector fixture
//! `test-vectors/data/tecdsa-gg20-sessions.kat` (embedded at compile time). `--demo-tamper`
//! gives the same input with one field tampered, to show the negative path.

use umbra_abi::Reason;
use umbra_test_vectors::KatFile;

const GG20: &str = include_str!("../../../test-vectors/data/tecdsa-gg20-sessions.kat");

fn le32(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// The demo private input of `example`, honest or with one field tampered; `None` for a
/// name without a demo.
pub fn input(example: &str, tamper: bool) -> Option<Vec<u8>> {
    Some(match example {
        "hash-chain" => {
            let mut v = le32(16).to_vec();
            v.extend_from_slice(if tamper { b"secreT" } else { b"secret" });
            v
        }
        // Small enough to prove in about half a minute (1,593 cycles): `umbra prove bigfib --demo`.
        "bigfib" => le32(if tamper { 49 } else { 50 }).to_vec(),
        "panicky" => vec![u8::from(tamper)],
        "bip340-tecdsa" => bip340_tecdsa(tamper)?,
        "ed25519-batch" => ed25519_batch(tamper),
        "confidential-balance" => confidential_balance(tamper),
        "poseidon-merkle" => poseidon_merkle(tamper)?,
        "verkle-multiproof" => verkle_multiproof(tamper)?,
        _ => return None,
    })
}

fn bip340_tecdsa(tamper: bool) -> Option<Vec<u8>> {
    let sk = umbra_schnorr::bip340::SigningKey::from_bytes(&[0x42; 32]).ok()?;
    let msg = b"umbra demo: pay 5 coins to bob";
    let sig = sk.sign_deterministic(msg).ok()?.to_bytes();
    let mut v = sk.verifying_key().to_bytes().to_vec();
    v.extend_from_slice(&sig);
    v.extend_from_slice(&le32(msg.len() as u32));
    v.extend_from_slice(msg);
    let kat = KatFile::parse(GG20).ok()?;
    // The largest signing session of the fixture.
    let rec = kat
        .records_of("gg20-session")
        .max_by_key(|r| r.get("signers").map(|s| s.len()).unwrap_or(0))?;
    let hex = |k: &str| rec.hex(k).ok();
    v.extend(hex("group_key")?);
    v.extend(hex("nonce_point")?);
    v.extend(hex("prehash")?);
    let signers: Vec<u32> = rec
        .get("signers")
        .ok()?
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let (nr, ks, mut ss) = (hex("nonce_shares")?, hex("key_shares")?, hex("sig_shares")?);
    let mut shares = hex("shares")?;
    if tamper {
        // The second signer sends a wrong signature share: it is blamed; and party 1's key
        // share no longer matches the dealer's commitments.
        ss[32 + 31] ^= 1;
        shares[31] ^= 1;
    }
    v.extend_from_slice(&le32(signers.len() as u32));
    for (j, i) in signers.iter().enumerate() {
        v.extend_from_slice(&le32(*i));
        v.extend_from_slice(&nr[33 * j..33 * j + 33]);
        v.extend_from_slice(&ks[33 * j..33 * j + 33]);
        v.extend_from_slice(&ss[32 * j..32 * j + 32]);
    }
    // The dealer's Feldman commitments and every party's key share.
    let cs = hex("commitments")?;
    v.extend_from_slice(&le32((cs.len() / 33) as u32));
    v.extend_from_slice(&cs);
    v.extend_from_slice(&le32((shares.len() / 32) as u32));
    for (k, sh) in shares.chunks(32).enumerate() {
        v.extend_from_slice(&le32(k as u32 + 1));
        v.extend_from_slice(sh);
    }
    Some(v)
}

fn ed25519_batch(tamper: bool) -> Vec<u8> {
    let mut v = le32(umbra_abi::Ed25519Rule::Zip215.id()).to_vec();
    v.extend_from_slice(&le32(4));
    for k in 0..4u8 {
        let sk = umbra_eddsa::SigningKey::from_bytes(&[k + 1; 32]);
        let mut msg = format!("umbra demo message #{k}").into_bytes();
        let sig = sk.sign(&msg).to_bytes();
        if tamper && k == 2 {
            msg[0] ^= 1;
        }
        v.extend_from_slice(&sk.verifying_key().to_bytes());
        v.extend_from_slice(&sig);
        v.extend_from_slice(&le32(msg.len() as u32));
        v.extend_from_slice(&msg);
    }
    v
}

fn confidential_balance(tamper: bool) -> Vec<u8> {
    let fee = 10u64;
    let ins = [1_000u64, 250];
    let outs = [900u64, if tamper { 341 } else { 340 }];
    // Grumpkin: BN254-native, the cheapest group to prove (40 cycles a commitment;
    // secp256k1, emulated, is provable at 261; Ristretto255 and Jubjub are not provable
    // yet; `--input-hex` picks any of the four).
    let mut v = le32(umbra_abi::PedersenGroup::Grumpkin.id()).to_vec();
    v.extend_from_slice(&fee.to_le_bytes());
    v.extend_from_slice(&le32(2));
    v.extend_from_slice(&le32(2));
    for (k, a) in ins.iter().chain(&outs).enumerate() {
        v.extend_from_slice(&a.to_le_bytes());
        // Small canonical scalars (little-endian) as blindings.
        let mut r = [0u8; 32];
        r[0] = 17 + k as u8;
        r[9] = 0x5a ^ k as u8;
        v.extend_from_slice(&r);
    }
    v
}

fn fr_bytes(x: &ark_bn254::Fr) -> Option<[u8; 32]> {
    use ark_ff::{BigInteger, PrimeField};
    x.into_bigint().to_bytes_le().try_into().ok()
}

/// A depth-4 Poseidon (BN254, 2-to-1 compression) tree over 16 leaves built with
/// `umbra-poseidon`; the private leaf is number 11. Tampered: one bit of the leaf flipped.
fn poseidon_merkle(tamper: bool) -> Option<Vec<u8>> {
    use ark_bn254::Fr;
    const DEPTH: usize = 4;
    const INDEX: usize = 11;
    let p = umbra_poseidon::Poseidon::<Fr, 3>::new().ok()?;
    let mut levels: Vec<Vec<Fr>> = vec![
        (0..1u64 << DEPTH)
            .map(|i| Fr::from(0xdead_beef_u64 + 1_000_003 * i))
            .collect(),
    ];
    for _ in 0..DEPTH {
        let next = levels
            .last()?
            .chunks(2)
            .map(|c| p.compress(&c[0], &c[1]))
            .collect();
        levels.push(next);
    }
    let mut v = fr_bytes(&levels[DEPTH][0])?.to_vec();
    v.extend_from_slice(&le32(DEPTH as u32));
    let mut leaf = fr_bytes(&levels[0][INDEX])?;
    if tamper {
        leaf[0] ^= 1;
    }
    v.extend_from_slice(&leaf);
    for (l, level) in levels.iter().take(DEPTH).enumerate() {
        v.extend_from_slice(&fr_bytes(&level[(INDEX >> l) ^ 1])?);
    }
    v.extend_from_slice(&le32(INDEX as u32));
    Some(v)
}

/// A Verkle tree of 6 keys built with `umbra-verkle` and a proof for 2 present and 2
/// absent keys. Tampered: one claimed value changed.
fn verkle_multiproof(tamper: bool) -> Option<Vec<u8>> {
    use umbra_verkle::{Banderwagon, Committer, Crs, VerkleGroup, VerkleTree};
    let committer = Committer::<Banderwagon>::new(Crs::new());
    let mut t = VerkleTree::new(&committer);
    let key = |a: u8, b: u8, s: u8| {
        let mut k = [0u8; 32];
        k[0] = a;
        k[1] = b;
        k[31] = s;
        k
    };
    for (i, k) in [
        (1, 1, 0),
        (1, 1, 9),
        (1, 2, 0),
        (3, 0, 0),
        (3, 0, 1),
        (77, 7, 7),
    ]
    .iter()
    .enumerate()
    {
        t.insert(&key(k.0, k.1, k.2), [0xa0 + i as u8; 32]);
    }
    let queried = [key(1, 1, 9), key(3, 0, 0), key(1, 1, 10), key(200, 0, 0)];
    let (proof, mut claims) = t.prove(&queried).ok()?;
    if tamper {
        claims[0].1.as_mut()?[31] ^= 1;
    }
    let proof = proof.to_bytes();
    let mut v = Banderwagon::encode(&t.root_commitment()).to_vec();
    v.extend_from_slice(&le32(claims.len() as u32));
    for (k, val) in &claims {
        v.extend_from_slice(k);
        v.push(u8::from(val.is_some()));
        v.extend_from_slice(&val.unwrap_or([0; 32]));
    }
    v.extend_from_slice(&le32(proof.len() as u32));
    v.extend_from_slice(&proof);
    Some(v)
}

fn reason(code: u8) -> String {
    Reason::from_code(u32::from(code))
        .map_or_else(|| format!("reason {code}"), |r| format!("{r:?}"))
}

fn verdict(valid: u8, code: u8) -> String {
    if valid == 1 {
        "valid".into()
    } else {
        format!("INVALID ({})", reason(code))
    }
}

fn u32_at(j: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(j.get(at..at + 4)?.try_into().ok()?))
}

/// `C_0..C_t ‖ k ‖ k × (index ‖ valid)`: the commitment count follows from the length
/// (each commitment is 33 bytes, each result 5).
fn feldman_section(rest: &[u8]) -> Option<String> {
    if rest.is_empty() {
        return None;
    }
    let c = (1..=rest.len() / 33).find(|&c| {
        u32_at(rest, 33 * c).is_some_and(|k| rest.len() == 33 * c + 4 + 5 * k as usize)
    })?;
    let k = u32_at(rest, 33 * c)? as usize;
    let mut bad = Vec::new();
    for e in 0..k {
        let at = 33 * c + 4 + 5 * e;
        if *rest.get(at + 4)? != 1 {
            bad.push(u32_at(rest, at)?.to_string());
        }
    }
    Some(format!(
        "key shares vs {c} Feldman commitments: {} of {k} valid, invalid: [{}]\n",
        k - bad.len(),
        bad.join(", ")
    ))
}

/// A human-readable summary of the journal of an example guest (`None` for `panicky`, whose
/// journal is empty, or a journal that does not parse).
pub fn describe(example: &str, j: &[u8]) -> Option<String> {
    match example {
        "bip340-tecdsa" => {
            let t = 32 + 2 + 98;
            let n = u32_at(j, t + 2)? as usize;
            let blamed: Vec<String> = (0..n)
                .map(|k| u32_at(j, t + 6 + 4 * k).map(|i| i.to_string()))
                .collect::<Option<_>>()?;
            let mut s = format!(
                "bip340 signature: {}\nthreshold-ECDSA session: {}\nblamed parties: [{}]\n",
                verdict(*j.get(32)?, *j.get(33)?),
                verdict(*j.get(t)?, *j.get(t + 1)?),
                blamed.join(", ")
            );
            // Optional Feldman section: C_0..C_t, k, k × (index, valid).
            let rest = j.get(t + 6 + 4 * n..)?;
            if let Some(section) = feldman_section(rest) {
                s += &section;
            }
            Some(s)
        }
        "ed25519-batch" => {
            let n = u32_at(j, 4)? as usize;
            let rule = u32_at(j, 0)?;
            let name = match umbra_abi::Ed25519Rule::from_id(rule) {
                Some(umbra_abi::Ed25519Rule::Rfc8032) => "RFC 8032",
                Some(umbra_abi::Ed25519Rule::Strict) => "strict",
                Some(umbra_abi::Ed25519Rule::Zip215) => "ZIP-215",
                None => "unknown",
            };
            let mut s = format!("ed25519 rule: {name} ({rule})\n");
            for k in 0..n {
                let e = 8 + 34 * k;
                s += &format!(
                    "  signature {k}: {}\n",
                    verdict(*j.get(e + 32)?, *j.get(e + 33)?)
                );
            }
            s += &format!("all valid: {}\n", *j.get(8 + 34 * n)? == 1);
            Some(s)
        }
        "hash-chain" => Some(format!(
            "rounds: {}\nfinal digest: {}\n",
            u32_at(j, 0)?,
            hex::encode(j.get(4..36)?)
        )),
        "bigfib" => {
            let n = u32_at(j, 0)?;
            let limbs = u32_at(j, 4)? as usize;
            let bytes = j.get(8..8 + 4 * limbs)?;
            let f = num_bigint::BigUint::from_bytes_le(bytes).to_str_radix(10);
            Some(format!("F({n}) = {f} ({} decimal digits)\n", f.len()))
        }
        "confidential-balance" => {
            let fee = u64::from_le_bytes(j.get(4..12)?.try_into().ok()?);
            let (ni, no) = (u32_at(j, 12)?, u32_at(j, 16)?);
            let group = match umbra_abi::PedersenGroup::from_id(u32_at(j, 0)?)? {
                umbra_abi::PedersenGroup::Ristretto255 => "Ristretto255",
                umbra_abi::PedersenGroup::Secp256k1 => "secp256k1",
                umbra_abi::PedersenGroup::Jubjub => "Jubjub",
                umbra_abi::PedersenGroup::Grumpkin => "Grumpkin",
            };
            Some(format!(
                "{ni} input and {no} output commitments ({group}), public fee {fee}: {}\n",
                if *j.last()? == 1 {
                    "balanced"
                } else {
                    "NOT balanced"
                }
            ))
        }
        "poseidon-merkle" => Some(format!(
            "Poseidon Merkle root {}: private leaf is {}\n",
            hex::encode(j.get(..32)?),
            if *j.get(32)? == 1 {
                "a member"
            } else {
                "NOT a member"
            }
        )),
        "verkle-multiproof" => {
            let n = u32_at(j, 32)? as usize;
            let mut s = format!("Verkle root {}:\n", hex::encode(j.get(..32)?));
            for e in 0..n {
                let c = j.get(36 + 65 * e..36 + 65 * (e + 1))?;
                s += &format!(
                    "  key {}: {}\n",
                    hex::encode(&c[..32]),
                    if c[32] == 1 {
                        format!("present = {}", hex::encode(&c[33..]))
                    } else {
                        "absent".into()
                    }
                );
            }
            let at = 36 + 65 * n;
            s += &format!("proof: {}\n", verdict(*j.get(at)?, *j.get(at + 1)?));
            Some(s)
        }
        _ => None,
    }
}
