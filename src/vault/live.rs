//! The live vault: a worker thread that watches the folder, reads the whole vault once, then sends
//! each note's changes as messages; the consumer owns its `Index` and never blocks or parses on its own.

use super::cache::Cache;
use super::disk::{Counters, read_note_hashed};
use super::index::{Entry, Index, NoteUpdate};
use super::scan::{relative_path, walker};
use super::shadow::Shadow;
use super::watch::{EventWatcher, Filter, Hints, Roots, folder_id, remote_fs, watch_events};
use crate::config::Config;
use notify_debouncer_full::DebounceEventResult;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How changes are noticed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// OS file events; falls back to polling (with a warning) where the OS cannot watch the folder.
    #[default]
    Auto,
    /// Poll the folder on a timer (network drives, or `--poll`).
    Poll,
}

#[derive(Clone, Debug)]
pub struct LiveOptions {
    pub mode: Mode,
    /// Quiet time per path before its events are acted on: editors save in several steps.
    pub debounce: Duration,
    /// Time between two polls in polling mode.
    pub poll_interval: Duration,
    /// The index cache the first read starts from (none: every note is read).
    pub cache: Option<Cache>,
}

impl Default for LiveOptions {
    fn default() -> LiveOptions {
        LiveOptions {
            mode: Mode::Auto,
            debounce: Duration::from_millis(75),
            poll_interval: Duration::from_secs(1),
            cache: None,
        }
    }
}

/// What the worker tells its consumer, in this order: progress, one `Ready`, then changes.
#[derive(Debug)]
pub enum LiveMsg {
    /// Notes read so far during the first full read.
    Progress { notes: usize },
    /// The whole vault, read; the consumer keeps it and applies every later `Changed` to it.
    Ready(Index),
    /// Notes that changed on disk, already read and parsed: apply with [`Index::apply_all`].
    Changed(Vec<NoteUpdate>),
    /// Something the user should know once (e.g. OS events refused, polling instead).
    Warning(String),
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("vault {0}: not a folder")]
    NotAFolder(PathBuf),
    #[error("vault {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("config `ignore`: {0}")]
    Ignore(#[from] ignore::Error),
}

/// Work done by the worker so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Notes read from disk (a read whose bytes turn out unchanged is not parsed).
    pub reads: u64,
    /// Notes parsed.
    pub parses: u64,
    /// Folder walks (first read, rescans, polls, folders that appeared).
    pub walks: u64,
}

enum Input {
    Events(DebounceEventResult),
    Rescan,
    OwnWrite(OwnRead),
    Stop,
}

struct OwnRead {
    rel: Arc<str>,
    stamp: super::Stamp,
    hash: u64,
    racy: bool,
}

/// The handle the UI or `triage watch` keeps; dropping it stops the worker.
pub struct LiveVault {
    handle: LiveHandle,
    stop: Arc<AtomicBool>,
    polling: Arc<AtomicBool>,
    counters: Arc<Counters>,
    worker: Option<JoinHandle<()>>,
}

impl LiveVault {
    /// Starts watching `root` and reading it on a worker thread; returns at once.
    pub fn start(
        root: &Path,
        cfg: &Config,
        mode: Mode,
    ) -> Result<(LiveVault, Receiver<LiveMsg>), LiveError> {
        LiveVault::start_with(
            root,
            cfg,
            LiveOptions {
                mode,
                ..LiveOptions::default()
            },
        )
    }

    pub fn start_with(
        root: &Path,
        cfg: &Config,
        opts: LiveOptions,
    ) -> Result<(LiveVault, Receiver<LiveMsg>), LiveError> {
        let root = std::path::absolute(root).map_err(|source| LiveError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        if !root.is_dir() {
            return Err(LiveError::NotAFolder(root));
        }
        // Bad ignore globs are refused here, where the caller can still show the error.
        walker(&root, cfg)?;
        let filter = Filter::new(&root, cfg)?;
        let cfg = Arc::new(cfg.clone());
        let (tx, inputs) = mpsc::channel();
        let (out, msgs) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let polling = Arc::new(AtomicBool::new(opts.mode == Mode::Poll));
        let counters = Arc::new(Counters::default());
        let worker = Worker {
            roots: Roots::new(root.clone()),
            filter,
            shadow: Shadow::new(root.clone(), cfg.clone(), counters.clone(), stop.clone())
                .with_cache(opts.cache.clone()),
            opts,
            tx: tx.clone(),
            inputs,
            out,
            stop: stop.clone(),
            polling: polling.clone(),
            warned: HashSet::new(),
            root_id: folder_id(&root),
        };
        let handle = std::thread::Builder::new()
            .name("triage-live".into())
            .spawn(move || worker.run())
            .map_err(|source| LiveError::Io {
                path: root.clone(),
                source,
            })?;
        let live = LiveVault {
            handle: LiveHandle { root, cfg, tx },
            stop,
            polling,
            counters,
            worker: Some(handle),
        };
        Ok((live, msgs))
    }

    /// A handle for other threads (an edit worker) to report own writes and ask for rescans.
    pub fn handle(&self) -> LiveHandle {
        self.handle.clone()
    }

    /// The vault folder, absolute.
    pub fn root(&self) -> &Path {
        &self.handle.root
    }

    /// See [`LiveHandle::rescan`].
    pub fn rescan(&self) {
        self.handle.rescan();
    }

    /// See [`LiveHandle::own_write`].
    pub fn own_write(&self, rel: &str) -> io::Result<Entry> {
        self.handle.own_write(rel)
    }

    /// Whether changes are found by polling (asked for, or OS events refused).
    pub fn is_polling(&self) -> bool {
        self.polling.load(Ordering::Relaxed)
    }

    pub fn stats(&self) -> LiveStats {
        LiveStats {
            reads: self.counters.reads.load(Ordering::Relaxed),
            parses: self.counters.parses.load(Ordering::Relaxed),
            walks: self.counters.walks.load(Ordering::Relaxed),
        }
    }
}

impl Drop for LiveVault {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.handle.tx.send(Input::Stop);
        if let Some(handle) = self.worker.take() {
            let _ = handle.join();
        }
    }
}

/// What other threads may ask of the live worker; cheap to clone, and never blocks.
#[derive(Clone)]
pub struct LiveHandle {
    root: PathBuf,
    cfg: Arc<Config>,
    tx: Sender<Input>,
}

impl LiveHandle {
    /// Asks for a check of every note against the disk (stat only; changed notes are re-read).
    pub fn rescan(&self) {
        let _ = self.tx.send(Input::Rescan);
    }

    /// After the program itself wrote note `rel`: reads it now, on the caller's thread, and tells
    /// the worker, so the file event that follows costs no second parse. Apply the result with
    /// `index.apply(NoteUpdate::Upsert(entry))`.
    pub fn own_write(&self, rel: &str) -> io::Result<Entry> {
        let rel = relative_path(&self.root, &self.root.join(rel)).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{rel}: not a path inside the vault"),
            )
        })?;
        let read = read_note_hashed(&self.root, rel.clone(), &self.cfg)?;
        let _ = self.tx.send(Input::OwnWrite(OwnRead {
            rel,
            stamp: read.entry.stamp,
            hash: read.hash,
            racy: read.racy,
        }));
        Ok(read.entry)
    }
}

struct Worker {
    roots: Roots,
    filter: Filter,
    shadow: Shadow,
    opts: LiveOptions,
    tx: Sender<Input>,
    inputs: Receiver<Input>,
    out: Sender<LiveMsg>,
    stop: Arc<AtomicBool>,
    polling: Arc<AtomicBool>,
    warned: HashSet<String>,
    /// The vault folder's identity when watching began: a folder put in its place (a restore,
    /// a sync client's `mv new vault`) has another, and the OS events follow the old one.
    root_id: Option<(u64, u64)>,
}

/// How often the worker checks that the vault folder is still the one it watches.
const ROOT_CHECK: Duration = Duration::from_secs(1);

/// What one round of inputs asks for.
#[derive(Default)]
struct Round {
    hints: Hints,
    fall_back: Option<String>,
    stop: bool,
}

impl Worker {
    fn run(mut self) {
        // Watching starts before the first read, so nothing written in between is lost:
        // its events wait in the channel and are checked against what the read saw.
        let mut watcher = if self.polling.load(Ordering::Relaxed) {
            None
        } else {
            self.start_events()
        };
        let out = self.out.clone();
        let index = self.shadow.load(&|notes| {
            let _ = out.send(LiveMsg::Progress { notes });
        });
        if self.stop.load(Ordering::Relaxed) || self.out.send(LiveMsg::Ready(index)).is_err() {
            return;
        }
        let mut next_poll = Instant::now() + self.opts.poll_interval;
        let mut next_root_check = Instant::now() + ROOT_CHECK;
        loop {
            let wake = if watcher.is_some() {
                next_root_check
            } else {
                next_poll.min(next_root_check)
            };
            let first = self
                .inputs
                .recv_timeout(wake.saturating_duration_since(Instant::now()));
            let mut round = Round::default();
            match first {
                Ok(input) => self.take(input, &mut round),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            // Whatever else has queued up meanwhile joins this round: one check, one message.
            while let Ok(input) = self.inputs.try_recv() {
                self.take(input, &mut round);
            }
            if round.stop || self.stop.load(Ordering::Relaxed) {
                return;
            }
            if let Some(why) = round.fall_back.take()
                && watcher.is_some()
            {
                if let Some(w) = watcher.take() {
                    w.stop_nonblocking();
                }
                self.polling.store(true, Ordering::Relaxed);
                self.warn(format!(
                    "{why}; polling every {:?} instead",
                    self.opts.poll_interval
                ));
                // Events may have been lost before the watcher gave up.
                round.hints.rescan = true;
            }
            if Instant::now() >= next_root_check {
                next_root_check = Instant::now() + ROOT_CHECK;
                if self.root_replaced() {
                    if let Some(w) = watcher.take() {
                        w.stop_nonblocking();
                    }
                    if !self.polling.load(Ordering::Relaxed) {
                        watcher = self.start_events();
                    }
                    self.warn(format!(
                        "{}: the vault folder was replaced by another; now following the new one",
                        self.roots.root.display()
                    ));
                    round.hints.rescan = true;
                }
            }
            if watcher.is_none() && Instant::now() >= next_poll {
                round.hints.rescan = true;
                next_poll = Instant::now() + self.opts.poll_interval;
            }
            if round.hints.is_empty() {
                continue;
            }
            let updates = if round.hints.rescan {
                self.shadow.check_all()
            } else {
                self.shadow.check(round.hints.paths)
            };
            if !updates.is_empty() && self.out.send(LiveMsg::Changed(updates)).is_err() {
                return;
            }
        }
    }

    fn take(&mut self, input: Input, round: &mut Round) {
        match input {
            Input::Events(Ok(events)) => round.hints.add_events(&events, &self.roots, &self.filter),
            Input::Events(Err(errors)) => {
                for e in errors {
                    if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                        round.fall_back = Some(format!(
                            "{}: the OS watch limit is reached (raise fs.inotify.max_user_watches)",
                            self.roots.root.display()
                        ));
                    } else {
                        self.warn(format!("{}: file events: {e}", self.roots.root.display()));
                    }
                }
            }
            Input::Rescan => round.hints.rescan = true,
            Input::OwnWrite(r) => self.shadow.own_write(r.rel, r.stamp, r.hash, r.racy),
            Input::Stop => round.stop = true,
        }
    }

    /// OS events on the vault, or `None` (after one warning) where they cannot work.
    fn start_events(&mut self) -> Option<EventWatcher> {
        let root = self.roots.root.clone();
        let every = self.opts.poll_interval;
        if let Some(fs) = remote_fs(&root) {
            self.polling.store(true, Ordering::Relaxed);
            self.warn(format!(
                "{}: on a network file system ({fs}) whose changes from other machines raise no file events; polling every {every:?} instead",
                root.display()
            ));
            return None;
        }
        let tx = self.tx.clone();
        let sink = move |result: DebounceEventResult| {
            let _ = tx.send(Input::Events(result));
        };
        match watch_events(&root, self.opts.debounce, sink) {
            Ok(w) => Some(w),
            Err(e) => {
                self.polling.store(true, Ordering::Relaxed);
                let why = if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                    "the OS watch limit is reached (raise fs.inotify.max_user_watches)".to_string()
                } else {
                    e.to_string()
                };
                self.warn(format!(
                    "{}: cannot watch for file events: {why}; polling every {every:?} instead",
                    root.display()
                ));
                None
            }
        }
    }

    /// Whether the vault's path now names another folder than the one watched (then that one is
    /// remembered). A vault briefly missing mid-swap is not a replacement yet.
    fn root_replaced(&mut self) -> bool {
        match folder_id(&self.roots.root) {
            Some(id) if Some(id) != self.root_id => {
                self.root_id = Some(id);
                true
            }
            _ => false,
        }
    }

    /// Sends each distinct warning once.
    fn warn(&mut self, message: String) {
        if self.warned.insert(message.clone()) {
            let _ = self.out.send(LiveMsg::Warning(message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OS refusing more watches mid-run (a new folder past the inotify limit) turns the
    /// worker to polling: one warning, and changes are still found.
    #[test]
    fn watch_limit_falls_back_to_polling() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "- [ ] a\n").unwrap();
        let opts = LiveOptions {
            poll_interval: Duration::from_millis(100),
            ..LiveOptions::default()
        };
        let (live, rx) = LiveVault::start_with(dir.path(), &Config::default(), opts).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let next = || rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        assert!(matches!(next(), Ok(LiveMsg::Progress { .. })));
        assert!(matches!(next(), Ok(LiveMsg::Ready(_))));
        assert!(!live.is_polling());
        for _ in 0..2 {
            let refused = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
            live.handle
                .tx
                .send(Input::Events(Err(vec![refused])))
                .unwrap();
        }
        match next() {
            Ok(LiveMsg::Warning(w)) => assert!(w.contains("watch limit") && w.contains("polling")),
            other => panic!("expected a warning, got {other:?}"),
        }
        assert!(live.is_polling());
        std::fs::write(dir.path().join("b.md"), "- [ ] b\n").unwrap();
        match next() {
            Ok(LiveMsg::Changed(u)) => assert_eq!(u.len(), 1, "{u:?}"),
            other => panic!("expected the new note, got {other:?}"),
        }
    }
}
