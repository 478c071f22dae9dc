//! The one-pass description equals the general one (kept bytes → lossy UTF-8 → mojibake repair →
//! collapsed whitespace) on random task lines, including the cases where the two could part ways.

use proptest::prelude::*;
use triage::parse::{collapse_whitespace, mojibake, parse_line};

/// The description as §2.3 defines it, written the plain way: the reference for the fast path.
fn reference(line: &[u8]) -> Option<String> {
    let t = parse_line(line)?;
    let mut kept: Vec<u8> = Vec::new();
    let mut at = t.body.start;
    for h in t.hidden_spans(line) {
        if h.start > at {
            kept.extend_from_slice(line.get(at..h.start).unwrap_or_default());
        }
        kept.push(b' ');
        at = at.max(h.end);
    }
    if at < t.body.end {
        kept.extend_from_slice(line.get(at..t.body.end).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&kept);
    Some(collapse_whitespace(&mojibake::repair(&text)))
}

/// Task lines built from the pieces that steer the description: fields, trailing tags and
/// owners, code spans, block links, whitespace that only Unicode calls whitespace (U+000B, NBSP,
/// U+3000), mojibake (also of whitespace), emoji and invalid bytes.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        " ",
        "  ",
        "\t",
        "\u{0B}",
        "\u{0C}",
        "\u{A0}",
        "\u{3000}",
        "\u{85}",
        "Â\u{A0}",
        "â€ƒ",
        "‚Äô",
        "Itâ€™s",
        "CafÃ©",
        "\u{F8FF}üìÖ 2026-01-12",
        "üìÖ 2026-01-12",
        "ðŸ“… 2026-01-12",
        "📅 2026-01-12",
        "📅\u{FE0F} 2026-02-30",
        "⏫",
        "🔼",
        "🔁 every week",
        "🔁 every",
        "🆔 a-1",
        "⛔ a,b",
        "✅ 2026-01-05",
        "[due:: 2026-01-05]",
        "(priority:: high)",
        "[repeat:: every day]",
        "#tag",
        "#account/acme",
        "#",
        "#123",
        "@Dana",
        "@Dana Reyes",
        "@[[People/Sam|S]]",
        "@",
        " ^blk-1",
        "^x",
        "`",
        "`code #t @o`",
        "https://x.io/#a@b",
        "word",
        "é",
        "日本",
        "😀",
        "\r",
    ]);
    let chunk = prop_oneof![
        6 => pieces.prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..4),
    ];
    let head = prop::sample::select(vec!["- [ ] ", "- [x] ", "> * [?] ", "1. [/] ", "- [ ]"]);
    (head, prop::collection::vec(chunk, 0..16))
        .prop_map(|(h, body)| [h.as_bytes().to_vec(), body.concat()].concat())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn description_equals_the_general_definition(line in line()) {
        if let (Some(t), Some(want)) = (parse_line(&line), reference(&line)) {
            prop_assert_eq!(t.description(&line), want, "{:?}", String::from_utf8_lossy(&line));
        }
    }

    #[test]
    fn description_equals_it_on_any_bytes(line in prop::collection::vec(any::<u8>(), 0..80)) {
        let line = [b"- [ ] ".as_slice(), &line].concat();
        if let (Some(t), Some(want)) = (parse_line(&line), reference(&line)) {
            prop_assert_eq!(t.description(&line), want);
        }
    }
}

#[test]
fn whitespace_rule_follows_the_kept_text() {
    // U+000B is whitespace only when the kept text is not all ASCII; a hidden emoji field does
    // not count, a kept `é` does.
    for line in [
        "- [ ] a\u{0B}b 📅 2026-01-12 c",
        "- [ ] a\u{0B}b é",
        "- [ ] a\u{A0}b #t",
        "- [ ] Â\u{A0}x @Dana #t",
    ] {
        let t = parse_line(line.as_bytes()).expect("task");
        assert_eq!(
            Some(t.description(line.as_bytes())),
            reference(line.as_bytes()),
            "{line:?}"
        );
    }
    let t = parse_line("- [ ] a\u{0B}b 📅 2026-01-12".as_bytes()).expect("task");
    assert_eq!(
        t.description("- [ ] a\u{0B}b 📅 2026-01-12".as_bytes()),
        "a\u{0B}b"
    );
}
