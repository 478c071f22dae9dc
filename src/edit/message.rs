//! An edit's outcome as one line of plain text, result first (`✓ due Tue 11-26 → Fri 12-11`,
//! `✗ refused: not proposed`), then what it touched; the UI and the command line show the same line.
//! Pure text: no terminal, no colour (the symbol carries the tone where there is no colour).

use super::{EditError, Outcome};
use crate::parse::{FieldKind, parse_line};
use crate::task::{DateKind, Priority};
use chrono::{Datelike, NaiveDate};

/// How an outcome went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Done,
    /// Done, with something to know (no next occurrence, cannot be undone, a tag that stays).
    Warning,
    /// Nothing was written.
    Refused,
}

impl Tone {
    pub fn symbol(self) -> &'static str {
        match self {
            Tone::Done => "✓",
            Tone::Warning => "⚠",
            Tone::Refused => "✗",
        }
    }
}

/// One outcome: the result, the task it touched, and anything else to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub tone: Tone,
    /// `accepted`, `due Tue 11-26 → Fri 12-11`, `refused: not proposed`, `note changed on disk`.
    pub headline: String,
    /// `PATH:LINE  description`, when a task was reached.
    pub place: Option<String>,
    pub note: Option<String>,
}

impl Message {
    /// The whole line: `✓ accepted — Inbox.md:4  Write a post  (note)`.
    pub fn text(&self) -> String {
        let mut out = format!("{} {}", self.tone.symbol(), self.headline);
        if let Some(p) = &self.place {
            out.push_str(" — ");
            out.push_str(p);
        }
        if let Some(n) = &self.note {
            out.push_str("  · ");
            out.push_str(n);
        }
        out
    }
}

/// What an edit did; `taken_back` names an undo or redo (`undone`, `redone`) of the edit `out.what`.
pub fn outcome(out: &Outcome, taken_back: Option<&str>) -> Message {
    let place = Some(place(&out.path, out.line, &out.new_line));
    if !out.changed {
        let why = out.warning.as_deref().unwrap_or("nothing to change");
        return Message {
            tone: Tone::Refused,
            headline: format!("refused: {why}"),
            place,
            note: None,
        };
    }
    let headline = match taken_back {
        Some(verb) => format!("{verb}: {}", out.what),
        None => headline(out),
    };
    Message {
        tone: if out.warning.is_some() {
            Tone::Warning
        } else {
            Tone::Done
        },
        headline,
        place,
        note: out.warning.clone(),
    }
}

/// Why an edit was refused, the kind of refusal first, then the error (which names the note).
pub fn refusal(e: &EditError) -> Message {
    let headline = match e {
        EditError::Moved { .. } | EditError::Changed { .. } => "note changed on disk",
        EditError::NotATask { .. } => "refused: not a task",
        EditError::NoSuchLine { .. } => "refused: no such line",
        EditError::ReadOnly { .. } => "refused: read-only note",
        EditError::Busy { .. } => "refused: note busy",
        EditError::BadPath { .. } => "refused: bad note path",
        EditError::UndoConflict { .. } => "cannot undo",
        other => {
            return Message {
                tone: Tone::Refused,
                headline: other.to_string(),
                place: None,
                note: None,
            };
        }
    };
    Message {
        tone: Tone::Refused,
        headline: headline.to_string(),
        // The headline has said it was refused.
        place: Some(e.to_string().replacen(": refused: ", ": ", 1)),
        note: None,
    }
}

/// The most characters of a description a message repeats; the location names the task anyway.
const DESCRIPTION_CHARS: usize = 100;

/// `Inbox.md:4  Write a post about the onboarding`.
pub fn place(path: &str, line: u32, text: &str) -> String {
    let description = parse_line(text.as_bytes())
        .map(|tl| tl.description(text.as_bytes()))
        .unwrap_or_else(|| text.trim().to_string());
    let mut short: String = description.chars().take(DESCRIPTION_CHARS).collect();
    if short.len() < description.len() {
        short.push('…');
    }
    format!("{path}:{line}  {short}")
}

fn headline(out: &Outcome) -> String {
    let before = parse_line(out.before.as_bytes());
    let after = parse_line(out.new_line.as_bytes());
    let status = |tl: &Option<crate::parse::TaskLine>| tl.as_ref().map_or(' ', |t| t.status);
    match out.what.as_str() {
        "toggle" => match (status(&after), &out.inserted) {
            (' ', _) => "reopened".into(),
            (_, Some(_)) => "done, next occurrence added above".into(),
            _ => "done".into(),
        },
        "accept" if status(&before) == '-' => "accepted (reopened)".into(),
        "accept" => "accepted".into(),
        "reject" => "rejected".into(),
        "due" | "postpone" => {
            let due = |tl: &Option<crate::parse::TaskLine>| {
                tl.as_ref()?.fields.iter().find_map(|f| match f.kind {
                    FieldKind::Date(DateKind::Due, d) => d,
                    _ => None,
                })
            };
            date_change(due(&before), due(&after))
        }
        "priority" => {
            let p = |tl: &Option<crate::parse::TaskLine>| {
                tl.as_ref()
                    .and_then(|t| {
                        t.fields.iter().find_map(|f| match f.kind {
                            FieldKind::Priority(p) => Some(p),
                            _ => None,
                        })
                    })
                    .unwrap_or(Priority::None)
            };
            format!("priority {} → {}", p(&before).as_str(), p(&after).as_str())
        }
        "assign" => {
            let owner = |tl: &Option<crate::parse::TaskLine>, line: &str| {
                tl.as_ref()
                    .and_then(|t| t.owner(line.as_bytes()).map(|o| o.into_owned()))
                    .unwrap_or_else(|| "none".into())
            };
            format!(
                "owner {} → {}",
                owner(&before, &out.before),
                owner(&after, &out.new_line)
            )
        }
        "rename" => "renamed".into(),
        "add" => "added".into(),
        kind @ ("scheduled" | "start") => {
            let which = if kind == "start" {
                DateKind::Start
            } else {
                DateKind::Scheduled
            };
            let date = |tl: &Option<crate::parse::TaskLine>| {
                tl.as_ref()?.fields.iter().find_map(|f| match f.kind {
                    FieldKind::Date(k, d) if k == which => d,
                    _ => None,
                })
            };
            date_change(date(&before), date(&after)).replacen("due", kind, 1)
        }
        other => format!("{other} done"),
    }
}

/// `due Tue 11-26 → Fri 12-11`; the year is shown when the two dates' years differ.
pub fn date_change(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    let years_differ = matches!((from, to), (Some(a), Some(b)) if a.year() != b.year());
    let show = |d: Option<NaiveDate>| match d {
        Some(d) if years_differ => d.format("%a %Y-%m-%d").to_string(),
        Some(d) => d.format("%a %m-%d").to_string(),
        None => "none".to_string(),
    };
    match from {
        Some(_) => format!("due {} → {}", show(from), show(to)),
        None => format!("due {}", show(to)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(what: &str, before: &str, after: &str) -> Outcome {
        Outcome {
            path: "Inbox.md".into(),
            line: 4,
            before: before.into(),
            new_line: after.into(),
            inserted: None,
            warning: None,
            changed: before != after,
            what: what.into(),
        }
    }

    #[test]
    fn the_result_comes_first() {
        let m = outcome(
            &out(
                "due",
                "- [ ] Send it 📅 2026-11-24",
                "- [ ] Send it 📅 2026-12-11",
            ),
            None,
        );
        assert_eq!(
            m.text(),
            "✓ due Tue 11-24 → Fri 12-11 — Inbox.md:4  Send it"
        );
        let m = outcome(
            &out("due", "- [ ] Send it", "- [ ] Send it 📅 2027-01-05"),
            None,
        );
        assert_eq!(m.headline, "due Tue 01-05");
        assert_eq!(
            date_change(
                NaiveDate::from_ymd_opt(2026, 12, 30),
                NaiveDate::from_ymd_opt(2027, 1, 2)
            ),
            "due Wed 2026-12-30 → Sat 2027-01-02"
        );
        let m = outcome(
            &out("accept", "- [-] Mine ❌ 2026-11-20", "- [ ] Mine"),
            None,
        );
        assert_eq!(m.text(), "✓ accepted (reopened) — Inbox.md:4  Mine");
        let m = outcome(&out("priority", "- [ ] A 🔼", "- [ ] A ⏫"), None);
        assert_eq!(m.headline, "priority medium → high");
    }

    #[test]
    fn refusals_and_warnings_say_so_first() {
        let mut o = out("accept", "- [ ] Mine", "- [ ] Mine");
        o.warning = Some("not proposed; nothing to accept".into());
        let m = outcome(&o, None);
        assert_eq!(m.tone, Tone::Refused);
        assert!(
            m.text()
                .starts_with("✗ refused: not proposed; nothing to accept — Inbox.md:4"),
            "{}",
            m.text()
        );
        let mut o = out(
            "toggle",
            "- [ ] A 🔁 every day",
            "- [x] A 🔁 every day ✅ 2026-11-23",
        );
        o.warning = Some("marked done, but no next occurrence".into());
        let m = outcome(&o, None);
        assert_eq!(m.tone, Tone::Warning);
        assert!(m.text().starts_with("⚠ done — "), "{}", m.text());
        let e = EditError::Moved {
            path: "Inbox.md".into(),
            line: 4,
            why: "the task is no longer in the note".into(),
        };
        assert!(
            refusal(&e)
                .text()
                .starts_with("✗ note changed on disk — Inbox.md:4: the task is no longer"),
            "{}",
            refusal(&e).text()
        );
    }
}
