//! The incremental index: applying one note's update reports what changed, keeps counts right,
//! lets a selection follow its task, and compares equal to a fresh scan only when it should.

use std::sync::Arc;
use triage::Config;
use triage::parse::parse_note;
use triage::task::{Finding, FindingKind};
use triage::vault::{ChangeKind, Entry, Index, NoteUpdate, Stamp};

fn entry(path: &str, text: &str) -> Entry {
    Entry {
        note: parse_note(Arc::from(path), text.as_bytes(), &Config::default()),
        stamp: Stamp {
            len: text.len() as u64,
            modified: None,
        },
    }
}

const NOTE: &str =
    "# Plan\n\n- [ ] Write the brief @Dana\n- [ ] Call Sam\nprose\n- [x] Old thing\n";

#[test]
fn add_update_and_remove_report_what_changed() {
    let mut index = Index::default();
    let added = index
        .apply(NoteUpdate::Upsert(entry("p.md", NOTE)))
        .unwrap();
    assert_eq!(added.kind, ChangeKind::Added);
    assert_eq!((added.tasks, added.tasks_changed), (3, true));
    assert_eq!(
        added.new.iter().map(|k| k.line).collect::<Vec<_>>(),
        [3, 4, 6]
    );
    assert_eq!(index.task_count(), 3);

    let same = index
        .apply(NoteUpdate::Upsert(entry("p.md", NOTE)))
        .unwrap();
    assert_eq!(same.kind, ChangeKind::Updated);
    assert!(!same.tasks_changed, "same content, same tasks");

    let prose = NOTE.replace("prose", "other prose");
    let prose_only = index
        .apply(NoteUpdate::Upsert(entry("p.md", &prose)))
        .unwrap();
    assert!(!prose_only.tasks_changed);

    let toggled = NOTE.replace("- [ ] Call Sam", "- [x] Call Sam");
    let change = index
        .apply(NoteUpdate::Upsert(entry("p.md", &toggled)))
        .unwrap();
    assert!(change.tasks_changed);
    assert_eq!(change.tasks, 3);
    assert_eq!(index.task_count(), 3);

    index.apply(NoteUpdate::Upsert(entry("q.md", "- [ ] other\n")));
    assert_eq!(index.task_count(), 4);

    let removed = index.apply(NoteUpdate::Remove(Arc::from("p.md"))).unwrap();
    assert_eq!(removed.kind, ChangeKind::Removed);
    assert!(removed.tasks_changed);
    assert_eq!((removed.tasks, removed.old.len()), (0, 3));
    assert_eq!(index.task_count(), 1);
    assert!(index.apply(NoteUpdate::Remove(Arc::from("p.md"))).is_none());
}

#[test]
fn selection_follows_its_task() {
    let mut index = Index::default();
    index.apply(NoteUpdate::Upsert(entry("p.md", NOTE)));

    // A line inserted above: the task keeps its text and moves down one line.
    let shifted = format!("new first line\n{NOTE}");
    let c = index
        .apply(NoteUpdate::Upsert(entry("p.md", &shifted)))
        .unwrap();
    assert_eq!(c.follow(4), Some(5));
    assert_eq!(c.follow(3), Some(4));

    // Edited in place (ticked in Obsidian): same line, new text.
    let ticked = shifted.replace("- [ ] Call Sam", "- [x] Call Sam");
    let c = index
        .apply(NoteUpdate::Upsert(entry("p.md", &ticked)))
        .unwrap();
    assert_eq!(c.follow(5), Some(5));

    // Its line deleted: the task now in the same position.
    let cut = ticked.replace("- [x] Call Sam\n", "");
    let c = index
        .apply(NoteUpdate::Upsert(entry("p.md", &cut)))
        .unwrap();
    assert_eq!(c.follow(5), Some(6));

    let c = index.apply(NoteUpdate::Remove(Arc::from("p.md"))).unwrap();
    assert_eq!(c.follow(4), None);
}

#[test]
fn restamp_unreadable_and_recovery() {
    let mut index = Index::default();
    index.apply(NoteUpdate::Upsert(entry("p.md", NOTE)));
    let stamp = Stamp {
        len: 7,
        modified: None,
    };
    assert!(
        index
            .apply(NoteUpdate::Restamp {
                path: Arc::from("p.md"),
                stamp
            })
            .is_none()
    );
    assert_eq!(index.get("p.md").map(|e| e.stamp), Some(stamp));

    let finding = Finding {
        path: Arc::from("p.md"),
        line: 0,
        kind: FindingKind::Unreadable,
        message: "cannot read the note: permission denied".into(),
    };
    let gone = index.apply(NoteUpdate::Unreadable(finding)).unwrap();
    assert_eq!(gone.kind, ChangeKind::Removed);
    assert!(!index.contains("p.md"));
    assert_eq!(index.scan_findings.len(), 1);
    assert_eq!(index.findings().count(), 1);

    index.apply(NoteUpdate::Upsert(entry("p.md", NOTE)));
    assert!(index.scan_findings.is_empty(), "the note is readable again");
    assert_eq!(index.task_count(), 3);
}

#[test]
fn equality_with_a_fresh_scan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.md"), NOTE).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/q.md"), "- [ ] q\n").unwrap();
    let cfg = Config::default();
    let scanned = triage::vault::scan(dir.path(), &cfg).unwrap();
    let again = triage::vault::scan(dir.path(), &cfg).unwrap();
    assert!(scanned.same_as(&again));

    let mut live = scanned.clone();
    live.apply(NoteUpdate::Remove(Arc::from("sub/q.md")));
    assert!(!live.same_as(&scanned));
    assert!(live.differences(&scanned, 5)[0].contains("sub/q.md"));

    let mut edited = scanned.clone();
    let mut e = entry("p.md", &NOTE.replace("Call Sam", "Call Sam today"));
    e.stamp = scanned.get("p.md").unwrap().stamp;
    edited.apply(NoteUpdate::Upsert(e));
    assert!(!edited.same_as(&scanned), "a changed task must count");

    let mut restamped = scanned.clone();
    restamped.apply(NoteUpdate::Restamp {
        path: Arc::from("p.md"),
        stamp: Stamp {
            len: 1,
            modified: None,
        },
    });
    assert!(!restamped.same_as(&scanned), "a stale stamp must count");
}
