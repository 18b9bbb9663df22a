//! Constraint counts of the RedJubjub verification gadget.

use ark_ed_on_bls12_381::Fq;
use ark_r1cs_std::uint8::UInt8;
use ark_relations::gr1cs::ConstraintSystem;
use umbra_circuits::redjubjub::enforce_verify;
use umbra_circuits::table::CountRow;
use umbra_schnorr::redjubjub::{Binding, SigType, SigningKey, SpendAuth};

/// Constraints `enforce_verify::<T>` adds for a message of `len` bytes, with
/// the key, signature and message allocated as witness bytes beforehand
/// (their booleanity checks are not counted).
fn count<T: SigType>(len: usize) -> usize {
    let mut sk = [0x17u8; 32];
    sk[31] = 0x01;
    let key = SigningKey::<T>::from_bytes(&sk).unwrap();
    let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
    let sig = key.sign_with_randomness(&[0x42; 80], &msg).to_bytes();
    let vk = key.verification_key().to_bytes();
    let cs = ConstraintSystem::<Fq>::new_ref();
    let vkv: [UInt8<Fq>; 32] = UInt8::new_witness_vec(cs.clone(), &vk)
        .unwrap()
        .try_into()
        .unwrap();
    let sv: [UInt8<Fq>; 64] = UInt8::new_witness_vec(cs.clone(), &sig)
        .unwrap()
        .try_into()
        .unwrap();
    let mv = UInt8::new_witness_vec(cs.clone(), &msg).unwrap();
    let before = cs.num_constraints();
    enforce_verify::<T>(&vkv, &sv, &mv).unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints() - before
}

pub fn rows() -> Vec<CountRow> {
    let row = |gadget: &str, constraints| CountRow {
        section: "RedJubjub",
        gadget: gadget.to_string(),
        field: "BLS12-381 Fr",
        constraints,
        anchor: "—",
    };
    vec![
        row(
            "verify SpendAuth, 32-byte message (1 BLAKE2b block)",
            count::<SpendAuth>(32),
        ),
        row(
            "verify Binding, 32-byte message (1 BLAKE2b block)",
            count::<Binding>(32),
        ),
        row(
            "verify SpendAuth, 100-byte message (2 BLAKE2b blocks)",
            count::<SpendAuth>(100),
        ),
    ]
}
