//! Property tests: the parsers never panic on arbitrary bytes, and every span lies on the line.

use proptest::prelude::*;
use std::sync::Arc;
use triage::Config;
use triage::parse::frontmatter::read_yaml;
use triage::parse::mojibake::{repair_note, runs_in_bytes};
use triage::parse::note::is_task_line;
use triage::parse::{parse_line, parse_note};

/// Bytes biased toward task syntax, field symbols and mojibake so the interesting paths run.
fn task_like() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "- [ ] ",
        "- [x] ",
        "> * [?] ",
        "12) [/] ",
        " ",
        "📅",
        "\u{FE0F}",
        "2026-02-30",
        "2026-01-05",
        "⏫",
        "🔁 every week",
        "[due:: ",
        "]",
        "(",
        ")",
        "#tag",
        "#",
        "@Dana Reyes",
        "@[[A|B]]",
        "@",
        " ^blk",
        "`",
        "``",
        "‚Äô",
        "\u{F8FF}üìÖ",
        "ðŸ“…",
        "üìÖ",
        "https://x.io/#a",
        "🆔 a-1",
        "⛔ a,b",
        "\r",
        "\t",
        "é",
        "%%",
        "<!--",
        "-->",
        "```",
        "~~~",
        "    ",
        "5. ",
        "-\n",
        "> > ",
        "<div>",
        "\n\n",
        "\n",
        "---\n",
    ]);
    let chunk = prop_oneof![
        3 => pieces.prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..6),
    ];
    prop::collection::vec(chunk, 0..24).prop_map(|v| v.concat())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

fn check_spans(line: &[u8]) {
    let Some(t) = parse_line(line) else { return };
    let n = line.len();
    let ok = |r: &std::ops::Range<usize>| r.start <= r.end && r.end <= n;
    assert!(ok(&t.indent) && ok(&t.marker) && ok(&t.status_span) && ok(&t.body));
    for f in &t.fields {
        assert!(ok(&f.span) && ok(&f.value), "{f:?}");
        assert!(f.span.start >= t.body.start && f.span.end <= t.body.end);
        assert!(f.value.start >= f.span.start && f.value.end <= f.span.end);
    }
    for r in t.tags.iter().chain(&t.mentions).chain(t.block_link.iter()) {
        assert!(ok(r));
    }
    for w in t.fields.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "fields overlap: {:?}",
            t.fields
        );
    }
    let _ = t.description(line);
    let _ = t.owner(line);
}

proptest! {
    // PROPTEST_CASES raises the count for a longer run; 2000 by default.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn parse_line_never_panics_on_bytes(line in prop::collection::vec(any::<u8>(), 0..200)) {
        check_spans(&line);
    }

    #[test]
    fn parse_line_spans_stay_on_task_like_lines(line in task_like()) {
        check_spans(&line);
    }

    #[test]
    fn parse_note_never_panics(bytes in task_like()) {
        let n = parse_note(Arc::from("p.md"), &bytes, &Config::default());
        let line_count = bytes.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        for t in &n.tasks {
            prop_assert!(t.line >= 1 && t.line <= line_count);
        }
        for f in &n.findings {
            prop_assert!(f.line <= line_count);
        }
        // Edits re-check a line with `is_task_line`: it must judge every line as the index did.
        for line in 1..=line_count {
            let indexed = n.tasks.iter().any(|t| t.line == line);
            prop_assert_eq!(is_task_line(&bytes, line), indexed, "line {}", line);
        }
    }

    #[test]
    fn repair_note_keeps_every_other_byte(bytes in task_like()) {
        if let Some(r) = repair_note(&bytes) {
            prop_assert!(!r.repairs.is_empty());
            prop_assert!(r.bytes.len() < bytes.len());
            prop_assert_eq!(r.bytes.iter().filter(|b| **b == b'\n').count(), bytes.iter().filter(|b| **b == b'\n').count());
        }
        let _ = runs_in_bytes(&bytes);
    }

    #[test]
    fn frontmatter_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_yaml(&bytes);
    }

    #[test]
    fn frontmatter_reader_on_yamlish_text(s in "[a-z:\\[\\]{}&*!|>'\"#, \n-]{0,120}") {
        let _ = read_yaml(s.as_bytes());
    }
}
