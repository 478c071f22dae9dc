//! Unit tests of the query language on tasks built in code, with "today" pinned to Friday 2023-02-10.
//! Shared here: the task builder and the sample; filters and results are tested in the submodules.

use super::*;

mod filters;
mod results;
use crate::task::{DateKind, NoteMeta, Priority, StatusType, TaskText};
use std::sync::Arc;

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn today() -> NaiveDate {
    d("2023-02-10")
}

/// Builds a task from a compact description; unknown keys panic so tests stay honest.
pub(super) fn task(path: &str, line: u32, desc: &str, fields: &[(&str, &str)]) -> Task {
    let mut t = Task {
        note: Arc::new(NoteMeta {
            path: Arc::from(path),
            title: path.into(),
            ..NoteMeta::default()
        }),
        line,
        status: ' ',
        status_type: StatusType::Todo,
        priority: Priority::None,
        proposed: false,
        words: TaskText::new(&format!("- [ ] {desc}"), desc),
        owner: None,
        account: None,
        dates: Default::default(),
        tags: Vec::new(),
        heading: None,
        extras: None,
    };
    for (k, v) in fields {
        let date = || Some(d(v));
        match *k {
            "status" => {
                t.status = v.chars().next().unwrap();
                t.status_type = match t.status {
                    'x' => StatusType::Done,
                    '-' => StatusType::Cancelled,
                    '/' => StatusType::InProgress,
                    _ => StatusType::Todo,
                };
                t.proposed |= t.status == '?';
            }
            "due" => t.dates.due = date(),
            "scheduled" => t.dates.scheduled = date(),
            "start" => t.dates.start = date(),
            "created" => t.dates.created = date(),
            "done" => t.dates.done = date(),
            "cancelled" => t.dates.cancelled = date(),
            "invalid" => t.dates.mark_invalid(DateKind::Due),
            "priority" => t.priority = Priority::from_name(v).unwrap(),
            "owner" => t.owner = Some(Arc::from(*v)),
            "account" => t.account = Some(Arc::from(*v)),
            "tags" => t.tags = v.split(' ').map(Arc::from).collect(),
            "heading" => t.heading = Some(Arc::from(*v)),
            "recur" => t.extras_mut().recurrence = Some((*v).into()),
            "proposed" => t.proposed = true,
            "indent" => t.words = TaskText::new(&format!("    - [ ] {desc}"), desc),
            other => panic!("unknown test field {other}"),
        }
    }
    t
}

pub(super) fn sample() -> Vec<Task> {
    vec![
        task(
            "Inbox.md",
            1,
            "Call Dana about pricing",
            &[
                ("due", "2023-02-09"),
                ("owner", "Dana Reyes"),
                ("tags", "task inbox"),
            ],
        ),
        task(
            "Inbox.md",
            2,
            "Write brief",
            &[
                ("due", "2023-02-10"),
                ("priority", "high"),
                ("owner", "Myself"),
            ],
        ),
        task(
            "Work/Acme/Call.md",
            3,
            "Send proposal",
            &[
                ("due", "2023-02-13"),
                ("account", "Acme"),
                ("status", "?"),
                ("tags", "proposed"),
            ],
        ),
        task(
            "Work/Acme/Call.md",
            4,
            "Book workshop",
            &[
                ("due", "2023-02-20"),
                ("account", "Acme"),
                ("heading", "Action Items"),
                ("start", "2023-02-15"),
            ],
        ),
        task(
            "Work/Globex.md",
            5,
            "Review contract",
            &[
                ("scheduled", "2023-02-08"),
                ("account", "Globex"),
                ("priority", "lowest"),
            ],
        ),
        task(
            "Work/Globex.md",
            6,
            "Old thing",
            &[
                ("status", "x"),
                ("done", "2023-02-01"),
                ("due", "2023-01-30"),
                ("account", "Globex"),
            ],
        ),
        task(
            "Work/Globex.md",
            7,
            "Dropped idea",
            &[
                ("status", "-"),
                ("cancelled", "2023-02-02"),
                ("account", "Globex"),
            ],
        ),
        task(
            "Daily/2023-02-10.md",
            8,
            "Water plants",
            &[
                ("recur", "every week"),
                ("due", "2023-02-10"),
                ("tags", "home/garden"),
            ],
        ),
        task(
            "Daily/2023-02-10.md",
            9,
            "Half way",
            &[("status", "/"), ("invalid", ""), ("indent", "")],
        ),
    ]
}

/// The line numbers of matching tasks, in result order.
pub(super) fn lines(query: &str) -> Vec<u32> {
    let tasks = sample();
    let q = Query::parse(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    let r = q.run(&tasks, today());
    r.groups
        .iter()
        .flat_map(|g| g.tasks.iter().map(|t| t.line))
        .collect()
}

pub(super) fn set(query: &str) -> Vec<u32> {
    let mut v = lines(query);
    v.sort_unstable();
    v
}

pub(super) fn err(query: &str) -> String {
    Query::parse(query).expect_err(query).to_string()
}

pub(super) fn groups(query: &str) -> Vec<(String, Vec<u32>)> {
    let tasks = sample();
    let q = Query::parse(query).unwrap();
    let r = q.run(&tasks, today());
    r.groups
        .iter()
        .map(|g| (g.keys.join(" / "), g.tasks.iter().map(|t| t.line).collect()))
        .collect()
}
