//! The fixed lookup tables' kind (`umbra_prover::tables`): its entries, the side its fold
//! adds to the bus, its advice block, every witness pinned, and a CPU run balanced through
//! it.

use ark_bn254::Fr;
use ark_ff::{Field, One, Zero};
use ark_std::UniformRand;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use umbra_prover::bus::{Tag, compress};
use umbra_prover::precompile::KindStep;
use umbra_prover::step::StepState;
use umbra_prover::tables::{self, AND, ENTRIES, POW, RANGE16, TablesStep};

fn z_with(gamma: Fr, alpha: Fr) -> Vec<Fr> {
    StepState::initial(0x1_0000).to_z(gamma, alpha, Fr::from(777u64))
}

/// Multiplicities on a spread of entries of all three tables, zero elsewhere.
fn some_counts(rng: &mut StdRng) -> Vec<u64> {
    let mut counts = vec![0u64; ENTRIES];
    for _ in 0..300 {
        counts[rng.gen_range(0..ENTRIES)] += rng.gen_range(1..5);
    }
    counts[0] = 3;
    counts[RANGE16 - 1] = 1;
    counts[RANGE16 + AND - 1] = 2;
    counts[ENTRIES - 1] = 7;
    counts
}

fn fr(x: u64) -> Fr {
    Fr::from(x)
}

#[test]
fn entries_are_the_three_tables_and_lookups_find_them() {
    let zero = Fr::zero();
    // Spot values written out independently of the module's index arithmetic.
    let expect = [
        (0, (Tag::Range16, [zero; 6])),
        (
            RANGE16 - 1,
            (Tag::Range16, [fr(0xffff), zero, zero, zero, zero, zero]),
        ),
        (
            RANGE16 + 256 * 0xa5 + 0x3c,
            (Tag::And, [fr(0xa5), fr(0x3c), fr(0x24), zero, zero, zero]),
        ),
        (
            RANGE16 + AND - 1,
            (Tag::And, [fr(0xff), fr(0xff), fr(0xff), zero, zero, zero]),
        ),
        (
            RANGE16 + AND,
            (Tag::Pow, [zero, Fr::one(), fr(1 << 32), zero, zero, zero]),
        ),
        (
            ENTRIES - 1,
            (Tag::Pow, [fr(31), fr(1 << 31), fr(2), zero, zero, zero]),
        ),
    ];
    for (j, e) in expect {
        assert_eq!(tables::entry(j), Some(e), "entry {j}");
    }
    assert_eq!(tables::entry(ENTRIES), None);
    for j in 0..ENTRIES {
        let (tag, fields) = tables::entry(j).unwrap();
        assert_eq!(tables::index_of(tag, &fields), Some(j));
    }
    // Lookups with no entry: out of range, a wrong AND result or power, a stray field, a
    // non-table tag.
    let none = [
        (Tag::Range16, [fr(1 << 16), zero, zero, zero, zero, zero]),
        (Tag::Range16, [-Fr::one(), zero, zero, zero, zero, zero]),
        (Tag::Range16, [fr(5), fr(1), zero, zero, zero, zero]),
        (Tag::And, [fr(256), fr(0), fr(0), zero, zero, zero]),
        (Tag::And, [fr(3), fr(5), fr(7), zero, zero, zero]),
        (Tag::And, [fr(3), fr(5), fr(1), fr(1), zero, zero]),
        (Tag::Pow, [fr(32), fr(0), fr(1), zero, zero, zero]),
        (Tag::Pow, [fr(3), fr(8), fr(1 << 28), zero, zero, zero]),
        (Tag::Rom, [zero; 6]),
    ];
    for (tag, c) in none {
        assert_eq!(tables::index_of(tag, &c), None, "{tag:?} {c:?}");
    }
}

#[test]
fn a_fold_adds_each_entry_over_alpha_minus_its_tuple() {
    let mut rng = StdRng::seed_from_u64(3);
    let counts = some_counts(&mut rng);
    let (gamma, alpha) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
    let z = z_with(gamma, alpha);
    let step = KindStep::Tables(Box::new(TablesStep::new(counts.clone()).unwrap()));
    let out = step.eval_native(&z).unwrap();
    assert!(out.violated.is_empty());
    // Every state element passes through but the running sum, which gains the table side,
    // here summed term by term with one inversion each (the module batches them).
    let mut expect = Fr::zero();
    for (j, &m) in counts.iter().enumerate() {
        if m != 0 {
            let (tag, c) = tables::entry(j).unwrap();
            expect += fr(m) * (alpha - compress(tag, &c, gamma)).inverse().unwrap();
        }
    }
    for (i, (a, b)) in z.iter().zip(&out.z_out).enumerate() {
        if i == 6 {
            assert_eq!(*b - *a, expect);
        } else {
            assert_eq!(a, b, "z[{i}]");
        }
    }
    assert_eq!(tables::side(&counts, gamma, alpha), Some(expect));
    assert_eq!(tables::side(&counts[1..], gamma, alpha), None);
    // Its tuples are the used entries with their multiplicities, on the plus side.
    let used: Vec<_> = out.tuples.iter().filter(|t| !t.mult.is_zero()).collect();
    assert_eq!(used.len(), counts.iter().filter(|&&m| m != 0).count());
    for t in used {
        let j = tables::index_of(t.tag, &t.fields).unwrap();
        assert_eq!(t.mult, fr(counts[j]));
    }
    // One row per entry and the five γ-powers; the advice block is the multiplicities,
    // whatever the challenges.
    assert_eq!(out.counts.total(), ENTRIES + 5);
    assert_eq!(step.advice_len(), ENTRIES);
    let advice = step.advice_values(&z).unwrap();
    assert_eq!(advice, counts.iter().map(|&m| fr(m)).collect::<Vec<_>>());
    assert_eq!(step.advice_values(&z_with(alpha, gamma)).unwrap(), advice);
    assert_eq!(
        TablesStep::new(vec![0; ENTRIES + 1]),
        Err(tables::WrongLength(ENTRIES + 1))
    );
}

#[test]
fn every_witness_variable_is_pinned() {
    let mut rng = StdRng::seed_from_u64(5);
    let counts = some_counts(&mut rng);
    let z = z_with(Fr::rand(&mut rng), Fr::rand(&mut rng));
    let step = KindStep::Tables(Box::new(TablesStep::new(counts).unwrap()));
    let cs = crate::harness::synthesize_step(
        &z,
        true,
        |cs, zv| step.generate_step_constraints(cs, 0, zv).unwrap(),
        step.eval_native(&z).unwrap().z_out,
    );
    assert!(cs.is_satisfied().unwrap());
    assert_eq!(cs.num_constraints(), ENTRIES + 5);
    let n = umbra_prover::mutation::every_witness_pinned(&cs).unwrap();
    // The multiplicities, their ratios and the γ-powers (the outputs are public inputs).
    assert_eq!(n, 2 * ENTRIES + 5);
}

#[test]
fn a_cpu_run_balances_only_with_the_tables_fold() {
    // A guest whose steps range-check, AND and shift: its lookups are matched by a fold of
    // the ledger's multiplicities, and by nothing else.
    use crate::harness::enc::{addi, lui, r};
    let code = [
        lui(5, 0x1234_5000),
        addi(5, 5, 0x678),
        addi(6, 0, 0xf3),
        r(0, 6, 5, 7, 7, 0x33), // and x7, x5, x6
        r(0, 6, 5, 1, 8, 0x33), // sll x8, x5, x6
    ];
    let run = crate::harness::run(&code, &[], &[], 4);
    let checked = crate::harness::check(&run, &run.steps);
    assert!(checked.satisfied() && checked.balanced() && checked.unmatched == 0);
    let counts = checked.ledger.lookup_counts();
    let (gamma, alpha) = crate::harness::challenges();
    for (lo, hi) in [
        (0, RANGE16),
        (RANGE16, RANGE16 + AND),
        (RANGE16 + AND, ENTRIES),
    ] {
        assert!(counts[lo..hi].iter().any(|&m| m != 0), "table {lo}..{hi}");
    }
    let side = tables::side(&counts, gamma, alpha).unwrap();
    assert!(!side.is_zero());
    // Off by one on any single entry: the total moves by 1/(α − h_j) ≠ 0.
    let mut off = counts.clone();
    off[POW / 2 + RANGE16 + AND] += 1;
    assert_ne!(tables::side(&off, gamma, alpha), Some(side));
}
