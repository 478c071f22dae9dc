//! Splitting query work over the machine's cores for large task sets (the filter pass, sort columns, group levels).
//! Results are identical to the one-thread path: chunks are joined in order; small inputs stay on one thread.

use std::thread;

/// Below this many tasks, starting threads costs more than it saves.
pub const MIN_PARALLEL: usize = 50_000;

fn threads() -> usize {
    thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// `f` applied to every item, on several threads when `len` (the task count) is large; order kept.
pub fn map<T, R, F>(items: &[T], len: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    if len < MIN_PARALLEL || items.len() < 2 || threads() < 2 {
        return items.iter().map(&f).collect();
    }
    let f = &f;
    thread::scope(|s| {
        let handles: Vec<_> = items.iter().map(|item| s.spawn(move || f(item))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// `f` on consecutive ranges covering `0..len` (one per core when `len` is large), results in order.
pub fn ranges<R, F>(len: usize, f: F) -> Vec<R>
where
    R: Send,
    F: Fn(std::ops::Range<usize>) -> R + Sync,
{
    let n = threads();
    if len < MIN_PARALLEL || n < 2 {
        return vec![f(0..len)];
    }
    let size = len.div_ceil(n);
    let f = &f;
    thread::scope(|s| {
        let handles: Vec<_> = (0..len)
            .step_by(size)
            .map(|start| s.spawn(move || f(start..(start + size).min(len))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
