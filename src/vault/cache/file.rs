//! Reading a cache file: the header and table checks, and the parallel decode of its segments.
//! Refuses anything it cannot vouch for (a bad length, checksum or layout); it never writes.

use super::codec::{self, Key, checksum, put_str, put_u32, put_u64};
use super::decode::{self, Input, Interner};
use super::{Cache, bucket_in, path_hash};
use crate::task::ParsedNote;
use std::fs::File;
use std::io;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bumped whenever the bytes written change meaning; older files are then rebuilt.
pub(super) const FORMAT: u32 = 4;
pub(super) const MAGIC: &[u8; 8] = b"triageIX";
pub(super) const END: &[u8; 8] = b"triageEN";
/// magic, format, header length, header checksum.
pub(super) const PREFIX: usize = 8 + 4 + 4 + 8;
/// bucket, offset, length, records, checksum.
pub(super) const ROW: usize = 4 + 8 + 8 + 4 + 8;
/// table rows, table checksum, end magic.
pub(super) const TRAILER: usize = 4 + 8 + 8;
pub(super) const MAX_BUCKETS: u32 = 1 << 16;
/// The header holds a version, a number and the vault's path: anything longer is damage, and a
/// length is checked before any memory is set aside for it (a sparse file is cheap to make huge).
pub(super) const MAX_HEADER: u32 = 64 << 10;
/// A segment is about 256 notes; one longer than this is not read (its notes are parsed instead)
/// and not written, so no length in the file can make a reader hold gigabytes.
pub(super) const MAX_SEGMENT: u64 = 256 << 20;
/// How old a file that is read may get before it is marked as in use again.
const MARK_USED_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

impl Cache {
    pub(super) fn header(&self, buckets: u32) -> Vec<u8> {
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

/// One segment of a cache file, as its table describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub bucket: u32,
    pub offset: u64,
    pub len: u64,
    pub records: u32,
    pub sum: u64,
}

/// A cache file that passed its header and table checks, open for reading segments.
pub(crate) struct Stored {
    pub(super) file: File,
    pub buckets: u32,
    pub segments: Vec<Segment>,
    /// When the file was last written (or marked as in use).
    modified: Option<std::time::SystemTime>,
}

/// Every note of a cache file that decoded; `bad` lists the buckets whose segment did not.
#[derive(Default)]
pub(crate) struct Decoded {
    pub notes: Vec<(Key, ParsedNote)>,
    /// [`path_hash`] of each note's path, in the same order: computed while the path is fresh
    /// in the processor's cache, so the lookup table is built without reading paths again.
    pub hashes: Vec<u64>,
    pub bad: Vec<u32>,
}

impl Cache {
    /// The cache file if it is there and its header and table hold; `None` otherwise (logged).
    pub(crate) fn open(&self) -> Option<Stored> {
        if !self.usable {
            return None;
        }
        // Only a regular file is opened: opening a FIFO would wait for a writer, forever.
        match std::fs::metadata(&self.file) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                tracing::debug!(file = %self.file.display(), "index cache is not a file");
                return None;
            }
            Err(e) => {
                if e.kind() != io::ErrorKind::NotFound {
                    tracing::debug!(file = %self.file.display(), "index cache unreadable: {e}");
                }
                return None;
            }
        }
        let file = match crate::vault::open_regular(&self.file) {
            Ok((f, _)) => f,
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
        let meta = file.metadata().map_err(|e| e.to_string())?;
        if !meta.is_file() {
            return Err("not a file".into());
        }
        let size = meta.len();
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
        if len > MAX_HEADER || header_end + TRAILER as u64 > size {
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
            modified: meta.modified().ok(),
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
        if fresh != Some(true) || s.offset != at || s.len == 0 || s.len > MAX_SEGMENT {
            return Err("segment table".into());
        }
        at = at.checked_add(s.len).ok_or("segment table")?;
    }
    if at != end {
        return Err("bytes outside any segment".into());
    }
    Ok(())
}

pub(super) fn threads_for(jobs: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(jobs)
        .max(1)
}

impl Stored {
    /// Marks a file that was read but needed no rewrite as in use, once a day at most, so that
    /// pruning (which goes by the time of the last write) never takes the cache of a vault that
    /// is opened every day and seldom changes.
    pub(crate) fn mark_used(&self) {
        let now = std::time::SystemTime::now();
        let stale = self
            .modified
            .is_none_or(|m| now.duration_since(m).is_ok_and(|age| age > MARK_USED_AFTER));
        if stale && let Err(e) = self.file.set_modified(now) {
            tracing::debug!("index cache not marked as in use: {e}");
        }
    }

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
                            mine.hashes.truncate(kept);
                            mine.bad.push(seg.bucket);
                        }
                    }
                    let mut all = done.lock().unwrap_or_else(|e| e.into_inner());
                    all.notes.append(&mut mine.notes);
                    all.hashes.append(&mut mine.hashes);
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
        for (_, note) in decoded {
            let hash = path_hash(&note.meta.path);
            if bucket_in(hash, self.buckets) != seg.bucket {
                return Err("a note in the wrong bucket".into());
            }
            out.hashes.push(hash);
        }
        Ok(())
    }
}

#[cfg(unix)]
pub(super) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
pub(super) fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
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
