//! The live worker's disk access: stat-only walks with the scan's own walker, and note reads that
//! also hash the bytes so an unchanged note is never parsed again. Reads only; never writes.

use super::index::{Entry, Stamp};
use super::scan::{is_note_path, relative_path, walker};
use crate::config::Config;
use crate::parse::parse_note;
use crate::task::{Finding, FindingKind};
use ignore::WalkState;
use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant, SystemTime};

/// A file written this recently may be written again with the same length and mtime (coarse
/// clocks: a few ms on Linux, 1–2 s on FAT and network shares), so its stamp alone proves nothing.
const RACY: Duration = Duration::from_secs(3);

/// Below this many files a batch is read on the worker itself; threads would cost more.
const PARALLEL_FROM: usize = 24;

/// Work counters, for tests and benchmarks to see that ignored paths and own writes cost nothing.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub reads: AtomicU64,
    pub parses: AtomicU64,
    pub walks: AtomicU64,
}

/// A note read with the hash of its bytes and whether its stamp can be trusted later.
pub(crate) struct NoteRead {
    pub entry: Entry,
    pub hash: u64,
    pub racy: bool,
}

pub(crate) enum Outcome {
    /// The bytes hash as before: nothing to parse.
    Same {
        stamp: Stamp,
        racy: bool,
    },
    Parsed(NoteRead),
    Gone,
    Failed(io::Error),
}

/// What a stat-only walk found: notes with their stamps (`None`: could not stat, read to find
/// out) and the paths the walk could not enter.
#[derive(Default)]
pub(crate) struct Walked {
    pub notes: HashMap<Arc<str>, Option<Stamp>>,
    pub problems: Vec<Finding>,
}

/// Walks `dir` (vault-relative, `""` for all) with the scan's walker and skip rules, stat only.
pub(crate) fn stat_walk(
    root: &Path,
    cfg: &Config,
    dir: &str,
    stop: &AtomicBool,
) -> Result<Walked, ignore::Error> {
    let mut builder = walker(root, cfg)?;
    if !dir.is_empty() {
        let start = root.join(dir);
        // Only the chain of folders down to `dir` is listed above it; nothing beside it is entered.
        builder.filter_entry(move |e| start.starts_with(e.path()) || e.path().starts_with(&start));
    }
    let (tx, rx) = mpsc::channel::<Result<(Arc<str>, Option<Stamp>), Finding>>();
    builder.build_parallel().run(|| {
        let tx = tx.clone();
        Box::new(move |item| {
            if stop.load(Ordering::Relaxed) {
                return WalkState::Quit;
            }
            let found = match item {
                Ok(entry) => {
                    let path = entry.path();
                    if !entry.file_type().is_some_and(|t| t.is_file()) || !is_note_path(path) {
                        return WalkState::Continue;
                    }
                    let Some(rel) = relative_path(root, path) else {
                        return WalkState::Continue;
                    };
                    Ok((rel, entry.metadata().ok().map(|m| stamp_of(&m))))
                }
                Err(err) => match walk_problem(root, &err) {
                    Some(f) => Err(f),
                    None => return WalkState::Continue,
                },
            };
            if tx.send(found).is_err() {
                return WalkState::Quit;
            }
            WalkState::Continue
        })
    });
    drop(tx);
    let mut walked = Walked::default();
    for item in rx {
        match item {
            Ok((rel, stamp)) => {
                walked.notes.insert(rel, stamp);
            }
            Err(f) => walked.problems.push(f),
        }
    }
    Ok(walked)
}

/// A walk error as the scan reports it: an unreadable entry or a symlink loop, at its path.
fn walk_problem(root: &Path, err: &ignore::Error) -> Option<Finding> {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let path = relative_path(root, path_of(err)?)?;
    Some(Finding {
        path,
        line: 0,
        kind: FindingKind::Unreadable,
        message: format!("cannot read: {err}"),
    })
}

/// Reads notes, in parallel when there are many, reporting how many are done; results in the
/// order given. `prior` is the hash last seen for the note, so unchanged bytes skip the parse.
pub(crate) fn read_many(
    root: &Path,
    cfg: &Config,
    counters: &Counters,
    stop: &AtomicBool,
    list: Vec<(Arc<str>, Option<u64>)>,
    progress: Option<&dyn Fn(usize)>,
) -> Vec<(Arc<str>, Outcome)> {
    let read = |(rel, prior): &(Arc<str>, Option<u64>)| {
        counters.reads.fetch_add(1, Ordering::Relaxed);
        let outcome = read_one(root, rel, *prior, cfg);
        if matches!(outcome, Outcome::Parsed(_)) {
            counters.parses.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    if list.len() < PARALLEL_FROM || threads < 2 {
        let out: Vec<_> = list
            .iter()
            .map(|item| (item.0.clone(), read(item)))
            .collect();
        if let Some(p) = progress {
            p(out.len());
        }
        return out;
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let mut done: Vec<(usize, Outcome)> = Vec::with_capacity(list.len());
    std::thread::scope(|s| {
        for _ in 0..threads.min(list.len() / PARALLEL_FROM + 1) {
            let tx = tx.clone();
            let (next, list, read) = (&next, &list, &read);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = list.get(i) else { break };
                    if stop.load(Ordering::Relaxed) || tx.send((i, read(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut last = Instant::now();
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(item) => done.push(item),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if let Some(p) = progress
                && last.elapsed() >= Duration::from_millis(100)
            {
                p(done.len());
                last = Instant::now();
            }
        }
    });
    if let Some(p) = progress {
        p(done.len());
    }
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter()
        .map(|(i, outcome)| (list[i].0.clone(), outcome))
        .collect()
}

pub(crate) fn is_missing(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

pub(crate) fn stamp_of(meta: &std::fs::Metadata) -> Stamp {
    Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    }
}

fn read_one(root: &Path, rel: &Arc<str>, prior: Option<u64>, cfg: &Config) -> Outcome {
    match read_bytes(root, rel) {
        Ok(Some((bytes, stamp))) => {
            let hash = content_hash(&bytes);
            let racy = is_racy(stamp);
            if prior == Some(hash) {
                Outcome::Same { stamp, racy }
            } else {
                let note = parse_note(rel.clone(), &bytes, cfg);
                Outcome::Parsed(NoteRead {
                    entry: Entry { note, stamp },
                    hash,
                    racy,
                })
            }
        }
        Ok(None) => Outcome::Gone,
        Err(e) if is_missing(&e) => Outcome::Gone,
        Err(e) => Outcome::Failed(e),
    }
}

/// The bytes and stamp of a note, the stamp taken from the open file as the scan does;
/// `None` when the path is no longer a file.
fn read_bytes(root: &Path, rel: &str) -> io::Result<Option<(Vec<u8>, Stamp)>> {
    let (mut file, meta) = match super::scan::open_regular(&root.join(rel)) {
        Ok(opened) => opened,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes)?;
    Ok(Some((bytes, stamp_of(&meta))))
}

/// Reads and parses one note like the scan does, with what the live worker needs to recognise it.
pub(crate) fn read_note_hashed(root: &Path, rel: Arc<str>, cfg: &Config) -> io::Result<NoteRead> {
    let (bytes, stamp) = read_bytes(root, &rel)?
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file"))?;
    Ok(NoteRead {
        hash: content_hash(&bytes),
        racy: is_racy(stamp),
        entry: Entry {
            note: parse_note(rel, &bytes, cfg),
            stamp,
        },
    })
}

pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

pub(crate) fn is_racy(stamp: Stamp) -> bool {
    stamp.modified.is_none_or(|m| {
        SystemTime::now()
            .duration_since(m)
            .map_or(true, |age| age < RACY)
    })
}
