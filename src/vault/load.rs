//! The full index through the cache: notes whose files are unchanged since they were cached come
//! from it, the rest are read and parsed like the scan. Never trusts a cached note over the file.

use super::cache::{
    BucketNotes, Cache, Key, Plan, Segment, Stored, bucket_count, bucket_of, path_hash, since_epoch,
};
use super::disk::{content_hash, stamp_of};
use super::index::{Entry, Index};
use super::scan::{
    KEEP_BUFFER, is_note_path, read_with_meta, relative_path_into, walk_finding, walker,
};
use crate::config::Config;
use crate::hash::FxHashMap;
use crate::parse::{NameCache, parse_note_with};
use crate::task::{Finding, FindingKind, ParsedNote};
use ignore::{ParallelVisitor, ParallelVisitorBuilder, WalkState};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// What one [`load`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Notes taken from the cache as they were.
    pub reused: usize,
    /// Notes read and parsed.
    pub parsed: usize,
    /// Cached notes not used: their file changed, went away, or their segment was damaged.
    pub removed: usize,
    /// Whether the cache file was written.
    pub written: bool,
}

/// A stamp this close to the start of the run (or after it) may belong to a file that is still
/// being written within one tick of a coarse clock (FAT: 2 s): such notes are read every time.
const RACY_NS: i128 = 2_000_000_000;

/// How often a load with a progress report tells how far it got.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The full index like [`super::scan`], reusing every cached note whose file is unchanged; writes
/// the cache back when anything differed. Cache problems never fail the load.
pub fn load(root: &Path, cfg: &Config, cache: Option<&Cache>) -> Result<Index, ignore::Error> {
    load_with_stats(root, cfg, cache).map(|(index, _)| index)
}

/// [`load`], also telling how many notes came from the cache and how many were parsed.
pub fn load_with_stats(
    root: &Path,
    cfg: &Config,
    cache: Option<&Cache>,
) -> Result<(Index, LoadStats), ignore::Error> {
    load_as_of(root, cfg, cache, SystemTime::now())
}

/// [`load_with_stats`] as if the run had started at `started`: notes changed less than two
/// seconds before it are neither trusted nor cached. For tests that cannot wait for the clock.
#[doc(hidden)]
pub fn load_as_of(
    root: &Path,
    cfg: &Config,
    cache: Option<&Cache>,
    started: SystemTime,
) -> Result<(Index, LoadStats), ignore::Error> {
    load_hashed(root, cfg, cache, false, started, None).map(|l| (l.index, l.stats))
}

/// A load, with the content hash of every note it parsed when `hash` is set (the live vault
/// keeps them to recognise a rewrite with the same bytes). `progress`, if given, hears the
/// number of notes done so far every tenth of a second, on the calling thread.
pub(crate) struct Loaded {
    pub index: Index,
    pub stats: LoadStats,
    pub hashes: HashMap<Arc<str>, u64>,
}

pub(crate) fn load_hashed(
    root: &Path,
    cfg: &Config,
    cache: Option<&Cache>,
    hash: bool,
    started: SystemTime,
    progress: Option<&dyn Fn(usize)>,
) -> Result<Loaded, ignore::Error> {
    let walk = walker(root, cfg)?.build_parallel();
    let (secs, nanos) = since_epoch(started);
    let trusted_until = i128::from(secs) * 1_000_000_000 + i128::from(nanos) - RACY_NS;
    let clock = std::time::Instant::now();
    let stored = cache.and_then(Cache::open);
    let decoded = stored.as_ref().map(Stored::decode).unwrap_or_default();
    let bad = decoded.bad;
    // Path hash → index; a path is compared in full only when its hash matches. Sized up front:
    // grown one insert at a time, the map would be rebuilt a dozen times.
    let mut cached: FxHashMap<u64, usize> =
        FxHashMap::with_capacity_and_hasher(decoded.hashes.len(), Default::default());
    for (i, hash) in decoded.hashes.into_iter().enumerate() {
        cached.entry(hash).or_insert(i);
    }
    // Same layout: collected in place, so the cached notes are never held twice.
    let mut cached_notes: Vec<(Key, Option<ParsedNote>)> = decoded
        .notes
        .into_iter()
        .map(|(key, note)| (key, Some(note)))
        .collect();
    let done = Mutex::new(Vec::new());
    let seen = AtomicUsize::new(0);
    let mut visitors = Visitors {
        shared: Shared {
            root,
            cfg,
            cached: &cached,
            notes: &cached_notes,
            trusted_until,
            hash,
            seen: &seen,
        },
        done: &done,
    };
    match progress {
        None => walk.visit(&mut visitors),
        Some(report) => std::thread::scope(|s| {
            let (finished, wait) = mpsc::channel::<()>();
            s.spawn(move || {
                walk.visit(&mut visitors);
                drop(finished);
            });
            while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(PROGRESS_EVERY) {
                report(seen.load(Ordering::Relaxed));
            }
        }),
    }
    drop(cached);
    let batches = done.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut findings = Vec::new();
    let mut stats = LoadStats::default();
    let mut items = Vec::with_capacity(batches.iter().map(|b| b.found.len()).sum());
    let mut hashes = HashMap::new();
    let mut runs = Vec::with_capacity(batches.len());
    for batch in batches {
        findings.extend(batch.findings);
        runs.push(batch.found.into_iter().peekable());
    }
    // Each walker thread's batch is sorted; merging them needs no sort buffer the size of the vault.
    loop {
        let first = runs
            .iter_mut()
            .enumerate()
            .filter_map(|(i, run)| Some((i, run.peek()?.path())))
            .min_by(|a, b| a.1.cmp(b.1))
            .map(|(i, _)| i);
        let Some(found) = first.and_then(|i| runs.get_mut(i)?.next()) else {
            break;
        };
        items.extend(stats.take(found, &mut cached_notes, &mut hashes));
    }
    stats.removed = cached_notes.iter().filter(|(_, n)| n.is_some()).count();
    drop(cached_notes);
    items.dedup_by(|later, kept| later.entry.note.meta.path == kept.entry.note.meta.path);
    if let Some(cache) = cache {
        // Every note came from the cache, and every cached note was used: the file holds
        // exactly this vault, and planning a write (a pass over every note) would find nothing.
        let unchanged = stats.parsed == 0 && stats.removed == 0 && bad.is_empty();
        match &stored {
            Some(stored) if unchanged => stored.mark_used(),
            _ => {
                let (plan, needed) = plan(&items, stored.as_ref(), &bad);
                if needed {
                    stats.written = cache.write(stored.as_ref(), plan);
                } else if let Some(stored) = &stored {
                    stored.mark_used();
                }
            }
        }
    }
    drop(stored);
    let mut index = Index::from_sorted_unique(items.into_iter().map(|i| i.entry).collect(), cfg);
    findings.sort_by(|a, b| a.path.cmp(&b.path));
    index.scan_findings = findings;
    tracing::debug!(?stats, elapsed = ?clock.elapsed(), "vault loaded through the index cache");
    Ok(Loaded {
        index,
        stats,
        hashes,
    })
}

impl LoadStats {
    /// What the walk found for one note, as it will be indexed and cached, counted.
    fn take(
        &mut self,
        found: Found,
        cached: &mut [(Key, Option<ParsedNote>)],
        hashes: &mut HashMap<Arc<str>, u64>,
    ) -> Option<Item> {
        match found {
            Found::Hit { index, stamp, .. } => {
                let (key, note) = cached.get_mut(index)?;
                let note = note.take()?;
                self.reused += 1;
                Some(Item {
                    entry: Entry { note, stamp },
                    key: Some(*key),
                    hit: true,
                })
            }
            Found::Parsed { entry, key, hash } => {
                self.parsed += 1;
                if let Some(h) = hash {
                    hashes.insert(entry.note.meta.path.clone(), h);
                }
                Some(Item {
                    entry,
                    key,
                    hit: false,
                })
            }
        }
    }
}

/// One note of the vault after the walk, its parse as it came from the parser (before the index
/// unifies account spellings: the cache must hold what the parser produced).
struct Item {
    entry: Entry,
    /// The key to cache the note under; `None` when its stamp cannot be trusted next time.
    key: Option<Key>,
    hit: bool,
}

/// Which old segments stay as they are and which buckets are encoded again; whether the file
/// needs writing at all.
fn plan<'a>(items: &'a [Item], stored: Option<&Stored>, bad: &[u32]) -> (Plan<'a>, bool) {
    let buckets = bucket_count(items.len(), stored.map(|s| s.buckets));
    let old = stored.filter(|s| s.buckets == buckets);
    // Per bucket: the notes to cache in it, and how many of them came from the cache.
    let mut per_bucket: Vec<(BucketNotes, usize)> = Vec::new();
    per_bucket.resize_with(buckets as usize, Default::default);
    for item in items {
        if let Some(key) = item.key
            && let Some(slot) =
                per_bucket.get_mut(bucket_of(&item.entry.note.meta.path, buckets) as usize)
        {
            slot.0.push((key, &item.entry.note));
            slot.1 += usize::from(item.hit);
        }
    }
    let mut keep: Vec<Segment> = Vec::new();
    if let Some(old) = old {
        // A segment stays when every note in it was reused and nothing joined its bucket.
        keep = old
            .segments
            .iter()
            .filter(|s| !bad.contains(&s.bucket))
            .filter(|s| {
                per_bucket
                    .get(s.bucket as usize)
                    .is_some_and(|(notes, hits)| {
                        *hits == s.records as usize && notes.len() == *hits
                    })
            })
            .copied()
            .collect();
    }
    let mut kept = vec![false; buckets as usize];
    for s in &keep {
        if let Some(k) = kept.get_mut(s.bucket as usize) {
            *k = true;
        }
    }
    let encode: Vec<(u32, BucketNotes)> = (0..buckets)
        .zip(per_bucket)
        .zip(kept)
        .filter(|((_, (notes, _)), kept)| !kept && !notes.is_empty())
        .map(|((b, (notes, _)), _)| (b, notes))
        .collect();
    let needed = match old {
        Some(old) => !encode.is_empty() || keep.len() != old.segments.len(),
        // A new vault whose notes are all too fresh to cache leaves no file behind.
        None => stored.is_some() || !encode.is_empty(),
    };
    (
        Plan {
            buckets,
            keep,
            encode,
        },
        needed,
    )
}

enum Found {
    /// The cached note at this index holds for the file as it is now.
    Hit {
        index: usize,
        stamp: super::Stamp,
        rel: Arc<str>,
    },
    Parsed {
        entry: Entry,
        key: Option<Key>,
        hash: Option<u64>,
    },
}

impl Found {
    fn path(&self) -> &str {
        match self {
            Found::Hit { rel, .. } => rel,
            Found::Parsed { entry, .. } => &entry.note.meta.path,
        }
    }
}

#[derive(Default)]
struct Batch {
    found: Vec<Found>,
    findings: Vec<Finding>,
}

/// What every walker thread reads.
#[derive(Clone, Copy)]
struct Shared<'a> {
    root: &'a Path,
    cfg: &'a Config,
    /// Cached path hash → index into `notes`.
    cached: &'a FxHashMap<u64, usize>,
    notes: &'a [(Key, Option<ParsedNote>)],
    /// Stamps newer than this (ns since the epoch) are neither trusted nor cached.
    trusted_until: i128,
    hash: bool,
    /// Notes looked at so far, for progress reports.
    seen: &'a AtomicUsize,
}

struct Visitors<'a> {
    shared: Shared<'a>,
    done: &'a Mutex<Vec<Batch>>,
}

impl<'s> ParallelVisitorBuilder<'s> for Visitors<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            shared: self.shared,
            done: self.done,
            buf: Vec::new(),
            rel: String::new(),
            names: NameCache::default(),
            batch: Batch::default(),
        })
    }
}

/// One walker thread: stats every note, and reads and parses only those the cache cannot vouch for.
struct Visitor<'a> {
    shared: Shared<'a>,
    done: &'a Mutex<Vec<Batch>>,
    buf: Vec<u8>,
    /// The vault path of the note being looked at.
    rel: String,
    names: NameCache,
    batch: Batch,
}

impl Visitor<'_> {
    /// One note, whose vault path is in `self.rel`.
    fn note(&mut self, entry: &ignore::DirEntry) {
        let s = self.shared;
        s.seen.fetch_add(1, Ordering::Relaxed);
        let trusted = |k: &Key| k.newest_ns() <= s.trusted_until;
        // Only a note the cache holds is stat'ed first; any other is opened straight away and
        // keyed by the open file's own metadata.
        if let Some(&index) = s.cached.get(&path_hash(&self.rel))
            && let Some((cached_key, Some(note))) = s.notes.get(index)
            && *note.meta.path == *self.rel
            && let Ok(meta) = entry.metadata()
        {
            let key = Key::of(&meta);
            if trusted(&key) && *cached_key == key {
                let stamp = stamp_of(&meta);
                let rel = note.meta.path.clone();
                self.batch.found.push(Found::Hit { index, stamp, rel });
                return;
            }
        }
        let rel: Arc<str> = Arc::from(self.rel.as_str());
        match read_with_meta(entry.path(), &mut self.buf) {
            Ok((meta, len)) => {
                let bytes = &self.buf[..len];
                // A file that changed size while it was read is read again next time.
                let key = Some(Key::of(&meta)).filter(|k| trusted(k) && k.len == len as u64);
                let hash = s.hash.then(|| content_hash(bytes));
                let note = parse_note_with(rel, bytes, s.cfg, &mut self.names);
                self.batch.found.push(Found::Parsed {
                    entry: Entry {
                        note,
                        stamp: stamp_of(&meta),
                    },
                    key,
                    hash,
                });
            }
            Err(e) => self.batch.findings.push(Finding {
                path: rel,
                line: 0,
                kind: FindingKind::Unreadable,
                message: format!("cannot read the note: {e}"),
            }),
        }
        if self.buf.len() > KEEP_BUFFER {
            self.buf = Vec::new();
        }
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, item: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                self.batch
                    .findings
                    .push(walk_finding(self.shared.root, &err));
                return WalkState::Continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) || !is_note_path(path) {
            return WalkState::Continue;
        }
        if relative_path_into(self.shared.root, path, &mut self.rel) {
            self.note(&entry);
        }
        WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let mut batch = std::mem::take(&mut self.batch);
        if batch.found.is_empty() && batch.findings.is_empty() {
            return;
        }
        // Sorted here, on the walker threads in parallel; the final stable sort merges the runs.
        batch.found.sort_unstable_by(|a, b| a.path().cmp(b.path()));
        match self.done.lock() {
            Ok(mut done) => done.push(batch),
            Err(poisoned) => poisoned.into_inner().push(batch),
        }
    }
}
