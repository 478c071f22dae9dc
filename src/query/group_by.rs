//! What follows `group by`: the field to group on and whether its order is reversed.
//! Parsing only; the grouping itself (keys, headings, order) lives in `group`.

use super::filter::{DateField, Problem, StatusNames};
use super::words::Words;
use crate::task::DateKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupField {
    Status,
    StatusType,
    StatusName(StatusNames),
    Priority,
    Urgency,
    Date(DateField),
    DueBucket,
    Path,
    Folder,
    Filename,
    Root,
    Backlink,
    Heading,
    Tags,
    Recurring,
    Recurrence,
    Owner,
    Account,
    Id,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupSpec {
    pub field: GroupField,
    pub reverse: bool,
}

pub const GROUP_FIELDS: &str = "status, status.type, status.name, priority, urgency, due, scheduled, start, \
created, done, cancelled, happens, due bucket, path, folder, filename, root, backlink, heading, tags, \
recurring, recurrence, id, owner, account";

/// Reads what follows `group by`.
pub fn parse(rest: &str) -> Result<GroupSpec, Problem> {
    let w = Words::new(rest);
    let mut n = w.len();
    let reverse = n > 1 && w.word(n - 1) == "reverse";
    if reverse {
        n -= 1;
    }
    let date = |k| GroupField::Date(DateField::Kind(k));
    let field = match (w.word(0), n) {
        ("status", 1) => GroupField::Status,
        ("status.type", 1) => GroupField::StatusType,
        ("status.name", 1) => GroupField::StatusName(None),
        ("id", 1) => GroupField::Id,
        ("priority", 1) => GroupField::Priority,
        ("urgency", 1) => GroupField::Urgency,
        ("due", 1) => date(DateKind::Due),
        ("due", 2) if w.word(1) == "bucket" => GroupField::DueBucket,
        ("bucket", 1) => GroupField::DueBucket,
        ("scheduled", 1) => date(DateKind::Scheduled),
        ("start" | "starts", 1) => date(DateKind::Start),
        ("created", 1) => date(DateKind::Created),
        ("done", 1) => date(DateKind::Done),
        ("cancelled", 1) => date(DateKind::Cancelled),
        ("happens", 1) => GroupField::Date(DateField::Happens),
        ("path", 1) => GroupField::Path,
        ("folder", 1) => GroupField::Folder,
        ("filename", 1) => GroupField::Filename,
        ("root", 1) => GroupField::Root,
        ("backlink", 1) => GroupField::Backlink,
        ("heading", 1) => GroupField::Heading,
        ("tags" | "tag", 1) => GroupField::Tags,
        ("recurring", 1) => GroupField::Recurring,
        ("recurrence", 1) => GroupField::Recurrence,
        ("owner", 1) => GroupField::Owner,
        ("account", 1) => GroupField::Account,
        ("function", _) => {
            return Err("'group by function' runs JavaScript, which triage does not do".into());
        }
        ("", _) => return Err(format!("expected a field after 'group by': {GROUP_FIELDS}")),
        _ => {
            return Err(format!(
                "'{}' is not a group field (expected {GROUP_FIELDS}, optionally followed by reverse)",
                w.from(0)
            ));
        }
    };
    Ok(GroupSpec { field, reverse })
}
