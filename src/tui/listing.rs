//! The task list a tab shows: its ordering, narrowed by the show switch and the filter, cut into groups.
//! Incremental: typing more of the same words filters within the previous result. Never reads files.

use super::filter::{Parsed, TextMatcher, query_matches};
use super::store::{Ordering, Store};
use chrono::NaiveDate;
use std::sync::Arc;
use triage::query::Query;

/// Which tasks the switch lets through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    #[default]
    All,
    Proposed,
    Accepted,
}

impl Show {
    pub fn next(self) -> Show {
        match self {
            Show::All => Show::Proposed,
            Show::Proposed => Show::Accepted,
            Show::Accepted => Show::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Proposed => "proposed",
            Show::Accepted => "accepted",
        }
    }

    fn admits(self, proposed: bool) -> bool {
        match self {
            Show::All => true,
            Show::Proposed => proposed,
            Show::Accepted => !proposed,
        }
    }
}

/// A run of rows with the same group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRow {
    pub label: Arc<str>,
    pub start: usize,
    pub len: usize,
}

/// What a listing was computed from; equal stamps mean the rows are current.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    tab: usize,
    show: Show,
    generation: u64,
    /// The text words' source when the filter was a text search (for incremental narrowing).
    text: Option<String>,
}

#[derive(Debug, Default)]
pub struct Listing {
    /// Positions in the tab's ordering, in display order.
    pub rows: Vec<u32>,
    pub groups: Vec<GroupRow>,
    stamp: Option<Stamp>,
}

/// Rows above this count are matched on two threads.
const PARALLEL_FROM: usize = 40_000;

impl Listing {
    /// Recomputes the rows for `tab`. `words_source` is the raw filter input (used to decide
    /// whether the new text only extends the previous one).
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &mut self,
        store: &Store,
        ordering: &Ordering,
        tab: usize,
        show: Show,
        parsed: &Parsed,
        input: &str,
        today: NaiveDate,
    ) {
        let lower = input.trim_start().to_lowercase();
        let stamp = Stamp {
            tab,
            show,
            generation: store.generation,
            text: parsed.words().map(|_| lower.clone()),
        };
        let narrowing = match (&self.stamp, &stamp.text) {
            (Some(old), Some(new_text)) => {
                old.tab == tab
                    && old.show == show
                    && old.generation == store.generation
                    && old
                        .text
                        .as_ref()
                        .is_some_and(|t| new_text.starts_with(t.as_str()))
            }
            _ => false,
        };
        let candidates: Vec<u32> = if narrowing {
            std::mem::take(&mut self.rows)
        } else {
            (0..ordering.order.len() as u32).collect()
        };
        let rows = match parsed {
            Parsed::Query(q) => filter_query(store, ordering, &candidates, show, q, today),
            _ => {
                let matcher = parsed.words().map(TextMatcher::new);
                filter_text(store, ordering, &candidates, show, matcher.as_ref())
            }
        };
        self.groups = runs(ordering, &rows);
        self.rows = rows;
        self.stamp = Some(stamp);
    }
}

fn filter_text(
    store: &Store,
    ordering: &Ordering,
    candidates: &[u32],
    show: Show,
    matcher: Option<&TextMatcher>,
) -> Vec<u32> {
    let keep = |pos: u32| {
        let i = ordering.order[pos as usize] as usize;
        show.admits(store.proposed[i]) && matcher.is_none_or(|m| m.matches(store.hay(i)))
    };
    if candidates.len() < PARALLEL_FROM || (matcher.is_none() && show == Show::All) {
        return candidates.iter().copied().filter(|&p| keep(p)).collect();
    }
    let (a, b) = candidates.split_at(candidates.len() / 2);
    std::thread::scope(|s| {
        let left = s.spawn(|| a.iter().copied().filter(|&p| keep(p)).collect::<Vec<u32>>());
        let right: Vec<u32> = b.iter().copied().filter(|&p| keep(p)).collect();
        let mut out = left
            .join()
            .unwrap_or_else(|_| a.iter().copied().filter(|&p| keep(p)).collect());
        out.extend(right);
        out
    })
}

fn filter_query(
    store: &Store,
    ordering: &Ordering,
    candidates: &[u32],
    show: Show,
    q: &Query,
    today: NaiveDate,
) -> Vec<u32> {
    candidates
        .iter()
        .copied()
        .filter(|&p| {
            let i = ordering.order[p as usize] as usize;
            show.admits(store.proposed[i]) && query_matches(q, &store.tasks[i], today)
        })
        .collect()
}

fn runs(ordering: &Ordering, rows: &[u32]) -> Vec<GroupRow> {
    let mut groups: Vec<GroupRow> = Vec::new();
    let mut current = u32::MAX;
    for (n, &pos) in rows.iter().enumerate() {
        let g = ordering.group[pos as usize];
        if g != current || groups.is_empty() {
            current = g;
            let label = ordering
                .labels
                .get(g as usize)
                .cloned()
                .unwrap_or_else(|| Arc::from("?"));
            groups.push(GroupRow {
                label,
                start: n,
                len: 0,
            });
        }
        if let Some(last) = groups.last_mut() {
            last.len += 1;
        }
    }
    groups
}

/// A saved view's ordering: the query's own filter, sort and groups over every task.
pub fn view_ordering(store: &Store, query: &Query, today: NaiveDate) -> Ordering {
    let base = store.tasks.as_ptr() as usize;
    let size = std::mem::size_of::<triage::task::Task>().max(1);
    let result = query.run(store.tasks.iter(), today);
    let mut ordering = Ordering::default();
    for (g, group) in result.groups.iter().enumerate() {
        let label = if group.keys.is_empty() {
            "All".to_string()
        } else {
            group.keys.join(" › ")
        };
        ordering.labels.push(Arc::from(label));
        for t in &group.tasks {
            // The result borrows from `store.tasks`, so the offset is the task's index.
            let i = (*t as *const triage::task::Task as usize).wrapping_sub(base) / size;
            if i >= store.tasks.len() {
                continue;
            }
            ordering.order.push(i as u32);
            ordering.group.push(g as u32);
        }
    }
    ordering
}
