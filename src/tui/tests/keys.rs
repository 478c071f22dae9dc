//! Key-sequence tests: drive the app as a person would, then read the note on disk.
//! Edits go through the real edit module, the undo journal lives in a temp state folder.

use super::{Harness, NOTES};
use crate::tui::prompt::Prompt;
use crate::tui::review::Review;
use crate::tui::worker::Effect;

const CALL: &str = "Customers/Example Co/2026-11-20 Strategy call.md";

fn line(h: &Harness, rel: &str, n: usize) -> String {
    h.note(rel)
        .lines()
        .nth(n - 1)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn toggle_done_writes_the_line_and_keeps_the_selection_sensible() {
    let mut h = Harness::new(120, 35);
    h.keys("/pricing follow-up<enter>x");
    assert_eq!(
        line(&h, CALL, 17),
        "- [x] Send the pricing follow-up to procurement @Dana Reyes 📅 2026-11-23 ⏫ #task ✅ 2026-11-23"
    );
    let status = h.app.status.clone().expect("a status message");
    assert!(!status.is_refusal(), "{status:?}");
    assert!(
        status.text.starts_with(
            "✓ done — Customers/Example Co/2026-11-20 Strategy call.md:17  Send the pricing"
        ),
        "{status:?}"
    );
    assert_eq!(h.app.store.counts.open, 10);
}

#[test]
fn accept_removes_the_proposed_marks() {
    let mut h = Harness::new(120, 35);
    h.keys("/integration brief<enter>a");
    assert_eq!(
        line(&h, CALL, 16),
        "- [ ] Draft the integration brief for the partner review @Myself 📅 2026-11-21 ⏫ #task"
    );
    assert_eq!(h.app.store.counts.proposed, 2);
}

#[test]
fn reject_cancels_with_todays_date() {
    let mut h = Harness::new(120, 35);
    h.keys("/renewal timeline<enter>r");
    let l = line(&h, "Meetings/2026-11-18 Weekly sync.md", 10);
    assert!(
        l.starts_with("- [-] Send Northwind the renewal timeline"),
        "{l}"
    );
    assert!(l.contains("❌ 2026-11-23"), "{l}");
}

#[test]
fn due_prompt_reads_relative_dates_and_refuses_nonsense() {
    let mut h = Harness::new(120, 35);
    h.keys("/onsite workshop<enter>dsoon<enter>");
    assert!(h.app.top_is::<Prompt>(), "a bad date keeps the prompt open");
    assert!(h.screen().contains("is not a date"));
    h.keys("<bs><bs><bs><bs>+3d<enter>");
    assert!(h.app.stack.is_empty());
    assert_eq!(
        line(&h, CALL, 18),
        "- [ ] Book the onsite workshop @Sam Okafor 📅 2026-11-26 #task"
    );
}

#[test]
fn undo_restores_the_note_byte_for_byte() {
    let mut h = Harness::new(120, 35);
    let before = h.note(CALL);
    h.keys("/onsite workshop<enter>x");
    assert_ne!(h.note(CALL), before);
    h.keys("u");
    assert_eq!(h.note(CALL), before);
    let status = h.app.status.clone().expect("status");
    assert!(
        status.text.starts_with("undo") || status.text.contains("toggle"),
        "{status:?}"
    );
}

#[test]
fn the_undo_history_undoes_a_picked_edit_and_redo_makes_it_again() {
    let mut h = Harness::new(120, 35);
    let before = h.note(CALL);
    let of = |text: &str, what: &str| {
        text.lines()
            .find(|l| l.contains(what))
            .unwrap_or_default()
            .to_string()
    };
    h.keys("/onsite workshop<enter>+<esc>");
    let raised = of(&h.note(CALL), "onsite workshop");
    assert_ne!(raised, of(&before, "onsite workshop"));
    h.keys("/pricing follow-up<enter>x<esc>");
    let ticked = of(&h.note(CALL), "pricing follow-up");
    assert!(ticked.starts_with("- [x]"), "{ticked}");
    // U lists the edits, newest first: the toggle, then the priority.
    h.keys("U");
    let screen = h.screen();
    assert!(screen.contains("Undo history"), "{screen}");
    let (toggle, prio) = (
        screen.find("toggle").unwrap(),
        screen.find("priority").unwrap(),
    );
    assert!(toggle < prio, "{screen}");
    // Down to the priority, enter: only that edit is taken back; the newer toggle stays.
    h.keys("j<enter>");
    let now = h.note(CALL);
    assert_eq!(of(&now, "onsite workshop"), of(&before, "onsite workshop"));
    assert_eq!(of(&now, "pricing follow-up"), ticked);
    // ctrl-y makes the priority again; two undos walk everything back.
    h.keys("<c-y>");
    assert_eq!(of(&h.note(CALL), "onsite workshop"), raised);
    h.keys("uu");
    assert_eq!(h.note(CALL), before);
}

#[test]
fn marked_tasks_change_together() {
    let mut h = Harness::new(120, 35);
    h.keys("/workshop<enter><esc>");
    // Mark the first two rows of the Due tab, then postpone both by a day.
    h.keys("ggmm");
    assert_eq!(h.app.marks.len(), 2);
    let targets = h.app.targets();
    h.keys("s");
    assert!(h.app.marks.is_empty());
    for t in targets {
        let l = line(&h, &t.path, t.line as usize);
        assert_ne!(
            Some(l.as_str()),
            t.text.as_deref(),
            "{} was not postponed",
            t.path
        );
    }
}

#[test]
fn priority_keys_step_the_ladder() {
    let mut h = Harness::new(120, 35);
    h.keys("/onsite workshop<enter>+");
    assert!(line(&h, CALL, 18).contains("🔼"), "{}", line(&h, CALL, 18));
}

#[test]
fn review_walks_the_proposed_tasks() {
    let mut h = Harness::new(120, 35);
    h.keys("R");
    let first = match h.app.find::<Review>() {
        Some(r) => r.items.len(),
        None => panic!("not in review"),
    };
    assert_eq!(first, 3);
    let shown = |h: &Harness| {
        h.app
            .find::<Review>()?
            .current()
            .and_then(|k| h.app.store.find(&k.path, k.line, &k.text))
            .map(|i| h.app.store.tasks[i].description().to_string())
    };
    let before = shown(&h);
    h.keys("a");
    assert!(
        shown(&h).is_some() && shown(&h) != before,
        "after accepting, the next task is shown"
    );
    assert!(h.screen().contains("2 of 3 · 1 accepted"));
    h.keys("s");
    h.keys("r");
    h.keys("q");
    assert!(h.app.stack.is_empty());
    // The due prompt works inside review too, and moves on: the skipped task is the only one left.
    h.keys("R");
    h.keys("d");
    assert!(h.screen().contains(" due › "), "{}", h.screen());
    h.keys("+3d<enter>");
    assert!(
        h.screen().contains("All 1 proposed tasks reviewed"),
        "{}",
        h.screen()
    );
    h.keys("q");
    let sync = h.note("Meetings/2026-11-18 Weekly sync.md");
    assert!(
        sync.contains("renewal timeline @Sam Okafor 📅 2026-11-26 #proposed"),
        "{sync}"
    );
    let all: String = NOTES.iter().map(|(p, _)| h.note(p)).collect();
    assert_eq!(
        all.matches("[?]").count(),
        1,
        "one accepted, one rejected, one skipped"
    );
    assert!(all.contains("- [-] "));
}

#[test]
fn a_task_changed_on_disk_keeps_the_selection() {
    let mut h = Harness::new(120, 35);
    // Select the workshop task in the unfiltered Due tab.
    while h
        .app
        .selected_task()
        .is_some_and(|t| !t.description().contains("workshop"))
    {
        h.keys("j");
    }
    let before = h.app.selected_task().map(|t| t.description().to_string());
    assert_eq!(before.as_deref(), Some("Book the onsite workshop"));
    // Another program adds a line above the task: it moves down one line.
    let path = h.root().join(CALL);
    let text = h.note(CALL).replace(
        "## Action Items\n",
        "## Action Items\n- [ ] A new first item\n",
    );
    std::fs::write(&path, text).unwrap();
    let entry = triage::vault::read_note(&h.root(), CALL.into(), &h.app.cfg).unwrap();
    h.app.on_feed(crate::tui::live::Feed::Updates(vec![
        triage::vault::NoteUpdate::Upsert(entry),
    ]));
    let after = h
        .app
        .selected_task()
        .map(|t| (t.description().to_string(), t.line));
    assert_eq!(after.as_ref().map(|a| a.0.clone()), before);
    assert_eq!(after.map(|a| a.1), Some(19));
}

#[test]
fn open_actions_ask_for_effects() {
    let mut h = Harness::new(120, 35);
    h.keys("/onsite<enter>eo");
    assert!(
        h.effects
            .iter()
            .any(|e| matches!(e, Effect::OpenEditor { line: 18, .. }))
    );
    assert!(h.effects.iter().any(|e| matches!(e, Effect::OpenUrl(u) if u.starts_with("obsidian://open?vault=work-vault&file=Customers%2FExample%20Co"))));
}

#[test]
fn filter_narrows_incrementally_and_queries_work() {
    let mut h = Harness::new(120, 35);
    h.keys("/pri");
    let broad = h.app.listing.rows.len();
    h.keys("cing");
    assert!(h.app.listing.rows.len() <= broad);
    assert_eq!(
        h.app.listing.rows.len(),
        2,
        "pricing follow-up and pricing memo"
    );
    h.keys("<esc>/owner is Myself; priority is above none<enter>");
    assert_eq!(h.app.listing.rows.len(), 1, "{:?}", h.app.filter.error());
    h.keys("<esc>p");
    assert_eq!(h.app.listing.rows.len(), 3, "proposed switch");
}

#[test]
fn config_keys_override_and_bad_ones_stop_the_program() {
    let mut cfg = triage::Config::default();
    cfg.keys.insert("toggle_done".into(), vec!["t".into()]);
    let mut h = Harness::with_config(120, 35, cfg);
    h.keys("/onsite<enter>x");
    assert!(
        line(&h, CALL, 18).starts_with("- [ ]"),
        "x no longer toggles"
    );
    h.keys("t");
    assert!(line(&h, CALL, 18).starts_with("- [x]"));
    assert!(h.screen().contains("t done") || h.app.status.is_some());
}

#[test]
fn a_bad_key_in_the_config_names_the_file_and_line() {
    let file = std::path::Path::new("/home/user/.config/triage/config.toml");
    let text = "me = [\"Myself\"]\n\n[keys]\naccept = [\"y\"]\ntoggle_done = [\"hyper-x\"]\n";
    let cfg = match triage::config::parse_str(text, file) {
        Ok(cfg) => cfg,
        // The config loader may refuse the key itself; then its message must carry the place.
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains("config.toml") && msg.contains('5'), "{msg}");
            return;
        }
    };
    let ctx = crate::cli::Ctx {
        config: cfg,
        today: super::today(),
        no_cache: true,
        ..Default::default()
    };
    let err = match crate::tui::build_app(&ctx, std::env::temp_dir()) {
        Ok(_) => panic!("a bad key must stop the program"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("config.toml line 5"), "{err}");
    assert!(err.contains("hyper-x"), "{err}");
}

#[test]
fn with_after_edit_task_the_selection_follows_a_task_whose_due_date_moved() {
    let mut cfg = triage::Config::default();
    cfg.ui.after_edit = triage::config::AfterEdit::Task;
    let mut h = Harness::with_config(120, 35, cfg);
    // Owner tab, Sam Okafor's tasks: the renewal timeline (11-25), then the workshop (12-14).
    h.keys("<tab>");
    while h
        .app
        .selected_task()
        .is_some_and(|t| !t.description().contains("renewal timeline"))
    {
        h.keys("j");
    }
    h.keys("d+30d<enter>");
    let t = h.app.selected_task().expect("a selection");
    assert_eq!(t.description(), "Send Northwind the renewal timeline");
    assert_eq!(
        t.dates.due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-23")
    );
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::new(120, 35);
    let at = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let areas = h.app.areas();
    let tasks = areas.tasks.expect("task pane");
    // The third task row (the pane's first line is the column header).
    h.app.on_mouse(at(
        MouseEventKind::Down(MouseButton::Left),
        tasks.x + 10,
        tasks.y + 3,
    ));
    assert_eq!(h.app.cursor, 2);
    h.app
        .on_mouse(at(MouseEventKind::ScrollDown, tasks.x + 10, tasks.y + 3));
    assert_eq!(h.app.cursor, 5);
    // Clicking "Overdue" in the groups pane narrows the list.
    let groups = areas.groups.expect("groups pane");
    h.app.on_mouse(at(
        MouseEventKind::Down(MouseButton::Left),
        groups.x + 2,
        groups.y + 2,
    ));
    assert_eq!(
        h.app.picked_group().map(|g| g.label.to_string()).as_deref(),
        Some("Overdue")
    );
    // Clicking the Owner tab switches to it.
    let screen = h.screen();
    let tab_row = screen
        .lines()
        .nth(areas.tabs.y as usize)
        .unwrap_or_default();
    let col = tab_row.find("Owner").expect("Owner tab") as u16;
    h.app.on_mouse(at(
        MouseEventKind::Down(MouseButton::Left),
        col + 1,
        areas.tabs.y,
    ));
    assert_eq!(h.app.tab, 1);
}

#[test]
fn help_opens_over_review_and_closes_back_to_it() {
    let mut h = Harness::new(120, 35);
    h.keys("R?");
    assert!(h.app.top_is::<crate::tui::help::Help>());
    assert!(h.screen().contains("Review mode"));
    h.keys("<esc>");
    assert!(h.app.top_is::<Review>(), "esc closes help only");
    assert!(h.screen().contains("Review proposed"));
}
