//! Precomputed, case-insensitive tables behind the config's per-task lookups (owners, accounts,
//! statuses, folder rules): built once per config, so a 500k-task scan never lower-cases a whole table.

use super::obsidian::TasksStatusType;
use super::{Config, StatusInfo};
use crate::task::StatusType;
use globset::{GlobBuilder, GlobMatcher};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Lazily built lookup tables. Compares equal to any other, like [`super::Source`].
#[derive(Clone, Debug, Default)]
pub struct Lookup(OnceLock<Arc<Tables>>);

impl PartialEq for Lookup {
    fn eq(&self, _: &Lookup) -> bool {
        true
    }
}

impl Lookup {
    pub(crate) fn tables(&self, cfg: &Config) -> &Tables {
        self.0.get_or_init(|| Arc::new(Tables::build(cfg)))
    }
}

#[derive(Debug, Default)]
pub struct Tables {
    /// lower-cased spelling → the name shown (aliases resolved, `me` folded).
    owners: HashMap<String, Arc<str>>,
    accounts: HashMap<String, Arc<str>>,
    statuses: HashMap<char, StatusInfo>,
    proposed_symbols: Vec<char>,
    folders: Vec<GlobMatcher>,
    person_folders: Vec<GlobMatcher>,
    global_filter: Option<memchr::memmem::Finder<'static>>,
    /// Some status is of the Obsidian Tasks type NON_TASK.
    has_non_task: bool,
}

impl Tables {
    fn build(cfg: &Config) -> Tables {
        let me_first: Option<Arc<str>> = cfg.me.first().map(|m| Arc::from(m.trim()));
        let mut owners: HashMap<String, Arc<str>> = HashMap::new();
        let people = lower_map(&cfg.people.aliases);
        for alias in people.keys() {
            let target = resolve(&people, alias);
            let shown = match &me_first {
                Some(first) if cfg.is_me(target) => first.clone(),
                _ => Arc::from(target),
            };
            owners.insert(alias.clone(), shown);
        }
        if let Some(first) = &me_first {
            for m in &cfg.me {
                owners.insert(m.trim().to_lowercase(), first.clone());
            }
        }
        let accounts_raw = lower_map(&cfg.accounts.aliases);
        let accounts = accounts_raw
            .keys()
            .map(|a| (a.clone(), Arc::from(resolve(&accounts_raw, a))))
            .collect();
        let proposed_symbols: Vec<char> = cfg
            .proposed
            .symbols
            .iter()
            .filter_map(|s| single_char(s))
            .collect();
        // The vault's Obsidian Tasks statuses, then the config's, which win for a symbol both name
        // (keeping the toggle order the Tasks settings give it).
        let mut statuses: HashMap<char, StatusInfo> = HashMap::new();
        for s in &cfg.tasks.statuses.value {
            let (status_type, non_task) = match s.status_type {
                TasksStatusType::Is(t) => (t, false),
                TasksStatusType::NonTask => (StatusType::Todo, true),
            };
            let info = StatusInfo {
                status_type,
                known: true,
                proposed: proposed_symbols.contains(&s.symbol),
                next: s.next,
                non_task,
            };
            statuses.entry(s.symbol).or_insert(info);
        }
        for (symbol, def) in &cfg.statuses {
            let Some(c) = single_char(symbol) else {
                continue;
            };
            let info = StatusInfo {
                status_type: def.status_type.into(),
                known: true,
                proposed: def.proposed || proposed_symbols.contains(&c),
                next: cfg.tasks.status(c).and_then(|s| s.next),
                non_task: false,
            };
            statuses.insert(c, info);
        }
        let has_non_task = statuses.values().any(|s| s.non_task);
        let filter = &cfg.tasks.global_filter.value;
        let global_filter = (!filter.is_empty())
            .then(|| memchr::memmem::Finder::new(filter.as_bytes()).into_owned());
        // An invalid glob is reported when the file is loaded; a config built in code just skips it.
        let matchers = |rules: &[String]| {
            rules
                .iter()
                .filter_map(|rule| folder_matcher(rule).ok())
                .collect()
        };
        let folders = matchers(&cfg.accounts.folders);
        let person_folders = matchers(&cfg.people.folders);
        Tables {
            owners,
            accounts,
            statuses,
            proposed_symbols,
            folders,
            person_folders,
            global_filter,
            has_non_task,
        }
    }

    pub(crate) fn every_checkbox_is_task(&self) -> bool {
        self.global_filter.is_none() && !self.has_non_task
    }

    pub(crate) fn global_filter(&self) -> Option<&memchr::memmem::Finder<'static>> {
        self.global_filter.as_ref()
    }

    pub(crate) fn owner(&self, name: &str) -> Arc<str> {
        find(&self.owners, name).unwrap_or_else(|| Arc::from(name))
    }

    pub(crate) fn account(&self, name: &str) -> Arc<str> {
        find(&self.accounts, name).unwrap_or_else(|| Arc::from(name))
    }

    pub(crate) fn status(&self, symbol: char) -> StatusInfo {
        if let Some(info) = self.statuses.get(&symbol) {
            return *info;
        }
        let (status_type, known) = match symbol {
            ' ' | '?' => (StatusType::Todo, true),
            '/' => (StatusType::InProgress, true),
            'x' | 'X' => (StatusType::Done, true),
            '-' => (StatusType::Cancelled, true),
            _ => (StatusType::Todo, false),
        };
        StatusInfo {
            status_type,
            known,
            proposed: self.proposed_symbols.contains(&symbol),
            next: None,
            non_task: false,
        }
    }

    /// The folder that names the account: the last folder of the shortest ancestor a rule matches.
    pub(crate) fn folder_account<'p>(&self, path: &'p str) -> Option<&'p str> {
        folder_name(&self.folders, path)
    }

    /// [`Tables::folder_account`] for people, where a rule may also match the note itself.
    pub(crate) fn person_folder<'p>(&self, path: &'p str) -> Option<&'p str> {
        if let Some(name) = folder_name(&self.person_folders, path) {
            return Some(name);
        }
        let cut = path.len().checked_sub(3)?;
        let stem = path
            .get(cut..)
            .filter(|ext| ext.eq_ignore_ascii_case(".md"))
            .map(|_| &path[..cut])?;
        self.person_folders
            .iter()
            .any(|m| m.is_match(stem))
            .then(|| stem.rsplit('/').next().unwrap_or(stem))
            .filter(|name| !name.is_empty())
    }
}

/// The last folder of the shortest ancestor of `path` that one of `rules` matches.
fn folder_name<'p>(rules: &[GlobMatcher], path: &'p str) -> Option<&'p str> {
    if rules.is_empty() {
        return None;
    }
    let mut ends = path.match_indices('/').map(|(i, _)| i);
    ends.find_map(|end| {
        let prefix = &path[..end];
        rules
            .iter()
            .any(|m| m.is_match(prefix))
            .then(|| prefix.rsplit('/').next().unwrap_or(prefix))
    })
    .filter(|name| !name.is_empty())
}

/// The glob a folder rule compiles to: case-insensitive, `*` stays within one folder.
pub(crate) fn folder_matcher(rule: &str) -> Result<GlobMatcher, globset::Error> {
    let rule = rule.trim().trim_matches('/');
    Ok(GlobBuilder::new(rule)
        .case_insensitive(true)
        .literal_separator(true)
        .build()?
        .compile_matcher())
}

pub(crate) fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

pub(crate) fn same_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// Looks a name up without allocating for names of up to 64 ASCII bytes (nearly all of them): this
/// runs once per task, and most names are misses.
fn find(map: &HashMap<String, Arc<str>>, name: &str) -> Option<Arc<str>> {
    if map.is_empty() {
        return None;
    }
    let name = name.trim();
    if name.len() <= 64 && name.is_ascii() {
        let mut buf = [0u8; 64];
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        // Lower-casing ASCII keeps it ASCII, so this cannot fail.
        let lower = std::str::from_utf8(lower).ok()?;
        return map.get(lower).cloned();
    }
    map.get(&name.to_lowercase()).cloned()
}

fn lower_map(map: &std::collections::BTreeMap<String, String>) -> HashMap<String, String> {
    map.iter()
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect()
}

/// Follows an alias to its final name. Chains and loops are load errors; in a config built in code
/// the walk stops after as many steps as there are aliases, so a loop cannot hang it.
fn resolve<'a>(map: &'a HashMap<String, String>, alias: &str) -> &'a str {
    let Some(mut target) = map.get(alias) else {
        return "";
    };
    for _ in 0..map.len() {
        match map.get(&target.to_lowercase()) {
            Some(next) if !same_ci(next, target) => target = next,
            _ => break,
        }
    }
    target
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_resolve_and_loops_terminate() {
        let mut c = Config::default();
        c.people.aliases.insert("J".into(), "Jon".into());
        c.people
            .aliases
            .insert("Jon".into(), "Jon Stefansson".into());
        c.people.aliases.insert("A".into(), "B".into());
        c.people.aliases.insert("B".into(), "A".into());
        assert_eq!(&*c.canonical_owner("j"), "Jon Stefansson");
        let looped = c.canonical_owner("A");
        assert!(&*looped == "A" || &*looped == "B");
    }

    #[test]
    fn case_only_alias_sets_the_spelling() {
        let mut c = Config::default();
        c.people
            .aliases
            .insert("dana reyes".into(), "Dana Reyes".into());
        assert_eq!(&*c.canonical_owner("DANA REYES"), "Dana Reyes");
        assert_eq!(&*c.canonical_owner("Dana Reyes"), "Dana Reyes");
    }

    #[test]
    fn non_ascii_names_fold_case() {
        let mut c = Config::default();
        c.people
            .aliases
            .insert("Jón".into(), "Jón Stefánsson".into());
        assert_eq!(&*c.canonical_owner("JÓN"), "Jón Stefánsson");
    }
}
