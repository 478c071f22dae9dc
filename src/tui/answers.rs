//! How answers come back to the app: edit results from the worker (each as an outcome-first
//! message, logged) and index news from the live vault (with a short notice). No terminal, no I/O.

use super::app::{App, Progress, Status, TaskKey};
use super::live::Feed;
use super::worker::Done;
use std::sync::Arc;
use triage::edit::message::{self, Message, Tone};
use triage::vault::NoteUpdate;

impl App {
    /// The worker finished a job: take in the re-read notes and report.
    pub fn on_done(&mut self, mut done: Done) {
        self.busy = self.busy.saturating_sub(1);
        if let Some(entries) = done.history.take() {
            self.push(super::history::UndoHistory::new(entries));
            return;
        }
        let mut updates = Vec::new();
        for (path, entry) in done.notes {
            updates.push(match entry {
                Some(e) => NoteUpdate::Upsert(e),
                None => NoteUpdate::Remove(path),
            });
        }
        // After an edit the selection stays on its row (the next task, when the edited one moved
        // away), unless the config asks to follow the task.
        let row = self.cursor;
        let follow = self.cfg.ui.after_edit == triage::config::AfterEdit::Task;
        let _ = self.apply_updates(updates, follow);
        if !follow {
            self.cursor = row;
            self.clamp();
            self.sync_context();
        }
        let undo = matches!(done.what, "undo" | "redo");
        let taken_back = match done.what {
            "undo" => Some("undone"),
            "redo" => Some("redone"),
            _ => None,
        };
        let mut oks = Vec::new();
        let mut refused = Vec::new();
        for r in &done.results {
            match r {
                Ok(o) if o.changed => oks.push(message::outcome(o, taken_back)),
                Ok(o) => refused.push(message::outcome(o, taken_back).text()),
                Err(e) => refused.push(e.clone()),
            }
        }
        for e in &refused {
            tracing::warn!("{} refused: {e}", done.what);
        }
        // Only written edits are in the journal, so only they count for `u`.
        if !undo && !oks.is_empty() {
            self.undo_sizes.push(oks.len());
        }
        match (oks.as_slice(), refused.as_slice()) {
            ([m], []) => self.tell(m),
            ([], [e]) => self.complain(e.clone()),
            (_, []) => {
                self.log_each(&oks);
                let mut msg = format!("{}: {} tasks changed", done.what, oks.len());
                if let Some(w) = oks.iter().find_map(|m| m.note.as_ref()) {
                    msg.push_str(&format!("  · {w}"));
                }
                match oks.iter().any(|m| m.tone == Tone::Warning) {
                    true => self.warn(msg),
                    false => self.tell_done(msg),
                }
            }
            (_, [first, ..]) => {
                self.log_each(&oks);
                for e in &refused[1..] {
                    self.log_only(e);
                }
                let first = first
                    .trim_start_matches(Tone::Refused.symbol())
                    .trim_start();
                self.complain(format!(
                    "{} changed, {} refused: {first}",
                    oks.len(),
                    refused.len()
                ));
            }
        }
    }

    /// Each outcome of a bulk action goes to the message log; the status line shows their sum.
    fn log_each(&mut self, ms: &[Message]) {
        for m in ms {
            self.log.push(((self.clock)(), Status::of(m)));
        }
    }

    fn log_only(&mut self, refusal: &str) {
        self.log.push((
            (self.clock)(),
            Status {
                text: refusal.to_string(),
                tone: Some(Tone::Refused),
            },
        ));
    }

    fn tell_done(&mut self, text: String) {
        self.tell(&Message {
            tone: Tone::Done,
            headline: text,
            place: None,
            note: None,
        });
    }

    /// News from the live vault (or the first scan).
    pub fn on_feed(&mut self, feed: Feed) {
        match feed {
            Feed::Progress { notes, total } => self.progress = Progress::Indexing { notes, total },
            Feed::Ready(index) => {
                let keep = self.selected_task().map(TaskKey::of);
                self.store.load(&index);
                self.index = *index;
                self.progress = Progress::Ready;
                self.context = None;
                self.rebuild_tabs();
                self.refresh_keeping(keep);
            }
            Feed::Updates(updates) => {
                let changed = self.apply_updates(updates, true);
                self.notice(&changed);
            }
            Feed::Warning(w) => self.warn(w),
        }
    }

    /// Takes in changed notes; `follow` keeps the selection on the same task, else on the same row.
    /// Returns each changed note with its task count before and after (`None`: no such note).
    fn apply_updates(
        &mut self,
        updates: Vec<NoteUpdate>,
        follow: bool,
    ) -> Vec<(Arc<str>, Option<usize>, Option<usize>)> {
        // Taken now: once the store changes, the cursor's row may hold another task.
        let keep = self.selected_task().map(TaskKey::of).filter(|_| follow);
        let mut touched = Vec::new();
        let mut counts = Vec::new();
        let names = self.index.names_generation();
        for u in updates {
            let path = u.path().clone();
            let before = self.index.get(&path).map(|e| e.note.tasks.len());
            if self.index.apply(u).is_some() {
                let after = self.index.get(&path).map(|e| e.note.tasks.len());
                counts.push((path.clone(), before, after));
                touched.push(path);
            }
        }
        if touched.is_empty() {
            return counts;
        }
        // A person or account note changed: names may have regrouped in every note.
        let regrouped = names != self.index.names_generation();
        if regrouped {
            self.store.load(&self.index);
        }
        for path in &touched {
            if !regrouped {
                let tasks = self.index.get(path).map(|e| e.note.tasks.clone());
                self.store.replace_note(path, tasks);
            }
            self.forget_context(path);
            self.view_names.forget(path);
        }
        self.store.notes = self.index.note_count();
        // A note may have gained, lost or changed a ```tasks block.
        self.rebuild_tabs();
        self.refresh_keeping(keep);
        counts
    }

    /// A short notice of what the watcher brought in (`Inbox.md: +1 task`). It takes the status
    /// line only when that is free: an edit's outcome stays until the next key. Always logged.
    fn notice(&mut self, changed: &[(Arc<str>, Option<usize>, Option<usize>)]) {
        let text = match changed {
            [] => return,
            [(path, before, after)] => {
                let name = path.rsplit('/').next().unwrap_or(path);
                let what = match (before, after) {
                    (None, Some(n)) => format!("new note, {}", tasks(*n)),
                    (Some(_), None) => "removed".to_string(),
                    (Some(b), Some(a)) if a > b => format!("+{}", tasks(a - b)),
                    (Some(b), Some(a)) if a < b => format!("−{}", tasks(b - a)),
                    _ => "changed".to_string(),
                };
                format!("{name}: {what} (changed on disk)")
            }
            many => {
                let delta: isize = many
                    .iter()
                    .map(|(_, b, a)| a.unwrap_or(0) as isize - b.unwrap_or(0) as isize)
                    .sum();
                format!("{} notes changed on disk, {delta:+} tasks", many.len())
            }
        };
        if self.status.is_none() {
            self.say(text);
        } else {
            self.log.push(((self.clock)(), Status { text, tone: None }));
        }
    }
}

fn tasks(n: usize) -> String {
    if n == 1 {
        "1 task".into()
    } else {
        format!("{n} tasks")
    }
}
