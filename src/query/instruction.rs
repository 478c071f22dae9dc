//! One query instruction → a filter, a sort, a group, a limit, or nothing (layout lines).
//! Unknown text is always an error, with a close match when a one-word fix would make it valid.

use super::boolean;
use super::filter::{Filter, Problem};
use super::group::{self, GroupSpec};
use super::sort::{self, SortSpec};
use super::suggest;
use super::syntax::parse_filter;
use super::words::{Words, rest_after};

#[derive(Clone, Debug)]
pub enum Instruction {
    Filter(Filter),
    Sort(SortSpec),
    Group(GroupSpec),
    Limit(usize),
    LimitGroups(usize),
    /// Layout and display instructions: they never change which tasks match.
    Ignored,
}

/// Why an instruction failed: not recognised at all, or recognised but malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Unknown,
    Malformed(Problem),
}

const LAYOUT_PREFIXES: [&str; 2] = ["hide ", "show "];
const LAYOUT_LINES: [&str; 5] = ["short mode", "full mode", "short", "full", "explain"];

/// Reads one instruction without suggestions (the suggester calls this to test candidates).
pub fn read(text: &str) -> Result<Instruction, Failure> {
    let w = Words::new(text);
    let lower = w.lower();
    if LAYOUT_LINES.contains(&lower) || LAYOUT_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return Ok(Instruction::Ignored);
    }
    if w.word(0) == "sort" && w.word(1) == "by" {
        return sort::parse(rest_after(text, 2))
            .map(Instruction::Sort)
            .map_err(Failure::Malformed);
    }
    if w.word(0) == "group" && w.word(1) == "by" {
        return group::parse(rest_after(text, 2))
            .map(Instruction::Group)
            .map_err(Failure::Malformed);
    }
    if w.word(0) == "limit" {
        return limit(&w).map_err(Failure::Malformed);
    }
    if lower.starts_with("filter by function") {
        return Err(Failure::Malformed(
            "'filter by function' runs JavaScript, which triage does not do; write the condition with filters and AND, OR, NOT"
                .into(),
        ));
    }
    if boolean::is_boolean(text) {
        let mut leaf = |s: &str| leaf_filter(s);
        return boolean::parse(text, &mut leaf)
            .map(Instruction::Filter)
            .map_err(Failure::Malformed);
    }
    match parse_filter(text) {
        Ok(Some(f)) => Ok(Instruction::Filter(f)),
        Ok(None) => Err(Failure::Unknown),
        Err(p) => Err(Failure::Malformed(p)),
    }
}

fn limit(w: &Words) -> Result<Instruction, Problem> {
    let (groups, mut i) = if w.word(1) == "groups" {
        (true, 2)
    } else {
        (false, 1)
    };
    if w.word(i) == "to" {
        i += 1;
    }
    let n: usize = w.word(i).parse().map_err(|_| {
        "expected a number: 'limit N', 'limit to N tasks', 'limit groups N' or 'limit groups to N tasks'".to_string()
    })?;
    let tail = w.from(i + 1);
    if !(tail.is_empty() || tail == "tasks" || tail == "task") {
        return Err(format!("unexpected '{tail}' after 'limit … {n}'"));
    }
    Ok(if groups {
        Instruction::LimitGroups(n)
    } else {
        Instruction::Limit(n)
    })
}

/// A filter inside a boolean line: only filters are allowed there.
fn leaf_filter(text: &str) -> Result<Filter, Problem> {
    match read(text) {
        Ok(Instruction::Filter(f)) => Ok(f),
        Ok(_) => Err(format!(
            "'{text}' is not a filter; only filters can be combined with AND, OR, NOT"
        )),
        Err(failure) => Err(describe(text, &failure)),
    }
}

/// The message for an instruction that failed, with a close match when there is one.
pub fn describe(text: &str, failure: &Failure) -> String {
    // In a boolean line each inner filter names its own close match.
    let hint = if boolean::is_boolean(text) {
        None
    } else {
        suggest::close_match(text)
    };
    let hint = hint.map(|s| format!(" — did you mean '{s}'?"));
    match (failure, hint) {
        // With a one-word fix at hand, the fix says more than the details.
        (_, Some(h)) => format!("unknown instruction '{text}'{h}"),
        (Failure::Unknown, None) => format!(
            "unknown instruction '{text}'; expected a filter (such as 'not done', 'due before today', \
             'path includes TEXT'), 'sort by FIELD', 'group by FIELD' or 'limit N'"
        ),
        // A boolean line already names the filter inside it.
        (Failure::Malformed(p), None) if p.starts_with("in '") => p.clone(),
        (Failure::Malformed(p), None) => format!("cannot read '{text}': {p}"),
    }
}
