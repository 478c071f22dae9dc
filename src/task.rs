//! The model: notes, tasks, statuses, priorities and dates as plain data.
//! Nothing here reads files or knows about the terminal; it is what every other module shares.

use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

mod bucket;
mod json;
mod people;
pub mod reference;
mod words;
pub use bucket::Bucket;
pub use people::person_tag;
pub use words::TaskText;

/// What a status symbol means (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusType {
    Todo,
    InProgress,
    /// Only from a custom status of the vault's Obsidian Tasks settings (type `ON_HOLD`).
    OnHold,
    Done,
    Cancelled,
}

impl StatusType {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusType::Todo => "todo",
            StatusType::InProgress => "in_progress",
            StatusType::OnHold => "on_hold",
            StatusType::Done => "done",
            StatusType::Cancelled => "cancelled",
        }
    }

    /// The name Obsidian Tasks gives the type (`status.type is ON_HOLD`).
    pub fn tasks_name(self) -> &'static str {
        match self {
            StatusType::Todo => "TODO",
            StatusType::InProgress => "IN_PROGRESS",
            StatusType::OnHold => "ON_HOLD",
            StatusType::Done => "DONE",
            StatusType::Cancelled => "CANCELLED",
        }
    }

    /// Done and cancelled tasks are closed: never overdue, hidden by `not done`.
    pub fn is_closed(self) -> bool {
        matches!(self, StatusType::Done | StatusType::Cancelled)
    }
}

/// Task priority, ordered from most to least urgent so that sorting ascending puts `Highest` first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Highest,
    High,
    Medium,
    #[default]
    None,
    Low,
    Lowest,
}

impl Priority {
    pub const ALL: [Priority; 6] = [
        Priority::Highest,
        Priority::High,
        Priority::Medium,
        Priority::None,
        Priority::Low,
        Priority::Lowest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Highest => "highest",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::None => "none",
            Priority::Low => "low",
            Priority::Lowest => "lowest",
        }
    }

    /// Reads a priority name as written in queries, Dataview fields and the CLI.
    pub fn from_name(name: &str) -> Option<Priority> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The emoji that writes this priority; `None` has no emoji.
    pub fn emoji(self) -> Option<&'static str> {
        match self {
            Priority::Highest => Some("🔺"),
            Priority::High => Some("⏫"),
            Priority::Medium => Some("🔼"),
            Priority::None => None,
            Priority::Low => Some("🔽"),
            Priority::Lowest => Some("⏬"),
        }
    }
}

/// The dated fields of a task (SPEC §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateKind {
    Due,
    Scheduled,
    Start,
    Created,
    Done,
    Cancelled,
}

impl DateKind {
    pub const ALL: [DateKind; 6] = [
        DateKind::Due,
        DateKind::Scheduled,
        DateKind::Start,
        DateKind::Created,
        DateKind::Done,
        DateKind::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Due => "due",
            DateKind::Scheduled => "scheduled",
            DateKind::Start => "start",
            DateKind::Created => "created",
            DateKind::Done => "done",
            DateKind::Cancelled => "cancelled",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The six dates of a task, and which of them were written but are not real calendar dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    pub due: Option<NaiveDate>,
    pub scheduled: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub created: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub cancelled: Option<NaiveDate>,
    invalid: u8,
}

impl Dates {
    pub fn get(&self, kind: DateKind) -> Option<NaiveDate> {
        match kind {
            DateKind::Due => self.due,
            DateKind::Scheduled => self.scheduled,
            DateKind::Start => self.start,
            DateKind::Created => self.created,
            DateKind::Done => self.done,
            DateKind::Cancelled => self.cancelled,
        }
    }

    pub fn set(&mut self, kind: DateKind, date: Option<NaiveDate>) {
        let slot = match kind {
            DateKind::Due => &mut self.due,
            DateKind::Scheduled => &mut self.scheduled,
            DateKind::Start => &mut self.start,
            DateKind::Created => &mut self.created,
            DateKind::Done => &mut self.done,
            DateKind::Cancelled => &mut self.cancelled,
        };
        *slot = date;
    }

    /// Records that the field was written with a value that is not a real date (`2026-02-30`).
    pub fn mark_invalid(&mut self, kind: DateKind) {
        self.invalid |= kind.bit();
    }

    pub fn is_invalid(&self, kind: DateKind) -> bool {
        self.invalid & kind.bit() != 0
    }

    pub fn any_invalid(&self) -> bool {
        self.invalid != 0
    }
}

/// What a task knows about the note it stands in (SPEC §3). Shared by all tasks of the note.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoteMeta {
    /// Vault-relative path, `/` separated.
    pub path: Arc<str>,
    pub title: String,
    /// Frontmatter `type`.
    pub note_type: Option<String>,
    /// Frontmatter `date`, as written.
    pub date: Option<String>,
    /// The note-level account (frontmatter, `type: account`, note tags, folder rule), after aliases.
    pub account: Option<Arc<str>>,
    /// Frontmatter tags, without `#`.
    pub tags: Vec<String>,
    /// Who the note is about (SPEC §11): `person`/`entity`, the name a people folder rule gives,
    /// and for a `type: people|person` note without those keys its `name` or title.
    pub people: Vec<String>,
    /// Frontmatter `participants`, links reduced to the note they name.
    pub participants: Vec<String>,
    /// Frontmatter `aliases`: Obsidian's other names for the note.
    pub aliases: Vec<String>,
}

impl NoteMeta {
    /// The file name with its extension.
    pub fn filename(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The folder part of the path, with a trailing `/`, or `""` at the vault root.
    pub fn folder(&self) -> &str {
        match self.path.rfind('/') {
            Some(i) => &self.path[..=i],
            None => "",
        }
    }
}

/// One task line of one note, with its context.
///
/// A vault holds hundreds of thousands of these, so the common case is kept small: the line and
/// its description share one allocation, and the fields few tasks carry live behind one pointer.
#[derive(Clone, Debug)]
pub struct Task {
    pub note: Arc<NoteMeta>,
    /// 1-based line number in the note.
    pub line: u32,
    /// The status symbol between the brackets.
    pub status: char,
    pub status_type: StatusType,
    pub priority: Priority,
    pub proposed: bool,
    /// The line as read and what a person reads of it: see [`Task::text`], [`Task::description`].
    pub words: TaskText,
    /// The last mention on the line, after aliases.
    pub owner: Option<Arc<str>>,
    /// The task's account: the note's, else an `account/…` tag on the task line.
    pub account: Option<Arc<str>>,
    pub dates: Dates,
    /// Tags on the line, without `#`, in order of appearance.
    pub tags: Vec<Arc<str>>,
    /// The nearest heading above the task, without the `#`s.
    pub heading: Option<Arc<str>>,
    /// Recurrence, id, dependencies and block link; `None` when the task has none of them.
    pub extras: Option<Box<TaskExtras>>,
}

/// The fields few tasks carry, kept out of [`Task`] so every other task is smaller.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskExtras {
    pub recurrence: Option<Box<str>>,
    pub id: Option<Box<str>>,
    pub depends_on: Vec<Box<str>>,
    /// The trailing ` ^block-id`, without `^`.
    pub block_id: Option<Box<str>>,
}

impl TaskExtras {
    /// Boxed for a [`Task`], or `None` when every field is empty.
    pub fn boxed(self) -> Option<Box<TaskExtras>> {
        (self != TaskExtras::default()).then(|| Box::new(self))
    }
}

/// Equal when everything a reader sees is, however the rare fields are stored.
impl PartialEq for Task {
    fn eq(&self, o: &Task) -> bool {
        // Destructured, so a new field cannot be forgotten here.
        let Task {
            note,
            line,
            status,
            status_type,
            priority,
            proposed,
            words,
            owner,
            account,
            dates,
            tags,
            heading,
            extras: _,
        } = self;
        *note == o.note
            && *line == o.line
            && *status == o.status
            && *status_type == o.status_type
            && *priority == o.priority
            && *proposed == o.proposed
            && *words == o.words
            && *owner == o.owner
            && *account == o.account
            && *dates == o.dates
            && *tags == o.tags
            && *heading == o.heading
            && self.recurrence() == o.recurrence()
            && self.id() == o.id()
            && self.depends_on() == o.depends_on()
            && self.block_id() == o.block_id()
    }
}

impl Task {
    pub fn path(&self) -> &str {
        &self.note.path
    }

    /// The whole line as read (lossy UTF-8, line ending removed): what edits check against.
    pub fn text(&self) -> &str {
        self.words.line()
    }

    /// What a person reads (SPEC §2.3), mojibake repaired.
    pub fn description(&self) -> &str {
        self.words.description()
    }

    pub fn recurrence(&self) -> Option<&str> {
        self.extras.as_ref()?.recurrence.as_deref()
    }

    pub fn id(&self) -> Option<&str> {
        self.extras.as_ref()?.id.as_deref()
    }

    pub fn depends_on(&self) -> &[Box<str>] {
        self.extras.as_ref().map_or(&[], |e| &e.depends_on)
    }

    /// The trailing ` ^block-id`, without `^`.
    pub fn block_id(&self) -> Option<&str> {
        self.extras.as_ref()?.block_id.as_deref()
    }

    /// The rare fields, to set one: made on first use.
    pub fn extras_mut(&mut self) -> &mut TaskExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        let tag = tag.strip_prefix('#').unwrap_or(tag);
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// `PATH:LINE`, the address every edit command takes.
    pub fn location(&self) -> String {
        format!("{}:{}", self.note.path, self.line)
    }
}

/// A problem found in a note, reported by `triage check` (SPEC §8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: Arc<str>,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    pub kind: FindingKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    InvalidDate,
    Mojibake,
    BrokenFrontmatter,
    UnknownStatus,
    SuspectField,
    Unreadable,
    /// A task-shaped line that Obsidian reads as code or as text of the line above, not a task.
    NotATask,
    /// A task line holding bytes that are not text a person can read: control characters
    /// (terminal escapes), invalid UTF-8, or an unreadably long line.
    UnreadableText,
    /// A lower-case mention that reads as a shorter owner than the person it names.
    SuspectOwner,
    /// The vault's Obsidian Tasks settings file could not be used as it is (SPEC §9).
    TasksSettings,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::InvalidDate => "invalid-date",
            FindingKind::Mojibake => "mojibake",
            FindingKind::BrokenFrontmatter => "broken-frontmatter",
            FindingKind::UnknownStatus => "unknown-status",
            FindingKind::SuspectField => "suspect-field",
            FindingKind::Unreadable => "unreadable",
            FindingKind::NotATask => "not-a-task",
            FindingKind::UnreadableText => "unreadable-text",
            FindingKind::SuspectOwner => "suspect-owner",
            FindingKind::TasksSettings => "tasks-settings",
        }
    }
}

/// A ```` ```tasks ```` block found in a note: a saved view (SPEC §7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TasksBlock {
    /// 1-based line of the opening fence.
    pub line: u32,
    pub query: String,
}

/// Everything one note contributes to the index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedNote {
    pub meta: Arc<NoteMeta>,
    pub tasks: Vec<Task>,
    pub findings: Vec<Finding>,
    pub views: Vec<TasksBlock>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_fields_cost_a_task_nothing_until_set() {
        assert_eq!(TaskExtras::default().boxed(), None);
        let mut t = Task {
            note: Arc::default(),
            line: 1,
            status: ' ',
            status_type: StatusType::Todo,
            priority: Priority::None,
            proposed: false,
            words: TaskText::default(),
            owner: None,
            account: None,
            dates: Dates::default(),
            tags: Vec::new(),
            heading: None,
            extras: None,
        };
        assert_eq!((t.recurrence(), t.id(), t.block_id()), (None, None, None));
        assert!(t.depends_on().is_empty());
        let plain = t.clone();
        t.extras_mut();
        assert_eq!(t, plain, "an empty box of extras is no extras");
        t.extras_mut().id = Some("a1".into());
        assert_eq!(t.id(), Some("a1"));
        assert_ne!(t, plain);
        // The point of the split: a task stays within a few cache lines.
        assert!(size_of::<Task>() <= 160, "{}", size_of::<Task>());
    }
}
