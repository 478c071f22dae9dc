//! The task-line grammar of SPEC §2: one line of bytes → its parts, each with its byte span.
//! Works on bytes so spans are exact for edits; allocates nothing for a line that is not a task.

use crate::task::{DateKind, Priority};
use std::ops::Range;

/// How a field was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldForm {
    /// `📅 2026-01-12` (also with U+FE0F after the symbol).
    Emoji,
    /// The emoji form written as mojibake (`üìÖ 2026-01-12`); edits write it back as the real emoji.
    Mojibake,
    /// `[due:: 2026-01-12]` or `(due:: 2026-01-12)`.
    Dataview,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Priority(Priority),
    /// A date field. `None` when the value looks like a date but is not a real one (`2026-02-30`).
    Date(DateKind, Option<chrono::NaiveDate>),
    Recurrence,
    Id,
    DependsOn,
}

/// One field on a task line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub kind: FieldKind,
    pub form: FieldForm,
    /// The whole field: symbol (or bracket) to the end of the value (or closing bracket).
    /// For the emoji forms the span does not include the space before the symbol.
    pub span: Range<usize>,
    /// The value alone (`2026-01-12`, `every week`, `abc-1`); for priority emoji, empty.
    pub value: Range<usize>,
}

/// A task line split into parts. All spans are byte ranges into the line given to [`parse_line`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskLine {
    /// Spaces, tabs and `>` before the marker.
    pub indent: Range<usize>,
    /// `-`, `*`, `+`, `12.` or `12)`.
    pub marker: Range<usize>,
    pub status: char,
    /// The status symbol's bytes, between the brackets.
    pub status_span: Range<usize>,
    /// Everything after `] ` up to the end of the line (line ending excluded); empty for `- [ ]`.
    pub body: Range<usize>,
    pub fields: Vec<Field>,
    /// Each tag including its `#`.
    pub tags: Vec<Range<usize>>,
    /// Each mention including its `@` (and `[[…]]` for the link form); the owner is the last.
    pub mentions: Vec<Range<usize>>,
    /// The trailing block link ` ^block-id`, including the space before `^`.
    pub block_link: Option<Range<usize>>,
}

/// Reads one line (without its line ending) as a task line, or `None` if it is not one.
pub fn parse_line(line: &[u8]) -> Option<TaskLine> {
    let _ = line;
    None
}
