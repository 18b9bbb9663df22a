//! Compressed IVC proofs (`umbra_folding::compressed`) of the Poseidon
//! chain: honest proofs of 2 and 20 steps compress to the same length and
//! verify; a proof the IVC verifier rejects is not compressed, and the
//! pieces a malicious compressor could substitute (another run's decider
//! proof, another statement) are rejected; every field tampered is a typed
//! error; the revealed witness values share nothing with the original ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;
use std::time::Instant;

use ark_bn254::{Fr, G1Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::One;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use umbra_folding::compressed::{
    CompressedIvcProof, compress, insecure_dev_decider_setup, verify_compressed,
};
use umbra_folding::decider::{self, DeciderProvingKey};
use umbra_folding::ivc::{IvcParams, IvcProver};
use umbra_folding::{Error, FoldingScheme, Nova, PoseidonChainStep, fold_with_random};

use crate::ivc::{STEPS, honest, params, step, z0};

fn keys() -> &'static DeciderProvingKey {
    static K: OnceLock<DeciderProvingKey> = OnceLock::new();
    K.get_or_init(|| {
        let t = Instant::now();
        let pk = insecure_dev_decider_setup(params(), b"umbra-folding ivc tests").unwrap();
        println!("decider setup {:?}", t.elapsed());
        pk
    })
}

fn compressed(n: usize, seed: u64) -> CompressedIvcProof {
    let t = Instant::now();
    let c = compress(
        params(),
        keys(),
        &honest(n),
        &mut StdRng::seed_from_u64(seed),
    )
    .unwrap();
    println!("{n} steps compressed in {:?}", t.elapsed());
    c
}

/// One honest compression of 2 steps and one of [`STEPS`], made once for every test of
/// the binary that only reads them (a compression is a decider proof: seconds each).
fn short() -> &'static CompressedIvcProof {
    static P: OnceLock<CompressedIvcProof> = OnceLock::new();
    P.get_or_init(|| compressed(2, 1))
}

fn long() -> &'static CompressedIvcProof {
    static P: OnceLock<CompressedIvcProof> = OnceLock::new();
    P.get_or_init(|| compressed(STEPS, 2))
}

fn check(p: &CompressedIvcProof) -> Result<(), Error> {
    verify_compressed(params(), keys().verifying_key(), p)
}

#[test]
fn compressed_proofs_verify_with_one_length_for_2_and_20_steps() {
    let (short, long) = (short(), long());
    let t = Instant::now();
    check(short).unwrap();
    println!("verified in {:?}", t.elapsed());
    check(long).unwrap();
    let (a, b) = (short.to_bytes(), long.to_bytes());
    println!("compressed proof: {} bytes", a.len());
    assert_eq!(a.len(), b.len());
    assert!(a.len() < honest(2).to_bytes().len() / 10);
    assert_eq!(&CompressedIvcProof::from_bytes(&a).unwrap(), short);
    assert_eq!(&CompressedIvcProof::from_bytes(&b).unwrap(), long);

    // Two compressions of one IVC proof share no randomised value, and the
    // revealed witness values are none of the original ones.
    let again = compressed(2, 3);
    check(&again).unwrap();
    assert_ne!(again.decider, short.decider);
    assert_ne!(again.cf_w.w, short.cf_w.w);
    let ivc = honest(2);
    let original: std::collections::HashSet<_> = ivc.big_w.w.iter().chain(&ivc.w.w).collect();
    let revealed = [short.decider.y, short.decider.blind];
    assert!(revealed.iter().all(|v| !original.contains(v)));
    let cf_original: std::collections::HashSet<_> = ivc.cf_w.w.iter().collect();
    assert!(
        short
            .cf_w
            .w
            .iter()
            .filter(|v| !cf_original.contains(v))
            .count()
            > short.cf_w.w.len() - 2
    );
}

#[test]
fn malicious_ivc_proofs_are_not_compressed() {
    // A prover that altered a middle step's witness: the IVC verifier
    // rejects the proof, the compressor refuses it, and running the
    // compressor's folds by hand leaves a pair the decider refuses.
    let pp = params();
    let mut rng = StdRng::seed_from_u64(21);
    let mut prover = IvcProver::new(pp, step(), z0()).unwrap();
    let hook = |i: usize, a: &mut umbra_folding::Assignment<Fr>| {
        if i == 1 {
            a.w[3] += Fr::one();
        }
    };
    for _ in 0..3 {
        prover.prove_step_with(&mut rng, Some(&hook)).unwrap();
    }
    let bad = prover.proof().unwrap();
    assert_eq!(
        compress(pp, keys(), &bad, &mut rng).unwrap_err(),
        Error::Unsatisfied
    );
    let (_, big_u, big_w, _) = Nova::prove(
        pp.primary(),
        (&bad.big_u, &bad.big_w),
        (&bad.u, &bad.w),
        &mut rng,
    )
    .unwrap();
    let zk = fold_with_random(pp.primary(), (&big_u, &big_w), &mut rng).unwrap();
    assert_eq!(
        decider::prove(
            &[pp.primary()],
            keys(),
            &[(&zk.instance, &zk.witness)],
            &mut rng
        )
        .unwrap_err(),
        Error::Unsatisfied
    );

    // Substitutions a malicious compressor could try: an honest proof's
    // decider part (or CycleFold part) under the bad proof's instances.
    let honest_c = short();
    let mut forged = honest_c.clone();
    forged.steps = bad.steps;
    forged.zn = bad.zn.clone();
    forged.big_u = bad.big_u.clone();
    forged.u = bad.u.clone();
    forged.cf_u = bad.cf_u.clone();
    assert!(check(&forged).is_err());
    // Another statement for an honest proof: a different final state or
    // step count.
    let mut p = honest_c.clone();
    p.zn[0] += Fr::one();
    assert_eq!(check(&p), Err(Error::StateHashMismatch));
    let mut p = honest_c.clone();
    p.steps += 1;
    assert_eq!(check(&p), Err(Error::StateHashMismatch));
    // Pieces of two honest compressions mixed.
    let other = long();
    for (name, mixed) in [
        ("decider", {
            let mut m = honest_c.clone();
            m.decider = other.decider.clone();
            m
        }),
        ("zk fold", {
            let mut m = honest_c.clone();
            m.zk_fold = other.zk_fold.clone();
            m
        }),
        ("cyclefold", {
            let mut m = honest_c.clone();
            m.cf_zk_fold = other.cf_zk_fold.clone();
            m.cf_w = other.cf_w.clone();
            m
        }),
    ] {
        assert!(check(&mixed).is_err(), "{name}");
    }
}

#[test]
fn tampering_every_field_of_the_compressed_proof_is_rejected() {
    let p = short().clone();
    check(&p).unwrap();
    let g = G1Affine::generator();
    let bump = move |q: G1Affine| (q.into_group() + g).into_affine();
    let gg = ark_grumpkin::Affine::generator();
    let bump_cf = move |q: ark_grumpkin::Affine| (q.into_group() + gg).into_affine();
    type Edit = Box<dyn Fn(&mut CompressedIvcProof)>;
    let one_fq = ark_grumpkin::Fr::one();
    let edits: Vec<(&str, Edit)> = vec![
        ("steps", Box::new(|p| p.steps += 1)),
        ("z0", Box::new(|p| p.z0[0] += Fr::one())),
        ("zn", Box::new(|p| p.zn[0] += Fr::one())),
        ("ic", Box::new(|p| p.ic += Fr::one())),
        (
            "U.W̄",
            Box::new(move |p| p.big_u.comm_w = bump(p.big_u.comm_w)),
        ),
        (
            "U.Ē",
            Box::new(move |p| p.big_u.comm_e = bump(p.big_u.comm_e)),
        ),
        ("U.u", Box::new(|p| p.big_u.u += Fr::one())),
        ("U.x", Box::new(|p| p.big_u.x[0] += Fr::one())),
        ("u.W̄", Box::new(move |p| p.u.comm_w = bump(p.u.comm_w))),
        ("u.x", Box::new(|p| p.u.x[0] += Fr::one())),
        (
            "cfU.W̄",
            Box::new(move |p| p.cf_u.comm_w = bump_cf(p.cf_u.comm_w)),
        ),
        (
            "cfU.Ē",
            Box::new(move |p| p.cf_u.comm_e = bump_cf(p.cf_u.comm_e)),
        ),
        ("cfU.u", Box::new(move |p| p.cf_u.u += one_fq)),
        ("cfU.x", Box::new(move |p| p.cf_u.x[0] += one_fq)),
        ("last T̄", Box::new(move |p| p.last_fold = bump(p.last_fold))),
        (
            "zk U_r.W̄",
            Box::new(move |p| p.zk_fold.random.comm_w = bump(p.zk_fold.random.comm_w)),
        ),
        ("zk U_r.u", Box::new(|p| p.zk_fold.random.u += Fr::one())),
        ("zk U_r.x", Box::new(|p| p.zk_fold.random.x[0] += Fr::one())),
        (
            "zk T̄",
            Box::new(move |p| p.zk_fold.comm_t = bump(p.zk_fold.comm_t)),
        ),
        ("decider eval", Box::new(|p| p.decider.y += Fr::one())),
        (
            "decider D",
            Box::new(move |p| p.decider.snark.d = bump(p.decider.snark.d)),
        ),
        (
            "cf U_r.Ē",
            Box::new(move |p| p.cf_zk_fold.random.comm_e = bump_cf(p.cf_zk_fold.random.comm_e)),
        ),
        (
            "cf T̄",
            Box::new(move |p| p.cf_zk_fold.comm_t = bump_cf(p.cf_zk_fold.comm_t)),
        ),
        ("cf W", Box::new(move |p| p.cf_w.w[0] += one_fq)),
        ("cf E", Box::new(move |p| p.cf_w.e[0] += one_fq)),
        ("cf r_W", Box::new(move |p| p.cf_w.r_w += one_fq)),
        ("cf r_E", Box::new(move |p| p.cf_w.r_e += one_fq)),
    ];
    for (name, edit) in &edits {
        let mut t = p.clone();
        edit(&mut t);
        assert!(check(&t).is_err(), "{name}");
        if let Ok(back) = CompressedIvcProof::from_bytes(&t.to_bytes()) {
            assert!(check(&back).is_err(), "{name} (encoded)");
        }
    }
    // Lengths: typed errors, no panic.
    let mut t = p.clone();
    t.z0.push(Fr::one());
    assert_eq!(check(&t), Err(Error::ArityMismatch));
    let mut t = p.clone();
    t.u.x.push(Fr::one());
    assert_eq!(check(&t), Err(Error::InstanceLength));
    let mut t = p.clone();
    t.cf_w.w.pop();
    assert!(check(&t).is_err());
    let mut t = p.clone();
    t.steps = 0;
    assert_eq!(check(&t), Err(Error::BaseCase));

    // Bytes: spread bit flips, truncation, extension, version.
    let bytes = p.to_bytes();
    let step_by = (bytes.len() / 150).max(1);
    for i in (0..bytes.len()).step_by(step_by).chain(0..64) {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        if let Ok(q) = CompressedIvcProof::from_bytes(&b) {
            assert!(check(&q).is_err(), "byte {i}");
        }
    }
    for cut in [0, 8, 9, 100, bytes.len() - 1] {
        assert!(CompressedIvcProof::from_bytes(&bytes[..cut]).is_err());
    }
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(
        CompressedIvcProof::from_bytes(&long),
        Err(Error::Deserialization)
    );
    let mut v = bytes.clone();
    v[8] ^= 0xff;
    assert_eq!(
        CompressedIvcProof::from_bytes(&v),
        Err(Error::UnsupportedVersion)
    );
}

#[test]
fn decider_keys_need_a_powers_of_tau_key_of_these_parameters() {
    // A transparent commitment key has no τ: nothing can be opened.
    let small = PoseidonChainStep::new(vec![Fr::from(1u64)]).unwrap();
    let transparent = IvcParams::setup_transparent(&small, b"transparent").unwrap();
    assert_eq!(
        insecure_dev_decider_setup(&transparent, b"transparent").unwrap_err(),
        Error::InvalidKey
    );
    // Keys of these parameters under another label's τ.
    assert_eq!(
        insecure_dev_decider_setup(params(), b"another label").unwrap_err(),
        Error::InvalidKey
    );
    // A proof checked against parameters its key was not made for.
    let p = compressed(2, 7);
    assert_eq!(
        verify_compressed(&transparent, keys().verifying_key(), &p),
        Err(Error::InvalidKey)
    );
    assert_eq!(
        compress(
            &transparent,
            keys(),
            &honest(2),
            &mut StdRng::seed_from_u64(8)
        )
        .unwrap_err(),
        Error::InvalidKey
    );
}

mod non_uniform {
    //! Compressed non-uniform IVC proofs (`compress_nivc`) of the two-kind
    //! program of `tests/nivc.rs`: one decider proof for both kinds.

    use super::*;
    use crate::nivc::{good, refs, z0 as nivc_z0};
    use umbra_folding::compressed::{
        CompressedNivcProof, compress_nivc, insecure_dev_nivc_decider_setup, verify_compressed_nivc,
    };
    use umbra_folding::nivc::{NivcProof, NivcProver};

    fn nivc_keys() -> &'static DeciderProvingKey {
        static K: OnceLock<DeciderProvingKey> = OnceLock::new();
        K.get_or_init(|| insecure_dev_nivc_decider_setup(&good().1, b"nivc tests").unwrap())
    }

    fn nivc_proof(n: usize, seed: u64) -> NivcProof {
        let (kinds, pp) = good();
        let kinds = refs(kinds);
        let mut prover = NivcProver::new(pp, &kinds, 0, nivc_z0()).unwrap();
        let mut rng = StdRng::seed_from_u64(seed);
        for _ in 0..n {
            prover.prove_step(&mut rng).unwrap();
        }
        prover.proof().unwrap()
    }

    fn nivc_check(p: &CompressedNivcProof) -> Result<(), Error> {
        verify_compressed_nivc(&good().1, nivc_keys().verifying_key(), p)
    }

    #[test]
    fn compressed_nivc_proofs_verify_and_reject_tampering() {
        let pp = &good().1;
        let mut rng = StdRng::seed_from_u64(31);
        let short = compress_nivc(pp, nivc_keys(), &nivc_proof(3, 1), &mut rng).unwrap();
        let long = compress_nivc(pp, nivc_keys(), &nivc_proof(7, 2), &mut rng).unwrap();
        nivc_check(&short).unwrap();
        nivc_check(&long).unwrap();
        let (a, b) = (short.to_bytes(), long.to_bytes());
        assert_eq!(a.len(), b.len(), "one length for 3 and 7 steps");
        assert_eq!(CompressedNivcProof::from_bytes(&a).unwrap(), short);
        println!("compressed two-kind proof: {} bytes", a.len());

        // The non-uniform fields and the per-kind lists.
        type Edit = Box<dyn Fn(&mut CompressedNivcProof)>;
        let g = G1Affine::generator();
        let edits: Vec<(&str, Edit)> = vec![
            ("last", Box::new(|p| p.last ^= 1)),
            ("pc", Box::new(|p| p.pc ^= 1)),
            ("pc0", Box::new(|p| p.pc0 ^= 1)),
            ("steps", Box::new(|p| p.steps += 1)),
            ("zn", Box::new(|p| p.zn[1] += Fr::one())),
            ("running swapped", Box::new(|p| p.running.swap(0, 1))),
            ("zk folds swapped", Box::new(|p| p.zk_folds.swap(0, 1))),
            (
                "last T̄",
                Box::new(move |p| p.last_fold = (p.last_fold.into_group() + g).into_affine()),
            ),
            (
                "zk U_r.u",
                Box::new(|p| p.zk_folds[0].random.u += Fr::one()),
            ),
            ("decider Y", Box::new(|p| p.decider.y += Fr::one())),
            ("cf W", Box::new(|p| p.cf_w.w[0] += ark_grumpkin::Fr::one())),
        ];
        for (name, edit) in &edits {
            let mut t = short.clone();
            edit(&mut t);
            assert!(nivc_check(&t).is_err(), "{name}");
        }
        let mut t = short.clone();
        t.running.pop();
        assert_eq!(nivc_check(&t), Err(Error::InstanceLength));
        let mut t = short.clone();
        t.zk_folds.pop();
        assert_eq!(nivc_check(&t), Err(Error::InstanceLength));
        let mut t = short.clone();
        t.last = 2;
        assert_eq!(nivc_check(&t), Err(Error::KindOutOfRange));
        let mut t = short.clone();
        t.decider = long.decider.clone();
        assert!(nivc_check(&t).is_err(), "another run's decider proof");
        // Spread byte flips, and a count field pointing past the end.
        let step_by = (a.len() / 100).max(1);
        for i in (0..a.len()).step_by(step_by) {
            let mut b = a.clone();
            b[i] ^= 0x01;
            if let Ok(q) = CompressedNivcProof::from_bytes(&b) {
                assert!(nivc_check(&q).is_err(), "byte {i}");
            }
        }
        let mut b = a.clone();
        let count_at = 9 + 8 + 8 + (8 + 64) * 2 + 8 + 8 + 32;
        b[count_at..count_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(
            CompressedNivcProof::from_bytes(&b),
            Err(Error::Deserialization)
        );

        // The decider keys of the uniform program do not fit.
        assert_eq!(
            verify_compressed_nivc(pp, keys().verifying_key(), &short),
            Err(Error::InvalidKey)
        );
    }

    #[test]
    fn a_rejected_nivc_proof_is_not_compressed() {
        let (kinds, pp) = good();
        let kinds = refs(kinds);
        let mut rng = StdRng::seed_from_u64(32);
        let mut prover = NivcProver::new(pp, &kinds, 0, nivc_z0()).unwrap();
        let hook = |i: usize, a: &mut umbra_folding::Assignment<Fr>| {
            if i == 1 {
                let k = a.w.len() - 5;
                a.w[k] += Fr::one();
            }
        };
        for _ in 0..4 {
            prover.prove_step_with(&mut rng, None, Some(&hook)).unwrap();
        }
        let bad = prover.proof().unwrap();
        assert_eq!(
            compress_nivc(pp, nivc_keys(), &bad, &mut rng).unwrap_err(),
            Error::Unsatisfied
        );
    }
}
