//! Reading one filter instruction (no boolean operators) into a compiled filter.
//! Keywords are case-insensitive; values keep their case; anything not understood is an error, never a match-all.

use super::dates;
use super::filter::{DateField, DateOp, Dependency, Filter, PriorityCmp, Problem, TextField};
use super::text::{Needle, TextMatch, parse_regex};
use super::words::{Words, rest_after};
use crate::task::{DateKind, Priority, StatusType};

const DATE_OPS: [(&str, DateOp); 9] = [
    ("on or before", DateOp::OnOrBefore),
    ("on or after", DateOp::OnOrAfter),
    ("in or before", DateOp::OnOrBefore),
    ("in or after", DateOp::OnOrAfter),
    ("before", DateOp::Before),
    ("after", DateOp::After),
    ("on", DateOp::On),
    ("in", DateOp::On),
    ("", DateOp::On),
];

fn date_field(word: &str) -> Option<DateField> {
    Some(match word {
        "due" => DateField::Kind(DateKind::Due),
        "scheduled" => DateField::Kind(DateKind::Scheduled),
        "starts" | "start" => DateField::Kind(DateKind::Start),
        "created" => DateField::Kind(DateKind::Created),
        "done" => DateField::Kind(DateKind::Done),
        "cancelled" => DateField::Kind(DateKind::Cancelled),
        "happens" => DateField::Happens,
        _ => return None,
    })
}

fn text_field(word: &str) -> Option<TextField> {
    Some(match word {
        "description" => TextField::Description,
        "path" => TextField::Path,
        "filename" => TextField::Filename,
        "folder" => TextField::Folder,
        "root" => TextField::Root,
        "heading" => TextField::Heading,
        "recurrence" => TextField::Recurrence,
        "owner" => TextField::Owner,
        "account" => TextField::Account,
        "status.name" => TextField::StatusName(None),
        "id" => TextField::Id,
        _ => return None,
    })
}

/// Reads one filter instruction (no boolean operators); `Ok(None)` when it is not a filter at all.
pub fn parse_filter(line: &str) -> Result<Option<Filter>, Problem> {
    let w = Words::new(line);
    let lower = w.lower();
    let f = match lower {
        "done" => Filter::Done(true),
        "not done" => Filter::Done(false),
        "has tags" | "has tag" => Filter::HasTags,
        "no tags" | "no tag" => Filter::HasTags.negate(),
        "is recurring" => Filter::Recurring,
        "is not recurring" => Filter::Recurring.negate(),
        "is proposed" => Filter::Proposed,
        "is not proposed" | "is accepted" => Filter::Proposed.negate(),
        "exclude sub-items" => Filter::TopLevel,
        "has owner" => Filter::HasName(TextField::Owner),
        "no owner" => Filter::HasName(TextField::Owner).negate(),
        "has account" => Filter::HasName(TextField::Account),
        "no account" => Filter::HasName(TextField::Account).negate(),
        "is blocked" => Filter::Depends(Dependency::Blocked, None),
        "is not blocked" => Filter::Depends(Dependency::Blocked, None).negate(),
        "is blocking" => Filter::Depends(Dependency::Blocking, None),
        "is not blocking" => Filter::Depends(Dependency::Blocking, None).negate(),
        "has id" => Filter::HasName(TextField::Id),
        "no id" => Filter::HasName(TextField::Id).negate(),
        "has depends on" => Filter::HasDependsOn,
        "no depends on" => Filter::HasDependsOn.negate(),
        _ => return parse_with_value(line, &w),
    };
    Ok(Some(f))
}

fn parse_with_value(line: &str, w: &Words) -> Result<Option<Filter>, Problem> {
    let first = w.word(0);
    // has|no FIELD date
    if matches!(first, "has" | "no") && w.word(2) == "date" && w.len() == 3 {
        let field = date_field(w.word(1)).ok_or_else(|| {
            format!("'{}' is not a date field (expected due, scheduled, start, created, done, cancelled or happens)", w.word(1))
        })?;
        let f = Filter::HasDate(field);
        return Ok(Some(if first == "has" { f } else { f.negate() }));
    }
    // FIELD date is invalid
    if w.len() == 4
        && w.word(1) == "date"
        && w.word(2) == "is"
        && w.word(3) == "invalid"
        && let Some(DateField::Kind(k)) = date_field(first)
    {
        return Ok(Some(Filter::InvalidDate(k)));
    }
    if first == "status.type" {
        return status_type(w).map(Some);
    }
    if first == "priority" {
        return priority(w).map(Some);
    }
    if first == "tags" || first == "tag" {
        return tags(line, w).map(Some);
    }
    if let Some(field) = text_field(first) {
        return text(line, w, field).map(Some);
    }
    if let Some(field) = date_field(first) {
        return date(line, w, field).map(Some);
    }
    Ok(None)
}

fn status_type(w: &Words) -> Result<Filter, Problem> {
    let negate = w.word(1) == "is" && w.word(2) == "not";
    let value_at = if negate { 3 } else { 2 };
    if w.word(1) != "is" || w.len() != value_at + 1 {
        return Err("expected 'status.type is TYPE' or 'status.type is not TYPE'".into());
    }
    let ty = match w.word(value_at) {
        "todo" => StatusType::Todo,
        "in_progress" => StatusType::InProgress,
        "on_hold" => StatusType::OnHold,
        "done" => StatusType::Done,
        "cancelled" => StatusType::Cancelled,
        other => {
            return Err(format!(
                "'{other}' is not a status type (expected TODO, IN_PROGRESS, ON_HOLD, DONE or CANCELLED)"
            ));
        }
    };
    let f = Filter::StatusType(ty);
    Ok(if negate { f.negate() } else { f })
}

fn priority(w: &Words) -> Result<Filter, Problem> {
    if w.word(1) != "is" {
        return Err("expected 'priority is [above|below|not] LEVEL'".into());
    }
    let (cmp, at) = match w.word(2) {
        "above" => (PriorityCmp::Above, 3),
        "below" => (PriorityCmp::Below, 3),
        "not" => (PriorityCmp::Not, 3),
        _ => (PriorityCmp::Is, 2),
    };
    let name = w.word(at);
    let level = Priority::from_name(name)
        .filter(|_| w.len() == at + 1)
        .ok_or_else(|| {
            format!(
                "'{}' is not a priority (expected highest, high, medium, none, low or lowest)",
                w.from(at)
            )
        })?;
    Ok(Filter::Priority(cmp, level))
}

/// The operator after a field name: `includes`, `does not include`, `regex matches`, …; returns (negate, regex, value).
fn text_operator<'a>(
    line: &'a str,
    w: &Words,
    ops: &[(&str, bool, bool)],
) -> Option<(bool, bool, &'a str)> {
    for (op, negate, regex) in ops {
        let n = op.split(' ').count();
        if (1..=n).all(|i| w.word(i) == op.split(' ').nth(i - 1).unwrap_or_default()) {
            return Some((*negate, *regex, rest_after(line, n + 1)));
        }
    }
    None
}

const TEXT_OPS: [(&str, bool, bool); 6] = [
    ("does not include", true, false),
    ("includes", false, false),
    ("include", false, false),
    ("regex does not match", true, true),
    ("regex matches", false, true),
    ("regex match", false, true),
];

fn text(line: &str, w: &Words, field: TextField) -> Result<Filter, Problem> {
    let name = w.word(0);
    if matches!(field, TextField::Owner | TextField::Account) {
        let is_not = w.word(1) == "is" && w.word(2) == "not";
        if w.word(1) == "is" {
            let value = rest_after(line, if is_not { 3 } else { 2 }).trim();
            let value = value.strip_prefix('@').unwrap_or(value);
            if value.is_empty() {
                return Err(format!("expected a name after '{name} is'"));
            }
            let f = Filter::NameIs(field, Needle::new(value));
            return Ok(if is_not { f.negate() } else { f });
        }
    }
    let Some((negate, regex, value)) = text_operator(line, w, &TEXT_OPS) else {
        let extra = if matches!(field, TextField::Owner | TextField::Account) {
            "is, is not, "
        } else {
            ""
        };
        return Err(format!(
            "expected {extra}includes, does not include, regex matches or regex does not match after '{name}'"
        ));
    };
    let m = if regex {
        TextMatch::Regex(parse_regex(value)?)
    } else {
        let value = value.trim();
        let value = if matches!(field, TextField::Owner) {
            value.strip_prefix('@').unwrap_or(value)
        } else {
            value
        };
        TextMatch::Includes(Needle::new(value))
    };
    let f = Filter::Text(field, m);
    Ok(if negate { f.negate() } else { f })
}

const TAG_OPS: [(&str, bool, bool); 8] = [
    ("do not include", true, false),
    ("does not include", true, false),
    ("include", false, false),
    ("includes", false, false),
    ("regex does not match", true, true),
    ("regex matches", false, true),
    ("regex match", false, true),
    ("regex do not match", true, true),
];

fn tags(line: &str, w: &Words) -> Result<Filter, Problem> {
    let Some((negate, regex, value)) = text_operator(line, w, &TAG_OPS) else {
        return Err(format!(
            "expected include, do not include, regex matches or regex does not match after '{}'",
            w.word(0)
        ));
    };
    let value = value.trim();
    // As in Obsidian Tasks: `tags include` with nothing after it is an error, not a match-all.
    if value.is_empty() || value == "#" {
        return Err(format!(
            "expected a tag after '{}', such as #work",
            w.from(0).trim()
        ));
    }
    let f = if regex {
        Filter::TagRegex(parse_regex(value)?)
    } else {
        match value.strip_prefix('#') {
            Some(rest) => Filter::Tag(Needle::new(rest), true),
            None => Filter::Tag(Needle::new(value), false),
        }
    };
    Ok(if negate { f.negate() } else { f })
}

fn date(line: &str, w: &Words, field: DateField) -> Result<Filter, Problem> {
    let name = w.word(0);
    let mut fallback = None;
    for (op, kind) in DATE_OPS {
        let n = if op.is_empty() {
            0
        } else {
            op.split(' ').count()
        };
        let matched = (1..=n).all(|i| w.word(i) == op.split(' ').nth(i - 1).unwrap_or_default());
        if !matched {
            continue;
        }
        let value = rest_after(line, n + 1);
        if let Some(spec) = dates::parse(value) {
            return Ok(Filter::Date(field, kind, spec));
        }
        // `due in two weeks`: "in" belongs to the date, not the operator.
        if op == "in"
            && let Some(spec) = dates::parse(rest_after(line, 1))
        {
            return Ok(Filter::Date(field, DateOp::On, spec));
        }
        fallback.get_or_insert((op, value.trim().to_string()));
    }
    match fallback {
        Some((op, value)) if !op.is_empty() && value.is_empty() => {
            Err(format!("expected a date after '{name} {op}'"))
        }
        Some((op, value)) if !op.is_empty() => Err(format!(
            "'{value}' is not a date; after '{name} {op}' expected {}",
            dates::EXPECTED_DATE
        )),
        _ => Err(format!(
            "expected before, after, on, in, on or before, on or after (or nothing) and then {} after '{name}'",
            dates::EXPECTED_DATE
        )),
    }
}
