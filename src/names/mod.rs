//! Owner and account names as the notes spell them: task counts per spelling, groups of spellings
//! that likely mean one person or account, and the alias lines that would merge them. Never reads files.

mod declared;
mod folders;
mod gather;
mod mistyped;
mod similar;
mod sound;
mod suggest;

pub use declared::{Book, Directory, Entry, Kind, Source, fold, is_slug_like, unslug};
pub use folders::{FolderRule, folder_rules};
pub use mistyped::mistyped_owners;
pub use similar::{Folded, Reason, Relation, damerau_levenshtein, relate, strip_accents};
pub use suggest::{Spellings, Suggestion, spellings, suggest};

use crate::task::Task;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Owners (`@Name`) or accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Owners,
    Accounts,
}

impl NameKind {
    /// The config table an alias line for this kind goes under.
    pub fn alias_table(self) -> &'static str {
        match self {
            NameKind::Owners => "[people.aliases]",
            NameKind::Accounts => "[accounts.aliases]",
        }
    }

    fn of(self, task: &Task) -> Option<&Arc<str>> {
        match self {
            NameKind::Owners => task.owner.as_ref(),
            NameKind::Accounts => task.account.as_ref(),
        }
    }
}

/// One spelling and its tasks: `open` are neither done nor cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameCount {
    pub name: Arc<str>,
    pub open: usize,
    pub all: usize,
}

/// Every spelling, most tasks first; and the tasks that have none.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub names: Vec<NameCount>,
    pub missing_open: usize,
    pub missing_all: usize,
}

/// Counts tasks per owner or account spelling, exactly as the tasks carry it.
pub fn count<'a>(tasks: impl IntoIterator<Item = &'a Task>, kind: NameKind) -> Counts {
    let mut by_name: HashMap<Arc<str>, (usize, usize)> = HashMap::new();
    let mut counts = Counts::default();
    for task in tasks {
        let open = usize::from(!task.status_type.is_closed());
        match kind.of(task) {
            Some(name) => {
                let slot = by_name.entry(name.clone()).or_default();
                slot.0 += open;
                slot.1 += 1;
            }
            None => {
                counts.missing_open += open;
                counts.missing_all += 1;
            }
        }
    }
    counts.names = by_name
        .into_iter()
        .map(|(name, (open, all))| NameCount { name, open, all })
        .collect();
    counts.names.sort_by(|a, b| {
        (b.all, b.open)
            .cmp(&(a.all, a.open))
            .then_with(|| a.name.cmp(&b.name))
    });
    counts
}

/// Spellings that likely mean one person or account, and the alias lines that would merge them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The name to keep: one the config already maps members to, else the most frequent spelling.
    pub canonical: Arc<str>,
    /// Most tasks first.
    pub members: Vec<NameCount>,
    pub reasons: Vec<Reason>,
    /// Alias lines still missing from the config.
    pub aliases: Vec<Alias>,
}

/// One alias line: `"alias" = "canonical"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub alias: Arc<str>,
    pub canonical: Arc<str>,
}

impl Alias {
    /// The line to paste under the alias table.
    pub fn line(&self) -> String {
        alias_line(&self.alias, &self.canonical)
    }
}

/// A short spelling whose words fit several different groups (`Sam` → `Sam Okafor` or `Sam Lee`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ambiguous {
    pub name: NameCount,
    pub candidates: Vec<NameCount>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Duplicates {
    /// Groups that still need alias lines, largest first.
    pub groups: Vec<Group>,
    pub ambiguous: Vec<Ambiguous>,
    /// Groups the config already merges completely.
    pub resolved: usize,
}

/// Groups likely duplicates among `names`. `current` maps a spelling to the name the config shows it
/// under today (identity without aliases), so that existing aliases are respected and not repeated.
pub fn find_duplicates(
    names: &[NameCount],
    kind: NameKind,
    current: &dyn Fn(&str) -> Arc<str>,
) -> Duplicates {
    find_duplicates_declared(names, kind, current, &|_| false)
}

/// [`find_duplicates`] where a group keeps the spelling `declared` says a person or account note
/// shows, when it holds one and the config maps none of its spellings elsewhere.
pub fn find_duplicates_declared(
    names: &[NameCount],
    kind: NameKind,
    current: &dyn Fn(&str) -> Arc<str>,
    declared: &dyn Fn(&str) -> bool,
) -> Duplicates {
    let folded: Vec<Folded> = names
        .iter()
        .map(|n| Folded::new(&n.name, kind == NameKind::Accounts))
        .collect();
    let n = names.len();
    let mut sets = UnionFind::new(n);
    let mut reasons: Vec<(usize, usize, Reason)> = Vec::new();
    let mut within: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in (i + 1)..n {
            match relate(&folded[i], &folded[j]) {
                Some(Relation::Same(r)) => {
                    sets.union(i, j);
                    reasons.push((i, j, r));
                }
                Some(Relation::Within) => within[i].push(j),
                // The surest reasons are symmetric; only the one-sided test needs the other order.
                None if similar::is_within(&folded[j], &folded[i]) => within[j].push(i),
                None => {}
            }
        }
    }
    // A shorter spelling joins a group only when every longer spelling it fits is in that one group.
    let mut ambiguous = Vec::new();
    for (i, targets) in within.iter().enumerate() {
        let roots: BTreeSet<usize> = targets.iter().map(|&t| sets.find(t)).collect();
        match roots.len() {
            0 => {}
            1 => {
                let t = targets[0];
                sets.union(i, t);
                reasons.push((i, t, Reason::FewerWords));
            }
            _ => {
                let mut candidates: Vec<NameCount> =
                    targets.iter().map(|&t| names[t].clone()).collect();
                candidates.sort_by(|a, b| b.all.cmp(&a.all).then_with(|| a.name.cmp(&b.name)));
                ambiguous.push(Ambiguous {
                    name: names[i].clone(),
                    candidates,
                });
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        members.entry(sets.find(i)).or_default().push(i);
    }
    let mut group_reasons: HashMap<usize, BTreeSet<Reason>> = HashMap::new();
    for (i, _, r) in reasons {
        group_reasons.entry(sets.find(i)).or_default().insert(r);
    }
    let mut out = Duplicates {
        ambiguous,
        ..Duplicates::default()
    };
    for (root, idx) in members {
        if idx.len() < 2 {
            continue;
        }
        let mut group: Vec<NameCount> = idx.iter().map(|&i| names[i].clone()).collect();
        group.sort_by(|a, b| b.all.cmp(&a.all).then_with(|| a.name.cmp(&b.name)));
        let canonical = choose_canonical(&group, current, declared);
        let aliases: Vec<Alias> = group
            .iter()
            .filter(|m| *m.name != *canonical && *current(&m.name) != *canonical)
            .map(|m| Alias {
                alias: m.name.clone(),
                canonical: canonical.clone(),
            })
            .collect();
        if aliases.is_empty() {
            out.resolved += 1;
            continue;
        }
        out.groups.push(Group {
            canonical,
            members: group,
            reasons: group_reasons
                .remove(&root)
                .unwrap_or_default()
                .into_iter()
                .collect(),
            aliases,
        });
    }
    out.groups.sort_by(|a, b| {
        let total = |g: &Group| g.members.iter().map(|m| m.all).sum::<usize>();
        total(b)
            .cmp(&total(a))
            .then_with(|| a.canonical.cmp(&b.canonical))
    });
    out
}

/// The name the config already shows most of the group's tasks under, if it maps any member
/// elsewhere; otherwise the most frequent spelling (ties: more words, then longer, then sorted).
fn choose_canonical(
    group: &[NameCount],
    current: &dyn Fn(&str) -> Arc<str>,
    declared: &dyn Fn(&str) -> bool,
) -> Arc<str> {
    let mut existing: HashMap<Arc<str>, usize> = HashMap::new();
    for m in group {
        let shown = current(&m.name);
        if *shown != *m.name {
            *existing.entry(shown).or_default() += m.all;
        }
    }
    // A person or account note's name comes first, whether the group spells it or shows it.
    let declared_name = existing
        .iter()
        .filter(|(n, _)| declared(n))
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(n, _)| n.clone())
        .or_else(|| {
            group
                .iter()
                .find(|m| declared(&m.name))
                .map(|m| m.name.clone())
        });
    if let Some(name) = declared_name {
        return name;
    }
    if let Some((name, _)) = existing
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
    {
        return name;
    }
    group
        .iter()
        .max_by(|a, b| {
            let words = |s: &str| s.split_whitespace().count();
            a.all
                .cmp(&b.all)
                .then_with(|| words(&a.name).cmp(&words(&b.name)))
                .then_with(|| a.name.chars().count().cmp(&b.name.chars().count()))
                .then_with(|| b.name.cmp(&a.name))
        })
        .map_or_else(|| Arc::from(""), |m| m.name.clone())
}

/// `"Jon Stephenson" = "Jon Stefansson"`: a line to paste under the kind's alias table.
pub fn alias_line(alias: &str, canonical: &str) -> String {
    format!("{} = {}", toml_quote(alias), toml_quote(canonical))
}

/// A TOML basic string holding `s`.
pub fn toml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nc(name: &str, all: usize) -> NameCount {
        NameCount {
            name: Arc::from(name),
            open: all,
            all,
        }
    }

    fn identity(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn three_spellings_become_one_group_keyed_by_the_most_frequent() {
        let names = [
            nc("Jon Stefansson", 9),
            nc("Jon Stephenson", 4),
            nc("Jon", 3),
            nc("Dana Reyes", 5),
            nc("Sam Okafor", 2),
        ];
        let d = find_duplicates(&names, NameKind::Owners, &identity);
        assert_eq!(d.groups.len(), 1);
        let g = &d.groups[0];
        assert_eq!(&*g.canonical, "Jon Stefansson");
        assert_eq!(g.reasons, vec![Reason::Spelling, Reason::FewerWords]);
        let lines: Vec<String> = g.aliases.iter().map(Alias::line).collect();
        assert_eq!(
            lines,
            vec![
                r#""Jon Stephenson" = "Jon Stefansson""#,
                r#""Jon" = "Jon Stefansson""#
            ]
        );
        assert!(d.ambiguous.is_empty());
    }

    #[test]
    fn a_short_name_fitting_two_people_is_ambiguous() {
        let names = [nc("Sam Okafor", 5), nc("Sam Lee", 2), nc("Sam", 1)];
        let d = find_duplicates(&names, NameKind::Owners, &identity);
        assert!(d.groups.is_empty());
        assert_eq!(d.ambiguous.len(), 1);
        assert_eq!(&*d.ambiguous[0].name.name, "Sam");
        let c: Vec<&str> = d.ambiguous[0].candidates.iter().map(|c| &*c.name).collect();
        assert_eq!(c, vec!["Sam Okafor", "Sam Lee"]);
    }

    #[test]
    fn existing_aliases_choose_the_canonical_and_resolved_groups_are_counted() {
        let names = [
            nc("Jon", 9),
            nc("Jon Stefansson", 2),
            nc("Jon Stephenson", 1),
        ];
        let partly = |s: &str| -> Arc<str> {
            if s == "Jon" {
                Arc::from("Jon Stefansson")
            } else {
                Arc::from(s)
            }
        };
        let d = find_duplicates(&names, NameKind::Owners, &partly);
        assert_eq!(&*d.groups[0].canonical, "Jon Stefansson");
        assert_eq!(d.groups[0].aliases.len(), 1);
        assert_eq!(&*d.groups[0].aliases[0].alias, "Jon Stephenson");
        let all = |s: &str| -> Arc<str> {
            Arc::from(if s.starts_with("Jon") {
                "Jon Stefansson"
            } else {
                s
            })
        };
        let d = find_duplicates(&names, NameKind::Owners, &all);
        assert!(d.groups.is_empty());
        assert_eq!(d.resolved, 1);
    }

    #[test]
    fn quoting() {
        assert_eq!(toml_quote(r#"Dana "D" Reyes"#), r#""Dana \"D\" Reyes""#);
        assert_eq!(toml_quote("a\\b"), r#""a\\b""#);
    }
}
