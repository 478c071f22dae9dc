//! Unit tests of the query language on tasks built in code, with "today" pinned to Friday 2023-02-10.
//! Each test states the documented behaviour it checks.

use super::*;
use crate::task::{DateKind, NoteMeta, Priority, StatusType};
use std::sync::Arc;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2023-02-10")
}

/// Builds a task from a compact description; unknown keys panic so tests stay honest.
fn task(path: &str, line: u32, desc: &str, fields: &[(&str, &str)]) -> Task {
    let mut t = Task {
        note: Arc::new(NoteMeta {
            path: Arc::from(path),
            title: path.into(),
            ..NoteMeta::default()
        }),
        line,
        text: format!("- [ ] {desc}").into(),
        status: ' ',
        status_type: StatusType::Todo,
        description: desc.into(),
        owner: None,
        account: None,
        priority: Priority::None,
        dates: Default::default(),
        recurrence: None,
        tags: Vec::new(),
        id: None,
        depends_on: Vec::new(),
        block_id: None,
        proposed: false,
        heading: None,
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
            "recur" => t.recurrence = Some((*v).into()),
            "proposed" => t.proposed = true,
            "indent" => t.text = format!("    - [ ] {desc}").into(),
            other => panic!("unknown test field {other}"),
        }
    }
    t
}

fn sample() -> Vec<Task> {
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
fn lines(query: &str) -> Vec<u32> {
    let tasks = sample();
    let q = Query::parse(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    let r = q.run(&tasks, today());
    r.groups
        .iter()
        .flat_map(|g| g.tasks.iter().map(|t| t.line))
        .collect()
}

fn set(query: &str) -> Vec<u32> {
    let mut v = lines(query);
    v.sort_unstable();
    v
}

fn err(query: &str) -> String {
    Query::parse(query).expect_err(query).to_string()
}

#[test]
fn status_filters() {
    // `done` matches DONE and CANCELLED; `not done` matches TODO and IN_PROGRESS.
    assert_eq!(set("done"), [6, 7]);
    assert_eq!(set("not done"), [1, 2, 3, 4, 5, 8, 9]);
    assert_eq!(set("NOT DONE"), [1, 2, 3, 4, 5, 8, 9]);
    assert_eq!(set("status.type is IN_PROGRESS"), [9]);
    assert_eq!(set("status.type is cancelled"), [7]);
    assert_eq!(set("status.type is not TODO"), [6, 7, 9]);
    assert_eq!(set("status.name includes progress"), [9]);
}

#[test]
fn date_filters() {
    assert_eq!(set("due today"), [2, 8]);
    assert_eq!(set("due on today"), [2, 8]);
    assert_eq!(set("due before today"), [1, 6]);
    assert_eq!(set("due on or before today"), [1, 2, 6, 8]);
    assert_eq!(set("due after today"), [3, 4]);
    assert_eq!(set("due on or after tomorrow"), [3, 4]);
    assert_eq!(set("due yesterday"), [1]);
    assert_eq!(set("due 2023-02-13"), [3]);
    assert_eq!(set("due in 3 days"), [3]);
    assert_eq!(set("due next monday"), [3]);
    assert_eq!(set("due this week"), [1, 2, 8]);
    assert_eq!(set("due next week"), [3]);
    assert_eq!(set("due after this week"), [3, 4]);
    assert_eq!(set("due before this week"), [6]);
    assert_eq!(set("due in 2023-02-09 2023-02-13"), [1, 2, 3, 8]);
    assert_eq!(set("due after 2023-02-09 2023-02-13"), [4]);
    assert_eq!(set("due before 2023-02-09 2023-02-13"), [6]);
    assert_eq!(set("due 2023-W07"), [3]);
    assert_eq!(set("due 2023-W08"), [4]);
    assert_eq!(set("due 2023-01"), [6]);
    assert_eq!(set("due in this month"), [1, 2, 3, 4, 8]);
    assert_eq!(set("done before today"), [6]);
    assert_eq!(set("done on 2023-02-01"), [6]);
    assert_eq!(set("cancelled 2023-02-02"), [7]);
    assert_eq!(set("scheduled before tomorrow"), [5]);
    assert_eq!(set("created before today"), Vec::<u32>::new());
}

#[test]
fn start_filters_include_tasks_without_a_start_date() {
    // Documented: "the result will include tasks without a start date".
    assert_eq!(set("starts before tomorrow"), [1, 2, 3, 5, 6, 7, 8, 9]);
    assert_eq!(
        set("(starts before tomorrow) AND (has start date)"),
        Vec::<u32>::new()
    );
    assert_eq!(set("starts after today"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

#[test]
fn happens_matches_any_of_start_scheduled_due() {
    assert_eq!(set("happens before today"), [1, 5, 6]);
    assert_eq!(set("happens on 2023-02-15"), [4]);
    assert_eq!(set("has happens date"), [1, 2, 3, 4, 5, 6, 8]);
    assert_eq!(set("no happens date"), [7, 9]);
}

#[test]
fn presence_and_invalid_dates() {
    // An invalid date is a date that is written, as in Obsidian Tasks.
    assert_eq!(set("has due date"), [1, 2, 3, 4, 6, 8, 9]);
    assert_eq!(set("no due date"), [5, 7]);
    assert_eq!(set("has scheduled date"), [5]);
    assert_eq!(set("no start date").len(), 8);
    assert_eq!(set("has done date"), [6]);
    assert_eq!(set("has cancelled date"), [7]);
    assert_eq!(set("no created date").len(), 9);
    assert_eq!(set("due date is invalid"), [9]);
    assert_eq!(
        set("(created date is invalid) OR (done date is invalid) OR (due date is invalid)"),
        [9]
    );
}

#[test]
fn priority_filters() {
    assert_eq!(set("priority is high"), [2]);
    assert_eq!(set("priority is above none"), [2]);
    assert_eq!(set("priority is below none"), [5]);
    assert_eq!(set("priority is not none"), [2, 5]);
    assert_eq!(set("priority is none").len(), 7);
    assert_eq!(set("not done\npriority is above none"), [2]);
}

#[test]
fn text_filters() {
    assert_eq!(set("description includes CALL"), [1]);
    assert_eq!(set("description does not include a"), [2, 4, 6]);
    assert_eq!(set("description regex matches /^W/"), [2, 8]);
    assert_eq!(set("description regex matches /^w/i"), [2, 8]);
    assert_eq!(set("description regex does not match /o/"), [2, 6, 9]);
    // The trailing tag run is part of the description Obsidian Tasks searches.
    assert_eq!(set("description includes #inbox"), [1]);
    assert_eq!(set("description regex matches /pricing #task/"), [1]);
    assert_eq!(set("path includes acme"), [3, 4]);
    assert_eq!(set("path includes Work/Acme/Call.md"), [3, 4]);
    assert_eq!(set("path does not include work"), [1, 2, 8, 9]);
    assert_eq!(set("path regex matches /^Daily\\//"), [8, 9]);
    assert_eq!(set("filename includes globex.md"), [5, 6, 7]);
    assert_eq!(set("folder includes Work/Acme/"), [3, 4]);
    assert_eq!(set("root includes work/"), [3, 4, 5, 6, 7]);
    assert_eq!(set("root regex matches /^\\/$/"), [1, 2]);
    // `does not include` matches tasks with no heading.
    assert_eq!(set("heading includes action"), [4]);
    assert_eq!(set("heading does not include action").len(), 8);
    assert_eq!(set("recurrence includes week"), [8]);
}

#[test]
fn tag_filters() {
    // Partial, case-insensitive; with `#` the tag must start with the text.
    assert_eq!(set("tags include inbox"), [1]);
    assert_eq!(set("tags include #INBOX"), [1]);
    assert_eq!(set("tag includes garden"), [8]);
    assert_eq!(set("tags include #garden"), Vec::<u32>::new());
    assert_eq!(set("tags include #home"), [8]);
    assert_eq!(set("tags do not include #task"), [2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(set("tag regex matches /#t.*$/"), [1]);
    assert_eq!(set("tags regex matches /#home$/"), Vec::<u32>::new());
    assert_eq!(set("has tags"), [1, 3, 8]);
    assert_eq!(set("no tags").len(), 6);
}

#[test]
fn other_task_properties() {
    assert_eq!(set("is recurring"), [8]);
    assert_eq!(set("is not recurring").len(), 8);
    assert_eq!(set("exclude sub-items").len(), 8);
    assert_eq!(set("is proposed"), [3]);
    assert_eq!(set("is not proposed").len(), 8);
}

#[test]
fn owner_and_account_extensions() {
    assert_eq!(set("owner is dana reyes"), [1]);
    assert_eq!(set("owner is @Myself"), [2]);
    assert_eq!(set("owner is Dana"), Vec::<u32>::new());
    assert_eq!(set("owner includes dana"), [1]);
    assert_eq!(set("owner is not Myself").len(), 8);
    assert_eq!(set("no owner").len(), 7);
    assert_eq!(set("account is acme"), [3, 4]);
    assert_eq!(set("account includes glo"), [5, 6, 7]);
    assert_eq!(set("account does not include acme").len(), 7);
    assert_eq!(set("has account").len(), 5);
}

#[test]
fn boolean_combinations() {
    assert_eq!(set("(no due date) OR (due after 2023-02-14)"), [4, 5, 7]);
    assert_eq!(
        set("due after 2023-02-04\n(path includes Work) AND NOT (tags include #proposed)"),
        [4]
    );
    assert_eq!(
        set("(path includes inbox) XOR (description includes #inbox)"),
        [2]
    );
    assert_eq!(set("NOT ((path includes Work) OR (has tags))"), [2, 9]);
    assert_eq!(
        set("not done\n(description includes call) OR \\\n  (description includes write)"),
        [1, 2]
    );
    assert_eq!(
        set("(has start date) OR NOT (description includes o)"),
        [2, 4, 9]
    );
}

#[test]
fn default_sort_is_status_type_due_priority_path_line() {
    // In progress first, then todo by due (none last), then done, then cancelled.
    assert_eq!(lines(""), [9, 1, 2, 8, 3, 4, 5, 6, 7]);
}

#[test]
fn sort_instructions() {
    assert_eq!(lines("not done\nsort by priority"), [2, 9, 1, 8, 3, 4, 5]);
    // An invalid date sorts as no date; `reverse` reverses the whole order.
    assert_eq!(
        lines("has due date\nsort by due reverse"),
        [9, 4, 3, 2, 8, 1, 6]
    );
    assert_eq!(lines("sort by path\nlimit 3"), [9, 8, 1]);
    assert_eq!(
        lines("has account\nsort by account reverse"),
        [5, 6, 7, 3, 4]
    );
    assert_eq!(lines("has owner\nsort by owner"), [1, 2]);
    assert_eq!(lines("sort by description\nlimit to 2 tasks"), [4, 1]);
    assert_eq!(
        lines("sort by status\nsort by due reverse\nlimit 4"),
        [9, 5, 4, 3]
    );
    // Due today at high priority (14.8) beats overdue by a day at no priority (11.2).
    assert_eq!(lines("not done\nsort by urgency\nlimit 3"), [2, 1, 8]);
    assert_eq!(lines("has tags\nsort by tag"), [8, 3, 1]);
    assert_eq!(lines("not done\nsort by happens"), [5, 1, 2, 8, 3, 4, 9]);
    assert_eq!(lines("not done\nsort by heading\nlimit 1"), [9]);
    assert_eq!(lines("is recurring\nsort by recurring"), [8]);
}

fn groups(query: &str) -> Vec<(String, Vec<u32>)> {
    let tasks = sample();
    let q = Query::parse(query).unwrap();
    let r = q.run(&tasks, today());
    r.groups
        .iter()
        .map(|g| (g.keys.join(" / "), g.tasks.iter().map(|t| t.line).collect()))
        .collect()
}

#[test]
fn group_by_due_bucket_owner_account() {
    let g = groups("not done\ngroup by due bucket");
    let names: Vec<&str> = g.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["Overdue", "Today", "Next 7 days", "Later", "No date"]
    );
    assert_eq!(g[1].1, [2, 8]);
    let g = groups("group by owner");
    assert_eq!(
        g.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["Dana Reyes", "Myself", "Unassigned"]
    );
    let g = groups("group by account reverse");
    assert_eq!(
        g.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["No account", "Globex", "Acme"]
    );
}

#[test]
fn group_headings_follow_obsidian_tasks() {
    let heads = |q: &str| groups(q).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(
        heads("has due date\nnot done\ngroup by due"),
        [
            "Invalid due date",
            "2023-02-09 Thursday",
            "2023-02-10 Friday",
            "2023-02-13 Monday",
            "2023-02-20 Monday"
        ]
    );
    assert_eq!(heads("no due date\ngroup by due"), ["No due date"]);
    assert_eq!(heads("group by status"), ["Done", "Todo"]);
    assert_eq!(
        heads("group by status.type"),
        ["IN_PROGRESS", "TODO", "DONE", "CANCELLED"]
    );
    assert_eq!(
        heads("group by priority"),
        ["High priority", "Normal priority", "Lowest priority"]
    );
    assert_eq!(
        heads("has tags\ngroup by tags"),
        ["#home/garden", "#inbox", "#proposed", "#task"]
    );
    assert_eq!(
        heads("path includes work/acme\ngroup by heading"),
        ["(No heading)", "Action Items"]
    );
    assert_eq!(
        heads("path includes Daily\ngroup by path"),
        ["Daily/2023-02-10"]
    );
    assert_eq!(
        heads("group by folder"),
        ["/", "Daily/", "Work/", "Work/Acme/"]
    );
    assert_eq!(heads("group by root"), ["/", "Daily/", "Work/"]);
    assert_eq!(heads("path includes acme\ngroup by filename"), ["Call"]);
    assert_eq!(heads("group by recurring"), ["Recurring", "Not Recurring"]);
    assert_eq!(
        heads("has tags\ngroup by recurrence"),
        ["every week", "None"]
    );
    assert_eq!(
        heads("path includes acme\ngroup by backlink"),
        ["Call", "Call > Action Items"]
    );
}

#[test]
fn tasks_under_several_tags_count_once() {
    let tasks = sample();
    let r = Query::parse("group by tags").unwrap().run(&tasks, today());
    assert_eq!(r.total, 9);
    assert_eq!(r.groups.iter().map(|g| g.tasks.len()).sum::<usize>(), 10);
}

#[test]
fn nested_groups_and_group_limits() {
    let g = groups("has account\ngroup by account\ngroup by status");
    let keys: Vec<&str> = g.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["Acme / Todo", "Globex / Done", "Globex / Todo"]);
    let g = groups("group by root\nlimit groups 1");
    assert_eq!(
        g.iter().map(|(_, v)| v.len()).collect::<Vec<_>>(),
        [1, 1, 1]
    );
    let tasks = sample();
    let r = Query::parse("group by root\nlimit groups to 1 tasks")
        .unwrap()
        .run(&tasks, today());
    assert_eq!(r.total, 3);
}

#[test]
fn layout_comments_and_continuations() {
    assert_eq!(
        set(
            "# a comment\nnot done\nhide edit button\nshow tree\nshort mode\nexplain\n\nis recurring"
        ),
        [8]
    );
    assert_eq!(set("(is recurring) OR \\\n(is proposed)"), [3, 8]);
    // A continuation keeps the line number of its first line.
    let e = Query::parse("not done\n(is recurring) OR \\\n(bogus thing)").unwrap_err();
    assert_eq!(e.line, 2);
}

#[test]
fn matches_agrees_with_run() {
    let tasks = sample();
    let q = Query::parse("(due before tomorrow) AND (not done)").unwrap();
    let by_matches: Vec<u32> = tasks
        .iter()
        .filter(|t| q.matches(t, today()))
        .map(|t| t.line)
        .collect();
    assert_eq!(by_matches, [1, 2, 8]);
}

#[test]
fn merging_queries() {
    let tasks = sample();
    let q = Query::parse("not done\nlimit 5")
        .unwrap()
        .and(Query::parse("has account\nlimit 10").unwrap());
    assert_eq!(q.run(&tasks, today()).total, 3);
    let mut q = Query::parse("group by owner").unwrap();
    q.regroup(&Query::parse("group by account").unwrap());
    assert_eq!(q.run(&tasks, today()).groups[0].keys, ["Acme"]);
}

#[test]
fn errors_name_line_instruction_and_fix() {
    assert_eq!(
        err("not done\ndue befor today"),
        "line 2: unknown instruction 'due befor today' — did you mean 'due before today'?"
    );
    let e = err("not done\ndue befor today");
    assert!(e.starts_with("line 2: "), "{e}");
    assert!(e.ends_with("— did you mean 'due before today'?"), "{e}");
    assert_eq!(
        err("colour is blue").split(';').next().unwrap(),
        "line 1: unknown instruction 'colour is blue'"
    );
    assert_eq!(
        err("nto done"),
        "line 1: unknown instruction 'nto done' — did you mean 'not done'?"
    );
    assert!(err("sort by prority").ends_with("did you mean 'sort by priority'?"));
    assert!(err("group by colour").contains("'colour' is not a group field"));
    assert!(err("priority is urgent").contains("'urgent' is not a priority"));
    assert!(err("due before someday").contains("'someday' is not a date"));
    assert!(err("limit many").contains("expected a number"));
    assert!(err("status.type is WAITING").contains("not a status type"));
    assert!(err("path matches x").contains("expected includes, does not include"));
    assert!(err("description regex matches /(/").contains("not valid"));
    assert!(err("filter by function task.isDone").contains("JavaScript"));
    assert!(err("is blocked").contains("not supported"));
    let e = err("(not done) AND (due befor today)");
    assert!(
        e.contains("in '(due befor today)'") && e.ends_with("did you mean 'due before today'?"),
        "{e}"
    );
    assert!(err("(not done) AND (sort by due)").contains("only filters can be combined"));
    // Never a silent match-all.
    assert!(Query::parse("whatever").is_err());
}
