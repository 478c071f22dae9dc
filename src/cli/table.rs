//! The readable table of `triage list`: aligned columns, colours only on a terminal (and never
//! with NO_COLOR), every note string sanitised before it is printed.

use chrono::NaiveDate;
use std::io::{IsTerminal, Write};
use triage::task::{Bucket, StatusType, Task};
use triage::text::sanitize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Clone, Copy)]
pub struct Style {
    color: bool,
    width: Option<usize>,
}

impl Style {
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = if tty {
            crossterm::terminal::size().ok().map(|(w, _)| w as usize)
        } else {
            None
        };
        Style {
            color: tty && !no_color,
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

    pub fn heading(&self, s: &str) -> String {
        self.paint("1", &sanitize(s))
    }
}

struct Row {
    due: String,
    due_color: &'static str,
    priority: &'static str,
    owner: String,
    account: String,
    description: String,
    location: String,
    dim: bool,
}

pub struct Table {
    today: NaiveDate,
    style: Style,
    rows: Vec<Row>,
}

const HEADERS: [&str; 6] = [
    "DUE",
    "PRIORITY",
    "OWNER",
    "ACCOUNT",
    "DESCRIPTION",
    "LOCATION",
];
const MAX_NAME: usize = 20;

impl Table {
    pub fn new(today: NaiveDate, style: Style) -> Table {
        Table {
            today,
            style,
            rows: Vec::new(),
        }
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
        let mut status = String::from("[");
        status.push(t.status);
        status.push_str("] ");
        self.rows.push(Row {
            due,
            due_color,
            priority,
            owner: clip(&sanitize(t.owner.as_deref().unwrap_or("")), MAX_NAME),
            account: clip(&sanitize(t.account.as_deref().unwrap_or("")), MAX_NAME),
            description: status + &sanitize(&t.description),
            location: sanitize(&t.location()).into_owned(),
            dim: t.status_type == StatusType::Done || t.status_type == StatusType::Cancelled,
        });
    }

    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let cols = |r: &Row| -> [String; 6] {
            [
                r.due.clone(),
                r.priority.to_string(),
                r.owner.clone(),
                r.account.clone(),
                r.description.clone(),
                r.location.clone(),
            ]
        };
        let mut widths: [usize; 6] = HEADERS.map(|h| h.width());
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(cols(r)) {
                *w = (*w).max(c.width());
            }
        }
        if let Some(total) = self.style.width {
            let others: usize = widths
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 4)
                .map(|(_, w)| w + 2)
                .sum();
            widths[4] = widths[4].min(total.saturating_sub(others).max(20));
        }
        let header: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
        write_line(out, &header, &widths, |_, s| self.style.paint("1", s))?;
        for r in &self.rows {
            let cells: Vec<String> = cols(r).into_iter().collect();
            write_line(out, &cells, &widths, |i, s| {
                if r.dim {
                    self.style.paint("2", s)
                } else if i == 0 {
                    self.style.paint(r.due_color, s)
                } else {
                    s.to_string()
                }
            })?;
        }
        Ok(())
    }
}

fn write_line(
    out: &mut impl Write,
    cells: &[String],
    widths: &[usize; 6],
    paint: impl Fn(usize, &str) -> String,
) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        let last = i == cells.len() - 1;
        let text = clip(cell, widths[i]);
        let pad = widths[i].saturating_sub(text.width());
        line.push_str(&paint(i, &text));
        if !last {
            line.push_str(&" ".repeat(pad + 2));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// Cuts `s` to at most `max` columns, marking the cut with `…`.
fn clip(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}
