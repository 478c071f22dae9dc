//! Filters: the compiled predicate tree of a query, evaluated against one task.
//! Evaluating a filter allocates nothing on the common path and never fails: all checks happen at parse time.

use super::dates::DateSpec;
use super::text::{Needle, TextMatch};
use crate::task::{DateKind, Priority, StatusType, Task};
use chrono::NaiveDate;

/// Which date a date filter reads; `Happens` is any of start, scheduled and due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    Kind(DateKind),
    Happens,
}

impl DateField {
    /// The earliest of start, scheduled and due for `Happens` (how sort and group read it).
    pub fn value(self, t: &Task) -> Option<NaiveDate> {
        match self {
            DateField::Kind(k) => t.dates.get(k),
            DateField::Happens => [t.dates.start, t.dates.scheduled, t.dates.due]
                .into_iter()
                .flatten()
                .min(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DateField::Kind(k) => k.as_str(),
            DateField::Happens => "happens",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOp {
    On,
    Before,
    After,
    OnOrBefore,
    OnOrAfter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriorityCmp {
    Is,
    Not,
    Above,
    Below,
}

/// The note and task texts that `includes` and `regex matches` read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Description,
    Path,
    Filename,
    Folder,
    Root,
    Heading,
    Recurrence,
    Owner,
    Account,
    StatusName(StatusNames),
    /// The task's `🆔` id.
    Id,
}

/// What a dependency filter asks of the vault's other tasks (Obsidian Tasks' `is blocked`, `is blocking`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dependency {
    /// Open, and depends on an open task.
    Blocked,
    /// Open, and an open task depends on it.
    Blocking,
}

/// The ids of open tasks, and the ids open tasks depend on: read from all tasks a query runs on.
#[derive(Debug, Default)]
pub struct Dependencies {
    open_ids: std::collections::HashSet<Box<str>>,
    depended_on: std::collections::HashSet<Box<str>>,
}

impl Dependencies {
    pub fn of<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Dependencies {
        let mut d = Dependencies::default();
        for t in tasks.into_iter().filter(|t| !t.status_type.is_closed()) {
            if let Some(id) = t.id() {
                d.open_ids.insert(id.into());
            }
            d.depended_on.extend(t.depends_on().iter().cloned());
        }
        d
    }

    fn answer(&self, kind: Dependency, t: &Task) -> bool {
        if t.status_type.is_closed() {
            return false;
        }
        match kind {
            Dependency::Blocked => t.depends_on().iter().any(|d| self.open_ids.contains(d)),
            Dependency::Blocking => t.id().is_some_and(|id| self.depended_on.contains(id)),
        }
    }
}

/// One compiled filter; a query's filter lines are ANDed.
#[derive(Clone, Debug)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Xor(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `done` (true) or `not done` (false).
    Done(bool),
    StatusType(StatusType),
    Date(DateField, DateOp, DateSpec),
    HasDate(DateField),
    InvalidDate(DateKind),
    Priority(PriorityCmp, Priority),
    Text(TextField, TextMatch),
    /// `tags include X`: a task tag contains X (with `#`: starts with it).
    Tag(Needle, bool),
    TagRegex(regex::Regex),
    HasTags,
    Recurring,
    Proposed,
    /// `owner is NAME`, `account is NAME`: whole-name equality, ignoring case.
    NameIs(TextField, Needle),
    HasName(TextField),
    TopLevel,
    /// `is blocked`, `is blocking`; the tasks' dependencies are filled in when a query runs
    /// (until then nothing is blocked).
    Depends(Dependency, Option<std::sync::Arc<Dependencies>>),
    /// `has depends on`.
    HasDependsOn,
}

impl Filter {
    pub fn negate(self) -> Filter {
        match self {
            Filter::Not(inner) => *inner,
            other => Filter::Not(Box::new(other)),
        }
    }

    /// Whether any part of this filter asks about dependencies between tasks.
    pub fn uses_dependencies(&self) -> bool {
        match self {
            Filter::And(a, b) | Filter::Or(a, b) | Filter::Xor(a, b) => {
                a.uses_dependencies() || b.uses_dependencies()
            }
            Filter::Not(a) => a.uses_dependencies(),
            Filter::Depends(..) => true,
            _ => false,
        }
    }

    /// This filter with `deps` as the answer to its dependency questions.
    pub fn with_dependencies(&self, deps: &std::sync::Arc<Dependencies>) -> Filter {
        self.map_leaves(&|leaf| match leaf {
            Filter::Depends(kind, _) => Some(Filter::Depends(*kind, Some(deps.clone()))),
            _ => None,
        })
    }

    /// This filter reading status names from `names`.
    pub fn with_status_names(&self, names: StatusNames) -> Filter {
        self.map_leaves(&|leaf| match leaf {
            Filter::Text(TextField::StatusName(_), m) => {
                Some(Filter::Text(TextField::StatusName(names), m.clone()))
            }
            _ => None,
        })
    }

    /// A copy with each leaf for which `f` gives a replacement replaced.
    fn map_leaves(&self, f: &dyn Fn(&Filter) -> Option<Filter>) -> Filter {
        let both = |a: &Filter, b: &Filter| (Box::new(a.map_leaves(f)), Box::new(b.map_leaves(f)));
        match self {
            Filter::And(a, b) => {
                let (a, b) = both(a, b);
                Filter::And(a, b)
            }
            Filter::Or(a, b) => {
                let (a, b) = both(a, b);
                Filter::Or(a, b)
            }
            Filter::Xor(a, b) => {
                let (a, b) = both(a, b);
                Filter::Xor(a, b)
            }
            Filter::Not(a) => Filter::Not(Box::new(a.map_leaves(f))),
            leaf => f(leaf).unwrap_or_else(|| leaf.clone()),
        }
    }

    /// Whether only the note (path, file name, folder, root) decides: then one answer serves all its tasks.
    pub fn note_only(&self) -> bool {
        match self {
            Filter::And(a, b) | Filter::Or(a, b) | Filter::Xor(a, b) => {
                a.note_only() && b.note_only()
            }
            Filter::Not(a) => a.note_only(),
            Filter::Text(f, _) => matches!(
                f,
                TextField::Path | TextField::Filename | TextField::Folder | TextField::Root
            ),
            _ => false,
        }
    }

    /// A rough cost of evaluating this filter on one task, to test cheap filters first.
    pub fn cost(&self) -> u8 {
        match self {
            Filter::And(a, b) | Filter::Or(a, b) | Filter::Xor(a, b) => a.cost().max(b.cost()),
            Filter::Not(a) => a.cost(),
            _ if self.note_only() => 0,
            Filter::Text(TextField::Description, _) => 3,
            Filter::Text(..) | Filter::Tag(..) | Filter::TagRegex(_) | Filter::NameIs(..) => 2,
            Filter::TopLevel | Filter::HasTags | Filter::HasName(_) => 2,
            _ => 1,
        }
    }

    pub fn matches(&self, t: &Task, today: NaiveDate) -> bool {
        match self {
            Filter::And(a, b) => a.matches(t, today) && b.matches(t, today),
            Filter::Or(a, b) => a.matches(t, today) || b.matches(t, today),
            Filter::Xor(a, b) => a.matches(t, today) != b.matches(t, today),
            Filter::Not(a) => !a.matches(t, today),
            Filter::Done(done) => t.status_type.is_closed() == *done,
            Filter::StatusType(s) => t.status_type == *s,
            Filter::Date(field, op, spec) => date_matches(t, *field, *op, spec, today),
            Filter::HasDate(field) => match field {
                DateField::Kind(k) => t.dates.get(*k).is_some() || t.dates.is_invalid(*k),
                DateField::Happens => DateField::Happens.value(t).is_some(),
            },
            Filter::InvalidDate(k) => t.dates.is_invalid(*k),
            Filter::Priority(cmp, level) => match cmp {
                PriorityCmp::Is => t.priority == *level,
                PriorityCmp::Not => t.priority != *level,
                PriorityCmp::Above => t.priority < *level,
                PriorityCmp::Below => t.priority > *level,
            },
            Filter::Text(field, m) => text_matches(t, *field, m),
            Filter::Tag(needle, hash) => t.tags.iter().any(|tag| tag_matches(tag, needle, *hash)),
            Filter::TagRegex(re) => t.tags.iter().any(|tag| with_hash(tag, |s| re.is_match(s))),
            Filter::HasTags => !t.tags.is_empty(),
            Filter::Recurring => t.recurrence().is_some(),
            Filter::Proposed => t.proposed,
            Filter::NameIs(field, needle) => name_of(t, *field).is_some_and(|n| needle.equals(n)),
            Filter::HasName(field) => name_of(t, *field).is_some(),
            Filter::TopLevel => is_top_level(t.text()),
            Filter::Depends(kind, deps) => deps.as_ref().is_some_and(|d| d.answer(*kind, t)),
            Filter::HasDependsOn => !t.depends_on().is_empty(),
        }
    }
}

fn date_matches(t: &Task, field: DateField, op: DateOp, spec: &DateSpec, today: NaiveDate) -> bool {
    let (lo, hi) = spec.range(today);
    let test = |d: NaiveDate| match op {
        DateOp::On => lo <= d && d <= hi,
        DateOp::Before => d < lo,
        DateOp::After => d > hi,
        DateOp::OnOrBefore => d <= hi,
        DateOp::OnOrAfter => d >= lo,
    };
    match field {
        // Obsidian Tasks: a task without a start date matches every `starts` filter.
        DateField::Kind(DateKind::Start) if t.dates.start.is_none() => {
            !t.dates.is_invalid(DateKind::Start)
        }
        DateField::Kind(k) => t.dates.get(k).is_some_and(test),
        DateField::Happens => [t.dates.start, t.dates.scheduled, t.dates.due]
            .into_iter()
            .flatten()
            .any(test),
    }
}

fn name_of(t: &Task, field: TextField) -> Option<&str> {
    match field {
        TextField::Owner => t.owner.as_deref(),
        TextField::Account => t.account.as_deref(),
        TextField::Id => t.id(),
        _ => None,
    }
}

/// The names of the statuses the config and the vault's Obsidian Tasks settings add; `None`
/// (the built-in names only) until a query is given them with [`crate::query::Query::name_statuses`].
pub type StatusNames = Option<&'static NameTable>;

/// Symbol → name, sorted by symbol. Made once per distinct set of names in a process and kept
/// (they are a few short strings), so that fields and group keys can borrow them freely.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NameTable(Vec<(char, &'static str)>);

impl NameTable {
    /// The table of `cfg`'s status names (config `[statuses]`, then the Tasks settings).
    pub fn of(cfg: &crate::config::Config) -> &'static NameTable {
        static MADE: std::sync::Mutex<Vec<&'static NameTable>> = std::sync::Mutex::new(Vec::new());
        let mut symbols: Vec<char> = cfg.tasks.statuses.value.iter().map(|s| s.symbol).collect();
        symbols.extend(cfg.statuses.keys().filter_map(|k| k.chars().next()));
        symbols.sort_unstable();
        symbols.dedup();
        let names: Vec<(char, String)> = symbols
            .into_iter()
            .map(|c| (c, cfg.status_name(c).to_string()))
            .collect();
        let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = made.iter().find(|t| {
            t.0.len() == names.len()
                && t.0
                    .iter()
                    .zip(&names)
                    .all(|(a, b)| a.0 == b.0 && a.1 == b.1)
        }) {
            return t;
        }
        let table: &'static NameTable = Box::leak(Box::new(NameTable(
            names
                .into_iter()
                .map(|(c, n)| (c, &*Box::leak(n.into_boxed_str())))
                .collect(),
        )));
        made.push(table);
        table
    }

    fn get(&self, symbol: char) -> Option<&'static str> {
        let i = self.0.binary_search_by_key(&symbol, |(c, _)| *c).ok()?;
        Some(self.0[i].1)
    }
}

/// The name of a task's status: from `names`, else the built-in names of SPEC §2.
pub fn status_name(t: &Task, names: StatusNames) -> &'static str {
    if let Some(n) = names.and_then(|table| table.get(t.status)) {
        return n;
    }
    match t.status {
        ' ' => "Todo",
        '?' => "Proposed",
        '/' => "In Progress",
        'x' | 'X' => "Done",
        '-' => "Cancelled",
        _ => "Unknown",
    }
}

/// The folder as Obsidian Tasks shows it: with a trailing `/`, or `/` at the vault root.
pub fn folder(t: &Task) -> &str {
    match t.note.folder() {
        "" => "/",
        f => f,
    }
}

/// The first folder of the path with a trailing `/`, or `/` at the vault root.
pub fn root(t: &Task) -> &str {
    match t.note.path.find('/') {
        Some(i) => &t.note.path[..=i],
        None => "/",
    }
}

fn text_matches(t: &Task, field: TextField, m: &TextMatch) -> bool {
    let hay: Option<&str> = match field {
        TextField::Description => return description_matches(t, m),
        TextField::Path => Some(t.path()),
        TextField::Filename => Some(t.note.filename()),
        TextField::Folder => Some(folder(t)),
        TextField::Root => Some(root(t)),
        TextField::Heading => t.heading.as_deref(),
        TextField::Recurrence => t.recurrence(),
        TextField::Owner | TextField::Account => name_of(t, field),
        TextField::StatusName(names) => Some(status_name(t, names)),
        TextField::Id => t.id(),
    };
    hay.is_some_and(|h| m.is_match(h))
}

/// Obsidian Tasks searches the description with its tags and mentions; ours keeps the trailing
/// tag run and the owner's mention apart (SPEC §2.3), so those are searched too.
fn description_matches(t: &Task, m: &TextMatch) -> bool {
    let description = t.description();
    if m.is_match(description) {
        return true;
    }
    let trailing = || t.tags.iter().filter(|tag| !mentions_tag(description, tag));
    // The mentions are read again from the line only when the line can hold a match at all.
    let line = t.text();
    let mentions = || {
        crate::parse::parse_line(line.as_bytes())
            .map(|tl| tl.mentions)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| line.get(r))
            .filter(|m| !description.contains(m))
            .collect::<Vec<&str>>()
    };
    match m {
        TextMatch::Includes(n) => match n.as_str().strip_prefix('#') {
            Some(rest) => trailing().any(|tag| starts_ignore_case(tag, rest)),
            None => {
                trailing().any(|tag| n.is_in(tag))
                    || (line.contains('@')
                        && n.is_in(line)
                        && mentions().iter().any(|m| n.is_in(m)))
            }
        },
        TextMatch::Regex(re) => {
            let mut full = String::from(description);
            if line.contains('@') {
                for m in mentions() {
                    full.push(' ');
                    full.push_str(m);
                }
            }
            for tag in trailing() {
                full.push_str(" #");
                full.push_str(tag);
            }
            full.len() != description.len() && re.is_match(&full)
        }
    }
}

fn mentions_tag(text: &str, tag: &str) -> bool {
    text.match_indices('#')
        .any(|(i, _)| text[i + 1..].starts_with(tag))
}

fn starts_ignore_case(hay: &str, lower: &str) -> bool {
    if lower.is_ascii() {
        hay.len() >= lower.len()
            && hay.as_bytes()[..lower.len()].eq_ignore_ascii_case(lower.as_bytes())
    } else {
        hay.to_lowercase().starts_with(&lower.to_lowercase())
    }
}

fn tag_matches(tag: &str, needle: &Needle, hash: bool) -> bool {
    if hash {
        needle.starts(tag)
    } else {
        needle.is_in(tag)
    }
}

fn with_hash(tag: &str, f: impl FnOnce(&str) -> bool) -> bool {
    let mut buf = String::with_capacity(tag.len() + 1);
    buf.push('#');
    buf.push_str(tag);
    f(&buf)
}

/// Not indented in its list, as Obsidian Tasks judges it: no indent at all, or blockquote markers
/// with at most one space after the last one (` >>> - [ ]` is top-level in a nested callout).
fn is_top_level(line: &str) -> bool {
    let marker = line.trim_start_matches([' ', '\t', '>']);
    let indent = &line[..line.len() - marker.len()];
    match indent.rfind('>') {
        _ if indent.is_empty() => true,
        Some(last) => matches!(&indent[last + 1..], "" | " "),
        None => false,
    }
}

/// Why one filter instruction could not be read: the problem, in words for the user.
pub type Problem = String;
