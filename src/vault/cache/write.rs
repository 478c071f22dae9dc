//! Writing a cache file: kept segments copied, changed buckets encoded in parallel, the table
//! last, then one rename. Never leaves a partial file where a reader looks.

use super::Cache;
use super::codec::{Key, SegmentWriter, checksum, put_u32, put_u64, since_epoch};
use super::file::{END, MAX_SEGMENT, ROW, Segment, Stored, TRAILER, read_at, threads_for};
use crate::task::ParsedNote;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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
        let Some(dir) = self.file.parent().filter(|_| self.usable) else {
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
            Ok(()) => {
                super::prune::prune(dir, &self.file);
                true
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                tracing::debug!(file = %self.file.display(), "index cache not written: {e}");
                false
            }
        }
    }

    fn write_to(&self, tmp: &Path, old: Option<&Stored>, plan: Plan) -> io::Result<()> {
        let mut options = File::options();
        options.write(true).create_new(true);
        // The cache holds the notes' task lines: as private as the notes, whatever the umask.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(tmp)?;
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
    // A reader refuses a longer segment: its notes stay uncached and are parsed each time.
    if buf.is_empty() || buf.len() as u64 > MAX_SEGMENT {
        return Ok(());
    }
    let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
    out.file.write_all(buf)?;
    row.offset = out.at;
    out.at += buf.len() as u64;
    out.rows.push(row);
    Ok(())
}
