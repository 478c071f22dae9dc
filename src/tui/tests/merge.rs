//! The Owner and Account tabs' merge popup and group notes, driven by keys: the alias lands in the
//! config file with its comments kept, and the view regroups at once.

use super::Harness;
use crate::tui::app::Focus;
use crate::tui::merge::Merge;
use crate::tui::worker::Effect;
use std::sync::Arc;

fn on_owner_group(h: &mut Harness, group: &str) {
    h.keys("<tab>");
    assert_eq!(h.app.tabs[h.app.tab].title(), "Owner");
    h.app.focus = Focus::Groups;
    h.app.group = Some(Arc::from(group));
}

#[test]
fn merging_a_name_writes_the_alias_and_regroups() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "# mine, keep me\n[people.aliases]\n").expect("config");
    let cfg = triage::config::load(Some(&file)).expect("config loads");
    let mut h = Harness::with_config(120, 35, cfg);
    on_owner_group(&mut h, "Jon");
    h.keys("M");
    assert!(h.app.top_is::<Merge>(), "the popup opens");
    assert!(h.screen().contains("Merge Jon into"), "{}", h.screen());
    h.keys("Jon Stefansson<enter>");
    assert!(h.app.stack.is_empty());
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.starts_with("# mine, keep me\n"), "{text}");
    assert!(text.contains("Jon = \"Jon Stefansson\""), "{text}");
    let labels: Vec<&str> = h.app.listing.groups.iter().map(|g| &*g.label).collect();
    assert!(
        labels.contains(&"Jon Stefansson") && !labels.contains(&"Jon"),
        "{labels:?}"
    );
    let status = h.app.status.clone().expect("status");
    assert!(
        !status.is_refusal() && status.text.contains("alias written"),
        "{status:?}"
    );
}

#[test]
fn merge_is_refused_off_the_name_tabs_and_esc_cancels() {
    let mut h = Harness::new(120, 35);
    h.keys("M");
    assert!(h.app.stack.is_empty());
    assert!(h.app.status.clone().is_some_and(|s| s.is_refusal()));
    on_owner_group(&mut h, "Sam Okafor");
    h.keys("M<esc>");
    assert!(h.app.stack.is_empty());
}

#[test]
fn a_persons_group_opens_their_note_and_the_detail_pane_names_it() {
    let mut h = Harness::new(120, 35);
    on_owner_group(&mut h, "Dana Reyes");
    h.keys("e");
    assert!(
        h.effects.iter().any(
            |e| matches!(e, Effect::OpenEditor { path, .. } if &**path == "People/Dana Reyes.md")
        ),
        "{:?}",
        h.effects
    );
    h.app.focus = Focus::Tasks;
    h.app.clamp();
    assert!(
        h.screen().contains("person: People/Dana Reyes.md"),
        "{}",
        h.screen()
    );
}
