//! Parsing never panics: random text, and random mixes of query words, delimiters and operators.
//! A query that parses also runs without panicking on a few varied tasks.

use chrono::NaiveDate;
use proptest::prelude::*;
use std::sync::Arc;
use triage::query::Query;
use triage::task::{NoteMeta, Priority, StatusType, Task, TaskText};

fn tasks() -> Vec<Task> {
    let note = Arc::new(NoteMeta {
        path: Arc::from("Folder/Ünïcode note.md"),
        title: "T".into(),
        ..NoteMeta::default()
    });
    let base = Task {
        note,
        line: 3,
        words: TaskText::new("- [ ] x", "Send the prïcing #tag"),
        status: ' ',
        status_type: StatusType::Todo,
        owner: Some(Arc::from("Dana")),
        account: None,
        priority: Priority::High,
        dates: Default::default(),
        tags: vec![Arc::from("tag"), Arc::from("a/b")],
        extras: None,
        proposed: true,
        heading: Some(Arc::from("Heading")),
    };
    let mut done = base.clone();
    done.status = 'x';
    done.status_type = StatusType::Done;
    done.dates.due = NaiveDate::from_ymd_opt(2026, 1, 1);
    done.tags.clear();
    done.heading = None;
    vec![base, done]
}

const WORDS: &[&str] = &[
    "done",
    "not",
    "due",
    "before",
    "after",
    "on",
    "or",
    "in",
    "today",
    "tomorrow",
    "2026-01-14",
    "2026-02-30",
    "next",
    "week",
    "has",
    "no",
    "date",
    "is",
    "invalid",
    "priority",
    "above",
    "high",
    "path",
    "includes",
    "does",
    "include",
    "regex",
    "matches",
    "/a(/",
    "/x/i",
    "tags",
    "#tag",
    "sort",
    "group",
    "by",
    "reverse",
    "limit",
    "groups",
    "3",
    "owner",
    "account",
    "proposed",
    "happens",
    "starts",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "\\",
    "#",
    "\n",
    "é",
    "🗓",
    "in 3 days",
    "3 days ago",
    "friday",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,80}") {
        let _ = Query::parse(&text);
    }

    #[test]
    fn word_salad_never_panics(picks in proptest::collection::vec(0..WORDS.len(), 0..14)) {
        let text: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
        let text = text.join(" ");
        let today = NaiveDate::from_ymd_opt(2026, 1, 14).unwrap();
        match Query::parse(&text) {
            Ok(q) => {
                let ts = tasks();
                let r = q.run(&ts, today);
                prop_assert!(r.total <= ts.len());
            }
            Err(e) => prop_assert!(e.line >= 1, "{e}"),
        }
    }
}
