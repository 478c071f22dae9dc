//! The daily loop's edits end to end (SPEC §12): assign, rename, scheduled, start and add, with
//! their refusals, the daily note made from Obsidian's settings and template, and undo of each.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::PathBuf;

const WORK: &str = "# Work\n\
- [ ] Book the workshop @Sam Okafor 📅 2026-01-12 #task ^w1\n\
- [ ] Write the spec #a 📅 2026-01-10\n\
- [ ] Plan ⏳ 2026-01-05 🛫 2026-01-02\n";

struct Env {
    vault: tempfile::TempDir,
    state: tempfile::TempDir,
}

fn env() -> Env {
    let vault = tempfile::tempdir().unwrap();
    fs::create_dir_all(vault.path().join(".obsidian")).unwrap();
    fs::write(vault.path().join("work.md"), WORK).unwrap();
    Env {
        vault,
        state: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("triage").unwrap();
        c.env("TRIAGE_STATE_DIR", self.state.path())
            .env("TRIAGE_CACHE_DIR", self.state.path().join("cache"))
            // A Tuesday.
            .env("TRIAGE_TODAY", "2026-12-08")
            .env("XDG_CONFIG_HOME", self.state.path())
            .env("HOME", self.state.path())
            .env_remove("TRIAGE_VAULT")
            .env_remove("TRIAGE_CONFIG")
            .args(args)
            .arg("--vault")
            .arg(self.vault.path());
        c
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.vault.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    fn undo_all(&self, n: usize) {
        for _ in 0..n {
            self.cmd(&["undo"]).assert().success();
        }
    }

    fn config(&self, text: &str) -> String {
        let p = self.state.path().join("config.toml");
        fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

#[test]
fn assign_replaces_adds_and_removes_the_owner_and_undo_walks_back() {
    let e = env();
    e.cmd(&["assign", "work.md:2", "Dana Reyes"])
        .assert()
        .success()
        .stdout("work.md:2: - [ ] Book the workshop @Dana Reyes 📅 2026-01-12 #task ^w1\n")
        .stderr(predicate::str::contains("✓ owner Sam Okafor → Dana Reyes"));
    // No owner yet: the mention goes before the trailing tags and fields.
    e.cmd(&["assign", "work.md:3", "@Jon"])
        .assert()
        .success()
        .stdout("work.md:3: - [ ] Write the spec @Jon #a 📅 2026-01-10\n");
    // A name that would not read back as one mention takes the link form.
    e.cmd(&["assign", "work.md:4", "dana reyes"])
        .assert()
        .success()
        .stdout("work.md:4: - [ ] Plan @[[dana reyes]] ⏳ 2026-01-05 🛫 2026-01-02\n");
    e.cmd(&["assign", "work.md:2", "none"])
        .assert()
        .success()
        .stdout("work.md:2: - [ ] Book the workshop 📅 2026-01-12 #task ^w1\n");
    e.cmd(&["assign", "work.md:2", "none"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no owner"));
    e.undo_all(4);
    assert_eq!(e.read("work.md"), WORK);
}

#[test]
fn rename_keeps_fields_tags_owner_and_block_link() {
    let e = env();
    e.cmd(&["rename", "work.md:2", "Run the workshop"])
        .assert()
        .success()
        .stdout("work.md:2: - [ ] Run the workshop @Sam Okafor 📅 2026-01-12 #task ^w1\n");
    e.cmd(&["rename", "work.md:2", "  "])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"));
    e.cmd(&["rename", "work.md:1", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a task"));
    e.undo_all(1);
    assert_eq!(e.read("work.md"), WORK);
}

#[test]
fn scheduled_and_start_set_replace_and_remove_their_dates() {
    let e = env();
    e.cmd(&["scheduled", "work.md:3", "fri"])
        .assert()
        .success()
        .stdout("work.md:3: - [ ] Write the spec #a 📅 2026-01-10 ⏳ 2026-12-11\n")
        .stderr(predicate::str::contains("✓ scheduled Fri 12-11"));
    e.cmd(&["start", "work.md:4", "2026-12-14"])
        .assert()
        .success()
        .stdout("work.md:4: - [ ] Plan ⏳ 2026-01-05 🛫 2026-12-14\n");
    e.cmd(&["scheduled", "work.md:4", "none"])
        .assert()
        .success()
        .stdout("work.md:4: - [ ] Plan 🛫 2026-12-14\n");
    e.cmd(&["start", "work.md:3", "soon"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"soon\" is not a date"));
    e.cmd(&["start", "work.md:2", "none"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no start date"));
    e.undo_all(3);
    assert_eq!(e.read("work.md"), WORK);
}

#[test]
fn a_ref_that_no_longer_matches_is_refused_and_nothing_is_written() {
    let e = env();
    let out = e.cmd(&["list", "--json"]).output().unwrap();
    let tasks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["description"] == "Plan")
        .unwrap()["ref"]
        .as_str()
        .unwrap()
        .to_string();
    // The ref reaches the task after lines above it moved.
    fs::write(e.path("work.md"), format!("intro\n{WORK}")).unwrap();
    e.cmd(&["assign", &plan, "Dana"])
        .assert()
        .success()
        .stdout("work.md:5: - [ ] Plan @Dana ⏳ 2026-01-05 🛫 2026-01-02\n");
    // Changed since: every verb refuses it, naming the note.
    let before = e.read("work.md");
    for args in [
        vec!["assign", &plan, "Sam"],
        vec!["rename", &plan, "Other"],
        vec!["scheduled", &plan, "fri"],
        vec!["start", &plan, "none"],
    ] {
        e.cmd(&args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("work.md:4: the task is no longer"));
    }
    assert_eq!(e.read("work.md"), before);
}

#[test]
fn add_to_a_named_note_parses_fields_and_undo_removes_the_line() {
    let e = env();
    e.cmd(&[
        "add",
        "Call @Dana Reyes about the budget due fri !! #work",
        "--note",
        "work",
    ])
    .assert()
    .success()
    .stdout("work.md:5: - [ ] Call @Dana Reyes about the budget #work ⏫ 📅 2026-12-11\n");
    e.cmd(&[
        "add",
        "Draft sched mon start tomorrow !low",
        "--note",
        "work.md",
    ])
    .assert()
    .success()
    .stdout("work.md:6: - [ ] Draft 🔽 🛫 2026-12-09 ⏳ 2026-12-14\n");
    e.undo_all(2);
    assert_eq!(e.read("work.md"), WORK);
    e.cmd(&["redo"]).assert().success();
    assert!(e.read("work.md").ends_with("#work ⏫ 📅 2026-12-11\n"));
}

#[test]
fn add_refuses_bad_input_and_writes_nothing() {
    let e = env();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.md"), "").unwrap();
    std::os::unix::fs::symlink(outside.path(), e.path("link")).unwrap();
    let cases: [(&[&str], &str); 6] = [
        (
            &["add", "a task", "--note", "missing.md"],
            "missing.md: there is no such note",
        ),
        (
            &["add", "a task", "--note", "../x.md"],
            "must not contain \"..\"",
        ),
        (
            &["add", "a task", "--note", "/etc/x.md"],
            "must be relative",
        ),
        (
            &["add", "a task", "--note", "link/x.md"],
            "outside the vault",
        ),
        (&["add", "  ", "--note", "work.md"], "the text is empty"),
        (
            &["add", "a due fri due mon", "--note", "work.md"],
            "two due dates",
        ),
    ];
    for (args, says) in cases {
        e.cmd(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(says));
    }
    assert_eq!(e.read("work.md"), WORK);
    assert_eq!(fs::read_to_string(outside.path().join("x.md")).unwrap(), "");
    e.cmd(&["undo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to undo"));
}

#[test]
fn add_goes_to_the_inbox_under_its_heading() {
    let e = env();
    fs::write(
        e.path("Inbox.md"),
        "# Inbox\n\n## Captured\n- [ ] old\n\n## Later\n",
    )
    .unwrap();
    let cfg = e.config("[inbox]\nnote = \"Inbox.md\"\nheading = \"Captured\"\n");
    e.cmd(&["add", "new one", "--config", &cfg])
        .assert()
        .success()
        .stdout("Inbox.md:5: - [ ] new one\n");
    assert_eq!(
        e.read("Inbox.md"),
        "# Inbox\n\n## Captured\n- [ ] old\n- [ ] new one\n\n## Later\n"
    );
    // A missing heading is added at the end; undo takes the task and leaves the heading.
    let cfg = e.config("[inbox]\nnote = \"work.md\"\nheading = \"Captured\"\n");
    e.cmd(&["add", "elsewhere", "--config", &cfg])
        .assert()
        .success()
        .stdout("work.md:7: - [ ] elsewhere\n")
        .stderr(predicate::str::contains("added the heading"));
    e.cmd(&["undo"]).assert().success();
    assert_eq!(e.read("work.md"), format!("{WORK}\n## Captured\n"));
    // A bad inbox path is a config error.
    let cfg = e.config("[inbox]\nnote = \"../Inbox.md\"\n");
    e.cmd(&["add", "x", "--config", &cfg])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the vault"));
}

#[test]
fn add_creates_todays_daily_note_from_its_template() {
    let e = env();
    fs::write(
        e.path(".obsidian/daily-notes.json"),
        r#"{"folder":"Daily","format":"YYYY/MM/YYYY-MM-DD ddd","template":"Templates/Day"}"#,
    )
    .unwrap();
    fs::create_dir_all(e.path("Templates")).unwrap();
    fs::write(
        e.path("Templates/Day.md"),
        "# {{title}}\n{{date:dddd, MMMM Do}}\n\n## Tasks\n\n## Notes\n",
    )
    .unwrap();
    let cfg = e.config("[inbox]\nheading = \"Tasks\"\n");
    let daily = "Daily/2026/12/2026-12-08 Tue.md";
    e.cmd(&["add", "first due tomorrow", "--config", &cfg])
        .assert()
        .success()
        .stdout(format!("{daily}:5: - [ ] first 📅 2026-12-09\n"))
        .stderr(predicate::str::contains("created the note"));
    e.cmd(&["add", "second", "--config", &cfg])
        .assert()
        .success()
        .stdout(format!("{daily}:6: - [ ] second\n"));
    let made = "# 2026-12-08 Tue\nTuesday, December 8th\n\n## Tasks\n";
    assert_eq!(
        e.read(daily),
        format!("{made}- [ ] first 📅 2026-12-09\n- [ ] second\n\n## Notes\n")
    );
    e.undo_all(2);
    // The note stays, as its template made it.
    assert_eq!(e.read(daily), format!("{made}\n## Notes\n"));
    // A template that is not there: a clear error, no note.
    fs::remove_file(e.path("Templates/Day.md")).unwrap();
    fs::remove_file(e.path(daily)).unwrap();
    e.cmd(&["add", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Templates/Day.md: cannot read the daily-note template",
        ));
    assert!(!e.path(daily).exists());
}

#[test]
fn without_settings_the_daily_note_is_named_by_obsidians_default() {
    let e = env();
    e.cmd(&["add", "plain"])
        .assert()
        .success()
        .stdout("2026-12-08.md:1: - [ ] plain\n");
    assert_eq!(e.read("2026-12-08.md"), "- [ ] plain\n");
    e.cmd(&["undo"]).assert().success();
    assert_eq!(e.read("2026-12-08.md"), "");
}

#[test]
fn a_fifo_in_the_templates_place_is_refused_without_hanging() {
    let e = env();
    fs::write(
        e.path(".obsidian/daily-notes.json"),
        r#"{"template":"Day"}"#,
    )
    .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(e.path("Day.md"))
        .status()
        .unwrap();
    assert!(made.success());
    e.cmd(&["add", "x"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Day.md: cannot read the daily-note template",
        ));
    assert!(!e.path("2026-12-08.md").exists());
}

#[test]
fn the_vaults_tasks_settings_add_a_created_date_and_choose_the_field_form() {
    let e = env();
    let dir = e.path(".obsidian/plugins/obsidian-tasks-plugin");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("data.json"), r#"{"setCreatedDate":true}"#).unwrap();
    e.cmd(&["add", "new due fri", "--note", "work"])
        .assert()
        .success()
        .stdout("work.md:5: - [ ] new ➕ 2026-12-08 📅 2026-12-11\n");
    fs::write(
        dir.join("data.json"),
        r#"{"setCreatedDate":true,"taskFormat":"dataview"}"#,
    )
    .unwrap();
    e.cmd(&["add", "next !!", "--note", "work"])
        .assert()
        .success()
        .stdout("work.md:6: - [ ] next [priority:: high] [created:: 2026-12-08]\n");
}
