//! Host-side simulation of the guest I/O (non-RISC-V targets, feature `std`): a per-thread
//! private input, journal and output buffers, so guest logic can run in ordinary tests.

use std::cell::RefCell;
use std::vec::Vec;

#[derive(Default)]
struct State {
    input: Vec<u8>,
    pos: usize,
    journal: Vec<u8>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    cycles: u64,
}

std::thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Reset this thread's simulated guest with a new private input.
pub fn set_input(input: &[u8]) {
    STATE.with(|s| {
        *s.borrow_mut() = State {
            input: input.to_vec(),
            ..State::default()
        }
    });
}

/// Take the journal committed so far.
pub fn take_journal() -> Vec<u8> {
    STATE.with(|s| core::mem::take(&mut s.borrow_mut().journal))
}

/// Take what was written to stdout (fd 1) and stderr (fd 2).
pub fn take_output() -> (Vec<u8>, Vec<u8>) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        (
            core::mem::take(&mut s.stdout),
            core::mem::take(&mut s.stderr),
        )
    })
}

pub(crate) fn read_private(buf: &mut [u8]) -> usize {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let start = s.pos.min(s.input.len());
        let n = buf.len().min(s.input.len() - start);
        buf[..n].copy_from_slice(&s.input[start..start + n]);
        s.pos = start + n;
        n
    })
}

pub(crate) fn private_remaining() -> usize {
    STATE.with(|s| {
        let s = s.borrow();
        s.input.len().saturating_sub(s.pos)
    })
}

pub(crate) fn commit(data: &[u8]) {
    STATE.with(|s| s.borrow_mut().journal.extend_from_slice(data));
}

pub(crate) fn write(fd: u32, data: &[u8]) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if fd == umbra_abi::fd::STDERR {
            s.stderr.extend_from_slice(data);
        } else {
            s.stdout.extend_from_slice(data);
        }
    });
}

/// Off the zkVM there are no cycles; this counts calls so it is still monotonic.
pub(crate) fn cycle_count() -> u64 {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.cycles += 1;
        s.cycles
    })
}
