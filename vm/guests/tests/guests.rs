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

    let (r, _) = run(umbra_guests::PANICKY_ELF, &[3, 1, 2]);
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
/// verdict; the real handler replaces it when the schnorr crate lands.
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
