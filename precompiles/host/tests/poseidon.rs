//! The Poseidon precompile driven through a real `ecall`: the permuted state equals
//! `umbra-poseidon`'s (and circomlib's hash of `[1, 2]`), the cost is charged, and malformed
//! calls (non-canonical element, bad field, bad width, bad pointer, misalignment, nonzero
//! reserved register) stop the guest with a typed error and leave the state untouched.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ark_ff::{BigInteger, PrimeField};
use umbra_abi::syscall;
use umbra_poseidon::Poseidon;
use umbra_vm::{Exit, Program, SyscallError, Vm, VmConfig, VmError};

const CODE: u32 = 0x2_0000;
const DATA: u32 = 0x3_0000;

fn call(args: [u32; 4], state: &[u8]) -> (Result<Exit, VmError>, Vm) {
    let p = Program::from_words(CODE, &[0x73, 0x0000_0293, 0x73]).unwrap();
    let mut vm = Vm::new(&p, VmConfig::default())
        .unwrap()
        .with_registry(umbra_precompiles::registry());
    vm.memory_mut().write_bytes(DATA, state).unwrap();
    vm.set_reg(5, syscall::POSEIDON_PERMUTE);
    for (k, a) in args.iter().enumerate() {
        vm.set_reg(10 + k, *a);
    }
    (vm.run(), vm)
}

fn read(vm: &Vm, len: usize) -> Vec<u8> {
    let mut out = vec![0; len];
    vm.memory().read_bytes(DATA, &mut out).unwrap();
    out
}

fn enc<F: PrimeField>(xs: &[F]) -> Vec<u8> {
    xs.iter()
        .flat_map(|x| {
            let mut b = x.into_bigint().to_bytes_le();
            b.resize(32, 0);
            b
        })
        .collect()
}

fn err(args: [u32; 4], state: &[u8]) -> SyscallError {
    match call(args, state).0 {
        Err(VmError::Syscall { id, error, .. }) => {
            assert_eq!(id, syscall::POSEIDON_PERMUTE);
            error
        }
        other => panic!("{other:?}"),
    }
}

fn check_native<F: umbra_poseidon::CtField, const T: usize>(field: u32) {
    let mut s = [F::from(0u64); T];
    for (i, x) in s.iter_mut().enumerate() {
        *x = F::from(1000 + i as u64) - F::from(7u64).inverse().unwrap();
    }
    let input = enc(&s);
    let (r, vm) = call([field, T as u32, DATA, 0], &input);
    let exit = r.unwrap();
    assert_eq!(exit.cycles, 3 + umbra_precompiles::cost::poseidon(T as u32));
    Poseidon::<F, T>::new().unwrap().permute(&mut s);
    assert_eq!(read(&vm, T * 32), enc(&s));
    assert_eq!(vm.regs()[10], 0);
}

#[test]
fn permutation_matches_umbra_poseidon() {
    check_native::<ark_bn254::Fr, 2>(0);
    check_native::<ark_bn254::Fr, 3>(0);
    check_native::<ark_bn254::Fr, 4>(0);
    check_native::<ark_bn254::Fr, 5>(0);
    check_native::<ark_bls12_381::Fr, 2>(1);
    check_native::<ark_bls12_381::Fr, 3>(1);
    check_native::<ark_bls12_381::Fr, 5>(1);
}

#[test]
fn circomlib_hash_of_1_2() {
    // circomlib poseidon([1, 2]) = cell 0 of the permutation of [0, 1, 2] (t = 3, BN254).
    let s = enc(&[ark_bn254::Fr::from(0u64), 1u64.into(), 2u64.into()]);
    let (r, vm) = call([0, 3, DATA, 0], &s);
    r.unwrap();
    let out = read(&vm, 96);
    let h = ark_bn254::Fr::from_le_bytes_mod_order(&out[..32]);
    assert_eq!(
        h.to_string(),
        "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    );
}

#[test]
fn malformed_calls_are_typed_errors() {
    let good = enc(&[ark_bn254::Fr::from(5u64), 6u64.into(), 7u64.into()]);
    // Element >= p (p itself, and all-ones) in every position: BadEncoding, state untouched.
    let p = ark_bn254::Fr::MODULUS.to_bytes_le();
    for i in 0..3 {
        for bad in [p.clone(), vec![0xff; 32]] {
            let mut s = good.clone();
            s[32 * i..32 * i + 32].copy_from_slice(&bad);
            let (r, vm) = call([0, 3, DATA, 0], &s);
            match r {
                Err(VmError::Syscall { error, .. }) => {
                    assert_eq!(error, SyscallError::BadEncoding)
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(read(&vm, 96), s);
        }
    }
    // p - 1 is canonical.
    let mut s = good.clone();
    s[..32].copy_from_slice(&enc(&[-ark_bn254::Fr::from(1u64)]));
    call([0, 3, DATA, 0], &s).0.unwrap();
    // BLS12-381's modulus is smaller: a BN254-canonical value above it is rejected there.
    let mut s = good.clone();
    s[..32].copy_from_slice(&ark_bls12_381::Fr::MODULUS.to_bytes_le());
    assert_eq!(err([1, 3, DATA, 0], &s), SyscallError::BadEncoding);
    // Unknown field, unsupported widths, reserved register.
    assert_eq!(
        err([2, 3, DATA, 0], &good),
        SyscallError::BadVariant { value: 2 }
    );
    for t in [0, 1, 6, 16, 17, 1000] {
        assert_eq!(
            err([0, t, DATA, 0], &[0; 1024]),
            SyscallError::BadLength { len: t }
        );
    }
    assert_eq!(
        err([0, 3, DATA, 9], &good),
        SyscallError::BadVariant { value: 9 }
    );
    // Pointers.
    assert_eq!(
        err([0, 3, DATA + 2, 0], &good),
        SyscallError::Misaligned { addr: DATA + 2 }
    );
    assert_eq!(
        err([0, 3, 0x100, 0], &good),
        SyscallError::BadPointer {
            addr: 0x100,
            len: 96
        }
    );
    // Code is not writable.
    assert_eq!(
        err([0, 3, CODE, 0], &good),
        SyscallError::BadPointer {
            addr: CODE,
            len: 96
        }
    );
}
