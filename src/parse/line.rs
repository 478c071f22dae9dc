//! The task-line grammar of SPEC §2: one line of bytes → its parts, each with its byte span.
//! Works on bytes so spans are exact for edits; allocates nothing for a line that is not a task.

use super::fields::{self, Sym};
use super::inline;
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
    /// `🏁 keep|delete` (`[onCompletion:: delete]`).
    OnCompletion,
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

/// Reads one line (without its line ending; a trailing `\r` is tolerated) as a task line, or
/// `None` if it is not one. Allocates nothing for a line that is not a task.
pub fn parse_line(line: &[u8]) -> Option<TaskLine> {
    let mut task = TaskLine::default();
    parse_line_into(line, &mut task).then_some(task)
}

/// An empty line's parts, for [`parse_line_into`] to fill.
impl Default for TaskLine {
    fn default() -> TaskLine {
        TaskLine {
            indent: 0..0,
            marker: 0..0,
            status: ' ',
            status_span: 0..0,
            body: 0..0,
            fields: Vec::new(),
            tags: Vec::new(),
            mentions: Vec::new(),
            block_link: None,
        }
    }
}

/// [`parse_line`] into a `TaskLine` the caller keeps, so a scan reuses its lists' memory from
/// one task to the next. False (and `task` left unspecified) when the line is not a task.
pub fn parse_line_into(line: &[u8], task: &mut TaskLine) -> bool {
    let Some((head, body)) = head_and_body(line) else {
        return false;
    };
    task.indent = 0..head.indent_end;
    task.marker = head.indent_end..head.marker_end;
    task.status = head.status;
    task.status_span = head.status_span;
    task.body = body.clone();
    task.fields.clear();
    task.tags.clear();
    task.mentions.clear();
    task.block_link = inline::block_link(line, body.clone());
    let scan_end = task
        .block_link
        .as_ref()
        .map_or(body.end, |b| b.start.max(body.start));
    scan_body(line, body.start, scan_end, task);
    true
}

/// Whether [`parse_line`] reads the line as a task, without reading its body: for counts.
pub fn is_task(line: &[u8]) -> bool {
    head_and_body(line).is_some()
}

/// The status symbol of a task line and its body's range, without reading the body.
pub fn task_head(line: &[u8]) -> Option<(char, Range<usize>)> {
    head_and_body(line).map(|(h, body)| (h.status, body))
}

/// The head of a task line and its body's range: a space or tab (or nothing) must follow `]`.
fn head_and_body(line: &[u8]) -> Option<(Head, Range<usize>)> {
    let head = head(line)?;
    let mut end = line.len();
    if end > head.after && line[end - 1] == b'\r' {
        end -= 1;
    }
    let body = if head.after >= end {
        end..end
    } else if matches!(line[head.after], b' ' | b'\t') {
        head.after + 1..end
    } else {
        return None;
    };
    Some((head, body))
}

/// True when the line could be a task: indent, marker, space(s), `[`. Cheap enough for every line.
pub fn maybe_task(line: &[u8]) -> bool {
    head(line).is_some()
}

struct Head {
    indent_end: usize,
    marker_end: usize,
    status: char,
    status_span: Range<usize>,
    /// Just after the closing `]`.
    after: usize,
}

fn head(line: &[u8]) -> Option<Head> {
    let indent_end = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'>'))?;
    let mut i = indent_end;
    match line[i] {
        b'-' | b'*' | b'+' => i += 1,
        b'0'..=b'9' => {
            let digits = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            // CommonMark: an ordered list number has at most nine digits.
            if digits > 9 || !matches!(line.get(i + digits), Some(b'.' | b')')) {
                return None;
            }
            i += digits + 1;
        }
        _ => return None,
    }
    let marker_end = i;
    while line.get(i) == Some(&b' ') {
        i += 1;
    }
    if i == marker_end || line.get(i) != Some(&b'[') {
        return None;
    }
    let s = i + 1;
    let (status, len) = inline::char_at(line, s)?;
    if line.get(s + len) != Some(&b']') {
        return None;
    }
    Some(Head {
        indent_end,
        marker_end,
        status,
        status_span: s..s + len,
        after: s + len + 1,
    })
}

/// One left-to-right pass over the body: fields, tags, mentions, code spans and URLs.
fn scan_body(line: &[u8], start: usize, end: usize, task: &mut TaskLine) {
    let mut i = start;
    // The recurrence field whose rule text is still running, as an index into `task.fields`.
    let mut open_rule: Option<usize> = None;
    let mut code = inline::CodeSpans::default();
    // One search for the whole body spares a URL check at every word of the many bodies without one.
    // memchr for `:` rather than a substring search: setting up a `memmem` searcher per task
    // line cost more than the search, and most bodies hold no `:` at all.
    let has_url = memchr::memchr_iter(b':', &line[start..end])
        .any(|c| line[start + c..end].starts_with(b"://"));
    while i < end {
        let b = line[i];
        // Most bytes start nothing: skip them before the word and URL checks.
        if !has_url && !STARTS_PIECE[usize::from(b)] {
            i = line[i..end]
                .iter()
                .position(|b| STARTS_PIECE[usize::from(*b)])
                .map_or(end, |off| i + off);
            continue;
        }
        let at_word = i == start || matches!(line[i - 1], b' ' | b'\t');
        let next = match b {
            b'#' if at_word => inline::tag_end(line, i, end).inspect(|e| task.tags.push(i..*e)),
            b'@' if at_word => {
                inline::mention_end(line, i, end).inspect(|e| task.mentions.push(i..*e))
            }
            b'[' | b'(' => fields::dataview(line, i, end).map(|f| {
                let e = f.span.end;
                task.fields.push(f);
                e
            }),
            b'`' => {
                // A code span is literal text: nothing inside it is a field, tag or mention.
                i = code.skip(line, i, end);
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' if at_word && has_url => {
                // A URL's `#fragment` and `@user` are not tags or mentions.
                i = inline::url_end(line, i, end).unwrap_or(i + 1);
                continue;
            }
            0xC3 | 0xE2 | 0xEF | 0xF0 => emoji_field(line, i, end).map(|f| {
                let e = if f.kind == FieldKind::Recurrence {
                    f.value.start
                } else {
                    f.span.end
                };
                task.fields.push(f);
                e
            }),
            _ => None,
        };
        match next {
            Some(e) => {
                if let Some(k) = open_rule.take() {
                    close_rule(line, &mut task.fields[k], i);
                }
                if task
                    .fields
                    .last()
                    .is_some_and(|f| f.kind == FieldKind::Recurrence && f.value.is_empty())
                {
                    open_rule = Some(task.fields.len() - 1);
                }
                i = e.max(i + 1);
            }
            None => i += 1,
        }
    }
    if let Some(k) = open_rule {
        close_rule(line, &mut task.fields[k], end);
    }
}

/// The bytes at which `scan_body` may find a piece when the body holds no URL: tags, mentions,
/// Dataview brackets, code spans and the first bytes of field symbols.
static STARTS_PIECE: [bool; 256] = {
    let mut t = [false; 256];
    let starts = b"#@[(`\xC3\xE2\xEF\xF0";
    let mut i = 0;
    while i < starts.len() {
        t[starts[i] as usize] = true;
        i += 1;
    }
    t
};

fn emoji_field(line: &[u8], at: usize, end: usize) -> Option<Field> {
    let (pattern, sym_end) = fields::match_symbol(line, at)?;
    let (kind, value) = fields::emoji_value(line, pattern.sym, sym_end, end)?;
    let span_end = if matches!(pattern.sym, Sym::Priority(_)) {
        sym_end
    } else {
        value.end
    };
    Some(Field {
        kind,
        form: pattern.form,
        span: at..span_end,
        value,
    })
}

/// Rule text runs to the next field, tag, mention or the end, without trailing spaces.
fn close_rule(line: &[u8], field: &mut Field, at: usize) {
    let mut e = at.max(field.value.start);
    while e > field.value.start && matches!(line[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    field.value.end = e;
    field.span.end = e;
}
