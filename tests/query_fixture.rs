//! The query evaluator over tests/fixtures/vault-query, read by the real scanner, with today pinned.
//! Each case names tasks by description so a failure shows what was expected.

use chrono::NaiveDate;
use std::path::Path;
use triage::Config;
use triage::query::{Query, views};
use triage::vault::Index;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 14).unwrap()
}

fn index() -> Index {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-query");
    triage::vault::scan(&root, &Config::default()).unwrap()
}

/// First three words of each matching task's description, in result order, per group.
fn run(index: &Index, query: &str) -> Vec<(String, Vec<String>)> {
    let q = Query::parse(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    let r = q.run(index.tasks(), today());
    r.groups
        .iter()
        .map(|g| {
            let tasks = g
                .tasks
                .iter()
                .map(|t| {
                    t.description()
                        .split(' ')
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            (g.keys.join(" / "), tasks)
        })
        .collect()
}

fn flat(index: &Index, query: &str) -> Vec<String> {
    run(index, query).into_iter().flat_map(|(_, t)| t).collect()
}

#[test]
fn fixture_is_read() {
    assert_eq!(index().task_count(), 10);
}

#[test]
fn filters_on_the_fixture() {
    let ix = index();
    assert_eq!(
        flat(&ix, "not done\ndue before tomorrow"),
        // Most urgent first, as Obsidian Tasks orders them.
        [
            "Draft the integration",
            "Confirm the kickoff",
            "Call the bank"
        ]
    );
    assert_eq!(flat(&ix, "done"), ["Share the deck", "Old renewal idea"]);
    assert_eq!(
        flat(&ix, "not done\nhappens before today"),
        // In progress sorts before todo, then the more urgent first.
        [
            "Prepare the security",
            "Draft the integration",
            "Call the bank"
        ]
    );
    assert_eq!(flat(&ix, "account is example co").len(), 4);
    assert_eq!(
        flat(&ix, "(tags include #task) AND NOT (is proposed)"),
        ["Book the onsite"]
    );
    assert_eq!(flat(&ix, "path includes dashboards"), Vec::<String>::new());
    assert_eq!(flat(&ix, "heading includes next steps").len(), 4);
    assert_eq!(flat(&ix, "is recurring"), ["Water the office"]);
    assert_eq!(
        flat(&ix, "not done\npriority is above none"),
        [
            "Draft the integration",
            "Confirm the kickoff",
            "Send the pricing"
        ]
    );
    assert_eq!(
        flat(&ix, "owner is dana reyes\nsort by description"),
        ["Confirm the kickoff", "Send the pricing"]
    );
    assert_eq!(
        flat(&ix, "tags include home\nstatus.type is todo"),
        ["Water the office"]
    );
    assert_eq!(
        flat(&ix, "status.type is in_progress"),
        ["Prepare the security"]
    );
}

#[test]
fn due_buckets_in_fixed_order() {
    let ix = index();
    let groups = run(&ix, "not done\ngroup by due bucket");
    let names: Vec<&str> = groups.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["Overdue", "Today", "Tomorrow", "Next 7 days", "No date"]
    );
    assert_eq!(groups[0].1, ["Draft the integration", "Call the bank"]);
    assert_eq!(groups[3].1, ["Water the office", "Book the onsite"]);
}

#[test]
fn grouping_by_owner_and_account() {
    let ix = index();
    let groups = run(&ix, "not done\ndue before tomorrow\ngroup by owner");
    assert_eq!(
        groups,
        [
            (
                "Dana Reyes".to_string(),
                vec!["Confirm the kickoff".to_string()]
            ),
            (
                "Myself".to_string(),
                vec!["Draft the integration".to_string()]
            ),
            ("Unassigned".to_string(), vec!["Call the bank".to_string()]),
        ]
    );
    let names: Vec<String> = run(&ix, "group by account")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(names, ["Example Co", "Globex", "No account"]);
}

#[test]
fn saved_views_of_the_fixture() {
    let ix = index();
    let all = views::collect(&ix, &Config::default());
    let names: Vec<(&str, String)> = all
        .iter()
        .map(|v| (v.name.as_str(), v.location()))
        .collect();
    assert_eq!(
        names,
        [
            ("Broken view", "Dashboards/Broken.md:3".to_string()),
            ("Today board", "Dashboards/Today.md:5".to_string()),
            ("Today board #2", "Dashboards/Today.md:13".to_string()),
        ]
    );
    let second = views::find(&all, "TODAY BOARD #2").unwrap();
    assert_eq!(
        flat(&ix, &second.query),
        ["Draft the integration", "Send the pricing"]
    );
    let err = views::find(&all, "nope").unwrap_err().to_string();
    assert_eq!(
        err,
        "no view named 'nope'; available: Broken view, Today board, Today board #2"
    );
    let broken = Query::parse(&views::find(&all, "broken view").unwrap().query).unwrap_err();
    assert_eq!(broken.line, 2);

    let mut cfg = Config::default();
    cfg.views.insert("Mine".into(), "owner is Myself".into());
    let all = views::collect(&ix, &cfg);
    assert_eq!(
        all.last().map(|v| (v.name.as_str(), v.location())),
        Some(("Mine", "config".to_string()))
    );
}
