//! The safe writer's promises: paths stay inside the vault, another program's change survives,
//! the task is found or the edit refused, metadata and symlinks are kept.

use chrono::NaiveDate;
use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use triage::Config;
use triage::edit::{EditError, Editor, Journal, Op, Target};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 14).unwrap()
}

struct Vault {
    dir: tempfile::TempDir,
    _state: tempfile::TempDir,
    ed: Editor,
}

fn vault(files: &[(&str, &str)]) -> Vault {
    let dir = tempfile::tempdir().unwrap();
    for (p, body) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    let state = tempfile::tempdir().unwrap();
    let ed = Editor::with_journal(dir.path(), Journal::in_dir(state.path())).unwrap();
    Vault {
        dir,
        _state: state,
        ed,
    }
}

fn target(path: &str, line: u32, text: Option<&str>) -> Target {
    Target {
        path: path.into(),
        line,
        text: text.map(String::from),
        digest: None,
    }
}

fn toggle(ed: &Editor, t: &Target) -> Result<triage::edit::Outcome, EditError> {
    ed.apply(t, &Op::ToggleDone, today(), &Config::default())
}

fn read(v: &Vault, p: &str) -> String {
    fs::read_to_string(v.dir.path().join(p)).unwrap()
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("triage") || n.ends_with(".tmp"))
        .collect()
}

const NOTE: &str = "# N\n- [ ] One\n- [ ] Two\n";

#[test]
fn another_writer_between_read_and_rename_is_kept_by_retrying() {
    let v = vault(&[("n.md", NOTE)]);
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let ed = v.ed.clone().with_hook(Arc::new(move |real: &Path| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            let mut s = fs::read_to_string(real).unwrap();
            s.push_str("- [ ] Added by Obsidian\n");
            fs::write(real, s).unwrap();
        }
    }));
    let out = toggle(&ed, &target("n.md", 3, Some("- [ ] Two"))).unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "read, lost the race, read again"
    );
    assert_eq!(out.new_line, "- [x] Two ✅ 2026-01-14");
    assert_eq!(
        read(&v, "n.md"),
        "# N\n- [ ] One\n- [x] Two ✅ 2026-01-14\n- [ ] Added by Obsidian\n"
    );
    assert!(leftovers(v.dir.path()).is_empty());
}

#[test]
fn a_writer_that_keeps_changing_the_note_wins_and_we_refuse() {
    let v = vault(&[("n.md", NOTE)]);
    let ed = v.ed.clone().with_hook(Arc::new(|real: &Path| {
        let mut s = fs::read_to_string(real).unwrap();
        s.push_str("more\n");
        fs::write(real, s).unwrap();
    }));
    let err = toggle(&ed, &target("n.md", 3, Some("- [ ] Two"))).unwrap_err();
    assert!(matches!(err, EditError::Changed { .. }), "{err}");
    assert!(err.to_string().contains("n.md"));
    // Read, lost the race, and again, as many times as the writer allows before refusing.
    assert_eq!(read(&v, "n.md"), format!("{NOTE}{}", "more\n".repeat(4)));
    assert!(leftovers(v.dir.path()).is_empty());
    // Nothing was journalled, so there is nothing to undo.
    assert!(matches!(v.ed.undo(), Err(EditError::NothingToUndo { .. })));
}

#[test]
fn a_writer_that_changes_our_line_makes_us_refuse() {
    let v = vault(&[("n.md", NOTE)]);
    let ed = v.ed.clone().with_hook(Arc::new(|real: &Path| {
        let s = fs::read_to_string(real).unwrap();
        fs::write(
            real,
            s.replace("- [ ] Two", "- [ ] Two, edited in Obsidian"),
        )
        .unwrap();
    }));
    let err = toggle(&ed, &target("n.md", 3, Some("- [ ] Two"))).unwrap_err();
    assert!(err.to_string().starts_with("n.md:3: refused"), "{err}");
    assert_eq!(
        read(&v, "n.md"),
        "# N\n- [ ] One\n- [ ] Two, edited in Obsidian\n"
    );
}

#[test]
fn paths_outside_the_vault_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    fs::write(&secret, "- [ ] Not yours\n").unwrap();
    let v = vault(&[("n.md", NOTE), ("sub/x.md", "- [ ] X\n")]);
    std::os::unix::fs::symlink(&secret, v.dir.path().join("link.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.dir.path().join("away")).unwrap();
    let abs = v.dir.path().join("n.md").display().to_string();
    let rel_up = format!(
        "../{}/secret.md",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    for p in [
        "../x.md",
        "sub/../n.md",
        rel_up.as_str(),
        abs.as_str(),
        "/etc/passwd",
        "link.md",
        "away/secret.md",
        "n.txt",
        "",
    ] {
        let err = toggle(&v.ed, &target(p, 1, None)).unwrap_err();
        assert!(
            matches!(
                err,
                EditError::BadPath { .. } | EditError::BadTarget { .. } | EditError::Io { .. }
            ),
            "{p}: {err}"
        );
        assert!(
            err.to_string().contains("refused") || matches!(err, EditError::Io { .. }),
            "{p}: {err}"
        );
    }
    assert_eq!(fs::read_to_string(&secret).unwrap(), "- [ ] Not yours\n");
    assert_eq!(read(&v, "n.md"), NOTE);
}

#[test]
fn a_symlink_inside_the_vault_is_written_through() {
    let v = vault(&[("real/n.md", NOTE)]);
    std::os::unix::fs::symlink(
        v.dir.path().join("real/n.md"),
        v.dir.path().join("alias.md"),
    )
    .unwrap();
    toggle(&v.ed, &target("alias.md", 2, None)).unwrap();
    let link = v.dir.path().join("alias.md");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        read(&v, "real/n.md"),
        "# N\n- [x] One ✅ 2026-01-14\n- [ ] Two\n"
    );
}

#[test]
fn permissions_are_kept_and_read_only_notes_refused() {
    use std::os::unix::fs::PermissionsExt;
    let v = vault(&[("n.md", NOTE), ("ro.md", NOTE)]);
    let p = v.dir.path().join("n.md");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    toggle(&v.ed, &target("n.md", 2, None)).unwrap();
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let ro = v.dir.path().join("ro.md");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let err = toggle(&v.ed, &target("ro.md", 2, None)).unwrap_err();
    assert!(
        err.to_string().contains("ro.md") && err.to_string().contains("read-only"),
        "{err}"
    );
    assert_eq!(read(&v, "ro.md"), NOTE);
}

#[test]
fn a_moved_task_is_found_by_its_text_unless_ambiguous() {
    let v = vault(&[(
        "n.md",
        "new line\n# N\n- [ ] One\n- [ ] Two\n- [ ] Dup\n- [ ] Dup\n",
    )]);
    // The index said line 2; the task is now on line 3.
    let out = toggle(&v.ed, &target("n.md", 2, Some("- [ ] One"))).unwrap();
    assert_eq!(out.line, 3);
    assert!(read(&v, "n.md").contains("\n- [x] One ✅ 2026-01-14\n"));
    // At its line: taken even though a twin exists elsewhere.
    toggle(&v.ed, &target("n.md", 5, Some("- [ ] Dup"))).unwrap();
    assert_eq!(
        read(&v, "n.md"),
        "new line\n# N\n- [x] One ✅ 2026-01-14\n- [ ] Two\n- [x] Dup ✅ 2026-01-14\n- [ ] Dup\n"
    );
    // Gone, or ambiguous: refused, naming the file and line.
    let err = toggle(&v.ed, &target("n.md", 2, Some("- [ ] Three"))).unwrap_err();
    assert!(err.to_string().starts_with("n.md:2: refused"), "{err}");
    fs::write(v.dir.path().join("n.md"), "- [ ] Dup\n- [ ] Dup\n").unwrap();
    let err = toggle(&v.ed, &target("n.md", 9, Some("- [ ] Dup"))).unwrap_err();
    assert!(err.to_string().contains("2 lines read the same"), "{err}");
}

#[test]
fn lines_that_are_not_tasks_are_refused() {
    let v = vault(&[(
        "n.md",
        "---\nx: - [ ] y\n---\n- [ ] real\n```\n- [ ] code\n```\nplain\n",
    )]);
    for line in [2, 6, 8, 99] {
        let err = toggle(&v.ed, &target("n.md", line, None)).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("n.md:{line}: refused")),
            "{err}"
        );
    }
    toggle(&v.ed, &target("n.md", 4, None)).unwrap();
}

#[test]
fn undo_refuses_when_the_line_changed_since() {
    let v = vault(&[("n.md", NOTE)]);
    toggle(&v.ed, &target("n.md", 2, None)).unwrap();
    let edited = read(&v, "n.md");
    let changed = edited.replace("- [x] One", "- [x] One (typed in Obsidian)");
    fs::write(v.dir.path().join("n.md"), &changed).unwrap();
    let err = v.ed.undo().unwrap_err();
    assert!(err.to_string().starts_with("n.md:2: cannot undo"), "{err}");
    assert_eq!(read(&v, "n.md"), changed);
}

#[test]
fn undo_finds_a_line_that_moved_and_survives_a_restart() {
    let v = vault(&[("n.md", NOTE)]);
    toggle(&v.ed, &target("n.md", 3, None)).unwrap();
    let s = read(&v, "n.md");
    fs::write(v.dir.path().join("n.md"), format!("inserted\n{s}")).unwrap();
    // A fresh editor on the same journal: as after a restart.
    let again = Editor::with_journal(v.dir.path(), Journal::in_dir(v._state.path())).unwrap();
    let out = again.undo().unwrap();
    assert_eq!(out.line, 4);
    assert_eq!(read(&v, "n.md"), format!("inserted\n{NOTE}"));
    assert!(matches!(again.undo(), Err(EditError::NothingToUndo { .. })));
}

#[test]
fn a_retry_edits_the_task_first_read_not_the_one_now_at_its_number() {
    let v = vault(&[("n.md", NOTE)]);
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let ed = v.ed.clone().with_hook(Arc::new(move |real: &Path| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            let s = fs::read_to_string(real).unwrap();
            fs::write(real, format!("- [ ] Pasted on top\n{s}")).unwrap();
        }
    }));
    // As from the command line: a line number, no text.
    let out = toggle(&ed, &target("n.md", 2, None)).unwrap();
    assert_eq!(out.line, 3);
    assert_eq!(
        read(&v, "n.md"),
        "- [ ] Pasted on top\n# N\n- [x] One ✅ 2026-01-14\n- [ ] Two\n"
    );
}

#[test]
fn undo_with_a_damaged_newest_record_refuses_instead_of_undoing_an_older_edit() {
    let v = vault(&[("n.md", NOTE)]);
    toggle(&v.ed, &target("n.md", 2, None)).unwrap();
    toggle(&v.ed, &target("n.md", 3, None)).unwrap();
    let edited = read(&v, "n.md");
    // The newest record cut short, as by a crash or a careless hand.
    let journal = v.ed.journal().path();
    let text = fs::read_to_string(&journal).unwrap();
    fs::write(&journal, &text[..text.len() - 20]).unwrap();
    let err = v.ed.undo().unwrap_err().to_string();
    assert!(
        err.contains("journal.jsonl") && err.contains("line 2 is damaged"),
        "{err}"
    );
    assert_eq!(read(&v, "n.md"), edited, "the older edit stays");
    // Garbage written by hand says the same, and never panics.
    fs::write(&journal, b"\xff\xfe\x00garbage\n").unwrap();
    let err = v.ed.undo().unwrap_err().to_string();
    assert!(err.contains("line 1 is damaged"), "{err}");
    assert_eq!(read(&v, "n.md"), edited);
}

#[test]
fn indented_code_that_looks_like_a_task_is_refused() {
    // Four spaces outside a list are an indented code block: the parser lists no task there.
    let note = "Para text\n\n    - [ ] code block\n";
    let v = vault(&[("n.md", note)]);
    let err = toggle(&v.ed, &target("n.md", 3, None)).unwrap_err();
    assert!(err.to_string().starts_with("n.md:3: refused"), "{err}");
    assert_eq!(read(&v, "n.md"), note);
}

#[test]
fn editors_racing_on_one_note_never_lose_an_update() {
    // Separate editors play separate triage processes: each edits its own line at the same moment.
    let v = vault(&[("n.md", "")]);
    let lines = ["- [ ] A", "- [ ] B", "- [ ] C", "- [ ] D"];
    for round in 0..25 {
        fs::write(v.dir.path().join("n.md"), lines.join("\n") + "\n").unwrap();
        let start = Arc::new(std::sync::Barrier::new(lines.len()));
        let threads: Vec<_> = (0..lines.len())
            .map(|i| {
                let ed =
                    Editor::with_journal(v.dir.path(), Journal::in_dir(v._state.path())).unwrap();
                let start = start.clone();
                let t = target("n.md", i as u32 + 1, Some(lines[i]));
                std::thread::spawn(move || {
                    start.wait();
                    toggle(&ed, &t).map(|o| o.new_line)
                })
            })
            .collect();
        for t in threads {
            let out = t.join().unwrap();
            assert!(out.is_ok(), "round {round}: {out:?}");
        }
        let text = read(&v, "n.md");
        assert_eq!(
            text.matches("✅").count(),
            lines.len(),
            "round {round}:\n{text}"
        );
        assert!(leftovers(v.dir.path()).is_empty());
    }
}

#[test]
fn two_undos_at_once_revert_one_edit_once() {
    // Twin lines: undoing the same record twice would revert the twin the user did not touch.
    let note = "- [ ] Dup\n- [x] Dup ✅ 2026-01-14\n";
    let v = vault(&[("n.md", note)]);
    toggle(&v.ed, &target("n.md", 1, None)).unwrap();
    let start = Arc::new(std::sync::Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let ed = Editor::with_journal(v.dir.path(), Journal::in_dir(v._state.path())).unwrap();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                ed.undo().map(|o| o.line)
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert_eq!(read(&v, "n.md"), note);
}

#[test]
fn undo_of_a_renamed_note_says_the_note_is_gone() {
    let v = vault(&[("n.md", NOTE)]);
    toggle(&v.ed, &target("n.md", 2, None)).unwrap();
    fs::rename(v.dir.path().join("n.md"), v.dir.path().join("m.md")).unwrap();
    let err = v.ed.undo().unwrap_err().to_string();
    assert!(err.starts_with("n.md:2: cannot undo"), "{err}");
    assert!(err.contains("renamed, moved or deleted"), "{err}");
    assert_eq!(
        read(&v, "m.md"),
        "# N\n- [x] One ✅ 2026-01-14\n- [ ] Two\n"
    );
}

#[test]
fn a_path_with_backslashes_is_refused_with_the_reason() {
    let v = vault(&[("sub/x.md", "- [ ] X\n")]);
    for p in ["sub\\x.md", "sub/..\\..\\x.md"] {
        let err = toggle(&v.ed, &target(p, 1, None)).unwrap_err().to_string();
        assert!(err.contains("separate folders with /"), "{p}: {err}");
    }
    assert_eq!(read(&v, "sub/x.md"), "- [ ] X\n");
}

#[test]
fn a_note_with_a_name_near_the_length_limit_is_edited() {
    // 120 two-byte chars + ".md": 243 bytes, under the 255 a folder entry holds.
    let name = format!("{}.md", "é".repeat(120));
    let v = vault(&[(name.as_str(), NOTE)]);
    toggle(&v.ed, &target(&name, 2, None)).unwrap();
    assert_eq!(read(&v, &name), "# N\n- [x] One ✅ 2026-01-14\n- [ ] Two\n");
    assert!(leftovers(v.dir.path()).is_empty());
}
