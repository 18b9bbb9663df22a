//! Constant-time checking under valgrind memcheck.
//!
//! The technique is libsecp256k1's `ctime_tests`: mark the bytes of every
//! secret as *undefined* with a memcheck client request, run the operation,
//! and let memcheck report every conditional jump, memory index or syscall
//! argument that depends on them. Constant-time code produces no report.
//! Outputs that are public by design (a signature, a commitment) are
//! [`declassify`]-ed before anything branches on them.
//!
//! A crate opts in with an example named `ctgrind`:
//!
//! ```no_run
//! use umbra_ctgrind::{Case, Expect, classify, declassify};
//!
//! fn square_secret() {
//!     let secret = [7u8; 32];
//!     classify(&secret);
//!     let out: u64 = secret.iter().map(|&b| u64::from(b) * u64::from(b)).sum();
//!     declassify(&out);
//!     std::hint::black_box(out);
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     umbra_ctgrind::run(&[Case::new("square", Expect::ConstantTime, square_secret)])
//! }
//! ```
//!
//! `cargo ctgrind -p <crate>` builds it with the optimised `ctgrind` profile
//! and [`run`] re-executes the binary under valgrind when it is not already
//! there. CI finds every such example and runs it.

mod requests;
mod runner;

pub use requests::{classify, declassify, error_count, running_on_valgrind};
pub use runner::{Case, Expect, run};
