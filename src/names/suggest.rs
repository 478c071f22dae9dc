//! Merges the vault hints at but does not declare (SPEC §11): every spelling the notes hold (task
//! owners, participants, person keys, links), grouped by [`find_duplicates`], each alias line with
//! the evidence for it. Suggests only; nothing here changes a name.

use super::{Alias, Directory, Duplicates, NameCount, NameKind, find_duplicates_declared};
use crate::task::Task;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One suggested alias line and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// 1-based, as listed: `--apply 2` accepts it.
    pub number: usize,
    /// The duplicate group it merges into (index into `Duplicates::groups`).
    pub group: usize,
    pub alias: Arc<str>,
    pub canonical: Arc<str>,
    pub why: String,
}

impl Suggestion {
    pub fn line(&self) -> String {
        super::alias_line(&self.alias, &self.canonical)
    }
}

/// Every spelling to compare, with what the notes say about each beyond task counts.
#[derive(Clone, Debug, Default)]
pub struct Spellings {
    /// Task spellings first (as counted), then spellings only notes hold, with no tasks.
    pub names: Vec<NameCount>,
    /// Spelling → notes whose `participants`, `person`/`entity` or links name it.
    pub in_notes: HashMap<Arc<str>, usize>,
    /// Owner spelling → where its tasks stand.
    pub owned_in: HashMap<Arc<str>, OwnedIn>,
}

/// Where one owner spelling's tasks stand: per person a note is about, and elsewhere.
#[derive(Clone, Debug, Default)]
pub struct OwnedIn {
    pub persons: BTreeMap<Arc<str>, usize>,
    pub elsewhere: usize,
}

/// The spellings of `kind` found in `notes` beyond `counted` (the task counts), and where
/// owners appear. `notes` pairs each note's metadata with its tasks, names as written.
pub fn spellings<'a>(
    counted: &[NameCount],
    tasks: impl IntoIterator<Item = &'a Task>,
    dir: &Directory,
    kind: NameKind,
) -> Spellings {
    let mut out = Spellings {
        names: counted.to_vec(),
        ..Spellings::default()
    };
    let mut known: HashMap<Arc<str>, ()> = counted.iter().map(|n| (n.name.clone(), ())).collect();
    let mut add = |out: &mut Spellings, name: &Arc<str>| {
        if known.insert(name.clone(), ()).is_none() {
            out.names.push(NameCount {
                name: name.clone(),
                open: 0,
                all: 0,
            });
        }
    };
    let book = match kind {
        NameKind::Owners => &dir.people,
        NameKind::Accounts => &dir.accounts,
    };
    for entry in book.entries() {
        for s in &entry.spellings {
            add(&mut out, s);
        }
    }
    let mut last_note: Option<*const crate::task::NoteMeta> = None;
    for task in tasks {
        let meta = &*task.note;
        if kind == NameKind::Owners && last_note != Some(meta as *const _) {
            last_note = Some(meta as *const _);
            for p in meta.participants.iter().chain(&meta.people) {
                let p: Arc<str> = Arc::from(p.as_str());
                *out.in_notes.entry(p.clone()).or_default() += 1;
                add(&mut out, &p);
            }
        }
        if kind != NameKind::Owners {
            continue;
        }
        let Some(owner) = &task.owner else { continue };
        let slot = out.owned_in.entry(owner.clone()).or_default();
        let persons: Vec<Arc<str>> = meta
            .people
            .iter()
            .filter_map(|p| dir.people.find(p).map(|e| e.shown.clone()))
            .collect();
        match persons.first() {
            Some(p) if persons.iter().all(|q| q == p) => {
                *slot.persons.entry(p.clone()).or_default() += 1
            }
            _ => slot.elsewhere += 1,
        }
    }
    out
}

/// The duplicate groups among `spellings` and one numbered suggestion per alias line, with its
/// evidence. `current` maps a spelling to the name shown today (config aliases, then the directory).
pub fn suggest(
    spellings: &Spellings,
    dir: &Directory,
    kind: NameKind,
    current: &dyn Fn(&str) -> Arc<str>,
) -> (Duplicates, Vec<Suggestion>) {
    let book = match kind {
        NameKind::Owners => &dir.people,
        NameKind::Accounts => &dir.accounts,
    };
    let declared = |n: &str| book.find(n).is_some_and(|e| e.declared && *e.shown == *n);
    let dups = find_duplicates_declared(&spellings.names, kind, current, &declared);
    let mut out = Vec::new();
    for (gi, g) in dups.groups.iter().enumerate() {
        let reasons: Vec<&str> = g.reasons.iter().map(|r| r.label()).collect();
        let mut done: Vec<String> = Vec::new();
        for Alias { alias, canonical } in &g.aliases {
            // Config aliases ignore case: one line covers every case of a spelling.
            let lower = alias.to_lowercase();
            if done.contains(&lower) || lower == canonical.to_lowercase() {
                continue;
            }
            done.push(lower);
            let mut why = vec![format!(
                "{} and {}: {}",
                described(spellings, alias),
                described(spellings, canonical),
                reasons.join(", ")
            )];
            if let Some(o) = spellings.owned_in.get(alias)
                && o.elsewhere == 0
                && o.persons.len() == 1
                && o.persons.keys().next().is_some_and(|p| **p == **canonical)
            {
                let prefix = if kind == NameKind::Owners { "@" } else { "" };
                why.push(format!(
                    "{prefix}{alias} appears only in notes whose person is {canonical}"
                ));
            }
            out.push(Suggestion {
                number: out.len() + 1,
                group: gi,
                alias: alias.clone(),
                canonical: canonical.clone(),
                why: why.join("; "),
            });
        }
    }
    (dups, out)
}

/// `Jonsi (4 tasks)`, `Kushal Datta (in 2 notes)`.
fn described(s: &Spellings, name: &str) -> String {
    let tasks = s
        .names
        .iter()
        .find(|n| &*n.name == name)
        .map_or(0, |n| n.all);
    let notes = s.in_notes.get(name).copied().unwrap_or(0);
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (tasks, notes) {
        (0, 0) => format!("\"{name}\" (declared)"),
        (t, 0) => format!("\"{name}\" ({})", plural(t, "task")),
        (0, n) => format!("\"{name}\" (in {})", plural(n, "note")),
        (t, n) => format!(
            "\"{name}\" ({}, in {})",
            plural(t, "task"),
            plural(n, "note")
        ),
    }
}
