//! Arbitrary syscall ids and argument registers (biased toward the ABI's ids and toward
//! pointers into mapped memory): every call completes or stops the guest with a typed
//! `VmError::Syscall` naming the syscall; never a panic, never another error. A third of the
//! inputs target the curve and field precompiles (Poseidon, Pedersen, Verkle, BIP-340,
//! RedJubjub, Ed25519, threshold ECDSA), whose verifiers must answer with a verdict in `a0` (0 or 1) and a defined `Reason` in `a1`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use umbra_abi::syscall;
use umbra_vm::{Program, Vm, VmConfig, VmError};

const CODE: u32 = 0x2_0000;
const DATA: u32 = 0x3_0000;

fuzz_target!(|data: &[u8]| {
    if data.len() < 21 {
        return;
    }
    let word = |k: usize| u32::from_le_bytes([data[k], data[k + 1], data[k + 2], data[k + 3]]);
    const CURVE: [u32; 8] = [
        syscall::POSEIDON_PERMUTE,
        syscall::PEDERSEN_COMMIT,
        syscall::VERKLE_VERIFY,
        syscall::REDJUBJUB_VERIFY,
        syscall::BIP340_VERIFY,
        syscall::ED25519_VERIFY,
        syscall::TECDSA_FELDMAN_VERIFY,
        syscall::TECDSA_SIGSHARE_VERIFY,
    ];
    let id = match data[0] % 6 {
        0 => word(1),
        1 | 2 => CURVE[word(1) as usize % CURVE.len()],
        _ => syscall::ALL[word(1) as usize % syscall::ALL.len()],
    };
    // Arguments: raw, or small lengths / pointers near the data page, chosen per byte.
    let mut args = [0u32; 4];
    for (k, a) in args.iter_mut().enumerate() {
        let raw = word(5 + 4 * k);
        *a = match raw & 3 {
            // Raw values, but huge-yet-legal lengths (megabytes of hashing) would only slow
            // the fuzzer down: those are cut to 64 KiB.
            0 if raw < (1 << 26) => raw & 0xffff,
            0 => raw,
            1 => (raw >> 2) & 0x1ff,
            2 => DATA + ((raw >> 2) & 0x1fff),
            _ => DATA + ((raw >> 2) & 0xfff) * 4,
        };
    }
    let program = Program::from_words(CODE, &[0x73, 0x0000_0293, 0x73]).expect("valid");
    let mut vm = Vm::new(
        &program,
        VmConfig {
            cycle_limit: 1 << 40,
            memory_limit: 1 << 22,
            ..VmConfig::default()
        },
    )
    .expect("loads")
    .with_registry(umbra_precompiles::registry())
    .with_input(data[21..].to_vec());
    vm.memory_mut()
        .write_bytes(DATA, &data[21..])
        .expect("data page is writable");
    vm.set_reg(5, id);
    for (k, a) in args.iter().enumerate() {
        vm.set_reg(10 + k, *a);
    }
    match vm.run() {
        Ok(_) => {
            let verifier = syscall::is_precompile(id)
                && !matches!(
                    id,
                    syscall::SHA3_256
                        | syscall::KECCAK_256
                        | syscall::POSEIDON_PERMUTE
                        | syscall::PEDERSEN_COMMIT
                );
            if verifier {
                let (a0, a1) = (vm.regs()[10], vm.regs()[11]);
                assert!(a0 <= 1, "verdict {a0}");
                assert!(umbra_abi::Reason::from_code(a1).is_some(), "reason {a1}");
                assert_eq!(a0 == 1, a1 == 0);
            }
        }
        Err(VmError::Syscall {
            id: got,
            name,
            error,
            pc,
        }) => {
            assert_eq!((got, pc), (id, CODE));
            assert_eq!(name, syscall::name(id).unwrap_or("unknown"));
            let _ = error.code();
        }
        Err(other) => panic!("{other:?}"),
    }
});
