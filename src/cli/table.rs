//! The readable table of `triage list`: aligned columns, each capped so that no note text can make a
//! row wide, colours as `--color` says (auto: on a terminal, not with NO_COLOR). It never prints
//! unsanitised note text.

use chrono::NaiveDate;
use std::io::{IsTerminal, Write};
use triage::task::{Bucket, StatusType, Task};
use triage::text::shown;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Clone, Copy)]
pub struct Style {
    color: bool,
    /// The terminal's width; `None` when stdout is not a terminal.
    width: Option<usize>,
}

impl Style {
    pub fn detect(color: super::ColorChoice) -> Style {
        let tty = std::io::stdout().is_terminal();
        let width = if tty {
            crate::tui::terminal_width()
        } else {
            None
        };
        Style {
            color: color.wanted(tty),
            width,
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color && !code.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// The widest a description may be before the other columns are known.
    fn description_cap(&self) -> usize {
        self.width.unwrap_or(PIPED_DESCRIPTION).max(MIN_DESCRIPTION)
    }
}

struct Row {
    /// DUE, PRIORITY, OWNER, ACCOUNT, DESCRIPTION, LOCATION: sanitised and already capped.
    cells: [String; 6],
    due_color: &'static str,
    dim: bool,
}

enum Item {
    Heading(String),
    Row(Row),
}

/// Rows, optionally under group headings, printed with one set of column widths for all groups.
pub struct Table {
    today: NaiveDate,
    style: Style,
    items: Vec<Item>,
}

const HEADERS: [&str; 6] = [
    "DUE",
    "PRIORITY",
    "OWNER",
    "ACCOUNT",
    "DESCRIPTION",
    "LOCATION",
];
const DESCRIPTION: usize = 4;
const MAX_NAME: usize = 20;
const MAX_LOCATION: usize = 60;
const MAX_HEADING: usize = 120;
/// Piped output is read by people too (`| less`, a log); a line of a few screens helps nobody.
const PIPED_DESCRIPTION: usize = 100;
const MIN_DESCRIPTION: usize = 20;

impl Table {
    pub fn new(today: NaiveDate, style: Style) -> Table {
        Table {
            today,
            style,
            items: Vec::new(),
        }
    }

    /// Starts a group: its heading is printed above the rows pushed after it.
    pub fn heading(&mut self, title: &str) {
        self.items.push(Item::Heading(clip(title, MAX_HEADING)));
    }

    pub fn push(&mut self, t: &Task) {
        let due_color = match t.bucket(self.today) {
            Bucket::Overdue => "31",
            Bucket::Today => "33",
            Bucket::Tomorrow => "36",
            _ => "",
        };
        let due = match t.dates.due {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None if t.dates.is_invalid(triage::DateKind::Due) => "invalid".into(),
            None => String::new(),
        };
        let priority = match t.priority {
            triage::Priority::None => "",
            p => p.as_str(),
        };
        let mut description = String::from("[");
        description.push_str(&clip(&t.status.to_string(), 1));
        description.push_str("] ");
        description.push_str(&clip(t.description(), self.style.description_cap() - 4));
        self.items.push(Item::Row(Row {
            cells: [
                due,
                priority.to_string(),
                clip(t.owner.as_deref().unwrap_or(""), MAX_NAME),
                clip(t.account.as_deref().unwrap_or(""), MAX_NAME),
                description,
                clip_left(&t.note.path, &format!(":{}", t.line), MAX_LOCATION),
            ],
            due_color,
            dim: t.status_type == StatusType::Done || t.status_type == StatusType::Cancelled,
        }));
    }

    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut widths: [usize; 6] = HEADERS.map(|h| h.width());
        for item in &self.items {
            if let Item::Row(r) = item {
                for (w, c) in widths.iter_mut().zip(&r.cells) {
                    *w = (*w).max(c.width());
                }
            }
        }
        if let Some(total) = self.style.width {
            let others: usize = widths
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != DESCRIPTION)
                .map(|(_, w)| w + 2)
                .sum();
            widths[DESCRIPTION] =
                widths[DESCRIPTION].min(total.saturating_sub(others).max(MIN_DESCRIPTION));
        }
        let header = HEADERS.map(String::from);
        let mut header_due = true;
        let mut first = true;
        for item in &self.items {
            match item {
                Item::Heading(title) => {
                    if !first {
                        writeln!(out)?;
                    }
                    writeln!(out, "{}", self.style.paint("1", title))?;
                    header_due = true;
                }
                Item::Row(r) => {
                    if header_due {
                        write_line(out, &header, &widths, |_, s| self.style.paint("1", s))?;
                        header_due = false;
                    }
                    write_line(out, &r.cells, &widths, |i, s| {
                        if r.dim {
                            self.style.paint("2", s)
                        } else if i == 0 {
                            self.style.paint(r.due_color, s)
                        } else {
                            s.to_string()
                        }
                    })?;
                }
            }
            first = false;
        }
        if header_due && self.items.is_empty() {
            write_line(out, &header, &widths, |_, s| self.style.paint("1", s))?;
        }
        Ok(())
    }
}

fn write_line(
    out: &mut impl Write,
    cells: &[String; 6],
    widths: &[usize; 6],
    paint: impl Fn(usize, &str) -> String,
) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        let text = clip(cell, widths[i]);
        let pad = widths[i].saturating_sub(text.width());
        line.push_str(&paint(i, &text));
        if i + 1 < cells.len() {
            line.push_str(&" ".repeat(pad + 2));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// `s` sanitised and cut to at most `max` columns, the cut marked with `…`. Reads at most `max`
/// visible characters (plus the zero-width ones among them) of `s`, however long `s` is.
fn clip(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    // Where the text stood when it last had room left for the `…`.
    let mut fits = 0;
    for c in s.chars().map(shown) {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            out.truncate(fits);
            if max > 0 {
                out.push('…');
            }
            return out;
        }
        out.push(c);
        w += cw;
        if w < max {
            fits = out.len();
        }
        // A run of zero-width characters must not keep the loop going through a huge string.
        if out.len() > max * 8 + 64 {
            out.truncate(fits);
            out.push('…');
            return out;
        }
    }
    out
}

/// `head` + `tail` sanitised in at most `max` columns; when it is too wide the start of `head` is
/// cut (`…/deep/note.md:12`), since the end of a path and the line number are what tell rows apart.
fn clip_left(head: &str, tail: &str, max: usize) -> String {
    let whole: String = head.chars().chain(tail.chars()).map(shown).collect();
    if whole.width() <= max {
        return whole;
    }
    let mut kept = Vec::new();
    let mut w = 1;
    for c in whole.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            break;
        }
        kept.push(c);
        w += cw;
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::{clip, clip_left};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn clip_cuts_marks_and_sanitises() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("exactly10!", 10), "exactly10!");
        assert_eq!(clip("eleven cols", 10), "eleven co…");
        assert_eq!(clip("a\u{1b}[2Jb", 10), "a\u{FFFD}[2Jb");
        assert_eq!(clip("日本語の説明", 7), "日本語…");
        assert!(clip(&"x".repeat(5_000_000), 100).width() <= 100);
        let zero_width = "\u{200B}".repeat(1_000_000);
        assert!(clip(&zero_width, 10).len() < 200);
    }

    #[test]
    fn clip_left_keeps_the_line_number() {
        assert_eq!(clip_left("a/b.md", ":3", 20), "a/b.md:3");
        let long = format!("{}/note.md", "deep/".repeat(30));
        let cut = clip_left(&long, ":12", 30);
        assert!(
            cut.starts_with('…') && cut.ends_with("/note.md:12"),
            "{cut}"
        );
        assert_eq!(cut.width(), 30);
    }
}
