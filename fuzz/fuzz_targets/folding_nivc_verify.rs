//! Non-uniform IVC proof decoding + verification (umbra-folding `nivc`) on
//! inputs derived from a valid three-step proof that runs both kinds: the
//! fuzzer's bytes are XORed into the valid encoding at an offset it chooses,
//! so mutations reach the program counter, the per-kind running instances,
//! their witnesses and the CycleFold pair behind the header. Must never
//! panic; a changed proof must never verify.
#![no_main]

#[path = "../common/mutate.rs"]
mod mutate;

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use libfuzzer_sys::fuzz_target;
use umbra_folding::StepCircuit;
use umbra_folding::nivc::{NivcParams, NivcProof, NivcProver, NonUniformStep, verify_nivc};

/// Kind 0: `(a, c) → (a² + c, c + 1)`, then kind 1. Kind 1:
/// `(a, c) → (a + c, c + 1)`, then kind 0.
struct Kind(u64);

impl StepCircuit for Kind {
    fn arity(&self) -> usize {
        2
    }
    fn generate_step_constraints(
        &self,
        _cs: ConstraintSystemRef<Fr>,
        _i: usize,
        z: &[FpVar<Fr>],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let a = if self.0 == 0 {
            z[0].square()? + &z[1]
        } else {
            &z[0] + &z[1]
        };
        Ok(vec![a, &z[1] + Fr::from(1u64)])
    }
}

impl NonUniformStep for Kind {
    fn next_kind(
        &self,
        _cs: ConstraintSystemRef<Fr>,
        _i: usize,
        _z_next: &[FpVar<Fr>],
    ) -> Result<FpVar<Fr>, SynthesisError> {
        Ok(FpVar::constant(Fr::from(1 - self.0)))
    }
}

struct Setup {
    pp: &'static NivcParams,
    bytes: Vec<u8>,
}

static KINDS: [Kind; 2] = [Kind(0), Kind(1)];

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let kinds: Vec<&dyn NonUniformStep> =
            KINDS.iter().map(|k| k as &dyn NonUniformStep).collect();
        // Leaked once: the prover borrows both for the life of the process.
        let pp: &'static NivcParams =
            Box::leak(Box::new(NivcParams::setup(&kinds, b"fuzz nivc").unwrap()));
        let kinds: &'static [&'static dyn NonUniformStep] = Box::leak(kinds.into_boxed_slice());
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(0);
        let mut prover =
            NivcProver::new(pp, kinds, 0, vec![Fr::from(3u64), Fr::from(0u64)]).unwrap();
        for _ in 0..3 {
            prover.prove_step(&mut rng).unwrap();
        }
        let bytes = prover.proof().unwrap().to_bytes();
        Setup { pp, bytes }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    mutate::decode_and_verify_mutations(&s.bytes, data, NivcProof::from_bytes, |p: &NivcProof| {
        verify_nivc(s.pp, p)
    });
});
