//! Recurrence rules (`every 2 weeks`, `every month on the last`, `… when done`) and the next date they give.
//! Pure date arithmetic: a rule it cannot read is an error, never a guess.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    Days,
    /// Weeks, optionally on given weekdays (Monday first).
    Weeks(Vec<Weekday>),
    /// Months, optionally on a given day of the month.
    Months(Option<MonthDay>),
    Years,
    /// Monday to Friday.
    Weekdays,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthDay {
    Nth(u32),
    Last,
}

/// A parsed recurrence rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub interval: u32,
    pub unit: Unit,
    /// `when done`: the next date counts from the day the task was done.
    pub when_done: bool,
}

/// Why a rule could not be read; shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("recurrence {rule:?} is not understood ({why})")]
pub struct RuleError {
    pub rule: String,
    pub why: &'static str,
}

impl Rule {
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let fail = |why| RuleError {
            rule: text.to_string(),
            why,
        };
        let lower = text.trim().to_lowercase();
        let mut words: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let when_done = words.ends_with(&["when", "done"]);
        if when_done {
            words.truncate(words.len() - 2);
        }
        if words.first() != Some(&"every") {
            return Err(fail("it must start with \"every\""));
        }
        let mut rest = &words[1..];
        let mut interval = 1u32;
        if let Some(n) = rest.first().and_then(|w| w.parse::<u32>().ok()) {
            if n == 0 || n > 1000 {
                return Err(fail("the interval must be between 1 and 1000"));
            }
            interval = n;
            rest = &rest[1..];
        } else if rest.first() == Some(&"other") {
            interval = 2;
            rest = &rest[1..];
        }
        let Some((&unit_word, tail)) = rest.split_first() else {
            return Err(fail("no unit (day, week, month, year)"));
        };
        let unit = match unit_word {
            "day" | "days" => {
                plain(tail, Unit::Days).ok_or_else(|| fail("unexpected words after \"days\""))?
            }
            "year" | "years" => {
                plain(tail, Unit::Years).ok_or_else(|| fail("unexpected words after \"years\""))?
            }
            "weekday" | "weekdays" if interval == 1 => plain(tail, Unit::Weekdays)
                .ok_or_else(|| fail("unexpected words after \"weekday\""))?,
            "week" | "weeks" => Unit::Weeks(
                week_days(tail).ok_or_else(|| fail("weekdays after \"on\" must be day names"))?,
            ),
            "month" | "months" => Unit::Months(month_day(tail).ok_or_else(|| {
                fail("a month day must be like \"on the 15th\" or \"on the last\"")
            })?),
            _ => {
                // `every monday, thursday` is `every week on monday, thursday`.
                let days = week_days_list(rest).ok_or_else(|| fail("unknown unit"))?;
                Unit::Weeks(days)
            }
        };
        Ok(Rule {
            interval,
            unit,
            when_done,
        })
    }

    /// The next date of this rule after `reference`.
    pub fn next(&self, reference: NaiveDate) -> Option<NaiveDate> {
        let n = self.interval;
        match &self.unit {
            Unit::Days => reference.checked_add_signed(Duration::days(i64::from(n))),
            Unit::Weekdays => {
                let mut d = reference.succ_opt()?;
                while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                    d = d.succ_opt()?;
                }
                Some(d)
            }
            Unit::Weeks(days) if days.is_empty() => {
                reference.checked_add_signed(Duration::days(7 * i64::from(n)))
            }
            Unit::Weeks(days) => {
                // Like RFC 5545 with WKST=MO: later days of this week first, then the first listed
                // day of the week `n` weeks on.
                let this_week = reference.weekday().num_days_from_monday();
                if let Some(wd) = days.iter().find(|wd| wd.num_days_from_monday() > this_week) {
                    let ahead = wd.num_days_from_monday() - this_week;
                    return reference.checked_add_signed(Duration::days(i64::from(ahead)));
                }
                let monday = reference.checked_sub_signed(Duration::days(i64::from(this_week)))?;
                let first = days.first()?.num_days_from_monday();
                monday.checked_add_signed(Duration::days(7 * i64::from(n) + i64::from(first)))
            }
            Unit::Months(None) => add_months_clamped(reference, n, reference.day()),
            Unit::Months(Some(md)) => {
                let here = day_in_month(reference.year(), reference.month(), *md)?;
                if here > reference {
                    return Some(here);
                }
                let first = NaiveDate::from_ymd_opt(reference.year(), reference.month(), 1)?;
                let later = first.checked_add_months(Months::new(n))?;
                day_in_month(later.year(), later.month(), *md)
            }
            Unit::Years => add_months_clamped(reference, n.checked_mul(12)?, reference.day()),
        }
    }
}

fn plain(tail: &[&str], unit: Unit) -> Option<Unit> {
    tail.is_empty().then_some(unit)
}

/// `on monday, thursday` (or nothing) after `week(s)`.
fn week_days(tail: &[&str]) -> Option<Vec<Weekday>> {
    match tail.split_first() {
        None => Some(Vec::new()),
        Some((&"on", list)) => week_days_list(list),
        Some(_) => None,
    }
}

fn week_days_list(list: &[&str]) -> Option<Vec<Weekday>> {
    let mut days: Vec<Weekday> = Vec::new();
    for w in list.iter().filter(|w| **w != "and") {
        let name = w.trim_end_matches('s');
        let wd = super::when::weekday(name).or_else(|| super::when::weekday(w))?;
        if !days.contains(&wd) {
            days.push(wd);
        }
    }
    if days.is_empty() {
        return None;
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Some(days)
}

/// `on the 15th`, `on the last`, `on the last day` (or nothing) after `month(s)`.
fn month_day(tail: &[&str]) -> Option<Option<MonthDay>> {
    let tail = match tail {
        [] => return Some(None),
        ["on", "the", rest @ ..] | ["on", rest @ ..] => rest,
        _ => return None,
    };
    match tail {
        ["last"] | ["last", "day"] => Some(Some(MonthDay::Last)),
        [nth] => {
            let digits = nth.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &nth[digits.len()..];
            if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            (1..=31).contains(&n).then_some(Some(MonthDay::Nth(n)))
        }
        _ => None,
    }
}

fn last_day(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    Some((next - Duration::days(1)).day())
}

/// The given month day, or the last day of the month when the month is shorter.
fn day_in_month(year: i32, month: u32, md: MonthDay) -> Option<NaiveDate> {
    let last = last_day(year, month)?;
    let day = match md {
        MonthDay::Nth(n) => n.min(last),
        MonthDay::Last => last,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `date` moved by `months`, landing on the last day of the month when `day` does not exist there.
fn add_months_clamped(date: NaiveDate, months: u32, day: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
    let target = first.checked_add_months(Months::new(months))?;
    day_in_month(target.year(), target.month(), MonthDay::Nth(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn next(rule: &str, from: &str) -> String {
        Rule::parse(rule)
            .unwrap()
            .next(d(from))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    }

    #[test]
    fn simple_steps() {
        assert_eq!(next("every day", "2026-01-31"), "2026-02-01");
        assert_eq!(next("every 3 days", "2026-12-30"), "2027-01-02");
        assert_eq!(next("every week", "2026-01-14"), "2026-01-21");
        assert_eq!(next("every 2 weeks", "2026-01-14"), "2026-01-28");
        assert_eq!(next("every year", "2026-03-10"), "2027-03-10");
        assert_eq!(next("Every Day", "2026-01-01"), "2026-01-02");
    }

    #[test]
    fn month_end_and_leap_day_clamp() {
        assert_eq!(next("every month", "2026-01-31"), "2026-02-28");
        assert_eq!(next("every month", "2028-01-31"), "2028-02-29");
        assert_eq!(next("every 2 months", "2026-12-31"), "2027-02-28");
        assert_eq!(next("every year", "2028-02-29"), "2029-02-28");
        assert_eq!(next("every 4 years", "2028-02-29"), "2032-02-29");
    }

    #[test]
    fn weekdays_and_day_lists() {
        // 2026-01-16 is a Friday.
        assert_eq!(next("every weekday", "2026-01-16"), "2026-01-19");
        assert_eq!(next("every weekday", "2026-01-14"), "2026-01-15");
        assert_eq!(next("every weekday", "2026-01-17"), "2026-01-19");
        // Wednesday → Thursday of the same week, Thursday → next Monday.
        assert_eq!(
            next("every week on Monday, Thursday", "2026-01-14"),
            "2026-01-15"
        );
        assert_eq!(
            next("every week on Monday, Thursday", "2026-01-15"),
            "2026-01-19"
        );
        assert_eq!(
            next("every week on Thursday and Monday", "2026-01-15"),
            "2026-01-19"
        );
        assert_eq!(next("every 2 weeks on Monday", "2026-01-14"), "2026-01-26");
        assert_eq!(next("every Tuesday", "2026-01-14"), "2026-01-20");
    }

    #[test]
    fn month_days() {
        assert_eq!(next("every month on the 15th", "2026-01-14"), "2026-01-15");
        assert_eq!(next("every month on the 15th", "2026-01-15"), "2026-02-15");
        assert_eq!(next("every month on the last", "2026-01-31"), "2026-02-28");
        assert_eq!(next("every month on the last", "2026-02-10"), "2026-02-28");
        assert_eq!(next("every month on the 31st", "2026-03-31"), "2026-04-30");
        assert_eq!(
            next("every 3 months on the 1st", "2026-01-20"),
            "2026-04-01"
        );
    }

    #[test]
    fn the_ends_of_the_calendar_give_no_date_and_no_panic() {
        for rule in [
            "every week on Monday",
            "every week on Sunday",
            "every day",
            "every weekday",
            "every month on the last",
            "every year",
        ] {
            let r = Rule::parse(rule).unwrap();
            let _ = r.next(NaiveDate::MIN);
            assert_eq!(r.next(NaiveDate::MAX), None, "{rule}");
        }
    }

    #[test]
    fn when_done_is_read() {
        let r = Rule::parse("every 2 weeks when done").unwrap();
        assert!(r.when_done);
        assert_eq!(r.interval, 2);
        assert!(!Rule::parse("every week").unwrap().when_done);
    }

    #[test]
    fn unreadable_rules_say_why() {
        for bad in [
            "",
            "daily",
            "every",
            "every fortnight",
            "every 0 days",
            "every month on the 32nd",
            "every week on Funday",
            "every day at noon",
            "every 2 weekdays",
        ] {
            let e = Rule::parse(bad).unwrap_err();
            assert!(e.to_string().contains("not understood"), "{bad}: {e}");
        }
    }
}
