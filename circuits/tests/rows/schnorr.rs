//! Constraint counts of the Schnorr (Poseidon challenge) verification gadget.

use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::ConstraintSystem;
use umbra_circuits::schnorr::{SignatureVar, VerifyingKeyVar, enforce_verify};
use umbra_circuits::table::CountRow;
use umbra_schnorr::poseidon_schnorr::{BabyJubjub, Curve, Jubjub, PoseidonSchnorr, SigningKey};

const ANCHOR: &str = "arkworks EdDSA-Jubjub + Poseidon ≈ 5,900";

/// Constraints of `enforce_verify` for a message of `len` elements, with the
/// key, message and signature allocated as public inputs (allocation's
/// on-curve checks included).
fn count<C: Curve>(len: usize) -> usize {
    let scheme = PoseidonSchnorr::<C>::new().unwrap();
    let mut sk = [0x17u8; 32];
    sk[31] = 0x01;
    let key = SigningKey::<C>::from_bytes(&sk).unwrap();
    let msg: Vec<C::Base> = (0..len as u64).map(|i| C::Base::from(i + 1)).collect();
    let sig = scheme.sign(&key, &msg, None).unwrap();
    let cs = ConstraintSystem::<C::Base>::new_ref();
    let pk = VerifyingKeyVar::<C>::new_input(cs.clone(), || Ok(*key.verifying_key())).unwrap();
    let sig = SignatureVar::<C>::new_input(cs.clone(), || Ok(sig)).unwrap();
    let msg: Vec<FpVar<C::Base>> = msg
        .iter()
        .map(|m| FpVar::new_input(cs.clone(), || Ok(*m)).unwrap())
        .collect();
    enforce_verify(scheme.poseidon(), &pk, &msg, &sig).unwrap();
    assert!(cs.is_satisfied().unwrap());
    cs.num_constraints()
}

pub fn rows() -> Vec<CountRow> {
    let mut rows = Vec::new();
    for len in [1usize, 4] {
        rows.push(CountRow {
            section: "Schnorr (Poseidon challenge)",
            gadget: format!("verify, Jubjub, {len}-element message"),
            field: "BLS12-381 Fr",
            constraints: count::<Jubjub>(len),
            anchor: ANCHOR,
        });
    }
    for len in [1usize, 4] {
        rows.push(CountRow {
            section: "Schnorr (Poseidon challenge)",
            gadget: format!("verify, Baby Jubjub, {len}-element message"),
            field: "BN254 Fr",
            constraints: count::<BabyJubjub>(len),
            anchor: ANCHOR,
        });
    }
    rows
}
