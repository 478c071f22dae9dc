//! Recurring tasks marked done: the next occurrence above, dates moved by the rule (SPEC §6).

use chrono::NaiveDate;
use std::fs;
use triage::Config;
use triage::edit::{Editor, Journal, Op, Outcome, Target};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Marks `line` done on `today`; returns the outcome and the note afterwards.
fn done_on(line: &str, today: &str) -> (Outcome, String) {
    let vault = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    fs::write(vault.path().join("r.md"), format!("above\n{line}\nbelow")).unwrap();
    let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
    let t = Target {
        path: "r.md".into(),
        line: 2,
        text: Some(line.into()),
        digest: None,
    };
    let out = ed
        .apply(&t, &Op::ToggleDone, date(today), &Config::default())
        .unwrap();
    let after = fs::read_to_string(vault.path().join("r.md")).unwrap();
    (out, after)
}

/// The inserted next occurrence, checking the file layout on the way.
fn next(line: &str, today: &str) -> String {
    let (out, after) = done_on(line, today);
    let ins = out.inserted.clone().expect("a next occurrence");
    assert_eq!(out.line, 3, "the done task moves one line down");
    assert_eq!(after, format!("above\n{ins}\n{}\nbelow", out.new_line));
    assert!(out.new_line.starts_with("- [x]") || out.new_line.contains("[x]"));
    ins
}

#[test]
fn steps_from_the_due_date() {
    let t = "2026-01-14";
    assert_eq!(
        next("- [ ] Water 🔁 every day 📅 2026-01-10", t),
        "- [ ] Water 🔁 every day 📅 2026-01-11"
    );
    assert_eq!(
        next("- [ ] Report 🔁 every 2 weeks 📅 2026-01-10 #work", t),
        "- [ ] Report 🔁 every 2 weeks 📅 2026-01-24 #work"
    );
    assert_eq!(
        next("- [ ] Rent 🔁 every month 📅 2026-01-31", t),
        "- [ ] Rent 🔁 every month 📅 2026-02-28"
    );
    assert_eq!(
        next("- [ ] Birthday 🔁 every year 📅 2028-02-29", t),
        "- [ ] Birthday 🔁 every year 📅 2029-02-28"
    );
    assert_eq!(
        next("- [ ] Leap 🔁 every month 📅 2028-01-31", t),
        "- [ ] Leap 🔁 every month 📅 2028-02-29"
    );
}

#[test]
fn weekday_rules() {
    let t = "2026-01-14";
    // 2026-01-16 is a Friday.
    assert_eq!(
        next("- [ ] Standup 🔁 every weekday 📅 2026-01-16", t),
        "- [ ] Standup 🔁 every weekday 📅 2026-01-19"
    );
    // Thursday → the Monday after.
    assert_eq!(
        next(
            "- [ ] Gym 🔁 every week on Monday, Thursday 📅 2026-01-15",
            t
        ),
        "- [ ] Gym 🔁 every week on Monday, Thursday 📅 2026-01-19"
    );
    // Monday → Thursday of the same week.
    assert_eq!(
        next(
            "- [ ] Gym 🔁 every week on Monday, Thursday 📅 2026-01-19",
            t
        ),
        "- [ ] Gym 🔁 every week on Monday, Thursday 📅 2026-01-22"
    );
    assert_eq!(
        next("- [ ] Pay 🔁 every month on the last 📅 2026-01-31", t),
        "- [ ] Pay 🔁 every month on the last 📅 2026-02-28"
    );
    assert_eq!(
        next("- [ ] Pay 🔁 every month on the 15th 📅 2026-01-15", t),
        "- [ ] Pay 🔁 every month on the 15th 📅 2026-02-15"
    );
}

#[test]
fn when_done_counts_from_today_and_other_dates_keep_their_distance() {
    assert_eq!(
        next(
            "- [ ] Haircut 🔁 every 4 weeks when done ⏳ 2026-01-08 📅 2026-01-10",
            "2026-01-20"
        ),
        "- [ ] Haircut 🔁 every 4 weeks when done ⏳ 2026-02-15 📅 2026-02-17"
    );
    // Without a due date the scheduled date is the reference, then the start date.
    assert_eq!(
        next(
            "- [ ] S 🔁 every week ⏳ 2026-01-08 🛫 2026-01-06",
            "2026-01-20"
        ),
        "- [ ] S 🔁 every week ⏳ 2026-01-15 🛫 2026-01-13"
    );
    assert_eq!(
        next("- [ ] S 🔁 every 3 days 🛫 2026-01-06", "2026-01-20"),
        "- [ ] S 🔁 every 3 days 🛫 2026-01-09"
    );
    assert_eq!(
        next(
            "- [ ] Dv [repeat:: every week] [due:: 2026-01-10] [scheduled:: 2026-01-09]",
            "2026-01-20"
        ),
        "- [ ] Dv [repeat:: every week] [due:: 2026-01-17] [scheduled:: 2026-01-16]"
    );
}

#[test]
fn the_next_occurrence_is_open_and_fresh() {
    let line =
        "> - [/] Review 🔁 every week 🆔 r1 ⛔ a2 ➕ 2026-01-01 📅 2026-01-10 ❌ 2026-01-02 ^blk  ";
    let (out, after) = done_on(line, "2026-01-14");
    let ins = out.inserted.unwrap();
    assert_eq!(ins, "> - [ ] Review 🔁 every week 📅 2026-01-17  ");
    assert_eq!(
        out.new_line,
        "> - [x] Review 🔁 every week 🆔 r1 ⛔ a2 ➕ 2026-01-01 📅 2026-01-10 ❌ 2026-01-02 ✅ 2026-01-14 ^blk  "
    );
    assert_eq!(after, format!("above\n{ins}\n{}\nbelow", out.new_line));
}

#[test]
fn no_dates_still_gives_a_next_occurrence() {
    assert_eq!(
        next("1. [ ] Stretch 🔁 every day", "2026-01-14"),
        "1. [ ] Stretch 🔁 every day"
    );
}

#[test]
fn crlf_next_occurrence_gets_the_same_ending() {
    let vault = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    fs::write(
        vault.path().join("r.md"),
        "a\r\n- [ ] W 🔁 every day 📅 2026-01-10",
    )
    .unwrap();
    let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
    let t = Target::parse("r.md:2").unwrap();
    ed.apply(&t, &Op::ToggleDone, date("2026-01-14"), &Config::default())
        .unwrap();
    assert_eq!(
        fs::read_to_string(vault.path().join("r.md")).unwrap(),
        "a\r\n- [ ] W 🔁 every day 📅 2026-01-11\r\n- [x] W 🔁 every day 📅 2026-01-10 ✅ 2026-01-14"
    );
    // Undo takes the inserted line away again, byte for byte.
    ed.undo().unwrap();
    assert_eq!(
        fs::read(vault.path().join("r.md")).unwrap(),
        b"a\r\n- [ ] W \xF0\x9F\x94\x81 every day \xF0\x9F\x93\x85 2026-01-10"
    );
}

#[test]
fn an_unreadable_rule_marks_done_and_says_why() {
    let (out, after) = done_on("- [ ] Odd 🔁 every blue moon 📅 2026-01-10", "2026-01-14");
    assert!(out.inserted.is_none());
    assert_eq!(
        out.new_line,
        "- [x] Odd 🔁 every blue moon 📅 2026-01-10 ✅ 2026-01-14"
    );
    let w = out.warning.unwrap();
    assert!(
        w.contains("every blue moon") && w.contains("no next occurrence"),
        "{w}"
    );
    assert_eq!(after, format!("above\n{}\nbelow", out.new_line));
}

#[test]
fn unticking_a_recurring_task_inserts_nothing() {
    let (out, _) = done_on(
        "- [x] W 🔁 every day 📅 2026-01-10 ✅ 2026-01-12",
        "2026-01-14",
    );
    assert!(out.inserted.is_none());
    assert_eq!(out.new_line, "- [ ] W 🔁 every day 📅 2026-01-10");
}

#[test]
fn a_next_date_past_the_year_9999_is_not_written() {
    let (out, after) = done_on("- [ ] Far 🔁 every 1000 years 📅 9500-01-10", "2026-01-14");
    assert!(out.inserted.is_none(), "{:?}", out.inserted);
    assert_eq!(
        out.new_line,
        "- [x] Far 🔁 every 1000 years 📅 9500-01-10 ✅ 2026-01-14"
    );
    assert!(out.warning.unwrap().contains("9999"));
    assert_eq!(after, format!("above\n{}\nbelow", out.new_line));
}

#[test]
fn on_completion_delete_leaves_only_the_next_occurrence() {
    let (out, after) = done_on(
        "- [ ] Water 🔁 every day 🏁 delete 📅 2026-01-10",
        "2026-01-14",
    );
    assert_eq!(out.inserted, None);
    assert_eq!(
        out.new_line,
        "- [ ] Water 🔁 every day 🏁 delete 📅 2026-01-11"
    );
    assert_eq!(after, format!("above\n{}\nbelow", out.new_line));
    // `keep`, and a task with no next occurrence, stay as done lines.
    let (out, _) = done_on(
        "- [ ] Water 🔁 every day 🏁 keep 📅 2026-01-10",
        "2026-01-14",
    );
    assert!(out.inserted.is_some());
    let (out, after) = done_on("- [ ] Once [onCompletion:: delete]", "2026-01-14");
    assert!(out.new_line.starts_with("- [x] Once"), "{}", out.new_line);
    assert!(out.warning.unwrap().contains("🏁 delete"));
    assert!(after.contains("- [x] Once"));
}
