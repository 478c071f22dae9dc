//! Shared by the live-vault tests: a temp vault, a running live vault whose index the test owns,
//! and "converges": poll until the live index equals a fresh scan (the timeout only avoids hangs).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use triage::Config;
use triage::vault::{Change, Index, LiveMsg, LiveOptions, LiveVault, Mode, NoteUpdate, scan};

pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Harness {
    _dir: TempDir,
    pub root: PathBuf,
    /// A folder beside the vault, on the same file system: renames in and out of the vault.
    pub outside: PathBuf,
    pub cfg: Config,
    pub live: LiveVault,
    rx: Receiver<LiveMsg>,
    pub index: Index,
    pub changes: Vec<Change>,
    /// Every path named by a `Changed` message since the last `clear`.
    pub touched: Vec<String>,
    pub messages: usize,
    pub warnings: Vec<String>,
    pub progress: Vec<usize>,
}

/// A note with `n` tasks; `v` varies the text so every version differs.
pub fn note(title: &str, n: usize, v: usize) -> String {
    let mut s = format!(
        "---\ntitle: {title}\ntype: meeting\n---\n# {title}\n\nSome prose {v}.\n\n## Action Items\n"
    );
    for i in 0..n {
        s.push_str(&format!(
            "- [ ] Task {i} of {title} version {v} @Dana 📅 2026-01-{:02} #task\n",
            i % 28 + 1
        ));
    }
    s
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Saves like vim and Obsidian do: write a temp file beside the note, then rename it over the note.
pub fn save_by_rename(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

impl Harness {
    pub fn start(mode: Mode, setup: impl FnOnce(&Path)) -> Harness {
        Harness::start_with(
            Config::default(),
            LiveOptions {
                mode,
                ..LiveOptions::default()
            },
            setup,
        )
    }

    pub fn start_with(cfg: Config, opts: LiveOptions, setup: impl FnOnce(&Path)) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("vault");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        setup(&root);
        let (live, rx) = LiveVault::start_with(&root, &cfg, opts).unwrap();
        let mut progress = Vec::new();
        let mut warnings = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        let index = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(LiveMsg::Ready(index)) => break index,
                Ok(LiveMsg::Progress { notes }) => progress.push(notes),
                Ok(LiveMsg::Warning(w)) => warnings.push(w),
                Ok(LiveMsg::Changed(_)) => panic!("a change came before the index was ready"),
                Err(e) => panic!("no ready index: {e}"),
            }
        };
        Harness {
            _dir: dir,
            root,
            outside,
            cfg,
            live,
            rx,
            index,
            changes: Vec::new(),
            touched: Vec::new(),
            messages: 0,
            warnings,
            progress,
        }
    }

    pub fn write(&self, rel: &str, text: &str) {
        write(&self.root, rel, text);
    }

    /// Applies every message that arrives within `wait` (and those already queued).
    pub fn pump(&mut self, wait: Duration) {
        let mut first = Some(wait);
        loop {
            let msg = match first.take() {
                Some(wait) => match self.rx.recv_timeout(wait) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => return,
                    Err(RecvTimeoutError::Disconnected) => panic!("the live worker stopped"),
                },
                None => match self.rx.try_recv() {
                    Ok(m) => m,
                    Err(_) => return,
                },
            };
            match msg {
                LiveMsg::Changed(updates) => {
                    self.messages += 1;
                    self.touched
                        .extend(updates.iter().map(|u| u.path().to_string()));
                    self.changes.extend(self.index.apply_all(updates));
                }
                LiveMsg::Warning(w) => self.warnings.push(w),
                other => panic!("unexpected message after ready: {other:?}"),
            }
        }
    }

    pub fn fresh(&self) -> Index {
        scan(&self.root, &self.cfg).unwrap()
    }

    /// Waits until the live index equals a fresh scan, then checks that it stays equal once
    /// the events have gone quiet: nothing is left stale and nothing late undoes it.
    pub fn converge(&mut self, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            self.pump(Duration::from_millis(100));
            if self.index.same_as(&self.fresh()) {
                break;
            }
            if Instant::now() > deadline {
                panic!(
                    "{what}: the live index did not converge: {:?}",
                    self.index.differences(&self.fresh(), 10)
                );
            }
        }
        self.pump(Duration::from_millis(400));
        let diff = self.index.differences(&self.fresh(), 10);
        assert!(diff.is_empty(), "{what}: equal, then drifted: {diff:?}");
    }

    /// Waits until a change for `rel` arrives.
    pub fn wait_for(&mut self, rel: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.touched.iter().any(|p| p == rel) {
            assert!(Instant::now() < deadline, "no change for {rel}");
            self.pump(Duration::from_millis(100));
        }
    }

    pub fn clear(&mut self) {
        self.changes.clear();
        self.touched.clear();
        self.messages = 0;
    }

    pub fn paths(&self) -> Vec<String> {
        self.index.paths().map(|p| p.to_string()).collect()
    }

    pub fn apply_own(&mut self, rel: &str) {
        let entry = self.live.own_write(rel).unwrap();
        self.index.apply(NoteUpdate::Upsert(entry));
    }
}
