//! IVC proof decoding + verification (umbra-folding) on inputs derived
//! from a valid two-step proof: the fuzzer's bytes are XORed into the valid
//! encoding at an offset it chooses, so mutations reach the points,
//! lengths and witnesses behind the header. Must never panic; a changed
//! proof must never verify.
#![no_main]

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_std::rand::SeedableRng;
use libfuzzer_sys::fuzz_target;
use umbra_folding::PoseidonChainStep;
use umbra_folding::ivc::{IvcParams, IvcProof, IvcProver, verify};

struct Setup {
    pp: IvcParams,
    bytes: Vec<u8>,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let step = PoseidonChainStep::new(vec![Fr::from(1u64), Fr::from(2u64)]).unwrap();
        let pp = IvcParams::setup(&step, b"fuzz").unwrap();
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(0);
        let mut prover = IvcProver::new(&pp, &step, vec![Fr::from(3u64)]).unwrap();
        prover.prove_step(&mut rng).unwrap();
        prover.prove_step(&mut rng).unwrap();
        let bytes = prover.proof().unwrap().to_bytes();
        Setup { pp, bytes }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    // Raw bytes as a proof.
    if let Ok(p) = IvcProof::from_bytes(data) {
        let _ = verify(&s.pp, &p);
    }
    // The valid proof with `data[4..]` XORed in at offset `data[..4]`
    // (modulo the length); a trailing `data[4..]` longer than the rest is
    // cut.
    if data.len() < 5 {
        return;
    }
    let off = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize % s.bytes.len();
    let mut b = s.bytes.clone();
    let mut changed = false;
    for (dst, src) in b[off..].iter_mut().zip(&data[4..]) {
        changed |= *src != 0;
        *dst ^= src;
    }
    if let Ok(p) = IvcProof::from_bytes(&b) {
        let r = verify(&s.pp, &p);
        assert!(!changed || r.is_err(), "a modified proof verified");
    }
});
