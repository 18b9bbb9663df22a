//! Every example guest runs in the VM with the host precompiles; its journal is checked
//! against an independent computation, and a tampered or malformed private input changes
//! the journal or ends in a typed error.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sha3::Digest;
use umbra_abi::{Reason, exit, syscall};
use umbra_vm::{
    CallContext, Exit, Outcome, Precompile, Registry, SyscallError, Vm, VmConfig, VmError,
};

fn vm(elf: &[u8], input: &[u8], registry: Registry) -> Vm {
    Vm::from_elf(elf, VmConfig::default())
        .unwrap()
        .with_registry(registry)
        .with_input(input.to_vec())
}

fn run(elf: &[u8], input: &[u8]) -> (Result<Exit, VmError>, Vm) {
    let mut m = vm(elf, input, umbra_precompiles::registry());
    let r = m.run();
    (r, m)
}

fn chain(rounds: u32, secret: &[u8]) -> [u8; 32] {
    let mut d: [u8; 32] = sha3::Sha3_256::digest(secret).into();
    for i in 0..rounds {
        d = if i % 2 == 0 {
            sha3::Keccak256::digest(d).into()
        } else {
            sha3::Sha3_256::digest(d).into()
        };
    }
    d
}

fn chain_input(rounds: u32, secret: &[u8]) -> Vec<u8> {
    let mut v = rounds.to_le_bytes().to_vec();
    v.extend_from_slice(secret);
    v
}

#[test]
fn hash_chain_journal_matches_sha3_crate() {
    let secret = b"correct horse battery staple";
    for rounds in [0u32, 1, 10, 33] {
        let (r, m) = run(umbra_guests::HASH_CHAIN_ELF, &chain_input(rounds, secret));
        assert_eq!(r.unwrap().code, exit::SUCCESS);
        let mut want = rounds.to_le_bytes().to_vec();
        want.extend_from_slice(&chain(rounds, secret));
        assert_eq!(m.journal(), &want[..], "rounds = {rounds}");
        // Keccak on even steps (ceil(rounds/2) calls), SHA3 on odd ones plus the first hash.
        let counts = m.syscall_counts();
        let keccak = u64::from(rounds.div_ceil(2));
        let sha3 = 1 + u64::from(rounds) - keccak;
        assert_eq!(
            counts.get(&syscall::KECCAK_256).copied().unwrap_or(0),
            keccak
        );
        assert_eq!(counts.get(&syscall::SHA3_256).copied().unwrap_or(0), sha3);
        // The private input never reaches the journal.
        assert!(!m.journal().windows(secret.len()).any(|w| w == secret));
    }
    // A long secret spanning several Keccak blocks and pages.
    let long: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
    let (r, m) = run(umbra_guests::HASH_CHAIN_ELF, &chain_input(3, &long));
    r.unwrap();
    assert_eq!(&m.journal()[4..], &chain(3, &long));
}

#[test]
fn hash_chain_negative_runs() {
    let secret = b"correct horse battery staple";
    let honest = {
        let (_, m) = run(umbra_guests::HASH_CHAIN_ELF, &chain_input(8, secret));
        m.journal().to_vec()
    };
    // Every single-byte tamper of the secret changes the committed digest.
    for k in 0..secret.len() {
        let mut t = secret.to_vec();
        t[k] ^= 1;
        let (r, m) = run(umbra_guests::HASH_CHAIN_ELF, &chain_input(8, &t));
        r.unwrap();
        assert_ne!(m.journal(), &honest[..]);
        assert_eq!(&m.journal()[4..], &chain(8, &t));
    }
    // Truncated input: the guest panics, reporting why, with the panic exit code.
    let (r, m) = run(umbra_guests::HASH_CHAIN_ELF, &[1, 2, 3]);
    assert_eq!(r.unwrap().code, exit::PANIC);
    let err = String::from_utf8_lossy(m.stderr());
    assert!(
        err.contains("input shorter than the 4-byte round count"),
        "{err}"
    );
    assert!(m.journal().is_empty());
    // Without the hash handlers the first SHA3 call is a typed error naming the syscall.
    let mut m = vm(
        umbra_guests::HASH_CHAIN_ELF,
        &chain_input(1, secret),
        Registry::new(),
    );
    assert!(matches!(
        m.run(),
        Err(VmError::Syscall {
            id: syscall::SHA3_256,
            name: "sha3_256",
            error: SyscallError::Unavailable,
            ..
        })
    ));
}

fn fib(n: u32) -> num_bigint::BigUint {
    let (mut a, mut b) = (
        num_bigint::BigUint::from(0u32),
        num_bigint::BigUint::from(1u32),
    );
    for _ in 0..n {
        let c = &a + &b;
        a = b;
        b = c;
    }
    a
}

fn fib_journal(n: u32) -> Vec<u8> {
    let mut limbs = fib(n).to_u32_digits();
    if limbs.is_empty() {
        limbs.push(0);
    }
    let mut j = n.to_le_bytes().to_vec();
    j.extend_from_slice(&(limbs.len() as u32).to_le_bytes());
    for l in limbs {
        j.extend_from_slice(&l.to_le_bytes());
    }
    j
}

#[test]
fn bigfib_journal_matches_num_bigint() {
    for n in [0u32, 1, 2, 47, 48, 93, 94, 1000, 5000] {
        let (r, m) = run(umbra_guests::BIGFIB_ELF, &n.to_le_bytes());
        assert_eq!(r.unwrap().code, exit::SUCCESS, "n = {n}");
        assert_eq!(m.journal(), &fib_journal(n)[..], "n = {n}");
    }
    // A different n gives a different journal; a short input is a reported panic.
    let (_, m) = run(umbra_guests::BIGFIB_ELF, &999u32.to_le_bytes());
    assert_ne!(m.journal(), &fib_journal(1000)[..]);
    let (r, m) = run(umbra_guests::BIGFIB_ELF, &[5, 0]);
    assert_eq!(r.unwrap().code, exit::PANIC);
    assert!(String::from_utf8_lossy(m.stderr()).contains("private input too short"));
    // The cycle limit stops a long computation with a typed error.
    let mut m = Vm::from_elf(
        umbra_guests::BIGFIB_ELF,
        VmConfig {
            cycle_limit: 10_000,
            ..VmConfig::default()
        },
    )
    .unwrap()
    .with_input(100_000u32.to_le_bytes().to_vec());
    assert!(matches!(
        m.run(),
        Err(VmError::CycleLimit { limit: 10_000, .. })
    ));
}

#[test]
fn panicky_failure_paths() {
    let (r, m) = run(umbra_guests::PANICKY_ELF, &[0]);
    assert_eq!(r.unwrap().code, 0);
    assert_eq!(m.journal(), b"ok");

    let (r, m) = run(umbra_guests::PANICKY_ELF, &[1, 9, 9, 9]);
    assert_eq!(r.unwrap().code, exit::PANIC);
    let err = String::from_utf8_lossy(m.stderr());
    assert!(
        err.contains("panicky: refusing a payload of 3 bytes"),
        "{err}"
    );
    assert!(err.contains("src/main.rs"), "{err}");

    let (r, _) = run(umbra_guests::PANICKY_ELF, &[2]);
    match r {
        Err(VmError::Memory {
            fault: umbra_vm::memory::MemFault::Access { addr: 0x100, .. },
            ..
        }) => {}
        other => panic!("{other:?}"),
    }

    // With the real handler the all-zero key is an invalid verdict; a host without a
    // BIP-340 handler stops the guest with `Unavailable`.
    let (r, m) = run(umbra_guests::PANICKY_ELF, &[3, 1, 2]);
    assert_eq!(r.unwrap().code, 0);
    assert_eq!(m.journal(), &[0]);
    let r = vm(umbra_guests::PANICKY_ELF, &[3, 1, 2], Registry::new()).run();
    assert!(matches!(
        r,
        Err(VmError::Syscall {
            id: syscall::BIP340_VERIFY,
            name: "bip340_verify",
            error: SyscallError::Unavailable,
            ..
        })
    ));

    let (r, m) = run(umbra_guests::PANICKY_ELF, &[4]);
    assert_eq!(r.unwrap().code, exit::OUT_OF_MEMORY);
    assert!(String::from_utf8_lossy(m.stderr()).contains("out of heap memory"));

    let (r, _) = run(umbra_guests::PANICKY_ELF, &[7]);
    assert_eq!(r.unwrap().code, 7);
}

/// A stand-in BIP-340 handler ("valid" iff sig = SHA3(key ‖ msg) ‖ SHA3(msg)) that shows a
/// verification precompile plugging into the registry and the guest wrapper decoding the
/// verdict: a registered handler replaces the built-in one for its id.
struct FakeBip340;

impl Precompile for FakeBip340 {
    fn id(&self) -> u32 {
        syscall::BIP340_VERIFY
    }
    fn call(&self, ctx: &mut CallContext<'_>) -> Result<Outcome, SyscallError> {
        let c = umbra_precompiles::args::sig_call(ctx)?;
        if c.variant != 0 {
            return Err(SyscallError::BadVariant { value: c.variant });
        }
        let mut want = [0u8; 64];
        want[..32].copy_from_slice(&sha3::Sha3_256::digest([&c.key[..], &c.msg].concat()));
        want[32..].copy_from_slice(&sha3::Sha3_256::digest(&c.msg));
        let ok = if c.sig == want {
            Ok(())
        } else {
            Err(Reason::Equation)
        };
        Ok(umbra_precompiles::args::verdict(ok, 100))
    }
}

#[test]
fn verification_precompile_plugs_in() {
    let mut reg = umbra_precompiles::registry();
    reg.register(Box::new(FakeBip340));
    // The guest verifies key = 0, sig = 0 on the payload: the fake handler says invalid.
    let mut m = vm(umbra_guests::PANICKY_ELF, &[3, 1, 2], reg);
    assert_eq!(m.run().unwrap().code, 0);
    assert_eq!(m.journal(), &[0]);
    assert_eq!(m.syscall_counts().get(&syscall::BIP340_VERIFY), Some(&1));
}

#[test]
fn trace_is_consistent_with_execution() {
    let input = chain_input(4, b"trace me");
    let mut m = vm(
        umbra_guests::HASH_CHAIN_ELF,
        &input,
        umbra_precompiles::registry(),
    );
    let (r, trace) = m.run_traced();
    let exit = r.unwrap();
    assert_eq!(trace.steps.len() as u64, exit.instructions);
    // Register consistency (what a prover's register argument checks): every value read is
    // the last value written (initially 0, sp = STACK_TOP); ecalls write a0/a1.
    let mut regs = [0u32; 32];
    regs[2] = umbra_abi::memory::STACK_TOP;
    let mut cycle = 0u64;
    for s in &trace.steps {
        assert_eq!(s.cycle, cycle);
        for (r, v) in [s.rs1, s.rs2].into_iter().flatten() {
            assert_eq!(regs[r as usize], v, "pc {:#x} reads x{r}", s.pc);
        }
        if let Some((r, v)) = s.rd
            && r != 0
        {
            regs[r as usize] = v;
        }
        cycle += 1;
        if let Some(k) = s.syscall {
            let rec = &trace.syscalls[k as usize];
            cycle += rec.cycles - 1;
            if rec.id != syscall::HALT {
                regs[10] = rec.ret[0];
                regs[11] = rec.ret[1];
            }
        }
    }
    assert_eq!(cycle, exit.cycles);
    // Precompile records: SHA3 outputs are the digests of their inputs.
    let sha3_calls: Vec<_> = trace
        .syscalls
        .iter()
        .filter(|r| r.id == syscall::SHA3_256)
        .collect();
    assert_eq!(sha3_calls.len(), 3);
    for rec in sha3_calls {
        let input = &rec.reads[0].1;
        let out: [u8; 32] = sha3::Sha3_256::digest(input).into();
        assert_eq!(rec.writes[0].1, out);
        assert_eq!(rec.writes[0].0, rec.args[2]);
    }
    // The same run untraced gives the same result.
    let (r2, m2) = run(umbra_guests::HASH_CHAIN_ELF, &input);
    assert_eq!(r2.unwrap(), exit);
    assert_eq!(m2.journal(), m.journal());
}

// ------------------------------------------------------------ curve-precompile examples

fn le32(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

struct Gg20 {
    header: Vec<u8>,
    /// (index, entry bytes without the index)
    entries: Vec<(u32, Vec<u8>)>,
}

/// The GG20 sessions of the test-vector fixture (signers with at least 3 parties first).
fn gg20_sessions() -> Vec<Gg20> {
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    kat.records_of("gg20-session")
        .map(|r| {
            let signers: Vec<u32> = r
                .get("signers")
                .unwrap()
                .split(',')
                .map(|s| s.trim().parse().unwrap())
                .collect();
            let mut header = r.hex("group_key").unwrap();
            header.extend(r.hex("nonce_point").unwrap());
            header.extend(r.hex("prehash").unwrap());
            let (nr, ks, ss) = (
                r.hex("nonce_shares").unwrap(),
                r.hex("key_shares").unwrap(),
                r.hex("sig_shares").unwrap(),
            );
            let entries = signers
                .iter()
                .enumerate()
                .map(|(j, &i)| {
                    let mut e = nr[33 * j..33 * j + 33].to_vec();
                    e.extend_from_slice(&ks[33 * j..33 * j + 33]);
                    e.extend_from_slice(&ss[32 * j..32 * j + 32]);
                    (i, e)
                })
                .collect();
            Gg20 { header, entries }
        })
        .collect()
}

fn bip340_tecdsa_input(pk: &[u8; 32], sig: &[u8; 64], msg: &[u8], s: &Gg20) -> Vec<u8> {
    let mut v = pk.to_vec();
    v.extend_from_slice(sig);
    v.extend_from_slice(&le32(msg.len() as u32));
    v.extend_from_slice(msg);
    v.extend_from_slice(&s.header);
    v.extend_from_slice(&le32(s.entries.len() as u32));
    for (i, e) in &s.entries {
        v.extend_from_slice(&le32(*i));
        v.extend_from_slice(e);
    }
    v
}

/// Independent native computation of the `bip340-tecdsa` journal with `umbra-schnorr` and
/// `umbra-tecdsa` (not through the host handlers).
fn bip340_tecdsa_expected(pk: &[u8; 32], sig: &[u8; 64], msg: &[u8], s: &Gg20) -> Vec<u8> {
    use k256::elliptic_curve::PrimeField;
    use umbra_tecdsa::signing::{SignatureShare, SigningContext, verify_signature_shares};
    let schnorr = umbra_schnorr::bip340::verify(pk, msg, sig);
    let mut j = pk.to_vec();
    j.push(u8::from(schnorr.is_ok()));
    j.push(match schnorr {
        Ok(()) => 0,
        Err(umbra_schnorr::bip340::Error::InvalidSignature) => Reason::Equation.code() as u8,
        Err(_) => Reason::Encoding.code() as u8,
    });
    j.extend_from_slice(&s.header);
    let pt = |b: &[u8]| umbra_tecdsa::ecdsa::parse_public_key(b).unwrap();
    let ctx = SigningContext {
        nonce_point: pt(&s.header[33..66]).to_affine(),
        message: umbra_tecdsa::ecdsa::message_scalar(&s.header[66..98].try_into().unwrap()),
        group_key: pt(&s.header[..33]),
    };
    let shares: Vec<SignatureShare> = s
        .entries
        .iter()
        .map(|(i, e)| SignatureShare {
            index: u16::try_from(*i).unwrap(),
            nonce_share: pt(&e[..33]),
            key_share: pt(&e[33..66]),
            s: k256::Scalar::from_repr(<[u8; 32]>::try_from(&e[66..98]).unwrap().into()).unwrap(),
        })
        .collect();
    let (ok, reason, blamed) = match verify_signature_shares(&ctx, &shares) {
        Ok(()) => (1u8, Reason::Ok, vec![]),
        Err(umbra_tecdsa::Error::Blame(b)) => (0, Reason::Share, b),
        Err(umbra_tecdsa::Error::NonceSumMismatch | umbra_tecdsa::Error::KeySumMismatch) => {
            (0, Reason::Aggregate, vec![])
        }
        Err(e) => panic!("unexpected {e:?}"),
    };
    j.push(ok);
    j.push(reason.code() as u8);
    j.extend_from_slice(&le32(blamed.len() as u32));
    for b in blamed {
        j.extend_from_slice(&le32(u32::from(b)));
    }
    j
}

#[test]
fn bip340_tecdsa_feldman_section() {
    // The same guest checks the dealer's Feldman commitments against private key shares.
    let kat = umbra_test_vectors::load("tecdsa-gg20-sessions").unwrap();
    let rec = kat
        .records_of("gg20-session")
        .find(|r| r.u64("parties").unwrap() >= 5)
        .unwrap();
    let cs = rec.hex("commitments").unwrap();
    let mut shares: Vec<(u32, [u8; 32])> = rec
        .hex("shares")
        .unwrap()
        .chunks(32)
        .enumerate()
        .map(|(k, c)| (k as u32 + 1, c.try_into().unwrap()))
        .collect();
    shares[2].1[31] ^= 1; // party 3's share is corrupted
    shares[4].0 = 9; // a share presented under the wrong index
    let sk = umbra_schnorr::bip340::SigningKey::from_bytes(&[0x42; 32]).unwrap();
    let pk = sk.verifying_key().to_bytes();
    let sig = sk.sign_deterministic(b"m").unwrap().to_bytes();
    let sessions = gg20_sessions();
    let s = &sessions[0];
    let mut input = bip340_tecdsa_input(&pk, &sig, b"m", s);
    input.extend_from_slice(&le32((cs.len() / 33) as u32));
    input.extend_from_slice(&cs);
    input.extend_from_slice(&le32(shares.len() as u32));
    for (i, sh) in &shares {
        input.extend_from_slice(&le32(*i));
        input.extend_from_slice(sh);
    }
    let (r, m) = run(umbra_guests::BIP340_TECDSA_ELF, &input);
    assert_eq!(r.unwrap().code, exit::SUCCESS);
    // Independent check with umbra-tecdsa's feldman::verify_share.
    let points: Vec<k256::ProjectivePoint> = cs
        .chunks(33)
        .map(|c| umbra_tecdsa::ecdsa::parse_public_key(c).unwrap())
        .collect();
    let mut want = bip340_tecdsa_expected(&pk, &sig, b"m", s);
    want.extend_from_slice(&cs);
    want.extend_from_slice(&le32(shares.len() as u32));
    for (i, sh) in &shares {
        use k256::elliptic_curve::PrimeField;
        let scalar = k256::Scalar::from_repr((*sh).into()).unwrap();
        let ok = umbra_tecdsa::feldman::verify_share(
            &points,
            points.len() - 1,
            u16::try_from(*i).unwrap(),
            &scalar,
        )
        .is_ok();
        want.extend_from_slice(&le32(*i));
        want.push(u8::from(ok));
    }
    assert_eq!(m.journal(), &want[..]);
    let verdicts: Vec<u8> = (0..shares.len())
        .map(|k| m.journal()[want.len() - 5 * shares.len() + 5 * k + 4])
        .collect();
    let mut expected = vec![1u8; shares.len()];
    expected[2] = 0;
    expected[4] = 0;
    assert_eq!(verdicts, expected);
    assert_eq!(
        m.syscall_counts().get(&syscall::TECDSA_FELDMAN_VERIFY),
        Some(&(shares.len() as u64))
    );
    // No key share reaches the journal.
    for (_, sh) in &shares {
        assert!(!m.journal().windows(32).any(|w| w == sh));
    }
}

#[test]
fn bip340_tecdsa_journal_and_blame() {
    let sk = umbra_schnorr::bip340::SigningKey::from_bytes(&[0x42; 32]).unwrap();
    let pk = sk.verifying_key().to_bytes();
    let msg = b"private payment instruction #17";
    let sig = sk.sign_deterministic(msg).unwrap().to_bytes();
    let sessions = gg20_sessions();
    let s = sessions.iter().find(|s| s.entries.len() >= 3).unwrap();
    let run_case = |sig: &[u8; 64], s: &Gg20| {
        let (r, m) = run(
            umbra_guests::BIP340_TECDSA_ELF,
            &bip340_tecdsa_input(&pk, sig, msg, s),
        );
        assert_eq!(r.unwrap().code, exit::SUCCESS);
        assert_eq!(m.journal(), &bip340_tecdsa_expected(&pk, sig, msg, s)[..]);
        assert!(!m.journal().windows(msg.len()).any(|w| w == msg));
        let counts = m.syscall_counts();
        assert_eq!(counts.get(&syscall::BIP340_VERIFY), Some(&1));
        assert_eq!(counts.get(&syscall::TECDSA_SIGSHARE_VERIFY), Some(&1));
        m.journal().to_vec()
    };
    // Honest: both valid, nobody blamed.
    let j = run_case(&sig, s);
    assert_eq!(j[32..34], [1, 0]);
    let tail = &j[32 + 2 + 98..];
    assert_eq!(tail, &[1, 0, 0, 0, 0, 0]);
    // Every session of the fixture verifies.
    for s in &sessions {
        run_case(&sig, s);
    }
    // Tampered BIP-340 signature: the verdict flips.
    let mut bad = sig;
    bad[40] ^= 1;
    let j = run_case(&bad, s);
    assert_eq!(j[32..34], [0, Reason::Equation.code() as u8]);
    // Party at position 1 sends a wrong share: it (and only it) is blamed.
    let mut t = Gg20 {
        header: s.header.clone(),
        entries: s.entries.clone(),
    };
    t.entries[1].1[97] ^= 1;
    let j = run_case(&sig, &t);
    let tail = &j[32 + 2 + 98..];
    let mut want = vec![0, Reason::Share.code() as u8];
    want.extend_from_slice(&le32(1));
    want.extend_from_slice(&le32(t.entries[1].0));
    assert_eq!(tail, &want[..]);
    // Two bad parties.
    t.entries[2].1[0] = 0x09;
    let (r, m) = run(
        umbra_guests::BIP340_TECDSA_ELF,
        &bip340_tecdsa_input(&pk, &sig, msg, &t),
    );
    r.unwrap();
    let tail = &m.journal()[32 + 2 + 98..];
    assert_eq!(tail[..2], [0, Reason::Encoding.code() as u8]);
    assert_eq!(tail[2..6], le32(2));
    // Truncated private input: the guest panics (typed exit), nothing verified.
    let input = bip340_tecdsa_input(&pk, &sig, msg, s);
    let (r, m) = run(umbra_guests::BIP340_TECDSA_ELF, &input[..input.len() - 1]);
    assert_eq!(r.unwrap().code, exit::PANIC);
    assert!(m.journal().is_empty());
}

fn ed25519_batch_input(rule: u32, items: &[([u8; 32], [u8; 64], Vec<u8>)]) -> Vec<u8> {
    let mut v = le32(rule).to_vec();
    v.extend_from_slice(&le32(items.len() as u32));
    for (pk, sig, msg) in items {
        v.extend_from_slice(pk);
        v.extend_from_slice(sig);
        v.extend_from_slice(&le32(msg.len() as u32));
        v.extend_from_slice(msg);
    }
    v
}

#[test]
fn ed25519_batch_per_signature_verdicts() {
    let mut items: Vec<([u8; 32], [u8; 64], Vec<u8>)> = (0..6u8)
        .map(|k| {
            let sk = umbra_eddsa::SigningKey::from_bytes(&[k + 1; 32]);
            let msg = vec![k; 10 + usize::from(k) * 50];
            (sk.verifying_key().to_bytes(), sk.sign(&msg).to_bytes(), msg)
        })
        .collect();
    // A small-order key with a signature that fails RFC 8032 and strict alike.
    let mut ident = [0u8; 32];
    ident[0] = 1;
    items.push((ident, items[0].1, b"x".to_vec()));
    // Independent check with ed25519-dalek-free umbra-eddsa verify_with per rule.
    for (rule_id, rule) in [
        (0u32, umbra_eddsa::Rule::Rfc8032),
        (1, umbra_eddsa::Rule::Strict),
        (2, umbra_eddsa::Rule::Zip215),
    ] {
        let mut items = items.clone();
        items[3].2[0] ^= 1; // tampered message
        let (r, m) = run(
            umbra_guests::ED25519_BATCH_ELF,
            &ed25519_batch_input(rule_id, &items),
        );
        assert_eq!(r.unwrap().code, exit::SUCCESS);
        let mut want = le32(rule_id).to_vec();
        want.extend_from_slice(&le32(items.len() as u32));
        let mut all = true;
        for (pk, sig, msg) in &items {
            let res = umbra_eddsa::VerifyingKey::from_bytes(pk)
                .and_then(|vk| vk.verify_with(rule, msg, &umbra_eddsa::Signature::from_bytes(sig)));
            all &= res.is_ok();
            want.extend_from_slice(pk);
            want.push(u8::from(res.is_ok()));
            want.push(match res {
                Ok(()) => 0,
                Err(umbra_eddsa::Error::InvalidSignature) => Reason::Equation.code() as u8,
                Err(_) => Reason::Encoding.code() as u8,
            });
        }
        want.push(u8::from(all));
        assert_eq!(m.journal(), &want[..], "rule {rule_id}");
        // Entry 3 flipped, the others (but the small-order one) verify.
        let verdict = |k: usize| m.journal()[8 + 34 * k + 32];
        assert_eq!(verdict(3), 0);
        assert_eq!(verdict(0), 1);
        assert_eq!(*m.journal().last().unwrap(), 0);
        assert_eq!(
            m.syscall_counts().get(&syscall::ED25519_VERIFY),
            Some(&(items.len() as u64))
        );
        // Under strict the small-order key is an encoding rejection.
        if rule_id == 1 {
            assert_eq!(m.journal()[8 + 34 * 6 + 33], Reason::Encoding.code() as u8);
        }
    }
    // All-honest batch.
    let (r, m) = run(
        umbra_guests::ED25519_BATCH_ELF,
        &ed25519_batch_input(0, &items[..6]),
    );
    r.unwrap();
    assert_eq!(*m.journal().last().unwrap(), 1);
    // Unknown rule: the guest stops with a panic exit (typed), committing only the header.
    let (r, _) = run(
        umbra_guests::ED25519_BATCH_ELF,
        &ed25519_batch_input(3, &items[..1]),
    );
    assert_eq!(r.unwrap().code, exit::PANIC);
}

fn balance_input(
    group: u32,
    fee: u64,
    ins: &[(u64, [u8; 32])],
    outs: &[(u64, [u8; 32])],
) -> Vec<u8> {
    let mut v = le32(group).to_vec();
    v.extend_from_slice(&fee.to_le_bytes());
    v.extend_from_slice(&le32(ins.len() as u32));
    v.extend_from_slice(&le32(outs.len() as u32));
    for (a, r) in ins.iter().chain(outs) {
        v.extend_from_slice(&a.to_le_bytes());
        v.extend_from_slice(r);
    }
    v
}

/// Check a `confidential-balance` journal natively with `umbra-pedersen`: commitments equal
/// `Commitment::commit` of the openings, and `verify_balance` with the excess blinding agrees
/// with the committed verdict.
fn check_balance_journal<P: umbra_pedersen::PedersenGroup>(
    journal: &[u8],
    group: u32,
    fee: u64,
    ins: &[(u64, [u8; 32])],
    outs: &[(u64, [u8; 32])],
    clen: usize,
) -> bool {
    use umbra_pedersen::{Commitment, Generators, Opening, balance};
    let open = |(a, r): &(u64, [u8; 32])| {
        Opening::<P>::new(
            P::scalar_from_u64(*a),
            Option::from(P::scalar_from_bytes(r)).unwrap(),
        )
    };
    let gens = Generators::<P>::standard();
    let oi: Vec<_> = ins.iter().map(open).collect();
    let oo: Vec<_> = outs.iter().map(open).collect();
    let ci: Vec<_> = oi.iter().map(|o| Commitment::commit(&gens, o)).collect();
    let co: Vec<_> = oo.iter().map(|o| Commitment::commit(&gens, o)).collect();
    let mut want = le32(group).to_vec();
    want.extend_from_slice(&fee.to_le_bytes());
    want.extend_from_slice(&le32(ins.len() as u32));
    want.extend_from_slice(&le32(outs.len() as u32));
    for c in ci.iter().chain(&co) {
        assert_eq!(c.to_bytes().as_ref().len(), clen);
        want.extend_from_slice(c.to_bytes().as_ref());
    }
    let excess = balance::excess_blinding(&oi, &oo);
    let balanced = balance::verify_balance(&gens, &ci, &co, fee, &excess).is_ok();
    want.push(u8::from(balanced));
    assert_eq!(journal, &want[..]);
    balanced
}

#[test]
fn confidential_balance_commitments_and_verdict() {
    // Blindings: small canonical scalars in each group's encoding.
    let blind = |k: u8, be: bool| {
        let mut r = [0u8; 32];
        r[if be { 31 } else { 0 }] = k;
        r[if be { 20 } else { 11 }] = k.wrapping_mul(37);
        r
    };
    for (group, be, clen) in [
        (0u32, false, 32),
        (1, true, 33),
        (2, false, 32),
        (3, false, 32),
    ] {
        let ins = [(1_000u64, blind(3, be)), (250, blind(9, be))];
        let outs = [(900u64, blind(4, be)), (340, blind(8, be))];
        let fee = 10;
        let check = |ins: &[(u64, [u8; 32])], outs: &[(u64, [u8; 32])], fee: u64| {
            let (r, m) = run(
                umbra_guests::CONFIDENTIAL_BALANCE_ELF,
                &balance_input(group, fee, ins, outs),
            );
            assert_eq!(r.unwrap().code, exit::SUCCESS);
            let j = m.journal().to_vec();
            // No amount appears in the journal.
            for (a, _) in ins.iter().chain(outs) {
                assert!(!j.windows(8).any(|w| w == a.to_le_bytes()), "amount leaked");
            }
            assert_eq!(
                m.syscall_counts().get(&syscall::PEDERSEN_COMMIT),
                Some(&((ins.len() + outs.len()) as u64))
            );
            let balanced = match group {
                0 => check_balance_journal::<umbra_pedersen::Ristretto255>(
                    &j, group, fee, ins, outs, clen,
                ),
                1 => check_balance_journal::<umbra_pedersen::Secp256k1>(
                    &j, group, fee, ins, outs, clen,
                ),
                2 => {
                    check_balance_journal::<umbra_pedersen::Jubjub>(&j, group, fee, ins, outs, clen)
                }
                _ => check_balance_journal::<umbra_pedersen::Grumpkin>(
                    &j, group, fee, ins, outs, clen,
                ),
            };
            (balanced, *j.last().unwrap() == 1)
        };
        assert_eq!(check(&ins, &outs, fee), (true, true), "group {group}");
        // Tampered amount or fee: the verdict flips.
        let mut t = outs;
        t[1].0 += 1;
        assert_eq!(check(&ins, &t, fee), (false, false));
        assert_eq!(check(&ins, &outs, fee + 1), (false, false));
        // A non-canonical blinding stops the guest with a typed precompile error.
        let mut t = ins;
        t[0].1 = [0xff; 32];
        let (r, m) = run(
            umbra_guests::CONFIDENTIAL_BALANCE_ELF,
            &balance_input(group, fee, &t, &outs),
        );
        match r {
            Err(VmError::Syscall {
                id,
                error: SyscallError::BadEncoding,
                ..
            }) => assert_eq!(id, syscall::PEDERSEN_COMMIT),
            other => panic!("{other:?}"),
        }
        assert!(m.journal().is_empty());
    }
}

// ---------------------------------------------------------------- poseidon-merkle

type Fr = ark_bn254::Fr;

fn fr_bytes(x: &Fr) -> [u8; 32] {
    use ark_ff::{BigInteger, PrimeField};
    x.into_bigint().to_bytes_le().try_into().unwrap()
}

/// A full depth-`d` tree over `leaves` computed natively with `umbra-poseidon`'s
/// `compress`: `levels[0]` are the leaves, the last level is `[root]`.
fn poseidon_tree(leaves: &[Fr]) -> Vec<Vec<Fr>> {
    let p = umbra_poseidon::Poseidon::<Fr, 3>::new().unwrap();
    let mut levels = vec![leaves.to_vec()];
    while levels.last().unwrap().len() > 1 {
        let next = levels
            .last()
            .unwrap()
            .chunks(2)
            .map(|c| p.compress(&c[0], &c[1]))
            .collect();
        levels.push(next);
    }
    levels
}

fn merkle_input(root: &[u8; 32], leaf: &[u8; 32], path: &[[u8; 32]], index: u32) -> Vec<u8> {
    let mut v = root.to_vec();
    v.extend_from_slice(&le32(path.len() as u32));
    v.extend_from_slice(leaf);
    for s in path {
        v.extend_from_slice(s);
    }
    v.extend_from_slice(&le32(index));
    v
}

#[test]
fn poseidon_merkle_membership_without_leaking_the_leaf() {
    let depth = 5;
    let leaves: Vec<Fr> = (0..1u64 << depth)
        .map(|i| Fr::from(0x5eed_0000 + i * 7919) * Fr::from(u64::MAX - i))
        .collect();
    let levels = poseidon_tree(&leaves);
    let root = fr_bytes(&levels[depth][0]);
    let path_of = |idx: usize| -> Vec<[u8; 32]> {
        (0..depth)
            .map(|l| fr_bytes(&levels[l][(idx >> l) ^ 1]))
            .collect()
    };
    let go = |input: &[u8]| {
        let (r, m) = run(umbra_guests::POSEIDON_MERKLE_ELF, input);
        (r, m.journal().to_vec(), m)
    };
    for idx in [0usize, 13, 31] {
        let leaf = fr_bytes(&leaves[idx]);
        let path = path_of(idx);
        let (r, j, m) = go(&merkle_input(&root, &leaf, &path, idx as u32));
        assert_eq!(r.unwrap().code, exit::SUCCESS);
        // Journal: exactly root ‖ 1, and no private element appears in it.
        let mut want = root.to_vec();
        want.push(1);
        assert_eq!(j, want);
        for secret in core::iter::once(&leaf).chain(&path) {
            assert!(!j.windows(32).any(|w| w == secret), "private data leaked");
        }
        assert_eq!(
            m.syscall_counts().get(&syscall::POSEIDON_PERMUTE),
            Some(&(depth as u64))
        );
        // Tampered leaf, sibling or index bit: the verdict flips (root still public).
        let mut t = leaf;
        t[0] ^= 1;
        let (r, j, _) = go(&merkle_input(&root, &t, &path, idx as u32));
        r.unwrap();
        assert_eq!(j[..32], root);
        assert_eq!(j[32], 0);
        for l in 0..depth {
            let mut p = path.clone();
            p[l][3] ^= 0x40;
            assert_eq!(go(&merkle_input(&root, &leaf, &p, idx as u32)).1[32], 0);
            let flipped = (idx ^ (1 << l)) as u32;
            assert_eq!(go(&merkle_input(&root, &leaf, &path, flipped)).1[32], 0);
        }
        // Another leaf of the tree with this leaf's path is not a member at idx.
        let other = fr_bytes(&leaves[(idx + 1) % leaves.len()]);
        assert_eq!(go(&merkle_input(&root, &other, &path, idx as u32)).1[32], 0);
    }
    // A non-canonical leaf (>= p) stops the guest with the precompile's typed error.
    let (r, j, _) = go(&merkle_input(&root, &[0xff; 32], &path_of(0), 0));
    match r {
        Err(VmError::Syscall {
            id,
            error: SyscallError::BadEncoding,
            ..
        }) => assert_eq!(id, syscall::POSEIDON_PERMUTE),
        other => panic!("{other:?}"),
    }
    assert!(j.is_empty());
}

// ---------------------------------------------------------------- verkle-multiproof

type VerkleClaims = Vec<([u8; 32], Option<[u8; 32]>)>;

/// A tree built natively with `umbra-verkle`, a proof for present and absent keys, and the
/// claims it proves: `(root, proof, claims)`.
fn verkle_fixture() -> ([u8; 32], Vec<u8>, VerkleClaims) {
    use umbra_verkle::{Banderwagon, Committer, Crs, VerkleGroup, VerkleTree};
    static C: std::sync::OnceLock<Committer<Banderwagon>> = std::sync::OnceLock::new();
    let committer = C.get_or_init(|| Committer::new(Crs::new()));
    let key = |prefix: &[u8], suffix: u8| {
        let mut k = [0u8; 32];
        k[..prefix.len()].copy_from_slice(prefix);
        k[31] = suffix;
        k
    };
    let mut t = VerkleTree::new(committer);
    let present = [
        key(&[7, 1], 0),
        key(&[7, 1], 99),
        key(&[7, 2], 4),
        key(&[42], 1),
    ];
    for (i, k) in present.iter().enumerate() {
        t.insert(k, [0x10 + i as u8; 32]);
    }
    let queried = [
        present[0],
        present[2],
        present[3],
        key(&[7, 1], 100), // absent suffix of a present stem
        key(&[42, 5], 1),  // another stem at depth 1
        key(&[250], 0),    // empty root slot
    ];
    let (proof, claims) = t.prove(&queried).unwrap();
    (
        Banderwagon::encode(&t.root_commitment()),
        proof.to_bytes(),
        claims,
    )
}

fn verkle_input(root: &[u8; 32], claims: &[([u8; 32], Option<[u8; 32]>)], proof: &[u8]) -> Vec<u8> {
    let mut v = root.to_vec();
    v.extend_from_slice(&le32(claims.len() as u32));
    for (k, val) in claims {
        v.extend_from_slice(k);
        v.push(u8::from(val.is_some()));
        v.extend_from_slice(&val.unwrap_or([0; 32]));
    }
    v.extend_from_slice(&le32(proof.len() as u32));
    v.extend_from_slice(proof);
    v
}

/// The expected journal, with the verdict computed natively by `umbra-verkle`.
fn verkle_expected(
    root: &[u8; 32],
    claims: &[([u8; 32], Option<[u8; 32]>)],
    proof: &[u8],
) -> Vec<u8> {
    use umbra_verkle::{Banderwagon, Crs, Domain, ProofError, tree_proof};
    let native = tree_proof::verify_bytes::<Banderwagon>(
        &Crs::new(),
        &Domain::new(256),
        root,
        claims,
        proof,
    );
    let mut j = root.to_vec();
    j.extend_from_slice(&le32(claims.len() as u32));
    for (k, val) in claims {
        j.extend_from_slice(k);
        j.push(u8::from(val.is_some()));
        j.extend_from_slice(&val.unwrap_or([0; 32]));
    }
    j.extend_from_slice(&match native {
        Ok(()) => [1, Reason::Ok.code() as u8],
        Err(ProofError::Length | ProofError::Encoding(_) | ProofError::Malformed) => {
            [0, Reason::Encoding.code() as u8]
        }
        Err(_) => [0, Reason::Equation.code() as u8],
    });
    j
}

#[test]
fn verkle_multiproof_presence_and_absence() {
    let (root, proof, claims) = verkle_fixture();
    assert!(claims.iter().any(|c| c.1.is_none()) && claims.iter().any(|c| c.1.is_some()));
    let go = |root: &[u8; 32], claims: &[([u8; 32], Option<[u8; 32]>)], proof: &[u8]| {
        let (r, m) = run(
            umbra_guests::VERKLE_MULTIPROOF_ELF,
            &verkle_input(root, claims, proof),
        );
        assert_eq!(r.unwrap().code, exit::SUCCESS);
        assert_eq!(m.syscall_counts().get(&syscall::VERKLE_VERIFY), Some(&1));
        let j = m.journal().to_vec();
        assert_eq!(j, verkle_expected(root, claims, proof));
        (
            j[j.len() - 2] == 1,
            Reason::from_code(j[j.len() - 1].into()).unwrap(),
        )
    };
    assert_eq!(go(&root, &claims, &proof), (true, Reason::Ok));
    // Tampered claimed value, presence flipped, root, and proof bytes: the verdict flips.
    let mut t = claims.clone();
    t[1].1.as_mut().unwrap()[0] ^= 1;
    assert_eq!(go(&root, &t, &proof), (false, Reason::Equation));
    let mut t = claims.clone();
    t[0].1 = None;
    assert!(!go(&root, &t, &proof).0);
    let mut t = claims.clone();
    t[3].1 = Some([0x33; 32]);
    assert!(!go(&root, &t, &proof).0);
    let mut bad_root = root;
    bad_root[0] ^= 1;
    assert!(!go(&bad_root, &claims, &proof).0);
    for i in [0, 3, proof.len() / 2, proof.len() - 100, proof.len() - 1] {
        let mut p = proof.clone();
        p[i] ^= 0x08;
        assert!(!go(&root, &claims, &p).0, "proof byte {i}");
    }
    assert_eq!(
        go(&root, &claims, &proof[..proof.len() - 32]),
        (false, Reason::Encoding)
    );
}

/// Issue #20 through the guest: a hand-built proof that a present key is absent (the key's
/// own leaf, at depth 1, passed off as the internal node whose slot `stem[1] = 0x40` is
/// empty; a real multiproof over the forged openings). Before the fix the guest's journal
/// stated the absence as valid; now the verdict is INVALID/Equation, for both index-0
/// values a cheater can supply for the leaf (its real 1, or a false 0).
#[test]
fn verkle_multiproof_forged_absence_is_invalid() {
    use ark_ff::{One, Zero};
    use umbra_verkle::multiproof::{self, ProverQuery};
    use umbra_verkle::tree::{stem_scalar, value_scalars};
    use umbra_verkle::tree_proof::{StemInfo, StemStatus, TREE_PROOF_LABEL, TreeProof};
    use umbra_verkle::{
        Banderwagon, BanderwagonScalar as Fr, Committer, Crs, Domain, Transcript, VerkleGroup,
        VerkleTree, WIDTH,
    };
    static C: std::sync::OnceLock<Committer<Banderwagon>> = std::sync::OnceLock::new();
    let cm = C.get_or_init(|| Committer::new(Crs::new()));
    let key = |prefix: &[u8], suffix: u8| {
        let mut k = [0u8; 32];
        k[..prefix.len()].copy_from_slice(prefix);
        k[31] = suffix;
        k
    };
    let (k, other) = (key(&[7, 0x40], 1), key(&[8], 2));
    let (v, vo) = ([0x11; 32], [0x22; 32]);
    let mut t = VerkleTree::new(cm);
    t.insert(&k, v);
    t.insert(&other, vo);
    let root = Banderwagon::encode(&t.root_commitment());
    // the two depth-1 leaves and the root, rebuilt
    let leaf = |key: &[u8; 32], value: &[u8; 32]| {
        let mut c1 = vec![Fr::zero(); WIDTH];
        let (lo, hi) = value_scalars::<Fr>(Some(value));
        let slot = 2 * (key[31] as usize % 128);
        (c1[slot], c1[slot + 1]) = (lo, hi);
        let mut ext = vec![Fr::zero(); WIDTH];
        ext[0] = Fr::one();
        ext[1] = stem_scalar(&key[..31].try_into().unwrap());
        ext[2] = Banderwagon::map_to_scalar(&cm.commit(&c1).unwrap());
        (cm.commit(&ext).unwrap(), ext)
    };
    let (leaf_c, leaf_v) = leaf(&k, &v);
    let mut root_v = vec![Fr::zero(); WIDTH];
    root_v[7] = Banderwagon::map_to_scalar(&leaf_c);
    root_v[8] = Banderwagon::map_to_scalar(&leaf(&other, &vo).0);
    assert!(Banderwagon::points_eq(
        &cm.commit(&root_v).unwrap(),
        &t.root_commitment()
    ));
    assert!(leaf_v[0x40].is_zero());
    let domain = Domain::new(WIDTH);
    for leaf_slot0 in [Fr::one(), Fr::zero()] {
        let root_c = t.root_commitment();
        let queries = [
            (root_c, &root_v, 0, root_v[0]),
            (root_c, &root_v, 7, root_v[7]),
            (leaf_c, &leaf_v, 0, leaf_slot0),
            (leaf_c, &leaf_v, 0x40, Fr::zero()),
        ]
        .map(
            |(commitment, poly, point, result)| ProverQuery::<Banderwagon> {
                commitment,
                poly,
                point,
                result,
            },
        );
        let mp = multiproof::prove(
            cm,
            &domain,
            &mut Transcript::new(TREE_PROOF_LABEL),
            &queries,
        )
        .unwrap();
        let forged = TreeProof::<Banderwagon> {
            stems: vec![StemInfo {
                status: StemStatus::Empty,
                depth: 1,
            }],
            commitments: vec![leaf_c],
            internal_slot0: vec![root_v[0], leaf_slot0],
            multiproof: mp,
        }
        .to_bytes();
        let claims = [(k, None)];
        let (r, m) = run(
            umbra_guests::VERKLE_MULTIPROOF_ELF,
            &verkle_input(&root, &claims, &forged),
        );
        assert_eq!(r.unwrap().code, exit::SUCCESS);
        let j = m.journal().to_vec();
        assert_eq!(j, verkle_expected(&root, &claims, &forged));
        assert_eq!(
            (j[j.len() - 2], j[j.len() - 1]),
            (0, Reason::Equation.code() as u8)
        );
    }
}
