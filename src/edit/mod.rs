//! One-line edits, the safe writer, recurrence and the undo journal (SPEC §5, §6).
//! The one path through which triage changes a note; it never changes a byte outside the edited line.

mod add;
mod added;
mod capture;
mod confine;
mod daily;
mod guard;
mod history;
pub mod journal;
mod lines;
mod locate;
pub mod message;
mod ops;
pub mod recur;
mod temp;
mod when;
pub mod writer;

pub use add::Destination;
pub use added::Added;
pub use capture::{CaptureOptions, task_line};
pub use daily::{DailyNotes, moment};
pub use history::{Entry, EntryState};
pub use journal::Journal;
pub use ops::mention_for;
pub use when::{When, WhenError};
pub use writer::Hook;

use crate::config::Config;
use crate::parse::note::is_task_line;
use crate::parse::parse_line;
use crate::task::Priority;
use chrono::NaiveDate;
use confine::Root;
use journal::{Change, Record, Text};
use lines::{ending_for, split_lines};
use locate::{line_changes, locate};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use writer::{Save, commit, lock_folder};

/// Which task to edit: its note (vault-relative, `/`), its 1-based line, and what pins it there.
/// With `text` (the line as last read, `Task.text`) or `digest` (from a task reference, SPEC §10)
/// the edit reaches that task, moved or not, or is refused; with neither, the line at `line` is
/// taken as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: String,
    pub line: u32,
    pub text: Option<String>,
    pub digest: Option<u32>,
}

impl Target {
    /// Whatever task is at `line` of `path` now.
    pub fn at(path: &str, line: u32) -> Target {
        Target {
            path: path.to_string(),
            line,
            text: None,
            digest: None,
        }
    }

    /// Reads a task reference (`PATH:LINE:DIGEST`, as `list --json` prints it) or `PATH:LINE`.
    pub fn parse(spec: &str) -> Result<Target, EditError> {
        if let Some((path, line, digest)) = crate::task::reference::parse(spec) {
            return Ok(Target {
                digest: Some(digest),
                ..Target::at(path, line)
            });
        }
        let bad = || EditError::BadTarget {
            target: spec.to_string(),
        };
        let (path, line) = spec.rsplit_once(':').ok_or_else(bad)?;
        let line: u32 = line.trim().parse().map_err(|_| bad())?;
        if path.is_empty() || line == 0 {
            return Err(bad());
        }
        Ok(Target::at(path, line))
    }
}

/// The task as the index read it: the edit checks it is still there, reading the same.
impl From<&crate::task::Task> for Target {
    fn from(task: &crate::task::Task) -> Target {
        Target {
            text: Some(task.text().to_string()),
            ..Target::at(&task.note.path, task.line)
        }
    }
}

/// What to do to the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    ToggleDone,
    Accept,
    Reject,
    SetDue(When),
    /// Move the due date by this many days: forward from the later of the due date and today (an
    /// overdue task lands after today), backward from the due date; no due date counts from today.
    Postpone(i64),
    SetPriority(Priority),
    /// Set the owner mention (`None`: remove it): the last mention is replaced in place, else
    /// `@Name` (or `@[[name]]`) goes before the trailing tags and fields (SPEC §12).
    SetOwner(Option<String>),
    /// A new description; fields, trailing tags, the owner mention and the block link stay.
    Rename(String),
    SetScheduled(When),
    SetStart(When),
}

impl Op {
    pub fn name(&self) -> &'static str {
        match self {
            Op::ToggleDone => "toggle",
            Op::Accept => "accept",
            Op::Reject => "reject",
            Op::SetDue(_) => "due",
            Op::Postpone(_) => "postpone",
            Op::SetPriority(_) => "priority",
            Op::SetOwner(_) => "assign",
            Op::Rename(_) => "rename",
            Op::SetScheduled(_) => "scheduled",
            Op::SetStart(_) => "start",
        }
    }
}

/// What an edit did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub path: String,
    /// The task's 1-based line after the edit (an inserted next occurrence sits at `line - 1`, or
    /// at `line + 1` with the vault's Obsidian Tasks `recurrenceOnNextLine`).
    pub line: u32,
    /// The task's line before the edit (empty for an undo or a redo).
    pub before: String,
    pub new_line: String,
    /// The next occurrence of a recurring task, inserted above it (or below, as above).
    pub inserted: Option<String>,
    /// Something to tell the user: why nothing changed, why no next occurrence, a journal problem.
    pub warning: Option<String>,
    /// Whether the note was written.
    pub changed: bool,
    /// The operation (`toggle`, `due`, …); for an undo, the operation that was undone.
    pub what: String,
}

/// Why an edit was refused. Every message names the note (and the line when there is one).
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(
        "{target:?} is not a task: give PATH:LINE (a vault-relative path, a colon, a line number from 1) or a task's ref from `triage list --json`"
    )]
    BadTarget { target: String },
    #[error("{path}: refused: {why}")]
    BadPath { path: String, why: String },
    #[error("{path}: cannot {action}: {source}")]
    Io {
        path: String,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{path}:{line}: refused: the note has {lines} lines")]
    NoSuchLine {
        path: String,
        line: u32,
        lines: usize,
    },
    #[error("{path}:{line}: refused: {why}")]
    Moved {
        path: String,
        line: u32,
        why: String,
    },
    #[error("{path}:{line}: refused: {why}")]
    NotATask {
        path: String,
        line: u32,
        why: &'static str,
    },
    #[error(
        "{path}: refused: another program kept saving the note while the edit was being made; nothing was written"
    )]
    Changed { path: String },
    #[error(
        "{path}: refused: another triage process kept editing this note's folder for 10 seconds; nothing was written"
    )]
    Busy { path: String },
    #[error(
        "{path}: refused: another program is still writing the note (waited for it to finish); nothing was written"
    )]
    BeingWritten { path: String },
    #[error("{path}: refused: the note is read-only")]
    ReadOnly { path: String },
    #[error("cannot add the task: {why}; nothing was written")]
    BadCapture { why: String },
    #[error("undo journal {path}: {why}")]
    Journal { path: String, why: String },
    #[error("nothing to undo in vault {vault}")]
    NothingToUndo { vault: String },
    #[error("nothing to redo in vault {vault}: redo takes back an undo, until the next edit")]
    NothingToRedo { vault: String },
    #[error("undo history: no entry {seq} for this vault (see `triage undo --list`)")]
    NoSuchEntry { seq: u64 },
    #[error("{path}:{line}: cannot undo: {why}")]
    UndoConflict {
        path: String,
        line: u32,
        why: String,
    },
}

/// Edits the notes of one vault and records each edit in a journal. Cheap to share across threads.
#[derive(Clone)]
pub struct Editor {
    root: Arc<Root>,
    journal: Journal,
    hook: Option<Arc<Hook>>,
    wait: Duration,
}

impl Editor {
    /// An editor for the vault at `root`, with the journal in the user's state folder.
    pub fn new(root: &Path) -> Result<Editor, EditError> {
        Editor::with_journal(root, Journal::open_default()?)
    }

    pub fn with_journal(root: &Path, journal: Journal) -> Result<Editor, EditError> {
        Ok(Editor {
            root: Arc::new(Root::open(root)?),
            journal,
            hook: None,
            wait: writer::WRITE_WAIT,
        })
    }

    /// Runs `hook` after each temp file is written and before the changed-since check: for tests
    /// that play another program saving the note at the worst moment.
    #[doc(hidden)]
    pub fn with_hook(mut self, hook: Arc<Hook>) -> Editor {
        self.hook = Some(hook);
        self
    }

    /// How long an edit waits for another program to finish writing the note before it refuses
    /// (3 seconds unless set).
    pub fn with_write_wait(mut self, wait: Duration) -> Editor {
        self.wait = wait;
        self
    }

    /// The canonical vault root.
    pub fn root(&self) -> &Path {
        &self.root.path
    }

    pub(crate) fn save(&self) -> Save<'_> {
        Save {
            hook: self.hook.as_deref(),
            wait: self.wait,
        }
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub(crate) fn vault_key(&self) -> String {
        self.root.path.to_string_lossy().into_owned()
    }

    /// Applies `op` to the task at `target` and records it for undo.
    pub fn apply(
        &self,
        target: &Target,
        op: &Op,
        today: NaiveDate,
        cfg: &Config,
    ) -> Result<Outcome, EditError> {
        let note = self.root.note(&target.path)?;
        let real = self.root.path.join(&note.real);
        let shown = target.path.as_str();
        // Held until the edit is journalled, so that journal order is edit order for this folder.
        let _lock = lock_folder(&note, shown)?;
        // A retry after another program's save must find the same task, not whatever now sits at
        // its line number: the first read pins the text.
        let mut pinned = target.clone();
        let below = cfg.tasks.recurrence_on_next_line.value;
        let (at, before, edited) = commit(&note, &real, shown, self.save(), |bytes| {
            let lines = split_lines(bytes);
            let i = locate(bytes, &lines, &pinned, shown)?;
            let l = lines[i];
            let line = &bytes[l.start..l.end];
            pinned.text = Some(String::from_utf8_lossy(line).into_owned());
            let number = line_number(i);
            let not_a_task = |why: &'static str| EditError::NotATask {
                path: shown.to_string(),
                line: number,
                why,
            };
            let tl = parse_line(line).ok_or_else(|| not_a_task("the line is not a task"))?;
            // The same judgement as the parser's: a task-shaped line in frontmatter, code (fenced
            // or indented), or a comment is text the user wrote, not a task to edit.
            if !is_task_line(bytes, number) {
                return Err(not_a_task(
                    "the line is inside frontmatter, a code block or a comment, where it is not a task",
                ));
            }
            // And the vault's Tasks settings (SPEC §9): what Obsidian does not count, triage
            // does not edit.
            if cfg.status(tl.status).non_task || !cfg.body_has_global_filter(&line[tl.body.clone()])
            {
                return Err(not_a_task(
                    "the vault's Tasks settings do not count this line as a task (global filter or a NON_TASK status)",
                ));
            }
            let edited = ops::apply(line, &tl, op, today, cfg);
            let mut out = Vec::with_capacity(bytes.len() + edited.line.len() * 2);
            out.extend_from_slice(&bytes[..l.start]);
            match &edited.inserted {
                Some(ins) if !below => {
                    out.extend_from_slice(ins);
                    out.extend_from_slice(&ending_for(bytes, &lines, i));
                    out.extend_from_slice(&edited.line);
                }
                Some(ins) => {
                    out.extend_from_slice(&edited.line);
                    out.extend_from_slice(&ending_for(bytes, &lines, i));
                    out.extend_from_slice(ins);
                }
                None => out.extend_from_slice(&edited.line),
            }
            out.extend_from_slice(&bytes[l.end..]);
            let at = number + u32::from(edited.inserted.is_some() && !below);
            Ok((out, (at, line.to_vec(), edited)))
        })?;
        let changed = edited.line != before || edited.inserted.is_some();
        let mut warning = edited.warning.clone();
        if changed {
            let mut rec = Record::edit(
                &self.vault_key(),
                &target.path,
                op.name(),
                vec![Change::new(at, &before, &edited.line)],
            );
            rec.inserted = edited.inserted.as_deref().map(Text::from_bytes);
            rec.below = below && rec.inserted.is_some();
            if let Err(e) = self.journal.append(rec) {
                warning = Some(join_warning(
                    warning,
                    format!("saved, but it cannot be undone: {e}"),
                ));
            }
        }
        Ok(Outcome {
            path: target.path.clone(),
            line: at,
            before: String::from_utf8_lossy(&before).into_owned(),
            new_line: String::from_utf8_lossy(&edited.line).into_owned(),
            inserted: edited
                .inserted
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            warning,
            changed,
            what: op.name().into(),
        })
    }

    /// Rewrites the note at `rel` with `repair`'s bytes (`None`: nothing to repair), through the
    /// same writer and checks. Only line contents may differ; line count, endings and BOM must not.
    /// Returns what `repair` returned alongside the bytes, once the note is saved.
    pub fn fix_note<R>(
        &self,
        rel: &str,
        mut repair: impl FnMut(&[u8]) -> Option<(Vec<u8>, R)>,
    ) -> Result<Option<R>, EditError> {
        let note = self.root.note(rel)?;
        let real = self.root.path.join(&note.real);
        let _lock = lock_folder(&note, rel)?;
        let (changes, value) = commit(&note, &real, rel, self.save(), |bytes| {
            let Some((fixed, value)) = repair(bytes) else {
                return Ok((bytes.to_vec(), (Vec::new(), None)));
            };
            let changes = line_changes(bytes, &fixed).ok_or_else(|| EditError::BadPath {
                path: rel.to_string(),
                why: "the repair would change line breaks, not only text; nothing was written"
                    .into(),
            })?;
            Ok((fixed, (changes, Some(value))))
        })?;
        if !changes.is_empty() {
            let rec = Record::edit(&self.vault_key(), rel, "fix", changes);
            // A repair that cannot be journalled is still a correct repair; undo just cannot reach it.
            let _ = self.journal.append(rec);
        }
        Ok(value)
    }
}

/// Applies `op` to the task at `target` in the vault at `root`, journalling it in the state folder.
pub fn apply(
    root: &Path,
    target: &Target,
    op: &Op,
    today: NaiveDate,
    cfg: &Config,
) -> Result<Outcome, EditError> {
    Editor::new(root)?.apply(target, op, today, cfg)
}

/// Undoes the newest not-yet-undone edit in the vault at `root`.
pub fn undo(root: &Path, _cfg: &Config) -> Result<Outcome, EditError> {
    Editor::new(root)?.undo()
}

fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

fn join_warning(first: Option<String>, then: String) -> String {
    match first {
        Some(f) => format!("{f}; {then}"),
        None => then,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_editor_can_move_to_a_worker_thread() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<super::Editor>();
        send_sync::<super::EditError>();
        send_sync::<super::Outcome>();
    }
}
