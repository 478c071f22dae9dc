//! The live vault under load and without OS events: a thousand rapid saves of one note, two
//! thousand notes at once, and the polling mode, each converging to exactly what a fresh scan reads.

mod watch_common;

use std::fs;
use std::time::Duration;
use triage::Config;
use triage::vault::{LiveOptions, Mode};
use watch_common::{Harness, note, save_by_rename, write};

fn seed(root: &std::path::Path) {
    for i in 0..20 {
        write(
            root,
            &format!("seed/s{i}.md"),
            &note(&format!("S{i}"), i % 3, 0),
        );
    }
}

#[test]
fn a_thousand_rapid_rename_over_saves_of_one_note() {
    let mut h = Harness::start(Mode::Auto, seed);
    h.converge("start");
    // Lengths repeat, so many saves share a length and (coarse clocks) an mtime.
    for v in 0..1000 {
        save_by_rename(&h.root, "seed/s1.md", &note("S1", v % 7, v % 10));
    }
    h.converge("after 1000 saves");
    let tasks = h.index.get("seed/s1.md").map(|e| e.note.tasks.len());
    assert_eq!(tasks, Some(999 % 7));
    assert!(
        h.messages < 1000,
        "every save became its own message: {}",
        h.messages
    );
}

#[test]
fn two_thousand_notes_added_at_once() {
    let mut h = Harness::start(Mode::Auto, seed);
    h.converge("start");
    h.clear();
    for i in 0..2000 {
        h.write(
            &format!("bulk/f{}/n{i}.md", i % 40),
            &note(&format!("Bulk {i}"), i % 5, 0),
        );
    }
    h.converge("after 2000 new notes");
    assert_eq!(h.index.note_count(), 2020);
    assert!(
        h.messages < 2000,
        "no batching: {} messages for 2000 notes",
        h.messages
    );

    // And all of them rewritten, then removed, as a checkout would.
    for i in 0..2000 {
        save_by_rename(
            &h.root,
            &format!("bulk/f{}/n{i}.md", i % 40),
            &note(&format!("Bulk {i}"), i % 3, 1),
        );
    }
    h.converge("after 2000 rewrites");
    fs::remove_dir_all(h.root.join("bulk")).unwrap();
    h.converge("after removing them");
    assert_eq!(h.index.note_count(), 20);
}

fn polling() -> LiveOptions {
    LiveOptions {
        mode: Mode::Poll,
        poll_interval: Duration::from_millis(150),
        ..LiveOptions::default()
    }
}

#[test]
fn polling_follows_every_kind_of_change() {
    let mut h = Harness::start_with(Config::default(), polling(), seed);
    assert!(h.live.is_polling());
    h.converge("start");

    h.write("seed/s0.md", &note("S0", 4, 1));
    h.converge("poll: plain write");
    save_by_rename(&h.root, "seed/s2.md", &note("S2", 2, 1));
    h.converge("poll: rename-over save");
    // Same length, back to back, within one poll interval.
    h.write("seed/s3.md", "- [ ] same length\n");
    h.converge("poll: first of a same-length pair");
    h.write("seed/s3.md", "- [x] same length\n");
    h.converge("poll: second of a same-length pair");
    // A coarse clock: same length and the very same mtime, different bytes.
    let path = h.root.join("seed/s3.md");
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    h.write("seed/s3.md", "- [/] same length\n");
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    h.converge("poll: same length, same mtime");
    assert_eq!(
        h.index.get("seed/s3.md").map(|e| e.note.tasks[0].status),
        Some('/')
    );
    fs::remove_file(h.root.join("seed/s4.md")).unwrap();
    h.converge("poll: delete");
    for i in 0..15 {
        write(&h.outside, &format!("moved/n{i}.md"), &note("M", 1, i));
    }
    fs::rename(h.outside.join("moved"), h.root.join("moved")).unwrap();
    h.converge("poll: folder moved in");
    fs::rename(h.root.join("moved"), h.root.join("renamed")).unwrap();
    h.converge("poll: folder renamed");
    fs::remove_dir_all(h.root.join("renamed")).unwrap();
    h.converge("poll: folder deleted");
}

#[test]
fn polling_skips_ignored_paths_and_unchanged_notes() {
    let mut h = Harness::start_with(Config::default(), polling(), seed);
    h.converge("start");
    // Let the first read's notes age past the racy window, so polls only stat.
    std::thread::sleep(Duration::from_millis(3200));
    h.pump(Duration::from_millis(400));
    h.clear();
    let before = h.live.stats();
    h.write(".obsidian/workspace.json", "{}");
    h.write(".trash/x.md", "- [ ] x\n");
    h.write("seed/.s1.md.swp", "swap");
    h.pump(Duration::from_millis(800));
    let after = h.live.stats();
    assert_eq!(h.messages, 0, "{:?}", h.touched);
    assert!(after.walks > before.walks, "polling stopped");
    assert_eq!(after.reads, before.reads, "unchanged notes were read again");
}
