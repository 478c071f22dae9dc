//! Text sort fields turned into integer ranks: each distinct value is ranked once, in the order
//! Obsidian Tasks sorts text (see `collate`).
//! Only ranks what it is given; it never filters, groups or reorders the tasks themselves.

use super::radix::Column;
use super::sort::bits_for;
use crate::hash::FxHashMap;
use crate::task::Task;
use std::cmp::Ordering;
use std::sync::Arc;

/// Natural, case-insensitive order, then exact order so that equal-looking strings still sort stably.
pub fn cmp_text(a: &str, b: &str) -> Ordering {
    super::collate::cmp_natural(a, b)
}

/// Whether tasks already come in path order, then line order. The index hands them out by the
/// paths' bytes, which is the collation order for most vaults; each change of note is checked.
pub(super) fn is_path_line_sorted(tasks: &[&Task]) -> bool {
    let in_order = |a: &Task, b: &Task| {
        if Arc::ptr_eq(&a.note, &b.note) {
            return a.line <= b.line;
        }
        match cmp_text(a.path(), b.path()) {
            Ordering::Less => true,
            Ordering::Equal => a.line <= b.line,
            Ordering::Greater => false,
        }
    };
    // Each range also checks the pair that crosses into it from the previous range.
    super::par::ranges(tasks.len(), |r| {
        let from = r.start.saturating_sub(1);
        tasks[from..r.end].windows(2).all(|w| in_order(w[0], w[1]))
    })
    .into_iter()
    .all(|ok| ok)
}

/// Path ranks of path-sorted tasks: a new rank wherever the path changes; no hashing, no string sort.
/// Equal-collating paths that differ (`a.md`, `A.md`) still get ranks of their own.
pub(super) fn path_ranks(tasks: &[&Task]) -> Column {
    let mut rank = 0u32;
    let mut values = Vec::with_capacity(tasks.len());
    for (i, t) in tasks.iter().enumerate() {
        if i > 0 && !Arc::ptr_eq(&tasks[i - 1].note, &t.note) && tasks[i - 1].path() != t.path() {
            rank += 1;
        }
        values.push(rank);
    }
    Column {
        values,
        bits: bits_for(rank),
    }
}

/// Ranks a text field: each distinct value is hashed once (shared strings are recognised by pointer).
/// `fold`: in collation order (natural, case-insensitive); else by bytes.
pub(super) fn rank_text<'a>(
    tasks: &[&'a Task],
    get: impl Fn(&'a Task) -> Option<&'a str>,
    none_first: bool,
    fold: bool,
) -> Column {
    let mut ids: FxHashMap<&'a str, u32> = FxHashMap::default();
    let mut distinct: Vec<&'a str> = Vec::new();
    let mut raw = Vec::with_capacity(tasks.len());
    // Shared strings (one allocation per owner, account, note) are recognised by address first.
    let mut cache: Vec<(*const u8, usize, u32)> = vec![(std::ptr::null(), 0, 0); 256];
    for t in tasks {
        let Some(s) = get(t) else {
            raw.push(u32::MAX);
            continue;
        };
        let slot = ((s.as_ptr() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize;
        let (p, len, id) = cache[slot];
        if p == s.as_ptr() && len == s.len() {
            raw.push(id);
            continue;
        }
        let id = *ids.entry(s).or_insert_with(|| {
            distinct.push(s);
            distinct.len() as u32 - 1
        });
        cache[slot] = (s.as_ptr(), s.len(), id);
        raw.push(id);
    }
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    if fold {
        order.sort_by(|&a, &b| cmp_text(distinct[a as usize], distinct[b as usize]));
    } else {
        order.sort_unstable_by_key(|&i| distinct[i as usize]);
    }
    let offset = u32::from(none_first);
    let mut rank = vec![0u32; distinct.len()];
    for (r, id) in order.into_iter().enumerate() {
        rank[id as usize] = r as u32 + offset;
    }
    let none = if none_first { 0 } else { distinct.len() as u32 };
    let values = raw
        .into_iter()
        .map(|id| {
            if id == u32::MAX {
                none
            } else {
                rank[id as usize]
            }
        })
        .collect();
    Column {
        values,
        bits: bits_for(distinct.len() as u32 + 1),
    }
}
