//! The journal's promises: order, damage never mistaken, concurrent appends, the byte budget.

use super::*;
use std::fs;
use std::io::Write;

fn rec(vault: &str) -> Record {
    Record {
        seq: 0,
        time: String::new(),
        vault: vault.into(),
        path: Some("a.md".into()),
        op: "toggle".into(),
        changes: vec![Change::new(1, b"- [ ] a", b"- [x] \xff")],
        inserted: None,
        added: None,
        below: false,
        undoes: None,
        redoes: None,
    }
}

#[test]
fn newest_open_skips_undone_and_other_vaults() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::in_dir(dir.path());
    let a1 = j.append(rec("/v")).unwrap();
    let a2 = j.append(rec("/v")).unwrap();
    j.append(rec("/other")).unwrap();
    assert_eq!(j.newest_open("/v").unwrap().unwrap().seq, a2);
    let mut u = rec("/v");
    u.undoes = Some(a2);
    u.op = "undo".into();
    j.append(u).unwrap();
    assert_eq!(j.newest_open("/v").unwrap().unwrap().seq, a1);
    // A damaged line may be the newest edit (or the undo of an older one): undo stops there,
    // naming the line, instead of reverting an older edit.
    let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
    f.write_all(b"{not json\n{\"seq\":99,\"cut").unwrap();
    for vault in ["/v", "/nowhere"] {
        let e = j.newest_open(vault).unwrap_err().to_string();
        assert!(e.contains("line 6 is damaged"), "{e}");
        assert!(e.contains("journal.jsonl"), "{e}");
    }
    // A record cut short by a crash does not swallow the next one, which is newer than the
    // damage and so can be undone.
    let a3 = j.append(rec("/v")).unwrap();
    assert_eq!(j.newest_open("/v").unwrap().unwrap().seq, a3);
    let mut u = rec("/v");
    u.undoes = Some(a3);
    j.append(u).unwrap();
    assert!(j.newest_open("/v").is_err());
    assert_eq!(j.records().unwrap().len(), 6);
}

#[test]
fn held_to_its_budget_but_keeps_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::in_dir(dir.path()).with_budget(8192);
    let mut last = 0;
    for _ in 0..200 {
        last = j.append(rec("/v")).unwrap();
        assert!(fs::metadata(j.path()).unwrap().len() <= 8192);
    }
    let records = j.records().unwrap();
    assert!(records.len() < 200, "{}", records.len());
    assert!(records.len() >= 10);
    assert_eq!(records.last().unwrap().seq, last);
    // Sequence numbers keep growing after a trim.
    assert_eq!(j.append(rec("/v")).unwrap(), last + 1);
}

#[test]
fn trimming_keeps_a_recent_damaged_line() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::in_dir(dir.path()).with_budget(4096);
    while fs::metadata(j.path()).map_or(0, |m| m.len()) < 3600 {
        j.append(rec("/v")).unwrap();
    }
    let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
    f.write_all(b"{\"seq\":13,\"cut").unwrap();
    let mut size = fs::metadata(j.path()).unwrap().len();
    // Append until the journal is cut to its newest half.
    loop {
        j.append(rec("/v")).unwrap();
        let now = fs::metadata(j.path()).unwrap().len();
        if now < size {
            break;
        }
        size = now;
    }
    let text = fs::read_to_string(j.path()).unwrap();
    assert!(text.len() <= 2048, "{text}");
    assert!(text.contains("{\"seq\":13,\"cut\n"), "{text}");
    assert!(text.ends_with("}\n"));
}

#[test]
fn a_record_being_appended_is_never_read_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::in_dir(dir.path());
    let mut big = rec("/v");
    // Many pages per record, so a reader racing a writer would see a record half written.
    big.changes[0].before = Text::Utf8("x".repeat(1 << 19));
    let writer = {
        let j = j.clone();
        std::thread::spawn(move || {
            for _ in 0..16 {
                j.append(big.clone()).unwrap();
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() {
        let r = j.newest_open("/v");
        assert!(r.is_ok(), "{r:?}");
        reads += 1;
    }
    writer.join().unwrap();
    assert!(reads > 0);
}

#[test]
fn concurrent_appends_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::in_dir(dir.path());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let j = j.clone();
            std::thread::spawn(move || {
                for _ in 0..25 {
                    j.append(rec("/v")).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut seqs: Vec<u64> = j.records().unwrap().iter().map(|r| r.seq).collect();
    assert_eq!(seqs.len(), 100);
    seqs.sort();
    seqs.dedup();
    assert_eq!(seqs.len(), 100, "sequence numbers are unique");
}
