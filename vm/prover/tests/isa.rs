//! Honest executions of ISA-suite-style programs satisfy the CPU step and balance the bus.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use harness::enc::*;
use harness::*;

const EDGES: [u32; 10] = [
    0,
    1,
    31,
    32,
    0x7fff_ffff,
    0x8000_0000,
    0x8000_0001,
    0xffff_ffff,
    0x1234_5678,
    0xdead_beef,
];

#[test]
fn smoke_addi_halt() {
    let r = run(&[addi(10, 0, 7)], &[], &[], 4);
    assert_eq!(r.exit, 7);
    assert_honest(&r, true);
}

/// One program per R-type op: every (a, b) pair of edge values, results into x3..x22 in
/// turn, plus the same register as both sources and destination.
fn register_register_code(f7: u32, f3: u32) -> Vec<u32> {
    let mut code = Vec::new();
    for (n, a) in EDGES.iter().enumerate() {
        for bv in EDGES.iter() {
            code.push(lui(1, a.wrapping_add(0x800) & 0xffff_f000));
            code.push(addi(1, 1, ((*a << 20) as i32) >> 20));
            code.push(lui(2, bv.wrapping_add(0x800) & 0xffff_f000));
            code.push(addi(2, 2, ((*bv << 20) as i32) >> 20));
            code.push(r(f7, 2, 1, f3, 3 + (n as u32 % 20), 0x33));
        }
        code.push(r(f7, 1, 1, f3, 1, 0x33));
    }
    code
}

#[test]
fn register_register_ops_on_edge_values() {
    for (f7, f3, name) in R_OPS {
        let run = run(&register_register_code(f7, f3), &[], &[], 8);
        let c = check(&run, &run.steps);
        assert!(c.satisfied(), "{name}: {:?}", c.violated);
        assert!(c.balanced(), "{name}: bus unbalanced");
    }
}

/// `li rd, v` as lui + addi.
fn li(rd: u32, v: u32) -> [u32; 2] {
    [
        lui(rd, v.wrapping_add(0x800) & 0xffff_f000),
        addi(rd, rd, ((v << 20) as i32) >> 20),
    ]
}

fn register_immediate_code() -> Vec<u32> {
    let imms = [0, 1, -1, 2047, -2048, 0x555, -0x556];
    let mut code = Vec::new();
    for a in EDGES {
        code.extend_from_slice(&li(1, a));
        for imm in imms {
            for f3 in [0, 2, 3, 4, 6, 7] {
                code.push(i(imm, 1, f3, 3, 0x13));
            }
        }
        for sh in [0, 1, 7, 31] {
            code.push(i(sh, 1, 1, 4, 0x13)); // slli
            code.push(i(sh, 1, 5, 5, 0x13)); // srli
            code.push(i(0x400 | sh, 1, 5, 6, 0x13)); // srai
        }
    }
    code
}

#[test]
fn register_immediate_ops_and_immediate_shifts() {
    let code = register_immediate_code();
    let run = run(&code, &[], &[], 16);
    assert_honest(&run, false);
}

fn m_extension_code() -> Vec<u32> {
    // Division by zero and the signed overflow, for each of div/divu/rem/remu, and the high
    // multiplies on the extremes.
    let pairs = [
        (7u32, 0u32),
        (0x8000_0000, 0xffff_ffff),
        ((-7i32) as u32, 2),
        (7, (-2i32) as u32),
        (0, 0),
        (0xffff_ffff, 0xffff_ffff),
        (0x8000_0000, 0x8000_0000),
    ];
    let mut code = Vec::new();
    for (a, bv) in pairs {
        code.extend_from_slice(&li(1, a));
        code.extend_from_slice(&li(2, bv));
        for f3 in 0..8 {
            code.push(r(1, 2, 1, f3, 3 + f3, 0x33));
        }
    }
    code
}

#[test]
fn m_extension_edge_cases() {
    let code = m_extension_code();
    let run = run(&code, &[], &[], 8);
    assert_honest(&run, true);
}

fn sub_word_data() -> Vec<u8> {
    (0..64u8).map(|x| x.wrapping_mul(37) ^ 0x80).collect()
}

fn sub_word_code() -> Vec<u32> {
    let mut code = vec![lui(31, DATA)];
    code.extend_from_slice(&li(2, 0x89ab_cdef));
    for off in 0..8 {
        code.push(i(off, 31, 0, 3, 0x03)); // lb
        code.push(i(off, 31, 4, 4, 0x03)); // lbu
        code.push(s(off + 16, 2, 31, 0, 0x23)); // sb
        if off % 2 == 0 {
            code.push(i(off, 31, 1, 5, 0x03)); // lh
            code.push(i(off, 31, 5, 6, 0x03)); // lhu
            code.push(s(off + 32, 2, 31, 1, 0x23)); // sh
        }
        if off % 4 == 0 {
            code.push(i(off, 31, 2, 7, 0x03)); // lw
            code.push(s(off + 48, 2, 31, 2, 0x23)); // sw
        }
    }
    // Read back what the stores wrote.
    for off in (16..56).step_by(4) {
        code.push(i(off, 31, 2, 8, 0x03));
    }
    // Loads into x0 still access memory.
    code.push(i(0, 31, 2, 0, 0x03));
    code
}

#[test]
fn sub_word_loads_and_stores_at_every_offset() {
    let run = run(&sub_word_code(), &sub_word_data(), &[], 8);
    assert_honest(&run, true);
}

fn branches_code() -> Vec<u32> {
    let vals = [0u32, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff];
    let mut code = Vec::new();
    for a in vals {
        for bv in vals {
            code.extend_from_slice(&li(1, a));
            code.extend_from_slice(&li(2, bv));
            for f3 in [0, 1, 4, 5, 6, 7] {
                // Taken: skip the addi that would mark x9; not taken: execute it.
                code.push(b(8, 2, 1, f3));
                code.push(addi(9, 9, 1));
            }
        }
    }
    code
}

#[test]
fn branches_taken_and_not_with_signed_edges() {
    let code = branches_code();
    let run = run(&code, &[], &[], 8);
    assert_honest(&run, false);
}

fn jumps_code() -> Vec<u32> {
    vec![
        j(8, 1),                // jal ra, +8
        addi(10, 0, 99),        // skipped
        u(0xfffff000, 2, 0x17), // auipc x2, -1 page
        u(0x12345000, 3, 0x37), // lui x3
        u(0, 4, 0x17),          // auipc x4, 0 → pc of this instruction
        addi(4, 4, 17),         // x4 = pc + 17: jalr drops bit 0 → pc + 16
        jalr(5, 4, 0),          // → the instruction after the next
        addi(10, 0, 98),        // skipped
        0x0ff0_000f,            // fence
        j(8, 0),                // jal x0, +8 (link discarded)
        addi(10, 0, 97),        // skipped
        jalr(0, 1, 0x2c),       // through ra + 0x2c: the addi below
        addi(10, 0, 5),
    ]
}

#[test]
fn jumps_upper_immediates_and_fence() {
    let code = jumps_code();
    let run = run(&code, &[], &[], 4);
    assert_eq!(run.exit, 5);
    assert_honest(&run, true);
}

fn x0_destination_code() -> Vec<u32> {
    let mut code = vec![lui(31, DATA)];
    code.extend_from_slice(&li(1, 0xdead_beef));
    code.extend_from_slice(&li(2, 3));
    for (f7, f3, _) in R_OPS {
        code.push(r(f7, 2, 1, f3, 0, 0x33));
    }
    code.push(lui(0, 0x1000));
    code.push(u(0x1000, 0, 0x17));
    code.push(i(4, 31, 2, 0, 0x03));
    code.push(add(10, 0, 0));
    code
}

#[test]
fn x0_as_destination_of_every_class() {
    let code = x0_destination_code();
    let run = run(&code, &[], &[], 8);
    assert_eq!(run.exit, 0);
    assert_honest(&run, false);
}

#[test]
fn preset_registers_enter_through_the_initial_set() {
    let run = run(&[add(10, 1, 2)], &[], &[(1, 40), (2, 2)], 2);
    assert_eq!(run.exit, 42);
    assert_honest(&run, true);
    // The same witness against the VM's default registers (x1 = x2 = 0) does not balance.
    let default_init = umbra_prover::witness::InitialMemory::from_program(&run.program);
    let steps = run.steps.clone();
    let c = check(
        &Run {
            init: default_init,
            ..run
        },
        &steps,
    );
    assert!(c.satisfied() && !c.balanced());
}

/// A minimal ELF32 RISC-V executable: one `PT_LOAD` per `(vaddr, bytes, memsz, flags)`.
fn elf(entry: u32, segments: &[(u32, Vec<u8>, u32, u32)]) -> Vec<u8> {
    let header_len = 52 + 32 * segments.len() as u32;
    let mut out = Vec::new();
    out.extend_from_slice(b"\x7fELF\x01\x01\x01");
    out.resize(16, 0);
    for half in [2u16, 243] {
        out.extend_from_slice(&half.to_le_bytes()); // ET_EXEC, EM_RISCV
    }
    for word in [1u32, entry, 52, 0, 0] {
        out.extend_from_slice(&word.to_le_bytes()); // version, entry, phoff, shoff, flags
    }
    for half in [52u16, 32, segments.len() as u16, 0, 0, 0] {
        out.extend_from_slice(&half.to_le_bytes());
    }
    let mut offset = header_len;
    for (vaddr, bytes, memsz, flags) in segments {
        let len = bytes.len() as u32;
        for word in [1u32, offset, *vaddr, *vaddr, len, *memsz, *flags, 4] {
            out.extend_from_slice(&word.to_le_bytes());
        }
        offset += len;
    }
    for (_, bytes, _, _) in segments {
        out.extend_from_slice(bytes);
    }
    out
}

#[test]
fn elf_with_rodata_data_and_bss() {
    const RODATA: u32 = 0x2_8000;
    let text: Vec<u8> = [
        lui(1, RODATA),
        i(0, 1, 2, 2, 0x03), // lw x2, 0(x1): rodata
        lui(3, DATA),
        i(0, 3, 2, 4, 0x03), // lw x4, 0(x3): .data
        add(5, 2, 4),
        s(8, 5, 3, 2, 0x23),  // sw x5, 8(x3): .bss
        i(8, 3, 4, 10, 0x03), // lbu a0, 8(x3)
        HALT[0],
        HALT[1],
    ]
    .iter()
    .flat_map(|w| w.to_le_bytes())
    .collect();
    let bytes = elf(
        CODE,
        &[
            (CODE, text.clone(), text.len() as u32, 5),
            (RODATA, 30u32.to_le_bytes().to_vec(), 4, 4),
            (DATA, 12u32.to_le_bytes().to_vec(), 16, 6),
        ],
    );
    let program = umbra_vm::Program::from_elf(&bytes).unwrap();
    let run = run_program(program, &[], 4);
    assert_eq!(run.exit, 42);
    assert_honest(&run, true);
    // The verifier's page table: code R (X is not a data permission), rodata R, data RW,
    // elsewhere in guest RAM RW, nothing outside.
    assert_eq!(run.init.page_perm(CODE >> 12), Some(1));
    assert_eq!(run.init.page_perm(RODATA >> 12), Some(1));
    assert_eq!(run.init.page_perm(DATA >> 12), Some(3));
    assert_eq!(run.init.page_perm(0x50_0000 >> 12), Some(3));
    assert_eq!(run.init.page_perm(0), None);
    assert_eq!(run.init.page_perm(0x1000_0000 >> 12), None);
}

/// Every program of this suite that starts from the VM's default registers, run one after
/// the other as one program (registers flow from one into the next; every jump and branch
/// is pc-relative or through a register it set), proved by the folding prover and verified:
/// the verified journal, exit code and cycle count are the VM's.
#[test]
#[ignore = "full suite (CI runs it: `cargo test --workspace -- --ignored full_suite`)"]
fn full_suite_isa_proved_and_verified_as_one_program() {
    use ark_std::rand::SeedableRng;
    let mut code = vec![];
    for (f7, f3, _) in R_OPS {
        code.extend(register_register_code(f7, f3));
    }
    code.extend(register_immediate_code());
    code.extend(m_extension_code());
    code.extend(sub_word_code());
    code.extend(branches_code());
    code.extend(jumps_code());
    code.extend(x0_destination_code());
    code.extend_from_slice(&HALT);
    let program = program(&code, &sub_word_data());
    let mut vm = umbra_vm::Vm::new(&program, umbra_vm::VmConfig::default()).unwrap();
    let exit = vm.run().unwrap();
    let params = umbra_prover::ProverParams::setup_for(256, umbra_prover::KindSet::BASE).unwrap();
    let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(1);
    let proof = umbra_prover::prove(
        &params,
        &program,
        &[],
        &umbra_prover::ProveOptions::default(),
        &mut |_| {},
        &mut rng,
    )
    .unwrap();
    let v = umbra_prover::verify(&params, &program, &proof).unwrap();
    println!("{} instructions, {} folds", exit.instructions, v.steps);
    assert_eq!(v.exit_code, exit.code);
    assert_eq!(v.cycles, exit.cycles);
    assert_eq!(v.journal, vm.journal());
}
