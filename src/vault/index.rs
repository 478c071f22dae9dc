//! The in-memory index: one entry per note, keyed by vault path, re-parsed one note at a time.
//! Holds no file handles and does no I/O; the scanner and the watcher feed it.

use crate::task::{Finding, ParsedNote, Task, TasksBlock};
use std::collections::{BTreeMap, HashMap};
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
    /// lower-case account → the spelling shown for it (SPEC §3: case-insensitive accounts).
    accounts: HashMap<String, Arc<str>>,
}

impl Index {
    /// Builds an index from freshly parsed notes, unifying account spellings across the vault.
    pub fn from_notes(notes: impl IntoIterator<Item = Entry>) -> Index {
        let mut index = Index::default();
        let entries: Vec<Entry> = notes.into_iter().collect();
        // Note-level spellings (frontmatter, `type: account`, folder rules) win over task tags.
        for e in &entries {
            if let Some(a) = &e.note.meta.account {
                index.accounts.entry(a.to_lowercase()).or_insert_with(|| a.clone());
            }
        }
        for e in entries {
            index.insert(e);
        }
        index
    }

    /// Adds or replaces one note; returns the entry it replaced.
    pub fn insert(&mut self, mut entry: Entry) -> Option<Entry> {
        self.unify_accounts(&mut entry.note);
        self.task_count += entry.note.tasks.len();
        let old = self.notes.insert(entry.note.meta.path.clone(), entry);
        if let Some(old) = &old {
            self.task_count -= old.note.tasks.len();
        }
        old
    }

    pub fn remove(&mut self, path: &str) -> Option<Entry> {
        let old = self.notes.remove(path)?;
        self.task_count -= old.note.tasks.len();
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

    fn unify_accounts(&mut self, note: &mut ParsedNote) {
        for task in &mut note.tasks {
            if let Some(a) = &task.account {
                let shown = self
                    .accounts
                    .entry(a.to_lowercase())
                    .or_insert_with(|| a.clone());
                if !Arc::ptr_eq(shown, a) && **shown != **a {
                    task.account = Some(shown.clone());
                }
            }
        }
    }
}
