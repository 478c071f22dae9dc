//! `group by` fields: the heading of each group, its order, and splitting sorted tasks into groups.
//! Group keys borrow from the tasks; a heading string is made once per group, never once per task.

use super::Group;
use super::filter::{DateField, Problem, folder, root, status_name};
use super::sort::{cmp_text, status_type_rank, urgency};
use super::words::Words;
use crate::task::{Bucket, DateKind, Priority, Task};
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupField {
    Status,
    StatusType,
    StatusName,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupSpec {
    pub field: GroupField,
    pub reverse: bool,
}

pub const GROUP_FIELDS: &str = "status, status.type, status.name, priority, urgency, due, scheduled, start, \
created, done, cancelled, happens, due bucket, path, folder, filename, root, backlink, heading, tags, \
recurring, recurrence, owner, account";

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
        ("status.name", 1) => GroupField::StatusName,
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

/// Where a task falls for one group level: an order, then up to two texts borrowed from the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key<'a> {
    order: i64,
    a: &'a str,
    b: &'a str,
}

impl<'a> Key<'a> {
    fn num(order: i64) -> Key<'a> {
        Key {
            order,
            a: "",
            b: "",
        }
    }

    fn text(a: Option<&'a str>) -> Key<'a> {
        match a {
            Some(a) => Key { order: 0, a, b: "" },
            None => Key::num(1),
        }
    }

    fn cmp(&self, other: &Key) -> Ordering {
        self.order
            .cmp(&other.order)
            .then_with(|| cmp_text(self.a, other.a))
            .then_with(|| cmp_text(self.b, other.b))
    }
}

const NO_DATE: i64 = i64::MAX;
const INVALID_DATE: i64 = i64::MIN;

fn strip_md(s: &str) -> &str {
    let n = s.len();
    if n > 3 && s.is_char_boundary(n - 3) && s[n - 3..].eq_ignore_ascii_case(".md") {
        &s[..n - 3]
    } else {
        s
    }
}

/// Calls `emit` with each key of `t` (several for `tags`).
fn keys<'a>(field: GroupField, t: &'a Task, today: NaiveDate, emit: &mut dyn FnMut(Key<'a>)) {
    let key = match field {
        GroupField::Status => Key::num(if t.status_type.is_closed() { 0 } else { 1 }),
        GroupField::StatusType => Key::num(i64::from(status_type_rank(t.status_type))),
        GroupField::StatusName => Key::text(Some(status_name(t))),
        GroupField::Priority => Key::num(t.priority as i64),
        GroupField::Urgency => Key::num(-(urgency(t, today) * 100.0).round() as i64),
        GroupField::Date(f) => match (f, f.value(t)) {
            (DateField::Kind(k), None) if t.dates.is_invalid(k) => Key::num(INVALID_DATE),
            (_, Some(d)) => Key::num(i64::from(d.num_days_from_ce())),
            (_, None) => Key::num(NO_DATE),
        },
        GroupField::DueBucket => {
            let b = t.bucket(today);
            Key::num(Bucket::ALL.iter().position(|x| *x == b).unwrap_or(0) as i64)
        }
        GroupField::Path => Key::text(Some(strip_md(t.path()))),
        GroupField::Folder => Key::text(Some(folder(t))),
        GroupField::Filename => Key::text(Some(strip_md(t.note.filename()))),
        GroupField::Root => Key::text(Some(root(t))),
        GroupField::Backlink => Key {
            order: 0,
            a: strip_md(t.note.filename()),
            b: t.heading.as_deref().unwrap_or(""),
        },
        GroupField::Heading => match t.heading.as_deref() {
            Some(h) => Key {
                order: 1,
                a: h,
                b: "",
            },
            None => Key::num(0),
        },
        GroupField::Tags => {
            if t.tags.is_empty() {
                emit(Key::num(1));
            }
            for tag in &t.tags {
                emit(Key {
                    order: 0,
                    a: tag,
                    b: "",
                });
            }
            return;
        }
        GroupField::Recurring => Key::num(i64::from(t.recurrence.is_none())),
        GroupField::Recurrence => Key::text(t.recurrence.as_deref()),
        GroupField::Owner => Key::text(t.owner.as_deref()),
        GroupField::Account => Key::text(t.account.as_deref()),
    };
    emit(key);
}

fn label(field: GroupField, k: &Key) -> String {
    let missing = k.order == 1 && k.a.is_empty();
    match field {
        GroupField::Status => if k.order == 0 { "Done" } else { "Todo" }.into(),
        GroupField::StatusType => match k.order {
            0 => "IN_PROGRESS",
            1 => "TODO",
            2 => "DONE",
            _ => "CANCELLED",
        }
        .into(),
        GroupField::Priority => {
            let p = Priority::ALL
                .get(k.order as usize)
                .copied()
                .unwrap_or_default();
            match p {
                Priority::None => "Normal priority".into(),
                p => {
                    let name = p.as_str();
                    format!("{}{} priority", name[..1].to_uppercase(), &name[1..])
                }
            }
        }
        GroupField::Urgency => format!("{:.2}", -(k.order as f64) / 100.0),
        GroupField::Date(f) => match k.order {
            NO_DATE => format!("No {} date", f.name()),
            INVALID_DATE => format!("Invalid {} date", f.name()),
            days => NaiveDate::from_num_days_from_ce_opt(days as i32)
                .map(|d| format!("{} {}", d.format("%Y-%m-%d"), d.format("%A")))
                .unwrap_or_default(),
        },
        GroupField::DueBucket => Bucket::ALL
            .get(k.order as usize)
            .map_or("", |b| b.label())
            .into(),
        GroupField::Backlink if k.b.is_empty() => k.a.into(),
        GroupField::Backlink => format!("{} > {}", k.a, k.b),
        GroupField::Heading if k.order == 0 => "(No heading)".into(),
        GroupField::Tags if missing => "(No tags)".into(),
        GroupField::Tags => format!("#{}", k.a),
        GroupField::Recurring => if k.order == 0 {
            "Recurring"
        } else {
            "Not Recurring"
        }
        .into(),
        GroupField::Recurrence if missing => "None".into(),
        GroupField::Owner if missing => "Unassigned".into(),
        GroupField::Account if missing => "No account".into(),
        _ => k.a.into(),
    }
}

/// Whether a task can fall in several groups of this field.
pub fn is_multi(field: GroupField) -> bool {
    field == GroupField::Tags
}

/// Splits already-sorted tasks into groups, level by level; order within a group is kept.
pub fn group<'a>(
    tasks: Vec<&'a Task>,
    specs: &[GroupSpec],
    today: NaiveDate,
    out: &mut Vec<Group<'a>>,
    prefix: &mut Vec<String>,
) {
    let Some((spec, rest)) = specs.split_first() else {
        out.push(Group {
            keys: prefix.clone(),
            tasks,
        });
        return;
    };
    let mut index: HashMap<Key<'a>, usize> = HashMap::new();
    let mut buckets: Vec<(Key<'a>, Vec<&'a Task>)> = Vec::new();
    let mut last: Option<(Key<'a>, usize)> = None;
    for t in tasks {
        keys(spec.field, t, today, &mut |k| {
            let i = match last {
                Some((lk, i))
                    if lk.order == k.order
                        && std::ptr::eq(lk.a, k.a)
                        && std::ptr::eq(lk.b, k.b) =>
                {
                    i
                }
                _ => *index.entry(k).or_insert_with(|| {
                    buckets.push((k, Vec::new()));
                    buckets.len() - 1
                }),
            };
            last = Some((k, i));
            buckets[i].1.push(t);
        });
    }
    buckets.sort_by(|x, y| {
        let o = x.0.cmp(&y.0);
        if spec.reverse { o.reverse() } else { o }
    });
    for (k, members) in buckets {
        prefix.push(label(spec.field, &k));
        group(members, rest, today, out, prefix);
        prefix.pop();
    }
}
