//! The undo journal: one JSON record per line in the user's state folder, appended under a lock,
//! held to a byte budget, read from its end. Never holds anything but edit records.

mod record;

pub use record::{Around, Change, Record, Side, Text};

use super::EditError;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// The journal's size limit: once past it, it is cut to its newest half.
pub const BUDGET: u64 = 4 << 20;

/// How much of the journal's end is read at a time, walking back from the newest record.
const BLOCK: u64 = 64 << 10;

/// The journal file and its lock file.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
    budget: u64,
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
            budget: BUDGET,
        }
    }

    /// The same journal held to `bytes` (at least 4 KiB).
    pub fn with_budget(mut self, bytes: u64) -> Journal {
        self.budget = bytes.max(4096);
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
        let mut o = OpenOptions::new();
        o.create(true).truncate(false).write(true);
        let lock = regular(&mut o, &self.dir.join("journal.lock")).map_err(|e| self.err(e))?;
        lock.lock().map_err(|e| self.err(e))?;
        Ok(lock)
    }

    /// The journal opened to read, or `None` when there is none yet.
    fn open(&self) -> Result<Option<File>, EditError> {
        match regular(OpenOptions::new().read(true), &self.path()) {
            Ok(f) => Ok(Some(f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Every readable record, oldest first. A damaged line is skipped, not fatal.
    pub fn records(&self) -> Result<Vec<Record>, EditError> {
        let mut out: Vec<Record> = self.newest_first()?.filter_map(|l| l.record()).collect();
        out.reverse();
        Ok(out)
    }

    /// The journal's lines from the newest back, read a block at a time from the end.
    pub(crate) fn newest_first(&self) -> Result<impl Iterator<Item = Line>, EditError> {
        let file = self.open()?;
        let len = match &file {
            Some(f) => f.metadata().map_err(|e| self.err(e))?.len(),
            None => 0,
        };
        let mut back = Backward {
            file,
            pos: len,
            carry: Vec::new(),
            lines: Vec::new(),
            at_end: true,
        };
        Ok(std::iter::from_fn(move || back.next()))
    }

    /// Appends `rec` with the next sequence number and returns that number. A record too large for
    /// the budget is refused (the edit stands; it just cannot be undone).
    pub fn append(&self, mut rec: Record) -> Result<u64, EditError> {
        let _lock = self.lock()?;
        let mut last_seq = 0;
        let mut ends_cut = false;
        for (i, line) in self.newest_first()?.enumerate() {
            if i == 0 {
                ends_cut = line.cut;
            }
            if let Some(r) = line.record() {
                last_seq = r.seq;
                break;
            }
        }
        rec.seq = last_seq + 1;
        rec.time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut line = Vec::new();
        // A record cut short by a crash must not swallow this one.
        if ends_cut {
            line.push(b'\n');
        }
        line.extend(serde_json::to_vec(&rec).map_err(|e| self.err(e))?);
        line.push(b'\n');
        if line.len() as u64 > self.budget / 4 {
            return Err(self.err(format!(
                "the change is too large to keep ({} KB; the journal keeps {} KB)",
                line.len() >> 10,
                self.budget >> 10
            )));
        }
        // One write of a whole record on an O_APPEND file: readers never see half a record
        // from another appender.
        let mut o = OpenOptions::new();
        o.create(true).append(true);
        let mut f = regular(private(&mut o), &self.path()).map_err(|e| self.err(e))?;
        f.write_all(&line).map_err(|e| self.err(e))?;
        f.sync_data().map_err(|e| self.err(e))?;
        let size = f.metadata().map_err(|e| self.err(e))?.len();
        if size > self.budget {
            self.trim()?;
        }
        Ok(rec.seq)
    }

    /// Rewrites the journal with its newest lines that fit in half the budget, as they were. An
    /// undo record always comes after the edit it undid, so keeping a suffix never turns an undone
    /// edit back into an open one; a damaged line is kept too, so that undo keeps saying so
    /// until it is older than every record.
    fn trim(&self) -> Result<(), EditError> {
        let mut kept: Vec<Vec<u8>> = Vec::new();
        let mut size = 0u64;
        for line in self.newest_first()? {
            size += line.raw.len() as u64 + 1;
            if size > self.budget / 2 {
                break;
            }
            kept.push(line.raw);
        }
        let mut out = Vec::with_capacity(size as usize);
        for raw in kept.iter().rev() {
            out.extend_from_slice(raw);
            out.push(b'\n');
        }
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
        Ok(self.open_edits(vault)?.into_iter().next())
    }

    /// The edits of `vault` not undone, newest first, up to the first damaged line (an error when
    /// that comes before any edit).
    pub fn open_edits(&self, vault: &str) -> Result<Vec<Record>, EditError> {
        // Under the appenders' lock, so that a record being written is never read half-done and
        // taken for damage. A journal folder that cannot be locked is still read.
        let lock = self.lock().ok();
        let mut undone = std::collections::HashSet::new();
        let mut out = Vec::new();
        for line in self.newest_first()? {
            let Some(r) = line.record() else {
                if out.is_empty() {
                    return Err(self.damaged_at(line.offset));
                }
                break;
            };
            if let Some(u) = r.undoes {
                undone.insert(u);
            } else if r.vault == vault && !undone.contains(&r.seq) {
                out.push(r);
            }
        }
        drop(lock);
        Ok(out)
    }

    /// The damage at byte `offset`, named by its line number (counted only now: it is rare).
    fn damaged_at(&self, offset: u64) -> EditError {
        let line = self
            .open()
            .ok()
            .flatten()
            .map(|f| {
                let mut head = Vec::new();
                let _ = f.take(offset).read_to_end(&mut head);
                memchr::memchr_iter(b'\n', &head).count() + 1
            })
            .unwrap_or(0);
        self.err(format!(
            "line {line} is damaged (cut short or edited by hand) and may record the newest edit; \
             nothing was undone. Delete that line from the journal to undo older edits"
        ))
    }
}

/// One non-blank journal line: its bytes as written, and where it starts in the file.
pub(crate) struct Line {
    pub raw: Vec<u8>,
    /// Whether this is the journal's last line and has no newline after it.
    pub cut: bool,
    pub offset: u64,
}

impl Line {
    pub fn record(&self) -> Option<Record> {
        serde_json::from_slice(&self.raw).ok()
    }
}

/// Reads a file's lines from its end, a block at a time.
struct Backward {
    file: Option<File>,
    /// Where the part of the file not yet read ends.
    pos: u64,
    /// The end of a line whose start lies in the block before the one read last.
    carry: Vec<u8>,
    /// Whole lines of the block read last, oldest first (so `pop` gives the newest).
    lines: Vec<Line>,
    at_end: bool,
}

impl Backward {
    fn next(&mut self) -> Option<Line> {
        loop {
            if let Some(l) = self.lines.pop() {
                return Some(l);
            }
            let file = self.file.as_mut()?;
            if self.pos == 0 {
                self.file = None;
                return None;
            }
            let start = self.pos.saturating_sub(BLOCK);
            let mut block = vec![0; (self.pos - start) as usize];
            if file.seek(SeekFrom::Start(start)).is_err() || file.read_exact(&mut block).is_err() {
                self.file = None;
                return None;
            }
            self.pos = start;
            let at_end = std::mem::replace(&mut self.at_end, false);
            let ends_with_newline = at_end && block.last() == Some(&b'\n');
            block.extend_from_slice(&std::mem::take(&mut self.carry));
            let mut offset = start;
            let mut parts: Vec<(u64, &[u8])> = Vec::new();
            for p in block.split(|b| *b == b'\n') {
                parts.push((offset, p));
                offset += p.len() as u64 + 1;
            }
            // The first part may be the end of a line that starts in the block before this one.
            if start > 0 {
                self.carry = parts.remove(0).1.to_vec();
            }
            let last = parts.len().saturating_sub(1);
            self.lines = parts
                .into_iter()
                .enumerate()
                .filter(|(_, (_, p))| !p.trim_ascii().is_empty())
                .map(|(i, (offset, p))| Line {
                    raw: p.to_vec(),
                    cut: at_end && i == last && !ends_with_newline,
                    offset,
                })
                .collect();
            if start == 0 {
                self.file = None;
            }
        }
    }
}

/// Opens `path` with `opts`, without blocking (a FIFO in its place never hangs an edit), and
/// refuses anything but a regular file.
fn regular(opts: &mut OpenOptions, path: &std::path::Path) -> std::io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(opts, libc::O_NONBLOCK);
    let f = opts.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    Ok(f)
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
mod tests;
