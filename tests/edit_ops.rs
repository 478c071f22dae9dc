//! Before/after pairs for every line operation, run through the public edit API on a real file.

use chrono::NaiveDate;
use std::fs;
use triage::Config;
use triage::Priority;
use triage::edit::{Editor, Journal, Op, Outcome, Target, When};

const TODAY: &str = "2026-01-14";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// Puts `line` on line 4 of a note, after a paragraph and a blank line, applies `op`, and returns the
/// outcome and the whole note afterwards (with the surrounding lines checked untouched).
fn run_on(line: &str, ending: &str, op: Op, cfg: &Config) -> (Outcome, String) {
    let vault = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    // A blank line before the task: an ordered list not starting at 1 cannot interrupt a paragraph.
    let before =
        format!("# Note{ending}text above{ending}{ending}{line}{ending}text below{ending}");
    fs::write(vault.path().join("n.md"), &before).unwrap();
    let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
    let target = Target {
        path: "n.md".into(),
        line: 4,
        text: Some(line.to_string()),
        digest: None,
    };
    let out = ed.apply(&target, &op, today(), cfg).unwrap();
    let after = fs::read_to_string(vault.path().join("n.md")).unwrap();
    let head = format!("# Note{ending}text above{ending}{ending}");
    assert!(after.starts_with(&head), "{after:?}");
    assert!(
        after.ends_with(&format!("{ending}text below{ending}")),
        "{after:?}"
    );
    (out, after)
}

/// The new text of the task line after `op`.
fn edit(line: &str, op: Op) -> String {
    edit_with(line, op, &Config::default())
}

fn edit_with(line: &str, op: Op, cfg: &Config) -> String {
    let (out, after) = run_on(line, "\n", op, cfg);
    assert!(out.inserted.is_none());
    let expected = format!("# Note\ntext above\n\n{}\ntext below\n", out.new_line);
    assert_eq!(after, expected);
    out.new_line
}

fn due(s: &str) -> Op {
    Op::SetDue(When::parse(s, today()).unwrap())
}

#[test]
fn toggle_done_pairs() {
    let cases = [
        ("- [ ] Call Dana", "- [x] Call Dana ✅ 2026-01-14"),
        (
            "- [?] Draft brief #proposed",
            "- [x] Draft brief #proposed ✅ 2026-01-14",
        ),
        ("- [/] Half way", "- [x] Half way ✅ 2026-01-14"),
        ("- [!] Odd status", "- [x] Odd status ✅ 2026-01-14"),
        ("- [x] Done already ✅ 2026-01-10", "- [ ] Done already"),
        (
            "- [X] Done ✅ 2026-01-10 📅 2026-01-09",
            "- [ ] Done 📅 2026-01-09",
        ),
        ("- [-] Cancelled ❌ 2026-01-10", "- [ ] Cancelled"),
        // Reopened: no stray completion date of the other kind either.
        ("- [-] Both ✅ 2026-01-09 ❌ 2026-01-10 ⏫", "- [ ] Both ⏫"),
        ("- [x] Odd ❌ 2026-01-10 ✅ 2026-01-11", "- [ ] Odd"),
        // Block link: the new field goes before it.
        ("- [ ] Linked ^abc-1", "- [x] Linked ✅ 2026-01-14 ^abc-1"),
        ("- [x] Linked ✅ 2026-01-10 ^abc-1", "- [ ] Linked ^abc-1"),
        // Hard-break trailing spaces stay at the end.
        ("- [ ] Hard break  ", "- [x] Hard break ✅ 2026-01-14  "),
        ("- [ ] Both ^id1  ", "- [x] Both ✅ 2026-01-14 ^id1  "),
        // Fields before the end stay where they are.
        (
            "- [ ] 📅 2026-01-20 Call ⏫ #task",
            "- [x] 📅 2026-01-20 Call ⏫ #task ✅ 2026-01-14",
        ),
        ("- [ ]", "- [x] ✅ 2026-01-14"),
        ("> - [ ] In a callout", "> - [x] In a callout ✅ 2026-01-14"),
        (
            ">> \t* [ ] Nested quote",
            ">> \t* [x] Nested quote ✅ 2026-01-14",
        ),
        ("12. [ ] Numbered", "12. [x] Numbered ✅ 2026-01-14"),
        (
            "3) [ ] Paren numbered",
            "3) [x] Paren numbered ✅ 2026-01-14",
        ),
        (
            "- [x] Dataview done [completion:: 2026-01-10] #t",
            "- [ ] Dataview done #t",
        ),
        (
            "- [ ] Moved to (completion:: 2026-01-01) here",
            "- [x] Moved to (completion:: 2026-01-14) here",
        ),
    ];
    for (before, after) in cases {
        assert_eq!(edit(before, Op::ToggleDone), after, "toggle {before:?}");
    }
}

#[test]
fn toggle_round_trip_restores_the_line() {
    for line in [
        "- [ ] Plain",
        "- [ ] Hard  ",
        "- [ ] With link ^b1",
        "> 1. [ ] Deep 📅 2026-02-01 #x",
    ] {
        let once = edit(line, Op::ToggleDone);
        assert_ne!(once, line);
        assert_eq!(edit(&once, Op::ToggleDone), line);
    }
}

#[test]
fn accept_pairs() {
    let cases = [
        (
            "- [?] Draft the brief @Myself 📅 2025-12-17 ⏫ #task #proposed #auto",
            "- [ ] Draft the brief @Myself 📅 2025-12-17 ⏫ #task #auto",
        ),
        ("- [ ] Tag only #proposed", "- [ ] Tag only"),
        ("- [?] Symbol only", "- [ ] Symbol only"),
        ("- [?] #proposed at start", "- [ ] at start"),
        ("- [?] Hard #proposed  ", "- [ ] Hard  "),
        ("- [?] Linked #proposed ^b2", "- [ ] Linked ^b2"),
        ("- [?] Case #Proposed", "- [ ] Case"),
        (
            "- [?] Nested #proposed/later stays",
            "- [ ] Nested #proposed/later stays",
        ),
    ];
    for (before, after) in cases {
        assert_eq!(edit(before, Op::Accept), after, "accept {before:?}");
    }
    // Configured tags.
    let mut cfg = Config::default();
    cfg.proposed.accept_removes_tags = vec!["proposed".into(), "auto".into()];
    assert_eq!(
        edit_with("- [?] Both #proposed #auto #task", Op::Accept, &cfg),
        "- [ ] Both #task"
    );
}

#[test]
fn accept_says_when_a_proposed_tag_it_may_not_remove_stays() {
    let mut cfg = Config::default();
    cfg.proposed.tags = vec!["proposed".into(), "suggested".into()];
    let (out, _) = run_on("- [?] Mine #suggested", "\n", Op::Accept, &cfg);
    assert_eq!(out.new_line, "- [ ] Mine #suggested");
    assert!(out.warning.unwrap().contains("#suggested still marks"));
    let (out, after) = run_on("- [ ] Tag only #suggested", "\n", Op::Accept, &cfg);
    assert!(!out.changed);
    let w = out.warning.unwrap();
    assert!(
        w.contains("#suggested still marks") && !w.contains("not proposed"),
        "{w}"
    );
    assert!(after.contains("\n- [ ] Tag only #suggested\n"));
}

#[test]
fn accepting_an_accepted_task_writes_nothing() {
    let (out, after) = run_on(
        "- [ ] Already mine #task",
        "\n",
        Op::Accept,
        &Config::default(),
    );
    assert!(!out.changed);
    assert!(out.warning.unwrap().contains("not proposed"));
    assert_eq!(
        after,
        "# Note\ntext above\n\n- [ ] Already mine #task\ntext below\n"
    );
}

#[test]
fn reject_pairs() {
    let cases = [
        (
            "- [?] Not mine #proposed",
            "- [-] Not mine #proposed ❌ 2026-01-14",
        ),
        ("- [ ] Drop ^b3", "- [-] Drop ❌ 2026-01-14 ^b3"),
        ("- [/] Drop  ", "- [-] Drop ❌ 2026-01-14  "),
        (
            "- [ ] Dv [cancelled:: 2025-01-01]",
            "- [-] Dv [cancelled:: 2026-01-14]",
        ),
    ];
    for (before, after) in cases {
        assert_eq!(edit(before, Op::Reject), after, "reject {before:?}");
    }
}

#[test]
fn due_pairs() {
    let cases = [
        (
            "- [ ] Call 📅 2026-01-10 ⏫",
            "2026-02-01",
            "- [ ] Call 📅 2026-02-01 ⏫",
        ),
        (
            "- [ ] Call 📆 2026-01-10",
            "+3d",
            "- [ ] Call 📆 2026-01-17",
        ),
        (
            "- [ ] Call 📅2026-01-10 #t",
            "tomorrow",
            "- [ ] Call 📅2026-01-15 #t",
        ),
        ("- [ ] No date", "+1w", "- [ ] No date 📅 2026-01-21"),
        (
            "- [ ] No date ^b4  ",
            "friday",
            "- [ ] No date 📅 2026-01-16 ^b4  ",
        ),
        ("- [ ] Call 📅 2026-01-10 #t", "none", "- [ ] Call #t"),
        ("- [ ] 📅 2026-01-10 Call", "none", "- [ ] Call"),
        (
            "- [ ] Dv [due:: 2026-01-10] x",
            "today",
            "- [ ] Dv [due:: 2026-01-14] x",
        ),
        ("- [ ] Dv (due:: 2026-01-10)", "none", "- [ ] Dv"),
        // An invalid date is replaced, not duplicated.
        (
            "- [ ] Bad 📅 2026-02-30",
            "2026-03-01",
            "- [ ] Bad 📅 2026-03-01",
        ),
        (
            "> - [ ] Callout 📅 2026-01-10",
            "2026-01-11",
            "> - [ ] Callout 📅 2026-01-11",
        ),
        ("7. [ ] Num", "2026-01-11", "7. [ ] Num 📅 2026-01-11"),
    ];
    for (before, when, after) in cases {
        assert_eq!(edit(before, due(when)), after, "due {when} on {before:?}");
    }
}

#[test]
fn mojibake_fields_are_written_as_real_emoji() {
    // 📅 read as Mac Roman, with and without the U+F8FF that 0xF0 becomes.
    assert_eq!(
        edit("- [ ] Moji \u{F8FF}üìÖ 2026-01-10 rest", due("2026-01-20")),
        "- [ ] Moji 📅 2026-01-20 rest"
    );
    assert_eq!(
        edit("- [ ] Moji üìÖ 2026-01-10", due("2026-01-20")),
        "- [ ] Moji 📅 2026-01-20"
    );
    assert_eq!(
        edit("- [ ] Moji üìÖ 2026-01-10 x", due("none")),
        "- [ ] Moji x"
    );
    // ⏫ as Mac Roman.
    assert_eq!(
        edit("- [ ] Prio ‚è´ #t", Op::SetPriority(Priority::High)),
        "- [ ] Prio ⏫ #t"
    );
    assert_eq!(
        edit("- [ ] Prio ‚è´ #t", Op::SetPriority(Priority::Low)),
        "- [ ] Prio 🔽 #t"
    );
    // A mojibake field that is not edited stays as written.
    assert_eq!(
        edit("- [ ] Keep ‚è´ üìÖ 2026-01-10", Op::ToggleDone),
        "- [x] Keep ‚è´ üìÖ 2026-01-10 ✅ 2026-01-14"
    );
}

#[test]
fn removing_a_field_never_joins_two_punctuation_marks() {
    // Joined, `` ` `` + `` ` `` is a longer backtick run (the code span before no longer closes)
    // and `%` + `%` opens a comment: either changes how the rest of the note reads.
    let cases = [
        (
            "- [ ] `open 📅 2026-01-10 `📅 2026-01-09`",
            "- [ ] `open 📅 2026-01-10 ` `",
        ),
        ("- [ ] a %📅 2026-01-10% b", "- [ ] a % % b"),
        ("- [ ] a `x` 📅 2026-01-10`", "- [ ] a `x` `"),
        ("- [ ] a 📅 2026-01-10 b", "- [ ] a b"),
    ];
    for (before, after) in cases {
        assert_eq!(edit(before, due("none")), after, "{before:?}");
    }
}

#[test]
fn postpone_pairs() {
    assert_eq!(
        edit("- [ ] A 📅 2026-01-30", Op::Postpone(3)),
        "- [ ] A 📅 2026-02-02"
    );
    assert_eq!(edit("- [ ] A", Op::Postpone(2)), "- [ ] A 📅 2026-01-16");
    assert_eq!(
        edit("- [ ] A [due:: 2026-01-01]", Op::Postpone(-1)),
        "- [ ] A [due:: 2025-12-31]"
    );
    // An overdue task moves forward from today (2026-01-14), as Obsidian Tasks' postpone does.
    assert_eq!(
        edit("- [ ] A 📅 2026-01-09", Op::Postpone(1)),
        "- [ ] A 📅 2026-01-15"
    );
    assert_eq!(
        edit("- [ ] A [due:: 2025-11-09]", Op::Postpone(7)),
        "- [ ] A [due:: 2026-01-21]"
    );
    assert_eq!(
        edit("- [ ] A 📅 2026-01-14", Op::Postpone(1)),
        "- [ ] A 📅 2026-01-15"
    );
    // An invalid due date counts from today.
    assert_eq!(
        edit("- [ ] A 📅 2026-02-30", Op::Postpone(1)),
        "- [ ] A 📅 2026-01-15"
    );
}

#[test]
fn dates_past_what_a_field_can_hold_change_nothing() {
    // Any number may come through the library; none may panic or write "+12026-01-14".
    for days in [i64::MAX, i64::MIN, 4_000_000, -800_000] {
        let (out, after) = run_on(
            "- [ ] A 📅 2026-01-30",
            "\n",
            Op::Postpone(days),
            &Config::default(),
        );
        assert_eq!(out.new_line, "- [ ] A 📅 2026-01-30", "{days}");
        assert!(!out.changed);
        assert!(out.warning.unwrap().contains("cannot move"), "{days}");
        assert!(after.contains("\n- [ ] A 📅 2026-01-30\n"));
    }
    let far = NaiveDate::from_ymd_opt(12026, 1, 1).unwrap();
    let (out, _) = run_on(
        "- [ ] A",
        "\n",
        Op::SetDue(When::Date(far)),
        &Config::default(),
    );
    assert_eq!(out.new_line, "- [ ] A");
    assert!(!out.changed);
}

#[test]
fn priority_pairs() {
    let p = Op::SetPriority;
    let cases = [
        ("- [ ] A ⏫ #t", p(Priority::Highest), "- [ ] A 🔺 #t"),
        (
            "- [ ] A 🔼 📅 2026-01-01",
            p(Priority::Lowest),
            "- [ ] A ⏬ 📅 2026-01-01",
        ),
        ("- [ ] A", p(Priority::High), "- [ ] A ⏫"),
        ("- [ ] A ^b5", p(Priority::Medium), "- [ ] A 🔼 ^b5"),
        ("- [ ] A  ", p(Priority::Low), "- [ ] A 🔽  "),
        ("- [ ] A ⏫ #t", p(Priority::None), "- [ ] A #t"),
        ("- [ ] ⏫ A", p(Priority::None), "- [ ] A"),
        (
            "- [ ] A [priority:: high] x",
            p(Priority::Low),
            "- [ ] A [priority:: low] x",
        ),
        ("- [ ] A [priority:: high]", p(Priority::None), "- [ ] A"),
        ("- [ ] A 🔺️ x", p(Priority::Medium), "- [ ] A 🔼 x"),
    ];
    for (before, op, after) in cases {
        assert_eq!(edit(before, op.clone()), after, "{op:?} on {before:?}");
    }
}

#[test]
fn crlf_lines_keep_their_endings() {
    let (out, after) = run_on(
        "- [ ] Windows 📅 2026-01-10  ",
        "\r\n",
        Op::ToggleDone,
        &Config::default(),
    );
    assert_eq!(out.new_line, "- [x] Windows 📅 2026-01-10 ✅ 2026-01-14  ");
    assert_eq!(
        after,
        "# Note\r\ntext above\r\n\r\n- [x] Windows 📅 2026-01-10 ✅ 2026-01-14  \r\ntext below\r\n"
    );
    let (_, after) = run_on("- [ ] W", "\r\n", due("none"), &Config::default());
    assert_eq!(
        after,
        "# Note\r\ntext above\r\n\r\n- [ ] W\r\ntext below\r\n"
    );
}

#[test]
fn nothing_to_change_writes_nothing() {
    for (line, op) in [
        ("- [ ] A", due("none")),
        ("- [ ] A", Op::SetPriority(Priority::None)),
        ("- [ ] A ⏫", Op::SetPriority(Priority::High)),
        ("- [-] A ❌ 2026-01-01", Op::Reject),
    ] {
        let (out, _) = run_on(line, "\n", op, &Config::default());
        assert!(!out.changed, "{line}");
        assert_eq!(out.new_line, line);
        assert!(out.warning.is_some());
    }
}

#[test]
fn tasks_from_the_index_are_found_and_read_back_as_intended() {
    let vault = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let body = "\u{FEFF}- [?] First line with BOM #proposed\r\n## H\r\n> - [ ] In callout 📅 2026-01-20 ^c1  \r\n- [ ] Bad \u{FFFD} ok [due:: 2026-01-02]";
    let mut bytes = body.as_bytes().to_vec();
    // A real invalid byte, which the index shows as U+FFFD.
    let at = body.find('\u{FFFD}').unwrap();
    bytes.splice(at..at + 3, [0xFF]);
    fs::write(vault.path().join("n.md"), &bytes).unwrap();
    let cfg = Config::default();
    let ed = Editor::with_journal(vault.path(), Journal::in_dir(state.path())).unwrap();
    let index = triage::vault::scan(vault.path(), &cfg).unwrap();
    let tasks: Vec<_> = index.tasks().cloned().collect();
    assert_eq!(tasks.len(), 3);
    for t in &tasks {
        let out = ed
            .apply(&Target::from(t), &Op::ToggleDone, today(), &cfg)
            .unwrap();
        assert!(out.changed, "{}", t.text());
    }
    let again = triage::vault::scan(vault.path(), &cfg).unwrap();
    for t in again.tasks() {
        assert_eq!(t.status, 'x', "{}", t.text());
        assert_eq!(t.dates.done, Some(today()), "{}", t.text());
    }
    let after = fs::read(vault.path().join("n.md")).unwrap();
    assert!(after.starts_with(
        b"\xEF\xBB\xBF- [x] First line with BOM #proposed \xE2\x9C\x85 2026-01-14\r\n"
    ));
    assert!(after.ends_with(b"- [x] Bad \xFF ok [due:: 2026-01-02] \xE2\x9C\x85 2026-01-14"));
    for _ in 0..3 {
        ed.undo().unwrap();
    }
    assert_eq!(fs::read(vault.path().join("n.md")).unwrap(), bytes);
}
