//! Close matches for mistyped instructions: "due befor today" → "due before today".
//! Only proposes a fix that the parser accepts; it never changes what a valid query means.

use super::instruction;

/// Every word that appears in an instruction keyword, a keyword value or a relative date.
const VOCABULARY: &[&str] = &[
    "done",
    "not",
    "due",
    "scheduled",
    "starts",
    "start",
    "created",
    "happens",
    "cancelled",
    "before",
    "after",
    "on",
    "or",
    "in",
    "has",
    "no",
    "date",
    "is",
    "invalid",
    "priority",
    "above",
    "below",
    "highest",
    "high",
    "medium",
    "none",
    "low",
    "lowest",
    "path",
    "filename",
    "folder",
    "root",
    "description",
    "heading",
    "recurrence",
    "includes",
    "include",
    "does",
    "do",
    "regex",
    "matches",
    "match",
    "tags",
    "tag",
    "recurring",
    "status.type",
    "status.name",
    "status",
    "todo",
    "in_progress",
    "owner",
    "account",
    "proposed",
    "sort",
    "group",
    "by",
    "reverse",
    "limit",
    "groups",
    "to",
    "tasks",
    "today",
    "tomorrow",
    "yesterday",
    "week",
    "month",
    "quarter",
    "year",
    "next",
    "last",
    "this",
    "days",
    "weeks",
    "months",
    "years",
    "ago",
    "hide",
    "show",
    "short",
    "full",
    "mode",
    "explain",
    "exclude",
    "sub-items",
    "urgency",
    "bucket",
    "backlink",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "accepted",
];

/// Words of a line tried for a fix: the keywords come first, values later.
const MAX_POSITION: usize = 6;

/// The instruction with one word corrected, if that makes it valid.
pub fn close_match(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut best: Option<(usize, usize, String)> = None;
    for (i, word) in words.iter().enumerate().take(MAX_POSITION) {
        let lower = word.to_lowercase();
        let limit = match lower.chars().count() {
            0..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        for candidate in VOCABULARY {
            let d = distance(&lower, candidate);
            if d == 0 || d > limit || best.as_ref().is_some_and(|(bd, _, _)| *bd <= d) {
                continue;
            }
            let mut fixed: Vec<&str> = words.clone();
            fixed[i] = candidate;
            let line = fixed.join(" ");
            if instruction::read(&line).is_ok() {
                best = Some((d, i, line));
            }
        }
    }
    best.map(|(_, _, line)| line)
}

/// Edit distance counting an adjacent swap as one edit (optimal string alignment): the same
/// measure the name checks use, so both agree on what a one-letter slip is.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    crate::names::damerau_levenshtein(&a, &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("befor", "before"), 1);
        assert_eq!(distance("befroe", "before"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn one_word_fixes() {
        assert_eq!(
            close_match("due befor today").as_deref(),
            Some("due before today")
        );
        assert_eq!(close_match("not dne").as_deref(), Some("not done"));
        assert_eq!(
            close_match("sort by prority").as_deref(),
            Some("sort by priority")
        );
        assert_eq!(
            close_match("descriptoin includes Day Planner").as_deref(),
            Some("description includes Day Planner")
        );
        assert_eq!(
            close_match("due before tomorow").as_deref(),
            Some("due before tomorrow")
        );
        assert_eq!(close_match("colour is blue"), None);
    }
}
