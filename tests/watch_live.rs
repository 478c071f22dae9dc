//! The live vault on OS file events: every kind of change a note can go through converges to
//! exactly what a fresh scan reads, and ignored paths and the program's own writes cost no work.

mod watch_common;

use std::fs;
use std::time::Duration;
use triage::Config;
use triage::vault::{LiveOptions, Mode};
use watch_common::{Harness, note, save_by_rename, write};

fn small_vault(root: &std::path::Path) {
    write(root, "a.md", &note("A", 2, 0));
    write(root, "b.md", &note("B", 3, 0));
    write(root, "people/dana.md", &note("Dana", 1, 0));
    write(root, "projects/x/plan.md", &note("Plan", 4, 0));
}

#[test]
fn first_read_matches_a_scan() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    assert_eq!(h.index.note_count(), 4);
    assert!(
        h.progress.last().is_some_and(|n| *n == 4),
        "{:?}",
        h.progress
    );
    assert!(!h.live.is_polling(), "{:?}", h.warnings);
    h.converge("first read");
}

#[test]
fn plain_writes_truncation_and_same_length_rewrites() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    h.write("a.md", &note("A", 5, 1));
    h.converge("plain write");
    assert!(h.changes.iter().any(|c| &*c.path == "a.md"));

    fs::File::create(h.root.join("b.md")).unwrap();
    h.converge("truncate");
    assert_eq!(h.index.get("b.md").map(|e| e.stamp.len), Some(0));

    // Same length, written back to back: the stamps may be equal, the bytes are not.
    let one = "- [ ] one @Dana\n";
    let two = "- [x] one @Dana\n";
    h.write("a.md", one);
    h.write("a.md", two);
    h.converge("same-length rewrite");
    h.write("a.md", one);
    h.converge("same-length rewrite back");
}

#[test]
fn rename_over_saves_and_editor_dances() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    save_by_rename(&h.root, "a.md", &note("A", 1, 7));
    h.converge("rename-over save");

    // vim with writebackup: probe file, move the note aside, write it anew, drop the backup.
    let note_path = h.root.join("people/dana.md");
    fs::write(h.root.join("people/4913"), "").unwrap();
    fs::remove_file(h.root.join("people/4913")).unwrap();
    fs::rename(&note_path, h.root.join("people/dana.md~")).unwrap();
    fs::write(&note_path, note("Dana", 6, 8)).unwrap();
    fs::write(h.root.join("people/.dana.md.swp"), "swap").unwrap();
    fs::remove_file(h.root.join("people/dana.md~")).unwrap();
    h.converge("vim save");
    assert_eq!(
        h.index.get("people/dana.md").map(|e| e.stamp.len),
        Some(note("Dana", 6, 8).len() as u64)
    );
}

#[test]
fn deletes_and_renames_in_and_out() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    fs::remove_file(h.root.join("a.md")).unwrap();
    h.converge("delete");
    assert!(!h.index.contains("a.md"));

    fs::rename(h.root.join("b.md"), h.root.join("people/b2.md")).unwrap();
    h.converge("rename inside");
    assert!(h.index.contains("people/b2.md") && !h.index.contains("b.md"));

    fs::rename(h.root.join("people/b2.md"), h.outside.join("b2.md")).unwrap();
    h.converge("rename out");
    assert!(!h.index.contains("people/b2.md"));

    write(&h.outside, "in.md", &note("In", 2, 0));
    fs::rename(h.outside.join("in.md"), h.root.join("projects/in.md")).unwrap();
    h.converge("rename in");
    assert!(h.index.contains("projects/in.md"));

    // A note renamed to something that is not a note, and back.
    fs::rename(
        h.root.join("projects/in.md"),
        h.root.join("projects/in.txt"),
    )
    .unwrap();
    h.converge("renamed away from .md");
    fs::rename(
        h.root.join("projects/in.txt"),
        h.root.join("projects/IN.MD"),
    )
    .unwrap();
    h.converge("renamed to upper-case .MD");
    assert!(h.index.contains("projects/IN.MD"));
}

#[test]
fn folders_appear_move_and_vanish() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    // A folder filled elsewhere, then moved in: one event for the folder, none for its notes.
    for i in 0..30 {
        write(
            &h.outside,
            &format!("batch/sub/n{i}.md"),
            &note(&format!("N{i}"), i % 4, 0),
        );
    }
    fs::rename(h.outside.join("batch"), h.root.join("batch")).unwrap();
    h.converge("folder moved in");
    assert_eq!(
        h.paths()
            .iter()
            .filter(|p| p.starts_with("batch/sub/"))
            .count(),
        30
    );

    // Nested folders created and filled at once.
    for i in 0..10 {
        write(&h.root, &format!("deep/a/b/c/d{i}.md"), &note("D", 1, i));
    }
    h.converge("nested folders created with notes");

    fs::rename(h.root.join("batch"), h.root.join("archive-2025")).unwrap();
    h.converge("folder renamed inside");
    assert!(h.paths().iter().all(|p| !p.starts_with("batch/")));

    fs::rename(h.root.join("archive-2025"), h.outside.join("gone")).unwrap();
    h.converge("folder moved out");

    fs::remove_dir_all(h.root.join("deep")).unwrap();
    h.converge("folder deleted");
    assert!(h.paths().iter().all(|p| !p.starts_with("deep/")));

    // A note replaced by a folder of the same name, and back.
    fs::remove_file(h.root.join("a.md")).unwrap();
    write(&h.root, "a.md/inner.md", &note("Inner", 1, 0));
    h.converge("note replaced by a folder");
    fs::remove_dir_all(h.root.join("a.md")).unwrap();
    h.write("a.md", &note("A", 1, 9));
    h.converge("folder replaced by a note");
}

#[test]
fn ignored_paths_cause_no_work() {
    let cfg = Config {
        ignore: vec!["Archive/".into(), "*.excalidraw.md".into()],
        ..Config::default()
    };
    let mut h = Harness::start_with(cfg, LiveOptions::default(), small_vault);
    h.converge("start");
    h.pump(Duration::from_millis(300));
    h.clear();
    let before = h.live.stats();
    for rel in [
        ".obsidian/workspace.json",
        ".obsidian/plugins/tasks/data.json",
        ".trash/old.md",
        ".git/objects/ab/cdef",
        ".git/index",
        ".hidden/secret.md",
        "people/.dana.md.swp",
        "people/.dana.md.swx",
        "people/dana.md~",
        "people/4913",
        "people/.#dana.md",
        "people/dana.md.tmp",
        "Archive/2020/old.md",
        "drawing.excalidraw.md",
        "image.png",
        "notes.txt",
    ] {
        h.write(rel, "- [ ] not a task of the index\n");
    }
    fs::remove_dir_all(h.root.join(".trash")).unwrap();
    fs::remove_file(h.root.join("notes.txt")).unwrap();
    h.pump(Duration::from_millis(600));
    assert_eq!(
        h.messages, 0,
        "ignored paths were reported: {:?}",
        h.touched
    );
    let after = h.live.stats();
    assert_eq!(after.reads, before.reads, "ignored paths were read");
    assert_eq!(after.walks, before.walks, "ignored folders were walked");
    // The watcher is still alive and seeing real notes.
    h.write("b.md", &note("B", 1, 5));
    h.wait_for("b.md");
    assert_eq!(h.touched, vec!["b.md".to_string()]);
    h.converge("after ignored writes");
}

#[test]
fn own_writes_are_not_parsed_twice() {
    // A long debounce, so a busy machine pausing this thread between the write and `own_write`
    // cannot let the event in first (which would cost one redundant parse, not a wrong index).
    let opts = LiveOptions {
        debounce: Duration::from_millis(500),
        ..LiveOptions::default()
    };
    let mut h = Harness::start_with(Config::default(), opts, small_vault);
    h.converge("start");
    h.pump(Duration::from_millis(300));
    h.clear();
    let before = h.live.stats();
    h.write("a.md", &note("A", 3, 42));
    h.apply_own("a.md");
    std::thread::sleep(Duration::from_millis(200));
    h.write("b.md", &note("B", 1, 42));
    h.wait_for("b.md");
    h.pump(Duration::from_millis(300));
    assert!(
        !h.touched.iter().any(|p| p == "a.md"),
        "own write came back: {:?}",
        h.touched
    );
    assert_eq!(
        h.live.stats().parses - before.parses,
        1,
        "only b.md is parsed"
    );
    h.converge("after own write");
}

#[test]
fn rescan_on_demand_finds_nothing_new_when_nothing_changed() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    h.converge("start");
    h.pump(Duration::from_millis(300));
    h.clear();
    let before = h.live.stats();
    h.live.rescan();
    let deadline = std::time::Instant::now() + watch_common::PATIENCE;
    while h.live.stats().walks == before.walks {
        assert!(std::time::Instant::now() < deadline, "rescan never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    h.pump(Duration::from_millis(300));
    assert_eq!(
        h.messages, 0,
        "a rescan of an unchanged vault reported {:?}",
        h.touched
    );
    assert_eq!(h.live.stats().parses, before.parses);
    h.converge("after rescan");
}

#[test]
fn unreadable_notes_become_findings_and_come_back() {
    use std::os::unix::fs::PermissionsExt;
    let mut h = Harness::start(Mode::Auto, small_vault);
    let path = h.root.join("b.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reads, so there is nothing to test.
        return;
    }
    h.converge("made unreadable");
    assert!(!h.index.contains("b.md"));
    assert!(h.index.scan_findings.iter().any(|f| &*f.path == "b.md"));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    h.converge("readable again");
    assert!(h.index.contains("b.md"));
    assert!(h.index.scan_findings.is_empty());
}

#[test]
fn a_vault_folder_replaced_by_another_is_followed_with_one_warning() {
    let mut h = Harness::start(Mode::Auto, small_vault);
    // A restore or a sync client: the vault moves aside and a new folder takes its name.
    let parent = h.root.parent().unwrap().to_path_buf();
    let staged = parent.join(format!(
        "{}.new",
        h.root.file_name().unwrap().to_string_lossy()
    ));
    fs::create_dir(&staged).unwrap();
    write(&staged, "a.md", &note("A", 1, 3));
    write(&staged, "fresh.md", &note("Fresh", 2, 0));
    fs::rename(&h.root, parent.join("old-vault")).unwrap();
    fs::rename(&staged, &h.root).unwrap();
    h.converge("root replaced");
    assert!(h.index.contains("fresh.md"));
    assert!(!h.index.contains("b.md"));
    // Still followed after the swap: a note written into the new folder arrives.
    h.write("later.md", &note("Later", 1, 0));
    h.converge("written into the new folder");
    assert!(h.index.contains("later.md"));
    let told: Vec<_> = h
        .warnings
        .iter()
        .filter(|w| w.contains("replaced"))
        .collect();
    assert_eq!(told.len(), 1, "{:?}", h.warnings);
    let _ = fs::remove_dir_all(parent.join("old-vault"));
}
