//! The in-memory index: one entry per note, keyed by vault path, re-parsed one note at a time.
//! Holds no file handles and does no I/O; the scanner and the watcher feed it, and it reports what changed.

use crate::config::Config;
use crate::names::{Directory, Kind};
use crate::task::{Finding, ParsedNote, Task, TasksBlock};
use names::{Renamer, preferred};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

/// What the file looked like when it was read: a cheap test for "changed since".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub note: ParsedNote,
    pub stamp: Stamp,
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    notes: BTreeMap<Arc<str>, Entry>,
    /// Problems that are not about one note's content (unreadable files, walk errors).
    pub scan_findings: Vec<Finding>,
    task_count: usize,
    /// Who is who in this vault (SPEC §11); tasks show its names unless `as_written`.
    directory: Arc<Directory>,
    /// Owners and accounts kept exactly as the notes (and config aliases) spell them.
    as_written: bool,
    /// Counts the times names were regrouped after the index was built.
    names_generation: u64,
}

impl Index {
    /// Builds an index from freshly parsed notes with no config: names as the notes declare them.
    pub fn from_notes(notes: impl IntoIterator<Item = Entry>) -> Index {
        Index::from_notes_with(notes, &Config::default())
    }

    /// Builds an index from freshly parsed notes, naming people and accounts across the vault.
    pub fn from_notes_with(notes: impl IntoIterator<Item = Entry>, cfg: &Config) -> Index {
        let mut entries: Vec<Entry> = notes.into_iter().collect();
        // The parallel walk delivers notes in any order; path order makes the chosen spellings repeatable.
        entries.sort_unstable_by(|a, b| a.note.meta.path.cmp(&b.note.meta.path));
        entries.dedup_by(|later, kept| later.note.meta.path == kept.note.meta.path);
        Index::from_sorted_unique(entries, cfg)
    }

    /// [`Index::from_notes_with`] for what a full scan delivers: entries in path order, each path once.
    pub(crate) fn from_sorted_unique(mut entries: Vec<Entry>, cfg: &Config) -> Index {
        let (people, accounts) = preferred(cfg);
        let directory = Directory::build(entries.iter().map(|e| &e.note), &people, &accounts);
        let as_written = cfg.names_as_written;
        if !as_written {
            let mut renamer = Renamer::new(&directory);
            for e in &mut entries {
                renamer.note(&mut e.note);
            }
        }
        let task_count = entries.iter().map(|e| e.note.tasks.len()).sum();
        Index {
            // Sorted input: `collect` builds the tree bottom-up in linear time.
            notes: entries
                .into_iter()
                .map(|e| (e.note.meta.path.clone(), e))
                .collect(),
            scan_findings: Vec::new(),
            task_count,
            directory: Arc::new(directory),
            as_written,
            names_generation: 0,
        }
    }

    /// Shows `from` (and every spelling tied to it) as `into` from now on, in every task and in
    /// notes read later: an alias accepted while the config in force does not have it yet.
    pub fn merge_names(&mut self, kind: Kind, from: &str, into: &str) {
        let mut directory = (*self.directory).clone();
        directory.merge(kind, from, into);
        if !self.as_written {
            let mut renamer = Renamer::new(&directory);
            for e in self.notes.values_mut() {
                renamer.note(&mut e.note);
            }
        }
        self.directory = Arc::new(directory);
        self.names_generation += 1;
    }

    /// Goes up whenever names regroup (a person or account note changed, a merge): then any
    /// task may show another name, not only the tasks of the notes that changed.
    pub fn names_generation(&self) -> u64 {
        self.names_generation
    }

    /// Who is who in this vault: every person and account, their spellings and notes.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Adds or replaces one note; returns the entry it replaced. A note that declares names
    /// (or replaces one that did) regroups the whole vault's names; any other note's tasks take
    /// the names the directory already has.
    pub fn insert(&mut self, mut entry: Entry) -> Option<Entry> {
        let path = entry.note.meta.path.clone();
        let declares = Directory::declares(&entry.note)
            || self
                .notes
                .get(&path)
                .is_some_and(|old| Directory::declares(&old.note));
        if !declares && !self.as_written {
            Renamer::new(&self.directory).note(&mut entry.note);
        }
        self.task_count += entry.note.tasks.len();
        let old = self.notes.insert(path, entry);
        if let Some(old) = &old {
            self.task_count -= old.note.tasks.len();
        }
        if declares {
            self.regroup();
        }
        old
    }

    /// Builds the directory again from every note and renames every task by it.
    fn regroup(&mut self) {
        let directory = self.directory.rebuild(self.notes.values().map(|e| &e.note));
        if !self.as_written {
            let mut renamer = Renamer::new(&directory);
            for e in self.notes.values_mut() {
                renamer.note(&mut e.note);
            }
        }
        self.directory = Arc::new(directory);
        self.names_generation += 1;
    }

    pub fn remove(&mut self, path: &str) -> Option<Entry> {
        let old = self.notes.remove(path)?;
        self.task_count -= old.note.tasks.len();
        if Directory::declares(&old.note) {
            self.regroup();
        }
        Some(old)
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.notes.get(path)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.notes.contains_key(path)
    }

    pub fn note_count(&self) -> usize {
        self.notes.len()
    }

    pub fn task_count(&self) -> usize {
        self.task_count
    }

    /// Notes in path order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.notes.values()
    }

    pub fn paths(&self) -> impl Iterator<Item = &Arc<str>> {
        self.notes.keys()
    }

    /// Every task, in path then line order.
    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.notes.values().flat_map(|e| e.note.tasks.iter())
    }

    /// Every finding: scan problems first, then per note in path order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.scan_findings
            .iter()
            .chain(self.notes.values().flat_map(|e| e.note.findings.iter()))
    }

    /// Every ```tasks block, with the note it stands in.
    pub fn tasks_blocks(&self) -> impl Iterator<Item = (&Entry, &TasksBlock)> {
        self.notes
            .values()
            .flat_map(|e| e.note.views.iter().map(move |v| (e, v)))
    }
}

/// One note's news from the disk, produced off the UI thread and applied with [`Index::apply`].
#[derive(Clone, Debug)]
pub enum NoteUpdate {
    /// The note is new or its bytes changed: its fresh parse.
    Upsert(Entry),
    /// The bytes are unchanged and only the stamp moved (`touch`, a rewrite with the same content):
    /// nothing to re-parse, but the stamp must stay true for the writer's "changed since read" test.
    Restamp { path: Arc<str>, stamp: Stamp },
    /// The note, or a problem recorded at this path, is gone.
    Remove(Arc<str>),
    /// The path is a note that cannot be read: it leaves the index and the finding says why.
    Unreadable(Finding),
}

impl NoteUpdate {
    pub fn path(&self) -> &Arc<str> {
        match self {
            NoteUpdate::Upsert(e) => &e.note.meta.path,
            NoteUpdate::Restamp { path, .. } | NoteUpdate::Remove(path) => path,
            NoteUpdate::Unreadable(f) => &f.path,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Updated,
    Removed,
}

/// A task as the UI can recognise it again after a re-parse: where it stood and what the line said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskKey {
    pub line: u32,
    pub text: Box<str>,
}

/// What one applied update did to the index.
#[derive(Clone, Debug)]
pub struct Change {
    pub path: Arc<str>,
    pub kind: ChangeKind,
    /// Tasks in the note now (0 once removed).
    pub tasks: usize,
    /// Whether anything a task shows changed: a line, a field, a line number or the note's context.
    pub tasks_changed: bool,
    /// The note's tasks before and after, in line order.
    pub old: Vec<TaskKey>,
    pub new: Vec<TaskKey>,
}

impl Change {
    /// Where the task that stood at `line` stands now: the same text nearest to its old line, else
    /// whatever task now stands on that line (edited in place), else the task at the same position.
    pub fn follow(&self, line: u32) -> Option<u32> {
        let ordinal = self.old.iter().position(|k| k.line == line);
        if let Some(i) = ordinal {
            let text = &self.old[i].text;
            let same_text = self
                .new
                .iter()
                .filter(|k| k.text == *text)
                .min_by_key(|k| k.line.abs_diff(line));
            if let Some(k) = same_text {
                return Some(k.line);
            }
        }
        if self.new.iter().any(|k| k.line == line) {
            return Some(line);
        }
        let i = ordinal?.min(self.new.len().checked_sub(1)?);
        Some(self.new[i].line)
    }
}

fn keys(note: Option<&ParsedNote>) -> Vec<TaskKey> {
    note.map(|n| {
        n.tasks
            .iter()
            .map(|t| TaskKey {
                line: t.line,
                text: t.text().into(),
            })
            .collect()
    })
    .unwrap_or_default()
}

impl Index {
    /// Applies one update; `None` when it changed nothing a reader could see (a restamp, the
    /// removal of a note that was never indexed).
    pub fn apply(&mut self, update: NoteUpdate) -> Option<Change> {
        match update {
            NoteUpdate::Upsert(entry) => {
                let path = entry.note.meta.path.clone();
                self.scan_findings.retain(|f| f.path != path);
                let old = self.insert(entry);
                let new = self.notes.get(&path).map(|e| &e.note);
                let tasks_changed = match (&old, new) {
                    (Some(o), Some(n)) => o.note.tasks != n.tasks,
                    (None, Some(n)) => !n.tasks.is_empty(),
                    _ => false,
                };
                Some(Change {
                    kind: if old.is_some() {
                        ChangeKind::Updated
                    } else {
                        ChangeKind::Added
                    },
                    tasks: new.map_or(0, |n| n.tasks.len()),
                    tasks_changed,
                    old: keys(old.as_ref().map(|o| &o.note)),
                    new: keys(new),
                    path,
                })
            }
            NoteUpdate::Restamp { path, stamp } => {
                if let Some(e) = self.notes.get_mut(&path) {
                    e.stamp = stamp;
                }
                None
            }
            NoteUpdate::Remove(path) => {
                self.scan_findings.retain(|f| f.path != path);
                self.removed(path)
            }
            NoteUpdate::Unreadable(finding) => {
                let path = finding.path.clone();
                self.scan_findings.retain(|f| f.path != path);
                self.scan_findings.push(finding);
                self.removed(path)
            }
        }
    }

    /// Applies a batch in order and returns what changed.
    pub fn apply_all(&mut self, updates: impl IntoIterator<Item = NoteUpdate>) -> Vec<Change> {
        updates.into_iter().filter_map(|u| self.apply(u)).collect()
    }

    fn removed(&mut self, path: Arc<str>) -> Option<Change> {
        let old = self.remove(&path)?;
        Some(Change {
            kind: ChangeKind::Removed,
            tasks: 0,
            tasks_changed: !old.note.tasks.is_empty(),
            old: keys(Some(&old.note)),
            new: Vec::new(),
            path,
        })
    }

    /// Whether both indexes hold the same notes with the same stamps, content and tasks, and
    /// the same scan problems. Meant for tests that compare a live index with a fresh scan.
    pub fn same_as(&self, other: &Index) -> bool {
        self.differences(other, 1).is_empty()
    }

    /// Up to `limit` readable differences between two indexes (empty when they are the same).
    /// Account spellings are compared without case: which spelling is shown is a vault-wide choice
    /// that depends on the order notes arrived in, not on any one note.
    pub fn differences(&self, other: &Index, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut a = self.notes.iter().peekable();
        let mut b = other.notes.iter().peekable();
        while out.len() < limit {
            match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some((pa, _)), Some((pb, _))) if pa < pb => {
                    out.push(format!("{pa}: only in the first index"));
                    a.next();
                }
                (Some((pa, _)), None) => {
                    out.push(format!("{pa}: only in the first index"));
                    a.next();
                }
                (Some((pa, _)), Some((pb, _))) if pa > pb => {
                    out.push(format!("{pb}: only in the second index"));
                    b.next();
                }
                (None, Some((pb, _))) => {
                    out.push(format!("{pb}: only in the second index"));
                    b.next();
                }
                (Some(_), Some(_)) => {
                    if let (Some((path, ea)), Some((_, eb))) = (a.next(), b.next())
                        && let Some(why) = entry_difference(ea, eb)
                    {
                        out.push(format!("{path}: {why}"));
                    }
                }
            }
        }
        if out.len() < limit && self.task_count != other.task_count {
            out.push(format!(
                "task count {} vs {}",
                self.task_count, other.task_count
            ));
        }
        let problems = |i: &Index| {
            let mut v: Vec<_> = i
                .scan_findings
                .iter()
                .map(|f| (f.path.clone(), f.kind))
                .collect();
            v.sort();
            v
        };
        if out.len() < limit && problems(self) != problems(other) {
            out.push(format!(
                "scan problems differ: {:?} vs {:?}",
                problems(self),
                problems(other)
            ));
        }
        out
    }
}

fn entry_difference(a: &Entry, b: &Entry) -> Option<String> {
    if a.stamp != b.stamp {
        return Some(format!("stamp {:?} vs {:?}", a.stamp, b.stamp));
    }
    let (na, nb) = (&a.note, &b.note);
    if na.meta != nb.meta {
        return Some(format!("note metadata {:?} vs {:?}", na.meta, nb.meta));
    }
    if na.findings != nb.findings || na.views != nb.views {
        return Some("findings or tasks blocks differ".to_string());
    }
    if na.tasks.len() != nb.tasks.len() {
        return Some(format!("{} tasks vs {}", na.tasks.len(), nb.tasks.len()));
    }
    for (ta, tb) in na.tasks.iter().zip(&nb.tasks) {
        if ta == tb {
            continue;
        }
        let lower = |t: &Task| t.account.as_deref().map(str::to_lowercase);
        let mut same_but_spelling = lower(ta) == lower(tb);
        if same_but_spelling {
            let mut respelled = ta.clone();
            respelled.account = tb.account.clone();
            same_but_spelling = respelled == *tb;
        }
        if !same_but_spelling {
            return Some(format!(
                "line {}: task {:?} vs {:?}",
                ta.line,
                ta.text(),
                tb.text()
            ));
        }
    }
    None
}

mod names;
#[cfg(test)]
mod tests;
