//! The filter bar's input: query lines (SPEC §7, split by `;`) when it reads as a query, else words
//! matched case-insensitively against description, owner, account and note title. Never touches the screen.

use chrono::NaiveDate;
use memchr::memmem::Finder;
use triage::query::{Query, QueryError};
use triage::task::Task;

/// What the filter input means.
#[derive(Debug, Default)]
pub enum Parsed {
    #[default]
    Empty,
    /// Lower-case words; a task matches when its haystack holds every one.
    Text(Vec<String>),
    Query(Box<Query>),
    /// The input starts like a query but is not one: the error is shown, and the words still match as text.
    Broken(QueryError, Vec<String>),
}

/// First words that make the input a query attempt rather than a text search.
const QUERY_WORDS: &[&str] = &[
    "not",
    "done",
    "due",
    "scheduled",
    "starts",
    "start",
    "created",
    "happens",
    "has",
    "no",
    "priority",
    "path",
    "filename",
    "folder",
    "description",
    "heading",
    "tags",
    "tag",
    "status.type",
    "status",
    "sort",
    "group",
    "limit",
    "owner",
    "account",
    "is",
    "(",
    "recurrence",
    "filter",
];

impl Parsed {
    pub fn new(input: &str) -> Parsed {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Parsed::Empty;
        }
        let words = || {
            trimmed
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let first = trimmed
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let looks_like_query = QUERY_WORDS.contains(&first.as_str()) || first.starts_with('(');
        if !looks_like_query {
            return Parsed::Text(words());
        }
        let lines: Vec<&str> = trimmed
            .split(';')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        match Query::parse(&lines.join("\n")) {
            Ok(q) => Parsed::Query(Box::new(q)),
            Err(e) => Parsed::Broken(e, words()),
        }
    }

    /// The words to match as text, if this filter is (or falls back to) a text search.
    pub fn words(&self) -> Option<&[String]> {
        match self {
            Parsed::Text(w) | Parsed::Broken(_, w) => Some(w),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&QueryError> {
        match self {
            Parsed::Broken(e, _) => Some(e),
            _ => None,
        }
    }
}

/// A compiled text matcher: one substring finder per word.
pub struct TextMatcher {
    finders: Vec<Finder<'static>>,
}

impl TextMatcher {
    pub fn new(words: &[String]) -> TextMatcher {
        TextMatcher {
            finders: words
                .iter()
                .map(|w| Finder::new(w.as_bytes()).into_owned())
                .collect(),
        }
    }

    pub fn matches(&self, hay: &[u8]) -> bool {
        self.finders.iter().all(|f| f.find(hay).is_some())
    }
}

/// Whether a task passes a parsed query.
pub fn query_matches(q: &Query, task: &Task, today: NaiveDate) -> bool {
    q.matches(task, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_text() {
        match Parsed::new("  Pricing  Dana ") {
            Parsed::Text(w) => assert_eq!(w, vec!["pricing", "dana"]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(Parsed::new("   "), Parsed::Empty));
    }

    #[test]
    fn query_words_try_the_query_language() {
        let p = Parsed::new("due frobnicate");
        assert!(p.error().is_some() || matches!(p, Parsed::Query(_)));
        assert!(matches!(Parsed::new("not done"), Parsed::Query(_)));
    }

    #[test]
    fn matcher_needs_every_word() {
        let m = TextMatcher::new(&["pri".into(), "dana".into()]);
        assert!(m.matches(b"send the pricing\x01dana reyes\x01\x01note"));
        assert!(!m.matches(b"send the pricing\x01sam\x01\x01note"));
    }
}
