//! `sort by` fields, and sorting matched tasks by packed integer keys so large result sets sort fast.
//! Text fields are ranked once per distinct value; keys of up to 64 bits are radix-sorted, never compared as strings.

use super::filter::{DateField, Problem, StatusNames, status_name};
use super::radix::Column;
pub use super::rank::cmp_text;
use super::rank::{is_path_line_sorted, path_ranks, rank_text};
use super::words::Words;
use crate::task::{DateKind, Priority, StatusType, Task};
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    /// Not done before done.
    Status,
    StatusType,
    StatusName(StatusNames),
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
    Id,
    Line,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortSpec {
    pub field: SortField,
    pub reverse: bool,
}

/// What every query sorts by after its own `sort by` lines, as in Obsidian Tasks: status type,
/// urgency, due, priority, path; then line.
pub const DEFAULT: [SortSpec; 6] = [
    SortSpec {
        field: SortField::StatusType,
        reverse: false,
    },
    SortSpec {
        field: SortField::Urgency,
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
created, done, cancelled, happens, path, filename, description, heading, tag [N], recurring, id, owner, account";

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
        ("status.name", 1) => SortField::StatusName(None),
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
        ("id", 1) => SortField::Id,
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
        StatusType::OnHold => 2,
        StatusType::Done => 3,
        StatusType::Cancelled => 4,
    }
}

pub(super) fn bits_for(max: u32) -> u32 {
    (32 - max.leading_zeros()).max(1)
}

impl Column {
    /// Shifts values to start at 0 so the packed key stays small.
    fn compact(mut values: Vec<u32>) -> Column {
        let min = values.iter().copied().min().unwrap_or(0);
        let max = values.iter().copied().max().unwrap_or(0);
        if min > 0 {
            values.iter_mut().for_each(|v| *v -= min);
        }
        Column {
            values,
            bits: bits_for(max - min),
        }
    }
}

/// Whether a field is read straight from the task, rather than ranked as text.
pub fn is_direct(f: SortField) -> bool {
    !matches!(
        f,
        SortField::Path
            | SortField::Filename
            | SortField::Description
            | SortField::Heading
            | SortField::StatusName(_)
            | SortField::Owner
            | SortField::Account
            | SortField::Id
            | SortField::Tag(_)
    )
}

/// The user's sorts, then the default order: every field a query sorts by.
pub fn full_specs(specs: &[SortSpec]) -> Vec<SortSpec> {
    specs.iter().chain(DEFAULT.iter()).copied().collect()
}

/// The raw value of a direct field, as `order_prepared` expects it.
pub fn raw_value(field: SortField, t: &Task, today: NaiveDate) -> u32 {
    raw(field, t, today).unwrap_or(0)
}

/// A field read straight from the task (no text ranking); `u32::MAX` stands for "no date".
fn raw(field: SortField, t: &Task, today: NaiveDate) -> Option<u32> {
    Some(match field {
        SortField::Status => u32::from(t.status_type.is_closed()),
        SortField::StatusType => status_type_rank(t.status_type),
        SortField::Priority => t.priority as u32,
        SortField::Recurring => u32::from(t.recurrence().is_none()),
        SortField::Line => t.line,
        SortField::Date(f) => match f.value(t) {
            Some(d) => d.num_days_from_ce().max(0) as u32,
            // As in Obsidian Tasks: a date that is written but is no date sorts first.
            None if matches!(f, DateField::Kind(k) if t.dates.is_invalid(k)) => INVALID_DAY,
            None => u32::MAX,
        },
        SortField::Urgency => {
            let scaled = ((urgency(t, today) + 100.0) * 100.0)
                .round()
                .clamp(0.0, 65535.0) as u32;
            65535 - scaled
        }
        _ => return None,
    })
}

/// All direct fields in one pass over the tasks: each task's memory is fetched once, not once per field.
fn direct_columns(tasks: &[&Task], fields: &[SortField], today: NaiveDate) -> Vec<Column> {
    let parts = super::par::ranges(tasks.len(), |r| {
        let mut cols: Vec<Vec<u32>> = fields.iter().map(|_| Vec::with_capacity(r.len())).collect();
        for t in &tasks[r] {
            for (col, &f) in cols.iter_mut().zip(fields) {
                col.push(raw(f, t, today).unwrap_or(0));
            }
        }
        cols
    });
    let mut cols: Vec<Vec<u32>> = fields
        .iter()
        .map(|_| Vec::with_capacity(tasks.len()))
        .collect();
    for part in parts {
        for (col, values) in cols.iter_mut().zip(part) {
            col.extend(values);
        }
    }
    finish_direct(cols, fields)
}

/// Raw values of direct fields → columns counted from 0 (dates with "no date" last).
fn finish_direct(cols: Vec<Vec<u32>>, fields: &[SortField]) -> Vec<Column> {
    cols.into_iter()
        .zip(fields)
        .map(|(values, f)| match f {
            SortField::Date(_) => dates_from_days(values),
            _ => Column::compact(values),
        })
        .collect()
}

/// The raw value of an invalid date (`📅 2026-02-30`); `u32::MAX` is no date.
const INVALID_DAY: u32 = u32::MAX - 1;

/// Day numbers counted from the earliest one present, after invalid dates (`INVALID_DAY`, which
/// sort first); no date (`u32::MAX`) sorts last.
fn dates_from_days(mut values: Vec<u32>) -> Column {
    let present = values.iter().copied().filter(|&v| v < INVALID_DAY);
    let (min, max) = present.fold((u32::MAX, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (min, max) = if min > max { (0, 0) } else { (min, max) };
    let none = max - min + 2;
    for v in &mut values {
        *v = match *v {
            u32::MAX => none,
            INVALID_DAY => 0,
            v => v - min + 1,
        };
    }
    Column {
        values,
        bits: bits_for(none),
    }
}

fn ranked_column(tasks: &[&Task], field: SortField, path_sorted: bool) -> Column {
    match field {
        SortField::Path if path_sorted => path_ranks(tasks),
        SortField::Path => rank_text(tasks, |t| Some(t.path()), false, true),
        SortField::Filename => rank_text(tasks, |t| Some(t.note.filename()), false, true),
        SortField::Description => rank_text(tasks, |t| Some(t.description()), false, true),
        SortField::Heading => rank_text(tasks, |t| t.heading.as_deref(), true, true),
        SortField::StatusName(names) => {
            rank_text(tasks, |t| Some(status_name(t, names)), false, true)
        }
        SortField::Owner => rank_text(tasks, |t| t.owner.as_deref(), false, true),
        SortField::Account => rank_text(tasks, |t| t.account.as_deref(), false, true),
        // No id sorts first, as the empty text does in Obsidian Tasks.
        SortField::Id => rank_text(tasks, |t| t.id(), true, true),
        SortField::Tag(i) => rank_text(tasks, |t| t.tags.get(i - 1).map(|s| &**s), false, true),
        _ => Column::compact(vec![0; tasks.len()]),
    }
}

/// One unit of column work: all direct fields together, or one ranked text field.
enum Job {
    Direct(Vec<SortField>),
    Ranked(SortField),
}

fn columns(
    tasks: &[&Task],
    specs: &[SortSpec],
    today: NaiveDate,
    path_sorted: bool,
    mut direct_raw: Option<Vec<Vec<u32>>>,
) -> Vec<(Column, bool)> {
    let direct: Vec<SortField> = specs
        .iter()
        .map(|s| s.field)
        .filter(|f| is_direct(*f))
        .collect();
    // Values read in the filter pass cover at least these fields, in this order.
    if let Some(raw) = &mut direct_raw {
        raw.truncate(direct.len());
    }
    let mut jobs = vec![Job::Direct(direct)];
    jobs.extend(
        specs
            .iter()
            .filter(|s| !is_direct(s.field))
            .map(|s| Job::Ranked(s.field)),
    );
    let direct_raw = std::sync::Mutex::new(direct_raw);
    let mut done: Vec<std::vec::IntoIter<Column>> =
        super::par::map(&jobs, tasks.len(), |job| match job {
            Job::Direct(fields) => {
                let given = direct_raw.lock().ok().and_then(|mut g| g.take());
                match given {
                    Some(raw) => finish_direct(raw, fields),
                    None => direct_columns(tasks, fields, today),
                }
            }
            Job::Ranked(f) => vec![ranked_column(tasks, *f, path_sorted)],
        })
        .into_iter()
        .map(Vec::into_iter)
        .collect();
    // Reassemble in the order of the specs: direct columns come from job 0, ranked ones from jobs 1…
    let mut next_ranked = 1;
    specs
        .iter()
        .map(|s| {
            let job = if is_direct(s.field) {
                0
            } else {
                next_ranked += 1;
                next_ranked - 1
            };
            let col = done[job].next().unwrap_or(Column {
                values: vec![0; tasks.len()],
                bits: 1,
            });
            (col, s.reverse)
        })
        .collect()
}

/// Sorts `tasks` by `specs`, then by the default order. Ties keep the input order.
pub fn sort(tasks: &mut Vec<&Task>, specs: &[SortSpec], today: NaiveDate) {
    let sorted: Vec<&Task> = order(tasks, specs, today)
        .into_iter()
        .map(|i| tasks[i as usize])
        .collect();
    *tasks = sorted;
}

/// The sorted order of `tasks` as indices. Reads each task once, in the order given (cache friendly).
pub fn order(tasks: &[&Task], specs: &[SortSpec], today: NaiveDate) -> Vec<u32> {
    order_prepared(tasks, specs, today, None)
}

/// Like `order`, with the raw values of the direct fields of `full_specs(specs)` (in that order,
/// one `raw_value` per task) already read, as the filter pass does while each task is in cache.
pub fn order_prepared(
    tasks: &[&Task],
    specs: &[SortSpec],
    today: NaiveDate,
    direct_raw: Option<Vec<Vec<u32>>>,
) -> Vec<u32> {
    if tasks.len() < 2 {
        return (0..tasks.len() as u32).collect();
    }
    let path_sorted = is_path_line_sorted(tasks);
    let mut all = full_specs(specs);
    // Input already in path/line order: a stable sort keeps it, so trailing path/line keys can go.
    while path_sorted
        && all
            .last()
            .is_some_and(|s| matches!(s.field, SortField::Path | SortField::Line) && !s.reverse)
    {
        all.pop();
    }
    let columns = columns(tasks, &all, today, path_sorted, direct_raw);
    super::radix::order(&columns, tasks.len())
}
