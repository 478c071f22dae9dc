//! The persistent index cache: one file per vault in the cache folder holding every note as it was
//! parsed, keyed by its file's size, times and inode. Never trusted over the files, never an error.

mod codec;
mod decode;

pub(crate) use codec::{FastMap, Key, checksum, since_epoch};

use crate::config::Config;
use crate::task::ParsedNote;
use codec::{SegmentWriter, put_str, put_u32, put_u64};
use decode::{Input, Interner};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Bumped whenever the bytes written change meaning; older files are then rebuilt.
const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"triageIX";
const END: &[u8; 8] = b"triageEN";
/// magic, format, header length, header checksum.
const PREFIX: usize = 8 + 4 + 4 + 8;
/// bucket, offset, length, records, checksum.
const ROW: usize = 4 + 8 + 8 + 4 + 8;
/// table rows, table checksum, end magic.
const TRAILER: usize = 4 + 8 + 8;
const MAX_BUCKETS: u32 = 1 << 16;
/// Notes per segment aimed for: small enough that one note's change rewrites little, large
/// enough that a 100k-note vault needs a few hundred reads.
const NOTES_PER_SEGMENT: usize = 256;

/// Where the index of one vault, read with one config, is kept between runs.
#[derive(Clone, Debug)]
pub struct Cache {
    file: PathBuf,
    /// The canonical vault folder, as recorded in the file: a cache of another folder is refused.
    root: String,
    /// Of the crate version and every config setting that changes what a note parses to.
    fingerprint: u64,
}

impl Cache {
    /// The cache file for this vault and config in `dir` (created on first write).
    pub fn in_dir(dir: &Path, root: &Path, cfg: &Config) -> Cache {
        let root = std::fs::canonicalize(root)
            .or_else(|_| std::path::absolute(root))
            .unwrap_or_else(|_| root.to_path_buf());
        let root = root.to_string_lossy().into_owned();
        let file = dir.join(format!("vault-{:016x}.idx", checksum(root.as_bytes())));
        Cache {
            file,
            root,
            fingerprint: fingerprint(cfg),
        }
    }

    /// In `$TRIAGE_CACHE_DIR`, else the platform cache folder; `None` if there is none.
    pub fn for_vault(root: &Path, cfg: &Config) -> Option<Cache> {
        let dir = match std::env::var_os("TRIAGE_CACHE_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "triage")?
                .cache_dir()
                .to_path_buf(),
        };
        Some(Cache::in_dir(&dir, root, cfg))
    }

    /// The cache file (it may not exist yet).
    pub fn file(&self) -> &Path {
        &self.file
    }

    fn header(&self, buckets: u32) -> Vec<u8> {
        let mut body = Vec::new();
        put_str(&mut body, env!("CARGO_PKG_VERSION"));
        put_u64(&mut body, self.fingerprint);
        put_str(&mut body, &self.root);
        put_u32(&mut body, buckets);
        let mut out = Vec::with_capacity(PREFIX + body.len());
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, FORMAT);
        put_u32(&mut out, body.len() as u32);
        put_u64(&mut out, checksum(&body));
        out.extend_from_slice(&body);
        out
    }
}

/// The settings that decide what a note parses to, destructured so that a new config field
/// does not compile until someone decides whether it belongs here.
fn fingerprint(cfg: &Config) -> u64 {
    let Config {
        vault: _,
        me,
        people,
        accounts,
        ignore,
        statuses,
        proposed,
        views: _,
        keys: _,
        theme: _,
        source: _,
        lookup: _,
    } = cfg;
    // Debug of Vecs and BTreeMaps is in a fixed order, so the text is stable for equal settings.
    let text = format!(
        "{} {FORMAT} {me:?} {people:?} {accounts:?} {ignore:?} {statuses:?} {proposed:?}",
        env!("CARGO_PKG_VERSION")
    );
    checksum(text.as_bytes())
}

/// The bucket a note's records live in: a stable hash of its path.
pub(crate) fn bucket_of(path: &str, buckets: u32) -> u32 {
    (checksum(path.as_bytes()) % u64::from(buckets.max(1))) as u32
}

/// How many buckets a vault of `notes` notes should use, keeping `current` while it still fits
/// (a change of bucket count rewrites every segment).
pub(crate) fn bucket_count(notes: usize, current: Option<u32>) -> u32 {
    let ideal = (notes / NOTES_PER_SEGMENT).max(1).next_power_of_two();
    let ideal = u32::try_from(ideal).unwrap_or(MAX_BUCKETS).min(MAX_BUCKETS);
    match current {
        Some(c) if c / 8 <= ideal && ideal <= c.saturating_mul(8) => c,
        _ => ideal,
    }
}

/// One segment of a cache file, as its table describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub bucket: u32,
    offset: u64,
    len: u64,
    pub records: u32,
    sum: u64,
}

/// A cache file that passed its header and table checks, open for reading segments.
pub(crate) struct Stored {
    file: File,
    pub buckets: u32,
    pub segments: Vec<Segment>,
}

/// Every note of a cache file that decoded; `bad` lists the buckets whose segment did not.
#[derive(Default)]
pub(crate) struct Decoded {
    pub notes: Vec<(Key, ParsedNote)>,
    pub bad: Vec<u32>,
}

impl Cache {
    /// The cache file if it is there and its header and table hold; `None` otherwise (logged).
    pub(crate) fn open(&self) -> Option<Stored> {
        let file = match File::open(&self.file) {
            Ok(f) => f,
            Err(e) => {
                if e.kind() != io::ErrorKind::NotFound {
                    tracing::debug!(file = %self.file.display(), "index cache unreadable: {e}");
                }
                return None;
            }
        };
        match self.check(file) {
            Ok(stored) => Some(stored),
            Err(why) => {
                tracing::debug!(file = %self.file.display(), "index cache not used: {why}");
                None
            }
        }
    }

    fn check(&self, file: File) -> Result<Stored, String> {
        let size = file.metadata().map_err(|e| e.to_string())?.len();
        if size < (PREFIX + TRAILER) as u64 {
            return Err("too short".into());
        }
        let mut prefix = [0u8; PREFIX];
        read_at(&file, &mut prefix, 0).map_err(|e| e.to_string())?;
        let mut p = Input::new(&prefix);
        let (magic, format) = (p.take(8).ok(), p.u32().ok());
        if magic != Some(&MAGIC[..]) || format != Some(FORMAT) {
            return Err("another format".into());
        }
        let (len, sum) = (p.u32().unwrap_or(0), p.u64().unwrap_or(0));
        let header_end = PREFIX as u64 + u64::from(len);
        if header_end + TRAILER as u64 > size {
            return Err("header runs past the end".into());
        }
        let mut body = vec![0u8; len as usize];
        read_at(&file, &mut body, PREFIX as u64).map_err(|e| e.to_string())?;
        if checksum(&body) != sum {
            return Err("header checksum".into());
        }
        let mut h = Input::new(&body);
        let bad = |_| "header".to_string();
        if h.str().map_err(bad)? != env!("CARGO_PKG_VERSION") {
            return Err("written by another version".into());
        }
        if h.u64().map_err(bad)? != self.fingerprint {
            return Err("written with other settings".into());
        }
        if h.str().map_err(bad)? != self.root {
            return Err("written for another vault".into());
        }
        let buckets = h.u32().map_err(bad)?;
        if !h.is_done() || buckets == 0 || buckets > MAX_BUCKETS {
            return Err("header".into());
        }
        let mut trailer = [0u8; TRAILER];
        read_at(&file, &mut trailer, size - TRAILER as u64).map_err(|e| e.to_string())?;
        let mut t = Input::new(&trailer);
        let (rows, sum) = (t.u32().unwrap_or(0), t.u64().unwrap_or(0));
        if t.take(8).ok() != Some(&END[..]) {
            return Err("end marker".into());
        }
        let table_len = u64::from(rows) * ROW as u64;
        if rows > buckets || header_end + table_len + TRAILER as u64 > size {
            return Err("table size".into());
        }
        let table_at = size - TRAILER as u64 - table_len;
        let mut table = vec![0u8; table_len as usize];
        read_at(&file, &mut table, table_at).map_err(|e| e.to_string())?;
        if checksum(&table) != sum {
            return Err("table checksum".into());
        }
        let segments = table_rows(&table, rows).map_err(|e| e.0.to_string())?;
        tiles(&segments, buckets, header_end, table_at)?;
        Ok(Stored {
            file,
            buckets,
            segments,
        })
    }
}

fn table_rows(table: &[u8], rows: u32) -> Result<Vec<Segment>, codec::Corrupt> {
    let mut t = Input::new(table);
    let mut out = Vec::with_capacity(rows as usize);
    for _ in 0..rows {
        out.push(Segment {
            bucket: t.u32()?,
            offset: t.u64()?,
            len: t.u64()?,
            records: t.u32()?,
            sum: t.u64()?,
        });
    }
    Ok(out)
}

/// The segments must cover the bytes between header and table exactly, once each, in order of
/// offset, each for its own bucket: nothing unaccounted for, no garbage in between.
fn tiles(segments: &[Segment], buckets: u32, start: u64, end: u64) -> Result<(), String> {
    let mut seen = vec![false; buckets as usize];
    let mut at = start;
    for s in segments {
        let fresh = seen
            .get_mut(s.bucket as usize)
            .map(|b| !std::mem::replace(b, true));
        if fresh != Some(true) || s.offset != at || s.len == 0 {
            return Err("segment table".into());
        }
        at = at.checked_add(s.len).ok_or("segment table")?;
    }
    if at != end {
        return Err("bytes outside any segment".into());
    }
    Ok(())
}

fn threads_for(jobs: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(jobs)
        .max(1)
}

impl Stored {
    /// Decodes every segment, in parallel; a segment that fails is left out and named in `bad`.
    pub(crate) fn decode(&self) -> Decoded {
        let next = AtomicUsize::new(0);
        let done = Mutex::new(Decoded::default());
        std::thread::scope(|s| {
            for _ in 0..threads_for(self.segments.len()) {
                s.spawn(|| {
                    let mut mine = Decoded::default();
                    let mut buf = Vec::new();
                    let mut interner = Interner::default();
                    while let Some(seg) = self.segments.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let kept = mine.notes.len();
                        if let Err(why) = self.segment(seg, &mut buf, &mut interner, &mut mine) {
                            tracing::warn!(
                                bucket = seg.bucket,
                                "index cache segment dropped: {why}"
                            );
                            mine.notes.truncate(kept);
                            mine.bad.push(seg.bucket);
                        }
                    }
                    let mut all = done.lock().unwrap_or_else(|e| e.into_inner());
                    all.notes.append(&mut mine.notes);
                    all.bad.append(&mut mine.bad);
                });
            }
        });
        done.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn segment(
        &self,
        seg: &Segment,
        buf: &mut Vec<u8>,
        interner: &mut Interner,
        out: &mut Decoded,
    ) -> Result<(), String> {
        // One segment at a time per thread: the buffer is as big as the largest segment, not the file.
        let len = usize::try_from(seg.len).map_err(|_| "segment size")?;
        buf.resize(len, 0);
        read_at(&self.file, buf, seg.offset).map_err(|e| e.to_string())?;
        if checksum(buf) != seg.sum {
            return Err("checksum".into());
        }
        let before = out.notes.len();
        decode::segment(buf, interner, &mut out.notes).map_err(|e| e.0.to_string())?;
        let decoded = &out.notes[before..];
        if decoded.len() != seg.records as usize {
            return Err("record count".into());
        }
        if decoded
            .iter()
            .any(|(_, n)| bucket_of(&n.meta.path, self.buckets) != seg.bucket)
        {
            return Err("a note in the wrong bucket".into());
        }
        Ok(())
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The notes of one bucket, each with the key it is cached under.
pub(crate) type BucketNotes<'a> = Vec<(Key, &'a ParsedNote)>;

/// What a write keeps and what it encodes anew.
pub(crate) struct Plan<'a> {
    pub buckets: u32,
    /// Segments of the old file whose notes are all still current: copied byte for byte.
    pub keep: Vec<Segment>,
    /// Per bucket to encode, its notes (those whose stamps can be trusted next time).
    pub encode: Vec<(u32, BucketNotes<'a>)>,
}

/// The output file while workers append segments to it.
struct Out {
    file: File,
    at: u64,
    rows: Vec<Segment>,
}

impl Cache {
    /// Writes a new cache file next to the old one and renames it into place, so readers see
    /// the old file or the new one, never half of one. Failures are logged and leave no file;
    /// returns whether the file was written.
    pub(crate) fn write(&self, old: Option<&Stored>, plan: Plan) -> bool {
        let Some(dir) = self.file.parent() else {
            return false;
        };
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let nanos = since_epoch(std::time::SystemTime::now()).1;
        let tmp = dir.join(format!(
            ".{name}.{}.{nanos}.{}.tmp",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let result = std::fs::create_dir_all(dir)
            .and_then(|()| self.write_to(&tmp, old, plan))
            .and_then(|()| std::fs::rename(&tmp, &self.file));
        match result {
            Ok(()) => true,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                tracing::debug!(file = %self.file.display(), "index cache not written: {e}");
                false
            }
        }
    }

    fn write_to(&self, tmp: &Path, old: Option<&Stored>, plan: Plan) -> io::Result<()> {
        let mut file = File::options().write(true).create_new(true).open(tmp)?;
        let header = self.header(plan.buckets);
        file.write_all(&header)?;
        let out = Mutex::new(Out {
            file,
            at: header.len() as u64,
            rows: Vec::with_capacity(plan.keep.len() + plan.encode.len()),
        });
        let jobs = plan.keep.len() + plan.encode.len();
        let next = AtomicUsize::new(0);
        let failed = Mutex::new(None::<io::Error>);
        std::thread::scope(|s| {
            for _ in 0..threads_for(jobs) {
                s.spawn(|| {
                    let mut buf = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let job = if let Some(seg) = plan.keep.get(i) {
                            copy_segment(old, seg, &mut buf)
                        } else if let Some((bucket, notes)) = plan.encode.get(i - plan.keep.len()) {
                            Ok(encode_segment(*bucket, notes, &mut buf))
                        } else {
                            break;
                        };
                        let appended = job.and_then(|row| append(&out, row, &buf));
                        if let Err(e) = appended {
                            *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                            break;
                        }
                    }
                });
            }
        });
        if let Some(e) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        let Out { mut file, rows, .. } = out.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut table = Vec::with_capacity(rows.len() * ROW + TRAILER);
        for r in &rows {
            put_u32(&mut table, r.bucket);
            put_u64(&mut table, r.offset);
            put_u64(&mut table, r.len);
            put_u32(&mut table, r.records);
            put_u64(&mut table, r.sum);
        }
        let sum = checksum(&table);
        put_u32(&mut table, rows.len() as u32);
        put_u64(&mut table, sum);
        table.extend_from_slice(END);
        file.write_all(&table)
    }
}

/// The bytes of a segment kept from the old file, checked again: the old file could have been
/// replaced by now, and a reader must never get bytes its table does not vouch for.
fn copy_segment(old: Option<&Stored>, seg: &Segment, buf: &mut Vec<u8>) -> io::Result<Segment> {
    let old = old.ok_or_else(|| io::Error::other("no old file to copy from"))?;
    let len = usize::try_from(seg.len).map_err(io::Error::other)?;
    buf.resize(len, 0);
    read_at(&old.file, buf, seg.offset)?;
    if checksum(buf) != seg.sum {
        return Err(io::Error::other("old segment changed"));
    }
    Ok(*seg)
}

fn encode_segment(bucket: u32, notes: &[(Key, &ParsedNote)], buf: &mut Vec<u8>) -> Segment {
    let mut w = SegmentWriter::default();
    for (key, note) in notes {
        w.note(key, note);
    }
    let records = w.records();
    w.finish(buf);
    Segment {
        bucket,
        offset: 0,
        len: buf.len() as u64,
        records,
        sum: checksum(buf),
    }
}

/// Appends one segment's bytes; the table rows end up in the order written, which is the
/// order of offsets the reader checks.
fn append(out: &Mutex<Out>, mut row: Segment, buf: &[u8]) -> io::Result<()> {
    if buf.is_empty() {
        return Ok(());
    }
    let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
    out.file.write_all(buf)?;
    row.offset = out.at;
    out.at += buf.len() as u64;
    out.rows.push(row);
    Ok(())
}
