//! A task whose line is 5 MB: selecting it, its detail pane and review mode must draw at once.
//! Guards the cut-before-wrap rule in the drawing code; never measures more than a hang guard.

use super::Harness;
use crate::tui::live::Feed;
use std::sync::mpsc;
use std::time::Duration;

/// Far longer than any test could wait for with per-character re-measuring, far shorter than a hang.
const HANG_GUARD: Duration = Duration::from_secs(120);

fn giant_note() -> String {
    let words = "lorem ".repeat((5 << 20) / 6);
    let solid = "x".repeat(5 << 20);
    format!(
        "# Giant\n\nA summary that goes on {words}\n\n## Action Items\n\
- [?] Giant proposal {words} @Myself #proposed\n- [ ] Solid {solid} @Myself\n"
    )
}

#[test]
fn a_five_megabyte_line_draws_in_the_detail_pane_and_review() {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut h = Harness::new(120, 35);
        std::fs::write(h.dir.path().join("Giant.md"), giant_note()).expect("write note");
        let index = triage::vault::scan(h.dir.path(), &h.app.cfg).expect("scan");
        h.app.on_feed(Feed::Ready(Box::new(index)));
        h.keys("/giant proposal<enter>");
        let detail = h.screen();
        h.keys("<esc>/solid<enter>");
        let solid = h.screen();
        h.keys("<esc>/giant<enter>R");
        let review = h.screen();
        // Ticking it off names the task in the status message, cut short.
        h.keys("q<esc>/solid<enter>x");
        let ticked = h.screen();
        let _ = tx.send((detail, solid, review, ticked));
    });
    let (detail, solid, review, ticked) = rx
        .recv_timeout(HANG_GUARD)
        .expect("drawing a 5 MB task line hung");
    assert!(detail.contains(" Detail "), "{detail}");
    assert!(detail.contains("Giant proposal lorem lorem"), "{detail}");
    assert!(detail.contains("Giant.md:6"), "{detail}");
    assert!(solid.contains("Solid xxxx"), "{solid}");
    assert!(review.contains("Review proposed"), "{review}");
    assert!(review.contains("Giant proposal lorem"), "{review}");
    assert!(review.contains("A summary that goes on lorem"), "{review}");
    assert!(
        ticked.contains("✓ done — Giant.md:7  Solid xxx"),
        "{ticked}"
    );
}

#[test]
fn wrap_and_fit_read_only_what_they_show() {
    use crate::tui::ui::{fit, wrap};
    let long = "ab ".repeat(2 << 20);
    let lines = wrap(&long, 10, 3);
    assert_eq!(lines, vec!["ab ab ab", "ab ab ab", "ab ab ab"]);
    assert_eq!(wrap("abcdefghijkl mn", 8, 5), vec!["abcdefgh", "ijkl mn"]);
    assert_eq!(wrap("", 8, 5), vec![""]);
    assert_eq!(fit(&long, 5), "ab a…");
    assert_eq!(fit("abc", 3), "abc");
    assert_eq!(fit("界界", 3), "界…");
    assert_eq!(fit("abc", 0), "");
}
