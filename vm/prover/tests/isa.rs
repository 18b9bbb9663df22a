//! Honest executions of ISA-suite-style programs satisfy the CPU step and balance the bus.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
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

const R_OPS: [(u32, u32, &str); 18] = [
    (0, 0, "add"),
    (0x20, 0, "sub"),
    (0, 1, "sll"),
    (0, 2, "slt"),
    (0, 3, "sltu"),
    (0, 4, "xor"),
    (0, 5, "srl"),
    (0x20, 5, "sra"),
    (0, 6, "or"),
    (0, 7, "and"),
    (1, 0, "mul"),
    (1, 1, "mulh"),
    (1, 2, "mulhsu"),
    (1, 3, "mulhu"),
    (1, 4, "div"),
    (1, 5, "divu"),
    (1, 6, "rem"),
    (1, 7, "remu"),
];

#[test]
fn smoke_addi_halt() {
    let r = run(&[addi(10, 0, 7)], &[], &[], 4);
    assert_eq!(r.exit, 7);
    assert_honest(&r, true);
}

#[test]
fn register_register_ops_on_edge_values() {
    // One program per op: every (a, b) pair of edge values, results into x3..x30 in turn,
    // plus the same register as both sources and destination.
    for (f7, f3, name) in R_OPS {
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
        let run = run(&code, &[], &[], 8);
        let c = check(&run, &run.steps);
        assert!(c.satisfied(), "{name}: {:?}", c.violated);
        assert!(c.balanced(), "{name}: bus unbalanced");
    }
}
