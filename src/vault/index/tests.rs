//! Building the index: the account spellings shown, by the fast path and the general one.

use super::*;
use crate::task::{NoteMeta, TaskText};

fn note(path: &str, account: Option<&str>, task_accounts: &[Option<&str>]) -> Entry {
    let meta = Arc::new(NoteMeta {
        path: Arc::from(path),
        account: account.map(Arc::from),
        ..NoteMeta::default()
    });
    let tasks = task_accounts
        .iter()
        .enumerate()
        .map(|(i, a)| Task {
            note: meta.clone(),
            line: i as u32 + 1,
            status: ' ',
            status_type: crate::StatusType::Todo,
            priority: crate::Priority::None,
            proposed: false,
            words: TaskText::new("- [ ] t", "t"),
            owner: None,
            // The parser's sharing: a task naming its note's account holds the note's `Arc`.
            account: match (a, &meta.account) {
                (Some(a), Some(n)) if **n == **a => Some(n.clone()),
                (a, _) => a.map(Arc::from),
            },
            dates: Default::default(),
            tags: Vec::new(),
            heading: None,
            extras: None,
        })
        .collect();
    Entry {
        note: ParsedNote {
            meta,
            tasks,
            ..ParsedNote::default()
        },
        stamp: Stamp {
            len: 0,
            modified: None,
        },
    }
}

fn shown(index: &Index) -> Vec<(String, Option<String>)> {
    index
        .tasks()
        .map(|t| (t.location(), t.account.as_deref().map(String::from)))
        .collect()
}

#[test]
fn the_first_note_spelling_in_path_order_is_shown_for_every_task() {
    let notes = || {
        vec![
            note("a.md", None, &[Some("ÉCOLE"), Some("globex")]),
            note("b.md", Some("École"), &[Some("École"), None]),
            note("c.md", Some("école"), &[Some("école")]),
            note("d.md", Some("Globex"), &[Some("Globex"), Some("ΟΔΟΣ")]),
            note("e.md", None, &[Some("οδος"), Some("ΟΔΟΣ"), Some("acme")]),
        ]
    };
    let fast = Index::from_sorted_unique(notes(), &Config::default());
    let general = Index::from_notes(notes().into_iter().rev());
    assert_eq!(shown(&fast), shown(&general));
    let want = [
        ("a.md:1", Some("École")),
        ("a.md:2", Some("Globex")),
        ("b.md:1", Some("École")),
        ("b.md:2", None),
        ("c.md:1", Some("École")),
        ("d.md:1", Some("Globex")),
        ("d.md:2", Some("ΟΔΟΣ")),
        // A word-final `Σ` lower-cases to `ς`: `οδος` is another spelling of `ΟΔΟΣ`.
        ("e.md:1", Some("ΟΔΟΣ")),
        ("e.md:2", Some("ΟΔΟΣ")),
        ("e.md:3", Some("acme")),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(l, a)| (l.to_string(), a.map(String::from)))
        .collect();
    assert_eq!(shown(&fast), want);
    assert_eq!(fast.task_count(), 10);
}
