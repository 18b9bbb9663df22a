//! RV32IM conformance: every instruction, hand-encoded, with the edge cases the
//! specification (Volume I, unprivileged ISA, RV32I and "M" chapters) singles out.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::manual_checked_ops)]

use crate::common;
use common::*;
use umbra_vm::memory::{Access, MemFault};
use umbra_vm::{Vm, VmConfig, VmError};

const EDGES: [u32; 12] = [
    0,
    1,
    2,
    31,
    32,
    0x7fff_ffff,
    0x8000_0000,
    0x8000_0001,
    0xffff_ffff,
    0xffff_fffe,
    0x1234_5678,
    0xdead_beef,
];

/// Run `code` followed by halt, with `init` register values and `data` at DATA.
fn run_with(code: &[u32], init: &[(usize, u32)], data: &[u8]) -> Result<Vm, VmError> {
    let mut words = code.to_vec();
    words.extend_from_slice(&HALT);
    let mut vm = Vm::new(&program(&words, data), VmConfig::default())?;
    for &(r, v) in init {
        vm.set_reg(r, v);
    }
    vm.run()?;
    Ok(vm)
}

fn run(code: &[u32], init: &[(usize, u32)]) -> Vm {
    run_with(code, init, &[]).unwrap()
}

fn err(code: &[u32], init: &[(usize, u32)]) -> VmError {
    match run_with(code, init, &[0; 16]) {
        Err(e) => e,
        Ok(_) => panic!("expected a fault"),
    }
}

/// The spec's semantics for the register-register ops (f7, f3).
fn spec_r(f7: u32, f3: u32, a: u32, b: u32) -> u32 {
    let (sa, sb) = (a as i32 as i128, b as i32 as i128);
    let (ua, ub) = (a as u128, b as u128);
    let sh = b & 31;
    match (f7, f3) {
        (0, 0) => a.wrapping_add(b),
        (0x20, 0) => a.wrapping_sub(b),
        (0, 1) => a << sh,
        (0, 2) => (sa < sb) as u32,
        (0, 3) => (a < b) as u32,
        (0, 4) => a ^ b,
        (0, 5) => a >> sh,
        (0x20, 5) => ((a as i32) >> sh) as u32,
        (0, 6) => a | b,
        (0, 7) => a & b,
        (1, 0) => (sa * sb) as u32,
        (1, 1) => ((sa * sb) >> 32) as u32,
        (1, 2) => ((sa * ub as i128) >> 32) as u32,
        (1, 3) => ((ua * ub) >> 32) as u32,
        (1, 4) => match (sa, sb) {
            (_, 0) => u32::MAX,
            (x, -1) if x == i32::MIN as i128 => a,
            _ => (sa / sb) as u32, // Rust `/` truncates toward zero, as the spec requires
        },
        (1, 5) => {
            if b == 0 {
                u32::MAX
            } else {
                a / b
            }
        }
        (1, 6) => match (sa, sb) {
            (_, 0) => a,
            (x, -1) if x == i32::MIN as i128 => 0,
            _ => (sa % sb) as u32, // remainder has the sign of the dividend
        },
        (1, 7) => {
            if b == 0 {
                a
            } else {
                a % b
            }
        }
        _ => unreachable!(),
    }
}

#[test]
fn register_register_ops_on_edge_values() {
    for (f7, f3, name) in R_OPS {
        for a in EDGES {
            for b in EDGES {
                let vm = run(&[r(f7, 2, 1, f3, 3, 0x33)], &[(1, a), (2, b)]);
                assert_eq!(vm.regs()[3], spec_r(f7, f3, a, b), "{name} {a:#x} {b:#x}");
                // Same register as both sources and destination.
                let vm = run(&[r(f7, 1, 1, f3, 1, 0x33)], &[(1, a)]);
                assert_eq!(vm.regs()[1], spec_r(f7, f3, a, a), "{name} x1,x1,x1 {a:#x}");
            }
        }
    }
}

#[test]
fn m_extension_literal_edge_cases() {
    let op = |f3, a: u32, b: u32| run(&[r(1, 2, 1, f3, 3, 0x33)], &[(1, a), (2, b)]).regs()[3];
    // Table 7.1 of the spec: division by zero and overflow.
    assert_eq!(op(4, 7, 0), 0xffff_ffff);
    assert_eq!(op(5, 7, 0), 0xffff_ffff);
    assert_eq!(op(6, 7, 0), 7);
    assert_eq!(op(7, 7, 0), 7);
    assert_eq!(op(4, 0x8000_0000, 0xffff_ffff), 0x8000_0000);
    assert_eq!(op(6, 0x8000_0000, 0xffff_ffff), 0);
    // Truncating division, remainder sign follows dividend.
    assert_eq!(op(4, (-7i32) as u32, 2), (-3i32) as u32);
    assert_eq!(op(6, (-7i32) as u32, 2), (-1i32) as u32);
    assert_eq!(op(6, 7, (-2i32) as u32), 1);
    // High multiplies.
    assert_eq!(op(1, 0xffff_ffff, 0xffff_ffff), 0); // (-1)(-1) = 1
    assert_eq!(op(3, 0xffff_ffff, 0xffff_ffff), 0xffff_fffe);
    assert_eq!(op(2, 0xffff_ffff, 0xffff_ffff), 0xffff_ffff); // -1 * (2^32-1)
    assert_eq!(op(1, 0x8000_0000, 0x8000_0000), 0x4000_0000);
    assert_eq!(op(0, 0x1_0001, 0x1_0001), 0x0002_0001);
}

#[test]
fn shifts_mask_the_amount() {
    let sll = r(0, 2, 1, 1, 3, 0x33);
    assert_eq!(run(&[sll], &[(1, 1), (2, 33)]).regs()[3], 2);
    let sra = r(0x20, 2, 1, 5, 3, 0x33);
    assert_eq!(
        run(&[sra], &[(1, 0x8000_0000), (2, 63)]).regs()[3],
        0xffff_ffff
    );
    let srl = r(0, 2, 1, 5, 3, 0x33);
    assert_eq!(
        run(&[srl], &[(1, 0x8000_0000), (2, 0xffff_ffe1)]).regs()[3],
        0x4000_0000
    );
    // Immediate shifts.
    assert_eq!(
        run(&[i(31, 1, 1, 3, 0x13)], &[(1, 3)]).regs()[3],
        0x8000_0000
    );
    assert_eq!(
        run(&[i(31, 1, 5, 3, 0x13)], &[(1, 0x8000_0000)]).regs()[3],
        1
    );
    assert_eq!(
        run(&[i(0x400 | 4, 1, 5, 3, 0x13)], &[(1, 0x8000_0000)]).regs()[3],
        0xf800_0000
    );
    assert_eq!(run(&[i(0, 1, 1, 3, 0x13)], &[(1, 5)]).regs()[3], 5);
}

#[test]
fn register_immediate_ops() {
    let imms = [0, 1, -1, 2047, -2048, 0x555, -0x556];
    for a in EDGES {
        for imm in imms {
            let se = imm as u32; // sign-extended 12-bit immediate
            let cases = [
                (0, a.wrapping_add(se)),
                (2, ((a as i32) < imm) as u32),
                (3, (a < se) as u32),
                (4, a ^ se),
                (6, a | se),
                (7, a & se),
            ];
            for (f3, want) in cases {
                let vm = run(&[i(imm, 1, f3, 3, 0x13)], &[(1, a)]);
                assert_eq!(vm.regs()[3], want, "f3={f3} a={a:#x} imm={imm}");
            }
        }
    }
    // sltiu x3, x1, -1 is "x1 != 0xffffffff" style unsigned compare against 2^32-1.
    assert_eq!(run(&[i(-1, 1, 3, 3, 0x13)], &[(1, 5)]).regs()[3], 1);
    // seqz idiom: sltiu rd, rs, 1.
    assert_eq!(run(&[i(1, 1, 3, 3, 0x13)], &[(1, 0)]).regs()[3], 1);
}

#[test]
fn x0_is_hard_wired() {
    let vm = run(
        &[
            addi(0, 0, 5),
            lui(0, 0x1234_5000),
            add(0, 1, 1),
            j(4, 0),
            addi(3, 0, 0),
        ],
        &[(1, 9)],
    );
    assert_eq!(vm.regs()[0], 0);
    // A load into x0 still performs (and checks) the access.
    let e = err(&[i(0, 0, 2, 0, 0x03)], &[]);
    assert!(matches!(
        e,
        VmError::Memory {
            fault: MemFault::Access {
                addr: 0,
                access: Access::Read
            },
            ..
        }
    ));
    let vm = run_with(&[lui(1, DATA), i(0, 1, 2, 0, 0x03)], &[], &[1, 2, 3, 4]).unwrap();
    assert_eq!(vm.regs()[0], 0);
}

#[test]
fn lui_auipc() {
    let vm = run(
        &[
            lui(1, 0xfffff000),
            u(0x1000, 2, 0x17),
            u(0xfffff000, 3, 0x17),
        ],
        &[],
    );
    assert_eq!(vm.regs()[1], 0xffff_f000);
    assert_eq!(vm.regs()[2], CODE + 4 + 0x1000);
    assert_eq!(vm.regs()[3], (CODE + 8).wrapping_sub(0x1000));
}

#[test]
fn loads_sign_and_zero_extend() {
    let data = [0x80, 0xff, 0x7f, 0x01, 0x34, 0x12, 0x00, 0x80];
    let base = lui(1, DATA);
    let vm = run_with(
        &[
            base,
            i(0, 1, 0, 10, 0x03), // lb  0x80 -> ffffff80
            i(0, 1, 4, 11, 0x03), // lbu 0x80 -> 80
            i(0, 1, 1, 12, 0x03), // lh  0xff80 -> ffffff80
            i(0, 1, 5, 13, 0x03), // lhu 0xff80
            i(0, 1, 2, 14, 0x03), // lw  0x017fff80
            i(2, 1, 0, 15, 0x03), // lb  0x7f -> 7f
            i(6, 1, 1, 16, 0x03), // lh  0x8000 -> ffff8000
            i(4, 1, 1, 17, 0x03), // lh  0x1234
            i(4, 1, 2, 18, 0x03), // lw  0x80001234
        ],
        &[],
        &data,
    )
    .unwrap();
    let regs = vm.regs();
    assert_eq!(regs[10], 0xffff_ff80);
    assert_eq!(regs[11], 0x80);
    assert_eq!(regs[12], 0xffff_ff80);
    assert_eq!(regs[13], 0xff80);
    assert_eq!(regs[14], 0x017f_ff80);
    assert_eq!(regs[15], 0x7f);
    assert_eq!(regs[16], 0xffff_8000);
    assert_eq!(regs[17], 0x1234);
    assert_eq!(regs[18], 0x8000_1234);
    // Negative offsets.
    let vm = run_with(
        &[lui(1, DATA), addi(1, 1, 8), i(-8, 1, 2, 3, 0x03)],
        &[],
        &data,
    )
    .unwrap();
    assert_eq!(vm.regs()[3], 0x017f_ff80);
}

#[test]
fn stores_write_only_their_width() {
    let vm = run_with(
        &[
            lui(1, DATA),
            s(0, 2, 1, 2, 0x23),  // sw 0xaabbccdd at +0
            s(4, 2, 1, 2, 0x23),  // sw at +4
            s(8, 2, 1, 2, 0x23),  // sw at +8
            s(1, 3, 1, 0, 0x23),  // sb 0x11 at +1
            s(6, 3, 1, 1, 0x23),  // sh 0x2211 at +6
            s(-4, 2, 1, 2, 0x23), // sw at DATA-4 (RW RAM outside the segment)
            i(0, 1, 2, 10, 0x03),
            i(4, 1, 2, 11, 0x03),
            i(-4, 1, 2, 12, 0x03),
        ],
        &[(2, 0xaabb_ccdd), (3, 0x3322_2211)],
        &[],
    )
    .unwrap();
    assert_eq!(vm.regs()[10], 0xaabb_11dd);
    assert_eq!(vm.regs()[11], 0x2211_ccdd);
    assert_eq!(vm.regs()[12], 0xaabb_ccdd);
    assert_eq!(vm.memory().load_u32(DATA + 8), Ok(0xaabb_ccdd));
}

#[test]
fn branches_signed_and_unsigned() {
    // (f3, a, b, taken)
    let cases = [
        (0, 5, 5, true),
        (0, 5, 6, false),
        (1, 5, 6, true),
        (1, 5, 5, false),
        (4, 0xffff_ffff, 1, true),
        (4, 1, 0xffff_ffff, false),
        (4, 3, 3, false),
        (5, 1, 0xffff_ffff, true),
        (5, 3, 3, true),
        (5, 0x8000_0000, 0x7fff_ffff, false),
        (6, 1, 0xffff_ffff, true),
        (6, 0xffff_ffff, 1, false),
        (6, 3, 3, false),
        (7, 0xffff_ffff, 1, true),
        (7, 3, 3, true),
        (7, 0, 1, false),
    ];
    for (f3, a, bb, taken) in cases {
        // branch +8 over "addi x3, x0, 1"
        let vm = run(&[b(8, 2, 1, f3), addi(3, 0, 1)], &[(1, a), (2, bb)]);
        assert_eq!(vm.regs()[3], u32::from(!taken), "f3={f3} {a:#x} {bb:#x}");
    }
    // Backward branch: count down x1 from 5.
    let vm = run(
        &[addi(1, 0, 5), addi(3, 3, 3), addi(1, 1, -1), b(-8, 0, 1, 1)],
        &[],
    );
    assert_eq!(vm.regs()[3], 15);
}

#[test]
fn jumps_link_and_targets() {
    // jal x1, +8 skips one instruction; x1 = pc+4.
    let vm = run(&[j(8, 1), addi(3, 0, 1), addi(4, 0, 1)], &[]);
    assert_eq!((vm.regs()[1], vm.regs()[3], vm.regs()[4]), (CODE + 4, 0, 1));
    // jalr clears bit 0 of the target; rd == rs1 uses the old value.
    let vm = run(&[jalr(1, 1, 9), addi(3, 0, 1), addi(4, 0, 1)], &[(1, CODE)]);
    assert_eq!((vm.regs()[1], vm.regs()[3], vm.regs()[4]), (CODE + 4, 0, 1));
    // Negative jalr offset.
    let vm = run(&[jalr(2, 1, -4), addi(3, 0, 1)], &[(1, CODE + 12)]);
    assert_eq!((vm.regs()[2], vm.regs()[3]), (CODE + 4, 0));
    // Misaligned targets fault (IALIGN = 32); untaken misaligned branches do not.
    let e = err(&[jalr(1, 1, 2)], &[(1, CODE)]);
    assert_eq!(
        e,
        VmError::MisalignedJump {
            pc: CODE,
            target: CODE + 2
        }
    );
    let e = err(&[j(6, 1)], &[]);
    assert_eq!(
        e,
        VmError::MisalignedJump {
            pc: CODE,
            target: CODE + 6
        }
    );
    let e = err(&[b(6, 0, 0, 0)], &[]);
    assert_eq!(
        e,
        VmError::MisalignedJump {
            pc: CODE,
            target: CODE + 6
        }
    );
    let vm = run(&[b(6, 0, 0, 1)], &[]);
    assert_eq!(vm.pc(), CODE + 12);
    // Jumping into data (not executable) faults at fetch.
    let e = err(&[lui(1, DATA), jalr(0, 1, 0)], &[]);
    assert_eq!(e, VmError::Fetch { pc: DATA });
}

#[test]
fn fence_is_a_no_op() {
    let vm = run(&[0x0ff0_000f, 0x8330_000f, addi(1, 0, 1)], &[]);
    assert_eq!(vm.regs()[1], 1);
    assert_eq!(vm.instructions(), 5);
}

#[test]
fn system_instructions_and_illegal_words() {
    assert_eq!(err(&[EBREAK], &[]), VmError::Ebreak { pc: CODE });
    // All six CSR instructions, e.g. reading `cycle` (0xc00) or writing `mstatus` (0x300).
    for (f3, csr) in [
        (1, 0x300),
        (2, 0xc00),
        (3, 0x001),
        (5, 0x340),
        (6, 0xfff),
        (7, 0x002),
    ] {
        let w = i(csr, 1, f3, 2, 0x73);
        assert_eq!(
            err(&[w], &[]),
            VmError::CsrAccess {
                pc: CODE,
                insn: w,
                csr: csr as u16 & 0xfff
            }
        );
    }
    let illegal = [
        0x0000_0000, // all zeros is defined illegal
        0xffff_ffff,
        0x0000_4501,               // a compressed instruction
        0x0000_100f,               // fence.i (Zifencei not implemented)
        0x3020_0073,               // mret
        0x1050_0073,               // wfi
        0x0200_1093,               // slli with shamt[5] = 1
        r(0x40, 2, 1, 0, 3, 0x33), // bad funct7
        r(0x20, 2, 1, 1, 3, 0x33), // "sub"-funct7 with sll
        i(0, 1, 3, 2, 0x03),       // ld (RV64)
        i(0, 1, 6, 2, 0x03),       // lwu (RV64)
        s(0, 2, 1, 3, 0x23),       // sd (RV64)
        b(8, 1, 1, 2),             // branch funct3 = 2
        i(0, 1, 1, 1, 0x67),       // jalr funct3 = 1
        0x0000_0007,               // flw opcode (no F)
        0x0000_002f,               // AMO opcode (no A)
        0x0000_001b,               // addiw (RV64)
    ];
    for w in illegal {
        assert_eq!(
            err(&[w], &[]),
            VmError::IllegalInstruction { pc: CODE, insn: w },
            "{w:#x}"
        );
    }
    // Unknown syscall id.
    let e = err(&[addi(5, 0, 0x7ff), ECALL], &[]);
    assert!(matches!(e, VmError::Syscall { id: 0x7ff, name: "unknown", pc, .. } if pc == CODE + 4));
}

#[test]
fn memory_faults_are_typed() {
    let fault = |code: &[u32]| match err(code, &[]) {
        VmError::Memory { fault, pc, .. } => (pc, fault),
        other => panic!("{other:?}"),
    };
    let data = lui(1, DATA);
    assert_eq!(
        fault(&[data, i(2, 1, 2, 2, 0x03)]).1,
        MemFault::Misaligned {
            addr: DATA + 2,
            size: 4
        }
    );
    assert_eq!(
        fault(&[data, i(1, 1, 1, 2, 0x03)]).1,
        MemFault::Misaligned {
            addr: DATA + 1,
            size: 2
        }
    );
    assert_eq!(
        fault(&[data, i(3, 1, 5, 2, 0x03)]).1,
        MemFault::Misaligned {
            addr: DATA + 3,
            size: 2
        }
    );
    assert_eq!(
        fault(&[data, s(1, 2, 1, 1, 0x23)]).1,
        MemFault::Misaligned {
            addr: DATA + 1,
            size: 2
        }
    );
    assert_eq!(
        fault(&[data, s(2, 2, 1, 2, 0x23)]).1,
        MemFault::Misaligned {
            addr: DATA + 2,
            size: 4
        }
    );
    // Byte accesses are never misaligned.
    run_with(&[data, i(3, 1, 0, 2, 0x03), s(3, 2, 1, 0, 0x23)], &[], &[]).unwrap();
    // Unmapped: the null guard page and above RAM.
    assert_eq!(
        fault(&[i(16, 0, 2, 2, 0x03)]),
        (
            CODE,
            MemFault::Access {
                addr: 16,
                access: Access::Read
            }
        )
    );
    assert_eq!(
        fault(&[lui(1, 0x1000_0000), s(0, 2, 1, 2, 0x23)]).1,
        MemFault::Access {
            addr: 0x1000_0000,
            access: Access::Write
        }
    );
    // Code is not writable (W^X).
    assert_eq!(
        fault(&[lui(1, CODE), s(0, 2, 1, 2, 0x23)]).1,
        MemFault::Access {
            addr: CODE,
            access: Access::Write
        }
    );
    // ...but readable.
    let vm = run(&[lui(1, CODE), i(0, 1, 2, 3, 0x03)], &[]);
    assert_eq!(vm.regs()[3], lui(1, CODE));
}

#[test]
fn memory_limit_and_cycle_limit() {
    let mut words = vec![
        lui(1, 0x0100_0000),
        s(0, 0, 1, 2, 0x23),
        lui(1, 0x0200_0000),
        s(0, 0, 1, 2, 0x23),
    ];
    words.extend_from_slice(&HALT);
    let p = program(&words, &[]);
    // Code takes 1 page (the empty data segment allocates nothing): a 2-page limit allows
    // one more.
    let mut vm = Vm::new(
        &p,
        VmConfig {
            memory_limit: 2 * 4096,
            ..VmConfig::default()
        },
    )
    .unwrap();
    assert!(matches!(
        vm.run(),
        Err(VmError::Memory {
            fault: MemFault::Limit {
                addr: 0x0200_0000,
                ..
            },
            ..
        })
    ));
    // Infinite loop hits the cycle limit.
    let p = program(&[j(0, 0)], &[]);
    let mut vm = Vm::new(
        &p,
        VmConfig {
            cycle_limit: 1000,
            ..VmConfig::default()
        },
    )
    .unwrap();
    assert_eq!(
        vm.run(),
        Err(VmError::CycleLimit {
            pc: CODE,
            limit: 1000
        })
    );
    assert_eq!(vm.cycles(), 1000);
}

#[test]
fn halt_reports_exit_code_and_counts() {
    let p = program(&[addi(10, 0, 42), HALT[0], HALT[1]], &[]);
    let mut vm = Vm::new(&p, VmConfig::default()).unwrap();
    let exit = vm.run().unwrap();
    assert_eq!((exit.code, exit.instructions, exit.cycles), (42, 3, 3));
    // Running again after halt is idempotent.
    assert_eq!(vm.run().unwrap(), exit);
    assert_eq!(vm.syscall_counts().get(&0), Some(&1));
}

#[test]
fn trace_records_registers_and_memory() {
    let code = [
        lui(1, DATA),
        addi(2, 0, -5),
        s(4, 2, 1, 2, 0x23),
        i(4, 1, 0, 3, 0x03),
        HALT[0],
        HALT[1],
    ];
    let p = program(&code, &[0xaa; 8]);
    let mut vm = Vm::new(&p, VmConfig::default()).unwrap();
    let (r, t) = vm.run_traced();
    let exit = r.unwrap();
    assert_eq!(t.steps.len(), 6);
    assert_eq!(exit.instructions, 6);
    let st = &t.steps[2];
    assert_eq!((st.pc, st.insn), (CODE + 8, code[2]));
    assert_eq!(st.rs1, Some((1, DATA)));
    assert_eq!(st.rs2, Some((2, (-5i32) as u32)));
    assert_eq!(st.rd, None);
    assert_eq!(
        st.mem,
        Some(umbra_vm::trace::MemAccess {
            addr: DATA + 4,
            size: 4,
            write: true,
            value: (-5i32) as u32
        })
    );
    let ld = &t.steps[3];
    assert_eq!(ld.rd, Some((3, 0xffff_fffb)));
    assert_eq!(
        ld.mem,
        Some(umbra_vm::trace::MemAccess {
            addr: DATA + 4,
            size: 1,
            write: false,
            value: 0xffff_fffb
        })
    );
    let halt = &t.steps[5];
    assert_eq!(halt.syscall, Some(0));
    assert_eq!(t.syscalls[0].id, 0);
    assert_eq!(t.syscalls[0].cycles, 1);
    assert_eq!(
        t.steps.iter().map(|s| s.cycle).collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4, 5]
    );
}
