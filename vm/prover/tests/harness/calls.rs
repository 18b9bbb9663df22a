//! Whole executions around one precompile call: a program that makes it, its CPU steps with
//! the kind steps of its calls, the native verdict (rows, lookups, bus balance), and the
//! every-witness-pinned check of a synthesised step.

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_relations::gr1cs::ConstraintSystemRef;
use umbra_prover::bus::Ledger;
use umbra_prover::mutation::every_witness_pinned;
use umbra_prover::precompile::{KindStep, PrecompileCall};
use umbra_prover::rom::Rom;
use umbra_prover::step::{CpuStep, StepWitness};
use umbra_prover::witness::{InitialMemory, WitnessGen};
use umbra_vm::elf::Segment;
use umbra_vm::{Program, Vm, VmConfig};

use super::{challenges, enc};

/// The code segment's address.
pub const CODE: u32 = enc::CODE;
/// A read-only page, then two read-write pages.
pub const RODATA: u32 = 0x3_0000;
/// The first of the two read-write pages.
pub const RW: u32 = 0x3_1000;

/// A program that calls precompile `id` with `a0..a3 = args`, then halts; `ro` fills the
/// read-only page at [`RODATA`], `rw` the two read-write pages at [`RW`].
pub fn program(id: u32, args: [u32; 4], ro: &[u8], rw: &[u8]) -> Program {
    use enc::{ECALL, HALT, addi, lui};
    let li = |rd: u32, v: u32| {
        // lui + addi with the sign carry.
        let hi = v.wrapping_add(0x800) & 0xffff_f000;
        [lui(rd, hi), addi(rd, rd, (v.wrapping_sub(hi)) as i32)]
    };
    let mut code = Vec::new();
    for (r, a) in (10..).zip(args) {
        code.extend(li(r, a));
    }
    code.push(addi(5, 0, id as i32));
    code.push(ECALL);
    // Exit code 0 whatever the call returned in a0.
    code.push(addi(10, 0, 0));
    code.extend(HALT);
    let seg = |vaddr, mem_size, data: &[u8], write, execute| Segment {
        vaddr,
        mem_size,
        data: data.to_vec(),
        read: true,
        write,
        execute,
    };
    Program::new(
        CODE,
        vec![
            seg(
                CODE,
                4 * code.len() as u32,
                &code
                    .iter()
                    .flat_map(|w| w.to_le_bytes())
                    .collect::<Vec<_>>(),
                false,
                true,
            ),
            seg(RODATA, 0x1000, ro, false, false),
            seg(RW, 0x2000, rw, true, false),
        ],
    )
    .unwrap()
}

/// An execution's CPU steps and, after each, the kind steps of its calls.
pub struct Exec {
    pub program: Program,
    pub rom: Rom,
    pub init: InitialMemory,
    pub steps: Vec<(StepWitness, Vec<KindStep>)>,
    pub memory_out: [u8; 32],
    /// The four bytes after `memory_out` (a 33-byte output's last byte and the three it
    /// must leave alone).
    pub memory_next: [u8; 4],
}

/// Run `program` (it must exit 0) and build its steps; `memory_out` is the 32 bytes at
/// `out` afterwards.
pub fn exec(program: Program, out: u32) -> Exec {
    exec_with(program, out, umbra_precompiles::registry())
}

/// [`exec`] with the precompile handlers of `registry` (a lying host, say).
pub fn exec_with(program: Program, out: u32, registry: umbra_vm::Registry) -> Exec {
    let k = 4;
    let mut vm = Vm::new(&program, VmConfig::default())
        .unwrap()
        .with_registry(registry);
    let (exit, trace) = vm.run_traced();
    assert_eq!(exit.unwrap().code, 0);
    let mut memory_out = [0u8; 32];
    vm.memory().read_bytes(out, &mut memory_out).unwrap();
    let mut memory_next = [0u8; 4];
    vm.memory().read_bytes(out + 32, &mut memory_next).unwrap();
    let rom = Rom::from_program(&program);
    let init = InitialMemory::from_program(&program);
    let mut g = WitnessGen::new(&rom, &init, program.entry(), k).unwrap();
    let mut ws = Vec::new();
    for s in &trace.steps {
        if let Some(i) = s.syscall {
            g.syscall_record(trace.syscalls[i as usize].clone());
        }
        ws.extend(g.push(s).unwrap());
    }
    ws.extend(g.finish().unwrap());
    let perm = |p: u32| init.page_perm(p);
    let steps = ws
        .into_iter()
        .map(|w| {
            let calls = w
                .calls
                .iter()
                // A call no kind proves (another group, say) gets no steps.
                .flat_map(|c| {
                    KindStep::for_call(c, &perm)
                        .ok()
                        .flatten()
                        .unwrap_or_default()
                })
                .collect();
            (w, calls)
        })
        .collect();
    Exec {
        program,
        rom,
        init,
        steps,
        memory_out,
        memory_next,
    }
}

/// The kind steps of an execution, in fold order.
pub fn kind_steps(e: &Exec) -> Vec<KindStep> {
    e.steps.iter().flat_map(|(_, k)| k.clone()).collect()
}

/// The verdict and reason a verification kind's step puts in its `Syscall` tuple.
pub fn syscall_results(step: &KindStep) -> (u32, u32) {
    use umbra_prover::bus::{Tag, small_u64};
    let out = step.eval_native(&[Fr::from(1u64); 16]).unwrap();
    let t = out
        .tuples
        .iter()
        .find(|t| t.tag == Tag::Syscall)
        .expect("a Syscall tuple");
    let small = |x: Fr| small_u64(x).unwrap() as u32;
    (small(t.fields[4]), small(t.fields[5]))
}

/// A verification host that answers the opposite of `inner`'s verdict: `fail` as the
/// reason of a valid call it calls invalid, `Ok` for an invalid one it calls valid.
pub struct FlipVerdict<P> {
    /// The honest handler.
    pub inner: P,
    /// The reason given for a flipped valid call.
    pub fail: umbra_abi::Reason,
}

impl<P: umbra_vm::Precompile> umbra_vm::Precompile for FlipVerdict<P> {
    fn id(&self) -> u32 {
        self.inner.id()
    }
    fn call(
        &self,
        ctx: &mut umbra_vm::CallContext<'_>,
    ) -> Result<umbra_vm::Outcome, umbra_vm::SyscallError> {
        use umbra_abi::{Reason, VERDICT_INVALID, VERDICT_VALID};
        let o = self.inner.call(ctx)?;
        let valid = o.a0 == VERDICT_VALID;
        Ok(umbra_vm::Outcome {
            a0: if valid {
                VERDICT_INVALID
            } else {
                VERDICT_VALID
            },
            a1: if valid {
                self.fail.code()
            } else {
                Reason::Ok.code()
            },
            cycles: o.cycles,
        })
    }
}

/// The calls of an execution (one here).
pub fn calls(e: &Exec) -> Vec<PrecompileCall> {
    e.steps.iter().flat_map(|(w, _)| w.calls.clone()).collect()
}

/// Every step in fold order, each kind step after its CPU step, evaluated natively from
/// the initial state; returns (all rows hold, no lookup outside its table, bus total is 0).
pub fn verdict(
    e: &Exec,
    kind_steps: &dyn Fn(usize, &[KindStep]) -> Vec<KindStep>,
) -> (bool, bool, bool) {
    let (gamma, alpha) = challenges();
    let mut z =
        umbra_prover::step::StepState::initial(e.program.entry()).to_z(gamma, alpha, Fr::zero());
    let mut ledger = Ledger::default();
    let mut ok = true;
    for (i, (w, ks)) in e.steps.iter().enumerate() {
        let cpu = CpuStep::new(4, w.clone()).unwrap().eval_native(&z).unwrap();
        ok &= cpu.violated.is_empty();
        ledger.absorb(&e.rom, &e.init, &cpu.tuples);
        z = cpu.z_out;
        for s in kind_steps(i, ks) {
            let out = s.eval_native(&z).unwrap();
            ok &= out.violated.is_empty();
            ledger.absorb(&e.rom, &e.init, &out.tuples);
            z = out.z_out;
        }
    }
    let consumed = ledger.syscalls();
    let balance = ledger
        .balance(&e.rom, &e.init, gamma, alpha, z[6], &consumed, &[], &[])
        .unwrap();
    (
        ok,
        ledger.unmatched() == 0,
        balance.is_zero() && consumed.len() == 1,
    )
}

/// [`verdict`] of the honest steps.
pub fn honest(e: &Exec) -> (bool, bool, bool) {
    verdict(e, &|_, ks| ks.to_vec())
}

/// [`verdict`] with the steps of the record `c` (its kind's steps as `KindStep::for_call`
/// builds them over the program's page table) in place of the honest ones.
pub fn verdict_with_call(e: &Exec, c: &PrecompileCall) -> (bool, bool, bool) {
    let perm = |p: u32| e.init.page_perm(p);
    let ks = KindStep::for_call(c, &perm).unwrap().unwrap();
    verdict(e, &move |_, old| {
        if old.is_empty() { vec![] } else { ks.clone() }
    })
}

/// Synthesise every step of `e` (CPU steps through `Kinds::cpu`, kind steps through `kind`)
/// in the one-run modes the prover uses — advice reserved and filled in one run, and the
/// folding engine's witness-only system without linear combinations — and assert each
/// assigns exactly what the two-run synthesis (native advice first) assigns, kind steps
/// satisfied. Returns the number of kind steps checked.
pub fn one_run_equals_two_runs(e: &Exec, kind: &umbra_prover::params::CallKind) -> usize {
    use ark_r1cs_std::GR1CSVar;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::fields::fp::FpVar;
    use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode};
    use umbra_folding::StepCircuit;
    use umbra_prover::params::Kinds;
    let z: Vec<Fr> = (0..16u64).map(|i| Fr::from(i * 77 + 1)).collect();
    let kinds = Kinds::new(4);
    // (The CPU step on an arbitrary z is not satisfied — its state is not the witness's — but
    // its assignment must still be the same; a kind step passes z through and holds.)
    type Synthesis<'a> = &'a dyn Fn(ConstraintSystemRef<Fr>, &[FpVar<Fr>]) -> Vec<FpVar<Fr>>;
    let assign = |f: Synthesis<'_>, holds: Option<bool>| {
        let cs = ConstraintSystem::<Fr>::new_ref();
        if holds.is_none() {
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices: false,
                generate_lc_assignments: false,
            });
        }
        let zv: Vec<FpVar<Fr>> = z
            .iter()
            .map(|x| FpVar::new_input(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        let out: Vec<Fr> = f(cs.clone(), &zv)
            .iter()
            .map(|v| v.value().unwrap())
            .collect();
        if let Some(h) = holds {
            assert_eq!(cs.is_satisfied().unwrap(), h);
        }
        let w = cs.borrow().unwrap().assignments.witness_assignment.clone();
        (w, out)
    };
    let mut n = 0;
    for (w, ks) in &e.steps {
        kinds.cpu.set(Some(w.clone()));
        let one = |holds| {
            assign(
                &|cs, zv| kinds.cpu.generate_step_constraints(cs, 0, zv).unwrap(),
                holds,
            )
        };
        let (one_m, one_w) = (one(Some(false)), one(None));
        kinds.cpu.set(None);
        let cpu = CpuStep::new(4, w.clone()).unwrap();
        let two = assign(
            &|cs, zv| cpu.generate_step_constraints(cs, 0, zv).unwrap(),
            Some(false),
        );
        assert_eq!(one_m, two);
        assert_eq!(one_w, two);
        for s in ks {
            kind.set(Some(s.clone()));
            let one = |holds| {
                assign(
                    &|cs, zv| kind.generate_step_constraints(cs, 0, zv).unwrap(),
                    holds,
                )
            };
            let (one_m, one_w) = (one(Some(true)), one(None));
            kind.set(None);
            let two = assign(
                &|cs, zv| s.generate_step_constraints(cs, 0, zv).unwrap(),
                Some(true),
            );
            assert_eq!(one_m, two);
            assert_eq!(one_w, two);
            n += 1;
        }
    }
    n
}

/// `s` synthesised on a fixed `z` in a real constraint system: asserts it is satisfied and
/// that every witness variable is pinned ([`every_witness_pinned`]); returns the number of
/// witness variables.
pub fn holds_with_every_witness_pinned(s: &KindStep) -> usize {
    let z: Vec<Fr> = (0..16u64).map(|i| Fr::from(i * 1_000 + 7)).collect();
    let cs = super::synthesize_step(
        &z,
        false,
        |cs, zv| s.generate_step_constraints(cs, 0, zv).unwrap(),
        s.eval_native(&z).unwrap().z_out,
    );
    assert!(cs.is_satisfied().unwrap());
    every_witness_pinned(&cs).unwrap_or_else(|v| panic!("not pinned: {v:?}"))
}
