//! Outcome-first messages: a refusal, a success with its new date, the message log, and accept
//! after reject — each checked on screen and, for edits, in the note on disk.

use super::Harness;
use super::screens::snap;
use crate::tui::log::MessageLog;

const CALL: &str = "Customers/Example Co/2026-11-20 Strategy call.md";

fn line(h: &Harness, rel: &str, n: usize) -> String {
    h.note(rel)
        .lines()
        .nth(n - 1)
        .unwrap_or_default()
        .to_string()
}

fn status(h: &Harness) -> String {
    h.app.status.clone().map(|s| s.text).unwrap_or_default()
}

#[test]
fn a_refusal_says_so_first() {
    let mut h = Harness::new(120, 30);
    let before = h.note(CALL);
    h.keys("/pricing follow-up<enter>a");
    assert_eq!(h.note(CALL), before, "nothing was written");
    assert!(
        status(&h).starts_with("✗ refused: not proposed; nothing to accept — Customers/"),
        "{}",
        status(&h)
    );
    assert!(h.app.status.as_ref().is_some_and(|s| s.is_refusal()));
    let screen = h.screen();
    assert!(screen.contains("✗ refused: not proposed"), "{screen}");
    snap("refusal", &screen);
    // The message stays until the next key, and the log keeps it.
    h.keys("j");
    assert!(h.app.status.is_none());
    assert!(
        h.app
            .log
            .iter()
            .any(|(_, s)| s.text.starts_with("✗ refused"))
    );
}

#[test]
fn a_new_due_date_is_shown_old_and_new() {
    let mut h = Harness::new(120, 30);
    h.keys("/onsite workshop<enter>d+3d<enter>");
    assert_eq!(
        line(&h, CALL, 18),
        "- [ ] Book the onsite workshop @Sam Okafor 📅 2026-11-26 #task"
    );
    assert_eq!(
        status(&h),
        format!("✓ due Mon 12-14 → Thu 11-26 — {CALL}:18  Book the onsite workshop")
    );
    snap("success_new_date", &h.screen());
}

#[test]
fn accept_after_reject_in_review_restores_the_task() {
    let mut h = Harness::new(120, 35);
    h.keys("Rr");
    assert_eq!(
        line(&h, CALL, 16),
        "- [-] Draft the integration brief for the partner review @Myself 📅 2026-11-21 ⏫ #task #proposed ❌ 2026-11-23"
    );
    h.keys("ba");
    assert_eq!(
        line(&h, CALL, 16),
        "- [ ] Draft the integration brief for the partner review @Myself 📅 2026-11-21 ⏫ #task"
    );
    assert!(
        status(&h).starts_with("✓ accepted (reopened) — "),
        "{}",
        status(&h)
    );
    h.keys("q");
    // Open again, and accepted: neither cancelled nor proposed.
    assert_eq!(h.app.store.counts.proposed, 2);
    assert_eq!(h.app.store.counts.open, 11);
}

#[test]
fn the_message_log_keeps_every_outcome() {
    let mut h = Harness::new(100, 24);
    h.keys("/pricing follow-up<enter>a<esc>");
    h.keys("/onsite workshop<enter>d+3d<enter><esc>");
    h.keys("/renewal timeline<enter>r<esc>");
    h.keys("L");
    assert!(h.app.top_is::<MessageLog>());
    let screen = h.screen();
    assert!(screen.contains(" Messages · "), "{screen}");
    assert!(
        screen.contains("09:30:00 ✗ refused: not proposed"),
        "{screen}"
    );
    assert!(
        screen.contains("09:30:00 ✓ due Mon 12-14 → Thu 11-26"),
        "{screen}"
    );
    assert!(screen.contains("09:30:00 ✓ rejected"), "{screen}");
    snap("message_log", &screen);
    h.keys("<esc>");
    assert!(h.app.stack.is_empty());
}

#[test]
fn the_selection_stays_on_its_row_after_an_edit() {
    let mut h = Harness::new(120, 35);
    // The Due tab's first rows are the three overdue tasks, oldest first.
    h.keys("hj<enter>");
    let first = h.app.selected_task().map(|t| t.description().to_string());
    assert_eq!(
        first.as_deref(),
        Some("Ask Dana about the security questionnaire")
    );
    h.keys("d+10d<enter>");
    let second = h.app.selected_task().map(|t| t.description().to_string());
    assert_eq!(second.as_deref(), Some("Fix the EDI retry cap"));
    h.keys("d+10d<enter>");
    assert_eq!(h.app.cursor, 0);
    assert!(
        line(&h, "People/Dana Reyes.md", 10).contains("📅 2026-12-03"),
        "{}",
        h.note("People/Dana Reyes.md")
    );
    assert!(
        line(&h, "Meetings/2026-11-18 Weekly sync.md", 11).contains("[due:: 2026-12-03]"),
        "{}",
        h.note("Meetings/2026-11-18 Weekly sync.md")
    );
    let third = h.app.selected_task().map(|t| t.description().to_string());
    assert_eq!(
        third.as_deref(),
        Some("Draft the integration brief for the partner review")
    );
}

#[test]
fn the_date_prompt_previews_its_meaning() {
    let mut h = Harness::new(120, 30);
    h.keys("/onsite workshop<enter>dnext fri");
    let screen = h.screen();
    assert!(
        screen.contains(" due › next fri")
            && screen.contains("→ Fri 2026-11-27, in 4 days · 1 task"),
        "{screen}"
    );
    snap("date_preview", &screen);
    h.keys("<esc>ddue+3d");
    assert!(h.screen().contains("→ each task's due date + 3 days"));
    h.keys("<enter>");
    assert_eq!(
        line(&h, CALL, 18),
        "- [ ] Book the onsite workshop @Sam Okafor 📅 2026-12-17 #task"
    );
}

#[test]
fn a_bulk_edit_over_five_tasks_asks_first() {
    use crate::tui::confirm::Confirm;
    let mut h = Harness::new(120, 30);
    let before: Vec<String> = super::NOTES.iter().map(|(p, _)| h.note(p)).collect();
    h.keys("gmmmmmm");
    assert_eq!(h.app.marks.len(), 6);
    h.keys("s");
    assert!(h.app.top_is::<Confirm>());
    let screen = h.screen();
    assert!(screen.contains("Postpone 6 marked tasks?"), "{screen}");
    snap("bulk_confirm", &screen);
    // A stray key neither runs nor drops it; n leaves every note as it was.
    h.keys("j");
    assert!(h.app.top_is::<Confirm>());
    h.keys("n");
    assert!(h.app.stack.is_empty());
    assert_eq!(h.app.marks.len(), 6, "still marked");
    let after: Vec<String> = super::NOTES.iter().map(|(p, _)| h.note(p)).collect();
    assert_eq!(after, before);
    h.keys("sy");
    assert!(h.app.marks.is_empty());
    assert!(
        status(&h).starts_with("✓ postpone: 6 tasks changed"),
        "{}",
        status(&h)
    );
    assert!(
        line(&h, "People/Dana Reyes.md", 10).contains("📅 2026-11-24"),
        "{}",
        h.note("People/Dana Reyes.md")
    );
}

#[test]
fn a_change_on_disk_gets_a_short_notice() {
    let mut h = Harness::new(120, 30);
    let mut text = h.note("Inbox.md");
    text.push_str("- [ ] Call the venue 📅 2026-11-25\n");
    std::fs::write(h.root().join("Inbox.md"), text).unwrap();
    let entry = triage::vault::read_note(&h.root(), "Inbox.md".into(), &h.app.cfg).unwrap();
    h.app.on_feed(crate::tui::live::Feed::Updates(vec![
        triage::vault::NoteUpdate::Upsert(entry),
    ]));
    assert_eq!(status(&h), "Inbox.md: +1 task (changed on disk)");
    assert!(h.screen().contains("Inbox.md: +1 task (changed on disk)"));
    // An edit's outcome is not replaced by a later notice; the log has both.
    h.keys("/onsite workshop<enter>x");
    std::fs::remove_file(h.root().join("Inbox.md")).unwrap();
    h.app.on_feed(crate::tui::live::Feed::Updates(vec![
        triage::vault::NoteUpdate::Remove("Inbox.md".into()),
    ]));
    assert!(status(&h).starts_with("✓ done — "), "{}", status(&h));
    assert!(
        h.app
            .log
            .iter()
            .any(|(_, s)| s.text == "Inbox.md: removed (changed on disk)")
    );
}

#[test]
fn filter_matches_are_highlighted() {
    use ratatui::style::Modifier;
    let mut h = Harness::new(120, 30);
    h.keys("/PRICING");
    let (w, ht) = (120u16, 30u16);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, ht)).unwrap();
    term.draw(|f| crate::tui::ui::draw(&h.app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let row = (0..ht)
        .find(|&y| {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            line.contains("Send the pricing follow-up")
        })
        .expect("the matching row");
    let line: String = (0..w).map(|x| buf[(x, row)].symbol().to_string()).collect();
    let at = line.find("pricing").expect("the word") as u16;
    // Byte offset = column here: the row is ASCII up to the word.
    let start = line[..at as usize].chars().count() as u16;
    for x in start..start + 7 {
        let m = buf[(x, row)].modifier;
        assert!(m.contains(Modifier::UNDERLINED), "column {x} of {line}");
    }
    assert!(
        !buf[(start - 2, row)]
            .modifier
            .contains(Modifier::UNDERLINED)
    );
}

#[test]
fn detail_and_review_show_mojibake_repaired_with_a_hint() {
    let mut h = Harness::new(120, 35);
    std::fs::write(
        h.root().join("Garbled.md"),
        "# Garbled\n- [?] Ask about VAST‚Äôs plan \u{F8FF}üìÖ 2026-11-24 #proposed\n",
    )
    .unwrap();
    let index = triage::vault::scan(&h.root(), &h.app.cfg).expect("scan");
    h.app
        .on_feed(crate::tui::live::Feed::Ready(Box::new(index)));
    h.keys("/VAST<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("line      - [?] Ask about VAST’s plan 📅 2026-11-24 #proposed"),
        "{screen}"
    );
    assert!(
        !screen.contains("üìÖ") && !screen.contains("‚Äô"),
        "{screen}"
    );
    assert!(
        screen.contains("`triage check --fix` repairs the file"),
        "{screen}"
    );
    h.keys("R");
    let review = h.screen();
    assert!(
        !review.contains("üìÖ") && !review.contains("‚Äô"),
        "{review}"
    );
    assert!(
        review.contains("`triage check --fix` repairs the file"),
        "{review}"
    );
}

#[test]
fn a_boolean_looking_filter_line_gets_a_hint() {
    let mut h = Harness::new(140, 30);
    h.keys("/owner is myself AND NOT due after friday");
    let screen = h.screen();
    assert!(
        screen.contains("AND/OR/NOT join filters only in parentheses: (owner is myself) AND NOT (due after friday)"),
        "{screen}"
    );
}

#[test]
fn an_empty_today_group_is_still_shown() {
    let mut h = Harness::new(120, 30);
    h.keys("/pricing follow-up<enter>x<esc>");
    let screen = h.screen();
    let today = screen
        .lines()
        .find(|l| l.starts_with(" Today "))
        .unwrap_or_default();
    assert!(today.contains(" 0 │"), "{screen}");
    // Picking it shows an empty list, not another group's tasks.
    h.keys("hjj");
    assert!(h.app.visible().is_empty());
    assert!(h.screen().contains("Today · 0"), "{}", h.screen());
}

#[test]
fn tabs_of_a_note_with_several_views_are_named_by_their_headings() {
    let mut h = Harness::new(120, 30);
    std::fs::write(
        h.root().join("Board.md"),
        "# Board\n\n## Late\n```tasks\nnot done\ndue before today\n```\n\n\
## Waiting on others\n```tasks\nnot done\nis proposed\n```\n",
    )
    .unwrap();
    let index = triage::vault::scan(&h.root(), &h.app.cfg).expect("scan");
    h.app
        .on_feed(crate::tui::live::Feed::Ready(Box::new(index)));
    let tabs = h.screen().lines().nth(1).unwrap_or_default().to_string();
    assert!(
        tabs.contains(" Late ") && tabs.contains(" Waiting on others ") && !tabs.contains("#2"),
        "{tabs}"
    );
    // The tab shows its query above the list.
    h.keys("<s-tab><s-tab>");
    let screen = h.screen();
    assert!(screen.contains("not done; is proposed"), "{screen}");
}

#[test]
fn a_task_with_only_a_scheduled_date_is_placed_by_it() {
    let mut h = Harness::new(120, 30);
    std::fs::write(
        h.root().join("Plan.md"),
        "- [ ] Plan the week ⏳ 2026-11-23\n",
    )
    .unwrap();
    let index = triage::vault::scan(&h.root(), &h.app.cfg).expect("scan");
    h.app
        .on_feed(crate::tui::live::Feed::Ready(Box::new(index)));
    h.keys("hjj");
    let screen = h.screen();
    assert!(screen.contains("Today · 2"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("Plan the week"))
        .unwrap_or_default();
    assert!(row.contains("⏳2026-11-23"), "{screen}");
}
