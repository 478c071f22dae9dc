//! Queries (SPEC §7): parse the Obsidian Tasks instruction lines, then filter, group, sort and limit.
//! Pure functions over tasks already in memory: no I/O, and an unknown instruction is always an error.

use crate::task::Task;
use chrono::NaiveDate;

/// A parsed query.
#[derive(Clone, Debug, Default)]
pub struct Query {
    _private: (),
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
    /// Tasks matched, after `limit`.
    pub total: usize,
}

impl Query {
    /// Parses instruction lines (one per line).
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let _ = text;
        Ok(Query::default())
    }

    /// Filters, sorts, groups and limits `tasks`, with relative dates read against `today`.
    pub fn run<'a>(&self, tasks: impl IntoIterator<Item = &'a Task>, today: NaiveDate) -> QueryResult<'a> {
        let _ = today;
        let tasks: Vec<&Task> = tasks.into_iter().collect();
        QueryResult { total: tasks.len(), groups: vec![Group { keys: vec![], tasks }] }
    }
}
