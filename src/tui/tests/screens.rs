//! Whole-screen snapshots at fixed sizes with today pinned to 2026-11-23, one per screen a person
//! meets: each grouping, a saved view, the detail pane, a broken query, help, review, a narrow terminal.

use super::Harness;

pub fn snap(name: &str, screen: &str) {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../../../tests/snapshots");
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| insta::assert_snapshot!(name, screen));
}

#[test]
fn due_tab_groups_by_bucket() {
    let h = Harness::new(120, 35);
    let screen = h.screen();
    assert!(screen.contains("work-vault"));
    assert!(screen.contains("Mon 2026-11-23"));
    // 11 open tasks: Overdue 3 (11-19, 11-20, 11-21), Today 1, Tomorrow 1, Next 7 days 3, Later 1, No date 3.
    assert!(screen.contains("11 open"), "{screen}");
    assert!(screen.contains("3 overdue"), "{screen}");
    assert!(screen.contains("3 proposed"), "{screen}");
    let overdue = screen
        .lines()
        .find(|l| l.starts_with(" Overdue "))
        .unwrap_or_default();
    assert!(overdue.contains(" 3 │"), "{screen}");
    assert!(
        !screen.contains("Share the call recording"),
        "done tasks are not in the Due tab"
    );
    assert!(
        !screen.contains('\u{1b}'),
        "escape sequences never reach the screen"
    );
    snap("due_tab", &screen);
}

#[test]
fn owner_and_account_tabs() {
    let mut h = Harness::new(120, 35);
    h.keys("<tab>");
    let owner = h.screen();
    assert!(owner.contains("Dana Reyes"));
    assert!(owner.contains("Unassigned"));
    snap("owner_tab", &owner);
    h.keys("<tab>");
    let account = h.screen();
    assert!(account.contains("Example Co"));
    assert!(account.contains("Northwind"));
    assert!(account.contains("No account"));
    snap("account_tab", &account);
}

#[test]
fn saved_view_tab_runs_its_query() {
    let mut h = Harness::new(120, 30);
    h.keys("<tab><tab><tab>");
    let screen = h.screen();
    assert!(screen.contains(" Views "), "{screen}");
    assert!(
        !screen.contains("Book the onsite workshop"),
        "due 2026-12-14 is not before tomorrow"
    );
    snap("view_tab", &screen);
}

#[test]
fn picking_a_group_narrows_the_list() {
    let mut h = Harness::new(120, 35);
    h.keys("hj");
    let screen = h.screen();
    assert!(screen.contains("Overdue · 3"), "{screen}");
    assert!(!screen.contains("Plan the team offsite"));
    snap("group_picked", &screen);
}

#[test]
fn detail_pane_shows_fields_and_note_context() {
    let mut h = Harness::new(110, 40);
    h.keys("/integration brief<enter>");
    let screen = h.screen();
    assert!(screen.contains("Example Co strategy and next steps"));
    assert!(
        screen.contains("Customers/Example Co/2026-11-20 Strategy call.md:16"),
        "{screen}"
    );
    assert!(screen.contains("2 days overdue"));
    assert!(
        screen.contains("## Action Items"),
        "context lines around the task: {screen}"
    );
    snap("detail_pane", &screen);
}

#[test]
fn filter_bar_shows_a_query_error() {
    let mut h = Harness::new(100, 24);
    h.keys("/due befor tomorrow");
    let screen = h.screen();
    assert!(screen.contains("query line 1"), "{screen}");
    snap("filter_query_error", &screen);
}

#[test]
fn help_is_built_from_the_keymap() {
    let mut h = Harness::new(100, 45);
    h.keys("?");
    let screen = h.screen();
    assert!(screen.contains("toggle done"));
    assert!(screen.contains("x space"));
    assert!(screen.contains("Review mode"));
    snap("help", &screen);
}

#[test]
fn review_mode_shows_the_note_large() {
    let mut h = Harness::new(110, 35);
    h.keys("R");
    let screen = h.screen();
    assert!(screen.contains("Review proposed · 1 of 3"), "{screen}");
    assert!(
        screen.contains("Example Co wants the partner integration live"),
        "summary paragraph: {screen}"
    );
    snap("review", &screen);
}

#[test]
fn narrow_terminal_collapses_panes() {
    let mut h = Harness::new(120, 35);
    h.keys("jjj");
    h.resize(60, 15);
    let screen = h.screen();
    assert!(
        !screen.contains("│"),
        "no groups pane at 60 columns: {screen}"
    );
    assert!(screen.contains("[ ]"));
    snap("narrow_60x15", &screen);
    h.keys("<enter>");
    let detail = h.screen();
    assert!(detail.contains("Detail"), "{detail}");
    snap("narrow_60x15_detail", &detail);
}

#[test]
fn every_small_size_draws_without_panicking() {
    let mut h = Harness::new(120, 35);
    for keys in ["", "?", "<esc>R", "<esc>/due befor<enter>d"] {
        h.keys(keys);
        for w in [1, 2, 5, 10, 20, 40, 59, 60, 61, 79, 80, 100] {
            for ht in [1, 2, 3, 4, 5, 8, 12, 15, 16, 20, 24] {
                h.resize(w, ht);
                let screen = h.screen();
                assert_eq!(screen.lines().count(), ht as usize);
            }
        }
        h.resize(120, 35);
    }
}

#[test]
fn wide_terminal_gives_the_room_to_the_description() {
    let mut h = Harness::new(200, 60);
    let screen = h.screen();
    assert!(
        screen.contains("Draft the integration brief for the partner review "),
        "{screen}"
    );
    snap("wide_200x60", &screen);
    // Enough tabs to overflow: marked on the side where tabs are cut off.
    h.resize(40, 20);
    let narrow = h.screen();
    let tabs = narrow.lines().nth(1).unwrap_or_default();
    assert!(tabs.contains('›'), "{narrow}");
    h.keys("<s-tab>");
    let tabs = h.screen().lines().nth(1).unwrap_or_default().to_string();
    assert!(tabs.starts_with('‹'), "{tabs}");
}

#[test]
fn proposed_marks_look_the_same_for_both_forms() {
    let mut h = Harness::new(100, 24);
    h.keys("p");
    let screen = h.screen();
    // `[?] … #proposed` and `- [ ] … #proposed` (tag only) both read [?].
    assert!(
        screen.contains("[?] !!  Draft the integration brief"),
        "{screen}"
    );
    assert!(
        screen.contains("[?]     Send Northwind the renewal"),
        "{screen}"
    );
    assert!(
        screen.contains("[?]     Write a post about the onboarding"),
        "{screen}"
    );
    assert!(!screen.contains("[ ]"), "{screen}");
    snap("proposed_marks", &screen);
}
