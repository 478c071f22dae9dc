//! The task list a tab shows: its ordering, narrowed by the show switch and the filter, cut into groups.
//! Incremental: typing more of the same words filters within the previous result. Never reads files.

use super::filter::{Parsed, TextMatcher, query_matches};
use super::store::{Ordering, Store};
use chrono::NaiveDate;
use std::sync::Arc;
use triage::query::Query;
use unicode_width::UnicodeWidthStr;

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
    /// How many of its tasks are overdue.
    pub overdue: usize,
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
    /// Overdue tasks among `rows`.
    pub overdue: usize,
    /// The widest groups-pane row ("All" included): label, late count and count, in columns.
    pub groups_width: usize,
    stamp: Option<Stamp>,
    /// Recent text results, so that backspace is as fast as typing.
    history: Vec<(Stamp, Vec<u32>)>,
}

const HISTORY: usize = 24;

/// From this many candidates (and a third of all tasks) a filter makes one pass over all descriptions.
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
        if let Some((_, rows)) = self.history.iter().find(|(s, _)| *s == stamp) {
            self.rows = rows.clone();
            self.set_groups(store, ordering);
            self.stamp = Some(stamp);
            return;
        }
        self.history
            .retain(|(s, _)| s.generation == store.generation);
        // Typing on: every earlier word is unchanged and already matched by the previous rows,
        // so only the last old word (possibly extended) and any new ones need checking.
        let narrowed_from = match (&self.stamp, &stamp.text) {
            (Some(old), Some(new_text))
                if old.tab == tab
                    && old.show == show
                    && old.generation == store.generation
                    && old
                        .text
                        .as_ref()
                        .is_some_and(|t| new_text.starts_with(t.as_str())) =>
            {
                // After a space the old words are all complete; otherwise the last one may grow.
                old.text.as_ref().map(|t| {
                    let n = t.split_whitespace().count();
                    if t.ends_with(char::is_whitespace) {
                        n
                    } else {
                        n.saturating_sub(1)
                    }
                })
            }
            _ => None,
        };
        let candidates: Vec<u32> = match narrowed_from {
            Some(_) => std::mem::take(&mut self.rows),
            None => (0..ordering.order.len() as u32).collect(),
        };
        let rows = match parsed {
            Parsed::Query(q) => filter_query(store, ordering, &candidates, show, q, today),
            _ => {
                let from = narrowed_from.unwrap_or(0);
                let matcher = parsed
                    .words()
                    .map(|w| TextMatcher::new(&w[from.min(w.len())..], store));
                filter_text(store, ordering, &candidates, show, matcher.as_ref())
            }
        };
        if stamp.text.is_some() {
            if self.history.len() >= HISTORY {
                self.history.remove(0);
            }
            self.history.push((stamp.clone(), rows.clone()));
        }
        self.rows = rows;
        self.set_groups(store, ordering);
        self.stamp = Some(stamp);
    }

    fn set_groups(&mut self, store: &Store, ordering: &Ordering) {
        self.groups = runs(store, ordering, &self.rows);
        self.overdue = self.groups.iter().map(|g| g.overdue).sum();
        // "All" already stands for the one group of a view without `group by`.
        if ordering.ungrouped {
            self.groups.clear();
        }
        let digits = |n: usize| n.max(1).ilog10() as usize + 1;
        let late = |n: usize| if n > 0 { digits(n) + 2 } else { 0 };
        self.groups_width = self
            .groups
            .iter()
            .map(|g| g.label.width() + late(g.overdue) + digits(g.len))
            .chain([3 + late(self.overdue) + digits(self.rows.len())])
            .max()
            .unwrap_or(0);
    }
}

impl Listing {
    /// Adds an empty group `label` after the groups in `after` when no row falls in it.
    pub fn ensure_group(&mut self, label: &str, after: &[&str]) {
        if self.groups.is_empty() || self.groups.iter().any(|g| &*g.label == label) {
            return;
        }
        let at = self
            .groups
            .iter()
            .take_while(|g| after.contains(&&*g.label))
            .count();
        let start = self.groups.get(at).map_or(self.rows.len(), |g| g.start);
        self.groups.insert(
            at,
            GroupRow {
                label: Arc::from(label),
                start,
                len: 0,
                overdue: 0,
            },
        );
    }
}

fn filter_text(
    store: &Store,
    ordering: &Ordering,
    candidates: &[u32],
    show: Show,
    matcher: Option<&TextMatcher>,
) -> Vec<u32> {
    let Some(m) = matcher.filter(|m| !m.words.is_empty()) else {
        return candidates
            .iter()
            .copied()
            .filter(|&p| show.admits(store.proposed[ordering.order[p as usize] as usize]))
            .collect();
    };
    if candidates.len() >= PARALLEL_FROM && candidates.len() * 3 > store.tasks.len() {
        // Most tasks are candidates: find each word in all descriptions in one pass per word
        // (the words in parallel), fold that into one flag per task in task order, then walk the
        // tab's order once. Sequential passes keep this within a frame at half a million tasks.
        let per_word: Vec<Vec<bool>> = std::thread::scope(|s| {
            let jobs: Vec<_> = m
                .words
                .iter()
                .map(|w| s.spawn(move || store.desc_hits(w)))
                .collect();
            jobs.into_iter()
                .zip(&m.words)
                .map(|(j, w)| j.join().unwrap_or_else(|_| store.desc_hits(w)))
                .collect()
        });
        let mut ok: Vec<bool> = store.proposed.iter().map(|&p| show.admits(p)).collect();
        for (w, hits) in per_word.iter().enumerate() {
            for (i, flag) in ok.iter_mut().enumerate() {
                *flag = *flag && (hits[i] || m.in_names(w, store.fields[i]));
            }
        }
        return candidates
            .iter()
            .copied()
            .filter(|&p| ok[ordering.order[p as usize] as usize])
            .collect();
    }
    // Check the candidates in task order, not display order: the task data is then read front to
    // back instead of jumping around memory, which is most of the cost at this size.
    let mut by_task: Vec<u32> = candidates
        .iter()
        .map(|&p| ordering.order[p as usize])
        .collect();
    by_task.sort_unstable();
    let mut keep = vec![0u64; store.tasks.len().div_ceil(64)];
    for i in by_task {
        let i = i as usize;
        if show.admits(store.proposed[i])
            && m.matches(store.desc(i), store.masks[i], store.fields[i])
        {
            keep[i / 64] |= 1 << (i % 64);
        }
    }
    candidates
        .iter()
        .copied()
        .filter(|&p| {
            let i = ordering.order[p as usize] as usize;
            keep[i / 64] & (1 << (i % 64)) != 0
        })
        .collect()
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

fn runs(store: &Store, ordering: &Ordering, rows: &[u32]) -> Vec<GroupRow> {
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
                overdue: 0,
            });
        }
        if let Some(last) = groups.last_mut() {
            last.len += 1;
            last.overdue += usize::from(store.overdue[ordering.order[pos as usize] as usize]);
        }
    }
    groups
}

/// A saved view's ordering: the query's own filter, sort and groups over every task.
pub fn view_ordering(store: &Store, query: &Query, today: NaiveDate) -> Ordering {
    let base = store.tasks.as_ptr() as usize;
    let size = std::mem::size_of::<triage::task::Task>().max(1);
    let result = query.run(store.live_tasks().map(|(_, t)| t), today);
    let mut ordering = Ordering::default();
    ordering.ungrouped = result.groups.iter().all(|g| g.keys.is_empty());
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
