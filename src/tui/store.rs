//! The UI's copy of the vault's tasks with what filtering needs precomputed: lower-case search text,
//! shared names, byte masks, one ordering per grouping, header counts. Pure data; never reads files.
//! A changed note retires its old tasks and appends the new ones, so an update never re-sorts.

use super::haystack::{Haystack, Names, byte_bit, exact_bit};
pub use super::ordering::Ordering;
use chrono::NaiveDate;
use std::collections::HashMap;
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

/// No owner / account.
pub const NONE: u32 = u32::MAX;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    pub proposed: usize,
}

#[derive(Debug, Default)]
pub struct Store {
    /// Every task read, retired ones included (see `live`); indices stay valid until a compaction.
    pub tasks: Vec<Task>,
    /// Whether each task is current (its note has not been re-read since).
    pub live: Vec<bool>,
    retired: usize,
    /// The live tasks of each note, in line order.
    by_path: HashMap<Arc<str>, Vec<u32>>,
    /// Lower-case descriptions.
    desc: Haystack,
    /// Lower-case owner, account and note title of each task, as ids into `names` (`NONE` if absent).
    /// Shared names are matched once per keystroke instead of once per task.
    pub fields: Vec<[u32; 3]>,
    names: Names,
    /// `byte_mask` of each description.
    pub masks: Vec<u64>,
    /// Whether each task is proposed, packed for the show switch.
    pub proposed: Vec<bool>,
    /// Whether each task is open and overdue, for the groups pane's counts.
    pub overdue: Vec<bool>,
    pub orderings: [Ordering; 3],
    pub counts: Counts,
    pub notes: usize,
    /// Bumped on every change so cached results know they are stale.
    pub generation: u64,
    me: Option<String>,
    today: NaiveDate,
}

impl Store {
    pub fn new(me: Option<String>, today: NaiveDate) -> Store {
        Store {
            me,
            today,
            ..Store::default()
        }
    }

    /// Replaces everything with a fresh index.
    pub fn load(&mut self, index: &Index) {
        let tasks: Vec<Task> = index.tasks().cloned().collect();
        self.notes = index.note_count();
        self.rebuild(tasks);
    }

    /// The live tasks, with their indices.
    pub fn live_tasks(&self) -> impl Iterator<Item = (usize, &Task)> {
        self.tasks.iter().enumerate().filter(|(i, _)| self.live[*i])
    }

    /// Replaces one note's tasks (`None`: the note is gone).
    pub fn replace_note(&mut self, path: &str, tasks: Option<Vec<Task>>) {
        if let Some(old) = self.by_path.remove(path) {
            for i in old {
                let i = i as usize;
                self.live[i] = false;
                self.retired += 1;
                count(&mut self.counts, &self.tasks[i], self.today, false);
            }
        }
        let mut new = Vec::new();
        if let Some(tasks) = tasks {
            for t in tasks {
                new.push(self.push(t));
            }
            if let Some(first) = new.first() {
                self.by_path
                    .insert(self.tasks[*first as usize].note.path.clone(), new.clone());
            }
        }
        // Retired tasks cost memory and scan time; past half of all, start afresh.
        if self.retired > 1024 && self.retired * 2 > self.tasks.len() {
            let mut tasks: Vec<Task> = std::mem::take(&mut self.tasks)
                .into_iter()
                .zip(std::mem::take(&mut self.live))
                .filter_map(|(t, l)| l.then_some(t))
                .collect();
            // A rebuild expects path/line order (it stands in for those in the sort).
            tasks.sort_by(|a, b| (a.path(), a.line).cmp(&(b.path(), b.line)));
            self.rebuild(tasks);
            return;
        }
        for g in Grouping::ALL {
            let o = &mut self.orderings[g as usize];
            if !o.update(g, &self.tasks, &self.live, &new, self.today) {
                *o = Ordering::build(
                    g,
                    &self.tasks,
                    &self.live,
                    self.today,
                    self.me.as_deref(),
                    false,
                );
            }
        }
        self.generation += 1;
    }

    /// Appends one live task with its derived data; returns its index.
    fn push(&mut self, t: Task) -> u32 {
        let i = self.tasks.len() as u32;
        self.desc.push(t.description());
        self.masks
            .push(super::haystack::byte_mask(self.desc.get(i as usize)));
        self.fields.push([
            self.names.id(t.owner.as_deref()),
            self.names.id(t.account.as_deref()),
            self.names.id(Some(&t.note.title)),
        ]);
        self.proposed.push(t.proposed);
        self.overdue
            .push(!t.status_type.is_closed() && t.bucket(self.today) == Bucket::Overdue);
        self.live.push(true);
        count(&mut self.counts, &t, self.today, true);
        self.tasks.push(t);
        i
    }

    /// Recomputes everything from `tasks` (in path/line order), all live.
    fn rebuild(&mut self, tasks: Vec<Task>) {
        self.tasks = Vec::with_capacity(tasks.len());
        self.live.clear();
        self.retired = 0;
        self.by_path.clear();
        self.desc.clear();
        self.names.clear();
        self.fields.clear();
        self.masks.clear();
        self.proposed.clear();
        self.overdue.clear();
        self.counts = Counts::default();
        for t in tasks {
            let path = t.note.path.clone();
            let i = self.push(t);
            self.by_path.entry(path).or_default().push(i);
        }
        let me = self.me.as_deref();
        self.orderings = Grouping::ALL
            .map(|g| Ordering::build(g, &self.tasks, &self.live, self.today, me, true));
        self.generation += 1;
    }

    /// The lower-case description of task `i`.
    pub fn desc(&self, i: usize) -> &[u8] {
        self.desc.get(i)
    }

    /// Which tasks hold `word` in their description: one pass over all descriptions at once, which
    /// beats a search per task when most tasks are candidates (the first key of a filter).
    pub fn desc_hits(&self, word: &[u8]) -> Vec<bool> {
        if let [b] = word
            && exact_bit(*b)
        {
            let bit = byte_bit(*b);
            return self.masks.iter().map(|m| m & bit != 0).collect();
        }
        self.desc.hits(word)
    }

    /// Which shared names (owners, accounts, note titles) hold `word`.
    pub fn name_hits(&self, word: &[u8]) -> Vec<bool> {
        self.names.hay.hits(word)
    }

    pub fn ordering_of(&self, g: Grouping) -> &Ordering {
        &self.orderings[g as usize]
    }

    /// The task at `path` that is "the same" as one seen at `line` with `text`: the one with that
    /// text nearest to `line` (it may have moved), else whatever task stands at `line` now.
    pub fn find(&self, path: &str, line: u32, text: &str) -> Option<usize> {
        let ids = self.by_path.get(path)?;
        let task = |i: &u32| &self.tasks[*i as usize];
        ids.iter()
            .filter(|i| task(i).text() == text)
            .min_by_key(|i| task(i).line.abs_diff(line))
            .or_else(|| ids.iter().find(|i| task(i).line == line))
            .map(|i| *i as usize)
    }
}

/// Adds (or takes away) a task's part of the header counts.
fn count(c: &mut Counts, t: &Task, today: NaiveDate, add: bool) {
    if t.status_type.is_closed() {
        return;
    }
    let step = |n: &mut usize| {
        if add {
            *n += 1;
        } else {
            *n = n.saturating_sub(1);
        }
    };
    step(&mut c.open);
    if t.bucket(today) == Bucket::Overdue {
        step(&mut c.overdue);
    }
    if t.proposed {
        step(&mut c.proposed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage::task::NoteMeta;

    fn task(
        path: &Arc<NoteMeta>,
        line: u32,
        text: &str,
        due: Option<&str>,
        owner: Option<&str>,
    ) -> Task {
        let mut dates = triage::task::Dates::default();
        dates.due = due.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        Task {
            note: path.clone(),
            line,
            status: ' ',
            status_type: triage::StatusType::Todo,
            priority: triage::Priority::None,
            proposed: false,
            words: triage::task::TaskText::new(&format!("- [ ] {text}"), text),
            owner: owner.map(Arc::from),
            account: None,
            dates,
            tags: Vec::new(),
            heading: None,
            extras: None,
        }
    }

    /// The incremental update must give exactly what a rebuild from scratch gives.
    #[test]
    fn replacing_a_note_matches_a_fresh_build() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let a = Arc::new(NoteMeta {
            path: Arc::from("a.md"),
            title: "A".into(),
            ..NoteMeta::default()
        });
        let b = Arc::new(NoteMeta {
            path: Arc::from("b.md"),
            title: "B".into(),
            ..NoteMeta::default()
        });
        let first = vec![
            task(&a, 1, "alpha", Some("2026-11-20"), Some("Dana")),
            task(&a, 2, "beta", None, None),
            task(&b, 1, "gamma", Some("2026-11-23"), Some("Sam")),
        ];
        let mut s = Store::new(None, today);
        s.rebuild(first);
        let b2 = vec![
            task(&b, 1, "gamma", Some("2026-11-19"), Some("Dana")),
            task(&b, 3, "delta", Some("2026-11-24"), Some("Zoe")),
        ];
        s.replace_note("b.md", Some(b2.clone()));
        let mut fresh = Store::new(None, today);
        fresh.rebuild(vec![
            task(&a, 1, "alpha", Some("2026-11-20"), Some("Dana")),
            task(&a, 2, "beta", None, None),
            b2[0].clone(),
            b2[1].clone(),
        ]);
        let shown = |s: &Store, g: Grouping| -> Vec<(String, String)> {
            let o = s.ordering_of(g);
            o.order
                .iter()
                .zip(&o.group)
                .map(|(i, r)| {
                    (
                        o.labels[*r as usize].to_string(),
                        s.tasks[*i as usize].description().to_string(),
                    )
                })
                .collect()
        };
        for g in Grouping::ALL {
            assert_eq!(shown(&s, g), shown(&fresh, g), "{g:?}");
        }
        assert_eq!(s.counts, fresh.counts);
        let gamma = s.find("b.md", 1, "- [ ] gamma").unwrap();
        assert_eq!(s.tasks[gamma].description(), "gamma");
        assert!(s.live[gamma]);
        s.replace_note("a.md", None);
        assert_eq!(s.counts.open, 2);
        assert!(s.find("a.md", 1, "- [ ] alpha").is_none());
        assert_eq!(shown(&s, Grouping::Due).len(), 2);
    }

    #[test]
    fn many_replacements_compact_and_still_match_a_fresh_build() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let metas: Vec<Arc<NoteMeta>> = (0..1500)
            .map(|n| {
                Arc::new(NoteMeta {
                    path: Arc::from(format!("n{n:04}.md")),
                    title: format!("N{n}"),
                    ..NoteMeta::default()
                })
            })
            .collect();
        let owners = ["Dana", "Sam", "Zoe"];
        let make = |round: usize| -> Vec<Vec<Task>> {
            metas
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let due = format!("2026-11-{:02}", 10 + (n + round) % 20);
                    vec![task(
                        m,
                        1,
                        &format!("t{n} r{round}"),
                        Some(&due),
                        Some(owners[(n + round) % 3]),
                    )]
                })
                .collect()
        };
        let mut s = Store::new(None, today);
        s.rebuild(make(0).into_iter().flatten().collect());
        for round in 1..=2 {
            for (m, tasks) in metas.iter().zip(make(round)) {
                s.replace_note(&m.path, Some(tasks));
            }
        }
        assert!(s.tasks.len() < 3000, "compacted: {}", s.tasks.len());
        let mut fresh = Store::new(None, today);
        fresh.rebuild(make(2).into_iter().flatten().collect());
        for g in Grouping::ALL {
            let names = |s: &Store| -> Vec<String> {
                s.ordering_of(g)
                    .order
                    .iter()
                    .map(|i| s.tasks[*i as usize].description().to_string())
                    .collect()
            };
            assert_eq!(names(&s), names(&fresh), "{g:?}");
        }
        assert_eq!(s.counts, fresh.counts);
    }
}
