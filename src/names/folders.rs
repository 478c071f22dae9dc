//! Folder rules that would name the accounts of tasks that have none (`Customers/*`), for
//! `triage accounts` to suggest. Never a folder of dates, numbers or person notes.

use super::NameCount;
use crate::task::Task;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A folder rule that would give tasks without an account one: `Customers/*` and the names it yields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FolderRule {
    pub rule: String,
    pub tasks: usize,
    /// Folder names the rule would make accounts, most tasks first.
    pub names: Vec<NameCount>,
}

/// Folder rules (`Top/*`, `Top/Sub/*`) that would name the accounts of tasks that have none.
/// Folders named like dates or numbers (`2025`, `2025-12`) are not accounts and are left out,
/// and so are people: a folder holding person notes, or named like a person (`is_person`).
pub fn folder_rules<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
    limit: usize,
    is_person: &dyn Fn(&str) -> bool,
) -> Vec<FolderRule> {
    let mut rules: BTreeMap<String, BTreeMap<String, (usize, usize)>> = BTreeMap::new();
    let mut people_folders: BTreeSet<String> = BTreeSet::new();
    for task in tasks {
        if task.note.is_person_note() {
            let folder = task.note.folder().trim_end_matches('/');
            people_folders.insert(folder.to_string());
            continue;
        }
        if task.account.is_some() {
            continue;
        }
        let dirs: Vec<&str> = task.path().split('/').collect();
        let dirs = &dirs[..dirs.len().saturating_sub(1)];
        for depth in 1..=2 {
            let Some(name) = dirs.get(depth) else { break };
            if name.is_empty()
                || is_person(name)
                || name.starts_with(['_', '.'])
                || name
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | ' '))
            {
                continue;
            }
            let rule = format!("{}/*", dirs[..depth].join("/"));
            let slot = rules
                .entry(rule)
                .or_default()
                .entry((*name).to_string())
                .or_default();
            slot.0 += usize::from(!task.status_type.is_closed());
            slot.1 += 1;
        }
    }
    // A folder that holds person notes is a person's, and so is everything named under its rule.
    rules.retain(|rule, names| {
        let parent = rule.trim_end_matches("/*");
        if people_folders.contains(parent) {
            return false;
        }
        names.retain(|name, _| {
            let folder = format!("{parent}/{name}");
            !people_folders
                .iter()
                .any(|p| *p == folder || p.starts_with(&format!("{folder}/")))
        });
        !names.is_empty()
    });
    let mut out: Vec<FolderRule> = rules
        .into_iter()
        .map(|(rule, names)| {
            let mut names: Vec<NameCount> = names
                .into_iter()
                .map(|(name, (open, all))| NameCount {
                    name: Arc::from(name),
                    open,
                    all,
                })
                .collect();
            names.sort_by(|a, b| b.all.cmp(&a.all).then_with(|| a.name.cmp(&b.name)));
            FolderRule {
                tasks: names.iter().map(|n| n.all).sum(),
                rule,
                names,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.tasks, b.names.len())
            .cmp(&(a.tasks, a.names.len()))
            .then_with(|| a.rule.len().cmp(&b.rule.len()))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    out.truncate(limit);
    out
}
