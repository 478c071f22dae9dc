//! Due buckets (SPEC §4): Overdue, Today, Tomorrow, Next 7 days, Later, No date, and which date
//! places a task in one. Plain data; "today" is always given, never read from the clock.

use super::{DateKind, Task};
use chrono::NaiveDate;
use serde::Serialize;

/// The due-date buckets of SPEC §4, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Overdue,
    /// A done or cancelled task whose due date has passed: closed tasks are never overdue.
    Past,
    Today,
    Tomorrow,
    Next7Days,
    Later,
    NoDate,
}

impl Bucket {
    pub const ALL: [Bucket; 7] = [
        Bucket::Overdue,
        Bucket::Past,
        Bucket::Today,
        Bucket::Tomorrow,
        Bucket::Next7Days,
        Bucket::Later,
        Bucket::NoDate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Bucket::Overdue => "Overdue",
            Bucket::Past => "Past",
            Bucket::Today => "Today",
            Bucket::Tomorrow => "Tomorrow",
            Bucket::Next7Days => "Next 7 days",
            Bucket::Later => "Later",
            Bucket::NoDate => "No date",
        }
    }
}

impl Task {
    /// The date that places this task in a due bucket (SPEC §4): its due date, else its scheduled
    /// date (people who plan with ⏳ see those tasks under Today too), with which one it is.
    pub fn bucket_date(&self) -> Option<(NaiveDate, DateKind)> {
        match (self.dates.due, self.dates.scheduled) {
            (Some(d), _) => Some((d, DateKind::Due)),
            (None, Some(s)) => Some((s, DateKind::Scheduled)),
            (None, None) => None,
        }
    }

    /// The due bucket of this task on `today` (SPEC §4), by [`Task::bucket_date`].
    pub fn bucket(&self, today: NaiveDate) -> Bucket {
        let Some((due, _)) = self.bucket_date() else {
            return Bucket::NoDate;
        };
        let days = (due - today).num_days();
        match days {
            ..0 if self.status_type.is_closed() => Bucket::Past,
            ..0 => Bucket::Overdue,
            0 => Bucket::Today,
            1 => Bucket::Tomorrow,
            2..=7 => Bucket::Next7Days,
            _ => Bucket::Later,
        }
    }
}
