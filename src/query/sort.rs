//! `sort by` fields, and sorting matched tasks by packed integer keys so large result sets sort fast.
//! Text fields are ranked once per distinct value; the comparison loop never touches a string.

use super::filter::{DateField, Problem, status_name};
use super::words::Words;
use crate::task::{DateKind, Priority, StatusType, Task};
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    /// Not done before done.
    Status,
    StatusType,
    StatusName,
    Priority,
    /// Most urgent first (Obsidian Tasks' urgency score).
    Urgency,
    Date(DateField),
    Path,
    Filename,
    Description,
    Heading,
    /// The Nth tag (1-based).
    Tag(usize),
    Recurring,
    Owner,
    Account,
    Line,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortSpec {
    pub field: SortField,
    pub reverse: bool,
}

/// What every query sorts by after its own `sort by` lines: status type, due, priority, path, line.
pub const DEFAULT: [SortSpec; 5] = [
    SortSpec {
        field: SortField::StatusType,
        reverse: false,
    },
    SortSpec {
        field: SortField::Date(DateField::Kind(DateKind::Due)),
        reverse: false,
    },
    SortSpec {
        field: SortField::Priority,
        reverse: false,
    },
    SortSpec {
        field: SortField::Path,
        reverse: false,
    },
    SortSpec {
        field: SortField::Line,
        reverse: false,
    },
];

pub const SORT_FIELDS: &str = "status, status.type, status.name, priority, urgency, due, scheduled, start, \
created, done, cancelled, happens, path, filename, description, heading, tag [N], recurring, owner, account";

/// Reads what follows `sort by`.
pub fn parse(rest: &str) -> Result<SortSpec, Problem> {
    let w = Words::new(rest);
    let mut n = w.len();
    let reverse = n > 1 && w.word(n - 1) == "reverse";
    if reverse {
        n -= 1;
    }
    let field = match (w.word(0), n) {
        ("status", 1) => SortField::Status,
        ("status.type", 1) => SortField::StatusType,
        ("status.name", 1) => SortField::StatusName,
        ("priority", 1) => SortField::Priority,
        ("urgency", 1) => SortField::Urgency,
        ("due", 1) => SortField::Date(DateField::Kind(DateKind::Due)),
        ("scheduled", 1) => SortField::Date(DateField::Kind(DateKind::Scheduled)),
        ("start" | "starts", 1) => SortField::Date(DateField::Kind(DateKind::Start)),
        ("created", 1) => SortField::Date(DateField::Kind(DateKind::Created)),
        ("done", 1) => SortField::Date(DateField::Kind(DateKind::Done)),
        ("cancelled", 1) => SortField::Date(DateField::Kind(DateKind::Cancelled)),
        ("happens", 1) => SortField::Date(DateField::Happens),
        ("path", 1) => SortField::Path,
        ("filename", 1) => SortField::Filename,
        ("description", 1) => SortField::Description,
        ("heading", 1) => SortField::Heading,
        ("tag" | "tags", 1) => SortField::Tag(1),
        ("tag" | "tags", 2) => match w.word(1).parse::<usize>() {
            Ok(i) if i >= 1 => SortField::Tag(i),
            _ => {
                return Err(format!(
                    "expected a tag number from 1 after 'sort by tag', found '{}'",
                    w.word(1)
                ));
            }
        },
        ("recurring", 1) => SortField::Recurring,
        ("owner", 1) => SortField::Owner,
        ("account", 1) => SortField::Account,
        ("line", 1) => SortField::Line,
        ("function" | "random", _) => {
            return Err(format!(
                "'sort by {}' is not supported by triage",
                w.word(0)
            ));
        }
        ("", _) => return Err(format!("expected a field after 'sort by': {SORT_FIELDS}")),
        _ => {
            return Err(format!(
                "'{}' is not a sort field (expected {SORT_FIELDS}, optionally followed by reverse)",
                w.from(0)
            ));
        }
    };
    Ok(SortSpec { field, reverse })
}

/// The urgency score of Obsidian Tasks: due date, priority, scheduled and start dates.
pub fn urgency(t: &Task, today: NaiveDate) -> f64 {
    let due = match t.dates.due {
        Some(d) => {
            let overdue = (today - d).num_days();
            let score = if overdue >= 7 {
                1.0
            } else if overdue >= -14 {
                ((overdue + 14) as f64) * 0.8 / 21.0 + 0.2
            } else {
                0.2
            };
            score * 12.0
        }
        None => 0.0,
    };
    let priority = match t.priority {
        Priority::Highest => 9.0,
        Priority::High => 6.0,
        Priority::Medium => 3.9,
        Priority::None => 1.95,
        Priority::Low => 0.0,
        Priority::Lowest => -1.8,
    };
    let scheduled = if t.dates.scheduled.is_some_and(|d| d <= today) {
        5.0
    } else {
        0.0
    };
    let start = if t.dates.start.is_some_and(|d| d > today) {
        -3.0
    } else {
        0.0
    };
    due + priority + scheduled + start
}

pub fn status_type_rank(s: StatusType) -> u32 {
    match s {
        StatusType::InProgress => 0,
        StatusType::Todo => 1,
        StatusType::Done => 2,
        StatusType::Cancelled => 3,
    }
}

const DATE_BITS: u32 = 22;

/// A date as an ordered integer; no date sorts last.
fn date_key(d: Option<NaiveDate>) -> u32 {
    let max = (1 << DATE_BITS) - 1;
    d.map_or(max, |d| {
        d.num_days_from_ce().clamp(0, max as i32 - 1) as u32
    })
}

fn bits_for(max: u32) -> u32 {
    (32 - max.leading_zeros()).max(1)
}

/// One sort column: a value per task and how many bits it needs.
struct Column {
    values: Vec<u32>,
    bits: u32,
}

fn column(tasks: &[&Task], field: SortField, today: NaiveDate) -> Column {
    let fixed = |bits: u32, f: &dyn Fn(&Task) -> u32| Column {
        values: tasks.iter().map(|t| f(t)).collect(),
        bits,
    };
    match field {
        SortField::Status => fixed(1, &|t| u32::from(t.status_type.is_closed())),
        SortField::StatusType => fixed(2, &|t| status_type_rank(t.status_type)),
        SortField::Priority => fixed(3, &|t| t.priority as u32),
        SortField::Recurring => fixed(1, &|t| u32::from(t.recurrence.is_none())),
        SortField::Date(f) => fixed(DATE_BITS, &|t| date_key(f.value(t))),
        SortField::Urgency => fixed(16, &|t| {
            let scaled = ((urgency(t, today) + 100.0) * 100.0)
                .round()
                .clamp(0.0, 65535.0) as u32;
            65535 - scaled
        }),
        SortField::Line => {
            let max = tasks.iter().map(|t| t.line).max().unwrap_or(0);
            Column {
                values: tasks.iter().map(|t| t.line).collect(),
                bits: bits_for(max),
            }
        }
        SortField::Path => rank_text(tasks, |t| Some(t.path()), false),
        SortField::Filename => rank_text(tasks, |t| Some(t.note.filename()), false),
        SortField::Description => rank_text(tasks, |t| Some(&t.description), false),
        SortField::Heading => rank_text(tasks, |t| t.heading.as_deref(), true),
        SortField::StatusName => rank_text(tasks, |t| Some(status_name(t)), false),
        SortField::Owner => rank_text(tasks, |t| t.owner.as_deref(), false),
        SortField::Account => rank_text(tasks, |t| t.account.as_deref(), false),
        SortField::Tag(i) => rank_text(tasks, |t| t.tags.get(i - 1).map(|s| &**s), false),
    }
}

/// Case-insensitive order, then exact order so that equal-looking strings still sort stably.
pub fn cmp_text(a: &str, b: &str) -> Ordering {
    let fold = |s: &str| {
        s.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        x.iter()
            .map(u8::to_ascii_lowercase)
            .cmp(y.iter().map(u8::to_ascii_lowercase))
            .then_with(|| a.cmp(b))
    } else {
        fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
    }
}

/// Ranks a text field: each distinct value is hashed once (shared strings are recognised by pointer).
fn rank_text<'a>(
    tasks: &[&'a Task],
    get: impl Fn(&'a Task) -> Option<&'a str>,
    none_first: bool,
) -> Column {
    let mut ids: HashMap<&'a str, u32> = HashMap::new();
    let mut distinct: Vec<&'a str> = Vec::new();
    let mut raw = Vec::with_capacity(tasks.len());
    let mut prev: Option<(&'a str, u32)> = None;
    for t in tasks {
        let Some(s) = get(t) else {
            raw.push(u32::MAX);
            continue;
        };
        if let Some((p, id)) = prev
            && std::ptr::eq(p, s)
        {
            raw.push(id);
            continue;
        }
        let id = *ids.entry(s).or_insert_with(|| {
            distinct.push(s);
            distinct.len() as u32 - 1
        });
        prev = Some((s, id));
        raw.push(id);
    }
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.sort_by(|&a, &b| cmp_text(distinct[a as usize], distinct[b as usize]));
    let offset = u32::from(none_first);
    let mut rank = vec![0u32; distinct.len()];
    for (r, id) in order.into_iter().enumerate() {
        rank[id as usize] = r as u32 + offset;
    }
    let none = if none_first { 0 } else { distinct.len() as u32 };
    let values = raw
        .into_iter()
        .map(|id| {
            if id == u32::MAX {
                none
            } else {
                rank[id as usize]
            }
        })
        .collect();
    Column {
        values,
        bits: bits_for(distinct.len() as u32 + 1),
    }
}

/// Sorts `tasks` by `specs`, then by the default order.
pub fn sort(tasks: &mut Vec<&Task>, specs: &[SortSpec], today: NaiveDate) {
    if tasks.len() < 2 {
        return;
    }
    let all: Vec<SortSpec> = specs.iter().chain(DEFAULT.iter()).copied().collect();
    let columns: Vec<(Column, bool)> = all
        .iter()
        .map(|s| (column(tasks, s.field, today), s.reverse))
        .collect();
    // Pack columns most-significant first into 128-bit segments; a column never straddles two segments.
    let mut layout = Vec::with_capacity(columns.len());
    let (mut seg, mut used) = (0usize, 0u32);
    for (c, _) in &columns {
        if used + c.bits > 128 {
            seg += 1;
            used = 0;
        }
        used += c.bits;
        layout.push((seg, 128 - used));
    }
    let segs = seg + 1;
    let n = tasks.len();
    let mut keys = vec![0u128; n * segs];
    for ((c, reverse), &(seg, shift)) in columns.iter().zip(&layout) {
        let mask = if c.bits == 32 {
            u32::MAX
        } else {
            (1u32 << c.bits) - 1
        };
        for (i, &v) in c.values.iter().enumerate() {
            let v = if *reverse {
                mask - (v & mask)
            } else {
                v & mask
            };
            keys[i * segs + seg] |= u128::from(v) << shift;
        }
    }
    drop(columns);
    let order: Vec<u32> = if segs == 1 {
        let mut pairs: Vec<(u128, u32)> = keys.into_iter().zip(0..n as u32).collect();
        pairs.sort_unstable();
        pairs.into_iter().map(|(_, i)| i).collect()
    } else {
        let mut idx: Vec<u32> = (0..n as u32).collect();
        idx.sort_unstable_by(|&a, &b| {
            let ka = &keys[a as usize * segs..][..segs];
            let kb = &keys[b as usize * segs..][..segs];
            ka.cmp(kb).then(a.cmp(&b))
        });
        idx
    };
    let sorted: Vec<&Task> = order.into_iter().map(|i| tasks[i as usize]).collect();
    *tasks = sorted;
}
