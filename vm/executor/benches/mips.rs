//! Interpreter throughput (instructions per second, tracing off).
//!
//! Group `vm_mips`, elements = guest instructions, so criterion's "thrpt" is MIPS × 10⁶:
//! * `umbra-vm/bigfib-guest`: the compute-heavy example guest (Fibonacci of big numbers,
//!   pure RV32IM) built by `umbra-guests`, loaded from its ELF;
//! * `umbra-vm/alu-mem-loop`: a hand-assembled loop of ALU, multiply, load and store;
//! * `reference/alu-mem-loop`: the same loop on the deliberately simple reference
//!   interpreter of the test suite (decode every step, hash-map memory) — the design a
//!   straightforward emulator would have, to show what predecoding buys.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use umbra_vm::{Vm, VmConfig};

const FIB_N: u32 = 20_000;
const LOOP_ITERS: i32 = 200_000;

fn alu_mem_loop() -> Vec<u32> {
    let mut w = vec![
        lui(31, DATA),
        addi(1, 0, 0),
        lui(2, (LOOP_ITERS as u32) & 0xffff_f000),
        addi(2, 2, LOOP_ITERS & 0xfff),
        addi(3, 0, 1),
        addi(4, 0, 7),
    ];
    let body = vec![
        r(1, 4, 3, 0, 3, 0x33),  // mul x3, x3, x4
        add(3, 3, 1),            // add x3, x3, x1
        r(0, 3, 4, 4, 4, 0x33),  // xor x4, x4, x3
        i(7, 3, 5, 5, 0x13),     // srli x5, x3, 7
        i(0x3fc, 5, 7, 5, 0x13), // andi x5, x5, 0x3fc
        add(6, 31, 5),           // add x6, x31, x5
        i(0, 6, 2, 7, 0x03),     // lw x7, 0(x6)
        add(7, 7, 3),            // add x7, x7, x3
        s(0, 7, 6, 2, 0x23),     // sw x7, 0(x6)
        addi(1, 1, 1),           // addi x1, x1, 1
    ];
    let n = body.len() as i32;
    w.extend(body);
    w.push(b(-4 * n, 2, 1, 1)); // bne x1, x2, loop
    w.extend_from_slice(&HALT);
    w
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("vm_mips");
    g.sample_size(10);

    let fib_input = FIB_N.to_le_bytes().to_vec();
    let fib_instr = Vm::from_elf(umbra_guests::BIGFIB_ELF, VmConfig::default())
        .unwrap()
        .with_input(fib_input.clone())
        .run()
        .unwrap()
        .instructions;
    g.throughput(Throughput::Elements(fib_instr));
    g.bench_function("umbra-vm/bigfib-guest", |bch| {
        bch.iter(|| {
            let mut vm = Vm::from_elf(umbra_guests::BIGFIB_ELF, VmConfig::default())
                .unwrap()
                .with_input(fib_input.clone());
            black_box(vm.run().unwrap())
        })
    });

    let code = alu_mem_loop();
    let p = program(&code, &[]);
    let loop_instr = Vm::new(&p, VmConfig::default())
        .unwrap()
        .run()
        .unwrap()
        .instructions;
    g.throughput(Throughput::Elements(loop_instr));
    g.bench_function("umbra-vm/alu-mem-loop", |bch| {
        bch.iter(|| black_box(Vm::new(&p, VmConfig::default()).unwrap().run().unwrap()))
    });
    g.bench_function("reference/alu-mem-loop", |bch| {
        bch.iter(|| {
            let mut r = RefVm::new(&code, &[]);
            let end = r.run(u64::MAX);
            assert!(matches!(end, RefEnd::Halt { steps, .. } if steps == loop_instr));
            black_box(end)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
