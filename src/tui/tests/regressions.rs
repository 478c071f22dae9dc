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
