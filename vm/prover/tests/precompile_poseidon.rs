//! The `poseidon_permute` circuit kind (`umbra_prover::precompile::poseidon`): its written
//! words against the host handler, its cycle charge against the VM's, satisfaction in a
//! real constraint system, the phase-1 advice split, the bus link with the CPU side, the
//! calls it must reject and constraint mutation over every witness variable.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use ark_bn254::Fr;
use ark_ff::{BigInteger, One, PrimeField, Zero};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use ark_std::UniformRand;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use umbra_abi::PoseidonField;
use umbra_abi::syscall::POSEIDON_PERMUTE;
use umbra_prover::bus::{Ledger, Tag, Tuple, compress};
use umbra_prover::precompile::poseidon::{EXTRA_CYCLES, PoseidonStep, WORDS, call_for};
use umbra_prover::precompile::{KindError, PrecompileCall, args_fields, syscall_fields, write_ts};
use umbra_prover::rom::Rom;
use umbra_prover::step::{ARITY, StepState};
use umbra_prover::witness::InitialMemory;
use umbra_vm::{Program, Vm, VmConfig};

use crate::harness::enc::{self, CODE, DATA, ECALL, HALT, addi, lui};

/// The state buffer's address in the test program's data segment.
const PTR: u32 = DATA + 0x40;

/// 32 little-endian bytes of a field element.
fn le(x: Fr) -> [u8; 32] {
    let mut b = x.into_bigint().to_bytes_le();
    b.resize(32, 0);
    b.try_into().unwrap()
}

fn random_state(rng: &mut StdRng) -> [[u8; 32]; 3] {
    [0; 3].map(|_| le(Fr::rand(rng)))
}

/// The input of one level of the `poseidon-merkle` guest: `[3, left, right]`.
fn merkle_state(rng: &mut StdRng) -> [[u8; 32]; 3] {
    let mut tag = [0u8; 32];
    tag[0] = 3; // DOMAIN_MERKLE_2_TO_1
    [tag, le(Fr::rand(rng)), le(Fr::rand(rng))]
}

/// `permute(...)`'s call at clk 5 on words written at clks 1..=4 (t_prev < ts).
fn honest(state: &[[u8; 32]; 3], ptr: u32) -> PrecompileCall {
    let t_prev: [u64; WORDS] = core::array::from_fn(|i| (i % 4) as u64 * 4 + 3);
    call_for(state, ptr, 5, &t_prev).unwrap()
}

fn z_with(gamma: Fr, alpha: Fr) -> Vec<Fr> {
    StepState::initial(CODE).to_z(gamma, alpha, Fr::from(12345u64))
}

fn z() -> Vec<Fr> {
    let mut rng = StdRng::seed_from_u64(11);
    z_with(Fr::rand(&mut rng), Fr::rand(&mut rng))
}

/// The program whose page table and ROM the lookups are checked against: a
/// `poseidon_permute(Bn254, PTR)` call on `state` and a halt. Returns the program, the VM's
/// trace and the VM's state buffer after the call.
fn vm_run(state: &[[u8; 32]; 3]) -> (Program, umbra_vm::trace::Trace, Vec<u8>) {
    let mut data = vec![0u8; (PTR - DATA) as usize];
    data.extend(state.iter().flatten());
    let code = [
        lui(12, DATA),
        addi(12, 12, (PTR - DATA) as i32),
        addi(10, 0, PoseidonField::Bn254.id() as i32),
        addi(11, 0, 3),
        addi(13, 0, 0),
        addi(5, 0, POSEIDON_PERMUTE as i32),
        ECALL,
        HALT[0],
        HALT[1],
    ];
    let program = enc::program(&code, &data);
    let mut vm = Vm::new(&program, VmConfig::default())
        .unwrap()
        .with_registry(umbra_precompiles::registry());
    let (exit, trace) = vm.run_traced();
    assert_eq!(exit.unwrap().code, 0);
    let mut after = vec![0u8; 96];
    vm.memory().read_bytes(PTR, &mut after).unwrap();
    (program, trace, after)
}

/// A constraint system holding the step on `z` (z as public inputs); `lc_cache = false`
/// lets a test edit the assignment and re-check.
fn synth(step: &PoseidonStep, z: &[Fr], lc_cache: bool) -> ConstraintSystemRef<Fr> {
    crate::harness::synthesize_step(
        z,
        lc_cache,
        |cs, zv| step.generate_step_constraints(cs, 0, zv).unwrap(),
        step.eval_native(z).unwrap().z_out,
    )
}

/// Whether the kind accepts the step: every row holds natively and every lookup is in its
/// table (the page table and ROM of `program`).
fn accepted(program: &Program, step: &PoseidonStep) -> bool {
    let out = step.eval_native(&z()).unwrap();
    let mut ledger = Ledger::default();
    ledger.absorb(
        &Rom::from_program(program),
        &InitialMemory::from_program(program),
        &out.tuples,
    );
    out.violated.is_empty() && ledger.unmatched() == 0
}

/// The words the kind writes (its `Ram` tuples with multiplicity +1), by address.
fn written(step: &PoseidonStep) -> Vec<(u32, u32)> {
    step.eval_native(&z())
        .unwrap()
        .tuples
        .iter()
        .filter(|t| t.tag == Tag::Ram && t.mult == Fr::one())
        .map(|t| {
            let a = umbra_prover::bus::small_u64(t.fields[0]).unwrap();
            let v = umbra_prover::bus::small_u64(t.fields[1]).unwrap();
            (a as u32, v as u32)
        })
        .collect()
}

fn words_le(words: &[(u32, u32)]) -> Vec<u8> {
    words.iter().flat_map(|&(_, v)| v.to_le_bytes()).collect()
}

#[test]
fn written_words_are_the_host_permutation() {
    let mut rng = StdRng::seed_from_u64(1);
    let mut states: Vec<[[u8; 32]; 3]> = (0..8).map(|_| random_state(&mut rng)).collect();
    states.extend((0..4).map(|_| merkle_state(&mut rng)));
    // Edge elements: 0 and p − 1 in every cell.
    states.push([[0; 32]; 3]);
    states.push([le(-Fr::one()); 3]);
    for state in &states {
        let step = PoseidonStep::new(&honest(state, PTR)).unwrap();
        let out = step.eval_native(&z()).unwrap();
        assert!(out.violated.is_empty(), "{:?}", out.violated);
        let w = written(&step);
        let addrs: Vec<u32> = w.iter().map(|&(a, _)| a).collect();
        assert_eq!(addrs, (0..24).map(|i| PTR + 4 * i).collect::<Vec<_>>());
        let flat: Vec<u8> = state.iter().flatten().copied().collect();
        let host = umbra_precompiles::poseidon::permute(PoseidonField::Bn254, &flat).unwrap();
        assert_eq!(words_le(&w), host);
    }
}

#[test]
fn the_vm_call_is_the_kinds() {
    let mut rng = StdRng::seed_from_u64(2);
    let state = merkle_state(&mut rng);
    let (program, trace, after) = vm_run(&state);
    // The VM's charge beyond the ecall's own cycle is the kind's constant.
    let rec = &trace.syscalls[0];
    assert_eq!(rec.id, POSEIDON_PERMUTE);
    assert_eq!(rec.cycles, EXTRA_CYCLES + 1);
    assert_eq!(EXTRA_CYCLES, umbra_precompiles::cost::poseidon(3));
    assert_eq!(rec.ret, [0, 0]);
    // The record the witness generator sees: clk = ecall's slot (the 7th, no transfer
    // before it), every word from the initial image (t_prev = 0).
    let clk = trace
        .steps
        .iter()
        .position(|s| s.syscall == Some(0))
        .unwrap() as u64
        + 1;
    let call = call_for(&state, PTR, clk, &[0; WORDS]).unwrap();
    assert_eq!(call.args, rec.args);
    assert_eq!(call.ret, rec.ret);
    assert_eq!(call.extra_cycles, rec.cycles - 1);
    let step = PoseidonStep::new(&call).unwrap();
    assert_eq!(words_le(&written(&step)), after);
    assert_eq!(rec.writes, vec![(PTR, after.clone())]);
    assert!(accepted(&program, &step));
}

#[test]
fn honest_call_is_satisfied_in_a_constraint_system() {
    let mut rng = StdRng::seed_from_u64(3);
    let state = merkle_state(&mut rng);
    let (program, _, _) = vm_run(&state);
    let step = PoseidonStep::new(&honest(&state, PTR)).unwrap();
    let z = z();
    let out = step.eval_native(&z).unwrap();
    assert!(out.violated.is_empty());
    assert!(accepted(&program, &step));
    let cs = synth(&step, &z, true);
    assert!(cs.is_satisfied().unwrap());
    // Timings (mean of 20 runs, after the warm-up above).
    const RUNS: u32 = 20;
    let t = Instant::now();
    for _ in 0..RUNS {
        step.eval_native(&z).unwrap();
    }
    let t_native = t.elapsed() / RUNS;
    let t = Instant::now();
    for _ in 0..RUNS {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let zv: Vec<FpVar<Fr>> = z
            .iter()
            .map(|x| FpVar::new_input(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        step.generate_step_constraints(cs, 0, &zv).unwrap();
    }
    let t_cs = t.elapsed() / RUNS;
    // Only the running sum changes.
    for (i, (a, b)) in z.iter().zip(&out.z_out).enumerate() {
        assert_eq!(a == b, i != 6, "z[{i}]");
    }
    assert_eq!(cs.num_constraints(), out.counts.total());
    println!(
        "poseidon_permute kind: {} rows {:?}, advice block {} of {} witness variables; \
         eval_native {:?}, generate_step_constraints {:?}",
        cs.num_constraints(),
        out.counts.rows,
        step.advice_len(),
        cs.num_witness_variables(),
        t_native,
        t_cs,
    );
}

#[test]
fn shape_has_the_proving_steps_circuit() {
    let mut rng = StdRng::seed_from_u64(4);
    let shape = PoseidonStep::shape();
    let z = z();
    let a = synth(&shape, &z, true);
    assert!(a.is_satisfied().unwrap());
    for ptr in [PTR, DATA + 4096 - 48] {
        let step = PoseidonStep::new(&honest(&random_state(&mut rng), ptr)).unwrap();
        let b = synth(&step, &z, true);
        assert_eq!(a.num_constraints(), b.num_constraints());
        assert_eq!(a.num_witness_variables(), b.num_witness_variables());
        assert_eq!(a.num_instance_variables(), b.num_instance_variables());
        assert_eq!(shape.advice_len(), step.advice_len());
        a.finalize();
        b.finalize();
        assert_eq!(
            a.to_matrices().unwrap(),
            b.to_matrices().unwrap(),
            "same matrices"
        );
    }
}

#[test]
fn advice_block_does_not_depend_on_the_challenges() {
    let mut rng = StdRng::seed_from_u64(5);
    let step = PoseidonStep::new(&honest(&random_state(&mut rng), PTR)).unwrap();
    let z1 = z_with(Fr::rand(&mut rng), Fr::rand(&mut rng));
    let z2 = z_with(Fr::rand(&mut rng), Fr::rand(&mut rng));
    let n = step.advice_len();
    let a1 = step.advice_values(&z1).unwrap();
    assert_eq!(a1.len(), n);
    assert_eq!(a1, step.advice_values(&z2).unwrap());
    let w = |z: &[Fr]| {
        let cs = synth(&step, z, true);
        assert!(cs.is_satisfied().unwrap());
        cs.borrow().unwrap().assignments.witness_assignment.clone()
    };
    let (w1, w2) = (w(&z1), w(&z2));
    assert_eq!(w1[..n], a1[..]);
    assert_eq!(w1[..n], w2[..n]);
    assert!(w1.len() > n);
    assert_ne!(w1[n..], w2[n..]);
}

/// The kind's tuples, the table side of its lookups (checked against `program`'s page
/// table), and the CPU side of the call: the `ecall`'s `Syscall` and `PreArgs` tuples
/// (−1), each word's previous write (+1) and its final value (−1). Zero when balanced.
fn bus_total(
    program: &Program,
    step: &PoseidonStep,
    cpu_syscall: [Fr; 6],
    cpu_args: [Fr; 6],
    finals: &[(u32, u32)],
) -> Fr {
    let mut rng = StdRng::seed_from_u64(6);
    let (gamma, alpha) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
    let z = z_with(gamma, alpha);
    let out = step.eval_native(&z).unwrap();
    assert!(out.violated.is_empty());
    let init = InitialMemory::from_program(program);
    let mut side: Vec<Tuple> = Vec::new();
    let minus = -Fr::one();
    for t in &out.tuples {
        match t.tag {
            Tag::Range16 => {
                let x = umbra_prover::bus::small_u64(t.fields[0]);
                assert!(
                    x.is_some_and(|x| x < 1 << 16),
                    "range lookup outside the table"
                );
                side.push(Tuple {
                    mult: -t.mult,
                    ..*t
                });
            }
            // (The unused slots of the batch put their page lookups with multiplicity 0.)
            Tag::Perm if !t.mult.is_zero() => {
                let page = umbra_prover::bus::small_u64(t.fields[0]).unwrap() as u32;
                assert_eq!(init.page_perm(page).map(Fr::from), Some(t.fields[1]));
                side.push(Tuple {
                    mult: -t.mult,
                    ..*t
                });
            }
            // The previous write of every word read.
            Tag::Ram if t.mult == minus => side.push(Tuple {
                mult: Fr::one(),
                ..*t
            }),
            _ => {}
        }
    }
    let ts = Fr::from(write_ts(step.call().clk));
    for &(addr, v) in finals {
        let zero = Fr::zero();
        side.push(Tuple {
            tag: Tag::Ram,
            fields: [Fr::from(addr), Fr::from(v), ts, zero, zero, zero],
            mult: minus,
        });
    }
    for (tag, fields) in [(Tag::Syscall, cpu_syscall), (Tag::PreArgs, cpu_args)] {
        side.push(Tuple {
            tag,
            fields,
            mult: minus,
        });
    }
    let mut total = out.z_out[6] - z[6];
    for t in &side {
        total += t.mult / (alpha - compress(t.tag, &t.fields, gamma));
    }
    total
}

#[test]
fn bus_links_the_call_to_its_ecall_only() {
    let mut rng = StdRng::seed_from_u64(7);
    let state = merkle_state(&mut rng);
    let (program, _, _) = vm_run(&state);
    let call = honest(&state, PTR);
    let step = PoseidonStep::new(&call).unwrap();
    let finals = written(&step);
    let (sys, args) = (syscall_fields(&call), args_fields(&call));
    assert!(bus_total(&program, &step, sys, args, &finals).is_zero());

    // The CPU side of another call: a different id, field, clk, a0 result or cost in the
    // Syscall tuple; a different width, pointer or a3 in PreArgs.
    let with = |c: &dyn Fn(&mut PrecompileCall)| {
        let mut x = call.clone();
        c(&mut x);
        (syscall_fields(&x), args_fields(&x))
    };
    let forgeries = [
        ("id", with(&|c| c.id = POSEIDON_PERMUTE - 1)),
        ("field", with(&|c| c.args[0] = 1)),
        ("clk", with(&|c| c.clk += 1)),
        ("a0 result", with(&|c| c.ret[0] = 1)),
        ("a1 result", with(&|c| c.ret[1] = 1)),
        ("cycles", with(&|c| c.extra_cycles -= 1)),
        ("width", with(&|c| c.args[1] = 4)),
        ("ptr", with(&|c| c.args[2] += 4)),
        ("a3", with(&|c| c.args[3] = 1)),
    ];
    for (what, (s, a)) in forgeries {
        assert!(
            !bus_total(&program, &step, s, a, &finals).is_zero(),
            "a CPU tuple with another {what} balanced"
        );
    }
    // Later reads expecting another output word: unbalanced.
    let mut forged = finals.clone();
    forged[5].1 ^= 1;
    assert!(!bus_total(&program, &step, sys, args, &forged).is_zero());
}

#[test]
fn calls_the_host_refuses_are_rejected() {
    let mut rng = StdRng::seed_from_u64(8);
    let state = random_state(&mut rng);
    let (program, _, _) = vm_run(&state);
    let good = honest(&state, PTR);
    assert!(accepted(&program, &PoseidonStep::new(&good).unwrap()));

    // Non-canonical input element: p + 5 (the record's output is the permutation of the
    // reduced state, what a cheating prover would claim).
    let mut p_plus = Fr::MODULUS;
    assert!(!p_plus.add_with_carry(&ark_ff::BigInt::from(5u64)));
    let mut bad = state;
    bad[1] = p_plus.to_bytes_le().try_into().unwrap();
    let step = PoseidonStep::new(&honest(&bad, PTR)).unwrap();
    assert!(step.eval_native(&z()).unwrap().violated.is_empty());
    assert!(!accepted(&program, &step), "non-canonical input accepted");
    // And exactly p (the zero element's other encoding).
    bad[1] = Fr::MODULUS.to_bytes_le().try_into().unwrap();
    assert!(!accepted(
        &program,
        &PoseidonStep::new(&honest(&bad, PTR)).unwrap()
    ));

    // A forged output word (any word, any bit): the permutation row fails.
    for i in [0, 7, 8, 23] {
        let mut c = good.clone();
        c.words[i].new ^= 1 << (i % 32);
        let step = PoseidonStep::new(&c).unwrap();
        assert!(
            step.eval_native(&z()).unwrap().violated.contains(&"output"),
            "forged word {i}"
        );
        assert!(!synth(&step, &z(), true).is_satisfied().unwrap());
    }
    // A non-canonical output: y + p in the top cell's encoding is the same field element.
    {
        let mut c = good.clone();
        let y = &c.words[16..24];
        let mut big = ark_ff::BigInt([0u64; 4]);
        for (k, w) in y.iter().enumerate() {
            big.0[k / 2] |= u64::from(w.new) << (32 * (k % 2));
        }
        if !big.add_with_carry(&Fr::MODULUS) {
            for k in 0..8 {
                c.words[16 + k].new = (big.0[k / 2] >> (32 * (k % 2))) as u32;
            }
            let step = PoseidonStep::new(&c).unwrap();
            assert!(step.eval_native(&z()).unwrap().violated.is_empty());
            assert!(!accepted(&program, &step), "non-canonical output accepted");
        }
    }

    // Misaligned buffer: the alignment row fails.
    for off in [1, 2, 3] {
        let step = PoseidonStep::new(&honest(&state, PTR + off)).unwrap();
        assert!(step.eval_native(&z()).unwrap().violated.contains(&"pages"));
        assert!(!synth(&step, &z(), true).is_satisfied().unwrap());
    }
    // Inaccessible buffers: the code page (read-only), a buffer running into it from the
    // writable page below, below guest RAM (null page), at the top of the address space.
    for ptr in [CODE, CODE - 48, 0x100, u32::MAX - 95] {
        let step = PoseidonStep::new(&honest(&state, ptr)).unwrap();
        assert!(!accepted(&program, &step), "buffer at {ptr:#x} accepted");
    }
    // A word read "from the future": its previous write at or after the call.
    let mut c = good.clone();
    c.words[3].t_prev = write_ts(c.clk);
    assert!(!accepted(&program, &PoseidonStep::new(&c).unwrap()));

    // What the constructor refuses.
    let with = |f: &dyn Fn(&mut PrecompileCall)| {
        let mut c = good.clone();
        f(&mut c);
        PoseidonStep::new(&c)
    };
    let name = "poseidon_permute";
    assert_eq!(
        with(&|c| c.args[0] = 1),
        Err(KindError::Unsupported {
            name,
            arg: 0,
            value: 1
        })
    );
    for t in [2, 4, 5] {
        assert_eq!(
            with(&|c| c.args[1] = t),
            Err(KindError::Unsupported {
                name,
                arg: 1,
                value: t
            })
        );
    }
    let malformed: [&dyn Fn(&mut PrecompileCall); 7] = [
        &|c| c.args[0] = 2,
        &|c| c.args[1] = 7,
        &|c| c.args[3] = 1,
        &|c| c.ret = [1, 0],
        &|c| c.extra_cycles += 1,
        &|c| {
            c.words.pop();
        },
        &|c| c.words[4].addr += 4,
    ];
    for f in malformed {
        assert!(matches!(with(f), Err(KindError::Malformed { .. })));
    }
    assert_eq!(
        with(&|c| c.id = POSEIDON_PERMUTE + 1),
        Err(KindError::WrongId {
            expected: POSEIDON_PERMUTE,
            got: POSEIDON_PERMUTE + 1
        })
    );
}

#[test]
fn every_witness_variable_is_pinned() {
    let mut rng = StdRng::seed_from_u64(9);
    // A buffer crossing a page boundary (the page bit set) and random words and times.
    let t_prev: [u64; WORDS] = core::array::from_fn(|_| rng.gen_range(0..write_ts(90)));
    let call = call_for(&random_state(&mut rng), DATA + 4096 - 48, 90, &t_prev).unwrap();
    for c in [call, PoseidonStep::shape().call().clone()] {
        let step = PoseidonStep::new(&c).unwrap();
        let cs = synth(&step, &z(), false);
        assert!(cs.is_satisfied().unwrap());
        // The crate's audit (each witness variable perturbed by one, every row touching
        // it re-evaluated): the same check as re-running `is_satisfied` once per
        // variable, which took six minutes of CI here.
        let n = umbra_prover::mutation::every_witness_pinned(&cs)
            .unwrap_or_else(|v| panic!("not pinned: {v:?}"));
        assert!(n > 0 && ARITY == 16);
    }
}

#[test]
fn batches_hold_up_to_eight_calls_and_the_batcher_fills_them() {
    use umbra_prover::precompile::keccak::KeccakStep;
    use umbra_prover::precompile::poseidon::{BATCH, PoseidonBatch};
    use umbra_prover::precompile::{Batcher, KindStep};
    assert_eq!(BATCH, 8);
    let mut rng = StdRng::seed_from_u64(21);
    let t_prev = [1u64; WORDS];
    let one = |i: u32| {
        let c = call_for(
            &random_state(&mut rng),
            PTR + 96 * i,
            10 + u64::from(i),
            &t_prev,
        );
        PoseidonBatch::one(PoseidonStep::new(&c.unwrap()).unwrap())
    };
    let singles: Vec<PoseidonBatch> = (0..9).map(one).collect();
    // Eight calls in one fold: every slot's Syscall tuple consumed once, every row holds.
    let mut batch = singles[0].clone();
    for s in &singles[1..8] {
        batch.merge(s.clone()).unwrap();
    }
    assert!(batch.is_full());
    assert_eq!(batch.merge(singles[8].clone()), Err(singles[8].clone()));
    let step = KindStep::Poseidon(batch.clone());
    let out = step.eval_native(&z()).unwrap();
    assert!(out.violated.is_empty());
    let consumed: Vec<Fr> = out
        .tuples
        .iter()
        .filter(|t| t.tag == Tag::Syscall && !t.mult.is_zero())
        .map(|t| t.fields[0])
        .collect();
    assert_eq!(consumed, (10..18u64).map(Fr::from).collect::<Vec<_>>());
    // A partial batch: its unused slots put every tuple but range checks with
    // multiplicity 0, so they consume nothing.
    let partial = KindStep::Poseidon(singles[0].clone())
        .eval_native(&z())
        .unwrap();
    let live = |tag| {
        partial
            .tuples
            .iter()
            .filter(|t| t.tag == tag && !t.mult.is_zero())
            .count()
    };
    assert_eq!(
        (live(Tag::Syscall), live(Tag::PreArgs), live(Tag::Ram)),
        (1, 1, 2 * WORDS)
    );
    // The batcher: a full batch comes out with the eighth call, a step of a kind that does
    // not batch at once, the ninth call's partial batch at the end.
    let mut b = Batcher::default();
    let mut folded = Vec::new();
    for s in &singles {
        folded.extend(b.add(KindStep::Poseidon(s.clone())));
    }
    assert_eq!(folded, vec![KindStep::Poseidon(batch)]);
    let hash = KindStep::Keccak(Box::new(KeccakStep::shape()));
    assert_eq!(b.add(hash.clone()), vec![hash]);
    assert_eq!(b.finish(), vec![KindStep::Poseidon(singles[8].clone())]);
}
