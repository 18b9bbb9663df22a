//! Thread helpers behind the `parallel` feature.
//!
//! With `parallel`, work is split into at most `rayon::current_num_threads()`
//! contiguous ranges and run on rayon's pool; without it (and on a one-thread
//! pool) every helper runs its closure once over the whole range, which is
//! exactly the sequential code. Callers only split work whose results are
//! combined by exact arithmetic (field and group operations, no rounding), so
//! the outputs are the same for every thread count. The split depends only on
//! the input length and the pool size, never on the values.

use alloc::vec;
use alloc::vec::Vec;
use core::ops::Range;

/// Number of ranges [`map_ranges`] may split `len` items into, given at least
/// `min` items per range.
#[cfg(feature = "parallel")]
fn parts(len: usize, min: usize) -> usize {
    (len / min.max(1)).clamp(1, rayon::current_num_threads().max(1))
}

/// `f` applied to consecutive ranges covering `0..len`, each at least `min`
/// long (one range `0..len` without `parallel`); results in range order.
pub(crate) fn map_ranges<R, F>(len: usize, min: usize, f: F) -> Vec<R>
where
    R: Send,
    F: Fn(Range<usize>) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let k = parts(len, min);
        if k > 1 {
            let size = len.div_ceil(k);
            return (0..k)
                .into_par_iter()
                .map(|i| f((i * size).min(len)..((i + 1) * size).min(len)))
                .collect();
        }
    }
    let _ = min;
    vec![f(0..len)]
}

/// `(a(), b())`, on two threads with `parallel`.
pub(crate) fn join<RA, RB, A, B>(a: A, b: B) -> (RA, RB)
where
    RA: Send,
    RB: Send,
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
{
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}
