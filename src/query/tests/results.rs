//! Sorting, grouping, limits, layout lines, merging and error messages.

use super::*;

#[test]
fn default_sort_is_status_type_urgency_due_priority_path_line() {
    // In progress first, then todo by urgency (due today at high priority, 14.8, before overdue
    // by a day, 11.2; scheduled in the past at lowest, 3.2, before due in 10 days but starting
    // later, 3.18), then done, then cancelled: Obsidian Tasks' default order.
    assert_eq!(lines(""), [9, 2, 1, 8, 3, 5, 4, 6, 7]);
}

#[test]
fn sort_instructions() {
    assert_eq!(lines("not done\nsort by priority"), [2, 9, 1, 8, 3, 4, 5]);
    // An invalid date sorts first, as in Obsidian Tasks; `reverse` reverses the whole order.
    assert_eq!(
        lines("has due date\nsort by due reverse"),
        [4, 3, 2, 8, 1, 6, 9]
    );
    assert_eq!(lines("has due date\nsort by due\nlimit 2"), [9, 6]);
    assert_eq!(lines("sort by path\nlimit 3"), [9, 8, 2]);
    assert_eq!(
        lines("has account\nsort by account reverse"),
        [5, 6, 7, 3, 4]
    );
    assert_eq!(lines("has owner\nsort by owner"), [1, 2]);
    assert_eq!(lines("sort by description\nlimit to 2 tasks"), [4, 1]);
    assert_eq!(
        lines("sort by status\nsort by due reverse\nlimit 4"),
        [5, 4, 3, 2]
    );
    // Due today at high priority (14.8) beats overdue by a day at no priority (11.2).
    assert_eq!(lines("not done\nsort by urgency\nlimit 3"), [2, 1, 8]);
    assert_eq!(lines("has tags\nsort by tag"), [8, 3, 1]);
    assert_eq!(lines("not done\nsort by happens"), [5, 1, 2, 8, 3, 4, 9]);
    assert_eq!(lines("not done\nsort by heading\nlimit 1"), [9]);
    assert_eq!(lines("is recurring\nsort by recurring"), [8]);
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
    assert_eq!(heads("group by recurring"), ["Not Recurring", "Recurring"]);
    assert_eq!(
        heads("group by tags"),
        ["(No tags)", "#home/garden", "#inbox", "#proposed", "#task"]
    );
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
    // `\\` at the end, or `\` followed by a space, is a literal backslash (Line Continuations doc).
    let tasks = vec![
        task("a.md", 1, "path C:\\", &[]),
        task("a.md", 2, "no slash", &[]),
    ];
    let run = |q: &str| -> Vec<u32> {
        Query::parse(q).unwrap().run(&tasks, today()).groups[0]
            .tasks
            .iter()
            .map(|t| t.line)
            .collect()
    };
    assert_eq!(run("description includes \\\\\nnot done"), [1]);
    assert_eq!(run("description includes \\ \nnot done"), [1]);
    assert_eq!(
        run("(priority is highest) OR \\\n    (description includes slash)"),
        [2]
    );
    // A continuation keeps the line number of its first line.
    let e = Query::parse("not done\n(is recurring) OR \\\n(bogus thing)").unwrap_err();
    assert_eq!(e.line, 2);
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
    let e = err("(not done) AND (due befor today)");
    assert!(
        e.contains("in '(due befor today)'") && e.ends_with("did you mean 'due before today'?"),
        "{e}"
    );
    assert!(err("(not done) AND (sort by due)").contains("only filters can be combined"));
    // Never a silent match-all.
    assert!(Query::parse("whatever").is_err());
}

#[test]
fn input_order_does_not_change_the_result() {
    // The sorter takes a shortcut when tasks arrive in path order; both ways must agree.
    let mut tasks = sample();
    tasks.sort_by(|a, b| a.path().cmp(b.path()).then(a.line.cmp(&b.line)));
    let reversed: Vec<Task> = tasks.iter().rev().cloned().collect();
    for query in [
        "",
        "sort by path",
        "sort by owner\nsort by path reverse",
        "sort by due reverse",
        "group by tags",
    ] {
        let q = Query::parse(query).unwrap();
        let order = |ts: &[Task]| -> Vec<(String, u32)> {
            q.run(ts, today())
                .groups
                .iter()
                .flat_map(|g| g.tasks.iter().map(|t| (t.path().to_string(), t.line)))
                .collect()
        };
        assert_eq!(order(&tasks), order(&reversed), "{query}");
    }
}

#[test]
fn large_inputs_take_the_parallel_path_with_the_same_result() {
    // 63,000 tasks: above the threshold where filtering, sort columns and group levels use threads.
    const COPIES: u32 = 7000;
    let small = sample();
    let mut big: Vec<Task> = Vec::new();
    for k in 0..COPIES {
        big.extend(small.iter().cloned().map(|mut t| {
            t.line += k * 100;
            t
        }));
    }
    for query in [
        "not done\ngroup by owner",
        "group by tags\ngroup by status",
        "sort by urgency",
        "has due date\nsort by account reverse",
    ] {
        let q = Query::parse(query).unwrap();
        let s = q.run(&small, today());
        let b = q.run(&big, today());
        assert_eq!(b.total, s.total * COPIES as usize, "{query}");
        assert_eq!(b.groups.len(), s.groups.len(), "{query}");
        for (gs, gb) in s.groups.iter().zip(&b.groups) {
            assert_eq!(gs.keys, gb.keys, "{query}");
            // Copies tie on every key but the line, so each task's copies sit together, in line order.
            let expected: Vec<u32> = gs
                .tasks
                .iter()
                .flat_map(|t| std::iter::repeat_n(t.line, COPIES as usize))
                .collect();
            let got: Vec<u32> = gb.tasks.iter().map(|t| t.line % 100).collect();
            assert_eq!(got, expected, "{query}");
        }
    }
}

#[test]
fn urgency_matches_the_documented_table() {
    let score = |fields: &[(&str, &str)]| {
        let t = task("u.md", 1, "u", fields);
        (sort::urgency(&t, today()) * 100_000.0).round() / 100_000.0
    };
    // Today is 2023-02-10.
    assert_eq!(score(&[("due", "2023-02-10")]), 8.8 + 1.95);
    assert_eq!(
        score(&[("due", "2023-02-03"), ("priority", "none")]),
        12.0 + 1.95
    );
    assert_eq!(score(&[("due", "2023-01-01")]), 12.0 + 1.95);
    assert_eq!(
        score(&[("due", "2023-02-09"), ("priority", "low")]),
        9.25714
    );
    assert_eq!(score(&[("due", "2023-02-17"), ("priority", "low")]), 5.6);
    assert_eq!(score(&[("due", "2023-03-30"), ("priority", "low")]), 2.4);
    // The documentation's three examples.
    assert_eq!(
        score(&[("due", "2023-02-10"), ("priority", "medium")]),
        12.7
    );
    assert_eq!(
        score(&[
            ("priority", "high"),
            ("scheduled", "2023-02-09"),
            ("start", "2023-02-09")
        ]),
        11.0
    );
    assert_eq!(
        score(&[
            ("priority", "high"),
            ("scheduled", "2023-02-11"),
            ("start", "2023-02-11")
        ]),
        3.0
    );
}
