//! Edit commands say their outcome first, as the UI does; accept after reject reopens the task
//! (SPEC §5) and accept on a task that is not proposed is refused with exit status 1.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

const NOTE: &str = "# Note\n- [?] Draft the brief 📅 2026-01-20 #proposed\n\
- [ ] Book the workshop 📅 2026-01-12\n- [?] Call Sam\n";

fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let vault = tempfile::tempdir().unwrap();
    fs::write(vault.path().join("n.md"), NOTE).unwrap();
    (vault, tempfile::tempdir().unwrap())
}

fn cmd(vault: &tempfile::TempDir, state: &tempfile::TempDir, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("triage").unwrap();
    c.env("TRIAGE_STATE_DIR", state.path())
        .env("TRIAGE_CACHE_DIR", state.path().join("cache"))
        .env("TRIAGE_TODAY", "2026-01-14")
        .env("XDG_CONFIG_HOME", state.path())
        .env("HOME", state.path())
        .env_remove("TRIAGE_VAULT")
        .env_remove("TRIAGE_CONFIG")
        .args(args)
        .arg("--vault")
        .arg(vault.path());
    c
}

fn line(vault: &tempfile::TempDir, n: usize) -> String {
    let text = fs::read_to_string(vault.path().join("n.md")).unwrap();
    text.lines().nth(n - 1).unwrap().to_string()
}

#[test]
fn accept_after_reject_reopens_the_task() {
    let (vault, state) = setup();
    cmd(&vault, &state, &["reject", "n.md:2"])
        .assert()
        .success();
    assert_eq!(
        line(&vault, 2),
        "- [-] Draft the brief 📅 2026-01-20 #proposed ❌ 2026-01-14"
    );
    cmd(&vault, &state, &["accept", "n.md:2"])
        .assert()
        .success()
        .stdout("n.md:2: - [ ] Draft the brief 📅 2026-01-20\n")
        .stderr("triage: ✓ accepted (reopened) — n.md:2  Draft the brief\n");
    // Proposed by its status only: rejected, then accepted back.
    cmd(&vault, &state, &["reject", "n.md:4"])
        .assert()
        .success();
    cmd(&vault, &state, &["accept", "n.md:4"])
        .assert()
        .success();
    assert_eq!(line(&vault, 4), "- [ ] Call Sam");
}

#[test]
fn accept_on_a_task_that_is_not_proposed_is_refused() {
    let (vault, state) = setup();
    cmd(&vault, &state, &["accept", "n.md:3"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "triage: ✗ refused: not proposed; nothing to accept — n.md:3  Book the workshop",
        ));
    assert_eq!(fs::read_to_string(vault.path().join("n.md")).unwrap(), NOTE);
}

#[test]
fn a_new_due_date_is_printed_old_and_new() {
    let (vault, state) = setup();
    cmd(&vault, &state, &["due", "n.md:3", "+3d"])
        .assert()
        .success()
        .stderr("triage: ✓ due Mon 01-12 → Sat 01-17 — n.md:3  Book the workshop\n");
    cmd(&vault, &state, &["undo"])
        .assert()
        .success()
        .stderr("triage: ✓ undone: due — n.md:3  Book the workshop\n");
    cmd(&vault, &state, &["toggle", "n.md:9"])
        .assert()
        .code(1)
        .stderr("triage: ✗ refused: no such line — n.md:9: the note has 4 lines\n");
}
