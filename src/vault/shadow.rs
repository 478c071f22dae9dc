//! What the live worker last saw of each note on disk (stamp and content hash), and the check of
//! hinted paths against the disk that turns hints into note updates. Reads; never writes a file.

use super::cache::Cache;
use super::disk::{Counters, Outcome, is_missing, is_racy, read_many, stamp_of, stat_walk};
use super::index::{Index, NoteUpdate, Stamp};
use super::load::load_hashed;
use super::scan::is_note_path;
use super::watch::Hint;
use crate::config::Config;
use crate::task::{Finding, FindingKind};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone, Copy, Debug)]
enum Seen {
    Note {
        stamp: Stamp,
        /// `None` for a note seeded from the index cache without reading it.
        hash: Option<u64>,
        racy: bool,
    },
    /// A note that could not be read, or a folder the walk could not enter: a finding stands for it.
    Problem,
}

pub(crate) struct Shadow {
    root: PathBuf,
    cfg: Arc<Config>,
    seen: BTreeMap<Arc<str>, Seen>,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    cache: Option<Cache>,
}

impl Shadow {
    pub fn new(
        root: PathBuf,
        cfg: Arc<Config>,
        counters: Arc<Counters>,
        stop: Arc<AtomicBool>,
    ) -> Shadow {
        Shadow {
            root,
            cfg,
            seen: BTreeMap::new(),
            counters,
            stop,
            cache: None,
        }
    }

    /// Seeds the first read from this index cache (and keeps it up to date).
    pub fn with_cache(mut self, cache: Option<Cache>) -> Shadow {
        self.cache = cache;
        self
    }

    /// The first full read of the vault, reporting how many notes are read so far.
    pub fn load(&mut self, progress: &dyn Fn(usize)) -> Index {
        if let Some(index) = self.load_cached(progress) {
            progress(index.note_count());
            return index;
        }
        let updates = self.walk_under("", Some(progress));
        let mut entries = Vec::with_capacity(updates.len());
        let mut findings = Vec::new();
        for u in updates {
            match u {
                NoteUpdate::Upsert(e) => entries.push(e),
                NoteUpdate::Unreadable(f) => findings.push(f),
                NoteUpdate::Restamp { .. } | NoteUpdate::Remove(_) => {}
            }
        }
        let mut index = Index::from_notes_with(entries, &self.cfg);
        findings.sort_by(|a, b| a.path.cmp(&b.path));
        index.scan_findings = findings;
        index
    }

    /// The first read through the index cache: unchanged notes come from it, and what the worker
    /// needs to recognise each note later is filled in from the result.
    fn load_cached(&mut self, progress: &dyn Fn(usize)) -> Option<Index> {
        let cache = self.cache.as_ref()?;
        let loaded = load_hashed(
            &self.root,
            &self.cfg,
            Some(cache),
            true,
            std::time::SystemTime::now(),
            Some(progress),
        )
        .ok()?;
        self.counters.walks.fetch_add(1, Ordering::Relaxed);
        let parsed = loaded.stats.parsed as u64;
        self.counters.reads.fetch_add(parsed, Ordering::Relaxed);
        self.counters.parses.fetch_add(parsed, Ordering::Relaxed);
        for e in loaded.index.entries() {
            let path = &e.note.meta.path;
            // A cached note's stamp was already old when it was cached: it is not racy. A note
            // read now is, if it was written in the last moments; its hash settles a recheck.
            let hash = loaded.hashes.get(path).copied();
            let racy = hash.is_some() && is_racy(e.stamp);
            let seen = Seen::Note {
                stamp: e.stamp,
                hash,
                racy,
            };
            self.seen.insert(path.clone(), seen);
        }
        for f in &loaded.index.scan_findings {
            if !f.path.is_empty() {
                self.seen.insert(f.path.clone(), Seen::Problem);
            }
        }
        Some(loaded.index)
    }

    /// Every note checked against the disk by a stat-only walk; only changed notes are read.
    pub fn check_all(&mut self) -> Vec<NoteUpdate> {
        self.walk_under("", None)
    }

    /// Records a note the program wrote and re-read itself, so its event costs no second parse.
    pub fn own_write(&mut self, rel: Arc<str>, stamp: Stamp, hash: u64, racy: bool) {
        self.seen.insert(
            rel,
            Seen::Note {
                stamp,
                hash: Some(hash),
                racy,
            },
        );
    }

    /// Checks hinted paths (vault-relative) against the disk.
    pub fn check(&mut self, hints: impl IntoIterator<Item = (Arc<str>, Hint)>) -> Vec<NoteUpdate> {
        let mut updates = Vec::new();
        let mut candidates = BTreeMap::new();
        for (rel, Hint { deep, reread }) in hints {
            let abs = self.root.join(&*rel);
            match std::fs::metadata(&abs) {
                Ok(meta) if meta.is_file() => {
                    if deep {
                        self.drop_under(&rel, &|_| false, &mut updates);
                    }
                    if is_note_path(Path::new(&*rel)) {
                        self.consider(&rel, stamp_of(&meta), reread, &mut candidates);
                    }
                }
                Ok(meta) if meta.is_dir() => {
                    self.gone(&rel, &mut updates);
                    if deep {
                        updates.extend(self.walk_under(&rel, None));
                    }
                }
                Err(e) if !is_missing(&e) && is_note_path(Path::new(&*rel)) => {
                    self.failed(rel, &e, &mut updates);
                }
                _ => {
                    self.gone(&rel, &mut updates);
                    if deep {
                        self.drop_under(&rel, &|_| false, &mut updates);
                    }
                }
            }
        }
        self.read_candidates(candidates, None, &mut updates);
        updates
    }

    /// Walks `dir` (vault-relative, `""` for all) with the scan's own walker and skip rules,
    /// stat only; reads what is new or changed and drops what is no longer there.
    fn walk_under(&mut self, dir: &str, progress: Option<&dyn Fn(usize)>) -> Vec<NoteUpdate> {
        self.counters.walks.fetch_add(1, Ordering::Relaxed);
        let mut updates = Vec::new();
        let (found, problems) = match stat_walk(&self.root, &self.cfg, dir, &self.stop) {
            Ok(walked) => (walked.notes, walked.problems),
            // Only a bad ignore glob fails a walk, and starting the live vault already refused those.
            Err(_) => return updates,
        };
        let problems: Vec<Finding> = problems
            .into_iter()
            .filter(|f| !f.path.is_empty())
            .collect();
        self.drop_under(
            dir,
            &|p| found.contains_key(p) || problems.iter().any(|f| &*f.path == p),
            &mut updates,
        );
        let mut candidates = BTreeMap::new();
        for (rel, stamp) in &found {
            match stamp {
                Some(stamp) => self.consider(rel, *stamp, false, &mut candidates),
                None => {
                    let prior = match self.seen.get(rel) {
                        Some(Seen::Note { hash, .. }) => *hash,
                        _ => None,
                    };
                    candidates.insert(rel.clone(), prior);
                }
            }
        }
        self.read_candidates(candidates, progress, &mut updates);
        for finding in problems {
            if !matches!(
                self.seen.insert(finding.path.clone(), Seen::Problem),
                Some(Seen::Problem)
            ) {
                updates.push(NoteUpdate::Unreadable(finding));
            }
        }
        updates
    }

    /// Queues `rel` for reading unless its stamp proves it unchanged.
    fn consider(
        &self,
        rel: &Arc<str>,
        stamp: Stamp,
        reread: bool,
        candidates: &mut BTreeMap<Arc<str>, Option<u64>>,
    ) {
        match self.seen.get(rel) {
            Some(Seen::Note {
                stamp: s,
                racy: false,
                ..
            }) if *s == stamp && !reread => {}
            Some(Seen::Note { hash, .. }) => {
                candidates.insert(rel.clone(), *hash);
            }
            _ => {
                candidates.insert(rel.clone(), None);
            }
        }
    }

    fn read_candidates(
        &mut self,
        candidates: BTreeMap<Arc<str>, Option<u64>>,
        progress: Option<&dyn Fn(usize)>,
        updates: &mut Vec<NoteUpdate>,
    ) {
        let list: Vec<(Arc<str>, Option<u64>)> = candidates.into_iter().collect();
        let read = read_many(
            &self.root,
            &self.cfg,
            &self.counters,
            &self.stop,
            list,
            progress,
        );
        for (rel, outcome) in read {
            match outcome {
                Outcome::Same { stamp, racy } => {
                    if let Some(Seen::Note {
                        stamp: s, racy: r, ..
                    }) = self.seen.get_mut(&rel)
                    {
                        if *s != stamp {
                            updates.push(NoteUpdate::Restamp { path: rel, stamp });
                        }
                        *s = stamp;
                        *r = racy;
                    }
                }
                Outcome::Parsed(read) => {
                    let (entry, hash, racy) = (read.entry, read.hash, read.racy);
                    self.seen.insert(
                        rel,
                        Seen::Note {
                            stamp: entry.stamp,
                            hash: Some(hash),
                            racy,
                        },
                    );
                    updates.push(NoteUpdate::Upsert(entry));
                }
                Outcome::Gone => self.gone(&rel, updates),
                Outcome::Failed(e) => self.failed(rel, &e, updates),
            }
        }
    }

    fn gone(&mut self, rel: &Arc<str>, updates: &mut Vec<NoteUpdate>) {
        if self.seen.remove(rel).is_some() {
            updates.push(NoteUpdate::Remove(rel.clone()));
        }
    }

    fn failed(&mut self, rel: Arc<str>, err: &io::Error, updates: &mut Vec<NoteUpdate>) {
        if matches!(
            self.seen.insert(rel.clone(), Seen::Problem),
            Some(Seen::Problem)
        ) {
            return;
        }
        updates.push(NoteUpdate::Unreadable(Finding {
            path: rel,
            line: 0,
            kind: FindingKind::Unreadable,
            message: format!("cannot read the note: {err}"),
        }));
    }

    /// Forgets everything below `dir` (`""`: the whole vault) that is not in `keep`.
    fn drop_under(
        &mut self,
        dir: &str,
        keep: &dyn Fn(&str) -> bool,
        updates: &mut Vec<NoteUpdate>,
    ) {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let doomed: Vec<Arc<str>> = self
            .seen
            .range::<str, _>((
                std::ops::Bound::Included(prefix.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter(|(p, _)| !keep(p))
            .map(|(p, _)| p.clone())
            .collect();
        for rel in doomed {
            self.gone(&rel, updates);
        }
    }
}
