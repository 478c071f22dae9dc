//! Date phrases a person types to set a due date, and what each means, for a live preview.
//! Counted from today: `2026-01-12`, `today`, `tomorrow`, `fri`, `next fri`, `+3d`, `in 3 days`,
//! `+2w`, `+1m`, `next week`, `next month`, `dec 15`, `15 dec`; from the task's own due date:
//! `due+3d`, `due -1w`; `none` removes it. Resolved against a given "today"; never reads the clock.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// A due date to set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    /// `none`: remove the due date.
    Clear,
    /// This many days from the task's current due date (from today when it has none).
    FromDue(i64),
}

/// Why a date expression could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a date: use YYYY-MM-DD, +3d, in 2 weeks, tomorrow, fri, next fri, dec 15, due+3d, or none"
)]
pub struct WhenError {
    pub input: String,
}

impl When {
    /// Reads a date expression. Relative forms count from `today`, `due±N` from the task's due date;
    /// a weekday (`fri`, `next fri`) is the next such day strictly after today (on a Monday,
    /// `monday` is a week away); a month and day (`dec 15`) is the next such date from today on.
    pub fn parse(input: &str, today: NaiveDate) -> Result<When, WhenError> {
        let err = || WhenError {
            input: input.to_string(),
        };
        let s = input.trim().to_ascii_lowercase();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let date = |d: Option<NaiveDate>| d.map(When::Date).ok_or_else(err);
        match s.as_str() {
            "none" | "clear" | "-" => return Ok(When::Clear),
            "today" => return Ok(When::Date(today)),
            // Checked: `today` comes from the caller and may sit at the end of the calendar.
            "tomorrow" => return date(today.succ_opt()),
            "yesterday" => return date(today.pred_opt()),
            "next week" => return date(add(today, Step::Days(7))),
            "next month" => return date(add(today, Step::Months(1))),
            _ => {}
        }
        if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            && s.len() == 10
        {
            return Ok(When::Date(d));
        }
        if let Some(rest) = s.strip_prefix("due") {
            return match relative(rest.trim()) {
                Some(Step::Days(n)) if rest.trim().starts_with(['+', '-']) => Ok(When::FromDue(n)),
                _ => Err(err()),
            };
        }
        if let Some(step) = s
            .strip_prefix("in ")
            .and_then(relative)
            .or_else(|| relative(&s))
        {
            return date(add(today, step));
        }
        let day = s.strip_prefix("next ").unwrap_or(&s);
        if let Some(wd) = crate::query::dates::weekday(day) {
            return date(next_weekday(today, wd));
        }
        if let Some(d) = month_day(&s, today) {
            return Ok(When::Date(d));
        }
        Err(err())
    }

    /// What the phrase means, for a prompt's live preview: `→ Fri 2026-12-11, in 3 days`.
    pub fn preview(&self, today: NaiveDate) -> String {
        match self {
            When::Clear => "→ no due date".into(),
            When::FromDue(n) => format!(
                "→ each task's due date {} {} (today when it has none)",
                if *n < 0 { "−" } else { "+" },
                days(n.unsigned_abs())
            ),
            When::Date(d) => {
                let rel = match (*d - today).num_days() {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    -1 => "yesterday".to_string(),
                    n if n < 0 => format!("{} ago", days(n.unsigned_abs())),
                    n => format!("in {}", days(n.unsigned_abs())),
                };
                format!("→ {}, {rel}", d.format("%a %Y-%m-%d"))
            }
        }
    }
}

fn days(n: u64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// A relative step: days (weeks are 7 days) or calendar months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Days(i64),
    Months(i64),
}

fn add(from: NaiveDate, step: Step) -> Option<NaiveDate> {
    match step {
        Step::Days(n) => from.checked_add_signed(Duration::try_days(n)?),
        Step::Months(n) if n >= 0 => from.checked_add_months(Months::new(u32::try_from(n).ok()?)),
        Step::Months(n) => from.checked_sub_months(Months::new(u32::try_from(-n).ok()?)),
    }
}

/// `+3d`, `-2d`, `+2w`, `3d`, `+3`, `+1m`, `3 days`, `2 weeks`, `1 month`.
fn relative(s: &str) -> Option<Step> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => (1, s),
    };
    let rest = rest.trim_start();
    let (digits, unit) = match rest.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(match unit.trim() {
        "" | "d" | "day" | "days" => Step::Days(sign * n),
        "w" | "week" | "weeks" => Step::Days(sign * n * 7),
        "m" | "month" | "months" => Step::Months(sign * n),
        _ => return None,
    })
}

/// `dec 15`, `december 15`, `15 dec`: the next such date from today on (this year, else next).
fn month_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (a, b) = s.split_once(' ')?;
    let (month, day) = match (month_number(a), month_number(b)) {
        (Some(m), None) => (m, b.parse::<u32>().ok()?),
        (None, Some(m)) => (m, a.parse::<u32>().ok()?),
        _ => return None,
    };
    let this = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this {
        Some(d) if d >= today => Some(d),
        // Not this year (passed, or 29 February): the next year that has it.
        _ => (1..=8).find_map(|k| NaiveDate::from_ymd_opt(today.year() + k, month, day)),
    }
}

fn month_number(w: &str) -> Option<u32> {
    crate::query::dates::MONTHS
        .iter()
        .position(|name| *name == w || (w.len() >= 3 && name.starts_with(w)))
        .map(|i| i as u32 + 1)
}

pub(crate) use crate::query::dates::weekday;

/// The first `wd` strictly after `from`, if the calendar goes that far.
pub(crate) fn next_weekday(from: NaiveDate, wd: Weekday) -> Option<NaiveDate> {
    let ahead = (wd.num_days_from_monday() + 7 - from.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    from.checked_add_signed(Duration::days(i64::from(ahead)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn forms() {
        // 2026-01-14 is a Wednesday.
        let t = d("2026-01-14");
        let p = |s| When::parse(s, t).unwrap();
        assert_eq!(p("2026-03-01"), When::Date(d("2026-03-01")));
        assert_eq!(p("today"), When::Date(t));
        assert_eq!(p("Tomorrow"), When::Date(d("2026-01-15")));
        assert_eq!(p("+3d"), When::Date(d("2026-01-17")));
        assert_eq!(p("+2w"), When::Date(d("2026-01-28")));
        assert_eq!(p("-1d"), When::Date(d("2026-01-13")));
        assert_eq!(p("friday"), When::Date(d("2026-01-16")));
        assert_eq!(p("wed"), When::Date(d("2026-01-21")));
        assert_eq!(p("monday"), When::Date(d("2026-01-19")));
        assert_eq!(p("none"), When::Clear);
    }

    #[test]
    fn phrases() {
        let t = d("2026-01-14");
        let p = |s| When::parse(s, t).unwrap();
        assert_eq!(p("next fri"), When::Date(d("2026-01-16")));
        assert_eq!(p("Next  Friday"), When::Date(d("2026-01-16")));
        assert_eq!(p("in 3 days"), When::Date(d("2026-01-17")));
        assert_eq!(p("in 1 day"), When::Date(d("2026-01-15")));
        assert_eq!(p("in 2 weeks"), When::Date(d("2026-01-28")));
        assert_eq!(p("in 1 month"), When::Date(d("2026-02-14")));
        assert_eq!(p("+1m"), When::Date(d("2026-02-14")));
        assert_eq!(p("next week"), When::Date(d("2026-01-21")));
        assert_eq!(p("next month"), When::Date(d("2026-02-14")));
        assert_eq!(p("dec 15"), When::Date(d("2026-12-15")));
        assert_eq!(p("15 December"), When::Date(d("2026-12-15")));
        assert_eq!(p("jan 14"), When::Date(d("2026-01-14")));
        assert_eq!(
            p("jan 13"),
            When::Date(d("2027-01-13")),
            "passed: next year"
        );
        assert_eq!(p("feb 29"), When::Date(d("2028-02-29")));
        assert_eq!(p("due+3d"), When::FromDue(3));
        assert_eq!(p("due -1w"), When::FromDue(-7));
        assert_eq!(
            When::parse("jan 31", d("2026-01-31")).unwrap(),
            When::Date(d("2026-01-31"))
        );
    }

    #[test]
    fn previews_say_what_a_phrase_means() {
        let t = d("2026-12-08");
        let show = |s| When::parse(s, t).unwrap().preview(t);
        assert_eq!(show("fri"), "→ Fri 2026-12-11, in 3 days");
        assert_eq!(show("today"), "→ Tue 2026-12-08, today");
        assert_eq!(show("+1d"), "→ Wed 2026-12-09, tomorrow");
        assert_eq!(show("-2d"), "→ Sun 2026-12-06, 2 days ago");
        assert_eq!(show("none"), "→ no due date");
        assert_eq!(
            show("due+3d"),
            "→ each task's due date + 3 days (today when it has none)"
        );
    }

    #[test]
    fn rejects() {
        let t = d("2026-01-14");
        for bad in [
            "2026-02-30",
            "+d",
            "+3x",
            "soon",
            "",
            "2026-1-5",
            "+999999999d",
            "in soon",
            "dec 32",
            "due",
            "due 3d",
            "due fri",
            "next",
            "next soon",
        ] {
            assert!(When::parse(bad, t).is_err(), "{bad}");
        }
        // At the ends of the calendar: refused, never a panic.
        for s in ["tomorrow", "friday", "+3d", "+1m", "next month", "dec 15"] {
            assert!(When::parse(s, NaiveDate::MAX).is_err(), "{s}");
        }
        assert!(When::parse("yesterday", NaiveDate::MIN).is_err());
        let e = When::parse("soon", t).unwrap_err();
        assert!(e.to_string().contains("\"soon\""));
    }
}
