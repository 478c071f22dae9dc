//! The cache's bytes, written: file keys, the checksum, and segments of notes exactly as the
//! parser produced them. Only encodes; reading them back (never trusting them) is `decode`'s job.

use crate::hash::FxHashMap;
use crate::task::{DateKind, FindingKind, ParsedNote, Priority, StatusType, Task};
use chrono::Datelike;

use std::sync::Arc;

/// What identifies the version of a file a note was parsed from: any write changes one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub len: u64,
    /// Seconds and nanoseconds since the Unix epoch.
    pub mtime: (i64, u32),
    /// The inode change time: unlike mtime no tool can set it back. Equal to mtime off unix.
    pub ctime: (i64, u32),
    /// The inode number (0 off unix): a file replaced by rename is another file.
    pub ino: u64,
}

impl Key {
    pub fn of(meta: &std::fs::Metadata) -> Key {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |n: i64| u32::try_from(n).unwrap_or(0);
            Key {
                len: meta.len(),
                mtime: (meta.mtime(), ns(meta.mtime_nsec())),
                ctime: (meta.ctime(), ns(meta.ctime_nsec())),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            // No mtime: a time in the far future, which is never trusted.
            let mtime = meta.modified().map_or((i64::MAX, 0), since_epoch);
            Key {
                len: meta.len(),
                mtime,
                ctime: mtime,
                ino: 0,
            }
        }
    }

    /// Nanoseconds since the epoch of the later of mtime and ctime.
    pub fn newest_ns(&self) -> i128 {
        let ns = |(s, n): (i64, u32)| i128::from(s) * 1_000_000_000 + i128::from(n);
        ns(self.mtime).max(ns(self.ctime))
    }
}

/// A time as (seconds, nanoseconds) since the Unix epoch, negative seconds before it.
pub(crate) fn since_epoch(t: std::time::SystemTime) -> (i64, u32) {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(e) => {
            let d = e.duration();
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            match d.subsec_nanos() {
                0 => (-secs, 0),
                n => (-secs - 1, 1_000_000_000 - n),
            }
        }
    }
}

/// A fast 64-bit checksum (four multiply-rotate lanes over 8-byte words): it catches torn writes
/// and flipped bits, and doubles as the stable hash of paths and config text. Not cryptographic.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [
        0x243F_6A88_85A3_08D3,
        0x1319_8A2E_0370_7344,
        0xA409_3822_299F_31D0,
        0x082E_FA98_EC4E_6C89,
    ];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            *lane = (*lane ^ u64::from_le_bytes(w))
                .wrapping_mul(K)
                .rotate_left(31);
        }
    }
    let rest = blocks.remainder();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    for (i, lane) in lanes.iter().enumerate() {
        h = (h ^ lane.rotate_left(i as u32 * 16)).wrapping_mul(K);
    }
    for word in rest.chunks(8) {
        let mut w = [0u8; 8];
        w[..word.len()].copy_from_slice(word);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(31);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

/// Why a segment was refused. Only logged: a refused segment is rebuilt from the notes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Corrupt(pub &'static str);

// ---- writing ----------------------------------------------------------------------------------

pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(crate) fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(crate) fn put_var(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_var(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A segment's text: its length in the record stream, its bytes in the segment's strings, which
/// the reader checks as UTF-8 once instead of once per string.
fn text(out: &mut Vec<u8>, strings: &mut Vec<u8>, s: &str) {
    put_var(out, s.len() as u64);
    strings.extend_from_slice(s.as_bytes());
}

/// `None` as 0, `Some(s)` as its length plus one.
fn opt_text(out: &mut Vec<u8>, strings: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            put_var(out, s.len() as u64 + 1);
            strings.extend_from_slice(s.as_bytes());
        }
    }
}

/// Encodes the notes of one segment: all its text in one run of UTF-8, a table of the names its
/// tasks share (owners, accounts, tags, headings), then one record per note. Names are table
/// indexes, so decoding rebuilds one `Arc` per name, shared by every task that had it.
#[derive(Default)]
pub(crate) struct SegmentWriter<'a> {
    names: Vec<&'a str>,
    seen: FxHashMap<usize, u32>,
    body: Vec<u8>,
    /// The records' text, in the order the records refer to it.
    strings: Vec<u8>,
    records: u32,
}

impl<'a> SegmentWriter<'a> {
    fn name(&mut self, s: &'a Arc<str>) -> u64 {
        let addr = Arc::as_ptr(s) as *const u8 as usize;
        let next = self.names.len() as u32;
        let i = *self.seen.entry(addr).or_insert(next);
        if i == next {
            self.names.push(s);
        }
        u64::from(i)
    }

    fn opt_name(&mut self, s: &'a Option<Arc<str>>) -> u64 {
        s.as_ref().map_or(0, |s| self.name(s) + 1)
    }

    pub fn note(&mut self, key: &Key, note: &'a ParsedNote) {
        self.records += 1;
        let mut body = std::mem::take(&mut self.body);
        let meta = &*note.meta;
        text(&mut body, &mut self.strings, &meta.path);
        put_u64(&mut body, key.len);
        put_u64(&mut body, key.mtime.0 as u64);
        put_u32(&mut body, key.mtime.1);
        put_u64(&mut body, key.ctime.0 as u64);
        put_u32(&mut body, key.ctime.1);
        put_u64(&mut body, key.ino);
        // The note's length first, so a reader can step over a note whose file changed.
        let len_at = body.len();
        body.extend_from_slice(&[0; 4]);
        let start = body.len();
        text(&mut body, &mut self.strings, &meta.title);
        opt_text(&mut body, &mut self.strings, meta.note_type.as_deref());
        opt_text(&mut body, &mut self.strings, meta.date.as_deref());
        let account = self.opt_name(&meta.account);
        put_var(&mut body, account);
        put_var(&mut body, meta.tags.len() as u64);
        for t in &meta.tags {
            text(&mut body, &mut self.strings, t);
        }
        for list in [&meta.people, &meta.participants, &meta.aliases] {
            put_var(&mut body, list.len() as u64);
            for t in list {
                text(&mut body, &mut self.strings, t);
            }
        }
        put_var(&mut body, note.tasks.len() as u64);
        for t in &note.tasks {
            self.task(&mut body, t);
        }
        put_var(&mut body, note.findings.len() as u64);
        for f in &note.findings {
            put_var(&mut body, u64::from(f.line));
            body.push(finding_kind_code(f.kind));
            text(&mut body, &mut self.strings, &f.message);
            // Findings almost always name their own note; only a different path is written.
            opt_text(
                &mut body,
                &mut self.strings,
                (f.path != meta.path).then_some(&*f.path),
            );
        }
        put_var(&mut body, note.views.len() as u64);
        for v in &note.views {
            put_var(&mut body, u64::from(v.line));
            text(&mut body, &mut self.strings, &v.query);
        }
        let len = u32::try_from(body.len() - start).unwrap_or(u32::MAX);
        body[len_at..start].copy_from_slice(&len.to_le_bytes());
        self.body = body;
    }

    fn task(&mut self, out: &mut Vec<u8>, t: &'a Task) {
        put_var(out, u64::from(t.line));
        text(out, &mut self.strings, t.text());
        put_var(out, u64::from(u32::from(t.status)));
        // The account is the note's own `Arc` for most tasks; the index relies on that sharing.
        let account = match &t.account {
            None => 0,
            Some(a) if t.note.account.as_ref().is_some_and(|n| Arc::ptr_eq(n, a)) => 1,
            Some(_) => 2,
        };
        // The on-hold status type (from a vault's Obsidian Tasks settings) came after the two
        // status bits were laid out: it has a bit of its own, above the others.
        let flags = status_code(t.status_type)
            | priority_code(t.priority) << 2
            | u64::from(t.proposed) << 5
            | account << 6
            | u64::from(t.status_type == StatusType::OnHold) << 8;
        put_var(out, flags);
        // Mostly a stretch of the line: then two numbers instead of the words again.
        match t.words.description_span() {
            Some((start, end)) => {
                put_var(out, 1);
                put_var(out, start as u64);
                put_var(out, (end - start) as u64);
            }
            None => {
                put_var(out, 0);
                text(out, &mut self.strings, t.description());
            }
        }
        let owner = self.opt_name(&t.owner);
        put_var(out, owner);
        if let (2, Some(a)) = (account, &t.account) {
            let a = self.name(a);
            put_var(out, a);
        }
        let (mut present, mut invalid) = (0u8, 0u8);
        for (i, kind) in DateKind::ALL.into_iter().enumerate() {
            present |= u8::from(t.dates.get(kind).is_some()) << i;
            invalid |= u8::from(t.dates.is_invalid(kind)) << i;
        }
        out.push(present);
        out.push(invalid);
        for d in DateKind::ALL.into_iter().filter_map(|k| t.dates.get(k)) {
            put_var(out, zigzag(i64::from(d.num_days_from_ce())));
        }
        opt_text(out, &mut self.strings, t.recurrence());
        opt_text(out, &mut self.strings, t.id());
        opt_text(out, &mut self.strings, t.block_id());
        put_var(out, t.tags.len() as u64);
        for tag in &t.tags {
            let i = self.name(tag);
            put_var(out, i);
        }
        put_var(out, t.depends_on().len() as u64);
        for d in t.depends_on() {
            text(out, &mut self.strings, d);
        }
        let heading = self.opt_name(&t.heading);
        put_var(out, heading);
    }

    pub fn records(&self) -> u32 {
        self.records
    }

    /// The segment's bytes: the text (names first), the names table as lengths, the record
    /// count, the records.
    pub fn finish(self, out: &mut Vec<u8>) {
        out.clear();
        let names: usize = self.names.iter().map(|n| n.len()).sum();
        put_var(out, (names + self.strings.len()) as u64);
        for n in &self.names {
            out.extend_from_slice(n.as_bytes());
        }
        out.extend_from_slice(&self.strings);
        put_var(out, self.names.len() as u64);
        for n in &self.names {
            put_var(out, n.len() as u64);
        }
        put_var(out, u64::from(self.records));
        out.extend_from_slice(&self.body);
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn status_code(s: StatusType) -> u64 {
    match s {
        StatusType::Todo => 0,
        StatusType::InProgress => 1,
        StatusType::Done => 2,
        StatusType::Cancelled => 3,
        StatusType::OnHold => 0,
    }
}

fn priority_code(p: Priority) -> u64 {
    match p {
        Priority::Highest => 0,
        Priority::High => 1,
        Priority::Medium => 2,
        Priority::None => 3,
        Priority::Low => 4,
        Priority::Lowest => 5,
    }
}

fn finding_kind_code(k: FindingKind) -> u8 {
    match k {
        FindingKind::InvalidDate => 0,
        FindingKind::Mojibake => 1,
        FindingKind::BrokenFrontmatter => 2,
        FindingKind::UnknownStatus => 3,
        FindingKind::SuspectField => 4,
        FindingKind::Unreadable => 5,
        FindingKind::NotATask => 6,
        FindingKind::UnreadableText => 7,
        FindingKind::SuspectOwner => 8,
        FindingKind::TasksSettings => 9,
    }
}
