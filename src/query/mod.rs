//! Queries (SPEC §7): parse the Obsidian Tasks instruction lines, then filter, group, sort and limit.
//! Pure functions over tasks already in memory: no I/O, and an unknown instruction is always an error.

mod boolean;
mod collate;
pub mod dates;
pub mod filter;
pub mod group;
mod group_by;
mod instruction;
mod par;
mod presets;
mod radix;
mod rank;
pub mod sort;
mod suggest;
mod syntax;
mod text;
pub mod views;
mod words;

use crate::task::Task;
use chrono::NaiveDate;
use filter::Filter;
use group::GroupSpec;
use instruction::Instruction;
use sort::SortSpec;

pub use presets::{Presets, QueryFile};
pub use views::{View, ViewSource};

/// A parsed query: filter lines (all must match), sorts, group levels and limits.
#[derive(Clone, Debug, Default)]
pub struct Query {
    filters: Vec<Filter>,
    sorts: Vec<SortSpec>,
    groups: Vec<GroupSpec>,
    limit: Option<usize>,
    group_limit: Option<usize>,
    /// How many of the first `filters` depend on the note only.
    note_filters: usize,
    /// The query says `ignore global query`.
    ignore_global: bool,
}

/// An instruction that could not be read, with its 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct QueryError {
    pub line: usize,
    pub message: String,
}

/// One group of results; `keys` has one entry per `group by` instruction (empty when ungrouped).
#[derive(Clone, Debug)]
pub struct Group<'a> {
    pub keys: Vec<String>,
    pub tasks: Vec<&'a Task>,
}

#[derive(Clone, Debug, Default)]
pub struct QueryResult<'a> {
    pub groups: Vec<Group<'a>>,
    /// Tasks matched, after `limit` (a task under several tags is counted once).
    pub total: usize,
}

/// Instructions with their first line number: `\` at the end of a line joins the next; `#` lines are comments.
fn instructions(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let (start, mut acc) = match pending.take() {
            Some(p) => p,
            None if line.is_empty() || line.starts_with('#') => continue,
            None => (i + 1, String::new()),
        };
        // `\` at the very end continues the line; `\\`, or `\` then a space, is a literal backslash.
        let untrimmed = raw.trim_end_matches('\r');
        let (body, continues) = if untrimmed.ends_with("\\\\") {
            (&line[..line.len() - 1], false)
        } else if untrimmed.ends_with('\\') {
            (line[..line.len() - 1].trim_end(), true)
        } else {
            (line, false)
        };
        if !acc.is_empty() && !body.is_empty() {
            acc.push(' ');
        }
        acc.push_str(body);
        if continues {
            pending = Some((start, acc));
        } else if !acc.is_empty() {
            out.push((start, acc));
        }
    }
    if let Some((start, acc)) = pending.filter(|(_, a)| !a.is_empty()) {
        out.push((start, acc));
    }
    out
}

impl Query {
    /// Parses instruction lines (one per line). Cheap enough to call on every keystroke.
    /// Knows no presets: see [`Query::parse_with`].
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        static NONE: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        Query::parse_with(text, Presets(Some(&NONE)))
    }

    /// Parses instruction lines that may name the presets of the vault's Obsidian Tasks settings.
    pub fn parse_with(text: &str, presets: Presets<'_>) -> Result<Query, QueryError> {
        Query::parse_at_depth(text, presets, None, 0)
    }

    /// [`Query::parse_with`] for a query held by a note, whose `{{query.file.…}}` it may name.
    pub fn parse_in_file(
        text: &str,
        presets: Presets<'_>,
        file: &QueryFile<'_>,
    ) -> Result<Query, QueryError> {
        Query::parse_at_depth(text, presets, Some(file), 0)
    }

    fn parse_at_depth(
        text: &str,
        presets: Presets<'_>,
        file: Option<&QueryFile<'_>>,
        depth: usize,
    ) -> Result<Query, QueryError> {
        let mut q = Query::default();
        let text = presets::expand_placeholders(text, presets, file, depth)?;
        for (line, ins) in instructions(&text) {
            if ins.eq_ignore_ascii_case("ignore global query") {
                q.ignore_global = true;
                continue;
            }
            if let Some(name) = ins.strip_prefix("preset ") {
                match presets::preset_line(name.trim(), presets, file, depth) {
                    Ok(Some(p)) => q = q.and(p),
                    Ok(None) => {}
                    Err(message) => return Err(QueryError { line, message }),
                }
                continue;
            }
            match instruction::read(&ins) {
                Ok(Instruction::Filter(f)) => q.filters.push(f),
                Ok(Instruction::Sort(s)) => q.sorts.push(s),
                Ok(Instruction::Group(g)) => q.groups.push(g),
                Ok(Instruction::Limit(n)) => q.limit = Some(q.limit.map_or(n, |m| m.min(n))),
                Ok(Instruction::LimitGroups(n)) => q.group_limit = Some(n),
                Ok(Instruction::Ignored) => {}
                Err(failure) => {
                    return Err(QueryError {
                        line,
                        message: instruction::describe(&ins, &failure),
                    });
                }
            }
        }
        q.order_filters();
        Ok(q)
    }

    /// Both queries at once: filters of both must match; sorts and groups of `other` come after ours.
    pub fn and(mut self, other: Query) -> Query {
        self.filters.extend(other.filters);
        self.sorts.extend(other.sorts);
        self.groups.extend(other.groups);
        self.limit = match (self.limit, other.limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.group_limit = other.group_limit.or(self.group_limit);
        self.ignore_global |= other.ignore_global;
        self.order_filters();
        self
    }

    /// This query reading status names as `cfg` gives them (its `[statuses]` and the vault's
    /// Obsidian Tasks statuses), for `status.name` filters, sorts and groups.
    pub fn name_statuses(mut self, cfg: &crate::config::Config) -> Query {
        let names = Some(filter::NameTable::of(cfg));
        self.filters = self
            .filters
            .iter()
            .map(|f| f.with_status_names(names))
            .collect();
        for s in &mut self.sorts {
            if let sort::SortField::StatusName(n) = &mut s.field {
                *n = names;
            }
        }
        for g in &mut self.groups {
            if let group_by::GroupField::StatusName(n) = &mut g.field {
                *n = names;
            }
        }
        self
    }

    /// Replaces this query's `group by` levels with those of `other` (how `--group-by` overrides a view).
    pub fn regroup(&mut self, other: &Query) {
        self.groups = other.groups.clone();
    }

    pub fn is_grouped(&self) -> bool {
        !self.groups.is_empty()
    }

    /// Filter lines are all ANDed, so their order is free: note-level ones first (one answer per
    /// note), then those reading the task's own fields, then text searches.
    fn order_filters(&mut self) {
        self.filters.sort_by_key(Filter::cost);
        self.note_filters = self.filters.iter().take_while(|f| f.note_only()).count();
    }

    /// Whether `task` passes every filter line, with relative dates read against `today`.
    pub fn matches(&self, task: &Task, today: NaiveDate) -> bool {
        self.filters.iter().all(|f| f.matches(task, today))
    }

    /// Filters, sorts, groups and limits `tasks`, with relative dates read against `today`.
    pub fn run<'a>(
        &self,
        tasks: impl IntoIterator<Item = &'a Task>,
        today: NaiveDate,
    ) -> QueryResult<'a> {
        let all: Vec<&'a Task> = tasks.into_iter().collect();
        // One pass over the tasks filters them and reads every sort and group key of those that
        // match while each task is in cache; sorting and grouping then work on those numbers.
        let specs = sort::full_specs(&self.sorts);
        let direct: Vec<sort::SortField> = specs
            .iter()
            .map(|s| s.field)
            .filter(|f| sort::is_direct(*f))
            .collect();
        // `is blocked` and `is blocking` are answered from every task given, not only those matched.
        let dependent;
        let filters = if self.filters.iter().any(Filter::uses_dependencies) {
            let deps = std::sync::Arc::new(filter::Dependencies::of(all.iter().copied()));
            dependent = self
                .filters
                .iter()
                .map(|f| f.with_dependencies(&deps))
                .collect::<Vec<_>>();
            &dependent
        } else {
            &self.filters
        };
        let chunks = par::ranges(all.len(), |r| {
            let mut matched: Vec<&'a Task> = Vec::new();
            let mut raw: Vec<Vec<u32>> = direct.iter().map(|_| Vec::new()).collect();
            let mut parts: Vec<group::Part<'a>> =
                self.groups.iter().map(|_| group::Part::default()).collect();
            let (note_filters, task_filters) = filters.split_at(self.note_filters);
            let mut last_note: Option<(*const crate::task::NoteMeta, bool)> = None;
            for &t in &all[r] {
                let note = std::sync::Arc::as_ptr(&t.note);
                let note_ok = match last_note {
                    Some((p, ok)) if p == note => ok,
                    _ => {
                        let ok = note_filters.iter().all(|f| f.matches(t, today));
                        last_note = Some((note, ok));
                        ok
                    }
                };
                if !note_ok || !task_filters.iter().all(|f| f.matches(t, today)) {
                    continue;
                }
                matched.push(t);
                for (col, &f) in raw.iter_mut().zip(&direct) {
                    col.push(sort::raw_value(f, t, today));
                }
                for (part, g) in parts.iter_mut().zip(&self.groups) {
                    part.add_task(g.field, t, today);
                }
            }
            (matched, raw, parts)
        });
        drop(all);
        let mut matched: Vec<&'a Task> = Vec::new();
        let mut raw: Vec<Vec<u32>> = direct.iter().map(|_| Vec::new()).collect();
        let mut parts: Vec<Vec<group::Part<'a>>> = self.groups.iter().map(|_| Vec::new()).collect();
        for (m, r, p) in chunks {
            matched.extend(m);
            for (all_col, col) in raw.iter_mut().zip(r) {
                all_col.extend(col);
            }
            for (level, part) in parts.iter_mut().zip(p) {
                level.push(part);
            }
        }
        let mut order = sort::order_prepared(&matched, &self.sorts, today, Some(raw));
        if let Some(n) = self.limit {
            order.truncate(n);
        }
        let mut total = order.len();
        let mut groups = group::group_prepared(
            &matched,
            &order,
            &self.groups,
            today,
            Some(parts),
            self.group_limit,
        );
        if let Some(n) = self.group_limit {
            for g in &mut groups {
                g.tasks.truncate(n);
            }
            groups.retain(|g| !g.tasks.is_empty());
        }
        if self.group_limit.is_some() || self.groups.iter().any(|g| group::is_multi(g.field)) {
            let mut seen: Vec<*const Task> = groups
                .iter()
                .flat_map(|g| g.tasks.iter().map(|t| *t as *const Task))
                .collect();
            seen.sort_unstable();
            seen.dedup();
            total = seen.len();
        }
        if groups.is_empty() && self.groups.is_empty() {
            groups.push(Group {
                keys: Vec::new(),
                tasks: Vec::new(),
            });
        }
        QueryResult { groups, total }
    }
}

#[cfg(test)]
mod tests;
