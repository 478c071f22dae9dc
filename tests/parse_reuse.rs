//! The parser's reused working memory changes nothing: a `TaskLine` or a `NameCache` that served
//! earlier lines and notes gives the same result as a fresh one.

use proptest::prelude::*;
use std::sync::Arc;
use triage::Config;
use triage::parse::{
    NameCache, count_tasks, parse_line, parse_line_into, parse_note, parse_note_with,
};

/// Lines and notes made of task syntax, fields, tags, owners, headings and mojibake.
fn text() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "- [ ] ",
        "- [x] ",
        "> * [?] ",
        "    - [ ] ",
        "1. [/] ",
        "# Heading\n",
        "## Heading ##\n",
        "📅 2026-01-05",
        "📅 2026-02-30",
        "⏫",
        "🔁 every week",
        "[due:: 2026-01-05]",
        "#tag",
        "#account/acme",
        "@Dana Reyes",
        "@[[A|B]]",
        " ^blk",
        "`code`",
        "‚Äô",
        "\u{F8FF}üìÖ 2026-01-12",
        "é",
        "\x1b[2J",
        " ",
        "text",
        "```\n",
        "```tasks\n",
        "---\n",
        "title: T\n",
        "\n",
        "\n",
    ]);
    let chunk = prop_oneof![
        8 => pieces.prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..4),
    ];
    prop::collection::vec(chunk, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_reused_task_line_reads_like_a_fresh_one(lines in prop::collection::vec(text(), 1..8)) {
        let mut reused = parse_line(b"- [ ] seed #a @B \xf0\x9f\x93\x85 2026-01-05 ^x").expect("task");
        for l in lines.iter().flat_map(|t| t.split(|b| *b == b'\n')) {
            let fresh = parse_line(l);
            let ok = parse_line_into(l, &mut reused);
            prop_assert_eq!(ok, fresh.is_some());
            if let Some(fresh) = fresh {
                prop_assert_eq!(&reused, &fresh);
            }
        }
    }

    #[test]
    fn a_shared_cache_parses_like_a_fresh_one(notes in prop::collection::vec(text(), 1..6)) {
        let cfg = Config::default();
        let mut cache = NameCache::default();
        for (i, bytes) in notes.iter().enumerate() {
            let path: Arc<str> = Arc::from(format!("Customers/n{i}.md"));
            let shared = parse_note_with(path.clone(), bytes, &cfg, &mut cache);
            let fresh = parse_note(path, bytes, &cfg);
            prop_assert_eq!(shared.tasks.len(), count_tasks(bytes, &cfg));
            prop_assert_eq!(shared, fresh);
        }
    }
}
