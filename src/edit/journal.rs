//! The undo journal: one JSON record per line in the user's state folder, appended under a lock.
//! Only ever appended to (and trimmed to the newest records); never holds anything but edit records.

use super::EditError;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

/// How many records the journal keeps; older ones are dropped when it grows half as large again.
pub const KEEP: usize = 1000;

/// Bytes that are usually text: a JSON string when valid UTF-8, else hex, so that undo restores
/// invalid bytes exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Utf8(String),
    Raw { hex: String },
}

impl Text {
    pub fn from_bytes(b: &[u8]) -> Text {
        match std::str::from_utf8(b) {
            Ok(s) => Text::Utf8(s.to_string()),
            Err(_) => Text::Raw {
                hex: b.iter().map(|x| format!("{x:02x}")).collect(),
            },
        }
    }

    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Text::Utf8(s) => Some(s.as_bytes().to_vec()),
            Text::Raw { hex } => (0..hex.len())
                .step_by(2)
                .map(|i| {
                    hex.get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect(),
        }
    }
}

/// One line changed by an edit: its 1-based number after the edit, and its bytes before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub line: u32,
    pub before: Text,
    pub after: Text,
}

/// One journal line: an edit (or a `check --fix` repair), or the undoing of an earlier one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    /// RFC 3339, UTC.
    pub time: String,
    /// The canonical vault root.
    pub vault: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `toggle`, `accept`, `reject`, `due`, `postpone`, `priority`, `fix`, or `undo`.
    pub op: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The next occurrence of a recurring task, inserted directly above the first change's line
    /// (below it when `below`: the vault's Obsidian Tasks `recurrenceOnNextLine`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inserted: Option<Text>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub below: bool,
    /// For an undo record: the `seq` it undid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<u64>,
}

/// The journal file and its lock file.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
    keep: usize,
}

impl Journal {
    /// The journal in `TRIAGE_STATE_DIR`, else the platform's state folder for triage, else its
    /// local data folder.
    pub fn open_default() -> Result<Journal, EditError> {
        if let Some(dir) = std::env::var_os("TRIAGE_STATE_DIR").filter(|d| !d.is_empty()) {
            return Ok(Journal::in_dir(dir));
        }
        let dirs =
            directories::ProjectDirs::from("", "", "triage").ok_or_else(|| EditError::Journal {
                path: "(state folder)".into(),
                why: "no home folder to keep the undo journal in; set TRIAGE_STATE_DIR".into(),
            })?;
        let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Journal::in_dir(dir))
    }

    pub fn in_dir(dir: impl Into<PathBuf>) -> Journal {
        Journal {
            dir: dir.into(),
            keep: KEEP,
        }
    }

    /// The same journal keeping only `keep` records (at least 1).
    pub fn keeping(mut self, keep: usize) -> Journal {
        self.keep = keep.max(1);
        self
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join("journal.jsonl")
    }

    fn err(&self, why: impl std::fmt::Display) -> EditError {
        EditError::Journal {
            path: self.path().display().to_string(),
            why: why.to_string(),
        }
    }

    /// Holds the journal's lock until dropped, so that appends and trimming never interleave.
    fn lock(&self) -> Result<File, EditError> {
        fs::create_dir_all(&self.dir).map_err(|e| self.err(e))?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join("journal.lock"))
            .map_err(|e| self.err(e))?;
        lock.lock().map_err(|e| self.err(e))?;
        Ok(lock)
    }

    /// Every readable record, oldest first. A damaged line is skipped, not fatal.
    pub fn records(&self) -> Result<Vec<Record>, EditError> {
        Ok(self
            .read()?
            .1
            .into_iter()
            .filter_map(Line::record)
            .collect())
    }

    /// The journal's bytes and its non-blank lines, oldest first.
    fn read(&self) -> Result<(Vec<u8>, Vec<Line>), EditError> {
        let bytes = match fs::read(self.path()) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(self.err(e)),
        };
        let lines = bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(_, l)| !l.trim_ascii().is_empty())
            .map(|(i, l)| match serde_json::from_slice::<Record>(l) {
                Ok(r) => Line::Record(Box::new(r), l.to_vec()),
                Err(_) => Line::Damaged(i + 1, l.to_vec()),
            })
            .collect();
        Ok((bytes, lines))
    }

    /// Appends `rec` with the next sequence number and returns that number.
    pub fn append(&self, mut rec: Record) -> Result<u64, EditError> {
        let _lock = self.lock()?;
        let (bytes, lines) = self.read()?;
        rec.seq = lines
            .iter()
            .filter_map(|l| l.as_record().map(|r| r.seq))
            .max()
            .unwrap_or(0)
            + 1;
        rec.time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut line = Vec::new();
        // A record cut short by a crash must not swallow this one.
        if bytes.last().is_some_and(|b| *b != b'\n') {
            line.push(b'\n');
        }
        line.extend(serde_json::to_vec(&rec).map_err(|e| self.err(e))?);
        line.push(b'\n');
        if lines.len() + 1 > self.keep + self.keep / 2 {
            self.trim(lines, &line)?;
        } else {
            // One write of a whole record on an O_APPEND file: readers never see half a record
            // from another appender.
            let mut f = private(OpenOptions::new().create(true).append(true))
                .open(self.path())
                .map_err(|e| self.err(e))?;
            f.write_all(&line).map_err(|e| self.err(e))?;
            f.sync_data().map_err(|e| self.err(e))?;
        }
        Ok(rec.seq)
    }

    /// Rewrites the journal with its newest lines, as they were. An undo record always comes after
    /// the edit it undid, so keeping a suffix never turns an undone edit back into an open one; a
    /// damaged line is kept too, so that undo keeps saying so until it is older than every record.
    fn trim(&self, lines: Vec<Line>, last: &[u8]) -> Result<(), EditError> {
        let skip = (lines.len() + 1).saturating_sub(self.keep);
        let mut out = Vec::new();
        for l in lines.iter().skip(skip) {
            out.extend_from_slice(l.raw());
            out.push(b'\n');
        }
        out.extend_from_slice(last.strip_prefix(b"\n").unwrap_or(last));
        let tmp = self.dir.join(format!("journal.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f =
                private(OpenOptions::new().create(true).write(true).truncate(true)).open(&tmp)?;
            f.write_all(&out)?;
            f.sync_all()?;
            fs::rename(&tmp, self.path())
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            self.err(e)
        })
    }

    /// The newest edit of `vault` that has not been undone. A damaged line newer than it (a record
    /// cut short by a crash, or edited by hand) may be the real newest edit or the undo of this
    /// one, so undo stops there and says so rather than reverting the wrong edit.
    pub fn newest_open(&self, vault: &str) -> Result<Option<Record>, EditError> {
        // Under the appenders' lock, so that a record being written is never read half-done and
        // taken for damage. A journal folder that cannot be locked is still read.
        let lock = self.lock().ok();
        let lines = self.read()?.1;
        drop(lock);
        let undone: std::collections::HashSet<u64> = lines
            .iter()
            .filter_map(|l| l.as_record().and_then(|r| r.undoes))
            .collect();
        let mut damaged = None;
        for l in lines.into_iter().rev() {
            match l {
                Line::Damaged(n, _) => {
                    damaged.get_or_insert(n);
                }
                Line::Record(r, _)
                    if r.vault == vault && r.undoes.is_none() && !undone.contains(&r.seq) =>
                {
                    return match damaged {
                        Some(n) => Err(self.damaged_at(n)),
                        None => Ok(Some(*r)),
                    };
                }
                Line::Record(..) => {}
            }
        }
        match damaged {
            Some(n) => Err(self.damaged_at(n)),
            None => Ok(None),
        }
    }

    fn damaged_at(&self, line: usize) -> EditError {
        self.err(format!(
            "line {line} is damaged (cut short or edited by hand) and may record the newest edit; \
             nothing was undone. Delete that line from the journal to undo older edits"
        ))
    }
}

/// One non-blank journal line and its bytes as written.
enum Line {
    Record(Box<Record>, Vec<u8>),
    /// Its 1-based line number in the journal.
    Damaged(usize, Vec<u8>),
}

impl Line {
    fn as_record(&self) -> Option<&Record> {
        match self {
            Line::Record(r, _) => Some(r),
            Line::Damaged(..) => None,
        }
    }

    fn record(self) -> Option<Record> {
        match self {
            Line::Record(r, _) => Some(*r),
            Line::Damaged(..) => None,
        }
    }

    fn raw(&self) -> &[u8] {
        match self {
            Line::Record(_, b) | Line::Damaged(_, b) => b,
        }
    }
}

/// The journal holds note text: readable by the user alone.
#[cfg(unix)]
fn private(o: &mut OpenOptions) -> &mut OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    o.mode(0o600)
}

#[cfg(not(unix))]
fn private(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(vault: &str) -> Record {
        Record {
            seq: 0,
            time: String::new(),
            vault: vault.into(),
            path: Some("a.md".into()),
            op: "toggle".into(),
            changes: vec![Change {
                line: 1,
                before: Text::from_bytes(b"- [ ] a"),
                after: Text::from_bytes(b"- [x] \xff"),
            }],
            inserted: None,
            below: false,
            undoes: None,
        }
    }

    #[test]
    fn raw_bytes_round_trip() {
        let t = Text::from_bytes(b"ok \xff\xfe end");
        let json = serde_json::to_string(&t).unwrap();
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_bytes().unwrap(), b"ok \xff\xfe end");
        assert_eq!(Text::from_bytes(b"plain").to_bytes().unwrap(), b"plain");
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
    fn capped_but_keeps_newest() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path()).keeping(20);
        let mut last = 0;
        for _ in 0..47 {
            last = j.append(rec("/v")).unwrap();
        }
        let records = j.records().unwrap();
        assert!(records.len() <= 30, "{}", records.len());
        assert!(records.len() >= 20);
        assert_eq!(records.last().unwrap().seq, last);
        // Sequence numbers keep growing after a trim.
        assert_eq!(j.append(rec("/v")).unwrap(), last + 1);
    }

    #[test]
    fn trimming_keeps_a_recent_damaged_line() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path()).keeping(10);
        for _ in 0..12 {
            j.append(rec("/v")).unwrap();
        }
        let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
        f.write_all(b"{\"seq\":13,\"cut").unwrap();
        for _ in 0..2 {
            j.append(rec("/v")).unwrap();
        }
        let before_trim = fs::read_to_string(j.path()).unwrap();
        assert_eq!(before_trim.lines().count(), 15);
        j.append(rec("/v")).unwrap();
        let text = fs::read_to_string(j.path()).unwrap();
        assert!(text.lines().count() <= 10, "{text}");
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
}
