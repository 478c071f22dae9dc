//! Key-sequence tests for problems a new user met: the picked group while filtering, undo of a
//! bulk action, narrow terminals, saved views without groups. Each reads the screen or the notes.

use super::Harness;

#[test]
fn typing_a_filter_keeps_the_picked_group() {
    let mut h = Harness::new(120, 35);
    h.keys("<tab>h");
    let row = crate::tui::panes::group_rows(&h.app)
        .iter()
        .position(|(label, ..)| label == "Myself")
        .expect("a Myself group");
    for _ in 0..row {
        h.keys("j");
    }
    assert_eq!(h.app.group.as_deref(), Some("Myself"));
    h.keys("/due before today");
    assert_eq!(
        h.app.picked_group().map(|g| &*g.label),
        Some("Myself"),
        "the group survives the letters typed on the way"
    );
    let screen = h.screen();
    // Myself has one task due before today: the integration brief (11-21).
    assert!(screen.contains("Myself · 1"), "{screen}");
    assert!(screen.contains("1 tasks in Myself"), "{screen}");
    assert!(screen.contains("Draft the integration brief"), "{screen}");
    assert!(!screen.contains("security questionnaire"), "{screen}");
}

#[test]
fn one_undo_reverts_a_whole_bulk_action() {
    let mut h = Harness::new(120, 35);
    let notes: Vec<(&str, String)> = super::NOTES
        .iter()
        .map(|(rel, _)| (*rel, h.note(rel)))
        .collect();
    // A single edit first, then three marked tasks ticked done together.
    h.keys("/onsite workshop<enter>s<esc>");
    let after_single: Vec<String> = notes.iter().map(|(rel, _)| h.note(rel)).collect();
    h.keys("ggmmmx");
    let changed = notes
        .iter()
        .zip(&after_single)
        .filter(|((rel, _), single)| h.note(rel) != **single)
        .count();
    assert!(changed >= 2, "the bulk action touched several notes");
    h.keys("u");
    for ((rel, _), single) in notes.iter().zip(&after_single) {
        assert_eq!(
            &h.note(rel),
            single,
            "{rel} is back to before the bulk action"
        );
    }
    let status = h.app.status.clone().expect("status");
    assert!(status.text.contains("3 tasks changed"), "{status:?}");
    // The next undo takes back the single edit before it, and only that.
    h.keys("u");
    for (rel, original) in &notes {
        assert_eq!(&h.note(rel), original, "{rel} is back to the start");
    }
}

#[test]
fn bulk_undo_stops_with_a_message_at_the_first_refusal() {
    let mut h = Harness::new(120, 35);
    h.keys("ggmm");
    let first = h.app.targets().into_iter().next().expect("a marked task");
    h.keys("x");
    // Someone else rewrites a ticked line after the bulk action: its undo must be refused.
    let text: Vec<String> = h
        .note(&first.path)
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == first.line as usize {
                format!("{l} changed elsewhere")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(h.dir.path().join(&*first.path), text.join("\n")).expect("write note");
    h.keys("u");
    let status = h.app.status.clone().expect("status");
    assert!(status.is_refusal(), "{status:?}");
    // Newest first: the second task's tick is undone, the first one's is refused.
    assert!(
        status.text.starts_with("✗ 1 changed, 1 refused"),
        "{status:?}"
    );
    assert!(h.note(&first.path).contains("changed elsewhere"));
}

#[test]
fn narrow_terminal_reaches_the_groups_pane() {
    let mut h = Harness::new(60, 15);
    let before = h.screen();
    assert!(
        !before.contains("No date"),
        "no groups pane at first: {before}"
    );
    h.keys("h");
    let groups = h.screen();
    assert!(groups.contains(" All "), "{groups}");
    assert!(groups.contains(" Overdue "), "{groups}");
    assert!(groups.contains(" No date "), "{groups}");
    assert!(groups.contains("pick a group"), "{groups}");
    h.keys("j");
    assert_eq!(h.app.group.as_deref(), Some("Overdue"));
    h.keys("l");
    let tasks = h.screen();
    assert!(tasks.contains("Overdue · 3"), "{tasks}");
    assert!(tasks.contains("[ ]"), "{tasks}");
    // Enter goes back to the tasks as well.
    h.keys("h<enter>");
    assert!(h.screen().contains("Overdue · 3"));
}

#[test]
fn the_description_is_the_last_column_to_go() {
    let mut h = Harness::new(30, 15);
    h.keys("/pricing follow-up<enter>");
    let screen = h.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("[ ]"))
        .unwrap_or_default();
    assert!(row.contains("Send the pricing"), "{screen}");
    assert!(!row.contains("Dana"), "the owner gives way first: {screen}");
}

#[test]
fn a_view_without_group_by_shows_all_once() {
    let mut h = Harness::new(120, 30);
    std::fs::write(
        h.dir.path().join("Views.md"),
        "# Views\n\n```tasks\nnot done\nsort by due\n```\n",
    )
    .expect("write note");
    let index = triage::vault::scan(h.dir.path(), &h.app.cfg).expect("scan");
    h.app
        .on_feed(crate::tui::live::Feed::Ready(Box::new(index)));
    h.keys("<tab><tab><tab>");
    let screen = h.screen();
    assert!(screen.contains(" Views "), "{screen}");
    let alls = screen.lines().filter(|l| l.starts_with(" All ")).count();
    assert_eq!(alls, 1, "{screen}");
    // Moving in the groups pane stays on the one row and the list keeps every task.
    h.keys("hj");
    assert_eq!(h.app.group, None);
    assert!(h.screen().contains("11 tasks"), "{}", h.screen());
}
