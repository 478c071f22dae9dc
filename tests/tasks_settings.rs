//! The vault's Obsidian Tasks settings (SPEC §9), as a user meets them on the command line:
//! counts, statuses, presets, the global query, `config show`, `check`, and what toggles write.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-01-14";
const DATA_JSON: &str = ".obsidian/plugins/obsidian-tasks-plugin/data.json";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-tasks-settings")
}

/// A private copy of the fixture vault (edits and renamed folders stay in it), and a home folder.
struct Sandbox {
    _dir: tempfile::TempDir,
    vault: PathBuf,
    home: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        copy_dir(&fixture(), &vault);
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        Sandbox {
            _dir: dir,
            vault,
            home,
        }
    }

    /// `triage ARGS… --today TODAY`, with `config` (TOML text) as the config file.
    fn triage(&self, config: &str, args: &[&str]) -> Command {
        let file = self.home.join("config.toml");
        std::fs::write(&file, config).unwrap();
        let mut cmd = common::triage_at_home(&self.home);
        cmd.env("NO_COLOR", "1")
            .args(args)
            .arg("--config")
            .arg(&file)
            .arg("--today")
            .arg(TODAY);
        cmd
    }

    fn list(&self, config: &str, args: &[&str]) -> Command {
        let mut cmd = self.triage(config, &["list"]);
        cmd.arg(&self.vault).args(args);
        cmd
    }

    fn count(&self, config: &str, args: &[&str]) -> usize {
        let mut all = args.to_vec();
        all.push("--count");
        let out = self.list(config, &all).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    fn json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.list("", &all).output().unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn toggle(&self, config: &str, at: &str) -> String {
        let vault = self.vault.to_str().unwrap();
        let out = self
            .triage(config, &["toggle", at, "--vault", vault])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.line(at)
    }

    /// Line `PATH:N` of a note in the vault, as it is on disk now.
    fn line(&self, at: &str) -> String {
        let (path, n) = at.rsplit_once(':').unwrap();
        let text = std::fs::read_to_string(self.vault.join(path)).unwrap();
        text.lines()
            .nth(n.parse::<usize>().unwrap() - 1)
            .unwrap()
            .to_string()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// The fixture has 12 checkbox lines: 2 lack the global filter `#task` and 1 has the NON_TASK
// status `[i]`, so 9 are tasks; one of those is in Archive/, which the global query leaves out.

#[test]
fn the_count_is_what_the_settings_say() {
    let s = Sandbox::new();
    assert_eq!(s.count("", &[]), 9);
    assert_eq!(
        s.count("", &["-q", "not done"]),
        6,
        "global query: no Archive"
    );
    assert_eq!(
        s.count("", &["-q", "not done", "-q", "ignore global query"]),
        7
    );
    // No settings file: every checkbox line is a task.
    std::fs::remove_file(s.vault.join(DATA_JSON)).unwrap();
    assert_eq!(s.count("", &[]), 12);
}

#[test]
fn statuses_tags_and_descriptions_follow_the_settings() {
    let s = Sandbox::new();
    let tasks = s.json(&[]);
    let by_desc = |d: &str| {
        tasks
            .iter()
            .find(|t| t["description"].as_str().unwrap().contains(d))
            .unwrap_or_else(|| panic!("no task {d}"))
            .clone()
    };
    assert_eq!(by_desc("Waiting on legal")["status_type"], "on_hold");
    assert!(
        tasks.iter().all(|t| t["status"] != "i"),
        "NON_TASK lines are not tasks"
    );
    let brief = by_desc("launch brief");
    assert_eq!(
        brief["tags"],
        serde_json::json!([]),
        "the filter tag is not a tag"
    );
    // removeGlobalFilter: the filter leaves the description, a nested tag keeps it.
    assert_eq!(
        by_desc("Call")["description"],
        "Call @Dana about the contract"
    );
    assert_eq!(
        by_desc("backlog")["tags"],
        serde_json::json!(["task/backlog"])
    );
}

#[test]
fn presets_and_their_errors() {
    let s = Sandbox::new();
    assert_eq!(
        s.count("", &["--view", "Launch"]),
        1,
        "the view says `preset dana`"
    );
    assert_eq!(s.count("", &["-q", "{{preset.open}}"]), 6);
    s.list("", &["-q", "preset nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot find preset \"nope\""))
        .stderr(predicate::str::contains("dana, open"));
    // The config adds presets, and its keys win over the file's.
    let cfg = "[obsidian_tasks.presets]\nopen = \"done\"\n";
    assert_eq!(s.count(cfg, &["-q", "preset open"]), 2);
}

#[test]
fn the_config_wins_and_config_show_says_where_each_setting_came_from() {
    let s = Sandbox::new();
    let cfg = "[obsidian_tasks]\nglobal_filter = \"\"\nset_done_date = false\n";
    assert_eq!(s.count(cfg, &[]), 11, "no filter; [i] is still not a task");
    let vault = s.vault.to_str().unwrap();
    let out = s
        .triage(cfg, &["config", "show", "--vault", vault])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let row = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("tasks.{key} ")))
            .unwrap_or_else(|| panic!("no row {key} in\n{text}"))
            .to_string()
    };
    assert!(
        row("globalFilter").ends_with("config.toml)"),
        "{}",
        row("globalFilter")
    );
    assert!(row("setDoneDate").contains("\"false\"  (/"));
    assert!(row("globalQuery").contains("\"path does not include Archive\"  (Tasks data.json)"));
    assert!(row("setCreatedDate").ends_with("\"false\"  (Tasks data.json)"));
    assert!(row("status [w]").contains("Waiting (ON_HOLD) → [ ]\"  (Tasks data.json)"));
    assert!(row("preset dana").contains("(Tasks data.json)"));
    let out = s
        .triage(cfg, &["config", "show", "--json", "--vault", vault])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let query = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "tasks.globalQuery")
        .unwrap();
    assert_eq!(query["source"]["kind"], "tasks_plugin");
    assert_eq!(query["value"], "path does not include Archive");
}

#[test]
fn the_obsidian_folder_name_comes_from_the_config() {
    let s = Sandbox::new();
    std::fs::rename(s.vault.join(".obsidian"), s.vault.join(".obsidian-work")).unwrap();
    assert_eq!(
        s.count("", &[]),
        12,
        "the settings are not where Obsidian's folder usually is"
    );
    assert_eq!(s.count("obsidian_dir = \".obsidian-work\"\n", &[]), 9);
}

#[test]
fn a_malformed_file_is_one_warning_and_the_defaults() {
    let s = Sandbox::new();
    let file = s.vault.join(DATA_JSON);
    std::fs::write(&file, "{\"globalFilter\": \"#task\",").unwrap();
    assert_eq!(s.count("", &[]), 12);
    s.triage("", &["check"])
        .arg(&s.vault)
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            ".obsidian/plugins/obsidian-tasks-plugin/data.json: tasks-settings:",
        ))
        .stdout(predicate::str::contains("not valid JSON"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"globalFilter\": \"#task\",",
        "never written"
    );
}

#[test]
fn toggle_follows_the_status_cycle_and_the_date_settings() {
    let s = Sandbox::new();
    let brief = "Projects/Launch.md:6";
    let line = s.toggle("", brief);
    assert_eq!(line, "- [/] Write the launch brief #task 📅 2026-01-10 ⏫");
    let line = s.toggle("", brief);
    assert_eq!(
        line,
        "- [x] Write the launch brief #task 📅 2026-01-10 ⏫ ✅ 2026-01-14"
    );
    let line = s.toggle("", brief);
    assert_eq!(line, "- [ ] Write the launch brief #task 📅 2026-01-10 ⏫");
    // ON_HOLD → Todo; a done toggle without setDoneDate adds no date.
    assert_eq!(
        s.toggle("", "Projects/Launch.md:9"),
        "- [ ] Waiting on legal review #task"
    );
    let no_date = "[obsidian_tasks]\nset_done_date = false\n";
    assert_eq!(
        s.toggle(no_date, "Projects/Launch.md:8"),
        "- [x] Draft the pricing page #task"
    );
}

#[test]
fn recurrence_and_dataview_settings_shape_what_is_written() {
    let s = Sandbox::new();
    let cfg = "[obsidian_tasks]\ntask_format = \"dataview\"\nset_created_date = true\n\
               remove_scheduled_date_on_recurrence = true\n";
    let venue = "Projects/Launch.md:15";
    std::fs::write(
        s.vault.join("Projects/Launch.md"),
        std::fs::read_to_string(s.vault.join("Projects/Launch.md"))
            .unwrap()
            .replace("- [ ] Book the venue", "- [/] Book the venue ⏳ 2026-01-11"),
    )
    .unwrap();
    s.toggle(cfg, venue);
    let done = s.line("Projects/Launch.md:16");
    assert_eq!(
        done,
        "- [x] Book the venue ⏳ 2026-01-11 #task 🔁 every week 📅 2026-01-12 [completion:: 2026-01-14]"
    );
    let next = s.line("Projects/Launch.md:15");
    assert_eq!(
        next,
        "- [ ] Book the venue #task 🔁 every week 📅 2026-01-19 [created:: 2026-01-14]"
    );
}

#[test]
fn recurrence_on_next_line_puts_the_next_occurrence_below_and_undo_removes_it() {
    let s = Sandbox::new();
    let cfg = "[obsidian_tasks]\nrecurrence_on_next_line = true\n";
    let vault = s.vault.to_str().unwrap().to_string();
    // Twice: in the middle of a note, and on its last line with no line ending after it.
    for (note, text) in [
        ("Projects/Launch.md", None),
        (
            "Last.md",
            Some("# Last\n- [/] Water the plants #task 🔁 every day 📅 2026-01-14"),
        ),
    ] {
        if let Some(text) = text {
            std::fs::write(s.vault.join(note), text).unwrap();
        }
        let before = std::fs::read(s.vault.join(note)).unwrap();
        let n = String::from_utf8_lossy(&before)
            .lines()
            .position(|l| l.contains('🔁'))
            .unwrap()
            + 1;
        // The fixture's venue task is `[ ]`, which this vault's cycle moves to `[/]` first.
        if text.is_none() {
            s.toggle(cfg, &format!("{note}:{n}"));
        }
        let line = s.toggle(cfg, &format!("{note}:{n}"));
        assert!(line.starts_with("- [x] "), "{line}");
        let next = s.line(&format!("{note}:{}", n + 1));
        assert!(next.starts_with("- [ ] ") && next.contains("🔁"), "{next}");
        let done = std::fs::read(s.vault.join(note)).unwrap();
        // Undo and redo of the done toggle, then undo back to the start.
        s.triage(cfg, &["undo", "--vault", &vault])
            .assert()
            .success();
        s.triage(cfg, &["redo", "--vault", &vault])
            .assert()
            .success();
        assert_eq!(
            std::fs::read(s.vault.join(note)).unwrap(),
            done,
            "{note}: redo"
        );
        let mut undos = if text.is_none() { 2 } else { 1 };
        while undos > 0 {
            s.triage(cfg, &["undo", "--vault", &vault])
                .assert()
                .success();
            undos -= 1;
        }
        assert_eq!(std::fs::read(s.vault.join(note)).unwrap(), before, "{note}");
    }
}

#[test]
fn a_block_fills_in_its_notes_placeholders_and_a_q_line_cannot() {
    let s = Sandbox::new();
    let out = s.list("", &["--view", "Board", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tasks: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&str> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["description"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["Call @Dana about the contract"]);
    s.list("", &["-q", "path includes {{query.file.path}}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "{{query.file.path}} names the note that holds the query",
        ));
    s.list("", &["-q", "path includes {{query.file.nope}}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "unknown placeholder {{query.file.nope}}",
        ));
}

#[test]
fn status_names_and_types_come_from_the_settings() {
    let s = Sandbox::new();
    assert_eq!(s.count("", &["-q", "status.name includes waiting"]), 1);
    assert_eq!(
        s.count("", &["-q", "status.name includes question"]),
        1,
        "[?] as the vault names it"
    );
    assert_eq!(s.count("", &["-q", "status.type is ON_HOLD"]), 1);
    assert_eq!(
        s.count("", &["-q", "status.type is not ON_HOLD", "-q", "not done"]),
        5
    );
    let out = s
        .list("", &["-q", "not done", "-q", "group by status.name"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let heads: Vec<&str> = text.lines().filter(|l| l.ends_with(')')).collect();
    assert_eq!(
        heads,
        ["In Progress (1)", "Question (1)", "Todo (3)", "Waiting (1)"]
    );
    // The config names a symbol too, and wins.
    let cfg = "[statuses.w]\nname = \"Blocked on others\"\ntype = \"on_hold\"\n";
    assert_eq!(s.count(cfg, &["-q", "status.name includes blocked on"]), 1);
}
