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

/// No owner / account.
pub const NONE: u32 = u32::MAX;

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
    /// Lower-case descriptions, each followed by a newline (which no word contains, so a match never
    /// spans two tasks); `desc_end[i]` is where task `i`'s description ends.
    desc: String,
    desc_end: Vec<u32>,
    /// Lower-case owner, account and note title of each task, as ids into `names` (`NONE` if absent).
    /// Shared names are matched once per keystroke instead of once per task.
    pub fields: Vec<[u32; 3]>,
    /// [`byte_mask`] of each description.
    pub masks: Vec<u64>,
    /// The distinct names, lower-case, newline-separated like `desc`.
    names_buf: String,
    names_end: Vec<u32>,
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
        self.desc.clear();
        self.desc_end.clear();
        self.desc_end.reserve(self.tasks.len());
        self.fields.clear();
        self.masks.clear();
        self.names_buf.clear();
        self.names_end.clear();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut counts = Counts::default();
        self.proposed.clear();
        for t in &self.tasks {
            self.proposed.push(t.proposed);
            push_lower(&mut self.desc, &t.description);
            self.desc_end.push(self.desc.len() as u32);
            self.desc.push('\n');
            self.masks
                .push(byte_mask(self.desc(self.desc_end.len() - 1)));
            let (names, ends) = (&mut self.names_buf, &mut self.names_end);
            let owner = intern(&mut ids, names, ends, t.owner.as_deref());
            let account = intern(&mut ids, names, ends, t.account.as_deref());
            let title = intern(&mut ids, names, ends, Some(&t.note.title));
            self.fields.push([owner, account, title]);
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

    /// The lower-case description of task `i`.
    pub fn desc(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.desc_end[i - 1] as usize + 1
        };
        &self.desc.as_bytes()[start..self.desc_end[i] as usize]
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
        hits_in(self.desc.as_bytes(), &self.desc_end, word)
    }

    /// Which shared names (owners, accounts, note titles) hold `word`.
    pub fn name_hits(&self, word: &[u8]) -> Vec<bool> {
        hits_in(self.names_buf.as_bytes(), &self.names_end, word)
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

    /// The task at `path` that is "the same" as one seen at `line` with `text`: the one with that
    /// text nearest to `line` (it may have moved), else whatever task stands at `line` now.
    pub fn find(&self, path: &str, line: u32, text: &str) -> Option<usize> {
        let start = self.tasks.partition_point(|t| t.path() < path);
        let end = start + self.tasks[start..].partition_point(|t| t.path() == path);
        let range = &self.tasks[start..end];
        range
            .iter()
            .enumerate()
            .filter(|(_, t)| &*t.text == text)
            .min_by_key(|(_, t)| t.line.abs_diff(line))
            .map(|(i, _)| i)
            .or_else(|| range.iter().position(|t| t.line == line))
            .map(|i| start + i)
    }
}

/// Which of the newline-separated strings in `buf` (string `i` ends at `ends[i]`) hold `word`,
/// in one pass: after a hit the search goes on from the next string.
fn hits_in(buf: &[u8], ends: &[u32], word: &[u8]) -> Vec<bool> {
    let mut hits = vec![word.is_empty(); ends.len()];
    if word.is_empty() {
        return hits;
    }
    let finder = memchr::memmem::Finder::new(word);
    let mut pos = 0;
    let mut i = 0;
    while pos < buf.len()
        && let Some(off) = finder.find(&buf[pos..])
    {
        let at = pos + off;
        i = next_end(ends, i, at);
        let Some(h) = hits.get_mut(i) else { break };
        *h = true;
        pos = ends[i] as usize + 1;
    }
    hits
}

/// The first `j >= i` with `ends[j] > at`: galloping, since the next hit is usually close by.
fn next_end(ends: &[u32], i: usize, at: usize) -> usize {
    let mut step = 1;
    let mut lo = i;
    while lo + step < ends.len() && (ends[lo + step] as usize) <= at {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step + 1).min(ends.len());
    lo + ends[lo..hi].partition_point(|&e| (e as usize) <= at)
}

/// A 64-bit summary of which bytes a text holds: letters and digits get a bit each (exact), every
/// other byte shares the bits by its value (a necessary condition only).
pub fn byte_mask(text: &[u8]) -> u64 {
    text.iter().fold(0u64, |m, &b| m | byte_bit(b))
}

pub fn byte_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 1 << (36 + b % 28),
    }
}

/// Whether a byte's bit in [`byte_mask`] stands for that byte alone.
pub fn exact_bit(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn intern<'a>(
    ids: &mut HashMap<&'a str, u32>,
    names: &mut String,
    ends: &mut Vec<u32>,
    s: Option<&'a str>,
) -> u32 {
    let Some(s) = s else {
        return NONE;
    };
    *ids.entry(s).or_insert_with(|| {
        push_lower(names, s);
        ends.push(names.len() as u32);
        names.push('\n');
        ends.len() as u32 - 1
    })
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_hits_never_span_two_strings() {
        let buf = "send the pricing\nbook a room\n\ncall pricing desk\n";
        let ends = [16, 28, 29, 47];
        assert_eq!(
            hits_in(buf.as_bytes(), &ends, b"pricing"),
            vec![true, false, false, true]
        );
        assert_eq!(hits_in(buf.as_bytes(), &ends, b"groom"), vec![false; 4]);
        // "ng b" would span "pricing" and "book" only through the newline, which words never hold.
        assert_eq!(hits_in(buf.as_bytes(), &ends, b"ng b"), vec![false; 4]);
        assert_eq!(
            hits_in(buf.as_bytes(), &ends, b"k"),
            vec![false, true, false, true]
        );
        let many: Vec<u32> = (1..=1000).map(|i| i * 10).collect();
        for at in [0, 9, 10, 11, 5000, 9999] {
            for i in [0, 3, 400] {
                let expect = i + many[i..].partition_point(|&e| (e as usize) <= at);
                assert_eq!(next_end(&many, i, at), expect, "i {i} at {at}");
            }
        }
    }

    #[test]
    fn byte_masks_are_exact_for_letters_and_digits() {
        let m = byte_mask(b"send 3 decks!");
        assert!(m & byte_bit(b's') != 0 && m & byte_bit(b'3') != 0 && m & byte_bit(b'!') != 0);
        assert!(m & byte_bit(b'z') == 0 && m & byte_bit(b'7') == 0);
        assert!(exact_bit(b'q') && !exact_bit(b'-'));
    }
}
