//! The edit commands end to end: a temp vault, a temp state folder, the real binary.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

const NOTE: &str = "---\ntitle: Example\n---\n## Action Items\n\
- [?] Draft the brief @Myself 📅 2025-12-17 ⏫ #task #proposed\n\
- [ ] Book the workshop @Sam Okafor 📅 2026-01-12 #task ^w1\n\
- [ ] Water 🔁 every week 📅 2026-01-10\n";

struct Env {
    vault: tempfile::TempDir,
    state: tempfile::TempDir,
}

fn env() -> Env {
    let vault = tempfile::tempdir().unwrap();
    fs::create_dir_all(vault.path().join("Customers")).unwrap();
    fs::write(vault.path().join("Customers/example.md"), NOTE).unwrap();
    Env {
        vault,
        state: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    /// The binary with a pinned today, a private state folder and no user config.
    fn bare(&self) -> Command {
        let mut c = Command::cargo_bin("triage").unwrap();
        c.env("TRIAGE_STATE_DIR", self.state.path())
            .env("TRIAGE_CACHE_DIR", self.state.path().join("cache"))
            .env("TRIAGE_TODAY", "2026-01-14")
            .env("XDG_CONFIG_HOME", self.state.path())
            .env("HOME", self.state.path())
            .env_remove("TRIAGE_VAULT")
            .env_remove("TRIAGE_CONFIG");
        c
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.args(args).arg("--vault").arg(self.vault.path());
        c
    }

    fn note(&self) -> String {
        fs::read_to_string(self.vault.path().join("Customers/example.md")).unwrap()
    }
}

fn line(text: &str, n: usize) -> String {
    text.lines().nth(n - 1).unwrap().to_string()
}

#[test]
fn accept_prints_the_new_line_and_writes_it() {
    let e = env();
    e.cmd(&["accept", "Customers/example.md:5"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Customers/example.md:5: - [ ] Draft the brief @Myself 📅 2025-12-17 ⏫ #task\n",
        ));
    assert_eq!(
        line(&e.note(), 5),
        "- [ ] Draft the brief @Myself 📅 2025-12-17 ⏫ #task"
    );
}

#[test]
fn toggle_reject_due_priority_then_undo_all() {
    let e = env();
    e.cmd(&["toggle", "Customers/example.md:6"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "- [x] Book the workshop @Sam Okafor 📅 2026-01-12 #task ✅ 2026-01-14 ^w1",
        ));
    e.cmd(&["reject", "Customers/example.md:5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("❌ 2026-01-14"));
    e.cmd(&["due", "Customers/example.md:5", "+2w"])
        .assert()
        .success()
        .stdout(predicate::str::contains("📅 2026-01-28"));
    e.cmd(&["priority", "Customers/example.md:5", "lowest"])
        .assert()
        .success()
        .stdout(predicate::str::contains("⏬"));
    assert_eq!(
        line(&e.note(), 5),
        "- [-] Draft the brief @Myself 📅 2026-01-28 ⏬ #task #proposed ❌ 2026-01-14"
    );
    for what in ["priority", "due", "reject", "toggle"] {
        e.cmd(&["undo"])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!("undid {what}\n")));
    }
    assert_eq!(e.note(), NOTE);
    e.cmd(&["undo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to undo"));
}

#[test]
fn toggling_a_recurring_task_prints_both_lines() {
    let e = env();
    e.cmd(&["toggle", "Customers/example.md:7"])
        .assert()
        .success()
        .stdout(
            "Customers/example.md:7: - [ ] Water 🔁 every week 📅 2026-01-17\n\
             Customers/example.md:8: - [x] Water 🔁 every week 📅 2026-01-10 ✅ 2026-01-14\n",
        );
    e.cmd(&["undo"]).assert().success();
    assert_eq!(e.note(), NOTE);
}

#[test]
fn refusals_say_why_and_exit_1() {
    let e = env();
    let cases: &[(&[&str], &str)] = &[
        (&["toggle", "../x.md:1"], "\"..\""),
        (&["toggle", "/etc/passwd.md:1"], "absolute"),
        (&["toggle", "Customers/example.md"], "PATH:LINE"),
        (&["toggle", "Customers/example.md:0"], "PATH:LINE"),
        (
            &["toggle", "Customers/example.md:4"],
            "refused: not a task — Customers/example.md:4: the line is not a task",
        ),
        (
            &["toggle", "Customers/example.md:40"],
            "refused: no such line — Customers/example.md:40:",
        ),
        (
            &["toggle", "Customers/missing.md:1"],
            "Customers/missing.md",
        ),
        (
            &["due", "Customers/example.md:5", "someday"],
            "\"someday\" is not a date",
        ),
        (
            &["priority", "Customers/example.md:5", "urgent"],
            "\"urgent\" is not a priority",
        ),
    ];
    for (args, why) in cases {
        e.cmd(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(*why));
    }
    assert_eq!(e.note(), NOTE);
}

#[test]
fn note_text_is_sanitised_before_printing() {
    let e = env();
    let p = e.vault.path().join("evil.md");
    fs::write(&p, "- [ ] Boom \u{1b}[2J\u{7} now\n").unwrap();
    let out = e
        .cmd(&["toggle", "evil.md:1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
    // The file keeps its bytes: sanitising is for the screen only.
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        "- [x] Boom \u{1b}[2J\u{7} now ✅ 2026-01-14\n"
    );
}

#[test]
fn global_today_option_after_the_command() {
    let e = env();
    e.cmd(&["toggle", "Customers/example.md:6", "--today", "2026-02-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains("✅ 2026-02-01"));
}

#[test]
fn check_fix_repairs_mojibake_and_undo_reverts_it() {
    let e = env();
    let p = e.vault.path().join("moji.md");
    let broken = "# M\r\n- [ ] Call \u{F8FF}üìÖ 2026-01-20 about the vendor‚Äôs quote\r\nok\r\n";
    fs::write(&p, broken).unwrap();
    let out = e
        .bare()
        .arg("check")
        .arg(e.vault.path())
        .arg("--fix")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("moji.md:2:"), "{stdout}");
    assert!(stdout.contains("→"), "{stdout}");
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        "# M\r\n- [ ] Call 📅 2026-01-20 about the vendor’s quote\r\nok\r\n"
    );
    e.cmd(&["undo"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("undid fix"));
    assert_eq!(fs::read_to_string(&p).unwrap(), broken);
}

#[test]
fn edit_processes_started_together_all_land() {
    let e = env();
    let path = e.vault.path().join("n.md");
    let tasks = ["- [ ] A", "- [ ] B", "- [ ] C"];
    for round in 0..8 {
        fs::write(&path, tasks.join("\n") + "\n").unwrap();
        let children: Vec<_> = (1..=tasks.len())
            .map(|n| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("triage"))
                    .args(["toggle", &format!("n.md:{n}"), "--vault"])
                    .arg(e.vault.path())
                    .env("TRIAGE_STATE_DIR", e.state.path())
                    .env("TRIAGE_CACHE_DIR", e.state.path().join("cache"))
                    .env("TRIAGE_TODAY", "2026-01-14")
                    .env("XDG_CONFIG_HOME", e.state.path())
                    .env("HOME", e.state.path())
                    .env_remove("TRIAGE_VAULT")
                    .env_remove("TRIAGE_CONFIG")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {err}");
        }
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches("[x]").count(),
            tasks.len(),
            "round {round}:\n{text}"
        );
    }
}

#[test]
fn a_note_the_user_may_not_write_is_refused_even_in_a_folder_they_may_write() {
    use std::os::unix::fs::{PermissionsExt, chown};
    use std::os::unix::process::CommandExt;
    // Only root can make a note another user owns; as any other user there is nothing to set up.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    let e = env();
    let nobody = 65534;
    fs::set_permissions(e.vault.path(), fs::Permissions::from_mode(0o777)).unwrap();
    chown(e.state.path(), Some(nobody), Some(nobody)).unwrap();
    let note = e.vault.path().join("Customers/example.md");
    fs::set_permissions(
        e.vault.path().join("Customers"),
        fs::Permissions::from_mode(0o777),
    )
    .unwrap();
    fs::set_permissions(&note, fs::Permissions::from_mode(0o644)).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("triage"))
        .args(["toggle", "Customers/example.md:7", "--vault"])
        .arg(e.vault.path())
        .env("TRIAGE_STATE_DIR", e.state.path())
        .env("TRIAGE_CACHE_DIR", e.state.path().join("cache"))
        .env("HOME", e.state.path())
        .env("XDG_CONFIG_HOME", e.state.path())
        .env_remove("TRIAGE_VAULT")
        .env_remove("TRIAGE_CONFIG")
        .uid(nobody)
        .gid(nobody)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("example.md") && err.contains("read-only"),
        "{err}"
    );
    assert_eq!(e.note(), NOTE);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(&note).unwrap().uid(), 0, "still root's note");
}

#[test]
fn an_edit_that_changes_nothing_is_a_refusal() {
    let e = env();
    e.cmd(&["accept", "Customers/example.md:5"])
        .assert()
        .success();
    let cases: [&[&str]; 4] = [
        &["accept", "Customers/example.md:5"],
        &["reject", "Customers/example.md:6"],
        &["priority", "Customers/example.md:6", "none"],
        &["due", "Customers/example.md:6", "2026-01-12"],
    ];
    e.cmd(&["reject", "Customers/example.md:6"])
        .assert()
        .success();
    let before = e.note();
    for args in cases {
        e.cmd(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with("triage: ✗ refused: "))
            .stderr(predicate::str::contains(" — Customers/example.md:"));
    }
    assert_eq!(e.note(), before);
    // Only the two real edits are in the journal.
    e.cmd(&["undo"]).assert().success();
    e.cmd(&["undo"]).assert().success();
    e.cmd(&["undo"]).assert().code(1);
    assert_eq!(e.note(), NOTE);
}

#[test]
fn a_due_date_past_9999_is_refused_with_nothing_on_stdout() {
    let e = env();
    e.cmd(&[
        "due",
        "Customers/example.md:6",
        "+1d",
        "--today",
        "9999-12-31",
    ])
    .assert()
    .code(1)
    .stdout("")
    .stderr(predicate::str::contains("9999"));
    assert_eq!(e.note(), NOTE);
}
