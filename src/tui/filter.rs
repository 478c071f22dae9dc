//! The filter bar's input: query lines (SPEC §7, split by `;`) when it reads as a query, else words
//! matched case-insensitively against description, owner, account and note title. Never touches the screen.

use super::haystack::byte_mask;
use chrono::NaiveDate;
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

/// For a query line that holds `AND`, `OR` or `NOT` but is not a Boolean line (its parts are not
/// in parentheses, so it reads as one filter — `owner is marco AND NOT due after friday` is one
/// owner name, in Obsidian Tasks too): the line as a Boolean line would read.
pub fn boolean_hint(input: &str) -> Option<String> {
    const OPS: [&str; 4] = ["AND", "OR", "NOT", "XOR"];
    for line in input.split(';').map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if line.starts_with('(') || !words.iter().any(|w| OPS.contains(w)) {
            continue;
        }
        let mut out = String::new();
        let mut part: Vec<&str> = Vec::new();
        let close = |part: &mut Vec<&str>, out: &mut String| {
            if !part.is_empty() {
                out.push_str(&format!("({}) ", part.join(" ")));
                part.clear();
            }
        };
        for w in words {
            if OPS.contains(&w) {
                close(&mut part, &mut out);
                out.push_str(w);
                out.push(' ');
            } else {
                part.push(w);
            }
        }
        close(&mut part, &mut out);
        return Some(format!(
            "AND/OR/NOT join filters only in parentheses: {}",
            out.trim_end()
        ));
    }
    None
}

/// A compiled text matcher: the words, and for each word which shared names (owners, accounts,
/// note titles) hold it, found once per keystroke rather than once per task.
pub struct TextMatcher {
    pub words: Vec<Vec<u8>>,
    pub name_hits: Vec<Vec<bool>>,
    /// Each word's `byte_mask`: a description lacking one of its bits cannot hold the word.
    masks: Vec<u64>,
}

impl TextMatcher {
    pub fn new(words: &[String], store: &super::store::Store) -> TextMatcher {
        let words: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        let name_hits = words.iter().map(|w| store.name_hits(w)).collect();
        let masks = words.iter().map(|w| byte_mask(w)).collect();
        TextMatcher {
            words,
            name_hits,
            masks,
        }
    }

    /// A matcher with the name hits given (tests).
    #[cfg(test)]
    pub fn with_hits(words: &[&str], name_hits: Vec<Vec<bool>>) -> TextMatcher {
        let masks = words.iter().map(|w| byte_mask(w.as_bytes())).collect();
        TextMatcher {
            words: words.iter().map(|w| w.as_bytes().to_vec()).collect(),
            name_hits,
            masks,
        }
    }

    /// Whether word `w` is in one of the task's names.
    pub fn in_names(&self, w: usize, fields: [u32; 3]) -> bool {
        let hits = &self.name_hits[w];
        fields
            .iter()
            .any(|&id| hits.get(id as usize).copied().unwrap_or(false))
    }

    /// Whether every word is in the description or in one of the task's names.
    pub fn matches(&self, desc: &[u8], mask: u64, fields: [u32; 3]) -> bool {
        self.words
            .iter()
            .zip(&self.name_hits)
            .zip(&self.masks)
            .all(|((w, hits), &wm)| {
                fields
                    .iter()
                    .any(|&id| hits.get(id as usize).copied().unwrap_or(false))
                    || (mask & wm == wm && contains(desc, w))
            })
    }
}

/// Substring test tuned for short haystacks: find the needle's first byte with `memchr`, then compare.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    let last_start = hay.len() - needle.len();
    memchr::memchr_iter(first, &hay[..=last_start]).any(|i| &hay[i + 1..i + needle.len()] == rest)
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
        // Names: 0 "dana reyes", 1 "sam", 2 "call notes".
        let m = TextMatcher::with_hits(
            &["pri", "dana"],
            vec![vec![false, false, false], vec![true, false, false]],
        );
        let none = super::super::store::NONE;
        let (a, b) = (
            b"send the pricing".as_slice(),
            b"dana: the pricing".as_slice(),
        );
        assert!(m.matches(a, byte_mask(a), [0, none, 2]));
        assert!(!m.matches(a, byte_mask(a), [1, none, 2]));
        assert!(m.matches(b, byte_mask(b), [1, 1, 2]));
        assert!(contains(b"abcabd", b"abd"));
        assert!(!contains(b"ab", b"abc"));
        assert!(contains(b"x", b""));
    }
}

#[cfg(test)]
mod boolean_tests {
    use super::boolean_hint;

    #[test]
    fn boolean_looking_lines_get_a_hint() {
        assert_eq!(
            boolean_hint("owner is marco AND NOT due after friday").as_deref(),
            Some(
                "AND/OR/NOT join filters only in parentheses: (owner is marco) AND NOT (due after friday)"
            )
        );
        assert_eq!(boolean_hint("(owner is marco) AND (not done)"), None);
        assert_eq!(boolean_hint("description includes and or not"), None);
        assert!(boolean_hint("not done; due today OR due tomorrow").is_some());
    }
}
