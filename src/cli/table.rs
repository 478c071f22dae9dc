//! The readable table of `triage list`: aligned columns fitted to the terminal's width (the
//! description takes the slack; a location is shortened in its folders, never cut from the left),
//! whole `PATH:LINE` locations when piped, colours as `--color` says (auto: on a terminal, not
//! with NO_COLOR). It never prints unsanitised note text.

use chrono::NaiveDate;
use std::io::{IsTerminal, Write};
use triage::task::{Bucket, StatusType, Task};
use triage::text::shown;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod fit;
use fit::{fit, shorten_location};

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
    /// DUE, PRIORITY, OWNER, ACCOUNT, DESCRIPTION, LOCATION: sanitised and capped (the location is
    /// whole: it is fitted when the column's width is known).
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
    /// Which columns are printed, in `HEADERS` order.
    shown: [bool; 6],
    /// No `--columns`: empty columns may be left out.
    all_columns: bool,
}

/// The names `--columns` takes, in `HEADERS` order.
pub const COLUMNS: [&str; 6] = [
    "due",
    "priority",
    "owner",
    "account",
    "description",
    "location",
];

/// Reads `--columns due,owner,description`: which columns to print (at least one).
pub fn parse_columns(names: &[String]) -> Result<[bool; 6], String> {
    let mut shown = [false; 6];
    for name in names.iter().flat_map(|n| n.split(',')).map(str::trim) {
        let i = COLUMNS
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!(
                    "--columns: {name:?} is not a column; use some of {}",
                    COLUMNS.join(", ")
                )
            })?;
        shown[i] = true;
    }
    if !shown.contains(&true) {
        return Err(format!(
            "--columns: name at least one of {}",
            COLUMNS.join(", ")
        ));
    }
    Ok(shown)
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
const LOCATION: usize = 5;
const MAX_NAME: usize = 20;
/// Owner and account give way down to this before the description does.
const MIN_NAME: usize = 8;
/// The least a location is shortened to; its file name and line are kept whole when they fit.
const MIN_LOCATION: usize = 24;
const MAX_HEADING: usize = 120;
/// Piped output is read by people too (`| less`, a log); a line of a few screens helps nobody.
const PIPED_DESCRIPTION: usize = 100;
const MIN_DESCRIPTION: usize = 20;

impl Table {
    pub fn new(today: NaiveDate, style: Style, shown: [bool; 6]) -> Table {
        Table {
            today,
            style,
            items: Vec::new(),
            all_columns: shown == [true; 6],
            shown,
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
        // The date that placed it in its bucket: the due date, else `⏳` and the scheduled date.
        let due = match t.bucket_date() {
            Some((d, triage::DateKind::Due)) => d.format("%Y-%m-%d").to_string(),
            Some((d, _)) => d.format("⏳%Y-%m-%d").to_string(),
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
                format!("{}:{}", clip(&t.note.path, 4096), t.line),
            ],
            due_color,
            dim: t.status_type == StatusType::Done || t.status_type == StatusType::Cancelled,
        }));
    }

    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut widths: [usize; 6] = HEADERS.map(|h| h.width());
        // On a terminal, a column no row fills gives its room away, unless `--columns` asked for it.
        let mut filled = [false; 6];
        for item in &self.items {
            if let Item::Row(r) = item {
                for (i, c) in r.cells.iter().enumerate() {
                    widths[i] = widths[i].max(c.width());
                    filled[i] |= !c.is_empty();
                }
            }
        }
        let mut shown = self.shown;
        if self.all_columns && self.style.width.is_some() && !self.items.is_empty() {
            for (s, f) in shown.iter_mut().zip(filled) {
                *s &= f;
            }
        }
        if let Some(total) = self.style.width {
            fit(&mut widths, &mut shown, total, self.all_columns);
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
                        write_line(out, &header, &widths, &shown, |_, s| {
                            self.style.paint("1", s)
                        })?;
                        header_due = false;
                    }
                    write_line(out, &r.cells, &widths, &shown, |i, s| {
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
            write_line(out, &header, &widths, &shown, |_, s| {
                self.style.paint("1", s)
            })?;
        }
        Ok(())
    }
}

fn write_line(
    out: &mut impl Write,
    cells: &[String; 6],
    widths: &[usize; 6],
    shown: &[bool; 6],
    paint: impl Fn(usize, &str) -> String,
) -> std::io::Result<()> {
    let mut parts = Vec::new();
    for (i, cell) in cells.iter().enumerate().filter(|(i, _)| shown[*i]) {
        let text = if i == LOCATION {
            shorten_location(cell, widths[i])
        } else {
            clip(cell, widths[i])
        };
        let pad = widths[i].saturating_sub(text.width());
        parts.push((paint(i, &text), pad));
    }
    let mut line = String::new();
    let n = parts.len();
    for (k, (text, pad)) in parts.into_iter().enumerate() {
        line.push_str(&text);
        if k + 1 < n {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn table(width: Option<usize>, shown: [bool; 6]) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut t = Table::new(
            today,
            Style {
                color: false,
                width,
            },
            shown,
        );
        let text = "- [ ] Send the pricing follow-up to procurement before the board meeting @Dana Reyes 📅 2026-11-23";
        let tasks = triage::parse::parse_note(
            std::sync::Arc::from(
                "Customers/Brightwater Foods/Meetings/2025-12-16 MAI pricing call.md",
            ),
            text.as_bytes(),
            &triage::Config::default(),
        )
        .tasks;
        for task in &tasks {
            t.push(task);
        }
        let mut out = Vec::new();
        t.write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_table_fits_the_terminal_and_the_description_gets_the_slack() {
        for width in [80, 120] {
            let out = table(Some(width), [true; 6]);
            for line in out.lines() {
                assert!(line.width() <= width, "{width}: {line:?}\n{out}");
            }
            let row = out.lines().nth(1).unwrap();
            // The description gets at least a third of the line.
            assert!(row.contains("[ ] Send the pricing foll"), "{out}");
            assert!(row.ends_with("call.md:1"), "never cut from the left: {out}");
            assert!(row.contains("Customers/"), "{out}");
        }
        let wide = table(Some(250), [true; 6]);
        assert!(
            wide.contains("Send the pricing follow-up to procurement before the board meeting")
        );
        assert!(
            wide.contains("Customers/Brightwater Foods/Meetings/2025-12-16 MAI pricing call.md:1")
        );
    }

    #[test]
    fn piped_output_keeps_whole_locations_and_columns_can_be_chosen() {
        let out = table(None, [true; 6]);
        assert!(
            out.contains("Customers/Brightwater Foods/Meetings/2025-12-16 MAI pricing call.md:1")
        );
        let shown = parse_columns(&["location,description".into()]).unwrap();
        let out = table(None, shown);
        let header = out.lines().next().unwrap();
        assert!(
            header.starts_with("DESCRIPTION ") && header.ends_with(" LOCATION"),
            "{out}"
        );
        assert!(
            out.lines()
                .nth(1)
                .unwrap()
                .starts_with("[ ] Send the pricing")
        );
        assert!(
            parse_columns(&["due,size".into()])
                .unwrap_err()
                .contains("\"size\" is not a column")
        );
    }
}
