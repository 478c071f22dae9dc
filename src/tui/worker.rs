//! The edit worker: runs edits and undo through `triage::edit` off the UI thread, then re-reads the
//! notes it touched so the UI shows the result at once. Never draws; talks only through channels.

use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use triage::Config;
use triage::edit::message::refusal;
use triage::edit::{Editor, Op, Outcome};
use triage::task::Task;
use triage::vault::Entry;
#[cfg(test)]
use triage::vault::read_note;

pub use triage::edit::Target;

pub trait TargetOf {
    fn of(t: &Task) -> Target;
}

impl TargetOf for Target {
    /// The task as last read: its line and text, so the writer can refuse if the note moved on.
    fn of(t: &Task) -> Target {
        Target {
            path: t.note.path.to_string(),
            line: t.line,
            text: Some(t.text().to_string()),
            digest: None,
        }
    }
}

/// Something the UI asks the outside world to do; the event loop runs these after each update.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Edit(Job),
    /// Suspend the UI and open the note in `$EDITOR` at the line.
    OpenEditor {
        path: Arc<str>,
        line: u32,
    },
    /// Hand a URL to the system opener (Obsidian).
    OpenUrl(String),
    /// Re-read the whole vault.
    Rescan,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Each target with its own operation (raising priority depends on each task's priority).
    Apply(Vec<(Target, Op)>),
    /// Undo this many edits, newest first, stopping at the first refusal (one bulk action).
    Undo(usize),
    /// Undo one entry of the history.
    UndoEntry(u64),
    /// Make again what the last undo took back.
    Redo,
    /// Read the undo history, to pick from.
    History,
}

/// What a job did: one result per target (or one for undo) and the re-read notes.
#[derive(Debug)]
pub struct Done {
    pub what: &'static str,
    pub results: Vec<Result<Outcome, String>>,
    /// For [`Job::History`]: the vault's recent edits, newest first.
    pub history: Option<Vec<triage::edit::Entry>>,
    /// Each touched note as read right after the edit; `None` when it cannot be read any more.
    pub notes: Vec<(Arc<str>, Option<Entry>)>,
}

/// Runs one job to the end. The same function serves the worker thread and the tests.
pub fn perform(
    editor: Result<&Editor, &str>,
    reread: &Reread,
    cfg: &Config,
    today: NaiveDate,
    job: &Job,
) -> Done {
    let (what, results): (&'static str, Vec<Result<Outcome, String>>) = match (editor, job) {
        (Err(why), Job::Apply(items)) => (
            name(items),
            items.iter().map(|_| Err(why.to_string())).collect(),
        ),
        (Err(why), Job::Undo(_) | Job::UndoEntry(_)) => ("undo", vec![Err(why.to_string())]),
        (Err(why), Job::Redo) => ("redo", vec![Err(why.to_string())]),
        (Err(why), Job::History) => ("history", vec![Err(why.to_string())]),
        (Ok(ed), Job::UndoEntry(seq)) => (
            "undo",
            vec![ed.undo_entry(*seq).map_err(|e| refusal(&e).text())],
        ),
        (Ok(ed), Job::Redo) => ("redo", vec![ed.redo().map_err(|e| refusal(&e).text())]),
        (Ok(ed), Job::History) => {
            return match ed.history(HISTORY) {
                Ok(h) => Done {
                    what: "history",
                    results: Vec::new(),
                    history: Some(h),
                    notes: Vec::new(),
                },
                Err(e) => Done {
                    what: "history",
                    results: vec![Err(refusal(&e).text())],
                    history: None,
                    notes: Vec::new(),
                },
            };
        }
        (Ok(ed), Job::Apply(items)) => (
            name(items),
            items
                .iter()
                .map(|(t, op)| ed.apply(t, op, today, cfg).map_err(|e| refusal(&e).text()))
                .collect(),
        ),
        (Ok(ed), Job::Undo(n)) => {
            let mut results = Vec::new();
            for _ in 0..(*n).max(1) {
                let r = ed.undo().map_err(|e| refusal(&e).text());
                let refused = r.is_err();
                results.push(r);
                if refused {
                    break;
                }
            }
            ("undo", results)
        }
    };
    let mut paths: Vec<Arc<str>> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|o| Arc::from(o.path.as_str()))
        .collect();
    paths.sort();
    paths.dedup();
    let notes = paths
        .into_iter()
        .map(|p| {
            let entry = reread(&p);
            (p, entry)
        })
        .collect();
    Done {
        what,
        results,
        history: None,
        notes,
    }
}

/// How many edits the undo history shows.
const HISTORY: usize = 200;

fn name(items: &[(Target, Op)]) -> &'static str {
    items.first().map_or("edit", |(_, op)| op.name())
}

/// Reads a note right after our own write (through the live vault when there is one, so its
/// watcher knows the change was ours).
pub type Reread = dyn Fn(&str) -> Option<Entry> + Send + Sync;

/// A `Reread` that reads straight from the disk (tests, and runs without a watcher).
#[cfg(test)]
pub fn reread_from_disk(root: PathBuf, cfg: Arc<Config>) -> Arc<Reread> {
    Arc::new(move |rel: &str| read_note(&root, Arc::from(rel), &cfg).ok())
}

/// Starts the worker thread: it takes jobs from `jobs` and sends each `Done` through `report`.
pub fn spawn<E: Send + 'static>(
    root: PathBuf,
    reread: Arc<Reread>,
    cfg: Arc<Config>,
    today: NaiveDate,
    jobs: Receiver<Job>,
    report: Sender<E>,
    wrap: fn(Done) -> E,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("triage-edit".into())
        .spawn(move || {
            let editor = Editor::new(&root).map_err(|e| e.to_string());
            for job in jobs {
                let done = perform(
                    editor.as_ref().map_err(String::as_str),
                    &*reread,
                    &cfg,
                    today,
                    &job,
                );
                if report.send(wrap(done)).is_err() {
                    break;
                }
            }
        })
}
