//! Date expressions a person types to set a due date: `2026-01-12`, `+3d`, `+2w`, `tomorrow`, `friday`, `none`.
//! Resolved against a given "today" at parse time; never reads the clock itself.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A due date to set: a resolved date, or no due date at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    /// `none`: remove the due date.
    Clear,
}

/// Why a date expression could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a date: use YYYY-MM-DD, +Nd, +Nw, today, tomorrow, a weekday name, or none"
)]
pub struct WhenError {
    pub input: String,
}

impl When {
    /// Reads a date expression. Relative forms count from `today`; a weekday name is the next such
    /// day strictly after today (on a Monday, `monday` is a week away).
    pub fn parse(input: &str, today: NaiveDate) -> Result<When, WhenError> {
        let err = || WhenError {
            input: input.to_string(),
        };
        let s = input.trim().to_ascii_lowercase();
        match s.as_str() {
            "none" | "clear" | "-" => return Ok(When::Clear),
            "today" => return Ok(When::Date(today)),
            // Checked: `today` comes from the caller and may sit at the end of the calendar.
            "tomorrow" => return today.succ_opt().map(When::Date).ok_or_else(err),
            "yesterday" => return today.pred_opt().map(When::Date).ok_or_else(err),
            _ => {}
        }
        if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            && s.len() == 10
        {
            return Ok(When::Date(d));
        }
        if let Some(days) = relative_days(&s) {
            return today
                .checked_add_signed(Duration::days(days))
                .map(When::Date)
                .ok_or_else(err);
        }
        if let Some(wd) = weekday(&s) {
            return next_weekday(today, wd).map(When::Date).ok_or_else(err);
        }
        Err(err())
    }
}

/// `+3d`, `-2d`, `+2w`, `3d`, `+3`: a signed number of days.
fn relative_days(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => (1, s),
    };
    let (digits, unit) = match rest.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    let per = match unit {
        "" | "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        _ => return None,
    };
    Some(sign * n * per)
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
        ] {
            assert!(When::parse(bad, t).is_err(), "{bad}");
        }
        // At the ends of the calendar: refused, never a panic.
        for s in ["tomorrow", "friday", "+3d"] {
            assert!(When::parse(s, NaiveDate::MAX).is_err(), "{s}");
        }
        assert!(When::parse("yesterday", NaiveDate::MIN).is_err());
        let e = When::parse("soon", t).unwrap_err();
        assert!(e.to_string().contains("\"soon\""));
    }
}
