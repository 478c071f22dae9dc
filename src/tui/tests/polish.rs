//! Small things a new user tripped over: help fits at 120 columns, long query errors are shown
//! whole, the opener's absence is named, and the grouping's own column is dropped for one group.

use super::Harness;

#[test]
fn help_fits_at_120_columns_and_says_m_moves_down() {
    let mut h = Harness::new(120, 45);
    h.keys("?");
    let screen = h.screen();
    assert!(screen.contains("for a bulk action, then move"), "{screen}");
    // Descriptions wrap instead of being cut: no line of the overlay ends in an ellipsis.
    let overlay: String = screen
        .lines()
        .filter_map(|l| l.split_once('│').map(|(_, rest)| rest.to_string()))
        .collect();
    assert!(!overlay.contains('…'), "{screen}");
    assert!(screen.contains("owner, account, note"), "{screen}");
    assert!(screen.contains("s j ↓ → space"), "{screen}");
}

#[test]
fn a_long_query_error_is_shown_whole_on_the_status_line() {
    let mut h = Harness::new(100, 24);
    h.keys("/due befor tomorrow");
    let error = format!("query {}", h.app.filter.error().expect("a query error"));
    let screen = h.screen();
    let status = screen.lines().last().unwrap_or_default();
    assert_eq!(status.trim_end(), error.trim_end(), "{screen}");
    let bar = screen.lines().nth(22).unwrap_or_default();
    assert!(bar.contains("query error (below)"), "{screen}");
}

#[test]
fn a_missing_opener_is_named() {
    let e = crate::tui::event::open_with("triage-no-such-opener", "obsidian://open?vault=v&file=a")
        .expect_err("no such program");
    assert_eq!(
        e,
        "no program to open obsidian:// links was found (tried triage-no-such-opener)"
    );
}

#[test]
fn the_grouping_column_is_dropped_when_one_group_is_picked() {
    let mut h = Harness::new(120, 35);
    h.keys("<tab>");
    let all = h.screen();
    let header = |s: &str| s.lines().nth(2).unwrap_or_default().to_string();
    assert!(header(&all).contains("owner"), "{all}");
    h.keys("hj");
    let one = h.screen();
    assert!(h.app.group.is_some());
    assert!(!header(&one).contains("owner"), "{one}");
    assert!(header(&one).contains("account"), "{one}");
    h.keys("<tab>");
    h.keys("hj");
    let acct = h.screen();
    assert!(!header(&acct).contains("account"), "{acct}");
    assert!(header(&acct).contains("owner"), "{acct}");
}
