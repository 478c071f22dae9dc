//! The writer against other programs writing the same note: a save in progress is waited for or
//! refused, a save that lands mid-edit survives, folders swapped for links redirect nothing, a
//! killed edit's temp file is cleaned up, and a long line costs the undo journal little.

use chrono::NaiveDate;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use triage::Config;
use triage::edit::{EditError, Editor, Journal, Op, Target};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 14).unwrap()
}

fn setup(files: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir, Editor) {
    let dir = tempfile::tempdir().unwrap();
    for (p, body) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    let state = tempfile::tempdir().unwrap();
    let ed = Editor::with_journal(dir.path(), Journal::in_dir(state.path())).unwrap();
    (dir, state, ed)
}

fn toggle(ed: &Editor, spec: &str) -> Result<triage::edit::Outcome, EditError> {
    let t = Target::parse(spec).unwrap();
    ed.apply(&t, &Op::ToggleDone, today(), &Config::default())
}

const NOTE: &str = "# N\n- [ ] One\n- [ ] Two\n";

#[test]
fn a_note_held_open_by_a_writer_is_waited_for_then_refused_and_left_whole() {
    let (dir, _s, ed) = setup(&[("n.md", NOTE)]);
    let ed = ed.with_write_wait(Duration::from_millis(300));
    // Another program is half way through a chunked save: truncated, first half written, open.
    let path = dir.path().join("n.md");
    let mut writer = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    writer.write_all(b"# N\n- [ ] One\n").unwrap();
    let err = toggle(&ed, "n.md:2").unwrap_err();
    assert!(matches!(err, EditError::BeingWritten { .. }), "{err}");
    assert!(err.to_string().contains("still writing"), "{err}");
    // The writer finishes; its whole save is the note.
    writer.write_all(b"- [ ] Two\n- [ ] Three\n").unwrap();
    drop(writer);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "# N\n- [ ] One\n- [ ] Two\n- [ ] Three\n"
    );
}

#[test]
fn an_edit_waits_for_a_writer_that_finishes_and_keeps_its_whole_save() {
    let (dir, _s, ed) = setup(&[("n.md", NOTE)]);
    let path = dir.path().join("n.md");
    let mut writer = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    writer.write_all(b"# N\n- [ ] One\n").unwrap();
    let finish = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        writer.write_all(b"- [ ] Two\n- [ ] Three\n").unwrap();
    });
    let out = toggle(&ed, "n.md:4").unwrap();
    finish.join().unwrap();
    assert_eq!(out.new_line, "- [x] Three ✅ 2026-01-14");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "# N\n- [ ] One\n- [ ] Two\n- [x] Three ✅ 2026-01-14\n"
    );
}

#[test]
fn a_save_by_rename_between_read_and_commit_is_kept_and_the_edit_redone_on_it() {
    let (dir, _s, ed) = setup(&[("n.md", NOTE)]);
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    // Write-temp-then-rename, as editors and sync clients save: a new file takes the name.
    let ed = ed.with_hook(Arc::new(move |real: &Path| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            let tmp = real.with_file_name(".n.md.sync");
            fs::write(&tmp, "# N\n- [ ] Zero\n- [ ] One\n- [ ] Two\n").unwrap();
            fs::rename(&tmp, real).unwrap();
        }
    }));
    let t = Target {
        text: Some("- [ ] Two".into()),
        ..Target::at("n.md", 3)
    };
    let out = ed
        .apply(&t, &Op::ToggleDone, today(), &Config::default())
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(out.line, 4);
    assert_eq!(
        fs::read_to_string(dir.path().join("n.md")).unwrap(),
        "# N\n- [ ] Zero\n- [ ] One\n- [x] Two ✅ 2026-01-14\n"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp left");
}

#[test]
fn a_ref_reaches_its_task_after_lines_moved_and_is_refused_once_the_text_changed() {
    let (dir, _s, ed) = setup(&[("n.md", NOTE)]);
    let r = triage::task::reference::reference("n.md", 3, "- [ ] Two");
    fs::write(dir.path().join("n.md"), format!("- [ ] New\n{NOTE}")).unwrap();
    // A plain PATH:LINE means whatever is at that line now; the ref means the task.
    let out = toggle(&ed, &r).unwrap();
    assert_eq!(out.line, 4);
    assert_eq!(out.new_line, "- [x] Two ✅ 2026-01-14");
    let err = toggle(&ed, &r).unwrap_err();
    assert!(matches!(err, EditError::Moved { .. }), "{err}");
    assert!(err.to_string().starts_with("n.md:3: refused"), "{err}");
    // Two lines that read the same: the ref does not guess.
    fs::write(dir.path().join("n.md"), "- [ ] Two\n- [ ] Two\n").unwrap();
    let err = toggle(&ed, &r).unwrap_err();
    assert!(err.to_string().contains("not guessing"), "{err}");
}

#[test]
fn a_folder_swapped_for_a_link_outside_mid_edit_redirects_nothing() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("n.md"), NOTE).unwrap();
    let (dir, _s, ed) = setup(&[("sub/n.md", NOTE)]);
    let root = dir.path().to_path_buf();
    let away = outside.path().to_path_buf();
    // Between the read and the commit, `sub` becomes a link to a folder outside the vault.
    let ed = ed.with_hook(Arc::new(move |_: &Path| {
        if root.join("sub").is_dir() && !root.join("sub").is_symlink() {
            fs::rename(root.join("sub"), root.join("sub.old")).unwrap();
            std::os::unix::fs::symlink(&away, root.join("sub")).unwrap();
        }
    }));
    let result = toggle(&ed, "sub/n.md:2");
    // Outside, nothing changed and no file appeared.
    assert_eq!(
        fs::read_to_string(outside.path().join("n.md")).unwrap(),
        NOTE
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1);
    // The edit went to the folder it had opened (now sub.old), or was refused.
    if result.is_ok() {
        assert!(
            fs::read_to_string(dir.path().join("sub.old/n.md"))
                .unwrap()
                .contains("[x] One")
        );
    }
    // A later edit through the link is refused: it leads outside.
    let err = toggle(&ed, "sub/n.md:2").unwrap_err();
    assert!(err.to_string().contains("outside the vault"), "{err}");
}

#[test]
fn links_that_stay_inside_the_vault_are_edited_through() {
    let (dir, _s, ed) = setup(&[("real/n.md", NOTE)]);
    std::os::unix::fs::symlink("real", dir.path().join("alias")).unwrap();
    std::os::unix::fs::symlink("real/../real/n.md", dir.path().join("alias2.md")).unwrap();
    fs::create_dir(dir.path().join("x")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("real/n.md"), dir.path().join("x/abs.md")).unwrap();
    toggle(&ed, "alias/n.md:2").unwrap();
    toggle(&ed, "alias2.md:3").unwrap();
    toggle(&ed, "x/abs.md:2").unwrap();
    assert!(
        dir.path().join("alias2.md").is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("real/n.md")).unwrap(),
        "# N\n- [ ] One\n- [x] Two ✅ 2026-01-14\n"
    );
}

#[test]
fn a_killed_edits_temp_file_is_removed_by_the_next_edit_in_its_folder() {
    let (dir, _s, ed) = setup(&[("n.md", NOTE)]);
    // A process id that no process has (beyond the kernel's limit).
    let stale = dir.path().join(".n.md.triage-99999999-0.tmp");
    fs::write(&stale, NOTE).unwrap();
    let mine = dir
        .path()
        .join(format!(".n.md.triage-{}-77.tmp", std::process::id()));
    fs::write(&mine, NOTE).unwrap();
    let other = dir.path().join(".n.md.sync-123-4.tmp");
    fs::write(&other, NOTE).unwrap();
    toggle(&ed, "n.md:2").unwrap();
    assert!(!stale.exists(), "a dead process's temp file is removed");
    assert!(mine.exists(), "a live process's temp file is left alone");
    assert!(other.exists(), "another program's file is never touched");
}

#[test]
fn a_note_replaced_by_a_fifo_is_refused_at_once() {
    let (dir, _s, ed) = setup(&[("n.md", NOTE)]);
    fs::remove_file(dir.path().join("n.md")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("n.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    let err = toggle(&ed, "n.md:2").unwrap_err();
    assert!(err.to_string().contains("not a file"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_long_line_toggled_many_times_keeps_the_journal_small_and_undo_exact() {
    // Whole lines would be 2 MB a record, 40 MB in all; the stretches that changed are bytes.
    let big = "y".repeat(1 << 20);
    let note = format!("# N\n- [ ] Big {big}\n");
    let (dir, state, ed) = setup(&[("n.md", &note)]);
    for _ in 0..10 {
        toggle(&ed, "n.md:2").unwrap();
    }
    let size = fs::metadata(state.path().join("journal.jsonl"))
        .unwrap()
        .len();
    assert!(size < 16 << 10, "journal is {size} bytes");
    for _ in 0..10 {
        ed.undo().unwrap();
    }
    assert_eq!(fs::read_to_string(dir.path().join("n.md")).unwrap(), note);
}

#[test]
fn a_refused_undo_never_blocks_older_ones_and_redo_takes_an_undo_back() {
    let (dir, _s, ed) = setup(&[("a.md", NOTE), ("b.md", NOTE)]);
    toggle(&ed, "a.md:2").unwrap();
    toggle(&ed, "b.md:2").unwrap();
    // Someone edits b.md's line: that edit can no longer be undone.
    fs::write(
        dir.path().join("b.md"),
        "# N\n- [x] One, changed\n- [ ] Two\n",
    )
    .unwrap();
    let out = ed.undo().unwrap();
    assert_eq!(out.path, "a.md");
    assert!(out.warning.unwrap().contains("passed over"));
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), NOTE);
    let history = ed.history(10).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].state, triage::edit::EntryState::Undone);
    // The refused entry names its note; undo N reaches it directly and says why not.
    let err = ed.undo_entry(history[0].seq).unwrap_err();
    assert!(err.to_string().starts_with("b.md:2"), "{err}");
    let out = ed.redo().unwrap();
    assert_eq!(out.path, "a.md");
    assert!(
        fs::read_to_string(dir.path().join("a.md"))
            .unwrap()
            .contains("- [x] One ✅")
    );
    assert!(matches!(ed.redo(), Err(EditError::NothingToRedo { .. })));
    // The redone edit can be undone again.
    ed.undo().unwrap();
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), NOTE);
}

#[test]
fn a_fifo_in_the_journals_place_never_hangs_an_edit() {
    let (dir, state, ed) = setup(&[("n.md", NOTE)]);
    let status = std::process::Command::new("mkfifo")
        .arg(state.path().join("journal.jsonl"))
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    let out = toggle(&ed, "n.md:2").unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    // The edit stands; it says it cannot be undone, and why.
    assert!(out.warning.unwrap().contains("not a regular file"));
    assert!(
        fs::read_to_string(dir.path().join("n.md"))
            .unwrap()
            .contains("[x] One")
    );
}

#[test]
fn list_json_escapes_every_terminal_control() {
    let (dir, _s, _ed) = setup(&[(
        "n.md",
        "- [ ] Del\u{7f} c1\u{9b}31m bidi\u{202e}txt esc\u{1b}[2J\n",
    )]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["list", "--json", "--vault"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for c in ['\u{7f}', '\u{9b}', '\u{202e}', '\u{1b}'] {
        assert!(!text.contains(c), "{c:?} reached stdout raw: {text}");
    }
    assert!(
        text.contains("\\u007f") && text.contains("\\u202e"),
        "{text}"
    );
}
