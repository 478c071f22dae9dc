//! Line operations: one task line's bytes in, its new bytes out, changing only the bytes that must change.
//! Never re-serialises or reorders a line; never touches anything outside the line it is given.

mod more;

pub use more::mention_for;

use super::recur::Rule;
use super::{Op, When};
use crate::config::Config;
use crate::config::obsidian::TaskFormat;
use crate::parse::{FieldForm, FieldKind, TaskLine};
use crate::task::{DateKind, Priority, StatusType};
use chrono::{Datelike, Duration, NaiveDate};
use std::ops::Range;

/// The result of one operation on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edited {
    pub line: Vec<u8>,
    /// The next occurrence of a recurring task, to go on the line above.
    pub inserted: Option<Vec<u8>>,
    /// Something the user should know: why nothing changed, or why no next occurrence was made.
    pub warning: Option<String>,
}

/// Byte replacements on one line, all in the line's original coordinates, and the form a field
/// added to the line is written in (the vault's Obsidian Tasks `taskFormat`).
#[derive(Default)]
struct Splices(Vec<(Range<usize>, Vec<u8>)>, TaskFormat);

impl Splices {
    fn new(format: TaskFormat) -> Splices {
        Splices(Vec::new(), format)
    }

    /// A new field: `📅 2026-01-12`, or `[due:: 2026-01-12]` in a Dataview vault.
    fn field(&self, emoji: &str, dataview_key: &str, value: &str) -> String {
        match self.1 {
            TaskFormat::Emoji => format!("{emoji} {value}"),
            TaskFormat::Dataview => format!("[{dataview_key}:: {value}]"),
        }
    }

    fn replace(&mut self, r: Range<usize>, with: impl Into<Vec<u8>>) {
        self.0.push((r, with.into()));
    }

    fn insert(&mut self, at: usize, with: impl Into<Vec<u8>>) {
        self.0.push((at..at, with.into()));
    }

    /// Removes `r` and one adjacent space (the one before it, else the one after it). Never joins
    /// two punctuation bytes: `` `…` `` + `` ` `` would become a longer backtick run, `%` + `%` a
    /// comment opener, changing how the rest of the line (or note) reads; a space stays between them.
    fn remove_with_space(&mut self, line: &[u8], r: Range<usize>) {
        let wide = if r.start > 0 && line[r.start - 1] == b' ' {
            r.start - 1..r.end
        } else if line.get(r.end) == Some(&b' ') {
            r.start..r.end + 1
        } else {
            r.clone()
        };
        let joins = |x: &Range<usize>| {
            x.start > 0
                && line[x.start - 1].is_ascii_punctuation()
                && line.get(x.end).is_some_and(u8::is_ascii_punctuation)
        };
        if !joins(&wide) {
            self.0.push((wide, Vec::new()));
        } else if wide != r {
            // The space left on one side keeps the two apart.
            self.0.push((r, Vec::new()));
        } else {
            self.0.push((r, b" ".to_vec()));
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn apply(mut self, line: &[u8]) -> Vec<u8> {
        // Stable sort: insertions at one point keep the order they were made in.
        self.0.sort_by_key(|(r, _)| r.start);
        let mut out = Vec::with_capacity(line.len() + 32);
        let mut at = 0;
        for (r, with) in self.0 {
            // Two removals may both claim the space between them; the first one wins.
            let start = r.start.max(at).min(line.len());
            let end = r.end.max(start).min(line.len());
            out.extend_from_slice(&line[at..start]);
            out.extend_from_slice(&with);
            at = end;
        }
        out.extend_from_slice(&line[at..]);
        out
    }
}

/// The Dataview key of a date field (`[completion:: …]` for done).
fn date_key(kind: DateKind) -> &'static str {
    match kind {
        DateKind::Done => "completion",
        k => k.as_str(),
    }
}

pub(crate) fn date_emoji(kind: DateKind) -> &'static str {
    match kind {
        DateKind::Due => "📅",
        DateKind::Scheduled => "⏳",
        DateKind::Start => "🛫",
        DateKind::Created => "➕",
        DateKind::Done => "✅",
        DateKind::Cancelled => "❌",
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Whether `d` can be written as a `YYYY-MM-DD` field that reads back as the same date.
fn writable(d: NaiveDate) -> bool {
    (0..=9999).contains(&d.year())
}

/// Where a new field goes: at the end of the body, before a block link and before trailing whitespace.
fn append_point(line: &[u8], tl: &TaskLine) -> usize {
    let floor = (tl.status_span.end + 1).min(line.len());
    let mut p = tl
        .block_link
        .as_ref()
        .map_or(tl.body.end, |b| b.start)
        .min(line.len());
    while p > floor && matches!(line[p - 1], b' ' | b'\t') {
        p -= 1;
    }
    p.max(floor)
}

fn date_fields(
    tl: &TaskLine,
    kind: DateKind,
) -> impl Iterator<Item = (&crate::parse::Field, Option<NaiveDate>)> {
    tl.fields.iter().filter_map(move |f| match f.kind {
        FieldKind::Date(k, d) if k == kind => Some((f, d)),
        _ => None,
    })
}

/// Sets (or with `None` removes) one date field: in place in its own form, else added at the end.
fn set_date(s: &mut Splices, line: &[u8], tl: &TaskLine, kind: DateKind, date: Option<NaiveDate>) {
    let mut existing = date_fields(tl, kind);
    match date {
        Some(date) => match existing.next() {
            Some((f, _)) => write_date(s, f, kind, date),
            None => {
                let field = s.field(date_emoji(kind), date_key(kind), &ymd(date));
                s.insert(append_point(line, tl), format!(" {field}"));
            }
        },
        None => {
            for (f, _) in existing {
                s.remove_with_space(line, f.span.clone());
            }
        }
    }
}

/// Writes a new value into an existing date field, keeping its form (a mojibake symbol becomes the emoji).
fn write_date(s: &mut Splices, f: &crate::parse::Field, kind: DateKind, date: NaiveDate) {
    match f.form {
        FieldForm::Emoji | FieldForm::Dataview => s.replace(f.value.clone(), ymd(date)),
        FieldForm::Mojibake => s.replace(
            f.span.clone(),
            format!("{} {}", date_emoji(kind), ymd(date)),
        ),
    }
}

fn set_status(s: &mut Splices, tl: &TaskLine, symbol: char) {
    if tl.status != symbol {
        s.replace(tl.status_span.clone(), symbol.to_string());
    }
}

fn set_priority(s: &mut Splices, line: &[u8], tl: &TaskLine, p: Priority) {
    let mut fields = tl
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Priority(_)));
    let Some(first) = fields.next() else {
        if let Some(emoji) = p.emoji() {
            let field = match s.1 {
                TaskFormat::Emoji => emoji.to_string(),
                TaskFormat::Dataview => s.field(emoji, "priority", p.as_str()),
            };
            s.insert(append_point(line, tl), format!(" {field}"));
        }
        return;
    };
    match (first.form, p.emoji()) {
        (_, None) => {
            s.remove_with_space(line, first.span.clone());
            for f in fields {
                s.remove_with_space(line, f.span.clone());
            }
        }
        (FieldForm::Dataview, Some(_)) => s.replace(first.value.clone(), p.as_str()),
        (FieldForm::Emoji | FieldForm::Mojibake, Some(emoji)) => {
            if first.kind != FieldKind::Priority(p) || first.form == FieldForm::Mojibake {
                s.replace(first.span.clone(), emoji);
            }
        }
    }
}

fn unchanged(line: &[u8], why: String) -> Edited {
    Edited {
        line: line.to_vec(),
        inserted: None,
        warning: Some(why),
    }
}

/// Applies `op` to one task line. `tl` is `line` parsed.
pub(crate) fn apply(line: &[u8], tl: &TaskLine, op: &Op, today: NaiveDate, cfg: &Config) -> Edited {
    let settings = &cfg.tasks;
    let mut s = Splices::new(settings.task_format.value);
    let status = cfg.status(tl.status);
    let mut inserted = None;
    let mut warning = None;
    match op {
        Op::ToggleDone => {
            // The vault's Obsidian Tasks statuses say where a toggle goes; without them, a closed
            // task reopens and any other is done.
            let next = status.next.unwrap_or(if status.status_type.is_closed() {
                ' '
            } else {
                'x'
            });
            let new_type = cfg.status(next).status_type;
            set_status(&mut s, tl, next);
            // A date of the type the task enters is added (if the settings say so), one of a type
            // it leaves is removed, and a reopened task keeps neither: a stray date would read
            // as a completion that did not happen. Other fields stay as they are.
            for (kind, ty, add) in [
                (
                    DateKind::Done,
                    StatusType::Done,
                    settings.set_done_date.value,
                ),
                (
                    DateKind::Cancelled,
                    StatusType::Cancelled,
                    settings.set_cancelled_date.value,
                ),
            ] {
                if new_type == ty {
                    if status.status_type != ty && add {
                        set_date(&mut s, line, tl, kind, Some(today));
                    }
                } else if !new_type.is_closed() || status.status_type == ty {
                    set_date(&mut s, line, tl, kind, None);
                }
            }
            if new_type == StatusType::Done && status.status_type != StatusType::Done {
                let delete = deletes_on_completion(line, tl);
                match next_occurrence(line, tl, today, cfg) {
                    // Obsidian Tasks' `🏁 delete`: the done occurrence goes, the next one takes its line.
                    Ok(Some(next)) if delete => {
                        return Edited {
                            line: next,
                            inserted: None,
                            warning: None,
                        };
                    }
                    Ok(next) => inserted = next,
                    Err(why) => warning = Some(why),
                }
                if delete && inserted.is_none() && warning.is_none() {
                    warning = Some(
                        "marked done and kept: triage removes a task on completion (🏁 delete) only when a next occurrence takes its line"
                            .into(),
                    );
                }
            }
        }
        Op::Accept => {
            // A rejected task (`[-]` with ❌) is accepted back: open again, without the ❌ date.
            let rejected = status.status_type == StatusType::Cancelled
                && date_fields(tl, DateKind::Cancelled).next().is_some();
            if status.proposed || rejected {
                set_status(&mut s, tl, ' ');
            }
            if rejected {
                set_date(&mut s, line, tl, DateKind::Cancelled, None);
            }
            let mut kept = None;
            for tag in &tl.tags {
                let name = String::from_utf8_lossy(&line[tag.start + 1..tag.end]);
                let removes = cfg.proposed.accept_removes_tags.iter();
                if removes
                    .clone()
                    .any(|t| t.trim_start_matches('#').eq_ignore_ascii_case(&name))
                {
                    s.remove_with_space(line, tag.clone());
                } else if cfg.is_proposed_tag(&name) {
                    kept.get_or_insert(name);
                }
            }
            // A proposed tag that accept may not remove leaves the task proposed: say so rather
            // than report success (or "not proposed") in silence.
            warning = kept.map(|t| {
                format!(
                    "the tag #{t} still marks the task proposed; list it in accept_removes_tags to have accept remove it"
                )
            });
            if s.is_empty() {
                let why = warning
                    .take()
                    .unwrap_or_else(|| "not proposed; nothing to accept".into());
                return unchanged(line, why);
            }
        }
        Op::Reject => {
            if status.status_type == StatusType::Cancelled {
                return unchanged(line, "the task is already cancelled".into());
            }
            set_status(&mut s, tl, '-');
            if settings.set_cancelled_date.value {
                set_date(&mut s, line, tl, DateKind::Cancelled, Some(today));
            }
        }
        Op::SetDue(When::Date(d)) => {
            if !writable(*d) {
                return unchanged(
                    line,
                    format!("{d} cannot be written as a YYYY-MM-DD date (years 0 to 9999)"),
                );
            }
            set_date(&mut s, line, tl, DateKind::Due, Some(*d));
        }
        Op::SetDue(When::FromDue(days)) => {
            let base = date_fields(tl, DateKind::Due).find_map(|(_, d)| d);
            let new = Duration::try_days(*days)
                .and_then(|d| base.unwrap_or(today).checked_add_signed(d))
                .filter(|d| writable(*d));
            let Some(new) = new else {
                return unchanged(line, format!("cannot move the due date by {days} days"));
            };
            set_date(&mut s, line, tl, DateKind::Due, Some(new));
        }
        Op::SetDue(When::Clear) => {
            if date_fields(tl, DateKind::Due).next().is_none() {
                return unchanged(line, "the task has no due date".into());
            }
            set_date(&mut s, line, tl, DateKind::Due, None);
        }
        Op::Postpone(days) => {
            let due = date_fields(tl, DateKind::Due).find_map(|(_, d)| d);
            // As Obsidian Tasks' postpone does: an overdue task moves forward from today, so
            // postponing it always leaves it due in the future. Moving a date earlier counts
            // from the date itself.
            let base = match due {
                Some(d) if *days > 0 => d.max(today),
                Some(d) => d,
                None => today,
            };
            // Any i64 may come in through the library; chrono's `days` panics past its range.
            let new = Duration::try_days(*days)
                .and_then(|d| base.checked_add_signed(d))
                .filter(|d| writable(*d));
            let Some(new) = new else {
                return unchanged(line, format!("cannot move the due date by {days} days"));
            };
            set_date(&mut s, line, tl, DateKind::Due, Some(new));
        }
        Op::SetPriority(p) => set_priority(&mut s, line, tl, *p),
        Op::SetOwner(name) => {
            if let Err(why) = more::set_owner(&mut s, line, tl, name.as_deref()) {
                return unchanged(line, why);
            }
        }
        Op::Rename(text) => {
            if let Err(why) = more::rename(&mut s, line, tl, text) {
                return unchanged(line, why);
            }
        }
        Op::SetScheduled(w) | Op::SetStart(w) => {
            let kind = match op {
                Op::SetStart(_) => DateKind::Start,
                _ => DateKind::Scheduled,
            };
            if let Err(why) = more::set_when(&mut s, line, tl, kind, *w, today) {
                return unchanged(line, why);
            }
        }
    }
    let new = s.apply(line);
    if new == line && warning.is_none() {
        warning = Some("the task already reads that way; nothing to change".into());
    }
    Edited {
        line: new,
        inserted,
        warning,
    }
}

/// Whether the line says `🏁 delete` (`[onCompletion:: delete]`).
fn deletes_on_completion(line: &[u8], tl: &TaskLine) -> bool {
    tl.fields.iter().any(|f| {
        f.kind == FieldKind::OnCompletion && line[f.value.clone()].eq_ignore_ascii_case(b"delete")
    })
}

/// The next occurrence of a recurring task (SPEC §6), or `Ok(None)` when the task does not recur.
fn next_occurrence(
    line: &[u8],
    tl: &TaskLine,
    today: NaiveDate,
    cfg: &Config,
) -> Result<Option<Vec<u8>>, String> {
    let settings = &cfg.tasks;
    let Some(field) = tl.fields.iter().find(|f| f.kind == FieldKind::Recurrence) else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&line[field.value.clone()]);
    let rule =
        Rule::parse(&text).map_err(|e| format!("marked done, but no next occurrence: {e}"))?;
    let first = |kind| date_fields(tl, kind).find_map(|(_, d)| d);
    // Obsidian Tasks' `removeScheduledDateOnRecurrence`: the next occurrence has no scheduled
    // date when it keeps a due or start date, so the start date counts before the scheduled one.
    let has = |kind| date_fields(tl, kind).next().is_some();
    let drop_scheduled = settings.remove_scheduled_date_on_recurrence.value
        && (has(DateKind::Due) || has(DateKind::Start));
    let order = if settings.remove_scheduled_date_on_recurrence.value {
        [DateKind::Due, DateKind::Start, DateKind::Scheduled]
    } else {
        [DateKind::Due, DateKind::Scheduled, DateKind::Start]
    };
    let reference = order.into_iter().find_map(first);
    let mut s = Splices::new(settings.task_format.value);
    set_status(&mut s, tl, ' ');
    if let Some(reference) = reference {
        let from = if rule.when_done { today } else { reference };
        let next = rule
            .next(from)
            .ok_or_else(|| format!("marked done, but {text:?} gives no next date after {from}"))?;
        let delta = next - reference;
        for kind in [DateKind::Due, DateKind::Scheduled, DateKind::Start] {
            if kind == DateKind::Scheduled && drop_scheduled {
                continue;
            }
            for (f, d) in date_fields(tl, kind) {
                if let Some(shifted) = d.and_then(|d| d.checked_add_signed(delta)) {
                    if !writable(shifted) {
                        return Err(format!(
                            "marked done, but {text:?} gives {shifted}, past the year 9999"
                        ));
                    }
                    write_date(&mut s, f, kind, shifted);
                }
            }
        }
    }
    // Like Obsidian Tasks: the new occurrence is not done, not cancelled, newly created (no date
    // by default), has no id or dependencies, and no block link (an id must be unique in a note).
    for f in &tl.fields {
        let drop = match f.kind {
            FieldKind::Date(k, _) => {
                matches!(k, DateKind::Done | DateKind::Cancelled | DateKind::Created)
                    || (k == DateKind::Scheduled && drop_scheduled)
            }
            FieldKind::Id | FieldKind::DependsOn => true,
            FieldKind::Priority(_) | FieldKind::Recurrence | FieldKind::OnCompletion => false,
        };
        if drop {
            s.remove_with_space(line, f.span.clone());
        }
    }
    if let Some(b) = &tl.block_link {
        s.replace(b.clone(), Vec::new());
    }
    if settings.set_created_date.value {
        let field = s.field(date_emoji(DateKind::Created), "created", &ymd(today));
        s.insert(append_point(line, tl), format!(" {field}"));
    }
    Ok(Some(s.apply(line)))
}
