//! `triage list -q/--view/--group-by` and `triage views` on tests/fixtures/vault-query, today pinned.
//! Bad queries must fail with exit code 1 and a message naming the line and the instruction.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const TODAY: &str = "2026-01-14";

fn triage(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("triage").unwrap();
    let vault = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vault-query");
    // Global options go after the command: before it, clap would not accept a command.
    cmd.env_remove("TRIAGE_VAULT")
        .env_remove("TRIAGE_TODAY")
        .env_remove("TRIAGE_CONFIG")
        .env("NO_COLOR", "1")
        .env(
            "TRIAGE_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cli-query-cache"),
        )
        .args(args)
        .arg(vault)
        .arg("--config")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/empty-config.toml"
        ))
        .arg("--today")
        .arg(TODAY);
    cmd
}

fn json(args: &[&str]) -> Value {
    let out = triage(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn descriptions(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["description"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_with_query_lines() {
    let v = json(&[
        "list",
        "-q",
        "not done",
        "-q",
        "due before tomorrow",
        "--json",
    ]);
    // Obsidian Tasks' default order: most urgent first (overdue at high, due today at medium,
    // more overdue at low).
    assert_eq!(
        descriptions(&v),
        [
            "Draft the integration brief for the partner review",
            "Confirm the kickoff agenda",
            "Call the bank about the card"
        ]
    );
    assert_eq!(v[2]["path"], "Inbox.md");
    assert_eq!(v[0]["line"], 9);
    triage(&[
        "list",
        "-q",
        "not done",
        "-q",
        "due before tomorrow",
        "--count",
    ])
    .assert()
    .success()
    .stdout("3\n");
    triage(&["list", "--count"])
        .assert()
        .success()
        .stdout("10\n");
}

#[test]
fn list_grouped_table_has_a_header_per_group() {
    triage(&[
        "list",
        "-q",
        "not done",
        "-q",
        "due before tomorrow",
        "--group-by",
        "owner",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("Dana Reyes (1)"))
    .stdout(predicate::str::contains("Myself (1)"))
    .stdout(predicate::str::contains("Unassigned (1)"));
    let out = triage(&["list", "-q", "not done", "--group-by", "due bucket"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let order: Vec<usize> = [
        "Overdue (2)",
        "Today (1)",
        "Tomorrow (1)",
        "Next 7 days (2)",
        "No date (2)",
    ]
    .iter()
    .map(|h| text.find(h).unwrap_or_else(|| panic!("{h} in {text}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn list_runs_a_saved_view() {
    let out = triage(&["list", "--view", "today board"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Dana Reyes (1)") && text.contains("Unassigned (1)"),
        "{text}"
    );
    let v = json(&["list", "--view", "Today Board #2", "--json"]);
    assert_eq!(
        descriptions(&v),
        [
            "Draft the integration brief for the partner review",
            "Send the pricing follow-up to procurement"
        ]
    );
    // -q lines narrow a view; --group-by replaces its grouping.
    let v = json(&["list", "--view", "today board", "-q", "has owner", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    triage(&["list", "--view", "today board", "--group-by", "account"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Globex (1)"))
        .stdout(predicate::str::contains("Myself (1)").not());
}

#[test]
fn unknown_view_lists_the_names() {
    triage(&["list", "--view", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no view named 'nope'; available: Broken view, Today board, Today board #2",
        ));
}

#[test]
fn broken_view_names_the_note_line() {
    triage(&["list", "--view", "broken view"]).assert().code(2).stderr(predicate::str::contains(
        "Dashboards/Broken.md:5: unknown instruction 'due befor today' — did you mean 'due before today'?",
    ));
}

#[test]
fn bad_query_exits_2_with_the_message() {
    triage(&["list", "-q", "not done", "-q", "due befor today"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown instruction 'due befor today' — did you mean 'due before today'?",
        ))
        .stderr(predicate::str::contains("panicked").not());
    triage(&["list", "-q", "filter by function task.isDone"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("JavaScript"));
    triage(&["list", "--group-by", "colour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'colour' is not a group field"));
}

#[test]
fn views_lists_blocks_as_json_and_text() {
    let v = json(&["views", "--json"]);
    let rows: Vec<(String, String, i64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().into(),
                x["path"].as_str().unwrap().into(),
                x["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Broken view".into(), "Dashboards/Broken.md".into(), 3),
            ("Today board".into(), "Dashboards/Today.md".into(), 5),
            ("Today board #2".into(), "Dashboards/Today.md".into(), 13),
        ]
    );
    assert_eq!(
        v[1]["query"],
        "not done\ndue before tomorrow\ngroup by owner"
    );
    assert_eq!(v[1]["source"], "note");
    triage(&["views"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Today board #2  (Dashboards/Today.md:13)",
        ))
        .stdout(predicate::str::contains("    is proposed"));
}
