//! The UI's copy of the vault's tasks, flat and in path/line order, with what filtering needs precomputed:
//! lower-case haystacks, group ranks per grouping, and header counts. Pure data; never reads files.

use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use triage::task::{Bucket, Task};
use triage::vault::Index;

/// The three built-in groupings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Due,
    Owner,
    Account,
}

impl Grouping {
    pub const ALL: [Grouping; 3] = [Grouping::Due, Grouping::Owner, Grouping::Account];

    pub fn label(self) -> &'static str {
        match self {
            Grouping::Due => "Due",
            Grouping::Owner => "Owner",
            Grouping::Account => "Account",
        }
    }
}

pub const UNASSIGNED: &str = "Unassigned";
pub const NO_ACCOUNT: &str = "No account";

/// One tab's precomputed order: task indices sorted by (group, due, priority, path, line), and the
/// group of each position. A task may stand in several groups (a view grouped by tags).
#[derive(Clone, Debug, Default)]
pub struct Ordering {
    pub order: Vec<u32>,
    /// Group rank of each position of `order`.
    pub group: Vec<u32>,
    /// Label of each rank.
    pub labels: Vec<Arc<str>>,
}

#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    pub proposed: usize,
}

#[derive(Debug, Default)]
pub struct Store {
    pub tasks: Vec<Task>,
    /// Lower-case `description \u{1} owner \u{1} account \u{1} note title` of every task, back to back.
    hay: String,
    hay_end: Vec<u32>,
    pub orderings: [Ordering; 3],
    pub counts: Counts,
    pub notes: usize,
    paths: HashSet<Arc<str>>,
    /// Whether each task is proposed, packed for the show switch.
    pub proposed: Vec<bool>,
    /// Bumped on every change so cached results know they are stale.
    pub generation: u64,
    me: Option<String>,
}

impl Store {
    pub fn new(me: Option<String>) -> Store {
        Store {
            me,
            ..Store::default()
        }
    }

    /// Replaces everything with a fresh index.
    pub fn load(&mut self, index: &Index, today: NaiveDate) {
        self.tasks = index.tasks().cloned().collect();
        self.notes = index.note_count();
        self.paths = index.paths().cloned().collect();
        self.rebuild(today);
    }

    /// Replaces one note's tasks (`None`: the note is gone).
    pub fn replace_note(&mut self, path: &str, tasks: Option<Vec<Task>>, today: NaiveDate) {
        let start = self.tasks.partition_point(|t| t.path() < path);
        let end = start + self.tasks[start..].partition_point(|t| t.path() == path);
        match &tasks {
            Some(_) => {
                if !self.paths.contains(path) {
                    self.paths.insert(Arc::from(path));
                }
            }
            None => {
                self.paths.remove(path);
            }
        }
        self.tasks.splice(start..end, tasks.unwrap_or_default());
        self.notes = self.paths.len();
        self.rebuild(today);
    }

    /// Recomputes haystacks, orderings and counts (after any change, or when the date changes).
    pub fn rebuild(&mut self, today: NaiveDate) {
        self.hay.clear();
        self.hay_end.clear();
        self.hay_end.reserve(self.tasks.len());
        let mut counts = Counts::default();
        self.proposed.clear();
        for t in &self.tasks {
            self.proposed.push(t.proposed);
            push_lower(&mut self.hay, &t.description);
            self.hay.push('\u{1}');
            push_lower(&mut self.hay, t.owner.as_deref().unwrap_or(""));
            self.hay.push('\u{1}');
            push_lower(&mut self.hay, t.account.as_deref().unwrap_or(""));
            self.hay.push('\u{1}');
            push_lower(&mut self.hay, &t.note.title);
            self.hay_end.push(self.hay.len() as u32);
            if !t.status_type.is_closed() {
                counts.open += 1;
                if t.bucket(today) == Bucket::Overdue {
                    counts.overdue += 1;
                }
                if t.proposed {
                    counts.proposed += 1;
                }
            }
        }
        self.counts = counts;
        self.orderings = Grouping::ALL.map(|g| self.ordering(g, today));
        self.generation += 1;
    }

    /// The lower-case haystack of task `i`.
    pub fn hay(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.hay_end[i - 1] as usize
        };
        &self.hay.as_bytes()[start..self.hay_end[i] as usize]
    }

    pub fn ordering_of(&self, g: Grouping) -> &Ordering {
        &self.orderings[g as usize]
    }

    fn ordering(&self, g: Grouping, today: NaiveDate) -> Ordering {
        let (rank, labels): (Vec<u32>, Vec<Arc<str>>) = match g {
            Grouping::Due => {
                let labels = Bucket::ALL.iter().map(|b| Arc::from(b.label())).collect();
                (
                    self.tasks.iter().map(|t| t.bucket(today) as u32).collect(),
                    labels,
                )
            }
            Grouping::Owner => {
                self.rank_names(|t| t.owner.as_ref(), UNASSIGNED, self.me.as_deref())
            }
            Grouping::Account => self.rank_names(|t| t.account.as_ref(), NO_ACCOUNT, None),
        };
        let tasks = &self.tasks;
        // The grouping tabs show open tasks; closed ones are reached through a query or a view.
        let mut order: Vec<u32> = (0..tasks.len() as u32)
            .filter(|&i| !tasks[i as usize].status_type.is_closed())
            .collect();
        // Tasks are already in path/line order, so a stable sort keeps that as the last tie-break.
        order.sort_by_key(|&i| {
            let t = &tasks[i as usize];
            (
                rank[i as usize],
                t.dates.due.is_none(),
                t.dates.due,
                t.priority,
            )
        });
        let group = order.iter().map(|&i| rank[i as usize]).collect();
        Ordering {
            order,
            group,
            labels,
        }
    }

    /// Ranks distinct names: `first` (the user) on top, then case-insensitive alphabetical, `missing` last.
    fn rank_names(
        &self,
        name: impl Fn(&Task) -> Option<&Arc<str>>,
        missing: &str,
        first: Option<&str>,
    ) -> (Vec<u32>, Vec<Arc<str>>) {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut names: Vec<Arc<str>> = Vec::new();
        let mut raw = Vec::with_capacity(self.tasks.len());
        for t in &self.tasks {
            let id = match name(t) {
                Some(n) => *ids.entry(&**n).or_insert_with(|| {
                    names.push(n.clone());
                    names.len() as u32 - 1
                }),
                None => u32::MAX,
            };
            raw.push(id);
        }
        let mut sorted: Vec<u32> = (0..names.len() as u32).collect();
        sorted.sort_by_cached_key(|&i| {
            let n = &names[i as usize];
            (first != Some(&**n), n.to_lowercase())
        });
        let mut rank_of = vec![0u32; names.len()];
        for (rank, id) in sorted.iter().enumerate() {
            rank_of[*id as usize] = rank as u32;
        }
        let mut labels: Vec<Arc<str>> = sorted.iter().map(|&i| names[i as usize].clone()).collect();
        labels.push(Arc::from(missing));
        let missing_rank = labels.len() as u32 - 1;
        let rank = raw
            .into_iter()
            .map(|id| {
                if id == u32::MAX {
                    missing_rank
                } else {
                    rank_of[id as usize]
                }
            })
            .collect();
        (rank, labels)
    }

    /// The index of the task at `path` whose line is `line`, else the one with the same text.
    pub fn find(&self, path: &str, line: u32, text: &str) -> Option<usize> {
        let start = self.tasks.partition_point(|t| t.path() < path);
        let end = start + self.tasks[start..].partition_point(|t| t.path() == path);
        let range = &self.tasks[start..end];
        range
            .iter()
            .position(|t| t.line == line)
            .or_else(|| range.iter().position(|t| &*t.text == text))
            .map(|i| start + i)
    }
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}
