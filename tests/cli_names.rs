//! `triage owners` / `triage accounts` on a vault where one person is written three ways, one account
//! two ways and two accounts exist only as folder names; then the suggested lines, pasted, merge them.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-names")
}

fn triage(home: &Path) -> Command {
    let mut cmd = common::triage_at_home(home);
    cmd.env("TRIAGE_TODAY", "2025-12-15");
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("one JSON document")
}

#[test]
fn owners_lists_raw_spellings_with_counts_and_suggests_aliases() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = triage(home.path())
        .arg("owners")
        .arg(fixture())
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for line in [
        "     3      4  Jon Stefansson",
        "     1      2  Jon Stephenson",
        "     1      1  Jon",
        "     2      2  Myself",
        "     1      1  (no owner)",
        "# Jon Stefansson (4) · Jon Stephenson (2) · Jon (1) — similar spelling, fewer or shortened words",
        "\"Jon Stephenson\" = \"Jon Stefansson\"   # [1]",
        "\"Jon\" = \"Jon Stefansson\"   # [2]",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?} in:\n{text}"
        );
    }
    assert!(text.contains("under [people.aliases]"), "{text}");
    assert!(!text.contains("Nobody"), "dot-folders are skipped:\n{text}");
    // Most tasks first.
    let first = text
        .lines()
        .position(|l| l.ends_with("Jon Stefansson"))
        .expect("row");
    let last = text
        .lines()
        .position(|l| l.ends_with("  Jon"))
        .expect("row");
    assert!(first < last);
}

#[test]
fn owners_json_holds_counts_groups_and_lines() {
    let home = tempfile::tempdir().expect("tempdir");
    let v = json(
        triage(home.path())
            .args(["owners", "--json"])
            .arg(fixture()),
    );
    assert_eq!(v["kind"], "owners");
    let names = v["names"].as_array().expect("names");
    assert_eq!(names.len(), 6);
    assert_eq!(names[0]["name"], "Jon Stefansson");
    assert_eq!(names[0]["open"], 3);
    assert_eq!(names[0]["all"], 4);
    assert_eq!(v["missing"]["all"], 1);
    let groups = v["duplicates"]["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["canonical"], "Jon Stefansson");
    assert_eq!(
        groups[0]["reasons"],
        serde_json::json!(["spelling", "fewer_words"])
    );
    assert_eq!(
        v["alias_lines"],
        serde_json::json!([
            "\"Jon Stephenson\" = \"Jon Stefansson\"",
            "\"Jon\" = \"Jon Stefansson\""
        ])
    );
}

#[test]
fn accounts_suggests_an_alias_and_a_folder_rule() {
    let home = tempfile::tempdir().expect("tempdir");
    triage(home.path())
        .arg("accounts")
        .arg(fixture())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("     4      6  Acme Corp\n")
                .and(predicate::str::contains(
                    "     4      4  Acme Corporation\n",
                ))
                .and(predicate::str::contains("     4      4  (no account)\n"))
                .and(predicate::str::contains(
                    "# Acme Corp (6) · Acme Corporation (4) — company suffix\n",
                ))
                .and(predicate::str::contains(
                    "\"Acme Corporation\" = \"Acme Corp\"   # [1]\n",
                ))
                .and(predicate::str::contains(
                    "folders = [\"Customers/*\"]   # 4 tasks: Globex (3), Initech (1)\n",
                )),
        );
}

/// The minute a new user spends: run the two commands, paste what they print, run them again.
#[test]
fn pasting_the_suggestions_merges_every_spelling() {
    let home = tempfile::tempdir().expect("tempdir");
    triage(home.path())
        .args(["config", "init"])
        .assert()
        .success();
    let file = home.path().join("xdg/triage/config.toml");
    let owners = json(
        triage(home.path())
            .args(["owners", "--json"])
            .arg(fixture()),
    );
    let accounts = json(
        triage(home.path())
            .args(["accounts", "--json"])
            .arg(fixture()),
    );
    let lines = |v: &Value| -> String {
        v["alias_lines"]
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| format!("{}\n", l.as_str().expect("line")))
            .collect()
    };
    let mut text = std::fs::read_to_string(&file).expect("default config");
    text = text.replacen(
        "[people.aliases]\n",
        &format!("[people.aliases]\n{}", lines(&owners)),
        1,
    );
    text = text.replacen(
        "[accounts.aliases]\n",
        &format!("[accounts.aliases]\n{}", lines(&accounts)),
        1,
    );
    text = text.replacen(
        "# folders = [\"Customers/*\", \"Clients/*/Accounts/*\"]",
        "folders = [\"Customers/*\"]",
        1,
    );
    text = text.replacen(
        "# me = [\"Myself\", \"Dana Reyes\"]",
        "me = [\"Myself\", \"Dana Reyes\"]",
        1,
    );
    std::fs::write(&file, text).expect("write");

    let tasks = json(triage(home.path()).args(["list", "--json"]).arg(fixture()));
    let tasks = tasks.as_array().expect("tasks");
    let count = |field: &str, value: &str| tasks.iter().filter(|t| t[field] == value).count();
    assert_eq!(tasks.len(), 14);
    assert_eq!(count("owner", "Jon Stefansson"), 7);
    assert_eq!(count("owner", "Myself"), 4);
    assert_eq!(
        count("owner", "Jon Stephenson") + count("owner", "Jon") + count("owner", "Dana Reyes"),
        0
    );
    assert_eq!(count("account", "Acme Corp"), 10);
    assert_eq!(count("account", "Globex"), 3);
    assert_eq!(count("account", "Initech"), 1);

    triage(home.path())
        .arg("owners")
        .arg(fixture())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("     1      1  Jon   (alias → Jon Stefansson)\n")
                .and(predicate::str::contains(
                    "     2      2  Dana Reyes   (me → Myself)\n",
                ))
                .and(predicate::str::contains(
                    "No likely duplicates (1 group is already merged by your aliases or notes).",
                ))
                .and(predicate::str::contains("Jon Stephenson\" =").not()),
        );
    triage(home.path())
        .arg("accounts")
        .arg(fixture())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("(no account)")
                .not()
                .and(predicate::str::contains("folders =").not()),
        );
}

#[test]
fn an_empty_vault_has_no_names() {
    let home = tempfile::tempdir().expect("tempdir");
    let vault = home.path().join("empty");
    std::fs::create_dir_all(&vault).expect("mkdir");
    triage(home.path())
        .arg("owners")
        .arg(&vault)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            ": 0 owner spellings on 0 tasks (0 open)",
        ));
}

#[test]
fn a_short_name_that_fits_two_people_is_flagged_not_aliased() {
    let home = tempfile::tempdir().expect("tempdir");
    let vault = home.path().join("vault");
    std::fs::create_dir_all(&vault).expect("mkdir");
    std::fs::write(
        vault.join("Team.md"),
        "- [ ] a @Sam Okafor\n- [ ] b @Sam Okafor\n- [ ] c @Sam Lee\n- [ ] d @Sam\n",
    )
    .expect("note");
    triage(home.path())
        .arg("owners")
        .arg(&vault)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("No likely duplicates, but short names fit several longer ones:\n")
                .and(predicate::str::contains(
                    "# \"Sam\" (1) fits \"Sam Okafor\" (2) or \"Sam Lee\" (1): merge it by hand if it is one of them (`--apply \"Sam=NAME\"`)\n",
                ))
                .and(predicate::str::contains("\" = \"").not()),
        );
}
