//! Every filter instruction form, checked on the sample tasks.

use super::*;

#[test]
fn status_filters() {
    // `done` matches DONE and CANCELLED; `not done` matches TODO and IN_PROGRESS.
    assert_eq!(set("done"), [6, 7]);
    assert_eq!(set("not done"), [1, 2, 3, 4, 5, 8, 9]);
    assert_eq!(set("NOT DONE"), [1, 2, 3, 4, 5, 8, 9]);
    assert_eq!(set("status.type is IN_PROGRESS"), [9]);
    assert_eq!(set("status.type is cancelled"), [7]);
    assert_eq!(set("status.type is not TODO"), [6, 7, 9]);
    assert_eq!(set("status.name includes progress"), [9]);
}

#[test]
fn date_filters() {
    assert_eq!(set("due today"), [2, 8]);
    assert_eq!(set("due on today"), [2, 8]);
    assert_eq!(set("due before today"), [1, 6]);
    assert_eq!(set("due on or before today"), [1, 2, 6, 8]);
    assert_eq!(set("due after today"), [3, 4]);
    assert_eq!(set("due on or after tomorrow"), [3, 4]);
    assert_eq!(set("due yesterday"), [1]);
    assert_eq!(set("due 2023-02-13"), [3]);
    assert_eq!(set("due in 3 days"), [3]);
    assert_eq!(set("due next monday"), [3]);
    assert_eq!(set("due this week"), [1, 2, 8]);
    assert_eq!(set("due next week"), [3]);
    assert_eq!(set("due after this week"), [3, 4]);
    assert_eq!(set("due before this week"), [6]);
    assert_eq!(set("due in 2023-02-09 2023-02-13"), [1, 2, 3, 8]);
    assert_eq!(set("due after 2023-02-09 2023-02-13"), [4]);
    assert_eq!(set("due before 2023-02-09 2023-02-13"), [6]);
    assert_eq!(set("due 2023-W07"), [3]);
    assert_eq!(set("due 2023-W08"), [4]);
    assert_eq!(set("due 2023-01"), [6]);
    assert_eq!(set("due in this month"), [1, 2, 3, 4, 8]);
    assert_eq!(set("done before today"), [6]);
    assert_eq!(set("done on 2023-02-01"), [6]);
    assert_eq!(set("cancelled 2023-02-02"), [7]);
    assert_eq!(set("scheduled before tomorrow"), [5]);
    assert_eq!(set("created before today"), Vec::<u32>::new());
}

#[test]
fn start_filters_include_tasks_without_a_start_date() {
    // Documented: "the result will include tasks without a start date".
    assert_eq!(set("starts before tomorrow"), [1, 2, 3, 5, 6, 7, 8, 9]);
    assert_eq!(
        set("(starts before tomorrow) AND (has start date)"),
        Vec::<u32>::new()
    );
    assert_eq!(set("starts after today"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

#[test]
fn happens_matches_any_of_start_scheduled_due() {
    assert_eq!(set("happens before today"), [1, 5, 6]);
    assert_eq!(set("happens on 2023-02-15"), [4]);
    assert_eq!(set("has happens date"), [1, 2, 3, 4, 5, 6, 8]);
    assert_eq!(set("no happens date"), [7, 9]);
}

#[test]
fn presence_and_invalid_dates() {
    // An invalid date is a date that is written, as in Obsidian Tasks.
    assert_eq!(set("has due date"), [1, 2, 3, 4, 6, 8, 9]);
    assert_eq!(set("no due date"), [5, 7]);
    assert_eq!(set("has scheduled date"), [5]);
    assert_eq!(set("no start date").len(), 8);
    assert_eq!(set("has done date"), [6]);
    assert_eq!(set("has cancelled date"), [7]);
    assert_eq!(set("no created date").len(), 9);
    assert_eq!(set("due date is invalid"), [9]);
    assert_eq!(
        set("(created date is invalid) OR (done date is invalid) OR (due date is invalid)"),
        [9]
    );
}

#[test]
fn priority_filters() {
    assert_eq!(set("priority is high"), [2]);
    assert_eq!(set("priority is above none"), [2]);
    assert_eq!(set("priority is below none"), [5]);
    assert_eq!(set("priority is not none"), [2, 5]);
    assert_eq!(set("priority is none").len(), 7);
    assert_eq!(set("not done\npriority is above none"), [2]);
}

#[test]
fn text_filters() {
    assert_eq!(set("description includes CALL"), [1]);
    assert_eq!(set("description does not include a"), [2, 4, 6]);
    assert_eq!(set("description regex matches /^W/"), [2, 8]);
    assert_eq!(set("description regex matches /^w/i"), [2, 8]);
    assert_eq!(set("description regex does not match /o/"), [2, 6, 9]);
    // The trailing tag run is part of the description Obsidian Tasks searches.
    assert_eq!(set("description includes #inbox"), [1]);
    assert_eq!(set("description regex matches /pricing #task/"), [1]);
    assert_eq!(set("path includes acme"), [3, 4]);
    assert_eq!(set("path includes Work/Acme/Call.md"), [3, 4]);
    assert_eq!(set("path does not include work"), [1, 2, 8, 9]);
    assert_eq!(set("path regex matches /^Daily\\//"), [8, 9]);
    assert_eq!(set("filename includes globex.md"), [5, 6, 7]);
    assert_eq!(set("folder includes Work/Acme/"), [3, 4]);
    assert_eq!(set("root includes work/"), [3, 4, 5, 6, 7]);
    assert_eq!(set("root regex matches /^\\/$/"), [1, 2]);
    // `does not include` matches tasks with no heading.
    assert_eq!(set("heading includes action"), [4]);
    assert_eq!(set("heading does not include action").len(), 8);
    assert_eq!(set("recurrence includes week"), [8]);
}

#[test]
fn tag_filters() {
    // Partial, case-insensitive; with `#` the tag must start with the text.
    assert_eq!(set("tags include inbox"), [1]);
    assert_eq!(set("tags include #INBOX"), [1]);
    assert_eq!(set("tag includes garden"), [8]);
    assert_eq!(set("tags include #garden"), Vec::<u32>::new());
    assert_eq!(set("tags include #home"), [8]);
    assert_eq!(set("tags do not include #task"), [2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(set("tag regex matches /#t.*$/"), [1]);
    assert_eq!(set("tags regex matches /#home$/"), Vec::<u32>::new());
    assert_eq!(set("has tags"), [1, 3, 8]);
    assert_eq!(set("no tags").len(), 6);
}

#[test]
fn other_task_properties() {
    assert_eq!(set("is recurring"), [8]);
    assert_eq!(set("is not recurring").len(), 8);
    assert_eq!(set("exclude sub-items").len(), 8);
    assert_eq!(set("is proposed"), [3]);
    assert_eq!(set("is not proposed").len(), 8);
}

#[test]
fn owner_and_account_extensions() {
    assert_eq!(set("owner is dana reyes"), [1]);
    assert_eq!(set("owner is @Myself"), [2]);
    assert_eq!(set("owner is Dana"), Vec::<u32>::new());
    assert_eq!(set("owner includes dana"), [1]);
    assert_eq!(set("owner is not Myself").len(), 8);
    assert_eq!(set("no owner").len(), 7);
    assert_eq!(set("account is acme"), [3, 4]);
    assert_eq!(set("account includes glo"), [5, 6, 7]);
    assert_eq!(set("account does not include acme").len(), 7);
    assert_eq!(set("has account").len(), 5);
}

#[test]
fn boolean_combinations() {
    assert_eq!(set("(no due date) OR (due after 2023-02-14)"), [4, 5, 7]);
    assert_eq!(
        set("due after 2023-02-04\n(path includes Work) AND NOT (tags include #proposed)"),
        [4]
    );
    assert_eq!(
        set("(path includes inbox) XOR (description includes #inbox)"),
        [2]
    );
    assert_eq!(set("NOT ((path includes Work) OR (has tags))"), [2, 9]);
    assert_eq!(
        set("not done\n(description includes call) OR \\\n  (description includes write)"),
        [1, 2]
    );
    assert_eq!(
        set("(has start date) OR NOT (description includes o)"),
        [2, 4, 9]
    );
}

#[test]
fn matches_agrees_with_run() {
    let tasks = sample();
    let q = Query::parse("(due before tomorrow) AND (not done)").unwrap();
    let by_matches: Vec<u32> = tasks
        .iter()
        .filter(|t| q.matches(t, today()))
        .map(|t| t.line)
        .collect();
    assert_eq!(by_matches, [1, 2, 8]);
}

#[test]
fn note_level_filters_answer_once_per_note_and_agree_with_matches() {
    // Tasks of one note share its NoteMeta; run() asks path filters once per note, matches() per task.
    let mut tasks = sample();
    let shared = tasks[4].note.clone();
    for t in tasks.iter_mut().filter(|t| t.path() == "Work/Globex.md") {
        t.note = shared.clone();
    }
    for query in [
        "path includes globex\ndone",
        "description includes o\npath does not include work",
        "(path includes acme) OR (filename includes inbox)\nnot done",
        "root includes work/\nNOT (folder includes acme)\nhas account",
    ] {
        let q = Query::parse(query).unwrap();
        let mut by_matches: Vec<u32> = tasks
            .iter()
            .filter(|t| q.matches(t, today()))
            .map(|t| t.line)
            .collect();
        let mut by_run: Vec<u32> = q.run(&tasks, today()).groups[0]
            .tasks
            .iter()
            .map(|t| t.line)
            .collect();
        by_matches.sort_unstable();
        by_run.sort_unstable();
        assert_eq!(by_run, by_matches, "{query}");
        assert!(!by_run.is_empty(), "{query}");
    }
}

#[test]
fn tasks_engine_answers_for_descriptions_sub_items_and_empty_tags() {
    let mut t = task("a.md", 1, "Call about the contract", &[]);
    t.words = TaskText::new(
        "- [ ] Call about the contract @Dana Reyes 🔼 #sales",
        "Call about the contract",
    );
    t.tags = vec![Arc::from("sales")];
    let q = |s: &str| Query::parse(s).unwrap().matches(&t, today());
    // The owner's mention is cut from the shown description, but Obsidian Tasks searches it.
    assert!(q("description includes Dana"));
    assert!(q("description includes reyes"));
    assert!(q("description regex matches /contract @Dana/"));
    assert!(!q("description includes Sam"));
    assert!(q("description includes #sales"));
    // A task in a callout nested three deep is not a sub-item; one indented below it is.
    for (line, top) in [
        (" >>> - [ ] callout", true),
        ("> > - [ ] quote", true),
        (">  - [ ] two spaces after", false),
        ("  - [ ] indented", false),
        ("- [ ] plain", true),
    ] {
        let mut t = task("a.md", 1, "x", &[]);
        t.words = TaskText::new(line, "x");
        let hit = Query::parse("exclude sub-items")
            .unwrap()
            .matches(&t, today());
        assert_eq!(hit, top, "{line}");
    }
    for empty in ["tags include", "tags include #", "tags do not include  "] {
        assert!(
            err(empty).contains("expected a tag"),
            "{empty}: {}",
            err(empty)
        );
    }
}

#[test]
fn dependencies_between_tasks() {
    // a ← b (b depends on a); c depends on a done task; d depends on an id nobody has.
    let mut tasks = vec![
        task("d.md", 1, "a", &[]),
        task("d.md", 2, "b", &[]),
        task("d.md", 3, "c", &[]),
        task("d.md", 4, "d", &[]),
        task("d.md", 5, "e", &[("status", "x")]),
        task("d.md", 6, "f", &[("status", "x")]),
    ];
    tasks[0].extras_mut().id = Some("a1".into());
    tasks[1].extras_mut().depends_on = vec!["a1".into()];
    tasks[1].extras_mut().id = Some("b1".into());
    tasks[2].extras_mut().depends_on = vec!["e1".into()];
    tasks[3].extras_mut().depends_on = vec!["zz".into()];
    tasks[4].extras_mut().id = Some("e1".into());
    tasks[5].extras_mut().depends_on = vec!["a1".into()];
    let run = |q: &str| -> Vec<u32> {
        let q = Query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let mut v: Vec<u32> = q.run(&tasks, today()).groups[0]
            .tasks
            .iter()
            .map(|t| t.line)
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(
        run("is blocked"),
        [2],
        "only an open task blocks; a done one never is blocked"
    );
    assert_eq!(run("is not blocked"), [1, 3, 4, 5, 6]);
    assert_eq!(run("is blocking"), [1], "a done dependant does not count");
    assert_eq!(run("is not blocking").len(), 5);
    assert_eq!(run("(is blocked) OR (is blocking)"), [1, 2]);
    assert_eq!(run("has id"), [1, 2, 5]);
    assert_eq!(run("no id"), [3, 4, 6]);
    assert_eq!(run("id includes 1"), [1, 2, 5]);
    assert_eq!(run("id does not include a"), [2, 3, 4, 5, 6]);
    assert_eq!(run("has depends on"), [2, 3, 4, 6]);
    assert_eq!(run("no depends on"), [1, 5]);
    let q = Query::parse("sort by id").unwrap();
    let order: Vec<u32> = q.run(&tasks, today()).groups[0]
        .tasks
        .iter()
        .map(|t| t.line)
        .collect();
    assert_eq!(
        order,
        [3, 4, 6, 1, 2, 5],
        "no id first (open before done), then a1, b1, e1"
    );
    let q = Query::parse("group by id").unwrap();
    let heads: Vec<String> = q
        .run(&tasks, today())
        .groups
        .iter()
        .map(|g| g.keys.join(""))
        .collect();
    assert_eq!(heads, ["(No id)", "a1", "b1", "e1"]);
}
