//! Dates in query instructions: absolute dates, ranges, relative dates and periods, resolved against "today".
//! Never reads the clock: "today" is always passed in, so a query gives the same answer for a pinned date.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A date or date range as written in a query, not yet resolved against today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSpec {
    /// An absolute date (`lo == hi`) or an inclusive range.
    Fixed(NaiveDate, NaiveDate),
    /// `today`, `tomorrow`, `in 3 days`, `2 weeks ago`: today moved by a step.
    Offset(Step),
    /// `friday` (the closest one), `this friday`, `next friday`, `last friday`.
    Weekday(Weekday, Modifier),
    /// `last|this|next week|month|quarter|year`.
    Period(Unit, i32),
    /// `14 October`, `May`: a day of a month in the current year.
    MonthDay { month: u32, day: u32 },
}

/// A signed move from today by whole days or months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Days(i64),
    Months(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modifier {
    Closest,
    This,
    Next,
    Last,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Week,
    Month,
    Quarter,
    Year,
}

/// What a query may write where a date goes; used in error messages.
pub const EXPECTED_DATE: &str = "a date: YYYY-MM-DD, today, tomorrow, yesterday, in N days, N days ago, \
a weekday, last|this|next week|month|quarter|year, YYYY-Www, YYYY-MM, YYYY-Qq, YYYY, \
or a range YYYY-MM-DD YYYY-MM-DD";

impl DateSpec {
    /// The inclusive range of days this spec names on `today`.
    pub fn range(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match *self {
            DateSpec::Fixed(lo, hi) => (lo, hi),
            DateSpec::Offset(step) => {
                let d = shift(today, step);
                (d, d)
            }
            DateSpec::Weekday(day, modifier) => {
                let d = weekday_date(today, day, modifier);
                (d, d)
            }
            DateSpec::Period(unit, offset) => period(today, unit, offset),
            DateSpec::MonthDay { month, day } => {
                let d = day_in_month(today.year(), month, day);
                (d, d)
            }
        }
    }
}

fn shift(today: NaiveDate, step: Step) -> NaiveDate {
    let moved = match step {
        Step::Days(n) if n >= 0 => today.checked_add_days(Days::new(n.unsigned_abs())),
        Step::Days(n) => today.checked_sub_days(Days::new(n.unsigned_abs())),
        Step::Months(n) if n >= 0 => today.checked_add_months(Months::new(n.unsigned_abs())),
        Step::Months(n) => today.checked_sub_months(Months::new(n.unsigned_abs())),
    };
    moved.unwrap_or(today)
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    shift(d, Step::Days(n))
}

/// Weekday arithmetic as the chrono date parser behind Obsidian Tasks does it:
/// a bare name is the closest such day (today counts), `next` is that day in next Monday-based week.
fn weekday_date(today: NaiveDate, day: Weekday, modifier: Modifier) -> NaiveDate {
    let from = i64::from(today.weekday().num_days_from_monday());
    let to = i64::from(day.num_days_from_monday());
    let forward = (to - from).rem_euclid(7);
    let backward = if forward == 0 { 7 } else { 7 - forward };
    match modifier {
        Modifier::This => add_days(today, forward),
        Modifier::Last => add_days(today, -backward),
        Modifier::Next => add_days(today, 7 - from + to),
        Modifier::Closest if forward <= 3 => add_days(today, forward),
        Modifier::Closest => add_days(today, -backward),
    }
}

fn period(today: NaiveDate, unit: Unit, offset: i32) -> (NaiveDate, NaiveDate) {
    match unit {
        Unit::Week => {
            let monday = add_days(today, -i64::from(today.weekday().num_days_from_monday()));
            let start = add_days(monday, 7 * i64::from(offset));
            (start, add_days(start, 6))
        }
        Unit::Month | Unit::Quarter => {
            let len = if unit == Unit::Month { 1 } else { 3 };
            let first_month = (today.month0() / len) * len;
            let start = NaiveDate::from_ymd_opt(today.year(), first_month + 1, 1).unwrap_or(today);
            let start = shift(start, Step::Months(offset * len as i32));
            let end = add_days(shift(start, Step::Months(len as i32)), -1);
            (start, end)
        }
        Unit::Year => year_range(today.year() + offset).unwrap_or((today, today)),
    }
}

fn year_range(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

fn month_range(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((start, end))
}

/// A day of a month; a day past the month's end (29 February in a common year) lands on its last day.
fn day_in_month(year: i32, month: u32, day: u32) -> NaiveDate {
    let (start, end) = month_range(year, month).unwrap_or_default();
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if day < 1 { start } else { end })
}

/// Reads a date or range; `None` when the text is not one.
pub fn parse(text: &str) -> Option<DateSpec> {
    let lower = text.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        [] => None,
        ["today"] | ["now"] => Some(DateSpec::Offset(Step::Days(0))),
        ["tomorrow"] => Some(DateSpec::Offset(Step::Days(1))),
        ["yesterday"] => Some(DateSpec::Offset(Step::Days(-1))),
        ["in", n, unit] => offset(n, unit, 1),
        [n, unit, "ago"] => offset(n, unit, -1),
        [n, unit, "from", "now"] => offset(n, unit, 1),
        [one] => single_word(one),
        [a, b] => two_words(a, b),
        [d, m, y] => month_day_year(d, m, Some(y)).or_else(|| month_day_year(m, d, Some(y))),
        _ => None,
    }
}

fn single_word(w: &str) -> Option<DateSpec> {
    if let Some(d) = iso_date(w) {
        return Some(DateSpec::Fixed(d, d));
    }
    if let Some(day) = weekday(w) {
        return Some(DateSpec::Weekday(day, Modifier::Closest));
    }
    if let Some(month) = month_name(w) {
        return Some(DateSpec::MonthDay { month, day: 1 });
    }
    numbered_range(w).map(|(lo, hi)| DateSpec::Fixed(lo, hi))
}

fn two_words(a: &str, b: &str) -> Option<DateSpec> {
    match (iso_date(a), iso_date(b)) {
        (Some(x), Some(y)) => return Some(DateSpec::Fixed(x.min(y), x.max(y))),
        // Obsidian Tasks: an invalid date in a range is ignored and the other one is used.
        (Some(x), None) | (None, Some(x)) if looks_iso(a) && looks_iso(b) => {
            return Some(DateSpec::Fixed(x, x));
        }
        _ => {}
    }
    let modifier = match a {
        "this" => Some(Modifier::This),
        "next" => Some(Modifier::Next),
        "last" => Some(Modifier::Last),
        _ => None,
    };
    if let Some(m) = modifier {
        if let Some(day) = weekday(b) {
            return Some(DateSpec::Weekday(day, m));
        }
        let unit = match b {
            "week" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            _ => return None,
        };
        let offset = match m {
            Modifier::Next => 1,
            Modifier::Last => -1,
            _ => 0,
        };
        return Some(DateSpec::Period(unit, offset));
    }
    month_day_year(a, b, None).or_else(|| month_day_year(b, a, None))
}

/// `14 october [2023]` (day first); callers try both orders.
fn month_day_year(day: &str, month: &str, year: Option<&str>) -> Option<DateSpec> {
    let month = month_name(month.trim_end_matches(','))?;
    let day = day.trim_end_matches(',');
    let digits = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &day[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let day: u32 = digits.parse().ok().filter(|d| (1..=31).contains(d))?;
    match year {
        None => Some(DateSpec::MonthDay { month, day }),
        Some(y) => {
            let y: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
            let d = NaiveDate::from_ymd_opt(y, month, day)?;
            Some(DateSpec::Fixed(d, d))
        }
    }
}

fn offset(n: &str, unit: &str, sign: i64) -> Option<DateSpec> {
    let n = number(n)? * sign;
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    let step = match unit {
        "day" => Step::Days(n),
        "week" => Step::Days(7 * n),
        "month" => Step::Months(i32::try_from(n).ok()?),
        "year" => Step::Months(i32::try_from(n.checked_mul(12)?).ok()?),
        _ => return None,
    };
    Some(DateSpec::Offset(step))
}

fn number(w: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(i) = WORDS.iter().position(|x| *x == w) {
        return Some(i as i64);
    }
    if w == "a" || w == "an" {
        return Some(1);
    }
    if w.is_empty() || w.len() > 6 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// A weekday by its English name or any prefix of three or more letters (`thu`, `thurs`), any case.
pub fn weekday(w: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let w = w.trim().to_ascii_lowercase();
    NAMES
        .iter()
        .find(|(name, _)| w.len() >= 3 && name.starts_with(w.as_str()))
        .map(|(_, d)| *d)
}

/// The months' names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_name(w: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|name| *name == w || (w.len() == 3 && name.starts_with(w)))
        .map(|i| i as u32 + 1)
}

fn looks_iso(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn iso_date(w: &str) -> Option<NaiveDate> {
    if !looks_iso(w) {
        return None;
    }
    NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
}

/// `YYYY-Www`, `YYYY-MM`, `YYYY-Qq`, `YYYY`: ranges that do not depend on today.
fn numbered_range(w: &str) -> Option<(NaiveDate, NaiveDate)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (year, rest) = w.split_at_checked(4)?;
    if !digits(year) {
        return None;
    }
    let y: i32 = year.parse().ok()?;
    if rest.is_empty() {
        return year_range(y);
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(week) = rest.strip_prefix('w') {
        if week.len() != 2 || !digits(week) {
            return None;
        }
        let week: u32 = week.parse().ok()?;
        let start = NaiveDate::from_isoywd_opt(y, week, Weekday::Mon)?;
        return Some((start, add_days(start, 6)));
    }
    if let Some(q) = rest.strip_prefix('q') {
        if q.len() != 1 || !digits(q) {
            return None;
        }
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        let (start, _) = month_range(y, q * 3 - 2)?;
        let (_, end) = month_range(y, q * 3)?;
        return Some((start, end));
    }
    if rest.len() == 2 && digits(rest) {
        return month_range(y, rest.parse().ok()?);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn range(text: &str, today: &str) -> (String, String) {
        let (lo, hi) = parse(text)
            .unwrap_or_else(|| panic!("{text:?} is a date"))
            .range(d(today));
        (lo.to_string(), hi.to_string())
    }

    fn one(text: &str, today: &str) -> String {
        let (lo, hi) = range(text, today);
        assert_eq!(lo, hi, "{text} is one day");
        lo
    }

    #[test]
    fn fixed_and_relative_days() {
        assert_eq!(one("2023-02-09", "2026-01-01"), "2023-02-09");
        assert_eq!(one("today", "2026-01-14"), "2026-01-14");
        assert_eq!(one("Tomorrow", "2026-01-31"), "2026-02-01");
        assert_eq!(one("yesterday", "2026-03-01"), "2026-02-28");
        assert_eq!(one("in 3 days", "2026-01-14"), "2026-01-17");
        assert_eq!(one("in two weeks", "2026-01-14"), "2026-01-28");
        assert_eq!(one("14 days ago", "2026-01-14"), "2025-12-31");
        assert_eq!(one("in 1 month", "2026-01-31"), "2026-02-28");
        assert_eq!(one("2 years ago", "2026-01-14"), "2024-01-14");
    }

    #[test]
    fn weekdays_follow_the_documented_rules() {
        // 2023-02-10 is a Friday.
        assert_eq!(one("friday", "2023-02-10"), "2023-02-10");
        // "if it is Wednesday and you write tuesday, Tasks assumes you mean yesterday"
        assert_eq!(one("tuesday", "2023-02-08"), "2023-02-07");
        assert_eq!(one("next monday", "2023-02-10"), "2023-02-13");
        assert_eq!(one("next friday", "2023-02-10"), "2023-02-17");
        assert_eq!(one("next sunday", "2023-02-11"), "2023-02-19");
        assert_eq!(one("next monday", "2023-02-12"), "2023-02-13");
        assert_eq!(one("last friday", "2023-02-10"), "2023-02-03");
        assert_eq!(one("last monday", "2023-02-10"), "2023-02-06");
        assert_eq!(one("this sunday", "2023-02-10"), "2023-02-12");
    }

    #[test]
    fn periods_use_monday_weeks() {
        // The documentation's tables, run on Friday 2023-02-10.
        let r = |t| range(t, "2023-02-10");
        assert_eq!(r("last week"), ("2023-01-30".into(), "2023-02-05".into()));
        assert_eq!(r("this week"), ("2023-02-06".into(), "2023-02-12".into()));
        assert_eq!(r("next week"), ("2023-02-13".into(), "2023-02-19".into()));
        assert_eq!(r("this month"), ("2023-02-01".into(), "2023-02-28".into()));
        assert_eq!(r("next month"), ("2023-03-01".into(), "2023-03-31".into()));
        assert_eq!(r("last month"), ("2023-01-01".into(), "2023-01-31".into()));
        assert_eq!(
            r("this quarter"),
            ("2023-01-01".into(), "2023-03-31".into())
        );
        assert_eq!(
            r("next quarter"),
            ("2023-04-01".into(), "2023-06-30".into())
        );
        assert_eq!(r("last year"), ("2022-01-01".into(), "2022-12-31".into()));
        // A Sunday still belongs to the week that started the Monday before.
        assert_eq!(range("this week", "2023-02-12").0, "2023-02-06");
    }

    #[test]
    fn ranges_and_numbered_ranges() {
        let r = |t| range(t, "2026-01-01");
        assert_eq!(
            r("2023-02-07 2023-02-11"),
            ("2023-02-07".into(), "2023-02-11".into())
        );
        assert_eq!(
            r("2023-02-07 2023-02-30"),
            ("2023-02-07".into(), "2023-02-07".into())
        );
        assert_eq!(r("2022-W14"), ("2022-04-04".into(), "2022-04-10".into()));
        assert_eq!(r("2023-10"), ("2023-10-01".into(), "2023-10-31".into()));
        assert_eq!(r("2021-Q4"), ("2021-10-01".into(), "2021-12-31".into()));
        assert_eq!(r("2024"), ("2024-01-01".into(), "2024-12-31".into()));
        assert_eq!(one("14 October", "2026-05-05"), "2026-10-14");
        assert_eq!(one("may", "2026-08-05"), "2026-05-01");
        assert_eq!(one("25th May 2023", "2026-08-05"), "2023-05-25");
    }

    #[test]
    fn non_dates_are_refused() {
        for t in [
            "",
            "someday",
            "2026-02-30",
            "2023-13",
            "in x days",
            "next fortnight",
            "2024-W60",
            "the 5th",
        ] {
            assert_eq!(parse(t), None, "{t:?}");
        }
    }
}
