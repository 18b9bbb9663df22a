//! Constraint counts of the hash gadgets (`src/hash`), measured on BN254 Fr
//! (and BLS12-381 Fr for one SHA-256 block: the counts do not depend on the
//! field). ark-crypto-primitives' `Sha256Gadget` is synthesised on the same
//! messages as the SHA-256 anchor.

use ark_crypto_primitives::crh::sha256::constraints::Sha256Gadget;
use ark_ff::PrimeField;
use ark_r1cs_std::{alloc::AllocVar, uint8::UInt8, uint32::UInt32, uint64::UInt64};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError};
use umbra_circuits::{
    hash::{
        BLAKE2B_IV, SHA256_IV, SHA512_IV, blake2b_compress_var, blake2b512_personal_var,
        keccak_f1600_var, keccak256_var, sha3_256_var, sha256_compress_var, sha256_var,
        sha512_compress_var, sha512_var,
    },
    table::CountRow,
};

const SECTION: &str = "Hash gadgets (SHA-2, Keccak)";

type Bn = ark_bn254::Fr;
type Bls = ark_bls12_381::Fr;

/// Constraints the gadget adds: `f` allocates its inputs (the booleanity
/// checks of witness bits are not the gadget's) and returns the count at
/// that point, then calls the gadget.
fn count<F: PrimeField>(
    f: impl FnOnce(ConstraintSystemRef<F>) -> Result<usize, SynthesisError>,
) -> usize {
    let cs = ConstraintSystem::<F>::new_ref();
    let before = f(cs.clone()).unwrap();
    cs.num_constraints() - before
}

fn msg<F: PrimeField>(cs: &ConstraintSystemRef<F>, len: usize) -> Vec<UInt8<F>> {
    let m: Vec<u8> = (0..len).map(|i| i as u8).collect();
    UInt8::new_witness_vec(cs.clone(), &m).unwrap()
}

fn sha256_block<F: PrimeField>(cs: ConstraintSystemRef<F>) -> Result<usize, SynthesisError> {
    let st: [UInt32<F>; 8] = SHA256_IV.map(|w| UInt32::new_witness(cs.clone(), || Ok(w)).unwrap());
    let blk: [UInt8<F>; 64] = msg(&cs, 64).try_into().unwrap();
    let before = cs.num_constraints();
    sha256_compress_var(&st, &blk)?;
    Ok(before)
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn row(gadget: &str, field: &'static str, constraints: usize, anchor: &'static str) -> CountRow {
    CountRow {
        section: SECTION,
        gadget: gadget.to_string(),
        field,
        constraints,
        anchor,
    }
}

pub fn rows() -> Vec<CountRow> {
    let ark = |len| {
        count::<Bn>(|cs| {
            let m = msg(&cs, len);
            let before = cs.num_constraints();
            Sha256Gadget::digest(&m)?;
            Ok(before)
        })
    };
    let sha256_len = |len| {
        count::<Bn>(|cs| {
            let m = msg(&cs, len);
            let before = cs.num_constraints();
            sha256_var(&m)?;
            Ok(before)
        })
    };
    let sha512_len = |len| {
        count::<Bn>(|cs| {
            let m = msg(&cs, len);
            let before = cs.num_constraints();
            sha512_var(&m)?;
            Ok(before)
        })
    };
    let keccak_len = |len| {
        count::<Bn>(|cs| {
            let m = msg(&cs, len);
            let before = cs.num_constraints();
            keccak256_var(&m)?;
            Ok(before)
        })
    };
    let ark_block = ark(55);
    vec![
        row(
            "SHA-256 compression (variable state and block)",
            "BN254 Fr",
            count::<Bn>(sha256_block),
            "bellman/Zcash ≈ 25,840 per block; circom ≈ 29,380 per block",
        ),
        row(
            "SHA-256 compression (variable state and block)",
            "BLS12-381 Fr",
            count::<Bls>(sha256_block),
            "—",
        ),
        row(
            "SHA-256, 55-byte message (1 block, constant IV)",
            "BN254 Fr",
            sha256_len(55),
            leak(format!("ark-crypto-primitives `Sha256Gadget`: {ark_block}")),
        ),
        row(
            "SHA-256, 32-byte message (1 block)",
            "BN254 Fr",
            sha256_len(32),
            leak(format!("ark-crypto-primitives `Sha256Gadget`: {}", ark(32))),
        ),
        row(
            "SHA-256, 64-byte message (2 blocks)",
            "BN254 Fr",
            sha256_len(64),
            leak(format!("ark-crypto-primitives `Sha256Gadget`: {}", ark(64))),
        ),
        row(
            "SHA-512 compression (variable state and block)",
            "BN254 Fr",
            count::<Bn>(|cs| {
                let st: [UInt64<Bn>; 8] =
                    SHA512_IV.map(|w| UInt64::new_witness(cs.clone(), || Ok(w)).unwrap());
                let blk: [UInt8<Bn>; 128] = msg(&cs, 128).try_into().unwrap();
                let before = cs.num_constraints();
                sha512_compress_var(&st, &blk)?;
                Ok(before)
            }),
            "—",
        ),
        row(
            "SHA-512, 32-byte message (1 block)",
            "BN254 Fr",
            sha512_len(32),
            "—",
        ),
        row(
            "SHA-512, 64-byte message (1 block)",
            "BN254 Fr",
            sha512_len(64),
            "—",
        ),
        row(
            "Keccak-f[1600] permutation (variable state)",
            "BN254 Fr",
            count::<Bn>(|cs| {
                let lanes: [UInt64<Bn>; 25] = core::array::from_fn(|i| {
                    UInt64::new_witness(cs.clone(), || Ok(i as u64)).unwrap()
                });
                let before = cs.num_constraints();
                keccak_f1600_var(&lanes)?;
                Ok(before)
            }),
            "≈ 150,000 in naive R1CS (2 per XOR/AND bit)",
        ),
        row(
            "Keccak-256, 32-byte message (1 permutation)",
            "BN254 Fr",
            keccak_len(32),
            "—",
        ),
        row(
            "Keccak-256, 64-byte message (1 permutation)",
            "BN254 Fr",
            keccak_len(64),
            "—",
        ),
        row(
            "BLAKE2b compression (variable state and block)",
            "BLS12-381 Fr",
            count::<Bls>(|cs| {
                let st: [UInt64<Bls>; 8] =
                    BLAKE2B_IV.map(|w| UInt64::new_witness(cs.clone(), || Ok(w)).unwrap());
                let blk: [UInt8<Bls>; 128] = msg(&cs, 128).try_into().unwrap();
                let before = cs.num_constraints();
                blake2b_compress_var(&st, &blk, 128, true)?;
                Ok(before)
            }),
            "—",
        ),
        row(
            "BLAKE2b-512 personalised, 96-byte message (1 block; RedJubjub's `H*`)",
            "BLS12-381 Fr",
            count::<Bls>(|cs| {
                let m = msg(&cs, 96);
                let before = cs.num_constraints();
                blake2b512_personal_var(&m, b"Zcash_RedJubjubH")?;
                Ok(before)
            }),
            "—",
        ),
        row(
            "SHA3-256, 32-byte message (1 permutation)",
            "BN254 Fr",
            count::<Bn>(|cs| {
                let m = msg(&cs, 32);
                let before = cs.num_constraints();
                sha3_256_var(&m)?;
                Ok(before)
            }),
            "—",
        ),
    ]
}
